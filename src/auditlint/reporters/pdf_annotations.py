"""``--format pdf``: an annotated copy of a PDF report (issue 19).

Each finding becomes a Highlight annotation over the figures it is about --
one quadrilateral per printed line, from the character boxes the reader kept
(``CheckedFile.anchors``) -- coloured by severity, with a popup note holding
the message (the numbers that disagree, and the suggested correction when the
finding carries one).  A finding with no box (a whole-report finding, a line
without boxes) becomes a note icon in the top-left margin of its page (page 1
when it has none).  An outline (bookmarks) lists the findings by page.

Written with pypdf (BSD): the original page content is copied unchanged, only
annotations and the outline are added.  Each highlight carries its own
appearance stream (a translucent multiply-blended fill), so viewers that do
not generate appearances still draw it.
"""
from __future__ import annotations

import io
from typing import Optional

from .copies import Copy

SEVERITY_COLOURS = {"error": (0.9, 0.1, 0.1), "warning": (1.0, 0.55, 0.0), "info": (0.15, 0.4, 0.95)}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_EN = {"error": "error", "warning": "warning", "info": "info"}
AUTHOR = "auditlint"
HIGHLIGHT_OPACITY = 0.35
NOTE_SIZE = 18  # points: the note icon of a finding without boxes
MARGIN_GAP = 4  # points between a line's boxes and the popup


class AnnotateError(Exception):
    """The file could not be annotated (pypdf cannot parse or write it)."""


def note_text(d, lang: str = "zh") -> str:
    """The text of a finding's note: code, rule and severity, then the message (with its
    numbers), then the suggested correction when the finding carries one."""
    sev = (SEVERITY_EN if lang == "en" else SEVERITY_ZH).get(d.severity, d.severity)
    out = f"{d.code} {d.rule}（{sev}）\n{d.message(lang)}" if lang != "en" else \
        f"{d.code} {d.rule} ({sev})\n{d.message(lang)}"
    suggestion = getattr(d, "suggestion", None)
    if suggestion:
        out += ("\nSuggested: " if lang == "en" else "\n建议改为：") + str(suggestion)
    return out


def line_rects(d, anchors: dict) -> list:
    """[x0, y0, x1, y1] of the span of a finding on each of its lines that has boxes,
    top line first (columns are 1-based, end_column exclusive)."""
    rects = []
    if d.page is None:
        return rects
    for ln in range(d.line, max(d.line, d.end_line) + 1):
        boxes = anchors.get((d.page, ln))
        if not boxes:
            continue
        a = d.column if ln == d.line else 1
        b = d.end_column if ln == d.end_line else len(boxes) + 1
        if b <= a:  # an empty span: the character it starts at
            b = a + 1
        got = [bx for bx in boxes[a - 1:b - 1] if bx]
        if got:
            rects.append([min(x[0] for x in got), min(x[1] for x in got),
                          max(x[2] for x in got), max(x[3] for x in got)])
    return rects


def annotate_pdf(data: bytes, diagnostics, anchors: dict, lang: str = "zh",
                 title: Optional[str] = None) -> bytes:
    """The PDF ``data`` with the findings as annotations and an outline; raises
    AnnotateError when pypdf cannot read or write the file."""
    try:
        from pypdf import PdfReader, PdfWriter
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - a dependency
        raise AnnotateError(f"pypdf is not installed ({exc})")
    import logging

    log = logging.getLogger("pypdf")  # pypdf logs what it repairs ("incorrect startxref pointer")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise AnnotateError("the PDF is encrypted, protected against changes: save an unprotected copy "
                                "and annotate that")
        writer = PdfWriter(clone_from=reader)
        n_pages = len(writer.pages)
        placed = _annotate(writer, diagnostics, anchors, lang, n_pages)
        _outline(writer, placed, lang, title)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except AnnotateError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise AnnotateError(f"{type(exc).__name__}: {exc}")
    finally:
        log.setLevel(level)


def _annotate(writer, diagnostics, anchors, lang, n_pages) -> list:
    """Add the annotations; returns (page index, top y or None, diagnostic) in page order."""
    placed = []
    for k, d in enumerate(diagnostics):
        pno = (d.page - 1) if d.page and 0 < d.page <= n_pages else 0
        page = writer.pages[pno]
        box = [float(v) for v in page.cropbox]
        rects = line_rects(d, anchors) if d.page and 0 < d.page <= n_pages else []
        text = note_text(d, lang)
        colour = SEVERITY_COLOURS.get(d.severity, SEVERITY_COLOURS["error"])
        if rects:
            parent = writer.add_annotation(pno, _highlight(writer, rects, colour, text, d, k))
            top = max(r[3] for r in rects)
            right = max(r[2] for r in rects)
            left = min(r[0] for r in rects)
            popup_rect = _popup_rect(box, right, top)
        else:
            x0, y1 = box[0] + 6, box[3] - 6 - (NOTE_SIZE + 2) * (sum(1 for p in placed if p[0] == pno and p[1] is None))
            parent = writer.add_annotation(pno, _note([x0, y1 - NOTE_SIZE, x0 + NOTE_SIZE, y1], colour, text, d, k))
            top = left = None
            popup_rect = _popup_rect(box, x0 + NOTE_SIZE, y1)
        popup = writer.add_annotation(pno, _popup(popup_rect, parent))
        parent[_name("/Popup")] = popup.indirect_reference
        placed.append((pno, top, left, d))
    # by page, then top to bottom and left to right (notes without boxes first)
    placed.sort(key=lambda p: (p[0], -(p[1] if p[1] is not None else 1e9), p[2] or 0))
    return [(pno, top, d) for pno, top, _left, d in placed]


