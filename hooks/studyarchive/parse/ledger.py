"""The rectification ledger (整改台账): who does each measure, by when, and how far it has got.

Written where a secretary naturally writes it, in either of two places (docs/guide/ledger.md):

- at the end of the measure, as real files do: ``（责任人：孙立；完成时限：2024年3月底；状态：整改中）``;
- in the front matter, keyed by measure id: ``ledger: {3: {owner: 孙立, deadline: 2024-03-31, status: 整改中}}``.

Parsing and checking live here; counting open and overdue items is done against a build date
(SOURCE_DATE_EPOCH when set) so that two builds of the same input are identical. The date is always
the date in China (UTC+8, no daylight saving), whatever the machine's time zone: the branch's deadlines
are Chinese calendar days, and a build on a server set to UTC (or a laptop set to another zone) must
count the same open and overdue items as one in the branch's office.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from collections.abc import Mapping
from typing import Any

import yaml

from ..core.diagnostics import Diagnostic, echo, suggest
from ..core.model import Archive, Item, Ledger, Material, Report
from ..core.naming import zh_date

STATUSES = {"未启动": "not_started", "整改中": "in_progress", "已完成": "done", "长期坚持": "ongoing"}
STATUS_ALIASES = {
    "未开始": "未启动", "正在整改": "整改中", "推进中": "整改中", "持续推进": "整改中", "已整改": "已完成",
    "完成": "已完成", "已销号": "已完成", "已落实": "已完成", "持续整改": "长期坚持", "常态化": "长期坚持",
    "not_started": "未启动", "in_progress": "整改中", "done": "已完成", "ongoing": "长期坚持",
}
CLOSED = ("已完成", "长期坚持")
UNRECORDED = "未登记"
"""Shown for a measure that has no status yet; it counts as open."""

FIELDS: dict[str, tuple[str, ...]] = {
    "owner": ("责任人", "责任领导", "负责人"),
    "deadline": ("完成时限", "整改时限", "时限", "完成期限"),
    "status": ("状态", "整改状态"),
    "completed": ("完成日期", "完成时间", "销号日期"),
    "note": ("备注", "完成情况"),
}
FIELD_OF = {label: key for key, labels in FIELDS.items() for label in (key, *labels)}
FIELD_LABEL = {key: labels[0] for key, labels in FIELDS.items()}
KNOWN_LABELS = "、".join(labels[0] for labels in FIELDS.values())

_LABELS = "|".join(sorted((lbl for labels in FIELDS.values() for lbl in labels), key=len, reverse=True))
INLINE_RE = re.compile(rf"[（(]\s*((?:{_LABELS})\s*[：:][^（）()\n]*)[）)]")
PART_SPLIT_RE = re.compile(r"[；;，,]")
PAIR_RE = re.compile(r"^\s*([^：:]{1,8}?)\s*[：:]\s*(.*?)\s*$")

IMMEDIATE = ("立行立改", "立即整改", "即知即改")
ONGOING = ("长期坚持", "长期", "持续整改", "常态化")
_Y = r"(?:(?P<y>\d{4})\s*年\s*)?"
DEADLINE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})$"), "day"),
    (re.compile(rf"^{_Y}(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]\s*(?:前|之前|以前)?$"), "day"),
    (re.compile(rf"^{_Y}(?P<m>\d{{1,2}})\s*月\s*(?P<part>上旬|中旬|下旬|底|末|前|份|内|中)?\s*(?:前|之前|以前)?$"), "month"),
    (re.compile(r"^(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})$"), "month"),
    (re.compile(r"^(?P<y>\d{4})\s*年\s*(?:第)?(?P<q>[一二三四1-4])\s*季度\s*(?:末|底|前|内)?$"), "quarter"),
    (re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<half>上半年|下半年|年中)\s*(?:前|末|底)?$"), "half"),
    (re.compile(r"^(?P<y>\d{4})\s*年\s*(?:度)?\s*(?:年底|年末|底|末|内|前|全年)?\s*(?:前|之前)?$"), "year"),
)
QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
DEADLINE_HINT = "请写成“2024-03-31”“2024年3月31日”“2024年3月底”“2024年第二季度”“2024年底”，或写“立行立改”“长期坚持”"


# --- dates -------------------------------------------------------------------------------------

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
"""China Standard Time: the one zone the build date is taken in (no daylight saving since 1991)."""


def build_date(environ: Mapping[str, str], today: dt.date | None = None) -> dt.date:
    """The date the ledger is counted at, in China: SOURCE_DATE_EPOCH when set, so builds are reproducible,
    else now; the machine's time zone (TZ) plays no part."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            return dt.datetime.fromtimestamp(int(value), tz=CHINA).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"环境变量 SOURCE_DATE_EPOCH 的值“{echo(value)}”无效：应当是自1970年1月1日起的秒数，例如 1735603200（2024年12月31日）。") from None
    return today or dt.datetime.fromtimestamp(time.time(), tz=CHINA).date()


