"""Cross-link markers: 【针对问题：1.1、2.1】, 【落实措施：2023-zhuti-2/wangjianguo#3】, 对应问题1.2."""

from __future__ import annotations

import re

from ..core.diagnostics import Diagnostic, echo
from ..core.model import LABEL_KIND, Marker, Pos, Ref
from .numbering import halfwidth

BRACKET_RE = re.compile(r"【\s*(针对|对应|落实|见)(问题|原因|措施)\s*:?\s*([^】\n]*)】")
# The form real files use, without brackets: （对应问题1.1、1.2）, 针对问题2.1和2.2.
BARE_RE = re.compile(r"(?<!【)(针对|对应)(问题)\s*(\d+(?:\.\d+)?(?:\s*[、,和及]\s*\d+(?:\.\d+)?)*)")
SPLIT_RE = re.compile(r"\s*[、,;和及]\s*|\s+")
REF_RE = re.compile(r"^(?:(?P<path>[^#\s]+?)(?:\.md)?#)?(?P<id>\d+(?:\.\d+)?)$")
# A link `archive import` proposes and a person confirms (→ 【针对问题：…】) or deletes: never a link itself.
PROPOSAL_RE = re.compile(r"【\s*建议(针对|对应)(问题|原因|措施)\s*:?\s*([^】\n]*)】")


def find_markers(line_text: str, line: int, source: str, out: list[Diagnostic]) -> list[Marker]:
    """Markers on one line of the body; ``line`` is its file line."""
    if "【" not in line_text and "针对" not in line_text and "对应" not in line_text:
        return []  # most lines: every pattern below needs one of these (normalizing leaves them alone)
    norm = halfwidth(line_text)
    found: list[Marker] = []
    proposals = [(m.start(), m.end()) for m in PROPOSAL_RE.finditer(norm)]
    for m in PROPOSAL_RE.finditer(norm):
        confirmed = f"【针对{m.group(2)}：{line_text[m.start(3):m.end(3)].strip()}】"
        out.append(Diagnostic(source, line, f"建议的对应关系“{echo(line_text[m.start():m.end()])}”还没有确认：核对无误请改成“{confirmed}”，不对就整条删去。", "warning"))
    for pattern in (BRACKET_RE, BARE_RE):
        for m in pattern.finditer(norm):
            if any(mk.start.col <= m.start() < mk.end.col for mk in found) or any(a <= m.start() < b for a, b in proposals):
                continue
            verb, kind_label, body = m.group(1), m.group(2), m.group(3)
            refs: list[Ref] = []
            for token in (t for t in SPLIT_RE.split(body.strip()) if t):
                ref = REF_RE.match(token)
                if not ref:
                    out.append(Diagnostic(source, line, f"无法识别的引用“{echo(token)}”（在“{echo(line_text[m.start():m.end()])}”中）；"
                                                        "请写成编号，例如“1.2”，或写明另一份材料：“2023-zhuti-2/zhangsan#1.2”。"))
                    continue
                new = Ref(verb, LABEL_KIND[kind_label], ref.group("path"), ref.group("id"), line)
                if new in refs:
                    out.append(Diagnostic(source, line, f"引用“{echo(line_text[m.start():m.end()])}”中“{echo(token)}”重复了；请删去重复的编号。"))
                    continue
                refs.append(new)
            if not refs and not any(d.line == line and d.path == source for d in out):
                out.append(Diagnostic(source, line, f"引用“{echo(line_text[m.start():m.end()])}”没有写编号；请写成“【针对问题：1.1、2.1】”。"))
            found.append(Marker(Pos(line, m.start()), Pos(line, m.end()), tuple(refs), line_text[m.start():m.end()]))
    return sorted(found, key=lambda mk: mk.start.col)
