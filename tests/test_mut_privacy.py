"""What must not be in a material (hooks/studyarchive/parse/privacy.py), called directly: the exact Chinese message, at the
file line where it stands, for a classification marking, an ID card, a mobile or bank card number, active HTML and a
picture from another server; and silence for what only looks like them.
"""

from __future__ import annotations

import pytest

from studyarchive.core.diagnostics import Diagnostic
from studyarchive.parse.privacy import CLASSIFIED, check_body, id_card_valid, luhn_valid, mask

HINT = "个人信息不应写入材料，请删除；如果不是个人信息，请在这一行末尾加上“<!-- 非个人信息 -->”。"
HTML = "不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。"
OUTSIDE = ("材料中的图片来自外部网址（http://、https:// 或 //），读者打开页面时浏览器会去外网取图，已被去掉；"
           "请把图片文件放进 docs/ 下的 assets 文件夹，用相对路径引用。")


def check(body: str, body_line: int = 10) -> list[str]:
    out: list[Diagnostic] = []
    check_body(body, body_line, "docs/a/x.md", out)
    return [f"{d}｜{d.level}" for d in out]


@pytest.mark.parametrize(("number", "valid"), [
    ("11010519491231002X", True), ("11010519491231002x", True), ("110105199001020008", True),
    ("110105194912310021", False), ("110105199001020009", False), ("11010519491231002Y", False),
    ("210105199001020008", False),
])
def test_id_card_check_digit(number: str, valid: bool) -> None:
    assert id_card_valid(number) is valid


@pytest.mark.parametrize(("number", "valid"), [
    ("79927398713", True), ("79927398710", False), ("4111111111111111", True), ("4111111111111112", False),
    ("6222021234567890128", True), ("6222021234567890127", False), ("0", True), ("18", True), ("59", True),
    ("91", True), ("19", False),
])
def test_luhn(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


def test_mask_keeps_three_and_four() -> None:
    assert mask("13800138000") == "138****8000"
    assert mask("11010519491231002X") == "110***********002X"
    assert mask("6222021234567890128") == "622************0128"


def test_a_clean_body_says_nothing() -> None:
    assert check("学习党章，写心得。\n2024年7月18日，共12人参加。\n电话号码不写。\n秘密地学习不是密级。\n") == []


def test_personal_numbers_are_reported_masked_on_their_line() -> None:
    body = ("第一行\n"
            "身份证号 11010519491231002X，手机 138 0013 8000，卡号 6222 0212 3456 7890 128。\n"
            "手机 139-1234-5678；座机 010-12345678 不算。\n"
            "110105199001020008 既是身份证号，也过得了银行卡的校验：只报一次。\n"
            "错号 110105194912310021 和 6222021234567890127 都不报。\n"
            "13800138000 <!-- 非个人信息 -->\n"
            "二十位 62220212345678901283 不是卡号；十五位 378282246310005 也不是；12位 138001380001 也不是手机。\n")
    assert check(body) == [
        f"docs/a/x.md:11: 疑似身份证号“110***********002X”：{HINT}｜warning",
        f"docs/a/x.md:11: 疑似手机号码“138****8000”：{HINT}｜warning",
        f"docs/a/x.md:11: 疑似银行卡号“622************0128”：{HINT}｜warning",
        f"docs/a/x.md:12: 疑似手机号码“139****5678”：{HINT}｜warning",
        f"docs/a/x.md:13: 疑似身份证号“110***********0008”：{HINT}｜warning",
    ]


def test_two_numbers_on_one_line_are_both_reported_ids_then_mobiles_then_cards() -> None:
    # The card starts where no earlier finding does: both are reported (only one found at the same start is dropped).
    assert check("卡 4111111111111111 和手机 13800138000\n", 1) == [
        f"docs/a/x.md:1: 疑似手机号码“138****8000”：{HINT}｜warning",
        f"docs/a/x.md:1: 疑似银行卡号“411*********1111”：{HINT}｜warning",
    ]


def test_active_html_is_named_once_per_kind_on_its_line() -> None:
    body = ("正文\n"
            "<script>alert(1)</script><script>x</script> <a onclick=\"x\">y</a> <a href=\"JavaScript:void(0)\">z</a>"
            " <span style=\"color:red\">s</span>\n"
            "<IFRAME src=x>\n"
            "< svg onload=x>\n"
            "普通的 <b>粗体</b> 不算。\n")
    assert check(body, 5) == [
        f"docs/a/x.md:6: 材料中的 HTML（<script> 标签）{HTML}｜warning",
        f"docs/a/x.md:6: 材料中的 HTML（事件属性（如 onclick））{HTML}｜warning",
        f"docs/a/x.md:6: 材料中的 HTML（javascript: 链接）{HTML}｜warning",
        f"docs/a/x.md:6: 材料中的 HTML（style 样式属性）{HTML}｜warning",
        f"docs/a/x.md:7: 材料中的 HTML（<iframe> 标签）{HTML}｜warning",
        f"docs/a/x.md:8: 材料中的 HTML（<svg> 标签）{HTML}｜warning",
        f"docs/a/x.md:8: 材料中的 HTML（事件属性（如 onclick））{HTML}｜warning",
    ]


def test_pictures_from_other_servers_are_named_where_they_stand() -> None:
    body = ("![本地](assets/a.png)\n"
            "![外图](https://example.com/a.png)\n"
            "正文\n"
            "<img src=\"//cdn.example.com/x.png\">\n"
            "[外网链接](https://example.com/) 不是图片。\n")
    assert check(body, 20) == [f"docs/a/x.md:21: {OUTSIDE}｜warning", f"docs/a/x.md:23: {OUTSIDE}｜warning"]


def test_a_marking_line_is_an_error_that_quotes_it() -> None:
    body = "正文第一行\n  秘密★1年  \n要保守党的秘密。\n【机密】关于某事\n"
    assert check(body, 8) == [
        f"docs/a/x.md:9: 正文中有密级标识“秘密★1年”：{CLASSIFIED}｜error",
        f"docs/a/x.md:11: 正文中有密级标识“【机密】关于某事”：{CLASSIFIED}｜error",
    ]


def test_each_check_works_alone_and_all_together() -> None:
    # Every kind on its own in a body (so that no other kind opens the line-by-line pass), then all in one body.
    assert check("秘密\n", 1) == [f"docs/a/x.md:1: 正文中有密级标识“秘密”：{CLASSIFIED}｜error"]
    assert check("13800138000\n", 1) == [f"docs/a/x.md:1: 疑似手机号码“138****8000”：{HINT}｜warning"]
    assert check("<form>\n", 1) == [f"docs/a/x.md:1: 材料中的 HTML（<form> 标签）{HTML}｜warning"]
    assert check("![](http://e.com/a.png)\n", 1) == [f"docs/a/x.md:1: {OUTSIDE}｜warning"]
    assert check("a\n秘密\n13800138000\n<form>\n![](http://e.com/a.png)\n", 1) == [
        f"docs/a/x.md:2: 正文中有密级标识“秘密”：{CLASSIFIED}｜error",
        f"docs/a/x.md:3: 疑似手机号码“138****8000”：{HINT}｜warning",
        f"docs/a/x.md:4: 材料中的 HTML（<form> 标签）{HTML}｜warning",
        f"docs/a/x.md:5: {OUTSIDE}｜warning",
    ]
