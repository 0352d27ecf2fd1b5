"""``auditlint serve``: a local page to check one report in a browser.

    GET  /               the upload page (with a fresh per-page token)
    POST /api/check      one file (multipart field "file") -> its report section

What keeps it alive and private:
- checks and page rendering run in worker processes (pool.py, worker.py), one
  document per process, under a time and a memory limit; a dead worker is
  one clear answer, never a dead server; a bounded queue, beyond it "busy"
  (503); a job whose client went away is stopped (its worker is killed);
- uploads are streamed with a hard byte limit, with or without a
  Content-Length, and kept in memory: past the limit reading stops and the
  answer is 413;
- only its own Host is served (127.0.0.1, localhost, [::1] with its port,
  and the configured --host): a DNS-rebinding page cannot reach it; a POST
  must come from its own page: a foreign Origin or Referer is refused, and
  the upload must carry the page's token (HMAC of a time and a nonce with a
  per-server secret, valid TOKEN_HOURS).
"""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import os
import secrets
import time
from typing import Optional
from urllib.parse import urlsplit

from ..read import ACCEPT
from .pool import Busy, WorkerFailed, WorkerPool
from .report import CSS, Entry, _t, render_fragment

TOKEN_HOURS = 12
UPLOAD_SECONDS = 120  # an upload slower than this (a slowloris) is dropped
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file


class TooLarge(Exception):
    pass


# ------------------------------------------------------------ the page

PAGE_JS = """
const drop = document.getElementById('drop'), input = document.getElementById('file'), out = document.getElementById('out');
const token = document.querySelector('meta[name="auditlint-token"]').content;
drop.onclick = () => input.click();
drop.ondragover = e => { e.preventDefault(); drop.classList.add('over'); };
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = e => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files.length) send(e.dataTransfer.files[0]); };
input.onchange = () => { if (input.files.length) send(input.files[0]); };
async function send(file) {
  out.innerHTML = '<p>' + drop.dataset.checking + '</p>';
  const fd = new FormData(); fd.append('file', file);
  try {
    const r = await fetch('api/check?lang=' + document.documentElement.dataset.lang,
                          {method: 'POST', body: fd, headers: {'X-Auditlint-Token': token}});
    out.innerHTML = await r.text();
  } catch (e) {
    out.innerHTML = '<p class="error">' + drop.dataset.failed + '</p>';
  }
  input.value = '';
}
"""


def page_html(lang="zh", limit_mb=20, token="", nonce="") -> str:
    other = "en" if lang == "zh" else "zh"
    failed = "连接中断，请稍后再试" if lang == "zh" else "the connection failed; try again"
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}" data-lang="{lang}"><head>'
            f'<meta charset="utf-8"><meta name="auditlint-token" content="{html.escape(token)}">'
            f'<title>{_t(lang, "title")}</title><style>{CSS}</style></head><body>'
            f'<header><b>{_t(lang, "title")}</b><a href="?lang={other}">{_t(lang, "switch")}</a></header><main>'
            f'<div id="drop" data-checking="{_t(lang, "checking")}" data-failed="{failed}">{_t(lang, "drop")}'
            f'（≤ {limit_mb} MB）</div>'
            f'<input type="file" id="file" hidden accept="{ACCEPT}"><div id="out"></div></main>'
            f'<script nonce="{nonce}">{PAGE_JS}</script></body></html>')


# ------------------------------------------------------------ who may ask

def allowed_hosts(host: str, port: int) -> set:
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host and host not in ("0.0.0.0", "::"):
        names.add(f"[{host}]" if ":" in host and not host.startswith("[") else host)
    out = {f"{n}:{port}" for n in names}
    if port == 80:
        out |= names
    return {h.lower() for h in out}


class Tokens:
    def __init__(self, secret: Optional[bytes] = None):
        self.secret = secret or secrets.token_bytes(32)

    def _mac(self, msg: str) -> str:
        return hmac.new(self.secret, msg.encode(), hashlib.sha256).hexdigest()[:32]

    def new(self) -> str:
        msg = f"{int(time.time())}.{secrets.token_hex(8)}"
        return f"{msg}.{self._mac(msg)}"

    def valid(self, token: Optional[str]) -> bool:
        if not token or token.count(".") != 2:
            return False
        ts, nonce, mac = token.split(".")
        if not ts.isdigit() or not hmac.compare_digest(mac, self._mac(f"{ts}.{nonce}")):
            return False
        return 0 <= time.time() - int(ts) <= TOKEN_HOURS * 3600


