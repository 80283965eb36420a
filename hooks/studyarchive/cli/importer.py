"""`archive import`: turn a member's Word or text file into a material in the core's conventions.

Reading and cleaning are in textread.py, the outline is the core's own (outline.parse_outline):
this module only fills the front matter from what the text says, puts each section, area and
point on its own line, writes the markers the text names and proposes the others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.diagnostics import echo
from ..core.model import Item
from ..core.naming import file_slug
from ..core.vocab import Vocabulary
from ..link.proposals import MAX_PAIRS, by_shared_characters, propose, shared_note
from ..parse import frontmatter
from ..parse.markers import find_markers
from ..parse.numbering import ZH_NUMERAL
from ..parse.outline import parse_outline, scan_lines
from .scaffold import front_matter, material_path
from .textread import Document, date_of, month_of, read_document

COMPOUND_SURNAMES = "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 南宫 独孤 轩辕".split()
NAME = rf"(?:{'|'.join(COMPOUND_SURNAMES)})[\u4e00-\u9fff]{{1,2}}|[\u4e00-\u9fff]{{2,3}}"
POST_WORDS = (
    "党支部书记 党支部副书记 支部书记 支部副书记 副书记 书记 支部委员 组织委员 宣传委员 纪检委员 青年委员 统战委员 委员 "
    "党小组长 小组长 副馆长 馆长 副主任 主任 副科长 科长 副校长 校长 副院长 院长 副局长 局长 副所长 所长 "
    "副处长 处长 副部长 部长 副经理 总经理 经理 副主席 主席 副站长 站长 副队长 队长 党员 同志"
).split()
"""Posts written in front of a signature's name (副馆长李明, 党支部书记王芳, 支部委员 赵敏): dropped, the name kept.
CONTRIBUTING.md (导入时做了什么) lists them; longest first, so that 副馆长 is never read as 副 + 馆长…"""
POST_RE = "|".join(sorted(POST_WORDS, key=len, reverse=True))
SIGNATURE_RE = re.compile(
    rf"^(?:(?:发言人|汇报人|报告人|检查人|对照检查人|党员|姓名|署名|作者|撰写人)\s*[：:]\s*)?"
    rf"(?:\S{{0,20}}?(?:党支部|支部|党委|党总支|单位)\s*)?(?:(?:{POST_RE})\s*)?(?P<name>{NAME})(?:同志)?$"
)
NOT_NAMES = re.compile(r"问题|措施|原因|方面|材料|情况|学习|检查|支部|党委|发言|体会|心得|附件|说明|目录|正文|落款|签名|整改|批评|前言|引言|结语|总结|概述|标题|同志们")
TITLE_NAME_RE = re.compile(rf"^(?P<name>{NAME})同志|——(?P<name2>{NAME})在")
DATE_LABEL_RE = re.compile(r"^(?:日期|时间|落款日期)\s*[：:]\s*")
LEDGER_WORDS = r"[（(]?(?:责任人|责任单位|责任部门|责任领导|牵头领导|牵头单位|配合单位|完成时限|整改时限|完成时间|整改期限|时限)\s*[：:]"
LEDGER_RE = re.compile("^" + LEDGER_WORDS)
LEDGER_INLINE_RE = re.compile(LEDGER_WORDS)
YEAR_RE = re.compile(r"(\d{4})\s*年")

ZH_NUM = ZH_NUMERAL
NUMS = rf"(?:{ZH_NUM}|\d{{1,2}})(?:\s*[、,，和及与]\s*第?(?:{ZH_NUM}|\d{{1,2}}))*"
# The problems a measure names in words: 针对问题一, 对应问题（二）, 针对以上第二个问题, 针对第一、二个问题.
# (对应问题1.2 with digits is the core's own marker form and is left as written.)
ZH_REF_RE = re.compile(
    rf"(?:针对|对应)(?:以上|上述|前述|前面)?(?:第(?P<a>{NUMS})(?:个|条|项|方面)?的?问题"
    rf"|问题\s*[（(]?(?P<b>{ZH_NUM}(?:\s*[、和及与]\s*{ZH_NUM})*)(?![是个些样直定起下旦般切向致道同])[）)]?)"
)


FIELD_LABEL = {"title": "标题", "doc_type": "文档类型", "member": "党员", "campaign": "批次", "meeting_type": "会议类型", "date": "日期"}


@dataclass
class Meta:
    """Front matter found for the new material; None where the text does not say."""

    title: str | None = None
    doc_type: str | None = None
    member: str | None = None
    campaign: str | None = None
    meeting_type: str | None = None
    date: dt.date | None = None
    filled: list[str] = field(default_factory=list)
    """What was read from the text (for the summary: 请核对)."""
    signature: list[str] = field(default_factory=list)
    """Signature and date lines taken out of the body, kept as written in a front matter comment."""
    month_only: str | None = None
    """The date line as written when it names only a year and a month (2026年2月): the date is its 1st."""


@dataclass
class Block:
    lines: list[str]
    kind: str = "text"
    """section / area / text"""
    item: Item | None = None
    section: str | None = None
    """Kind of the section the block is in (problems, causes, measures, other) or None before any."""


@dataclass
class Converted:
    text: str
    meta: Meta
    todo: list[str]
    counts: dict[str, int]
    written: list[tuple[int, str, list[str]]]
    """(line, measure id, problem ids): markers written from what the text says."""
    found: list[tuple[int, str]]
    """(line, marker as written) already in the text."""
    proposed: list[tuple[int, str, list[str]]]
    unanswered: list[str]
    unplaced: list[tuple[int, str]]
    notes: list[str]
    guesses: list[tuple[int, str]] = field(default_factory=list)
    """(line, explanation in Chinese): links proposed by shared characters, for the outline's 推测 lines."""


