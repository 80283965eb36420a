"""全文搜索: the index finds exactly the records that contain a phrase, on the sample archive and on a generated one.

The index (hooks/studyarchive/search/search.py, searchindex.py) is read back from the files a build writes and queried
the way docs/assets/search.js queries it (SiteIndex); every answer is compared with a plain substring scan.
tests/browser/test_search.py checks that the browser gets the same answers.
"""

from __future__ import annotations

import difflib
import itertools
import json
import random
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from studyarchive.config.project import read_materials, read_vocabulary
from studyarchive.link.pipeline import build_archive
from studyarchive.mkdocs.mkdocs_config import load_project
from studyarchive.search import searchindex
from studyarchive.search.search import KINDS, LINE, MEASURE, PROBLEM, TEXT, SiteIndex, material_records, read_script, write_search
from studyarchive.search.searchindex import decode_positions, decode_presence, gram_hash, normalize, unvlq, vlq

MATERIAL = """\
---
title: 个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
---
按照要求，现作对照检查。

一、存在问题

（一）政治纪律方面。一是纪律意识不强，联系群众不够。二是学习ＰＰＴ课件不认真。

（二）群众纪律方面

1. 联系群众不密切。
比如，走访少。

二、整改措施

一是加强纪律学习。【针对问题：1.1、1.2】

二是密切联系群众。【针对问题：2.1】
"""


def archive_of(root: Path):
    project = load_project(root / "mkdocs.yml")
    vocab = read_vocabulary(project.vocabulary, "vocabulary.yml")
    sources, problems = read_materials(project)
    assert problems == []
    return build_archive(sources, vocab, project.prefix), vocab


def indexed(tmp_path: Path, root: Path) -> tuple[SiteIndex, object]:
    archive, vocab = archive_of(root)
    write_search(str(tmp_path / "site"), archive, vocab, lambda path: path.removesuffix(".md") + "/")
    return SiteIndex(str(tmp_path / "site")), archive


def small_site(tmp_path: Path, docs: dict[str, str]) -> Path:
    from conftest import write_site

    return write_site(tmp_path / "src", docs)


# --- the parts ---------------------------------------------------------------------------------------------

def test_normalize_maps_one_character_to_one() -> None:
    text = "ＰＰＴ课件Ａｂｃ１２３，（一）\u3000Word中央八项规定"
    assert normalize(text) == "ppt课件abc123,(一) word中央八项规定"
    assert len(normalize(text)) == len(text)


def test_numbers_round_trip() -> None:
    numbers = [0, 1, 31, 32, 1023, 1024, 65535, 2**20 + 7, 2**31 - 1, 5]
    assert unvlq(vlq(numbers)) == numbers
    assert vlq([0, 31, 32]) == "Af" + "gB"


def test_a_material_becomes_records_that_results_can_point_to(tmp_path: Path) -> None:
    archive, _ = archive_of(small_site(tmp_path, {"a/zhangsan.md": MATERIAL}))
    records = material_records(archive.materials["a/zhangsan.md"])
    kinds = [KINDS[r.kind] for r in records]
    # Title and member first, then the items, the other paragraphs, and the one line holding two points.
    assert kinds == ["title", "member", "problem", "problem", "problem", "measure", "measure", "text", "text", "text", "text", "text", "line"]
    problems = [r for r in records if r.kind == PROBLEM]
    assert [(r.anchor, r.label, r.area) for r in problems] == [
        ("problem-1-1", "问题 1.1 纪律意识不强，联系群众不够", "政治纪律"),
        ("problem-1-2", "问题 1.2 学习ＰＰＴ课件不认真", "政治纪律"),
        ("problem-2-1", "问题 2.1 联系群众不密切", "群众纪律"),
    ]
    # A point runs from its numbering to its end, over several lines.
    assert [r.text for r in problems] == ["一是纪律意识不强，联系群众不够。", "二是学习ＰＰＴ课件不认真。", "1. 联系群众不密切。\n比如，走访少。"]
    texts = [(r.text, r.anchor, r.label) for r in records if r.kind == TEXT]
    assert texts == [
        ("按照要求，现作对照检查。", "", "正文"),
        ("一、存在问题", "sec-problems", "存在问题"),
        ("（一）政治纪律方面。", "area-1", "存在问题 · 政治纪律"),
        ("（二）群众纪律方面", "area-2", "存在问题 · 群众纪律"),
        ("二、整改措施", "sec-measures", "整改措施"),
    ]
    line = records[-1]
    assert (line.kind, line.text) == (LINE, "（一）政治纪律方面。一是纪律意识不强，联系群众不够。二是学习ＰＰＴ课件不认真。")


