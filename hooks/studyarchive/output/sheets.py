"""The ledger as CSV and as an Excel workbook for committee meetings.

The workbook is SpreadsheetML (Office Open XML) written here with the standard library: the eight parts
Excel and WPS need, zipped, one sheet of text cells. Importing openpyxl for this cost every build about
0.2 s and 10 MB, against a tight performance budget (issue #8); only the tests use it, to read the workbook back.

Both files are byte-identical across builds of the same input: the workbook's dates are the build date and
every entry of its zip archive carries that same timestamp.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable

from ..analyse.indexes import Campaign, LedgerRow
from ..core import escaping
from ..core.naming import zh_date

HEADER = ("序号", "党员", "材料", "检视方面", "问题", "整改措施", "责任人", "完成时限", "到期日", "整改状态", "是否逾期", "完成日期", "备注", "网址")
WIDTHS = (6, 10, 24, 14, 40, 48, 12, 14, 12, 10, 8, 12, 24, 36)
SHEET = "整改台账"
# Excel reads "_x0041_" in a cell as "A": a literal one is written with its underscore escaped.
EXCEL_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
CELL_LIMIT = 32767  # Excel refuses to open a workbook with a longer cell
TITLE_STYLE, HEADER_STYLE, TEXT_STYLE = 1, 2, 3  # indexes into cellXfs in STYLES
# TEXT_STYLE has quotePrefix: a cell that looks like a formula (=, +, -, @) stays text even when edited. It is
# added to STYLES only in a workbook that has such a cell, so that the others keep their bytes.
# A carriage return as a reference: a parser would read a literal one as a newline. (xml.sax.saxutils would
# do the rest, but importing it costs more than this table.)
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-"

CONTENT_TYPES = (
    XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="{CT}package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{CT}officedocument.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}officedocument.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{CT}officedocument.spreadsheetml.styles+xml"/>'
    f'<Override PartName="/docProps/core.xml" ContentType="{CT}package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{CT}officedocument.extended-properties+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    XML + f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    XML + f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
APP = (
    XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>党支部学习档案</Application></Properties>"
)
# Fonts: 0 the default, 1 the title (bold 14 pt), 2 the header (bold). Two fills are required (none, gray125).
STYLES = (
    XML + f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
STYLES_QUOTED = STYLES.replace('<cellXfs count="3">', '<cellXfs count="4">').replace(
    "</cellXfs>", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>')


def report_text(row: LedgerRow) -> str:
    """A status taken from a later material's report: where it comes from, as in the page's 备注."""
    r = row.report
    return f"据{zh_date(r.date)}的材料（{r.material.removesuffix('.md')}）：{r.text}" if r else ""


def rows(campaign: Campaign, url_of) -> list[list[str]]:
    out = []
    for n, row in enumerate(campaign.ledger, 1):
        entry = row.measure.ledger
        meta = row.material.meta
        out.append([
            str(n),
            row.member or "支部",
            meta.title,
            "、".join(row.areas),
            "；".join(f"{p.label} {p.title}" for _, p in row.problems),
            f"{row.measure.label} {row.measure.title}",
            "、".join(row.owners),
            entry.deadline_text or "" if entry else "",
            row.due.isoformat() if row.due else "",
            row.status,
            "是" if row.overdue else "",
            entry.completed.isoformat() if entry and entry.completed else "",
            "；".join(x for x in (entry.note or "" if entry else "", report_text(row)) if x),
            f"{url_of(row.material.path)}#{row.measure.anchor}",
        ])
    return out


class SheetMemo:
    """Under `serve`: each ledger file's bytes, kept from one rebuild to the next with a digest of all it is made
    of (its rows, and for the workbook the campaign's label, the date and the branch). A save makes again only
    its own campaign's files: the others' bytes are the same as a fresh build's, since the CSV and the workbook
    are functions of those values alone (the workbook's zip carries fixed dates and attributes, ``_zip``)."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[bytes, bytes]] = {}
        """File name (campaign id and extension) → (digest of its values, its bytes)."""
        self.last: tuple[Campaign, list[list[str]]] | None = None
        """The rows made for the CSV, taken by the workbook of the same campaign next."""

    def rows(self, campaign: Campaign, url_of) -> list[list[str]]:
        """The campaign's rows, made once for its two files."""
        last, self.last = self.last, None
        if last is not None and last[0] is campaign:
            return last[1]
        values = rows(campaign, url_of)
        self.last = (campaign, values)
        return values

    def get(self, name: str, values: tuple, make: Callable[[], bytes]) -> bytes:
        # repr: unambiguous for lists of texts, dates and numbers, and far faster than hashing cell by cell
        key = hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        kept = self.kept.get(name)
        if kept is None or kept[0] != key:
            kept = self.kept[name] = (key, make())
        return kept[1]


def ledger_csv(campaign: Campaign, url_of, memo: SheetMemo | None = None) -> bytes:
    if memo is None:
        return _csv(rows(campaign, url_of))
    values = memo.rows(campaign, url_of)
    return memo.get(f"{campaign.id}.csv", (values,), lambda: _csv(values))


def ledger_xlsx(campaign: Campaign, url_of, today: dt.date, branch: str, memo: SheetMemo | None = None) -> bytes:
    if memo is None:
        return _xlsx(rows(campaign, url_of), campaign.label, today, branch)
    values = memo.rows(campaign, url_of)
    return memo.get(f"{campaign.id}.xlsx", (values, campaign.label, today, branch),
                    lambda: _xlsx(values, campaign.label, today, branch))


def _csv(values: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([escaping.csv_cell(cell) for cell in row] for row in values)
    # A byte-order mark, so that Excel on Chinese Windows opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(values: list[list[str]], label: str, today: dt.date, branch: str) -> bytes:
    end_column, end_row = _column(len(HEADER)), len(values) + 2  # the title, the header, the rows
    title = f"{branch} {label} 整改台账（统计日期：{zh_date(today)}）"
    stamp = f"{today.isoformat()}T00:00:00Z"
    table = [[title], list(HEADER), *values]
    quoted = any(_looks_like_formula(v) for row in table for v in row)
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "docProps/core.xml": _core(f"{label}整改台账", stamp),
        "docProps/app.xml": APP,
        "xl/workbook.xml": _workbook(f"'{SHEET}'!$A$2:${end_column}${end_row}"),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES_QUOTED if quoted else STYLES,
        "xl/worksheets/sheet1.xml": _sheet(table, f"{end_column}{end_row}"),
    }
    return _zip(parts, (max(today.year, 1980), today.month, today.day, 0, 0, 0))


def _column(n: int) -> str:
    """1 → A, 14 → N, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _core(title: str, stamp: str) -> str:
    when = f'xsi:type="dcterms:W3CDTF">{stamp}'
    return (
        XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:creator>党支部学习档案</dc:creator>"
        f"<dcterms:created {when}</dcterms:created><dcterms:modified {when}</dcterms:modified>"
        "</cp:coreProperties>"
    )


def _workbook(filter_range: str) -> str:
    # The auto filter needs its range as the sheet's hidden _FilterDatabase name, or Excel drops it.
    return (
        XML + f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_REL}">'
        '<bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{_text(filter_range)}</definedName></definedNames>"
        "</workbook>"
    )


def _sheet(table: list[list[str]], last: str) -> str:
    # Child elements in the order the schema requires: views, columns, data, filter, then printing.
    out = [
        XML, f'<worksheet xmlns="{MAIN}">',
        f'<dimension ref="A1:{last}"/>',
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/><cols>',
        *(f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>' for n, width in enumerate(WIDTHS, 1)),
        "</cols><sheetData>",
    ]
    for r, values in enumerate(table, 1):
        style = {1: TITLE_STYLE, 2: HEADER_STYLE}.get(r)
        out.append(f'<row r="{r}">')
        for c, value in enumerate(values, 1):
            if value:  # an empty cell is left out, as Excel does
                out.append(_cell(f"{_column(c)}{r}", value, style))
        out.append("</row>")
    out += [
        f'</sheetData><autoFilter ref="A2:{last}"/>',  # the header and the rows
        '<printOptions gridLines="1"/>',
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>',
        '<pageSetup paperSize="9" orientation="landscape"/>',  # 9 = A4
        "</worksheet>",
    ]
    return "".join(out)


def _cell(ref: str, value: str, style: int | None) -> str:
    """A text cell (inline string: no shared-strings part to keep in step). One that starts like a formula is
    shown as written, with Excel's own quote prefix (a style), not with a quote in its text as in the CSV."""
    text = EXCEL_ESCAPE.sub("_x005F_", escaping.clean(value))
    if _looks_like_formula(text):
        style = TEXT_STYLE
    if len(text) > CELL_LIMIT:  # the CSV keeps the full text
        text = text[:CELL_LIMIT - 1] + "…"
    space = ' xml:space="preserve"' if text != text.strip() else ""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_text(text)}</t></is></c>'


def _looks_like_formula(value: str) -> bool:
    return escaping.clean(value).startswith(escaping.FORMULA_START)


def _text(value: str) -> str:
    """Element text: legal XML characters only, escaped. Four ``in`` tests first: nearly no cell has anything to
    escape, and ``translate`` looks up every character of every cell (23,000 cells at 1,000 materials)."""
    text = escaping.clean(value)
    return text.translate(ESCAPES) if "&" in text or "<" in text or ">" in text or "\r" in text else text


def _zip(parts: dict[str, str], when: tuple[int, int, int, int, int, int]) -> bytes:
    """Every entry with the build date and fixed attributes, so that two builds give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as Office writes it, whatever system builds
            # external_attr is left at ZipInfo's 0, which zipfile writes as rw------- on every system.
            archive.writestr(info, content.encode("utf-8"))
    return out.getvalue()


__all__ = ["LedgerRow", "SheetMemo", "ledger_csv", "ledger_xlsx"]