def guess_meta(lines: list[str], vocab: Vocabulary, has_front: bool, title: str | None = None,
               styled_title: str | None = None) -> tuple[Meta, list[str]]:
    """Title, member, date, doc type and campaign from the text; returns the body lines left.

    With a ``title`` given (--title), the first line is not taken as the title: it stays in the body.
    ``styled_title``: the paragraphs of a Word file in the style Title (标题), not in ``lines``."""
    meta = Meta(title=title)
    rest = list(lines)
    if styled_title and not has_front:
        if title is None:
            meta.title = styled_title
            meta.filled.append("标题")
        else:
            rest.insert(0, styled_title)  # --title wins; the file's own title stays in the body
    elif not has_front and title is None and rest and _is_title(rest[0]):
        meta.title = _unheading(rest.pop(0))
        meta.filled.append("标题")
        # A title over two or three lines (关于2024年度组织生活会 / 个人对照检查材料): joined when only
        # the joined lines name a doc type.
        if not _doc_type(meta.title, vocab):
            for k in (1, 2):
                parts = [_unheading(p) for p in rest[:k]]
                if len(parts) == k and all(len(p) <= 40 and _is_title(p) for p in parts) \
                        and _doc_type(meta.title + "".join(parts), vocab):
                    meta.title += "".join(parts)
                    del rest[:k]
                    break
        if rest and rest[0].startswith("—"):
            meta.title += rest.pop(0)
    # Signature and date lines: just under the title or at the very end.
    for index in [0, 1, len(rest) - 3, len(rest) - 2, len(rest) - 1]:
        if not 0 <= index < len(rest) or rest[index] is None:
            continue
        line = rest[index]
        when = date_of(DATE_LABEL_RE.sub("", line))
        month = None if when else month_of(DATE_LABEL_RE.sub("", line))
        if (when or month) and meta.date is None:
            try:
                meta.date = dt.date(*when) if when else dt.date(*month, 1) if month else None
            except ValueError:
                continue
            meta.month_only = line if month else None
            meta.signature.append(line)
            rest[index] = None  # type: ignore[call-overload]
            continue
        m = SIGNATURE_RE.match(line)
        if m and meta.member is None and _is_name(m.group("name")) and (index > 1 or len(line) <= 12):
            meta.member = m.group("name")
            meta.signature.append(line)
            rest[index] = None  # type: ignore[call-overload]
    rest = [r for r in rest if r is not None]
    if meta.date:
        meta.filled.append("日期")
    if meta.member is None and meta.title:
        m = TITLE_NAME_RE.search(meta.title)
        if m and _is_name(m.group("name") or m.group("name2")):
            meta.member = m.group("name") or m.group("name2")
    if meta.member:
        meta.filled.append("党员")
    where = meta.title or ""
    meta.doc_type = _doc_type(where, vocab)
    # The campaign is often named only in the lead paragraph (按照党纪学习教育的要求……).
    meta.campaign = _campaign(where, vocab) or _longest_label(" ".join(rest[:2]), vocab, "campaigns")
    if vocab.is_meeting(meta.doc_type):
        meta.meeting_type = _longest_label(where, vocab, "meeting_types")
    for value, label in ((meta.doc_type, "文档类型"), (meta.campaign, "批次"), (meta.meeting_type, "会议类型")):
        if value:
            meta.filled.append(label)
    return meta, rest


