"""The build's speed-ups, in one place, with one switch that turns them all off.

Each one changes how fast (or in how much memory) the site is made, never a byte of it:

- ``PlainTextExtension`` (plaininline.py): Python-Markdown skips its inline patterns on texts none can match;
- ``Held``: pages' finished HTML kept aside (the index pages' compressed) until the page is written;
- ``NavCache``: the navigation's items off the current page's path rendered once per link target
  (overrides/partials/nav-item.html);
- ``Translations``: Material's texts looked up once per build (overrides/partials/language.html);
- ``gc.freeze()``: the collector stops walking the archive, which lives as long as the build;
- ``IdleCollector``: under `serve`, the collector frees the last rebuild's objects while serve waits, not during the
  next rebuild;
- ``tune_malloc()``: on glibc, one malloc arena for every thread and large blocks always mapped, so that memory
  freed by the search index's threads serves the pages written after it;
- ``ParseCache`` (pipeline.py): under `serve`, a rebuild parses only the files that changed;
- ``GroupCache`` (similar.py): under `serve`, a rebuild looks for near-identical statements (千人一面) only in the
  campaigns whose statements changed;
- ``TEMPLATE_CODE``: under `serve`, each rebuild's new Jinja environment reuses the templates compiled before
  (Jinja recompiles a template whose source changed);
- ``script_templates``: Material's inline-script templates listed from their folder, not by walking all of
  the theme's 14,000 files (icons) for them;
- ``PageWriter`` (pagewriter.py): finished pages written to disk by a second thread while MkDocs renders the next.

``ARCHIVE_PLAIN=1`` in the environment builds without any of them, as plain MkDocs and Material would:
tests/test_adapter.py builds the same sites both ways and compares every file. The tokens of fragments.py
are not among them: they keep the archive's own HTML out of the sanitizer (on_page_content), so they are how
the page is made, not a speed-up, although they began as one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import platform
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping

from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from markdown import Extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..core.model import Material
from ..output.fragments import CLOSE, OPEN
from .plaininline import PlainTextExtension

SWITCH = "ARCHIVE_PLAIN"
"""The environment variable that turns every speed-up off (any value but empty or 0)."""


def enabled(environ: Mapping[str, str]) -> bool:
    return environ.get(SWITCH, "").strip() in ("", "0")


def markdown_extensions(fast: bool) -> list[Extension]:
    # Python-Markdown skips its inline patterns on texts none of them can match (plaininline.py: why).
    return [PlainTextExtension()] if fast else []


def freeze(fast: bool) -> None:
    """What exists now lives as long as the build: the collector need not look at it again (unfreeze)."""
    if fast:
        gc.freeze()


M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8
"""glibc's mallopt() parameters (malloc.h)."""
MMAP_THRESHOLD = 1 << 20
"""Blocks from 1 MB up get their own mapping, given back to the system when freed (the 5 MB pages)."""


def tune_malloc(fast: bool) -> None:
    """glibc gives each thread that allocates its own arena and keeps what is freed there: the search index's two
    threads left some 20 MB (at 1,000 materials) that the pages written later could not use. One arena for all
    threads lets them; a fixed mapping threshold stops glibc from raising it (up to 32 MB) after each large block
    freed, so large pages come and go with their own mapping. Only where the C library is glibc; else nothing."""
    if not fast or platform.libc_ver()[0] != "glibc":
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_ARENA_MAX, 1)
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):  # a libc without mallopt: the build is only larger
        return


def unfreeze(idle: IdleCollector | None = None) -> None:
    """What the last build froze can be collected again (also after a build with the speed-ups off); under `serve`,
    ``idle`` does it in the pause after each rebuild instead."""
    if idle is not None:
        idle.before_build()
    else:
        gc.unfreeze()


def collect_when_idle(idle: IdleCollector | None) -> None:
    if idle is not None:
        idle.after_build()


@contextlib.contextmanager
def collector_paused(fast: bool) -> Iterator[None]:
    """The archive being built (a million objects unpickled under `serve`, all alive) is no garbage: the collector's
    passes over it cost 0.1 to 0.2 s per rebuild at 1,000 materials and find nothing. It is frozen right after."""
    if not fast or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


IDLE_DELAY = 1.0
"""Seconds after a `serve` rebuild before the collector frees the one before it: the browser has reloaded by then."""


class IdleCollector:
    """Under `serve`, the collector's full passes over the last rebuild's objects (a few hundred thousand: MkDocs'
    pages and files reference each other, so only the collector frees them) ran during the next rebuild, twice, for
    0.15 to 0.35 s at 1,000 materials. They run instead while serve waits for the next save: the next rebuild starts
    with everything alive frozen. A save within IDLE_DELAY of the last rebuild (an editor that saves as one types)
    has the pass before it instead, so that at most one rebuild's objects ever wait to be freed."""

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None

    def before_build(self) -> None:
        timer, self.timer = self.timer, None
        if timer is not None and not timer.finished.is_set():  # no pause since the last rebuild: its pass now
            timer.cancel()
            _collect()

    def after_build(self) -> None:
        self.before_build()
        self.timer = threading.Timer(IDLE_DELAY, _collect)
        self.timer.daemon = True
        self.timer.start()


_COLLECTING = threading.Lock()
"""A save at the moment the pause's pass begins waits for it: the pass must not freeze the new rebuild's objects."""


