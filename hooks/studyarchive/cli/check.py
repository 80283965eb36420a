"""`archive check`: the build's own checks (build_archive on every material), without building the site."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..analyse.indexes import member_pages
from ..config.project import Project, read_materials
from ..core import escaping
from ..core.diagnostics import Diagnostic
from ..link.pipeline import build_archive


def collect(project: Project) -> tuple[list[Diagnostic], int]:
    """Every diagnostic the build would report after its options (load_project has read them as the build
    does, options.py), and the number of materials read."""
    vocab = project.settings.vocab
    gate = project.gate()  # what the build lets into the site, and the files it refuses
    sources, problems = read_materials(project, gate)
    # All materials at once, as the build does, so that links between materials resolve.
    archive = build_archive(sources, vocab, project.prefix, audience=project.audience)
    _, attachments = gate.publish(dict(sources), archive.hidden)
    _, naming = member_pages(project.root, archive, vocab)
    found = project.settings.warnings + gate.diagnostics + problems + archive.diagnostics + attachments + naming
    return sorted(found), len(sources) + len(problems)


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
