"""`archive import`: encodings, Word files, cleaning, outline, references, proposals, nothing lost, no overwriting."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from clitools import archive, lost, make_project, sentences
from conftest import SHARED_SAMPLES, need_shared
from studyarchive.cli.importer import ZH_REF_RE, _named_problems
from studyarchive.core.model import Item, Pos

# A member's text as real files come: a website's markers in and between lines, ideographic spaces
# as indentation, a non-breaking space, a sentence broken across lines, full-width digits, points on
# their area's line and inline, references in words and in the core's digit form, inline owner and
# deadline, a signature and a date line.
FIXTURE = (
    "党纪学习教育个人对照检查材料\n"
    "\u3000\u3000按照支部党纪学习教育安排，我认真学习\u00a0《中国共产党纪律处分条例》，对照六项纪律，\n"
    "查找自身存在的问题，现作个人对照检查如下。\n"
    "一、存在问题\n"
    "（一）政治纪律方面。一是理论学习不够系统。学习条例时满足于读原文，比如，２０２４年上半年只参加了集中学习。二是政治敏锐性不强。对网络上的错误言论没有及时批驳。\n"
    "（二）组织纪律方面。\n"
    "##paidbegin##一是请示报告不及时。个人有关事项报告时间把握不准，比如，外出学习没有提前报告。\n"
    "二是组织生活参与不够。参加党小组会有时请假。\n"
    "（三）廉洁纪律方面。\n"
    "一是廉洁意识有所放松。对收受小额礼品的危害认识不足，比如，节日期间收过服务对象送的土特产。\n"
    "二、产生问题的原因分析\n"
    "深刻反思，原因有以下三点：一是理论学习不深入；二是党性修养有所放松；三是纪律规矩意识淡薄。\n"
    "三、整改措施\n"
    "一是加强纪律理论学习。每月精读一章纪律处分条例，撰写学习体会。针对问题一。责任人：张伟；完成时限：2024年12月底。\n"
    "二是严格执行请示报告制度。外出前书面报告，按时参加组织生活（对应问题2.1、2.2）。\n"
    "三是筑牢廉洁防线。针对以上第三个问题，拒收任何礼品礼金，主动接受群众监督。##paidend##\n"
    "四是提高政治敏锐性。坚持每周浏览权威媒体，对错误言论敢于亮剑，敢于批驳。\n"
    "责任人：张伟；完成时限：２０２４年１０月底。\n"
    "发言人：张伟\n"
    "２０２４年７月１８日\n"
)

EXPECTED_BODY = """
按照支部党纪学习教育安排，我认真学习《中国共产党纪律处分条例》，对照六项纪律，查找自身存在的问题，现作个人对照检查如下。

## 一、存在问题

### （一）政治纪律方面

一是理论学习不够系统。学习条例时满足于读原文，比如，2024年上半年只参加了集中学习。

二是政治敏锐性不强。对网络上的错误言论没有及时批驳。

### （二）组织纪律方面

一是请示报告不及时。个人有关事项报告时间把握不准，比如，外出学习没有提前报告。

二是组织生活参与不够。参加党小组会有时请假。

### （三）廉洁纪律方面

一是廉洁意识有所放松。对收受小额礼品的危害认识不足，比如，节日期间收过服务对象送的土特产。

## 二、产生问题的原因分析

深刻反思，原因有以下三点：

一是理论学习不深入；

二是党性修养有所放松；

三是纪律规矩意识淡薄。

## 三、整改措施

一是加强纪律理论学习。每月精读一章纪律处分条例，撰写学习体会。针对问题一。【针对问题：1.1、1.2】责任人：张伟；完成时限：2024年12月底。

二是严格执行请示报告制度。外出前书面报告，按时参加组织生活（对应问题2.1、2.2）。

三是筑牢廉洁防线。针对以上第三个问题，拒收任何礼品礼金，主动接受群众监督。【针对问题：3.1】

