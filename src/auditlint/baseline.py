"""Baseline: adopt the gate on a repository that already has findings.

Entries are keyed on what survives re-pagination — the file, the rule code,
the section path and the normalised text of the claim — never on page or
line numbers.  ``--write-baseline`` records today's findings; ``--baseline``
hides those and reports the entries that no longer match, so they can be
pruned.
"""
from __future__ import annotations

import json
import os
from collections import Counter


def _key(d, base_dir: str) -> tuple:
    """Paths are kept relative to the baseline file's folder, so the gate gives
    the same answer from whatever directory it is run."""
    p = d.path if d.path == "-" else os.path.relpath(os.path.abspath(d.path), base_dir)
    return (p.replace(os.sep, "/"), d.code, d.section, d.claim)


def _base_dir(baseline_file: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_file))


def write(path: str, diags) -> int:
    counts = Counter(_key(d, _base_dir(path)) for d in diags)
    entries = [{"path": p, "code": c, "section": s, "claim": cl, "count": n}
               for (p, c, s, cl), n in sorted(counts.items())]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"version": 1, "tool": "auditlint", "entries": entries}, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return len(entries)


class BaselineError(ValueError):
    pass


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return Counter({(e["path"], e["code"], e["section"], e["claim"]): int(e.get("count", 1))
                        for e in data["entries"]})
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {path}")
    except (ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not an auditlint baseline ({exc})")


def apply(diags, baseline: Counter, baseline_file: str):
    """Return (new findings, unmatched baseline entries)."""
    left = Counter(baseline)
    new = []
    base_dir = _base_dir(baseline_file)
    for d in diags:
        k = _key(d, base_dir)
        if left[k] > 0:
            left[k] -= 1
        else:
            new.append(d)
    stale = [k for k, n in left.items() if n > 0]
    return new, stale
