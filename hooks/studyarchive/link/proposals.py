"""Propose which problems a measure answers, by area and shared words, for a person to confirm.

Only a proposal: `archive import` writes it as 【建议对应问题：…】 and the check warns until someone
confirms it (→ 【针对问题：…】) or deletes it.

Score of (measure, problem): cosine of their TF-IDF word vectors (jieba's words and IDF table; a
point's title counts twice), plus a bonus when the titles share a word, and one when the measure
names the problem's area (加强理论学习 → 理论学习方面; only by the area's own words: 纪律 of 政治纪律
and 工作纪律 names neither).

Then the order the writer kept: measures are mostly written in the order of the problems they answer.
- As many measures as problems, and the words never contradict the same position (each measure's
  problem at its own position scores near its best, or near the best any measure scores for that
  problem) while at least half of the measures are confirmed by their words: measure i → problem i.
- A measure whose title names an area (加强理论学习, 改进工作作风) answers the problems of that area.
- So does a measure that alone uses an area's own words (强化政治意识 → 增强政治意识方面), except the
  problems other measures answer in so many words (【针对问题：…】, 针对问题一).
- A problem another measure answers first-hand (its best, scored higher) is proposed for a second
  measure only on a strong score: 一岗双责 after five measures for five problems answers none of them.
- A measure the words link to nothing, between measures that are linked, answers the problems left
  unanswered between theirs: one measure the problems of one area, or as many measures as problems
  one by one. A wrong link is worse than none: nothing else is guessed.

Last, by shared characters (``by_shared_characters``), for a measure still linked to nothing: a short
measure (十抓 slogans: 师德师风, 家校沟通) shares no whole word with its problem, but the characters of its
content words still carry meaning (作风 → 师风, 家长 → 家校). It is proposed only when one problem, within
the order the neighbouring measures keep, shares characters that no other problem, cause or measure
uses, and they are at least a fifth of the measure's content characters: a long measure's single shared
character is chance. The import reports each such link as a guess, with the characters it went by.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from ..core.diagnostics import echo
from ..core.model import Item
from ..parse.markers import PROPOSAL_RE, SPLIT_RE
from ..parse.numbering import halfwidth

# Words every material uses: they say nothing about which problem a measure answers.
STOP_WORDS = frozenset("""
问题 方面 存在 不够 不足 比如 工作 没有 能够 主动 进一步 加强 深入 认真 自己 自身 有时 有时候 一些 比较 同时 进行 开展 落实
做到 坚持 提高 不断 严格 积极 推动 确保 全面 切实 持续 认识 情况 要求 一定 还是 还有 以及 对于 通过 作为 时候 相关 具体
个人 党员 同志 支部 对照 检查 整改 措施 原因 分析 产生 主要 以下 有所 有待 亟待 不强 不高 不到位 差距
主题 教育 时代 思想 精神 意识 能力 各项 全盘 水平 善于 上级 目标 方法 不够 导致 造成 现象
""".split())
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
TITLE_BONUS = 0.2
AREA_BONUS = 0.2
MIN_SCORE = 0.1
SHARE_OF_BEST = 0.6
MAX_PROPOSED = 4
STRONG = 0.5
"""A problem that another measure answers first-hand is proposed for a second one from this score on."""
MAX_PAIRS = 20_000
"""Pairs (measure, problem) scored at most: a material has 5-30 problems and as many measures (a few
hundred pairs). Every pair is scored, so a text with more would take the square of its size."""

_quiet = False


def _jieba():
    global _quiet
    import jieba
    import jieba.analyse

    if not _quiet:
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on the terminal
        _quiet = True
    return jieba, jieba.analyse.default_tfidf


def words(text: str) -> list[str]:
    jieba, _ = _jieba()
    return [w for w in jieba.cut(text) if len(w) >= 2 and CJK_RE.search(w) and w not in STOP_WORDS]


def _bigrams(text: str) -> set[str]:
    """Character pairs: 加强理论知识 and 理论学习 share 理论 although jieba cuts them differently."""
    pairs = {text[i:i + 2] for i in range(len(text) - 1)}
    return {p for p in pairs if all(CJK_RE.match(c) for c in p) and p not in STOP_WORDS}


def _vector(title: str, text: str, idf: dict[str, float], median: float) -> dict[str, float]:
    counts = Counter(words(title) * 2 + words(text))
    return {w: n * idf.get(w, median) for w, n in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _area_words(labels: set[str]) -> dict[str, set[str]]:
    """Each area's bigrams that no other area has: 政治 of 政治纪律, not 纪律 (工作纪律 has it too)."""
    grams = {a: _bigrams(a) for a in labels}
    return {a: g - set().union(*(h for b, h in grams.items() if b != a)) for a, g in grams.items()}


