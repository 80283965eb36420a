"""The real 对照检查材料 in ../shared/samples/, exactly as a paid-document website published it."""

from __future__ import annotations

import pytest

from conftest import ROOT, SHARED_SAMPLES, need_shared
from studyarchive import build_archive
from studyarchive.core.vocab import load_vocabulary
from studyarchive.output.render import render_material

SAMPLE = SHARED_SAMPLES / "000_6c18b49520dbd4c6.txt"
FRONT = "---\ntitle: 2023年第二批主题教育党组织生活会个人对照检查材料\ndoc_type: self_review\nmember: 某党员\ncampaign: 2023-zhuti-2\ndate: 2023-12-20\n---\n"


@pytest.fixture(scope="module")
def parsed():
    need_shared(SAMPLE)
    vocab = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    archive = build_archive([("sample.md", FRONT + SAMPLE.read_text(encoding="utf-8"))], vocab)
    return archive, archive.materials["sample.md"], vocab


def test_six_areas_twelve_problems_five_causes_five_measures(parsed) -> None:
    _, material, _ = parsed
    (problems,) = [s for s in material.sections if s.kind == "problems"]
    assert [a[0] for a in problems.areas] == ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]
    assert [i.id for i in material.items_of("problem")] == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2"]
    assert [i.title for i in material.items_of("cause")] == ["思想理论学习有所欠缺", "政治意识亟待提高", "宗旨意识还需进一步树牢", "工作作风出现弱化", "党性修养有所减弱"]
    assert [i.title for i in material.items_of("measure")] == ["加强理论知识", "抓住工作不放松", "树牢宗旨意识", "要有创新意识", "严格遵规守纪"]
    first = material.items_of("problem")[0]
    assert first.title == "开展学习不深入" and first.area == "理论学习" and "比如，学习理解新时代党的组织路线不深入" in first.text


def test_website_markers_are_gone_and_reported(parsed) -> None:
    archive, material, vocab = parsed
    assert all("paid" not in item.text for item in material.items)
    assert "##paid" not in render_material(material, archive, vocab)
    assert [str(d) for d in archive.warnings if "网站标记" in d.message] == [
        "docs/sample.md:13: 网站标记“##paidbegin##”不是材料内容，页面上已去掉；请从文件中删除它。",
        "docs/sample.md:38: 网站标记“##paidend##”不是材料内容，页面上已去掉；请从文件中删除它。",
    ]


def test_no_measure_names_its_problems_so_every_problem_is_reported(parsed) -> None:
    archive, _, _ = parsed
    unanswered = [d for d in archive.warnings if "没有对应的整改措施" in d.message]
    assert len(unanswered) == 12
    assert archive.errors == []
