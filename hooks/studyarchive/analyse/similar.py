"""Near-identical problem and measure statements across members of one campaign (千人一面).

Linear in the number of statements, no pair compared blindly: each statement's character 3-grams
get a MinHash signature (datasketch's affine32 permutations, applied to a whole batch of statements
at once with numpy), signatures are cut into LSH bands (bands and rows chosen for the threshold as
datasketch chooses them), and an index of bands holds one representative per group found so
far. A statement joins the most similar representative that shares a band with it (checked with
the exact Jaccard similarity of the 3-grams) or becomes a new representative.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from math import comb

import numpy as np

from ..core.model import Archive, ItemKey, Material
from ..core.people import Person, person_of
from ..parse.ledger import INLINE_RE

MIN_CHARS = 12
"""Statements shorter than this (after dropping punctuation) are too short to call copied."""
NUM_PERM = 64
DEFAULT_THRESHOLD = 0.6
BATCH = 64
"""Statements whose signatures are computed together: a batch's permuted grams take NUM_PERM × 4 bytes
× about 150 grams × BATCH (2.5 MB), which bounds the memory used; larger batches are no faster."""
CHECKS = 6
"""Representatives checked exactly per statement: those sharing the most bands with it."""
BUCKET = 64
"""Representatives kept per band value: with these caps each statement costs the same, at any size."""

BRACKETS_RE = re.compile(r"【[^】]*】|[（(](?:对应|针对)问题[^）)]*[）)]")
DROP_RE = re.compile(r"[\W_]+")
U32 = np.uint32


@dataclass
class Statement:
    key: ItemKey
    author: Person | str
    """The member (name and branch), or the branch for a branch material: groups need two different authors."""
    grams: np.ndarray
    """Its distinct character 3-grams, each hashed to 32 bits (the same on every machine and run), sorted."""


@dataclass
class Group:
    campaign: str
    kind: str
    leader: Statement
    members: list[tuple[Statement, float]] = field(default_factory=list)
    """The other statements, each with its Jaccard similarity to the leader."""

    @property
    def authors(self) -> set[Person | str]:
        return {self.leader.author} | {s.author for s, _ in self.members}


def words_only(text: str) -> str:
    """The words of a statement: no markers, no ledger note, no punctuation or spaces (what 千人一面 compares)."""
    return DROP_RE.sub("", INLINE_RE.sub("", BRACKETS_RE.sub("", text)))


def grams_of(texts: list[str]) -> list[np.ndarray]:
    """Each text's distinct hashed 3-grams of its normalized text, sorted (none when it is too short), computed
    for all the texts at once: numpy's cost per call, not per gram, was most of the time when each statement
    had its own few small arrays."""
    plains = [words_only(text) for text in texts]
    lengths = np.fromiter((len(p) if len(p) >= MIN_CHARS else 0 for p in plains), dtype=np.int64, count=len(plains))
    cp = np.frombuffer("".join(p for p in plains if len(p) >= MIN_CHARS).encode("utf-32-le"), dtype=U32)
    counts = np.maximum(lengths - 2, 0)  # 3-grams per text
    ends = np.cumsum(lengths)
    # Each 3-gram's first character: the text's start plus 0, 1, … counts - 1.
    starts = np.repeat(ends - lengths, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    with np.errstate(over="ignore"):
        mixed = ((cp[starts] * U32(0x9E3779B1)) ^ cp[starts + 1]) * U32(0x85EBCA77) ^ cp[starts + 2]
    # Sorted by text, then by gram: each text's distinct grams in order, as np.unique gives them.
    keys = np.repeat(np.arange(len(texts), dtype=np.uint64), counts) << np.uint64(32) | mixed.astype(np.uint64)
    keys.sort()
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if keys.size else keys
    bounds = np.searchsorted(keys >> np.uint64(32), np.arange(len(texts) + 1, dtype=np.uint64))
    values = (keys & np.uint64(0xFFFFFFFF)).astype(U32)
    return [values[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Of two sorted arrays of distinct grams (numpy rather than Python sets: a set of a statement's grams
    takes ten times the memory, and the representatives' sets were the largest thing the index kept)."""
    if not a.size or not b.size:
        return 0.0
    at = np.searchsorted(b, a)  # where each of a's grams would be in b: there, or not in b
    common = int(np.count_nonzero(b.take(at, mode="clip") == a))
    return common / (a.size + b.size - common)


