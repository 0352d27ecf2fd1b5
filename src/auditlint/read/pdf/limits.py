"""Bounds on the work of one PDF page or stream, and the AL009 each gives.

Kept apart from the code they bound (the page loop, the object census, the
ruling finder) so that the numbers and their measurements are read in one
place; ``_stream_bomb`` runs on the raw bytes before pdfium opens the file.
The modules that enforce a limit import it by name: to lower one (a test's
monkeypatch), set it in the module whose code reads it (``read.pdf`` for the
page loop's MAX_PAGE_OBJECTS, ``native`` for the census's, ``rulings`` for the
ruling and grid limits).
"""
from __future__ import annotations

import re

from ...model import InputProblem
from ..raw import _problem


# Each bounds the work of one page or stream; when one is hit the page (or its
# tables, or the file) is reported with AL009 and the rest is read.  Measured on
# the 42 real documents of corpus/real: at most 2,538 objects, 1,328 ruling
# candidates, 345 rulings of one direction and 1,781 ruling intersections a page.
MAX_PAGE_OBJECTS = 200_000  # page objects (pdfium takes ~0.8 KB and ~1 µs each to load)
MAX_PAGE_PATHS = 20_000  # path objects considered as rulings
MAX_RULINGS = 2_000  # merged rulings of one direction
MAX_GRID_POINTS = 20_000  # ruling intersections the cell finder walks
MAX_GRID_STEPS = 2_000_000  # corner look-ups of the cell finder
MAX_STREAM_BYTES = 64 << 20  # one FlateDecode stream (content, form, font, object stream), inflated
MAX_STREAM_OPS = 300_000  # text-showing, XObject and path-painting operators of one content stream
_COUNT_OPS_FROM = 2 << 20  # streams smaller than this are not scanned for operators
# operators that make a page object: text shown, an XObject drawn, a path painted
# (counted with bytes.count, an upper bound; a regex is 20x slower on a bomb)
_OBJECT_OPS = (b"Tj", b"TJ", b"Do", b" re", b" S", b" s\n", b" f", b" F", b" B", b" b", b" n\n")


class _PageTooComplex(Exception):
    def __init__(self, zh, en):
        super().__init__(en)
        self.zh, self.en = zh, en


def _too_complex(pno, zh, en, skipped=False) -> InputProblem:
    if skipped:
        return _problem("AL009", f"第 {pno + 1} 页过于复杂（{zh}），已跳过", f"page {pno + 1} is too complex ({en}); skipped",
                        fatal=False, page=pno + 1)
    return _problem("AL009", f"第 {pno + 1} 页过于复杂（{zh}），未识别表格，该页按文字检查",
                    f"page {pno + 1} is too complex ({en}); its tables were not read, its text was checked",
                    fatal=False, page=pno + 1)


_STREAM_KW = re.compile(rb"stream(?:\r\n|\n|\r)")
_NOT_CONTENT = re.compile(rb"/(?:Subtype\s*/Image|Type\s*/XObject\s*/Subtype\s*/Image|Type\s*/EmbeddedFile|"
                          rb"Type\s*/Metadata|Subtype\s*/XML)\b")


