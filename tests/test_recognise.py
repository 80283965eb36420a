"""Recognition by meaning: combined headings, measure headings in other words, lead-in sentences, verb
enumerations, labelled paragraphs, what ends the last point, numbering oddities (real layouts, rewritten short)."""

from __future__ import annotations

import pytest

from studyarchive.cli.textread import join_broken
from studyarchive.parse.outline import classify, classify_lead, parse_outline


def structure(text: str) -> list[tuple[str, str, str]]:
    return [(i.kind, i.id, i.title) for i in parse_outline(text.strip("\n"), 1).items]


def test_combined_heading_split_by_its_sub_headings() -> None:
    text = """六、存在不足与改进方向
（一）存在不足
1.学习不够深入。比如，读书少。
2.调研不够经常。
（二）改进方向
1.加强学习。每月读一本书。
2.深入基层。"""
    outline = parse_outline(text, 1)
    assert structure(text) == [("problem", "1", "学习不够深入"), ("problem", "2", "调研不够经常"),
                               ("measure", "1", "加强学习"), ("measure", "2", "深入基层")]
    assert [s.kind for s in outline.sections] == ["problems", "measures"]
    assert [line for line, _ in outline.guesses] == [1, 5]


def test_combined_heading_with_reflection_word() -> None:
    text = """四、反思存在问题与今后努力方向
（一）存在问题
一是学习不够。
二是作风不实。
（二）今后努力方向
一是加强学习。"""
    assert structure(text) == [("problem", "1", "学习不够"), ("problem", "2", "作风不实"), ("measure", "1", "加强学习")]


@pytest.mark.parametrize("title", ["今后努力的方向", "改进方向", "下一步的工作打算", "展望未来，我将"])
def test_measure_headings_in_other_words(title: str) -> None:
    assert classify(title) == "measures"
    assert structure(f"三、{title}\n一是加强学习。\n二是改进作风。") == [("measure", "1", "加强学习"), ("measure", "2", "改进作风")]


def test_plain_line_pledge_heading() -> None:
    assert structure("展望未来，我将：\n一是加强学习。\n二是改进作风。") == [("measure", "1", "加强学习"), ("measure", "2", "改进作风")]


@pytest.mark.parametrize("title", ["整改收获", "取得的成绩", "上年度整改落实情况", "学习体会"])
def test_distractor_headings_stay_other(title: str) -> None:
    assert classify(title) in ("other", None)
    assert structure(f"一、{title}\n一是学习更深入。\n二是作风更扎实。") == []


def test_lead_in_under_an_unrelated_heading() -> None:
    text = """三、个人工作反思
一年来，工作取得了一定成绩，但对照要求，还存在以下几个方面的不足：
一是理论学习不够系统。
二是调查研究不够深入。
四、下一步工作打算
一是加强学习。"""
    outline = parse_outline(text, 1)
    assert structure(text) == [("problem", "1", "理论学习不够系统"), ("problem", "2", "调查研究不够深入"), ("measure", "1", "加强学习")]
    assert [s.kind for s in outline.sections] == ["other", "problems", "measures"]
    assert outline.sections[1].implied and outline.guesses[0][0] == 2


def test_lead_in_with_however_and_di_yi() -> None:
    text = """一、思想政治情况
能够坚定理想信念。当然，工作中还存在一些不足，主要如下：
第一，学习不够深入。比如，读书少。
第二，联系群众不够。"""
    assert structure(text) == [("problem", "1", "学习不够深入"), ("problem", "2", "联系群众不够")]


def test_achievements_before_the_lead_in_stay_text() -> None:
    text = """一、工作总结
一年来取得的主要成绩如下：
一是完成了任务。
二是获得了表彰。
但也存在一些问题，主要是：
一是学习不够。"""
    assert structure(text) == [("problem", "1", "学习不够")]


@pytest.mark.parametrize("lead", ["会议要求：", "工作部署如下：", "整改收获如下：", "取得的成绩主要有："])
def test_distractor_leads(lead: str) -> None:
    assert classify_lead(lead.rstrip("：")) is None
    assert structure(f"一、工作情况\n{lead}\n一是抓好学习。\n二是抓好落实。") == []


def test_verb_enumerations() -> None:
    text = "三、整改措施\n一要加强学习。\n二要改进作风。\n三要严守纪律。"
    assert structure(text) == [("measure", "1", "加强学习"), ("measure", "2", "改进作风"), ("measure", "3", "严守纪律")]
    text = "三、整改措施\n一抓组织领导，压实责任。\n二抓队伍建设。"
    assert structure(text) == [("measure", "1", "组织领导，压实责任"), ("measure", "2", "队伍建设")]


