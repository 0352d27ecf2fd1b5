"""The PDF reader: ``read_pdf`` reads page by page and puts the pieces together.

The package is split along the steps a page goes through:

- ``limits``: the bounds on the work of a page or stream and the AL009 they
  give; the stream-bomb scan that runs before pdfium opens the file;
- ``native``: pdfium's raw C calls (one ``void *`` binding per process), the
  census of a page's objects (ruling candidates, text pdfium cannot decode,
  clipped text) and the character box / baseline readers;
- ``text``: the fast path's lines from pdfium's text layer, visual lines (the
  numbering both engines share), garbage detection and ``PdfAnchors``;
- ``rulings``: ruling lines to grid cells and tables of cells -- geometry only,
  no text;
- ``tables``: the fast path's tables, the cells of ``rulings`` filled with the
  text page's words;
- ``plumber``: the pdfplumber path (``--pdf-engine full``, and the pages whose
  text pdfium cannot decode);
- ``headers``: the printed page number and the running header and footer to
  leave out;
- ``merge``: a page's positioned lines and tables into raw items, each cell's
  text located on the page line that holds it.

``headers`` and ``merge`` work on positioned lines only, whichever engine read
them: the OFD and OCR readers (``read.ofd``, ``read.ocr``) use them as well.
"""
from __future__ import annotations

import io
from typing import Optional

from ...model import InputProblem
from ..raw import ReadResult, _problem, pages_left_unread
from .limits import MAX_PAGE_OBJECTS, _PageTooComplex, _form_bomb, _stream_bomb, _too_complex
from .merge import pages_to_items
from .native import _clipped_chars, _page_census, _pdfium
from .plumber import _plumber_page
from .rulings import _table_budget
from .tables import _pdfium_tables
from .text import PdfAnchors, _is_garbage, _pdf_page_lines, _visual_lines


PDF_TABLE_MIN_PATHS = 4  # drawn path objects on a page before we look for tables


PDF_ENGINES = ("fast", "full")


def read_pdf(data: bytes, max_pages: Optional[int] = None, engine: str = "fast") -> ReadResult:
    """Read a PDF page by page.

    engine "fast": pypdfium2's text layer and a ruling-based table finder
    (both in C), except on a page where pdfium's text layer is incomplete
    (text objects it cannot decode: an isolated character of a non-embedded
    CID font comes back empty), which is read with pdfplumber.
    engine "full": pdfplumber on every page (the reference the tests compare
    the fast path with).
    """
    import pypdfium2 as pdfium

    res = ReadResult("pdf")
    bomb = _stream_bomb(data) or _form_bomb(data)
    if bomb:
        res.problems.append(_problem(
            "AL009", f"PDF 中{bomb[0]}（疑似压缩炸弹或异常复杂的页面），已拒绝读取",
            f"the PDF holds {bomb[1]} (a decompression bomb, or a page far too complex); not read"))
        return res
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        res.problems.append(_unopened(str(exc)))
        return res
    reader = _PageReader(data, engine, res)
    try:
        n = len(pdf)
        res.page_count = n
        limit = n if max_pages is None else min(n, max_pages)
        pages = []  # (page index, lines, tables): merged once the running headers are known
        for pno in range(limit):
            page = reader.read(pdf[pno], pno)
            if page is not None:
                pages.append(page)
        res.items.extend(pages_to_items(pages, res.page_labels))
        _whole_file_problems(res, reader, n, limit)
    finally:
        reader.close()
        pdf.close()
    return res


def _unopened(msg: str) -> InputProblem:
    """Why pdfium could not open the file: a password (AL005), else broken (AL004)."""
    if "password" in msg.lower():
        return _problem("AL005", "PDF 已加密，需要密码才能打开：请另存一份不加密的副本再检查",
                        "the PDF is encrypted: save an unprotected copy and check that")
    return _problem("AL004", f"PDF 文件已损坏，无法打开（{msg}）：请重新导出 PDF",
                    f"the PDF is broken and cannot be opened ({msg}): export it again")


