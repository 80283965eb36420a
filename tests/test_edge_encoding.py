"""Edge cases of `archive import`'s encodings (short GBK texts, --encoding) and of echoed input in messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clitools import archive, make_project
from conftest import examples

# Common characters of party documents (all simplified, all in GBK).
COMMON = "".join(dict.fromkeys(
    "党的中国共产员支部委书记组织生活会议学习教育主题习近平新时代特色社会义思想理论政治纪律规矩廉洁作风建设"
    "群众路线问题整改措施落实责任分析原因查找检视剖析批评自我对照材料个人发言提高认识加强深入系统全面从严治"
    "制度执行监督检查工作任务目标要求部署安排开展推进实事求是密切联系服务人民坚持领导核心地位维护权威统一意"
    "识形态宗旨初心使命担当作为精神状态能力水平方法创新发展改革稳定安全经济文化基层单位干部同志成员积极主动"
    "及时认真严格规范标准程序报告请示汇报情况方面存在不足够差距短板弱项根源思想上行动还有一是二三四五六七八"
    "九十年月日整体大局意见建议表态承诺清正廉明守法遵纪底线红线警示案例反面典型先进模范带头示范引领凝聚力量"
    "贯彻落实决策党章党规准则条例纪检监察巡视整治腐败奋斗历史经验传承红色基因为民办好事解决困难"
    "信念理想宗旨观念群团青年妇女农村城市企业机关学校医院社区村庄防范风险化解矛盾调查研究民主集中评议考核"
))
assert len(set(COMMON)) >= 280, len(set(COMMON))
SUMMARY = "已导入 {path}（{name}）→ {target}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("enc") / "proj")


def imported(project: Path, data: bytes, *options: str) -> tuple[str, list[str]]:
    """The imported file without spaces and heading marks, and the summary's lines, for one .txt file of these bytes."""
    source = project.parent / "in.txt"
    source.write_bytes(data)
    target = project / "out.md"
    result = archive(project, "import", "--force", "-o", str(target), *options, str(source))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    flat = re.sub(r"[\s#]", "", target.read_text(encoding="utf-8"))
    return flat, result.stdout.splitlines()


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def note(name: str, other: str, option: str) -> str:
    return (f"  注意：文字太少，无法确定文件的编码：已按 {name} 读取，它也可能是 {other}。"
            f"如果导入的文字是乱码，请加 --encoding {option} --force 重新导入。")


@pytest.mark.parametrize(("text", "encoding", "name", "other", "option"), [
    ("存在问题", "gbk", "GB18030/GBK", "Big5", "big5"),
    ("一、存在问题\n1.学习不够", "gbk", "GB18030/GBK", "Big5", "big5"),
    ("学习", "gbk", "GB18030/GBK", "UTF-8", "utf-8"),  # D1A7 CFB0 is valid UTF-8 too (ѧϰ)
    ("党员", "gb18030", "GB18030/GBK", "Big5", "big5"),
    ("中國共產黨", "big5", "Big5", "GB18030/GBK", "gbk"),
])
def test_a_short_chinese_text_is_read_right_and_the_guess_is_said(project: Path, text: str, encoding: str,
                                                                  name: str, other: str, option: str) -> None:
    body, out = imported(project, text.encode(encoding))
    for line in text.split("\n"):
        assert flat(line) in body
    assert out[0] == SUMMARY.format(path=project.parent / "in.txt", name=name, target="out.md")
    assert out[1] == note(name, other, option)


