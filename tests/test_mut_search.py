"""The search index's files, in process (issue #23: what `make mutation` found no test pinning down): meta.js
field by field, the materials' files, the shards, the site's own pages, the reader (SiteIndex) and the
query rules (grams_for, match), each against a plain computation from the materials' text."""

from __future__ import annotations

import hashlib
import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT
from studyarchive import build_archive
from studyarchive.core.vocab import load_vocabulary
from studyarchive.search import search as se
from studyarchive.search import searchindex as si

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")

ZHANGSAN = """\
---
title: 张三个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-22
---
按照要求，现作对照检查。

一、存在问题

（一）政治纪律方面。一是纪律意识不强。二是联系群众不够。

（二）群众纪律方面。一是走访少。

二、整改措施

一是加强学习。【针对问题：1.1、1.2】

二是多走访。【针对问题：2.1】
"""
ZHIBU = """\
---
title: 支部班子对照检查材料
doc_type: branch_review
campaign: 2023-zhuti-2
date: 2023-12-20
---
一、存在问题

（一）理论学习方面。一是学习不深。

二、原因分析

一是放松要求。

三、整改措施

一是深入学习。【针对问题：1.1】（责任人：王建国）
"""
NOTE = """\
---
title: 学习心得
doc_type: reflection
member: 李四
date: 1999-12-31
---
学习心得一篇，联系群众。
"""
DOCS = {"a/zhangsan.md": ZHANGSAN, "b/zhibu.md": ZHIBU, "c/lisi.md": NOTE}


def url_of(path: str) -> str:
    return path.removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def index_archive():
    built = build_archive(sorted(DOCS.items()), VOCAB)
    assert [d for d in built.diagnostics if d.level == "error"] == []
    return built


def files_of(index_archive, **options) -> dict[str, bytes]:
    return dict(se.build_files(index_archive, VOCAB, url_of, **options))


def data(content: bytes, name: str):
    found, value = se.read_script(content.decode("utf-8"))
    assert found == name
    return value


# --- the materials ---------------------------------------------------------------------------------------------

def test_a_materials_entry(index_archive) -> None:
    doc, records = se.material_doc(index_archive.materials["a/zhangsan.md"], VOCAB, "a/zhangsan/")
    assert (doc.url, doc.title, doc.heading) == ("a/zhangsan/", "张三个人对照检查材料", "张三 · 党纪学习教育 · 个人对照检查材料")
    assert (doc.campaign, doc.year, doc.member, doc.doc_type, doc.date) == ("2024-dangji", 2024, "张三", "self_review", 8969)
    assert doc.counts == [1, 1, 3, 0, 2, 5, 2] and doc.areas == ["政治纪律", "政治纪律", "群众纪律"]
    assert [se.KINDS[r.kind] for r in records] == ["title", "member", "problem", "problem", "problem", "measure", "measure",
                                                   "text", "text", "text", "text", "text", "line", "line"]
    doc, _ = se.material_doc(index_archive.materials["b/zhibu.md"], VOCAB, "b/zhibu/")
    # A branch's material is named by its title; its records have no member.
    assert (doc.heading, doc.member, doc.counts) == ("支部班子对照检查材料", None, [1, 0, 1, 1, 1, 4, 1])
    doc, _ = se.material_doc(index_archive.materials["c/lisi.md"], VOCAB, "c/lisi/")
    assert doc.heading == "李四 · 1999年度 · 心得体会" and doc.date == -1 and doc.campaign is None


def test_records_of_a_material_with_causes(index_archive) -> None:
    records = se.material_records(index_archive.materials["b/zhibu.md"])
    assert [(se.KINDS[r.kind], r.text, r.anchor, r.label, r.area) for r in records] == [
        ("title", "支部班子对照检查材料", "", "标题", None),
        ("problem", "一是学习不深。", "problem-1-1", "问题 1.1 学习不深", "理论学习"),
        ("cause", "一是放松要求。", "cause-1", "原因 1 放松要求", None),
        ("measure", "一是深入学习。【针对问题：1.1】（责任人：王建国）", "measure-1", "措施 1 深入学习", None),
        ("text", "一、存在问题", "sec-problems", "存在问题", None),
        ("text", "（一）理论学习方面。", "area-1", "存在问题 · 理论学习", None),
        ("text", "二、原因分析", "sec-causes", "原因分析", None),
        ("text", "三、整改措施", "sec-measures", "整改措施", None),
        ("line", "（一）理论学习方面。一是学习不深。", "area-1", "存在问题 · 理论学习", None),
    ]


