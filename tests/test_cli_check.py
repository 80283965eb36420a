"""`archive check`: the build's own rules on every material, as `file:line: message`, exit codes, annotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clitools import archive, make_project
from conftest import ROOT, mkdocs
from studyarchive.core.diagnostics import Diagnostic
from studyarchive.mkdocs.mkdocs_config import load_project
from studyarchive.parse.markers import find_markers

GOOD = """\
---
title: 党纪学习教育个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
---
## 一、存在问题

### （一）政治纪律方面

一是学习不够。比如，读书少。

二是联系群众不够。比如，走访少。

## 二、整改措施

一是多读书。每月读一本。【针对问题：1.1】
"""
BAD_CAMPAIGN = GOOD.replace("campaign: 2024-dangji", "campaign: 2024-dangi").replace("张三", "李四")
PROPOSAL = GOOD.replace("张三", "王五").replace("【针对问题：1.1】", "【针对问题：1.1】\n\n二是多走访。【建议对应问题：1.2】")

WARNING_UNANSWERED = "问题 1.2“联系群众不够”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1.2】”（本材料的措施：1）。"
ERROR_CAMPAIGN = ("未知的批次“2024-dangi”；是不是：党纪学习教育？"
                  "可选：2024-dangji、2024-annual、2025-baxiang、2019-bwcx、2023-zhuti-2（也可以写中文名称，如“不忘初心、牢记使命主题教育”）。"
                  "请检查拼写，或在 vocabulary.yml 中添加。")


def test_clean_archive(tmp_path: Path) -> None:
    fixed = GOOD.replace("【针对问题：1.1】", "【针对问题：1.1、1.2】")
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": fixed, "guide/notes.md": "# 不是材料\n"})
    result = archive(root, "check", "--strict")
    assert (result.returncode, result.stdout, result.stderr) == (0, "检查了 1 份材料，没有发现问题。\n", "")


def test_errors_and_warnings_exit_codes_and_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": GOOD, "2024-dangji/lisi.md": BAD_CAMPAIGN})
    result = archive(root, "check")
    assert result.returncode == 1
    assert result.stdout == (
        "错误：\n"
        f"docs/2024-dangji/lisi.md:5: {ERROR_CAMPAIGN}\n"
        "警告：\n"
        f"docs/2024-dangji/zhangsan.md:14: {WARNING_UNANSWERED}\n"
        "检查了 2 份材料：1 处错误，1 处警告。请按上面的提示逐条修改。\n"
    )
    (root / "docs/2024-dangji/lisi.md").unlink()
    warned = archive(root, "check")
    assert warned.returncode == 0
    assert warned.stdout.endswith("检查了 1 份材料：0 处错误，1 处警告。警告不影响预览，但提交前请改正（严格构建会失败）。\n")
    strict = archive(root, "check", "--strict")
    assert strict.returncode == 1
    assert strict.stdout.endswith("检查了 1 份材料：0 处错误，1 处警告。严格模式（--strict）下警告也要改正。\n")


def test_github_annotations(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": GOOD, "2024-dangji/lisi.md": BAD_CAMPAIGN})
    result = archive(root, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file=docs/2024-dangji/lisi.md,line=5::{ERROR_CAMPAIGN}",
        f"::warning file=docs/2024-dangji/zhangsan.md,line=14::{WARNING_UNANSWERED}",
        "检查了 2 份材料：1 处错误，1 处警告。请按上面的提示逐条修改。",
    ]


def test_paths_limit_the_report_not_the_reading(tmp_path: Path) -> None:
    # lisi's measure answers a problem in zhangsan's material: it resolves because every material is read.
    cross = GOOD.replace("张三", "李四").replace("【针对问题：1.1】", "【针对问题：1.1、1.2】") + "\n二是同张三一起走访。【针对问题：2024-dangji/zhangsan#1.2】\n"
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": GOOD, "2024-dangji/lisi.md": cross, "2024-annual/wangwu.md": BAD_CAMPAIGN})
    folder = archive(root, "check", "--strict", "docs/2024-dangji")
    assert (folder.returncode, folder.stdout) == (0, "检查了 3 份材料，没有发现问题。\n")
    both = archive(root, "check", "docs/2024-dangji/lisi.md", "docs/2024-annual")
    assert both.returncode == 1
    assert both.stdout.splitlines()[1] == f"docs/2024-annual/wangwu.md:5: {ERROR_CAMPAIGN}"
    missing = archive(root, "check", "docs/nothere.md")
    assert (missing.returncode, missing.stderr) == (2, "错误：找不到文件或文件夹：docs/nothere.md\n")


def test_unconfirmed_proposals_are_warnings_with_file_and_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"2024-dangji/wangwu.md": PROPOSAL})
    result = archive(root, "check")
    assert result.returncode == 0
    assert "docs/2024-dangji/wangwu.md:20: 建议的对应关系“【建议对应问题：1.2】”还没有确认：核对无误请改成“【针对问题：1.2】”，不对就整条删去。" in result.stdout.splitlines()
    # A proposal is no link: problem 1.2 is still unanswered.
    assert f"docs/2024-dangji/wangwu.md:14: {WARNING_UNANSWERED.replace('措施：1）', '措施：1、2）')}" in result.stdout.splitlines()


def test_proposal_marker_in_the_core() -> None:
    out: list[Diagnostic] = []
    markers = find_markers("二是多走访。【建议对应问题：1.2、2.1】（对应问题1.1）", 7, "docs/a.md", out)
    assert [m.text for m in markers] == ["对应问题1.1"]
    assert out == [Diagnostic("docs/a.md", 7, "建议的对应关系“【建议对应问题：1.2、2.1】”还没有确认：核对无误请改成“【针对问题：1.2、2.1】”，不对就整条删去。", "warning")]
    # Without the colon it is still a proposal, never the bare marker 对应问题1.2 inside it.
    out.clear()
    assert find_markers("【建议对应问题1.2】", 3, "docs/a.md", out) == []
    assert [d.level for d in out] == ["warning"]


CONFIG = """\
site_name: 测试档案
docs_dir: !ENV [ARCHIVE_TEST_DOCS, content]
theme:
  name: material
  language: zh
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
hooks:
  - {hook}
