"""Same name, different people: a member is a name in a branch (people.Person), everywhere.

Two branches each with a 王芳 are two people: no duplicate error, two member pages, each with only its own
materials, kept apart in the indexes, the ledger, 千人一面, the navigation, search and archive.json. A second
王芳 in the same branch and campaign is refused, and the message says how to tell the two apart.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clitools import archive
from conftest import ROOT, mkdocs, write_site
from studyarchive.core.naming import Recorded, Seen, member_slugs, read_urls
from studyarchive.core.people import People, Person

JAN_2025 = "1735689600"  # 2025-01-01 00:00:00 UTC
ONE, TWO = "机关第一党支部", "机关第二党支部"
VOCABULARY = (ROOT / "vocabulary.yml").read_text(encoding="utf-8").replace(
    "  - id: wenhuaguan\n    label: 清河县文化馆党支部\n",
    f"  - id: jiguan-1\n    label: {ONE}\n  - id: jiguan-2\n    label: {TWO}\n")
SAME = "王芳理论学习不够深入系统，满足于读原文、听报告，没有结合岗位实际深入思考"


URLS = f"王芳（{ONE}）: wangfang\n王芳（{TWO}）: wangfang-jiguan-2\n"
"""What the build's warning asks for: both 王芳's pages recorded in urls.yml."""


def _site(root: Path, docs: dict[str, str], vocabulary: str) -> Path:
    root = write_site(root, docs, vocabulary)
    (root / "urls.yml").write_text(URLS, encoding="utf-8")
    return root


def review(member: str, branch: str, campaign: str, problem: str, measure: str, date: str = "2024-07-22") -> str:
    return (f"---\ntitle: {member}的个人对照检查材料\ndoc_type: self_review\nmember: {member}\nbranch: {branch}\n"
            f"campaign: {campaign}\ndate: {date}\n---\n"
            f"一、存在问题\n\n（一）政治纪律方面。一是{problem}。比如，读书少。\n\n二、整改措施\n\n一是{measure}。【针对问题：1.1】\n")


DOCS = {
    # 王芳 of the first branch: one material. Her problem is word for word the other 王芳's (千人一面).
    "2024-dangji/wangfang.md": review("王芳", "jiguan-1", "2024-dangji", SAME, "每月精读一本原著"),
    # 王芳 of the second branch: two campaigns, 政治纪律 both times (年年查、年年有); she is the owner written.
    "2024-dangji/wangfang2.md": review("王芳", "jiguan-2", "2024-dangji", SAME, "坚持集体学习（责任人：王芳；完成时限：2024年9月底；状态：整改中）"),
    "2025-baxiang/wangfang2.md": review("王芳", "jiguan-2", "2025-baxiang", "政治纪律意识淡薄", "严守政治纪律", "2025-04-10"),
    # A name held once: shown and linked as it always was.
    "2024-dangji/zhaomin.md": review("赵敏", "jiguan-1", "2024-dangji", "联系群众不够", "每月走访群众"),
}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2025)


class Links(HTMLParser):
    """The article's links (href, text) and its h1."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.h1 = ""
        self._href: str | None = None
        self._in_h1 = False
        self._text = ""
        self.feed(page.split("<article", 1)[1].split("</article>", 1)[0])

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text))
            self._href = None
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._href is not None:
            self._text += data
        if self._in_h1:
            self.h1 += data


def text(page: str) -> str:
    body = page.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import os
    os.environ["SOURCE_DATE_EPOCH"] = JAN_2025
    root = _site(tmp_path_factory.mktemp("people") / "site-src", DOCS, VOCABULARY)
    result = mkdocs(root, "build", "--strict")
    assert result.code == 0, result.output
    return result


def test_namesakes_in_two_branches_are_no_duplicate_and_check_agrees(built, tmp_path: Path) -> None:
    assert built.log_lines == []
    root = _site(tmp_path / "p", DOCS, VOCABULARY)
    result = archive(root, "check", "--strict")
    assert (result.returncode, result.stdout, result.stderr) == (0, "检查了 4 份材料，没有发现问题。\n", "")


