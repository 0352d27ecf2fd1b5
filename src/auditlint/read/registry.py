"""Adapters from the registry's calling convention, f(data, ReadOptions), to the
PDF, DOCX and text readers that still live in ``auditlint.readers``."""
from __future__ import annotations

from .. import readers


def read_pdf(data: bytes, opts) -> readers.ReadResult:
    return readers.read_pdf(data, max_pages=opts.max_pages, engine=opts.pdf_engine)


def read_docx(data: bytes, opts) -> readers.ReadResult:
    return readers.read_docx(data)


def read_text(data: bytes, opts) -> readers.ReadResult:
    return readers.read_text(data)
