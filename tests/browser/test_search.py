"""全文搜索 in Chromium: exact result sets, deep links to the problem with the phrase marked, filters, Chinese input.

A generated archive (scripts/gen_corpus.py) is built with MkDocs and served with gzip as nginx serves it
(scripts/bench_search.py); every probe phrase of its ground truth is typed into the search box and the
materials, problems and measures found must be exactly the ground truth's. The bytes each query transfers
and the time to results are written to test-artifacts/search-queries.json (read, not asserted).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import ROOT, mkdocs
from studyarchive.search.search import MEASURE, PROBLEM, SiteIndex
from studyarchive.search.searchindex import gram_hash, normalize, unvlq

from .conftest import ARTIFACTS, VIEWPORT, fail, open_context

sys.path.insert(0, str(ROOT / "scripts"))
import bench_search
import gen_corpus

sys.path.remove(str(ROOT / "scripts"))

IN_VIEW = """el => {
  const top = el.getBoundingClientRect().top, header = document.querySelector('.md-header');
  return top >= (header ? header.getBoundingClientRect().bottom : 0) - 1 && top < window.innerHeight;
}"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A generated archive of 60 materials, built by MkDocs and served with gzip on 127.0.0.1."""
    root = tmp_path_factory.mktemp("search-corpus") / "src"
    gen_corpus.write_site(gen_corpus.generate(60, seed=5), root)
    built = mkdocs(root, "build")
    if built.code != 0:
        fail(f"生成的档案构建失败：{built.log_lines[:1] or built.output.splitlines()[-1:]}")
    truth = json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))
    with bench_search.serve(built.site) as url:
        yield url, SiteIndex(str(built.site)), truth


def ask(page, query: str) -> dict:
    try:
        return bench_search.ask(page, query, timeout=15_000)
    except PlaywrightError:
        fail(f"在搜索框输入“{query}”后 15 秒内没有出现结果（提示：{page.locator('.md-search-result__meta').inner_text()}）")
        raise


