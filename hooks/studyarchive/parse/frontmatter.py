"""Front matter: split it off, parse the YAML ourselves (keeping line numbers) and validate it.

MkDocs drops invalid front matter silently, so the archive never trusts ``page.meta``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic, bad_char, did_you_mean, echo, suggest
from ..core.model import Meta
from ..core.vocab import BOOL_HINT, Entry, Vocabulary, parse_bool, too_deep
from .ledger import front_entries
from .markings import is_marking, mentions_classified
from .privacy import CLASSIFIED

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
AUDIENCES = {"members": "members", "全体党员": "members", "党员": "members", "committee": "committee", "支委": "committee", "支委会": "committee"}
STATUSES = {"final": "final", "定稿": "final", "draft": "draft", "草稿": "draft"}
DATE_RE = re.compile(r"^\s*(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})\s*日?\s*$")
YEAR_RE = re.compile(r"^\s*(\d{4})\s*年?(?:度)?\s*$")
FULLWIDTH_COLON_RE = re.compile(r"^\s*([^\s:#][^:]*?)\s*：")
NODE_KEYS = ("ledger",)
MAX_FRONT = 65536
"""Characters of front matter: a ledger of a hundred measures needs a tenth of it."""
FIRST_DATE, LAST_DATE = dt.date(1921, 1, 1), dt.date(2200, 12, 31)


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
    if meta is None and not out:  # never a material dropped in silence: it would be published as a page
        out.append(Diagnostic(source, part.front_line, "front matter 无法使用；请对照编写指南检查每一项。"))
    # Unknown or duplicate keys were reported by _load: the material is not built either way.
    return (meta if not out else None), part, out


def _load(part: Split, source: str, out: list[Diagnostic]) -> dict[str, tuple[Any, int]] | None:
    """YAML → {canonical key: (value, line)}; reports syntax, unknown and duplicate keys."""
    assert part.front is not None
    for n, text_line in enumerate(part.front.split("\n")):
        match = FULLWIDTH_COLON_RE.match(text_line)
        if match and ":" not in text_line:
            out.append(Diagnostic(source, part.front_line + n, f"“{echo(match.group(1))}”后面用了中文冒号“：”；请改成英文冒号加一个空格“: ”。"))
    if out:
        return None
    if len(part.front) > MAX_FRONT:
        out.append(Diagnostic(source, part.front_line, f"front matter 太长（超过 {MAX_FRONT} 个字符）；这里只写标题、文档类型、党员、日期等信息，正文写在第二个“---”之后。"))
        return None
    deep = too_deep(part.front, _FAST_LOADER)
    if deep is not None:
        out.append(Diagnostic(source, part.front_line + deep[0], f"front matter {deep[1]}；每项写成“名称: 值”，列表写成“[甲, 乙]”。"))
        return None
    try:
        root = _compose(part.front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = part.front_line + mark.line if mark else part.front_line
        hint = "请检查这一行的冒号（英文冒号后加空格）、引号和缩进（只能用空格，不能用 Tab）。"
        out.append(Diagnostic(source, line, f"front matter 不是有效的 YAML：{echo(getattr(exc, 'problem', None) or exc)}。{hint}"))
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
        if not isinstance(key_node, yaml.ScalarNode):
            out.append(Diagnostic(source, line, "名称应当是一段文字，例如“title: 个人对照检查材料”中的 title；这里写成了列表或嵌套的内容。"))
            continue
        key = str(key_node.value)
        canonical = ALIASES.get(key, key)
        if canonical not in CANONICAL:
            known = list(CANONICAL) + list(ALIASES)
            out.append(Diagnostic(source, line, f"未知的名称“{echo(key)}”；可选：{suggest(key, known, limit=14)}。"))
            continue
        if canonical in raw:
            first = raw[canonical][1]
            out.append(Diagnostic(source, line, f"“{echo(key)}”与第 {first} 行重复（{canonical} 与 {KEY_LABEL[canonical]} 是同一项）；请只保留一处。"))
            continue
        if canonical in NODE_KEYS:  # read by its own module, which reports lines inside it
            raw[canonical] = ((value_node, part.front_line), line)
            continue
        raw[canonical] = (_as_written(value_node, _construct(value_node, source, line, out)), line)
    return raw


def _as_written(node: yaml.Node, value: Any) -> Any:
    """Scalars as the text written (`title: yes` is "yes", not True; `member: 010` is "010"), also in a list;
    null stays None. Our own parsers read the text."""
    if isinstance(node, yaml.ScalarNode) and isinstance(value, (str, int, float, bool)):
        return node.value
    if isinstance(node, yaml.SequenceNode) and isinstance(value, list) and len(value) == len(node.value):
        return [_as_written(n, v) for n, v in zip(node.value, value)]
    return value


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
        out.append(Diagnostic(source, line, f"无法读取这一项的值：{echo(exc)}。请检查写法。"))
        return None


Required = Callable[[Entry | None, Vocabulary], bool]


@dataclass(frozen=True)
class Field:
    """One front matter item: how it is read, when it is required and what a missing one is told."""

    name: str
    kind: str
    """text, vocab, date, year, choice, classification, bool, tags or ledger: the parser that reads it."""
    required: Required | None = None
    """Given the document type's vocabulary entry (None when unknown) and the vocabulary; None: never required."""
    missing: Callable[[Entry | None, Vocabulary], str] | None = None
    table: str = ""
    what: str = ""
    choices: dict[str, str] | None = None


