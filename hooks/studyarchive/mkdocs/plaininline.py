"""Python-Markdown's inline stage, skipped for text in which no inline pattern can match.

Python-Markdown tries each of its inline patterns (links, emphasis, code, entities …), one after the other
and with a few microseconds of Python around each try, on every text of every page. Nine texts in ten of
a material are plain Chinese sentences that none of them can match: the tries took about 0.5 s of a
1,000-material build, more than the archive's cross-links. Before the inline stage, such a text is marked
``AtomicString`` (Python-Markdown's own mark for "no inline patterns here"); after it, the mark is taken
off again, so that later steps see the tree they always saw. The HTML is the same, byte for byte
(tests/test_plaininline.py converts generated edge cases both ways; tests/test_corpus.py builds a site both ways).

Which texts can match is decided from the patterns actually registered: each built-in pattern needs a
character it starts with (``[`` for links, ``<`` for HTML …); a pattern this module does not know (from
an extension in mkdocs.yml) is tried with its own regular expression, so that it still sees every text
it could match.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown, inlinepatterns, util
from markdown.treeprocessors import InlineProcessor, Treeprocessor

# A literal that each built-in pattern's expression cannot match without (by its expression's source).
_NEEDS = {
    inlinepatterns.BACKTICK_RE: "`",
    inlinepatterns.ESCAPE_RE: "\\",
    inlinepatterns.LINK_RE: "[",  # also REFERENCE_RE
    inlinepatterns.IMAGE_LINK_RE: "[",  # also IMAGE_REFERENCE_RE: `![`
    inlinepatterns.AUTOLINK_RE: "<",
    inlinepatterns.AUTOMAIL_RE: "<",
    inlinepatterns.HTML_RE: "<",
    inlinepatterns.ENTITY_RE: "&",
    inlinepatterns.LINE_BREAK_RE: "  \n",
}


class _Plain(util.AtomicString):
    """Marked by this module: unmarked after the inline stage."""


INLINE_PRIORITY = 20
"""Where Python-Markdown registers its inline stage; the marking runs just before it, the unmarking just after."""


class _Mark(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.marked: list[etree.Element] = []

    def run(self, root: etree.Element) -> None:
        self.marked = []
        inline = self.md.treeprocessors["inline"] if "inline" in self.md.treeprocessors else None  # noqa: SIM401 (a Registry has no get())
        if type(inline) is not InlineProcessor:
            return  # another extension has its own inline stage: leave it every text
        needs = can_match(self.md.inlinePatterns)
        if needs is None:
            return
        for element in root.iter():
            text = element.text
            if text and type(text) is str and not needs(text):
                element.text = _Plain(text)
                self.marked.append(element)


class _Unmark(Treeprocessor):
    def __init__(self, md: Markdown, mark: _Mark) -> None:
        super().__init__(md)
        self.mark = mark

    def run(self, root: etree.Element) -> None:
        for element in self.mark.marked:
            if type(element.text) is _Plain:
                element.text = str(element.text)
        self.mark.marked = []


def split(patterns) -> tuple[list[str], list[re.Pattern]]:
    """The literals that the known patterns need, and the expressions of the patterns not known here."""
    literals = [util.STX]  # placeholders of stashed HTML: left to Python-Markdown
    others: list[re.Pattern] = []
    delimiters = getattr(inlinepatterns, "DelimiterProcessor", ())  # Python-Markdown 3.11's emphasis
    for pattern in patterns:
        compiled = pattern.getCompiledRegExp()
        if delimiters and isinstance(pattern, delimiters):
            literals.extend(token[:1] for token in pattern.tokens if token)
        elif compiled.pattern in _NEEDS and isinstance(pattern, inlinepatterns.InlineProcessor):
            literals.append(_NEEDS[compiled.pattern])
        else:
            others.append(compiled)  # tried with its own expression
    return list(dict.fromkeys(literals)), others


def can_match(patterns) -> Callable[[str], object] | None:
    """A test (truthy: yes) whether any of these inline patterns can match a text; None when every text must be tried."""
    literals, others = split(patterns)
    if len(others) > 4:
        return None  # testing many unknown patterns would cost what skipping saves
    first = re.compile("|".join(re.escape(literal) for literal in literals))
    if not others:
        return first.search  # a match or None: the usual case, without a Python call around it
    return lambda text: first.search(text) is not None or any(r.search(text) for r in others)


class PlainTextExtension(Extension):
    """Marks the texts no inline pattern can match before Python-Markdown's inline stage, unmarks them after."""

    def extendMarkdown(self, md: Markdown) -> None:
        mark = _Mark(md)
        md.treeprocessors.register(mark, "archive_plain_mark", INLINE_PRIORITY + 0.001)
        md.treeprocessors.register(_Unmark(md, mark), "archive_plain_unmark", INLINE_PRIORITY - 0.001)
