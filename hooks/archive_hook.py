"""MkDocs hook: wires the archive core (``studyarchive``) into a build. Thin by design.

Uses only public MkDocs API so that it also runs under ProperDocs. ``serve`` imports this
module once and keeps it for every rebuild, so each build makes its own ``_Build`` in on_config
and nothing accumulates across rebuilds.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from studyarchive import Diagnostic, build_archive
from studyarchive.csp import add_policy, template_patterns
from studyarchive.model import Material
from studyarchive.escaping import title as safe_title
from studyarchive.gate import decide, scan
from studyarchive.options import OptionsError
from studyarchive.options import load as load_settings
from studyarchive.project import read_sources, site_assets
from studyarchive.export import export
from studyarchive.frontmatter import members_may_read, split
from studyarchive.escaping import EMPTY, LINK, Html
from studyarchive.export import write as write_json
from studyarchive.indexes import ROOT as INDEX_ROOT
from studyarchive.indexes import Options, build_index, export_indexes
from studyarchive.ledger import build_date
from studyarchive.pages import FOLDERS as INDEX_FOLDERS
from studyarchive.pages import Writer, build_pages, campaign_path, front, material_additions, member_path, overview_block
from studyarchive.model import Archive
from studyarchive.fragments import Fragments, Held
from studyarchive.plaininline import PlainTextExtension
from studyarchive.people import name_key, people_of, person_of
from studyarchive.printing import VOLUME_ROOT, mark_for_print, volume_pages
from studyarchive.render import error_box, nav_title, relative_url, render_material
from studyarchive.sanitize import clean_html
from studyarchive.search import SitePage, markdown_text, write_search
from studyarchive.searchindex import PREVIEW_DOCS_PER_FILE, PREVIEW_SHARD_TARGET, SHARD_TARGET
from studyarchive.vocab import Vocabulary, folder_label

log = logging.getLogger("mkdocs.hooks.archive")

UNREAD_TITLE = "有错误的材料（改正后显示）"
DEFAULT_FOLDERS = {"guide": "使用指南", "huiyi": "会议记录", "xuexi": "学习笔记", "print": "材料汇编（打印）"}


@dataclass
class _Build:
    vocab: Vocabulary
    pages: list[str]
    folders: dict[str, str]
    prefix: str
    audience: str = "members"
    archive: Archive | None = None
    urls: dict[str, str] | None = None
    errors: dict[str, list[Diagnostic]] | None = None
    """Under `serve` only: the errors of each file, shown on its page instead of stopping the build."""
    shown: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """Under `serve` only: every error and warning of each file (docs-relative path), in order: its page shows
    each at its place (anchor diag-N, N its index here), the 待改正 page lists them all."""
    page_urls: dict[str, str] = field(default_factory=dict)
    """Under `serve` only: the address of each file's page, for the 待改正 page's links."""
    unread: set[str] = field(default_factory=set)
    """Under `serve`, files with errors whose text this site may not show (the members' site, when the file is for
    the committee or says nothing readable about it): their page shows the errors alone, under a neutral title."""
    index_options: Options | None = None
    writer: Writer | None = None
    generated: dict[str, tuple[str, str, str]] | None = None
    """Generated pages and files (indexes, ledger, reports): path → (title, kind, url), in navigation order."""
    volumes: dict[str, str] | None = None
    """Generated bound volumes (汇编) for printing: path → title."""
    fragments: dict[str, Fragments] = field(default_factory=dict)
    """Each page's generated HTML, kept out of its Markdown (fragments.py)."""
    held: Held = field(default_factory=Held)
    """Each page's finished HTML while the other pages are converted (the index pages' compressed); the volumes
    reuse the materials'."""
    bodies: dict[str, Callable[[], str]] = field(default_factory=dict)
    """The Markdown of each generated page, made when MkDocs converts the page."""
    scripts: list = field(default_factory=list)
    """Material's inline scripts as patterns of their texts: the only inline scripts a page allows (csp.py)."""


