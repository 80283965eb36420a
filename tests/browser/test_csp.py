"""The Content-Security-Policy of every page (studyarchive/mkdocs/csp.py), in Chromium, over HTTP and from file://.

A failed escape is simulated after the build: a page gets an <img onerror> handler and an inline <script>. Under
the policy neither runs and the browser reports both; the same page without the policy runs both (so the test
can tell). The site still works under the policy: Material's own inline scripts (allowed by hash), the search,
the ledger filters, the bound volume's page numbers before printing; and no page reports a violation.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest

from .conftest import ARTIFACTS, Site, fail, open_context, served, watch_errors

MATERIAL = "2024-dangji/wangjianguo"
CAMPAIGN = "2024-dangji"
INJECTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned2=1</script>'
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


@pytest.fixture(scope="module")
def injected(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A copy of the built site with the injection in one material's text (bare.html: the same page without its
    policy), served over HTTP and opened from file://: base addresses by name."""
    root = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(site.root, root)
    page = root / MATERIAL / "index.html"
    html = page.read_text(encoding="utf-8")
    assert len(META.findall(html)) == 1 and html.count("<article") == 1
    html = re.sub(r"(<article[^>]*>)", lambda m: m.group(1) + INJECTION, html, count=1)
    page.write_text(html, encoding="utf-8")
    (root / MATERIAL / "bare.html").write_text(META.sub("", html), encoding="utf-8")
    with served(root) as url:
        yield {"http": url, "file": root.as_uri() + "/"}


def _open(browser, url: str):
    context, _ = open_context(browser)
    tab = context.new_page()
    errors: list[str] = []
    watch_errors(tab, errors)
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(300)  # the broken image's error event
    return context, tab, errors


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_an_injected_handler_and_script_do_not_run(browser, injected: dict[str, str], scheme: str) -> None:
    base = injected[scheme]
    context, tab, _ = _open(browser, f"{base}{MATERIAL}/bare.html")
    ran = tab.evaluate("[window.__pwned, window.__pwned2]")
    context.close()
    assert ran == [1, 1], "without the policy the injection runs: otherwise this test could not fail"

    context, tab, errors = _open(browser, f"{base}{MATERIAL}/index.html")
    ran = tab.evaluate("[typeof window.__pwned, typeof window.__pwned2]")
    violations = tab.evaluate("window.__cspViolations")
    material_scripts = tab.evaluate("[typeof __md_scope, typeof __md_get, document.body.dataset.mdColorScheme || '']")
    tab.screenshot(path=ARTIFACTS / f"csp-injected-{scheme}.png")
    context.close()
    if ran != ["undefined", "undefined"]:
        fail(f"（{scheme}）注入页面的事件处理器或内联脚本被执行了：{ran}")
    assert any(v.startswith("script-src-attr inline") for v in violations), violations
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert len(violations) == 2, violations  # Material's own inline scripts are allowed by their hashes
    assert material_scripts[:2] == ["object", "function"]
    assert any("Content-Security-Policy violation" in e for e in errors)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_site_works_under_the_policy(browser, injected: dict[str, str], scheme: str) -> None:
    """Search, ledger filters and the volume's page numbers before printing, with no violation on any page."""
    base = injected[scheme]
    ARTIFACTS.mkdir(exist_ok=True)
    context, tab, errors = _open(browser, f"{base}index.html")
    seen: list[str] = []

    def check(where: str) -> None:
        found = tab.evaluate("window.__cspViolations")
        if found:
            fail(f"（{scheme}）{where} 违反了内容安全策略：{found[0]}")
        if tab.locator('meta[http-equiv="Content-Security-Policy"]').count() != 1:
            fail(f"（{scheme}）{where} 没有内容安全策略")
        seen.append(where)

    # 全文搜索
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("非遗")
    first = tab.locator(".md-search-result__item a").first
    first.wait_for(state="visible")
    tab.screenshot(path=ARTIFACTS / f"csp-search-{scheme}.png")
    check("搜索")
    first.click()
    tab.wait_for_load_state("load")
    if "非遗" not in tab.locator("article").inner_text():
        fail(f"（{scheme}）搜索结果打开的页面中没有“非遗”")
    check("搜索结果页")

    # 整改台账 filters
    tab.goto(f"{base}indexes/ledger/{CAMPAIGN}/index.html", wait_until="load")
    count = tab.locator(".ar-ledger-count")
    count.wait_for(state="visible")
    before = count.inner_text()
    select = tab.locator(".ar-ledger-filter select").first
    values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    select.select_option(values[0])
    after = count.inner_text()
    shown, all_rows = map(int, re.search(r"显示 (\d+) / (\d+) 条", after).groups())
    if not 0 < shown < all_rows or after == before:
        fail(f"（{scheme}）台账筛选没有起作用：{before} → {after}")
    tab.screenshot(path=ARTIFACTS / f"csp-ledger-{scheme}.png")
    check("整改台账")

    # 材料汇编: print.js numbers the contents just before printing
    tab.goto(f"{base}indexes/print/{CAMPAIGN}/index.html", wait_until="load")
    tab.emulate_media(media="print")
    tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    numbers = [int(n) for n in tab.locator(".ar-toc-page").all_inner_texts()]
    tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
    tab.emulate_media(media="screen")
    if len(numbers) < 5 or numbers != sorted(set(numbers)) or numbers[0] < 2:
        fail(f"（{scheme}）打印前汇编目录的页码不对：{numbers}")
    if any(n % 2 == 0 for n in numbers):
        fail(f"（{scheme}）汇编中有材料从偶数页开始：{numbers}")
    check("材料汇编")

    context.close()
    assert seen == ["搜索", "搜索结果页", "整改台账", "材料汇编"]
    if errors:
        fail(f"（{scheme}）浏览器控制台显示了 {len(errors)} 个错误，第一个：{errors[0]}")
