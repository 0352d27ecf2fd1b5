"""Adapters from the registry's calling convention, f(data, ReadOptions), to the
PDF, DOCX and text readers (``read.pdf``, ``read.docx``, ``read.text``), which take
their own arguments."""
from __future__ import annotations

from . import docx, pdf, text
from .raw import ReadResult


def read_pdf(data: bytes, opts) -> ReadResult:
    res = pdf.read_pdf(data, max_pages=opts.max_pages, engine=opts.pdf_engine)
    if any(p.code == "AL006" and p.fatal for p in res.problems):
        # a scan: OCR when the optional extra is installed, else say how to get it
        from . import ocr

        scanned = ocr.read_scanned_pdf(data, opts.max_pages)
        if scanned is not None:
            return scanned
        zh, en = ocr.missing_message()
        for p in res.problems:
            if p.code == "AL006":
                p.message_zh, p.message_en = zh, en
    return res


def read_docx(data: bytes, opts) -> ReadResult:
    return docx.read_docx(data)


def read_text(data: bytes, opts) -> ReadResult:
    return text.read_text(data)
