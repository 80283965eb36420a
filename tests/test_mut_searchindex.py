"""searchindex.py in process (issue #23): what `make mutation` found no test pinning down in the numpy build of the
search index, each against a plain computation or the documented rule."""

from __future__ import annotations

from concurrent.futures import Future

from studyarchive.search import searchindex as si


class RecordingPool:
    """A pool that runs each piece of work at once and notes when it was handed over."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def submit(self, work, item):
        self.events.append(f"submit {item}")
        done: Future = Future()
        done.set_result(work(item))
        return done


def test_batches_come_in_order_with_at_most_the_limit_in_hand() -> None:
    events: list[str] = []
    sizes = [5, 0, 3, 4, 9, 1]  # batch 1 is empty: no work; batch 4 is larger than the limit: alone
    for result in si._in_order(RecordingPool(events), lambda i: f"r{i}", sizes, 8):  # type: ignore[arg-type]
        events.append(f"yield {result}")
    assert events == ["submit 0", "submit 2", "yield r0", "submit 3", "yield r2", "yield r3", "submit 4", "yield r4",
                      "submit 5", "yield r5"]


def shard_order(corpus: si.Corpus, n: int, shards: int) -> list[int]:
    return [shard for shard, _ in si.postings(corpus, n, shards)]


def test_a_small_index_writes_its_shards_in_number_order() -> None:
    """Fewer than GROUP_SIZE occurrences: one group, so the shards come 0, 1, 2 …"""
    from test_search import reference_postings, tricky_texts

    texts = tricky_texts(2, False)[:60]
    corpus = si.Corpus.of(texts)
    order = shard_order(corpus, 2, 16)
    assert order == sorted(order) and len(order) == 16
    assert list(si.postings(corpus, 2, 16)) == reference_postings(texts, 2, 16)


def test_exactly_group_size_occurrences_make_one_group(monkeypatch) -> None:
    corpus = si.Corpus.of(["联系群众", "一岗双责，学习", "党员", "三会一课"])  # 21 characters with the newlines: 19 3-grams
    assert len(corpus) == 21
    monkeypatch.setattr(si, "GROUP_SIZE", len(corpus) - 3 + 1)
    assert shard_order(corpus, 3, 4) == [0, 1, 2, 3]
    monkeypatch.setattr(si, "GROUP_SIZE", len(corpus) - 3)  # one fewer: two groups, the even shards first
    assert shard_order(corpus, 3, 4) == [0, 2, 1, 3]


def test_hundreds_of_batches(monkeypatch) -> None:
    """256 batches and more (a 16-bit batch number): the same lists, however small the batches."""
    from test_search import reference_postings, tricky_texts

    monkeypatch.setattr(si, "BATCH", 1)
    texts = tricky_texts(4, False)[:80]
    corpus = si.Corpus.of(texts)
    assert len(corpus) > 2 * 512
    for n, shards in ((2, 256), (4, 512), (1, 512)):
        assert list(si.postings(corpus, n, shards)) == reference_postings(texts, n, shards), (n, shards)


def test_two_grams_of_one_hash_in_turn_are_two_lists() -> None:
    """鳸潸踲簭 and 献幵狧薑 have the same FNV-1a hash: records A, B, A give each its own list, not A's twice."""
    from test_search import CLASHES

    a, b = CLASHES[0], CLASHES[1]
    assert si.gram_hash(a) == si.gram_hash(b)
    corpus = si.Corpus.of([a, b, a])
    assert list(si.postings(corpus, 4, 1)) == [(0, f'{{"{b}":"{si.vlq([1, 0, 0])}","{a}":"{si.vlq([0, 0, 0, 1, 0, 0])}"}}'.encode())]


def test_a_long_record_read_in_several_pieces_is_listed_once(monkeypatch) -> None:
    """Single characters are read 32 chunks at a time: a record over several pieces is still one entry of a list."""
    from test_search import reference_postings

    monkeypatch.setattr(si, "_CHUNK", 2)  # pieces of 64 positions
    texts = ["学习" * 100, "学", "习近平"]
    assert list(si.postings(si.Corpus.of(texts), 1, 1)) == reference_postings(texts, 1, 1)
    assert dict(si.postings(si.Corpus.of(texts), 1, 1))[0] == '{"习":"AB","学":"AA","平":"C","近":"C"}'.encode()


def test_records_added_one_by_one_turn_wide_halfway(monkeypatch) -> None:
    """As search.py adds them: a record at a time, flushed every CHUNK records; the text before the first character
    outside the BMP is re-encoded wide, the text after it encoded wide."""
    from test_mut_search import plain_corpus

    monkeypatch.setattr(si.Corpus, "CHUNK", 2)
    texts = ["王芳", "ＡＢ", "李四", "王𠈌", "𡃁字", "\u3000", "学习", "党员", "\U00010000"]
    corpus = si.Corpus()
    for text in texts:
        corpus.add(text)
    corpus.finish()
    codes, starts, newlines = plain_corpus(texts)
    alphabet = sorted(set(codes))
    assert 0x10000 in alphabet and corpus.code_of is not None and corpus.code_of.tolist() == alphabet
    assert corpus.units.tolist() == [alphabet.index(c) for c in codes]
    assert corpus.starts.tolist() == starts and corpus.newlines.tolist() == newlines


def test_an_empty_archive_has_an_empty_index() -> None:
    corpus = si.Corpus.of([])
    assert len(corpus) == 0 and corpus.alphabet.tolist() == [] and corpus.starts.tolist() == []
    assert [list(si.postings(corpus, n, 4)) for n in range(1, 5)] == [[], [], [], []]


def test_exactly_65536_distinct_characters_are_allowed() -> None:
    texts = ["".join(chr(c) for c in range(0x4E00, 0x9FFF)), "".join(chr(c) for c in range(0x20000, 0x2A6DF)),
             "".join(chr(c) for c in range(0x30000, 0x30000 + 65536 - 63711))]
    assert len(si.Corpus.of(texts).alphabet) == 65536


def test_a_control_character_is_escaped_in_the_lists() -> None:
    """A stray control character (pasted from a word processor) is written \\u0007 in the JSON; the entries around it
    keep their own bytes."""
    from test_search import reference_postings

    texts = ["a\x07b", "铃\x07"]
    for n in (1, 2):
        got = list(si.postings(si.Corpus.of(texts), n, 1))
        assert got == reference_postings(texts, n, 1)
    assert list(si.postings(si.Corpus.of(texts), 1, 1)) == [(0, '{"\\u0007":"AA","a":"A","b":"A","铃":"B"}'.encode())]


def test_an_empty_first_record() -> None:
    """A record with no text is its newline alone, also the first one: no gram starts at that newline."""
    from test_search import reference_postings

    texts = ["", "学习", ""]
    corpus = si.Corpus.of(texts)
    assert corpus.newlines.tolist() == [0, 3, 4] and corpus.starts.tolist() == [0, 1, 4]
    for n in (1, 2):
        assert list(si.postings(corpus, n, 1)) == reference_postings(texts, n, 1)


def test_two_grams_whose_hashes_differ_in_one_middle_bit() -> None:
    """応… 0xc1087d35 and 仳… 0xc1097d35 differ only in bit 16, where the two 16-bit sorts of the key meet: each gram
    is still one entry, its records together."""
    a, b = "応蚄匚", "仳扐瘁"
    assert si.gram_hash(a) ^ si.gram_hash(b) == 1 << 16
    assert list(si.postings(si.Corpus.of([a, b, a]), 3, 1)) == [(0, f'{{"{b}":"B","{a}":"AB"}}'.encode())]
