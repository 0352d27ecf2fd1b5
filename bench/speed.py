#!/usr/bin/env python3
"""Speed benchmark (issue 7): where the time goes, compared with references
measured in the same run, as ratios.

    python bench/speed.py                 # full run (a few minutes)
    python bench/speed.py --quick         # smaller inputs, fewer repeats
    python bench/speed.py --json out.json
    python bench/speed.py --ocr           # only OCR: pages/s, numbers exact, peak RSS, text-PDF overhead (auditlint[ocr])

Inputs are generated from real corpus content (scripts/make_big_pdf.py): a
200-page and a 30-page report PDF with ruled budget tables, 50/200/800-page
PDFs for memory, and a folder of N copies of a ~20-page report for --jobs.
With fonts-wqy-microhei installed the PDFs embed a TrueType CJK font, as
Word and WPS exports do, and the full run also times the 200 pages in
reportlab's non-embedded CID font; without it every PDF uses that font
(which pdfium cannot always decode; see read/pdf/native.py, _page_census).

"pdfium s" is pdfium's own work on the file (loading every page and its text
page, in-process), the floor under auditlint's read stage.

Every end-to-end time is the median wall time of fresh processes
(`auditlint --no-cache`, process start included).  pdftotext (poppler) is
measured when installed; pdfplumber's extract_text always is.

auditlint's modules are byte-compiled first, as `pip install` does: from a
source checkout with PYTHONDONTWRITEBYTECODE set (this machine sets it),
every process would otherwise compile them again (~0.05 s a start).  The
JSON records both the setting and that the bench compiled them.
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
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

# the child is timed inside a small wrapper (so the wrapper's own start-up is
# not counted) that also reads the child's peak RSS
RSS_WRAPPER = ("import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:], "
               "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); t = time.perf_counter() - t; "
               "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


SAMPLES: dict = {}  # command -> every wall time measured, for the JSON


def run_timed(cmd, repeat, warm=True):
    """Median wall seconds (the command's process, start-up included) and max
    peak RSS (MB) over fresh processes; with `warm`, one untimed run first (it
    may write the grammar's cache and brings the files into the page cache)."""
    if warm:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times, rss = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *cmd], capture_output=True, text=True)
        t, kb = out.stdout.split()
        times.append(float(t))
        rss.append(int(kb) / 1024)
    SAMPLES.setdefault(" ".join(os.path.basename(c) for c in cmd), []).extend(round(t, 3) for t in times)
    return statistics.median(times), max(rss)


def auditlint_cmd(*args):
    return [sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "-q", "--no-source", *args]


def stage_split(path):
    """In-process seconds per stage: read (+structure), facts, rules, report."""
    from auditlint import engine, reporters
    from auditlint.checks import Context, registry
    from auditlint.extract import extract

    t0 = time.perf_counter()
    doc = engine.load_document(path)
    t1 = time.perf_counter()
    facts = []
    for rep in doc.reports:
        prof = engine.profile_for(rep, None)
        facts.append((rep, prof, extract(rep, [lbl for g in prof.grades for lbl in g.labels])))
    t2 = time.perf_counter()
    diags = []
    for rep, prof, f in facts:
        ctx = Context(doc, rep, f, prof)
        for r in registry():
            if prof.applies(r.code):
                diags.extend(engine._to_diag(doc, rep, r, x) for x in r(ctx))
    t3 = time.perf_counter()
    reporters.text.text(diags, {}, "zh")  # the text reporter (reporters/text.py)
    t4 = time.perf_counter()
    return {"read": t1 - t0, "facts": t2 - t1, "rules": t3 - t2, "report": t4 - t3}


def extraction_speed():
    """Issue 3: grammar + item assembly over the seed corpus, MB/s, best of 5."""
    import glob

    from auditlint.engine import load_document
    from auditlint.extract import items_of

    texts = [b.text for p in sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt")))
             for b in load_document(p).blocks if b.kind != "table"]
    size = sum(len(t.encode("utf-8")) for t in texts)
    out = {}
    for name, pure in (("fast", False), ("pure", True)):
        items_of("预热", pure=pure)
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for t in texts:
                items_of(t, pure=pure)
            best = min(best, time.perf_counter() - t0)
        out[name] = size / best / 1e6
    return out


def pdfplumber_text(path):
    import pdfplumber

    t0 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
    return time.perf_counter() - t0


