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
wrapped lines re-joined.

Tables: an OFD draws a table's rulings as path objects (PathObject: lines, or
rectangles stroked or filled thin).  Each subpath's box goes through the PDF
fast path's table finder (``read.pdf.rulings``: rulings, grid cells, groups,
the same bounds and AL009 when a page is too complex), and each character goes
to the cell that holds its centre (placed by its TextCode's advances).  A grid that misses text of its area is no table, as in a PDF.
ofdkit reads text only: the page's Content.xml is read again through ofdkit's
package (same size limits, ``../`` never followed) for its path and text
objects -- those of the page's layers and page blocks; templates and composite
objects are not looked at for tables (a template is a page background), nor
curved subpaths (a seal's circle is no ruling).

Positions: page = the page, line = the visual line on the page (top to
bottom), column = the character in it, as for PDF.
"""
from __future__ import annotations

import math
import re

from .pdf.limits import MAX_PAGE_PATHS, _PageTooComplex, _too_complex
from .pdf.merge import pages_to_items
from .pdf.rulings import ruled_groups, table_of_cells
from .raw import ReadResult, _problem, open_package, pages_left_unread

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


# ---------------------------------------------------------------- tables

OFD_TABLE_MIN_PATHS = 4  # path boxes on a page before its tables are looked for (as PDF)
_PATH_ARGS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
MAX_PAGE_CHARS = 2_000_000  # characters of a page's text objects placed in cells (a 64 MB Content.xml holds ~10⁷)
MAX_PATH_TOKENS = 4_000_000  # tokens of the page's path data walked (a 64 MB Content.xml holds ~10⁷)


def _subpaths(data: str, tokens: list):
    """Point lists of the straight subpaths of an AbbreviatedData (curved ones left out)."""
    pts, curved = [], False
    it = _TOKEN.finditer(data)
    for m in it:
        tokens[0] += 1
        if tokens[0] > MAX_PATH_TOKENS:
            raise _PageTooComplex("路径数据过长", "path data too long")
        op = m.group()
        n = _PATH_ARGS.get(op)
        if n is None:
            continue  # a stray number: skipped
        args = []
        for _ in range(n):
            nxt = next(it, None)
            if nxt is None:
                break
            tokens[0] += 1
            try:
                args.append(float(nxt.group()))
            except ValueError:
                break
        if len(args) < n or not all(map(math.isfinite, args)):
            break  # a damaged path: what came before it stands
        if op in "SM":
            if len(pts) >= 2 and not curved:
                yield pts
            pts, curved = [(args[0], args[1])], False
        elif op == "L":
            pts.append((args[0], args[1]))
        elif op in "QBA":
            curved = True
            pts.append((args[-2], args[-1]))
    if len(pts) >= 2 and not curved:
        yield pts


def _page_graphics(doc, page):
    """The page's path boxes -- (left, bottom, right, top, stroked) in points, y upward,
    of each straight subpath of its path objects (the PDF census's ruling candidates) --
    and its characters -- (character, x, baseline y, size, advance) in millimetres from
    the top left, each placed by its TextCode's advances (DeltaX), which ofdkit's runs
    sum up."""
    from ofdkit import document as od  # pinned (0.2.0): its package reader and geometry helpers
    from ofdkit._xml import children, local_name

    if page.location is None:
        return [], []
    root = doc._package.read_xml(page.location)
    x0, _y0, _width, height = page.box
    paths: list = []
    chars: list = []
    tokens = [0]

    def text(el, outer):
        a, b, c, d, e, f = od._compose(outer, od._object_transform(el))
        size = od._parse_float(el.get("Size"), 0.0)
        eff = size * (math.sqrt(abs(a * d - b * c)) or 1.0)
        x_scale = math.hypot(a, b) or 1.0
        x = y = 0.0
        for code in children(el, "TextCode"):
            t = od._clean(code.text)
            x, y = od._parse_float(code.get("X"), x), od._parse_float(code.get("Y"), y)
            deltas = od._parse_deltas(code.get("DeltaX"), len(t) - 1)
            cx = x
            for i, ch in enumerate(t):
                adv = deltas[i] if i < len(deltas) else od._char_width(ch, size)
                chars.append((ch, a * cx + c * y + e, b * cx + d * y + f, eff, adv * x_scale))
                cx += adv
                if len(chars) > MAX_PAGE_CHARS:
                    raise _PageTooComplex(f"超过 {MAX_PAGE_CHARS} 个字符", f"over {MAX_PAGE_CHARS} characters")

    def path(el, outer):
        stroked = el.get("Stroke", "true").strip() != "false"
        filled = el.get("Fill", "false").strip() == "true"
        if not (stroked or filled) or el.get("Visible", "true").strip() == "false":
            return
        data = next((c.text for c in el if local_name(c.tag) == "AbbreviatedData"), None) or ""
        a, b, c, d, e, f = od._compose(outer, od._object_transform(el))
        for pts in _subpaths(data, tokens):
            xs = [a * x + c * y + e for x, y in pts]
            ys = [b * x + d * y + f for x, y in pts]
            paths.append(((min(xs) - x0) * MM, (height - max(ys)) * MM,
                          (max(xs) - x0) * MM, (height - min(ys)) * MM, stroked))
            if len(paths) > MAX_PAGE_PATHS:
                raise _PageTooComplex(f"超过 {MAX_PAGE_PATHS} 个线条对象", f"over {MAX_PAGE_PATHS} line objects")

    def walk(elements, depth):
        for el in elements:
            name = local_name(el.tag)
            if name == "PathObject":
                path(el, od._IDENTITY)
            elif name == "TextObject":
                text(el, od._IDENTITY)
            elif name in ("PageBlock", "Layer") and depth < od.MAX_NESTING:
                walk(list(el), depth + 1)

    for content in children(root, "Content"):
        walk(list(content), 0)
    return paths, chars


def _ofd_tables(paths, chars, page) -> list:
    """Tables of a page in the merge shape (top, bottom, rows, bands) from its path
    boxes and characters: each character goes to the cell holding its centre; in a
    cell, characters on one baseline (within a third of their size) make a line, a
    space where the gap is wider than half a character (none between Chinese ones)."""
    from .pdf.tables import _cell_locator  # the PDF fast path's (geometry only)

    x0, _y0, _width, height = page.box
    placed = [(ch, (x + min(adv, size) / 2 - x0) * MM, (height - (y - 0.3 * (size or 3.5))) * MM, x, y, size, adv)
              for ch, x, y, size, adv in chars]  # centre: half a glyph right, its middle above the baseline
    tables = []
    for group in ruled_groups(paths):
        top, bottom = max(c[3] for c in group), min(c[1] for c in group)
        left, right = min(c[0] for c in group), max(c[2] for c in group)
        locate = _cell_locator(group)
        in_cell: dict = {}
        inside = 0
        for p in placed:
            if left <= p[1] <= right and bottom <= p[2] <= top:
                inside += not p[0].isspace()
                c = locate(p[1], p[2])
                if c is not None:
                    in_cell.setdefault(c, []).append(p)
        texts = {c: _cell_text(ps) for c, ps in in_cell.items()}
        table = table_of_cells(group, texts, inside)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: -t[0])
    return tables


def _cell_text(placed) -> str:
    """A cell's characters (character, _, _, x, baseline y, size, advance; mm) as its lines of text."""
    placed.sort(key=lambda p: (p[4], p[3]))
    lines: list = []
    for p in placed:
        if lines and abs(lines[-1][-1][4] - p[4]) <= max(0.5, 0.35 * (p[5] or 3.5)):
            lines[-1].append(p)
        else:
            lines.append([p])
    out = []
    for ln in lines:
        ln.sort(key=lambda p: p[3])
        t, end = "", None
        for ch, _cx, _cy, x, _y, size, adv in ln:
            if end is not None and t and x - end > 0.5 * (size or 3.5) and not (_CJK.match(t[-1]) and _CJK.match(ch)):
                t += " "
            t += ch
            end = x + adv
        out.append(re.sub(r"\s+", " ", t).strip())
    return "\n".join(x for x in out if x)


def _page_tables(doc, page, pno, res) -> list:
    """The page's tables; none where the page is too complex to look for them (AL009) or its
    drawing cannot be parsed (AL004): its text is read either way."""
    try:
        paths, chars = _page_graphics(doc, page)
        return _ofd_tables(paths, chars, page) if len(paths) >= OFD_TABLE_MIN_PATHS else []
    except _PageTooComplex as exc:
        res.problems.append(_too_complex(pno, exc.zh, exc.en))
        return []
    except Exception as exc:  # noqa: BLE001 - a damaged drawing: the page's text is still read
        res.problems.append(_problem(
            "AL004", f"OFD 第 {pno + 1} 页的图形无法解析（{exc}），未识别表格，该页按文字检查",
            f"the drawing of page {pno + 1} of the OFD cannot be parsed ({exc}); its tables were not read, "
            "its text was checked", fatal=False, page=pno + 1))
        return []


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
            page = doc.pages[pno]
            try:
                lines = _page_lines(page)
                tables = _page_tables(doc, page, pno, res)
            except Exception as exc:  # noqa: BLE001 - one damaged page: the others are read
                res.problems.append(_problem(
                    "AL004", f"OFD 第 {pno + 1} 页无法解析（{exc}），该页未检查",
                    f"page {pno + 1} of the OFD cannot be parsed ({exc}); page skipped", fatal=False, page=pno + 1))
                continue
            for k, (t, _y, _x) in enumerate(lines):
                res.source_lines[(pno + 1, k + 1)] = t
            pages.append((pno, lines, tables))
        for w in doc.warnings[:3]:  # a part the package names but does not hold (or names outside itself)
            res.problems.append(_problem(
                "AL004", f"OFD 文件不完整：{w}；缺少的部分未检查", f"the OFD is incomplete: {w}; the missing part was not checked",
                fatal=False))
        if limit < n:
            res.problems.append(pages_left_unread("OFD", n, limit))
    finally:
        doc.close()
    res.items.extend(pages_to_items(pages, res.page_labels))
    if not res.items:
        res.problems.append(_problem(
            "AL006", "OFD 中没有可读取的文字（可能是扫描件或文字被画成图形）：请先进行 OCR 文字识别",
            "the OFD holds no readable text (a scan, or text drawn as shapes): run OCR first"))
    return res
