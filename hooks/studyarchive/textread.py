"""Read what members hand in (.txt in any common encoding, .docx, .md) as clean lines, one paragraph a line.

Cleaning removes only what is not the member's text (website markers, odd spaces, line breaks inside a
sentence, full-width digits): every word stays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import limits
from .frontmatter import split
from .numbering import match_at, normalize, zh_to_int
from .outline import classify
from .pipeline import WEBSITE_MARKER_RE

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIX = ".docx"
OLD_FORMATS = {".doc": "Word 97-2003 文档", ".wps": "WPS 文档", ".rtf": "RTF 文档", ".odt": "OpenDocument 文档"}

CANDIDATES = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "gb18030", "big5"]
ENCODING_NAMES = {"utf_8": "UTF-8", "gb18030": "GB18030/GBK", "gbk": "GB18030/GBK", "gb2312": "GB18030/GBK",
                  "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16", "utf_32": "UTF-32", "big5": "Big5"}


class ReadError(Exception):
    """A file that cannot be imported; the message is Chinese and says what to do."""


@dataclass
class Document:
    lines: list[str]
    """Cleaned text, one paragraph a line, no empty lines."""
    encoding: str
    """How the file was read, for the summary (UTF-8, GB18030/GBK, Word 文档 …)."""
    front: str | None = None
    """The front matter of a .md file, kept as written."""


def read_document(path: Path) -> Document:
    if not path.exists():
        raise ReadError("找不到这个文件；请检查文件名和所在的文件夹。")
    if path.is_dir():
        raise ReadError("这是一个文件夹；请写出其中要导入的文件，例如 文件夹/*.docx。")
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise ReadError(f"不支持{OLD_FORMATS[suffix]}（{suffix}）：请在 Word 或 WPS 中“另存为” .docx 或纯文本 .txt 后再导入。")
    if suffix == WORD_SUFFIX:
        paragraphs = docx_paragraphs(path)
        size = 0
        for n, text in enumerate(paragraphs, 1):
            size += len(text.encode("utf-8")) + 1
            if size > limits.MAX_IMPORT_BYTES:
                raise ReadError(f"文件的文字太多（第 {n} 段起超出 {limits.MAX_IMPORT_BYTES // 1_000_000} MB 的上限）："
                                "一份材料不会这样长；请删去多余的部分，或拆成几个文件分别导入。")
        return Document(join_broken([clean_line(t) for t in paragraphs]), "Word 文档")
    if suffix not in TEXT_SUFFIXES + MARKDOWN_SUFFIXES:
        raise ReadError(f"不支持的文件类型“{suffix or '（没有扩展名）'}”：只能导入 .txt、.docx 和 .md 文件。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}。") from None
    if len(data) > limits.MAX_IMPORT_BYTES:
        line = data.count(b"\n", 0, limits.MAX_IMPORT_BYTES) + 1
        raise ReadError(f"文件太大（{len(data):,} 字节，第 {line} 行起超出 {limits.MAX_IMPORT_BYTES // 1_000_000} MB 的上限）："
                        "一份材料不会这样长；请删去多余的部分，或拆成几个文件分别导入。")
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix in MARKDOWN_SUFFIXES:
        part = split(text)
        if part.front is not None and part.closed:
            return Document(join_broken([clean_line(t) for t in markdown_paragraphs(part.body)]), encoding, part.front)
        return Document(join_broken([clean_line(t) for t in markdown_paragraphs(text)]), encoding)
    return Document(join_broken([clean_line(t) for t in text.split("\n")]), encoding)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding's name, detected by charset-normalizer (BOMs included)."""
    from charset_normalizer import from_bytes

    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ReadError("文件是空的。")
    # Only the encodings Chinese text files come in: garbage must not pass as Korean or Japanese text.
    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        raise ReadError("无法识别文件的编码，它可能不是文本文件；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。")
    text = str(best).lstrip("\ufeff")
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if control > max(2, len(text) // 200):
        raise ReadError("文件里有大量乱码，它可能不是文本文件；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。")
    name = ENCODING_NAMES.get(best.encoding, best.encoding.upper().replace("_", "-"))
    if best.bom and name == "UTF-8":
        name = "UTF-8（带 BOM）"
    return text, name


def docx_paragraphs(path: Path) -> list[str]:
    """Paragraphs and table rows in document order; Word's automatic numbering written out."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    check_docx(path)  # sizes, parts and XML checked before python-docx reads any of it
    try:
        document = docx.Document(str(path))
        numbering = _Numbering(document)
        return _docx_blocks(document, numbering)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, RecursionError):
        raise ReadError(BROKEN_DOCX) from None


BROKEN_DOCX = "无法打开这个 Word 文件：文件已损坏，或者不是 .docx 格式（旧的 .doc 文件请在 Word 或 WPS 中“另存为”.docx 后再导入）。"
RESAVE = "请在 Word 或 WPS 中打开它，“另存为”新的 .docx 后再导入。"


class _XmlRefused(Exception):
    pass


def check_docx(path: Path) -> None:
    """A .docx within the limits (limits.py): parts, declared and actual uncompressed sizes, XML
    well-formed, without DTD or entities, not too deep. Streams each XML part through expat with a cap,
    so that a zip bomb costs at most the cap, never its inflated size."""
    import zipfile
    from xml.parsers import expat

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ReadError(BROKEN_DOCX) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.MAX_DOCX_MEMBERS:
            raise ReadError(f"这个 Word 文件里有 {len(members)} 个部件（最多 {limits.MAX_DOCX_MEMBERS} 个），不是正常的 Word 文档。{RESAVE}")
        if "word/document.xml" not in {m.filename for m in members}:
            raise ReadError(BROKEN_DOCX)
        declared = sum(m.file_size for m in members)
        if declared > limits.MAX_DOCX_BYTES:
            raise ReadError(f"这个 Word 文件解压后有 {declared:,} 字节，超过 {limits.MAX_DOCX_BYTES // 1_000_000} MB 的上限：它可能已损坏，或是恶意构造的文件。{RESAVE}")
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue  # zipfile itself stops at the declared size (a larger part fails its CRC check)
            _check_xml(archive, member, expat)


def _check_xml(archive, member, expat) -> None:
    import zipfile

    name = member.filename
    too_big = f"这个 Word 文件的 {name} 解压后超过 {limits.MAX_DOCX_XML_BYTES // 1_000_000} MB 的上限：它可能已损坏，或是恶意构造的文件。{RESAVE}"
    if member.file_size > limits.MAX_DOCX_XML_BYTES:
        raise ReadError(too_big)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def refuse(*_args) -> None:
        raise _XmlRefused(f"这个 Word 文件的 {name} 第 {parser.CurrentLineNumber} 行含有 DTD 或实体声明，Word 不会这样写；为安全起见不导入。{RESAVE}")

    def start(*_args) -> None:
        nonlocal depth
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise _XmlRefused(f"这个 Word 文件的 {name} 第 {parser.CurrentLineNumber} 行元素嵌套超过 {limits.MAX_XML_DEPTH} 层，不是正常的 Word 文档。{RESAVE}")

    def end(*_args) -> None:
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    read = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 16):
                read += len(chunk)
                if read > limits.MAX_DOCX_XML_BYTES:
                    raise ReadError(too_big)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _XmlRefused as exc:
        raise ReadError(str(exc)) from None
    except expat.ExpatError as exc:
        raise ReadError(f"这个 Word 文件已损坏：{name} 第 {exc.lineno} 行不是有效的 XML。{RESAVE}") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ReadError(BROKEN_DOCX) from None


def _docx_blocks(document, numbering) -> list[str]:
    out: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    out.append(" | ".join(cells))
            continue
        text = block.text
        out.extend((numbering.label(block) + text).split("\n"))
    return out


class _Numbering:
    """Word's list numbering (一、 （一） 1.) is not in the paragraph's text: compute it from numbering.xml."""

    # Formats written out; bullets and anything else leave the text as it is.
    FORMATS = frozenset(("decimal", "decimalFullWidth", "chineseCounting", "chineseCountingThousand",
                         "ideographTraditional", "japaneseCounting", "decimalEnclosedCircle", "decimalEnclosedCircleChinese"))

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.findall(qn("w:lvl")):
                fmt, text, start = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText")), lvl.find(qn("w:start"))
                self.levels[(num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )

    def label(self, paragraph) -> str:
        qn = self.qn
        ppr = paragraph._p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None and paragraph.style is not None:
            style_ppr = paragraph.style.element.pPr
            num_pr = style_ppr.find(qn("w:numPr")) if style_ppr is not None else None
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        key = (num_id.get(qn("w:val")) if num_id is not None else "", ilvl.get(qn("w:val")) if ilvl is not None else "0")
        if key not in self.levels or key[0] == "0":
            return ""
        fmt, text, start = self.levels[key]
        count = self.counters.get(key, start - 1) + 1
        self.counters[key] = count
        for other in [k for k in self.counters if k[0] == key[0] and int(k[1]) > int(key[1])]:
            del self.counters[other]  # a higher level restarts the levels below it
        if fmt not in self.FORMATS:
            return ""
        return re.sub(r"%\d", _number(fmt, count), text)


def _number(fmt: str, n: int) -> str:
    from .numbering import CIRCLED, int_to_zh

    if fmt.startswith("decimalEnclosedCircle") and n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting") and n < 100:
        return int_to_zh(n)
    return str(n)


MD_BLOCK_RE = re.compile(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d{1,2}[.)]\s|>|\||```|~~~)")


def markdown_paragraphs(text: str) -> list[str]:
    """A Markdown body as one line a paragraph: soft-wrapped lines joined, block starts kept apart."""
    out: list[str] = []
    glue = False
    for line in text.split("\n"):
        if not line.strip():
            glue = False
            continue
        if glue and not MD_BLOCK_RE.match(line) and not out[-1].lstrip().startswith("#"):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
        glue = True
    return out


_SPACES = str.maketrans({"\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
                         "\t": " ", "\u200b": None, "\ufeff": None, **{chr(0xFF10 + i): str(i) for i in range(10)}})
CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_SPACE_RE = re.compile(rf"(?<=[{CJK}]) +(?=[{CJK}])")
DIGIT_DOT_RE = re.compile(r"(?<=\d)[．。](?=\d)")


def clean_line(text: str) -> str:
    """One line without website markers, odd spaces (NBSP, ideographic) and full-width digits."""
    text = WEBSITE_MARKER_RE.sub("", text).translate(_SPACES)
    text = DIGIT_DOT_RE.sub(".", text)  # １．２ → 1.2 (a number), while 1． starting a point stays
    text = re.sub(r" {2,}", " ", text).strip()
    # Spaces between Chinese characters are layout (justified or spaced-out text), not words.
    return CJK_SPACE_RE.sub("", text)


OPENING_END = "，、（《“‘—…,(:："
CLOSING_START = "，。、；：？！）》”’,.;:?!)"
LABEL_RE = re.compile(r"^[^\s：:，。]{1,8}[：:]")
DATE_RE = re.compile(r"^[（(]?\s*(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[）)]?$")
WRAPPED = 20
"""A line at least this long that stops without punctuation was wrapped, not ended."""


def join_broken(lines: list[str]) -> list[str]:
    """Join sentences broken across lines (copied from PDF or web pages); drop empty lines."""
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if len(out) > 1 and _continues(out[-1], line):  # out[0] is the title: never joined
            out[-1] += line
        else:
            out.append(line)
    return out


def _continues(prev: str, nxt: str) -> bool:
    if nxt[0] in CLOSING_START:
        return True
    if starts_unit(nxt) or prev.startswith(("—", "#")) or date_of(prev) or date_of(nxt):
        return False
    if match_at(normalize(prev), 0, ("zh_dun", "paren_zh")) and len(prev) <= 30:
        return False  # a heading such as 三、整改措施
    if prev[-1] in OPENING_END:
        return True
    return len(prev) >= WRAPPED and (prev[-1].isalnum()) and classify(prev) is None


def starts_unit(line: str) -> bool:
    """A line that begins something new: a numbered point or heading, a marker, a label such as 责任人：."""
    norm = normalize(line)
    return bool(match_at(norm, 0) or norm.startswith(("【", "#", ">", "|", "-", "*")) or LABEL_RE.match(line))


_ZH_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "○": "0"}


def date_of(line: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a line that is only a date: 2024年7月18日, （二〇二四年七月十八日）."""
    m = DATE_RE.match(line.strip())
    if not m:
        return None
    year = m.group(1) if m.group(1).isdigit() else "".join(_ZH_DIGIT[c] for c in m.group(1))
    month, day = (int(g) if g.isdigit() else zh_to_int(g) for g in (m.group(2), m.group(3)))
    return int(year), month, day
