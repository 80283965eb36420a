"""Printing a material from the browser: A4 pages with the whole text and none of the website around it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from printcheck import contains, flat, sentences

from .conftest import Site, fail, material_source

A4 = (595.28, 841.89)  # points
PAGE_NUMBER = re.compile(r"^[\s\-—–]*第?\s*\d+\s*页?[\s\-—–]*$")  # — 3 —, 3, 第 3 页
# The website's own text: if any of this is printed, the page carries navigation rather than the document.
SITE_TEXT = """els => els.flatMap(el => el.innerText.split('\\n')).map(t => t.trim()).filter(t => t.length > 1)"""
SITE_PARTS = ".md-header, .md-sidebar, .md-footer__inner, .md-top, .md-skip, .md-search"  # not the copyright line


def page_text(sheet) -> str:
    """A PDF page's text without its page number, which may stand between two halves of a sentence."""
    lines = sheet.extract_text().splitlines()
    for end in (0, -1):
        if lines and PAGE_NUMBER.match(lines[end]):
            del lines[end]
    return "\n".join(lines)


@pytest.mark.parametrize("material", ["2023-zhuti-2/wangjianguo", "2024-annual/zhangwei"])
def test_print_is_a4_with_every_sentence_and_no_navigation(page, site: Site, material: str) -> None:
    page.goto(site.url_of(f"{material}/"))
    site_text = page.eval_on_selector_all(SITE_PARTS, SITE_TEXT)
    article = flat(page.locator("article").text_content())
    link_text = page.locator("article .ar-links").all_text_contents()
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))

    for number, sheet in enumerate(pdf.pages, 1):
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        if any(abs(got - want) > 2 for got, want in zip(size, A4)):
            fail(f"打印 {material} 的第 {number} 页是 {size[0]:.0f}×{size[1]:.0f} 磅，不是 A4 纸（595×842）")
    printed = flat("".join(page_text(sheet) for sheet in pdf.pages))

    for text in ("http", "127.0.0.1", "://", ".md#"):
        if text in printed:
            fail(f"打印出的 {material} 上有网址：…{printed[max(0, printed.index(text) - 20):printed.index(text) + 40]}…")
    for text in site_text:
        if flat(text) not in article and contains(printed, text):
            fail(f"打印出的 {material} 上有网站导航的文字“{text}”")
    for text in link_text:
        if contains(printed, text):
            fail(f"打印出的 {material} 上有网页上的交叉链接“{text[:40]}…”（打印时应当隐藏）")

    meta, body = material_source(material)
    for sentence in [meta.get("title") or meta["标题"], "内部", *sentences(body)]:
        if not contains(printed, sentence):
            fail(f"打印出的 {material} 缺少这句话：{sentence}")
