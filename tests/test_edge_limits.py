"""Limits (limits.py): each input just over a limit is refused in Chinese with file and line (exit 1, no
traceback, within the subprocess timeout), each input just under it is accepted; import is linear."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from clitools import archive, make_project
from studyarchive.cli.importer import _Owners
from studyarchive.core import limits
from studyarchive.parse.outline import parse_outline

GOOD = """\
---
title: 党纪学习教育个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
---
## 一、存在问题

### （一）政治纪律方面

一是学习不够。比如，读书少。

二是联系群众不够。比如，走访少。

## 二、整改措施

一是多读书。每月读一本。【针对问题：1.1、1.2】
"""
# What is appended starts on this line of the material.
EXTRA_LINE = GOOD.count("\n") + 2
PATH = "docs/2024-dangji/zhangsan.md"
ACCEPTED = "检查了 1 份材料，没有发现问题。\n"

DEEP = f"列表或引用（>）嵌套超过 {limits.MAX_NESTING} 层：材料的层次不会这样深，可能是缩进或“>”有误；请减少缩进或“>”，把内容改成平级的段落或列表。"
MARKUP = f"这一段的强调或括号符号（* _ ~ ` [ <）超过 {limits.MAX_MARKUP} 处：可能是误粘贴或乱码；请删去多余的符号，或在段落之间空一行。"
SIZE = "材料太大（超过 1 MB，从这一行起超出）：一份材料不会这样长，可能误粘贴了大量内容；请删去多余的部分，或把它拆成几份材料。"


def run_msg(n: int, char: str) -> str:
    return f"连续 {n} 个“{char}”（最多 {limits.MAX_RUN} 个）：这不是材料的内容，可能是误输入；请删去多余的符号。"


def check(tmp_path: Path, extra: str) -> subprocess.CompletedProcess[str]:
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": GOOD + "\n" + extra})
    return archive(root, "check", "--strict")


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith("docs/")]


def nested_list(levels: int) -> str:
    return "".join("    " * i + "- 加强学习\n" for i in range(levels))


def sized(total: int) -> str:
    """A material of exactly ``total`` UTF-8 bytes: GOOD, then lines of text, then ASCII to the byte."""
    head = GOOD + "\n"
    line = "坚持每周学习一次党章党规。\n"  # 40 bytes
    room = total - len(head.encode()) - 1
    lines = room // len(line.encode())
    return head + line * lines + "a" * (room - lines * len(line.encode())) + "\n"


# --- materials: build, serve and `archive check` ----------------------------------------------------

@pytest.mark.parametrize(("extra", "line", "message"), [
    (nested_list(limits.MAX_NESTING + 1), EXTRA_LINE + limits.MAX_NESTING, DEEP),
    (">" * (limits.MAX_NESTING + 1) + " 加强学习\n", EXTRA_LINE, DEEP),
    ("> " * (limits.MAX_NESTING + 1) + "加强学习\n", EXTRA_LINE, DEEP),
    ("- " * (limits.MAX_NESTING + 1) + "加强学习\n", EXTRA_LINE, DEEP),
    ("*" * (limits.MAX_RUN + 1) + "加强学习\n", EXTRA_LINE, run_msg(limits.MAX_RUN + 1, "*")),
    ("加强" + "[" * (limits.MAX_RUN + 1) + "学习\n", EXTRA_LINE, run_msg(limits.MAX_RUN + 1, "[")),
    ("第一行\n" + "[a" * (limits.MAX_MARKUP - 1) + "\n**加强**\n", EXTRA_LINE + 2, MARKUP),  # 499 + 2 runs
], ids=["list", "quote", "quote-spaced", "bullets", "stars", "brackets", "markup"])
def test_just_over_a_limit_is_an_error_with_file_and_line(tmp_path: Path, extra: str, line: int, message: str) -> None:
    result = check(tmp_path, extra)
    assert result.returncode == 1
    assert errors(result) == [f"{PATH}:{line}: {message}"]


@pytest.mark.parametrize("extra", [
    nested_list(limits.MAX_NESTING),
    ">" * limits.MAX_NESTING + " 加强学习\n",
    "- " * limits.MAX_NESTING + "加强学习\n",
    "*" * limits.MAX_RUN + "加强学习\n",
    "加强" + "[" * limits.MAX_RUN + "学习\n",
    "第一行\n" + "[a" * (limits.MAX_MARKUP - 2) + "\n**加强**\n\n" + "[a" * limits.MAX_MARKUP + "\n",
    "填空：" + "_" * 60 + "\n\n* * *\n\n" + "-" * 300 + "\n",
], ids=["list", "quote", "bullets", "stars", "brackets", "markup", "blanks-and-rules"])
def test_just_under_a_limit_is_accepted(tmp_path: Path, extra: str) -> None:
    result = check(tmp_path, extra)
    assert (result.returncode, result.stdout) == (0, ACCEPTED), result.stdout


def test_material_size(tmp_path: Path) -> None:
    over = sized(limits.MAX_MATERIAL_BYTES + 1)
    assert len(over.encode()) == limits.MAX_MATERIAL_BYTES + 1
    result = check(tmp_path / "over", over.removeprefix(GOOD + "\n"))
    assert result.returncode == 1
    assert errors(result) == [f"{PATH}:{over.count(chr(10))}: {SIZE}"]
    under = sized(limits.MAX_MATERIAL_BYTES)
    assert len(under.encode()) == limits.MAX_MATERIAL_BYTES
    result = check(tmp_path / "under", under.removeprefix(GOOD + "\n"))
    assert (result.returncode, result.stdout) == (0, ACCEPTED)


def test_what_was_seen_finishes_with_one_message_each(tmp_path: Path) -> None:
    """The inputs of the issue: each refused at its line, the whole check within the timeout."""
    docs = {
        "a/deep-list.md": "- " * 2000 + "加强学习\n",
        "a/deep-indent.md": "".join("  " * i + "- a\n" for i in range(400)),
        "a/deep-quote.md": ">" * 10_000 + " 加强学习\n",
        "a/stars.md": "*" * 50_000 + "\n",
        "a/nested-bold.md": "**a " * 5000 + "b" + " c**" * 5000 + "\n",
        "a/unclosed.md": "[a" * 8000 + "\n",
    }
    root = make_project(tmp_path / "p", {p: GOOD.replace("张三", f"张{n}") + "\n" + t for n, (p, t) in enumerate(docs.items())})
    result = archive(root, "check")
    assert result.returncode == 1
    assert errors(result) == [
        f"docs/a/deep-indent.md:{EXTRA_LINE + 2 * limits.MAX_NESTING}: {DEEP}",
        f"docs/a/deep-list.md:{EXTRA_LINE}: {DEEP}",
        f"docs/a/deep-quote.md:{EXTRA_LINE}: {DEEP}",
        f"docs/a/deep-quote.md:{EXTRA_LINE}: {run_msg(10_000, '>')}",
        f"docs/a/nested-bold.md:{EXTRA_LINE}: {MARKUP}",
        f"docs/a/stars.md:{EXTRA_LINE}: {run_msg(50_000, '*')}",
        f"docs/a/unclosed.md:{EXTRA_LINE}: {MARKUP}",
    ]


def test_the_build_reports_the_same_and_stops_before_converting(build_site) -> None:
    built = build_site({"2024-dangji/zhangsan.md": GOOD + "\n" + "> " * 10_000 + "加强学习\n"})
    assert built.code == 1
    assert "Traceback" not in built.output
    assert f"ERROR   -  {PATH}:{EXTRA_LINE}: {DEEP}" in built.output.splitlines()


def test_nesting_counts_markers_quotes_and_indentation() -> None:
    assert limits.nesting("加强学习") == 0
    assert limits.nesting("- a") == 1
    assert limits.nesting("> > - a") == 3
    assert limits.nesting(">>>- a") == 4
    assert limits.nesting(" " * 8 + "- a") == 3
    assert limits.nesting("\t\t1. a") == 3
    assert limits.nesting(" " * 80 + "加强学习") == 0  # indented text without a list is a code block, not nesting
    assert limits.nesting("-a") == 0 and limits.nesting("*强调*") == 0


# --- archive import --------------------------------------------------------------------------------

def imported(root: Path, name: str) -> subprocess.CompletedProcess[str]:
    result = archive(root, "import", name, "-o", "docs/out.md", "--force")
    assert "Traceback" not in result.stderr
    return result


def refused(result: subprocess.CompletedProcess[str], name: str, message: str) -> None:
    assert result.returncode == 1
    assert result.stderr == f"无法导入 {name}：{message}\n"


def test_import_text_size(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    line = "一是理论学习不够系统，学习时满足于读原文。\n".encode()
    head = "学习材料\n".encode()
    lines = (limits.MAX_IMPORT_BYTES - len(head) - 100) // len(line)
    under = head + line * lines + b"a" * (limits.MAX_IMPORT_BYTES - len(head) - lines * len(line) - 1) + b"\n"
    assert len(under) == limits.MAX_IMPORT_BYTES
    (root / "under.txt").write_bytes(under)
    (root / "over.txt").write_bytes(under + b"a")
    last = under.count(b"\n") + 1
    refused(imported(root, "over.txt"), "over.txt", f"文件太大（{limits.MAX_IMPORT_BYTES + 1:,} 字节，第 {last} 行起超出 2 MB 的上限）："
                                                      "一份材料不会这样长；请删去多余的部分，或拆成几个文件分别导入。")
    result = imported(root, "under.txt")
    assert result.returncode == 0, result.stderr


RESAVE = "请在 Word 或 WPS 中打开它，“另存为”新的 .docx 后再导入。"
BROKEN = "无法打开这个 Word 文件：文件已损坏，或者不是 .docx 格式（旧的 .doc 文件请在 Word 或 WPS 中“另存为”.docx 后再导入）。"


@pytest.fixture(scope="module")
def word(tmp_path_factory) -> dict[str, bytes]:
    """A real Word file's parts."""
    import docx

    path = tmp_path_factory.mktemp("w") / "good.docx"
    document = docx.Document()
    for text in ("党纪学习教育个人对照检查材料", "一、存在问题", "一是学习不够。", "二、整改措施", "一是多读书。"):
        document.add_paragraph(text)
    document.save(str(path))
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_docx(path: Path, parts: dict[str, bytes]) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path.name