def _scores(problems: list[Item], measures: list[Item]) -> list[list[float]]:
    _, tfidf = _jieba()
    idf, median = tfidf.idf_freq, tfidf.median_idf
    vectors = [_vector(p.title, p.text, idf, median) for p in problems]
    titles = [_bigrams(p.title) for p in problems]  # once each, not once per measure
    areas = _area_words({p.area for p in problems if p.area})
    rows: list[list[float]] = []
    for measure in measures:
        vector = _vector(measure.title, measure.text, idf, median)
        title = _bigrams(measure.title)
        row = []
        for j, p in enumerate(problems):
            score = _cosine(vector, vectors[j])
            if title & titles[j]:
                score += TITLE_BONUS
            if p.area and (title & areas[p.area] or p.area in measure.text):
                score += AREA_BONUS
            row.append(score)
        rows.append(row)
    return rows


def _by_position(scores: list[list[float]]) -> bool:
    """Whether measure i answers problem i: as many of each, the words never say otherwise, and they say so
    for at least half of the measures."""
    n = len(scores)
    if n < 2 or any(len(row) != n for row in scores):
        return False
    confirmed = 0
    for i, row in enumerate(scores):
        best_here, best_for = max(row), max(r[i] for r in scores)
        if row[i] < SHARE_OF_BEST * best_here and row[i] < SHARE_OF_BEST * best_for:
            return False
        confirmed += row[i] >= MIN_SCORE and all(s < row[i] for j, s in enumerate(row) if j != i)
    return 2 * confirmed >= n


def _fill_gaps(chosen: list[list[int]], problems: list[Item]) -> None:
    """Measures linked to nothing, between linked ones, answer the unanswered problems between theirs."""
    answered = {j for js in chosen for j in js}
    if not answered:
        return
    i = 0
    while i < len(chosen):
        if chosen[i]:
            i += 1
            continue
        k = i
        while k < len(chosen) and not chosen[k]:
            k += 1
        lo = max((j for js in chosen[:i] for j in js), default=-1)
        hi = min((j for js in chosen[k:] for j in js), default=len(problems))
        gap = [j for j in range(lo + 1, hi) if j not in answered]
        run = k - i
        if gap and run == 1 and len(gap) <= MAX_PROPOSED and len({problems[j].area_index for j in gap}) == 1:
            chosen[i] = gap
        elif gap and run == len(gap):
            for n, j in enumerate(gap):
                chosen[i + n] = [j]
        i = k


def _text_areas(problems: list[Item], measures: list[Item]) -> dict[int, str]:
    """Measure index → the one area whose own words (_area_words) its text shares, where no other
    measure's text shares them: two measures on one area say nothing about which problems each answers."""
    own = _area_words({p.area for p in problems if p.area})
    hits = {i: [a for a, grams in own.items() if _bigrams(m.text) & grams] for i, m in enumerate(measures)}
    per_area = Counter(a for areas in hits.values() for a in areas)
    return {i: areas[0] for i, areas in hits.items() if len(areas) == 1 and per_area[areas[0]] == 1}


