"""Stable area page URLs (issue 21): a campaign whose area reads like an existing one (担当做为 beside 担当作为,
both dandangzuowei) moves no published page once urls.yml records the areas under 检视方面:; an unrecorded
collision is a warning naming the lines to add; a wrong line in that section is an error with file:line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from clitools import archive
from conftest import ROOT, Built, mkdocs, write_site
from studyarchive.core.naming import read_urls

EPOCH = "1735603200"  # 2024-12-31
VOCABULARY = (ROOT / "vocabulary.yml").read_text(encoding="utf-8")
# A campaign of 2018 whose only area has the pinyin of 2023-zhuti-2's 担当作为.
WITH_2018 = VOCABULARY.replace("campaigns:\n", "campaigns:\n  - id: 2018-test\n    label: 2018年专题学习\n    year: 2018\n"
                                               "    areas: [担当做为]\n", 1)
NEW_MATERIAL = ("---\ntitle: 张伟2018年对照检查材料\ndoc_type: self_review\nmember: 张伟\ncampaign: 2018-test\ndate: 2018-10-01\n---\n"
                "一、存在问题\n\n（一）担当做为方面。一是遇到难题绕着走。\n\n二、整改措施\n\n一是迎难而上。【针对问题：1.1】\n")
RECORD_OLD = "检视方面:\n  担当作为: dandangzuowei\n"


def sample(root: Path, vocabulary: str | None = None, urls: str = "") -> Path:
    """A copy of the sample site, with the sample's urls.yml followed by ``urls``."""
    write_site(root, {}, vocabulary)
    shutil.rmtree(root / "docs")
    shutil.copytree(ROOT / "docs", root / "docs")
    (root / "urls.yml").write_text((ROOT / "urls.yml").read_text(encoding="utf-8") + urls, encoding="utf-8")
    return root


def with_campaign(root: Path) -> Path:
    (root / "docs" / "2018-test").mkdir()
    (root / "docs" / "2018-test" / "zhangwei.md").write_text(NEW_MATERIAL, encoding="utf-8")
    return root


def pages(site: Path) -> set[tuple[str, str, str]]:
    """(kind, title, url) of every page of the site (archive.json): a page that moves changes its url."""
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    return {(p["kind"], p["title"], p["url"]) for p in data["pages"]}


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def warning(area: str, others: str, moved: str, lines: str) -> str:
    return (f"检视方面“{area}”与{others}的页面网址都应当是 dandangzuowei（拼音相同），“{area}”的页面暂时放在 indexes/areas/{moved}/；"
            "谁用哪个网址取决于各检视方面最早一个问题的日期，以后再加材料可能改变。为使网址今后不再变化，请在 urls.yml 中"
            f"“检视方面:”下面加上这几行（行首空两格）：“{lines}”（已经发布过的网址请照原样记下）。")


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Built:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    built = mkdocs(sample(tmp_path_factory.mktemp("before") / "site-src"), "build", "--strict")
    mp.undo()
    assert built.code == 0, built.output
    assert ("area", "担当作为", "indexes/areas/dandangzuowei/") in pages(built.site)
    return built


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_with_the_area_recorded_an_older_campaign_moves_no_url(before: Built, tmp_path: Path) -> None:
    root = with_campaign(sample(tmp_path / "site-src", WITH_2018, RECORD_OLD))
    after = mkdocs(root, "build")
    assert after.code == 0, after.output
    assert pages(before.site) - pages(after.site) == set()  # every page where it was, under the same title
    assert files(before.site) - files(after.site) == set()
    assert ("area", "担当做为", "indexes/areas/dandangzuowei-2/") in pages(after.site)
    # The new area is not recorded yet: the warning asks for its line only.
    assert after.log_lines == ["WARNING -  docs/2018-test/zhangwei.md:1: "
                               + warning("担当做为", "“担当作为”", "dandangzuowei-2", "担当做为: dandangzuowei-2")]


def test_both_areas_recorded_build_strictly_without_warnings(before: Built, tmp_path: Path) -> None:
    root = with_campaign(sample(tmp_path / "site-src", WITH_2018, RECORD_OLD + "  担当做为: dandangzuowei-2\n"))
    after = mkdocs(root, "build", "--strict")
    assert after.code == 0, after.output
    assert after.log_lines == []
    assert pages(before.site) - pages(after.site) == set()


