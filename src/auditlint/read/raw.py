"""What every reader shares: the raw items a reader yields, the read result, input problems.

A reader turns a file into ``RawLine`` / ``RawParagraph`` / ``RawTable`` items
in reading order; ``structure.build_document`` then re-joins wrapped lines,
recognises headings and splits reports.  Problems with the input itself are
``InputProblem`` records (AL0xx), never exceptions.

Also here, because more than one reader uses them: the limit on one line or
paragraph (``MAX_LINE_CHARS``), the invisible characters dropped from every
reader's text (``drop_invisible``, applied by ``auditlint.read.read``), a source
line's position (``_line_source``), the CJK character class (``_CJK_PUNCT``), the
zip-bomb guard of the zip-based formats but DOCX (``open_package``: Excel, OFD) and
the sheet limit of the workbook readers (``limited_sheets``).
This module imports nothing of the readers when it is loaded (they all import
it); ``open_package`` borrows the DOCX reader's piecewise inflation when called.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Optional, Union

from ..model import InputProblem, Segment, SourceText


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
    page_labels: dict = field(default_factory=dict)  # page -> the page number printed on it (PDF, OFD, OCR)
    anchors: Optional["LineAnchors"] = None  # where the source lines are in the file (PDF, DOCX)
    ocr: Optional[object] = None  # read.ocr.OcrInfo: the pages read by OCR, with the confidence of each box


class LineAnchors:
    """Where the characters of source lines are in the file, asked for only for the
    lines findings point at (``for_lines``), so that reading pays nothing for it."""

    def for_lines(self, keys) -> dict:
        """(page, line) -> the anchor of that line (the shapes: result.CheckedFile)."""
        raise NotImplementedError


def _problem(code, zh, en, fatal=True, page=None):
    return InputProblem(code, zh, en, fatal, page)


def pages_left_unread(what: str, n: int, limit: int, verb_zh: str = "读取") -> InputProblem:
    """AL008: a file of ``n`` pages of which only the first ``limit`` were read (``what``:
    PDF, OFD; ``verb_zh``: 读取, or 识别 for OCR)."""
    return _problem("AL008", f"{what} 共 {n} 页，只{verb_zh}了前 {limit} 页",
                    f"the {what} has {n} pages; only the first {limit} were read", fatal=False)


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


MAX_LINE_CHARS = 1_000_000  # one line or paragraph: a page holds ~1,500; reading 10⁶ figure-dense ones takes ~17 s


def _long_line(lineno: int, n: int) -> InputProblem:
    return _problem("AL009", f"第 {lineno} 行（段）长达 {n:,} 字，超出上限，只检查了前 {MAX_LINE_CHARS:,} 字",
                    f"line (paragraph) {lineno} holds {n:,} characters; only the first {MAX_LINE_CHARS:,} were checked",
                    fatal=False)


def _line_source(line: str, lineno: int, page=None, start_col: int = 1) -> SourceText:
    return SourceText(line, [Segment(0, page, lineno, start_col)])


# CJK punctuation, ideographs and full-width forms (a character class): white space a layout
# puts between two of them is no text (read.html drops line breaks there, read.pdf.merge spaces)
_CJK_PUNCT = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"


# ---------------------------------------------------------------- zip packages (Excel, OFD)

PACKAGE_MAX_TOTAL = 512 * 2**20  # all members of a package, uncompressed (as declared)
BOMB_RATIO = 1000  # a member inflating this many times its stored size ...
BOMB_MEMBER = 50 * 2**20  # ... to more than this is a bomb


def _package_bomb(zf: zipfile.ZipFile) -> bool:
    infos = zf.infolist()
    return sum(z.file_size for z in infos) > PACKAGE_MAX_TOTAL or any(
        z.compress_size and z.file_size / z.compress_size > BOMB_RATIO and z.file_size > BOMB_MEMBER for z in infos)


def open_package(data: bytes, what_zh: str, what_en: str, inflate: bool = False):
    """The zip package of an Excel or OFD file, or the problem that stops reading it:
    (ZipFile, None) or (None, AL009 for a zip bomb / AL004 for no valid zip).
    ``what_zh`` / ``what_en`` name the file in the messages ("Excel 文件", "the Excel file").
    ``inflate``: every member is inflated in pieces first (``docx._inflate_members``), for a
    reader whose library reads members whole -- openpyxl does: a member whose data inflates
    far beyond its declared size is then AL004 instead of gigabytes in one buffer (ofdkit
    reads a member with a limit)."""
    from .docx import _BadMember, _inflate_members

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        if _package_bomb(zf):
            return None, _problem("AL009", f"{what_zh}解压后体积异常（疑似压缩炸弹），已拒绝读取",
                                  f"{what_en} expands to an implausible size (zip bomb?); not read")
        if inflate:
            _inflate_members(zf, zf.infolist())
    except _BadMember as exc:
        return None, _problem("AL004", f"{what_zh}已损坏：{exc} 的数据与其声明的大小或校验值不符，请重新导出",
                              f"{what_en} is broken: the data of {exc} does not match its declared size or checksum;"
                              " export it again")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, zlib.error,
            NotImplementedError, RuntimeError):  # inflating: damaged data, an unknown method, encryption
        return None, _problem("AL004", f"{what_zh}已损坏（不是有效的 zip 包），请重新导出",
                              f"{what_en} is broken (not a valid zip); export it again")
    return zf, None


def limited_sheets(res: ReadResult, count: int, opts):
    """Sheet numbers 1..count up to ``--max-pages`` (``opts.max_pages``); where the
    workbook holds more, an AL008 saying how many were read is added to ``res``."""
    limit = opts.max_pages if opts is not None and opts.max_pages else None
    for number in range(1, count + 1):
        if limit is not None and number > limit:
            res.problems.append(_problem(
                "AL008", f"工作簿共 {count} 个工作表，只读取了前 {limit} 个",
                f"the workbook has {count} sheets; only the first {limit} were read", fatal=False))
            return
        yield number
