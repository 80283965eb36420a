"""Generated pages: campaign problem lists in 姓氏笔画 order, member pages with 年年查、年年有, 千人一面, 三会一课."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, mkdocs, write_site

JAN_2025 = "1735689600"  # 2025-01-01 00:00:00 UTC
JUL_15_2024 = "1721001600"  # 2024-07-15 00:00:00 UTC


def review(member: str, campaign: str, date: str, problems: str, measures: str) -> str:
    return (f"---\ntitle: {member}的个人对照检查材料\ndoc_type: self_review\nmember: {member}\ncampaign: {campaign}\ndate: {date}\n---\n"
            f"一、存在问题\n\n{problems}\n\n二、整改措施\n\n{measures}\n")


def simple(member: str, campaign: str = "2024-dangji", date: str = "2024-07-22") -> str:
    return review(member, campaign, date, f"（一）政治纪律方面。一是{member}学习不够深入。比如，读书少。",
                  f"一是{member}加强学习。【针对问题：1.1】")


MEMBERS = ["赵敏", "王建国", "单雄", "李秀英", "孙立", "刘洋"]


def build(tmp_path: Path, docs: dict[str, str], **archive_options) -> Built:  # noqa: F821
    root = write_site(tmp_path / "site-src", docs)
    if archive_options:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config["extra"]["archive"].update(archive_options)
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return mkdocs(root, "build", "--strict")


def order_in(page: str, names: list[str]) -> list[str]:
    section = page.split("<article", 1)[1].split("参加党员", 1)[1].split("</p>", 1)[0]
    return sorted(names, key=section.index)


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2025)


def test_campaign_page_lists_members_in_surname_stroke_order(tmp_path: Path) -> None:
    built = build(tmp_path, {f"2024-dangji/m{n}.md": simple(name) for n, name in enumerate(MEMBERS)})
    assert built.code == 0, built.output
    page = built.html("indexes/campaigns/2024-dangji/index.html")
    # 王 4 strokes, 刘 孙 6, 李 7, 单 8, 赵 9 (Unihan kTotalStrokes).
    assert order_in(page, MEMBERS) == ["王建国", "刘洋", "孙立", "李秀英", "单雄", "赵敏"]
    assert "参加党员（按姓氏笔画排序）" in page
    # 问题清单 grouped by area, each problem linked to its anchor and to its measures.
    assert '<h3 id="area-1">1. 政治纪律（6 个）</h3>' in page
    assert '<a href="../../../2024-dangji/m1/#problem-1-1">问题 1.1 王建国学习不够深入</a>' in page
    assert '<a href="../../../2024-dangji/m1/#measure-1">措施 1</a>' in page
    # Area × member table, and the member pages in the navigation in the same order.
    assert '<tr><td><a href="../../../indexes/members/wangjianguo/">王建国</a></td><td>1</td><td>1</td></tr>' in page
    member = built.html("indexes/members/wangjianguo/index.html")
    nav = member.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    assert sorted(MEMBERS, key=lambda name: nav.index(f"{name}\n")) == ["王建国", "刘洋", "孙立", "李秀英", "单雄", "赵敏"]
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    assert data["campaigns"][0]["members"] == ["王建国", "刘洋", "孙立", "李秀英", "单雄", "赵敏"]
    assert data["member_order"] == "strokes"


def test_pinyin_order_is_the_configurable_alternative(tmp_path: Path) -> None:
    built = build(tmp_path, {f"2024-dangji/m{n}.md": simple(name) for n, name in enumerate(MEMBERS)}, member_order="pinyin")
    assert built.code == 0, built.output
    page = built.html("indexes/campaigns/2024-dangji/index.html")
    # 单 as a surname is read shàn.
    assert order_in(page, MEMBERS) == ["李秀英", "刘洋", "单雄", "孙立", "王建国", "赵敏"]
    assert "参加党员（按拼音排序）" in page


def test_pinyin_table_reads_as_pypinyin_does(monkeypatch) -> None:
    """data/pinyin.txt stands in for pypinyin in the build (13 MB less): the same keys and slugs, for the
    surnames read differently, rare characters, Latin letters and mixed text."""
    import random

    monkeypatch.setenv("PYPINYIN_NO_PHRASES", "1")  # read at import: character by character, as the table is made
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from studyarchive.core import naming, people

    def key(name: str) -> tuple:
        name = name.strip()
        syllables = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [c.lower() for c in s])
        if name and name[0] in people.SURNAME_READINGS:
            syllables[0] = people.SURNAME_READINGS[name[0]]
        return (tuple(syllables), name)

    def slug(text: str) -> str:
        return naming.SLUG_RE.sub("-", "".join(lazy_pinyin(text.strip(), errors=lambda s: list(s))).lower()).strip("-")

    chars = [chr(c) for c in pinyin_dict] + list("ab Z1-·（）𠀀")
    rng = random.Random(1)
    texts = [*MEMBERS, "吕绿", "单于", "欧阳娜娜", "张 三", " 李四 ", "Wang 王", "", "了", "嗯"]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 5))) for _ in range(3000)]
    assert [people.pinyin_key(t) for t in texts] == [key(t) for t in texts]
    assert [naming.slug(t) for t in texts] == [slug(t) for t in texts]


def test_members_are_grouped_by_branch_in_the_navigation(tmp_path: Path) -> None:
    vocabulary = (ROOT / "vocabulary.yml").read_text(encoding="utf-8").replace(
        "  - id: wenhuaguan\n    label: 清河县文化馆党支部\n",
        "  - id: wenhuaguan\n    label: 清河县文化馆党支部\n  - id: tushuguan\n    label: 清河县图书馆党支部\n")
    assert "tushuguan" in vocabulary
    with_branch = lambda text, branch: text.replace("doc_type: self_review\n", f"doc_type: self_review\nbranch: {branch}\n")  # noqa: E731
    docs = {"2024-dangji/a.md": with_branch(simple("王建国"), "wenhuaguan"), "2024-dangji/b.md": with_branch(simple("赵敏"), "wenhuaguan"),
            "2024-dangji/c.md": with_branch(simple("孙立"), "tushuguan")}
    built = mkdocs(write_site(tmp_path / "site-src", docs, vocabulary), "build", "--strict")
    assert built.code == 0, built.output

    def nav(member: str) -> str:
        page = built.html(f"indexes/members/{member}/index.html")
        primary = page.split('md-nav--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", primary))

    # The open branch lists its members; the other branch is one closed entry (navigation.prune).
    # (The open page also lists its own headings: 目录 … 年年查、年年有.)
    assert re.search(" 党员 党员 清河县文化馆党支部 清河县文化馆党支部 王建国 王建国 目录 .* 赵敏 清河县图书馆党支部 检视方面 ", nav("wangjianguo"))
    assert "孙立" not in nav("wangjianguo")
    assert re.search(" 党员 党员 清河县文化馆党支部 清河县图书馆党支部 清河县图书馆党支部 孙立 孙立 目录 .* 检视方面 ", nav("sunli"))
    assert "王建国" not in nav("sunli") and "赵敏" not in nav("sunli")


def test_bad_index_options_are_reported(tmp_path: Path) -> None:
    built = build(tmp_path, {}, member_order="bihua", meetings={"tea_party": None})
    assert built.code == 1
    assert any(re.fullmatch(r"ERROR   -  mkdocs\.yml:\d+: extra\.archive\.member_order 的值“bihua”无效；可选：strokes（姓氏笔画）、pinyin（拼音）。", line)
               for line in built.log_lines)
    assert any(re.match(r"ERROR   -  mkdocs\.yml:\d+: extra\.archive\.meetings 中未知的会议类型“tea_party”", line) for line in built.log_lines)


RECUR = {
    "2023-zhuti-2/zhangsan.md": review("张三", "2023-zhuti-2", "2024-01-10",
                                       "（一）理论学习方面。一是学习不系统。比如，缺计划。\n\n（二）工作作风方面。一是调研不深。比如，走过场。",
                                       "一是制定计划。【针对问题：1.1】\n\n二是深入调研。【针对问题：2.1】"),
    "2024-dangji/zhangsan.md": review("张三", "2024-dangji", "2024-07-22", "（一）政治纪律方面。一是学纪不深。比如，读书少。", "一是学纪。【针对问题：1.1】"),
    "2024-annual/zhangsan.md": review("张三", "2024-annual", "2025-01-10",
                                      "（一）学习贯彻党的创新理论方面。一是学习仍不系统。比如，缺少计划。\n\n（二）联系服务群众方面。一是走访少。比如，一年两次。",
                                      "一是坚持计划。【针对问题：1.1、2.1】"),
    "2023-zhuti-2/lisi.md": review("李四", "2023-zhuti-2", "2024-01-10", "（一）理论学习方面。一是学习不够。比如，读书少。", "一是多读书。【针对问题：1.1】"),
    "2024-annual/lisi.md": review("李四", "2024-annual", "2025-01-10", "（一）联系服务群众方面。一是走访少。比如，很少下乡。", "一是多走访。【针对问题：1.1】"),
}


def test_member_page_flags_the_same_area_in_consecutive_campaigns(tmp_path: Path) -> None:
    built = build(tmp_path, RECUR)
    assert built.code == 0, built.output
    page = built.html("indexes/members/zhangsan/index.html")
    # Materials across years, problems by area over time.
    assert page.index("张三的个人对照检查材料</a>") > 0 and page.count("<td>2024</td>") == 2
    assert "2023年第二批主题教育（2023年度）" in page and "2024年度组织生活会（2024年度）" in page
    # 理论学习 (2023) and 学习贯彻党的创新理论 (2024年度) are one area (extra.archive.same_areas): consecutive
    # campaigns that examine it, problems in both → 年年查、年年有, with links to both.
    recurrence = page.split('id="recurrence"', 1)[1]
    assert re.search(r'<strong>理论学习</strong>：2023年第二批主题教育 <a href="../../../2023-zhuti-2/zhangsan/#problem-1-1">问题 1.1 学习不系统</a>'
                     r' → 2024年度组织生活会 <a href="../../../2024-annual/zhangsan/#problem-1-1">问题 1.1 学习仍不系统</a>', recurrence)
    assert "工作作风" not in recurrence  # 工作作风 and 联系服务群众 are different areas
    assert page.count('<a class="ar-recur" href="#recurrence">年年查、年年有</a>') == 2
    other = built.html("indexes/members/lisi/index.html")
    assert "未发现同一检视方面在相邻两次学习教育中都查摆出问题。" in other

    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    zhangsan = next(m for m in data["members"] if m["name"] == "张三")
    assert zhangsan["recurrences"] == [{"area": "理论学习", "earlier": "2023-zhuti-2", "later": "2024-annual",
                                        "earlier_problems": ["2023-zhuti-2/zhangsan#1.1"], "later_problems": ["2024-annual/zhangsan#1.1"]}]
    # Area, year and document type listings.
    assert "问题 1.1 学习仍不系统" in built.html("indexes/areas/xuexiguanchedangdechuangxinlilun/index.html")
    assert built.html("indexes/years/2023/index.html").count("的个人对照检查材料</a>") == 2
    assert built.html("indexes/types/self_review/index.html").count("的个人对照检查材料</a>") == 5


COPIED = "对党纪党规的学习停留在表面，满足于读原文、记笔记，没有结合岗位职责深入思考，学用结合不够紧密，运用纪律规矩指导实践的能力还不强"
DUPES = {
    "2024-dangji/wangwu.md": review("王五", "2024-dangji", "2024-07-22", f"（一）政治纪律方面。一是学纪不深。{COPIED}。", "一是加强学习，每月读原著。【针对问题：1.1】"),
    "2024-dangji/zhaoliu.md": review("赵六", "2024-dangji", "2024-07-22", f"（一）政治纪律方面。一是学纪不够深入。{COPIED.replace('还不强', '有待提高')}。",
                                     "一是坚持每周集体学习和个人自学。【针对问题：1.1】"),
    "2024-dangji/qianqi.md": review("钱七", "2024-dangji", "2024-07-22",
                                    "（一）政治纪律方面。一是执行请示报告制度不严。比如，有的事项先办后报，口头汇报代替书面请示。", "一是严格请示报告。【针对问题：1.1】"),
    # The same text in another campaign is no 千人一面 of this one.
    "2023-zhuti-2/wangwu.md": review("王五", "2023-zhuti-2", "2024-01-10", f"（一）理论学习方面。一是学习不深。{COPIED}。", "一是加强学习。【针对问题：1.1】"),
}


def test_near_duplicates_across_members_are_reported_and_marked(tmp_path: Path) -> None:
    built = build(tmp_path, DUPES)
    assert built.code == 0, built.output
    page = built.html("indexes/duplicates/index.html")
    assert '<h3 id="dup-1">第 1 组：问题，2 人</h3>' in page
    group = page.split('id="dup-1"', 1)[1]
    # The two texts side by side: the group's first statement on the left, the similar one on the right.
    row = re.search(r'<tr><td>(.*?)</td><td>(.*?)</td><td>(\d+)%</td></tr>', group)
    assert row and 60 <= int(row.group(3)) < 100
    assert '<a href="../../2024-dangji/wangwu/#problem-1-1">问题 1.1 学纪不深</a><br>' in row.group(1)
    assert '<a href="../../2024-dangji/zhaoliu/#problem-1-1">问题 1.1 学纪不够深入</a><br>' in row.group(2)
    assert "学纪不深。对党纪党规的学习停留在表面" in row.group(1) and "学纪不够深入。" in row.group(2)  # the statements, as written
    assert "Jaccard" not in page and "相似程度" in page
    assert "钱七" not in page.split("<article", 1)[1] and 'id="dup-2"' not in page
    # Marked on the materials, linked to the report.
    material = built.html("2024-dangji/zhaoliu/index.html")
    assert re.search(r'<a class="ar-dup" href="../../indexes/duplicates/#dup-1" title="与其他党员的表述雷同：第 1 组">雷同</a>', material)
    assert "ar-dup" not in built.html("2024-dangji/qianqi/index.html")
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    (only,) = data["duplicates"]
    assert only["campaign"] == "2024-dangji" and only["kind"] == "problem"
    assert [(i["item"], i["author"]) for i in only["items"]] == [("2024-dangji/wangwu#1.1", "王五"), ("2024-dangji/zhaoliu#1.1", "赵六")]


def minutes(kind: str, date: str) -> str:
    return f"---\ntitle: {kind}记录\ndoc_type: minutes\nmeeting_type: {kind}\ndate: {date}\n---\n会议内容。\n"


MEETINGS = {
    "huiyi/c1.md": minutes("党员大会", "2024-02-10"),
    "huiyi/c2.md": minutes("党员大会", "2024-05-10"),
    "huiyi/z1.md": minutes("支委会", "2024-01-05"),
    "huiyi/z2.md": minutes("支委会", "2024-02-05"),
    "huiyi/z3.md": minutes("支委会", "2024-03-05"),
    "huiyi/z4.md": minutes("支委会", "2024-04-05"),
    "huiyi/k1.md": minutes("党课", "2024-03-01"),
    "huiyi/x1.md": minutes("党小组会", "2024-01-20"),
}


def test_meetings_table_flags_quarters_below_the_required_frequency(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUL_15_2024)
    rules = {"party_congress": {"per": "quarter", "min": 1}, "committee_meeting": {"per": "month", "min": 1},
             "group_meeting": {"per": "month", "min": 1}, "party_lecture": {"per": "quarter", "min": 1}}
    built = build(tmp_path, MEETINGS, meetings=rules)
    assert built.code == 0, built.output
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    (year,) = data["meetings"]
    states = {r["meeting_type"]: [(q["count"], q["state"], q["missing"]) for q in r["quarters"]] for r in year["rows"]}
    assert states["party_congress"] == [(1, "ok", []), (1, "ok", []), (0, "open", []), (0, "open", [])]
    assert states["committee_meeting"] == [(3, "ok", []), (1, "short", ["5月", "6月"]), (0, "open", []), (0, "open", [])]
    assert states["group_meeting"] == [(1, "short", ["2月", "3月"]), (0, "short", ["4月", "5月", "6月"]), (0, "open", []), (0, "open", [])]
    assert states["party_lecture"] == [(1, "ok", []), (0, "short", []), (0, "open", []), (0, "open", [])]
    page = built.html("indexes/meetings/index.html")
    assert "2024年（4 处不足）" in page
    assert '1：<a href="../../huiyi/z4/">4月5日</a> <span class="ar-gap">不足：缺5月、6月</span>' in page


def test_a_year_without_any_meeting_record_is_shown_and_flagged(tmp_path: Path, monkeypatch) -> None:
    """Records in 2024 only, statistics date 2026-03-01: 2025 (nothing recorded) and 2026 are listed too."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772294400")  # 2026-03-01 (China)
    built = build(tmp_path, MEETINGS)
    assert built.code == 0, built.output
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    assert [t["year"] for t in data["meetings"]] == [2024, 2025, 2026]
    y2025 = {r["meeting_type"]: [q["state"] for q in r["quarters"]] for r in data["meetings"][1]["rows"]}
    assert y2025["party_congress"] == ["short"] * 4 and y2025["committee_meeting"] == ["short"] * 4
    page = built.html("indexes/meetings/index.html")
    assert "2025年（12 处不足）" in page and "2025年没有任何会议记录。" in page
    assert page.index("2026年") < page.index("2025年") < page.index("2024年")  # newest first
    assert "mkdocs.yml" not in page.split("<article", 1)[1] and "extra.archive" not in page


