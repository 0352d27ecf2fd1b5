"""Issues 18, 19, 21: the server's worker processes, limits and guards, and
the HTML report made from the batch's results."""
from __future__ import annotations

import asyncio
import io
import json
import os
import re
import subprocess
import sys
import time

import pytest

from conftest import CORPUS, ROOT, SEED, rendered

from auditlint import cli  # noqa: E402
from auditlint.web.pool import Busy, WorkerFailed, WorkerPool, run_jobs  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "src")}
PDF003 = rendered("003", "pdf")


def _pdf(pagesize=(595, 842), lines=(("本年支出合计3402.07万元", 72, 760),)) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize, invariant=1)
    c.setFont("STSong-Light", 11)
    for text, x, y in lines:
        c.drawString(x, y, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _diag(page=1, line=1, col=1, end=5, code="AL101", claim=""):
    from auditlint.diagnostics import Diagnostic

    return Diagnostic("t.pdf", page, line, col, line, end, code, "parts-exceed-total", "error", "m", "m", claim=claim)


# ------------------------------------------------------------ the worker pool

def _check_job(path, timeout=60):
    with open(path, "rb") as fh:
        return {"kind": "check", "name": os.path.basename(path), "timeout": timeout}, fh.read()


def test_pool_checks_in_a_worker_and_renders_the_pages():
    (ans,) = run_jobs([_check_job(PDF003)], 1, 1536, 120)
    codes = sorted(d["code"] for d in ans["result"]["diagnostics"])
    assert "AL304" in codes and "AL603" in codes
    pages = {p["page"]: p for p in ans["pages"]}
    assert 9 in pages and pages[9]["mime"] == "image/webp"
    assert any(b["code"] == "AL304" for b in pages[9]["boxes"])
    assert ans["rss_mb"] > 10


def test_pool_is_bounded_and_says_busy():
    async def go():
        pool = WorkerPool(size=1, queue=1, deadline=120)
        try:
            jobs = [asyncio.ensure_future(pool.run(*_check_job(SEED["003"]))) for _ in range(4)]
            return await asyncio.gather(*jobs, return_exceptions=True)
        finally:
            await pool.close()

    out = asyncio.run(go())
    assert sum(isinstance(x, Busy) for x in out) == 2  # one running, one waiting, two refused at once
    assert all("AL304" in json.dumps(x["result"]) for x in out if isinstance(x, dict))


def test_a_worker_that_dies_fails_its_job_only_and_is_replaced():
    async def go():
        pool = WorkerPool(size=1, queue=2, deadline=120)
        try:
            await pool.run(*_check_job(SEED["001"]))  # a worker is up
            (pid,) = pool.pids()
            job = asyncio.ensure_future(pool.run(*_check_job(PDF003)))
            await asyncio.sleep(0.3)
            os.kill(pid, 9)  # a crash in a native library looks like this from outside
            with pytest.raises(WorkerFailed) as exc:
                await job
            assert exc.value.why == "died"
            after = await pool.run(*_check_job(SEED["003"]))
            assert pool.pids() and pool.pids() != [pid]
            return after, pool.stats
        finally:
            await pool.close()

    after, stats = asyncio.run(go())
    assert "AL304" in json.dumps(after["result"]) and stats["died"] == 1


def test_a_job_over_the_deadline_is_killed_and_an_abandoned_job_stopped():
    async def go():
        pool = WorkerPool(size=1, queue=2, deadline=0.05)
        try:
            with pytest.raises(WorkerFailed) as exc:
                await pool.run(*_check_job(PDF003))
            assert exc.value.why == "timeout" and pool.pids() == []
            pool.deadline = 120
            # a 170-page report: still being checked when the client leaves (a seed PDF may be done in 1 s)
            job = asyncio.ensure_future(pool.run(*_check_job(os.path.join(CORPUS, "real", "s_H_xian_wjw_2022js.pdf"))))
            for _ in range(100):
                await asyncio.sleep(0.1)
                if pool.pids():
                    break
            await asyncio.sleep(0.5)
            assert pool.stats["jobs"] == 0  # the job is running
            (pid,) = pool.pids()
            job.cancel()  # the client went away
            gone = lambda: not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read()  # noqa: E731
            for _ in range(50):  # killed at once; on a loaded machine the kill may take a moment to land
                if gone():
                    break
                await asyncio.sleep(0.1)
            assert gone()
            return pool.stats
        finally:
            await pool.close()

    stats = asyncio.run(go())
    assert stats["timeout"] == 1 and stats["cancelled"] == 1


def test_a_memory_limit_in_the_worker_is_an_answer_not_a_crash():
    # 45 MB of address space cannot hold a check of a PDF (a worker starts in
    # about 32 MB): the worker answers AL009 (MemoryError caught) or AL010, or
    # dies and the pool says so
    (ans,) = run_jobs([_check_job(PDF003)], 1, 45, 120)
    if isinstance(ans, WorkerFailed):
        assert ans.why == "died"
    else:
        assert "error" in ans or any(d["code"] in ("AL009", "AL010") for d in ans["result"]["diagnostics"])


# ------------------------------------------------------------ page images

def test_a_huge_page_is_rendered_within_the_pixel_cap():
    from auditlint.web.pages import MAX_PIXELS, MAX_SIDE, render_pages

    data = _pdf(pagesize=(595, 14400), lines=(("本年支出合计3402.07万元", 72, 7000),))
    assert len(data) < 5000
    t = time.monotonic()
    (page,) = render_pages(data, [_diag(claim="3402.07")], {})
    assert time.monotonic() - t < 10
    assert max(page["width"], page["height"]) <= MAX_SIDE and page["width"] * page["height"] <= MAX_PIXELS
    assert page["boxes"]  # the figure is still found and outlined


def test_boxes_come_from_the_anchors_when_present():
    from auditlint.web.pages import page_scale, render_pages

    data = _pdf(lines=(("合计 100", 72, 700), ("合计 100", 300, 500)))
    # the reader's anchors say the finding is the second "100" (columns 4-6 of line 2)
    anchors = {(1, 2): [None, None, None, [330, 498, 336, 509], [336, 498, 342, 509], [342, 498, 348, 509]]}
    (page,) = render_pages(data, [_diag(line=2, col=4, end=7, claim="100")], anchors)
    s = page_scale(595, 842)
    (box,) = page["boxes"]
    assert abs(box["x"] - 329 * s) <= 1 and abs(box["y"] - (842 - 509 - 1) * s) <= 1
    assert abs(box["w"] - 20 * s) <= 1
    # without anchors for that line the text layer is searched (first "100" nearest line 2)
    (page,) = render_pages(data, [_diag(line=2, col=4, end=7, claim="100")], {})
    assert page["boxes"]


# ------------------------------------------------------------ the app's guards

@pytest.fixture(scope="module")
def client():
    from starlette.testclient import TestClient

    from auditlint.web import create_app

    with TestClient(create_app(max_upload_mb=2, port=8765), base_url="http://127.0.0.1:8765") as c:
        yield c


def _token(client):
    return re.search(r'name="auditlint-token" content="([^"]+)"', client.get("/").text).group(1)


def _post(client, headers):
    with open(SEED["003"], "rb") as fh:
        return client.post("/api/check", files={"file": ("003.txt", fh.read())}, headers=headers)


def test_only_its_own_host_is_served(client):
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 421
    assert client.get("/", headers={"Host": "127.0.0.1:9999"}).status_code == 421
    for ok in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert client.get("/", headers={"Host": ok}).status_code == 200


def test_cross_origin_posts_and_posts_without_the_token_are_refused(client):
    tok = _token(client)
    assert _post(client, {}).status_code == 403
    assert _post(client, {"X-Auditlint-Token": tok[:-1] + ("0" if tok[-1] != "0" else "1")}).status_code == 403
    assert _post(client, {"X-Auditlint-Token": tok, "Origin": "http://evil.example"}).status_code == 403
    assert _post(client, {"X-Auditlint-Token": tok, "Origin": "null"}).status_code == 403
    assert _post(client, {"X-Auditlint-Token": tok, "Referer": "http://evil.example/x"}).status_code == 403
    r = _post(client, {"X-Auditlint-Token": tok, "Origin": "http://127.0.0.1:8765"})
    assert r.status_code == 200 and 'data-code="AL304"' in r.text


def test_the_page_carries_a_fresh_token_and_a_strict_policy(client):
    a, b = client.get("/"), client.get("/")
    assert _token(client) and re.search(r'content="([^"]+)"', a.text).group(1) != re.search(r'content="([^"]+)"', b.text).group(1)
    assert "frame-ancestors 'none'" in a.headers["content-security-policy"]
    assert "X-Auditlint-Token" in a.text  # the page's own script sends it


def test_the_server_shows_the_findings_the_cli_shows(client):
    r = _post(client, {"X-Auditlint-Token": _token(client)})
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--format", "json", SEED["003"]],
                       capture_output=True, text=True, env=ENV)
    want = sorted(d["code"] for d in json.loads(p.stdout))
    assert sorted(re.findall(r'class="finding [a-z]+" data-code="(AL\d+)"', r.text)) == want


