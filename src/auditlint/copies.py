"""``--format pdf`` and ``--format docx``: instead of a report, an annotated copy
of each input of that kind (``report.pdf`` -> ``report.checked.pdf`` beside it,
or ``--output`` for a single file), drawn from the findings and the anchors of
their ``CheckedFile``.  An input of another kind gets a message naming the
format to use for it, and the exit status 2; the other files are written."""
from __future__ import annotations

import os
import sys

from .batch import UsageError

# --format -> (the input format it annotates, suffix of the copy, what it is called)
COPY_FORMATS = {
    "pdf": ("pdf", ".checked.pdf", "PDF"),
    "docx": ("docx", ".checked.docx", "Word (DOCX)"),
}


def copy_path(path: str, fmt: str) -> str:
    stem, _ext = os.path.splitext(path)
    return stem + COPY_FORMATS[fmt][1]


def _wrong_input(path: str, fmt: str, kind: str) -> str:
    want = COPY_FORMATS[fmt][2]
    if kind == "pdf":
        other = "this is a PDF file: use --format pdf (annotations on the pages)"
    elif kind == "docx":
        other = "this is a Word file: use --format docx (comments, 批注)"
    else:
        other = ("a text file cannot carry annotations or comments: use --format text, json or html, "
                 "or check the PDF or Word file the text came from")
    return f"{path}: --format {fmt} writes an annotated copy of a {want} file; {other}"


def write_copies(fmt: str, files, results, diags, output, lang: str = "zh", quiet: bool = False) -> bool:
    """Write the annotated copies; returns True when some input could not be annotated
    (each said on standard error)."""
    from .docx_comments import CommentError, comment_docx
    from .pdf_annotations import AnnotateError, annotate_pdf

    want = COPY_FORMATS[fmt][0]
    todo = [f for f in files if f != "-"]
    if output and len(files) > 1:
        raise UsageError(f"--output names one file, but {len(files)} files were checked: "
                         f"leave --output out to write each copy beside its input (*{COPY_FORMATS[fmt][1]})")
    bad = False
    if "-" in files:
        print(f"auditlint: error: standard input cannot be annotated (--format {fmt}): give the file's path",
              file=sys.stderr)
        bad = True
    for f in todo:
        r = results[f]
        if r.fatal:
            why = next((d.message(lang) for d in r.diagnostics), "")
            print(f"auditlint: error: {f}: not annotated: {why}", file=sys.stderr)
            bad = True
            continue
        if r.format != want:
            print(f"auditlint: error: {_wrong_input(f, fmt, r.format)}", file=sys.stderr)
            bad = True
            continue
        mine = [d for d in diags if d.path == f]
        target = output or copy_path(f, fmt)
        if os.path.exists(target) and os.path.samefile(target, f):
            print(f"auditlint: error: {f}: --output names the input itself; the report is not overwritten",
                  file=sys.stderr)
            bad = True
            continue
        try:
            with open(f, "rb") as fh:
                data = fh.read()
            if fmt == "pdf":
                out = annotate_pdf(data, mine, r.anchors, lang, title=os.path.basename(f))
            else:
                out = comment_docx(data, mine, r.anchors, lang)
        except OSError as exc:
            print(f"auditlint: error: {f}: cannot read it again to annotate it: {exc.strerror}", file=sys.stderr)
            bad = True
            continue
        except (AnnotateError, CommentError) as exc:
            print(f"auditlint: error: {f}: the annotated copy could not be written ({exc}); "
                  f"the findings are still available with --format text or json", file=sys.stderr)
            bad = True
            continue
        try:
            with open(target, "wb") as fh:
                fh.write(out)
        except OSError as exc:
            print(f"auditlint: error: cannot write {target}: {exc.strerror}", file=sys.stderr)
            bad = True
            continue
        if not quiet:
            print(f"auditlint: wrote {target} ({len(mine)} finding{'s' if len(mine) != 1 else ''})", file=sys.stderr)
    return bad
