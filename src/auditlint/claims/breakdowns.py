"""Breakdowns and shares: 总计X，其中A x、B y … (nested 其中 belongs to the
figure before it), A x，占p% (of the breakdown total it belongs to)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..figures import Figure
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
