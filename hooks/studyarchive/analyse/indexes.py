"""What the generated pages show, computed once from the Archive: campaigns, members, areas, the ledger.

Plain data, no Markdown (pages.py writes the pages, ``export_indexes`` the JSON). One pass over
the materials builds every table, so the cost grows linearly with the archive.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic
from ..core.model import Archive, Item, ItemKey, Material, Report
from ..core.naming import Recorded, Seen, area_slugs, first_seen, item_ref, load_urls, member_slugs
from ..core.people import People, Person, name_key, people_of, person_of
from ..core.vocab import Vocabulary
from ..parse import ledger as lg
from .meetings import Rule, YearTable, tables
from .similar import DEFAULT_THRESHOLD, Group, GroupCache, find_groups, marks

if TYPE_CHECKING:
    from ..config.options import Settings

ROOT = "indexes"
NO_AREA = "（未分方面）"


@dataclass
class Options:
    """extra.archive in mkdocs.yml: member order, duplicate threshold, same areas, meeting rules."""

    today: dt.date
    order: str = "strokes"
    threshold: float = DEFAULT_THRESHOLD
    same_areas: tuple[tuple[str, ...], ...] = ()
    meetings: dict[str, Rule] = field(default_factory=dict)
    urls: Recorded = field(default_factory=Recorded)
    """urls.yml: the area pages' recorded slugs (the member pages' come to build_index as ``slugs``)."""

    @classmethod
    def of(cls, settings: Settings, today: dt.date) -> Options:
        """The indexes' part of extra.archive (options.py checked it), at the build date."""
        o = settings.options
        return cls(today, o.member_order, o.duplicate_threshold, o.same_areas, settings.rules, settings.urls)


@dataclass
class LedgerRow:
    material: Material
    measure: Item
    problems: list[tuple[Material, Item]]
    areas: list[str]
    member: str | None
    """The material's member as the pages name them (People.label); None for a branch's material."""
    owners: tuple[str, ...]
    """As the pages name them: a member of the material's branch is named as on the pages (People.owner)."""
    status: str
    due: dt.date | None
    overdue: bool
    report: Report | None = None
    """The later material's report the status comes from (None when the ledger gives it)."""

    @property
    def closed(self) -> bool:
        return self.status in lg.CLOSED


@dataclass
class Campaign:
    id: str
    label: str
    year: int
    materials: list[Material] = field(default_factory=list)
    members: list[Person] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    problems: dict[str, list[tuple[Material, Item]]] = field(default_factory=dict)
    """Area → its problems, every member's, in member order."""
    area_member: Counter = field(default_factory=Counter)
    """(area, person or None for the branch's materials) → number of problems."""
    ledger: list[LedgerRow] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return sum(len(v) for v in self.problems.values())

    @property
    def measure_count(self) -> int:
        return sum(len(m.items_of("measure")) for m in self.materials)

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.ledger if not r.closed)

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.ledger if r.overdue)


@dataclass
class Recurrence:
    """年年查、年年有: problems in the same area in two consecutive campaigns that examine it."""

    area: str
    earlier: str
    later: str
    before: list[tuple[Material, Item]]
    after: list[tuple[Material, Item]]


@dataclass
class Member:
    person: Person
    label: str
    """How the pages name the member: the name, with the branch when another branch has the same name."""
    slug: str
    materials: list[Material] = field(default_factory=list)
    problems: dict[str, dict[str, list[tuple[Material, Item]]]] = field(default_factory=dict)
    """Campaign id → area → problems."""
    recurrences: list[Recurrence] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.name


@dataclass
class Index:
    options: Options
    campaigns: list[Campaign]
    members: list[Member]
    areas: dict[str, list[tuple[Material, Item]]]
    area_slugs: dict[str, str]
    years: dict[int, list[Material]]
    doc_types: dict[str, list[Material]]
    duplicates: list[Group]
    duplicate_of: dict[ItemKey, int]
    meetings: list[YearTable]
    people: People


