"""Identity and form (AL7): the unit naming itself (本镇, 镇、村两级), document
numbers (〔2020〕10号), the brackets and quotes of a paragraph, figures without a
unit among amounts, the unit's own name with a character dropped or doubled."""
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
class Brackets:
    """The brackets and quotation marks of one paragraph or table-cell paragraph,
    in order: (mark, where).  Whether they pair up is AL703's judgement."""

    marks: list


@dataclass
class UnitlessFigure:
    """A figure written with no unit in a paragraph that holds money figures
    (资金66万 among …万元: 万 alone is a scale, not a unit).  Whether it is an
    amount missing its unit is AL704's judgement."""

    label: str  # the words right before it (资金)
    fig: Figure
    siblings: int  # the paragraph's money figures
    clause_ends: bool  # nothing, or ，、；。 right after it
    where: Where


@dataclass
class NameSlip:
    """The report's own county or township name written with a character
    dropped or doubled (中路镇 / 中路铺铺镇 for 中路铺镇)."""

    found: str
    expected: str
    where: Where
