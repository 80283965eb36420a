"""What each generated page reads (pages.Page.reads): the materials, and what else of the index it shows.

The incremental preview (mkdocs/incremental.py) keeps a page without making it again when all of these are as they
were; tests/test_serve_random_edits.py looks for a page that reads more than it says.
"""

from __future__ import annotations

from ..analyse.indexes import Campaign, Index, Member
from ..core.model import Material
from ..core.people import person_of


def page_view(m: Material) -> tuple[object, ...]:
    """What a generated page may show of a material: its front matter and its items (number, title, area, links,
    ledger entry, reports), not its prose nor an item's text past its title. Saving a typo in a material's prose, or
    a sentence added to a measure, then makes no index page again. The one page that quotes items' texts, 雷同表述,
    says so itself (duplicates_shows)."""
    return (m.path, m.source_path, m.meta, [(i.kind, i.id, i.title, i.area, i.area_index, i.answers, i.answered_by,
                                           i.mentioned_by, i.ledger, i.reports) for i in m.items])


def ledger_reads(c: Campaign, materials: dict[str, Material]) -> list[Material]:
    """A ledger page's materials: the campaign's, and those its rows quote (problems answered, reports)."""
    found = [*c.materials]
    for row in c.ledger:
        found.append(row.material)
        found.extend(m for m, _ in row.problems)
        source = materials.get(row.report.material) if row.report else None
        if source is not None:
            found.append(source)
    return found


def member_reads(m: Member) -> list[Material]:
    """A member page's materials: the member's, and those its problem lists and recurrences quote."""
    found = [*m.materials]
    found.extend(x for by_area in m.problems.values() for pairs in by_area.values() for x, _ in pairs)
    found.extend(x for r in m.recurrences for x, _ in (*r.before, *r.after))
    return found


def examined_areas(index: Index) -> tuple[object, ...]:
    """What a member page's 年年查、年年有 reads besides the member's problems: the areas each campaign examines, in
    order (its vocabulary's, then those its materials' problems name). Another member's problem under a new area
    puts a campaign between two that examined it, and ends a recurrence on a page that reads none of that member's."""
    return tuple((c.id, tuple(c.areas)) for c in index.campaigns)


def shared_inputs(index: Index, branch: str) -> tuple[object, ...]:
    """What any generated page may show besides its own materials (``Page.reads``): the date the ledger counts
    from, the campaigns, members and areas as the index names and orders them, the index's options, and who there is
    (a name shared by two branches is shown with the branch, people.People.label). The
    vocabulary and the addresses are not here: a change to either rebuilds every page."""
    options = index.options
    return (options.today, branch, options.order, options.same_areas, [(c.id, c.label, c.year) for c in index.campaigns],
            [(m.person, m.label, m.slug) for m in index.members], index.area_slugs, sorted(index.people.persons))


def duplicates_shows(index: Index, materials: dict[str, Material]) -> tuple[object, ...]:
    """Everything the 雷同表述 page shows, so that it reads no whole material: the groups' shape (which statements,
    how alike, in what order, by how many authors: a branch's statement names no member, so moving a branch's
    material to another branch changes only the count) and each statement as a side of a pair shows it (its member,
    its item's number, title, anchor and text). A save elsewhere in a grouped material (its prose, another item)
    leaves the page as it was."""
    shape = [(g.campaign, g.kind, g.leader.key, len(g.authors), [(x.key, score) for x, score in g.members])
             for g in index.duplicates]
    keys = [k for g in index.duplicates for k in (g.leader.key, *(x.key for x, _ in g.members))]
    return index.options.threshold, shape, [_statement_view(materials.get(k.material), k.kind, k.item_id) for k in keys]


def _statement_view(m: Material | None, kind: str, item_id: str) -> tuple[object, ...] | None:
    item = m.item(kind, item_id) if m is not None else None
    if m is None or item is None:
        return None
    return m.path, person_of(m.meta), item.kind, item.id, item.title, item.text
