"""The linker (hooks/studyarchive/link/linker.py) as a reader of the archive meets it: which item answers which, where a
backlink leads (its anchor and its text), what the members' site forgets, and the exact Chinese message with
file:line for every link that cannot be made.

Everything runs in the test process (build_archive on texts), so that `make mutation` sees which test reaches which
function of the linker; each test builds its own archive (mutmut credits a shared fixture to one test only).
"""

from __future__ import annotations

from pathlib import Path

from studyarchive.config.project import read_vocabulary
from studyarchive.core.model import Archive, ItemKey, Mention
from studyarchive.link.pipeline import build_archive

ROOT = Path(__file__).resolve().parent.parent


def front(title: str, member: str, extra: str = "", campaign: str = "2024-dangji") -> str:
    return f"---\ntitle: {title}\ndoc_type: self_review\nmember: {member}\ncampaign: {campaign}\ndate: 2024-07-18\n{extra}---\n"


# Line 10: problem 1.1 (col 10), line 11: problem 1.2, line 15: cause 1, line 19: measure 1, line 20: measure 2.
ZHANGSAN = front("对照检查材料", "张三") + """\
一、存在问题

（一）政治纪律方面。一是纪律意识不强。
二是学习不认真。

二、原因分析

一是理论学习不够。

三、整改措施

一是加强纪律学习。【针对问题：1.1】
二是认真学习。【见原因：1】对应问题1.2
"""

# Two markers before any section: mentions of their own (ref-1, ref-2), named after the material's title; the
# names as people write them: with docs/ and .md, with a leading slash.
LISI = front("年度报告", "李四", campaign="2024-annual") + """\
上年度整改情况：【落实措施：docs/a/zhangsan.md#1】【落实措施：/a/zhangsan#2】

一、存在问题

一是学习不深。

二、整改措施

在整改措施中：【见问题：a/zhangsan#1.1】

一是深学。【针对问题：1】
"""

WANGWU = front("支委会整改方案", "王五", "audience: committee\n") + """\
一、存在问题

一是把关不严。

二、整改措施

一是严格把关。【针对问题：a/zhangsan#1.1】【针对问题：1】【见问题：a/zhangsan#1.2】
"""

ZHAOLIU = front("草稿心得", "赵六", "status: 草稿\n") + """\
一、存在问题

一是不深入。

二、整改措施

一是深入。【针对问题：1】【针对问题：a/zhangsan#1.2】
"""


def archive_of(docs: dict[str, str], audience: str = "members", drafts: bool = False) -> Archive:
    vocab = read_vocabulary(ROOT / "vocabulary.yml", "vocabulary.yml")
    return build_archive(docs.items(), vocab, "docs/", audience, drafts)


def messages(archive: Archive) -> list[str]:
    return [f"{d}｜{d.level}" for d in archive.diagnostics]


def test_a_measure_answers_the_problems_it_names_both_ways() -> None:
    archive = archive_of({"a/zhangsan.md": ZHANGSAN})
    material = archive.materials["a/zhangsan.md"]
    problem_11, problem_12, cause, measure_1, measure_2 = material.items
    assert [(i.kind, i.id) for i in material.items] == [("problem", "1.1"), ("problem", "1.2"), ("cause", "1"),
                                                         ("measure", "1"), ("measure", "2")]
    assert problem_11.answered_by == [ItemKey("a/zhangsan.md", "measure", "1")]
    assert problem_12.answered_by == [ItemKey("a/zhangsan.md", "measure", "2")]  # the bare form 对应问题1.2
    assert measure_1.answers == [ItemKey("a/zhangsan.md", "problem", "1.1")]
    assert measure_2.answers == [ItemKey("a/zhangsan.md", "problem", "1.2")]
    assert [r.item_id for r in measure_2.refs] == ["1.2"]
    # 【见原因：1】 in a measure is no answer: a mention placed at the measure, named after it.
    assert cause.answered_by == [] and measure_2.answers == [ItemKey("a/zhangsan.md", "problem", "1.2")]
    assert cause.mentioned_by == [Mention("a/zhangsan.md", "measure-2", "措施 2 认真学习")]
    assert [(a, c) for _, a, c in material.mentions] == [("measure-2", "措施 2 认真学习")]
    assert {ref.item_id: key for ref, key in material.resolved.items()} == {
        "1.1": ItemKey("a/zhangsan.md", "problem", "1.1"), "1.2": ItemKey("a/zhangsan.md", "problem", "1.2"),
        "1": ItemKey("a/zhangsan.md", "cause", "1")}
    assert archive.diagnostics == []


