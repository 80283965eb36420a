"""三会一课 minimums from the vocabulary (each meeting type's ``rule``), not from meeting-type ids in the code:
a secretary who renames or adds a meeting type gets the right table without a code change; an older vocabulary
without ``rule`` keeps the minimums the program had; extra.archive.meetings still overrides per type."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from clitools import archive, make_project
from conftest import ROOT, Built, mkdocs, write_site
from studyarchive.core.diagnostics import ArchiveError
from studyarchive.core.vocab import load_vocabulary

VOCABULARY = (ROOT / "vocabulary.yml").read_text(encoding="utf-8")
SAMPLE_TYPES = VOCABULARY[VOCABULARY.index("meeting_types:"):]
# Meeting types renamed and added by a secretary: no id the code used to know.
RENAMED = VOCABULARY.replace(SAMPLE_TYPES, """meeting_types:
  - {id: dahui, label: 党员大会, rule: {per: quarter, min: 2}}
  - {id: zhiwei, label: 支委会, rule: {per: month}}
  - {id: zhuti, label: 主题党日, rule: {per: year, min: 3}}
  - {id: party_lecture, label: 党课, rule: null}
""")
# vocabulary.yml as it was before the rule key.
LEGACY = re.sub(r", rule: \{[^}]*\}", "", VOCABULARY)
JUL_15_2024 = "1721001600"


def minutes(kind: str, date: str) -> str:
    return f"---\ntitle: {kind}记录\ndoc_type: minutes\nmeeting_type: {kind}\ndate: {date}\n---\n会议内容。\n"


DOCS = {
    "huiyi/a.md": minutes("党员大会", "2024-02-10"),
    "huiyi/b.md": minutes("支委会", "2024-01-05"),
    "huiyi/c.md": minutes("主题党日", "2024-03-01"),
    "huiyi/d.md": minutes("党课", "2024-03-02"),
}


def build(tmp_path: Path, vocabulary: str, meetings: dict | None = None) -> Built:
    root = write_site(tmp_path / "site-src", DOCS, vocabulary)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["archive"].pop("meetings")  # the sample's names party_congress …: the vocabulary's rules alone
    if meetings is not None:
        config["extra"]["archive"]["meetings"] = meetings
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return mkdocs(root, "build", "--strict")


def requirement(built: Built) -> str:
    page = built.html("indexes/meetings/index.html")
    found = re.search(r"要求：(.*?)（这是本网站设定的要求", page)
    assert found, page
    return found.group(1)


def states(built: Built) -> dict[str, list[str]]:
    data = json.loads((built.site / "archive.json").read_text(encoding="utf-8"))
    (year,) = data["meetings"]
    return {r["meeting_type"]: [q["state"] for q in r["quarters"]] for r in year["rows"]}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUL_15_2024)


def test_renamed_and_new_meeting_types_take_their_rules_from_the_vocabulary(tmp_path: Path) -> None:
    built = build(tmp_path, RENAMED)
    assert built.code == 0, built.output
    assert requirement(built) == "党员大会每季度至少 2 次；支委会每月至少 1 次；主题党日每年至少 3 次"
    assert states(built) == {
        "dahui": ["short", "short", "open", "open"],  # one a quarter, two required
        "zhiwei": ["short", "short", "open", "open"],  # January only
        "zhuti": ["open"] * 4,  # the year is not over
        "party_lecture": ["none"] * 4,  # rule: null
    }
    rows = re.findall(r"<tr><td>(党员大会|支委会|主题党日|党课)</td><td>(.*?)</td>", built.html("indexes/meetings/index.html"))
    assert rows == [("党员大会", "每季度至少 2 次"), ("支委会", "每月至少 1 次"), ("主题党日", "每年至少 3 次"), ("党课", "—")]


def test_mkdocs_yml_still_overrides_a_meeting_types_rule(tmp_path: Path) -> None:
    built = build(tmp_path, RENAMED, {"dahui": {"per": "year", "min": 1}, "zhuti": None, "party_lecture": {"per": "quarter"}})
    assert built.code == 0, built.output
    assert requirement(built) == "党员大会每年至少 1 次；支委会每月至少 1 次；党课每季度至少 1 次"
    assert states(built)["party_lecture"] == ["ok", "short", "open", "open"]


def test_an_older_vocabulary_without_rules_keeps_the_former_minimums(tmp_path: Path) -> None:
    assert ", rule: {" not in LEGACY and ", rule: {" in VOCABULARY
    old, new = (load_vocabulary(text, "vocabulary.yml") for text in (LEGACY, VOCABULARY))
    assert [(e.id, e.rule) for e in old.meeting_types.values()] == [(e.id, e.rule) for e in new.meeting_types.values()]
    built = build(tmp_path, LEGACY)
    assert built.code == 0, built.output
    assert requirement(built) == "党员大会每季度至少 1 次；支委会每月至少 1 次；党小组会每月至少 1 次；党课每季度至少 1 次"


def test_the_sample_vocabulary_writes_every_rule() -> None:
    """The sample names each minimum itself, so that a copy renamed by a secretary keeps them."""
    vocab = load_vocabulary(VOCABULARY, "vocabulary.yml")
    rules = {e.id: e.rule for e in vocab.meeting_types.values() if e.rule}
    assert rules == {"party_congress": ("quarter", 1), "committee_meeting": ("month", 1), "group_meeting": ("month", 1),
                     "party_lecture": ("quarter", 1)}
    assert SAMPLE_TYPES.count("rule: {per:") == 4


WRONG = [
    ("rule: {per: quarter, min: 2}", "rule: {per: week, min: 2}",
     "会议类型“dahui”的 rule 中 per 应当是 month（每月）、quarter（每季度）、year（每年），现在是“week”。"),
    ("rule: {per: quarter, min: 2}", "rule: {min: 2}",
     "会议类型“dahui”的 rule 中 per 应当是 month（每月）、quarter（每季度）、year（每年），现在是“（没写）”。"),
    ("rule: {per: quarter, min: 2}", "rule: {per: quarter, min: 0}",
     "会议类型“dahui”的 rule 中 min 应当是正整数（至少开几次），例如 1；现在是“0”。"),
    ("rule: {per: quarter, min: 2}", "rule: {per: quarter, min: 1.5}",
     "会议类型“dahui”的 rule 中 min 应当是正整数（至少开几次），例如 1；现在是“1.5”。"),
    ("rule: {per: quarter, min: 2}", "rule: {per: quarter, min: [2]}",
     "会议类型“dahui”的 rule 中 min 应当是正整数（至少开几次），例如 1；现在是“（列表或嵌套的内容）”。"),
    ("rule: {per: quarter, min: 2}", "rule: {per: quarter, times: 2}",
     "会议类型“dahui”的 rule 中“times”是未知的名称；可选：per、min。"),
    ("rule: {per: quarter, min: 2}", "rule: {per: quarter, per: month}",
     "会议类型“dahui”的 rule 中“per”写了两次；请只保留一处。"),
    ("rule: {per: quarter, min: 2}", "rule: 每季度一次",
     "会议类型“dahui”的 rule 应当写成 {per: quarter, min: 1}（per 可选 month、quarter、year），或写 null 表示不作要求。"),
    ("{id: minutes, label: 会议记录,", "{id: minutes, label: 会议记录, rule: {per: month},",
     "“minutes”不是会议类型，不能写 rule；三会一课的要求写在 meeting_types 的各项中。"),
]


@pytest.mark.parametrize(("old", "new", "message"), WRONG)
def test_a_wrong_rule_is_an_error_with_the_line(old: str, new: str, message: str) -> None:
    vocabulary = RENAMED.replace(old, new, 1)
    assert vocabulary != RENAMED
    line = next(i for i, text in enumerate(vocabulary.splitlines(), 1) if new in text)
    with pytest.raises(ArchiveError) as caught:
        load_vocabulary(vocabulary, "vocabulary.yml")
    assert [(d.path, d.line, d.message) for d in caught.value.diagnostics] == [("vocabulary.yml", line, message)]


def test_check_and_build_stop_on_a_wrong_rule_naming_the_file_and_line(tmp_path: Path) -> None:
    vocabulary = RENAMED.replace("rule: {per: month}", "rule: {per: monthly}")
    line = next(i for i, text in enumerate(vocabulary.splitlines(), 1) if "per: monthly" in text)
    message = "会议类型“zhiwei”的 rule 中 per 应当是 month（每月）、quarter（每季度）、year（每年），现在是“monthly”。"
    project = make_project(tmp_path / "p", vocabulary=vocabulary)
    check = archive(project, "check")
    assert (check.returncode, check.stdout) == (1, f"错误：\nvocabulary.yml:{line}: {message}\n词表有 1 处错误，没有检查材料。请先改正词表。\n")
    built = build(tmp_path / "b", vocabulary)
    assert built.code == 1
    assert f"vocabulary.yml:{line}: {message}" in built.output
