"""The ledger's rules one by one, in process (issue #23: what `make mutation` found no test pinning down).

Deadlines as written → the exact day; every message the ledger prints, with its file and line; statuses from
the ledger and from later reports; open, due and overdue at a build date; who answers for a measure.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import yaml

from conftest import ROOT
from studyarchive import build_archive
from studyarchive.core.diagnostics import Diagnostic
from studyarchive.core.model import Ledger, Report
from studyarchive.core.vocab import load_vocabulary
from studyarchive.parse import ledger as lg

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
D = dt.date


def archive_of(docs: dict[str, str]):
    return build_archive(sorted(docs.items()), VOCAB)


def messages(archive) -> list[tuple[str, int, str, str]]:
    return [(d.path, d.line, d.level, d.message) for d in archive.diagnostics]


# --- the build date -----------------------------------------------------------------------------------------

def test_the_build_date_is_the_day_in_china() -> None:
    # 2024-09-30 16:00 UTC is already 10月1日 in China; one second earlier it is still 9月30日.
    assert lg.build_date({"SOURCE_DATE_EPOCH": "1727712000"}) == D(2024, 10, 1)
    assert lg.build_date({"SOURCE_DATE_EPOCH": " 1727711999 "}) == D(2024, 9, 30)
    assert lg.build_date({"SOURCE_DATE_EPOCH": "0"}) == D(1970, 1, 1)
    # Unset or blank: today (given, or the clock's day in China).
    assert lg.build_date({}, D(2020, 5, 6)) == D(2020, 5, 6)
    assert lg.build_date({"SOURCE_DATE_EPOCH": "  "}, D(2020, 5, 6)) == D(2020, 5, 6)
    assert lg.build_date({}) in {dt.datetime.now(lg.CHINA).date() + dt.timedelta(days=d) for d in (-1, 0)}


def test_without_source_date_epoch_the_day_is_the_day_in_china(monkeypatch) -> None:
    """On a machine set to UTC, at 2024-09-30 16:00 UTC, the build counts 2024年10月1日, as in the branch's office."""
    monkeypatch.setenv("TZ", "UTC")
    time_module = lg.time
    time_module.tzset()
    monkeypatch.setattr(time_module, "time", lambda: 1727712000.0)
    try:
        assert lg.build_date({}) == D(2024, 10, 1)
        assert lg.build_date({}, D(2020, 1, 2)) == D(2020, 1, 2)
    finally:
        monkeypatch.undo()
        time_module.tzset()


