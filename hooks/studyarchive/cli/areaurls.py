"""`archive new` and `archive import`: record in urls.yml the area pages a new material's campaign could
displace (the members' lines are written by cli._record_urls, whose last step this is)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..analyse.indexes import area_first_seen
from ..config.project import Project, read_materials
from ..core.naming import AREA_PAGES, AREAS_KEY, URLS_FILE, Recorded, append_areas, area_lines_to_record, slug
from ..core.vocab import Vocabulary
from ..link.pipeline import build_archive


def record_areas(project: Project, vocab: Vocabulary, new: list[str], fresh: set[Path], recorded: Recorded, out: TextIO) -> None:
    """Record in urls.yml the area pages that the areas of a new material's campaign could displace, and
    those new areas (naming.area_lines_to_record)."""
    others = {slug(a) or "area" for e in vocab.campaigns.values() for a in e.areas if a not in new} | {r.slug for r in recorded.areas}
    if not any((slug(a) or "area") in others for a in new):
        return  # no other area of the vocabulary wants these slugs: reading every material would find nothing
    sources, _ = read_materials(project)
    before = [(src_uri, text) for src_uri, text in sources if (project.docs_dir / src_uri).resolve() not in fresh]
    records = area_lines_to_record(new, area_first_seen(build_archive(before, vocab, project.prefix, audience=project.audience)), recorded)
    if not records:
        return
    lines = append_areas(project.root, records)
    if lines is None:
        wanted = "”“".join(f"{a}: {s}" for a, s in records.items())
        print(f"注意：{URLS_FILE} 中的“{AREAS_KEY}:”不是每行写一个检视方面，没有自动记下检视方面的页面网址；请改成每行一个，再加上：“{wanted}”。", file=out)
        return
    for (area, s), line in zip(records.items(), lines):
        print(f"已在 {URLS_FILE} 记下检视方面“{area}”的页面网址 {AREA_PAGES}/{s}/（“{line.strip()}”），以后不再变化；请把 {URLS_FILE} 一并提交。", file=out)

