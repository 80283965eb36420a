"""Core of the study archive: read, parse, link and index members' materials.

Knows nothing of MkDocs, except its mkdocs/ folder: the adapter (``mkdocs/mkdocs_adapter.py``) that the hook
in ``hooks/archive_hook.py`` loads, and the command's reading of mkdocs.yml; the adapter, the scripts and the tests
all call :func:`studyarchive.link.pipeline.build_archive`.
"""

from .core.diagnostics import ArchiveError, Diagnostic
from .core.model import Archive, Item, Material, Meta, Ref
from .link.pipeline import build_archive

__all__ = ["Archive", "ArchiveError", "Diagnostic", "Item", "Material", "Meta", "Ref", "build_archive"]