四是提高政治敏锐性。坚持每周浏览权威媒体，对错误言论敢于亮剑，敢于批驳。【建议对应问题：1.2】
责任人：张伟；完成时限：2024年10月底。
"""


def front(member: str, name: str) -> str:
    return (
        "---\n"
        "title: 党纪学习教育个人对照检查材料\n"
        "doc_type: self_review\n"
        f"member: {member}\n"
        "campaign: 2024-dangji\n"
        "date: 2024-07-18\n"
        f"# 由 archive import 从“{name}”导入：以下各项由原文推断，请核对。\n"
        f"# 原文落款：发言人：{member} / 2024年7月18日\n"
        "---\n"
    )


def summary(name: str, encoding: str, target: str, member: str) -> str:
    return (
        f"已导入 {name}（{encoding}）→ {target}\n"
        f"  标题：党纪学习教育个人对照检查材料；文档类型：个人对照检查材料；批次：党纪学习教育；党员：{member}；日期：2024-07-18\n"
        "  从原文读出（请核对）：标题、日期、党员、文档类型、批次\n"
        "  识别出：3 个检视方面，5 个问题，3 条原因，4 条措施\n"
        "  对应关系：原文已标注 1 处，按原文写成标记 2 处，建议 1 处\n"
        "    第 43 行：措施 1 → 【针对问题：1.1、1.2】（原文写明）\n"
        "    第 47 行：措施 3 → 【针对问题：3.1】（原文写明）\n"
        "    第 49 行：措施 4 → 【建议对应问题：1.2】（请确认：改成【针对问题：…】，或删去）\n"
        "  未归入问题、原因或措施（保留为说明文字）：第 33 行“深刻反思，原因有以下三点：”\n"
        + OUTLINE
    )


# The end of the summary: the written file's outline, as `archive outline` prints it. (The lead-in on
# line 33, a paragraph of its own in the written file, reads as a causes heading: what the recogniser
# does with it today, and what this report is for: the secretary sees it.)
OUTLINE = """\
  提纲（行号是导入后文件的行号；也可以用 archive outline 文件 再看）：
    第 13 行  存在问题（问题部分）
      第 15 行  检视方面 1：政治纪律
        第 17 行  问题 1.1  理论学习不够系统
        第 19 行  问题 1.2  政治敏锐性不强
      第 21 行  检视方面 2：组织纪律
        第 23 行  问题 2.1  请示报告不及时
        第 25 行  问题 2.2  组织生活参与不够
      第 27 行  检视方面 3：廉洁纪律
        第 29 行  问题 3.1  廉洁意识有所放松
    第 31 行  产生问题的原因分析（原因部分）
      其中没有识别出原因
    第 33 行  深刻反思,原因有以下三点（原因部分）
      第 35 行  原因 1  理论学习不深入
      第 37 行  原因 2  党性修养有所放松
      第 39 行  原因 3  纪律规矩意识淡薄
    第 41 行  整改措施（措施部分）
      第 43 行  措施 1  加强纪律理论学习 → 针对问题 1.1、1.2
      第 45 行  措施 2  严格执行请示报告制度 → 对应问题 2.1、2.2
      第 47 行  措施 3  筑牢廉洁防线 → 针对问题 3.1
      第 49 行  措施 4  提高政治敏锐性 → 建议对应问题 1.2（待确认）
