"""What a member sees on screen and what the same page prints: the preview's errors at their places (`mkdocs serve`),
links to another campaign's items, the 问题 1.1 labels, and page titles that say what each page is."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from .conftest import ARTIFACTS, ROOT, Site, fail, open_context, served, watch_errors

# A `mkdocs serve` build written to site/ (serve itself builds into a temporary folder and keeps serving):
# the hook sees command="serve", so errors and warnings are shown in the pages.
SERVE = """\
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
"""
BROKEN = "2024-dangji/wangjianguo"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample previewed with one marker broken: 【针对问题：2.1、2.2】 → 2.9, an error at the marker, and
    problem 2.2 left without a measure, a warning at the problem."""
    root = tmp_path_factory.mktemp("preview") / "s"
    root.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "vocabulary.yml"):
        shutil.copy(ROOT / name, root / name)
    (root / "hooks").symlink_to(ROOT / "hooks")
    material = root / "docs" / f"{BROKEN}.md"
    text = material.read_text(encoding="utf-8")
    assert "【针对问题：2.1、2.2】" in text
    material.write_text(text.replace("【针对问题：2.1、2.2】", "【针对问题：2.1、2.9】"), encoding="utf-8")
    (root / "serve.py").write_text(SERVE, encoding="utf-8")
    run = subprocess.run([sys.executable, str(root / "serve.py"), str(root / "mkdocs.yml")], cwd=root,
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        fail(f"预览构建失败：{run.stderr.strip().splitlines()[-1:]}")
    out = root / "site"
    with served(out) as url:
        yield Site(out, url)


@pytest.fixture
def preview_page(browser):
    context, _outside = open_context(browser)
    page = context.new_page()
    errors: list[str] = []
    watch_errors(page, errors)
    yield page
    context.close()
    if errors:
        fail(f"预览页面的浏览器控制台显示了 {len(errors)} 个错误，第一个：{errors[0]}")


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"] and box["height"] > 0


def test_preview_shows_the_error_and_the_warning_at_their_places(preview_page, preview: Site) -> None:
    page = preview_page
    page.goto(preview.url_of(f"{BROKEN}/"))
    page.wait_for_load_state("load")
    box = page.locator("article .ar-error").first
    if not box.is_visible() or not in_view(page, box):
        fail("有错误的材料打开后，页面顶部看不到错误提示框")
    if "本材料有错误" not in box.inner_text():
        fail(f"错误提示框没有说本材料有错误：{box.inner_text()[:60]}")
    mark = page.locator("article mark.ar-bad")
    if mark.count() != 1 or "2.9" not in mark.inner_text():
        fail(f"写错的标记没有被突出显示（mark.ar-bad：{mark.count()} 个）")
    note = page.locator("article mark.ar-bad ~ .ar-bad-note.ar-bad-error").first
    if not note.is_visible() or "第" not in note.inner_text():
        fail("突出显示的标记旁边没有错误说明")
    mark_box, note_box = mark.bounding_box(), note.bounding_box()
    if abs(mark_box["y"] - note_box["y"]) > 40:
        fail(f"错误说明不在标记旁边（标记 y={mark_box['y']:.0f}，说明 y={note_box['y']:.0f}）")
    problem = page.locator("article #problem-2-2").locator("xpath=ancestor-or-self::*[self::p or self::li or self::h3 or self::h4][1]")
    warning = page.locator("article .ar-bad-note.ar-bad-warning").first
    if not warning.is_visible() or "问题 2.2" not in warning.inner_text():
        fail("没有措施的问题 2.2 处没有显示警告")
    if problem.count() and warning.bounding_box()["y"] < problem.bounding_box()["y"] - 5:
        fail("问题 2.2 的警告不在问题处")
    page.screenshot(path=str(ARTIFACTS / "preview-errors-top.png"))
    mark.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "preview-errors-marker.png"))