@pytest.mark.parametrize("value", ["昨天", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_says_what_it_should_be(value: str) -> None:
    with pytest.raises(ValueError) as raised:
        lg.build_date({"SOURCE_DATE_EPOCH": value})
    assert str(raised.value) == (f"环境变量 SOURCE_DATE_EPOCH 的值“{value}”无效：应当是自1970年1月1日起的秒数，"
                                 "例如 1735603200（2024年12月31日）。")
    assert raised.value.__suppress_context__


def test_zh_date() -> None:
    assert lg.zh_date(D(2024, 3, 5)) == "2024年3月5日"


# --- deadlines ------------------------------------------------------------------------------------------------

AFTER = D(2024, 7, 20)


@pytest.mark.parametrize(("text", "day"), [
    ("2024-03-31", D(2024, 3, 31)), ("2024.3.5", D(2024, 3, 5)), ("2024 / 3 / 5", D(2024, 3, 5)),
    ("2024年3月31日", D(2024, 3, 31)), ("2024年3月5号之前", D(2024, 3, 5)), ("2024年3月5日以前。", D(2024, 3, 5)),
    ("2024年3月上旬", D(2024, 3, 10)), ("2024年3月中旬", D(2024, 3, 20)), ("2024年3月下旬", D(2024, 3, 31)),
    ("2024年3月中", D(2024, 3, 15)), ("2024年4月底", D(2024, 4, 30)), ("2024年4月末", D(2024, 4, 30)),
    ("2024年4月", D(2024, 4, 30)), ("2024年4月份", D(2024, 4, 30)), ("2024年4月前", D(2024, 4, 30)),
    ("2023年2月底", D(2023, 2, 28)), ("2024年1月底", D(2024, 1, 31)), ("2024年12月", D(2024, 12, 31)),
    ("2024-01", D(2024, 1, 31)), ("2024-02", D(2024, 2, 29)), ("2024.11", D(2024, 11, 30)),
    ("2024年第一季度", D(2024, 3, 31)), ("2024年二季度末", D(2024, 6, 30)), ("2024年第3季度", D(2024, 9, 30)),
    ("2024年四季度", D(2024, 12, 31)), ("2024年1季度前", D(2024, 3, 31)), ("2024年4季度内", D(2024, 12, 31)),
    ("2024年上半年", D(2024, 6, 30)), ("2024年年中", D(2024, 6, 30)), ("2024年下半年", D(2024, 12, 31)),
    ("2024年", D(2024, 12, 31)), ("2024年度", D(2024, 12, 31)), ("2024年年底前", D(2024, 12, 31)), ("2024年内", D(2024, 12, 31)),
    # Without a year: the first such day on or after the material's date (the material's own day counts).
    ("7月20日", D(2024, 7, 20)), ("7月19日", D(2025, 7, 19)), ("7月底", D(2024, 7, 31)), ("7月上旬", D(2025, 7, 10)),
    ("12月中旬前", D(2024, 12, 20)), ("2月底", D(2025, 2, 28)),
])
def test_a_deadline_as_written_is_that_day(text: str, day: dt.date) -> None:
    assert lg.parse_deadline(text, AFTER) == (day, None)


@pytest.mark.parametrize("text", ["立行立改", "立即整改", "即知即改", "长期坚持", "长期", "持续整改", "常态化", " 长期坚持。"])
def test_immediate_and_ongoing_have_no_day(text: str) -> None:
    assert lg.parse_deadline(text, AFTER) == (None, None)


@pytest.mark.parametrize("text", ["2024年2月30日", "2024-13-01", "2024年13月底", "2024年0月", "2023-02-29", "2月30日", "2024-00", "13月上旬"])
def test_an_impossible_deadline_is_named(text: str) -> None:
    assert lg.parse_deadline(text, AFTER) == (None, f"完成时限“{text}”不存在（请核对月份和日期）。")


@pytest.mark.parametrize("text", ["尽快", "下个月", "2024年5季度", "24年3月底", "3月底XX"])
def test_an_unreadable_deadline_gets_the_forms_that_work(text: str) -> None:
    assert lg.parse_deadline(text, AFTER) == (None, f"无法识别的完成时限“{text}”；请写成“2024-03-31”“2024年3月31日”“2024年3月底”"
                                                    "“2024年第二季度”“2024年底”，或写“立行立改”“长期坚持”。")


def test_a_completion_date_is_a_full_date_only() -> None:
    assert lg.parse_date("2024-03-28") == (D(2024, 3, 28), None)
    assert lg.parse_date(" 2024年3月28日 ") == (D(2024, 3, 28), None)
    # Read as a deadline, 3月28日 would be a day: as a completion date it needs its year.
    for text in ("3月28日", "2024年3月底", "2024年", "长期坚持"):
        assert lg.parse_date(text) == (None, f"无法识别的完成日期“{text}”；请写成“2024-03-28”或“2024年3月28日”。"), text
    assert lg.parse_date("2024-02-30") == (None, "完成日期“2024-02-30”不存在（请核对月份和日期）。")
    assert lg.parse_date("2024年3月28日前") == (D(2024, 3, 28), None)
    assert lg.parse_date("2024年3月28日。")[0] is None


# --- the front matter's ledger -----------------------------------------------------------------------------------

def front(yaml_text: str, offset: int = 2, date: dt.date | None = D(2024, 7, 20)):  # noqa: B008 (a date is immutable)
    out: list[Diagnostic] = []
    node = yaml.compose(yaml_text) if yaml_text else None
    entries = lg.front_entries(node, offset, date, "docs/a.md", out)
    assert all(d.path == "docs/a.md" and d.level == "error" for d in out)
    return entries, [(d.line, d.message) for d in out]


def test_front_matter_entries_exactly() -> None:
    entries, problems = front(
        "3:\n  责任人: 孙立\n  完成时限: 2024年3月底\n  状态: 推进中\n"
        "措施 4: {owner: 王芳, deadline: 2024-09-30, status: done, completed: 2024-09-01, note: 已验收}\n"
        "5: {整改时限: '10月底', 完成日期: '2024年10月8日', 完成情况: '  按期  ', 负责人: ~}\n", offset=5)
    assert problems == []
    assert [m for m, _ in entries] == ["3", "4", "5"]
    three, four, five = (e for _, e in entries)
    assert three == Ledger(line=5, owner="孙立", deadline=D(2024, 3, 31), deadline_text="2024年3月底", status="整改中",
                           source="front_matter")
    # A YAML date is a date; its text is written the Chinese way.
    assert four == Ledger(line=9, owner="王芳", deadline=D(2024, 9, 30), deadline_text="2024年9月30日", status="已完成",
                          completed=D(2024, 9, 1), note="已验收", source="front_matter")
    assert five == Ledger(line=10, deadline=D(2024, 10, 31), deadline_text="10月底", completed=D(2024, 10, 8), note="按期",
                          source="front_matter")


@pytest.mark.parametrize("text", ["", "~", "null", "''", '""'])
def test_an_empty_front_matter_ledger_is_none(text: str) -> None:
    assert front(text) == ((), [])


def test_a_missing_material_date_reads_deadlines_from_1900() -> None:
    entries, problems = front("1: {完成时限: 1月1日}", date=None)
    assert problems == [] and entries[0][1].deadline == D(1900, 1, 1)


def test_front_matter_ledger_mistakes_are_named_with_their_lines() -> None:
    for text in ("孙立负责", "\n- 3\n"):
        entries, problems = front(text, offset=7)
        assert entries == () and problems == [(7 + text.startswith("\n"), "“ledger（整改台账）”应当按措施编号逐条写：在“ledger:”下面每条缩进一行，"
                                                                           "例如“  3: {责任人: 孙立, 完成时限: 2024年3月底, 状态: 整改中}”。")], text
    entries, problems = front(
        "- 3\n", offset=7)
    assert entries == () and problems == [(7, "“ledger（整改台账）”应当按措施编号逐条写：在“ledger:”下面每条缩进一行，"
                                              "例如“  3: {责任人: 孙立, 完成时限: 2024年3月底, 状态: 整改中}”。")]
    entries, problems = front(
        "三: {责任人: 孙立}\n"        # line 2
        "1: {责任人: 孙立}\n"         # 3
        "措施1: {责任人: 王芳}\n"     # 4: the same measure again
        "2: 孙立负责\n"               # 5
        "4:\n"                        # 6
        "  督办人: 王芳\n"            # 7
        "  责任人: 孙立\n"            # 8
        "  负责人: 王芳\n"            # 9
        "  完成时限: 下个月\n"        # 10
        "  完成日期: 2024-02-30\n"    # 11
        "  状态: 办完了\n"            # 12
        "  备注: [一, 二]\n"          # 13
        "  责任领导: {a: 1}\n"        # 14 (a second owner: reported before its value is looked at)
        "1000: {责任人: 孙立}\n"      # 15
        "5: {完成日期: 2024年3月}\n", offset=2)  # 16
    assert [m for m, _ in entries] == ["1", "4", "5"]
    assert entries[1][1] == Ledger(line=6, owner="孙立", source="front_matter")
    assert problems == [
        (2, "台账中的“三”不是措施编号；请写措施的序号，例如“3:”表示措施 3。"),
        (4, "台账中措施 1 写了两次；请合并成一条。"),
        (5, "台账中措施 2 应当写成“{责任人: …, 完成时限: …, 状态: …}”的形式。"),
        (7, "未知的台账项“督办人”；可选：责任人、完成时限、状态、完成日期、备注（也可以写 owner、deadline、status、completed、note）。"),
        (9, "台账中措施 4 的“责任人”写了两次；请只保留一处。"),
        (14, "台账中措施 4 的“责任人”写了两次；请只保留一处。"),
        (10, "无法识别的完成时限“下个月”；请写成“2024-03-31”“2024年3月31日”“2024年3月底”“2024年第二季度”“2024年底”，或写“立行立改”“长期坚持”。"),
        (11, "完成日期“2024-02-30”不存在（请核对月份和日期）。"),
        (12, "未知的整改状态“办完了”；可选：未启动、整改中、已完成、长期坚持。"),
        (13, "台账项“备注”应当是一段文字，而不是列表或嵌套的内容。"),
        (15, "台账中的“1000”不是措施编号；请写措施的序号，例如“3:”表示措施 3。"),
        (16, "无法识别的完成日期“2024年3月”；请写成“2024-03-28”或“2024年3月28日”。"),
    ]


def test_a_yaml_timestamp_is_its_day() -> None:
    entries, problems = front("1: {完成日期: 2024-09-01 10:30:00, 完成时限: 2024-09-30T08:00:00}")
    assert problems == [] and entries[0][1] == Ledger(line=2, deadline=D(2024, 9, 30), deadline_text="2024年9月30日",
                                                      completed=D(2024, 9, 1), source="front_matter")


def test_yaml_values_are_read_as_written() -> None:
    entries, problems = front("1: {责任人: 123, 备注: '', 完成时限: 2024-02-30, 状态: 已完成}\n2: {完成时限: \"2024-09-30\", 备注: yes}")
    assert problems == [(2, "完成时限“2024-02-30”不存在（请核对月份和日期）。")]
    assert entries[0][1] == Ledger(line=2, owner="123", status="已完成", source="front_matter")
    # A quoted date is text, read as a deadline as written; a plain yes is YAML's True.
    assert entries[1][1] == Ledger(line=3, deadline=D(2024, 9, 30), deadline_text="2024-09-30", note="True", source="front_matter")


# --- the ledger in a measure's text -------------------------------------------------------------------------

BRANCH_HEAD = """\
---
title: 支部班子对照检查材料
doc_type: branch_review
campaign: 2024-dangji
date: 2024-07-20
---
"""
PROBLEMS = """\
一、存在问题

（一）政治纪律方面。一是学纪不深。比如，学习流于形式。二是把关不严。

二、整改措施

"""


def branch(measures: str, front_ledger: str = "", doc_type: str = "branch_review") -> str:
    head = BRANCH_HEAD.replace("branch_review", doc_type)
    if front_ledger:
        head = head.replace("---\n", "---\n", 1).replace("date: 2024-07-20\n", f"date: 2024-07-20\n{front_ledger}")
    return head + PROBLEMS + measures


def test_inline_ledgers_are_read_with_every_label() -> None:
    text = branch(
        "一是深入学纪。【针对问题：1.1】（责任人：王建国；完成时限：2024年8月底；状态：推进中）\n\n"         # line 13
        "二是严格把关。【针对问题：1.2】(责任领导: 李秀英, 整改时限: 9月30日前; 整改状态: 已销号, 销号日期: 2024-09-01,"
        " 完成情况: 已验收，建立台账：每月一查）\n\n"                                                        # 15
        "三是（负责人：孙立；时限：长期坚持；状态：常态化；备注：按月）坚持自查。【针对问题：1.1】\n")        # 17
    archive = archive_of({"a/zhibu.md": text})
    assert messages(archive) == []
    m = archive.materials["a/zhibu.md"]
    assert [i.ledger for i in m.items_of("measure")] == [
        Ledger(line=13, owner="王建国", deadline=D(2024, 8, 31), deadline_text="2024年8月底", status="整改中"),
        Ledger(line=15, owner="李秀英", deadline=D(2024, 9, 30), deadline_text="9月30日前", status="已完成", completed=D(2024, 9, 1),
               note="已验收，建立台账：每月一查"),
        Ledger(line=17, owner="孙立", deadline_text="长期坚持", status="长期坚持", note="按月"),
    ]


def test_a_parenthesis_outside_the_measure_is_not_its_ledger() -> None:
    # The ledger written after the last measure's line, or before the measures, belongs to none of them.
    text = branch("（责任人：赵六）\n\n一是深入学纪。【针对问题：1.1】（责任人：王建国）\n\n二是严格把关。【针对问题：1.2】\n")
    archive = archive_of({"a/zhibu.md": text})
    one, two = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=15, owner="王建国")
    assert two.ledger is None
    assert messages(archive) == [("docs/a/zhibu.md", 17, "warning",
                                  "措施 2“严格把关”没有写责任人：支部材料的每条整改措施都要明确责任人。"
                                  "请在措施末尾写“（责任人：王建国；完成时限：2024年3月底；状态：整改中）”，或写在 front matter 的 ledger 中（参见编写指南《整改台账》）。")]


def test_two_measures_on_one_line_each_keep_their_own_ledger() -> None:
    text = branch("一是深入学纪（责任人：王建国）；二是严格把关（责任人：李秀英；完成时限：2024-12-31）。【针对问题：1.1、1.2】\n")
    archive = archive_of({"a/zhibu.md": text})
    assert [i.ledger for i in archive.materials["a/zhibu.md"].items_of("measure")] == [
        Ledger(line=13, owner="王建国"), Ledger(line=13, owner="李秀英", deadline=D(2024, 12, 31), deadline_text="2024-12-31")]
    assert messages(archive) == []


def test_inline_ledger_mistakes_are_named_with_their_lines() -> None:
    text = branch(
        "一是深入学纪。【针对问题：1.1】（责任人：王建国；督办：赵六；备注：好）\n\n"          # 13
        "二是严格把关。【针对问题：1.2】（责任人：李秀英；负责人：孙立；状态：办完了；时限：明年）\n")  # 15
    archive = archive_of({"a/zhibu.md": text})
    one, two = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=13, owner="王建国", note="好")
    assert two.ledger == Ledger(line=15, owner="李秀英")
    assert messages(archive) == [
        ("docs/a/zhibu.md", 13, "error", "未知的台账项“督办”（在“（责任人：王建国；督办：赵六；备注：好）”中）；可选：责任人、完成时限、状态、完成日期、备注。"),
        ("docs/a/zhibu.md", 15, "error", "“（责任人：李秀英；负责人：孙立；状态：办完了；时限：明年）”中“责任人”写了两次；请只保留一处。"),
        ("docs/a/zhibu.md", 15, "error", "未知的整改状态“办完了”；可选：未启动、整改中、已完成、长期坚持。"),
        ("docs/a/zhibu.md", 15, "error", "无法识别的完成时限“明年”；请写成“2024-03-31”“2024年3月31日”“2024年3月底”“2024年第二季度”“2024年底”，或写“立行立改”“长期坚持”。"),
    ]


