"""科目 mentions (claim kind): the text naming a budget subject with its level.

Budget and final-accounts texts name the 科目 they speak of with its level in
brackets: "行政运行（项）支出 10,883.36 万元", "住房保障支出（类）住房改革支出（款）".
The document's own tables list the same 科目 with their codes, whose length gives
the level (类 3 digits, 款 5, 项 7).  This module reads the mentions; the checks
(checks/subjects.py) compare them with the tables' names.
"""
from __future__ import annotations

import re
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .paths import data_dir

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

LEVEL_CODE_LENGTH = {"类": 3, "款": 5, "项": 7}
LEVEL_OF_LENGTH = {v: k for k, v in LEVEL_CODE_LENGTH.items()}
# a name may hold a bracketed word of its own: 政府办公厅（室）及相关机构事务（款）
MENTION = re.compile(r"([\u4e00-\u9fff]{2,30}(?:[（(](?![类款项][）)])[\u4e00-\u9fff]{1,2}[）)][\u4e00-\u9fff]{1,30})?)"
                     r"\s*[（(]\s*(类|款|项)\s*[）)]")
# what may stand between a mention and its amount: 行政运行（项）支出 10,883.36 万元,
# “…职业年金缴费支出（项）”887.36万元 — a closing quote and the words of "spending N"
AMOUNT_GAP = re.compile(r"^[”\"’\s]*(?:支出|预算数?|决算数?|安排|为|共计|合计|金额|[:：])*\s*$")
# a former classification quoted on purpose: "原政府办公厅（室）及相关机构事务（款）信访事务（项）支出
# 调整为信访事务（款）信访业务（项）支出" — the mentions from 原 to 调整为 are not the document's 科目
FORMER = re.compile(r"原[^。；;]{0,80}?(?:调整为|调整至|改为|变更为|划转至|并入)")
# spellings that mean the same 科目 name (其它/其他 are both in use): compared after folding
VARIANTS = str.maketrans({"它": "他"})


@dataclass
class SubjectMention:
    run: str  # the Chinese text right before （类）/（款）/（项）: the name is a suffix of it
    level: str  # 类 | 款 | 项
    where: object  # Where of the run and its bracket
    amount: object = None  # Figure stated for the 科目 right after it (万元 or 元), if any
    amount_where: object = None
    parent: object = None  # the mention right before it, when it names the level above (…（款）X（项）)
    former: bool = False  # a former classification quoted on purpose: 原…（款）…（项）…调整为…

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        amount = f" {self.amount.text}{self.amount.unit}" if self.amount is not None else ""
        former = L("subject_former") if self.former else ""
        return self.where, L("fact_subject"), f"{self.run}（{self.level}）{amount}{former}"


def fold(name: str) -> str:
    """A 科目 name as compared: white space out, 其它 as 其他, a final 支出 dropped
    (公共安全（类） is the 类 204 公共安全支出: the short form is usual)."""
    name = "".join(name.split()).translate(VARIANTS)
    return name[:-2] if name.endswith("支出") and len(name) > 4 else name


def mentions(block, where_cls, items=()) -> list[SubjectMention]:
    """The 科目 mentions of a paragraph or heading, each with the amount stated for
    it right after its bracket (the items are the block's lexed figures)."""
    out = []
    text = block.text
    figs = [it for it in items if it.kind == "fig" and it.fig.is_money and not it.fig.approx]
    formers = [(a.start(), a.end()) for a in FORMER.finditer(text)]
    for m in MENTION.finditer(text):
        mention = SubjectMention(m.group(1), m.group(2), where_cls(block.source, m.start(1), m.end(), block.index))
        mention.former = any(a <= m.start(1) < b for a, b in formers)
        if out and out[-1].where.end == mention.where.start and \
                LEVEL_CODE_LENGTH[out[-1].level] < LEVEL_CODE_LENGTH[mention.level]:
            mention.parent = out[-1]
        nxt = next((it for it in figs if it.start >= m.end()), None)
        if nxt is not None and AMOUNT_GAP.match(text[m.end():nxt.start]):
            mention.amount = nxt.fig
            mention.amount_where = where_cls(block.source, nxt.start, nxt.end, block.index)
        out.append(mention)
    return out


def table_subjects(tables) -> dict:
    """科目 name (folded) -> {code length: code} from the 功能分类 rows of the tables."""
    out: dict = {}
    for t in tables:
        for r in t.rows:
            # 类/款/项 are the levels of the 支出功能分类 (codes 2xx); the 经济分类 (3xx, 5xx)
            # has 类 and 款 only, and the text's （项） never points there
            if r.code and r.label and len(r.code) in LEVEL_OF_LENGTH and r.code.startswith("2"):
                out.setdefault(fold(r.label), {}).setdefault(len(r.code), r.code)
    return out


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class Rename:
    code: str
    old: str  # folded
    new: str  # folded
    since: Optional[int]
    old_text: str
    new_text: str


@lru_cache(maxsize=1)
def renames() -> tuple:
    """The 科目 whose name changed (rules/subject-renames.toml)."""
    with open(os.path.join(data_dir("rules"), "subject-renames.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return tuple(Rename(e["code"], fold(e["old"]), fold(e["new"]), e.get("since"), e["old"], e["new"])
                 for e in data.get("rename", []))


@lru_cache(maxsize=1)
def class_names() -> dict:
    """Every name a 类 has had (rules/subject-classes.toml), folded, with and without a
    final 支出 (国防（类） is 203 国防支出) -> code."""
    with open(os.path.join(data_dir("rules"), "subject-classes.toml"), "rb") as fh:
        data = tomllib.load(fh)
    out = {}
    for e in data.get("class", []):
        for n in e["names"]:
            for form in {fold(n), fold(n[:-2]) if n.endswith("支出") else fold(n)}:
                out[form] = e["code"]
    return out
