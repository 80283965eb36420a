"""The pipeline the hook, the scripts and the tests share: read → parse → link."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterable

from ..core import limits
from ..core.diagnostics import Diagnostic, echo
from ..core.model import Archive, Material
from ..core.people import person_of
from ..core.vocab import Vocabulary
from ..parse import frontmatter
from ..parse.ledger import attach_ledgers, attach_reports
from ..parse.markers import find_markers
from ..parse.markings import strip_comments
from ..parse.outline import parse_outline, scan_lines
from ..parse.privacy import check_body
from .linker import attach_markers, check_visibility, link, report_unanswered, restrict

# Markers a paid-document website leaves in copied text.
WEBSITE_MARKER_RE = re.compile(r"##paid(?:begin|end)##")


class ParseCache:
    """Each file's parse, kept from one build to the next (`serve`'s rebuilds): a file whose text, the
    vocabulary and the prefix are the same parses to the same material, so only changed files are parsed.

    A parse is kept pickled: the linker and the ledgers then change the materials of one build, and each
    build needs its own fresh copy, which unpickling makes far faster than parsing."""

    def __init__(self) -> None:
        self.vocab: Vocabulary | None = None
        self.prefix = ""
        self.parsed: dict[str, tuple[str, bytes]] = {}
        self.hits = 0

    def start(self, vocab: Vocabulary, prefix: str) -> None:
        """A new build: a changed vocabulary or prefix makes every kept parse stale."""
        if vocab != self.vocab or prefix != self.prefix:
            self.parsed = {}
        self.vocab, self.prefix, self.hits = vocab, prefix, 0

    def parse(self, path: str, text: str, out: list[Diagnostic]) -> Material | None:
        assert self.vocab is not None  # start() came first
        kept = self.parsed.get(path)
        if kept is not None and kept[0] == text:
            material, problems = pickle.loads(kept[1])
            self.hits += 1
        else:
            problems = []
            material = parse_material(path, text, self.vocab, self.prefix, problems)
            self.parsed[path] = (text, pickle.dumps((material, problems), pickle.HIGHEST_PROTOCOL))
        out.extend(problems)
        return material

    def keep_only(self, paths: set[str]) -> None:
        """Deleted files' parses go."""
        self.parsed = {path: kept for path, kept in self.parsed.items() if path in paths}


def build_archive(sources: Iterable[tuple[str, str]], vocab: Vocabulary, prefix: str = "docs/",
                  audience: str = "members", drafts: bool = False, cache: ParseCache | None = None) -> Archive:
    """Materials from (docs-relative path, text) pairs; ``prefix`` makes paths as the user sees them.

    Every material is checked, whatever the site; then only those that ``audience`` may see (and
    drafts, for a local preview) are kept, with no trace of the others. ``cache`` reuses the parses of
    unchanged files from the previous build (`serve`).
    """
    archive = Archive()
    sources = sorted(sources)
    if cache is not None:
        cache.start(vocab, prefix)
        cache.keep_only({path for path, _ in sources})
    for path, text in sources:
        if cache is not None:
            material = cache.parse(path, text, archive.diagnostics)
        else:
            material = parse_material(path, text, vocab, prefix, archive.diagnostics)
        if material is not None:
            archive.materials[path] = material
    check_duplicates(archive, vocab)
    link(archive)
    attach_ledgers(archive, {d.id: d.personal for d in vocab.doc_types.values()}, {d.id: d.structured for d in vocab.doc_types.values()})
    check_visibility(archive)
    restrict(archive, lambda m: (audience == "committee" or m.meta.audience == "members") and (drafts or m.meta.status != "draft"))
    attach_reports(archive)
    report_unanswered(archive)
    return archive


def check_duplicates(archive: Archive, vocab: Vocabulary) -> None:
    """Two files for one member's same document of the same campaign are one too many.

    A member is a person (name and branch, people.Person): namesakes in two branches are two people."""
    seen: dict[tuple, Material] = {}
    for material in archive.materials.values():
        meta = material.meta
        person = person_of(meta)
        if not (person and meta.campaign):
            continue
        key = (person, meta.campaign, meta.doc_type, meta.meeting_type)
        if key in seen:
            first = seen[key]
            kind = vocab.label("doc_types", meta.doc_type)
            archive.diagnostics.append(Diagnostic(material.source_path, 1, (
                f"与 {first.source_path} 重复：同一党员（{meta.member}）在同一批次（{vocab.label('campaigns', meta.campaign)}）只能有一份{kind}。"
                f"是同一份材料的，请合并两个文件；是本支部同名的另一位党员，请在这份材料的姓名后用全角括号注明区别，"
                f"例如“member: {meta.member}（综合科）”或“member: {meta.member}（1985年）”，括号里的文字是姓名的一部分，页面上照写显示；"
                f"否则请改正其中一份的党员、批次或文档类型。")))
        else:
            seen[key] = material


def parse_material(path: str, text: str, vocab: Vocabulary, prefix: str, out: list[Diagnostic]) -> Material | None:
    source = prefix + path
    # The limits first: what exceeds them must not reach the YAML parser, the outline or Python-Markdown.
    too_large = limits.check_size(text, source)
    if too_large is not None:
        out.append(too_large)
        return None
    meta, part, problems = frontmatter.parse(text, source, vocab)
    out.extend(problems)
    if meta is None:
        return None
    beyond = limits.check_body(part.body, part.body_line, source)
    if beyond:
        out.extend(beyond)
        return None
    body = strip_website_markers(part.body, part.body_line, source, out)
    check_body(body, part.body_line, source, out)
    # An HTML comment is the author's note to himself (内部讨论, the scaffold's hints): the page never showed
    # it, and from here on nothing else sees it either: not the outline, the search index, archive.json, the
    # ledgers' workbooks or the printed book. Its line breaks stay, so every line number is the file's.
    body = strip_comments(body)
    material = Material(path, source, meta, body, part.body_line)
    doc_type = vocab.doc_types[meta.doc_type]
    lines = scan_lines(body)
    if doc_type.structured:
        areas = vocab.campaigns[meta.campaign].areas if meta.campaign else ()
        outline = parse_outline(body, part.body_line, areas, lines)
        material.sections, material.items, material.guesses = outline.sections, outline.items, outline.guesses
        if not material.items_of("problem"):
            out.append(Diagnostic(source, part.body_line, f"{doc_type.label}中没有识别出“存在问题”部分或其中的问题；"
                                                          "请用“一、存在问题”作小标题，问题用“一是”“1.”等编号（参见编写指南）。", "warning"))
    for line in lines:
        material.markers.extend(find_markers(line.text, part.body_line + line.index, source, out))
    attach_markers(material)
    return material


def strip_website_markers(body: str, body_line: int, source: str, out: list[Diagnostic]) -> str:
    """Drop ##paidbegin## / ##paidend## (they would break the outline) and ask for them to go."""
    if WEBSITE_MARKER_RE.search(body) is None:  # nearly every material: one search, not one per line
        return body
    for n, line in enumerate(body.split("\n")):
        m = WEBSITE_MARKER_RE.search(line)
        if m:
            out.append(Diagnostic(source, body_line + n, f"网站标记“{echo(m.group(0))}”不是材料内容，页面上已去掉；请从文件中删除它。", "warning"))
    return WEBSITE_MARKER_RE.sub("", body)
