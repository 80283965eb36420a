"""End-to-end builds of small fixture sites: anchors, links both ways, archive.json, errors and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from conftest import ROOT, mkdocs

LAST_YEAR = """\
---
title: 2023年第二批主题教育专题组织生活会个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2023-zhuti-2
date: 2024-01-10
---
按照要求，现作个人对照检查。

一、存在问题

（一）理论学习方面。一是学习不深入。比如，读书少。二是学用结合不够。比如，不联系实际。

（二）工作作风方面

一是联系群众不密切。比如，走访少。

二、产生问题的原因分析

原因有以下两个方面：一是学习有欠缺；二是宗旨意识不牢。

三、整改措施

一是加强理论学习。每月读一本原著。【针对问题：1.1、1.2】

二是密切联系群众。每季度走访一次。（对应问题2.1）
"""

THIS_YEAR = """\
---
标题: 2024年度组织生活会个人对照检查材料
文档类型: 个人对照检查材料
党员: 张三
批次: 2024年度组织生活会
日期: 2025年1月20日
---
## 一、上年度问题整改落实情况

去年提出的学习措施已落实。【落实措施：c23/zhangsan#1】

## 二、存在问题

### （一）学习贯彻党的创新理论方面

1. 学习不够系统。比如，缺少计划。

## 三、整改措施