def test_every_character_of_every_record_is_in_the_index(tmp_path: Path) -> None:
    """Rebuild each record's text from the index alone: it is the text the results show, nothing else."""
    index, _ = indexed(tmp_path, ROOT)
    texts = [normalize(text) for _, text in index.texts()]
    rebuilt = [["\n" if c == "\n" else None for c in t] for t in texts]
    chars: list[set[str]] = [set() for _ in texts]
    folder = Path(index.folder)
    shards = sorted(folder.glob("[ubtq]/*.js"))
    assert {p.parent.name for p in shards} == set("ubtq") and len(texts) > 100  # something to rebuild, from every kind of list
    for path in shards:
        name, lists = read_script(path.read_text(encoding="utf-8"))
        assert name == f"{path.parent.name}/{path.stem}"
        for gram, text in lists.items():
            if len(gram) == 4:
                for record, spots in decode_positions(text).items():
                    for p in spots:
                        assert texts[record][p:p + 4] == gram
                        rebuilt[record][p:p + 4] = list(gram)
            else:
                for record in decode_presence(text):
                    assert gram in texts[record]
                    chars[record] |= set(gram)
    assert sum(1 for r in rebuilt for c in r if c is not None and c != "\n") > 1000  # the 4-gram positions were read
    for n, text in enumerate(texts):
        assert chars[n] == set(text) - {"\n"}
        lines = text.split("\n")
        if all(len(line) >= 4 or not line for line in lines):
            assert "".join(rebuilt[n]) == text


# --- the lists, against a plain build ----------------------------------------------------------------------

def reference_postings(texts: list[str], n: int, shards: int) -> list[tuple[int, bytes]]:
    """What searchindex.postings writes, one gram at a time in plain Python: slow, and plainly the format."""
    found: dict[str, dict[int, list[int]]] = {}
    for record, text in enumerate(texts):
        text = normalize(text)
        for p in range(len(text) - n + 1):
            if "\n" not in text[p:p + n]:
                found.setdefault(text[p:p + n], {}).setdefault(record, []).append(p)
    lists: dict[int, dict[str, str]] = {}
    for gram in sorted(found):
        nums, previous = [], -1
        for record, spots in found[gram].items():
            nums.append(record - previous - 1)
            previous = record
            if n == searchindex.POSITIONAL:
                nums += [len(spots) - 1, spots[0], *(b - a for a, b in itertools.pairwise(spots))]
        lists.setdefault(gram_hash(gram) & (shards - 1), {})[gram] = vlq(nums)
    size, groups = sum(len(t) + 1 for t in texts) - n + 1, 1
    while groups < shards and size / groups > searchindex.GROUP_SIZE:
        groups *= 2
    return [(shard, json.dumps(lists[shard], ensure_ascii=False, separators=(",", ":")).encode())
            for group in range(groups) for shard in range(group, shards, groups) if shard in lists]


# Different grams with the same 32-bit hash (FNV-1a), so in the same shard.
CLASHES = ["鳸潸踲簭", "献幵狧薑", "燶弩殑摜", "叼鰲扏匓", "邍挐垈", "褯煱攭", "皸咯錻", "鮊聖绒"]


def tricky_texts(seed: int, wide: bool) -> list[str]:
    rng = random.Random(seed)
    pieces = ["联系群众", "一岗双责", "，", "。", "的", "党", "ＰＰＴ", "Word", '"引号"', "\\", "\t", "\u3000", " ",
              "\u2028", "一是", "1.", "（一）", *CLASHES, *(["𠈌", "王𠈌", "𡃁"] if wide else [])]
    texts = []
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.choice((1, 2, 5, 20, 60)))]
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words) + 1), "\n")  # a point over two lines
        texts.append("".join(words))
    return texts


