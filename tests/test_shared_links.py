"""Links by shared characters (proposals.by_shared_characters): a measure that no marker, no words of the text
and no order rule link to a problem is proposed for the one problem it shares distinctive characters with,
and `archive import` / `archive outline` say so as a guess (推测), with the characters it went by."""

from __future__ import annotations

from pathlib import Path

import pytest

from clitools import archive, make_project
from studyarchive.core.model import Item, Pos
from studyarchive.link.proposals import SharedGuess, by_shared_characters

AT = Pos(1, 0)


def problem(pid: str, text: str, area: str | None = None, area_index: int | None = None) -> Item:
    return Item("problem", pid, text.split("，")[0], text, AT, AT, area, area_index)


def measure(mid: str, text: str) -> Item:
    return Item("measure", mid, text.rstrip("；。"), text, AT, AT)


# yizhua_enumeration/02: 十抓 slogans after three areas with one problem each.
PROBLEMS = [problem("1.1", "理论学习形式单一，教师党员学习热情不高。", "思想建设", 1),
            problem("2.1", "党小组作用发挥不充分，组织生活不够规范。", "组织建设", 2),
            problem("3.1", "部分党员教师服务学生、家长不够耐心。", "作风建设", 3)]
SLOGANS = ["学习形式创新", "学习制度落实", "党小组建设", "组织生活规范", "党员示范岗", "师德师风", "家校沟通", "关爱学生",
           "廉洁从教", "整改督查"]
MEASURES = [measure(str(n), f"{s}；") for n, s in enumerate(SLOGANS, 1)]
LINKED = {"1": ["1.1"], "2": ["1.1"], "3": ["2.1"], "4": ["2.1"], "8": ["3.1"]}


def test_short_measures_between_linked_ones_take_the_problem_they_share_a_character_with() -> None:
    # 师德师风 ~ 作风 (the area's word), 家校沟通 ~ 家长. Not guessed: 党员示范岗 (示范 ~ 规范, but 组织生活规范 uses
    # 范 too), 廉洁从教 (教 is in two problems' 教师), 整改督查 (shares nothing).
    assert by_shared_characters(PROBLEMS, MEASURES, LINKED) == {
        "6": SharedGuess("3.1", ("风",), ("作风",)),
        "7": SharedGuess("3.1", ("家",), ("家长",)),
    }


def test_a_character_is_distinctive_only_while_no_other_measure_or_cause_uses_it() -> None:
    without_4 = [m for m in MEASURES if m.id != "4"]
    assert by_shared_characters(PROBLEMS, without_4, LINKED)["5"] == SharedGuess("2.1", ("范",), ("规范",))
    cause = Item("cause", "1", "家风", "家风家教不严。", AT, AT)
    assert set(by_shared_characters(PROBLEMS, MEASURES, LINKED, [cause])) == set()  # 家 and 风 are the cause's too


def test_measures_already_linked_are_left_alone() -> None:
    linked = {**LINKED, "6": ["1.1"], "7": ["2.1"]}
    assert by_shared_characters(PROBLEMS, MEASURES, linked) == {}


def test_the_problem_must_lie_where_the_neighbouring_measures_keep_the_order() -> None:
    problems = [problem("1", "理论学习不够系统。"), problem("2", "执行纪律不够严格。"), problem("3", "与家长沟通不够耐心。")]
    # 家访制度 shares 家 with problem 3 only, but it stands between the measures for problems 1 and 2.
    measures = [measure("1", "系统学习理论。"), measure("2", "家访制度。"), measure("3", "严守纪律。")]
    assert by_shared_characters(problems, measures, {"1": ["1"], "3": ["2"]}) == {}
    # After the measure for problem 2 it may answer 2 or 3: problem 3 it is.
    measures = [measures[0], measures[2], measure("2", "家访制度。")]
    assert by_shared_characters(problems, measures, {"1": ["1"], "3": ["2"]}) == {"2": SharedGuess("3", ("家",), ("家长",))}


def test_two_problems_sharing_characters_or_one_chance_character_in_a_long_measure_give_nothing() -> None:
    problems = [problem("1", "护理信息化建设进展较慢，移动护理系统尚未全院覆盖。"),
                problem("2", "对年轻护士的职业规划指导不够，护士离职率有所上升。")]
    measures = [measure("1", "加快移动护理系统建设，明年6月前实现全院覆盖。"), measure("2", "建立护士职业发展导师制。"),
                # leadin_under_unrelated_heading/02: 率 (离职率, 发生率) is one character of twenty.
                measure("3", "继续开展护理质量专项改进，重点降低住院患者跌倒发生率。")]
    assert by_shared_characters(problems, measures, {"1": ["1"], "2": ["2"]}) == {}
    # A short one with a character of each problem (信 of 信息化, 职 of 职业): which one is not clear.
    assert by_shared_characters(problems, [measure("1", "信职。")], {}) == {}
    assert by_shared_characters(problems, [measure("1", "信守承诺。")], {}) == {"1": SharedGuess("1", ("信",), ("信息化",))}