def _stream_bomb(data: bytes):
    """(zh, en) naming the first FlateDecode stream that inflates beyond
    MAX_STREAM_BYTES or holds more than MAX_STREAM_OPS drawing operators,
    else None.  Inflated here in pieces, never whole: pdfium would inflate it
    in one buffer (2 GB from a 2 MB stream) before it could be refused.
    Images are skipped: reading text never decodes them."""
    import zlib

    view = memoryview(data)
    at = 0
    while True:
        at = data.find(b"stream", at)
        if at < 0:
            break
        start, at = at, at + 6
        if start and data[start - 1:start].isalpha():
            continue  # endstream
        m = _STREAM_KW.match(data, start)
        if m is None:
            continue
        head = data[max(0, m.start() - 4096):m.start()]
        k = head.rfind(b"obj")
        head = head[k:] if k >= 0 else head
        if b"/FlateDecode" not in head or b"/Fl " in head or _NOT_CONTENT.search(head):
            continue
        if re.search(rb"/Filter\s*\[\s*/\w+\s*/", head):
            continue  # a chain of filters: not ours to undo
        d = zlib.decompressobj()
        inflated = ops = 0
        pos = m.end()
        try:
            while not d.eof:
                if d.unconsumed_tail:
                    piece = d.decompress(d.unconsumed_tail, 1 << 20)
                elif pos < len(data):
                    piece = d.decompress(view[pos:pos + (256 << 10)], 1 << 20)
                    pos += 256 << 10
                else:
                    break
                inflated += len(piece)
                if inflated > MAX_STREAM_BYTES:
                    return (f"有数据流解压后超过 {MAX_STREAM_BYTES >> 20} MB",
                            f"a stream that inflates to more than {MAX_STREAM_BYTES >> 20} MB")
                # (white space holds no operator, and bytes.count crawls through it)
                if inflated > _COUNT_OPS_FROM and len(piece.translate(None, b" \t\r\n\f\0")) > len(piece) // 8:
                    ops += sum(piece.count(op) for op in _OBJECT_OPS)  # an operator cut between pieces is missed
                    if ops > MAX_STREAM_OPS:
                        return (f"有页面内容含超过 {MAX_STREAM_OPS:,} 个绘制对象",
                                f"a page content stream with more than {MAX_STREAM_OPS:,} drawing operations")
        except zlib.error:
            continue  # not zlib data (encrypted, another filter): pdfium decides
    return None


MAX_FORM_EXPANSION = 200_000  # drawing operations a page reaches through its form XObjects, expanded
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


def _form_bomb(data: bytes):
    """(zh, en) when a page's form XObjects, drawn inside each other, expand to
    more than MAX_FORM_EXPANSION drawing operations, else None.  Every stream of
    such a file is tiny (a form drawing another form ten times, six levels deep:
    10⁶ objects from 2 KB), so the stream scan cannot see it; pdfium would build
    every object when the page is loaded.  Read with pypdf, which loads objects
    lazily; only files that hold a form XObject pay for it."""
    if b"/Form" not in data:
        return None
    import io

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return None  # pdfium asks for the password (AL005)
        memo: dict = {}

        def weight(content: bytes, resources, depth: int) -> int:
            xobjects = resources.get("/XObject") if resources is not None else None
            xobjects = xobjects.get_object() if xobjects is not None else {}
            total = sum(content.count(op) for op in _OBJECT_OPS)
            for m in _DO.finditer(content):
                ref = xobjects.get("/" + m.group(1).decode("latin-1"))
                if ref is None:
                    continue
                total += form(ref, depth + 1) - 1  # the Do itself was counted above
                if total > MAX_FORM_EXPANSION:
                    return total
            return total

        def form(ref, depth: int) -> int:
            key = getattr(ref, "idnum", None)
            if key in memo:
                return memo[key]
            if depth > 24:
                return MAX_FORM_EXPANSION + 1
            obj = ref.get_object()
            if obj.get("/Subtype") != "/Form":
                memo[key] = 1
                return 1
            memo[key] = MAX_FORM_EXPANSION + 1  # a form that draws itself
            w = 1 + weight(obj.get_data()[: 4 << 20], obj.get("/Resources"), depth)
            memo[key] = w
            return w

        for page in reader.pages:
            contents = page.get_contents()
            content = contents.get_data()[: 8 << 20] if contents is not None else b""
            res = page.get("/Resources")
            if weight(content, res.get_object() if res is not None else None, 0) > MAX_FORM_EXPANSION:
                return (f"有页面经嵌套表单对象展开后超过 {MAX_FORM_EXPANSION:,} 个绘制对象",
                        f"a page whose nested form XObjects expand to more than {MAX_FORM_EXPANSION:,} drawing operations")
    except Exception:  # noqa: BLE001 - a file pypdf cannot walk: pdfium decides, as before
        return None
    return None
