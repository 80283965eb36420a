"""Every front matter field is read from one declaration: empty is missing, wrong types and invisible characters
are Chinese errors with file and line, never a traceback and never a material published as an ordinary page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clitools import archive
from conftest import ROOT, examples, mkdocs, write_site
from studyarchive.core.diagnostics import ArchiveError, echo
from studyarchive.core.model import Meta
from studyarchive.core.vocab import load_vocabulary, parse_bool
from studyarchive.parse import frontmatter

VOCAB_TEXT = (ROOT / "vocabulary.yml").read_text(encoding="utf-8")
VOCAB = load_vocabulary(VOCAB_TEXT, "vocabulary.yml")
GOOD = "title: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2024-dangji\ndate: 2024-07-18\n"
MINUTES = "title: 记录\ndoc_type: minutes\ndate: 2024-07-18\nmeeting_type: 支委会\n"
INVISIBLE = "看不见的控制字符或格式字符（{}），页面上会显示错乱；请删除它（可以把这一行重新输入一遍）。"


def parse(front: str) -> tuple[Meta | None, list[str]]:
    meta, _, problems = frontmatter.parse(f"---\n{front}---\n正文\n", "docs/x.md", VOCAB)
    return meta, [str(p) for p in problems]


MISSING_DOC_TYPE = "缺少文档类型 doc_type；可选：" + "、".join(f"{e.id}（{e.label}）" for e in VOCAB.doc_types.values()) + "。"
CASES = [
    # Present but empty: the message of a missing field, on the key's line.
    (GOOD.replace("doc_type: self_review", "doc_type:"), "docs/x.md:3: " + MISSING_DOC_TYPE),
    (GOOD.replace("doc_type: self_review", "doc_type: ''"), "docs/x.md:3: " + MISSING_DOC_TYPE),
    (GOOD.replace("member: 张三", "member:"), "docs/x.md:4: 缺少党员姓名 member：个人对照检查材料是个人材料，请写“member: 姓名”。"),
    (GOOD.replace("member: 张三", "member: '  '"), "docs/x.md:4: 缺少党员姓名 member：个人对照检查材料是个人材料，请写“member: 姓名”。"),
    (GOOD.replace("title: 材料", 'title: ""'), "docs/x.md:2: 缺少标题 title，例如“title: 2024年度组织生活会个人对照检查材料”。"),
    (GOOD.replace("title: 材料", "title: ~"), "docs/x.md:2: 缺少标题 title，例如“title: 2024年度组织生活会个人对照检查材料”。"),
    (GOOD.replace("date: 2024-07-18", "date:"), "docs/x.md:6: 缺少日期 date，例如“date: 2024-07-18”或“日期: 2024年7月18日”。"),
    (GOOD.replace("campaign: 2024-dangji", "campaign:"),
     "docs/x.md:5: 缺少批次 campaign：个人对照检查材料必须属于某次学习教育或会议；可选：2019-bwcx、2023-zhuti-2、2024-dangji、2024-annual、2025-baxiang。"),
    (MINUTES.replace("meeting_type: 支委会", "meeting_type:"),
     "docs/x.md:5: 缺少会议类型 meeting_type：会议记录必须写明会议类型；可选：党员大会、支委会、党小组会、党课、主题党日、组织生活会、专题组织生活会、民主生活会。"),
    # Wrong types.
    (GOOD.replace("title: 材料", "title: !!set {a, b}"), "docs/x.md:2: “title（标题）”应当是一段文字，而不是列表或嵌套的内容。"),
    (GOOD.replace("member: 张三", "member: {a: b}"), "docs/x.md:4: “member（党员）”应当是一段文字，而不是列表或嵌套的内容。"),
    (GOOD.replace("campaign: 2024-dangji", "campaign: [2024-dangji]"), "docs/x.md:5: “campaign（批次）”应当是一段文字，而不是列表或嵌套的内容。"),
    (GOOD + "tags: !!set {a, b}\n", "docs/x.md:7: “tags（标签）”应当是一个列表，例如“tags: [主题教育, 理论学习]”。"),
    (GOOD + "year: !!binary aGVsbG8=\n", "docs/x.md:7: “year（年度）”应当是一段文字；请直接写出文字，不要加“!!”类型标记。"),
    # Invisible and control characters, in any text field.
    (GOOD.replace("title: 材料", 'title: "\\ud800"'), "docs/x.md:2: “title（标题）”的第 1 个字符是" + INVISIBLE.format("U+D800")),
    (GOOD.replace("title: 材料", 'title: "材\\0料"'), "docs/x.md:2: “title（标题）”的第 2 个字符是" + INVISIBLE.format("U+0000")),
    (GOOD.replace("title: 材料", 'title: "材\\x85料"'), "docs/x.md:2: “title（标题）”的第 2 个字符是" + INVISIBLE.format("U+0085")),
    (GOOD.replace("title: 材料", "title: 材\u200b料"), "docs/x.md:2: “title（标题）”的第 2 个字符是" + INVISIBLE.format("U+200B")),
    (GOOD.replace("title: 材料", "title: 材\ufeff料"), "docs/x.md:2: “title（标题）”的第 2 个字符是" + INVISIBLE.format("U+FEFF")),
    (GOOD.replace("member: 张三", "member: 张\u202e三"), "docs/x.md:4: “member（党员）”的第 2 个字符是" + INVISIBLE.format("U+202E")),
    (GOOD.replace("member: 张三", "member: 张\u2066三"), "docs/x.md:4: “member（党员）”的第 2 个字符是" + INVISIBLE.format("U+2066")),
    (GOOD + "tags: [党纪, \"a\\tb\"]\n", "docs/x.md:7: “tags（标签）”的第 2 个字符是" + INVISIBLE.format("U+0009")),
    (GOOD.replace("campaign: 2024-dangji", "campaign: 2024-dang\u200bji"), "docs/x.md:5: “campaign（批次）”的第 10 个字符是" + INVISIBLE.format("U+200B")),
    (GOOD.replace("title: 材料", "title: |\n  第一行\n  第二行"), "docs/x.md:2: “title（标题）”的第 4 个字符是" + INVISIBLE.format("U+000A")),
    # Dates out of range.
    (GOOD.replace("date: 2024-07-18", "date: 0001-01-01"), "docs/x.md:6: 日期“0001-01-01”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。"),
    (GOOD.replace("date: 2024-07-18", "date: 1920-12-31"), "docs/x.md:6: 日期“1920-12-31”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。"),
    (GOOD.replace("date: 2024-07-18", "date: 9999年12月31日"), "docs/x.md:6: 日期“9999年12月31日”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。"),
    # Structure.
    ("title: " + "[" * 10000 + "\n", "docs/x.md:2: front matter 嵌套超过 50 层；每项写成“名称: 值”，列表写成“[甲, 乙]”。"),
    (GOOD + "tags: &t [a]\nx: *t\n", "docs/x.md:8: front matter 用了 YAML 别名（*名称）；每项写成“名称: 值”，列表写成“[甲, 乙]”。"),
    (GOOD + "tags: [" + "甲, " * 30000 + "乙]\n",
     "docs/x.md:2: front matter 太长（超过 65536 个字符）；这里只写标题、文档类型、党员、日期等信息，正文写在第二个“---”之后。"),
    (GOOD + "? [a, b]\n: 1\n", "docs/x.md:7: 名称应当是一段文字，例如“title: 个人对照检查材料”中的 title；这里写成了列表或嵌套的内容。"),
]


@pytest.mark.parametrize(("front", "message"), CASES)
def test_each_case_is_one_chinese_error_with_its_line(front: str, message: str) -> None:
    meta, problems = parse(front)
    assert meta is None
    assert problems == [message]


def test_empty_branch_is_missing_and_takes_the_only_branch() -> None:
    meta, problems = parse(GOOD + "branch:\n")
    assert problems == [] and meta is not None and meta.branch == "wenhuaguan"
    two = VOCAB_TEXT.replace("branches:\n", "branches:\n  - id: other\n    label: 另一个支部\n")
    meta, _, problems = frontmatter.parse(f"---\n{GOOD}branch: ''\n---\n", "docs/x.md", load_vocabulary(two, "vocabulary.yml"))
    assert meta is None and [str(p) for p in problems] == ["docs/x.md:7: 缺少支部 branch；可选：other、wenhuaguan。"]


def test_a_key_with_a_line_break_is_shown_on_one_line() -> None:
    _, problems = parse(GOOD + '? "a\\n::error file=x::b"\n: 1\n')
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith("docs/x.md:7: 未知的名称“a\\u000a::error file=x::b”；可选：")
    assert echo("a\u202eb\u2028c" + "x" * 100) == "a\\u202eb\\u2028c" + "x" * 45 + "…"


@pytest.mark.parametrize(("text", "value"), [(True, True), (False, False), ("true", True), ("False", False), ("是", True), ("否", False),
                                             ("yes", None), ("", None), ("1", None), (1, None), (None, None)])
def test_one_boolean_parser(text: object, value: bool | None) -> None:
    assert parse_bool(text) is value


def test_template_flag_written_as_text() -> None:
    assert parse(GOOD + 'template: "否"\n')[0].template is False  # type: ignore[union-attr]
    assert parse(GOOD + "template: 是\n")[0].template is True  # type: ignore[union-attr]
    assert parse(GOOD + "template: yes\n")[1] == ["docs/x.md:7: “template（范本）”应当写 true 或 false（是 / 否），现在是“yes”。"]


# --- vocabulary.yml -------------------------------------------------------------------------------

def vocab_problems(text: str) -> list[str]:
    with pytest.raises(ArchiveError) as caught:
        load_vocabulary(text, "vocabulary.yml")
    return [str(d) for d in caught.value.diagnostics]


def test_vocabulary_flags_written_as_text_are_read_as_the_front_matter_reads_them() -> None:
    text = VOCAB_TEXT.replace("{id: reflection, label: 心得体会, structured: false", '{id: reflection, label: 心得体会, structured: "否"')
    text = text.replace("{id: minutes, label: 会议记录, structured: false", '{id: minutes, label: 会议记录, structured: "false"')
    vocab = load_vocabulary(text, "vocabulary.yml")
    assert vocab.doc_types["reflection"].structured is False and vocab.doc_types["minutes"].structured is False
    line = next(n for n, text_line in enumerate(VOCAB_TEXT.split("\n"), 1) if "id: minutes" in text_line)
    bad = VOCAB_TEXT.replace("{id: minutes, label: 会议记录, structured: false", '{id: minutes, label: 会议记录, structured: "也许"')
    assert vocab_problems(bad) == [f"vocabulary.yml:{line}: “minutes”的 structured 应当写 true 或 false（是 / 否），现在是“也许”。"]


@pytest.mark.parametrize(("text", "message"), [
    ("- a\n- b\n", "vocabulary.yml:1: 词表应当是“名称: 列表”的形式，例如 campaigns: 下面逐条列出批次。"),
    ("branches: {id: a}\n", "vocabulary.yml:1: “branches”下面应当是一个列表，每项以“- ”开头。"),
    ("? [a]\n: 1\n", "vocabulary.yml:1: 词表中未知的名称“（不是文字）”；可选：branches、campaigns、doc_types、meeting_types。"),
    ("branches:\n  - {id: 12, label: 支部}\n", "vocabulary.yml:2: “branches”中的 id“”无效：只能用小写字母、数字、连字符和下划线，例如 2024-dangji。"),
    ("branches:\n  - {id: [a], label: 支部}\n", "vocabulary.yml:2: “branches”中的 id“”无效：只能用小写字母、数字、连字符和下划线，例如 2024-dangji。"),
    ("branches:\n  - {id: a}\n", "vocabulary.yml:2: “a”缺少中文名称 label。"),
    ("branches:\n  - {id: a, label: [支部]}\n", "vocabulary.yml:2: “a”缺少中文名称 label。"),
    ("branches:\n  - {id: a, label: \"支\\u202e部\"}\n", "vocabulary.yml:2: “a”的 label 的第 2 个字符是看不见的控制字符或格式字符（U+202E）；请删除它。"),
    ("branches:\n  - {id: a, label: 支部, lable: x}\n", "vocabulary.yml:2: “branches”中未知的名称“lable”；"
     "可选：id、label、year、areas、structured、personal、campaign、meeting、file、words、rule。"),
    ("campaigns:\n  - {id: c, label: 批次, year: true}\n", "vocabulary.yml:2: 批次“c”缺少年度 year（四位数字，例如 2024）。"),
    ("campaigns:\n  - {id: c, label: 批次, year: 2024, areas: !!set {a}}\n", "vocabulary.yml:2: 批次“c”的 areas 应当是检视方面名称的列表，例如 [理论学习, 政治素质]。"),
    ("branches: " + "[" * 5000 + "\n", "vocabulary.yml:1: 词表嵌套超过 50 层；请按编写指南的格式逐条列出。"),
])
def test_malformed_vocabulary(text: str, message: str) -> None:
    assert message in vocab_problems(text)


# --- property: any value in any field ---------------------------------------------------------------

NASTY = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200f", "\u2060", "\ufeff", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800", "\n", "\t", " ", ""])
TEXT = st.one_of(st.text(max_size=8), st.lists(st.one_of(st.text(max_size=3), NASTY), max_size=4).map("".join))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), TEXT,
                   st.dates(min_value=dt.date(1, 1, 1)),
                   st.sampled_from(["0001-01-01", "2200-12-31", "2201-01-01", "1921-01-01", "2024-02-30", "是", "否", "支委", "draft", "内部", "秘密"]))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=6)
FIELD = st.sampled_from(frontmatter.CANONICAL + tuple(frontmatter.ALIASES))


def front_matter(values: dict[str, object], sets: list[str]) -> str:
    text = yaml.safe_dump(values, allow_unicode=False, default_flow_style=None, width=10**9)
    return text + "".join(f"{key}: !!set {{a, b}}\n" for key in sets)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(FIELD, VALUE, max_size=5), st.lists(FIELD, max_size=1), st.booleans())
@example({"title": "\ud800"}, [], True)
@example({"date": "0001-01-01"}, [], True)
@example({"doc_type": None}, [], True)
@example({"branch": None, "audience": "committee"}, [], True)
@example({"tags": [[]]}, [], True)
@example({"ledger": {"1": {"责任人": []}}}, [], True)
@example({}, ["member"], True)
def test_any_value_in_any_field_is_a_meta_or_a_chinese_error_with_a_line(values: dict, sets: list[str], base: bool) -> None:
    start = {k: v for k, v in yaml.safe_load(GOOD).items() if k not in values and k not in sets} if base else {}
    start = {k: str(v) for k, v in start.items()}
    text = "---\n" + front_matter({**start, **values}, [s for s in sets if s not in values]) + "---\n正文\n"
    meta, _, problems = frontmatter.parse(text, "docs/x.md", VOCAB)
    if meta is not None:
        assert problems == []
        for value in (meta.title, meta.member or "", *meta.tags):
            assert echo(value) == value  # no invisible character reached a Meta
        assert dt.date(1921, 1, 1) <= meta.date <= dt.date(2200, 12, 31)
    else:
        assert problems
    for d in problems:
        assert d.line >= 1 and re.search(r"[\u4e00-\u9fff]", d.message)
        assert "\n" not in d.message.replace("ledger:\n  3:", "") and "\ud800" not in d.message


# --- whole sites: build and archive check agree -----------------------------------------------------

BODY = "## 一、存在问题\n\n### （一）政治纪律方面\n\n一是学习不够。比如，读书少。\n\n## 二、整改措施\n\n一是多读书。【针对问题：1.1】\n"
SECRET = "机密谈话内容<script>alert(1)</script>\n"
BAD_FILES = {
    "2024-dangji/a.md": ("---\ntitle: 谈话\ndoc_type:\nmember: 张三\ndate: 2024-07-18\naudience: committee\nstatus: draft\nclassification: 内部\n---\n" + SECRET,
                         "docs/2024-dangji/a.md:3: " + MISSING_DOC_TYPE),
    "2024-dangji/b.md": ("---\n" + GOOD.replace("title: 材料", "title: !!set {a, b}") + "---\n" + BODY,
                         "docs/2024-dangji/b.md:2: “title（标题）”应当是一段文字，而不是列表或嵌套的内容。"),
    "2024-dangji/c.md": ("---\n" + GOOD.replace("member: 张三", "member: 李\u202e四") + "---\n" + BODY,
                         "docs/2024-dangji/c.md:4: “member（党员）”的第 2 个字符是" + INVISIBLE.format("U+202E")),
    "2024-dangji/d.md": ("---\n" + GOOD.replace("date: 2024-07-18", "date: 0001-01-01").replace("张三", "王五") + "---\n" + BODY,
                         "docs/2024-dangji/d.md:6: 日期“0001-01-01”超出范围：应当在 1921年1月1日 到 2200年12月31日 之间；请核对年份。"),
    "2024-dangji/e.md": ("---\n" + GOOD.replace("张三", "赵六") + '? "a\\n::error file=x.md,line=1::injected"\n: 1\n---\n' + BODY,
                         "docs/2024-dangji/e.md:7: 未知的名称“a\\u000a::error file=x.md,line=1::injected”；"
                         "可选：title、doc_type、member、branch、campaign、year、date、meeting_type、classification、audience、status、template、tags、ledger …。"),
    "2024-dangji/f.md": ("---\ntitle: " + "[" * 10000 + "\n---\n" + SECRET,
                         "docs/2024-dangji/f.md:2: front matter 嵌套超过 50 层；每项写成“名称: 值”，列表写成“[甲, 乙]”。"),
}


def test_build_and_check_report_the_same_errors_and_publish_nothing(tmp_path: Path) -> None:
    docs = {path: text for path, (text, _) in BAD_FILES.items()}
    expected = sorted(message for _, message in BAD_FILES.values())
    root = write_site(tmp_path / "s", docs)
    built = mkdocs(root, "build", "--strict")
    assert built.code == 1 and "Traceback" not in built.output
    from_build = sorted(re.sub(r"^ERROR\s+-\s+", "", line) for line in built.log_lines if "docs/2024-dangji/" in line)
    assert from_build == expected
    assert not (root / "site" / "archive.json").exists() and not (root / "site" / "2024-dangji").exists()
    check = archive(root, "check", "--strict")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert sorted(line for line in check.stdout.splitlines() if line.startswith("docs/")) == expected
    github = archive(root, "check", "--strict", "--format", "github")
    lines = github.stdout.splitlines()
    assert github.returncode == 1 and len(lines) == len(expected) + 1
    assert all(line.startswith("::error file=docs/2024-dangji/") for line in lines[:-1])


# extra.archive in mkdocs.yml: tests/test_options.py (every option, wrong type and value, check and build).


# --- preview (mkdocs serve) ---------------------------------------------------------------------------

SERVE = """\
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
"""


@pytest.mark.parametrize("committee_site", [False, True])
def test_preview_shows_errors_and_only_the_text_this_site_may_show(tmp_path: Path, committee_site: bool) -> None:
    secret = "---\ntitle: 张三谈话记录\nmember: 张三\ndate: 2024-07-18\naudience: committee\ndoc_type:\n---\n" + SECRET
    unknown = "---\ntitle: 李四谈话记录\nmember: 李四\ndate: 2024-07-18\naudience: [committee]\ndoc_type:\n---\n" + SECRET
    public = secret.replace("audience: committee", "audience: members").replace("张三", "王五").replace("机密谈话", "公开学习")
    root = write_site(tmp_path / "s", {"2024/secret.md": secret, "2024/unknown.md": unknown, "2024/public.md": public})
    if committee_site:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        config.setdefault("extra", {}).setdefault("archive", {})["audience"] = "committee"
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (root / "serve.py").write_text(SERVE, encoding="utf-8")
    run = subprocess.run([sys.executable, str(root / "serve.py"), str(root / "mkdocs.yml")], cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    site = root / "site"
    pages = {name: (site / "2024" / name / "index.html").read_text(encoding="utf-8") for name in ("secret", "unknown", "public")}
    for name, html in pages.items():
        assert f"docs/2024/{name}.md:6: 缺少文档类型 doc_type" in html and "本材料有错误，改正后才能正式发布" in html
        assert "<script>alert" not in html
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    # The body is shown under the file's name; the front matter (raw YAML, its title) is not.
    assert "公开学习内容" in pages["public"] and "<title>public.md" in pages["public"]
    assert "王五谈话记录" not in everything and "doc_type:" not in everything
    # Every error is listed on the 待改正 page, with a link to its place; the home page says how many.
    todo = (site / "indexes" / "todo" / "index.html").read_text(encoding="utf-8")
    assert "<title>待改正" in todo and 'href="../../2024/public/#diag-0"' in todo
    if committee_site:
        assert "机密谈话内容" in pages["secret"] and "<title>secret.md" in pages["secret"]
    else:
        assert "机密谈话内容" not in everything and "张三谈话记录" not in everything and "李四谈话记录" not in everything
        assert "<title>有错误的材料（改正后显示）" in pages["secret"]


def test_preview_shows_each_error_and_warning_at_its_place(tmp_path: Path) -> None:
    """The sample with a broken marker (an error), a problem left without its measure (a warning, which fails CI)
    and a broken link to last year's material: each shown at its place, and all on the 待改正 page."""
    import shutil

    from conftest import ROOT

    root = tmp_path / "s"
    root.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "vocabulary.yml"):
        shutil.copy(ROOT / name, root / name)
    (root / "hooks").symlink_to(ROOT / "hooks")
    this = root / "docs" / "2024-dangji" / "wangjianguo.md"
    this.write_text(this.read_text(encoding="utf-8").replace("【针对问题：2.1、2.2】", "【针对问题：2.1、2.9】"), encoding="utf-8")
    (root / "serve.py").write_text(SERVE, encoding="utf-8")
    run = subprocess.run([sys.executable, str(root / "serve.py"), str(root / "mkdocs.yml")], cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    page = (root / "site" / "2024-dangji" / "wangjianguo" / "index.html").read_text(encoding="utf-8")
    # The warning at the problem that lost its measure, the error at the marker, which is highlighted.
    assert re.search(r'id="problem-2-2".{0,200}?<a id="diag-0" class="ar-anchor"></a><span class="ar-bad-note ar-bad-warning">警告（第 24 行）：问题 2.2', page, re.S)
    assert re.search(r'<mark class="ar-bad">【针对问题：.*?2\.9】</mark><a id="diag-1" class="ar-anchor"></a><span class="ar-bad-note ar-bad-error">错误（第 60 行）', page)
    assert '<a href="#diag-0">docs/2024-dangji/wangjianguo.md:24</a>' in page
    todo = (root / "site" / "indexes" / "todo" / "index.html").read_text(encoding="utf-8")
    assert todo.count("<tr><td>docs/2024-dangji/wangjianguo.md</td>") == 2 and 'href="../../2024-dangji/wangjianguo/#diag-1"' in todo
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "1 个文件有 1 处错误、1 处警告" in home
