"""`archive outline FILE…`: the recognised tree of a material, or of a file as `archive import` would write it;
the same report at the end of `archive import` (test_cli_import.py) and, folded, in the `serve` preview only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clitools import archive, make_project
from studyarchive.core.model import Item, Pos, Section
from studyarchive.output.outlinereport import outline_report
from studyarchive.parse.outline import Outline
from test_cli_import import FIXTURE

MATERIAL = """\
---
title: 党纪学习教育个人对照检查材料
doc_type: self_review
member: 张伟
campaign: 2024-dangji
date: 2024-07-18
---

按照要求，现作对照检查。

## 一、存在问题

### （一）政治纪律方面

这一段是方面的说明，不属于任何问题。

一是理论学习不够系统。学习条例时满足于读原文。

### （二）组织纪律方面

## 二、整改措施

一是加强纪律理论学习。每月精读一章。【针对问题：1.1】

二是严格请示报告。外出前书面报告。
"""

MATERIAL_OUTLINE = """\
docs/2024-dangji/zhangwei.md：个人对照检查材料“党纪学习教育个人对照检查材料”
  第 11 行  存在问题（问题部分）
    第 13 行  检视方面 1：政治纪律
    第 15 行  未归入问题、原因或措施（保留为说明文字）：“这一段是方面的说明，不属于任何问题。”
      第 17 行  问题 1.1  理论学习不够系统
    第 19 行  检视方面 2：组织纪律（其中没有识别出问题）
  第 21 行  整改措施（措施部分）
    第 23 行  措施 1  加强纪律理论学习 → 针对问题 1.1
    第 25 行  措施 2  严格请示报告 → 没有写对应的问题
  合计：1 个检视方面，1 个问题，0 条原因，2 条措施
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj", {"2024-dangji/zhangwei.md": MATERIAL})


def test_a_material_in_docs(project: Path) -> None:
    result = archive(project, "outline", "docs/2024-dangji/zhangwei.md")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == MATERIAL_OUTLINE


