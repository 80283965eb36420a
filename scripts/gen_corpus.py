#!/usr/bin/env python3
"""Generate a synthetic archive of N materials for benchmarks and search tests. Deterministic from a seed.

    python scripts/gen_corpus.py TARGET --n 1000 [--seed 1]

TARGET becomes a complete site: mkdocs.yml (the project's own, with its hooks by absolute path),
vocabulary.yml (the project's campaigns, areas and types, plus generated branches and yearly meetings),
docs/ (index.md, assets/, the materials) and ground_truth.json (which pages, problems and measures
contain each probe phrase; see DEFINITION). The same seed gives byte-identical files, and the corpus
for a smaller N is a prefix of the corpus for a larger one.

The materials follow the conventions the core parses (docs/guide/index.md): sections 一、存在问题 /
二、原因分析 / 三、整改措施 in several wordings, areas （一）…方面 from the campaign's areas, points
一是 / 1． / 1. / （1） / 第一，, markers 【针对问题：1.1、2.1】 or （对应问题1.1） so that every problem is
answered, and 【落实措施：<path>#3】 links from a yearly meeting's material to the member's previous one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_text as T

ROOT = Path(__file__).resolve().parent.parent
ZH = "一二三四五六七八九十"
FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

PROBES = ("一岗双责", "三会一课", "中央八项规定", "八项规定", "宗旨意识", "联系群众", "碎片化", "整改措施", "形式主义",
          "两个维护", "四风", "党性修养", "非遗保护", "区块链")
DEFINITION = (
    "A page contains a phrase when the material's title, its member's name or its body (the Markdown after the "
    "front matter, as written) contains it. A problem or measure contains a phrase when its text does: the point "
    "from after its numbering to the next point, area or section (markers included). Exact substring match. "
    "Committee-only materials (materials[path].audience == 'committee') are listed too: a members' site leaves them out."
)

# (id, first day, last day) in the order they happened; the yearly meetings are held early the next year.
CAMPAIGNS: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("2019-bwcx", dt.date(2019, 9, 2), dt.date(2019, 12, 20)),
    ("2020-annual", dt.date(2021, 1, 5), dt.date(2021, 2, 26)),
    ("2021-annual", dt.date(2022, 1, 5), dt.date(2022, 2, 25)),
    ("2022-annual", dt.date(2023, 1, 4), dt.date(2023, 2, 24)),
    ("2023-zhuti-2", dt.date(2023, 9, 4), dt.date(2024, 1, 19)),
    ("2023-annual", dt.date(2024, 1, 22), dt.date(2024, 3, 1)),
    ("2024-dangji", dt.date(2024, 4, 8), dt.date(2024, 7, 31)),
    ("2024-annual", dt.date(2025, 1, 6), dt.date(2025, 2, 28)),
    ("2025-baxiang", dt.date(2025, 3, 17), dt.date(2025, 7, 31)),
)
ANNUAL_AREAS_FROM = "2024-annual"


def zh(n: int) -> str:
    return ZH[n - 1] if n <= 10 else "十" + ZH[n - 11]


@dataclass
class Member:
    name: str
    slug: str
    work: str


@dataclass
class Branch:
    id: str
    label: str
    works: tuple[str, ...]
    roster: list[Member] = field(default_factory=list)


@dataclass
class Campaign:
    id: str
    label: str
    year: int
    areas: tuple[str, ...]
    first: dt.date
    last: dt.date

    @property
    def annual(self) -> bool:
        return self.id.endswith("-annual")


@dataclass
class Page:
    path: str
    meta: dict
    body: str
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(id, text) of every problem, as the core will number them."""
    measures: list[tuple[str, str]] = field(default_factory=list)
    chinese_keys: bool = False

    @property
    def ref(self) -> str:
        return self.path.removesuffix(".md")

    def text(self) -> str:
        return front_matter(self.meta, self.chinese_keys) + self.body

    def searchable(self) -> str:
        return "\n".join((self.meta["title"], self.meta.get("member") or "", self.body))


@dataclass
class Corpus:
    pages: list[Page]
    vocabulary: dict
    branches: list[Branch]
    seed: int
    near_duplicates: dict[tuple[str, str], list[str]]


# --- front matter ----------------------------------------------------------------------------

