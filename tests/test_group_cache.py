"""Under `serve`, the search for near-identical statements (千人一面) reruns only for campaigns whose statements changed
(analyse/similar.py, GroupCache): after any sequence of saves, the groups equal those of a search from scratch, and
only the saved material's campaign is searched again. tests/test_serve_incremental.py compares whole served sites.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, corpus_sources, examples, generated_corpus
from studyarchive.analyse import similar
from studyarchive.analyse.similar import GroupCache, find_groups
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.pipeline import build_archive

sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[dict[str, str], object]:
    root = generated_corpus(tmp_path_factory.mktemp("groups"), 120, 3)
    vocab = load_vocabulary((root / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    return corpus_sources(root), vocab


def shape(groups: list) -> list:
    """What a group says: where, who leads, and each member with its score."""
    return [(g.campaign, g.kind, g.leader.key, g.leader.author, [(s.key, s.author, score) for s, score in g.members])
            for g in groups]


def groups_of(sources: dict[str, str], vocab, threshold: float = similar.DEFAULT_THRESHOLD, cache: GroupCache | None = None) -> list:
    return find_groups(build_archive(sorted(sources.items()), vocab), threshold, cache)


def campaign_of(text: str) -> str | None:
    line = next((line for line in text.splitlines() if line.startswith("campaign:")), None)
    return line.split(":", 1)[1].strip() if line else None


def test_the_corpus_has_groups_to_find(corpus) -> None:
    sources, vocab = corpus
    found = groups_of(sources, vocab)
    assert len({g.campaign for g in found}) >= 2, "the test needs groups in more than one campaign"


def test_a_save_searches_only_its_campaign_again(corpus, monkeypatch) -> None:
    sources, vocab = corpus
    cache = GroupCache()
    first = groups_of(sources, vocab, cache=cache)
    searched: list[str] = []
    real = similar._cluster

    def counting(campaign, kind, found, threshold):
        searched.append(campaign)
        return real(campaign, kind, found, threshold)

    monkeypatch.setattr(similar, "_cluster", counting)
    assert shape(groups_of(sources, vocab, cache=cache)) == shape(first)
    assert searched == []  # nothing changed: nothing searched
    path = next(p for p, text in sources.items() if campaign_of(text) and "。" in text)
    edited = {**sources, path: sources[path].replace("。", "，并抄送全体党员。", 3)}
    got = groups_of(edited, vocab, cache=cache)
    assert set(searched) == {campaign_of(sources[path])}
    monkeypatch.setattr(similar, "_cluster", real)
    assert shape(got) == shape(groups_of(edited, vocab))


def test_another_threshold_searches_everything_again(corpus) -> None:
    sources, vocab = corpus
    cache = GroupCache()
    groups_of(sources, vocab, 0.6, cache)
    assert shape(groups_of(sources, vocab, 0.3, cache)) == shape(groups_of(sources, vocab, 0.3))
    assert {key[2] for key in cache.kept} == {0.3}  # a campaign's groups at one threshold only


# One save: a material's statement copied into another material (a new group), a sentence added, or a material deleted.
SAVE = st.tuples(st.sampled_from(["copy", "append", "delete"]), st.integers(0, 10**6), st.integers(0, 10**6))


@settings(max_examples=examples(12), deadline=None)
@given(saves=st.lists(SAVE, min_size=1, max_size=4))
def test_any_saves_give_the_groups_of_a_search_from_scratch(corpus, saves) -> None:
    sources, vocab = corpus
    sources = dict(sources)
    cache = GroupCache()
    groups_of(sources, vocab, cache=cache)
    for what, a, b in saves:
        paths = sorted(sources)
        one, other = paths[a % len(paths)], paths[b % len(paths)]
        if what == "delete" and len(paths) > 2:
            del sources[one]
        elif what == "append":
            sources[one] = sources[one].replace("。", "。各支部要对照检查、立行立改。", 1)
        else:
            line = next((line for line in sources[other].splitlines() if line.startswith("1. ") and len(line) > 20), None)
            if line is not None:
                sources[one] = sources[one].replace("\n1. ", f"\n{line}\n1. ", 1)
        assert shape(groups_of(sources, vocab, cache=cache)) == shape(groups_of(sources, vocab))