def test_an_unknown_label_does_not_swallow_what_follows() -> None:
    # After an unknown label the next part is not taken as its continuation; a bare part after a note is the note's.
    text = branch("一是深入学纪。【针对问题：1.1】（责任人：王建国；督办：赵六，孙立；状态：整改中）\n\n"
                  "二是严格把关。【针对问题：1.2】（备注：先查，再改；责任人：李秀英）\n")
    archive = archive_of({"a/zhibu.md": text})
    one, two = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=13, owner="王建国", status="整改中")
    assert two.ledger == Ledger(line=15, owner="李秀英", note="先查，再改")


def test_a_part_without_a_label_continues_the_field_before_it() -> None:
    text = branch("一是深入学纪。【针对问题：1.1、1.2】（责任人：王建国，李秀英；完成时限：2024年底）\n")
    archive = archive_of({"a/zhibu.md": text})
    (one,) = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=13, owner="王建国，李秀英", deadline=D(2024, 12, 31), deadline_text="2024年底")
    assert messages(archive) == []


def test_two_ledgers_in_one_measure_are_one_too_many() -> None:
    text = branch("一是深入学纪。【针对问题：1.1、1.2】（责任人：王建国）\n每月学习。（完成时限：2024年底）（状态：整改中）\n")
    archive = archive_of({"a/zhibu.md": text})
    (one,) = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=13, owner="王建国")
    assert messages(archive) == [("docs/a/zhibu.md", 14, "error", "措施 1 写了 3 处台账信息；请合并成一处“（责任人：…；完成时限：…；状态：…）”。")]


