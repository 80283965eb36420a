"""The generated pages: overview, campaigns, ledger, members, areas, years, types, 千人一面, 三会一课.

Pure: Index in, pages out: Markdown headings and text around HTML tables and lists, whose links are
written with the URLs MkDocs gives (Writer). Paths are ASCII (indexes/campaigns/2024-dangji.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ..analyse.indexes import ROOT, Campaign, Index, LedgerRow, Member
from ..analyse.similar import BRACKETS_RE
from ..core.escaping import EMPTY, Html, link
from ..core.model import Item, Material, Report
from ..core.naming import page_url, zh_date
from ..core.people import Person, name_key, person_of
from ..core.vocab import Vocabulary
from ..parse import ledger as lg
from .charts import Series, bar_chart
from .reads import duplicates_shows, examined_areas, ledger_reads, member_reads
from .render import md_text, relative_url
from .sheets import SheetMemo, ledger_csv, ledger_xlsx

FOLDERS = {
    ROOT: "档案索引", "campaigns": "批次", "ledger": "整改台账", "members": "党员",
    "areas": "检视方面", "years": "年度", "types": "文档类型",
}
ORDER_LABEL = {"strokes": "按姓氏笔画排序", "pinyin": "按拼音排序"}
MAX_GROUPS = 300
"""Near-duplicate groups listed per campaign on the report page (archive.json has them all)."""
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
STATUS_COLORS = {"已完成": "#2e7d32", "长期坚持": "#00838f", "整改中": "#f9a825", "未启动": "#c62828", lg.UNRECORDED: "#9e9e9e"}


@dataclass
class Page:
    path: str
    title: str
    """Short title for the navigation and the browser tab."""
    kind: str
    content: str | bytes
    """The file: for a Markdown page only its front matter, the body being made by ``body``."""
    body: Callable[[], str] | None = None
    """Makes the page's Markdown when MkDocs converts it: no page's text waits in memory for its turn."""
    reads: frozenset[str] | None = None
    """The materials ``body`` reads (paths), besides what any page may read (``shared_inputs``) and what those
    materials link to (the answering measures, the reports); None: any material. The incremental preview then
    knows, without making the body, that an edit elsewhere leaves the page as it was (mkdocs/incremental.py)."""
    shows: Callable[[], object] = tuple
    """With ``reads``: whatever else of the index the body shows (the 千人一面 groups: who, and how alike); made only
    by the preview, which alone compares it (a plain build does not pay for it)."""


def campaign_path(cid: str) -> str:
    return f"{ROOT}/campaigns/{cid}.md"


def ledger_path(cid: str, ext: str = "md") -> str:
    return f"{ROOT}/ledger/{cid}.{ext}"


def member_path(member: Member) -> str:
    return f"{ROOT}/members/{member.slug}.md"


class Writer:
    """Helpers bound to one index: links relative to the page being written, as HTML."""

    def __init__(self, index: Index, vocab: Vocabulary, materials: dict[str, Material], url_of: Callable[[str], str],
                 directory_urls: bool = True):
        self.index, self.vocab, self.materials, self.url_of = index, vocab, materials, url_of
        self.directory_urls = directory_urls
        self.branch = next(iter(vocab.branches.values())).label if len(vocab.branches) == 1 else "党支部"
        self.members = {m.person: m for m in index.members}
        self.today = index.options.today
        self.listed_groups = _listed(index)
        self.people_key = hashlib.blake2b(repr(sorted(index.people.persons)).encode("utf-8", "surrogatepass")).digest()
        """Who there is (a digest): with the vocabulary, how each person is named (additions_key)."""
        self._urls: dict[str, str] = {}
        self.sheets: SheetMemo | None = None  # under `serve`: the ledger files kept between rebuilds (sheets.py)

    # links ------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """Site-relative URL of a material (as MkDocs gave it) or of a generated file."""
        url = self._urls.get(path)
        if url is None:  # the index pages link the same few thousand paths tens of thousands of times
            if path in self.materials:
                url = self.url_of(path)
            else:
                url = page_url(path, self.directory_urls) if path.endswith(".md") else path
            self._urls[path] = url
        return url

    def href(self, page: str, target: str, anchor: str | None = None) -> str:
        ref = relative_url(self.url(page), self.url(target))
        return f"{ref}#{anchor}" if anchor else ref

    def a(self, page: str, target: str, text: str, anchor: str | None = None) -> Html:
        return link(self.href(page, target, anchor), text)

    def material(self, page: str, m: Material, text: str | None = None) -> Html:
        return self.a(page, m.path, text or m.meta.title)

    def item(self, page: str, m: Material, item: Item, with_owner: bool = False, short: bool = False) -> Html:
        label = item.label if short else f"{item.label} {item.title}"
        if with_owner:
            label = f"{self.who(m) or '支部'} · {label}"
        return self.a(page, m.path, label, item.anchor)

    def who(self, m: Material) -> str | None:
        """The material's member as the pages name them; None for a branch's material."""
        p = person_of(m.meta)
        return self.index.people.label(p) if p else None

    def person(self, page: str, who: Person | None) -> Html:
        """A link to the member's page; 支部 for a branch's material."""
        member = self.members.get(who) if who else None
        if member is None:
            return Html("支部") if who is None else Html.escape(self.index.people.label(who))
        return self.a(page, member_path(member), member.label)

    def measures_of(self, page: str, m: Material, problem: Item, short: bool = False) -> Html:
        parts = []
        for key in sorted(problem.answered_by):
            target = self.materials.get(key.material)
            measure = target.item(key.kind, key.item_id) if target else None
            if target and measure:
                parts.append(self.item(page, target, measure, with_owner=target.path != m.path, short=short))
        return (Html("、") if short else Html("<br>")).join(parts) or Html("（尚无）")

    def doc_type(self, m: Material) -> str:
        return self.vocab.label("doc_types", m.meta.doc_type)

    def campaign_label(self, cid: str | None) -> str:
        return self.vocab.label("campaigns", cid) if cid else ""


def _listed(index: Index) -> set[int]:
    """The group numbers that the report page lists (the first MAX_GROUPS of each campaign)."""
    seen: Counter = Counter()
    listed = set()
    for n, g in enumerate(index.duplicates, 1):
        seen[g.campaign] += 1
        if seen[g.campaign] <= MAX_GROUPS:
            listed.add(n)
    return listed


def front(title: str, wide: bool = False) -> str:
    """Front matter: the title, and no search entry: these pages repeat what the materials say.

    A wide page (the ledger) gives its table the whole width.
    """
    hide = "hide:\n  - navigation\n  - toc\n" if wide else ""
    return f"---\ntitle: {_yaml_str(title)}\nsearch:\n  exclude: true\n{hide}---\n\n"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


TABLE = Html("<table%s>\n<thead><tr><th>%s</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>\n")
ROW = Html("<tr><td>%s</td></tr>")
CELLS, HEADS = Html("</td><td>"), Html("</th><th>")


def table(header: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> Html:
    """An HTML table: Markdown passes it through untouched, which keeps large listings cheap to build. A
    ``str`` header or cell is text (escaped), an ``Html`` one markup."""
    if not rows:
        return EMPTY
    body = Html("\n").join(ROW % CELLS.join(row) for row in rows)
    attr = Html(' class="%s"') % cls if cls else EMPTY
    return TABLE % (attr, HEADS.join(header), body)


def para(text: str) -> Html:
    """A paragraph of HTML (links, escaped text) as one raw block."""
    return Html("<p>%s</p>\n\n") % text


def zh(day: dt.date | None) -> str:
    return zh_date(day) if day else ""


# --- the pages ---------------------------------------------------------------------------------

def build_pages(w: Writer) -> list[Page]:
    """Every generated page and file, in navigation order."""
    index, vocab = w.index, w.vocab
    material_url = lambda path: w.url(path)  # noqa: E731

    # body() -> Markdown; typed loosely because mypy cannot type a lambda whose defaults bind loop values.
    def md(path: str, title: str, kind: str, body: Callable[..., str], wide: bool = False, tab: str | None = None,
           reads: Iterable[Material] | None = None, shows: Callable[[], object] = tuple) -> Page:
        # The navigation shows ``title`` under its folder (批次, 整改台账, 党员); the browser tab and a bookmark
        # have no folder, so ``tab`` says what the page is: 党纪学习教育 · 整改台账, not 党纪学习教育 twice.
        return Page(path, title, kind, front(tab or title, wide), body, None if reads is None else frozenset(m.path for m in reads),
                    shows)

    pages = [md(f"{ROOT}/index.md", "档案索引", "overview", lambda: overview_page(w))]
    for c in index.campaigns:
        pages.append(md(campaign_path(c.id), c.label, "campaign", lambda c=c: campaign_page(w, c), tab=f"{c.label} · 问题清单",
                        reads=c.materials))
    for c in index.campaigns:
        if c.ledger:
            pages.append(md(ledger_path(c.id), c.label, "ledger", lambda c=c: ledger_page(w, c), wide=True, tab=f"{c.label} · 整改台账",
                            reads=ledger_reads(c, w.materials)))
            pages.append(Page(ledger_path(c.id, "csv"), f"{c.label}整改台账（CSV）", "ledger_csv", ledger_csv(c, material_url, w.sheets)))
            pages.append(Page(ledger_path(c.id, "xlsx"), f"{c.label}整改台账（Excel）", "ledger_xlsx", ledger_xlsx(c, material_url, w.today, w.branch, w.sheets)))
    examined = cache(lambda: examined_areas(index))  # one for every member page, made only if the preview asks
    for m in index.members:
        pages.append(md(member_path(m), m.label, "member", lambda m=m: member_page(w, m), tab=f"{m.label} · 学习档案",
                        reads=member_reads(m), shows=examined))
    for area, pairs in index.areas.items():
        pages.append(md(f"{ROOT}/areas/{index.area_slugs[area]}.md", area, "area", lambda area=area, pairs=pairs: area_page(w, area, pairs),
                            tab=f"{area} · 检视方面", reads=(m for m, _ in pairs)))
    for year, found in index.years.items():
        pages.append(md(f"{ROOT}/years/{year}.md", f"{year}年度", "year", lambda year=year, found=found: year_page(w, year, found),
                            tab=f"{year}年度 · 材料", reads=found))
    for doc_type, found in index.doc_types.items():
        label = vocab.label("doc_types", doc_type)
        pages.append(md(f"{ROOT}/types/{doc_type}.md", label, "doc_type", lambda label=label, found=found: type_page(w, label, found),
                            tab=f"{label} · 文档类型", reads=found))
    pages.append(md(f"{ROOT}/duplicates.md", "雷同表述", "duplicates", lambda: duplicates_page(w), tab="雷同表述（千人一面）",
                    reads=(), shows=lambda: duplicates_shows(index, w.materials)))
    pages.append(md(f"{ROOT}/meetings.md", "三会一课", "meetings", lambda: meetings_page(w)))
    return pages


def strong(n: int) -> Html:
    return Html("<strong>%d</strong>") % n if n else Html("0")


def counts_table(w: Writer, page: str) -> str:
    rows = [[
        w.a(page, campaign_path(c.id), c.label), str(len(c.materials)), str(len(c.members)),
        str(c.problem_count), str(c.measure_count),
        w.a(page, ledger_path(c.id), str(c.open_count)) if c.ledger else "0",
        strong(c.overdue_count),
    ] for c in w.index.campaigns]
    return table(["批次", "材料", "党员", "问题", "整改措施", "未销号", "逾期"], rows)


def charts(w: Writer) -> Html:
    campaigns = [c for c in w.index.campaigns if c.problem_count or c.ledger]
    if not campaigns:
        return EMPTY
    first = bar_chart(
        "chart-problems", "各批次查摆问题和整改措施数量",
        [Series("问题", "#b71c1c"), Series("整改措施", "#1565c0")],
        [(c.label, [c.problem_count, c.measure_count]) for c in campaigns], stacked=False,
        caption="；".join(f"{c.label}：问题 {c.problem_count} 个，整改措施 {c.measure_count} 条" for c in campaigns) + "。",
    )
    statuses = list(STATUS_COLORS)
    rows = []
    for c in campaigns:
        count = Counter(r.status for r in c.ledger)
        rows.append((c.label + (f"（逾期 {c.overdue_count}）" if c.overdue_count else ""), [count[s] for s in statuses]))
    second = bar_chart(
        "chart-ledger", f"各批次整改措施进度（统计日期：{zh(w.today)}）",
        [Series(s, STATUS_COLORS[s]) for s in statuses], rows, stacked=True,
        caption="；".join(f"{label}：" + "，".join(f"{s} {v}" for s, v in zip(statuses, values) if v) for label, values in rows) + "。",
    )
    return first + "\n\n" + second + "\n"


def overview_block(w: Writer, page: str) -> str:
    """The counts and charts; also shown on the home page."""
    if not w.index.campaigns:
        return "\n## 档案概况\n\n档案中还没有属于学习教育批次的材料。\n"
    return (f"\n## 档案概况\n\n统计日期：{zh(w.today)}。各批次材料、问题和整改台账（未销号 = 未启动、整改中或未登记状态；"
            f"逾期 = 已过完成时限仍未销号）：\n\n" + counts_table(w, page) + "\n" + overview_links(w, page) + charts(w))


def overview_links(w: Writer, page: str) -> Html:
    """Where a secretary goes next: each campaign's 问题清单 and 整改台账, newest first (the menu's order)."""
    campaigns = sorted(w.index.campaigns, key=lambda c: -(w.vocab.campaigns[c.id].year or 0) if c.id in w.vocab.campaigns else 0)
    lines = ["- 问题清单：" + Html("、").join(w.a(page, campaign_path(c.id), c.label) for c in campaigns)]
    ledgers = [c for c in campaigns if c.ledger]
    if ledgers:
        lines.append("- 整改台账：" + Html("、").join(w.a(page, ledger_path(c.id), c.label) for c in ledgers))
    return "\n" + Html("\n").join(lines) + "\n\n"


def overview_page(w: Writer) -> str:
    page = f"{ROOT}/index.md"
    ix = w.index
    sep = Html("、")
    items = ["批次（问题清单）：" + sep.join(w.a(page, campaign_path(c.id), c.label) for c in ix.campaigns)]
    ledgers = [c for c in ix.campaigns if c.ledger]
    if ledgers:
        items.append("整改台账：" + sep.join(w.a(page, ledger_path(c.id), c.label) for c in ledgers))
    if ix.members:
        items.append(f"党员（{ORDER_LABEL[ix.options.order]}）：" + sep.join(w.person(page, m.person) for m in ix.members))
    if ix.areas:
        items.append("检视方面：" + sep.join(w.a(page, f"{ROOT}/areas/{ix.area_slugs[a]}.md", a) for a in ix.areas))
    items.append("年度：" + sep.join(w.a(page, f"{ROOT}/years/{y}.md", f"{y}年度") for y in ix.years))
    items.append("文档类型：" + sep.join(w.a(page, f"{ROOT}/types/{t}.md", w.vocab.label("doc_types", t)) for t in ix.doc_types))
    items.append(w.a(page, f"{ROOT}/duplicates.md", "雷同表述（千人一面）") + f"：{len(ix.duplicates)} 组")
    gaps = sum(t.gaps for t in ix.meetings)
    items.append(w.a(page, f"{ROOT}/meetings.md", "三会一课") + "：" + (f"{gaps} 处不足" if gaps else "未发现不足"))
    listing = Html("<ul>\n<li>%s</li>\n</ul>\n") % Html("</li>\n<li>").join(items)
    return "# 档案索引\n" + overview_block(w, page) + "\n## 索引\n\n" + listing


def campaign_page(w: Writer, c: Campaign) -> str:
    page = campaign_path(c.id)
    order = ORDER_LABEL[w.index.options.order]
    out = [f"# {md_text(c.label)} · 材料与问题清单\n\n"]
    summary = f"共 {len(c.materials)} 份材料、{len(c.members)} 名党员，查摆问题 {c.problem_count} 个，整改措施 {c.measure_count} 条"
    if c.ledger:
        summary += Html("；%s中未销号 %d 条，其中逾期 %d 条") % (w.a(page, ledger_path(c.id), "整改台账"), c.open_count, c.overdue_count)
    out.append(para(summary + "。"))
    if c.members:
        out.append(f"## 参加党员（{order}）\n\n" + para(Html("、").join(w.person(page, n) for n in c.members)))
    out.append("## 材料\n\n")
    out.append(table(["党员", "文档类型", "标题", "日期"], [
        [w.person(page, person_of(m.meta)), w.doc_type(m), w.material(page, m), zh(m.meta.date)] for m in c.materials
    ]) + "\n")
    if c.problems:
        out.append("## 问题清单\n\n按检视方面汇总全部党员查摆的问题，每个问题链接到原文和回应它的整改措施。\n\n")
        for n, (area, pairs) in enumerate(c.problems.items(), 1):
            out.append(f"### {n}. {md_text(area)}（{len(pairs)} 个） {{#area-{n}}}\n\n")
            out.append(table(["党员", "问题", "整改措施"], [
                [w.person(page, person_of(m.meta)), w.item(page, m, p), w.measures_of(page, m, p, short=True)] for m, p in pairs
            ]) + "\n")
        out.append("## 问题数量（党员 × 检视方面）\n\n")
        header = ["党员", *c.problems, "合计"]
        authors = list(dict.fromkeys(person_of(m.meta) for pairs in c.problems.values() for m, _ in pairs))
        position: dict[Person | None, int] = {p: n for n, p in enumerate(c.members)}
        authors.sort(key=lambda p: (p is not None, position.get(p, 0)))
        rows = []
        for who in authors:
            counts = [c.area_member.get((a, who), 0) for a in c.problems]
            rows.append([w.person(page, who)] + [str(v) if v else "" for v in counts] + [str(sum(counts))])
        totals = [sum(c.area_member.get((a, p), 0) for p in authors) for a in c.problems]
        bold = Html("<strong>%d</strong>")
        rows.append([Html("<strong>合计</strong>"), *(bold % v for v in totals), bold % sum(totals)])
        out.append(table(header, rows))
    return "".join(out)


def _row_cells(w: Writer, page: str, n: int, row: LedgerRow) -> list[str]:
    entry = row.measure.ledger
    due = EMPTY
    if entry is not None:
        due = Html.escape(entry.deadline_text or "")
        if row.due and entry.deadline and entry.deadline_text != zh(row.due):
            due += f"（{zh(row.due)}）"
    if row.overdue:
        due += OVERDUE
    status_class = {"已完成": "done", "长期坚持": "ongoing", "整改中": "doing", "未启动": "todo"}.get(row.status, "none")
    return [
        str(n),
        _name(row.member or "支部"),
        "、".join(row.areas),
        Html("<br>").join(w.item(page, m, p, with_owner=m.path != row.material.path) for m, p in row.problems) or "—",
        w.item(page, row.material, row.measure),
        Html("、").join(_name(o) for o in row.owners),
        due,
        Html('<span class="ar-status ar-status-%s">%s</span>') % (status_class, row.status),
        zh(entry.completed) if entry else "",
        Html("<br>").join(x for x in ((entry.note or "") if entry else "", report_note(w, page, row.report)) if x),
    ]


OVERDUE = Html(' <span class="ar-overdue">逾期</span>')


def _name(name: str) -> Html:
    """A person's name that a narrow column does not break (王建/国)."""
    return Html('<span class="ar-name">%s</span>') % name