# ------------------------------------------------------------ the HTML report

def _html(tmp_path, *args, lang="zh"):
    out = tmp_path / "report.html"
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--no-cache", "--lang", lang, "--format", "html",
                        "--output", str(out), *args], capture_output=True, text=True, env=ENV)
    return p, out.read_text(encoding="utf-8") if out.exists() else ""


def test_html_report_checks_each_file_once(tmp_path, monkeypatch, capsys):
    from auditlint import engine as E

    calls = []
    real = E.check_file
    monkeypatch.setattr(E, "check_file", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    out = tmp_path / "r.html"
    rc = cli.main(["--isolated", "--no-cache", "--jobs", "1", "--format", "html", "--output", str(out),
                   PDF003, SEED["001"], rendered("001", "docx")])
    assert rc == 1
    assert sorted(calls) == sorted([PDF003, SEED["001"], rendered("001", "docx")])
    page = out.read_text(encoding="utf-8")
    assert 'src="data:image/webp;base64,' in page and 'data-code="AL304"' in page
    assert "已写入" in capsys.readouterr().err


def test_html_report_counts_only_what_selection_and_baseline_leave(tmp_path):
    p, page = _html(tmp_path, PDF003)
    js = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--format", "json", PDF003],
                        capture_output=True, text=True, env=ENV)
    errors = sum(1 for d in json.loads(js.stdout) if d["severity"] == "error")
    assert re.search(rf'<td class="n e">{errors}</td>', page)
    assert f"（1 个文件，{errors} 个错误）" in p.stderr
    p, page = _html(tmp_path, "--ignore", "AL304", PDF003)
    assert 'data-code="AL304"' not in page and 'title="AL304"' not in page
    assert re.search(rf'<td class="n e">{errors - 1}</td>', page) and f"{errors - 1} 个错误" in p.stderr
    base = tmp_path / "base.json"
    subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--write-baseline", str(base), PDF003],
                   capture_output=True, env=ENV, check=True)
    p, page = _html(tmp_path, "--baseline", str(base), PDF003, lang="en")
    assert '<td class="n e">0</td>' in page and "data-code=" not in page
    assert "(1 files, 0 errors)" in p.stderr and p.returncode == 0


