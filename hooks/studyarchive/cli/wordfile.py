"""Word copies (.docx) of a material, a campaign's bound volume (汇编) or its ledger, from a built site.

The same source as `archive pdf`: the built page's article, with what print.css hides left out (the metadata,
the cross-link lists, the web-only tables) and cross-links printed as （见措施3）. Laid out as GB/T 9704 asks and
as docs/assets/print.css does: A4, margins 37/35 mm and 28 mm binding side, 26 mm outer (mirrored for duplex),
body 16 pt 仿宋 on a 28.95 pt line pitch, title 22 pt 小标宋, 一、 黑体, （一） 楷体, — N — in the footer as a PAGE
field, odd pages right and even pages left. The ledger is a landscape section whose table header repeats.

Fonts: a .docx names one font per script, with no fallback list as CSS has. Every run names its East-Asian font
(w:eastAsia) and its Latin one; the font table adds w:altName, the font Word and WPS use when the named one is not
installed (方正小标宋简体 → 华文中宋 …). The names are the ones Windows and WPS ship, so a branch's office PC shows
the intended faces; LibreOffice on Linux substitutes its own CJK fonts.

Named wordfile, not docx: this package must not shadow python-docx's ``docx``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .pdf import ARTICLE_RE, Job, PdfError, build_site, exports

# Fonts per role: (East-Asian name written on the runs, fallback written as the font table's altName).
FANGSONG = ("仿宋_GB2312", "仿宋")
XIAOBIAOSONG = ("方正小标宋简体", "华文中宋")
HEITI = ("黑体", "SimHei")
KAITI = ("楷体_GB2312", "楷体")
SONGTI = ("宋体", "SimSun")
LATIN = "Times New Roman"

BODY_PT = 16
TITLE_PT = 22
LINE_PT = 28.95  # 22 lines in the 225 mm type area
PAGE_NUMBER_PT = 14
MM = 36000  # EMU per millimetre

# Classes whose elements print.css hides (display: none): left out of the Word copy too.
HIDDEN = {"ar-links", "ar-meta", "ar-dup", "ar-web-only", "ar-ledger-filter", "ar-screen-only", "headerlink", "ar-blank"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "dt", "dd", "blockquote", "pre", "figcaption"}


class WordError(PdfError):
    """Something the user can fix; the message says how."""


# --- the article as a list of blocks -----------------------------------------------------------

@dataclass
class Run:
    text: str
    bold: bool = False
    br: bool = False


@dataclass
class Block:
    kind: str
    """p, h1…h6, marking, signature, cover-branch, cover-title, cover-date, toc-title, toc-entry, recto, table"""
    runs: list[Run] = field(default_factory=list)
    target: str = ""
    """toc-entry: the bookmark of the material it names; recto: the bookmark that starts here."""
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Article(HTMLParser):
    """Reads the built article into blocks: headings, paragraphs, tables, the volume's cover, contents and parts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, set[str], bool]] = []  # (tag, classes, hidden)
        self.current: Block | None = None
        self.bold = 0
        self.table: Block | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_thead = False
        self.ol_counters: list[int] = []

    @property
    def hidden(self) -> bool:
        return any(h for _, _, h in self.stack)

    def _within(self, cls: str) -> bool:
        return any(cls in c for _, c, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        void = tag in {"br", "img", "hr", "input", "meta", "link", "wbr"}
        hide = bool(classes & HIDDEN) or tag in {"script", "style", "dl", "svg"}
        if not void:
            self.stack.append((tag, classes, hide))
        if self.hidden:
            return
        if tag == "br":
            if self.cell is not None:
                self.cell.append("\n")
            elif self.current is not None:
                self.current.runs.append(Run("", br=True))
            return
        if tag == "span" and "ar-ref" in classes:
            self._text(a.get("title", ""))
            return
        if tag in {"strong", "b"}:
            self.bold += 1
        if tag == "table":
            self._close()
            self.table = Block("table")
            return
        if self.table is not None:
            if tag == "thead":
                self.in_thead = True
            elif tag == "tr":
                self.row = []
            elif tag in {"td", "th"}:
                self.cell = []
            return
        if tag == "div" and "ar-recto" in classes:
            self._close()
            self.blocks.append(Block("recto", target=a.get("id", "")))
        if tag == "ol":
            self.ol_counters.append(0)
        if tag in BLOCKS:
            self._open_block(tag, classes)
        if tag == "a" and self.current is not None and self.current.kind == "toc-entry":
            self.current.target = a.get("href", "").lstrip("#")

    def _open_block(self, tag: str, classes: set[str]) -> None:
        """A block element (BLOCKS) starts: the paragraph kind its classes and place give it."""
        kind = tag
        if "ar-marking" in classes:
            kind = "marking"
        elif "ar-cover-branch" in classes:
            kind = "cover-branch"
        elif "ar-cover-title" in classes:
            kind = "cover-title"
        elif "ar-cover-date" in classes:
            kind = "cover-date"
        elif "ar-toc-title" in classes:
            kind = "toc-title"
        elif tag == "li" and self._within("ar-toc"):
            kind = "toc-entry"
        elif tag == "p" and self._within("ar-signature"):
            kind = "signature"
        elif tag == "div":
            if self.current is not None and not self.current.runs:
                return
            kind = "p"
        if tag in {"div"} and kind == "p":
            return  # a plain wrapper: its children make the blocks
        self._close()
        self.current = Block(kind)
        if tag == "li" and kind == "li" and self.ol_counters and self.stack[-2:-1] and self.stack[-2][0] == "ol":
            self.ol_counters[-1] += 1
            self.current.runs.append(Run(f"{self.ol_counters[-1]}. "))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        # Pop to the matching tag (HTML from Markdown is well formed; be lenient all the same).
        idx = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i][0] == tag), None)
        if idx is None:
            return
        was_hidden = self.hidden
        del self.stack[idx:]
        if was_hidden and self.hidden:
            return
        if tag in {"strong", "b"}:
            self.bold = max(0, self.bold - 1)
        if self.table is not None:
            if tag in {"td", "th"} and self.cell is not None and self.row is not None:
                self.row.append(re.sub(r"[ \t]+", " ", "".join(self.cell)).strip())
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self.table.rows.append(self.row)
                if self.in_thead:
                    self.table.header_rows += 1
                self.row = None
            elif tag == "thead":
                self.in_thead = False
            elif tag == "table":
                if self.table.rows:
                    self.blocks.append(self.table)
                self.table = None
            return
        if tag == "ol" and self.ol_counters:
            self.ol_counters.pop()
        if tag in BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.cell is not None:
            self.cell.append(data)
            return
        self._text(data)

    def _text(self, data: str) -> None:
        data = re.sub(r"\s+", " ", data)
        if self.current is None:
            if not data.strip():
                return
            self.current = Block("p")
        if not self.current.runs or self.current.runs[-1].br:
            data = data.lstrip()
        if data:
            self.current.runs.append(Run(data, bold=self.bold > 0))

    def _close(self) -> None:
        if self.current is not None:
            runs = self.current.runs
            while runs and not runs[-1].br and not runs[-1].text.strip():
                runs.pop()
            if runs:
                runs[-1].text = runs[-1].text.rstrip()
            if runs or self.current.kind == "recto":
                self.blocks.append(self.current)
        self.current = None