def _labels(entries) -> str:
    return "、".join(f"{e.id}（{e.label}）" for e in entries)


# A `missing` message is made only where `required` held; those that name k.label require a document type (k).
FIELDS: tuple[Field, ...] = (
    Field("title", "text", lambda k, v: True, lambda k, v: "缺少标题 title，例如“title: 2024年度组织生活会个人对照检查材料”。"),
    Field("doc_type", "vocab", lambda k, v: True,
          lambda k, v: f"缺少文档类型 doc_type；可选：{_labels(v.doc_types.values())}。", "doc_types", "文档类型"),
    Field("campaign", "vocab", lambda k, v: k is not None and k.campaign,
          lambda k, v: f"缺少批次 campaign：{k.label}必须属于某次学习教育或会议；可选：{'、'.join(v.campaigns)}。", "campaigns", "批次"),  # type: ignore[union-attr]
    Field("meeting_type", "vocab", lambda k, v: k is not None and k.meeting,
          lambda k, v: f"缺少会议类型 meeting_type：{k.label}必须写明会议类型；可选：{'、'.join(e.label for e in v.meeting_types.values())}。",  # type: ignore[union-attr]
          "meeting_types", "会议类型"),
    Field("member", "text", lambda k, v: k is not None and k.personal,
          lambda k, v: f"缺少党员姓名 member：{k.label}是个人材料，请写“member: 姓名”。"),  # type: ignore[union-attr]
    Field("branch", "vocab", lambda k, v: len(v.branches) != 1,
          lambda k, v: f"缺少支部 branch；可选：{'、'.join(v.branches)}。", "branches", "支部"),
    Field("date", "date", lambda k, v: True, lambda k, v: "缺少日期 date，例如“date: 2024-07-18”或“日期: 2024年7月18日”。"),
    Field("year", "year"),
    Field("classification", "classification"),
    Field("audience", "choice", choices=AUDIENCES),
    Field("status", "choice", choices=STATUSES),
    Field("template", "bool"),
    Field("tags", "tags"),
    Field("ledger", "ledger"),
)
assert tuple(sorted(f.name for f in FIELDS)) == tuple(sorted(CANONICAL))

_EMPTY = object()
"""A value that is not there: no value, null, an empty or blank text. Required fields report it as missing."""
_BAD = object()
"""A value that was reported as wrong."""


