"""pdfium's raw C calls, and what the reader asks of them per page object or character.

``_Pdfium`` re-types the few calls that run thousands of times a page with plain
``void *`` handles (pypdfium2's typed pointers cost an object a call).  The
census walks a page's objects once (ruling candidates, text pdfium cannot
decode, text clipped away); the box, baseline and centre readers give a text
page's characters' geometry.  Both the text layer (``text``) and the table
finder (``tables``) read characters through them.
"""
from __future__ import annotations

from functools import lru_cache

from .limits import MAX_PAGE_OBJECTS, _PageTooComplex


class _Pdfium:
    """pdfium's raw calls used per page object and per character, re-typed
    with plain ``void *`` handles: pypdfium2's typed pointers cost an object
    per call, and these run ~1,000 times a page.  Built once per process;
    the function type of the binding is kept (it carries the calling
    convention)."""

    def __init__(self):
        import ctypes

        import pypdfium2.raw as raw

        vp, c_int, c_float, c_double = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
        pf, pd, pi = ctypes.POINTER(c_float), ctypes.POINTER(c_double), ctypes.POINTER(c_int)

        def typed(fn, restype, *argtypes):
            f = type(fn)(ctypes.cast(fn, vp).value)
            f.restype, f.argtypes = restype, list(argtypes)
            return f

        self.handle = lambda obj: ctypes.cast(obj, vp).value
        self.count_objects = typed(raw.FPDFPage_CountObjects, c_int, vp)
        self.get_object = typed(raw.FPDFPage_GetObject, vp, vp, c_int)
        self.form_count = typed(raw.FPDFFormObj_CountObjects, c_int, vp)
        self.form_object = typed(raw.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong)
        self.get_type = typed(raw.FPDFPageObj_GetType, c_int, vp)
        self.get_bounds = typed(raw.FPDFPageObj_GetBounds, c_int, vp, pf, pf, pf, pf)
        self.draw_mode = typed(raw.FPDFPath_GetDrawMode, c_int, vp, pi, pi)
        self.get_font = typed(raw.FPDFTextObj_GetFont, vp, vp)
        self.is_embedded = typed(raw.FPDFFont_GetIsEmbedded, c_int, vp)
        self.get_text = typed(raw.FPDFTextObj_GetText, ctypes.c_ulong, vp, vp, vp, ctypes.c_ulong)
        self.char_box = typed(raw.FPDFText_GetCharBox, c_int, vp, c_int, pd, pd, pd, pd)
        self.count_chars = typed(raw.FPDFText_CountChars, c_int, vp)
        self.char_origin = typed(raw.FPDFText_GetCharOrigin, c_int, vp, c_int, pd, pd)
        self.text_object = typed(raw.FPDFText_GetTextObject, vp, vp, c_int)
        self.clip_path = typed(raw.FPDFPageObj_GetClipPath, vp, vp)
        self.clip_paths = typed(raw.FPDFClipPath_CountPaths, c_int, vp)
        self.clip_segments = typed(raw.FPDFClipPath_CountPathSegments, c_int, vp, c_int)
        self.clip_segment = typed(raw.FPDFClipPath_GetPathSegment, vp, vp, c_int, c_int)
        self.segment_point = typed(raw.FPDFPathSegment_GetPoint, c_int, vp, pf, pf)
        self.PATH, self.TEXT, self.FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_FORM


@lru_cache(maxsize=1)
def _pdfium() -> _Pdfium:
    return _Pdfium()


CLIP_TOLERANCE = 1.0  # points a text object may stick out of its clip path and still be whole


def _clip_box(api, obj):
    """The box a page object is clipped to (left, bottom, right, top), or None when it is
    not clipped.  A clip of several paths is their intersection; each path is taken by the
    box of its points (the exporters seen clip to rectangles)."""
    import ctypes

    clip = api.clip_path(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    bx, by = ctypes.byref(x), ctypes.byref(y)
    box = None
    for pi in range(api.clip_paths(clip)):
        xs, ys = [], []
        for si in range(api.clip_segments(clip, pi)):
            api.segment_point(api.clip_segment(clip, pi, si), bx, by)
            xs.append(x.value)
            ys.append(y.value)
        if not xs:
            continue
        b = (min(xs), min(ys), max(xs), max(ys))
        box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3]))
    return box


def _clipped_chars(textpage) -> set:
    """Indices of the characters drawn outside their text object's clip path: text a
    spreadsheet export (WPS 表格) leaves in an overflowing cell, printed nowhere but
    present in the text layer (the same paragraph then appears on two pages)."""
    api = _pdfium()
    tp = api.handle(textpage.raw)
    box = _char_box_reader(textpage)
    clips: dict = {}
    hidden = set()
    for i in range(api.count_chars(tp)):
        obj = api.text_object(tp, i)
        if not obj:
            continue
        if obj not in clips:
            clips[obj] = _clip_box(api, obj)
        c = clips[obj]
        if c is None:
            continue
        left, bottom, right, top = box(i)
        cx, cy = (left + right) / 2, (bottom + top) / 2
        if not (c[0] <= cx <= c[2] and c[1] <= cy <= c[3]):
            hidden.add(i)
    return hidden


