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

The format is decided from the bytes in ``auditlint.read`` (the format table and
the reader registry); the readers of the other formats (.xlsx/.xls, .doc/.wps,
HTML, OFD) live in that package.
"""
from __future__ import annotations

import io
import os
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Union

from .model import InputProblem, Segment, SourceText


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
    may_continue: bool = True  # False: never stitched to the table before it or after it (a sheet of its own)


RawItem = Union[RawLine, RawParagraph, RawTable]


@dataclass
class ReadResult:
    format: str
    items: list[RawItem] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    page_count: Optional[int] = None
    source_lines: dict = field(default_factory=dict)
    anchors: Optional["LineAnchors"] = None  # where the source lines are in the file (PDF, DOCX)


class LineAnchors:
    """Where the characters of source lines are in the file, asked for only for the
    lines findings point at (``for_lines``), so that reading pays nothing for it."""

    def for_lines(self, keys) -> dict:
        """(page, line) -> the anchor of that line (the shapes: result.CheckedFile)."""
        raise NotImplementedError


class DocxAnchors(LineAnchors):
    """Each line of a DOCX is a body paragraph or a table cell: its anchor says which
    (``{"paragraph": i}``, or ``{"table": t, "row": r, "cell": c, "paragraphs": [column
    where each of the cell's paragraphs starts, ...]}``), all indices 0-based as
    python-docx counts them (Document.paragraphs, Document.tables, table.rows,
    row.cells)."""

    def __init__(self):
        self.lines: dict = {}

    def for_lines(self, keys) -> dict:
        return {k: self.lines[k] for k in keys if k in self.lines}


class PdfAnchors(LineAnchors):
    """The character boxes of PDF source lines.  Reading keeps, for each line, its
    pieces: (column where the piece starts, the piece's text as the text layer gave it,
    its characters' source: the pdfium text-page index of its first character when they
    run on, or one entry a character -- a pdfium index, a box already known (pdfplumber
    pages), or None).  ``for_lines`` opens the PDF again and asks pdfium for the boxes
    of the characters of the lines wanted, on the pages that hold them only."""

    def __init__(self, data: bytes):
        self.data = data
        self.recipes: dict = {}  # (page, line) -> [(column offset, raw text, source)]

    def for_lines(self, keys) -> dict:
        wanted: dict = {}
        for k in keys:
            if k in self.recipes:
                wanted.setdefault(k[0], []).append(k)
        if not wanted:
            return {}
        import pypdfium2 as pdfium

        out = {}
        pdf = pdfium.PdfDocument(self.data)
        try:
            for pno in sorted(wanted):
                lines = {k: _line_sources(self.recipes[k]) for k in wanted[pno]}
                box = tp = page = None
                if any(isinstance(v, int) for srcs in lines.values() for v in srcs):
                    page = pdf[pno - 1]
                    tp = page.get_textpage()
                    box = _char_box_reader(tp)
                try:
                    for k, srcs in lines.items():
                        out[k] = [None if v is None else _rounded(box(v) if isinstance(v, int) else v)
                                  for v in srcs]
                finally:
                    if tp is not None:
                        tp.close()
                        page.close()
        finally:
            pdf.close()
        return out


def _rounded(b) -> list:
    return [round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2)]


def _line_sources(recipe) -> list:
    """One source per column of a visual line (see _visual_lines): the characters of
    each piece with white space collapsed as the line's text has it, None for the
    spaces (the collapsed ones and those joining the pieces)."""
    out: list = []
    for col, raw, src in recipe:
        out.extend([None] * (col - len(out)))
        lead = len(raw) - len(raw.lstrip())
        space = False
        for k in range(lead, len(raw.rstrip())):
            if raw[k].isspace():
                if not space:
                    out.append(None)
                space = True
                continue
            space = False
            out.append(src + k if isinstance(src, int) else src[k])
    return out


def _problem(code, zh, en, fatal=True, page=None):
    return InputProblem(code, zh, en, fatal, page)


# ---------------------------------------------------------------- dispatch

def read(path: str, data: Optional[bytes] = None, max_pages: Optional[int] = None,
         pdf_engine: str = "fast") -> ReadResult:
    """Read a file: the format is sniffed and the reader chosen in ``auditlint.read``."""
    from .read import read as _read

    return _read(path, data, max_pages=max_pages, pdf_engine=pdf_engine)


# zero-width and bidirectional formatting characters: invisible, they split a figure
# in two for the grammar ("1\u200b00万元" is read 1 and 00万元) or reorder what is shown
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def drop_invisible(src: SourceText) -> SourceText:
    """The text without invisible characters; every other character keeps its
    source position (its column counts the removed ones, as an editor shows it)."""
    t = src.text
    if not INVISIBLE.search(t):
        return src
    pieces, pos = [], 0
    for m in INVISIBLE.finditer(t):
        if m.start() > pos:
            pieces.append(src.slice(pos, m.start()))
        pos = m.end()
    if pos < len(t):
        pieces.append(src.slice(pos, len(t)))
    return SourceText.join(pieces) if pieces else SourceText("", [src.segments[0]])


def _visible(res: ReadResult) -> ReadResult:
    for it in res.items:
        if isinstance(it, RawTable):
            it.rows = [[drop_invisible(c) for c in row] for row in it.rows]
        else:
            it.source = drop_invisible(it.source)
    return res


def sniff(path: str, data: bytes) -> str:
    """The format of ``data`` (see ``auditlint.read.sniff``)."""
    from .read import sniff as _sniff

    return _sniff(path, data)


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    sample = data[:65536]
    nul = sample.count(b"\x00")
    if nul > 0.3 * len(sample) and _utf16_without_bom(data):
        return True
    if nul > 0.02 * len(sample):
        return False  # a few stray NULs are a damaged text file; many mean binary
    sample = sample.replace(b"\x00", b"")
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bad <= len(sample) * 0.01


def _utf16_without_bom(data: bytes):
    """'utf-16-le' / 'utf-16-be' when NULs sit on every other byte, else None."""
    sample = data[:4096]
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    half = len(sample) // 2 or 1
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------- text

def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); see decode_lines."""
    text, enc, _bad = decode_lines(data)
    return text, enc


_PLAUSIBLE = re.compile("[\t\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u25ff"
                        "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\r]*")


def _decode_line(raw: bytes):
    """One line of a file that is not UTF-8 as a whole: UTF-8 when the line
    is valid UTF-8 and reads as Chinese report text (a short GBK line can be
    valid UTF-8 by chance: 一 is D2 BB, which UTF-8 reads as a Cyrillic letter),
    else GB18030 (a superset of GBK and GB2312); None when neither decodes."""
    try:
        t = raw.decode("utf-8")
        if raw.isascii() or _PLAUSIBLE.fullmatch(t):
            return t
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def decode_lines(data: bytes) -> tuple[str, str, list]:
    """Return (text, encoding, numbers of the lines that could not be decoded).

    Strict UTF-8 first; then line by line, UTF-8 or GB18030 (a file pasted
    together from a UTF-8 and a GBK export mixes them: decoded as a whole in
    either, half of it is garbage); only when lines are left that neither
    reads, charset-normalizer's guess for the whole file, and failing that the
    lines are kept with replacement characters and their numbers returned."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    u16 = _utf16_without_bom(data) if data[:4096].count(b"\x00") > 0.3 * min(len(data), 4096) else None
    if u16:
        return data.decode(u16, errors="replace"), u16, []
    data = data.replace(b"\x00", b"")  # stray NUL bytes carry no text
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    raw_lines = data.split(b"\n")  # safe in GBK too: its trail bytes are never 0x0A
    lines = [_decode_line(ln) for ln in raw_lines]
    bad = [i + 1 for i, t in enumerate(lines) if t is None]
    utf8 = any(t is not None and not raw.isascii() and _is_utf8(raw) for raw, t in zip(raw_lines, lines))
    if not bad:
        return "\n".join(lines), ("utf-8+gb18030" if utf8 else "gb18030"), []
    if not utf8:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best), best.encoding, []
    # a line no encoding reads is left empty: read with replacement characters its
    # figures could be cut apart, and a finding on garbage is worse than none
    return "\n".join(t if t is not None else "" for t in lines), "mixed", bad


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _line_ranges(numbers: list) -> str:
    out, i = [], 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        out.append(str(numbers[i]) if i == j else f"{numbers[i]}–{numbers[j]}")
        i = j + 1
    return "、".join(out[:10]) + ("…" if len(out) > 10 else "")


MAX_LINE_CHARS = 1_000_000  # one line or paragraph: a page holds ~1,500; reading 10⁶ figure-dense ones takes ~17 s


def _long_line(lineno: int, n: int) -> InputProblem:
    return _problem("AL009", f"第 {lineno} 行（段）长达 {n:,} 字，超出上限，只检查了前 {MAX_LINE_CHARS:,} 字",
                    f"line (paragraph) {lineno} holds {n:,} characters; only the first {MAX_LINE_CHARS:,} were checked",
                    fatal=False)


def read_text(data: bytes) -> ReadResult:
    text, _enc, bad = decode_lines(data)
    text = text.replace("\x00", "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    res = ReadResult("text")
    for i, ln in enumerate(lines):
        if len(ln) > MAX_LINE_CHARS:
            res.problems.append(_long_line(i + 1, len(ln)))
            lines[i] = ln[:MAX_LINE_CHARS]
    res.source_lines = {(None, i + 1): ln for i, ln in enumerate(lines)}
    res.items = text_items(lines)
    if bad:
        where = _line_ranges(bad)
        res.problems.append(_problem(
            "AL015", f"第 {where} 行的文字不是 UTF-8 或 GBK/GB18030 编码，无法解码，未检查；请将文件另存为 UTF-8 后再检查",
            f"line(s) {where} are neither UTF-8 nor GBK/GB18030 and were not checked; save the file as UTF-8",
            fatal=False))
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

DOCX_MAX_MEMBERS = 10_000
DOCX_MAX_TOTAL = 256 << 20  # bytes, every part inflated (python-docx keeps the parts in memory)
DOCX_MAX_XML = 64 << 20  # bytes of XML parts, inflated (lxml's tree takes ~10x): a long report has < 10 MB
_TARGET = re.compile(r"\bTarget\s*=\s*[\"']([^\"']*)[\"']")


def _main_part(zf, info) -> Optional[str]:
    """The name of the main document part: the package relationships
    (_rels/.rels) decide, not the name word/document.xml (other producers
    call it word/document2.xml or put it elsewhere)."""
    rels = info.get("_rels/.rels")
    if rels is None or rels.file_size > 1 << 20:
        return "word/document.xml" if "word/document.xml" in info else None
    xml = zf.read(rels).decode("utf-8", errors="replace")
    for m in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", xml):
        tag = m.group()
        if re.search(r"relationships/officeDocument[\"']", tag):
            t = _TARGET.search(tag)
            if t:
                name = os.path.normpath(t.group(1).lstrip("/")).replace(os.sep, "/")
                if name in info:
                    return name
    return "word/document.xml" if "word/document.xml" in info else None


def _docx_too_large(infos) -> bool:
    """Declared sizes over the limits.  What a member really inflates to is
    checked by _inflate_members: a declared size can lie."""
    if len(infos) > DOCX_MAX_MEMBERS:
        return True
    total = sum(z.file_size for z in infos)
    xml = sum(z.file_size for z in infos if z.filename.endswith((".xml", ".rels")))
    return total > DOCX_MAX_TOTAL or xml > DOCX_MAX_XML


def _inflate_members(zf, infos) -> None:
    """Inflate every member in 1 MB pieces, so that one whose data inflates
    beyond its declared size is caught (zipfile stops at the declared size and
    the CRC check fails: BadZipFile) without ever holding more than a piece.
    python-docx reads a member whole, and zipfile inflates all of its data in
    one buffer before cutting it to the declared size: a 0.7 MB member
    declaring 20 kB took 2.1 GB that way."""
    for zi in infos:
        if zi.is_dir():
            continue
        try:
            with zf.open(zi) as fh:
                while fh.read(1 << 20):
                    pass
        except zipfile.BadZipFile:
            raise _BadMember(zi.filename)


class _BadMember(Exception):
    pass


def read_docx(data: bytes) -> ReadResult:
    res = ReadResult("docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        if _docx_too_large(infos):
            return ReadResult("docx", problems=[_problem(
                "AL009", "DOCX 解压后体积异常（疑似压缩炸弹），已拒绝读取",
                "the DOCX expands to an implausible size (zip bomb?); not read")])
        _inflate_members(zf, infos)
        info = {z.filename: z for z in infos}
        if _main_part(zf, info) is None:
            return ReadResult("docx", problems=[_problem(
                "AL004", "DOCX 文件已损坏：缺少正文（_rels/.rels 未指向存在的正文部分）",
                "the DOCX is broken: its package relationships name no main document part that exists")])
    except _BadMember as exc:
        return ReadResult("docx", problems=[_problem(
            "AL004", f"DOCX 文件已损坏：{exc} 的数据与其声明的大小或校验值不符，请重新导出",
            f"the DOCX is broken: the data of {exc} does not match its declared size or checksum; export it again")])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError,
            zlib.error):
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
    anchors = res.anchors = DocxAnchors()
    n_par = n_tbl = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            lineno += 1
            text = p.text
            if len(text) > MAX_LINE_CHARS:
                res.problems.append(_long_line(lineno, len(text)))
                text = text[:MAX_LINE_CHARS]
            res.source_lines[(None, lineno)] = text
            anchors.lines[(None, lineno)] = {"paragraph": n_par}
            n_par += 1
            if text.strip():
                style = p.style.name if p.style is not None else ""
                res.items.append(RawParagraph(_line_source(text, lineno), style))
        elif tag == "tbl":
            t = Table(child, d)
            rows = []
            for ri, r in enumerate(t.rows):
                cells = []
                seen = set()
                for ci, c in enumerate(r.cells):
                    if id(c._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(c._tc))
                    lineno += 1
                    pars = _cell_lines(c._tc, d)
                    txt = "\n".join(pars)
                    res.source_lines[(None, lineno)] = txt.replace("\n", " ")
                    if c._tc.find("{*}tbl") is None:  # a cell holding a table inside: no exact anchor
                        starts, col = [], 1
                        for pt in pars:
                            starts.append(col)
                            col += len(pt) + 1
                        anchors.lines[(None, lineno)] = {"table": n_tbl, "row": ri, "cell": ci, "paragraphs": starts}
                    cells.append(_line_source(txt, lineno))
                rows.append(cells)
            res.items.append(RawTable(rows))
            n_tbl += 1
    if not res.items:
        res.problems.append(_problem("AL002", "DOCX 中没有文字内容", "the DOCX holds no text"))
    return res


DOCX_NESTING = 8  # tables inside tables inside … this deep are read as plain text


def _cell_lines(tc, parent, depth: int = 0) -> list:
    """A Word table cell's text, one line per paragraph, with the text of the
    tables nested in it (a form inside a form cell) in reading order: each of
    their cells on its own line."""
    from docx.text.paragraph import Paragraph

    out = []
    for child in tc.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, parent).text)
        elif tag == "tbl":
            if depth >= DOCX_NESTING:
                out.append("".join(t.text or "" for t in child.iter("{*}t")))
                continue
            for tr in child.iterchildren("{*}tr"):
                for inner in tr.iterchildren("{*}tc"):
                    lines = _cell_lines(inner, parent, depth + 1)
                    if any(ln.strip() for ln in lines):
                        out.extend(lines)
        elif tag == "sdt":  # a content control wrapping paragraphs
            content = child.find("{*}sdtContent")
            if content is not None:
                out.extend(_cell_lines(content, parent, depth))
    return out


# ---------------------------------------------------------------- pdf

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
    bomb = _stream_bomb(data)
    if bomb:
        res.problems.append(_problem(
            "AL009", f"PDF 中{bomb[0]}（疑似压缩炸弹或异常复杂的页面），已拒绝读取",
            f"the PDF holds {bomb[1]} (a decompression bomb, or a page far too complex); not read"))
        return res
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
    plumber = None
    anchors = res.anchors = PdfAnchors(data)

    def plumber_doc():
        nonlocal plumber
        if plumber is None:
            import pdfplumber

            plumber = pdfplumber.open(io.BytesIO(data))
        return plumber

    try:
        n = len(pdf)
        res.page_count = n
        text_pages = 0
        garbage_pages = 0
        skipped_pages = 0  # too complex to read (AL009)
        limit = n if max_pages is None else min(n, max_pages)
        pages = []  # (page index, lines, tables): merged once the running headers are known
        for pno in range(limit):
            page = pdf[pno]
            n_objects = _pdfium().count_objects(_pdfium().handle(page.raw))
            if n_objects > MAX_PAGE_OBJECTS:
                page.close()
                res.problems.append(_too_complex(pno, f"{n_objects} 个页面对象", f"{n_objects} page objects",
                                                 skipped=True))
                skipped_pages += 1
                continue
            tp = page.get_textpage()
            try:
                paths, undecoded, clipped = _page_census(page, tp)
                want_tables = len(paths) >= PDF_TABLE_MIN_PATHS
                full = engine == "full" or undecoded
                if full:
                    if want_tables:
                        try:
                            _table_budget(paths)  # pdfplumber's finder does not bound its work either
                        except _PageTooComplex as exc:
                            res.problems.append(_too_complex(pno, exc.zh, exc.en))
                            want_tables = False
                    lines, tables = _plumber_page(plumber_doc(), pno, want_tables)
                else:
                    lines = _pdf_page_lines(tp, _clipped_chars(tp) if clipped else ())
                    try:
                        tables = _pdfium_tables(paths, tp) if want_tables else []
                    except _PageTooComplex as exc:
                        res.problems.append(_too_complex(pno, exc.zh, exc.en))
                        tables = []
            except _PageTooComplex as exc:  # the census: too many objects inside form objects
                res.problems.append(_too_complex(pno, exc.zh, exc.en, skipped=True))
                skipped_pages += 1
                continue
            finally:
                tp.close()
                page.close()
            recipes: list = []
            lines = _visual_lines(lines, recipes)
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
            for k, (t, _, _) in enumerate(lines):
                res.source_lines[(pno + 1, k + 1)] = t
                anchors.recipes[(pno + 1, k + 1)] = recipes[k]
            pages.append((pno, lines, tables))
        running = _running_lines(pages)
        for pno, lines, tables in pages:
            drop = _page_number_lines(lines) | running.get(pno, set())
            res.items.extend(_merge_page(lines, tables, pno + 1, first=(pno == 0), drop=drop))
        if limit < n:
            res.problems.append(_problem(
                "AL008", f"PDF 共 {n} 页，只读取了前 {limit} 页", f"the PDF has {n} pages; only the first {limit} were read",
                fatal=False))
        if text_pages == 0 and skipped_pages:
            # every page with anything on it was too complex: nothing was read (not a scan)
            res.problems = [InputProblem(p.code, p.message_zh, p.message_en, True, p.page) if p.code == "AL009" else p
                            for p in res.problems]
        elif text_pages == 0:
            res.problems.append(_problem(
                "AL006", "PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）再检查",
                "the PDF has no text layer (a scan?): run OCR first"))
        elif text_pages == garbage_pages:
            res.problems.append(_problem(
                "AL007", "PDF 的文字层无法识别（字体缺少字符映射）：请用原始文件重新导出 PDF",
                "the PDF text layer is unreadable: export the PDF again from the original document"))
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()
    return res


# ---------------------------------------------------------------- pdf limits
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


def _table_budget(paths):
    """The page's rulings when the table finder's work on them is bounded; else _PageTooComplex."""
    if len(paths) > MAX_PAGE_PATHS:
        raise _PageTooComplex(f"{len(paths)} 个线条对象", f"{len(paths)} line objects")
    hs, vs = _rulings(paths)
    if len(hs) > MAX_RULINGS or len(vs) > MAX_RULINGS:
        raise _PageTooComplex(f"{len(hs)} 条横线、{len(vs)} 条竖线", f"{len(hs)} horizontal and {len(vs)} vertical rulings")
    return hs, vs


VISUAL_LINE_TOLERANCE = 2.0  # points: pieces whose tops differ by less share a line


def _visual_lines(lines, recipes=None):
    """The page's lines as a reader counts them: text pieces on the same
    baseline joined left to right, top to bottom, white space collapsed.
    pdfium and pdfplumber cut a table row into pieces differently; numbering
    visual lines makes "line 37 of page 4" the same whichever read the page.
    A piece within VISUAL_LINE_TOLERANCE of the line's first (highest) piece
    joins it; the pieces of a line are then put in left-to-right order.
    With a ``recipes`` list, each line's pieces (column offset, raw text,
    character source) are appended to it, one entry a line: what
    ``PdfAnchors`` needs to give the line's character boxes on demand."""
    pieces = [(y, x or 0.0, _WS.sub(" ", t.strip()), t, src) for t, y, x, src in lines
              if t.strip() and y is not None]
    pieces.sort(key=lambda p: (-p[0], p[1]))
    groups: list[list] = []
    for piece in pieces:
        if groups and groups[-1][0][0] - piece[0] <= VISUAL_LINE_TOLERANCE:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    out = []
    for g in groups:
        g.sort(key=lambda p: p[1])
        top = max(p[0] for p in g)
        out.append((" ".join(p[2] for p in g), top, g[0][1]))
        if recipes is not None:
            recipe, col = [], 0
            for p in g:
                recipe.append((col, p[3], p[4]))
                col += len(p[2]) + 1
            recipes.append(recipe)
    return out


_WS = re.compile(r"\s+")


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


def _plumber_page(plumber, pno, want_tables: bool):
    """Lines (as _pdf_page_lines gives them: text, top y, left x in PDF user
    space) and tables of a page from pdfplumber, parsing the page once."""
    page = plumber.pages[pno]
    try:
        h = float(page.height)
        lines = [(ln["text"], h - float(ln["top"]), float(ln["x0"]), _plumber_boxes(ln, h))
                 for ln in page.extract_text_lines(return_chars=True)]
        return lines, (_plumber_tables(page) if want_tables else [])
    finally:
        page.close()


def _plumber_boxes(line, h) -> list:
    """The box (left, bottom, right, top; PDF user space, y upwards: pdfplumber's x is
    already in user space and its top is the page height minus the user-space y) of each
    character of a pdfplumber text line, None for a space it inserted between characters."""
    text, chars = line["text"], line.get("chars") or []
    out, j = [], 0
    i = 0
    while i < len(text):
        c = chars[j] if j < len(chars) else None
        t = c["text"] if c is not None else ""
        if t and text.startswith(t, i):
            b = (float(c["x0"]), h - float(c["bottom"]), float(c["x1"]), h - float(c["top"]))
            out.extend([b] * len(t))
            i += len(t)
            j += 1
        elif c is not None and not t.strip() and not text[i].isspace():
            j += 1  # a space character the text leaves out
        else:
            out.append(None)
            i += 1
    return out


_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x1f]")


def _is_garbage(text: str) -> bool:
    """More than 30 % of the page's visible characters are replacement,
    private-use or control characters: a font without a character map."""
    visible = len("".join(text.split()))
    if not visible:
        return False
    bad = len(_UNREADABLE.findall(text)) - sum(text.count(c) for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f")
    return bad > 0.3 * visible


# ---------------------------------------------------------------- pdf tables (fast path)

RULE_WIDTH = 2.5  # a path thinner than this (points) is a ruling line
SNAP = 1.5  # rulings this close are the same line
JOIN = 3.0  # collinear rulings with gaps up to this are one line


def _rulings(paths):
    """Horizontal and vertical ruling lines from the page's path boxes, in PDF
    user space (y upwards): h = [y, x0, x1], v = [x, y0, y1]."""
    hs, vs = [], []
    for left, bottom, right, top, stroked in paths:
        w, h = right - left, top - bottom
        if h <= RULE_WIDTH and w >= 3:
            hs.append([(bottom + top) / 2, left, right])
        elif w <= RULE_WIDTH and h >= 3:
            vs.append([(left + right) / 2, bottom, top])
        elif w > 3 and h > 3 and stroked:
            # a stroked rectangle: its four sides (a filled one is a background)
            hs += [[bottom, left, right], [top, left, right]]
            vs += [[left, bottom, top], [right, bottom, top]]
    return _merge_segments(hs), _merge_segments(vs)


MERGE_LOOKBACK = 64  # rulings within SNAP looked at for a join (a dashed line has thousands)


def _merge_segments(segs):
    segs.sort()
    out = []
    for pos, a, b in segs:
        merged = False
        for k, o in enumerate(reversed(out)):
            if pos - o[0] > SNAP or k >= MERGE_LOOKBACK:
                break
            if a <= o[2] + JOIN and b >= o[1] - JOIN:
                o[1], o[2] = min(o[1], a), max(o[2], b)
                merged = True
                break
        if not merged:
            out.append([pos, a, b])
    # one line per position: snap the members of a cluster to its first
    return out


def _close_open_rows(hs, vs):
    """Close rows cut by a page break (side rulings, no bottom or top ruling)."""
    if not vs:
        return hs
    lo, hi = min(v[1] for v in vs), max(v[2] for v in vs)
    x0, x1 = min(v[0] for v in vs), max(v[0] for v in vs)
    hs = list(hs)
    if not hs or lo < min(h[0] for h in hs) - 2:
        hs.append([lo, x0, x1])
    if hi > max(h[0] for h in hs) + 2:
        hs.append([hi, x0, x1])
    return hs


def _grid_cells(hs, vs):
    """pdfplumber's 'lines' strategy: intersections, then for each one the
    smallest rectangle whose four corners are intersections joined by rulings.
    The intersections below and right of a corner are looked up in lists
    sorted once (sorting them again for every corner made 400 rulings take
    42 s); the walk is bounded (MAX_GRID_POINTS, MAX_GRID_STEPS)."""
    import bisect

    pts = {}
    for hi, (y, x0, x1) in enumerate(hs):
        for vi, (x, y0, y1) in enumerate(vs):
            if x0 - JOIN <= x <= x1 + JOIN and y0 - JOIN <= y <= y1 + JOIN:
                pts[(round(x, 1), round(y, 1))] = (hi, vi)
    if len(pts) > MAX_GRID_POINTS:
        raise _PageTooComplex(f"{len(pts)} 个表格线交点", f"{len(pts)} ruling intersections")
    by_x, by_y = {}, {}
    for (x, y) in pts:
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)
    for v in by_x.values():
        v.sort()
    for v in by_y.values():
        v.sort()
    cells = []
    steps = 0
    for (x, y), (hi, vi) in pts.items():
        ys, xs = by_x[x], by_y[y]
        below = ys[bisect.bisect_left(ys, y) - 1::-1] if ys[0] < y else ()  # nearest first
        right = xs[bisect.bisect_right(xs, x):]
        found = None
        for yb in below:
            if pts[(x, yb)][1] != vi:
                continue
            for xr in right:
                steps += 1
                if pts[(xr, y)][0] != hi:
                    continue
                br = pts.get((xr, yb))
                if br and br[1] == pts[(xr, y)][1] and br[0] == pts[(x, yb)][0]:
                    found = (x, yb, xr, y)
                    break
            if found:
                break
            if steps > MAX_GRID_STEPS:
                raise _PageTooComplex("表格线过多且不成网格", "rulings too many to form a grid")
        if found:
            cells.append(found)
    return cells


def _group_tables(cells):
    parent = list(range(len(cells)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    corner = {}
    for i, (l, b, r, t) in enumerate(cells):
        for c in ((l, b), (l, t), (r, b), (r, t)):
            if c in corner:
                parent[find(i)] = find(corner[c])
            else:
                corner[c] = i
    groups = {}
    for i in range(len(cells)):
        groups.setdefault(find(i), []).append(cells[i])
    return [g for g in groups.values() if len(g) >= 2]


def _pdfium_tables(paths, textpage):
    """Tables of a page from its rulings; cell text from pdfium's text layer.
    Returns (top, bottom, rows of cell text, rows of cell bands (bottom, top))
    in PDF user space, top first."""
    hs, vs = _table_budget(paths)
    if len(vs) < 2:
        return []
    hs = _close_open_rows(hs, vs)
    groups = _group_tables(_grid_cells(hs, vs))
    if not groups:
        return []
    spans = [(min(c[1] for c in g), max(c[3] for c in g)) for g in groups]
    words = _table_words(textpage, spans)
    centre = _char_centre_reader(textpage)
    baseline = _baseline_reader(textpage)
    tables = []
    for group in groups:
        group.sort(key=lambda c: (-c[3], c[0]))
        top = max(c[3] for c in group)
        bottom = min(c[1] for c in group)
        left = min(c[0] for c in group)
        right = max(c[2] for c in group)
        texts = {c: [] for c in group}
        locate = _cell_locator(group)
        inside = 0

        def put(c, text, line_no, y):
            # the cell's text goes on on another line: another text-page line, or the same
            # text-page line drawn lower (pdfium joins a wrapped "139 / 9" into one line
            # with a space; the space is the wrap, not part of the figure)
            parts = texts[c]
            if parts and (parts[-1][1] != line_no or abs(parts[-1][2] - y) > CELL_LINE_GAP):
                while parts and parts[-1][0].isspace():
                    parts.pop()
                parts.append(("\n", line_no, y))
            if text.isspace() and (not parts or parts[-1][0] == "\n"):
                return
            parts.append((text, line_no, y))

        for text, i0, (x0, y0), (x1, y1), line_no in words:
            base = baseline(i0)
            if left <= x0 <= right and bottom + WORD_MARGIN <= y0 <= top - WORD_MARGIN and \
                    left <= x1 <= right and bottom + WORD_MARGIN <= y1 <= top - WORD_MARGIN:
                c = locate(x0, y0)
                if c is not None and c[1] + WORD_MARGIN <= min(y0, y1) and max(y0, y1) <= c[3] - WORD_MARGIN \
                        and locate(x1, y1) is c:
                    # both ends well inside one cell: so is every character between
                    inside += 0 if text.isspace() else len(text)
                    put(c, text, line_no, base)
                    continue
            if (y0 > top and y1 > top) or (y0 < bottom and y1 < bottom) or \
                    (x0 < left and x1 < left) or (x0 > right and x1 > right):
                continue  # both ends on one side of the table: the word is not in it
            for k, ch in enumerate(text):  # the word may straddle a ruling: character by character
                x, y = centre(i0 + k) if 0 < k < len(text) - 1 else ((x0, y0) if k == 0 else (x1, y1))
                if not (left <= x <= right and bottom <= y <= top):
                    continue
                inside += not ch.isspace()
                c = locate(x, y)  # the cell that holds the character's centre
                if c is not None:
                    put(c, ch, line_no, baseline(i0 + k))
        rows, bands, last_top = [], [], None
        for c in group:
            if last_top is None or abs(c[3] - last_top) > 1:
                rows.append([])
                bands.append([])
                last_top = c[3]
            rows[-1].append("".join(ch for ch, _l, _y in texts[c]))
            bands[-1].append((c[1], c[3]))
        if len(rows) < 2 and not all(len(r) > 1 for r in rows):
            continue
        cell_chars = sum(len("".join(c.split())) for r in rows for c in r)
        if not cell_chars:
            continue  # a grid with no text in it is no table (its text was not found)
        if cell_chars < 0.9 * inside:
            continue  # the grid misses text: read the area as lines instead
        tables.append((top, bottom, rows, bands))
    tables.sort(key=lambda t: -t[0])
    return tables


def _cell_locator(cells):
    """x, y -> the cell whose box holds the point, by binary search on the
    grid of cell boundaries (a merged cell covers several grid positions)."""
    import bisect

    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    grid = {}
    for c in cells:
        for i in range(bisect.bisect_left(xs, c[0]), bisect.bisect_left(xs, c[2])):
            for j in range(bisect.bisect_left(ys, c[1]), bisect.bisect_left(ys, c[3])):
                grid[(i, j)] = c

    def locate(x, y):
        i = bisect.bisect_right(xs, x) - 1
        j = bisect.bisect_right(ys, y) - 1
        c = grid.get((i, j))
        if c is None and i > 0 and x == xs[i]:
            c = grid.get((i - 1, j))
        return c
    return locate


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


WORD_MARGIN = 3.0  # points: a word's ends this far inside a cell put the whole word in it
CELL_LINE_GAP = 3.0  # points: text this much lower in a cell is on the cell's next line


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


def _table_words(textpage, spans):
    """(text, index of its first character, centre of the first, centre of
    the last, text-page line) for the words -- runs of non-space characters,
    and each space on its own -- on lines within the vertical spans (bottom,
    top) of the tables, in reading order.  Two character boxes a word rather
    than one a character: the boxes are the costly part of reading a table."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n)
    box = _char_box_reader(textpage)
    out = []
    start = 0
    for line_no, line in enumerate(text[:n].split("\r\n")):
        end = start + len(line)
        if line.strip():
            lead = len(line) - len(line.lstrip())
            _l, b, _r, t = box(start + lead)
            y = (b + t) / 2
            tail = len(line.rstrip()) - 1
            _l, b2, _r, t2 = box(start + tail)
            # a line is skipped by its ends; a text layer without line breaks puts a whole
            # page on one "line", whose ends say nothing about the words between
            within = any(lo - 2 <= y <= hi + 2 for lo, hi in spans)
            if within or abs((b2 + t2) / 2 - y) > 2:
                for m in _WORD.finditer(line):
                    i0, i1 = start + m.start(), start + m.end() - 1
                    l0, b0, r0, t0 = box(i0)
                    first = ((l0 + r0) / 2, (b0 + t0) / 2)
                    if i1 == i0:
                        last = first
                    else:
                        l1, b1, r1, t1 = box(i1)
                        last = ((l1 + r1) / 2, (b1 + t1) / 2)
                    out.append((m.group(), i0, first, last, line_no))
        start = end + 2
    return out


_WORD = re.compile(r"\S+|\s")


def _pdf_page_lines(tp, hidden=()):
    """Lines of a page from pypdfium2's text layer, each with its top y, its left x and
    where its characters are in the text page (``src``: the index of its first character
    when they run on, else one index per character) -- kept so that the boxes of the
    characters a finding points at can be asked of pdfium later (``PdfAnchors``); the
    characters at the ``hidden`` indices (clipped away) left out."""
    text = tp.get_text_range()
    box = _char_box_reader(tp)
    baseline = _baseline_reader(tp)
    out = []
    idx = 0
    for ln in text.split("\r\n"):
        start = idx
        idx += len(ln) + 2
        if hidden and any(i in hidden for i in range(start, start + len(ln))):
            keep = [k for k in range(len(ln)) if start + k not in hidden]
            if not "".join(ln[k] for k in keep).strip():
                continue  # the whole line is clipped away
            first = next(k for k in keep if not text[start + k].isspace())
            ln = "".join(ln[k] for k in keep)
            x, _b, _r, y = box(start + first)
            out.append((ln, y, x, [start + k for k in keep]))
            continue
        y = x = None
        if ln.strip():
            lead = len(ln) - len(ln.lstrip())
            x, _b, _r, y = box(start + lead)
            tail = len(ln.rstrip()) - 1
            if abs(baseline(start + tail) - baseline(start + lead)) > LINE_SPLIT:
                out.extend(_split_by_baseline(ln, start, box, baseline))
                continue
        out.append((ln, y, x, start))
    return out


LINE_SPLIT = 3.0  # points: a text-page "line" whose ends lie further apart than this is several lines


def _split_by_baseline(ln: str, start: int, box, baseline) -> list:
    """A text-page line that holds several printed lines (a text layer without line
    breaks: a whole page, page number first, as one line) cut where the characters move to
    another height; each piece with its top y, left x and its characters' indices."""
    pieces = []
    cur, idx, cur_y, cur_top, cur_x = [], [], None, None, None

    def flush():
        t = "".join(cur).rstrip()
        pieces.append((t, cur_top, cur_x, idx[:len(t)]))

    for k, ch in enumerate(ln):
        if ch.isspace():
            if cur:
                cur.append(ch)
                idx.append(start + k)
            continue
        left, _bottom, _right, top = box(start + k)
        mid = baseline(start + k)
        if cur_y is not None and abs(mid - cur_y) > LINE_SPLIT:
            flush()
            cur, idx, cur_y = [], [], None
        if cur_y is None:
            cur_y, cur_top, cur_x = mid, top, left
        cur.append(ch)
        idx.append(start + k)
    if cur:
        flush()
    return pieces


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
_CJK_GAP = re.compile(f"(?<=[{_CJK_PUNCT}])[ \u00a0]+(?=[{_CJK_PUNCT}])")


def _pdf_tables(plumber, pno):
    page = plumber.pages[pno]
    try:
        return _plumber_tables(page)
    finally:
        page.close()


def _plumber_tables(page):
    """pdfplumber's tables of a page: (top, bottom, rows, cell bands) in PDF
    user space, a band being a cell's (bottom, top)."""
    extra = _open_row_lines(page)
    found = page.find_tables({"explicit_horizontal_lines": extra} if extra else {})
    tables = []
    h = float(page.height)
    for t in found:
        rows = t.extract()
        if not rows or (len(rows) < 2 and not all(len(r) > 1 for r in rows)):
            continue  # as the fast path: one row is a table only if it has several cells
        x0, top, x1, bottom = t.bbox
        # the text layer is complete even where the table finder is not:
        # a table that holds clearly less text than its area is not used
        area_text = page.within_bbox(t.bbox).extract_text() or ""
        cell_chars = sum(len(re.sub(r"\s", "", c or "")) for r in rows for c in r)
        if cell_chars < 0.9 * len(re.sub(r"\s", "", area_text)):
            continue
        # pdfium y runs bottom-up; pdfplumber's top-down
        bands = [[None if c is None else (h - c[3], h - c[1]) for c in row.cells] for row in t.rows]
        tables.append((h - top, h - bottom, rows, bands))
    return tables


PAGE_NUMBER = re.compile(r"^[\s\-－─—–_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?"
                         r"(?:\s*共\s*\d{1,4}\s*页)?[\s\-－─—–_·•]*$")


RUNNING_EDGE_LINES = 1  # lines at the top and at the bottom of a page that may be a running header
# a table's caption and unit line are printed again on every page the table runs over: they
# are the table's, never a running header to leave out
_TABLE_LINE = re.compile(r"单位[:：]|表(?:[（(][^（）()]{1,20}[）)])?$")
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.3  # of the pages: a header or footer printed on at least this many is running
_RUNNING_KEY = re.compile(r"[\s\d\-—─–_·.．/]+")


def _running_lines(pages: list) -> dict:
    """The running header and footer (页眉/页脚: "苏州市审计局2026年度部门预算公开" at the top of
    every page) of a document: the same text, digits aside, among the top-most or bottom-most
    lines of many pages.  Returns page index -> indices of its lines to leave out."""
    if len(pages) < RUNNING_MIN_PAGES:
        return {}
    seen: dict = {}
    edges = {}
    for pno, lines, _tables in pages:
        placed = sorted(((y, k) for k, (t, y, _x) in enumerate(lines) if y is not None and t.strip()),
                        reverse=True)
        edge = placed[:RUNNING_EDGE_LINES] + placed[-RUNNING_EDGE_LINES:]
        edges[pno] = {k: _RUNNING_KEY.sub("", lines[k][0]) for _y, k in edge}
        edges[pno] = {k: key for k, key in edges[pno].items() if not _TABLE_LINE.search(lines[k][0].strip())}
        for key in set(edges[pno].values()):
            if len(key) >= 4:
                seen[key] = seen.get(key, 0) + 1
    need = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))
    running = {key for key, n in seen.items() if n >= need}
    return {pno: {k for k, key in keys.items() if key in running} for pno, keys in edges.items()}


def _page_number_lines(lines) -> set:
    """The page's printed page number: a line that holds only a number ("24",
    "─13─", "- 3 -", "第 3 页 共 30 页") and is the page's top-most or
    bottom-most line.  It is left out of the text, so that a sentence running
    over the page break is joined without it ("增加 40 / 24 / 万元" is 40 万元,
    not 4024)."""
    placed = [(y, k) for k, (t, y, _x) in enumerate(lines) if y is not None and t.strip()]
    if len(placed) < 2:
        return set()
    out = set()
    for _y, k in (min(placed), max(placed)):
        if PAGE_NUMBER.match(lines[k][0]):
            out.add(k)
    return out


def _merge_page(lines, tables, pno, first, drop=frozenset()):
    """Interleave a page's text lines and tables by vertical position; the
    lines in ``drop`` (the printed page number) are left out."""
    items: list[RawItem] = []
    blank = 0 if first else 3  # a page break counts as a blank run
    placed = [False] * len(tables)
    # the text edge: the leftmost line of text, a running header, a page number and the
    # lines inside tables (a cell may stand left of the body) aside
    xs = [x for k, (_t, y, x) in enumerate(lines) if x is not None and k not in drop
          and not (y is not None and any(ybot - 1 <= y <= ytop + 1 for ytop, ybot, _r, _b in tables))]
    left = min(xs) if xs else 0.0
    for k, (ln, y, x) in enumerate(lines):
        if y is not None:
            inside = None
            for ti, (ytop, ybot, _rows, _bands) in enumerate(tables):
                if ybot - 1 <= y <= ytop + 1:
                    inside = ti
                    break
            if inside is not None:
                if not placed[inside]:
                    placed[inside] = True
                    items.append(RawTable(_table_rows(tables[inside], lines, pno), blank))
                    blank = 0
                continue
        if not ln.strip() or k in drop:
            blank += not ln.strip()
            continue
        items.append(RawLine(_line_source(ln, k + 1, pno), blank, max(0.0, x - left) if x is not None else 0.0))
        blank = 0
    for ti, done in enumerate(placed):
        if not done:
            items.append(RawTable(_table_rows(tables[ti], lines, pno), blank))
    return items


def _table_rows(table, lines, pno):
    """Cells of a table, each line of a cell pointing at the page line that
    holds it.  Cells covered by a merge (None) are dropped, so a row keeps the
    shape it had in the document (as the Word-export text layout does)."""
    ytop, ybot, rows, bands = table
    # each line without its spaces (cells are found in it however the line spaced them),
    # with the map back to the printed line's columns
    inside = [(k, ln.replace(" ", ""), y, [i for i, ch in enumerate(ln) if ch != " "])
              for k, (ln, y, _x) in enumerate(lines) if y is not None and ybot - 1 <= y <= ytop + 1]
    cursor: dict = {}  # page line -> where the last cell found on it ended
    near_band: dict = {}  # cell band -> the table's lines within it
    out = []
    for r, band_row in zip(rows, bands):
        cells = []
        for c, band in zip(r, band_row):
            if c is None:
                continue
            near = near_band.get(band)
            if near is None:
                near = near_band[band] = _lines_in_band(inside, band)
            cells.append(_cell_source(c, inside, pno, near, cursor))
        out.append(cells)
    return out


CELL_BAND_SLACK = 2.0  # points: a line whose top is this close to a cell's band is in the cell


def _lines_in_band(inside, band):
    """The table's lines whose top lies within a cell's band (or all of them)."""
    if band is None:
        return inside
    lo, hi = band[0] - CELL_BAND_SLACK, band[1] + CELL_BAND_SLACK
    return [ln for ln in inside if lo <= ln[2] <= hi] or inside


def _cell_source(raw_text: str, inside, pno, near=None, cursor=None) -> SourceText:
    """A cell's text (lines joined as wrapped lines are) with a segment for
    each of its lines, located on the page line that holds it: a line within
    the cell's vertical band (`near`), at or after the cells found on it
    before (cells come left to right, so the third "0.00" of a row is the
    third on its line); any line of the table if the band holds none."""
    parts = [x for x in _CJK_GAP.sub("", raw_text or "").split("\n") if x.strip()]
    cursor = {} if cursor is None else cursor
    near = inside if near is None else near
    text, segs = "", []
    default = (near[0][0] + 1 if near else 1)
    for part in parts:
        part = part.strip()
        if text and text[-1].isascii() and text[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            text += " "
        line_no, col = default, 1
        head = part.replace(" ", "")[:6]
        for candidates in (near, inside) if near is not inside else (inside,):
            found = False
            for cand in candidates:
                k, ln = cand[0], cand[1]
                j = ln.find(head, cursor.get(k, 0))
                if j < 0:
                    j = ln.find(head)
                if j >= 0:
                    # the column in the printed line (the search ran on the line without spaces)
                    col = (cand[3][j] if len(cand) > 3 and j < len(cand[3]) else j) + 1
                    line_no, found = k + 1, True
                    cursor[k] = j + len(head)
                    break
            if found:
                break
        segs.append(Segment(len(text), pno, line_no, col))
        text += part
    return SourceText(text, segs or [Segment(0, pno, default, 1)])


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
