"""``--format json``: a list of the findings as design.md describes them."""
from __future__ import annotations

import json


def json_report(diags, lang: str = "zh") -> str:
    return json.dumps([d.to_json(lang) for d in diags], ensure_ascii=False, indent=2) + "\n"


def report(run) -> str:
    return json_report(run.diags, run.lang)
