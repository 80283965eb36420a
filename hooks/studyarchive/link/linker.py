"""Resolve markers into links both ways and report dangling or missing links.

Two phases, as in mkdocs-autorefs: every material is parsed first (record), then links are
resolved against the whole archive (resolve), so a marker may point into any other material.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.diagnostics import Diagnostic, echo, suggest
from ..core.model import KIND_LABEL, Archive, Item, ItemKey, Marker, Material, Mention

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
    """Fill answered_by / answers / mentioned_by; report unknown targets."""
    by_name = {m.ref_name: m for m in archive.materials.values()}
    for material in archive.materials.values():
        for item in material.items:
            for ref in item.refs:
                key = _resolve(archive, by_name, material, ref.material, ref.kind, ref.item_id, ref.line)
                if key is not None:
                    material.resolved[ref] = key
                    item.answers.append(key)
                    target = archive.lookup(key)
                    assert target is not None
                    target.answered_by.append(ItemKey(material.path, item.kind, item.id))
        for marker, anchor, context in material.mentions:
            for ref in marker.refs:
                key = _resolve(archive, by_name, material, ref.material, ref.kind, ref.item_id, ref.line)
                if key is not None:
                    material.resolved[ref] = key
                    target = archive.lookup(key)
                    assert target is not None  # _resolve returns only keys of items that exist
                    target.mentioned_by.append(Mention(material.path, anchor, context))


def check_visibility(archive: Archive) -> None:
    """A link may not lead from a page more people see to one fewer people see (it would leak or break)."""
    by_name = {m.ref_name: m for m in archive.materials.values()}
    for material in archive.materials.values():
        refs = [r for item in material.items for r in item.refs] + [r for marker, _, _ in material.mentions for r in marker.refs]
        for ref in refs:
            target = by_name.get(_name(ref.material)) if ref.material else None
            if target is None:
                continue
            if target.meta.audience == "committee" and material.meta.audience != "committee":
                archive.diagnostics.append(Diagnostic(material.source_path, ref.line, f"材料“{target.ref_name}”仅支委可见，全体党员可见的材料不能链接它；请删去这个引用。"))
            elif target.meta.status == "draft" and material.meta.status != "draft":
                archive.diagnostics.append(Diagnostic(material.source_path, ref.line, f"材料“{target.ref_name}”还是草稿，不会发布；定稿的材料不能链接它。请等它定稿后再引用。"))


def _name(written: str | None) -> str:
    """A material as a marker names it: docs-relative, without .md (docs/ and .md tolerated)."""
    return (written or "").strip("/").removeprefix("docs/").removesuffix(".md")


def restrict(archive: Archive, visible: Callable[[Material], bool]) -> None:
    """Keep only the materials this site shows, and forget every link that came from the others."""
    hidden = {path for path, m in archive.materials.items() if not visible(m)}
    archive.hidden = sorted(hidden)
    for path in hidden:
        del archive.materials[path]
    for material in archive.materials.values():
        for item in material.items:
            item.answered_by = [k for k in item.answered_by if k.material not in hidden]
            item.mentioned_by = [m for m in item.mentioned_by if m.material not in hidden]


def report_unanswered(archive: Archive) -> None:
    """Every problem needs a measure (问题逐条对应整改措施): a warning, so a strict build fails."""
    for material in archive.materials.values():
        for item in material.items_of("problem"):
            if not item.answered_by:
                measures = [m.id for m in material.items_of("measure")]
                hint = f"请在对应的整改措施末尾加上“【针对问题：{item.id}】”" + (f"（本材料的措施：{'、'.join(measures)}）。" if measures else "；本材料还没有识别出整改措施。")
                archive.diagnostics.append(Diagnostic(material.source_path, item.start.line, f"问题 {item.id}“{echo(item.title)}”没有对应的整改措施。{hint}", "warning"))


def _resolve(archive: Archive, by_name: dict[str, Material], source: Material, name: str | None, kind: str, item_id: str, line: int) -> ItemKey | None:
    target = source if name is None else by_name.get(_name(name))
    label = KIND_LABEL[kind]
    if target is None:
        archive.diagnostics.append(Diagnostic(
            source.source_path, line,
            f"引用了不存在的材料“{echo(name)}”；请写 docs/ 下的路径、不带 .md，例如：{suggest(name or '', sorted(by_name), limit=5)}。"))
        return None
    if target.item(kind, item_id) is None:
        known = [i.id for i in target.items_of(kind)]
        where = "本材料" if target is source else f"材料“{target.ref_name}”"
        choices = f"已有的{label}编号：{'、'.join(known)}" if known else f"{where}中没有识别出任何{label}"
        archive.diagnostics.append(Diagnostic(source.source_path, line, f"{label} {item_id} 不存在（{where}）；{choices}。"))
        return None
    return ItemKey(target.path, kind, item_id)