"""


# (file name, encoding as Python writes it, line ending, member, encoding as the summary names it)
ENCODINGS = [
    ("utf8.txt", "utf-8", "\n", "张伟", "UTF-8"),
    ("utf8-bom.txt", "utf-8-sig", "\r\n", "李娜", "UTF-8（带 BOM）"),
    ("gb18030.txt", "gb18030", "\r\n", "王强", "GB18030/GBK"),
    ("gbk.txt", "gbk", "\r", "赵敏", "GB18030/GBK"),
    ("utf16.txt", "utf-16", "\r\n", "刘洋", "UTF-16"),
]
PINYIN = {"张伟": "zhangwei", "李娜": "lina", "王强": "wangqiang", "赵敏": "zhaomin", "刘洋": "liuyang"}


def fixture_for(member: str) -> str:
    return FIXTURE.replace("张伟", member)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def test_every_encoding_and_line_ending_gives_the_same_material(project: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, encoding, newline, member, _ in ENCODINGS:
        text = fixture_for(member)
        if encoding == "gbk":
            text = text.replace("\u00a0", "\u3000")  # GBK has no non-breaking space
        (inbox / name).write_bytes(text.replace("\n", newline).encode(encoding))
    result = archive(project, "import", *(str(inbox / e[0]) for e in ENCODINGS))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    expected = "".join(summary(str(inbox / name), shown, f"docs/2024-dangji/{PINYIN[member]}.md", member)
                       for name, _, _, member, shown in ENCODINGS)
    # Each new member's page is recorded in urls.yml (naming.lines_to_record), in the order of their names.
    expected += "".join(f"已在 urls.yml 记下{m}的页面网址 indexes/members/{PINYIN[m]}/（“{m}: {PINYIN[m]}”），以后不再变化；请把 urls.yml 一并提交。\n"
                        for m in sorted(PINYIN))
    expected += "共 5 个文件：导入 5 个。\n下一步：打开导入的文件，补全“待补充”的项目，逐条核对【建议对应问题：…】，然后运行 archive check。\n"
    assert result.stdout == expected
    for name, _, _, member, _ in ENCODINGS:
        text = (project / "docs" / "2024-dangji" / f"{PINYIN[member]}.md").read_text(encoding="utf-8")
        assert text == front(member, name) + EXPECTED_BODY.replace("张伟", member)
        assert lost(fixture_for(member), text) == []


def test_imported_fixture_passes_the_check_with_one_proposal_to_confirm(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "zhangwei.txt"
    source.write_text(FIXTURE, encoding="utf-8")
    assert archive(project, "import", str(source)).returncode == 0
    check = archive(project, "check")
    assert check.returncode == 0
    assert check.stdout == (
        "警告：\n"
        "docs/2024-dangji/zhangwei.md:49: 建议的对应关系“【建议对应问题：1.2】”还没有确认：核对无误请改成“【针对问题：1.2】”，不对就整条删去。\n"
        "检查了 1 份材料：0 处错误，1 处警告。警告不影响预览，但提交前请改正（严格构建会失败）。\n"
    )
    assert archive(project, "check", "--strict").returncode == 1
    # The person confirms the proposal: the check is clean and the link is real.
    target = project / "docs" / "2024-dangji" / "zhangwei.md"
    target.write_text(target.read_text(encoding="utf-8").replace("【建议对应问题：1.2】", "【针对问题：1.2】"), encoding="utf-8")
    confirmed = archive(project, "check", "--strict")
    assert (confirmed.returncode, confirmed.stdout) == (0, "检查了 1 份材料，没有发现问题。\n")


def test_never_overwrites_without_force(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "zhangwei.txt"
    source.write_text(FIXTURE, encoding="utf-8")
    assert archive(project, "import", str(source)).returncode == 0
    target = project / "docs" / "2024-dangji" / "zhangwei.md"
    target.write_text("我改过的版本\n", encoding="utf-8")
    again = archive(project, "import", str(source))
    assert again.returncode == 1
    assert again.stderr == (f"没有导入 {source}：docs/2024-dangji/zhangwei.md 已存在，不会覆盖。"
                            "确实要替换它请加 --force；如果是另一份材料，请用 --output 指定别的文件名。\n")
    assert again.stdout == "共 1 个文件：导入 0 个，1 个没有导入（原因见上）。\n"
    assert target.read_text(encoding="utf-8") == "我改过的版本\n"
    forced = archive(project, "import", "--force", str(source))
    assert forced.returncode == 0
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: 党纪学习教育个人对照检查材料\n")


def test_unreadable_files_are_reported_and_the_others_imported(project: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(FIXTURE, encoding="gb18030")
    old_word = tmp_path / "old.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip file")
    noise = tmp_path / "noise.txt"
    rng = random.Random(4)
    noise.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\xef\xbb\xbf\r\n")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "missing.txt"
    files = [old_word, good, broken, noise, empty, pdf, missing]
    result = archive(project, "import", *map(str, files))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"无法导入 {old_word}：不支持Word 97-2003 文档（.doc）：请在 Word 或 WPS 中“另存为” .docx 或纯文本 .txt 后再导入。",
        f"无法导入 {broken}：无法打开这个 Word 文件：文件已损坏，或者不是 .docx 格式（旧的 .doc 文件请在 Word 或 WPS 中“另存为”.docx 后再导入）。",
        f"无法导入 {noise}：无法识别文件的编码，它可能不是文本文件；请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。",
        f"无法导入 {empty}：文件是空的。",
        f"无法导入 {pdf}：不支持的文件类型“.pdf”：只能导入 .txt、.docx 和 .md 文件。",
        f"无法导入 {missing}：找不到这个文件；请检查文件名和所在的文件夹。",
    ]
    assert f"已导入 {good}（GB18030/GBK）→ docs/2024-dangji/zhangwei.md" in result.stdout
    assert result.stdout.endswith("共 7 个文件：导入 1 个，6 个没有导入（原因见上）。\n"
                                  "下一步：打开导入的文件，补全“待补充”的项目，逐条核对【建议对应问题：…】，然后运行 archive check。\n")
    assert sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")) == ["2024-dangji/zhangwei.md", "index.md"]


def make_docx(path: Path) -> list[str]:
    """A Word file as members write them: a Title, Word's own list numbering, a heading, a table. Returns its text."""
    import docx

    document = docx.Document()
    paragraphs = [
        ("2024年度组织生活会个人对照检查材料", "Title"),
        ("按照支部安排，结合本人思想和工作实际，现作个人对照检查如下。", None),
        ("一、存在问题", "Heading 1"),
        ("（一）学习贯彻党的创新理论方面。一是学习不够系统。比如，读原著少，满足于看摘要。二是学用结合不紧。比如，调研报告理论分析少。", None),
        ("（二）联系服务群众方面", None),
        ("走访群众不够经常。比如，全年只走访了两次。", "List Number"),
        ("回应群众诉求不及时。比如，群众反映的场地问题至今未解决。", "List Number"),
        ("二、整改措施", "Heading 1"),
        ("一是制定学习计划。每月精读一篇原著。（对应问题1.1、1.2）", None),
        ("二是建立走访制度。每季度走访一次，诉求逐项跟踪。针对问题二。", None),
    ]
    for text, style in paragraphs:
        document.add_paragraph(text.replace("按照", "按照\u00a0"), style=style)
    table = document.add_table(rows=2, cols=2)
    for r, (key, value) in enumerate([("责任人", "陈静"), ("完成时限", "2025年6月底")]):
        table.cell(r, 0).text, table.cell(r, 1).text = key, value
    document.add_paragraph("陈静")
    document.add_paragraph("2025年1月20日")
    document.save(str(path))
    return [t for t, _ in paragraphs] + ["责任人", "陈静", "完成时限", "2025年6月底", "陈静", "2025年1月20日"]


