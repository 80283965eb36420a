"""Escaping is the default in the HTML the archive writes (issue 21): every generator builds its markup with
``escaping.Html`` (markupsafe's Markup, escaping with ``escaping.html``) or an autoescaping Jinja template, so a
member's text cannot become markup whatever field it is written in; and no HTML is built from f-strings or
concatenation outside them (a static check of the core)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from studyarchive.analyse.indexes import Options, build_index
from studyarchive.cli.pdf import document
from studyarchive.core.diagnostics import Diagnostic
from studyarchive.core.escaping import EMPTY, Html, html, template
from studyarchive.core.vocab import load_vocabulary
from studyarchive.link.pipeline import build_archive
from studyarchive.output.additions import material_additions
from studyarchive.output.charts import Series, bar_chart
from studyarchive.output.fragments import Fragments
from studyarchive.output.pages import Writer, build_pages, overview_block
from studyarchive.output.printing import mark_for_print, volume_markdown, volume_part
from studyarchive.output.render import error_box, page_url, render_material

# A member's text that would be live markup if it reached the HTML raw: an element with an attribute the
# archive never writes, and quotes that would end an attribute.
CANARY = '<b data-canary="1">\'"&'
HOSTILE = st.text(alphabet=st.sampled_from(list("<>&\"'=/ 王a")), max_size=6).map(lambda s: s + CANARY)


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def vocabulary(label: str, area: str) -> str:
    return f"""\
branches:
  - {{id: zhibu, label: {q("支部" + label)}}}
campaigns:
  - {{id: 2023-zhuti, label: {q("主题" + label)}, year: 2023, areas: [{q(area)}]}}
  - {{id: 2024-dangji, label: {q("党纪" + label)}, year: 2024, areas: [{q(area)}]}}
doc_types:
  - {{id: self_review, label: {q("对照" + label)}, structured: true, personal: true, campaign: true}}
  - {{id: minutes, label: {q("记录" + label)}, structured: false, personal: false, campaign: false}}
meeting_types:
  - {{id: party_congress, label: {q("大会" + label)}}}
"""


def review(campaign: str, date: str, name: str, title: str, area: str, owner: str, due: str, note: str) -> str:
    return f"""\
---
title: {q(title)}
doc_type: self_review
member: {q(name)}
campaign: {campaign}
date: {date}
---
一、存在问题

（一）{area}方面。

一是纪律意识不强。比如，学习少。

二、整改措施

一是加强纪律学习。【针对问题：1.1】（责任人：{owner}；完成时限：{due}；状态：整改中；备注：{note}）
"""


MINUTES = """\
---
title: 党员大会记录
doc_type: minutes
meeting_type: party_congress
date: 2024-07-20
---
会议记录。
"""


class Live(HTMLParser):
    """The attributes a browser would read: a canary among them is a member's text turned into markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(name: str, out: str) -> None:
    assert CANARY not in out, f"{name}: raw member text in the HTML"
    assert "&amp;lt;" not in out and "&amp;amp;" not in out, f"{name}: escaped twice"
    parser = Live()
    parser.feed(out)
    assert "data-canary" not in parser.attributes, name


def generated(name: str, title: str, area: str, owner: str, due: str, note: str, label: str) -> dict[str, str]:
    """Every HTML generator's output for an archive whose every field carries member text with markup in it."""
    vocab = load_vocabulary(vocabulary(label, area), "vocabulary.yml")
    sources = [
        ("2023-zhuti/wang.md", review("2023-zhuti", "2023-07-18", name, title, area, owner, due, note)),
        ("2024-dangji/wang.md", review("2024-dangji", "2024-07-18", name, title, area, owner, due, note)),
        ("2024-dangji/li.md", review("2024-dangji", "2024-07-19", "李" + name, title, area, owner, due, note)),
        ("huiyi/dahui.md", MINUTES),
    ]
    archive = build_archive(sources, vocab)
    assert archive.materials, [str(d) for d in archive.diagnostics]
    index = build_index(archive, vocab, Options(today=dt.date(2025, 1, 1), threshold=0.3))
    writer = Writer(index, vocab, archive.materials, page_url)
    out: dict[str, str] = {}
    for page in build_pages(writer):
        if page.body is not None:
            out[page.path] = page.body()
    out["overview_block"] = overview_block(writer, "index.md")
    diagnostics = [Diagnostic(path, 9, "问题" + note, "warning") for path in archive.materials]
    for path, material in archive.materials.items():
        frags = Fragments()
        marks, ledger = material_additions(writer, material)
        render_material(material, archive, vocab, frags, page_url, marks, diagnostics=diagnostics)
        frags.defer_blocks(ledger)
        # The archive's own HTML on the page (the author's Markdown around it is the sanitizer's: test_security).
        page_html = "\n".join(part if isinstance(part, str) else part() for part in frags.parts)
        out[path] = page_html
        out[path + " print"] = mark_for_print(page_html)
        out[path + " error box"] = error_box(diagnostics, text=note)
        out[path + " pdf"] = document(f"<title>{html(title)}</title><article>{page_html}</article>", title, True, name)
    frags = Fragments()
    materials = list(archive.materials.values())
    prefixes = {page_url(m.path): f"v{n}-" for n, m in enumerate(materials, 1)}
    volume = volume_markdown("2024-dangji", materials, vocab, frags,
                             lambda n, m: volume_part(out[m.path], page_url(m.path), "indexes/print/x/", prefixes))
    out["volume"] = frags.restore(volume.split("\n---\n", 1)[1])  # after its front matter (YAML: the title as data)
    out["chart"] = bar_chart("c", title, [Series(name, "#000")], [(area, [1]), (owner, [2])], True, note)
    return out