def test_front_matter_and_text_for_one_measure() -> None:
    ledger = "整改台账:\n  1: {责任人: 孙立}\n  7: {责任人: 王芳}\n"
    text = branch("一是深入学纪。【针对问题：1.1】（责任人：王建国）\n\n二是严格把关。【针对问题：1.2】（责任人：李秀英）\n", ledger)
    archive = archive_of({"a/zhibu.md": text})
    one, two = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=7, owner="孙立", source="front_matter")  # the front matter wins
    assert two.ledger == Ledger(line=18, owner="李秀英")
    assert messages(archive) == [
        ("docs/a/zhibu.md", 8, "error", "台账中的措施 7 不存在；本材料的措施编号：1、2。"),
        ("docs/a/zhibu.md", 16, "error", "措施 1 的台账信息在正文和 front matter（第 7 行）中都写了；请只保留一处。"),
    ]


def test_a_front_matter_ledger_for_a_material_without_measures() -> None:
    text = branch("一是深入学纪（责任人：王建国）。\n", "整改台账:\n  1: {责任人: 孙立}\n")
    archive = archive_of({"a/xinde.md": text.replace("branch_review", "reflection").replace("title:", "member: 张三\ntitle:")})
    assert messages(archive) == [("docs/a/xinde.md", 7, "warning", "这份材料没有整改措施，front matter 中的 ledger（整改台账）不会被使用；请删去它。")]


