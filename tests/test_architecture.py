"""The shape of the core (hooks/studyarchive/): its folders, the direction of the imports between them, and sizes
that a reader can hold in mind. The stages and where each kind of change goes: docs/guide/architecture.md.

Read from the source with the AST; nothing is imported or built.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hooks" / "studyarchive"

LAYERS = ["core", "parse", "link", "analyse", "search", "output", "config", "mkdocs", "cli"]
"""The folders from the lowest to the highest. A module may import modules of its own folder and of the folders
before it in this list, never of a folder after it: the arrows run one way, so a folder can be read, tested and
changed knowing only the folders below it.

- core: the data model and what every stage shares (diagnostics, escaping, vocabulary, limits, names/URLs, people);
- parse: one material read on its own (front matter, outline, numbering, markers, markings, privacy, ledger fields);
- link: the materials joined (markers resolved both ways, proposals) and the read → parse → link pipeline;
- analyse: what is computed over the whole archive (indexes, 千人一面, 三会一课);
- search: the full-text search index;
- output: what the site shows (a material's page, generated pages, print marks, ledger sheets, charts, archive.json);
- config: the project on disk, the extra.archive options and the publishing gate (which names output's folders);
- mkdocs: adapters to MkDocs and Python-Markdown;
- cli: the `archive` command and what only it does (check, import, new, Word and PDF copies of the built site).
"""

BACK_ARROWS = {
    ("analyse/indexes.py", "config"): "a type hint only (`if TYPE_CHECKING`): build_index takes the Settings that "
                                      "config/options.py reads; nothing is imported when the build runs",
}
"""Imports against the order above that stay, each with its reason. Keep this short: a new entry is a module in the
wrong folder, or a function in the wrong module."""

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
LONG_MODULES = {
    "cli/wordfile.py": (760, "a complete .docx writer (document, styles, numbering, headers; OOXML is verbose) "
                             "kept in one file because no part of it is used alone"),
    "search/searchindex.py": (720, "the index's binary format, its writer and the Python reference of search.js's "
                                   "matcher side by side, so that a change to the format is made in one place"),
    "cli/importer.py": (650, "`archive import`: guessing the metadata and converting the outline; to be split "
                             "along those two (the guesses would go to their own module)"),
    "parse/outline.py": (630, "at the limit: the outline recogniser's rules; split the section rules from the "
                              "point rules before adding more"),
    "output/pages.py": (620, "at the limit: one function per generated page; a new generated page goes into a new "
                             "module of output/"),
    "cli/textread.py": (620, "at the limit: encodings, Word files and line cleaning; the Word part can move out"),
}
"""Modules allowed over MAX_MODULE_LINES, each up to its own cap (a ratchet: they may shrink, not grow)."""
LONG_FUNCTIONS = {
    "cli/importer.py:convert": (120, "one pass over the recognised outline writing the material; being split"),
    "cli/wordfile.py:write": (90, "writes the parts of the .docx archive in order; each part is a few lines"),
}
"""Functions allowed over MAX_FUNCTION_LINES, each up to its own cap."""


@dataclass(frozen=True)
class Arrow:
    source: str
    """The importing module, relative to the package (parse/outline.py)."""
    line: int
    folder: str
    """The folder of the imported module ('' for the package's own __init__)."""


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def folder_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0] if len(path.relative_to(PACKAGE).parts) > 1 else ""


def target_folder(parts: list[str], names: list[str]) -> list[str]:
    """`parts`: the imported module's name inside the package; `names`: what `from … import` takes from it."""
    if parts:
        return [parts[0]]
    return [name if name in LAYERS else "" for name in names]  # `from .. import parse` / `from studyarchive import x`


def arrows(path: Path) -> list[Arrow]:
    here = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = here[:-1]  # the folder a relative import starts from (also for a folder's __init__)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "studyarchive":
                parts = node.module.split(".")[1:]
            else:
                continue
            folders = target_folder(parts, names)
        elif isinstance(node, ast.Import):
            folders = [a.name.split(".")[1] for a in node.names if a.name.startswith("studyarchive.")]
        else:
            continue
        found += [Arrow(str(path.relative_to(PACKAGE)), node.lineno, f) for f in folders]
    return found


def test_every_module_sits_in_a_folder_of_the_order() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], f"hooks/studyarchive/ 顶层不放模块：把 {loose} 移入 {LAYERS} 之一（见 docs/guide/architecture.md）"
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert sorted(folders) == sorted(LAYERS), "a folder of the package is missing from LAYERS, or LAYERS names one that is gone"
    assert all(ast.get_docstring(ast.parse((PACKAGE / f / "__init__.py").read_text(encoding="utf-8"))) for f in LAYERS)


def test_imports_between_folders_run_one_way() -> None:
    rank = {folder: n for n, folder in enumerate(LAYERS)}
    wrong = []
    for path in modules():
        source = folder_of(path)
        if not source:
            continue  # the package's __init__ re-exports the pipeline's entry points
        for arrow in arrows(path):
            upward = arrow.folder == "" or rank[arrow.folder] > rank[source]
            if upward and (arrow.source, arrow.folder) not in BACK_ARROWS:
                wrong.append(f"{arrow.source}:{arrow.line} imports {arrow.folder or 'the package root'}/")
    assert wrong == [], "lower folders must not import higher ones (order: " + " < ".join(LAYERS) + "):\n" + "\n".join(wrong)


def test_the_allowed_back_arrows_still_exist() -> None:
    """An exception nobody needs any more is removed, so the list shows only what is true."""
    present = {(a.source, a.folder) for p in modules() for a in arrows(p)}
    assert set(BACK_ARROWS) <= present


def test_the_scan_sees_relative_absolute_and_lazy_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself: a lower folder importing a higher one is caught in each form an import can take."""
    package = tmp_path / "studyarchive"
    (package / "core").mkdir(parents=True)
    module = package / "core" / "bad.py"
    module.write_text("from ..output.render import x\nfrom studyarchive.cli import cli\nfrom .. import parse\n"
                      "from . import model\nimport studyarchive.link.pipeline\n"
                      "def f():\n    from ..search import search\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", package)
    assert [(a.line, a.folder) for a in sorted(arrows(module), key=lambda a: a.line)] == [
        (1, "output"), (2, "cli"), (3, "parse"), (4, "core"), (5, "link"), (7, "search")]


def test_modules_are_short_enough_to_read() -> None:
    too_long = []
    for path in modules():
        name = str(path.relative_to(PACKAGE))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        cap = LONG_MODULES.get(name, (MAX_MODULE_LINES, ""))[0]
        if lines > cap:
            too_long.append(f"{name}: {lines} lines (at most {cap})")
    assert too_long == [], "split these modules (or, with a reason, raise their cap in LONG_MODULES):\n" + "\n".join(too_long)


def test_functions_are_short_enough_to_read() -> None:
    too_long = []
    for path in modules():
        name = str(path.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                cap = LONG_FUNCTIONS.get(f"{name}:{node.name}", (MAX_FUNCTION_LINES, ""))[0]
                if lines > cap:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {lines} lines (at most {cap})")
    assert too_long == [], "split these functions (or, with a reason, raise their cap in LONG_FUNCTIONS):\n" + "\n".join(too_long)