def _origin_ok(headers, hosts: set) -> bool:
    """A POST from a browser carries Origin (and usually Referer): it must be
    this server's.  A client that sends neither (curl, a script) still needs
    the page's token."""
    for name in ("origin", "referer"):  # Origin decides when there is one
        value = headers.get(name)
        if value is not None:
            u = urlsplit(value)
            return u.scheme == "http" and u.netloc.lower() in hosts
    return True


class HostGuard:
    """ASGI middleware: requests for any other Host get 421 (DNS rebinding)."""

    def __init__(self, app, hosts: set, port: int):
        self.app, self.hosts, self.port = app, hosts, port

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            if host not in self.hosts:
                from starlette.responses import PlainTextResponse

                body = f"{_t('zh', 'bad_host', self.port)} / {_t('en', 'bad_host', self.port)}\n"
                await PlainTextResponse(body, status_code=421)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ------------------------------------------------------------ the upload

async def _limited(request, cap: int):
    n = 0
    async for chunk in request.stream():
        n += len(chunk)
        if n > cap:
            raise TooLarge()
        yield chunk


async def read_upload(request, limit: int):
    """(file name, bytes) of the form's "file" field, never more than ``limit``
    bytes of it, nor more than limit + FORM_OVERHEAD read from the client;
    (None, None) when there is no file.  Raises TooLarge or ValueError."""
    from starlette.formparsers import MultiPartException, MultiPartParser

    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit + FORM_OVERHEAD):
        raise TooLarge()
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ValueError("not multipart/form-data")
    parser = MultiPartParser(request.headers, _limited(request, limit + FORM_OVERHEAD), max_files=1, max_fields=4)
    parser.spool_max_size = limit + FORM_OVERHEAD  # kept in memory: an upload is never written to disk
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise ValueError(str(exc)) from None
    upload = form.get("file")
    if upload is None or not hasattr(upload, "read"):
        return None, None
    try:
        data = await upload.read(limit + 1)
    finally:
        await upload.close()
    if len(data) > limit:
        raise TooLarge()
    return os.path.basename(upload.filename or "report") or "report", data


async def _until_disconnect(request) -> None:
    while True:
        msg = await request.receive()
        if msg["type"] == "http.disconnect":
            return


# ------------------------------------------------------------ the app