def test_a_front_matter_ledger_on_line_1_is_reported_there() -> None:
    out: list[Diagnostic] = []
    material = SimpleNamespace(meta=SimpleNamespace(ledger=(("1", Ledger(line=1)),), doc_type="reflection"),
                               items_of=lambda kind: [], source_path="docs/x.md", body="", body_line=3)
    lg.attach_ledgers(SimpleNamespace(materials={"x.md": material}, diagnostics=out), {}, {"reflection": False})
    assert [(d.line, d.level) for d in out] == [(1, "warning")]
    out.clear()
    material.meta.ledger = (("1", Ledger(line=2)), ("2", Ledger(line=5)))
    lg.attach_ledgers(SimpleNamespace(materials={"x.md": material}, diagnostics=out), {}, {})
    assert [(d.line, d.level) for d in out] == [(1, "warning")]


def test_a_front_matter_ledger_for_a_material_with_no_measures_found() -> None:
    text = BRANCH_HEAD.replace("date: 2024-07-20\n", "date: 2024-07-20\n整改台账:\n  2: {责任人: 孙立}\n") + "一、存在问题\n\n（一）政治纪律方面。一是学纪不深。\n"
    archive = archive_of({"a/zhibu.md": text})
    assert ("docs/a/zhibu.md", 7, "error", "台账中的措施 2 不存在：本材料没有识别出整改措施；请删去这一条。") in messages(archive)


# --- the checks of an entry ----------------------------------------------------------------------------------

def test_the_checks_of_an_entry() -> None:
    text = branch(
        "一是深入学纪。【针对问题：1.1】（完成时限：2024年7月19日；状态：整改中；完成日期：2024-07-25）\n\n"   # 13
        "二是严格把关。【针对问题：1.2】（责任人：李秀英；完成时限：2024年7月20日；完成日期：2024-07-25）\n\n"   # 15
        "三是完善制度。【针对问题：1.2】（责任人：孙立；状态：已完成；完成日期：2024-07-25）\n")                # 17
    archive = archive_of({"a/zhibu.md": text})
    assert messages(archive) == [
        ("docs/a/zhibu.md", 13, "warning", "措施 1“深入学纪”没有写责任人：支部材料的每条整改措施都要明确责任人。"
         "请在措施末尾写“（责任人：王建国；完成时限：2024年3月底；状态：整改中）”，或写在 front matter 的 ledger 中（参见编写指南《整改台账》）。"),
        ("docs/a/zhibu.md", 13, "warning", "措施 1 写了完成日期，但整改状态是“整改中”；请把状态改为“已完成”，或删去完成日期。"),
        ("docs/a/zhibu.md", 13, "warning", "措施 1 的完成时限（2024年7月19日）早于材料日期（2024年7月20日）；请核对年份。"),
    ]


