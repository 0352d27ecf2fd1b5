"""Readers: one per input format, all producing the same raw item stream.

A reader turns a file into ``RawLine`` / ``RawParagraph`` / ``RawTable`` items
in reading order; ``structure.build_document`` then re-joins wrapped lines,
recognises headings and splits reports.  Problems with the input itself are
``InputProblem`` records (AL0xx), never exceptions.

Formats:
- text / Markdown: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK
  detected by decoding (strict UTF-8 first, then charset-normalizer), CRLF/CR.
  The Word-export table layout (one cell per line starting with a TAB, rows
  separated by a blank line) is read as a table.
- DOCX (python-docx): paragraphs with their heading style, Word tables.
- PDF: pypdfium2's text layer for all text (fast), pdfplumber's table finder
  only on pages that draw enough ruling paths; page-by-page, pages closed
  after use.
"""
from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from typing import Optional, Union

from .model import Document, InputProblem, Segment, SourceText

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | {".pdf", ".docx"}


@dataclass
class RawLine:
    source: SourceText
    blank_before: int = 0  # blank lines (or a page break, counted as 3) before it
    indent: float = 0.0  # PDF: points right of the page's left text edge (a first-line indent)


@dataclass
class RawParagraph:
    source: SourceText
    style: str = ""  # DOCX style name, e.g. 'Heading 1'


@dataclass
class RawTable:
    rows: list[list[SourceText]]
    blank_before: int = 0
    from_text_layout: bool = False


RawItem = Union[RawLine, RawParagraph, RawTable]


@dataclass
class ReadResult:
    format: str
    items: list[RawItem] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    page_count: Optional[int] = None
    source_lines: dict = field(default_factory=dict)


def _problem(code, zh, en, fatal=True, page=None):
    return InputProblem(code, zh, en, fatal, page)


# ---------------------------------------------------------------- dispatch

def read(path: str, data: Optional[bytes] = None, max_pages: Optional[int] = None) -> ReadResult:
    """Read a file (or ``data`` for standard input / uploads) into raw items."""
    if data is None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            return ReadResult("unknown", problems=[_problem(
                "AL001", f"无法打开文件：{exc.strerror}", f"cannot open the file: {exc.strerror}")])
    if not data.strip():
        return ReadResult("unknown", problems=[_problem(
            "AL002", "文件为空，没有可检查的内容", "the file is empty: nothing to check")])
    kind = sniff(path, data)
    try:
        if kind == "pdf":
            return read_pdf(data, max_pages=max_pages)
        if kind == "docx":
            return read_docx(data)
        if kind == "text":
            return read_text(data)
    except MemoryError:
        return ReadResult(kind, problems=[_problem(
            "AL009", "文件过大，内存不足以读取", "the file is too large to read in memory")])
    ext = os.path.splitext(path)[1].lower()
    return ReadResult("unknown", problems=[_problem(
        "AL003",
        f"不支持的文件格式（{ext or '无扩展名'}）：请提交 PDF、DOCX 或文本文件",
        f"unsupported file format ({ext or 'no extension'}): submit PDF, DOCX or text")])


def sniff(path: str, data: bytes) -> str:
    """Decide the format from the content; the extension only breaks ties."""
    head = data[:8]
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    ext = os.path.splitext(path)[1].lower()
    if ext in (".pdf", ".docx", ".doc", ".xls", ".xlsx", ".wps"):
        return "broken-" + ext[1:]
    if _looks_like_text(data):
        return "text"
    return "binary"


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    sample = data[:65536]
    if b"\x00" in sample:
        # UTF-16 without BOM has NULs in every other byte; other NULs mean binary
        return False
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bad <= len(sample) * 0.01


# ---------------------------------------------------------------- text

def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding).  Strict UTF-8 first; then GB18030 (a superset
    of GBK and GB2312, the encodings Chinese offices actually use); then
    charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8 (with replacement)"


