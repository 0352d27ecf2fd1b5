"""Rule families: one table of code prefix, English name and Chinese name.

Selection (``--select ratios``), the statistics, the HTML summary and the
registry all read it; a new family is one line here.  Imports nothing.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    prefix: str  # AL2
    name: str  # ratios
    zh: str  # 比例


TABLE = (
    Family("AL0", "input", "输入"),
    Family("AL1", "sums", "合计"),
    Family("AL2", "ratios", "比例"),
    Family("AL3", "scores", "得分与等级"),
    Family("AL4", "structure", "结构"),
    Family("AL5", "dates", "日期"),
    Family("AL6", "tables", "表格"),
    Family("AL7", "identity", "单位与格式"),
)

BY_PREFIX = {f.prefix: f for f in TABLE}
BY_NAME = {f.name: f for f in TABLE}


def of_code(code: str):
    """The family of a rule code (AL304 -> scores), or None."""
    return BY_PREFIX.get(code[:3])
