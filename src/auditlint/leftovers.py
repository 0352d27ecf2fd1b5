"""Template leftovers (claim kind): traces of a template filled in carelessly.

The patterns are data (``rules/leftovers.toml``), each a regular expression over
a paragraph's text with white space removed; a match keeps its position in the
source through the removed white space.  The check is checks/identity.py AL706.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .profiles import data_dir

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


@dataclass
class Leftover:
    pattern: LeftoverPattern
    text: str
    where: object


@lru_cache(maxsize=1)
def patterns() -> tuple:
    with open(os.path.join(data_dir("rules"), "leftovers.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return tuple(LeftoverPattern(e["kind"], re.compile(e["pattern"]), e["zh"], e["en"])
                 for e in data.get("leftover", []))


def leftovers(block, where_cls) -> list[Leftover]:
    text = block.text
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    squashed = "".join(text[i] for i in keep)
    out = []
    for p in patterns():
        for m in p.regex.finditer(squashed):
            a, b = keep[m.start()], keep[m.end() - 1] + 1
            out.append(Leftover(p, m.group(0), where_cls(block.source, a, b, block.index)))
    return out
