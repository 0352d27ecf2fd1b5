"""Ruling lines to table cells: the geometry of the fast path's table finder.

From the page's path boxes (the census in ``native``): thin paths and stroked
rectangles as horizontal and vertical rulings, collinear pieces merged, rows cut
by a page break closed, the smallest cells whose corners are ruling
intersections (pdfplumber's "lines" strategy), cells grouped into tables.  No
text here -- ``tables`` fills the cells -- and every step bounded (``limits``).

Shared with the OFD reader (``read.ofd``), whose pages draw their rulings as path
objects too: ``ruled_groups`` (path boxes to groups of cells) and
``table_of_cells`` (a group and its cells' text to a table, or no table), in the
PDF's user space (points, y upwards).
"""
from __future__ import annotations

from .limits import MAX_GRID_POINTS, MAX_GRID_STEPS, MAX_PAGE_PATHS, MAX_RULINGS, _PageTooComplex


RULE_WIDTH = 2.5  # a path thinner than this (points) is a ruling line
SNAP = 1.5  # rulings this close are the same line
JOIN = 3.0  # collinear rulings with gaps up to this are one line


def _rulings(paths):
    """Horizontal and vertical ruling lines from the page's path boxes, in PDF
    user space (y upwards): h = [y, x0, x1], v = [x, y0, y1]."""
    hs, vs = [], []
    for left, bottom, right, top, stroked in paths:
        w, h = right - left, top - bottom
        if h <= RULE_WIDTH and w >= 3:
            hs.append([(bottom + top) / 2, left, right])
        elif w <= RULE_WIDTH and h >= 3:
            vs.append([(left + right) / 2, bottom, top])
        elif w > 3 and h > 3 and stroked:
            # a stroked rectangle: its four sides (a filled one is a background)
            hs += [[bottom, left, right], [top, left, right]]
            vs += [[left, bottom, top], [right, bottom, top]]
    return _merge_segments(hs), _merge_segments(vs)


MERGE_LOOKBACK = 64  # rulings within SNAP looked at for a join (a dashed line has thousands)


def _merge_segments(segs):
    segs.sort()
    out = []
    for pos, a, b in segs:
        merged = False
        for k, o in enumerate(reversed(out)):
            if pos - o[0] > SNAP or k >= MERGE_LOOKBACK:
                break
            if a <= o[2] + JOIN and b >= o[1] - JOIN:
                o[1], o[2] = min(o[1], a), max(o[2], b)
                merged = True
                break
        if not merged:
            out.append([pos, a, b])
    # one line per position: snap the members of a cluster to its first
    return out


def _close_open_rows(hs, vs):
    """Close rows cut by a page break (side rulings, no bottom or top ruling)."""
    if not vs:
        return hs
    lo, hi = min(v[1] for v in vs), max(v[2] for v in vs)
    x0, x1 = min(v[0] for v in vs), max(v[0] for v in vs)
    hs = list(hs)
    if not hs or lo < min(h[0] for h in hs) - 2:
        hs.append([lo, x0, x1])
    if hi > max(h[0] for h in hs) + 2:
        hs.append([hi, x0, x1])
    return hs


