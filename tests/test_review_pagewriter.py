"""Adversarial review of the page-writer thread (hooks/studyarchive/mkdocs/pagewriter.py).

Every page MkDocs would write is written with exactly MkDocs' bytes, also when another plugin's on_post_page runs
after the hook's (Material's privacy plugin runs at priority -50; a hook listed after ours runs after it too), or its
on_post_build runs before the hook's; and MkDocs' note on the empty output is dropped under ProperDocs too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

# Another hook that changes every page after the archive's on_post_page (listed after it, or listed before it with a
# lower priority, as Material's privacy plugin is).
AFTER = '''
from mkdocs.plugins import event_priority

@event_priority(PRIORITY)
def on_post_page(output, page, config):
    return output.replace("</body>", "<!-- 后面的插件 -->\\n</body>")
'''

# Another hook whose on_post_build runs before the archive's (a higher priority) and lists the pages not yet on disk;
# the thread, if it writes, is made slow (20 ms a page), so that it is still writing when the loop over pages ends.
EARLY = '''
import os, time
from pathlib import Path
from mkdocs.plugins import event_priority

def on_config(config):
    import studyarchive.mkdocs.pagewriter as writer

    def slow_open(*args, **kwargs):
        time.sleep(0.02)
        return open(*args, **kwargs)

    writer.open = slow_open
    return config

@event_priority(200)
def on_post_build(config):
    site = Path(config.site_dir)
    missing = [p for p in os.environ["EXPECT"].split("|") if not (site / p).is_file()]
    (site.parent / "early.txt").write_text("\\n".join(missing) or "ALL WRITTEN", encoding="utf-8")
'''

# Listed before the archive's hook: counts the pages the thread takes (written to taken.txt beside the site).
COUNT = '''
from pathlib import Path

TAKEN = []

def on_config(config):
    import studyarchive.mkdocs.pagewriter as writer
    original = writer.PageWriter.write

    def counted(self, src, dest, output):
        out = original(self, src, dest, output)
        if out == "" and output.strip():
            TAKEN.append(src)
        return out

    writer.PageWriter.write = counted
    return config

def on_post_build(config):
    (Path(config.site_dir).parent / "taken.txt").write_text(str(len(TAKEN)), encoding="utf-8")
'''


def taken(tmp_path: Path) -> int:
    return int((tmp_path / "taken.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("review") / "corpus"
    assert gen_corpus.main([str(root), "--n", "12", "--seed", "7"]) == 0
    return root


def configure(root: Path, before: list[str], after: list[str]) -> Path:
    """mkdocs.yml of the corpus with these hook files around the archive's."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [*before, str(ROOT / "hooks" / "archive_hook.py"), *after]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    path = root / f"mkdocs-{len(before)}-{len(after)}-{abs(hash((*before, *after)))}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build(config: Path, site: Path, engine: str = "mkdocs", **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_PLAIN", "ARCHIVE_JOBS")}
    environ |= {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **env}
    return subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=config.parent, env=environ, capture_output=True, text=True, timeout=600)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("place", "priority"), [("after", 0), ("before", -50)])
def test_a_plugin_that_changes_pages_after_ours_changes_every_page(corpus: Path, tmp_path: Path, place: str,
                                                                   priority: int) -> None:
    hook = tmp_path / "other.py"
    hook.write_text(AFTER.replace("PRIORITY", str(priority)), encoding="utf-8")
    count = tmp_path / "count.py"
    count.write_text(COUNT, encoding="utf-8")
    config = configure(corpus, [str(count), *([str(hook)] if place == "before" else [])], [str(hook)] if place == "after" else [])
    fast = build(config, tmp_path / "fast")
    plain = build(config, tmp_path / "plain", ARCHIVE_PLAIN="1")
    assert fast.returncode == 0 and plain.returncode == 0, fast.stderr + plain.stderr
    pages = {path: data for path, data in site_files(tmp_path / "fast").items() if path.endswith("index.html")}
    assert len(pages) > 12
    assert [path for path, data in pages.items() if b"<!-- \xe5\x90\x8e\xe9\x9d\xa2\xe7\x9a\x84\xe6\x8f\x92\xe4\xbb\xb6 -->" not in data] == []
    assert site_files(tmp_path / "fast") == site_files(tmp_path / "plain")
    assert "Page skipped" not in fast.stderr
    assert taken(tmp_path) == 0  # MkDocs writes them, after the other plugin