_build: _Build | None = None
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    # `serve` previews drafts and keeps going on errors; `build` never does either.
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None  # fresh state for every build, also under `serve`
    gc.unfreeze()  # what the last build froze (on_files) can be collected again
    root = os.path.dirname(config.config_file_path or ".")
    try:  # the same loading, the same typed options and the same messages as `archive check` (options.py)
        settings = load_settings(config)
        today = build_date(os.environ)
    except OptionsError as exc:
        _report(exc.diagnostics)
        raise PluginError(f"{exc.what}有 {exc.count} 处错误，构建已中止。") from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    _report(settings.warnings)
    options = settings.options
    prefix = os.path.relpath(config.docs_dir, root).replace(os.sep, "/") + "/"
    folders = {**DEFAULT_FOLDERS, **options.folders}
    _build = _Build(settings.vocab, list(options.pages), {**INDEX_FOLDERS, **folders}, prefix, options.audience)
    _build.index_options = Options.of(settings, today)
    # Python-Markdown skips its inline patterns on texts none of them can match (plaininline.py: why).
    config.markdown_extensions.append(PlainTextExtension())
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    # The publishing gate (gate.py), as `archive check` runs it: every file under docs/ is a material, a page or
    # file of the site, an attachment, left out, or an error; nothing else reaches the site.
    docs_dir = os.path.abspath(config.docs_dir)
    ours = [f for f in files if f.generated_by is None and os.path.abspath(f.abs_src_path or "").startswith(docs_dir + os.sep)]
    gate = decide(scan(Path(docs_dir)), _build.pages, site_assets(config.extra_css, config.extra_javascript, config.theme),
                  _build.prefix, config.use_directory_urls, [f.src_uri for f in ours if f.inclusion.is_excluded()])
    sources, unreadable = read_sources(Path(docs_dir), _build.prefix, gate.materials)
    if _serving:  # a material the gate keeps out of the site (an address taken twice) has no page to link to
        sources = [(path, text) for path, text in sources if path not in gate.blocked]
    archive = build_archive(sources, _build.vocab, _build.prefix, _build.audience, drafts=_serving)
    gc.freeze()  # the archive lives as long as the build: the collector need not look at it again (on_config)
    texts = dict(sources)
    published, attachments = gate.publish(texts, archive.hidden)
    diagnostics = gate.diagnostics + unreadable + archive.diagnostics + attachments
    _report(diagnostics)
    errors = sorted(d for d in diagnostics if d.level == "error")
    if errors and not _serving:
        raise PluginError(f"档案检查发现 {len(errors)} 处错误，构建已中止。请按上面的提示逐条修改。")
    _build.errors = {}
    for d in archive.errors:
        _build.errors.setdefault(d.path.removeprefix(_build.prefix), []).append(d)
    if _serving:  # warnings too: they fail the strict build in CI, so the preview shows them where they are
        for d in sorted(diagnostics):
            _build.shown.setdefault(d.path.removeprefix(_build.prefix), []).append(d)
    if _build.audience != "committee":
        _build.unread = {path for path in _build.errors if path in texts and not members_may_read(texts[path])}
    # Only what the gate publishes: committee-only materials (in the members' site) and drafts leave no page,
    # sitemap or search entry; under `serve`, a refused file is left out and its error shown in the log.
    published -= {d.path.removeprefix(_build.prefix) for d in unreadable}
    for file in ours:
        if file.src_uri not in published:
            files.remove(file)
    _build.archive = archive
    _build.urls = {f.src_uri: f.url for f in files.documentation_pages() if f.src_uri in archive.materials}
    _add_indexes(files, config)
    if _serving:
        _add_todo(files, config)
    _add_volumes(files, config)
    _write_data(files, config)
    gc.freeze()  # and the indexes and generated pages too
    return files


