"""limits.check_body searches the whole text first (may_exceed) and reads it line by line only when something
may be wrong: the diagnostics must be exactly those of the line-by-line check on any text."""

from __future__ import annotations

import random

from studyarchive.core import limits

PIECES = ["文字", " ", "  ", "\t", "\n", "\n\n", "> ", ">", "- ", "* ", "+ ", "1. ", "12) ", "１. ", "-", "*", "_",
          "~", "`", "[", "]", "<", ">", "(", ")", ".", "\r", "**粗体**", "[链接](a.md)"]


def _text(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randrange(1, 60))]
    if rng.random() < 0.5:  # near the limits: a deep prefix, a long run, many markup characters
        what = rng.choice([" " * rng.randrange(70, 90) + "- 项", "> " * rng.randrange(18, 23) + "引用",
                           "\t" * rng.randrange(18, 23) + "1. 项", rng.choice(limits.RUN_CHARS) * rng.randrange(98, 103),
                           "*a" * rng.randrange(240, 260), "[" * rng.randrange(495, 505)])
        parts.insert(rng.randrange(len(parts) + 1), what)
    return "".join(parts)


def test_whole_text_check_equals_line_by_line() -> None:
    rng = random.Random(7)
    flagged = 0
    for _ in range(3000):
        text = _text(rng)
        lines = limits.check_lines(text, 5, "docs/a.md")
        assert limits.check_body(text, 5, "docs/a.md") == lines
        if not limits.may_exceed(text):
            assert lines == []
        flagged += bool(lines)
    assert flagged > 300  # the texts do reach each limit


def test_deep_line_is_still_reported() -> None:
    text = "正文\n\n" + " " * 84 + "- 太深的列表项\n"
    [diagnostic] = limits.check_body(text, 3, "docs/a.md")
    assert diagnostic.line == 5
    assert diagnostic.message.startswith("列表或引用（>）嵌套超过 20 层")