def test_inner_yishi_of_a_verb_item_stays_inside() -> None:
    text = "三、整改措施\n一要加强学习。一是读原著；二是写笔记。\n二要改进作风。"
    assert [t for _, _, t in structure(text)] == ["加强学习", "改进作风"]


def test_inline_measures_after_a_lead_in_the_problems_section() -> None:
    text = """一、存在问题
一是学习不够。
二是作风不实。
针对以上不足，今后一是要加强学习；二是要改进作风；三是要严守纪律。"""
    assert structure(text) == [("problem", "1", "学习不够"), ("problem", "2", "作风不实"),
                               ("measure", "1", "要加强学习"), ("measure", "2", "要改进作风"), ("measure", "3", "要严守纪律")]


def test_first_second_last() -> None:
    text = "三、整改措施\n首先，加强学习。\n其次，改进作风。\n最后，严守纪律。"
    assert [t for _, _, t in structure(text)] == ["加强学习", "改进作风", "严守纪律"]


def test_labelled_paragraphs_under_a_numbered_area() -> None:
    text = """一、存在问题
（一）理论学习方面
对党的创新理论学习意识不够。平时忙于事务，学习时间少。
学用结合不紧密。比如，学了不用。
（二）工作作风方面
联系群众不够密切。下基层少。"""
    outline = parse_outline(text, 1)
    assert [(i.id, i.title, i.area) for i in outline.items] == [
        ("1.1", "对党的创新理论学习意识不够", "理论学习"), ("1.2", "学用结合不紧密", "理论学习"),
        ("2.1", "联系群众不够密切", "工作作风")]


def test_joining_stops_before_a_heading_or_a_numbered_item() -> None:
    lines = ["标题", "按照要求，现报告如下：", "一年来，我认真学习。", "为推进工作：", "一抓组织领导，做好。", "主要存在以下问题：", "三、存在问题"]
    assert join_broken(lines) == lines
    assert join_broken(["标题", "我认真学习了《条例》，", "深刻认识到……"]) == ["标题", "我认真学习了《条例》，深刻认识到……"]


@pytest.mark.parametrize("closing", ["今后，我将继续努力，不断提高。", "以上对照检查，不妥之处，恳请同志们批评指正。",
                                     "附：学习计划", "发言人：张伟", "2024年7月18日"])
def test_the_last_point_ends_before_what_closes_the_material(closing: str) -> None:
    outline = parse_outline(f"三、整改措施\n一是加强学习。\n二是改进作风。\n{closing}", 1)
    assert outline.items[-1].text == "改进作风。"


def test_signature_at_the_end_is_not_in_the_last_point() -> None:
    outline = parse_outline("三、整改措施\n一是加强学习。\n二是改进作风。\n城关党支部 张伟", 1)
    assert outline.items[-1].text == "改进作风。"


def test_after_the_appendix_nothing_is_a_point() -> None:
    outline = parse_outline("三、整改措施\n一是加强学习。\n附：\n1.学习计划表。", 1)
    assert [i.id for i in outline.items] == ["1"]


@pytest.mark.parametrize("heading", ["三.整改措施", "三．整改措施", "三、整改措施"])
def test_dot_after_a_chinese_numeral_heading(heading: str) -> None:
    assert structure(f"一、存在问题\n1．学习不够。\n2. 作风不实。\n{heading}\n1. 加强学习。\n2．改进作风。") == [
        ("problem", "1", "学习不够"), ("problem", "2", "作风不实"), ("measure", "1", "加强学习"), ("measure", "2", "改进作风")]


def test_sub_headings_on_their_own_line_with_body_paragraphs() -> None:
    text = "三、整改措施\n1.加强学习\n每月读一本书。\n坚持写笔记。\n2.改进作风\n多下基层。"
    outline = parse_outline(text, 1)
    assert [(i.id, i.title) for i in outline.items] == [("1", "加强学习"), ("2", "改进作风")]
    assert outline.items[0].text == "加强学习\n每月读一本书。\n坚持写笔记。"


def test_an_areas_lead_paragraph_before_numbered_points_is_no_labelled_point() -> None:
    """A short first sentence under an area heading is a labelled point only where no numbered point follows."""
    text = """一、存在问题
（一）政治纪律方面
这一段是方面的说明，不属于任何问题。
一是理论学习不够系统。学习条例时满足于读原文。
二、整改措施
一是加强学习。"""
    assert structure(text) == [("problem", "1.1", "理论学习不够系统"), ("measure", "1", "加强学习")]