def _add_volumes(files: Files, config: MkDocsConfig) -> None:
    """Each campaign's materials bound into one page (汇编) to print in one go."""
    assert _build is not None and _build.archive is not None
    build = _build
    order = build.index_options.order if build.index_options else "strokes"
    urls = build.urls or {}
    build.volumes = {}
    pages = volume_pages(build.archive, build.vocab, order, lambda path: urls[path], _material_html,
                         directory_urls=config.use_directory_urls)
    for path, title, content, frags in pages:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{build.prefix}{VOLUME_ROOT}/ 是自动生成的材料汇编所用的目录，不能放文件：{path}。请把它移到别处。")
        files.append(File.generated(config, path, content=content))
        build.volumes[path] = title
        build.fragments[path] = frags


def _material_html(path: str) -> str:
    """A material's finished page for a volume; `--dirty` builds convert only the files that changed."""
    assert _build is not None
    if path in _build.held:
        return _build.held.html(path)
    return (Html('<p class="ar-error">%s%s 在这次增量构建（--dirty）中没有重新生成，汇编中缺少它；请完整构建后再打印汇编。</p>')
            % (_build.prefix, path))


def _add_indexes(files: Files, config: MkDocsConfig) -> None:
    """Indexes, problem lists, the ledger (also as CSV and Excel) and reports, as generated files."""
    assert _build is not None and _build.archive is not None and _build.index_options is not None
    index = build_index(_build.archive, _build.vocab, _build.index_options)
    urls = _build.urls or {}
    _build.writer = Writer(index, _build.vocab, _build.archive.materials, lambda path: urls[path],
                           directory_urls=config.use_directory_urls)
    pages = build_pages(_build.writer)
    taken = [p.path for p in pages if files.get_file_from_path(p.path) is not None]
    if taken:
        raise PluginError(f"{_build.prefix}{INDEX_ROOT}/ 是自动生成的索引所用的目录，不能放文件：{'、'.join(taken)}。请把它们移到别处。")
    _build.generated = {}
    for page in pages:
        file = File.generated(config, page.path, content=page.content)
        files.append(file)
        _build.generated[page.path] = (page.title, page.kind, file.url)
        if page.body is not None:
            _build.bodies[page.path] = page.body


TODO_PATH = f"{INDEX_ROOT}/todo.md"
TODO_TITLE = "待改正"


def _add_todo(files: Files, config: MkDocsConfig) -> None:
    """Under `serve` only: one page listing every error and warning of the archive, each linking to its place."""
    assert _build is not None
    if files.get_file_from_path(TODO_PATH) is not None:
        return  # _add_indexes has refused the folder already
    _build.page_urls = {f.src_uri: f.url for f in files.documentation_pages()}
    file = File.generated(config, TODO_PATH, content=front(TODO_TITLE))
    files.append(file)
    _build.page_urls[TODO_PATH] = file.url
    _build.bodies[TODO_PATH] = lambda: todo_page(file.url)


def todo_page(url: str) -> str:
    """The 待改正 page: a table of every diagnostic, by file and line."""
    assert _build is not None
    shown = _build.shown
    errors = sum(d.level == "error" for ds in shown.values() for d in ds)
    warnings = sum(len(ds) for ds in shown.values()) - errors
    out = ["# 待改正\n\n"]
    if not shown:
        out.append(Html("<p>没有发现错误或警告：可以提交。</p>\n"))
        return "".join(out)
    out.append(Html("<p>这一页只在本机预览中显示。共 %d 个文件有 %d 处错误、%d 处警告；"
                    "错误会使材料不能发布，警告会使正式构建（提交后的检查）失败。点“位置”打开材料中出问题的地方。</p>\n\n")
               % (len(shown), errors, warnings))
    rows = []
    for path, ds in shown.items():
        page = _build.page_urls.get(path)
        for n, d in enumerate(ds):
            where = f"第 {d.line} 行" if d.line else "整个文件"
            if page is not None:
                where = Html('<a href="%s#diag-%d">%s</a>') % (relative_url(url, page), n, where)
            kind = Html('<span class="ar-bad-%s">%s</span>') % (d.level, "错误" if d.level == "error" else "警告")
            rows.append(Html("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>") % (d.path, where, kind, d.message))
    out.append(Html('<table class="ar-todo">\n<thead><tr><th>文件</th><th>位置</th><th>级别</th><th>问题和改法</th></tr></thead>\n'
                    "<tbody>\n%s\n</tbody>\n</table>\n") % Html("\n").join(rows))
    return "".join(out)