def test_every_probe_finds_exactly_the_ground_truth(browser, corpus) -> None:
    url, index, truth = corpus
    rows = []
    context, _ = open_context(browser)
    page = context.new_page()
    meter = bench_search.Meter(page)
    page.goto(url)
    meter.take()
    try:
        for n, query in enumerate(truth["queries"]):
            phrase = query["phrase"]
            state = ask(page, phrase)
            transferred, files = meter.take()
            got, want = bench_search.named(index, state), bench_search.expected(truth, query)
            for key, word in (("pages", "材料"), ("problems", "问题"), ("measures", "措施")):
                if got[key] != want[key]:
                    missing, extra = sorted(want[key] - got[key]), sorted(got[key] - want[key])
                    fail(f"搜索“{phrase}”找到的{word}不对：漏了 {len(missing)} 个 {missing[:3]}，多了 {len(extra)} 个 {extra[:3]}")
            note = page.locator(".md-search-result__meta").inner_text()
            count = f"找到 {len(want['pages'])} 份材料" if want["pages"] else "没有找到"
            if not note.startswith(count):
                fail(f"搜索“{phrase}”后提示是“{note}”，应当以“{count}”开头")
            marks = page.locator(".md-search-result__list mark").all_text_contents()
            if want["pages"] and (not marks or {normalize(m) for m in marks} != {normalize(phrase)}):
                fail(f"搜索“{phrase}”的结果中标出的是 {sorted(set(marks))[:5]}，应当只标出“{phrase}”")
            rows.append({"phrase": phrase, "pages": len(got["pages"]), "problems": len(got["problems"]),
                         "measures": len(got["measures"]), "bytes": transferred, "files": len(files), "ms": state["ms"],
                         "first": n == 0})
    finally:
        context.close()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "search-queries.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def test_a_preview_with_larger_files_shows_the_same_results(browser, corpus, tmp_path) -> None:
    """`mkdocs serve` writes its preview's index in fewer files: larger shards, and 64 materials to a d/ file
    (searchindex.PREVIEW_*; search.js reads both numbers in meta.js). Each probe finds the ground truth, and each
    result shows its own material's heading and links."""
    import shutil

    from studyarchive.config.project import read_materials, read_vocabulary
    from studyarchive.link.pipeline import build_archive
    from studyarchive.mkdocs.mkdocs_config import load_project
    from studyarchive.search.search import write_search
    from studyarchive.search.searchindex import PREVIEW_DOCS_PER_FILE, PREVIEW_SHARD_TARGET

    _, built_index, truth = corpus
    site = tmp_path / "site"
    shutil.copytree(Path(built_index.folder).parent, site)
    project = load_project(Path(built_index.folder).parent.parent / "mkdocs.yml")
    sources, _ = read_materials(project)
    vocab = read_vocabulary(project.vocabulary, "vocabulary.yml")
    archive = build_archive(sources, vocab, project.prefix)
    write_search(str(site), archive, vocab, lambda path: path.removesuffix(".md") + "/", PREVIEW_SHARD_TARGET, PREVIEW_DOCS_PER_FILE)
    index = SiteIndex(str(site))
    assert index.meta["docs_per_file"] == PREVIEW_DOCS_PER_FILE and len(list((site / "search" / "d").glob("*.js"))) < 3
    context, _ = open_context(browser)
    page = context.new_page()
    try:
        with bench_search.serve(site) as url:
            page.goto(url)
            for query in truth["queries"]:
                phrase = query["phrase"]
                state = ask(page, phrase)
                got, want = bench_search.named(index, state), bench_search.expected(truth, query)
                if got != want:
                    fail(f"预览中搜索“{phrase}”的结果与真实答案不同：{ {k: sorted(want[k] ^ got[k])[:3] for k in want} }")
                heads = page.locator(".md-search-result__list > li > a h1").all_text_contents()
                shown = [index.doc(hit["doc"])["h"] for hit in state["docs"][:len(heads)]]
                if heads != shown:
                    fail(f"预览中搜索“{phrase}”显示的材料标题不对：{heads[:3]}，应当是 {shown[:3]}")
    finally:
        context.close()


def test_a_result_opens_the_problem_with_the_phrase_marked(page, site) -> None:
    page.goto(site.url)
    ask(page, "联系群众")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search.png")  # for review by eye
    result = page.locator('.md-search-result__link[data-kind="problem"]').first
    title, href = result.get_attribute("title") or "", result.get_attribute("href") or ""
    # 张三 · 2023年第二批主题教育 · 问题 1.2 学用结合不够
    if not re.fullmatch(r"\S+ · \S+ · 问题 \d+\.\d+ .+", title):
        fail(f"问题的搜索结果应当写明党员、批次和问题编号，实际是“{title}”")
    anchor = urlsplit(href).fragment
    if not anchor.startswith("problem-"):
        fail(f"问题的搜索结果应当链接到问题本身（#problem-…），实际链接是 {unquote(href)}")
    result.click()
    page.wait_for_url(lambda u: urlsplit(u).fragment == anchor)
    target = page.locator(f"#{anchor}")
    try:
        page.wait_for_function(IN_VIEW, arg=target.element_handle())
    except PlaywrightError:
        fail(f"点击搜索结果后，页面没有滚动到 #{anchor}")
    paragraph = page.locator(f"p:has(> a#{anchor}), li:has(> a#{anchor})").first
    marks = paragraph.locator("mark.ar-search-hit").all_inner_texts()
    if "联系群众" not in marks:
        fail(f"打开的问题中没有标出“联系群众”（标出的是 {marks}）")