def propose(problems: Iterable[Item], measures: Iterable[Item], answered: Collection[str] = ()) -> dict[str, list[str]]:
    """measure id → the problem ids it most likely answers (may be empty), in the problems' order.
    ``answered``: problems other measures answer in so many words (【针对问题：…】, 针对问题一)."""
    problems, measures = list(problems), list(measures)
    if len(problems) * len(measures) > MAX_PAIRS:
        return {}  # the caller says that nothing was proposed
    scores = _scores(problems, measures)
    if _by_position(scores):
        return {m.id: [problems[i].id] for i, m in enumerate(measures)}
    # Each measure's best problems by its words.
    chosen: list[list[int]] = []
    for row in scores:
        best = max(row, default=0.0)
        ranked = sorted((j for j, s in enumerate(row) if s >= MIN_SCORE and s >= SHARE_OF_BEST * best), key=lambda j: -row[j])
        chosen.append(sorted(ranked[:MAX_PROPOSED]))
    # A measure that names an area in its title (加强理论学习 → 理论学习方面) answers the area's problems.
    for i, measure in enumerate(measures):
        named = [j for j, p in enumerate(problems) if p.area and len(p.area) >= 2 and p.area in measure.title]
        if named and len(named) <= MAX_PROPOSED:
            chosen[i] = sorted(set(chosen[i]) | set(named))
    # A measure that alone shares an area's own words (强化政治意识 → 增强政治意识方面; 在深化理论武装上下功夫
    # → 在带头强化理论武装、提高政治能力方面) answers the area's problems, like one that names it in full;
    # not those another measure answers in so many words (提高政治敏锐性 after 针对问题一: 1.2, not 1.1).
    for i, area in _text_areas(problems, measures).items():
        named = [j for j, p in enumerate(problems) if p.area == area and p.id not in answered]
        if len(named) <= MAX_PROPOSED:
            chosen[i] = sorted(set(chosen[i]) | set(named))
    # A problem answered first-hand elsewhere (another measure's best, scored higher) needs a strong score.
    first_hand: dict[int, float] = {}
    for row in scores:
        if row and max(row) >= MIN_SCORE:
            j = row.index(max(row))
            first_hand[j] = max(first_hand.get(j, 0.0), row[j])
    for i, row in enumerate(scores):
        chosen[i] = [j for j in chosen[i] if row[j] >= STRONG or first_hand.get(j, 0.0) <= row[j]]
    _fill_gaps(chosen, problems)
    return {m.id: [problems[j].id for j in sorted(chosen[i])] for i, m in enumerate(measures)}


# Characters that say nothing on their own here: function words, numbers, measures, time.
STOP_CHARS = frozenset("的地得了着过和与及或是在有无不没为对以于等要将把被从之其这那个些各该中上下内外也都而并还又就更很较"
                       "最每次年月日天周期一二三四五六七八九十百千两几多少大小好")
SHARED_SHARE = 0.2
"""A measure's distinctive shared characters must be at least this share of its content characters."""
MARKER_RE = re.compile(r"【[^】]*】")


@dataclass(frozen=True, slots=True)
class SharedGuess:
    """A link proposed by shared characters: the problem, the characters and the problem's words they are in."""

    problem: str
    chars: tuple[str, ...]
    words: tuple[str, ...]


def _tokens(text: str) -> list[str]:
    jieba, _ = _jieba()
    return [w for w in jieba.cut(MARKER_RE.sub("", text)) if w not in STOP_WORDS]


def content_chars(text: str) -> set[str]:
    """The characters of a text's content words, without the stop words' and the stop characters."""
    return {c for w in _tokens(text) for c in w if CJK_RE.match(c) and c not in STOP_CHARS}


def _problem_text(problem: Item) -> str:
    return f"{problem.area or ''}\n{problem.title}\n{problem.text}"


def _window(index: int, measures: list[Item], linked: Mapping[str, list[str]], order: dict[str, int], last: int) -> range:
    """The problems a measure may answer without breaking the order its neighbours keep: from the last
    problem a measure before it answers to the first one a measure after it answers (both included)."""
    before = [order[p] for m in measures[:index] for p in linked.get(m.id, ()) if p in order]
    after = [order[p] for m in measures[index + 1:] for p in linked.get(m.id, ()) if p in order]
    return range(max(before, default=0), min(after, default=last) + 1)


