"""auditlint's command line.

    auditlint [check] PATH...        check files and folders (default command)
    auditlint rules                  list the rules
    auditlint explain CODE           print a rule's documentation
    auditlint facts FILE             what the grammar read, with positions (--figures: every figure)
    auditlint dump FILE              blocks, headings and tables as read
    auditlint serve                  a local page to check a report in a browser
    auditlint help [COMMAND]         the help of auditlint or of a command

Global options (``--lang``) may come before the command.  Every string the
command line prints is in ``cli_text`` (one table per language).

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
from .batch import NoSuchPath, UsageError, _tune_gc, collect, run_batch
from .checks import INPUT_CODES, INPUT_CODES_ZH, INPUT_SEVERITY, PLUGIN_ERRORS, registry
from .cli_text import locale_lang, severity as sev_text, t
from .diagnostics import Diagnostic
from .profiles import ProfileError
from .read import INCLUDE_GLOBS

DEFAULT_INCLUDE = list(INCLUDE_GLOBS)  # from the one format table (auditlint.read.FORMATS)
COMMANDS = ("check", "rules", "explain", "facts", "dump", "serve", "help")
DEFAULT_PROFILE = "dept-overall"  # what detection falls back to: the severities `rules` shows


# ---------------------------------------------------------------- parsers

class _Parser(argparse.ArgumentParser):
    """argparse with its own words in the user's language, and errors that
    are usage errors (exit 2, one line) rather than argparse's exit."""

    def __init__(self, *a, lang="zh", **kw):
        self.lang = lang
        kw.setdefault("formatter_class", _formatter(lang))
        super().__init__(*a, add_help=False, **kw)
        self._positionals.title = t(lang, "positionals")
        self._optionals.title = t(lang, "optionals")
        self.add_argument("-h", "--help", action="help", help=t(lang, "help_help"))

    def error(self, message):
        if self.lang != "en":  # argparse's own words (gettext, English here) for the common cases
            for en, key in _ARGPARSE_WORDS:
                message = message.replace(en, t(self.lang, key))
        raise UsageError(f"{message} ({self.prog} --help)")


_ARGPARSE_WORDS = (("unrecognized arguments", "ap_unrecognized"),
                   ("the following arguments are required", "ap_required"),
                   ("invalid choice", "ap_invalid_choice"), ("choose from", "ap_choose_from"),
                   ("expected one argument", "ap_expected_one"), ("invalid int value", "ap_invalid_int"),
                   ("invalid float value", "ap_invalid_float"), ("argument ", "ap_argument"))


