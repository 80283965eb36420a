"""Stable URLs (issue 21): adding a member or a material never moves a published page.

The sample site is built, a same-pinyin member (汪建国 beside 王建国) is added, and every URL of the site before
is compared with the site after. urls.yml records member pages; `archive new` writes its lines; an unrecorded
collision is a warning naming the file and the lines to add; a broken urls.yml is an error with file:line.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from clitools import archive
from conftest import ROOT, examples, mkdocs, write_site
from studyarchive.core import naming
from studyarchive.core.naming import Recorded, Seen, member_slugs, read_urls
from studyarchive.core.people import Person

EPOCH = "1735603200"  # 2024-12-31: the ledger's statuses do not depend on the day the test runs


def namesake(date: str) -> str:
    """A material of 汪建国, whose name reads as 王建国's: wangjianguo."""
    return (f"---\ntitle: 汪建国的学习心得\ndoc_type: reflection\nmember: 汪建国\ndate: {date}\n---\n\n"
            "认真学习了党章党规，体会很深。\n")


def sample(root: Path, urls: bool = False) -> Path:
    """A copy of the sample site (docs/ as it is), with the sample's urls.yml when ``urls``."""
    write_site(root, {})
    shutil.rmtree(root / "docs")
    shutil.copytree(ROOT / "docs", root / "docs")
    if urls:
        shutil.copy(ROOT / "urls.yml", root / "urls.yml")
    return root