def texts(archive: Archive) -> dict[tuple[str, str], list[tuple[ItemKey, Person | str, str]]]:
    """Problems and measures of every campaign material, by (campaign, kind), in path order: key, author, text."""
    out: dict[tuple[str, str], list[tuple[ItemKey, Person | str, str]]] = {}
    for path in sorted(archive.materials):
        material = archive.materials[path]
        campaign = material.meta.campaign
        if campaign is None:
            continue
        for item in material.items:
            if item.kind in ("problem", "measure"):
                out.setdefault((campaign, item.kind), []).append((ItemKey(path, item.kind, item.id), _author(material), item.text))
    return out


def _author(material: Material) -> Person | str:
    return person_of(material.meta) or f"（支部）{material.meta.branch}"


NO_GRAMS = np.empty(0, dtype=U32)


class GroupCache:
    """Under `serve`: each campaign's groups of problems (or of measures), kept from one rebuild to the next. The
    search is a function of the campaign's statements (key, author, text, in order) and the threshold alone, so a
    save reruns it only for the campaign of the saved material: about 0.4 s less per save at 1,000 materials."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str, float], tuple[list, list[Group]]] = {}


def find_groups(archive: Archive, threshold: float = DEFAULT_THRESHOLD, cache: GroupCache | None = None) -> list[Group]:
    """Groups of near-identical statements by at least two authors, ordered by campaign, kind and path.

    The grams of one campaign's problems (or measures) at a time are in memory; the groups found keep none.
    Groups are read, never changed, after this: a cached one is used as it is."""
    groups: list[Group] = []
    kept: dict[tuple[str, str, float], tuple[list, list[Group]]] = {}
    for (campaign, kind), found in sorted(texts(archive).items()):
        before = cache.kept.get((campaign, kind, threshold)) if cache is not None else None
        if before is not None and before[0] == found:
            reported = before[1]
        else:
            each = grams_of([text for _, _, text in found])
            statements = [Statement(key, author, g) for (key, author, _), g in zip(found, each) if g.size]
            reported = [group for group in _cluster(campaign, kind, statements, threshold) if len(group.authors) > 1]
            for group in reported:
                group.leader.grams = NO_GRAMS
                for statement, _ in group.members:
                    statement.grams = NO_GRAMS
        kept[(campaign, kind, threshold)] = (found, reported)
        groups.extend(reported)
    if cache is not None:
        cache.kept = kept  # only the campaigns there are now
    return groups


@cache
def _scheme(threshold: float) -> tuple[np.ndarray, np.ndarray, int, int]:
    """MinHash permutations and LSH bands and rows, as datasketch 2 makes them (its affine32 scheme, seed 1,
    and the bands and rows that minimise false positives plus false negatives); computed here because
    importing datasketch loads scipy, which costs more time and memory than the whole search for groups."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=U32) * U32(2) + U32(1)  # odd: a bijection on 32 bits
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=U32)
    # The index finds candidates a little below the threshold; the exact check decides.
    low = max(0.1, threshold - 0.15)
    bands, rows = KNOWN_BANDS_ROWS.get((low, NUM_PERM)) or _bands_rows(low, NUM_PERM)
    return a, b, bands, rows


KNOWN_BANDS_ROWS = {(DEFAULT_THRESHOLD - 0.15, NUM_PERM): (16, 4)}
"""What ``_bands_rows`` gives for the default threshold (a test checks it), saving every build 0.05 s."""


