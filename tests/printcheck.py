"""Reading printed PDFs back (Chromium's and WeasyPrint's alike): pages, lines, page numbers, sentences.

Lines come from poppler's `pdftotext -layout`, which keeps a paragraph's indent as leading spaces.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

A4 = (595.28, 841.89)  # points, portrait
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
SENTENCE_END = re.compile(r"(?<=[。！？；])")
MARKDOWN_PREFIX = re.compile(r"^\s*(?:#+\s*|>\s*|[-*+]\s+|\d+[.)]\s+)")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKDOWN_EMPHASIS = re.compile(r"[*_`]+")
RADICAL = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
# What must never be printed: addresses, and the website's own words around the document.
URL_TEXT = ("http", "://", "127.0.0.1", ".md#", "index.html", "www.")
SITE_TEXT = ("清河县文化馆党支部学习档案", "跳转至", "返回顶部", "上一页", "下一页", "使用指南", "档案索引", "编辑此页",
             "问题与整改措施对照", "相关记录", "雷同")


def tools_or_skip() -> None:
    """The print tests read PDFs with poppler-utils; scripts/install-print.sh installs it."""
    missing = [tool for tool in ("pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        reason = f"没有 {'、'.join(missing)}（Debian 软件包 poppler-utils）"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须运行打印测试，但{reason}；scripts/install-print.sh 应当已经安装了它", pytrace=False)
        pytest.skip(f"打印测试已跳过：{reason}（以 root 运行 scripts/install-print.sh 即可安装）")


def flat(text: str) -> str:
    """Text as compared with the PDF's: NFKC (Kangxi radicals, full-width forms) and no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def contains(printed: str, text: str) -> bool:
    """Whether flat printed text holds `text`; a character the PDF names by a radical's code point (Noto CJK
    draws 见 and ⻅ with one glyph; NFKC does not fold these) matches any character."""
    pattern = "".join(f"(?:{re.escape(c)}|{RADICAL.pattern})" for c in flat(text))
    return re.search(pattern, printed) is not None


def sentences(body: str) -> list[str]:
    """Every sentence of a material's Markdown body, as plain text."""
    out = []
    for line in body.splitlines():
        line = MARKDOWN_EMPHASIS.sub("", MARKDOWN_LINK.sub(r"\1", MARKDOWN_PREFIX.sub("", line)))
        out += [s.strip() for s in SENTENCE_END.split(line) if len(s.strip()) > 1]
    return out


def width(text: str) -> float:
    """Width in characters of the 16 pt grid: half-width digits and letters count half."""
    return sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1 for c in text if not c.isspace())


@dataclass
class Line:
    text: str
    indented: bool


@dataclass
class Page:
    number: int
    """1-based position in the file."""
    size: tuple[float, float]
    lines: list[Line]
    raw: str = ""
    """The page's text in the order it was drawn (`pdftotext -raw`): a table cell's lines stay together."""

    @property
    def text(self) -> str:
        return flat("".join(line.text for line in self.lines))

    @property
    def body_text(self) -> str:
        """Flat text without the page number: sentences run on across pages."""
        return flat("".join(line.text for line in self.body))

    @property
    def printed_number(self) -> int | None:
        """The `— N —` at the foot of the page, if any."""
        for line in reversed(self.lines):
            m = PAGE_NUMBER.match(line.text.strip())
            if m:
                return int(m.group(1))
        return None

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if not PAGE_NUMBER.match(line.text.strip())]

    @property
    def landscape(self) -> bool:
        return self.size[0] > self.size[1]


def read(pdf: Path) -> list[Page]:
    reader = PdfReader(str(pdf))
    pages = []
    for n, sheet in enumerate(reader.pages, 1):
        out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        lines = [Line(raw.strip(), raw[:1].isspace()) for raw in out.splitlines() if raw.strip()]
        drawn = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
                               capture_output=True, text=True, check=True).stdout
        pages.append(Page(n, (float(sheet.mediabox.width), float(sheet.mediabox.height)), lines, flat(drawn)))
    return pages


def is_a4(page: Page, landscape: bool = False) -> bool:
    want = (A4[1], A4[0]) if landscape else A4
    return all(abs(got - w) <= 2 for got, w in zip(page.size, want))


CLOSING = set("，。、；：？！”’）》」』】〕…—") | set(unicodedata.normalize("NFKC", "，。、；：？！”’）》」』】〕…—"))


def full_lines(pages: list[Page], skip: set[str]) -> list[tuple[int, str, str]]:
    """(page, text, next line's text) of every body line that is neither a paragraph's first line (indented)
    nor its last (the next line is indented, or there is none); lines whose text is in `skip` excepted."""
    lines = [(p.number, line) for p in pages for line in p.body]
    out = []
    for (number, line), (_, after) in itertools.pairwise(lines):
        if not line.indented and not after.indented and flat(line.text) not in skip:
            out.append((number, line.text, after.text))
    return out