def test_a_material_outside_docs_and_one_that_is_not_structured(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "draft.md"
    outside.write_text(MATERIAL, encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("---\ntitle: 学习体会\ndoc_type: reflection\nmember: 张伟\ndate: 2024-07-18\n---\n\n一、学习\n二是体会。\n", encoding="utf-8")
    result = archive(project, "outline", str(outside), str(notes))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (MATERIAL_OUTLINE.replace("docs/2024-dangji/zhangwei.md", str(outside)) + "\n"
                             f"{notes}：心得体会“学习体会”\n  心得体会不拆分问题、原因和措施，全文作为正文显示。\n")


def test_a_text_file_is_converted_in_memory_and_nothing_is_written(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "张伟.txt"
    source.write_text(FIXTURE, encoding="gbk", errors="replace")
    before = sorted(p.as_posix() for p in (project / "docs").rglob("*"))
    result = archive(project, "outline", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    assert sorted(p.as_posix() for p in (project / "docs").rglob("*")) == before
    lines = result.stdout.splitlines()
    assert lines[0] == f"{source}：个人对照检查材料“党纪学习教育个人对照检查材料”（按 archive import 转换后的提纲，没有写入文件；行号是导入后文件的行号）"
    assert lines[1:4] == ["  第 13 行  存在问题（问题部分）", "    第 15 行  检视方面 1：政治纪律", "      第 17 行  问题 1.1  理论学习不够系统"]
    assert lines[-2:] == ["    第 49 行  措施 4  提高政治敏锐性 → 建议对应问题 1.2（待确认）",
                          "  合计：3 个检视方面，5 个问题，3 条原因，4 条措施"]


def test_unreadable_files_are_named_and_the_others_shown(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: 无类型\n---\n正文\n", encoding="utf-8")
    result = archive(project, "outline", str(tmp_path / "missing.txt"), str(broken), "docs/2024-dangji/zhangwei.md")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"无法读取 {tmp_path / 'missing.txt'}：找不到这个文件；请检查文件名和所在的文件夹。"
    assert lines[2] == f"{broken}：无法读取这份材料，原因如下（改正后再运行 archive outline）："
    assert lines[3].startswith(f"  {broken}:") and "doc_type" in lines[3]
    assert result.stdout.endswith(MATERIAL_OUTLINE)


def test_guesses_and_an_outline_without_sections() -> None:
    body = "前言\n一、存在问题\n一是学习不够。\n"
    item = Item("problem", "1", "学习不够", "一是学习不够。", Pos(3, 0), Pos(3, 7))
    outline = Outline([Section("problems", "存在问题", Pos(2, 0), "sec-problems")], [item],
                      [(3, "lead-in"), (2, "combined-heading"), (3, "something-new")])
    assert outline_report(body, 1, outline) == [
        "第 2 行  存在问题（问题部分）",
        "  第 3 行  问题 1  学习不够",
        "推测：第 2 行一行里合写了两级标题，已拆成两行理解，请核对。",
        "推测：第 3 行条目列表是从引导语（如“主要有以下几点：”）推断出来的，请核对。",
        "推测：第 3 行something-new，请核对。",
    ]
    assert outline_report("随便写写\n", 8, Outline()) == ["没有识别出小标题（如“一、存在问题”），全文作为正文显示，不拆分问题、原因和措施。"]


SERVE = """\
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(sys.argv[1])
if sys.argv[2] == "serve":
    config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/" if sys.argv[2] == "serve" else None)
"""


def test_the_preview_shows_the_outline_folded_and_the_built_site_never(project: Path) -> None:
    (project / "run.py").write_text(SERVE, encoding="utf-8")
    pages = {}
    for command in ("serve", "build"):
        run = subprocess.run([sys.executable, str(project / "run.py"), str(project / "mkdocs.yml"), command],
                             cwd=project, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        pages[command] = (project / "site" / "2024-dangji" / "zhangwei" / "index.html").read_text(encoding="utf-8")
    assert ('<details class="archive-outline"><summary>识别出的提纲（只在预览中显示，请核对）</summary><pre>'
            "第 11 行  存在问题（问题部分）\n  第 13 行  检视方面 1：政治纪律\n") in pages["serve"]
    assert "第 15 行  未归入问题、原因或措施（保留为说明文字）：“这一段是方面的说明，不属于任何问题。”" in pages["serve"]
    assert "这一段是方面的说明，不属于任何问题。</p>" in pages["serve"] and "这一段是方面的说明，不属于任何问题。</p>" in pages["build"]
    assert "archive-outline" not in pages["build"] and "识别出的提纲" not in pages["build"]


def test_a_duty_report_is_recognised_by_its_title(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "述职.txt"
    source.write_text("2024年度述职述廉报告\n一、履职情况\n全年完成各项任务。\n二、存在的问题\n一是学习不够深入。\n三、下一步打算\n"
                      "一是加强学习。\n王芳\n2025年1月10日\n", encoding="utf-8")
    result = archive(project, "import", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:3] == [
        f"已导入 {source}（UTF-8）→ docs/xuexi/wangfang-2025-1.md",
        "  标题：2024年度述职述廉报告；文档类型：述职述廉报告；党员：王芳；日期：2025-01-10",
        "  从原文读出（请核对）：标题、日期、党员、文档类型",
    ]
    check = archive(project, "check")  # a warning only: the proposed link 【建议对应问题：1】 waits to be confirmed
    assert check.returncode == 0 and "检查了 2 份材料：0 处错误" in check.stdout


def test_import_with_title_and_meeting_keeps_the_first_line_and_completes_the_minutes(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "记录.txt"
    source.write_text("会议议程\n讨论了发展党员工作。\n2024年4月16日\n", encoding="utf-8")
    result = archive(project, "import", str(source), "--title", "支委会会议记录", "--meeting", "支委会", "--type", "会议记录")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] + result.stdout.splitlines()[5:7] == [
        f"已导入 {source}（UTF-8）→ docs/huiyi/2024/2024-04-16-zhiweihui.md",
        "  标题：支委会会议记录；文档类型：会议记录；会议类型：支委会；日期：2024-04-16",
        "  提纲（行号是导入后文件的行号；也可以用 archive outline 文件 再看）：",
        "    会议记录不拆分问题、原因和措施，全文作为正文显示。",
    ]
    text = (project / "docs/huiyi/2024/2024-04-16-zhiweihui.md").read_text(encoding="utf-8")
    assert text.endswith("meeting_type: committee_meeting\n# 由 archive import 从“记录.txt”导入：以下各项由原文推断，请核对。\n"
                         "# 原文落款：2024年4月16日\n---\n\n会议议程\n\n讨论了发展党员工作。\n")
    assert archive(project, "check", "--strict").returncode == 0


def test_a_combined_heading_is_reported_as_a_guess(project: Path) -> None:
    """The recogniser's guesses reach the secretary: a combined heading split by its sub-headings, end to end."""
    source = Path(__file__).parent / "fixtures" / "layouts" / "combined_heading_subsections" / "01.txt"
    result = archive(project, "outline", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "推测：第 31 行“存在不足与改进方向”合并了问题和措施：先按问题识别，遇到其下的小标题再分开，请核对。" in lines
    assert "推测：第 41 行“改进方向”是合并小标题下的一部分：其下各条识别为措施，请核对。" in lines
    assert lines[-1] == "合计：0 个检视方面，3 个问题，0 条原因，3 条措施"
