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


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me") or c in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def display_width(s: str) -> int:
    """Columns a terminal gives the text: East Asian Wide and Fullwidth characters take 2."""
    return sum(_char_width(c) for c in s)


_width = display_width

# characters never written raw to a terminal: C0/C1 controls (ESC starts the
# ANSI sequences that move the cursor or clear the screen), DEL, and the
# bidirectional overrides that reorder what is shown
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _escaped(c: str) -> str:
    if c == "\t":
        return " "
    o = ord(c)
    if o < 0x20 or 0x7f <= o < 0xa0:
        return f"\\x{o:02x}"
    if c in _BIDI or c in "\u2028\u2029":
        return f"\\u{o:04x}"
    return c


def escape(s: str) -> str:
    """Report text made safe for a terminal: a control character (and so an
    ANSI escape sequence: "\\x1b[2J") is shown as its escape, never obeyed;
    a tab is a space."""
    if s.isprintable() and "\t" not in s:
        return s
    return "".join(_escaped(c) for c in s)


CONTEXT_COLUMNS = 40  # display columns of source shown on each side of a finding's span
SPAN_COLUMNS = 80  # at most this much of a long span is shown


def source_window(src: str, start: int, end: int, context: int = CONTEXT_COLUMNS,
                  span_max: int = SPAN_COLUMNS) -> tuple[str, int, int]:
    """The part of a source line around the span [start, end) (0-based
    characters): about ``context`` display columns on each side, "…" where
    cut, control characters escaped.  Returns (text, caret offset, caret
    width), both in display columns of the returned text."""
    pieces = [_escaped(c) for c in src]
    widths = [display_width(p) for p in pieces]
    n = len(pieces)
    start = max(0, min(start, n))
    end = max(start + 1, min(end, n)) if n else start
    # a long span: its beginning only
    span_end, w = start, 0
    while span_end < end and (w + widths[span_end] <= span_max or span_end == start):
        w += widths[span_end]
        span_end += 1
    span_cut = span_end < end
    left, w = start, 0
    while left > 0 and w + widths[left - 1] <= context:
        w += widths[left - 1]
        left -= 1
    right, w = span_end, 0
    if not span_cut:
        while right < n and w + widths[right] <= context:
            w += widths[right]
            right += 1
    head = "…" if left > 0 else ""
    tail = "…" if right < n else ""
    text = head + "".join(pieces[left:right]) + tail
    pad = display_width(head) + sum(widths[left:start])
    span = max(1, sum(widths[start:span_end]))
    return text, pad, span


def text(diags, lines: dict, lang: str = "zh", color: bool = False, show_source: bool = True) -> str:
    """``path:line:col: CODE message``, then a window of the source line with
    a caret under the span, then ``help:`` with the suggestion where there is one."""
    from .cli_text import t

    out = []
    for d in diags:
        sev = d.severity
        loc, msg = escape(location(d)), escape(d.message(lang))
        head = f"{loc}: {d.code} {msg}"
        if color:
            head = f"{_BOLD}{loc}:{_RESET} {_COLORS[sev]}{d.code}{_RESET} {msg}"
        out.append(head)
        src = lines.get((d.path, d.page, d.line)) if show_source else None
        if src:
            end_col = d.end_column if d.end_line == d.line and d.end_column > d.column else d.column + 1
            shown, pad, span = source_window(src, d.column - 1, end_col - 1)
            out.append(f"  {shown}")
            caret = " " * pad + "^" * span
            out.append(f"  {_COLORS[sev] if color else ''}{caret}{_RESET if color else ''}")
        sug = d.suggestion_in(lang)
        if sug:
            label = t(lang, "help_label")
            out.append(f"  {_DIM + label + _RESET if color else label}{escape(sug)}")
    return "\n".join(out) + ("\n" if out else "")


def json_report(diags, lang: str = "zh") -> str:
    return json.dumps([d.to_json(lang) for d in diags], ensure_ascii=False, indent=2) + "\n"


def github(diags, lang: str = "zh") -> str:
    """GitHub Actions workflow commands (::error file=…,line=…::message)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}

    def esc(s: str) -> str:
        # %, CR and LF as the workflow commands want them; any other control character
        # (an ANSI escape in the report's text) shown escaped, never sent to the log raw
        return escape(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

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


def table(rows, headers) -> str:
    """A plain table aligned by display width (a Chinese character takes two
    columns; tabulate without wcwidth counts it as one); a cell may hold
    several lines (a wrapped summary)."""
    cells = [[str(c).split("\n") for c in row] for row in [headers, *rows]]
    n = len(headers)
    widths = [max(display_width(line) for row in cells for line in row[k]) for k in range(n)]
    numeric = [all(isinstance(r[k], (int, float)) for r in rows) and rows for k in range(n)]

    def pad(s, k):
        gap = " " * (widths[k] - display_width(s))
        return gap + s if numeric[k] else s + gap

    out = []
    for i, row in enumerate(cells):
        for j in range(max(len(c) for c in row)):
            out.append("  ".join(pad(c[j] if j < len(c) else "", k) for k, c in enumerate(row)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def statistics(diags, lang: str = "zh", as_json: bool = False) -> str:
    """The number of findings per rule, and nothing else (ruff --statistics)."""
    from .cli_text import severity, t

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


# The report formats: name -> function(diags, lines, lang, color, show_source) -> str.  A new
# format is a function (in its own module when it grows) and one line here; the command line's
# --format choices are these, plus html (web/report.py) and the annotated copies (copies.py).
REPORTERS = {
    "text": lambda diags, lines, lang, color, show_source: text(diags, lines, lang, color, show_source),
    "json": lambda diags, lines, lang, color, show_source: json_report(diags, lang),
    "sarif": lambda diags, lines, lang, color, show_source: sarif(diags, lang),
    "github": lambda diags, lines, lang, color, show_source: github(diags, lang),
}


def render(fmt: str, diags, lines: dict, lang: str, color: bool, show_source: bool = True) -> str:
    return REPORTERS.get(fmt, REPORTERS["text"])(diags, lines, lang, color, show_source)


def summary_line(n_files: int, diags, lang: str) -> Optional[str]:
    from .cli_text import t

    e = sum(d.severity == "error" for d in diags)
    w = sum(d.severity == "warning" for d in diags)
    i = sum(d.severity == "info" for d in diags)
    return t(lang, "summary", files=n_files, e=e, w=w, i=i)
