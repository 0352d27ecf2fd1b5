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
from .result import SCHEMA, CheckedFile


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


MAX_ENTRY_BYTES = 64 << 20  # an entry larger than this is not ours: a miss
_MAGIC = "auditlint-cache"


def _entry(k: str) -> str:
    return os.path.join(cache_dir(), k[:2], k + ".json")


def encode(k: str, result: CheckedFile) -> bytes:
    """An entry: one header line naming the format, the key and the SHA-256
    of the body, then the body (the CheckedFile as JSON)."""
    body = json.dumps(result.to_json(), ensure_ascii=False).encode("utf-8")
    head = json.dumps({"format": _MAGIC, "version": SCHEMA, "key": k, "sha256": hashlib.sha256(body).hexdigest()})
    return head.encode("ascii") + b"\n" + body


def decode(k: str, raw: bytes) -> CheckedFile:
    """The CheckedFile of an entry; ValueError for anything else: another
    format or version, another key (a file copied over), a body that does not
    match its checksum (a torn or corrupted write), or a body of another shape."""
    head, sep, body = raw.partition(b"\n")
    if not sep or len(head) > 1000:
        raise ValueError("no header")
    meta = json.loads(head)
    if not isinstance(meta, dict) or meta.get("format") != _MAGIC or meta.get("version") != SCHEMA:
        raise ValueError("another format or version")
    if meta.get("key") != k or meta.get("sha256") != hashlib.sha256(body).hexdigest():
        raise ValueError("another key, or a damaged body")
    return CheckedFile.from_json(json.loads(body))


def load(k: str, path: str) -> Optional[CheckedFile]:
    """The stored result, moved to ``path``; None for a miss or for anything
    that is not an entry of this key and shape (it is then simply rewritten).
    Entries are JSON: reading one never runs code."""
    try:
        with open(_entry(k), "rb") as fh:
            raw = fh.read(MAX_ENTRY_BYTES + 1)
        if len(raw) > MAX_ENTRY_BYTES:
            return None
        return decode(k, raw).with_path(path)
    except Exception:  # any damage is a miss: a cache costs speed, never findings
        return None


def store(k: str, result: CheckedFile) -> None:
    """Write the entry atomically (a temporary file renamed over it); on any
    failure — a read-only home, a full disk — the temporary file is removed
    and the run goes on without caching."""
    d = os.path.dirname(_entry(k))
    tmp = None
    try:
        data = encode(k, result)
        os.makedirs(d, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, _entry(k))  # atomic: parallel workers never see half a file
        tmp = None
    except (OSError, TypeError, ValueError, RecursionError, OverflowError):
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
