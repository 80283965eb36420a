"""`mkdocs serve` rebuilds when a file the build reads is saved, not only docs/ and mkdocs.yml (which MkDocs
watches itself): the vocabulary, urls.yml, and the file mkdocs.yml INHERITs from (the on_serve event)."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import write_site

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1735689600"}
WAIT = 300.0  # seconds: a bound on a hung or never-reloading serve on a busy machine, not a measurement
DOCS = {
    "2024-dangji/wangjianguo.md": "---\ntitle: 王建国的个人对照检查材料\ndoc_type: self_review\nmember: 王建国\ncampaign: 2024-dangji\n"
                                  "date: 2024-07-22\n---\n一、存在问题\n\n（一）政治纪律方面。一是学习不够深入。\n\n"
                                  "二、整改措施\n\n一是加强学习。【针对问题：1.1】\n",
}


class Serve:
    """A `mkdocs serve` on 127.0.0.1 and its log, read line by line."""

    def __init__(self, site: Path, config: str, tmp: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.tmp = tmp
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        # TMPDIR: serve builds into tempfile.mkdtemp(prefix="mkdocs_"), so the one such folder there is the site.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(site / config)],
            cwd=site, env={**ENV, "TMPDIR": str(tmp)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace", start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.log.append(line)
            if re.search(pattern, line):
                return
        pytest.fail(f"mkdocs serve 没有输出“{pattern}”。日志：\n" + "\n".join(self.log[-30:]))

    def page(self, path: str) -> str:
        (site,) = self.tmp.glob("mkdocs_*")
        return (site / path).read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site-src", DOCS)
    (root / "urls.yml").write_text("王建国: wangjianguo\n", encoding="utf-8")
    (root / "mkdocs-committee.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  archive:\n    audience: committee\n", encoding="utf-8")
    return root


@pytest.fixture
def serve(site: Path, tmp_path: Path) -> Iterator:
    started: list[Serve] = []

    def start(config: str = "mkdocs.yml") -> Serve:
        tmp = tmp_path / f"servetmp{len(started)}"
        tmp.mkdir()
        server = Serve(site, config, tmp)
        started.append(server)
        server.wait_for(r"Serving on")
        return server

    yield start
    for server in started:
        server.stop()


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_vocabulary_rebuilds_the_site(site: Path, serve) -> None:
    server = serve()
    page = "indexes/campaigns/2024-dangji/index.html"
    assert "党纪学习教育" in server.page(page) and "党纪学习教育（修订）" not in server.page(page)
    save(site / "vocabulary.yml", "label: 党纪学习教育\n", "label: 党纪学习教育（修订）\n")
    server.wait_for(r"Reloading browsers")
    assert "党纪学习教育（修订）" in server.page(page)


def test_a_saved_urls_yml_moves_the_member_page(site: Path, serve) -> None:
    server = serve()
    assert "王建国" in server.page("indexes/members/wangjianguo/index.html")
    save(site / "urls.yml", "王建国: wangjianguo", "王建国: wang-jianguo")
    server.wait_for(r"Reloading browsers")
    assert "王建国" in server.page("indexes/members/wang-jianguo/index.html")


def test_a_saved_inherited_config_rebuilds_the_site(site: Path, serve) -> None:
    """The committee's site INHERITs mkdocs.yml: MkDocs itself watches only mkdocs-committee.yml."""
    server = serve("mkdocs-committee.yml")
    save(site / "mkdocs.yml", "site_name: ", "site_name: 修订后的")
    server.wait_for(r"Reloading browsers")
    assert "修订后的" in server.page("index.html")
