"""The hostile site of tests/test_edge_escape.py in Chromium: markup in every front-matter field, vocabulary label
and a folder name. No injected handler or script runs on any page of it.

The Content-Security-Policy is taken out of every page first, so that escaping alone is what is tested here
(test_csp.py tests the policy alone): each layer must hold by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from conftest import mkdocs, write_site
from test_edge_escape import FOLDER, FORMULA_MEMBER, MEMBER, MINUTES, REFLECTION, VOCABULARY

from .conftest import open_context, served, watch_errors

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
# Every flag an injected canary would set (tests/test_edge_escape.py: window.__x, window.__y).
FLAGS = "[typeof window.__x, typeof window.__y]"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    docs = {"2024-dangji/wang.md": MEMBER, "2024-dangji/formula.md": FORMULA_MEMBER,
            "huiyi/2024/dahui.md": MINUTES, f"{FOLDER}/wang-xinde.md": REFLECTION}
    root = write_site(tmp_path_factory.mktemp("hostile") / "src", docs, VOCABULARY)
    built = mkdocs(root, "build")
    assert built.code == 0, built.output
    site = built.site
    pages = []
    for html in sorted(site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        assert len(META.findall(text)) == 1, html  # every page had its policy: taken out here on purpose
        html.write_text(META.sub("", text), encoding="utf-8")
        pages.append(quote(html.relative_to(site).as_posix()))
    with served(site) as url:
        yield url, pages


def test_no_injected_script_runs_on_any_page_without_the_policy(browser, hostile: tuple[str, list[str]]) -> None:
    base, pages = hostile
    assert len(pages) >= 15, pages  # materials, member pages, indexes, ledger, meetings, volumes, 404
    assert any(p.startswith(quote(FOLDER) + "/") for p in pages), pages  # the folder named with markup has its pages
    context, _ = open_context(browser)
    tab = context.new_page()
    errors: list[str] = []
    watch_errors(tab, errors)
    ran = []
    shown = 0
    for path in pages:
        tab.goto(base + path, wait_until="load")
        tab.wait_for_timeout(50)  # a broken image's error event fires after load
        if tab.evaluate(FLAGS) != ["undefined", "undefined"]:
            ran.append(path)
        shown += "<img src=x" in tab.inner_text("body")
    context.close()
    assert ran == [], f"injected script ran on {ran}"
    assert shown >= 5, "the names must be shown as text on the pages that name them"
