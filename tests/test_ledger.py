"""The rectification ledger (整改台账): where it is written, how it is checked, open and overdue at a fixed build date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import ROOT, write_site
from studyarchive.parse.ledger import build_date, parse_deadline

# 2024-10-01 00:00:00 UTC: the build date of the fixtures below.
OCT_1 = "1727740800"

BRANCH = """\
---
title: 支部班子党纪学习教育对照检查材料
doc_type: branch_review
campaign: 2024-dangji
date: 2024-07-20
---
一、存在问题

（一）政治纪律方面。一是学纪不深。比如，学习流于形式。二是把关不严。比如，审核不细。

（二）工作纪律方面。一是作风不实。比如，检查走过场。

二、整改措施

一是深入学纪。每月集中学习一次。【针对问题：1.1】（责任人：王建国；完成时限：2024年8月底；状态：整改中）

二是严格把关。建立审核清单。【针对问题：1.2】（责任人：李秀英；完成时限：2024年12月底；状态：整改中）

三是立即整改检查作风。【针对问题：2.1】（责任人：孙立；完成时限：立行立改；状态：已完成；完成日期：2024年7月25日）

四是完善制度。修订检查办法。【针对问题：2.1】（责任人：王建国、孙立；完成时限：2024年9月30日；状态：已完成）
"""

PERSONAL = """\
---
title: 张三党纪学习教育个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-22
整改台账:
  1: {完成时限: 立行立改, 状态: 整改中}
  3: {deadline: 长期坚持, status: 长期坚持, note: 每季度自查一次}
---
一、存在问题

（一）政治纪律方面。一是学习不深。比如，读书少。

（二）群众纪律方面。一是联系群众少。比如，走访少。

二、整改措施

一是加强学习。【针对问题：1.1】

二是多走访。【针对问题：2.1】

