"""Pages written by a second thread (hooks/studyarchive/mkdocs/pagewriter.py).

The thread writes exactly the bytes MkDocs would, at the same paths; every page is on disk before any other
plugin's on_post_build; MkDocs' note on the empty output it got is never shown; at most PENDING_BYTES wait; a
page that cannot be written fails the build with its path and the reason in Chinese, and no traceback. The
byte-for-byte comparison with a build without the thread (ARCHIVE_PLAIN=1) is tests/test_adapter.py's.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError

from conftest import ROOT, examples
from studyarchive.mkdocs import pagewriter
from studyarchive.mkdocs.pagewriter import PageWriter

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

# A hook listed before the archive's, so that its on_post_build would run first without the archive's priority:
# it lists the pages MkDocs built that are missing or empty on disk at that moment. With SLOW set, the thread is made
# slow; with BLOCK set, its on_env puts a file where one page's folder must go.
PROBE = '''
import os, time
from pathlib import Path

def on_config(config):
    if os.environ.get("SLOW"):  # each page takes the thread 20 ms more: it is still writing when the loop ends
        import studyarchive.mkdocs.pagewriter as writer

        def slow_open(*args, **kwargs):
            time.sleep(0.02)
            return open(*args, **kwargs)

        writer.open = slow_open
    return config

def on_env(env, config, files):
    block = os.environ.get("BLOCK")
    if block:
        page = files.get_file_from_path(block)
        Path(page.abs_dest_path).parent.parent.mkdir(parents=True, exist_ok=True)
        Path(page.abs_dest_path).parent.write_text("挡路的文件", encoding="utf-8")
    return env

def on_post_build(config):
    site = Path(config.site_dir)
    missing = [p for p in os.environ["EXPECT"].split("|") if not (site / p).is_file() or not (site / p).stat().st_size]
    (site.parent / "probe.txt").write_text("\\n".join(missing) or "ALL WRITTEN", encoding="utf-8")
'''


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pagewriter") / "corpus"
    assert gen_corpus.main([str(root), "--n", "40", "--seed", "5"]) == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(root / "probe.py"), str(ROOT / "hooks" / "archive_hook.py")]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "probe.py").write_text(PROBE, encoding="utf-8")
    return root


def build(root: Path, site: Path, expect: list[str], **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_PLAIN", "ARCHIVE_JOBS")}
    environ |= {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "EXPECT": "|".join(expect), **env}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                           "-d", str(site)], cwd=root, env=environ, capture_output=True, text=True, timeout=600)


def pages_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))


def test_every_page_is_on_disk_before_any_plugin_reads_the_site(corpus: Path, tmp_path: Path) -> None:
    first = build(corpus, tmp_path / "first", [])
    assert first.returncode == 0, first.stderr
    pages = pages_of(tmp_path / "first")
    assert len(pages) > 40
    again = build(corpus, tmp_path / "site", pages, SLOW="1")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "probe.txt").read_text(encoding="utf-8") == "ALL WRITTEN"
    assert pages_of(tmp_path / "site") == pages
    assert "Page skipped" not in again.stderr and "Generated empty output" not in again.stderr


def test_a_page_that_cannot_be_written_fails_the_build_in_chinese(corpus: Path, tmp_path: Path) -> None:
    material = sorted(p.relative_to(corpus / "docs").as_posix() for p in (corpus / "docs").rglob("*.md")
                      if p.name != "index.md" and "assets" not in p.parts)[0]
    done = build(corpus, tmp_path / "site", [], BLOCK=material)
    assert done.returncode == 1
    dest = tmp_path / "site" / Path(material).with_suffix("") / "index.html"
    assert f"无法写入网页文件 {dest}：路径上已有同名的文件，请删除它，然后重新构建。" in done.stderr
    assert "Traceback" not in done.stderr


def test_whitespace_stays_with_mkdocs_and_pages_are_written_in_order(tmp_path: Path) -> None:
    writer = PageWriter()
    assert writer.write("a.md", str(tmp_path / "a" / "index.html"), "  \n") == "  \n"
    assert writer.thread is None  # nothing handed over: no thread
    for n in range(30):
        assert writer.write(f"p{n}.md", str(tmp_path / "p" / f"{n}" / "index.html"), f"<p>第 {n} 页 \U0001f600</p>") == ""
    writer.write("same.md", str(tmp_path / "same.html"), "old")
    writer.write("same.md", str(tmp_path / "same.html"), "new")  # the later write wins, as with MkDocs
    writer.finish()
    assert [(tmp_path / "p" / f"{n}" / "index.html").read_bytes() for n in range(30)] == [
        f"<p>第 {n} 页 \U0001f600</p>".encode() for n in range(30)]
    assert (tmp_path / "same.html").read_text() == "new"
    assert not (tmp_path / "a").exists()
    writer.finish()  # twice is harmless


def test_a_lone_surrogate_is_written_as_mkdocs_writes_it(tmp_path: Path) -> None:
    writer = PageWriter()
    writer.write("s.md", str(tmp_path / "s.html"), "<p>\ud800</p>")
    writer.finish()
    assert (tmp_path / "s.html").read_bytes() == "<p>\ud800</p>".encode("utf-8", errors="xmlcharrefreplace")


@settings(max_examples=examples(25), deadline=None)
@given(sizes=st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=40),
       bound=st.integers(min_value=1, max_value=5000))
def test_at_most_the_bound_waits(tmp_path_factory, sizes: list[int], bound: int) -> None:
    out = tmp_path_factory.mktemp("bound")
    gate = threading.Event()
    seen: list[int] = []

    class Slow(PageWriter):
        def _run(self) -> None:
            gate.wait()  # nothing is written until every page that fits has been handed over
            super()._run()

    old = pagewriter.PENDING_BYTES
    pagewriter.PENDING_BYTES = bound
    try:
        writer = Slow()
        opener = threading.Timer(0.05, gate.set)
        opener.start()
        for n, size in enumerate(sizes):
            writer.write(f"{n}.md", str(out / f"{n}.html"), "页" * size)
            seen.append(writer.pending)
        writer.finish()
        opener.join()
    finally:
        pagewriter.PENDING_BYTES = old
    assert all(p <= max(bound, 3 * size) for p, size in zip(seen, sizes))
    assert [(out / f"{n}.html").read_text(encoding="utf-8") for n in range(len(sizes))] == ["页" * s for s in sizes]


def test_a_failed_write_stops_the_thread_and_the_next_page(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    writer = PageWriter()
    writer.write("a.md", str(tmp_path / "file" / "a" / "index.html"), "<p>a</p>")
    writer.stop()  # the thread has met the error by now
    with pytest.raises(PluginError) as raised:
        writer.write("b.md", str(tmp_path / "b.html"), "<p>b</p>")
    assert str(raised.value) == f"无法写入网页文件 {tmp_path / 'file' / 'a' / 'index.html'}：路径上已有同名的文件，请删除它，然后重新构建。"
    with pytest.raises(PluginError):
        writer.finish()
    assert not (tmp_path / "b.html").exists()


@pytest.mark.parametrize(("code", "reason"), [
    (28, "磁盘空间不足，请腾出空间"),  # ENOSPC
    (13, "没有写入权限，请检查网站文件夹的权限"),  # EACCES
    (30, "网站文件夹在只读的磁盘上，请换一个网站文件夹（site_dir）"),  # EROFS
    (5, "Input/output error，请检查磁盘和网站文件夹"),  # EIO: the system's own words
])
def test_the_reason_is_said_in_chinese(code: int, reason: str) -> None:
    writer = PageWriter()
    writer.failed = ("/x/index.html", OSError(code, os.strerror(code)))
    with pytest.raises(PluginError) as raised:
        writer.finish()
    assert str(raised.value) == f"无法写入网页文件 /x/index.html：{reason}，然后重新构建。"


def test_any_error_in_the_thread_fails_the_build_and_loses_nothing_unseen(tmp_path: Path, monkeypatch) -> None:
    """Not only OSError: the thread must not die silently with pages still waiting (the build would hang or lose them)."""
    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pagewriter, "open", broken, raising=False)
    monkeypatch.setattr(pagewriter, "PENDING_BYTES", 10)
    writer = PageWriter()
    writer.write("a.md", str(tmp_path / "a.html"), "<p>甲</p>")
    with pytest.raises(PluginError) as raised:
        for n in range(20):  # more than the bound: would wait for ever on a dead thread
            writer.write(f"{n}.md", str(tmp_path / f"{n}.html"), "<p>乙</p>")
        writer.finish()
    assert str(raised.value) == f"无法写入网页文件 {tmp_path / 'a.html'}：MemoryError，请检查磁盘和网站文件夹，然后重新构建。"
    writer.stop()


def test_only_the_notes_on_pages_it_writes_are_dropped(tmp_path: Path) -> None:
    writer = PageWriter()
    writer.write("a'b.md", str(tmp_path / "x.html"), "<p>x</p>")
    writer.finish()

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.commands.build", logging.INFO, __file__, 1, message, None, None)

    assert not writer.quiet(record("Page skipped: 'a'b.md'. Generated empty output."))
    assert writer.quiet(record("Page skipped: 'other.md'. Generated empty output."))
    assert writer.quiet(record("Documentation built in 1.00 seconds"))
