"""The style and type gate: `make test` fails when ruff or mypy finds something (rules and reasons: pyproject.toml).

The same two commands are `make lint`. The last two tests lint a file made here, so that the gate is known to
apply the project's configuration (a Chinese message line may be long, an unused import may not) rather than pass
because it checked nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent
# What ruff checks; mypy's files are in pyproject.toml.
RUFF_PATHS = ("hooks", "scripts", "tests")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def shown(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n{done.stdout}{done.stderr}"


def test_ruff_finds_nothing() -> None:
    done = run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", *RUFF_PATHS)
    assert done.returncode == 0, shown(done)


def test_mypy_finds_nothing() -> None:
    done = run(str(BIN / "mypy"))
    assert done.returncode == 0, shown(done)
    assert "Success: no issues found" in done.stdout, shown(done)


def test_ruff_applies_the_projects_rules(tmp_path: Path) -> None:
    message = "第" + "很长的中文提示" * 10 + "。"
    source = tmp_path / "sample.py"
    source.write_text(
        "import os\n\n\n"
        f'def message(path: str) -> str:\n    return f"{{path}}：{message}"\n',
        encoding="utf-8",
    )
    done = run(str(BIN / "ruff"), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
               "--output-format", "concise", str(source))
    assert done.returncode == 1, shown(done)
    assert "sample.py:1:8: F401" in done.stdout, shown(done)
    # About 170 columns: a Chinese message, within max-line-length; the full-width colon is no RUF001 either.
    assert "E501" not in done.stdout and "RUF001" not in done.stdout, shown(done)


def test_mypy_reports_a_type_error(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text("def width(text: str) -> int:\n    return text\n", encoding="utf-8")
    # From the project's folder, so that mypy's cache of the standard library's types is reused.
    done = run(str(BIN / "mypy"), str(source))
    assert done.returncode == 1, shown(done)
    assert 'sample.py:2: error: Incompatible return value type (got "str", expected "int")  [return-value]' in done.stdout, \
        shown(done)
