"""The ledger's CSV and workbook and archive.json, cell by cell, in process (issue #23: what `make mutation` found
no test pinning down). The workbook is read back both as its XML parts and with openpyxl, as Excel would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest

from conftest import ROOT
from studyarchive import build_archive
from studyarchive.analyse.indexes import Options, build_index
from studyarchive.core.model import ItemKey, Ledger, Report
from studyarchive.core.vocab import load_vocabulary
from studyarchive.output import export as ex
from studyarchive.output import sheets

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TODAY = dt.date(2024, 10, 1)

BRANCH = """\
---
title: 支部班子对照检查材料
doc_type: branch_review
campaign: 2024-dangji
date: 2024-07-20
---
一、存在问题

（一）政治纪律方面。一是学纪不深。比如，学习流于形式。二是把关不严。

（二）工作纪律方面。一是作风不实。

二、原因分析

一是放松要求。

二、整改措施

一是深入学纪。【针对问题：1.1】（责任人：王建国；完成时限：2024年8月底；状态：整改中）

二是严格把关。【针对问题：1.2、2.1】（责任人：李秀英、孙立；完成时限：2024年9月30日；状态：已完成；完成日期：2024-09-20；备注：已验收）

三是立即整改。【针对问题：2.1】（责任人：孙立；完成时限：立行立改；状态：整改中）
"""
PERSONAL = """\
---
title: 张三个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-22
tags: [学习, 纪律, 学习]
---
一、存在问题

（一）政治纪律方面。一是学习不深。

二、整改措施

一是加强学习。【针对问题：1.1】

二是向支部看齐。【针对问题：2024-dangji/zhibu#1.1】
"""
LATER = """\
---
title: 张三年度对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-annual
date: 2025-01-20
---
一、上年度问题整改落实情况

一是学习方面。已完成全年计划。【落实措施：2024-dangji/zhangsan#1】

二、存在问题

（一）理论学习方面。一是学习还不深。

三、整改措施