def test_two_member_pages_each_with_only_its_own_materials(built) -> None:
    one = Links(built.html("indexes/members/wangfang/index.html"))
    two = Links(built.html("indexes/members/wangfang-jiguan-2/index.html"))
    assert one.h1.strip() == f"王芳（{ONE}） · 学习档案"
    assert two.h1.strip() == f"王芳（{TWO}） · 学习档案"
    materials = lambda page: sorted(h for h, t in page.links if t == "王芳的个人对照检查材料")  # noqa: E731
    assert materials(one) == ["../../../2024-dangji/wangfang/"]
    assert materials(two) == ["../../../2024-dangji/wangfang2/", "../../../2025-baxiang/wangfang2/"]
    # 年年查、年年有 is the second 王芳's alone: the first has one campaign.
    page_one, page_two = text(built.html("indexes/members/wangfang/index.html")), text(built.html("indexes/members/wangfang-jiguan-2/index.html"))
    assert "共 1 份材料。" in page_one and "未发现同一检视方面在相邻两次学习教育中都查摆出问题。" in page_one
    assert "共 2 份材料。" in page_two and "政治纪律 ：党纪学习教育" in page_two
    # A name held once keeps its page and is shown alone.
    assert Links(built.html("indexes/members/zhaomin/index.html")).h1.strip() == "赵敏 · 学习档案"
    assert sorted(p.name for p in (built.site / "indexes" / "members").iterdir()) == ["wangfang", "wangfang-jiguan-2", "zhaomin"]


def test_campaign_page_matrix_ledger_and_similar_keep_them_apart(built) -> None:
    campaign = Links(built.html("indexes/campaigns/2024-dangji/index.html"))
    people = {(h, t) for h, t in campaign.links if "members" in h}
    assert people == {("../../../indexes/members/wangfang/", f"王芳（{ONE}）"), ("../../../indexes/members/wangfang-jiguan-2/", f"王芳（{TWO}）"),
                      ("../../../indexes/members/zhaomin/", "赵敏")}
    page = text(built.html("indexes/campaigns/2024-dangji/index.html"))
    assert "共 3 份材料、3 名党员" in page
    # The member × area matrix has a row for each 王芳, one problem each.
    assert f"王芳（{ONE}） 1 1 " in page and f"王芳（{TWO}） 1 1 " in page and "合计 3 3" in page

    ledger = text(built.html("indexes/ledger/2024-dangji/index.html"))
    by_owner = ledger.split("按责任人 责任人", 1)[1].split("按检视方面", 1)[0]
    assert f"王芳（{ONE}） 1 1 0" in by_owner and f"王芳（{TWO}） 1 1 1" in by_owner and "赵敏 1 1 0" in by_owner
    assert re.search(r"(^| )王芳 \d", by_owner) is None

    duplicates = text(built.html("indexes/duplicates/index.html"))
    assert "第 1 组：问题，2 人" in duplicates
    assert f"王芳（{ONE}） · 问题 1.1" in duplicates and f"王芳（{TWO}） · 问题 1.1" in duplicates


def test_archive_json_distinguishes_them(built) -> None:
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    members = {m["slug"]: (m["name"], m["materials"]) for m in data["members"]}
    assert members == {
        "wangfang": (f"王芳（{ONE}）", ["2024-dangji/wangfang.md"]),
        "wangfang-jiguan-2": (f"王芳（{TWO}）", ["2024-dangji/wangfang2.md", "2025-baxiang/wangfang2.md"]),
        "zhaomin": ("赵敏", ["2024-dangji/zhaomin.md"]),
    }
    dangji = next(c for c in data["campaigns"] if c["id"] == "2024-dangji")
    assert dangji["members"] == [f"王芳（{ONE}）", f"王芳（{TWO}）", "赵敏"]
    assert dangji["counts"]["members"] == 3
    assert [(r["member"], r["problems"]) for r in dangji["area_member"]] == [(f"王芳（{ONE}）", 1), (f"王芳（{TWO}）", 1), ("赵敏", 1)]
    owners = {r["measure"]: (r["member"], r["owners"]) for r in data["ledger"] if r["campaign"] == "2024-dangji"}
    assert owners == {
        "2024-dangji/wangfang#1": (f"王芳（{ONE}）", [f"王芳（{ONE}）"]),
        # 责任人：王芳 written in the second branch's material is that branch's 王芳.
        "2024-dangji/wangfang2#1": (f"王芳（{TWO}）", [f"王芳（{TWO}）"]),
        "2024-dangji/zhaomin#1": ("赵敏", ["赵敏"]),
    }
    [group] = data["duplicates"]
    assert sorted(i["author"] for i in group["items"]) == [f"王芳（{ONE}）", f"王芳（{TWO}）"]
    titles = {p["path"]: p["title"] for p in data["pages"] if p["kind"] == "member"}
    assert titles == {"indexes/members/wangfang.md": f"王芳（{ONE}）", "indexes/members/wangfang-jiguan-2.md": f"王芳（{TWO}）",
                      "indexes/members/zhaomin.md": "赵敏"}


