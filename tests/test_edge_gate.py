"""The publishing gate (hooks/studyarchive/config/gate.py): only what the archive decides to publish reaches site/.

Every case is built (`mkdocs build --strict`) and checked (`archive check --strict`) from the same folder, next to
a committee-only material and a draft that carry canary strings in their fields and attachments: the canaries must
be nowhere in site/, and both commands must print the same Chinese messages with file names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from clitools import archive
from conftest import Built, mkdocs, write_site
from test_security import MEMBER, site_files

CANARY = "支委专用的青铜暗号"
DRAFT_CANARY = "草稿里的翠竹口令"
OUTSIDE_CANARY = "仓库外面的机密环境变量"

PHOTO = b"\x89PNG\r\n\x1a\n" + "公开的合影".encode()

TALK = f"""\
---
title: 谈心谈话记录{CANARY}
doc_type: talk_record
member: 张三
date: 2024-08-01
audience: committee
tags: [{CANARY}]
---
支部书记与张三谈心。{CANARY}。

![谈话照片](talk.png)

[谈话记录扫描件](talk.pdf)
"""

DRAFT = f"""\
---
title: 心得体会{DRAFT_CANARY}
doc_type: reflection
member: 张三
date: 2024-08-02
status: 草稿
tags: [{DRAFT_CANARY}]
---
{DRAFT_CANARY}

