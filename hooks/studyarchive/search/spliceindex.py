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

_VALUE = np.zeros(256, np.uint8)
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


@dataclass
class Digits:
    """VLQ digits, read on demand. A byte that is no digit ends a number (of its own), so shard files are read
    whole: the numbers of a list are those in its span."""

    value: np.ndarray
    ends: np.ndarray
    """Where each number's last digit is."""

    @classmethod
    def of(cls, data: np.ndarray) -> Digits:
        value = _VALUE[data]
        return cls(value, np.flatnonzero(value < 32))

    def numbers(self, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The numbers ``which`` (by their place), and where each starts."""
        value, end = self.value, self.ends[which]
        numbers = value[end].astype(_I64)
        start = end.copy()
        more = np.flatnonzero(end > 0)
        more = more[value[end[more] - 1] >= 32]
        while len(more):  # the digits before the last, low bits first: most numbers have one digit
            start[more] -= 1
            at = start[more]
            numbers[more] = (numbers[more] << 5) | (value[at] & 31)
            more = more[(at > 0) & (value[np.maximum(at - 1, 0)] >= 32)]
        return numbers, start


def heads(digits: Digits, first: np.ndarray, end: np.ndarray, n: int) -> np.ndarray:
    """The numbers that start a run, in lists from number ``first[i]`` to ``end[i]`` (each starting with a run):
    every number for n < 4; for n = 4 a run is its record delta, count - 1 and that many positions."""
    if n < POSITIONAL:
        return _ranges(first, end)
    head = np.zeros(len(digits.ends) + 1, bool)
    value, ends = digits.value, digits.ends
    live = first < end
    at, stop = first[live], end[live]
    while len(at):  # all lists at once, one run a step
        head[at] = True
        last = ends[at + 1]  # of count - 1: one digit but where a run has 33 occurrences or more
        count = value[last].astype(_I64)
        long = np.flatnonzero(value[last - 1] >= 32)
        if len(long):
            count[long] = digits.numbers(at[long] + 1)[0]
        at = at + 3 + count
        live = at < stop
        at, stop = at[live], stop[live]
    return np.flatnonzero(head)


@dataclass
class Runs:
    """The runs of some lists (or pieces of lists, each from a run on), in order."""

    first: np.ndarray
    """Each list's first run (and, last, the number of runs)."""
    total: np.ndarray
    """Record delta + 1 of the runs, summed from the first run of all (and 0 before it)."""
    start: np.ndarray
    """Where each run starts."""
    width: np.ndarray
    """How many digits its record delta has."""


def runs_of(digits: Digits, lo: np.ndarray, hi: np.ndarray, n: int) -> Runs:
    """The runs of the lists at bytes lo[i]:hi[i] of what was read."""
    first, end = np.searchsorted(digits.ends, lo), np.searchsorted(digits.ends, hi)
    at = heads(digits, first, end, n)
    delta, start = digits.numbers(at)
    total = np.zeros(len(at) + 1, _I64)
    np.cumsum(delta + 1, out=total[1:])
    return Runs(np.searchsorted(at, np.append(first, len(digits.ends) + 1)), total, start, digits.ends[at] - start + 1)


def read_runs(data: np.ndarray, lo: np.ndarray, hi: np.ndarray, before: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """The runs of the list pieces data[lo:hi] (each starting at a run, whose previous record is ``before``):
    (piece, record, where it starts from the piece's start, digits of its record delta) of each."""
    size = hi - lo
    piece_start = np.cumsum(size) - size
    runs = runs_of(Digits.of(data[_ranges(lo, hi)]), piece_start, piece_start + size, n)
    piece = np.repeat(np.arange(len(lo)), np.diff(runs.first)[:len(lo)])
    record = runs.total[1:] - runs.total[runs.first[piece]] + before[piece]
    return piece, record, runs.start - piece_start[piece], runs.width


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
    runs = runs_of(Digits.of(buf), start[long], end[long], n)
    counts = np.diff(runs.first)[:len(long)]
    marks = np.maximum(counts - 1, 0) // SPACING  # a checkpoint every SPACING runs, none at the first
    which = np.repeat(np.arange(len(long)), marks)
    run = runs.first[which] + SPACING * (np.arange(len(which)) - np.repeat(np.cumsum(marks) - marks, marks) + 1)
    record = runs.total[run] - runs.total[runs.first[which]] - 1  # of the run before
    index.ck_key = (long[which] << 32) | record
    index.ck_off = runs.start[run] - start[long[which]]
    return index


def _slashes_before(data: bytes, at: int) -> int:
    """How many backslashes stand right before data[at] (a key is at most 4 characters of 6 bytes)."""
    chunk = data[max(at - 32, 0):at]
    return len(chunk) - len(chunk.rstrip(b"\\"))


def _keys(data: bytes, buf: np.ndarray, head: np.ndarray, key_end: np.ndarray, n: int) -> np.ndarray:
    """The grams of the entries whose keys are at data[head + 1:key_end] (UTF-8, escaped as JSON)."""
    keys = np.zeros(len(head), np.uint64)
    slashes = np.flatnonzero(buf == _BACKSLASH)
    plain = np.searchsorted(slashes, key_end) == np.searchsorted(slashes, head)
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
