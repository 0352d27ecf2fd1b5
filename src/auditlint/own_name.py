"""The unit's own name written another way (claim kind).

A disclosure names its unit on the cover (上海市普陀区规划和自然资源局) and again in
every part and table title.  Two slips seen in real documents:

- the connector changed: 规划与自然资源局 for 规划和自然资源局 (和 / 与 / 及);
- a level dropped in a title: "上海市规划和自然资源局 2024 年度部门决算表" — without
  普陀区 it names the municipal bureau, another unit.  A higher-level unit may be
  named in passing (根据上海市规划和自然资源局的要求), so this form counts only
  where it titles the document's own year (followed by 20xx 年).

The check is checks/identity.py AL708.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CONNECTORS = "和与及"
# 上海市 | 普陀区 | 规划和自然资源局 — a province or city, then a district or county
LEVELS = re.compile(r"^([\u4e00-\u9fff]{2,4}?(?:省|市|自治区))([\u4e00-\u9fff]{2,8}?(?:区|县|旗))([\u4e00-\u9fff]{4,})$")
MIN_UNIT = 6  # characters: shorter unit names are not checked


@dataclass
class NameVariant:
    found: str
    expected: str
    kind: str  # connector | level-dropped
    where: object

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_name_variant"), f"{self.found} → {self.expected} ({self.kind})"


def _spaced(s: str) -> re.Pattern:
    return re.compile(r"\s*".join(map(re.escape, s)))


def _variants(unit: str) -> list[tuple[str, str, bool]]:
    """(variant, kind, needs a year after it) of the unit's name."""
    out = []
    for i, ch in enumerate(unit):
        if ch in CONNECTORS and 0 < i < len(unit) - 1:
            for other in CONNECTORS:
                if other != ch:
                    out.append((unit[:i] + other + unit[i + 1:], "connector", False))
    m = LEVELS.match(unit)
    if m:
        out.append((m.group(1) + m.group(3), "level-dropped", True))
    return out


def name_variants(report, where_cls) -> list[NameVariant]:
    unit = report.unit or ""
    if len(unit) < MIN_UNIT:
        return []
    out = []
    patterns = [(v, kind, _spaced(v), year) for v, kind, year in _variants(unit)]
    for b in report.blocks:
        if b.kind == "table":
            continue
        text = b.text
        for v, kind, rx, needs_year in patterns:
            for m in rx.finditer(text):
                if needs_year and not re.match(r"\s*(?:19|20)\d{2}\s*年", text[m.end():]):
                    continue
                out.append(NameVariant(v, unit, kind, where_cls(b.source, m.start(), m.end(), b.index)))
    return out
