"""The pipeline: file -> Document -> facts -> rules -> Diagnostics.

Each stage is a pure function of the one before.  A rule that raises becomes
one AL010 diagnostic for that file; the other rules still run.  Selection
(--select/--ignore, per-file ignores, preview rules) is applied afterwards,
in one place (``Selection``), never inside rules.
"""
from __future__ import annotations

import fnmatch
import re
import traceback
from dataclasses import dataclass, field
from typing import Optional

from . import profiles as P
from .assemble import extract
from .checks import INPUT_CODES, Context, registry
from .claims import Where
from .diagnostics import SEVERITY_RANK, Diagnostic, Finding
from .families import TABLE as FAMILY_TABLE
from .model import Document
from .read import read
from .structure import build_document


OPENING_BLOCKS = 6  # blocks of a report read to detect its genre when the title is not found
OPENING_CHARS = 200
BODY_CHARS = 3000


@dataclass
class Options:
    profile: Optional[str] = None  # name or path; None = detect per report
    max_pages: Optional[int] = None
    profile_settings: dict = field(default_factory=dict)  # profile name -> overriding keys (from the config)
    pdf_engine: str = "fast"  # fast | full (pdfplumber on every page)


@dataclass
class FileResult:
    path: str
    diagnostics: list = field(default_factory=list)
    document: Optional[Document] = None
    facts: list = field(default_factory=list)  # ReportFacts per report
    fatal: bool = False  # nothing at all could be read


def load_document(path: str, data: Optional[bytes] = None, max_pages: Optional[int] = None,
                  pdf_engine: str = "fast") -> Document:
    res = read(path, data, max_pages=max_pages, pdf_engine=pdf_engine)
    return build_document(path, res, P.base_profile().all_titles())


def profile_for(report, forced: Optional[str], settings: Optional[dict] = None) -> P.Profile:
    if forced:
        prof = P.get_profile(forced)
    else:
        # the opening text: a cover page prints the title over several lines
        # (上海市普陀区规划和自然 / 资源局 / 2024 年度部门决算)
        first = "".join("".join(b.text.split()) for b in report.blocks[:OPENING_BLOCKS])[:OPENING_CHARS]
        # a document of tables only (a 公开表 set) names its genre in a caption or a cell
        body = "".join("".join(c.text.split()) for b in report.blocks
                       for c in (b.cells() if b.kind == "table" else [b]))[:BODY_CHARS]
        prof = P.detect_profile(report.title, first, body)
    if settings and prof.name in settings:
        prof = P.with_overrides(prof, settings[prof.name], f"configuration [profiles.{prof.name}]")
    return prof


def check_document(doc: Document, options: Options = Options()) -> FileResult:
    out = FileResult(doc.path, document=doc)
    for prob in doc.problems:
        out.diagnostics.append(_input_diag(doc.path, prob))
        out.fatal = out.fatal or prob.fatal
    if out.fatal:
        return out
    rules = registry()
    for rep, prof, facts in read_facts(doc, options):
        out.facts.append((rep, prof, facts))
        ctx = Context(doc, rep, facts, prof)
        for r in rules:
            if not prof.applies(r.code):
                continue
            try:
                for f in r(ctx) or ():
                    out.diagnostics.append(_to_diag(doc, rep, r, f, prof))
            except MemoryError:
                raise  # the file exceeds the memory limit: reported for the file (AL009)
            except Exception as exc:  # a rule bug must not cost the other findings
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                out.diagnostics.append(Diagnostic(
                    doc.path, None, 1, 1, 1, 1, "AL010", "internal-error", "error",
                    f"规则 {r.code}（{r.name}）检查本文件时出错，已跳过：{type(exc).__name__}: {exc}"
                    f"（{tb.filename.rsplit('/', 1)[-1]}:{tb.lineno}）",
                    f"rule {r.code} ({r.name}) failed on this file and was skipped: {type(exc).__name__}: {exc}"
                    f" ({tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})",
                    report=rep.number))
    if doc.ocr is not None:  # a figure OCR read with low confidence carries no error (read.ocr.hedge)
        from .read.ocr import hedge
        out.diagnostics = hedge(doc, out.diagnostics, lambda masked: check_document(masked, options).diagnostics)
    out.diagnostics.sort(key=Diagnostic.sort_key)
    return out