def by_shared_characters(problems: Iterable[Item], measures: Iterable[Item], linked: Mapping[str, list[str]],
                         others: Iterable[Item] = ()) -> dict[str, SharedGuess]:
    """measure id → the one problem it shares distinctive characters with, for measures ``linked`` (measure id
    → problem ids, from markers, words or order) leaves without a problem. ``others``: the causes, whose
    characters are not distinctive either."""
    problems, measures = list(problems), list(measures)
    if not problems or len(problems) * len(measures) > MAX_PAIRS:
        return {}
    order = {p.id: j for j, p in enumerate(problems)}
    p_chars = [content_chars(_problem_text(p)) for p in problems]
    m_chars = [content_chars(m.text) for m in measures]
    counts: Counter[str] = Counter(c for chars in (*p_chars, *m_chars, *(content_chars(o.text) for o in others)) for c in chars)
    guesses: dict[str, SharedGuess] = {}
    for i, measure in enumerate(measures):
        if linked.get(measure.id) or not m_chars[i]:
            continue
        # Shared with problem j and used nowhere else: counted twice in all (the measure and problem j).
        hits = {j: sorted((c for c in m_chars[i] & p_chars[j] if counts[c] == 2), key=measure.text.index)
                for j in _window(i, measures, linked, order, len(problems) - 1)}
        hits = {j: chars for j, chars in hits.items() if chars}
        if len(hits) != 1:
            continue
        [(j, chars)] = hits.items()
        if len(chars) < SHARED_SHARE * len(m_chars[i]):
            continue
        words = tuple(dict.fromkeys(w for w in _tokens(_problem_text(problems[j])) if any(c in w for c in chars)))
        guesses[measure.id] = SharedGuess(problems[j].id, tuple(chars), words)
    return guesses


def shared_note(measure: Item, guess: SharedGuess) -> str:
    """The plain Chinese reason for a link proposed by shared characters (by_shared_characters): the import's and the outline's 推测 line."""
    chars = "、".join(f"“{c}”" for c in guess.chars)
    words = "、".join(f"“{w}”" for w in guess.words)
    return (f"措施 {measure.id}“{echo(measure.title)}”没有写明对应哪个问题，按顺序也推不出：其中的{chars}也见于问题 {guess.problem} 的"
            f"{words}，而别的问题和措施都没有用到，据此建议对应问题 {guess.problem}")


def explained_proposals(items: Iterable[Item]) -> list[tuple[int, str]]:
    """(line, reason) for each 【建议对应问题：…】 the import made by shared characters, found again in the
    written material as the import found it (the measures' own links, then propose, then the shared
    characters): the outline of an imported material (archive outline, the serve preview) says why, as the
    import did. Nothing to do, and jieba is not loaded, when no measure waits for a proposal of one problem."""
    items = list(items)
    measures = [i for i in items if i.kind == "measure"]
    waiting = {m.id: ids for m in measures if len(ids := _proposed(m.text)) == 1}
    own = {m.id: ids for m in measures if (ids := [r.item_id for r in m.refs if r.kind == "problem" and r.material is None])}
    if not set(waiting) - set(own):
        return []
    problems = [i for i in items if i.kind == "problem"]
    open_measures = [m for m in measures if m.id not in own and not any(r.kind == "problem" for r in m.refs)]
    by_words = {mid: ids for mid, ids in propose(problems, open_measures, {i for ids in own.values() for i in ids}).items() if ids}
    shared = by_shared_characters(problems, measures, {**own, **by_words}, [i for i in items if i.kind == "cause"])
    return [(m.start.line, shared_note(m, shared[m.id])) for m in open_measures
            if m.id in shared and m.id not in by_words and waiting.get(m.id) == [shared[m.id].problem]]


def _proposed(text: str) -> list[str]:
    """The problem ids a measure's 【建议对应问题：…】 markers name."""
    return [t for m in PROPOSAL_RE.finditer(halfwidth(text)) if m.group(2) == "问题"
            for t in SPLIT_RE.split(m.group(3).strip()) if t]
