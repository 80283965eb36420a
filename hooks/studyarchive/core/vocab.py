"""The vocabulary file (vocabulary.yml): branches, campaigns and their areas, doc and meeting types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .diagnostics import ArchiveError, Diagnostic, bad_char, echo

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    year: int | None = None
    areas: tuple[str, ...] = ()
    structured: bool = False
    personal: bool = False
    campaign: bool = False
    # A meeting record: needs a meeting_type, counts for 三会一课, is filed under huiyi/.
    meeting: bool = False
    file: str | None = None
    """doc_types: what `archive new` and `archive import` write in the file name (CONTRIBUTING.md): after the
    member's pinyin for a personal document (fayan → zhangwei-fayan.md; "" → zhangwei.md), the whole name for a
    branch's (zhibu-banzi.md). None: the id, with - for _."""
    words: tuple[str, ...] = ()
    """doc_types: words of a title that name this type, for `archive import` (对照检查, 检视剖析 …)."""
    rule: tuple[str, int] | None = None
    """meeting_types: the 三会一课 minimum (per, min), per one of PERIODS; None: no requirement.
    extra.archive.meetings in mkdocs.yml overrides it per type."""


@dataclass
class Vocabulary:
    branches: dict[str, Entry] = field(default_factory=dict)
    campaigns: dict[str, Entry] = field(default_factory=dict)
    doc_types: dict[str, Entry] = field(default_factory=dict)
    meeting_types: dict[str, Entry] = field(default_factory=dict)

    def resolve(self, table: str, value: str) -> str | None:
        """Id for an id or a Chinese label; None when unknown."""
        entries: dict[str, Entry] = getattr(self, table)
        if value in entries:
            return value
        for entry in entries.values():
            if entry.label == value:
                return entry.id
        return None

    def label(self, table: str, entry_id: str | None) -> str:
        if entry_id is None:
            return ""
        entries: dict[str, Entry] = getattr(self, table)
        return entries[entry_id].label if entry_id in entries else entry_id

    def is_meeting(self, doc_type: str | None) -> bool:
        """Whether the doc type is a meeting record (its ``meeting`` flag); False for an unknown one."""
        kind = self.doc_types.get(doc_type or "")
        return kind is not None and kind.meeting


TABLES = ("branches", "campaigns", "doc_types", "meeting_types")
BOOL_KEYS = ("structured", "personal", "campaign", "meeting")
# Vocabularies written before the meeting flag existed: their `minutes` is the meeting record.
LEGACY_MEETING_ID = "minutes"
ENTRY_KEYS = ("id", "label", "year", "areas", *BOOL_KEYS, "file", "words", "rule")
# 三会一课 periods: a meeting type's rule counts its meetings per month, quarter or year.
PERIODS = {"month": "每月", "quarter": "每季度", "year": "每年"}
RULE_KEYS = ("per", "min")
RULE_EXAMPLE = "{per: quarter, min: 1}"
# Vocabularies written before the rule key existed: the 三会一课 minimums the program then had for these ids
# (a meeting type that writes rule, or rule: null, is read as written).
LEGACY_RULES: dict[str, tuple[str, int]] = {
    "party_congress": ("quarter", 1), "committee_meeting": ("month", 1), "group_meeting": ("month", 1),
    "party_lecture": ("quarter", 1),
}
FILE_RE = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$")
# Vocabularies written before the file and words keys existed: the doc types' file names and title words as
# CONTRIBUTING.md documented them (a vocabulary that writes the keys is read as written).
LEGACY_FILES = {
    "self_review": "", "speech_outline": "fayan", "reflection": "xinde", "study_notes": "biji", "talk_record": "tanhua",
    "appraisal": "pingyi", "duty_report": "shuzhi", "branch_review": "zhibu-banzi", "rectification_list": "zhenggai-qingdan",
}
LEGACY_WORDS = {
    "duty_report": ("述职述廉", "述职报告"), "branch_review": ("班子对照检查", "班子检视剖析", "领导班子"),
    "rectification_list": ("整改清单", "整改台账", "问题清单"), "speech_outline": ("发言提纲", "研讨发言", "交流发言"),
    "self_review": ("对照检查", "检视剖析", "对照检视", "个人检视"), "reflection": ("心得体会", "学习体会", "心得", "感悟"),
    "study_notes": ("学习笔记", "读书笔记"), "minutes": ("会议记录", "会议纪要"), "talk_record": ("谈心谈话",), "appraisal": ("民主评议",),
}
BOOLS = {"true": True, "false": False, "是": True, "否": False}
BOOL_HINT = "true 或 false（是 / 否）"
MAX_DEPTH = 50
COLLECTION_CHARS = "-:?[{"
"""Every mapping or sequence YAML opens takes one of these (``- `` ``key:`` ``? `` ``[`` ``{``), and an alias a ``*``:
a text with no ``*`` and at most MAX_DEPTH of them can be neither too deep nor aliased."""