def carried_over(after: str) -> bool:
    """禁则: a closing punctuation mark may not start a line, so the character before it went along to the
    next line and this line is one character short."""
    text = flat(after)
    return len(text) > 1 and text[1] in CLOSING


def save_png(pdf: Path, stem: Path, first: int = 1, last: int = 2) -> list[Path]:
    """Pages of a PDF as PNG files stem-1.png, stem-2.png … (test-artifacts, for looking at the layout)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    for old in stem.parent.glob(f"{stem.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-f", str(first), "-l", str(last), "-png", str(pdf), str(stem)], check=True)
    return sorted(stem.parent.glob(f"{stem.name}-*.png"))


def fail(message: str) -> None:
    pytest.fail(message, pytrace=False)


def check_pages(pages: list[Page], what: str, landscape: bool = False, unnumbered: set[int] = frozenset()) -> None:
    """A4 sheets, and on every page with text (but those in `unnumbered`) its own number as — N —."""
    for page in pages:
        if not is_a4(page, landscape):
            fail(f"{what}第 {page.number} 页是 {page.size[0]:.0f}×{page.size[1]:.0f} 磅，不是{'横放的 ' if landscape else ''} A4 纸")
        if page.number in unnumbered or not page.lines:
            continue
        if page.printed_number != page.number:
            fail(f"{what}第 {page.number} 页的页码是 {page.printed_number}，应当是“— {page.number} —”")


def check_nothing_of_the_website(pages: list[Page], what: str, source: str) -> None:
    """No address, none of the site's navigation, and no English words the material does not have itself."""
    printed = "".join(p.text for p in pages)
    for text in URL_TEXT:
        if text in printed:
            at = printed.index(text)
            fail(f"{what}上印出了网址：…{printed[max(0, at - 20):at + 30]}…")
    for text in SITE_TEXT:
        if contains(printed, text) and text not in source:
            fail(f"{what}上印出了网站的文字“{text}”")
    for word in set(re.findall(r"[A-Za-z]{2,}", printed)):
        if word not in source:
            fail(f"{what}上印出了英文“{word}”，材料里并没有")


LATER_LEDGER_RE = re.compile(r"(?P<sep>[；;]?\s*)(?:状态|整改状态|完成日期|完成时间|销号日期|备注|完成情况)\s*[：:][^；;）)]*")


def as_submitted(body: str) -> tuple[str, list[str]]:
    """The text as the document was submitted: a measure's （责任人：…；完成时限：…；状态：…；完成日期：…） without the
    ledger's later record (状态, 完成日期, 备注), which does not print; and those later parts."""
    later: list[str] = []

    def bracket(m: re.Match) -> str:
        inner = LATER_LEDGER_RE.sub(lambda x: later.append(x.group(0).strip("；; ")) or "", m.group(1)).strip("；; ")
        return f"（{inner}）" if inner else ""

    return re.sub(r"（((?:责任人|责任领导|负责人|完成时限|整改时限|时限|完成期限|状态|整改状态)[：:][^（）\n]*)）", bracket, body), later


def check_material(pages: list[Page], what: str, meta: dict, body: str, skip_digit_lines: bool = False) -> None:
    """Every sentence, the marking and the title; 28 characters on every full line, about 22 lines a page.
    The ledger's later record of a measure (状态、完成日期) is not part of the document and must not print.
    ``skip_digit_lines``: LibreOffice on Linux has no 仿宋_GB2312 and sets Latin digits in a fallback font with
    space around them (2024 年 7 月), which Word on an office PC does not: lines with digits are not measured."""
    printed = "".join(p.body_text for p in pages)
    title = meta.get("title") or meta.get("标题") or ""
    body, later = as_submitted(body)
    for sentence in [title, "内部", *sentences(body)]:
        if not contains(printed, sentence):
            fail(f"{what}缺少这句话：{sentence}")
    for part in later:
        if part.startswith(("状态", "完成日期")) and contains(printed, part):
            fail(f"{what}印出了整改台账后来登记的“{part}”：打印的材料应当是报送时的原文")
    first = pages[0].body
    if not first or flat(first[0].text) != "内部":
        fail(f"{what}第 1 页左上角不是“内部”，而是“{first[0].text if first else ''}”")
    full = [line for line in full_lines(pages, {"内部"}) if not (skip_digit_lines and re.search(r"[0-9]", line[1]))]
    if len(full) < 10:
        fail(f"{what}只认出 {len(full)} 行满行的正文，无法检查每行字数")
    for number, text, after in full:
        if not 27 <= width(text) <= 29 and not (width(text) >= 26 and carried_over(after)):
            fail(f"{what}第 {number} 页有一整行是 {width(text):g} 个字（应为 28 个左右）：{text}")
    for page in pages[1:-1]:
        if not 20 <= len(page.body) <= 23:
            fail(f"{what}第 {page.number} 页有 {len(page.body)} 行（应为 22 行左右）")