def pdfium_pages(path):
    """pdfium's own work on every page, the floor of auditlint's fast path:
    load the page and its text page, nothing else; in-process, best of 3."""
    import pypdfium2
    import pypdfium2.raw as raw

    pdf = pypdfium2.PdfDocument(path)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for i in range(len(pdf)):
            page = raw.FPDF_LoadPage(pdf.raw, i)
            raw.FPDFText_ClosePage(raw.FPDFText_LoadPage(page))
            raw.FPDF_ClosePage(page)
        best = min(best, time.perf_counter() - t0)
    pdf.close()
    return best


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            return next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        return ""


def pages_of(path):
    import pypdfium2

    return len(pypdfium2.PdfDocument(path))


def ocr_speed(pages: int = 13) -> dict:
    """OCR (auditlint[ocr]), bench/ocr_bench.py: pages per second and numbers read exactly on
    scans of 13 corpus pages (150/200 dpi, rotation, noise, JPEG, a red seal), peak RSS of
    a fresh auditlint on them, and the overhead on a text PDF (and whether it imports OCR)."""
    sys.path.insert(0, HERE)
    import ocr_bench

    return ocr_bench.run(pages)


def ocr_main(path: str) -> int:
    r = ocr_speed()
    print(json.dumps(r, indent=1))
    old = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            old = json.load(fh)
    old["ocr"] = r
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(old, fh, ensure_ascii=False, indent=2)  # the format of the full run
    return 0 if "error" not in r else 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reports", type=int, default=None, help="reports in the --jobs folder (default 200, quick 40)")
    ap.add_argument("--json", default=os.path.join(HERE, "speed-results.json"))
    ap.add_argument("--workdir", default=None, help="keep the generated inputs here (default: a temporary folder, removed)")
    ap.add_argument("--ocr", action="store_true",
                    help="only OCR (bench/ocr_bench.py): pages per second, numbers read exactly, peak RSS, overhead on a "
                         "text PDF (needs auditlint[ocr]); into the JSON's 'ocr'")
    a = ap.parse_args()
    if a.ocr:
        return ocr_main(a.json)
    from tabulate import tabulate

    from make_big_pdf import make
    from render_corpus import EMBEDDED_FONT

    embed = os.path.exists(EMBEDDED_FONT)
    repeat = 3 if a.quick else 5
    n_reports = a.reports or (40 if a.quick else 200)
    import compileall

    compiled = compileall.compile_dir(os.path.join(ROOT, "src", "auditlint"), quiet=1)
    work = a.workdir or tempfile.mkdtemp(prefix="auditlint-bench-")
    os.makedirs(work, exist_ok=True)
    inputs = {}
    for pages in (30, 200) + (() if a.quick else (50, 800)):
        p = os.path.join(work, f"report-{pages}.pdf")
        if not os.path.exists(p):
            make(pages, p, embed=embed)
        inputs[pages] = p
    timed_files = [("", inputs[30]), ("", inputs[200])]
    if embed and not a.quick:
        # the same 200 pages with reportlab's non-embedded CID font, as some
        # PDF producers write: pdfium spends longer on such pages than poppler
        p = os.path.join(work, "report-200-cid.pdf")
        if not os.path.exists(p):
            make(200, p, embed=False)
        timed_files.append((", font not embedded", p))
    if hasattr(os, "sync"):
        os.sync()  # the generated PDFs are flushed before anything is timed
        time.sleep(2)
    results = {"machine": {"cores": os.cpu_count(), "cpu": _cpu_model(), "python": sys.version.split()[0]},
               "bytecode": {"compiled_by_bench": bool(compiled),
                            "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", "")},
               "font": "embedded TrueType (wqy-microhei)" if embed else "non-embedded CID (STSong-Light)"}
    from auditlint.extract import parser_backend

    results["parser"] = parser_backend()
    results["extraction_mb_per_s"] = extraction_speed()
    print(f"extraction (grammar + items) over the seed corpus: {results['extraction_mb_per_s']['fast']:.2f} MB/s "
          f"({results['parser']}), {results['extraction_mb_per_s']['pure']:.2f} MB/s pure Lark; best of 5\n")

    rows = []
    pdftotext = shutil.which("pdftotext")
    for label, path in timed_files:
        n = pages_of(path)
        wall, rss = run_timed(auditlint_cmd(path), repeat)
        row = {"file": f"{n}-page PDF{label}", "pages": n, "auditlint_s": wall, "pages_per_s": n / wall, "peak_rss_mb": rss}
        row.update({f"stage_{k}_s": v for k, v in stage_split(path).items()})
        row["pdfium_pages_s"] = pdfium_pages(path)
        row["pdfplumber_extract_text_s"] = pdfplumber_text(path)
        row["speedup_vs_pdfplumber"] = row["pdfplumber_extract_text_s"] / wall
        if pdftotext:
            t, _ = run_timed([pdftotext, path, os.devnull], repeat)
            row["pdftotext_s"] = t
            row["ratio_to_pdftotext"] = wall / t
        rows.append(row)
    results["files"] = rows
    print(tabulate([[r["file"], f"{r['auditlint_s']:.2f}", f"{r['pages_per_s']:.0f}", f"{r['peak_rss_mb']:.0f}",
                     " / ".join(f"{r['stage_' + k + '_s']:.2f}" for k in ("read", "facts", "rules", "report")),
                     f"{r['pdfium_pages_s']:.2f}",
                     f"{r.get('pdftotext_s', float('nan')):.2f}", f"{r.get('ratio_to_pdftotext', float('nan')):.1f}×",
                     f"{r['pdfplumber_extract_text_s']:.2f}", f"{r['speedup_vs_pdfplumber']:.1f}×"] for r in rows],
                   headers=["input", "auditlint s", "pages/s", "peak MB", "read/facts/rules/report s", "pdfium s",
                            "pdftotext s", "vs pdftotext", "pdfplumber text s", "faster than pdfplumber"]))

    mem = []
    for pages in sorted(inputs):
        n = pages_of(inputs[pages])
        wall, rss = run_timed(auditlint_cmd(inputs[pages]), 1, warm=pages not in (30, 200))
        mem.append({"pages": n, "peak_rss_mb": rss, "seconds": wall})
    results["memory"] = mem
    print()
    print(tabulate([[m["pages"], f"{m['peak_rss_mb']:.0f}", f"{m['seconds']:.1f}"] for m in mem],
                   headers=["pages", "peak RSS MB", "seconds"]))

    folder = os.path.join(work, f"folder-{n_reports}")
    if not os.path.isdir(folder):
        os.makedirs(folder)
        one = os.path.join(work, "report-20.pdf")
        if not os.path.exists(one):
            make(20, one, embed=embed)
        for i in range(n_reports):
            shutil.copy(one, os.path.join(folder, f"r{i:03d}.pdf"))
    j1s, j2s = [], []
    for k in range(1 if a.quick else 3):  # alternated, so a slow spell of the machine hits both
        j1s.append(run_timed(auditlint_cmd("--jobs", "1", folder), 1, warm=k == 0)[0])
        j2s.append(run_timed(auditlint_cmd("--jobs", "2", folder), 1, warm=False)[0])
    j1, j2 = statistics.median(j1s), statistics.median(j2s)
    speedup = statistics.median(x / y for x, y in zip(j1s, j2s))  # each pair ran back to back
    cached = os.path.join(work, "cache")
    shutil.rmtree(cached, ignore_errors=True)
    env_cmd = [sys.executable, "-m", "auditlint", "--isolated", "-q", "--no-source", "--jobs", "2", folder]
    env = {**os.environ, "AUDITLINT_CACHE_DIR": cached}
    subprocess.run(env_cmd, env=env, capture_output=True)
    t0 = time.perf_counter()
    subprocess.run(env_cmd, env=env, capture_output=True)
    warm_s = time.perf_counter() - t0
    results["folder"] = {"reports": n_reports, "jobs1_s": j1, "jobs2_s": j2, "speedup": speedup,
                         "speedup_per_run": [round(x / y, 3) for x, y in zip(j1s, j2s)], "warm_cache_s": warm_s}
    print()
    print(tabulate([[n_reports, f"{j1:.1f}", f"{j2:.1f}", f"{speedup:.2f}×", f"{warm_s:.1f}"]],
                   headers=["reports", "--jobs 1 s", "--jobs 2 s", "speed-up (median of pairs)", "warm cache s"]))
    results["samples_s"] = SAMPLES
    with open(a.json, "w", encoding="utf-8") as fh:
        json.dump(results, fh, ensure_ascii=False, indent=2)
    if not a.workdir:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nfont: {results['font']}; parser: {results['parser']}; written {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