def parse_deadline(text: str, after: dt.date) -> tuple[dt.date | None, str | None]:
    """(date, None) for a date, (None, None) for 立行立改 / 长期坚持, (None, message) when unreadable.

    A date written without a year (3月底) is the first one on or after ``after`` (the material's date).
    """
    value = text.strip().rstrip("。.")
    if value in IMMEDIATE or value in ONGOING:
        return None, None
    for pattern, kind in DEADLINE_FORMS:
        m = pattern.match(value)
        if not m:
            continue
        groups = m.groupdict()
        year = int(groups["y"]) if groups.get("y") else None
        try:
            day = _deadline_day(kind, groups, year or after.year)
            if year is None and day < after:
                day = _deadline_day(kind, groups, after.year + 1)
        except ValueError:
            return None, f"完成时限“{echo(text)}”不存在（请核对月份和日期）。"
        return day, None
    return None, f"无法识别的完成时限“{echo(text)}”；{DEADLINE_HINT}。"


def _deadline_day(kind: str, g: dict[str, Any], year: int) -> dt.date:
    # Each form's pattern has the groups its kind reads (only part may be None). A month outside 1–12 raises
    # ValueError (monthrange's IllegalMonthError is one), as an impossible day does.
    if kind == "day":
        return dt.date(year, int(g["m"]), int(g["d"]))
    if kind == "month":
        month = int(g["m"])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, {"上旬": 10, "中旬": 20, "中": 15}.get(g.get("part") or "", last))
    if kind == "quarter":
        month = QUARTER[g["q"]] * 3
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if kind == "half":
        return dt.date(year, 12, 31) if g["half"] == "下半年" else dt.date(year, 6, 30)
    return dt.date(year, 12, 31)


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """A completion date: a full date only, with its year (3月28日 alone is no day of a known year)."""
    for pattern, _ in DEADLINE_FORMS[:2]:
        m = pattern.match(text.strip())
        if m and m.group("y"):
            try:
                return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), None
            except ValueError:
                return None, f"完成日期“{echo(text)}”不存在（请核对月份和日期）。"
    return None, f"无法识别的完成日期“{echo(text)}”；请写成“2024-03-28”或“2024年3月28日”。"


# --- reading entries ---------------------------------------------------------------------------

def _entry(values: dict[str, tuple[Any, int]], line: int, material_date: dt.date, source: str, where: str, out: list[Diagnostic]) -> Ledger:
    """One ledger entry from {field: (value, line)}; reports bad values."""
    data: dict[str, Any] = {}
    for key, (value, at) in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, (dict, list)):
            out.append(Diagnostic(where, at, f"台账项“{FIELD_LABEL[key]}”应当是一段文字，而不是列表或嵌套的内容。"))
            continue
        if key == "deadline":
            if isinstance(value, dt.date):
                data["deadline"], data["deadline_text"] = value, zh_date(value)
                continue
            text = str(value).strip()
            day, problem = parse_deadline(text, material_date)
            if problem:
                out.append(Diagnostic(where, at, problem))
                continue
            data["deadline"], data["deadline_text"] = day, text
        elif key == "completed":
            if isinstance(value, dt.date):
                data["completed"] = value
                continue
            day, problem = parse_date(str(value))
            if problem:
                out.append(Diagnostic(where, at, problem))
                continue
            data["completed"] = day
        elif key == "status":
            text = str(value).strip()
            status = text if text in STATUSES else STATUS_ALIASES.get(text)
            if status is None:
                out.append(Diagnostic(where, at, f"未知的整改状态“{echo(text)}”；可选：{suggest(text, list(STATUSES))}。"))
                continue
            data["status"] = status
        else:
            data[key] = str(value).strip()
    return Ledger(line=line, source=source, **data)