def test_a_paragraph_result_without_an_anchor_scrolls_to_the_phrase(page, site) -> None:
    page.goto(site.url)
    ask(page, "全县广场文艺展演")
    results = page.locator('.md-search-result__link[data-kind="text"]')
    plain = [a for a in results.all() if "#" not in (a.get_attribute("href") or "")]
    if not plain:
        pytest.skip("示例档案中没有不带锚点的段落结果")
    plain[0].click()
    page.wait_for_load_state()
    first = page.locator("mark.ar-search-hit").first
    try:
        first.wait_for()
        page.wait_for_function(IN_VIEW, arg=first.element_handle())
    except PlaywrightError:
        fail("打开没有锚点的段落结果后，页面没有滚动到标出的文字")


def decoded(index: SiteIndex) -> dict[str, list[int]]:
    return {name: unvlq(index.meta["docs"][name]) for name in ("campaign", "member", "type", "year")}


def test_filters_narrow_the_results(browser, corpus) -> None:
    url, index, _ = corpus
    columns = decoded(index)
    context, _ = open_context(browser)
    page = context.new_page()
    page.goto(url)
    everything = ask(page, "联系群众")
    all_docs = {hit["doc"] for hit in everything["docs"]}
    campaign = page.locator('select[name="campaign"] option').nth(1)
    value, label = campaign.get_attribute("value"), campaign.inner_text()
    page.evaluate("window.__archiveSearch.state = null")
    page.locator('select[name="campaign"]').select_option(value)
    page.wait_for_function("() => window.__archiveSearch.state")
    state = page.evaluate("window.__archiveSearch.state")
    got = {hit["doc"] for hit in state["docs"]}
    want = {d for d in all_docs if columns["campaign"][d] == int(value)}
    if got != want or not got:
        fail(f"选择批次“{label}”后应当剩下 {len(want)} 份材料，实际 {len(got)} 份")
    page.evaluate("window.__archiveSearch.state = null")
    page.locator('select[name="scope"]').select_option(label="措施")
    page.wait_for_function("() => window.__archiveSearch.state")
    state = page.evaluate("window.__archiveSearch.state")
    kinds = {k for hit in state["docs"] for k in hit["kinds"]}
    if kinds - {MEASURE} or not state["docs"]:
        fail(f"范围选“措施”后结果中还有别的内容（{kinds}）")
    page.evaluate("window.__archiveSearch.state = null")
    page.locator('select[name="scope"]').select_option("")
    page.evaluate("window.__archiveSearch.state = null")
    page.locator('select[name="campaign"]').select_option("")
    page.wait_for_function("() => window.__archiveSearch.state")
    # Each of the first areas alone: only that area's problems; and at least one of them has some.
    options = page.locator('select[name="area"] option')
    with_results = []
    for n in range(1, min(options.count(), 7)):
        area = options.nth(n)
        page.evaluate("window.__archiveSearch.state = null")
        page.locator('select[name="area"]').select_option(area.get_attribute("value"))
        page.wait_for_function("() => window.__archiveSearch.state")
        state = page.evaluate("window.__archiveSearch.state")
        if state["docs"]:
            with_results.append(area.inner_text())
            if not {hit["doc"] for hit in state["docs"]} <= all_docs:
                fail(f"选择检视方面“{area.inner_text()}”后出现了不含“联系群众”的材料")
        if {k for hit in state["docs"] for k in hit["kinds"]} - {PROBLEM}:
            fail("选择检视方面后，结果中应当只有该方面的问题")
    if not with_results:
        fail("选择前几个检视方面后都没有任何结果：这一步什么也没有检查")
    context.close()


def test_one_character_and_full_width_letters(page, site) -> None:
    page.goto(site.url)
    index = SiteIndex(str(site.root))
    state = ask(page, "党")
    if len(state["docs"]) != len(index.search("党")):
        fail(f"搜索单字“党”找到 {len(state['docs'])} 份材料，应当是 {len(index.search('党'))} 份")
    if "多输入几个字" not in page.locator(".md-search-result__meta").inner_text():
        fail("只输入一个字时，提示中应当建议多输入几个字")
    sample = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "ABCxyz\u3000中央八项规定ＰＰＴ"
    if page.evaluate("s => window.__archiveSearch.normalize(s)", sample) != normalize(sample):
        fail("浏览器和构建时对全角字母、大小写的处理不一致")
    grams = ["党", "一岗", "三会一", "联系群众", "王𠈌", "𠈌字辈的", "ppt"]
    if page.evaluate("gs => gs.map(g => window.__archiveSearch.hash(g))", grams) != [gram_hash(g) for g in grams]:
        fail("浏览器和构建时计算的散列值不一致：查询会去错误的文件里找")


