"""Escaping is the default: text a member wrote reaches HTML, SVG, XML, CSV, Excel and the CI log only through
the one escaping function of its format (studyarchive.core.escaping)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples, mkdocs, write_site
from studyarchive.search.search import read_script

IMG = "<img src=x onerror=window.__x=1>"
SCRIPT = '"><script>window.__y=1</script>'
FORMULA = '=HYPERLINK("http://x")'
AREA = "纪<img src=y onerror=a>"  # an area heading is at most 24 characters
# In the text of a material: the sanitizer keeps <img src="y"> and drops its handler.
BODY_IMG = "<img src=y onerror=window.__x=1>"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


VOCABULARY = f"""\
branches:
  - id: zhibu
    label: {q("支部" + IMG + SCRIPT)}
campaigns:
  - id: 2024-dangji
    label: {q("党纪" + IMG + SCRIPT)}
    year: 2024
    areas: [{q(AREA)}, {q(FORMULA)}]
doc_types:
  - {{id: self_review, label: {q("对照" + IMG + SCRIPT)}, structured: true, personal: true, campaign: true}}
  - {{id: branch_review, label: {q("班子" + SCRIPT)}, structured: true, personal: false, campaign: true}}
  - {{id: reflection, label: {q("心得" + IMG)}, structured: false, personal: true, campaign: false}}
  - {{id: minutes, label: {q("会议记录" + SCRIPT)}, structured: false, personal: false, campaign: false}}
meeting_types:
  - {{id: party_congress, label: {q("党员大会" + IMG + SCRIPT)}}}
  - {{id: committee_meeting, label: {q("支委会" + IMG)}}}
  - {{id: group_meeting, label: {q("党小组会" + SCRIPT)}}}
  - {{id: party_lecture, label: {q(FORMULA)}}}
"""

MEMBER = f"""\
---
title: {q("对照检查" + IMG + SCRIPT)}
doc_type: self_review
member: {q("王" + IMG + SCRIPT)}
campaign: 2024-dangji
date: 2024-07-18
tags: [{q(IMG)}, {q(SCRIPT)}, {q(FORMULA)}]
ledger:
  1: {{owner: {q(FORMULA)}, deadline: 2024-09-30, status: 整改中, note: {q(FORMULA + IMG)}}}
  2: {{owner: {q("@SUM(1+1)")}, deadline: 2024-09-30, status: 整改中, note: {q("-2+3")}}}
---
一、存在问题

（一）{AREA}方面。

一是纪律意识不强{BODY_IMG}。比如，学习少。

二是{FORMULA}把关不严。比如，审核不细。

二、整改措施

一是加强纪律学习{SCRIPT}。【针对问题：1.1】

二是严格把关。【针对问题：1.2】
"""

FORMULA_MEMBER = f"""\
---
title: {q(FORMULA)}
doc_type: self_review
member: {q(FORMULA)}
campaign: 2024-dangji
date: 2024-07-19
---
一、存在问题

（一）{AREA}方面。

一是+学习不深。比如，读书少。

二、整改措施

一是多读书。【针对问题：1.1】（责任人：+王；完成时限：2024年9月30日；状态：整改中；备注：=1+1）
"""

MINUTES = f"""\
---
title: {q("党员大会记录" + SCRIPT)}
doc_type: minutes
meeting_type: party_congress
date: 2024-07-20
tags: [{q(IMG)}]
---
会议记录。
"""

REFLECTION = f"""\
---
title: {q("心得" + IMG)}
doc_type: reflection
member: {q("王" + IMG + SCRIPT)}
date: 2024-07-21
---
心得体会。
"""

FOLDER = IMG  # a folder name: no "/" in it


class Elements(HTMLParser):
    """What a browser would make live: elements, attributes, script text; and the text shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "img" and dict(attrs).get("src") == "x":
            self.live.append(f"<img src=x> {attrs}")
        if "onerror" in names:
            self.live.append(f"onerror on <{tag}> {attrs}")
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "window.__" in data:
            self.live.append(f"<script> {data[:80]!r}")
        elif not self._in_script:
            self.text.append(data)


def live_markup(text: str) -> tuple[list[str], str]:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser.live, "".join(parser.text)


def formula_cells(cells: list[str]) -> list[str]:
    return [c for c in cells if c.startswith(FORMULA_START)]


NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def xlsx_cells(data: bytes) -> tuple[list[str], list[str]]:
    """The text cells of a workbook that Excel would take as a formula when edited (no quotePrefix style),
    all its cells, and its parts that are not well-formed XML."""
    cells, broken, parts = [], [], {}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            try:
                parts[name] = ET.fromstring(book.read(name))
            except ET.ParseError as exc:
                broken.append(f"{name}: {exc}")
    quoted = [xf.get("quotePrefix") == "1" for xf in parts["xl/styles.xml"].find(f"{NS}cellXfs")]
    formulas = []
    for c in parts["xl/worksheets/sheet1.xml"].iter(f"{NS}c"):
        assert c.get("t") == "inlineStr" and c.find(f"{NS}f") is None  # text, never a formula
        text = "".join(c.find(f"{NS}is").itertext())
        cells.append(text)
        if text.startswith(FORMULA_START) and not quoted[int(c.get("s", "0"))]:
            formulas.append(text)
    return formulas, cells, broken


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory):
    docs = {
        "2024-dangji/wang.md": MEMBER,
        "2024-dangji/formula.md": FORMULA_MEMBER,
        "huiyi/2024/dahui.md": MINUTES,
        f"{FOLDER}/wang-xinde.md": REFLECTION,
    }
    root = write_site(tmp_path_factory.mktemp("canary") / "src", docs, VOCABULARY)
    built = mkdocs(root, "build")
    assert built.code == 0, built.output
    return built


def test_no_canary_markup_is_live_in_any_file_of_the_site(canary_site) -> None:
    site = canary_site.site
    problems: list[str] = []
    shown = []
    kinds: set[str] = set()
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = str(path.relative_to(site))
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
            rel = rel[:-3]
        kind = Path(rel).suffix
        kinds.add(kind)
        if kind == ".xlsx":
            formulas, cells, broken = xlsx_cells(data)
            problems += [f"{rel}: {b}" for b in broken]
            problems += [f"{rel}: formula cell {c!r}" for c in formulas]
            assert any(IMG in c for c in cells), rel  # the text itself is kept
            continue
        if kind not in (".html", ".xml", ".svg", ".json", ".js", ".csv", ".txt", ".css"):
            continue  # images and fonts of the theme
        text = data.decode("utf-8")
        if "\x00" in text:
            problems.append(f"{rel}: NUL")
        if kind == ".csv":
            cells = [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]
            problems += [f"{rel}: formula cell {c!r}" for c in formula_cells(cells)]
            assert any(IMG in c for c in cells), rel
            continue
        if kind == ".json":
            json.loads(text)  # valid JSON is safe JSON
            continue
        if kind == ".js" and rel.startswith("search/"):
            read_script(text)
            continue
        if kind in (".html", ".xml", ".svg"):
            live, visible = live_markup(text)
            problems += [f"{rel}: {x}" for x in live]
            shown.append(visible)
    assert not problems, "\n".join(problems[:40])
    assert {".html", ".csv", ".xlsx", ".json"} <= kinds
    everything = "".join(shown)
    # The names are shown as written, as text.
    for text in ("王" + IMG + SCRIPT, "党纪" + IMG + SCRIPT, "对照" + IMG + SCRIPT, "党员大会" + IMG + SCRIPT, FORMULA):
        assert text in everything, text


def test_titles_in_nav_header_and_title_are_text(canary_site) -> None:
    """Material prints page and nav titles raw: the hook hands it escaped text, escaped once."""
    page = canary_site.html("2024-dangji/wang/index.html")
    live, visible = live_markup(page)
    assert not live
    head = page[page.index("<title>"): page.index("</title>") + 8]
    assert "&lt;img src=x onerror=window.__x=1&gt;" in head
    assert "&amp;lt;" not in page  # not escaped twice
    assert "王" + IMG + SCRIPT in visible


# --- images from other servers ---------------------------------------------------------------------

OUTSIDE = """\
---
title: 心得体会
doc_type: reflection
member: 张三
date: 2024-07-21
---
学习体会。

![外网图](http://example.com/a.png)

![协议相对](//example.com/b.png)

<img src="HTTPS://example.com/c.png" alt="大写">

![本地图](../assets/d.png)

[外部链接](https://example.com/page)
"""


