"""The incremental preview (`mkdocs serve --dirty`): each rebuild writes only the pages whose output changes.

Under `--dirty` MkDocs neither cleans its site folder nor reads and writes a page whose ``file.is_modified()`` is
False. ``Preview`` keeps, from one rebuild to the next, what decides each page's output (its fingerprint) and
``plan`` marks exactly the pages whose fingerprint changed, plus the materials linked to a changed one (their
text names it: recomputing every material's Markdown to compare would cost more than converting them). A changed
navigation (any title, address or order), a file of the site added or removed (an image: MkDocs resolves a page's
link to it against the files there are), a changed setting file or theme override, or a changed page of the site
that is not generated (its title comes from its text) rebuilds every page. Outputs of deleted pages are removed.

How a page is marked: a generated file is a ``Generated`` (its ``is_modified`` says False while it is kept); a file
under docs/ keeps MkDocs' own test (its output is newer than its source), and a page to rebuild gets its content
through the public ``content_string``, which makes MkDocs read and write it. So nothing depends on MkDocs' internals.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import zlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from ..core.model import Material
from ..output.additions import additions_key
from ..output.pages import overview_block
from ..output.printing import volume_materials, volume_path
from ..output.reads import page_view, shared_inputs

if TYPE_CHECKING:
    from .mkdocs_adapter import ArchiveBuild

log = logging.getLogger("mkdocs.hooks.archive")

DIRTY_WARNING = "A 'dirty' build is being performed"
"""MkDocs' warning before every `--dirty` build: under `serve --dirty` the adapter keeps the site exact instead."""


class Generated(File):
    """A generated file (index, ledger, volume, 待改正) that a `--dirty` rebuild may keep as it is."""

    kept: bool = False

    def is_modified(self) -> bool:
        return not self.kept and super().is_modified()