def read_facts(doc: Document, options: Options = Options()):
    """(report, profile, facts) for each report of the document, one at a
    time: what the rules read, without running them (``auditlint facts``)."""
    for rep in doc.reports:
        prof = profile_for(rep, options.profile, options.profile_settings)
        labels = [lbl for g in prof.grades for lbl in g.labels]
        yield rep, prof, extract(rep, labels)


def figures_of(report) -> list:
    """Every figure the grammar reads in a report, in reading order:
    (Where, Figure, kind) with kind money | percent | count | score | number |
    quantity, or range / fraction for the ends of a range or a fraction."""
    from .figures import EXACT_UNITS, items_of

    out = []

    def add(src, index, text):
        for it in items_of(text):
            pairs = []
            if it.kind == "fig" and it.fig is not None:
                pairs = [(it.fig, None)]
            elif it.kind in ("range", "frac") and it.value:
                pairs = [(fig, "range" if it.kind == "range" else "fraction") for fig in it.value]
            for fig, kind in pairs:
                if kind is None:
                    kind = ("money" if fig.is_money else "percent" if fig.is_percent else "score" if fig.unit == "分"
                            else "count" if fig.unit in EXACT_UNITS else "number" if not fig.unit else "quantity")
                out.append((Where(src, fig.start, max(fig.end, fig.start + 1), index), fig, kind))

    for b in report.blocks:
        if b.kind == "table":
            for cell in b.cells():
                add(cell.source, b.index, cell.text)
        else:
            add(b.source, b.index, b.text)
    return out


def check_file(path: str, data: Optional[bytes] = None, options: Options = Options()) -> FileResult:
    try:
        doc = load_document(path, data, options.max_pages, options.pdf_engine)
    except Exception as exc:  # a reader bug: one clear diagnostic, never a traceback
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{tb.filename.rsplit('/', 1)[-1]}:{tb.lineno}"
        d = Diagnostic(path, None, 1, 1, 1, 1, "AL010", "internal-error", "error",
                       f"读取本文件时 auditlint 内部出错（{type(exc).__name__}: {exc}，{where}），这不是文件的问题，请报告此错误",
                       f"auditlint failed internally while reading this file ({type(exc).__name__}: {exc}, {where});"
                       " this is not a problem of the file, please report it")
        return FileResult(path, [d], fatal=True)
    return check_document(doc, options)


def _input_diag(path, prob) -> Diagnostic:
    name = INPUT_CODES.get(prob.code, ("input-problem", ""))[0]
    # fatal problems are errors, and so is text that cannot be read (AL007); a problem with
    # one part of a file that was otherwise read (a damaged OFD part, a skipped page) is a warning
    sev = "error" if prob.fatal or prob.code == "AL007" else "warning"
    return Diagnostic(path, prob.page, 1, 1, 1, 1, prob.code, name, sev, prob.message_zh, prob.message_en)


def _to_diag(doc: Document, rep, rule, f: Finding, prof=None) -> Diagnostic:
    w: Where = f.where
    if w is None:
        pos = end = None
    else:
        pos = w.pos
        endw = f.end if f.end is not None else w
        end = endw.end_pos
        if end.page != pos.page or (end.line, end.column) < (pos.line, pos.column):
            end = w.end_pos
    section = ""
    if w is not None and rep.root is not None:
        blk = doc.blocks[w.block] if 0 <= w.block < len(doc.blocks) else None
        sec = rep.section_of(blk) if blk is not None else None
        if sec is not None:
            section = " > ".join(sec.path())
    claim = re.sub(r"\s+", "", w.snippet) if w is not None else ""
    return Diagnostic(
        path=doc.path,
        page=pos.page if pos else None,
        line=pos.line if pos else 1,
        column=pos.column if pos else 1,
        end_line=end.line if end else 1,
        end_column=(end.column + 1) if end else 1,
        code=rule.code,
        rule=rule.name,
        severity=f.severity or (prof.severity_of(rule.code, rule.severity) if prof else rule.severity),
        message_zh=f.zh,
        message_en=f.en,
        evidence=tuple((k, v if isinstance(v, (str, int, float, type(None))) else str(v))
                       for k, v in f.evidence.items()),
        section=section,
        claim=claim[:80],
        report=rep.number,
        suggestion_zh=f.suggestion[0] if f.suggestion else "",
        suggestion_en=f.suggestion[1] if f.suggestion else "",
        replacement=f.replacement if f.suggestion else None,
    )


# ---------------------------------------------------------------- selection

FAMILY_NAMES = {f.name: f.prefix for f in FAMILY_TABLE}  # family name -> code prefix (families.py)


