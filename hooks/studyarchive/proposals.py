"""Propose which problems a measure answers, by area and shared words, for a person to confirm.

Only a proposal: `archive import` writes it as 【建议对应问题：…】 and the check warns until someone
confirms it (→ 【针对问题：…】) or deletes it.

Score of (measure, problem): cosine of their TF-IDF word vectors (jieba's words and IDF table; a
point's title counts twice), plus a bonus when the titles share a word, and one when the measure
names the problem's area (加强理论学习 → 理论学习方面).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable

from .model import Item

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


def propose(problems: Iterable[Item], measures: Iterable[Item]) -> dict[str, list[str]]:
    """measure id → the problem ids it most likely answers (may be empty), in the problems' order."""
    _, tfidf = _jieba()
    idf, median = tfidf.idf_freq, tfidf.median_idf
    problems, measures = list(problems), list(measures)
    if len(problems) * len(measures) > MAX_PAIRS:
        return {}  # the caller says that nothing was proposed
    vectors = {p.id: _vector(p.title, p.text, idf, median) for p in problems}
    titles = {p.id: _bigrams(p.title) for p in problems}  # once each, not once per measure
    areas = {a: _bigrams(a) for a in {p.area for p in problems if p.area}}
    out: dict[str, list[str]] = {}
    for measure in measures:
        vector = _vector(measure.title, measure.text, idf, median)
        title = _bigrams(measure.title)
        scores: dict[str, float] = {}
        for p in problems:
            score = _cosine(vector, vectors[p.id])
            if title & titles[p.id]:
                score += TITLE_BONUS
            if p.area and (title & areas[p.area] or p.area in measure.text):
                score += AREA_BONUS
            scores[p.id] = score
        best = max(scores.values(), default=0.0)
        chosen = sorted((pid for pid, s in scores.items() if s >= MIN_SCORE and s >= SHARE_OF_BEST * best), key=lambda pid: -scores[pid])
        keep = set(chosen[:MAX_PROPOSED])
        out[measure.id] = [p.id for p in problems if p.id in keep]
    return out
