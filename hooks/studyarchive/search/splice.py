"""Under `serve`: a save's postings spliced into those of the previous rebuild (issue #22, performance.md item 50).

A save changes the records of one material. When every material keeps its number of records, every record keeps
its number, so a gram's list changes only in the entries of the changed records, and in the first number of the
entry after them (a delta from the record before it). Then, for each gram length, the new shard files are the old
ones with only the lists of the grams of the changed records' old and new texts cut and spliced: the new entries
come from the changed records alone, the old lists are read only around the cut (from the checkpoint before it).

Everything else is computed from scratch by ``searchindex.postings`` (and recorded for the next save): the first
build, a material added or removed, a record more or less, another shard count or order, a character outside the
BMP (the corpus then numbers characters by rank). tests/test_search_splice.py compares every file with a build
from scratch after random saves.

What is kept, per gram length: the shard files end to end (the bytes the previous rebuild wrote), and, made at the
first splice after a full build, an index of them: every gram (64 bits) and where its list is, and a checkpoint
every SPACING runs of a long list (where a run starts and the record before it): spliceindex.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .searchindex import GROUP_SIZE, POSITIONAL, Corpus, _vlq_width, _vlq_write, postings
from .spliceindex import SPACING, Index, index_of, key_bytes, occurrences, read_runs, shard_of

if TYPE_CHECKING:
    from .searchcache import Entry

MOST_CHANGED = 8
"""Materials changed in one rebuild up to which their records are spliced (one pass over the index each)."""

Postings = Callable[[Corpus, int, int], Iterator[tuple[int, bytes]]]
_I64 = np.int64


@dataclass
class Layer:
    """The shard files of one gram length, as the latest rebuild wrote them, in shard order end to end."""

    shards: int
    groups: int
    data: bytes
    bounds: np.ndarray
    """Where each shard's file starts (and, last, where the last one ends)."""
    index: Index | None = None


@dataclass
class Change:
    """The records [first, first + len(old)) of one material, before and after the save."""

    first: int
    old: list[str]
    new: list[str]


class Splice:
    """The postings of the latest rebuild (per gram length) and the entries they were made from."""

    def __init__(self) -> None:
        self.layers: dict[int, Layer] = {}
        self.entries: list[Entry] | None = None
        self.spliced = 0
        """Gram lengths spliced in the latest rebuild (the tests check that a save did splice)."""
        self._pending: list[Entry] = []
        self._changes: list[Change] | None = None

    def begin(self, entries: list[Entry], corpus: Corpus) -> Postings:
        """The postings function for a rebuild of these materials' entries (in path order)."""
        self._changes = changes(self.entries, entries) if corpus.code_of is None else None
        self._pending, self.entries, self.spliced = entries, None, 0
        return self.postings

    def done(self) -> None:
        self.entries, self._pending = self._pending, []

    def postings(self, corpus: Corpus, n: int, shards: int) -> Iterator[tuple[int, bytes]]:
        """What ``searchindex.postings(corpus, n, shards)`` yields, spliced when it can be."""
        layer = self.layers.pop(n, None)
        groups = group_count(len(corpus) - n + 1, shards)
        if layer is not None and self._changes is not None and (layer.shards, layer.groups) == (shards, groups):
            for change in self._changes:
                if layer is None:
                    break
                layer = splice(layer, n, change)
            if layer is not None:
                self.spliced += 1
                yield from shard_files(layer)
                self.layers[n] = layer
                return
        files: dict[int, bytes] = {}
        for shard, data in postings(corpus, n, shards):
            files[shard] = data
            yield shard, data
        if corpus.code_of is None:
            data = b"".join(files.get(s, b"{}") for s in range(shards))
            self.layers[n] = Layer(shards, groups, data, _bounds([len(files.get(s, b"{}")) for s in range(shards)]))


def group_count(size: int, shards: int) -> int:
    """The groups of shard files (as in ``postings``): their order depends on it."""
    groups = 1
    while groups < shards and size / groups > GROUP_SIZE:
        groups *= 2
    return groups


def _bounds(sizes: list[int] | np.ndarray) -> np.ndarray:
    out = np.zeros(len(sizes) + 1, _I64)
    np.cumsum(sizes, out=out[1:])
    return out