def _is_name(name: str) -> bool:
    """Not a word of the text (问题, 同志们) and not a post on its own or with one character (主任, 校长张, 王主任)."""
    return not NOT_NAMES.search(name) and not any(name.startswith(p) or name.endswith(p) for p in POST_WORDS)


def _is_title(line: str) -> bool:
    from ..parse.numbering import halfwidth, match_at

    line = _unheading(line)
    return bool(line) and len(line) <= 80 and line[-1] not in "。！？；;" and not match_at(halfwidth(line), 0) \
        and not date_of(line) and not month_of(line)


def _unheading(line: str) -> str:
    """A title written as a Markdown heading (# 标题) without its #."""
    return re.sub(r"^#{1,6}\s+", "", line).strip()


def _longest_label(text: str, vocab: Vocabulary, table: str) -> str | None:
    entries = sorted(getattr(vocab, table).values(), key=lambda e: -len(e.label))
    return next((e.id for e in entries if e.label in text), None)


def _doc_type(title: str, vocab: Vocabulary) -> str | None:
    found = _longest_label(title, vocab, "doc_types")
    if found:
        return found
    # The vocabulary's title words (vocab.Entry.words). A Chinese title ends with what the document is (……的发言提纲,
    # ……对照检查材料), so the word that ends last wins, then the longest (班子对照检查 over 对照检查).
    hits = [(title.rfind(word) + len(word), len(word), -n, e.id)
            for n, e in enumerate(vocab.doc_types.values()) for word in e.words if word in title]
    return max(hits)[3] if hits else None


def _campaign(title: str, vocab: Vocabulary) -> str | None:
    found = _longest_label(title, vocab, "campaigns")
    if found:
        return found
    # “2024年度党纪学习教育……”: the label without its year, and the year (when written) agrees.
    years = {int(y) for y in YEAR_RE.findall(title)}
    hits = []
    for entry in vocab.campaigns.values():
        core = re.sub(r"^\d{4}\s*年度?", "", entry.label)
        if len(core) >= 4 and core in title and (not years or entry.year in years):
            hits.append(entry.id)
    return hits[0] if len(hits) == 1 else None