def test_unrecorded_the_older_area_takes_the_slug_and_the_move_is_warned_about(before: Built, tmp_path: Path) -> None:
    root = with_campaign(sample(tmp_path / "site-src", WITH_2018))
    after = mkdocs(root, "build")
    assert after.code == 0, after.output
    assert ("area", "担当作为", "indexes/areas/dandangzuowei-2/") in pages(after.site)
    (line,) = after.log_lines
    found = re.fullmatch(r"WARNING -  (docs/\S+\.md):1: (.*)", line)
    assert found, line
    assert found.group(2) == warning("担当作为", "“担当做为”", "dandangzuowei-2", "担当做为: dandangzuowei”“担当作为: dandangzuowei-2")
    # The strict build stops on it, and `archive check` says the same.
    assert mkdocs(root, "build", "--strict").code == 1
    check = archive(root, "check")
    assert check.returncode == 0 and f"{found.group(1)}:1: {found.group(2)}" in check.stdout.splitlines()


BRANCHES = {"wenhuaguan": "清河县文化馆党支部"}


@pytest.mark.parametrize(("text", "line", "message"), [
    ("检视方面:\n  担当作为: Dan Dang\n", 2, "检视方面“担当作为”的页面网址“Dan Dang”无效：只能用小写字母、数字和连字符，例如“担当作为: dandangzuowei”。"),
    ("检视方面:\n  担当作为: [a]\n", 2, "检视方面“担当作为”的页面网址“（不是一个值）”无效：只能用小写字母、数字和连字符，例如“担当作为: dandangzuowei”。"),
    ("检视方面:\n  担当作为: a\n  担当作为: b\n", 3, "检视方面“担当作为”已在第 2 行记过；每个检视方面只写一行，请删去其中一行。"),
    ("检视方面:\n  担当作为: a\n  担当做为: a\n", 3,
     "检视方面“担当做为”的页面网址 a 已在第 2 行给了“担当作为”；两个检视方面不能共用一个网址，请给后写的这一个换一个，例如“担当做为: a-2”。"),
    ("检视方面:\n  \"\": a\n", 2, "urls.yml 的这一行没有检视方面的名称；请写成“  思想政治: sixiangzhengzhi”。"),
    ("检视方面:\n  担当作为: a\n王建国: wangjianguo\n检视方面:\n  担当做为: b\n", 4,
     "urls.yml 中“检视方面:”已在第 1 行写过；请把检视方面都写在那里，删去这一处。"),
    ("王建国: wangjianguo\n检视方面: dandangzuowei\n", 2,
     "urls.yml 中“检视方面:”下面应当每行写一个检视方面和它的页面网址（行首空两格），例如“  思想政治: sixiangzhengzhi”。"),
])
def test_a_wrong_area_line_is_an_error_with_the_line(text: str, line: int, message: str) -> None:
    recorded = read_urls(text, BRANCHES)
    assert [(d.path, d.line, d.message) for d in recorded.problems] == [("urls.yml", line, message)]


def test_the_area_section_is_read_beside_the_members() -> None:
    recorded = read_urls("王建国: wangjianguo\n检视方面:\n  担当作为: dandangzuowei\n  理论学习: lilun\n李秀英: lixiuying\n", BRANCHES)
    assert recorded.problems == []
    assert [(r.name, r.slug, r.line) for r in recorded.records] == [("王建国", "wangjianguo", 1), ("李秀英", "lixiuying", 5)]
    assert [(r.name, r.slug, r.line) for r in recorded.areas] == [("担当作为", "dandangzuowei", 3), ("理论学习", "lilun", 4)]
    assert read_urls("检视方面:\n", BRANCHES).problems == []


def test_a_broken_area_line_stops_the_build_naming_urls_yml(tmp_path: Path) -> None:
    root = sample(tmp_path / "site-src", urls="检视方面:\n  担当作为: Dan Dang\n")
    line = (root / "urls.yml").read_text(encoding="utf-8").splitlines().index("  担当作为: Dan Dang") + 1
    built = mkdocs(root, "build", "--strict")
    assert built.code == 1
    assert f"urls.yml:{line}: 检视方面“担当作为”的页面网址“Dan Dang”无效：只能用小写字母、数字和连字符，例如“担当作为: dandangzuowei”。" in built.output


def recorded_line(area: str, moved: str) -> str:
    return (f"已在 urls.yml 记下检视方面“{area}”的页面网址 indexes/areas/{moved}/（“{area}: {moved}”），以后不再变化；"
            "请把 urls.yml 一并提交。\n")