def _grid_cells(hs, vs):
    """pdfplumber's 'lines' strategy: intersections, then for each one the
    smallest rectangle whose four corners are intersections joined by rulings.
    The intersections below and right of a corner are looked up in lists
    sorted once (sorting them again for every corner made 400 rulings take
    42 s); the walk is bounded (MAX_GRID_POINTS, MAX_GRID_STEPS)."""
    import bisect

    pts = {}
    for hi, (y, x0, x1) in enumerate(hs):
        for vi, (x, y0, y1) in enumerate(vs):
            if x0 - JOIN <= x <= x1 + JOIN and y0 - JOIN <= y <= y1 + JOIN:
                pts[(round(x, 1), round(y, 1))] = (hi, vi)
    if len(pts) > MAX_GRID_POINTS:
        raise _PageTooComplex(f"{len(pts)} 个表格线交点", f"{len(pts)} ruling intersections")
    by_x, by_y = {}, {}
    for (x, y) in pts:
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)
    for v in by_x.values():
        v.sort()
    for v in by_y.values():
        v.sort()
    cells = []
    steps = 0
    for (x, y), (hi, vi) in pts.items():
        ys, xs = by_x[x], by_y[y]
        below = ys[bisect.bisect_left(ys, y) - 1::-1] if ys[0] < y else ()  # nearest first
        right = xs[bisect.bisect_right(xs, x):]
        found = None
        for yb in below:
            if pts[(x, yb)][1] != vi:
                continue
            for xr in right:
                steps += 1
                if pts[(xr, y)][0] != hi:
                    continue
                br = pts.get((xr, yb))
                if br and br[1] == pts[(xr, y)][1] and br[0] == pts[(x, yb)][0]:
                    found = (x, yb, xr, y)
                    break
            if found:
                break
            if steps > MAX_GRID_STEPS:
                raise _PageTooComplex("表格线过多且不成网格", "rulings too many to form a grid")
        if found:
            cells.append(found)
    return cells


def _group_tables(cells):
    parent = list(range(len(cells)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    corner = {}
    for i, (l, b, r, t) in enumerate(cells):
        for c in ((l, b), (l, t), (r, b), (r, t)):
            if c in corner:
                parent[find(i)] = find(corner[c])
            else:
                corner[c] = i
    groups = {}
    for i in range(len(cells)):
        groups.setdefault(find(i), []).append(cells[i])
    return [g for g in groups.values() if len(g) >= 2]


def _table_budget(paths):
    """The page's rulings when the table finder's work on them is bounded; else _PageTooComplex."""
    if len(paths) > MAX_PAGE_PATHS:
        raise _PageTooComplex(f"{len(paths)} 个线条对象", f"{len(paths)} line objects")
    hs, vs = _rulings(paths)
    if len(hs) > MAX_RULINGS or len(vs) > MAX_RULINGS:
        raise _PageTooComplex(f"{len(hs)} 条横线、{len(vs)} 条竖线", f"{len(hs)} horizontal and {len(vs)} vertical rulings")
    return hs, vs


def ruled_groups(paths):
    """Groups of grid cells (left, bottom, right, top) of a page's path boxes
    (left, bottom, right, top, stroked), each group a table's cells; raises
    _PageTooComplex past the bounds.  The steps the PDF fast path takes."""
    hs, vs = _table_budget(paths)
    if len(vs) < 2:
        return []
    hs = _close_open_rows(hs, vs)
    return _group_tables(_grid_cells(hs, vs))


def rows_and_bands(group, text_of) -> tuple:
    """The cells' text (``text_of(cell)``) and their bands (bottom, top), row by row: a row
    is the cells sharing a top.  Sorts ``group`` top first, then left to right."""
    group.sort(key=lambda c: (-c[3], c[0]))
    rows, bands, last_top = [], [], None
    for c in group:
        if last_top is None or abs(c[3] - last_top) > 1:
            rows.append([])
            bands.append([])
            last_top = c[3]
        rows[-1].append(text_of(c))
        bands[-1].append((c[1], c[3]))
    return rows, bands


def table_of_cells(group, texts, inside):
    """(top, bottom, rows of cell text, rows of cell bands (bottom, top)) of a group
    of cells whose text is ``texts`` (cell -> text, lines joined by "\n"), or None
    where it is no table: a single row of one cell, no text in any cell, or less
    than 90 % of the ``inside`` characters (the non-space characters within the
    group's box) found in cells -- the area is then read as lines.  The PDF fast
    path's criteria (``tables._pdfium_tables``)."""
    rows, bands = rows_and_bands(group, lambda c: texts.get(c, ""))
    if len(rows) < 2 and not all(len(r) > 1 for r in rows):
        return None
    cell_chars = sum(len("".join(c.split())) for r in rows for c in r)
    if not cell_chars or cell_chars < 0.9 * inside:
        return None
    return (max(c[3] for c in group), min(c[1] for c in group), rows, bands)
