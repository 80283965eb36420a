"""The phrase index behind the site's search: character n-grams of every record, exact by construction.

- 1-, 2- and 3-grams: which records contain them (a query of one, two or three characters).
- 4-grams: which records contain them and where, so a longer query is the records where the 4-grams at
  offsets 0, 4, 8 … and len-4 of the query follow each other. A record is returned exactly when its
  text contains the query: there is no false hit and no miss, whatever the words.
  Why 4 and not 3: the most common queries are four-character phrases (一岗双责, 联系群众), which then
  need one list, not two; measured in docs/guide/search.md.

Lists are delta-coded numbers written as VLQ text (base-64 digits, 5 bits each, as in source maps) and
grouped into shards by a hash of the gram, so that a browser loads only the shards of its query's grams.
numpy builds them (10,000 materials in seconds, with memory a fraction of the site's); ``query`` below is
the reference implementation of what docs/assets/search.js does, used by the tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

# --- normalization: docs/assets/search.js does exactly the same --------------------------------------------

_NORMALIZE = {0x3000: " "} | {c: chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F)} | {c: chr(c + 32) for c in range(0x41, 0x5B)}


def normalize(text: str) -> str:
    """One character for one character, so positions stay valid: full-width ASCII → ASCII, A–Z → a–z, U+3000 → space."""
    return text.translate(_NORMALIZE)


# --- numbers as text ---------------------------------------------------------------------------------------

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_DIGIT_BYTES = np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)}


def vlq(numbers: Sequence[int] | np.ndarray) -> str:
    """Non-negative integers as VLQ digits: low 5 bits first, a digit >= 32 says another digit follows."""
    data, _ = _vlq_bytes(np.asarray(numbers, dtype=np.int64))
    return data.tobytes().decode("ascii")


def unvlq(text: str) -> list[int]:
    out, n, shift = [], 0, 0
    for c in text:
        d = _DIGIT_VALUE[c]
        n |= (d & 31) << shift
        if d & 32:
            shift += 5
        else:
            out.append(n)
            n, shift = 0, 0
    return out


def _vlq_bytes(nums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The digits of all numbers, and where each number's digits start."""
    if len(nums) == 0:
        return np.zeros(0, np.uint8), np.zeros(0, np.int64)
    width = np.ones(len(nums), np.int64)
    for bits in range(5, 64, 5):
        more = nums >= (1 << bits)
        if not more.any():
            break
        width += more
    starts = np.cumsum(width) - width
    out = np.empty(int(width.sum()), np.uint8)
    for d in range(int(width.max())):
        m = width > d
        digit = (nums[m] >> (5 * d)) & 31
        digit |= np.where(width[m] > d + 1, 32, 0)
        out[starts[m] + d] = _DIGIT_BYTES[digit]
    return out, starts


# --- sharding ------------------------------------------------------------------------------------------------

FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193


def gram_hash(gram: str) -> int:
    """FNV-1a over code points (search.js: Math.imul over codePointAt)."""
    h = FNV_OFFSET
    for c in gram:
        h = ((h ^ ord(c)) * FNV_PRIME) & 0xFFFFFFFF
    return h


def shard_count(chars: int, bytes_per_char: float, target: int, limit: int = 8192) -> int:
    """A power of two giving shards of about ``target`` bytes for a text of ``chars`` characters."""
    n = 1
    while n < limit and chars * bytes_per_char / n > target:
        n *= 2
    return n


POSITIONAL = 4
"""The gram length whose lists also hold positions; shorter queries need only which records contain them."""
# What each list costs per character of text, measured on generated materials (docs/guide/search.md).
BYTES_PER_CHAR = {1: 0.8, 2: 1.3, 3: 1.6, 4: 4.6}
SHARD_TARGET = 16_384
GROUP_SIZE = 1 << 18
"""Shards are built in groups (by the low bits of their number) of about this many occurrences: memory stays low."""


# --- building --------------------------------------------------------------------------------------------------

