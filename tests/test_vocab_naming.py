"""Behaviour from the vocabulary, not from ids: a doc type's file name part (``file``) and the title words that
`archive import` recognises it by (``words``), as vocabulary.yml writes them; an older vocabulary without them
keeps the names CONTRIBUTING.md documents."""

from __future__ import annotations

import re
from pathlib import Path

from clitools import archive, make_project
from conftest import ROOT
from studyarchive.cli.importer import _doc_type
from studyarchive.core.vocab import load_vocabulary

VOCABULARY = (ROOT / "vocabulary.yml").read_text(encoding="utf-8")
# A new doc type, and 发言提纲 filed under another name: nothing in the code names either.
CUSTOM = VOCABULARY.replace("file: fayan,", "file: yantao,").replace(
    "meeting_types:\n",
    "  - {id: pledge, label: 公开承诺书, structured: false, personal: true, campaign: true, file: chengnuo,\n"
    "     words: [公开承诺, 承诺书]}\n\nmeeting_types:\n")
# vocabulary.yml as it was before the file and words keys.
LEGACY = re.sub(r",\s*file: [^,}]*|,\s*words: \[[^\]]*\]", "", VOCABULARY)


def test_new_files_are_named_from_the_vocabulary(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", vocabulary=CUSTOM)
    for kind, expected in (("发言提纲", "docs/2024-dangji/zhangwei-yantao.md"), ("公开承诺书", "docs/2024-dangji/zhangwei-chengnuo.md"),
                           ("个人对照检查材料", "docs/2024-dangji/zhangwei.md"), ("支部班子对照检查材料", "docs/2024-dangji/zhibu-banzi.md")):
        member = [] if kind.startswith("支部") else ["--member", "张伟"]
        result = archive(project, "new", "--type", kind, *member, "--campaign", "2024-dangji", "--date", "2024-07-18")
        assert (result.returncode, result.stdout) == (0, expected + "\n"), result.stderr


def test_an_older_vocabulary_keeps_the_documented_names(tmp_path: Path) -> None:
    assert "file:" not in LEGACY and "words:" not in LEGACY
    project = make_project(tmp_path / "p", vocabulary=LEGACY)
    result = archive(project, "new", "--type", "发言提纲", "--member", "刘洋", "--campaign", "2023-zhuti-2", "--date", "2023-11-02")
    assert (result.returncode, result.stdout) == (0, "docs/2023-zhuti-2/liuyang-fayan.md\n")
    old, new = (load_vocabulary(text, "vocabulary.yml") for text in (LEGACY, VOCABULARY))
    assert [(e.id, e.file, e.words) for e in old.doc_types.values()] == [(e.id, e.file, e.words) for e in new.doc_types.values()]


def test_import_recognises_a_doc_type_by_the_vocabularys_words() -> None:
    vocab = load_vocabulary(CUSTOM, "vocabulary.yml")
    assert _doc_type("张伟同志在党纪学习教育中的公开承诺", vocab) == "pledge"
    # The word that ends last names the document (……的发言提纲); at one end, the longer word (班子对照检查).
    assert _doc_type("党纪学习教育对照检查发言提纲", vocab) == "speech_outline"
    assert _doc_type("领导班子对照检查材料", vocab) == "branch_review"
    assert _doc_type("学习心得", vocab) == "reflection"
    assert _doc_type("工作总结", vocab) is None


def test_a_wrong_file_or_words_is_an_error_with_the_line(tmp_path: Path) -> None:
    cases = [
        ("file: yantao,", "file: Yan Tao,", "“speech_outline”的 file 只能用小写字母、数字和连字符（文件名中的拼音），例如 fayan；现在是“Yan Tao”。"),
        ("words: [发言提纲, 研讨发言, 交流发言]", "words: 发言提纲", "“speech_outline”的 words 应当是标题用语的列表，例如 [对照检查, 检视剖析]。"),
    ]
    for n, (old, new, message) in enumerate(cases):
        vocabulary = CUSTOM.replace(old, new)
        line = next(i for i, text in enumerate(vocabulary.splitlines(), 1) if new in text)
        if "words" in new:  # the entry's first line
            line -= 1
        project = make_project(tmp_path / f"p{n}", vocabulary=vocabulary)
        check = archive(project, "check")
        assert check.returncode == 1
        assert check.stdout == f"错误：\nvocabulary.yml:{line}: {message}\n词表有 1 处错误，没有检查材料。请先改正词表。\n"
