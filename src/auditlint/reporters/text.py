"""``--format text``: ``path:line:col: CODE message``, a window of the source
line with a caret under the span, and ``help:`` with the suggestion; printed
file by file as each file is done.  The one-line summary said after it."""
from __future__ import annotations

from typing import Optional

from .terminal import _BOLD, _COLORS, _DIM, _RESET, escape, location, source_window


def text(diags, lines: dict, lang: str = "zh", color: bool = False, show_source: bool = True) -> str:
    """``path:line:col: CODE message``, then a window of the source line with
    a caret under the span, then ``help:`` with the suggestion where there is one."""
    from ..cli_text import t

    out = []
    for d in diags:
        sev = d.severity
        loc, msg = escape(location(d)), escape(d.message(lang))
        head = f"{loc}: {d.code} {msg}"
        if color:
            head = f"{_BOLD}{loc}:{_RESET} {_COLORS[sev]}{d.code}{_RESET} {msg}"
        out.append(head)
        src = lines.get((d.path, d.page, d.line)) if show_source else None
        if src:
            end_col = d.end_column if d.end_line == d.line and d.end_column > d.column else d.column + 1
            shown, pad, span = source_window(src, d.column - 1, end_col - 1)
            out.append(f"  {shown}")
            caret = " " * pad + "^" * span
            out.append(f"  {_COLORS[sev] if color else ''}{caret}{_RESET if color else ''}")
        sug = d.suggestion_in(lang)
        if sug:
            label = t(lang, "help_label")
            out.append(f"  {_DIM + label + _RESET if color else label}{escape(sug)}")
    return "\n".join(out) + ("\n" if out else "")


def summary_line(n_files: int, diags, lang: str) -> Optional[str]:
    from ..cli_text import t

    e = sum(d.severity == "error" for d in diags)
    w = sum(d.severity == "warning" for d in diags)
    i = sum(d.severity == "info" for d in diags)
    return t(lang, "summary", files=n_files, e=e, w=w, i=i)


def report(run) -> str:
    return text(run.diags, run.lines, run.lang, run.color, show_source=run.show_source)


def said(run) -> str:
    return summary_line(len(run.files), run.diags, run.lang)
