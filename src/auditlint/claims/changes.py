"""Changes and written formulas: X，较上年增加Δ，增加r% (current, delta, rate);
a/b=c% (and chains …=a/b=c%)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..figures import Figure
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


@dataclass
class Formula:
    numerator: Figure
    denominator: Figure
    result: Figure
    where: Where
    label: str = ""