def build_index(archive: Archive, vocab: Vocabulary, options: Options, slugs: Mapping[Person, str] | None = None,
                groups: GroupCache | None = None) -> Index:
    """``slugs``: the member pages' (archive_slugs, with urls.yml); computed without urls.yml when not given.
    ``groups``: under `serve`, the groups of near-identical statements found by the rebuilds before."""
    key = name_key(options.order)
    type_order = {t: n for n, t in enumerate(vocab.doc_types)}
    branch_order = {b: n for n, b in enumerate(vocab.branches)}
    people = people_of(archive.materials.values(), vocab)

    def person_order(p: Person) -> tuple:
        """By name (姓氏笔画 or pinyin), namesakes by their branch's place in vocabulary.yml."""
        return (key(p.name), branch_order.get(p.branch, len(branch_order)), p.branch)

    def material_order(m: Material) -> tuple:
        p = person_of(m.meta)
        return (p is not None, person_order(p) if p else (), type_order.get(m.meta.doc_type, 99), m.meta.date, m.path)

    group_of = {a: g[0] for g in options.same_areas for a in g}
    campaigns = {cid: Campaign(cid, e.label, e.year or 0, areas=list(e.areas)) for cid, e in vocab.campaigns.items()}
    members: dict[Person, Member] = {}
    areas: dict[str, list[tuple[Material, Item]]] = defaultdict(list)
    years: dict[int, list[Material]] = defaultdict(list)
    doc_types: dict[str, list[Material]] = defaultdict(list)

    for material in sorted(archive.materials.values(), key=material_order):
        meta = material.meta
        years[meta.year].append(material)
        doc_types[meta.doc_type].append(material)
        who = person_of(meta)
        person = members.setdefault(who, Member(who, people.label(who), "")) if who else None
        if person is not None:
            person.materials.append(material)
        campaign = campaigns.get(meta.campaign or "")
        if campaign is not None:
            campaign.materials.append(material)
        for item in material.items_of("problem"):
            area = item.area or NO_AREA
            areas[area].append((material, item))
            if campaign is not None:
                if area not in campaign.areas:
                    campaign.areas.append(area)
                campaign.problems.setdefault(area, []).append((material, item))
                campaign.area_member[(area, who)] += 1
                if person is not None:
                    person.problems.setdefault(campaign.id, {}).setdefault(area, []).append((material, item))
        if campaign is not None:
            campaign.ledger.extend(_ledger_rows(archive, material, options.today, people))

    ordered = sorted(campaigns.values(), key=lambda c: (c.year, list(vocab.campaigns).index(c.id)))
    for campaign in ordered:
        # Materials come in member order, so this keeps the order too.
        campaign.members = list(dict.fromkeys(p for m in campaign.materials if (p := person_of(m.meta))))
        campaign.problems = {a: campaign.problems[a] for a in campaign.areas if a in campaign.problems}
    persons = [members[p] for p in sorted(members, key=person_order)]
    if slugs is None:
        slugs, _ = archive_slugs(archive, vocab, Recorded())
    for p, member in members.items():
        member.slug = slugs[p]
    for person in persons:
        person.materials.sort(key=lambda m: (m.meta.year, m.meta.date, m.path))
        person.recurrences = _recurrences(person, ordered, group_of)
    duplicates = find_groups(archive, options.threshold, groups)
    by_area = dict(sorted(areas.items(), key=lambda kv: _area_order(kv[0], ordered)))
    return Index(
        options=options,
        campaigns=[c for c in ordered if c.materials],
        members=persons,
        areas=by_area,
        area_slugs=archive_area_slugs(archive, options.urls)[0],
        years=dict(sorted(years.items())),
        doc_types={t: doc_types[t] for t in vocab.doc_types if t in doc_types},
        duplicates=duplicates,
        duplicate_of=marks(duplicates),
        meetings=tables(archive, vocab, options.meetings, options.today),
        people=people,
    )


