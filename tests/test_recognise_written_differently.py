"""What the fixtures written differently (layouts standard/03, standard/04) taught the recogniser, rule by rule:
剖析 and 对照检查 in a heading name the problems; 二是 after a comma continues a run that 一是 opened; a measure
that alone uses an area's own words answers the area's problems."""

from __future__ import annotations

import pytest

from studyarchive.link.proposals import propose
from studyarchive.parse.outline import classify, parse_outline
from test_recognise import _items, structure


@pytest.mark.parametrize(("title", "kind"), [
    ("个人剖析对照检查情况", "problems"), ("党性剖析", "problems"), ("对照检查情况", "problems"),
    # Checked before the problems' words, as before: causes, measures and last year's report win.
    ("原因剖析", "causes"), ("剖析问题根源", "causes"), ("对照检查发现问题的整改措施", "measures"),
    ("上年度对照检查问题整改落实情况", "other"),
])
def test_heading_words(title: str, kind: str) -> None:
    assert classify(title) == kind


def test_points_inline_after_commas_once_yishi_opened_the_run() -> None:
    text = "二、产生问题的根源\n一是理论学习不够自觉，二是党性锻炼有所放松，三是服务意识有所淡化。"
    assert structure(text) == [("cause", "1", "理论学习不够自觉"), ("cause", "2", "党性锻炼有所放松"),
                               ("cause", "3", "服务意识有所淡化")]
    # Without 一是 before it, 二是 after a comma is a word in a sentence: one cause.
    assert [i.title for i in parse_outline("二、原因分析\n原因有多方面，二是其中最主要的，也最难改。", 1).items] == ["原因有多方面，二是其中最主要的，也最难改"]
    # The first point still needs a sentence boundary: “…，一是” in a sentence does not open a run.
    assert len(parse_outline("二、原因分析\n我认为最根本的，一是没有学深，二是没有悟透。", 1).items) == 1


PROBLEMS = [("1.1", "学习用劲不足。有时以任务重为由疏于学习。", "学习贯彻党的创新理论"),
            ("1.2", "学用结合不够。没有把学习成果转化为推动工作的办法。", "学习贯彻党的创新理论"),
            ("2.1", "大局意识不够强。有时只站在本部门角度考虑问题。", "增强政治意识"),
            ("2.2", "对不良言论抵制不够。对牢骚怪话缺乏警惕。", "增强政治意识"),
            ("3.1", "服务基层不够主动。深入基层单位调研指导少。", "履行岗位职责")]


def test_a_measure_that_alone_uses_an_areas_words_answers_all_its_problems() -> None:
    problems = _items("problem", PROBLEMS)
    measures = _items("measure", [("1", "坚持学思践悟。每月精读一本理论书籍，撰写学习体会。"),
                                  ("2", "强化政治意识。对错误言论敢于亮剑、及时制止。"),
                                  ("3", "主动服务基层。每季度到基层单位调研指导不少于2次。")])
    assert propose(problems, measures) == {"1": ["1.1", "1.2"], "2": ["2.1", "2.2"], "3": ["3.1"]}
    # Problems another measure answers in so many words are not added by the area's words (the import's
    # fixture: 一是……针对问题一 → 1.1、1.2 written; 四是提高政治敏锐性 is proposed for 1.2 alone).
    problems = _items("problem", [("1.1", "理论学习不够系统。学习条例时满足于读原文。", "政治纪律"),
                                  ("1.2", "政治敏锐性不强。对网络上的错误言论没有及时批驳。", "政治纪律"),
                                  ("2.1", "请示报告不及时。外出学习没有提前报告。", "组织纪律")])
    fourth = _items("measure", [("4", "提高政治敏锐性。坚持每周浏览权威媒体，对错误言论敢于亮剑。")])
    assert propose(problems, fourth) == {"4": ["1.1", "1.2"]}
    assert propose(problems, fourth, answered={"1.1", "1.2"}) == {"4": ["1.2"]}


def test_two_measures_with_one_areas_words_get_no_area() -> None:
    problems = _items("problem", PROBLEMS)
    # Both use 政治 (增强政治意识's own word): which of 2.1 and 2.2 each answers is left to their other words.
    measures = _items("measure", [("1", "坚持学思践悟。每月精读一本理论书籍，撰写学习体会。"),
                                  ("2", "树牢大局意识。站在全局高度谋划工作，提高政治站位。"),
                                  ("3", "抵制错误言论。对牢骚怪话敢于亮剑，讲政治、守规矩。")])
    proposed = propose(problems, measures)
    assert proposed["2"] == ["2.1"] and proposed["3"] == ["2.2"]


@pytest.mark.parametrize(("title", "kind"), [("发挥农村党员作用的对策", "measures"), ("对策建议", "measures"),
                                             ("存在的问题和对策", "problems")])
def test_countermeasures_are_measures(title: str, kind: str) -> None:
    assert classify(title) == kind


CAUSES_AFTER_PROBLEMS = """\
一、存在的问题和制约因素
具体表现为以下几点：
一是党员意识淡薄。
二是自律意识不强。
产生上述这些问题的原因很多，综合起来有以下几个方面：
一是年龄偏大。
二是管理偏松。
二、对策
一是加强党性教育。
"""


def test_a_causes_lead_in_after_the_problems_opens_the_causes() -> None:
    outline = parse_outline(CAUSES_AFTER_PROBLEMS.strip("\n"), 1)
    assert [(i.kind, i.id, i.title) for i in outline.items] == [
        ("problem", "1", "党员意识淡薄"), ("problem", "2", "自律意识不强"),
        ("cause", "1", "年龄偏大"), ("cause", "2", "管理偏松"), ("measure", "1", "加强党性教育")]
    assert [line for line, _ in outline.guesses] == [5]
    # A lead-in that names causes inside a point's own paragraph stays the point's text.
    text = "一、存在的问题\n一是党员意识淡薄，原因是学得少，主要有以下几点：不读原著、不记笔记。\n二是自律意识不强。"
    assert [(i.kind, i.id) for i in parse_outline(text, 1).items] == [("problem", "1"), ("problem", "2")]
