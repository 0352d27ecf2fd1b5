"""A content-hash cache of findings, so a CI run does not re-read unchanged reports.

The key is the SHA-256 of the file's bytes plus everything that can change
its findings: auditlint's version, the grammar and rule data files, the
profile and its settings, the PDF engine and page limit.  The cache lives
outside the report folders ($AUDITLINT_CACHE_DIR, else $XDG_CACHE_HOME/auditlint,
else ~/.cache/auditlint); --no-cache skips it.  Entries are findings without
the path, so a moved or copied report hits the cache too.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from typing import Optional

from . import __version__
from .paths import cache_dir, data_dir
from .result import CheckedFile


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


def _entry(k: str) -> str:
    return os.path.join(cache_dir(), k[:2], k + ".json")


def load(k: str, path: str) -> Optional[CheckedFile]:
    """The stored result, moved to ``path``; None for a miss or for anything
    that is not an entry of this shape (it is then simply rewritten).
    Entries are JSON: reading one never runs code."""
    try:
        with open(_entry(k), "rb") as fh:
            raw = fh.read()
        obj = json.loads(raw)
        return CheckedFile.from_json(obj).with_path(path)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def store(k: str, result: CheckedFile) -> None:
    d = os.path.dirname(_entry(k))
    tmp = None
    try:
        os.makedirs(d, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result.to_json(), fh, ensure_ascii=False)
        os.replace(tmp, _entry(k))  # atomic: parallel workers never see half a file
        tmp = None
    except (OSError, TypeError, ValueError):
        pass  # a read-only home or a full disk costs speed, never findings
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
