"""Print-only parts of the pages and the bound volume (汇编): what the renderer and the hook write for paper."""

from __future__ import annotations

import re

from conftest import ROOT, mkdocs
from studyarchive import build_archive
from studyarchive.core.vocab import load_vocabulary
from studyarchive.output.fragments import Fragments
from studyarchive.output.printing import mark_for_print, volume_materials, volume_part
from studyarchive.output.render import render_material

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")


def material(member: str | None, body: str, doc_type: str = "self_review", date: str = "2024-07-18") -> str:
    who = f"member: {member}\n" if member else ""
    return f"---\ntitle: 个人对照检查材料\ndoc_type: {doc_type}\n{who}campaign: 2024-dangji\ndate: {date}\n---\n{body}"


BODY = """一、存在问题

（一）政治纪律方面

一是学纪不深。比如，学习不够。

二是报告不够。比如，口头汇报。

二、整改措施

一是深学党纪。【针对问题：1.1】

二是严格报告。【针对问题：1.1、1.2】
"""


def rendered(archive, path: str, **options) -> str:
    """A material's page Markdown with the archive's HTML put back in place of its tokens."""
    frags = Fragments()
    return frags.restore(render_material(archive.materials[path], archive, VOCAB, frags, **options))


def test_an_author_cannot_forge_a_token_of_the_archive_html() -> None:
    forged = BODY.replace("学习不够。", "学习不够。\ue0000\ue001")
    archive = build_archive([("a/wang.md", material("王五", forged))], VOCAB, "docs/")
    page = rendered(archive, "a/wang.md")
    assert "学习不够。\ufffd0\ufffd" in page
    assert page.count('id="sec-problems"') == 1  # token 0 is that anchor: it is not put in twice


def test_headings_written_as_paragraphs_get_their_print_level() -> None:
    html = (
        '<p><a id="sec-problems" class="ar-anchor"></a>一、存在问题</p>\n'
        '<h3 id="_3"><a id="area-1" class="ar-anchor"></a>（一）政治纪律方面</h3>\n'
        '<p><a id="area-2" class="ar-anchor"></a>（二）组织纪律方面。<a id="problem-2-1" class="ar-anchor"></a>一是……</p>\n'
        '<li><a id="sec-measures" class="ar-anchor"></a>' + "很长的一段话" * 10 + "</li>\n"
        '<p><a id="problem-1-1" class="ar-anchor"></a>一是学纪不深。</p>\n'
    )
    out = mark_for_print(html)
    assert '<p class="ar-level-1"><a id="sec-problems"' in out
    assert '<h3 id="_3" class="ar-level-2"><a id="area-1"' in out
    # A heading that runs on into the text, or a long paragraph, stays a paragraph.
    assert '<p><a id="area-2"' in out and '<li><a id="sec-measures"' in out
    assert '<p><a id="problem-1-1"' in out


def test_what_the_website_adds_below_the_text_is_not_printed() -> None:
    html = ('<p>正文。</p>\n<h2 id="_9"><a id="ar-crosslinks" class="ar-anchor"></a>问题与整改措施对照</h2>\n<table></table>\n'
            '<h2><a id="ar-ledger" class="ar-anchor"></a>整改台账</h2>')
    out = mark_for_print(html)
    assert out.startswith('<p>正文。</p>\n<div class="ar-web-only"><h2 id="_9">')
    assert out.endswith("整改台账</h2></div>")


def test_problems_print_plain_references_and_the_text_ends_with_signature_and_date() -> None:
    archive = build_archive([("a/wang.md", material("王五", BODY))], VOCAB, "docs/")
    page = rendered(archive, "a/wang.md")
    assert '<span class="ar-ref" title="（见措施1、措施2）"></span> <span class="ar-links">' in page
    assert '<span class="ar-ref" title="（见措施2）"></span>' in page
    assert page.count('class="ar-ref"') == 2  # measures carry their markers in the text
    assert '<div class="ar-signature"><p>王五</p><p>2024年7月18日</p></div>' in page
    assert page.index("ar-signature") < page.index("ar-crosslinks")
    # A material that ends with its own date gets no second one; a branch's signs with the branch.
    dated = build_archive([("a/wang.md", material("王五", BODY + "\n二〇二四年七月十八日\n"))], VOCAB, "docs/")
    assert "ar-signature" not in rendered(dated, "a/wang.md")
    branch = build_archive([("a/zhibu.md", material(None, BODY, doc_type="branch_review"))], VOCAB, "docs/")
    assert '<p>清河县文化馆党支部</p><p>2024年7月18日</p>' in rendered(branch, "a/zhibu.md")
    assert "ar-crosslinks" not in rendered(branch, "a/zhibu.md", summary_table=False)


