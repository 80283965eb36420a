"""`mkdocs serve --dirty` (make serve): each save rewrites only the pages whose output changes (incremental.py), and
the refreshed site still equals a fresh preview build of the same files, byte for byte.

The same real `serve` and edits as test_serve_incremental.py, plus edits that must rebuild every page (a new page of
the site, its title changed, mkdocs.yml) or a few (a typo; a material broken and mended), and the log's count of the
pages written: fewer than all after a typo, all after a change to the navigation.
"""

from __future__ import annotations

import queue
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import generated_corpus
from test_serve_incremental import EDITS, Serve, differences, fresh_preview, linking_material, snapshot

COUNT = re.compile(r"本次预览重新生成了 (\d+) 个页面（共 (\d+) 个）。")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("dirty"), 60, 5)


def serve_dirty(corpus: Path, tmp: Path) -> Iterator[Serve]:
    """`serve --dirty` (what `make serve` runs) on ``corpus``, once it serves; stopped at the end."""
    server = Serve(corpus, tmp, "--dirty")
    try:
        server.wait_for(r"Serving on")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def serving(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    yield from serve_dirty(corpus, tmp_path_factory.mktemp("dirtytmp"))


def counts(server: Serve, since: int = 0) -> tuple[int, int]:
    """(pages written, pages of the site) of the rebuilds logged since line ``since``: the most written by one."""
    found = [m for m in (COUNT.search(line) for line in server.log[since:]) if m]
    return max((int(m.group(1)), int(m.group(2))) for m in found)


def rebuilt(server: Serve) -> None:
    """Wait for the rebuild after a save, and for one more if the watcher saw the save twice (a busy machine can
    see a file's truncation and its new text in two polls): the site is compared only once it is quiet."""
    server.wait_for(r"Reloading browsers")
    while True:
        try:
            line = server.lines.get(timeout=2)
        except queue.Empty:
            return
        server.log.append(line)
        if "Detected file changes" in line:
            server.wait_for(r"Reloading browsers")


def edit_typo(docs: Path) -> None:
    path = linking_material(docs)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("，", "、", 1), encoding="utf-8")


def add_guide(docs: Path) -> None:
    (docs / "guide").mkdir(exist_ok=True)
    (docs / "guide" / "shuoming.md").write_text("# 档案说明\n\n本档案按批次整理。\n", encoding="utf-8")


def retitle_guide(docs: Path) -> None:
    (docs / "guide" / "shuoming.md").write_text("# 档案使用说明\n\n本档案按批次整理。\n", encoding="utf-8")


def break_material(docs: Path) -> None:
    path = linking_material(docs)
    path.write_text(path.read_text(encoding="utf-8").replace("doc_type: ", "doc_type: x", 1), encoding="utf-8")


def mend_material(docs: Path) -> None:
    path = linking_material(docs)
    path.write_text(path.read_text(encoding="utf-8").replace("doc_type: x", "doc_type: ", 1), encoding="utf-8")


def edit_config(docs: Path) -> None:
    config = docs.parent / "mkdocs.yml"
    config.write_text(re.sub(r"^copyright: (.*)$", r"copyright: \1（修订）", config.read_text(encoding="utf-8"), count=1,
                             flags=re.M), encoding="utf-8")


DIRTY_EDITS = [edit_typo, *EDITS, add_guide, retitle_guide, break_material, mend_material, edit_typo, edit_config]
"""Each with whether it rebuilds every page: a typo, a mended material no; a new title, page or setting yes."""
EVERY_PAGE = {"delete_material", "add_material", "add_guide", "retitle_guide", "edit_config"}


@pytest.mark.parametrize("edit", DIRTY_EDITS, ids=[f"{n}-{e.__name__}" for n, e in enumerate(DIRTY_EDITS)])
def test_dirty_serve_equals_a_fresh_build_after_each_save(edit, corpus: Path, serving: Serve, tmp_path: Path) -> None:
    docs = corpus / "docs"
    before, since = snapshot(corpus), len(serving.log)
    edit(docs)
    assert snapshot(corpus) != before, f"{edit.__name__} 没有改动任何文件"
    rebuilt(serving)
    written, total = counts(serving, since)
    if edit.__name__ in EVERY_PAGE:
        assert written == total
    elif edit.__name__ == "edit_typo":
        assert 0 < written < total // 4
    got = snapshot(serving.site_dir)
    want = fresh_preview(corpus, tmp_path / "fresh", serving.port)
    assert differences(got, want) == []


def test_mkdocs_dirty_warning_is_not_shown(serving: Serve) -> None:
    assert not any("dirty" in line for line in serving.log)
    assert any(COUNT.search(line) for line in serving.log)


@pytest.fixture(scope="module")
def properdocs_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("properdocs"), 40, 7)


@pytest.mark.parametrize("edit", [edit_typo, EDITS[1], EDITS[4]], ids=lambda e: e.__name__)
def test_properdocs_dirty_serve_equals_a_fresh_build(edit, properdocs_corpus: Path, tmp_path_factory: pytest.TempPathFactory,
                                                     tmp_path: Path) -> None:
    """ProperDocs (test_engines.py) runs the same hook: its `serve --dirty` is exact too, and says nothing of dirt."""
    server = Serve(properdocs_corpus, tmp_path_factory.mktemp("pdtmp"), "--dirty", engine="properdocs")
    try:
        server.wait_for(r"Serving on")
        since = len(server.log)
        edit(properdocs_corpus / "docs")
        rebuilt(server)
        got = snapshot(server.site_dir)
    finally:
        server.stop()
    written, total = counts(server, since)
    assert written == total if edit.__name__ in EVERY_PAGE else written < total
    assert not any("dirty" in line for line in server.log)
    assert differences(got, fresh_preview(properdocs_corpus, tmp_path / "fresh", server.port, "properdocs")) == []


def test_a_failed_rebuild_makes_the_next_one_write_every_page() -> None:
    """A build that stops half-way has not written every page it planned: the fingerprints it kept are forgotten."""
    from studyarchive.mkdocs.mkdocs_adapter import ArchiveBuild

    build = ArchiveBuild()
    build.on_startup(command="serve", dirty=True)
    assert build.preview is not None
    build.preview.settings, build.preview.nav, build.preview.pages = b"s", b"n", {"a.md": b"x"}
    build.on_build_error(RuntimeError("模板出错"))
    assert (build.preview.settings, build.preview.nav, build.preview.pages) == (None, None, {})
    plain = ArchiveBuild()
    plain.on_startup(command="serve", dirty=False)
    assert plain.preview is None
    plain.on_build_error(RuntimeError("模板出错"))  # nothing kept, nothing to forget
