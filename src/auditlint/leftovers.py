"""Template leftovers and known misspellings (claim kind): traces of careless writing.

The patterns are data — ``rules/leftovers.toml`` (a template filled in carelessly,
checked by AL706), ``rules/misspellings.toml`` (形近字 and dropped characters
that are never right, AL707) and ``rules/fiscal-year-phrases.toml`` (template
phrases that carry the document's own year, AL505) — each a regular expression over a paragraph's text
with white space removed; a match keeps its position in the source through the
removed white space.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .paths import data_dir

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class LeftoverPattern:
    kind: str
    regex: re.Pattern
    zh: str
    en: str
    family: str = "leftover"  # leftover (AL706) | misspelling (AL707)
    right: str = ""  # the correct wording, for a misspelling
    # fiscal-year phrases: the year they should carry is the fiscal year + offset, in the
    # report profiles listed (all when empty)
    offset: int = 0
    profiles: tuple = ()


@dataclass
class Leftover:
    pattern: LeftoverPattern
    text: str
    where: object
    year: Optional[int] = None  # the year of a fiscal-year phrase (rules/fiscal-year-phrases.toml)

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        if self.pattern.family == "misspelling":
            return self.where, L("fact_misspelling"), f"{self.text} → {self.pattern.right}"
        return self.where, L("fact_leftover"), self.text


@lru_cache(maxsize=1)
def patterns() -> tuple:
    with open(os.path.join(data_dir("rules"), "leftovers.toml"), "rb") as fh:
        data = tomllib.load(fh)
    out = [LeftoverPattern(e["kind"], re.compile(e["pattern"]), e["zh"], e["en"])
           for e in data.get("leftover", [])]
    with open(os.path.join(data_dir("rules"), "misspellings.toml"), "rb") as fh:
        data = tomllib.load(fh)
    for e in data.get("misspelling", []):
        out.append(LeftoverPattern("misspelling", re.compile(e["pattern"]), f"应为“{e['right']}”",
                                   f"should read '{e['right']}'", "misspelling", e["right"]))
    with open(os.path.join(data_dir("rules"), "fiscal-year-phrases.toml"), "rb") as fh:
        data = tomllib.load(fh)
    for e in data.get("phrase", []):
        out.append(LeftoverPattern("fiscal-year", re.compile(e["pattern"]), "", "", "fiscal-year",
                                   offset=int(e.get("offset", 0)), profiles=tuple(e.get("profiles", ()))))
    return tuple(out)


def leftovers(block, where_cls) -> list[Leftover]:
    return _found(block.source, block.index, where_cls, patterns())


def cell_misspellings(block, where_cls) -> list[Leftover]:
    """Known misspellings inside a table's cells (一般公共预算拔款 in a 收支总表 row).  Only the
    misspelling family: template phrases and leftovers are prose, a cell is not."""
    spelled, anyone = _misspellings()
    cells = list(block.cells())
    if not anyone.search("".join("".join(c.text.split()) + "\n" for c in cells)):
        return []  # (one search over the whole table; most tables hold none)
    out = []
    for cell in cells:
        out.extend(_found(cell.source, block.index, where_cls, spelled))
    return out


@lru_cache(maxsize=1)
def _misspellings():
    """The misspelling patterns, and one regex matching where any of them does."""
    spelled = tuple(p for p in patterns() if p.family == "misspelling")
    return spelled, re.compile("|".join(f"(?:{p.regex.pattern})" for p in spelled))


def _found(source, index, where_cls, pats) -> list[Leftover]:
    text = source.text
    squashed = "".join(text.split())
    out = []
    keep = None  # squashed index -> source index, built only when something matches
    for p in pats:
        for m in p.regex.finditer(squashed):
            if keep is None:
                keep = [i for i, ch in enumerate(text) if not ch.isspace()]
            a, b = keep[m.start()], keep[m.end() - 1] + 1
            year = int(m.group("year")) if "year" in p.regex.groupindex else None
            out.append(Leftover(p, m.group(0), where_cls(source, a, b, index), year))
    return out


def of_family(found: list, family: str) -> list:
    """The leftovers a rule reports: those of its pattern family (leftover / misspelling /
    fiscal-year)."""
    return [lo for lo in found if lo.pattern.family == family]