def front_entries(node: yaml.Node | None, offset: int, material_date: dt.date | None, source: str, out: list[Diagnostic]) -> tuple[tuple[str, Ledger], ...]:
    """The front matter's ``ledger`` (整改台账) mapping: measure id → fields; ``offset`` is the YAML's first file line."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return ()
    line = offset + node.start_mark.line
    if not isinstance(node, yaml.MappingNode):  # the example on one line: a message is one line of the log
        out.append(Diagnostic(source, line, "“ledger（整改台账）”应当按措施编号逐条写：在“ledger:”下面每条缩进一行，"
                                            "例如“  3: {责任人: 孙立, 完成时限: 2024年3月底, 状态: 整改中}”。"))
        return ()
    entries: list[tuple[str, Ledger]] = []
    for key_node, value_node in node.value:
        at = offset + key_node.start_mark.line
        measure = str(key_node.value).strip().removeprefix("措施").strip()
        if not re.fullmatch(r"\d{1,3}", measure):
            out.append(Diagnostic(source, at, f"台账中的“{echo(key_node.value)}”不是措施编号；请写措施的序号，例如“3:”表示措施 3。"))
            continue
        if any(m == measure for m, _ in entries):
            out.append(Diagnostic(source, at, f"台账中措施 {measure} 写了两次；请合并成一条。"))
            continue
        if not isinstance(value_node, yaml.MappingNode):
            out.append(Diagnostic(source, at, f"台账中措施 {measure} 应当写成“{{责任人: …, 完成时限: …, 状态: …}}”的形式。"))
            continue
        values: dict[str, tuple[Any, int]] = {}
        for field_node, field_value in value_node.value:
            field_line = offset + field_node.start_mark.line
            label = str(field_node.value).strip()
            key = FIELD_OF.get(label)
            if key is None:
                out.append(Diagnostic(source, field_line, f"未知的台账项“{echo(label)}”；可选：{KNOWN_LABELS}（也可以写 owner、deadline、status、completed、note）。"))
                continue
            if key in values:
                out.append(Diagnostic(source, field_line, f"台账中措施 {measure} 的“{FIELD_LABEL[key]}”写了两次；请只保留一处。"))
                continue
            values[key] = (_scalar(field_value), field_line)
        entries.append((measure, _entry(values, at, material_date or dt.date(1900, 1, 1), "front_matter", source, out)))
    return tuple(entries)


def _scalar(node: yaml.Node) -> Any:
    """A value as YAML gives it, but dates as date objects only when they are real ISO dates."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":timestamp"):
            try:
                return dt.date.fromisoformat(node.value[:10])
            except ValueError:
                return node.value  # reported by the deadline check as an impossible date
        return yaml.safe_load(yaml.serialize(node)) if not node.style else node.value  # plain: None, or "" from libyaml
    return yaml.safe_load(yaml.serialize(node))


