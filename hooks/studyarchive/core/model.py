"""The plain data model passed between the stages (read → parse → link → render/export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .diagnostics import Diagnostic

ItemKind = Literal["problem", "cause", "measure"]
SectionKind = Literal["problems", "causes", "measures", "other"]

KIND_LABEL: dict[str, str] = {"problem": "问题", "cause": "原因", "measure": "措施"}
LABEL_KIND: dict[str, str] = {v: k for k, v in KIND_LABEL.items()}


def _by_fields(self: object) -> tuple[type, tuple[object, ...]]:
    """``__reduce__`` of the frozen dataclasses below: unpickled as one call with their fields, not through
    dataclasses' slot-by-slot ``__setstate__``, 2.5 times as fast. `serve` unpickles every unchanged file's parse on
    each save (ParseCache), and Pos, Ref and Marker are most of its objects (0.3 s at 1,000 materials)."""
    return (type(self), tuple(getattr(self, name) for name in type(self).__slots__))  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Ledger:
    """A measure's entry in the rectification ledger (整改台账), as written (see ledger.py)."""

    line: int
    owner: str | None = None
    """责任人 as written; several people are separated by 、."""
    deadline: dt.date | None = None
    """整改时限 as a date (2024年3月底 → 2024-03-31); None for 立行立改 / 长期坚持 / not given."""
    deadline_text: str | None = None
    """整改时限 as written, e.g. "2024年3月底", "立行立改", "长期坚持"."""
    status: str | None = None
    """未启动 / 整改中 / 已完成 / 长期坚持."""
    completed: dt.date | None = None
    note: str | None = None
    source: str = "text"
    """Where it was written: "text" (in the measure) or "front_matter" (the ledger key)."""

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class Report:
    """A later material's report on a measure (【落实措施：…】 in 上年度问题整改落实情况), see ledger.attach_reports."""

    material: str
    """The reporting material's path (docs-relative, with .md)."""
    anchor: str
    """Where on its page the report is (the marker's anchor)."""
    date: dt.date
    text: str
    """The report's wording, without its markers."""
    status: str
    """The status its wording maps to (ledger.report_status)."""

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class Meta:
    """Validated front matter; vocabulary values are ids, labels are looked up in the vocabulary."""

    title: str
    doc_type: str
    date: dt.date
    year: int
    branch: str
    member: str | None = None
    campaign: str | None = None
    meeting_type: str | None = None
    classification: str = "内部"
    audience: str = "members"
    status: str = "final"
    template: bool = False
    tags: tuple[str, ...] = ()
    ledger: tuple[tuple[str, Ledger], ...] = ()
    """The front matter's ledger (整改台账) key: (measure id, entry) pairs."""

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in the source file: 1-based line, 0-based column in that line."""

    line: int
    col: int

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class Ref:
    """A marker such as 【针对问题：1.1】 naming an item, here or in another material."""

    verb: str
    """针对 / 对应 / 落实 / 见: 针对 and 对应 from a measure to a problem mean "answers"."""
    kind: str
    """problem / cause / measure: the kind of the item it names."""
    material: str | None
    """Target material as written (docs-relative, without .md); None for this material."""
    item_id: str
    line: int

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class Marker:
    """One marker in the text, with the span it covers (rewritten into links on the page)."""

    start: Pos
    end: Pos
    refs: tuple[Ref, ...]
    text: str

    __reduce__ = _by_fields


@dataclass(slots=True)
class Item:
    """A problem, cause or measure recognised in the outline."""

    kind: ItemKind
    id: str
    """问题 1.2 → "1.2" (area 1, point 2); 原因 2 → "2"; 措施 3 → "3"."""
    title: str
    """The point's first sentence, without its numbering."""
    text: str
    start: Pos
    """Where the point starts (its numbering)."""
    end: Pos
    """Where its text ends (exclusive)."""
    area: str | None = None
    area_index: int | None = None
    refs: list[Ref] = field(default_factory=list)
    # Filled by the linker: items that answer this one / that this one answers, and mentions.
    answered_by: list[ItemKey] = field(default_factory=list)
    answers: list[ItemKey] = field(default_factory=list)
    mentioned_by: list[Mention] = field(default_factory=list)
    ledger: Ledger | None = None
    """A measure's ledger entry, attached by ledger.attach_ledgers."""
    reports: list[Report] = field(default_factory=list)
    """Later materials' reports on this measure, oldest first (ledger.attach_reports)."""

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id.replace('.', '-')}"

    @property
    def label(self) -> str:
        return f"{KIND_LABEL[self.kind]} {self.id}"


@dataclass(frozen=True, order=True, slots=True, repr=False)
class ItemKey:
    """An item anywhere in the archive: material path (docs-relative, with .md) + kind + id."""

    material: str
    kind: str
    item_id: str

    __reduce__ = _by_fields

    def __repr__(self) -> str:
        # The preview digests every material's links on each save (incremental.material_state): the repr dataclass
        # writes guards against recursion, which three strings do not need, and takes twice as long.
        return f"ItemKey({self.material!r}, {self.kind!r}, {self.item_id!r})"


@dataclass(frozen=True, slots=True)
class Mention:
    """A marker outside a measure's answer (e.g. 上年度整改落实情况 → last year's measure)."""

    material: str
    anchor: str
    context: str
    """The section or item where it was written, for the backlink's text."""

    __reduce__ = _by_fields


@dataclass(slots=True)
class Section:
    kind: SectionKind
    title: str
    start: Pos
    anchor: str
    heading_level: int = 0
    """Markdown heading level, 0 when written as a plain paragraph."""
    areas: list[tuple[str, Pos, int]] = field(default_factory=list)
    """(label, where, heading level) of each area in a problems section."""
    implied: bool = False
    """Found from a lead-in sentence or a sub-heading of a combined heading, not from a heading of its own:
    the text stays a paragraph as written (archive import makes no heading of it)."""


@dataclass(slots=True)
class Material:
    path: str
    """docs-relative path with forward slashes, e.g. ``2023-zhuti-2/zhangsan.md``."""
    source_path: str
    """How messages name the file, e.g. ``docs/2023-zhuti-2/zhangsan.md``."""
    meta: Meta
    body: str
    body_line: int
    """File line number of the body's first line."""
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    mentions: list[tuple[Marker, str, str]] = field(default_factory=list)
    """Markers outside measures: (marker, anchor id placed at it, context label)."""
    resolved: dict[Ref, ItemKey] = field(default_factory=dict)
    """What each marker's reference points to, filled by the linker."""
    guesses: list[tuple[int, str]] = field(default_factory=list)
    """Where the outline was guessed (outline.Outline.guesses): (file line, kind), for the outline report."""

    def items_of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def item(self, kind: str, item_id: str) -> Item | None:
        for i in self.items:
            if i.kind == kind and i.id == item_id:
                return i
        return None

    @property
    def ref_name(self) -> str:
        """How other materials name this one in markers: the path without .md."""
        return self.path[:-3] if self.path.endswith(".md") else self.path


@dataclass
class Archive:
    """Everything one build knows: made fresh for every build."""

    materials: dict[str, Material] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    """Materials left out of this site (committee-only in the members' site, drafts)."""

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.diagnostics if d.level == "error")

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.diagnostics if d.level == "warning")

    def lookup(self, key: ItemKey) -> Item | None:
        material = self.materials.get(key.material)
        return material.item(key.kind, key.item_id) if material else None