def test_word_file_with_list_numbering_and_a_table(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "chenjing.docx"
    words = make_docx(source)
    result = archive(project, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"已导入 {source}（Word 文档）→ docs/2024-annual/chenjing.md",
        "  标题：2024年度组织生活会个人对照检查材料；文档类型：个人对照检查材料；批次：2024年度组织生活会；党员：陈静；日期：2025-01-20",
        "  从原文读出（请核对）：标题、日期、党员、文档类型、批次",
        "  识别出：2 个检视方面，4 个问题，0 条原因，2 条措施",
        "  对应关系：原文已标注 1 处，按原文写成标记 1 处，建议 0 处",
        "    第 31 行：措施 2 → 【针对问题：2.1、2.2】（原文写明）",
        "  提纲（行号是导入后文件的行号；也可以用 archive outline 文件 再看）：",
        "    第 13 行  存在问题（问题部分）",
        "      第 15 行  检视方面 1：学习贯彻党的创新理论",
        "        第 17 行  问题 1.1  学习不够系统",
        "        第 19 行  问题 1.2  学用结合不紧",
        "      第 21 行  检视方面 2：联系服务群众",
        "        第 23 行  问题 2.1  走访群众不够经常",
        "        第 25 行  问题 2.2  回应群众诉求不及时",
        "    第 27 行  整改措施（措施部分）",
        "      第 29 行  措施 1  制定学习计划 → 对应问题 1.1、1.2",
        "      第 31 行  措施 2  建立走访制度 → 针对问题 2.1、2.2",
        "已在 urls.yml 记下陈静的页面网址 indexes/members/chenjing/（“陈静: chenjing”），以后不再变化；请把 urls.yml 一并提交。",
        "共 1 个文件：导入 1 个。",
        "下一步：打开导入的文件，补全“待补充”的项目，逐条核对【建议对应问题：…】，然后运行 archive check。",
    ]
    text = (project / "docs" / "2024-annual" / "chenjing.md").read_text(encoding="utf-8")
    assert text.split("---\n", 2)[2] == """
按照支部安排，结合本人思想和工作实际，现作个人对照检查如下。

## 一、存在问题

### （一）学习贯彻党的创新理论方面

一是学习不够系统。比如，读原著少，满足于看摘要。

二是学用结合不紧。比如，调研报告理论分析少。

### （二）联系服务群众方面

1.走访群众不够经常。比如，全年只走访了两次。

2.回应群众诉求不及时。比如，群众反映的场地问题至今未解决。

## 二、整改措施

一是制定学习计划。每月精读一篇原著。（对应问题1.1、1.2）

二是建立走访制度。每季度走访一次，诉求逐项跟踪。针对问题二。【针对问题：2.1、2.2】

责任人 | 陈静

完成时限 | 2025年6月底
"""
    assert lost("\n".join(words), text) == []
    check = archive(project, "check", "--strict")
    assert (check.returncode, check.stdout) == (0, "检查了 1 份材料，没有发现问题。\n")


def test_what_the_text_does_not_say_is_marked_todo_and_the_check_asks_for_it(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "发言.txt"
    source.write_text("一、存在问题\n一是学习不够。比如，读书少。\n二、整改措施\n一是多读书。每月读一本。\n", encoding="utf-8")
    result = archive(project, "import", str(source))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-4:-2] == [
        "  待补充：5 项，已在文件开头以“待补充（TODO）”注明，补全后再运行 archive check",
        "  注意：党员或批次还不确定，文件暂存在 docs/daoru/；补全后请按命名规则移到正确的文件夹（见 CONTRIBUTING.md）",
    ]
    target = project / "docs" / "daoru" / "fayan.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n# 由 archive import 从“发言.txt”导入：以下各项由原文推断，请核对。\n# 待补充（TODO）：标题，写成“title: 2024年度组织生活会个人对照检查材料”。\n")
    assert "# 待补充（TODO）：日期，写成“date: 2024-07-18”（原文中没有找到日期）。\n---\n" in text
    check = archive(project, "check")
    assert check.returncode == 1
    assert check.stdout.splitlines()[:2] == ["错误：", "docs/daoru/fayan.md:2: front matter 是空的：请写上标题、文档类型、党员、日期等信息。"]


