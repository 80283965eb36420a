"""三会一课: meeting records counted per quarter and checked against the required frequency.

Rules: each meeting type's ``rule`` in vocabulary.yml (the sample's: 党员大会 at least once a quarter,
支委会 and 党小组会 at least once a month, 党课 at least once a quarter), overridden per type by
extra.archive.meetings in mkdocs.yml (config/options.py, ``meeting_rules``). A period is checked only
once it is over at the build date, and only from the quarter of the first meeting record on
(the archive does not reach back further).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..core.model import Archive, Material
from ..core.vocab import PERIODS, Vocabulary


@dataclass(frozen=True)
class Rule:
    per: str
    min: int

    @property
    def label(self) -> str:
        return f"{PERIODS[self.per]}至少 {self.min} 次"


@dataclass
class Cell:
    quarter: int
    materials: list[Material] = field(default_factory=list)
    state: str = "none"
    """ok (enough), short (too few), open (the period is not over yet), before (before the records), none (no rule)."""
    missing: list[str] = field(default_factory=list)
    """Under a monthly rule: the months without enough meetings."""


@dataclass
class Row:
    meeting_type: str
    rule: Rule | None
    cells: list[Cell]

    @property
    def total(self) -> int:
        return sum(len(c.materials) for c in self.cells)


@dataclass
class YearTable:
    year: int
    rows: list[Row]

    @property
    def gaps(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c.state == "short")


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def tables(archive: Archive, vocab: Vocabulary, rules: Mapping[str, Rule], today: dt.date) -> list[YearTable]:
    """One table per year from the first meeting record to ``today``: a row per meeting type (in the vocabulary's
    order), a cell per quarter. Meeting records are the materials whose doc type has the vocabulary's meeting flag."""
    by_type_year: dict[tuple[str, int], list[Material]] = {}
    for material in archive.materials.values():
        if vocab.is_meeting(material.meta.doc_type) and material.meta.meeting_type:
            by_type_year.setdefault((material.meta.meeting_type, material.meta.date.year), []).append(material)
    if not by_type_year:
        return []
    first = min(m.meta.date for ms in by_type_year.values() for m in ms)
    start = (first.year, quarter_of(first))
    # Every year from the first record to the statistics date: a year with no record at all is the gap
    # that matters most, and must show (and be counted short) rather than be left out.
    years = list(range(first.year, max(today.year, max(year for _, year in by_type_year)) + 1))
    present = {t for t, _ in by_type_year}
    types = [t for t in vocab.meeting_types if t in rules or t in present]
    out: list[YearTable] = []
    for year in years:
        rows = []
        for meeting_type in types:
            found = sorted(by_type_year.get((meeting_type, year), []), key=lambda m: (m.meta.date, m.path))
            rule = rules.get(meeting_type)
            cells = [_cell(year, q, [m for m in found if quarter_of(m.meta.date) == q], rule, start, today) for q in range(1, 5)]
            rows.append(Row(meeting_type, rule, cells))
        out.append(YearTable(year, rows))
    if rules:
        _check_years(out, rules, today)
    return out


def _cell(year: int, quarter: int, found: list[Material], rule: Rule | None, start: tuple[int, int], today: dt.date) -> Cell:
    cell = Cell(quarter, found)
    if rule is None:
        return cell
    if (year, quarter) < start:
        cell.state = "before"
        return cell
    last_month = quarter * 3
    if rule.per == "month":
        cell.state = "ok"
        for month in range(last_month - 2, last_month + 1):
            if _ended(year, month, today):
                if sum(1 for m in found if m.meta.date.month == month) < rule.min:
                    cell.missing.append(f"{month}月")
            else:
                cell.state = "open"
        if cell.missing:
            cell.state = "short"
    elif rule.per == "quarter":
        if not _ended(year, last_month, today):
            cell.state = "open" if len(found) < rule.min else "ok"
        elif len(found) < rule.min:
            cell.state = "short"
        else:
            cell.state = "ok"
    else:
        cell.state = "year"  # checked on the whole year, below
    return cell


def _check_years(tables_: list[YearTable], rules: Mapping[str, Rule], today: dt.date) -> None:
    for table in tables_:
        for row in table.rows:
            if row.rule is None or row.rule.per != "year":
                continue
            ok = row.total >= row.rule.min
            for cell in row.cells:
                cell.state = "ok" if ok else "open"
            if not ok and _ended(table.year, 12, today):
                row.cells[-1].state = "short"


def _ended(year: int, month: int, today: dt.date) -> bool:
    """Whether the month is over on ``today``."""
    return (year, month) < (today.year, today.month)