def shard_files(layer: Layer) -> Iterator[tuple[int, bytes]]:
    """(shard, file) of the shards that have lists, in the order ``postings`` yields them."""
    bounds = layer.bounds.tolist()
    for group in range(layer.groups):
        for shard in range(group, layer.shards, layer.groups):
            if bounds[shard + 1] - bounds[shard] > 2:
                yield shard, layer.data[bounds[shard]:bounds[shard + 1]]


# --- what changed ---------------------------------------------------------------------------------------------

def changes(before: list[Entry] | None, now: list[Entry]) -> list[Change] | None:
    """The changed records of each changed material; None when the records are not numbered as before."""
    if before is None or len(before) != len(now):
        return None
    out: list[Change] = []
    record = 0
    for old, new in zip(before, now):
        if len(old.lengths) != len(new.lengths):
            return None
        if old is not new and old.text != new.text:
            change = _differing(record, old, new)
            if change.old:
                out.append(change)
            if len(out) > MOST_CHANGED:
                return None
        record += len(new.lengths)
    return out


def _texts(entry: Entry) -> list[str]:
    out, at = [], 0
    for length in entry.lengths:
        out.append(entry.text[at:at + length])
        at += length + 1
    return out


def _differing(record: int, old: Entry, new: Entry) -> Change:
    """The records from the first to the last that differ."""
    before, after = _texts(old), _texts(new)
    same = [a == b for a, b in zip(before, after)]
    if all(same):
        return Change(record, [], [])
    first = same.index(False)
    last = len(same) - same[::-1].index(False)
    return Change(record + first, before[first:last], after[first:last])


# --- splicing -------------------------------------------------------------------------------------------------

@dataclass
class Cuts:
    """For each affected gram (by shard, then gram): its old list and where the changed records' runs are in it."""

    entry: np.ndarray
    """Its entry, or where it goes when it has none."""
    found: np.ndarray
    length: np.ndarray
    """Its old list's bytes (0: none)."""
    cut: np.ndarray
    """Where the first run of a changed record starts (or would)."""
    resume: np.ndarray
    """Where the first run after the changed records starts (or the list's end)."""
    before: np.ndarray
    """The record of the run before ``cut`` (-1: none)."""
    after: np.ndarray
    """The record of the run at ``resume`` (when ``follows``)."""
    width: np.ndarray
    """The digits of that run's record delta (0 when nothing follows)."""
    follows: np.ndarray


def splice(layer: Layer, n: int, change: Change) -> Layer | None:
    """The layer with the change's records' lists spliced; None when the layer does not fit the change."""
    index = layer.index = layer.index if layer.index is not None else index_of(layer.data, layer.bounds, n)
    old, new = occurrences(change.old, n, change.first), occurrences(change.new, n, change.first)
    if old is None or new is None:
        return None
    grams = np.unique(np.concatenate([old[0], new[0]]))
    if not len(grams):
        return layer
    shard = shard_of(grams, n, layer.shards)
    order = np.lexsort((grams, shard))
    cuts = find_cuts(layer, index, grams[order], shard[order], change.first, change.first + len(change.old), n)
    if cuts is None:
        return None
    rank = np.empty(len(order), _I64)
    rank[order] = np.arange(len(order))
    lists = new_lists(cuts, rank[np.searchsorted(grams, new[0])], new[1], new[2], n)
    if np.any(~cuts.found & (lists.seg[1:] == lists.seg[:-1])):
        return None  # a gram of the old text that the old lists lack
    return rebuild(layer, index, cuts, lists, grams[order], shard[order], n)