KEYS_ZH = {"title": "标题", "doc_type": "文档类型", "member": "党员", "branch": "支部", "campaign": "批次", "date": "日期",
           "meeting_type": "会议类型", "audience": "知悉范围", "tags": "标签"}


def front_matter(meta: dict, chinese: bool) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if key.startswith("_") or value is None:
            continue
        if chinese and key in meta.get("_labels", {}):
            value = meta["_labels"][key]
        if isinstance(value, dt.date):
            value = f"{value.year}年{value.month}月{value.day}日" if chinese else value.isoformat()
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        lines.append(f"{KEYS_ZH[key] if chinese else key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# --- the generator ---------------------------------------------------------------------------

class Generator:
    def __init__(self, seed: int, vocabulary: dict):
        self.rng = random.Random(seed)
        self.seed = seed
        self.vocab = vocabulary
        self.doc_labels = {d["id"]: d["label"] for d in vocabulary["doc_types"]}
        self.meeting_labels = {m["id"]: m["label"] for m in vocabulary["meeting_types"]}
        self.campaigns = [self._campaign(cid, first, last) for cid, first, last in CAMPAIGNS]
        self.names: set[str] = set()
        self.branches: list[Branch] = []
        self.last_review: dict[str, Page] = {}
        self.near_duplicates: dict[tuple[str, str], list[str]] = {}

    def _campaign(self, cid: str, first: dt.date, last: dt.date) -> Campaign:
        known = {c["id"]: c for c in self.vocab["campaigns"]}
        if cid in known:
            c = known[cid]
            return Campaign(cid, c["label"], c["year"], tuple(c["areas"]), first, last)
        year = int(cid[:4])
        return Campaign(cid, f"{year}年度组织生活会", year, tuple(known[ANNUAL_AREAS_FROM]["areas"]), first, last)

    # -- people

    def member(self, branch: Branch) -> Member:
        r = self.rng
        while True:
            surname, sp = r.choice(T.SURNAMES)
            given = [r.choice(T.GIVEN) for _ in range(1 if r.random() < 0.35 else 2)]
            name = surname + "".join(g for g, _ in given)
            if name not in self.names:
                break
        self.names.add(name)
        slug = sp + "".join(p for _, p in given)
        taken = {m.slug for m in branch.roster}
        base, k = slug, 2
        while slug in taken:
            slug, k = f"{base}{k}", k + 1
        return Member(name, slug, r.choice(branch.works))

    def branch(self, index: int) -> Branch:
        bid, label, works = T.BRANCHES[index % len(T.BRANCHES)]
        if index >= len(T.BRANCHES):
            round_ = index // len(T.BRANCHES) + 1
            base = label.removesuffix("第一党支部").removesuffix("党支部")
            bid, label = f"{bid}-{round_}", f"{base}第{zh(round_)}党支部"
        branch = Branch(bid, label, works)
        for _ in range(self.rng.randint(8, 14)):
            branch.roster.append(self.member(branch))
        self.branches.append(branch)
        return branch

    # -- the corpus, lazily, in the order things happened

    def pages(self) -> Iterator[Page]:
        index = 0
        while True:
            branch = self.branch(index)
            for n, campaign in enumerate(self.campaigns):
                if n:
                    self._turnover(branch)
                yield from self._campaign_pages(branch, campaign)
            index += 1

    def _turnover(self, branch: Branch) -> None:
        r = self.rng
        if r.random() < 0.15 and len(branch.roster) > 6:
            branch.roster.pop(r.randrange(1, len(branch.roster)))  # the secretary (first) stays
        if r.random() < 0.35:
            branch.roster.append(self.member(branch))

    def _campaign_pages(self, branch: Branch, c: Campaign) -> Iterator[Page]:
        r = self.rng
        meeting = c.last - dt.timedelta(days=r.randint(0, 10))
        for member in branch.roster:
            yield self.self_review(branch, member, c, meeting)
        review = self.branch_review(branch, c, meeting)
        yield review
        yield self.rectification_list(branch, c, review, meeting)
        for member in branch.roster:
            if not c.annual and r.random() < 0.3:
                yield self.speech_outline(branch, member, c)
            if r.random() < 0.35:
                yield self.reflection(branch, member, c)
            if r.random() < 0.2:
                yield self.study_notes(branch, member, c)
        yield from self.minutes(branch, c, meeting)
        for member in r.sample(branch.roster[1:], min(len(branch.roster) - 1, r.randint(1, 2))):
            yield self.talk_record(branch, member, c)
        if c.annual:
            for member in branch.roster:
                if r.random() < 0.3:
                    yield self.appraisal(branch, member, c, meeting)

    # -- pieces of text

    def sentence(self, text: str, work: str) -> str:
        return text.replace("{work}", work)

    def day(self, c: Campaign, before: dt.date | None = None) -> dt.date:
        last = before or c.last
        return c.first + dt.timedelta(days=self.rng.randint(0, max(0, (last - c.first).days)))

    def deadline(self, after: dt.date) -> str:
        """完成时限 a few months after the material's date, or 立行立改 / 长期坚持."""
        r = self.rng
        roll = r.random()
        if roll < 0.15:
            return "立行立改"
        if roll < 0.3:
            return "长期坚持"
        month = after.month + r.randint(1, 9)
        return f"{after.year + (month - 1) // 12}年{(month - 1) % 12 + 1}月底"

    def numbering(self, style: str, n: int) -> str:
        if style == "zh_shi":
            return f"{zh(n)}是"
        if style == "dot":
            return f"{n}．"
        if style == "dot_full":
            return f"{n}．".translate(FULLWIDTH_DIGITS)
        if style == "paren":
            return f"（{n}）"
        if style == "md":
            return f"{n}. "
        return f"第{zh(n)}，"  # zh_di

    def problem_text(self, theme: str, work: str, used: set[str]) -> tuple[str, str | None]:
        """A point's text after its numbering (title. elaboration. 比如，example.) and its 范文 template, if copied."""
        r = self.rng
        bank = T.THEMES[theme]
        if theme in T.TEMPLATE_POINTS and r.random() < 0.12:
            k = r.randrange(len(T.TEMPLATE_POINTS[theme]))
            text = T.TEMPLATE_POINTS[theme][k]
            a, b = r.choice([e for e in T.TEMPLATE_EDITS if e[0] in text] or [("", "")])
            return (text.replace(a, b, 1) if a else text), f"{theme}-{k + 1}"
        titles = [t for t in bank["titles"] if t not in used] or list(bank["titles"])
        title = r.choice(titles)
        used.add(title)
        elab = "".join(r.sample(bank["elabs"], 3))
        example = self.sentence(r.choice(bank["examples"]), work)
        return f"{title}。{elab}比如，{example}。{r.choice(T.CONSEQUENCES)}", None

    def add_problem(self, page: Page, c: Campaign, pid: str, theme: str, work: str, used: set[str]) -> str:
        text, template = self.problem_text(theme, work, used)
        if template:
            self.near_duplicates.setdefault((c.id, template), []).append(f"{page.path}#{pid}")
        page.problems.append((pid, text))
        return text

    def measure_text(self, themes: list[str], work: str) -> str:
        r = self.rng
        title = r.choice(T.THEMES[themes[0]]["measure_titles"])
        details = [self.sentence(d, work) for d in r.sample(T.THEMES[themes[0]]["measure_details"], 2)]
        details += [self.sentence(r.choice(T.THEMES[t]["measure_details"]), work) for t in themes[1:]]
        return f"{title}。" + "；".join(details) + "。"

    def marker(self, ids: list[str]) -> str:
        if self.rng.random() < 0.7:
            return f"【针对问题：{'、'.join(ids)}】"
        return f"（对应问题{'、'.join(ids)}）"

    # -- structured materials

    def structured_body(self, page: Page, c: Campaign, work: str, lead: str, previous: Page | None,
                        owners: list[Member] | None = None) -> str:
        """Lead, [上年度整改落实情况], 存在问题 by area, 原因分析, 整改措施: fills page.problems / page.measures."""
        r = self.rng
        md_heads = r.random() < 0.4
        area_form = r.choice(("plain", "plain", "plain", "heading", "bracket")) if not md_heads else r.choice(("heading", "plain"))
        p_style = r.choices(("zh_shi", "dot", "paren", "md", "dot_full"), (60, 15, 12, 8, 5))[0]
        m_style = r.choices(("zh_shi", "dot", "md", "zh_di", "paren"), (45, 20, 15, 10, 10))[0]
        inline_area = p_style == "zh_shi" and area_form == "plain" and r.random() < 0.15
        out = [lead, ""]
        sec = 0

        def heading(title: str) -> None:
            nonlocal sec
            sec += 1
            out.extend([f"## {zh(sec)}、{title}" if md_heads else f"{zh(sec)}、{title}", ""])

        if previous is not None and previous.measures:
            heading("上年度问题整改落实情况")
            for k, (mid, mtext) in enumerate(previous.measures, 1):
                progress = self.sentence(r.choice(T.PROGRESS), work)
                out.extend([f"{zh(k)}是{mtext.split('。', 1)[0]}方面。{progress}。【落实措施：{previous.ref}#{mid}】", ""])

        heading(r.choice(T.PROBLEMS_HEADINGS))
        groups: list[tuple[list[str], list[str]]] = []  # (themes, problem ids) answered by one measure
        used: set[str] = set()
        for a, area in enumerate(c.areas, 1):
            theme = T.AREA_THEME.get(area, "duty")
            count = r.choices((1, 2, 3), (10, 50, 40))[0]
            label = f"（{zh(a)}）{area}方面"
            texts = []
            for j in range(1, count + 1):
                texts.append(self.add_problem(page, c, f"{a}.{j}", theme, work, used))
            ids = [f"{a}.{j}" for j in range(1, count + 1)]
            if groups and len(groups[-1][0]) == 1 and r.random() < 0.2:
                groups[-1][0].append(theme)
                groups[-1][1].extend(ids)
            else:
                groups.append(([theme], ids))
            if inline_area:
                out.extend([f"{label}。" + "".join(f"{zh(j)}是{t}" for j, t in enumerate(texts, 1)), ""])
                continue
            if area_form == "heading":
                out.extend([f"### {label}", ""])
            elif area_form == "bracket":
                out.extend([f"【{area}方面】", ""])
            else:
                out.extend([f"{label}。", ""])
            for j, text in enumerate(texts, 1):
                title, _, example = text.partition("比如，")
                if example and p_style != "md" and r.random() < 0.3:
                    out.extend([f"{self.numbering(p_style, j)}{title}", "", f"比如，{example}", ""])
                else:
                    out.extend([f"{self.numbering(p_style, j)}{text}", ""])

        heading(r.choice(T.CAUSES_HEADINGS))
        causes = r.sample(T.CAUSES, r.randint(3, 5))
        if r.random() < 0.5:
            joined = "".join(f"{zh(k)}是{cause}{'；' if k < len(causes) else '。'}" for k, cause in enumerate(causes, 1))
            out.extend([r.choice(T.CAUSE_LEADS) + joined, ""])
        else:
            out.extend([r.choice(T.CAUSE_LEADS), ""])
            for k, cause in enumerate(causes, 1):
                out.extend([f"{zh(k)}是{cause}。", ""])

        heading(r.choice(T.MEASURES_HEADINGS))
        for k, (themes, ids) in enumerate(groups, 1):
            text = self.measure_text(themes, work)
            if owners:
                text += f"（责任人：{r.choice(owners).name}；完成时限：{self.deadline(page.meta['date'])}）"
            elif r.random() < 0.25:
                text += f"（完成时限：{self.deadline(page.meta['date'])}）"
            text += self.marker(ids)
            page.measures.append((str(k), text))
            out.extend([f"{self.numbering(m_style, k)}{text}", ""])
        return "\n".join(out)

    def meta(self, title: str, doc_type: str, branch: Branch, c: Campaign | None, date: dt.date,
             member: Member | None = None, **extra) -> tuple[dict, bool]:
        r = self.rng
        meta: dict = {"title": title, "doc_type": doc_type, "member": member.name if member else None,
                      "branch": branch.id, "campaign": c.id if c else None, "date": date}
        meta.update(extra)
        labels = {"doc_type": self.doc_labels[doc_type], "branch": branch.label}
        if c:
            labels["campaign"] = c.label
        if extra.get("meeting_type"):
            labels["meeting_type"] = self.meeting_labels[extra["meeting_type"]]
        meta["_labels"] = labels
        if r.random() < 0.3:
            meta["tags"] = sorted(r.sample(("理论学习", "对照检查", "作风建设", "党纪学习", "组织生活", "为民服务"), 2))
        return meta, r.random() < 0.15

    def self_review(self, branch: Branch, member: Member, c: Campaign, meeting: dt.date) -> Page:
        path = f"{branch.id}/{c.id}/{member.slug}.md"
        title = f"{member.name}同志{c.label}{'' if c.annual else '专题组织生活会'}个人对照检查材料"
        meta, chinese = self.meta(title, "self_review", branch, c, meeting, member)
        page = Page(path, meta, "", chinese_keys=chinese)
        lead = self.sentence(T.LEADS["annual" if c.annual else c.id], member.work).replace("{year}", str(c.year))
        previous = self.last_review.get(member.name) if c.annual else None
        page.body = "\n" + self.structured_body(page, c, member.work, lead, previous)
        self.last_review[member.name] = page
        return page

    def branch_review(self, branch: Branch, c: Campaign, meeting: dt.date) -> Page:
        path = f"{branch.id}/{c.id}/zhibu-banzi.md"
        meta, chinese = self.meta(f"{branch.label}班子{c.label}对照检查材料", "branch_review", branch, c, meeting)
        page = Page(path, meta, "", chinese_keys=chinese)
        lead = T.BRANCH_LEAD.replace("{campaign}", c.label).replace("{work}", "、".join(branch.works))
        previous = self.last_review.get(branch.id) if c.annual else None
        page.body = "\n" + self.structured_body(page, c, branch.works[0], lead, previous, owners=branch.roster[:3])
        self.last_review[branch.id] = page
        return page

    def rectification_list(self, branch: Branch, c: Campaign, review: Page, meeting: dt.date) -> Page:
        """The ledger of the branch's problems: one measure per problem, with owner, deadline and status."""
        r = self.rng
        path = f"{branch.id}/{c.id}/zhenggai-qingdan.md"
        meta, chinese = self.meta(f"{branch.label}{c.label}整改清单", "rectification_list", branch, c,
                                  meeting + dt.timedelta(days=r.randint(3, 12)))
        page = Page(path, meta, "", chinese_keys=chinese)
        out = [f"根据{c.label}专题组织生活会查摆的问题，支部委员会研究制定本整改清单，实行清单式管理、滚动式销号。", "", "一、问题清单", ""]
        area = None
        for pid, text in review.problems:
            a, j = pid.split(".")
            if a != area:
                area = a
                out.extend([f"（{zh(int(a))}）{c.areas[int(a) - 1]}方面", ""])
            summary = text.split("比如，", 1)[0]
            page.problems.append((pid, summary))
            out.extend([f"{j}．{summary}", ""])
        out.extend(["二、整改措施清单", ""])
        for k, (pid, _) in enumerate(review.problems, 1):
            theme = T.AREA_THEME.get(c.areas[int(pid.split(".")[0]) - 1], "duty")
            status = r.choice(("未启动", "整改中", "整改中", "已完成", "已完成", "长期坚持"))
            detail = self.sentence(r.choice(T.THEMES[theme]["measure_details"]), branch.works[0])
            text = (f"{detail}。（责任人：{r.choice(branch.roster[:4]).name}；完成时限：{self.deadline(page.meta['date'])}；"
                    f"状态：{status}）【针对问题：{pid}】")
            page.measures.append((str(k), text))
            out.extend([f"{k}．{text}", ""])
        out.extend(["三、工作要求", "", "各责任人要按照时限要求抓好整改落实，支部每月听取一次整改进展情况汇报，整改完成一项、销号一项。", ""])
        page.body = "\n" + "\n".join(out)
        return page

    def speech_outline(self, branch: Branch, member: Member, c: Campaign) -> Page:
        r = self.rng
        path = f"{branch.id}/{c.id}/{member.slug}-fayan.md"
        meta, chinese = self.meta(f"{member.name}同志在{c.label}专题研讨会上的发言提纲", "speech_outline", branch, c,
                                  self.day(c), member)
        page = Page(path, meta, "", chinese_keys=chinese)
        out = ["## 一、学习收获和体会", ""]
        for _ in range(5):
            out.extend([self.paragraph(member.work, 6, 8), ""])
        out.extend(["## 二、存在的差距和不足", ""])
        themes = r.sample(sorted(set(T.AREA_THEME[a] for a in c.areas if a in T.AREA_THEME)), 4)
        used: set[str] = set()
        for j, theme in enumerate(themes, 1):
            text = self.add_problem(page, c, str(j), theme, member.work, used)
            out.extend([f"{j}. {text}", ""])
        out.extend(["## 三、努力方向", ""])
        split = r.randint(1, 3)
        for k, ids in enumerate(([str(j) for j in range(1, split + 1)], [str(j) for j in range(split + 1, 5)]), 1):
            text = self.measure_text([themes[int(ids[0]) - 1]], member.work) + self.marker(ids)
            page.measures.append((str(k), text))
            out.extend([f"{k}. {text}", ""])
        page.body = "\n" + "\n".join(out)
        return page

    # -- free text

    def paragraph(self, work: str, low: int, high: int) -> str:
        return "".join(self.sentence(s, work) for s in self.rng.sample(T.SENTENCES, self.rng.randint(low, high)))

    def reflection(self, branch: Branch, member: Member, c: Campaign) -> Page:
        r = self.rng
        headings = r.sample(T.REFLECTION_HEADINGS, 4)
        path = f"{branch.id}/{c.id}/{member.slug}-xinde.md"
        meta, chinese = self.meta(f"{headings[0]}——{c.label}学习心得体会", "reflection", branch, c, self.day(c), member)
        out = [f"{c.label}开展以来，我按照支部安排认真参加集中学习和专题研讨，结合{member.work}工作进行了深入思考，现将学习体会报告如下。", ""]
        for h in headings:
            out.extend([f"## {h}", ""])
            for _ in range(3):
                out.extend([self.paragraph(member.work, 6, 8), ""])
        out.extend(["以上是我的学习体会，不妥之处请同志们批评指正。", ""])
        return Page(path, meta, "\n" + "\n".join(out), chinese_keys=chinese)

    def study_notes(self, branch: Branch, member: Member, c: Campaign) -> Page:
        r = self.rng
        book = r.choice(T.BOOKS)
        date = self.day(c)
        path = f"{branch.id}/xuexi/{member.slug}-{c.id}.md"
        meta, chinese = self.meta(f"学习笔记：{book}", "study_notes", branch, None, date, member)
        out = [f"学习时间：{date.year}年{date.month}月{date.day}日", "", "## 原文摘录", ""]
        out.extend(f"- {e}" for e in r.sample(T.NOTE_EXCERPTS, 7))
        out.extend(["", "## 学习体会", ""])
        for _ in range(5):
            out.extend([self.paragraph(member.work, 6, 8), ""])
        return Page(path, meta, "\n" + "\n".join(out), chinese_keys=chinese)

    def minutes(self, branch: Branch, c: Campaign, meeting: dt.date) -> Iterator[Page]:
        r = self.rng
        kinds = ["committee_meeting", "party_congress", "org_life", *r.sample(["group_meeting", "party_lecture", "theme_day"], r.randint(0, 3))]
        taken: set[str] = set()
        for kind in kinds:
            date = meeting if kind == "org_life" else self.day(c, meeting)
            slug = T.MEETING_SLUGS[kind]
            path = f"{branch.id}/huiyi/{date.year}/{date.isoformat()}-{slug}.md"
            if path in taken:
                continue
            taken.add(path)
            topic = self.sentence(r.choice(T.MEETING_TOPICS[kind]), branch.works[0]).replace("{campaign}", c.label)
            secretary = branch.roster[0]
            present = [m.name for m in branch.roster if r.random() < 0.9]
            meta, chinese = self.meta(f"{self.meeting_labels[kind]}记录：{topic}", "minutes", branch, c, date, meeting_type=kind)
            out = [f"**时间：** {date.year}年{date.month}月{date.day}日", "", "**地点：** 单位三楼会议室", "",
                   f"**主持人：** {secretary.name}（支部书记）", "",
                   f"**参加人员：** {'、'.join(present)}（应到{len(branch.roster)}人，实到{len(present)}人）", "",
                   f"**记录人：** {r.choice(branch.roster).name}", "", "**会议内容：**", "",
                   f"{secretary.name}同志主持会议并讲话。{self.paragraph(branch.works[0], 6, 8)}", "",
                   self.paragraph(branch.works[0], 6, 8), "", self.paragraph(branch.works[0], 6, 8), "", "**交流发言：**", ""]
            for speaker in r.sample(branch.roster, min(4, len(branch.roster))):
                out.extend([f"{speaker.name}同志发言：{self.paragraph(speaker.work, 3, 5)}", ""])
            out += ["**会议决定：**", "",
                   f"会议要求全体党员按时参加三会一课，结合{branch.works[0]}工作抓好学习成果转化。", ""]
            yield Page(path, meta, "\n" + "\n".join(out), chinese_keys=chinese)

    def talk_record(self, branch: Branch, member: Member, c: Campaign) -> Page:
        r = self.rng
        date = self.day(c)
        path = f"{branch.id}/tanxin/{date.year}/{member.slug}-{date.isoformat()}.md"
        meta, chinese = self.meta(f"与{member.name}同志的谈心谈话记录", "talk_record", branch, None, date, member, audience="committee")
        out = [f"**谈话人：** {branch.roster[0].name}（支部书记）", "", f"**谈话对象：** {member.name}", "",
               f"**谈话主题：** {r.choice(T.TALK_TOPICS)}", "", "**谈话内容：**", "", self.paragraph(member.work, 6, 8), "",
               self.paragraph(member.work, 6, 8), "", self.paragraph(member.work, 6, 8), "", "**谈话对象表态：**", "", self.paragraph(member.work, 3, 5), ""]
        return Page(path, meta, "\n" + "\n".join(out), chinese_keys=chinese)

    def appraisal(self, branch: Branch, member: Member, c: Campaign, meeting: dt.date) -> Page:
        r = self.rng
        path = f"{branch.id}/pingyi/{c.year}/{member.slug}.md"
        result = r.choices(("优秀", "合格", "基本合格"), (30, 68, 2))[0]
        meta, chinese = self.meta(f"{member.name}同志{c.year}年度民主评议党员登记表", "appraisal", branch, None, meeting, member,
                                  audience="committee")
        out = ["## 个人自评", "", self.paragraph(member.work, 6, 8), "", self.paragraph(member.work, 6, 8), "",
               self.paragraph(member.work, 6, 8), "",
               "## 党员互评意见", "", self.paragraph(member.work, 3, 5), "",
               "## 评议结果", "", f"经支部党员大会民主评议，{member.name}同志评定为{result}等次。", ""]
        return Page(path, meta, "\n" + "\n".join(out), chinese_keys=chinese)


# --- the corpus, the site and the ground truth ----------------------------------------------

def generate(n: int, seed: int = 1) -> Corpus:
    vocabulary = yaml.safe_load((ROOT / "vocabulary.yml").read_text(encoding="utf-8"))
    gen = Generator(seed, vocabulary)
    pages: list[Page] = []
    for page in gen.pages():
        if len(pages) >= n:
            break
        pages.append(page)
    used = {p.meta["branch"] for p in pages}
    branches = [b for b in gen.branches if b.id in used]
    vocab = dict(vocabulary)
    vocab["branches"] = [{"id": b.id, "label": b.label} for b in branches]
    known = {c["id"] for c in vocabulary["campaigns"]}
    vocab["campaigns"] = list(vocabulary["campaigns"]) + [
        {"id": c.id, "label": c.label, "year": c.year, "areas": list(c.areas)} for c in gen.campaigns if c.id not in known]
    paths = {p.path for p in pages}
    dups = {k: [i for i in v if i.split("#")[0] in paths] for k, v in gen.near_duplicates.items()}
    return Corpus(pages, vocab, branches, seed, {k: v for k, v in dups.items() if len({i.split("#")[0] for i in v}) > 1})


def ground_truth(corpus: Corpus) -> dict:
    pages = corpus.pages
    members = [p.meta["member"] for p in pages if p.meta.get("member")]
    names = list(dict.fromkeys([members[0], members[-1]])) if members else []
    queries = []
    for phrase in (*PROBES, *names):
        queries.append({
            "phrase": phrase,
            "pages": sorted(p.path for p in pages if phrase in p.searchable()),
            "problems": sorted(f"{p.path}#{i}" for p in pages for i, t in p.problems if phrase in t),
            "measures": sorted(f"{p.path}#{i}" for p in pages for i, t in p.measures if phrase in t),
        })
    edit = next((p.path for p in pages if p.meta["doc_type"] == "self_review"), pages[0].path if pages else None)
    return {
        "generator": "scripts/gen_corpus.py",
        "seed": corpus.seed,
        "n": len(pages),
        "definition": DEFINITION,
        "edit_target": edit,
        "queries": queries,
        "near_duplicates": [{"campaign": c, "template": t, "problems": sorted(v)} for (c, t), v in sorted(corpus.near_duplicates.items())],
        "materials": {p.path: {
            "title": p.meta["title"], "doc_type": p.meta["doc_type"], "member": p.meta.get("member"), "branch": p.meta["branch"],
            "campaign": p.meta.get("campaign"), "audience": p.meta.get("audience", "members"),
            "problems": [i for i, _ in p.problems], "measures": [i for i, _ in p.measures],
        } for p in pages},
    }


def site_config(corpus: Corpus) -> dict:
    """The project's mkdocs.yml, with its hooks by absolute path and Chinese names for the generated folders."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = "县直机关党委学习档案（合成语料）"
    config["hooks"] = [str((ROOT / h).resolve()) for h in config.get("hooks", [])]
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    archive = config.setdefault("extra", {}).setdefault("archive", {})
    folders = dict(archive.get("folders") or {})
    folders.update({b.id: b.label for b in corpus.branches})
    folders.update({"tanxin": "谈心谈话记录", "pingyi": "民主评议党员"})
    archive["folders"] = folders
    return config


def write_site(corpus: Corpus, target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        if not (target / "ground_truth.json").exists():
            raise SystemExit(f"{target} 不是空文件夹，也不是本脚本生成的语料；请换一个目标文件夹。")
        shutil.rmtree(target)
    docs = target / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")

    dump: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 1000}
    write(target / "mkdocs.yml", yaml.safe_dump(site_config(corpus), **dump))
    write(target / "vocabulary.yml", "# 合成语料的词表（scripts/gen_corpus.py 生成）。\n" + yaml.safe_dump(corpus.vocabulary, **dump))
    write(docs / "index.md", f"# 县直机关党委学习档案（合成语料）\n\n本站是 scripts/gen_corpus.py 生成的虚构档案，共 {len(corpus.pages)} 份材料，"
                             f"{len(corpus.branches)} 个支部，用于性能测试和搜索测试。\n")
    for page in corpus.pages:
        write(docs / page.path, page.text())
    record_namesakes(corpus, target)
    write(target / "ground_truth.json", json.dumps(ground_truth(corpus), ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def record_namesakes(corpus: Corpus, target: Path) -> None:
    """Members whose page address depends on another's (same pinyin: 戴建 and 戴健) recorded in urls.yml, each at
    the address the build gives it, as `archive new` records them in a real archive: without them the strict
    build warns (core/naming.py) and a large corpus, which has such names, would not build."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from studyarchive.core.naming import Recorded, Seen, append_records, first_seen, member_slugs, slug
    from studyarchive.core.people import Person

    labels = {b.id: b.label for b in corpus.branches}
    seen = first_seen((Person(p.meta["member"], p.meta["branch"]), Seen(p.meta["date"], p.path, f"docs/{p.path}"))
                      for p in corpus.pages if p.meta.get("member"))
    slugs, _ = member_slugs(seen, Recorded(), list(labels), labels.__getitem__)
    groups: dict[str, list[Person]] = {}
    for person in slugs:
        groups.setdefault(slug(person.name) or "member", []).append(person)
    records = {p: slugs[p] for people in groups.values() if len(people) > 1 for p in sorted(people)}
    append_records(target, records, len(labels) > 1, labels.__getitem__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 N 份虚构材料组成的档案网站（同一种子得到逐字节相同的文件）。")
    parser.add_argument("target", type=Path, help="目标文件夹（不存在或为空，或以前由本脚本生成）")
    parser.add_argument("--n", type=int, default=200, help="材料份数（默认 200）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n 至少为 1")
    corpus = generate(args.n, args.seed)
    write_site(corpus, args.target)
    chars = sum(len(p.body) for p in corpus.pages)
    print(f"{args.target}: {len(corpus.pages)} 份材料，{len(corpus.branches)} 个支部，平均每份 {chars // len(corpus.pages)} 字符")
    return 0


if __name__ == "__main__":
    sys.exit(main())
