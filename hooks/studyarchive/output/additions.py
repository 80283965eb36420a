"""What a material's own page shows from the rest of the archive: its items' 雷同 marks and its ledger table.

``additions_key`` says what these read, so that the incremental preview keeps a material's page without making them
(mkdocs/incremental.py); the two live together so that whoever changes one sees the other.
"""

from __future__ import annotations

from ..analyse.indexes import ROOT
from ..core.escaping import EMPTY, LINK, Html
from ..core.model import ItemKey, Material
from ..parse import ledger as lg
from .pages import OVERDUE, Writer, ledger_path, para, report_note, table, zh
from .render import anchor_html


def additions_key(w: Writer, m: Material) -> tuple[object, ...]:
    """What ``material_additions`` reads besides the material itself (incremental.material_state): its items' 雷同
    group numbers and whether the 雷同 page lists them, the date the ledger counts from, how persons are named (a
    责任人 gets its branch beside a namesake), and the titles of the materials whose reports it quotes. The preview
    keeps a material's page when these are as they were, without making its additions: whoever makes them read
    more adds it here (tests/test_serve_random_edits.py, test_review_preview.py)."""
    dups = []
    for item in m.items:
        number = w.index.duplicate_of.get(ItemKey(m.path, item.kind, item.id))
        if number is not None:
            dups.append((item.anchor, number, number in w.listed_groups))
    sources = [(r.material, w.materials[r.material].meta.title if r.material in w.materials else None)
               for item in m.items for r in item.reports]
    return w.today, dups, sources, w.people_key


def material_additions(w: Writer, m: Material) -> tuple[dict[str, Html], str]:
    """(marks to put after item anchors, a ledger table for the end of the page)."""
    marks: dict[str, Html] = {}
    report = f"{ROOT}/duplicates.md"
    for item in m.items:
        number = w.index.duplicate_of.get(ItemKey(m.path, item.kind, item.id))
        if number is not None:
            anchor = f"dup-{number}" if number in w.listed_groups else None
            marks[item.anchor] = (Html('<a class="ar-dup" href="%s" title="与其他党员的表述雷同：第 %d 组">雷同</a> ')
                                  % (w.href(m.path, report, anchor), number))
    measures = [i for i in m.items_of("measure") if i.ledger is not None or i.reports]
    if not measures:
        return marks, ""
    rows = []
    for item in measures:
        entry = item.ledger
        overdue = lg.is_overdue(entry, m, w.today, item)
        due = Html.escape(entry.deadline_text or "" if entry else "") + (OVERDUE if overdue else EMPTY)
        reported = report_note(w, m.path, lg.status_source(entry, item))
        note = Html("<br>").join(x for x in ((entry.note or "") if entry else "", reported) if x)
        owners = "、".join(w.index.people.owner(o, m.meta.branch) for o in lg.owners(entry, m))
        rows.append([LINK % ("#" + item.anchor, item.label + " " + item.title), owners,
                     due, lg.status_of(entry, item), zh(entry.completed) if entry else "", note])
    link = Html("（全部见%s）") % w.a(m.path, ledger_path(m.meta.campaign), "整改台账") if m.meta.campaign else EMPTY
    text = ("\n## " + anchor_html("ar-ledger") + "整改台账\n\n" + para(Html("统计日期：%s%s。") % (zh(w.today), link))
            + table(["整改措施", "责任人", "完成时限", "整改状态", "完成日期", "备注"], rows))
    return marks, str(text)