def test_a_point_after_markdown_syntax_starts_at_its_line() -> None:
    text = ZHANGSAN.replace("一是加强学习。", "- **一是加强学习。**").replace("二是多走访。", "> 二是多走访。")
    built = build_archive([("a/zhangsan.md", text)], VOCAB)
    records = se.material_records(built.materials["a/zhangsan.md"])
    assert [r.text for r in records if r.kind == se.MEASURE] == ["- **一是加强学习。**【针对问题：1.1、1.2】", "> 二是多走访。【针对问题：2.1】"]
    assert [r.kind for r in records].count(se.LINE) == 2  # the problems' lines only


# --- the files ---------------------------------------------------------------------------------------------------

def test_meta_field_by_field(index_archive) -> None:
    files = files_of(index_archive)
    meta = data(files["meta.js"], "meta")
    assert list(files)[-1] == "meta.js" and list(files)[-2] == "pages.js"
    assert meta["format"] == se.FORMAT and meta["kinds"] == list(se.KINDS) and meta["n"] == 3
    branch = index_archive.materials["a/zhangsan.md"].meta.branch
    assert meta["campaigns"] == [["2023-zhuti-2", VOCAB.label("campaigns", "2023-zhuti-2"), VOCAB.campaigns["2023-zhuti-2"].year],
                                 ["2024-dangji", "党纪学习教育", VOCAB.campaigns["2024-dangji"].year]]
    assert meta["branches"] == [[branch, VOCAB.label("branches", branch)]]
    assert meta["types"] == [["branch_review", "支部班子对照检查材料"], ["reflection", "心得体会"], ["self_review", "个人对照检查材料"]]
    assert meta["members"] == ["张三", "李四"] and meta["areas"] == ["政治纪律", "理论学习", "群众纪律"]
    docs = {key: si.unvlq(value) for key, value in meta["docs"].items()}
    # In path order: a/zhangsan, b/zhibu, c/lisi.
    assert docs == {
        "campaign": [2, 1, 0], "member": [1, 0, 2], "branch": [0, 0, 0], "type": [2, 0, 1], "year": [124, 123, 99],
        "date": [8969, (index_archive.materials["b/zhibu.md"].meta.date - se._EPOCH).days, 0],
        "counts": [1, 1, 3, 0, 2, 5, 2, 1, 0, 1, 1, 1, 4, 1, 1, 1, 0, 0, 0, 1, 0], "area": [1, 1, 3, 2],
    }
    assert meta["shards"] == {"u": 1, "b": 1, "t": 1, "q": 1} and "docs_per_file" not in meta
    # The build number: the other files' bytes, in order.
    digest = hashlib.sha256(b"".join(content for name, content in files.items() if name != "meta.js")).hexdigest()[:12]
    assert meta["build"] == digest
    assert files["meta.js"] == f"__archiveSearch.put(\"meta\",{json.dumps(meta, ensure_ascii=False, separators=(',', ':'))});\n".encode()


