"""What every terminal report shares: where a finding is (``location``), how
wide text is on a terminal (``display_width``: a Chinese character takes two
columns), text made safe to print (``escape``: a control character is shown,
never obeyed), the source window around a span, and a plain aligned table."""
from __future__ import annotations

import unicodedata

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


def location(d) -> str:
    if d.page is not None:
        return f"{d.path}:p{d.page}:{d.line}:{d.column}"
    return f"{d.path}:{d.line}:{d.column}"


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me") or c in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def display_width(s: str) -> int:
    """Columns a terminal gives the text: East Asian Wide and Fullwidth characters take 2."""
    return sum(_char_width(c) for c in s)


# characters never written raw to a terminal: C0/C1 controls (ESC starts the
# ANSI sequences that move the cursor or clear the screen), DEL, and the
# bidirectional overrides that reorder what is shown
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _escaped(c: str) -> str:
    if c == "\t":
        return " "
    o = ord(c)
    if o < 0x20 or 0x7f <= o < 0xa0:
        return f"\\x{o:02x}"
    if c in _BIDI or c in "\u2028\u2029":
        return f"\\u{o:04x}"
    return c


def escape(s: str) -> str:
    """Report text made safe for a terminal: a control character (and so an
    ANSI escape sequence: "\\x1b[2J") is shown as its escape, never obeyed;
    a tab is a space."""
    if s.isprintable() and "\t" not in s:
        return s
    return "".join(_escaped(c) for c in s)


CONTEXT_COLUMNS = 40  # display columns of source shown on each side of a finding's span
SPAN_COLUMNS = 80  # at most this much of a long span is shown


def source_window(src: str, start: int, end: int, context: int = CONTEXT_COLUMNS,
                  span_max: int = SPAN_COLUMNS) -> tuple[str, int, int]:
    """The part of a source line around the span [start, end) (0-based
    characters): about ``context`` display columns on each side, "…" where
    cut, control characters escaped.  Returns (text, caret offset, caret
    width), both in display columns of the returned text."""
    pieces = [_escaped(c) for c in src]
    widths = [display_width(p) for p in pieces]
    n = len(pieces)
    start = max(0, min(start, n))
    end = max(start + 1, min(end, n)) if n else start
    # a long span: its beginning only
    span_end, w = start, 0
    while span_end < end and (w + widths[span_end] <= span_max or span_end == start):
        w += widths[span_end]
        span_end += 1
    span_cut = span_end < end
    left, w = start, 0
    while left > 0 and w + widths[left - 1] <= context:
        w += widths[left - 1]
        left -= 1
    right, w = span_end, 0
    if not span_cut:
        while right < n and w + widths[right] <= context:
            w += widths[right]
            right += 1
    head = "…" if left > 0 else ""
    tail = "…" if right < n else ""
    text = head + "".join(pieces[left:right]) + tail
    pad = display_width(head) + sum(widths[left:start])
    span = max(1, sum(widths[start:span_end]))
    return text, pad, span


def table(rows, headers) -> str:
    """A plain table aligned by display width (a Chinese character takes two
    columns; tabulate without wcwidth counts it as one); a cell may hold
    several lines (a wrapped summary)."""
    cells = [[str(c).split("\n") for c in row] for row in [headers, *rows]]
    n = len(headers)
    widths = [max(display_width(line) for row in cells for line in row[k]) for k in range(n)]
    numeric = [all(isinstance(r[k], (int, float)) for r in rows) and rows for k in range(n)]

    def pad(s, k):
        gap = " " * (widths[k] - display_width(s))
        return gap + s if numeric[k] else s + gap

    out = []
    for i, row in enumerate(cells):
        for j in range(max(len(c) for c in row)):
            out.append("  ".join(pad(c[j] if j < len(c) else "", k) for k, c in enumerate(row)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