def _validate(raw: dict[str, tuple[Any, int]], source: str, vocab: Vocabulary, out: list[Diagnostic]) -> Meta | None:
    before = len(out)
    first_line = min((line for _, line in raw.values()), default=1)

    def err(line: int, msg: str) -> None:
        out.append(Diagnostic(source, line, msg))

    values: dict[str, Any] = {}
    for spec in FIELDS:
        if spec.kind == "ledger":
            continue  # read last: it needs the date
        value, line = raw.get(spec.name, (None, first_line))
        values[spec.name] = _EMPTY if value is None else _PARSERS[spec.kind](spec, value, line, vocab, err)
    date = values["date"] if isinstance(values["date"], dt.date) else None
    if isinstance(values["title"], str) and is_marking(values["title"]):
        err(raw["title"][1], f"标题中有密级标识“{echo(values['title'])}”：{CLASSIFIED}")
    if "ledger" in raw:
        node, offset = raw["ledger"][0]  # kept as the YAML node and its first line (NODE_KEYS)
        ledger = front_entries(node, offset, date, source, out)
    else:
        ledger = ()

    kind = vocab.doc_types.get(values["doc_type"]) if isinstance(values["doc_type"], str) else None
    for spec in sorted(FIELDS, key=lambda f: MISSING_ORDER.index(f.name) if f.name in MISSING_ORDER else len(MISSING_ORDER)):
        if values.get(spec.name) is _EMPTY and spec.required is not None and spec.missing is not None \
                and spec.required(kind, vocab):
            err(raw.get(spec.name, (None, first_line))[1], spec.missing(kind, vocab))
    given: dict[str, Any] = {k: (None if v is _EMPTY or v is _BAD else v) for k, v in values.items()}
    if given["branch"] is None and values["branch"] is _EMPTY and len(vocab.branches) == 1:
        given["branch"] = next(iter(vocab.branches))
    year = given["year"]
    if year is None:
        if given["campaign"] is not None:
            year = vocab.campaigns[given["campaign"]].year
        elif date is not None:
            year = date.year
    if len(out) > before or any(given[k] is None for k in ("title", "doc_type", "date", "branch")) or year is None or date is None:
        return None
    return Meta(
        title=given["title"], doc_type=given["doc_type"], date=date, year=year, branch=given["branch"],
        member=given["member"], campaign=given["campaign"], meeting_type=given["meeting_type"],
        classification=given["classification"] or "内部", audience=given["audience"] or "members",
        status=given["status"] or "final", template=bool(given["template"]), tags=given["tags"] or (), ledger=ledger,
    )


MISSING_ORDER = ("title", "doc_type", "branch", "date", "member", "campaign", "meeting_type")


def _name(key: str) -> str:
    return f"{key}（{KEY_LABEL[key]}）"  # every canonical key has a Chinese name


