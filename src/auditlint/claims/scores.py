"""Scores and grades: score items 1.名称（M分）… 该指标得分为K分; section scores
总计X分，扣Y分，得Z分; loose item scores 得Z分; the total score 综合得分 /
自评得分 N分; the grade 等级为“优” / 评定等次：良.

read_scores and read_grades read one paragraph (assemble.PARAGRAPH_READERS); the
score items are read over the whole report (report_passes._score_items)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..clauses import TOTAL_SCORE_ROLES, Paragraph, _label_before
from ..figures import Figure
from ..model import Section
from ..numbers import fmt
from .where import Where


@dataclass
class ScoreItem:
    number: Optional[int]
    name: str
    max: Optional[Figure]
    got: Optional[Figure]
    where: Where  # the heading
    got_where: Optional[Where] = None

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return (self.where, L("fact_score_item"),
                f"{self.number}. {self.name}: {self.got and fmt(self.got.value)} / {self.max and fmt(self.max.value)}")


@dataclass
class SectionScore:
    label: str
    max: Figure
    deducted: Optional[Figure]
    got: Figure
    where: Where
    section: Optional[Section] = None

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return (self.where, L("fact_section_score"),
                f"{self.label}: {fmt(self.max.value)} - {self.deducted and fmt(self.deducted.value)} "
                f"= {fmt(self.got.value)}")


@dataclass
class LooseScore:
    got: Figure
    where: Where
    section: Optional[Section] = None

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_item_score"), f"得 {fmt(self.got.value)} 分"


@dataclass
class TotalScore:
    value: Figure
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_total_score"), fmt(self.value.value)


@dataclass
class GradeClaim:
    label: str
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_grade"), self.label


# ---- reading (one paragraph: assemble.PARAGRAPH_READERS) ---------------------

def read_scores(p: Paragraph, f) -> None:
    """Section scores (总计30分，扣2分，得28分), total scores (综合得分 N分, 评价得分83.06，,
    总分 100 97, 最终评价得分“86.73”分) and loose item scores (得Z分) into ``f`` (ReportFacts)."""
    cl, W, section = p.cl, p.where, p.section
    items = cl.items
    n = len(items)
    for k, it in enumerate(items):
        if it.kind != "kw":
            continue
        nxt = items[k + 1] if k + 1 < n else None
        if it.role == "total_word" and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
            # 总计30分，扣2分，得28分
            ded = got = None
            end = nxt.end
            j = k + 2
            while j < min(n, k + 9):
                x = items[j]
                if x.role == "deduct" and j + 1 < n and items[j + 1].kind == "fig":
                    ded = items[j + 1].fig
                elif x.role in ("got", "score") and j + 1 < n and items[j + 1].kind == "fig":
                    got = items[j + 1].fig
                    end = items[j + 1].end
                    break
                elif cl.ends_sentence(j):
                    break
                j += 1
            if got is not None and got.unit == "分":
                f.section_scores.append(SectionScore(
                    _label_before(items, k), nxt.fig, ded, got, W(it.start, end), section))
        elif it.role in TOTAL_SCORE_ROLES and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
            f.total_scores.append(TotalScore(nxt.fig, W(it.start, nxt.end)))
        elif it.role in ("total_score", "total_got") and nxt is not None and nxt.kind == "fig" \
                and nxt.fig.unit == "" and not nxt.fig.approx and 0 <= nxt.fig.value <= 100 \
                and k + 2 < n and items[k + 2].kind == "punct" and items[k + 2].text in "，,。；;":
            # 评价得分83.06，综合评价等级为“B”: the score without its unit, the clause ending there
            f.total_scores.append(TotalScore(nxt.fig, W(it.start, nxt.end)))
        elif it.role in ("total_points", "total_got") and k + 3 == n and nxt is not None and nxt.kind == "fig" \
                and nxt.fig.unit == "" and nxt.fig.value == 100 and items[k + 2].kind == "fig" \
                and items[k + 2].fig.unit == "" and 0 <= items[k + 2].fig.value <= 100:
            # a form's last row read as a line: "总分 100 97" is 分值 then 得分
            f.total_scores.append(TotalScore(items[k + 2].fig, W(it.start, items[k + 2].end)))
        elif it.role in TOTAL_SCORE_ROLES and k + 3 < n and nxt.kind == "punct" and nxt.text in "“\"" \
                and items[k + 2].kind == "fig" and items[k + 2].fig.unit == "" \
                and items[k + 3].kind == "punct" and items[k + 3].text in "”\"" \
                and k + 4 < n and items[k + 4].kind == "text" and items[k + 4].text.startswith("分"):
            # 最终评价得分“86.73”分: the score in quotes, its unit after them
            f.total_scores.append(TotalScore(items[k + 2].fig, W(it.start, items[k + 4].start + 1)))
        elif it.role == "got" and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
            prev = items[k - 1] if k else None
            # any section score of the report so far (a cell's items are shared by the cells of the same text)
            in_section_score = any(s.got is nxt.fig for s in f.section_scores)
            if not in_section_score and not (prev is not None and prev.role in TOTAL_SCORE_ROLES):
                f.loose_scores.append(LooseScore(nxt.fig, W(it.start, nxt.end), section))


def read_grades(p: Paragraph, f) -> None:
    """The grade after a grade word (等级为“优”, 评价级次为优), one of the profile's labels."""
    items, W = p.items, p.where
    for k, it in enumerate(items):
        if it.role == "grade":
            j = k + 1
            while j < len(items) and j <= k + 3 and (
                    (items[j].kind in ("punct", "kw") and items[j].text not in "。，")
                    or (items[j].kind == "text" and items[j].text in ("为", "是", "系", "评定为"))):
                j += 1
            if j < len(items) and items[j].kind == "text":
                t = items[j].text
                skip = 1 if t[:1] in "为是" and len(t) > 1 else 0  # 评价级次为优: "为优" is one text run
                t = t[skip:]
                for lbl in p.grade_labels:
                    if t.startswith(lbl) and (len(t) == len(lbl) or len(lbl) >= 2 or
                                              not ("\u4e00" <= t[len(lbl):len(lbl) + 1] <= "\u9fff")):
                        f.grades.append(GradeClaim(lbl, W(it.start, items[j].start + skip + len(lbl))))
                        break