def report_note(w: Writer, page: str, report: Report | None) -> Html:
    """Where a status taken from a later material's report comes from: the material, its date and wording."""
    if report is None:
        return EMPTY
    source = w.materials.get(report.material)
    if source is None:
        return EMPTY
    return (Html('<span class="ar-report">据%s（%s）：%s</span>')
            % (w.a(page, source.path, source.meta.title, report.anchor), zh(report.date), report.text))


STATUS_ORDER = ("未启动", "整改中", "已完成", "长期坚持", lg.UNRECORDED)


def ledger_page(w: Writer, c: Campaign) -> str:
    page = ledger_path(c.id)
    out = [f"# {md_text(c.label)} · 整改台账\n\n"]
    # The summary counts the whole ledger: ledger.js says so beside it when the table is filtered, and print.css
    # then prints the filtered counts instead (a filtered sheet must not say 共 43 条 above 4 rows).
    out.append(Html('<p class="ar-ledger-summary">统计日期：%s。共 %d 条整改措施，未销号 %d 条，其中逾期 %d 条。问题清单见%s。</p>\n\n')
               % (zh(w.today), len(c.ledger), c.open_count, c.overdue_count, w.a(page, campaign_path(c.id), c.label)))
    out.append(Html('<p class="ar-web-only">下载：%s · %s。</p>\n\n')
               % (w.a(page, ledger_path(c.id, "xlsx"), "Excel 表格"), w.a(page, ledger_path(c.id, "csv"), "CSV")))
    out.append("逾期：完成时限已过（“立行立改”按材料日期计）而状态不是“已完成”或“长期坚持”。未写状态的措施记为“未登记”，算作未销号；"
               "后来的材料报告了落实情况的，按报告算（见备注）。\n\n")
    order = name_key(w.index.options.order)
    owners = sorted({o for r in c.ledger for o in (r.owners or ("（未写）",))}, key=order)
    areas = [a for a in c.areas if any(a in r.areas for r in c.ledger)]
    if any(not r.areas for r in c.ledger):
        areas.append("（未分方面）")
    for title, key, labels in (("按责任人", lambda r: r.owners or ("（未写）",), owners),
                               ("按检视方面", lambda r: r.areas or ["（未分方面）"], areas)):
        stats: dict[str, list[int]] = {k: [0, 0, 0] for k in labels}
        for row in c.ledger:
            for k in key(row):
                s = stats.setdefault(k, [0, 0, 0])
                s[0] += 1
                s[1] += not row.closed
                s[2] += row.overdue
        out.append(f"## {title} {{.ar-ledger-stats}}\n\n" + table([title[1:], "整改措施", "未销号", "逾期"], [
            [k, str(stats[k][0]), str(stats[k][1]), strong(stats[k][2])] for k in stats
        ], "ar-ledger-stats") + "\n")
    out.append("## 台账\n\n")
    statuses = [s for s in STATUS_ORDER if any(r.status == s for r in c.ledger)]
    orders = Html(" ").join(Html('data-order-%d="%s"') % (n, "|".join(v)) for n, v in enumerate((owners, statuses, areas)))
    out.append(Html('<div class="ar-ledger-filter" data-columns="责任人 整改状态 检视方面" %s></div>\n\n') % orders)
    out.append(table(["序号", "党员", "检视方面", "问题", "整改措施", "责任人", "完成时限", "整改状态", "完成日期", "备注"],
                     [_row_cells(w, page, n, r) for n, r in enumerate(c.ledger, 1)]))
    return "".join(out)


