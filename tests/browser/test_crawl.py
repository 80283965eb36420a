"""Every page of the site, opened in the browser: all requests stay on 127.0.0.1, no console errors, no dead links."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from .conftest import Site, fail, is_local, open_context, watch_errors


@dataclass
class Crawl:
    pages: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """"<page>: <message>" for console errors, uncaught exceptions and loads that failed."""
    dead_links: list[str] = field(default_factory=list)


def _is_page(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


@pytest.fixture(scope="module")
def crawl(browser, site: Site) -> Crawl:
    """Opens the home page, every page the build wrote and every page any of them links to, one after
    another in one tab (on two cores, parallel tabs are slower). Each page is left once it has loaded;
    the last one once the network is quiet, so late requests (such as the search index's scripts) are seen too."""
    out = Crawl()
    context, _ = open_context(browser)
    context.on("request", lambda request: out.requests.append(request.url))
    context.on("response", lambda r: r.status >= 400 and out.errors.append(f"{unquote(r.url)}: HTTP {r.status}"))
    tab = context.new_page()
    watch_errors(tab, out.errors)

    queue = deque(dict.fromkeys([site.url, *site.pages]))
    seen = set(queue)
    files: dict[str, str] = {}  # linked files that are not pages (archive.json …) → a page linking them
    while queue:
        url = queue.popleft()
        response = tab.goto(url, wait_until="load")
        out.pages.append(url)
        if response is None or response.status >= 400:
            out.dead_links.append(f"{unquote(url)}（HTTP {response.status if response else '无响应'}）")
            continue
        for link in tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = urldefrag(link).url.split("?")[0]
            if target.startswith(site.url) and target not in seen:
                seen.add(target)
                if _is_page(target):
                    queue.append(target)
                else:
                    files[target] = url
    tab.wait_for_load_state("networkidle")
    for target, linked_from in files.items():
        status = context.request.get(target).status
        if status >= 400:
            out.dead_links.append(f"{unquote(linked_from)} 上的链接 {unquote(target)}（HTTP {status}）")
    context.close()
    return out


def test_every_page_opens_and_no_link_is_dead(crawl: Crawl, site: Site) -> None:
    assert len(site.pages) > 60, site.pages  # the sample's pages were found: the crawl below checks something
    assert set(site.pages) <= set(crawl.pages)
    if crawl.dead_links:
        fail(f"{len(crawl.dead_links)} 个链接打开后是“找不到页面”：{crawl.dead_links[0]}")


def test_every_request_goes_to_127_0_0_1(crawl: Crawl) -> None:
    outside = [url for url in crawl.requests if not is_local(url)]
    if outside:
        hosts = sorted({urlsplit(url).hostname or url for url in outside})
        fail(f"浏览全站时页面向外部主机（{'、'.join(hosts)}）请求了 {len(outside)} 个资源，"
             f"内网中会一直加载或显示不全：{outside[0]}")
    assert len(crawl.requests) > len(crawl.pages)  # the pages' styles and scripts were recorded too


def test_no_console_errors_on_any_page(crawl: Crawl) -> None:
    if crawl.errors:
        fail(f"浏览全站时浏览器控制台显示了 {len(crawl.errors)} 个错误，第一个：{crawl.errors[0]}")
