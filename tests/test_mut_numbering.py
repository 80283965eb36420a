"""numbering.py pinned down exactly: each style's number, start and end column, the characters normalized one for
one, and where an inline point may begin (the mutation run of issue #23 measures these tests)."""

from __future__ import annotations

import pytest

from studyarchive.parse.numbering import (
    CIRCLED,
    INLINE_STYLES,
    STYLES,
    Numbering,
    find_inline,
    halfwidth,
    int_to_zh,
    match_at,
    zh_to_int,
)

# Written out by hand, not computed: the numerals a writer types, 1 to 99.
NUMERALS = {1: "一", 2: "二", 9: "九", 10: "十", 11: "十一", 15: "十五", 19: "十九", 20: "二十", 21: "二十一", 30: "三十",
            47: "四十七", 90: "九十", 99: "九十九"}


@pytest.mark.parametrize(("n", "zh"), sorted(NUMERALS.items()))
def test_each_numeral_reads_and_writes_exactly(n: int, zh: str) -> None:
    assert zh_to_int(zh) == n
    assert int_to_zh(n) == zh


def test_every_number_from_1_to_99_round_trips() -> None:
    assert [zh_to_int(int_to_zh(n)) for n in range(1, 100)] == list(range(1, 100))
    assert len({int_to_zh(n) for n in range(1, 100)}) == 99


def test_halfwidth_maps_each_wide_character_to_its_narrow_one() -> None:
    wide = "０１２３４５６７８９\u00a0\u3000\u2002\u2003\u200b．（）：，；！？"
    assert halfwidth(wide) == "0123456789     .():,;!?"
    assert halfwidth("甲" + wide + "乙") == "甲0123456789     .():,;!?乙"
    # A character that appears twice is replaced each time; others are left alone.
    assert halfwidth("（１）（２）、。") == "(1)(2)、。"
    assert halfwidth("正文") == "正文"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("三、内容", Numbering("zh_dun", 3, 0, 2)),
        ("三．内容", Numbering("zh_dun", 3, 0, 2)),
        ("三. 内容", Numbering("zh_dun", 3, 0, 3)),
        ("三、X内容", Numbering("zh_dun", 3, 0, 2)),
        ("十二、 :内容", Numbering("zh_dun", 12, 0, 5)),
        ("（三）内容", Numbering("paren_zh", 3, 0, 3)),
        ("(二十)， 内容", Numbering("paren_zh", 20, 0, 6)),
        ("三是内容", Numbering("zh_shi", 3, 0, 2)),
        ("二十三是内容", Numbering("zh_shi", 23, 0, 4)),
        ("第三，内容", Numbering("zh_di", 3, 0, 3)),
        ("第三、 内容", Numbering("zh_di", 3, 0, 4)),
        ("第十：内容", Numbering("zh_di", 10, 0, 3)),
        ("三要加强", Numbering("zh_yao", 3, 0, 2)),
        ("三抓落实", Numbering("zh_zhua", 3, 0, 2)),
        ("首先，内容", Numbering("ordinal", 1, 0, 3)),
        ("其次、 内容", Numbering("ordinal", 2, 0, 4)),
        ("再次是内容", Numbering("ordinal", 3, 0, 3)),
        ("然后:内容", Numbering("ordinal", 4, 0, 3)),
        ("最后是内容", Numbering("ordinal", 99, 0, 3)),
        ("（12）内容", Numbering("paren_digit", 12, 0, 4)),
        ("(１)内容", Numbering("paren_digit", 1, 0, 3)),
        ("①内容", Numbering("circled", 1, 0, 1)),
        ("⑫内容", Numbering("circled", 12, 0, 1)),
        ("⑳、内容", Numbering("circled", 20, 0, 2)),
        ("12. 内容", Numbering("digit_dot", 12, 0, 4)),
        ("3、内容", Numbering("digit_dot", 3, 0, 2)),
        ("９．内容", Numbering("digit_dot", 9, 0, 2)),
    ],
)
def test_each_style_gives_its_number_and_columns(line: str, expected: Numbering) -> None:
    assert match_at(halfwidth(line), 0) == expected


