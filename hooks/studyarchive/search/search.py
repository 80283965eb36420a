"""Full-text search: an exact phrase index of the archive, written as small static files loaded on demand.

Why not Material's search or Pagefind: both cut Chinese text into words, at build time and again in the
browser, and miss or invent results whenever the two cuts differ (measured in docs/guide/search.md). This
index cuts nothing: it stores every character and every run of two, three and four characters of every record.

- A record is a piece of one material that a result can point to: its title, its member, each problem,
  cause and measure (from its numbering to its end), and each other paragraph of its text. A line shared by
  two records (一是……；二是……) is indexed once more as a whole ("line" records), so that a phrase across
  the cut is still found for the material.
- A query of up to four characters uses the list of records that contain it (1-, 2-, 3- and 4-grams are
  all indexed); a longer one intersects 4-gram lists with positions and keeps records where the 4-grams
  follow each other (searchindex.py). Either way a record is returned exactly when its text contains the
  query: no false hit, no miss.
- The lists are sharded by a hash of the gram into many small script files, so a query loads only the few
  shards it needs. Script files (not fetch) so that search also works from file:// and any static server.

Text is normalized one character for one character (full-width ASCII → ASCII, A–Z → a–z, U+3000 → space),
the same way here and in docs/assets/search.js, so positions in the normalized text are positions in the
original and the browser can highlight the occurrence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ..core.model import Archive, Item, Material, Pos
from ..core.people import People, people_of, person_of
from ..core.vocab import Vocabulary
from .searchcache import Entry, SearchCache
from .searchindex import BYTES_PER_CHAR, SHARD_TARGET, Corpus, gram_hash, grams_for, match, normalize, postings, shard_count, unvlq, vlq

FORMAT = 2
"""search.js refuses an index of another format (a page and an index of different builds)."""
OUT_DIR = "search"
"""The index's folder in the site."""
GLOBAL = "__archiveSearch"
"""Every file of the index is a script calling ``__archiveSearch.put(name, data)``."""
PREFIXES = "ubtq"
"""The folders of the 1-, 2-, 3- and 4-gram shards."""

KINDS = ("title", "member", "problem", "cause", "measure", "text", "line")
TITLE, MEMBER, PROBLEM, CAUSE, MEASURE, TEXT, LINE = range(len(KINDS))
ITEM_KINDS = {"problem": PROBLEM, "cause": CAUSE, "measure": MEASURE}

# --- records ----------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Record:
    kind: int
    text: str
    anchor: str = ""
    label: str = ""
    area: str | None = None


@dataclass
class Doc:
    """One material in the index: what the result list shows and filters on."""

    url: str
    title: str
    heading: str
    """张三 · 2023年第二批主题教育 · 个人对照检查材料: how the result list names the material."""
    campaign: str | None
    year: int
    member: str | None
    branch: str
    doc_type: str
    date: int
    """Days since 2000-01-01, for sorting."""
    counts: list[int] = field(default_factory=lambda: [0] * len(KINDS))
    """How many records of each kind (the records are in kind order)."""
    areas: list[str | None] = field(default_factory=list)
    """The area of each problem."""


_EPOCH = dt.date(2000, 1, 1)


# Markdown syntax that may stand before a point's numbering on its line: the point's record starts at the line.
_LEAD_SYNTAX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d{1,3}[.)]\s+)*[\s*_]*$")


