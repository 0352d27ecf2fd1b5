"""`auditlint serve`: the local page for township staff (web/)."""
from __future__ import annotations

from ..batch import UsageError
from ..cli_text import t
from ..reporters.html import missing_web_parts
from .parsers import _Parser, _add_lang


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
    missing = missing_web_parts(["starlette", "uvicorn", "python_multipart", "PIL"])
    if missing:
        raise UsageError(f"auditlint serve 需要 {'、'.join(missing)}，请运行：pip install {' '.join(missing)}")
    from ..web import serve

    return serve(a.host, a.port, a.max_upload, a.workers, a.queue, a.timeout, a.max_memory or None)