def todo_notice(url: str) -> Html:
    """Under `serve`, on the home page: how many files have problems (and how many the statistics leave out)."""
    assert _build is not None and _build.archive is not None
    shown = _build.shown
    if not shown:
        return EMPTY
    errors = sum(d.level == "error" for ds in shown.values() for d in ds)
    warnings = sum(len(ds) for ds in shown.values()) - errors
    left = [p for p in _build.errors or {} if p not in _build.archive.materials]
    text = f"本机预览：{len(shown)} 个文件有 {errors} 处错误、{warnings} 处警告"
    if left:
        text += f"，其中 {len(left)} 份材料因错误没有读入，未计入下面的统计"
    link = LINK % (relative_url(url, _build.page_urls.get(TODO_PATH, "")), "查看“待改正”清单")
    return Html('<div class="ar-error%s"><p><strong>%s。</strong>%s</p></div>') % ("" if errors else " ar-warn", text, link)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Folders get Chinese names (campaign labels, 会议记录, 2024年); materials short titles."""
    assert _build is not None and _build.archive is not None
    archive, vocab = _build.archive, _build.vocab

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, Section):
                page = next((p for p in _pages(item.children)), None)
                parts = page.file.src_uri.split("/") if page else []
                label = folder_label(parts[depth], vocab, _build.folders) if len(parts) > depth + 1 else None
                # A folder's name is the member's too: Material prints every title raw, so each is escaped here.
                item.title = safe_title(label or item.title)
                walk(item.children, depth + 1)
            elif isinstance(item, Page) and item.file.src_uri in archive.materials:
                material = archive.materials[item.file.src_uri]
                who = person_of(material.meta)
                item.title = safe_title(nav_title(material, vocab, people.label(who) if who else None))
            elif isinstance(item, Page) and item.file.src_uri in _build.unread:
                item.title = safe_title(UNREAD_TITLE)
            elif isinstance(item, Page) and item.file.src_uri in (_build.errors or {}):
                item.title = safe_title(_file_name(item.file.src_uri))  # not MkDocs' guess from it (Zhaomin)
            elif isinstance(item, Page) and item.file.src_uri == TODO_PATH:
                item.title = TODO_TITLE
            elif isinstance(item, Page) and item.file.src_uri in generated:
                item.title = safe_title(generated[item.file.src_uri][0])
            elif isinstance(item, Page) and item.file.src_uri in (_build.volumes or {}):
                item.title = safe_title((_build.volumes or {})[item.file.src_uri])

    generated = _build.generated or {}
    people = people_of(archive.materials.values(), vocab)
    walk(nav.items, 0)
    _order_indexes(nav, list(generated))
    order = _build.index_options.order if _build.index_options else "strokes"
    _order_materials(nav.items, archive, vocab, order)
    if _build.writer:
        _group_members(nav.items, _build.writer.index.members, vocab)
    _campaign_indexes(nav, vocab, generated)
    _order_top(nav, vocab, generated)
    _name_home(nav, config)
    # Previous / next links follow the new order.
    nav.pages = list(_pages(nav.items))
    for n, page in enumerate(nav.pages):
        page.previous_page = nav.pages[n - 1] if n else None
        page.next_page = nav.pages[n + 1] if n + 1 < len(nav.pages) else None
    return nav


HOME_TITLE = "首页"


def _name_home(nav: Navigation, config: MkDocsConfig) -> None:
    """The menu's title is the site's name (Material writes it above the list); the home page, whose heading is
    the site's name too, is 首页 in the menu, so the name is not read twice. The tab keeps the site's name alone
    (Material titles the home page with site_name)."""
    for item in nav.items:
        if isinstance(item, Page) and item.is_homepage and item.title in (None, config.site_name):
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
    page = next((p for p in _pages(section.children) if not getattr(p, "archive_index", False)), None)
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
    overviews = {path: page for page in _pages(nav.items) if generated.get(path := page.file.src_uri, ("", ""))[1] == "campaign"}
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
        page = next(_pages([item]), None)
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
    groups: dict[str, list[Page]] = {}
    for page in section.children:
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
        page = next(_pages([item]), None)
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


def _pages(items: list):
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Only where a pruned item is a single link: with navigation.sections an item off the page's path
    # shows its whole subtree (overrides/partials/nav-item.html).
    features = config.theme.get("features") or []
    env.globals["archive_nav"] = NavCache() if "navigation.prune" in features and "navigation.sections" not in features else None
    env.globals["archive_translate"] = Translations(env, config.theme.get("language") or "en")
    if _build is not None:
        names = env.list_templates(filter_func=lambda name: name.startswith("partials/javascripts/"))
        _build.scripts = template_patterns(env.loader.get_source(env, name)[0] for name in names)
    return env


class Translations:
    """Material's `lang.t(key)` (partials/language.html): the text in the site's language, else in English, else
    the key; each key looked up once per build (overrides/partials/language.html)."""

    def __init__(self, env: Environment, language: str) -> None:
        self.tables = [env.get_template(f"partials/languages/{name}.html").module for name in (language, "en")]
        self.texts: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = next((found for table in self.tables if (found := str(table.t(key)))), key)
        return text


class NavCache:
    """The navigation's items off the current page's path, each rendered once per link target.

    With navigation.prune, Material renders such an item as one link (a page, or a folder's first page) whose
    address is relative to the page being written: the same item with the same relative address is the same
    HTML. Rendering every item for every page took two thirds of the time MkDocs spends on templates."""

    def __init__(self) -> None:
        self.html: dict[tuple, str] = {}
        self.targets: dict[int, str] = {}
        self.page: tuple = ()

    def __call__(self, item, path: str, level: int, parent, page: Page | None, base_url: str, render: Callable) -> str:
        url = self.targets.get(id(item))
        if url is None:
            target = item
            while getattr(target, "children", None):
                target = target.children[0]
            url = self.targets[id(item)] = str(getattr(target, "url", ""))
        if not self.page or self.page[0] is not page:
            new = (page, base_url, *_address(page.url if page is not None else None))
            if self.page and self.page[1:3] != new[1:3]:
                self.html.clear()  # pages are written folder by folder: keep one folder's links, not the site's
            self.page = new
        _, base, folder, name, prefix = self.page
        key = (id(item), path, level, base, folder, name if prefix is not None and url.startswith(prefix) else None)
        html = self.html.get(key)
        if html is None:
            html = self.html[key] = render(item, path, level, parent)
        return html

    # The text around each child in nav-item.html's loop over a section's children (`{% for %}`, `{% if %}`).
    BEFORE, BETWEEN, AFTER = "\n              ", "\n                ", "\n              "
    END = "\n            "

    def children(self, section, path: str, level: int, index, page: Page | None, base_url: str, render: Callable) -> str:
        """A section's children, as nav-item.html's loop writes them: each item off the page's path from the
        cache, the others (the page, the sections on its path) rendered by Material's macro."""
        out = []
        for n, item in enumerate(section.children, 1):
            out.append(self.BEFORE)
            if not index or item != index:
                child_path = f"{path}_{n}"
                if getattr(item, "active", False) or item == page or getattr(item, "pages", None):
                    html = render(item, child_path, level + 1, section)
                else:
                    html = self(item, child_path, level + 1, section, page, base_url, render)
                out += (self.BETWEEN, html, self.AFTER)
            out.append(self.END)
        return "".join(out)


def _address(page_url: str | None) -> tuple:
    """The current page's folder and name (a/b/ and c of a/b/c/), and the prefix of the addresses that lie
    under it. A link from the page to anything else is relative to the folder alone (../x/), the same from
    every page of the folder; 404.html has no page, and its links start from base_url."""
    if page_url is None:
        return (None, None, None)
    folder, _, name = page_url.rstrip("/").rpartition("/")
    return (folder, name, page_url.rstrip("/"))


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A material's page is made from the archive (on_page_markdown), not from its file: MkDocs need not read
    the file again, and must not take its front matter as its own (`template: true`, 范本, would name a page
    template; `status` would put a badge in the navigation)."""
    assert _build is not None and _build.archive is not None
    src = page.file.src_uri
    return "" if src in _build.archive.materials or src in (_build.errors or {}) else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None and _build.archive is not None
    src = page.file.src_uri
    if src in (_build.volumes or {}):
        return markdown  # made with its fragments in on_files
    frags = _build.fragments[src] = Fragments()
    material = _build.archive.materials.get(src)
    errors = (_build.errors or {}).get(src)
    if material is None and src == "index.md" and _build.writer:
        notice = frags.block(todo_notice(page.file.url)) if _serving and _build.shown else ""
        return notice + markdown.rstrip() + "\n" + frags.defer_blocks(overview_block(_build.writer, "index.md"))
    if material is None and src in _build.bodies:
        return markdown + frags.defer_blocks(_build.bodies.pop(src)())
    shown = _build.shown.get(src) or errors or []
    if material is None:
        # Under `serve`, a material that cannot be read shows its errors and its body (never its front matter), under
        # its file's name, and the rest of the site stays.
        if errors and src in _build.unread:
            page.meta["title"] = UNREAD_TITLE
            return frags.block(error_box(shown))
        if errors:
            page.meta["title"] = _file_name(src)
            return frags.block(error_box(shown, split(page.file.content_string).body.strip("\n")))
        return markdown
    marks, ledger = material_additions(_build.writer, material) if _build.writer else ({}, "")
    urls = _build.urls or {}
    placed: set[int] = set()
    text = render_material(material, _build.archive, _build.vocab, frags, lambda path: urls[path], marks,
                           diagnostics=shown if _serving else (), placed=placed)
    text = text.rstrip() + "\n" + frags.defer_blocks(ledger) if ledger else text
    if _serving:  # the preview only: a built site never shows it
        text = frags.block(outline_box(material)) + text
    return frags.block(error_box(shown, placed=placed)) + text if shown else text


def _file_name(src: str) -> str:
    """A broken material's title: its file's name as the member saved it (zhaomin.md), not a guess from it."""
    return src.rsplit("/", 1)[-1]


def outline_box(material: Material) -> Html:
    """What the outline recogniser found (archive outline's report), folded, for the secretary to check."""
    from studyarchive.outlinereport import material_outline, outline_report

    structured = _build is not None and _build.vocab.doc_types[material.meta.doc_type].structured
    lines = outline_report(material.body, material.body_line, material_outline(material)) if structured else [
        "这种文档类型不拆分问题、原因和措施，全文作为正文显示。"]
    return (Html('<details class="archive-outline"><summary>识别出的提纲（只在预览中显示，请核对）</summary><pre>%s</pre></details>')
            % "\n".join(lines))


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Material prints `page.meta.title` raw in <title> and the header: a material's title, a volume's
    (its campaign's label) or any page's own, escaped once (`| e` leaves the Markup alone)."""
    assert _build is not None and _build.archive is not None
    material = _build.archive.materials.get(page.file.src_uri)
    if material is not None:
        page.meta["title"] = material.meta.title
        # 在代码托管平台上修改本页 (overrides/partials/actions.html): materials only, when edit_uri is set.
        context["archive_edit_url"] = page.edit_url
    elif page.file.src_uri in (_build.errors or {}) and page.file.src_uri not in _build.unread:
        page.meta["title"] = _file_name(page.file.src_uri)
    if "title" in page.meta:
        page.meta["title"] = safe_title(str(page.meta["title"]))
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Materials arrive through pull requests: nothing in them may run in a reader's browser. The
    archive's own HTML goes in after the sanitizer: it is made here, with every text escaped."""
    assert _build is not None and _build.archive is not None
    src = page.file.src_uri
    if src in (_build.volumes or {}) or src not in _build.fragments:
        return html  # a volume is restored in on_post_page, when every material's page is ready
    frags = _build.fragments.pop(src)
    if src in _build.archive.materials or src in (_build.errors or {}):
        return _build.held.hold(src, mark_for_print(frags.restore(clean_html(html))), compress=False)
    return _build.held.hold(src, frags.restore(html))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Each page gets its HTML back; a bound volume is filled with its materials' finished HTML (they
    are not converted a second time). Then its Content-Security-Policy (csp.py)."""
    assert _build is not None
    src = page.file.src_uri
    if src in (_build.volumes or {}):
        return add_policy(_build.fragments.pop(src).restore(output), _build.scripts, _serving)
    return add_policy(_build.held.release(src, output), _build.scripts, _serving)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html and any other page made from a template alone carries the policy too."""
    assert _build is not None
    return add_policy(output_content, _build.scripts, _serving) if template_name.endswith(".html") else output_content


def _write_data(files: Files, config: MkDocsConfig) -> None:
    """archive.json and the search index, written now that their data is complete: the build holds the least
    memory here (no page converted yet), and MkDocs cleaned the site folder before on_files."""
    assert _build is not None and _build.archive is not None
    urls = _build.urls or {}
    os.makedirs(config.site_dir, exist_ok=True)
    _write_json(config.site_dir, urls)  # its data is freed before the search index is made
    # 全文搜索: the index of every material this site shows (docs/guide/search.md); fewer, larger files in a preview.
    target, per_file = (PREVIEW_SHARD_TARGET, PREVIEW_DOCS_PER_FILE) if _serving else (SHARD_TARGET, 1)
    write_search(config.site_dir, _build.archive, _build.vocab, lambda path: urls[path], target, per_file,
                 _site_pages(files))


SEARCH_GROUPS = {"overview": "档案索引", "campaign": "问题清单", "ledger": "整改台账", "ledger_csv": "整改台账下载",
                 "ledger_xlsx": "整改台账下载", "member": "党员", "area": "检视方面", "year": "年度",
                 "doc_type": "文档类型", "duplicates": "雷同表述", "meetings": "三会一课"}


def _site_pages(files: Files) -> list[SitePage]:
    """The pages of the site that search finds after the materials (docs/guide/search.md): the home page and the
    guides with their text, the generated pages and volumes by what they are and their titles."""
    assert _build is not None and _build.archive is not None
    out = []
    for file in files.documentation_pages():
        src = file.src_uri
        if src in _build.archive.materials or src in (_build.generated or {}) or src in (_build.volumes or {}):
            continue
        if src in (_build.errors or {}) or src in _build.unread:
            continue
        text = markdown_text(file.content_string)
        first = next((line for line in text.splitlines() if line.strip()), "")
        title = first if file.content_string.lstrip().startswith("# ") else file.name
        group = "首页" if src == "index.md" else folder_label(src.split("/", 1)[0], _build.vocab, _build.folders) or "网站页面"
        out.append(SitePage(file.url, title, group, text))
    for path, (title, kind, url) in (_build.generated or {}).items():
        group = SEARCH_GROUPS.get(kind, "档案索引")
        out.append(SitePage(url, title, group, f"{group}：{title}"))
    for path, title in (_build.volumes or {}).items():
        url = files.get_file_from_path(path).url
        out.append(SitePage(url, title, "材料汇编（打印）", f"材料汇编（打印）：{title}"))
    return out


def _write_json(site_dir: str, urls: dict[str, str]) -> None:
    assert _build is not None and _build.archive is not None
    data = export(_build.archive, _build.vocab, lambda path: urls[path])
    if _build.writer and _build.generated is not None:
        pages = [(path, title, kind, url) for path, (title, kind, url) in _build.generated.items()]
        data |= export_indexes(_build.writer.index, pages)
    with open(os.path.join(site_dir, "archive.json"), "w", encoding="utf-8", newline="\n") as fh:
        write_json(fh, data)


def _report(diagnostics) -> None:
    for d in sorted(diagnostics):
        (log.error if d.level == "error" else log.warning)(str(d))