def test_a_point_on_its_areas_line_is_read_as_after_the_heading() -> None:
    """（一）组织生活方面。主题党日流于形式。 is the area and its one point, as when the point has its own line."""
    inline = "一、存在的问题\n（一）组织生活方面。主题党日活动有时流于形式。\n（二）作风建设方面：调研不深入，方案针对性不强。"
    own_line = "一、存在的问题\n（一）组织生活方面\n主题党日活动有时流于形式。\n（二）作风建设方面\n调研不深入，方案针对性不强。"
    expected = [("1.1", "主题党日活动有时流于形式", "组织生活"), ("2.1", "调研不深入，方案针对性不强", "作风建设")]
    for text in (inline, own_line):
        assert [(i.id, i.title, i.area) for i in parse_outline(text, 1).items] == expected
    # A lead sentence on the area's line before numbered points stays the area's text.
    text = "一、存在的问题\n（一）政治纪律方面。主要表现在以下两点。\n一是学习不够。\n二是作风不实。"
    assert [i.id for i in parse_outline(text, 1).items] == ["1.1", "1.2"]


def _items(kind: str, rows: list[tuple]) -> list:
    from studyarchive.core.model import Item, Pos

    out = []
    for row in rows:
        item_id, text = row[0], row[1]
        area = row[2] if len(row) > 2 else None
        p = Pos(1, 0)
        out.append(Item(kind, item_id, text.split("。")[0], text, p, p, area=area,
                        area_index=int(item_id.split(".")[0]) if area else None))
    return out


def test_proposals_keep_the_order_when_counts_match() -> None:
    """As many measures as problems, no word says otherwise: measure i answers problem i, and only it."""
    from studyarchive.link.proposals import propose

    problems = _items("problem", [("1", "理论学习不够系统。学习时间不固定。"), ("2", "担当作为不够。对分管领域的难点问题研究不深。"),
                                  ("3", "调查研究不够深入。到基层调研时听汇报多。")])
    measures = _items("measure", [("1", "制定年度学习计划。每月集中学习一天。"), ("2", "对分管领域的难点问题逐项研究。"),
                                  ("3", "每季度到基层调研不少于5天。")])
    assert propose(problems, measures) == {"1": ["1"], "2": ["2"], "3": ["3"]}
    # Measures in another order than the problems: the words decide, not the position.
    reverse = propose(problems, measures[::-1])
    assert reverse["3"] == ["3"] and reverse["1"] == ["1"]


def test_a_problem_answered_first_hand_is_no_weak_second_proposal() -> None:
    """一岗双责 after a measure for each problem answers none of them (its area word alone is not enough)."""
    from studyarchive.link.proposals import propose

    problems = _items("problem", [("1.1", "贯彻上级决策部署不够迅速。", "政治建设"), ("2.1", "对工程项目监管存在薄弱环节。", "廉政建设")])
    measures = _items("measure", [("1", "对上级决策部署建立台账，限时办结。"), ("2", "加强工程项目监管，每季度开展一次廉政风险排查。"),
                                  ("3", "严格落实一岗双责，定期听取党风廉政建设情况汇报。")])
    assert propose(problems, measures) == {"1": ["1.1"], "2": ["2.1"], "3": []}


def test_a_measure_between_linked_ones_answers_the_problems_left_between_theirs() -> None:
    from studyarchive.link.proposals import propose

    problems = _items("problem", [("1.1", "学习条例不够系统。", "政治纪律"), ("1.2", "政治敏锐性不强。", "政治纪律"),
                                  ("2.1", "落实制度有松懈。教研活动临时调整。", "工作纪律"), ("2.2", "服务学生不够细致。", "工作纪律")])
    measures = _items("measure", [("1", "深学细悟党纪党规。"), ("2", "严格执行工作制度。教研活动按计划开展。"),
                                  ("3", "用心服务每一名学生。")])
    assert propose(problems, measures) == {"1": ["1.1", "1.2"], "2": ["2.1"], "3": ["2.2"]}
    # Nothing is guessed where the problems left span two areas.
    problems[1] = _items("problem", [("1.2", "政治敏锐性不强。", "政治纪律")])[0]
    problems.insert(2, _items("problem", [("3.1", "群众观念淡薄。", "群众纪律")])[0])
    assert propose(problems, measures)["1"] == []


