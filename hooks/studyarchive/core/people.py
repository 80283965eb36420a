"""Order names as party documents do (姓氏笔画, or pinyin) and read them in pinyin (naming.py makes the slugs).

Stroke counts come from the Unicode Han Database (kTotalStrokes, the simplified-Chinese value),
kept in data/strokes.txt (scripts/make_strokes.py regenerates it). Names with the same surname
stroke count are then ordered by surname character, so one surname stays together, and then by
the strokes of the given name; Unihan has no first-stroke (起笔) data to break those ties further.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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


# --- who is who -------------------------------------------------------------------------------

@dataclass(frozen=True, order=True, slots=True)
class Person:
    """A member as the archive tells members apart: the name as written and the branch id.

    Two people of one name in different branches are two persons. Two of one name in the same branch write
    what tells them apart into the name, in full-width parentheses (张伟（综合科）, 张伟（1985年）): that
    text is part of the name, shown as written. Every place that groups, counts or links members keys
    them by this value, so the rule lives here."""

    name: str
    branch: str


def person_of(meta) -> Person | None:
    """The person whose material this is (``meta`` is a model.Meta); None for a branch's material."""
    return Person(meta.member, meta.branch) if meta.member else None


def people_of(materials: Iterable, vocab) -> People:
    """The persons of these materials (model.Material), named with the vocabulary's (vocab.Vocabulary) branches."""
    return People((p for m in materials if (p := person_of(m.meta))), list(vocab.branches), lambda b: vocab.label("branches", b))


class People:
    """The persons of one build and how each is named on the pages (naming.member_slugs gives their pages).

    A name held by one person is shown alone, as it always was. A name held in several branches is shown with
    the branch: 王芳（机关一支部）, using the branch's label from the vocabulary.
    """

    def __init__(self, persons: Iterable[Person], branches: Sequence[str], branch_label: Callable[[str], str]):
        self.persons = set(persons)
        self._branch_rank = {b: n for n, b in enumerate(branches)}
        self._branch_label = branch_label
        holders: dict[str, list[Person]] = {}
        for p in sorted(self.persons, key=self._rank):
            holders.setdefault(p.name, []).append(p)
        self.holders = holders
        """Name → its persons, the one whose branch comes first in vocabulary.yml first."""

    def _rank(self, p: Person) -> tuple:
        return (self._branch_rank.get(p.branch, len(self._branch_rank)), p.branch)

    def shared(self, name: str) -> bool:
        return len(self.holders.get(name, ())) > 1

    def label(self, p: Person) -> str:
        """How the pages name the person: 王芳, or 王芳（机关一支部） when another branch has a 王芳 too."""
        return f"{p.name}（{self._branch_label(p.branch)}）" if self.shared(p.name) else p.name

    def owner(self, name: str, branch: str) -> str:
        """A 责任人 written in a material of ``branch``: a member of that name in that branch is meant."""
        p = Person(name, branch)
        return self.label(p) if p in self.persons else name