def inline_entries(material: Material, item: Item, lines: list[str], out: list[Diagnostic]) -> list[Ledger]:
    """Every （责任人：…；完成时限：…） written inside a measure's text."""
    found: list[Ledger] = []
    for number in range(item.start.line, item.end.line + 1):
        index = number - material.body_line
        if not 0 <= index < len(lines):
            continue
        text = lines[index]
        stop = item.end.col if number == item.end.line else len(text)
        start = item.start.col if number == item.start.line else 0
        for m in INLINE_RE.finditer(text, start, max(start, stop)):
            values: dict[str, tuple[Any, int]] = {}
            last: str | None = None
            for part in PART_SPLIT_RE.split(m.group(1)):
                pair = PAIR_RE.match(part)
                key = FIELD_OF.get(pair.group(1)) if pair else None
                if (key is None and last == "note") or pair is None:
                    # A note may run on over commas (and colons): it is the rest of the text.
                    if last is not None and part.strip():
                        value, at = values[last]
                        values[last] = (f"{value}，{part.strip()}", at)
                    continue
                label = pair.group(1)
                if key is None:
                    out.append(Diagnostic(material.source_path, number, f"未知的台账项“{echo(label)}”（在“{echo(m.group(0))}”中）；可选：{KNOWN_LABELS}。"))
                    last = None
                    continue
                if key in values:
                    out.append(Diagnostic(material.source_path, number, f"“{echo(m.group(0))}”中“{FIELD_LABEL[key]}”写了两次；请只保留一处。"))
                    continue
                values[key] = (pair.group(2), number)
                last = key
            found.append(_entry(values, number, material.meta.date, "text", material.source_path, out))
    return found


# --- attaching and checking --------------------------------------------------------------------

def attach_ledgers(archive: Archive, personal: Mapping[str, bool], structured: Mapping[str, bool]) -> None:
    """Give each measure its ledger entry and check it; ``personal``/``structured`` by doc type id."""
    for material in archive.materials.values():
        out = archive.diagnostics
        front = dict(material.meta.ledger)
        measures = {m.id: m for m in material.items_of("measure")}
        if front and not structured.get(material.meta.doc_type, False):
            first = min(e.line for e in front.values())
            out.append(Diagnostic(material.source_path, first - 1 if first > 1 else first,
                                  "这份材料没有整改措施，front matter 中的 ledger（整改台账）不会被使用；请删去它。", "warning"))
            continue
        for measure_id, written in front.items():
            if measure_id not in measures:
                known = f"；本材料的措施编号：{'、'.join(measures)}。" if measures else "：本材料没有识别出整改措施；请删去这一条。"
                out.append(Diagnostic(material.source_path, written.line, f"台账中的措施 {measure_id} 不存在{known}"))
        lines = material.body.split("\n") if measures else []
        for item in measures.values():
            inline = inline_entries(material, item, lines, out)
            if len(inline) > 1:
                out.append(Diagnostic(material.source_path, inline[1].line, f"措施 {item.id} 写了 {len(inline)} 处台账信息；请合并成一处“（责任人：…；完成时限：…；状态：…）”。"))
            entry = inline[0] if inline else None
            if item.id in front:
                if entry is not None:
                    out.append(Diagnostic(material.source_path, entry.line,
                                          f"措施 {item.id} 的台账信息在正文和 front matter（第 {front[item.id].line} 行）中都写了；请只保留一处。"))
                entry = front[item.id]
            item.ledger = entry
            check_entry(material, item, personal.get(material.meta.doc_type, True), out)


def check_entry(material: Material, item: Item, personal: bool, out: list[Diagnostic]) -> None:
    entry = item.ledger
    line = entry.line if entry else item.start.line
    if not personal and (entry is None or not entry.owner):
        out.append(Diagnostic(material.source_path, line,
                              f"措施 {item.id}“{echo(item.title)}”没有写责任人：支部材料的每条整改措施都要明确责任人。"
                              "请在措施末尾写“（责任人：王建国；完成时限：2024年3月底；状态：整改中）”，"
                              "或写在 front matter 的 ledger 中（参见编写指南《整改台账》）。", "warning"))
    if entry is None:
        return
    if entry.completed and entry.status not in (None, "已完成"):
        out.append(Diagnostic(material.source_path, line, f"措施 {item.id} 写了完成日期，但整改状态是“{entry.status}”；请把状态改为“已完成”，或删去完成日期。", "warning"))
    if entry.deadline and entry.deadline < material.meta.date:
        out.append(Diagnostic(material.source_path, line,
                              f"措施 {item.id} 的完成时限（{zh_date(entry.deadline)}）早于材料日期（{zh_date(material.meta.date)}）；请核对年份。",
                              "warning"))


# --- follow-up reports --------------------------------------------------------------------------