def read_text(data: bytes) -> ReadResult:
    text, _enc = decode_text(data)
    text = text.replace("\x00", "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    res = ReadResult("text")
    res.source_lines = {(None, i + 1): ln for i, ln in enumerate(lines)}
    res.items = text_items(lines)
    if not any(isinstance(it, (RawLine, RawTable)) for it in res.items):
        res.problems.append(_problem("AL002", "文件中没有文字内容", "the file holds no text"))
    return res


def _line_source(line: str, lineno: int, page=None, start_col: int = 1) -> SourceText:
    return SourceText(line, [Segment(0, page, lineno, start_col)])


def text_items(lines: list[str], page=None) -> list[RawItem]:
    """Lines -> RawLine / RawTable.

    Word-export tables (seeds 003, 004): every cell is a line starting with a
    TAB; a blank line ends a row; a line without TAB right after a cell (or
    after one blank line) continues that cell; two blank lines end the table.
    """
    items: list[RawItem] = []
    blank = 0
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        if ln.startswith("\t"):
            table, i = _read_tab_table(lines, i, page)
            table.blank_before = blank
            items.append(table)
            blank = 0
            continue
        if not ln.strip():
            blank += 1
            i += 1
            continue
        items.append(RawLine(_line_source(ln, i + 1, page), blank))
        blank = 0
        i += 1
    return items


def _read_tab_table(lines, i, page):
    rows: list[list[list]] = []  # row -> cell -> list of (SourceText, blank_before)
    row: list[list] = []
    n = len(lines)
    blank = 0
    while i < n:
        ln = lines[i]
        if ln.startswith("\t"):
            if blank and row:
                rows.append(row)
                row = []
            row.append([(_line_source(ln[1:], i + 1, page, 2), 0)])
            blank = 0
        elif not ln.strip():
            blank += 1
            if blank >= 2:
                break
        else:
            if not row:
                break
            row[-1].append((_line_source(ln, i + 1, page), blank))
            blank = 0
        i += 1
    if row:
        rows.append(row)
    out_rows = []
    for r in rows:
        cells = []
        for parts in r:
            srcs = [parts[0][0]]
            for src, bl in parts[1:]:
                # a label cell broken in two ("部门\n\n概况") joins without a break;
                # a cell holding several paragraphs keeps them apart
                prev = srcs[-1].text.strip()
                sep = "\n" if (bl and len(prev) > 12) else ""
                if sep:
                    srcs.append(SourceText(sep, [Segment(0, src.segments[0].page, src.segments[0].line, 1)]))
                srcs.append(src)
            cells.append(SourceText.join(srcs).strip())
        out_rows.append(cells)
    return RawTable(out_rows, from_text_layout=True), i


# ---------------------------------------------------------------- docx

def read_docx(data: bytes) -> ReadResult:
    res = ReadResult("docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        info = {z.filename: z for z in zf.infolist()}
        if "word/document.xml" not in info:
            return ReadResult("docx", problems=[_problem(
                "AL004", "DOCX 文件已损坏：缺少正文（word/document.xml）",
                "the DOCX is broken: word/document.xml is missing")])
        total = sum(z.file_size for z in zf.infolist())
        if total > 512 * 1024 * 1024 or any(
                z.compress_size and z.file_size / z.compress_size > 1000 and z.file_size > 50 * 2**20
                for z in zf.infolist()):
            return ReadResult("docx", problems=[_problem(
                "AL009", "DOCX 解压后体积异常（疑似压缩炸弹），已拒绝读取",
                "the DOCX expands to an implausible size (zip bomb?); not read")])
    except zipfile.BadZipFile:
        return ReadResult("docx", problems=[_problem(
            "AL004", "DOCX 文件已损坏（不是有效的 zip 包），请重新导出",
            "the DOCX is broken (not a valid zip); export it again")])
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on bad packages
        return ReadResult("docx", problems=[_problem(
            "AL004", f"DOCX 文件无法解析：{type(exc).__name__}",
            f"the DOCX cannot be parsed: {type(exc).__name__}")])
    lineno = 0
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            lineno += 1
            text = p.text
            res.source_lines[(None, lineno)] = text
            if text.strip():
                style = p.style.name if p.style is not None else ""
                res.items.append(RawParagraph(_line_source(text, lineno), style))
        elif tag == "tbl":
            t = Table(child, d)
            rows = []
            for r in t.rows:
                cells = []
                seen = set()
                for c in r.cells:
                    if id(c._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(c._tc))
                    lineno += 1
                    txt = "\n".join(par.text for par in c.paragraphs)
                    res.source_lines[(None, lineno)] = txt.replace("\n", " ")
                    cells.append(_line_source(txt, lineno))
                rows.append(cells)
            res.items.append(RawTable(rows))
    if not res.items:
        res.problems.append(_problem("AL002", "DOCX 中没有文字内容", "the DOCX holds no text"))
    return res


# ---------------------------------------------------------------- pdf

PDF_TABLE_MIN_PATHS = 4  # drawn path objects on a page before we look for tables


def read_pdf(data: bytes, max_pages: Optional[int] = None) -> ReadResult:
    import pypdfium2 as pdfium

    res = ReadResult("pdf")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            res.problems.append(_problem(
                "AL005", "PDF 已加密，需要密码才能打开：请另存一份不加密的副本再检查",
                "the PDF is encrypted: save an unprotected copy and check that"))
        else:
            res.problems.append(_problem(
                "AL004", f"PDF 文件已损坏，无法打开（{msg}）：请重新导出 PDF",
                f"the PDF is broken and cannot be opened ({msg}): export it again"))
        return res
    try:
        n = len(pdf)
        res.page_count = n
        plumber = None
        text_pages = 0
        garbage_pages = 0
        limit = n if max_pages is None else min(n, max_pages)
        for pno in range(limit):
            page = pdf[pno]
            try:
                lines = _pdf_page_lines(page, pno + 1)
                npaths = _count_paths(page)
            finally:
                page.close()
            content = "".join(t for t, _, _ in lines)
            if content.strip():
                text_pages += 1
                if _is_garbage(content):
                    garbage_pages += 1
                    res.problems.append(_problem(
                        "AL007", f"第 {pno + 1} 页的文字无法识别（字体缺少字符映射），该页未检查",
                        f"page {pno + 1}: the text layer is unreadable (fonts without a character map); page skipped",
                        fatal=False, page=pno + 1))
                    continue
            tables = []
            if npaths >= PDF_TABLE_MIN_PATHS:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                tables = _pdf_tables(plumber, pno)
            for k, (t, _, _) in enumerate(lines):
                res.source_lines[(pno + 1, k + 1)] = t
            res.items.extend(_merge_page(lines, tables, pno + 1, first=(pno == 0)))
        if plumber is not None:
            plumber.close()
        if limit < n:
            res.problems.append(_problem(
                "AL008", f"PDF 共 {n} 页，只读取了前 {limit} 页", f"the PDF has {n} pages; only the first {limit} were read",
                fatal=False))
        if text_pages == 0:
            res.problems.append(_problem(
                "AL006", "PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）再检查",
                "the PDF has no text layer (a scan?): run OCR first"))
        elif text_pages == garbage_pages:
            res.problems.append(_problem(
                "AL007", "PDF 的文字层无法识别（字体缺少字符映射）：请用原始文件重新导出 PDF",
                "the PDF text layer is unreadable: export the PDF again from the original document"))
    finally:
        pdf.close()
    return res


def _is_garbage(text: str) -> bool:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return False
    bad = sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or ord(c) < 32)
    return bad > 0.3 * len(chars)


def _count_paths(page) -> int:
    import pypdfium2.raw as raw

    n = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            n += 1
            if n >= PDF_TABLE_MIN_PATHS:
                break
    return n


def _pdf_page_lines(page, pno):
    """Lines of a page from pypdfium2's text layer, each with its top y."""
    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        out = []
        idx = 0
        for ln in text.split("\r\n"):
            y = x = None
            if ln.strip():
                lead = len(ln) - len(ln.lstrip())
                try:
                    x, _b, _r, y = tp.get_charbox(idx + lead)
                except Exception:
                    y = x = None
            out.append((ln, y, x))
            idx += len(ln) + 2
        return out
    finally:
        tp.close()


def _open_row_lines(page) -> list:
    """A row that continues on the next page has side rulings but no bottom
    ruling (and its continuation no top ruling), so pdfplumber, which needs
    closed cells, drops it.  Return the y positions that close such rows."""
    v = [e for e in page.edges if e["orientation"] == "v"]
    h = [e["top"] for e in page.edges if e["orientation"] == "h"]
    if len(v) < 2:
        return []
    low = max(e["bottom"] for e in v)
    high = min(e["top"] for e in v)
    if not h:  # the middle of a row taller than a page: only side rulings
        return [high, low]
    extra = []
    if low > max(h) + 2:
        extra.append(low)
    if high < min(h) - 2:
        extra.append(high)
    return extra


_CJK_PUNCT = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK_PUNCT}]) +(?=[{_CJK_PUNCT}])")