三是坚持自查。【针对问题：1.1、2.1】
"""


@pytest.fixture
def at_oct_1(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OCT_1)


def test_deadlines_as_secretaries_write_them() -> None:
    after = dt.date(2024, 7, 20)
    assert parse_deadline("2024年3月底", after) == (dt.date(2024, 3, 31), None)
    assert parse_deadline("2024年2月底", after) == (dt.date(2024, 2, 29), None)
    assert parse_deadline("2024-09-30", after) == (dt.date(2024, 9, 30), None)
    assert parse_deadline("2024年9月30日前", after) == (dt.date(2024, 9, 30), None)
    assert parse_deadline("2024年第三季度", after) == (dt.date(2024, 9, 30), None)
    assert parse_deadline("2024年三季度末", after) == (dt.date(2024, 9, 30), None)
    assert parse_deadline("2024年底", after) == (dt.date(2024, 12, 31), None)
    assert parse_deadline("2024年上半年", after) == (dt.date(2024, 6, 30), None)
    # Without a year: the first such day on or after the material's date.
    assert parse_deadline("10月底", after) == (dt.date(2024, 10, 31), None)
    assert parse_deadline("3月底", after) == (dt.date(2025, 3, 31), None)
    assert parse_deadline("立行立改", after) == (None, None)
    assert parse_deadline("长期坚持", after) == (None, None)
    assert parse_deadline("2024年2月30日", after) == (None, "完成时限“2024年2月30日”不存在（请核对月份和日期）。")
    assert parse_deadline("2024年13月底", after) == (None, "完成时限“2024年13月底”不存在（请核对月份和日期）。")
    assert parse_deadline("尽快", after)[1].startswith("无法识别的完成时限“尽快”；请写成“2024-03-31”")


def test_build_date_comes_from_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": OCT_1}) == dt.date(2024, 10, 1)
    assert build_date({}, today=dt.date(2030, 1, 2)) == dt.date(2030, 1, 2)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH 的值“明天”无效"):
        build_date({"SOURCE_DATE_EPOCH": "明天"})


def test_ledger_page_counts_open_and_overdue_at_the_build_date(build_site, at_oct_1) -> None:
    built = build_site({"2024-dangji/zhibu.md": BRANCH, "2024-dangji/zhangsan.md": PERSONAL})
    assert built.code == 0, built.output
    assert built.log_lines == []
    page = built.html("indexes/ledger/2024-dangji/index.html")
    assert "统计日期：2024年10月1日。共 7 条整改措施，未销号 4 条，其中逾期 2 条。" in page
    # Filters are progressive enhancement: the page names the columns, the full table is in the HTML.
    # The options' order: people by 姓氏笔画 (王 4, 孙 6, 张 7 and 李 7 by code point), statuses in their natural order, areas as the campaign has them.
    assert ('<div class="ar-ledger-filter" data-columns="责任人 整改状态 检视方面" data-order-0="王建国|孙立|张三|李秀英" '
            'data-order-1="整改中|已完成|长期坚持|未登记" data-order-2="政治纪律|群众纪律|工作纪律"></div>') in page
    assert page.count("<tr>") == 1 + 7 + (1 + 4) + (1 + 3)  # ledger + by owner (王建国 李秀英 孙立 张三) + by area
    assert 'src="../../../assets/ledger.js"' in page
    # Overdue: 2024年8月底 still 整改中; 立行立改 (due the material's date) still 整改中. Not: closed, or not yet due.
    assert page.count('<span class="ar-overdue">逾期</span>') == 2
    assert "2024年8月底（2024年8月31日） <span class=\"ar-overdue\">逾期</span>" in page
    # By owner: 王建国 has two measures (one closed, one overdue); the personal material's owner is its member.
    assert "<tr><td>王建国</td><td>2</td><td>1</td><td><strong>1</strong></td></tr>" in page
    assert "<tr><td>张三</td><td>3</td><td>2</td><td><strong>1</strong></td></tr>" in page
    # A measure without a status is 未登记 and open.
    assert '<span class="ar-status ar-status-none">未登记</span>' in page
    # Links to the problem and the measure in the material.
    assert 'href="../../../2024-dangji/zhibu/#measure-1"' in page and 'href="../../../2024-dangji/zhibu/#problem-1-1"' in page

    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    assert data["build_date"] == "2024-10-01"
    rows = {r["measure"]: r for r in data["ledger"]}
    assert [(m, r["status"], r["due"], r["overdue"]) for m, r in rows.items()] == [
        ("2024-dangji/zhibu#1", "in_progress", "2024-08-31", True),
        ("2024-dangji/zhibu#2", "in_progress", "2024-12-31", False),
        ("2024-dangji/zhibu#3", "done", "2024-07-20", False),
        ("2024-dangji/zhibu#4", "done", "2024-09-30", False),
        ("2024-dangji/zhangsan#1", "in_progress", "2024-07-22", True),
        ("2024-dangji/zhangsan#2", None, None, False),
        ("2024-dangji/zhangsan#3", "ongoing", None, False),
    ]
    assert rows["2024-dangji/zhibu#4"]["owners"] == ["王建国", "孙立"]
    assert rows["2024-dangji/zhangsan#2"]["owners"] == ["张三"] and rows["2024-dangji/zhangsan#2"]["status_label"] == "未登记"
    zhibu = next(m for m in data["materials"] if m["path"] == "2024-dangji/zhibu.md")
    assert zhibu["measures"][2]["ledger"] == {
        "owner": "孙立", "deadline": None, "deadline_text": "立行立改", "status": "已完成", "completed": "2024-07-25",
        "note": None, "source": "text", "line": 19,
    }
    zhangsan = next(m for m in data["materials"] if m["path"] == "2024-dangji/zhangsan.md")
    assert zhangsan["measures"][2]["ledger"]["source"] == "front_matter" and zhangsan["measures"][2]["ledger"]["line"] == 9
    campaign = data["campaigns"][0]
    assert campaign["counts"] == {"materials": 2, "members": 1, "problems": 5, "measures": 7, "open": 4, "overdue": 2}

    # The material's own page shows its ledger at the end.
    material = built.html("2024-dangji/zhangsan/index.html")
    assert 'id="ar-ledger"' in material and "每季度自查一次" in material


XLSX_PARTS = ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
              "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A note with what XML must escape, a character XML 1.0 does not allow (\v) and text Excel would read as an escape.
ODD_NOTE = "每季度自查一次 <记录> & 台账\v_x0041_"


def test_csv_and_xlsx_for_committee_meetings(build_site, at_oct_1) -> None:
    from openpyxl import load_workbook

    personal = PERSONAL.replace("note: 每季度自查一次", 'note: "每季度自查一次 <记录> & 台账\\v_x0041_"')
    built = build_site({"2024-dangji/zhibu.md": BRANCH, "2024-dangji/zhangsan.md": personal})
    assert built.code == 0, built.output
    page = built.html("indexes/ledger/2024-dangji/index.html")
    assert 'href="../../../indexes/ledger/2024-dangji.xlsx"' in page and 'href="../../../indexes/ledger/2024-dangji.csv"' in page

    raw = (built.site / "indexes" / "ledger" / "2024-dangji.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel on Chinese Windows reads it as UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["序号", "党员", "材料", "检视方面", "问题", "整改措施", "责任人", "完成时限", "到期日", "整改状态", "是否逾期", "完成日期", "备注", "网址"]
    assert table[1] == ["1", "支部", "支部班子党纪学习教育对照检查材料", "政治纪律", "问题 1.1 学纪不深", "措施 1 深入学纪", "王建国",
                        "2024年8月底", "2024-08-31", "整改中", "是", "", "", "2024-dangji/zhibu/#measure-1"]
    assert len(table) == 8
    assert table[7][12] == ODD_NOTE.replace("\v", "")  # the CSV keeps the note as written, without control characters

    path = built.site / "indexes" / "ledger" / "2024-dangji.xlsx"
    # The package: the eight parts, each well-formed XML, each with its content type; relationships point at parts.
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == XLSX_PARTS
        # Every zip entry carries the build date, not the time of the build: builds stay byte-identical.
        assert {info.date_time for info in archive.infolist()} == {(2024, 10, 1, 0, 0, 0)}
        texts = {name: archive.read(name).decode("utf-8") for name in XLSX_PARTS}
    parts = {name: ET.fromstring(text) for name, text in texts.items()}
    overrides = {e.get("PartName") for e in parts["[Content_Types].xml"] if e.get("PartName")}
    assert overrides == {"/" + name for name in XLSX_PARTS if not name.endswith(".rels") and name != "[Content_Types].xml"}
    assert [r.get("Target") for r in parts["_rels/.rels"]] == ["xl/workbook.xml", "docProps/core.xml", "docProps/app.xml"]
    assert [r.get("Target") for r in parts["xl/_rels/workbook.xml.rels"]] == ["worksheets/sheet1.xml", "styles.xml"]
    # Excel keeps an auto filter only with its range as the sheet's hidden _FilterDatabase name.
    (name,) = parts["xl/workbook.xml"].iter(MAIN + "definedName")
    assert (name.get("name"), name.get("localSheetId"), name.get("hidden")) == ("_xlnm._FilterDatabase", "0", "1")
    assert name.text == "'整改台账'!$A$2:$N$9"
    # Escaped for XML, the vertical tab dropped, the underscore escaped so that Excel shows "_x0041_" as written.
    assert "<t>每季度自查一次 &lt;记录&gt; &amp; 台账_x005F_x0041_</t>" in texts["xl/worksheets/sheet1.xml"]

    book = load_workbook(path)
    assert book.sheetnames == ["整改台账"]
    sheet = book["整改台账"]
    title = sheet["A1"]
    assert title.value == "清河县文化馆党支部 党纪学习教育 整改台账（统计日期：2024年10月1日）"
    assert title.font.b and title.font.sz == 14
    assert [c.value for c in sheet[2]] == table[0]
    assert all(c.font.b for c in sheet[2]) and not sheet["A3"].font.b
    assert [c.value for c in sheet[3]][:11] == ["1", "支部", "支部班子党纪学习教育对照检查材料", "政治纪律", "问题 1.1 学纪不深", "措施 1 深入学纪",
                                                 "王建国", "2024年8月底", "2024-08-31", "整改中", "是"]
    assert sheet["N3"].value == "2024-dangji/zhibu/#measure-1"
    assert sheet["L5"].value == "2024-07-25"  # dates are text, as in the CSV
    assert sheet["M9"].value.startswith("每季度自查一次 <记录> & 台账") and "\v" not in sheet["M9"].value
    assert sheet["L3"].value is None  # an empty cell
    assert sheet.max_row == 2 + 7 and sheet.max_column == 14
    assert {letter: dim.width for letter, dim in sheet.column_dimensions.items()} == dict(
        zip("ABCDEFGHIJKLMN", (6, 10, 24, 14, 40, 48, 12, 14, 12, 10, 8, 12, 24, 36)))
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:N9"
    assert sheet.print_options.gridLines
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    props = book.properties
    assert (props.creator, props.title) == ("党支部学习档案", "党纪学习教育整改台账")
    assert props.modified == dt.datetime(2024, 10, 1) and props.created == dt.datetime(2024, 10, 1)


# In-process, as `mkdocs build` runs the hook: which modules the build imported.
IMPORTED = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

build(load_config(config_file=sys.argv[1]))
print(sorted(name for name in sys.modules if name.partition(".")[0] in ("openpyxl", "et_xmlfile")))
"""


