#!/usr/bin/env python3
"""Make a long report PDF from real corpus content, for memory and speed runs.

    python scripts/make_big_pdf.py 200 /tmp/report-200.pdf [--seed 003]

Seed 003 (paragraphs and three ruled budget tables, ~10 pages) is repeated
until the document has at least N pages; the page count is printed.
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
    import pypdfium2

    src = load_document(os.path.join(os.path.dirname(HERE), "corpus", SEEDS[seed]))
    per_copy = None
    copies = 1
    while True:
        render_pdf(_Doc(src.blocks * copies), out, embed=embed)
        n = len(pypdfium2.PdfDocument(out))
        if n >= pages:
            return n
        per_copy = per_copy or n
        copies = max(copies + 1, -(-pages // per_copy))


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
