"""What the outline recogniser found in a material, as lines of Chinese text for the secretary to check.

One function, ``outline_report``, used by `archive outline`, at the end of `archive import` and (as a
collapsible block) at the top of a material's page under `mkdocs serve`: sections, areas, every item with
its id, line and first words, its links; the lines of a section that belong to no item (they stay in the
page as text); and where the recogniser had to guess (``Outline.guesses``).
"""

from __future__ import annotations

from ..core.model import KIND_LABEL, Item, Material
from ..core.naming import item_ref
from ..link.proposals import explained_proposals
from ..parse.markers import PROPOSAL_RE, find_markers
from ..parse.outline import Outline, scan_lines

SECTION_LABEL = {"problems": "问题部分", "causes": "原因部分", "measures": "措施部分", "other": "其他内容，不拆分"}
GUESS_LABEL = {
    "lead-in": "条目列表是从引导语（如“主要有以下几点：”）推断出来的",
    "combined-heading": "一行里合写了两级标题，已拆成两行理解",
}
"""What each kind of ``Outline.guesses`` entry means; an unknown kind is printed as written."""
FIRST_WORDS = 20


def material_outline(material: Material) -> Outline:
    """The material's outline, with the reasons for the links the import guessed from shared characters."""
    return Outline(material.sections, material.items, material.guesses + explained_proposals(material.items))


def outline_report(body: str, body_line: int, outline: Outline) -> list[str]:
    """The recognised tree, one line each, indented by two spaces a level; line numbers are the file's."""
    out: list[str] = []
    sections = sorted(outline.sections, key=lambda s: s.start.line)
    if not sections:
        out.append("没有识别出小标题（如“一、存在问题”），全文作为正文显示，不拆分问题、原因和措施。")
    items = sorted(outline.items, key=lambda i: (i.start.line, i.start.col))
    headings = {s.start.line for s in sections} | {pos.line for s in sections for _, pos, _ in s.areas}
    loose = unplaced(body, body_line, outline, headings)
    for n, section in enumerate(sections):
        end = sections[n + 1].start.line if n + 1 < len(sections) else None
        mine = [i for i in items if i.start.line >= section.start.line and (end is None or i.start.line < end)
                and (i.start.line, i.start.col) >= (section.start.line, section.start.col)]
        out.append(f"第 {section.start.line} 行  {section.title}（{SECTION_LABEL[section.kind]}）")
        base = _area_base(section, outline)
        areas = {base + index: (label, pos) for index, (label, pos, _) in enumerate(section.areas, 1)}
        rows: list[tuple[int, int, str]] = []  # (line, order on that line, text): the section's lines in file order
        for index, (label, pos) in areas.items():
            empty = "" if any(i.area_index == index for i in mine) else "（其中没有识别出问题）"
            rows.append((pos.line, 0, f"  第 {pos.line} 行  检视方面 {index}：{label}{empty}"))
        for order, item in enumerate(mine, 1):
            indent = "    " if item.area_index in areas else "  "
            rows.append((item.start.line, order, f"{indent}第 {item.start.line} 行  {item.label}  {_first_words(item.title)}{_links(item)}"))
        rows += [(line, 0, f"  第 {line} 行  未归入问题、原因或措施（保留为说明文字）：“{_first_words(text, 30)}”")
                 for line, text in loose if line > section.start.line and (end is None or line < end)]
        out += [text for _, _, text in sorted(rows)]
        if section.kind != "other" and not mine:
            out.append(f"  其中没有识别出{ {'problems': '问题', 'causes': '原因', 'measures': '措施'}[section.kind] }")
    out += [f"推测：第 {line} 行{GUESS_LABEL.get(kind, kind).rstrip('。')}，请核对。" for line, kind in sorted(outline.guesses)]
    return out


def _area_base(section, outline: Outline) -> int:
    """Areas are numbered across the material (（一）… in a second problems section continues): the
    number of areas in the problems sections before this one."""
    base = 0
    for s in outline.sections:
        if s is section:
            return base
        base += len(s.areas)
    return base


def unplaced(body: str, body_line: int, outline: Outline, headings: set[int]) -> list[tuple[int, str]]:
    """Lines inside a problems, causes or measures section that belong to no item (they stay as text)."""
    sections = sorted(outline.sections, key=lambda s: s.start.line)
    if not sections:
        return []
    covered: set[int] = set()
    for item in outline.items:
        covered.update(range(item.start.line, item.end.line + 1))
    out = []
    for line in scan_lines(body):
        at = body_line + line.index
        if at in headings or at in covered:
            continue
        owner = None
        for s in sections:
            if s.start.line <= at:
                owner = s
        if owner is not None and owner.kind != "other":
            out.append((at, line.text[line.content:].strip()))
    return out


def _first_words(text: str, limit: int = FIRST_WORDS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _links(item: Item) -> str:
    """The item's markers as written in its text: answers, other links, proposals still to confirm."""
    parts: list[str] = []
    for text in item.text.split("\n"):
        for marker in find_markers(text, 0, "", []):
            for verb in dict.fromkeys(r.verb for r in marker.refs):
                refs = [r for r in marker.refs if r.verb == verb]
                names = "、".join(item_ref(r.material, r.item_id) for r in refs)
                parts.append(f"{verb}{KIND_LABEL[refs[0].kind]} {names}")
        for m in PROPOSAL_RE.finditer(text):
            parts.append(f"建议{m.group(1)}{m.group(2)} {m.group(3).strip(' ：:')}（待确认）")
    if not parts and item.kind == "measure":
        return " → 没有写对应的问题"
    return " → " + "；".join(parts) if parts else ""