def find_cuts(layer: Layer, index: Index, grams: np.ndarray, shard: np.ndarray, r0: int, r1: int,
              n: int) -> Cuts | None:
    """Where the records [r0, r1) are in the old lists of ``grams``, reading each from the checkpoint before them."""
    entry = np.zeros(len(grams), _I64)
    found = np.zeros(len(grams), bool)
    edges = np.searchsorted(shard, np.arange(layer.shards + 1))
    for s in np.flatnonzero(np.diff(edges)).tolist():
        a, b, lo, hi = int(edges[s]), int(edges[s + 1]), int(index.first[s]), int(index.first[s + 1])
        entry[a:b] = lo + np.searchsorted(index.keys[lo:hi], grams[a:b])
        found[a:b] = (entry[a:b] < hi) & (index.keys[np.minimum(entry[a:b], len(index.keys) - 1)] == grams[a:b])
    e = entry[found]
    start, length = index.start[e], index.end[e] - index.start[e]
    from_ck, from_rec, to_off = _checkpoints(index, e, r0, r1, length)
    piece, record, offset, width = read_runs(np.frombuffer(layer.data, np.uint8), start + from_ck, start + to_off, from_rec, n)
    pieces = np.arange(len(e), dtype=_I64)
    key = (piece << 32) | record
    first, last = np.searchsorted(piece, pieces), np.searchsorted(piece, pieces, "right")
    at = np.searchsorted(key, (pieces << 32) | r0)
    past = np.searchsorted(key, (pieces << 32) | r1)
    has_at, follows = at < last, past < last
    if np.any(~follows & (to_off != length)):
        return None  # a checkpoint after the records that no run reaches
    last_run = max(len(piece) - 1, 0)
    at_c, past_c = np.minimum(at, last_run), np.minimum(past, last_run)
    zero = [np.zeros(len(grams), _I64) for _ in range(6)]
    cuts = Cuts(entry, found, zero[0], zero[1], zero[2], zero[3], zero[4], zero[5], np.zeros(len(grams), bool))
    cuts.length[found] = length
    if not len(piece):  # no run read: every index below is 0 and unused
        piece = record = offset = width = np.zeros(1, _I64)
    cuts.cut[found] = np.where(has_at, from_ck + offset[at_c], to_off)
    cuts.resume[found] = np.where(follows, from_ck + offset[past_c], to_off)
    cuts.before[:] = -1
    cuts.before[found] = np.where(at > first, record[np.maximum(at - 1, 0)], from_rec)
    cuts.after[found] = np.where(follows, record[past_c], 0)
    cuts.width[found] = np.where(follows, width[past_c], 0)
    cuts.follows[found] = follows
    return cuts


def _checkpoints(index: Index, entry: np.ndarray, r0: int, r1: int,
                 length: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each entry: where to read from (the last checkpoint whose previous record is before r0, or the start),
    the record before it, and where to stop (the first checkpoint whose previous record is r1 or later, or the end)."""
    keys, count = index.ck_key, len(index.ck_key)
    if not count:
        return np.zeros(len(entry), _I64), np.full(len(entry), -1, _I64), length
    i = np.searchsorted(keys, (entry << 32) | r0) - 1
    ok = (i >= 0) & ((keys[np.maximum(i, 0)] >> 32) == entry)
    from_ck = np.where(ok, index.ck_off[np.maximum(i, 0)], 0)
    from_rec = np.where(ok, keys[np.maximum(i, 0)] & 0xFFFFFFFF, -1)
    j = np.searchsorted(keys, (entry << 32) | r1)
    ok = (j < count) & ((keys[np.minimum(j, count - 1)] >> 32) == entry)
    return from_ck, from_rec, np.where(ok, index.ck_off[np.minimum(j, count - 1)], length)


@dataclass
class Lists:
    """The digits that replace each affected gram's changed runs: its new runs (the first a delta from
    ``Cuts.before``), then the record delta of the run that follows them (``Cuts.after``)."""

    digits: bytes
    seg: np.ndarray
    """Where each gram's digits start (and, last, where the last end)."""
    runs_end: np.ndarray
    """Where each gram's new runs end (its record delta of what follows starts)."""
    last: np.ndarray
    """Each gram's last record before what follows."""


