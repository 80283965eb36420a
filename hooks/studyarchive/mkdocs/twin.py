"""Two processes share the pages of one build: MkDocs converts and writes pages on one core, the machine has two.

At the very end of on_nav (the last event before MkDocs converts pages) the build forks. Both processes then go on
with MkDocs' own loop over every page, each converting and writing only its share; a page a process does not own
gets empty Markdown, a template that renders nothing (overrides/archive-skip.html) and empty output, and MkDocs
writes no file for empty output. The child owns materials and volumes only (their navigation titles are set by the
hook in on_nav, so they are the same in both processes): a page whose title comes from its own <h1> (home, guides)
is converted by the child too, for the navigation it writes, but written by the parent alone. A campaign's materials
stay with its volume, which reuses their finished HTML. The parent alone writes static files, 404.html and the
sitemap. The child's log records go to the parent, which emits them in on_post_build (so `--strict` counts them
there) and raises the child's error with its message; the child ends with os._exit.

Only with ARCHIVE_JOBS=2 (or more) for now: the split saves wall time on an idle machine, but the two processes hold
about 20% more memory than one (copy-on-write; docs/guide/performance.md, item 36). One process (no fork) without it,
under `serve` and `--dirty`, with ARCHIVE_PLAIN=1 (speedups.py), where there is no fork (Windows) and when other
threads run. The child never outlives the build: the parent kills it on a failed build (on_build_error) and at exit,
and on Linux the kernel kills it when the parent dies.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import pickle
import resource
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..core.model import Archive
from ..core.vocab import Vocabulary
from ..output.printing import volume_materials, volume_path

JOBS_VAR = "ARCHIVE_JOBS"
DEFAULT_JOBS = "1"
"""Processes when ARCHIVE_JOBS is not set: one, until the split's memory is cut (module docstring)."""
SKIP_TEMPLATE = "archive-skip.html"
"""overrides/archive-skip.html: renders nothing, for a page the other process writes."""
CHILD_SHARE = 0.45
"""The materials' and volumes' share (by estimated cost) the child converts: the parent also converts the home page,
the guides and the generated indexes, copies the static files and writes 404.html and the sitemap (balanced by the
CPU times in the debug log at N = 1,000: docs/guide/performance.md)."""
PAGE_COST = 3000
"""A page's cost beyond its text, in characters of Markdown (the template, the navigation, the write)."""
SKIPPED = "Page skipped: '"
"""The start of MkDocs' note on a page with empty output."""
EXCLUDED = "which is excluded from the built site."
"""The end of MkDocs' note on a link to a page outside the site."""
PR_SET_PDEATHSIG = 1  # linux/prctl.h

log = logging.getLogger("mkdocs.hooks.archive.twin")


def may_fork(environ: Mapping[str, str], fast: bool, serving: bool, dirty: bool) -> bool:
    """Whether this build may split its pages between two processes (module docstring: when not)."""
    jobs = environ.get(JOBS_VAR, "").strip() or DEFAULT_JOBS
    if not (jobs.isdigit() and int(jobs) >= 2) or not fast or serving or dirty:
        return False
    return hasattr(os, "fork") and threading.active_count() == 1


def units(pages: Iterable[str], archive: Archive, vocab: Vocabulary, order: str) -> list[tuple[list[str], int]]:
    """The materials and volumes in navigation order, each campaign's materials with its volume (which reuses their
    HTML), with their estimated cost; other pages are the parent's."""
    volume_of: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for campaign, materials in volume_materials(archive, vocab, order).items():
        groups[volume_path(campaign)] = [m.path for m in materials]
        volume_of.update((m.path, volume_path(campaign)) for m in materials)
    cost = {path: PAGE_COST + len(m.body) for path, m in archive.materials.items()}
    out, seen = [], set()
    for src in pages:
        unit = volume_of.get(src, src)
        if src not in cost or unit in seen:
            continue
        seen.add(unit)
        members = groups.get(unit, [unit])
        out.append(([*members, unit] if unit in groups else members, sum(cost[m] for m in members) * (2 if unit in groups else 1)))
    return out


def child_pages(units: Iterable[tuple[list[str], int]], share: float = CHILD_SHARE) -> set[str]:
    """The pages of the units (pages that go together, their cost) the child converts: the first units in
    navigation order up to ``share`` of the cost (whole folders stay in one process: the navigation cache)."""
    units = list(units)
    total = sum(cost for _, cost in units)
    out: set[str] = set()
    done = 0
    for pages, cost in units:
        if done + cost / 2 > share * total:
            break
        out.update(pages)
        done += cost
    return out


