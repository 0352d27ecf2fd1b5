"""`auditlint [check]`: collect the files, check them in the batch, print or write the findings."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Optional

from .. import baseline as B
from .. import config as C
from .. import engine as E
from .. import reporters as R
from ..batch import UsageError, collect, run_batch
from ..checks import PLUGIN_ERRORS
from ..cli_text import locale_lang, t
from ..diagnostics import Diagnostic
from ..read import INCLUDE_GLOBS
from ..reporters.text import text as text_report
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


@dataclass
class _Settings:
    """The check's options: each from its flag, else the configuration file, else the default."""
    cfg: "C.Config"
    fmt: str
    lang: str  # the findings' messages: Chinese unless asked (design.md)
    ui: str  # the command line's own words
    fail_on: str
    profile: Optional[str]
    jobs: int
    timeout: float
    max_pages: Optional[int]
    max_memory: Optional[int]
    pdf_engine: str
    use_cache: bool
    include: list
    exclude: list
    sel: "E.Selection"


def _settings(args) -> _Settings:
    C.check_options({"timeout": args.timeout, "max-pages": args.max_pages, "max-memory": args.max_memory,
                     "jobs": args.jobs})  # the same ranges as in a configuration file
    cfg = C.Config() if args.isolated else C.load(args.config or C.discover("."))
    get = lambda flag, key, default=None: flag if flag is not None else cfg.get(key, default)  # noqa: E731
    s = _Settings(
        cfg=cfg, fmt=get(args.format, "format", "text"), lang=get(args.lang, "lang", "zh"),
        ui=args.lang or cfg.get("lang") or locale_lang(), fail_on=get(args.fail_on, "fail-on", "error"),
        profile=get(args.profile, "profile"), jobs=get(args.jobs, "jobs", os.cpu_count() or 1),
        timeout=get(args.timeout, "timeout", 300), max_pages=get(args.max_pages, "max-pages"),
        max_memory=get(args.max_memory, "max-memory"), pdf_engine=get(args.pdf_engine, "pdf-engine", "fast"),
        use_cache=not get(args.no_cache, "no-cache", False),
        include=_split(args.include) or cfg.get("include") or DEFAULT_INCLUDE,
        exclude=_split(args.exclude) + list(cfg.get("exclude", [])), sel=_selection(args, cfg))
    if s.profile:
        from ..profiles import get_profile

        get_profile(s.profile)  # fail early on a bad profile
    return s


def _files(args, s: _Settings) -> list:
    if not args.paths:
        raise UsageError(t(s.ui, "no_files"))
    files = collect(args.paths, s.include, s.exclude)
    if not files:
        raise UsageError(t(s.ui, "no_reports", globs=" ".join(s.include)))
    return files


class _Progress:
    """The progress bar on standard error, when it is shown at all."""

    def __init__(self, shown: bool):
        self.shown, self.drawn = shown, False

    def __call__(self, done, total):
        if self.shown:
            w = 30
            k = int(w * done / total)
            sys.stderr.write(f"\r[{'#' * k}{'.' * (w - k)}] {done}/{total}")
            sys.stderr.flush()
            self.drawn = True

    def clear(self):
        if self.drawn:
            sys.stderr.write("\r" + " " * 50 + "\r")
            sys.stderr.flush()
            self.drawn = False


class _Destination:
    """--output, or standard output.  The file is opened when there is something
    to write into it: at once for streamed text, at the end for the others (a
    failed run leaves no half-written report)."""

    def __init__(self, path: Optional[str], at_once: bool):
        self.path = path
        self.fh = open(path, "w", encoding="utf-8") if path and at_once else None

    def write(self, s: str) -> None:
        if self.fh is None:
            self.fh = open(self.path, "w", encoding="utf-8") if self.path else sys.stdout
        self.fh.write(s)
        self.fh.flush()

    def close(self) -> None:
        if self.fh is not None and self.fh is not sys.stdout:
            self.fh.close()


