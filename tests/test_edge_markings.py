"""Edge cases of what must not be published: classification markings however written, HTML comments,
and a build date that does not depend on the machine's time zone."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from clitools import archive
from conftest import ROOT, examples, mkdocs, write_site
from studyarchive.core.diagnostics import Diagnostic, echo
from studyarchive.parse.privacy import check_body
from studyarchive.search.search import read_script

CLASSIFIED = "涉密材料不得录入本档案（涉密信息不上网、上网信息不涉密）。请删除这份材料，按保密规定另行保管。"

MEMBER = """\
---
title: 个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
---
一、存在问题

一是纪律意识不强。

二、整改措施

一是加强纪律学习。【针对问题：1】
"""

# --- classification markings: a real build and `archive check --strict` -------------------------------------

# Each is put on its own line before 一、存在问题 (file line 8).
BODY_MARKINGS = [
    "【秘密】", "密级：机密", "密级:绝密★10年", "秘·密", "秘 密", "（秘密。）", "祕密", "機密", "絕密",
    "&#x79D8;&#x5BC6;", "&#31192;密", "秘<!-- -->密", "# 秘密", "## 机密★长期", "| 密级 | 秘密 |",
    "（秘密★１年）", "☆机密☆", "*绝密*", "> 秘密", "- 【机密】", "编号：001　　密级：秘密★1年",
    "【秘密】关于学习材料的说明", "学习材料的说明（绝密）", "㊙密", "秘<b>密</b>", "秘\u200b密",
]
# (title as YAML, as the message shows it)
TITLES = [
    ('"【秘密】个人对照检查材料"', "【秘密】个人对照检查材料"),
    ("秘密★1年", "秘密★1年"),
    ('"# 機密"', "# 機密"),
    ("个人对照检查材料（绝密）", "个人对照检查材料（绝密）"),
    ("密级：秘密", "密级：秘密"),
]
TAGS = [
    ('[学习, "秘 密"]', "秘 密"),
    ("[学习, ★机密]", "★机密"),
    ("[学习, 絕密]", "絕密"),
]
CLASSIFICATIONS = ["祕密", "秘 密", "&#x79D8;&#x5BC6;", "机·密"]


def _expected() -> tuple[dict[str, str], set[str]]:
    docs, lines = {}, set()
    for n, marking in enumerate(BODY_MARKINGS):
        docs[f"body/{n:02d}.md"] = MEMBER.replace("一、存在问题", f"{marking}\n\n一、存在问题")
        lines.add(f"docs/body/{n:02d}.md:8: 正文中有密级标识“{echo(marking.strip())}”：{CLASSIFIED}")
    # A comment across lines joins them: the marking is reported at its first line.
    docs["body/comment-lines.md"] = MEMBER.replace("一、存在问题", "秘<!--\n内部讨论\n-->密\n\n一、存在问题")
    lines.add(f"docs/body/comment-lines.md:8: 正文中有密级标识“秘<!--”：{CLASSIFIED}")
    for n, (yaml_title, shown) in enumerate(TITLES):
        docs[f"title/{n:02d}.md"] = MEMBER.replace("title: 个人对照检查材料", f"title: {yaml_title}")
        lines.add(f"docs/title/{n:02d}.md:2: 标题中有密级标识“{shown}”：{CLASSIFIED}")
    for n, (yaml_tags, shown) in enumerate(TAGS):
        docs[f"tags/{n:02d}.md"] = MEMBER.replace("date: 2024-07-18", f"date: 2024-07-18\ntags: {yaml_tags}")
        lines.add(f"docs/tags/{n:02d}.md:7: 标签中有密级标识“{shown}”：{CLASSIFIED}")
    docs["tags/block.md"] = MEMBER.replace("date: 2024-07-18", "date: 2024-07-18\ntags:\n  - 学习\n  - 【机密】")
    lines.add(f"docs/tags/block.md:7: 标签中有密级标识“【机密】”：{CLASSIFIED}")
    for n, value in enumerate(CLASSIFICATIONS):
        docs[f"cls/{n:02d}.md"] = MEMBER.replace("date: 2024-07-18", f'date: 2024-07-18\nclassification: "{value}"')
        lines.add(f"docs/cls/{n:02d}.md:7: 密级“{value}”：{CLASSIFIED}")
    # Each material is a different member's, so that no two are duplicates of each other.
    for n, path in enumerate(sorted(docs)):
        docs[path] = docs[path].replace("member: 张三", f"member: 党员{n:02d}")
    return docs, lines


MARKED_DOCS, MARKED_LINES = _expected()


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("marked") / "src", MARKED_DOCS)
    return root, mkdocs(root, "build", "--strict"), archive(root, "check", "--strict")


def test_every_written_form_of_a_marking_stops_the_build(marked) -> None:
    _, built, _ = marked
    assert built.code == 1
    errors = [line.removeprefix("ERROR   -  ") for line in built.log_lines if line.startswith("ERROR   -  docs/")]
    assert sorted(errors) == sorted(MARKED_LINES)
    assert f"ERROR   -  档案检查发现 {len(MARKED_LINES)} 处错误，构建已中止。请按上面的提示逐条修改。" in built.log_lines


def test_archive_check_reports_the_same(marked) -> None:
    _, _, checked = marked
    assert checked.returncode == 1
    reported = [line for line in checked.stdout.splitlines() if line.startswith("docs/")]
    assert sorted(reported) == sorted(MARKED_LINES)


SENTENCES = [
    "要保守党的秘密", "机密文件管理制度学习", "绝密档案的保管要求", "国家秘密的密级分为“绝密”“机密”“秘密”三级。",
    "密级：绝密、机密、秘密。", "**秘密**文件要专人保管", "对标注（秘密）的文件要登记。", "[秘密文件管理](https://example.org/)",
]
CANARY = "内部讨论白鹭口令"
COMMENTED = """\
---
title: 保密制度学习笔记
doc_type: self_review
member: 李四
campaign: 2024-dangji
date: 2024-07-18
tags: [保密, 绝密档案的保管要求]
---
<!-- 开头写一段说明：CANARY -->
按照要求，现作个人对照检查如下。

