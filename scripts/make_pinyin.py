"""Regenerate hooks/studyarchive/core/data/pinyin.txt from pypinyin's character dictionary.

The build needs one reading per character (member slugs, pinyin order); pypinyin gives it, but importing
pypinyin costs every build about 13 MB and its data load, for the few hundred names and labels it reads.
The table holds, for every character pypinyin knows, the reading ``lazy_pinyin`` gives without phrases
(TONE3 style, neutral tone as 5, ü as v), grouped by reading. The script checks that the reading without
its tone digit is what pypinyin gives in NORMAL style, so slugs stay the same.

    python scripts/make_pinyin.py        # needs pypinyin (installed with the test extras)
"""

from __future__ import annotations

import os
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

os.environ["PYPINYIN_NO_PHRASES"] = "1"

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

OUT = Path(__file__).resolve().parent.parent / "hooks" / "studyarchive" / "core" / "data" / "pinyin.txt"


def main() -> None:
    by_reading: dict[str, list[str]] = defaultdict(list)
    for code in sorted(pinyin_dict):
        char = chr(code)
        # pypinyin accepts a list from `errors` (its annotation says str): [""] keeps one empty reading per character.
        tone3 = lazy_pinyin(char, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [""])[0]  # type: ignore[arg-type, return-value]
        normal = lazy_pinyin(char, errors=lambda s: [""])[0]  # type: ignore[arg-type, return-value]
        if not tone3:
            continue
        if tone3.rstrip("012345") != normal or not tone3[-1].isdigit():
            raise SystemExit(f"U+{code:04X} {char}: {tone3!r} / {normal!r}: the table's rule does not hold")
        by_reading[tone3].append(char)
    lines = [f"# pypinyin {version('pypinyin')}: reading (TONE3, neutral tone 5) <TAB> characters. scripts/make_pinyin.py",
             *(f"{reading}\t{''.join(chars)}" for reading, chars in sorted(by_reading.items()))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(map(len, by_reading.values()))} characters, {len(by_reading)} readings")


if __name__ == "__main__":
    main()
