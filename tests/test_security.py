"""Nothing leaks, nothing runs: classification, committee-only materials, drafts, untrusted HTML, personal data."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs, write_site
from studyarchive.search.search import read_script

CANARY = "蓝鲸灯塔口令"
DRAFT_CANARY = "草稿里的白鹭暗号"

MEMBER = """\
---
title: 个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
---
一、存在问题

一是纪律意识不强。

二、整改措施

一是加强纪律学习。【针对问题：1】
"""

TALK = f"""\
---
title: 谈心谈话记录
doc_type: talk_record
member: 张三
date: 2024-08-01
audience: committee
tags: [谈心谈话]
---
支部书记与张三谈心。{CANARY}。关于整改措施的落实情况。【见措施：a/zhangsan#1】
"""

DRAFT = f"""\
---
title: 心得体会（草稿）
doc_type: reflection
member: 张三
date: 2024-08-02
status: 草稿
---
{DRAFT_CANARY}
"""


def site_files(site: Path) -> dict[str, str]:
    """Every file of a built site as text, compressed ones decompressed."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            text = data.decode("utf-8", errors="replace")
            if path.relative_to(site).parts[0] == "search" and path.suffix == ".js":
                # The archive's search index (studyarchive.search.search): scripts wrapping JSON; compare the decoded data.
                name, data = read_script(text)
                text = name + "\n" + json.dumps(data, ensure_ascii=False)
            elif path.name.endswith((".json", ".json.gz")):
                # JSON escapes Han characters (\uXXXX) when asked to: compare the decoded text.
                # With jieba, words are joined by U+200B: remove it too.
                text = json.dumps(json.loads(text), ensure_ascii=False).replace("\u200b", "")
            out[str(path.relative_to(site))] = text
    return out


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("sites") / "src", {"a/zhangsan.md": MEMBER, "tanxin/zhangsan-2024.md": TALK, "a/zhangsan-xinde.md": DRAFT})
    shutil.copy(ROOT / "mkdocs-committee.yml", root / "mkdocs-committee.yml")
    members = mkdocs(root, "build", "--strict")
    committee = mkdocs(root, "build", "--strict", config="mkdocs-committee.yml")
    return root, members, committee


def test_committee_material_is_nowhere_in_the_members_site(two_sites) -> None:
    root, members, _ = two_sites
    assert members.code == 0, members.output
    files = site_files(root / "site")
    assert "sitemap.xml.gz" in files and "search/meta.js" in files and "archive.json" in files
    leaks = sorted(name for name, text in files.items() if CANARY in text or "tanxin" in text or "谈心谈话" in text)
    assert leaks == []
    # Not even the backlink from the talk record to the member's measure.
    assert "相关记录" not in files["a/zhangsan/index.html"]


def test_committee_site_has_it(two_sites) -> None:
    root, _, committee = two_sites
    assert committee.code == 0, committee.output
    files = site_files(root / "site-committee")
    assert CANARY in files["tanxin/zhangsan-2024/index.html"]
    assert any(CANARY in text for name, text in files.items() if name.startswith("search/"))
    assert "相关记录" in files["a/zhangsan/index.html"]


def test_drafts_are_in_neither_site(two_sites) -> None:
    root, members, committee = two_sites
    assert members.code == 0 and committee.code == 0, members.output + committee.output
    for site in ("site", "site-committee"):
        files = site_files(root / site)
        # Both sites were built: their pages and index are there, the draft's text is not.
        assert "index.html" in files and "a/zhangsan/index.html" in files and "search/meta.js" in files, site
        assert [n for n, t in files.items() if DRAFT_CANARY in t] == []


def test_members_material_may_not_link_to_a_committee_material(build_site) -> None:
    text = MEMBER.replace("【针对问题：1】", "【针对问题：1】【见问题：tanxin/x#1】")
    talk = ("---\ntitle: 谈话\ndoc_type: self_review\nmember: 李四\ncampaign: 2024-dangji\ndate: 2024-07-18\naudience: committee\n---\n"
            "一、存在问题\n\n一是问题。\n\n二、整改措施\n\n一是措施。【针对问题：1】\n")
    built = build_site({"a/zhangsan.md": text, "tanxin/x.md": talk})
    assert built.code == 1
    assert "ERROR   -  docs/a/zhangsan.md:14: 材料“tanxin/x”仅支委可见，全体党员可见的材料不能链接它；请删去这个引用。" in built.log_lines


@pytest.mark.parametrize("marking", ["秘密", "★机密", "秘密★1年", "绝密★长期", "**秘密**"])
def test_a_marking_line_in_the_text_stops_the_build(build_site, marking: str) -> None:
    built = build_site({"a/x.md": MEMBER.replace("一、存在问题", f"{marking}\n\n一、存在问题")})
    assert built.code == 1
    assert built.log_lines[0] == (f"ERROR   -  docs/a/x.md:8: 正文中有密级标识“{marking}”：涉密材料不得录入本档案（涉密信息不上网、上网信息不涉密）。"
                                  "请删除这份材料，按保密规定另行保管。")


