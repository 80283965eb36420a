"""Browser tests: the bundled sample archive, built once, served on 127.0.0.1, driven in Debian's Chromium.

One Chromium and one HTTP server for the whole session; every test gets a fresh browser context.
Chromium is never downloaded: scripts/install-browser.sh installs Debian's package (``make test`` runs it).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT, mkdocs
from studyarchive.parse.frontmatter import split

CHROMIUM = Path("/usr/bin/chromium")
# Headless and quiet: no sandbox (CI runs as root), no GPU, and no background connections to Google's
# hosts, which this offline machine refuses. Playwright adds a fresh temporary --user-data-dir itself.
# Every request for another host goes to a proxy that is not there, so it fails at once, as on the
# intranet, and never leaves the machine; the tests still see (and fail on) it. Loopback bypasses proxies.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--proxy-server=http://127.0.0.1:9",
]
VIEWPORT = {"width": 1280, "height": 900}  # an office PC: navigation sidebar and table of contents both shown
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_SCHEMES = {"data", "blob", "about"}
# Every page's Content-Security-Policy violations (studyarchive/mkdocs/csp.py), kept in window.__cspViolations and shown
# as console errors, which fail the tests that watch the console (watch_errors).
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var what = e.effectiveDirective + " " + (e.blockedURI || "inline") + (e.sourceFile ? " (" + e.sourceFile + ":" + e.lineNumber + ")" : "");
  window.__cspViolations.push(what);
  console.error("Content-Security-Policy violation: " + what);
}, true);
"""


def fail(message: str) -> None:
    """A scenario's failure: one line saying what a user would have seen."""
    pytest.fail(message, pytrace=False)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"未找到 {CHROMIUM}"
    if importlib.util.find_spec("playwright") is None:
        return "没有安装 Python 包 playwright（运行 make setup）"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Without a browser, skip every browser test at this one place, so -ra reports it in one line;
    in CI (CI=true) fail instead: there scripts/install-browser.sh must have installed it."""
    missing = _browser_missing()
    if missing and os.environ.get("CI") == "true":
        fail(f"CI 中必须运行浏览器测试，但{missing}；scripts/install-browser.sh 应当已经安装了它")
    if missing:
        pytest.skip(f"浏览器测试已跳过：{missing}（以 root 运行 scripts/install-browser.sh 即可安装）")


@dataclass
class Site:
    """The sample archive, built into a temporary folder and served over HTTP on 127.0.0.1."""

    root: Path
    url: str

    def url_of(self, path: str) -> str:
        return urljoin(self.url, path)

    @property
    def pages(self) -> list[str]:
        """URL of every HTML page the build wrote (404.html is only shown for missing pages)."""
        out = []
        for html in sorted(self.root.rglob("*.html")):
            rel = html.relative_to(self.root).as_posix()
            if rel != "404.html":
                out.append(self.url_of(rel.removesuffix("index.html")))
        return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A folder served over HTTP on 127.0.0.1 (a free port) while the block runs; yields its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    out = tmp_path_factory.mktemp("browser") / "site"
    # Not --strict: a warning leaves the pages as they are (tests/test_engines.py holds the sample to --strict).
    built = mkdocs(ROOT, "build", "--site-dir", str(out))
    if built.code != 0:
        errors = [line for line in built.log_lines if line.startswith("ERROR")] or built.output.splitlines()[-1:]
        fail(f"示例档案构建失败，网站打不开（{len(errors)} 条错误）：{errors[0]}")
    with served(out) as url:
        yield Site(out, url)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


def open_context(browser):
    """A fresh browser context, as a new user on a fresh office PC, and the list of its requests
    for any host but 127.0.0.1."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(10_000)  # bounds a wait for what should be there; no test measures time
    context.add_init_script(CSP_WATCH)
    outside: list[str] = []
    context.on("request", lambda request: is_local(request.url) or outside.append(request.url))
    return context, outside


def watch_errors(page, errors: list[str]) -> None:
    """Collect what the browser console shows as errors: console.error, uncaught exceptions, failed loads."""
    page.on("console", lambda m: m.type == "error" and errors.append(f"{unquote(page.url)}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{unquote(page.url)}: {e}"))


@pytest.fixture
def page(browser, site: Site):
    """A page in a fresh context. The test fails if the page asked any host but 127.0.0.1 for anything,
    or showed an error in the console."""
    context, outside = open_context(browser)
    page = context.new_page()
    errors: list[str] = []
    watch_errors(page, errors)
    yield page
    context.close()
    if outside:
        fail(f"页面向外部主机请求了 {len(outside)} 个资源，内网中会一直加载或显示不全：{outside[0]}")
    if errors:
        fail(f"浏览器控制台显示了 {len(errors)} 个错误，第一个：{errors[0]}")


def material_source(path: str) -> tuple[dict, str]:
    """Front matter and body of a bundled material, e.g. material_source("2023-zhuti-2/wangjianguo")."""
    part = split((ROOT / "docs" / f"{path}.md").read_text(encoding="utf-8"))
    return yaml.safe_load(part.front or "") or {}, part.body
