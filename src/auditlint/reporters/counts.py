"""``--statistics``: the number of findings per rule instead of the findings (as a
table, or as JSON with ``--format json``)."""
from __future__ import annotations

import json

from .terminal import table


def statistics(diags, lang: str = "zh", as_json: bool = False) -> str:
    """The number of findings per rule, and nothing else (ruff --statistics)."""
    from ..cli_text import severity, t

    counts = {}
    for d in diags:
        key = (d.code, d.rule, d.severity)
        counts[key] = counts.get(key, 0) + 1
    if as_json:
        return json.dumps([{"code": c, "rule": r, "severity": s, "count": n} for (c, r, s), n in sorted(counts.items())],
                          ensure_ascii=False, indent=2) + "\n"
    rows = [(c, n, r, severity(lang, s)) for (c, r, s), n in sorted(counts.items())]
    if not rows:
        return ""
    return table(rows, [t(lang, k) for k in ("col_code", "col_count", "col_rule", "col_severity")]) + "\n"