@pytest.mark.parametrize(
    "line",
    ["三是否", "三要求", "三要素", "三要点", "三要件", "三要害", "三要紧", "三要么", "三要是", "三抓手", "最后是否", "其次是非",
     "首先要", "1.5倍", "123. 内容", "七一、八一期间", "十十、", "零、", "(100)", "第三章", "三内容", "内容三、"],
)
def test_text_that_only_looks_numbered_is_no_numbering(line: str) -> None:
    assert match_at(halfwidth(line), 0) is None


def test_match_at_starts_exactly_at_the_column_given() -> None:
    norm = halfwidth("学习：二是内容")
    assert match_at(norm, 3) == Numbering("zh_shi", 2, 3, 5)
    assert match_at(norm, 2) is None  # ":" is not a numbering, and no search forward
    assert match_at("(1)", 0) == Numbering("paren_digit", 1, 0, 3)  # the end stops at the end of the text


def test_match_at_tries_only_the_styles_asked_for_in_their_order() -> None:
    norm = halfwidth("（一）是")
    assert match_at(norm, 0) == Numbering("paren_zh", 1, 0, 3)
    assert match_at(norm, 0, ("zh_shi",)) is None
    assert match_at(halfwidth("一是"), 0, ("zh_dun", "paren_zh")) is None
    assert match_at(halfwidth("一是"), 0, ("zh_dun", "zh_shi")) == Numbering("zh_shi", 1, 0, 2)
    # The order of the styles asked for does not matter: STYLES' order decides.
    assert match_at(halfwidth("1、"), 0, ("digit_dot", "zh_dun")) == Numbering("digit_dot", 1, 0, 2)


def test_each_circled_number_is_its_position() -> None:
    assert [match_at(c, 0).number for c in CIRCLED] == list(range(1, 21))  # type: ignore[union-attr]


def test_inline_styles_are_exactly_these() -> None:
    assert INLINE_STYLES == ("zh_shi", "zh_yao", "zh_zhua", "zh_di", "ordinal", "paren_digit", "circled", "digit_dot")
    assert list(STYLES)[:2] == ["zh_dun", "paren_zh"]


@pytest.mark.parametrize("end", ["。", "；", "！", "？", "：", ";", "!", "?", ":"])
def test_an_inline_point_follows_each_sentence_end(end: str) -> None:
    norm = halfwidth(f"学习不深入{end}二是结合不够")
    assert find_inline(norm, 0, "zh_shi", 2) == Numbering("zh_shi", 2, 6, 8)


def test_an_inline_point_after_spaces_and_at_the_start() -> None:
    assert find_inline(halfwidth("学习。  二是结合"), 0, "zh_shi", 2) == Numbering("zh_shi", 2, 5, 7)
    assert find_inline(halfwidth("一是学习"), 0, "zh_shi", None) == Numbering("zh_shi", 1, 0, 2)
    assert find_inline(halfwidth("前文。一是学习"), 3, "zh_shi", None) == Numbering("zh_shi", 1, 3, 5)


def test_an_inline_point_is_not_inside_a_sentence() -> None:
    assert find_inline(halfwidth("排名第二是常态"), 0, "zh_shi", 2) is None
    assert find_inline(halfwidth("学习，一是结合"), 0, "zh_shi", None) is None
    assert find_inline(halfwidth("学习。X二是结合"), 0, "zh_shi", 2) is None
    # the first candidate is inside the sentence, the second after its end
    assert find_inline(halfwidth("评比中二是二。二是结合"), 0, "zh_shi", 2) == Numbering("zh_shi", 2, 7, 9)


