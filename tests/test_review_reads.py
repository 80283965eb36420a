"""Adversarial saves for the narrowed declarations of what the generated pages read (review of bd1733d, 822742a,
cc9f7a3: the 雷同表述 page's ``duplicates_shows``, ``page_view`` without an item's text, a material page's
``additions_key``), and of the member pages' 年年查、年年有. Each test makes its saves in one `serve --dirty` session
(test_serve_random_edits.py's), compares the served site with a fresh build after each, and checks that the save
changed the page it aims at (else the test could not fail)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from test_serve_dirty_edges import first_problem, fresh
from test_serve_incremental import differences, snapshot
from test_serve_random_edits import PORT, Session, pristine  # noqa: F401  # the fixture

Save = Callable[[Path], bool]
def sub(pick: Callable[[Path], Path], old: str, new: str, flags: int = re.M) -> Save:
    """In the material ``pick`` chooses: ``old`` (a pattern) becomes ``new``, once."""
    def save(docs: Path) -> bool:
        path = pick(docs)
        text = path.read_text(encoding="utf-8")
        changed = re.sub(old, new, text, count=1, flags=flags)
        path.write_text(changed, encoding="utf-8")
        return changed != text
    return save


def material(rel: str) -> Callable[[Path], Path]:
    return lambda docs: docs / rel


def compare_targets(site: Path, work: Path, saves: list[tuple[str, Save, str]]) -> None:
    """compare_after_each, and each save must change the page it aims at (its path in the site)."""
    docs = site / "docs"
    session = Session(site, work / "served")
    try:
        before = snapshot(work / "served")
        for n, (what, save, page) in enumerate(saves):
            assert save(docs), f"{what}: the save changed nothing"
            got = session.rebuild()
            want = fresh(site, "mkdocs.yml", work / f"fresh{n}", PORT)
            assert before.get(page) != want.get(page), f"{what}: {page} is the same before and after"
            assert differences(got, want) == [], f"第 {n + 1} 次保存（{what}）后"
            before = got
    finally:
        session.close()


def corpus(pristine: Path, work: Path) -> Path:  # noqa: F811
    site = work / "corpus"
    shutil.copytree(pristine, site)
    return site


# --- 年年查、年年有: which campaigns examine an area is every campaign material's, not the member's ---------------

def next_year(docs: Path) -> bool:
    """徐健晶 writes the 2021 material: its 联系服务群众 problems are under 干事创业, an area 2019-bwcx examined and
    2020-annual (as written so far) did not, so 2019 → 2021 is 年年查、年年有 on the member page."""
    text = (docs / "wenhuaguan/2020-annual/xujianjing.md").read_text(encoding="utf-8")
    for old, new in (("批次: 2020年度组织生活会", "批次: 2021年度组织生活会"), ("日期: 2021年2月23日", "日期: 2022年1月20日"),
                     ("标题: 徐健晶同志2020年度", "标题: 徐健晶同志2021年度"), ("【联系服务群众方面】", "【干事创业方面】")):
        assert old in text, old
        text = text.replace(old, new)
    (docs / "wenhuaguan/2021-annual").mkdir()
    (docs / "wenhuaguan/2021-annual/xujianjing.md").write_text(text, encoding="utf-8")
    return True


PEER = "wenhuaguan/2020-annual/guhuajie.md"  # another member's 2020 material


def test_an_area_another_member_examines_ends_a_recurrence(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """顾华杰 writes 干事创业 in 2020: 2020-annual now examines it, so 徐健晶's 2019 and 2021 problems there are no
    longer in consecutive campaigns and the recurrence goes from 徐健晶's page, which reads none of 顾华杰's
    materials; and comes back when the heading is put back."""
    member = "indexes/members/xujianjing/index.html"
    compare_targets(corpus(pristine, tmp_path), tmp_path, [
        ("next_year", next_year, member),
        ("peer_area", sub(material(PEER), r"^(#+ （[一二三四五]）|【)联系服务群众方面", r"\1干事创业方面"), member),
        ("peer_area_back", sub(material(PEER), r"^(#+ （[一二三四五]）|【)干事创业方面", r"\1联系服务群众方面"), member),
    ])


# --- 雷同表述: the page quotes the statements' texts; a save that keeps a group's words and score -----------------

LEADER, COPY = "wenhuaguan/2020-annual/houwei.md", "wenhuaguan/2020-annual/zhoujian.md"
DUPLICATES = "indexes/duplicates/index.html"


def copy_first_problem(docs: Path) -> bool:
    """周建 copies 侯伟's first problem word for word (a 雷同 group of two)."""
    src, dst = docs / LEADER, docs / COPY
    lo, hi = first_problem(docs, src)
    words = src.read_text(encoding="utf-8").split("\n")[lo:hi]
    lines = dst.read_text(encoding="utf-8").split("\n")
    lo, hi = first_problem(docs, dst)
    dst.write_text("\n".join(lines[:lo] + words + lines[hi:]), encoding="utf-8")
    return True


