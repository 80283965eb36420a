"""The project on disk: where mkdocs.yml, the vocabulary and the materials are.

One rule for "which files are materials", shared by the MkDocs hook and the ``archive`` command:
the globs in mkdocs.yml's ``extra.archive.pages`` are pages of the site itself, every other
Markdown file under ``docs_dir`` is a material.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic
from .gate import MARKDOWN_SUFFIXES, Gate, decide, scan
from .options import Settings, read_vocabulary

__all__ = ["Project", "find_config", "is_material", "is_page", "read_materials", "read_sources",
           "read_vocabulary", "site_assets"]

CONFIG_NAME = "mkdocs.yml"


def is_page(src_uri: str, pages: list[str]) -> bool:
    """True for a page of the site itself (docs-relative path with forward slashes)."""
    return any(fnmatch.fnmatch(src_uri, pattern) for pattern in pages)


def is_material(src_uri: str, pages: list[str]) -> bool:
    return src_uri.lower().endswith(MARKDOWN_SUFFIXES) and not is_page(src_uri, pages)


@dataclass
class Project:
    root: Path
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    docs_dir: Path
    prefix: str
    """docs_dir as messages show it, with a trailing slash, e.g. ``docs/``."""
    settings: Settings
    """extra.archive, typed, and the vocabulary it names (options.load): the build's own."""
    config_name: str = CONFIG_NAME
    """mkdocs.yml (or mkdocs-committee.yml …) as messages name it."""
    assets: tuple[str, ...] = ()
    """The site's own files named in mkdocs.yml (site_assets)."""
    use_directory_urls: bool = True
    exclude_docs: Any = None
    """mkdocs.yml's exclude_docs as MkDocs read it (a pathspec GitIgnoreSpec, or None): files it leaves out on purpose."""

    @property
    def vocabulary(self) -> Path:
        return self.settings.vocabulary_path

    @property
    def pages(self) -> list[str]:
        return list(self.settings.options.pages)

    @property
    def audience(self) -> str:
        """Who the site is for (extra.archive.audience): the check keeps the build's rules for it."""
        return str(self.settings.options.audience)

    def gate(self) -> Gate:
        """The publishing gate's decision for every file under docs_dir (gate.py), as the build makes it."""
        entries = scan(self.docs_dir)
        spec = self.exclude_docs
        excluded = [e.src_uri for e in entries if spec.match_file(e.src_uri)] if spec is not None else []
        return decide(entries, self.pages, self.assets, self.prefix, self.use_directory_urls, excluded)

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def material_files(self, gate: Gate | None = None) -> list[tuple[str, Path]]:
        """(docs-relative path, file) of every material, sorted: the gate's materials."""
        gate = gate or self.gate()
        return sorted((src_uri, self.docs_dir / src_uri) for src_uri in gate.materials)

    def src_uri(self, path: Path) -> str | None:
        """docs-relative path of a file, None when it is not under docs_dir."""
        try:
            return path.resolve().relative_to(self.docs_dir.resolve()).as_posix()
        except ValueError:
            return None


def find_config(start: Path) -> Path | None:
    """mkdocs.yml in ``start`` or the nearest folder above it."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return None


def site_assets(extra_css: Any, extra_javascript: Any, theme: Any) -> list[str]:
    """The docs files mkdocs.yml names as the site's own: extra_css, extra_javascript, theme.logo and favicon."""
    named: list[Any] = [*(extra_css or []), *(extra_javascript or [])]
    if isinstance(theme, Mapping):  # a dict in mkdocs.yml, MkDocs' Theme (a Mapping) in the build
        named += [theme.get("logo"), theme.get("favicon")]
    out = []
    for item in named:
        path = item.get("path") if isinstance(item, Mapping) else item  # MkDocs' ExtraScriptValue is a Mapping
        if isinstance(path, str) and path and "://" not in path and not path.startswith("/"):
            out.append(path.removeprefix("./"))
    return out


NOT_UTF8 = "文件不是 UTF-8 编码；请用 UTF-8 保存（可以用 archive import 转换）。"


def read_materials(project: Project, gate: Gate | None = None) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """(docs-relative path, text) of every material the gate lets in, and an error for each that is not UTF-8."""
    gate = gate or project.gate()
    return read_sources(project.docs_dir, project.prefix, gate.materials)


def read_sources(docs_dir: Path, prefix: str, paths: list[str]) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """The materials' texts, as MkDocs reads a page (UTF-8, a BOM allowed, universal newlines); the build and
    the check both read them here."""
    sources: list[tuple[str, str]] = []
    problems: list[Diagnostic] = []
    for src_uri in sorted(paths):
        try:
            sources.append((src_uri, (docs_dir / src_uri).read_text(encoding="utf-8-sig")))
        except UnicodeDecodeError:
            problems.append(Diagnostic(prefix + src_uri, 0, NOT_UTF8))
    return sources, problems