def member_pages(root: Path, archive: Archive, vocab: Vocabulary) -> tuple[dict[Person, str], list[Diagnostic]]:
    """The member pages' slugs as urls.yml (in ``root``, beside mkdocs.yml) records them, and what is wrong in
    urls.yml or unrecorded: what the build and `archive check` both report."""
    recorded = load_urls(root, {b: e.label for b, e in vocab.branches.items()})
    slugs, warnings = archive_slugs(archive, vocab, recorded)
    return slugs, recorded.problems + warnings + archive_area_slugs(archive, recorded)[1]


def archive_area_slugs(archive: Archive, recorded: Recorded) -> tuple[dict[str, str], list[Diagnostic]]:
    """The area pages' slugs (naming.area_slugs), each area first seen at its earliest problem, with the
    warnings about them: the build's index and the naming messages (member_pages) both take them from here."""
    return area_slugs(area_first_seen(archive), recorded)


def area_first_seen(archive: Archive) -> dict[str, Seen]:
    """Each area with a page (it has problems), at its earliest problem's material (date, then path)."""
    first: dict[str, Seen] = {}
    for m in archive.materials.values():
        at = Seen(m.meta.date, m.path, m.source_path)
        for area in dict.fromkeys(item.area or NO_AREA for item in m.items_of("problem")):
            if area not in first or (at.date, at.path) < (first[area].date, first[area].path):
                first[area] = at
    return first


def archive_slugs(archive: Archive, vocab: Vocabulary, recorded: Recorded) -> tuple[dict[Person, str], list[Diagnostic]]:
    """The member pages' slugs of this archive's members (naming.member_slugs), with the warnings about them."""
    seen = ((person_of(m.meta), Seen(m.meta.date, m.path, m.source_path)) for m in archive.materials.values())
    return member_slugs(first_seen(seen), recorded, list(vocab.branches),
                        lambda b: vocab.label("branches", b))


def _area_order(area: str, campaigns: list[Campaign]) -> tuple:
    for n, campaign in enumerate(campaigns):
        if area in campaign.areas:
            return (n, campaign.areas.index(area), area)
    return (len(campaigns), 0, area)


def _ledger_rows(archive: Archive, material: Material, today: dt.date, people: People) -> Iterable[LedgerRow]:
    who = person_of(material.meta)
    member = people.label(who) if who else None
    branch = material.meta.branch
    for measure in material.items_of("measure"):
        problems = [(archive.materials[k.material], p) for k in measure.answers if (p := archive.lookup(k)) is not None]
        found_areas: list[str] = []
        for _, p in problems:
            if p.area and p.area not in found_areas:
                found_areas.append(p.area)
        entry = measure.ledger
        owners = tuple(people.owner(o, branch) for o in lg.owners(entry, material))
        yield LedgerRow(material, measure, problems, found_areas, member, owners, lg.status_of(entry, measure),
                        lg.due_date(entry, material), lg.is_overdue(entry, material, today, measure), lg.status_source(entry, measure))


def _recurrences(person: Member, campaigns: list[Campaign], group_of: Mapping[str, str]) -> list[Recurrence]:
    """For each area, the campaigns that examine it in order; flag consecutive ones with problems in both."""
    examined: dict[str, list[Campaign]] = defaultdict(list)
    for campaign in campaigns:
        for area in dict.fromkeys(group_of.get(a, a) for a in campaign.areas):
            examined[area].append(campaign)
    found: list[Recurrence] = []
    for area, chain in examined.items():
        for earlier, later in itertools.pairwise(chain):
            before = _in_group(person.problems.get(earlier.id, {}), area, group_of)
            after = _in_group(person.problems.get(later.id, {}), area, group_of)
            if before and after:
                found.append(Recurrence(area, earlier.id, later.id, before, after))
    order = {c.id: n for n, c in enumerate(campaigns)}
    return sorted(found, key=lambda r: (order[r.later], order[r.earlier]))  # stable: areas stay in campaign order


