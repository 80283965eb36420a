"""Recognise the outline people already write: sections, areas and points → problems, causes, measures.

Works line by line on the body, so that a point written on the same line as its area heading, or
several points inlined in one paragraph (一是……；二是……。), are found as well as one point a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.model import Item, ItemKind, Pos, Section, SectionKind
from .markers import BARE_RE, BRACKET_RE, PROPOSAL_RE
from .numbering import find_inline, halfwidth, match_at

HEADING_RE = re.compile(r"^(#{1,6})\s+")
LIST_RE = re.compile(r"^(\s{0,3}(?:>\s*)?)(?:([-*+])|(\d{1,2})[.)])\s+")
QUOTE_RE = re.compile(r"^\s{0,3}>\s*")
FENCE_RE = re.compile(r"^\s{0,3}([`~])\1\1")  # group 1: the fence character
ATTR_RE = re.compile(r"\s*\{[:#.][^}]*\}\s*$")

# The section vocabulary: which words in a heading (or a lead-in sentence) say what a section holds.
# It is documented for writers in docs/guide/index.md (三、正文结构); keep the two in step.
#
#   other     落实情况 整改情况 上年度 回头看 基本情况 工作要求 会议要求 (a report on last year's measures: never problems);
#             a numbered heading naming none of these kinds (整改收获, 主要成绩, 个人工作反思) is other as well
#   causes    原因 根源 症结                       产生问题的原因分析 / 原因剖析 / 根源剖析
#   measures  措施 举措 对策 打算 下一步 展望 努力方向 改进方向 整改方向 今后…方向 努力的方向 今后努力 今后工作
#             整改措施 / 今后努力的方向 / 下一步的工作打算 / 展望未来，我将：
#   problems  问题 不足 差距 短板 弱项 剖析 对照检查  存在问题 / 查摆的主要问题 / 存在不足 / 个人剖析对照检查情况
# Tried in that order, so 产生问题的原因分析 is causes and 上年度问题整改落实情况 is other.
# Combined headings join two kinds with 与 和 及 以及 、 暨 并 (存在不足与改进方向, 反思存在问题与今后努力方向,
# 存在问题及原因分析): the section starts as its first kind and its sub-headings（（一）存在不足 /
# （二）改进方向） split it; a guess is recorded. 今后努力方向和整改措施 is one kind twice: not combined.
OTHER_WORDS = re.compile(r"落实情况|整改情况|上年度|回头看|基本情况|工作要求|会议要求")
CAUSE_WORDS = re.compile(r"原因|根源|症结")
MEASURE_WORDS = re.compile(
    r"措施|举措|对策|打算|下一步|展望|(?:努力|改进|整改|前进|今后)的?方向|今后(?:的)?(?:努力|工作|打算)|努力方向")
PROBLEM_WORDS = re.compile(r"问题|不足|差距|短板|弱项|剖析|对照检查")
JOINERS = re.compile(r"与|和|及|以及|、|暨|并|,")
# Lead-in sentences that open problems or measures under an unrelated heading (个人工作反思): the sentence
# names what follows and ends with a colon, or the first point follows it in the same paragraph.
#   problems  还存在以下几个方面的不足： / 当然，工作中还存在一些不足，主要如下： / 存在的主要问题有：
#   measures  针对以上不足，今后一是要…… / 今后，我将从以下几个方面努力： / 下一步，我将：
#   causes    究其原因，主要有： / 产生上述这些问题的原因很多，综合起来有以下几个方面：（after the problems, too）
# Never: achievements (成绩 收获 成效 经验 做法), deployments and requirements (要求 部署 安排 任务 会议).
LEAD_NOT = re.compile(r"[“”\"]|写法|例如|格式|成绩|收获|成效|成果|经验|做法|亮点|部署|安排|任务|会议|精神|指出|强调")
LEAD_CAUSES = re.compile(r"原因|根源|症结")
LEAD_MEASURES = re.compile(r"今后|下一步|展望|我将|本人将|努力方向|整改措施|改进措施|(?:针对|对照)(?:以上|上述|这些|存在的).{0,6}(?:问题|不足)")
LEAD_PROBLEMS = re.compile(r"(?:存在|还有|有以下|表现在|表现为|主要是|如下).{0,12}(?:问题|不足|差距|短板|弱项)"
                           r"|(?:问题|不足|差距|短板|弱项).{0,8}(?:如下|以下|主要有|主要是|表现在|表现为)")
# What ends the last point: a closing pledge, the closing formula, an appendix, the signature and the date.
PLEDGE_RE = re.compile(r"^(?:今后|在今后的工作中|今后的工作中|下一步)[,，]?\s*(?:我|本人)(?:将|会|一定|要)")
CLOSING_RE = re.compile(r"^(?:以上(?:对照检查|发言|报告|材料|是我|就是|为)|不妥之处|恳请|敬请|请.{0,8}批评指正|附[:：件]|附\s*$)")
SIGNER_RE = re.compile(r"^(?:发言人|汇报人|报告人|述职人|检查人|对照检查人|署名|姓名)\s*[:：]")
DATE_LINE_RE = re.compile(r"^[（(]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?\s*[）)]?$")
SENTENCE_END = re.compile(r"[。!?;！？；]")
BRACKET_MARKER = re.compile(r"【[^】]*】")
# A marker on a line of its own (【针对问题：1】 under a measure) names items: it is never a section heading.
MARKER_LINE = re.compile(r"【\s*(?:建议)?(?:针对|对应|落实|见)")
SHORT = 30
LABEL_MAX = 25
"""A labelled paragraph's first sentence (对党的创新理论学习意识不够。…) is at most this long."""
LABEL_NOT = re.compile(r"^(?:比如|例如|如|特别是|尤其是|具体|主要表现|表现在|一方面|另一方面|同时|此外)|以下|如下")


