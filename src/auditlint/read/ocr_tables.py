"""A scanned page's geometry for OCR: its skew, and its ruled tables.

- Skew: a sheet fed askew (0.5-1.5 degrees is common) tilts every text box the
  same way; the median angle of the long boxes is the page's skew, and the boxes
  are turned back about the page centre (no second recognition).
- Tables: the ruling lines are found in the page image, turned back the same way
  (OpenCV: dark, unsaturated pixels -- a red seal is no ruling --, opened with
  long thin kernels), and given as thin path boxes to the PDF reader's own table
  geometry (``pdf.rulings``: the same cells, grouping and bounds as a text PDF);
  each cell is filled with the OCR boxes whose centre it holds (a box across a
  ruling is shared out by its characters' positions).  The result is the PDF
  reader's table tuple, so ``pdf.merge`` places and locates the cells alike.
"""
from __future__ import annotations

import math

from .pdf.limits import _PageTooComplex
from .pdf.rulings import ruled_groups, rows_and_bands

LONG_BOX = 4.0  # a box this many times wider than high says the page's skew
MAX_SKEW = 5.0  # degrees: beyond, the page is not merely askew (left as it is)
INK = 215  # a pixel darker than this in every channel is ink (a thin ruling scans grey)
GREY = 60  # ... and its channels this close: red seal ink is no ruling
DARK = 120  # a pixel this dark is ink whatever its hue (JPEG smears a seal's red into a ruling under it)
H_KERNEL_PT = 30.0  # a horizontal run this long (points) is a ruling, not a stroke of a character
V_KERNEL_PT = 18.0  # a vertical run this long is a ruling
GAP = 3  # pixels: a thin ruling broken this little by the scan is one line
MARGIN = 2.0  # points: a box reaching this far across a ruling is shared between the cells


def skew(boxes) -> float:
    """The page's skew in degrees (image coordinates, y down): the median angle of the
    top edges of the long boxes; 0 when there are none or the angle is implausible."""
    angles = []
    for quad in boxes:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        w = math.hypot(x1 - x0, y1 - y0)
        h = math.hypot(quad[3][0] - x0, quad[3][1] - y0)
        if h > 0 and w >= LONG_BOX * h:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if len(angles) < 3:
        return 0.0
    angles.sort()
    a = angles[len(angles) // 2]
    return a if abs(a) <= MAX_SKEW else 0.0


def rotation(angle: float, width: int, height: int):
    """The 2x3 matrix that turns the image (and points on it) back by ``angle``."""
    import cv2

    return cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)


def turn(points, m):
    return [(m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2]) for x, y in points]


def rulings(image, m, scale: float, page_height: float):
    """(paths, ink): the page's ruling lines as thin path boxes (left, bottom, right, top,
    stroked) in PDF points, found in the image turned back by ``m``; and that image's ink
    (a 0/255 array) for ``tables`` to see what the recogniser left out."""
    import cv2
    import numpy as np

    a = np.asarray(image)
    if a.ndim == 3:  # the page as read.ocr gives it: one grey level in three channels
        hi, lo = a.max(axis=2), a.min(axis=2)
        grey = np.where((hi < DARK) | (hi.astype(np.int16) - lo < GREY), hi, 255).astype(np.uint8)
    else:
        grey = a
    # turned back smoothly, then thresholded (a thin line turned as a mask breaks at each step)
    grey = cv2.warpAffine(grey, m, (grey.shape[1], grey.shape[0]), flags=cv2.INTER_LINEAR, borderValue=255)
    ink = (grey < INK).astype(np.uint8) * 255
    out = []
    for horizontal, length in ((True, H_KERNEL_PT), (False, V_KERNEL_PT)):
        k = max(3, int(length * scale))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1) if horizontal else (1, k))
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (GAP, 3) if horizontal else (3, GAP))
        lines = cv2.morphologyEx(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, bridge), cv2.MORPH_OPEN, kernel)
        n, _lab, stats, _c = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, w, h, _area in stats[1:n]:
            if horizontal:
                yc = page_height - (y + h / 2) / scale
                out.append((x / scale, yc - 0.5, (x + w) / scale, yc + 0.5, False))
            else:
                xc = (x + w / 2) / scale
                out.append((xc - 0.5, page_height - (y + h) / scale, xc + 0.5, page_height - y / scale, False))
    return out, ink