class _App:
    """The page's state (the worker pool, the tokens, the uploads being read)
    and its three routes: the page, a check, the counters."""

    def __init__(self, max_upload_mb, host, port, workers, queue, timeout, max_memory, pool):
        self.max_upload_mb, self.timeout, self.max_memory = max_upload_mb, timeout, max_memory
        self.limit = max_upload_mb * 2**20
        self.reading = 0  # uploads being read now
        self.hosts = allowed_hosts(host, port)
        self.tokens = Tokens()
        size = workers or max(1, min(2, os.cpu_count() or 1))
        self.pool = pool or WorkerPool(size=size, queue=queue, max_memory=max_memory, deadline=timeout + 15)

    async def index(self, request):
        from starlette.responses import HTMLResponse

        lang = _lang_of(request)
        nonce = secrets.token_urlsafe(12)
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data:; "
               "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
        return HTMLResponse(page_html(lang, self.max_upload_mb, self.tokens.new(), nonce),
                            headers={"Cache-Control": "no-store", "Content-Security-Policy": csp,
                                     "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"})

    async def check(self, request):
        """An upload: refused, or read (bounded in size and time), checked in a
        worker (stopped if the client goes away), and answered with its section."""
        from starlette.requests import ClientDisconnect
        from starlette.responses import Response

        lang = _lang_of(request)
        if not _origin_ok(request.headers, self.hosts) or not self.tokens.valid(request.headers.get("x-auditlint-token")):
            return _answer(lang, "forbidden", 403)
        if self.pool.full(extra=self.reading):  # say so before reading 20 MB
            self.pool.stats["busy"] += 1
            return _answer(lang, "busy", 503)
        self.reading += 1  # uploads being read count against the queue: memory stays bounded
        try:
            name, data = await asyncio.wait_for(read_upload(request, self.limit), UPLOAD_SECONDS)
        except TooLarge:
            return _answer(lang, "too_big", 413, self.max_upload_mb)
        except (ValueError, asyncio.TimeoutError):
            return _answer(lang, "bad_upload", 400)
        except ClientDisconnect:
            return Response(status_code=499)
        finally:
            self.reading -= 1
        if data is None:
            return _answer(lang, "no_file", 400)
        return await self._checked(request, name, data, lang)

    async def _checked(self, request, name, data, lang):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import HTMLResponse

        from .. import engine as E
        from ..result import CheckedFile

        header = {"kind": "check", "name": name, "timeout": self.timeout, "pdf_engine": "fast"}
        job = asyncio.ensure_future(self.pool.run(header, data))
        gone = asyncio.ensure_future(_until_disconnect(request))
        try:
            await asyncio.wait({job, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
        if not job.done():  # the client went away: stop its work
            job.cancel()
            return _answer(lang, "no_file", 499)
        try:
            res = job.result()
        except Busy:
            return _answer(lang, "busy", 503)
        except WorkerFailed as exc:
            return self._failed(name, exc.why, lang)
        if "error" in res:
            return self._failed(name, res["error"], lang)
        cf = CheckedFile.from_json(res["result"])
        sel = E.Selection.build()
        shown = [d for d in cf.diagnostics if sel.allows(d)]
        entry = Entry(cf, shown, res.get("pages") or [], res.get("note"))
        return HTMLResponse(await run_in_threadpool(render_fragment, entry, lang))

    def _failed(self, name, why, lang):
        """One finding for a file whose worker died, overran or failed."""
        from starlette.responses import HTMLResponse

        from ..diagnostics import Diagnostic
        from ..result import CheckedFile

        timeout, max_memory = self.timeout, self.max_memory
        if why == "timeout":
            code, rule, zh, en = "AL011", "time-limit", _t("zh", "timeout", int(timeout)), _t("en", "timeout", int(timeout))
        elif why in ("died", "memory"):
            code, rule = "AL009", "input-too-large"
            zh, en = _t("zh", "died", max_memory or "?"), _t("en", "died", max_memory or "?")
        else:  # the worker answered with an error: a bug of auditlint, not of the file
            code, rule = "AL010", "internal-error"
            zh, en = f"检查本文件时出现内部错误：{why}", f"internal error while checking this file: {why}"
        d = Diagnostic(name, None, 1, 1, 1, 1, code, rule, "error", zh, en)
        return HTMLResponse(render_fragment(Entry(CheckedFile(name, [d], fatal=True), [d]), lang))

    async def status(self, request):
        """Counters and worker pids (the load test reads them; nothing private)."""
        from starlette.responses import JSONResponse

        return JSONResponse({**self.pool.stats, "workers": self.pool.pids(), "server": os.getpid()})


def _lang_of(request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _answer(lang, key, status, *a):
    from starlette.responses import HTMLResponse

    return HTMLResponse(f'<p class="error">{html.escape(_t(lang, key, *a))}</p>', status_code=status,
                        headers={"Retry-After": "5"} if status == 503 else None)


def create_app(max_upload_mb: int = 20, host: str = "127.0.0.1", port: int = 8765, workers: Optional[int] = None,
               queue: int = 8, timeout: float = 120, max_memory: Optional[int] = 1536, pool: Optional[WorkerPool] = None):
    """The Starlette application behind the host guard (``HostGuard``)."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    state = _App(max_upload_mb, host, port, workers, queue, timeout, max_memory, pool)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await state.pool.close()

    app = Starlette(routes=[Route("/", state.index), Route("/api/check", state.check, methods=["POST"]),
                            Route("/api/status", state.status)], lifespan=lifespan)
    guarded = HostGuard(app, state.hosts, port)
    guarded.pool = state.pool
    return guarded


def serve(host: str = "127.0.0.1", port: int = 8765, max_upload_mb: int = 20, workers: Optional[int] = None,
          queue: int = 8, timeout: float = 120, max_memory: Optional[int] = 1536) -> int:
    import socket

    import uvicorn

    from ..batch import UsageError

    try:  # say it in one line before uvicorn logs its own error
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        import errno

        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"端口 {port} 已被占用，请换一个 --port") from None
        raise UsageError(f"无法在 {host}:{port} 上监听（{exc.strerror or exc}），请检查 --host") from None
    app = create_app(max_upload_mb, host, port, workers, queue, timeout, max_memory)
    shown = f"[{host}]" if ":" in host else host
    print(f"auditlint: http://{shown}:{port}/  (Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", limit_concurrency=64, timeout_keep_alive=5)
    return 0
