"""Adversarial saves for `serve --dirty` (review of the incremental preview): front matter that moves a material
between campaigns, drafts, committee-only materials, a material whose front matter breaks and is mended, a
责任人 changed, a section heading above a report marker. After each save the served site equals a fresh build.
Uses the session of test_serve_random_edits.py on the same generated corpus."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from test_serve_dirty_edges import fresh
from test_serve_incremental import differences, snapshot
from test_serve_random_edits import PORT, Session, compare_after_each, pristine  # noqa: F401  # the fixture

Save = Callable[[Path], bool]


def first(docs: Path, needle: str) -> Path:
    return next(p for p in sorted(docs.rglob("*.md")) if needle in p.read_text(encoding="utf-8"))


def replace(needle: str, old: str, new: str, flags: int = 0) -> Save:
    """In the first material holding ``needle``: ``old`` (a pattern) becomes ``new``, once."""
    def save(docs: Path) -> bool:
        path = first(docs, needle)
        text = path.read_text(encoding="utf-8")
        changed = re.sub(old, new, text, count=1, flags=flags)
        path.write_text(changed, encoding="utf-8")
        return changed != text
    return save


REPORTER = "【落实措施："  # a 2020 material reporting on 2019's measures
REPORTED = "member: 徐健晶"


SAVES: dict[str, Save] = {
    "draft": replace(REPORTER, r"\A---\n", "---\n状态: 草稿\n"),
    "undraft": replace(REPORTER, r"状态: 草稿\n", ""),
    "committee": replace("（责任人：", r"\A---\n", "---\n知悉范围: committee\n"),
    "uncommittee": replace("（责任人：", r"知悉范围: committee\n", ""),
    "heading": replace(REPORTER, r"一、上年度问题整改落实情况", "一、上一年度问题整改落实情况"),
    "owner": replace("（责任人：", r"（责任人：[^；]+；", "（责任人：顾华杰；"),
    "status": replace("（责任人：", r"状态：整改中", "状态：已完成"),
    "break": replace(REPORTER, r"\A---\n", "---\nxdate: [\n"),
    "mend": replace(REPORTER, r"xdate: \[\n", ""),
    "move": replace("campaign: 2020-annual", r"campaign: 2020-annual", "campaign: 2019-bwcx"),
    "move_back": replace("campaign: 2019-bwcx", r"campaign: 2019-bwcx", "campaign: 2020-annual"),
}


def corpus_copy(pristine: Path, work: Path) -> Path:  # noqa: F811
    site = work / "corpus"
    shutil.copytree(pristine, site)
    return site


def made(save: Save, docs: Path) -> Callable[[], bool]:
    """``save`` in ``docs``, which must change something: else the sequence would test less than it says."""
    def run() -> bool:
        assert save(docs), "the save changed nothing"
        return True
    return run


def run(pristine: Path, work: Path, names: list[str]) -> None:  # noqa: F811
    site = corpus_copy(pristine, work)
    compare_after_each(site, work, [(name, made(SAVES[name], site / "docs")) for name in names])


@pytest.mark.parametrize("names", [
    ["heading", "owner", "status"],
    ["draft", "undraft", "committee", "uncommittee"],
    ["break", "mend", "move", "move_back"],
])
def test_saves(pristine: Path, tmp_path: Path, names: list[str]) -> None:  # noqa: F811
    run(pristine, tmp_path, names)


DAYS = ["1586908800", "1594771200", "1621036800"]  # 2020-04-15, 2020-07-15, 2021-05-15 (China): deadlines pass


def test_a_new_day_during_a_session(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The serve session runs past midnight: the next rebuild counts the ledger at the new date, as a fresh build
    does (overdue measures, 统计日期), even when no file changed."""
    import test_serve_incremental
    import test_serve_random_edits

    script = test_serve_random_edits.SESSION.replace(
        "for line in sys.stdin:\n", "import os\nfor line in sys.stdin:\n    os.environ['SOURCE_DATE_EPOCH'] = line.split()[1]\n")
    monkeypatch.setattr(test_serve_random_edits, "SESSION", script)
    monkeypatch.setitem(test_serve_incremental.ENV, "SOURCE_DATE_EPOCH", DAYS[0])
    site = tmp_path / "corpus"
    shutil.copytree(pristine, site)
    session = Session(site, tmp_path / "served")
    before = snapshot(tmp_path / "served")
    try:
        for n, day in enumerate(DAYS[1:]):
            assert session.proc.stdin is not None
            session.proc.stdin.write(f"day {day}\n")
            session.proc.stdin.flush()
            session._wait()
            monkeypatch.setitem(test_serve_incremental.ENV, "SOURCE_DATE_EPOCH", day)
            want = fresh(site, "mkdocs.yml", tmp_path / f"fresh{n}", PORT)
            got = snapshot(tmp_path / "served")
            assert differences(got, want) == [], f"{day} 的重建"
            assert differences(got, before), "the day changes what the ledger shows"
            before = got
    finally:
        session.close()