def _formatter(lang):
    class F(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            return super().add_usage(usage, actions, groups, prefix=t(lang, "usage_prefix"))
    return F


def _add_lang(p, lang):
    p.add_argument("--lang", choices=["zh", "en"], help=t(lang, "h_lang"))


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    commands = "\n".join(f"  {c:<9} {t(lang, 'cmd_' + c)}" for c in COMMANDS)
    p = _Parser(prog="auditlint", lang=lang, usage=t(lang, "main_usage"),
                description=f"{t(lang, 'main_description')}\n\n{t(lang, 'commands_title')}:\n{commands}",
                epilog=t(lang, "main_epilog"))
    h = lambda key: t(lang, key)  # noqa: E731
    p.add_argument("--version", action="version", version=f"auditlint {__version__}", help=h("version_help"))
    p.add_argument("paths", nargs="*", help=h("h_paths"))
    p.add_argument("--format", choices=["text", "json", "sarif", "github", "html", "pdf", "docx"], help=h("h_format"))
    p.add_argument("--output", "-o", help=h("h_output"))
    p.add_argument("--select", help=h("h_select"))
    p.add_argument("--extend-select", help=h("h_extend_select"))
    p.add_argument("--ignore", help=h("h_ignore"))
    p.add_argument("--fail-on", choices=["error", "warning", "info"], help=h("h_fail_on"))
    _add_lang(p, lang)
    p.add_argument("--profile", help=h("h_profile"))
    p.add_argument("--jobs", "-j", type=int, help=h("h_jobs"))
    p.add_argument("--include", action="append", help=h("h_include"))
    p.add_argument("--exclude", action="append", help=h("h_exclude"))
    p.add_argument("--preview", action="store_true", default=None, help=h("h_preview"))
    p.add_argument("--quiet", "-q", action="store_true", help=h("h_quiet"))
    p.add_argument("--statistics", action="store_true", help=h("h_statistics"))
    p.add_argument("--no-source", action="store_true", help=h("h_no_source"))
    p.add_argument("--baseline", help=h("h_baseline"))
    p.add_argument("--write-baseline", metavar="FILE", help=h("h_write_baseline"))
    p.add_argument("--config", help=h("h_config"))
    p.add_argument("--isolated", action="store_true", help=h("h_isolated"))
    p.add_argument("--max-pages", type=int, help=h("h_max_pages"))
    p.add_argument("--timeout", type=float, help=h("h_timeout"))
    p.add_argument("--max-memory", type=int, metavar="MB", help=h("h_max_memory"))
    p.add_argument("--no-cache", action="store_true", default=None, help=h("h_no_cache"))
    p.add_argument("--pdf-engine", choices=["fast", "full"], help=h("h_pdf_engine"))
    return p


def _split(v) -> list:
    if v is None:
        return []
    if isinstance(v, list):
        return [x for s in v for x in str(s).split(",") if x.strip()]
    return [x.strip() for x in str(v).split(",") if x.strip()]


def _selection(args, cfg) -> "E.Selection":
    """The selection, each list labelled with where it came from (a flag or
    the configuration file), so that an unknown entry is named with its place."""
    where, kw = {}, {}
    src = cfg.path or "configuration"
    for flag, key, arg in (("--select", "select", args.select), ("--ignore", "ignore", args.ignore),
                           ("--extend-select", "extend-select", args.extend_select)):
        given = _split(arg)
        if given:
            kw[key], where[key] = given, flag
        elif cfg.get(key):
            kw[key], where[key] = cfg.get(key), f"{src}: {key}"
    where["per-file-ignores"] = f"{src}: per-file-ignores"
    return E.Selection.build(
        select=kw.get("select"), ignore=kw.get("ignore", []), extend_select=kw.get("extend-select", []),
        per_file_ignores=cfg.get("per-file-ignores", {}), preview=bool(args.preview if args.preview is not None
                                                                      else cfg.get("preview", False)),
        where=where)


# ---------------------------------------------------------------- check

def cmd_check(args) -> int:
    C.check_options({"timeout": args.timeout, "max-pages": args.max_pages, "max-memory": args.max_memory,
                     "jobs": args.jobs})  # the same ranges as in a configuration file
    cfg = C.Config()
    if not args.isolated:
        cfg = C.load(args.config or C.discover("."))
    get = lambda flag, key, default=None: flag if flag is not None else cfg.get(key, default)  # noqa: E731
    fmt = get(args.format, "format", "text")
    lang = get(args.lang, "lang", "zh")  # the findings' messages: Chinese unless asked (design.md)
    ui = args.lang or cfg.get("lang") or locale_lang()  # the command line's own words
    fail_on = get(args.fail_on, "fail-on", "error")
    profile = get(args.profile, "profile")
    jobs = get(args.jobs, "jobs", os.cpu_count() or 1)
    timeout = get(args.timeout, "timeout", 300)
    max_pages = get(args.max_pages, "max-pages")
    include = _split(args.include) or cfg.get("include") or DEFAULT_INCLUDE
    exclude = _split(args.exclude) + list(cfg.get("exclude", []))
    sel = _selection(args, cfg)
    if profile:
        from .profiles import get_profile

        get_profile(profile)  # fail early on a bad profile
    if not args.paths:
        raise UsageError(t(ui, "no_files"))
    files = collect(args.paths, include, exclude)
    if not files:
        raise UsageError(t(ui, "no_reports", globs=" ".join(include)))
    base_path = None if args.write_baseline else (args.baseline or cfg.get("baseline"))
    baseline = B.load(base_path) if base_path else None
    # text findings are printed as each file is done, in the order of the files
    stream = fmt == "text" and not args.statistics and not args.write_baseline
    # the output file is opened when there is something to write into it: at once for
    # streamed text, at the end for the others (a failed run leaves no half-written report)
    out = open(args.output, "w", encoding="utf-8") if args.output and stream else sys.stdout
    color = fmt == "text" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    show_source = not args.no_source
    tty = sys.stderr.isatty() and not os.environ.get("CI")
    show_progress = tty and len(files) >= 5 and not args.quiet
    bar = {"shown": False}

    def progress(done, total):
        if show_progress:
            w = 30
            k = int(w * done / total)
            sys.stderr.write(f"\r[{'#' * k}{'.' * (w - k)}] {done}/{total}")
            sys.stderr.flush()
            bar["shown"] = True

    def clear_progress():
        if bar["shown"]:
            sys.stderr.write("\r" + " " * 50 + "\r")
            sys.stderr.flush()
            bar["shown"] = False

    selected, diags, lines = [], [], {}
    state = {"next": 0, "fatal": False}
    ready = {}

    results = {}  # path -> CheckedFile, for the annotated copies

    def on_file(path, r):
        """Called as each file is done (in any order); file k is printed once
        files 1..k are, so the output does not depend on which worker is first."""
        ready[path] = results[path] = r
        while state["next"] < len(files) and files[state["next"]] in ready:
            r = ready.pop(files[state["next"]])
            state["next"] += 1
            state["fatal"] = state["fatal"] or r.fatal
            mine = sorted((d for d in r.diagnostics if sel.allows(d)), key=Diagnostic.sort_key)
            selected.extend(mine)
            if baseline is not None:
                mine, _stale = B.apply(mine, baseline, base_path)
            diags.extend(mine)
            src = {(r.path, pg, ln): txt for (pg, ln), txt in r.source_lines.items()}
            if stream:
                if mine:
                    clear_progress()
                    out.write(R.text(mine, src, lang, color, show_source=show_source))
                    out.flush()
            else:
                lines.update(src)

    try:
        run_batch(files, profile, max_pages, timeout, jobs, progress, cfg.get("profiles", {}),
                  get(args.pdf_engine, "pdf-engine", "fast"), use_cache=not get(args.no_cache, "no-cache", False),
                  max_memory=get(args.max_memory, "max-memory"), on_file=on_file)
        clear_progress()
        diags.sort(key=Diagnostic.sort_key)
        fatal = state["fatal"]
        if args.write_baseline:
            n = B.write(args.write_baseline, diags)
            if not args.quiet:
                print(t(ui, "note_prefix") + t(ui, "wrote_baseline", n=n, path=args.write_baseline), file=sys.stderr)
            return 2 if fatal else 0
        if baseline is not None:
            for (p, c, s, cl) in B.apply(selected, baseline, base_path)[1]:
                print(t(ui, "note_prefix") + t(ui, "stale_baseline", entry=R.escape(f"{p} {c} {s} {cl}")),
                      file=sys.stderr)
        if fmt in ("pdf", "docx"):  # not a report: an annotated copy of each input (copies.py)
            from .copies import write_copies

            fatal = write_copies(fmt, files, results, diags, args.output, lang, args.quiet) or fatal
            if not args.quiet:
                print(R.summary_line(len(files), diags, lang), file=sys.stderr)
            return 2 if fatal else (1 if E.fails(diags, fail_on) else 0)
        report = None
        if args.statistics:
            report = R.statistics(diags, ui, as_json=fmt == "json")
        elif fmt == "html":
            report = _html_report(files, results, diags, lang, jobs, timeout, get(args.max_memory, "max-memory"),
                                  tty and not args.quiet)
        elif not stream:
            report = R.render(fmt, diags, lines, lang, color, show_source=show_source)
        if report is not None:
            if args.output and out is sys.stdout:
                out = open(args.output, "w", encoding="utf-8")
            out.write(report)
    finally:
        if out is not sys.stdout:
            out.close()
    for msg in PLUGIN_ERRORS:
        print(t(ui, "note_prefix") + msg, file=sys.stderr)
    if fmt == "text" and not args.quiet:
        print(R.summary_line(len(files), diags, lang), file=sys.stderr)
    if fmt == "html" and not args.quiet:
        print(_html_written(args.output, files, diags, lang), file=sys.stderr)
    if fatal:
        return 2
    return 1 if E.fails(diags, fail_on) else 0


def _missing_web_parts(modules) -> list:
    """pip names of the modules of the page and the HTML report that cannot be imported."""
    import importlib.util

    pip_name = {"PIL": "pillow", "python_multipart": "python-multipart"}
    return [pip_name.get(m, m) for m in modules if importlib.util.find_spec(m) is None]


def _html_report(files, results, diags, lang, jobs, timeout, max_memory, show_progress) -> str:
    """The HTML view, from the CheckedFiles the batch returned: no file is
    checked again, and the findings shown and counted are ``diags`` (after
    selection and baseline).  Page images of PDFs are rendered in worker
    processes under the batch's time and memory limits (web/pages.py caps a
    page's pixels)."""
    missing = _missing_web_parts(["PIL", "pypdfium2"])
    if missing:
        raise UsageError(f"--format html 需要 {'、'.join(missing)}，请运行：pip install {' '.join(missing)}")
    from .result import _diag_to_json
    from .web import Entry, render_report
    from .web.pool import WorkerFailed, run_jobs

    by_path = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    entries, jobs_for = [], []
    for f in files:
        cf = results[f]
        entry = Entry(cf, by_path.get(cf.path, []))
        entries.append(entry)
        if cf.format == "pdf" and f != "-" and any(d.page for d in entry.diags):
            header = {"kind": "render", "path": os.path.abspath(f), "timeout": timeout,
                      "diags": [_diag_to_json(d) for d in entry.diags],
                      "anchors": [[pg, ln, a] for (pg, ln), a in cf.anchors.items()]}
            jobs_for.append((entry, (header, b"")))

    def progress(done, total):
        if show_progress:
            label = "正在生成页面图片" if lang == "zh" else "rendering pages"
            sys.stderr.write(f"\r{label} {done}/{total}")
            sys.stderr.flush()

    answers = run_jobs([job for _, job in jobs_for], max(1, min(jobs, len(jobs_for) or 1)), max_memory,
                       timeout + 15 if timeout else None, progress)
    if show_progress and jobs_for:
        sys.stderr.write("\r" + " " * 40 + "\r")
    for (entry, _), ans in zip(jobs_for, answers):
        if isinstance(ans, WorkerFailed):
            entry.note = ans.why
        elif "error" in ans:
            entry.note = ans["error"]
        else:
            entry.pages, entry.note = ans.get("pages") or [], ans.get("note")
    return render_report(entries, lang)


def _html_written(output, files, diags, lang) -> str:
    errors = sum(1 for d in diags if d.severity == "error")
    if lang == "en":
        return f"wrote {output or 'the report to standard output'} ({len(files)} files, {errors} errors)"
    return f"已写入 {output or '标准输出'}（{len(files)} 个文件，{errors} 个错误）"


def cmd_serve(argv, lang="zh") -> int:
    p = _Parser(prog="auditlint serve", lang=lang, description=t(lang, "cmd_serve"))
    _add_lang(p, lang)
    p.add_argument("--host", default="127.0.0.1", help=t(lang, "h_serve_host"))
    p.add_argument("--port", type=int, default=8765, help=t(lang, "h_serve_port"))
    p.add_argument("--max-upload", type=int, default=20, metavar="MB", help=t(lang, "h_serve_max_upload"))
    p.add_argument("--workers", type=int, metavar="N", help=t(lang, "h_serve_workers"))
    p.add_argument("--queue", type=int, default=8, metavar="N", help=t(lang, "h_serve_queue"))
    p.add_argument("--timeout", type=float, default=120, metavar="S", help=t(lang, "h_serve_timeout"))
    p.add_argument("--max-memory", type=int, default=1536, metavar="MB", help=t(lang, "h_serve_max_memory"))
    a = p.parse_args(argv)
    if a.max_upload < 1 or (a.workers is not None and a.workers < 1) or a.queue < 0 or a.timeout <= 0:
        raise UsageError("--max-upload, --workers and --timeout must be positive, --queue at least 0")
    missing = _missing_web_parts(["starlette", "uvicorn", "python_multipart", "PIL"])
    if missing:
        raise UsageError(f"auditlint serve 需要 {'、'.join(missing)}，请运行：pip install {' '.join(missing)}")
    from .web import serve

    return serve(a.host, a.port, a.max_upload, a.workers, a.queue, a.timeout, a.max_memory or None)


# ---------------------------------------------------------------- rules, explain

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
    from .profiles import builtin_profiles

    out = {}
    for prof in builtin_profiles():
        s = prof.severity_of(code, default) if prof.applies(code) else "off"
        if s != default:
            out.setdefault(s, []).append(prof.name)
    return out


def _rule_rows(lang: str, profile_name: str) -> list[dict]:
    from .profiles import get_profile

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
    from .numbers import fmt

    L = lambda key, **kw: t(lang, key, **kw)  # noqa: E731
    rows = []
    for bd in f.breakdowns:
        parts = "；".join(f"{p.label} {fmt(p.fig.value)}" + (f"（占{p.share.text}%）" if p.share else "")
                         for p in bd.parts)
        rows.append((_pos(bd.where), L("fact_breakdown"),
                     f"{bd.total_label} {fmt(bd.total.value)}{bd.total.unit} = {parts}  "
                     + (L("complete") if bd.complete else L("partial"))))
    for c in f.changes:
        rows.append((_pos(c.where), L("fact_change"), f"{c.label} {c.current and fmt(c.current.value)} "
                     f"{'+' if c.direction > 0 else '-'}{c.delta and fmt(c.delta.value)} "
                     f"{L('rate')} {c.rate and c.rate.text}%"))
    for x in f.formulas:
        rows.append((_pos(x.where), L("fact_formula"), f"{x.numerator.text}/{x.denominator.text} = {x.result.text}{x.result.unit}"))
    for x in f.score_items:
        rows.append((_pos(x.where), L("fact_score_item"),
                     f"{x.number}. {x.name}: {x.got and fmt(x.got.value)} / {x.max and fmt(x.max.value)}"))
    for x in f.section_scores:
        rows.append((_pos(x.where), L("fact_section_score"),
                     f"{x.label}: {fmt(x.max.value)} - {x.deducted and fmt(x.deducted.value)} = {fmt(x.got.value)}"))
    for x in f.loose_scores:
        rows.append((_pos(x.where), L("fact_item_score"), f"得 {fmt(x.got.value)} 分"))
    for x in f.total_scores:
        rows.append((_pos(x.where), L("fact_total_score"), fmt(x.value.value)))
    for x in f.grades:
        rows.append((_pos(x.where), L("fact_grade"), x.label))
    for x in f.count_claims:
        rows.append((_pos(x.where), L("fact_count_claim"), f"{x.n} {x.noun} ({x.kind}): {L('listed', n=x.listed)}"))
    for x in f.dates:
        if x.role != "other" or x.date.end is not None:
            rows.append((_pos(x.where), L("fact_date", role=x.role), x.where.snippet))
    for x in f.fiscal_figures:
        rows.append((_pos(x.where), L("fact_fiscal_figure"), f"{x.year} {x.label} {fmt(x.fig.value)}万元"))
    for tb in f.tables:
        coded = sum(1 for r in tb.rows if r.code)
        cols = "、".join(tb.columns[c] for c in sorted(tb.columns))
        state = L("table_understood") if tb.understood else L("table_not_checked", why=tb.why)
        rows.append((_pos(tb.where), L("fact_table"), L(
            "table_summary", caption=tb.caption or L("no_caption"), unit=tb.unit or L("unit_unknown"),
            parts=len(tb.blocks), rows=len(tb.rows), coded=coded, totals=len(tb.total_rows), cols=cols or "-",
            state=state)))
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
    from .numbers import fmt

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


# ---------------------------------------------------------------- main

def _takes_value() -> set:
    """Options of the check command that take a value (so that a value such
    as 'rules' in --profile rules is not taken for a command)."""
    return {s for a in build_parser()._actions if a.option_strings and a.nargs != 0 for s in a.option_strings}


def split_command(argv: list) -> tuple:
    """(command, the options before it, the arguments after it).  The command
    is the first word that is not an option or an option's value; none: check."""
    takes = _takes_value()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            break
        if a.startswith("-") and a != "-":
            i += 2 if (a in takes and "=" not in a) else 1
            continue
        if a in COMMANDS:
            return a, argv[:i], argv[i + 1:]
        break
    return "check", [], argv


def _lang_option(argv: list):
    for k, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and k + 1 < len(argv) and argv[k + 1] in ("zh", "en"):
            return argv[k + 1]
        if a.startswith("--lang=") and a[7:] in ("zh", "en"):
            return a[7:]
    return None


def _without_lang(argv: list) -> list:
    out, skip = [], False
    for k, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--lang":
            skip = True
            continue
        if a.startswith("--lang="):
            continue
        out.append(a)
    return out


def _dispatch(cmd: str, before: list, rest: list, lang: str) -> int:
    if cmd == "help":
        hp = _Parser(prog="auditlint help", lang=lang, description=t(lang, "help_description"))
        _add_lang(hp, lang)
        hp.add_argument("command", nargs="?", help=t(lang, "h_help_command"))
        a = hp.parse_args(_without_lang(before) + rest)
        if not a.command:
            build_parser(a.lang or lang).print_help()
            return 0
        lang = a.lang or lang
        rest = [a.command]
        if rest[0] == "help":
            hp.print_help()
            return 0
        if rest[0] not in COMMANDS:
            raise UsageError(t(lang, "unknown_command", cmd=rest[0], commands=", ".join(COMMANDS)))
        return _dispatch(rest[0], before, ["--help"], lang)
    if cmd == "check":
        args = build_parser(lang).parse_args(before + rest)
        return cmd_check(args)
    return {"serve": cmd_serve, "rules": cmd_rules, "explain": cmd_explain, "facts": cmd_facts, "dump": cmd_dump}[cmd](before + rest, lang)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tune_gc()
    lang = _lang_option(argv) or locale_lang()
    try:
        cmd, before, rest = split_command(argv)
        return _dispatch(cmd, before, rest, lang)
    except E.SelectionError as exc:
        msg = str(exc)
        if exc.token is not None:
            msg = t(lang, "unknown_selector", token=exc.token,
                    where=t(lang, "in_where", where=exc.where) if exc.where else "",
                    hint=t(lang, "nearest", items=", ".join(exc.nearest)) if exc.nearest else "")
        print(t(lang, "error_prefix") + R.escape(msg), file=sys.stderr)
        return 2
    except NoSuchPath as exc:
        print(t(lang, "error_prefix") + t(lang, "no_such_path", path=R.escape(exc.path)), file=sys.stderr)
        return 2
    except (UsageError, C.ConfigError, ProfileError, B.BaselineError) as exc:
        print(t(lang, "error_prefix") + R.escape(str(exc)), file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
