"""Diagnostics: every problem found in the input, in Chinese, with file and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .escaping import log_line

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    """The file as the user sees it, e.g. ``docs/2023-zhuti-2/zhangsan.md``."""
    line: int
    """1-based line in that file (0 when the whole file is meant)."""
    message: str
    """Chinese: what is wrong and how to fix it."""
    level: Level = "error"

    def __str__(self) -> str:
        """One line of a log: a line break in a quoted text cannot start a line of its own (escaping.log_line)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return log_line(f"{where}: {self.message}")


class ArchiveError(Exception):
    """Raised only for input that cannot be read at all (e.g. the vocabulary file)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def suggest(value: str, choices: list[str], limit: int = 12) -> str:
    """The known values, closest first, for a message's 可选 part."""
    import difflib

    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    rest = [c for c in choices if c not in close]
    shown = (close + rest)[:limit]
    more = " …" if len(choices) > limit else ""
    return "、".join(shown) + more


def did_you_mean(value: str, names: dict[str, str]) -> str:
    """“是不是：党纪学习教育？” when ``value`` is close to one of ``names`` (an id or a label → the label to
    show), else "". Close: difflib's ratio at least 0.6, or the one name containing the value or contained in it."""
    import difflib

    value = value.strip()
    if not value or not names:
        return ""
    best = difflib.get_close_matches(value, list(names), n=1, cutoff=0.6)
    if not best:
        around = [n for n in names if len(value) >= 2 and (value in n or n in value) and len(n) >= 2]
        best = around[:1] if len({names[n] for n in around}) == 1 else []
    return f"是不是：{names[best[0]]}？" if best else ""


# Characters a reader cannot see or that break a line: C0 and C1 controls, DEL, lone surrogates, zero-width
# characters, bidi embeddings, overrides and isolates, line and paragraph separators.
_INVISIBLE = frozenset(
    [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x200B, 0x2010), 0x2028, 0x2029,
     *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF]
)


def bad_char(text: str) -> tuple[int, str] | None:
    """The first invisible or control character of a one-line text: (1-based position, "U+200B"); None if clean."""
    for n, ch in enumerate(text, 1):
        code = ord(ch)
        if code in _INVISIBLE or 0xD800 <= code <= 0xDFFF:
            return n, f"U+{code:04X}"
    return None


def echo(value: object, limit: int = 60) -> str:
    """A value from the input as a message shows it: one line, every invisible or control character written
    as \\uXXXX, at most ``limit`` characters. Every value a message repeats goes through here."""
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        return {dict: "（嵌套的内容）", set: "（集合）", frozenset: "（集合）"}.get(type(value), "（列表）")
    text = "".join(
        f"\\u{ord(ch):04x}" if ord(ch) in _INVISIBLE or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in str(value)
    )
    return text if len(text) <= limit else text[:limit] + "…"
