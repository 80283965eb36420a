"""Property-based: random and mutated front matter and bodies never crash the core.

Whatever the input, the core returns an Archive whose diagnostics all name the file and a line
inside it; rendering and export of whatever was built never raise.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from studyarchive import build_archive
from studyarchive.core.vocab import load_vocabulary
from studyarchive.output.export import dumps, export
from studyarchive.output.render import render_material
from studyarchive.parse.frontmatter import ALIASES, CANONICAL

VOCAB = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
GOOD_FRONT = "---\ntitle: 材料\ndoc_type: self_review\nmember: 张三\ncampaign: 2023-zhuti-2\ndate: 2024-01-10\n---\n"

FRAGMENTS = [
    "一、存在问题", "二、原因分析", "三、整改措施", "## 整改措施", "### （一）理论学习方面", "（二）工作作风方面。",
    "【理论学习方面】", "一是", "二是", "1．", "（1）", "①", "第一，", "首先，", "最后，", "比如，", "。", "；", "：",
    "【针对问题：1.1、2.1】", "【针对问题：】", "【落实措施：x/y#3】", "（对应问题1.1）", "【见问题：9.9】", "##paidbegin##",
    "秘密", "13812345678", "<script>", "```", "\n", "\n\n", "- ", "1. ", "> ", "**", "学习不深入", "　", "\u00a0", "１２",
]
KEYS = list(CANONICAL) + list(ALIASES) + ["unknown", "标 题", ""]
VALUES = st.one_of(
    st.text(max_size=12), st.integers(-5, 3000), st.booleans(), st.none(), st.just("2024-02-30"), st.just("2024年7月18日"),
    st.just("self_review"), st.just("2023-zhuti-2"), st.just("秘密★1年"), st.lists(st.text(max_size=5), max_size=3),
)
body = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60).map("".join)


@st.composite
def front_matter(draw) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=10)):
        value = draw(VALUES)
        lines.append(f"{key}: {value!r}" if not isinstance(value, str) else f"{key}: {value}")
    text = "\n".join(lines)
    return draw(st.sampled_from([f"---\n{text}\n---\n", f"---\n{text}\n", text, "", GOOD_FRONT]))


WHERE = re.compile(r"^docs/[^:]+\.md(:\d+)?: \S")


def check(sources: list[tuple[str, str]]) -> None:
    archive = build_archive(sources, VOCAB)
    lines = {path: text.count("\n") + 2 for path, text in sources}
    for d in archive.diagnostics:
        assert WHERE.match(str(d)), str(d)
        path = d.path.removeprefix("docs/")
        assert 0 <= d.line <= lines[path], (str(d), lines[path])
    for material in archive.materials.values():
        render_material(material, archive, VOCAB)
    dumps(export(archive, VOCAB, lambda p: p))


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=front_matter(), text=body)
def test_random_materials_never_crash(front: str, text: str) -> None:
    check([("a/x.md", front + text)])


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=body, other=body, cut=st.integers(0, 400))
def test_mutated_good_materials_never_crash(text: str, other: str, cut: int) -> None:
    good = GOOD_FRONT + "一、存在问题\n\n（一）理论学习方面\n\n一是学习不深入。\n\n三、整改措施\n\n一是加强学习。【针对问题：1.1】\n"
    mutated = good[:cut] + text + good[cut:]
    check([("a/x.md", mutated), ("x/y.md", GOOD_FRONT + other), ("b/z.md", good)])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@settings(max_examples=examples(300), deadline=None)
@given(data=st.dictionaries(st.text(max_size=5), json_values, max_size=5), streamed=st.lists(json_values, max_size=5),
       key=st.text(max_size=5))
def test_streamed_json_is_what_json_dumps_writes(data: dict, streamed: list, key: str) -> None:
    """archive.json is written a material at a time; the bytes are the same as one json.dumps of the whole."""
    import json

    whole = {**data, key: streamed}
    expected = json.dumps(whole, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert dumps({**data, key: iter(streamed)}) == expected


@given(st.text(alphabet=st.sampled_from(list("&<>\"'a学 #/")) | st.characters(), max_size=30))
def test_escape_is_html_escape(text: str) -> None:
    """render.escape skips html.escape's replacements when there is nothing to replace: the same text either way
    (once control characters are gone: escaping.clean)."""
    import html

    from studyarchive.core.escaping import clean
    from studyarchive.output.render import escape

    assert escape(text) == html.escape(clean(text))


def test_every_property_test_follows_the_profile() -> None:
    """`make test` is derandomized by its profile (conftest.py) and `make fuzz` scales every test's examples: a test
    that set derandomize or a fixed max_examples itself would escape one or the other."""
    import hypothesis

    from conftest import PROFILE

    if PROFILE == "default":
        assert hypothesis.settings().derandomize and hypothesis.settings().database is None
    files = sorted((ROOT / "tests").rglob("test_*.py"))
    with_given = [f for f in files if "@given(" in f.read_text(encoding="utf-8")]
    assert len(with_given) >= 7, with_given
    for f in with_given:
        text = f.read_text(encoding="utf-8")
        assert re.findall(r"derandomize\s*=", text) == [], f.name
        assert re.findall(r"max_examples=(?!examples\(|\(\?)", text) == [], f.name