def with_body(parts: dict[str, bytes], inside_body: bytes) -> dict[str, bytes]:
    return {**parts, "word/document.xml": parts["word/document.xml"].replace(b"</w:body>", inside_body + b"</w:body>")}


def test_malformed_word_files(tmp_path: Path, word: dict[str, bytes]) -> None:
    root = make_project(tmp_path / "p")
    (root / "notzip.docx").write_bytes(b"PK not really a zip file")
    refused(imported(root, "notzip.docx"), "notzip.docx", BROKEN)
    name = write_docx(root / "nodoc.docx", {k: v for k, v in word.items() if k != "word/document.xml"})
    refused(imported(root, name), name, BROKEN)
    name = write_docx(root / "badxml.docx", {**word, "word/document.xml": word["word/document.xml"][:-40]})
    refused(imported(root, name), name, f"这个 Word 文件已损坏：word/document.xml 第 2 行不是有效的 XML。{RESAVE}")
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
              + word["word/document.xml"].split(b"?>", 1)[1].strip().replace(b"\xe4\xb8\x80\xe6\x98\xaf", b"&b;"))
    name = write_docx(root / "entity.docx", {**word, "word/document.xml": laughs})
    refused(imported(root, name), name, f"这个 Word 文件的 word/document.xml 第 2 行含有 DTD 或实体声明，Word 不会这样写；为安全起见不导入。{RESAVE}")


