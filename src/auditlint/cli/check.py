"""`auditlint [check]`: collect the files, check them in the batch, print or write the findings."""
from __future__ import annotations

import os
import sys

from .. import baseline as B
from .. import config as C
from .. import engine as E
from .. import reporters as R
from ..batch import UsageError, collect, run_batch
from ..checks import PLUGIN_ERRORS
from ..cli_text import locale_lang, t
from ..diagnostics import Diagnostic
from ..read import INCLUDE_GLOBS
from .parsers import _split

DEFAULT_INCLUDE = list(INCLUDE_GLOBS)  # from the one format table (auditlint.read.FORMATS)


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
        from ..profiles import get_profile

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
            from ..copies import write_copies

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
    from ..result import _diag_to_json
    from ..web import Entry, render_report
    from ..web.pool import WorkerFailed, run_jobs

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