一是加强学习。【针对问题：1.1】
"""


def url_of(path: str) -> str:
    return path.removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def built():
    archive = build_archive(sorted({"2024-dangji/zhibu.md": BRANCH, "2024-dangji/zhangsan.md": PERSONAL,
                                    "2024-annual/zhangsan.md": LATER}.items()), VOCAB)
    assert [d for d in archive.diagnostics if d.level == "error"] == []
    index = build_index(archive, VOCAB, Options(TODAY))
    campaign = next(c for c in index.campaigns if c.id == "2024-dangji")
    return archive, campaign


EXPECTED = [
    list(sheets.HEADER),
    ["1", "支部", "支部班子对照检查材料", "政治纪律", "问题 1.1 学纪不深", "措施 1 深入学纪", "王建国", "2024年8月底", "2024-08-31", "整改中",
     "是", "", "", "2024-dangji/zhibu/#measure-1"],
    ["2", "支部", "支部班子对照检查材料", "政治纪律、工作纪律", "问题 1.2 把关不严；问题 2.1 作风不实", "措施 2 严格把关", "李秀英、孙立",
     "2024年9月30日", "2024-09-30", "已完成", "", "2024-09-20", "已验收", "2024-dangji/zhibu/#measure-2"],
    ["3", "支部", "支部班子对照检查材料", "工作纪律", "问题 2.1 作风不实", "措施 3 立即整改", "孙立", "立行立改", "2024-07-20", "整改中", "是",
     "", "", "2024-dangji/zhibu/#measure-3"],
    ["4", "张三", "张三个人对照检查材料", "政治纪律", "问题 1.1 学习不深", "措施 1 加强学习", "张三", "", "", "已完成", "", "",
     "据2025年1月20日的材料（2024-annual/zhangsan）：一是学习方面。已完成全年计划。", "2024-dangji/zhangsan/#measure-1"],
    ["5", "张三", "张三个人对照检查材料", "政治纪律", "问题 1.1 学纪不深", "措施 2 向支部看齐", "张三", "", "", "未登记", "", "", "",
     "2024-dangji/zhangsan/#measure-2"],
]


def test_the_csv_cell_by_cell(built) -> None:
    _, campaign = built
    data = sheets.ledger_csv(campaign, url_of)
    assert data.startswith("\ufeff".encode()) and data.endswith(b"\r\n")
    assert data.decode("utf-8").count("\r\n") == len(EXPECTED)
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == EXPECTED


def workbook_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i).decode("utf-8") for i in z.infolist()}


def cells(sheet_xml: str) -> dict[str, tuple[str | None, str]]:
    root = ET.fromstring(sheet_xml)
    return {c.get("r"): (c.get("s"), "".join(t.text or "" for t in c.iter(f"{NS}t"))) for c in root.iter(f"{NS}c")}


def test_the_workbook_cell_by_cell(built) -> None:
    _, campaign = built
    data = sheets.ledger_xlsx(campaign, url_of, TODAY, "第一党支部")
    title = "第一党支部 党纪学习教育 整改台账（统计日期：2024年10月1日）"
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["整改台账"]
    assert sheet["A1"].value == title and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert all(c.font.b and c.font.sz == 11 for c in sheet[2])
    assert not sheet["A3"].font.b
    table = [["" if v is None else v for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert table == EXPECTED
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:N7" and sheet.dimensions == "A1:N7"
    assert [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMN"] == list(sheets.WIDTHS)
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9 and sheet.print_options.gridLines
    assert book.properties.title == "党纪学习教育整改台账" and book.properties.creator == "党支部学习档案"
    assert book.properties.created == dt.datetime(2024, 10, 1) == book.properties.modified
    parts = workbook_parts(data)
    assert list(parts) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                           "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
    assert parts["xl/styles.xml"] == sheets.STYLES and parts["docProps/app.xml"] == sheets.APP
    assert ("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'整改台账'!$A$2:$N$7</definedName>"
            in parts["xl/workbook.xml"])
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-10-01T00:00:00Z</dcterms:created>" in parts["docProps/core.xml"]
    assert "<dc:title>党纪学习教育整改台账</dc:title>" in parts["docProps/core.xml"]
    got = cells(parts["xl/worksheets/sheet1.xml"])
    assert got["A1"] == ("1", title) and got["N2"] == ("2", "网址") and got["A3"] == (None, "1")
    assert "H6" not in got and "K6" not in got and got["K3"] == (None, "是")  # empty cells are left out
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    assert '<dimension ref="A1:N7"/>' in sheet_xml and '<autoFilter ref="A2:N7"/>' in sheet_xml
    assert sheet_xml.count("<row ") == 7 and '<row r="7">' in sheet_xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            assert (info.date_time, info.create_system, info.external_attr, info.compress_type) == \
                   ((2024, 10, 1, 0, 0, 0), 0, 0o600 << 16, zipfile.ZIP_DEFLATED), info.filename  # zipfile makes 0 rw-------
    # The same input gives the same bytes.
    assert sheets.ledger_xlsx(campaign, url_of, TODAY, "第一党支部") == data


def test_a_build_date_before_1980_is_stamped_1980_in_the_zip(built) -> None:
    _, campaign = built
    data = sheets.ledger_xlsx(campaign, url_of, dt.date(1975, 3, 4), "支部")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 3, 4, 0, 0, 0)}
    assert "统计日期：1975年3月4日" in workbook_parts(data)["xl/worksheets/sheet1.xml"]


def row(**changes) -> SimpleNamespace:
    measure = SimpleNamespace(ledger=Ledger(line=1), label="措施 1", title="加强学习", anchor="measure-1")
    values = dict(material=SimpleNamespace(path="a/b.md", meta=SimpleNamespace(title="材料")), measure=measure, problems=[],
                  areas=[], member=None, owners=(), status="整改中", due=None, overdue=False, report=None)
    return SimpleNamespace(**(values | changes))


def test_cells_that_look_like_formulas_stay_text() -> None:
    campaign = SimpleNamespace(label="批次", ledger=[row(owners=("=SUM(A1)",), measure=SimpleNamespace(
        ledger=Ledger(line=1, note="-先学后改", deadline_text="+1"), label="措施 1", title="@学", anchor="m"))])
    table = list(csv.reader(io.StringIO(sheets.ledger_csv(campaign, url_of).decode("utf-8-sig"))))
    assert table[1][5:8] == ["措施 1 @学", "'=SUM(A1)", "'+1"] and table[1][12] == "'-先学后改"
    data = sheets.ledger_xlsx(campaign, url_of, TODAY, "支部")
    parts = workbook_parts(data)
    assert parts["xl/styles.xml"] == sheets.STYLES_QUOTED
    got = cells(parts["xl/worksheets/sheet1.xml"])
    assert got["G3"] == ("3", "=SUM(A1)") and got["H3"] == ("3", "+1") and got["M3"] == ("3", "-先学后改")
    assert got["F3"] == (None, "措施 1 @学") and got["A3"] == (None, "1")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["整改台账"]
    assert sheet["G3"].value == "=SUM(A1)" and sheet["G3"].quotePrefix and not sheet["F3"].quotePrefix


def test_a_formula_like_title_is_quoted_and_keeps_the_title_font() -> None:
    campaign = SimpleNamespace(label="批次", ledger=[row()])
    got = cells(workbook_parts(sheets.ledger_xlsx(campaign, url_of, TODAY, "=支部"))["xl/worksheets/sheet1.xml"])
    assert got["A1"] == ("3", "=支部 批次 整改台账（统计日期：2024年10月1日）")


def test_text_cells_escaped_trimmed_and_limited() -> None:
    long = "长" * 40000
    campaign = SimpleNamespace(label="A&B<C>", ledger=[row(owners=(" 王\x07建国 ",), member="_x0041_ & <b>\r",
                                                            measure=SimpleNamespace(ledger=Ledger(line=1, note=long), label="措施 1",
                                                                                    title="学", anchor="m"))])
    parts = workbook_parts(sheets.ledger_xlsx(campaign, url_of, TODAY, "支部"))
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    assert '<c r="G3" t="inlineStr"><is><t xml:space="preserve"> 王建国 </t></is></c>' in sheet_xml
    assert '<c r="B3" t="inlineStr"><is><t xml:space="preserve">_x005F_x0041_ &amp; &lt;b&gt;&#13;</t></is></c>' in sheet_xml
    assert '<c r="F3" t="inlineStr"><is><t>措施 1 学</t></is></c>' in sheet_xml
    got = cells(sheet_xml)
    assert got["M3"][1] == "长" * 32766 + "…" and len(got["M3"][1]) == sheets.CELL_LIMIT
    assert got["B3"][1] == "_x005F_x0041_ & <b>\r"
    assert "<dc:title>A&amp;B&lt;C&gt;整改台账</dc:title>" in parts["docProps/core.xml"]
    assert parts["xl/styles.xml"] == sheets.STYLES
    # The CSV keeps the whole text.
    table = list(csv.reader(io.StringIO(sheets.ledger_csv(campaign, url_of).decode("utf-8-sig"))))
    assert table[1][12] == long and table[1][1] == "_x0041_ & <b>\r" and table[1][6] == " 王建国 "


def test_a_cell_exactly_at_the_limit_is_kept_whole() -> None:
    assert sheets._cell("A1", "长" * sheets.CELL_LIMIT, None) == f'<c r="A1" t="inlineStr"><is><t>{"长" * 32767}</t></is></c>'
    assert sheets._cell("B2", "x", 2) == '<c r="B2" s="2" t="inlineStr"><is><t>x</t></is></c>'


def test_columns_are_named_as_excel_names_them() -> None:
    assert [sheets._column(n) for n in (1, 2, 14, 26, 27, 28, 52, 53, 702, 703)] == \
           ["A", "B", "N", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_an_empty_ledger_has_the_title_and_the_header() -> None:
    campaign = SimpleNamespace(label="批次", ledger=[])
    parts = workbook_parts(sheets.ledger_xlsx(campaign, url_of, TODAY, "支部"))
    assert '<autoFilter ref="A2:N2"/>' in parts["xl/worksheets/sheet1.xml"]
    assert "$A$2:$N$2" in parts["xl/workbook.xml"]
    assert sheets.ledger_csv(campaign, url_of) == ("\ufeff" + ",".join(sheets.HEADER) + "\r\n").encode()


def test_a_report_as_the_note_says_where_the_status_comes_from() -> None:
    report = Report("2024-annual/zhangsan.md", "ref-1", dt.date(2025, 1, 2), "已完成。", "已完成")
    assert sheets.report_text(row(report=report)) == "据2025年1月2日的材料（2024-annual/zhangsan）：已完成。"
    assert sheets.report_text(row()) == ""
    both = row(report=report, measure=SimpleNamespace(ledger=Ledger(line=1, note="按月"), label="措施 1", title="学", anchor="m"))
    assert sheets.rows(SimpleNamespace(ledger=[both]), url_of)[0][12] == "按月；据2025年1月2日的材料（2024-annual/zhangsan）：已完成。"
    none = row(measure=SimpleNamespace(ledger=None, label="措施 1", title="学", anchor="m"), owners=("张三",))
    assert sheets.rows(SimpleNamespace(ledger=[none]), url_of)[0] == [
        "1", "支部", "材料", "", "", "措施 1 学", "张三", "", "", "整改中", "", "", "", "a/b/#m"]


# --- archive.json ---------------------------------------------------------------------------------------------

def test_archive_json_material_by_material(built) -> None:
    archive, _ = built
    data = json.loads(ex.dumps(ex.export(archive, VOCAB, url_of)))
    assert data["version"] == 1 and [m["path"] for m in data["materials"]] == [
        "2024-annual/zhangsan.md", "2024-dangji/zhangsan.md", "2024-dangji/zhibu.md"]
    zhangsan = data["materials"][1]
    assert {k: v for k, v in zhangsan.items() if k not in ("problems", "causes", "measures")} == {
        "path": "2024-dangji/zhangsan.md", "url": "2024-dangji/zhangsan/", "title": "张三个人对照检查材料",
        "doc_type": "self_review", "doc_type_label": "个人对照检查材料", "member": "张三", "branch": archive.materials["2024-dangji/zhangsan.md"].meta.branch,
        "branch_label": VOCAB.label("branches", archive.materials["2024-dangji/zhangsan.md"].meta.branch),
        "campaign": "2024-dangji", "campaign_label": "党纪学习教育", "year": 2024, "date": "2024-07-22",
        "meeting_type": None, "classification": archive.materials["2024-dangji/zhangsan.md"].meta.classification,
        "audience": "members", "status": "final", "template": False, "tags": ["学习", "纪律", "学习"],  # as written
    }
    assert zhangsan["problems"] == [{
        "id": "1.1", "anchor": "problem-1-1", "title": "学习不深", "text": "学习不深。", "line": 11,
        "url": "2024-dangji/zhangsan/#problem-1-1", "area": "政治纪律", "area_index": 1, "measures": ["1"]}]
    assert zhangsan["causes"] == []
    assert zhangsan["measures"] == [
        {"id": "1", "anchor": "measure-1", "title": "加强学习", "text": "加强学习。【针对问题：1.1】", "line": 15,
         "url": "2024-dangji/zhangsan/#measure-1", "problems": ["1.1"], "ledger": None},
        {"id": "2", "anchor": "measure-2", "title": "向支部看齐", "text": "向支部看齐。【针对问题：2024-dangji/zhibu#1.1】", "line": 17,
         "url": "2024-dangji/zhangsan/#measure-2", "problems": ["2024-dangji/zhibu#1.1"], "ledger": None}]
    zhibu = data["materials"][2]
    assert zhibu["member"] is None and zhibu["problems"][0]["measures"] == ["2024-dangji/zhangsan#2", "1"]  # by material path
    assert [m["ledger"] for m in zhibu["measures"]] == [
        {"owner": "王建国", "deadline": "2024-08-31", "deadline_text": "2024年8月底", "status": "整改中", "completed": None,
         "note": None, "source": "text", "line": 19},
        {"owner": "李秀英、孙立", "deadline": "2024-09-30", "deadline_text": "2024年9月30日", "status": "已完成",
         "completed": "2024-09-20", "note": "已验收", "source": "text", "line": 21},
        {"owner": "孙立", "deadline": None, "deadline_text": "立行立改", "status": "整改中", "completed": None, "note": None,
         "source": "text", "line": 23}]
    assert zhibu["causes"] == [{"id": "1", "anchor": "cause-1", "title": "放松要求", "text": "放松要求。", "line": 15,
                                "url": "2024-dangji/zhibu/#cause-1"}]


def test_a_material_without_a_campaign_label_has_null() -> None:
    note = "---\ntitle: 心得\ndoc_type: reflection\nmember: 张三\ndate: 2024-01-02\n---\n学习心得。\n"
    archive = build_archive([("x/xinde.md", note)], VOCAB)
    (material,) = json.loads(ex.dumps(ex.export(archive, VOCAB, url_of)))["materials"]
    assert material["campaign"] is None and material["campaign_label"] is None and material["year"] == 2024


def test_key_refs() -> None:
    material = SimpleNamespace(path="a/b.md")
    assert ex.key_ref(material, ItemKey("a/b.md", "problem", "3")) == "3"
    assert ex.key_ref(material, ItemKey("a/c.md", "problem", "1.2")) == "a/c#1.2"


def test_json_is_written_as_json_dumps_would_write_it() -> None:
    data = {"b": iter([{"y": 1, "x": "中"}, [2]]), "a": {"k": None}, "c": iter([]), "d": [1, 2]}
    text = ex.dumps(data)
    assert text == '{"a":{"k":null},"b":[{"x":"中","y":1},[2]],"c":[],"d":[1,2]}\n'
    buffer = io.StringIO()
    ex.write(buffer, {"one": 1})
    assert buffer.getvalue() == '{"one":1}\n'
    assert ex.dumps({}) == "{}\n"


# The parts of a workbook with no rows, as the schema orders them (SpreadsheetML, ECMA-376 part 1 §18.3.1.99):
# dimension, sheetViews, sheetFormatPr, cols, sheetData, autoFilter, printOptions, pageMargins, pageSetup.
COLS = "".join(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>' for n, w in
               enumerate((6, 10, 24, 14, 40, 48, 12, 14, 12, 10, 8, 12, 24, 36), 1))
HEADER_CELLS = "".join(f'<c r="{c}2" s="2" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip("ABCDEFGHIJKLMN", sheets.HEADER))
EMPTY_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:N2"/>'
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    f"<cols>{COLS}</cols><sheetData>"
    '<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>支部 批次 整改台账（统计日期：2024年10月1日）</t></is></c></row>'
    f'<row r="2">{HEADER_CELLS}</row></sheetData><autoFilter ref="A2:N2"/><printOptions gridLines="1"/>'
    '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
    '<pageSetup paperSize="9" orientation="landscape"/></worksheet>'
)
EMPTY_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews>'
    '<sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets><definedNames>'
    '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'整改台账\'!$A$2:$N$2</definedName></definedNames></workbook>'
)
EMPTY_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>批次整改台账</dc:title><dc:creator>党支部学习档案</dc:creator>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-10-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-10-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
)


def test_the_parts_of_a_workbook_exactly() -> None:
    parts = workbook_parts(sheets.ledger_xlsx(SimpleNamespace(label="批次", ledger=[]), url_of, TODAY, "支部"))
    assert parts["xl/worksheets/sheet1.xml"] == EMPTY_SHEET
    assert parts["xl/workbook.xml"] == EMPTY_WORKBOOK
    assert parts["docProps/core.xml"] == EMPTY_CORE
    for _name, text in parts.items():
        ET.fromstring(text.encode("utf-8"))  # well-formed, every part


def test_a_row_with_an_entry_but_no_deadline() -> None:
    assert sheets.rows(SimpleNamespace(ledger=[row()]), url_of)[0] == [
        "1", "支部", "材料", "", "", "措施 1 加强学习", "", "", "", "整改中", "", "", "", "a/b/#measure-1"]