class Corpus:
    """The normalized text of every record, end to end, each followed by a newline (no gram spans one).

    Records are added one by one and encoded a few thousand at a time, so the text is never held twice:
    two bytes a character, four when one is outside the BMP (a rare name such as 𠈌).
    """

    CHUNK = 4096

    def __init__(self) -> None:
        self._pending: list[str] = []
        self._lengths: list[int] = []
        self._buffer = bytearray()
        self._wide = False
        self.codes: np.ndarray = np.zeros(0, np.uint16)
        self.starts: np.ndarray = np.zeros(0, np.int64)
        self.alphabet: np.ndarray = np.zeros(0, np.uint32)
        """The distinct characters, sorted; a gram's key packs their ranks, 16 bits each (4-grams fit 64 bits)."""
        self.rank: np.ndarray = np.zeros(1, np.uint16)

    @classmethod
    def of(cls, texts: Sequence[str]) -> Corpus:
        corpus = cls()
        for text in texts:
            corpus.add(text)
        return corpus.finish()

    def add(self, text: str) -> None:
        norm = normalize(text) + "\n"
        self._pending.append(norm)
        self._lengths.append(len(norm))
        if len(self._pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        chunk = "".join(self._pending)
        self._pending.clear()
        data = chunk.encode("utf-32-le" if self._wide else "utf-16-le")
        if not self._wide and len(data) != 2 * len(chunk):  # surrogate pairs: a character outside the BMP
            self._buffer = bytearray(np.frombuffer(self._buffer, np.uint16).astype(np.uint32).tobytes())
            self._wide = True
            data = chunk.encode("utf-32-le")
        self._buffer += data

    def finish(self) -> Corpus:
        self._flush()
        self.codes = np.frombuffer(self._buffer, np.uint32 if self._wide else np.uint16)
        lengths = np.array(self._lengths, np.int64)
        self.starts = np.cumsum(lengths) - lengths
        self._lengths = []
        # Which characters occur, a slice at a time (indexing with the whole text would copy it as int64).
        present = np.zeros(0x110000 if self._wide else 0x10000, bool)
        for lo in range(0, len(self.codes), 1 << 20):
            present[self.codes[lo:lo + (1 << 20)]] = True
        self.alphabet = np.flatnonzero(present).astype(np.uint32)
        # A text uses a few thousand distinct characters; all of Unicode's Han characters are under 100,000.
        if len(self.alphabet) > 1 << 16:
            raise ValueError("more than 65,536 distinct characters")
        self.rank = np.zeros(int(self.alphabet[-1]) + 1 if len(self.alphabet) else 1, np.uint16)
        self.rank[self.alphabet] = np.arange(len(self.alphabet), dtype=np.uint16)
        return self

    def __len__(self) -> int:
        return len(self.codes)


def postings(corpus: Corpus, n: int, shards: int) -> Iterator[tuple[int, dict[str, str]]]:
    """(shard, {gram: list}) for the n-grams (n = 1 … 4) of the corpus, in shard order.

    A list for n < 4 is the records containing the gram: deltas (record - previous record - 1).
    A list for n = 4 is, for each record containing the gram: record delta, count - 1, then the
    positions in the record as deltas (the first from 0).
    """
    codes = corpus.codes
    size = len(codes) - n + 1
    if size <= 0:
        return
    parts = [codes[i:i + size] for i in range(n)]  # views: no copy of the text
    groups = 1
    while groups < shards and size / groups > GROUP_SIZE:
        groups *= 2
    # Each position's group (the low bits of its gram's shard), or ``groups`` when the gram spans a newline;
    # computed a slice at a time, so memory stays near one byte a character.
    group_of = np.empty(size, np.uint8 if groups < 255 else np.uint16)
    step = 1 << 20
    for lo in range(0, size, step):
        hi = min(size, lo + step)
        h = np.full(hi - lo, FNV_OFFSET, np.uint32)
        valid = np.ones(hi - lo, bool)
        for part in parts:
            piece = part[lo:hi]
            valid &= piece != 10  # no gram across records (or lines)
            h ^= piece
            h *= np.uint32(FNV_PRIME)
        group_of[lo:hi] = np.where(valid, h & np.uint32(groups - 1), groups)
    for group in range(groups):
        where = np.flatnonzero(group_of == group)  # in text order
        record = np.searchsorted(corpus.starts, where, side="right") - 1
        key = np.zeros(len(where), np.uint64)
        for part in parts:
            key = (key << np.uint64(16)) | corpus.rank[part[where]].astype(np.uint64)
        order = np.argsort(key, kind="stable")  # a gram's occurrences stay in text order
        where, key, record = where[order], key[order], record[order]
        del order
        by_shard: dict[int, dict[str, str]] = {}
        for gram_key, text in _lists(key, record, where - corpus.starts[record], n == POSITIONAL):
            gram = "".join(chr(corpus.alphabet[(gram_key >> (16 * (n - 1 - i))) & 0xFFFF]) for i in range(n))
            by_shard.setdefault(gram_hash(gram) & (shards - 1), {})[gram] = text
        yield from sorted(by_shard.items())


def _lists(key: np.ndarray, record: np.ndarray, pos: np.ndarray, positional: bool) -> Iterator[tuple[int, str]]:
    """Encode the sorted occurrences (gram key, record, position) into one list per gram."""
    if len(key) == 0:
        return
    new_gram = np.empty(len(key), bool)
    new_gram[0] = True
    np.not_equal(key[1:], key[:-1], out=new_gram[1:])
    new_run = new_gram.copy()
    new_run[1:] |= record[1:] != record[:-1]
    runs = np.flatnonzero(new_run)
    run_record = record[runs]
    previous = np.empty(len(runs), np.int64)
    previous[0] = -1
    previous[1:] = run_record[:-1]
    previous[new_gram[runs]] = -1
    record_delta = run_record - previous - 1
    if positional:
        count = np.diff(np.append(runs, len(key)))
        pos_delta = pos.astype(np.int64)
        pos_delta[1:] -= pos[:-1]
        pos_delta[new_run] = pos[new_run]
        slot = np.arange(len(key)) + 2 * np.cumsum(new_run)  # each run adds two numbers before its positions
        nums = np.empty(len(key) + 2 * len(runs), np.int64)
        nums[slot] = pos_delta
        nums[slot[runs] - 2] = record_delta
        nums[slot[runs] - 1] = count - 1
        gram_first = slot[np.flatnonzero(new_gram)] - 2
    else:
        nums = record_delta
        gram_first = np.flatnonzero(new_gram[runs])
    digits, starts = _vlq_bytes(nums)
    text = digits.tobytes().decode("ascii")
    bounds = np.append(starts[gram_first], len(text)).tolist()
    keys = key[np.flatnonzero(new_gram)].tolist()
    for i, gram_key in enumerate(keys):
        yield gram_key, text[bounds[i]:bounds[i + 1]]


# --- reading and querying (the reference for search.js) --------------------------------------------------------

def grams_for(query: str) -> list[tuple[int, str]]:
    """(offset, gram) the query is checked with: the query itself up to 4 characters, else 4-grams covering it."""
    n = POSITIONAL
    if len(query) <= n:
        return [(0, query)]
    offsets = sorted({*range(0, len(query) - n + 1, n), len(query) - n})
    return [(o, query[o:o + n]) for o in offsets]


def decode_presence(text: str) -> list[int]:
    out, record = [], -1
    for d in unvlq(text):
        record += d + 1
        out.append(record)
    return out


def decode_positions(text: str) -> dict[int, list[int]]:
    nums = unvlq(text)
    out: dict[int, list[int]] = {}
    i, record = 0, -1
    while i < len(nums):
        record += nums[i] + 1
        count = nums[i + 1] + 1
        spots, p = [], 0
        for d in nums[i + 2:i + 2 + count]:
            p += d
            spots.append(p)
        out[record] = spots
        i += 2 + count
    return out


def match(query: str, lists: dict[str, str]) -> dict[int, list[int]]:
    """Records containing the normalized query → where it starts ([] when only presence is known).

    ``lists`` holds the list of every gram of ``grams_for(query)`` that the index has (a missing gram: no match).
    """
    checks = grams_for(query)
    if any(g not in lists for _, g in checks):
        return {}
    if len(query) < POSITIONAL:
        return {r: [] for r in decode_presence(lists[query])}
    decoded = [(o, decode_positions(lists[g])) for o, g in checks]
    decoded.sort(key=lambda x: len(x[1]))
    found: dict[int, list[int]] = {}
    first_offset, first = decoded[0]
    for record, spots in first.items():
        others = [(o, set(d.get(record, ()))) for o, d in decoded[1:]]
        if any(not s for _, s in others):
            continue
        starts = [p - first_offset for p in spots if all(p - first_offset + o in s for o, s in others)]
        if starts:
            found[record] = starts
    return found
