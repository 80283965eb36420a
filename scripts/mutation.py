"""`make mutation`: mutation testing of the core with mutmut 3 (see the Makefile).

    python scripts/mutation.py markers sanitize            # these modules of hooks/studyarchive/
    python scripts/mutation.py --tests tests/test_markers.py markers

mutmut changes one thing at a time in a function (a comparison, a constant, an operator, a call's argument …) and
runs the tests that reach that function; a mutant no test notices ("survived") is a behaviour no test pins down.
mutmut 3 mutates code inside functions only: module-level constants (regular expressions, allow-lists) are not
mutated, which is why the direct tests of markers.py and sanitize.py check those by hand.

The run happens in a copy of the project (mutation-results/work/), so the work tree is never touched; mutmut's own
files stay there, so a second run only retests what changed. The report goes to mutation-results/<modules>.txt:
the counts per module and every mutant that survived, with its diff.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "mutation-results"
CORE = ("frontmatter", "outline", "markers", "numbering", "linker", "gate", "privacy", "markings", "sanitize", "escaping",
        "search", "searchindex", "ledger", "sheets", "export")
# The tests that exercise the core in the test process (mutmut records which test reaches which function there);
# tests that build in a subprocess are left out of these files' run (DESELECT), browser and installation tests too.
IN_PROCESS = ("test_frontmatter.py", "test_outline.py", "test_markers.py", "test_sanitize.py", "test_search.py",
              "test_ledger.py", "test_properties.py", "test_diagnostics.py", "test_plaininline.py", "test_edge_encoding.py",
              "test_edge_escape.py", "test_edge_fields.py", "test_edge_markings.py", "test_edge_gate.py", "test_indexes.py",
              "test_edge_people.py", "test_edge_limits.py")
COPIED = ("hooks", "tests", "scripts", "docs", "overrides", "mkdocs.yml", "mkdocs-committee.yml", "vocabulary.yml", "pyproject.toml",
          "deploy", "README.md")


# Appended to the copy's tests/conftest.py: leaves out the tests that build or run the archive in a subprocess. Such a
# subprocess runs mutmut's trampolines without mutmut's configuration (its working folder is elsewhere) and fails.
DESELECT = """

