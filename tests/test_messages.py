"""Every message the archive can print, with its exact text and, where it has one, its file:line (issue #23).

Most messages are diagnostics (diagnostics.Diagnostic): the cases below write small real materials, vocabularies and
mkdocs.yml files to a temporary folder and run the check `archive check` runs (check.collect) in the test process;
test_check_and_build_print_the_same shows that `archive check` and `mkdocs build` print them alike. The rest are
the CLI's own messages (`archive …`), the import's (textread) and the printouts' (pdf, wordfile).

test_every_message_in_the_code_has_a_test is the guard: it finds every message in hooks/ by reading the source
(MESSAGE SITES below) and fails when one of them is asserted by no test in tests/.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from clitools import archive
from conftest import ROOT, mkdocs, write_site
from studyarchive.cli import cli, pdf, wordfile
from studyarchive.cli.check import collect
from studyarchive.cli.textread import ReadError, read_document
from studyarchive.core.diagnostics import ArchiveError
from studyarchive.mkdocs.mkdocs_config import load_project

# --- materials --------------------------------------------------------------------------------------------------

HEAD = """\
---
title: 个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
{extra}---
"""
# The body starts on line 8 (when ``extra`` is empty): problem 1.1 on line 10, measure 1 on line 14.
LEDGER = "（责任人：张三；完成时限：2024年12月底；状态：整改中）"
BODY = f"""\
一、存在问题

（一）政治纪律方面。一是纪律意识不强。

二、整改措施

一是加强纪律学习。【针对问题：1.1】{LEDGER}
"""
VOCABULARY = (ROOT / "vocabulary.yml").read_text(encoding="utf-8")
MEETING = "  - {id: party_congress, label: 党员大会, rule: {per: quarter, min: 1}}"
# The line of the second `branches:` that the "table twice" case appends after a blank line.
SECOND_BRANCHES = VOCABULARY.count("\n") + 2
# The line of MEETING in vocabulary.yml, which the vocabulary cases rewrite.
MEETING_LINE = VOCABULARY.split("\n").index(MEETING) + 1


def material(extra: str = "", body: str = BODY, member: str = "张三") -> str:
    return HEAD.format(extra=extra).replace("张三", member) + body


def without_ledger(extra: str) -> str:
    """A material whose measure has no ledger in its text: the front matter's ``ledger`` is the only one."""
    return material(extra, BODY.replace(LEDGER, ""))


def project(root: Path, docs: dict[str, str], vocabulary: str | None = None, archive_options: object = None) -> Path:
    """A project folder (conftest.write_site) with extra.archive changed: a dict is merged, anything else replaces it."""
    write_site(root, docs, vocabulary)
    if archive_options is not None:
        config_file = root / "mkdocs.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        if isinstance(archive_options, dict):
            config["extra"]["archive"].update(archive_options)
        else:
            config["extra"]["archive"] = archive_options
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def at_option_lines(root: Path, line: str) -> str:
    """``mkdocs.yml:<same_areas>: …`` with <same_areas> replaced by the line where ``same_areas:`` is written."""
    written = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")

    def number(m: re.Match[str]) -> str:
        return str(next(n for n, text in enumerate(written, 1) if text.strip().startswith(f"{m.group(1)}:")))

    return re.sub(r"(?<=^mkdocs\.yml:)<(\w+)>", number, line)


def checked(root: Path) -> list[tuple[str, str]]:
    """(level, line as `archive check` prints it) for everything the check finds, in its order."""
    try:
        found, _ = collect(load_project(root / "mkdocs.yml"))
    except ArchiveError as exc:  # mkdocs.yml or the vocabulary cannot be read at all
        found = exc.diagnostics
    return [(d.level, str(d)) for d in found]


# --- diagnostics through the check ------------------------------------------------------------------------------

@dataclass
class Case:
    id: str
    docs: dict[str, str]
    expected: list[tuple[str, str]]
    """Everything the check reports, exactly: (level, "file:line: message")."""
    vocabulary: str | None = None
    archive_options: object = None