def test_navigation_puts_each_under_its_branch_and_search_filters_them_apart(built) -> None:
    page = built.html("indexes/members/wangfang-jiguan-2/index.html")
    primary = page.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    nav = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", primary))
    assert re.search(f" 党员 党员 {ONE} {TWO} {TWO} 王芳（{TWO}） 王芳（{TWO}） 目录 ", nav), nav
    # The materials' navigation titles name the branch too; 赵敏's stays as it was.
    material = built.html("2024-dangji/wangfang2/index.html")
    nav = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", material.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]))
    assert f" 王芳（{ONE}） · 个人对照检查材料 王芳（{TWO}） · 个人对照检查材料 王芳（{TWO}） · 个人对照检查材料 " in nav, nav
    assert " 赵敏 · 个人对照检查材料 " in nav and " 王芳 · " not in nav
    meta = (built.site / "search" / "meta.js").read_text(encoding="utf-8")
    members = json.loads(re.search(r'"members":(\[[^\]]*\])', meta).group(1))
    assert members == [f"王芳（{ONE}）", f"王芳（{TWO}）", "赵敏"]


DUPLICATE = ("docs/2024-dangji/wangfang3.md:1: 与 docs/2024-dangji/wangfang.md 重复：同一党员（王芳）在同一批次（党纪学习教育）只能有一份个人对照检查材料。"
             "是同一份材料的，请合并两个文件；是本支部同名的另一位党员，请在这份材料的姓名后用全角括号注明区别，"
             "例如“member: 王芳（综合科）”或“member: 王芳（1985年）”，括号里的文字是姓名的一部分，页面上照写显示；"
             "否则请改正其中一份的党员、批次或文档类型。")


def test_a_second_wangfang_in_the_same_branch_is_refused_with_how_to_tell_them_apart(tmp_path: Path) -> None:
    docs = {**DOCS, "2024-dangji/wangfang3.md": review("王芳", "jiguan-1", "2024-dangji", "工作作风不实", "深入基层")}
    root = _site(tmp_path / "site-src", docs, VOCABULARY)
    result = mkdocs(root, "build", "--strict")
    assert result.code == 1
    assert result.log_lines == [f"ERROR   -  {DUPLICATE}", "ERROR   -  档案检查发现 1 处错误，构建已中止。请按上面的提示逐条修改。"]
    check = archive(root, "check", "--strict")
    assert check.returncode == 1
    assert check.stdout == f"错误：\n{DUPLICATE}\n检查了 5 份材料：1 处错误，0 处警告。请按上面的提示逐条修改。\n"


def test_the_documented_way_tells_them_apart_and_keeps_the_first_url(tmp_path: Path) -> None:
    docs = {**DOCS, "2024-dangji/wangfang3.md": review("王芳（综合科）", "jiguan-1", "2024-dangji", "工作作风不实", "深入基层")}
    root = _site(tmp_path / "site-src", docs, VOCABULARY)
    result = mkdocs(root, "build", "--strict")
    assert result.code == 0, result.output
    assert archive(root, "check", "--strict").returncode == 0
    page = Links(result.html("indexes/members/wangfang-zongheke/index.html"))
    assert page.h1.strip() == "王芳（综合科） · 学习档案"
    assert [h for h, t in page.links if "对照检查材料" in t] == ["../../../2024-dangji/wangfang3/"]
    # The first branch's 王芳 keeps her page; the name as written is shown, without a branch (no other branch has it).
    assert Links(result.html("indexes/members/wangfang/index.html")).h1.strip() == f"王芳（{ONE}） · 学习档案"
    campaign = Links(result.html("indexes/campaigns/2024-dangji/index.html"))
    assert ("../../../indexes/members/wangfang-zongheke/", "王芳（综合科）") in campaign.links


