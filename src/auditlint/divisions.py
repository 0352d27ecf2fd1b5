"""County names against the national list of divisions (claim kind): 城步县苗族自治县 for 城步苗族自治县.

The list is data: rules/divisions/ (国家统计局 2023年统计用区划代码, 2,978 county-level
units; its README gives the source).  A place name in a report that is not in the
list but one slip away from a name that is — a character of its stem doubled, 县
inserted before the ethnic part of an autonomous county, or (for the report's own
county only, where a shorter string could be an ordinary word) a character of its
stem dropped — is a misspelling of that name.  Names in the list are never slips.
The check is checks/identity.py AL710.

Townships (乡/镇/街道/苏木, rules/divisions/towns.zip, same source: 41,352 names grouped by
county, one member per province) are read only for a township's own report whose county is known: a township name
of that county with a character of its stem doubled or (stems of three characters or more)
dropped, that is no township name of the province, is that name misspelled.  Only the
member of the report's province is read, the first time such a report is checked.
"""
from __future__ import annotations

import csv
import os
import re
import zipfile
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

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_county_slip"), f"{self.text} → {self.right} ({self.how})"


@lru_cache(maxsize=1)
def county_names() -> frozenset:
    return frozenset(n for n in _county_codes() if n != "市辖区")


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


TOWN_KINDS = ("街道", "苏木", "镇", "乡")
FORMER = ("原", "老")  # 原谭家镇: a township merged away may be named as it was


@lru_cache(maxsize=1)
def _county_codes() -> dict:
    out: dict = {}
    with open(os.path.join(data_dir("rules"), "divisions", "areas.csv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["name"], []).append(row["code"])
    return out


@lru_cache(maxsize=8)
def towns_of_province(province: str) -> dict:
    """County code -> its township names, for the counties of one province (2-digit code):
    one member of towns.zip, read the first time a report of that province needs it."""
    path = os.path.join(data_dir("rules"), "divisions", "towns.zip")
    with zipfile.ZipFile(path) as z:
        try:
            text = z.read(f"{province}.tsv").decode("utf-8")
        except KeyError:
            return {}
    out = {}
    for line in text.splitlines():
        code, _, names = line.partition("\t")
        out[code] = tuple(names.split(" "))
    return out


def towns_of(county: str) -> tuple[frozenset, frozenset]:
    """(the township names of every county so named, every township name of their provinces)."""
    own, province = set(), set()
    for code in _county_codes().get(county, ()):
        table = towns_of_province(code[:2])
        own.update(table.get(code, ()))
        for names in table.values():
            province.update(names)
    return frozenset(own), frozenset(province)


def _town_split(name: str):
    for kind in TOWN_KINDS:
        if name.endswith(kind) and len(name) > len(kind):
            return name[: -len(kind)], kind
    return None


@dataclass(frozen=True)
class TownTable:
    variants: dict  # slip -> (name, how)
    province: frozenset  # every township name of the province
    pattern: object  # one regex finding every slip at every position

    def __bool__(self) -> bool:
        return bool(self.variants)


@lru_cache(maxsize=16)
def town_variants(county: str) -> TownTable:
    """Slips of the county's township names that are no township of the province ->
    (name, how), and the province's names (a longer real name covers a slip inside it)."""
    own, province = towns_of(county)
    out = {}
    for n in own:
        split = _town_split(n)
        if split is None or "族" in split[0]:
            continue  # 民族乡 and names of another shape: not read
        stem, kind = split
        for i in range(len(stem)):
            v = stem[: i + 1] + stem[i] + stem[i + 1:] + kind
            if v not in province:
                out.setdefault(v, (n, "doubled"))
            if len(stem) >= 3:
                v = stem[:i] + stem[i + 1:] + kind
                if v not in province and v not in county_names():
                    out.setdefault(v, (n, "dropped"))
    alternation = "|".join(re.escape(v) for v in sorted(out, key=len, reverse=True))
    return TownTable(out, province, re.compile(f"(?=({alternation}))") if out else None)


def town_slips(text: str, table: TownTable, W) -> list[CountySlip]:
    """Township slips in a text: a variant found where no real name of the province ends
    at the same place and covers it (东中路铺镇 is not a slip of 中路铺镇)."""
    out = []
    if not table or not any(k[-1] in text for k in TOWN_KINDS):
        return out
    for m in table.pattern.finditer(text):
        v, start = m.group(1), m.start()
        end = start + len(v)
        covered = any(text[end - k: end] in table.province for k in range(len(v) + 1, min(end, 12) + 1))
        if not covered and text[start - 1: start] not in FORMER:
            right, how = table.variants[v]
            out.append(CountySlip(v, right, how, W(start, end)))
    return out
