"""`auditlint rules | explain | facts | dump`: what the rules are, and what was read from a file."""
from __future__ import annotations

import os
import sys

from .. import config as C
from .. import engine as E
from .. import reporters as R
from ..batch import UsageError
from ..checks import INPUT_CODES, INPUT_CODES_ZH, INPUT_SEVERITY, registry
from ..cli_text import severity as sev_text, t
from .parsers import DEFAULT_PROFILE, _Parser, _add_lang


def _wrap(text: str, width: int) -> str:
    """Whole sentences wrapped at ``width`` display columns (CJK = 2), at a
    space for English, between characters for Chinese — never cut off."""
    lines, cur, w = [], "", 0
    for word in _words(text):
        ww = R.display_width(word)
        if cur and w + ww > width:
            lines.append(cur.rstrip())
            cur, w = word.lstrip(), R.display_width(word.lstrip())
        else:
            cur, w = cur + word, w + ww
    if cur.strip():
        lines.append(cur.rstrip())
    return "\n".join(lines)


def _words(text: str):
    """Breakable pieces: an English word with the space before it, or one CJK
    character (with the closing punctuation after it: no line starts with ，。）)."""
    import re

    for m in re.finditer(r"\s*[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s*[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]"
                         r"[，。、；：！？）》”’,.;:!?)]*", text):
        yield m.group(0)


def _severities_by_profile(code: str, default: str) -> dict:
    """{severity or 'off': [built-in profiles]} where a profile reports the rule
    otherwise than ``default`` — read from the profiles, the source of truth."""
    from ..profiles import builtin_profiles

    out = {}
    for prof in builtin_profiles():
        s = prof.severity_of(code, default) if prof.applies(code) else "off"
        if s != default:
            out.setdefault(s, []).append(prof.name)
    return out


def _rule_rows(lang: str, profile_name: str) -> list[dict]:
    from ..profiles import get_profile

    prof = get_profile(profile_name)
    rows = [{"code": code, "name": name, "severity": INPUT_SEVERITY[code], "status": "stable", "origin": "input",
             "summary": INPUT_CODES_ZH[code] if lang == "zh" else doc, "summary_zh": INPUT_CODES_ZH[code],
             "summary_en": doc, "by_profile": {}}
            for code, (name, doc) in INPUT_CODES.items()]
    for r in registry():
        sev = prof.severity_of(r.code, r.severity) if prof.applies(r.code) else "off"
        rows.append({"code": r.code, "name": r.name, "severity": sev, "status": r.status, "origin": r.origin,
                     "summary": r.summary_in(lang), "summary_zh": r.summary_zh or r.summary, "summary_en": r.summary,
                     "by_profile": _severities_by_profile(r.code, sev)})
    return rows


def cmd_rules(argv, lang) -> int:
    p = _Parser(prog="auditlint rules", lang=lang, description=t(lang, "rules_description"))
    _add_lang(p, lang)
    p.add_argument("--format", choices=["text", "json"], default="text", help=t(lang, "h_rules_format"))
    p.add_argument("--profile", default=DEFAULT_PROFILE, help=t(lang, "h_rules_profile"))
    a = p.parse_args(argv)
    lang = a.lang or lang
    rows = _rule_rows(lang, a.profile)
    if a.format == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    origin = lambda o: t(lang, f"origin_{o}") if o in ("builtin", "input") else o  # noqa: E731
    table = [(r["code"], r["name"], sev_text(lang, r["severity"]) + (t(lang, "varies_mark") if r["by_profile"] else ""),
              t(lang, "status_" + r["status"]) if r["status"] in ("stable", "preview") else r["status"],
              origin(r["origin"]), _wrap(r["summary"], 56)) for r in rows]
    print(R.table(table, [t(lang, k) for k in ("col_code", "col_name", "col_severity", "col_status",
                                                          "col_origin", "col_summary")]))
    if any(r["by_profile"] for r in rows):
        print("\n" + t(lang, "varies_note"))
    return 0


