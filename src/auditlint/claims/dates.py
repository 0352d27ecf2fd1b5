"""Dates: the evaluation timetable and the signature date, fiscal-year labels
(2023年度收入合计 X万元), a date field left blank (填报日期：)."""
from __future__ import annotations

from dataclasses import dataclass

from ..figures import DateValue, Figure
from .where import Where


@dataclass
class DateFact:
    date: DateValue
    where: Where
    role: str  # evaluation | signature | other


@dataclass
class FiscalFigure:
    year: int
    label: str
    fig: Figure
    where: Where


@dataclass
class BlankDate:
    label: str  # 填报日期
    where: Where