def test_a_build_writes_the_workbook_without_importing_openpyxl(tmp_path, at_oct_1) -> None:
    """openpyxl would cost every build time and memory (issue #8): only the tests use it, to read workbooks."""
    root = write_site(tmp_path / "src", {"2024-dangji/zhibu.md": BRANCH})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-c", IMPORTED, str(root / "mkdocs.yml")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert (root / "site" / "indexes" / "ledger" / "2024-dangji.xlsx").is_file()
    assert proc.stdout.splitlines()[-1] == "[]"


ERRORS = {
    "a/zhibu.md": """\
---
title: 班子材料
doc_type: branch_review
campaign: 2024-dangji
date: 2024-07-20
---
一、存在问题

（一）政治纪律方面。一是学纪不深。比如，学习流于形式。二是把关不严。比如，审核不细。

二、整改措施

一是深入学纪。【针对问题：1.1】（责任人：王建国；完成时限：2024年2月30日；状态：进行中）

二是严格把关。【针对问题：1.2】（完成时限：2024年12月底；状态：整改中）
""",
    "a/zhangsan.md": """\
---
title: 张三材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-22
ledger:
  5: {status: 整改中}
  1: {状态: 完成了, 督办人: 王建国}
---
一、存在问题

（一）政治纪律方面。一是学习不深。比如，读书少。

二、整改措施

一是加强学习。【针对问题：1.1】（完成时限：下个月）
""",
}


