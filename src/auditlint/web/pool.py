"""Worker processes for the server and the HTML report (asyncio).

``WorkerPool.run(header, data)`` hands one job to an idle worker process
(worker.py) and awaits its answer.  At most ``size`` jobs run at once, one per
process; at most ``queue`` more wait; beyond that ``Busy`` is raised at once
(the server answers 503).  A worker that dies (a crash in pdfium, the memory
limit) or overruns the hard deadline raises ``WorkerFailed`` for its own job
only and is replaced; a job whose caller is cancelled (the client went away)
kills its worker, so abandoned work stops.  A worker whose resident memory
after a job exceeds ``recycle_mb`` is retired and replaced.
"""
from __future__ import annotations

import asyncio
import json
import os
import struct
import sys
from typing import Optional


class Busy(Exception):
    """Every worker is busy and the queue is full."""


class WorkerFailed(Exception):
    """The worker died (``why == "died"``) or overran the deadline (``"timeout"``)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def _worker_command() -> list:
    """The worker must import this auditlint, installed or run from a checkout:
    its folder goes first on the worker's path unless it is there already (a
    site-packages folder is, and must not be put before the standard library)."""
    import auditlint

    here = os.path.dirname(os.path.dirname(os.path.abspath(auditlint.__file__)))
    boot = ("import sys; p = sys.argv.pop(1); p in sys.path or sys.path.insert(0, p); "
            "from auditlint.web.worker import main; sys.exit(main())")
    return [sys.executable, "-c", boot, here]


class _Worker:
    def __init__(self, proc):
        self.proc = proc

    async def call(self, header: dict, data: bytes) -> dict:
        head = json.dumps(header, ensure_ascii=False).encode("utf-8")
        w = self.proc.stdin
        w.write(struct.pack(">I", len(head)) + head + struct.pack(">I", len(data)))
        w.write(data)
        await w.drain()
        (n,) = struct.unpack(">I", await self.proc.stdout.readexactly(4))
        return json.loads(await self.proc.stdout.readexactly(n))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill(self) -> None:
        try:
            self.proc.stdin.close()  # lets the transport close once the process is gone
        except (RuntimeError, OSError):
            pass
        if self.proc.returncode is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass


class WorkerPool:
    def __init__(self, size: int = 2, queue: int = 8, max_memory: Optional[int] = None,
                 deadline: Optional[float] = None, recycle_mb: Optional[float] = None):
        self.size = max(1, size)
        self.queue = max(0, queue)
        self.max_memory = max_memory
        self.deadline = deadline  # seconds a job may take in all before its worker is killed
        self.recycle_mb = recycle_mb if recycle_mb is not None else (max_memory / 2 if max_memory else None)
        self._loop = None
        self._idle: Optional[asyncio.Queue] = None
        self._admitted = 0
        self._workers: set = set()
        self.stats = {"jobs": 0, "busy": 0, "died": 0, "timeout": 0, "cancelled": 0, "recycled": 0}

    # ------------------------------------------------------------ state
    def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        for w in list(self._workers):  # a pool used from a new event loop starts afresh
            w.kill()
        self._workers.clear()
        self._loop = loop
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(None)  # None: a worker not started yet
        self._admitted = 0

    def full(self, extra: int = 0) -> bool:
        """Would a job be refused now?  ``extra``: jobs about to come (uploads being read)."""
        return self._admitted + extra >= self.size + self.queue

    def pids(self) -> list:
        return [w.pid for w in self._workers if w.proc.returncode is None]

    async def _spawn(self) -> _Worker:
        args = _worker_command()
        if self.max_memory:
            args += ["--max-memory", str(int(self.max_memory))]
        proc = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE,
                                                    stdout=asyncio.subprocess.PIPE)
        w = _Worker(proc)
        self._workers.add(w)
        return w

    def _retire(self, w: Optional[_Worker]) -> None:
        if w is not None:
            w.kill()
            self._workers.discard(w)
            asyncio.ensure_future(w.proc.wait())  # reap it

    # ------------------------------------------------------------ jobs
    async def run(self, header: dict, data: bytes = b"") -> dict:
        self._bind()
        if self._admitted >= self.size + self.queue:
            self.stats["busy"] += 1
            raise Busy()
        self._admitted += 1
        try:
            worker = await self._idle.get()
            try:
                if worker is None or worker.proc.returncode is not None:
                    self._retire(worker)
                    worker = await self._spawn()
                try:
                    answer = await asyncio.wait_for(worker.call(header, data), self.deadline)
                except asyncio.TimeoutError:
                    self.stats["timeout"] += 1
                    self._retire(worker)
                    worker = None
                    raise WorkerFailed("timeout") from None
                except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError, ValueError):
                    self.stats["died"] += 1
                    self._retire(worker)
                    worker = None
                    raise WorkerFailed("died") from None
                except asyncio.CancelledError:
                    self.stats["cancelled"] += 1  # the caller went away: stop its work
                    self._retire(worker)
                    worker = None
                    raise
                self.stats["jobs"] += 1
                if self.recycle_mb and float(answer.get("rss_mb") or 0) > self.recycle_mb:
                    self.stats["recycled"] += 1
                    self._retire(worker)
                    worker = None
                return answer
            finally:
                self._idle.put_nowait(worker)
        finally:
            self._admitted -= 1

    async def close(self) -> None:
        for w in list(self._workers):
            w.kill()
        for w in list(self._workers):
            try:
                await asyncio.wait_for(w.proc.wait(), 5)
            except (asyncio.TimeoutError, ProcessLookupError):
                pass
        self._workers.clear()


def run_jobs(jobs: list, size: int, max_memory: Optional[int], deadline: Optional[float], progress=None) -> list:
    """Run (header, data) jobs in worker processes from synchronous code;
    returns, in order, each answer or the WorkerFailed it ended with."""

    async def go():
        pool = WorkerPool(size=size, queue=len(jobs), max_memory=max_memory, deadline=deadline)
        done = 0

        async def one(header, data):
            nonlocal done
            try:
                return await pool.run(header, data)
            except WorkerFailed as exc:
                return exc
            finally:
                done += 1
                if progress:
                    progress(done, len(jobs))

        try:
            return await asyncio.gather(*(one(h, d) for h, d in jobs))
        finally:
            await pool.close()

    return asyncio.run(go()) if jobs else []