def member_page(w: Writer, m: Member) -> str:
    page = member_path(m)
    out = [f"# {md_text(m.label)} · 学习档案\n\n"]
    out.append(f"共 {len(m.materials)} 份材料。\n\n## 材料\n\n")
    out.append(table(["年度", "批次", "文档类型", "标题", "日期"], [
        [f"{x.meta.year}", w.campaign_label(x.meta.campaign), w.doc_type(x), w.material(page, x), zh(x.meta.date)]
        for x in m.materials
    ]) + "\n")
    flagged = {(r.later, r.area) for r in m.recurrences} | {(r.earlier, r.area) for r in m.recurrences}
    same = {a: g[0] for g in w.index.options.same_areas for a in g}
    if m.problems:
        out.append("## 历次查摆的问题\n\n按学习教育的先后和检视方面排列；标有“年年查、年年有”的，是相邻两次学习教育在同一方面都查摆出问题。\n\n")
        for c in w.index.campaigns:
            by_area = m.problems.get(c.id)
            if not by_area:
                continue
            out.append(f"### {md_text(c.label)}（{c.year}年度）\n\n")
            rows = []
            for area, pairs in by_area.items():
                mark = RECUR if (c.id, same.get(area, area)) in flagged else EMPTY
                rows.append([Html.escape(area) + mark, Html("<br>").join(w.item(page, x, p) for x, p in pairs)])
            out.append(table(["检视方面", "问题"], rows) + "\n")
    out.append("## 年年查、年年有 {#recurrence}\n\n")
    if not m.recurrences:
        out.append("未发现同一检视方面在相邻两次学习教育中都查摆出问题。\n")
    items = []
    for r in m.recurrences:
        items.append(Html("<li><strong>%s</strong>：%s %s → %s %s</li>") % (
            r.area, w.campaign_label(r.earlier), Html("、").join(w.item(page, x, p) for x, p in r.before),
            w.campaign_label(r.later), Html("、").join(w.item(page, x, p) for x, p in r.after)))
    if items:
        out.append(Html("<ul>\n%s\n</ul>\n") % Html("\n").join(items))
    return "".join(out)


