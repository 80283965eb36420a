"""`archive pdf`: official-document PDFs made on the server with WeasyPrint, read back with pypdf and poppler.

A material, the 2024 党纪学习教育 volume (汇编) and its ledger, from the bundled sample archive.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, mkdocs
from printcheck import (
    check_ledger,
    check_material,
    check_nothing_of_the_website,
    check_pages,
    check_volume,
    contains,
    fail,
    read,
    save_png,
    tools_or_skip,
    volume_materials,
)
from studyarchive.parse.frontmatter import split

CAMPAIGN = "2024-dangji"
MATERIAL = "2024-dangji/wangjianguo"
ARTIFACTS = ROOT / "test-artifacts"


def archive(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run([sys.executable, "-m", "studyarchive.cli.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须运行 PDF 测试，但 WeasyPrint 不可用（{exc}）", pytrace=False)
        pytest.skip(f"PDF 测试已跳过：WeasyPrint 不可用（{exc}）；运行 make setup 和 scripts/install-print.sh")
    tools_or_skip()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    weasyprint_or_skip()
    out = tmp_path_factory.mktemp("pdf") / "site"
    built = mkdocs(ROOT, "build", "--site-dir", str(out))
    assert built.code == 0, built.output
    return out


@pytest.fixture(scope="module")
def pdfs(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One run of `archive pdf` on the built sample site: the material, the volume and the ledger."""
    out = tmp_path_factory.mktemp("pdfs")
    run = archive("pdf", f"docs/{MATERIAL}.md", "--volume", CAMPAIGN, "--ledger", "党纪学习教育", "--site", str(site), "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    made = re.findall(r"^已生成 (.+\.pdf)（(\d+) 页）$", run.stdout, re.M)
    names = [Path(name).name for name, _ in made]
    assert names == ["王建国-党纪学习教育-个人对照检查材料.pdf", "党纪学习教育材料汇编.pdf", "党纪学习教育整改台账.pdf"], run.stdout
    for name, count in made:
        assert len(PdfReader(str(out / Path(name).name)).pages) == int(count)
    return dict(zip(("material", "volume", "ledger"), (out / n for n in names)))


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, page) of every PDF bookmark."""
    reader = PdfReader(str(pdf))
    out: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return out


def addresses(pdf: Path) -> list[str]:
    """Every link address the PDF carries (not only what is printed)."""
    found = []
    for sheet in PdfReader(str(pdf)).pages:
        for annot in sheet.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_material_pdf(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["material"]
    pages = read(pdf)
    what = f"archive pdf 生成的 {MATERIAL} "
    part = split((ROOT / "docs" / f"{MATERIAL}.md").read_text(encoding="utf-8"))
    meta = yaml.safe_load(part.front)
    check_pages(pages, what)
    check_material(pages, what, meta, part.body)
    check_nothing_of_the_website(pages, what, part.body)
    if not contains("".join(p.text for p in pages), "（见措施1）"):
        fail(f"{what}没有把问题的交叉链接印成“（见措施1）”")
    if addresses(pdf):
        fail(f"{what}中带有链接地址：{addresses(pdf)[:3]}")
    marks = outline(pdf)
    if marks[:2] != [(1, meta["title"], 1), (2, "一、存在问题", 1)] or (3, "（一）政治纪律方面", 1) not in marks:
        fail(f"{what}的书签不对：{marks[:4]}")
    save_png(pdf, ARTIFACTS / "print-weasyprint-material")


def test_volume_pdf(pdfs: dict[str, Path], site: Path) -> None:
    pdf = pdfs["volume"]
    pages = read(pdf)
    what = "archive pdf 生成的党纪学习教育材料汇编"
    materials = volume_materials(site / "archive.json", CAMPAIGN, ROOT / "vocabulary.yml")
    check_volume(pages, what, materials, "清河县文化馆党支部", "党纪学习教育")
    source = "".join((ROOT / "docs" / m["path"]).read_text(encoding="utf-8") for m in materials)
    check_nothing_of_the_website(pages, what, source)
    # Bookmarks: the contents, then each material's title at the page it starts on.
    marks = outline(pdf)
    starts = {title: page for level, title, page in marks if level == 1}
    for m in materials:
        page = starts.get(m["title"])
        if page is None or not contains(pages[page - 1].text, m["title"]):
            fail(f"{what}的书签中没有指向 {m['member']} 的材料首页的“{m['title']}”：{marks[:6]}")


def test_ledger_pdf(pdfs: dict[str, Path], site: Path) -> None:
    check_ledger(read(pdfs["ledger"]), "archive pdf 生成的党纪学习教育整改台账", site / "archive.json", CAMPAIGN)


def test_pdf_builds_the_site_itself(tmp_path: Path) -> None:
    weasyprint_or_skip()
    target = tmp_path / "张伟.pdf"
    run = archive("pdf", "docs/2024-annual/zhangwei.md", "-o", str(target))
    assert run.returncode == 0, run.stdout + run.stderr
    pages = read(target)
    check_pages(pages, "archive pdf（自行构建网站）生成的 2024-annual/zhangwei ")
    assert run.stdout.strip() == f"已生成 {target}（{len(pages)} 页）"


@pytest.mark.parametrize(("args", "message"), [
    ((), "请指定要生成 PDF 的内容：材料文件、--volume 批次 或 --ledger 批次"),
    (("--volume", "2099-none"), "未知的批次“2099-none”（--volume）"),
    (("docs/index.md",), "docs/index.md 不是材料文件"),
    (("docs/2024-dangji/nobody.md",), "docs/2024-dangji/nobody.md 不是材料文件"),
])
def test_pdf_wrong_usage(args: tuple[str, ...], message: str) -> None:
    run = archive("pdf", *args)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith(f"错误：{message}"), run.stderr


@pytest.mark.parametrize(("text", "expected"), [
    ("我查摆过“清水衙门”思想", "我查摆过\u200b“清水衙门”\u200b思想"),  # a break before “ and after ”, as in Chromium
    ("当成“软任务”，学得", "当成\u200b“软任务”，学得"),  # never a break before ，
    ("（“三审三校”）", "（“三审三校”）"),  # nor after （ or before ）
    ('<a title="过“x">过‘y’字</a>', '<a title="过“x">过\u200b‘y’\u200b字</a>'),  # in the text, never in a tag
])
def test_pdf_breaks_around_chinese_quotes_as_the_browser_does(text: str, expected: str) -> None:
    from studyarchive.cli.pdf import quote_breaks

    assert quote_breaks(text) == expected
