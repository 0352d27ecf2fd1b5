"""The fast path's text: lines from pdfium's text layer, and visual lines.

``_pdf_page_lines`` cuts the text page into lines (clipped characters left out,
a line without line breaks split by baseline); ``_visual_lines`` numbers the
lines of either engine the same way; ``_is_garbage`` finds a text layer without
a character map.  Each visual line keeps its recipe, from which ``PdfAnchors``
gives the character boxes of the lines findings point at, on demand.
"""
from __future__ import annotations

import re

from ..raw import LineAnchors
from .native import _baseline_reader, _char_box_reader


class PdfAnchors(LineAnchors):
    """The character boxes of PDF source lines.  Reading keeps, for each line, its
    pieces: (column where the piece starts, the piece's text as the text layer gave it,
    its characters' source: the pdfium text-page index of its first character when they
    run on, or one entry a character -- a pdfium index, a box already known (pdfplumber
    pages), or None).  ``for_lines`` opens the PDF again and asks pdfium for the boxes
    of the characters of the lines wanted, on the pages that hold them only."""

    def __init__(self, data: bytes):
        self.data = data
        self.recipes: dict = {}  # (page, line) -> [(column offset, raw text, source)]

    def for_lines(self, keys) -> dict:
        wanted: dict = {}
        for k in keys:
            if k in self.recipes:
                wanted.setdefault(k[0], []).append(k)
        if not wanted:
            return {}
        import pypdfium2 as pdfium

        out = {}
        pdf = pdfium.PdfDocument(self.data)
        try:
            for pno in sorted(wanted):
                lines = {k: _line_sources(self.recipes[k]) for k in wanted[pno]}
                box = tp = page = None
                if any(isinstance(v, int) for srcs in lines.values() for v in srcs):
                    page = pdf[pno - 1]
                    tp = page.get_textpage()
                    box = _char_box_reader(tp)
                try:
                    for k, srcs in lines.items():
                        out[k] = [None if v is None else _rounded(box(v) if isinstance(v, int) else v)
                                  for v in srcs]
                finally:
                    if tp is not None:
                        tp.close()
                        page.close()
        finally:
            pdf.close()
        return out


def _rounded(b) -> list:
    return [round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2)]


def _line_sources(recipe) -> list:
    """One source per column of a visual line (see _visual_lines): the characters of
    each piece with white space collapsed as the line's text has it, None for the
    spaces (the collapsed ones and those joining the pieces)."""
    out: list = []
    for col, raw, src in recipe:
        out.extend([None] * (col - len(out)))
        lead = len(raw) - len(raw.lstrip())
        space = False
        for k in range(lead, len(raw.rstrip())):
            if raw[k].isspace():
                if not space:
                    out.append(None)
                space = True
                continue
            space = False
            out.append(src + k if isinstance(src, int) else src[k])
    return out


VISUAL_LINE_TOLERANCE = 2.0  # points: pieces whose tops differ by less share a line


def _visual_lines(lines, recipes=None):
    """The page's lines as a reader counts them: text pieces on the same
    baseline joined left to right, top to bottom, white space collapsed.
    pdfium and pdfplumber cut a table row into pieces differently; numbering
    visual lines makes "line 37 of page 4" the same whichever read the page.
    A piece within VISUAL_LINE_TOLERANCE of the line's first (highest) piece
    joins it; the pieces of a line are then put in left-to-right order.
    With a ``recipes`` list, each line's pieces (column offset, raw text,
    character source) are appended to it, one entry a line: what
    ``PdfAnchors`` needs to give the line's character boxes on demand."""
    pieces = [(y, x or 0.0, _WS.sub(" ", t.strip()), t, src) for t, y, x, src in lines
              if t.strip() and y is not None]
    pieces.sort(key=lambda p: (-p[0], p[1]))
    groups: list[list] = []
    for piece in pieces:
        if groups and groups[-1][0][0] - piece[0] <= VISUAL_LINE_TOLERANCE:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    out = []
    for g in groups:
        g.sort(key=lambda p: p[1])
        top = max(p[0] for p in g)
        out.append((" ".join(p[2] for p in g), top, g[0][1]))
        if recipes is not None:
            recipe, col = [], 0
            for p in g:
                recipe.append((col, p[3], p[4]))
                col += len(p[2]) + 1
            recipes.append(recipe)
    return out


_WS = re.compile(r"\s+")


_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x1f]")


def _is_garbage(text: str) -> bool:
    """More than 30 % of the page's visible characters are replacement,
    private-use or control characters: a font without a character map."""
    visible = len("".join(text.split()))
    if not visible:
        return False
    bad = len(_UNREADABLE.findall(text)) - sum(text.count(c) for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f")
    return bad > 0.3 * visible


def _pdf_page_lines(tp, hidden=()):
    """Lines of a page from pypdfium2's text layer, each with its top y, its left x and
    where its characters are in the text page (``src``: the index of its first character
    when they run on, else one index per character) -- kept so that the boxes of the
    characters a finding points at can be asked of pdfium later (``PdfAnchors``); the
    characters at the ``hidden`` indices (clipped away) left out."""
    text = tp.get_text_range()
    box = _char_box_reader(tp)
    baseline = _baseline_reader(tp)
    out = []
    idx = 0
    for ln in text.split("\r\n"):
        start = idx
        idx += len(ln) + 2
        if hidden and any(i in hidden for i in range(start, start + len(ln))):
            keep = [k for k in range(len(ln)) if start + k not in hidden]
            if not "".join(ln[k] for k in keep).strip():
                continue  # the whole line is clipped away
            first = next(k for k in keep if not text[start + k].isspace())
            ln = "".join(ln[k] for k in keep)
            x, _b, _r, y = box(start + first)
            out.append((ln, y, x, [start + k for k in keep]))
            continue
        y = x = None
        if ln.strip():
            lead = len(ln) - len(ln.lstrip())
            x, _b, _r, y = box(start + lead)
            tail = len(ln.rstrip()) - 1
            if abs(baseline(start + tail) - baseline(start + lead)) > LINE_SPLIT:
                out.extend(_split_by_baseline(ln, start, box, baseline))
                continue
        out.append((ln, y, x, start))
    return out


LINE_SPLIT = 3.0  # points: a text-page "line" whose ends lie further apart than this is several lines


def _split_by_baseline(ln: str, start: int, box, baseline) -> list:
    """A text-page line that holds several printed lines (a text layer without line
    breaks: a whole page, page number first, as one line) cut where the characters move to
    another height; each piece with its top y, left x and its characters' indices."""
    pieces = []
    cur, idx, cur_y, cur_top, cur_x = [], [], None, None, None

    def flush():
        t = "".join(cur).rstrip()
        pieces.append((t, cur_top, cur_x, idx[:len(t)]))

    for k, ch in enumerate(ln):
        if ch.isspace():
            if cur:
                cur.append(ch)
                idx.append(start + k)
            continue
        left, _bottom, _right, top = box(start + k)
        mid = baseline(start + k)
        if cur_y is not None and abs(mid - cur_y) > LINE_SPLIT:
            flush()
            cur, idx, cur_y = [], [], None
        if cur_y is None:
            cur_y, cur_top, cur_x = mid, top, left
        cur.append(ch)
        idx.append(start + k)
    if cur:
        flush()
    return pieces