def test_bad_ledger_entries_are_reported_with_file_and_line(build_site, at_oct_1) -> None:
    built = build_site(ERRORS)
    assert built.code == 1
    assert "Traceback" not in built.output
    assert built.log_lines == [
        "ERROR   -  docs/a/zhangsan.md:9: 未知的台账项“督办人”；可选：责任人、完成时限、状态、完成日期、备注（也可以写 owner、deadline、status、completed、note）。",
        "ERROR   -  docs/a/zhangsan.md:9: 未知的整改状态“完成了”；可选：已完成、未启动、整改中、长期坚持。",
        "ERROR   -  docs/a/zhibu.md:13: 完成时限“2024年2月30日”不存在（请核对月份和日期）。",
        "ERROR   -  docs/a/zhibu.md:13: 未知的整改状态“进行中”；可选：未启动、整改中、已完成、长期坚持。",
        "WARNING -  docs/a/zhibu.md:15: 措施 2“严格把关”没有写责任人：支部材料的每条整改措施都要明确责任人。"
        "请在措施末尾写“（责任人：王建国；完成时限：2024年3月底；状态：整改中）”，或写在 front matter 的 ledger 中（参见编写指南《整改台账》）。",
        "ERROR   -  档案检查发现 4 处错误，构建已中止。请按上面的提示逐条修改。",
    ]


def test_front_matter_and_text_must_not_both_carry_a_measure(build_site, at_oct_1) -> None:
    fixed = dict(ERRORS, **{"a/zhangsan.md": ERRORS["a/zhangsan.md"].replace("完成了, 督办人: 王建国", "整改中")})
    built = build_site(fixed)
    assert built.code == 1
    assert "ERROR   -  docs/a/zhangsan.md:8: 台账中的措施 5 不存在；本材料的措施编号：1。" in built.log_lines
    assert "ERROR   -  docs/a/zhangsan.md:17: 措施 1 的台账信息在正文和 front matter（第 9 行）中都写了；请只保留一处。" in built.log_lines
    assert ("ERROR   -  docs/a/zhangsan.md:17: 无法识别的完成时限“下个月”；"
            "请写成“2024-03-31”“2024年3月31日”“2024年3月底”“2024年第二季度”“2024年底”，或写“立行立改”“长期坚持”。") in built.log_lines


def test_a_bad_source_date_epoch_stops_the_build(build_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "昨天")
    built = build_site({})
    assert built.code == 1
    assert "环境变量 SOURCE_DATE_EPOCH 的值“昨天”无效" in built.output and "Traceback" not in built.output


