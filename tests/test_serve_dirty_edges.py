"""`mkdocs serve --dirty` on the edits a member or secretary makes that the incremental preview could miss: after
each save the served site must equal a fresh preview build of the same files, byte for byte (test_serve_dirty.py's
harness). A renamed or moved material, a member changed (member pages, 姓氏笔画 order), a draft and back, a
【见问题：…】 naming another material's problem that is then edited and deleted, a ledger entry, a date across a year,
a problem copied from another member (雷同) and back, an attachment image, docs/index.md and a guide page,
vocabulary.yml and urls.yml, two saves at once, a broken front matter mended, and the committee site.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import generated_corpus
from test_serve_dirty import counts, rebuilt, serve_dirty
from test_serve_incremental import ENV, WAIT, Serve, differences, snapshot

CAMPAIGN = "wenhuaguan/2020-annual"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def fresh(site: Path, config: str, out: Path, port: int) -> dict[str, bytes]:
    """The first build of a new `serve` session of ``config`` on the same files and address: nothing reused."""
    code = ("import sys\n"
            "from mkdocs.config import load_config\n"
            "from mkdocs.commands.build import build\n"
            "config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])\n"
            "config.plugins.on_startup(command='serve', dirty=False)\n"
            "config.site_url = url = sys.argv[3]\n"
            "build(config, serve_url=url, dirty=False)\n")
    done = subprocess.run([sys.executable, "-c", code, str(site / config), str(out), f"http://127.0.0.1:{port}/"],
                          cwd=site, env=ENV, capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr[-2000:]
    return snapshot(out)


def make_corpus(folder: Path, seed: int) -> Path:
    site = generated_corpus(folder, 60, seed)
    (site / "mkdocs-committee.yml").write_text(
        "INHERIT: mkdocs.yml\nsite_name: 支委网站\nextra:\n  archive:\n    audience: committee\n", encoding="utf-8")
    # serve watches urls.yml only if it is there when it starts (on_serve)
    member = re.search(r"^(?:member|党员): (.+)$", self_reviews(site / "docs")[0].read_text(encoding="utf-8"), re.M)
    assert member is not None
    (site / "urls.yml").write_text(f"{member.group(1)}: dangyuan-jia\n", encoding="utf-8")
    return site


def self_reviews(docs: Path) -> list[Path]:
    """The members' self-reviews of one campaign (file named by the member alone), in a stable order."""
    return [p for p in sorted((docs / CAMPAIGN).glob("*.md")) if "-" not in p.stem]


