"""Printing as an official document: print-only marks on a material's page, and the bound volume (汇编).

Pure: HTML or Archive in, HTML or Markdown out. The look itself is docs/assets/print.css; the server-side
PDF (WeasyPrint) is pdf.py.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections import Counter
from collections.abc import Iterable

from .model import Archive, Material
from .people import name_key
from .render import render_material
from .vocab import Vocabulary

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
_ANCHOR = re.compile(r'<a id="([^"]+)" class="ar-anchor">')
_MD_LINK = re.compile(r"\]\(([^()\s]*)\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def mark_for_print(page_html: str) -> str:
    """Classes print.css styles: ar-level-1 (一、 黑体) and ar-level-2 (（一） 楷体) on headings written as
    plain paragraphs; the web-only tail of the page wrapped in ar-web-only."""

    def mark(m: re.Match) -> str:
        tag, attrs, anchor, kind, rest = m.groups()
        text = _TAG.sub("", rest).strip()
        if _ITEM_ANCHOR.search(rest) or len(text) > _HEADING_CHARS:
            return m.group(0)
        level = "ar-level-1" if kind == "sec" else "ar-level-2"
        if ' class="' in attrs:
            attrs = attrs.replace(' class="', f' class="{level} ', 1)
        else:
            attrs += f' class="{level}"'
        return f"<{tag}{attrs}>{anchor}{rest}</{tag}>"

    out = _HEADED.sub(mark, page_html)
    tail = _WEB_TAIL.search(out)
    if tail:
        out = out[: tail.start()] + '<div class="ar-web-only">' + out[tail.start():] + "</div>"
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


def volume_markdown(campaign: str, materials: list[Material], archive: Archive, vocab: Vocabulary) -> str:
    """The whole volume as one page: cover, contents, then every material from a new odd page."""
    page = volume_path(campaign)
    prefixes = {m.path: f"v{n}-" for n, m in enumerate(materials, 1)}
    title = volume_title(campaign, vocab)
    branches = "、".join(dict.fromkeys(vocab.label("branches", m.meta.branch) for m in materials))
    last = max(m.meta.date for m in materials)
    marking = Counter(m.meta.classification for m in materials).most_common(1)[0][0]
    out = [
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n",
        '<div class="ar-cover">\n'
        f'<div class="ar-marking">{html.escape(marking)}</div>\n'
        f'<p class="ar-cover-branch">{html.escape(branches)}</p>\n'
        f'<h1 class="ar-cover-title">{html.escape(vocab.label("campaigns", campaign))}<br>材料汇编</h1>\n'
        f'<p class="ar-cover-date">{last.year}年{last.month}月</p>\n'
        "</div>\n\n",
        '<div class="ar-toc ar-recto">\n<h2 class="ar-toc-title">目\u3000录</h2>\n<ol>\n',
    ]
    for n, m in enumerate(materials, 1):
        out.append(f'<li><a href="#v{n}">{html.escape(toc_label(m, vocab))}</a></li>\n')
    out.append("</ol>\n</div>\n\n")
    for n, m in enumerate(materials, 1):
        text = rebase(render_material(m, archive, vocab, summary_table=False), m.path, page, prefixes)
        out.append(f'<div class="ar-part ar-recto" id="v{n}"></div>\n\n{text.strip()}\n\n')
    return "".join(out)


def toc_label(m: Material, vocab: Vocabulary) -> str:
    """A contents entry short enough for one printed line (titles run long): 王建国\u3000个人对照检查材料."""
    who = m.meta.member or vocab.label("branches", m.meta.branch)
    return f"{who}\u3000{vocab.label('doc_types', m.meta.doc_type)}"


def rebase(markdown: str, source: str, page: str, prefixes: dict[str, str]) -> str:
    """A material's Markdown moved into the volume page: its anchors get the material's prefix, links to
    materials of the volume point into the volume, other relative links are recomputed from the page."""
    own = prefixes[source]
    markdown = _ANCHOR.sub(lambda m: f'<a id="{own}{m.group(1)}" class="ar-anchor">', markdown)

    def link(m: re.Match) -> str:
        target = m.group(1)
        path, hash_, fragment = target.partition("#")
        if not path:
            return f"](#{own}{fragment})" if fragment else m.group(0)
        if _SCHEME.match(path) or path.startswith("/"):
            return m.group(0)
        full = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if full in prefixes:
            return f"](#{prefixes[full]}{fragment})" if fragment else f"](#{prefixes[full].rstrip('-')})"
        moved = posixpath.relpath(full, posixpath.dirname(page))
        return f"]({moved}{hash_}{fragment})"

    return _MD_LINK.sub(link, markdown)


def volume_pages(archive: Archive, vocab: Vocabulary, order: str = "strokes") -> Iterable[tuple[str, str, str]]:
    """(path, title, Markdown) of each campaign's volume."""
    for campaign, materials in volume_materials(archive, vocab, order).items():
        yield volume_path(campaign), volume_title(campaign, vocab), volume_markdown(campaign, materials, archive, vocab)