def test_meeting_rules_can_switch_a_type_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUL_15_2024)
    built = build(tmp_path, MEETINGS)  # the project's mkdocs.yml: no 党小组 in this branch
    assert built.code == 0, built.output
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    rows = {r["meeting_type"]: r for r in data["meetings"][0]["rows"]}
    assert rows["group_meeting"]["rule"] is None and {q["state"] for q in rows["group_meeting"]["quarters"]} == {"none"}


def test_home_page_navigation_archive_json_and_reproducibility(tmp_path: Path) -> None:
    docs = {**RECUR, **DUPES, **MEETINGS}
    docs.pop("2023-zhuti-2/wangwu.md")
    built = build(tmp_path, docs)
    assert built.code == 0, built.output
    home = built.html("index.html")
    # Counts per campaign and charts drawn at build time, with text alternatives.
    assert "<h2 id=\"_1\">档案概况</h2>" in home or "档案概况</h2>" in home
    assert home.count('<figure class="ar-chart"') == 2 and "<script" not in home.split("ar-chart", 1)[1].split("</figure>", 1)[0]
    assert '<title id="chart-problems-title">各批次查摆问题和整改措施数量</title>' in home
    assert "党纪学习教育：问题 4 个，整改措施 4 条" in home
    # The generated section comes right after the home page in the navigation.
    nav = home.split("md-nav--primary", 1)[1]
    assert nav.index("档案索引") < nav.index("2023年第二批主题教育")
    section = built.html("indexes/index.html").split("md-nav--primary", 1)[1]
    # Each campaign's overview (批次) is its folder's index page in the menu (archive_hook._campaign_indexes):
    # 档案索引 lists 批次 only for campaigns without a folder, none here.
    assert 'href="campaigns/2024-dangji/"' in section and 'href="campaigns/2023-zhuti-2/"' in section
    positions = [section.index(label) for label in ("整改台账", "党员", "检视方面", "年度", "文档类型", "雷同表述", "三会一课")]
    assert positions == sorted(positions)

    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((ROOT / "docs" / "archive.schema.json").read_text(encoding="utf-8")))
    kinds = {p["kind"] for p in data["pages"]}
    assert kinds == {"overview", "campaign", "ledger", "ledger_csv", "ledger_xlsx", "member", "area", "year", "doc_type", "duplicates", "meetings"}
    assert {"path": "indexes/campaigns/2024-dangji.md", "url": "indexes/campaigns/2024-dangji/", "title": "党纪学习教育", "kind": "campaign"} in data["pages"]
    for p in data["pages"]:
        assert re.fullmatch(r"[a-z0-9/_.-]+", p["path"]) and (built.site / (p["url"] + ("index.html" if p["url"].endswith("/") else ""))).exists()

    # Two builds of the same input at the same build date: byte-identical export, pages and workbook.
    first = {p: (built.site / p).read_bytes() for p in ("archive.json", "indexes/ledger/2024-dangji.xlsx", "indexes/ledger/2024-dangji.csv")}
    again = mkdocs(built.root, "build", "--strict")
    assert again.code == 0
    assert {p: (again.site / p).read_bytes() for p in first} == first


