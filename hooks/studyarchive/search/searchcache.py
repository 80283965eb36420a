"""Under `serve`: what the search index took from each material, kept from one rebuild to the next (issue #22).

A save changes one material; the others' records, counts and d/ entries are the same as in the previous rebuild,
so ``build_files`` takes them from here instead of computing them again. An entry is found by a digest of
everything ``material_doc`` reads (search.doc_key), so a material whose inputs changed in any way is computed
again, and the files are byte for byte those of a build from scratch. Owned by the adapter's ArchiveBuild for a
serve session only (None in a plain `mkdocs build`), like analyse/similar.GroupCache; the core knows no MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .splice import Splice

if TYPE_CHECKING:
    from .search import Doc


@dataclass(frozen=True, slots=True)
class Entry:
    """One material's part of the index."""

    doc: Doc
    text: str
    """Its records' texts, joined by newlines (as the corpus joins them)."""
    lengths: tuple[int, ...]
    """The length of each record's text."""
    data: bytes
    """Its d/ entry: JSON, UTF-8."""


class SearchCache:
    """Each material's Entry by its digest: only those of the latest rebuild are kept, so the cache holds about the
    archive's text twice (its records and its d/ entries) however many saves there are; and ``splice``, the latest
    shard files of the postings (about 8 bytes a character of text, performance.md item 50)."""

    def __init__(self) -> None:
        self.entries: dict[bytes, Entry] = {}
        self.hits = 0
        """Entries reused in the latest rebuild (the tests check that a save recomputes only what it changed)."""
        self.splice = Splice()
        """The postings of the latest rebuild, into which the next one splices its changed records (splice.py)."""
