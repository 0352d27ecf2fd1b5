"""Adapters from the registry's calling convention, f(data, ReadOptions), to the
PDF, DOCX and text readers that still live in ``auditlint.readers``."""
from __future__ import annotations

from .. import readers


def read_pdf(data: bytes, opts) -> readers.ReadResult:
    res = readers.read_pdf(data, max_pages=opts.max_pages, engine=opts.pdf_engine)
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


def read_docx(data: bytes, opts) -> readers.ReadResult:
    return readers.read_docx(data)


def read_text(data: bytes, opts) -> readers.ReadResult:
    return readers.read_text(data)