def test_the_word_secret_in_a_sentence_is_fine(build_site) -> None:
    built = build_site({"a/x.md": MEMBER.replace("一是纪律意识不强。", "一是纪律意识不强。比如，对保守党的秘密重视不够。")})
    assert built.code == 0, built.output


ATTACKS = """\
<script>alert("x")</script>

<img src="x.png" onerror="alert(1)">

[点我](javascript:alert(1))

<a href="javascript:alert(2)">也点我</a>

<iframe src="https://example.com/"></iframe>

<object data="x.swf"></object>

<form action="https://example.com/"><input name="q"></form>

<div style="position:fixed;top:0;left:0;width:100%;height:100%">盖住页面</div>

<div class="md-dialog">借用主题的样式</div>

<p onclick="alert(3)">段落</p>
"""

BENIGN = """\
| 方面 | 问题数 |
| --- | --- |
| 理论学习 | 2 |

**加粗** 和 *强调*。

- 列表一
- 列表二

见[去年的材料](../b/last.md#measure-1)。

![照片](photo.png)
"""


def test_raw_html_and_javascript_never_reach_the_page(build_site) -> None:
    last = MEMBER.replace("张三", "张三").replace("2024-dangji", "2023-zhuti-2")
    text = MEMBER.replace("一、存在问题", ATTACKS + "\n" + BENIGN + "\n一、存在问题")
    built = build_site({"a/x.md": text, "b/last.md": last}, strict=False)
    assert built.code == 0, built.output
    (Path(built.root) / "site" / "a" / "x").mkdir(parents=True, exist_ok=True)
    page = built.html("a/x/index.html")
    article = page[page.index('<article class="md-content__inner'):page.index("</article>")]
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<object", "<form", "<input", "style=", "md-dialog"):
        assert bad not in article, bad
    # What a member may legitimately write still works.
    assert "<table>" in article and "<strong>加粗</strong>" in article and "<em>强调</em>" in article
    assert "<li>列表一</li>" in article
    assert '<a href="../../b/last/#measure-1">去年的材料</a>' in article
    assert '<img alt="照片" src="photo.png">' in article or '<img src="photo.png" alt="照片">' in article
    warned = [line for line in built.log_lines if "HTML" in line]
    assert warned == [
        "WARNING -  docs/a/x.md:8: 材料中的 HTML（<script> 标签）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:10: 材料中的 HTML（事件属性（如 onclick））不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:12: 材料中的 HTML（javascript: 链接）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:14: 材料中的 HTML（javascript: 链接）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:16: 材料中的 HTML（<iframe> 标签）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:18: 材料中的 HTML（<object> 标签）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:20: 材料中的 HTML（<form> 标签）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:22: 材料中的 HTML（style 样式属性）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
        "WARNING -  docs/a/x.md:26: 材料中的 HTML（事件属性（如 onclick））不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。",
    ]


PERSONAL = [
    ("身份证号 11010519491231002X。", "疑似身份证号“110***********002X”"),
    ("电话 13812345678。", "疑似手机号码“138****5678”"),
    ("电话 138-1234-5678。", "疑似手机号码“138****5678”"),
    ("卡号 6222 0212 3456 7899。", None),  # fails the Luhn check: not a card number
    ("卡号 4111 1111 1111 1111。", "疑似银行卡号“411*********1111”"),
]


@pytest.mark.parametrize(("sentence", "expected"), PERSONAL)
def test_personal_data_is_a_warning_with_file_and_line(build_site, sentence: str, expected: str | None) -> None:
    built = build_site({"a/x.md": MEMBER.replace("一是纪律意识不强。", f"一是纪律意识不强。{sentence}")})
    found = [line for line in built.log_lines if "疑似" in line]
    if expected is None:
        assert found == [] and built.code == 0
    else:
        assert built.code == 1  # strict
        assert found == [f"WARNING -  docs/a/x.md:10: {expected}：个人信息不应写入材料，请删除；如果不是个人信息，请在这一行末尾加上“<!-- 非个人信息 -->”。"]


def test_invalid_id_check_digit_is_not_reported_and_a_marked_line_is_accepted(build_site) -> None:
    text = MEMBER.replace("一是纪律意识不强。", "一是纪律意识不强。编号 110105194912310021。电话 13812345678。<!-- 非个人信息 -->")
    built = build_site({"a/x.md": text})
    assert built.code == 0, built.output
    assert "非个人信息" not in built.html("a/x/index.html")
