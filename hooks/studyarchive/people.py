"""Order names as party documents do (姓氏笔画, or pinyin) and give Chinese names ASCII slugs.

Stroke counts come from the Unicode Han Database (kTotalStrokes, the simplified-Chinese value),
kept in data/strokes.txt (scripts/make_strokes.py regenerates it). Names with the same surname
stroke count are then ordered by surname character, so one surname stays together, and then by
the strokes of the given name; Unihan has no first-stroke (起笔) data to break those ties further.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

ORDERS = {"strokes": "姓氏笔画", "pinyin": "拼音"}
UNKNOWN_STROKES = 99
"""Characters outside the table (rare Extension B surnames, Latin letters) sort last."""

# Surnames whose reading differs from the character's common reading.
SURNAME_READINGS = {
    "单": "shan4", "曾": "zeng1", "区": "ou1", "仇": "qiu2", "解": "xie4", "朴": "piao2", "查": "zha1",
    "盖": "ge3", "乐": "yue4", "缪": "miao4", "覃": "qin2", "尉": "yu4", "华": "hua4", "任": "ren2",
    "翟": "zhai2", "都": "du1", "重": "chong2", "长": "chang2", "种": "chong2", "阚": "kan4", "秘": "bi4",
}
SLUG_RE = re.compile(r"[^a-z0-9]+")


@cache
def lazy_pinyin() -> Callable:
    """pypinyin's lazy_pinyin, loaded on first use and without its phrase dictionary: names and labels are
    read character by character anyway (surnames through SURNAME_READINGS), and the phrases cost 45 MB and
    a quarter of a second in every build (no name or label of the sample or the benchmark corpus changes)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import lazy_pinyin as convert

    return convert


@cache
def stroke_table() -> dict[str, int]:
    table: dict[str, int] = {}
    text = resources.files(__package__).joinpath("data/strokes.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            count, chars = line.split("\t")
            table.update(dict.fromkeys(chars, int(count)))
    return table


def strokes(char: str) -> int:
    return stroke_table().get(char, UNKNOWN_STROKES)


def stroke_key(name: str) -> tuple:
    return tuple((strokes(c), ord(c)) for c in name.strip())


def pinyin_key(name: str) -> tuple:
    from pypinyin import Style

    name = name.strip()
    syllables = lazy_pinyin()(name, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [c.lower() for c in s])
    if name and name[0] in SURNAME_READINGS:
        syllables[0] = SURNAME_READINGS[name[0]]
    return (tuple(syllables), name)


def name_key(order: str) -> Callable[[str], tuple]:
    return pinyin_key if order == "pinyin" else stroke_key


def sort_names(names: Iterable[str], order: str = "strokes") -> list[str]:
    return sorted(set(names), key=name_key(order))


def slug(text: str) -> str:
    """An ASCII file name for a Chinese name or label: 王建国 → wangjianguo."""
    plain = "".join(lazy_pinyin()(text.strip(), errors=lambda s: list(s))).lower()
    return SLUG_RE.sub("-", plain).strip("-")


def slugs(texts: Iterable[str], fallback: str) -> dict[str, str]:
    """A unique slug for each text; the same text always gets the same slug, whatever else is present."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for text in sorted(set(texts), key=lambda t: (slug(t), t)):
        base = slug(text) or fallback
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        out[text] = candidate
    return out
