"""A material's page as Markdown: header, the text as written with anchors, links both ways.

Pure: Material + Archive in, Markdown out. Links to other materials are relative ``.md`` links,
so MkDocs itself resolves them to URLs and checks them.
"""

from __future__ import annotations

import html
import posixpath
import re

from .model import KIND_LABEL, Archive, Item, ItemKey, Marker, Material, Pos
from .vocab import Vocabulary

MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#])")
H1_RE = re.compile(r"^#\s+\S")
DATE_LINE_RE = re.compile(r"^[\s*_]*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月(?:\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)?[\s*_]*$")


def md_text(text: str) -> str:
    """Text that Markdown shows literally (titles inside link labels and table cells)."""
    return MD_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "<>&" else html.escape(m.group(1)), text)


def link_to(source: Material, target_path: str, anchor: str) -> str:
    if target_path == source.path:
        return f"#{anchor}"
    rel = posixpath.relpath(target_path, posixpath.dirname(source.path) or ".")
    return f"{rel}#{anchor}"


def item_link(archive: Archive, vocab: Vocabulary, source: Material, key: ItemKey) -> str:
    target = archive.lookup(key)
    assert target is not None
    label = f"{target.label} {target.title}"
    if key.material != source.path:
        label = f"{material_label(archive.materials[key.material], vocab)} · {label}"
    return f"[{md_text(label)}]({link_to(source, key.material, target.anchor)})"


def material_label(material: Material, vocab: Vocabulary) -> str:
    """张三 · 2023年第二批主题教育: how a link names another material."""
    meta = material.meta
    parts = [meta.member or vocab.label("branches", meta.branch), vocab.label("campaigns", meta.campaign) or str(meta.year)]
    return " · ".join(p for p in parts if p)


def nav_title(material: Material, vocab: Vocabulary) -> str:
    """Short title for navigation and the browser tab: 王建国 · 个人对照检查材料."""
    meta = material.meta
    if meta.member and vocab.doc_types[meta.doc_type].personal:
        return f"{meta.member} · {vocab.label('doc_types', meta.doc_type)}"
    return meta.title


def render_material(material: Material, archive: Archive, vocab: Vocabulary, summary_table: bool = True) -> str:
    """The page's Markdown; ``summary_table=False`` leaves out the cross-link table below the text (bound volumes)."""
    lines = material.body.split("\n")
    edits: list[tuple[Pos, int, int, str]] = []  # (where, priority, length replaced, new text)

    def edit(pos: Pos, priority: int, text: str, length: int = 0) -> None:
        edits.append((pos, priority, length, text))

    for section in material.sections:
        edit(section.start, 0, anchor_html(section.anchor))
        for n, (_, where, _) in enumerate(section.areas, 1):
            edit(where, 0, anchor_html(f"area-{n}"))
    for item in material.items:
        edit(item.start, 1, anchor_html(item.anchor))
        links = item_links(item, material, archive, vocab)
        if links:
            edit(item.end, 3, print_ref(item, material, archive, vocab) + f' <span class="ar-links">{links}</span>')
    for marker, anchor, _ in material.mentions:
        if anchor.startswith("ref-"):
            edit(marker.start, 1, anchor_html(anchor))
    for marker in material.markers:
        edit(marker.start, 2, marker_markdown(marker, material, archive), len(marker.text))

    # Apply from the end of the text backwards so that earlier columns stay valid.
    for pos, _, length, text in sorted(edits, key=lambda e: (e[0].line, e[0].col, e[1]), reverse=True):
        index = pos.line - material.body_line
        line = lines[index]
        lines[index] = line[: pos.col] + text + line[pos.col + length:]
    tail = summary(material, archive, vocab) if summary_table else ""
    return header(material, vocab, lines) + "\n".join(lines).rstrip() + "\n" + signature(material, vocab) + tail


def anchor_html(anchor: str) -> str:
    return f'<a id="{anchor}" class="ar-anchor"></a>'


def item_links(item: Item, material: Material, archive: Archive, vocab: Vocabulary) -> str:
    parts: list[str] = []
    if item.kind == "problem":
        label = "整改措施"
        keys = sorted(item.answered_by)
        parts.append(f'{label}：' + ("；".join(item_link(archive, vocab, material, k) for k in keys) if keys else "（尚无）"))
    elif item.answers:
        parts.append("针对问题：" + "；".join(item_link(archive, vocab, material, k) for k in item.answers))
    if item.mentioned_by:
        mentions = []
        for mention in sorted(item.mentioned_by, key=lambda m: (m.material, m.anchor)):
            source = archive.materials[mention.material]
            text = f"{material_label(source, vocab)} · {mention.context}"
            mentions.append(f"[{md_text(text)}]({link_to(material, mention.material, mention.anchor)})")
        parts.append("相关记录：" + "；".join(mentions))
    return "<br>".join(parts)


