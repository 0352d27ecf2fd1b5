#!/usr/bin/env python3
"""The OFD reader's tables against the PDF reader's on the same pages.

    python bench/ofd_vs_pdf.py                 # corpus/real/*.pdf and seed 003's PDF
    python bench/ofd_vs_pdf.py a.pdf b.pdf

Each PDF is printed into an OFD by ``tests/ofd_maker.ofd_from_pdf`` (a text object per
word with its advances, a path object per PDF path with its subpaths); both are read
and their tables compared cell for cell, and both are checked and their findings
compared with page, line and column.  Text differences outside tables (spaces the PDF
text layer makes up, line grouping) show as findings at other columns.
"""
from __future__ import annotations

import glob
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "tests")]

import ofd_maker  # noqa: E402

from auditlint.engine import check_file  # noqa: E402
from auditlint.readers import RawTable, read  # noqa: E402


def _tables(res):
    return [[[c.text for c in row] for row in it.rows] for it in res.items if isinstance(it, RawTable)]


def _findings(res):
    return Counter((d.code, d.message_zh, d.page, d.line, d.column) for d in res.diagnostics)


def main(paths) -> None:
    total = Counter()
    for p in paths:
        ofd = ofd_maker.ofd_from_pdf(p)
        to, tp = _tables(read("x.ofd", ofd)), _tables(read(p))
        fo, fp = _findings(check_file("x.ofd", ofd)), _findings(check_file(p))
        row = {"ofd tables": len(to), "pdf tables": len(tp), "same": sum(1 for t in to if t in tp),
               "pdf findings": sum(fp.values()), "ofd only": sum((fo - fp).values()),
               "pdf only": sum((fp - fo).values())}
        total.update(row)
        print(f"{os.path.basename(p)[:40]:40}", "  ".join(f"{k} {v}" for k, v in row.items()))
    print(f"{'total':40}", "  ".join(f"{k} {v}" for k, v in total.items()))


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, "corpus", "rendered", "003_*.pdf")))
         + sorted(glob.glob(os.path.join(ROOT, "corpus", "real", "*.pdf"))))
