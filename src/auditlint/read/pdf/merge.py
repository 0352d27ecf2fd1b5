"""A page's positioned lines and tables into raw items, in reading order.

Tables are placed by their vertical extent among the lines; each cell's text
gets a segment for each of its lines, located on the page line that holds it, so
a finding in a cell points at the page, line and column.  Used by the PDF
reader (either engine), OFD and OCR.
"""
from __future__ import annotations

import re
from typing import Optional

from ...model import Segment, SourceText
from ..raw import _CJK_PUNCT, RawItem, RawLine, RawTable, _line_source
from .headers import _page_number_lines, _running_lines, printed_page_number


_CJK_GAP = re.compile(f"(?<=[{_CJK_PUNCT}])[ \u00a0]+(?=[{_CJK_PUNCT}])")


def pages_to_items(pages, page_labels: Optional[dict] = None) -> list:
    """Raw items of positioned pages — (page index, lines, tables) from PDF, OFD or OCR —
    with page numbers and running headers and footers left out.  The printed page
    numbers go into ``page_labels`` (1-based page -> the number printed on it) when given:
    a table of contents refers to them, not to the page's place in the file."""
    running = _running_lines(pages)
    items = []
    for pno, lines, tables in pages:
        numbers = _page_number_lines(lines)
        if page_labels is not None:
            printed = {printed_page_number(lines[k][0]) for k in numbers} - {None}
            if len(printed) == 1:
                page_labels[pno + 1] = printed.pop()
        drop = numbers | running.get(pno, set())
        items.extend(_merge_page(lines, tables, pno + 1, first=(pno == 0), drop=drop))
    return items


def _merge_page(lines, tables, pno, first, drop=frozenset()):
    """Interleave a page's text lines and tables by vertical position; the
    lines in ``drop`` (the printed page number) are left out."""
    items: list[RawItem] = []
    blank = 0 if first else 3  # a page break counts as a blank run
    placed = [False] * len(tables)
    # the text edge: the leftmost line of text, a running header, a page number and the
    # lines inside tables (a cell may stand left of the body) aside
    xs = [x for k, (_t, y, x) in enumerate(lines) if x is not None and k not in drop
          and not (y is not None and any(ybot - 1 <= y <= ytop + 1 for ytop, ybot, _r, _b in tables))]
    left = min(xs) if xs else 0.0
    for k, (ln, y, x) in enumerate(lines):
        if y is not None:
            inside = None
            for ti, (ytop, ybot, _rows, _bands) in enumerate(tables):
                if ybot - 1 <= y <= ytop + 1:
                    inside = ti
                    break
            if inside is not None:
                if not placed[inside]:
                    placed[inside] = True
                    items.append(RawTable(_table_rows(tables[inside], lines, pno), blank))
                    blank = 0
                continue
        if not ln.strip() or k in drop:
            blank += not ln.strip()
            continue
        items.append(RawLine(_line_source(ln, k + 1, pno), blank, max(0.0, x - left) if x is not None else 0.0))
        blank = 0
    for ti, done in enumerate(placed):
        if not done:
            items.append(RawTable(_table_rows(tables[ti], lines, pno), blank))
    return items


def _table_rows(table, lines, pno):
    """Cells of a table, each line of a cell pointing at the page line that
    holds it.  Cells covered by a merge (None) are dropped, so a row keeps the
    shape it had in the document (as the Word-export text layout does)."""
    ytop, ybot, rows, bands = table
    # each line without its spaces (cells are found in it however the line spaced them),
    # with the map back to the printed line's columns
    inside = [(k, ln.replace(" ", ""), y, [i for i, ch in enumerate(ln) if ch != " "])
              for k, (ln, y, _x) in enumerate(lines) if y is not None and ybot - 1 <= y <= ytop + 1]
    cursor: dict = {}  # page line -> where the last cell found on it ended
    near_band: dict = {}  # cell band -> the table's lines within it
    out = []
    for r, band_row in zip(rows, bands):
        cells = []
        for c, band in zip(r, band_row):
            if c is None:
                continue
            near = near_band.get(band)
            if near is None:
                near = near_band[band] = _lines_in_band(inside, band)
            cells.append(_cell_source(c, inside, pno, near, cursor))
        out.append(cells)
    return out


CELL_BAND_SLACK = 2.0  # points: a line whose top is this close to a cell's band is in the cell


def _lines_in_band(inside, band):
    """The table's lines whose top lies within a cell's band (or all of them)."""
    if band is None:
        return inside
    lo, hi = band[0] - CELL_BAND_SLACK, band[1] + CELL_BAND_SLACK
    return [ln for ln in inside if lo <= ln[2] <= hi] or inside


def _cell_source(raw_text: str, inside, pno, near=None, cursor=None) -> SourceText:
    """A cell's text (lines joined as wrapped lines are) with a segment for
    each of its lines, located on the page line that holds it: a line within
    the cell's vertical band (`near`), at or after the cells found on it
    before (cells come left to right, so the third "0.00" of a row is the
    third on its line); any line of the table if the band holds none."""
    parts = [x for x in _CJK_GAP.sub("", raw_text or "").split("\n") if x.strip()]
    cursor = {} if cursor is None else cursor
    near = inside if near is None else near
    text, segs = "", []
    default = (near[0][0] + 1 if near else 1)
    for part in parts:
        part = part.strip()
        if text and text[-1].isascii() and text[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            text += " "
        line_no, col = default, 1
        head = part.replace(" ", "")[:6]
        for candidates in (near, inside) if near is not inside else (inside,):
            found = False
            for cand in candidates:
                k, ln = cand[0], cand[1]
                j = ln.find(head, cursor.get(k, 0))
                if j < 0:
                    j = ln.find(head)
                if j >= 0:
                    # the column in the printed line (the search ran on the line without spaces)
                    col = (cand[3][j] if len(cand) > 3 and j < len(cand[3]) else j) + 1
                    line_no, found = k + 1, True
                    cursor[k] = j + len(head)
                    break
            if found:
                break
        segs.append(Segment(len(text), pno, line_no, col))
        text += part
    return SourceText(text, segs or [Segment(0, pno, default, 1)])
