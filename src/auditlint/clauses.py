"""The words and item-stream helpers stage 2 reads claims with (assemble.py,
claims/): a paragraph as the readers see it (Paragraph) with its sentences and
clauses (Clauses), clause and sentence ends, change and score keywords, where a
label or a change amount is, the form's brackets and date fields, inline lists."""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Optional

from .figures import Figure, Item
from .numbers import total

if TYPE_CHECKING:  # claims/ reads with this module: no import at run time
    from .claims import Breakdown


CLAUSE_END = set("，,；;。：:！!？?")
SENTENCE_END = set("。！!？?；;")
# keyword roles (figures.KEYWORD_ROLES; the words are the grammar's) read together
TOTAL_SCORE_ROLES = ("total_score", "total_got", "total_points")  # 综合得分 / 总得分 / 总分 N分
DIRECTION_ROLES = ("up", "down")  # 增加 / 减少
LABEL_END_ROLES = ("part", "share", "namely")  # 其中 / 占 / 即 end the label read back from a figure
FISCAL_WORDS = re.compile(r"^(?:部门|单位)?(?:整体)?(?:收入|支出|预算|决算|财政拨款)")
LIST_SEP = re.compile(r"[、]|(?<=[^\s])(?:和|及|与)(?=[^\s])")
FULL_STOP = set("。！!？?")
# a list of parts (其中：A x；B y。) goes on past a full-width ；.  The ASCII ; still ends
# it, as it always did (a difference kept, not chosen: equal behaviour first)
PARTS_SENTENCE_END = SENTENCE_END - {"；"}
# a count's list after it (内设机构5个，即：a、b、c。) ends at 。 or ；: within six items
# of the count a ； (not ;) ends the search, further on ; too; the list before a count
# (a、b、c9个工作小组) starts after ，；。：or an opening bracket (not after ！？)
COUNT_SEARCH_END = "。；"
COUNT_LIST_END = "。；;"
COUNT_CLAUSE_START = "，,。；;：:（("
LIST_GOES_ON = set("；;：:，,、")  # a paragraph ending so continues its list in the next one
# words that measure a change on an adjusted figure (扣除中央基建后比2025年执行数增加 X):
# the change is not one of the figure as stated
ADJUSTING = ("扣除", "剔除", "不含", "除去", "扣减", "不考虑", "还原")
CHANGE_WINDOW = 14  # items after a change basis searched for the direction, amount and rate
NOUN_END = re.compile(r"^[\u4e00-\u9fff]{1,12}")


class Clauses:
    """The sentences and clauses of one paragraph's (or cell's) items, split
    once per paragraph (Paragraph) and shared by the claim readers.

    A sentence ends at 。！？；(SENTENCE_END), a clause at ，；。：！？ (CLAUSE_END),
    half- or full-width.  Readers whose boundary differs keep it explicit:
    breakdowns (a list of parts goes on past a full-width ；and inside brackets:
    ``ends_sentence(k, PARTS_SENTENCE_END)`` with the brackets counted by the
    reader), counts (the list of what is counted: COUNT_LIST_END,
    COUNT_CLAUSE_START) and grades (the grade word's own window)."""

    __slots__ = ("items", "sentence_start", "clause_start")

    def __init__(self, items: list[Item]):
        self.items = items
        self.sentence_start: list[int] = []  # per item: the first item of its sentence
        self.clause_start: list[int] = []  # per item: the first item of its clause
        sentence = clause = 0
        for k, it in enumerate(items):
            self.sentence_start.append(sentence)
            self.clause_start.append(clause)
            if it.kind == "punct":
                if it.text in CLAUSE_END:
                    clause = k + 1
                if it.text in SENTENCE_END:
                    sentence = k + 1

    def ends_sentence(self, k: int, marks=SENTENCE_END) -> bool:
        it = self.items[k]
        return it.kind == "punct" and it.text in marks

    def ends_clause(self, k: int) -> bool:
        it = self.items[k]
        return it.kind == "punct" and it.text in CLAUSE_END

    def words_before(self, k: int, start: int) -> str:
        """The words (text and keywords) of items start … k-1: a label or a scope."""
        return "".join(x.text for x in self.items[start:k] if x.kind in ("text", "kw"))

    def is_change_amount(self, i: int) -> bool:
        """Is figure i the amount of a change (比上年增加 X, 与2023年度相比减少 X)?  A
        direction word right before it, with a change basis before that in the
        clause, at most five items back."""
        items = self.items
        if i == 0 or items[i - 1].role not in DIRECTION_ROLES:
            return False
        return any(items[j].kind == "basis" or items[j].role == "change_basis"
                   for j in range(i - 2, max(self.clause_start[i], i - 5) - 1, -1))


class Paragraph:
    """One paragraph, heading or table-cell paragraph as the claim readers see it
    (assemble.PARAGRAPH_READERS: ``reader(p, facts)``): its source and items, their
    sentences and clauses (``cl``), ``where(a, z)`` making a claims.Where of a span, the
    section and block it is in, and what holds for the whole report (the profile's
    grade labels, longest first; the ids of the breakdowns already recorded)."""

    __slots__ = ("src", "block", "section", "items", "cl", "where", "grade_labels", "recorded")

    def __init__(self, src, block, section, items: list[Item], where, grade_labels: list[str], recorded: set):
        self.src, self.block, self.section, self.items = src, block, section, items
        self.cl = Clauses(items)  # sentences and clauses, split once for every reader
        self.where, self.grade_labels, self.recorded = where, grade_labels, recorded

    @property
    def text(self) -> str:
        return self.src.text


def _is_change_amount(items: list[Item], i: int) -> bool:
    """Clauses(items).is_change_amount(i), for one figure (bench/ and outside callers)."""
    return Clauses(items).is_change_amount(i)