def toggle(needle: str, on: str, off: str, where: str = r"\A---\n", to: str = "---\n") -> Save:
    """Adds ``on`` after ``where`` in the first material holding ``needle``, or takes it away when it is there."""
    def save(docs: Path) -> bool:
        path = first(docs, needle)
        text = path.read_text(encoding="utf-8")
        changed = text.replace(on, off, 1) if on in text else re.sub(where, lambda m: to + on, text, count=1)
        path.write_text(changed, encoding="utf-8")
        return changed != text
    return save


def swap_once(path: Path, old: str, new: str) -> bool:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return True


def swap(path: Path, a: str, b: str) -> bool:
    """``a`` becomes ``b``, or ``b`` becomes ``a`` (a date moved to the next year and back)."""
    text = path.read_text(encoding="utf-8")
    changed = text.replace(a, b, 1) if a in text else text.replace(b, a, 1)
    path.write_text(changed, encoding="utf-8")
    return changed != text


TOGGLES: dict[str, Save] = {
    "draft": toggle(REPORTER, "状态: 草稿\n", ""),
    "committee": toggle("（责任人：", "知悉范围: committee\n", ""),
    "broken": toggle(REPORTER, "xdate: [\n", ""),
    "year": lambda docs: swap(first(docs, "audience: committee"), "date: 2019-", "date: 2020-"),
    "heading": replace(REPORTER, r"一、上(一)?年度", "一、上一年度"),
    "renumber": replace("（责任人：", r"\n1．", "\n9．"),
    "report_date": replace(REPORTER, r"(日期: \d{4}年)\d+月", r"\g<1>3月"),
}