def urls_of(site: Path) -> set[str]:
    """Every address of the site: each file MkDocs wrote."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def members_of(site: Path) -> dict[str, str]:
    """Member page slug → the member it shows (archive.json)."""
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    return {m["slug"]: m["name"] for m in data["members"]}


def warning(path: str, who: str, other: str, moved: str, lines: str) -> str:
    return (f"WARNING -  {path}:1: {who} 与 {other} 的页面网址都应当是 wangjianguo（拼音相同），{who} 的页面暂时放在 "
            f"indexes/members/{moved}/；谁用哪个网址取决于各人最早一份材料的日期，以后再加材料可能改变。"
            f"为使网址今后不再变化，请在 urls.yml 中加上这几行：“{lines}”（每位党员一行；已经发布过的网址请照原样记下）。")


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    import os

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    built = mkdocs(sample(tmp_path_factory.mktemp("before") / "site-src"), "build", "--strict")
    assert built.code == 0, built.output
    return built


def test_a_newer_namesake_moves_no_url_and_is_warned_about(before, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = sample(tmp_path / "site-src")
    (root / "docs" / "xuexi" / "wangjianguo-2024-9.md").write_text(namesake("2024-09-01"), encoding="utf-8")
    after = mkdocs(root, "build")
    assert after.code == 0, after.output
    assert urls_of(before.site) - urls_of(after.site) == set()
    assert members_of(after.site) == {**members_of(before.site), "wangjianguo-2": "汪建国"}
    assert members_of(after.site)["wangjianguo"] == "王建国"
    expected = warning("docs/xuexi/wangjianguo-2024-9.md", "汪建国", "王建国", "wangjianguo-2",
                       "王建国: wangjianguo”“汪建国: wangjianguo-2")
    assert after.log_lines == [expected]
    # The strict build (make build, CI) stops on it, and `archive check` says the same.
    assert mkdocs(root, "build", "--strict").code == 1
    check = archive(root, "check")
    assert check.returncode == 0 and expected.removeprefix("WARNING -  ") in check.stdout.splitlines()


def test_with_urls_yml_even_an_older_namesake_moves_nothing(before, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    older = namesake("2010-03-01")  # before any of 王建国's materials
    root = sample(tmp_path / "recorded", urls=True)
    (root / "docs" / "xuexi" / "wangjianguo-2010-1.md").write_text(older, encoding="utf-8")
    after = mkdocs(root, "build")
    assert after.code == 0, after.output
    assert urls_of(before.site) - urls_of(after.site) == set()
    assert members_of(after.site) == {**members_of(before.site), "wangjianguo-2": "汪建国"}
    # 汪建国 himself is not recorded yet: the warning asks for his line only.
    assert after.log_lines == [warning("docs/xuexi/wangjianguo-2010-1.md", "汪建国", "urls.yml 中记下的党员", "wangjianguo-2",
                                       "汪建国: wangjianguo-2")]
    # Without urls.yml the older material would take the plain slug: the page that moves is warned about.
    bare = sample(tmp_path / "bare")
    (bare / "docs" / "xuexi" / "wangjianguo-2010-1.md").write_text(older, encoding="utf-8")
    moved = mkdocs(bare, "build")
    assert members_of(moved.site)["wangjianguo"] == "汪建国"
    assert moved.log_lines == [warning("docs/2023-zhuti-2/wangjianguo.md", "王建国", "汪建国", "wangjianguo-2",
                                       "汪建国: wangjianguo”“王建国: wangjianguo-2")]


def test_archive_new_records_the_new_member_and_the_published_namesake(before, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = sample(tmp_path / "site-src")
    result = archive(root, "new", "--type", "心得体会", "--member", "汪建国", "--date", "2010-03-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "docs/xuexi/wangjianguo-2010-1.md\n"
    assert result.stderr == (
        "已在 urls.yml 记下王建国的页面网址 indexes/members/wangjianguo/（“王建国: wangjianguo”），以后不再变化；请把 urls.yml 一并提交。\n"
        "已在 urls.yml 记下汪建国的页面网址 indexes/members/wangjianguo-2/（“汪建国: wangjianguo-2”），以后不再变化；请把 urls.yml 一并提交。\n")
    urls = (root / "urls.yml").read_text(encoding="utf-8")
    assert urls == naming.URLS_HEADER + "王建国: wangjianguo\n汪建国: wangjianguo-2\n"
    (root / "docs" / "xuexi" / "wangjianguo-2010-1.md").write_text(namesake("2010-03-01"), encoding="utf-8")
    after = mkdocs(root, "build", "--strict")  # an older material, but nothing moves and nothing is left to record
    assert after.code == 0, after.output
    assert urls_of(before.site) - urls_of(after.site) == set()
    assert members_of(after.site) == {**members_of(before.site), "wangjianguo-2": "汪建国"}
    # A second material of a recorded member adds nothing.
    again = archive(root, "new", "--type", "心得体会", "--member", "汪建国", "--date", "2011-03-01")
    assert (again.returncode, again.stderr) == (0, "")
    assert (root / "urls.yml").read_text(encoding="utf-8") == urls


@pytest.mark.parametrize(("text", "line", "message"), [
    ("王建国: wangjianguo\n汪建国: [a, b]\n", 2, "汪建国 的页面网址“（不是一个值）”无效：只能用小写字母、数字和连字符，例如“汪建国: wangjianguo”。"),
    ("王建国: Wang_JianGuo\n", 1, "王建国 的页面网址“Wang_JianGuo”无效：只能用小写字母、数字和连字符，例如“王建国: wangjianguo”。"),
    ("王建国: wangjianguo\n汪建国: wangjianguo\n", 2,
     "汪建国 的页面网址 wangjianguo 已在第 1 行给了 王建国；两位党员不能共用一个网址，请给后写的这一位换一个，例如“汪建国: wangjianguo-2”。"),
    ("王建国: wangjianguo\n王建国: wjg\n", 2, "王建国 已在第 1 行记过；每位党员只写一行，请删去其中一行。"),
    ("王建国: wangjianguo\n  汪建国: x: y\n", 2, "urls.yml 不是有效的 YAML：mapping values are not allowed here。每行写一位党员，例如“王建国: wangjianguo”。"),
    ("- 王建国\n", 1, "urls.yml 应当每行写一位党员和他的页面网址，例如“王建国: wangjianguo”。"),
])
def test_a_broken_urls_yml_is_an_error_with_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    root = write_site(tmp_path / "site-src", {"xuexi/wangjianguo-2024-1.md": namesake("2024-09-01").replace("汪", "王")})
    (root / "urls.yml").write_text(text, encoding="utf-8")
    built = mkdocs(root, "build")
    assert built.code == 1
    assert built.log_lines == [f"ERROR   -  urls.yml:{line}: {message}", "ERROR   -  档案检查发现 1 处错误，构建已中止。请按上面的提示逐条修改。"]
    check = archive(root, "check")
    assert check.returncode == 1
    assert check.stdout == f"错误：\nurls.yml:{line}: {message}\n检查了 1 份材料：1 处错误，0 处警告。请按上面的提示逐条修改。\n"


def test_names_and_addresses_follow_contributing_and_mkdocs() -> None:
    # CONTRIBUTING.md: 复姓照写, ü is v, all lowercase without spaces; the page URLs keep their separators.
    assert [naming.file_slug(n) for n in ("欧阳娜娜", "吕强", "张伟（综合科）", "Anna Lü")] == ["ouyangnana", "lvqiang", "zhangweizongheke", "annalv"]
    assert [naming.slug(n) for n in ("欧阳娜娜", "吕强", "张伟（综合科）", " 王 芳 ")] == ["ouyangnana", "lvqiang", "zhangwei-zongheke", "wang-fang"]
    # The page address is MkDocs' own, with and without directory URLs.
    for path in ("index.md", "a/index.md", "a/README.md", "a/wang.md", "indexes/members/wangjianguo.md", "x.markdown"):
        for directory_urls in (True, False):
            file = File(path, "/docs", "/site", directory_urls)
            assert naming.dest_uri(path, directory_urls) == file.dest_uri
            assert (naming.page_url(path, directory_urls) or "./") == file.url
    assert naming.item_ref("2023-zhuti-2/wangjianguo.md", "1.2") == "2023-zhuti-2/wangjianguo#1.2"
    assert naming.item_ref(None, "3") == "3"
    assert naming.zh_date(dt.date(2024, 7, 8)) == "2024年7月8日"


# --- the rule itself, on random members ---------------------------------------------------------

SAME_SOUND = "王汪张章李里刘柳吕绿欧阳"
NAMES = st.text(st.sampled_from(SAME_SOUND + "（）· a1"), min_size=1, max_size=4).map(str.strip).filter(bool)
BRANCHES = ["b1", "b2", "b3"]
LABELS = {"b1": "一支部", "b2": "二支部", "b3": "三支部"}
PERSONS = st.tuples(NAMES, st.sampled_from(BRANCHES)).map(lambda t: Person(*t))
FIRST = st.tuples(st.dates(dt.date(2000, 1, 1), dt.date(2020, 1, 1)), st.text(string.ascii_lowercase, min_size=1, max_size=3))
MEMBERS = st.dictionaries(PERSONS, FIRST, min_size=1, max_size=12)


def seen(members: dict[Person, tuple[dt.date, str]]) -> dict[Person, Seen]:
    return {p: Seen(d, f"{path}.md", f"docs/{path}.md") for p, (d, path) in members.items()}


@settings(max_examples=examples(150), deadline=None)
@given(MEMBERS, st.data())
def test_slugs_are_unique_ascii_recorded_ones_kept_and_a_newcomer_moves_nobody(members, data) -> None:
    first = seen(members)
    slugs, _ = member_slugs(first, Recorded(), BRANCHES, LABELS.__getitem__)
    assert len(set(slugs.values())) == len(slugs)
    assert all(naming.VALID_SLUG_RE.match(s) for s in slugs.values())
    # Record some of them as urls.yml would, with a branch in the key: those keep their slugs whatever else.
    chosen = data.draw(st.lists(st.sampled_from(sorted(first)), unique=True))
    recorded = read_urls("".join(f"{naming.key_of(p, True, LABELS.__getitem__)}: {slugs[p]}\n" for p in chosen), LABELS)
    assert recorded.problems == []
    newcomer = data.draw(PERSONS.filter(lambda p: p not in first))
    older = {**first, newcomer: Seen(dt.date(1990, 1, 1), "z.md", "docs/z.md")}
    again, _ = member_slugs(older, recorded, BRANCHES, LABELS.__getitem__)
    assert len(set(again.values())) == len(again)
    assert {p: again[p] for p in chosen} == {p: slugs[p] for p in chosen}
    # A newcomer with the newest material moves nobody, recorded or not.
    newer = {**first, newcomer: Seen(dt.date(2030, 1, 1), "z.md", "docs/z.md")}
    later, _ = member_slugs(newer, Recorded(), BRANCHES, LABELS.__getitem__)
    assert {p: later[p] for p in first} == slugs


def test_an_area_added_later_never_takes_an_earlier_areas_page() -> None:
    """Areas are named by their text; two of one pinyin (厉行节约, 力行节约): the one that came first keeps it."""
    assert naming.unique_slugs(["厉行节约"], "area") == {"厉行节约": "lixingjieyue"}
    assert naming.unique_slugs(["厉行节约", "力行节约"], "area") == {"厉行节约": "lixingjieyue", "力行节约": "lixingjieyue-2"}
    assert naming.unique_slugs(["（）", "【】"], "area") == {"（）": "area", "【】": "area-2"}


def test_archive_new_numbers_the_file_of_a_second_member_of_one_pinyin(tmp_path: Path) -> None:
    """CONTRIBUTING.md: the second member's file gets a number after the pinyin (wangjianguo2.md)."""
    review = (ROOT / "docs" / "2024-dangji" / "wangjianguo.md").read_text(encoding="utf-8")
    root = write_site(tmp_path / "p", {"2024-dangji/wangjianguo.md": review})
    result = archive(root, "new", "--type", "个人对照检查材料", "--member", "汪建国", "--campaign", "2024-dangji", "--date", "2024-08-01")
    assert (result.returncode, result.stdout) == (0, "docs/2024-dangji/wangjianguo2.md\n")
    assert result.stderr.splitlines()[0] == "docs/2024-dangji/wangjianguo.md 是王建国的材料，汪建国的这一份用下一个文件名。"
    # The same member's file is never taken for another's: it exists, and is not overwritten.
    again = archive(root, "new", "--type", "个人对照检查材料", "--member", "王建国", "--campaign", "2024-dangji", "--date", "2024-08-01")
    assert again.returncode == 1 and again.stderr.startswith("错误：docs/2024-dangji/wangjianguo.md 已存在，不会覆盖。")


