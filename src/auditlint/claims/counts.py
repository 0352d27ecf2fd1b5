"""Count claims: 聚焦5项重点任务 (then 一是…), 内设机构5个，即：a、b…, a、b…9个工作小组."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .where import Where


@dataclass
class CountClaim:
    n: int
    noun: str
    where: Where
    kind: str  # enum | list_after | list_before
    listed: Optional[int] = None
    items: list = field(default_factory=list)
    list_where: Optional[Where] = None
