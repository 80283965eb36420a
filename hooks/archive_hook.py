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

from studyarchive import ArchiveError, Diagnostic, build_archive
from studyarchive.csp import add_policy, template_patterns
from studyarchive.model import Material
from studyarchive.escaping import title as safe_title
from studyarchive.gate import decide, scan
from studyarchive.project import read_options, read_sources, read_vocabulary, site_assets
from studyarchive.export import export
from studyarchive.frontmatter import members_may_read
from studyarchive.export import write as write_json
from studyarchive.indexes import ROOT as INDEX_ROOT
from studyarchive.indexes import Options, build_index, export_indexes, load_options
from studyarchive.ledger import build_date
from studyarchive.pages import FOLDERS as INDEX_FOLDERS
from studyarchive.pages import Writer, build_pages, material_additions, member_path, overview_block
from studyarchive.model import Archive
from studyarchive.fragments import Fragments, Held
from studyarchive.plaininline import PlainTextExtension
from studyarchive.people import people_of, person_of
from studyarchive.printing import VOLUME_ROOT, mark_for_print, volume_pages
from studyarchive.render import error_box, nav_title, render_material
from studyarchive.sanitize import clean_html
from studyarchive.search import write_search
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
    extra = config.extra if isinstance(config.extra, dict) or hasattr(config.extra, "get") else {}
    root = os.path.dirname(config.config_file_path or ".")
    shown = os.path.basename(config.config_file_path or "mkdocs.yml")
    read, problems = read_options((extra or {}).get("archive"), shown)  # the same reading as `archive check`
    if problems:
        _report(problems)
        raise PluginError(f"{shown} 的 extra.archive 有 {len(problems)} 处错误，构建已中止。")
    vocab_path = os.path.join(root, read["vocabulary"])
    try:  # the same reading and the same messages as `archive check`
        vocab = read_vocabulary(Path(vocab_path), os.path.relpath(vocab_path, root).replace(os.sep, "/"))
    except ArchiveError as exc:
        _report(exc.diagnostics)
        raise PluginError(f"词表有 {len(exc.diagnostics)} 处错误，构建已中止。") from None
    prefix = os.path.relpath(config.docs_dir, root).replace(os.sep, "/") + "/"
    folders = {**DEFAULT_FOLDERS, **read["folders"]}
    _build = _Build(vocab, read["pages"], {**INDEX_FOLDERS, **folders}, prefix, read["audience"])
    try:
        _build.index_options, problems = load_options(read["raw"], vocab, build_date(os.environ), shown)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    if problems:
        _report(problems)
        raise PluginError(f"{shown} 的 extra.archive 有 {len(problems)} 处错误，构建已中止。")
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
    hidden = set(archive.hidden)
    published, attachments = gate.publish(dict(sources), [m for m in gate.materials if m not in hidden])
    diagnostics = gate.diagnostics + unreadable + archive.diagnostics + attachments
    _report(diagnostics)
    errors = sorted(d for d in diagnostics if d.level == "error")
    if errors and not _serving:
        raise PluginError(f"档案检查发现 {len(errors)} 处错误，构建已中止。请按上面的提示逐条修改。")
    _build.errors = {}
    for d in archive.errors:
        _build.errors.setdefault(d.path.removeprefix(_build.prefix), []).append(d)
    texts = dict(sources)
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
    return f'<p class="ar-error">{_build.prefix}{path} 在这次增量构建（--dirty）中没有重新生成，汇编中缺少它；请完整构建后再打印汇编。</p>'


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
            elif isinstance(item, Page) and item.file.src_uri in generated:
                item.title = safe_title(generated[item.file.src_uri][0])
            elif isinstance(item, Page) and item.file.src_uri in (_build.volumes or {}):
                item.title = safe_title((_build.volumes or {})[item.file.src_uri])

    generated = _build.generated or {}
    people = people_of(archive.materials.values(), vocab)
    walk(nav.items, 0)
    _order_indexes(nav, list(generated))
    if _build.writer:
        _group_members(nav.items, _build.writer.index.members, vocab)
    # Previous / next links follow the new order.
    nav.pages = list(_pages(nav.items))
    for n, page in enumerate(nav.pages):
        page.previous_page = nav.pages[n - 1] if n else None
        page.next_page = nav.pages[n + 1] if n + 1 < len(nav.pages) else None
    return nav


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
        return markdown.rstrip() + "\n" + frags.defer_blocks(overview_block(_build.writer, "index.md"))
    if material is None and src in _build.bodies:
        return markdown + frags.defer_blocks(_build.bodies.pop(src)())
    if material is None:
        # Under `serve`, a material that cannot be read shows its errors and its text, and the rest of the site stays.
        if errors and src in _build.unread:
            page.meta["title"] = UNREAD_TITLE
            return frags.block(error_box(errors))
        return frags.block(error_box(errors, page.file.content_string)) if errors else markdown
    marks, ledger = material_additions(_build.writer, material) if _build.writer else ({}, "")
    urls = _build.urls or {}
    text = render_material(material, _build.archive, _build.vocab, frags, lambda path: urls[path], marks)
    text = text.rstrip() + "\n" + frags.defer_blocks(ledger) if ledger else text
    if _serving:  # the preview only: a built site never shows it
        text = frags.block(outline_box(material)) + text
    return frags.block(error_box(errors)) + text if errors else text


def outline_box(material: Material) -> str:
    """What the outline recogniser found (archive outline's report), folded, for the secretary to check."""
    from studyarchive.escaping import html
    from studyarchive.outlinereport import material_outline, outline_report

    structured = _build is not None and _build.vocab.doc_types[material.meta.doc_type].structured
    lines = outline_report(material.body, material.body_line, material_outline(material)) if structured else [
        "这种文档类型不拆分问题、原因和措施，全文作为正文显示。"]
    return ('<details class="archive-outline"><summary>识别出的提纲（只在预览中显示，请核对）</summary><pre>'
            + html("\n".join(lines)) + "</pre></details>")


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Material prints `page.meta.title` raw in <title> and the header: a material's title, a volume's
    (its campaign's label) or any page's own, escaped once (`| e` leaves the Markup alone)."""
    assert _build is not None and _build.archive is not None
    material = _build.archive.materials.get(page.file.src_uri)
    if material is not None:
        page.meta["title"] = material.meta.title
        # 在代码托管平台上修改本页 (overrides/partials/actions.html): materials only, when edit_uri is set.
        context["archive_edit_url"] = page.edit_url
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
    write_search(config.site_dir, _build.archive, _build.vocab, lambda path: urls[path], target, per_file)


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