def todo_for(meta: Meta, vocab: Vocabulary) -> list[str]:
    """The required front matter the text did not give, as 待补充 comments."""
    kind = vocab.doc_types.get(meta.doc_type or "")
    todo = []
    if not meta.title:
        todo.append("待补充（TODO）：标题，写成“title: 2024年度组织生活会个人对照检查材料”。")
    if not meta.doc_type:
        todo.append(f"待补充（TODO）：文档类型，写成“doc_type: 个人对照检查材料”；可选：{'、'.join(e.label for e in vocab.doc_types.values())}。")
    if not meta.member and (kind is None or kind.personal):
        todo.append("待补充（TODO）：党员姓名，写成“member: 张三”（原文中没有找到署名）。")
    if not meta.campaign and (kind is None or kind.campaign):
        todo.append(f"待补充（TODO）：批次，写成“campaign: 批次的 id”；可选：{'、'.join(f'{e.id}（{e.label}）' for e in vocab.campaigns.values())}。")
    if not meta.meeting_type and vocab.is_meeting(meta.doc_type):
        todo.append(f"待补充（TODO）：会议类型，写成“meeting_type: 支委会”；可选：{'、'.join(e.label for e in vocab.meeting_types.values())}。")
    if not meta.date:
        todo.append("待补充（TODO）：日期，写成“date: 2024-07-18”（原文中没有找到日期）。")
    elif meta.month_only:
        todo.append(f"待补充（TODO）：日期，原文“{meta.month_only}”只写了年月，暂记为该月 1 日（{meta.date.isoformat()}）；"
                    "请核对具体是哪一天，改正 date 一行。")
    return todo


def to_blocks(lines: list[str], areas: tuple[str, ...]) -> tuple[list[Block], list[Item]]:
    """Each section, area and point on a line of its own, found by the core's outline parser."""
    body = "\n".join(lines)
    outline = parse_outline(body, 1, areas)
    scanned = {line.index: line for line in scan_lines(body)}
    # A section found from a lead-in sentence or a combined heading's sub-heading stays a paragraph as written.
    section_at = {s.start.line - 1: s for s in outline.sections if not s.implied}
    implied_at = {s.start.line - 1: s.kind for s in outline.sections if s.implied}
    area_at = {pos.line - 1 for s in outline.sections for _, pos, _ in s.areas}
    # Items by the line they start on, and each line's owner, found once: not a pass over all items
    # for every line (that made the import's time grow with the square of the text).
    starts: dict[int, list[Item]] = {}
    for starting in outline.items:
        starts.setdefault(starting.start.line, []).append(starting)
    owners = _Owners(outline.items)
    blocks: list[Block] = []
    section_kind: str | None = None
    for index, text in enumerate(lines):
        line = scanned.get(index)
        if line is None:
            continue
        if index in section_at:
            section = section_at[index]
            section_kind = section.kind
            blocks.append(Block([text if line.heading else "## " + _heading(text[line.content:])], "section", section=section_kind))
            continue
        section_kind = implied_at.get(index, section_kind)
        cuts = sorted({i.start.col for i in starts.get(index + 1, ()) if i.start.col > line.content})
        owner_col: int | None = None
        if index in implied_at and cuts and not line.norm[:cuts[0]].rstrip().endswith(":"):
            owner_col, cuts = cuts[0], cuts[1:]  # 针对以上不足，今后一是要……: the lead-in stays with its first point
        start = 0  # list markers and emphasis stay as written
        if index in area_at:
            end = cuts[0] if cuts else _area_end(line.norm, line.content)
            head = text if line.heading else "### " + _heading(text[line.content:end])
            if not line.heading and text[line.content:end].rstrip()[-1:] in "：:" and text[end:].strip():
                head += text[line.content:end].rstrip()[-1]  # （一）思想建设方面：理论学习…: the colon stays
            blocks.append(Block([head], "area", section=section_kind))
            start = end
            cuts = [c for c in cuts if c > end]
        for a, b in zip([start, *cuts], [*cuts, len(text)]):
            piece = text[a:b].strip()
            if not piece:
                continue
            item = owners.at(index + 1, owner_col if owner_col is not None and a == start else a)
            if LEDGER_RE.match(piece) and blocks and blocks[-1].item is not None and blocks[-1].item.kind == "measure":
                blocks[-1].lines.append(piece)  # 责任人：…；完成时限：… stays in the measure's paragraph
                continue
            blocks.append(Block([piece], "text", item, section_kind))
    return blocks, outline.items