def blocks(page_html: str) -> list[Block]:
    m = ARTICLE_RE.search(page_html)
    if m is None:
        raise WordError("页面中没有找到正文（<article>）；这个文件不是档案网站生成的页面。")
    parser = _Article()
    parser.feed(m.group(1))
    parser.close()
    parser._close()
    return parser.blocks


# --- writing the .docx ---------------------------------------------------------------------------

def _docx():
    try:
        import docx  # python-docx
    except ImportError:
        raise WordError("没有安装 python-docx，无法生成 Word 文件；请运行 make setup。") from None
    return docx


def _set_fonts(run, font: tuple[str, str], size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font[0]  # w:ascii and w:hAnsi
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font[0])
    fonts.set(qn("w:hAnsi"), font[0])
    fonts.set(qn("w:ascii"), font[0])
    fonts.set(qn("w:cs"), font[0])
    fonts.set(qn("w:hint"), "eastAsia")
    if size == BODY_PT and font != SONGTI:
        # 28 characters of 16 pt are 158 mm, 2 mm wider than the type area: −0.3 pt a character fits 28 a line
        # (print.css takes −0.25 pt; at exactly that LibreOffice loses a comma that ends a full line).
        spacing = rpr.find(qn("w:spacing"))
        if spacing is None:
            from docx.oxml import OxmlElement

            spacing = OxmlElement("w:spacing")
            rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                                      "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                                      "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
        spacing.set(qn("w:val"), "-6")