def _page_census(page, textpage):
    """(ruling candidates, has pdfium's text layer lost characters?, is some text
    clipped away?) in one pass over the page objects on pdfium's raw API (a page
    may hold one text object per character).  Ruling candidates are (left,
    bottom, right, top, stroked) of the path objects.

    An isolated character of a non-embedded CID font is dropped by pdfium
    when no installed font can stand in for it (no CJK font on the machine):
    its text object then decodes to nothing and has no width.  Where a font is
    installed, the text page can still lose characters its objects decode.
    Only text in non-embedded fonts can be lost, so only that is decoded.
    Either way such a page is read with pdfplumber."""
    import ctypes

    api = _pdfium()
    get_object, get_type, get_bounds, draw_mode = api.get_object, api.get_type, api.get_bounds, api.draw_mode
    get_font, get_text = api.get_font, api.get_text
    PATH, TEXT, FORM = api.PATH, api.TEXT, api.FORM
    embedded = {}  # font handle -> is the font embedded?
    paths = []
    in_objects = 0
    undecodable = clipped = False
    tp = api.handle(textpage.raw)
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    bl, bb, br, bt = ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    bf, bs = ctypes.byref(fill), ctypes.byref(stroke)

    walked = 0

    def walk(objects):
        nonlocal in_objects, undecodable, clipped, walked
        for obj in objects:
            walked += 1
            if walked > MAX_PAGE_OBJECTS:
                raise _PageTooComplex(f"超过 {MAX_PAGE_OBJECTS} 个页面对象", f"over {MAX_PAGE_OBJECTS} page objects")
            kind = get_type(obj)
            if kind == TEXT:
                if not clipped:
                    c = _clip_box(api, obj)
                    if c is not None:
                        get_bounds(obj, bl, bb, br, bt)
                        clipped = (left.value < c[0] - CLIP_TOLERANCE or right.value > c[2] + CLIP_TOLERANCE
                                   or bottom.value < c[1] - CLIP_TOLERANCE or top.value > c[3] + CLIP_TOLERANCE)
                font = get_font(obj)
                emb = embedded.get(font)
                if emb is None:
                    emb = embedded[font] = bool(api.is_embedded(font))
                if emb:
                    continue
                n = get_text(obj, tp, None, 0)
                if n <= 2:
                    if not undecodable:
                        get_bounds(obj, bl, bb, br, bt)
                        undecodable = right.value - left.value < 0.01
                    continue
                buf = ctypes.create_string_buffer(n)
                get_text(obj, tp, buf, n)
                in_objects += len("".join(buf.raw.decode("utf-16-le", "replace").replace("\x00", "").split()))
            elif kind == PATH:
                get_bounds(obj, bl, bb, br, bt)
                draw_mode(obj, bf, bs)
                paths.append((left.value, bottom.value, right.value, top.value, bool(stroke.value)))
            elif kind == FORM:
                walk(api.form_object(obj, k) for k in range(api.form_count(obj)))

    pg = api.handle(page.raw)
    walk(get_object(pg, k) for k in range(api.count_objects(pg)))
    if undecodable or not in_objects:
        return paths, undecodable, clipped
    in_page = len("".join(textpage.get_text_range().split()))
    return paths, in_page < in_objects, clipped


def _char_box_reader(textpage):
    """i -> (left, bottom, right, top) of character i, on pdfium's raw call."""
    import ctypes

    l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    refs = (ctypes.byref(l), ctypes.byref(r), ctypes.byref(b), ctypes.byref(t))
    api = _pdfium()
    tp, get = api.handle(textpage.raw), api.char_box

    def box(i):
        get(tp, i, *refs)
        return l.value, b.value, r.value, t.value
    return box


def _baseline_reader(textpage):
    """i -> the y of character i's origin: its baseline, the same for every glyph of a line
    (a box's centre moves with the glyph's shape)."""
    import ctypes

    x, y = ctypes.c_double(), ctypes.c_double()
    bx, by = ctypes.byref(x), ctypes.byref(y)
    api = _pdfium()
    tp, get = api.handle(textpage.raw), api.char_origin

    def baseline(i):
        get(tp, i, bx, by)
        return y.value
    return baseline


def _char_centre_reader(textpage):
    box = _char_box_reader(textpage)

    def centre(i):
        left, bottom, right, top = box(i)
        return (left + right) / 2, (bottom + top) / 2
    return centre
