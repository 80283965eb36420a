"""The publishing gate (hooks/studyarchive/config/gate.py) called directly: what it finds under docs/, where MkDocs would
write each file, which links of a material it follows, what it publishes and the exact Chinese message for every
file it refuses. tests/test_edge_gate.py checks the same through real builds (in a subprocess, which `make mutation`
cannot see); these run in the test process.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyarchive.config.gate import Entry, decide, dest_uri, is_backup, links, scan

PAGES = ["index.md", "guide/*"]
ATTACHMENT_ONLY = "文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 docs/。"


def said(gate) -> list[str]:
    return [f"{d}｜{d.level}" for d in gate.diagnostics]


def test_scan_lists_everything_sorted_never_following_a_link_nor_entering_a_dot_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for path in ("b/x.md", "a/y.png", ".git/config", "a/.hidden.md", "z.md", "c/d/e.md"):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    (outside / "secret").mkdir(parents=True)
    (outside / "secret" / "s.md").write_text("x", encoding="utf-8")
    os.symlink(outside / "secret", docs / "linked")
    os.symlink(docs / "z.md", docs / "b" / "alias.md")
    os.mkfifo(docs / "a" / "pipe")
    assert scan(docs) == [
        Entry("a/.hidden.md"), Entry("a/pipe", "other"), Entry("a/y.png"), Entry("b/alias.md", "link"), Entry("b/x.md"),
        Entry("c/d/e.md"), Entry("linked", "link"), Entry("z.md"),
    ]


def test_dest_uri_uses_directory_urls_unless_told_otherwise() -> None:
    assert dest_uri("a/b.md") == "a/b/index.html"


@pytest.mark.parametrize(("src", "directory_urls", "dest"), [
    ("a/b.md", True, "a/b/index.html"),
    ("a/b.md", False, "a/b.html"),
    ("a/b.markdown", True, "a/b/index.html"),
    ("a/index.md", True, "a/index.html"),
    ("a/README.md", True, "a/index.html"),
    ("a/README.md", False, "a/index.html"),
    ("index.md", True, "index.html"),
    ("a/readme.md", True, "a/readme/index.html"),
    ("a/b.png", True, "a/b.png"),
    ("a/b.MD", True, "a/b.MD"),
])
def test_dest_uri_is_where_mkdocs_writes(src: str, directory_urls: bool, dest: str) -> None:
    assert dest_uri(src, directory_urls) == dest


@pytest.mark.parametrize(("name", "backup"), [
    ("x.md~", True), ("x.md.orig", True), ("x.md.BAK", True), (".x.md.swp", True), ("x.tmp", True), ("#x.md#", True),
    (".#x.md", True), (".~lock.x.md#", True), ("~$x.docx", True), ("x.rej", True),
    ("x.md", False), ("x~y.md", False), ("bak.md", False), ("#x.md", False),
])
def test_editor_backups(name: str, backup: bool) -> None:
    assert is_backup(name) is backup


def test_links_are_the_docs_files_a_material_points_to() -> None:
    text = (
        "![合影](p.png) [扫描件](<my file.pdf>) [上一级](../up.png) [仓库外](../../../out.png) [锚](#x) [站内绝对](/abs.png)"
        " [反斜杠](\\\\x.png) [外网](http://e.com/x.png) [邮件](mailto:a@b) [协议相对](//e.com/y.png)\n"
        "[ref]: sub/r.png\n"
        "   [ref2]: <sub/r2.png>\n"
        "    [code]: not-a-definition.png\n"
        "<img src=\"i.png\"> <img SRC='j.png'> <a href=k.pdf>x</a> <object data=\"l.pdf\"></object> <img srcset=\"m.png 2x\">\n"
        "[q](q.png?x=1#y) [编码](%E5%9B%BE.png) [空格]( sp.png ) [空]() [点](./dot.png)\n"
        "[片段](frag.png#a#b) [查询](query.pdf?a?b) [只有片段](hash.png#top)\n"
    )
    found = links("a/b/x.md", text)
    assert found == {"a/b/p.png", "a/b/my file.pdf", "a/up.png", "a/b/sub/r.png", "a/b/sub/r2.png", "a/b/i.png",
                     "a/b/j.png", "a/b/k.pdf", "a/b/l.pdf", "a/b/m.png", "a/b/q.png", "a/b/图.png", "a/b/sp.png",
                     "a/b/dot.png", "a/b/<my", "a/b/frag.png", "a/b/query.pdf", "a/b/hash.png"}
    assert links("a/b/x.md", "[本目录](.) [锚](#top)") == {"a/b"}
    # What leaves docs/ is nobody's attachment, however it is written.
    assert links("x.md", "[a](../a.png) [b](b/../c.png) [c](..) [d](b/../../e.png)") == {"c.png"}


def test_every_kind_of_file_gets_its_decision_and_message() -> None:
    entries = [Entry(e) for e in (
        "a/x.md", "a/X.MD", "a/y.Md", "index.md", "guide/g.md", "assets/s.css", "archive.schema.json", "a/p.png",
        "a/q.PDF", "a/r.txt", "a/noext", "a/x.md~", ".hidden.md", "b/.h/z.md", "templates/t.md", "templates/t.png",
        "ex/e.md", "a/..md", "a/z.markdown", ".well-known/x.txt", "c/.v.png")]
    entries += [Entry("a/l.md", "link"), Entry("a/f", "other")]
    gate = decide(entries, PAGES, ["assets/s.css"], "docs/", True, ["ex/e.md"])
    assert gate.materials == ["a/x.md", "a/z.markdown"]
    assert gate.pages == ["index.md", "guide/g.md"]
    assert gate.assets == ["assets/s.css", "archive.schema.json"]
    assert gate.candidates == ["a/p.png", "a/q.PDF"]
    assert gate.blocked == set()
    assert said(gate) == [
        "docs/a/X.MD: 扩展名“.MD”要写成小写，否则不会当作材料处理；请把文件改名为“X.md”。｜error",
        "docs/a/y.Md: 扩展名“.Md”要写成小写，否则不会当作材料处理；请把文件改名为“y.md”。｜error",
        f"docs/a/r.txt: “.txt”{ATTACHMENT_ONLY}｜error",
        f"docs/a/noext: 没有扩展名的{ATTACHMENT_ONLY}｜error",
        "docs/a/x.md~: 这是编辑器的备份或临时文件，不会发布；请删除它，不要提交到仓库。｜warning",
        "docs/.hidden.md: 文件名以“.”开头的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。｜error",
        "docs/b/.h/z.md: 名字以“.”开头的目录中的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。｜error",
        "docs/templates/t.md: docs/templates/ 目录的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。｜error",
        "docs/a/..md: 文件名以“.”开头的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。｜error",
        "docs/a/l.md: 这是一个符号链接（快捷方式），构建不会跟随它，它指向的内容不会发布；请换成文件本身，或删除它。｜error",
        "docs/a/f: 这不是普通文件，不能发布；请删除它。｜error",
    ]
    assert [str(d).split(": ")[0] for d in gate.diagnostics] == [f"docs/{p}" for p in (
        "a/X.MD", "a/y.Md", "a/r.txt", "a/noext", "a/x.md~", ".hidden.md", "b/.h/z.md", "templates/t.md", "a/..md",
        "a/l.md", "a/f")]


def test_the_prefix_names_the_files_as_the_user_sees_them() -> None:
    gate = decide([Entry("a/r.txt"), Entry("templates/t.md")], [], [], "site-docs/")
    assert said(gate) == [
        "site-docs/a/r.txt: “.txt”文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 site-docs/。｜error",
        "site-docs/templates/t.md: site-docs/templates/ 目录的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。｜error",
    ]
    assert all(d.line == 0 for d in gate.diagnostics)


def test_two_files_for_one_address_and_the_builds_own_names() -> None:
    entries = [Entry(e) for e in ("c/README.md", "c/index.md", "d/a.md", "d/a/index.md", "404.md", "search/s.md",
                                  "archive.json.md", "sitemap.xml.md", "sitemap.xml.gz.md", "indexes/p.png", "e/a.md",
                                  "e/a.png", "index.md")]
    gate = decide(entries, PAGES, [], "docs/")
    assert said(gate) == [
        "docs/404.md: 网站上的地址 404/ 是自动生成的“找不到页面”页 404.html所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。｜error",
        "docs/archive.json.md: 网站上的地址 archive.json/ 是自动生成的数据文件 archive.json所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。｜error",
        "docs/c/index.md: 与 docs/c/README.md 在网站上是同一个地址（c/），其中一个会覆盖另一个；请把其中一个改名。｜error",
        "docs/d/a/index.md: 与 docs/d/a.md 在网站上是同一个地址（d/a/），其中一个会覆盖另一个；请把其中一个改名。｜error",
        "docs/indexes/p.png: 网站上的地址 indexes/p.png 是自动生成的档案索引和材料汇编目录 indexes/所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。｜error",
        "docs/search/s.md: 网站上的地址 search/s/ 是自动生成的全文搜索的索引目录 search/所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。｜error",
        "docs/sitemap.xml.gz.md: 网站上的地址 sitemap.xml.gz/ 是自动生成的站点地图 sitemap.xml.gz所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。｜error",
        "docs/sitemap.xml.md: 网站上的地址 sitemap.xml/ 是自动生成的站点地图 sitemap.xml所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。｜error",
    ]
    assert gate.blocked == {"404.md", "archive.json.md", "c/index.md", "d/a/index.md", "indexes/p.png", "search/s.md",
                            "sitemap.xml.gz.md", "sitemap.xml.md"}
    # Without directory URLs, d/a.md is d/a.html and d/a/index.md is d/a/index.html: two addresses, no conflict.
    flat = decide([Entry("d/a.md"), Entry("d/a/index.md"), Entry("c/README.md"), Entry("c/index.md")], [], [], "docs/", False)
    assert said(flat) == ["docs/c/index.md: 与 docs/c/README.md 在网站上是同一个地址（c/），其中一个会覆盖另一个；请把其中一个改名。｜error"]
    assert flat.blocked == {"c/index.md"}
    # The home page's address is written ./
    root = decide([Entry("README.md"), Entry("index.md")], PAGES, [], "docs/")
    assert said(root) == ["docs/index.md: 与 docs/README.md 在网站上是同一个地址（./），其中一个会覆盖另一个；请把其中一个改名。｜error"]


def test_only_what_a_published_material_links_to_is_published() -> None:
    entries = [Entry(e) for e in ("a/x.md", "a/talk.md", "a/draft.md", "a/both.md", "a/p.png", "a/talk.png",
                                  "a/shared.pdf", "a/lonely.jpg", "a/draft.png", "index.md", "assets/s.css",
                                  "c/README.md", "c/index.md", "c/c.png", "search/s.png", "archive.schema.json")]
    gate = decide(entries, PAGES, ["assets/s.css"], "docs/")
    sources = {
        "a/x.md": "![合影](p.png)",
        "a/talk.md": "![谈话](talk.png) [共用](shared.pdf) ![](../search/s.png)",
        "a/draft.md": "![草稿](draft.png)",
        "a/both.md": "[共用](shared.pdf)",
        "c/README.md": "![c](c.png)",
        "c/index.md": "",
    }
    published, problems = gate.publish(sources, ["a/talk.md", "a/draft.md"])
    assert published == {"a/x.md", "a/both.md", "a/p.png", "a/shared.pdf", "index.md", "assets/s.css",
                          "archive.schema.json", "c/README.md", "c/c.png"}
    assert [f"{d}｜{d.level}" for d in problems] == [
        "docs/a/lonely.jpg: 没有材料引用这个附件，它不会发布；请在材料中用链接或图片引用它，或删除它。｜warning"]
    assert [d.line for d in problems] == [0]  # the whole file
    # The committee's site shows the talk and what it links to; a draft's picture is still no one's business.
    published, problems = gate.publish(sources, ["a/draft.md"])
    assert published - {"a/talk.md", "a/talk.png"} == {"a/x.md", "a/both.md", "a/p.png", "a/shared.pdf", "index.md",
                                                         "assets/s.css", "archive.schema.json", "c/README.md", "c/c.png"}
    assert {"a/talk.md", "a/talk.png"} <= published
    assert "search/s.png" not in published and "a/draft.png" not in published
    # Whichever comes first, a published material's link publishes the file, a hidden one's does not unpublish it.
    for order in (["a/both.md", "a/talk.md"], ["a/talk.md", "a/both.md"]):
        published, _ = gate.publish({path: sources[path] for path in order}, ["a/talk.md"])
        assert "a/shared.pdf" in published and "a/talk.png" not in published