def test_markers_outside_items_get_numbered_anchors_and_their_section_as_text() -> None:
    archive = archive_of({"a/zhangsan.md": ZHANGSAN, "b/lisi.md": LISI})
    lisi = archive.materials["b/lisi.md"]
    assert [(a, c) for _, a, c in lisi.mentions] == [("ref-1", "年度报告"), ("ref-2", "年度报告"), ("ref-3", "整改措施")]
    zhangsan = archive.materials["a/zhangsan.md"]
    assert zhangsan.item("measure", "1").mentioned_by == [Mention("b/lisi.md", "ref-1", "年度报告")]
    assert zhangsan.item("measure", "2").mentioned_by == [Mention("b/lisi.md", "ref-2", "年度报告")]
    assert zhangsan.item("problem", "1.1").mentioned_by == [Mention("b/lisi.md", "ref-3", "整改措施")]
    # A mention is no answer: problem 1.1 is answered by its own measure only, and 落实 does not answer.
    assert zhangsan.item("problem", "1.1").answered_by == [ItemKey("a/zhangsan.md", "measure", "1")]
    assert zhangsan.item("measure", "1").answered_by == []
    assert lisi.item("measure", "1").answers == [ItemKey("b/lisi.md", "problem", "1")]
    assert archive.diagnostics == []


def test_the_members_site_forgets_every_link_from_committee_material_and_drafts() -> None:
    docs = {"a/zhangsan.md": ZHANGSAN, "c/wangwu.md": WANGWU, "d/zhaoliu.md": ZHAOLIU}
    members = archive_of(docs)
    assert members.hidden == ["c/wangwu.md", "d/zhaoliu.md"]
    assert sorted(members.materials) == ["a/zhangsan.md"]
    zhangsan = members.materials["a/zhangsan.md"]
    assert zhangsan.item("problem", "1.1").answered_by == [ItemKey("a/zhangsan.md", "measure", "1")]
    assert zhangsan.item("problem", "1.2").answered_by == [ItemKey("a/zhangsan.md", "measure", "2")]
    assert zhangsan.item("problem", "1.2").mentioned_by == []

    preview = archive_of(docs, drafts=True)
    assert preview.hidden == ["c/wangwu.md"]
    assert preview.materials["a/zhangsan.md"].item("problem", "1.2").answered_by == [
        ItemKey("a/zhangsan.md", "measure", "2"), ItemKey("d/zhaoliu.md", "measure", "1")]

    committee = archive_of(docs, audience="committee")
    assert committee.hidden == ["d/zhaoliu.md"]
    problem_12 = committee.materials["a/zhangsan.md"].item("problem", "1.2")
    assert problem_12.answered_by == [ItemKey("a/zhangsan.md", "measure", "2")]
    assert problem_12.mentioned_by == [Mention("c/wangwu.md", "measure-1", "措施 1 严格把关")]
    assert committee.materials["a/zhangsan.md"].item("problem", "1.1").answered_by == [
        ItemKey("a/zhangsan.md", "measure", "1"), ItemKey("c/wangwu.md", "measure", "1")]


REFERRER = front("引用者", "钱七") + """\
一、存在问题

一是不深入。

二、原因分析

三、整改措施

一是深入。【针对问题：2】【见原因：1】【针对问题：a/zhangsan#9】【针对问题：a/zhangsn#1.1】

二是再深入。【见措施：c/wangwu#1】【见措施：d/zhaoliu#1】
"""


def test_links_that_cannot_be_made_are_reported_with_file_line_and_the_fix() -> None:
    archive = archive_of({"a/zhangsan.md": ZHANGSAN, "c/wangwu.md": WANGWU, "d/zhaoliu.md": ZHAOLIU,
                          "e/qian.md": REFERRER})
    assert messages(archive) == [
        "docs/e/qian.md:16: 问题 2 不存在（本材料）；已有的问题编号：1。｜error",
        "docs/e/qian.md:16: 问题 9 不存在（材料“a/zhangsan”）；已有的问题编号：1.1、1.2。｜error",
        "docs/e/qian.md:16: 引用了不存在的材料“a/zhangsn”；请写 docs/ 下的路径、不带 .md，例如："
        "a/zhangsan、c/wangwu、d/zhaoliu、e/qian。｜error",
        "docs/e/qian.md:16: 原因 1 不存在（本材料）；本材料中没有识别出任何原因。｜error",
        "docs/e/qian.md:18: 材料“c/wangwu”仅支委可见，全体党员可见的材料不能链接它；请删去这个引用。｜error",
        "docs/e/qian.md:18: 材料“d/zhaoliu”还是草稿，不会发布；定稿的材料不能链接它。请等它定稿后再引用。｜error",
        "docs/e/qian.md:10: 问题 1“不深入”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1】”（本材料的措施：1、2）。｜warning",
    ]
    qian = archive.materials["e/qian.md"]
    # Only the two links that exist are resolved (their errors fail a strict build); none of the four that do not.
    assert qian.item("measure", "1").answers == []
    assert sorted(qian.resolved.values()) == [ItemKey("c/wangwu.md", "measure", "1"), ItemKey("d/zhaoliu.md", "measure", "1")]


