"""`archive check` says what the build says, on every real layout (issue 21: "a test runs every fixture through both").

Every fixture of tests/fixtures/layouts is imported as `archive import` does (each by another member), once as it is
and once damaged in one of three ways a member might (an impossible date, a marker naming a problem the material does
not have, an empty name); the whole archive is then checked by `archive check --strict` and built by
`mkdocs build --strict`, and both must print exactly the same messages, file and line included.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from clitools import archive
from conftest import mkdocs, write_site
from studyarchive.cli.importer import import_file
from test_layouts import LAYOUTS, rows
from test_layouts import vocab as vocab  # a fixture

LOG_RE = re.compile(r"^(ERROR|WARNING)\s+-\s+(.*)$")
NAMES = [a + b for a in "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨" for b in ("一", "二", "三")]


def imported(vocab, damaged: bool) -> dict[str, str]:
    docs = {}
    for n, row in enumerate(rows()):
        given = {"member": NAMES[n], "campaign": "2024-dangji", "date": dt.date(2024, 7, 18), "title": None,
                 "doc_type": row["doc_type"]}
        converted, _ = import_file(LAYOUTS / row["file"], vocab, given)
        text = converted.text
        damage = n % 3 if vocab.doc_types[row["doc_type"]].personal else n % 2  # a branch's material has no member
        if damaged and damage == 0:
            text = text.replace("date: 2024-07-18", "date: 2024-02-30", 1)
        elif damaged and damage == 1:
            text = text.rstrip("\n") + "\n\n另外，加强学习。【针对问题：9.9】\n"
        elif damaged:
            text = text.replace(f"member: {NAMES[n]}", "member: \"\"", 1)
        docs[f"2024-dangji/{row['file'].replace('/', '-').removesuffix('.txt')}.md"] = text
    return docs


def checked_lines(stdout: str) -> list[str]:
    """`archive check`'s messages as 'E path:line: message' / 'W …', like the build's log."""
    out, level = [], None
    for line in stdout.splitlines():
        if line in ("错误：", "警告："):
            level = "E" if line == "错误：" else "W"
        elif line.startswith("检查了 "):
            level = None
        elif level:
            out.append(f"{level} {line}")
    return out


@pytest.mark.parametrize("damaged", [False, True], ids=["as imported", "damaged"])
def test_check_and_build_print_the_same_on_every_layout(vocab, damaged: bool, tmp_path: Path) -> None:
    docs = imported(vocab, damaged)
    root = write_site(tmp_path / "p", docs)
    built = mkdocs(root, "build", "--strict")
    logged = [m.group(1)[0] + " " + m.group(2) for line in built.output.splitlines() if (m := LOG_RE.match(line))]
    logged = [line for line in logged if "构建已中止" not in line and "Aborted with" not in line]
    checked = archive(root, "check", "--strict")
    assert "Traceback" not in built.output + checked.stdout + checked.stderr
    assert sorted(checked_lines(checked.stdout)) == sorted(logged), (checked.stdout, built.output)
    assert checked.stdout.splitlines()[-1].startswith(f"检查了 {len(docs)} 份材料")
    assert (built.code, checked.returncode) == ((1, 1) if logged else (0, 0))
    if damaged:  # every kind of damage is reported, by both, for every damaged file
        errors = [line for line in logged if line.startswith("E ")]
        assert len({line.split(":", 1)[0] for line in errors}) == len(docs), errors
        assert any("2024-02-30" in line or "2月30日" in line for line in errors), errors
        assert any("9.9" in line for line in errors), errors
        assert any(line.endswith("是个人材料，请写“member: 姓名”。") and ".md:4: " in line for line in errors), errors