def material_records(material: Material) -> list[Record]:
    """The records of a material in text order (title and member first)."""
    meta = material.meta
    records = [Record(TITLE, meta.title, label="标题")]
    if meta.member:
        records.append(Record(MEMBER, meta.member, label="党员"))
    lines = material.body.split("\n")
    base = material.body_line

    def at(pos: Pos) -> tuple[int, int]:
        return pos.line - base, pos.col

    # Places a text paragraph links to: sections and areas, in text order.
    places: list[tuple[tuple[int, int], str, str]] = []
    for section in material.sections:
        places.append((at(section.start), section.anchor, section.title))
        for n, (label, where, _) in enumerate(section.areas, 1):
            places.append((at(where), f"area-{n}", f"{section.title} · {label}"))
    places.sort()
    starts = [start for start, _, _ in places]

    def place(where: tuple[int, int]) -> tuple[str, str]:
        i = bisect_right(starts, where)  # the last place at or before ``where``
        return places[i - 1][1:] if i else ("", "正文")

    texts: list[Record] = []
    cuts: set[int] = set()  # lines where one record ends and another begins

    def gap(start: tuple[int, int], end: tuple[int, int]) -> None:
        """The text between two points: one record per line (that is not blank)."""
        (l1, c1), (l2, c2) = start, end
        for line in range(l1, l2 + 1):
            text = lines[line]
            first, last = c1 if line == l1 else 0, c2 if line == l2 else len(text)
            piece = text[first:last] if first or last < len(text) else text
            if piece.strip():
                texts.append(Record(TEXT, piece, *place((line, first))))
                if first and text[:first].strip():
                    cuts.add(line)

    cursor = (0, 0)
    items: list[tuple[Item, tuple[int, int], tuple[int, int]]] = []
    for item in sorted(material.items, key=lambda i: (i.start.line, i.start.col)):
        (sl, sc), end = at(item.start), at(item.end)
        if sc and _LEAD_SYNTAX.match(lines[sl][:sc]):
            sc = 0
        start = max((sl, sc), cursor)
        items.append((item, start, end))
        gap(cursor, start)
        if start[1] > 0 and lines[start[0]][: start[1]].strip():
            cuts.add(start[0])
        cursor = max(end, start)
    gap(cursor, (len(lines) - 1, len(lines[-1])))
    # Kind order (the index stores, per material, how many records of each kind it has), text order within one.
    by_kind: dict[int, list[Record]] = {PROBLEM: [], CAUSE: [], MEASURE: []}
    for item, start, end in items:
        kind = ITEM_KINDS[item.kind]
        by_kind[kind].append(Record(kind, _between(lines, start, end), item.anchor, f"{item.label} {item.title}",
                                    item.area if kind == PROBLEM else None))
    records += by_kind[PROBLEM] + by_kind[CAUSE] + by_kind[MEASURE] + texts
    for line in sorted(cuts):
        if lines[line].strip():
            records.append(Record(LINE, lines[line], *place((line, 0))))
    return records


def _between(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    (l1, c1), (l2, c2) = start, end
    if l1 == l2:
        return lines[l1][c1:c2]
    return "\n".join([lines[l1][c1:], *lines[l1 + 1:l2], lines[l2][:c2]])


def material_doc(material: Material, vocab: Vocabulary, url: str, people: People | None = None) -> tuple[Doc, list[Record]]:
    """The material's entry; ``people`` names its member as the pages do (王芳（机关一支部） when two branches
    have a 王芳), so the member filter keeps namesakes apart."""
    meta = material.meta
    doc_type = vocab.label("doc_types", meta.doc_type)
    person = person_of(meta)
    member = people.label(person) if people and person else meta.member
    who = member if member and vocab.doc_types[meta.doc_type].personal else None
    when = vocab.label("campaigns", meta.campaign) or f"{meta.year}年度"
    doc = Doc(url=url, title=meta.title, heading=" · ".join([who, when, doc_type]) if who else meta.title,
              campaign=meta.campaign, year=meta.year, member=member, branch=meta.branch, doc_type=meta.doc_type,
              date=(meta.date - _EPOCH).days)
    records = material_records(material)
    for record in records:
        doc.counts[record.kind] += 1
        if record.kind == PROBLEM:
            doc.areas.append(record.area)
    return doc, records


def doc_key(material: Material, vocab: Vocabulary, url: str, people: People | None = None) -> bytes:
    """A digest of everything ``material_doc`` (and material_records) reads: equal digests, equal results.
    Whoever makes material_doc read more adds it here (tests/test_search_incremental.py edits each part)."""
    meta = material.meta
    person = person_of(meta)
    parts = (url, people.label(person) if people and person else None, vocab.doc_types[meta.doc_type].personal,
             vocab.label("doc_types", meta.doc_type), vocab.label("campaigns", meta.campaign),
             meta.title, meta.member, meta.campaign, meta.year, meta.branch, meta.doc_type, meta.date, material.body_line,
             [(s.start.line, s.start.col, s.anchor, s.title, [(label, w.line, w.col) for label, w, _ in s.areas])
              for s in material.sections],
             [(i.kind, i.id, i.title, i.start.line, i.start.col, i.end.line, i.end.col, i.area) for i in material.items])
    h = hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16)  # a repr ends where it ends
    h.update(material.body.encode("utf-8", "surrogatepass"))
    return h.digest()


