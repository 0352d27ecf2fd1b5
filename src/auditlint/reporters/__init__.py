"""The outputs: one module a format, and one table of them (``REPORTERS``).

Every output is given the same ``Run`` -- the files in order, their
``CheckedFile`` values, the findings to report (after selection and
baseline) and the source lines they point at -- and none of them reads or
checks a file again (the annotated copies read the input's bytes to copy
them).  A format is either a report (``Output.report(run) -> str``, written to
standard output or ``--output``) or an annotated copy of each input
(``Output.copy``, a ``copies.Copy``; ``copies.py`` writes them).

- ``text``: the terminal report, printed file by file as each file is done;
- ``json``, ``sarif``, ``github``: the machine formats;
- ``html``: one self-contained page (its markup is ``web/report.py``'s);
- ``pdf_annotations`` (``--format pdf``), ``docx_comments`` (``--format docx``):
  the annotated copies;
- ``counts``: ``--statistics``, the findings counted per rule;
- ``terminal``: what the terminal reports share (display width, escaping,
  the source window, an aligned table).

A new output is a module with ``report(run)`` and one line in ``REPORTERS``;
the command line's ``--format`` choices are its keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from . import docx_comments, github, html, json, pdf_annotations, sarif, text
from .copies import Copy
from .counts import statistics  # noqa: F401  (the command line's helpers, re-exported)
from .terminal import display_width, escape, location, source_window, table  # noqa: F401
from .text import summary_line  # noqa: F401


@dataclass
class Run:
    """What an output is given."""
    files: list  # the paths checked, in order
    results: dict  # path -> CheckedFile
    diags: list  # the findings to report: selected, baseline applied, sorted
    lines: dict  # (path, page, line) -> text of the source lines the findings point at
    lang: str = "zh"  # of the findings' messages
    color: bool = False
    show_source: bool = True
    output: Optional[str] = None  # --output
    quiet: bool = False
    jobs: int = 1  # worker processes, and the limits of each, for outputs that render pages
    timeout: Optional[float] = None
    max_memory: Optional[int] = None
    progress: bool = False  # show progress on standard error


@dataclass(frozen=True)
class Output:
    """One ``--format``: a report, or an annotated copy of each input."""
    report: Optional[Callable[[Run], str]] = None  # the report's text
    copy: Optional[Copy] = None  # instead of a report: the annotated copies
    streamed: bool = False  # printed file by file as each is done, not at the end
    said: Optional[Callable[[Run], str]] = None  # the line on standard error after it (unless --quiet)


REPORTERS = {
    "text": Output(text.report, streamed=True, said=text.said),
    "json": Output(json.report),
    "sarif": Output(sarif.report),
    "github": Output(github.report),
    "html": Output(html.report, said=html.said),
    "pdf": Output(copy=pdf_annotations.COPY, said=text.said),
    "docx": Output(copy=docx_comments.COPY, said=text.said),
}