def _text(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    """The one reading of a text: a one-line string with no control, zero-width or bidi character."""
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        err(line, f"“{_name(spec.name)}”应当是一段文字，而不是列表或嵌套的内容。")
        return _BAD
    if not isinstance(value, (str, int, float)):
        err(line, f"“{_name(spec.name)}”应当是一段文字；请直接写出文字，不要加“!!”类型标记。")
        return _BAD
    text = str(value).strip()
    bad = bad_char(text)
    if bad is not None:
        err(line, f"“{_name(spec.name)}”的第 {bad[0]} 个字符是看不见的控制字符或格式字符（{bad[1]}），页面上会显示错乱；请删除它（可以把这一行重新输入一遍）。")
        return _BAD
    return text or _EMPTY


def _vocab(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    text = _text(spec, value, line, vocab, err)
    if not isinstance(text, str):
        return text
    resolved = vocab.resolve(spec.table, text)
    if resolved is None:
        entries = getattr(vocab, spec.table)
        example = f"（也可以写中文名称，如“{next(iter(entries.values())).label}”）" if entries else ""
        names = {**{e.label: e.label for e in entries.values()}, **{i: e.label for i, e in entries.items()}}
        guess = did_you_mean(text, names)
        err(line, f"未知的{spec.what}“{echo(text)}”；{guess}可选：{suggest(text, list(entries))}{example}。请检查拼写，或在 vocabulary.yml 中添加。")
        return _BAD
    return resolved


def _date(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    text = _text(spec, value, line, vocab, err)
    if not isinstance(text, str):
        return text
    match = DATE_RE.match(text)
    if match:
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            err(line, f"日期“{echo(text)}”不存在（请核对月份和日期）。")
            return _BAD
        if FIRST_DATE <= day <= LAST_DATE:
            return day
        err(line, f"日期“{echo(text)}”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。")
        return _BAD
    err(line, f"无法识别的日期“{echo(text)}”；请写成“2024-07-18”或“2024年7月18日”。")
    return _BAD


def _year(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    text = _text(spec, value, line, vocab, err)
    if not isinstance(text, str):
        return text
    match = YEAR_RE.match(text)
    if match and 1921 <= int(match.group(1)) <= 2200:
        return int(match.group(1))
    err(line, f"无法识别的年度“{echo(text)}”；请写四位数字，例如“year: 2024”。")
    return _BAD


def _classification(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    text = _text(spec, value, line, vocab, err)
    if not isinstance(text, str):
        return text
    if mentions_classified(text):
        err(line, f"密级“{echo(text)}”：{CLASSIFIED}")
        return _BAD
    if text not in MARKINGS:
        err(line, f"未知的密级标识“{echo(text)}”；可选：{'、'.join(MARKINGS)}（不写时默认为“内部”）。")
        return _BAD
    return text


def _choice(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    text = _text(spec, value, line, vocab, err)
    if not isinstance(text, str):
        return text
    assert spec.choices is not None
    if text in spec.choices:
        return spec.choices[text]
    err(line, f"“{_name(spec.name)}”的值“{echo(text)}”无效；可选：{'、'.join(spec.choices)}。")
    return _BAD


def _bool(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    if isinstance(value, str) and not value.strip():
        return _EMPTY
    flag = parse_bool(value)
    if flag is None:
        err(line, f"“{_name(spec.name)}”应当写 {BOOL_HINT}，现在是“{echo(value)}”。")
        return _BAD
    return flag


def _tags(spec: Field, value: Any, line: int, vocab: Vocabulary, err) -> Any:
    if isinstance(value, str) and not value.strip():
        return _EMPTY
    if not isinstance(value, list):
        err(line, f"“{_name(spec.name)}”应当是一个列表，例如“tags: [主题教育, 理论学习]”。")
        return _BAD
    tags = []
    for item in value:
        text = _text(spec, item, line, vocab, err) if item is not None else _EMPTY
        if text is _EMPTY:
            err(line, f"“{_name(spec.name)}”中有空的一项；请删除它，例如“tags: [主题教育, 理论学习]”。")
        if not isinstance(text, str):
            return _BAD
        if is_marking(text):
            err(line, f"标签中有密级标识“{echo(text)}”：{CLASSIFIED}")
            return _BAD
        tags.append(text)
    return tuple(tags)


_PARSERS: dict[str, Callable[[Field, Any, int, Vocabulary, Callable[[int, str], None]], Any]] = {
    "text": _text, "vocab": _vocab, "date": _date, "year": _year, "classification": _classification,
    "choice": _choice, "bool": _bool, "tags": _tags,
}


def members_may_read(text: str) -> bool:
    """Whether a file whose front matter failed may still be shown to every member in a preview: only when its
    front matter can be read and says, once and validly, that members may read it (or says nothing)."""
    part = split(text)
    if part.front is None or not part.closed or len(part.front) > MAX_FRONT or too_deep(part.front, _FAST_LOADER):
        return False
    try:
        root = _compose(part.front)
    except (yaml.YAMLError, RecursionError):
        return False
    if not isinstance(root, yaml.MappingNode):
        return False
    said = [v for k, v in root.value if isinstance(k, yaml.ScalarNode) and ALIASES.get(k.value, k.value) == "audience"]
    if not said:
        return True
    if len(said) > 1 or not isinstance(said[0], yaml.ScalarNode):
        return False
    value = said[0].value.strip()
    return bad_char(value) is None and AUDIENCES.get(value) == "members"