def material_entry(material: Material, vocab: Vocabulary, url: str, people: People | None,
                   cache: SearchCache | None = None, kept: dict[bytes, Entry] | None = None) -> Entry:
    """The material's Doc, records' texts and d/ entry: from ``cache`` when nothing it depends on changed. The
    entry is recorded in ``kept`` (the cache of the next rebuild)."""
    key = doc_key(material, vocab, url, people) if cache is not None else b""
    entry = cache.entries.get(key) if cache is not None else None
    if entry is None:
        doc, records = material_doc(material, vocab, url, people)
        data = {"u": doc.url, "t": doc.title, "h": doc.heading, "r": [[r.anchor, r.label, r.text] for r in records]}
        entry = Entry(doc, "\n".join(r.text for r in records), tuple(len(r.text) for r in records),
                      _json(data).encode("utf-8"))
    elif cache is not None:
        cache.hits += 1
    if kept is not None:
        kept[key] = entry
    return entry


# --- the site's own pages -------------------------------------------------------------------------------------

SITE_PAGE_TEXT = 20_000
"""Characters of a site page's text kept for search: a guide is a few thousand; pages.js stays small."""


@dataclass(frozen=True)
class SitePage:
    """A page of the site that is no material: a guide (its whole text) or a generated index (what it is and
    its title, since its body repeats the materials' text, which the materials group finds)."""
    url: str
    title: str
    group: str
    """What kind of page: 使用指南, 整改台账, 党员……"""
    text: str


