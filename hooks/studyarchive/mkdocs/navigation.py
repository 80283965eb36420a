"""The archive's order of the navigation (on_nav): indexes after the home page, campaigns newest first, members
in 姓氏笔画 (or pinyin) order, a campaign's folder opening its 问题清单, members grouped by branch.

Only public MkDocs API (Navigation, Section, Page and their children / parent / previous / next)."""

from __future__ import annotations

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..core.escaping import title as safe_title
from ..core.model import Archive
from ..core.people import name_key
from ..core.vocab import Vocabulary
from ..output.pages import campaign_path, member_path


def arrange(nav: Navigation, site_name: str, archive: Archive, vocab: Vocabulary, generated: dict, order: str,
            members: list | None) -> None:
    """Every ordering step, in this order; then previous / next links follow the new order."""
    _order_indexes(nav, list(generated))
    _order_materials(nav.items, archive, vocab, order)
    if members is not None:
        _group_members(nav.items, members, vocab)
    _campaign_indexes(nav, vocab, generated)
    _order_top(nav, vocab, generated)
    _name_home(nav, site_name)
    nav.pages = list(pages_of(nav.items))
    for n, page in enumerate(nav.pages):
        page.previous_page = nav.pages[n - 1] if n else None
        page.next_page = nav.pages[n + 1] if n + 1 < len(nav.pages) else None


HOME_TITLE = "首页"


def _name_home(nav: Navigation, site_name: str) -> None:
    """The menu's title is the site's name (Material writes it above the list); the home page, whose heading is
    the site's name too, is 首页 in the menu, so the name is not read twice. The tab keeps the site's name alone
    (Material titles the home page with site_name)."""
    for item in nav.items:
        if isinstance(item, Page) and item.is_homepage and item.title in (None, site_name):
            item.title = HOME_TITLE


def _order_materials(items: list, archive: Archive, vocab: Vocabulary, order: str) -> None:
    """In a folder of materials, the branch's own (支部班子, 整改清单) first, then the members in 姓氏笔画 order
    (or pinyin, as extra.archive.member_order says): the order of the index pages. Folders without members'
    materials (会议记录) keep their file-name order, which is the date's."""
    key = name_key(order)
    types = {t: n for n, t in enumerate(vocab.doc_types)}
    for item in items:
        if not isinstance(item, Section):
            continue
        _order_materials(item.children, archive, vocab, order)
        pages = [c for c in item.children if isinstance(c, Page) and c.file.src_uri in archive.materials]
        if not any(archive.materials[p.file.src_uri].meta.member for p in pages):
            continue

        def rank(pair: tuple[int, object]) -> tuple:
            n, child = pair
            material = archive.materials.get(child.file.src_uri) if isinstance(child, Page) else None
            if material is None:
                return (2, (), 0, n)
            member = material.meta.member
            return (1 if member else 0, key(member) if member else (), types.get(material.meta.doc_type, len(types)), n)

        item.children = [child for _, child in sorted(enumerate(item.children), key=rank)]


def _campaign_of(section: Section, vocab: Vocabulary) -> str | None:
    """The campaign a top-level folder stands for: its folder name is the campaign's id (2024-dangji/)."""
    page = next((p for p in pages_of(section.children) if not getattr(p, "archive_index", False)), None)
    if page is None or "/" not in page.file.src_uri:
        return None
    folder = page.file.src_uri.split("/", 1)[0]
    return folder if folder in vocab.campaigns else None


