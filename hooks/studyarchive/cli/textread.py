"""Read what members hand in (.txt in any common encoding, .docx, .md) as clean lines, one paragraph a line.

Cleaning removes only what is not the member's text (website markers, odd spaces, line breaks inside a
sentence, full-width digits): every word stays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core import limits
from ..link.pipeline import WEBSITE_MARKER_RE
from ..parse.frontmatter import split
from ..parse.numbering import ZH_NUMERAL, halfwidth, match_at, zh_to_int
from ..parse.outline import classify

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIX = ".docx"
OLD_FORMATS = {".doc": "Word 97-2003 文档", ".wps": "WPS 文档", ".rtf": "RTF 文档", ".odt": "OpenDocument 文档"}

CANDIDATES = ["utf_8", "gb18030", "big5"]
"""What charset-normalizer may choose among when no encoding decodes cleanly (never Korean or Japanese)."""
ENCODING_NAMES = {"utf_8": "UTF-8", "gb18030": "GB18030/GBK", "gbk": "GB18030/GBK", "gb2312": "GB18030/GBK",
                  "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16", "utf_32": "UTF-32",
                  "utf_32_le": "UTF-32", "utf_32_be": "UTF-32", "big5": "Big5"}
OVERRIDES = {"gbk": "gb18030", "gb18030": "gb18030", "big5": "big5", "utf-8": "utf_8", "utf-16": "utf_16"}
"""The names `archive import --encoding` accepts, and the codec each one reads with (GB18030 contains GBK)."""
SHORT = 30
"""Fewer Chinese characters than this leave the choice between GB18030 and Big5 in doubt."""


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
    note: str | None = None
    """Why the encoding is a guess and how to override it (Chinese), for the summary."""
    title: str | None = None
    """A Word file's paragraphs in the style Title (标题), joined; they are not in ``lines``."""