def test_the_materials_files(index_archive) -> None:
    files = files_of(index_archive)
    first = data(files["d/0.js"], "d/0")
    assert (first["u"], first["t"], first["h"]) == ("a/zhangsan/", "张三个人对照检查材料", "张三 · 党纪学习教育 · 个人对照检查材料")
    assert first["r"][:3] == [["", "标题", "张三个人对照检查材料"], ["", "党员", "张三"],
                              ["problem-1-1", "问题 1.1 纪律意识不强", "一是纪律意识不强。"]]
    assert files["d/0.js"].startswith(b'__archiveSearch.put("d/0",{"u":"a/zhangsan/"')
    assert [data(files[f"d/{n}.js"], f"d/{n}")["u"] for n in range(3)] == ["a/zhangsan/", "b/zhibu/", "c/lisi/"]
    # Grouped: two materials a file, the last file with what is left; meta.js says how many a file holds.
    grouped = files_of(index_archive, docs_per_file=2)
    assert [name for name in grouped if name.startswith("d/")] == ["d/0.js", "d/1.js"]
    assert [d["u"] for d in data(grouped["d/0.js"], "d/0")] == ["a/zhangsan/", "b/zhibu/"]
    assert [d["u"] for d in data(grouped["d/1.js"], "d/1")] == ["c/lisi/"]
    assert data(grouped["meta.js"], "meta")["docs_per_file"] == 2
    exact = files_of(index_archive, docs_per_file=3)
    assert [name for name in exact if name.startswith("d/")] == ["d/0.js"] and len(data(exact["d/0.js"], "d/0")) == 3


def test_every_shard_exists_empty_or_not(index_archive) -> None:
    files = files_of(index_archive, shard_target=50)
    meta = data(files["meta.js"], "meta")
    chars = sum(len(r.text) + 1 for m in index_archive.materials.values() for r in se.material_records(m))
    assert meta["shards"] == {key: si.shard_count(chars, si.BYTES_PER_CHAR[n], 50) for n, key in enumerate("ubtq", 1)}
    for key, count in meta["shards"].items():
        names = [name for name in files if name.startswith(f"{key}/")]
        assert sorted(names) == sorted(f"{key}/{s}.js" for s in range(count))
    empty = [name for name, content in files.items() if content.endswith(b",{});\n")]
    assert empty and all(name[0] in "ubtq" for name in empty)
    assert all(files[name] == f'__archiveSearch.put("{name[:-3]}",{{}});\n'.encode() for name in empty)


def test_site_pages_keep_their_text_up_to_the_limit(index_archive) -> None:
    long = "学" * (se.SITE_PAGE_TEXT + 5)
    pages = [se.SitePage("guide/", "编写指南", "使用指南", long), se.SitePage("ledger/", "整改台账", "整改台账", "短")]
    assert se.site_pages_data(pages) == [["guide/", "编写指南", "使用指南", "学" * se.SITE_PAGE_TEXT], ["ledger/", "整改台账", "整改台账", "短"]]
    files = files_of(index_archive, site_pages=pages)
    assert data(files["pages.js"], "pages") == se.site_pages_data(pages)
    assert data(files_of(index_archive)["pages.js"], "pages") == []


