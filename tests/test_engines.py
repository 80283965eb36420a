"""Built to last: the sample archive builds the same with MkDocs and with ProperDocs, without warnings from our code,
and the hooks use only public MkDocs API.

ProperDocs (the maintained fork of MkDocs 1.6) lives in the same .venv as MkDocs: it is locked in requirements.lock
(the `properdocs` extra) and adds no dependencies of its own; MkDocs' output does not change when it is installed.
`properdocs build` redirects every `mkdocs.*` import (ours and Material's) to `properdocs.*`.

Both engines build one snapshot copy of the project (the bundled sample archive in docs/) with --strict into temp
dirs, and:
- archive.json is byte-identical;
- every page's article content (the inner HTML of `<article class="md-content__inner md-typeset">`) is identical;
- every other file is byte-identical too (search index, sitemap, CSS, JavaScript, the schema), with one known
  difference: each page's `<meta name="generator">` names the engine ("mkdocs-1.6.1, mkdocs-material-9.8.2" versus
  "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"). Material writes it from the engine's version string; it is
  not shown to readers and `extra.generator: false` only hides the footer credit, not this tag.
  Any new difference fails the test so that someone looks at it and adds it here and to docs/guide/maintenance.md.
SOURCE_DATE_EPOCH is fixed so that the sitemap's dates do not depend on the day the test runs.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, write_site

ENGINES = ("mkdocs", "properdocs")
HOOKS = ROOT / "hooks"

# Runs an engine's command line in this interpreter and reports every warning on stderr, marked "own" when it was
# raised in a file under OWN_DIR or while code from there was on the stack (a library warning with stacklevel=1
# caused by our call). `python -W always` sets sys.warnoptions, which stops the engine from installing its own
# warning display (it would show each DeprecationWarning once, as an INFO line).
RUNNER = r"""
import os, sys, traceback, warnings
own_dir = os.path.realpath(os.environ["OWN_DIR"]) + os.sep
def mine(path):
    return os.path.realpath(path).startswith(own_dir)
def show(message, category, filename, lineno, file=None, line=None):
    via = [f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()[:-1] if mine(f.filename)]
    kind = "own" if mine(filename) or via else "other"
    where = f" (via {via[-1]})" if via and not mine(filename) else ""
    text = str(message).replace("\n", " ")
    print(f"ARCHIVE-WARNING {kind} {filename}:{lineno}: {category.__name__}: {text}{where}", file=sys.stderr)
warnings.simplefilter("always")
warnings.showwarning = show
engine = sys.argv[1]
sys.argv = [engine] + sys.argv[2:]
__import__(engine + ".__main__", fromlist=["cli"]).cli()
"""


@dataclass
class Run:
    code: int
    output: str
    site: Path

    def warnings(self, kind: str) -> list[str]:
        prefix = f"ARCHIVE-WARNING {kind} "
        return [line.removeprefix(prefix) for line in self.output.splitlines() if line.startswith(prefix)]


def run_engine(engine: str, config: Path, site: Path, own_dir: Path = HOOKS) -> Run:
    env = {
        **os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": "1767225600", "OWN_DIR": str(own_dir),
    }
    proc = subprocess.run(
        [sys.executable, "-W", "always", "-c", RUNNER, engine, "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent, env=env, capture_output=True, text=True, timeout=900,
    )
    return Run(proc.returncode, proc.stdout + proc.stderr, site)


# Not copied into the snapshot: history, environments, build output, tests.
SKIP = {".git", ".venv", ".pytest_cache", ".notes", "tests", "test-artifacts", "wheelhouse", "site", "__pycache__"}


def snapshot(dest: Path) -> Path:
    """A copy of the project (configuration, vocabulary, docs/, hooks/): both engines build the very same input."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP or (Path(folder) == ROOT and n.startswith("site-"))}

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Run]:
    out = tmp_path_factory.mktemp("engines")
    src = snapshot(out / "src")
    runs = {engine: run_engine(engine, src / "mkdocs.yml", out / engine, own_dir=src / "hooks") for engine in ENGINES}
    for engine, run in runs.items():
        assert run.code == 0, f"{engine}:\n{run.output}"
    return runs


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def articles(files: dict[str, bytes]) -> dict[str, str]:
    found = {}
    for path, data in files.items():
        if path.endswith(".html"):
            match = ARTICLE.search(data.decode("utf-8"))
            assert match, f"{path}: no article"
            found[path] = match.group(1)
    return found


def test_archive_json_is_identical(builds) -> None:
    mk, pd = (builds[e].site / "archive.json" for e in ENGINES)
    assert mk.read_bytes() == pd.read_bytes()
    assert json.loads(mk.read_text(encoding="utf-8"))["materials"]


def test_every_page_article_is_identical(builds) -> None:
    mk, pd = (articles(site_files(builds[e].site)) for e in ENGINES)
    assert sorted(mk) == sorted(pd)
    assert len(mk) > 10
    for path in mk:
        assert mk[path] == pd[path], path


