"""The DOCX reader (python-docx): body paragraphs with their style, Word tables
(nested tables and content controls in cells read in order), and where each
line is in the file (``DocxAnchors``, for the annotated copy).

The package is checked before python-docx sees it: member count and declared
sizes (``DOCX_MAX_*``), every member inflated in pieces (a member that inflates
beyond its declared size is refused without being held whole), the main part
found through the package relationships.  .doc/.wps files come here after
LibreOffice converted them (``read.office``).
"""
from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from typing import Optional

from ..model import InputProblem
from .raw import MAX_LINE_CHARS, LineAnchors, RawParagraph, RawTable, ReadResult, _line_source, _long_line, _problem


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
    """The package checked, then read by python-docx: its body in order."""
    problem = _package_problem(data)
    if problem is not None:
        return ReadResult("docx", problems=[problem])
    import docx  # python-docx

    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on bad packages
        return ReadResult("docx", problems=[_problem(
            "AL004", f"DOCX 文件无法解析：{type(exc).__name__}",
            f"the DOCX cannot be parsed: {type(exc).__name__}")])
    return _read_body(d)


def _package_problem(data: bytes) -> Optional[InputProblem]:
    """What is wrong with the zip package before python-docx sees it: sizes over
    the limits (AL009), a member whose data lies about its size, no main part, not
    a zip at all (AL004); None when it may be read."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        if _docx_too_large(infos):
            return _problem("AL009", "DOCX 解压后体积异常（疑似压缩炸弹），已拒绝读取",
                            "the DOCX expands to an implausible size (zip bomb?); not read")
        _inflate_members(zf, infos)
        info = {z.filename: z for z in infos}
        if _main_part(zf, info) is None:
            return _problem("AL004", "DOCX 文件已损坏：缺少正文（_rels/.rels 未指向存在的正文部分）",
                            "the DOCX is broken: its package relationships name no main document part that exists")
    except _BadMember as exc:
        return _problem(
            "AL004", f"DOCX 文件已损坏：{exc} 的数据与其声明的大小或校验值不符，请重新导出",
            f"the DOCX is broken: the data of {exc} does not match its declared size or checksum; export it again")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError,
            zlib.error):
        return _problem("AL004", "DOCX 文件已损坏（不是有效的 zip 包），请重新导出",
                        "the DOCX is broken (not a valid zip); export it again")
    return None


def _read_body(d) -> ReadResult:
    """The body's paragraphs and tables in order: a source line for each body
    paragraph and each table cell, with its anchor."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    res = ReadResult("docx")
    res.anchors = DocxAnchors()
    lineno = n_par = n_tbl = 0
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lineno += 1
            _add_paragraph(res, Paragraph(child, d), lineno, n_par)
            n_par += 1
        elif tag == "tbl":
            lineno = _add_table(res, Table(child, d), d, lineno, n_tbl)
            n_tbl += 1
    if not res.items:
        res.problems.append(_problem("AL002", "DOCX 中没有文字内容", "the DOCX holds no text"))
    return res


def _add_paragraph(res: ReadResult, p, lineno: int, n_par: int) -> None:
    text = p.text
    if len(text) > MAX_LINE_CHARS:
        res.problems.append(_long_line(lineno, len(text)))
        text = text[:MAX_LINE_CHARS]
    res.source_lines[(None, lineno)] = text
    res.anchors.lines[(None, lineno)] = {"paragraph": n_par}
    if text.strip():
        style = p.style.name if p.style is not None else ""
        res.items.append(RawParagraph(_line_source(text, lineno), style))


def _add_table(res: ReadResult, t, d, lineno: int, n_tbl: int) -> int:
    """A Word table: a line for each cell (a merged cell once); returns the last line number."""
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
                res.anchors.lines[(None, lineno)] = {"table": n_tbl, "row": ri, "cell": ci,
                                                     "paragraphs": _paragraph_starts(pars)}
            cells.append(_line_source(txt, lineno))
        rows.append(cells)
    res.items.append(RawTable(rows))
    return lineno


def _paragraph_starts(pars: list) -> list:
    """The column (1-based) where each of a cell's paragraphs starts in its line."""
    starts, col = [], 1
    for pt in pars:
        starts.append(col)
        col += len(pt) + 1
    return starts


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