BASIS_YEAR = re.compile(r"(?:19|20)\d{2}")
# a basis that is only a year (比2025年 / 与2025年度相比): the same kind of figure, that year
BARE_YEAR_BASIS = re.compile(r"^[与较比]((?:19|20)\d{2})年度?(?:相比|比较|同期)?$")


def _stated_years(dated: list, basis: Item):
    """(last year's figure, this year's figure) when the sentence states both, each in a
    clause that names its year and the basis names the earlier year (比2023年预算执行数);
    (None, None) otherwise."""
    m = BASIS_YEAR.search(basis.text)
    if not m or basis.kind != "basis":
        return None, None
    base_year = int(m.group(0))
    before = [(f, y) for f, y, _d in dated if f.end <= basis.start]
    prev = [f for f, y in before if y == base_year]
    later = [f for f, y in before if y > base_year]
    if len(prev) != 1 or not later or not _same_family(prev[0].fig, later[-1].fig):
        return None, None
    return prev[0].fig, later[-1].fig


def _leaves_the_list(bd: Breakdown, label: str) -> bool:
    """Do the parts already add up to the total and share a final word (行政编制, 事业编制:
    编制) that this label lacks?"""
    labels = [p.label for p in bd.parts if p.label]
    if len(labels) < 2 or not label or any(p.fig.approx for p in bd.parts):
        return False
    if not total(p.fig.interval for p in bd.parts).meets(bd.total.interval):
        return False
    common = os.path.commonprefix([x[::-1] for x in labels])[::-1]
    return len(common) >= 2 and not label.endswith(common)


def _sign_before(items: list[Item], i: int) -> int:
    """+1 / -1 when figure i is written as a change (增加 75.19 / 减少 125), else 0."""
    if i > 0:
        role = items[i - 1].role
        return 1 if role == "up" else -1 if role == "down" else 0
    return 0


def _label_before(items: list[Item], i: int) -> str:
    """The text of the clause right before item i (its label: 基本支出 in 基本支出2207.79万元)."""
    parts = []
    j = i - 1
    while j >= 0 and items[j].kind in ("text", "kw") and items[j].role not in LABEL_END_ROLES:
        parts.append(items[j].text)
        j -= 1
    return "".join(reversed(parts)).strip("：:")


# the unit's own level named beside the level below it: 镇、村两级 / 乡村两级 is not 乡村 (rural)
# only with the 、 (乡、村两级); 镇村两级 and 街道社区两级 are unambiguous without it
LEVEL_PAIR = re.compile(r"(?:(?<![乡城集村])(?P<a>镇|街道)|(?<!城)(?P<b>乡))、(?:村|社区)两级"
                        r"|(?<![乡城集])(?P<c>镇)村两级")


# a field that must hold a date: "填报日期：202403" is a date run together, "填报日期：" with
# nothing (or only 年 月 日) after it a date left blank
DATE_LABELS = ("日期", "时间")
BLANK_DATE_LABELS = ("填报日期", "评价日期", "报告日期", "填表日期", "自评日期")
RUN_TOGETHER_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?")


def _after_date_label(items, k: int) -> bool:
    return k >= 2 and items[k - 1].kind == "punct" and items[k - 1].text in "：:" \
        and items[k - 2].kind == "text" and items[k - 2].text.endswith(DATE_LABELS)


def _blank_after(items, k: int) -> bool:
    """Nothing after a date label's colon but blanks, 年 月 日, or the next field's label."""
    if k + 1 >= len(items) or items[k + 1].kind != "punct" or items[k + 1].text not in "：:":
        return False
    for it in items[k + 2:]:
        if it.kind == "text" and it.text in ("年", "月", "日"):
            continue
        if it.kind == "punct" and it.text in "。；;，,":
            return True
        return it.kind == "text" and it.text.startswith(("填报人", "联系电话", "联系人", "审核人", "负责人"))
    return True


# brackets and quotation marks (claims.Brackets); each closer with the openers it closes (AL703)
OPENERS = {"（", "(", "《", "“", "〔", "【", "["}
CLOSERS = {"）": "（(", ")": "（(", "》": "《", "”": "“", "〕": "〔", "】": "【", "]": "["}

# units that count kinds of things (5个办公室, 4项任务), not people or events
CATEGORY_UNITS = {"个", "项", "类", "家", "所", "座", "支", "批", "方面", "大"}

COMPLEMENTS = [
    ("基本支出", "项目支出"),
    ("年初结转和结余", "本年收入合计"),
    ("年末结转和结余", "本年支出合计"),
    ("人员经费", "公用经费"),
]


def _same_family(a: Figure, b: Figure) -> bool:
    if a.is_money or b.is_money:
        return a.is_money and b.is_money
    return a.unit == b.unit and a.unit != "" and not a.is_percent


def _split_list(seg: str) -> Optional[list[str]]:
    """Items of an inline list a、b、c和d; None when it is not a plain list
    (等 makes it partial; long items are clauses, not names)."""
    seg = seg.strip().strip("：:").strip()
    if not seg or "等" in seg[-3:]:
        return None
    # 、 inside brackets does not separate
    depth = 0
    parts, cur = [], []
    for ch in seg:
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    last = parts[-1]
    m = re.split(r"(?<=[^\s])(?:和|及|与)(?=[^\s])", last)
    if len(m) == 2 and all(len(x) >= 2 for x in m):
        parts[-1:] = m
    parts = [p.strip() for p in parts]
    if any(not p or len(p) > 25 for p in parts):
        return None
    return parts


# Chinese digits as they number ordinals in an enumeration (一、二类 = the first and second class)
CN_ORDINAL_DIGITS = "一二三四五六七八九十"
