"""MkDocs hook: wires the archive core (``studyarchive``) into a build. Thin by design.

Uses only public MkDocs API so that it also runs under ProperDocs. ``serve`` imports this
module once and keeps it for every rebuild, so each build makes its own ``_Build`` in on_config
and nothing accumulates across rebuilds.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from studyarchive import ArchiveError, Diagnostic, build_archive
from studyarchive.pipeline import AUDIENCES
from studyarchive.project import DEFAULT_PAGES, is_material
from studyarchive.export import dumps, export
from studyarchive.model import Archive
from studyarchive.render import error_box, nav_title, render_material
from studyarchive.sanitize import clean_html
from studyarchive.vocab import Vocabulary, folder_label, load_vocabulary

log = logging.getLogger("mkdocs.hooks.archive")

DEFAULT_FOLDERS = {"guide": "使用指南", "huiyi": "会议记录", "xuexi": "学习笔记"}


@dataclass
class _Build:
    vocab: Vocabulary
    pages: list[str]
    folders: dict[str, str]
    prefix: str
    audience: str = "members"
    archive: Archive | None = None
    urls: dict[str, str] | None = None
    errors: dict[str, list[Diagnostic]] | None = None
    """Under `serve` only: the errors of each file, shown on its page instead of stopping the build."""


_build: _Build | None = None
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    # `serve` previews drafts and keeps going on errors; `build` never does either.
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None  # fresh state for every build, also under `serve`
    options = (config.extra or {}).get("archive", {}) or {}
    root = os.path.dirname(config.config_file_path or ".")
    vocab_path = os.path.join(root, options.get("vocabulary", "vocabulary.yml"))
    shown = os.path.relpath(vocab_path, root).replace(os.sep, "/")
    try:
        with open(vocab_path, encoding="utf-8") as fh:
            vocab = load_vocabulary(fh.read(), shown)
    except FileNotFoundError:
        raise PluginError(f"{shown}: 找不到词表文件；请在 mkdocs.yml 的 extra.archive.vocabulary 中写明它的位置。") from None
    except UnicodeDecodeError:
        raise PluginError(f"{shown}: 词表不是 UTF-8 编码；请用 UTF-8 保存。") from None
    except ArchiveError as exc:
        _report(exc.diagnostics)
        raise PluginError(f"词表有 {len(exc.diagnostics)} 处错误，构建已中止。") from None
    prefix = os.path.relpath(config.docs_dir, root).replace(os.sep, "/") + "/"
    folders = {**DEFAULT_FOLDERS, **(options.get("folders") or {})}
    audience = options.get("audience", "members")
    if audience not in AUDIENCES:
        raise PluginError(f"mkdocs.yml: extra.archive.audience 的值“{audience}”无效；可选：{'、'.join(AUDIENCES)}。")
    _build = _Build(vocab, list(options.get("pages", DEFAULT_PAGES)), folders, prefix, audience)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None
    sources = []
    for file in files.documentation_pages():
        if not is_material(file.src_uri, _build.pages):  # the same rule as `archive check`
            continue
        try:
            sources.append((file.src_uri, file.content_string))
        except UnicodeDecodeError:
            log.error(f"{_build.prefix}{file.src_uri}: 文件不是 UTF-8 编码；请用 UTF-8 保存（可以用 archive import 转换）。")
            raise PluginError("有材料无法读取，构建已中止。") from None
    archive = build_archive(sources, _build.vocab, _build.prefix, _build.audience, drafts=_serving)
    _report(archive.diagnostics)
    if archive.errors and not _serving:
        raise PluginError(f"档案检查发现 {len(archive.errors)} 处错误，构建已中止。请按上面的提示逐条修改。")
    _build.errors = {}
    for d in archive.errors:
        _build.errors.setdefault(d.path.removeprefix(_build.prefix), []).append(d)
    # Committee-only materials (in the members' site) and drafts leave no page, sitemap or search entry.
    for path in archive.hidden:
        files.remove(files.get_file_from_path(path))
    _build.archive = archive
    _build.urls = {f.src_uri: f.url for f in files.documentation_pages() if f.src_uri in archive.materials}
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Folders get Chinese names (campaign labels, 会议记录, 2024年); materials short titles."""
    assert _build is not None and _build.archive is not None
    archive, vocab = _build.archive, _build.vocab

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, Section):
                page = next((p for p in _pages(item.children)), None)
                parts = page.file.src_uri.split("/") if page else []
                label = folder_label(parts[depth], vocab, _build.folders) if len(parts) > depth + 1 else None
                item.title = label or item.title
                walk(item.children, depth + 1)
            elif isinstance(item, Page) and item.file.src_uri in archive.materials:
                item.title = nav_title(archive.materials[item.file.src_uri], vocab)

    walk(nav.items, 0)
    return nav


def _pages(items: list):
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None and _build.archive is not None
    material = _build.archive.materials.get(page.file.src_uri)
    errors = (_build.errors or {}).get(page.file.src_uri)
    if material is None:
        # Under `serve`, a material that cannot be read shows its errors and its text, and the rest of the site stays.
        return error_box(errors, page.file.content_string) if errors else markdown
    page.meta["title"] = material.meta.title
    page_markdown = render_material(material, _build.archive, _build.vocab)
    return error_box(errors) + page_markdown if errors else page_markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Materials arrive through pull requests: nothing in them may run in a reader's browser."""
    assert _build is not None and _build.archive is not None
    if page.file.src_uri in _build.archive.materials or page.file.src_uri in (_build.errors or {}):
        return clean_html(html)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    assert _build is not None and _build.archive is not None
    urls = _build.urls or {}
    data = export(_build.archive, _build.vocab, lambda path: urls[path])
    with open(os.path.join(config.site_dir, "archive.json"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(dumps(data))


def _report(diagnostics) -> None:
    for d in sorted(diagnostics):
        (log.error if d.level == "error" else log.warning)(str(d))
