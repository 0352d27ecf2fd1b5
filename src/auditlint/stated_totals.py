"""Totals the text states for a whole table (claim kind): "财政拨款收入支出总计0.3万元".

The 说明 of a disclosure opens each part with the 总计 of the table it explains
(收入支出总计 ← 收入支出决算总表, 财政拨款收入支出总计 ← 财政拨款收入支出决算总表).
This module reads such statements — the words of the sentence before a figure
that ends in 总计 — and says which table a caption names, in one comparable form
(收入支出 / 收入、支出 / 收、支 are all 收支).  The check is checks/tables.py AL611.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = set("。！!？?；;")
# 总计 only: the keyword role "total_word" (Item.role) also holds 合计, the total of a
# table's part or column, which a sentence states for no whole table; so the word is tested
TOTAL_WORDS = ("总计",)
# spellings of "income and spending" in captions and sentences
BOTH_SIDES = re.compile(r"收入[、和及与]?支出|收[、]?支")
# caption words that name the kind of table, not what it covers
CAPTION_NOISE = re.compile(r"^(?:19|20)\d{2}年度?|^[一二三四五六七八九十]+[、.．]|^公开\d*表[一二三四五六七八九十\d]*[:：]?"
                           r"|(?<!公共)预算|决算|部门|单位|年度|总表$|表$|[“”\"]")
# the funds and parts a sentence may narrow a total to: a sentence naming one speaks of
# another table than a caption that does not
QUALIFIERS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "财政专户", "其他资金", "基本支出", "项目支出")
MIN_KEY = 2


@dataclass
class TotalStatement:
    scope: str  # the sentence's words before the figure, in comparable form
    fig: object  # Figure
    where: object

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_total_statement"), f"{self.scope} {self.fig.text}{self.fig.unit}"


def comparable(text: str) -> str:
    t = "".join(text.split())
    return BOTH_SIDES.sub("收支", t)


def caption_key(caption: str) -> str:
    """What a table covers, from its caption: 2024年财政拨款收入支出决算总表 -> 财政拨款收支."""
    t = comparable(caption)
    prev = None
    while prev != t:
        prev, t = t, CAPTION_NOISE.sub("", t)
    return t


def names_table(scope: str, key: str) -> bool:
    """Does a sentence's scope speak of the table with this caption key?"""
    if len(key) < MIN_KEY or key not in scope:
        return False
    return all(q in key for q in QUALIFIERS if q in scope)


def total_statements(items, W) -> list[TotalStatement]:
    out = []
    start = 0
    for k, it in enumerate(items):
        if it.kind == "punct" and it.text in SENTENCE_END:
            start = k + 1
            continue
        if it.kind != "fig" or not it.fig.is_money or it.fig.approx or k == 0:
            continue
        before = items[k - 1]
        if not (before.kind == "kw" and before.text in TOTAL_WORDS):
            continue
        words = "".join(x.text for x in items[start:k] if x.kind in ("text", "kw", "punct") and x.text not in "，,")
        out.append(TotalStatement(comparable(words), it.fig, W(it.start, it.end)))
    return out
