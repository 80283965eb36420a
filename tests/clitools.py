"""Run the real `archive` command (installed by `make setup`) in a project folder, and compare texts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, write_site

ARCHIVE = Path(sys.executable).parent / "archive"


def archive(cwd: Path, *args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    # The console script when installed (as `make setup` does); the module otherwise, same code.
    command = [str(ARCHIVE)] if ARCHIVE.exists() else [sys.executable, "-m", "studyarchive.cli.cli"]
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run([*command, *args], cwd=cwd, env=env, stdin=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=600, check=False)


def make_project(root: Path, docs: dict[str, str] | None = None, vocabulary: str | None = None) -> Path:
    """A project folder like this one: mkdocs.yml, vocabulary.yml, docs/index.md (+ docs)."""
    return write_site(root, docs or {}, vocabulary)


FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": "."})
SENTENCE_END = re.compile(r"[。！？；!?;\r\n]")


def sentences(text: str) -> list[str]:
    """The input's sentences without website markers and whitespace; the digits as the import writes them."""
    text = re.sub(r"##paid(?:begin|end)##", "", text).translate(FULLWIDTH)
    out = []
    for piece in SENTENCE_END.split(text):
        piece = re.sub(r"\s+", "", piece).rstrip("：:，,、")
        if piece:
            out.append(piece)
    return out


def lost(source_text: str, output: str) -> list[str]:
    """Sentences of the input that the output does not contain: must be none."""
    flat = re.sub(r"\s+", "", output).translate(FULLWIDTH)
    return [s for s in sentences(source_text) if s not in flat]