def read_document(path: Path, encoding: str | None = None) -> Document:
    """``encoding``: a name of OVERRIDES (``archive import --encoding``); None detects it."""
    if not path.exists():
        raise ReadError("找不到这个文件；请检查文件名和所在的文件夹。")
    if path.is_dir():
        raise ReadError("这是一个文件夹；请写出其中要导入的文件，例如 文件夹/*.docx。")
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise ReadError(f"不支持{OLD_FORMATS[suffix]}（{suffix}）：请在 Word 或 WPS 中“另存为” .docx 或纯文本 .txt 后再导入。")
    if suffix == WORD_SUFFIX:
        title, paragraphs = docx_title_and_paragraphs(path)
        size = 0
        for n, text in enumerate(paragraphs, 1):
            size += len(text.encode("utf-8")) + 1
            if size > limits.MAX_IMPORT_BYTES:
                raise ReadError(f"文件的文字太多（第 {n} 段起超出 {limits.MAX_IMPORT_BYTES // 1_000_000} MB 的上限）："
                                "一份材料不会这样长；请删去多余的部分，或拆成几个文件分别导入。")
        return Document(join_broken([clean_line(t) for t in paragraphs]), "Word 文档", title=clean_line(title) or None)
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
    text, name, note = decode(data, encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix in MARKDOWN_SUFFIXES:
        lead = text.lstrip(" \t\n\ufeff")  # a blank line (or a BOM after one) before the opening ---
        part = split(lead if lead.startswith("---") else text)
        if part.front is not None and part.closed:
            return Document(join_broken([clean_line(t) for t in markdown_paragraphs(part.body)]), name, part.front, note)
        return Document(join_broken([clean_line(t) for t in markdown_paragraphs(text)]), name, note=note)
    return Document(join_broken([clean_line(t) for t in text.split("\n")]), name, note=note)


GARBLED = "文件里有大量乱码，它可能不是文本文件；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。"
UNKNOWN = "无法识别文件的编码，它可能不是文本文件；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。"
_BOMS = ((b"\xff\xfe\x00\x00", "utf_32"), (b"\x00\x00\xfe\xff", "utf_32"), (b"\xef\xbb\xbf", "utf_8"),
         (b"\xff\xfe", "utf_16"), (b"\xfe\xff", "utf_16"))


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str, str | None]:
    """Text, the encoding's name for the summary, and a note when the encoding is a guess.

    UTF-8 when it decodes (a BOM or not); UTF-16/32 only with a BOM or NUL bytes in their unmistakable places;
    otherwise GB18030 or Big5, whichever reads as the more plausible Chinese (GB18030 when equal), with a note
    when the text is too short to tell. ``encoding`` (OVERRIDES) skips the detection."""
    if not data.strip(b" \t\r\n\x00"):
        raise ReadError("文件是空的。")
    if encoding is not None:
        text, name, note = _forced(data, encoding), ENCODING_NAMES[OVERRIDES[encoding]], None
    else:
        text, name, note = _detect(data)
    text = text.lstrip("\ufeff")
    if not text.strip(" \t\r\n\x00\u3000"):  # after decoding: FF FE 09 FF is a BOM and ）
        raise ReadError("文件是空的。")
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if control > max(2, len(text) // 200):
        raise ReadError(GARBLED)
    return text, name, note


def _forced(data: bytes, encoding: str) -> str:
    codec = OVERRIDES[encoding]
    if codec == "utf_8":
        codec = "utf_8_sig"
    elif codec == "utf_16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf_16_be" if data[0::2].count(0) > data[1::2].count(0) else "utf_16_le"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise ReadError(f"按 --encoding {encoding} 读不了这个文件：第 {line} 行有不属于 {ENCODING_NAMES[OVERRIDES[encoding]]} 编码的字节。"
                        "请换一种编码，或去掉 --encoding 让程序自动识别。") from None


def _detect(data: bytes) -> tuple[str, str, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec + ("_sig" if codec == "utf_8" else ""))
            except UnicodeDecodeError as exc:
                line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
                raise ReadError(f"文件开头标明是 {ENCODING_NAMES[codec]} 编码，但第 {line} 行有不属于这种编码的字节，可能已损坏；"
                                "请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。") from None
            return text, "UTF-8（带 BOM）" if codec == "utf_8" else ENCODING_NAMES[codec], None
    if b"\x00" in data:
        # Text never contains NUL: UTF-16/32 without a BOM, where each NUL sits in a character's high bytes.
        wide = _nul_pattern(data)
        try:
            text = data.decode(wide) if wide else ""
        except UnicodeDecodeError:
            text = ""
        if wide and text and _plain_share(text) >= 0.9:
            return text, ENCODING_NAMES[wide], None
        # A stray NUL in a text: read as any other text (a few control characters are tolerated).
    utf8: str | None
    try:
        utf8 = data.decode("utf_8")
    except UnicodeDecodeError:
        utf8 = None
    chinese = _chinese(data)
    if utf8 is not None:
        if utf8.isascii() or any(_is_cjk(ch) for ch in utf8) or chinese is None or chinese[0] != "gb18030" or chinese[2] < 1:
            return utf8, "UTF-8", None
        # Short GBK text can be valid UTF-8 (学习 = D1A7 CFB0 reads as ѧϰ): no Chinese in it, all of it in GB18030.
        codec = chinese[0]
        return chinese[1], ENCODING_NAMES[codec], _guess_note(codec, "utf_8")
    if chinese is not None:
        codec, text, _score, other = chinese
        return text, ENCODING_NAMES[codec], _guess_note(codec, other) if other else None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        raise ReadError(UNKNOWN)
    return str(best), ENCODING_NAMES.get(best.encoding, best.encoding.upper().replace("_", "-")), None


def _nul_pattern(data: bytes) -> str | None:
    """utf_32_le/be or utf_16_le/be when every NUL is where that encoding puts the high bytes of characters."""
    if len(data) % 4 == 0 and not any(data[2::4]) and not any(data[3::4]):
        return "utf_32_le"
    if len(data) % 4 == 0 and not any(data[0::4]) and not any(data[1::4]):
        return "utf_32_be"
    if len(data) % 2 == 0 and b"\x00" not in data[0::2]:
        return "utf_16_le"
    if len(data) % 2 == 0 and b"\x00" not in data[1::2]:
        return "utf_16_be"
    return None


def _chinese(data: bytes) -> tuple[str, str, float, str | None] | None:
    """(codec, text, score, the other codec if it decodes too and the text is short or the scores close), or None
    when neither GB18030 nor Big5 decodes. GB18030 when its text is at least as plausible (simplified Chinese
    is what members hand in)."""
    read = {}
    for codec in ("gb18030", "big5"):
        try:
            read[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if not read:
        return None
    scores = {codec: _score(text, codec) for codec, text in read.items()}
    codec = max(scores, key=lambda c: (scores[c], c == "gb18030"))
    other = next((c for c in read if c != codec), None)
    if other is not None:
        wide = sum(1 for ch in read[codec] if not ch.isascii())
        if wide >= SHORT and scores[codec] - scores[other] >= 0.25:
            other = None
    return codec, read[codec], scores[codec], other


def _score(text: str, codec: str) -> float:
    """The share of non-ASCII characters that are common in that encoding's Chinese: 1 for GB2312's characters
    and punctuation (Big5's frequent characters and symbols), 0.5 for the rarer ones, 0 for private-use areas,
    kana, Greek, Cyrillic and box drawing, which decoding the other encoding's bytes produces."""
    wide = [ch for ch in text if not ch.isascii()]
    if not wide:
        return 1.0
    total = 0.0
    for ch in wide:
        try:
            code = ch.encode("gb2312" if codec == "gb18030" else "big5")
        except UnicodeEncodeError:
            total += 0.5 if codec == "gb18030" and _is_cjk(ch) and len(ch.encode("gb18030")) == 2 else 0
            continue
        if len(code) != 2:
            continue
        if codec == "gb18030":
            total += 1 if code[0] <= 0xA3 or code[0] >= 0xB0 else 0
        else:
            value = code[0] << 8 | code[1]
            total += 1 if value <= 0xC67E else 0.5 if value >= 0xC940 else 0
    return total / len(wide)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF


def _plain_share(text: str) -> float:
    """The share of characters a Chinese text file is made of: ASCII, Chinese, punctuation."""
    plain = sum(1 for ch in text if (ch.isascii() and (ch.isprintable() or ch in "\r\n\t\f")) or _is_cjk(ch)
                or 0x2000 <= ord(ch) <= 0x206F or ch == "\ufeff")
    return plain / max(1, len(text))


def _guess_note(codec: str, other: str) -> str:
    option = {"gb18030": "gbk", "big5": "big5", "utf_8": "utf-8"}[other]
    return (f"文字太少，无法确定文件的编码：已按 {ENCODING_NAMES[codec]} 读取，它也可能是 {ENCODING_NAMES[other]}。"
            f"如果导入的文字是乱码，请加 --encoding {option} --force 重新导入。")


def docx_paragraphs(path: Path) -> list[str]:
    """Paragraphs and table rows in document order; Word's automatic numbering written out."""
    return docx_title_and_paragraphs(path)[1]


def docx_title_and_paragraphs(path: Path) -> tuple[str, list[str]]:
    """The paragraphs in the style Title (标题), joined, and the others as docx_paragraphs gives them;
    a paragraph in the style Heading 1 (标题 1) starts with “## ”, Heading 2 (标题 2) with “### ”,
    as the same heading written in Markdown."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    check_docx(path)  # sizes, parts and XML checked before python-docx reads any of it
    try:
        document = docx.Document(str(path))
        numbering = _Numbering(document)
        title: list[str] = []
        blocks = _docx_blocks(document, numbering, title)
        return " ".join(title), blocks
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


def _docx_blocks(document, numbering, title: list[str]) -> list[str]:
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
        text = numbering.label(block) + block.text
        level = heading_level(block)
        if level == 0 and text.strip() and not any(line.strip() for line in out):
            title.append(" ".join(text.split()))  # a title may be typed as two Title paragraphs
            continue
        if level in (1, 2) and text.strip():
            text = "#" * (level + 1) + " " + " ".join(text.split())
        out.extend(text.split("\n"))
    return out


HEADING_NAME_RE = re.compile(r"^(?:heading|标题)\s*(\d)$")


def heading_level(paragraph) -> int | None:
    """0 for the style Title, 1, 2 … for Heading 1, 2 …, None for any other paragraph.

    Word writes the built-in styles' English names (“Title”, “heading 1”) in styles.xml whatever its
    language; python-docx shows them as “Title”, “Heading 1”. WPS and some converters write the
    Chinese names (“标题”, “标题 1”); Chinese Word's style ids for the headings are “1”, “2” … and
    Title's is “a3”. A style based on one of these (“我的标题 1” based on Heading 1) counts as it."""
    style = paragraph.style
    for _ in range(5):  # the chain of base styles, never endless
        if style is None:
            return None
        name = (style.name or "").strip().lower()
        if name in ("title", "标题"):
            return 0
        m = HEADING_NAME_RE.match(name)
        if m:
            return int(m.group(1))
        style_id = style.style_id or ""
        if style_id.isdigit() and len(style_id) == 1:
            return int(style_id)
        style = style.base_style
    return None


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
    from ..parse.numbering import CIRCLED, int_to_zh

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
_YEAR = r"(\d{4}|[〇○零一二三四五六七八九]{4})"
_MD = rf"(\d{{1,2}}|{ZH_NUMERAL})"
DATE_RE = re.compile(rf"^[（(]?\s*{_YEAR}\s*年\s*{_MD}\s*月\s*{_MD}\s*[日号]?\s*[）)]?$"
                     r"|^[（(]?\s*(?P<y>\d{4})\s*(?P<sep>[./-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})\s*[）)]?$")
"""A line that is only a date: 2024年7月18日, 2021年1月18, 2021年1月18号, 二〇二一年一月十八日, 2009.6.3, 2009-6-3, 2009/6/3."""
MONTH_RE = re.compile(rf"^[（(]?\s*{_YEAR}\s*年\s*{_MD}\s*月(?:份)?\s*[）)]?$")
"""A line that is only a year and a month (2026年2月): the day is missing."""
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
    if match_at(halfwidth(prev), 0, ("zh_dun", "paren_zh")) and len(prev) <= 30:
        return False  # a heading such as 三、整改措施
    if prev[-1] in "：:…" and (LEAD_END_RE.search(prev) or _heading_like(nxt)):
        return False  # 现报告如下： / 推进工作： before a paragraph, a heading or a list of its own
    if prev[-1] in OPENING_END:
        return True
    return len(prev) >= WRAPPED and (prev[-1].isalnum()) and classify(prev) is None


LEAD_END_RE = re.compile(r"(?:如下|以下|下列|几点|方面|我将|本人将|主要有|主要是|表现在|表现为|汇报|报告)[：:]$")


def _heading_like(line: str) -> bool:
    """A short line without a sentence mark, or one naming a section (存在问题): a heading, never a continuation."""
    return (len(line) <= 20 and not re.search(r"[，。；,;]", line)) or (len(line) <= 30 and classify(line) not in (None, "other"))


def starts_unit(line: str) -> bool:
    """A line that begins something new: a numbered point or heading, a marker, a label such as 责任人：."""
    norm = halfwidth(line)
    return bool(match_at(norm, 0) or norm.startswith(("【", "#", ">", "|", "-", "*")) or LABEL_RE.match(line))


_ZH_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "○": "0"}


def date_of(line: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a line that is only a date: 2024年7月18日, （二〇二四年七月十八日）, 2009.6.3."""
    m = DATE_RE.match(line.strip())
    if not m:
        return None
    if m.group(1) is None:  # 2009.6.3
        return int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return _year(m.group(1)), _zh_or_int(m.group(2)), _zh_or_int(m.group(3))


def month_of(line: str) -> tuple[int, int] | None:
    """(year, month) of a line that is only a year and a month: 2026年2月, 二〇二六年二月."""
    m = MONTH_RE.match(line.strip())
    return (_year(m.group(1)), _zh_or_int(m.group(2))) if m else None


def _year(text: str) -> int:
    return int(text if text.isdigit() else "".join(_ZH_DIGIT[c] for c in text))


def _zh_or_int(text: str) -> int:
    return int(text) if text.isdigit() else zh_to_int(text)