class _PageReader:
    """Reads the pages of one PDF, one at a time, into (page index, visual lines,
    tables), keeping each line's text and anchor recipe in ``res``; counts the
    pages with text, those whose text is unreadable and those too complex to
    read.  pdfplumber opens the file only when a page needs it."""

    def __init__(self, data: bytes, engine: str, res: ReadResult):
        self.data, self.engine, self.res = data, engine, res
        self.anchors = res.anchors = PdfAnchors(data)
        self._plumber = None
        self.text_pages = 0
        self.garbage_pages = 0
        self.skipped_pages = 0  # too complex to read (AL009)

    def plumber_doc(self):
        if self._plumber is None:
            import pdfplumber

            self._plumber = pdfplumber.open(io.BytesIO(self.data))
        return self._plumber

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()

    def read(self, page, pno: int) -> Optional[tuple]:
        """The page's (index, lines, tables), or None when it is skipped (too
        complex, or its text unreadable: the problem is said in ``res``)."""
        got = self._lines_and_tables(page, pno)
        if got is None:
            return None
        lines, tables = got
        recipes: list = []
        lines = _visual_lines(lines, recipes)
        if self._unreadable("".join(t for t, _, _ in lines), pno):
            return None
        for k, (t, _, _) in enumerate(lines):
            self.res.source_lines[(pno + 1, k + 1)] = t
            self.anchors.recipes[(pno + 1, k + 1)] = recipes[k]
        return pno, lines, tables

    def _lines_and_tables(self, page, pno: int) -> Optional[tuple]:
        """The page's positioned lines and tables, by the fast path or pdfplumber;
        None for a page too complex to read (AL009).  Closes the page."""
        n_objects = _pdfium().count_objects(_pdfium().handle(page.raw))
        if n_objects > MAX_PAGE_OBJECTS:
            page.close()
            self._skip(_too_complex(pno, f"{n_objects} 个页面对象", f"{n_objects} page objects", skipped=True))
            return None
        tp = page.get_textpage()
        try:
            paths, undecoded, clipped = _page_census(page, tp)
            want_tables = len(paths) >= PDF_TABLE_MIN_PATHS
            if self.engine == "full" or undecoded:
                return self._plumber_page(pno, paths, want_tables)
            return self._fast_page(tp, pno, paths, clipped, want_tables)
        except _PageTooComplex as exc:  # the census: too many objects inside form objects
            self._skip(_too_complex(pno, exc.zh, exc.en, skipped=True))
            return None
        finally:
            tp.close()
            page.close()

    def _skip(self, problem) -> None:
        self.res.problems.append(problem)
        self.skipped_pages += 1

    def _plumber_page(self, pno, paths, want_tables) -> tuple:
        if want_tables:
            try:
                _table_budget(paths)  # pdfplumber's finder does not bound its work either
            except _PageTooComplex as exc:
                self.res.problems.append(_too_complex(pno, exc.zh, exc.en))
                want_tables = False
        return _plumber_page(self.plumber_doc(), pno, want_tables)

    def _fast_page(self, tp, pno, paths, clipped, want_tables) -> tuple:
        lines = _pdf_page_lines(tp, _clipped_chars(tp) if clipped else ())
        try:
            tables = _pdfium_tables(paths, tp) if want_tables else []
        except _PageTooComplex as exc:
            self.res.problems.append(_too_complex(pno, exc.zh, exc.en))
            tables = []
        return lines, tables

    def _unreadable(self, content: str, pno: int) -> bool:
        """Counts a page with text; True (and AL007 for the page) when that text is garbage."""
        if not content.strip():
            return False
        self.text_pages += 1
        if not _is_garbage(content):
            return False
        self.garbage_pages += 1
        self.res.problems.append(_problem(
            "AL007", f"第 {pno + 1} 页的文字无法识别（字体缺少字符映射），该页未检查",
            f"page {pno + 1}: the text layer is unreadable (fonts without a character map); page skipped",
            fatal=False, page=pno + 1))
        return True


def _whole_file_problems(res: ReadResult, reader: _PageReader, n: int, limit: int) -> None:
    """What is said of the file as a whole once its pages are read: pages left
    unread (AL008), nothing read (every page too complex: AL009 fatal), no text
    layer at all (a scan: AL006, which read.registry hands to OCR), or no
    readable text (AL007)."""
    if limit < n:
        res.problems.append(pages_left_unread("PDF", n, limit))
    if reader.text_pages == 0 and reader.skipped_pages:
        # every page with anything on it was too complex: nothing was read (not a scan)
        res.problems = [InputProblem(p.code, p.message_zh, p.message_en, True, p.page) if p.code == "AL009" else p
                        for p in res.problems]
    elif reader.text_pages == 0:
        res.problems.append(_problem(
            "AL006", "PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）再检查",
            "the PDF has no text layer (a scan?): run OCR first"))
    elif reader.text_pages == reader.garbage_pages:
        res.problems.append(_problem(
            "AL007", "PDF 的文字层无法识别（字体缺少字符映射）：请用原始文件重新导出 PDF",
            "the PDF text layer is unreadable: export the PDF again from the original document"))
