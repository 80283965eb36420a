"""Front matter: split it off, parse the YAML ourselves (keeping line numbers) and validate it.

MkDocs drops invalid front matter silently, so the archive never trusts ``page.meta``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .diagnostics import Diagnostic, suggest
from .ledger import front_entries
from .markings import is_marking, mentions_classified
from .model import Meta
from .vocab import Vocabulary

CANONICAL = (
    "title", "doc_type", "member", "branch", "campaign", "year", "date",
    "meeting_type", "classification", "audience", "status", "template", "tags", "ledger",
)
ALIASES = {
    "标题": "title", "文档类型": "doc_type", "党员": "member", "姓名": "member", "支部": "branch",
    "批次": "campaign", "年度": "year", "日期": "date", "会议类型": "meeting_type", "密级": "classification",
    "知悉范围": "audience", "状态": "status", "范本": "template", "标签": "tags",
    "整改台账": "ledger",
}
KEY_LABEL = {v: k for k, v in reversed(list(ALIASES.items()))}

MARKINGS = ("内部", "内部事项 注意保管")
CLASSIFIED = "涉密材料不得录入本档案（涉密信息不上网、上网信息不涉密）。请删除这份材料，按保密规定另行保管。"
AUDIENCES = {"members": "members", "全体党员": "members", "党员": "members", "committee": "committee", "支委": "committee", "支委会": "committee"}
STATUSES = {"final": "final", "定稿": "final", "draft": "draft", "草稿": "draft"}
BOOLS = {True: True, False: False, "是": True, "否": False}
DATE_RE = re.compile(r"^\s*(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})\s*日?\s*$")
YEAR_RE = re.compile(r"^\s*(\d{4})\s*年?(?:度)?\s*$")
FULLWIDTH_COLON_RE = re.compile(r"^\s*([^\s:#][^:]*?)\s*：")
NODE_KEYS = ("ledger",)


@dataclass
class Split:
    front: str | None
    """The YAML text, None when the file has no front matter."""
    front_line: int
    """File line of the YAML's first line."""
    body: str
    body_line: int
    closed: bool = True
    """False when the opening "---" has no closing line."""


def split(text: str) -> Split:
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split(None, 0, text, 1)
    for n in range(1, len(lines)):
        if lines[n].rstrip() in ("---", "..."):
            return Split("\n".join(lines[1:n]), 2, "\n".join(lines[n + 1:]), n + 2)
    return Split("\n".join(lines[1:]), 2, "", len(lines) + 1, closed=False)


def parse(text: str, source: str, vocab: Vocabulary) -> tuple[Meta | None, Split, list[Diagnostic]]:
    """Parse and validate; returns Meta (None when unusable), the split text and the problems found."""
    part = split(text)
    out: list[Diagnostic] = []
    if part.front is None:
        out.append(Diagnostic(source, 1, "缺少 front matter：材料第一行应当是“---”，接着写标题、文档类型、党员、日期等信息，再以“---”结束。参见编写指南。"))
        return None, part, out
    if not part.closed:
        out.append(Diagnostic(source, 1, "front matter 没有结束：请在信息之后加一行“---”。"))
        return None, part, out
    raw = _load(part, source, out)
    if raw is None:
        return None, part, out
    meta = _validate(raw, source, vocab, out)
    # Unknown or duplicate keys were reported by _load: the material is not built either way.
    return (meta if not out else None), part, out


