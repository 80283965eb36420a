"""archive.json: every built material with its metadata, items and links (schema: schema/archive.schema.json)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from ..core.model import Archive, Item, ItemKey, Ledger, Material
from ..core.naming import item_ref
from ..core.vocab import Vocabulary

SCHEMA_VERSION = 1


def key_ref(material: Material, key: ItemKey) -> str:
    """"3" for an item of the same material, "2023-zhuti-2/zhangsan#3" for one of another."""
    return item_ref(None if key.material == material.path else key.material, key.item_id)


def export(archive: Archive, vocab: Vocabulary, url_of: Callable[[str], str]) -> dict[str, Any]:
    """The archive as plain data; ``url_of`` maps a docs-relative path to its site-relative URL. The
    materials come one at a time, as ``write`` writes them: the whole list would double the build's memory."""
    materials = (_material(m, vocab, url_of(m.path)) for _, m in sorted(archive.materials.items()))
    return {"version": SCHEMA_VERSION, "materials": materials}


def _dumps(value: Any) -> str:
    # Sorted keys, fixed separators: two builds of the same input are byte-identical. No indentation: only
    # then does json use its C encoder, five times faster on a large archive (browsers show it indented).
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(fh: IO[str], data: dict[str, Any]) -> None:
    """``data`` as JSON, byte for byte as ``json.dumps`` would write it; a value that is an iterator is
    written as a list, one element at a time."""
    fh.write("{")
    for n, key in enumerate(sorted(data)):
        value = data[key]
        fh.write(("," if n else "") + _dumps(key) + ":")
        if isinstance(value, Iterator):
            fh.write("[")
            for i, element in enumerate(value):
                fh.write(("," if i else "") + _dumps(element))
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
