"""Under `serve`, the ledger's CSV and Excel files (output/sheets.py, SheetMemo) and archive.json's per-material
pieces (output/export.py, MaterialMemo) are kept from one rebuild to the next: after any sequence of saves, each file
is byte for byte what a build from scratch writes, and a save makes again only what it changed.
tests/test_serve_incremental.py compares whole served sites.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, corpus_sources, examples, generated_corpus
from studyarchive.analyse.indexes import Options, build_index
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.pipeline import build_archive
from studyarchive.mkdocs.mkdocs_adapter import ArchiveBuild
from studyarchive.output import export as ex
from studyarchive.output import sheets
from studyarchive.output.export import MaterialMemo
from studyarchive.output.sheets import SheetMemo

sys.path.insert(0, str(ROOT / "scripts"))

TODAY = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[dict[str, str], str]:
    root = generated_corpus(tmp_path_factory.mktemp("memo"), 80, 5)
    return corpus_sources(root), (root / "vocabulary.yml").read_text(encoding="utf-8")


def url_of(path: str) -> str:
    return path.removesuffix(".md") + "/"


def outputs(sources: dict[str, str], vocabulary: str, today: dt.date, branch: str = "第一党支部",
            memo: tuple[SheetMemo, MaterialMemo] | None = None) -> dict[str, bytes]:
    """Every ledger file and archive.json's materials, by name; from scratch without ``memo``."""
    vocab = load_vocabulary(vocabulary, "vocabulary.yml")
    archive = build_archive(sorted(sources.items()), vocab)
    index = build_index(archive, vocab, Options(today))
    kept_sheets, kept_json = memo or (None, None)
    out = {}
    for c in index.campaigns:
        if c.ledger:
            out[f"{c.id}.csv"] = sheets.ledger_csv(c, url_of, kept_sheets)
            out[f"{c.id}.xlsx"] = sheets.ledger_xlsx(c, url_of, today, branch, kept_sheets)
    out["archive.json"] = ex.dumps(ex.export(archive, vocab, url_of, kept_json)).encode("utf-8")
    return out


def campaign_of(text: str) -> str | None:
    found = re.search(r"^campaign: (.+)$", text, re.M)
    return found.group(1) if found else None


def test_the_corpus_has_ledgers_in_several_campaigns(corpus) -> None:
    sources, vocabulary = corpus
    names = [name for name in outputs(sources, vocabulary, TODAY) if name.endswith(".xlsx")]
    assert len(names) >= 3, "the test needs several campaigns' ledgers"


def test_a_save_makes_again_only_its_campaigns_files_and_its_own_piece(corpus, monkeypatch) -> None:
    sources, vocabulary = corpus
    memo = (SheetMemo(), MaterialMemo())
    first = outputs(sources, vocabulary, TODAY, memo=memo)
    made: list[str] = []
    real_csv, real_xlsx, real_material = sheets._csv, sheets._xlsx, ex._material
    monkeypatch.setattr(sheets, "_csv", lambda values: made.append("csv") or real_csv(values))
    monkeypatch.setattr(sheets, "_xlsx", lambda values, label, *rest: made.append(label) or real_xlsx(values, label, *rest))
    monkeypatch.setattr(ex, "_material", lambda m, *rest: made.append(m.path) or real_material(m, *rest))
    assert outputs(sources, vocabulary, TODAY, memo=memo) == first
    assert made == []  # nothing saved: nothing made again
    path = next(p for p, text in sources.items() if campaign_of(text) and "状态：未启动" in text)
    edited = {**sources, path: sources[path].replace("状态：未启动", "状态：已完成", 1)}
    got = outputs(edited, vocabulary, TODAY, memo=memo)
    vocab = load_vocabulary(vocabulary, "vocabulary.yml")
    assert made == ["csv", vocab.label("campaigns", campaign_of(sources[path])), path]
    monkeypatch.undo()
    assert got == outputs(edited, vocabulary, TODAY)
    assert got != first


