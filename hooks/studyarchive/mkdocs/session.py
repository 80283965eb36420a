"""What a `serve` session keeps from one rebuild to the next, so that a save redoes only what it changed.

MkDocs loads a hook file once per process, so the adapter's ``ArchiveBuild`` and these objects live as long as the
session; a plain `mkdocs build` has none of them. Each is used only with the speed-ups on (``ARCHIVE_PLAIN=1``
builds everything afresh, as the tests that compare the two need).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analyse.similar import GroupCache
from ..link.pipeline import ParseCache
from ..output.export import MaterialMemo
from ..output.sheets import SheetMemo
from ..search.searchcache import SearchCache
from .speedups import IdleCollector


@dataclass
class Kept:
    parsed: ParseCache = field(default_factory=ParseCache)
    """Each file's parse, while the file, the vocabulary and the prefix stay the same (link/pipeline.py)."""
    groups: GroupCache = field(default_factory=GroupCache)
    """Each campaign's groups of near-identical statements, while its statements stay the same (analyse/similar.py)."""
    sheets: SheetMemo = field(default_factory=SheetMemo)
    """Each campaign's ledger files (CSV, Excel), while their rows stay the same (output/sheets.py)."""
    exported: MaterialMemo = field(default_factory=MaterialMemo)
    """Each material's piece of archive.json, while the values it is made from stay the same (output/export.py)."""
    search: SearchCache = field(default_factory=SearchCache)
    """Each material's part of the search index, while the material stays the same (search/searchcache.py)."""
    collector: IdleCollector = field(default_factory=IdleCollector)
    """Frees the last rebuild's objects while serve waits for the next save (speedups.py)."""
