"""Issue 9: the local web page and the HTML report."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SEED, rendered

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from auditlint.web import create_app  # noqa: E402


BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_upload_mb=2, port=8765), base_url=BASE) as c:
        yield c


def _token(client, base=""):
    page = client.get(base + "/").text
    return re.search(r'name="auditlint-token" content="([^"]+)"', page).group(1)


def _upload(client, path, lang="zh"):
    with open(path, "rb") as fh:
        return client.post(f"/api/check?lang={lang}", files={"file": (os.path.basename(path), fh.read())},
                           headers={"X-Auditlint-Token": _token(client)})


def test_index_page_in_both_languages(client):
    zh = client.get("/")
    assert zh.status_code == 200 and "把报告" in zh.text and 'data-lang="zh"' in zh.text
    en = client.get("/?lang=en")
    assert "Drop a report" in en.text


def test_upload_pdf_shows_the_page_with_the_figure_marked(client):
    r = _upload(client, rendered("003", "pdf"))
    assert r.status_code == 200
    assert 'data-code="AL304"' in r.text and 'data-page="9"' in r.text
    assert 'src="data:image/webp;base64,' in r.text  # the page image is embedded
    assert re.search(r'class="hl error"[^>]*title="AL304"', r.text)
    assert "报告所写得分：93" in r.text and "报告所写等级：良" in r.text


def test_upload_docx_and_text_mark_the_span(client):
    r = _upload(client, rendered("001", "docx"), lang="en")
    assert "AL301" in r.text and "<mark>综合得分99.09分</mark>" in r.text
    assert "the 18 indicator scores add up to 100" in r.text
    r = _upload(client, SEED["002"])
    assert "AL402" in r.text and "<mark>" in r.text


def test_upload_limits(client):
    tok = {"X-Auditlint-Token": _token(client)}
    big = b"%PDF-1.4\n" + bytes(3 * 2**20)
    r = client.post("/api/check", files={"file": ("big.pdf", big)}, headers=tok)
    assert r.status_code == 413 and "2 MB" in r.text
    r = client.post("/api/check", files={"x": ("x.txt", b"1")}, headers=tok)
    assert r.status_code == 400 and "没有收到文件" in r.text
    r = client.post("/api/check", content=b"just bytes", headers={**tok, "Content-Type": "text/plain"})
    assert r.status_code == 400


def test_a_broken_upload_gets_its_diagnostic(client):
    r = client.post("/api/check", files={"file": ("bad.pdf", b"%PDF-1.4 broken")},
                    headers={"X-Auditlint-Token": _token(client)})
    assert r.status_code == 200 and "AL004" in r.text


def test_html_report_is_self_contained(tmp_path):
    out = tmp_path / "report.html"
    subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--format", "html", "--output", str(out),
                    rendered("003", "pdf"), SEED["001"]], capture_output=True,
                   env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "src")})
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "AL304" in page and "AL301" in page
    assert not re.search(r'(src|href)="https?://', page)  # nothing fetched from anywhere


# ------------------------------------------------------------ a real server and a real browser

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "auditlint", "serve", "--port", str(port)],
                            env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "src")},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_server_on_loopback_checks_an_upload(server):
    import httpx

    tok = re.search(r'name="auditlint-token" content="([^"]+)"', httpx.get(server + "/").text).group(1)
    with open(rendered("003", "pdf"), "rb") as fh:
        r = httpx.post(server + "/api/check", files={"file": ("003.pdf", fh.read())}, timeout=60,
                       headers={"X-Auditlint-Token": tok, "Origin": server})
    assert r.status_code == 200 and 'data-code="AL603"' in r.text


def test_browser_upload_shows_the_highlighted_finding(server, tmp_path):
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("chromium is not installed (scripts/install-test-tools.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server + "/")
        assert "auditlint" in page.title()
        page.set_input_files("#file", rendered("003", "pdf"))
        finding = page.locator('.finding[data-code="AL304"]')
        finding.wait_for(timeout=60000)
        box = page.locator('section.page[data-page="9"] .hl.error')
        box.scroll_into_view_if_needed()
        assert box.first.is_visible()
        assert "报告写“良”" in finding.inner_text()
        shot = os.environ.get("AUDITLINT_SCREENSHOT", str(tmp_path / "browser.png"))
        page.locator('section.page[data-page="9"]').screenshot(path=shot)
        assert os.path.getsize(shot) > 10000
        browser.close()


def test_a_figure_box_is_not_placed_inside_a_longer_number():
    # a box once landed on "2100" in the code cell 21001 (issue: real-world tables)
    import io
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas
    from auditlint.diagnostics import Diagnostic
    from auditlint.web import _pdf_highlights

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "21001")
    c.drawString(300, 700, "2100")
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    d = Diagnostic("t.pdf", 1, 1, 1, 1, 5, "AL604", "same-code-two-values", "error", "m", "m", claim="2100")
    (box,) = _pdf_highlights(pdf, d, 1.0)
    assert box[0] > 250  # the second, standalone figure


def test_browser_shows_the_html_report_index(tmp_path):
    """The report opens on its index; each file's link leads to its section."""
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("chromium is not installed (scripts/install-test-tools.sh installs it)")
    from playwright.sync_api import sync_playwright

    out = tmp_path / "report.html"
    files = [rendered("003", "pdf"), rendered("001", "docx"), SEED["002"],
             os.path.join(ROOT, "corpus", "real", "13_jiangsu_rdbgt_2017ys.pdf")]
    p = subprocess.run([sys.executable, "-m", "auditlint", "--isolated", "--format", "html", "--output", str(out), *files],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "src")})
    assert p.returncode == 1 and "已写入" in p.stderr, p.stderr
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(out.as_uri())
        index = page.locator("div.index")
        assert index.is_visible() and index.bounding_box()["y"] < 200  # the first thing on the page
        assert page.locator("div.index a").count() == 4
        shot = os.environ.get("AUDITLINT_SCREENSHOT_INDEX", str(tmp_path / "index.png"))
        page.screenshot(path=shot)
        assert os.path.getsize(shot) > 10000
        page.locator('div.index a[href="#f4"]').click()
        section = page.locator("#f4")
        assert section.bounding_box()["y"] < 100  # scrolled to the file's section
        img = section.locator("section.page img").first
        img.scroll_into_view_if_needed()
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")  # the WebP image decodes
        assert section.locator(".hl").first.is_visible()
        browser.close()