def test_markdown_keeps_its_front_matter(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "sunli.md"
    source.write_text("---\n标题: 我的检查\n文档类型: 个人对照检查材料\n党员: 孙立\n批次: 2024-dangji\ntags: [对照检查]\n---\n"
                      "## 一、存在问题\n\n### （一）政治纪律方面\n\n一是学习不够。比如，读书少。\n\n"
                      "## 二、整改措施\n\n一是多读书，\n每月读一本。【针对问题：1.1】\n", encoding="utf-8")
    result = archive(project, "import", str(source), "--date", "2024年8月1日")
    assert result.returncode == 0, result.stderr
    text = (project / "docs" / "2024-dangji" / "sunli.md").read_text(encoding="utf-8")
    assert text.startswith("---\n标题: 我的检查\n文档类型: 个人对照检查材料\n党员: 孙立\n批次: 2024-dangji\ntags: [对照检查]\ndate: 2024-08-01\n---\n")
    assert text.endswith("一是多读书，每月读一本。【针对问题：1.1】\n")
    assert archive(project, "check", "--strict").returncode == 0


REAL_SAMPLE = SHARED_SAMPLES / "000_6c18b49520dbd4c6.txt"


def test_real_sample_imports_without_losing_a_word_and_passes_the_check(project: Path) -> None:
    need_shared(REAL_SAMPLE)
    result = archive(project, "import", str(REAL_SAMPLE), "--member", "某党员", "--date", "2023-12-20")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"已导入 {REAL_SAMPLE}（UTF-8）→ docs/2023-zhuti-2/moudangyuan.md",
        "  标题：2023年第二批主题教育党组织生活会个人对照检查材料；文档类型：个人对照检查材料；批次：2023年第二批主题教育；党员：某党员；日期：2023-12-20",
        "  从原文读出（请核对）：标题、文档类型、批次",
        "  识别出：6 个检视方面，12 个问题，5 条原因，5 条措施",
    ]
    assert lines[4].startswith("  对应关系：原文已标注 0 处，按原文写成标记 0 处，建议 ")
    assert not any("注意" in line for line in lines)
    text = (project / "docs" / "2023-zhuti-2" / "moudangyuan.md").read_text(encoding="utf-8")
    assert lost(REAL_SAMPLE.read_text(encoding="utf-8"), text) == []
    assert "paid" not in text and "## 一、存在问题" in text and "### （六）廉洁自律方面" in text
    check = archive(project, "check")
    assert check.returncode == 0, check.stdout
    assert "错误：" not in check.stdout
    assert any("还没有确认" in line for line in check.stdout.splitlines())