def test_an_area_named_only_by_a_word_all_areas_share_is_no_area() -> None:
    from studyarchive.link.proposals import _area_words

    words = _area_words({"政治纪律", "工作纪律"})
    assert "政治" in words["政治纪律"] and not {"纪律"} & (words["政治纪律"] | words["工作纪律"])


def test_first_second_with_shi_inline_after_commas() -> None:
    """原因一段：首先是……，其次是……，再次是……。"""
    text = "二、产生问题的原因\n首先是理想信念有所弱化，其次是宗旨意识有所淡薄，再次是自我要求有所降低。"
    assert structure(text) == [("cause", "1", "理想信念有所弱化"), ("cause", "2", "宗旨意识有所淡薄"),
                               ("cause", "3", "自我要求有所降低")]
    # In a sentence 首先是 is an adverb, not a point: 纪律首先是用来“防”的。
    # (the whole paragraph is the section's one cause, not split at 其次是).
    assert [i.id for i in parse_outline("二、原因分析\n我的理解是，纪律首先是用来防的，其次是……。", 1).items] == ["1"]


def test_one_unnumbered_paragraph_of_causes_is_one_cause() -> None:
    text = "一、存在的问题\n1.学习不深入。\n二、原因分析\n纪律意识不强，对制度的严肃性认识不足。\n三、整改措施\n1.系统学习。"
    assert structure(text) == [("problem", "1", "学习不深入"), ("cause", "1", "纪律意识不强，对制度的严肃性认识不足"),
                               ("measure", "1", "系统学习")]
    # A lead sentence before numbered causes stays the section's text.
    text = "二、原因分析\n经过反思，原因主要有以下几点。\n1.学习不够。\n2.要求不严。"
    assert [i.id for i in parse_outline(text, 1).items] == ["1", "2"]


def test_labelled_paragraphs_of_measures_without_numbers() -> None:
    text = "三、整改措施\n加强理论学习。每天学习不少于半小时。\n改进工作作风。每月到联系村蹲点调研。\n提高工作标准。反复推敲，精益求精。"
    assert structure(text) == [("measure", "1", "加强理论学习"), ("measure", "2", "改进工作作风"), ("measure", "3", "提高工作标准")]
    # Only when every paragraph opens with a label: a pledge or a long sentence makes it plain text.
    text = "三、整改措施\n加强理论学习。每天学习不少于半小时。\n在今后的学习工作中，我要以更高的标准严格要求自己，努力做一名合格党员。"
    assert structure(text) == []


def test_a_measure_naming_an_area_answers_its_problems() -> None:
    from studyarchive.link.proposals import propose

    problems = _items("problem", [("1.1", "对党的创新理论学习意识不够。", "理论学习"), ("1.2", "学用结合不够紧密。", "理论学习"),
                                  ("2.1", "深入基层调研不够。", "工作作风"), ("2.2", "工作标准不够高。有些材料满足于过得去。", "工作作风")])
    measures = _items("measure", [("1", "加强理论学习。每天学习不少于半小时。"), ("2", "改进工作作风。每月到联系村蹲点调研。"),
                                  ("3", "提高工作标准。对经手的每份材料反复推敲。")])
    assert propose(problems, measures) == {"1": ["1.1", "1.2"], "2": ["2.1"], "3": ["2.2"]}


def test_pledge_clauses_are_the_measures_a_combined_heading_announced() -> None:
    """四、反思存在问题与今后努力方向 with no sub-headings: 今后，我将……；……；…… holds the measures, one a clause."""
    text = ("四、反思存在问题与今后努力方向\n回顾一年工作，还有不少差距。一是业务学习不够深入；二是工作主动性不够。\n"
            "今后，我将认真学习新标准，每月研读一项规范；主动思考、积极作为；加强与同事的沟通配合。")
    expected = [("problem", "1", "业务学习不够深入"), ("problem", "2", "工作主动性不够"),
                ("measure", "1", "认真学习新标准，每月研读一项规范"), ("measure", "2", "主动思考、积极作为"),
                ("measure", "3", "加强与同事的沟通配合")]
    assert structure(text) == expected
    # As archive import writes it: each clause a paragraph of its own, with its proposal.
    split = text.replace("；主动", "；【建议对应问题：1】\n主动").replace("；加强", "；\n加强")
    assert structure(split) == expected
    # After measures, 今后，我将…… is the closing pledge, semicolons or not.
    closing = "三、整改措施\n一是加强学习。\n今后，我将继续努力；不断提高。"
    assert structure(closing) == [("measure", "1", "加强学习")]
