"""Classification markings (hooks/studyarchive/parse/markings.py) called directly: which lines, titles and fields are a
marking however they are written, which are ordinary sentences, and at which line a marking is reported when HTML
comments join or split lines. tests/test_edge_markings.py checks the same forms through builds and property tests.
"""

from __future__ import annotations

import pytest

from studyarchive.parse.markings import is_marking, marking_lines, may_contain, mentions_classified, normalise, strip_comments


@pytest.mark.parametrize("text", [
    "秘密", "机密", "绝密", "秘密★1年", "绝密★长期", "机密★永久", "秘密★6个月", "秘密★10天", "秘密１０年", "★秘密", "**机密**",
    "密级：机密", "密级:绝密★10年", "编号：001　密级：秘密", "【秘密】关于加强学习的通知", "关于学习的通知（机密）",
    "秘·密", "秘 密", "（秘密。）", "&#x79D8;&#x5BC6;", "秘<!-- -->密", "祕密", "機密", "絕密", "㊙密", "秘密☆1年",
    "# 秘密", "## 秘 密", "> 机密", "- 绝密", "1. 秘密", "2) 秘密", "> - 秘密", "| 密级 | 秘密 |", "编号：001　　秘密★1年",
    "秘密★ 关于", "★机密 文件", "〔绝密〕", "《机密》", "密级：【秘密】", "密級：秘密",
])
def test_a_marking_however_written(text: str) -> None:
    assert is_marking(text)


@pytest.mark.parametrize("text", [
    "要保守党的秘密", "机密文件管理制度学习", "绝密档案的保管要求", "密级：绝密、机密、秘密", "保密", "密切联系群众",
    "秘书处", "机关党委", "绝对忠诚", "", "秘", "密", "秘 书 密 切", "学习 秘密的保守", "| 文件 | 保守秘密要求 |",
    "关于秘密的通知", "秘密地学习", "秘密工作", "密级", "关于（秘密工作）的学习", "&amp;",
])
def test_not_a_marking(text: str) -> None:
    assert not is_marking(text)


def test_strip_comments_keeps_the_line_breaks() -> None:
    assert strip_comments("a<!-- 1\n2 -->b\nc<!--x-->d") == "a\nb\ncd"
    assert strip_comments("没有注释\n第二行") == "没有注释\n第二行"


def test_normalise() -> None:
    assert normalise("<b>祕</b>&#x5BC6;☆㊙ Ａ<!-- 注 -->") == "秘密★秘 A"
    assert normalise("機絕絶級長個") == "机绝绝级长个"
    assert normalise("&lt;秘密&gt;") == "<秘密>"
    assert normalise("a < b") == "a < b"


def test_mentions_classified_is_any_mention_of_a_level() -> None:
    assert mentions_classified("机密")
    assert mentions_classified("秘·密")
    assert mentions_classified("&#31192;密")
    assert mentions_classified("内部，非绝密")
    assert not mentions_classified("保密")
    assert not mentions_classified("秘书 密切")
    assert not mentions_classified("内部")


def test_may_contain_is_true_for_every_marking_and_false_for_most_lines() -> None:
    assert may_contain("&#31192;&#x5BC6;")
    assert may_contain("秘密") and may_contain("㊙密") and may_contain("祕密") and may_contain("機密") and may_contain("絶密")
    assert not may_contain("密")
    assert not may_contain("秘")
    assert not may_contain("保守党的纪律")


def test_marking_lines_counts_the_files_lines() -> None:
    assert list(marking_lines("第一行\n秘密\n正文\n  机密★1年  \n")) == [1, 3]
    assert list(marking_lines("正文\n普通\n")) == []


def test_marking_lines_across_comments_reports_the_first_line() -> None:
    body = "第一行\n秘<!-- 跨\n行 -->密\n正文<!-- x -->\n<!-- a\nb\nc -->\n机密\n"
    assert list(marking_lines(body)) == [1, 7]
    assert list(marking_lines("正文<!-- x -->\n秘密\n")) == [1]
    # A marking inside a comment is no marking; the line after a comment keeps its number.
    assert list(marking_lines("<!-- 秘密 -->\n秘密\n<!--\n-->绝密\n")) == [1, 2]
    assert list(marking_lines("<!-- 1\n2\n3 -->\n正文\n\n机密")) == [5]


def test_marking_lines_counts_empty_lines_and_lines_with_spaces() -> None:
    assert list(marking_lines("第一行\n\n正文 有 空格\n秘密\n")) == [3]
    assert list(marking_lines("秘密<!-- 注 -->\n正文\n")) == [0]
    assert list(marking_lines("<!-- 注 -->秘密\n\n正文 有 空格\n机密\n")) == [0, 3]
