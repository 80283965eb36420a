"""`archive import` reads the front matter from materials as people write them (issue 19): dates in any
common form, names spaced out or with the post in front, titles over several lines, a blog post's front
matter, Word's Title and Heading styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from clitools import archive, lost, make_project

BODY = (
    "按照支部安排，现作个人对照检查如下。\n"
    "一、存在问题\n"
    "（一）政治纪律方面。\n"
    "一是理论学习不够系统。比如，只参加了集中学习。\n"
    "二、整改措施\n"
    "一是加强纪律理论学习。每月精读一章条例。针对问题一。\n"
)
TITLE = "党纪学习教育个人对照检查材料"

# (file, signature line, date line, file written, member, date, signature as kept)
SIGNED = [
    ("a.txt", "张  伟", "2009.6.3", "zhangwei", "张伟", "2009-06-03", "张伟 / 2009.6.3"),
    ("b.txt", "李\u3000娜", "2021年1月18", "lina", "李娜", "2021-01-18", "李娜 / 2021年1月18"),
    ("c.txt", "副馆长李明", "2021年1月18号", "liming", "李明", "2021-01-18", "副馆长李明 / 2021年1月18号"),
    ("d.txt", "党支部书记王芳", "二〇二一年一月十八日", "wangfang", "王芳", "2021-01-18", "党支部书记王芳 / 二〇二一年一月十八日"),
    ("e.txt", "支部委员 赵敏", "2026年2月", "zhaomin", "赵敏", "2026-02-01", "支部委员赵敏 / 2026年2月"),
    ("f.txt", "发言人：刘洋", "2024年7月18日", "liuyang", "刘洋", "2024-07-18", "发言人：刘洋 / 2024年7月18日"),
]
MONTH_ONLY = "# 待补充（TODO）：日期，原文“2026年2月”只写了年月，暂记为该月 1 日（2026-02-01）；请核对具体是哪一天，改正 date 一行。\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


def front(name: str, member: str, date: str, kept: str, extra: str = "", title: str = TITLE, campaign: str = "2024-dangji") -> str:
    return (f"---\ntitle: {title}\ndoc_type: self_review\nmember: {member}\ncampaign: {campaign}\ndate: {date}\n"
            f"# 由 archive import 从“{name}”导入：以下各项由原文推断，请核对。\n# 原文落款：{kept}\n{extra}---\n")


def test_dates_and_signatures_as_people_write_them(project: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, signature, date, *_ in SIGNED:
        (inbox / name).write_text(f"{TITLE}\n{BODY}{signature}\n{date}\n", encoding="utf-8")
    result = archive(project, "import", *(str(inbox / s[0]) for s in SIGNED))
    assert (result.returncode, result.stderr) == (0, "")
    for name, _signature, _date, target, member, iso, kept in SIGNED:
        text = (project / "docs" / "2024-dangji" / f"{target}.md").read_text(encoding="utf-8")
        assert text.startswith(front(name, member, iso, kept, MONTH_ONLY if name == "e.txt" else "")), text
        assert f"党员：{member}；日期：{iso}" in result.stdout
    assert result.stdout.count("待补充：1 项") == 1
    # --date says the day: no more TODO.
    again = archive(project, "import", "--force", "--date", "2026-02-18", str(inbox / "e.txt"))
    assert again.returncode == 0
    text = (project / "docs" / "2024-dangji" / "zhaomin.md").read_text(encoding="utf-8")
    assert text.startswith(front("e.txt", "赵敏", "2026-02-18", "支部委员赵敏 / 2026年2月"))


def test_a_title_over_several_lines_is_one_title(project: Path, tmp_path: Path) -> None:
    two = tmp_path / "two.txt"
    two.write_text(f"关于2024年度组织生活会\n个人对照检查材料\n{BODY}王芳\n2025年1月20日\n", encoding="utf-8")
    three = tmp_path / "three.txt"
    three.write_text(f"中共某某机关第一党支部\n关于2024年度组织生活会\n个人对照检查材料\n{BODY}刘洋\n2025年1月20日\n", encoding="utf-8")
    # A one-line title stays one line: the short line after it is the member's name, not more title.
    one = tmp_path / "one.txt"
    one.write_text(f"2024年度组织生活会个人对照检查材料\n赵敏\n{BODY}2025年1月20日\n", encoding="utf-8")
    result = archive(project, "import", str(two), str(three), str(one))
    assert (result.returncode, result.stderr) == (0, "")
    annual = project / "docs" / "2024-annual"
    assert (annual / "wangfang.md").read_text(encoding="utf-8").startswith(
        front("two.txt", "王芳", "2025-01-20", "王芳 / 2025年1月20日", title="关于2024年度组织生活会个人对照检查材料", campaign="2024-annual"))
    assert (annual / "liuyang.md").read_text(encoding="utf-8").startswith(
        front("three.txt", "刘洋", "2025-01-20", "刘洋 / 2025年1月20日",
              title="中共某某机关第一党支部关于2024年度组织生活会个人对照检查材料", campaign="2024-annual"))
    assert (annual / "zhaomin.md").read_text(encoding="utf-8").startswith(
        front("one.txt", "赵敏", "2025-01-20", "赵敏 / 2025年1月20日", title="2024年度组织生活会个人对照检查材料", campaign="2024-annual"))


BLOG = (
    "title: 党纪学习教育个人对照检查材料\n"
    "author: 张 伟\n"
    "categories:\n"
    "  - 学习\n"
    "  - 党纪\n"
    "layout: post\n"
    "description: 我的对照检查\n"
    "slug: zhangwei-2024\n"
    "date: 2024-07-18 10:00:00 +08:00\n"
)
BLOG_BODY = "\n\n".join(BODY.rstrip("\n").split("\n")) + "\n"


@pytest.mark.parametrize("before", ["", "\n", "\ufeff\n\n", "\n\ufeff"])
def test_a_blog_posts_front_matter_loses_the_keys_the_archive_does_not_know(project: Path, tmp_path: Path, before: str) -> None:
    source = tmp_path / "post.md"
    source.write_text(f"{before}---\n{BLOG}---\n\n{BLOG_BODY}", encoding="utf-8")
    result = archive(project, "import", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    notes = [
        "原文 front matter 中的“author: 张 伟”已改写为“member: 张伟”（作者即党员）；请核对。",
        "原文 front matter 中的“categories: [学习, 党纪]”已删去：档案不使用这一项。",
        "原文 front matter 中的“layout: post”已删去：档案不使用这一项。",
        "原文 front matter 中的“description: 我的对照检查”已删去：档案不使用这一项。",
        "原文 front matter 中的“slug: zhangwei-2024”已删去：档案不使用这一项。",
    ]
    text = (project / "docs" / "2024-dangji" / "zhangwei.md").read_text(encoding="utf-8")
    assert text.split("\n## ")[0] == (
        "---\n"
        "title: 党纪学习教育个人对照检查材料\n"
        "doc_type: self_review\n"
        "member: 张伟\n"
        "campaign: 2024-dangji\n"
        "date: 2024-07-18\n"
        + "".join(f"# {n}\n" for n in notes)
        + "---\n\n按照支部安排，现作个人对照检查如下。\n"
    )
    for note in notes:
        assert f"  注意：{note}\n" in result.stdout
    assert "  从原文读出（请核对）：党员、文档类型、批次\n" in result.stdout
    check = archive(project, "check")
    assert "author" not in check.stdout and "错误" not in check.stdout, check.stdout


def test_an_author_that_is_no_name_is_dropped_and_the_member_asked_for(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "post.md"
    source.write_text(f"---\ntitle: {TITLE}\nauthor: admin\ntags: [党纪]\n---\n\n{BLOG_BODY}", encoding="utf-8")
    result = archive(project, "import", str(source))
    assert result.returncode == 0
    text = (project / "docs" / "daoru" / "post.md").read_text(encoding="utf-8")
    assert text.startswith(
        f"---\ntitle: {TITLE}\ntags: [党纪]\ndoc_type: self_review\ncampaign: 2024-dangji\n"
        "# 原文 front matter 中的“author: admin”已删去：档案不使用这一项。\n"
        "# 待补充（TODO）：党员姓名，写成“member: 张三”（原文中没有找到署名）。\n"
        "# 待补充（TODO）：日期，写成“date: 2024-07-18”（原文中没有找到日期）。\n---\n"), text


def make_styled_docx(path: Path, styles: dict[str, str]) -> str:
    """A Word file whose title and headings carry styles, not numbering or bold: ``styles`` maps
    title / h1 / h2 to the style to use (a built-in name, or one added here as WPS names them)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for key, name in styles.items():
        if name not in [s.name for s in document.styles]:
            style = document.styles.add_style(name.split("#")[0].split(">")[0], WD_STYLE_TYPE.PARAGRAPH)
            if ">" in name:  # "我的大标题>Heading 1": a style of one's own, based on Heading 1
                style.base_style = document.styles[name.split(">")[1]]
                name = name.split(">")[0]
            if "#" in name:  # "Überschrift 2#2": a localized name with Chinese Word's style id
                style.element.styleId = name.split("#")[1]
            styles[key] = name.split("#")[0]
    document.add_paragraph("2024年度组织生活会", style=styles["title"])
    document.add_paragraph("个人对照检查材料", style=styles["title"])
    document.add_paragraph("按照支部安排，现作个人对照检查如下。")
    document.add_paragraph("存在的主要问题", style=styles["h1"])
    document.add_paragraph("学习贯彻党的创新理论方面", style=styles["h2"])
    document.add_paragraph("一是学习不够系统。比如，读原著少。")
    document.add_paragraph("整改措施", style=styles["h1"])
    document.add_paragraph("一是制定学习计划。每月精读一篇原著。针对问题一。")
    document.add_paragraph("陈静")
    document.add_paragraph("2025年1月20日")
    document.save(str(path))
    return ("2024年度组织生活会\n个人对照检查材料\n按照支部安排，现作个人对照检查如下。\n存在的主要问题\n学习贯彻党的创新理论方面\n"
            "一是学习不够系统。比如，读原著少。\n整改措施\n一是制定学习计划。每月精读一篇原著。针对问题一。\n陈静\n2025年1月20日\n")


