"""HTML that the archive generates, kept out of Markdown and put back into the page afterwards.

Python-Markdown feeds every tag of a page through Python's HTMLParser twice (md_in_html, then MkDocs'
own pass over raw HTML), which made the archive's generated tables, links and anchors cost five times
the Markdown of the materials themselves. So the page's Markdown carries a short token instead, which
Markdown passes through as plain text, and ``restore`` swaps each token for its HTML in the converted
page. A token is made of two private-use characters around a number; authors' text cannot forge one
(``strip`` replaces those characters in it), and a token of another page's numbering is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

OPEN, CLOSE = "\ue000", "\ue001"
_TOKEN_RE = re.compile(f"<p>{OPEN}(\\d+){CLOSE}</p>|{OPEN}(\\d+){CLOSE}")
_CHARS_RE = re.compile(f"[{OPEN}{CLOSE}]")
# A generated page's raw HTML blocks: a chunk between blank lines that starts with one of these tags.
_BLOCK_RE = re.compile(r"<(?:table|p|ul|ol|div|figure|dl|details|section)\b")
_CHUNKS_RE = re.compile(r"\n[ \t]*\n")

Html = str | Callable[[], str]
"""The HTML itself, or a function that makes it when the page is restored (a bound volume needs the
other pages' HTML, which exists only once they are converted)."""


class Fragments:
    """The generated HTML of one page, by token number."""

    def __init__(self) -> None:
        self.parts: list[Html] = []

    def inline(self, html: Html) -> str:
        """A token for HTML inside a paragraph, a list item or a table cell."""
        self.parts.append(html)
        return f"{OPEN}{len(self.parts) - 1}{CLOSE}"

    def block(self, html: Html) -> str:
        """A token as a paragraph of its own: it comes back as the HTML block, without the <p>."""
        return f"\n\n{self.inline(html)}\n\n"

    def defer_blocks(self, markdown: str) -> str:
        """Every raw HTML block of generated Markdown (tables, lists, paragraphs of links) as a token."""
        chunks = _CHUNKS_RE.split(markdown)
        for n, chunk in enumerate(chunks):
            if _BLOCK_RE.match(chunk.lstrip()):
                chunks[n] = self.inline(chunk.strip())
        return "\n\n".join(chunks)

    def restore(self, page_html: str) -> str:
        return _TOKEN_RE.sub(self._put, page_html) if self.parts else page_html

    def pieces(self, page_html: str) -> Iterator[str]:
        """restore()'s page in order, a piece at a time ("".join gives it): a large index page is compressed
        as it is restored (speedups.Held), never whole in memory."""
        if not self.parts:
            yield page_html
            return
        at = 0
        for m in _TOKEN_RE.finditer(page_html):
            yield page_html[at:m.start()]
            yield self._put(m)
            at = m.end()
        yield page_html[at:]

    def _put(self, m: re.Match) -> str:
        n = int(m.group(1) or m.group(2))
        if n >= len(self.parts):
            return ""
        part = self.parts[n]
        return part if isinstance(part, str) else part()


def strip(text: str) -> str:
    """Authors' text with the characters tokens are made of replaced, one for one (columns stay valid)."""
    return _CHARS_RE.sub("\ufffd", text) if OPEN in text or CLOSE in text else text
