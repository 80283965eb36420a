"""Under `serve`: reading the shard files that splice.py splices (performance.md item 50).

An Index says where each gram's list is in a gram length's shard files (end to end), and where some runs of its long
lists start (checkpoints), so that a list is read only around the records a save changed. It is made once after each
full build, from the files' bytes: numpy over all lists at once, no Python object per gram.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from .searchindex import DIGITS, FNV_OFFSET, FNV_PRIME, POSITIONAL, Corpus

SPACING = 64
"""Runs of a list between two checkpoints: a cut reads at most about this many runs besides the changed ones."""

_VALUE = np.zeros(256, np.int64)
_VALUE[np.frombuffer(DIGITS.encode("ascii"), np.uint8)] = np.arange(64)
_QUOTE, _BACKSLASH = 34, 92
_I64 = np.int64


@dataclass
class Index:
    """Where each gram's list is in a Layer's bytes; entries in file order (by shard, then gram)."""

    keys: np.ndarray
    """Each gram, its characters' code points 16 bits each, the first highest."""
    first: np.ndarray
    """Each shard's first entry (and, last, the number of entries)."""
    klen: np.ndarray
    """The bytes of each entry before its list: "gram":" ."""
    start: np.ndarray
    """Where each list's first digit is."""
    end: np.ndarray
    """Where each list's closing quote is."""
    ck_key: np.ndarray
    """The checkpoints, sorted: entry << 32 | the record before the run."""
    ck_off: np.ndarray
    """Where the checkpoint's run starts, from the start of its list."""



# --- grams ----------------------------------------------------------------------------------------------------