def volume_materials(archive_json: Path, campaign: str, vocabulary: Path) -> list[dict]:
    """The campaign's materials in a volume's order, from archive.json: the branch's own first, then the members
    by 姓氏笔画, each member's by document type (as vocabulary.yml lists them) and date."""
    import yaml

    from studyarchive.core.people import stroke_key

    types = [t["id"] for t in yaml.safe_load(vocabulary.read_text(encoding="utf-8"))["doc_types"]]
    data = json.loads(archive_json.read_text(encoding="utf-8"))
    found = [m for m in data["materials"] if m["campaign"] == campaign]
    return sorted(found, key=lambda m: (m["member"] is not None, stroke_key(m["member"] or ""), types.index(m["doc_type"]), m["date"], m["path"]))


def toc_label(m: dict) -> str:
    """How the contents name a material: 王建国 个人对照检查材料."""
    return f"{m['member'] or m['branch_label']}{m['doc_type_label']}"


def check_volume(pages, what: str, materials: list[dict], branch: str, campaign_label: str) -> None:
    """Cover without a number, contents with the right page numbers, every material from an odd page."""
    check_pages(pages, what, unnumbered={1})
    cover = pages[0]
    for text in ("内部", branch, campaign_label, "材料汇编"):
        if not contains(cover.text, text):
            fail(f"{what}封面上没有“{text}”")
    if cover.printed_number is not None:
        fail(f"{what}封面上印了页码")
    toc = next((p for p in pages if contains(p.text, "目录")), None)
    if toc is None or toc.number % 2 == 0:
        fail(f"{what}的目录{'不在奇数页上' if toc else '没有找到'}")
    starts: dict[str, int] = {}
    for m in materials:
        start = next((p.number for p in pages[toc.number:] if contains(p.text, m["title"])), None)
        if start is None:
            fail(f"{what}中没有 {m['member'] or m['title']} 的材料")
        if start % 2 == 0:
            fail(f"{what}中 {m['member']} 的材料从第 {start} 页（偶数页）开始，应当从奇数页开始")
        if flat(pages[start - 1].body[0].text) != "内部":
            fail(f"{what}第 {start} 页（{m['member']} 的材料）不是从页首开始")
        starts[m["path"]] = start
    order = [m["path"] for m in materials]
    if sorted(order, key=starts.get) != order:
        fail(f"{what}中材料的顺序不是姓氏笔画顺序：{[m['member'] for m in sorted(materials, key=lambda m: starts[m['path']])]}")
    # The contents: each entry, in order, followed by its page number (after dotted leaders, if any).
    contents = "".join(p.body_text for p in pages[toc.number - 1:min(starts.values()) - 1])
    at = 0
    for m in materials:
        found = re.compile(re.escape(flat(toc_label(m))) + r"[.·…]*(\d+)").search(contents, at)
        if found is None or int(found.group(1)) != starts[m["path"]]:
            shown = contents[found.start():found.end()] if found else "（没有这一项）"
            fail(f"{what}目录中“{toc_label(m)}”一项是“{shown}”，应当按顺序列出并标明第 {starts[m['path']]} 页")
        at = found.end()
    for page in pages:
        if page.number > 1 and not page.lines and page.number + 1 not in starts.values() and page.number + 1 != toc.number:
            fail(f"{what}第 {page.number} 页是空白页，但它后面不是一份材料的开始")


def check_ledger(pages, what: str, archive_json: Path, campaign: str) -> None:
    """Landscape A4, the table's header row on every page it runs over, no row split between pages."""
    check_pages(pages, what, landscape=True)
    data = json.loads(archive_json.read_text(encoding="utf-8"))
    measures = {f"{m['path'].removesuffix('.md')}#{x['id']}": x["title"] for m in data["materials"] for x in m["measures"]}
    rows = [r for r in data["ledger"] if r["campaign"] == campaign]
    first = next((p.number for p in pages if contains(p.text, "序号整改措施") or contains(p.text, "序号党员")), None)
    if first is None:
        fail(f"{what}中没有找到台账表格的表头")
    if len(pages) - first < 1:
        fail(f"{what}只有 {len(pages)} 页，台账表格没有跨页，无法检查表头是否重复")
    for p in pages[first - 1:]:
        if not contains(p.text, "序号党员检视方面问题整改措施"):
            fail(f"{what}第 {p.number} 页没有重复表头（序号、党员、检视方面……）")
    for row in rows:
        title = measures[row["measure"]]
        if not any(contains(p.raw, title) for p in pages):
            fail(f"{what}中整改措施“{title}”所在的行被拆到了两页上（或没有印出）")