STYLED_BODY = """
按照支部安排，现作个人对照检查如下。

## 存在的主要问题

### 学习贯彻党的创新理论方面

一是学习不够系统。比如，读原著少。

## 整改措施

一是制定学习计划。每月精读一篇原著。针对问题一。【针对问题：1.1】
"""


@pytest.mark.parametrize("styles", [
    {"title": "Title", "h1": "Heading 1", "h2": "Heading 2"},
    {"title": "标题", "h1": "标题 1", "h2": "标题 2"},
    {"title": "Title", "h1": "Überschrift 1#1", "h2": "Überschrift 2#2"},
    {"title": "Title", "h1": "我的大标题>Heading 1", "h2": "我的小标题>Heading 2"},
], ids=["english", "chinese-names", "style-ids", "based-on"])
def test_word_title_and_heading_styles(project: Path, tmp_path: Path, styles: dict[str, str]) -> None:
    source = tmp_path / "chenjing.docx"
    words = make_styled_docx(source, dict(styles))
    result = archive(project, "import", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    text = (project / "docs" / "2024-annual" / "chenjing.md").read_text(encoding="utf-8")
    assert text == front("chenjing.docx", "陈静", "2025-01-20", "陈静 / 2025年1月20日",
                         title="2024年度组织生活会个人对照检查材料", campaign="2024-annual") + STYLED_BODY
    assert "  识别出：1 个检视方面，1 个问题，0 条原因，1 条措施\n" in result.stdout
    assert lost(words, text) == []


def test_date_and_member_options_as_people_write_them(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "e.txt"
    source.write_text(f"{TITLE}\n{BODY}2026年2月\n", encoding="utf-8")
    result = archive(project, "import", "--member", "赵\u3000 敏", "--date", "2026年2月18号", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    text = (project / "docs" / "2024-dangji" / "zhaomin.md").read_text(encoding="utf-8")
    assert text.startswith(front("e.txt", "赵敏", "2026-02-18", "2026年2月"))
    # A date that is none is refused, never ignored.
    for wrong in ("2024-02-30", "明天"):
        refused = archive(project, "import", "--force", "--date", wrong, str(source))
        assert refused.returncode == 2
        assert f"无法识别的日期“{wrong}”（--date）；请写成 2024-07-18 或 2024年7月18日。" in refused.stderr


@pytest.mark.parametrize(("signature", "member"), [
    ("副馆长李明", "李明"), ("宣传委员刘洋同志", "刘洋"), ("机关第一党支部 王芳", "王芳"), ("党员张伟", "张伟"),
    ("主任", None), ("书记", None), ("校长张", None), ("王主任", None), ("同志们", None),
])
def test_a_post_is_never_taken_for_a_name(signature: str, member: str | None) -> None:
    from conftest import ROOT
    from studyarchive.cli.importer import guess_meta
    from studyarchive.cli.textread import clean_line
    from studyarchive.config.project import read_vocabulary

    vocab = read_vocabulary(ROOT / "vocabulary.yml", "vocabulary.yml")
    meta, rest = guess_meta([TITLE, "正文第一段。", clean_line(signature)], vocab, False)
    assert meta.member == member
    assert (clean_line(signature) in rest) == (member is None)


def test_archive_outline_reads_with_the_encoding_given(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "gbk.txt"
    source.write_bytes(f"{TITLE}\n{BODY}".encode("gbk"))
    assert archive(project, "outline", str(source)).stdout.startswith(f"{source}：个人对照检查材料“{TITLE}”")
    forced = archive(project, "outline", "--encoding", "utf-8", str(source))
    assert forced.returncode == 1
    assert forced.stdout == (f"无法读取 {source}：按 --encoding utf-8 读不了这个文件：第 1 行有不属于 UTF-8 编码的字节。"
                             "请换一种编码，或去掉 --encoding 让程序自动识别。\n")
