"""Changes: X，较上年增加Δ，增加r% (current, delta, rate).  read_changes reads
the changes of one paragraph (assemble._changes, in PARAGRAPH_READERS, calls it;
written formulas a/b=c% are formulas.py's)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..clauses import (ADJUSTING, BARE_YEAR_BASIS, CHANGE_WINDOW, DIRECTION_ROLES, FULL_STOP, Clauses, _label_before,
                       _same_family, _stated_years)
from ..figures import Figure, Item
from .where import Where


@dataclass
class Change:
    label: str
    current: Optional[Figure]
    delta: Optional[Figure]
    rate: Optional[Figure]
    direction: int  # +1 increase, -1 decrease
    where: Where
    unitless_rate: Optional[Figure] = None  # 增长 13.95。 — a rate printed without its % sign
    scope: str = ""  # the sentence's words before the current figure (财政拨款收、支总预算)
    previous: Optional[Figure] = None  # last year's figure when the sentence states it
    times: Optional[Figure] = None  # 增长 16 倍: Δ as a multiple of last year
    adjusted: bool = False  # 扣除中央基建后比上年增加…: measured on an adjusted figure, not the stated one
    alternatives: list = field(default_factory=list)  # other figures the change may be of (the sentence's first)
    same_year: Optional[int] = None  # "2025年…预算 X，比2025年减少 Y": the figure's year is the year it is compared with
    same_year_where: Optional[Where] = None  # from the figure's year to the basis

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        from ..numbers import fmt

        return (self.where, L("fact_change"), f"{self.label} {self.current and fmt(self.current.value)} "
                f"{'+' if self.direction > 0 else '-'}{self.delta and fmt(self.delta.value)} "
                f"{L('rate')} {self.rate and self.rate.text}%")


# ---- reading (read_changes, called by assemble._changes) --------------------

class _Subjects:
    """What a change may be of, followed item by item through a paragraph: the
    sentence's first money figure (its subject, with the words before it), the
    nearest figure before the basis, the full sentence before's first and last
    figures, and the money figures of the sentence whose clause names a year."""

    def __init__(self):
        self.subject = self.carried = self.full_first = self.full_last = self.carried_last = None
        self.nearest = None
        self.clause_year = self.clause_date = None  # the year named in the current clause (2023年当年预算执行数为…)
        self.dated: list = []  # (figure item, year of its clause, that year's date item) of the sentence's money figures

    def see(self, cl: Clauses, k: int, it: Item) -> None:
        if it.kind == "date" and it.value is not None and it.value.year:
            self.clause_year, self.clause_date = it.value.year, it
        money = it.kind == "fig" and it.fig.is_money
        if money and not it.fig.approx and self.clause_year:
            self.dated.append((it, self.clause_year, self.clause_date))
        if cl.ends_clause(k):
            self.clause_year = None
        if money and self.subject is None:
            self.subject = (k, it, cl.words_before(k, cl.sentence_start[k]))
            if self.full_first is None:
                self.full_first = self.subject
        if money and not it.fig.approx and not cl.is_change_amount(k):
            self.nearest = self.full_last = it
        if cl.ends_sentence(k):
            self.subject, self.nearest = None, None
            self.dated = []
            if it.text in FULL_STOP:
                # a sentence opening with its basis speaks of the full sentence before: its
                # first figure (…166.02 万元，主要包括：…；党建培训 49.72 万元。较上年增加 28.46
                # 万元 — the 166.02), or its last (年初预算 139,217.01 万元，支出决算 296,047.75
                # 万元。与上年相比减少 17,151.62 万元 — the 296,047.75): both are read
                self.carried, self.carried_last = self.full_first, self.full_last
                self.full_first = self.full_last = None
        if it.kind == "basis" and self.subject is None and k == cl.sentence_start[k] and self.carried is not None:
            # "…总预算 21,940.96 万元。与上年相比，…增加 3,958.98 万元": a sentence that opens
            # with its basis speaks of the figure the sentence before ended on
            self.subject = self.carried
            if self.carried_last is not None and self.carried_last is not self.carried[1]:
                self.nearest = self.carried_last


@dataclass
class _AfterBasis:
    """What follows a basis: 增加/减少 Δ, then (，增加) r%, or 持平."""

    direction: int = 0
    delta: Optional[Figure] = None
    rate: Optional[Figure] = None
    unitless: Optional[Figure] = None
    times: Optional[Figure] = None
    flat: bool = False
    end: int = 0


def _after_basis(cl: Clauses, k: int, subject) -> _AfterBasis:
    """Read forward from the basis at k, at most CHANGE_WINDOW items.  The clause
    may restate its subject between the basis and the direction word (与上年相比
    收、支预算总计各增加 X 万元，增长 Y%); an aside in brackets (上年…140.2 万元) is
    skipped, even past a sentence end."""
    items = cl.items
    a = _AfterBasis(end=items[k].end)
    depth = 0
    j = k + 1
    while j < len(items) and j <= k + CHANGE_WINDOW:
        x = items[j]
        if x.kind == "punct" and x.text in "（(":
            depth += 1
        elif x.kind == "punct" and x.text in "）)":
            depth = max(0, depth - 1)
        elif depth:
            pass
        elif x.role == "up":
            a.direction = a.direction or 1
        elif x.role == "down":
            a.direction = a.direction or -1
        elif x.role == "flat" and not a.direction:
            a.flat, a.end = True, x.end
            break
        elif x.kind == "fig" and a.direction:
            if x.fig.is_percent:
                a.rate, a.end = x.fig, x.end
                break
            elif a.delta is None and subject and _same_family(x.fig, subject[1].fig):
                a.delta, a.end = x.fig, x.end
            else:
                after_word = items[j - 1].role in DIRECTION_ROLES
                if a.delta is not None and x.fig.unit == "" and after_word:
                    if j + 1 < len(items) and items[j + 1].kind == "text" and items[j + 1].text.startswith("倍"):
                        a.times, a.end = x.fig, items[j + 1].start + 1  # 增加 X 万元，增长 16 倍
                    else:
                        a.unitless, a.end = x.fig, x.end  # 增加 X 万元，增长 13.95。
                break
        elif cl.ends_sentence(j):
            break
        elif x.kind == "text" and a.delta is not None:
            break
        j += 1
    return a


def _change_at(cl: Clauses, k: int, W, s: _Subjects) -> Optional[Change]:
    """The change stated at the basis k (较上年 / 与2023年度相比), or None."""
    items, it, subject, nearest = cl.items, cl.items[k], s.subject, s.nearest
    a = _after_basis(cl, k, subject)
    previous, current = _stated_years(s.dated, it)
    adjusted = any(w in cl.words_before(k, cl.clause_start[k]) for w in ADJUSTING)
    if not (a.direction and (a.delta or a.rate or a.times) or (a.flat and previous is not None)):
        return None
    cur = subject[1].fig if subject else None
    alternatives = []
    if previous is not None:
        cur = current  # 2023年执行数为 A，2024年预算安排 B，比2023年…增加 r%
    elif subject and nearest is not None and nearest is not subject[1] and nearest.end <= it.start \
            and subject is s.carried:
        alternatives = [nearest.fig]  # the full sentence before: its first figure, or its last
    elif subject and nearest is not None and nearest is not subject[1] and nearest.end <= it.start:
        # "支出 25859.6 万元，其中：工资福利支出 2079.07 万元，较上年增加 248.96 万元": the
        # change may be of the figure right before it; the sentence's first is the other reading
        cur, alternatives = nearest.fig, [subject[1].fig]
    label = _label_before(items, subject[0]) if subject else ""
    same_year = where = None
    bare = BARE_YEAR_BASIS.match("".join(it.text.split())) if it.kind == "basis" else None
    if bare and subject and not alternatives and previous is None:
        fig_year, date = next(((y, d) for f, y, d in s.dated if f is subject[1]), (None, None))
        if fig_year == int(bare.group(1)):
            # the slip is reported at the figure's year, through the basis
            same_year, where = fig_year, W(date.start, it.end)
    return Change(label, cur, a.delta, a.rate, a.direction, W(it.start, a.end), a.unitless,
                  subject[2] if subject else "", previous, a.times, adjusted, alternatives, same_year, where)


def read_changes(cl: Clauses, W) -> list[Change]:
    """Every change of one paragraph: at each basis (a BASIS item, or a keyword of
    role change_basis), the figure it is of (_Subjects) and what follows it."""
    out = []
    s = _Subjects()
    for k, it in enumerate(cl.items):
        s.see(cl, k, it)
        if it.kind == "basis" or it.role == "change_basis":
            change = _change_at(cl, k, W, s)
            if change is not None:
                out.append(change)
    return out
