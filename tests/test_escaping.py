"""The escaping functions on their own, one output format each (studyarchive/core/escaping.py)."""

from __future__ import annotations

import pytest

from studyarchive.core.escaping import clean, csv_cell, github, html, log_line


def test_github_data_escapes_percent_and_line_breaks_and_leaves_colons() -> None:
    """GitHub's workflow commands read %25, %0D and %0A back as %, CR and LF: a message stays on one line."""
    assert github("50%完成\r\n下一行: a,b") == "50%25完成%0D%0A下一行: a,b"
    assert github("a\x0bb\u2028c\x85d") == "ab cd"  # controls go; the other line breaks a log honours become spaces
    assert github("纪律\x1b[31m") == "纪律[31m"  # a terminal escape loses its control character


def test_github_properties_also_escape_colon_and_comma() -> None:
    assert github("docs/a,b.md:12", prop=True) == "docs/a%2Cb.md%3A12"
    assert github("docs/a,b.md:12") == "docs/a,b.md:12"


@pytest.mark.parametrize(("text", "shown"), [
    ("一行\n::error::伪造", "一行⏎::error::伪造"),
    ("甲\r\n乙\r丙", "甲⏎乙⏎丙"),
    ("甲\t乙", "甲 乙"),
    ("甲\x1b[2J乙", "甲[2J乙"),
    ("平常的一句话。", "平常的一句话。"),
])
def test_a_log_line_stays_one_line(text: str, shown: str) -> None:
    assert log_line(text) == shown


def test_clean_keeps_tab_and_line_breaks_and_drops_other_controls() -> None:
    assert clean("a\tb\nc\rd") == "a\tb\nc\rd"
    assert clean("a\x00b\x7fc\x9fd\ufffe") == "abcd"
    assert html("<a href='x'>&\x00</a>") == "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;/a&gt;"
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("2024-10-01") == "2024-10-01" and csv_cell("\x00-1") == "'-1"


@pytest.mark.parametrize(("text", "escaped"), [
    ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"), ("党纪 a-b", "党纪 a-b"), ("\x00", ""),
])
def test_html_escapes_each_special_character_alone(text: str, escaped: str) -> None:
    assert html(f"前{text}后") == f"前{escaped}后"


def test_a_title_is_escaped_once() -> None:
    from markupsafe import Markup

    from studyarchive.core.escaping import title

    once = title("<b>学习 & 实践</b>\x00")
    assert isinstance(once, Markup) and str(once) == "&lt;b&gt;学习 &amp; 实践&lt;/b&gt;"
    assert title(once) is once and str(title(Markup("<i>x</i>"))) == "<i>x</i>"
    assert str(title(2024)) == "2024"
