"""Scores and grades: score items 1.名称（M分）… 该指标得分为K分; section scores
总计X分，扣Y分，得Z分; loose item scores 得Z分; the total score 综合得分 /
自评得分 N分; the grade 等级为“优” / 评定等次：良."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..figures import Figure
from ..model import Section
from .where import Where


@dataclass
class ScoreItem:
    number: Optional[int]
    name: str
    max: Optional[Figure]
    got: Optional[Figure]
    where: Where  # the heading
    got_where: Optional[Where] = None


@dataclass
class SectionScore:
    label: str
    max: Figure
    deducted: Optional[Figure]
    got: Figure
    where: Where
    section: Optional[Section] = None


@dataclass
class LooseScore:
    got: Figure
    where: Where
    section: Optional[Section] = None


@dataclass
class TotalScore:
    value: Figure
    where: Where


@dataclass
class GradeClaim:
    label: str
    where: Where
