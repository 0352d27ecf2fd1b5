"""``--format docx``: a copy of a Word report with every finding as a comment
(批注) on the figures it is about (issue 19).

A DOCX line is a body paragraph or a table cell (``CheckedFile.anchors``:
``{"paragraph": i}`` or ``{"table": t, "row": r, "cell": c, "paragraphs":
[...]}``); a finding's columns are offsets in that paragraph's text
(python-docx's ``Paragraph.text``: its runs and hyperlinks).  The runs that
hold the span are split at the span's ends where needed -- each piece keeps
the run's properties, so the text and its formatting are unchanged -- and the
comment is anchored on exactly those runs with python-docx's
``Document.add_comment`` (author "auditlint").  A finding with an empty span
or no anchor (a whole-report finding) is put on the whole paragraph it points
at (the first paragraph when it points nowhere).
"""
from __future__ import annotations

import copy
import io
from typing import Optional

from .copies import Copy
from .pdf_annotations import note_text

AUTHOR = "auditlint"
INITIALS = "AL"
# the run children python-docx counts in Run.text (each one character, or a w:t's text)
_TEXT_TAGS = {"t", "tab", "br", "cr", "noBreakHyphen", "ptab"}


class CommentError(Exception):
    """The file could not be commented (python-docx cannot parse or write it)."""


def comment_docx(data: bytes, diagnostics, anchors: dict, lang: str = "zh", title: Optional[str] = None) -> bytes:
    """The DOCX ``data`` with each finding as a comment; raises CommentError.
    (``title``, the file's name, is not used: the comments need none.)"""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a dependency
        raise CommentError(f"python-docx is not installed ({exc})")
    try:
        d = docx.Document(io.BytesIO(data))
        if not hasattr(d, "add_comment"):  # pragma: no cover - guarded by the dependency pin
            raise CommentError("python-docx 1.2 or later is needed for comments")
        paragraphs = d.paragraphs
        tables = d.tables
        for diag in diagnostics:
            runs = _runs_of(diag, anchors, paragraphs, tables)
            if runs:
                d.add_comment(runs, text=note_text(diag, lang), author=AUTHOR, initials=INITIALS)
        out = io.BytesIO()
        d.save(out)
        return out.getvalue()
    except CommentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on odd packages
        raise CommentError(f"{type(exc).__name__}: {exc}")


def _paragraph_at(anchor, column, paragraphs, tables):
    """(paragraph, offset of ``column`` in its text) for a line's anchor."""
    if "table" in anchor:
        cell = tables[anchor["table"]].rows[anchor["row"]].cells[anchor["cell"]]
        pars = cell.paragraphs
        starts = anchor.get("paragraphs") or [1]
        k = 0
        for j, s in enumerate(starts[:len(pars)]):
            if column >= s:
                k = j
        return pars[k], column - starts[k]
    return paragraphs[anchor["paragraph"]], column - 1


def _runs_of(diag, anchors, paragraphs, tables) -> list:
    """The runs a finding's comment goes on (split at the span's ends)."""
    first = anchors.get((None, diag.line))
    last = anchors.get((None, max(diag.line, diag.end_line)))
    if diag.page is not None or first is None or last is None:
        first = last = None
    if first is None:
        par = paragraphs[0] if paragraphs else None
        return _whole(par) if par is not None else []
    p0, a = _paragraph_at(first, diag.column, paragraphs, tables)
    end_col = diag.end_column if diag.end_line > diag.line else max(diag.end_column, diag.column)
    p1, b = _paragraph_at(last, end_col - 1, paragraphs, tables)
    b += 1  # end_column is exclusive: the span ends after the character before it
    if p0._p is p1._p and b <= a:
        return _whole(p0)
    if p0._p is p1._p:
        return _span(p0, a, b) or _whole(p0)
    head = _span(p0, a, len(p0.text))
    tail = _span(p1, 0, b)
    if head and tail:
        return [head[0], tail[-1]]
    return head or tail or _whole(p0)


def _whole(par) -> list:
    runs = _runs(par)
    if runs:
        return [runs[0], runs[-1]]
    return [par.add_run("")]  # an empty paragraph: an empty run to hold the comment (no text added)


def _runs(par):
    from docx.text.run import Run

    return [Run(r, par) for r in par._p.xpath("./w:r | ./w:hyperlink/w:r")]


def _run_len(r) -> int:
    return sum(_child_len(c) for c in r)


def _child_len(c) -> int:
    tag = c.tag.rsplit("}", 1)[-1] if isinstance(c.tag, str) else ""
    return len(str(c)) if tag in _TEXT_TAGS else 0


def _span(par, a: int, b: int) -> list:
    """The runs holding exactly the characters [a, b) of the paragraph's text, a run
    crossing either end split in two; [] when the runs do not spell the text."""
    runs = _runs(par)
    if sum(_run_len(r._r) for r in runs) != len(par.text) or not 0 <= a < b:
        return []
    out, pos = [], 0
    for run in runs:
        r = run._r
        n = _run_len(r)
        lo, hi = pos, pos + n
        pos = hi
        if hi <= a or lo >= b or n == 0:
            continue
        if lo < a:  # the span starts inside this run: keep its head here, go on with the rest
            r = _split(r, a - lo)
            lo = a
        if hi > b:  # the span ends inside: the tail goes to a new run after it
            _split(r, b - lo)
        out.append(r)
    from docx.text.run import Run

    return [Run(r, par) for r in out]


def _split(r, k: int):
    """Split run element ``r`` after its first ``k`` characters: ``r`` keeps them, a copy
    with the same properties holding the rest is inserted after it and returned."""
    tail = copy.deepcopy(r)
    _keep(r, 0, k)
    _keep(tail, k, None)
    r.addnext(tail)
    return tail


def _keep(r, a: int, b):
    """Keep only the characters [a, b) of a run element (b None: to the end); children
    without text (properties, drawings, field marks) stay in the part they fall in."""
    from docx.oxml.ns import qn

    pos = 0
    for c in list(r):
        tag = c.tag.rsplit("}", 1)[-1] if isinstance(c.tag, str) else ""
        if tag == "rPr":
            continue
        n = _child_len(c)
        lo, hi = pos, pos + n
        pos = hi
        end = b if b is not None else 10 ** 9
        if n == 0:
            if not a <= lo < end:
                r.remove(c)
            continue
        if hi <= a or lo >= end:
            r.remove(c)
        elif tag == "t" and (lo < a or hi > end):
            c.text = (c.text or "")[max(a - lo, 0):min(end, hi) - lo]
            c.set(qn("xml:space"), "preserve")


COPY = Copy("docx", ".checked.docx", "Word (DOCX)", "a Word file", "comments, 批注", comment_docx, CommentError)
