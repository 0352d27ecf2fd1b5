"""The fast path's tables: the cells ``rulings`` found, filled with pdfium's words.

A word whose two ends are well inside one cell goes there whole; a word that
straddles a ruling is placed character by character.  A grid that misses text
of its area is no table (the area is read as lines).
"""
from __future__ import annotations

import re

from .native import _baseline_reader, _char_box_reader, _char_centre_reader
from .rulings import ruled_groups, table_of_cells


def _pdfium_tables(paths, textpage):
    """Tables of a page from its rulings; cell text from pdfium's text layer.
    Returns (top, bottom, rows of cell text, rows of cell bands (bottom, top))
    in PDF user space, top first."""
    groups = ruled_groups(paths)
    if not groups:
        return []
    spans = [(min(c[1] for c in g), max(c[3] for c in g)) for g in groups]
    words = _table_words(textpage, spans)
    centre = _char_centre_reader(textpage)
    baseline = _baseline_reader(textpage)
    tables = []
    for group in groups:
        table = _filled(group, words, centre, baseline)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: -t[0])
    return tables


def _filled(group, words, centre, baseline):
    """One group of cells with the words inside it: (top, bottom, rows of cell
    text, rows of cell bands), or None when it is no table (one row of one
    cell, no text, or text of its area missed)."""
    group.sort(key=lambda c: (-c[3], c[0]))
    top = max(c[3] for c in group)
    bottom = min(c[1] for c in group)
    left = min(c[0] for c in group)
    right = max(c[2] for c in group)
    texts = {c: [] for c in group}
    locate = _cell_locator(group)
    inside = 0

    def put(c, text, line_no, y):
        # the cell's text goes on on another line: another text-page line, or the same
        # text-page line drawn lower (pdfium joins a wrapped "139 / 9" into one line
        # with a space; the space is the wrap, not part of the figure)
        parts = texts[c]
        if parts and (parts[-1][1] != line_no or abs(parts[-1][2] - y) > CELL_LINE_GAP):
            while parts and parts[-1][0].isspace():
                parts.pop()
            parts.append(("\n", line_no, y))
        if text.isspace() and (not parts or parts[-1][0] == "\n"):
            return
        parts.append((text, line_no, y))

    for text, i0, (x0, y0), (x1, y1), line_no in words:
        base = baseline(i0)
        if left <= x0 <= right and bottom + WORD_MARGIN <= y0 <= top - WORD_MARGIN and \
                left <= x1 <= right and bottom + WORD_MARGIN <= y1 <= top - WORD_MARGIN:
            c = locate(x0, y0)
            if c is not None and c[1] + WORD_MARGIN <= min(y0, y1) and max(y0, y1) <= c[3] - WORD_MARGIN \
                    and locate(x1, y1) is c:
                # both ends well inside one cell: so is every character between
                inside += 0 if text.isspace() else len(text)
                put(c, text, line_no, base)
                continue
        if (y0 > top and y1 > top) or (y0 < bottom and y1 < bottom) or \
                (x0 < left and x1 < left) or (x0 > right and x1 > right):
            continue  # both ends on one side of the table: the word is not in it
        for k, ch in enumerate(text):  # the word may straddle a ruling: character by character
            x, y = centre(i0 + k) if 0 < k < len(text) - 1 else ((x0, y0) if k == 0 else (x1, y1))
            if not (left <= x <= right and bottom <= y <= top):
                continue
            inside += not ch.isspace()
            c = locate(x, y)  # the cell that holds the character's centre
            if c is not None:
                put(c, ch, line_no, baseline(i0 + k))
    # no table: one row of one cell, no text in any cell (its text was not found), or
    # text of its area missed by the grid (the area is then read as lines)
    return table_of_cells(group, {c: "".join(ch for ch, _l, _y in parts) for c, parts in texts.items()}, inside)


def _cell_locator(cells):
    """x, y -> the cell whose box holds the point, by binary search on the
    grid of cell boundaries (a merged cell covers several grid positions)."""
    import bisect

    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    grid = {}
    for c in cells:
        for i in range(bisect.bisect_left(xs, c[0]), bisect.bisect_left(xs, c[2])):
            for j in range(bisect.bisect_left(ys, c[1]), bisect.bisect_left(ys, c[3])):
                grid[(i, j)] = c

    def locate(x, y):
        i = bisect.bisect_right(xs, x) - 1
        j = bisect.bisect_right(ys, y) - 1
        c = grid.get((i, j))
        if c is None and i > 0 and x == xs[i]:
            c = grid.get((i - 1, j))
        return c
    return locate


WORD_MARGIN = 3.0  # points: a word's ends this far inside a cell put the whole word in it
CELL_LINE_GAP = 3.0  # points: text this much lower in a cell is on the cell's next line


def _table_words(textpage, spans):
    """(text, index of its first character, centre of the first, centre of
    the last, text-page line) for the words -- runs of non-space characters,
    and each space on its own -- on lines within the vertical spans (bottom,
    top) of the tables, in reading order.  Two character boxes a word rather
    than one a character: the boxes are the costly part of reading a table."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n)
    box = _char_box_reader(textpage)
    out = []
    start = 0
    for line_no, line in enumerate(text[:n].split("\r\n")):
        end = start + len(line)
        if line.strip():
            lead = len(line) - len(line.lstrip())
            _l, b, _r, t = box(start + lead)
            y = (b + t) / 2
            tail = len(line.rstrip()) - 1
            _l, b2, _r, t2 = box(start + tail)
            # a line is skipped by its ends; a text layer without line breaks puts a whole
            # page on one "line", whose ends say nothing about the words between
            within = any(lo - 2 <= y <= hi + 2 for lo, hi in spans)
            if within or abs((b2 + t2) / 2 - y) > 2:
                for m in _WORD.finditer(line):
                    i0, i1 = start + m.start(), start + m.end() - 1
                    l0, b0, r0, t0 = box(i0)
                    first = ((l0 + r0) / 2, (b0 + t0) / 2)
                    if i1 == i0:
                        last = first
                    else:
                        l1, b1, r1, t1 = box(i1)
                        last = ((l1 + r1) / 2, (b1 + t1) / 2)
                    out.append((m.group(), i0, first, last, line_no))
        start = end + 2
    return out


_WORD = re.compile(r"\S+|\s")
