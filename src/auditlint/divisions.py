"""County names against the national list of divisions (claim kind): 城步县苗族自治县 for 城步苗族自治县.

The list is data: rules/divisions/ (国家统计局 2023年统计用区划代码, 2,978 county-level
units; its README gives the source).  A place name in a report that is not in the
list but one slip away from a name that is — a character of its stem doubled, 县
inserted before the ethnic part of an autonomous county, or (for the report's own
county only, where a shorter string could be an ordinary word) a character of its
stem dropped — is a misspelling of that name.  Names in the list are never slips.
The check is checks/identity.py AL710.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .paths import data_dir

SUFFIXES = "县区旗市"
_SUFFIX_AT = re.compile("[县区旗市]")


def has_suffix(text: str) -> bool:
    return _SUFFIX_AT.search(text) is not None
MIN_LEN = 3  # shorter strings (江区, 潭县) are ordinary words as often as names
MAX_LEN = 14


@dataclass
class CountySlip:
    text: str  # as written
    right: str  # the name in the list
    how: str  # doubled | county-inserted | dropped
    where: object


@lru_cache(maxsize=1)
def county_names() -> frozenset:
    with open(os.path.join(data_dir("rules"), "divisions", "areas.csv"), encoding="utf-8", newline="") as fh:
        return frozenset(row["name"] for row in csv.DictReader(fh) if row["name"] != "市辖区")


@lru_cache(maxsize=1)
def ethnic_groups() -> tuple:
    with open(os.path.join(data_dir("rules"), "divisions", "ethnic-groups.txt"), encoding="utf-8") as fh:
        return tuple(sorted((x.strip() for x in fh if x.strip()), key=len, reverse=True))


def _split(name: str) -> tuple[str, str]:
    """(stem, suffix): 城步苗族自治县 -> (城步, 苗族自治县); 湘潭县 -> (湘潭, 县)."""
    k = name.find("族自治")
    if k > 0:
        for e in ethnic_groups():  # the ethnic part may be several groups: 围场满族蒙古族自治县
            j = name.find(e)
            if 0 < j <= k:
                return name[:j], name[j:]
    return name[:-1], name[-1]


@lru_cache(maxsize=1)
def slips() -> dict:
    """Every slip of every listed name that is not itself a listed name -> (name, how)."""
    names = county_names()
    out = {}
    for n in names:
        stem, suffix = _split(n)
        for i in range(len(stem)):
            v = stem[: i + 1] + stem[i] + stem[i + 1:] + suffix
            if v not in names:
                out.setdefault(v, (n, "doubled"))
        if "族自治" in suffix and not stem.endswith("县"):
            v = stem + "县" + suffix
            if v not in names:
                out.setdefault(v, (n, "county-inserted"))
    return out


def dropped(name: str) -> dict:
    """The own county with one stem character dropped (only names long enough to stay a name)."""
    stem, suffix = _split(name)
    out = {}
    for i in range(len(stem)):
        v = stem[:i] + stem[i + 1:] + suffix
        if len(v) >= MIN_LEN + 1 and len(stem) >= 2 and v not in county_names():
            out[v] = (name, "dropped")
    return out


def names_in(text: str) -> list[str]:
    """The listed county names a text contains (longest first)."""
    names = county_names()
    found = set()
    for i, ch in enumerate(text):
        if ch in SUFFIXES or ch == "县":
            for k in range(MIN_LEN, MAX_LEN + 1):
                s = text[max(0, i - k + 1): i + 1]
                if len(s) == k and s in names:
                    found.add(s)
    return sorted(found, key=len, reverse=True)


def county_slips(text: str, extra: dict, W) -> list[CountySlip]:
    """Slips in a text: at each suffix character, the longest slip ending there, unless a
    listed name ending there is as long (then the text is right)."""
    table = slips()
    names = county_names()
    out = []
    for m in _SUFFIX_AT.finditer(text):
        i = m.start()
        best = None
        for k in range(MAX_LEN, MIN_LEN - 1, -1):
            if i - k + 1 < 0:
                continue
            s = text[i - k + 1: i + 1]
            if s in names:
                break  # a real name ends here and covers any shorter slip
            hit = extra.get(s) or table.get(s)
            if hit is not None:
                best = (i - k + 1, s, hit)
                break
        if best is not None:
            start, s, (right, how) = best
            out.append(CountySlip(s, right, how, W(start, i + 1)))
    return out
