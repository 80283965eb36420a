"""sheets._text skips ``translate`` when a cell has nothing to escape: the text must be the same as escaping every cell."""

from __future__ import annotations

import random

from studyarchive.core import escaping
from studyarchive.output import sheets


def test_text_equals_translating_every_cell() -> None:
    rng = random.Random(5)
    alphabet = ["整改", "a", " ", "&", "<", ">", "\r", "\n", "\t", "\x01", "\x7f", "_x0041_", "&amp;", "\ufffe", "'", '"']
    for _ in range(5000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        assert sheets._text(value) == escaping.clean(value).translate(sheets.ESCAPES)


def test_text_escapes_markup_and_carriage_return() -> None:
    assert sheets._text("甲<乙>&丙\r") == "甲&lt;乙&gt;&amp;丙&#13;"
    assert sheets._text("整改完成") == "整改完成"
