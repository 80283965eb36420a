"""`serve --dirty` after random sequences of the saves that change the generated pages (问题清单, 整改台账, member,
area, year and type pages, 雷同表述): after each save the served site equals a fresh preview build, byte for byte.

The preview keeps a generated page without making it again when the materials it reads, and those they link to,
are unchanged (pages.Page.reads, incremental.fingerprints). A page that reads a material it does not declare would
be left stale by some save: these sequences look for one. The session is MkDocs' own `serve` rebuild (a new config
for each, `build(..., dirty=True)`), driven in a second process one rebuild per line of its input, so that each save
is compared at once; `fresh` is test_serve_dirty_edges.py's clean build of the same files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples, generated_corpus
from test_serve_dirty_edges import first_problem, fresh
from test_serve_incremental import ENV, WAIT, differences, snapshot

PORT = 8123  # only written into the pages' addresses: nothing listens
SESSION = (
    "import sys\n"
    "from mkdocs.config import load_config\n"
    "from mkdocs.commands.build import build\n"
    "url = sys.argv[3]\n"
    "def config():\n"
    "    c = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])\n"
    "    c.site_url = url\n"
    "    return c\n"
    "first = config()\n"
    "first.plugins.on_startup(command='serve', dirty=True)\n"
    "build(first, serve_url=url, dirty=True)\n"
    "print('built', flush=True)\n"
    "for line in sys.stdin:\n"
    "    build(config(), serve_url=url, dirty=True)\n"
    "    print('built', flush=True)\n"
)


class Session:
    """A `serve --dirty` session in another process: ``rebuild()`` is one save's rebuild."""

    def __init__(self, site: Path, out: Path) -> None:
        self.out = out
        self.proc = subprocess.Popen([sys.executable, "-c", SESSION, str(site / "mkdocs.yml"), str(out), f"http://127.0.0.1:{PORT}/"],
                                     cwd=site, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self._wait()

    def _wait(self) -> None:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if line.strip() != "built":
            self.proc.kill()
            assert self.proc.stderr is not None
            pytest.fail("serve 会话的重建失败：\n" + self.proc.stderr.read()[-3000:])

    def rebuild(self) -> dict[str, bytes]:
        assert self.proc.stdin is not None
        self.proc.stdin.write("save\n")
        self.proc.stdin.flush()
        self._wait()
        return snapshot(self.out)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# --- the saves: each rewrites one of the materials it applies to -------------------------------------------------

Change = Callable[[str], str]


def prose(text: str) -> str:
    """A typo mended in the prose: only the material's own page (and its volume) shows it."""
    return text.replace("。", "，经再次核对。", 1)


def tail(text: str) -> str:
    """A sentence added at the end (in the last measure, where the material ends with its measures): the item's text
    changes past its title, which only the material's own page and the 雷同表述 page quote."""
    return text.rstrip("\n") + "\n\n此外，每季度向支部报告一次落实情况。\n"


def problem_text(text: str) -> str:
    """A problem's wording (the 问题清单, area, member and ledger pages quote it)."""
    return re.sub(r"(二、查摆的主要问题[\s\S]*?\n[一二三四五]是[^。\n]*)。", r"\1，至今仍未改正。", text, count=1)


def measure_title(text: str) -> str:
    """A measure's title, which the materials reporting on it (【落实措施：…】) and its ledger show."""
    return re.sub(r"(整改措施\n\n1．)([^。\n]+)。", r"\1\2，抓紧抓实。", text, count=1)


def deadline(text: str) -> str:
    """A measure's deadline: its ledger row, and whether it is overdue."""
    return text.replace("（完成时限：长期坚持）", "（完成时限：2021年3月底）", 1)


def report(text: str) -> str:
    """A later material's report on last year's measure: the status in the other campaign's ledger."""
    return re.sub(r"(\n[一二三四五]是[^\n]*?)(基本完成|落实情况总体较好)", r"\1已全部完成", text, count=1)


def drop_report(text: str) -> str:
    """A report's marker deleted: the measure it named has no report any more."""
    return re.sub(r"【落实措施：[^】]+】", "", text, count=1)


def day(text: str) -> str:
    """The date within the same year: the year, type, member and campaign pages list it."""
    return re.sub(r"^date: (\d{4})-(\d\d)-(\d\d)$", lambda m: f"date: {m[1]}-{m[2]}-{'01' if m[3] != '01' else '02'}",
                  text, count=1, flags=re.M)


def answers(text: str) -> str:
    """A measure answering fewer problems: the 问题清单's measures column."""
    return re.sub(r"【针对问题：([\d.]+)、[^】]+】", r"【针对问题：\1】", text, count=1)


def area(text: str) -> str:
    """Problems moved to another of the campaign's areas."""
    return text.replace("【增强党性修养方面】", "【发挥先锋模范作用方面】", 1) if "【发挥先锋模范作用方面】" in text else text


CHANGES: list[Change] = [prose, tail, problem_text, measure_title, deadline, report, drop_report, day, answers, area]


def copy_problem(docs: Path, pick: int) -> Path | None:
    """A member copies another member's first problem word for word (雷同表述), as the parser finds it; the copy."""
    reviews = [p for p in sorted(docs.rglob("*.md")) if "doc_type: self_review" in p.read_text(encoding="utf-8")]
    src = reviews[pick % len(reviews)]
    peers = [p for p in reviews if p.parent == src.parent and p != src]
    if not peers:
        return None
    dst = peers[pick % len(peers)]
    lo, hi = first_problem(docs, src)
    words = src.read_text(encoding="utf-8").splitlines(keepends=True)[lo:hi]
    lines = dst.read_text(encoding="utf-8").splitlines(keepends=True)
    lo, hi = first_problem(docs, dst)
    dst.write_text("".join(lines[:lo] + words + lines[hi:]), encoding="utf-8")
    return dst


def apply(docs: Path, change: str, pick: int) -> bool:
    """Make the save; False when no material has anything it changes."""
    if change == "copy_problem":
        before = {p: p.read_bytes() for p in docs.rglob("*.md")}
        copy_problem(docs, pick)
        return before != {p: p.read_bytes() for p in docs.rglob("*.md")}
    fn = next(c for c in CHANGES if c.__name__ == change)
    paths = sorted(docs.rglob("*.md"))
    for path in paths[pick % len(paths):] + paths[:pick % len(paths)]:
        text = path.read_text(encoding="utf-8")
        new = fn(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            return True
    return False


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("random"), 40, 11)


SAVES = st.lists(st.tuples(st.sampled_from([c.__name__ for c in CHANGES] + ["copy_problem"]), st.integers(0, 10_000)),
                 min_size=1, max_size=4)


def test_every_save_kind_changes_some_material(pristine: Path, tmp_path: Path) -> None:
    """Each save finds something to change in the generated corpus: else a sequence would test less than it says."""
    for change in [c.__name__ for c in CHANGES] + ["copy_problem"]:
        site = tmp_path / change
        shutil.copytree(pristine, site)
        assert apply(site / "docs", change, 0), change


def compare_after_each(site: Path, work: Path, saves: Iterable[tuple[str, Callable[[], bool]]]) -> None:
    """One `serve --dirty` session on ``site``: each save is made (one that finds nothing to change is skipped), and
    after its rebuild the served site must be a fresh build's, byte for byte."""
    session = Session(site, work / "served")
    try:
        for n, (what, save) in enumerate(saves):
            if not save():
                continue
            got = session.rebuild()
            want = fresh(site, "mkdocs.yml", work / f"fresh{n}", PORT)
            assert differences(got, want) == [], f"第 {n + 1} 次保存（{what}）后"
    finally:
        session.close()


def check_saves(pristine: Path, work: Path, saves: list[tuple[str, int]]) -> None:
    """The saves of this file, by name and pick, on a copy of the corpus."""
    site = work / "corpus"
    shutil.copytree(pristine, site)
    docs = site / "docs"
    compare_after_each(site, work, [(change, lambda change=change, pick=pick: apply(docs, change, pick)) for change, pick in saves])


def test_each_kind_of_save_in_turn(pristine: Path, tmp_path: Path) -> None:
    """Every kind once, whatever the random sequences below happen to draw."""
    check_saves(pristine, tmp_path, [(c.__name__, 7) for c in CHANGES] + [("copy_problem", 7)])


@settings(max_examples=examples(3), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saves=SAVES)
def test_served_site_equals_a_fresh_build_after_random_saves(saves: list[tuple[str, int]], pristine: Path,
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    check_saves(pristine, tmp_path_factory.mktemp("saves"), saves)


def test_grouped_statement_with_other_punctuation(pristine: Path, tmp_path: Path) -> None:
    """A copied problem (雷同) gets other punctuation: the same words, so the same group and score, yet the 雷同表述
    page quotes the new wording (reads.duplicates_shows must show the statement's text, not only the group's shape)."""
    site = tmp_path / "corpus"
    shutil.copytree(pristine, site)
    docs = site / "docs"
    session = Session(site, tmp_path / "served")
    try:
        copy = copy_problem(docs, 7)
        assert copy is not None
        before = session.rebuild()["indexes/duplicates/index.html"]
        lines = copy.read_text(encoding="utf-8").split("\n")
        lo, hi = first_problem(docs, copy)
        marked = "\n".join(lines[lo:hi]).replace("，", "；", 1)
        assert marked != "\n".join(lines[lo:hi])
        copy.write_text("\n".join(lines[:lo] + marked.split("\n") + lines[hi:]), encoding="utf-8")
        got = session.rebuild()
        assert got["indexes/duplicates/index.html"] != before
        assert differences(got, fresh(site, "mkdocs.yml", tmp_path / "fresh", PORT)) == []
    finally:
        session.close()