@pytest.mark.parametrize("wide", [False, True], ids=["bmp", "outside-bmp"])
def test_the_lists_are_those_of_a_plain_build(monkeypatch, wide: bool) -> None:
    """Small batches, chunks and slices, so that every path of the numpy build runs (several of each)."""
    for name, value in (("BATCH", 300), ("_CHUNK", 256), ("_SLICE", 100), ("_READ", 64), ("_TABLE", 1000), ("GROUP_SIZE", 2000)):
        monkeypatch.setattr(searchindex, name, value)
    texts = tricky_texts(5, wide)
    corpus = searchindex.Corpus.of(texts)
    for n in range(1, 5):
        for shards in (1, 8, 64):
            assert list(searchindex.postings(corpus, n, shards)) == reference_postings(texts, n, shards), (n, shards)


# --- exactness ---------------------------------------------------------------------------------------------

def brute(texts: list[str], term: str) -> set[int]:
    """Records whose (normalized) text contains the term: a plain substring scan."""
    return {n for n, text in enumerate(texts) if term in text}


def queries_from(texts: list[str], count: int, seed: int) -> list[str]:
    """Substrings of the texts (1 to 8 characters), some with a character changed so they may occur nowhere."""
    rng = random.Random(seed)
    chosen: list[str] = []
    while len(chosen) < count:
        text = normalize(rng.choice(texts))
        if not text.strip():
            continue
        size = rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6, 8))
        start = rng.randrange(max(1, len(text) - size + 1))
        term = text[start:start + size]
        if not term or any(c.isspace() for c in term):
            continue
        if rng.random() < 0.25:
            i = rng.randrange(len(term))
            term = term[:i] + rng.choice("的了是不党群众措施问题一二三") + term[i + 1:]
        chosen.append(term)
    return chosen


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    return indexed(tmp_path_factory.mktemp("sample-index"), ROOT)


def test_the_index_finds_exactly_the_records_that_contain_a_phrase(sample_index) -> None:
    index, _ = sample_index
    texts = [normalize(t) for _, t in index.texts()]
    for term in [*queries_from(texts, 400, seed=9), "一岗双责", "三会一课", "联系群众", "中央八项规定", "王建国", "党", "区块链"]:
        assert index.records(term) == brute(texts, term), term


def test_a_material_is_found_exactly_when_its_text_contains_the_phrase(sample_index) -> None:
    """Against the files as written: title, member and body (what the generator's ground truth also uses)."""
    index, archive = sample_index
    paths = sorted(archive.materials)
    sources = [normalize("\n".join([m.meta.title, m.meta.member or "", m.body])) for m in (archive.materials[p] for p in paths)]
    for term in queries_from(sources, 300, seed=4):
        expected = {n for n, text in enumerate(sources) if term in text}
        assert set(index.search(term)) == expected, term


def test_a_phrase_across_two_points_on_one_line_finds_the_material_but_neither_point(tmp_path: Path) -> None:
    index, _ = indexed(tmp_path, small_site(tmp_path, {"a/zhangsan.md": MATERIAL}))
    found = index.search("不够。二是学习")
    assert list(found) == [0]
    assert [KINDS[index.kinds[r]] for r in found[0]] == ["line"]
    # The numbering belongs to its point; case and width do not matter.
    assert {KINDS[index.kinds[r]] for r in index.search("一是纪律")[0]} == {"problem", "line"}
    assert index.search("ppt") == index.search("ＰＰＴ") == index.search("PPT") != {}


def test_characters_outside_the_bmp_are_one_character_each(tmp_path: Path) -> None:
    """A rare name (𠈌, U+2020C) is two UTF-16 units in the browser; the index counts it as one character."""
    text = MATERIAL.replace("张三", "王𠈌").replace("纪律意识不强", "纪律意识不强，对𠈌字辈的老党员关心不够")
    index, _ = indexed(tmp_path, small_site(tmp_path, {"a/wang.md": text}))
    assert index.meta["n"] == 1
    for term in ("𠈌", "王𠈌", "对𠈌字", "对𠈌字辈的老党员", "𠈌字辈的"):
        kinds = {KINDS[index.kinds[r]] for r in index.search(term).get(0, ())}
        assert kinds, term
    assert {KINDS[index.kinds[r]] for r in index.search("对𠈌字辈的老党员")[0]} == {"problem", "line"}
    assert index.search("𠈌三") == {}


def test_several_words_find_materials_with_all_of_them(sample_index) -> None:
    index, _ = sample_index
    both = index.search("联系群众 王建国")
    assert both and set(both) == set(index.search("联系群众")) & set(index.search("王建国"))


