"""The synthetic corpus (scripts/gen_corpus.py) and the benchmark (scripts/bench.py), on small N.

Timings are never asserted: only that the generator is deterministic, that its ground truth is what the
text says, that the corpus builds strictly, and that the benchmark runs end to end and reports.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import ROOT, mkdocs
from studyarchive import build_archive
from studyarchive.core.vocab import load_vocabulary

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus

N = 80
FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def files(root: Path) -> dict[str, bytes]:
    """Every generated file (not a built site/) by relative path."""
    found = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {path: p.read_bytes() for path, p in found.items() if not path.startswith("site/")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corpus") / "site"
    assert gen_corpus.main([str(target), "--n", str(N), "--seed", "7"]) == 0
    return target


def test_same_seed_gives_byte_identical_files(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    gen_corpus.main([str(again), "--n", str(N), "--seed", "7"])
    first, second = files(corpus), files(again)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []
    materials = [p for p in first if p.startswith("docs/") and p.endswith(".md") and p != "docs/index.md"]
    assert len(materials) == N

    other = tmp_path / "other"
    gen_corpus.main([str(other), "--n", str(N), "--seed", "8"])
    assert files(other) != first


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one() -> None:
    small, large = gen_corpus.generate(30, 3), gen_corpus.generate(60, 3)
    assert [(p.path, p.text()) for p in small.pages] == [(p.path, p.text()) for p in large.pages[:30]]


def test_the_corpus_has_the_variety_it_promises(corpus: Path) -> None:
    truth = json.loads((corpus / "ground_truth.json").read_text(encoding="utf-8"))
    materials = truth["materials"]
    assert {m["doc_type"] for m in materials.values()} >= {
        "self_review", "branch_review", "rectification_list", "speech_outline", "reflection", "study_notes", "minutes", "talk_record"}
    members = {m["member"] for m in materials.values() if m["doc_type"] == "self_review"}
    campaigns_of = {name: {m["campaign"] for m in materials.values() if m["member"] == name and m["doc_type"] == "self_review"} for name in members}
    assert max(len(c) for c in campaigns_of.values()) >= 2  # members over several campaigns
    texts = files(corpus / "docs")
    assert any("【落实措施：" in t.decode() for t in texts.values())  # yearly meetings link to last year's measures
    assert truth["near_duplicates"] and all(len(g["problems"]) >= 2 for g in truth["near_duplicates"])


def split(text: str) -> tuple[dict, str]:
    m = FRONT_RE.match(text)
    assert m, "every material starts with front matter"
    return yaml.safe_load(m.group(1)), m.group(2)


def test_ground_truth_is_what_the_text_says(corpus: Path) -> None:
    """Scan the files (pages) and parse them with the core (problems, measures): both must agree."""
    truth = json.loads((corpus / "ground_truth.json").read_text(encoding="utf-8"))
    docs = corpus / "docs"
    pages: dict[str, str] = {}
    sources = []
    for path, data in files(docs).items():
        if not path.endswith(".md") or path == "index.md":
            continue
        text = data.decode("utf-8")
        sources.append((path, text))
        meta, body = split(text)
        title, member = meta.get("title") or meta.get("标题"), meta.get("member") or meta.get("党员") or ""
        pages[path] = f"{title}\n{member}\n{body}"
    assert sorted(pages) == sorted(truth["materials"])

    vocab = load_vocabulary((corpus / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    archive = build_archive(sources, vocab)
    assert [str(d) for d in archive.diagnostics] == []
    for path, material in archive.materials.items():
        assert [i.id for i in material.items_of("problem")] == truth["materials"][path]["problems"], path
        assert [i.id for i in material.items_of("measure")] == truth["materials"][path]["measures"], path
    structured = [p for p, m in truth["materials"].items() if m["problems"]]
    assert set(structured) <= set(archive.materials)

    phrases = [q["phrase"] for q in truth["queries"]]
    assert {"一岗双责", "三会一课", "中央八项规定", "宗旨意识", "联系群众", "碎片化", "整改措施", "形式主义"} <= set(phrases)
    for query in truth["queries"]:
        phrase = query["phrase"]
        assert query["pages"] == sorted(p for p, text in pages.items() if phrase in text), phrase
        for kind, key in (("problem", "problems"), ("measure", "measures")):
            found = sorted(f"{path}#{i.id}" for path, m in archive.materials.items() for i in m.items_of(kind) if phrase in i.text)
            assert query[key] == found, (phrase, kind)
    by_phrase = {q["phrase"]: q for q in truth["queries"]}
    assert by_phrase["区块链"]["pages"] == []  # a phrase no material contains
    assert all(by_phrase[p]["pages"] for p in ("一岗双责", "三会一课", "宗旨意识", "联系群众", "碎片化", "整改措施", "形式主义"))
    assert by_phrase["宗旨意识"]["measures"] or by_phrase["宗旨意识"]["problems"]
    names = phrases[len(gen_corpus.PROBES):]
    assert names and all(by_phrase[n]["pages"] for n in names)  # a member's name


def test_the_corpus_builds_strictly_with_cross_links(corpus: Path) -> None:
    built = mkdocs(corpus, "build", "--strict")
    assert built.code == 0, built.output
    assert built.log_lines == []
    texts = {p: t.decode() for p, t in files(corpus / "docs").items() if p.endswith(".md")}
    follow_up = next(p for p, t in texts.items() if "【落实措施：" in t)
    target, measure = re.search(r"【落实措施：([^#】]+)#(\d+)】", texts[follow_up]).groups()
    page = (corpus / "site" / follow_up.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    base = f"http://archive/{follow_up.removesuffix('.md')}/"
    assert f"http://archive/{target}/#measure-{measure}" in {urljoin(base, h) for h in re.findall(r'href="([^"]+)"', page)}


def test_bench_runs_end_to_end_at_a_tiny_n(tmp_path: Path) -> None:
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--n", "3", "5", "--runs", "1", "--serve-n", "5", "--serve-edits", "1", "--serve-timeout", "300",
         "--out", str(out), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert [row["n"] for row in data["results"]] == [3, 5]
    for row in data["results"]:
        assert row["corpus"]["materials"] == row["n"]
        for variant in ("plain", "archive"):
            v = row[variant]
            assert v["median_s"] > 0 and v["median_cpu_s"] > 0 and v["peak_rss_mb"] > 0
            assert v["site_files"] > row["n"] and v["search_bytes"] > v["search_gzip_bytes"] > 0
            assert v["warnings"] == 0
        assert set(row["ratios"]) == {"time", "cpu", "rss", "site", "search", "search_gzip"}
    assert data["scaling"]["from"] == 3 and data["scaling"]["to"] == 5
    assert data["serve"]["n"] == 5 and data["serve"]["ratio"] > 0
    assert all(s > 0 for s in data["serve"]["archive"]["seconds"] + data["serve"]["plain"]["seconds"])
    table = (out / "bench.md").read_text(encoding="utf-8")
    assert "| N | 构建 | 用时（中位数） |" in table
    assert "| 5 | (a) MkDocs + Material |" in table and "| 5 | (b) 学习档案 |" in table and "| 5 | **b / a** |" in table
    assert "mkdocs serve" in table
    assert not (tmp_path / "work" / "5").exists()  # corpora are removed unless --keep


@pytest.fixture(scope="module")
def ours(corpus: Path, tmp_path_factory) -> dict[str, bytes]:
    """The corpus's site as the archive builds it."""
    site = tmp_path_factory.mktemp("ours")
    built = mkdocs(corpus, "build", "--strict", "-d", str(site))
    assert built.code == 0, built.output
    return files(site)