def test_word_xml_depth(tmp_path: Path, word: dict[str, bytes]) -> None:
    root = make_project(tmp_path / "p")
    # w:document > w:body > the elements added: the body is at depth 2.
    extra = limits.MAX_XML_DEPTH - 2
    name = write_docx(root / "over.docx", with_body(word, b"<x>" * (extra + 1) + b"</x>" * (extra + 1)))
    refused(imported(root, name), name, f"这个 Word 文件的 word/document.xml 第 2 行元素嵌套超过 {limits.MAX_XML_DEPTH} 层，不是正常的 Word 文档。{RESAVE}")
    name = write_docx(root / "under.docx", with_body(word, b"<x>" * extra + b"</x>" * extra))
    assert imported(root, name).returncode == 0


def test_word_zip_bomb_and_sizes(tmp_path: Path, word: dict[str, bytes]) -> None:
    root = make_project(tmp_path / "p")
    # A few hundred KB that inflate to 300 MB in word/document.xml.
    name = write_docx(root / "bomb.docx", with_body(word, b"<!--" + b" " * 300_000_000 + b"-->"))
    assert (root / name).stat().st_size < 1_000_000
    total = sum(len(v) for v in word.values()) + 300_000_007
    refused(imported(root, name), name, f"这个 Word 文件解压后有 {total:,} 字节，超过 100 MB 的上限：它可能已损坏，或是恶意构造的文件。{RESAVE}")
    # One XML part: just over and just under its own limit.
    xml = word["word/document.xml"]
    comment = limits.MAX_DOCX_XML_BYTES - len(xml) - len("<!---->")
    name = write_docx(root / "xml-over.docx", with_body(word, b"<!--" + b" " * (comment + 1) + b"-->"))
    refused(imported(root, name), name, f"这个 Word 文件的 word/document.xml 解压后超过 20 MB 的上限：它可能已损坏，或是恶意构造的文件。{RESAVE}")
    # lxml refuses a single text or comment over 10 MB: the same bytes in pieces of 1 MB.
    pieces, left = divmod(comment + len("<!---->"), 1_000_000)
    filler = b"".join(b"<!--" + b" " * (1_000_000 - 7) + b"-->" for _ in range(pieces)) + b"<!--" + b" " * (left - 7) + b"-->"
    assert len(xml) + len(filler) == limits.MAX_DOCX_XML_BYTES
    name = write_docx(root / "xml-under.docx", with_body(word, filler))
    assert imported(root, name).returncode == 0
    # All parts together: a picture fills the rest to exactly the limit, then one byte more.
    rest = limits.MAX_DOCX_BYTES - sum(len(v) for v in word.values())
    name = write_docx(root / "all-under.docx", {**word, "word/media/image1.png": b"\0" * rest})
    assert imported(root, name).returncode == 0
    name = write_docx(root / "all-over.docx", {**word, "word/media/image1.png": b"\0" * (rest + 1)})
    refused(imported(root, name), name, f"这个 Word 文件解压后有 {limits.MAX_DOCX_BYTES + 1:,} 字节，超过 100 MB 的上限：它可能已损坏，或是恶意构造的文件。{RESAVE}")