def _load(part: Split, source: str, out: list[Diagnostic]) -> dict[str, tuple[Any, int]] | None:
    """YAML → {canonical key: (value, line)}; reports syntax, unknown and duplicate keys."""
    assert part.front is not None
    for n, line in enumerate(part.front.split("\n")):
        match = FULLWIDTH_COLON_RE.match(line)
        if match and ":" not in line:
            out.append(Diagnostic(source, part.front_line + n, f"“{match.group(1)}”后面用了中文冒号“：”；请改成英文冒号加一个空格“: ”。"))
    if out:
        return None
    try:
        root = _compose(part.front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = part.front_line + mark.line if mark else part.front_line
        hint = "请检查这一行的冒号（英文冒号后加空格）、引号和缩进（只能用空格，不能用 Tab）。"
        out.append(Diagnostic(source, line, f"front matter 不是有效的 YAML：{getattr(exc, 'problem', None) or exc}。{hint}"))
        return None
    if root is None:
        out.append(Diagnostic(source, part.front_line, "front matter 是空的：请写上标题、文档类型、党员、日期等信息。"))
        return None
    if not isinstance(root, yaml.MappingNode):
        out.append(Diagnostic(source, part.front_line, "front matter 应当是“名称: 值”的形式，每行一项，例如“title: 个人对照检查材料”。"))
        return None
    raw: dict[str, tuple[Any, int]] = {}
    for key_node, value_node in root.value:
        line = part.front_line + key_node.start_mark.line
        key = str(key_node.value)
        canonical = ALIASES.get(key, key)
        if canonical not in CANONICAL:
            known = list(CANONICAL) + list(ALIASES)
            out.append(Diagnostic(source, line, f"未知的名称“{key}”；可选：{suggest(key, known, limit=14)}。"))
            continue
        if canonical in raw:
            first = raw[canonical][1]
            out.append(Diagnostic(source, line, f"“{key}”与第 {first} 行重复（{canonical} 与 {KEY_LABEL.get(canonical, canonical)} 是同一项）；请只保留一处。"))
            continue
        if canonical in NODE_KEYS:  # read by its own module, which reports lines inside it
            raw[canonical] = ((value_node, part.front_line), line)
            continue
        raw[canonical] = (_construct(value_node, source, line, out), line)
    return raw


# libyaml's parser when PyYAML has it (20 times faster: front matter is read for every material on every
# build); any input it rejects is read again by the pure-Python parser, whose messages we show.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, ValueError):
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _construct(node: yaml.Node, source: str, line: int, out: list[Diagnostic]) -> Any:
    """A value as Python data; dates stay text so that our own date check reports them."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
        return node.value
    try:
        # Straight from the node, not serialized and parsed again; a fresh constructor keeps no state from a failure.
        return yaml.constructor.SafeConstructor().construct_document(node)
    except (yaml.YAMLError, ValueError) as exc:
        out.append(Diagnostic(source, line, f"无法读取这一项的值：{exc}。请检查写法。"))
        return None


def _validate(raw: dict[str, tuple[Any, int]], source: str, vocab: Vocabulary, out: list[Diagnostic]) -> Meta | None:
    before = len(out)
    first_line = min((line for _, line in raw.values()), default=1)

    def err(line: int, msg: str) -> None:
        out.append(Diagnostic(source, line, msg))

    def text_of(key: str) -> str | None:
        if key not in raw or raw[key][0] is None:
            return None
        value, line = raw[key]
        if isinstance(value, (dict, list)):
            err(line, f"“{_name(key)}”应当是一段文字，而不是列表或嵌套的内容。")
            return None
        return str(value).strip() or None

    def vocab_value(key: str, table: str, what: str) -> str | None:
        value = text_of(key)
        if value is None:
            return None
        resolved = vocab.resolve(table, value)
        if resolved is None:
            entries = getattr(vocab, table)
            err(raw[key][1], f"未知的{what}“{value}”；可选：{suggest(value, list(entries))}（也可以写中文名称，如“{next(iter(entries.values())).label}”）。请检查拼写，或在 vocabulary.yml 中添加。")
        return resolved

    title = text_of("title")
    if title is not None and is_marking(title):
        err(raw["title"][1], f"标题中有密级标识“{title}”：{CLASSIFIED}")
    doc_type = vocab_value("doc_type", "doc_types", "文档类型")
    campaign = vocab_value("campaign", "campaigns", "批次")
    meeting_type = vocab_value("meeting_type", "meeting_types", "会议类型")
    member = text_of("member")
    branch = vocab_value("branch", "branches", "支部")
    if "branch" not in raw:
        if len(vocab.branches) == 1:
            branch = next(iter(vocab.branches))
        else:
            err(first_line, f"缺少支部 branch；可选：{'、'.join(vocab.branches)}。")

    date = _date(raw, err)
    year = _year(raw, err)
    classification = _classification(raw, err)
    audience = _choice(raw, "audience", AUDIENCES, "members", err)
    status = _choice(raw, "status", STATUSES, "final", err)
    template = _bool(raw, err)
    tags = _tags(raw, err)
    ledger = front_entries(*raw["ledger"][0], date, source, out) if "ledger" in raw else ()

    if title is None:
        err(first_line, "缺少标题 title，例如“title: 2024年度组织生活会个人对照检查材料”。")
    if "doc_type" not in raw:
        err(first_line, f"缺少文档类型 doc_type；可选：{'、'.join(f'{e.id}（{e.label}）' for e in vocab.doc_types.values())}。")
    if "date" not in raw:
        err(first_line, "缺少日期 date，例如“date: 2024-07-18”或“日期: 2024年7月18日”。")
    kind = vocab.doc_types.get(doc_type or "")
    if kind is not None:
        if kind.personal and member is None and "member" not in raw:
            err(first_line, f"缺少党员姓名 member：{kind.label}是个人材料，请写“member: 姓名”。")
        if kind.campaign and "campaign" not in raw:
            err(first_line, f"缺少批次 campaign：{kind.label}必须属于某次学习教育或会议；可选：{'、'.join(vocab.campaigns)}。")
        if doc_type == "minutes" and "meeting_type" not in raw:
            err(first_line, f"缺少会议类型 meeting_type：会议记录必须写明会议类型；可选：{'、'.join(e.label for e in vocab.meeting_types.values())}。")
    if year is None:
        if campaign is not None:
            year = vocab.campaigns[campaign].year
        elif date is not None:
            year = date.year
    if len(out) > before or title is None or doc_type is None or date is None or branch is None or year is None:
        return None
    return Meta(
        title=title, doc_type=doc_type, date=date, year=year, branch=branch, member=member,
        campaign=campaign, meeting_type=meeting_type, classification=classification or "内部",
        audience=audience, status=status, template=template, tags=tags, ledger=ledger,
    )


def _name(key: str) -> str:
    return f"{key}（{KEY_LABEL[key]}）" if key in KEY_LABEL else key


def _date(raw: dict[str, tuple[Any, int]], err) -> dt.date | None:
    if "date" not in raw:
        return None
    value, line = raw["date"]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_RE.match(str(value)) if value is not None else None
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            err(line, f"日期“{value}”不存在（请核对月份和日期）。")
            return None
    err(line, f"无法识别的日期“{value}”；请写成“2024-07-18”或“2024年7月18日”。")
    return None


def _year(raw: dict[str, tuple[Any, int]], err) -> int | None:
    if "year" not in raw:
        return None
    value, line = raw["year"]
    match = YEAR_RE.match(str(value)) if not isinstance(value, bool) else None
    if match and 1921 <= int(match.group(1)) <= 2200:
        return int(match.group(1))
    err(line, f"无法识别的年度“{value}”；请写四位数字，例如“year: 2024”。")
    return None


def _classification(raw: dict[str, tuple[Any, int]], err) -> str | None:
    if "classification" not in raw:
        return None
    value, line = raw["classification"]
    text = str(value).strip()
    if mentions_classified(text):
        err(line, f"密级“{text}”：{CLASSIFIED}")
        return None
    if text not in MARKINGS:
        err(line, f"未知的密级标识“{text}”；可选：{'、'.join(MARKINGS)}（不写时默认为“内部”）。")
        return None
    return text


def _choice(raw: dict[str, tuple[Any, int]], key: str, choices: dict[str, str], default: str, err) -> str:
    if key not in raw:
        return default
    value, line = raw[key]
    text = str(value).strip()
    if text in choices:
        return choices[text]
    err(line, f"“{_name(key)}”的值“{text}”无效；可选：{'、'.join(choices)}。")
    return default


def _bool(raw: dict[str, tuple[Any, int]], err) -> bool:
    if "template" not in raw:
        return False
    value, line = raw["template"]
    if isinstance(value, (bool, str)) and value in BOOLS:
        return BOOLS[value]
    err(line, f"“{_name('template')}”应当写 true 或 false（是 / 否），现在是“{value}”。")
    return False


def _tags(raw: dict[str, tuple[Any, int]], err) -> tuple[str, ...]:
    if "tags" not in raw or raw["tags"] is None:
        return ()
    value, line = raw["tags"]
    if isinstance(value, list) and all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        tags = tuple(str(v).strip() for v in value)
        for tag in tags:
            if is_marking(tag):
                err(line, f"标签中有密级标识“{tag}”：{CLASSIFIED}")
        return tags
    err(line, f"“{_name('tags')}”应当是一个列表，例如“tags: [主题教育, 理论学习]”。")
    return ()