def test_a_plugin_whose_post_build_runs_first_finds_every_page(corpus: Path, tmp_path: Path) -> None:
    first = build(configure(corpus, [], []), tmp_path / "first")
    assert first.returncode == 0, first.stderr
    pages = sorted(p.relative_to(tmp_path / "first").as_posix() for p in (tmp_path / "first").rglob("index.html"))
    hook = tmp_path / "early.py"
    hook.write_text(EARLY, encoding="utf-8")
    done = build(configure(corpus, [str(hook)], []), tmp_path / "site", EXPECT="|".join(pages))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "early.txt").read_text(encoding="utf-8") == "ALL WRITTEN"


def test_properdocs_prints_no_note_on_the_pages_the_thread_writes(corpus: Path, tmp_path: Path) -> None:
    count = tmp_path / "count.py"
    count.write_text(COUNT, encoding="utf-8")
    done = build(configure(corpus, [str(count)], []), tmp_path / "site", engine="properdocs")
    assert done.returncode == 0, done.stderr
    assert "Page skipped" not in done.stdout + done.stderr
    pages = len(list((tmp_path / "site").rglob("index.html")))
    assert pages > 12 and taken(tmp_path) == pages  # the thread wrote every page


def test_alone_the_thread_writes_every_page(corpus: Path, tmp_path: Path) -> None:
    count = tmp_path / "count.py"
    count.write_text(COUNT, encoding="utf-8")
    done = build(configure(corpus, [str(count)], []), tmp_path / "site")
    assert done.returncode == 0, done.stderr
    pages = len(list((tmp_path / "site").rglob("index.html")))
    assert pages > 12 and taken(tmp_path) == pages
    assert "Page skipped" not in done.stderr


def test_without_directory_urls_the_thread_writes_mkdocs_bytes(corpus: Path, tmp_path: Path) -> None:
    count = tmp_path / "count.py"
    count.write_text(COUNT, encoding="utf-8")
    config = configure(corpus, [str(count)], [])
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) | {"use_directory_urls": False}
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    fast = build(config, tmp_path / "fast")
    assert fast.returncode == 0, fast.stderr
    written = taken(tmp_path)
    plain = build(config, tmp_path / "plain", ARCHIVE_PLAIN="1")
    assert plain.returncode == 0, plain.stderr
    files = site_files(tmp_path / "fast")
    pages = [path for path in files if path.endswith(".html") and path != "404.html"]
    assert not any(path.endswith("/index.html") for path in pages if path.count("/") > 2)
    assert written == len(pages) > 12
    assert files == site_files(tmp_path / "plain")


# Listed before the archive's hook: while FAIL is beside mkdocs.yml, the rebuild fails at its fifth page, after the
# thread has been handed the four before it.
FAIL = '''
from pathlib import Path

SEEN = []

def on_config(config):
    SEEN.clear()
    return config

def on_post_page(output, page, config):
    SEEN.append(page.file.src_uri)
    if len(SEEN) == 5 and (Path(config.config_file_path).parent / "FAIL").exists():
        raise RuntimeError("半途失败")
    return output
'''


