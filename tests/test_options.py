"""extra.archive declared once (options.py): `archive check` and the build read it alike, with Chinese file:line messages.

The in-process pair (``check_in_process`` / ``build_in_process``) runs the real `archive check` (cli.main) and the real
build's first step (MkDocs' load_config, then the hook's on_config through MkDocs' plugin events), where the options
are read; two subprocess builds run `mkdocs build --strict` itself on every option at once.
"""

from __future__ import annotations

import contextlib
import copy
import io
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clitools import archive
from conftest import ROOT, examples, mkdocs, write_site
from studyarchive.config import options as opts

VOCAB_HINT = "请写明词表文件的位置（相对于 mkdocs.yml 所在的文件夹），例如 vocabulary.yml。"
MEETING_TYPES = "party_congress、committee_meeting、group_meeting、party_lecture、theme_day、org_life、special_org_life、democratic_life"

# option → (wrong type, its message), (wrong value, its message); the message after "mkdocs.yml:<line>: ".
WRONG: dict[str, tuple[tuple[object, str], tuple[object, str]]] = {
    "vocabulary": ((["v.yml"], "extra.archive.vocabulary 应当是词表文件的位置，例如 vocabulary.yml；现在是“（列表）”。"),
                   ("missing.yml", f"extra.archive.vocabulary：找不到词表文件“missing.yml”；{VOCAB_HINT}")),
    "pages": (("guide/*", "extra.archive.pages 应当是网站页面的列表（不是材料的页面），例如 [index.md, guide/*]。"),
              (["index.md", " "], "extra.archive.pages 应当是网站页面的列表（不是材料的页面），例如 [index.md, guide/*]。")),
    "folders": ((["huiyi"], "extra.archive.folders 应当是“文件夹: 中文名称”的形式，每行一项，例如 huiyi: 会议记录。"),
                ({"huiyi": "会议\u200b记录"}, "extra.archive.folders 应当是“文件夹: 中文名称”的形式，每行一项，例如 huiyi: 会议记录。")),
    "audience": ((3, "extra.archive.audience 的值“3”无效；可选：members（全体党员）、committee（支委）。"),
                 ("everyone", "extra.archive.audience 的值“everyone”无效；可选：members（全体党员）、committee（支委）。")),
    "member_order": ((["strokes"], "extra.archive.member_order 的值“（列表）”无效；可选：strokes（姓氏笔画）、pinyin（拼音）。"),
                     ("bihua", "extra.archive.member_order 的值“bihua”无效；可选：strokes（姓氏笔画）、pinyin（拼音）。")),
    "same_areas": (("理论学习", "extra.archive.same_areas 应当是检视方面名称的列表的列表，例如 [[理论学习, 学习贯彻党的创新理论]]。"),
                   ([["理论学习", ""]], "extra.archive.same_areas 应当是检视方面名称的列表的列表，"
                                           "例如 [[理论学习, 学习贯彻党的创新理论]]。")),
    "duplicate_threshold": (("0.6", "extra.archive.duplicate_threshold 的值“0.6”无效：应当是 0.3 到 1 之间的小数，例如 0.6。"),
                            (0.1, "extra.archive.duplicate_threshold 的值“0.1”无效：应当是 0.3 到 1 之间的小数，例如 0.6。")),
    "meetings": ((["party_congress"], "extra.archive.meetings 应当按会议类型逐项写，例如 party_congress: {per: quarter, min: 1}。"),
                 ({"party_congress": {"per": "week"}},
                  "extra.archive.meetings.party_congress 应当写成 {per: month, min: 1}（per 可选 month、quarter、year），"
                  "或写 null 表示不作要求。")),
}
CASES = [(name, *WRONG[name][kind], kind) for name in WRONG for kind in (0, 1)]


def test_every_declared_option_is_tested_and_documented() -> None:
    names = [o.name for o in opts.ArchiveOptions.schema()]
    assert sorted(names) == sorted(WRONG)
    assert opts.option_table() in (ROOT / "docs" / "guide" / "maintenance.md").read_text(encoding="utf-8"), \
        "docs/guide/maintenance.md 的设置表应当与 options.option_table() 的输出相同（改了声明后请重新生成）"


# --- helpers ------------------------------------------------------------------------------------------