def test_typing_pinyin_searches_only_when_the_characters_are_chosen(page, site) -> None:
    page.goto(site.url)
    box = page.locator(".md-search__input")
    box.click()
    # Every search the box starts sets state to null first: record each assignment. Timers the box's input handler
    # starts are tracked, so that the test waits until each has run (a positive condition) instead of a fixed time.
    page.evaluate("""() => {
      const s = window.__archiveSearch; let value = s.state;
      window.__runs = [];
      Object.defineProperty(s, 'state', {configurable: true, get() { return value; },
                                         set(v) { value = v; window.__runs.push(v && v.query); }});
      window.__pending = new Set();
      const start = window.setTimeout, stop = window.clearTimeout;
      window.__tracked = function (dispatch) {
        window.setTimeout = function (fn, ms) {
          const id = start(function () { window.__pending.delete(id); fn(); }, ms);
          window.__pending.add(id);
          return id;
        };
        window.clearTimeout = function (id) { window.__pending.delete(id); stop(id); };
        try { dispatch(); } finally { window.setTimeout = start; }
      };
    }""")
    page.evaluate("""() => window.__tracked(() => {
      const box = document.querySelector('.md-search__input');
      box.dispatchEvent(new CompositionEvent('compositionstart'));
      box.value = 'lianxi';
      box.dispatchEvent(new InputEvent('input', {isComposing: true, data: 'lianxi'}));
    })""")
    page.wait_for_function("() => window.__pending.size === 0")  # whatever the input event scheduled has run
    if page.evaluate("window.__runs") != []:
        fail("用输入法打拼音时（还没选字）就开始搜索了")
    page.evaluate("""() => window.__tracked(() => {
      const box = document.querySelector('.md-search__input');
      box.value = '联系群众';
      box.dispatchEvent(new CompositionEvent('compositionend', {data: '联系群众'}));
    })""")
    page.wait_for_function("() => window.__archiveSearch.state && window.__archiveSearch.state.query === '联系群众'")
    if page.evaluate("window.__runs") != [None, "联系群众"]:
        fail(f"选字之后应当只搜索一次“联系群众”，实际：{page.evaluate('window.__runs')}")


def test_when_the_index_cannot_be_loaded_the_box_says_so(browser, site) -> None:
    context, _ = open_context(browser)
    context.route(re.compile(r".*/search/.*"), lambda route: route.abort())
    page = context.new_page()
    page.goto(site.url)
    page.locator(".md-search__input").fill("联系群众")
    note = page.locator(".md-search-result__meta")
    try:
        page.wait_for_function("el => el.textContent.includes('搜索数据加载失败')", arg=note.element_handle(), timeout=10_000)
    except PlaywrightError:
        fail(f"搜索数据加载不了时，搜索框应当说明原因，实际显示“{note.inner_text()}”")
    context.close()


def test_search_works_when_the_site_is_opened_from_a_folder(browser, site) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.goto((site.root / "index.html").as_uri())
    state = ask(page, "联系群众")
    link = page.locator('.md-search-result__link[data-kind="problem"]').first.get_attribute("href") or ""
    context.close()
    if not state["docs"]:
        fail("从文件夹打开网站（file://）时搜索没有结果")
    if not (link.startswith("file://") and "/index.html?h=" in link):
        fail(f"从文件夹打开网站时，搜索结果应当直接链接到 index.html，实际是 {unquote(link)}")
