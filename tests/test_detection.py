"""Issue 6: a fast slice of the detection benchmark (bench/mutations.py runs the whole)."""
from __future__ import annotations

import os
import sys

from conftest import ROOT, SEED

sys.path.insert(0, os.path.join(ROOT, "bench"))
import mutations  # noqa: E402


def test_recall_floor_and_no_false_errors_on_neutral_mutations():
    rows, nrows, misses, false = mutations.run(seed=1, per_type=3, files=[SEED["001"], SEED["003"], SEED["000"]])
    assert sum(r["n"] for r in rows.values()) >= 20
    for r in rows.values():
        assert r["hit"] / r["n"] >= 0.9, (r, [(m.kind, m.what) for m, _ in misses])
    assert false == [], [(m.kind, m.what, e) for m, e in false]
    assert sum(r["n"] for r in nrows.values()) >= 8


def test_mutations_are_deterministic():
    a = mutations.typed_mutations(SEED["003"], mutations.random.Random(5))
    b = mutations.typed_mutations(SEED["003"], mutations.random.Random(5))
    assert [(m.kind, m.line, m.what) for m in a] == [(m.kind, m.line, m.what) for m in b]


def test_golden_precision_is_measured():
    p = mutations.golden_precision()
    assert p["findings"] > 0 and p["precision"] == 1.0


def test_budget_check_mutations_on_real_documents():
    """Issue 16: growth rate, 科目 amount, 科目 name and template-leftover mutations of
    real disclosures are all found; rates and amounts at one decimal fewer raise nothing."""
    real = os.path.join(ROOT, "corpus", "real")
    files = [os.path.join(real, f) for f in ("06_shanghai_putuo_czj_2025ys_dept.pdf", "12_shanghai_putuo_shfly_2024ys_unit.pdf",
                                             "x4_jiangsu_gjfy_2018ys.pdf")]
    rows, misses, false = mutations.evaluate_real(files, mutations.random.Random(1), per_type=4)
    typed = {k: r for k, r in rows.items() if r["family"] != "neutral"}
    assert {"growth rate (real)", "科目 amount vs table (real)", "template leftover (real)"} <= set(typed)
    for r in typed.values():
        assert r["hit"] == r["n"], (r, [(m.kind, m.file, m.what, got) for m, got in misses])
    assert false == [], [(m.kind, m.file, m.what, e) for m, e in false]