def cmd_explain(argv, lang) -> int:
    p = _Parser(prog="auditlint explain", lang=lang, description=t(lang, "explain_description"))
    _add_lang(p, lang)
    p.add_argument("rule", nargs="?", help=t(lang, "h_explain_rule"))
    a = p.parse_args(argv)
    lang = a.lang or lang
    if not a.rule:
        raise UsageError(t(lang, "explain_usage"))
    want = a.rule.strip()
    fam = lambda code: f"{code[:3]}xx"  # noqa: E731
    for r in registry():
        if want.upper() == r.code or want == r.name:
            print(t(lang, "explain_head", code=r.code, name=r.name))
            if lang != "en":  # the English summary is the docstring's first line, printed below
                print(r.summary_in(lang))
                print()
            print(t(lang, "explain_meta", severity=sev_text(lang, r.severity), family=fam(r.code),
                    status=t(lang, "status_" + r.status) if r.status in ("stable", "preview") else r.status))
            varies = _severities_by_profile(r.code, r.severity)
            if varies:
                items = ("；" if lang == "zh" else "; ").join(
                    f"{', '.join(names)}: {sev_text(lang, s)}" for s, names in sorted(varies.items()))
                print(t(lang, "explain_by_profile", items=items))
            print()
            if lang == "en":
                print(r.doc)
            else:
                print(t(lang, "explain_doc"))
                print(r.doc)
            return 0
    if want.upper() in INPUT_CODES:
        code = want.upper()
        name, doc = INPUT_CODES[code]
        print(t(lang, "explain_head", code=code, name=name))
        print(INPUT_CODES_ZH[code] if lang == "zh" else doc)
        print()
        print(t(lang, "explain_meta", severity=sev_text(lang, INPUT_SEVERITY[code]), family=fam(code),
                status=t(lang, "status_stable")))
        return 0
    near = E._nearest(want)
    hint = t(lang, "nearest", items=", ".join(near)) if near else ""
    raise UsageError(t(lang, "unknown_rule", rule=want, hint=hint))


# ---------------------------------------------------------------- facts, dump

def _load_for_view(argv, prog, lang, description, extra=None):
    p = _Parser(prog=prog, lang=lang, description=description)
    _add_lang(p, lang)
    p.add_argument("file", help=t(lang, "h_view_file"))
    p.add_argument("--profile", help=t(lang, "h_profile"))
    p.add_argument("--max-pages", type=int, help=t(lang, "h_max_pages"))
    p.add_argument("--pdf-engine", choices=["fast", "full"], default="fast", help=t(lang, "h_pdf_engine"))
    if extra:
        extra(p)
    a = p.parse_args(argv)
    a.lang = a.lang or lang
    C.check_options({"max-pages": a.max_pages})
    data = sys.stdin.buffer.read() if a.file == "-" else None
    if a.file != "-" and not os.path.isfile(a.file):
        raise UsageError(t(a.lang, "not_a_file" if os.path.isdir(a.file) else "no_such_file", path=a.file))
    doc = E.load_document(a.file, data, a.max_pages, a.pdf_engine)
    for prob in doc.problems:
        msg = prob.message_en if a.lang == "en" else prob.message_zh
        print(f"{R.escape(a.file)}: {prob.code} {R.escape(msg)}", file=sys.stderr)
    return a, doc


def _pos(w) -> str:
    p = w.pos
    return f"p{p.page}:{p.line}:{p.column}" if p.page else f"{p.line}:{p.column}"


def _pos_key(s: str):
    return [int(x) if x.isdigit() else 0 for x in s.lstrip("p").split(":")]


