"""Order names as party documents do (姓氏笔画, or pinyin) and give Chinese names ASCII slugs.

Stroke counts come from the Unicode Han Database (kTotalStrokes, the simplified-Chinese value),
kept in data/strokes.txt (scripts/make_strokes.py regenerates it). Names with the same surname
stroke count are then ordered by surname character, so one surname stays together, and then by
the strokes of the given name; Unihan has no first-stroke (起笔) data to break those ties further.
"""

from __future__ import annotations

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
def _table(name: str) -> str:
    return resources.files(__package__).joinpath(f"data/{name}").read_text(encoding="utf-8")


def _field(name: str, char: str) -> str | None:
    """The first field of the line of data/``name`` that lists ``char`` (comments there are ASCII). Looked up in
    the file's text, not loaded into a dict: a build reads a few hundred names and labels, and a dict of every
    character costs a few megabytes."""
    if char.isascii():
        return None
    text = _table(name)
    at = text.find(char)
    if at < 0:
        return None
    start = text.rfind("\n", 0, at) + 1
    return text[start:text.index("\t", start)]


@cache
def reading(char: str) -> str | None:
    """A character's reading as pypinyin's lazy_pinyin gives it without phrases (TONE3, neutral tone 5), from
    data/pinyin.txt (scripts/make_pinyin.py): importing pypinyin would cost every build 13 MB."""
    return _field("pinyin.txt", char)


def plain_pinyin(text: str) -> str:
    """Each character's reading without its tone, other characters as they are: 王建国 → wangjianguo, 吕 → lv."""
    return "".join(r.rstrip("012345") if (r := reading(c)) else c for c in text)


@cache
def strokes(char: str) -> int:
    count = _field("strokes.txt", char)
    return int(count) if count else UNKNOWN_STROKES


def stroke_key(name: str) -> tuple:
    return tuple((strokes(c), ord(c)) for c in name.strip())


def pinyin_key(name: str) -> tuple:
    name = name.strip()
    syllables = [reading(c) or c.lower() for c in name]
    if name and name[0] in SURNAME_READINGS:
        syllables[0] = SURNAME_READINGS[name[0]]
    return (tuple(syllables), name)


def name_key(order: str) -> Callable[[str], tuple]:
    return pinyin_key if order == "pinyin" else stroke_key


def sort_names(names: Iterable[str], order: str = "strokes") -> list[str]:
    return sorted(set(names), key=name_key(order))


def slug(text: str) -> str:
    """An ASCII file name for a Chinese name or label: 王建国 → wangjianguo."""
    plain = plain_pinyin(text.strip()).lower()
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