def in_first_problem(rel: str, change: Callable[[str], str]) -> Save:
    """``change`` applied to the text of the material's first problem only."""
    def save(docs: Path) -> bool:
        path = docs / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        lo, hi = first_problem(docs, path)
        old = "\n".join(lines[lo:hi])
        path.write_text("\n".join(lines[:lo] + change(old).split("\n") + lines[hi:]), encoding="utf-8")
        return change(old) != old
    return save


def test_grouped_statements_reworded_with_the_same_words(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """Emphasis in the copy, other punctuation in the group's first statement (the same words, group and score), a
    【…】 note (dropped by words_only and by the page: only the material's own page shows it), then a sentence more
    (another score)."""
    compare_targets(corpus(pristine, tmp_path), tmp_path, [
        ("copy", copy_first_problem, DUPLICATES),
        ("emphasis", in_first_problem(COPY, lambda t: t.replace("往往是", "**往往是**", 1)), DUPLICATES),
        ("leader_punctuation", in_first_problem(LEADER, lambda t: t.replace("，", "；", 1)), DUPLICATES),
        ("bracket_note", in_first_problem(COPY, lambda t: t.replace("往往是", "往往是【自查】", 1)), "wenhuaguan/2020-annual/zhoujian/index.html"),
        ("one_more_sentence", in_first_problem(COPY, lambda t: t.rstrip("。") + "。今后要逐条改进到位。"), DUPLICATES),
    ])


# --- reports: a later material's wording, status and date on an earlier measure ------------------------------

REPORTER = material("wenhuaguan/2020-annual/xujianjing.md")
LEDGER_2019 = "indexes/ledger/2019-bwcx/index.html"


def test_a_report_reworded_and_redated(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """The 2020 material's report on measure 1 (立行立改, no status of its own) says it is not finished (整改中);
    on measure 3 other words with the same status; then the reporting material's date moves."""
    compare_targets(corpus(pristine, tmp_path), tmp_path, [
        ("open", sub(REPORTER, r"(一是坚持学用结合方面。)[^【\n]*", r"\1仍在推进，尚未全部完成。"), LEDGER_2019),
        ("same_status", sub(REPORTER, r"(三是加强调查研究方面。[^【\n]*)有效改进", r"\1明显改进"), LEDGER_2019),
        ("date", sub(REPORTER, r"^日期: 2021年2月23日", "日期: 2021年3月2日"), "wenhuaguan/2019-bwcx/xujianjing/index.html"),
    ])


# --- items: renumbered, trimmed to their title, a measure's text past its title, an overdue measure ------------

QINGDAN = material("wenhuaguan/2019-bwcx/zhenggai-qingdan.md")


def test_items_renumbered_trimmed_and_overdue(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """Two problems change places (their numbers swap titles); a problem is cut to its first sentence (its title
    stays; it leaves any 雷同 group); a sentence goes between a measure's title and its ledger bracket; a deadline
    moves past the build date (逾期 on the 问题清单's counts)."""
    houwei = material(LEADER)
    compare_targets(corpus(pristine, tmp_path), tmp_path, [
        ("swap", sub(houwei, r"^一是(学用结合不够紧密。.*)\n\n二是(理论学习不够系统深入。.*)$", r"一是\2\n\n二是\1"),
         "indexes/campaigns/2020-annual/index.html"),
        ("trim", sub(houwei, r"^三是(学习方法比较单一。).*$", r"三是\1"), "wenhuaguan/2020-annual/houwei/index.html"),
        ("between", sub(QINGDAN, r"把更多精力用在抓落实上。（责任人", "把更多精力用在抓落实上。每月通报一次。（责任人"),
         "wenhuaguan/2019-bwcx/zhenggai-qingdan/index.html"),
        ("not_overdue", sub(QINGDAN, r"完成时限：2020年9月底；状态：整改中", "完成时限：2099年9月底；状态：整改中"),
         "indexes/campaigns/2019-bwcx/index.html"),
    ])


# --- 责任人: a namesake in another branch names the owner with its branch ------------------------------------

def namesake(docs: Path) -> bool:
    """A 徐健晶 of another branch (县图书馆党支部) saves a 2020 material: every 徐健晶 is named with the branch, the
    2019 material's ledger table (its owner is the member) too."""
    text = (docs / "wenhuaguan/2020-annual/xujianjing.md").read_text(encoding="utf-8")
    text = text.replace("支部: 县文化馆党支部", "支部: 县图书馆党支部").replace("【落实措施：", "【见措施：")
    (docs / "tushuguan/2020-annual").mkdir(parents=True)
    (docs / "tushuguan/2020-annual/xujianjing.md").write_text(text, encoding="utf-8")
    return True


def namesake_leaves(docs: Path) -> bool:
    shutil.rmtree(docs / "tushuguan")
    return True


def two_branches(pristine: Path, work: Path) -> Path:  # noqa: F811
    """The corpus with a second branch, 县图书馆党支部 (tushuguan), in the vocabulary and the folders."""
    site = corpus(pristine, work)
    vocab = site / "vocabulary.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "  label: 县文化馆党支部\n", "  label: 县文化馆党支部\n- id: tushuguan\n  label: 县图书馆党支部\n", 1), encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      wenhuaguan: 县文化馆党支部\n", "      wenhuaguan: 县文化馆党支部\n      tushuguan: 县图书馆党支部\n", 1), encoding="utf-8")
    return site


def test_a_namesake_in_another_branch_comes_and_goes(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    site = two_branches(pristine, tmp_path)
    page = "wenhuaguan/2019-bwcx/xujianjing/index.html"
    compare_targets(site, tmp_path, [("namesake", namesake, page), ("namesake_leaves", namesake_leaves, page)])


# --- 雷同表述: how many authors a group has (第 N 组：问题，3 人) ----------------------------------------------

LIST = "wenhuaguan/2019-bwcx/zhenggai-qingdan.md"  # the branch's 整改清单: its problems are the branch's


def test_a_branch_list_moved_to_the_other_branch_merges_two_authors(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """Before the session: the other branch's 整改清单 has this one's first problem, and 徐健晶 wrote it word for
    word too, so that group has three authors (two branches and a member). The copy's 支部 is then corrected to
    this branch: the same statements, texts and scores, yet the group has two authors (3 人 → 2 人); the statements
    of a branch's material name no member, so only the group's count of authors shows the change."""
    site = two_branches(pristine, tmp_path)
    docs = site / "docs"
    text = (docs / LIST).read_text(encoding="utf-8")
    statement = re.search(r"^1．学习方法比较单一。.*$", text, re.M)
    assert statement is not None
    head = text[:text.index("一、问题清单")].replace("branch: wenhuaguan", "branch: tushuguan").replace("县文化馆党支部", "县图书馆党支部")
    (docs / "tushuguan/2019-bwcx").mkdir(parents=True)
    (docs / "tushuguan/2019-bwcx/zhenggai-qingdan.md").write_text(  # only the one problem: no other group has it
        head + "一、问题清单\n\n（一）理论学习方面\n\n" + statement.group(0) + "\n", encoding="utf-8")
    member = docs / "wenhuaguan/2019-bwcx/xujianjing.md"
    member.write_text(re.sub(r"^1．对新知识新领域学习不够。.*$", statement.group(0), member.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    compare_targets(site, tmp_path, [
        ("same_branch", sub(material("tushuguan/2019-bwcx/zhenggai-qingdan.md"), r"^branch: tushuguan$", "branch: wenhuaguan"), DUPLICATES),
    ])
