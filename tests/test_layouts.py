"""The layout corpus: real layouts of members' materials, each with the counts a careful reader expects.

Every fixture under tests/fixtures/layouts/<layout>/NN.txt is imported exactly as `archive import` does
(importer.import_file with the command line's metadata), the Markdown it writes is parsed by the build's
own parser (pipeline.parse_material), and the counts (areas, problems, causes, measures, problem→measure
links) must be those of tests/fixtures/layouts/expected.csv, with no sentence of the input lost.

The column `today` records how the recogniser does now: a fixture marked `fail` is an expected failure
(xfail, not strict) until the recogniser learns its layout; flip it to `pass` when it passes.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT
from studyarchive.cli.importer import import_file, missing_sentences
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.pipeline import parse_material
from studyarchive.parse.markers import PROPOSAL_RE, SPLIT_RE
from studyarchive.parse.numbering import halfwidth

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
COUNTS = ("areas", "problems", "causes", "measures", "links")
GIVEN = {"member": "张三", "campaign": "2024-dangji", "date": dt.date(2024, 7, 18), "title": None}


def rows() -> list[dict[str, str]]:
    with open(LAYOUTS / "expected.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cases() -> list:
    out = []
    for row in rows():
        marks = [] if row["today"] == "pass" else [pytest.mark.xfail(strict=False, reason="recogniser: issue 19")]
        out.append(pytest.param(row, id=row["file"], marks=marks))
    return out


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")


def measured(path: Path, doc_type: str, vocab) -> tuple[dict[str, int], list[str], list[str]]:
    """Counts of the imported material as the build sees it, sentences lost, and the build's messages."""
    converted, doc = import_file(path, vocab, {**GIVEN, "doc_type": doc_type})
    out: list = []
    material = parse_material("2024-dangji/zhangsan.md", converted.text, vocab, "docs/", out)
    assert material is not None, [d.message for d in out]
    problems = material.items_of("problem")
    measures = material.items_of("measure")
    links = 0
    for measure in measures:
        # Links the text states (【针对问题：…】, 对应问题1.2) and links the import proposes (【建议对应问题：…】).
        links += sum(1 for r in measure.refs if r.kind == "problem")
        for m in PROPOSAL_RE.finditer(halfwidth(measure.text)):
            if m.group(2) == "问题":
                links += len([t for t in SPLIT_RE.split(m.group(3).strip()) if t])
    counts = {
        "areas": len({(p.area_index, p.area) for p in problems if p.area is not None}),
        "problems": len(problems),
        "causes": len(material.items_of("cause")),
        "measures": len(measures),
        "links": links,
    }
    return counts, missing_sentences(doc.lines, converted.text), [d.message for d in out]


def test_the_table_names_every_fixture_once() -> None:
    listed = [r["file"] for r in rows()]
    on_disk = sorted(p.relative_to(LAYOUTS).as_posix() for p in LAYOUTS.glob("*/*.txt"))
    assert sorted(listed) == on_disk
    assert len(listed) == len(set(listed))
    assert all(r["today"] in ("pass", "fail") for r in rows())
    assert all(r["layout"] == r["file"].split("/")[0] for r in rows())


@pytest.mark.parametrize("row", cases())
def test_layout_counts(row: dict[str, str], vocab) -> None:
    counts, lost, _ = measured(LAYOUTS / row["file"], row["doc_type"], vocab)
    expected = {k: int(row[k]) for k in COUNTS}
    assert lost == []
    assert counts == expected