def new_lists(cuts: Cuts, gram: np.ndarray, record: np.ndarray, pos: np.ndarray, n: int) -> Lists:
    """The new runs of the affected grams (``gram``: their places in ``cuts``) from the changed records'
    occurrences (record, position), in text order."""
    grams = len(cuts.entry)
    order = np.argsort(gram, kind="stable")
    gram, record, pos = gram[order], record[order], pos[order]
    new_run = np.ones(len(gram), bool)
    new_run[1:] = (gram[1:] != gram[:-1]) | (record[1:] != record[:-1])
    runs = np.flatnonzero(new_run)
    run_gram, run_record = gram[runs], record[runs]
    first = np.ones(len(runs), bool)
    first[1:] = run_gram[1:] != run_gram[:-1]
    previous = np.empty(len(runs), _I64)
    previous[1:] = run_record[:-1]
    previous[first] = cuts.before[run_gram[first]]
    delta = run_record - previous - 1
    last = cuts.before.copy()
    final = np.append(first[1:], True) if len(first) else first
    last[run_gram[final]] = run_record[final]
    if n < POSITIONAL:
        mid, mid_gram = delta, run_gram
    else:  # each run: record delta, count - 1, its positions as deltas (the first from 0)
        step = np.empty(len(pos), _I64)
        step[1:] = pos[1:] - pos[:-1]
        step[runs] = pos[runs]
        head = runs + 2 * np.arange(len(runs))
        rest = np.ones(len(pos) + 2 * len(runs), bool)
        rest[head], rest[head + 1] = False, False
        mid, mid_gram = np.empty(len(rest), _I64), np.empty(len(rest), _I64)
        mid[rest], mid_gram[rest] = step, gram
        mid[head], mid[head + 1] = delta, np.diff(np.append(runs, len(pos))) - 1
        mid_gram[head], mid_gram[head + 1] = run_gram, run_gram
    count = np.bincount(mid_gram, minlength=grams)
    total = count + cuts.follows
    seg = _bounds(total)
    numbers = np.empty(int(seg[-1]), _I64)
    numbers[seg[mid_gram] + np.arange(len(mid)) - (np.cumsum(count) - count)[mid_gram]] = mid
    follows = np.flatnonzero(cuts.follows)
    numbers[seg[follows] + count[follows]] = cuts.after[follows] - last[follows] - 1
    width = _vlq_width(numbers)
    at = _bounds(width)
    digits = np.empty(int(at[-1]), np.uint8)
    _vlq_write(digits, at[:-1], numbers)
    return Lists(digits.tobytes(), at[seg], at[seg[:-1] + count], last)


def rebuild(layer: Layer, index: Index, cuts: Cuts, lists: Lists, grams: np.ndarray, shard: np.ndarray, n: int) -> Layer:
    """The new layer: the old bytes with the affected lists replaced, removed (empty) or inserted (new grams)."""
    seg_len = np.diff(lists.seg)
    found = cuts.found
    length = np.where(found, cuts.cut + seg_len + cuts.length - cuts.resume - cuts.width, seg_len)
    removed, inserted = found & (length == 0), ~found
    entries = len(index.keys)
    gone_mask = np.zeros(entries, bool)
    gone_mask[cuts.entry[removed]] = True
    gone = _bounds(gone_mask)
    where = cuts.entry[inserted]
    old_pos = np.arange(entries) - gone[:-1] + np.searchsorted(where, np.arange(entries), "right")
    new_pos = where - gone[where] + np.arange(len(where))
    keep = ~gone_mask
    size = entries - int(removed.sum()) + len(where)
    heads = [key_bytes(g, n) for g in grams[inserted].tolist()]
    keys, klen, llen, owner = (np.empty(size, t) for t in (np.uint64, np.uint8, _I64, _I64))
    old_shard = np.repeat(np.arange(layer.shards), np.diff(index.first))
    for new, old, added in ((keys, index.keys, grams[inserted]), (owner, old_shard, shard[inserted]),
                            (klen, index.klen, np.array([len(h) for h in heads], np.uint8)),
                            (llen, index.end - index.start, length[inserted])):
        new[old_pos[keep]] = old[keep]
        new[new_pos] = added
    changed = found & ~removed
    llen[old_pos[cuts.entry[changed]]] = length[changed]
    first = np.searchsorted(owner, np.arange(layer.shards + 1))
    total = _bounds(llen + klen.astype(_I64) + 2)
    bounds = _bounds(np.where(first[1:] > first[:-1], 1 + total[first[1:]] - total[first[:-1]], 2))
    head = bounds[owner] + 1 + total[:-1] - total[first[owner]]
    data = _bytes(layer, index, cuts, lists, shard, removed, heads)
    assert len(data) == bounds[-1], "the spliced shards' size"
    out = Layer(layer.shards, layer.groups, data, bounds)
    ck_key, ck_off = _moved_checkpoints(index, cuts, lists, old_pos, gone_mask, length)
    out.index = Index(keys, first, klen, head + klen, head + klen + llen, ck_key, ck_off)
    return out


