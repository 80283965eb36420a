"""Core of the study archive: read, parse, link and index members' materials.

Knows nothing of MkDocs: the hook in ``hooks/archive_hook.py``, the scripts and the tests
all call :func:`studyarchive.pipeline.build_archive`.
"""

from .diagnostics import ArchiveError, Diagnostic
from .model import Archive, Item, Material, Meta, Ref
from .pipeline import build_archive

__all__ = ["Archive", "ArchiveError", "Diagnostic", "Item", "Material", "Meta", "Ref", "build_archive"]