def test_word_member_count(tmp_path: Path, word: dict[str, bytes]) -> None:
    root = make_project(tmp_path / "p")
    filler = {f"word/media/p{n}.png": b"x" for n in range(limits.MAX_DOCX_MEMBERS - len(word))}
    name = write_docx(root / "under.docx", {**word, **filler})
    assert imported(root, name).returncode == 0
    name = write_docx(root / "over.docx", {**word, **filler, "word/media/one-more.png": b"x"})
    refused(imported(root, name), name, f"这个 Word 文件里有 {limits.MAX_DOCX_MEMBERS + 1} 个部件（最多 {limits.MAX_DOCX_MEMBERS} 个），不是正常的 Word 文档。{RESAVE}")


# --- import is linear ---------------------------------------------------------------------------------

def long_text(areas: int) -> str:
    lines = ["2024年度组织生活会个人对照检查材料", "一、存在问题"]
    for n in range(1, areas + 1):
        lines.append(f"（{'一二三四五六'[n % 6]}）理论学习方面。一是学习不够系统，比如第{n}次。二是政治敏锐性不强。")
    lines += ["二、整改措施"] + [f"{k}. 加强理论学习，撰写体会第{k}篇。" for k in range(1, 40)]
    return "\n".join(lines) + "\n"


def test_a_megabyte_imports_within_the_timeout(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    text = long_text(14_000)
    assert len(text.encode()) > 1_000_000
    (root / "long.txt").write_text(text, encoding="utf-8")
    result = archive(root, "import", "long.txt", "-o", "docs/out.md")  # clitools: timeout 600 s; was 16 s a MB, squared
    assert result.returncode == 0, result.stderr
    assert "  注意：问题（28000 个）和措施（39 条）太多，没有自动建议对应关系；请在每条措施末尾手工写上“【针对问题：…】”。" in result.stdout.splitlines()


def test_owners_cursor_agrees_with_a_search_and_moves_only_forward() -> None:
    text = long_text(30)
    body = "\n".join(text.split("\n")[1:])
    items = parse_outline(body, 1).items
    owners = _Owners(items)
    steps = 0
    for line in range(1, body.count("\n") + 2):
        for col in range(0, 80, 3):
            before = owners.next
            got = owners.at(line, col)
            steps += owners.next - before
            naive = next((i for i in items if (i.start.line, i.start.col) <= (line, col) < (i.end.line, i.end.col)), None)
            assert got is naive
    assert steps <= len(items)


def test_proposals_stop_at_the_pair_limit(monkeypatch) -> None:
    from studyarchive.core.model import Item, Pos
    from studyarchive.link import proposals

    calls = []
    monkeypatch.setattr(proposals, "_cosine", lambda a, b: calls.append(1) or 0.0)
    p = Pos(1, 0)
    problems = [Item("problem", str(n), "学习", "学习", p, p) for n in range(proposals.MAX_PAIRS // 10 + 1)]
    measures = [Item("measure", str(n), "学习", "学习", p, p) for n in range(10)]
    assert proposals.propose(problems, measures) == {}
    assert calls == []
    proposals.propose(problems[:-1], measures)
    assert len(calls) == proposals.MAX_PAIRS
