#!/usr/bin/env python3
"""Read and check times per input format (issue 20), on the same reports written in each.

    python bench/formats.py            # medians of 5 in-process runs after one warm-up
    python bench/formats.py --runs 3

Seed 003 (43 pages of text and three budget tables) as DOCX, .doc (LibreOffice),
web page and PDF; seed 001 as TXT and OFD; a 项目支出绩效自评表 and seed 003's tables
as .xlsx and .xls.  ``read`` is the reader alone (bytes -> raw items), ``check``
the whole pipeline.  The .doc time is mostly LibreOffice starting (a fresh
private profile each file).  Writes bench/formats-results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [os.path.join(ROOT, "src"), os.path.join(ROOT, "tests")]

import ofd_maker  # noqa: E402
import selfeval_form as F  # noqa: E402

from auditlint.engine import check_file  # noqa: E402
from auditlint.readers import read  # noqa: E402

R003 = os.path.join(ROOT, "corpus", "rendered", "003_cd48f1b058eb4283")
S001 = os.path.join(ROOT, "corpus", "001_d3cc648647006a27.txt")


def _bytes(p):
    with open(p, "rb") as fh:
        return fh.read()


def samples() -> list:
    out = [
        ("txt", "001.txt", _bytes(S001)),
        ("ofd", "001.ofd", ofd_maker.ofd_from_text(_bytes(S001).decode("utf-8"))),
        ("pdf", "003.pdf", _bytes(R003 + ".pdf")),
        ("docx", "003.docx", _bytes(R003 + ".docx")),
        ("html", "003.html", F.docx_as_web_page(R003 + ".docx")),
        ("html gbk", "003-gbk.htm", F.docx_as_web_page(R003 + ".docx", "gbk", "gb2312")),
        ("xlsx form", "form.xlsx", F.xlsx_bytes()),
        ("xls form", "form.xls", F.xls_bytes()),
    ]
    tables = F.corpus_tables(R003 + ".docx")
    out += [("xlsx tables", "tables.xlsx", F.tables_xlsx(tables)), ("xls tables", "tables.xls", F.tables_xls(tables))]
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to", "doc",
                            "--outdir", tmp, R003 + ".docx"], capture_output=True, timeout=180)
            out.append(("doc", "003.doc", _bytes(os.path.join(tmp, "003_cd48f1b058eb4283.doc"))))
    return out


def timed(fn, runs):
    fn()
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), ts


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    rows = []
    for label, name, data in samples():
        runs = min(a.runs, 2) if label == "doc" else a.runs
        r_med, r_all = timed(lambda: read(name, data), runs)
        c_med, c_all = timed(lambda: check_file(name, data), runs)
        res = check_file(name, data)
        rows.append({"format": label, "file": name, "bytes": len(data), "read_s": r_med, "check_s": c_med,
                     "read_samples": r_all, "check_samples": c_all, "pages": res.document.page_count,
                     "findings": len(res.diagnostics)})
        print(f"{label:12} {name:14} {len(data) / 1024:8.0f} KB  read {r_med * 1000:7.1f} ms  "
              f"check {c_med * 1000:7.1f} ms  {len(res.diagnostics)} findings")
    with open(os.path.join(HERE, "formats-results.json"), "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