def parse_bool(value: object) -> bool | None:
    """The one reading of a yes/no value, in front matter and in the vocabulary: YAML true/false, or the
    text true/false/是/否; None for anything else (a text such as "否" is never true)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return BOOLS.get(value.strip().lower())
    return None


def too_deep(text: str, loader=yaml.SafeLoader) -> tuple[int, str] | None:
    """(0-based line, problem) when the YAML nests deeper than MAX_DEPTH or uses an alias; read as events, which
    needs no recursion (composing 10,000 nested lists would exhaust Python's stack). Syntax errors are left to
    the composer, which reports them."""
    if not may_nest(text):
        return None  # front matter: a dozen keys, no alias; parsing it as events cost more than composing it
    return nesting_events(text, loader)


def may_nest(text: str) -> bool:
    """False when ``text`` can neither nest deeper than MAX_DEPTH nor use an alias (see COLLECTION_CHARS)."""
    return "*" in text or sum(text.count(c) for c in COLLECTION_CHARS) > MAX_DEPTH


def nesting_events(text: str, loader=yaml.SafeLoader) -> tuple[int, str] | None:
    """too_deep by reading every event."""
    for reader in dict.fromkeys((loader, yaml.SafeLoader)):  # libyaml stops scanning at its own depth limit
        depth = 0
        try:
            for event in yaml.parse(text, Loader=reader):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        assert event.start_mark is not None  # the parser marks every event
                        return event.start_mark.line, f"嵌套超过 {MAX_DEPTH} 层"
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
                elif isinstance(event, yaml.AliasEvent):
                    assert event.start_mark is not None
                    return event.start_mark.line, "用了 YAML 别名（*名称）"
            return None
        except yaml.YAMLError:
            continue
    return None


def load_vocabulary(text: str, source: str) -> Vocabulary:
    """Parse and check the vocabulary; raise ArchiveError listing every problem."""
    problems: list[Diagnostic] = []
    deep = too_deep(text)
    if deep is not None:
        raise ArchiveError([Diagnostic(source, deep[0] + 1, f"词表{deep[1]}；请按编写指南的格式逐条列出。")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise ArchiveError([Diagnostic(source, line, f"词表不是有效的 YAML：{echo(getattr(exc, 'problem', None) or exc)}。请检查缩进和冒号。")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise ArchiveError([Diagnostic(source, 1, "词表应当是“名称: 列表”的形式，例如 campaigns: 下面逐条列出批次。")])
    vocab = Vocabulary()
    seen: set[str] = set()
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        table = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if table not in TABLES:
            shown = echo(table) if table is not None else "（不是文字）"
            problems.append(Diagnostic(source, line, f"词表中未知的名称“{shown}”；可选：{'、'.join(TABLES)}。"))
            continue
        if table in seen:
            problems.append(Diagnostic(source, line, f"词表中“{table}”写了两次；请合并成一个列表。"))
            continue
        seen.add(table)
        if not isinstance(value_node, yaml.SequenceNode):
            problems.append(Diagnostic(source, line, f"“{table}”下面应当是一个列表，每项以“- ”开头。"))
            continue
        for node in value_node.value:
            entry = _entry(node, table, source, problems)
            if entry is None:
                continue
            entries: dict[str, Entry] = getattr(vocab, table)
            if entry.id in entries:
                problems.append(Diagnostic(source, node.start_mark.line + 1, f"“{table}”中的 id“{entry.id}”重复了；每个 id 只能出现一次。"))
            entries[entry.id] = entry
    for table in ("branches", "campaigns", "doc_types"):
        if not getattr(vocab, table):
            problems.append(Diagnostic(source, 1, f"词表缺少“{table}”，或者它是空的。"))
    if problems:
        raise ArchiveError(problems)
    return vocab


def _entry(node: yaml.Node, table: str, source: str, problems: list[Diagnostic]) -> Entry | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Diagnostic(source, line, f"“{table}”的每一项应当写成 id: …、label: … 的形式。"))
        return None
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        at = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in ENTRY_KEYS:
            shown = echo(key) if key is not None else "（不是文字）"
            problems.append(Diagnostic(source, at, f"“{table}”中未知的名称“{shown}”；可选：{'、'.join(ENTRY_KEYS)}。"))
            return None
        if key in fields:
            problems.append(Diagnostic(source, at, f"“{table}”的这一项中“{echo(key)}”写了两次；请只保留一处。"))
            return None
        fields[key] = value_node
    entry_id = _text(fields.get("id"))
    if entry_id is None or not ID_RE.match(entry_id):
        shown = echo(entry_id) if entry_id is not None else ""
        problems.append(Diagnostic(source, line, f"“{table}”中的 id“{shown}”无效：只能用小写字母、数字、连字符和下划线，例如 2024-dangji。"))
        return None
    label = _text(fields.get("label"))
    if label is None or not label.strip():
        problems.append(Diagnostic(source, line, f"“{entry_id}”缺少中文名称 label。"))
        return None
    if (bad := bad_char(label)) is not None:
        problems.append(Diagnostic(source, fields["label"].start_mark.line + 1, f"“{entry_id}”的 label 的第 {bad[0]} 个字符是看不见的控制字符或格式字符（{bad[1]}）；请删除它。"))
        return None
    year = _scalar(fields.get("year"))
    if table == "campaigns" and not (type(year) is int and 1921 <= year <= 2200):
        problems.append(Diagnostic(source, line, f"批次“{entry_id}”缺少年度 year（四位数字，例如 2024）。"))
        return None
    areas_node = fields.get("areas")
    areas: list[str] | None = []
    if isinstance(areas_node, yaml.SequenceNode):
        texts = [_text(n) for n in areas_node.value]
        areas = None if any(t is None or not t.strip() or bad_char(t) for t in texts) else [t.strip() for t in texts if t]
    elif areas_node is not None and (not isinstance(areas_node, yaml.ScalarNode) or _scalar(areas_node) not in (None, "")):
        areas = None
    if areas is None:
        problems.append(Diagnostic(source, line, f"批次“{entry_id}”的 areas 应当是检视方面名称的列表，例如 [理论学习, 政治素质]。"))
        return None
    flags: dict[str, bool] = {}
    for key in BOOL_KEYS:
        unwritten = key == "meeting" and table == "doc_types" and entry_id == LEGACY_MEETING_ID
        value = _scalar(fields[key]) if key in fields else unwritten
        flag = parse_bool(value) if value is not None else False
        if flag is None:
            problems.append(Diagnostic(source, fields[key].start_mark.line + 1, f"“{entry_id}”的 {key} 应当写 {BOOL_HINT}，现在是“{echo(value)}”。"))
            return None
        flags[key] = flag
    naming = _file_and_words(fields, entry_id, table == "doc_types", source, line, problems)
    if naming is None:
        return None
    before = len(problems)
    rule = _rule(fields.get("rule"), entry_id, table, source, problems)
    if len(problems) > before:
        return None
    return Entry(id=entry_id, label=label.strip(), year=year if table == "campaigns" and isinstance(year, int) else None, areas=tuple(areas), **flags,
                 file=naming[0], words=naming[1], rule=rule)


def _rule(node: yaml.Node | None, entry_id: str, table: str, source: str,
          problems: list[Diagnostic]) -> tuple[str, int] | None:
    """A meeting type's ``rule`` as written (None: ``null``, no requirement), else the legacy minimum of its id;
    a problem is added to ``problems``."""
    if node is None:
        return LEGACY_RULES.get(entry_id) if table == "meeting_types" else None
    line = node.start_mark.line + 1
    if table != "meeting_types":
        problems.append(Diagnostic(source, line, f"“{entry_id}”不是会议类型，不能写 rule；三会一课的要求写在 meeting_types 的各项中。"))
        return None
    if isinstance(node, yaml.ScalarNode) and _scalar(node) is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.append(Diagnostic(source, line, f"会议类型“{entry_id}”的 rule 应当写成 {RULE_EXAMPLE}（per 可选 month、quarter、year），"
                                                 "或写 null 表示不作要求。"))
        return None
    written: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in RULE_KEYS or key in written:
            shown = echo(key) if key is not None else "（不是文字）"
            what = "写了两次；请只保留一处" if key in written else f"是未知的名称；可选：{'、'.join(RULE_KEYS)}"
            problems.append(Diagnostic(source, key_node.start_mark.line + 1, f"会议类型“{entry_id}”的 rule 中“{shown}”{what}。"))
            return None
        written[key] = value_node
    return _per_and_min(written, entry_id, source, line, problems)


def _per_and_min(written: dict[str, yaml.Node], entry_id: str, source: str, line: int,
                 problems: list[Diagnostic]) -> tuple[str, int] | None:
    """A rule's per and min (min 1 when not written, as in extra.archive.meetings); None after a problem."""
    per = _scalar(written.get("per"))
    if not isinstance(per, str) or per not in PERIODS:
        at = written["per"].start_mark.line + 1 if "per" in written else line
        shown = _shown(written.get("per"))
        choices = "、".join(f"{k}（{v}）" for k, v in PERIODS.items())
        problems.append(Diagnostic(source, at, f"会议类型“{entry_id}”的 rule 中 per 应当是 {choices}，现在是“{shown}”。"))
        return None
    least = _scalar(written["min"]) if "min" in written else 1
    if type(least) is not int or least < 1:
        problems.append(Diagnostic(source, written["min"].start_mark.line + 1,
                                   f"会议类型“{entry_id}”的 rule 中 min 应当是正整数（至少开几次），例如 1；现在是“{_shown(written['min'])}”。"))
        return None
    return per, least


def _shown(node: yaml.Node | None) -> str:
    """A written value as a message repeats it."""
    if node is None:
        return "（没写）"
    return echo(_scalar(node)) if isinstance(node, yaml.ScalarNode) else "（列表或嵌套的内容）"


def _file_and_words(fields: dict[str, yaml.Node], entry_id: str, doc_type: bool, source: str, line: int,
                    problems: list[Diagnostic]) -> tuple[str | None, tuple[str, ...]] | None:
    """A doc type's ``file`` and ``words`` as written, else the legacy defaults of its id; None after a problem."""
    file = _text(fields["file"]) if "file" in fields else LEGACY_FILES.get(entry_id) if doc_type else None
    if "file" in fields and (file is None or not FILE_RE.match(file)):
        shown = echo(_scalar(fields["file"]))
        problems.append(Diagnostic(source, fields["file"].start_mark.line + 1,
                                   f"“{entry_id}”的 file 只能用小写字母、数字和连字符（文件名中的拼音），例如 fayan；现在是“{shown}”。"))
        return None
    node = fields.get("words")
    if node is None:
        return file, LEGACY_WORDS.get(entry_id, ()) if doc_type else ()
    words = [_text(n) for n in node.value] if isinstance(node, yaml.SequenceNode) else [None]
    if any(w is None or not w.strip() or bad_char(w) for w in words):
        problems.append(Diagnostic(source, line, f"“{entry_id}”的 words 应当是标题用语的列表，例如 [对照检查, 检视剖析]。"))
        return None
    return file, tuple(w.strip() for w in words if w)


def _scalar(node: yaml.Node | None) -> object:
    """A scalar node's value as YAML reads it (None when absent, a list or a mapping: ``_text`` tells them apart)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    try:
        return yaml.constructor.SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError):
        return node.value


def _text(node: yaml.Node | None) -> str | None:
    """A scalar written as text (quoted or plain, not a number or true/false); None otherwise."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = _scalar(node)
    return value if isinstance(value, str) else None


YEAR_FOLDER_RE = re.compile(r"^\d{4}$")


def folder_label(name: str, vocab: Vocabulary, folders: dict[str, str]) -> str | None:
    """Chinese navigation label for a folder under docs/: a campaign, a configured name or a year."""
    if name in vocab.campaigns:
        return vocab.campaigns[name].label
    if name in folders:
        return folders[name]
    if YEAR_FOLDER_RE.match(name):
        return f"{name}年"
    return None
