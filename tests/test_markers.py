"""Cross-link markers read from one line: every separator real files use between the numbers."""

from __future__ import annotations

import pytest

from studyarchive.parse.markers import find_markers


def refs(line: str) -> tuple[list[tuple[str, str, str | None, str]], list[str]]:
    out: list = []
    found = find_markers(line, 7, "a.md", out)
    return [(r.verb, r.kind, r.material, r.item_id) for m in found for r in m.refs], [d.message for d in out]


@pytest.mark.parametrize("sep", ["和", "及", "、", ",", "，"])
def test_a_bare_marker_names_every_number_whatever_joins_them(sep: str) -> None:
    """针对问题1和2 names problems 1 and 2: 和 and 及 join numbers as 、 does (a bug once dropped them)."""
    found, messages = refs(f"一是加强学习（针对问题1{sep}2）。")
    assert found == [("针对", "problem", None, "1"), ("针对", "problem", None, "2")]
    assert messages == []


@pytest.mark.parametrize("sep", ["和", "及", "、", ";"])
def test_a_bracket_marker_names_every_number_whatever_joins_them(sep: str) -> None:
    found, messages = refs(f"一是加强学习。【针对问题：1.1{sep}2.3】")
    assert found == [("针对", "problem", None, "1.1"), ("针对", "problem", None, "2.3")]
    assert messages == []


def test_a_bare_marker_covers_its_numbers_and_no_more() -> None:
    line = "对应问题1.2及2.1，其他"
    found = find_markers(line, 3, "a.md", [])
    assert [(m.start.line, m.start.col, m.end.col, m.text) for m in found] == [(3, 0, len("对应问题1.2及2.1"), "对应问题1.2及2.1")]


def test_a_line_without_a_marker_word_has_none() -> None:
    assert refs("一是加强学习，问题1和2都要改。") == ([], [])


def found(line: str):
    out: list = []
    markers = find_markers(line, 7, "docs/a.md", out)
    return markers, [(d.path, d.line, d.level, d.message) for d in out]


def test_a_proposal_is_a_warning_that_spells_out_the_confirmed_marker_and_links_nothing() -> None:
    markers, messages = found("一是加强学习。【建议针对问题：1.1、2.1】")
    assert markers == []
    assert messages == [("docs/a.md", 7, "warning", "建议的对应关系“【建议针对问题：1.1、2.1】”还没有确认：核对无误请改成“【针对问题：1.1、2.1】”，不对就整条删去。")]
    markers, messages = found("【建议对应措施 3 】针对问题2")  # a bare marker right after a proposal is a marker
    assert [m.text for m in markers] == ["针对问题2"]
    assert [m[3] for m in messages] == ["建议的对应关系“【建议对应措施 3 】”还没有确认：核对无误请改成“【针对措施：3】”，不对就整条删去。"]


def test_words_inside_a_proposal_are_no_marker_and_the_next_marker_still_counts() -> None:
    markers, messages = found("【建议针对问题1】，针对问题2")
    assert [(m.start.col, m.text, [r.item_id for r in m.refs]) for m in markers] == [(10, "针对问题2", ["2"])]
    assert len(messages) == 1


def test_a_bare_marker_right_after_a_bracket_marker_counts_too() -> None:
    markers, messages = found("【针对问题：1】针对问题2")
    assert [(m.start.col, m.end.col, m.text) for m in markers] == [(0, 8, "【针对问题：1】"), (8, 13, "针对问题2")]
    assert messages == []


def test_markers_come_in_the_order_of_the_line_with_their_span() -> None:
    markers, _ = found("针对问题1，【对应问题：2】")
    assert [((m.start.line, m.start.col), (m.end.line, m.end.col), m.text) for m in markers] == [
        ((7, 0), (7, 5), "针对问题1"), ((7, 6), (7, 14), "【对应问题：2】")]


def test_a_reference_to_another_material_keeps_its_path_and_line() -> None:
    (marker,) = find_markers("【落实措施：2023-zhuti-2/zhangsan#3】", 12, "docs/a.md", [])
    (ref,) = marker.refs
    assert (ref.verb, ref.kind, ref.material, ref.item_id, ref.line) == ("落实", "measure", "2023-zhuti-2/zhangsan", "3", 12)


def test_an_unreadable_reference_is_an_error_and_the_others_still_count() -> None:
    markers, messages = found("【针对问题：甲、1.2】")
    assert [r.item_id for r in markers[0].refs] == ["1.2"]
    assert messages == [("docs/a.md", 7, "error", "无法识别的引用“甲”（在“【针对问题：甲、1.2】”中）；请写成编号，例如“1.2”，或写明另一份材料：“2023-zhuti-2/zhangsan#1.2”。")]


def test_a_repeated_number_is_an_error_and_the_others_still_count() -> None:
    markers, messages = found("【针对问题：1.1、1.1、2.1】")
    assert [r.item_id for r in markers[0].refs] == ["1.1", "2.1"]
    assert messages == [("docs/a.md", 7, "error", "引用“【针对问题：1.1、1.1、2.1】”中“1.1”重复了；请删去重复的编号。")]


def test_a_marker_without_numbers_is_an_error_unless_its_line_has_one_already() -> None:
    markers, messages = found("一是加强学习。【针对问题：】")
    assert [(m.text, m.refs) for m in markers] == [("【针对问题：】", ())]
    assert messages == [("docs/a.md", 7, "error", "引用“【针对问题：】”没有写编号；请写成“【针对问题：1.1、2.1】”。")]
    # Another file's message on this line, or this file's on another line, does not stand for this one.
    from studyarchive.core.diagnostics import Diagnostic

    for other in (Diagnostic("docs/b.md", 7, "x"), Diagnostic("docs/a.md", 8, "x")):
        out = [other]
        find_markers("【针对问题：】", 7, "docs/a.md", out)
        assert [d.message for d in out[1:]] == ["引用“【针对问题：】”没有写编号；请写成“【针对问题：1.1、2.1】”。"]
    out: list = []
    find_markers("【针对问题：甲】", 7, "docs/a.md", out)
    assert [d.message[:6] for d in out] == ["无法识别的引"]  # one message for the line, not two
