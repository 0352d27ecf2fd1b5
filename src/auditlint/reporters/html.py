"""``--format html``: one self-contained page (an index of the files, then each
file's findings with its PDF pages drawn and the findings outlined), built from
the CheckedFiles the batch returned: no file is checked again, and the findings
shown and counted are the report's (after selection and baseline).  The markup
is ``web/report.py``'s (the local web page shows the same sections); page
images of PDFs are rendered in worker processes under the batch's time and
memory limits (``web/pages.py`` caps a page's pixels)."""
from __future__ import annotations

import os
import sys

from ..batch import UsageError


def missing_web_parts(modules) -> list:
    """pip names of the modules of the page and the HTML report that cannot be imported."""
    import importlib.util

    pip_name = {"PIL": "pillow", "python_multipart": "python-multipart"}
    return [pip_name.get(m, m) for m in modules if importlib.util.find_spec(m) is None]


def html_report(files, results, diags, lang, jobs, timeout, max_memory, show_progress) -> str:
    """The page, from the CheckedFiles ``results`` (path -> CheckedFile) of ``files``."""
    missing = missing_web_parts(["PIL", "pypdfium2"])
    if missing:
        raise UsageError(f"--format html 需要 {'、'.join(missing)}，请运行：pip install {' '.join(missing)}")
    from ..web import render_report

    entries, jobs_for = _entries(files, results, diags, timeout)
    _render_pages(jobs_for, lang, jobs, timeout, max_memory, show_progress)
    return render_report(entries, lang)


def _entries(files, results, diags, timeout) -> tuple:
    """An Entry a file, and the page-rendering job of each PDF with findings on its pages."""
    from ..result import _diag_to_json
    from ..web import Entry

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
    return entries, jobs_for


def _render_pages(jobs_for, lang, jobs, timeout, max_memory, show_progress) -> None:
    """Run the page jobs in the worker pool; each entry gets its page images, or
    the note saying why it has none (a worker's time or memory limit)."""
    from ..web.pool import WorkerFailed, run_jobs

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


def html_written(output, files, diags, lang) -> str:
    """What is said on standard error once the page is written."""
    errors = sum(1 for d in diags if d.severity == "error")
    if lang == "en":
        return f"wrote {output or 'the report to standard output'} ({len(files)} files, {errors} errors)"
    return f"已写入 {output or '标准输出'}（{len(files)} 个文件，{errors} 个错误）"


def report(run) -> str:
    return html_report(run.files, run.results, run.diags, run.lang, run.jobs, run.timeout, run.max_memory,
                       run.progress)


def said(run) -> str:
    return html_written(run.output, run.files, run.diags, run.lang)