def _heading(text: str) -> str:
    return text.strip().rstrip("。.：:；; ")


def _area_end(norm: str, content: int) -> int:
    # The area's own words end at its first sentence mark, as the outline reads it (（一）理论学习方面。……).
    m = re.search(r"[。.:;]", norm[content:])
    return content + m.end() if m else len(norm)


class _Owners:
    """The item a position is in. Items come in text order and do not overlap, and positions are asked
    in text order: a cursor that only moves forward, so all the asking is linear."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.next = 0

    def at(self, line: int, col: int) -> Item | None:
        items, here = self.items, (line, col)
        while self.next < len(items) and (items[self.next].end.line, items[self.next].end.col) <= here:
            self.next += 1
        for item in items[self.next:self.next + 2]:  # an empty item may end where the next starts
            if (item.start.line, item.start.col) <= here < (item.end.line, item.end.col):
                return item
        return None


def _named_problems(text: str, problems: list[Item]) -> tuple[list[str], list[str]]:
    """Problem ids a measure names in words, and the phrases that name none."""
    from ..parse.numbering import zh_to_int

    grouped = any(p.area_index is not None for p in problems)
    ids: list[str] = []
    unknown: list[str] = []
    for m in ZH_REF_RE.finditer(text):
        numbers = re.findall(rf"{ZH_NUM}|\d{{1,2}}", m.group("a") or m.group("b"))
        for token in numbers:
            n = int(token) if token.isdigit() else zh_to_int(token)
            # Where problems are grouped by area, “问题二” is the second group (（二）……方面).
            hits = [p.id for p in problems if (p.area_index == n if grouped else p.id == str(n))]
            if not hits:
                unknown.append(m.group(0))
            ids += [h for h in hits if h not in ids]
    return ids, unknown


def _fill_meta(meta: Meta, doc: Document, vocab: Vocabulary, given: dict[str, object], existing: dict[str, object],
               dropped: list[tuple[str, object]]) -> list[str]:
    """Complete the guessed ``meta`` from the dropped front matter, the command line and the file's own front matter;
    the notes on what was dropped."""
    dropped_notes = [f"原文 front matter 中的“{key}: {_short_yaml(value)}”已删去：档案不使用这一项。" for key, value in dropped]
    author = next((v for k, v in dropped if k == "author"), None)
    if "member" not in existing and isinstance(author, str) and re.fullmatch(NAME, "".join(author.split())) and _is_name("".join(author.split())):
        # A blog post's author is the one who wrote it: the member, when the file does not name one.
        meta.member = "".join(author.split())
        meta.filled.append("党员")
        dropped_notes[[k for k, _ in dropped].index("author")] = \
            f"原文 front matter 中的“author: {author}”已改写为“member: {meta.member}”（作者即党员）；请核对。"
    # What the command line gives wins over the text, and the file's own front matter over both.
    for key, value in (*((k, v) for k, v in given.items() if v is not None), *existing.items()):
        setattr(meta, key, value)
        if key == "date":
            meta.month_only = None  # --date or the file's own date says the day
        if FIELD_LABEL[key] in meta.filled:
            meta.filled.remove(FIELD_LABEL[key])
    if doc.front is not None and meta.title:
        # A .md file's front matter without a doc type or campaign (a blog post): read them from its title.
        for key, label, guess in (("doc_type", "文档类型", _doc_type), ("campaign", "批次", _campaign)):
            if getattr(meta, key) is None and (guessed := guess(meta.title, vocab)):
                setattr(meta, key, guessed)
                meta.filled.append(label)
    return dropped_notes


def convert(doc: Document, name: str, vocab: Vocabulary, given: dict[str, object]) -> Converted:
    own_front, dropped, from_front = _foreign_keys(doc.front)
    existing = {**from_front, **_front_values(own_front, vocab)}
    meta, body_lines = guess_meta(doc.lines, vocab, doc.front is not None, given.get("title"), doc.title)  # type: ignore[arg-type]
    dropped_notes = _fill_meta(meta, doc, vocab, given, existing, dropped)
    kind = vocab.doc_types.get(meta.doc_type or "")
    areas = vocab.campaigns[meta.campaign].areas if meta.campaign in vocab.campaigns else ()
    blocks, items = to_blocks(body_lines, areas)
    problems = [i for i in items if i.kind == "problem"]
    measures = [i for i in items if i.kind == "measure"]
    structured = kind is None or kind.structured
    notes: list[str] = []

    # Links: what the text already marks, what it names in words, and proposals for the rest.
    # A marker goes at the end of the measure's own (numbered) paragraph, not after what follows it.
    measure_block: dict[int, Block] = {}
    for b in blocks:
        if b.item is not None:
            measure_block.setdefault(id(b.item), b)
    answered: set[str] = set()
    found_markers: dict[str, list[str]] = {}
    named: dict[str, list[str]] = {}
    for measure in measures if structured else []:
        texts = [m.text for line in measure.text.split("\n") for m in find_markers(line, 0, "", [])
                 if any(r.kind == "problem" for r in m.refs)]
        ids, unknown = _named_problems(measure.text, problems)
        for phrase in unknown:
            notes.append(f"措施 {measure.id} 中的“{echo(phrase)}”找不到对应的问题，没有写成标记；请核对。")
        if texts:
            found_markers[measure.id] = texts
            answered.update(r.item_id for line in measure.text.split("\n") for m in find_markers(line, 0, "", []) for r in m.refs)
        elif ids:
            named[measure.id] = ids
            _add_marker(measure_block[id(measure)], f"【针对问题：{'、'.join(ids)}】")
            answered.update(ids)
    open_measures = [m for m in measures if m.id not in found_markers and m.id not in named] if structured else []
    by_id = {m.id: m for m in measures}
    # The problems each measure answers in so many words: its markers (this material's) and its words.
    marked = {mid: [r.item_id for line in by_id[mid].text.split("\n") for m in find_markers(line, 0, "", [])
                    for r in m.refs if r.kind == "problem" and r.material is None] for mid in found_markers}
    explicit = {i for ids in (*marked.values(), *named.values()) for i in ids}
    proposals = {mid: ids for mid, ids in propose(problems, open_measures, explicit).items() if ids}
    if len(problems) * len(open_measures) > MAX_PAIRS:
        notes.append(f"问题（{len(problems)} 个）和措施（{len(open_measures)} 条）太多，没有自动建议对应关系；"
                     "请在每条措施末尾手工写上“【针对问题：…】”。")
    # Measures nothing links yet: a problem they share distinctive characters with (a guess, explained).
    shared = by_shared_characters(problems, measures, {**marked, **named, **proposals},
                                  [i for i in items if i.kind == "cause"]) if structured else {}
    shared = {mid: guess for mid, guess in shared.items() if mid not in found_markers}  # marked for another material
    for mid, guess in shared.items():
        proposals[mid] = [guess.problem]
    for measure in open_measures:
        if measure.id in proposals:
            _add_marker(measure_block[id(measure)], f"【建议对应问题：{'、'.join(proposals[measure.id])}】")

    todo = todo_for(meta, vocab)
    header = [f"由 archive import 从“{name}”导入：以下各项由原文推断，请核对。"]
    if meta.signature:
        header.append(f"原文落款：{' / '.join(meta.signature)}")
    header += dropped_notes
    notes += dropped_notes
    values: dict[str, object] = {"title": meta.title, "doc_type": meta.doc_type, "member": meta.member, "campaign": meta.campaign,
                                 "meeting_type": meta.meeting_type, "date": meta.date}
    if own_front is not None:  # the file has front matter (doc.front)
        missing = {k: v for k, v in values.items() if (k not in existing or k in from_front) and v}
        extra = front_matter(missing, []).split("\n")[1:-2] if missing else []
        kept = [own_front.rstrip("\n")] if own_front.strip() else []
        front = "\n".join(["---", *kept, *extra, *(f"# {c}" for c in header[1:] + todo), "---"]) + "\n"
    else:
        front = front_matter(values, header + todo)
    text = front + "\n" + "\n\n".join("\n".join(b.lines) for b in blocks) + "\n"

    # Line numbers of the written file, for the summary.
    line_of: dict[int, int] = {}
    line = front.count("\n") + 2
    for b in blocks:
        line_of[id(b)] = line
        line += len(b.lines) + 1
    written = [(line_of[id(measure_block[id(by_id[mid])])], mid, ids) for mid, ids in named.items()]
    proposed = sorted((line_of[id(measure_block[id(by_id[mid])])], mid, ids) for mid, ids in proposals.items())
    guesses = [(line_of[id(measure_block[id(by_id[mid])])], shared_note(by_id[mid], guess)) for mid, guess in shared.items()]
    found = [(line_of[id(measure_block[id(by_id[mid])])], t) for mid, texts in found_markers.items() for t in texts]
    answered.update(i for ids in proposals.values() for i in ids)
    unplaced = [(line_of[id(b)], b.lines[0]) for b in blocks
                if b.kind == "text" and b.item is None and b.section in ("problems", "causes", "measures")] if structured else []
    counts = {
        "areas": len({(p.area_index, p.area) for p in problems if p.area is not None}),
        "problems": len(problems), "causes": sum(i.kind == "cause" for i in items), "measures": len(measures),
    }
    if structured and kind is not None and not problems:
        notes.append("没有识别出“存在问题”部分或其中的问题：请检查小标题（如“一、存在问题”）和编号（如“一是”“1．”）。")
    for label in sorted({p.area for p in problems if p.area and areas and p.area not in areas}):
        notes.append(f"检视方面“{echo(label)}”不在该批次的词表中（{'、'.join(areas)}）；请核对。")
    _verify(text, items, areas, notes)
    unanswered = [p.id for p in problems if p.id not in answered] if structured else []
    return Converted(text, meta, todo, counts, written, found, proposed, unanswered, unplaced, notes, guesses)


def _add_marker(block: Block, marker: str) -> None:
    """At the end of the measure's text, before owner and deadline written inline (责任人：…；完成时限：…)."""
    text = block.lines[0]
    ledger = LEDGER_INLINE_RE.search(text, 1)
    block.lines[0] = text[:ledger.start()] + marker + text[ledger.start():] if ledger else text + marker