def test_sample_site_has_a_believable_ledger() -> None:
    """The bundled sample: inline and front-matter ledgers, open, closed and overdue items."""
    from studyarchive import build_archive
    from studyarchive.core.vocab import load_vocabulary

    vocab = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    docs = ROOT / "docs"
    sources = [(p.relative_to(docs).as_posix(), p.read_text(encoding="utf-8")) for p in docs.rglob("*.md")
               if p.relative_to(docs).parts[0] not in ("guide",) and p.name != "index.md"]
    archive = build_archive(sources, vocab)
    assert archive.errors == []
    branch = archive.materials["2023-zhuti-2/zhibu-banzi.md"]
    assert all(m.ledger and m.ledger.owner for m in branch.items_of("measure"))
    statuses = {m.ledger.status for mat in archive.materials.values() for m in mat.items_of("measure") if m.ledger}
    assert statuses == {"未启动", "整改中", "已完成", "长期坚持"}
    assert any(m.ledger and m.ledger.source == "front_matter" for m in archive.materials["2024-dangji/sunli.md"].items_of("measure"))


FOLLOW_UP = """\
---
title: 张三2024年度组织生活会对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-annual
date: 2025-01-20
---
一、上年度问题整改落实情况

一是学习方面。建立了每周学习制度，已完成全年计划。【落实措施：2024-dangji/zhangsan#1】

二是走访方面。全年走访二十次，还有两个村正在对接。【落实措施：2024-dangji/zhangsan#2】

三是自查方面。坚持每季度自查，需要持续用力。【落实措施：2024-dangji/zhangsan#3】

二、存在问题

（一）理论学习方面。一是学习还不深。比如，读书少。

三、整改措施

一是加强学习。【针对问题：1.1】
"""


