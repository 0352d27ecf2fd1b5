"""Dates: the evaluation timetable and the signature date, fiscal-year labels
(2023年度收入合计 X万元), a date field left blank (填报日期：).

read_dates reads the dates and fiscal figures of one paragraph
(assemble.PARAGRAPH_READERS); a blank date field is read with the form
(identity.read_form)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..clauses import FISCAL_WORDS, Paragraph
from ..figures import DateValue, Figure
from ..numbers import fmt
from .where import Where


@dataclass
class DateFact:
    date: DateValue
    where: Where
    role: str  # evaluation | signature | other

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        if self.role == "other" and self.date.end is None:
            return None  # a date in the text: too many to show
        return self.where, L("fact_date", role=self.role), self.where.snippet


@dataclass
class FiscalFigure:
    year: int
    label: str
    fig: Figure
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_fiscal_figure"), f"{self.year} {self.label} {fmt(self.fig.value)}万元"


@dataclass
class BlankDate:
    label: str  # 填报日期
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_blank_date"), self.label


# ---- reading (one paragraph: assemble.PARAGRAPH_READERS) ---------------------

EVALUATION_SECTION = re.compile(r"评价工作|自评工作|评价过程|组织实施|评价思路")


def read_dates(p: Paragraph, f) -> None:
    """Every date, with its role (in the evaluation's top section, a paragraph that is
    only a date: the signature), and the money figures labelled with a year."""
    items, W, section = p.items, p.where, p.section
    role = "other"
    top = section
    while top is not None and top.parent is not None and top.parent.heading is not None:
        top = top.parent
    if top is not None and top.heading is not None and EVALUATION_SECTION.search(top.heading.title):
        role = "evaluation"
    only_date = [x for x in items if x.kind not in ("punct",)]
    if len(only_date) == 1 and only_date[0].kind == "date" and only_date[0].value.day:
        role = "signature"
    for k, it in enumerate(items):
        if it.kind != "date":
            continue
        f.dates.append(DateFact(it.value, W(it.start, it.end), role))
        dv = it.value
        if dv.year and dv.month is None and k + 1 < len(items):
            # 2023年度收入合计 X万元: a fiscal figure labelled with a year
            label_parts = []
            j = k + 1
            while j < len(items) and items[j].kind in ("text", "kw") and len(label_parts) < 4:
                if items[j].kind == "kw" and items[j].role not in ("total_word", "subtotal"):
                    break
                label_parts.append(items[j].text)
                j += 1
            label = "".join(label_parts)
            # "纳入2018年预算管理的700万元培训费收入": a year in a clause ending in 的 qualifies
            # the noun after the figure; the figure is not labelled with the year
            if j < len(items) and items[j].kind == "fig" and items[j].fig.is_money \
                    and FISCAL_WORDS.match(label) and not label.endswith("的"):
                f.fiscal_figures.append(FiscalFigure(dv.year, label, items[j].fig, W(it.start, items[j].end)))