# No shrinking: every field already carries the canary, and shrinking seven texts that each build an archive takes
# minutes to say which one it was (the failing generator's name is in the message).
@settings(max_examples=examples(12), deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(HOSTILE, HOSTILE, st.sampled_from(["纪律", "作风"]).map(lambda a: a + CANARY),  # an area heading: 24 characters at most
       HOSTILE, HOSTILE, HOSTILE, HOSTILE)
def test_member_text_in_every_field_reaches_no_generator_as_markup(name: str, title: str, area: str, owner: str, due: str,
                                                                   note: str, label: str) -> None:
    out = generated("王" + name, "对照" + title, area, owner, due, note, label)
    for key, text in out.items():
        assert_inert(key, text)
    everything = "".join(out.values())
    assert html(CANARY) in everything  # the text itself is there, escaped once
    assert html(area) in everything


def test_every_generator_returns_markup() -> None:
    """Html in, Html out: a generator's result can be put into another without being escaped again."""
    out = generated("王", "对照检查", "纪律", "王", "2024年9月30日", "无", "")
    for key in ("overview_block", "chart", "2024-dangji/wang.md print", "2024-dangji/wang.md error box", "2024-dangji/wang.md pdf"):
        assert isinstance(out[key], Html), key
    assert '<svg class="ar-chart-svg"' in out["chart"]


@given(st.text())
def test_html_markup_escapes_with_the_projects_bytes(text: str) -> None:
    """markupsafe's own escape writes &#34; and &#39; and keeps control characters: Html keeps escaping.html's."""
    assert Html.escape(text) == html(text)
    assert Html("<p>%s</p>") % text == "<p>" + html(text) + "</p>"
    assert Html("<br>").join([text, Html("<i>")]) == html(text) + "<br><i>"
    assert Html("<i>") + text == "<i>" + html(text) and text + Html("<i>") == html(text) + "<i>"
    assert Html.escape(Html.escape(text)) == html(text)  # escaped once
    assert template("pdf_document.html", title=text, author="", landscape=False, body=EMPTY).count(html(text)) >= 1


def test_markupsafe_escape_differs_so_html_does_not_use_it() -> None:
    assert str(markupsafe.escape("\"'")) == "&#34;&#39;"
    assert Html.escape("\"'\x00") == "&quot;&#x27;" == Html("%s") % "\"'\x00"
    assert Html("%d · %.1f") % (3, 2.25) == "3 · 2.2"  # numbers format as numbers


# --- the static check ------------------------------------------------------------------------------

CORE = [*sorted((ROOT / "hooks" / "studyarchive").glob("*.py")), ROOT / "hooks" / "archive_hook.py"]
# OOXML for the ledger's workbook: XML of a spreadsheet, not HTML (issue 21 treats sheets.py on its own); and
# escaping.py, where Html is made: its link() writes the most frequent tag from escaped parts (a fast path).
NOT_HTML = {"sheets.py", "escaping.py"}
# An HTML tag or comment; a regular expression's named group (?P<name>) and lookbehind (?<!…) are none.
TAG = re.compile(r"(?<!\?P)(?<!\(\?)</?[a-zA-Z][a-zA-Z0-9]*[\s/>]|<!--|<!doctype")
COMMENT = re.compile(r"\s*<!--.*-->\s*", re.S)
SEARCHES = {"find", "rfind", "index", "startswith", "endswith", "count", "split", "partition"}


def _allowed(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    if isinstance(parent, ast.Expr) or COMMENT.fullmatch(node.value):
        return True  # a docstring; a Markdown comment (scaffold, privacy marker)
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "Html" and parent.args[:1] == [node]:
        return True  # Html("<p>%s</p>"): a literal template, its arguments escaped
    func = parent.func if isinstance(parent, ast.Call) and node in parent.args else None
    if isinstance(parent, ast.Compare) or ((isinstance(func, ast.Attribute) and func.attr in SEARCHES)
                                           or (isinstance(func, ast.Name) and func.id == "len")):
        return True  # looking for a tag in HTML, not writing one
    up: ast.AST | None = parent
    while up is not None:
        if isinstance(up, ast.Raise):
            return True  # an error message naming a tag
        if (isinstance(up, ast.Call) and isinstance(up.func, ast.Attribute) and isinstance(up.func.value, ast.Name)
                and up.func.value.id == "re"):
            return True  # a regular expression
        up = parents.get(up)
    return False


def test_no_html_is_built_from_f_strings_or_concatenation_in_the_core() -> None:
    found = []
    for path in CORE:
        if path.name in NOT_HTML:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and TAG.search(node.value) and not _allowed(node, parents):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "HTML written outside Html(...) or a template:\n" + "\n".join(found)


def test_the_static_check_finds_an_f_string_tag(tmp_path: Path) -> None:
    """The check above is no check if it passes everything: an f-string, a concatenation, a join and a plain
    constant that write tags are each found; Html(...), a regex and a docstring are not."""
    source = '''"""<p>doc</p>"""
import re
a = f"<p>{x}</p>"
b = "<li>" + y + "</li>"
c = "<br>".join(z)
d = '<span class="x">'
e = Html("<p>%s</p>") % x
f = re.compile(r"<(p|li)>(?P<name>x)")
'''
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    flagged = sorted({node.lineno for node in ast.walk(tree)
                      if isinstance(node, ast.Constant) and isinstance(node.value, str) and TAG.search(node.value)
                      and not _allowed(node, parents)})
    assert flagged == [3, 4, 5, 6]
