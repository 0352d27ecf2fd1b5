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

import dataclasses
import inspect
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from ..diagnostics import Finding

from ..families import TABLE as _FAMILY_TABLE

FAMILIES = {f.prefix: f.name for f in _FAMILY_TABLE}  # code prefix -> family name (families.py)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    status: str  # stable | preview
    func: Callable
    doc: str
    origin: str = "builtin"
    summary_zh: str = ""  # one whole sentence in Chinese (the docstring's first paragraph is the English one)

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, as one line: a whole sentence,
        never cut where the source wrapped it."""
        first = (self.doc or "").strip().split("\n\n")[0]
        return " ".join(first.split())

    def summary_in(self, lang: str) -> str:
        if lang == "en":
            return self.summary
        return self.summary_zh or self.summary

    def __call__(self, ctx) -> Iterable[Finding]:
        return self.func(ctx)


_BUILTIN: list[Rule] = []


def rule(code: str, name: str, severity: str = "error", status: str = "stable", zh: str = ""):
    """Declare a rule.  ``zh`` is its one-sentence summary in Chinese (what
    ``auditlint rules`` and ``explain`` print by default); the docstring is
    its English documentation."""
    def deco(fn):
        if any(r.code == code for r in _BUILTIN):
            raise ValueError(f"rule code {code} is already taken")
        r = Rule(code, name, severity, status, fn, inspect.getdoc(fn) or "", summary_zh=zh)
        _BUILTIN.append(r)
        return r
    return deco


@dataclass
class Context:
    doc: object  # model.Document
    report: object  # model.Report
    facts: object  # claims.ReportFacts
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
                rules[r.code] = dataclasses.replace(r, origin=ep.name)
        except Exception as exc:
            PLUGIN_ERRORS.append(f"plugin {ep.name!r} ({ep.value}) skipped: {exc}")
    _REGISTRY = sorted(rules.values(), key=lambda r: r.code)
    return _REGISTRY


# Input problems (AL0xx) are produced by the readers, not by rules; they are
# listed here so that `auditlint rules` and selection know them.
INPUT_CODES = {
    "AL001": ("unreadable-file", "The file cannot be opened."),
    "AL002": ("empty-input", "The file holds no text to check."),
    "AL003": ("unsupported-format", "The file is not in a format auditlint reads (PDF, Word, WPS, Excel, OFD, HTML, text)."),
    "AL004": ("broken-file", "The file is damaged (or misnamed) and cannot be parsed."),
    "AL005": ("encrypted-pdf", "The PDF or Office file is encrypted; save an unprotected copy."),
    "AL006": ("no-text-layer", "The PDF has no text layer (a scan); run OCR first."),
    "AL007": ("unreadable-text-layer", "The PDF's text layer is garbage (fonts without a character map)."),
    "AL008": ("pages-not-read", "Only part of the file was read (page limit)."),
    "AL009": ("input-too-large", "The file exceeds a size or memory limit, or one page or line of it a complexity "
              "limit (objects, rulings, characters); such a page's tables, the page or the rest of the line are "
              "skipped and said so, the rest is checked."),
    "AL010": ("internal-error", "auditlint failed internally (a rule or a reader); not a problem of the file. Please report it."),
    "AL011": ("time-limit", "Checking the file took longer than the per-file time limit."),
    "AL012": ("formula-without-value", "A spreadsheet formula was saved without its computed value: the cell reads as empty."),
    "AL013": ("converter-missing", "Reading this format needs a program that is not installed (LibreOffice for .doc/.wps)."),
    "AL014": ("ocr-text", "The PDF is a scan: its text was recognised by OCR (auditlint[ocr]) and may hold misreadings."),
    "AL015": ("undecodable-lines", "Some lines of a text file are in no encoding auditlint reads "
              "(neither UTF-8 nor GBK/GB18030); those lines were not checked, the rest was."),
}

# The same, in Chinese (what `auditlint rules` and `explain` print by default).
INPUT_CODES_ZH = {
    "AL001": "文件无法打开。",
    "AL002": "文件中没有可检查的文字。",
    "AL003": "文件不是 PDF、DOCX 或文本文件。",
    "AL004": "PDF 或 DOCX 文件已损坏，无法解析。",
    "AL005": "PDF 已加密；请另存一份未加密的副本。",
    "AL006": "PDF 没有文字层（扫描件）；请先做文字识别（OCR）。",
    "AL007": "PDF 的文字层是乱码（字体缺少字符映射）。",
    "AL008": "只读取了文件的一部分（页数限制）。",
    "AL009": "文件超出大小或内存限制。",
    "AL010": "auditlint 内部出错（某条规则或读取程序）；不是文件的问题，请报告此错误。",
    "AL011": "检查该文件超过了单个文件的时间限制。",
    "AL012": "表格中的公式保存时没有计算结果：该单元格读出来是空的。",
    "AL013": "读取这种格式需要的程序没有安装（.doc/.wps 需要 LibreOffice）。",
    "AL014": "该 PDF 是扫描件：文字由 OCR（auditlint[ocr]）识别，可能有误识。",
    "AL015": "文本文件中有些行既不是 UTF-8 也不是 GBK/GB18030 编码，这些行未检查，其余照常检查。",
}

# The severity an input problem is reported with (engine._input_diag): the
# fatal ones are errors; a partly read file is a warning.
# (a part read with a note — a page limit, a formula without its value, text from OCR — is a warning)
INPUT_SEVERITY = {code: "warning" if code in ("AL008", "AL012", "AL014", "AL015") else "error" for code in INPUT_CODES}