def _kind_of(title: str) -> SectionKind | None:
    if OTHER_WORDS.search(title):
        return "other"
    if CAUSE_WORDS.search(title):
        return "causes"
    if MEASURE_WORDS.search(title):
        return "measures"
    if PROBLEM_WORDS.search(title):
        return "problems"
    return None


def classify(title: str) -> SectionKind | None:
    """Which kind of section a heading names; None when it names none (a combined heading: its first kind)."""
    parts = classify_parts(title)
    return parts[0] if parts else _kind_of(title)


def classify_parts(title: str) -> list[SectionKind]:
    """The kinds a heading names, in order: two for a combined heading (存在不足与改进方向), else one or none."""
    whole = _kind_of(title)
    if whole in (None, "other"):
        return [whole] if whole else []
    kinds: list[SectionKind] = []
    for part in JOINERS.split(title):
        kind = _kind_of(part)
        if kind and kind != "other" and kind not in kinds:
            kinds.append(kind)
    return kinds if len(kinds) > 1 else [whole]


def classify_lead(text: str) -> SectionKind | None:
    """What a lead-in sentence announces (还存在以下几个方面的不足：), None for anything else."""
    if LEAD_NOT.search(text):
        return None
    if LEAD_CAUSES.search(text):
        return "causes"
    if LEAD_MEASURES.search(text):
        return "measures"
    if LEAD_PROBLEMS.search(text):
        return "problems"
    return None


INLINE_POINTS = ("zh_shi", "zh_yao", "zh_zhua", "zh_di", "ordinal", "paren_digit", "circled")
ITEM_KIND: dict[str, ItemKind] = {"problems": "problem", "causes": "cause", "measures": "measure"}


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
    norms = halfwidth(body).split("\n")  # one character for one: the lines of the text, normalized at once
    for index, text in enumerate(body.split("\n")):
        m = FENCE_RE.match(text)
        if m:
            fence = None if fence and m.group(1) == fence else (fence or m.group(1))
            continue
        if fence or not text.strip():
            continue
        norm = norms[index]
        heading = 0
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
    guesses: list[tuple[int, str]] = field(default_factory=list)
    """(file line, what was guessed, in Chinese): structure read from wording rather than headings."""


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
    parts: list[SectionKind] = field(default_factory=list)
    """Kinds still to come in a combined section (存在不足与改进方向), split off by its sub-headings."""
    ended: bool = False
    """After the closing formula, an appendix, the signature or the date: nothing more is a point."""
    fresh_area: bool = False
    """The line before was an area heading of its own (（一）理论学习方面): labelled paragraphs may follow."""
    lines: list[Line] = field(default_factory=list)
    index: int = 0
    """The lines being parsed and the one being fed: a labelled paragraph looks ahead in its area."""

    def line_no(self, line: Line) -> int:
        """The file line of a body line."""
        return self.body_line + line.index

    def pos(self, line: Line, col: int) -> Pos:
        return Pos(self.line_no(line), col)


