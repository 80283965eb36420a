"""The benchmark's largest corpus passes the build's strict rules (`make bench` builds it with --strict).

At 10,000 materials the generated names include members of the same pinyin in different branches (戴建, 戴健):
their pages' addresses must be recorded in urls.yml, as `archive new` records them in a real archive, or the
strict build stops on the warning that the address depends on the other member (core/naming.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from clitools import archive
from conftest import ROOT
from studyarchive.core.naming import load_urls

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus


def test_the_10000_corpus_records_its_namesakes_and_passes_the_strict_check(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    assert gen_corpus.main([str(target), "--n", "10000"]) == 0
    corpus_vocab = gen_corpus.yaml.safe_load((target / "vocabulary.yml").read_text(encoding="utf-8"))
    recorded = load_urls(target, {b["id"]: b["label"] for b in corpus_vocab["branches"]})
    assert recorded.problems == []
    slugs = [r.slug for r in recorded.records]
    bases = [s.rsplit("-", 1)[0] if s[-1].isdigit() else s for s in slugs]
    assert len(slugs) >= 2 and len(set(slugs)) == len(slugs) and len(set(bases)) < len(bases), recorded.records
    checked = archive(target, "check", "--strict")
    assert (checked.returncode, checked.stdout.splitlines()[-1]) == (0, "检查了 10000 份材料，没有发现问题。"), checked.stdout


def test_a_small_corpus_has_no_namesakes_and_no_urls_file(tmp_path: Path) -> None:
    assert gen_corpus.main([str(tmp_path / "c"), "--n", "200"]) == 0
    assert not (tmp_path / "c" / "urls.yml").exists()