# --- the generated corpus and its ground truth -------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import gen_corpus
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    root = tmp_path_factory.mktemp("corpus") / "src"
    gen_corpus.write_site(gen_corpus.generate(160, seed=3), root)
    index, archive = indexed(root.parent, root)
    return index, archive, json.loads((root / "ground_truth.json").read_text(encoding="utf-8"))


def describe(index: SiteIndex, found: dict[int, set[int]]) -> dict[str, set[str]]:
    """Pages, problems and measures as the ground truth names them: path, path#1.2."""
    first: dict[int, int] = {}
    for r, d in enumerate(index.doc_of):
        first.setdefault(d, r)
    out: dict[str, set[str]] = {"pages": set(), "problems": set(), "measures": set()}
    for doc, records in found.items():
        data = index.doc(doc)
        path = data["u"].removesuffix("/") + ".md"
        out["pages"].add(path)
        for r in records:
            kind = index.kinds[r]
            if kind in (PROBLEM, MEASURE):
                anchor = data["r"][r - first[doc]][0]
                out["problems" if kind == PROBLEM else "measures"].add(f"{path}#{anchor.split('-', 1)[1].replace('-', '.')}")
    return out


def test_generated_corpus_every_probe_finds_exactly_the_ground_truth(corpus) -> None:
    index, _, truth = corpus
    members = {p for p, m in truth["materials"].items() if m["audience"] == "members"}
    assert index.meta["n"] == len(members)
    checked = 0
    for query in truth["queries"]:
        got = describe(index, index.search(query["phrase"]))
        for key in ("pages", "problems", "measures"):
            expected = {x for x in query[key] if x.split("#")[0] in members}
            assert got[key] == expected, (query["phrase"], key, sorted(expected ^ got[key])[:5])
            checked += len(expected)
    assert checked > 500


def test_generated_corpus_random_phrases_match_a_substring_scan(corpus) -> None:
    index, _, _ = corpus
    texts = [normalize(t) for _, t in index.texts()]
    for term in queries_from(texts, 300, seed=11):
        assert index.records(term) == brute(texts, term), term


