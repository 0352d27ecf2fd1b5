"""The corpus golden files: every real report in every format gives exactly
the reviewed findings (scripts/update_golden.py regenerates them; a change in
findings is a deliberate update of corpus/expected/, never accepted blindly)."""
from __future__ import annotations

import json
import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import update_golden  # noqa: E402

FILES = update_golden.corpus_files()


def test_corpus_holds_every_seed_in_three_formats():
    stems = {os.path.basename(p).rsplit(".", 1)[0] for p in FILES}
    assert len(stems) == 5
    assert len(FILES) == 15


@pytest.mark.parametrize("path", FILES, ids=[os.path.relpath(p, ROOT) for p in FILES])
def test_golden(path):
    with open(update_golden.golden_path(path), encoding="utf-8") as fh:
        golden = json.load(fh)["findings"]
    assert all(e["why"] for e in golden), "every expected finding carries a reviewed justification"
    key = lambda e: (e["code"], e["severity"], e["page"], e["line"], e["column"], e["claim"])  # noqa: E731
    got = [key(e) for e in update_golden.findings(path)]
    assert got == [key(e) for e in golden]


def test_all_formats_agree_on_each_report():
    by_stem = {}
    for p in FILES:
        stem = os.path.basename(p).rsplit(".", 1)[0]
        codes = sorted(e["code"] for e in json.load(open(update_golden.golden_path(p), encoding="utf-8"))["findings"])
        by_stem.setdefault(stem, set()).add(tuple(codes))
    assert all(len(v) == 1 for v in by_stem.values()), by_stem


def test_no_error_on_the_seed_look_alikes():
    """The look-alikes of shared/seeds/README.md: rounding, partial 其中,
    approximations, next-year insurance, control rates above 100 %.  The
    only errors in the corpus are the reviewed ones."""
    errors = set()
    for p in FILES:
        for e in json.load(open(update_golden.golden_path(p), encoding="utf-8"))["findings"]:
            if e["severity"] == "error":
                errors.add(e["code"])
    assert errors == {"AL301", "AL304", "AL403", "AL503", "AL603", "AL604"}