def test_a_namesake_added_in_a_later_branch_leaves_the_published_url(built, tmp_path: Path) -> None:
    """Built with the first branch's 王芳 alone, then with the second branch's 王芳 added: the first page stays."""
    alone = {k: v for k, v in DOCS.items() if "wangfang2" not in k}
    first = mkdocs(_site(tmp_path / "alone", alone, VOCABULARY), "build", "--strict")
    assert first.code == 0, first.output
    assert Links(first.html("indexes/members/wangfang/index.html")).h1.strip() == "王芳 · 学习档案"
    assert not (first.site / "indexes" / "members" / "wangfang-jiguan-2").exists()
    url = lambda b: json.loads((b.site / "archive.json").read_text(encoding="utf-8"))["members"][0]  # noqa: E731
    assert (url(first)["slug"], url(built)["slug"]) == ("wangfang", "wangfang")
    assert (url(first)["materials"], url(built)["materials"]) == (["2024-dangji/wangfang.md"], ["2024-dangji/wangfang.md"])


def test_slugs_do_not_depend_on_the_order_people_come_in() -> None:
    labels = {"jiguan-1": ONE, "jiguan-2": TWO, "jiguan-3": "机关第三党支部"}
    first = {Person("王芳", "jiguan-2"): Seen(dt.date(2020, 1, 1), "a/wangfang2.md", "docs/a/wangfang2.md"),
             Person("汪芳", "jiguan-1"): Seen(dt.date(2021, 1, 1), "a/wangfang3.md", "docs/a/wangfang3.md"),
             Person("王芳", "jiguan-3"): Seen(dt.date(2022, 1, 1), "a/wangfang4.md", "docs/a/wangfang4.md"),
             Person("王芳", "jiguan-1"): Seen(dt.date(2022, 1, 1), "a/wangfang.md", "docs/a/wangfang.md"),
             Person("赵敏", "jiguan-2"): Seen(dt.date(2019, 1, 1), "a/zhaomin.md", "docs/a/zhaomin.md")}
    orders = [dict(items) for items in (list(first.items()), list(first.items())[::-1], sorted(first.items()))]
    made = [member_slugs(order, Recorded(), list(labels), labels.__getitem__)[0] for order in orders]
    assert made[0] == made[1] == made[2]
    # The earliest material keeps the plain slug; a namesake in another branch gets the branch, 汪芳 (another name
    # of the same pinyin) gets -2; on the same day the path decides (a/wangfang.md before a/wangfang4.md).
    assert made[0] == {Person("王芳", "jiguan-2"): "wangfang", Person("汪芳", "jiguan-1"): "wangfang-2",
                       Person("王芳", "jiguan-1"): "wangfang-jiguan-1", Person("王芳", "jiguan-3"): "wangfang-jiguan-3",
                       Person("赵敏", "jiguan-2"): "zhaomin"}
    # Recorded in urls.yml, an older namesake moves nobody: the recorded slug is kept, the others give way.
    recorded = read_urls(f"王芳（{ONE}）: wangfang\n", labels)
    slugs, warnings = member_slugs(first, recorded, list(labels), labels.__getitem__)
    assert slugs[Person("王芳", "jiguan-1")] == "wangfang" and slugs[Person("王芳", "jiguan-2")] == "wangfang-jiguan-2"
    assert {w.path for w in warnings} == {"docs/a/wangfang2.md", "docs/a/wangfang3.md", "docs/a/wangfang4.md"}
    people = People(first, list(labels), labels.__getitem__)
    assert people.label(Person("汪芳", "jiguan-1")) == "汪芳" and people.label(Person("王芳", "jiguan-3")) == "王芳（机关第三党支部）"