def test_an_inline_point_must_be_the_number_expected() -> None:
    norm = halfwidth("学习。三是结合。二是作风")
    assert find_inline(norm, 0, "zh_shi", 2) == Numbering("zh_shi", 2, 8, 10)
    assert find_inline(norm, 0, "zh_shi", 3) == Numbering("zh_shi", 3, 3, 5)
    assert find_inline(norm, 0, "zh_shi", 4) is None
    assert find_inline(halfwidth("学习。二是结合"), 0, "zh_shi", None) is None  # None: only a first point
    assert find_inline(halfwidth("学习。一是结合"), 0, "zh_shi", None) == Numbering("zh_shi", 1, 3, 5)
    assert find_inline(halfwidth("学习。一是结合"), 4, "zh_shi", None) is None  # at or after pos only


def test_an_ordinal_continues_with_any_later_ordinal() -> None:
    norm = halfwidth("学习。最后，结合")
    assert find_inline(norm, 0, "ordinal", 2) == Numbering("ordinal", 99, 3, 6)
    assert find_inline(halfwidth("学习。再次，结合"), 0, "ordinal", 2) == Numbering("ordinal", 3, 3, 6)
    assert find_inline(halfwidth("学习。其次，结合"), 0, "ordinal", 3) == Numbering("ordinal", 2, 3, 6)
    assert find_inline(norm, 0, "ordinal", None) is None  # a first point must be 首先
    assert find_inline(halfwidth("学习。首先，结合"), 0, "ordinal", None) == Numbering("ordinal", 1, 3, 6)


def test_an_ordinal_with_shi_may_follow_a_comma() -> None:
    assert find_inline(halfwidth("首先是学习不够，其次是结合不紧"), 0, "ordinal", 2) == Numbering("ordinal", 2, 8, 11)
    assert find_inline(halfwidth("首先是学习不够，其次，结合不紧"), 0, "ordinal", 2) is None
    assert find_inline(halfwidth("学习不够，一是结合"), 0, "zh_shi", None) is None


@pytest.mark.parametrize("lead", ["今后", "下一步", "今后工作中", "在今后的工作中", "我将", "本人将", "具体", "具体来说", "主要", "重点"])
def test_a_first_point_may_follow_a_lead_word_after_a_comma(lead: str) -> None:
    line = f"针对以上不足，{lead}一是要加强学习"
    start = len(f"针对以上不足，{lead}")
    assert find_inline(halfwidth(line), 0, "zh_shi", None) == Numbering("zh_shi", 1, start, start + 2)
    assert find_inline(halfwidth(f"{lead}一是要加强学习"), 0, "zh_shi", None) == Numbering("zh_shi", 1, len(lead), len(lead) + 2)


def test_a_lead_word_opens_only_a_first_point_and_only_as_a_whole_word() -> None:
    assert find_inline(halfwidth("针对以上不足，今后二是要加强"), 0, "zh_shi", 2) is None
    assert find_inline(halfwidth("针对以上不足，我们今后一是要加强"), 0, "zh_shi", None) is None
    assert find_inline(halfwidth("针对以上不足，今后 一是要加强"), 0, "zh_shi", None) == Numbering("zh_shi", 1, 10, 12)


def test_only_inline_styles_are_found_inline() -> None:
    assert find_inline(halfwidth("学习。一、结合"), 0, "zh_dun", None) is None
    assert find_inline(halfwidth("学习。（一）结合"), 0, "paren_zh", None) is None
    assert find_inline(halfwidth("学习。1.结合"), 0, "digit_dot", None) == Numbering("digit_dot", 1, 3, 5)
    assert find_inline(halfwidth("学习。①结合。②作风"), 0, "circled", 2) == Numbering("circled", 2, 7, 8)
    assert find_inline(halfwidth("学习；（2）结合"), 0, "paren_digit", 2) == Numbering("paren_digit", 2, 3, 6)
    assert find_inline(halfwidth("学习；二要结合"), 0, "zh_yao", 2) == Numbering("zh_yao", 2, 3, 5)
    assert find_inline(halfwidth("学习；二抓结合"), 0, "zh_zhua", 2) == Numbering("zh_zhua", 2, 3, 5)
    assert find_inline(halfwidth("学习；第二，结合"), 0, "zh_di", 2) == Numbering("zh_di", 2, 3, 6)
