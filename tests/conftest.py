"""Shared fixtures: build real sites into temporary folders with the project's own configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import Phase, settings

# Property tests (Hypothesis). `make test` runs the "default" profile: derandomized, so every run tries the same
# examples and a red test is red again on the next run and on CI. `make fuzz` (HYPOTHESIS_PROFILE=fuzz) tries
# FUZZ_FACTOR times as many examples from random seeds, keeping what it finds in .hypothesis/ (Hypothesis's example
# database) and printing each failure's reproduction; every failure found there is kept as an @example(...) on its
# test, so that `make test` catches it from then on.
FUZZ_FACTOR = 25
settings.register_profile("default", derandomize=True, database=None, print_blob=False)
settings.register_profile("fuzz", derandomize=False, print_blob=True, phases=tuple(Phase))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE not in ("default", "fuzz"):
    raise pytest.UsageError(f"HYPOTHESIS_PROFILE={PROFILE}：只能是 default 或 fuzz")
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """A property test's number of examples: ``n`` in `make test`, FUZZ_FACTOR times more in `make fuzz`."""
    return n * FUZZ_FACTOR if PROFILE == "fuzz" else n

ROOT = Path(__file__).resolve().parent.parent
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"


def generated_corpus(folder: Path, n: int, seed: int) -> Path:
    """scripts/gen_corpus.py's archive of ``n`` materials (the same seed gives the same bytes) in ``folder``/corpus."""
    site = folder / "corpus"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), str(site), "--n", str(n), "--seed", str(seed)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return site


def corpus_sources(site: Path) -> dict[str, str]:
    """The materials of a generated archive: docs-relative path → text."""
    docs = site / "docs"
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))
            if p.name != "index.md" and "assets" not in p.parts}


def need_shared(path: Path) -> Path:
    """A file of ../shared/samples: skipped on a machine without ../shared, but a failure in CI (CI=true), where a
    copy of shared/ lies beside the clone: there a missing sample means the tests that read it would pass unseen."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须有真实样例，但 {path} 不存在（../shared 应当在仓库旁边）", pytrace=False)
        pytest.skip(f"真实样例不存在：{path}（../shared 不在本机）")
    return path


@dataclass
class Built:
    code: int
    output: str
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    @property
    def log_lines(self) -> list[str]:
        """Log lines without MkDocs' INFO chatter."""
        return [line for line in self.output.splitlines() if line.startswith(("ERROR", "WARNING"))]


def write_site(root: Path, docs: dict[str, str], vocabulary: str | None = None) -> Path:
    """A site folder laid out like the project: mkdocs.yml, vocabulary.yml, docs/."""
    root.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "archive_hook.py")]
    if config.get("theme", {}).get("custom_dir"):  # the templates (overrides/) stay where they are
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "vocabulary.yml").write_text(vocabulary if vocabulary is not None else (ROOT / "vocabulary.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    for path, text in docs.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def mkdocs(root: Path, *args: str, config: str = "mkdocs.yml") -> Built:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(root / config)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )
    return Built(proc.returncode, proc.stdout + proc.stderr, root)


@pytest.fixture
def build_site(tmp_path: Path):
    """build_site({"a/b.md": text, ...}) → Built, after `mkdocs build --strict`."""

    def build(docs: dict[str, str], vocabulary: str | None = None, strict: bool = True) -> Built:
        root = write_site(tmp_path / "site-src", docs, vocabulary)
        return mkdocs(root, "build", *(["--strict"] if strict else []))

    return build
