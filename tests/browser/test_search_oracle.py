"""全文搜索 as readers run it: the shipped docs/assets/search.js in Chromium, checked against a plain substring scan.

A small archive (the sample's 党纪学习教育 materials and one material written so that its 4-grams occur apart) is built
with MkDocs and served with gzip as nginx serves it. Phrases of 1 to 12 characters are drawn with a fixed seed from
the records' text as the built site ships it (search/d/, the text a result shows: never the n-gram lists), some
across the boundary of two records and some that occur nowhere; each is typed into the search box, and the records
found must be exactly those whose text contains the phrase (the oracle: a substring scan, with the one-for-one
folding that docs/guide/search documents: full-width ASCII to ASCII, A-Z to a-z).
"""

from __future__ import annotations

import random
import sys

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import ROOT, mkdocs, write_site
from studyarchive.search.search import SiteIndex

from .conftest import fail, open_context

sys.path.insert(0, str(ROOT / "scripts"))
import bench_search

sys.path.remove(str(ROOT / "scripts"))

sys.path.insert(0, str(ROOT / "tests"))
from test_search import SCATTERED, SCATTERED_ABSENT, SCATTERED_PRESENT

SEED = 23
LENGTHS = range(1, 13)


def fold(text: str) -> str:
    """The oracle's own folding, written from the rule and not from the code: one character for one."""
    out = []
    for c in text:
        code = ord(c)
        if 0xFF01 <= code <= 0xFF5E:
            c = chr(code - 0xFEE0)
        elif code == 0x3000:
            c = " "
        out.append(c.lower() if "A" <= c <= "Z" else c)
    return "".join(out)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    """(url, records' texts in record order) of the small archive, served on 127.0.0.1."""
    docs = {f"2024-dangji/{p.name}": p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / "2024-dangji").glob("*.md"))}
    docs["2024-dangji/zhangsan-scattered.md"] = SCATTERED
    root = write_site(tmp_path_factory.mktemp("search-oracle") / "src", docs)
    built = mkdocs(root, "build")
    if built.code != 0:
        fail(f"搜索测试的档案构建失败：{built.log_lines[:1] or built.output.splitlines()[-1:]}")
    index = SiteIndex(str(built.site))
    texts = [text for _, text in index.texts()]  # the records' text from search/d/, as a result shows it
    assert len(texts) == len(index.doc_of) > 100
    with bench_search.serve(built.site) as url:
        yield url, texts


def oracle(texts: list[str], phrase: str) -> set[int]:
    needle = fold(phrase)
    return {r for r, text in enumerate(texts) if needle in fold(text)}


def phrases(texts: list[str]) -> list[tuple[str, str]]:
    """(how it was drawn, phrase): for each length, phrases inside a record, across two records, and made up."""
    rng = random.Random(SEED)
    alphabet = sorted({c for t in texts for c in t if not c.isspace()})
    usable = [t for t in texts if t.strip()]
    out: list[tuple[str, str]] = []

    def ok(phrase: str) -> bool:
        return bool(phrase) and not any(c.isspace() for c in fold(phrase))

    for n in LENGTHS:
        inside = [t for t in usable if len(t) >= n]
        for _ in range(6):
            text = rng.choice(inside)
            start = rng.randrange(len(text) - n + 1)
            if ok(text[start:start + n]):
                out.append(("inside", text[start:start + n]))
        for _ in range(3):  # the end of one record and the start of the next
            r = rng.randrange(len(usable) - 1)
            joined, cut = usable[r] + usable[r + 1], len(usable[r])
            if n >= 2 and len(joined) >= n:
                start = rng.randrange(max(0, cut - n + 1), min(cut, len(joined) - n) + 1)
                if ok(joined[start:start + n]):
                    out.append(("across", joined[start:start + n]))
        for _ in range(3):  # a phrase of the text with one character changed: mostly nowhere
            text = rng.choice(inside)
            start = rng.randrange(len(text) - n + 1)
            chars = list(text[start:start + n])
            chars[rng.randrange(n)] = rng.choice(alphabet)
            if ok("".join(chars)):
                out.append(("changed", "".join(chars)))
    out += [("scattered", p) for p in SCATTERED_ABSENT + SCATTERED_PRESENT]
    return list(dict.fromkeys(out))


def found_records(page, query: str) -> set[int]:
    try:
        state = bench_search.ask(page, query, timeout=15_000)
    except PlaywrightError:
        fail(f"在搜索框输入“{query}”后 15 秒内没有出现结果（提示：{page.locator('.md-search-result__meta').inner_text()}）")
        raise
    return {r for hit in state["docs"] for r in hit["records"]}


def test_search_js_finds_exactly_the_records_that_contain_the_phrase(browser, small_archive) -> None:
    url, texts = small_archive
    cases = phrases(texts)
    kinds = {how: sum(1 for h, _ in cases if h == how) for how in ("inside", "across", "changed", "scattered")}
    nowhere = [p for _, p in cases if not oracle(texts, p)]
    # The draw covers what it promises: every length, phrases across records, phrases that occur nowhere.
    assert {len(p) for h, p in cases if h == "inside"} == set(LENGTHS)
    assert kinds["across"] >= 20 and len(nowhere) >= 15, (kinds, len(nowhere))
    context, _ = open_context(browser)
    page = context.new_page()
    wrong = []
    try:
        page.goto(url)
        for how, phrase in cases:
            got, want = found_records(page, phrase), oracle(texts, phrase)
            if got != want:
                wrong.append(f"“{phrase}”（{how}）：漏了 {len(want - got)} 条，多了 {len(got - want)} 条 {[texts[r][:30] for r in sorted(got - want)[:2]]}")
    finally:
        context.close()
    assert not wrong, f"{len(wrong)}/{len(cases)} 个短语的结果与逐条查找不同：\n" + "\n".join(wrong[:10])


def test_a_long_phrase_whose_four_grams_occur_apart_is_found_nowhere(browser, small_archive) -> None:
    """search.js checks the 4-grams at 0, 4, 8 … and the tail one at their offsets from one start."""
    url, texts = small_archive
    context, _ = open_context(browser)
    page = context.new_page()
    try:
        page.goto(url)
        for phrase in SCATTERED_ABSENT:
            assert oracle(texts, phrase) == set() and found_records(page, phrase) == set(), phrase
        for phrase in SCATTERED_PRESENT:
            want = oracle(texts, phrase)
            assert want and found_records(page, phrase) == want, phrase
    finally:
        context.close()
