"""Identity and form (AL7): the unit naming itself (本镇, 镇、村两级), document
numbers (〔2020〕10号), the brackets and quotes of a paragraph, figures without a
unit among amounts, the unit's own name with a character dropped or doubled.

read_form and read_level_refs read one paragraph (assemble.PARAGRAPH_READERS); the
name slips are read over the whole report (report_passes._name_slips)."""
from __future__ import annotations

from dataclasses import dataclass

from ..clauses import (BLANK_DATE_LABELS, CLOSERS, LEVEL_PAIR, OPENERS, RUN_TOGETHER_DATE, Paragraph,
                       _after_date_label, _blank_after, _label_before)
from ..figures import Figure
from .dates import BlankDate
from .where import Where


@dataclass
class SelfRef:
    word: str  # 本镇 / 我乡 / 全街道
    kind: str  # 乡 / 镇 / 街道
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_self_ref"), f"{self.word} ({self.kind})"


@dataclass
class DocNumber:
    text: str  # 〔2020〕10号
    year: str
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_doc_number"), self.text


@dataclass
class Brackets:
    """The brackets and quotation marks of one paragraph or table-cell paragraph,
    in order: (mark, where).  Whether they pair up is AL703's judgement."""

    marks: list

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        # not shown: every paragraph with a （） has marks, and listing them drowns the view
        # (thousands of rows on a 决算); AL703 names the unpaired ones, with their place
        return None


@dataclass
class UnitlessFigure:
    """A figure written with no unit in a paragraph that holds money figures
    (资金66万 among …万元: 万 alone is a scale, not a unit).  Whether it is an
    amount missing its unit is AL704's judgement."""

    label: str  # the words right before it (资金)
    fig: Figure
    siblings: int  # the paragraph's money figures
    clause_ends: bool  # nothing, or ，、；。 right after it
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return (self.where, L("fact_unitless_figure"),
                " ".join(x for x in (self.label, self.fig.text) if x) + " " + L("unitless_among", n=self.siblings))


@dataclass
class NameSlip:
    """The report's own county or township name written with a character
    dropped or doubled (中路镇 / 中路铺铺镇 for 中路铺镇)."""

    found: str
    expected: str
    where: Where

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_name_slip"), f"{self.found} → {self.expected}"


# ---- reading (one paragraph: assemble.PARAGRAPH_READERS) ---------------------

def read_form(p: Paragraph, f) -> None:
    """The unit naming itself (本镇), document numbers (and malformed or run-together dates),
    blank date fields, the paragraph's brackets and quotes, figures without a unit among amounts."""
    items, W = p.items, p.where
    marks = []  # the paragraph's brackets and quotation marks (AL703 matches them)
    money = sum(1 for it in items if it.kind == "fig" and it.fig.is_money)
    for k, it in enumerate(items):
        if it.kind == "self":
            f.self_refs.append(SelfRef(it.text, it.text[1:], W(it.start, it.end)))
        elif it.kind == "docno":
            f.doc_numbers.append(DocNumber(it.text, it.value, W(it.start, it.end)))
        elif it.kind == "date" and it.value.malformed:
            f.doc_numbers.append(DocNumber(it.text, "", W(it.start, it.end)))
        elif it.kind == "fig" and _after_date_label(items, k) and RUN_TOGETHER_DATE.fullmatch(it.text):
            # 填报日期：202403 — a date typed as digits without 年/月/日
            f.doc_numbers.append(DocNumber(it.text, "", W(it.start, it.end)))
        elif it.kind == "text" and it.text.endswith(BLANK_DATE_LABELS) and _blank_after(items, k):
            f.blank_dates.append(BlankDate(it.text, W(it.start, it.end)))
        elif it.kind == "punct" and (it.text in OPENERS or it.text in CLOSERS):
            marks.append((it.text, W(it.start, it.end)))
        elif it.kind == "fig" and it.fig.unit == "" and not it.fig.quoted and money:
            nxt = items[k + 1] if k + 1 < len(items) else None
            f.unitless_figures.append(UnitlessFigure(
                _label_before(items, k), it.fig, money, nxt is None or (nxt.kind == "punct" and nxt.text in "，,、；;。"),
                W(it.start, it.end)))
    if marks:
        f.brackets.append(Brackets(marks))


def read_level_refs(p: Paragraph, f) -> None:
    """"镇、村两级" / "街道、社区两级": the unit naming its own level beside the villages'."""
    for m in LEVEL_PAIR.finditer(p.text):
        kind = m.group("a") or m.group("b") or m.group("c")
        f.self_refs.append(SelfRef(m.group(0), kind, p.where(m.start(), m.end())))
