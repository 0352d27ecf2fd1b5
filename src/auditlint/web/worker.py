"""A worker process: checks or renders one document at a time, under a memory
limit (RLIMIT_AS, batch._limit_memory) and a time limit (batch.check_one's
alarm, and an alarm around rendering).  pdfium is not thread-safe and a
hostile file may crash it or ask for gigabytes: here that costs one worker,
which the pool (pool.py) replaces, never the server or the batch.

    python -m auditlint.web.worker [--max-memory MB]

Protocol, on stdin and stdout (anything else the process prints goes to
stderr): each message is a 4-byte big-endian length and that many bytes.
A request is two messages, a JSON header and the document's bytes (empty for
a render of a file named by path); the answer is one JSON message.  JSON
both ways: the server never unpickles what a worker handling a hostile file
sends back.

Requests:
  {"kind": "check", "name", "lang", "timeout", "max_pages", "pdf_engine", "preview"}
      -> {"result": CheckedFile JSON, "pages": [...], "note": str|null, "rss_mb"}
      (pages: render_pages of the findings the default selection shows)
  {"kind": "render", "path"|bytes, "diags": [Diagnostic JSON], "anchors": [[pg, ln, boxes]], "timeout"}
      -> {"pages": [...], "note": str|null, "rss_mb"}
"""
from __future__ import annotations

import json
import os
import signal
import struct
import sys
import time


def read_msg(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (n,) = struct.unpack(">I", head)
    body = stream.read(n)
    if len(body) < n:
        return None
    return body


def write_msg(stream, payload: bytes) -> None:
    stream.write(struct.pack(">I", len(payload)) + payload)
    stream.flush()


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _render_limited(source, diags, anchors, budget):
    """render_pages under an alarm; (pages, note)."""
    from ..batch import _Timeout, time_limit
    from .pages import render_pages

    with time_limit(budget):
        try:
            return render_pages(source, diags, anchors), None
        except _Timeout:
            return [], "timeout"
        except MemoryError:
            return [], "memory"
        except Exception as exc:  # a page pdfium cannot render: the findings are still shown
            return [], f"{type(exc).__name__}: {exc}"


def handle(header: dict, data: bytes) -> dict:
    from ..result import _diag_from_json

    kind = header.get("kind")
    timeout = float(header.get("timeout") or 0) or None
    if kind == "check":
        from .. import engine as E
        from ..batch import check_one

        started = time.monotonic()
        name = os.path.basename(str(header.get("name") or "report")) or "report"
        cf = check_one(name, data, None, header.get("max_pages"), timeout, None,
                       header.get("pdf_engine") or "fast", use_cache=False)
        sel = E.Selection.build(preview=bool(header.get("preview")))
        shown = [d for d in cf.diagnostics if sel.allows(d)]
        pages, note = [], None
        if cf.format == "pdf" and not cf.fatal and any(d.page for d in shown):
            budget = max(5.0, timeout - (time.monotonic() - started)) if timeout else None
            pages, note = _render_limited(data, shown, cf.anchors, budget)
        return {"result": cf.to_json(), "pages": pages, "note": note}
    if kind == "render":
        diags = [_diag_from_json(x) for x in header["diags"]]
        anchors = {(None if pg is None else int(pg), int(ln)): a for pg, ln, a in header.get("anchors") or []}
        source = data if data else header["path"]
        pages, note = _render_limited(source, diags, anchors, timeout)
        return {"pages": pages, "note": note}
    raise ValueError(f"unknown request kind {kind!r}")


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when its parent (the server) dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass  # elsewhere the worker exits when its stdin closes


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    max_memory = int(argv[argv.index("--max-memory") + 1]) if "--max-memory" in argv else 0
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the protocol
    inp = sys.stdin.buffer
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is the server's to handle
    from .. import engine  # noqa: F401  (import before the limit: the same cost for every job)
    from ..batch import _limit_memory, _tune_gc

    if max_memory:
        _limit_memory(max_memory)  # RLIMIT_AS: POSIX only
    else:
        _tune_gc()
    while True:
        head = read_msg(inp)
        if head is None:
            return 0
        data = read_msg(inp)
        if data is None:
            return 0
        try:
            answer = handle(json.loads(head), data)
        except MemoryError:
            answer = {"error": "memory"}
        except Exception as exc:  # a bad request: answer it, stay alive
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        answer["rss_mb"] = round(rss_mb(), 1)
        write_msg(out, json.dumps(answer, ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
