"""The project on disk: where mkdocs.yml, the vocabulary and the materials are.

One rule for "which files are materials", shared by the MkDocs hook and the ``archive`` command:
the globs in mkdocs.yml's ``extra.archive.pages`` are pages of the site itself, every other
Markdown file under ``docs_dir`` is a material.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ArchiveError, Diagnostic, bad_char, echo
from .gate import MARKDOWN_SUFFIXES, Gate, decide, scan
from .vocab import Vocabulary, load_vocabulary

CONFIG_NAME = "mkdocs.yml"
DEFAULT_PAGES = ["index.md", "guide/*"]
DEFAULT_VOCABULARY = "vocabulary.yml"


def is_page(src_uri: str, pages: list[str]) -> bool:
    """True for a page of the site itself (docs-relative path with forward slashes)."""
    return any(fnmatch.fnmatch(src_uri, pattern) for pattern in pages)


def is_material(src_uri: str, pages: list[str]) -> bool:
    return src_uri.lower().endswith(MARKDOWN_SUFFIXES) and not is_page(src_uri, pages)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV`` is looked up, other tags (``!!python/name:``…) become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # Same meaning as MkDocs' !ENV: a variable name, or a list of names and a final default.
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(node.value))
    if isinstance(node, yaml.SequenceNode):
        values = [str(n.value) for n in node.value if isinstance(n, yaml.ScalarNode)]
        for name in values[:-1]:
            if name in os.environ:
                return os.environ[name]
        return values[-1] if values else None
    return None


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("!", _unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def load_config(text: str) -> dict[str, Any]:
    data = yaml.load(text, Loader=_TolerantLoader)
    return data if isinstance(data, dict) else {}


@dataclass
class Project:
    root: Path
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    docs_dir: Path
    prefix: str
    """docs_dir as messages show it, with a trailing slash, e.g. ``docs/``."""
    vocabulary: Path
    pages: list[str]
    audience: str = "members"
    """Who the site is for (extra.archive.audience): the check keeps the build's rules for it."""
    options: dict[str, Any] | None = None
    """extra.archive as written (the index options are read from it by indexes.load_options)."""
    problems: list[Diagnostic] | None = None
    """What is wrong in extra.archive: the build stops on the same problems."""
    config_name: str = CONFIG_NAME
    """mkdocs.yml (or mkdocs-committee.yml …) as messages name it."""
    assets: tuple[str, ...] = ()
    """The site's own files named in mkdocs.yml (site_assets)."""
    use_directory_urls: bool = True
    exclude_docs: str = ""
    """mkdocs.yml's exclude_docs (gitignore lines): files MkDocs leaves out on purpose."""

    def gate(self) -> Gate:
        """The publishing gate's decision for every file under docs_dir (gate.py), as the build makes it."""
        entries = scan(self.docs_dir)
        excluded: list[str] = []
        if self.exclude_docs.strip():
            import pathspec  # MkDocs' own matcher for exclude_docs

            spec = pathspec.GitIgnoreSpec.from_lines(self.exclude_docs.splitlines())
            excluded = [e.src_uri for e in entries if spec.match_file(e.src_uri)]
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


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml; raise ArchiveError (Chinese, with the file) when it cannot be used."""
    shown = config_file.name
    try:
        config = load_config(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ArchiveError([Diagnostic(shown, 0, f"无法读取网站配置：{exc}。")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ArchiveError([Diagnostic(shown, mark.line + 1 if mark else 0, f"网站配置不是有效的 YAML：{getattr(exc, 'problem', None) or exc}。")]) from None
    root = config_file.resolve().parent
    extra = config.get("extra")
    extra = extra if isinstance(extra, dict) else {}
    options, problems = read_options(extra.get("archive"), shown)
    docs_dir = root / str(config.get("docs_dir") or "docs")
    prefix = os.path.relpath(docs_dir, root).replace(os.sep, "/") + "/"
    return Project(
        root=root,
        docs_dir=docs_dir,
        prefix=prefix,
        vocabulary=root / options["vocabulary"],
        pages=options["pages"],
        audience=options["audience"],
        options=options["raw"],
        problems=problems,
        config_name=shown,
        assets=tuple(site_assets(config.get("extra_css"), config.get("extra_javascript"), config.get("theme"))),
        use_directory_urls=config.get("use_directory_urls", True) is not False,
        exclude_docs=str(config.get("exclude_docs") or ""),
    )


AUDIENCES = ("members", "committee")


def read_options(archive: Any, source: str = CONFIG_NAME) -> tuple[dict[str, Any], list[Diagnostic]]:
    """extra.archive's own options (vocabulary, pages, folders, audience), checked, with defaults for the wrong
    ones; the MkDocs hook and `archive check` both read them here, so that they report the same problems."""
    out: list[Diagnostic] = []

    def wrong(option: str, what: str) -> None:
        out.append(Diagnostic(source, 0, f"extra.archive.{option} {what}"))

    def text(value: Any) -> str | None:
        return value.strip() if isinstance(value, str) and value.strip() and bad_char(value.strip()) is None else None

    if archive is None:
        archive = {}
    if not isinstance(archive, dict):
        out.append(Diagnostic(source, 0, "extra.archive 应当是“名称: 值”的形式，例如 extra: 下面写 archive: 再逐项缩进写 audience: members。"))
        archive = {}
    vocabulary = _given(archive, "vocabulary", DEFAULT_VOCABULARY)
    if text(vocabulary) is None:
        wrong("vocabulary", f"应当是词表文件的位置，例如 vocabulary.yml；现在是“{echo(vocabulary)}”。")
        vocabulary = DEFAULT_VOCABULARY
    pages = _given(archive, "pages", DEFAULT_PAGES)
    if not isinstance(pages, list) or not all(text(p) for p in pages):
        wrong("pages", "应当是网站页面的列表（不是材料的页面），例如 [index.md, guide/*]。")
        pages = DEFAULT_PAGES
    folders = archive.get("folders") or {}
    if not isinstance(folders, dict) or not all(text(k) and text(v) for k, v in folders.items()):
        wrong("folders", "应当是“文件夹: 中文名称”的形式，每行一项，例如 huiyi: 会议记录。")
        folders = {}
    audience = _given(archive, "audience", "members")
    if not isinstance(audience, str) or audience not in AUDIENCES:
        wrong("audience", f"的值“{echo(audience)}”无效；可选：{'、'.join(AUDIENCES)}。")
        audience = "members"
    return {"vocabulary": vocabulary.strip(), "pages": [p.strip() for p in pages], "folders": folders,
            "audience": audience, "raw": archive}, out


def _given(options: dict[str, Any], key: str, default: Any) -> Any:
    """An option's value; its default when not written or written empty (``pages:``)."""
    value = options.get(key)
    return default if value is None else value


def site_assets(extra_css: Any, extra_javascript: Any, theme: Any) -> list[str]:
    """The docs files mkdocs.yml names as the site's own: extra_css, extra_javascript, theme.logo and favicon."""
    named: list[Any] = [*(extra_css or []), *(extra_javascript or [])]
    if isinstance(theme, dict):
        named += [theme.get("logo"), theme.get("favicon")]
    out = []
    for item in named:
        path = item.get("path") if isinstance(item, dict) else item
        if isinstance(path, str) and path and "://" not in path and not path.startswith("/"):
            out.append(path.removeprefix("./"))
    return out


def read_vocabulary(path: Path, shown: str) -> Vocabulary:
    """Load the vocabulary file; every failure is an ArchiveError with Chinese diagnostics."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArchiveError([Diagnostic(shown, 0, "找不到词表文件；请在 mkdocs.yml 的 extra.archive.vocabulary 中写明它的位置。")]) from None
    except UnicodeDecodeError:
        raise ArchiveError([Diagnostic(shown, 0, "词表不是 UTF-8 编码；请用 UTF-8 保存。")]) from None
    return load_vocabulary(text, shown)


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
