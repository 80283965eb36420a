"""Where a problem is reported: the file and the line where the problem starts, as an editor jumps to it."""

from __future__ import annotations

from pathlib import Path

from conftest import write_site
from studyarchive.config.project import read_materials, read_vocabulary
from studyarchive.link.pipeline import build_archive
from studyarchive.mkdocs.mkdocs_config import load_project

# Problem 1.2 starts on line 11 and, with its example, ends on line 13; it has no measure.
MATERIAL = """\
---
title: 个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
---
一、存在问题

（一）政治纪律方面。一是纪律意识不强。
二是学习不认真，
笔记少。
比如，一年只写了三页。

二、整改措施

一是加强纪律学习。【针对问题：1.1】
"""


def diagnostics(root: Path):
    project = load_project(root / "mkdocs.yml")
    vocab = read_vocabulary(project.vocabulary, "vocabulary.yml")
    sources, problems = read_materials(project)
    assert problems == []
    return build_archive(sources, vocab, project.prefix)


def test_a_problem_without_a_measure_is_reported_at_its_first_line(tmp_path: Path) -> None:
    archive = diagnostics(write_site(tmp_path / "src", {"2024-dangji/zhangsan.md": MATERIAL}))
    material = archive.materials["2024-dangji/zhangsan.md"]
    item = next(i for i in material.items if i.kind == "problem" and i.id == "1.2")
    assert (item.start.line, item.end.line) == (11, 13)  # the test's premise: a problem over three lines
    found = [(d.line, d.level) for d in archive.diagnostics if "没有对应的整改措施" in d.message]
    assert found == [(11, "warning")], archive.diagnostics
    assert MATERIAL.splitlines()[11 - 1].startswith("二是学习不认真")
