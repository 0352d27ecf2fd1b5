"""The rule registry.

A rule is a function decorated with ``@rule(code, name, severity)``; its
docstring says why the mistake matters, with one bad and one good example
from a real report (``auditlint explain CODE`` prints it).  It receives a
``Context`` (the report, its facts, the profile) and yields ``Finding``s.
Rules never read the raw file or run the grammar: they read facts.

Built-in rules and third-party rules come in the same way: through the
entry-point group ``auditlint.rules`` (built-in: ``auditlint.checks.builtin``).
An entry point may name a ``Rule``, a list of rules, or a module with a
``RULES`` list.  A plugin that fails to load is reported and skipped.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..diagnostics import Finding

FAMILIES = {
    "AL0": "input",
    "AL1": "sums",
    "AL2": "ratios",
    "AL3": "scores",
    "AL4": "structure",
    "AL5": "dates",
    "AL6": "tables",
    "AL7": "identity",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    status: str  # stable | preview
    func: Callable
    doc: str
    origin: str = "builtin"

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def summary(self) -> str:
        return (self.doc or "").strip().splitlines()[0] if self.doc else ""

    def __call__(self, ctx) -> Iterable[Finding]:
        return self.func(ctx)


_BUILTIN: list[Rule] = []


def rule(code: str, name: str, severity: str = "error", status: str = "stable"):
    def deco(fn):
        if any(r.code == code for r in _BUILTIN):
            raise ValueError(f"rule code {code} is already taken")
        r = Rule(code, name, severity, status, fn, inspect.getdoc(fn) or "")
        _BUILTIN.append(r)
        return r
    return deco


@dataclass
class Context:
    doc: object  # model.Document
    report: object  # model.Report
    facts: object  # extract.ReportFacts
    profile: object  # profiles.Profile


_REGISTRY: Optional[list[Rule]] = None
PLUGIN_ERRORS: list[str] = []


def registry() -> list[Rule]:
    """All rules: built-in first, then plugins from entry points, sorted by code."""
    global _REGISTRY
    if _REGISTRY is not None:
        return _REGISTRY
    from . import builtin  # also reachable through the entry point; imported directly so
    # that a source checkout without installed metadata still has its rules

    rules: dict[str, Rule] = {r.code: r for r in builtin.RULES}
    try:
        from importlib.metadata import entry_points

        eps = entry_points(group="auditlint.rules")
    except Exception:  # pragma: no cover - metadata unavailable
        eps = []
    for ep in eps:
        if ep.value == "auditlint.checks.builtin":
            continue  # loaded above
        try:
            obj = ep.load()
            found = obj if isinstance(obj, (list, tuple)) else getattr(obj, "RULES", [obj])
            for r in found:
                if not isinstance(r, Rule):
                    raise TypeError(f"{r!r} is not an auditlint Rule")
                if r.code in rules:
                    raise ValueError(f"rule code {r.code} is already taken")
                rules[r.code] = Rule(r.code, r.name, r.severity, r.status, r.func, r.doc, origin=ep.name)
        except Exception as exc:
            PLUGIN_ERRORS.append(f"plugin {ep.name!r} ({ep.value}) skipped: {exc}")
    _REGISTRY = sorted(rules.values(), key=lambda r: r.code)
    return _REGISTRY


# Input problems (AL0xx) are produced by the readers, not by rules; they are
# listed here so that `auditlint rules` and selection know them.
INPUT_CODES = {
    "AL001": ("unreadable-file", "The file cannot be opened."),
    "AL002": ("empty-input", "The file holds no text to check."),
    "AL003": ("unsupported-format", "The file is not a PDF, DOCX or text file."),
    "AL004": ("broken-file", "The PDF or DOCX is damaged and cannot be parsed."),
    "AL005": ("encrypted-pdf", "The PDF is encrypted; save an unprotected copy."),
    "AL006": ("no-text-layer", "The PDF has no text layer (a scan); run OCR first."),
    "AL007": ("unreadable-text-layer", "The PDF's text layer is garbage (fonts without a character map)."),
    "AL008": ("pages-not-read", "Only part of the file was read (page limit)."),
    "AL009": ("input-too-large", "The file exceeds a size or memory limit, or one page or line of it a complexity "
              "limit (objects, rulings, characters); such a page's tables, the page or the rest of the line are "
              "skipped and said so, the rest is checked."),
    "AL010": ("internal-error", "auditlint failed internally (a rule or a reader); not a problem of the file. Please report it."),
    "AL011": ("time-limit", "Checking the file took longer than the per-file time limit."),
    "AL012": ("undecodable-lines", "Some lines of a text file are in no encoding auditlint reads "
              "(neither UTF-8 nor GBK/GB18030); those lines were not checked, the rest was."),
}