def test_volume_order_branch_first_then_surname_strokes_or_pinyin() -> None:
    sources = [("a/zhao.md", material("赵六", BODY)), ("a/wang.md", material("王五", BODY)),
               ("a/li.md", material("李四", BODY)), ("a/zhibu.md", material(None, BODY, doc_type="branch_review")),
               ("a/li-xinde.md", material("李四", "体会。\n", doc_type="reflection"))]
    archive = build_archive(sources, VOCAB, "docs/")
    by_strokes = [m.path for m in volume_materials(archive, VOCAB)["2024-dangji"]]
    assert by_strokes == ["a/zhibu.md", "a/wang.md", "a/li.md", "a/li-xinde.md", "a/zhao.md"]  # 王 4, 李 7, 赵 9 strokes
    by_pinyin = [m.path for m in volume_materials(archive, VOCAB, "pinyin")["2024-dangji"]]
    assert by_pinyin == ["a/zhibu.md", "a/li.md", "a/li-xinde.md", "a/wang.md", "a/zhao.md"]


def test_a_material_moved_into_the_volume_keeps_its_links() -> None:
    page = ('<h1 id="_1">标题</h1><p><a id="problem-1-1" class="ar-anchor"></a>一是。<a href="#measure-1">措施 1</a> '
            '<a href="../../b/zhang/#measure-2">张三</a> <a href="../../2023/wang/#measure-3">去年</a> '
            '<a href="../../b/zhang/">整页</a> <a href="https://example.org/x#y">外部</a> <img src="../img/x.png" alt=""></p>'
            '<div class="ar-web-only"><h2><a id="ar-crosslinks" class="ar-anchor"></a>对照</h2></div>')
    prefixes = {"a/wang/": "v1-", "b/zhang/": "v2-"}
    out = volume_part(page, "a/wang/", "indexes/print/2024-dangji/", prefixes)
    assert '<h1 id="v1-_1">' in out and '<a id="v1-problem-1-1" class="ar-anchor">' in out
    assert '<a href="#v1-measure-1">措施 1</a>' in out
    assert '<a href="#v2-measure-2">张三</a>' in out
    assert '<a href="../../../2023/wang/#measure-3">去年</a>' in out
    assert '<a href="#v2">整页</a>' in out
    assert '<a href="https://example.org/x#y">外部</a>' in out
    assert '<img src="../../../a/img/x.png" alt="">' in out
    assert "ar-crosslinks" not in out and "ar-web-only" not in out


ZHAO = material("赵六", BODY + "\n<script>alert('volume')</script>\n")
WANG = material("王五", BODY)


def test_the_volume_page_is_built_sanitized_and_in_order(build_site) -> None:
    built = build_site({"2024-dangji/zhao.md": ZHAO, "2024-dangji/wang.md": WANG}, strict=False)
    assert built.code == 0, built.output
    assert [line for line in built.log_lines if "<script>" not in line] == []
    page = built.html("indexes/print/2024-dangji/index.html")
    article = page[page.index("<article"):page.index("</article>")]
    assert "<script>alert" not in article and "alert('volume')" not in article
    assert '<h1 class="ar-cover-title">党纪学习教育<br>材料汇编</h1>' in article
    assert '<p class="ar-cover-date">2024年7月</p>' in article
    toc = re.findall(r'<li><a href="#(v\d)">([^<]+)</a></li>', article)
    assert toc == [("v1", "王五\u3000个人对照检查材料"), ("v2", "赵六\u3000个人对照检查材料")]
    parts = [article.index(f'id="{v}"') for v, _ in toc]
    assert parts == sorted(parts)
    # Each material's anchors and links stay its own; headings written as paragraphs are marked for print.
    assert 'id="v1-problem-1-1"' in article and 'id="v2-problem-1-1"' in article
    assert 'href="#v2-measure-2"' in article
    assert '<p class="ar-level-1"><a id="v1-sec-problems"' in article
    assert "ar-crosslinks" not in article
    assert "<title>党纪学习教育材料汇编 - " in page


def test_a_file_where_the_volumes_go_is_refused(build_site) -> None:
    built = build_site({"2024-dangji/wang.md": WANG, "indexes/print/2024-dangji.md": material("李四", BODY)})
    assert built.code == 1
    assert ("docs/indexes/print/2024-dangji.md: 网站上的地址 indexes/print/2024-dangji/ 是自动生成的档案索引和材料汇编目录 "
            "indexes/所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。") in built.output


def test_a_dirty_build_says_which_materials_its_volume_lacks(build_site) -> None:
    built = build_site({"2024-dangji/zhao.md": ZHAO, "2024-dangji/wang.md": WANG}, strict=False)
    assert built.code == 0, built.output
    (built.root / "docs" / "index.md").write_text("# 首页\n\n改了一处。\n", encoding="utf-8")
    again = mkdocs(built.root, "build", "--dirty")
    assert again.code == 0, again.output
    assert "Traceback" not in again.output
    page = again.html("indexes/print/2024-dangji/index.html")
    assert "docs/2024-dangji/wang.md 在这次增量构建（--dirty）中没有重新生成，汇编中缺少它；请完整构建后再打印汇编。" in page
