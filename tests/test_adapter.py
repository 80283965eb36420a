"""The MkDocs adapter (studyarchive/mkdocs/mkdocs_adapter.py) and its speed-ups (studyarchive/mkdocs/speedups.py).

Every speed-up changes how fast the site is made, never a byte of it: the sample site, a generated corpus and a
site with markup in every name are built with the speed-ups on and with ARCHIVE_PLAIN=1, and every file of the
two sites is compared. The plain build runs with every speed-up made to fail, so that it cannot use one unseen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, mkdocs, write_site
from test_edge_escape import FOLDER, FORMULA_MEMBER, MEMBER, MINUTES, REFLECTION, VOCABULARY

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

HOOKS = ROOT / "hooks"

# Builds with ARCHIVE_PLAIN=1 in which each speed-up raises if it is used at all.
PLAIN = """
import sys, types
sys.path.insert(0, sys.argv.pop(1))
import studyarchive.mkdocs.speedups as s

def used(*args, **kwargs):
    raise AssertionError("ARCHIVE_PLAIN=1, but a speed-up ran")

s.NavCache.__init__ = used
s.Translations.__init__ = used
s.PlainTextExtension.extendMarkdown = used
s.zlib = types.SimpleNamespace(compress=used, decompress=used, compressobj=used)
s.gc = types.SimpleNamespace(freeze=used, unfreeze=lambda: None)
s.ctypes = types.SimpleNamespace(CDLL=used)
import studyarchive.mkdocs.pagewriter as w
w.PageWriter.__init__ = used
from mkdocs.__main__ import cli
cli(prog_name="mkdocs")
"""


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build_both(config: Path, out: Path, strict: bool = True) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site of ``config`` with the speed-ups (as `mkdocs build`) and without them."""
    flags = ["--strict"] if strict else []
    fast = mkdocs(config.parent, "build", *flags, "-d", str(out / "fast"), config=config.name)
    assert fast.code == 0, fast.output
    env = {**os.environ, "ARCHIVE_PLAIN": "1", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    plain = subprocess.run([sys.executable, "-c", PLAIN, str(HOOKS), "build", *flags, "-d", str(out / "plain"),
                            "-f", str(config)], cwd=config.parent, env=env, capture_output=True, text=True, timeout=900)
    assert plain.returncode == 0, plain.stderr
    return tree(out / "fast"), tree(out / "plain")


def assert_same(fast: dict[str, bytes], plain: dict[str, bytes]) -> None:
    assert sorted(fast) == sorted(plain)
    assert [path for path in fast if fast[path] != plain[path]] == []


def test_the_sample_site_is_the_same_without_the_speed_ups(tmp_path: Path) -> None:
    fast, plain = build_both(ROOT / "mkdocs.yml", tmp_path)
    assert_same(fast, plain)
    assert len(fast) > 50 and "archive.json" in fast and "404.html" in fast
    page = fast["index.html"].decode()
    # The cached navigation and texts are in it: pruned links and Material's Chinese texts.
    assert 'md-nav__item--pruned' in page and "回到页面顶部" in page


def test_a_generated_corpus_is_the_same_without_the_speed_ups(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    assert gen_corpus.main([str(corpus), "--n", "60", "--seed", "11"]) == 0
    fast, plain = build_both(corpus / "mkdocs.yml", tmp_path)
    assert_same(fast, plain)
    materials = [p for p in (corpus / "docs").rglob("*.md") if p.name != "index.md"]
    assert len(materials) == 60 and len(fast) > 100
    assert any(path.startswith("indexes/print/") for path in fast)  # the volumes reuse the materials' held pages


def test_markup_in_every_name_is_the_same_without_the_speed_ups(tmp_path: Path) -> None:
    """The hostile site of tests/test_edge_escape.py: markup in front-matter fields, labels and a folder's name."""
    docs = {"2024-dangji/wang.md": MEMBER, "2024-dangji/formula.md": FORMULA_MEMBER,
            "huiyi/2024/dahui.md": MINUTES, f"{FOLDER}/wang-xinde.md": REFLECTION}
    root = write_site(tmp_path / "src", docs, VOCABULARY)
    fast, plain = build_both(root / "mkdocs.yml", tmp_path, strict=False)  # the sanitizer warns, as it should
    assert_same(fast, plain)
    pages = [text.decode() for path, text in fast.items() if path.endswith(".html")]
    assert len(pages) > 10 and not any("<script>window.__y" in page or "<img src=x onerror" in page for page in pages)


def test_the_switch_is_read_from_the_environment() -> None:
    from studyarchive.mkdocs import speedups

    assert speedups.enabled({}) and speedups.enabled({"ARCHIVE_PLAIN": ""}) and speedups.enabled({"ARCHIVE_PLAIN": "0"})
    assert not speedups.enabled({"ARCHIVE_PLAIN": "1"}) and not speedups.enabled({"ARCHIVE_PLAIN": "yes"})
    assert speedups.markdown_extensions(False) == []
    held = speedups.Held(fast=False)
    assert held.hold("a.md", "<h1>x</h1>", compress=False) == "<h1>x</h1>" and held.html("a.md") == "<h1>x</h1>"
    assert held.release("a.md", "<main>x</main>") == "<main>x</main>"
    fast = speedups.Held()
    token = fast.hold("b.md", "<p>y</p>")
    assert token == speedups.Held.TOKEN and fast.release("b.md", f"<main>{token}</main>") == "<main><p>y</p></main>"


def test_the_hook_only_forwards_events_mkdocs_still_supports() -> None:
    """MkDocs 1.6 deprecates on_page_read_source (File.content_string replaces it): the hook has none, and
    every on_* it has is a current MkDocs event handled by the one ArchiveBuild."""
    from mkdocs.plugins import EVENTS

    sys.path.insert(0, str(HOOKS))
    import archive_hook
    from studyarchive.mkdocs.mkdocs_adapter import ArchiveBuild

    events = {name for name in vars(archive_hook) if name.startswith("on_")}
    assert "on_page_read_source" not in events and not hasattr(ArchiveBuild, "on_page_read_source")
    assert events and {name.removeprefix("on_") for name in events} <= set(EVENTS)
    assert all(getattr(archive_hook, name).__self__ is archive_hook._build for name in events)
    assert isinstance(archive_hook._build, ArchiveBuild)


def test_a_build_raises_no_deprecation_warning(tmp_path: Path) -> None:
    """The sample site, built with every DeprecationWarning made an error."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-m", "mkdocs", "build", "--strict",
                           "-d", str(tmp_path / "site"), "-f", str(ROOT / "mkdocs.yml")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "index.html").exists()
