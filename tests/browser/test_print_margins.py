"""Below the type area a printed page carries its page number — N — and nothing else: no rule drawn by a table's
border, an <hr> or the website's footer above the number (issue 20). Chromium prints; the pages are read as images."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from printcheck import fail, tools_or_skip

from .conftest import ARTIFACTS, Site

DPI = 100
MM = DPI / 25.4


@pytest.fixture(autouse=True)
def _poppler() -> None:
    tools_or_skip()


def longest_dark_run(image: Image.Image, y: int) -> int:
    """The longest run of non-white pixels in row y."""
    px = image.load()
    best = run = 0
    for x in range(image.width):
        run = run + 1 if px[x, y] < 200 else 0
        best = max(best, run)
    return best


def rules_below_the_type_area(pdf: Path, bottom_margin_mm: float, stem: Path, look: int = 1) -> list[tuple[int, float]]:
    """(page, mm from the page's foot) of every horizontal line in the bottom margin: a run of dark pixels longer
    than 30 mm (the page number — 12 — is about 15 mm wide). Keeps page `look`'s foot as a PNG to look at."""
    for old in stem.parent.glob(f"{stem.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(stem)], check=True)
    found = []
    for n, png in enumerate(sorted(stem.parent.glob(f"{stem.name}-*.png")), 1):
        image = Image.open(png).convert("L")
        top = image.height - round((bottom_margin_mm - 1.5) * MM)  # 1.5 mm of slack for a border on the edge
        for y in range(top, image.height):
            if longest_dark_run(image, y) > 30 * MM:
                found.append((n, round((image.height - y) / MM, 1)))
                break
        if n == look:
            image.crop((0, top - round(20 * MM), image.width, image.height)).save(f"{stem}-foot.png")
        png.unlink()
    return found


@pytest.mark.parametrize(("path", "margin", "name", "owner"), [
    ("indexes/ledger/2024-dangji/", 26, "ledger", None),
    ("indexes/ledger/2024-dangji/", 26, "ledger-filtered", "孙立"),
    ("indexes/print/2024-dangji/", 35, "volume", None),
])
def test_nothing_but_the_page_number_below_the_type_area(page, site: Site, tmp_path: Path, path: str, margin: float,
                                                         name: str, owner: str | None) -> None:
    page.goto(site.url_of(path))
    page.wait_for_load_state("load")
    if owner:
        page.locator(".ar-ledger-filter select").first.select_option(owner)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    found = rules_below_the_type_area(pdf, margin, ARTIFACTS / f"margin-print-chromium-{name}", 5 if name == "volume" else 1)
    if found:
        n, mm = found[0]
        fail(f"浏览器打印的{path}{f'（筛选责任人“{owner}”）' if owner else ''}第 {n} 页版心下方、页码附近有一条横线"
             f"（距页面底边 {mm} mm），共 {len(found)} 页")