KEY_LINE_RE = re.compile(r"^(?P<key>[^\s#:-][^:]*?)\s*:(?:\s|$)")


def _foreign_keys(front: str | None) -> tuple[str | None, list[tuple[str, object]], dict[str, object]]:
    """A .md file's front matter without the keys the archive does not know (a blog post's author,
    categories, layout, description, slug …): (front matter kept as written, [(key, value) dropped],
    values rewritten). A date with a time of day (2024-07-18 10:00:00 +08:00) is dropped too and
    given back as the day, which the import writes as date: 2024-07-18."""
    if front is None:
        return None, [], {}
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return front, [], {}  # the check reports it, with the line
    if not isinstance(data, dict):
        return front, [], {}
    known = set(frontmatter.CANONICAL) | set(frontmatter.ALIASES)
    dropped: list[tuple[str, object]] = []
    rewritten: dict[str, object] = {}
    drop: set[str] = set()
    for key, value in data.items():
        if str(key) not in known:
            drop.add(str(key))
            dropped.append((str(key), value))
        elif frontmatter.ALIASES.get(str(key), str(key)) == "date" and isinstance(value, dt.datetime):
            drop.add(str(key))
            rewritten["date"] = value.date()
    if not drop:
        return front, [], {}
    kept: list[str] = []
    skipping = False
    for line in front.split("\n"):
        m = KEY_LINE_RE.match(line)
        if m:
            skipping = m.group("key").strip("'\"") in drop
        elif line and not line[0].isspace() and not line.startswith("-"):
            skipping = False  # a comment or anything else at the margin ends the key's value
        if not skipping:
            kept.append(line)
    return "\n".join(kept), dropped, rewritten