def test_archive_new_records_the_published_area_and_the_new_one(before: Built, tmp_path: Path) -> None:
    root = sample(tmp_path / "site-src", WITH_2018)
    result = archive(root, "new", "--type", "个人对照检查材料", "--member", "张伟", "--campaign", "2018-test", "--date", "2018-10-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "docs/2018-test/zhangwei.md\n"
    assert result.stderr == recorded_line("担当作为", "dandangzuowei") + recorded_line("担当做为", "dandangzuowei-2")
    urls = (root / "urls.yml").read_text(encoding="utf-8")
    assert urls == (ROOT / "urls.yml").read_text(encoding="utf-8") + "检视方面:\n  担当作为: dandangzuowei\n  担当做为: dandangzuowei-2\n"
    # The material filled in (its problems now give 担当做为 a page): nothing moved, nothing to warn about.
    (root / "docs" / "2018-test" / "zhangwei.md").write_text(NEW_MATERIAL, encoding="utf-8")
    after = mkdocs(root, "build", "--strict")
    assert after.code == 0, after.output
    assert pages(before.site) - pages(after.site) == set()
    assert ("area", "担当做为", "indexes/areas/dandangzuowei-2/") in pages(after.site)
    # The next material of the campaign finds both recorded: urls.yml stays as it is.
    again = archive(root, "new", "--type", "个人对照检查材料", "--member", "刘洋", "--campaign", "2018-test", "--date", "2018-10-02")
    assert (again.returncode, again.stderr) == (0, "")
    assert (root / "urls.yml").read_text(encoding="utf-8") == urls


def test_archive_new_without_a_same_pinyin_area_records_nothing(tmp_path: Path) -> None:
    root = sample(tmp_path / "site-src")
    result = archive(root, "new", "--type", "个人对照检查材料", "--member", "张伟", "--campaign", "2025-baxiang", "--date", "2025-06-01")
    assert (result.returncode, result.stderr) == (0, "")
    assert (root / "urls.yml").read_text(encoding="utf-8") == (ROOT / "urls.yml").read_text(encoding="utf-8")


def test_area_lines_go_into_the_existing_section(tmp_path: Path) -> None:
    from studyarchive.core.naming import append_areas

    (tmp_path / "urls.yml").write_text("王建国: wangjianguo\n检视方面:\n  理论学习: lilunxuexi\n\n# 以下是党员\n李秀英: lixiuying\n", encoding="utf-8")
    assert append_areas(tmp_path, {"担当做为": "dandangzuowei-2"}) == ["  担当做为: dandangzuowei-2"]
    text = (tmp_path / "urls.yml").read_text(encoding="utf-8")
    assert text == "王建国: wangjianguo\n检视方面:\n  理论学习: lilunxuexi\n  担当做为: dandangzuowei-2\n\n# 以下是党员\n李秀英: lixiuying\n"
    recorded = read_urls(text, BRANCHES)
    assert recorded.problems == [] and [r.name for r in recorded.areas] == ["理论学习", "担当做为"]


def test_a_section_written_in_one_line_is_left_alone_and_the_lines_are_shown(tmp_path: Path) -> None:
    root = sample(tmp_path / "site-src", WITH_2018, "检视方面: {担当作为: dandangzuowei}\n")
    urls = (root / "urls.yml").read_text(encoding="utf-8")
    result = archive(root, "new", "--type", "个人对照检查材料", "--member", "张伟", "--campaign", "2018-test", "--date", "2018-10-01")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("注意：urls.yml 中的“检视方面:”不是每行写一个检视方面，没有自动记下检视方面的页面网址；"
                             "请改成每行一个，再加上：“担当做为: dandangzuowei-2”。\n")
    assert (root / "urls.yml").read_text(encoding="utf-8") == urls


def test_archive_import_records_the_areas_too(tmp_path: Path) -> None:
    root = sample(tmp_path / "site-src", WITH_2018)
    source = tmp_path / "张伟对照检查.txt"
    source.write_text("张伟2018年对照检查材料\n\n一、存在问题\n\n（一）担当做为方面\n\n1. 遇到难题绕着走。\n\n二、整改措施\n\n1. 迎难而上。\n",
                      encoding="utf-8")
    result = archive(root, "import", str(source), "--member", "张伟", "--campaign", "2018-test", "--type", "个人对照检查材料",
                     "--date", "2018-10-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert recorded_line("担当作为", "dandangzuowei") + recorded_line("担当做为", "dandangzuowei-2") in result.stdout
    assert (root / "urls.yml").read_text(encoding="utf-8").endswith("检视方面:\n  担当作为: dandangzuowei\n  担当做为: dandangzuowei-2\n")
