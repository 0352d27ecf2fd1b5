"""auditlint's command line.

    auditlint [check] PATH...        check files and folders (default command)
    auditlint rules                  list the rules
    auditlint explain CODE           print a rule's documentation
    auditlint facts FILE             what the grammar read, with positions
    auditlint dump FILE              blocks, headings and tables as read

Exit status: 0 no finding at or above --fail-on; 1 findings; 2 usage error
or a file that could not be read at all.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from . import baseline as B
from . import config as C
from . import engine as E
from . import reporters as R
from .checks import INPUT_CODES, PLUGIN_ERRORS, registry
from .batch import UsageError, _tune_gc, collect, run_batch
from .diagnostics import Diagnostic
from .profiles import ProfileError

DEFAULT_INCLUDE = ["*.pdf", "*.docx", "*.txt", "*.md"]
COMMANDS = ("check", "rules", "explain", "facts", "dump", "serve")


# ---------------------------------------------------------------- commands

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="auditlint", description="Consistency checks for performance-evaluation reports.")
    p.add_argument("--version", action="version", version=f"auditlint {__version__}")
    p.add_argument("paths", nargs="*", help="files or folders to check ('-' reads standard input)")
    p.add_argument("--format", choices=["text", "json", "sarif", "github", "html"],
                   help="output format (default: text; html: one self-contained page with the PDF pages marked)")
    p.add_argument("--output", "-o", help="write the report to this file")
    p.add_argument("--select", help="comma-separated codes, prefixes, names or families to check")
    p.add_argument("--extend-select", help="add to the selection")
    p.add_argument("--ignore", help="comma-separated codes, prefixes, names or families to skip")
    p.add_argument("--fail-on", choices=["error", "warning", "info"], help="lowest severity that fails (default: error)")
    p.add_argument("--lang", choices=["zh", "en"], help="language of messages (default: zh)")
    p.add_argument("--profile", help="report profile name or TOML file (default: detected per report)")
    p.add_argument("--jobs", "-j", type=int, help="parallel processes (default: the number of cores)")
    p.add_argument("--include", action="append", help="glob of files to take from folders (repeatable)")
    p.add_argument("--exclude", action="append", help="glob of files to skip (repeatable)")
    p.add_argument("--preview", action="store_true", default=None, help="also run preview rules")
    p.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    p.add_argument("--statistics", action="store_true", help="print counts per rule")
    p.add_argument("--no-source", action="store_true", help="text format: no source line and caret")
    p.add_argument("--baseline", help="hide the findings recorded in this baseline file")
    p.add_argument("--write-baseline", metavar="FILE", help="record today's findings as the baseline")
    p.add_argument("--config", help="configuration file (default: discovered upward)")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")
    p.add_argument("--max-pages", type=int, help="read at most this many pages of a PDF")
    p.add_argument("--timeout", type=float, help="per-file time limit in seconds (default: 300)")
    p.add_argument("--max-memory", type=int, metavar="MB",
                   help="per-file memory limit; files run in worker processes that cannot exceed it")
    p.add_argument("--no-cache", action="store_true", default=None,
                   help="do not use the findings cache (default: $XDG_CACHE_HOME/auditlint)")
    p.add_argument("--pdf-engine", choices=["fast", "full"],
                   help="fast: pdfium text and rulings, pdfplumber only where needed (default); full: pdfplumber everywhere")
    return p


def _split(v) -> list:
    if v is None:
        return []
    if isinstance(v, list):
        return [x for s in v for x in str(s).split(",") if x.strip()]
    return [x.strip() for x in str(v).split(",") if x.strip()]


def cmd_check(args) -> int:
    C.check_options({"timeout": args.timeout, "max-pages": args.max_pages, "max-memory": args.max_memory,
                     "jobs": args.jobs})  # the same ranges as in a configuration file
    cfg = C.Config()
    if not args.isolated:
        cfg = C.load(args.config or C.discover("."))
    get = lambda flag, key, default=None: flag if flag is not None else cfg.get(key, default)  # noqa: E731
    fmt = get(args.format, "format", "text")
    lang = get(args.lang, "lang", "zh")
    fail_on = get(args.fail_on, "fail-on", "error")
    profile = get(args.profile, "profile")
    jobs = get(args.jobs, "jobs", os.cpu_count() or 1)
    timeout = get(args.timeout, "timeout", 300)
    max_pages = get(args.max_pages, "max-pages")
    include = _split(args.include) or cfg.get("include") or DEFAULT_INCLUDE
    exclude = _split(args.exclude) + list(cfg.get("exclude", []))
    sel = E.Selection.build(
        select=_split(args.select) or cfg.get("select") or None,
        ignore=_split(args.ignore) or cfg.get("ignore") or [],
        extend_select=_split(args.extend_select) or cfg.get("extend-select") or [],
        per_file_ignores=cfg.get("per-file-ignores", {}),
        preview=bool(get(args.preview, "preview", False)))
    if profile:
        from .profiles import get_profile

        get_profile(profile)  # fail early on a bad profile
    if not args.paths:
        raise UsageError("no files given (try: auditlint report.pdf, or auditlint --help)")
    files = collect(args.paths, include, exclude)
    if not files:
        raise UsageError("no report files found (looked for " + " ".join(include) + ")")
    tty = sys.stderr.isatty() and not os.environ.get("CI")
    show_progress = tty and len(files) >= 5 and not args.quiet

    def progress(done, total):
        if show_progress:
            w = 30
            k = int(w * done / total)
            sys.stderr.write(f"\r[{'#' * k}{'.' * (w - k)}] {done}/{total}")
            sys.stderr.flush()

    results = run_batch(files, profile, max_pages, timeout, jobs, progress, cfg.get("profiles", {}),
                        get(args.pdf_engine, "pdf-engine", "fast"), use_cache=not get(args.no_cache, "no-cache", False),
                        max_memory=get(args.max_memory, "max-memory"))
    if show_progress:
        sys.stderr.write("\r" + " " * 50 + "\r")
    diags, lines, fatal = [], {}, False
    for f in files:
        r = results[f]
        diags.extend(d for d in r.diagnostics if sel.allows(d))
        lines.update({(r.path, pg, ln): t for (pg, ln), t in r.source_lines.items()})
        fatal = fatal or r.fatal
    diags.sort(key=Diagnostic.sort_key)
    if args.write_baseline:
        n = B.write(args.write_baseline, diags)
        if not args.quiet:
            print(f"auditlint: wrote {n} baseline entr{'y' if n == 1 else 'ies'} to {args.write_baseline}",
                  file=sys.stderr)
        return 2 if fatal else 0
    base_path = args.baseline or cfg.get("baseline")
    if base_path:
        diags, stale = B.apply(diags, B.load(base_path), base_path)
        for (p, c, s, cl) in stale:
            print(f"auditlint: baseline entry no longer matches (prune it): {p} {c} {s} {cl}", file=sys.stderr)
    color = fmt == "text" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if fmt == "html":
        report = _html_report(files, diags, lang, profile, max_pages, cfg)
    else:
        report = R.render(fmt, diags, lines, lang, color, show_source=not args.no_source)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(report)
    else:
        sys.stdout.write(report)
    if args.statistics:
        sys.stdout.write(R.statistics(diags))
    for msg in PLUGIN_ERRORS:
        print(f"auditlint: {msg}", file=sys.stderr)
    if fmt == "text" and not args.quiet:
        print(R.summary_line(len(files), diags, lang), file=sys.stderr)
    if fatal:
        return 2
    return 1 if E.fails(diags, fail_on) else 0


def _html_report(files, diags, lang, profile, max_pages, cfg) -> str:
    """The HTML view needs the document (page images, source lines): each file
    is read once more here, in this process; the findings shown are the
    selected ones."""
    try:
        from .web import render_report
    except ImportError as exc:  # pragma: no cover
        raise UsageError(f"--format html needs the web extra: pip install 'auditlint[web]' ({exc})")
    results = []
    for f in files:
        if f == "-":
            continue
        res = E.check_file(f, options=E.Options(profile=profile, max_pages=max_pages,
                                                 profile_settings=cfg.get("profiles", {})))
        results.append((res, None, [d for d in diags if d.path == f]))
    try:
        return render_report(results, lang)
    except ImportError as exc:
        raise UsageError(f"--format html needs the web extra: pip install 'auditlint[web]' ({exc})")


def cmd_serve(argv) -> int:
    p = argparse.ArgumentParser(prog="auditlint serve", description="a local page to check a report in a browser")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--max-upload", type=int, default=20, metavar="MB", help="largest accepted file (default: 20 MB)")
    a = p.parse_args(argv)
    try:
        from .web import serve
    except ImportError as exc:
        raise UsageError(f"auditlint serve needs the web extra: pip install 'auditlint[web]' ({exc})")
    return serve(a.host, a.port, a.max_upload)


def cmd_rules(argv) -> int:
    from tabulate import tabulate

    p = argparse.ArgumentParser(prog="auditlint rules")
    p.add_argument("--format", choices=["text", "json"], default="text")
    a = p.parse_args(argv)
    rows = [(code, name, "error", "stable", "input", doc) for code, (name, doc) in INPUT_CODES.items()]
    rows += [(r.code, r.name, r.severity, r.status, r.origin, r.summary) for r in registry()]
    if a.format == "json":
        import json

        print(json.dumps([dict(zip(["code", "name", "severity", "status", "origin", "summary"], r)) for r in rows],
                         ensure_ascii=False, indent=2))
    else:
        print(tabulate(rows, headers=["code", "name", "severity", "status", "origin", "summary"]))
    return 0


def cmd_explain(argv) -> int:
    if not argv:
        raise UsageError("usage: auditlint explain CODE")
    want = argv[0]
    for r in registry():
        if want.upper() == r.code or want == r.name:
            print(f"{r.code} {r.name}  (severity: {r.severity}, status: {r.status})\n")
            print(r.doc)
            return 0
    if want.upper() in INPUT_CODES:
        name, doc = INPUT_CODES[want.upper()]
        print(f"{want.upper()} {name}\n\n{doc}")
        return 0
    raise UsageError(f"unknown rule: {want}")


def _load_for_view(argv, prog):
    p = argparse.ArgumentParser(prog=prog)
    p.add_argument("file")
    p.add_argument("--profile")
    p.add_argument("--max-pages", type=int)
    p.add_argument("--max-memory", type=int, metavar="MB",
                   help="per-file memory limit; files run in worker processes that cannot exceed it")
    p.add_argument("--no-cache", action="store_true", default=None,
                   help="do not use the findings cache (default: $XDG_CACHE_HOME/auditlint)")
    p.add_argument("--pdf-engine", choices=["fast", "full"], default="fast")
    a = p.parse_args(argv)
    C.check_options({"max-pages": a.max_pages, "max-memory": a.max_memory})
    data = sys.stdin.buffer.read() if a.file == "-" else None
    if a.file != "-" and not os.path.exists(a.file):
        raise UsageError(f"no such file: {a.file}")
    doc = E.load_document(a.file, data, a.max_pages, a.pdf_engine)
    for prob in doc.problems:
        print(f"{a.file}: {prob.code} {prob.message_zh}", file=sys.stderr)
    return a, doc


def _pos(w) -> str:
    p = w.pos
    return f"p{p.page}:{p.line}:{p.column}" if p.page else f"{p.line}:{p.column}"


def cmd_facts(argv) -> int:
    from tabulate import tabulate

    from .numbers import fmt

    a, doc = _load_for_view(argv, "auditlint facts")
    res = E.check_document(doc, E.Options(profile=a.profile))
    for rep, prof, f in res.facts:
        print(f"# report {rep.number}: {rep.title or '(untitled)'} — fiscal year {rep.fiscal_year}, "
              f"unit {rep.unit or '?'}, profile {prof.name}, {f.figures} figures")
        rows = []
        for bd in f.breakdowns:
            parts = "；".join(f"{p.label} {fmt(p.fig.value)}" + (f"（占{p.share.text}%）" if p.share else "")
                             for p in bd.parts)
            rows.append((_pos(bd.where), "breakdown", f"{bd.total_label} {fmt(bd.total.value)}{bd.total.unit} = {parts}"
                         + ("  [complete]" if bd.complete else "  [may be partial]")))
        for c in f.changes:
            rows.append((_pos(c.where), "change", f"{c.label} {c.current and fmt(c.current.value)} "
                         f"{'+' if c.direction > 0 else '-'}{c.delta and fmt(c.delta.value)} rate {c.rate and c.rate.text}%"))
        for x in f.formulas:
            rows.append((_pos(x.where), "formula", f"{x.numerator.text}/{x.denominator.text} = {x.result.text}{x.result.unit}"))
        for x in f.score_items:
            rows.append((_pos(x.where), "score item", f"{x.number}. {x.name}: {x.got and fmt(x.got.value)} / {x.max and fmt(x.max.value)}"))
        for x in f.section_scores:
            rows.append((_pos(x.where), "section score", f"{x.label}: {fmt(x.max.value)} - {x.deducted and fmt(x.deducted.value)} = {fmt(x.got.value)}"))
        for x in f.loose_scores:
            rows.append((_pos(x.where), "item score", f"得 {fmt(x.got.value)} 分"))
        for x in f.total_scores:
            rows.append((_pos(x.where), "total score", fmt(x.value.value)))
        for x in f.grades:
            rows.append((_pos(x.where), "grade", x.label))
        for x in f.count_claims:
            rows.append((_pos(x.where), "count claim", f"{x.n} {x.noun} ({x.kind}): {x.listed} listed"))
        for x in f.dates:
            d = x.date
            if x.role != "other" or d.end is not None:
                rows.append((_pos(x.where), f"date ({x.role})", x.where.snippet))
        for x in f.fiscal_figures:
            rows.append((_pos(x.where), "fiscal figure", f"{x.year} {x.label} {fmt(x.fig.value)}万元"))
        for t in f.tables:
            coded = sum(1 for r in t.rows if r.code)
            cols = "、".join(t.columns[c] for c in sorted(t.columns))
            state = "understood" if t.understood else f"not checked: {t.why}"
            rows.append((_pos(t.where), "table",
                         f"{t.caption or '(no caption)'} [{t.unit or 'unit ?'}] {len(t.blocks)} part(s); "
                         f"{len(t.rows)} rows with figures, {coded} with budget codes, {len(t.total_rows)} 合计 rows; "
                         f"columns: {cols or '-'}; {state}"))
        rows.sort(key=lambda r: [int(x) if x.isdigit() else 0 for x in r[0].lstrip("p").split(":")])
        print(tabulate(rows, headers=["where", "fact", "what was read"]))
        print()
    return 0


def cmd_dump(argv) -> int:
    a, doc = _load_for_view(argv, "auditlint dump")
    print(f"# {doc.path}: {doc.format}, {len(doc.blocks)} blocks, {len(doc.reports)} report(s)"
          + (f", {doc.page_count} pages" if doc.page_count else ""))
    for rep in doc.reports:
        print(f"\n## report {rep.number}: {rep.title or '(untitled)'} (fiscal year {rep.fiscal_year}, unit {rep.unit or '?'})")
        for b in rep.blocks:
            p = b.start
            where = f"p{p.page}:{p.line}:{p.column}" if p.page else f"{p.line}:{p.column}"
            if b.kind == "heading":
                print(f"{where:>12}  {'  ' * (b.level - 1)}H{b.level} {b.title}")
            elif b.kind == "table":
                print(f"{where:>12}  TABLE {len(b.rows)} rows")
                for row in b.rows:
                    print(" " * 16 + " | ".join(c.text.replace("\n", " / ") for c in row))
            else:
                t = b.text if len(b.text) <= 70 else b.text[:67] + "…"
                print(f"{where:>12}  ¶ {t}")
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tune_gc()
    try:
        if argv and argv[0] in COMMANDS[1:]:
            cmd, rest = argv[0], argv[1:]
            return {"rules": cmd_rules, "explain": cmd_explain, "facts": cmd_facts, "dump": cmd_dump,
                    "serve": cmd_serve}[cmd](rest)
        if argv and argv[0] == "check":
            argv = argv[1:]
        args = build_parser().parse_args(argv)
        return cmd_check(args)
    except (UsageError, C.ConfigError, ProfileError, E.SelectionError, B.BaselineError) as exc:
        print(f"auditlint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