def test_html_report_index_and_word_paragraphs_under_their_heading(tmp_path):
    p, page = _html(tmp_path, PDF003, rendered("001", "docx"), SEED["002"])
    assert p.returncode == 1, p.stderr
    index = page[page.index('<div class="index">'):page.index('<div class="report"')]
    assert index.count('<a href="#f') == 3 and 'id="f1"' in page and 'id="f3"' in page
    assert "<td>93</td><td>良</td>" in index  # stated score and grade of 003
    docx = page[page.index('id="f2"'):page.index('id="f3"')]
    assert "所在章节：基本情况 &gt; 预算及支出情况 &gt; 主要成效" in docx and "第 15 行" not in docx
    assert 'class="para"' in docx and "<mark>" in docx
    txt = page[page.index('id="f3"'):]
    assert "第 " in txt and " 行" in txt  # a text file keeps its line numbers


def test_html_report_pages_are_only_those_with_findings_and_small(tmp_path):
    p, page = _html(tmp_path, PDF003)
    pages = re.findall(r'<section class="page" data-page="(\d+)"', page)
    js = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--format", "json", PDF003],
                        capture_output=True, text=True, env=ENV)
    assert sorted(set(int(x) for x in pages)) == sorted({d["page"] for d in json.loads(js.stdout) if d["page"]})
    imgs = re.findall(r'base64,([A-Za-z0-9+/=]+)"', page)
    assert imgs and all(len(i) * 3 / 4 < 80_000 for i in imgs)


def test_html_report_of_a_huge_page_pdf_is_quick(tmp_path):
    # a 2.5 KB PDF with a 14400-pt page once took 20-30 s and 2.8 GB here
    pdf = tmp_path / "huge.pdf"
    pdf.write_bytes(_pdf(pagesize=(14400, 14400), lines=(("2024年预算绩效自评得分93分，评定等次：良", 72, 7000),
                                                       ("一、基本情况", 72, 14000))))
    t = time.monotonic()
    p, page = _html(tmp_path, "--max-memory", "1024", "--timeout", "30", str(pdf))
    assert time.monotonic() - t < 30 and "AL304" in page
    assert re.search(r'<img [^>]*width="(\d+)" height="(\d+)"', page)
    w, h = map(int, re.search(r'<img [^>]*width="(\d+)" height="(\d+)"', page).groups())
    assert w * h <= 2_500_000


# ------------------------------------------------------------ plain install

def test_web_parts_are_core_dependencies():
    try:
        import tomllib
    except ImportError:  # pragma: no cover
        import tomli as tomllib
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        proj = tomllib.load(fh)["project"]
    core = " ".join(proj["dependencies"])
    for name in ("starlette", "uvicorn", "python-multipart", "pillow"):
        assert name in core
    assert proj["optional-dependencies"]["web"] == []


def test_a_missing_part_is_one_line_saying_what_to_install(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith("auditlint serve 需要 uvicorn，请运行：pip install uvicorn") and err.count("\n") <= 1


def test_a_port_in_use_is_one_line():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        p = subprocess.run([sys.executable, "-m", "auditlint", "serve", "--port", str(port)],
                           capture_output=True, text=True, env=ENV, timeout=60)
    assert p.returncode == 2 and p.stderr.strip().endswith(f"端口 {port} 已被占用，请换一个 --port") \
        and p.stderr.count("\n") == 1