KIND_ZH = {"problems": "问题", "causes": "原因", "measures": "措施"}


def parse_outline(body: str, body_line: int, areas: tuple[str, ...] = (), lines: list[Line] | None = None) -> Outline:
    state = _State(body_line, areas)
    scanned = scan_lines(body) if lines is None else lines
    state.lines = scanned
    tail = len(scanned) - 3  # the last three lines (a negative start is all of them)
    for n, line in enumerate(scanned):
        if not line.heading and _marker_only(line.norm[line.content:]):
            # Written at the end of the point before it, only a paragraph lower: it neither opens a section
            # nor a point. With no point before it, it stays text and the linker reports it.
            if not state.ended and state.current is not None:
                _append(state, line, line.content, len(line.text.rstrip()))
            continue
        section = _section_heading(line)
        if section is not None:
            _close(state)
            _open_section(state, line, *section)
            continue
        if state.ended:
            continue
        if state.parts and _split_combined(state, line):
            continue
        lead = _lead(state, line)
        if lead is not None:
            kind, rest = lead
            _close(state)
            if state.section is None or state.section.kind != kind:
                _open_section(state, line, kind, line.norm[line.content:rest].strip(" :,"), implied=True)
                state.outline.guesses.append((state.line_no(line), f"原文没有“{KIND_ZH[kind]}”小标题："
                                                                   f"按引导语“{line.text[line.content:rest].strip()}”把其后各条识别为{KIND_ZH[kind]}。"))
            state.style = None
            if rest < len(line.norm.rstrip()):
                _feed(state, line, rest, areas=False)
            continue
        if _pledge_measures(state, line):
            continue
        end = _ender(line, n >= tail)
        if end:
            _close(state)
            state.ended = end == "end"
            continue
        if state.section is None or state.section.kind == "other":
            continue
        state.index = n
        _feed(state, line)
    _close(state)
    return state.outline


def _marker_only(text: str) -> bool:
    """Whether a paragraph (normalized) holds link markers and nothing else: 【针对问题：1】, (对应问题1.2), **【落实措施：2】**."""
    if "【" not in text and "针对" not in text and "对应" not in text:
        return False  # most lines: every marker needs one of these
    rest = text
    for pattern in (PROPOSAL_RE, BRACKET_RE, BARE_RE):
        rest = pattern.sub("", rest)
    return rest != text and not rest.strip(" *_()[]。.,;:、")


def _numbered_below(lines: list[Line], start: int, areas: bool = True) -> bool:
    """Whether a numbered point (一是, 1., （1）…) follows in the same area (or section, with ``areas`` False):
    then the paragraph opening the area is its lead text, and no paragraph of the area is a labelled point."""
    for line in lines[start + 1:]:
        if line.heading or _section_heading(line) is not None:
            return False
        num = match_at(line.norm, line.content)
        if num is not None:
            # The next area's heading ends this area; in a section without areas （一） is a point.
            return num.style not in (("zh_dun", "paren_zh") if areas else ("zh_dun",))
        if find_inline(line.norm, line.content, "zh_shi", None) is not None:
            return True
    return False


def _section_paragraphs(lines: list[Line], start: int) -> list[Line]:
    """The paragraphs from ``start`` to the end of the section: before the next heading or what closes the material."""
    out: list[Line] = []
    for n in range(start, len(lines)):
        line = lines[n]
        if n > start and (line.heading or _section_heading(line) is not None
                          or _ender(line, n >= len(lines) - 3) is not None):
            break
        out.append(line)
    return out