def print_ref(item: Item, material: Material, archive: Archive, vocab: Vocabulary) -> str:
    """On paper a problem's links become a plain reference, e.g. （见措施3）: an empty span whose title
    print.css shows, so the screen and the search index keep only the links. Measures need none: the
    markers that link them (【针对问题：1.1】) are in their text."""
    if item.kind != "problem" or not item.answered_by:
        return ""
    refs = []
    for key in sorted(item.answered_by):
        target = archive.lookup(key)
        assert target is not None
        ref = f"{KIND_LABEL[target.kind]}{target.id}"
        if key.material != material.path:
            ref = f"{material_label(archive.materials[key.material], vocab)} {ref}"
        refs.append(ref)
    return f'<span class="ar-ref" title="（见{html.escape("、".join(refs))}）"></span>'


def signature(material: Material, vocab: Vocabulary) -> str:
    """署名 and 成文日期 for paper (print.css hides them on screen, where the header shows both), unless the
    text already ends with a date."""
    last = next((line.strip() for line in reversed(material.body.split("\n")) if line.strip()), "")
    if DATE_LINE_RE.match(last):
        return ""
    meta = material.meta
    name = meta.member or vocab.label("branches", meta.branch)
    day = f"{meta.date.year}年{meta.date.month}月{meta.date.day}日"
    return f'\n<div class="ar-signature"><p>{html.escape(name)}</p><p>{day}</p></div>\n'


def marker_markdown(marker: Marker, material: Material, archive: Archive) -> str:
    """The marker as written, its numbers turned into links."""
    if not marker.refs:
        return md_text(marker.text)
    links = []
    for ref in marker.refs:
        token = f"{ref.material}#{ref.item_id}" if ref.material else ref.item_id
        key = material.resolved.get(ref)
        target = archive.lookup(key) if key else None
        links.append(f"[{md_text(token)}]({link_to(material, key.material, target.anchor)})" if key and target else md_text(token))
    head = marker.text[: marker.text.index(marker.refs[0].verb) + 4]
    joined = "、".join(links)
    return f"{head}：{joined}】" if marker.text.startswith("【") else f"{head}{joined}"


def header(material: Material, vocab: Vocabulary, lines: list[str]) -> str:
    """Marking, title and metadata; the title is kept where the author wrote it as an H1."""
    meta = material.meta
    rows = [
        ("党员", meta.member or ""),
        ("支部", vocab.label("branches", meta.branch)),
        ("批次", vocab.label("campaigns", meta.campaign)),
        ("会议类型", vocab.label("meeting_types", meta.meeting_type)),
        ("文档类型", vocab.label("doc_types", meta.doc_type)),
        ("年度", f"{meta.year}年度"),
        ("日期", f"{meta.date.year}年{meta.date.month}月{meta.date.day}日"),
    ]
    cells = "".join(f'<div><dt>{k}</dt><dd>{html.escape(v)}</dd></div>' for k, v in rows if v)
    badges = '<span class="ar-template">范本</span>' if meta.template else ""
    top = f'<div class="ar-marking">{html.escape(meta.classification)}</div>\n\n'
    if meta.status == "draft":
        top = '<div class="ar-draft">草稿：只在本机预览中显示，不会发布到网站。</div>\n\n' + top
    meta_block = f'\n\n<dl class="ar-meta">{cells}</dl>{badges}\n\n'
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and H1_RE.match(lines[first]):
        lines.insert(first + 1, meta_block)
        return top
    return top + f"# {md_text(meta.title)}" + meta_block


def summary(material: Material, archive: Archive, vocab: Vocabulary) -> str:
    """The cross-links below the text: each problem with its measures, each measure with its problems."""
    problems, measures = material.items_of("problem"), material.items_of("measure")
    if not problems and not measures:
        return ""
    out = ["", '## <a id="ar-crosslinks" class="ar-anchor"></a>问题与整改措施对照', "", "| 问题 | 整改措施 |", "| --- | --- |"]
    for item in problems:
        own = f"[{md_text(item.label + ' ' + item.title)}](#{item.anchor})"
        answers = "<br>".join(item_link(archive, vocab, material, k) for k in sorted(item.answered_by)) or "（尚无）"
        out.append(f"| {own} | {answers} |")
    other = [m for m in measures if any(k.material != material.path for k in m.answers)]
    if other:
        out += ["", "本材料中针对其他材料问题的整改措施：", ""]
        for item in other:
            targets = "；".join(item_link(archive, vocab, material, k) for k in item.answers)
            out.append(f"- [{md_text(item.label + ' ' + item.title)}](#{item.anchor})：{targets}")
    return "\n".join(out) + "\n"


def error_box(errors: list, text: str | None = None) -> str:
    """Under `serve`: the errors of a material at the top of its page; its text below when it cannot be read."""
    rows = "".join(f"<li>{html.escape(str(d))}</li>" for d in errors)
    box = f'<div class="ar-error"><p><strong>本材料有错误，改正后才能正式发布：</strong></p><ul>{rows}</ul></div>\n\n'
    if text is None:
        return box
    return box + "<pre class=\"ar-source\">" + html.escape(text) + "</pre>\n"
