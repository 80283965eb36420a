"""`mkdocs serve` after a save: the refreshed site equals a fresh build of the same files, byte for byte.

A real `mkdocs serve` runs on a generated archive (scripts/gen_corpus.py); each edit (a text, a title, a marker
linking another material, a front-matter field, a deleted and an added material) is saved, and once the log says
"Reloading browsers" the served folder is compared with a fresh preview build of the same files: the first build
of a new `serve` session (in this process, same address), which reuses nothing from earlier builds.
"""

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

from conftest import generated_corpus

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1700000000"}
WAIT = 600.0  # seconds: a bound on a hung serve on a busy machine, not a measurement


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    out = [f"只在 serve 中：{p}" for p in sorted(set(got) - set(want))]
    out += [f"只在完整构建中：{p}" for p in sorted(set(want) - set(got))]
    out += [f"内容不同：{p}" for p in sorted(set(got) & set(want)) if got[p] != want[p]]
    return out


class Serve:
    """A `mkdocs serve` process and its log, read line by line."""

    def __init__(self, site: Path, tmp: Path, *options: str, engine: str = "mkdocs") -> None:
        self.port = free_port()
        self.tmp = tmp
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        # TMPDIR: serve builds into tempfile.mkdtemp(prefix="mkdocs_"), so the one such folder there is the site.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", engine, "serve", "--livereload", "-a", f"127.0.0.1:{self.port}", "-f", str(site / "mkdocs.yml"), *options],
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

    @property
    def site_dir(self) -> Path:
        (found,) = self.tmp.glob("*docs_*")  # mkdocs_…, properdocs_…
        return found

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def fresh_preview(site: Path, out: Path, port: int, engine: str = "mkdocs") -> dict[str, bytes]:
    """The first build of a new `serve` session on the same files and address: nothing reused."""
    code = (
        "import sys\n"
        + ("import properdocs.replacement\n" if engine == "properdocs" else "")  # as `properdocs` runs the hook
        + "from mkdocs.config import load_config\n"
        "from mkdocs.commands.build import build\n"
        "config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])\n"
        "config.plugins.on_startup(command='serve', dirty=False)\n"
        "config.site_url = url = sys.argv[3]\n"
        "build(config, serve_url=url, dirty=False)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(site / "mkdocs.yml"), str(out), f"http://127.0.0.1:{port}/"],
                          cwd=site, env=ENV, capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr[-2000:]
    return snapshot(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("serve"), 60, 3)


@pytest.fixture(scope="module")
def serving(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    server = Serve(corpus, tmp_path_factory.mktemp("servetmp"))
    try:
        server.wait_for(r"Serving on")
        yield server
    finally:
        server.stop()


def linking_material(docs: Path) -> Path:
    """A material whose 【落实措施：…#1】 links a measure of another material."""
    return next(p for p in sorted(docs.rglob("*.md")) if "【落实措施：" in p.read_text(encoding="utf-8"))


def edit_text(docs: Path) -> None:
    path = linking_material(docs)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "，并在修改后再次核对。", 1), encoding="utf-8")


def edit_title(docs: Path) -> None:
    path = linking_material(docs)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订稿）", text, count=1, flags=re.M), encoding="utf-8")


def edit_marker(docs: Path) -> None:
    path = linking_material(docs)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(【落实措施：[^】#]+)#1】", r"\1#2】", text, count=1), encoding="utf-8")


def edit_front_matter(docs: Path) -> None:
    path = linking_material(docs)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^date: (\d{4})-(\d\d)-\d\d$", r"date: \1-\2-28", text, count=1, flags=re.M), encoding="utf-8")


def delete_material(docs: Path) -> None:
    victim = next(p for p in sorted(docs.rglob("*.md")) if "doc_type: reflection" in p.read_text(encoding="utf-8"))
    victim.unlink()


def add_material(docs: Path) -> None:
    model = next(p for p in sorted(docs.rglob("*.md")) if "doc_type: reflection" in p.read_text(encoding="utf-8"))
    text = model.read_text(encoding="utf-8")
    (model.parent / "xinzeng.md").write_text(text.replace("title: ", "title: 新增", 1).replace("。", "。新增的段落。", 1),
                                            encoding="utf-8")


EDITS = [edit_text, edit_title, edit_marker, edit_front_matter, delete_material, add_material]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_served_site_equals_a_fresh_build_after_each_save(edit, corpus: Path, serving: Serve, tmp_path: Path) -> None:
    docs = corpus / "docs"
    before = {p: p.read_bytes() for p in docs.rglob("*.md")}
    edit(docs)
    after = {p: p.read_bytes() for p in docs.rglob("*.md")}
    assert before != after, f"{edit.__name__} 没有改动任何文件"
    serving.wait_for(r"Reloading browsers")
    got = snapshot(serving.site_dir)
    want = fresh_preview(corpus, tmp_path / "fresh", serving.port)
    assert differences(got, want) == []


def test_a_rebuild_still_previews(corpus: Path, serving: Serve) -> None:
    """serve loads the hook again for each rebuild: the rebuild is still a preview (待改正 page, drafts shown)."""
    path = linking_material(corpus / "docs")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\nstatus: draft\n---\n", 1), encoding="utf-8")
    serving.wait_for(r"Reloading browsers")
    site = serving.site_dir
    assert (site / "indexes" / "todo" / "index.html").is_file()
    page = path.relative_to(corpus / "docs").with_suffix("")
    assert (site / page / "index.html").is_file()


def test_a_changed_vocabulary_parses_every_file_again(corpus: Path) -> None:
    """Kept parses are only reused while the vocabulary is the same: the messages name its labels."""
    from dataclasses import replace

    from studyarchive.core.vocab import load_vocabulary
    from studyarchive.link.pipeline import ParseCache, build_archive

    vocab = load_vocabulary((corpus / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    text = "---\ntitle: 张三同志对照检查材料\ndoc_type: self_review\nmember: 张三\nbranch: {b}\ncampaign: {c}\ndate: 2024-03-01\n---\n\n没有小标题。\n"
    branch, campaign = next(iter(vocab.branches)), next(c for c, e in vocab.campaigns.items() if e.areas)
    sources = [("a/zhangsan.md", text.format(b=branch, c=campaign))]
    cache = ParseCache()
    first = build_archive(sources, vocab, cache=cache)
    assert any("个人对照检查材料中没有识别出" in d.message for d in first.diagnostics)
    renamed = replace(vocab, doc_types={**vocab.doc_types, "self_review": replace(vocab.doc_types["self_review"], label="个人检视剖析材料")})
    again = build_archive(sources, renamed, cache=cache)
    assert cache.hits == 0
    assert again.diagnostics == build_archive(sources, renamed).diagnostics
    assert any("个人检视剖析材料中没有识别出" in d.message for d in again.diagnostics)
    build_archive(sources, renamed, cache=cache)
    assert cache.hits == 1
