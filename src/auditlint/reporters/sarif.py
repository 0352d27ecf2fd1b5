"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning accepts it."""
from __future__ import annotations

import json
import os

from .. import __version__
from ..checks import INPUT_CODES, registry


def sarif(diags, lang: str = "zh") -> str:
    """SARIF 2.1.0, as GitHub code scanning accepts it."""
    rules = []
    index = {}
    for r in registry():
        index[r.code] = len(rules)
        rules.append({
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary or r.name},
            "fullDescription": {"text": r.doc or r.name},
            "defaultConfiguration": {"level": _sarif_level(r.severity)},
            "properties": {"status": r.status, "family": r.family},
        })
    for code, (name, doc) in INPUT_CODES.items():
        index[code] = len(rules)
        rules.append({"id": code, "name": name, "shortDescription": {"text": doc},
                      "defaultConfiguration": {"level": "error"}})
    results = []
    for d in diags:
        region = {"startLine": d.line, "startColumn": d.column,
                  "endLine": max(d.end_line, d.line), "endColumn": max(d.end_column, d.column)}
        res = {
            "ruleId": d.code,
            "level": _sarif_level(d.severity),
            "message": {"text": d.message(lang)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.path)},
                "region": region}}],
            "partialFingerprints": {"auditlint/claim": f"{d.code}:{d.section}:{d.claim}"},
        }
        if d.code in index:
            res["ruleIndex"] = index[d.code]
        props = {}
        if d.page is not None:
            props["page"] = d.page
        sug = d.suggestion_in(lang)
        if sug:
            props["suggestion"] = sug
        if props:
            res["properties"] = props
        if sug and d.replacement is not None and d.page is None and d.line == d.end_line \
                and os.path.splitext(d.path)[1].lower() in (".txt", ".md"):
            # a text replacement of the span itself: the one case SARIF fixes are for
            res["fixes"] = [{"description": {"text": sug}, "artifactChanges": [{
                "artifactLocation": {"uri": _uri(d.path)},
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": d.replacement}}]}]}]
        results.append(res)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditlint", "version": __version__,
                                "informationUri": "https://pypi.org/project/auditlint/", "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _sarif_level(sev: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[sev]


def _uri(path: str) -> str:
    p = path.replace(os.sep, "/")
    return p[2:] if p.startswith("./") else p


def report(run) -> str:
    return sarif(run.diags, run.lang)
