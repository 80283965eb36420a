"""`archive check`: the build's own checks (build_archive on every material), without building the site."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from . import escaping
from .diagnostics import ArchiveError, Diagnostic
from .indexes import load_options, member_pages
from .ledger import build_date
from .pipeline import build_archive
from .project import Project, read_materials, read_vocabulary


def collect(project: Project) -> tuple[list[Diagnostic], int]:
    """Every diagnostic the build would report, and the number of materials read."""
    if project.problems:  # the build stops on them before it reads the vocabulary
        return sorted(project.problems), 0
    try:
        vocab = read_vocabulary(project.vocabulary, project.shown(project.vocabulary))
    except ArchiveError as exc:
        return sorted(exc.diagnostics), 0
    _, options = load_options(project.options or {}, vocab, build_date(os.environ), project.config_name)
    if options:  # and on these before it reads the materials
        return sorted(options), 0
    gate = project.gate()  # what the build lets into the site, and the files it refuses
    sources, problems = read_materials(project, gate)
    # All materials at once, as the build does, so that links between materials resolve.
    archive = build_archive(sources, vocab, project.prefix, audience=project.audience)
    _, attachments = gate.publish(dict(sources), archive.hidden)
    _, naming = member_pages(project.root, archive, vocab)
    return sorted(gate.diagnostics + problems + archive.diagnostics + attachments + naming), len(sources) + len(problems)


def select(project: Project, diagnostics: list[Diagnostic], paths: list[Path]) -> list[Diagnostic]:
    """Only what concerns the given files or folders (all of it when none is given)."""
    if not paths:
        return diagnostics
    wanted = [p.resolve() for p in paths]

    def concerns(d: Diagnostic) -> bool:
        where = (project.root / d.path).resolve()
        return any(where == w or w in where.parents for w in wanted)

    return [d for d in diagnostics if concerns(d)]


github_escape = escaping.github  # workflow-command escaping (escaping.py)


def report(diagnostics: Iterable[Diagnostic], fmt: str, out: TextIO) -> None:
    items = list(diagnostics)
    if fmt == "github":
        for d in items:
            where = f"file={github_escape(d.path, True)}" + (f",line={d.line}" if d.line else "")
            print(f"::{d.level} {where}::{github_escape(d.message)}", file=out)
        return
    for level, heading in (("error", "错误："), ("warning", "警告：")):
        chosen = [d for d in items if d.level == level]
        if chosen:
            print(heading, file=out)
            for d in chosen:
                print(str(d), file=out)


def summary(count: int, diagnostics: list[Diagnostic], strict: bool) -> str:
    errors = sum(d.level == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"检查了 {count} 份材料，没有发现问题。"
    text = f"检查了 {count} 份材料：{errors} 处错误，{warnings} 处警告。"
    if errors:
        return text + "请按上面的提示逐条修改。"
    if strict:
        return text + "严格模式（--strict）下警告也要改正。"
    return text + "警告不影响预览，但提交前请改正（严格构建会失败）。"


def failed(diagnostics: list[Diagnostic], strict: bool) -> bool:
    return any(d.level == "error" or strict for d in diagnostics)
