"""`archive new`: the naming convention, the skeleton of a campaign's areas, questions on a terminal, no overwriting."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from clitools import ARCHIVE, archive, make_project
from conftest import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


SELF_REVIEW = """\
---
title: 党纪学习教育个人对照检查材料
doc_type: self_review
member: 张伟
campaign: 2024-dangji
date: 2024-07-18
---

<!-- 开头写一段说明：按照……的要求，……现作个人对照检查如下。 -->

## 一、存在问题

### （一）政治纪律方面

<!-- 每个问题写一段：先用一句话概括问题，再写具体表现，最后写“比如，……”。段首依次写一是、二是…… -->

### （二）组织纪律方面

### （三）廉洁纪律方面

### （四）群众纪律方面

### （五）工作纪律方面

### （六）生活纪律方面

## 二、产生问题的原因分析

<!-- 每条原因写一段，段首依次写一是、二是…… -->

## 三、整改措施

<!-- 每条措施写一段，段首依次写一是、二是……；段末用针对问题的标记写明它回应哪些问题（写法见编写指南）。 -->
"""


RECORDED = "已在 urls.yml 记下{0}的页面网址 indexes/members/{1}/（“{0}: {1}”），以后不再变化；请把 urls.yml 一并提交。\n"


def test_self_review_gets_the_campaigns_areas_and_a_stable_path(project: Path) -> None:
    result = archive(project, "new", "--type", "个人对照检查材料", "--member", "张伟", "--campaign", "2024-dangji", "--date", "2024-07-18")
    # stdout is the path alone (for scripts); the new member's page is recorded in urls.yml, and said so on stderr.
    assert (result.returncode, result.stdout, result.stderr) == (0, "docs/2024-dangji/zhangwei.md\n", RECORDED.format("张伟", "zhangwei"))
    assert (project / "urls.yml").read_text(encoding="utf-8").endswith("\n张伟: zhangwei\n")
    assert (project / "docs" / "2024-dangji" / "zhangwei.md").read_text(encoding="utf-8") == SELF_REVIEW
    # Valid as it stands; the only thing the check asks for is the content.
    check = archive(project, "check")
    assert check.returncode == 0
    assert check.stdout.splitlines() == [
        "警告：",
        "docs/2024-dangji/zhangwei.md:8: 个人对照检查材料中没有识别出“存在问题”部分或其中的问题；请用“一、存在问题”作小标题，问题用“一是”“1.”等编号（参见编写指南）。",
        "检查了 1 份材料：0 处错误，1 处警告。警告不影响预览，但提交前请改正（严格构建会失败）。",
    ]


def test_filled_skeleton_builds_strictly(project: Path) -> None:
    assert archive(project, "new", "-t", "self_review", "-m", "李秀英", "-c", "2024-annual", "--date", "2025-01-20").returncode == 0
    path = project / "docs" / "2024-annual" / "lixiuying.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("### （一）学习贯彻党的创新理论方面\n", "### （一）学习贯彻党的创新理论方面\n\n一是学习不够系统。比如，读原著少。\n")
    text = text.replace("## 三、整改措施\n", "## 三、整改措施\n\n一是制定学习计划。每月读一篇原著。【针对问题：1.1】\n")
    path.write_text(text, encoding="utf-8")
    check = archive(project, "check", "--strict")
    assert (check.returncode, check.stdout) == (0, "检查了 1 份材料，没有发现问题。\n")


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (["-t", "发言提纲", "-m", "刘洋", "-c", "2023-zhuti-2"], "docs/2023-zhuti-2/liuyang-fayan.md"),
        (["-t", "心得体会", "-m", "陈静", "-c", "2023-zhuti-2"], "docs/2023-zhuti-2/chenjing-xinde.md"),
        (["-t", "branch_review", "-c", "2024-dangji"], "docs/2024-dangji/zhibu-banzi.md"),
        (["-t", "整改清单", "-c", "2024-dangji"], "docs/2024-dangji/zhenggai-qingdan.md"),
        (["-t", "会议记录", "--meeting", "支委会"], "docs/huiyi/2024/2024-07-18-zhiweihui.md"),
        (["-t", "学习笔记", "-m", "欧阳娜娜"], "docs/xuexi/ouyangnana-2024-1.md"),
    ],
)
def test_naming_convention(project: Path, args: list[str], path: str) -> None:
    result = archive(project, "new", *args, "--date", "2024-07-18")
    assert (result.returncode, result.stdout) == (0, path + "\n"), result.stderr
    assert (project / path).exists()


def test_notes_without_a_campaign_are_numbered(project: Path) -> None:
    outputs = [archive(project, "new", "-t", "study_notes", "-m", "周志强", "--date", "2024-03-01").stdout for _ in range(2)]
    assert outputs == ["docs/xuexi/zhouzhiqiang-2024-1.md\n", "docs/xuexi/zhouzhiqiang-2024-2.md\n"]


def test_refuses_to_overwrite(project: Path) -> None:
    args = ("new", "-t", "self_review", "-m", "张伟", "-c", "2024-dangji", "--date", "2024-07-18")
    assert archive(project, *args).returncode == 0
    path = project / "docs" / "2024-dangji" / "zhangwei.md"
    path.write_text("已经写好的内容\n", encoding="utf-8")
    again = archive(project, *args)
    assert again.returncode == 1
    assert again.stderr == "错误：docs/2024-dangji/zhangwei.md 已存在，不会覆盖。请直接编辑它。如果是同名的另一位党员，请用 --output 指定另一个文件名，例如在拼音后加数字。\n"
    assert path.read_text(encoding="utf-8") == "已经写好的内容\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-m", "张伟"], "错误：缺少文档类型：请用 --type 指定，例如 archive new --type 个人对照检查材料 --member 张三 --campaign 2024-dangji\n"),
        (["-t", "self_review", "-c", "2024-dangji"], "错误：缺少党员姓名：个人对照检查材料是个人材料，请用 --member 指定，例如 --member 张三\n"),
        (["-t", "self_review", "-m", "张伟"],
         "错误：缺少批次：个人对照检查材料必须属于某个批次，请用 --campaign 指定；可选：2019-bwcx、2023-zhuti-2、2024-dangji、2024-annual、2025-baxiang\n"),
        (["-t", "self_review", "-m", "张伟", "-c", "2024-dangi"],
         "错误：未知的批次“2024-dangi”（--campaign）；可选：2024-dangji、2024-annual、2025-baxiang、2019-bwcx、2023-zhuti-2，"
         "或中文名称，例如“不忘初心、牢记使命主题教育”。\n"),
        (["-t", "minutes"], "错误：缺少会议类型：会议记录请用 --meeting 指定；可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、专题组织生活会、民主生活会\n"),
        (["-t", "self_review", "-m", "张伟", "-c", "2024-dangji", "--date", "2024-02-30"], "错误：无法识别的日期“2024-02-30”（--date）；请写成 2024-07-18 或 2024年7月18日。\n"),
    ],
)
def test_missing_or_wrong_values_without_a_terminal(project: Path, args: list[str], message: str) -> None:
    result = archive(project, "new", *args)
    assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
    assert not (project / "docs" / "2024-dangji").exists()


def test_outside_a_project(tmp_path: Path) -> None:
    result = archive(tmp_path, "new", "-t", "self_review")
    assert (result.returncode, result.stderr) == (2, "错误：找不到 mkdocs.yml：请在档案仓库的文件夹里运行，或用 -f 指定 mkdocs.yml 的位置。\n")


def test_asks_on_a_terminal(project: Path) -> None:
    # stdin is a terminal (a pseudo-terminal here): the missing values are asked for, by number or by name.
    command = [str(ARCHIVE)] if ARCHIVE.exists() else [sys.executable, "-m", "studyarchive.cli.cli"]
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(ROOT / "hooks")}
    proc = subprocess.Popen([*command, "new", "--date", "2024-07-18"], cwd=project, env=env, stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    os.close(slave)
    os.write(master, "1\n王建国\n党纪学习教育\n".encode())
    out, err = proc.communicate(timeout=300)
    os.close(master)
    assert (proc.returncode, err) == (0, RECORDED.format("王建国", "wangjianguo"))
    assert out.startswith("文档类型\n  1. 个人对照检查材料（self_review）\n  2. 支部班子对照检查材料（branch_review）\n")
    assert "请输入编号或名称：党员姓名：批次\n" in out
    assert out.endswith("docs/2024-dangji/wangjianguo.md\n")
    assert (project / "docs" / "2024-dangji" / "wangjianguo.md").read_text(encoding="utf-8").startswith(
        "---\ntitle: 党纪学习教育个人对照检查材料\ndoc_type: self_review\nmember: 王建国\ncampaign: 2024-dangji\ndate: 2024-07-18\n---\n")