def test_images_from_other_servers_are_dropped_and_reported(tmp_path: Path) -> None:
    from clitools import archive, make_project

    root = write_site(tmp_path / "src", {"a/zhangsan-xinde.md": OUTSIDE})
    (root / "docs" / "assets" / "d.png").write_bytes(b"\x89PNG\r\n")
    built = mkdocs(root, "build")
    assert built.code == 0, built.output
    page = built.html("a/zhangsan-xinde/index.html")

    class Fetches(HTMLParser):
        srcs: ClassVar[list[str]] = []
        hrefs: ClassVar[list[str]] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "img":
                self.srcs.append(a.get("src"))
            if tag == "a" and "example.com" in (a.get("href") or ""):
                self.hrefs.append(a["href"])

    parser = Fetches()
    parser.feed(page)
    assert not [s for s in parser.srcs if s and "example.com" in s]
    assert "../../assets/d.png" in parser.srcs  # a local image stays
    assert parser.hrefs == ["https://example.com/page"]  # a link may leave the site
    warnings = [line for line in built.log_lines if "外部网址" in line]
    assert [w.split("docs/")[1].split(":")[:2] for w in warnings] == [["a/zhangsan-xinde.md", n] for n in ("9", "11", "13")]

    project = make_project(tmp_path / "proj", {"a/zhangsan-xinde.md": OUTSIDE})
    result = archive(project, "check")
    assert result.stdout.count("外部网址") == 3, result.stdout
    for n in (9, 11, 13):
        assert f"docs/a/zhangsan-xinde.md:{n}: 材料中的图片来自外部网址" in result.stdout


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t/\\:hHtTpPsS.xa")), max_size=14))
@example("//x")
@example("/\\x")
@example(" https://x")
@example("hTTp:x")
@example("H:\\\\:")  # found by `make fuzz`: another scheme (h:) with a "host"; a browser fetches nothing there
def test_outside_is_what_a_browser_fetches_from_another_server(url: str) -> None:
    """Every address a browser on https://intranet.local/a/b/ would fetch from another server (or over
    http) counts as outside; a scheme-less address that is not //host stays on the intranet."""
    from urllib.parse import urljoin, urlsplit

    from studyarchive.output.sanitize import outside

    # URL parsing drops tabs and newlines, trims spaces and reads a backslash as a slash (WHATWG).
    normal = "".join(url.split()).replace("\\", "/")
    parts = urlsplit(urljoin("https://intranet.local/a/b/", normal))
    if parts.scheme in ("http", "https") and (parts.scheme == "http" or parts.netloc != "intranet.local"):
        assert outside(url)
    if not outside(url) and parts.scheme in ("http", "https"):
        assert parts.netloc in ("", "intranet.local")


# --- the CI log and the plain log ----------------------------------------------------------------

def test_github_and_plain_reports_keep_one_line_per_diagnostic() -> None:
    from studyarchive.cli.check import report
    from studyarchive.core.diagnostics import Diagnostic

    evil = "坏\n::error file=x.md,line=1::伪造\r\n::warning::再伪造\u2028::notice::三\x1b[31m红"
    d = Diagnostic("docs/a,b:c\n::error::x.md", 3, evil)
    out = io.StringIO()
    report([d], "github", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=docs/a%2Cb%3Ac%0A%3A%3Aerror%3A%3Ax.md,line=3::")
    assert "\x1b" not in lines[0]
    out = io.StringIO()
    report([d], "plain", out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "错误：" and len(lines) == 2 and not lines[1].lstrip().startswith("::")
    assert "\x1b" not in lines[1] and "⏎" in lines[1]


# --- properties of the escaping functions --------------------------------------------------------

@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'=+-@\t\r\n\x00\x1b\x7f\x85 a王/")) | st.characters(), max_size=40))
@example(IMG)
@example(SCRIPT)
@example("\x00<script>")
@example("a\ud800b")
@example("title")  # found by `make fuzz`: the test took a text holding "title" for a title attribute
def test_html_text_is_text(text: str) -> None:
    from studyarchive.core.escaping import CONTROL, html, title

    escaped = html(text)
    for attributes, where in ((0, f"<p>{escaped}</p>"), (1, f'<p title="{escaped}">x</p>'), (1, f"<p title='{escaped}'>x</p>")):
        parser = Elements()
        tags = []
        parser.handle_starttag = lambda tag, attrs, tags=tags: tags.append((tag, attrs))  # type: ignore[method-assign]
        parser.feed(where)
        parser.close()
        assert [t for t, _ in tags] == ["p"]
        assert len(tags[0][1]) == attributes
    assert not CONTROL.search(escaped)
    assert title(text) == escaped and title(title(text)) == escaped  # escaped once, however often it is passed on
    import html as std

    assert std.unescape(escaped) == CONTROL.sub("", text)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("=+-@\t\r\n\",\x00 a王1")) | st.characters(), max_size=12), max_size=6))
@example(['=HYPERLINK("http://x")', "+1", "-1", "@A1", "\t=1", "\r=1", "2024-09-30", "12"])
@example(["\x00=1"])
def test_csv_cells_are_never_formulas(row: list[str]) -> None:
    from studyarchive.core.escaping import CONTROL, csv_cell

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_cell(c) for c in row])
    back = next(csv.reader(io.StringIO(buffer.getvalue()))) if row else []
    assert len(back) == len(row)
    for written, cell in zip(back, row):
        assert not written.startswith(FORMULA_START)
        assert "\x00" not in written
        plain = CONTROL.sub("", cell)
        assert written == plain or written == "'" + plain
        if plain[:1].isdigit():  # the archive's own numbers and dates are left as they are
            assert written == plain
