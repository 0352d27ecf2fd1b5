#!/usr/bin/env python3
"""Regenerate corpus/expected/*.json, the golden findings of every corpus file.

    python scripts/update_golden.py          # rewrite the golden files
    python scripts/update_golden.py --check  # exit 1 if any would change

A golden entry is (code, severity, page, line, column, message) plus `why`:
a one-line justification written by a reviewer.  `why` is kept across runs
for an entry with the same code and claim, and a rendering (PDF/DOCX) takes
it from the text version of the same report.  A new finding gets why = ""
and tests/test_corpus.py fails until someone reviews it and writes one:
a change in findings is a deliberate, reviewed update, never accepted blindly.
"""
from __future__ import annotations

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

from auditlint.engine import Selection, check_file  # noqa: E402

CORPUS = os.path.join(ROOT, "corpus")
EXPECTED = os.path.join(CORPUS, "expected")


def corpus_files() -> list[str]:
    files = sorted(glob.glob(os.path.join(CORPUS, "*.txt")))
    files += sorted(glob.glob(os.path.join(CORPUS, "rendered", "*.pdf")))
    files += sorted(glob.glob(os.path.join(CORPUS, "rendered", "*.docx")))
    return files


def golden_path(path: str) -> str:
    rel = os.path.relpath(path, CORPUS).replace(os.sep, "__")
    return os.path.join(EXPECTED, rel + ".json")


def findings(path: str) -> list[dict]:
    sel = Selection.build()
    res = check_file(path)
    out = []
    for d in res.diagnostics:
        if sel.allows(d):
            out.append({"code": d.code, "severity": d.severity, "page": d.page, "line": d.line,
                        "column": d.column, "claim": d.claim, "message": d.message_zh})
    return out


def load(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)["findings"]
    except FileNotFoundError:
        return []


def main() -> int:
    check = "--check" in sys.argv
    os.makedirs(EXPECTED, exist_ok=True)
    changed = []
    whys_by_report: dict[str, dict] = {}
    for path in corpus_files():
        stem = os.path.basename(path).rsplit(".", 1)[0]
        gp = golden_path(path)
        old = load(gp)
        why = {(e["code"], e["claim"]): e.get("why", "") for e in old}
        why.update({k: v for k, v in whys_by_report.get(stem, {}).items() if k not in why or not why[k]})
        new = findings(path)
        for e in new:
            e["why"] = why.get((e["code"], e["claim"]), "")
        if path.endswith(".txt"):
            whys_by_report[stem] = {(e["code"], e["claim"]): e["why"] for e in new}
        if new != old:
            changed.append(os.path.relpath(gp, ROOT))
            if not check:
                with open(gp, "w", encoding="utf-8") as fh:
                    json.dump({"file": os.path.relpath(path, CORPUS), "findings": new}, fh,
                              ensure_ascii=False, indent=2)
                    fh.write("\n")
    for c in changed:
        print(("would change: " if check else "updated: ") + c)
    return 1 if (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