def _collect() -> None:
    with _COLLECTING:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def template_globals(env: Environment, config: MkDocsConfig, fast: bool) -> dict[str, object]:
    """archive_nav and archive_translate for overrides/partials/; None makes those templates Material's own."""
    if not fast:
        return {"archive_nav": None, "archive_translate": None}
    # Only where a pruned item is a single link: with navigation.sections an item off the page's path
    # shows its whole subtree (overrides/partials/nav-item.html).
    features = config.theme.get("features") or []
    nav = NavCache() if "navigation.prune" in features and "navigation.sections" not in features else None
    return {"archive_nav": nav, "archive_translate": Translations(env, config.theme.get("language") or "en")}


class MemoryBytecode(BytecodeCache):
    """Compiled templates in memory, for the life of the process (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = MemoryBytecode()
"""One per process: `serve` makes a new Jinja environment for each rebuild."""


def reuse_compiled(env: Environment, fast: bool) -> None:
    """MkDocs' environment compiles each template anew in every build; under `serve` that is every save."""
    if fast and env.bytecode_cache is None:
        env.bytecode_cache = TEMPLATE_CODE


def script_templates(env: Environment, folder: str, fast: bool) -> list[str]:
    """The templates under ``folder``/ (sorted, each name once), as env.list_templates() would filter them."""
    loader = env.loader
    if not fast or type(loader) is not FileSystemLoader:
        return env.list_templates(filter_func=lambda name: name.startswith(folder + "/"))
    names = set()
    for root in loader.searchpath:
        top = os.path.join(root, *folder.split("/"))
        for here, _, files in os.walk(top, followlinks=loader.followlinks):
            for name in files:
                names.add("/".join((folder, *os.path.relpath(os.path.join(here, name), top).split(os.sep))))
    return sorted(names)


def drop_sources(page: Page, material: Material | None, fast: bool) -> None:
    """A page is converted: its Markdown, which MkDocs keeps to the end of the build, and a material's text (read
    only by render_material, the search index and archive.json, all done by now) are not read again. Freed, they
    make room for the index pages converted and written last, where the build's memory peaks."""
    if fast:
        page.markdown = ""
        if material is not None:
            material.body = ""


class Held:
    """Pages' finished HTML, from conversion until the page is written.

    MkDocs converts every page before it writes any, and keeps each page's HTML in memory meanwhile:
    the archive's index pages alone hold as much text as the materials. Those are compressed (to about
    one sixth) while they wait; the page itself carries a token until then. A material's HTML is kept as it
    is: its volume reads it again, and compressing and expanding it twice cost more time (about 0.15 s at
    1,000 materials) than its memory is worth while pages are made, when the build is far from its peak.
    """

    TOKEN = f"{OPEN}page{CLOSE}"
    H1 = "<!--<h1>-->"
    """Material's template adds a title unless the content has an <h1>: the token says whether it does."""

    def __init__(self, fast: bool = True) -> None:
        self._pages: dict[str, bytes | str] = {}
        self.fast = fast

    def hold(self, key: str, html: str, compress: bool = True) -> str:
        # str(): the page is spliced into MkDocs' output, a plain str, which ``Html + str`` would escape.
        html = str(html)
        if not self.fast:  # the page keeps its HTML; a material's is kept too, for its volume
            if not compress:
                self._pages[key] = html
            return html
        self._pages[key] = zlib.compress(html.encode("utf-8"), 1) if compress else html
        return self.TOKEN + (self.H1 if "<h1" in html else "")

    def hold_pieces(self, key: str, pieces: Iterable[str]) -> str:
        """hold() of the page that ``pieces`` make, compressed piece by piece: the whole page (the 雷同表述 index is
        5 MB at 1,000 materials) is never in memory, as text or as UTF-8."""
        if not self.fast:
            return self.hold(key, "".join(pieces))
        packer, packed, tail, h1 = zlib.compressobj(1), [], "", False
        for part in pieces:
            piece = str(part)  # as in hold(): ``str + Html`` would escape the str
            h1 = h1 or "<h1" in piece or "<h1" in tail + piece[:2]  # also where a piece ends in "<" or "<h"
            tail = (tail + piece)[-2:]
            packed.append(packer.compress(piece.encode("utf-8")))
        packed.append(packer.flush())
        self._pages[key] = b"".join(packed)
        return self.TOKEN + (self.H1 if h1 else "")

    def __contains__(self, key: str) -> bool:
        return key in self._pages

    def html(self, key: str) -> str:
        page = self._pages[key]
        return page if isinstance(page, str) else zlib.decompress(page).decode("utf-8")

    def release(self, key: str, output: str) -> str:
        """The written page: the token replaced by the HTML (kept for the volumes that reuse it)."""
        if not self.fast or key not in self._pages:
            return output
        at = output.find(self.TOKEN)
        if at < 0:
            return output
        end = at + len(self.TOKEN) + (len(self.H1) if output.startswith(self.H1, at + len(self.TOKEN)) else 0)
        return "".join((output[:at], self.html(key), output[end:]))  # one copy of a large page, not two


class Translations:
    """Material's `lang.t(key)` (partials/language.html): the text in the site's language, else in English, else
    the key; each key looked up once per build (overrides/partials/language.html)."""

    def __init__(self, env: Environment, language: str) -> None:
        self.tables = [env.get_template(f"partials/languages/{name}.html").module for name in (language, "en")]
        self.texts: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = next((found for table in self.tables if (found := str(table.t(key)))), key)  # type: ignore[attr-defined]  # Material's macro
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