1. 制定学习计划。【针对问题：1.1】
"""


def test_cross_links_both_ways_and_archive_json(build_site) -> None:
    built = build_site({"c23/zhangsan.md": LAST_YEAR, "c24/zhangsan.md": THIS_YEAR})
    assert built.code == 0, built.output
    assert built.log_lines == []
    page = built.html("c23/zhangsan/index.html")

    # Every problem, cause and measure has its ASCII anchor.
    for anchor in ("problem-1-1", "problem-1-2", "problem-2-1", "cause-1", "cause-2", "measure-1", "measure-2", "sec-problems", "area-2"):
        assert f'id="{anchor}"' in page
    # Problem → measure, measure → problem, with titles.
    assert re.search(r'id="problem-1-1".*?<span class="ar-links">整改措施：<a href="#measure-1">措施 1 加强理论学习</a></span>', page, re.S)
    # A measure links its problems once, where its text names them: no second 针对问题 list (issue 20).
    assert "针对问题：<a href=\"#problem-1-1\">问题 1.1" not in page
    # The real-file form 对应问题2.1 is a link too, and the marker itself becomes links.
    assert '（对应问题<a href="#problem-2-1">2.1</a>）' in page
    assert '【针对问题：<a href="#problem-1-1">1.1</a>、<a href="#problem-1-2">1.2</a>】' in page
    # Last year's measure knows this year's report on it, and links there.
    assert '相关记录：<a href="../../c24/zhangsan/#ref-1">张三 · 2024年度组织生活会 · 上年度问题整改落实情况</a>' in page
    this_year = built.html("c24/zhangsan/index.html")
    # On screen it names the member, campaign and measure; on paper the id as written (print.css).
    assert re.search(r'【落实措施：<a href="../../c23/zhangsan/#measure-1"><span class="ar-screen-only">张三 · [^<]* · 措施 1 [^<]+</span>'
                     r'<span class="ar-print-only">c23/zhangsan#1</span></a>】', this_year)
    assert 'id="ref-1"' in this_year
    # Header: marking, title, member, branch, campaign, date.
    assert '<div class="ar-marking">内部</div>' in page
    assert "<h1" in page and "2023年第二批主题教育专题组织生活会个人对照检查材料</h1>" in page
    for text in ("<dt>党员</dt><dd>张三</dd>", "<dt>支部</dt><dd>清河县文化馆党支部</dd>", "<dt>批次</dt><dd>2023年第二批主题教育</dd>", "<dt>日期</dt><dd>2024年1月10日</dd>"):
        assert text in page
    # The cross-link table below the text.
    assert 'id="ar-crosslinks"' in page

    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((ROOT / "docs" / "archive.schema.json").read_text(encoding="utf-8")))
    first = data["materials"][0]
    assert first["path"] == "c23/zhangsan.md" and first["url"] == "c23/zhangsan/"
    assert [(p["id"], p["area"], p["title"], p["measures"]) for p in first["problems"]] == [
        ("1.1", "理论学习", "学习不深入", ["1"]), ("1.2", "理论学习", "学用结合不够", ["1"]), ("2.1", "工作作风", "联系群众不密切", ["2"]),
    ]
    assert [(m["id"], m["problems"], m["url"]) for m in first["measures"]] == [
        ("1", ["1.1", "1.2"], "c23/zhangsan/#measure-1"), ("2", ["2.1"], "c23/zhangsan/#measure-2"),
    ]
    assert [c["title"] for c in first["causes"]] == ["学习有欠缺", "宗旨意识不牢"]
    second = data["materials"][1]
    assert (second["campaign"], second["year"], second["date"], second["member"]) == ("2024-annual", 2024, "2025-01-20", "张三")


def test_two_builds_are_byte_identical(build_site, tmp_path: Path) -> None:
    built = build_site({"c23/zhangsan.md": LAST_YEAR, "c24/zhangsan.md": THIS_YEAR})
    first = (built.site / "archive.json").read_bytes()
    again = mkdocs(built.root, "build", "--strict")
    assert again.code == 0
    assert (again.site / "archive.json").read_bytes() == first


BROKEN = {
    "a/one.md": "---\ntitle: 材料一\ndoc_type: self_review\nmember: 张三\ncampaign: 2023-zhuti-3\ndate: 2024-01-10\n---\n一、存在问题\n\n一是学习不深入。\n",
    "a/two.md": "---\ntitle: 材料二\ndoc_type: self_review\nmember: 李四\ncampaign: 2023-zhuti-2\ndate: 2024-02-30\nauthor: 李四\n---\n正文\n",
    "a/three.md": (
        "---\ntitle: 材料三\ndoc_type: self_review\nmember: 王五\ncampaign: 2023-zhuti-2\ndate: 2024-01-10\n---\n"
        "一、存在问题\n\n一是学习不深入。\n\n三、整改措施\n\n一是加强学习。【针对问题：1.3】\n\n二是改进作风。【落实措施：a/nothing#1】\n"
    ),
}


def test_errors_list_every_problem_with_file_and_line_and_exit_1(build_site) -> None:
    built = build_site(BROKEN)
    assert built.code == 1
    assert "Traceback" not in built.output
    assert built.log_lines == [
        "ERROR   -  docs/a/one.md:5: 未知的批次“2023-zhuti-3”；是不是：2023年第二批主题教育？"
        "可选：2023-zhuti-2、2019-bwcx、2024-dangji、2024-annual、2025-baxiang（也可以写中文名称，如“不忘初心、牢记使命主题教育”）。"
        "请检查拼写，或在 vocabulary.yml 中添加。",
        "WARNING -  docs/a/three.md:10: 问题 1“学习不深入”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1】”（本材料的措施：1、2）。",
        "ERROR   -  docs/a/three.md:14: 问题 1.3 不存在（本材料）；已有的问题编号：1。",
        "ERROR   -  docs/a/three.md:16: 引用了不存在的材料“a/nothing”；请写 docs/ 下的路径、不带 .md，例如：a/three。",
        "ERROR   -  docs/a/two.md:6: 日期“2024-02-30”不存在（请核对月份和日期）。",
        "ERROR   -  docs/a/two.md:7: 未知的名称“author”；"
        "可选：title、doc_type、member、branch、campaign、year、date、meeting_type、classification、audience、status、template、tags、ledger …。",
        "ERROR   -  档案检查发现 5 处错误，构建已中止。请按上面的提示逐条修改。",
    ]


def test_unanswered_problem_is_a_warning_that_fails_only_strict_builds(build_site) -> None:
    text = LAST_YEAR.replace("（对应问题2.1）", "")
    strict = build_site({"c23/zhangsan.md": text})
    assert strict.code == 1
    assert strict.log_lines[0] == ("WARNING -  docs/c23/zhangsan.md:16: 问题 2.1“联系群众不密切”没有对应的整改措施。"
                                   "请在对应的整改措施末尾加上“【针对问题：2.1】”（本材料的措施：1、2）。")
    lenient = mkdocs(strict.root, "build")
    assert lenient.code == 0
    page = lenient.html("c23/zhangsan/index.html")
    assert '整改措施：<span class="ar-missing">（尚无）</span>' in page
    # A built site never shows diagnostics in the text: that is the preview's (test_edge_fields).
    assert "ar-bad-note" not in page and "待改正" not in page


def test_invalid_yaml_is_reported_not_dropped(build_site) -> None:
    built = build_site({"a/x.md": "---\ntitle: 材料\ndoc_type: [self_review\ndate: 2024-01-10\n---\n正文\n"})
    assert built.code == 1
    assert built.log_lines[0].startswith("ERROR   -  docs/a/x.md:4: front matter 不是有效的 YAML：")


def test_a_material_without_front_matter_is_an_error_not_a_plain_page(build_site) -> None:
    built = build_site({"a/x.md": "一、存在问题\n\n一是学习不深入。\n"})
    assert built.code == 1
    assert built.log_lines[0] == "ERROR   -  docs/a/x.md:1: 缺少 front matter：材料第一行应当是“---”，接着写标题、文档类型、党员、日期等信息，再以“---”结束。参见编写指南。"


def test_front_matter_is_the_archive_s_not_mkdocs_s(build_site) -> None:
    """`template: true` marks a 范本; MkDocs would have taken it for the name of a page template and crashed."""
    built = build_site({"c23/zhangsan.md": LAST_YEAR.replace("date: 2024-01-10\n", "date: 2024-01-10\ntemplate: true\n")})
    assert built.code == 0, built.output
    page = built.html("c23/zhangsan/index.html")
    assert '<span class="ar-template">范本</span>' in page
    assert "<title>2023年第二批主题教育专题组织生活会个人对照检查材料" in page


def test_broken_vocabulary_is_reported(build_site) -> None:
    built = build_site({}, vocabulary="campaigns:\n  - id: Bad Id\n    label: 坏\n")
    assert built.code == 1
    assert "Traceback" not in built.output
    assert "ERROR   -  vocabulary.yml:2: “campaigns”中的 id“Bad Id”无效：只能用小写字母、数字、连字符和下划线，例如 2024-dangji。" in built.log_lines


def test_a_file_that_is_not_utf8_is_named_not_a_traceback(build_site, tmp_path: Path) -> None:
    built = build_site({"a/ok.md": LAST_YEAR})
    (built.root / "docs" / "a" / "gbk.md").write_bytes("---\ntitle: 材料\n---\n正文".encode("gbk"))
    again = mkdocs(built.root, "build", "--strict")
    assert again.code == 1
    assert "Traceback" not in again.output
    assert again.log_lines[0] == "ERROR   -  docs/a/gbk.md: 文件不是 UTF-8 编码；请用 UTF-8 保存（可以用 archive import 转换）。"
