"""The archive's MkDocs adapter: one object that holds one build's state and answers MkDocs' events.

hooks/archive_hook.py makes the one ``ArchiveBuild`` and hands it every event; the core (parse, link, index,
render) knows nothing of MkDocs. Uses only public MkDocs API, so that it also runs under ProperDocs. ``serve``
keeps the hook module, and with it this object, for every rebuild: ``on_config`` starts each build afresh, so
nothing accumulates across rebuilds. The speed-ups (speedups.py) are switched on and off in one place.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..analyse.indexes import ROOT as INDEX_ROOT
from ..analyse.indexes import Options, build_index, export_indexes, member_pages
from ..config.gate import decide, scan
from ..config.options import OptionsError
from ..config.options import load as load_settings
from ..config.project import read_sources, site_assets
from ..core.diagnostics import Diagnostic
from ..core.escaping import EMPTY, LINK, Html
from ..core.escaping import title as safe_title
from ..core.model import Archive, Material
from ..core.people import people_of, person_of
from ..core.vocab import Vocabulary, folder_label
from ..link.pipeline import build_archive
from ..output.additions import material_additions
from ..output.export import export
from ..output.export import write as write_json
from ..output.fragments import Fragments
from ..output.pages import FOLDERS as INDEX_FOLDERS
from ..output.pages import Writer, build_pages, front, overview_block
from ..output.printing import VOLUME_ROOT, mark_for_print, volume_pages
from ..output.render import error_box, nav_title, relative_url, render_material
from ..output.sanitize import clean_html
from ..parse.frontmatter import members_may_read, split
from ..parse.ledger import build_date
from ..search.search import OUT_DIR as SEARCH_DIR
from ..search.search import SitePage, build_files, markdown_text, write_search
from ..search.searchindex import PREVIEW_DOCS_PER_FILE, PREVIEW_SHARD_TARGET, SHARD_TARGET
from . import speedups, twin
from .csp import add_policy, template_patterns
from .incremental import Generated, Preview, plan, quiet_dirty_warning
from .incremental import write_json as write_json_once
from .navigation import arrange, pages_of
from .pagewriter import PageWriter, may_write
from .session import Kept

log = logging.getLogger("mkdocs.hooks.archive")

UNREAD_TITLE = "有错误的材料（改正后显示）"
DEFAULT_FOLDERS = {"guide": "使用指南", "huiyi": "会议记录", "xuexi": "学习笔记", "print": "材料汇编（打印）"}
TODO_PATH = f"{INDEX_ROOT}/todo.md"
TODO_TITLE = "待改正"


class ArchiveBuild:
    """One build of the archive site, event by event (the MkDocs events, in the order MkDocs calls them)."""

    serving: bool = False
    """Under `serve`: drafts are previewed, and errors are shown on their pages instead of stopping the build."""
    dirty: bool = False
    """`build --dirty`: MkDocs reads and writes only the pages whose file changed since the last build."""
    fast: bool = True
    """The speed-ups on (speedups.py); ARCHIVE_PLAIN=1 turns them off."""
    vocab: Vocabulary
    pages: list[str]
    """The pages of the site besides the materials (extra.archive.pages)."""
    folders: dict[str, str]
    prefix: str
    audience: str
    archive: Archive | None
    urls: dict[str, str] | None
    errors: dict[str, list[Diagnostic]] | None
    """Under `serve` only: the errors of each file, shown on its page instead of stopping the build."""
    shown: dict[str, list[Diagnostic]]
    """Under `serve` only: every error and warning of each file (docs-relative path), in order: its page shows
    each at its place (anchor diag-N, N its index here), the 待改正 page lists them all."""
    page_urls: dict[str, str]
    """Under `serve` only: the address of each file's page, for the 待改正 page's links."""
    unread: set[str]
    """Under `serve`, files with errors whose text this site may not show (the members' site, when the file is for
    the committee or says nothing readable about it): their page shows the errors alone, under a neutral title."""
    index_options: Options | None
    member_slugs: dict | None
    """The member pages' slugs, urls.yml's where it records them (indexes.member_pages)."""
    writer: Writer | None
    generated: dict[str, tuple[str, str, str]] | None
    """Generated pages and files (indexes, ledger, reports): path → (title, kind, url), in navigation order."""
    volumes: dict[str, str] | None
    """Generated bound volumes (汇编) for printing: path → title."""
    fragments: dict[str, Fragments]
    """Each page's generated HTML, kept out of its Markdown (fragments.py)."""
    held: speedups.Held
    """Each page's finished HTML while the other pages are converted (the index pages' compressed); the volumes
    reuse the materials'."""
    texts: dict[str, str]
    """Under `serve` only: the text of each file with errors, shown on its page (its MkDocs content is empty)."""
    bodies: dict[str, Callable[[], str]]
    """The Markdown of each generated page, made when MkDocs converts the page."""
    reads: dict[str, tuple[frozenset[str], Callable[[], object]]]
    """The materials each generated page's body reads and what else it shows, where it says (pages.Page.reads)."""
    twin: twin.Twin = twin.Twin()
    """Which of two processes this is, and the pages each converts and writes (twin.py)."""
    pages_out: PageWriter | None = None
    """The thread that writes the finished pages to disk (pagewriter.py); None with the speed-ups off."""
    scripts: list
    """Material's inline scripts as patterns of their texts: the only inline scripts a page allows (csp.py)."""

    def _start(self, vocab: Vocabulary, pages: list[str], folders: dict[str, str], prefix: str, audience: str) -> None:
        """A fresh state for every build, also under `serve`."""
        self.vocab, self.pages, self.folders, self.prefix, self.audience = vocab, pages, folders, prefix, audience
        self.archive = self.urls = self.errors = self.index_options = self.member_slugs = self.writer = self.generated = self.volumes = None
        self.shown, self.page_urls, self.unread = {}, {}, set()
        self.fragments, self.held, self.bodies, self.scripts, self.texts = {}, speedups.Held(self.fast), {}, [], {}
        self.reads = {}
        self.pages_out = PageWriter() if self.fast else None

    preview: Preview | None = None
    """Under `serve --dirty`: what decided each page in the previous rebuild, so that only changed pages are
    written (incremental.py)."""
    kept: Kept | None = None
    """Under `serve`: what one rebuild keeps for the next (session.py)."""

    def on_startup(self, command: str, dirty: bool) -> None:
        # `serve` previews drafts and keeps going on errors; `build` never does either.
        self.serving = command == "serve"
        self.dirty = dirty
        self.kept = Kept() if self.serving else None
        self.preview = Preview() if self.serving and dirty else None
        if self.preview is not None:
            quiet_dirty_warning()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Callable) -> Any:  # MkDocs' LiveReloadServer (server.watch)
        """`serve` rebuilds when the vocabulary, urls.yml or a file mkdocs.yml INHERITs from is saved, as it does
        for docs/ and mkdocs.yml: the build reads them too. A file missing at the start is not watched."""
        from ..config.options import read_files  # here, not above: this event is all that serve adds

        for path in read_files(config):
            if path.is_file():
                server.watch(str(path))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.fast = speedups.enabled(os.environ)
        speedups.unfreeze(self.kept.collector if self.kept and self.fast else None)
        speedups.tune_malloc(self.fast)  # before the search index's threads (on_files)
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
        self._start(settings.vocab, list(options.pages), {**INDEX_FOLDERS, **folders}, prefix, options.audience)
        if not may_write(config.plugins.events, self.on_post_page, self.on_post_build):
            self.pages_out = None  # MkDocs writes each page itself, after every plugin's on_post_page (pagewriter.py)
        self.index_options = Options.of(settings, today)
        config.markdown_extensions.extend(speedups.markdown_extensions(self.fast))  # type: ignore[arg-type]  # Markdown takes an object too
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # The publishing gate (gate.py), as `archive check` runs it: every file under docs/ is a material, a page or
        # file of the site, an attachment, left out, or an error; nothing else reaches the site.
        docs_dir = os.path.abspath(config.docs_dir)
        ours = [f for f in files if f.generated_by is None and os.path.abspath(f.abs_src_path or "").startswith(docs_dir + os.sep)]
        gate = decide(scan(Path(docs_dir)), self.pages, site_assets(config.extra_css, config.extra_javascript, config.theme),
                      self.prefix, config.use_directory_urls, [f.src_uri for f in ours if f.inclusion.is_excluded()])
        sources, unreadable = read_sources(Path(docs_dir), self.prefix, gate.materials)
        if self.serving:  # a material the gate keeps out of the site (an address taken twice) has no page to link to
            sources = [(path, text) for path, text in sources if path not in gate.blocked]
        cache = self.kept.parsed if self.kept and self.fast else None
        with speedups.collector_paused(self.fast):
            archive = build_archive(sources, self.vocab, self.prefix, self.audience, drafts=self.serving, cache=cache)
        speedups.freeze(self.fast)  # the archive lives as long as the build
        texts = dict(sources)
        published, attachments = gate.publish(texts, archive.hidden)
        self.member_slugs, naming = member_pages(Path(os.path.dirname(config.config_file_path or ".")), archive, self.vocab)
        diagnostics = gate.diagnostics + unreadable + archive.diagnostics + attachments + naming
        _report(diagnostics)
        errors = sorted(d for d in diagnostics if d.level == "error")
        if errors and not self.serving:
            raise PluginError(f"档案检查发现 {len(errors)} 处错误，构建已中止。请按上面的提示逐条修改。")
        self.errors = {}
        for d in archive.errors:
            self.errors.setdefault(d.path.removeprefix(self.prefix), []).append(d)
        if self.serving:  # warnings too: they fail the strict build in CI, so the preview shows them where they are
            for d in sorted(diagnostics):
                self.shown.setdefault(d.path.removeprefix(self.prefix), []).append(d)
        if self.audience != "committee":
            self.unread = {path for path in self.errors if path in texts and not members_may_read(texts[path])}
        del sources, texts  # the materials' texts (some 6 MB at 1,000): free before the search index and the pages
        # Only what the gate publishes: committee-only materials (in the members' site) and drafts leave no page,
        # sitemap or search entry; under `serve`, a refused file is left out and its error shown in the log.
        published -= {d.path.removeprefix(self.prefix) for d in unreadable}
        for file in ours:
            if file.src_uri not in published:
                files.remove(file)
        self.archive = archive
        self.urls = {f.src_uri: f.url for f in files.documentation_pages() if f.src_uri in archive.materials}
        if self.preview is None:  # else once on_nav has chosen the pages to write (incremental.plan)
            self._made_from_archive(files)
        self._add_indexes(files, config)
        if self.serving:
            self._add_todo(files, config)
        self._add_volumes(files, config)
        if not twin.may_fork(os.environ, self.fast, self.serving, self.dirty):
            self._write_data(files, config)  # else in on_nav, by the child (twin.py)
        speedups.freeze(self.fast)  # and the indexes and generated pages too
        return files

    def _made_from_archive(self, files: Files, only: set[str] | None = None) -> None:
        """A material's page is made from the archive (on_page_markdown), not from its file: MkDocs need not read
        the file again, and must not take its front matter as its own (`template: true`, 范本, would name a page
        template; `status` would put a badge in the navigation). So its content is empty for MkDocs (File's
        content_string, MkDocs 1.6's way in place of the deprecated on_page_read_source); a file with errors
        keeps its text here for its page under `serve`. ``only``: the pages the incremental preview writes."""
        assert self.archive is not None
        errors = self.errors or {}
        for file in files.documentation_pages():
            if only is not None and file.src_uri not in only:
                continue
            if only is None and self.dirty and not file.is_modified():
                continue  # MkDocs neither reads nor writes its page; with content it would count as changed
            if file.src_uri in errors:
                self.texts[file.src_uri] = file.content_string
            if file.src_uri in self.archive.materials or file.src_uri in errors:
                file.content_string = ""

    def _add_volumes(self, files: Files, config: MkDocsConfig) -> None:
        """Each campaign's materials bound into one page (汇编) to print in one go."""
        assert self.archive is not None
        order = self.index_options.order if self.index_options else "strokes"
        urls = self.urls or {}
        self.volumes = {}
        pages = volume_pages(self.archive, self.vocab, order, lambda path: urls[path], self._material_html,
                             directory_urls=config.use_directory_urls)
        for path, title, content, frags in pages:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{self.prefix}{VOLUME_ROOT}/ 是自动生成的材料汇编所用的目录，不能放文件：{path}。请把它移到别处。")
            files.append(Generated.generated(config, path, content=content))
            self.volumes[path] = title
            self.fragments[path] = frags

    def _material_html(self, path: str) -> str:
        """A material's finished page for a volume; `--dirty` builds convert only the files that changed."""
        if path in self.held:
            return self.held.html(path)
        kept = self.preview.material_html(path) if self.preview is not None else None
        if kept is not None:
            return kept
        return (Html('<p class="ar-error">%s%s 在这次增量构建（--dirty）中没有重新生成，汇编中缺少它；请完整构建后再打印汇编。</p>')
                % (self.prefix, path))

    def _add_indexes(self, files: Files, config: MkDocsConfig) -> None:
        """Indexes, problem lists, the ledger (also as CSV and Excel) and reports, as generated files."""
        assert self.archive is not None and self.index_options is not None
        groups = self.kept.groups if self.kept and self.fast else None
        index = build_index(self.archive, self.vocab, self.index_options, self.member_slugs, groups)
        urls = self.urls or {}
        self.writer = Writer(index, self.vocab, self.archive.materials, lambda path: urls[path],
                             directory_urls=config.use_directory_urls)
        self.writer.sheets = self.kept.sheets if self.kept and self.fast else None
        pages = build_pages(self.writer)
        taken = [p.path for p in pages if files.get_file_from_path(p.path) is not None]
        if taken:
            raise PluginError(f"{self.prefix}{INDEX_ROOT}/ 是自动生成的索引所用的目录，不能放文件：{'、'.join(taken)}。请把它们移到别处。")
        self.generated = {}
        for page in pages:
            file = Generated.generated(config, page.path, content=page.content)
            files.append(file)
            self.generated[page.path] = (page.title, page.kind, file.url)
            if page.body is not None:
                self.bodies[page.path] = page.body
            if page.reads is not None:
                self.reads[page.path] = (page.reads, page.shows)

    def _add_todo(self, files: Files, config: MkDocsConfig) -> None:
        """Under `serve` only: one page listing every error and warning of the archive, each linking to its place."""
        if files.get_file_from_path(TODO_PATH) is not None:
            return  # _add_indexes has refused the folder already
        self.page_urls = {f.src_uri: f.url for f in files.documentation_pages()}
        file = Generated.generated(config, TODO_PATH, content=front(TODO_TITLE))
        files.append(file)
        self.page_urls[TODO_PATH] = file.url
        self.bodies[TODO_PATH] = lambda: todo_page(self, file.url)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Folders get Chinese names (campaign labels, 会议记录, 2024年); materials short titles."""
        assert self.archive is not None
        archive, vocab = self.archive, self.vocab

        def walk(items: list, depth: int) -> None:
            for item in items:
                if isinstance(item, Section):
                    page = next((p for p in pages_of(item.children)), None)
                    parts = page.file.src_uri.split("/") if page else []
                    label = folder_label(parts[depth], vocab, self.folders) if len(parts) > depth + 1 else None
                    # A folder's name is the member's too: Material prints every title raw, so each is escaped here.
                    item.title = safe_title(label or item.title)
                    walk(item.children, depth + 1)
                elif isinstance(item, Page) and item.file.src_uri in archive.materials:
                    material = archive.materials[item.file.src_uri]
                    who = person_of(material.meta)
                    item.title = safe_title(nav_title(material, vocab, people.label(who) if who else None))
                elif isinstance(item, Page) and item.file.src_uri in self.unread:
                    item.title = safe_title(UNREAD_TITLE)
                elif isinstance(item, Page) and item.file.src_uri in (self.errors or {}):
                    item.title = safe_title(_file_name(item.file.src_uri))  # not MkDocs' guess from it (Zhaomin)
                elif isinstance(item, Page) and item.file.src_uri == TODO_PATH:
                    item.title = TODO_TITLE
                elif isinstance(item, Page) and item.file.src_uri in generated:
                    item.title = safe_title(generated[item.file.src_uri][0])
                elif isinstance(item, Page) and item.file.src_uri in (self.volumes or {}):
                    item.title = safe_title((self.volumes or {})[item.file.src_uri])

        generated = self.generated or {}
        people = people_of(archive.materials.values(), vocab)
        walk(nav.items, 0)
        order = self.index_options.order if self.index_options else "strokes"
        arrange(nav, config.site_name, archive, vocab, generated, order, self.writer.index.members if self.writer else None)
        if self.preview is not None:
            self._made_from_archive(files, plan(self, files, nav, config))
        self.twin = twin.Twin()
        if twin.may_fork(os.environ, self.fast, self.serving, self.dirty):  # the last event before pages are converted
            self.twin.start(nav, twin.child_pages(twin.units((p.file.src_uri for p in nav.pages), archive, vocab, order)))
            if self.twin.role != "parent":
                self._write_data(files, config)
            self.twin.narrow(files)
            twin.trim()
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self.twin.prune(files)
        env.globals.update(speedups.template_globals(env, config, self.fast))
        speedups.reuse_compiled(env, self.fast)
        names = speedups.script_templates(env, "partials/javascripts", self.fast)
        loader = env.loader
        assert loader is not None  # MkDocs' environment loads the theme's templates
        self.scripts = template_patterns(loader.get_source(env, name)[0] for name in names)
        if self.preview is not None:  # every page written is converted now: their titles, for the kept pages
            self.preview.remember_titles(files)
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.archive is not None
        src = page.file.src_uri
        if not self.twin.writes(src):  # the other process writes it (twin.py)
            page.meta["template"] = twin.SKIP_TEMPLATE
        if not self.twin.converts(src):
            return ""
        if src in (self.volumes or {}):
            return markdown  # made with its fragments in on_files
        frags = self.fragments[src] = Fragments()
        material = self.archive.materials.get(src)
        errors = (self.errors or {}).get(src)
        if material is None and src == "index.md" and self.writer:
            notice = frags.block(todo_notice(self, page.file.url)) if self.serving and self.shown else ""
            return notice + markdown.rstrip() + "\n" + frags.defer_blocks(overview_block(self.writer, "index.md"))
        if material is None and src in self.bodies:
            return markdown + frags.defer_blocks(self.bodies.pop(src)())
        shown = self.shown.get(src) or errors or []
        if material is None:
            # Under `serve`, a material that cannot be read shows its errors and its body (never its front matter), under
            # its file's name, and the rest of the site stays.
            if errors and src in self.unread:
                page.meta["title"] = UNREAD_TITLE
                return frags.block(error_box(shown))
            if errors:
                page.meta["title"] = _file_name(src)
                return frags.block(error_box(shown, split(self.texts[src]).body.strip("\n")))
            return markdown
        marks, ledger = material_additions(self.writer, material) if self.writer else ({}, "")
        urls = self.urls or {}
        placed: set[int] = set()
        text = render_material(material, self.archive, self.vocab, frags, lambda path: urls[path], marks,
                               diagnostics=shown if self.serving else (), placed=placed)
        text = text.rstrip() + "\n" + frags.defer_blocks(ledger) if ledger else text
        if self.serving:  # the preview only: a built site never shows it
            text = frags.block(outline_box(self, material)) + text
        return frags.block(error_box(shown, placed=placed)) + text if shown else text

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """Material prints `page.meta.title` raw in <title> and the header: a material's title, a volume's
        (its campaign's label) or any page's own, escaped once (`| e` leaves the Markup alone)."""
        assert self.archive is not None
        material = self.archive.materials.get(page.file.src_uri)
        if material is not None:
            page.meta["title"] = material.meta.title
            # 在代码托管平台上修改本页 (overrides/partials/actions.html): materials only, when edit_uri is set.
            context["archive_edit_url"] = page.edit_url
        elif page.file.src_uri in (self.errors or {}) and page.file.src_uri not in self.unread:
            page.meta["title"] = _file_name(page.file.src_uri)
        if "title" in page.meta:
            page.meta["title"] = safe_title(str(page.meta["title"]))
        return context

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Materials arrive through pull requests: nothing in them may run in a reader's browser. The
        archive's own HTML goes in after the sanitizer: it is made here, with every text escaped."""
        assert self.archive is not None
        src = page.file.src_uri
        if not self.twin.converts(src):
            page.present_anchor_ids = None  # the other process checks links to its anchors
        if src in (self.volumes or {}) or src not in self.fragments:
            return html  # a volume is restored in on_post_page, when every material's page is ready
        frags = self.fragments.pop(src)
        speedups.drop_sources(page, self.archive.materials.get(src), self.fast)
        if src in self.archive.materials or src in (self.errors or {}):
            html = mark_for_print(frags.restore(clean_html(html)))
            if self.preview is not None:
                self.preview.keep_html(src, html)
            return self.held.hold(src, html, compress=False)
        return self.held.hold_pieces(src, frags.pieces(html))

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Each page gets its HTML back; a bound volume is filled with its materials' finished HTML (they
        are not converted a second time). Then its Content-Security-Policy (csp.py)."""
        src = page.file.src_uri
        if not self.twin.writes(src):
            return ""  # the other process writes it; MkDocs writes no file for empty output
        if src in (self.volumes or {}):
            output = add_policy(self.fragments.pop(src).restore(output), self.scripts, self.serving)
        else:
            output = add_policy(self.held.release(src, output), self.scripts, self.serving)
        return self.pages_out.write(src, page.file.abs_dest_path, output) if self.pages_out else output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """404.html and any other page made from a template alone carries the policy too."""
        if self.twin.role == "child":
            return ""  # the parent writes it
        return add_policy(output_content, self.scripts, self.serving) if template_name.endswith(".html") else output_content

    @event_priority(100)  # before any plugin's on_post_build reads the site: every page is on disk by then
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Every page is on disk (pagewriter.py). The child hands its log and its error over and ends here; the
        parent waits for it (twin.py)."""
        if self.pages_out is not None:
            self.pages_out.finish()
        if self.twin.role == "child":
            self.twin.finish_child()
        self.twin.finish_parent()
        speedups.collect_when_idle(self.kept.collector if self.kept and self.fast else None)

    def on_build_error(self, error: Exception) -> None:
        """A failed rebuild under `serve --dirty` may have left pages unwritten: the next one writes them all. A
        failed child hands its error over; the parent stops its child (twin.py)."""
        if self.pages_out is not None:
            self.pages_out.stop()
        if self.preview is not None:
            self.preview.forget()
        if self.twin.role == "child":
            self.twin.finish_child(error)
        self.twin.stop()
        speedups.collect_when_idle(self.kept.collector if self.kept and self.fast else None)

    def _write_data(self, files: Files, config: MkDocsConfig) -> None:
        """archive.json and the search index, written now that their data is complete: the build holds the least
        memory here (no page converted yet), and MkDocs cleaned the site folder before on_files."""
        assert self.archive is not None
        urls = self.urls or {}
        os.makedirs(config.site_dir, exist_ok=True)
        self._write_json(config.site_dir, urls)  # its data is freed before the search index is made
        # 全文搜索: the index of every material this site shows (docs/guide/search.md); fewer, larger files in a preview.
        target, per_file = (PREVIEW_SHARD_TARGET, PREVIEW_DOCS_PER_FILE) if self.serving else (SHARD_TARGET, 1)
        cache = self.kept.search if self.kept and self.fast else None
        if self.preview is not None:  # only the files whose bytes changed (incremental.py)
            made = build_files(self.archive, self.vocab, lambda path: urls[path], target, per_file, self._site_pages(files),
                               cache)
            self.preview.write_all(os.path.join(config.site_dir, SEARCH_DIR), made)
            return
        write_search(config.site_dir, self.archive, self.vocab, lambda path: urls[path], target, per_file,
                     self._site_pages(files), cache)

    def _site_pages(self, files: Files) -> list[SitePage]:
        """The pages of the site that search finds after the materials (docs/guide/search.md): the home page and the
        guides with their text, the generated pages and volumes by what they are and their titles."""
        assert self.archive is not None
        out = []
        for file in files.documentation_pages():
            src = file.src_uri
            if src in self.archive.materials or src in (self.generated or {}) or src in (self.volumes or {}):
                continue
            if src in (self.errors or {}) or src in self.unread:
                continue
            text = markdown_text(file.content_string)
            first = next((line for line in text.splitlines() if line.strip()), "")
            title = first if file.content_string.lstrip().startswith("# ") else file.name
            group = "首页" if src == "index.md" else folder_label(src.split("/", 1)[0], self.vocab, self.folders) or "网站页面"
            out.append(SitePage(file.url, title, group, text))
        for _, (title, kind, url) in (self.generated or {}).items():
            group = SEARCH_GROUPS.get(kind, "档案索引")
            out.append(SitePage(url, title, group, f"{group}：{title}"))
        for path, title in (self.volumes or {}).items():
            volume = files.get_file_from_path(path)
            assert volume is not None  # _add_volumes added it
            out.append(SitePage(volume.url, title, "材料汇编（打印）", f"材料汇编（打印）：{title}"))
        return out

    def _write_json(self, site_dir: str, urls: dict[str, str]) -> None:
        assert self.archive is not None
        data = export(self.archive, self.vocab, lambda path: urls[path], self.kept.exported if self.kept and self.fast else None)
        if self.writer and self.generated is not None:
            pages = [(path, title, kind, url) for path, (title, kind, url) in self.generated.items()]
            data |= export_indexes(self.writer.index, pages)
        if self.preview is not None:
            write_json_once(self.preview, os.path.join(site_dir, "archive.json"), lambda fh: write_json(fh, data))
            return
        with open(os.path.join(site_dir, "archive.json"), "w", encoding="utf-8", newline="\n") as fh:
            write_json(fh, data)


