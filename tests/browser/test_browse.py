"""What a member sees when browsing the archive: navigation, a material's header, links both ways, search."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError

from .conftest import ARTIFACTS, Site, fail, material_source

SITE_NAME = "清河县文化馆党支部学习档案"
CAMPAIGN = "2023年第二批主题教育"
MEMBER = "王建国"
MATERIAL = "2023-zhuti-2/wangjianguo"
# A 2024 material whose 上年度问题整改落实情况 links to the member's 2023 measures (【落实措施：…】).
FOLLOW_UP = "2024-annual/zhangwei"
EARLIER = "2023-zhuti-2/zhangwei"

# True when the element with this id sits on screen, below the sticky header (not hidden under it).
IN_VIEW = """id => {
  const el = document.getElementById(id);
  if (!el) return false;
  const top = el.getBoundingClientRect().top;
  const header = document.querySelector('.md-header');
  const visibleFrom = header ? header.getBoundingClientRect().bottom : 0;
  return top >= visibleFrom - 1 && top < window.innerHeight;
}"""


def visible(locator, message: str) -> None:
    try:
        locator.wait_for(state="visible")
    except PlaywrightError:
        fail(message)


def follow(page, link, path: str, what: str) -> str:
    """Click a cross-link; it must open `path` scrolled to its target. Returns the target's id."""
    href = link.get_attribute("href") or ""
    link.click()
    anchor = href.partition("#")[2]
    try:
        page.wait_for_url(lambda url: urlsplit(url).path.endswith(f"/{path}/") and urlsplit(url).fragment == anchor)
    except PlaywrightError:
        fail(f"点击{what}后，地址栏是 {unquote(page.url)}，不是 {path}/#{anchor}")
    try:
        page.wait_for_function(IN_VIEW, arg=anchor)
    except PlaywrightError:
        fail(f"点击{what}后，页面没有滚动到 #{anchor}：它不在屏幕上（或被顶栏挡住）")
    return anchor


def item(page, anchor: str):
    """The paragraph or list item that an item's anchor marks."""
    return page.locator(f"p:has(> a#{anchor}), li:has(> a#{anchor})").first


def click_through(page, name: str, where: str, heading: str) -> None:
    """Click the link `name` in the page's text; the page it opens must have `heading` in its title."""
    link = page.locator("article").get_by_role("link", name=name, exact=True).first
    visible(link, f"{where}的正文中没有“{name}”的链接")
    link.click()
    page.wait_for_load_state()
    visible(page.locator("article h1", has_text=heading),
            f"在{where}点击“{name}”后，打开的页面 {unquote(page.url)} 的标题中没有“{heading}”")


def test_home_to_campaign_to_member_to_material(page, site: Site) -> None:
    page.goto(site.url)
    if SITE_NAME not in page.title():
        fail(f"首页的浏览器标签显示“{page.title()}”，没有网站名称“{SITE_NAME}”")
    visible(page.locator("article h1", has_text=SITE_NAME), f"首页正文没有标题“{SITE_NAME}”")
    meta, _ = material_source(MATERIAL)
    title = meta.get("title") or meta["标题"]
    click_through(page, CAMPAIGN, "首页", CAMPAIGN)
    click_through(page, MEMBER, f"批次“{CAMPAIGN}”的页面", MEMBER)
    click_through(page, title, f"党员“{MEMBER}”的页面", title)
    if not urlsplit(page.url).path.endswith(f"/{MATERIAL}/"):
        fail(f"点击材料标题“{title}”打开的是 {unquote(page.url)}，不是 {MATERIAL}/")
    if MEMBER not in page.title():
        fail(f"材料页的浏览器标签显示“{page.title()}”，看不出是{MEMBER}的材料")
    marking = page.locator("article .ar-marking")
    visible(marking, "材料页上看不到“内部”标志")
    if marking.inner_text().strip() != "内部":
        fail(f"材料页的密级标志显示“{marking.inner_text()}”，不是“内部”")
    if marking.bounding_box()["y"] >= page.locator("article h1").first.bounding_box()["y"]:
        fail("“内部”标志没有在标题上方")
    header = page.locator("article dl.ar-meta")
    visible(header, "材料页标题下没有元数据（党员、批次、日期……）")
    shown = dict(zip(header.locator("dt").all_inner_texts(), header.locator("dd").all_inner_texts()))
    for label, value in {"党员": MEMBER, "批次": CAMPAIGN, "文档类型": "个人对照检查材料"}.items():
        if shown.get(label) != value:
            fail(f"材料页的元数据中“{label}”显示为“{shown.get(label, '（没有）')}”，应为“{value}”")


def test_problem_links_to_its_measure_and_back(page, site: Site) -> None:
    page.goto(site.url_of(f"{MATERIAL}/"))
    to_measure = item(page, "problem-1-1").locator(".ar-links a").first
    visible(to_measure, "问题 1.1 下面没有“整改措施：”链接")
    measure = follow(page, to_measure, MATERIAL, "问题 1.1 的整改措施链接")
    # Back through the measure's own 【针对问题：1.1】, whose number is the link (no second 针对问题 list after it).
    back = item(page, measure).locator('a[href="#problem-1-1"]').first
    visible(back, f"{measure} 的【针对问题：…】中没有回到问题 1.1 的链接")
    follow(page, back, MATERIAL, f"{measure} 的【针对问题：1.1】链接")


def test_follow_up_links_to_last_years_measure_and_back(page, site: Site) -> None:
    page.goto(site.url_of(f"{FOLLOW_UP}/"))
    to_earlier = item(page, "ref-1").locator(f'a[href*="{EARLIER}/#measure-"]').first
    visible(to_earlier, f"{FOLLOW_UP} 的第一条【落实措施：…】不是指向 {EARLIER} 的链接")
    measure = follow(page, to_earlier, EARLIER, "【落实措施：…】中的链接")
    back = item(page, measure).locator(f'.ar-links a[href*="{FOLLOW_UP}/#ref-1"]')
    visible(back, f"{EARLIER} 的 {measure} 下面没有回到 {FOLLOW_UP} 的“相关记录：”链接")
    follow(page, back, FOLLOW_UP, f"{measure} 的“相关记录：”链接")


def test_search_box_finds_materials(page, site: Site) -> None:
    phrase = "非遗"
    page.goto(site.url)
    box = page.locator("input.md-search__input")
    visible(box, "页面顶栏中没有搜索框")
    box.click()
    box.fill(phrase)
    first = page.locator(".md-search-result__item a").first
    visible(first, f"在搜索框输入“{phrase}”后没有出现任何搜索结果")
    first.click()
    page.wait_for_load_state()
    if urlsplit(page.url).hostname != "127.0.0.1" or phrase not in page.locator("article").inner_text():
        fail(f"点击“{phrase}”的第一条搜索结果后，打开的页面 {unquote(page.url)} 中没有“{phrase}”")


def test_screenshots_for_review(page, site: Site) -> None:
    """test-artifacts/home.png and material.png: what a person sees, for review by eye."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(site.url)
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
    page.goto(site.url_of(f"{MATERIAL}/"))
    page.screenshot(path=ARTIFACTS / "material.png", full_page=True)
    for name in ("home.png", "material.png"):
        if (ARTIFACTS / name).stat().st_size < 10_000:
            fail(f"截图 test-artifacts/{name} 几乎是空白的")
