"""Percentages of a whole-number count (AL205, the GRIM test): 发放问卷120份，回收有效问卷
118份，满意率为96.5%.  A rate k/N of questionnaires or people can take only N+1 values;
the claim holds the rate and every base the paragraph makes plausible, so that the rule
can say when none of them gives a whole k.

Read only where the paragraph states a survey's or an inspection's base (a count after
发放/回收/抽检/参训 …, rules/percent-of-count.toml) and the rate is one whose base is such a
count (满意率, 合格率 …; not 参保率 or 满意度).  Every count of a base unit there is a
possible base, and so are the sum of two survey counts and the difference of a survey
count and another: a base left ambiguous (发放 vs 回收 vs 有效, 农户 + 企业) never makes a
finding.  Table cells (the 自评表's 实际完成值) state no base and are not read."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

from ..figures import EXACT_UNITS, Figure
from ..paths import data_dir
from .where import Where

CLAUSE_END = "，,；;。！？!?\n"
NOT_A_RESULT = ("均", "分别", "平均", "目标", "计划", "预期", "要求", "确保", "力争", "不低于", "指标值")
MAX_COUNTS = 8  # a paragraph with more counts than this is a list of results, not one survey


@dataclass
class PercentOfCount:
    rate_word: str  # 满意率
    pct: Figure  # 96.5%
    where: Where
    counts: list  # the count Figures of the paragraph that may be its base
    bases: list  # every base N those counts make plausible (counts, sums and differences of two)

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language)."""
        return self.where, L("fact_percent_count"), L(
            "percent_bases", rate=self.rate_word, pct=self.pct.text, bases="、".join(map(str, self.bases)))


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    with open(os.path.join(data_dir("rules"), "percent-of-count.toml"), "rb") as fh:
        data = tomllib.load(fh)
    rates = sorted(data["rates"], key=len, reverse=True)
    return {
        "rate_re": re.compile("(" + "|".join(map(re.escape, rates)) + r")(?:为|达|达到|是|了|：|:|\s)*$"),
        "base_words": tuple(data["base_words"]),
        "units": frozenset(data["units"]),
        "times_units": frozenset(data["times_units"]),
    }


def _clause_before(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in CLAUSE_END) + 1
    return text[start:at]


def _bases(counts: list[Figure], marked: list[Figure]) -> list[int]:
    """Every count, the sum of two survey counts (农户80户、企业12家) and the difference of a
    survey count and another (发放120份 − 无效2份); never the sum of a base and its k."""
    vals = {int(f.value) for f in counts}
    for a, b in combinations(marked, 2):
        vals.add(int(a.value + b.value))
    for a, b in combinations(counts, 2):
        if a in marked or b in marked:
            vals.add(int(abs(a.value - b.value)))
    return sorted(v for v in vals if v > 0)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[。！？!?\n]", text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def percent_counts(text: str, items, where) -> list[PercentOfCount]:
    """The rates of a paragraph whose base is a count it states (``where(a, z)`` makes a Where).

    The base is looked for in the rate's sentence when that sentence states a survey count
    (共抽检样品65个，合格56个，合格率为86.15%), else in the whole paragraph (发放问卷120份，
    回收118份。调查显示，满意率为96.5%).  A number there that the grammar did not read as a
    count or an amount (1505个批次 in an unknown unit, a bare 120) may be the base: then
    nothing is claimed."""
    voc = vocabulary()
    figs = [it.fig for it in items if it.kind == "fig" and it.fig is not None and not it.fig.quoted]
    pcts = [f for f in figs if f.unit == "%" and f.approx is None and 0 < f.value < 100]
    if not pcts:
        return []

    def is_count(f):
        return f.decimals == 0 and f.approx is None and f.value > 0 and f.unit in voc["units"]

    def unread(f):
        return not (is_count(f) or f.is_percent or f.is_money or f.approx is not None or f.unit in EXACT_UNITS)

    def marked_of(fs):
        return [f for f in fs if is_count(f) and any(w in _clause_before(text, f.start) for w in voc["base_words"])]

    out = []
    for a, z in _sentences(text):
        sentence = [f for f in figs if a <= f.start < z]
        for p in (f for f in sentence if f in pcts):
            before = _clause_before(text, p.start)
            m = voc["rate_re"].search(before)
            if m is None or any(w in before for w in NOT_A_RESULT):
                continue
            pool = sentence if marked_of(sentence) else figs
            if any(unread(f) for f in pool):
                continue  # a number not read as a count may be the base
            counts, marked = [f for f in pool if is_count(f)], marked_of(pool)
            if not marked or len(counts) > MAX_COUNTS:
                continue
            if all(f.unit in voc["times_units"] for f in marked):
                continue  # 培训120人次: the rate may be per person, a number the paragraph does not give
            out.append(PercentOfCount(m.group(1), p, where(p.start, p.end), counts, _bases(counts, marked)))
    return out
