"""Resolve markers into links both ways and report dangling or missing links.

Two phases, as in mkdocs-autorefs: every material is parsed first (record), then links are
resolved against the whole archive (resolve), so a marker may point into any other material.
"""

from __future__ import annotations

from .diagnostics import Diagnostic, suggest
from .model import KIND_LABEL, Archive, Item, ItemKey, Marker, Material, Mention

ANSWER_VERBS = ("针对", "对应")


def attach_markers(material: Material) -> None:
    """Give each marker to the item it is written in, or make it a mention with its own anchor."""
    for marker in material.markers:
        item = _item_at(material, marker)
        if item is not None and item.kind == "measure" and all(r.verb in ANSWER_VERBS and r.kind == "problem" for r in marker.refs):
            item.refs.extend(marker.refs)
            continue
        anchor = item.anchor if item is not None else f"ref-{len(material.mentions) + 1}"
        context = f"{item.label} {item.title}" if item is not None else _section_title(material, marker)
        material.mentions.append((marker, anchor, context))


def _item_at(material: Material, marker: Marker) -> Item | None:
    key = (marker.start.line, marker.start.col)
    for item in material.items:
        if (item.start.line, item.start.col) <= key < (item.end.line, item.end.col):
            return item
    return None


def _section_title(material: Material, marker: Marker) -> str:
    title = ""
    for section in material.sections:
        if (section.start.line, section.start.col) <= (marker.start.line, marker.start.col):
            title = section.title
    return title or material.meta.title


def link(archive: Archive) -> None:
    """Fill answered_by / answers / mentioned_by; report unknown targets and unanswered problems."""
    by_name = {m.ref_name: m for m in archive.materials.values()}
    for material in archive.materials.values():
        for item in material.items:
            for ref in item.refs:
                key = _resolve(archive, by_name, material, ref.material, ref.kind, ref.item_id, ref.line)
                if key is not None:
                    item.answers.append(key)
                    target = archive.lookup(key)
                    assert target is not None
                    target.answered_by.append(ItemKey(material.path, item.kind, item.id))
        for marker, anchor, context in material.mentions:
            for ref in marker.refs:
                key = _resolve(archive, by_name, material, ref.material, ref.kind, ref.item_id, ref.line)
                target = archive.lookup(key) if key else None
                if target is not None:
                    target.mentioned_by.append(Mention(material.path, anchor, context))
    for material in archive.materials.values():
        for item in material.items_of("problem"):
            if not item.answered_by:
                measures = [m.id for m in material.items_of("measure")]
                hint = f"请在对应的整改措施末尾加上“【针对问题：{item.id}】”" + (f"（本材料的措施：{'、'.join(measures)}）。" if measures else "；本材料还没有识别出整改措施。")
                archive.diagnostics.append(Diagnostic(material.source_path, item.start.line, f"问题 {item.id}“{item.title}”没有对应的整改措施。{hint}", "warning"))


def _resolve(archive: Archive, by_name: dict[str, Material], source: Material, name: str | None, kind: str, item_id: str, line: int) -> ItemKey | None:
    target = source if name is None else by_name.get(name.strip("/").removeprefix("docs/").removesuffix(".md"))
    label = KIND_LABEL[kind]
    if target is None:
        archive.diagnostics.append(Diagnostic(source.source_path, line, f"引用了不存在的材料“{name}”；请写 docs/ 下的路径、不带 .md，例如：{suggest(name or '', sorted(by_name), limit=5)}。"))
        return None
    if target.item(kind, item_id) is None:
        known = [i.id for i in target.items_of(kind)]
        where = "本材料" if target is source else f"材料“{target.ref_name}”"
        choices = f"已有的{label}编号：{'、'.join(known)}" if known else f"{where}中没有识别出任何{label}"
        archive.diagnostics.append(Diagnostic(source.source_path, line, f"{label} {item_id} 不存在（{where}）；{choices}。"))
        return None
    return ItemKey(target.path, kind, item_id)