def rewrite(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, f"{path.name} 没有改动"
    path.write_text(new, encoding="utf-8")


def ref(docs: Path, path: Path) -> str:
    return path.relative_to(docs).with_suffix("").as_posix()


def first_problem(docs: Path, path: Path) -> tuple[int, int]:
    """The lines (0-based, end exclusive) of the material's first problem, as the archive's parser finds them."""
    from studyarchive.core.vocab import load_vocabulary
    from studyarchive.link.pipeline import build_archive

    vocab = load_vocabulary((docs.parent / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    src = path.relative_to(docs).as_posix()
    archive = build_archive([(src, path.read_text(encoding="utf-8"))], vocab, drafts=True)
    item = next(i for i in archive.materials[src].items if i.kind == "problem")
    return item.start.line - 1, item.end.line if item.end.col else item.end.line - 1


def change_problem(docs: Path, path: Path, change: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = first_problem(docs, path)
    path.write_text("\n".join(lines[:start] + change(lines[start:end]) + lines[end:]), encoding="utf-8")


def rename_material(docs: Path) -> None:
    path = self_reviews(docs)[-1]
    path.rename(path.with_name(path.stem + "-gaiming.md"))


def move_material(docs: Path) -> None:
    path = next(p for p in sorted((docs / CAMPAIGN).glob("*-xinde.md")))
    target = docs / "wenhuaguan" / "2019-bwcx" / ("yidong-" + path.name)
    target.write_text(re.sub(r"^(campaign|批次): .*$", "campaign: 2019-bwcx", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    path.unlink()


def change_member(docs: Path) -> None:
    rewrite(self_reviews(docs)[1], lambda t: re.sub(r"^(member|党员): .*$", r"\1: 丁一", t, count=1, flags=re.M))


def change_member_back(docs: Path) -> None:
    path = self_reviews(docs)[1]
    title = re.search(r"^(?:title|标题): (.+?)同志", path.read_text(encoding="utf-8"), re.M)
    assert title is not None
    rewrite(path, lambda t: t.replace(": 丁一\n", f": {title.group(1)}\n", 1))


def to_draft(docs: Path) -> None:
    rewrite(self_reviews(docs)[2], lambda t: t.replace("\n---\n", "\nstatus: draft\n---\n", 1))


def from_draft(docs: Path) -> None:
    rewrite(self_reviews(docs)[2], lambda t: t.replace("\nstatus: draft\n", "\n", 1))


def see_problem(docs: Path) -> None:
    """Material A names B's first problem: A shows B's problem."""
    a, b = self_reviews(docs)[3], self_reviews(docs)[4]
    change_problem(docs, a, lambda lines: [lines[0] + f"【见问题：{ref(docs, b)}#1.1】", *lines[1:]])


def edit_named_problem(docs: Path) -> None:
    change_problem(docs, self_reviews(docs)[4], lambda lines: [lines[0].replace("。", "（修订）。", 1), *lines[1:]])


def delete_named_problem(docs: Path) -> None:
    change_problem(docs, self_reviews(docs)[4], lambda lines: [])


def restore_named_problem(docs: Path) -> None:
    """B gets a first problem again: A's 【见问题：…#1.1】 names it."""
    change_problem(docs, self_reviews(docs)[4], lambda lines: ["一是新查找的问题。工作中还存在不够细致的情况。", "", *lines])


def report_unfinished(docs: Path) -> None:
    """A later material's report on a measure now says it is not finished: the measure's status (ledger) changes."""
    path = next(p for p in sorted(docs.rglob("*.md")) if "【落实措施：" in p.read_text(encoding="utf-8"))
    rewrite(path, lambda t: t.replace("【落实措施：", "目前尚未完成。【落实措施：", 1))


def edit_ledger(docs: Path) -> None:
    path = next(p for p in self_reviews(docs) if "【针对问题：" in p.read_text(encoding="utf-8"))
    rewrite(path, lambda t: t.replace("\n---\n", "\n整改台账:\n  1: {deadline: 2021年6月底, status: 整改中}\n---\n", 1))


def edit_ledger_again(docs: Path) -> None:
    path = next(p for p in self_reviews(docs) if "【针对问题：" in p.read_text(encoding="utf-8"))
    rewrite(path, lambda t: t.replace("status: 整改中}", "status: 已完成, completed: 2021-05-30}", 1))


def date_across_year(docs: Path) -> None:
    rewrite(self_reviews(docs)[5], lambda t: re.sub(r"^(date|日期): .*$", r"\1: 2022-01-10", t, count=1, flags=re.M))


def copy_problem(docs: Path) -> None:
    """B's first problem becomes, word for word, another member's (雷同表述)."""
    a, b = self_reviews(docs)[6], self_reviews(docs)[7]
    start, end = first_problem(docs, a)
    copied = a.read_text(encoding="utf-8").split("\n")[start:end]
    (docs.parent / "orig.md").write_bytes(b.read_bytes())  # outside docs/: not a file of the site
    change_problem(docs, b, lambda lines: copied)


def uncopy_problem(docs: Path) -> None:
    b = self_reviews(docs)[7]
    keep = docs.parent / "orig.md"
    b.write_bytes(keep.read_bytes())
    keep.unlink()


def add_image(docs: Path) -> None:
    path = self_reviews(docs)[8]
    (path.parent / "xianchang.png").write_bytes(PNG)
    rewrite(path, lambda t: t.rstrip("\n") + "\n\n![学习现场](xianchang.png)\n")


def change_image(docs: Path) -> None:
    (docs / CAMPAIGN / "xianchang.png").write_bytes(PNG[:-12] + PNG[-12:].replace(b"IEND", b"IEND", 1) + b"\0")


def delete_image(docs: Path) -> None:
    """The page still names the image: MkDocs no longer finds it and leaves the address as written."""
    (docs / CAMPAIGN / "xianchang.png").unlink()


def add_image_again(docs: Path) -> None:
    """The image alone, the page naming it unchanged: MkDocs finds it again and writes its address."""
    (docs / CAMPAIGN / "xianchang.png").write_bytes(PNG)


def add_index(docs: Path) -> None:
    (docs / "index.md").write_text("# 学习档案\n\n本支部的学习档案。\n", encoding="utf-8")


def edit_index(docs: Path) -> None:
    rewrite(docs / "index.md", lambda t: t.replace("学习档案。", "学习档案，按批次整理。"))


def add_guide(docs: Path) -> None:
    (docs / "guide").mkdir(exist_ok=True)
    (docs / "guide" / "shiyong.md").write_text("# 使用说明\n\n先看档案索引。\n", encoding="utf-8")


def edit_guide(docs: Path) -> None:
    rewrite(docs / "guide" / "shiyong.md", lambda t: t.replace("先看档案索引。", "先看档案索引，再看整改台账。"))


def edit_vocabulary(docs: Path) -> None:
    rewrite(docs.parent / "vocabulary.yml", lambda t: t.replace("label: 不忘初心、牢记使命主题教育", "label: 主题教育（2019）", 1))


def edit_urls(docs: Path) -> None:
    rewrite(docs.parent / "urls.yml", lambda t: t.replace(": dangyuan-jia", ": dangyuan-yi"))


def two_saves(docs: Path) -> None:
    rewrite(self_reviews(docs)[9], lambda t: t.replace("。", "，两次保存之一。", 1))
    rewrite(self_reviews(docs)[10], lambda t: re.sub(r"^(title|标题): (.*)$", r"\1: \2（二）", t, count=1, flags=re.M))


def break_front_matter(docs: Path) -> None:
    rewrite(self_reviews(docs)[0], lambda t: re.sub(r"\n(date|日期): ", r"\n\1: [", t, count=1))


def mend_front_matter(docs: Path) -> None:
    rewrite(self_reviews(docs)[0], lambda t: re.sub(r"\n(date|日期): \[", r"\n\1: ", t, count=1))


EDGES = [rename_material, move_material, change_member, change_member_back, to_draft, from_draft, see_problem,
         edit_named_problem, delete_named_problem, restore_named_problem, edit_ledger, edit_ledger_again,
         report_unfinished, date_across_year, copy_problem,
         uncopy_problem, add_image, change_image, delete_image, add_image_again, add_index, edit_index, add_guide, edit_guide,
         edit_vocabulary, edit_urls, two_saves, break_front_matter, mend_front_matter]


SOME_PAGES = {"to_draft", "from_draft", "see_problem", "edit_named_problem", "delete_named_problem", "restore_named_problem",
              "edit_ledger", "edit_ledger_again", "report_unfinished", "date_across_year", "copy_problem", "uncopy_problem",
              "change_image", "add_index", "edit_index", "two_saves", "to_committee", "from_committee"}
"""The edits that rewrite only some pages (a material's own text, front matter or markers)."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("edges"), 11)


@pytest.fixture(scope="module")
def serving(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    yield from serve_dirty(corpus, tmp_path_factory.mktemp("edgestmp"))


def check(edit: Callable[[Path], None], corpus: Path, server: Serve, config: str, out: Path) -> None:
    before, since = snapshot(corpus), len(server.log)
    edit(corpus / "docs")
    assert snapshot(corpus) != before, f"{edit.__name__} 没有改动任何文件"
    rebuilt(server)
    written, total = counts(server, since)
    print(f"{edit.__name__}: {written}/{total}")
    if edit.__name__ in SOME_PAGES:  # the incremental way is what these cases test: not every page rewritten
        assert written < total
    assert differences(snapshot(server.site_dir), fresh(corpus, config, out, server.port)) == []


@pytest.mark.parametrize("edit", EDGES, ids=[f"{n:02d}-{e.__name__}" for n, e in enumerate(EDGES)])
def test_dirty_serve_equals_a_fresh_build_after_an_edge_edit(edit, corpus: Path, serving: Serve, tmp_path: Path) -> None:
    check(edit, corpus, serving, "mkdocs.yml", tmp_path / "fresh")


def to_committee(docs: Path) -> None:
    rewrite(self_reviews(docs)[0], lambda t: t.replace("\n---\n", "\naudience: committee\n---\n", 1))


def from_committee(docs: Path) -> None:
    rewrite(self_reviews(docs)[0], lambda t: t.replace("\naudience: committee\n", "\n", 1))


COMMITTEE = [to_committee, from_committee, see_problem, edit_named_problem, change_member]


@pytest.fixture(scope="module")
def committee_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("committee"), 12)


@pytest.fixture(scope="module")
def committee(committee_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    server = Serve(committee_corpus, tmp_path_factory.mktemp("committeetmp"), "--dirty", "-f",
                   str(committee_corpus / "mkdocs-committee.yml"))
    try:
        server.wait_for(r"Serving on")
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("edit", COMMITTEE, ids=[f"{n}-{e.__name__}" for n, e in enumerate(COMMITTEE)])
def test_committee_dirty_serve_equals_a_fresh_build(edit, committee_corpus: Path, committee: Serve, tmp_path: Path) -> None:
    check(edit, committee_corpus, committee, "mkdocs-committee.yml", tmp_path / "fresh")