def _name(n):
    from pypdf.generic import NameObject

    return NameObject(n)


def _common(rect, colour, text, d, k) -> dict:
    from pypdf.generic import ArrayObject, FloatObject, NumberObject, RectangleObject, TextStringObject

    return {
        _name("/Type"): _name("/Annot"),
        _name("/Rect"): RectangleObject([round(v, 2) for v in rect]),
        _name("/C"): ArrayObject([FloatObject(c) for c in colour]),
        _name("/Contents"): TextStringObject(text),
        _name("/T"): TextStringObject(AUTHOR),
        _name("/Subj"): TextStringObject(f"{d.code} {d.rule}"),
        _name("/NM"): TextStringObject(f"auditlint-{k + 1}-{d.code}"),
        _name("/F"): NumberObject(4),  # print
    }


def _highlight(writer, rects, colour, text, d, k):
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject

    rect = [min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects)]
    quads = []
    for x0, y0, x1, y1 in rects:  # upper left, upper right, lower left, lower right (as viewers read them)
        quads += [x0, y1, x1, y1, x0, y0, x1, y0]
    annot = DictionaryObject(_common(rect, colour, text, d, k))
    annot.update({
        _name("/Subtype"): _name("/Highlight"),
        _name("/QuadPoints"): ArrayObject([FloatObject(round(v, 2)) for v in quads]),
        _name("/CA"): FloatObject(1),
    })
    # a stream must be an indirect object (pypdf has no public call for adding one)
    annot[_name("/AP")] = DictionaryObject({_name("/N"): writer._add_object(_appearance(rect, rects, colour))})
    return annot


def _appearance(rect, rects, colour):
    """A form XObject filling each line's box in the colour, multiply-blended and
    translucent, in page space (its BBox is the annotation's Rect)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject

    ops = [b"q /H gs", ("%.3f %.3f %.3f rg" % colour).encode()]
    for x0, y0, x1, y1 in rects:
        ops.append(("%.2f %.2f %.2f %.2f re f" % (x0, y0, x1 - x0, y1 - y0)).encode())
    ops.append(b"Q")
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(ops))
    stream.update({
        _name("/Type"): _name("/XObject"),
        _name("/Subtype"): _name("/Form"),
        _name("/BBox"): ArrayObject([FloatObject(round(v, 2)) for v in rect]),
        _name("/Resources"): DictionaryObject({_name("/ExtGState"): DictionaryObject({
            _name("/H"): DictionaryObject({_name("/Type"): _name("/ExtGState"), _name("/BM"): _name("/Multiply"),
                                           _name("/ca"): FloatObject(HIGHLIGHT_OPACITY)})})}),
    })
    return stream


def _note(rect, colour, text, d, k):
    from pypdf.generic import BooleanObject, DictionaryObject

    annot = DictionaryObject(_common(rect, colour, text, d, k))
    annot.update({_name("/Subtype"): _name("/Text"), _name("/Name"): _name("/Comment"),
                  _name("/Open"): BooleanObject(False)})
    return annot


def _popup_rect(page_box, right, top):
    """A 220 x 110 point popup beside the marked text, kept on the page."""
    w, h = 220, 110
    x0 = min(right + MARGIN_GAP, page_box[2] - w)
    x0 = max(page_box[0], x0)
    y1 = min(top, page_box[3])
    y0 = max(page_box[1], y1 - h)
    return [x0, y0, x0 + w, y0 + h]


def _popup(rect, parent):
    from pypdf.generic import BooleanObject, DictionaryObject, NumberObject, RectangleObject

    return DictionaryObject({
        _name("/Type"): _name("/Annot"),
        _name("/Subtype"): _name("/Popup"),
        _name("/Rect"): RectangleObject([round(v, 2) for v in rect]),
        _name("/Parent"): parent.indirect_reference,
        _name("/Open"): BooleanObject(False),
        _name("/F"): NumberObject(28),  # print, no zoom, no rotate
    })


OUTLINE_TITLE_CHARS = 60


def _outline(writer, placed, lang, title):
    """Bookmarks: one entry for the run, one per page with findings, one per finding
    (jumping to its line)."""
    from pypdf.generic import Fit

    if not placed:
        return
    e = sum(1 for _p, _t, d in placed if d.severity == "error")
    w = sum(1 for _p, _t, d in placed if d.severity == "warning")
    i = len(placed) - e - w
    if lang == "en":
        head = f"auditlint: {e} error(s), {w} warning(s), {i} info"
    else:
        head = f"auditlint：{e} 个错误，{w} 个警告，{i} 条提示"
    if title:
        head += f" — {title}"
    root = writer.add_outline_item(title=head, page_number=0)
    current, parent = None, None
    for pno, top, d in placed:
        if pno != current:
            current = pno
            n = sum(1 for p, _t, _d in placed if p == pno)
            label = f"Page {pno + 1} ({n})" if lang == "en" else f"第 {pno + 1} 页（{n} 条）"
            parent = writer.add_outline_item(title=label, page_number=pno, parent=root, is_open=False)
        msg = " ".join(d.message(lang).split())
        if len(msg) > OUTLINE_TITLE_CHARS:
            msg = msg[:OUTLINE_TITLE_CHARS - 1] + "…"
        fit = Fit.xyz(top=top + 24) if top is not None else Fit.fit()
        writer.add_outline_item(title=f"{d.code} {msg}", page_number=pno, parent=parent, fit=fit,
                                color=SEVERITY_COLOURS.get(d.severity))


COPY = Copy("pdf", ".checked.pdf", "PDF", "a PDF file", "annotations on the pages", annotate_pdf, AnnotateError)