![草稿配图](draft.png)
"""

BASE = {
    "a/zhangsan.md": MEMBER + "\n![合影](photo.png)\n",
    "a/talk.md": TALK,
    "a/draft.md": DRAFT,
}
BASE_BINARY = {
    "a/photo.png": PHOTO,
    "a/talk.png": b"\x89PNG\r\n\x1a\n" + CANARY.encode(),
    "a/talk.pdf": b"%PDF-1.4\n" + CANARY.encode(),
    "a/draft.png": b"\x89PNG\r\n\x1a\n" + DRAFT_CANARY.encode(),
}

LOG_RE = re.compile(r"^(ERROR|WARNING)\s+-\s+(.*)$")


def run(tmp_path: Path, docs: dict[str, str | bytes] | None = None,
        setup: Callable[[Path], None] | None = None) -> tuple[Built, list[str], object]:
    """Build and check one project: (the build, its error and warning lines, the check's result)."""
    texts = {p: t for p, t in (docs or {}).items() if isinstance(t, str)}
    root = write_site(tmp_path / "p", {**BASE, **texts})
    for path, data in {**BASE_BINARY, **{p: t for p, t in (docs or {}).items() if isinstance(t, bytes)}}.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_bytes(data)
    if setup:
        setup(root)
    built = mkdocs(root, "build", "--strict")
    logged = [m.group(1)[0] + " " + m.group(2) for line in built.output.splitlines() if (m := LOG_RE.match(line))]
    logged = [line for line in logged if "构建已中止" not in line and "Aborted with" not in line]
    checked = archive(root, "check", "--strict")
    return built, logged, checked


def check_lines(checked) -> list[str]:
    """The check's messages in the build's log form: 'E path: message' / 'W path: message'."""
    out, level = [], None
    for line in checked.stdout.splitlines():
        if line in ("错误：", "警告："):
            level = "E" if line == "错误：" else "W"
        elif line.startswith("检查了 "):
            level = None
        elif level:
            out.append(f"{level} {line}")
    return out


def assert_agree(built: Built, logged: list[str], checked, expected: list[str]) -> None:
    """Both fail, both print exactly the expected messages (and nothing else), and nothing secret is published."""
    assert built.code == 1, built.output
    assert checked.returncode == 1, checked.stdout
    assert "Traceback" not in built.output and "Traceback" not in checked.stderr, built.output + checked.stderr
    assert sorted(logged) == sorted(expected), built.output
    assert sorted(check_lines(checked)) == sorted(expected), checked.stdout
    assert_no_canary(built.site)


def assert_no_canary(site: Path) -> None:
    if not site.exists():
        return
    for path, text in site_files(site).items():
        for canary in (CANARY, DRAFT_CANARY, OUTSIDE_CANARY):
            assert canary not in text, (canary, path)


def test_the_base_site_publishes_only_the_members_material_and_its_attachment(tmp_path: Path) -> None:
    built, logged, checked = run(tmp_path)
    assert built.code == 0 and logged == [], built.output
    assert (checked.returncode, checked.stdout) == (0, "检查了 3 份材料，没有发现问题。\n")
    assert (built.site / "a/photo.png").read_bytes() == PHOTO
    assert '<img alt="合影" src="../photo.png"' in built.html("a/zhangsan/index.html")
    for gone in ("a/talk.png", "a/talk.pdf", "a/draft.png", "a/talk", "a/draft", "a/talk.md"):
        assert not (built.site / gone).exists(), gone
    assert (built.site / "assets/archive.css").is_file() and (built.site / "assets/search.js").is_file()
    assert_no_canary(built.site)


@pytest.mark.parametrize("name", ["talk2.MD", "talk2.Md", "talk2.MARKDOWN"])
def test_a_material_with_an_upper_case_extension_is_refused(tmp_path: Path, name: str) -> None:
    built, logged, checked = run(tmp_path, {f"a/{name}": TALK})
    suffix = name[name.index("."):]
    assert_agree(built, logged, checked, [f"E docs/a/{name}: 扩展名“{suffix}”要写成小写，否则不会当作材料处理；请把文件改名为“talk2.md”。"])


BACKUPS = ["talk.md~", "talk.md.orig", "talk.md.bak", ".talk.md.swp", "#talk.md#", ".~lock.talk.md#", "~$talk.docx"]


def test_editor_backups_are_left_out_with_a_warning(tmp_path: Path) -> None:
    built, logged, checked = run(tmp_path, {f"a/{name}": TALK for name in BACKUPS})
    warning = "这是编辑器的备份或临时文件，不会发布；请删除它，不要提交到仓库。"
    assert_agree(built, logged, checked, [f"W docs/a/{name}: {warning}" for name in BACKUPS])
    # Without --strict the site is built, without them.
    loose = mkdocs(built.root, "build")
    assert loose.code == 0, loose.output
    assert sorted(p.name for p in (loose.site / "a").iterdir()) == ["photo.png", "zhangsan"]
    assert_no_canary(loose.site)


@pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml", ".svg", ".js", ".xml", ".txt", ".docx", ".json"])
def test_a_file_of_another_type_is_refused(tmp_path: Path, suffix: str) -> None:
    """A page or a script on the archive's origin, or an attachment no one may publish."""
    body = f"<script>alert('{CANARY}')</script>"
    built, logged, checked = run(tmp_path, {f"a/stray{suffix}": body, "a/talk.md": TALK + f"\n[附件](stray{suffix})\n"})
    assert_agree(built, logged, checked, [
        f"E docs/a/stray{suffix}: “{suffix}”文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 docs/。",
    ])


def test_a_file_without_extension_is_refused(tmp_path: Path) -> None:
    built, logged, checked = run(tmp_path, {"a/NOTES": CANARY})
    assert_agree(built, logged, checked, [
        "E docs/a/NOTES: 没有扩展名的文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 docs/。",
    ])


LINK = "这是一个符号链接（快捷方式），构建不会跟随它，它指向的内容不会发布；请换成文件本身，或删除它。"


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlinks_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(TALK.replace(CANARY, OUTSIDE_CANARY), encoding="utf-8")
    (outside / "env.png").write_bytes(OUTSIDE_CANARY.encode())

    def links(root: Path) -> None:
        (root / "docs/a/passwd.png").symlink_to("/etc/passwd")
        (root / "docs/a/environ.md").symlink_to("/proc/self/environ")
        (root / "docs/a/secret.md").symlink_to(outside / "secret.md")
        (root / "docs/b").symlink_to(outside, target_is_directory=True)

    built, logged, checked = run(tmp_path, {"a/zhangsan.md": BASE["a/zhangsan.md"] + "\n![x](passwd.png)\n"}, links)
    assert_agree(built, logged, checked, [f"E docs/{p}: {LINK}" for p in ("a/environ.md", "a/passwd.png", "a/secret.md", "b")])
    assert not built.site.exists() or not any(p.name in ("passwd.png", "environ", "env.png") for p in built.site.rglob("*"))


def test_two_files_for_one_address(tmp_path: Path) -> None:
    lisi = MEMBER.replace("张三", "李四")
    built, logged, checked = run(tmp_path, {"xuexi/lisi.md": lisi, "xuexi/lisi/index.md": TALK})
    assert_agree(built, logged, checked, [
        "E docs/xuexi/lisi/index.md: 与 docs/xuexi/lisi.md 在网站上是同一个地址（xuexi/lisi/），其中一个会覆盖另一个；请把其中一个改名。",
    ])


def test_readme_and_index_in_one_folder(tmp_path: Path) -> None:
    """MkDocs keeps index.md and drops README.md with a warning: the gate names both."""
    built, logged, checked = run(tmp_path, {"c/index.md": MEMBER.replace("张三", "李四"), "c/README.md": TALK})
    expected = "E docs/c/index.md: 与 docs/c/README.md 在网站上是同一个地址（c/），其中一个会覆盖另一个；请把其中一个改名。"
    assert expected in logged and check_lines(checked) == [expected], built.output
    assert built.code == 1 and checked.returncode == 1
    assert_no_canary(built.site)


GENERATED_CASES = {
    "indexes.md": ("indexes/", "档案索引和材料汇编目录 indexes/"),
    "indexes/print.md": ("indexes/print/", "档案索引和材料汇编目录 indexes/"),
    "indexes/members/zhangsan.md": ("indexes/members/zhangsan/", "档案索引和材料汇编目录 indexes/"),
    "archive.json.md": ("archive.json/", "数据文件 archive.json"),
    "sitemap.xml.md": ("sitemap.xml/", "站点地图 sitemap.xml"),
    "404.md": ("404/", "“找不到页面”页 404.html"),
    "search/index.md": ("search/", "全文搜索的索引目录 search/"),
    "search.md": ("search/", "全文搜索的索引目录 search/"),
}


@pytest.mark.parametrize("path", list(GENERATED_CASES))
def test_a_material_where_the_build_writes_its_own_files(tmp_path: Path, path: str) -> None:
    address, label = GENERATED_CASES[path]
    built, logged, checked = run(tmp_path, {path: MEMBER.replace("张三", "李四")})
    assert_agree(built, logged, checked, [
        f"E docs/{path}: 网站上的地址 {address} 是自动生成的{label}所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。",
    ])


def test_a_picture_where_the_build_writes_its_own_files(tmp_path: Path) -> None:
    built, logged, checked = run(tmp_path, {"search/x.png": PHOTO, "archive.json": "{}"})
    assert_agree(built, logged, checked, [
        "E docs/archive.json: “.json”文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 docs/。",
        "E docs/search/x.png: 网站上的地址 search/x.png 是自动生成的全文搜索的索引目录 search/所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。",
    ])


@pytest.mark.parametrize("name", ["..md", ".talk.md"])
def test_a_material_mkdocs_would_skip(tmp_path: Path, name: str) -> None:
    built, logged, checked = run(tmp_path, {f"a/{name}": TALK})
    assert_agree(built, logged, checked, [f"E docs/a/{name}: 文件名以“.”开头的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。"])


def test_a_material_in_the_templates_folder(tmp_path: Path) -> None:
    built, logged, checked = run(tmp_path, {"templates/wang.md": TALK})
    assert_agree(built, logged, checked, ["E docs/templates/wang.md: docs/templates/ 目录的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。"])


def test_an_attachment_no_material_links_to(tmp_path: Path) -> None:
    built, logged, checked = run(tmp_path, {"a/orphan.pdf": b"%PDF-1.4\n" + CANARY.encode()})
    assert_agree(built, logged, checked, ["W docs/a/orphan.pdf: 没有材料引用这个附件，它不会发布；请在材料中用链接或图片引用它，或删除它。"])
    loose = mkdocs(built.root, "build")
    assert loose.code == 0 and not (loose.site / "a/orphan.pdf").exists()
    assert (loose.site / "a/photo.png").is_file()


def test_dotfiles_are_left_out_silently(tmp_path: Path) -> None:
    """What MkDocs never copies (.gitkeep, .DS_Store, a dot-folder) is not the archive's business."""
    built, logged, checked = run(tmp_path, {"a/.gitkeep": "", "a/.DS_Store": CANARY, ".obsidian/app.json": CANARY})
    assert built.code == 0 and logged == [], built.output
    assert (checked.returncode, checked.stdout) == (0, "检查了 3 份材料，没有发现问题。\n")
    assert_no_canary(built.site)


def test_the_committee_site_publishes_the_committee_attachments(tmp_path: Path) -> None:
    root = write_site(tmp_path / "p", {**BASE})
    for path, data in BASE_BINARY.items():
        (root / "docs" / path).write_bytes(data)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  archive:\n", "  archive:\n    audience: committee\n", 1)
    assert "audience: committee" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = mkdocs(root, "build", "--strict")
    assert built.code == 0, built.output
    assert (built.site / "a/talk.png").is_file() and (built.site / "a/talk.pdf").is_file()
    assert not (built.site / "a/draft.png").exists()  # a draft's picture stays out in every site
    assert archive(root, "check", "--strict").returncode == 0


def test_a_script_in_assets_that_mkdocs_yml_does_not_name(tmp_path: Path) -> None:
    """The site's own files are those mkdocs.yml names (extra_css, extra_javascript) and archive.schema.json."""
    built, logged, checked = run(tmp_path, {"assets/evil.js": f"alert('{CANARY}')", "archive.schema.json": "{}"})
    assert_agree(built, logged, checked, [
        "E docs/assets/evil.js: “.js”文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 docs/。",
    ])
    (built.root / "docs/assets/evil.js").unlink()
    again = mkdocs(built.root, "build", "--strict")
    assert again.code == 0, again.output
    assert (again.site / "archive.schema.json").read_text(encoding="utf-8") == "{}"


def test_serve_shows_the_errors_and_serves_none_of_the_refused_files(tmp_path: Path) -> None:
    """`serve` keeps going on errors (the hook's rule), but the gate is the same: a refused file is not served."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    root = write_site(tmp_path / "p", {**BASE, "a/x.MD": TALK, "indexes.md": MEMBER.replace("张三", "李四"), "a/stray.html": CANARY})
    for path, data in BASE_BINARY.items():
        (root / "docs" / path).write_bytes(data)
    (root / "docs/a/passwd.png").symlink_to("/etc/passwd")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def status(path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, b""

    try:
        for _ in range(120):
            try:
                if status("a/zhangsan/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        assert status("a/photo.png") == (200, PHOTO)
        for refused in ("a/x.MD", "a/stray.html", "a/passwd.png", "a/talk.png", "a/talk/"):
            assert status(refused)[0] == 404, refused
        assert "档案索引" in status("indexes/")[1].decode()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    for message in ("docs/a/x.MD: 扩展名“.MD”要写成小写", "docs/a/passwd.png: 这是一个符号链接", "docs/a/stray.html: “.html”文件不能发布",
                    "docs/indexes.md: 网站上的地址 indexes/ 是自动生成的"):
        assert f"ERROR   -  {message}" in output, output