def set_options(root: Path, values: dict[str, object], config: str = "mkdocs.yml") -> str:
    """Write extra.archive's ``values`` over the project's; the text written."""
    data = yaml.safe_load((root / config).read_text(encoding="utf-8"))
    data.setdefault("extra", {}).setdefault("archive", {}).update(copy.deepcopy(values))
    text = yaml.safe_dump(data, allow_unicode=True)
    (root / config).write_text(text, encoding="utf-8")
    return text


def line_of(text: str, name: str, indent: int = 4) -> int:
    """The 1-based line of an option key under ``  archive:`` in a dumped mkdocs.yml."""
    lines = text.splitlines()
    start = lines.index("  archive:")
    return next(n for n, line in enumerate(lines[start:], start + 1) if line.startswith(" " * indent + name + ":"))


def check_in_process(root: Path, config: str = "mkdocs.yml") -> tuple[int, list[str], str]:
    """`archive check` (cli.main): exit code, its diagnostic lines, its summary line."""
    from studyarchive.cli.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "-f", str(root / config)])
    lines = out.getvalue().splitlines()
    return code, [line for line in lines[:-1] if line not in ("错误：", "警告：")], lines[-1]


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build_in_process(root: Path, config: str = "mkdocs.yml") -> tuple[bool, list[str], str]:
    """The build up to its options: MkDocs' load_config, then on_config as `mkdocs build` runs it. (failed,
    the hook's logged lines, the message the build stops with)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    handler = _Lines()
    log = logging.getLogger("mkdocs.hooks.archive")
    log.addHandler(handler)
    try:
        loaded = load_config(str(root / config))
        loaded.plugins.on_startup(command="build", dirty=False)
        loaded.plugins.on_config(loaded)
    except PluginError as exc:
        return True, handler.lines, str(exc)
    finally:
        log.removeHandler(handler)
    return False, handler.lines, ""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project; each test writes its own extra.archive (set_options) over the pristine mkdocs.yml."""
    root = write_site(tmp_path_factory.mktemp("options") / "p", {})
    shutil.copy(root / "mkdocs.yml", root / "pristine.yml")
    return root


@pytest.fixture
def fresh(project: Path) -> Path:
    shutil.copy(project / "pristine.yml", project / "mkdocs.yml")
    return project


# --- every option, wrong type and wrong value ------------------------------------------------------------

@pytest.mark.parametrize(("name", "value", "message", "kind"), CASES, ids=[f"{c[0]}-{('type', 'value')[c[3]]}" for c in CASES])
def test_wrong_option_stops_check_and_build_with_the_same_message(fresh: Path, name: str, value: object, message: str, kind: int) -> None:
    text = set_options(fresh, {name: value})
    line = line_of(text, "party_congress", 6) if isinstance(value, dict) and "party_congress" in value else line_of(text, name)
    expected = f"mkdocs.yml:{line}: {message}"  # a meeting type's rule: the line of that meeting type
    code, lines, summary = check_in_process(fresh)
    assert (code, lines) == (1, [expected])
    assert summary == "网站配置（mkdocs.yml）有 1 处错误，没有检查材料。请先改正网站配置（mkdocs.yml）。"
    failed, logged, stop = build_in_process(fresh)
    assert (failed, logged, stop) == (True, [expected], "网站配置（mkdocs.yml）有 1 处错误，构建已中止。")


def test_unknown_meeting_type_is_found_with_the_vocabulary_and_named_at_its_line(fresh: Path) -> None:
    text = set_options(fresh, {"meetings": {"party_congress": None, "tea_party": {"per": "month"}}})
    expected = f"mkdocs.yml:{line_of(text, 'tea_party', 6)}: extra.archive.meetings 中未知的会议类型“tea_party”；可选：{MEETING_TYPES}。"
    assert check_in_process(fresh)[:2] == (1, [expected])
    assert build_in_process(fresh)[:2] == (True, [expected])


def test_unknown_option_name_is_a_warning_in_both_with_a_suggestion(fresh: Path) -> None:
    text = set_options(fresh, {"member_ordr": "pinyin"})
    expected = (f"mkdocs.yml:{line_of(text, 'member_ordr')}: extra.archive 中未知的名称“member_ordr”；可选：vocabulary、pages、"
                "folders、audience、member_order、same_areas、duplicate_threshold、meetings。是不是：member_order？")
    code, lines, summary = check_in_process(fresh)
    assert (code, lines) == (0, [expected])
    assert summary == "检查了 0 份材料：0 处错误，1 处警告。警告不影响预览，但提交前请改正（严格构建会失败）。"
    assert build_in_process(fresh) == (False, [expected], "")


