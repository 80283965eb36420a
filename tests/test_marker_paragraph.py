"""A paragraph that holds only a link marker (【针对问题：1】, （对应问题1.2）, 【落实措施：2】) belongs to the point before it,
as if it were written at the end of that point's text: it never opens a section or a point. With no point before it
in its section it stays text on the page, a mention the linker reports as it reports any marker outside a point.

Materials are parsed as the build parses them (pipeline.parse_material, then the linker on the whole archive)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from studyarchive.core.diagnostics import Diagnostic
from studyarchive.core.model import Archive, Material
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.linker import link, report_unanswered
from studyarchive.link.pipeline import parse_material

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
FRONT = "---\ntitle: 张三同志对照检查材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-annual\nyear: 2024\ndate: 2025-01-14\n---\n\n"
PATH = "2024-annual/zhangsan.md"


def material(body: str) -> tuple[Material, list[Diagnostic]]:
    out: list[Diagnostic] = []
    parsed = parse_material(PATH, FRONT + body, VOCAB, "docs/", out)
    assert parsed is not None, [d.message for d in out]
    return parsed, out


def structure(m: Material) -> tuple[list, list, list]:
    """Sections (kind, title), points (kind, id, title, links) and mentions (marker, anchor): what the site shows."""
    sections = [(s.kind, s.title) for s in m.sections]
    points = [(i.kind, i.id, i.title, sorted((r.verb, r.kind, r.item_id) for r in i.refs)) for i in m.items]
    mentions = [(marker.text, anchor) for marker, anchor, _ in m.mentions]
    return sections, points, mentions


def linked(m: Material) -> Archive:
    archive = Archive()
    archive.materials[m.path] = m
    link(archive)
    report_unanswered(archive)
    return archive


def test_the_marker_paragraph_of_the_report_answers_with_the_measure_before_it() -> None:
    m, out = material("一、存在问题\n\n一是学习不够。\n\n二、整改措施\n\n一是深入学习。\n\n【针对问题：1】\n\n二是加强。\n")
    sections, points, mentions = structure(m)
    assert sections == [("problems", "存在问题"), ("measures", "整改措施")]
    assert points == [("problem", "1", "学习不够", []),
                      ("measure", "1", "深入学习", [("针对", "problem", "1")]),
                      ("measure", "2", "加强", [])]
    assert mentions == []
    assert m.items[1].text == "深入学习。\n【针对问题：1】"
    archive = linked(m)
    assert [(k.kind, k.item_id) for k in m.items[0].answered_by] == [("measure", "1")]
    assert [d.message for d in out + archive.diagnostics if d.severity != "info"] == []


@pytest.mark.parametrize("marker", [
    "【针对问题：1.2】", "【针对问题:1.2】", "【 针对问题 ： 1.2 】", "**【针对问题：1.2】**", "*【针对问题：1.2】*",
    "（对应问题1.2）", "(对应问题1.2)", "（ 对应问题 1.2 ）", "对应问题1.2", "针对问题1.2", "（对应问题1.2）。",
])
def test_every_marker_form_on_a_paragraph_of_its_own_is_the_measure_s(marker: str) -> None:
    body = ("一、存在问题\n\n（一）理论学习方面\n\n一是学习不够。\n\n二是联系实际不够。\n\n"
            f"二、整改措施\n\n1．深入学习。\n\n2．联系实际。\n\n{marker}\n\n3．改进作风。\n")
    m, _ = material(body)
    sections, points, mentions = structure(m)
    assert sections == [("problems", "存在问题"), ("measures", "整改措施")]
    assert [p[:2] for p in points] == [("problem", "1.1"), ("problem", "1.2"), ("measure", "1"), ("measure", "2"), ("measure", "3")]
    assert [p[3] for p in points if p[0] == "measure"] == [[], [(marker.strip("（(*【 ")[:2], "problem", "1.2")], []]
    assert mentions == []


def test_two_targets_on_the_marker_paragraph() -> None:
    body = "一、存在问题\n\n一是学习不够。\n\n二是作风不实。\n\n二、整改措施\n\n一是加强。\n\n【针对问题：1、2】\n\n二是改进。\n"
    _, points, _ = structure(material(body)[0])
    assert points[2] == ("measure", "1", "加强", [("针对", "problem", "1"), ("针对", "problem", "2")])
    assert points[3] == ("measure", "2", "改进", [])


def test_a_measures_marker_under_a_problem_is_the_problem_s_mention_not_a_measures_section() -> None:
    body = ("一、存在问题\n\n一是学习不够。\n\n【落实措施：1】\n\n二是作风不实。\n\n二、原因分析\n\n一是放松要求。\n\n"
            "【见问题：2】\n\n三、整改措施\n\n一是加强学习。【针对问题：1、2】\n")
    m, _ = material(body)
    sections, points, mentions = structure(m)
    assert sections == [("problems", "存在问题"), ("causes", "原因分析"), ("measures", "整改措施")]
    assert [p[:3] for p in points] == [("problem", "1", "学习不够"), ("problem", "2", "作风不实"), ("cause", "1", "放松要求"),
                                       ("measure", "1", "加强学习")]
    assert mentions == [("【落实措施：1】", m.items[0].anchor), ("【见问题：2】", m.items[2].anchor)]


def test_clauses_after_a_pledge_keep_their_marker_paragraphs() -> None:
    body = ("一、存在问题\n\n一是学习不够。\n\n二是作风不实。\n\n二、整改措施\n\n今后，我将加强学习；\n\n【针对问题：1】\n\n"
            "改进作风。\n\n【针对问题：2】\n")
    _, points, mentions = structure(material(body)[0])
    assert points[2:] == [("measure", "1", "加强学习", [("针对", "problem", "1")]),
                          ("measure", "2", "改进作风", [("针对", "problem", "2")])]
    assert mentions == []


def test_unnumbered_measures_and_a_single_cause_keep_their_marker_paragraphs() -> None:
    """Measures written without numbers are labelled paragraphs; a marker paragraph between them is no paragraph
    of its own, and a causes section of one paragraph stays one cause with its marker below it."""
    body = ("一、存在问题\n\n一是学习不够。\n\n二是作风不实。\n\n二、原因分析\n\n纪律意识不强，认识不足。\n\n【见问题：1】\n\n"
            "三、整改措施\n\n加强理论学习。每天读书一小时。\n\n【针对问题：1】\n\n改进工作作风。经常下基层。\n\n（对应问题2）\n")
    m, _ = material(body)
    sections, points, mentions = structure(m)
    assert sections == [("problems", "存在问题"), ("causes", "原因分析"), ("measures", "整改措施")]
    assert points[2:] == [("cause", "1", "纪律意识不强，认识不足", []),
                          ("measure", "1", "加强理论学习", [("针对", "problem", "1")]),
                          ("measure", "2", "改进工作作风", [("对应", "problem", "2")])]
    assert mentions == [("【见问题：1】", m.items[2].anchor)]


def test_a_marker_paragraph_before_any_point_stays_text_and_is_reported() -> None:
    body = "一、存在问题\n\n一是学习不够。\n\n二、整改措施\n\n【针对问题：1】\n\n一是深入学习。\n\n二是加强。\n"
    m, _ = material(body)
    sections, points, mentions = structure(m)
    assert sections == [("problems", "存在问题"), ("measures", "整改措施")]
    assert points == [("problem", "1", "学习不够", []), ("measure", "1", "深入学习", []), ("measure", "2", "加强", [])]
    assert mentions == [("【针对问题：1】", "ref-1")]
    assert "【针对问题：1】" in m.body  # the page keeps it
    archive = linked(m)
    assert [d.message for d in archive.diagnostics] == [
        "问题 1“学习不够”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1】”（本材料的措施：1、2）。"]
    assert [x.anchor for x in m.items[0].mentioned_by] == ["ref-1"]


def test_a_marker_paragraph_after_the_closing_formula_is_no_point() -> None:
    """A marker paragraph after the closing formula is not a point either: nothing after the signature is."""
    body = "一、存在问题\n\n一是学习不够。\n\n二、整改措施\n\n一是深入学习。\n\n以上对照检查，请同志们批评指正。\n\n【针对问题：1】\n"
    m, _ = material(body)
    sections, points, mentions = structure(m)
    assert sections == [("problems", "存在问题"), ("measures", "整改措施")]
    assert points[1] == ("measure", "1", "深入学习", [])
    assert mentions == [("【针对问题：1】", "ref-1")]


MARKERS = ["【针对问题：{}】", "【针对问题:{}】", "【 针对问题 ： {} 】", "（对应问题{}）", "(对应问题{})", "对应问题{}", "**【针对问题：{}】**"]
NUMBERS = [("一是", "二是", "三是", "四是"), ("1．", "2．", "3．", "4．"), ("（1）", "（2）", "（3）", "（4）"),
           ("首先，", "其次，", "再次，", "最后，"), ("1. ", "2. ", "3. ", "4. ")]
MEASURE_TEXTS = ["加强理论学习，每天读书一小时。", "改进工作作风。", "严守组织纪律，按时请示报告。", "密切联系群众。"]


@st.composite
def materials(draw: st.DrawFn) -> tuple[list, list[int], tuple[str, ...]]:
    """Problems 1…n and measures, each measure with a marker (form, targets) or none, and its numbering."""
    problems = draw(st.integers(1, 4))
    count = draw(st.integers(1, 4))
    measures = []
    for _ in range(count):
        if draw(st.booleans()):
            targets = draw(st.lists(st.integers(1, problems), min_size=1, max_size=problems, unique=True))
            measures.append((draw(st.sampled_from(MARKERS)), "、".join(map(str, targets))))
        else:
            measures.append(None)
    moved = draw(st.lists(st.integers(0, count - 1), unique=True))
    return measures, moved, draw(st.sampled_from(NUMBERS))


def written(measures: list, moved: list[int], numbers: tuple[str, ...], problems: int = 4) -> str:
    zh = "一二三四"
    body = "一、存在问题\n\n" + "".join(f"{zh[k]}是问题{zh[k]}不够。\n\n" for k in range(problems)) + "二、整改措施\n\n"
    for k, marker in enumerate(measures):
        tail = marker[0].format(marker[1]) if marker else ""
        body += f"{numbers[k]}{MEASURE_TEXTS[k]}" + (f"\n\n{tail}\n\n" if k in moved and tail else f"{tail}\n\n")
    return body + "三、其他\n\n以上对照检查，请同志们批评指正。\n"


@settings(max_examples=examples(200), deadline=None)
@given(materials())
def test_moving_a_trailing_marker_to_its_own_paragraph_keeps_every_link(case: tuple[list, list[int], tuple[str, ...]]) -> None:
    measures, moved, numbers = case
    at_end = structure(material(written(measures, [], numbers))[0])
    own = structure(material(written(measures, moved, numbers))[0])
    assert own == at_end
    sections, points, mentions = at_end
    assert [kind for kind, _ in sections] == ["problems", "measures", "other"]
    assert [p[1] for p in points if p[0] == "measure"] == [str(k + 1) for k in range(len(measures))]
    assert mentions == []