def _fact_rows(f, lang) -> list:
    """One row per claim that says how it is shown: a claim kind's ``describe(L)`` gives
    (where, kind, text), or None.  Every claim kind has one; shares are shown in their
    breakdown's row (ReportFacts.shares holds (breakdown, part) pairs, not claims).
    Kinds in ReportFacts' order, then by position (a stable sort)."""
    import dataclasses

    L = lambda key, **kw: t(lang, key, **kw)  # noqa: E731
    rows = []
    for fld in dataclasses.fields(f):
        claims = getattr(f, fld.name)
        if not isinstance(claims, list):
            continue
        for x in claims:
            describe = getattr(x, "describe", None)
            shown = describe(L) if describe is not None else None
            if shown is not None:
                w, kind, text = shown
                rows.append((_pos(w), kind, text))
    rows.sort(key=lambda r: _pos_key(r[0]))
    return [(a, b, R.escape(c)) for a, b, c in rows]


def cmd_facts(argv, lang) -> int:
    """What was read, without running a rule (issue 18): the report's facts,
    or with --figures every figure the grammar read."""
    a, doc = _load_for_view(argv, "auditlint facts", lang, t(lang, "facts_description"),
                            extra=lambda p: p.add_argument("--figures", action="store_true",
                                                           help=t(lang, "h_facts_figures")))
    lang = a.lang
    if any(p.fatal for p in doc.problems):
        return 2  # nothing could be read (said above, on standard error)
    for rep, prof, f in E.read_facts(doc, E.Options(profile=a.profile)):
        title = R.escape(rep.title) if rep.title else t(lang, "untitled")
        if a.figures:
            figs = E.figures_of(rep)
            print(t(lang, "figures_report", n=rep.number, title=title, count=len(figs)))
            rows = [(_pos(w), _figure_value(fig), fig.unit or "-", t(lang, "kind_" + kind), R.escape(w.snippet))
                    for w, fig, kind in figs]
            print(R.table(rows, [t(lang, k) for k in ("col_where", "col_value", "col_unit", "col_kind", "col_text")])
                  if rows else t(lang, "figures_none"))
        else:
            print(t(lang, "facts_report", n=rep.number, title=title, year=rep.fiscal_year or "?",
                    unit=R.escape(rep.unit) or "?", profile=prof.name, figures=f.figures))
            print(R.table(_fact_rows(f, lang), [t(lang, k) for k in ("col_where", "col_fact", "col_read")]))
        print()
    return 0


def _figure_value(fig) -> str:
    from ..numbers import fmt

    dec = max(0, fig.decimals_in_unit)
    v = f"{float(fig.value):.{dec}f}" if dec <= 8 else fmt(fig.value, 8)
    return {"lower": "≥", "upper": "≤", "about": "≈"}.get(fig.approx, "") + v


def cmd_dump(argv, lang) -> int:
    a, doc = _load_for_view(argv, "auditlint dump", lang, t(lang, "dump_description"))
    lang = a.lang
    if any(p.fatal for p in doc.problems):
        return 2  # nothing could be read (said above, on standard error)
    esc = R.escape
    print(t(lang, "dump_head", path=esc(doc.path), format=doc.format, blocks=len(doc.blocks), reports=len(doc.reports))
          + (t(lang, "dump_pages", n=doc.page_count) if doc.page_count else ""))
    if doc.ocr is not None:  # the pages read by OCR and their confidence
        from ..read.ocr import describe
        print(describe(doc.ocr, lang))
    for rep in doc.reports:
        print()
        print(t(lang, "dump_report", n=rep.number, title=esc(rep.title) if rep.title else t(lang, "untitled"),
                year=rep.fiscal_year or "?", unit=esc(rep.unit) or "?"))
        for b in rep.blocks:
            p = b.start
            where = f"p{p.page}:{p.line}:{p.column}" if p.page else f"{p.line}:{p.column}"
            if b.kind == "heading":
                print(f"{where:>12}  {'  ' * (b.level - 1)}H{b.level} {esc(b.title)}")
            elif b.kind == "table":
                print(f"{where:>12}  {t(lang, 'dump_table', n=len(b.rows))}")
                for row in b.rows:
                    print(" " * 16 + " | ".join(esc(c.text.replace("\n", " / ")) for c in row))
            else:
                txt = b.text if len(b.text) <= 70 else b.text[:67] + "…"
                print(f"{where:>12}  ¶ {esc(txt)}")
    return 0
