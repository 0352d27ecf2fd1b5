#!/usr/bin/env python3
"""Make a long report PDF from real corpus content, for memory and speed runs.

    python scripts/make_big_pdf.py 200 /tmp/report-200.pdf [--seed 003]

Seed 003 (paragraphs and three ruled budget tables, ~10 pages) is repeated
until the document has N pages (the last copy cut at a block boundary, so
it may run a page over); the page count is printed.
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))
sys.path.insert(0, HERE)

from auditlint.engine import load_document  # noqa: E402
from render_corpus import render_pdf  # noqa: E402

SEEDS = {"003": "003_cd48f1b058eb4283.txt", "001": "001_d3cc648647006a27.txt", "000": "000_47402ee909476057.txt"}


class _Doc:
    def __init__(self, blocks):
        self.blocks = blocks


def make(pages: int, out: str, seed: str = "003", embed: bool = False) -> int:
    """Render copies of the seed until the PDF has `pages` pages, then cut
    the last copy short (whole blocks) so it has as few pages over as a
    block boundary allows; returns the page count."""
    import pypdfium2

    src = load_document(os.path.join(os.path.dirname(HERE), "corpus", SEEDS[seed]))

    def render(blocks) -> int:
        render_pdf(_Doc(blocks), out, embed=embed)
        return len(pypdfium2.PdfDocument(out))

    per_copy = None
    copies = 1
    while True:
        n = render(src.blocks * copies)
        if n >= pages:
            break
        per_copy = per_copy or n
        copies = max(copies + 1, -(-pages // per_copy))
    blocks = src.blocks * copies
    lo, hi = len(src.blocks) * (copies - 1), len(blocks)  # lo blocks: under `pages`
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if render(blocks[:mid]) >= pages:
            hi = mid
        else:
            lo = mid
    return render(blocks[:hi])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", default="003", choices=sorted(SEEDS))
    ap.add_argument("--embed", action="store_true", help="embed a TrueType CJK font (fonts-wqy-microhei), as Word does")
    a = ap.parse_args()
    print(make(a.pages, a.out, a.seed, a.embed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