@dataclass
class Twin:
    """One build's split: which process this is and which pages it converts and writes."""

    role: str = "one"
    """"one" (no split), "parent" or "child"."""
    child: set[str] = field(default_factory=set)
    """The pages the child writes."""
    pinned: set[str] = field(default_factory=set)
    """Pages the parent writes whose navigation title comes from their conversion: the child converts them too."""
    pid: int | None = None
    fd: int | None = None
    records: list[logging.LogRecord] = field(default_factory=list)

    def converts(self, src: str) -> bool:
        if self.role == "one":
            return True
        return (src in self.child or src in self.pinned) if self.role == "child" else src not in self.child

    def writes(self, src: str) -> bool:
        if self.role == "one":
            return True
        return (src in self.child) == (self.role == "child")

    def start(self, nav: Navigation, child: set[str]) -> None:
        """Fork: from here on each process converts and writes its share (the parent returns at once)."""
        self.pinned = {p.file.src_uri for p in nav.pages if "title" not in vars(p)}
        self.child = child - self.pinned
        if not self.child:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # neither process's collector writes to the objects both share (each write copies a page)
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid:
            os.close(write)
            self.role, self.pid, self.fd = "parent", pid, read
            logging.getLogger("mkdocs.commands.build").addFilter(self._not_ours)
            atexit.register(self.stop)
            log.debug("两个进程分担页面：分开时 CPU %.2f 秒；第二个进程转换 %d 页", _cpu(), len(self.child))
            return
        os.close(read)
        self.role, self.fd = "child", write
        _die_with_parent(parent)
        _capture(self.records, self._not_ours)

    def narrow(self, files: Files) -> None:
        """In the child, once the search index is written: MkDocs' loops pass over the parent's pages (about 0.5 ms
        each); links to them resolve as before (and the parent checks their anchors)."""
        if self.role == "child":
            for file in files.documentation_pages():
                if not self.converts(file.src_uri):
                    file.inclusion = InclusionLevel.EXCLUDED

    def _not_ours(self, record: logging.LogRecord) -> bool:
        """Drop MkDocs' notes on the pages and templates this process leaves empty on purpose."""
        text = record.getMessage()
        if text.startswith(SKIPPED):  # a file name may hold quotes too
            return self.writes(text.removeprefix(SKIPPED).rsplit("'. Generated empty output.", 1)[0])
        if self.role == "child" and text.endswith(EXCLUDED):  # a link to a page the parent writes
            return self.converts(text.removesuffix(EXCLUDED).rstrip().removesuffix("'").split(" contains a link to '", 1)[-1])
        return not (self.role == "child" and text.startswith("Template skipped: '"))

    def prune(self, files: Files) -> None:
        """The child copies no static file (the parent does)."""
        if self.role == "child":
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)

    def finish_child(self, error: BaseException | None = None) -> None:
        """The child's end: its records and error (or None) to the parent, then exit without MkDocs' ending."""
        assert self.fd is not None
        records = [_plain(r) for r in self.records]
        try:
            data = pickle.dumps((records, error, _cpu()))
        except Exception:  # an error that does not pickle: its text, which is what the user reads
            data = pickle.dumps((records, RuntimeError(str(error)), 0.0))
        with os.fdopen(self.fd, "wb") as out:
            out.write(data)
        os._exit(0)

    def finish_parent(self) -> None:
        """Wait for the child; emit its records here (counted by `--strict`) and raise its error."""
        pid, fd = self.pid, self.fd
        self.pid = self.fd = None
        if pid is None or fd is None:
            return
        with os.fdopen(fd, "rb") as src:
            data = src.read()
        _, status = os.waitpid(pid, 0)
        if not data:  # it died without a word (killed, out of memory)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            raise RuntimeError(f"转换一部分页面的第二个进程意外退出（退出码 {code}）；请重新构建，"
                               f"仍然失败时设置环境变量 {JOBS_VAR}=1 只用一个进程构建，查看完整的错误信息。")
        records, error, cpu = pickle.loads(data)  # our own child's data, through our own pipe
        logging.getLogger("mkdocs.commands.build").removeFilter(self._not_ours)
        for record in records:  # the child filtered them already
            logger = logging.getLogger(record.name)
            if not logger.disabled:
                logger.callHandlers(record)
        log.debug("两个进程分担页面：本进程 CPU %.2f 秒，第二个进程 CPU %.2f 秒", _cpu(), cpu)
        if error is not None:
            raise error

    def stop(self) -> None:
        """The build failed or the interpreter exits: the child's work is no longer wanted."""
        pid, fd = self.pid, self.fd
        self.pid = self.fd = None
        if self.role == "child":
            return
        if pid is not None:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if fd is not None:
            os.close(fd)


def trim() -> None:
    """Give the memory freed so far back to the system (glibc keeps it for the process otherwise)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _plain(record: logging.LogRecord) -> logging.LogRecord:
    """A record that pickles: its message made, its traceback as text."""
    record = logging.makeLogRecord(vars(record))
    record.msg, record.args = record.getMessage(), None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    return record


def _capture(records: list[logging.LogRecord], keep: Callable[[logging.LogRecord], bool]) -> None:
    """In the child: every handler's records are kept for the parent instead (once each)."""
    handler = _Keep(records, keep)
    loggers = [logging.getLogger(), *(x for x in logging.Logger.manager.loggerDict.values() if isinstance(x, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            for old in list(logger.handlers):
                logger.removeHandler(old)
            logger.addHandler(handler)


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], keep: Callable[[logging.LogRecord], bool]) -> None:
        super().__init__()
        self.records, self.keep = records, keep

    def emit(self, record: logging.LogRecord) -> None:
        if (not self.records or self.records[-1] is not record) and self.keep(record):
            self.records.append(record)


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills the child when the parent dies, even by SIGKILL (no atexit then)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no libc to ask: on_build_error and atexit still stop it
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