def test_written_files_are_the_built_ones(index_archive, tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    (site / "search" / "q").mkdir(parents=True)
    (site / "search" / "q" / "9999.js").write_text("old", encoding="utf-8")
    (site / "search" / "d").mkdir()
    (site / "search" / "d" / "77.js").write_text("old", encoding="utf-8")
    (site / "search" / "keep.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setattr(se, "_WRITE_GROUP", 300)  # many small groups handed to the writer
    pages = [se.SitePage("guide/", "编写指南", "使用指南", "写法")]
    se.write_search(str(site), index_archive, VOCAB, url_of, shard_target=50, site_pages=pages)
    written = {p.relative_to(site / "search").as_posix(): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}
    assert written == {**files_of(index_archive, shard_target=50, site_pages=pages), "keep.txt": b"mine"}
    assert data(written["pages.js"], "pages") == [["guide/", "编写指南", "使用指南", "写法"]]


def test_a_large_file_is_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.js"
    content = os.urandom(3 << 20)
    se._write([(str(path), content), (str(tmp_path / "small.js"), b"x")])
    assert path.read_bytes() == content and (tmp_path / "small.js").read_bytes() == b"x"
    se._write([(str(path), b"short")])  # an older, longer file is replaced, not overwritten in part
    assert path.read_bytes() == b"short"
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() makes a file


# --- reading an index ------------------------------------------------------------------------------------------

def test_a_file_that_is_not_of_the_index_is_refused() -> None:
    assert se.read_script('__archiveSearch.put("u/1",{"a":"A"});\n') == ("u/1", {"a": "A"})
    assert se.read_script('__archiveSearch.put("x",[1,2]);') == ("x", [1, 2])
    for text in ('other.put("u/1",{});', '__archiveSearch.put("u/1",{})', ""):
        with pytest.raises(ValueError, match=r"^not a file of the search index$"):
            se.read_script(text)


def test_the_reader_finds_what_a_substring_scan_finds(index_archive, tmp_path: Path) -> None:
    site = tmp_path / "site"
    se.write_search(str(site), index_archive, VOCAB, url_of, shard_target=50, docs_per_file=2)
    index = se.SiteIndex(str(site))
    records = [(n, si.normalize(text)) for n, text in index.texts()]
    assert len(records) == len(index.kinds) == len(index.doc_of) == 26
    assert index.doc_of == [0] * 14 + [1] * 9 + [2] * 3
    assert [se.KINDS[k] for k in index.kinds[:3]] == ["title", "member", "problem"]
    assert index.doc(1)["u"] == "b/zhibu/" and index.doc(2)["u"] == "c/lisi/"
    texts = [t for _, t in records]
    rng = random.Random(7)
    phrases = ["联系群众", "学习", "一是", "纪律意识不强。二是", "对照检查材料", "不存在的话", "李四", "。"]
    for _ in range(150):
        text = rng.choice(texts)
        size = rng.randint(1, 9)
        start = rng.randrange(max(1, len(text) - size + 1))
        phrases.append(text[start:start + size])
    for phrase in phrases:
        if not phrase.strip() or "\n" in phrase or " " in phrase:
            continue
        want = {r for r, t in enumerate(texts) if phrase in t}
        assert index.records(phrase) == want, phrase
        docs = {index.doc_of[r] for r in want}
        assert index.search(phrase) == {d: {r for r in want if index.doc_of[r] == d} for d in docs}, phrase
    # Several words: the materials with all of them, and in each the records with any.
    both = index.search("联系群众 李四")
    assert both == {2: {r for r, t in enumerate(texts) if index.doc_of[r] == 2 and ("联系群众" in t or "李四" in t)}}
    assert index.search("联系群众 联系群众") == index.search("联系群众")
    assert index.search("") == {} and index.search("   ") == {}


def test_the_reader_refuses_a_file_under_another_name(index_archive, tmp_path: Path) -> None:
    site = tmp_path / "site"
    se.write_search(str(site), index_archive, VOCAB, url_of)
    (site / "search" / "d" / "1.js").write_bytes((site / "search" / "d" / "0.js").read_bytes())
    index = se.SiteIndex(str(site))
    assert index.load("d/0") is index.load("d/0")  # read once
    with pytest.raises(ValueError, match=r"^d/1\.js holds d/0$"):
        index.doc(1)


# --- the query rules -------------------------------------------------------------------------------------------

def test_grams_for_a_query() -> None:
    assert si.grams_for("") == [(0, "")]
    assert si.grams_for("联系群众") == [(0, "联系群众")]
    assert si.grams_for("联系群众路线") == [(0, "联系群众"), (2, "群众路线")]
    assert si.grams_for("一二三四五六七八") == [(0, "一二三四"), (4, "五六七八")]
    assert si.grams_for("一二三四五六七八九") == [(0, "一二三四"), (4, "五六七八"), (5, "六七八九")]


def test_match_needs_the_grams_at_their_offsets() -> None:
    lists = {"一二三四": si.vlq([0, 1, 0, 7, 2, 0, 3]), "三四五六": si.vlq([0, 0, 2, 2, 1, 6, 1])}
    # Record 0: 一二三四 at 0 and 7, 三四五六 at 2; record 3: 一二三四 at 3, 三四五六 at 6 and 7 (not at 3 + 2).
    assert si.decode_positions(lists["一二三四"]) == {0: [0, 7], 3: [3]}
    assert si.decode_positions(lists["三四五六"]) == {0: [2], 3: [6, 7]}
    assert si.match("一二三四五六", lists) == {0: [0]}
    assert si.match("一二三四五六", {"一二三四": lists["一二三四"]}) == {}
    lists["三四五六"] = si.vlq([0, 0, 2, 2, 0, 5])
    assert si.match("一二三四五六", lists) == {0: [0], 3: [3]}
    assert si.match("一二三", {"一二三": si.vlq([2, 0, 4])}) == {2: [], 3: [], 8: []}
    assert si.match("一二三", {}) == {}
    assert si.decode_presence(si.vlq([2, 0, 4])) == [2, 3, 8]


def test_match_agrees_with_a_substring_scan() -> None:
    rng = random.Random(3)
    texts = ["".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(0, 40))) for _ in range(60)]
    corpus = si.Corpus.of(texts)
    lists: dict[str, str] = {}
    for n in range(1, 5):
        for _, content in si.postings(corpus, n, 1):
            lists.update(json.loads(content))
    for _ in range(400):
        query = "".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(1, 12)))
        want = {r: [p for p in range(len(t)) if t.startswith(query, p)] for r, t in enumerate(texts) if query in t}
        got = si.match(query, {g: lists[g] for _, g in si.grams_for(query) if g in lists})
        assert set(got) == set(want), query
        if len(query) >= si.POSITIONAL:
            assert got == want, query


