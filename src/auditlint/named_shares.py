"""Shares of a named whole (claim kind): "因公出国（境）费支出 222.5 万元，占“三公”经费的 8.75%".

A breakdown (claims.Breakdown) opens with its total; here the whole is only
named, after 占, and its amount may be stated nowhere.  This module reads the
claims — part label, amount, named whole, stated share — per paragraph.  Which
wholes are defined by their parts (三公 = 因公出国（境）+ 公务用车 + 公务接待) is
data (rules/composites.toml); the check is checks/ratios.py AL207.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .paths import data_dir

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

QUOTES = "“”\"‘’'「」"
WHOLE_WINDOW = 6  # items between 占 and the percentage that may name the whole
LABEL_STOP = set("，,；;。：:、")


@dataclass
class NamedShare:
    label: str  # 因公出国（境）费支出
    amount: object  # Figure 222.5万元
    whole: str  # 三公经费 (quotes, spaces and a final 的 removed)
    share: object  # Figure 8.75%
    where: object  # Where of 占…%
    block: int

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return (self.where, L("fact_named_share"),
                f"{self.label} {self.amount.text}{self.amount.unit} / {self.whole} = {self.share.text}%")


@dataclass(frozen=True)
class Composite:
    wholes: tuple  # names of the whole
    parts: tuple  # per part, the words that name it

    def part_of(self, label: str) -> Optional[int]:
        hits = [i for i, words in enumerate(self.parts) if any(w in label for w in words)]
        return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=1)
def composites() -> tuple:
    with open(os.path.join(data_dir("rules"), "composites.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return tuple(Composite(tuple(e["whole"]), tuple(tuple(p) for p in e["parts"]))
                 for e in data.get("composite", []))


def composite_named(whole: str) -> Optional[Composite]:
    return next((c for c in composites() if whole in c.wholes), None)


def _whole_name(items) -> str:
    text = "".join(it.text for it in items if it.kind in ("text", "kw", "punct") and it.text not in QUOTES)
    text = "".join(text.split())
    return text[:-1] if text.endswith("的") else text


def _label(block_text: str, items, i: int) -> str:
    """The words of the clause before figure i (因公出国（境）费支出): brackets kept."""
    j = i - 1
    while j >= 0 and not (items[j].kind == "punct" and items[j].text in LABEL_STOP) and items[j].kind != "fig":
        j -= 1
    start = items[j].end if j >= 0 else 0
    return "".join(block_text[start:items[i].start].split())


def named_shares(text: str, items, W, block: int) -> list[NamedShare]:
    """figure(money) [，] 占 <whole> [的] p% — the whole named by at least two characters."""
    out = []
    for i, it in enumerate(items):
        if it.kind != "fig" or not it.fig.is_money or it.fig.approx:
            continue
        k = i + 1
        if k < len(items) and items[k].kind == "punct" and items[k].text in "，,":
            k += 1
        if not (k < len(items) and items[k].role == "share"):  # 占 (the grammar's SHARE keywords)
            continue
        end = next((m for m in range(k + 1, min(len(items), k + 2 + WHOLE_WINDOW))
                    if items[m].kind == "fig"), None)
        if end is None or not items[end].fig.is_percent:
            continue
        whole = _whole_name(items[k + 1:end])
        if len(whole) < 2:
            continue
        out.append(NamedShare(_label(text, items, i), it.fig, whole, items[end].fig,
                              W(items[k].start, items[end].end), block))
    return out
