"""Cross-link markers read from one line: every separator real files use between the numbers."""

from __future__ import annotations

import pytest

from studyarchive.markers import find_markers


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
