"""The one result shape of a checked file.

A ``CheckedFile`` is what a worker process returns, what the findings cache
stores (as JSON: data, never code) and what every output reads: the
findings, the source lines they point at (for carets and excerpts), the
stated score and grade (for report indexes), and ``anchors`` — for each
(page, line) that a finding points at, where its characters are on the page,
so outputs can draw or annotate without reading the file again.

Nothing here depends on the rest of auditlint but the Diagnostic.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Optional

from .diagnostics import Diagnostic

SCHEMA = 2  # bump when the JSON shape changes: older cache entries are then ignored


@dataclass
class CheckedFile:
    path: str
    diagnostics: list = field(default_factory=list)  # [Diagnostic]
    source_lines: dict = field(default_factory=dict)  # (page, line) -> text of that line
    fatal: bool = False  # nothing at all could be read
    format: str = ""  # txt | md | pdf | docx
    page_count: Optional[int] = None
    stated_score: Optional[str] = None  # the total score the (last) report states, as printed
    stated_grade: Optional[str] = None  # the grade it states (优/良/中/差 …)
    # (page, line) -> anchor of that line, for the lines findings point at:
    # - PDF: a list with one entry per 1-based column c (index c-1) of the source
    #   line: the character's box [x0, y0, x1, y1] in PDF points, user space
    #   (origin bottom-left, as pdfium reports char boxes), or None for a
    #   character with no box (a space inserted or collapsed between pieces).
    # - DOCX: where the line is, indices 0-based as python-docx counts them:
    #   {"paragraph": i} for a body paragraph (Document.paragraphs[i]), or
    #   {"table": t, "row": r, "cell": c, "paragraphs": [col, ...]} for a table
    #   cell (Document.tables[t].rows[r].cells[c]); the cell's paragraphs are
    #   joined by one space in the line, "paragraphs" holds the 1-based column
    #   at which each of them starts.
    # - text files: none.
    anchors: dict = field(default_factory=dict)

    def line_text(self, page: Optional[int], line: int) -> str:
        return self.source_lines.get((page, line), "")

    def with_path(self, path: str) -> "CheckedFile":
        """The same result for a copy of the file elsewhere (cache hits)."""
        return dataclasses.replace(self, path=path,
                                   diagnostics=[dataclasses.replace(d, path=path) for d in self.diagnostics])

    # -------------------------------------------------------------- JSON
    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "path": self.path,
            "diagnostics": [_diag_to_json(d) for d in self.diagnostics],
            "source_lines": [[pg, ln, t] for (pg, ln), t in self.source_lines.items()],
            "fatal": self.fatal,
            "format": self.format,
            "page_count": self.page_count,
            "stated_score": self.stated_score,
            "stated_grade": self.stated_grade,
            "anchors": [[pg, ln, a] for (pg, ln), a in self.anchors.items()],
        }

    @classmethod
    def from_json(cls, obj: dict) -> "CheckedFile":
        """Raises ValueError (or KeyError/TypeError) on anything not of this shape."""
        if not isinstance(obj, dict) or obj.get("schema") != SCHEMA:
            raise ValueError("not a CheckedFile of this schema")
        for k, t in (("path", str), ("diagnostics", list), ("source_lines", list), ("fatal", bool),
                     ("anchors", list)):
            if not isinstance(obj.get(k), t):
                raise TypeError(f"{k} is not a {t.__name__}")
        return cls(
            path=str(obj["path"]),
            diagnostics=[_diag_from_json(d) for d in obj["diagnostics"]],
            source_lines={(_opt_int(pg), int(ln)): str(t) for pg, ln, t in obj["source_lines"]},
            fatal=bool(obj["fatal"]),
            format=str(obj.get("format") or ""),
            page_count=_opt_int(obj.get("page_count")),
            stated_score=_opt_str(obj.get("stated_score")),
            stated_grade=_opt_str(obj.get("stated_grade")),
            anchors={(_opt_int(pg), int(ln)): a for pg, ln, a in obj.get("anchors", [])},
        )


_DIAG_FIELDS = [f.name for f in dataclasses.fields(Diagnostic)]
_OPTIONAL = {"suggestion_zh": "", "suggestion_en": "", "replacement": None}


def _diag_to_json(d: Diagnostic) -> dict:
    out = {k: getattr(d, k) for k in _DIAG_FIELDS}
    out["evidence"] = [[k, v] for k, v in d.evidence]
    return out


def _diag_from_json(obj: dict) -> Diagnostic:
    kw = {k: obj[k] for k in _DIAG_FIELDS if k not in _OPTIONAL}
    kw.update({k: obj.get(k, default) for k, default in _OPTIONAL.items()})
    kw["evidence"] = tuple((str(k), v) for k, v in kw["evidence"])
    for k in ("line", "column", "end_line", "end_column", "report"):
        kw[k] = int(kw[k])
    kw["page"] = _opt_int(kw["page"])
    for k in ("path", "code", "rule", "severity", "message_zh", "message_en", "section", "claim",
              "suggestion_zh", "suggestion_en"):
        if not isinstance(kw[k], str):
            raise TypeError(f"{k} is not a string")
    if kw["replacement"] is not None and not isinstance(kw["replacement"], str):
        raise TypeError("replacement is not a string")
    if kw["severity"] not in ("error", "warning", "info"):
        raise ValueError(f"severity {kw['severity']!r}")
    return Diagnostic(**kw)


def _opt_int(v):
    return None if v is None else int(v)


def _opt_str(v):
    return None if v is None else str(v)
