"""What a branch secretary sees (issue 20): the menu opens a campaign's overview, campaigns newest first,
members in 姓氏笔画 order, 使用指南 last; search finds the site's own pages in a group after the materials;
on a phone wide tables scroll with a hint and chart captions are upright. Screenshots in test-artifacts/."""

from __future__ import annotations

from .conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"secretary-{name}.png"))


def menu(page) -> list[str]:
    """The top level of the menu, as the reader sees it."""
    items = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
    return [" ".join(items.nth(n).locator(".md-nav__link").first.inner_text().split()) for n in range(items.count())]


def test_campaign_in_menu_opens_its_overview(page, site) -> None:
    page.goto(site.url_of("2023-zhuti-2/wangjianguo/"))
    top = menu(page)
    assert top[0] == "首页" and top[1] == "档案索引", top
    assert top[2:5] == ["2024年度组织生活会", "党纪学习教育", "2023年第二批主题教育"], top
    assert top[-1] == "使用指南" and top.index("会议记录") > 4, top
    # The site's name once: Material's title above the list, not again as the home page's entry.
    assert page.locator(".md-nav--primary").inner_text().count("清河县文化馆党支部学习档案") == 1
    page.locator(".md-nav--primary > .md-nav__list > .md-nav__item").nth(3).locator("a").first.click()
    page.wait_for_url("**/indexes/campaigns/2024-dangji/")
    assert page.locator("h1").first.inner_text().startswith("党纪学习教育")
    shot(page, "campaign-overview")
    # On the overview, the campaign's section is open: its members in 姓氏笔画 order, the overview not listed twice.
    section = page.locator(".md-nav--primary .md-nav__item--active.md-nav__item--nested").first
    names = [t.split(" · ")[0] for t in section.locator("nav .md-nav__list > .md-nav__item > a").all_inner_texts()]
    assert names == ["王建国", "刘洋", "孙立", "张伟", "李秀英", "杨帆", "陈静", "周志强", "赵敏"], names
    # A member's page: the campaign's title in the menu still opens the overview.
    section.locator("nav .md-nav__list > .md-nav__item > a").nth(3).click()
    page.wait_for_url("**/2024-dangji/zhangwei/")
    page.locator(".md-nav--primary .md-nav__container > a").first.click()
    page.wait_for_url("**/indexes/campaigns/2024-dangji/")


def test_phone_menu(browser, site) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site.url_of(""))
    page.locator(".md-header label[for='__drawer']").click()
    page.wait_for_timeout(400)
    shot(page, "phone-menu")
    text = page.locator(".md-nav--primary").inner_text()
    assert text.count("清河县文化馆党支部学习档案") == 1
    context.close()


def search(page, query: str) -> dict:
    box = page.locator("input.md-search__input")
    box.click()
    page.evaluate("() => { window.__archiveSearch.state = null; }")
    box.fill(query)
    page.wait_for_function("() => window.__archiveSearch && window.__archiveSearch.state")
    return page.evaluate("() => window.__archiveSearch.state")


def test_search_finds_site_pages_after_materials(page, site) -> None:
    page.goto(site.url_of(""))
    state = search(page, "整改台账")
    assert "indexes/ledger/2024-dangji/" in state["pages"]
    assert "guide/ledger/" in state["pages"]
    results = page.locator(".md-search-result__list > li")
    kinds = [results.nth(n).get_attribute("class") for n in range(results.count())]
    group = next(n for n, k in enumerate(kinds) if "ar-search-pages" in k)
    assert all("ar-search-page" not in k for k in kinds[:group]), kinds  # materials first
    assert "网站页面" in page.locator(".ar-search-pages").inner_text()
    shot(page, "search-pages")
    state = search(page, "打印")
    assert "guide/print/" in state["pages"]
    page.locator(".ar-search-page a[href*='guide/print/']").first.click()
    page.wait_for_url("**/guide/print/")


def test_phone_tables_scroll_with_a_hint_and_charts_are_readable(browser, site) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site.url_of(""))
    wrap = page.locator(".md-typeset__scrollwrap").first
    wrap.scroll_into_view_if_needed()
    shot(page, "phone-home-table")
    assert wrap.evaluate("e => getComputedStyle(e, '::before').content").find("左右滑动") >= 0
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # 未销号, 逾期 are there, to the right
    wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert page.locator(".md-typeset__scrollwrap th").filter(has_text="逾期").first.is_visible()
    shot(page, "phone-home-table-scrolled")
    chart = page.locator("figure.ar-chart").first
    chart.scroll_into_view_if_needed()
    chart.evaluate("e => { e.scrollLeft = 0; }")
    assert page.evaluate("() => document.scrollingElement.scrollLeft") == 0  # the page itself never scrolls sideways
    label = chart.locator("svg text").first.bounding_box()
    assert label and label["x"] >= 0, label  # nothing cut off on the left
    shot(page, "phone-chart")
    # Chart labels at least 10 CSS pixels high, captions upright.
    size = chart.locator("svg text").first.evaluate("e => e.getBoundingClientRect().height")
    assert size >= 10, size
    assert chart.locator("figcaption").evaluate("e => getComputedStyle(e).fontStyle") == "normal"
    context.close()


def test_ledger_counts_later_reports_and_meetings_show_every_year(page, site) -> None:
    """Points 4, 6 and 12 of the secretary's review: the 2023 ledger shows where a status came from (a 2024
    material's report, linked); 三会一课 names the years without any record; 雷同 shows both texts side by side;
    no developer term on either page."""
    page.goto(site.url_of("indexes/ledger/2023-zhuti-2/"))
    report = page.locator(".ar-report").first
    report.scroll_into_view_if_needed()
    assert report.is_visible() and report.inner_text().startswith("据")
    assert "2024-annual/" in (report.locator("a").first.get_attribute("href") or "")
    shot(page, "ledger-report")
    page.goto(site.url_of("indexes/meetings/"))
    gaps = page.locator(".ar-gap").all_inner_texts()
    assert "2025年没有任何会议记录。" in gaps, gaps
    body = page.inner_text("article")
    assert "mkdocs.yml" not in body and "extra.archive" not in body
    shot(page, "meetings")
    page.goto(site.url_of("indexes/duplicates/"))
    body = page.inner_text("article")
    # The sample has no near-identical statements (test_indexes.py builds a pair and checks the two texts side by side).
    assert "Jaccard" not in body and "两段原文左右并排" in body
