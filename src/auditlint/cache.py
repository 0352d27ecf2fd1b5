"""A content-hash cache of findings, so a CI run does not re-read unchanged reports.

The key is the SHA-256 of the file's bytes plus everything that can change
its findings: auditlint's version, the grammar and rule data files, the
profile and its settings, the PDF engine and page limit.  The cache lives
outside the report folders ($AUDITLINT_CACHE_DIR, else $XDG_CACHE_HOME/auditlint,
else ~/.cache/auditlint); --no-cache skips it.  Entries are findings without
the path, so a moved or copied report hits the cache too.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from typing import Optional

from . import __version__
from .profiles import data_dir


def cache_dir() -> str:
    d = os.environ.get("AUDITLINT_CACHE_DIR")
    if not d:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "auditlint")
    return d


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The version, the code and the data files that shape findings."""
    h = hashlib.sha256(__version__.encode())
    for root in (data_dir("grammar"), data_dir("rules"), os.path.dirname(os.path.abspath(__file__))):
        for dirpath, _dirs, files in sorted(os.walk(root)):
            for fn in sorted(files):
                if fn.endswith((".pyc", ".pyo")):
                    continue
                with open(os.path.join(dirpath, fn), "rb") as fh:
                    h.update(fn.encode() + fh.read())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _plugins_fingerprint() -> str:
    """Third-party rules change findings too: their codes, origins and versions."""
    from importlib.metadata import entry_points

    from .checks import registry

    parts = sorted(f"{r.code}:{r.name}:{r.origin}" for r in registry())
    for ep in entry_points(group="auditlint.rules"):
        dist = getattr(ep, "dist", None)
        parts.append(f"{ep.name}={ep.value}@{dist.version if dist else '?'}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def key(data: bytes, **options) -> str:
    h = hashlib.sha256(data)
    h.update(_code_fingerprint().encode())
    h.update(_plugins_fingerprint().encode())
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    return h.hexdigest()


def load(k: str, path: str) -> Optional[tuple]:
    f = os.path.join(cache_dir(), k[:2], k + ".pickle")
    try:
        with open(f, "rb") as fh:
            diags, lines, fatal = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    diags = [dataclasses.replace(d, path=path) for d in diags]
    lines = {(path, pg, ln): t for (_p, pg, ln), t in lines.items()}
    return diags, lines, fatal


def store(k: str, result: tuple) -> None:
    diags, lines, fatal = result
    d = os.path.join(cache_dir(), k[:2])
    try:
        os.makedirs(d, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((diags, lines, fatal), fh)
        os.replace(tmp, os.path.join(d, k + ".pickle"))  # atomic: parallel workers never see half a file
    except OSError:
        pass  # a read-only home or a full disk costs speed, never findings