def test_a_members_own_measure_needs_no_owner() -> None:
    text = branch("一是深入学纪。【针对问题：1.1】\n\n二是严格把关。【针对问题：1.2】（状态：整改中）\n", doc_type="self_review")
    archive = archive_of({"a/zhangsan.md": text.replace("title:", "member: 张三\ntitle:")})
    assert messages(archive) == []
    # A doc type the check does not know counts as personal.
    out: list[Diagnostic] = []
    item = SimpleNamespace(ledger=None, start=SimpleNamespace(line=4), id="1", title="t")
    lg.check_entry(SimpleNamespace(source_path="x", meta=SimpleNamespace(date=D(2024, 1, 1))), item, True, out)
    assert out == []


# --- reports in later materials ------------------------------------------------------------------------------

PERSONAL = """\
---
title: 张三个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-22
---
一、存在问题

（一）政治纪律方面。一是学习不深。

二、整改措施

一是加强学习。【针对问题：1.1】（状态：整改中）

二是多走访。【针对问题：1.1】

三是坚持自查。【针对问题：1.1】
"""
LATER = """\
---
title: 张三2024年度组织生活会对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-annual
date: {date}
---
一、上年度问题整改落实情况

一是学习方面。【落实措施：2024-dangji/zhangsan#1】已完成全年计划。

二是走访方面。还有两个村正在对接。【落实措施：2024-dangji/zhangsan#2】【落实措施：2024-dangji/zhangsan#9】

三是自查方面。需要持续用力。【见措施：2024-dangji/zhangsan#3】

二、存在问题

（一）理论学习方面。一是学习还不深。

三、整改措施

一是加强学习。【针对问题：1.1】
"""


def test_a_later_material_reports_on_measures() -> None:
    archive = archive_of({"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": LATER.format(date="2025-01-20")})
    one, two, three = archive.materials["2024-dangji/zhangsan.md"].items_of("measure")
    later = "2024-annual/zhangsan.md"
    assert [(r.material, r.date, r.text, r.status) for r in one.reports] == [(later, D(2025, 1, 20), "一是学习方面。已完成全年计划。", "已完成")]
    assert [(r.material, r.text, r.status) for r in two.reports] == [(later, "二是走访方面。还有两个村正在对接。", "整改中")]
    assert one.reports[0].anchor != two.reports[0].anchor
    assert three.reports == []  # 见 is no report
    # The ledger's status wins; with none, the latest report decides; with neither, 未登记.
    assert (lg.status_of(one.ledger, one), lg.status_source(one.ledger, one)) == ("整改中", None)
    assert (lg.status_of(two.ledger, two), lg.status_source(two.ledger, two)) == ("整改中", two.reports[0])
    assert (lg.status_of(three.ledger, three), lg.status_source(three.ledger, three)) == ("未登记", None)
    assert lg.status_of(two.ledger) == "未登记" and lg.status_of(None, two) == "整改中"


def test_only_a_later_material_reports() -> None:
    for date in ("2024-07-22", "2024-07-01"):
        archive = archive_of({"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": LATER.format(date=date)})
        assert all(i.reports == [] for i in archive.materials["2024-dangji/zhangsan.md"].items_of("measure")), date


def test_reports_come_in_date_order_and_the_latest_decides() -> None:
    second = LATER.format(date="2025-03-01").replace("2024年度组织生活会", "2025年专题").replace("2024-annual", "2025-zhuanti") \
        .replace("还有两个村正在对接。", "已完成走访。")
    docs = {"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": LATER.format(date="2025-01-20"),
            "2024-annual/b.md": second.replace("campaign: 2025-zhuanti", "campaign: 2024-annual").replace("member: 张三", "member: 李四")}
    archive = archive_of(docs)
    two = archive.materials["2024-dangji/zhangsan.md"].items_of("measure")[1]
    assert [(r.material, r.status) for r in two.reports] == [("2024-annual/zhangsan.md", "整改中"), ("2024-annual/b.md", "已完成")]
    assert lg.latest_report(two) is two.reports[-1] and lg.status_of(None, two) == "已完成"
    assert lg.latest_report(SimpleNamespace(reports=[])) is None


def test_a_report_is_kept_once() -> None:
    twice = LATER.format(date="2025-01-20").replace("【落实措施：2024-dangji/zhangsan#1】", "【落实措施：2024-dangji/zhangsan#1、2024-dangji/zhangsan#1】")
    archive = archive_of({"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": twice})
    assert len(archive.materials["2024-dangji/zhangsan.md"].items_of("measure")[0].reports) == 1


