"""Identity and form (AL7): the unit naming itself (本镇, 镇、村两级), document
numbers (〔2020〕10号), brackets and quotes left open, an amount without its
unit, the unit's own name with a character dropped or doubled."""
from __future__ import annotations

from dataclasses import dataclass

from ..figures import Figure
from .where import Where


@dataclass
class SelfRef:
    word: str  # 本镇 / 我乡 / 全街道
    kind: str  # 乡 / 镇 / 街道
    where: Where


@dataclass
class DocNumber:
    text: str  # 〔2020〕10号
    year: str
    where: Where


@dataclass
class Unbalanced:
    mark: str  # the bracket or quote left open, or closed without an opening
    opened: bool  # True: opened and not closed; False: closed without opening
    where: Where


@dataclass
class BareAmount:
    """A figure written without the unit its sibling amounts carry (…资金66万 among …万元)."""

    label: str
    fig: Figure
    siblings: int
    where: Where


@dataclass
class NameSlip:
    """The report's own county or township name written with a character
    dropped or doubled (中路镇 / 中路铺铺镇 for 中路铺镇)."""

    found: str
    expected: str
    where: Where
