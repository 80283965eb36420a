"""Front matter: aliases, vocabulary labels, defaults, and the exact message for each kind of mistake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT
from studyarchive.core.vocab import load_vocabulary
from studyarchive.parse import frontmatter

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")


def parse(front: str, body: str = "正文\n"):
    meta, _, problems = frontmatter.parse(f"---\n{front}---\n{body}", "docs/x.md", VOCAB)
    return meta, [str(p) for p in problems]


def test_canonical_keys() -> None:
    meta, problems = parse("title: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-dangji\ndate: 2024-07-18\ntags: [党纪]\n")
    assert problems == []
    assert meta is not None
    assert (meta.title, meta.doc_type, meta.member, meta.campaign, meta.date, meta.year) == ("材料", "self_review", "张三", "2024-dangji", dt.date(2024, 7, 18), 2024)
    assert (meta.branch, meta.classification, meta.audience, meta.status, meta.template, meta.tags) == ("wenhuaguan", "内部", "members", "final", False, ("党纪",))


def test_chinese_keys_and_labels() -> None:
    meta, problems = parse(
        "标题: 材料\n文档类型: 个人对照检查材料\n姓名: 张三\n批次: 2024年度组织生活会\n日期: 2025年1月20日\n"
        "会议类型: 组织生活会\n支部: 清河县文化馆党支部\n知悉范围: 支委\n状态: 草稿\n范本: 是\n密级: 内部事项 注意保管\n"
    )
    assert problems == []
    assert meta is not None
    assert (meta.doc_type, meta.campaign, meta.year, meta.date, meta.meeting_type) == ("self_review", "2024-annual", 2024, dt.date(2025, 1, 20), "org_life")
    assert (meta.audience, meta.status, meta.template, meta.classification) == ("committee", "draft", True, "内部事项 注意保管")


def test_year_defaults_to_the_date_without_a_campaign() -> None:
    meta, _ = parse("title: 心得\ndoc_type: reflection\nmember: 张三\ndate: 2023-12-01\n")
    assert meta is not None and meta.year == 2023 and meta.campaign is None


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: 材料\ndoc_type: self_reveiw\nmember: 张三\ncampaign: 2024-dangji\ndate: 2024-07-18\n",
         "docs/x.md:3: 未知的文档类型“self_reveiw”；是不是：个人对照检查材料？可选：self_review、self_review … 请检查"),
        ("title: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-dangji\ndate: 2024年13月1日\n",
         "docs/x.md:6: 日期“2024年13月1日”不存在（请核对月份和日期）。"),
        ("title: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-dangji\ndate: 上个月\n",
         "docs/x.md:6: 无法识别的日期“上个月”；请写成“2024-07-18”或“2024年7月18日”。"),
        ("title: 材料\ndoc_type: self_review\ncampaign: 2024-dangji\ndate: 2024-07-18\n",
         "docs/x.md:2: 缺少党员姓名 member：个人对照检查材料是个人材料，请写“member: 姓名”。"),
        ("title: 材料\ndoc_type: minutes\ndate: 2024-07-18\n",
         "docs/x.md:2: 缺少会议类型 meeting_type：会议记录必须写明会议类型；可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、专题组织生活会、民主生活会。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\ntags: 党纪\n",
         "docs/x.md:6: “tags（标签）”应当是一个列表，例如“tags: [主题教育, 理论学习]”。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\n标题: 又一个\n",
         "docs/x.md:6: “标题”与第 2 行重复（title 与 标题 是同一项）；请只保留一处。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\nyear: 去年\n",
         "docs/x.md:6: 无法识别的年度“去年”；请写四位数字，例如“year: 2024”。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\n日期：2024-07-18\n",
         "docs/x.md:5: “日期”后面用了中文冒号“：”；请改成英文冒号加一个空格“: ”。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\nclassification: ★秘密\n",
         "docs/x.md:6: 密级“★秘密”：涉密材料不得录入本档案（涉密信息不上网、上网信息不涉密）。请删除这份材料，按保密规定另行保管。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\nstatus: 完成\n",
         "docs/x.md:6: “status（状态）”的值“完成”无效；可选：final、定稿、draft、草稿。"),
        ("title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\ntemplate: 也许\n",
         "docs/x.md:6: “template（范本）”应当写 true 或 false（是 / 否），现在是“也许”。"),
        ("title: [材料]\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\n",
         "docs/x.md:2: “title（标题）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("- 材料\n", "docs/x.md:2: front matter 应当是“名称: 值”的形式，每行一项，例如“title: 个人对照检查材料”。"),
    ],
)
def test_each_mistake_has_its_message(front: str, message: str) -> None:
    meta, problems = parse(front)
    assert meta is None
    if "…" in message:  # suggestions are ordered by closeness: check the stable parts
        head, tail = message.split(" … ")
        assert problems[0].startswith(head.split("、")[0]) and tail in problems[0]
    else:
        assert message in problems


def test_all_mistakes_of_a_file_are_reported_together() -> None:
    _, problems = parse("title: 材料\ndoc_type: self_review\ncampaign: 2099-x\ndate: 2024-02-30\ncolour: red\n")
    assert [p.split(":")[1] for p in problems] == ["6", "4", "5", "2"]


def test_unclosed_and_empty_front_matter() -> None:
    meta, _, problems = frontmatter.parse("---\ntitle: 材料\n", "docs/x.md", VOCAB)
    assert meta is None and [str(p) for p in problems] == ["docs/x.md:1: front matter 没有结束：请在信息之后加一行“---”。"]
    meta, _, problems = frontmatter.parse("---\n---\n正文", "docs/x.md", VOCAB)
    assert [str(p) for p in problems] == ["docs/x.md:2: front matter 是空的：请写上标题、文档类型、党员、日期等信息。"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    meta, _, problems = frontmatter.parse("\ufeff---\ntitle: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\n---\n正文", "docs/x.md", VOCAB)
    assert problems == [] and meta is not None


def test_an_unknown_campaign_close_to_a_known_one_gets_a_guess() -> None:
    from studyarchive.core.diagnostics import did_you_mean

    names = {"2024-dangji": "党纪学习教育", "党纪学习教育": "党纪学习教育", "2024-annual": "2024年度组织生活会"}
    assert did_you_mean("党纪学习教肓", names) == "是不是：党纪学习教育？"
    assert did_you_mean("2024-dangi", names) == "是不是：党纪学习教育？"
    assert did_you_mean("完全无关", names) == ""