def pytest_collection_modifyitems(config, items):  # added by scripts/mutation.py, in its copy only
    import inspect, re

    spawns = re.compile(r"\\bmkdocs\\(|build_site|subprocess|clitools|\\barchive\\(|two_sites|\\brun\\(")
    called = re.compile(r"\\b([A-Za-z_]\\w*)\\s*\\(")

    def source(obj):
        try:
            return inspect.getsource(obj)
        except (OSError, TypeError):
            return ""

    def spawning(func, seen):
        # The function, or a helper of the tests it calls (a module's own build(), conftest's mkdocs()), at any depth.
        func = inspect.unwrap(getattr(func, "__func__", func))  # a method's function; a fixture's own
        if func in seen or not inspect.isfunction(func) or "/tests/" not in func.__code__.co_filename:
            return False
        seen.add(func)
        text = source(func)
        return bool(spawns.search(text)) or any(spawning(func.__globals__.get(name), seen) for name in called.findall(text))

    keep, drop = [], []
    for item in items:
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {}) or {}
        funcs = [getattr(item, "function", None)] + [d[-1].func for d in defs.values() if d]
        seen = set()
        (drop if any(spawning(f, seen) for f in funcs) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
"""


def place(module: str) -> str:
    """`markers` → `parse.markers`: where a module of the core sits in its folders (module names are unique)."""
    found = sorted((ROOT / "hooks" / "studyarchive").glob(f"*/{module}.py"))
    return ".".join(found[0].relative_to(ROOT / "hooks" / "studyarchive").with_suffix("").parts) if found else ""


def config(modules: list[str], tests: list[str]) -> str:
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {quoted('src/studyarchive/' + place(m).replace('.', '/') + '.py' for m in modules)}\n"
        f"also_copy = {quoted(c for c in COPIED if c not in ('hooks', 'tests', 'pyproject.toml'))}\n"
        f"pytest_add_cli_args_test_selection = {quoted(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
    )


def _selection(settings: str) -> str:
    """The test files of a [tool.mutmut] configuration."""
    return next((line for line in settings.splitlines() if line.startswith("pytest_add_cli_args_test_selection")), "")


def _survivors(mutmut: list[str], work: Path, env: dict[str, str], modules: list[str]) -> list[str]:
    """The mutants of these modules that survived, or that no test reached, in the last run."""
    results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=work, env=env, capture_output=True, text=True)
    names = (line.strip().rpartition(": ") for line in results.stdout.splitlines())
    return [name for name, _, status in names
            if status in ("survived", "no tests") and any(name.startswith(f"studyarchive.{m}.") for m in modules)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="对核心模块做变异测试（mutmut），报告写入 mutation-results/。")
    parser.add_argument("modules", nargs="*", help=f"hooks/studyarchive/ 下的模块名（默认全部核心模块：{' '.join(CORE)}）")
    parser.add_argument("--tests", nargs="*", help="只运行这些测试文件（默认：在测试进程内运行核心的全部测试）")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    args = parser.parse_args(argv)
    # `--tests tests/test_markers.py markers`: argparse hands the module names after --tests to --tests; take them back
    # (a test is a file, never a bare module name).
    is_module = lambda name: "/" not in name and (ROOT / "hooks" / "studyarchive" / f"{name}.py").exists()  # noqa: E731
    args.modules += [t for t in args.tests or [] if is_module(t)]
    args.tests = [t for t in args.tests or [] if not is_module(t)]
    args.modules = args.modules or list(CORE)
    unknown = [m for m in args.modules if not place(m)]
    if unknown:
        parser.error(f"没有这些模块：{' '.join(unknown)}")
    # tests/test_mut_*.py: tests written against surviving mutants, all in process, all included.
    tests = args.tests or [f"tests/{t}" for t in IN_PROCESS if (ROOT / "tests" / t).exists()] + sorted(
        f"tests/{p.name}" for p in (ROOT / "tests").glob("test_mut_*.py") if p.name not in IN_PROCESS)

    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source, target = ROOT / name, work / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target)
    conftest = work / "tests" / "conftest.py"
    conftest.write_text(conftest.read_text(encoding="utf-8") + DESELECT, encoding="utf-8")
    # mutmut names a mutant by its module as imported: the package goes to src/, where mutmut looks for it and puts
    # it first on sys.path, and pytest's pythonpath (hooks/) is dropped so that the tests import the mutated copy.
    shutil.copytree(ROOT / "hooks" / "studyarchive", work / "src" / "studyarchive", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    mutmut = [str(Path(sys.executable).parent / "mutmut")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    # mutmut keeps a verdict while the mutated function is unchanged, also when tests were added since: with the same
    # test files as last time, last time's survivors are tried again below, so that new tests get their chance.
    # (Other test files make mutmut start afresh by itself.)
    settings = work / "pyproject.toml"
    same_tests = settings.exists() and _selection(settings.read_text(encoding="utf-8")) == _selection(config(args.modules, tests))
    before = _survivors(mutmut, work, env, args.modules) if same_tests and (work / "mutants").exists() else []
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8").replace('pythonpath = ["hooks"]\n', "")
    settings.write_text(pyproject + config(args.modules, tests), encoding="utf-8")

    run = subprocess.run([*mutmut, "run", "--max-children", str(args.jobs)], cwd=work, env=env)
    again = sorted(set(before) & set(_survivors(mutmut, work, env, args.modules)))
    if again:
        print(f"再次检验上次存活的 {len(again)} 个变异（测试可能已经补上）")
        run = subprocess.run([*mutmut, "run", "--max-children", str(args.jobs), *again], cwd=work, env=env)
    results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=work, env=env, capture_output=True, text=True)
    lines = results.stdout.splitlines()
    report = [f"mutmut run over {' '.join(args.modules)}; tests: {' '.join(tests)}", ""]
    for module in args.modules:
        mine = [line.strip() for line in lines if re.match(rf"\s*studyarchive\.{re.escape(place(module))}\.", line.strip())]
        killed = sum(1 for line in mine if line.endswith(": killed"))
        report.append(f"{module}: {killed}/{len(mine)} killed; "
                      + ", ".join(f"{status} {sum(1 for line in mine if line.endswith(': ' + status))}"
                                  for status in sorted({line.rsplit(': ', 1)[1] for line in mine})))
    report += ["", "Survivors:"]
    for line in lines:
        name, _, status = line.strip().rpartition(": ")
        if status in ("survived", "no tests") and any(f"studyarchive.{place(m)}." in name for m in args.modules):
            diff = subprocess.run([*mutmut, "show", name], cwd=work, env=env, capture_output=True, text=True).stdout
            report += ["", f"## {name} ({status})", diff.strip()]
    target = OUT / f"{'-'.join(args.modules) if len(args.modules) < 4 else 'core'}.txt"
    target.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report[:len(args.modules) + 2]))
    print(f"报告：{target.relative_to(ROOT)}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
