"""Shared helpers.  Sentences used here that are not verbatim from a corpus
report are test data, marked as such where they appear."""
from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
sys.path.insert(0, os.path.join(ROOT, "src"))
# tests never read or write a user's findings cache (subprocesses inherit
# this); the folder is removed when the session ends
import atexit as _atexit  # noqa: E402
import shutil as _shutil  # noqa: E402
import tempfile as _tempfile  # noqa: E402

os.environ["AUDITLINT_CACHE_DIR"] = _tempfile.mkdtemp(prefix="auditlint-test-cache-")
_atexit.register(_shutil.rmtree, os.environ["AUDITLINT_CACHE_DIR"], True)

SEED = {
    "000": os.path.join(CORPUS, "000_47402ee909476057.txt"),
    "001": os.path.join(CORPUS, "001_d3cc648647006a27.txt"),
    "002": os.path.join(CORPUS, "002_74f457df9fb6917b.txt"),
    "003": os.path.join(CORPUS, "003_cd48f1b058eb4283.txt"),
    "004": os.path.join(CORPUS, "004_0761802093b51257.txt"),
}


def rendered(stem: str, ext: str) -> str:
    name = os.path.basename(SEED[stem]).replace(".txt", "." + ext)
    return os.path.join(CORPUS, "rendered", name)


def seed_lines(stem: str) -> list[str]:
    with open(SEED[stem], encoding="utf-8") as fh:
        return fh.read().split("\n")


def lint_text(text: str, profile=None, select=None):
    """Run every rule on a text given in memory; returns the selected diagnostics."""
    from auditlint.engine import Options, Selection, check_file

    res = check_file("test.txt", text.encode("utf-8"), Options(profile=profile))
    sel = Selection.build(select=select, preview=True)
    return [d for d in res.diagnostics if sel.allows(d)]


def codes(diags) -> list[str]:
    return sorted(d.code for d in diags)


def seed_with(stem: str, old: str, new: str) -> str:
    """The text of a seed with one real sentence changed (a mutation)."""
    with open(SEED[stem], encoding="utf-8") as fh:
        text = fh.read()
    assert text.count(old) >= 1, f"{old!r} not in seed {stem}"
    return text.replace(old, new, 1)


@pytest.fixture(scope="session")
def seed_docs():
    from auditlint.engine import load_document

    return {k: load_document(v) for k, v in SEED.items()}


def install_plugin(target: str, module: str, code: str, ep_name: str) -> None:
    """Lay a plugin out as pip installs a distribution: the module and a
    dist-info folder whose entry_points.txt names it (test data)."""
    with open(os.path.join(target, module + ".py"), "w", encoding="utf-8") as fh:
        fh.write(code)
    info = os.path.join(target, f"{module}-0.1.dist-info")
    os.makedirs(info)
    with open(os.path.join(info, "METADATA"), "w") as fh:
        fh.write(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 0.1\n")
    with open(os.path.join(info, "entry_points.txt"), "w") as fh:
        fh.write(f"[auditlint.rules]\n{ep_name} = {module}\n")
    with open(os.path.join(info, "RECORD"), "w") as fh:
        fh.write("")


# Test data: a plugin rule that kills its worker, or eats 3 GB, on a marker in the text
# (test_hostile's batch workers, test_serve_load's serve workers).
KILLER = '''
"""Test data: a plugin rule that kills its worker, or eats memory, on a marker."""
import os
from auditlint.checks import Rule


def _check(ctx):
    """Kills or exhausts its process on a marker (test data only).

    Bad:  杀死进程标记
    Good: anything else
    """
    text = "".join(b.text for b in ctx.report.blocks)
    if "杀死进程标记" in text:
        os.kill(os.getpid(), 9)
    if "耗尽内存标记" in text:
        b = bytearray(3 * 2**30)
    return []


RULES = [Rule("AL902", "test-killer", "info", "stable", _check, _check.__doc__)]
'''
