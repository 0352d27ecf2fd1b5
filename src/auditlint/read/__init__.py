"""What a file is, decided by its bytes, and which reader reads it.

``FORMATS`` is the one table of input formats: the reader registry (one line
each), the default include globs of the command line (``INCLUDE_GLOBS``) and
the upload page's ``accept=`` list (``ACCEPT``) all come from it, and so does
the README's list of formats.

``sniff`` looks at the content, never at the name first:

- ``%PDF`` -> pdf;
- a zip: its members decide -- ``word/document.xml`` or an officeDocument
  relationship to a ``word/`` part -> docx, ``xl/workbook.xml`` -> xlsx,
  ``OFD.xml`` -> ofd; any other zip is an archive, not a report;
- OLE2 (``D0 CF 11 E0``): the streams inside decide -- ``WordDocument`` ->
  doc (Word 97-2003 and WPS 文字 .wps), ``Workbook`` / ``Book`` -> xls (also
  WPS 表格 .et), ``EncryptedPackage`` -> a password-protected Office file;
- HTML by its start (``<!DOCTYPE html``, ``<html`` …), MHTML by its MIME
  header (``multipart/related``);
- text otherwise (when it looks like text).

The extension only breaks ties: a file named ``.xlsx`` that is no zip at all
is a broken xlsx (AL004), not an unknown format.
"""
from __future__ import annotations

import importlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from typing import Callable, Optional

from .raw import ReadResult, _problem, _visible
from .text import _looks_like_text


@dataclass(frozen=True)
class ReadOptions:
    path: str = ""
    max_pages: Optional[int] = None
    pdf_engine: str = "fast"


@dataclass(frozen=True)
class Format:
    name: str  # what sniff returns, and Document.format
    extensions: tuple  # lower-case, with the dot; the first is the usual one
    label: str  # for messages and the README
    needs: str  # what reading it takes (a package, a program)
    reader: str  # "module:function" below auditlint, imported on first use; f(data, ReadOptions)


# ---------------------------------------------------------------- the format table (the registry)

FORMATS = (
    Format("pdf", (".pdf",), "PDF（文字层）", "pypdfium2, pdfplumber", "read.registry:read_pdf"),
    Format("docx", (".docx",), "Word 文档 (.docx)", "python-docx", "read.registry:read_docx"),
    Format("doc", (".doc", ".wps"), "Word 97-2003 / WPS 文字 (.doc .wps)",
           "LibreOffice (soffice) converts it to .docx", "read.office:read_doc"),
    Format("xlsx", (".xlsx", ".xlsm"), "Excel 工作簿 (.xlsx)", "openpyxl", "read.xlsx:read_xlsx"),
    Format("xls", (".xls", ".et"), "Excel 97-2003 / WPS 表格 (.xls .et)", "xlrd", "read.xlsx:read_xls"),
    Format("html", (".html", ".htm", ".mhtml", ".mht"), "网页 (.html .htm .mht)", "lxml (comes with python-docx)",
           "read.html:read_html"),
    Format("ofd", (".ofd",), "OFD 版式文件 (GB/T 33190)", "ofdkit", "read.ofd:read_ofd"),
    Format("text", (".txt", ".md", ".markdown", ".text"), "文本 (.txt .md)", "nothing", "read.registry:read_text"),
)

BY_NAME = {f.name: f for f in FORMATS}
BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}
INCLUDE_GLOBS = [f"*{ext}" for f in FORMATS for ext in f.extensions if ext not in (".markdown", ".text")]
ACCEPT = ",".join(ext for f in FORMATS for ext in f.extensions)


def reader_of(name: str) -> Callable:
    mod, _, fn = BY_NAME[name].reader.partition(":")
    return getattr(importlib.import_module(f"auditlint.{mod}"), fn)


# ---------------------------------------------------------------- sniffing

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
_MHTML = re.compile(rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related",
                    re.I)


def sniff(path: str, data: bytes) -> str:
    """The format name (a key of BY_NAME), or 'broken-<ext>', 'encrypted-office',
    'archive', 'ole-other' or 'binary'."""
    ext = os.path.splitext(path)[1].lower()
    head = data[:8]
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, ext)
    if head == OLE_MAGIC:
        return _sniff_ole(data, ext)
    start = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(start):
        return "html"
    if _MHTML.match(start):
        return "html"
    fmt = BY_EXTENSION.get(ext)
    if fmt is not None and fmt.name not in ("text", "html"):
        return "broken-" + ext[1:]
    if ext in (".zip", ".rar", ".7z"):
        return "archive"
    if _looks_like_text(data):
        return "text"
    return "binary"