def test_the_sample_site_builds_its_indexes(tmp_path: Path) -> None:
    """The bundled sample: believable ledger, recurrences (same_areas), and 三会一课 gaps."""
    import os
    import subprocess
    import sys

    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    counts = {c["id"]: c["counts"] for c in data["campaigns"]}
    assert counts["2023-zhuti-2"]["overdue"] == 2 and counts["2024-dangji"]["overdue"] >= 3
    assert any(m["recurrences"] for m in data["members"])
    assert data["campaigns"][0]["members"][:3] == ["王建国", "刘洋", "孙立"]


def test_the_stored_lsh_bands_and_rows_are_what_would_be_computed() -> None:
    from studyarchive.analyse import similar

    assert similar.KNOWN_BANDS_ROWS
    for (threshold, num_perm), expected in similar.KNOWN_BANDS_ROWS.items():
        assert similar._bands_rows(threshold, num_perm) == expected


def test_grams_of_many_statements_are_each_statements_own() -> None:
    """similar.grams_of computes every statement's grams in one pass; each must be what that statement alone
    gives: its distinct hashed 3-grams, sorted (and none for a statement too short to call copied)."""
    import random

    import numpy as np

    from studyarchive.analyse import similar

    def alone(text: str) -> np.ndarray:
        plain = similar.words_only(text)
        if len(plain) < similar.MIN_CHARS:
            return np.empty(0, dtype=np.uint32)
        codes = [ord(c) for c in plain]
        mixed = {((((a * 0x9E3779B1) & 0xFFFFFFFF) ^ b) * 0x85EBCA77 & 0xFFFFFFFF) ^ c for a, b, c in zip(codes, codes[1:], codes[2:])}
        return np.array(sorted(mixed), dtype=np.uint32)

    rng = random.Random(5)
    texts = ["".join(rng.choice("党员干部要带头树立正确的权力观、政绩观，事业观。ab【针对问题：1.1】𠀀") for _ in range(rng.randrange(0, 70)))
             for _ in range(400)] + ["", "短句", "一二三四五六七八九十一二", "一二三四五六七八九十一二" * 3]
    got = similar.grams_of(texts)
    assert len(got) == len(texts) and sum(g.size for g in got) > 5000
    for text, grams in zip(texts, got):
        assert grams.dtype == np.uint32 and np.array_equal(grams, alone(text)), text
    assert similar.grams_of([]) == []