def _short_yaml(value: object, limit: int = 60) -> str:
    text = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _front_values(front: str | None, vocab: Vocabulary) -> dict[str, object]:
    """Values a .md file's own front matter already gives (canonical keys, vocabulary ids); kept as written."""
    if front is None:
        return {}
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return {}  # the check reports it, with the line
    if not isinstance(data, dict):
        return {}
    tables = {"doc_type": "doc_types", "campaign": "campaigns", "meeting_type": "meeting_types"}
    out: dict[str, object] = {}
    for key, value in data.items():
        canonical = frontmatter.ALIASES.get(str(key), str(key))
        if canonical not in ("title", "member", "date", *tables) or value is None:
            continue
        if canonical in tables:
            value = vocab.resolve(tables[canonical], str(value)) or value
        elif canonical == "date" and not isinstance(value, dt.date):
            m = frontmatter.DATE_RE.match(str(value))
            with contextlib.suppress(ValueError):
                value = dt.date(*(int(g) for g in m.groups())) if m else value
        out[canonical] = value
    return out


def _verify(text: str, items: list[Item], areas: tuple[str, ...], notes: list[str]) -> None:
    """The written file must read back as the same problems, causes and measures."""
    part = frontmatter.split(text)
    again = parse_outline(part.body, part.body_line, areas).items
    if [(i.kind, i.id) for i in again] != [(i.kind, i.id) for i in items]:
        notes.append("转换后重新识别出的问题、原因、措施与原文不一致；请对照原文检查编号和小标题。")