def _style_paragraph(par, *, align=None, first_indent_chars: float = 0, line_pt: float = LINE_PT, before: float = 0,
                     after: float = 0, right_chars: float = 0, keep_next: bool = False, exact: bool = True) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    fmt = par.paragraph_format
    if align is not None:
        par.alignment = align
    fmt.line_spacing = Pt(line_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if exact else WD_LINE_SPACING.AT_LEAST
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_next
    fmt.widow_control = True
    # No punctuation hanging into the margin (see _default_style); LibreOffice reads it from the paragraph only.
    from docx.oxml import OxmlElement

    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "0")
    # Nor the extra space Word and LibreOffice put between Chinese and Latin letters or digits (2024年7月).
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        par._p.get_or_add_pPr().insert_element_before(
            el, "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
            "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
            "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    par._p.get_or_add_pPr().insert_element_before(
        overflow, "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
        "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    ind = par._p.get_or_add_pPr().get_or_add_ind()
    if first_indent_chars:
        # Character units (hundredths of a character) follow the font size, as Word's 首行缩进 2 字符 does.
        ind.set(qn("w:firstLineChars"), str(int(first_indent_chars * 100)))
        ind.set(qn("w:firstLine"), str(int(first_indent_chars * BODY_PT * 20)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(int(right_chars * 100)))
        ind.set(qn("w:right"), str(int(right_chars * BODY_PT * 20)))


def _add_runs(par, runs: list[Run], font: tuple[str, str], size: float, bold: bool = False) -> None:
    from docx.enum.text import WD_BREAK

    for r in runs:
        if r.br:
            par.add_run().add_break(WD_BREAK.LINE)
            continue
        _set_fonts(par.add_run(r.text), font, size, bold or r.bold)


def _field(par, instruction: str, shown: str, font: tuple[str, str], size: float) -> None:
    """A field (PAGE, PAGEREF …) as begin / instruction / separate / cached result / end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = par.add_run()
        _set_fonts(run, font, size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        run._r.append(el)

    char("begin")
    run = par.add_run()
    _set_fonts(run, font, size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    _set_fonts(par.add_run(shown), font, size)
    char("end")


def _page_number(footer, odd: bool) -> None:
    """— N —: 4号宋体, odd pages right and even pages left, one character in from the outer edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    footer.is_linked_to_previous = False
    par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for r in list(par.runs):
        r._r.getparent().remove(r._r)
    _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT, line_pt=PAGE_NUMBER_PT)
    ind = par._p.get_or_add_pPr().get_or_add_ind()
    side = "right" if odd else "left"
    ind.set(qn(f"w:{side}Chars"), "100")
    ind.set(qn(f"w:{side}"), str(PAGE_NUMBER_PT * 20))
    _set_fonts(par.add_run("— "), SONGTI, PAGE_NUMBER_PT)
    _field(par, "PAGE", "1", SONGTI, PAGE_NUMBER_PT)
    _set_fonts(par.add_run(" —"), SONGTI, PAGE_NUMBER_PT)


def _setup_section(section, landscape: bool = False, numbered: bool = True) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Mm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(26), Mm(26)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        # With mirrored margins (settings), left is the inside (binding) edge and right the outside one.
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.gutter = Emu(0)
    section.header_distance = Mm(15)
    # The number's line top 7 mm below the type area: bottom margin − 7 mm − one 14 pt line.
    section.footer_distance = Emu(section.bottom_margin - Mm(7) - Emu(int(PAGE_NUMBER_PT * 12700)))
    # 22 lines a page on a 28.95 pt grid (Word's 文档网格), as the standard's Word templates set it.
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    sect.append(grid)
    if numbered:
        _page_number(section.footer, odd=True)
        _page_number(section.even_page_footer, odd=False)
    else:
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            for par in footer.paragraphs:
                for r in list(par.runs):
                    r._r.getparent().remove(r._r)


def _font_table(document) -> None:
    """Each named font with its fallback (w:altName) and Chinese charset, as Word's own font table writes them."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI):
        if name in known:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, attr, value in (("w:altName", "w:val", alt), ("w:charset", "w:val", "86"),
                                 ("w:family", "w:val", "roman" if name not in HEITI else "modern"), ("w:pitch", "w:val", "variable")):
            el = OxmlElement(tag)
            el.set(qn(attr), value)
            font.append(el)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(document) -> None:
    """Odd and even footers, mirrored margins (duplex), and fields (the contents' page numbers) updated on opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    for tag in ("w:mirrorMargins",):
        if settings.find(qn(tag)) is None:
            el = OxmlElement(tag)
            # CT_Settings keeps a schema order; mirrorMargins comes early, after w:view/w:zoom/w:removePersonalInformation…
            settings.insert(_settings_index(settings, tag), el)


_SETTINGS_ORDER = ["w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
                   "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
                   "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts", "w:embedSystemFonts",
                   "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins"]


def _settings_index(settings, tag: str) -> int:
    from docx.oxml.ns import qn

    before = {qn(t) for t in _SETTINGS_ORDER[: _SETTINGS_ORDER.index(tag)]}
    i = 0
    for i, child in enumerate(settings):
        if child.tag not in before:
            return i
    return len(settings)


def _default_style(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    style.font.name = FANGSONG[0]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FANGSONG[0])
    # Chinese typesetting: no extra space between Chinese and Latin text, the language for proofing.
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        from docx.oxml import OxmlElement

        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:val"), "zh-CN")
    # No punctuation hanging into the margin (Word's default): a line keeps to the 28-character grid, and a closing
    # mark that cannot start a line takes the character before it along, as the printed pages do.
    from docx.oxml import OxmlElement

    ppr = style.element.get_or_add_pPr()
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "0")
    ppr.insert_element_before(overflow, "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _bookmark(par, name: str, ident: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    par._p.insert(1 if par._p.pPr is not None else 0, start)
    par._p.append(end)


def _bookmark_name(target: str) -> str:
    # Word's bookmark names: a letter first, letters, digits and _ only, at most 40 characters.
    return "ar_" + re.sub(r"\W", "_", target)[:36]


def _table(document, block: Block, landscape: bool) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    size = 10.5 if landscape else 12
    columns = max(len(r) for r in block.rows)
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"] if "Table Grid" in [s.name for s in document.styles] else None
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, row in enumerate(block.rows):
        cells = table.add_row()
        trpr = cells._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")  # a row never split between pages
        trpr.append(cant)
        if n < block.header_rows:
            head = OxmlElement("w:tblHeader")  # the header row again on every page
            trpr.append(head)
        for i in range(columns):
            text = row[i] if i < len(row) else ""
            cell = cells.cells[i]
            par = cell.paragraphs[0]
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=size * 1.5, exact=False)
            snap = OxmlElement("w:snapToGrid")  # table text keeps its own line height, not the page's 28.95 pt grid
            snap.set(qn("w:val"), "0")
            par._p.get_or_add_pPr().insert_element_before(snap, "w:spacing", "w:ind", "w:jc", "w:rPr")
            lines = text.split("\n")
            for k, line in enumerate(lines):
                if k:
                    from docx.enum.text import WD_BREAK

                    par.add_run().add_break(WD_BREAK.LINE)
                _set_fonts(par.add_run(line.strip()), HEITI if n < block.header_rows else FANGSONG, size)
    _borders(table)
    _widths(table, block.rows, Mm(297 - 52) if landscape else Mm(156))
    # A table must not be the last thing before a section break or the end: Word needs a paragraph after it.
    document.add_paragraph()


def _widths(table, rows: list[list[str]], total: int) -> None:
    """Columns by how much text they hold, each at least as wide as its header: 序号 narrow, 问题 wide."""
    from docx.shared import Emu

    columns = len(table.columns)

    def length(row: list[str], i: int) -> int:
        return max((len(x) for x in (row[i] if i < len(row) else "").split("\n")), default=0)

    need = []
    for i in range(columns):
        header = length(rows[0], i) + 2 if rows else 2  # the header in one line, with the cell's padding
        mean = sum(length(r, i) for r in rows) / max(1, len(rows))
        longest = max(length(r, i) for r in rows)
        need.append(max(4.0, header, min(14.0, (mean + min(longest, 14)) / 2)))
    widths = [Emu(int(total * n / sum(need))) for n in need]
    table.autofit = False
    for i, column in enumerate(table.columns):
        column.width = widths[i]
        for cell in column.cells:
            cell.width = widths[i]


def _borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")  # eighths of a point: 0.5 pt
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    # In the schema's place (before tblLayout, tblCellMar, tblLook): Word rejects a file with it at the end.
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def write(page_blocks: list[Block], title: str, author: str, landscape: bool = False):
    """The python-docx Document of a page's blocks."""
    docx = _docx()
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm

    document = docx.Document()
    _default_style(document)
    _settings(document)
    _font_table(document)
    core = document.core_properties
    core.title, core.author, core.language = title, author, "zh-CN"
    core.comments = core.keywords = core.subject = ""
    core.last_modified_by = author
    has_cover = any(b.kind == "cover-title" for b in page_blocks)
    _setup_section(document.sections[0], landscape, numbered=not has_cover)
    first = True
    bookmark_id = 0
    pending_bookmark = ""
    for block in page_blocks:
        if block.kind == "recto":
            # Each part of a volume from a right-hand (odd) page: a section that starts on an odd page, numbered
            # on from the last one. Word and WPS leave the skipped back page blank.
            if not first:
                section = document.add_section(WD_SECTION.ODD_PAGE)
                _setup_section(section, landscape)
            pending_bookmark = block.target
            continue
        if block.kind == "table":
            _table(document, block, landscape)
            first = False
            continue
        par = document.add_paragraph()
        first = False
        if pending_bookmark:
            bookmark_id += 1
            _bookmark(par, _bookmark_name(pending_bookmark), bookmark_id)
            pending_bookmark = ""
        kind = block.kind
        if kind == "marking":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.LEFT)
            _add_runs(par, block.runs, HEITI, BODY_PT)
        elif kind in {"h1", "cover-title"}:
            cover = kind == "cover-title"
            size = 26 if cover else TITLE_PT
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=42 if cover else 35,
                             before=Mm(14).pt if cover else (0 if landscape else LINE_PT), after=0 if cover else LINE_PT, keep_next=True)
            _add_runs(par, block.runs, XIAOBIAOSONG, size, bold=True)
        elif kind == "cover-branch":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=35, before=Mm(70).pt)
            _add_runs(par, block.runs, HEITI, TITLE_PT)
        elif kind == "cover-date":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.CENTER, before=Mm(40).pt)
            _add_runs(par, block.runs, SONGTI, BODY_PT)
        elif kind == "toc-title":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=35, after=LINE_PT)
            _add_runs(par, block.runs, HEITI, TITLE_PT)
        elif kind == "toc-entry":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.LEFT)
            width = (Mm(297 - 52) if landscape else Mm(156))
            par.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            _add_runs(par, block.runs, FANGSONG, BODY_PT)
            if block.target:
                _set_fonts(par.add_run("\t"), FANGSONG, BODY_PT)
                # The page number: a PAGEREF to the material's bookmark, worked out by Word, WPS and LibreOffice.
                _field(par, f"PAGEREF {_bookmark_name(block.target)} \\h", "", FANGSONG, BODY_PT)
        elif kind == "h2":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2, keep_next=True)
            _add_runs(par, block.runs, HEITI, BODY_PT)
        elif kind == "h3":
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2, keep_next=True)
            _add_runs(par, block.runs, KAITI, BODY_PT)
        elif kind in {"h4", "h5", "h6"}:
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2, keep_next=True)
            _add_runs(par, block.runs, FANGSONG, BODY_PT)
        elif kind == "signature":
            # 署名 and 成文日期 right-aligned, four characters in from the right.
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4, keep_next=True)
            _add_runs(par, block.runs, FANGSONG, BODY_PT)
        else:
            _style_paragraph(par, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2)
            _add_runs(par, block.runs, FANGSONG, BODY_PT)
    if pending_bookmark:
        _bookmark(document.add_paragraph(), _bookmark_name(pending_bookmark), bookmark_id + 1)
    return document


# --- `archive docx`: build the site, then one .docx per material, volume or ledger ---------------

def make_docx(config: Path, jobs: list[Job], output: Path | None, site: Path | None,
              shown: Callable[[Path], str]) -> list[Path]:
    """Build the site (unless ``site`` is given), then write one .docx per job. Returns the files written."""
    import tempfile

    from ..mkdocs.mkdocs_config import site_config

    _docx()
    directory_urls, site_name = site_config(config)
    with tempfile.TemporaryDirectory(prefix="archive-docx-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build_site(config, site, "Word 文件")
        written: list[Path] = []
        for out in exports(site, jobs, output, directory_urls, site_name, ".docx", WordError, "Word 文件"):
            document = write(blocks(out.html), out.title, out.branch, out.job.landscape)
            out.target.parent.mkdir(parents=True, exist_ok=True)
            document.save(str(out.target))
            written.append(out.target)
        return written