def test_numbers_and_hashes() -> None:
    assert si.vlq([]) == "" and si.unvlq("") == []
    numbers = [0, 31, 32, 1023, 1024, 32767, 32768, 2**20 - 1, 2**20, 2**25, 2**30 + 5]
    assert si.vlq(numbers) == "Af" + "gB" + "/f" + "ggB" + "//f" + "gggB" + "///f" + "ggggB" + "gggggB" + "lgggggB"
    assert si.unvlq(si.vlq(numbers)) == numbers
    many = list(range(0, 70000 * 3, 3))  # more than one slice of _vlq_width
    assert si.unvlq(si.vlq(many)) == many
    assert si.gram_hash("") == 0x811C9DC5 and si.gram_hash("a") == 0xE40C292C and si.gram_hash("联系") == si.gram_hash("联系")
    assert si.gram_hash("𠈌") == ((0x811C9DC5 ^ 0x2020C) * 0x01000193) & 0xFFFFFFFF
    assert [si.shard_count(c, 1.0, 100) for c in (0, 100, 101, 200, 201, 10**9)] == [1, 1, 2, 2, 4, 8192]
    assert si.shard_count(10**9, 1.0, 100, limit=16) == 16


# --- the site's own pages ---------------------------------------------------------------------------------------

def test_a_guides_text_as_the_reader_sees_it() -> None:
    assert se.markdown_text("---\ntitle: x\n---\n# 标题\n\n正文[链接](a.md)和![图](b.png)。") == "标题\n正文链接和图。"
    assert se.markdown_text("---没有结束\n## 二级") == "---没有结束\n二级"  # no closing line: no front matter
    assert se.markdown_text("---\n---\n正文") == "正文"
    assert se.markdown_text("> 引用 **粗体** _斜_ `代码`\n- 列表一\n  1. 编号\n* 二\n+ 三") == "引用 粗体 斜 代码\n列表一\n编号\n二\n三"
    assert se.markdown_text("<div markdown>文字</div>{: .note}\n段落 {#id}\t \n\n\n   下一行  ") == "文字\n段落\n下一行"
    assert se.markdown_text("    #### 四级\n1) x\n####### 七") == "#### 四级\n1) x\n####### 七"  # not headings
    table = se.markdown_text("表：\n\n| 列一 | 列二 |\n|:---|---:|\n| 甲 | 乙 |\n")
    assert table.split() == ["表：", "列一", "列二", "甲", "乙"] and "|" not in table and "-" not in table


