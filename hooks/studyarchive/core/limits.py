"""The archive's limits on what it reads, in one place, and the checks that enforce them.

Python-Markdown (and the outline parser after it) is fast on what people write, but some inputs cost
it far more than their size: a list nested 2,000 levels deep did not finish in minutes, thousands of
unclosed ``[`` take the square of their number, nested emphasis overflows the recursion limit. Such
text is never a member's material: it is refused here, with the file and line, BEFORE it reaches the
converter, the same way for `build`, `serve` and `archive check` (pipeline.parse_material), and
likewise what `archive import` reads (textread.py).

Every check here is one pass over the text: linear in its size.
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic

MAX_MATERIAL_BYTES = 1_000_000
"""A material's size in UTF-8 bytes. A long 对照检查材料 is 10-30 KB, a year of minutes in one file
about 200 KB; 1 MB leaves room for those and keeps a build's memory and time bounded."""

MAX_NESTING = 20
"""Lists and blockquotes inside each other. Materials use 1-3 levels; Python-Markdown's time grows
faster than the square of the depth (500 levels: 4 s, 2,000: minutes)."""

MAX_RUN = 100
"""One emphasis or bracket character repeated (``*`` ``_`` ``~`` `````` ``[`` ``]`` ``<`` ``>`` ``(`` ``)``).
A separator line or a blank to fill in (______) is far shorter; 5,000 ``[`` took Python-Markdown 6 s."""

MAX_MARKUP = 500
"""Emphasis runs and ``[`` / ``<`` openers in one paragraph (a block between empty lines). A
paragraph with bold words or links has a few dozen; unclosed ones cost the converter the square of
their number (8,000 ``[a``: 22 s) and nested emphasis overflows its recursion limit (4,000 ``**``)."""

MAX_IMPORT_BYTES = 2_000_000
"""What `archive import` reads from a .txt or .md file (and the text of a .docx): twice a material,
since imported text loses spaces and markers; larger is not one member's material."""

MAX_DOCX_BYTES = 100_000_000
"""A .docx's parts, uncompressed, all together (pictures included). A Word file of 100 pages with
photos is a few dozen MB; a zip bomb of a few KB inflates to GBs."""

MAX_DOCX_XML_BYTES = 20_000_000
"""One XML part of a .docx (word/document.xml …) uncompressed: 300 pages of text are about 5 MB."""

MAX_DOCX_MEMBERS = 2_000
"""Files inside a .docx: Word writes 10-30 plus one per picture."""

MAX_XML_DEPTH = 200
"""Elements inside each other in a .docx's XML: Word writes about 10-20 (tables in tables add a few);
python-docx's parser (lxml) refuses more than 256 with an English error."""

RUN_CHARS = "*_~`[]<>()"
RUN_RE = re.compile("|".join(f"{re.escape(c)}{{{MAX_RUN + 1},}}" for c in RUN_CHARS))
# Markup a paragraph's inline stage works on: a run of emphasis or code marks counts once.
MARKUP_RE = re.compile(r"[*_~`]+|[\[<]")
# A line's container prefix: indentation, blockquote marks and list markers before its text.
# The spaces after a marker are the marker's own (where its text starts), not indentation.
CONTAINER_RE = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*")
# RUN_RE's ten alternatives are tried at every position of a text; this finds whether there is any run at all
# ten times faster (the same runs: one character repeated more than MAX_RUN times).
ANY_RUN_RE = re.compile(rf"([{re.escape(RUN_CHARS)}])\1{{{MAX_RUN},}}")
# Each MARKUP_RE match takes at least one of these: their number bounds the markup of every paragraph.
MARKUP_CHARS = "*_~`[<"
# A line that CONTAINER_RE could read as more than MAX_NESTING deep: each marker and each 4 columns of indentation
# take at least one of these characters, so such a line starts with more than MAX_NESTING of them.
DEEP_PREFIX_RE = re.compile(rf"^[ \t>*+\-\d.)]{{{MAX_NESTING + 1}}}", re.M)


def check_size(text: str, source: str) -> Diagnostic | None:
    """The line from which a material is more than MAX_MATERIAL_BYTES; None when it is not."""
    if len(text) * 4 <= MAX_MATERIAL_BYTES or len(text.encode("utf-8")) <= MAX_MATERIAL_BYTES:
        return None
    total = 0
    for n, line in enumerate(text.split("\n"), 1):
        total += len(line.encode("utf-8")) + 1
        if total > MAX_MATERIAL_BYTES:
            return Diagnostic(source, n, f"材料太大（超过 {MAX_MATERIAL_BYTES // 1_000_000} MB，从这一行起超出）："
                                         "一份材料不会这样长，可能误粘贴了大量内容；请删去多余的部分，或把它拆成几份材料。")
    return None  # pragma: no cover - the sum of the lines is the text


def nesting(line: str) -> int:
    """How deep a line's blockquotes and lists go: each ``>`` and list marker, and each 4 columns of
    indentation before a marker (Python-Markdown nests an indented list inside the one above)."""
    depth = markers = 0
    pos = 0
    while True:
        m = CONTAINER_RE.match(line, pos)
        if m is None:
            break
        indent = len(m.group(0)) - len(m.group(0).lstrip(" \t"))  # before the marker
        depth += line.count("\t", pos, pos + indent) * 4 + line.count(" ", pos, pos + indent)
        markers += 1
        pos = m.end()
    return markers + depth // 4 if markers else 0


def may_exceed(body: str) -> bool:
    """False when no line of the text can fail check_body, found by three searches of the whole text (runs and
    markup never span a line): most materials then need no line looked at one by one, as in privacy.py."""
    return (DEEP_PREFIX_RE.search(body) is not None or ANY_RUN_RE.search(body) is not None
            or sum(body.count(c) for c in MARKUP_CHARS) > MAX_MARKUP)


def check_body(body: str, body_line: int, source: str) -> list[Diagnostic]:
    """Nesting, runs and markup of a material's text: at most one diagnostic of each kind, at its first line."""
    return check_lines(body, body_line, source) if may_exceed(body) else []


def check_lines(body: str, body_line: int, source: str) -> list[Diagnostic]:
    """check_body line by line, for a text in which may_exceed found something."""
    out: list[Diagnostic] = []
    deep = run = markup = False
    count = 0  # markup in the current paragraph
    for n, line in enumerate(body.split("\n")):
        where = body_line + n
        if not line.strip():
            count = 0
            continue
        if not deep and (line.lstrip(" \t")[:1] in "-*+>" or line.lstrip(" \t")[:1].isdigit()) and nesting(line) > MAX_NESTING:
            deep = True
            out.append(Diagnostic(source, where, f"列表或引用（>）嵌套超过 {MAX_NESTING} 层：材料的层次不会这样深，"
                                                 "可能是缩进或“>”有误；请减少缩进或“>”，把内容改成平级的段落或列表。"))
        if not run:
            m = RUN_RE.search(line)
            if m:
                run = True
                out.append(Diagnostic(source, where, f"连续 {len(m.group(0))} 个“{m.group(0)[0]}”（最多 {MAX_RUN} 个）："
                                                     "这不是材料的内容，可能是误输入；请删去多余的符号。"))
        if not markup:
            count += len(MARKUP_RE.findall(line))
            if count > MAX_MARKUP:
                markup = True
                out.append(Diagnostic(source, where, f"这一段的强调或括号符号（* _ ~ ` [ <）超过 {MAX_MARKUP} 处："
                                                     "可能是误粘贴或乱码；请删去多余的符号，或在段落之间空一行。"))
        if deep and run and markup:
            break
    return out
