"""The readers' old home, kept for outside users: every name it held, re-exported.

The readers now live in ``auditlint.read``, one module per format (issue 18):

- ``read/raw.py``: the raw items (``RawLine``, ``RawParagraph``, ``RawTable``),
  ``ReadResult``, ``LineAnchors``, ``_problem``, the line limit and invisible
  characters -- what every reader shares;
- ``read/text.py``: text / Markdown (encodings, Word-export tab tables);
- ``read/docx.py``: DOCX (python-docx), with ``DocxAnchors``;
- ``read/pdf/``: PDF (pypdfium2 fast path, ruling-based tables, the pdfplumber
  path, running headers, ``PdfAnchors``): see that package's docstring;
- ``read/__init__.py``: the format table, ``sniff`` and ``read`` (the dispatch).

The package's own modules import from those homes; this module imports them and
adds nothing but ``read_stdin``.  A name re-exported here is the home module's
object: setting it here (a test's monkeypatch) does not reach the code that
reads it -- patch the home module.
"""
from __future__ import annotations

import sys

from .read import read, sniff  # noqa: F401
from .read.raw import (  # noqa: F401
    INVISIBLE, MAX_LINE_CHARS, _CJK_PUNCT, LineAnchors, RawItem, RawLine, RawParagraph, RawTable, ReadResult,
    _line_source, _long_line, _problem, _visible, drop_invisible)
from .read.text import (  # noqa: F401
    _PLAUSIBLE, _decode_line, _is_utf8, _line_ranges, _looks_like_text, _read_tab_table, _utf16_without_bom,
    decode_lines, decode_text, read_text, text_items)
from .read.docx import (  # noqa: F401
    DOCX_MAX_MEMBERS, DOCX_MAX_TOTAL, DOCX_MAX_XML, DOCX_NESTING, _TARGET, DocxAnchors, _BadMember,
    _cell_lines, _docx_too_large, _inflate_members, _main_part, read_docx)
from .read.pdf import (  # noqa: F401
    PDF_ENGINES, PDF_TABLE_MIN_PATHS, read_pdf)
from .read.pdf.limits import (  # noqa: F401
    MAX_GRID_POINTS, MAX_GRID_STEPS, MAX_PAGE_OBJECTS, MAX_PAGE_PATHS, MAX_RULINGS, MAX_STREAM_BYTES,
    MAX_STREAM_OPS, _COUNT_OPS_FROM, _NOT_CONTENT, _OBJECT_OPS, _STREAM_KW, _PageTooComplex, _stream_bomb,
    _too_complex)
from .read.pdf.native import (  # noqa: F401
    CLIP_TOLERANCE, _Pdfium, _baseline_reader, _char_box_reader, _char_centre_reader, _clip_box,
    _clipped_chars, _page_census, _pdfium)
from .read.pdf.text import (  # noqa: F401
    LINE_SPLIT, VISUAL_LINE_TOLERANCE, _UNREADABLE, _WS, PdfAnchors, _is_garbage, _line_sources,
    _pdf_page_lines, _rounded, _split_by_baseline, _visual_lines)
from .read.pdf.rulings import (  # noqa: F401
    JOIN, MERGE_LOOKBACK, RULE_WIDTH, SNAP, _close_open_rows, _grid_cells, _group_tables, _merge_segments,
    _rulings, _table_budget)
from .read.pdf.tables import (  # noqa: F401
    CELL_LINE_GAP, WORD_MARGIN, _WORD, _cell_locator, _pdfium_tables, _table_words)
from .read.pdf.plumber import (  # noqa: F401
    _open_row_lines, _pdf_tables, _plumber_boxes, _plumber_page, _plumber_tables)
from .read.pdf.headers import (  # noqa: F401
    PAGE_NUMBER, RUNNING_EDGE_LINES, RUNNING_MIN_PAGES, RUNNING_SHARE, _RUNNING_KEY, _TABLE_LINE,
    _page_number_lines, _running_lines)
from .read.pdf.merge import (  # noqa: F401
    CELL_BAND_SLACK, _CJK_GAP, _cell_source, _lines_in_band, _merge_page, _table_rows)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
