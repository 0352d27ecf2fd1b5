"""What a page prints that is not the report's text: the page number and the
running header and footer (页眉/页脚).

They work on positioned lines (text, top y, left x) whichever reader gave them:
PDF (either engine), OFD and OCR.
"""
from __future__ import annotations

import re


PAGE_NUMBER = re.compile(r"^[\s\-－─—–_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?"
                         r"(?:\s*共\s*\d{1,4}\s*页)?[\s\-－─—–_·•]*$")


_DIGITS = re.compile(r"\d{1,4}")


def printed_page_number(line: str):
    """The number a page-number line prints ("─13─" -> 13, "第 3 页 共 30 页" -> 3); None for
    a line that is not one."""
    if not PAGE_NUMBER.match(line):
        return None
    m = _DIGITS.search(line)
    return int(m.group(0)) if m else None


RUNNING_EDGE_LINES = 1  # lines at the top and at the bottom of a page that may be a running header
# a table's caption and unit line are printed again on every page the table runs over: they
# are the table's, never a running header to leave out
_TABLE_LINE = re.compile(r"单位[:：]|表(?:[（(][^（）()]{1,20}[）)])?$")
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.3  # of the pages: a header or footer printed on at least this many is running
_RUNNING_KEY = re.compile(r"[\s\d\-—─–_·.．/]+")


def _running_lines(pages: list) -> dict:
    """The running header and footer (页眉/页脚: "苏州市审计局2026年度部门预算公开" at the top of
    every page) of a document: the same text, digits aside, among the top-most or bottom-most
    lines of many pages.  Returns page index -> indices of its lines to leave out."""
    if len(pages) < RUNNING_MIN_PAGES:
        return {}
    seen: dict = {}
    edges = {}
    for pno, lines, _tables in pages:
        placed = sorted(((y, k) for k, (t, y, _x) in enumerate(lines) if y is not None and t.strip()),
                        reverse=True)
        edge = placed[:RUNNING_EDGE_LINES] + placed[-RUNNING_EDGE_LINES:]
        edges[pno] = {k: _RUNNING_KEY.sub("", lines[k][0]) for _y, k in edge}
        edges[pno] = {k: key for k, key in edges[pno].items() if not _TABLE_LINE.search(lines[k][0].strip())}
        for key in set(edges[pno].values()):
            if len(key) >= 4:
                seen[key] = seen.get(key, 0) + 1
    need = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))
    running = {key for key, n in seen.items() if n >= need}
    return {pno: {k for k, key in keys.items() if key in running} for pno, keys in edges.items()}


def _page_number_lines(lines) -> set:
    """The page's printed page number: a line that holds only a number ("24",
    "─13─", "- 3 -", "第 3 页 共 30 页") and is the page's top-most or
    bottom-most line.  It is left out of the text, so that a sentence running
    over the page break is joined without it ("增加 40 / 24 / 万元" is 40 万元,
    not 4024)."""
    placed = [(y, k) for k, (t, y, _x) in enumerate(lines) if y is not None and t.strip()]
    if len(placed) < 2:
        return set()
    out = set()
    for _y, k in (min(placed), max(placed)):
        if PAGE_NUMBER.match(lines[k][0]):
            out.add(k)
    return out
