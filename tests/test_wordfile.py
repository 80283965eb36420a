"""`archive docx`: Word copies in the official-document format, read back with python-docx and, where LibreOffice
is installed (scripts/install-office.sh), converted to PDF and read like the printed PDFs (printcheck.py).

A material, the 2024 党纪学习教育 volume (汇编) and its ledger, from the bundled sample archive.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import ROOT, mkdocs
from printcheck import (
    check_ledger,
    check_material,
    check_nothing_of_the_website,
    check_pages,
    check_volume,
    fail,
    flat,
    read,
    save_png,
    tools_or_skip,
    volume_materials,
)
from studyarchive.parse.frontmatter import split

CAMPAIGN = "2024-dangji"
MATERIAL = "2024-dangji/wangjianguo"
ARTIFACTS = ROOT / "test-artifacts"
NAMES = ["王建国-党纪学习教育-个人对照检查材料.docx", "党纪学习教育材料汇编.docx", "党纪学习教育整改台账.docx"]


def archive(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run([sys.executable, "-m", "studyarchive.cli.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "site"
    built = mkdocs(ROOT, "build", "--site-dir", str(out))
    assert built.code == 0, built.output
    return out


@pytest.fixture(scope="module")
def files(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One run of `archive docx` on the built sample site: the material, the volume and the ledger."""
    out = tmp_path_factory.mktemp("docxs")
    run = archive("docx", f"docs/{MATERIAL}.md", "--volume", CAMPAIGN, "--ledger", "党纪学习教育", "--site", str(site), "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    made = re.findall(r"^已生成 (.+\.docx)$", run.stdout, re.M)
    assert [Path(name).name for name in made] == NAMES, run.stdout
    return dict(zip(("material", "volume", "ledger"), (out / n for n in NAMES)))


def text_of(document) -> str:
    """All text of the body, tables included, without whitespace."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return flat("".join(parts))


def east_asian(run) -> str | None:
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def paragraph(document, text: str):
    found = next((p for p in document.paragraphs if flat(p.text) == flat(text)), None)
    if found is None:
        fail(f"Word 文件中没有“{text}”这一段")
    return found


def check_fonts(par, font: str, size: float, what: str) -> None:
    for run in par.runs:
        if not run.text.strip():
            continue
        if east_asian(run) != font or run.font.size is None or abs(run.font.size.pt - size) > 0.01:
            fail(f"{what}“{par.text[:20]}”的字体是 {east_asian(run)} {run.font.size.pt if run.font.size else None} 磅，应当是 {font} {size} 磅")


def footer_fields(section) -> list[str]:
    """(alignment, text) of the odd and even footers: — PAGE — with a PAGE field in each."""
    out = []
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        if "PAGE" not in "".join(t.text or "" for t in footer._element.iter(qn("w:instrText"))) or "fldChar" not in xml:
            fail("页脚中没有页码域（PAGE）")
        out.append(flat("".join(t.text or "" for t in footer._element.iter(qn("w:t")))))
    return out


def check_section(section, what: str, landscape: bool = False) -> None:
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    margins = (Mm(28), Mm(26), Mm(26), Mm(26)) if landscape else (Mm(37), Mm(35), Mm(28), Mm(26))
    got = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    if abs(section.page_width - width) > Mm(0.5) or abs(section.page_height - height) > Mm(0.5):
        fail(f"{what}的纸张是 {section.page_width.mm:.0f}×{section.page_height.mm:.0f} 毫米，不是{'横放的 ' if landscape else ''} A4")
    if any(abs(g - w) > Mm(0.5) for g, w in zip(got, margins)):
        fail(f"{what}的页边距（上、下、内、外）是 {[round(g.mm) for g in got]} 毫米，应当是 {[round(m.mm) for m in margins]}")


def test_material_docx(files: dict[str, Path], site: Path) -> None:
    document = docx.Document(str(files["material"]))
    what = f"archive docx 生成的 {MATERIAL} "
    part = split((ROOT / "docs" / f"{MATERIAL}.md").read_text(encoding="utf-8"))
    meta = yaml.safe_load(part.front)
    entry = next(m for m in json.loads((site / "archive.json").read_text(encoding="utf-8"))["materials"] if m["path"] == f"{MATERIAL}.md")
    text = text_of(document)
    for sentence in [meta["title"], "内部", "（见措施1）", *[p["title"] for p in entry["problems"]], *[m["title"] for m in entry["measures"]]]:
        if flat(sentence) not in text:
            fail(f"{what}缺少“{sentence}”")
    for web_only in ("问题与整改措施对照", "整改措施：措施1", "党员王建国支部", "整改台账"):
        if flat(web_only) in text:
            fail(f"{what}中有只在网页上显示的“{web_only}”")
    assert document.paragraphs[0].text == "内部"
    check_fonts(document.paragraphs[0], "黑体", 16, what)
    title = paragraph(document, meta["title"])
    check_fonts(title, "方正小标宋简体", 22, what)
    assert title.alignment == 1, "标题应当居中"
    check_fonts(paragraph(document, "一、存在问题"), "黑体", 16, what)
    check_fonts(paragraph(document, "（一）政治纪律方面"), "楷体_GB2312", 16, what)
    body = next(p for p in document.paragraphs if p.text.startswith("按照县文化和旅游局"))
    check_fonts(body, "仿宋_GB2312", 16, what)
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(32, abs=0.1), "正文首行缩进两个字"
    # Every font the runs name has a fallback in the font table (w:altName), for PCs without it.
    fonts = {f.get(qn("w:name")): f.find(qn("w:altName")) for f in _font_table(document)}
    for name in ("仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"):
        if fonts.get(name) is None:
            fail(f"{what}的字体表中没有 {name} 的替代字体（w:altName）")
    assert len(document.sections) == 1
    section = document.sections[0]
    check_section(section, what)
    assert document.settings.odd_and_even_pages_header_footer
    assert document.settings.element.find(qn("w:mirrorMargins")) is not None, "双面打印：页边距应当对称（内侧 28 毫米）"
    odd, even = footer_fields(section)
    assert odd == even == "—1—", (odd, even)
    assert section.footer.paragraphs[0].alignment == 2 and section.even_page_footer.paragraphs[0].alignment == 0, "页码单页在右、双页在左"


def _font_table(document):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    return etree.fromstring(document.part.part_related_by(RT.FONT_TABLE).blob).findall(qn("w:font"))


def test_volume_docx(files: dict[str, Path], site: Path) -> None:
    document = docx.Document(str(files["volume"]))
    what = "archive docx 生成的党纪学习教育材料汇编"
    materials = volume_materials(site / "archive.json", CAMPAIGN, ROOT / "vocabulary.yml")
    text = text_of(document)
    for m in materials:
        for item in [m["title"], *[p["title"] for p in m["problems"]], *[x["title"] for x in m["measures"]]]:
            if flat(item) not in text:
                fail(f"{what}缺少 {m['member']} 的“{item}”")
    # The cover, the contents, then every material: sections that start on an odd page, the cover without numbers.
    sections = document.sections
    assert len(sections) == len(materials) + 2, f"{what}有 {len(sections)} 节，应当是封面、目录和 {len(materials)} 份材料各一节"
    for n, section in enumerate(sections):
        check_section(section, f"{what}第 {n + 1} 节")
        if n:
            assert section.start_type == 4, f"{what}第 {n + 1} 节不是从奇数页开始"  # WD_SECTION.ODD_PAGE
            assert footer_fields(section) == ["—1—", "—1—"]
    assert not "".join(t.text or "" for t in sections[0].footer._element.iter(qn("w:t"))).strip(), "封面不印页码"
    refs = [t.text.split()[1] for t in document.element.body.iter(qn("w:instrText")) if t.text and "PAGEREF" in t.text]
    marks = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    if len(refs) != len(materials) or not set(refs) <= set(marks):
        fail(f"{what}的目录应当有 {len(materials)} 个指向各材料书签的页码域（PAGEREF），实际是 {refs}，书签 {marks}")


def test_ledger_docx(files: dict[str, Path], site: Path) -> None:
    document = docx.Document(str(files["ledger"]))
    what = "archive docx 生成的党纪学习教育整改台账"
    check_section(document.sections[0], what, landscape=True)
    data = json.loads((site / "archive.json").read_text(encoding="utf-8"))
    titles = {f"{m['path'].removesuffix('.md')}#{x['id']}": x["title"] for m in data["materials"] for x in m["measures"]}
    text = text_of(document)
    for row in (r for r in data["ledger"] if r["campaign"] == CAMPAIGN):
        if flat(titles[row["measure"]]) not in text:
            fail(f"{what}中没有整改措施“{titles[row['measure']]}”")
    ledger = document.tables[-1]
    header = ledger.rows[0]
    assert [c.text for c in header.cells][:3] == ["序号", "党员", "检视方面"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None, "台账的表头应当在每页重复"
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in ledger.rows), "台账的一行不应拆到两页上"


# --- LibreOffice: the .docx laid out by an office suite --------------------------------------------

def soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        reason = "没有 LibreOffice（Debian 软件包 libreoffice-writer-nogui）"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须检查 Word 文件的版面，但{reason}；scripts/install-office.sh 应当已经安装了它", pytrace=False)
        pytest.skip(f"Word 文件的版面检查已跳过：{reason}（以 root 运行 scripts/install-office.sh 即可安装）")
    tools_or_skip()
    return found


@pytest.fixture(scope="module")
def converted(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three .docx files as LibreOffice prints them, the empty back pages of odd-page sections kept."""
    soffice = soffice_or_skip()
    out = tmp_path_factory.mktemp("docx-pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    run = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                          "--convert-to", 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
                          "--outdir", str(out), *map(str, files.values())], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    pdfs = {key: out / f"{path.stem}.pdf" for key, path in files.items()}
    assert all(p.is_file() for p in pdfs.values()), run.stdout + run.stderr
    return pdfs


def test_material_docx_in_libreoffice(converted: dict[str, Path]) -> None:
    pages = read(converted["material"])
    what = f"LibreOffice 打开 archive docx 生成的 {MATERIAL} "
    part = split((ROOT / "docs" / f"{MATERIAL}.md").read_text(encoding="utf-8"))
    check_pages(pages, what)
    check_material(pages, what, yaml.safe_load(part.front), part.body, skip_digit_lines=True)
    check_nothing_of_the_website(pages, what, part.body)
    save_png(converted["material"], ARTIFACTS / "word-libreoffice-material")


def test_volume_docx_in_libreoffice(converted: dict[str, Path], site: Path) -> None:
    pages = read(converted["volume"])
    what = "LibreOffice 打开 archive docx 生成的党纪学习教育材料汇编"
    materials = volume_materials(site / "archive.json", CAMPAIGN, ROOT / "vocabulary.yml")
    check_volume(pages, what, materials, "清河县文化馆党支部", "党纪学习教育")
    check_nothing_of_the_website(pages, what, "".join((ROOT / "docs" / m["path"]).read_text(encoding="utf-8") for m in materials))


def test_ledger_docx_in_libreoffice(converted: dict[str, Path], site: Path) -> None:
    check_ledger(read(converted["ledger"]), "LibreOffice 打开 archive docx 生成的党纪学习教育整改台账", site / "archive.json", CAMPAIGN)


@pytest.mark.parametrize(("args", "message"), [
    ((), "请指定要生成 Word 文件的内容：材料文件、--volume 批次 或 --ledger 批次"),
    (("--volume", "2099-none"), "未知的批次“2099-none”（--volume）"),
    (("docs/index.md",), "docs/index.md 不是材料文件"),
])
def test_docx_wrong_usage(args: tuple[str, ...], message: str) -> None:
    run = archive("docx", *args)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith(f"错误：{message}"), run.stderr