extra:
  archive:
    vocabulary: config/vocabulary.yml
    pages:
      - index.md
      - about/*
"""


def test_same_rule_and_same_messages_as_the_build(tmp_path: Path) -> None:
    """A config with !ENV and !!python/name tags, its own docs_dir and pages: check and build agree line for line."""
    root = tmp_path / "site"
    (root / "config").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(hook=ROOT / "hooks" / "archive_hook.py"), encoding="utf-8")
    (root / "config" / "vocabulary.yml").write_text((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), encoding="utf-8")
    docs = {
        "index.md": "# 首页\n",
        "about/team.md": "# 关于（网站页面，不是材料）\n",
        "guide/howto.md": "# 这里的 guide 不是网站页面，所以是材料\n",
        "2024-dangji/zhangsan.md": GOOD,
        "2024-dangji/lisi.md": BAD_CAMPAIGN,
    }
    for path, text in docs.items():
        (root / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / path).write_text(text, encoding="utf-8")
    check = archive(root, "check")
    assert check.returncode == 1
    reported = [line for line in check.stdout.splitlines() if line.startswith("content/")]
    assert reported == [
        "content/2024-dangji/lisi.md:5: " + ERROR_CAMPAIGN,
        "content/guide/howto.md:1: 缺少 front matter：材料第一行应当是“---”，接着写标题、文档类型、党员、日期等信息，再以“---”结束。参见编写指南。",
        f"content/2024-dangji/zhangsan.md:14: {WARNING_UNANSWERED}",
    ]
    built = mkdocs(root, "build")
    assert built.code == 1
    from_build = sorted(re.sub(r"^(ERROR|WARNING)\s+-\s+", "", line) for line in built.log_lines if line.split("-", 1)[-1].strip().startswith("content/"))
    assert from_build == sorted(reported)


def test_load_project_reads_the_config_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs' own load_config (mkdocs_config.load_file): !ENV, !!python/name tags, docs_dir and extra.archive as in the build."""
    monkeypatch.setenv("ARCHIVE_TEST_DOCS", "materials")
    root = tmp_path / "site"
    for folder in ("config", "materials"):
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(hook=ROOT / "hooks" / "archive_hook.py"), encoding="utf-8")
    (root / "config" / "vocabulary.yml").write_text((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), encoding="utf-8")
    project = load_project(root / "mkdocs.yml")
    assert (project.prefix, project.pages, project.vocabulary) == ("materials/", ["index.md", "about/*"], root / "config" / "vocabulary.yml")


def test_material_that_is_not_utf8(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": GOOD.replace("【针对问题：1.1】", "【针对问题：1.1、1.2】")})
    (root / "docs" / "2024-dangji" / "lisi.md").write_bytes(BAD_CAMPAIGN.encode("gb18030"))
    result = archive(root, "check")
    assert result.returncode == 1
    assert result.stdout == (
        "错误：\n"
        "docs/2024-dangji/lisi.md: 文件不是 UTF-8 编码；请用 UTF-8 保存（可以用 archive import 转换）。\n"
        "检查了 2 份材料：1 处错误，0 处警告。请按上面的提示逐条修改。\n"
    )


def test_broken_vocabulary(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": GOOD}, vocabulary="campaigns: 3\n")
    result = archive(root, "check")
    assert result.returncode == 1
    assert result.stdout == (
        "错误：\n"
        "vocabulary.yml:1: “campaigns”下面应当是一个列表，每项以“- ”开头。\n"
        "vocabulary.yml:1: 词表缺少“branches”，或者它是空的。\n"
        "vocabulary.yml:1: 词表缺少“campaigns”，或者它是空的。\n"
        "vocabulary.yml:1: 词表缺少“doc_types”，或者它是空的。\n"
        "词表有 4 处错误，没有检查材料。请先改正词表。\n"
    )
