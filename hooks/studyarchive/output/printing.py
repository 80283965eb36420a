"""Printing as an official document: print-only marks on a material's page, and the bound volume (汇编).

Pure: HTML or Archive in, HTML or Markdown out (with fragments.py tokens). The look itself is docs/assets/print.css; the server-side
PDF (WeasyPrint) is pdf.py.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..core.escaping import EMPTY, Html
from ..core.model import Archive, Material
from ..core.naming import page_url
from ..core.people import name_key
from ..core.vocab import Vocabulary
from .fragments import Fragments
from .render import relative_url

VOLUME_ROOT = "indexes/print"

# An element that starts with a section's or an area's anchor: 一、存在问题 / （一）理论学习方面, also when
# written as a plain paragraph. Items' anchors inside it mean the heading runs on into the text.
# Anchors in a volume carry the material's prefix (v3-sec-problems).
_HEADED = re.compile(r'<(p|li|h[1-6])((?:\s[^>]*)?)>(\s*<a\b[^>]*\bid="(?:v\d+-)?(sec|area)-[^"]*"[^>]*>)(.*?)</\1>', re.S)
_ITEM_ANCHOR = re.compile(r'\bid="(?:v\d+-)?(?:problem|cause|measure)-')
_TAG = re.compile(r"<[^>]+>")
_HEADING_CHARS = 40
# What the website adds below a material's text (the cross-link table, issue 6's ledger): not on paper.
_WEB_TAIL = re.compile(r'<h2\b[^>]*>\s*<a\b[^>]*\bid="ar-(?:crosslinks|ledger)"')
_ID_RE = re.compile(r'(\sid=)"([^"]*)"')
# The space before the attribute is part of the match: a look-behind there ((?<=\s)) left the expression no
# character to search for first, and scanning the volumes' HTML took three times as long.
_URL_ATTR_RE = re.compile(r'(\s)(href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def mark_for_print(page_html: str) -> Html:
    """Classes print.css styles: ar-level-1 (一、 黑体) and ar-level-2 (（一） 楷体) on headings written as
    plain paragraphs; the web-only tail of the page wrapped in ar-web-only. ``page_html`` is a page as Markdown
    converted it and the sanitizer cleaned it (never a member's raw text): markup, which this only adds to."""

    def mark(m: re.Match) -> str:
        attrs, rest = m.group(2), m.group(5)
        text = _TAG.sub("", rest).strip()
        if _ITEM_ANCHOR.search(rest) or len(text) > _HEADING_CHARS:
            return m.group(0)
        level = "ar-level-1" if m.group(4) == "sec" else "ar-level-2"
        if ' class="' in attrs:
            attrs = attrs.replace(' class="', f' class="{level} ', 1)
        else:
            attrs += f' class="{level}"'
        whole, at = m.group(0), m.start(0)  # the element as it was, its attributes replaced
        return whole[: m.start(2) - at] + attrs + whole[m.end(2) - at:]

    out = Html(_HEADED.sub(mark, page_html))
    tail = _WEB_TAIL.search(out)
    if tail:
        out = Html('%s<div class="ar-web-only">%s</div>') % (Html(out[: tail.start()]), Html(out[tail.start():]))
    return out


# --- the bound volume (汇编) --------------------------------------------------------------------

def volume_path(campaign: str) -> str:
    return f"{VOLUME_ROOT}/{campaign}.md"


def volume_title(campaign: str, vocab: Vocabulary) -> str:
    return f"{vocab.label('campaigns', campaign)}材料汇编"


def volume_materials(archive: Archive, vocab: Vocabulary, order: str = "strokes") -> dict[str, list[Material]]:
    """Campaign id → its materials as a volume binds them: the branch's own first, then the members in
    姓氏笔画 (or pinyin) order, each member's by document type as the vocabulary lists them, then date."""
    key = name_key(order)
    type_order = {t: n for n, t in enumerate(vocab.doc_types)}

    def place(m: Material) -> tuple:
        return (m.meta.member is not None, key(m.meta.member or ""), type_order.get(m.meta.doc_type, len(type_order)), m.meta.date, m.path)

    out: dict[str, list[Material]] = {}
    for campaign in vocab.campaigns:
        found = sorted((m for m in archive.materials.values() if m.meta.campaign == campaign), key=place)
        if found:
            out[campaign] = found
    return out


def volume_markdown(campaign: str, materials: list[Material], vocab: Vocabulary, frags: Fragments,
                    part: Callable[[int, Material], str]) -> str:
    """The whole volume as one page: cover, contents, then every material from a new odd page.

    ``part(n, material)`` gives the n-th material's HTML as its own page shows it (see ``volume_part``),
    when the page is restored: the materials are converted from Markdown once, for their own pages."""
    title = volume_title(campaign, vocab)
    branches = "、".join(dict.fromkeys(vocab.label("branches", m.meta.branch) for m in materials))
    last = max(m.meta.date for m in materials)
    marking = Counter(m.meta.classification for m in materials).most_common(1)[0][0]
    out = [
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n",
        # The cover stays in the Markdown: the theme looks for its <h1> to know the page has a title.
        Html('<div class="ar-cover">\n'
             '<div class="ar-marking">%s</div>\n'
             '<p class="ar-cover-branch">%s</p>\n'
             '<h1 class="ar-cover-title">%s<br>材料汇编</h1>\n'
             '<p class="ar-cover-date">%d年%d月</p>\n'
             "</div>\n") % (marking, branches, vocab.label("campaigns", campaign), last.year, last.month),
    ]
    entries = EMPTY.join(Html('<li><a href="#v%d">%s</a></li>\n') % (n, toc_label(m, vocab)) for n, m in enumerate(materials, 1))
    toc = Html('<div class="ar-toc ar-recto">\n<h2 class="ar-toc-title">目\u3000录</h2>\n<ol>\n%s</ol>\n</div>') % entries
    out.append(frags.block(toc))
    # mypy cannot infer the type of a lambda whose defaults bind loop values: hence the ignore[misc] below.
    for n, m in enumerate(materials, 1):
        out.append(frags.block(lambda n=n, m=m: Html('<div class="ar-part ar-recto" id="v%d"></div>\n%s') % (n, part(n, m))))  # type: ignore[misc]
    return "".join(out)


def volume_part(page_html: str, source_url: str, volume_url: str, prefixes: dict[str, str]) -> Html:
    """A material's page HTML moved into the volume: without the web-only tail (cross-link table, ledger),
    its ids with the material's prefix (v3-problem-1-1), links into materials of the volume pointing into
    the volume, other relative links and images recomputed from the volume's URL.

    ``prefixes``: site-relative URL of each material in the volume → its prefix."""
    tail = page_html.find('<div class="ar-web-only">')
    if tail >= 0:
        page_html = page_html[:tail]
    own = prefixes[source_url]
    page_html = _ID_RE.sub(lambda m: f'{m.group(1)}"{own}{m.group(2)}"', page_html)

    def move(m: re.Match) -> str:
        space, attr, target = m.group(1), m.group(2), m.group(3)
        target = html.unescape(target) if "&" in target else target
        path, hash_, fragment = target.partition("#")
        if not path:
            return space + _ATTR % (attr, "#" + own + fragment) if fragment and attr == "href" else m.group(0)
        if _SCHEME.match(path) or path.startswith("/"):
            return m.group(0)
        full = _join_url(source_url, path)
        if attr == "href" and full in prefixes:
            return space + _ATTR % (attr, "#" + (prefixes[full] + fragment if fragment else prefixes[full].rstrip("-")))
        return space + _ATTR % (attr, relative_url(volume_url, full) + hash_ + fragment)

    # The material's page as converted and sanitized (markup, not a member's text), its URLs moved.
    return Html(_URL_ATTR_RE.sub(move, page_html))


_ATTR = Html('%s="%s"')


@lru_cache(maxsize=4096)
def _join_url(base: str, path: str) -> str:
    """A relative URL resolved against a page's site-relative URL (a/wang/ or a/wang.html); the same few links
    recur in every material of a volume."""
    folder = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
    joined = posixpath.normpath(folder + path)
    joined = "" if joined == "." else joined
    return joined + "/" if path.endswith("/") and joined else joined


def toc_label(m: Material, vocab: Vocabulary) -> str:
    """A contents entry short enough for one printed line (titles run long): 王建国\u3000个人对照检查材料."""
    who = m.meta.member or vocab.label("branches", m.meta.branch)
    return f"{who}\u3000{vocab.label('doc_types', m.meta.doc_type)}"


def volume_pages(archive: Archive, vocab: Vocabulary, order: str, url_of: Callable[[str], str],
                 html_of: Callable[[str], str], directory_urls: bool = True) -> Iterable[tuple[str, str, str, Fragments]]:
    """(path, title, Markdown, its fragments) of each campaign's volume. ``url_of`` gives a material's
    site-relative URL, ``html_of`` its page's HTML (asked for only when the volume is restored)."""
    for campaign, materials in volume_materials(archive, vocab, order).items():
        path, frags = volume_path(campaign), Fragments()
        here = page_url(path, directory_urls)
        prefixes = {url_of(m.path): f"v{n}-" for n, m in enumerate(materials, 1)}

        def part(n: int, m: Material, here: str = here, prefixes: dict[str, str] = prefixes) -> Html:
            return volume_part(html_of(m.path), url_of(m.path), here, prefixes)

        yield path, volume_title(campaign, vocab), volume_markdown(campaign, materials, vocab, frags, part), frags