def test_the_only_other_difference_is_the_generator_tag(builds) -> None:
    mk, pd = (site_files(builds[e].site) for e in ENGINES)
    assert sorted(mk) == sorted(pd)
    different = sorted(path for path in mk if mk[path] != pd[path])
    assert all(path.endswith(".html") for path in different), different
    for path in different:
        left, right = (GENERATOR.sub("<generator>", f[path].decode("utf-8")) for f in (mk, pd))
        assert left == right, f"{path}: differs beyond the generator tag"
    # And each engine really built its own site (ProperDocs did not fall back to MkDocs).
    (mk_tag,), (pd_tag,) = (GENERATOR.findall(f["index.html"].decode("utf-8")) for f in (mk, pd))
    assert mk_tag.startswith('<meta name="generator" content="mkdocs-1.6.') and "ProperDocs" not in mk_tag, mk_tag
    assert pd_tag.startswith('<meta name="generator" content="mkdocs-ProperDocs 1.'), pd_tag


@pytest.mark.parametrize("engine", ENGINES)
def test_build_prints_no_warning_from_our_code(builds, engine: str) -> None:
    run = builds[engine]
    assert run.warnings("own") == []
    assert not [line for line in run.output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_warning_check_catches_our_warnings(tmp_path: Path) -> None:
    """The check above is only worth something if it sees a warning raised in our code, directly or via a library."""
    own, lib = tmp_path / "hooks", tmp_path / "lib"
    own.mkdir()
    lib.mkdir()
    (lib / "oldlib.py").write_text(
        "import warnings\n\ndef old():\n    warnings.warn('old() is deprecated', DeprecationWarning)\n", encoding="utf-8"
    )
    (own / "extra_hook.py").write_text(
        f"import sys, warnings\nsys.path.insert(0, {str(lib)!r})\nimport oldlib\n\n"
        "def on_config(config):\n    warnings.warn('our own', DeprecationWarning)\n    oldlib.old()\n    return config\n",
        encoding="utf-8",
    )
    root = write_site(tmp_path / "site-src", {})
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"].append(str(own / "extra_hook.py"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for engine in ENGINES:
        run = run_engine(engine, root / "mkdocs.yml", tmp_path / f"site-{engine}", own_dir=own)
        assert run.code == 0, run.output
        found = run.warnings("own")
        assert len(found) == 2, run.output
        assert found[0].startswith(f"{own / 'extra_hook.py'}:6: DeprecationWarning: our own")
        assert found[1].startswith(f"{lib / 'oldlib.py'}:4: DeprecationWarning: old() is deprecated (via {own / 'extra_hook.py'}:7)")


# Public MkDocs API (documented for plugin and hook authors): also what ProperDocs promises to keep.
PUBLIC_MKDOCS = ("mkdocs.plugins", "mkdocs.structure", "mkdocs.exceptions", "mkdocs.config")
# The core must not know which engine or theme runs it.
ENGINE_PACKAGES = ("mkdocs", "properdocs", "material")
# The MkDocs layer: the hook, the adapter it hands every event to, with the speed-ups, and the `archive` command's
# reading of mkdocs.yml through MkDocs' own load_config (issue 21).
ADAPTER = ("studyarchive/mkdocs/mkdocs_adapter.py", "studyarchive/mkdocs/speedups.py", "studyarchive/mkdocs/mkdocs_config.py",
           "studyarchive/mkdocs/incremental.py", "studyarchive/mkdocs/navigation.py", "studyarchive/mkdocs/twin.py",
           "studyarchive/mkdocs/pagewriter.py", "studyarchive/mkdocs/session.py")


def mkdocs_layer() -> list[Path]:
    return sorted(HOOKS.glob("*.py")) + [HOOKS / path for path in ADAPTER]


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)]
    return found


def within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_hooks_import_only_public_mkdocs_api() -> None:
    hooks = mkdocs_layer()
    assert HOOKS / "archive_hook.py" in hooks and all(path.exists() for path in hooks)
    bad = [
        f"{path.name}:{line}: {module}"
        for path in hooks
        for line, module in imports(path)
        if within(module, ENGINE_PACKAGES) and not within(module, PUBLIC_MKDOCS)
    ]
    assert bad == []


def test_hooks_touch_no_private_attributes() -> None:
    """`obj._name` on an MkDocs object is private API that a fork or release may change without notice
    (`self._name` is the adapter's own; `os._exit` is Python's documented way out of a forked child)."""
    bad = [
        f"{path.name}:{node.lineno}: .{node.attr}"
        for path in mkdocs_layer()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
        and not (isinstance(node.value, ast.Name) and node.value.id == "os" and node.attr == "_exit")  # a fork's end
    ]
    assert bad == []


def test_core_knows_nothing_of_the_engine() -> None:
    core = [path for path in sorted((HOOKS / "studyarchive").rglob("*.py")) if path not in mkdocs_layer()]
    assert len(core) > 5
    bad = [
        f"{path.relative_to(HOOKS)}:{line}: {module}"
        for path in core
        for line, module in imports(path)
        if within(module, ENGINE_PACKAGES)
    ]
    assert bad == []