class QuietDirty(logging.Filter):
    """Drops MkDocs' English warning about `--dirty` builds: the preview handles them (plan)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):  # MkDocs', and ProperDocs' (its fork)
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuietDirty) for f in logger.filters):
            logger.addFilter(QuietDirty())


def digest(*parts: object) -> bytes:
    """The parts' values: texts and bytes as they are, anything else by its repr (a pickle would also record
    which objects are shared, and that differs between a material parsed now and one from the parse cache)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part) if isinstance(part, str) else repr(part)
        h.update(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        h.update(b"\0%d\0" % len(data))
    return h.digest()


class Preview:
    """What decided each page's output in the previous rebuild of this `serve --dirty` session."""

    def __init__(self) -> None:
        self.settings: bytes | None = None
        self.nav: bytes | None = None
        self.pages: dict[str, bytes] = {}
        """Each page's fingerprint (docs-relative path → digest)."""
        self.links: dict[str, set[str]] = {}
        """Each material's linked materials, both ways."""
        self.titles: dict[str, str] = {}
        """Titles MkDocs took from the text of the pages that are not generated (a kept page is not read again)."""
        self.outputs: set[str] = set()
        """Every file the previous build wrote or kept in the site folder (absolute paths)."""
        self.html: dict[str, bytes] = {}
        """Each material's finished HTML, compressed: a volume rebuilt without its materials reuses it."""
        self.views: dict[str, tuple[bytes, bytes]] = {}
        """Each material's state and its view by the generated pages (page_views)."""
        self.data: dict[str, bytes] = {}
        """The digest of each data file written (archive.json, the search index): unchanged ones are not rewritten."""

    def forget(self) -> None:
        """After a failed build: its pages may not have been written, so the next build writes every page."""
        self.settings = self.nav = None
        self.pages, self.links = {}, {}

    def keep_html(self, src: str, html: str) -> None:
        self.html[src] = zlib.compress(html.encode("utf-8"), 1)

    def material_html(self, src: str) -> str | None:
        kept = self.html.get(src)
        return None if kept is None else zlib.decompress(kept).decode("utf-8")

    def remember_titles(self, files: Files) -> None:
        for file in files.documentation_pages():
            if file.page is not None and file.page.markdown is not None and file.page.title is not None:
                self.titles[file.src_uri] = file.page.title

    def write(self, path: str, data: bytes) -> None:
        """Write a data file unless the same bytes are there already."""
        key = digest(data)
        if self.data.get(path) == key and os.path.isfile(path):
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        self.data[path] = key

    def write_all(self, folder: str, made: Iterable[tuple[str, bytes]]) -> set[str]:
        """Files under ``folder`` (the search index): the changed written, the ones no longer made removed."""
        written = set()
        for name, data in made:
            path = os.path.join(folder, name)
            self.write(path, data)
            written.add(path)
        for path in [p for p in self.data if p.startswith(folder + os.sep) and p not in written]:
            del self.data[path]
            _remove(path)
        return written


def write_json(preview: Preview, path: str, dump: Callable[[io.StringIO], None]) -> None:
    out = io.StringIO(newline="\n")
    dump(out)
    preview.write(path, out.getvalue().encode("utf-8"))


def plan(build: ArchiveBuild, files: Files, nav: Navigation, config: MkDocsConfig) -> set[str]:
    """The pages this rebuild writes (docs-relative paths); marks every other page kept."""
    preview = build.preview
    assert preview is not None and build.archive is not None
    pages = {f.src_uri: f for f in files.documentation_pages()}
    links = material_links(build.archive.materials.values())
    states = {path: digest(*material_state(build, m)) for path, m in build.archive.materials.items()}
    views, same = page_views(preview, build.archive.materials, states)
    prints = fingerprints(build, pages, links, states, views)
    settings = settings_digest(build, config)
    # A page's links to the site's other files (an image) are resolved by MkDocs against the files there are.
    nav_key = digest(list(nav_items(nav.items, preview.titles)), sorted(f.src_uri for f in files if not f.is_documentation_page()))
    plain = [src for src in pages if src not in prints]
    others = {src: digest(pages[src].content_string) for src in plain}
    full = (settings != preview.settings or nav_key != preview.nav
            or any(preview.pages.get(src) != key for src, key in others.items()))
    if full:
        rebuild = set(pages)
    else:
        changed = {src for src, key in prints.items() if preview.pages.get(src) != key}
        # A material whose items and front matter are as they were (a typo in its prose) changes no linked page.
        rebuild = changed | {n for src in changed - same for n in links.get(src, set()) | preview.links.get(src, set())}
        volumes = volume_of(build)
        rebuild |= {src for src in build.volumes or {} if src in changed or rebuild & volumes.get(src, set())}
    rebuild |= {src for src, file in pages.items() if file.generated_by is None and src not in rebuild and file.is_modified()}
    rebuild = {src for src in rebuild if src in pages}  # a deleted material linked from a changed one has no page
    # The ledger's CSV and Excel files: written again only when their bytes change.
    assets = {f.src_uri: f for f in files if isinstance(f, Generated) and not f.is_documentation_page()}
    sums = {src: digest(f.content_bytes) for src, f in assets.items()}
    for src, file in assets.items():
        file.kept = not full and preview.pages.get(src) == sums[src] and os.path.isfile(file.abs_dest_path)
    preview.settings, preview.nav, preview.pages, preview.links = settings, nav_key, {**prints, **others, **sums}, links
    # Only the materials there are: a renamed or deleted one's HTML would stay for the rest of the session.
    preview.html = {src: html for src, html in preview.html.items() if src in build.archive.materials}
    mark(build, files, pages, rebuild, full)
    log.info(f"本次预览重新生成了 {len(rebuild)} 个页面（共 {len(pages)} 个）。")
    return rebuild


def fingerprints(build: ArchiveBuild, pages: dict[str, File], links: dict[str, set[str]], states: dict[str, bytes],
                 views: dict[str, bytes]) -> dict[str, bytes]:
    """What decides each archive page's output: its material (``states``) and additions; a generated page's
    materials as it shows them (``views``, with those they link to) where it says which it reads (pages.Page.reads),
    else its Markdown, made now."""
    assert build.archive is not None
    materials, shown, errors = build.archive.materials, build.shown, build.errors or {}
    shared = digest(*shared_inputs(build.writer.index, build.writer.branch)) if build.writer else b""
    out: dict[str, bytes] = {}
    for src, file in pages.items():
        notes = [str(d) for d in shown.get(src, errors.get(src, []))]
        if src in materials:
            extra = additions_key(build.writer, materials[src]) if build.writer else None
            out[src] = digest(states[src], extra, notes, file.url)
        elif src in errors:
            out[src] = digest(file.content_string, notes, src in build.unread)
        elif src in build.reads:
            read, shows = build.reads[src]
            named = sorted(read.union(*(links.get(path, ()) for path in read)))
            out[src] = digest(file.content_string, shared, shows(), b"".join(views.get(path, b"-") for path in named), named)
        elif src in build.bodies:
            text = build.bodies[src]()  # made now, and kept for the page: it is its fingerprint
            build.bodies[src] = _made(text)
            out[src] = digest(file.content_string, text)
        elif src in (build.volumes or {}) or src in (build.generated or {}):
            out[src] = digest(file.content_string)
        elif src == "index.md" and build.writer:
            notice = [str(d) for ds in shown.values() for d in ds]
            out[src] = digest(file.content_string, overview_block(build.writer, src), notice)
    return out


def page_views(preview: Preview, materials: dict[str, Material], states: dict[str, bytes]) -> tuple[dict[str, bytes], set[str]]:
    """Each material as the generated pages show it (reads.page_view), made again only when its state changed;
    and the materials whose view is the previous rebuild's."""
    made, same = {}, set()
    for path, m in materials.items():
        old = preview.views.get(path)
        made[path] = old if old is not None and old[0] == states[path] else (states[path], digest(*page_view(m)))
        if old is not None and old[1] == made[path][1]:
            same.add(path)
    preview.views = made
    return {path: view for path, (_, view) in made.items()}, same


def material_state(build: ArchiveBuild, m: Material) -> tuple[object, ...]:
    """A material as its page shows it: its file's text (the same text parses to the same material, parse cache)
    and what the linker and the ledgers added from the other materials."""
    kept = build.kept.parsed.parsed.get(m.path) if build.kept is not None else None
    if kept is None:
        return (m,)
    links = [(i.answers, i.answered_by, i.mentioned_by, i.ledger, i.reports) for i in m.items]
    return kept[0], m.meta, m.resolved, links


def _made(text: str) -> Callable[[], str]:
    return lambda: text


def volume_of(build: ArchiveBuild) -> dict[str, set[str]]:
    """Each volume's materials."""
    assert build.archive is not None
    order = build.index_options.order if build.index_options else "strokes"
    return {volume_path(c): {m.path for m in ms} for c, ms in volume_materials(build.archive, build.vocab, order).items()}


def material_links(materials: Iterable[Material]) -> dict[str, set[str]]:
    """The materials each material names or is named by (markers, answers, mentions, reports), both ways."""
    out: dict[str, set[str]] = {}
    for m in materials:
        named = {key.material for key in m.resolved.values()}
        for item in m.items:
            named.update(key.material for key in (*item.answered_by, *item.answers))
            named.update(x.material for x in item.mentioned_by)
            named.update(r.material for r in item.reports)
        named.discard(m.path)
        for other in named:
            out.setdefault(m.path, set()).add(other)
            out.setdefault(other, set()).add(m.path)
    return out


def settings_digest(build: ArchiveBuild, config: MkDocsConfig) -> bytes:
    """The settings files beside mkdocs.yml (mkdocs.yml, vocabulary.yml, urls.yml), the theme's overrides and the
    build's own settings: any change rebuilds every page."""
    root = os.path.dirname(config.config_file_path or ".") or "."
    parts: list[object] = [build.fast, build.prefix, build.audience, config.site_url, build.index_options, build.vocab,
                           build.member_slugs, build.pages, build.folders]  # also when read from elsewhere
    for name in sorted(os.listdir(root)):
        if name.endswith((".yml", ".yaml")) and os.path.isfile(os.path.join(root, name)):
            with open(os.path.join(root, name), "rb") as fh:
                parts.append((name, fh.read()))
    custom = config.theme.custom_dir
    for folder, _, names in os.walk(custom) if custom else ():
        for name in sorted(names):
            stat = os.stat(os.path.join(folder, name))
            parts.append((folder, name, stat.st_mtime_ns, stat.st_size))
    return digest(*parts)


def nav_items(items: list, titles: dict[str, str]) -> Iterable[tuple]:
    """The navigation as every page shows it: each title, address and place."""
    for item in items:
        if isinstance(item, Section):
            yield ("section", item.title, tuple(nav_items(item.children, titles)))
        elif isinstance(item, Page):
            yield ("page", nav_title(item, titles), item.url)
        elif isinstance(item, Link):
            yield ("link", item.title, item.url)


def nav_title(page: Page, titles: dict[str, str]) -> str | None:
    title = page.__dict__.get("title")  # set by on_nav; else the one MkDocs took from the page's text last time
    return title if title is not None else titles.get(page.file.src_uri)


def mark(build: ArchiveBuild, files: Files, pages: dict[str, File], rebuild: set[str], full: bool) -> None:
    """MkDocs writes exactly the pages in ``rebuild``; outputs no longer made go."""
    assert build.preview is not None and build.archive is not None
    preview = build.preview
    for src, file in pages.items():
        if isinstance(file, Generated):
            file.kept = src not in rebuild and os.path.isfile(file.abs_dest_path)
        elif src in rebuild and src not in build.archive.materials and src not in (build.errors or {}):
            file.content_string = file.content_string  # MkDocs reads and writes a page with content
        elif src not in rebuild and not full and file.page is not None and "title" not in file.page.__dict__:
            title = preview.titles.get(src)
            if title is not None:
                file.page.title = title  # what the navigation of the pages written shows for it
    outputs = {f.abs_dest_path for f in files} | set(preview.data)
    for path in sorted(preview.outputs - outputs):
        _remove(path)
    preview.outputs = outputs


def _remove(path: str) -> None:
    """A file the site no longer has, and its folders left empty."""
    try:
        os.remove(path)
        os.removedirs(os.path.dirname(path))
    except OSError:
        pass  # gone already, or the folder still holds other files