RECUR = Html(' <a class="ar-recur" href="#recurrence">年年查、年年有</a>')


def area_page(w: Writer, area: str, pairs: list[tuple[Material, Item]]) -> str:
    page = f"{ROOT}/areas/{w.index.area_slugs[area]}.md"
    out = [f"# {md_text(area)} · 检视方面\n\n", f"各次学习教育在这一方面查摆的问题，共 {len(pairs)} 个。\n\n"]
    by_campaign: dict[str | None, list[tuple[Material, Item]]] = {}
    for m, p in pairs:
        by_campaign.setdefault(m.meta.campaign, []).append((m, p))
    for cid, found in by_campaign.items():
        out.append(f"## {md_text(w.campaign_label(cid) or '其他材料')}\n\n")
        out.append(table(["党员", "问题"], [[w.person(page, person_of(m.meta)), w.item(page, m, p)] for m, p in found]) + "\n")
    return "".join(out)


def year_page(w: Writer, year: int, found: list[Material]) -> str:
    page = f"{ROOT}/years/{year}.md"
    out = [f"# {year}年度 · 材料\n\n", f"共 {len(found)} 份材料，按文档类型排列。\n\n"]
    by_type: dict[str, list[Material]] = {}
    for m in found:
        by_type.setdefault(m.meta.doc_type, []).append(m)
    for doc_type in w.vocab.doc_types:
        if doc_type in by_type:
            out.append(f"## {md_text(w.vocab.label('doc_types', doc_type))}\n\n")
            out.append(_material_table(w, page, by_type[doc_type]))
    return "".join(out)