@pytest.mark.parametrize(("text", "status"), [
    ("需要持续用力。", "长期坚持"), ("已完成，长期坚持。", "长期坚持"), ("已常态化开展。", "长期坚持"),
    ("已完成一半，仍有差距。", "整改中"), ("尚未完成。", "整改中"), ("有待加强，已于三月部署。", "整改中"),
    ("已完成全年计划。", "已完成"), ("建立了制度。", "已完成"), ("没有再出现。", "已完成"), ("已于3月上线。", "已完成"),
    ("全年撰写学习体会四篇。", "整改中"), ("", "整改中"),
])
def test_report_wording(text: str, status: str) -> None:
    assert lg.report_status(text) == status


# --- open, due, overdue, owners -------------------------------------------------------------------------------

MATERIAL = SimpleNamespace(meta=SimpleNamespace(date=D(2024, 7, 20), member="张三"))
BRANCH_MATERIAL = SimpleNamespace(meta=SimpleNamespace(date=D(2024, 7, 20), member=None))


def test_due_dates() -> None:
    assert lg.due_date(None, MATERIAL) is None
    assert lg.due_date(Ledger(line=1, deadline=D(2024, 9, 1), deadline_text="立行立改"), MATERIAL) == D(2024, 9, 1)
    for text in lg.IMMEDIATE:
        assert lg.due_date(Ledger(line=1, deadline_text=text), MATERIAL) == D(2024, 7, 20)
    assert lg.due_date(Ledger(line=1, deadline_text="长期坚持"), MATERIAL) is None
    assert lg.due_date(Ledger(line=1), MATERIAL) is None


def test_overdue_at_the_build_date() -> None:
    entry = Ledger(line=1, deadline=D(2024, 9, 30), status="整改中")
    assert lg.is_overdue(entry, MATERIAL, D(2024, 10, 1))
    assert not lg.is_overdue(entry, MATERIAL, D(2024, 9, 30))
    assert not lg.is_overdue(Ledger(line=1, deadline=D(2024, 9, 30), status="长期坚持"), MATERIAL, D(2024, 10, 1))
    assert not lg.is_overdue(Ledger(line=1, deadline=D(2024, 9, 30)), MATERIAL, D(2024, 9, 1))
    # No status in the ledger: a later report that the work is done closes it; with none it is open (未登记).
    no_status = Ledger(line=1, deadline=D(2024, 9, 30))
    done = SimpleNamespace(reports=[Report("b.md", "x", D(2024, 9, 1), "已完成。", "已完成")])
    assert lg.is_overdue(no_status, MATERIAL, D(2024, 10, 1))
    assert not lg.is_overdue(no_status, MATERIAL, D(2024, 10, 1), done)
    assert lg.is_closed(None, done) and not lg.is_closed(None) and lg.is_closed(Ledger(line=1, status="已完成"))


def test_who_answers_for_a_measure() -> None:
    assert lg.owners(Ledger(line=1, owner="王建国、李秀英,孙立，赵六/钱七和周八 "), MATERIAL) == ("王建国", "李秀英", "孙立", "赵六", "钱七", "周八")
    assert lg.owners(Ledger(line=1, owner="王建国、、 "), MATERIAL) == ("王建国",)
    assert lg.owners(Ledger(line=1), MATERIAL) == ("张三",)
    assert lg.owners(None, MATERIAL) == ("张三",)
    assert lg.owners(None, BRANCH_MATERIAL) == ()


def test_measures_on_consecutive_lines_each_keep_their_own_ledger() -> None:
    text = branch("一是深入学纪。【针对问题：1.1】（责任人：王建国）\n二是严格把关。【针对问题：1.2】（责任人：李秀英）\n")
    archive = archive_of({"a/zhibu.md": text})
    assert [i.ledger for i in archive.materials["a/zhibu.md"].items_of("measure")] == [
        Ledger(line=13, owner="王建国"), Ledger(line=14, owner="李秀英")]
    assert messages(archive) == []


def test_a_ledger_on_the_next_line_of_an_indented_measure() -> None:
    # The measure starts at column 2 (after "- "); its second line is read from its first column.
    text = branch("- 一是深入学纪。【针对问题：1.1、1.2】\n（责任人：王建国）\n")
    (one,) = archive_of({"a/zhibu.md": text}).materials["a/zhibu.md"].items_of("measure")
    assert (one.start.col, one.ledger) == (2, Ledger(line=14, owner="王建国"))


def test_a_measure_on_the_first_line_of_the_text() -> None:
    archive = archive_of({"a/zhibu.md": BRANCH_HEAD + "整改措施：一是深入学纪（责任人：王建国）。\n"})
    (one,) = archive.materials["a/zhibu.md"].items_of("measure")
    assert one.ledger == Ledger(line=7, owner="王建国")


