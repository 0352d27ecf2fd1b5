"""Reporters: text, json, sarif, github.  They differ only in how they print
the same Diagnostic values; none of them re-reads or re-parses anything."""
from __future__ import annotations

import json
import os
import unicodedata
from typing import Optional

from . import __version__
from .checks import INPUT_CODES, registry

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


def location(d) -> str:
    if d.page is not None:
        return f"{d.path}:p{d.page}:{d.line}:{d.column}"
    return f"{d.path}:{d.line}:{d.column}"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def text(diags, lines: dict, lang: str = "zh", color: bool = False, show_source: bool = True) -> str:
    """``path:line:col: CODE message`` then the source line with a caret under the span."""
    out = []
    for d in diags:
        sev = d.severity
        head = f"{location(d)}: {d.code} {d.message(lang)}"
        if color:
            head = (f"{_BOLD}{location(d)}:{_RESET} {_COLORS[sev]}{d.code}{_RESET} {d.message(lang)}")
        out.append(head)
        src = lines.get((d.path, d.page, d.line)) if show_source else None
        if src:
            src = src.replace("\t", " ")
            pad = _width(src[: d.column - 1])
            end_col = d.end_column if d.end_line == d.line and d.end_column > d.column else d.column + 1
            span = max(1, _width(src[d.column - 1: end_col - 1]))
            out.append(f"  {src}")
            caret = " " * pad + "^" * span
            out.append(f"  {_COLORS[sev] if color else ''}{caret}{_RESET if color else ''}")
    return "\n".join(out) + ("\n" if out else "")


def json_report(diags, lang: str = "zh") -> str:
    return json.dumps([d.to_json(lang) for d in diags], ensure_ascii=False, indent=2) + "\n"


def github(diags, lang: str = "zh") -> str:
    """GitHub Actions workflow commands (::error file=…,line=…::message)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}

    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(s: str) -> str:
        return esc(s).replace(":", "%3A").replace(",", "%2C")

    out = []
    for d in diags:
        where = f" (p{d.page})" if d.page else ""
        out.append(
            f"::{level[d.severity]} file={prop(d.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={prop(d.code + ' ' + d.rule)}::"
            f"{esc(d.message(lang) + where)}")
    return "\n".join(out) + ("\n" if out else "")


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
        if d.page is not None:
            res["properties"] = {"page": d.page}
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


def statistics(diags) -> str:
    from tabulate import tabulate

    counts = {}
    for d in diags:
        key = (d.code, d.rule, d.severity)
        counts[key] = counts.get(key, 0) + 1
    rows = [(c, n, r, s) for (c, r, s), n in sorted(counts.items())]
    return tabulate(rows, headers=["code", "count", "rule", "severity"]) + "\n"


def render(fmt: str, diags, lines: dict, lang: str, color: bool, show_source: bool = True) -> str:
    if fmt == "json":
        return json_report(diags, lang)
    if fmt == "sarif":
        return sarif(diags, lang)
    if fmt == "github":
        return github(diags, lang)
    return text(diags, lines, lang, color, show_source)


def summary_line(n_files: int, diags, lang: str) -> Optional[str]:
    e = sum(d.severity == "error" for d in diags)
    w = sum(d.severity == "warning" for d in diags)
    i = sum(d.severity == "info" for d in diags)
    if lang == "en":
        return f"{n_files} file(s) checked: {e} error(s), {w} warning(s), {i} info"
    return f"已检查 {n_files} 个文件：{e} 个错误，{w} 个警告，{i} 条提示"
