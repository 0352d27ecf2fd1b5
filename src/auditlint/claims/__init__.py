"""Claims: what a report states, each with the span it was read from (``Where``).

Stage 2 (assemble.py) assembles them from the grammar's items (figures.py),
clause by clause, never from the raw text; ``ReportFacts`` holds every claim
of one report.  A module holds a kind's dataclasses, each with ``describe(L)`` (how
``auditlint facts`` shows it, or None for one not worth a row), and its reader of one paragraph
(``read_x(paragraph, facts)``, listed in assemble.PARAGRAPH_READERS).  The kinds:

- breakdowns.py  breakdown  总计X，其中A x、B y …  (nested 其中 belongs to the figure before it)
                 share      A x，占p%              (of the breakdown total it belongs to)
- changes.py     change     X，较上年增加Δ，增加r%  (current, delta, rate)
- formulas.py    formula    a/b=c%                  (and chains  …=a/b=c%)
- scores.py      score item  1.名称（M分）… 该指标得分为K分
                 section score  总计X分，扣Y分，得Z分;  loose item score  得Z分
                 total score 综合得分 / 自评得分 N分;  grade  等级为“优” / 评定等次：良
- counts.py      count claim 聚焦5项重点任务 (then 一是…), 内设机构5个，即：a、b…, a、b…9个工作小组
- dates.py       dates: evaluation timetable, signature date, fiscal-year labels, a blank date field
- percent_of_count.py  a rate of a count the paragraph states: 回收有效问卷118份，满意率96.5%
- identity.py    the unit naming itself, document numbers, brackets and quotes, unitless figures, name slips

Table rows (budget codes 类/款/项 and their numeric columns) are tables.py's;
the other claim kinds have their own modules beside this package
(subjects.py, leftovers.py, named_shares.py, stated_totals.py, table_notes.py,
own_name.py, inline_lists.py, citations.py, divisions.py, self_eval_forms.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Report
from .breakdowns import Breakdown, Part
from .changes import Change
from .counts import CountClaim
from .dates import BlankDate, DateFact, FiscalFigure
from .formulas import Formula
from .identity import Brackets, DocNumber, NameSlip, SelfRef, UnitlessFigure
from .scores import GradeClaim, LooseScore, ScoreItem, SectionScore, TotalScore
from .where import Where

__all__ = ["BlankDate", "Brackets", "Breakdown", "Change", "CountClaim", "DateFact", "DocNumber", "FiscalFigure",
           "Formula", "GradeClaim", "LooseScore", "NameSlip", "Part", "ReportFacts", "ScoreItem", "SectionScore",
           "SelfRef", "TotalScore", "UnitlessFigure", "Where"]


@dataclass
class ReportFacts:
    report: Report
    breakdowns: list = field(default_factory=list)
    shares: list = field(default_factory=list)  # Parts that carry a share
    changes: list = field(default_factory=list)
    formulas: list = field(default_factory=list)
    score_items: list = field(default_factory=list)
    section_scores: list = field(default_factory=list)
    loose_scores: list = field(default_factory=list)
    total_scores: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    count_claims: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    fiscal_figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    self_eval_forms: list = field(default_factory=list)  # self_eval_forms.Form
    self_refs: list = field(default_factory=list)
    doc_numbers: list = field(default_factory=list)
    blank_dates: list = field(default_factory=list)  # BlankDate
    citations: list = field(default_factory=list)  # citations.Citation
    county_slips: list = field(default_factory=list)  # divisions.CountySlip
    brackets: list = field(default_factory=list)  # Brackets: a paragraph's brackets and quotes (AL703)
    unitless_figures: list = field(default_factory=list)  # UnitlessFigure: 资金66万 among 万元 amounts (AL704)
    name_slips: list = field(default_factory=list)
    subject_mentions: list = field(default_factory=list)  # subjects.SubjectMention: 行政运行（项）
    leftovers: list = field(default_factory=list)  # leftovers.Leftover: 增加（减少）, 原因是。
    named_shares: list = field(default_factory=list)  # named_shares.NamedShare: 占“三公”经费的 8.75%
    name_variants: list = field(default_factory=list)  # own_name.NameVariant: 规划与自然资源局
    inline_lists: list = field(default_factory=list)  # inline_lists.InlineList: （1）…（2）…（2）… in a paragraph
    total_statements: list = field(default_factory=list)  # stated_totals.TotalStatement: 收入支出总计 9859.38
    table_notes: list = field(default_factory=list)  # table_notes.EmptyTableNote: 无政府性基金…故本表为空表
    percent_counts: list = field(default_factory=list)  # percent_of_count.PercentOfCount: 回收118份，满意率96.5%
    figures: int = 0