SEARCH_GROUPS = {"overview": "档案索引", "campaign": "问题清单", "ledger": "整改台账", "ledger_csv": "整改台账下载",
                 "ledger_xlsx": "整改台账下载", "member": "党员", "area": "检视方面", "year": "年度",
                 "doc_type": "文档类型", "duplicates": "雷同表述", "meetings": "三会一课"}


# The preview's own HTML (待改正, its notice, the outline box), moved from the hook as it was: ``_build`` is the build.

def todo_page(_build: ArchiveBuild, url: str) -> str:
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


def todo_notice(_build: ArchiveBuild, url: str) -> Html:
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


def outline_box(_build: ArchiveBuild, material: Material) -> Html:
    """What the outline recogniser found (archive outline's report), folded, for the secretary to check."""
    from studyarchive.output.outlinereport import material_outline, outline_report

    structured = _build is not None and _build.vocab.doc_types[material.meta.doc_type].structured
    lines = outline_report(material.body, material.body_line, material_outline(material)) if structured else [
        "这种文档类型不拆分问题、原因和措施，全文作为正文显示。"]
    return (Html('<details class="archive-outline"><summary>识别出的提纲（只在预览中显示，请核对）</summary><pre>%s</pre></details>')
            % "\n".join(lines))


def _file_name(src: str) -> str:
    """A broken material's title: its file's name as the member saved it (zhaomin.md), not a guess from it."""
    return src.rsplit("/", 1)[-1]


def _report(diagnostics) -> None:
    for d in sorted(diagnostics):
        (log.error if d.level == "error" else log.warning)(str(d))
