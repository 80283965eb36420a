"""Numbering styles of Chinese outlines (一、 （一） 一是 1． （1） ① 第一， 首先 …).

All matching runs on a *normalized* copy of a line whose characters map one to one onto the
original, so every column found here is a column in the source file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

ZH = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ORDINALS = ("首先", "其次", "再次", "然后", "最后")

# One character in, one character out: columns stay valid.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_NORMALIZE = str.maketrans({
    **_FULLWIDTH, "\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ",
    "．": ".", "（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "！": "!", "？": "?",
})


_PAIRS = tuple((chr(k), v if isinstance(v, str) else chr(v)) for k, v in _NORMALIZE.items())


def halfwidth(text: str) -> str:
    """Full-width forms, CJK spaces and punctuation as their ASCII counterparts, one character for one (positions
    stay valid): what numbering and markers are matched on. Not the search's folding (searchindex.normalize, which
    also lowers case, as search.js does) nor similar.words_only (which drops markers and punctuation)."""
    # The same as text.translate(_NORMALIZE), four times faster: translate looks every character up
    # in a dict, while `in` and replace scan in C (this runs on every line of every material).
    for old, new in _PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def zh_to_int(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23: a text that ZH_NUMERAL matches whole."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (ZH.index(tens) + 1 if tens else 1) * 10 + (ZH.index(ones) + 1 if ones else 0)
    return ZH.index(text) + 1


def int_to_zh(n: int) -> str:
    if n <= 10:
        return ZH[n - 1]
    tens, ones = divmod(n, 10)
    return (ZH[tens - 1] if tens > 1 else "") + "十" + (ZH[ones - 1] if ones else "")


# A Chinese numeral from 1 to 99 as written (一, 十, 十二, 二十, 二十三): the only texts zh_to_int reads. A run of
# digits that is no numeral (七一、八一期间…: 1 July and 1 August) is then no numbering either.
ZH_NUMERAL = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_N = ZH_NUMERAL
STYLES: dict[str, re.Pattern[str]] = {
    "zh_dun": re.compile(rf"({_N})(?:、|\.(?!\d))"),  # 三、 and also 三. / 六． (normalized to .)
    "paren_zh": re.compile(rf"\(({_N})\)"),
    "zh_shi": re.compile(rf"({_N})是(?!否)"),
    "zh_di": re.compile(rf"第({_N})[,、:]"),
    # 一要……二要……, 一抓……十抓……: a verb after the numeral, as deployment-style lists are written.
    "zh_yao": re.compile(rf"({_N})要(?![求素点件害紧么是])"),
    "zh_zhua": re.compile(rf"({_N})抓(?!手)"),
    # 首先，…… and also 首先是……，其次是……，再次是…… (a paragraph of causes written as one sentence).
    "ordinal": re.compile(r"(首先|其次|再次|然后|最后)(?:[,、:]|是(?![否非]))"),
    "paren_digit": re.compile(r"\((\d{1,2})\)"),
    "circled": re.compile(f"([{CIRCLED}])"),
    "digit_dot": re.compile(r"(\d{1,2})[.、](?!\d)"),
}
# Styles that real files also run inline, inside one paragraph: 一是……；二是……。
INLINE_STYLES = ("zh_shi", "zh_yao", "zh_zhua", "zh_di", "ordinal", "paren_digit", "circled", "digit_dot")
# (digit_dot inline only continues a list that began at a paragraph's start: 1.……。2.……。)
BOUNDARY = "。;!?:"
# A first point may also follow a comma and one of these words: 针对以上不足，今后一是要……；二是要……
LEAD_TAIL = re.compile(r"(?:^|,)\s*(?:今后|下一步|今后工作中|在今后的工作中|我将|本人将|具体|具体来说|主要|重点)\s*$")


@dataclass(frozen=True)
class Numbering:
    style: str
    number: int
    start: int
    end: int
    """Column after the numbering and the punctuation that follows it."""


def _value(style: str, token: str) -> int:
    if style in ("zh_dun", "paren_zh", "zh_shi", "zh_yao", "zh_zhua", "zh_di"):
        return zh_to_int(token)
    if style == "ordinal":
        return ORDINALS.index(token) + 1 if token != "最后" else 99
    if style == "circled":
        return CIRCLED.index(token) + 1
    return int(token)


def match_at(norm: str, pos: int, styles: tuple[str, ...] | None = None) -> Numbering | None:
    """The numbering that starts exactly at ``pos``, if any (the first of ``styles``, in STYLES' order)."""
    names, pattern = _any_of(styles)
    m = pattern.match(norm, pos)
    if m is None:
        return None
    group = m.lastindex
    assert group is not None  # each style's expression has one group: the alternative that matched
    style = names[group - 1]
    end = m.end()
    while end < len(norm) and norm[end] in " ,:、":
        end += 1
    return Numbering(style, _value(style, m.group(group)), pos, end)


@cache
def _any_of(styles: tuple[str, ...] | None) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """One expression trying the styles in STYLES' order (this runs at every line of every material)."""
    names = tuple(style for style in STYLES if styles is None or style in styles)
    return names, re.compile("|".join(f"(?:{STYLES[style].pattern})" for style in names))


def find_inline(norm: str, pos: int, style: str, number: int | None) -> Numbering | None:
    """The next numbering of ``style`` after a sentence boundary, at or after ``pos``.

    ``number`` is the value expected (the next in sequence); None accepts only a first item.
    """
    if style not in INLINE_STYLES:
        return None
    pattern = STYLES[style]
    for m in pattern.finditer(norm, pos):
        start = m.start()
        before = norm[:start].rstrip(" ")
        value = _value(style, m.group(1))
        wanted = 1 if number is None else number
        # 其次是…… continues after a comma as well: the 是 says it is a point, not an adverb in a sentence;
        # so does 二是 once 一是 opened the run (一是理论学习不够自觉，二是党性锻炼有所放松).
        comma = m.group(0).endswith("是") and (style == "ordinal" or (style == "zh_shi" and number is not None))
        boundary = BOUNDARY + "," if comma else BOUNDARY
        if before and before[-1] not in boundary and not (value == 1 and LEAD_TAIL.search(before[-12:])):
            continue
        if value == wanted or (style == "ordinal" and number is not None and value > 1):
            return match_at(norm, start, (style,))
    return None
