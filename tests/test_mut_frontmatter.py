"""frontmatter.py pinned down exactly: where the YAML and the body start, each value as the archive reads it, and
the exact Chinese message with file:line for each mistake (the mutation run of issue #23 measures these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from studyarchive.core.model import Meta
from studyarchive.core.vocab import load_vocabulary
from studyarchive.parse import frontmatter
from studyarchive.parse.frontmatter import MAX_FRONT, Split, members_may_read, split

VOCAB_TEXT = (ROOT / "vocabulary.yml").read_text(encoding="utf-8")
VOCAB = load_vocabulary(VOCAB_TEXT, "vocabulary.yml")
# The same vocabulary with a second branch: then branch is required.
TWO_BRANCHES = load_vocabulary(
    VOCAB_TEXT.replace("    label: 清河县文化馆党支部\n", "    label: 清河县文化馆党支部\n  - id: tushuguan\n    label: 清河县图书馆党支部\n", 1),
    "vocabulary.yml")
OK = "title: 材料\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\n"
CLASSIFIED = "涉密材料不得录入本档案（涉密信息不上网、上网信息不涉密）。请删除这份材料，按保密规定另行保管。"
DOC_TYPES = ("self_review（个人对照检查材料）、branch_review（支部班子对照检查材料）、speech_outline（发言提纲）、"
             "rectification_list（整改清单）、reflection（心得体会）、study_notes（学习笔记）、minutes（会议记录）、"
             "talk_record（谈心谈话记录）、appraisal（民主评议党员）、duty_report（述职述廉报告）")
MISSING_TITLE = "缺少标题 title，例如“title: 2024年度组织生活会个人对照检查材料”。"
MISSING_DATE = "缺少日期 date，例如“date: 2024-07-18”或“日期: 2024年7月18日”。"


def parse(text: str, vocab=VOCAB) -> tuple[Meta | None, list[str]]:
    meta, _, problems = frontmatter.parse(text, "docs/x.md", vocab)
    return meta, [str(p) for p in problems]


def front(body: str, vocab=VOCAB) -> tuple[Meta | None, list[str]]:
    return parse(f"---\n{body}---\n正文\n", vocab)


def with_item(line: str) -> str:
    """OK with one item replaced (or added at the end, line 6)."""
    key = line.split(":")[0]
    return "".join(f"{item}\n" for item in OK.strip().split("\n") if not item.startswith(f"{key}:")) + line + "\n"


# --- where the front matter and the body start ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\nbody\nmore", Split("a: 1", 2, "body\nmore", 4, True)),
        ("---  \na: 1\nb: 2\n...  \nbody", Split("a: 1\nb: 2", 2, "body", 5, True)),
        ("\ufeff---\na: 1\n---\n", Split("a: 1", 2, "", 4, True)),
        ("---\n---", Split("", 2, "", 3, True)),
        ("---\na: 1\nb: 2", Split("a: 1\nb: 2", 2, "", 4, False)),
        ("---", Split("", 2, "", 2, False)),
        ("no\n---\n", Split(None, 0, "no\n---\n", 1, True)),
        ("\ufeffno", Split(None, 0, "no", 1, True)),
        ("", Split(None, 0, "", 1, True)),
        ("----\na: 1\n---\n", Split(None, 0, "----\na: 1\n---\n", 1, True)),
    ],
)
def test_split_gives_the_yaml_the_body_and_their_first_lines(text: str, expected: Split) -> None:
    assert split(text) == expected


def test_the_first_closing_line_ends_the_front_matter() -> None:
    assert split("---\na: 1\n---\nb\n---\nc") == Split("a: 1", 2, "b\n---\nc", 4, True)
    assert split("---\na: 1\n...\nb\n---\n") == Split("a: 1", 2, "b\n---\n", 4, True)


# --- what a valid front matter gives ---


def test_scalars_are_read_as_written() -> None:
    meta, problems = front(with_item("title: yes"))
    assert problems == [] and meta is not None and meta.title == "yes"
    meta, problems = front(with_item("member: 010"))
    assert problems == [] and meta is not None and meta.member == "010"
    meta, problems = front(with_item("tags: [yes, 010, 1.5, 是]"))
    assert problems == [] and meta is not None and meta.tags == ("yes", "010", "1.5", "是")
    meta, problems = front(with_item("title: '  材料  '"))
    assert problems == [] and meta is not None and meta.title == "材料"


def test_defaults_of_a_minimal_front_matter() -> None:
    meta, problems = front(OK)
    assert problems == []
    assert meta == Meta(title="材料", doc_type="reflection", date=dt.date(2024, 7, 18), year=2024, branch="wenhuaguan",
                        member="张三", campaign=None, meeting_type=None, classification="内部", audience="members",
                        status="final", template=False, tags=(), ledger=())


def test_the_year_comes_from_the_campaign_before_the_date() -> None:
    meta, problems = front("title: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024年度组织生活会\ndate: 2025-01-20\n")
    assert problems == [] and meta is not None and (meta.campaign, meta.year) == ("2024-annual", 2024)
    meta, problems = front("title: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-annual\ndate: 2025-01-20\nyear: 2023\n")
    assert problems == [] and meta is not None and meta.year == 2023


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("date: 1921-01-01", "date", dt.date(1921, 1, 1)),
        ("date: 2200-12-31", "date", dt.date(2200, 12, 31)),
        ("date: 2024年7月8日", "date", dt.date(2024, 7, 8)),
        ("date: 2024 / 7 / 8", "date", dt.date(2024, 7, 8)),
        ("year: 1921", "year", 1921),
        ("year: 2200", "year", 2200),
        ("year: 2024年度", "year", 2024),
        ("year: ' 2023年 '", "year", 2023),
        ("audience: 支委会", "audience", "committee"),
        ("audience: 全体党员", "audience", "members"),
        ("status: 定稿", "status", "final"),
        ("status: draft", "status", "draft"),
        ("template: 是", "template", True),
        ("template: true", "template", True),
        ("template: 否", "template", False),
        ("template: ''", "template", False),
        ("template: '  '", "template", False),
        ("template:", "template", False),
        ("tags: ''", "tags", ()),
        ("tags: [甲, 乙]", "tags", ("甲", "乙")),
        ("classification: 内部事项 注意保管", "classification", "内部事项 注意保管"),
        ("meeting_type: 党课", "meeting_type", "party_lecture"),
        ("branch: 清河县文化馆党支部", "branch", "wenhuaguan"),
    ],
)
def test_each_value_as_the_archive_reads_it(line: str, field: str, value: object) -> None:
    meta, problems = front(with_item(line))
    assert problems == []
    assert meta is not None and getattr(meta, field) == value


def test_one_branch_is_the_default_and_two_make_it_required() -> None:
    meta, problems = front(OK, TWO_BRANCHES)
    assert meta is None
    assert problems == ["docs/x.md:2: 缺少支部 branch；可选：wenhuaguan、tushuguan。"]
    meta, problems = front(OK + "branch: 清河县图书馆党支部\n", TWO_BRANCHES)
    assert problems == [] and meta is not None and meta.branch == "tushuguan"


# --- the exact message for each mistake ---


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("year: !!int abc", "docs/x.md:6: 无法读取这一项的值：invalid literal for int() with base 10: 'abc'。请检查写法。"),
        ("title: !!binary aGVsbG8=", "docs/x.md:5: “title（标题）”应当是一段文字；请直接写出文字，不要加“!!”类型标记。"),
        ("title: !!set {a}", "docs/x.md:5: “title（标题）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("title: {a: b}", "docs/x.md:5: “title（标题）”应当是一段文字，而不是列表或嵌套的内容。"),
        ('title: "材\\u200b料"',
         "docs/x.md:5: “title（标题）”的第 2 个字符是看不见的控制字符或格式字符（U+200B），页面上会显示错乱；请删除它（可以把这一行重新输入一遍）。"),
        ("date: 2024-07-18 10:00:00", "docs/x.md:5: 无法识别的日期“2024-07-18 10:00:00”；请写成“2024-07-18”或“2024年7月18日”。"),
        ("date: 1920-12-31", "docs/x.md:5: 日期“1920-12-31”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。"),
        ("date: 2201-01-01", "docs/x.md:5: 日期“2201-01-01”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。"),
        ("date: 2023-02-29", "docs/x.md:5: 日期“2023-02-29”不存在（请核对月份和日期）。"),
        ("year: 1920", "docs/x.md:6: 无法识别的年度“1920”；请写四位数字，例如“year: 2024”。"),
        ("year: 2201", "docs/x.md:6: 无法识别的年度“2201”；请写四位数字，例如“year: 2024”。"),
        ("year: 24", "docs/x.md:6: 无法识别的年度“24”；请写四位数字，例如“year: 2024”。"),
        ("classification: 机密", f"docs/x.md:6: 密级“机密”：{CLASSIFIED}"),
        ("classification: 公开", "docs/x.md:6: 未知的密级标识“公开”；可选：内部、内部事项 注意保管（不写时默认为“内部”）。"),
        ("audience: all", "docs/x.md:6: “audience（知悉范围）”的值“all”无效；可选：members、全体党员、党员、committee、支委、支委会。"),
        ("template: 也许", "docs/x.md:6: “template（范本）”应当写 true 或 false（是 / 否），现在是“也许”。"),
        ("tags: [a, '', b]", "docs/x.md:6: “tags（标签）”中有空的一项；请删除它，例如“tags: [主题教育, 理论学习]”。"),
        ("tags: [a, ~]", "docs/x.md:6: “tags（标签）”中有空的一项；请删除它，例如“tags: [主题教育, 理论学习]”。"),
        ("tags: [秘密]", f"docs/x.md:6: 标签中有密级标识“秘密”：{CLASSIFIED}"),
        ("tags: [a, [b]]", "docs/x.md:6: “tags（标签）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("tags: 党纪", "docs/x.md:6: “tags（标签）”应当是一个列表，例如“tags: [主题教育, 理论学习]”。"),
        ("title: 秘密", f"docs/x.md:5: 标题中有密级标识“秘密”：{CLASSIFIED}"),
        ("meeting_type: 会",
         "docs/x.md:6: 未知的会议类型“会”；可选：party_congress、committee_meeting、group_meeting、party_lecture、theme_day、"
         "org_life、special_org_life、democratic_life（也可以写中文名称，如“党员大会”）。请检查拼写，或在 vocabulary.yml 中添加。"),
        ("campaign: 2024-dangi",
         "docs/x.md:6: 未知的批次“2024-dangi”；是不是：党纪学习教育？可选：2024-dangji、2024-annual、2025-baxiang、2019-bwcx、"
         "2023-zhuti-2（也可以写中文名称，如“不忘初心、牢记使命主题教育”）。请检查拼写，或在 vocabulary.yml 中添加。"),
        ("title: ''", f"docs/x.md:5: {MISSING_TITLE}"),
        ("title: ~", f"docs/x.md:5: {MISSING_TITLE}"),
        ("title:   ", f"docs/x.md:5: {MISSING_TITLE}"),
    ],
)
def test_each_wrong_value_has_its_message_and_line(line: str, message: str) -> None:
    meta, problems = front(with_item(line))
    assert meta is None
    assert problems == [message]


def test_each_missing_item_is_told_at_the_first_item_in_a_fixed_order() -> None:
    _, problems = front("title: 材料\n")
    assert problems == [f"docs/x.md:2: 缺少文档类型 doc_type；可选：{DOC_TYPES}。", f"docs/x.md:2: {MISSING_DATE}"]
    _, problems = front("\n\ndoc_type: minutes\n")
    assert problems == [
        f"docs/x.md:4: {MISSING_TITLE}", f"docs/x.md:4: {MISSING_DATE}",
        "docs/x.md:4: 缺少会议类型 meeting_type：会议记录必须写明会议类型；可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、专题组织生活会、民主生活会。"]
    _, problems = front("doc_type: self_review\n", TWO_BRANCHES)
    assert problems == [
        f"docs/x.md:2: {MISSING_TITLE}", "docs/x.md:2: 缺少支部 branch；可选：wenhuaguan、tushuguan。", f"docs/x.md:2: {MISSING_DATE}",
        "docs/x.md:2: 缺少党员姓名 member：个人对照检查材料是个人材料，请写“member: 姓名”。",
        "docs/x.md:2: 缺少批次 campaign：个人对照检查材料必须属于某次学习教育或会议；可选：2019-bwcx、2023-zhuti-2、2024-dangji、2024-annual、2025-baxiang。"]


def test_an_empty_required_item_is_told_at_its_own_line() -> None:
    _, problems = front("title: 材料\ndoc_type: reflection\ndate: 2024-07-18\nmember: ''\n")
    assert problems == ["docs/x.md:5: 缺少党员姓名 member：心得体会是个人材料，请写“member: 姓名”。"]


def test_an_unknown_document_type_asks_for_nothing_it_would_require() -> None:
    _, problems = front("title: 材料\ndoc_type: 心得\ndate: 2024-07-18\n")
    assert len(problems) == 1 and problems[0].startswith("docs/x.md:3: 未知的文档类型“心得”；")


def test_with_no_usable_item_the_missing_ones_are_told_at_line_1() -> None:
    _, problems = front("[a]: b\n")
    assert problems == [
        "docs/x.md:2: 名称应当是一段文字，例如“title: 个人对照检查材料”中的 title；这里写成了列表或嵌套的内容。",
        f"docs/x.md:1: {MISSING_TITLE}", f"docs/x.md:1: 缺少文档类型 doc_type；可选：{DOC_TYPES}。", f"docs/x.md:1: {MISSING_DATE}"]


def test_unknown_and_duplicate_names() -> None:
    _, problems = front(OK + "colour: red\n")
    assert problems == ["docs/x.md:6: 未知的名称“colour”；可选：title、doc_type、member、branch、campaign、year、date、"
                        "meeting_type、classification、audience、status、template、tags、ledger …。"]
    _, problems = front(OK + "日期: 2024-07-19\n")
    assert problems == ["docs/x.md:6: “日期”与第 5 行重复（date 与 日期 是同一项）；请只保留一处。"]
    _, problems = front(OK + "date: 2024-07-19\n")
    assert problems == ["docs/x.md:6: “date”与第 5 行重复（date 与 日期 是同一项）；请只保留一处。"]
    # an unknown name is reported, and the known ones after it are still read
    _, problems = front("colour: red\n" + OK + "year: 去年\n")
    assert problems == ["docs/x.md:2: 未知的名称“colour”；可选：title、doc_type、member、branch、campaign、year、date、"
                        "meeting_type、classification、audience、status、template、tags、ledger …。",
                        "docs/x.md:7: 无法识别的年度“去年”；请写四位数字，例如“year: 2024”。"]


def test_front_matter_that_cannot_be_read() -> None:
    assert parse("正文\n") == (None, ["docs/x.md:1: 缺少 front matter：材料第一行应当是“---”，接着写标题、文档类型、党员、日期等信息，再以“---”结束。参见编写指南。"])
    assert parse("---\n" + OK) == (None, ["docs/x.md:1: front matter 没有结束：请在信息之后加一行“---”。"])
    assert front("标题：材料\n文档类型：心得体会\ndate: 2024-07-18\n") == (None, [
        "docs/x.md:2: “标题”后面用了中文冒号“：”；请改成英文冒号加一个空格“: ”。",
        "docs/x.md:3: “文档类型”后面用了中文冒号“：”；请改成英文冒号加一个空格“: ”。"])
    assert front("x: " + "[" * 60 + "]" * 60 + "\n") == (None, ["docs/x.md:2: front matter 嵌套超过 50 层；每项写成“名称: 值”，列表写成“[甲, 乙]”。"])
    assert front(OK + "x: *a\n") == (None, ["docs/x.md:6: front matter 用了 YAML 别名（*名称）；每项写成“名称: 值”，列表写成“[甲, 乙]”。"])
    assert front("# only a comment\n") == (None, ["docs/x.md:2: front matter 是空的：请写上标题、文档类型、党员、日期等信息。"])
    assert front("just text\n") == (None, ["docs/x.md:2: front matter 应当是“名称: 值”的形式，每行一项，例如“title: 个人对照检查材料”。"])
    hint = "请检查这一行的冒号（英文冒号后加空格）、引号和缩进（只能用空格，不能用 Tab）。"
    assert front(OK + "a: b: c\n") == (None, [f"docs/x.md:6: front matter 不是有效的 YAML：mapping values are not allowed here。{hint}"])


def test_a_full_width_colon_only_counts_where_no_colon_is() -> None:
    _, problems = front("title: 材料：学习\ndoc_type: reflection\nmember: 张三\ndate: 2024-07-18\n")
    assert problems == []
    _, problems = front(OK + "  # 备注：这是注释\n")
    assert problems == []


def test_the_length_limit_is_exactly_max_front() -> None:
    message = (f"docs/x.md:2: front matter 太长（超过 {MAX_FRONT} 个字符）；这里只写标题、文档类型、党员、日期等信息，"
               "正文写在第二个“---”之后。")
    head = "doc_type: reflection\nmember: 张三\ndate: 2024-07-18\ntitle: "
    fits = head + "长" * (MAX_FRONT - len(head))
    meta, problems = parse(f"---\n{fits}\n---\n")
    assert problems == [] and meta is not None and len(meta.title) == MAX_FRONT - len(head)
    assert parse(f"---\n{fits}长\n---\n") == (None, [message])


# --- whether a file that failed may still be shown to every member ---


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("---\ntitle: x\n---\n", True),
        ("---\naudience: 党员\n---\n", True),
        ("---\naudience: ' members '\n---\n", True),
        ("---\n知悉范围: 全体党员\n---\n", True),
        ("---\n知悉范围: 支委\n---\n", False),
        ("---\naudience: members\naudience: members\n---\n", False),
        ("---\naudience: [members]\n---\n", False),
        ('---\naudience: "mem\\u200bbers"\n---\n', False),
        ("---\naudience: [\n---\n", False),
        ("---\naudience: *a\n---\n", False),
        ("---\n- a\n---\n", False),
        ("---\n---\n", False),
        ("---\naudience: members\n", False),
        ("正文", False),
    ],
)
def test_members_may_read_only_what_says_so_once_and_validly(text: str, may: bool) -> None:
    assert members_may_read(text) is may


def test_members_may_not_read_an_overlong_front_matter() -> None:
    assert members_may_read(f"---\ntitle: {'长' * MAX_FRONT}\n---\n") is False
    assert members_may_read(f"---\ntitle: {'长' * (MAX_FRONT - 7)}\n---\n") is True


def test_the_ledger_is_read_with_its_lines_and_the_material_date() -> None:
    meta, problems = front(OK + "ledger:\n  3: {责任人: 孙立, 完成时限: 2024年3月底, 状态: 整改中}\n  措施 1: {责任人: 张三, 完成时限: 3月底, 状态: 已完成}\n")
    assert problems == [] and meta is not None
    assert [(measure, entry.line, entry.owner, entry.deadline, entry.deadline_text, entry.status) for measure, entry in meta.ledger] == [
        ("3", 7, "孙立", dt.date(2024, 3, 31), "2024年3月底", "整改中"),
        # 3月底 without a year: the first end of March after the material's date
        ("1", 8, "张三", dt.date(2025, 3, 31), "3月底", "已完成")]
    meta, problems = front("ledger:\n  x: 1\n" + OK)
    assert (meta, problems) == (None, ["docs/x.md:3: 台账中的“x”不是措施编号；请写措施的序号，例如“3:”表示措施 3。"])


def test_only_a_byte_order_mark_is_taken_off_the_start() -> None:
    assert split("X---\na: 1\n---\n") == Split(None, 0, "X---\na: 1\n---\n", 1, True)


def test_a_front_matter_that_validation_drops_without_a_word_still_gets_a_message(monkeypatch) -> None:
    """The safety net of parse(): a material is never dropped in silence (it would be published as a page)."""
    monkeypatch.setattr(frontmatter, "_validate", lambda raw, source, vocab, out: None)
    assert front(OK) == (None, ["docs/x.md:2: front matter 无法使用；请对照编写指南检查每一项。"])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("doc_type: [a]", "docs/x.md:5: “doc_type（文档类型）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("date: [2024]", "docs/x.md:5: “date（日期）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("year: {a: b}", "docs/x.md:6: “year（年度）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("classification: [内部]", "docs/x.md:6: “classification（密级）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("audience: [members]", "docs/x.md:6: “audience（知悉范围）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("status: [draft]", "docs/x.md:6: “status（状态）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("member: [张三]", "docs/x.md:5: “member（党员）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("campaign: [x]", "docs/x.md:6: “campaign（批次）”应当是一段文字，而不是列表或嵌套的内容。"),
        ("meeting_type: !!binary aGVsbG8=", "docs/x.md:6: “meeting_type（会议类型）”应当是一段文字；请直接写出文字，不要加“!!”类型标记。"),
    ],
)
def test_every_kind_of_item_names_itself_when_it_is_not_a_text(line: str, message: str) -> None:
    assert front(with_item(line)) == (None, [message])


def test_every_canonical_name_has_a_chinese_name() -> None:
    assert sorted(frontmatter.KEY_LABEL) == sorted(frontmatter.CANONICAL)


def test_the_items_after_a_wrong_or_repeated_name_are_still_read() -> None:
    assert front("[a]: b\n" + OK) == (None, ["docs/x.md:2: 名称应当是一段文字，例如“title: 个人对照检查材料”中的 title；这里写成了列表或嵌套的内容。"])
    assert front(OK + "日期: 2024-07-19\nyear: 去年\n") == (None, [
        "docs/x.md:6: “日期”与第 5 行重复（date 与 日期 是同一项）；请只保留一处。",
        "docs/x.md:7: 无法识别的年度“去年”；请写四位数字，例如“year: 2024”。"])


def test_a_list_that_cannot_be_read_is_told_once() -> None:
    meta, problems = front(with_item("tags: !!binary [a]"))
    assert meta is None and len(problems) == 1
    assert problems[0].startswith("docs/x.md:6: 无法读取这一项的值：expected a scalar node, but found sequence")


def test_a_vocabulary_table_without_entries_offers_no_example() -> None:
    import re

    vocab = load_vocabulary(re.sub(r"meeting_types:.*", "meeting_types: []\n", VOCAB_TEXT, flags=re.S), "vocabulary.yml")
    assert front(OK + "meeting_type: 会\n", vocab) == (None, ["docs/x.md:6: 未知的会议类型“会”；可选：。请检查拼写，或在 vocabulary.yml 中添加。"])
