"""A batch of files: collecting them, checking each in isolation, limits, cache.

Every file is checked by ``check_one``, in this process or in a worker
process (``--jobs``, ``--max-memory``), under a time limit; the answer is
always a ``CheckedFile`` (result.py) — the same shape the cache stores and
every output reads.  One bad file never stops the others: a crash, a time-out
or a dead worker becomes an AL009/AL010/AL011 finding on that file.
"""
from __future__ import annotations

import contextlib
import fnmatch
import os
import signal
import sys
from typing import Optional

from . import engine as E
from .diagnostics import Diagnostic
from .result import CheckedFile


class UsageError(Exception):
    pass


class NoSuchPath(UsageError):
    """A path on the command line that does not exist (the CLI words it in the user's language)."""

    def __init__(self, path: str):
        super().__init__(f"no such file or folder: {path}")
        self.path = path


# ---------------------------------------------------------------- files

def collect(paths, include, exclude) -> list[str]:
    out = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for fn in sorted(files):
                    full = os.path.join(root, fn)
                    rel = os.path.relpath(full, p)
                    if any(fnmatch.fnmatch(fn, g) for g in include) and not _excluded(full, rel, exclude):
                        out.append(full)
        elif os.path.exists(p):
            if not _excluded(p, p, exclude):
                out.append(p)
        else:
            raise NoSuchPath(p)
    # a file reached twice (overlapping folders, a file and its folder) is checked once
    seen, unique = set(), []
    for f in out:
        key = f if f == "-" else os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _excluded(full, rel, exclude) -> bool:
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(full, g) or fnmatch.fnmatch(os.path.basename(full), g)
               for g in exclude)


# ---------------------------------------------------------------- workers

class _Timeout(BaseException):
    """Raised by the per-file alarm; a BaseException so that no ``except
    Exception`` on the way (the grammar's fallback, a rule's isolation) can
    swallow it."""


def _alarm(signum, frame):
    raise _Timeout()


def check_one(path: str, data: Optional[bytes], profile, max_pages, timeout, profile_settings=None,
              pdf_engine="fast", use_cache=False) -> CheckedFile:
    """Check one file.  Runs in a worker process with --jobs; never raises."""
    k = None
    if use_cache:
        from . import cache

        try:
            if data is None:
                with open(path, "rb") as fh:
                    data = fh.read()
            k = cache.key(data, profile=profile, max_pages=max_pages, settings=profile_settings,
                          engine=pdf_engine, ext=os.path.splitext(path)[1].lower())
            hit = cache.load(k, path)
            if hit is not None:
                return hit
        except OSError:
            k = None  # unreadable: let the reader say so
    result = _check_one(path, data, profile, max_pages, timeout, profile_settings, pdf_engine)
    # not kept: a bug, a time limit, a program missing (LibreOffice) -- the next run may do better
    if k is not None and not any(d.code in ("AL010", "AL011", "AL013") for d in result.diagnostics):
        from . import cache

        cache.store(k, result)
    return result


def checked_file(res: "E.FileResult") -> CheckedFile:
    """The portable result of an in-process check: what outputs need, no more."""
    out = CheckedFile(path=res.path, diagnostics=list(res.diagnostics), fatal=res.fatal)
    doc = res.document
    if doc is not None:
        out.format = doc.format
        out.page_count = doc.page_count
        for d in res.diagnostics:
            for ln in range(d.line, max(d.line, d.end_line) + 1):
                out.source_lines[(d.page, ln)] = doc.line_text(d.page, ln)
        if doc.anchors is not None:
            out.anchors = _anchors(doc, [k for k in out.source_lines if k in doc.source_lines])
    for _rep, _prof, f in res.facts:
        if f.total_scores:
            out.stated_score = f.total_scores[-1].value.text
        if f.grades:
            out.stated_grade = f.grades[-1].label
    return out


def _anchors(doc, keys) -> dict:
    """The anchors of the lines findings point at; none when the file cannot be read
    again (the findings stand without them: outputs then fall back to the line)."""
    try:
        return doc.anchors.for_lines(keys)
    except MemoryError:
        raise
    except Exception:  # e.g. pdfium failing on a page the first reading could load
        return {}


def _error(path, code, rule, zh, en) -> CheckedFile:
    return CheckedFile(path, [Diagnostic(path, None, 1, 1, 1, 1, code, rule, "error", zh, en)], fatal=True)