# How a report's wording maps to a status (docs/guide/ledger.md, 后续材料的落实情况), tried in this order.
REPORT_ONGOING = ("持续", "长期", "常态化")
REPORT_OPEN = ("正在", "尚未", "还未", "未完成", "仍", "有待", "还不", "还没", "待上线", "待完成")
REPORT_DONE = ("已完成", "已落实", "已整改", "已解决", "已建立", "已经建立", "已于", "已纳入", "完成了", "建立了", "出台了", "基本解决", "没有再", "全覆盖", "均按计划")
MARKER_RE = re.compile(r"【[^】\n]*】")


def report_status(text: str) -> str:
    """The status a follow-up report's wording gives a measure: 持续/长期/常态化 → 长期坚持; a word that the
    work is not finished (正在、尚未、仍、有待…) → 整改中; a word that it is done (已完成、已落实、建立了…)
    → 已完成; anything else → 整改中 (reported on, but not said to be finished)."""
    if any(w in text for w in REPORT_ONGOING):
        return "长期坚持"
    if any(w in text for w in REPORT_OPEN):
        return "整改中"
    if any(w in text for w in REPORT_DONE):
        return "已完成"
    return "整改中"


def attach_reports(archive: Archive) -> None:
    """Give each measure the reports later materials make on it (【落实措施：2023-zhuti-2/wangjianguo#3】 written
    outside a measure's answer, as in 上年度问题整改落实情况). Run after the site's materials are chosen, so that
    a material this site does not show reports nothing."""
    for material in archive.materials.values():
        lines: list[str] | None = None
        for marker, anchor, _ in material.mentions:
            for ref in marker.refs:
                if ref.verb != "落实" or ref.kind != "measure":
                    continue
                key = material.resolved.get(ref)
                target_material = archive.materials.get(key.material) if key else None
                target = archive.lookup(key) if key else None
                if target is None or target_material is None or target_material is material:
                    continue
                if material.meta.date <= target_material.meta.date:
                    continue  # only a later material reports on how a measure went
                if lines is None:
                    lines = material.body.split("\n")
                index = marker.start.line - material.body_line
                text = MARKER_RE.sub("", lines[index]).strip() if 0 <= index < len(lines) else ""
                report = Report(material.path, anchor, material.meta.date, text, report_status(text))
                if report not in target.reports:
                    target.reports.append(report)
    for material in archive.materials.values():
        for item in material.items_of("measure"):
            item.reports.sort(key=lambda r: (r.date, r.material, r.anchor))


def latest_report(item: Item) -> Report | None:
    return item.reports[-1] if item.reports else None


# --- counting ----------------------------------------------------------------------------------

def status_of(entry: Ledger | None, item: Item | None = None) -> str:
    """A measure's status: the ledger's when it gives one (an explicit entry wins), else the latest later
    material's report on it (``item``), else 未登记."""
    if entry and entry.status:
        return entry.status
    report = latest_report(item) if item is not None else None
    return report.status if report else UNRECORDED


def status_source(entry: Ledger | None, item: Item) -> Report | None:
    """The report a measure's status comes from, or None when the ledger gives it (or nothing does)."""
    return None if entry and entry.status else latest_report(item)


def is_closed(entry: Ledger | None, item: Item | None = None) -> bool:
    return status_of(entry, item) in CLOSED


def due_date(entry: Ledger | None, material: Material) -> dt.date | None:
    """The day a measure is due: its deadline; 立行立改 is due on the material's own date."""
    if entry is None:
        return None
    if entry.deadline is not None:
        return entry.deadline
    if entry.deadline_text in IMMEDIATE:
        return material.meta.date
    return None


def is_overdue(entry: Ledger | None, material: Material, today: dt.date, item: Item | None = None) -> bool:
    """Overdue: the deadline has passed (before the build date) and the item is not closed."""
    due = due_date(entry, material)
    return due is not None and due < today and not is_closed(entry, item)


def owners(entry: Ledger | None, material: Material) -> tuple[str, ...]:
    """Who answers for a measure: as written, else the member whose material it is."""
    if entry and entry.owner:
        return tuple(o.strip() for o in re.split(r"[、,，/和]", entry.owner) if o.strip())
    return (material.meta.member,) if material.meta.member else ()