def _unnumbered_points(state: _State, line: Line, pos: int) -> bool:
    """A causes or measures section written without numbers (its heading on a line of its own): one paragraph of
    causes is one cause (纪律意识不强，对制度的严肃性认识不足。); paragraphs that all open with a label
    sentence (加强理论学习。每天学习不少于半小时。) are one point each."""
    assert state.section is not None
    if state.section.kind not in ("causes", "measures") or state.section.implied or state.style is not None:
        return False
    if pos != line.content or _numbered_below(state.lines, state.index, areas=False):
        return False
    paragraphs = [p for p in _section_paragraphs(state.lines, state.index) if not _marker_only(p.norm[p.content:])]
    if any(find_inline(p.norm, p.content, style, None) is not None or match_at(p.norm, p.content) is not None
           for p in paragraphs for style in INLINE_POINTS):
        return False
    if len(paragraphs) == 1 and state.section.kind == "causes":
        return not line.norm.rstrip(" *_").endswith(":")
    return len(paragraphs) > 1 and all(_opens_with_label(p.norm, p.content) for p in paragraphs)


def _ender(line: Line, at_tail: bool) -> str | None:
    """"end" for the closing formula, an appendix, the signature or the date; "pledge" for 今后，我将……."""
    text = line.norm[line.content:].strip(" *_")
    if match_at(line.norm, line.content) is not None or line.heading:
        return None
    if CLOSING_RE.match(text) or SIGNER_RE.match(text) or DATE_LINE_RE.match(text):
        return "end"
    if at_tail and re.fullmatch(r"[\u4e00-\u9fff()·\s]{2,20}", text):
        return "end"  # the signature: a name, a branch and a name
    if PLEDGE_RE.match(text):
        return "pledge"
    return None


def _pledge_measures(state: _State, line: Line) -> bool:
    """今后，我将……；……；…… where measures are announced and none is written yet (a combined heading such as
    反思存在问题与今后努力方向 with no sub-headings, or a measures section): each clause is a measure,
    not the closing pledge after the last one."""
    section = state.section
    if section is None or line.heading:
        return False
    waiting = "measures" in state.parts or (section.kind == "measures" and not any(
        i.kind == "measure" and i.start.line >= section.start.line for i in state.outline.items) and state.current is None)
    if not waiting:
        return False
    text = line.norm[line.content:]
    m = PLEDGE_RE.match(text.lstrip(" *_"))
    if m is None or any(find_inline(line.norm, line.content, style, None) for style in INLINE_POINTS):
        return False
    first = line.content + len(text) - len(text.lstrip(" *_")) + m.end()
    while first < len(line.norm) and line.norm[first] in " ,":
        first += 1
    if ";" not in BRACKET_MARKER.sub("", line.norm[first:]):
        return False
    _close(state)
    if section.kind != "measures":
        title = line.norm[line.content:first].strip(" ,")
        _open_section(state, line, "measures", title, implied=True)
        state.outline.guesses.append((state.line_no(line), f"“{section.title}”下没有措施小标题：把“{line.text[line.content:first].strip(' ，,')}”后用分号隔开的各句识别为措施。"))
    _clause_points(state, line, first)
    state.style = "clause"
    return True


def _clause_points(state: _State, line: Line, first: int) -> None:
    """A point at ``first`` and after each semicolon (not before a mere 【…】 marker): 学习；改进作风；……"""
    starts = [first] + [k + 1 for k in range(first, len(line.norm))
                        if line.norm[k] == ";" and BRACKET_MARKER.sub("", line.norm[k + 1:]).strip(" *_。.")]
    for a, b in zip(starts, [*starts[1:], len(line.text.rstrip())]):
        while a < b and line.norm[a] == " ":
            a += 1
        _open(state, line, a, a)
        _append(state, line, a, b)


def _clause_open(state: _State) -> bool:
    """Whether the last clause ended in a semicolon (a marker paragraph after it aside): the next paragraph is the
    next clause."""
    for text in reversed(state.texts):
        norm = halfwidth(text)
        if not _marker_only(norm):
            return BRACKET_MARKER.sub("", norm).rstrip(" *_").endswith(";")
    return False


