"""Same input, same output: byte-identical builds, no state left over between `serve` rebuilds, and a
`serve` preview that shows errors on the page instead of losing a material."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import write_site
from test_build import LAST_YEAR, THIS_YEAR

EPOCH = {"SOURCE_DATE_EPOCH": "1735689600"}


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)


def test_every_file_of_two_builds_is_byte_identical(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {"c23/zhangsan.md": LAST_YEAR, "c24/zhangsan.md": THIS_YEAR})
    first = run(root, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "one"))
    second = run(root, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "two"))
    assert first.returncode == second.returncode == 0, first.stderr
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert {"indexes/ledger/2023-zhuti-2.xlsx", "indexes/ledger/2024-annual.xlsx"} <= set(one)  # the ledgers as workbooks too


REBUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

root, first, second = sys.argv[1:4]
# Like `serve`: one process, the hook module imported once, the config loaded anew for each rebuild.
build(load_config(config_file=root + "/mkdocs.yml", site_dir=first))
path = root + "/docs/c23/zhangsan.md"
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("一是加强理论学习。", "一是加强理论学习（已修改）。"))
build(load_config(config_file=root + "/mkdocs.yml", site_dir=second))
"""


def test_a_rebuild_in_the_same_process_equals_a_fresh_build(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {"c23/zhangsan.md": LAST_YEAR, "c24/zhangsan.md": THIS_YEAR})
    rebuilt = run(root, "-c", REBUILD, str(root), str(tmp_path / "first"), str(tmp_path / "rebuilt"))
    assert rebuilt.returncode == 0, rebuilt.stderr
    fresh = run(root, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "fresh"))
    assert fresh.returncode == 0, fresh.stderr
    a, b = tree(tmp_path / "rebuilt"), tree(tmp_path / "fresh")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert "加强理论学习（已修改）" in (tmp_path / "rebuilt" / "c23" / "zhangsan" / "index.html").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


BROKEN = "---\ntitle: 有错的材料\ndoc_type: self_review\nmember: 李四\ncampaign: 2023-zhuti-9\ndate: 2024-01-10\n---\n一、存在问题\n\n一是写错了批次的这份材料。\n"
DRAFT = "---\ntitle: 心得（草稿）\ndoc_type: reflection\nmember: 张三\ndate: 2024-08-02\nstatus: draft\n---\n还没写完的心得。\n"


def test_serve_shows_errors_on_the_page_keeps_the_rest_and_previews_drafts(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {"c23/zhangsan.md": LAST_YEAR, "c23/lisi.md": BROKEN, "c23/zhangsan-xinde.md": DRAFT})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
                              cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        good = fetch(f"http://127.0.0.1:{port}/c23/zhangsan/", deadline)
        broken = fetch(f"http://127.0.0.1:{port}/c23/lisi/", deadline)
        draft = fetch(f"http://127.0.0.1:{port}/c23/zhangsan-xinde/", deadline)
        search_meta = fetch(f"http://127.0.0.1:{port}/search/meta.js", deadline)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert 'id="problem-1-1"' in good and "本材料有错误" not in good
    assert "本材料有错误，改正后才能正式发布：" in broken
    assert "docs/c23/lisi.md:5: 未知的批次“2023-zhuti-9”" in broken
    assert "一是写错了批次的这份材料。" in broken  # the text is not lost
    assert "草稿：只在本机预览中显示，不会发布到网站。" in draft and "还没写完的心得。" in draft
    assert "ERROR   -  docs/c23/lisi.md:5: 未知的批次“2023-zhuti-9”" in output
    assert "Traceback" not in output
    # The preview's search index is in fewer files (searchindex.PREVIEW_*): meta.js says how many materials a file holds.
    assert '"docs_per_file":64' in search_meta


TAGGED = """\
---
title: 个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
tags: [理论学习, 主题教育, 党纪学习, 作风建设, 为民服务, 组织生活, 廉洁自律, 调查研究]
---
一、存在问题

一是学习不深入。

二、整改措施

一是加强学习。【针对问题：1】
"""

# The archive's JSON export, written in a fresh interpreter (its own string hash seed).
EXPORT = """
import sys
from pathlib import Path
from studyarchive.output import export
from studyarchive.link.pipeline import build_archive
from studyarchive.mkdocs.mkdocs_config import load_project
from studyarchive.config.project import read_materials, read_vocabulary

project = load_project(Path(sys.argv[1]) / "mkdocs.yml")
vocab = read_vocabulary(project.vocabulary, "vocabulary.yml")
sources, problems = read_materials(project)
assert not problems, problems
archive = build_archive(sources, vocab, project.prefix)
sys.stdout.buffer.write(export.dumps(export.export(archive, vocab, lambda path: path)).encode("utf-8"))
"""


def test_the_json_export_is_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Tags keep the order the author wrote them in: a set would order them by string hash, which differs
    between two runs of Python (PYTHONHASHSEED), and two builds of the same archive would differ."""
    import json

    root = write_site(tmp_path / "src", {"c24/zhangsan.md": TAGGED})
    hooks = str(Path(__file__).resolve().parent.parent / "hooks")
    outputs = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, **EPOCH, "PYTHONHASHSEED": seed, "PYTHONPATH": hooks}
        proc = subprocess.run([sys.executable, "-c", EXPORT, str(root)], cwd=root, env=env, capture_output=True, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    (material,) = json.loads(outputs.pop())["materials"]  # the material was read: the premise of the comparison
    assert material["tags"] == ["理论学习", "主题教育", "党纪学习", "作风建设", "为民服务", "组织生活", "廉洁自律", "调查研究"]