def test_a_later_report_counts_as_the_measures_status_unless_the_ledger_says_otherwise(build_site, monkeypatch) -> None:
    """2024-dangji/zhangsan: measure 1 has 状态：整改中 in its ledger (the ledger wins over the report's 已完成);
    measure 2 has no status (the report's 正在 → 整改中); measure 3 says 长期坚持 itself."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1738368000")  # 2025-02-01
    built = build_site({"2024-dangji/zhangsan.md": PERSONAL, "2024-annual/zhangsan.md": FOLLOW_UP}, strict=False)
    assert built.code == 0, built.output
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    rows = {r["measure"]: r for r in data["ledger"]}
    assert rows["2024-dangji/zhangsan#1"]["status_label"] == "整改中" and rows["2024-dangji/zhangsan#1"]["report"] is None
    assert rows["2024-dangji/zhangsan#2"]["status_label"] == "整改中"
    assert rows["2024-dangji/zhangsan#2"]["report"] == {"material": "2024-annual/zhangsan.md", "date": "2025-01-20",
                                                        "text": "二是走访方面。全年走访二十次，还有两个村正在对接。"}
    page = built.html("indexes/ledger/2024-dangji/index.html")
    assert "据" in page and "（2025年1月20日）：二是走访方面。全年走访二十次，还有两个村正在对接。" in page


def test_with_no_ledger_status_the_report_decides(build_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1738368000")  # 2025-02-01
    no_status = PERSONAL.replace("  1: {完成时限: 立行立改, 状态: 整改中}\n", "")
    built = build_site({"2024-dangji/zhangsan.md": no_status, "2024-annual/zhangsan.md": FOLLOW_UP}, strict=False)
    rows = {r["measure"]: r for r in json.loads((built.site / "archive.json").read_text(encoding="utf-8"))["ledger"]}
    assert rows["2024-dangji/zhangsan#1"]["status_label"] == "已完成"
    assert rows["2024-dangji/zhangsan#1"]["report"]["date"] == "2025-01-20"
    # The material's own page shows where its status comes from.
    material = built.html("2024-dangji/zhangsan/index.html")
    assert "建立了每周学习制度，已完成全年计划。" in material


def test_report_wording_maps_to_a_status() -> None:
    from studyarchive.parse.ledger import report_status
    assert report_status("已完成全年计划。") == "已完成"
    assert report_status("制度已经建立，由本人审签。") == "已完成"
    assert report_status("需要持续用力。") == "长期坚持"
    assert report_status("还有一处正在协调。") == "整改中"
    assert report_status("全年撰写学习体会四篇。") == "整改中"


def test_sample_2023_ledger_counts_the_2024_reports() -> None:
    from studyarchive import build_archive
    from studyarchive.core.vocab import load_vocabulary
    from studyarchive.parse.ledger import status_of

    vocab = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    docs = ROOT / "docs"
    sources = [(p.relative_to(docs).as_posix(), p.read_text(encoding="utf-8")) for p in docs.rglob("*.md")
               if p.relative_to(docs).parts[0] not in ("guide",) and p.name != "index.md"]
    archive = build_archive(sources, vocab)
    measures = [(m, i) for m in archive.materials.values() if m.meta.campaign == "2023-zhuti-2" for i in m.items_of("measure")]
    open_ = [i for _, i in measures if status_of(i.ledger, i) not in ("已完成", "长期坚持")]
    assert len(measures) == 53 and len(open_) == 36  # 49 before the 2024 reports counted
    wang3 = archive.materials["2023-zhuti-2/wangjianguo.md"].item("measure", "3")
    assert [r.material for r in wang3.reports] == ["2024-annual/wangjianguo.md"] and status_of(wang3.ledger, wang3) == "长期坚持"


# --- the rules on their own ----------------------------------------------------------------------------------

def _material(day: dt.date):
    from types import SimpleNamespace

    return SimpleNamespace(meta=SimpleNamespace(date=day), path="2024-dangji/zhangsan.md")


@pytest.mark.parametrize(("deadline", "today", "overdue"), [
    (dt.date(2024, 9, 30), dt.date(2024, 10, 1), True),   # the day after the deadline
    (dt.date(2024, 10, 1), dt.date(2024, 10, 1), False),  # on the deadline itself: still in time
    (dt.date(2024, 10, 2), dt.date(2024, 10, 1), False),
])
def test_a_measure_is_overdue_only_after_its_deadline_day(deadline, today, overdue) -> None:
    from studyarchive.core.model import Ledger
    from studyarchive.parse.ledger import is_overdue

    material = _material(dt.date(2024, 7, 1))
    assert is_overdue(Ledger(line=1, deadline=deadline, status="整改中"), material, today) is overdue
    # Closed measures are never overdue; nor is one without a deadline.
    assert not is_overdue(Ledger(line=1, deadline=deadline, status="已完成"), material, today)
    assert not is_overdue(Ledger(line=1, status="整改中"), material, today)
    assert not is_overdue(None, material, today)


def test_immediate_measures_are_due_on_the_materials_date() -> None:
    from studyarchive.core.model import Ledger
    from studyarchive.parse.ledger import is_overdue

    entry = Ledger(line=1, deadline_text="立行立改", status="整改中")
    assert not is_overdue(entry, _material(dt.date(2024, 10, 1)), dt.date(2024, 10, 1))
    assert is_overdue(entry, _material(dt.date(2024, 9, 30)), dt.date(2024, 10, 1))


def test_the_overdue_column_is_yes_or_empty() -> None:
    """是否逾期: "是" for an overdue measure, an empty cell otherwise (a filter in Excel shows 是 and 空白)."""
    from types import SimpleNamespace

    from studyarchive.core.model import Ledger
    from studyarchive.output.sheets import HEADER, ledger_csv, rows

    def row(overdue: bool, status: str):
        measure = SimpleNamespace(ledger=Ledger(line=1, deadline=dt.date(2024, 9, 30), deadline_text="2024年9月底", status=status),
                                  label="措施 1", title="加强学习", anchor="measure-1")
        return SimpleNamespace(material=SimpleNamespace(path="a.md", meta=SimpleNamespace(title="材料")), measure=measure,
                               problems=[], areas=["政治纪律"], member="张三", owners=("张三",), status=status,
                               due=dt.date(2024, 9, 30), overdue=overdue, report=None)

    campaign = SimpleNamespace(ledger=[row(True, "整改中"), row(False, "已完成"), row(False, "长期坚持")])
    column = HEADER.index("是否逾期")
    assert [r[column] for r in rows(campaign, lambda path: path)] == ["是", "", ""]
    table = list(csv.reader(io.StringIO(ledger_csv(campaign, lambda path: path).decode("utf-8-sig"))))
    assert [r[column] for r in table[1:]] == ["是", "", ""]