一、存在问题

一是纪律意识不强。<!-- CANARY1 -->比如，对保守党的秘密重视不够。

<!--
CANARY2
-->
二是学习不够。比如，SENTENCES

二、整改措施

一是加强纪律学习。<!-- CANARY3 -->【针对问题：1、2】（责任人：孙立；完成时限：2025年3月底；状态：整改中）<!-- CANARY4 -->
"""


def site_files(site: Path) -> dict[str, str]:
    """Every file of a site as text: .gz decompressed, workbooks (zip) unpacked, search scripts and JSON decoded."""
    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        name = str(path.relative_to(site))
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix in (".xlsx", ".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                text = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            text = data.decode("utf-8", errors="replace")
        if name.startswith("search/") and path.suffix == ".js":
            key, value = read_script(text)
            text = key + "\n" + json.dumps(value, ensure_ascii=False)
        elif name.endswith((".json", ".json.gz")):
            text = json.dumps(json.loads(text), ensure_ascii=False).replace("\u200b", "")
        out[name] = html.unescape(text)
    return out


@pytest.fixture(scope="module")
def commented(tmp_path_factory):
    text = COMMENTED.replace("SENTENCES", "".join(s + "\n" for s in SENTENCES)).replace("CANARY", CANARY)
    root = write_site(tmp_path_factory.mktemp("commented") / "src", {"a/lisi.md": text})
    return root, mkdocs(root, "build", "--strict"), archive(root, "check", "--strict")


def test_the_words_in_sentences_are_not_markings(commented) -> None:
    root, built, checked = commented
    assert built.code == 0, built.output
    assert built.log_lines == []
    assert (checked.returncode, checked.stdout) == (0, "检查了 1 份材料，没有发现问题。\n")
    page = (root / "site/a/lisi/index.html").read_text(encoding="utf-8")
    assert all(word in page for word in ("要保守党的秘密", "机密文件管理制度学习", "绝密档案的保管要求", "密级：绝密、机密、秘密"))


def test_an_html_comment_is_in_no_file_of_the_site(commented) -> None:
    root, built, _ = commented
    assert built.code == 0, built.output
    files = site_files(root / "site")
    assert [name for name, text in files.items() if CANARY in text] == []
    # The text around the comments is published: in the page, the search data, archive.json and the ledger workbook.
    assert "一是纪律意识不强。比如" in files["a/lisi/index.html"]
    assert any("一是纪律意识不强。比如" in text for name, text in files.items() if name.startswith("search/"))
    assert "纪律意识不强" in files["archive.json"] and "加强纪律学习" in files["archive.json"]
    assert any("加强纪律学习" in text for name, text in files.items() if name.endswith(".xlsx"))


def test_a_comment_does_not_move_line_numbers(build_site) -> None:
    text = MEMBER.replace("一、存在问题", "<!--\n备注\n-->\n一、存在问题").replace("一是加强纪律学习。【针对问题：1】", "一是加强纪律学习。【针对问题：9】")
    built = build_site({"a/x.md": text})
    assert built.code == 1
    assert "ERROR   -  docs/a/x.md:17: 问题 9 不存在（本材料）；已有的问题编号：1。" in built.log_lines
    assert "WARNING -  docs/a/x.md:13: 问题 1“纪律意识不强”没有对应的整改措施。请在对应的整改措施末尾加上“【针对问题：1】”（本材料的措施：1）。" in built.log_lines


# --- property tests on the detector -------------------------------------------------------------------------

TRADITIONAL = {"秘": ["祕", "㊙"], "机": ["機"], "绝": ["絕", "絶"], "密": []}


def _char(c: str):
    forms = [c, *TRADITIONAL[c], f"&#x{ord(c):X};", f"&#{ord(c)};"]
    return st.sampled_from(forms)


SEPARATORS = ["", " ", "·", "　", "<!-- 注 -->", "。", "*", "\u200b", "&nbsp;", "・", "-", "**", "\\"]
FILLER = "要保守党的文件管理制度学习档案保管要求我们必须严格遵守规定工作同志，。、；！？"


@st.composite
def markings(draw) -> str:
    first = draw(st.sampled_from("秘机绝"))
    core = draw(_char(first)) + draw(st.sampled_from(SEPARATORS)) + draw(_char("密"))
    core = draw(st.sampled_from(["", "★", "☆", "**", "*"])) + core + draw(st.sampled_from(["", "★", "★1年", "★１０年", "★长期", "☆6个月", "**", "。"]))
    brackets = draw(st.sampled_from(["", "【】", "（）", "()", "［］", "〔〕"]))
    if brackets:
        core = brackets[0] + core + brackets[1]
    label = draw(st.sampled_from(["", "密级：", "密级:", "密级: ", "密&#x7EA7;："]))
    if label and not brackets and draw(st.booleans()):
        label = label.replace("级", "級")
    line = label + core
    form = draw(st.sampled_from(["", "# ", "## ", "> ", "- ", "1. ", "table", "title"]))
    if form == "table":
        return f"| {draw(st.sampled_from(['密级', '1', '文件']))} | {line} |"
    if form == "title" and brackets:  # a bracketed marking before or after a title
        title = "关于加强理论学习的通知"
        return line + title if draw(st.booleans()) else title + line
    return ("" if form == "title" else form) + line


@st.composite
def sentences(draw) -> str:
    first = draw(st.sampled_from("秘机绝"))
    word = draw(_char(first)) + draw(_char("密"))
    before = draw(st.text(alphabet=FILLER, max_size=8))
    after = draw(st.text(alphabet=FILLER, max_size=8))
    if not any(c.isalpha() for c in before + after):
        after += "要保守"
    return draw(st.sampled_from(["", "# ", "- ", "> "])) + before + word + after


def _check(line: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    check_body(f"开头一段。\n{line}\n结尾一段。", 8, "docs/x.md", out)
    return out


@settings(max_examples=examples(400), deadline=None)
@given(markings())
@example("秘 密")
@example("（秘密。）")
@example("秘<!-- -->密")
@example("1. 【機密★長期】")
@example("密&#x7EA7;：&#31192;&#x5BC6;")
def test_any_written_form_of_a_marking_is_found(line: str) -> None:
    assert _check(line) == [Diagnostic("docs/x.md", 9, f"正文中有密级标识“{echo(line.strip())}”：{CLASSIFIED}")]


@settings(max_examples=examples(400), deadline=None)
@given(sentences())
@example("要保守党的秘密")
@example("机密文件管理制度学习")
@example("绝密档案的保管要求")
@example("- 保守祕密")
def test_the_words_in_an_ordinary_sentence_are_not_markings(line: str) -> None:
    assert _check(line) == []


# --- the build date does not depend on the time zone -------------------------------------------------------

# 2024-12-31 20:00 UTC: already 2025-01-01 in China, still 2024-12-31 in UTC and Los Angeles.
NEW_YEAR_IN_CHINA = "1735675200"


def _build(target: Path, tz: str) -> dict[str, bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": NEW_YEAR_IN_CHINA, "TZ": tz}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(target)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def test_the_sample_is_the_same_in_every_time_zone(tmp_path: Path) -> None:
    shanghai = _build(tmp_path / "shanghai", "Asia/Shanghai")
    for tz in ("UTC", "America/Los_Angeles"):
        other = _build(tmp_path / tz.replace("/", "-"), tz)
        assert sorted(other) == sorted(shanghai)
        assert [name for name in shanghai if shanghai[name] != other[name]] == []
    assert any("统计日期：2025年1月1日" in data.decode("utf-8", "replace") for name, data in shanghai.items() if name.endswith(".html"))


NOW = """
import sys, time
sys.path.insert(0, sys.argv[1])
time.time = lambda: float(sys.argv[2])
from studyarchive.parse.ledger import build_date
print(build_date({}).isoformat())
"""


@pytest.mark.parametrize("instant, day", [(NEW_YEAR_IN_CHINA, "2025-01-01"), ("1735660799", "2024-12-31"), ("1735660800", "2025-01-01")])
def test_without_source_date_epoch_the_date_is_chinas_today(instant: str, day: str) -> None:
    for tz in ("Asia/Shanghai", "UTC", "America/Los_Angeles", "Pacific/Kiritimati"):
        proc = subprocess.run([sys.executable, "-c", NOW, str(ROOT / "hooks"), instant], env={**os.environ, "TZ": tz},
                              capture_output=True, text=True, timeout=60)
        assert (proc.returncode, proc.stdout.strip()) == (0, day), (tz, proc.stderr)
    assert dt.datetime.fromtimestamp(int(instant), dt.timezone(dt.timedelta(hours=8))).date().isoformat() == day
