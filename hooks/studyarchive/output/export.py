"""archive.json: every built material with its metadata, items and links (schema: schema/archive.schema.json)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Collection, Iterator
from typing import IO, Any

from ..core.model import Archive, Item, ItemKey, Ledger, Material
from ..core.naming import item_ref
from ..core.vocab import Vocabulary

SCHEMA_VERSION = 1


def key_ref(material: Material, key: ItemKey) -> str:
    """"3" for an item of the same material, "2023-zhuti-2/zhangsan#3" for one of another."""
    return item_ref(None if key.material == material.path else key.material, key.item_id)


class Raw(str):
    """A value already written as JSON, as ``_dumps`` writes it: ``write`` writes it as it is."""


class MaterialMemo:
    """Under `serve`: each material's piece of archive.json, kept from one rebuild to the next with all it is made
    of (``_inputs``; the vocabulary's labels make the rest): a save writes again only the materials whose values
    changed, and the file, assembled from the pieces, has the bytes a fresh build writes."""

    def __init__(self) -> None:
        self.vocab: Vocabulary | None = None
        self.kept: dict[str, tuple[tuple, Raw]] = {}
        """Material path → (its inputs, its JSON)."""

    def start(self, vocab: Vocabulary, paths: Collection[str]) -> None:
        """A new build: a changed vocabulary makes every piece stale; deleted materials' pieces go."""
        if vocab != self.vocab:
            self.vocab, self.kept = vocab, {}
        self.kept = {path: kept for path, kept in self.kept.items() if path in paths}

    def piece(self, material: Material, vocab: Vocabulary, url: str) -> Raw:
        inputs = _inputs(material, url)
        kept = self.kept.get(material.path)
        piece = kept[1] if kept is not None and kept[0] == inputs else Raw(_dumps(_material(material, vocab, url)))
        # The new inputs even when equal: they share their texts with this build's archive; the old ones would
        # keep the previous build's texts alive.
        self.kept[material.path] = (inputs, piece)
        return piece


def _inputs(material: Material, url: str) -> tuple:
    """Every value of the material that ``_material`` reads (copied: the lists belong to this build's objects)."""
    return (url, material.meta, [(i.kind, i.id, i.title, i.text, i.start.line, i.area, i.area_index,
                                  tuple(i.answered_by), tuple(i.answers), i.ledger) for i in material.items])


def export(archive: Archive, vocab: Vocabulary, url_of: Callable[[str], str], memo: MaterialMemo | None = None) -> dict[str, Any]:
    """The archive as plain data; ``url_of`` maps a docs-relative path to its site-relative URL. The
    materials come one at a time, as ``write`` writes them: the whole list would double the build's memory.
    With ``memo`` (`serve`) each comes already written as JSON (``Raw``), from the previous build where it can."""
    ordered = sorted(archive.materials.items())
    if memo is None:
        return {"version": SCHEMA_VERSION, "materials": (_material(m, vocab, url_of(m.path)) for _, m in ordered)}
    memo.start(vocab, archive.materials)
    return {"version": SCHEMA_VERSION, "materials": (memo.piece(m, vocab, url_of(m.path)) for _, m in ordered)}


def _dumps(value: Any) -> str:
    # Sorted keys, fixed separators: two builds of the same input are byte-identical. No indentation: only
    # then does json use its C encoder, five times faster on a large archive (browsers show it indented).
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(fh: IO[str], data: dict[str, Any]) -> None:
    """``data`` as JSON, byte for byte as ``json.dumps`` would write it; a value that is an iterator is
    written as a list, one element at a time, and an element that is ``Raw`` as it is."""
    fh.write("{")
    for n, key in enumerate(sorted(data)):
        value = data[key]
        fh.write(("," if n else "") + _dumps(key) + ":")
        if isinstance(value, Iterator):
            fh.write("[")
            for i, element in enumerate(value):
                if i:
                    fh.write(",")
                fh.write(element if isinstance(element, Raw) else _dumps(element))  # not added to ",": a copy
            fh.write("]")
        else:
            fh.write(_dumps(value))
    fh.write("}\n")


def dumps(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    write(buffer, data)
    return buffer.getvalue()


def _material(material: Material, vocab: Vocabulary, url: str) -> dict[str, Any]:
    meta = material.meta
    return {
        "path": material.path,
        "url": url,
        "title": meta.title,
        "doc_type": meta.doc_type,
        "doc_type_label": vocab.label("doc_types", meta.doc_type),
        "member": meta.member,
        "branch": meta.branch,
        "branch_label": vocab.label("branches", meta.branch),
        "campaign": meta.campaign,
        "campaign_label": vocab.label("campaigns", meta.campaign) or None,
        "year": meta.year,
        "date": meta.date.isoformat(),
        "meeting_type": meta.meeting_type,
        "classification": meta.classification,
        "audience": meta.audience,
        "status": meta.status,
        "template": meta.template,
        "tags": list(meta.tags),
        "problems": [_item(i, url) | {"area": i.area, "area_index": i.area_index,
                                      "measures": [key_ref(material, k) for k in sorted(i.answered_by)]}
                     for i in material.items_of("problem")],
        "causes": [_item(i, url) for i in material.items_of("cause")],
        "measures": [_item(i, url) | {"problems": [key_ref(material, k) for k in i.answers], "ledger": _ledger(i.ledger)} for i in material.items_of("measure")],
    }


def _ledger(entry: Ledger | None) -> dict[str, Any] | None:
    """The measure's ledger entry as written; open and overdue counts are in the top-level "ledger"."""
    if entry is None:
        return None
    return {
        "owner": entry.owner,
        "deadline": entry.deadline.isoformat() if entry.deadline else None,
        "deadline_text": entry.deadline_text,
        "status": entry.status,
        "completed": entry.completed.isoformat() if entry.completed else None,
        "note": entry.note,
        "source": entry.source,
        "line": entry.line,
    }


def _item(item: Item, url: str) -> dict[str, Any]:
    return {"id": item.id, "anchor": item.anchor, "title": item.title, "text": item.text, "line": item.start.line, "url": f"{url}#{item.anchor}"}