def _in_group(by_area: Mapping[str, list[tuple[Material, Item]]], area: str, group_of: Mapping[str, str]) -> list[tuple[Material, Item]]:
    return [pair for a, pairs in by_area.items() if group_of.get(a, a) == area for pair in pairs]


# --- archive.json -----------------------------------------------------------------------------

def ref(key_material: str, item: Item) -> str:
    """How archive.json names an item anywhere: "2023-zhuti-2/wangjianguo#1.2"."""
    return item_ref(key_material, item.id)


def export_indexes(index: Index, pages: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """The generated pages' data for archive.json; ``pages`` is (path, title, kind, url) of each page.

    Members are named as on the pages (People.label): the name, with the branch when two branches have the
    name, so that namesakes stay apart; a member's ``slug`` is unique."""
    today = index.options.today
    label = index.people.label

    def author(a: Person | str) -> str:
        return label(a) if isinstance(a, Person) else a

    return {
        "build_date": today.isoformat(),
        "member_order": index.options.order,
        "pages": [{"path": p, "url": u, "title": t, "kind": k} for p, t, k, u in pages],
        "campaigns": [{
            "id": c.id, "label": c.label, "year": c.year,
            "materials": [m.path for m in c.materials],
            "members": [label(p) for p in c.members],
            "counts": {"materials": len(c.materials), "members": len(c.members), "problems": c.problem_count,
                       "measures": c.measure_count, "open": c.open_count, "overdue": c.overdue_count},
            "problems": [{"area": area, "items": [ref(m.path, p) for m, p in pairs]} for area, pairs in c.problems.items()],
            "area_member": [{"area": a, "member": mem, "problems": n} for a, mem, n in
                            sorted(((a, label(p) if p else None, n) for (a, p), n in c.area_member.items()),
                                   key=lambda row: (row[0], row[1] or ""))],
        } for c in index.campaigns],
        "ledger": [{
            "campaign": c.id,
            "measure": ref(r.material.path, r.measure),
            "member": r.member,
            "problems": [ref(m.path, p) for m, p in r.problems],
            "areas": r.areas,
            "owners": list(r.owners),
            "status": lg.STATUSES.get(r.status),
            "status_label": r.status,
            "due": r.due.isoformat() if r.due else None,
            "overdue": r.overdue,
            "report": {"material": r.report.material, "date": r.report.date.isoformat(), "text": r.report.text} if r.report else None,
        } for c in index.campaigns for r in c.ledger],
        "members": [{
            "name": m.label, "slug": m.slug,
            "materials": [x.path for x in m.materials],
            "recurrences": [{"area": r.area, "earlier": r.earlier, "later": r.later,
                             "earlier_problems": [ref(x.path, p) for x, p in r.before],
                             "later_problems": [ref(x.path, p) for x, p in r.after]} for r in m.recurrences],
        } for m in index.members],
        "duplicates": [{
            "id": n, "campaign": g.campaign, "kind": g.kind,
            "items": [{"item": item_ref(s.key.material, s.key.item_id), "author": author(s.author), "similarity": round(score, 3)}
                      for s, score in [(g.leader, 1.0), *g.members]],
        } for n, g in enumerate(index.duplicates, 1)],
        "meetings": [{
            "year": t.year,
            "rows": [{
                "meeting_type": r.meeting_type,
                "rule": {"per": r.rule.per, "min": r.rule.min} if r.rule else None,
                "quarters": [{"quarter": c.quarter, "count": len(c.materials), "state": c.state, "missing": c.missing,
                              "materials": [m.path for m in c.materials]} for c in r.cells],
            } for r in t.rows],
        } for t in index.meetings],
    }