def _bands_rows(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) with the least false-positive plus false-negative area, integrated exactly."""
    t = Fraction(threshold).limit_denominator(10**6)

    def below(x: Fraction, b: int, r: int) -> Fraction:  # ∫0^x 1 − (1 − s^r)^b ds
        return x - sum(comb(b, k) * (-1) ** k * x ** (r * k + 1) / (r * k + 1) for k in range(b + 1))

    best: tuple[Fraction, int, int] | None = None
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_pos = below(t, b, r)
            false_neg = (1 - t) - (below(Fraction(1), b, r) - false_pos)
            if best is None or false_pos + false_neg < best[0]:
                best = (false_pos + false_neg, b, r)
    assert best is not None
    return best[1], best[2]


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, as datasketch pre-mixes hash values before its permutations."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> U32(16))
        h = h * U32(0x85EBCA6B)
        h = h ^ (h >> U32(13))
        h = h * U32(0xC2B2AE35)
        return h ^ (h >> U32(16))


def signatures(found: list[Statement], threshold: float) -> Iterable[tuple[list[int], np.ndarray]]:
    """Each statement's LSH band keys and MinHash signature, computed batch by batch."""
    a, b, bands, rows = _scheme(threshold)
    for start in range(0, len(found), BATCH):
        batch = found[start:start + BATCH]
        lengths = np.fromiter((s.grams.size for s in batch), dtype=np.int64, count=len(batch))
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        values = _fmix32(np.concatenate([s.grams for s in batch]))
        with np.errstate(over="ignore"):
            permuted = a[:, None] * values[None, :]  # one row per permutation: reduceat runs along rows
            permuted += b[:, None]
        minima = np.ascontiguousarray(np.minimum.reduceat(permuted, offsets, axis=1).T)
        # One number per band: the rows of the band folded together.
        keys = np.zeros((len(batch), bands), dtype=np.uint64)
        folded = minima[:, : bands * rows].reshape(len(batch), bands, rows).astype(np.uint64)
        with np.errstate(over="ignore"):
            for r in range(rows):
                keys = keys * np.uint64(0x100000001B3) ^ folded[:, :, r]
        yield from zip(keys.tolist(), minima)


def _cluster(campaign: str, kind: str, found: list[Statement], threshold: float) -> list[Group]:
    if len(found) < 2:
        return []
    tables: list[dict[int, list[int]]] = []
    leaders: list[Group] = []
    leader_sigs = np.empty((len(found), NUM_PERM), dtype=U32)  # a row per leader, so far
    exact: dict[bytes, int] = {}
    floor = NUM_PERM * (threshold - 0.2)
    for statement, (keys, signature) in zip(found, signatures(found, threshold)):
        if not tables:
            tables = [{} for _ in keys]
        shingles = statement.grams.tobytes()  # sorted and distinct: equal bytes, equal grams
        same = exact.get(shingles)
        if same is not None:  # word for word the same: nothing to search
            leaders[same].members.append((statement, 1.0))
            continue
        hits: dict[int, int] = {}
        for table, key in zip(tables, keys):
            for n in table.get(key, ()):
                hits[n] = hits.get(n, 0) + 1
        best: tuple[float, int] | None = None
        if hits:
            candidates = sorted(hits, key=lambda n: (-hits[n], n))[:CHECKS]
            # The signatures already say which are far below the threshold: only the others are checked exactly.
            close = np.count_nonzero(leader_sigs[candidates] == signature, axis=1) >= floor
            for n in itertools.compress(candidates, close.tolist()):
                score = jaccard(statement.grams, leaders[n].leader.grams)
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, n)
        if best is not None:
            leaders[best[1]].members.append((statement, best[0]))
            continue
        number = len(leaders)
        leaders.append(Group(campaign, kind, statement))
        leader_sigs[number] = signature
        exact[shingles] = number
        for table, key in zip(tables, keys):
            bucket = table.setdefault(key, [])
            if len(bucket) < BUCKET:
                bucket.append(number)
    return leaders


def marks(groups: list[Group]) -> dict[ItemKey, int]:
    """Each statement in a reported group → the group's number (1-based) on the report page."""
    out: dict[ItemKey, int] = {}
    for number, group in enumerate(groups, 1):
        out[group.leader.key] = number
        for statement, _ in group.members:
            out[statement.key] = number
    return out