E, W = "error", "warning"
Z = "docs/2024-dangji/zhangsan.md"
CASES = [
    # front matter
    Case("front matter is not YAML", {"2024-dangji/zhangsan.md": material("tags: [理论学习\n")}, [
        (E, f"{Z}:7: front matter 不是有效的 YAML：expected ',' or ']', but got '<stream end>'。"
            "请检查这一行的冒号（英文冒号后加空格）、引号和缩进（只能用空格，不能用 Tab）。")]),
    Case("a value YAML cannot construct", {"2024-dangji/zhangsan.md": material("tags: !!int abc\n")}, [
        (E, f"{Z}:7: 无法读取这一项的值：invalid literal for int() with base 10: 'abc'。请检查写法。")]),
    Case("no doc_type", {"2024-dangji/zhangsan.md": material().replace("doc_type: self_review\n", "")}, [
        (E, f"{Z}:2: 缺少文档类型 doc_type；可选：self_review（个人对照检查材料）、branch_review（支部班子对照检查材料）、"
            "speech_outline（发言提纲）、rectification_list（整改清单）、reflection（心得体会）、study_notes（学习笔记）、"
            "minutes（会议记录）、talk_record（谈心谈话记录）、appraisal（民主评议党员）、duty_report（述职述廉报告）。")]),
    Case("an invisible character in the title",
         {"2024-dangji/zhangsan.md": material().replace("title: 个人对照", "title: 个人\u200b对照")}, [
        (E, f"{Z}:2: “title（标题）”的第 3 个字符是看不见的控制字符或格式字符（U+200B），页面上会显示错乱；"
            "请删除它（可以把这一行重新输入一遍）。")]),
    Case("an unknown classification", {"2024-dangji/zhangsan.md": material("classification: 公开\n")}, [
        (E, f"{Z}:7: 未知的密级标识“公开”；可选：内部、内部事项 注意保管（不写时默认为“内部”）。")]),
    Case("an empty tag", {"2024-dangji/zhangsan.md": material('tags: [理论学习, ""]\n')}, [
        (E, f"{Z}:7: “tags（标签）”中有空的一项；请删除它，例如“tags: [主题教育, 理论学习]”。")]),
    # the front matter's ledger
    Case("ledger is not a mapping", {"2024-dangji/zhangsan.md": material("ledger: 张三负责\n")}, [
        (E, f"{Z}:7: “ledger（整改台账）”应当按措施编号逐条写：在“ledger:”下面每条缩进一行，"
            "例如“  3: {责任人: 孙立, 完成时限: 2024年3月底, 状态: 整改中}”。")]),
    Case("a ledger field is a list", {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: {责任人: [张三, 李四]}\n")}, [
        (E, f"{Z}:8: 台账项“责任人”应当是一段文字，而不是列表或嵌套的内容。")]),
    Case("an impossible completion date",
         {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: {责任人: 张三, 状态: 已完成, 完成日期: 2024年2月30日}\n")}, [
        (E, f"{Z}:8: 完成日期“2024年2月30日”不存在（请核对月份和日期）。")]),
    Case("an unreadable completion date",
         {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: {责任人: 张三, 状态: 已完成, 完成日期: 2024年底}\n")}, [
        (E, f"{Z}:8: 无法识别的完成日期“2024年底”；请写成“2024-03-28”或“2024年3月28日”。")]),
    Case("a measure twice in the ledger",
         {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: {责任人: 张三}\n  措施1: {责任人: 李四}\n")}, [
        (E, f"{Z}:9: 台账中措施 1 写了两次；请合并成一条。")]),
    Case("a ledger entry is not a mapping", {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: 张三\n")}, [
        (E, f"{Z}:8: 台账中措施 1 应当写成“{{责任人: …, 完成时限: …, 状态: …}}”的形式。")]),
    Case("a ledger field twice", {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: {责任人: 张三, owner: 李四}\n")}, [
        (E, f"{Z}:8: 台账中措施 1 的“责任人”写了两次；请只保留一处。")]),
    Case("a ledger in a material without measures", {"xuexi/zhangsan.md": (
        "---\ntitle: 心得\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\nledger:\n  1: {责任人: 张三}\n---\n正文。\n")}, [
        (W, "docs/xuexi/zhangsan.md:6: 这份材料没有整改措施，front matter 中的 ledger（整改台账）不会被使用；请删去它。")]),
    Case("a ledger entry when no measure was recognised", {"2024-dangji/zhangsan.md": material(
        "ledger:\n  2: {责任人: 张三}\n", "一、存在问题\n\n（一）政治纪律方面。一是纪律意识不强。\n")}, [
        (E, f"{Z}:8: 台账中的措施 2 不存在：本材料没有识别出整改措施；请删去这一条。"),
        (W, f"{Z}:12: 问题 1.1“纪律意识不强”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1.1】”；"
            "本材料还没有识别出整改措施。")]),
    # the ledger in the text
    Case("an unknown inline ledger field",
         {"2024-dangji/zhangsan.md": material(body=BODY.replace("状态：整改中", "状态：整改中；督办人：李四"))}, [
        (E, f"{Z}:14: 未知的台账项“督办人”（在“（责任人：张三；完成时限：2024年12月底；状态：整改中；督办人：李四）”中）；"
            "可选：责任人、完成时限、状态、完成日期、备注。")]),
    Case("an inline ledger field twice",
         {"2024-dangji/zhangsan.md": material(body=BODY.replace("状态：整改中", "状态：整改中；责任人：李四"))}, [
        (E, f"{Z}:14: “（责任人：张三；完成时限：2024年12月底；状态：整改中；责任人：李四）”中“责任人”写了两次；请只保留一处。")]),
    Case("two inline ledgers for one measure",
         {"2024-dangji/zhangsan.md": material(body=BODY.replace("【针对问题：1.1】", "【针对问题：1.1】（责任人：李四）"))}, [
        (E, f"{Z}:14: 措施 1 写了 2 处台账信息；请合并成一处“（责任人：…；完成时限：…；状态：…）”。")]),
    Case("a completion date but not completed",
         {"2024-dangji/zhangsan.md": material(body=BODY.replace("状态：整改中", "状态：整改中；完成日期：2024年9月1日"))}, [
        (W, f"{Z}:14: 措施 1 写了完成日期，但整改状态是“整改中”；请把状态改为“已完成”，或删去完成日期。")]),
    Case("a deadline before the material's date",
         {"2024-dangji/zhangsan.md": material(body=BODY.replace("2024年12月底", "2023年12月底"))}, [
        (W, f"{Z}:14: 措施 1 的完成时限（2023年12月31日）早于材料日期（2024年7月18日）；请核对年份。")]),
    # links
    Case("a link to a draft", {
        "2024-dangji/zhangsan.md": material(body=BODY.replace("【针对问题：1.1】", "【针对问题：1.1、2024-dangji/lisi#1.1】")),
        "2024-dangji/lisi.md": material("status: draft\n", member="李四")}, [
        (E, f"{Z}:14: 材料“2024-dangji/lisi”还是草稿，不会发布；定稿的材料不能链接它。请等它定稿后再引用。")]),
    Case("a link to a material without problems", {
        "2024-dangji/zhangsan.md": material(body=BODY.replace("【针对问题：1.1】", "【针对问题：1.1、xuexi/zhangsan#1.1】")),
        "xuexi/zhangsan.md": "---\ntitle: 心得\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\n---\n正文。\n"}, [
        (E, f"{Z}:14: 问题 1.1 不存在（材料“xuexi/zhangsan”）；材料“xuexi/zhangsan”中没有识别出任何问题。")]),
    # privacy
    Case("an image from another site", {"2024-dangji/zhangsan.md": material(body=BODY + "\n![图](https://example.com/a.png)\n")}, [
        (W, f"{Z}:16: 材料中的图片来自外部网址（http://、https:// 或 //），读者打开页面时浏览器会去外网取图，已被去掉；"
            "请把图片文件放进 docs/ 下的 assets 文件夹，用相对路径引用。")]),
    Case("a mobile number", {"2024-dangji/zhangsan.md": material(body=BODY + "\n联系电话 13812345678。\n")}, [
        (W, f"{Z}:16: 疑似手机号码“138****5678”：个人信息不应写入材料，请删除；如果不是个人信息，"
            "请在这一行末尾加上“<!-- 非个人信息 -->”。")]),
    # the vocabulary (the check stops there: no material is read)
    Case("the vocabulary is not YAML", {}, [
        (E, "vocabulary.yml:3: 词表不是有效的 YAML：expected ',' or '}', but got ':'。请检查缩进和冒号。")],
         vocabulary="branches:\n  - {id: a, label: 甲\n    x: 1}\n"),
    Case("a vocabulary table twice", {}, [(E, f"vocabulary.yml:{SECOND_BRANCHES}: 词表中“branches”写了两次；请合并成一个列表。")],
         vocabulary=VOCABULARY + "\nbranches:\n  - {id: b, label: 乙}\n"),
    Case("a vocabulary id twice", {}, [(E, f"vocabulary.yml:{MEETING_LINE + 1}: “meeting_types”中的 id“party_congress”重复了；每个 id 只能出现一次。")],
         vocabulary=VOCABULARY.replace(MEETING, MEETING + "\n  - {id: party_congress, label: 党员会}")),
    Case("a vocabulary entry is not a mapping", {}, [(E, f"vocabulary.yml:{MEETING_LINE}: “meeting_types”的每一项应当写成 id: …、label: … 的形式。")],
         vocabulary=VOCABULARY.replace(MEETING, "  - 党员大会")),
    Case("a vocabulary entry's key twice", {}, [(E, f"vocabulary.yml:{MEETING_LINE}: “meeting_types”的这一项中“label”写了两次；请只保留一处。")],
         vocabulary=VOCABULARY.replace(MEETING, "  - {id: party_congress, label: 党员大会, label: 党员会}")),
    # mkdocs.yml's extra.archive: at the line of the option (<name> is that line, found in the file written)
    Case("extra.archive is not a mapping", {}, [
        (E, "mkdocs.yml:<archive>: extra.archive 应当是“名称: 值”的形式，例如 extra: 下面写 archive: 再逐项缩进写 audience: members。")],
         archive_options="members"),
    Case("same_areas is not a list of lists", {}, [
        (E, "mkdocs.yml:<same_areas>: extra.archive.same_areas 应当是检视方面名称的列表的列表，例如 [[理论学习, 学习贯彻党的创新理论]]。")],
         archive_options={"same_areas": [["理论学习", 3]]}),
    Case("an unknown meeting type", {}, [
        (E, "mkdocs.yml:<party_congres>: extra.archive.meetings 中未知的会议类型“party_congres”；可选：party_congress、committee_meeting、"
            "group_meeting、party_lecture、theme_day、org_life、special_org_life、democratic_life。")],
         archive_options={"meetings": {"party_congres": {"per": "quarter", "min": 1}}}),
    Case("the vocabulary file is missing", {}, [
        (E, "mkdocs.yml:<vocabulary>: extra.archive.vocabulary：找不到词表文件“missing.yml”；"
            "请写明词表文件的位置（相对于 mkdocs.yml 所在的文件夹），例如 vocabulary.yml。")],
         archive_options={"vocabulary": "missing.yml"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_check_reports_each_message_exactly(case: Case, tmp_path: Path) -> None:
    root = project(tmp_path / "site", case.docs, case.vocabulary, case.archive_options)
    assert checked(root) == [(level, at_option_lines(root, line)) for level, line in case.expected]


def test_each_case_quotes_the_line_it_names(tmp_path: Path) -> None:
    """The premise of the material cases: the line a message names is the line the problem is written on."""
    lines = {c.id: c.docs.get("2024-dangji/zhangsan.md", "").split("\n") for c in CASES}
    assert lines["an unknown classification"][7 - 1] == "classification: 公开"
    assert lines["a measure twice in the ledger"][9 - 1] == "  措施1: {责任人: 李四}"
    assert lines["a mobile number"][16 - 1] == "联系电话 13812345678。"
    assert lines["two inline ledgers for one measure"][14 - 1].startswith("一是加强纪律学习。")
    vocabulary = next(c.vocabulary for c in CASES if c.id == "a vocabulary id twice")
    assert vocabulary is not None and vocabulary.split("\n")[MEETING_LINE + 1 - 1] == "  - {id: party_congress, label: 党员会}"


def test_a_vocabulary_that_is_not_utf8(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {})
    (root / "vocabulary.yml").write_bytes("branches: [支部]\n".encode("gbk"))
    assert checked(root) == [(E, "vocabulary.yml: 词表不是 UTF-8 编码；请用 UTF-8 保存。")]


def test_a_docs_entry_that_is_not_a_file(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {"2024-dangji/zhangsan.md": material()})
    os.mkfifo(root / "docs" / "pipe.md")
    assert checked(root) == [(E, "docs/pipe.md: 这不是普通文件，不能发布；请删除它。")]


def test_a_config_that_is_not_yaml(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {})
    (root / "mkdocs.yml").write_text("site_name: 档案\nnav: [a\n", encoding="utf-8")
    assert checked(root) == [(E, "mkdocs.yml:3: 网站配置不是有效的 YAML：expected ',' or ']', but got '<stream end>'。")]


def test_a_config_that_is_not_utf8(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {})
    (root / "mkdocs.yml").write_bytes("site_name: 档案\n".encode("gbk"))
    assert checked(root) == [(E, "mkdocs.yml: 网站配置不是 UTF-8 编码；请用 UTF-8 保存。")]


def test_a_config_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").mkdir()
    with pytest.raises(ArchiveError) as raised:
        load_project(tmp_path / "mkdocs.yml")
    assert [str(d) for d in raised.value.diagnostics] == ["mkdocs.yml: 无法读取网站配置：Is a directory。"]


def test_a_config_mkdocs_refuses(tmp_path: Path) -> None:
    """MkDocs' own checks of mkdocs.yml (here: no site_name) stop `archive` as they stop the build."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("docs_dir: docs\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as raised:
        load_project(tmp_path / "mkdocs.yml")
    assert [str(d) for d in raised.value.diagnostics] == [
        "mkdocs.yml: MkDocs 不能使用这份网站配置（Aborted with a configuration error!）；请按上面 MkDocs 的提示改正，"
        "mkdocs build 也会因此失败。"]


# --- `archive check` and `mkdocs build` print the same --------------------------------------------------------

def test_check_and_build_print_the_same(tmp_path: Path) -> None:
    docs = {
        "2024-dangji/zhangsan.md": material(body=BODY.replace("【针对问题：1.1】", "【针对问题：1.1、2024-dangji/lisi#1.1】")),
        "2024-dangji/lisi.md": material("status: draft\n", member="李四"),
        "2024-dangji/wangwu.md": without_ledger("ledger:\n  1: 张三\n").replace("张三", "王五", 1),
        "2024-dangji/zhaoliu.md": material(body=BODY.replace("2024年12月底", "2023年12月底")).replace("张三", "赵六", 1),
    }
    root = project(tmp_path / "site", docs)
    expected = [
        (E, f"{Z}:14: 材料“2024-dangji/lisi”还是草稿，不会发布；定稿的材料不能链接它。请等它定稿后再引用。"),
        (E, "docs/2024-dangji/wangwu.md:8: 台账中措施 1 应当写成“{责任人: …, 完成时限: …, 状态: …}”的形式。"),
        (W, "docs/2024-dangji/zhaoliu.md:14: 措施 1 的完成时限（2023年12月31日）早于材料日期（2024年7月18日）；请核对年份。"),
    ]
    assert sorted(checked(root)) == sorted(expected)

    result = archive(root, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "错误：", expected[1][1], expected[0][1], "警告：", expected[2][1],  # by file
        "检查了 4 份材料：2 处错误，1 处警告。请按上面的提示逐条修改。"]

    built = mkdocs(root, "build", "--strict")
    assert built.code == 1
    logged = [line for line in built.log_lines if "Aborted with" not in line]
    assert sorted(logged) == sorted([f"ERROR   -  {expected[0][1]}", f"ERROR   -  {expected[1][1]}",
                                     f"WARNING -  {expected[2][1]}", "ERROR   -  档案检查发现 2 处错误，构建已中止。请按上面的提示逐条修改。"])


@pytest.mark.parametrize(("options", "vocabulary", "expected"), [
    ("members", None, ["ERROR   -  mkdocs.yml:<archive>: extra.archive 应当是“名称: 值”的形式，例如 extra: 下面写 archive: 再逐项缩进写 audience: members。",
                       "ERROR   -  网站配置（mkdocs.yml）有 1 处错误，构建已中止。"]),
    ({"same_areas": 3}, None, ["ERROR   -  mkdocs.yml:<same_areas>: extra.archive.same_areas 应当是检视方面名称的列表的列表，例如 [[理论学习, 学习贯彻党的创新理论]]。",
                               "ERROR   -  网站配置（mkdocs.yml）有 1 处错误，构建已中止。"]),
    (None, VOCABULARY + "\nbranches:\n  - {id: b, label: 乙}\n",
     [f"ERROR   -  vocabulary.yml:{SECOND_BRANCHES}: 词表中“branches”写了两次；请合并成一个列表。", "ERROR   -  词表有 1 处错误，构建已中止。"]),
], ids=["extra.archive read by the project", "extra.archive read by the indexes", "vocabulary"])
def test_the_build_stops_on_the_configuration_with_the_checks_message(options, vocabulary, expected, tmp_path: Path) -> None:
    root = project(tmp_path / "site", {"2024-dangji/zhangsan.md": material()}, vocabulary, options)
    expected = [re.sub(r"(?<=^ERROR   -  )(.*)", lambda m: at_option_lines(root, m.group(1)), line) for line in expected]
    built = mkdocs(root, "build", "--strict")
    assert built.code == 1
    assert [line for line in built.log_lines if "Aborted with" not in line] == expected
    assert [f"ERROR   -  {line}" for _, line in checked(root)] == expected[:1]


def test_check_reports_a_wrong_source_date_epoch_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "site", {"2024-dangji/zhangsan.md": material()})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "明天")
    result = archive(root, "check")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("错误：环境变量 SOURCE_DATE_EPOCH 的值“明天”无效：应当是自1970年1月1日起的秒数，"
                             "例如 1735603200（2024年12月31日）。\n")


# --- the CLI's own messages -----------------------------------------------------------------------------------

def test_cli_usage_errors(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {"2024-dangji/zhangsan.md": material()})
    (tmp_path / "a.txt").write_text("一、存在问题\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("一、存在问题\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    cases = [
        (("check", "-f", "nowhere.yml"), "错误：找不到网站配置文件 nowhere.yml。\n"),
        (("pdf",), "错误：请指定要生成 PDF 的内容：材料文件、--volume 批次 或 --ledger 批次，例如 archive pdf --volume 2024-dangji\n"),
        (("docx",), "错误：请指定要生成 Word 文件的内容：材料文件、--volume 批次 或 --ledger 批次，例如 archive docx --volume 2024-dangji\n"),
        (("pdf", "docs/index.md"), "错误：docs/index.md 不是材料文件：请写 docs/ 下某份材料的 .md 文件，例如 docs/2024-dangji/wangjianguo.md\n"),
        (("pdf", "--volume", "2024-dangji", "--site", str(tmp_path / "empty")),
         f"错误：{tmp_path / 'empty'} 不是构建好的网站（其中没有 index.html）；先运行 make build，或去掉 --site。\n"),
        (("import", "--output", "docs/x.md", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")),
         "错误：--output 只能在导入一个文件时使用。\n"),
    ]
    for args, stderr in cases:
        result = archive(root, *args)
        assert (result.returncode, result.stderr) == (2, stderr), args


def test_import_of_two_files_for_one_material(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {})
    text = "个人对照检查材料\n\n一、存在问题\n\n一是纪律意识不强。\n\n二、整改措施\n\n一是加强学习。\n"
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = archive(root, "import", "--member", "张三", "--campaign", "2024-dangji", "--type", "self_review",
                     str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.returncode == 1
    assert result.stderr == (f"没有导入 {tmp_path / 'b.txt'}：本次已从 {tmp_path / 'a.txt'} 写入 docs/2024-dangji/zhangsan.md，"
                             "两个文件对应同一份材料；请用 --member、--campaign 或 --output 区分。\n")
    lines = result.stdout.splitlines()
    assert "  还没有措施对应的问题：1" in lines
    assert lines[-2:] == ["共 2 个文件：导入 1 个，1 个没有导入（原因见上）。",
                          "下一步：打开导入的文件，补全“待补充”的项目，逐条核对【建议对应问题：…】，然后运行 archive check。"]


def test_import_names_a_sentence_it_lost(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The import's safety net (importer.missing_sentences finds no lost sentence for any known input): the line
    cli._summary prints for each sentence of the original not in the material written."""
    from studyarchive.cli.importer import import_file
    from studyarchive.core.vocab import load_vocabulary

    source = tmp_path / "a.txt"
    source.write_text("学习心得\n\n学习心得正文。\n", encoding="utf-8")
    vocab = load_vocabulary(VOCABULARY, "vocabulary.yml")
    converted, doc = import_file(source, vocab, {"member": "张三", "doc_type": "reflection"}, None)
    cli._summary(source, "docs/xuexi/zhangsan.md", doc, converted, ["这是一句很长很长的话，它在导入时丢失了，请手工把它补回材料中去。"], vocab)
    lost = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  注意：原文")]
    assert lost == ["  注意：原文的这句话没有出现在导入结果中，请手工补上：“这是一句很长很长的话，它在导入时丢失了，请手工把它补回材料中…”"]


def test_outline_of_a_file_whose_type_is_not_recognised(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {})
    (tmp_path / "a.txt").write_text("一些文字。\n", encoding="utf-8")
    result = archive(root, "outline", str(tmp_path / "a.txt"))
    assert result.stdout.splitlines()[0] == (f"{tmp_path / 'a.txt'}：文档类型未识别“（没有标题）”"
                                             "（按 archive import 转换后的提纲，没有写入文件；行号是导入后文件的行号）")


def test_the_questions_of_archive_new(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`archive new` asks at a terminal; three wrong answers end it."""
    answers = iter(["", "第九项", "99"])
    monkeypatch.setattr(builtins, "input", lambda prompt: next(answers))
    with pytest.raises(cli.UsageError) as raised:
        cli._ask("批次", [("2024-dangji", "党纪学习教育")])
    assert str(raised.value) == "没有得到有效的批次。"
    assert capsys.readouterr().out.splitlines() == [
        "批次", "  1. 党纪学习教育（2024-dangji）", "这一项必须填写。", "没有“第九项”这一项，请重新输入。", "没有“99”这一项，请重新输入。"]


def test_ctrl_c_ends_a_command_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(args) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run_check", interrupted)  # as if Ctrl-C were pressed during the check
    assert cli.main(["check"]) == 130
    assert capsys.readouterr() == ("", "\n已取消。\n")


# --- reading files to import ------------------------------------------------------------------------------------

def test_import_read_errors(tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(b"\x01\x02\x03\x04\x05\x06" * 20)
    utf16 = tmp_path / "broken.txt"
    utf16.write_bytes(b"\xff\xfe" + "第一行\n".encode("utf-16-le") + b"\x00\xd8")
    unreadable = tmp_path / "secret.txt"
    unreadable.write_text("学习心得。", encoding="utf-8")
    unreadable.chmod(0)
    cases = [
        (tmp_path, "这是一个文件夹；请写出其中要导入的文件，例如 文件夹/*.docx。"),
        (garbled, "文件里有大量乱码，它可能不是文本文件；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。"),
        (utf16, "文件开头标明是 UTF-16 编码，但第 2 行有不属于这种编码的字节，可能已损坏；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。"),
    ]
    if os.geteuid() != 0:  # root reads any file
        cases.append((unreadable, "无法读取文件：Permission denied。"))
    for path, message in cases:
        with pytest.raises(ReadError) as raised:
            read_document(path)
        assert str(raised.value) == message, path


def test_import_refuses_a_word_file_with_too_much_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studyarchive.cli import textread
    from studyarchive.core import limits

    monkeypatch.setattr(limits, "MAX_IMPORT_BYTES", 2_000_000)
    monkeypatch.setattr(textread, "docx_title_and_paragraphs", lambda path: ("", ["学" * 300_000] * 3))
    (tmp_path / "long.docx").write_bytes(b"")  # read by the stand-in above
    with pytest.raises(ReadError) as raised:
        read_document(tmp_path / "long.docx")
    assert str(raised.value) == "文件的文字太多（第 3 段起超出 2 MB 的上限）：一份材料不会这样长；请删去多余的部分，或拆成几个文件分别导入。"


# --- printouts (archive pdf, archive docx) ----------------------------------------------------------------------

def test_a_page_without_an_article_cannot_be_printed() -> None:
    message = "页面中没有找到正文（<article>）；这个文件不是档案网站生成的页面。"
    with pytest.raises(pdf.PdfError, match=f"^{re.escape(message)}$"):
        pdf.document("<html><body><p>别的网站</p></body></html>", "标题")
    with pytest.raises(wordfile.WordError, match=f"^{re.escape(message)}$"):
        wordfile.blocks("<html><body><p>别的网站</p></body></html>")


def test_missing_print_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint → ImportError
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(pdf.PdfError) as raised:
        pdf.render("<html></html>", Path("x.html"), Path("print.css"))
    assert str(raised.value) == f"没有安装 WeasyPrint，无法生成 PDF。{pdf.INSTALL_HINT}"
    assert pdf.INSTALL_HINT == ("请运行 make setup 安装 Python 依赖（其中的 print 组，或 pip install 'party-study-archive[print]'），"
                                "并以 root 运行 scripts/install-print.sh 安装 Pango 和中文字体。")
    with pytest.raises(wordfile.WordError) as raised:
        wordfile._docx()
    assert str(raised.value) == "没有安装 python-docx，无法生成 Word 文件；请运行 make setup。"


def test_weasyprint_without_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoPango:
        """An import of weasyprint that fails as it does when Pango is missing (cffi's dlopen)."""

        def find_spec(self, name, path=None, target=None):
            if name == "weasyprint":
                raise OSError("cannot load library 'libpango-1.0-0'")
            return None

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    with pytest.raises(pdf.PdfError) as raised:
        pdf.render("<html></html>", Path("x.html"), Path("print.css"))
    assert str(raised.value) == f"WeasyPrint 找不到它需要的系统库（cannot load library 'libpango-1.0-0'）。{pdf.INSTALL_HINT}"


def test_printing_from_a_given_site(tmp_path: Path) -> None:
    """make_pdfs and make_docx with --site: checked before anything is rendered."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 档案\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()  # MkDocs reads the configuration as the build would: docs_dir must exist
    site = tmp_path / "site"
    site.mkdir()
    shown = lambda path: path.relative_to(tmp_path).as_posix()  # noqa: E731
    jobs = [pdf.Job("a.md"), pdf.Job("b.md")]
    with pytest.raises(pdf.PdfError) as raised:
        pdf.make_pdfs(config, jobs, None, site, shown)
    assert str(raised.value) == "网站中没有 assets/print.css（site/assets/print.css）：请确认 mkdocs.yml 的 extra_css 列有 assets/print.css，并重新构建。"
    (site / "assets").mkdir()
    (site / "assets" / "print.css").write_text("", encoding="utf-8")
    out_pdf, out_docx = tmp_path / "out.pdf", tmp_path / "out.docx"
    for make, error, output, message in (
            (pdf.make_pdfs, pdf.PdfError, out_pdf, f"要生成 2 个 PDF，-o 应当是一个文件夹，而不是 {out_pdf}。"),
            (wordfile.make_docx, wordfile.WordError, out_docx, f"要生成 2 个 Word 文件，-o 应当是一个文件夹，而不是 {out_docx}。")):
        with pytest.raises(error) as raised:
            make(config, jobs, output, site, shown)
        assert str(raised.value) == message
        with pytest.raises(error) as raised:
            make(config, jobs[:1], None, site, shown)
        assert str(raised.value) == "网站中没有 a.md 的页面。"


def test_printing_stops_when_the_site_does_not_build(tmp_path: Path) -> None:
    root = project(tmp_path / "site", {"2024-dangji/zhangsan.md": without_ledger("ledger:\n  1: 张三\n")})
    with pytest.raises(pdf.PdfError) as raised:
        pdf.build_site(root / "mkdocs.yml", tmp_path / "out")
    assert str(raised.value).split("\n") == [
        "网站构建失败，无法生成 PDF；请先按下面的提示改正（也可以运行 archive check）：",
        f"ERROR   -  {Z}:8: 台账中措施 1 应当写成“{{责任人: …, 完成时限: …, 状态: …}}”的形式。",
        "ERROR   -  档案检查发现 1 处错误，构建已中止。请按上面的提示逐条修改。"]


# --- the guard: every message in the code has a test ------------------------------------------------------------
#
# MESSAGE SITES. A message is a Chinese text literal (a string or an f-string) that the code
#   - passes to Diagnostic(...), to the helpers that make one (Gate._error, frontmatter's err, project's wrong) or to
#     print(...), or as the argument of an exception it raises (raise UsageError(...), PluginError, ReadError, …);
#   - returns as part of a tuple, ending in "。" (a (value, problem) pair: ledger.parse_deadline, the outline's guesses);
#   - assigns to a name that one of the above uses (CLASSIFIED, NOT_UTF8, a hint), as a whole or through `if … else`,
#     `or` and `+`, never from inside a container or another call's arguments (labels, help texts).
# A message's constant parts (the text between its {placeholders}) must all appear, in order, in one text literal of
# some test: the test that asserts the message as printed. Placeholders in a test's own f-string split it too.

CJK = re.compile(r"[\u4e00-\u9fff]")
SINKS = {"Diagnostic", "_error", "err", "wrong", "print"}


@dataclass(frozen=True)
class Message:
    where: str
    """file:line of the literal in hooks/."""
    parts: tuple[str, ...]
    """The constant parts, stripped, without the empty ones."""
    text: str = field(compare=False)
    """The literal with {} for each placeholder, for the failure message."""


def _literals(node: ast.expr):
    """The texts an expression can evaluate to, through `if … else`, `or`, `+` and a lambda's body."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node, (node.value,)
    elif isinstance(node, ast.JoinedStr):
        yield node, tuple(v.value if isinstance(v, ast.Constant) else None for v in node.values)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _literals(value)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.Lambda):
        yield from _literals(node.body)


def _called(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else call.func.attr if isinstance(call.func, ast.Attribute) else ""


def messages() -> list[Message]:
    found: dict[tuple[str, int], Message] = {}
    for path in sorted((ROOT / "hooks").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        roots: list[ast.expr] = []
        ending: list[ast.expr] = []  # count only when they end in 。
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                roots += [*node.exc.args, *(k.value for k in node.exc.keywords)]
            elif isinstance(node, ast.Call) and _called(node) in SINKS:
                roots += [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.Call) and _called(node) == "Field":  # frontmatter's "missing" messages
                roots += [a for a in node.args if isinstance(a, ast.Lambda)]
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                ending += node.value.elts
        used = {n.id for root in roots for n in ast.walk(root) if isinstance(n, ast.Name)}
        roots += [n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id in used for t in n.targets)]
        for root in roots + ending:
            for literal, parts in _literals(root):
                text = "".join("{}" if p is None else p for p in parts)
                if not CJK.search(text) or (root in ending and not text.endswith("。")):
                    continue
                where = f"{path.relative_to(ROOT).as_posix()}:{literal.lineno}"
                found[(where, literal.col_offset)] = Message(where, tuple(p.strip() for p in parts if p and p.strip()), text)
    return list(found.values())


def texts_of_tests() -> list[str]:
    """Every text literal in tests/, an f-string's placeholders as NUL (a message's part cannot span them)."""
    texts = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        listed = {id(key) for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Dict)
                  and any(isinstance(t, ast.Name) and t.id == "UNREACHABLE" for t in n.targets) for key in n.value.keys}
        for node in ast.walk(tree):
            if id(node) in listed:  # naming a message as unreachable is no test of it
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value)
            elif isinstance(node, ast.JoinedStr):
                texts.append("\0".join(v.value if isinstance(v, ast.Constant) else "" for v in node.values))
    return texts




def asserted(message: Message, texts: list[str]) -> bool:
    for text in texts:
        at = 0
        for part in message.parts:
            at = text.find(part, at)
            if at < 0:
                break
            at += len(part)
        else:
            return True
    return False


# Messages no test can reach, each with the reason. The guard fails when one of them gets a test (remove it here)
# or leaves the code.
UNREACHABLE = {
    "无法读取词表文件“{}”（{}）":
        "options.read_vocabulary: an unreadable vocabulary other than a missing file or a folder (permissions); the "
        "tests run as root, who reads every file",
    "MkDocs 读取网站配置时出错（{}: {}）；mkdocs build 也会因此失败，请先改正。":
        "mkdocs_config.load_file: a safety net for an exception MkDocs itself does not turn into its configuration error",
    "{}{}/ 是自动生成的材料汇编所用的目录，不能放文件：{}。请把它移到别处。":
        "archive_hook: the gate (gate._check_addresses) reports and leaves out every file at a generated address first",
    "{}{}/ 是自动生成的索引所用的目录，不能放文件：{}。请把它们移到别处。":
        "archive_hook: the gate (gate._check_addresses) reports and leaves out every file at a generated address first",
}


def test_every_message_in_the_code_has_a_test() -> None:
    found = messages()
    assert len(found) > 200, "the scan finds the messages (Diagnostic, raise, print, …)"  # no vacuous pass
    texts = texts_of_tests()
    untested = [m for m in found if not asserted(m, texts) and m.text not in UNREACHABLE]
    assert not untested, ("这些消息还没有测试（tests/ 中没有断言它的完整文字）：请在 tests/test_messages.py 中加一个断言它完整文字"
                          "和文件:行号的测试；确实无法触发的，写进 UNREACHABLE 并注明原因。\n"
                          + "\n".join(f"{m.where}: {m.text}" for m in untested))
    listed = {m.text for m in found}
    assert not [t for t in UNREACHABLE if t not in listed], "UNREACHABLE 中有代码里已不存在的消息，请删去"
    assert not [m.where for m in found if m.text in UNREACHABLE and asserted(m, texts)], "UNREACHABLE 中的消息有了测试，请删去"


def test_the_guard_sees_a_new_message(tmp_path: Path) -> None:
    """The guard's own check: a message written nowhere in the tests is found untested, one asserted is not."""
    module = ast.parse('def f(out, x):\n    out.append(Diagnostic("a.md", 1, f"新的问题“{x}”；请改正。"))\n')
    call = next(n for n in ast.walk(module) if isinstance(n, ast.Call) and _called(n) == "Diagnostic")
    (_literal, parts), = _literals(call.args[2])
    message = Message("x.py:2", tuple(p.strip() for p in parts if p and p.strip()), "")
    assert message.parts == ("新的问题“", "”；请改正。")
    assert not asserted(message, ["新的问题", "”；请改正。新的问题“"])
    assert asserted(message, ["a.md:1: 新的问题“甲”；请改正。"])


# --- urls.yml (naming.py) -------------------------------------------------------------------------------------

URLS_MEMBER = {"2024-dangji/zhangsan.md": material()}


@pytest.mark.parametrize(("write", "expected"), [
    (lambda p: p.write_bytes("张三: zhangsan\n".encode("gbk")), "urls.yml: urls.yml 不是 UTF-8 编码；请用 UTF-8 保存。"),
    (lambda p: p.mkdir(), "urls.yml: 无法读取 urls.yml：Is a directory。"),
    (lambda p: p.write_text("张三: zhangsan\n\"\": lisi\n", encoding="utf-8"), "urls.yml:2: urls.yml 的这一行没有党员姓名；请写成“王建国: wangjianguo”。"),
], ids=["not utf-8", "a folder", "no name"])
def test_a_urls_yml_that_cannot_be_used(tmp_path: Path, write, expected: str) -> None:
    root = project(tmp_path / "site", URLS_MEMBER)
    write(root / "urls.yml")
    assert checked(root) == [(E, expected)]


def test_new_records_nothing_while_urls_yml_is_broken(tmp_path: Path) -> None:
    """`archive new` writes the material, and says why the new member's page was not recorded."""
    root = project(tmp_path / "site", URLS_MEMBER)
    (root / "urls.yml").write_text("- 张三\n", encoding="utf-8")
    made = archive(root, "new", "--type", "心得体会", "--member", "李四", "--date", "2024-03-01")
    assert made.returncode == 0, made.stderr
    assert made.stderr == ("注意：urls.yml:1: urls.yml 应当每行写一位党员和他的页面网址，例如“王建国: wangjianguo”。\n"
                           "注意：urls.yml 有错误，没有为新党员记下页面网址；改正后运行 archive check，按提示补上。\n")
    assert (root / "urls.yml").read_text(encoding="utf-8") == "- 张三\n"
