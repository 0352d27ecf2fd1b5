"""Breakdowns and shares: 总计X，其中A x、B y … (nested 其中 belongs to the
figure before it), A x，占p% (of the breakdown total it belongs to)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..clauses import PARTS_SENTENCE_END, Clauses, _label_before, _leaves_the_list, _same_family, _sign_before
from ..figures import Figure, Item
from .where import Where


@dataclass
class Part:
    label: str
    fig: Figure
    where: Where
    share: Optional[Figure] = None
    share_where: Optional[Where] = None
    sign: int = 0  # +1 / -1 for a part written as a change (基本支出增加 75.19), else 0


@dataclass
class Breakdown:
    total_label: str
    total: Figure
    where: Where
    parts: list[Part]
    complete: bool
    marker: str  # 其中 / 分别为 …
    why_complete: str = ""
    total_sign: int = 0  # +1 / -1 when the total is a change (支出预算减少 49.81，其中…)

    @property
    def signed(self) -> bool:
        """A breakdown of a change: its parts may go either way and add up with their signs."""
        return bool(self.total_sign) or any(p.sign for p in self.parts)

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        from ..numbers import fmt

        parts = "；".join(f"{p.label} {fmt(p.fig.value)}" + (f"（占{p.share.text}%）" if p.share else "")
                         for p in self.parts)
        return (self.where, L("fact_breakdown"), f"{self.total_label} {fmt(self.total.value)}{self.total.unit} = "
                f"{parts}  " + (L("complete") if self.complete else L("partial")))


# ---- reading (assemble._breakdowns, in PARAGRAPH_READERS, runs one per paragraph)

class BreakdownReader:
    """The breakdowns of one paragraph, item by item.  A 其中 (or 用于以下方面：)
    opens the breakdown of the figure right before it in the sentence (at a
    sentence start, of the first money figure of the sentence before); the
    figures of its family that follow are its parts, 占p% the share of the part
    before.  A 其中 after a part nests; a 其中 inside brackets ends with them.

    The list's sentence is not Clauses' sentence: it goes on past a full-width
    ；and inside brackets (PARTS_SENTENCE_END).  ``close`` records a breakdown
    (assemble._close: once per report, through the ids in Paragraph.recorded, with
    its completeness and its shares)."""

    def __init__(self, cl: Clauses, W, close):
        self.cl, self.items, self.W, self.close = cl, cl.items, W, close
        self.current: Optional[Breakdown] = None
        self.stack: list[Breakdown] = []  # the breakdowns the current one nests in
        self.paren_depth = 0
        self.paren_bd: Optional[Breakdown] = None  # a breakdown opened inside brackets
        # (label, figure, item, sign) of the last figure, of the last money figure,
        # of the first money figure of this sentence and of the sentence before
        self.prev_fig: Optional[tuple] = None
        self.prev_money: Optional[tuple] = None
        self.sentence_first_money: Optional[tuple] = None
        self.last_sentence_first_money: Optional[tuple] = None
        self.after_semicolon = False  # a ； since the last figure

    def read(self) -> None:
        for k, it in enumerate(self.items):
            if it.kind == "punct":
                self._bracket(it)
            if it.role == "part" or it.kind == "listopen":
                self._open(k)
            elif it.kind == "fig":
                self._figure(k, it)
            if it.kind == "punct" and it.text in "；;":
                self.after_semicolon = True
            elif it.kind == "fig":
                self.after_semicolon = False
            if self.cl.ends_sentence(k, PARTS_SENTENCE_END) and not self.paren_depth:
                self._end_sentence()
        if self.current is not None:
            self.close(self.current)
        while self.stack:
            self.close(self.stack.pop())

    def _bracket(self, it: Item) -> None:
        if it.text in "（(":
            self.paren_depth += 1
        elif it.text in "）)":
            self.paren_depth = max(0, self.paren_depth - 1)
            if self.paren_bd is not None:
                self.close(self.paren_bd)
                if self.current is self.paren_bd:
                    self.current = self.stack.pop() if self.stack else None
                self.paren_bd = None

    def _end_sentence(self) -> None:
        self.last_sentence_first_money = self.sentence_first_money
        self.sentence_first_money = None
        self.prev_fig = self.prev_money = None
        if self.current is not None:
            self.close(self.current)
            while self.stack:
                self.close(self.stack.pop())
            self.current = None

    def _open(self, k: int) -> None:
        """其中 at k: whose breakdown?  The figure right before, in this sentence;
        at a sentence start, the first money figure of the sentence before."""
        tot = self.prev_fig if self.prev_fig is not None else self.last_sentence_first_money
        if tot is not None and tot[1].is_percent and tot[0].endswith("率") and self.prev_money is not None:
            # "执行数为500万元，执行率100%，其中：基本支出…": the rate describes the amount;
            # the 其中 breaks down the amount, the subject of the sentence
            tot = self.prev_money
        if tot is None or not tot[1].exact:
            return
        bd = Breakdown(tot[0], tot[1], self.W(tot[2].start, tot[2].end), [], False, "其中", total_sign=tot[3])
        current = self.current
        if current is not None and any(p.fig is tot[1] for p in current.parts):
            self.stack.append(current)  # nested: 本年收入合计4112.15万元，其中…
        elif current is not None:
            self.close(current)
            self.current = self.stack.pop() if self.stack else None
            while self.stack:
                self.close(self.stack.pop())
        self.current = bd
        if self.paren_depth:
            self.paren_bd = bd

    def _figure(self, k: int, it: Item) -> None:
        items = self.items
        if not it.fig.quoted and self.cl.is_change_amount(k):
            return  # 比2023年预算增加0.46万元: a change amount is never a part of a breakdown
        if self.paren_depth and self.paren_bd is None and self.current is not None and not it.fig.is_percent:
            # "公务用车购置及运行维护费24.8万元（公务用车购置费0万元，…运行维护费24.8万元。）": an
            # aside in brackets details the part before it; its figures are not parts of the list
            self.prev_fig = (_label_before(items, k), it.fig, it, _sign_before(items, k))
            return
        if it.fig.quoted:
            return
        fig = it.fig
        label = _label_before(items, k)
        after_share = k and items[k - 1].role == "share"
        current = self.current
        if fig.is_percent:
            # 占p%: the share of the part before it
            if after_share and current and current.parts:
                part = current.parts[-1]
                if part.share is None:
                    part.share = fig
                    part.share_where = self.W(items[k - 1].start, it.end)
        elif current is not None and _same_family(fig, current.total) and not after_share:
            if fig is not current.total and self.after_semicolon and _leaves_the_list(current, label):
                # "其中行政编制44人，事业编制8人；实有人员59人": after a ；, once the parts add up to
                # the total, a figure whose label lacks the word they share (编制) is a new quantity
                self.close(current)
                self.current = self.stack.pop() if self.stack else None
            elif fig is not current.total:
                current.parts.append(Part(label, fig, self.W(it.start, it.end), sign=_sign_before(items, k)))
        elif after_share and current and _same_family(fig, current.total):
            current.parts.append(Part(label, fig, self.W(it.start, it.end)))  # 其中工业固投占4.6亿元
        self.prev_fig = (label, fig, it, _sign_before(items, k))
        if fig.is_money:
            self.prev_money = self.prev_fig
            if self.sentence_first_money is None:
                self.sentence_first_money = self.prev_fig