def test_vocabulary_that_is_a_folder_is_a_message_not_a_traceback(fresh: Path) -> None:
    text = set_options(fresh, {"vocabulary": "docs"})
    expected = f"mkdocs.yml:{line_of(text, 'vocabulary')}: extra.archive.vocabulary：“docs”是一个文件夹，不是词表文件；{VOCAB_HINT}"
    assert check_in_process(fresh)[:2] == (1, [expected])
    assert build_in_process(fresh)[:2] == (True, [expected])


def test_every_option_wrong_at_once_through_the_real_commands(tmp_path: Path) -> None:
    """`mkdocs build --strict` and `archive check` as a user runs them: every wrong type at once, then every wrong
    value at once; the same lines, both exit 1, no traceback."""
    root = write_site(tmp_path / "p", {})
    pristine = (root / "mkdocs.yml").read_text(encoding="utf-8")
    for kind in (0, 1):
        (root / "mkdocs.yml").write_text(pristine, encoding="utf-8")
        text = set_options(root, {name: WRONG[name][kind][0] for name in WRONG})
        at = sorted((line_of(text, name) + (name == "meetings" and kind), WRONG[name][kind][1]) for name in WRONG)
        expected = [f"mkdocs.yml:{line}: {message}" for line, message in at]
        check = archive(root, "check", "--strict")
        built = mkdocs(root, "build", "--strict")
        assert check.returncode == built.code == 1
        assert "Traceback" not in check.stderr + built.output
        assert [line for line in check.stdout.splitlines() if line.startswith("mkdocs.yml:")] == expected
        from_build = [re.sub(r"^ERROR\s+-\s+", "", line) for line in built.log_lines]
        assert from_build == [*expected, f"网站配置（mkdocs.yml）有 {len(WRONG)} 处错误，构建已中止。"]


# --- any YAML value in any option: never a traceback, check and build agree -----------------------------

scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True) | st.text(max_size=12)
           | st.dates() | st.sampled_from(["strokes", "pinyin", "members", "committee", "month", "vocabulary.yml", "guide/*", "0.6"]))
yaml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8) | st.integers(0, 9) | st.sampled_from(["per", "min", "party_congress"]),
                                             inner, max_size=3), max_leaves=8)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([o.name for o in opts.ArchiveOptions.schema()]), value=yaml_values)
def test_any_yaml_value_in_any_option(fresh: Path, name: str, value: object) -> None:
    shutil.copy(fresh / "pristine.yml", fresh / "mkdocs.yml")
    set_options(fresh, {name: value})
    code, lines, summary = check_in_process(fresh)  # a traceback fails the test here
    failed, logged, _ = build_in_process(fresh)
    # Stopped on the options (before any material) in both or in neither; the materials are another matter
    # (``pages: []`` makes index.md a material, which the check then reports, and so would the build's next step).
    assert ("没有检查材料" in summary) == failed == (code == 1 and failed)
    assert [line for line in lines if line.startswith("mkdocs.yml")] == logged
    assert all(re.match(r"mkdocs\.yml:\d+: extra\.archive[. ：]", line) for line in logged)


# --- INHERIT: mkdocs-committee.yml as the build reads it -------------------------------------------------

@pytest.fixture
def committee(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "p", {})
    shutil.copy(ROOT / "mkdocs-committee.yml", root / "mkdocs-committee.yml")
    return root


def test_inherit_check_passes_like_the_build(committee: Path) -> None:
    check = archive(committee, "check", "--strict", "-f", "mkdocs-committee.yml")
    assert (check.returncode, check.stdout) == (0, "检查了 0 份材料，没有发现问题。\n")
    built = mkdocs(committee, "build", "--strict", config="mkdocs-committee.yml")
    assert built.code == 0 and (committee / "site-committee" / "index.html").is_file()