@contextlib.contextmanager
def time_limit(seconds):
    """Raise ``_Timeout`` in this process once ``seconds`` have passed (SIGALRM);
    no limit when ``seconds`` is 0 or None, or where there is no SIGALRM."""
    use_alarm = seconds and hasattr(signal, "SIGALRM")
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _check_one(path, data, profile, max_pages, timeout, profile_settings, pdf_engine) -> CheckedFile:
    with time_limit(timeout):
        try:
            res = E.check_file(path, data, E.Options(profile=profile, max_pages=max_pages,
                                                     profile_settings=profile_settings or {}, pdf_engine=pdf_engine))
            return checked_file(res)
        except MemoryError:
            return _died(path, "?")
        except _Timeout:
            return _error(path, "AL011", "time-limit",
                          f"检查超过单个文件的时间限制（{timeout} 秒），已跳过；可用 --timeout 调整",
                          f"checking took longer than the per-file limit of {timeout}s; skipped (see --timeout)")
        except Exception as exc:  # last line of defence: one file never stops the batch
            return _error(path, "AL010", "internal-error",
                          f"检查本文件时出现内部错误：{type(exc).__name__}: {exc}",
                          f"internal error while checking this file: {type(exc).__name__}: {exc}")


def _tune_gc() -> None:
    """A check allocates millions of small objects, nearly all acyclic and
    freed by reference counting; at Python's default gen-0 threshold (700)
    the cycle collector runs thousands of times for nothing (5-10 % of a
    200-page run, measured; peak memory unchanged).  Objects made while
    importing are frozen out of its sight (once a process)."""
    import gc

    if gc.get_threshold()[0] < 50_000:
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)


def _limit_memory(mb):
    import resource

    _tune_gc()  # a spawned worker starts with the defaults
    if mb:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 2**20, mb * 2**20))


def _died(path, max_memory) -> CheckedFile:
    why = f"（可能超出 {max_memory} MB 内存上限）" if max_memory else "（可能内存不足或底层库崩溃）"
    return _error(path, "AL009", "input-too-large",
                  f"检查此文件时工作进程异常退出{why}，已跳过；其余文件照常检查",
                  "the worker checking this file died (out of memory, or a crash in a native library);"
                  " skipped, the other files were checked")


def _pool_batch(todo, args, jobs, max_memory, results, progress, total, on_file=None):
    """Files over a process pool.  When a worker dies every running future
    fails, not only the culprit's: the files left unfinished are then checked
    one at a time in a fresh single-worker pool, and only a file whose own
    worker dies is reported (AL009)."""
    from concurrent.futures import ProcessPoolExecutor  # only batches pay for multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    pending = list(todo)
    with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), initializer=_limit_memory,
                             initargs=(max_memory,)) as pool:
        futs = {f: pool.submit(check_one, f, None, *args) for f in pending}
        for f, fut in futs.items():
            try:
                results[f] = fut.result()
                if on_file:
                    on_file(f, results[f])
                progress(len(results), total)
            except BrokenProcessPool:
                pass
    for f in [f for f in pending if f not in results]:
        try:
            with ProcessPoolExecutor(max_workers=1, initializer=_limit_memory, initargs=(max_memory,)) as pool:
                results[f] = pool.submit(check_one, f, None, *args).result()
        except BrokenProcessPool:
            results[f] = _died(f, max_memory)
        if on_file:
            on_file(f, results[f])
        progress(len(results), total)


def run_batch(files, profile, max_pages, timeout, jobs, progress, profile_settings=None, pdf_engine="fast",
              use_cache=False, max_memory=None, on_file=None):
    """Check every file; ``on_file(path, CheckedFile)`` is called as each one
    is done (in the order they finish), before ``progress``."""
    results = {}
    stdin_data = None
    if "-" in files:
        stdin_data = sys.stdin.buffer.read()
    todo = [f for f in files if f != "-"]
    if "-" in files:
        results["-"] = check_one("-", stdin_data, profile, max_pages, timeout, profile_settings, pdf_engine)
        if on_file:
            on_file("-", results["-"])
    args = (profile, max_pages, timeout, profile_settings, pdf_engine, use_cache)
    if (jobs > 1 and len(todo) > 1) or (max_memory and todo):
        _pool_batch(todo, args, jobs, max_memory, results, progress, len(files), on_file)
    else:
        for f in todo:
            results[f] = check_one(f, None, *args)
            if on_file:
                on_file(f, results[f])
            progress(len(results), len(files))
    return results