def test_another_materials_missing_kind_and_the_suggestions_closest_first() -> None:
    referrer = front("引用者", "钱七") + "一、存在问题\n\n一是不深入。【见原因：a/zhangsan#2】【见措施：b/lisi#1】\n"
    docs = {"a/zhangsan.md": ZHANGSAN, "e/qian.md": referrer, "b/lisi.md": front("心得", "李四") + "没有结构。\n"}
    assert messages(archive_of(docs)) == [
        "docs/b/lisi.md:8: 个人对照检查材料中没有识别出“存在问题”部分或其中的问题；请用“一、存在问题”作小标题，问题用“一是”“1.”等编号（参见编写指南）。｜warning",
        "docs/e/qian.md:10: 原因 2 不存在（材料“a/zhangsan”）；已有的原因编号：1。｜error",
        "docs/e/qian.md:10: 措施 1 不存在（材料“b/lisi”）；材料“b/lisi”中没有识别出任何措施。｜error",
        "docs/e/qian.md:10: 问题 1“不深入”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1】”；本材料还没有识别出整改措施。｜warning",
    ]


def test_committee_and_draft_material_may_link_their_own_kind() -> None:
    # A committee material may link another committee material; a draft another draft; a committee material
    # that links a draft hears about the draft.
    committee_2 = front("支委会记录", "孙八", "audience: committee\n") + """\
一、存在问题

一是把关不严。【见问题：c/wangwu#1】【见措施：d/zhaoliu#1】

二、整改措施

一是严格把关。【针对问题：1】
"""
    draft_2 = front("草稿二", "周九", "status: 草稿\n") + """\
一、存在问题

一是不深入。【见问题：d/zhaoliu#1】

二、整改措施

一是深入。【针对问题：1】
"""
    archive = archive_of({"c/wangwu.md": WANGWU, "d/zhaoliu.md": ZHAOLIU, "f/sunba.md": committee_2,
                          "g/zhoujiu.md": draft_2, "a/zhangsan.md": ZHANGSAN}, audience="committee", drafts=True)
    assert messages(archive) == [
        "docs/f/sunba.md:11: 材料“d/zhaoliu”还是草稿，不会发布；定稿的材料不能链接它。请等它定稿后再引用。｜error",
    ]
    assert archive.materials["d/zhaoliu.md"].item("problem", "1").mentioned_by == [Mention("g/zhoujiu.md", "problem-1", "问题 1 不深入")]


def test_a_measure_with_a_marker_that_is_no_answer_keeps_both_apart() -> None:
    # One marker mixing 针对问题 with 见原因 is a mention as a whole: nothing in it answers.
    text = front("材料", "张三") + """\
一、存在问题

一是不深入。

二、原因分析

一是不重视。

三、整改措施

一是深入。【针对问题：1】【见原因：1】
"""
    archive = archive_of({"a/x.md": text})
    material = archive.materials["a/x.md"]
    assert material.item("problem", "1").answered_by == [ItemKey("a/x.md", "measure", "1")]
    assert material.item("cause", "1").mentioned_by == [Mention("a/x.md", "measure-1", "措施 1 深入")]
    assert material.item("cause", "1").answered_by == []


def test_an_unknown_material_suggests_five_names_closest_first() -> None:
    # Seven materials: the message names five, the closest to what was written first, then the rest in order.
    referrer = front("引用者", "钱七") + "一、存在问题\n\n一是不深入。【见问题：g/wnagwu#1】【见问题：Xinwen/zhangsan#1.1】\n"
    docs = {f"{folder}/m.md": front("心得", "李四", campaign="2024-annual") + "一、存在问题\n\n一是学习不深。\n" for folder in "abcdf"}
    docs |= {"g/wangwu.md": WANGWU.replace("audience: committee\n", ""), "Xinwen/zhangsan.md": ZHANGSAN, "e/qian.md": referrer}
    archive = archive_of(docs)
    unknown = [d for d in messages(archive) if d.startswith("docs/e/qian.md") and "不存在的材料" in d]
    assert unknown == ["docs/e/qian.md:10: 引用了不存在的材料“g/wnagwu”；请写 docs/ 下的路径、不带 .md，例如：g/wangwu、Xinwen/zhangsan、a/m、b/m、c/m …。｜error"]
    # A name that starts with a capital X is found as written.
    assert archive.materials["Xinwen/zhangsan.md"].item("problem", "1.1").mentioned_by == [Mention("e/qian.md", "problem-1", "问题 1 不深入")]
