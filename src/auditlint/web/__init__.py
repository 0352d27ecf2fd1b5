"""The view for people who do not use a terminal: the HTML report
(``auditlint --format html``) and a local web page (``auditlint serve``).

- report.py: HTML from CheckedFile values and page images (no PDF is opened);
- pages.py: PDF page images with the findings outlined (worker processes only);
- worker.py, pool.py: the worker processes, their limits and their queue;
- server.py: the Starlette application and ``serve``.

Starlette, uvicorn and python-multipart are imported only by server.py.
"""
from __future__ import annotations

from .pages import _pdf_highlights  # noqa: F401
from .report import Entry, render_fragment, render_report  # noqa: F401


def create_app(*args, **kw):
    from .server import create_app as _create

    return _create(*args, **kw)


def serve(*args, **kw) -> int:
    from .server import serve as _serve

    return _serve(*args, **kw)
