"""mkdocs.yml read by MkDocs itself, for the `archive` command (check, new, import, outline, pdf, docx).

The build gets its configuration from MkDocs; the command reads the same file with MkDocs' own ``load_config``,
so INHERIT, ``!ENV``, defaults and MkDocs' own checks are those of the build, and ``options.load`` turns
extra.archive into the same typed Settings the hook gets. This is the command's only contact with MkDocs: the core
imports no MkDocs module (tests/test_engines.py), and the hook's contact is mkdocs_adapter.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..config.options import OptionsError, Settings, load, marks_of
from ..config.project import Project, site_assets
from ..core.diagnostics import Diagnostic


def load_file(config_file: Path) -> tuple[Any, Settings]:
    """mkdocs.yml read by MkDocs itself (``mkdocs.config.load_config``: INHERIT, !ENV, defaults and the
    configuration's own checks, as the build reads it), and its Settings; for the ``archive`` command."""
    marks_of(config_file)  # a file that is no YAML: a Chinese message with its line, before MkDocs' English one
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        config = load_config(config_file=str(config_file))
    except (ConfigurationError, Abort) as exc:  # MkDocs has logged why, in English
        raise OptionsError([Diagnostic(config_file.name, 0, f"MkDocs 不能使用这份网站配置（{exc}）；请按上面 MkDocs "
                                       "的提示改正，mkdocs build 也会因此失败。")], f"网站配置（{config_file.name}）") from None
    except Exception as exc:
        raise OptionsError([Diagnostic(config_file.name, 0, f"MkDocs 读取网站配置时出错（{type(exc).__name__}: {exc}）；"
                                       "mkdocs build 也会因此失败，请先改正。")], f"网站配置（{config_file.name}）") from None
    return config, load(config)


def site_config(config_file: Path) -> tuple[bool, str]:
    """use_directory_urls and site_name as MkDocs reads them for the build (INHERIT, !ENV): `archive pdf` and
    `archive docx` find the pages of the site they build by them."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    return config.use_directory_urls is not False, str(config.site_name or "")


def load_project(config_file: Path) -> Project:
    """mkdocs.yml as MkDocs reads it for the build (INHERIT, !ENV, defaults: options.load_file); raise
    OptionsError (Chinese, with file and line) when its options or the vocabulary cannot be used."""
    config, settings = load_file(config_file)
    root = config_file.resolve().parent
    docs_dir = Path(config.docs_dir)
    return Project(
        root=root,
        docs_dir=docs_dir,
        prefix=os.path.relpath(docs_dir, root).replace(os.sep, "/") + "/",
        settings=settings,
        config_name=config_file.name,
        assets=tuple(site_assets(config.extra_css, config.extra_javascript, config.theme)),
        use_directory_urls=config.use_directory_urls is not False,
        exclude_docs=config.exclude_docs,
    )