def test_nothing_without_problems_or_beyond_the_pair_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from studyarchive.link import proposals

    assert by_shared_characters([], MEASURES, {}) == {}
    monkeypatch.setattr(proposals, "MAX_PAIRS", len(PROBLEMS) * len(MEASURES) - 1)
    assert by_shared_characters(PROBLEMS, MEASURES, LINKED) == {}


# Not one of the layout fixtures: a file the corpus does not contain, imported as a secretary would.
SOURCE = """\
清河县妇幼保健院第二党支部2024年度组织生活会对照检查材料
一、存在的问题
（一）政治建设方面：政治理论学习不够经常，个别党员参学不积极。
（二）业务融合方面：党建与医疗业务结合不紧，科室骨干作用发挥不明显。
（三）服务群众方面：窗口人员服务态度生硬，对患者解释不够耐心。
二、整改措施
支部将抓好以下六项工作：一抓理论学习；二抓党建业务融合；三抓骨干带头；四抓病患关怀；五抓群众满意度；六抓制度建设。
"""
GUESSES = [
    "推测：第 32 行措施 3“骨干带头”没有写明对应哪个问题，按顺序也推不出：其中的“骨”、“干”也见于问题 2.1 的“骨干”，"
    "而别的问题和措施都没有用到，据此建议对应问题 2.1，请核对。",
    "推测：第 34 行措施 4“病患关怀”没有写明对应哪个问题，按顺序也推不出：其中的“患”也见于问题 3.1 的“患者”，"
    "而别的问题和措施都没有用到，据此建议对应问题 3.1，请核对。",
]


def test_import_of_a_new_file_reports_its_guesses_and_outline_shows_them_too(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    source = tmp_path / "支部对照检查.txt"
    source.write_text(SOURCE, encoding="utf-8")
    shown = archive(project, "outline", str(source))
    assert (shown.returncode, shown.stderr) == (0, "")
    result = archive(project, "import", str(source), "-m", "李红", "-c", "2024-dangji", "--date", "2024-12-20", "-t", "branch_review")
    assert (result.returncode, result.stderr) == (0, "")
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0] == f"已导入 {source}（UTF-8）→ docs/2024-dangji/zhibu-banzi.md"
    assert "第 32 行：措施 3 → 【建议对应问题：2.1】（请确认：改成【针对问题：…】，或删去）" in lines
    assert "第 34 行  措施 4  病患关怀 → 建议对应问题 3.1（待确认）" in lines
    assert "第 38 行  措施 6  制度建设 → 没有写对应的问题" in lines
    assert [line for line in lines if line.startswith("推测：")] == GUESSES
    assert [line.strip() for line in shown.stdout.splitlines() if line.strip().startswith("推测：")] == GUESSES
    written = (project / "docs/2024-dangji/zhibu-banzi.md").read_text(encoding="utf-8").splitlines()
    assert written[31:38:2] == ["三抓骨干带头；【建议对应问题：2.1】", "四抓病患关怀；【建议对应问题：3.1】",
                                "五抓群众满意度；【建议对应问题：3.1】", "六抓制度建设。"]
    check = archive(project, "check")  # proposals are warnings until confirmed
    assert check.returncode == 0
    assert "docs/2024-dangji/zhibu-banzi.md:34: 建议的对应关系“【建议对应问题：3.1】”还没有确认：核对无误请改成“【针对问题：3.1】”，不对就整条删去。" in check.stdout


def test_the_imported_material_keeps_saying_why_in_archive_outline_and_the_serve_preview(tmp_path: Path) -> None:
    """The reason is found again from the written material, for the shared-character proposals only."""
    import subprocess
    import sys

    from test_cli_outline import SERVE

    project = make_project(tmp_path / "proj")
    source = tmp_path / "支部对照检查.txt"
    source.write_text(SOURCE, encoding="utf-8")
    imported = archive(project, "import", str(source), "-m", "李红", "-c", "2024-dangji", "--date", "2024-12-20", "-t", "branch_review")
    assert imported.returncode == 0, imported.stdout
    shown = archive(project, "outline", "docs/2024-dangji/zhibu-banzi.md")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert [line.strip() for line in shown.stdout.splitlines() if line.strip().startswith("推测：")] == GUESSES
    # Once confirmed (【针对问题：…】) a link is no guess any more.
    path = project / "docs/2024-dangji/zhibu-banzi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("四抓病患关怀；【建议对应问题：3.1】", "四抓病患关怀；【针对问题：3.1】"), encoding="utf-8")
    shown = archive(project, "outline", "docs/2024-dangji/zhibu-banzi.md")
    assert [line.strip() for line in shown.stdout.splitlines() if line.strip().startswith("推测：")] == GUESSES[:1]
    (project / "run.py").write_text(SERVE, encoding="utf-8")
    run = subprocess.run([sys.executable, str(project / "run.py"), str(project / "mkdocs.yml"), "serve"],
                         cwd=project, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    page = (project / "site/2024-dangji/zhibu-banzi/index.html").read_text(encoding="utf-8")
    box = page[page.index('<details class="archive-outline">'):page.index("</details>")]
    assert "推测：第 32 行措施 3“骨干带头”没有写明对应哪个问题" in box and "据此建议对应问题 2.1，请核对。" in box
    assert "病患关怀”没有写明" not in box
