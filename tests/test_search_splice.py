"""Under `serve`, a save's postings are spliced into the previous rebuild's (search/splice.py, issue #22): after any
sequence of saves, every file of the index (name, order, bytes) equals a build from scratch, whether the save was
spliced (records changed, each material keeping its number of records) or computed in full (a record more, a
material added or removed, a character outside the BMP); and the spliced path is really taken."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.pipeline import build_archive
from studyarchive.search import search as se
from studyarchive.search.searchcache import SearchCache
from test_search_incremental import body_start, corpus, field_of, set_field, url_of  # noqa: F401  (corpus: the fixture)

TARGET, PER_FILE = 1024, 4
"""Small shards: many of them, some empty, and an edit touches most."""


def index(sources: dict[str, str], vocab, cache: SearchCache | None = None) -> list[tuple[str, bytes]]:
    return list(se.build_files(build_archive(sorted(sources.items()), vocab), vocab, url_of, TARGET, PER_FILE, cache=cache))


def meta_of(files: list[tuple[str, bytes]]) -> dict:
    meta = dict(files)["meta.js"].decode("utf-8")
    return json.loads(meta[meta.index(",") + 1:meta.rindex(")")])


def numbering(files: list[tuple[str, bytes]]) -> tuple[int, str]:
    """How many materials and how many records of each kind each has: equal, every record keeps its number."""
    meta = meta_of(files)
    return meta["n"], meta["docs"]["counts"]


def wide_index(files: list[tuple[str, bytes]]) -> bool:
    """Whether a record has a character outside the BMP (the d/ files hold the records' texts)."""
    return "𠈌".encode() in b"".join(data for name, data in files if name.startswith("d/"))


class Session:
    """A serve session: each save is built with the cache and compared with a build from scratch."""

    def __init__(self, sources: dict[str, str], vocab) -> None:
        self.sources, self.vocab, self.cache = sources, vocab, SearchCache()
        self.files = self.save("first build")

    def save(self, what: str) -> list[tuple[str, bytes]]:
        files = index(self.sources, self.vocab, self.cache)
        assert files == index(self.sources, self.vocab), what
        return files

    def check(self, what: str, spliced: bool | None) -> None:
        """Save; ``spliced``: whether it keeps the records' numbers (None: whatever the index says). When it does and
        no text has a character outside the BMP, every gram length whose shard count stayed is spliced; else none."""
        before = self.files
        self.files = self.save(what)
        wide = wide_index(before) or wide_index(self.files)
        kept = numbering(before) == numbering(self.files)
        assert spliced is None or kept == spliced, what
        shards = meta_of(before)["shards"], meta_of(self.files)["shards"]
        expected = sum(shards[0][k] == shards[1][k] for k in "ubtq") if kept and not wide else 0
        assert self.cache.splice.spliced == expected, what


def replace_in_body(text: str, old: str, new: str, count: int = 1) -> str:
    at = body_start(text)
    assert old in text[at:], old
    return text[:at] + text[at:].replace(old, new, count)


WORDS = ["群众", "学习", "工作", "党员", "批评"]
NEW = ["龘靐齉", "鑫淼焱垚", "\"引号\\斜杠\"", "ab\tcd"]
"""Text that the archive does not have: grams that appear for the first time (and JSON escapes in a gram)."""


def inner_words(text: str) -> list[int]:
    """Where a word of WORDS stands inside a sentence of a paragraph, after its first sentence (an item's title) and
    away from links and headings: changing it changes a record's text, never how many records there are."""
    found, at = [], body_start(text)
    for line in text[at:].split("\n"):
        first = line.find("。")
        if first > 0 and not line.startswith(("#", "|")) and "【" not in line and "：" not in line:
            for word in WORDS:
                found += [at + m.start() for m in re.finditer(word, line) if first < m.start() < len(line) - 15]
        at += len(line) + 1
    return sorted(found)


def edit(session: Session, draw) -> tuple[str, bool | None]:
    """One save, drawn: (what it was, whether it keeps every material's number of records; None: it may)."""
    sources = session.sources
    paths = sorted(sources)
    path = draw(st.sampled_from([paths[0], paths[-1], *paths]))
    text = sources[path]
    kind = draw(st.sampled_from(["word", "word", "two", "new", "title", "member", "paragraph", "add", "remove", "wide"]))
    if kind == "title" and field_of(text, "title"):  # the material's first record
        sources[path] = set_field(text, "title", f"{field_of(text, 'title')}（修订稿）")
        return f"title {path}", True
    member, other = field_of(text, "member"), field_of(sources[draw(st.sampled_from(paths))], "member")  # None: 党员:
    if kind == "member" and member and other:  # its second record: a name that other lists have
        sources[path] = set_field(text, "member", other)
        return f"member {path}: {member} → {other}", True
    if kind in ("word", "two", "new") and inner_words(text):
        at = draw(st.sampled_from(inner_words(text)))
        new = draw(st.sampled_from(NEW)) if kind == "new" else draw(st.sampled_from([*WORDS, "", "人民群众"]))
        sources[path] = text[:at] + new + text[at + 2:]
        if kind == "two" and inner_words(sources[paths[0]]):
            at = inner_words(sources[paths[0]])[0]
            sources[paths[0]] = sources[paths[0]][:at] + "同志" + sources[paths[0]][at + 2:]
        return f"{kind} {path}: {text[at:at + 2]} → {new}", True
    if kind == "paragraph":  # one record more (before the first): the records after it are numbered anew
        sources[path] = text[:body_start(text)] + "\n新的一段，联系群众。\n" + text[body_start(text):]
    elif kind == "add":
        sources[path.removesuffix(".md") + f"-{len(sources)}.md"] = text
    elif kind == "remove":
        del sources[path]
    elif kind == "wide":  # a character outside the BMP: the corpus numbers characters by rank
        sources[path] = replace_in_body(text, "。", "𠈌。") if "𠈌" not in text else text.replace("𠈌", "")
    # A copy can be refused (two appraisals of one member and year), so whether the records are numbered anew is
    # read from the index: check() then expects the splice exactly when they are not.
    return f"{kind} {path}", None


@settings(max_examples=examples(6), deadline=None)
@given(data=st.data())
def test_saves_give_the_files_of_a_build_from_scratch(corpus, data) -> None:  # noqa: F811
    original, vocab_text = corpus
    session = Session(dict(original), load_vocabulary(vocab_text, "vocabulary.yml"))
    for step in range(data.draw(st.integers(1, 5))):
        what, kept = edit(session, data.draw)
        session.check(f"step {step}: {what}", kept)


def test_a_gram_appears_disappears_and_shards_empty_and_fill(corpus) -> None:  # noqa: F811
    """A new gram is inserted in its shard's order, its last occurrence removes it; with 2 grams a shard and more
    shards than grams some shards are empty ({}), and a save fills or empties them."""
    original, vocab_text = corpus
    sources = dict(original)
    path = sorted(sources)[5]
    session = Session(sources, load_vocabulary(vocab_text, "vocabulary.yml"))
    sources[path] = replace_in_body(sources[path], "群众", "龘靐齉𪚥"[:3])
    session.check("a new gram", True)
    assert "龘靐".encode() in b"".join(data for name, data in session.files if name.startswith("b/"))
    sources[path] = replace_in_body(sources[path], "龘靐齉", "群众")
    session.check("its last occurrence removed", True)
    assert "龘靐".encode() not in b"".join(data for name, data in session.files if name.startswith("b/"))
    assert session.files == index(dict(original) | {path: sources[path]}, session.vocab)


def test_a_save_that_numbers_records_anew_is_computed_in_full(corpus) -> None:  # noqa: F811
    original, vocab_text = corpus
    session = Session(dict(original), load_vocabulary(vocab_text, "vocabulary.yml"))
    first, last = sorted(session.sources)[0], sorted(session.sources)[-1]
    session.sources[first] = replace_in_body(session.sources[first], "学习", "学")
    session.check("the first material", True)
    session.sources[last] = replace_in_body(session.sources[last], "。", "。\n\n新的一段。\n\n")
    session.check("a record more in the last material", False)
    session.sources[last] = replace_in_body(session.sources[last], "新的一段", "新的一句")
    session.check("then a word in it", True)
    session.sources[first + ".copy.md"] = session.sources[first]
    session.check("a material added", False)
    del session.sources[first + ".copy.md"]
    session.check("and removed", False)
    session.sources[last] = replace_in_body(session.sources[last], "新的一句", "𠈌")
    session.check("a character outside the BMP", None)
    session.sources[last] = replace_in_body(session.sources[last], "𠈌", "新的")
    session.check("and removed again", None)
    session.sources[last] = replace_in_body(session.sources[last], "新的", "新")
    session.check("then spliced again", True)


def test_the_plain_build_has_no_splice(corpus) -> None:  # noqa: F811
    """Without a cache (a plain `mkdocs build`, ARCHIVE_PLAIN=1) the postings are computed in full, as before."""
    original, vocab_text = corpus
    vocab = load_vocabulary(vocab_text, "vocabulary.yml")
    cache = SearchCache()
    assert index(dict(original), vocab, cache) == index(dict(original), vocab)
    assert cache.splice.spliced == 0 and set(cache.splice.layers) == {1, 2, 3, 4}