def _material_table(w: Writer, page: str, materials: list[Material]) -> str:
    """One row a material: member, campaign, title (linked), date — the listings' common table."""
    return table(["党员", "批次", "标题", "日期"], [
        [w.person(page, person_of(m.meta)), w.campaign_label(m.meta.campaign), w.material(page, m), zh(m.meta.date)]
        for m in materials
    ]) + "\n"


def type_page(w: Writer, label: str, found: list[Material]) -> str:
    page = f"{ROOT}/types/{found[0].meta.doc_type}.md"
    out = [f"# {md_text(label)}\n\n", f"共 {len(found)} 份，按年度排列。\n\n"]
    by_year: dict[int, list[Material]] = {}
    for m in found:
        by_year.setdefault(m.meta.year, []).append(m)
    for year in sorted(by_year):
        out.append(f"## {year}年度\n\n")
        out.append(_material_table(w, page, by_year[year]))
    return "".join(out)


def duplicates_page(w: Writer) -> str:
    page = f"{ROOT}/duplicates.md"
    ix = w.index
    out = ["# 雷同表述（千人一面）\n\n",
           f"同一次学习教育中，不同党员（或支部）的问题、整改措施写得几乎一样的，列在下面，两段原文左右并排，便于对照。"
           f"“相似程度”是两段话用字相同的程度：把每段话按相连的三个字一组拆开，看两段话共有的占全部的多少，"
           f"达到 {ix.options.threshold:.0%} 即列出（100% 就是一字不差）。每组以最先出现的一条为对照基准，其他各条与它对照。"
           f"材料页面上相应的条目标有“雷同”。\n\n"]
    if not ix.duplicates:
        out.append("未发现雷同的表述。\n")
        return "".join(out)
    current, shown = None, 0
    per_campaign = Counter(g.campaign for g in ix.duplicates)
    for n, g in enumerate(ix.duplicates, 1):
        if g.campaign != current:
            current, shown = g.campaign, 0
            out.append(f"## {md_text(w.campaign_label(g.campaign))}\n\n")
            if per_campaign[g.campaign] > MAX_GROUPS:
                out.append(f"共 {per_campaign[g.campaign]} 组，这里列出前 {MAX_GROUPS} 组；全部见 archive.json 的 duplicates。\n\n")
        shown += 1
        if shown > MAX_GROUPS:
            continue
        kind = "问题" if g.kind == "problem" else "整改措施"
        out.append(f"### 第 {n} 组：{kind}，{len(g.authors)} 人 {{#dup-{n}}}\n\n")
        leader = _statement(w, page, g.leader)
        if leader is None:
            continue
        rows = []
        for s, score in g.members:
            other = _statement(w, page, s)
            if other is not None:
                rows.append([leader, other, f"{score:.0%}"])
        out.append(table(["对照基准", "雷同的表述", "相似程度"], rows, "ar-dup-pairs") + "\n")
    return "".join(out)


