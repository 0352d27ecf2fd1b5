"""OFD (GB/T 33190, the Chinese fixed-layout format): ofdkit 0.2 (Apache-2.0).

ofdkit gives each page's text runs with their positions (millimetres from the
top left, the baseline) -- including the text of templates and composite
objects -- reading the package in memory only: nothing is unpacked to disk, and
a location that climbs out of the package (``../``) is never followed.

The runs are put together as the PDF reader's text layer is: runs on one
baseline (within a third of the font size) make one visual line, left to
right, a space where the gap is wider than half a character (none between two
Chinese characters); then the same path as PDF text: the printed page number
and running headers left out, a first-line indent starting a paragraph,
wrapped lines re-joined.  Tables are read as their text lines (OFD draws
cells as paths; no table finder here yet).

Positions: page = the page, line = the visual line on the page (top to
bottom), column = the character in it, as for PDF.
"""
from __future__ import annotations

import re

from .pdf.merge import pages_to_items
from .raw import ReadResult, _problem, open_package

MM = 72 / 25.4  # points per millimetre
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _page_lines(page) -> list:
    """(text, y, x) per visual line, y upward in points as the PDF reader's lines."""
    x0, y0, width, height = page.box
    runs = [r for r in page.runs if r.text.strip()
            and x0 - 2 <= r.x <= x0 + width + 2 and y0 - 2 <= r.y <= y0 + height + 2]
    runs.sort(key=lambda r: (r.y, r.x))
    groups: list[list] = []
    for r in runs:
        tol = max(0.5, 0.35 * (r.size or 3.5))
        if groups and abs(groups[-1][0].y - r.y) <= tol:
            groups[-1].append(r)
        else:
            groups.append([r])
    out = []
    for g in groups:
        g.sort(key=lambda r: r.x)
        text = ""
        end = None
        for r in g:
            t = r.text
            if end is not None and text:
                gap = r.x - end
                if gap > 0.5 * (r.size or 3.5) and not (_CJK.match(text[-1]) and _CJK.match(t[0])):
                    text += " "
            text += t
            end = r.x + r.width
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            out.append((text, (height - g[0].y) * MM, (g[0].x - x0) * MM))
    return out


def read_ofd(data: bytes, opts=None) -> ReadResult:
    res = ReadResult("ofd")
    _zf, problem = open_package(data, "OFD 文件", "the OFD file")
    if problem is not None:
        res.problems.append(problem)
        return res
    import ofdkit  # Apache-2.0

    try:
        doc = ofdkit.open(data)
    except ofdkit.OFDLimitError as exc:
        res.problems.append(_problem(
            "AL009", f"OFD 文件超过读取上限（{exc}），已拒绝读取", f"the OFD file exceeds a limit ({exc}); not read"))
        return res
    except Exception as exc:  # noqa: BLE001 - OFDFormatError, and XML errors of a damaged part
        res.problems.append(_problem(
            "AL004", f"OFD 文件无法解析（{exc}）：请重新导出", f"the OFD file cannot be parsed ({exc}): export it again"))
        return res
    pages = []
    try:
        n = len(doc.pages)
        res.page_count = n
        limit = n if opts is None or not opts.max_pages else min(n, opts.max_pages)
        for pno in range(limit):
            try:
                lines = _page_lines(doc.pages[pno])
            except Exception as exc:  # noqa: BLE001 - one damaged page: the others are read
                res.problems.append(_problem(
                    "AL004", f"OFD 第 {pno + 1} 页无法解析（{exc}），该页未检查",
                    f"page {pno + 1} of the OFD cannot be parsed ({exc}); page skipped", fatal=False, page=pno + 1))
                continue
            for k, (t, _y, _x) in enumerate(lines):
                res.source_lines[(pno + 1, k + 1)] = t
            pages.append((pno, lines, []))
        for w in doc.warnings[:3]:  # a part the package names but does not hold (or names outside itself)
            res.problems.append(_problem(
                "AL004", f"OFD 文件不完整：{w}；缺少的部分未检查", f"the OFD is incomplete: {w}; the missing part was not checked",
                fatal=False))
        if limit < n:
            res.problems.append(_problem(
                "AL008", f"OFD 共 {n} 页，只读取了前 {limit} 页", f"the OFD has {n} pages; only the first {limit} were read",
                fatal=False))
    finally:
        doc.close()
    res.items.extend(pages_to_items(pages))
    if not res.items:
        res.problems.append(_problem(
            "AL006", "OFD 中没有可读取的文字（可能是扫描件或文字被画成图形）：请先进行 OCR 文字识别",
            "the OFD holds no readable text (a scan, or text drawn as shapes): run OCR first"))
    return res