def occurrences(texts: list[str], n: int, first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The n-grams of records numbered from ``first``: (gram, record, position), by gram and then in text order;
    None when a character is outside the BMP."""
    empty = np.zeros(0, np.uint64), np.zeros(0, _I64), np.zeros(0, _I64)
    if not texts:
        return empty
    corpus = Corpus.of(texts)
    if corpus.code_of is not None:
        return None
    units = corpus.units.astype(np.uint64)
    size = len(units) - n + 1
    if size <= 0:
        return empty
    ok = np.ones(size, bool)
    gram = np.zeros(size, np.uint64)
    for i in range(n):
        lane = units[i:i + size]
        ok &= lane != 10
        gram <<= np.uint64(16)
        gram |= lane
    at = np.flatnonzero(ok)
    record = np.searchsorted(corpus.starts, at, "right") - 1
    pos = at - corpus.starts[record]
    order = np.argsort(gram[at], kind="stable")
    return gram[at][order], record[order] + first, pos[order]


def shard_of(gram: np.ndarray, n: int, shards: int) -> np.ndarray:
    """Each gram's shard (searchindex.gram_hash)."""
    h = np.full(len(gram), FNV_OFFSET, np.uint32)
    for i in range(n):
        h ^= ((gram >> np.uint64(16 * (n - 1 - i))) & np.uint64(0xFFFF)).astype(np.uint32)
        h *= np.uint32(FNV_PRIME)
    return (h & np.uint32(shards - 1)).astype(_I64)


def key_bytes(gram: int, n: int) -> bytes:
    """The gram as it stands in a shard: "gram":" ."""
    text = "".join(chr((gram >> (16 * (n - 1 - i))) & 0xFFFF) for i in range(n))
    return b'"%s":"' % json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")


# --- reading lists --------------------------------------------------------------------------------------------

def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The positions lo[i] … hi[i] - 1 of every range, end to end."""
    lengths = hi - lo
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, _I64)
    out = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
    out += np.arange(total, dtype=_I64)
    return out


def decode(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VLQ digits (bytes) → (numbers, where each starts, how many digits each has)."""
    value = _VALUE[digits]
    ends = np.flatnonzero(value < 32)
    starts = np.zeros(len(ends), _I64)
    starts[1:] = ends[:-1] + 1
    width = ends - starts + 1
    if not len(ends):
        return starts, starts, width
    shift = np.arange(len(value), dtype=_I64) - np.repeat(starts, width)
    shift *= 5
    return np.add.reduceat((value & 31) << shift, starts), starts, width


def heads(numbers: np.ndarray, first: np.ndarray, end: np.ndarray, n: int) -> np.ndarray:
    """The numbers that start a run, in lists from number ``first[i]`` to ``end[i]`` (each starting with a run):
    every number for n < 4; for n = 4 a run is its record delta, count - 1 and that many positions."""
    if n < POSITIONAL:
        return np.arange(len(numbers), dtype=_I64)
    found = []
    live = first < end
    at, stop = first[live], end[live]
    while len(at):  # all lists at once, one run a step
        found.append(at)
        at = at + 3 + numbers[at + 1]
        live = at < stop
        at, stop = at[live], stop[live]
    return np.sort(np.concatenate(found)) if found else np.zeros(0, _I64)


@dataclass
class Runs:
    """The runs read from some pieces of lists (one piece a list), in order."""

    piece: np.ndarray
    """Each run's piece."""
    record: np.ndarray
    offset: np.ndarray
    """Where the run starts, from the start of its piece."""
    width: np.ndarray
    """How many digits its first number (the record delta) has."""


def read_runs(data: np.ndarray, lo: np.ndarray, hi: np.ndarray, before: np.ndarray, n: int) -> Runs:
    """The runs of the list pieces data[lo:hi] (each starting at a run, whose previous record is ``before``)."""
    numbers, starts, width = decode(data[_ranges(lo, hi)])
    piece_start = np.cumsum(hi - lo) - (hi - lo)
    first = np.searchsorted(starts, piece_start)
    end = np.searchsorted(starts, piece_start + (hi - lo))
    at = heads(numbers, first, end, n)
    piece = np.searchsorted(first, at, "right") - 1
    step = numbers[at] + 1
    total = np.cumsum(step)
    runs_before = np.searchsorted(at, first)  # each piece's first run
    base = np.where(runs_before > 0, total[np.maximum(runs_before - 1, 0)], 0)
    record = total - base[piece] + before[piece]
    return Runs(piece, record, starts[at] - piece_start[piece], width[at])


# --- the index of a layer -------------------------------------------------------------------------------------

def index_of(data: bytes, bounds: np.ndarray, n: int) -> Index:
    """Read every gram and list of shard files end to end (``bounds``: where each starts), once after a full build."""
    buf = np.frombuffer(data, np.uint8)
    quotes = np.flatnonzero(buf == _QUOTE)
    escaped = quotes[buf[quotes - 1] == _BACKSLASH] if len(quotes) else quotes
    if len(escaped):  # a quote in a gram: \" (and \\" is a backslash and the closing quote)
        odd = [q for q in escaped.tolist() if _slashes_before(data, q) % 2]
        quotes = np.setdiff1d(quotes, np.array(odd, _I64))
    quote = quotes.reshape(-1, 4)
    head, key_end, start, end = quote[:, 0], quote[:, 1], quote[:, 2] + 1, quote[:, 3]
    shard = np.searchsorted(bounds, head, "right") - 1
    first = np.searchsorted(shard, np.arange(len(bounds)))
    keys = _keys(data, buf, head, key_end, n)
    index = Index(keys, first, (start - head).astype(np.uint8), start, end, np.zeros(0, _I64), np.zeros(0, _I64))
    long = np.flatnonzero(end - start > SPACING)
    runs = read_runs(buf, start[long], end[long], np.full(len(long), -1, _I64), n)
    rank = np.arange(len(runs.piece)) - np.searchsorted(runs.piece, runs.piece)  # the run's place in its list
    mark = np.flatnonzero((rank % SPACING == 0) & (rank > 0))
    index.ck_key = (long[runs.piece[mark]] << 32) | runs.record[mark - 1]
    index.ck_off = runs.offset[mark]
    return index


def _slashes_before(data: bytes, at: int) -> int:
    """How many backslashes stand right before data[at] (a key is at most 4 characters of 6 bytes)."""
    chunk = data[max(at - 32, 0):at]
    return len(chunk) - len(chunk.rstrip(b"\\"))


def _keys(data: bytes, buf: np.ndarray, head: np.ndarray, key_end: np.ndarray, n: int) -> np.ndarray:
    """The grams of the entries whose keys are at data[head + 1:key_end] (UTF-8, escaped as JSON)."""
    keys = np.zeros(len(head), np.uint64)
    slashes = np.zeros(len(buf) + 1, _I64)
    np.cumsum(buf == _BACKSLASH, out=slashes[1:])
    plain = slashes[key_end] == slashes[head]
    for i in np.flatnonzero(~plain).tolist():
        text = json.loads(data[head[i]:key_end[i] + 1].decode("utf-8"))
        keys[i] = sum(ord(c) << (16 * (n - 1 - k)) for k, c in enumerate(text))
    at = _ranges(head[plain] + 1, key_end[plain])
    lead = at[(buf[at] & 0xC0) != 0x80]
    b0, b1, b2 = (buf[np.minimum(lead + k, len(buf) - 1)].astype(np.uint64) for k in range(3))
    code = np.where(b0 < 0x80, b0, np.where(b0 < 0xE0, ((b0 & 0x1F) << 6) | (b1 & 0x3F),
                                               ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)))
    packed = np.zeros(int(plain.sum()), np.uint64)
    for lane in code.reshape(-1, n).T:
        packed <<= np.uint64(16)
        packed |= lane
    keys[plain] = packed
    return keys