def _statement(w: Writer, page: str, s) -> Html | None:
    """One side of a pair: who wrote it, a link to it, and its text as written (without markers and ledger)."""
    m = w.materials.get(s.key.material)
    item = m.item(s.key.kind, s.key.item_id) if m else None
    if m is None or item is None:
        return None
    text = lg.INLINE_RE.sub("", BRACKETS_RE.sub("", item.text)).strip()
    return Html("%s · %s<br>%s") % (w.person(page, person_of(m.meta)), w.item(page, m, item), text)


def meetings_page(w: Writer) -> str:
    page = f"{ROOT}/meetings.md"
    ix = w.index
    rules = ix.options.meetings
    out = ["# 三会一课\n\n"]
    required = "；".join(f"{md_text(w.vocab.label('meeting_types', k))}{r.label}" for k, r in rules.items())
    out.append(f"按会议记录的日期统计每季度召开的次数。要求：{required or '未设置'}（这是本网站设定的要求，需要调整请联系维护网站的同志）。"
               f"统计日期：{zh(w.today)}；从最早一份会议记录的年份起，每年都列出，一次记录也没有的年份同样列出；"
               f"尚未结束的月份和季度不检查，最早一份会议记录之前的季度也不检查。\n\n")
    if not ix.meetings:
        out.append("档案中还没有会议记录。\n")
        return "".join(out)
    for t in reversed(ix.meetings):
        out.append(f"## {t.year}年" + (f"（{t.gaps} 处不足）" if t.gaps else "") + "\n\n")
        if not any(r.total for r in t.rows):
            out.append(Html('<p class="ar-gap">%d年没有任何会议记录。</p>\n\n') % t.year)
        rows = []
        for r in t.rows:
            cells = [_meeting_cell(w, page, c) for c in r.cells]
            rows.append([w.vocab.label("meeting_types", r.meeting_type), r.rule.label if r.rule else "—", *cells, str(r.total)])
        out.append(table(["会议类型", "要求", *QUARTERS, "全年"], rows) + "\n")
    return "".join(out)


def _meeting_cell(w: Writer, page: str, cell) -> Html:
    links = Html("、").join(w.a(page, m.path, f"{m.meta.date.month}月{m.meta.date.day}日") for m in cell.materials)
    text = Html("%d") % len(cell.materials) + ("：" + links if links else EMPTY)
    if cell.state == "short":
        text += Html(' <span class="ar-gap">不足%s</span>') % (f'：缺{"、".join(cell.missing)}' if cell.missing else "")
    elif cell.state == "open":
        text += Html(' <span class="ar-pending">（未结束）</span>')
    elif cell.state == "before":
        text = Html("—") if not cell.materials else text
    return text