def test_namesakes_in_two_branches_are_kept_apart() -> None:
    text = (ROOT / "vocabulary.yml").read_text(encoding="utf-8").replace(
        "branches:\n", "branches:\n  - id: jiguan\n    label: 机关一支部\n", 1)
    vocab = load_vocabulary(text, "vocabulary.yml")
    other = ZHANGSAN.replace("date: 2024-07-22\n", "date: 2024-07-22\nbranch: jiguan\n")
    built = build_archive([("a/zhangsan.md", ZHANGSAN.replace("date: 2024-07-22\n", "date: 2024-07-22\nbranch: wenhuaguan\n")),
                           ("b/zhangsan.md", other)], vocab)
    assert [d for d in built.diagnostics if d.level == "error"] == []
    files = dict(se.build_files(built, vocab, url_of))
    assert [data(files[f"d/{n}.js"], f"d/{n}")["h"] for n in (0, 1)] == [
        "张三（清河县文化馆党支部） · 党纪学习教育 · 个人对照检查材料", "张三（机关一支部） · 党纪学习教育 · 个人对照检查材料"]
    meta = data(files["meta.js"], "meta")
    assert meta["members"] == ["张三（机关一支部）", "张三（清河县文化馆党支部）"]
    assert si.unvlq(meta["docs"]["member"]) == [2, 1] and si.unvlq(meta["docs"]["branch"]) == [1, 0]


def test_files_are_compact_json_with_chinese_as_is(index_archive) -> None:
    content = files_of(index_archive)["d/0.js"].decode("utf-8")
    assert content.startswith('__archiveSearch.put("d/0",{"u":"a/zhangsan/","t":"张三个人对照检查材料",'
                              '"h":"张三 · 党纪学习教育 · 个人对照检查材料","r":[["","标题","张三个人对照检查材料"],')
    assert content.endswith("]]});\n") and "\\u" not in content


def test_tags_and_rules_in_a_guide() -> None:
    assert se.markdown_text("<B>粗</B><br/>体 <span class='x'>字</span> a<b") == "粗体 字 a<b"
    # Only the front matter's own closing line ends it: a rule (---) later in the text stays.
    assert se.markdown_text("---\ntitle: x\n---\n正文\n\n---\n\n后文") == "正文\n---\n后文"


# --- the numpy build, small enough to run for every mutant --------------------------------------------------------

@pytest.mark.parametrize("wide", [False, True], ids=["bmp", "outside-bmp"])
def test_the_lists_of_a_small_corpus_in_many_pieces(monkeypatch, wide: bool) -> None:
    """test_search.test_the_lists_are_those_of_a_plain_build in small: tiny batches, chunks, slices and tables, so
    that every path of the build runs several times on a few thousand characters."""
    from test_search import reference_postings, tricky_texts

    for name, value in (("BATCH", 64), ("_CHUNK", 64), ("_SLICE", 32), ("_READ", 16), ("_TABLE", 200), ("GROUP_SIZE", 300),
                        ("AHEAD", 1)):
        monkeypatch.setattr(si, name, value)
    monkeypatch.setattr(si.Corpus, "CHUNK", 7)
    texts = tricky_texts(11, wide)[:40]
    corpus = si.Corpus.of(texts)
    assert len(corpus) > 1000
    for n in range(1, 5):
        for shards in (1, 16):
            assert list(si.postings(corpus, n, shards)) == reference_postings(texts, n, shards), (n, shards)


def plain_corpus(texts: list[str]) -> tuple[list[int], list[int], list[int]]:
    """What a Corpus holds, one character at a time: code points (normalized), record starts, newlines."""
    joined = "".join(si.normalize(t) + "\n" for t in texts)
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    return [ord(c) for c in joined], starts, [i for i, c in enumerate(joined) if c == "\n"]


def test_a_corpus_over_a_million_characters(monkeypatch) -> None:
    monkeypatch.setattr(si.Corpus, "CHUNK", 3)
    big = ("联系群众ＡＢ\u3000" * 160_000) + "\n末尾"
    texts = ["标题", "", big, "一是学习。\n二是ＰＰＴ。", "x"]
    corpus = si.Corpus.of(texts)
    codes, starts, newlines = plain_corpus(texts)
    assert corpus.code_of is None and corpus.units.tolist() == codes
    assert corpus.starts.tolist() == starts and corpus.newlines.tolist() == newlines
    assert corpus.alphabet.tolist() == sorted(set(codes))
    assert [int(corpus.rank[c]) for c in corpus.alphabet.tolist()] == list(range(len(corpus.alphabet)))
    probe = sorted({0, 1, 2, 3, 4, 31, 32, 33, 63, 64, 1_000_000, len(codes) - 1} | {s + d for s in starts for d in (-1, 0, 1)} - {-1, len(codes)})
    import bisect
    assert corpus.record_of(np.array(probe, np.int64)).tolist() == [bisect.bisect_right(starts, p) - 1 for p in probe]


