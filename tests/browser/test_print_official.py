"""Printing from the browser as an official document (GB/T 9704): a material, a campaign's bound volume, a ledger.

Chromium prints with the page's own stylesheets (print.css, and print.js for the volume) exactly as
a secretary's Ctrl+P does; the PDFs are read back with poppler (tests/printcheck.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from printcheck import (
    check_ledger,
    check_material,
    check_nothing_of_the_website,
    check_pages,
    check_volume,
    contains,
    fail,
    flat,
    read,
    save_png,
    tools_or_skip,
    volume_materials,
)

from .conftest import ARTIFACTS, ROOT, Site, material_source

MATERIAL = "2024-dangji/wangjianguo"
CAMPAIGN = "2024-dangji"


@pytest.fixture(autouse=True)
def _poppler() -> None:
    tools_or_skip()


def print_pdf(page, site: Site, path: str, target: Path) -> Path:
    """What Ctrl+P → 另存为 PDF gives: the page's own @page size and margins, its page numbers."""
    page.goto(site.url_of(path))
    page.wait_for_load_state("load")
    target.write_bytes(page.pdf(prefer_css_page_size=True))
    return target


def test_material_prints_as_an_official_document(page, site: Site, tmp_path: Path) -> None:
    pdf = print_pdf(page, site, f"{MATERIAL}/", tmp_path / "material.pdf")
    pages = read(pdf)
    what = f"浏览器打印的 {MATERIAL} "
    meta, body = material_source(MATERIAL)
    check_pages(pages, what)
    check_material(pages, what, meta, body)
    check_nothing_of_the_website(pages, what, body)
    printed = "".join(p.text for p in pages)
    # Cross-links print as plain references; the web page's link texts do not.
    if not contains(printed, "（见措施1）"):
        fail(f"{what}没有把问题的交叉链接印成“（见措施1）”这样的文字")
    page.goto(site.url_of(f"{MATERIAL}/"))
    link_texts = page.locator("article .ar-links").all_text_contents()
    if not link_texts:
        fail(f"网页上的材料 {MATERIAL} 没有交叉链接：无从检查打印稿是否去掉了它们")
    for link_text in link_texts:
        if contains(printed, link_text):
            fail(f"{what}印出了网页上的交叉链接“{link_text[:30]}…”")
    # 署名 and date close the document.
    last = [line.text for line in pages[-1].body][-2:]
    if [flat(t) for t in last] != ["王建国", "2024年7月23日"]:
        fail(f"{what}末尾不是署名和日期（王建国 / 2024年7月23日），而是 {last}")
    save_png(pdf, ARTIFACTS / "print-chromium-material")


@pytest.mark.parametrize(("campaign", "label"), [("2024-dangji", "党纪学习教育"), ("2023-zhuti-2", "2023年第二批主题教育")])
def test_volume_prints_in_one_go_each_material_on_an_odd_page(page, site: Site, tmp_path: Path, campaign: str, label: str) -> None:
    pdf = print_pdf(page, site, f"indexes/print/{campaign}/", tmp_path / "volume.pdf")
    pages = read(pdf)
    what = f"浏览器打印的{label}材料汇编"
    materials = volume_materials(site.root / "archive.json", campaign, ROOT / "vocabulary.yml")
    assert len(materials) >= 5
    check_volume(pages, what, materials, "清河县文化馆党支部", label)
    source = "".join((ROOT / "docs" / m["path"]).read_text(encoding="utf-8") for m in materials)
    check_nothing_of_the_website(pages, what, source)
    # After printing, the page on screen is as it was: no empty pages or page numbers left behind.
    leftovers = page.locator(".ar-blank, .ar-toc-page").count()
    if leftovers:
        fail(f"打印后页面上留下了 {leftovers} 个只为打印插入的元素")


def test_ledger_prints_landscape_with_the_header_on_every_page(page, site: Site, tmp_path: Path) -> None:
    pdf = print_pdf(page, site, f"indexes/ledger/{CAMPAIGN}/", tmp_path / "ledger.pdf")
    check_ledger(read(pdf), "浏览器打印的党纪学习教育整改台账", site.root / "archive.json", CAMPAIGN)


def test_a_filtered_ledger_prints_what_it_shows(page, site: Site, tmp_path: Path) -> None:
    """Filtered by 责任人: the sheet says which filter and counts the rows shown, not the whole ledger; no download
    links on paper; names do not break across lines; the options come in 笔画 / natural / the campaign's order."""
    page.goto(site.url_of(f"indexes/ledger/{CAMPAIGN}/"))
    page.wait_for_load_state("load")
    selects = page.locator(".ar-ledger-filter select")
    owners = selects.nth(0).locator("option").all_text_contents()[1:]
    statuses = selects.nth(1).locator("option").all_text_contents()[1:]
    areas = selects.nth(2).locator("option").all_text_contents()[1:]
    order = ["未启动", "整改中", "已完成", "长期坚持", "未登记"]
    if statuses != [s for s in order if s in statuses]:
        fail(f"整改状态的筛选项不是自然顺序：{statuses}")
    if areas[:6] != ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"][:len(areas[:6])]:
        fail(f"检视方面的筛选项不是本批次的顺序：{areas}")
    from studyarchive.core.people import name_key
    if owners != sorted(owners, key=name_key("strokes")) or owners[0] != "王建国":  # 王 (4 strokes) first
        fail(f"责任人的筛选项不是姓氏笔画顺序：{owners}")
    selects.nth(0).select_option("王建国")
    shown = page.locator("article table:not(.ar-ledger-stats) tbody tr:not([hidden])").count()
    target = tmp_path / "filtered.pdf"
    target.write_bytes(page.pdf(prefer_css_page_size=True))
    pages = read(target)
    printed = "".join(p.text for p in pages)
    save_png(target, ARTIFACTS / "print-chromium-ledger-filtered", 1, 1)
    if not contains(printed, "筛选条件：责任人“王建国”") or not contains(printed, f"符合条件的整改措施{shown}条"):
        fail(f"筛选后的台账没有印出筛选条件和筛选后的条数（{shown} 条）")
    for word in ("下载", "Excel表格", "CSV", "按责任人", "按检视方面"):
        if contains(printed, word):
            fail(f"筛选后打印的台账印出了“{word}”")
    if contains(printed, "共") and re.search(r"共\d+条整改措施", printed):
        fail("筛选后打印的台账仍印出全部台账的条数")
    for p in pages:
        for line in p.lines:
            if re.fullmatch(r"(.*\s)?(王建|孙|李秀)(\s.*)?", line.text) and not contains(line.text, "王建国"):
                fail(f"第 {p.number} 页的姓名被拆成两行：“{line.text}”")
