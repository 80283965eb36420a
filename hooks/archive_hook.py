"""MkDocs hook: hands every MkDocs event to the archive's adapter (studyarchive/mkdocs/mkdocs_adapter.py).

MkDocs hooks are module functions, and mkdocs.yml (and ProperDocs) name this file: it holds the one
``ArchiveBuild``, which starts each build afresh in on_config, also under ``serve``.
"""

from __future__ import annotations

from studyarchive.mkdocs.mkdocs_adapter import ArchiveBuild

_build = ArchiveBuild()

on_startup = _build.on_startup
on_config = _build.on_config
on_serve = _build.on_serve
on_files = _build.on_files
on_nav = _build.on_nav
on_env = _build.on_env
on_page_markdown = _build.on_page_markdown
on_page_context = _build.on_page_context
on_page_content = _build.on_page_content
on_post_page = _build.on_post_page
on_post_template = _build.on_post_template
on_post_build = _build.on_post_build
on_build_error = _build.on_build_error