# What datasketch 2.0.0 gives, read off `MinHash(num_perm=64, seed=1).permutations` (its default "affine32" scheme:
# a_k odd, a_k * fmix32(h) + b_k mod 2^32) and `MinHash(..., hashfunc=lambda v: v)` fed 5, 77, 123456789, 4e9: written
# down here, so that this test holds the module to datasketch and not to itself.
DATASKETCH_A = [3582191691, 4270784983, 1892572953, 3715639441]
DATASKETCH_B = [4114104213, 1768615473, 2289927481, 848474627]
DATASKETCH_A_LAST = [3617286919, 1474497421]
DATASKETCH_SIGNATURE = [1140364452, 136629973, 1480577603]


def _fmix32(h: int) -> int:
    """MurmurHash3's 32-bit finalizer as published (Appleby), in plain integers."""
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def test_minhash_is_datasketch_2s_affine32_scheme() -> None:
    import numpy as np

    from studyarchive.analyse import similar

    assert _fmix32(1) == 0x514E28B7 and _fmix32(0) == 0  # MurmurHash3's published values
    assert [int(v) for v in similar._fmix32(np.array([0, 1, 2**31, 2**32 - 1], dtype=np.uint32))] == [_fmix32(v) for v in (0, 1, 2**31, 2**32 - 1)]
    a, b, _, _ = similar._scheme(similar.DEFAULT_THRESHOLD)
    assert len(a) == len(b) == similar.NUM_PERM == 64
    assert [int(x) for x in a[:4]] == DATASKETCH_A and [int(x) for x in a[-2:]] == DATASKETCH_A_LAST
    assert [int(x) for x in b[:4]] == DATASKETCH_B
    assert all(int(x) % 2 == 1 for x in a)  # odd: each permutation is a bijection on 32 bits
    # Signatures: the minimum over a statement's grams of (a_k * fmix32(g) + b_k) mod 2^32, for every k.
    rng = np.random.default_rng(23)
    statements = [np.array([5, 77, 123456789, 4000000000], dtype=np.uint32)]
    statements += [np.unique(rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)) for n in (1, 2, 9, 300)]
    found = [similar.Statement(key=None, author=str(i), grams=g) for i, g in enumerate(statements)]
    got = [sig for _, sig in similar.signatures(found, similar.DEFAULT_THRESHOLD)]
    assert len(got) == len(statements)
    for grams, sig in zip(statements, got):
        want = [min((int(ak) * _fmix32(int(g)) + int(bk)) % 2**32 for g in grams) for ak, bk in zip(a, b)]
        assert [int(v) for v in sig] == want
    assert [int(v) for v in got[0][:3]] == DATASKETCH_SIGNATURE


