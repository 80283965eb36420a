"""Under `serve`, the search index reuses what it computed for unchanged materials (search/searchcache.py, issue #22):
after any sequence of saves (characters added, removed or changed in a record, a paragraph more, a title changed, a
material added or deleted, a namesake in another branch), every file of the index, its name, order and bytes, equals
a build from scratch; and a save computes again only the saved material. tests/test_serve_incremental.py compares
whole served sites."""

from __future__ import annotations

import re
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.pipeline import build_archive
from studyarchive.search import search as se
from studyarchive.search.searchcache import SearchCache

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

TARGET, PER_FILE = 4096, 4
"""Small shards and d/ files of several materials: many files, some of them shared by materials."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[dict[str, str], str]:
    """13 generated materials, and a second branch in the vocabulary (a save may move a material there)."""
    root = tmp_path_factory.mktemp("search") / "corpus"
    assert gen_corpus.main([str(root), "--n", "200", "--seed", "5"]) == 0
    docs = root / "docs"
    paths = sorted(p for p in docs.rglob("*.md") if p.name != "index.md" and "assets" not in p.parts)
    sources = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in paths[::15]}
    vocabulary = yaml.safe_load((root / "vocabulary.yml").read_text(encoding="utf-8"))
    vocabulary["branches"].append({"id": "erzhibu", "label": "第二支部"})  # a namesake there is named with the branch
    return sources, yaml.safe_dump(vocabulary, allow_unicode=True, sort_keys=False)


def url_of(path: str) -> str:
    return path.removesuffix(".md") + "/"


def index(sources: dict[str, str], vocab, cache: SearchCache | None = None, per_file: int = PER_FILE) -> list[tuple[str, bytes]]:
    return list(se.build_files(build_archive(sorted(sources.items()), vocab), vocab, url_of, TARGET, per_file, cache=cache))


def body_start(text: str) -> int:
    return text.index("\n---", 3) + 4


def field_of(text: str, name: str) -> str | None:
    found = re.search(rf"^{name}: (.*)$", text[:body_start(text)], re.M)
    return found.group(1) if found else None


def set_field(text: str, name: str, value: str) -> str:
    head, body = text[:body_start(text)], text[body_start(text):]
    if field_of(text, name) is None:
        return head.replace("\n---", f"\n{name}: {value}\n---", 1) + body
    return re.sub(rf"^{name}: .*$", f"{name}: {value}", head, count=1, flags=re.M) + body


CHARS = "学习群众，。一二三问题措施\n 、a"
"""What an edit types: common characters, punctuation, a line break (a record cut in two, or two joined)."""


def edit(sources: dict[str, str], draw) -> str:
    """One save, drawn; returns what it was (for the failure message)."""
    paths = sorted(sources)
    path = draw(st.sampled_from(paths))
    text = sources[path]
    start = body_start(text)
    kind = draw(st.sampled_from(["insert", "delete", "replace", "paragraph", "title", "add", "remove", "namesake", "branch"]))
    at = draw(st.integers(start, len(text) - 1))
    char = draw(st.sampled_from(CHARS))
    if kind == "insert":
        sources[path] = text[:at] + char + text[at:]
    elif kind == "delete":
        sources[path] = text[:at] + text[at + 1:]
    elif kind == "replace":
        sources[path] = text[:at] + char + text[at + 1:]
    elif kind == "paragraph":  # one record more: the records of the materials after it are numbered anew
        sources[path] = text[:at] + "\n\n新的一段，联系群众。\n\n" + text[at:]
    elif kind == "title":
        sources[path] = set_field(text, "title", (field_of(text, "title") or "") + char.strip())
    elif kind == "add":
        sources[path.removesuffix(".md") + f"-{len(sources)}.md"] = text.replace("。", "。" + char.strip(), 1)
    elif kind == "remove" and len(sources) > 1:
        del sources[path]
    elif kind == "namesake":  # the member of another material, in another branch: both are named with their branch
        other = sources[draw(st.sampled_from(paths))]
        if field_of(text, "member") and field_of(other, "member"):
            text = set_field(text, "member", field_of(other, "member") or "")
            sources[path] = set_field(text, "branch", "wenhuaguan" if field_of(other, "branch") == "erzhibu" else "erzhibu")
    elif kind == "branch":
        sources[path] = set_field(text, "branch", "erzhibu")
    return f"{kind} {path} at {at - start} {char!r}"


@settings(max_examples=examples(12), deadline=None)
@given(data=st.data(), per_file=st.sampled_from([1, PER_FILE]))
def test_saves_give_the_files_of_a_build_from_scratch(corpus, data, per_file) -> None:
    original, vocab_text = corpus
    sources, vocab = dict(original), load_vocabulary(vocab_text, "vocabulary.yml")
    cache = SearchCache()
    assert index(sources, vocab, cache, per_file) == index(sources, vocab, per_file=per_file)
    for step in range(data.draw(st.integers(1, 4))):
        what = edit(sources, data.draw)
        assert index(sources, vocab, cache, per_file) == index(sources, vocab, per_file=per_file), f"step {step}: {what}"


def test_a_save_computes_only_the_saved_material(corpus) -> None:
    original, vocab_text = corpus
    sources, cache, vocab = dict(original), SearchCache(), load_vocabulary(vocab_text, "vocabulary.yml")
    first = index(sources, vocab, cache)
    assert cache.hits == 0
    count = len(build_archive(sorted(sources.items()), vocab).materials)
    assert index(sources, vocab, cache) == first and cache.hits == count
    path = sorted(sources)[3]
    sources[path] = sources[path].replace("。", "，已核对。", 1)
    changed = index(sources, vocab, cache)
    assert cache.hits == count - 1
    assert changed != first and changed == index(sources, vocab)


def test_a_changed_vocabulary_label_computes_the_materials_again(corpus) -> None:
    """The doc type's label is in each result's heading: the vocabulary is part of what an entry depends on."""
    original, vocab_text = corpus
    vocab, cache = load_vocabulary(vocab_text, "vocabulary.yml"), SearchCache()
    index(original, vocab, cache)
    doc_type = field_of(next(iter(original.values())), "doc_type")
    renamed = load_vocabulary(vocab_text.replace(f"label: {vocab.label('doc_types', doc_type)}", "label: 改过的类型名", 1),
                              "vocabulary.yml")
    assert renamed.label("doc_types", doc_type) == "改过的类型名"
    assert index(original, renamed, cache) == index(original, renamed)
    assert "改过的类型名".encode() in b"".join(data for name, data in index(original, renamed, cache) if name.startswith("d/"))
