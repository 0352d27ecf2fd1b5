"""The pdfplumber path: a page's lines (with character boxes) and tables.

Used for every page with ``--pdf-engine full`` (the reference the tests compare
the fast path with) and for the pages whose text pdfium cannot decode.  The
results have the fast path's shapes, so ``merge`` takes either.
"""
from __future__ import annotations

import re


def _plumber_page(plumber, pno, want_tables: bool):
    """Lines (as _pdf_page_lines gives them: text, top y, left x in PDF user
    space) and tables of a page from pdfplumber, parsing the page once."""
    page = plumber.pages[pno]
    try:
        h = float(page.height)
        lines = [(ln["text"], h - float(ln["top"]), float(ln["x0"]), _plumber_boxes(ln, h))
                 for ln in page.extract_text_lines(return_chars=True)]
        return lines, (_plumber_tables(page) if want_tables else [])
    finally:
        page.close()


def _plumber_boxes(line, h) -> list:
    """The box (left, bottom, right, top; PDF user space, y upwards: pdfplumber's x is
    already in user space and its top is the page height minus the user-space y) of each
    character of a pdfplumber text line, None for a space it inserted between characters."""
    text, chars = line["text"], line.get("chars") or []
    out, j = [], 0
    i = 0
    while i < len(text):
        c = chars[j] if j < len(chars) else None
        t = c["text"] if c is not None else ""
        if t and text.startswith(t, i):
            b = (float(c["x0"]), h - float(c["bottom"]), float(c["x1"]), h - float(c["top"]))
            out.extend([b] * len(t))
            i += len(t)
            j += 1
        elif c is not None and not t.strip() and not text[i].isspace():
            j += 1  # a space character the text leaves out
        else:
            out.append(None)
            i += 1
    return out


def _open_row_lines(page) -> list:
    """A row that continues on the next page has side rulings but no bottom
    ruling (and its continuation no top ruling), so pdfplumber, which needs
    closed cells, drops it.  Return the y positions that close such rows."""
    v = [e for e in page.edges if e["orientation"] == "v"]
    h = [e["top"] for e in page.edges if e["orientation"] == "h"]
    if len(v) < 2:
        return []
    low = max(e["bottom"] for e in v)
    high = min(e["top"] for e in v)
    if not h:  # the middle of a row taller than a page: only side rulings
        return [high, low]
    extra = []
    if low > max(h) + 2:
        extra.append(low)
    if high < min(h) - 2:
        extra.append(high)
    return extra


def _pdf_tables(plumber, pno):
    page = plumber.pages[pno]
    try:
        return _plumber_tables(page)
    finally:
        page.close()


def _plumber_tables(page):
    """pdfplumber's tables of a page: (top, bottom, rows, cell bands) in PDF
    user space, a band being a cell's (bottom, top)."""
    extra = _open_row_lines(page)
    found = page.find_tables({"explicit_horizontal_lines": extra} if extra else {})
    tables = []
    h = float(page.height)
    for t in found:
        rows = t.extract()
        if not rows or (len(rows) < 2 and not all(len(r) > 1 for r in rows)):
            continue  # as the fast path: one row is a table only if it has several cells
        x0, top, x1, bottom = t.bbox
        # the text layer is complete even where the table finder is not:
        # a table that holds clearly less text than its area is not used
        area_text = page.within_bbox(t.bbox).extract_text() or ""
        cell_chars = sum(len(re.sub(r"\s", "", c or "")) for r in rows for c in r)
        if cell_chars < 0.9 * len(re.sub(r"\s", "", area_text)):
            continue
        # pdfium y runs bottom-up; pdfplumber's top-down
        bands = [[None if c is None else (h - c[3], h - c[1]) for c in row.cells] for row in t.rows]
        tables.append((h - top, h - bottom, rows, bands))
    return tables
