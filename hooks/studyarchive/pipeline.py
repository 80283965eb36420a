"""The pipeline the hook, the scripts and the tests share: read → parse → link."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import frontmatter
from .diagnostics import Diagnostic
from .linker import attach_markers, link
from .markers import find_markers
from .model import Archive, Material
from .outline import parse_outline, scan_lines
from .vocab import Vocabulary

# Markers a paid-document website leaves in copied text.
WEBSITE_MARKER_RE = re.compile(r"##paid(?:begin|end)##")


def build_archive(sources: Iterable[tuple[str, str]], vocab: Vocabulary, prefix: str = "docs/") -> Archive:
    """Materials from (docs-relative path, text) pairs; ``prefix`` makes paths as the user sees them."""
    archive = Archive()
    for path, text in sorted(sources):
        material = parse_material(path, text, vocab, prefix, archive.diagnostics)
        if material is not None:
            archive.materials[path] = material
    link(archive)
    return archive


def parse_material(path: str, text: str, vocab: Vocabulary, prefix: str, out: list[Diagnostic]) -> Material | None:
    source = prefix + path
    meta, part, problems = frontmatter.parse(text, source, vocab)
    out.extend(problems)
    if meta is None:
        return None
    body = strip_website_markers(part.body, part.body_line, source, out)
    material = Material(path, source, meta, body, part.body_line)
    doc_type = vocab.doc_types[meta.doc_type]
    if doc_type.structured:
        areas = vocab.campaigns[meta.campaign].areas if meta.campaign else ()
        outline = parse_outline(body, part.body_line, areas)
        material.sections, material.items = outline.sections, outline.items
        if not material.items_of("problem"):
            out.append(Diagnostic(source, part.body_line, f"{doc_type.label}中没有识别出“存在问题”部分或其中的问题；请用“一、存在问题”作小标题，问题用“一是”“1.”等编号（参见编写指南）。", "warning"))
    for line in scan_lines(body):
        material.markers.extend(find_markers(line.text, part.body_line + line.index, source, out))
    attach_markers(material)
    return material


def strip_website_markers(body: str, body_line: int, source: str, out: list[Diagnostic]) -> str:
    """Drop ##paidbegin## / ##paidend## (they would break the outline) and ask for them to go."""
    for n, line in enumerate(body.split("\n")):
        m = WEBSITE_MARKER_RE.search(line)
        if m:
            out.append(Diagnostic(source, body_line + n, f"网站标记“{m.group(0)}”不是材料内容，页面上已去掉；请从文件中删除它。", "warning"))
    return WEBSITE_MARKER_RE.sub("", body)
