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