def test_archive_import_numbers_the_file_and_records_both_pages(tmp_path: Path) -> None:
    review = (ROOT / "docs" / "2024-dangji" / "wangjianguo.md").read_text(encoding="utf-8")
    root = write_site(tmp_path / "p", {"2024-dangji/wangjianguo.md": review})
    source = tmp_path / "汪建国.txt"
    source.write_text("汪建国同志党纪学习教育个人对照检查材料\n\n一、存在问题\n\n（一）政治纪律方面。一是学习不够深入。\n\n"
                      "二、整改措施\n\n一是加强学习。【针对问题：1.1】\n\n汪建国\n2024年7月20日\n", encoding="utf-8")
    result = archive(root, "import", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:2] == ["docs/2024-dangji/wangjianguo.md 是王建国的材料，汪建国的这一份用下一个文件名。",
                         f"已导入 {source}（UTF-8）→ docs/2024-dangji/wangjianguo2.md"]
    assert [line for line in lines if line.startswith("已在 urls.yml")] == [
        "已在 urls.yml 记下王建国的页面网址 indexes/members/wangjianguo/（“王建国: wangjianguo”），以后不再变化；请把 urls.yml 一并提交。",
        "已在 urls.yml 记下汪建国的页面网址 indexes/members/wangjianguo-2/（“汪建国: wangjianguo-2”），以后不再变化；请把 urls.yml 一并提交。"]
    assert (root / "urls.yml").read_text(encoding="utf-8").endswith("王建国: wangjianguo\n汪建国: wangjianguo-2\n")


