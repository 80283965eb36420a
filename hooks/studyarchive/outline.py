"""Recognise the outline people already write: sections, areas and points → problems, causes, measures.

Works line by line on the body, so that a point written on the same line as its area heading, or
several points inlined in one paragraph (一是……；二是……。), are found as well as one point a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Item, Pos, Section, SectionKind
from .numbering import find_inline, match_at, normalize

HEADING_RE = re.compile(r"^(#{1,6})\s+")
LIST_RE = re.compile(r"^(\s{0,3}(?:>\s*)?)(?:([-*+])|(\d{1,2})[.)])\s+")
QUOTE_RE = re.compile(r"^\s{0,3}>\s*")
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
ATTR_RE = re.compile(r"\s*\{[:#.][^}]*\}\s*$")

OTHER_WORDS = re.compile(r"落实情况|整改情况|上年度|回头看|基本情况")
CAUSE_WORDS = re.compile(r"原因|根源")
MEASURE_WORDS = re.compile(r"整改措施|努力方向|下一步|打算|改进措施|整改方向|措施")
PROBLEM_WORDS = re.compile(r"问题|不足|差距")
SENTENCE_END = re.compile(r"[。!?;！？；]")
BRACKET_MARKER = re.compile(r"【[^】]*】")
SHORT = 30


def classify(title: str) -> SectionKind | None:
    """Which kind of section a heading names; None when it names none."""
    if OTHER_WORDS.search(title):
        return "other"
    if CAUSE_WORDS.search(title):
        return "causes"
    if MEASURE_WORDS.search(title):
        return "measures"
    if PROBLEM_WORDS.search(title):
        return "problems"
    return None


ITEM_KIND = {"problems": "problem", "causes": "cause", "measures": "measure"}


@dataclass(slots=True)
class Line:
    index: int
    text: str
    norm: str
    heading: int
    content: int
    """Column where the text begins, after heading hashes, list or quote prefix and emphasis."""
    anchor: int
    """Column where an inline anchor may be placed without breaking Markdown syntax."""


def scan_lines(body: str) -> list[Line]:
    """Body lines outside code fences, with their Markdown prefixes measured."""
    lines: list[Line] = []
    fence: str | None = None
    norms = normalize(body).split("\n")  # one character for one: the lines of the text, normalized at once
    for index, text in enumerate(body.split("\n")):
        m = FENCE_RE.match(text)
        if m:
            fence = None if fence and m.group(1)[0] == fence else (fence or m.group(1)[0])
            continue
        if fence or not text.strip():
            continue
        norm = norms[index]
        heading, col, anchor = 0, 0, 0
        h = HEADING_RE.match(norm)
        lm = None if h else LIST_RE.match(norm)
        if h:
            heading, col = len(h.group(1)), h.end()
            anchor = col
        elif lm:
            # A bullet's text may carry its own numbering; an ordered list's number is the numbering.
            col = lm.end() if lm.group(2) else len(lm.group(1))
            anchor = lm.end()
        else:
            q = QUOTE_RE.match(norm)
            col = anchor = q.end() if q else len(norm) - len(norm.lstrip())
        content = col
        while content < len(norm) and norm[content] in "*_ ":
            content += 1
        lines.append(Line(index, text, norm, heading, content, anchor))
    return lines


@dataclass
class Outline:
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    guesses: list[tuple[int, str]] = field(default_factory=list)  # (file line, kind) where the recogniser guessed: "lead-in", "combined-heading"


@dataclass
class _State:
    body_line: int
    areas: tuple[str, ...]
    outline: Outline = field(default_factory=Outline)
    section: Section | None = None
    area: tuple[int, str] | None = None
    style: str | None = None
    count: int = 0
    current: Item | None = None
    texts: list[str] = field(default_factory=list)
    title_from: int = 0
    counters: dict[str, int] = field(default_factory=lambda: {"area": 0, "cause": 0, "measure": 0, "other": 0})

    def pos(self, line: Line, col: int) -> Pos:
        return Pos(self.body_line + line.index, col)


def parse_outline(body: str, body_line: int, areas: tuple[str, ...] = (), lines: list[Line] | None = None) -> Outline:
    state = _State(body_line, areas)
    for line in scan_lines(body) if lines is None else lines:
        section = _section_heading(line)
        if section is not None:
            _close(state)
            _open_section(state, line, *section)
            continue
        if state.section is None or state.section.kind == "other":
            continue
        _feed(state, line)
    _close(state)
    return state.outline


def _section_heading(line: Line) -> tuple[SectionKind, str] | None:
    text = ATTR_RE.sub("", line.norm[line.content:]).strip(" *_")
    numbered = match_at(text, 0, ("zh_dun",))
    title = text[numbered.end:] if numbered else text
    title = title.rstrip("。:.").strip()
    kind = classify(title)
    if line.heading:
        if match_at(text, 0, ("paren_zh", "zh_shi", "zh_di", "ordinal", "paren_digit", "circled", "digit_dot")):
            return None  # a numbered point or area written as a heading
        if line.heading <= 2 or numbered:
            return (kind or "other", title)
        return (kind, title) if kind else None
    if numbered and len(title) <= SHORT and "。" not in title.rstrip("。"):
        return (kind or "other", title)
    if not numbered and kind and kind != "other" and len(title) <= 12 and not match_at(text, 0):
        return (kind, title)  # a short plain line such as “存在问题：”
    return None


def _open_section(state: _State, line: Line, kind: SectionKind, title: str) -> None:
    state.counters["other"] += kind == "other"
    anchor = f"sec-{kind}" if kind != "other" else f"sec-other-{state.counters['other']}"
    if any(s.anchor == anchor for s in state.outline.sections):
        anchor = f"{anchor}-{len(state.outline.sections) + 1}"
    state.section = Section(kind, title, state.pos(line, line.anchor), anchor, line.heading)
    state.outline.sections.append(state.section)
    state.area, state.style, state.count = None, None, 0


def _area(state: _State, line: Line) -> tuple[str, int] | None:
    """An area heading in a problems section: (label, column where the rest of the line starts)."""
    norm, pos = line.norm, line.content
    if line.heading:
        if match_at(norm, pos, ("zh_shi", "zh_di", "ordinal", "paren_digit", "circled", "digit_dot")):
            return None
        num = match_at(norm, pos, ("paren_zh",))
        return (norm[num.end if num else pos:].strip(" *_。:"), len(norm))
    if norm.startswith("【", pos):
        close = norm.find("】", pos)
        if 0 < close - pos <= 24 and not norm.startswith(("【针对", "【对应", "【落实", "【见"), pos):
            return (norm[pos + 1:close].strip(), close + 1)
    num = match_at(norm, pos, ("paren_zh",))
    start = num.end if num else pos
    stop = re.search(r"[。.:;]", norm[start:])
    label_end = start + stop.start() if stop else len(norm.rstrip())
    label = norm[start:label_end].strip(" *_")
    rest = label_end + 1 if stop else label_end
    while rest < len(norm) and norm[rest] in " *_":
        rest += 1
    after = norm[rest:].strip()
    if num and len(label) <= 24 and (not after or "方面" in label or match_at(norm, rest)):
        return (label, rest)
    if not num and label.endswith("方面") and len(label) <= 24 and not after and not match_at(norm, pos):
        return (label, rest)
    return None


def _area_label(state: _State, label: str) -> str:
    label = label.strip(" *_【】").removesuffix("方面").strip()
    for known in state.areas:
        if known in label or (label and label in known):
            return known
    return label


def _feed(state: _State, line: Line) -> None:
    assert state.section is not None
    pos = line.content
    if state.section.kind == "problems":
        area = _area(state, line)
        if area is not None:
            _close(state)
            state.counters["area"] += 1
            label = _area_label(state, area[0])
            state.area = (state.counters["area"], label)
            state.section.areas.append((label, state.pos(line, line.anchor), line.heading))
            state.style, state.count = None, 0
            pos = area[1]
            if pos >= len(line.norm.rstrip()):
                return
    styles = None if state.style is None else (state.style,)
    num = match_at(line.norm, pos, styles)
    if num is not None and num.style == "zh_dun" and state.style is None and state.section.kind == "problems":
        num = None
    if num is not None:
        _open(state, line, line.anchor if pos == line.content else pos, num.end)
        state.style = num.style
        pos = num.end
    elif state.current is None:
        for style in (state.style,) if state.style else ("zh_shi", "zh_di", "ordinal", "paren_digit", "circled"):
            first = find_inline(line.norm, pos, style, state.count + 1 if state.style else None)
            if first is not None:
                state.style = style
                _open(state, line, first.start, first.end)
                pos = first.end
                break
        else:
            return  # lead text of the section or area
    # Further points inlined in the same paragraph.
    while state.style is not None:
        nxt = find_inline(line.norm, pos, state.style, state.count + 1)
        if nxt is None:
            break
        _append(state, line, pos, nxt.start)
        _open(state, line, nxt.start, nxt.end)
        pos = nxt.end
    _append(state, line, pos, len(line.text.rstrip()))


def _open(state: _State, line: Line, col: int, title_col: int) -> None:
    """Start a point at ``col``; its title starts at ``title_col``."""
    assert state.section is not None
    _close(state)
    state.count += 1
    kind = ITEM_KIND[state.section.kind]
    if kind == "problem":
        item_id = f"{state.area[0]}.{state.count}" if state.area else str(state.count)
    else:
        state.counters[kind] += 1
        item_id = str(state.counters[kind])
    start = state.pos(line, col)
    state.current = Item(kind, item_id, "", "", start, start, area=state.area[1] if state.area else None,
                         area_index=state.area[0] if state.area else None)  # type: ignore[arg-type]
    state.texts = []
    state.title_from = title_col


def _append(state: _State, line: Line, start: int, end: int) -> None:
    item = state.current
    if item is None:
        return
    if item.start.line == state.pos(line, 0).line and not state.texts:
        start = max(start, state.title_from)
    piece = line.text[start:end].rstrip()
    if piece.strip():
        state.texts.append(piece.strip())
        item.end = state.pos(line, start + len(piece))


def _close(state: _State) -> None:
    item = state.current
    if item is None:
        return
    item.text = "\n".join(state.texts)
    item.title = title_of(item.text)
    state.outline.items.append(item)
    state.current = None


def title_of(text: str) -> str:
    """A point's first sentence, without markers or emphasis, at most 40 characters."""
    plain = BRACKET_MARKER.sub("", text).replace("*", "").replace("_", "").strip(" ，,:：、")
    plain = plain.split("\n", 1)[0]
    m = SENTENCE_END.search(plain)
    title = plain[: m.start()] if m else plain
    title = title.split("比如", 1)[0].rstrip("，,：: ")
    return title if len(title) <= 40 else title[:39] + "…"
