"""Classification markings (密级标识): one normaliser and one detector for the body, the title, the tags
and the classification field.

A marking is a line or a field that *is* a marking, however it is written:

- the word 秘密 / 机密 / 绝密, alone on its line, in a heading, a list item, a quote or a table cell;
- with decorations and a period: ``★秘密``, ``秘密★1年``, ``绝密★长期``, ``**机密**``;
- with the label 密级: ``密级：机密``, ``密级:绝密★10年`` (also within a longer line: ``编号：001　密级：秘密``);
- in brackets at the start or the end of a line or title: ``【秘密】关于……``, ``……材料（机密）``.

Before looking, the text is normalised: HTML comments dropped, HTML entities decoded, NFKC (full-width
and compatibility forms, ㊙ → 秘), traditional and variant characters → simplified (祕 機 絕 絶 級 長 個); and
every character that is neither a letter nor a digit (spaces, ·, 。, *, zero-width characters …) is
ignored between the parts. So ``秘·密``, ``秘 密``, ``（秘密。）``, ``&#x79D8;&#x5BC6;``, ``秘<!-- -->密``
and ``祕密`` are all markings.

The word inside an ordinary sentence is not a marking: ``要保守党的秘密``, ``机密文件管理制度学习``,
``绝密档案的保管要求``. Neither is a list of the three levels (``密级：绝密、机密、秘密``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
# Traditional and variant forms of the characters a marking is made of.
SIMPLIFIED = str.maketrans({"祕": "秘", "機": "机", "絕": "绝", "絶": "绝", "級": "级", "長": "长", "個": "个"})
STARS = str.maketrans({c: "★" for c in "☆✩✪✫✬✭✮✯✰✡⭐🌟"})
OPEN = "【〔［\\[(「『《〈"
CLOSE = "】〕］\\])」』》〉"
_KEEP = set("【〔［[(「『《〈】〕］])」』》〉★:")
WORD = "(?:秘|机|绝)★*密"
PERIOD = r"(?:\d{1,3}(?:年|个月|月|天|日)|长期|永久)"
# The whole line or field, letters and digits only.
FULL_RE = re.compile(rf"(?:密级)?(?:秘|机|绝)密{PERIOD}?")
# A marking that opens a line or a title: 【秘密】……, ★机密……, 秘密★1年 ……, 密级：秘密……
PREFIX_RE = re.compile(rf"(?:密级:?)?(?:[{OPEN}]★*{WORD}★*{PERIOD}?[{CLOSE}]|★+{WORD}|{WORD}★)")
# One in brackets that closes a line or a title: ……（机密）
SUFFIX_RE = re.compile(rf"[{OPEN}]★*{WORD}★*{PERIOD}?[{CLOSE}]$")
# 密级：秘密 anywhere in a line, unless the line lists the levels (密级：绝密、机密、秘密).
LABEL_RE = re.compile(rf"密级:[{OPEN}]?★*{WORD}(?!★*[{CLOSE}]?★*{WORD})")
# Markdown that may open a line: heading, quote, list item.
LEAD_RE = re.compile(r"^\s*(?:(?:#{1,6}|>|[-*+]|\d{1,3}[.)])\s*)+")
# Where a line may be cut into fields: table cells, and runs of spaces (编号：001　　秘密★1年).
FIELD_SEP_RE = re.compile(r"\||\s{2,}")


def strip_comments(text: str) -> str:
    """The text without its HTML comments; a comment's line breaks stay, so line numbers do not move."""
    if "<!--" not in text:
        return text
    return COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def normalise(text: str) -> str:
    """Comments and tags dropped, entities decoded, NFKC, traditional → simplified, other stars → ★."""
    if "<" in text:
        text = TAG_RE.sub("", COMMENT_RE.sub("", text))
    if "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFKC", text).translate(SIMPLIFIED).translate(STARS)


def _skeleton(text: str) -> str:
    """Letters and digits only."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _marks(text: str) -> str:
    """Letters, digits, brackets, ★ and the colon."""
    return "".join(c for c in text if c in _KEEP or unicodedata.category(c)[0] in "LN")


def _is_normalised_marking(text: str) -> bool:
    # Every form needs 秘, 机 or 绝 before the 密 (WORD): 密切联系群众 and 保密 are no marking, at the cost of two `in`s.
    if "密" not in text or ("秘" not in text and "机" not in text and "绝" not in text):
        return False
    text = LEAD_RE.sub("", text)
    marks = _marks(text)
    if FULL_RE.fullmatch(_skeleton(text)) or PREFIX_RE.match(marks) or SUFFIX_RE.search(marks) or LABEL_RE.search(marks):
        return True
    parts = FIELD_SEP_RE.split(text)
    return len(parts) > 1 and any(FULL_RE.fullmatch(_skeleton(part)) for part in parts)


def is_marking(text: str) -> bool:
    """Whether a line, a title or a tag is (or starts or ends with) a classification marking."""
    # Normalising costs more than the whole check of an ordinary line, and every marking passes may_contain.
    return may_contain(text) and _is_normalised_marking(normalise(text))


def mentions_classified(text: str) -> bool:
    """Whether the text names a classified level at all: for the classification field, where any mention is one."""
    return re.search("(?:秘|机|绝)密", _skeleton(normalise(text))) is not None


# Before normalising, a marking has 密 and a level's first character (秘, 机, 绝, their traditional forms, or ㊙,
# the only other character NFKC turns into one of them), or an entity that may stand for any of them.
_LEVEL_RE = re.compile("[秘机绝祕機絕絶㊙]")


def may_contain(text: str) -> bool:
    """A quick test that is true for every text with a marking (most materials and lines have none)."""
    return "&" in text or ("密" in text and _LEVEL_RE.search(text) is not None)


def marking_lines(body: str) -> Iterator[int]:
    """The (0-based) lines of ``body`` that are markings; a comment across lines joins them (its first line is reported)."""
    if "<!--" not in body:
        for n, text_line in enumerate(body.split("\n")):
            if is_marking(text_line):
                yield n
        return
    # Drop the comments with their line breaks, remembering where each remaining line started.
    text: list[str] = []
    starts = [0]
    line = pos = 0
    for m in COMMENT_RE.finditer(body):
        segment = body[pos:m.start()]
        breaks = segment.count("\n")
        starts.extend(range(line + 1, line + breaks + 1))
        line += breaks + m.group(0).count("\n")
        text.append(segment)
        pos = m.end()
    segment = body[pos:]
    starts.extend(range(line + 1, line + segment.count("\n") + 1))
    text.append(segment)
    for n, joined in enumerate("".join(text).split("\n")):
        if is_marking(joined):
            yield starts[n]