def _campaign_indexes(nav: Navigation, vocab: Vocabulary, generated: dict) -> None:
    """A campaign's folder in the menu opens the campaign's overview (问题清单), not its first member's material.

    The overview is a generated page, indexes/campaigns/<id>.md: its path is in archive.json and in every
    link to it, and MkDocs calls a page an index page (Page.is_index) only when its file is named index.md.
    So the page is moved, with the public navigation API (Section.children, Page.parent), from 档案索引 → 批次
    into the campaign's section as its first item, and marked as that section's index: our copy of Material's
    nav-item.html takes it as the section's link, as navigation.indexes does with an index.md. With
    navigation.prune a section off the current path is a link to its first page: the overview as well.
    批次 keeps the campaigns that have no folder of their own, and goes when none is left."""
    overviews = {path: page for page in pages_of(nav.items) if generated.get(path := page.file.src_uri, ("", ""))[1] == "campaign"}
    for item in nav.items:
        if not isinstance(item, Section) or (cid := _campaign_of(item, vocab)) is None:
            continue
        page = overviews.get(campaign_path(cid))
        if page is None:
            continue
        old = page.parent
        if old is not None:
            old.children.remove(page)
            if not old.children and old.parent is not None:
                old.parent.children.remove(old)
        page.parent = item
        page.archive_index = True  # read by overrides/partials/nav-item.html
        item.children.insert(0, page)


def _order_top(nav: Navigation, vocab: Vocabulary, generated: dict) -> None:
    """The menu: 首页, 档案索引, the campaigns newest first, 会议记录 and the other folders, 使用指南 last.

    Newest first by the campaign's year in the vocabulary, and within one year the later entry of the
    vocabulary first (the vocabulary lists campaigns as they came: 党纪学习教育 before 2024年度组织生活会)."""
    position = {cid: n for n, cid in enumerate(vocab.campaigns)}

    def rank(pair: tuple[int, object]) -> tuple:
        n, item = pair
        if isinstance(item, Page) and item.is_homepage:
            return (0, 0, 0, n)
        if isinstance(item, Section) and (cid := _campaign_of(item, vocab)) is not None:
            return (2, -(vocab.campaigns[cid].year or 0), -position[cid], n)
        page = next(pages_of([item]), None)
        path = page.file.src_uri if page else ""
        if path in generated:
            return (1, 0, 0, n)
        if path.startswith("guide/") or path == "guide.md":
            return (4, 0, 0, n)
        return (3, 0, 0, n)

    nav.items[:] = [item for _, item in sorted(enumerate(nav.items), key=rank)]


def _group_members(items: list, members: list, vocab: Vocabulary) -> None:
    """With several branches, the members' pages are grouped by branch in the navigation: one list of hundreds
    of names helps no reader, and Material writes a section's whole list into each of its pages."""
    branch_of = {member_path(m): m.person.branch for m in members}  # a member is a name in a branch (people.Person)
    section = _section_of(items, set(branch_of))
    if section is None or len(set(branch_of.values())) < 2:
        return
    order = {b: n for n, b in enumerate(vocab.branches)}
    groups: dict[str, list[StructureItem]] = {}
    for page in section.children:
        assert isinstance(page, Page)  # the members' section holds their pages only
        groups.setdefault(branch_of[page.file.src_uri], []).append(page)
    section.children = []
    for branch in sorted(groups, key=lambda b: (order.get(b, len(order)), b)):
        group = Section(safe_title(vocab.label("branches", branch)), groups[branch])
        group.parent = section
        for page in groups[branch]:
            page.parent = group
        section.children.append(group)


def _section_of(items: list, paths: set[str]) -> Section | None:
    """The navigation section whose items are all pages among ``paths``."""
    for item in items:
        if isinstance(item, Section):
            if item.children and all(isinstance(c, Page) and c.file.src_uri in paths for c in item.children):
                return item
            found = _section_of(item.children, paths)
            if found is not None:
                return found
    return None


def _order_indexes(nav: Navigation, order: list[str]) -> None:
    """The generated section comes right after the home page, its pages in the order they were made."""
    position = {path: n for n, path in enumerate(order)}

    def first(item) -> int:
        page = next(pages_of([item]), None)
        return position.get(page.file.src_uri, len(order)) if page else len(order)

    def sort(items: list) -> None:
        items.sort(key=first)
        for item in items:
            if isinstance(item, Section):
                sort(item.children)

    for n, item in enumerate(nav.items):
        if isinstance(item, Section) and first(item) < len(order):
            sort(item.children)
            nav.items.insert(1 if n > 0 and isinstance(nav.items[0], Page) else 0, nav.items.pop(n))
            break


def pages_of(items: list):
    """The pages under ``items``, in navigation order."""
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from pages_of(item.children)