def test_a_corpus_that_turns_wide_halfway(monkeypatch) -> None:
    monkeypatch.setattr(si.Corpus, "CHUNK", 2)
    texts = ["王芳", "ＡＢ", "李四", "王𠈌", "𡃁字", "\u3000"] + ["学习" * 3] * 3
    corpus = si.Corpus.of(texts)
    codes, starts, newlines = plain_corpus(texts)
    alphabet = sorted(set(codes))
    assert corpus.alphabet.tolist() == alphabet and corpus.code_of is not None and corpus.code_of.tolist() == alphabet
    assert corpus.units.tolist() == [alphabet.index(c) for c in codes]
    assert corpus.starts.tolist() == starts and corpus.newlines.tolist() == newlines
    assert len(corpus) == len(codes)


def test_too_many_distinct_characters() -> None:
    texts = ["".join(chr(c) for c in range(0x4E00, 0x9FFF)), "".join(chr(c) for c in range(0x20000, 0x2A6DF))]
    assert len(si.Corpus.of(texts).alphabet) == 20991 + 42719 + 1  # and the newline: within the limit
    texts.append("".join(chr(c) for c in range(0x30000, 0x30000 + 65536 - 63711 + 1)))
    with pytest.raises(ValueError, match=r"^more than 65,536 distinct characters$"):
        si.Corpus.of(texts)


def test_the_escapes_of_the_alphabet() -> None:
    corpus = si.Corpus.of(['a"\\\t中𠈌\u2028'])
    lengths, table = corpus.escapes()
    assert corpus.escapes()[1] is table  # computed once
    escaped = {chr(c): bytes(table[i, :lengths[i]]) for i, c in enumerate(corpus.alphabet.tolist())}
    assert escaped == {"\n": b"\\n", "\t": b"\\t", '"': b'\\"', "\\": b"\\\\", "a": b"a", "中": "中".encode(), "𠈌": "𠈌".encode(),
                       "\u2028": "\u2028".encode()}


MIXED = ZHANGSAN.replace("（二）群众纪律方面。一是走访少。", "（二）群众纪律方面\n\n1. 走访少。\n比如，一年两次。\n再如，不记录。").replace(
    "（一）政治纪律方面。一是纪律意识不强。二是联系群众不够。", "一是纪律意识不强。二是联系群众不够。 这是补充。")
MINUTES = "---\ntitle: 支委会记录\ndoc_type: minutes\nmeeting_type: committee_meeting\nmember: 王建国\ndate: 2024-03-01\n---\n会议内容。\n"


def test_problems_without_an_area_and_a_point_over_three_lines() -> None:
    built = build_archive([("a/zhangsan.md", MIXED), ("h/minutes.md", MINUTES)], VOCAB)
    doc, records = se.material_doc(built.materials["a/zhangsan.md"], VOCAB, "a/zhangsan/")
    assert [(r.text, r.area) for r in records if r.kind == se.PROBLEM] == [
        ("一是纪律意识不强。", None), ("二是联系群众不够。 这是补充。", None), ("1. 走访少。\n比如，一年两次。\n再如，不记录。", "群众纪律")]
    assert doc.areas == [None, None, "群众纪律"]
    assert [(r.text, r.anchor) for r in records if r.kind == se.LINE] == [("一是纪律意识不强。二是联系群众不够。 这是补充。", "sec-problems")]
    # A meeting's minutes name no member in their heading, even with a member written.
    minutes, _ = se.material_doc(built.materials["h/minutes.md"], VOCAB, "h/minutes/")
    assert minutes.heading == "支委会记录" and minutes.member == "王建国"
    meta = data(dict(se.build_files(built, VOCAB, url_of))["meta.js"], "meta")
    assert meta["areas"] == ["群众纪律"] and si.unvlq(meta["docs"]["area"]) == [0, 0, 1]
