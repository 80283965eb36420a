"""What must not be in a material: classification markings, personal data, active HTML.

Each check reads the body line by line and reports Diagnostics; nothing here changes the text.
"""

from __future__ import annotations

import re

from ..core.diagnostics import Diagnostic, echo
from .markings import marking_lines, may_contain

CLASSIFIED = "涉密材料不得录入本档案（涉密信息不上网、上网信息不涉密）。请删除这份材料，按保密规定另行保管。"
# The documented way to mark a false positive: an HTML comment on the same line (invisible on the page).
NOT_PERSONAL = "<!-- 非个人信息 -->"

ID_CARD_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")
BANK_CARD_RE = re.compile(r"(?<!\d)(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?!\d)")
# Every number the three patterns above look for has at least eleven digits: searching a whole text for
# that first is ten times faster than the patterns themselves (their look-behinds try every position).
LONG_NUMBER_RE = re.compile(r"\d(?:[ -]?\d){10}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

UNSAFE_HTML = [
    (re.compile(r"<\s*(script|iframe|frame|object|embed|form|input|button|textarea|select|style|link|meta|base|svg|math)\b", re.I), "<{0}> 标签"),
    (re.compile(r"<[^>]*\son\w+\s*=", re.I), "事件属性（如 onclick）"),
    (re.compile(r"javascript\s*:", re.I), "javascript: 链接"),
    (re.compile(r"<[^>]*\sstyle\s*=", re.I), "style 样式属性"),
]


# An image from another server (Markdown ![..](http://..) or <img src="//..">): the sanitizer drops its address.
OUTSIDE_IMAGE_RE = re.compile(r"""!\[[^\]\n]*\]\(\s*<?\s*(?:https?:|[/\\]{2})|<img\b[^>]*\ssrc\s*=\s*["']?\s*(?:https?:|[/\\]{2})""", re.I)


def id_card_valid(number: str) -> bool:
    digits = number[:17]
    total = sum(int(d) * w for d, w in zip(digits, ID_WEIGHTS))
    return ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(number: str) -> bool:
    total = 0
    for n, ch in enumerate(reversed(number)):
        d = int(ch)
        if n % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def check_body(body: str, body_line: int, source: str, out: list[Diagnostic]) -> None:
    # Each check first searches the whole text at once: most materials have nothing to report, and
    # then no line needs to be looked at one by one.
    # A marking line such as “秘密★1年”, “【机密】”, “密级：绝密” (markings.py): the whole line, not a word in a sentence.
    classified = set(marking_lines(body)) if may_contain(body) else set()
    personal = LONG_NUMBER_RE.search(body) is not None
    unsafe = any(p.search(body) for p, _ in UNSAFE_HTML)
    outside = OUTSIDE_IMAGE_RE.search(body) is not None
    if not (classified or personal or unsafe or outside):
        return
    for n, line in enumerate(body.split("\n")):
        where = body_line + n
        if n in classified:
            out.append(Diagnostic(source, where, f"正文中有密级标识“{echo(line.strip())}”：{CLASSIFIED}"))
        if personal:
            _personal(line, where, source, out)
        if unsafe:
            _unsafe(line, where, source, out)
        if outside and OUTSIDE_IMAGE_RE.search(line):
            out.append(Diagnostic(source, where, "材料中的图片来自外部网址（http://、https:// 或 //），读者打开页面时浏览器会去外网取图，"
                                  "已被去掉；请把图片文件放进 docs/ 下的 assets 文件夹，用相对路径引用。", "warning"))


def _personal(line: str, where: int, source: str, out: list[Diagnostic]) -> None:
    if NOT_PERSONAL in line:
        return
    found: list[tuple[int, int]] = []
    hint = f"个人信息不应写入材料，请删除；如果不是个人信息，请在这一行末尾加上“{NOT_PERSONAL}”。"

    def report(span: tuple[int, int], what: str, number: str) -> None:
        if any(s <= span[0] < e for s, e in found):
            return
        found.append(span)
        out.append(Diagnostic(source, where, f"疑似{what}“{mask(number)}”：{hint}", "warning"))

    for m in ID_CARD_RE.finditer(line):
        if id_card_valid(m.group(1)):
            report(m.span(1), "身份证号", m.group(1))
    for m in MOBILE_RE.finditer(line):
        report(m.span(1), "手机号码", re.sub(r"[ -]", "", m.group(1)))
    for m in BANK_CARD_RE.finditer(line):
        digits = re.sub(r"[ -]", "", m.group(1))  # 16 to 19 digits: BANK_CARD_RE allows no other length
        if luhn_valid(digits):
            report(m.span(1), "银行卡号", digits)


def _unsafe(line: str, where: int, source: str, out: list[Diagnostic]) -> None:
    for pattern, what in UNSAFE_HTML:
        m = pattern.search(line)
        if m:
            name = what.format(m.group(1).lower()) if m.groups() else what
            out.append(Diagnostic(source, where, f"材料中的 HTML（{name}）不会在网页上生效，已被清除；材料请只用普通文字和 Markdown 格式。", "warning"))
