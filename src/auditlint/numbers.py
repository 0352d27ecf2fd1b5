"""Intervals: how every figure is compared (design.md).

A stated figure is a rounded value: ``3402.07`` stands for [3402.065, 3402.075],
``64.9%`` for [64.85 %, 64.95 %].  A check computes the interval of a derived
value from the intervals of its inputs and reports a finding only when the
stated value's interval cannot meet it.  No check uses a hand-tuned tolerance.

Intervals are half-open at the top, as rounding is: 3402.07 is [3402.065,
3402.075).  That makes 274.97 and 274.96 disjoint (one cent apart, seed 003)
while 2207.79 + 1194.27 = [3402.05, 3402.07) still meets 3402.07.  An exact
figure is a closed point.

Exact figures: counts of whole things (21 户, 5 个) and points (3 分) are
not measurements; a scoring sheet assigns points, so 3 分 is exactly 3.
Approximate figures are one-sided: 余/多/以上/超/突破 give a lower bound,
不足/不到/以下/以内/近 an upper bound, 约/左右 no bound at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Optional

@dataclass(frozen=True)
class Interval:
    lo: Optional[Fraction]  # None = -infinity; the low end is always included
    hi: Optional[Fraction]  # None = +infinity
    hi_open: bool = False  # is the high end excluded?

    @staticmethod
    def exact(v) -> "Interval":
        v = Fraction(v)
        return Interval(v, v)

    @staticmethod
    def rounded(v, decimals: int) -> "Interval":
        v = Fraction(v)
        h = Fraction(10) ** (-decimals) / 2  # decimals < 0: 6.2亿元 in 万元 is ±500
        return Interval(v - h, v + h, True)

    @staticmethod
    def truncated(v, decimals: int) -> "Interval":
        """What a figure stands for when it was cut off instead of rounded:
        36.58 written for 36.586 is [36.58, 36.59).  Truncation is common
        accounting practice; a check that finds a figure right only under
        this reading reports a warning, never an error (design.md, rounding)."""
        v = Fraction(v)
        return Interval(v, v + Fraction(10) ** (-decimals), True)

    @property
    def bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    def meets(self, other: "Interval") -> bool:
        return _below(self.lo, other) and _below(other.lo, self)

    def __add__(self, o: "Interval") -> "Interval":
        return Interval(_add(self.lo, o.lo), _add(self.hi, o.hi), self.hi_open or o.hi_open)

    def __sub__(self, o: "Interval") -> "Interval":
        # [a, b) - [c, d) = (a - d, b - c): both ends may be open; keep the
        # low end closed (lenient) and the high end open if any input is
        return Interval(_add(self.lo, _neg(o.hi)), _add(self.hi, _neg(o.lo)), self.hi_open or o.hi_open)

    def scale(self, k) -> "Interval":
        k = Fraction(k)
        a = None if self.lo is None else self.lo * k
        b = None if self.hi is None else self.hi * k
        return Interval(a, b, self.hi_open) if k >= 0 else Interval(b, a, self.hi_open)

    def __truediv__(self, o: "Interval") -> Optional["Interval"]:
        """Quotient for non-negative numerators and positive denominators;
        None when it is unbounded or the signs are mixed."""
        if not (self.bounded and o.bounded) or o.lo <= 0 or self.lo < 0:
            return None
        return Interval(self.lo / o.hi, self.hi / o.lo, self.hi_open or o.hi_open or o.lo != o.hi)

    def nonneg(self) -> "Interval":
        """The part of the interval at or above zero: a stated amount of 0
        (or 0.0) is a non-negative quantity rounded, [0, 0.5), not [-0.5, 0.5)."""
        if self.lo is not None and self.lo < 0 and (self.hi is None or self.hi > 0):
            return Interval(Fraction(0), self.hi, self.hi_open)
        return self


def _below(lo, iv: "Interval") -> bool:
    """Is the point ``lo`` (a low end, always included) below the top of ``iv``?"""
    if lo is None or iv.hi is None:
        return True
    return lo < iv.hi if iv.hi_open else lo <= iv.hi


def _add(a, b):
    return None if a is None or b is None else a + b


def _neg(a):
    return None if a is None else -a


def total(intervals: Iterable[Interval]) -> Interval:
    acc = Interval.exact(0)
    for i in intervals:
        acc = acc + i
    return acc


def fmt(v, decimals: int = 2) -> str:
    """A number for a message: as few decimals as needed, at most ``decimals``."""
    if v is None:
        return "?"
    q = round(float(v), decimals)
    s = f"{q:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def as_written(v, decimals: int) -> str:
    """``v`` rounded half-up to the number of decimals a figure was written
    with (the form a suggested replacement takes: 18.94, not 18.9387)."""
    from decimal import ROUND_HALF_UP, Decimal

    if isinstance(v, Fraction):
        d = Decimal(v.numerator) / Decimal(v.denominator)
    else:
        d = Decimal(str(v))
    q = d.quantize(Decimal(1).scaleb(-max(0, decimals)), rounding=ROUND_HALF_UP)
    return format(abs(q) if q == 0 else q, "f")
