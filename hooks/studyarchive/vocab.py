"""The vocabulary file (vocabulary.yml): branches, campaigns and their areas, doc and meeting types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .diagnostics import ArchiveError, Diagnostic

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


TABLES = ("branches", "campaigns", "doc_types", "meeting_types")
BOOL_KEYS = ("structured", "personal", "campaign")


def load_vocabulary(text: str, source: str) -> Vocabulary:
    """Parse and check the vocabulary; raise ArchiveError listing every problem."""
    problems: list[Diagnostic] = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 0
        raise ArchiveError([Diagnostic(source, line, f"词表不是有效的 YAML：{getattr(exc, 'problem', exc)}。请检查缩进和冒号。")])
    if not isinstance(root, yaml.MappingNode):
        raise ArchiveError([Diagnostic(source, 1, "词表应当是“名称: 列表”的形式，例如 campaigns: 下面逐条列出批次。")])
    vocab = Vocabulary()
    for key_node, value_node in root.value:
        table = key_node.value
        line = key_node.start_mark.line + 1
        if table not in TABLES:
            problems.append(Diagnostic(source, line, f"词表中未知的名称“{table}”；可选：{'、'.join(TABLES)}。"))
            continue
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
    # Re-load the node on its own: simple, and keeps the line numbers of the node for messages.
    data = yaml.safe_load(yaml.serialize(node))
    entry_id, label = data.get("id"), data.get("label")
    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        problems.append(Diagnostic(source, line, f"“{table}”中的 id“{entry_id}”无效：只能用小写字母、数字、连字符和下划线，例如 2024-dangji。"))
        return None
    if not isinstance(label, str) or not label.strip():
        problems.append(Diagnostic(source, line, f"“{entry_id}”缺少中文名称 label。"))
        return None
    year = data.get("year")
    if table == "campaigns" and not (isinstance(year, int) and 1921 <= year <= 2200):
        problems.append(Diagnostic(source, line, f"批次“{entry_id}”缺少年度 year（四位数字，例如 2024）。"))
        return None
    areas = data.get("areas") or []
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        problems.append(Diagnostic(source, line, f"批次“{entry_id}”的 areas 应当是检视方面名称的列表，例如 [理论学习, 政治素质]。"))
        return None
    flags = {k: bool(data.get(k, False)) for k in BOOL_KEYS}
    return Entry(id=entry_id, label=label.strip(), year=year if table == "campaigns" else None, areas=tuple(areas), **flags)


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