def test_skipping_plain_texts_in_markdown_changes_no_byte(corpus: Path, ours: dict[str, bytes], tmp_path: Path) -> None:
    """plaininline.py lets Python-Markdown skip its inline patterns on texts none can match. Built again
    with that extension doing nothing, every file is the same."""
    off = ("import sys; sys.path.insert(0, sys.argv.pop(1)); import studyarchive.mkdocs.plaininline as p; "
           "p.PlainTextExtension.extendMarkdown = lambda self, md: None; "
           "from mkdocs.__main__ import cli; cli(prog_name='mkdocs')")
    proc = subprocess.run([sys.executable, "-c", off, str(ROOT / "hooks"), "build", "--strict", "-d", str(tmp_path / "off"),
                           "-f", str(corpus / "mkdocs.yml")], cwd=corpus, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    theirs = files(tmp_path / "off")
    assert sorted(ours) == sorted(theirs) and len(ours) > 100
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_the_faster_templates_write_what_material_writes(corpus: Path, ours: dict[str, bytes], tmp_path: Path) -> None:
    """overrides/partials/nav-item.html renders each navigation item off the page's path once per link target
    (speedups.NavCache), and overrides/partials/language.html looks each text up once (Translations).
    Built again with Material's own two templates, every file is the same."""
    import shutil

    import yaml

    theirs_dir = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", theirs_dir)
    for name in ("nav-item.html", "language.html"):
        (theirs_dir / "partials" / name).unlink()
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(theirs_dir)
    (corpus / "mkdocs-material-nav.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    theirs = mkdocs(corpus, "build", "--strict", "-d", str(tmp_path / "theirs"), config="mkdocs-material-nav.yml")
    assert theirs.code == 0, theirs.output
    a, b = ours, files(tmp_path / "theirs")
    assert sorted(a) == sorted(b) and len(a) > 100
    assert [path for path in a if a[path] != b[path]] == []
    assert "404.html" in a and b'class="md-nav__item md-nav__item--pruned md-nav__item--nested"' in a["index.html"]
    # Texts from the Chinese table and from the English one (zh lacks "direction"), as Material writes them.
    page = a["index.html"].decode()
    assert '<html lang="zh" class="no-js">' in page and '<body dir="ltr">' in page and "回到页面顶部" in page


def test_translations_are_materials_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text Material's templates ask for, and a key no table has, as Material's own macro gives it."""
    from mkdocs.theme import Theme

    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    from studyarchive.mkdocs.speedups import Translations

    env = Theme(name="material", language="zh").get_env()
    material = env.from_string('{% import "partials/languages/zh.html" as lang %}{% import "partials/languages/en.html" as fallback %}'
                               "{% macro t(key) %}{{ lang.t(key) or fallback.t(key) or key }}{% endmacro %}{{ t(key) }}")
    keys = set()
    for template in Path(env.loader.searchpath[0]).rglob("*.html"):  # Material's templates
        keys |= set(re.findall(r"""lang\.t\(\s*["']([^"']+)["']""", template.read_text(encoding="utf-8")))
    assert {"direction", "top", "search.placeholder"} <= keys and len(keys) > 40
    translate = Translations(env, "zh")
    for key in [*sorted(keys), "no.such.key"]:
        assert translate(key) == material.render(key=key), key
    assert translate("direction") == "ltr" and translate("no.such.key") == "no.such.key" and translate("top") == "回到页面顶部"
