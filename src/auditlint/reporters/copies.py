"""The annotated copies (``--format pdf``, ``--format docx``): instead of a report,
an annotated copy of each input of one kind (``report.pdf`` ->
``report.checked.pdf`` beside it, or ``--output`` for a single file), drawn
from the findings and the anchors of their ``CheckedFile``.  An input of
another kind gets a message naming the format to use for it, and the exit
status 2; the other files are written.

A copy format is a ``Copy`` (what it annotates and the function that does it)
in the registry (``reporters.REPORTERS``); this module is the loop they share."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Callable, Optional

from ..batch import UsageError


@dataclass(frozen=True)
class Copy:
    """An annotated copy of each input of one kind, instead of a report."""
    kind: str  # the input format it annotates (CheckedFile.format)
    suffix: str  # of the copy written beside the input: report.pdf -> report.checked.pdf
    name: str  # what such an input is called ("PDF")
    this_is: str  # said of an input of this kind given to another copy format ("a PDF file")
    what: str  # what the copy holds ("annotations on the pages")
    annotate: Callable  # (data, findings, anchors, lang, title) -> the copy's bytes
    error: type  # what ``annotate`` raises when the file cannot be annotated


def _copies() -> dict:
    from . import REPORTERS

    return {name: out.copy for name, out in REPORTERS.items() if out.copy}


def copy_path(path: str, fmt: str) -> str:
    stem, _ext = os.path.splitext(path)
    return stem + _copies()[fmt].suffix


def _wrong_input(path: str, fmt: str, kind: str) -> str:
    copies = _copies()
    want = copies[fmt].name
    other = next((f"this is {c.this_is}: use --format {f} ({c.what})" for f, c in copies.items() if c.kind == kind),
                 "a text file cannot carry annotations or comments: use --format text, json or html, "
                 "or check the PDF or Word file the text came from")
    return f"{path}: --format {fmt} writes an annotated copy of a {want} file; {other}"


def write_copies(fmt: str, files, results, diags, output, lang: str = "zh", quiet: bool = False) -> bool:
    """Write the annotated copies; returns True when some input could not be annotated
    (each said on standard error)."""
    spec = _copies()[fmt]
    if output and len(files) > 1:
        raise UsageError(f"--output names one file, but {len(files)} files were checked: "
                         f"leave --output out to write each copy beside its input (*{spec.suffix})")
    bad = False
    if "-" in files:
        print(f"auditlint: error: standard input cannot be annotated (--format {fmt}): give the file's path",
              file=sys.stderr)
        bad = True
    for f in files:
        if f == "-":
            continue
        mine = [d for d in diags if d.path == f]
        target = output or copy_path(f, fmt)
        why = _write_copy(spec, fmt, f, results[f], mine, target, lang)
        if why is not None:
            print(f"auditlint: error: {why}", file=sys.stderr)
            bad = True
        elif not quiet:
            print(f"auditlint: wrote {target} ({len(mine)} finding{'s' if len(mine) != 1 else ''})", file=sys.stderr)
    return bad


def _write_copy(spec: Copy, fmt: str, f: str, r, mine: list, target: str, lang: str) -> Optional[str]:
    """Write the annotated copy of the input ``f`` (its CheckedFile ``r``, its findings
    ``mine``) to ``target``; None when written, else why not."""
    if r.fatal:
        return f"{f}: not annotated: " + next((d.message(lang) for d in r.diagnostics), "")
    if r.format != spec.kind:
        return _wrong_input(f, fmt, r.format)
    if os.path.exists(target) and os.path.samefile(target, f):
        return f"{f}: --output names the input itself; the report is not overwritten"
    try:
        with open(f, "rb") as fh:
            data = fh.read()
        out = spec.annotate(data, mine, r.anchors, lang, os.path.basename(f))
    except OSError as exc:
        return f"{f}: cannot read it again to annotate it: {exc.strerror}"
    except spec.error as exc:
        return (f"{f}: the annotated copy could not be written ({exc}); "
                f"the findings are still available with --format text or json")
    try:
        with open(target, "wb") as fh:
            fh.write(out)
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror}"
    return None