class _InOrder:
    """Takes each file's findings as the file is done (in any order): file k is
    taken once files 1..k are, so the output does not depend on which worker is
    first.  Findings are selected, then the baseline applied; streamed text is
    printed at once, the other reports keep the source lines for the end."""

    def __init__(self, run: "R.Run", sel, baseline: tuple, stream: Optional[_Destination], progress: _Progress):
        self.run, self.sel, self.stream, self.progress = run, sel, stream, progress
        self.baseline, self.base_path = baseline
        self.next, self.fatal, self.ready = 0, False, {}
        self.selected = []  # every selected finding, before the baseline: for its stale entries

    def __call__(self, path, r):
        files = self.run.files
        self.ready[path] = self.run.results[path] = r
        while self.next < len(files) and files[self.next] in self.ready:
            self._take(self.ready.pop(files[self.next]))
            self.next += 1

    def _take(self, r):
        run = self.run
        self.fatal = self.fatal or r.fatal
        mine = sorted((d for d in r.diagnostics if self.sel.allows(d)), key=Diagnostic.sort_key)
        self.selected.extend(mine)
        if self.baseline is not None:
            mine, _stale = B.apply(mine, self.baseline, self.base_path)
        run.diags.extend(mine)
        src = {(r.path, pg, ln): txt for (pg, ln), txt in r.source_lines.items()}
        if self.stream is None:
            run.lines.update(src)
        elif mine:
            self.progress.clear()
            self.stream.write(text_report(mine, src, run.lang, run.color, show_source=run.show_source))


def cmd_check(args) -> int:
    """The settings and the files; the batch, each file's findings taken in order
    as it is done; then the baseline written, or the report, or the annotated copies."""
    s = _settings(args)
    files = _files(args, s)
    base_path = None if args.write_baseline else (args.baseline or s.cfg.get("baseline"))
    baseline = B.load(base_path) if base_path else None
    output = R.REPORTERS[s.fmt]
    stream = output.streamed and not args.statistics and not args.write_baseline
    dest = _Destination(args.output, at_once=stream)
    tty = sys.stderr.isatty() and not os.environ.get("CI")
    run = R.Run(files, {}, [], {}, s.lang,
                color=s.fmt == "text" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR"),
                show_source=not args.no_source, output=args.output, quiet=args.quiet, jobs=s.jobs,
                timeout=s.timeout, max_memory=s.max_memory, progress=tty and not args.quiet)
    progress = _Progress(tty and len(files) >= 5 and not args.quiet)
    taken = _InOrder(run, s.sel, (baseline, base_path), dest if stream else None, progress)
    try:
        run_batch(files, s.profile, s.max_pages, s.timeout, s.jobs, progress, s.cfg.get("profiles", {}),
                  s.pdf_engine, use_cache=s.use_cache, max_memory=s.max_memory, on_file=taken)
        progress.clear()
        run.diags.sort(key=Diagnostic.sort_key)
        if args.write_baseline:
            return _write_baseline(args, s.ui, run.diags, taken.fatal)
        if baseline is not None:
            _stale_notes(B.apply(taken.selected, baseline, base_path)[1], s.ui)
        if output.copy:  # not a report: an annotated copy of each input (reporters/copies.py)
            from ..reporters.copies import write_copies

            fatal = write_copies(s.fmt, files, run.results, run.diags, args.output, s.lang, args.quiet) or taken.fatal
            if not args.quiet:
                print(output.said(run), file=sys.stderr)
            return _status(fatal, run.diags, s.fail_on)
        if args.statistics:
            dest.write(R.statistics(run.diags, s.ui, as_json=s.fmt == "json"))
        elif not stream:
            dest.write(output.report(run))
    finally:
        dest.close()
    for msg in PLUGIN_ERRORS:
        print(t(s.ui, "note_prefix") + msg, file=sys.stderr)
    if output.said and not args.quiet:
        print(output.said(run), file=sys.stderr)
    return _status(taken.fatal, run.diags, s.fail_on)


def _write_baseline(args, ui, diags, fatal) -> int:
    n = B.write(args.write_baseline, diags)
    if not args.quiet:
        print(t(ui, "note_prefix") + t(ui, "wrote_baseline", n=n, path=args.write_baseline), file=sys.stderr)
    return 2 if fatal else 0


def _stale_notes(stale, ui) -> None:
    """A note for each baseline entry that no finding matched any more."""
    for (p, c, s, cl) in stale:
        print(t(ui, "note_prefix") + t(ui, "stale_baseline", entry=R.escape(f"{p} {c} {s} {cl}")), file=sys.stderr)


def _status(fatal: bool, diags, fail_on) -> int:
    """2 when a file could not be read at all, 1 with findings at or above --fail-on, else 0."""
    if fatal:
        return 2
    return 1 if E.fails(diags, fail_on) else 0
