"""The finding: one immutable value, printed by every reporter the same way.

The JSON keys are a contract other tools rely on (design.md): path, page,
line, column, end_line, end_column, code, rule, severity, message.  Extra
keys (message_zh/message_en, evidence, section, claim, report, suggestion)
only add; ``suggestion`` is null when a finding has none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Diagnostic:
    path: str
    page: Optional[int]
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: str
    message_zh: str
    message_en: str
    evidence: tuple = ()  # (name, value) pairs: the numbers that disagree
    section: str = ""  # heading path, for the baseline and the reader
    claim: str = ""  # the source text of the claim, normalised (baseline key)
    report: int = 1
    # what the figure should be, where the right value is known without
    # guessing (the computed total, the grade of the score, the next heading
    # number …); "" when there is none
    suggestion_zh: str = ""
    suggestion_en: str = ""
    # the exact text that replaces the span, when the suggestion is one
    # (SARIF ``fixes``); None otherwise
    replacement: Optional[str] = None

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def suggestion_in(self, lang: str = "zh") -> Optional[str]:
        s = self.suggestion_en if lang == "en" else self.suggestion_zh
        return s or None

    def to_json(self, lang: str = "zh") -> dict:
        d = {
            "path": self.path,
            "page": self.page,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message(lang),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "evidence": {k: v for k, v in self.evidence},
            "section": self.section,
            "claim": self.claim,
            "report": self.report,
            "suggestion": self.suggestion_in(lang),
        }
        return d

    def sort_key(self):
        return (self.path, self.page or 0, self.line, self.column, self.code)


@dataclass
class Finding:
    """What a rule yields: where, what (in both languages), and the numbers."""

    where: object  # claims.Where, or None for a whole-report finding
    zh: str
    en: str
    evidence: dict = field(default_factory=dict)
    severity: Optional[str] = None  # overrides the rule's default
    end: object = None  # optional second Where: the span ends there
    # (zh, en): what it should be, where that is known without guessing —
    # printed as "help:" under the finding, ``suggestion`` in JSON and SARIF
    suggestion: Optional[tuple] = None
    replacement: Optional[str] = None  # the exact text for the span, when the suggestion is one