@settings(max_examples=examples(100), deadline=None)
@given(MEMBERS, st.lists(PERSONS, min_size=1, max_size=3), st.data())
def test_what_new_and_import_record_moves_nobody_and_takes_no_ones_page(members, new, data) -> None:
    first = seen(members)
    slugs, _ = member_slugs(first, Recorded(), BRANCHES, LABELS.__getitem__)
    chosen = data.draw(st.lists(st.sampled_from(sorted(first)), unique=True))
    recorded = read_urls("".join(f"{naming.key_of(p, True, LABELS.__getitem__)}: {slugs[p]}\n" for p in chosen), LABELS)
    added = naming.lines_to_record(new, first, recorded, BRANCHES, LABELS.__getitem__)
    # Every member as published keeps the page, and a new member takes nobody's.
    assert all(added[p] == slugs[p] for p in added if p in first)
    assert set(added) >= {p for p in new if p not in first}
    fresh = [added[p] for p in added if p not in first]
    assert len(set(fresh)) == len(fresh) and not set(fresh) & set(slugs.values())
    # Written to urls.yml, the records read back and the build gives every member the page recorded.
    text = "".join(f"{naming.key_of(p, True, LABELS.__getitem__)}: {s}\n" for p, s in {**{p: slugs[p] for p in chosen}, **added}.items())
    everyone = {**first, **{p: Seen(dt.date(1990, 1, 1), "z.md", "docs/z.md") for p in new}}
    final, _ = member_slugs(everyone, read_urls(text, LABELS), BRANCHES, LABELS.__getitem__)
    assert {p: final[p] for p in added} == added and len(set(final.values())) == len(final)


def test_recording_one_namesake_moves_no_other() -> None:
    """Found by `make fuzz`: 张 of b2 (older) has zhang, 张 of b1 zhang-b1; recording 张 of b1 leaves 张 of b2 at zhang."""
    first = {Person("张", "b1"): Seen(dt.date(2000, 1, 2), "a.md", "docs/a.md"), Person("张", "b2"): Seen(dt.date(2000, 1, 1), "a.md", "docs/a.md")}
    slugs, _ = member_slugs(first, Recorded(), BRANCHES, LABELS.__getitem__)
    assert slugs == {Person("张", "b2"): "zhang", Person("张", "b1"): "zhang-b1"}
    again, _ = member_slugs(first, read_urls("张（一支部）: zhang-b1\n", LABELS), BRANCHES, LABELS.__getitem__)
    assert again == slugs
    assert naming.lines_to_record([Person("章", "b1")], first, read_urls("张（一支部）: zhang-b1\n", LABELS), BRANCHES,
                                  LABELS.__getitem__) == {Person("张", "b2"): "zhang", Person("章", "b1"): "zhang-2"}