class SelectionError(ValueError):
    """An unusable selector; ``token``, ``where`` and ``nearest`` let the
    command line say it in the user's language."""

    def __init__(self, message: str, token=None, where: str = "", nearest=()):
        super().__init__(message)
        self.token, self.where, self.nearest = token, where, list(nearest)


def known_selectors() -> tuple[list[str], list[str]]:
    """Every code (rules and input problems) and every name a selector may use."""
    codes = [r.code for r in registry()] + list(INPUT_CODES)
    names = [r.name for r in registry()] + [n for n, _doc in INPUT_CODES.values()] + list(FAMILY_NAMES)
    return codes, names


def _nearest(token: str) -> list[str]:
    import difflib

    codes, names = known_selectors()
    t = token.strip()
    if re.match(r"(?i)al", t):
        return difflib.get_close_matches(t.upper(), codes, n=3, cutoff=0.5)
    return difflib.get_close_matches(t, names, n=3, cutoff=0.5)


def _resolve(token: str, where: str = "") -> str:
    """A selector -> a code prefix: 'AL2', 'AL201', 'share-of-total', 'ratios', 'ALL'.

    A code or prefix that no known rule starts with, or a name no rule has, is
    a SelectionError naming the entry, where it was given and the nearest
    known codes or names (ruff exits 2 on an unknown selector too: a gate
    that selects nothing checks nothing)."""
    src = f" in {where}" if where else ""
    if not isinstance(token, str):
        raise SelectionError(f"rule selector {token!r}{src} is not a string")
    t = token.strip()
    if not t:
        raise SelectionError(f"empty rule selector{src}")
    if t.upper() in ("ALL", "AL"):
        return "AL"
    codes, _names = known_selectors()
    if re.fullmatch(r"(?i)al\d{1,3}", t) and any(c.startswith(t.upper()) for c in codes):
        return t.upper()
    if t in FAMILY_NAMES:
        return FAMILY_NAMES[t]
    for r in registry():
        if r.name == t:
            return r.code
    for code, (name, _doc) in INPUT_CODES.items():
        if name == t:
            return code
    near = _nearest(t)
    hint = f"; nearest: {', '.join(near)}" if near else ""
    raise SelectionError(f"unknown rule code, prefix or name {token!r}{src}{hint} (see: auditlint rules)",
                         token=t, where=where, nearest=near)


@dataclass
class Selection:
    """flake8's decision engine, simplified: the longest matching prefix wins;
    on a tie, ignore wins.  Preview rules run only when selected by their own
    code or with preview on."""

    select: list = field(default_factory=lambda: ["AL"])
    ignore: list = field(default_factory=list)
    per_file_ignores: dict = field(default_factory=dict)  # glob -> [prefixes]
    preview: bool = False

    @classmethod
    def build(cls, select=None, ignore=None, extend_select=None, per_file_ignores=None, preview=False,
              where=None):
        """``where`` names where each list came from, for the error message:
        {"select": "--select", "ignore": "auditlint.toml: ignore", "per-file-ignores": "…"}."""
        w = where or {}
        sel = [_resolve(s, w.get("select", "")) for s in (select or ["ALL"])]
        sel += [_resolve(s, w.get("extend-select", "")) for s in (extend_select or [])]
        ign = [_resolve(s, w.get("ignore", "")) for s in (ignore or [])]
        pfi_where = w.get("per-file-ignores", "per-file-ignores")
        pfi = {g: [_resolve(c, f"{pfi_where}[{g!r}]") for c in codes] for g, codes in (per_file_ignores or {}).items()}
        return cls(sel, ign, pfi, preview)

    def allows(self, d: Diagnostic) -> bool:
        code = d.code
        if code.startswith("AL0"):
            # input problems are always shown unless ignored explicitly
            if any(code.startswith(i) and len(i) >= 3 for i in self.ignore):
                return False
            return True
        s = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        i = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        for glob, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(d.path, glob) or fnmatch.fnmatch(d.path.replace("\\", "/"), glob):
                i = max([i] + [len(p) for p in codes if code.startswith(p)])
        if s < 0 or i >= s:
            return False
        if not self.preview:
            r = next((r for r in registry() if r.code == code), None)
            if r is not None and r.status == "preview" and s < len(code):
                return False
        return True


def fails(diags, fail_on: str) -> bool:
    th = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[d.severity] >= th for d in diags)