def edit_typo(docs: Path) -> None:
    """A comma changed in the first material (each call changes the next one)."""
    path = sorted(p for p in docs.rglob("*.md") if p.name != "index.md" and "，" in p.read_text(encoding="utf-8"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("，", "、", 1), encoding="utf-8")


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_a_rebuild_that_fails_half_way_leaves_nothing_stale(tmp_path: Path, dirty: bool) -> None:
    from test_serve_dirty import edit_config, rebuilt
    from test_serve_incremental import Serve, differences, fresh_preview, snapshot

    root = tmp_path / "corpus"
    assert gen_corpus.main([str(root), "--n", "30", "--seed", "5"]) == 0
    hook = tmp_path / "fail.py"
    hook.write_text(FAIL, encoding="utf-8")
    config = configure(root, [str(hook)], [])
    config.replace(root / "mkdocs.yml")
    (tmp_path / "serve").mkdir()
    server = Serve(root, tmp_path / "serve", *(["--dirty"] if dirty else []))
    try:
        server.wait_for(r"Serving on")
        (root / "FAIL").write_text("", encoding="utf-8")
        edit_config(root / "docs")  # every page again
        server.wait_for(r"An error happened during the rebuild")
        (root / "FAIL").unlink()
        edit_typo(root / "docs")
        rebuilt(server)
        got = snapshot(server.site_dir)
        want = fresh_preview(root, tmp_path / "fresh", server.port)
    finally:
        server.stop()
    assert differences(got, want) == []
    assert "半途失败" in "\n".join(server.log)


def test_group_cache_after_moves_renames_and_reorders(tmp_path: Path) -> None:
    """GroupCache (analyse/similar.py): a material moved to another campaign, its author renamed, its file renamed (its
    statements change places), a statement copied from another campaign, the threshold changed and back: each time the
    groups equal a search from scratch."""
    from studyarchive.analyse.similar import GroupCache
    from studyarchive.core.vocab import load_vocabulary
    from test_group_cache import groups_of, shape

    root = tmp_path / "corpus"
    assert gen_corpus.main([str(root), "--n", "120", "--seed", "3"]) == 0
    docs = root / "docs"
    sources = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))
               if p.name != "index.md" and "assets" not in p.parts}
    vocab = load_vocabulary((root / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    campaigns = sorted({line for text in sources.values() for line in text.splitlines() if line.startswith("campaign: ")})
    assert len(campaigns) > 1
    grouped = [p for p, text in sources.items() if campaigns[0] in text.splitlines()]
    first, second = grouped[0], grouped[1]
    cache = GroupCache()
    before = groups_of(sources, vocab, cache=cache)
    assert before

    def check(threshold: float = 0.6) -> None:
        assert shape(groups_of(sources, vocab, threshold, cache)) == shape(groups_of(sources, vocab, threshold))

    sources[first] = sources[first].replace(campaigns[0], campaigns[1], 1)  # moved to another campaign
    check()
    sources[first] = sources[first].replace(campaigns[1], campaigns[0], 1)  # and back
    check()
    member = next(line for line in sources[second].splitlines() if line.startswith("member: "))
    sources[second] = sources[second].replace(member, member + "（综合科）", 1)  # author renamed
    check()
    folder, name = second.rsplit("/", 1)
    sources[f"{folder}/0{name}"] = sources.pop(second)  # renamed: its statements come first in the campaign now
    check()
    other = next(p for p, text in sources.items() if campaigns[0] not in text.splitlines() and "\n1. " in text)
    line = next(x for x in sources[first].splitlines() if x.startswith("1. ") and len(x) > 20)
    sources[other] = sources[other].replace("\n1. ", f"\n{line}\n1. ", 1)  # copied into another campaign
    check()
    check(0.4)
    check()


def test_a_thread_ended_by_system_exit_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    """SystemExit is no Exception: a thread ended by it left its pages unwritten and the build reported success."""
    from mkdocs.exceptions import PluginError

    from studyarchive.mkdocs import pagewriter

    def leaves(*args, **kwargs):
        raise SystemExit

    monkeypatch.setattr(pagewriter, "open", leaves, raising=False)
    writer = pagewriter.PageWriter()
    writer.write("a.md", str(tmp_path / "a.html"), "<p>甲</p>")
    with pytest.raises(PluginError) as raised:
        writer.finish()
    assert str(raised.value) == f"无法写入网页文件 {tmp_path / 'a.html'}：SystemExit，请检查磁盘和网站文件夹，然后重新构建。"