def test_serve_previews_with_fewer_larger_files_and_the_same_results(corpus, tmp_path: Path) -> None:
    """`serve` writes shards of PREVIEW_SHARD_TARGET bytes and PREVIEW_DOCS_PER_FILE materials to a d/ file
    (archive_hook.py): meta.js gives both numbers, and every query and every material's records are the same as
    in the built site's index."""
    index, _, truth = corpus
    archive, vocab = archive_of(Path(index.folder).parent.parent / "src")
    write_search(str(tmp_path / "site"), archive, vocab, lambda path: path.removesuffix(".md") + "/",
                 searchindex.PREVIEW_SHARD_TARGET, searchindex.PREVIEW_DOCS_PER_FILE)
    preview = SiteIndex(str(tmp_path / "site"))
    assert all(preview.meta["shards"][k] * 8 <= index.meta["shards"][k] for k in "ubtq"), (preview.meta["shards"], index.meta["shards"])
    n = index.meta["n"]
    assert preview.meta["docs_per_file"] == searchindex.PREVIEW_DOCS_PER_FILE and "docs_per_file" not in index.meta
    assert len(list((tmp_path / "site" / "search" / "d").glob("*.js"))) == -(-n // searchindex.PREVIEW_DOCS_PER_FILE) < n
    assert [preview.doc(d) for d in range(n)] == [index.doc(d) for d in range(n)]
    texts = [normalize(t) for _, t in index.texts()]
    for term in [q["phrase"] for q in truth["queries"]] + queries_from(texts, 200, seed=12):
        assert preview.search(term) == index.search(term), term


# --- the built site ----------------------------------------------------------------------------------------

def test_the_site_has_its_own_search_box_and_not_materials_search(build_site) -> None:
    built = build_site({"a/zhangsan.md": MATERIAL})
    assert built.code == 0, built.output
    page = built.html("a/zhangsan/index.html")
    header = page[page.index('<header class="md-header'):page.index("</header>")]
    assert '<div class="md-search" data-archive-search' in header and 'class="md-search__input"' in header
    assert '<label class="md-header__button md-icon" for="__search">' in header
    assert 'data-md-component="search' not in page  # Material's own script leaves the box alone
    assert '<script src="../../assets/search.js"></script>' in page
    assert not (built.site / "search" / "search_index.json").exists()
    index = SiteIndex(str(built.site))
    assert index.meta["n"] == 1 and index.doc(0)["u"] == "a/zhangsan/"
    assert [KINDS[index.kinds[r]] for r in sorted(index.search("联系群众")[0])] == ["problem", "problem", "measure", "line"]
    assert {KINDS[index.kinds[r]] for r in index.search("张三")[0]} == {"member"}


def test_a_file_named_like_the_archives_data_is_refused(build_site) -> None:
    """archive.json and search/ are written before MkDocs copies the docs' own files: one of the same name would
    replace them without a word."""
    built = build_site({"a/zhangsan.md": MATERIAL, "archive.json": "{}", "search/meta.js": "x"})
    assert built.code == 1
    # The publishing gate (tests/test_edge_gate.py) refuses both: neither is a type a site may publish.
    refused = "文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。请转换成 PDF 或图片后在材料中引用，或把它移出 docs/。"
    assert f"docs/archive.json: “.json”{refused}" in built.output and f"docs/search/meta.js: “.js”{refused}" in built.output
    assert "Traceback" not in built.output


def test_a_file_mkdocs_leaves_out_is_not_refused(build_site) -> None:
    """A dotfile is excluded by MkDocs' default `exclude_docs`, never copied: it takes no name of the archive's."""
    kept = build_site({"a/zhangsan.md": MATERIAL, "search/.keep": ""})
    assert kept.code == 0, kept.output
    assert (kept.site / "search" / "meta.js").is_file() and not (kept.site / "search" / ".keep").exists()


def test_the_header_is_materials_own_except_for_the_search_box() -> None:
    """After an upgrade of Material, overrides/partials/header.html must be refreshed from the new header."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    block = re.compile(r'    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', re.DOTALL)
    assert block.search(theirs), "Material 的 partials/header.html 不再按原来的方式放搜索框：请按新版改写 overrides/partials/header.html"
    ours_block = re.compile(r"    \{#- The archive's own search.*?archive-search\.html\" %\}\n", re.DOTALL)
    assert ours_block.search(ours)
    strip_comment = re.compile(r"^\{#-.*?-#\}\n", re.DOTALL)
    mine = strip_comment.sub("", ours_block.sub("", ours))
    material_own = strip_comment.sub("", block.sub("", theirs))
    assert mine == material_own, "Material 的 partials/header.html 改了：请复制新版到 overrides/partials/header.html，只把其中的搜索框换成本项目的（见文件开头的说明）\n" + "".join(
        difflib.unified_diff(material_own.splitlines(True), mine.splitlines(True)))


# --- a long phrase is found only where its 4-grams follow each other --------------------------------------------

SCATTERED = MATERIAL.replace("一是纪律意识不强，联系群众不够。", "一是纪律松弛，纪律观念不牢，宗旨观念薄弱，联系群众不够。")
# Every 4-gram of each phrase is in the material, but never one after the other as the phrase has them.
SCATTERED_ABSENT = ["纪律观念薄弱", "纪律松弛观念薄弱", "宗旨观念不牢", "纪律松弛，纪律观念薄弱"]
SCATTERED_PRESENT = ["纪律观念不牢", "纪律松弛，纪律观念", "观念不牢，宗旨观念薄弱", "纪律观念不牢，宗旨观念薄弱，联系群众不够"]


def test_a_long_phrase_needs_its_four_grams_at_their_offsets(tmp_path: Path) -> None:
    """A phrase longer than 4 characters is found only where its 4-grams stand at their offsets from one start
    (the lead 4-grams and the tail one): having each of them somewhere in the record is not enough."""
    index, _ = indexed(tmp_path, small_site(tmp_path, {"a/zhangsan.md": SCATTERED}))
    texts = list(index.texts())
    for phrase in SCATTERED_ABSENT:
        assert all(gram in normalize(SCATTERED) for _, gram in searchindex.grams_for(normalize(phrase))), phrase
        assert index.search(phrase) == {}, phrase
    for phrase in SCATTERED_PRESENT:
        want = {r for r, (_, text) in enumerate(texts) if normalize(phrase) in normalize(text)}
        assert want, phrase
        assert index.records(normalize(phrase)) == want, phrase
