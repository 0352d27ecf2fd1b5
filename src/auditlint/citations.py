"""Citations of documents by title and 文号 (claim kind): 《项目支出绩效评价管理办法》（财预〔2020〕10号）.

A citation is a 《title》 followed directly by its 文号 in brackets.  The 文号 is
read by the grammar (a ``docno`` item, its issuer the text just before it); the
title is the book-title span that closes right before the bracket.  The known
documents and their titles are data: rules/citations.toml.  The check is
checks/identity.py AL709.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .paths import data_dir

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DOCNO_PARTS = re.compile(r"[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号")
WRAPPER = re.compile(r"^(?:[\u4e00-\u9fff]{1,12}?关于)?印发|的通知$")


@dataclass
class Citation:
    title: str  # as printed, inside 《》
    number: str  # normalised: 财预〔2020〕10号
    where: object  # the title and the number

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_citation"), f"《{self.title}》 {self.number}"


@dataclass(frozen=True)
class KnownDocument:
    number: str
    titles: tuple
    source: str


def comparable_title(title: str) -> str:
    t = re.sub(r"[\s《》〈〉“”\"]", "", title)
    t = WRAPPER.sub("", t)
    return t.replace("(", "（").replace(")", "）")


def normal_number(issuer: str, docno: str) -> str:
    m = DOCNO_PARTS.search(docno)
    return f"{issuer}〔{m.group(1)}〕{m.group(2)}号" if m else ""


@lru_cache(maxsize=1)
def known_documents() -> tuple:
    with open(os.path.join(data_dir("rules"), "citations.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return tuple(KnownDocument(d["number"], tuple(comparable_title(t) for t in d["titles"]), d.get("source", ""))
                 for d in data.get("document", []))


def citations(text: str, items, W) -> list[Citation]:
    out = []
    for k, it in enumerate(items):
        if it.kind != "docno" or k < 3:
            continue
        issuer, bracket, close = items[k - 1], items[k - 2], items[k - 3]
        if issuer.kind != "text" or not re.fullmatch(r"[\u4e00-\u9fff]{1,8}", issuer.text) \
                or bracket.kind != "punct" or bracket.text not in "（(" \
                or close.kind != "punct" or close.text != "》":
            continue
        depth, start = 0, None
        for j in range(k - 4, -1, -1):  # the 《 that opens this title (〈〉 inside it nest)
            x = items[j]
            if x.kind == "punct" and x.text == "》":
                depth += 1
            elif x.kind == "punct" and x.text == "《":
                if depth == 0:
                    start = j
                    break
                depth -= 1
        if start is None:
            continue
        title = text[items[start].end:close.start]
        number = normal_number(issuer.text, it.text)
        if title and number:
            out.append(Citation(title, number, W(items[start].start, it.end)))
    return out
