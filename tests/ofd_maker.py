"""Test data: minimal valid OFD files (GB/T 33190) written by hand -- ofdkit only reads.

OFD.xml -> Doc_0/Document.xml (page box, PublicRes.xml with the font) ->
Doc_0/Pages/Page_N/Content.xml, one TextObject per printed line with one
TextCode carrying the glyph advances (DeltaX), as WPS / 数科 OFD writers do.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
SIZE = 4.2  # mm, about 12 pt
LEADING = 7.5  # mm between baselines
LEFT, TOP = 25.0, 30.0
PER_LINE = 36  # full-width characters in a line
PER_PAGE = 32  # lines on a page


def _advance(ch: str) -> float:
    return SIZE if unicodedata.east_asian_width(ch) in "WF" else SIZE / 2


def _width(s: str) -> float:
    return sum(_advance(c) for c in s)


def wrap(text: str) -> list[tuple[float, str]]:
    """A report's text as printed: each paragraph indented two characters and
    wrapped at PER_LINE full-width characters.  Returns (indent mm, line)."""
    out = []
    for para in text.replace("\r\n", "\n").split("\n"):
        para = para.strip()
        if not para:
            continue
        indent = 2 * SIZE
        room = PER_LINE * SIZE - indent
        line = ""
        for ch in para:
            if _width(line + ch) > room:
                out.append((indent, line))
                line, indent, room = "", 0.0, PER_LINE * SIZE
            line += ch
        if line:
            out.append((indent, line))
    return out


def page_content(lines, number=None) -> str:
    """Content.xml of a page: lines are (x mm, baseline y mm, text)."""
    objs = []
    oid = 100
    for x, y, text in lines:
        oid += 1
        deltas = " ".join(f"{_advance(c):g}" for c in text[:-1])
        dx = f' DeltaX="{deltas}"' if deltas else ""
        objs.append(f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y - SIZE:g} {_width(text) + 1:g} {SIZE * 1.4:g}" '
                    f'Font="2" Size="{SIZE:g}"><ofd:TextCode X="0" Y="{SIZE:g}"{dx}>{escape(text)}</ofd:TextCode>'
                    "</ofd:TextObject>")
    if number is not None:
        label = f"— {number} —"
        objs.append(f'<ofd:TextObject ID="{oid + 1}" Boundary="{105 - _width(label) / 2:g} 280 40 6" Font="2" '
                    f'Size="{SIZE:g}"><ofd:TextCode X="0" Y="{SIZE:g}">{escape(label)}</ofd:TextCode></ofd:TextObject>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="3">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')


def ofd_bytes(pages: list[str], extra: dict | None = None, page_locs: list[str] | None = None) -> bytes:
    """An OFD package of the given Content.xml texts; ``extra`` adds members as they are
    named (a hostile file's ``../`` names), ``page_locs`` overrides the pages' BaseLoc."""
    locs = page_locs or [f"Pages/Page_{i}/Content.xml" for i in range(len(pages))]
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
           "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0f1e2d3c4b5a69788796a5b4c3d2e1f0</ofd:DocID>"
           "<ofd:Title>绩效评价报告</ofd:Title><ofd:CreationDate>2025-04-30</ofd:CreationDate></ofd:DocInfo>"
           "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                "<ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
                + "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="{loc}"/>' for i, loc in enumerate(locs))
                + "</ofd:Pages></ofd:Document>")
    res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
           '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", res)
        for i, content in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
        for name, data in (extra or {}).items():
            z.writestr(zipfile.ZipInfo(name), data)
    return buf.getvalue()


def ofd_from_text(text: str) -> bytes:
    """A text report printed into an OFD: wrapped lines, PER_PAGE a page, page numbers."""
    lines = wrap(text)
    pages = []
    for p in range(0, len(lines), PER_PAGE):
        chunk = lines[p:p + PER_PAGE]
        pages.append(page_content([(LEFT + ind, TOP + k * LEADING, t) for k, (ind, t) in enumerate(chunk)],
                                  number=p // PER_PAGE + 1))
    return ofd_bytes(pages)


# ------------------------------------------------------------ a PDF page printed into an OFD

MM_PT = 72 / 25.4  # points per millimetre


def _pdf_runs(textpage, page_h):
    """The text layer as OFD writers lay it out: one run per word (characters on one
    baseline up to a line break or a space pdfium inserted for a gap; a space the PDF
    draws stays in its run), at its first character's origin, with the advances between
    its characters (DeltaX), in millimetres from the top left."""
    import ctypes

    import pypdfium2.raw as raw

    n = textpage.count_chars()
    text = textpage.get_text_range(0, n)
    x, y = ctypes.c_double(), ctypes.c_double()
    m = raw.FS_MATRIX()
    runs, cur = [], None
    for i, ch in enumerate(text[:n]):
        if not ch.isprintable() or (ch.isspace() and (cur is None or raw.FPDFText_IsGenerated(textpage.raw, i))):
            cur = None  # a space pdfium made up for a gap, or a line break: the run ends
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(textpage.raw, i)  # before the text object's matrix: scaled by it
        obj = raw.FPDFText_GetTextObject(textpage.raw, i)
        if obj and raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
            size *= abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
        ox, oy = x.value / MM_PT, (page_h - y.value) / MM_PT
        if cur is not None and abs(cur["y"] - oy) < 0.2 and abs(cur["size"] - size / MM_PT) < 0.05:
            cur["xs"].append(ox)
            cur["text"] += ch
        else:
            cur = {"x": ox, "y": oy, "size": size / MM_PT, "xs": [ox], "text": ch}
            runs.append(cur)
    return runs


def _pdf_paths(page, page_h):
    """(stroked, filled, subpaths) of the page's path objects (those of form objects
    too), each subpath a list of ("M" | "L" | "B", x, y) in millimetres from the top
    left, closed or not."""
    import ctypes

    import pypdfium2.raw as raw

    out = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()

    def walk(objects, outer):
        for obj in objects:
            m = obj.get_matrix() if outer is None else obj.get_matrix().multiply(outer)
            if obj.type == raw.FPDF_PAGEOBJ_FORM:
                walk([obj.__class__(raw.FPDFFormObj_GetObject(obj.raw, k), page=page, pdf=page.pdf, level=0)
                      for k in range(raw.FPDFFormObj_CountObjects(obj.raw))], m)
                continue
            if obj.type != raw.FPDF_PAGEOBJ_PATH:
                continue
            raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
            subs = []
            for k in range(raw.FPDFPath_CountSegments(obj.raw)):
                seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
                raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
                px, py = m.on_point(x.value, y.value)
                kind = raw.FPDFPathSegment_GetType(seg)
                op = "M" if kind == raw.FPDF_SEGMENT_MOVETO or not subs else \
                    "B" if kind == raw.FPDF_SEGMENT_BEZIERTO else "L"
                if op == "M":
                    subs.append([[], False])
                subs[-1][0].append((op, px / MM_PT, (page_h - py) / MM_PT))
                subs[-1][1] = subs[-1][1] or bool(raw.FPDFPathSegment_GetClose(seg))
            out.append((bool(stroke.value), bool(fill.value), subs))

    walk(list(page.get_objects(max_depth=0)), None)
    return out


def pdf_page_content(page, textpage) -> str:
    """Content.xml of a PDF page: a TextObject per word, a PathObject per path object
    with its subpaths (lines, Béziers, closes) in page space, stroked and/or filled as in
    the PDF."""
    page_w, page_h = page.get_size()
    objs = []
    oid = 100
    for r in _pdf_runs(textpage, page_h):
        oid += 1
        deltas = " ".join(f"{b - a:.4f}" for a, b in zip(r["xs"], r["xs"][1:]))
        dx = f' DeltaX="{deltas}"' if deltas else ""
        w = (r["xs"][-1] - r["x"]) + r["size"]
        objs.append(f'<ofd:TextObject ID="{oid}" Boundary="{r["x"]:.4f} {r["y"] - r["size"]:.4f} {w + 1:.4f} '
                    f'{r["size"] * 1.4:.4f}" Font="2" Size="{r["size"]:.4f}"><ofd:TextCode X="0" '
                    f'Y="{r["size"]:.4f}"{dx}>{escape(r["text"])}</ofd:TextCode></ofd:TextObject>')
    for stroked, filled, subs in _pdf_paths(page, page_h):
        oid += 1
        data = []
        for pts, closed in subs:
            k = 0  # pdfium gives a Bézier's three points as three "B" segments: one OFD "B" command
            while k < len(pts):
                op, x, y = pts[k]
                if op == "B" and k + 2 < len(pts):
                    (_o1, x1, y1), (_o2, x2, y2) = pts[k + 1], pts[k + 2]
                    data.append(f"B {x:.4f} {y:.4f} {x1:.4f} {y1:.4f} {x2:.4f} {y2:.4f}")
                    k += 3
                    continue
                data.append(f"{'M' if op == 'M' else 'L'} {x:.4f} {y:.4f}")
                k += 1
            if closed:
                data.append("C")
        objs.append(f'<ofd:PathObject ID="{oid}" Boundary="0 0 {page_w / MM_PT:.4f} {page_h / MM_PT:.4f}" '
                    f'LineWidth="0.1" Stroke="{str(stroked).lower()}" Fill="{str(filled).lower()}">'
                    f'<ofd:AbbreviatedData>{" ".join(data)}</ofd:AbbreviatedData></ofd:PathObject>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>'
            f'0 0 {page_w / MM_PT:.4f} {page_h / MM_PT:.4f}</ofd:PhysicalBox></ofd:Area><ofd:Content>'
            f'<ofd:Layer ID="3">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')


def ofd_from_pdf(path: str, pages=None) -> bytes:
    """The pages of a PDF (all, or the indexes given) printed into an OFD: words where the
    PDF's text layer has them, rulings where it draws them, each page its PDF size."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        contents = []
        for i in (range(len(pdf)) if pages is None else pages):
            page = pdf[i]
            tp = page.get_textpage()
            contents.append(pdf_page_content(page, tp))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return ofd_bytes(contents)