def test_lsh_bands_and_rows_minimise_datasketchs_error_integrals() -> None:
    """datasketch's _optimal_param: the (b, r) with b*r <= num_perm minimising 0.5 * false positives + 0.5 * false
    negatives, each the integral of the S-curve 1 - (1 - s^r)^b below / above the threshold. Integrated here
    numerically (composite Simpson), not with the module's exact fractions."""
    import numpy as np

    from studyarchive.analyse import similar

    def simpson(f, lo: float, hi: float, n: int = 2000) -> float:
        x = np.linspace(lo, hi, n + 1)
        y = f(x)
        return float((hi - lo) / (3 * n) * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))

    def optimal(threshold: float, num_perm: int) -> tuple[int, int]:
        best = (float("inf"), 0, 0)
        for bands in range(1, num_perm + 1):
            for rows in range(1, num_perm // bands + 1):
                fp = simpson(lambda s, rows=rows, bands=bands: 1 - (1 - s**rows) ** bands, 0.0, threshold)
                fn = simpson(lambda s, rows=rows, bands=bands: (1 - s**rows) ** bands, threshold, 1.0)
                best = min(best, (0.5 * fp + 0.5 * fn, bands, rows))
        return best[1], best[2]

    _, _, bands, rows = similar._scheme(similar.DEFAULT_THRESHOLD)
    assert (bands, rows) == optimal(similar.DEFAULT_THRESHOLD - 0.15, similar.NUM_PERM) == (16, 4)
    for threshold in (0.3, 0.5, 0.7):
        assert similar._bands_rows(threshold, similar.NUM_PERM) == optimal(threshold, similar.NUM_PERM), threshold
