"""Page images of a PDF with the findings' figures outlined.

Runs in a worker process only (pdfium is not thread-safe, and a hostile page
may ask for gigabytes): ``render_pages`` returns, for each page with a
finding, one encoded image and the boxes to draw over it, as plain data
(JSON-ready) that the HTML report places without touching the PDF again.

Boxes come from the ``anchors`` of the CheckedFile (the reader's character
boxes of the lines findings point at); a line the anchors lack falls back to
searching the page's text layer for the claim (``_pdf_highlights``).

Size: a page is rendered in grey at RENDER_SCALE (about 90 dpi, Chinese text
readable), reduced to GREY_LEVELS shades and encoded as lossless WebP — on the
corpus 23-40 KB a page, sharper than a JPEG twice that size.  A page larger
than MAX_SIDE pixels or MAX_PIXELS in all is rendered at a smaller scale: a
2.5 KB PDF may declare a 14400-pt page.
"""
from __future__ import annotations

import base64
import io
import math
from typing import Optional

RENDER_SCALE = 1.25
MAX_SIDE = 2400  # pixels, either side
MAX_PIXELS = 2_500_000
GREY_LEVELS = 8
MAX_PAGE_IMAGES = 20  # per file; findings on further pages are listed without an image


def page_scale(width_pt: float, height_pt: float, scale: float = RENDER_SCALE) -> float:
    """The render scale for a page: RENDER_SCALE unless that exceeds the pixel caps."""
    w, h = max(width_pt, 1.0), max(height_pt, 1.0)
    s = min(scale, MAX_SIDE / max(w, h), math.sqrt(MAX_PIXELS / (w * h)))
    while s > 0.01 and (math.ceil(w * s) > MAX_SIDE or math.ceil(h * s) > MAX_SIDE
                        or math.ceil(w * s) * math.ceil(h * s) > MAX_PIXELS):
        s *= 0.999  # pdfium rounds the bitmap's sides up
    return max(0.01, s)


def _anchor_boxes(d: dict, anchors: dict) -> Optional[list]:
    """Rectangles [x0, y0, x1, y1] (PDF points, origin bottom-left), one per
    line of the finding's span, from the anchors; None if a line lacks them."""
    out = []
    first, last = d["line"], max(d["line"], d["end_line"])
    for ln in range(first, last + 1):
        boxes = anchors.get((d["page"], ln))
        if not boxes:
            return None
        c0 = d["column"] if ln == first else 1
        c1 = d["end_column"] if ln == last else len(boxes) + 1  # end_column is exclusive
        if c1 <= c0:
            c1 = c0 + 1
        chars = [b for b in boxes[c0 - 1:c1 - 1] if b]
        if not chars:
            return None
        out.append([min(b[0] for b in chars), min(b[1] for b in chars),
                    max(b[2] for b in chars), max(b[3] for b in chars)])
    return out


def _pdf_highlights(pdf, d, scale):
    """Fallback: boxes (x, y, w, h in image pixels) of the claim of a finding
    found by searching its page's text layer, nearest the finding's line."""
    page = pdf[d.page - 1]
    tp = page.get_textpage()
    try:
        w, h = page.get_size()
        needle = (d.claim or "")[:8]
        boxes = []
        if needle:
            searcher = tp.search(needle, match_case=True)
            hit = searcher.get_next()
            best = None
            while hit:
                idx, count = hit
                if _inside_a_number(tp, idx, count, needle, len(d.claim or "") <= 8):
                    hit = searcher.get_next()
                    continue  # "2100" found inside the code 21001: not the figure
                n = tp.count_rects(idx, count)
                rects = [tp.get_rect(i) for i in range(n)]
                if rects:
                    if best is None:
                        best = rects
                    if abs(_line_of(tp, idx) - d.line) <= 1:
                        best = rects
                        break
                hit = searcher.get_next()
            if best:
                for (left, bottom, right, top) in best:
                    boxes.append(((left - 1) * scale, (h - top - 1) * scale, (right - left + 2) * scale,
                                  (top - bottom + 2) * scale))
        return boxes
    finally:
        tp.close()
        page.close()


def _inside_a_number(tp, idx, count, needle, whole) -> bool:
    """Is a hit of a figure part of a longer number: a digit right before it, or right after
    it when the needle is the whole claim ("2100" found inside the code 21001)?"""
    before = tp.get_text_range(idx - 1, 1) if idx > 0 else ""
    after = tp.get_text_range(idx + count, 1)
    return (needle[:1].isdigit() and before[-1:].isdigit()) or (whole and needle[-1:].isdigit() and after[:1].isdigit())


def _line_of(tp, idx):
    text = tp.get_text_range(0, idx)
    return text.count("\r\n") + 1  # pdfium's raw line; visual lines differ only in tables


def _encode(img) -> bytes:
    grey = img.convert("L").quantize(GREY_LEVELS)
    buf = io.BytesIO()
    grey.save(buf, format="WEBP", lossless=True, quality=80, method=4)
    return buf.getvalue()


def render_pages(source, diags: list, anchors: dict, max_images: int = MAX_PAGE_IMAGES) -> list:
    """Images of the pages (at most ``max_images``) that ``diags`` point at.

    ``source``: the PDF's bytes or path; ``diags``: Diagnostic values (the
    findings to show, in order); ``anchors``: CheckedFile.anchors.  Returns
    [{"page", "width", "height", "mime", "data" (base64), "boxes": [{"i" (index
    into diags), "code", "severity", "x", "y", "w", "h"} in image pixels]}].
    """
    import pypdfium2 as pdfium

    pages = sorted({d.page for d in diags if d.page})[:max_images]
    if not pages:
        return []
    pdf = pdfium.PdfDocument(source)
    out = []
    try:
        for pno in pages:
            if pno > len(pdf):
                continue
            page = pdf[pno - 1]
            try:
                w_pt, h_pt = page.get_size()
                scale = page_scale(w_pt, h_pt)
                img = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
            boxes = []
            for i, d in enumerate(diags):
                if d.page != pno:
                    continue
                rects = _anchor_boxes(_as_dict(d), anchors)
                if rects is not None:
                    found = [((x0 - 1) * scale, (h_pt - y1 - 1) * scale, (x1 - x0 + 2) * scale, (y1 - y0 + 2) * scale)
                             for x0, y0, x1, y1 in rects]
                else:
                    found = _pdf_highlights(pdf, d, scale)
                boxes.extend({"i": i, "code": d.code, "severity": d.severity, "x": round(x), "y": round(y), "w": round(bw), "h": round(bh)}
                             for x, y, bw, bh in found)
            out.append({"page": pno, "width": img.width, "height": img.height, "mime": "image/webp",
                        "data": base64.b64encode(_encode(img)).decode("ascii"), "boxes": boxes})
    finally:
        pdf.close()
    return out


def _as_dict(d) -> dict:
    return {"page": d.page, "line": d.line, "end_line": d.end_line, "column": d.column, "end_column": d.end_column}