def _lead(state: _State, line: Line) -> tuple[SectionKind, int] | None:
    """A lead-in sentence announcing problems, causes or measures: (kind, column where what follows starts)."""
    kind_here = state.section.kind if state.section is not None else None
    implied = state.section is not None and state.section.implied
    if kind_here not in (None, "other", "problems", "causes") and not implied:
        return None
    norm, pos = line.norm, line.content
    if line.heading or match_at(norm, pos) is not None:
        return None
    end = None
    for style in ("zh_shi", "zh_yao", "zh_zhua", "zh_di", "ordinal", "paren_digit", "circled"):
        first = find_inline(norm, pos, style, None)
        if first is not None and (end is None or first.start < end):
            end = first.start
    text = norm[pos:end].rstrip() if end is not None else norm[pos:].rstrip(" *_")
    if end is None and not text.endswith(":"):
        return None
    sentence = re.split(r"[。;!?]", text.rstrip(":"))[-1]
    sentence = re.split(r"但是?|然而|不过|当然", sentence)[-1]  # ……取得了一定成绩，但还存在以下不足：
    kind = classify_lead(sentence)
    # Under a problems or causes heading only what comes after them is announced: measures, or the causes
    # after the problems (产生上述这些问题的原因很多，综合起来有以下几个方面：).
    onward = kind == "measures" or (kind_here, kind) == ("problems", "causes")
    if kind is None or (kind_here in ("problems", "causes") and not implied and not onward):
        return None
    if kind == kind_here and not implied:
        return None
    return kind, pos + len(text) if end is None else end


def _split_combined(state: _State, line: Line) -> bool:
    """A sub-heading of a combined section (（二）改进方向): opens the part it names."""
    assert state.section is not None
    text = ATTR_RE.sub("", line.norm[line.content:]).strip(" *_")
    num = match_at(text, 0, ("paren_zh", "digit_dot", "zh_di", "paren_digit"))
    if num is None and not line.heading:
        return False
    title = text[num.end if num else 0:].rstrip("。:.").strip()
    if len(title) > 16 or "。" in title:
        return False
    kind = classify(title)
    if kind == state.section.kind and not state.section.areas and state.current is None:
        return True  # （一）存在不足: the part the section already is
    if kind not in state.parts:
        return False
    _close(state)
    parts = state.parts[state.parts.index(kind) + 1:]
    _open_section(state, line, kind, title, implied=True)
    state.parts = parts
    state.outline.guesses.append((state.line_no(line), f"“{title}”是合并小标题下的一部分：其下各条识别为{KIND_ZH[kind]}。"))
    return True


def _section_heading(line: Line) -> tuple[SectionKind, str] | None:
    text = ATTR_RE.sub("", line.norm[line.content:]).strip(" *_")
    numbered = match_at(text, 0, ("zh_dun",))
    title = text[numbered.end:] if numbered else text
    title = title.rstrip("。:.").strip()
    # classify() runs last: most lines are long sentences that the cheap tests rule out (speeds up parsing).
    if line.heading:
        if match_at(text, 0, ("paren_zh", "zh_shi", "zh_di", "ordinal", "paren_digit", "circled", "digit_dot")):
            return None  # a numbered point or area written as a heading
        kind = classify(title)
        if line.heading <= 2 or numbered:
            return (kind or "other", title)
        return (kind, title) if kind else None
    if numbered:
        return (classify(title) or "other", title) if len(title) <= SHORT and "。" not in title.rstrip("。") else None
    if len(title) > 12 or "。" in title:
        return None
    kind = classify(title)
    if (kind and kind != "other" and not match_at(text, 0)
            and not title.startswith(("针对", "对照")) and ("," not in title or text.endswith(":"))
            and not MARKER_LINE.match(text)):
        return (kind, title)  # a short plain line such as “存在问题：” or “展望未来，我将：”, not a lead cut short
    return None


