"""The phrase index behind the site's search: character n-grams of every record, exact by construction.

- 1-, 2- and 3-grams: which records contain them (a query of one, two or three characters).
- 4-grams: which records contain them and where, so a longer query is the records where the 4-grams at
  offsets 0, 4, 8 … and len-4 of the query follow each other. A record is returned exactly when its
  text contains the query: there is no false hit and no miss, whatever the words.
  Why 4 and not 3: the most common queries are four-character phrases (一岗双责, 联系群众), which then
  need one list, not two; measured in docs/guide/search.md.

Lists are delta-coded numbers written as VLQ text (base-64 digits, 5 bits each, as in source maps) and
grouped into shards by a hash of the gram, so that a browser loads only the shards of its query's grams.

numpy builds them with no Python object per gram or occurrence (10,000 materials are 22 million characters,
each the start of four grams):
- the corpus is the normalized text of every record as 16-bit numbers, two bytes a character;
- a first pass hashes the grams a slice of text at a time and buckets their positions by batch (a range of
  shards with about BATCH occurrences), two more bytes a position;
- a batch reads its grams' characters and sorts the occurrences by shard and hash (stable 16-bit radix sorts
  of a 32-bit key; grams with the same hash are told apart by their characters), so that each gram's
  occurrences come together in text order; its lists and the shards' JSON are then written as bytes. Single
  characters take a table of characters × records instead (a character such as "，" is everywhere);
- two threads build batches (numpy lets go of the interpreter), in order, a few at a time.

``match`` and the decoders below are the reference implementation of what docs/assets/search.js does, used
by the tests.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

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
    nums = np.asarray(numbers, dtype=np.int64)
    width = _vlq_width(nums)
    out = np.empty(int(width.sum(dtype=np.int64)), np.uint8)
    _vlq_write(out, np.cumsum(width, dtype=np.int64) - width, nums)
    return out.tobytes().decode("ascii")


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


def _vlq_width(nums: np.ndarray) -> np.ndarray:
    """How many digits each number takes."""
    width = np.ones(len(nums), np.uint8)
    for lo in range(0, len(nums), 1 << 16):
        part = nums[lo:lo + (1 << 16)]
        which, bound = np.flatnonzero(part >= 32), 1024
        while len(which):
            width[lo + which] += 1
            which = which[part[which] >= bound]
            bound <<= 5
    return width


def _vlq_write(out: np.ndarray, at: np.ndarray, nums: np.ndarray) -> None:
    """Write each number's digits into ``out`` from ``at`` on."""
    which, shift = None, 0
    while which is None or len(which):
        part = nums if which is None else nums[which] >> shift
        # The digit's value: the low 5 bits, + 32 when more digits follow, i.e. min(part, low 5 bits + 32).
        digit = part & 31
        digit += 32
        np.minimum(part, digit, out=digit)
        out[at if which is None else at[which] + shift // 5] = _DIGIT_BYTES[digit.astype(np.intp)]
        which = np.flatnonzero(part >= 32) if which is None else which[part >= 32]
        shift += 5


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
PREVIEW_SHARD_TARGET = 1 << 18
PREVIEW_DOCS_PER_FILE = 64
"""A preview (`serve`) is read from this machine: its shards are 16 times larger and its materials' d/ files hold
64 materials each, far fewer files. The browser reads both numbers in meta.js, and serve empties its folder before
each rebuild, after which each new file is slow to make on some disks (docs/guide/performance.md)."""
GROUP_SIZE = 1 << 18
"""The order of the shard files (and so the build number in meta.js): in groups by the low bits of their
number, as many groups as it takes for about this many occurrences each."""


# --- building --------------------------------------------------------------------------------------------------

BATCH = 1 << 17
"""Occurrences sorted at a time (all those of a shard, however many): a batch's arrays take a few megabytes."""
WORKERS = 2
"""Threads building batches: numpy lets go of the interpreter while it works, so both cores of a 2-core machine."""
AHEAD = 3
"""Batches (of BATCH occurrences) built or waiting at a time: enough to keep the threads busy."""
_CHUNK = 1 << 15
"""Positions bucketed at a time by the first pass: an offset in a chunk fits 16 bits."""
_SLICE = 1 << 16
"""Numbers handled at a time where a whole batch would need large temporary arrays."""
_READ = 1 << 13
"""Positions whose characters are read at a time: a gram's later characters then come from the cache."""
_TABLE = 1 << 21
"""Bytes of a table of characters × records (single characters)."""

_NORMALIZE_UNITS = np.arange(0x10000, dtype=np.uint32)
for _code, _char in _NORMALIZE.items():
    _NORMALIZE_UNITS[_code] = ord(_char)
_NORMALIZE_UNITS = _NORMALIZE_UNITS.astype(np.uint16)
"""``normalize`` as a table over the BMP (it changes no character outside it)."""


class Corpus:
    """The normalized text of every record, end to end, each followed by a newline (no gram spans one).

    Records are added one by one and encoded a few thousand at a time, so the text is never held twice:
    two bytes a character. ``units`` holds the characters' code points, or their ranks in ``alphabet`` when one
    is outside the BMP (a rare name such as 𠈌): 16-bit numbers either way, which order as the characters do.
    """

    CHUNK = 4096

    def __init__(self) -> None:
        self._pending: list[str] = []
        self._lengths: list[int] = []
        self._buffer = bytearray()
        self._wide = False
        self.units: np.ndarray = np.zeros(0, np.uint16)
        self.code_of: np.ndarray | None = None
        """The code point of each unit when units are ranks (None: units are code points)."""
        self.starts: np.ndarray = np.zeros(0, np.int64)
        self.newlines: np.ndarray = np.zeros(0, np.int64)
        """Where the text has a newline: the end of every record, and the line breaks inside one."""
        self.alphabet: np.ndarray = np.zeros(0, np.uint32)
        """The distinct characters, sorted."""
        self.rank: np.ndarray = np.zeros(1, np.uint16)
        self._starts: np.ndarray = np.zeros(0, np.uint64)
        self._escapes: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def of(cls, texts: Sequence[str]) -> Corpus:
        corpus = cls()
        corpus.add(*texts)
        return corpus.finish()

    def add(self, *texts: str) -> None:
        self._pending += texts
        self._lengths += map(len, texts)
        if len(self._pending) >= self.CHUNK:
            self._flush()

    def add_joined(self, text: str, lengths: Sequence[int]) -> None:
        """Records already joined by newlines (as ``add`` joins them); ``lengths``: each record's length."""
        self._pending.append(text)
        self._lengths += lengths
        if len(self._pending) >= self.CHUNK // 64:
            self._flush()

    def _flush(self) -> None:
        self._pending.append("")
        chunk = "\n".join(self._pending)
        self._pending.clear()
        data = chunk.encode("utf-32-le" if self._wide else "utf-16-le")
        if not self._wide and len(data) != 2 * len(chunk):  # surrogate pairs: a character outside the BMP
            self._buffer = bytearray(np.frombuffer(self._buffer, np.uint16).astype(np.uint32).tobytes())
            self._wide = True
            data = chunk.encode("utf-32-le")
        self._buffer += data

    def finish(self) -> Corpus:
        self._flush()
        lengths = np.array(self._lengths, np.int64) + 1  # and its newline
        self._lengths = []
        self.starts = np.cumsum(lengths) - lengths
        del lengths
        codes: np.ndarray = np.frombuffer(self._buffer, np.uint32 if self._wide else np.uint16)
        size, step = len(codes), 1 << 20
        # Normalize and find the characters in use, a slice at a time (indexing the whole text would copy it).
        present = np.zeros(0x110000 if self._wide else 0x10000, bool)
        for lo in range(0, size, step):
            piece = codes[lo:lo + step]
            piece[...] = np.where(piece < 0x10000, _NORMALIZE_UNITS[np.minimum(piece, 0xFFFF)], piece) if self._wide \
                else _NORMALIZE_UNITS[piece]
            present[piece] = True
        self.alphabet = np.flatnonzero(present).astype(np.uint32)
        del present
        # A text uses a few thousand distinct characters; all of Unicode's Han characters are under 100,000.
        if len(self.alphabet) > 1 << 16:
            raise ValueError("more than 65,536 distinct characters")
        self.rank = np.zeros(int(self.alphabet[-1]) + 1 if len(self.alphabet) else 1, np.uint16)
        self.rank[self.alphabet] = np.arange(len(self.alphabet), dtype=np.uint16)
        if self._wide:
            self.units = np.empty(size, np.uint16)
            for lo in range(0, size, step):
                self.units[lo:lo + step] = self.rank[codes[lo:lo + step]]
            del codes
            self._buffer = bytearray()
            self.code_of = self.alphabet
            newline = int(self.rank[10])
        else:
            self.units, newline = codes, 10
        self.newlines = np.concatenate([np.zeros(0, np.int64)] + [np.flatnonzero(self.units[lo:lo + step] == newline) + lo
                                                                 for lo in range(0, size, step)])
        # Where records start: for each 32 positions, how many records start before them (high 32 bits) and at
        # which of them (bit k: position 32 w + k), so that a record is found with one read.
        words = -(-size // 32)
        starts = np.zeros(words, np.uint64)
        np.bitwise_or.at(starts, self.starts >> 5, np.uint64(1) << (self.starts & 31).astype(np.uint64))
        before = np.zeros(words, np.uint64)
        np.cumsum(np.bitwise_count(starts[:-1]), out=before[1:])
        starts |= before << np.uint64(32)
        self._starts = starts
        return self

    def __len__(self) -> int:
        return len(self.units)

    def record_of(self, positions: np.ndarray) -> np.ndarray:
        """The record of each position: how many records start at or before it, less one."""
        record = np.empty(len(positions), np.int32)
        for lo in range(0, len(positions), _SLICE):  # small temporary arrays
            part = positions[lo:lo + _SLICE]
            word = self._starts[part >> 5]
            upto = (np.uint64(2) << (part & 31).astype(np.uint64)) - np.uint64(1)  # bits 0 … k
            upto &= word
            word >>= np.uint64(32)
            word += np.bitwise_count(upto)
            record[lo:lo + _SLICE] = word
        record -= 1
        return record

    def escapes(self) -> tuple[np.ndarray, np.ndarray]:
        """Each character of the alphabet as it stands in a JSON string, UTF-8: (lengths, bytes padded to 6)."""
        if self._escapes is None:
            self._escapes = self._escape_table()
        return self._escapes

    def _escape_table(self) -> tuple[np.ndarray, np.ndarray]:
        table = np.zeros((len(self.alphabet), 6), np.uint8)
        lengths = np.zeros(len(self.alphabet), np.int64)
        for i, code in enumerate(self.alphabet.tolist()):
            data = json.dumps(chr(code), ensure_ascii=False)[1:-1].encode("utf-8")
            table[i, :len(data)] = np.frombuffer(data, np.uint8)
            lengths[i] = len(data)
        return lengths, table


def _shard_places(shards: int, groups: int) -> np.ndarray:
    """Each shard's place in the output: by group (the low bits of its number), then by number."""
    order = [shard for group in range(groups) for shard in range(group, shards, groups)]
    places = np.empty(shards, np.uint16)
    places[order] = np.arange(shards, dtype=np.uint16)
    return places


def _hash(corpus: Corpus, lanes: Iterable[np.ndarray], size: int) -> np.ndarray:
    """FNV-1a of each gram (as gram_hash), from its units one lane at a time."""
    h = np.full(size, FNV_OFFSET, np.uint32)
    for lane in lanes:
        h ^= lane if corpus.code_of is None else corpus.code_of[lane]
        h *= np.uint32(FNV_PRIME)
    return h


def postings(corpus: Corpus, n: int, shards: int) -> Iterator[tuple[int, bytes]]:
    """(shard, its lists as a JSON object, UTF-8) for the n-grams (n = 1 … 4) of the corpus: the shards that
    have any, by group (the low bits of their number, see GROUP_SIZE) and within a group by number; the grams
    of a shard in code point order.

    A list for n < 4 is the records containing the gram: deltas (record - previous record - 1).
    A list for n = 4 is, for each record containing the gram: record delta, count - 1, then the
    positions in the record as deltas (the first from 0).
    """
    units = corpus.units
    size = len(units) - n + 1
    if size <= 0:
        return
    groups = 1
    while groups < shards and size / groups > GROUP_SIZE:
        groups *= 2
    places = _shard_places(shards, groups)
    shard_of = np.argsort(places)
    # Batches: ranges of places with about BATCH occurrences (more when a gram is that frequent).
    batches = 1
    while batches < shards and size / batches > BATCH:
        batches *= 2
    batch_of = (places >> ((shards // batches).bit_length() - 1)).astype(np.uint8 if batches < 256 else np.uint16)
    mask = np.uint32(shards - 1)
    # First pass, a chunk of positions at a time: each position's batch, and the chunk's positions by batch
    # (in text order within one). Two bytes a position, and a table of where each batch begins in each chunk.
    chunks = -(-size // _CHUNK)
    offsets = np.empty(size, np.uint16)
    table = np.zeros((chunks, batches + 1), np.uint16)
    newlines = corpus.newlines

    def bucket(part: range) -> None:
        for chunk in part:
            lo, hi = chunk * _CHUNK, min(size, (chunk + 1) * _CHUNK)
            which = batch_of[_hash(corpus, (units[lo + i:hi + i] for i in range(n)), hi - lo) & mask]
            # A gram across a newline (the end of a record, or a line break in one) is no gram: in no batch.
            breaks = newlines[np.searchsorted(newlines, lo):np.searchsorted(newlines, hi + n - 1)] - lo
            for i in range(n):
                at = breaks - i
                which[at[(at >= 0) & (at < hi - lo)]] = batches
            np.cumsum(np.bincount(which, minlength=batches + 1)[:-1], out=table[chunk, 1:])
            offsets[lo:hi] = np.argsort(which, kind="stable")

    chunk_base = np.arange(chunks, dtype=np.int64) * _CHUNK

    def positions(batch: int, part: slice = slice(None)) -> np.ndarray:
        """The positions of a batch (in a range of chunks), in text order."""
        lo = table[part, batch].astype(np.int64)
        lengths = table[part, batch + 1] - lo
        where = np.repeat(chunk_base[part] + lo - (np.cumsum(lengths) - lengths), lengths)
        for start in range(0, len(where), _SLICE):  # the index in ``offsets``, then the position
            piece = where[start:start + _SLICE]
            piece += np.arange(start, start + len(piece))
            offset = offsets[piece]
            piece &= ~(_CHUNK - 1)
            piece += offset
        return where

    if n == 1:  # the characters (as units) of each batch
        chars = corpus.alphabet if corpus.code_of is None else np.arange(len(corpus.alphabet), dtype=np.uint32)
        char_batch = batch_of[_hash(corpus, [chars], len(chars)) & mask]
        char_batch[corpus.alphabet == 10] = batches  # a newline is no gram

    def build(batch: int) -> list[tuple[int, bytes]]:
        if n > 1:
            return _batch(corpus, n, positions(batch), places, shards, shard_of)
        # Single characters: their positions a million at a time (a character such as "，" is everywhere).
        pieces = (positions(batch, slice(lo, lo + 32)) for lo in range(0, chunks, 32))
        return _units_present(corpus, pieces, chars[char_batch == batch], places, shards, shard_of)

    pool = ThreadPoolExecutor(WORKERS)
    try:
        list(pool.map(bucket, [range(chunks)[k::WORKERS] for k in range(WORKERS)]))
        sizes = np.diff(table.sum(axis=0, dtype=np.int64))
        if n == 1:  # a piece at a time: however many occurrences, a batch takes a few megabytes
            sizes = np.minimum(sizes, BATCH)
        for files in _in_order(pool, build, sizes.tolist(), AHEAD * BATCH):
            yield from files
    finally:
        pool.shutdown(cancel_futures=True)


def _in_order(pool: ThreadPoolExecutor, work: Callable[[int], list], sizes: list[int], limit: int) -> Iterator[list]:
    """``work(i)`` for each batch i (of ``sizes[i]`` occurrences), in order; computed several at a time while
    those together hold at most ``limit`` occurrences (a bigger one alone), so that memory stays bounded."""
    pending: deque[tuple[Future, int]] = deque()
    busy = 0
    for item, size in enumerate(sizes):
        if not size:
            continue
        while pending and busy + size > limit:
            done, held = pending.popleft()
            busy -= held
            yield done.result()
        pending.append((pool.submit(work, item), size))
        busy += size
    while pending:
        yield pending.popleft()[0].result()


def _units_present(corpus: Corpus, pieces: Iterator[np.ndarray], chars: np.ndarray, places: np.ndarray, shards: int,
                   shard_of: np.ndarray) -> list[tuple[int, bytes]]:
    """The lists of single characters (n = 1): which records hold each of ``chars`` (units, sorted), from their
    positions in text order, a piece at a time; a table of characters × records instead of sorting occurrences."""
    local = np.zeros(1 << 16, np.int64)
    local[chars] = np.arange(len(chars))
    records = len(corpus.starts)
    span = min(records, max(1, _TABLE // len(chars)))  # records in the table: a few megabytes
    table = np.zeros((len(chars), span), bool)
    first = 0  # the table's first record
    found: list[list[np.ndarray]] = [[] for _ in chars]  # each character's records

    # ruff (F821) takes the `del table` and `del found` below for undefined names here; flush() only runs before them.
    def flush() -> None:
        for char, row in enumerate(table):  # noqa: F821
            found[char].append(np.flatnonzero(row).astype(np.int32) + first)  # noqa: F821
        table[...] = False  # noqa: F821

    for where in pieces:
        unit, record = corpus.units[where], corpus.record_of(where)
        del where
        done = 0
        while done < len(record):  # the occurrences are in text order, so in record order
            if record[done] >= first + span:
                flush()
                first = int(record[done]) // span * span
            end = int(np.searchsorted(record, first + span))
            table[local[unit[done:end]], record[done:end] - first] = True
            done = end
    flush()
    del table
    lists = [np.concatenate(parts) for parts in found]
    del found
    record = np.concatenate(lists)
    sizes = np.array([len(part) for part in lists])
    del lists
    firsts = np.cumsum(sizes) - sizes
    gram, gram_place = chars.astype(np.uint64), places[_hash(corpus, [chars], len(chars)) & np.uint32(shards - 1)]
    by = np.argsort(gram_place, kind="stable")  # by place; in code point order within one
    record, firsts = _regroup(record, firsts, by)
    nums, first_number = _numbers(record, None, firsts)
    return _objects(corpus, 1, nums, first_number, gram[by], gram_place[by], shard_of)


def _batch(corpus: Corpus, n: int, where: np.ndarray, places: np.ndarray, shards: int,
           shard_of: np.ndarray) -> list[tuple[int, bytes]]:
    """The lists of the grams at ``where`` (positions in text order, all the occurrences of their shards): each
    shard's JSON object {"gram":"list",…}, UTF-8."""
    lanes = _lanes(corpus, where, n)
    record = corpus.record_of(where)
    pos = (where - corpus.starts[record]).astype(np.int32) if n == POSITIONAL else None
    del where
    order, firsts, gram, gram_place = _group(corpus, n, lanes, places, shards)
    record = record[order]
    pos = pos[order] if pos is not None else None
    del order
    nums, first_number = _numbers(record, pos, firsts)
    del record, pos, firsts
    return _objects(corpus, n, nums, first_number, gram, gram_place, shard_of)


def _group(corpus: Corpus, n: int, lanes: list[np.ndarray], places: np.ndarray,
           shards: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sort occurrences by place, gram (in code point order) and text: (the order, where each gram's run starts,
    the grams, their places). Empties ``lanes``."""
    count = len(lanes[0])
    bits = shards.bit_length() - 1
    if n <= 2:
        # The gram is its own sort key: its units, the last first (a stable 16-bit radix sort each).
        order = np.argsort(lanes[-1], kind="stable")
        if n == 2:
            order = order[np.argsort(lanes[0][order], kind="stable")]
            gram = (lanes[0].astype(np.uint32) << np.uint32(16)) | lanes[1]
        else:
            gram = lanes[0]
        lanes.clear()
        gram = gram[order]
        firsts = _changes(gram)
        gram = gram[firsts].astype(np.uint64)
        gram_place = places[_hash(corpus, _units_of(gram, n), len(gram)) & np.uint32(shards - 1)]
        by = np.argsort(gram_place, kind="stable")
    else:
        # Sort by place, then by the rest of the hash: a 32-bit key in two stable 16-bit radix sorts; a gram
        # is a 64-bit number (its units, the first highest), which orders grams as their characters do.
        h = _hash(corpus, lanes, count)
        gram = lanes[0].astype(np.uint64)
        for lane in lanes[1:]:
            gram <<= np.uint64(16)
            gram |= lane
        lanes.clear()
        key = h  # the place in the high bits, the rest of the hash below
        if bits:
            place = places[h & np.uint32(shards - 1)]
            key >>= np.uint32(bits)
            key |= place.astype(np.uint32) << np.uint32(32 - bits)
            del place
        del h
        order = np.argsort(key.astype(np.uint16), kind="stable")
        key = key[order]
        second = np.argsort((key >> np.uint32(16)).astype(np.uint16), kind="stable")
        order, key = order[second], key[second]
        del second
        gram = gram[order]
        firsts = _changes(gram)
        clash = np.flatnonzero(key[firsts[1:]] == key[firsts[1:] - 1])
        if len(clash):  # different grams of one hash (rare): group each run of that hash by gram
            run = np.cumsum(np.concatenate(([True], key[1:] != key[:-1])))
            inside = np.flatnonzero(np.isin(run, run[firsts[1:][clash]]))
            regroup = inside[np.lexsort((gram[inside], run[inside]))]
            order[inside], gram[inside] = order[regroup], gram[regroup]
            firsts = _changes(gram)
        gram_place = (key[firsts] >> np.uint32(32 - bits) if bits else np.zeros(len(firsts), np.uint32)).astype(np.uint16)
        del key
        gram = gram[firsts]
        by = np.lexsort((gram, gram_place))
    order, firsts = _regroup(order, firsts, by)
    return order, firsts, gram[by], gram_place[by]


def _regroup(values: np.ndarray, firsts: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` in runs (one a gram, starting at ``firsts``) with the runs in the order ``by``; and where they start."""
    if not np.any(by[1:] < by[:-1]):
        return values, firsts
    sizes = np.diff(np.append(firsts, len(values)))[by]
    starts, firsts = firsts[by], np.cumsum(sizes) - sizes
    return values[np.repeat(starts - firsts, sizes) + np.arange(len(values))], firsts


def _lanes(corpus: Corpus, where: np.ndarray, n: int) -> list[np.ndarray]:
    """The units of the grams at ``where``, one array for each unit; read a slice at a time, so that a gram's
    later units come from the cache."""
    lanes = [np.empty(len(where), np.uint16) for _ in range(n)]
    shifted = [corpus.units[i:] for i in range(n)]
    for lo in range(0, len(where), _READ):
        at = where[lo:lo + _READ]
        for lane, units in zip(lanes, shifted):
            lane[lo:lo + _READ] = units[at]
    return lanes


def _units_of(gram: np.ndarray, n: int) -> list[np.ndarray]:
    """The units of grams packed as 64-bit numbers (the first in the highest 16 bits)."""
    return [((gram >> np.uint64(16 * (n - 1 - i))) & np.uint64(0xFFFF)).astype(np.uint32) for i in range(n)]


def _changes(values: np.ndarray) -> np.ndarray:
    """Where a run of equal values starts."""
    change = np.empty(len(values), bool)
    change[0] = True
    np.not_equal(values[1:], values[:-1], out=change[1:])
    return np.flatnonzero(change)


def _numbers(record: np.ndarray, pos: np.ndarray | None, firsts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of every gram's list, end to end, and where each gram's start; from its occurrences sorted
    by (gram, text), their records and (for positional lists) their positions in the record."""
    count = len(record)
    # Runs: the occurrences of one gram in one record.
    new_run = np.empty(count, bool)
    new_run[0] = True
    np.not_equal(record[1:], record[:-1], out=new_run[1:])
    new_run[firsts] = True
    runs = np.flatnonzero(new_run)
    del new_run
    first_run = np.searchsorted(runs, firsts)  # each gram's first run
    run_record = record[runs]
    record_delta = np.empty(len(runs), np.int32)
    record_delta[0] = run_record[0]
    np.subtract(run_record[1:], run_record[:-1] + 1, out=record_delta[1:])
    record_delta[first_run] = run_record[first_run]
    del run_record
    if pos is None:
        return record_delta, first_run
    # Each run: record delta, count - 1, then its positions as deltas (the first from 0).
    pos_delta = np.empty(count, np.int32)
    pos_delta[0] = pos[0]
    np.subtract(pos[1:], pos[:-1], out=pos_delta[1:])
    pos_delta[runs] = pos[runs]
    head = runs + 2 * np.arange(len(runs))
    nums = np.empty(count + 2 * len(runs), np.int32)
    rest = np.ones(len(nums), bool)
    rest[head] = False
    rest[head + 1] = False
    nums[rest] = pos_delta
    del rest, pos_delta
    nums[head] = record_delta
    nums[head + 1] = np.diff(np.append(runs, count)) - 1
    return nums, head[first_run]


def _objects(corpus: Corpus, n: int, nums: np.ndarray, first_number: np.ndarray, gram: np.ndarray,
             gram_place: np.ndarray, shard_of: np.ndarray) -> list[tuple[int, bytes]]:
    """(shard, its JSON object) for the shards of a batch: the objects are written end to end, each byte in its
    place. ``gram`` and ``gram_place`` are in the output's order; ``nums`` holds their lists end to end."""
    grams = len(gram)
    first = np.empty(grams, bool)  # the first gram of its shard
    first[0] = True
    np.not_equal(gram_place[1:], gram_place[:-1], out=first[1:])
    escape_length, escape = corpus.escapes()
    chars = [unit if corpus.code_of is not None else corpus.rank[unit] for unit in _units_of(gram, n)]
    lengths = [escape_length[c] for c in chars]
    # An entry: {"gram":" (the { only for the first of a shard), the digits of its numbers, then ", or "}.
    head = first + (sum(lengths) + 4)
    width = _vlq_width(nums)
    step = width.copy()  # the bytes up to each number's last digit, from the previous one's
    step[first_number] += head.astype(np.uint8)
    step[first_number[1:]] += 2
    out = np.empty(int(step.sum(dtype=np.int64)) + 2, np.uint8)
    start = np.empty(grams, np.int64)  # of each entry
    # The digits, a slice of numbers at a time (their places: the bytes before them, summed).
    done = 0
    for lo in range(0, len(nums), _SLICE):
        at = step[lo:lo + _SLICE].astype(np.int64)
        np.cumsum(at, out=at)
        at += done
        done = int(at[-1])
        at -= width[lo:lo + _SLICE]
        _vlq_write(out, at, nums[lo:lo + _SLICE])
        a, b = np.searchsorted(first_number, [lo, lo + _SLICE])
        start[a:b] = at[first_number[a:b] - lo]
    del step, width
    start -= head
    end = np.append(start[1:], len(out)) - 2  # of each list: its closing quote
    out[start[first]] = ord("{")
    at = start + first
    out[at] = ord('"')
    at += 1
    for c, length in zip(chars, lengths):
        for b in range(int(length.max())):
            has = length > b
            out[at[has] + b] = escape[c[has], b]
        at += length
    out[at] = ord('"')
    out[at + 1] = ord(":")
    out[at + 2] = ord('"')
    out[end] = ord('"')
    last = np.append(first[1:], True)
    out[end + 1] = np.where(last, ord("}"), ord(","))
    return [(int(shard_of[place]), out[a:b].tobytes())
            for a, b, place in zip(start[first].tolist(), (end[last] + 2).tolist(), gram_place[first].tolist())]


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
