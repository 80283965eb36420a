"""Two processes share the pages (hooks/studyarchive/mkdocs/twin.py, ARCHIVE_JOBS=2): a build split between them equals
a one-process build (ARCHIVE_JOBS=1) and a build without the speed-ups (ARCHIVE_PLAIN=1) byte for byte, prints the same log, fails
the same way, and leaves no process behind: after success, after a failure, and after the parent is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from studyarchive.mkdocs import twin
from studyarchive.mkdocs.twin import JOBS_VAR, child_pages, may_fork

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

N = 60
# Real materials moved to file names a member might choose or an attacker might try (all published by the gate).
HOSTILE = ["张 三 的 对照检查 (2).md", "a&b=c;d'e.md", "百分号%20与井号#1.md", "x[1]{2}+~!.md"]
# A hook beside the archive's: it records which process converts which page, and warns, fails, sleeps or kills its
# process at the page named by PROBE_AT.
PROBE = '''
import logging, os, time
from mkdocs.exceptions import PluginError

def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if markdown:
        with open(os.environ["PROBE_OUT"], "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\\t{src}\\n")
    if src != os.environ.get("PROBE_AT") or not markdown:  # the other process's pages reach every hook empty
        return markdown
    what = os.environ["PROBE_DO"]
    if what == "warn":
        logging.getLogger("mkdocs.plugins.probe").warning(f"探针：{src} 有一处警告")
    elif what == "fail":
        raise PluginError("探针：页面转换时出错")
    elif what == "sleep":
        time.sleep(120)
    elif what == "kill":
        os.kill(os.getpid(), 9)
    return markdown
'''

GUIDE = "# 使用 *说明*\n\n## 提交材料 {#submit}\n\n见[首页](../index.md)。\n"

CLEANING = "INFO    -  Cleaning site directory"

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform: every build is one process")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("twin") / "corpus"
    assert gen_corpus.main([str(root), "--n", str(N), "--seed", "11"]) == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "archive_hook.py"), str(root / "probe.py")]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "probe.py").write_text(PROBE, encoding="utf-8")
    materials = sorted(p for p in (root / "docs").rglob("*.md") if p.name != "index.md" and "assets" not in p.parts)
    texts = "".join(p.read_text(encoding="utf-8") for p in materials)
    unlinked = [p for p in materials if p.relative_to(root / "docs").with_suffix("").as_posix() not in texts]
    for source, name in zip(unlinked[:len(HOSTILE)], HOSTILE, strict=True):
        source.rename(source.with_name(name))
    for path in sorted(p for p in (root / "docs").rglob("*.md") if p.name != "index.md" and "assets" not in p.parts):
        up = "../" * (len(path.relative_to(root / "docs").parts) - 1)  # a link from each material to a guide's anchor
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n[提交材料]({up}guide/help.md#submit)\n",
                        encoding="utf-8")
    (root / "docs" / "guide").mkdir()  # a page whose navigation title comes from its <h1>, and a link to its anchor
    (root / "docs" / "guide" / "help.md").write_text(GUIDE, encoding="utf-8")
    return root


def environ(site: Path, **env: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in (JOBS_VAR, "ARCHIVE_PLAIN")}
    return {**out, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", JOBS_VAR: "2",
            "PROBE_OUT": str(site.parent / (site.name + ".pages")), **env}


def command(root: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]


def build(root: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(root, site), cwd=root, env=environ(site, **env), capture_output=True, text=True,
                          timeout=600)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def converted(site: Path) -> dict[int, set[str]]:
    """Process id → the pages it converted."""
    out: dict[int, set[str]] = {}
    path = site.parent / (site.name + ".pages")
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        pid, src = line.split("\t")
        out.setdefault(int(pid), set()).add(src)
    return out


def gone(pid: int) -> bool:
    """No such process, or only its exit status left for a parent that has itself exited (then init reaps it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def log(proc: subprocess.CompletedProcess) -> list[str]:
    """What the user reads, without timings and the site's folder (INFO lines about the whole build)."""
    return [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()
            and not line.startswith(("INFO    -  Documentation built in", "INFO    -  Building documentation to"))]


@pytest.fixture(scope="module")
def split(corpus: Path, tmp_path_factory) -> tuple[Path, int, int, str, subprocess.CompletedProcess]:
    """A split build of the corpus: its site, the parent's and the child's process ids, a page the child owns, and
    the build's outcome."""
    site = tmp_path_factory.mktemp("split") / "site"
    proc = build(corpus, site)
    assert proc.returncode == 0, proc.stderr
    assert "两个进程" not in proc.stderr  # the split's CPU times are in the debug log only (-v)
    pages = converted(site)
    assert len(pages) == 2, "two processes converted pages"
    # The generated indexes are the parent's (the volumes under indexes/print/ may be the child's).
    parent = next(pid for pid, srcs in pages.items() if "indexes/index.md" in srcs)
    child = next(pid for pid in pages if pid != parent)
    owned = sorted(pages[child] - pages[parent])
    assert owned and all(gone(pid) for pid in pages)
    return site, parent, child, owned[len(owned) // 2], proc


TWO = {JOBS_VAR: "2"}


def test_the_switches() -> None:
    assert not may_fork({JOBS_VAR: "1"}, fast=True, serving=False, dirty=False)
    assert not may_fork({}, fast=True, serving=False, dirty=False)  # one process unless asked (DEFAULT_JOBS)
    assert not may_fork({JOBS_VAR: "zwei"}, fast=True, serving=False, dirty=False)
    assert not may_fork(TWO, fast=False, serving=False, dirty=False)  # ARCHIVE_PLAIN=1
    assert not may_fork(TWO, fast=True, serving=True, dirty=False)  # serve runs threads
    assert not may_fork(TWO, fast=True, serving=False, dirty=True)
    # With other threads running (a test before this one may have left one) fork is refused: see the next test.
    alone = hasattr(os, "fork") and threading.active_count() == 1
    assert may_fork({JOBS_VAR: "2"}, fast=True, serving=False, dirty=False) == alone
    assert may_fork({JOBS_VAR: " 3 "}, fast=True, serving=False, dirty=False) == alone


def test_no_fork_beside_another_thread() -> None:
    """A thread holding a lock at the fork would leave the child's copy of that lock held for ever."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork(TWO, fast=True, serving=False, dirty=False)
    finally:
        stop.set()
        other.join()


def test_without_fork_one_process(monkeypatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert not may_fork({JOBS_VAR: "2"}, fast=True, serving=False, dirty=False)


def test_the_child_takes_whole_units_in_order_up_to_its_share() -> None:
    units = [(["a.md"], 10), (["b.md", "c.md", "print/v.md"], 30), (["d.md"], 10), (["e.md"], 50)]
    assert child_pages(units, 0.4) == {"a.md", "b.md", "c.md", "print/v.md"}
    assert child_pages(units, 0.1) == {"a.md"}
    assert child_pages(units, 0.0) == set()
    assert child_pages(units, 1.0) == {"a.md", "b.md", "c.md", "print/v.md", "d.md", "e.md"}


@fork_only
def test_split_build_equals_one_process_and_plain_builds(corpus: Path, split, tmp_path: Path) -> None:
    site, parent, child = split[:3]
    one = build(corpus, tmp_path / "one", **{JOBS_VAR: "1"})
    plain = build(corpus, tmp_path / "plain", ARCHIVE_PLAIN="1")
    assert one.returncode == plain.returncode == 0, one.stderr + plain.stderr
    assert log(one) == log(plain) == log(split[4]) == [CLEANING]
    assert len(converted(tmp_path / "one")) == len(converted(tmp_path / "plain")) == 1  # no second process
    pages = converted(site)
    # Its title comes from its <h1>: the child converts it too, for the navigation it writes.
    assert pages[parent] & pages[child] == {"guide/help.md"}
    assert '使用 说明' in (site / "guide" / "help" / "index.html").read_text(encoding="utf-8")
    assert any(s.startswith("indexes/print/") for s in pages[child])  # a volume, with its campaign's materials
    first, second, third = tree(tmp_path / "one"), tree(site), tree(tmp_path / "plain")
    assert "archive.json" in first and any(path.startswith("search/") for path in first)
    assert "404.html" in first and "sitemap.xml.gz" in first
    assert all(any(name.removesuffix(".md") in path for path in first) for name in HOSTILE)
    assert sorted(first) == sorted(second) == sorted(third)
    assert [path for path in first if not first[path] == second[path] == third[path]] == []


@fork_only
@pytest.mark.parametrize("what", ["warn", "fail"])
def test_a_warning_or_an_error_in_the_child_fails_the_build_as_one_process_does(corpus: Path, split, tmp_path: Path,
                                                                                what: str) -> None:
    at = split[3]
    one = build(corpus, tmp_path / "one", **{JOBS_VAR: "1"}, PROBE_AT=at, PROBE_DO=what)
    two = build(corpus, tmp_path / "two", PROBE_AT=at, PROBE_DO=what)
    assert one.returncode == two.returncode == 1
    assert log(one) == log(two)
    expected = {"warn": ["Aborted with 1 warnings in strict mode!", CLEANING, f"WARNING -  探针：{at} 有一处警告"],
                "fail": ["Aborted with a BuildError!", f"ERROR   -  Error reading page '{at}':",
                         "ERROR   -  探针：页面转换时出错", CLEANING]}
    assert sorted(log(two)) == expected[what]
    pages = converted(tmp_path / "two")
    assert len(pages) == 2 and all(gone(pid) for pid in pages)


@fork_only
def test_a_child_killed_midway_is_an_error_not_a_silent_success(corpus: Path, split, tmp_path: Path) -> None:
    two = build(corpus, tmp_path / "two", PROBE_AT=split[3], PROBE_DO="kill")
    assert two.returncode == 1
    assert ("转换一部分页面的第二个进程意外退出（退出码 -9）；请重新构建，仍然失败时设置环境变量 ARCHIVE_JOBS=1 "
            "只用一个进程构建，查看完整的错误信息。") in two.stdout + two.stderr
    assert all(gone(pid) for pid in converted(tmp_path / "two"))


@fork_only
def test_a_killed_parent_leaves_no_child(corpus: Path, split, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = subprocess.Popen(command(corpus, site), cwd=corpus, env=environ(site, PROBE_AT=split[3], PROBE_DO="sleep"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # the child reaches the sleeping page
            if split[3] in {s for srcs in converted(site).values() for s in srcs}:
                break
            time.sleep(0.1)
        children = [pid for pid in converted(site) if pid != proc.pid]
        assert len(children) == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    for _ in range(100):  # the kernel delivers the child's SIGKILL (PR_SET_PDEATHSIG)
        if gone(children[0]):
            break
        time.sleep(0.1)
    assert gone(children[0])


def test_the_skip_template_renders_nothing() -> None:
    assert (ROOT / "overrides" / twin.SKIP_TEMPLATE).read_text(encoding="utf-8").strip().startswith("{#-")
