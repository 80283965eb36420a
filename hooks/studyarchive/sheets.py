"""The ledger as CSV and as an Excel workbook (openpyxl) for committee meetings.

Both are byte-identical across builds of the same input: the workbook's dates are the build
date and every entry of its zip archive carries that same timestamp.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from . import ledger as lg
from .indexes import Campaign, LedgerRow

HEADER = ("序号", "党员", "材料", "检视方面", "问题", "整改措施", "责任人", "完成时限", "到期日", "整改状态", "是否逾期", "完成日期", "备注", "网址")
WIDTHS = (6, 10, 24, 14, 40, 48, 12, 14, 12, 10, 8, 12, 24, 36)
CORE_DATE_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def rows(campaign: Campaign, url_of) -> list[list[str]]:
    out = []
    for n, row in enumerate(campaign.ledger, 1):
        entry = row.measure.ledger
        meta = row.material.meta
        out.append([
            str(n),
            meta.member or "支部",
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
            entry.note or "" if entry else "",
            f"{url_of(row.material.path)}#{row.measure.anchor}",
        ])
    return out


def ledger_csv(campaign: Campaign, url_of) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(campaign, url_of))
    # A byte-order mark, so that Excel on Chinese Windows opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def ledger_xlsx(campaign: Campaign, url_of, today: dt.date, branch: str) -> bytes:
    from openpyxl import Workbook  # loaded only when a ledger is written
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    stamp = dt.datetime(today.year, today.month, today.day)
    # Write-only: rows stream out as they are added, so a large ledger stays cheap.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("整改台账")
    for n, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    values = rows(campaign, url_of)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(HEADER))}{len(values) + 2}"
    title = WriteOnlyCell(sheet, f"{branch} {campaign.label} 整改台账（统计日期：{lg.zh_date(today)}）")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    bold = Font(bold=True)
    header = []
    for text in HEADER:
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in values:
        sheet.append(row)
    book.properties.creator = "党支部学习档案"
    book.properties.title = f"{campaign.label}整改台账"
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same workbook with every timestamp set to the build date (openpyxl writes "now")."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = CORE_DATE_RE.sub(lambda m: m.group(1) + iso + m.group(3), content)
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()


__all__ = ["ledger_csv", "ledger_xlsx", "LedgerRow"]
