#!/usr/bin/env python3
"""Precision and recall on real documents: auditlint against a reviewer's verdicts.

    python bench/realworld.py                  # corpus/real: tables on the terminal,
                                               # bench/realworld-results.json
    python bench/realworld.py --list           # also every unreviewed and every false finding
    python bench/realworld.py --producers      # also: the seed renderings of other PDF
                                               # producers against the TXT of each seed
    python bench/realworld.py --raise-floor    # record today's recall as the test's floor
                                               # (it only rises)

Each document of ``corpus/real/`` has an expected file ``corpus/expected/real/<stem>.toml``
(format: ``corpus/expected/real/README.md``): rows a reviewer judged (verified errors and
look-alikes) and findings already reviewed as true or false.  A finding is placed on a row by
page and anchor text; then

- a verified error (``error`` row) is *found* when a finding of severity error or warning is on
  its row;
- an error-level finding is *true* on an ``error`` or ``error-likely`` row or when reviewed
  true; *false* (a false alarm) on a ``not-an-error``, ``uncertain`` or ``artifact`` row or when
  reviewed false; otherwise *unreviewed*; a warning is true on an ``uncertain`` row too
  (truncation and 尾差 deserve a warning, not an error);
- a finding is on the rows whose anchor its claim or message holds; when there are none, on
  the rows whose anchor holds its claim (three characters or more); only when there are none
  either, on the rows whose anchor the text of its line holds;
- precision of error-level findings = true / (true + false + unreviewed): an unreviewed finding
  is not counted as true.

Warnings are counted the same way and shown beside.  ``tests/test_realworld.py`` fails on any
false or unreviewed error-level finding and on recall below the recorded floor.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REAL = os.path.join(ROOT, "corpus", "real")
EXPECTED = os.path.join(ROOT, "corpus", "expected", "real")
FLOOR = os.path.join(EXPECTED, "floor.json")
RESULTS = os.path.join(HERE, "realworld-results.json")
RENDERED = os.path.join(ROOT, "corpus", "rendered")
READABLE = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".txt", ".html", ".ofd")  # not .md: SOURCES.md

TRUE_ROWS = {"error", "error-likely"}
FALSE_ROWS = {"not-an-error", "uncertain", "artifact"}


MIN_CLAIM_IN_ANCHOR = 3  # characters: a claim this long, found inside an anchor, names its row


def _squash(s: str) -> str:
    return "".join(str(s).split())


# ------------------------------------------------------------------ running

def run_file(path: str) -> list[dict]:
    """auditlint on one file, in a worker: the findings with the text of their lines."""
    from auditlint.engine import check_file

    res = check_file(path)
    doc = res.document
    out = []
    for d in res.diagnostics:
        lines = ""
        if doc is not None:
            lines = "".join(doc.line_text(d.page, ln) for ln in range(d.line, max(d.line, d.end_line) + 1))
        out.append({"code": d.code, "severity": d.severity, "page": d.page, "line": d.line,
                    "column": d.column, "message": d.message_zh, "claim": d.claim,
                    "line_text": lines})
    return out


def run_all(paths: list[str], jobs: int) -> dict[str, list[dict]]:
    if jobs <= 1:
        return {p: run_file(p) for p in paths}
    with ProcessPoolExecutor(jobs) as pool:
        return dict(zip(paths, pool.map(run_file, paths)))


# ------------------------------------------------------------------ matching

def load_expected(stem: str) -> dict:
    path = os.path.join(EXPECTED, stem + ".toml")
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as fh:
        exp = tomllib.load(fh)
    for r in exp.get("row", []):
        r["_pages"] = set(r.get("pages", [r["page"]] if "page" in r else []))
        r["_anchors"] = [_squash(a) for a in r.get("anchor", [])]
    return exp


def rows_of(f: dict, rows: list) -> list:
    """The rows a finding is on: those whose anchor is in its claim or message;
    only when there are none, those whose anchor is in the text of its line(s)
    (a line may hold a verified error and a look-alike side by side)."""
    near = [i for i, r in enumerate(rows) if f["page"] in r["_pages"]]
    own = _squash(f["claim"]) + "\n" + _squash(f["message"])
    hit = [i for i in near if any(a and a in own for a in rows[i]["_anchors"])]
    if hit:
        return hit
    # a short claim (上一度) inside a longer anchor (较上一度增加1133.95) points at that row
    claim = _squash(f["claim"])
    hit = [i for i in near if len(claim) >= MIN_CLAIM_IN_ANCHOR and any(claim in a for a in rows[i]["_anchors"])]
    if hit:
        return hit
    line = _squash(f["line_text"])
    return [i for i in near if any(a and a in line for a in rows[i]["_anchors"])]


def reviewed(f: dict, entries: list[dict]):
    for e in entries:
        if e["code"] == f["code"] and e.get("page") == f["page"] and \
                _squash(e["anchor"]) in (_squash(f["claim"]) + "\n" + _squash(f["message"])):
            return e
    return None


def judge(findings: list[dict], exp: dict) -> dict:
    """Place each finding; count recall per check type and precision per severity."""
    rows = exp.get("row", [])
    entries = exp.get("finding", [])
    found_rows = set()
    verdicts = {"error": Counter(), "warning": Counter()}
    listed = []  # (kind, finding, why)
    for f in findings:
        sev = f["severity"]
        if sev not in verdicts or f["code"].startswith("AL0") and f["code"] != "AL007":
            continue
        mine = rows_of(f, rows)
        for i in mine:
            if rows[i]["verdict"] == "error":
                found_rows.add(i)
        kinds = {rows[i]["verdict"] for i in mine}
        # a warning is the right answer on an uncertain row (truncation, 尾差); an error is not
        true_rows = TRUE_ROWS | ({"uncertain"} if sev == "warning" else set())
        if kinds & true_rows:
            verdicts[sev]["true"] += 1
            continue
        if kinds & FALSE_ROWS:
            verdicts[sev]["false"] += 1
            row = next(rows[i] for i in mine if rows[i]["verdict"] in FALSE_ROWS)
            listed.append(("false", f, f"on a {row['verdict']} row: {row['quote']}"))
            continue
        e = reviewed(f, entries)
        if e is not None:
            kind = "true" if e["verdict"] == "true" else "false"
            verdicts[sev][kind] += 1
            if kind == "false":
                listed.append(("false", f, "reviewed false: " + e.get("why", "")))
            continue
        verdicts[sev]["unreviewed"] += 1
        listed.append(("unreviewed", f, ""))
    by_check = defaultdict(lambda: [0, 0])
    for i, r in enumerate(rows):
        if r["verdict"] == "error":
            by_check[r["check"]][0] += 1
            by_check[r["check"]][1] += i in found_rows
    missed = [r for i, r in enumerate(rows) if r["verdict"] == "error" and i not in found_rows]
    # the reviewer's rows of ANSWERS.md (one mistake, sometimes at several places): found
    # when every place is found
    answers = defaultdict(list)
    for i, r in enumerate(rows):
        if "answers" in r:
            answers[r["answers"]].append(i in found_rows)
    return {"annotated": sum(v[0] for v in by_check.values()), "found": len(found_rows),
            "answers": len(answers), "answers_found": sum(all(v) for v in answers.values()),
            "by_check": {k: v for k, v in by_check.items()},
            "errors": dict(verdicts["error"]), "warnings": dict(verdicts["warning"]),
            "listed": listed, "missed": missed, "rows": len(rows)}


def precision(c: dict):
    n = c.get("true", 0) + c.get("false", 0) + c.get("unreviewed", 0)
    return round(100.0 * c.get("true", 0) / n, 1) if n else None


def measure(jobs: int = 2) -> dict:
    """The whole measurement on corpus/real (used by the test too)."""
    paths = sorted(p for p in glob.glob(os.path.join(REAL, "*")) if p.lower().endswith(READABLE))
    results = run_all(paths, jobs)
    docs = {}
    for p in paths:
        stem = os.path.basename(p).rsplit(".", 1)[0]
        docs[stem] = judge(results[p], load_expected(stem))
        docs[stem]["has_expected"] = os.path.exists(os.path.join(EXPECTED, stem + ".toml"))
    total = {"documents": len(docs), "annotated_errors": 0, "found": 0, "answers": 0, "answers_found": 0,
             "error_findings_true": 0, "error_findings_false": 0, "error_findings_unreviewed": 0,
             "warning_findings_true": 0, "warning_findings_false": 0, "warning_findings_unreviewed": 0}
    by_check = defaultdict(lambda: [0, 0])
    for d in docs.values():
        total["annotated_errors"] += d["annotated"]
        total["found"] += d["found"]
        total["answers"] += d["answers"]
        total["answers_found"] += d["answers_found"]
        for sev in ("error", "warning"):
            for k in ("true", "false", "unreviewed"):
                total[f"{sev}_findings_{k}"] += d[sev + "s"].get(k, 0)
        for k, (a, f) in d["by_check"].items():
            by_check[k][0] += a
            by_check[k][1] += f
    total["recall"] = round(100.0 * total["found"] / total["annotated_errors"], 1) if total["annotated_errors"] else None
    total["error_precision"] = precision({k: total[f"error_findings_{k}"] for k in ("true", "false", "unreviewed")})
    total["warning_precision"] = precision({k: total[f"warning_findings_{k}"] for k in ("true", "false", "unreviewed")})
    return {"total": total, "by_check": dict(by_check), "documents": docs}


# ------------------------------------------------------------------ producers

def producer_diffs(jobs: int) -> dict:
    """Each seed rendering of another PDF producer against the TXT of the same seed:
    the findings (code, claim) that one has and the other has not."""
    pdfs = sorted(glob.glob(os.path.join(RENDERED, "*", "*.pdf")))
    txts = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt")))
    results = run_all(pdfs + txts, jobs)
    key = lambda f: (f["code"], f["severity"], _squash(f["claim"]))  # noqa: E731
    out = {}
    for p in pdfs:
        stem = os.path.basename(p).rsplit(".", 1)[0]
        txt = os.path.join(ROOT, "corpus", stem + ".txt")
        if txt not in results:
            continue
        a = Counter(key(f) for f in results[txt] if not f["code"].startswith("AL0"))
        b = Counter(key(f) for f in results[p] if not f["code"].startswith("AL0"))
        out[os.path.relpath(p, ROOT)] = {
            "only_pdf": sorted(map(list, (b - a).elements())),
            "only_txt": sorted(map(list, (a - b).elements())),
        }
    return out


# ------------------------------------------------------------------ printing

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--list", action="store_true", help="list every unreviewed and false finding, and every missed error")
    ap.add_argument("--producers", action="store_true", help="compare other producers' seed renderings with the TXT")
    ap.add_argument("--raise-floor", action="store_true", help="record today's recall as the floor (only rises)")
    ap.add_argument("--json", default=RESULTS, help="where to write the results (default: %(default)s)")
    args = ap.parse_args(argv)
    from tabulate import tabulate

    m = measure(args.jobs)
    rows = []
    for stem, d in m["documents"].items():
        e, w = d["errors"], d["warnings"]
        rows.append([stem if d["has_expected"] else stem + " (no expected file)",
                     f"{d['found']}/{d['annotated']}", e.get("true", 0), e.get("false", 0),
                     e.get("unreviewed", 0), precision(e), w.get("true", 0), w.get("false", 0),
                     w.get("unreviewed", 0)])
    t = m["total"]
    rows.append(["TOTAL", f"{t['found']}/{t['annotated_errors']}", t["error_findings_true"],
                 t["error_findings_false"], t["error_findings_unreviewed"], t["error_precision"],
                 t["warning_findings_true"], t["warning_findings_false"], t["warning_findings_unreviewed"]])
    print(tabulate(rows, headers=["document", "errors found", "E true", "E false", "E unrev.",
                                  "E precision %", "W true", "W false", "W unrev."]))
    print()
    print(tabulate(sorted([k, f"{f}/{a}"] for k, (a, f) in m["by_check"].items()),
                   headers=["check type", "verified errors found"]))
    print(f"\nrecall {t['recall']} %   precision of error-level findings {t['error_precision']} %"
          f"\nANSWERS.md verified errors found {t['answers_found']}/{t['answers']}"
          " (one counts when every place of it is found)")

    if args.list:
        for stem, d in m["documents"].items():
            for kind, f, why in d["listed"]:
                print(f"{kind:10} {stem} p{f['page']}:{f['line']}:{f['column']} {f['code']} "
                      f"[{f['severity']}] {f['message']}  «{f['claim']}» {why}")
            for r in d["missed"]:
                print(f"missed     {stem} p{r.get('page', r.get('pages'))} [{r['check']}] {r['quote']}")

    out = {k: v for k, v in m.items() if k != "documents"}
    out["documents"] = {s: {k: v for k, v in d.items() if k not in ("listed", "missed")}
                        for s, d in m["documents"].items()}
    for s, d in m["documents"].items():
        out["documents"][s]["unreviewed_or_false"] = [
            {"kind": kind, "code": f["code"], "severity": f["severity"], "page": f["page"],
             "line": f["line"], "message": f["message"], "claim": f["claim"], "why": why}
            for kind, f, why in d["listed"]]
        out["documents"][s]["missed"] = [{"page": r.get("page"), "check": r["check"], "quote": r["quote"]}
                                         for r in d["missed"]]
    if args.producers:
        diffs = producer_diffs(args.jobs)
        out["producers"] = diffs
        print()
        prow = [[p, len(d["only_pdf"]), len(d["only_txt"])] for p, d in diffs.items()]
        print(tabulate(prow, headers=["rendering", "findings only in the PDF", "only in the TXT"]))
        if args.list:
            for p, d in diffs.items():
                for k in d["only_pdf"]:
                    print(f"only-pdf  {p} {k}")
                for k in d["only_txt"]:
                    print(f"only-txt  {p} {k}")
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
    if args.raise_floor:
        floor = {"found": 0}
        if os.path.exists(FLOOR):
            floor = json.load(open(FLOOR, encoding="utf-8"))
        if t["found"] > floor.get("found", 0):
            floor = {"found": t["found"], "annotated_errors": t["annotated_errors"]}
            with open(FLOOR, "w", encoding="utf-8") as fh:
                json.dump(floor, fh, indent=1)
                fh.write("\n")
            print(f"floor raised to {t['found']} verified errors found")
        else:
            print(f"floor stays at {floor.get('found', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