def _bytes(layer: Layer, index: Index, cuts: Cuts, lists: Lists, shard: np.ndarray, removed: np.ndarray,
           heads: list[bytes]) -> bytes:
    """The new shards end to end: the unchanged entries between two affected grams copied as one piece."""
    view, digits = memoryview(layer.data), lists.digits
    grams, last = len(cuts.entry), max(len(index.keys) - 1, 0)
    entry = cuts.entry
    head, start, end = index.start - index.klen, index.start, index.end
    # Each affected gram: the old entries from the cursor (just after the previous one) up to it are kept.
    same = np.zeros(grams, bool)
    same[1:] = shard[1:] == shard[:-1]
    cursor = np.where(same, np.append(0, entry[:-1] + cuts.found[:-1]), index.first[shard])
    kept = cursor < entry
    lo = np.where(kept, head[np.minimum(cursor, last)] if len(head) else 0, 0)
    hi = np.where(kept, end[np.maximum(entry - 1, 0)] + 1 if len(end) else 0, 0)
    e = np.minimum(entry, last)
    prefix_end = (start[e] + cuts.cut) if len(start) else cuts.cut
    suffix = (start[e] + cuts.resume + cuts.width) if len(start) else cuts.resume
    tail_from = entry + cuts.found
    firsts, bounds = index.first.tolist(), layer.bounds.tolist()
    edges = np.searchsorted(shard, np.arange(layer.shards + 1)).tolist()
    columns = [a.tolist() for a in (lo, hi, cuts.found, removed, head[e] if len(head) else e, prefix_end,
                                    lists.seg, suffix, end[e] + 1 if len(end) else e, tail_from)]
    lo_, hi_, found_, removed_, head_, prefix_, seg_, suffix_, end_, tail_ = columns
    out: list[bytes | memoryview] = []
    added = iter(heads)
    for s in range(layer.shards):
        a, b = edges[s], edges[s + 1]
        if a == b:
            out.append(view[bounds[s]:bounds[s + 1]])
            continue
        pieces: list[tuple[bytes | memoryview, ...]] = []
        for k in range(a, b):
            if lo_[k] < hi_[k]:
                pieces.append((view[lo_[k]:hi_[k]],))
            if removed_[k]:
                continue
            if found_[k]:
                pieces.append((view[head_[k]:prefix_[k]], digits[seg_[k]:seg_[k + 1]], view[suffix_[k]:end_[k]]))
            else:
                pieces.append((next(added), digits[seg_[k]:seg_[k + 1]], b'"'))
        if tail_[b - 1] < firsts[s + 1]:
            pieces.append((view[int(head[tail_[b - 1]]):int(end[firsts[s + 1] - 1]) + 1],))
        out.append(b"{")
        for i, piece in enumerate(pieces):
            if i:
                out.append(b",")
            out.extend(piece)
        out.append(b"}")
    return b"".join(out)


def _moved_checkpoints(index: Index, cuts: Cuts, lists: Lists, old_pos: np.ndarray, gone: np.ndarray,
                       length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The checkpoints of the new lists: before a cut as they were, inside it none, after it moved by the change
    in size; and two more in each changed long list, at its new runs and at the run after them."""
    entry, record, off = index.ck_key >> 32, index.ck_key & 0xFFFFFFFF, index.ck_off.copy()
    keep = ~gone[entry]
    changed = np.flatnonzero(cuts.found & (length > 0))
    mod_of = np.full(len(index.keys), -1, _I64)
    mod_of[cuts.entry[changed]] = changed
    m = mod_of[entry]
    moved = np.flatnonzero(m >= 0)
    k = m[moved]
    cut, resume, at = cuts.cut[k], cuts.resume[k], off[moved]
    runs_len = lists.runs_end[k] - lists.seg[k]
    grow = runs_len + (lists.seg[k + 1] - lists.runs_end[k]) - cuts.width[k] - (resume - cut)
    keep[moved[(at >= cut) & (at < resume)]] = False
    at_resume = at == resume
    record[moved[at_resume]] = lists.last[k[at_resume]]
    off[moved] = np.where(at_resume, cut + runs_len, np.where(at > resume, at + grow, at))
    long = changed[length[changed] > SPACING]
    runs_len = lists.runs_end[long] - lists.seg[long]
    extra = [(long[(runs_len > 0) & (cuts.before[long] >= 0)], cuts.before, cuts.cut),
             (long[cuts.follows[long]], lists.last, cuts.cut + lists.runs_end - lists.seg[:-1])]
    keys = [(old_pos[entry[keep]] << 32) | record[keep]]
    offs = [off[keep]]
    for which, rec, where in extra:
        keys.append((old_pos[cuts.entry[which]] << 32) | rec[which])
        offs.append(where[which])
    key, first = np.unique(np.concatenate(keys), return_index=True)
    return key, np.concatenate(offs)[first]