def site_pages_data(pages: list[SitePage]) -> list[list[str]]:
    """[url, title, group, text] of each page, in the navigation's order."""
    return [[p.url, p.title, p.group, p.text[:SITE_PAGE_TEXT]] for p in pages]


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|[*_`]+|\{[:#.][^}]*\}|^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.M)


def markdown_text(markdown: str) -> str:
    """A guide's Markdown as the reader sees its words: links as their text, no marks, table cells apart."""
    if markdown.startswith("---"):
        _, closed, rest = markdown[3:].partition("\n---")
        if closed:  # front matter: the text after its closing line
            markdown = rest
    text = _MD_LINK.sub(r"\1", markdown)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = _MD_MARKS.sub("", text)
    text = re.sub(r"\s*\|\s*", " ", text)
    return re.sub(r"[ \t]*\n\s*", "\n", text).strip()


# --- the files ------------------------------------------------------------------------------------------------

def _script(name: str, data: object) -> str:
    # JSON is JavaScript. Chinese is written as is (not \\uXXXX): a third of the size, and a text search of the
    # site's files (tests/test_security.py) finds anything that should not be there.
    return f'{GLOBAL}.put({json.dumps(name)},{_json(data)});\n'


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build_files(archive: Archive, vocab: Vocabulary, url_of: Callable[[str], str],
                shard_target: int = SHARD_TARGET, docs_per_file: int = 1,
                site_pages: list[SitePage] | None = None, cache: SearchCache | None = None) -> Iterator[tuple[str, bytes]]:
    """(path under search/, content) of every file of the index, meta.js last; the same archive gives the same files.
    Shards hold about ``shard_target`` bytes each, and d/ files ``docs_per_file`` materials each (a list when more
    than one): meta.js gives both, and the browser reads any.

    One material at a time: its records' texts go into the corpus and its own file, then only its counts stay.
    ``cache`` (under `serve`): the materials' parts from the previous rebuild, reused when unchanged (searchcache.py).
    """
    digest = hashlib.sha256()

    def file(name: str, data: bytes) -> tuple[str, bytes]:
        text = b"".join((f"{GLOBAL}.put({json.dumps(name)},".encode(), data, b");\n"))
        digest.update(text)
        return f"{name}.js", text

    corpus = Corpus()
    people = people_of(archive.materials.values(), vocab)
    docs: list[Doc] = []
    group: list[bytes] = []
    kept: dict[bytes, Entry] = {}
    entries: list[Entry] = []  # under serve: the postings are spliced where they can be (splice.py)
    if cache is not None:
        cache.hits = 0
    for n, (path, material) in enumerate(sorted(archive.materials.items())):
        entry = material_entry(material, vocab, url_of(path), people, cache, kept if cache is not None else None)
        docs.append(entry.doc)
        if cache is not None:
            entries.append(entry)
        corpus.add_joined(entry.text, entry.lengths)
        if docs_per_file == 1:
            yield file(f"d/{n}", entry.data)
            continue
        group.append(entry.data)  # a list's JSON is its items' JSON, comma-separated, in brackets
        if len(group) == docs_per_file:
            yield file(f"d/{n // docs_per_file}", b"[%s]" % b",".join(group))
            group = []
    if group:
        yield file(f"d/{(len(docs) - 1) // docs_per_file}", b"[%s]" % b",".join(group))
    if cache is not None:
        cache.entries = kept  # only the materials there are now
    corpus.finish()
    lists = postings if cache is None else cache.splice.begin(entries, corpus)
    shards = {}
    for size, key in zip(range(1, 5), PREFIXES):
        shards[key] = count = shard_count(len(corpus), BYTES_PER_CHAR[size], shard_target)
        written = set()
        for shard, data in lists(corpus, size, count):
            written.add(shard)
            yield file(f"{key}/{shard}", data)
        # Every shard exists, empty or not: a shard that fails to load is an error, never "no results".
        for shard in sorted(set(range(count)) - written):
            yield file(f"{key}/{shard}", b"{}")
    del corpus
    if cache is not None:
        cache.splice.done()
    # The site's own pages (guides, indexes), a separate group after the materials: one small file, read once.
    yield file("pages", _json(site_pages_data(site_pages or [])).encode("utf-8"))
    meta = _meta(docs, vocab, shards)
    if docs_per_file > 1:
        meta["docs_per_file"] = docs_per_file
    meta["build"] = digest.hexdigest()[:12]
    yield "meta.js", _script("meta", meta).encode("utf-8")


def write_search(site_dir: str, archive: Archive, vocab: Vocabulary, url_of: Callable[[str], str],
                 shard_target: int = SHARD_TARGET, docs_per_file: int = 1,
                 site_pages: list[SitePage] | None = None, cache: SearchCache | None = None) -> None:
    """Write the index into ``site_dir``/search/, replacing any earlier one (and nothing else there)."""
    out = os.path.join(site_dir, OUT_DIR)
    for name in (*PREFIXES, "d"):
        shutil.rmtree(os.path.join(out, name), ignore_errors=True)
    made: set[str] = set()
    # A second thread writes the files, a group at a time, while the next ones are computed: creating thousands
    # of small files is slow, and the system calls let go of the interpreter. A few megabytes wait at most.
    with ThreadPoolExecutor(1) as writer:
        pending: deque[Future] = deque()
        group: list[tuple[str, bytes]] = []
        size = 0
        for path, data in build_files(archive, vocab, url_of, shard_target, docs_per_file, site_pages, cache):
            folder = os.path.dirname(os.path.join(out, path))
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            group.append((os.path.join(out, path), data))
            size += len(data)
            if size >= _WRITE_GROUP or len(group) >= 256:
                pending.append(writer.submit(_write, group))
                group, size = [], 0
                while len(pending) > 8 or (pending and pending[0].done()):
                    pending.popleft().result()  # a failed write stops the build here
        pending.append(writer.submit(_write, group))
        for done in pending:
            done.result()


_WRITE_GROUP = 1 << 20
"""Bytes of files handed to the writer at a time."""


def _write(files: list[tuple[str, bytes]]) -> None:
    """Write each file with three system calls (open() makes six)."""
    for path, data in files:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)


def _meta(docs: list[Doc], vocab: Vocabulary, shards: dict[str, int]) -> dict:
    def table(values) -> list:
        return sorted({v for v in values if v is not None})

    campaigns, members = table(d.campaign for d in docs), table(d.member for d in docs)
    branches, types = table(d.branch for d in docs), table(d.doc_type for d in docs)
    areas = table(a for d in docs for a in d.areas)
    index = {name: {v: i for i, v in enumerate(values)} for name, values in
             (("campaign", campaigns), ("member", members), ("branch", branches), ("type", types), ("area", areas))}
    counts = [c for d in docs for c in d.counts]
    area_of = [index["area"][a] + 1 if a is not None else 0 for d in docs for a in d.areas]
    return {
        "format": FORMAT,
        "kinds": list(KINDS),
        "shards": shards,
        "n": len(docs),
        "campaigns": [[c, vocab.label("campaigns", c), vocab.campaigns[c].year if c in vocab.campaigns else None] for c in campaigns],
        "branches": [[b, vocab.label("branches", b)] for b in branches],
        "types": [[t, vocab.label("doc_types", t)] for t in types],
        "members": members,
        "areas": areas,
        "docs": {
            "campaign": vlq([index["campaign"][d.campaign] + 1 if d.campaign else 0 for d in docs]),
            "member": vlq([index["member"][d.member] + 1 if d.member else 0 for d in docs]),
            "branch": vlq([index["branch"][d.branch] for d in docs]),
            "type": vlq([index["type"][d.doc_type] for d in docs]),
            "year": vlq([d.year - 1900 for d in docs]),
            "date": vlq([max(d.date, 0) for d in docs]),
            "counts": vlq(counts),
            "area": vlq(area_of),
        },
    }


# --- reading an index back (tests, scripts/bench.py): what search.js does, in Python --------------------------

def read_script(text: str) -> tuple[str, object]:
    """(name, data) of one file of the index."""
    head = f"{GLOBAL}.put("
    if not text.startswith(head) or not text.rstrip().endswith(");"):
        raise ValueError("not a file of the search index")
    name, _, rest = text[len(head):].partition(",")
    return json.loads(name), json.loads(rest.rstrip()[:-2])


class SiteIndex:
    """The index in a built site's search/ folder, queried as the browser queries it."""

    def __init__(self, site_dir: str) -> None:
        self.folder = os.path.join(site_dir, OUT_DIR)
        self._files: dict[str, dict] = {}
        self.meta = self.load("meta")
        counts = unvlq(self.meta["docs"]["counts"])
        k = len(KINDS)
        self.kinds: list[int] = []  # kind of every record
        self.doc_of: list[int] = []
        for doc in range(self.meta["n"]):
            for kind in range(k):
                self.kinds += [kind] * counts[doc * k + kind]
                self.doc_of += [doc] * counts[doc * k + kind]

    def load(self, name: str) -> dict:
        if name not in self._files:
            with open(os.path.join(self.folder, name + ".js"), encoding="utf-8") as fh:
                found, data = read_script(fh.read())
            if found != name:
                raise ValueError(f"{name}.js holds {found}")
            self._files[name] = data  # type: ignore[assignment]
        return self._files[name]

    def records(self, term: str) -> set[int]:
        """Records whose text contains ``term`` (normalized)."""
        lists = {}
        for _, gram in grams_for(term):
            prefix = PREFIXES[len(gram) - 1]
            shard = self.load(f"{prefix}/{gram_hash(gram) & (self.meta['shards'][prefix] - 1)}")
            if gram in shard:
                lists[gram] = shard[gram]
        return set(match(term, lists))

    def search(self, query: str) -> dict[int, set[int]]:
        """Material → its records containing a term, for materials containing every term of ``query``."""
        words = list(dict.fromkeys(normalize(query).split()))
        found: dict[int, set[int]] = {}
        per_term = [self.records(t) for t in words]
        docs = set.intersection(*({self.doc_of[r] for r in recs} for recs in per_term)) if per_term else set()
        for recs in per_term:
            for r in recs:
                if self.doc_of[r] in docs:
                    found.setdefault(self.doc_of[r], set()).add(r)
        return found

    def doc(self, n: int) -> dict:
        per = self.meta.get("docs_per_file", 1)
        return self.load(f"d/{n}") if per == 1 else self.load(f"d/{n // per}")[n % per]

    def texts(self) -> Iterator[tuple[int, str]]:
        """(material, text) of every record, from the materials' files: what a page's results can show."""
        for n in range(self.meta["n"]):
            for record in self.doc(n)["r"]:
                yield n, record[2]
