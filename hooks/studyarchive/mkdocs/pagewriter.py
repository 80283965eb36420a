"""Pages written to disk by a second thread while MkDocs renders the next ones.

MkDocs writes each page as soon as its template is rendered, and waits for the file system: at 1,000
materials the 1,000 writes took 1.2 to 1.5 s of a 7.6 s build on the benchmark machine (creating a file is
about half a millisecond there). Creating folders and files and writing bytes release the GIL, so a thread
does it beside the rendering, on the machine's second core. The page's bytes are those MkDocs would write
(UTF-8, ``xmlcharrefreplace``) at the same path; the hook hands MkDocs empty output for the page, and MkDocs
writes no file for empty output (its note on that is dropped: the page is written).

Memory stays bounded: at most ``PENDING_BYTES`` wait for the thread (a larger page waits alone). Every page
is on disk before any on_post_build runs (the hook's runs first: archive_hook.py), or the build fails with the
page's path and the reason, in Chinese; a failed build waits for the thread and reports nothing more.
When another plugin's on_post_page runs after the hook's, or its on_post_build before, MkDocs writes the pages
itself (``may_write``): that plugin sees and changes each page as it would without the thread.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence

from mkdocs.exceptions import PluginError

PENDING_BYTES = 2 << 20
"""Bytes waiting for the thread at most (the largest pages, the bound volumes, are a few MB at 1,000 materials)."""
SKIPPED = "Page skipped: '"
"""The start of MkDocs' note on a page with empty output."""
SKIPPED_END = "'. Generated empty output."
BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")
"""Where MkDocs, and ProperDocs (its fork), log that note."""
REASONS = {
    errno.ENOSPC: "磁盘空间不足，请腾出空间",
    errno.EDQUOT: "磁盘配额已用完，请腾出空间",
    errno.EACCES: "没有写入权限，请检查网站文件夹的权限",
    errno.EPERM: "没有写入权限，请检查网站文件夹的权限",
    errno.EROFS: "网站文件夹在只读的磁盘上，请换一个网站文件夹（site_dir）",
    errno.EEXIST: "路径上已有同名的文件，请删除它",
    errno.ENOTDIR: "路径上已有同名的文件，请删除它",
    errno.EISDIR: "同名的文件夹已经存在，请删除它",
}
"""What a failed write means, in the words the build prints; any other error gives the system's own text."""


def may_write(events: Mapping[str, Sequence[Callable]], post_page: Callable, post_build: Callable) -> bool:
    """Whether the thread may write the pages: only if the hook's on_post_page is the last one (a plugin after it would
    get the empty output: its change lost, or what it returns written by MkDocs beside the thread, as Material's
    privacy plugin at priority -50 would) and its on_post_build the first (the ones before it would miss pages)."""
    pages, builds = events.get("post_page", ()), events.get("post_build", ())
    return bool(pages) and pages[-1] == post_page and bool(builds) and builds[0] == post_build


class PageWriter:
    """One build's page writes, in order, by one thread started at the first page (after twin.py's fork)."""

    def __init__(self) -> None:
        self.queue: deque[tuple[str, str, bytes]] = deque()
        self.pending = 0
        self.ready = threading.Condition()
        self.thread: threading.Thread | None = None
        self.failed: tuple[str, BaseException] | None = None
        self.taken: set[str] = set()
        self.closed = False

    def write(self, src: str, dest: str, output: str) -> str:
        """Hand ``output`` (the page ``src``'s finished HTML) to the thread for the file ``dest``; MkDocs gets the
        empty output that it writes no file for. Whitespace alone stays with MkDocs, which skips it itself."""
        if not output.strip():
            return output
        self.raise_failure()
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        with self.ready:
            while self.pending and self.pending + len(data) > PENDING_BYTES and self.failed is None:
                self.ready.wait()
            self.queue.append((src, dest, data))
            self.pending += len(data)
            self.taken.add(src)
            self.ready.notify_all()
        if self.thread is None:
            for name in BUILD_LOGGERS:
                logging.getLogger(name).addFilter(self.quiet)
            self.thread = threading.Thread(target=self._run, name="archive-page-writer", daemon=True)
            self.thread.start()
        return ""

    def _run(self) -> None:
        while True:
            with self.ready:
                while not self.queue and not self.closed:
                    self.ready.wait()
                if not self.queue:
                    return
                _, dest, data = self.queue[0]
            if self.failed is None:
                try:
                    os.makedirs(os.path.dirname(dest), exist_ok=True)  # as mkdocs.utils.write_file does
                    with open(dest, "wb") as fh:
                        fh.write(data)
                except BaseException as exc:  # SystemExit too: a dead thread would leave the pages after it unwritten, unseen
                    self.failed = (dest, exc)
            with self.ready:
                self.queue.popleft()
                self.pending -= len(data)
                self.ready.notify_all()

    def quiet(self, record: logging.LogRecord) -> bool:
        """Drop MkDocs' note that a page this thread writes had empty output."""
        text = record.getMessage()
        return not (text.startswith(SKIPPED) and text.endswith(SKIPPED_END)
                    and text.removeprefix(SKIPPED).removesuffix(SKIPPED_END) in self.taken)

    def finish(self) -> None:
        """Every page written, or the build fails with the first file that could not be."""
        self.stop()
        self.raise_failure()

    def stop(self) -> None:
        """Wait for the pages handed over so far (a failed build's too: no half-written file is left behind)."""
        with self.ready:
            self.closed = True
            self.ready.notify_all()
        if self.thread is not None:
            self.thread.join()
            for name in BUILD_LOGGERS:
                logging.getLogger(name).removeFilter(self.quiet)

    def raise_failure(self) -> None:
        if self.failed is not None:
            dest, exc = self.failed
            code = exc.errno if isinstance(exc, OSError) else None
            text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
            reason = REASONS.get(code or 0) or f"{text}，请检查磁盘和网站文件夹"
            raise PluginError(f"无法写入网页文件 {dest}：{reason}，然后重新构建。")