def test_inherit_names_the_file_each_wrong_option_is_in(committee: Path) -> None:
    child = set_options(committee, {"audience": "all"}, "mkdocs-committee.yml")
    parent = set_options(committee, {"member_order": "bihua"})
    expected = [f"mkdocs-committee.yml:{line_of(child, 'audience')}: {WRONG['audience'][1][1].replace('everyone', 'all')}",
                f"mkdocs.yml:{line_of(parent, 'member_order')}: {WRONG['member_order'][1][1]}"]
    code, lines, summary = check_in_process(committee, "mkdocs-committee.yml")
    assert (code, lines) == (1, expected)
    files = "网站配置（mkdocs-committee.yml、mkdocs.yml）"
    assert summary == f"{files}有 2 处错误，没有检查材料。请先改正{files}。"
    assert build_in_process(committee, "mkdocs-committee.yml")[:2] == (True, expected)


def test_the_sample_project_checks_clean_for_both_sites() -> None:
    """The repository's own mkdocs.yml and mkdocs-committee.yml (INHERIT): as `make build` and `make build-committee`."""
    for config in ("mkdocs.yml", "mkdocs-committee.yml"):
        check = archive(ROOT, "check", "--strict", "-f", config)
        assert check.returncode == 0 and check.stdout.endswith("没有发现问题。\n"), check.stdout


def test_no_fixture_projects_to_compare() -> None:
    """tests/fixtures holds material texts (layouts/), not projects with a mkdocs.yml: when one is added, run it
    through both here."""
    assert not list((ROOT / "tests" / "fixtures").rglob("mkdocs*.yml"))


# --- what MkDocs itself reads: !ENV and exclude_docs, as in the build -------------------------------------

def test_env_tag_is_read_as_the_build_reads_it(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = set_options(fresh, {"member_order": "ENV_PLACEHOLDER"}).replace("ENV_PLACEHOLDER", "!ENV [ARCHIVE_ORDER, strokes]")
    (fresh / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert check_in_process(fresh)[0] == 0 and build_in_process(fresh)[0] is False
    monkeypatch.setenv("ARCHIVE_ORDER", "bihua")
    expected = f"mkdocs.yml:{line_of(text, 'member_order')}: {WRONG['member_order'][1][1]}"
    assert check_in_process(fresh)[:2] == (1, [expected])
    assert build_in_process(fresh)[:2] == (True, [expected])


def test_exclude_docs_leaves_out_the_same_files_in_check_and_build(tmp_path: Path) -> None:
    root = write_site(tmp_path / "p", {"drafts/a.md": "---\ntitle: 草稿\n---\n正文\n"})
    check = archive(root, "check", "--strict")
    assert check.returncode == 1 and "docs/drafts/a.md" in check.stdout  # a material without its fields
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("exclude_docs: |\n  drafts/\n")
    check = archive(root, "check", "--strict")
    assert (check.returncode, check.stdout) == (0, "检查了 0 份材料，没有发现问题。\n")
    built = mkdocs(root, "build", "--strict")
    assert built.code == 0 and not (root / "site" / "drafts").exists()


@pytest.mark.parametrize("value", [5, "audience: committee", ["audience"]])
def test_extra_archive_that_is_no_mapping(fresh: Path, value: object) -> None:
    data = yaml.safe_load((fresh / "mkdocs.yml").read_text(encoding="utf-8"))
    data["extra"]["archive"] = value
    text = yaml.safe_dump(data, allow_unicode=True)
    (fresh / "mkdocs.yml").write_text(text, encoding="utf-8")
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if text_line.startswith("  archive:"))
    expected = (f"mkdocs.yml:{line}: "
                "extra.archive 应当是“名称: 值”的形式，例如 extra: 下面写 archive: 再逐项缩进写 audience: members。")
    assert check_in_process(fresh)[:2] == (1, [expected])
    assert build_in_process(fresh)[:2] == (True, [expected])


def test_unknown_option_name_fails_only_strict_runs_of_both(tmp_path: Path) -> None:
    """A warning: `archive check` and `mkdocs build` pass, their --strict runs fail, as for a material's warning."""
    root = write_site(tmp_path / "p", {})
    text = set_options(root, {"duplicate_treshold": 0.7})
    expected = (f"mkdocs.yml:{line_of(text, 'duplicate_treshold')}: extra.archive 中未知的名称“duplicate_treshold”；可选：vocabulary、"
                "pages、folders、audience、member_order、same_areas、duplicate_threshold、meetings。是不是：duplicate_threshold？")
    for strict in ((), ("--strict",)):
        check = archive(root, "check", *strict)
        built = mkdocs(root, "build", *strict)
        assert check.returncode == built.code == len(strict)
        assert expected in check.stdout.splitlines()
        assert f"WARNING -  {expected}" in built.log_lines