def _open_section(state: _State, line: Line, kind: SectionKind, title: str, implied: bool = False) -> None:
    state.counters["other"] += kind == "other"
    anchor = f"sec-{kind}" if kind != "other" else f"sec-other-{state.counters['other']}"
    if any(s.anchor == anchor for s in state.outline.sections):
        anchor = f"{anchor}-{len(state.outline.sections) + 1}"
    state.section = Section(kind, title, state.pos(line, line.anchor), anchor, line.heading, implied=implied)
    state.outline.sections.append(state.section)
    state.area, state.style, state.count = None, None, 0
    state.fresh_area = not implied  # a causes or measures section may be written without numbers
    state.ended = False
    state.parts = []
    if not implied:
        parts = classify_parts(title)
        if len(parts) > 1 and parts[0] == kind:
            state.parts = parts[1:]
            state.outline.guesses.append((state.line_no(line), f"“{title}”合并了{'和'.join(KIND_ZH[k] for k in parts)}："
                                          f"先按{KIND_ZH[kind]}识别，遇到其下的小标题再分开。"))


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


def _opens_with_label(norm: str, pos: int) -> bool:
    """Whether a paragraph opens with a label sentence (对党的创新理论学习意识不够。…): short, then more text."""
    m = re.search(r"[。!?;]", norm[pos:pos + LABEL_MAX + 1])
    return m is not None and m.start() >= 4 and not LABEL_NOT.search(norm[pos:pos + m.start()])


def _feed(state: _State, line: Line, pos: int | None = None, areas: bool = True) -> None:
    assert state.section is not None
    pos = line.content if pos is None else pos
    if state.section.kind == "problems" and areas:
        area = _area(state, line)
        if area is not None:
            _close(state)
            state.counters["area"] += 1
            label = _area_label(state, area[0])
            state.area = (state.counters["area"], label)
            state.section.areas.append((label, state.pos(line, line.anchor), line.heading))
            state.style, state.count = None, 0
            pos = area[1]
            # What follows the area's heading, on its own line or on the heading's line
            # ((一）组织生活方面。主题党日活动有时流于形式。), may be a labelled point.
            state.fresh_area = True
            if pos >= len(line.norm.rstrip()):
                return
    fresh, state.fresh_area = state.fresh_area, False
    if state.style == "clause":
        # 今后，我将……； on a paragraph of its own, its next clause on the next (as archive import writes them).
        if state.current is not None and _clause_open(state) and match_at(line.norm, pos) is None:
            _clause_points(state, line, pos)
        else:
            _append(state, line, pos, len(line.text.rstrip()))
        return
    if state.style == "label":
        # Labelled paragraphs: each paragraph that opens with a short label sentence is a point.
        if match_at(line.norm, pos) is None and _opens_with_label(line.norm, pos):
            _open(state, line, line.anchor if pos == line.content else pos, pos)
        _append(state, line, pos, len(line.text.rstrip()))
        return
    styles = None if state.style is None else (state.style,)
    num = match_at(line.norm, pos, styles)
    if num is not None and num.style == "zh_dun" and state.style is None and state.section.kind == "problems":
        num = None
    if num is not None and state.style is None and num.style in ("zh_yao", "zh_zhua") and num.number != 1:
        num = None  # 三要素…: a verb list starts at 一
    if num is not None:
        _open(state, line, line.anchor if pos == line.content else pos, num.end)
        state.style = num.style
        pos = num.end
    elif state.current is None:
        for style in (state.style,) if state.style else ("zh_shi", "zh_yao", "zh_zhua", "zh_di", "ordinal", "paren_digit", "circled"):
            first = find_inline(line.norm, pos, style, state.count + 1 if state.style else None)
            if first is not None:
                state.style = style
                _open(state, line, first.start, first.end)
                pos = first.end
                break
        else:
            if ((fresh and state.section.kind == "problems" and state.area is not None and state.style is None
                    and _opens_with_label(line.norm, pos) and not _numbered_below(state.lines, state.index))
                    or (fresh and _unnumbered_points(state, line, pos))):
                state.style = "label"
                _open(state, line, line.anchor if pos == line.content else pos, pos)
                _append(state, line, pos, len(line.text.rstrip()))
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
                         area_index=state.area[0] if state.area else None)
    state.texts = []
    state.title_from = title_col


def _append(state: _State, line: Line, start: int, end: int) -> None:
    item = state.current
    if item is None:
        return
    if item.start.line == state.line_no(line) and not state.texts:
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