def test_a_marker_in_one_material_makes_again_the_piece_of_the_material_it_names(corpus, monkeypatch) -> None:
    """A measure answering another material's problem changes that problem's "measures": the other's piece."""
    sources, vocabulary = corpus
    memo = (SheetMemo(), MaterialMemo())
    outputs(sources, vocabulary, TODAY, memo=memo)
    path, other = [p for p, text in sorted(sources.items()) if campaign_of(text) and "【针对问题：" in text][:2]
    edited = {**sources, path: sources[path].replace("【针对问题：", f"【针对问题：{other.removesuffix('.md')}#1.1、", 1)}
    made: list[str] = []
    real = ex._material
    monkeypatch.setattr(ex, "_material", lambda m, *rest: made.append(m.path) or real(m, *rest))
    got = outputs(edited, vocabulary, TODAY, memo=memo)
    assert sorted(made) == sorted([path, other])
    monkeypatch.undo()
    assert got == outputs(edited, vocabulary, TODAY)
    assert f'"measures":["{path.removesuffix(".md")}#' in got["archive.json"].decode("utf-8")


@pytest.mark.parametrize("change", ["today", "branch", "label"])
def test_the_workbook_is_made_again_when_only_its_title_changes(corpus, change) -> None:
    """The same rows: the date, the branch or the campaign's label alone is in the workbook's title."""
    sources, vocabulary = corpus
    vocab = load_vocabulary(vocabulary, "vocabulary.yml")
    campaign = next(c for c in build_index(build_archive(sorted(sources.items()), vocab), vocab, Options(TODAY)).campaigns if c.ledger)
    memo = SheetMemo()
    before = sheets.ledger_xlsx(campaign, url_of, TODAY, "第一党支部", memo)
    today, branch = (TODAY + dt.timedelta(days=1), "第一党支部") if change == "today" else (TODAY, "第二党支部")
    if change == "label":
        campaign.label, branch = "新的批次", "第一党支部"
    got = sheets.ledger_xlsx(campaign, url_of, today, branch, memo)
    assert got == sheets.ledger_xlsx(campaign, url_of, today, branch)
    assert got != before


def test_only_serve_keeps_them() -> None:
    build = ArchiveBuild()
    build.on_startup(command="build", dirty=False)
    assert build.kept is None
    build.on_startup(command="serve", dirty=True)
    assert build.kept is not None
    assert isinstance(build.kept.sheets, SheetMemo) and isinstance(build.kept.exported, MaterialMemo)


# One save: a sentence added, a ledger status changed, a marker dropped or one naming another material added, a title
# changed, a material deleted or copied to a new file; or the vocabulary's label of a campaign, the build date or the
# branch's name changed (the workbook's title has all three).
SAVE = st.tuples(st.sampled_from(["append", "status", "unmark", "link", "title", "delete", "copy", "label", "today", "branch"]),
                 st.integers(0, 10**6), st.integers(0, 10**6))


def save(what: str, a: int, b: int, sources: dict[str, str], vocabulary: str, today: dt.date, branch: str) -> tuple:
    paths = sorted(sources)
    one, other = paths[a % len(paths)], paths[b % len(paths)]
    text = sources[one]
    if what == "append":
        sources[one] = text.replace("。", "。各支部要对照检查、立行立改。", 1)
    elif what == "status":
        sources[one] = text.replace("状态：未启动", "状态：已完成", 1).replace("状态：整改中", "状态：未启动", 1)
    elif what == "unmark":
        sources[one] = re.sub(r"【针对问题：[^】]*】", "", text, count=1)
    elif what == "link":
        sources[one] = text.replace("【针对问题：", f"【针对问题：{other.removesuffix('.md')}#1.1、", 1)
    elif what == "title":
        sources[one] = text.replace("title: ", "title: 修改后的", 1)
    elif what == "delete" and len(paths) > 2:
        del sources[one]
    elif what == "copy":
        sources[one.removesuffix(".md") + f"-{b}.md"] = sources[other]
    elif what == "label":
        vocabulary = re.sub(r"(campaigns:.*?label: )", r"\1新", vocabulary, count=1, flags=re.S)
    elif what == "today":
        today += dt.timedelta(days=1 + b % 400)
    elif what == "branch":
        branch += "（新）"
    return vocabulary, today, branch


@settings(max_examples=examples(10), deadline=None)
@given(saves=st.lists(SAVE, min_size=1, max_size=4))
def test_any_saves_give_the_bytes_of_a_build_from_scratch(corpus, saves) -> None:
    sources, vocabulary = corpus
    sources, today, branch = dict(sources), TODAY, "第一党支部"
    memo = (SheetMemo(), MaterialMemo())
    outputs(sources, vocabulary, today, branch, memo)
    for what, a, b in saves:
        vocabulary, today, branch = save(what, a, b, sources, vocabulary, today, branch)
        assert outputs(sources, vocabulary, today, branch, memo) == outputs(sources, vocabulary, today, branch)