HOLDING = "daoru"
"""Where a material waits whose member or campaign the text does not name (导入 = imported)."""


def target_for(meta: Meta, vocab: Vocabulary, source: Path, docs: Path, number: int = 1) -> Path:
    """Where the material goes by the naming convention; unknown member or campaign → docs/daoru/. ``number``:
    scaffold.material_path's, for a second member of one pinyin."""
    kind = vocab.doc_types.get(meta.doc_type or "")
    date = meta.date or dt.date.today()
    if kind is None or (kind.personal and not meta.member) or (kind.campaign and not meta.campaign) or (
            kind.meeting and not (meta.meeting_type and meta.date)):
        return docs / HOLDING / f"{file_slug(meta.member or '') or file_slug(source.stem) or 'cailiao'}.md"
    taken = {p.relative_to(docs).as_posix() for p in docs.glob("xuexi/*.md")}
    return docs / material_path(vocab, kind.id, member=meta.member, campaign=meta.campaign,
                                meeting_type=meta.meeting_type, date=date, taken=taken, number=number)


def import_file(path: Path, vocab: Vocabulary, given: dict[str, object],
                encoding: str | None = None) -> tuple[Converted, Document]:
    doc = read_document(path, encoding)
    return convert(doc, path.name, vocab, given), doc


SENTENCE_RE = re.compile(r"[。！？；!?;\n]")
SPACE_RE = re.compile(r"\s+")


def missing_sentences(source_lines: list[str], output: str) -> list[str]:
    """Sentences of the (cleaned) input not found in the output: must be none."""
    flat = SPACE_RE.sub("", output)
    out = []
    at = 0  # the output keeps the text's order: look from where the last sentence was found
    for sentence in SENTENCE_RE.split("\n".join(source_lines)):
        s = SPACE_RE.sub("", sentence).rstrip("：:，,、")  # a heading drops its colon, never a word
        if not s:
            continue
        found = flat.find(s, at)
        if found >= 0:
            at = found + len(s)
        elif s not in flat:  # moved (a signature into the front matter), or lost
            out.append(sentence.strip())
    return out

