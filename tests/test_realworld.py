"""The real documents of corpus/real against their reviewed expected files
(bench/realworld.py measures; this test holds the line).  It fails on any
error-level finding that is false (on a look-alike, truncation, 尾差 or
text-layer artifact row, or reviewed false), on any error-level finding nobody
has reviewed, and on recall below the recorded floor (which only rises:
``python bench/realworld.py --raise-floor``)."""
from __future__ import annotations

import glob
import json
import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "bench"))
import realworld  # noqa: E402


@pytest.fixture(scope="module")
def measured():
    return realworld.measure(jobs=2)


def test_every_real_document_has_an_expected_file():
    docs = [p for p in glob.glob(os.path.join(realworld.REAL, "*")) if p.lower().endswith(realworld.READABLE)]
    assert docs
    missing = [os.path.basename(p) for p in docs
               if not os.path.exists(os.path.join(realworld.EXPECTED, os.path.basename(p).rsplit(".", 1)[0] + ".toml"))]
    assert missing == []


def test_no_false_error_on_a_real_document(measured):
    false = [(s, f["page"], f["code"], f["message"], why) for s, d in measured["documents"].items()
             for kind, f, why in d["listed"] if kind == "false" and f["severity"] == "error"]
    assert false == []


def test_every_error_on_a_real_document_is_reviewed(measured):
    unreviewed = [(s, f["page"], f["code"], f["message"]) for s, d in measured["documents"].items()
                  for kind, f, _why in d["listed"] if kind == "unreviewed" and f["severity"] == "error"]
    assert unreviewed == []


def test_recall_does_not_fall_below_the_floor(measured):
    with open(realworld.FLOOR, encoding="utf-8") as fh:
        floor = json.load(fh)
    assert measured["total"]["found"] >= floor["found"], (measured["total"]["found"], floor)