def _cell_text(c) -> str:
    """Lines wrapped inside a cell join like wrapped paragraph lines: CJK and
    digits without a space (201030/1 is 2010301), ASCII words with one."""
    c = _CJK_GAP.sub("", c or "")  # justified CJK text: pdfplumber inserts spaces
    parts = [x.strip() for x in c.split("\n") if x.strip()]
    out = ""
    for x in parts:
        if out and out[-1].isascii() and out[-1].isalpha() and x[0].isascii() and x[0].isalpha():
            out += " "
        out += x
    return out


def _pdf_tables(plumber, pno):
    page = plumber.pages[pno]
    try:
        extra = _open_row_lines(page)
        found = page.find_tables({"explicit_horizontal_lines": extra} if extra else {})
        tables = []
        h = float(page.height)
        for t in found:
            rows = t.extract()
            if not rows or len(rows) < 2:
                continue
            x0, top, x1, bottom = t.bbox
            # the text layer is complete even where the table finder is not:
            # a table that holds clearly less text than its area is not used
            area_text = page.within_bbox(t.bbox).extract_text() or ""
            cell_chars = sum(len(re.sub(r"\s", "", c or "")) for r in rows for c in r)
            if cell_chars < 0.9 * len(re.sub(r"\s", "", area_text)):
                continue
            # pdfium y runs bottom-up; pdfplumber's top-down
            tables.append((h - top, h - bottom, rows))
        return tables
    finally:
        page.close()


