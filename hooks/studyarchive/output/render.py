"""A material's page: the text as written with anchors, links both ways, a header and a cross-link table.

Pure: Material + Archive in, Markdown out, with the archive's own HTML held apart as ``Fragments``
tokens (fragments.py says why). Links to other materials are written with the URLs MkDocs gave them;
the linker has already checked that every target exists. On heading lines the links stay Markdown
(relative ``.md`` links, which MkDocs resolves) so that the table of contents reads plain text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from ..core import escaping
from ..core.diagnostics import Diagnostic
from ..core.escaping import EMPTY, Html, link
from ..core.model import KIND_LABEL, Archive, Item, ItemKey, Marker, Material, Pos
from ..core.naming import item_ref, page_url, zh_date
from ..core.vocab import Vocabulary
from .fragments import Fragments
from .fragments import strip as fragments_strip

MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#])")
H1_RE = re.compile(r"^#\s+\S")
LINE_LEAD_RE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?|\|)*")
SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
DATE_LINE_RE = re.compile(r"^[\s*_]*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月(?:\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)?[\s*_]*$")


escape = escaping.html  # the one escaping function for HTML (escaping.py)


def md_text(text: str) -> str:
    """Text that Markdown shows literally (titles inside link labels and table cells)."""
    return MD_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "<>&" else escape(m.group(1)), escaping.clean(text))


def link_to(source: Material, target_path: str, anchor: str) -> str:
    """A Markdown link target: a relative ``.md`` path, which MkDocs resolves."""
    if target_path == source.path:
        return f"#{anchor}"
    rel = posixpath.relpath(target_path, posixpath.dirname(source.path) or ".")
    return f"{rel}#{anchor}"


def relative_url(from_url: str, to_url: str) -> str:
    """From one page's URL to another's: up to the site root, then down (what MkDocs writes)."""
    return ("../" * from_url.count("/") + to_url) or "./"


@dataclass(frozen=True)
class Links:
    """How a material's page writes text and links to items: as HTML (a fragment, which Markdown never
    sees) or as Markdown (on a heading line, where the table of contents must see plain text)."""

    source: Material
    url_of: Callable[[str], str] | None
    """Site-relative URL of a material; None writes Markdown."""

    # Markdown counts as markup here: md_text escapes < > & as HTML does, and a link's target is the relative
    # path of a file that exists (the linker checked), so either mode's result joins with Html.

    def text(self, text: str) -> Html:
        return Html(md_text(text)) if self.url_of is None else Html.escape(text)

    def link(self, text: str, target_path: str, anchor: str) -> Html:
        if self.url_of is None:
            return Html(f"[{md_text(text)}]({link_to(self.source, target_path, anchor)})")
        if target_path == self.source.path:
            href = f"#{anchor}"
        else:
            href = relative_url(self.url_of(self.source.path), self.url_of(target_path)) + f"#{anchor}"
        return link(href, text)

    def markdown(self) -> Links:
        return Links(self.source, None)


def item_link(archive: Archive, vocab: Vocabulary, links: Links, key: ItemKey) -> Html:
    target = archive.lookup(key)
    assert target is not None
    label = f"{target.label} {target.title}"
    if key.material != links.source.path:
        label = f"{material_label(archive.materials[key.material], vocab)} · {label}"
    return links.link(label, key.material, target.anchor)


def material_label(material: Material, vocab: Vocabulary) -> str:
    """张三 · 2023年第二批主题教育: how a link names another material."""
    meta = material.meta
    parts = [meta.member or vocab.label("branches", meta.branch), vocab.label("campaigns", meta.campaign) or str(meta.year)]
    return " · ".join(p for p in parts if p)


def nav_title(material: Material, vocab: Vocabulary, member: str | None = None) -> str:
    """Short title for navigation and the browser tab: 王建国 · 个人对照检查材料; ``member`` names the member as
    the index pages do (people.People.label: 王芳（机关第二党支部） when two branches have a 王芳)."""
    meta = material.meta
    if meta.member and vocab.doc_types[meta.doc_type].personal:
        return f"{member or meta.member} · {vocab.label('doc_types', meta.doc_type)}"
    return meta.title


def render_material(material: Material, archive: Archive, vocab: Vocabulary, fragments: Fragments | None = None,
                    url_of: Callable[[str], str] = page_url, marks: Mapping[str, str] | None = None,
                    summary_table: bool = True, diagnostics: Sequence[Diagnostic] = (), placed: set[int] | None = None) -> str:
    """The page's Markdown: the text as written, with the archive's HTML (anchors, links, header, tables)
    as ``fragments`` tokens. ``url_of`` gives materials' site-relative URLs; ``marks`` is HTML to put
    after an item's anchor (雷同); ``summary_table=False`` leaves out the cross-link table below the text.
    ``diagnostics`` (the preview only) are the file's errors and warnings: each is shown where its line is, at the
    marker it concerns, at the problem it concerns, or at the start of its line, with the anchor ``diag-N`` (N its
    index); ``placed`` receives the N of those shown in the text (the others the error box lists with that anchor)."""
    frags = fragments if fragments is not None else Fragments()
    lines = fragments_strip(material.body).split("\n")
    edits: list[tuple[Pos, int, int, str]] = []  # (where, priority, length replaced, new text)
    as_html = Links(material, url_of)
    as_md = as_html.markdown()
    headings = _heading_lines(lines)

    # make(links) -> text; typed loosely because mypy cannot type a lambda whose defaults bind loop values.
    def edit(pos: Pos, priority: int, make: Callable[..., str], length: int = 0) -> None:
        # On a heading line the text stays Markdown (the table of contents reads it); elsewhere a token.
        on_heading = (pos.line - material.body_line) in headings
        # str(): the line around it is the author's Markdown, which ``Html + str`` would escape.
        edits.append((pos, priority, length, str(make(as_md)) if on_heading else frags.inline(make(as_html))))

    body_lines = range(material.body_line, material.body_line + len(lines))
    by_line: dict[int, list[int]] = {}
    for n, d in enumerate(diagnostics):
        if d.line in body_lines and (d.line - material.body_line) not in headings:
            by_line.setdefault(d.line, []).append(n)
    flagged = placed if placed is not None else set()

    def notes(line: int) -> Html:
        """The anchors and messages of the diagnostics on one line, once (the first caller takes them)."""
        found = by_line.pop(line, [])
        flagged.update(found)
        return EMPTY.join(diagnostic_note(n, diagnostics[n]) for n in found)

    for section in material.sections:
        edit(section.start, 0, lambda _, a=section.anchor: anchor_html(a))
        for n, (_, where, _) in enumerate(section.areas, 1):
            edit(where, 0, lambda _, a=f"area-{n}": anchor_html(a))
    for item in material.items:
        mark = (marks or {}).get(item.anchor, EMPTY)
        flag = notes(item.start.line) if item.kind == "problem" and not item.answered_by and item.start.line in by_line else EMPTY
        edit(item.start, 1, lambda _, a=item.anchor, mark=mark, label=item.label, flag=flag: anchor_html(a) + id_label(label) + flag + mark)
        if item.kind == "problem" or item.mentioned_by:
            edit(item.end, 3, lambda links, item=item: print_ref(item, material, archive, vocab)
                 + Html(' <span class="ar-links">%s</span>') % item_links(item, archive, vocab, links))
    for marker, anchor, _ in material.mentions:
        if anchor.startswith("ref-"):
            edit(marker.start, 1, lambda _, a=anchor: anchor_html(a))
    for marker in material.markers:
        if marker.start.line in by_line and (marker.start.line - material.body_line) not in headings:
            flag = notes(marker.start.line)
            edit(marker.start, 2, lambda links, marker=marker, flag=flag: Html('<mark class="ar-bad">%s</mark>%s')
                 % (marker_text(marker, material, archive, links, vocab), flag), len(marker.text))
            continue
        edit(marker.start, 2, lambda links, marker=marker: marker_text(marker, material, archive, links, vocab), len(marker.text))
    for line in list(by_line):  # the others at the start of their line, after any list or quote markup
        index = line - material.body_line
        lead = LINE_LEAD_RE.match(lines[index])
        edit(Pos(line, lead.end() if lead else 0), 0, lambda _, flag=notes(line): flag)  # noqa: B008 (this line's notes, made now)
    for pos, written in inline_ledgers(material):
        edit(pos, 2, lambda _, written=written: inline_ledger_html(written), len(written))

    # Apply from the end of the text backwards so that earlier columns stay valid.
    for pos, _, length, text in sorted(edits, key=lambda e: (e[0].line, e[0].col, e[1]), reverse=True):
        index = pos.line - material.body_line
        old = lines[index]
        lines[index] = old[: pos.col] + text + old[pos.col + length:]
    tail = summary(material, archive, vocab, frags, as_html) if summary_table else ""
    top = header(material, vocab, lines, frags)
    return top + "\n".join(lines).rstrip() + "\n" + signature(material, vocab, frags) + tail


def _heading_lines(lines: list[str]) -> set[int]:
    """ATX headings (# …) and setext headings (a line underlined with === or ---)."""
    out = {n for n, line in enumerate(lines) if line.lstrip(" ").startswith("#")}
    for n in range(1, len(lines)):
        if SETEXT_RE.match(lines[n]) and lines[n - 1].strip():
            out.add(n - 1)
    return out


ANCHOR = Html('<a id="%s" class="ar-anchor"></a>')


def anchor_html(anchor: str) -> Html:
    return ANCHOR % anchor


def id_label(label: str) -> Html:
    """问题 4.2 at the start of the item, so that a link's 问题 4.2 can be found in a text that says 二是…; the
    screen only: print.css hides it, paper shows the document as written."""
    return Html('<span class="ar-id ar-screen-only">%s</span>') % label


def diagnostic_note(n: int, d: Diagnostic) -> Html:
    """A diagnostic in the text (the preview only): red for an error, orange for a warning."""
    kind = "错误" if d.level == "error" else "警告"
    return (Html('<a id="diag-%d" class="ar-anchor"></a><span class="ar-bad-note ar-bad-%s">%s（第 %s 行）：%s</span>')
            % (n, d.level, kind, d.line, d.message))


def item_links(item: Item, archive: Archive, vocab: Vocabulary, links: Links) -> Html:
    parts: list[Html] = []
    if item.kind == "problem":
        keys = sorted(item.answered_by)
        parts.append("整改措施：" + (Html("；").join(item_link(archive, vocab, links, k) for k in keys) if keys
                                    else Html('<span class="ar-missing">（尚无）</span>')))
    # A measure's problems are linked once, where its text names them (【针对问题：1.1】 becomes links): a
    # second 针对问题 list after it repeated every link.
    if item.mentioned_by:
        mentions = []
        for mention in sorted(item.mentioned_by, key=lambda m: (m.material, m.anchor)):
            source = archive.materials[mention.material]
            mentions.append(links.link(f"{material_label(source, vocab)} · {mention.context}", mention.material, mention.anchor))
        parts.append("相关记录：" + Html("；").join(mentions))
    return Html("<br>").join(parts)


def print_ref(item: Item, material: Material, archive: Archive, vocab: Vocabulary) -> Html:
    """On paper a problem's links become a plain reference, e.g. （见措施3）: an empty span whose title
    print.css shows, so the screen and the search index keep only the links. Measures need none: the
    markers that link them (【针对问题：1.1】) are in their text."""
    if item.kind != "problem" or not item.answered_by:
        return EMPTY
    refs = []
    for key in sorted(item.answered_by):
        target = archive.lookup(key)
        assert target is not None
        ref = f"{KIND_LABEL[target.kind]}{target.id}"
        if key.material != material.path:
            ref = f"{material_label(archive.materials[key.material], vocab)} {ref}"
        refs.append(ref)
    return Html('<span class="ar-ref" title="（见%s）"></span>') % "、".join(refs)


def signature(material: Material, vocab: Vocabulary, frags: Fragments) -> str:
    """署名 and 成文日期 for paper (print.css hides them on screen, where the header shows both), unless the
    text already ends with a date."""
    last = next((line.strip() for line in reversed(material.body.split("\n")) if line.strip()), "")
    if DATE_LINE_RE.match(last):
        return ""
    meta = material.meta
    name = meta.member or vocab.label("branches", meta.branch)
    day = zh_date(meta.date)
    return frags.block(Html('<div class="ar-signature"><p>%s</p><p>%s</p></div>') % (name, day))


SUBMITTED_FIELDS = ("owner", "deadline")
"""What a measure's （责任人：…；完成时限：…；状态：…） says that belongs to the document as submitted; 状态, 完成日期
and 备注 are the ledger's later record of how it went."""


def inline_ledgers(material: Material) -> list[tuple[Pos, str]]:
    """Where each measure's inline ledger entry is written: (start, the bracket as written)."""
    from ..parse.ledger import INLINE_RE  # ledger imports nothing of render; imported here to keep render's imports light

    found: list[tuple[Pos, str]] = []
    body = material.body.split("\n")
    for item in material.items_of("measure"):
        if item.ledger is None or item.ledger.source != "text":
            continue
        for number in range(item.start.line, item.end.line + 1):
            index = number - material.body_line
            if not 0 <= index < len(body):
                continue
            text = body[index]
            start = item.start.col if number == item.start.line else 0
            stop = item.end.col if number == item.end.line else len(text)
            for m in INLINE_RE.finditer(text, start, max(start, stop)):
                found.append((Pos(number, m.start()), m.group(0)))
    return found


def inline_ledger_html(written: str) -> Html:
    """The bracket split in two: what the document said when submitted (责任人, 完成时限) stays in its text; the
    ledger's later record (状态, 完成日期, 备注) is set apart on screen and left off paper (print.css hides
    .ar-screen-only), so that a printed material is the document as submitted."""
    from ..parse.ledger import FIELD_OF, PAIR_RE

    pieces = re.split(r"([；;，,])", written[1:-1])
    kept: list[str] = []
    later: list[str] = []
    target, sep = kept, ""
    for n, piece in enumerate(pieces):
        if n % 2:
            sep = piece
            continue
        pair = PAIR_RE.match(piece)
        key = FIELD_OF.get(pair.group(1)) if pair else None
        if key is not None:
            target, sep = (kept if key in SUBMITTED_FIELDS else later), "；"
        if piece.strip():
            target.append((sep if target else "") + piece.strip())
    out = Html.escape(written[0] + "".join(kept) + written[-1]) if kept else EMPTY
    if later:
        out += (Html(' <span class="ar-ledger-later ar-screen-only" title="整改台账后来登记的情况，不是材料原文">台账登记：%s</span>')
                % "".join(later))
    return out


def marker_text(marker: Marker, material: Material, archive: Archive, links: Links, vocab: Vocabulary | None = None) -> Html:
    """The marker as written, its numbers turned into links. A number in another material reads as its member,
    campaign and item on screen (王建国 · 2023年第二批主题教育 · 措施 1 持续深化理论武装), as written on paper."""
    if not marker.refs:
        return links.text(marker.text)
    out = []
    for ref in marker.refs:
        token = item_ref(ref.material, ref.item_id)
        key = material.resolved.get(ref)
        target = archive.lookup(key) if key else None
        if key and target and vocab is not None and key.material != material.path:
            label = f"{material_label(archive.materials[key.material], vocab)} · {target.label} {target.title}"
            if links.url_of is None:  # a heading line: the table of contents reads the label alone
                out.append(links.link(label, key.material, target.anchor))
            else:
                both = Html('<span class="ar-screen-only">%s</span><span class="ar-print-only">%s</span>') % (label, token)
                out.append(links.link(both, key.material, target.anchor))
            continue
        out.append(links.link(token, key.material, target.anchor) if key and target else links.text(token))
    head = links.text(marker.text[: marker.text.index(marker.refs[0].verb) + 4])
    joined = Html("、").join(out)
    return head + "：" + joined + "】" if marker.text.startswith("【") else head + joined


def header(material: Material, vocab: Vocabulary, lines: list[str], frags: Fragments) -> str:
    """Marking, title and metadata; the title is kept where the author wrote it as an H1."""
    meta = material.meta
    rows = [
        ("党员", meta.member or ""),
        ("支部", vocab.label("branches", meta.branch)),
        ("批次", vocab.label("campaigns", meta.campaign)),
        ("会议类型", vocab.label("meeting_types", meta.meeting_type)),
        ("文档类型", vocab.label("doc_types", meta.doc_type)),
        ("年度", f"{meta.year}年度"),
        ("日期", zh_date(meta.date)),
    ]
    cells = EMPTY.join(Html("<div><dt>%s</dt><dd>%s</dd></div>") % (k, v) for k, v in rows if v)
    badges = Html('<span class="ar-template">范本</span>') if meta.template else EMPTY
    top = Html('<div class="ar-marking">%s</div>') % meta.classification
    if meta.status == "draft":
        top = Html('<div class="ar-draft">草稿：只在本机预览中显示，不会发布到网站。</div>') + top
    meta_block = frags.block(Html('<dl class="ar-meta">%s</dl>%s') % (cells, badges))
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and H1_RE.match(lines[first]):
        lines.insert(first + 1, meta_block)
        return frags.block(top)
    return frags.block(top) + f"# {md_text(meta.title)}" + meta_block


def summary(material: Material, archive: Archive, vocab: Vocabulary, frags: Fragments, links: Links) -> str:
    """The cross-links below the text: each problem with its measures, each measure with its problems."""
    problems, measures = material.items_of("problem"), material.items_of("measure")
    if not problems and not measures:
        return ""
    rows = []
    for item in problems:
        own = links.link(f"{item.label} {item.title}", material.path, item.anchor)
        answers = Html("<br>").join(item_link(archive, vocab, links, k) for k in sorted(item.answered_by)) or "（尚无）"
        rows.append(Html("<tr><td>%s</td><td>%s</td></tr>") % (own, answers))
    out: list[str] = ["\n## " + anchor_html("ar-crosslinks") + "问题与整改措施对照\n"]
    if rows:
        out.append(frags.block(Html("<table>\n<thead><tr><th>问题</th><th>整改措施</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>")
                               % Html("\n").join(rows)))
    other = [m for m in measures if any(k.material != material.path for k in m.answers)]
    if other:
        entries = EMPTY.join(Html("<li>%s：%s</li>\n") % (links.link(f"{item.label} {item.title}", material.path, item.anchor),
                                                          Html("；").join(item_link(archive, vocab, links, k) for k in item.answers))
                             for item in other)
        out.append(frags.block(Html("<p>本材料中针对其他材料问题的整改措施：</p>\n<ul>\n%s</ul>") % entries))
    return "".join(out)


def error_box(diagnostics: Sequence[Diagnostic], text: str | None = None, placed: Collection[int] = frozenset()) -> Html:
    """Under `serve`: the errors and warnings of a material at the top of its page (HTML), each linking to where the
    text shows it (``placed``, anchors ``diag-N``) or carrying that anchor itself; its body below when it cannot be read
    (``text``: never its front matter)."""
    rows = []
    for n, d in enumerate(diagnostics):
        kind = "错误" if d.level == "error" else "警告"
        where = f"{d.path}:{d.line}" if d.line else d.path
        if n in placed:
            rows.append(Html('<li class="ar-bad-%s">【%s】<a href="#diag-%d">%s</a>: %s</li>') % (d.level, kind, n, where, d.message))
        else:
            rows.append(Html('<li class="ar-bad-%s">%s【%s】%s</li>') % (d.level, anchor_html(f"diag-{n}"), kind, str(d)))
    errors = sum(d.level == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if errors:
        lead = "本材料有错误，改正后才能正式发布：" + (f"（另有 {warnings} 处警告，正式构建同样会失败）" if warnings else "")
    else:
        lead = f"本材料有 {warnings} 处警告：预览照常显示，但正式构建（提交后的检查）会因此失败，请改正后再提交："
    box = (Html('<div class="ar-error%s"><p><strong>%s</strong></p><ul>%s</ul></div>')
           % ("" if errors else " ar-warn", lead, EMPTY.join(rows)))
    if text is None:
        return box
    return box + Html('<pre class="ar-source">%s</pre>') % text