def test_every_fixture_sentence_counts_as_a_sentence() -> None:
    # The nothing-lost check above is only as good as its sentences: make sure it sees them all.
    assert len(sentences(FIXTURE)) == 37
    assert "按照支部党纪学习教育安排，我认真学习《中国共产党纪律处分条例》，对照六项纪律" in sentences(FIXTURE)
    assert lost(FIXTURE, FIXTURE.replace("拒收任何礼品礼金", "")) == ["针对以上第三个问题，拒收任何礼品礼金，主动接受群众监督"]


def _problem(item_id: str, area_index: int | None) -> Item:
    return Item("problem", item_id, "", "", Pos(1, 0), Pos(1, 0), area_index=area_index)


@pytest.mark.parametrize(
    ("text", "grouped", "ids"),
    [
        ("针对问题一，加强学习。", True, ["1.1", "1.2"]),
        ("对应问题（二）。", True, ["2.1"]),
        ("针对以上第二个问题，建立制度。", True, ["2.1"]),
        ("针对第一、二个问题。", True, ["1.1", "1.2", "2.1"]),
        ("针对问题一、二。", False, ["1", "2"]),
        ("针对第3个问题。", False, ["3"]),
        ("针对以上三个问题，制定措施。", False, []),
        ("针对一些问题，开展调研。", False, []),
        ("针对问题一个一个解决。", False, []),
    ],
)
def test_references_in_words(text: str, grouped: bool, ids: list[str]) -> None:
    problems = [_problem("1.1", 1), _problem("1.2", 1), _problem("2.1", 2)] if grouped else [_problem(str(n), None) for n in (1, 2, 3)]
    assert _named_problems(text, problems) == (ids, [])


def test_a_reference_to_a_missing_problem_is_reported_not_written() -> None:
    assert _named_problems("针对问题五。", [_problem("1", None)]) == ([], ["针对问题五"])
    assert ZH_REF_RE.search("针对问题1.2") is None  # the digit form is the core's own marker


def test_the_real_command_is_installed(tmp_path: Path) -> None:
    """`make setup` installs the `archive` console script next to the environment's Python: run that very file
    (no `python -m` stand-in), as a contributor types it."""
    import shutil
    import subprocess
    import sys

    command = Path(sys.executable).parent / "archive"
    assert command.is_file(), f"{command} 不存在：make setup 没有安装 archive 命令"
    assert shutil.which("archive", path=str(command.parent)) == str(command)  # executable, found by that name
    helped = subprocess.run([str(command), "--help"], capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("用法：archive") and all(verb in helped.stdout for verb in ("new", "import", "check"))
    project = make_project(tmp_path / "p")
    checked = subprocess.run([str(command), "check", "--strict"], cwd=project, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