def _merge_page(lines, tables, pno, first):
    """Interleave a page's text lines and tables by vertical position."""
    items: list[RawItem] = []
    blank = 0 if first else 3  # a page break counts as a blank run
    placed = [False] * len(tables)
    xs = [x for _, y, x in lines if x is not None]
    left = min(xs) if xs else 0.0
    for k, (ln, y, x) in enumerate(lines):
        if y is not None:
            inside = None
            for ti, (ytop, ybot, _rows) in enumerate(tables):
                if ybot - 1 <= y <= ytop + 1:
                    inside = ti
                    break
            if inside is not None:
                if not placed[inside]:
                    placed[inside] = True
                    rows = tables[inside][2]
                    items.append(RawTable(_table_rows(rows, tables[inside], lines, pno), blank))
                    blank = 0
                continue
        if not ln.strip():
            blank += 1
            continue
        items.append(RawLine(_line_source(ln, k + 1, pno), blank, (x - left) if x is not None else 0.0))
        blank = 0
    for ti, done in enumerate(placed):
        if not done:
            items.append(RawTable(_table_rows(tables[ti][2], tables[ti], lines, pno), blank))
    return items


def _table_rows(rows, table, lines, pno):
    """Cells of a pdfplumber table, each pointing at the page line that holds
    its text.  Cells covered by a merge (None) are dropped, so a row keeps the
    shape it had in the document (as the Word-export text layout does)."""
    ytop, ybot = table[0], table[1]
    inside = [(k, ln) for k, (ln, y, _x) in enumerate(lines) if y is not None and ybot - 1 <= y <= ytop + 1]
    out = []
    for r in rows:
        cells = []
        for c in r:
            if c is None:
                continue
            t = _cell_text(c)
            line_no, col = (inside[0][0] + 1, 1) if inside else (1, 1)
            head = t[:4]
            if head:
                for k, ln in inside:
                    j = ln.replace(" ", "").find(head)
                    if j >= 0:
                        line_no, col = k + 1, ln.find(head[0]) + 1 if ln.find(head[0]) >= 0 else 1
                        break
            cells.append(_line_source(t, line_no, pno, col))
        out.append(cells)
    return out


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
