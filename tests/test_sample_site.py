"""The bundled sample archive: what a newcomer sees first must build strictly and be believable."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    site = tmp_path_factory.mktemp("sample") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return proc, site


def test_sample_builds_strictly_without_warnings(sample) -> None:
    proc, _ = sample
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []


def test_sample_is_a_believable_branch(sample) -> None:
    _, site = sample
    materials = json.loads((site / "archive.json").read_text(encoding="utf-8"))["materials"]
    reviews = [m for m in materials if m["doc_type"] in ("self_review", "branch_review")]
    assert len({m["member"] for m in materials if m["member"]}) >= 8
    assert {"2023-zhuti-2", "2024-dangji", "2024-annual"} <= {m["campaign"] for m in materials}
    assert len(reviews) >= 20
    assert Counter(m["campaign"] for m in reviews)["2024-annual"] >= 5
    assert {"reflection", "minutes", "speech_outline", "study_notes"} <= {m["doc_type"] for m in materials}
    # Every problem is answered, every measure answers something, and some links cross materials.
    problems = [p for m in reviews for p in m["problems"]]
    measures = [x for m in reviews for x in m["measures"]]
    assert len(problems) >= 60 and len(measures) >= 40
    assert [f"{m['path']}#{p['id']}" for m in reviews for p in m["problems"] if not p["measures"]] == []
    assert [f"{m['path']}#{x['id']}" for m in reviews for x in m["measures"] if not x["problems"]] == []
    # Measures answer their own material's problems; the links across materials are the annual meeting's
    # 【落实措施：2023-zhuti-2/…#n】, shown on both pages.
    assert [ref for p in problems for ref in p["measures"] if "#" in ref] == []
    crossing = {}
    for m in materials:
        page = (site / m["url"] / "index.html").read_text(encoding="utf-8")
        targets = {t for t in re.findall(r'href="((?:\.\./)+[^"#]+/)#measure-', page)}
        others = {t.lstrip("./") for t in targets} - {m["url"]}  # pages of materials sit two folders deep
        if others:
            crossing[m["path"]] = others
    assert len(crossing) >= 5 and all(p.startswith("2024-annual/") for p in crossing), crossing
    annual = (site / "2023-zhuti-2" / "wangjianguo" / "index.html").read_text(encoding="utf-8")
    assert "相关记录：" in annual and "2024年度组织生活会" in annual


def test_sample_uses_the_different_conventions(sample) -> None:
    texts = {p: p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")}
    joined = "\n".join(texts.values())
    for form in ("一是", "1．", "（1）", "①", "第一，", "首先，", "【针对问题：", "（对应问题", "【落实措施：", "### ", "标题:", "文档类型:"):
        assert form in joined, form


def test_every_page_gets_its_html_back_with_one_title(sample) -> None:
    """The archive's HTML is kept out of Markdown and pages wait compressed (fragments.py): no token may
    be left in the site, and the theme must not add a second title to a page whose HTML was held."""
    _, site = sample
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "\ue000" not in text and "\ue001" not in text, page
        if "<article" not in text or "/print/" in page.as_posix() or page.name == "404.html":
            continue  # a bound volume holds a cover title and one per material
        article = text[text.index("<article"):text.index("</article>")]
        assert article.count("<h1") == 1, page


def test_every_page_has_a_title_of_its_own(sample) -> None:
    """The browser tab and a bookmark say what a page is: the ledger and the problem list of one campaign differ."""
    _, site = sample
    titles: dict[str, list[str]] = {}
    for page in site.rglob("index.html"):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        title = re.search(r"<title>(.*?)</title>", head, re.S).group(1)
        titles.setdefault(title, []).append(str(page.relative_to(site)))
    assert {t: p for t, p in titles.items() if len(p) > 1} == {}
    assert "党纪学习教育 · 整改台账 - " in "".join(titles) and "党纪学习教育 · 问题清单 - " in "".join(titles)
    assert "王建国 · 学习档案 - " in "".join(titles)


def test_material_page_labels_items_and_names_other_materials(sample) -> None:
    _, site = sample
    page = (site / "2024-dangji" / "wangjianguo" / "index.html").read_text(encoding="utf-8")
    assert '<a id="problem-4-2" class="ar-anchor"></a><span class="ar-id ar-screen-only">问题 4.2</span>二是' in page
    annual = (site / "2024-annual" / "wangjianguo" / "index.html").read_text(encoding="utf-8")
    assert '<span class="ar-screen-only">王建国 · 2023年第二批主题教育 · 措施 1 持续深化理论武装</span>' in annual
    assert "<span class=\"ar-print-only\">2023-zhuti-2/wangjianguo#1</span>" in annual
