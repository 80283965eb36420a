"""The bound volume (汇编) printed from the browser and made by `archive pdf` (WeasyPrint) is the same book: the same
number of pages and the same page numbers in its contents, so a secretary's printout and the PDF sent to the Party
committee can be cited by page alike."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from printcheck import fail, read, tools_or_skip

from .conftest import ROOT, Site

CAMPAIGNS = {"2024-dangji": "党纪学习教育", "2023-zhuti-2": "2023年第二批主题教育"}


@pytest.fixture(autouse=True)
def _tools() -> None:
    tools_or_skip()
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI") == "true":
            fail(f"CI 中必须运行 PDF 测试，但 WeasyPrint 不可用（{exc}）")
        pytest.skip(f"WeasyPrint 不可用（{exc}）")


def contents(pdf: Path) -> list[tuple[str, int]]:
    """(entry, page) of the volume's contents page."""
    toc = next(p for p in read(pdf) if "目录" in p.text)
    entries = (re.fullmatch(r"(\S.*?)[\s.·…]*(\d+)", line.text) for line in toc.body)
    return [(re.sub(r"\s", "", m.group(1)), int(m.group(2))) for m in entries if m]


def test_browser_and_archive_pdf_number_the_volume_alike(page, site: Site, tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    volumes = [a for c in CAMPAIGNS for a in ("--volume", c)]
    run = subprocess.run([sys.executable, "-m", "studyarchive.cli.cli", "pdf", *volumes, "--site", str(site.root),
                          "-o", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    for campaign, label in CAMPAIGNS.items():
        page.goto(site.url_of(f"indexes/print/{campaign}/"))
        page.wait_for_load_state("load")
        browser_pdf = tmp_path / f"browser-{campaign}.pdf"
        browser_pdf.write_bytes(page.pdf(prefer_css_page_size=True))
        server_pdf = tmp_path / f"{label}材料汇编.pdf"
        ours, theirs = contents(browser_pdf), contents(server_pdf)
        if len(ours) < 5 or ours != theirs:
            fail(f"{label}材料汇编的目录页码，浏览器打印的是 {ours}，archive pdf 生成的是 {theirs}")
        pages = len(read(browser_pdf)), len(read(server_pdf))
        if pages[0] != pages[1]:
            fail(f"{label}材料汇编浏览器打印 {pages[0]} 页，archive pdf 生成 {pages[1]} 页")