def _sniff_zip(data: bytes, ext: str) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = {n.replace("\\", "/").lstrip("/") for n in zf.namelist()}
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        fmt = BY_EXTENSION.get(ext)
        return "broken-" + (ext[1:] if fmt is not None and fmt.name in ("docx", "xlsx", "ofd") else "docx")
    lower = {n.lower() for n in names}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ofd.xml" in lower:
        return "ofd"
    if "_rels/.rels" in names:
        # the package's main part is named by its officeDocument relationship
        try:
            with zf.open("_rels/.rels") as fh:
                rels = fh.read(1 << 16)
        except Exception:  # noqa: BLE001 - a broken member: decide by the other members
            rels = b""
        m = re.search(rb'officeDocument"\s+Target="/?([^"]+)"|Target="/?([^"]+)"[^>]*officeDocument"', rels)
        if m:
            target = (m.group(1) or m.group(2)).decode("utf-8", "replace")
            kind = _content_type_of(zf, target)  # the standard lets the main part have any name
            if kind:
                return kind
            if target.startswith("word/"):
                return "docx"
            if target.startswith("xl/"):
                return "xlsx"
    if ext in (".docx", ".xlsx", ".xlsm", ".ofd"):
        return "broken-" + ext[1:]
    return "archive"


def _content_type_of(zf, part: str) -> str:
    """docx / xlsx by the content type [Content_Types].xml gives the main part, or ''."""
    try:
        with zf.open("[Content_Types].xml") as fh:
            types = fh.read(1 << 20)
    except Exception:  # noqa: BLE001 - missing or broken: decide by the part's folder
        return ""
    m = re.search(rb'PartName="/?' + re.escape(part.encode("utf-8")) + rb'"[^>]*ContentType="([^"]+)"', types) \
        or re.search(rb'ContentType="([^"]+)"[^>]*PartName="/?' + re.escape(part.encode("utf-8")) + rb'"', types)
    ct = m.group(1) if m else b""
    if b"wordprocessingml.document" in ct:
        return "docx"
    if b"spreadsheetml.sheet" in ct:
        return "xlsx"
    return ""


def _sniff_ole(data: bytes, ext: str) -> str:
    import olefile  # BSD-2-Clause

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            streams = {"/".join(e).lower() for e in ole.listdir(streams=True, storages=False)}
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - olefile raises many kinds on a damaged compound file
        fmt = BY_EXTENSION.get(ext)
        return "broken-" + (ext[1:] if fmt is not None and fmt.name in ("doc", "xls") else "doc")
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "encryptedpackage" in streams:
        return "encrypted-office"
    return "ole-other"


# ---------------------------------------------------------------- dispatch

def read(path: str, data: Optional[bytes] = None, max_pages: Optional[int] = None,
         pdf_engine: str = "fast") -> ReadResult:
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
    if kind in BY_NAME:
        try:
            # zero-width and bidi characters are dropped from every reader's text, positions kept
            return _visible(reader_of(kind)(data, ReadOptions(path, max_pages, pdf_engine)))
        except MemoryError:
            return ReadResult(kind, problems=[_problem(
                "AL009", "文件过大，内存不足以读取", "the file is too large to read in memory")])
    ext = os.path.splitext(path)[1].lower()
    if kind == "encrypted-office":
        return ReadResult("unknown", problems=[_problem(
            "AL005", "Office 文件已加密（设置了打开密码）：请另存一份不加密的副本再检查",
            "the Office file is encrypted (it has an open password): save an unprotected copy and check that")])
    if kind.startswith("broken-"):
        name = kind.split("-", 1)[1].upper()
        return ReadResult("unknown", problems=[_problem(
            "AL004",
            f"文件扩展名为 {ext}，但内容不是有效的 {name} 文件（已损坏或扩展名有误）：请重新导出",
            f"the file is named {ext} but is not a valid {name} file (damaged or misnamed): export it again")])
    if kind == "archive":
        return ReadResult("unknown", problems=[_problem(
            "AL003", "这是一个压缩包，不是报告文件：请解压后检查其中的文件",
            "this is an archive, not a report: unpack it and check the files inside")])
    return ReadResult("unknown", problems=[_problem(
        "AL003",
        f"不支持的文件格式（{ext or '无扩展名'}）：请提交 PDF、Word、Excel、WPS、OFD、网页或文本文件",
        f"unsupported file format ({ext or 'no extension'}): submit PDF, Word, Excel, WPS, OFD, HTML or text")])