def tables(paths, boxes, ink=None, scale: float = 2.0, page_height: float = 0.0):
    """(tables, unread).  Tables from the rulings and the OCR boxes (text, left, right,
    bottom, top in points, turned back): (top, bottom, rows of cell text, rows of cell
    bands) as the PDF reader gives them, top first; a page too complex for the grid has
    none.  ``unread``: the (top, bottom) of each table with a cell that holds ink but no
    recognised text -- a figure the detector missed, so no sum over the table can be trusted."""
    try:
        groups = ruled_groups(paths)
    except _PageTooComplex:
        return [], []  # read as lines
    out, unread = [], []
    for group in groups:
        group.sort(key=lambda c: (-c[3], c[0]))
        top, bottom = max(c[3] for c in group), min(c[1] for c in group)
        left, right = min(c[0] for c in group), max(c[2] for c in group)
        texts = {c: [] for c in group}
        for text, x0, x1, y0, y1 in boxes:
            yc = (y0 + y1) / 2
            if not (bottom <= yc <= top and left <= (x0 + x1) / 2 <= right):
                continue
            row = [c for c in group if c[1] <= yc <= c[3] and c[2] > x0 and c[0] < x1]
            if not row:
                continue
            row.sort(key=lambda c: c[0])
            if len(row) == 1 or not all(min(c[2], x1) - max(c[0], x0) > MARGIN for c in row):
                best = max(row, key=lambda c: min(c[2], x1) - max(c[0], x0))
                texts[best].append((-yc, x0, text))
                continue
            step = (x1 - x0) / max(len(text), 1)  # across a ruling: each character to its cell
            for k, ch in enumerate(text):
                cx = x0 + (k + 0.5) * step
                cell = next((c for c in row if c[0] <= cx <= c[2]), row[-1] if cx > row[-1][2] else row[0])
                texts[cell].append((-yc, cx, ch))
        if ink is not None and any(not texts[c] and _inked(ink, c, scale, page_height) for c in group):
            unread.append((top, bottom))
        rows, bands = rows_and_bands(group, lambda c: _cell_text(texts[c]))
        if len(rows) < 2 or not any(t.strip() for r in rows for t in r):
            continue
        out.append((top, bottom, rows, bands))
    out.sort(key=lambda t: -t[0])
    return out, unread


INSET = 4  # pixels inside a cell's rulings: what is there is the cell's content
MIN_INK = 30  # pixels: a digit at 144 dpi has 40-80; specks of noise and JPEG far fewer


def _inked(ink, cell, scale: float, page_height: float) -> bool:
    """Whether a cell's inside holds ink enough for a character."""
    left, bottom, right, top = cell
    x0, x1 = int(left * scale) + INSET, int(right * scale) - INSET
    y0, y1 = int((page_height - top) * scale) + INSET, int((page_height - bottom) * scale) - INSET
    if x1 <= x0 or y1 <= y0:
        return False
    return int((ink[max(y0, 0):y1, max(x0, 0):x1] > 0).sum()) >= MIN_INK


def _cell_text(parts) -> str:
    """A cell's pieces (-y, x, text): a piece lower by more than LINE_STEP points starts
    a line of the cell; within a line, left to right."""
    parts.sort()
    lines: list[list] = []
    for negy, x, t in parts:
        if lines and negy - lines[-1][0][0] <= LINE_STEP:
            lines[-1].append((negy, x, t))
        else:
            lines.append([(negy, x, t)])
    out = []
    for ln in lines:
        ln.sort(key=lambda p: p[1])
        text = ""
        for _y, _x, t in ln:
            if text and text[-1].isascii() and t[:1].isascii() and len(t) > 1:
                text += " "
            text += t
        out.append(text)
    return "\n".join(out)


LINE_STEP = 4.0  # points