def test_the_todo_page_lists_both_and_its_links_land_on_the_place(preview_page, preview: Site) -> None:
    page = preview_page
    page.goto(preview.url_of("indexes/todo/"))
    page.wait_for_load_state("load")
    if "待改正" not in page.title():
        fail(f"待改正页面的标题是“{page.title()}”")
    rows = page.locator("article table tr", has_text=f"docs/{BROKEN}.md")
    if rows.count() != 2:
        fail(f"待改正页面没有同时列出这份材料的错误和警告（{rows.count()} 行）")
    page.screenshot(path=str(ARTIFACTS / "preview-todo.png"), full_page=True)
    for kind, target in (("错误", "mark.ar-bad"), ("警告", ".ar-bad-note.ar-bad-warning")):
        page.goto(preview.url_of("indexes/todo/"))
        row = page.locator("article table tr", has_text=f"docs/{BROKEN}.md").filter(has_text=kind).first
        link = row.locator("a[href*='#diag-']").first
        if not link.count():
            fail(f"待改正页面上的{kind}没有链接到出错的位置")
        link.click()
        page.wait_for_load_state("load")
        anchor = page.url.rsplit("#", 1)[-1]
        if not anchor.startswith("diag-"):
            fail(f"点击{kind}的链接到了 {page.url}，不是出错的位置")
        note = page.locator(f"#{anchor} + .ar-bad-note")
        if not note.count() or not in_view(page, note):
            fail(f"点击待改正页面上的{kind}后，出错的位置不在屏幕上")
        if not in_view(page, page.locator(f"article {target}").first):
            fail(f"点击待改正页面上的{kind}后，看不到出错之处（{target}）")
        page.screenshot(path=str(ARTIFACTS / f"preview-todo-landed-{'error' if kind == '错误' else 'warning'}.png"))


def test_a_link_to_last_years_measure_names_it_on_screen_and_prints_as_written(page, site: Site) -> None:
    page.goto(site.url_of("2024-annual/wangjianguo/"))
    page.wait_for_load_state("load")
    link = page.locator("article a[href*='2023-zhuti-2/wangjianguo/']").filter(has_text="措施 1").first
    if not link.count():
        fail("2024年度组织生活会的王建国材料中没有指向去年措施 1 的链接")
    shown = link.inner_text().strip()
    if not re.match(r"王建国 · 2023年第二批主题教育 · 措施 1 \S", shown):
        fail(f"指向去年措施的链接在屏幕上显示为“{shown}”，不是“王建国 · 2023年第二批主题教育 · 措施 1 …”")
    link.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "screen-link-last-year.png"))
    page.emulate_media(media="print")
    printed = link.inner_text().strip()
    if printed != "2023-zhuti-2/wangjianguo#1":
        fail(f"指向去年措施的链接打印为“{printed}”，不是材料中写的“2023-zhuti-2/wangjianguo#1”")
    paragraph = link.locator("xpath=ancestor::p[1]").inner_text()
    if "王建国 · 2023年" in paragraph:
        fail("打印时仍印出链接在屏幕上的说明文字")


def test_each_item_shows_its_label_on_screen_and_not_in_print(page, site: Site) -> None:
    page.goto(site.url_of("2024-dangji/wangjianguo/"))
    page.wait_for_load_state("load")
    labels = page.locator("article .ar-id")
    texts = labels.all_inner_texts()
    if not any(t.startswith("问题 ") for t in texts) or not any(t.startswith("措施 ") for t in texts):
        fail(f"屏幕上的问题和措施前没有编号标签：{texts[:5]}")
    hidden = [t for i, t in enumerate(texts) if not labels.nth(i).is_visible()]
    if hidden:
        fail(f"屏幕上有 {len(hidden)} 个编号标签看不见，第一个：{hidden[0]}")
    labels.first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "screen-item-labels.png"))
    page.emulate_media(media="print")
    shown = [labels.nth(i).inner_text() for i in range(labels.count()) if labels.nth(i).is_visible()]
    if shown:
        fail(f"打印时印出了 {len(shown)} 个编号标签，第一个：{shown[0]}")


TITLES = {
    "indexes/campaigns/2024-dangji/": "党纪学习教育 · 问题清单",
    "indexes/ledger/2024-dangji/": "党纪学习教育 · 整改台账",
    "indexes/members/wangjianguo/": "王建国 · 学习档案",
    "indexes/print/2024-dangji/": "党纪学习教育材料汇编",
}


def test_page_titles_say_what_each_page_is(page, site: Site) -> None:
    for path, title in TITLES.items():
        page.goto(site.url_of(path))
        if not page.title().startswith(f"{title} - "):
            fail(f"{path} 的浏览器标签页标题是“{page.title()}”，应以“{title}”开头")
    seen: dict[str, str] = {}
    for html in sorted(site.root.rglob("*.html")):
        rel = html.relative_to(site.root).as_posix()
        if rel == "404.html":
            continue
        found = re.search(r"<title>([^<]*)</title>", html.read_text(encoding="utf-8"))
        title = found.group(1) if found else ""
        if title in seen:
            fail(f"{seen[title]} 和 {rel} 的标题都是“{title}”，在浏览器标签页和历史记录里分不清")
        seen[title] = rel