def test_a_long_text_is_read_without_a_note(project: Path) -> None:
    text = "一、存在问题\n一是理论学习不够系统，学习时满足于读原文，没有深入思考，联系实际不够紧密。\n"
    for encoding, name in (("gbk", "GB18030/GBK"), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8（带 BOM）"), ("utf-16", "UTF-16")):
        _body, out = imported(project, text.encode(encoding))
        assert out[0].endswith(f"（{name}）→ out.md")
        assert not any("注意：文字太少" in line for line in out)
    trad = "一、存在問題\n一是理論學習不夠系統，學習時滿足於讀原文，沒有深入思考，聯繫實際不夠緊密。\n"
    body, out = imported(project, trad.encode("big5"))
    assert out[0].endswith("（Big5）→ out.md") and "學習時滿足於讀原文" in body
    assert not any("注意：文字太少" in line for line in out)


def test_utf16_without_a_bom_is_read_from_its_nul_bytes(project: Path) -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        body, out = imported(project, "存在问题：\n1. 学习不够\n".encode(encoding))
        assert out[0].endswith("（UTF-16）→ out.md")
        assert "学习不够" in body


def test_encoding_overrides_the_guess(project: Path) -> None:
    data = "中國共產黨".encode("big5")
    body, out = imported(project, data, "--encoding", "big5")
    assert out[0].endswith("（Big5）→ out.md") and "中國共產黨" in body
    assert not any("注意：文字太少" in line for line in out)
    body, out = imported(project, "存在问题".encode("gbk"), "--encoding", "GBK")
    assert out[0].endswith("（GB18030/GBK）→ out.md") and "存在问题" in body
    assert not any("注意：文字太少" in line for line in out)


def test_an_unknown_or_wrong_encoding_is_refused_in_chinese(project: Path) -> None:
    source = project.parent / "wrong.txt"
    source.write_bytes("一、存在问题\n1.学习不够".encode("gbk"))
    result = archive(project, "import", "--encoding", "latin1", str(source))
    assert result.returncode == 2
    assert result.stderr == "错误：不认识的编码“latin1”（--encoding）：可选 gbk、gb18030、big5、utf-8、utf-16。\n"
    result = archive(project, "import", "--encoding", "utf-8", "-o", str(project / "wrong.md"), str(source))
    assert result.returncode == 1
    assert result.stderr == (f"无法导入 {source}：按 --encoding utf-8 读不了这个文件：第 1 行有不属于 UTF-8 编码的字节。"
                             "请换一种编码，或去掉 --encoding 让程序自动识别。\n")
    assert not (project / "wrong.md").exists()


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=COMMON, min_size=1, max_size=40))
def test_any_short_common_text_comes_back_in_every_encoding(project: Path, text: str) -> None:
    for encoding in ("gbk", "utf-8", "utf-8-sig", "utf-16"):
        body, _out = imported(project, ("学习材料\n" + text + "\n").encode(encoding))
        assert "title:学习材料" in body and text in body, encoding


@settings(max_examples=examples(1500), deadline=None)
@given(st.text(alphabet=COMMON + "，。、；：“”（）\n1234567890", min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_the_reader_decodes_any_short_common_text_exactly(text: str) -> None:
    from studyarchive.cli.textread import decode

    for encoding in ("gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16", "utf-32"):
        assert decode(text.encode(encoding))[0] == text, encoding


# --- a ledger's own keys, labels and values echoed in `archive check` ----------------------------

LEDGER_MATERIAL = """\
---
title: 党纪学习教育个人对照检查材料
doc_type: self_review
member: 张三
campaign: 2024-dangji
date: 2024-07-18
ledger:
  "a\\n::error file=x.md,line=1::injected": {状态: 整改中}
  1: {"督办\\n::error file=y.md,line=2::x": 王建国, 状态: "完成\\r\\n::warning::x"}
---
## 一、存在问题

### （一）政治纪律方面

一是学习不够。比如，读书少。

二是联系群众不够。比如，走访少。

## 二、整改措施

一是多读书。每月读一本。【针对问题：1.1、1.2】
"""
LEDGER_ERRORS = [
    (8, "台账中的“a\\u000a::error file=x.md,line=1::injected”不是措施编号；请写措施的序号，例如“3:”表示措施 3。"),
    (9, "未知的台账项“督办\\u000a::error file=y.md,line=2::x”；可选：责任人、完成时限、状态、完成日期、备注（也可以写 owner、deadline、status、completed、note）。"),
    (9, "未知的整改状态“完成\\u000d\\u000a::warning::x”；可选：未启动、整改中、已完成、长期坚持。"),
]


def test_a_ledger_key_with_a_newline_cannot_inject_lines(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"2024-dangji/zhangsan.md": LEDGER_MATERIAL})
    github = archive(root, "check", "--format", "github")
    assert github.returncode == 1
    assert github.stdout.splitlines() == [
        *(f"::error file=docs/2024-dangji/zhangsan.md,line={line}::{message}" for line, message in LEDGER_ERRORS),
        "检查了 1 份材料：3 处错误，0 处警告。请按上面的提示逐条修改。",
    ]
    plain = archive(root, "check")
    assert plain.returncode == 1
    assert plain.stdout.splitlines() == [
        "错误：",
        *(f"docs/2024-dangji/zhangsan.md:{line}: {message}" for line, message in LEDGER_ERRORS),
        "检查了 1 份材料：3 处错误，0 处警告。请按上面的提示逐条修改。",
    ]