@settings(max_examples=examples(3), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.sampled_from(sorted(TOGGLES)), min_size=2, max_size=5))
def test_random_toggles(names: list[str], pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> None:  # noqa: F811
    work = tmp_path_factory.mktemp("toggles")
    site = corpus_copy(pristine, work)
    compare_after_each(site, work, [(name, lambda name=name: TOGGLES[name](site / "docs")) for name in names])


def second_branch(site: Path) -> tuple[Path, Path]:
    """A second branch with namesakes of the first's members: a study note's 侯婷 and a self-review's 徐健晶."""
    vocab = site / "vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "branches:\n", "branches:\n- id: tushuguan\n  label: 县图书馆党支部\n", 1), encoding="utf-8")
    docs = site / "docs"
    note = docs / "tushuguan" / "xuexi" / "houting.md"
    review = docs / "tushuguan" / "2020-annual" / "xujianjing.md"
    for src, dst in ((docs / "wenhuaguan" / "xuexi" / "houting-2019-bwcx.md", note),
                     (docs / "wenhuaguan" / "2020-annual" / "xujianjing.md", review)):
        dst.parent.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8")
        dst.write_text(text.replace("branch: wenhuaguan", "branch: tushuguan").replace("支部: 县文化馆党支部", "支部: 县图书馆党支部"),
                       encoding="utf-8")
    return note, review


def test_namesakes_come_and_go(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """Two branches' 侯婷 and 徐健晶: one renamed and back, one's branch changed; the labels 侯婷（县文化馆党支部）
    in the pages, the ledger files, archive.json and the search index follow at once."""
    site = corpus_copy(pristine, tmp_path)
    note, review = second_branch(site)
    label = "侯婷（县图书馆党支部）".encode()
    start = fresh(site, "mkdocs.yml", tmp_path / "start", PORT)
    assert any(label in data for data in start.values()), "the namesakes are told apart"
    saves = [(note, "member: 侯婷", "member: 侯亭"), (note, "member: 侯亭", "member: 侯婷"),
             (review, "支部: 县图书馆党支部", "支部: 县文化馆党支部"), (review, "支部: 县文化馆党支部", "支部: 县图书馆党支部"),
             (review, "党员: 徐健晶", "党员: 徐建晶")]
    compare_after_each(site, tmp_path, [(new, lambda path=path, old=old, new=new: swap_once(path, old, new))
                                        for path, old, new in saves])


def test_a_failed_rebuild_then_a_good_one(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A broken vocabulary.yml stops the rebuild (`serve` reports it and waits); materials saved meanwhile, and
    the next good rebuild writes the site a fresh build writes."""
    import test_serve_random_edits

    script = test_serve_random_edits.SESSION.replace(
        "    build(config(), serve_url=url, dirty=True)\n",
        "    try:\n        build(config(), serve_url=url, dirty=True)\n    except Exception:\n        open(sys.argv[2] + '.failed', 'a').write('x')\n")
    monkeypatch.setattr(test_serve_random_edits, "SESSION", script)
    site = tmp_path / "corpus"
    shutil.copytree(pristine, site)
    session = Session(site, tmp_path / "served")
    vocab = site / "vocabulary.yml"
    good = vocab.read_text(encoding="utf-8")
    try:
        assert TOGGLES["heading"](site / "docs")
        session.rebuild()
        vocab.write_text(good + "branches: [\n", encoding="utf-8")
        assert SAVES["status"](site / "docs")
        session.rebuild()  # fails
        assert TOGGLES["broken"](site / "docs")
        session.rebuild()  # fails
        assert (tmp_path / "served.failed").read_text() == "xx", "both rebuilds failed"
        vocab.write_text(good, encoding="utf-8")
        got = session.rebuild()
        want = fresh(site, "mkdocs.yml", tmp_path / "fresh", PORT)
        assert differences(got, want) == []
        assert SAVES["owner"](site / "docs") and TOGGLES["broken"](site / "docs")
        got = session.rebuild()
        want = fresh(site, "mkdocs.yml", tmp_path / "fresh2", PORT)
        assert differences(got, want) == []
    finally:
        session.close()


def test_the_committee_site(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """The committee's site (audience: committee) shows committee-only materials: making one so, or a talk record
    a member may read, moves no page in the navigation, and the pages that show it follow."""
    site = corpus_copy(pristine, tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  archive:\n", "  archive:\n    audience: committee\n", 1),
                      encoding="utf-8")
    saves = [TOGGLES["committee"], replace("audience: committee", r"audience: committee\n", ""), TOGGLES["committee"],
             TOGGLES["draft"], TOGGLES["year"]]
    compare_after_each(site, tmp_path, [(f"第 {n + 1} 种", made(save, site / "docs")) for n, save in enumerate(saves)])


RENAMES = (
    "import sys, os\n"
    "from mkdocs.config import load_config\n"
    "from mkdocs.commands.build import build\n"
    "from studyarchive.mkdocs.mkdocs_adapter import ArchiveBuild\n"
    "site, out, url = sys.argv[1:4]\n"
    "def config():\n"
    "    c = load_config(config_file=os.path.join(site, 'mkdocs.yml'), site_dir=out)\n"
    "    c.site_url = url\n"
    "    return c\n"
    "first = config()\n"
    "first.plugins.on_startup(command='serve', dirty=True)\n"
    "build(first, serve_url=url, dirty=True)\n"
    "path = os.path.join(site, 'docs', 'wenhuaguan', 'xuexi', 'houting-2019-bwcx.md')\n"
    "for n in range(5):\n"
    "    new = path[:-3] + f'-{n}.md'\n"
    "    os.rename(path, new)\n"
    "    path = new\n"
    "    build(config(), serve_url=url, dirty=True)\n"
    "b = next(m._build for m in list(sys.modules.values()) if isinstance(getattr(m, '_build', None), ArchiveBuild))\n"
    "print(sorted(set(b.preview.html) - set(b.archive.materials)))\n"
)


def test_renamed_materials_leave_no_html_behind(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """A material renamed (or deleted) again and again in one session: the preview keeps the HTML of the
    materials there are (for the volumes), not of every name a material ever had."""
    import subprocess
    import sys

    from test_serve_incremental import ENV, ROOT, WAIT

    site = tmp_path / "corpus"
    shutil.copytree(pristine, site)
    done = subprocess.run([sys.executable, "-c", RENAMES, str(site), str(tmp_path / "served"), f"http://127.0.0.1:{PORT}/"],
                          cwd=site, env={**ENV, "PYTHONPATH": str(ROOT / "hooks")}, capture_output=True, text=True,
                          timeout=WAIT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_duplicate_groups_renumbered_by_another_campaign(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """Statements copied in one campaign and then in another, and a copy's words changed: the 雷同 marks'
    group numbers on the materials' pages of both campaigns follow (they number the groups of all campaigns)."""
    from test_serve_random_edits import check_saves

    check_saves(pristine, tmp_path, [("copy_problem", 3), ("copy_problem", 0), ("problem_text", 5), ("copy_problem", 11),
                                     ("area", 2)])


def test_meeting_records(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """A meeting record's type, and its date moved into the next year and back: 三会一课, the year and type
    pages and the member pages that list it follow."""
    site = corpus_copy(pristine, tmp_path)
    record = first(site / "docs", "meeting_type: party_lecture")
    saves = [("meeting_type: party_lecture", "meeting_type: committee_meeting"), ("date: 2019-", "date: 2020-"),
             ("date: 2020-", "date: 2019-")]
    compare_after_each(site, tmp_path, [(new, lambda old=old, new=new: swap_once(record, old, new)) for old, new in saves])


def test_a_committee_only_report(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """The material that reports on last year's measures made committee-only (no page in the members' site),
    then its reports changed and one deleted: the measures' ledger rows and pages are a fresh build's."""
    site = corpus_copy(pristine, tmp_path)
    docs = site / "docs"
    hide = toggle(REPORTER, "知悉范围: committee\n", "")
    reporter = first(docs, REPORTER)

    def on_reporter(save: Save) -> Callable[[], bool]:
        def run() -> bool:
            assert save(docs) and first(docs, REPORTER) == reporter
            return True
        return run

    saves = [hide, replace(REPORTER, "已按计划落实到位", "已全部完成"), replace(REPORTER, r"【落实措施：[^】]+】", ""), hide]
    compare_after_each(site, tmp_path, [(f"第 {n + 1} 种", on_reporter(save)) for n, save in enumerate(saves)])