def test_a_list_value_does_not_stop_the_fields_after_it() -> None:
    entries, problems = front("1: {备注: [一, 二], 责任人: 孙立, 状态: 整改中}")
    assert problems == [(2, "台账项“备注”应当是一段文字，而不是列表或嵌套的内容。")]
    assert entries[0][1] == Ledger(line=2, owner="孙立", status="整改中", source="front_matter")


def test_a_material_whose_ledger_is_unused_does_not_stop_the_others() -> None:
    note = BRANCH_HEAD.replace("branch_review", "reflection").replace("title:", "member: 张三\ntitle:").replace(
        "date: 2024-07-20\n", "date: 2024-07-20\n整改台账:\n  1: {责任人: 孙立}\n") + "学习心得。\n"
    archive = archive_of({"a/a-xinde.md": note, "a/zhibu.md": branch("一是深入学纪。【针对问题：1.1、1.2】（责任人：王建国）\n")})
    assert archive.materials["a/zhibu.md"].items_of("measure")[0].ledger == Ledger(line=13, owner="王建国")
    assert [(p, level) for p, _, level, _ in messages(archive)] == [("docs/a/a-xinde.md", "warning")]


def test_two_ledgers_in_one_measure() -> None:
    text = branch("一是深入学纪。【针对问题：1.1、1.2】（责任人：王建国）\n每月学习。（完成时限：2024年底）\n")
    archive = archive_of({"a/zhibu.md": text})
    assert messages(archive) == [("docs/a/zhibu.md", 14, "error", "措施 1 写了 2 处台账信息；请合并成一处“（责任人：…；完成时限：…；状态：…）”。")]


def test_a_doc_type_not_in_the_map_is_personal() -> None:
    archive = archive_of({"a/zhibu.md": branch("一是深入学纪。【针对问题：1.1、1.2】\n")})
    archive.diagnostics.clear()
    lg.attach_ledgers(archive, {}, {"branch_review": True})
    assert archive.diagnostics == []
    lg.attach_ledgers(archive, {"branch_review": False}, {"branch_review": True})
    assert [d.line for d in archive.diagnostics] == [13]


def test_a_warning_about_a_front_matter_entry_names_its_line() -> None:
    ledger = "整改台账:\n  1: {责任人: 孙立, 状态: 整改中, 完成日期: 2024-08-01}\n"
    archive = archive_of({"a/zhibu.md": branch("一是深入学纪。【针对问题：1.1、1.2】\n", ledger)})
    assert messages(archive) == [("docs/a/zhibu.md", 7, "warning", "措施 1 写了完成日期，但整改状态是“整改中”；请把状态改为“已完成”，或删去完成日期。")]


def test_a_marker_whose_first_measure_is_unknown_still_reports_on_the_second() -> None:
    text = LATER.format(date="2025-01-20").replace("【落实措施：2024-dangji/zhangsan#2】【落实措施：2024-dangji/zhangsan#9】",
                                                   "【落实措施：2024-dangji/zhangsan#9、2024-dangji/zhangsan#2】")
    archive = archive_of({"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": text})
    two = archive.materials["2024-dangji/zhangsan.md"].items_of("measure")[1]
    assert [r.text for r in two.reports] == ["二是走访方面。还有两个村正在对接。"]


def test_a_report_on_the_first_line_of_the_text() -> None:
    head, _, _ = LATER.format(date="2025-01-20").partition("一、上年度问题整改落实情况")
    archive = archive_of({"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": head + "学习已完成。【落实措施：2024-dangji/zhangsan#2】\n"})
    two = archive.materials["2024-dangji/zhangsan.md"].items_of("measure")[1]
    assert [(r.text, r.status) for r in two.reports] == [("学习已完成。", "已完成")]


def test_a_marker_whose_first_measure_is_not_earlier_still_reports_on_the_second() -> None:
    """Only a later material reports on a measure: a marker naming a measure of a material dated after it skips
    that one and still reports on the others it names."""
    newer = PERSONAL.replace("campaign: 2024-dangji", "campaign: 2025-baxiang").replace("date: 2024-07-22", "date: 2025-06-01")
    text = LATER.format(date="2025-01-20").replace("【落实措施：2024-dangji/zhangsan#2】【落实措施：2024-dangji/zhangsan#9】",
                                                   "【落实措施：2025-baxiang/zhangsan#2、2024-dangji/zhangsan#2】")
    archive = archive_of({"2024-dangji/zhangsan.md": PERSONAL, "2025-baxiang/zhangsan.md": newer, "2024-annual/zhangsan.md": text})
    assert archive.materials["2025-baxiang/zhangsan.md"].items_of("measure")[1].reports == []
    two = archive.materials["2024-dangji/zhangsan.md"].items_of("measure")[1]
    assert [r.text for r in two.reports] == ["二是走访方面。还有两个村正在对接。"]
