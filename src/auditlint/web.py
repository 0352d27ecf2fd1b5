"""The view for people who do not use a terminal: an HTML report, and a
local web page that produces it for an uploaded file.

- ``render_report(results, lang)`` writes one self-contained HTML page
  (PDF pages embedded as PNG images with the disagreeing figures outlined,
  DOCX/TXT lines with the figures marked).  ``auditlint --format html``
  and the web page use this one renderer.
- ``create_app()`` is a Starlette application: ``GET /`` the upload page,
  ``POST /api/check`` one file -> the report fragment.  Uploads are read in
  memory (Starlette spools large ones to a private temporary file that is
  deleted with the request), size-limited, and never written anywhere else.
  ``auditlint serve`` runs it with uvicorn on 127.0.0.1.
"""
from __future__ import annotations

import base64
import html
import io
import os
from typing import Optional

from .checks import FAMILIES
from .read import ACCEPT

TEXT = {
    "zh": {"title": "auditlint 报告检查", "drop": "把报告（PDF、Word、WPS、Excel、OFD、网页或文本）拖到这里，或点击选择文件",
           "checking": "正在检查…", "errors": "错误", "warnings": "警告", "infos": "提示", "page": "第 {} 页",
           "line": "第 {} 行", "none": "未发现问题。", "score": "报告所写得分", "grade": "报告所写等级",
           "family": "类别", "file": "文件", "switch": "English", "too_big": "文件超过 {} MB 上限，请压缩或拆分后再检查",
           "no_file": "没有收到文件", "not_shown": "（页面图片只显示有问题的前 {} 页）"},
    "en": {"title": "auditlint report check", "drop": "Drop a report (PDF, Word, WPS, Excel, OFD, web page or text) here, or click to choose",
           "checking": "Checking…", "errors": "errors", "warnings": "warnings", "infos": "notes", "page": "page {}",
           "line": "line {}", "none": "No findings.", "score": "score stated", "grade": "grade stated",
           "family": "family", "file": "file", "switch": "中文", "too_big": "the file is larger than {} MB",
           "no_file": "no file received", "not_shown": "(page images for the first {} pages with findings)"},
}
FAMILY_ZH = {"input": "输入", "sums": "合计", "ratios": "比例", "scores": "得分与等级", "structure": "结构",
             "dates": "日期", "tables": "表格", "identity": "单位与格式"}
MAX_PAGE_IMAGES = 20
RENDER_SCALE = 1.4

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#1f3b63;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff}
main{padding:16px 24px}
.summary{background:#fff;border-radius:6px;padding:12px 16px;margin-bottom:16px}
.summary table{border-collapse:collapse}.summary td,.summary th{padding:4px 12px;border-bottom:1px solid #eee;text-align:left}
.page{display:flex;gap:16px;margin-bottom:24px;align-items:flex-start}
.pageimg{position:relative;flex:none;box-shadow:0 1px 4px #0003;background:#fff}
.pageimg img{display:block}
.hl{position:absolute;border:2px solid #d33;background:#f003;border-radius:2px}
.hl.warning{border-color:#d80;background:#fa03}
.findings{flex:1;min-width:280px}
.finding{background:#fff;border-left:4px solid #d33;padding:8px 12px;margin-bottom:8px;border-radius:4px}
.finding.warning{border-left-color:#d80}.finding.info{border-left-color:#38c}
.code{font-weight:bold;margin-right:8px}.where{color:#666;font-size:90%}
.src{font-family:monospace;background:#fff;padding:8px 12px;border-radius:4px;white-space:pre-wrap;margin:4px 0 12px}
mark{background:#fbb;padding:0 1px}
#drop{border:3px dashed #7a8ca8;border-radius:8px;padding:40px;text-align:center;background:#fff;cursor:pointer;margin-bottom:16px}
#drop.over{background:#eef3ff}
.error{color:#b00}
"""


def _t(lang, key, *a):
    s = TEXT.get(lang, TEXT["zh"])[key]
    return s.format(*a) if a else s


# ------------------------------------------------------------ the report

def summarise(res, lang):
    """Counts per family and severity, and the score and grade the report states."""
    counts = {}
    for d in res.diagnostics:
        fam = FAMILIES.get(d.code[:3], "?")
        counts.setdefault(fam, {"error": 0, "warning": 0, "info": 0})[d.severity] += 1
    score = grade = None
    for _rep, _prof, f in res.facts:
        if f.total_scores:
            score = f.total_scores[-1].value.text
        if f.grades:
            grade = f.grades[-1].label
    return counts, score, grade


def _pdf_highlights(pdf, d, scale):
    """Boxes (x, y, w, h in image pixels) of the claim of a finding on its page."""
    page = pdf[d.page - 1]
    tp = page.get_textpage()
    try:
        w, h = page.get_size()
        needle = (d.claim or "")[:8]
        boxes = []
        if needle:
            searcher = tp.search(needle, match_case=True)
            hit = searcher.get_next()
            # prefer the occurrence nearest the finding's line
            best = None
            while hit:
                idx, count = hit
                if _inside_a_number(tp, idx, count, needle, len(d.claim or "") <= 8):
                    hit = searcher.get_next()
                    continue  # "2100" found inside the code 21001: not the figure
                n = tp.count_rects(idx, count)
                rects = [tp.get_rect(i) for i in range(n)]
                if rects:
                    if best is None:
                        best = rects
                    if abs(_line_of(tp, idx) - d.line) <= 1:
                        best = rects
                        break
                hit = searcher.get_next()
            if best:
                for (left, bottom, right, top) in best:
                    boxes.append(((left - 1) * scale, (h - top - 1) * scale, (right - left + 2) * scale,
                                  (top - bottom + 2) * scale))
        return boxes
    finally:
        tp.close()
        page.close()


def _inside_a_number(tp, idx, count, needle, whole) -> bool:
    """Is a hit of a figure part of a longer number: a digit right before it, or right after
    it when the needle is the whole claim ("2100" found inside the code 21001)?"""
    before = tp.get_text_range(idx - 1, 1) if idx > 0 else ""
    after = tp.get_text_range(idx + count, 1)
    return (needle[:1].isdigit() and before[-1:].isdigit()) or (whole and needle[-1:].isdigit() and after[:1].isdigit())


def _line_of(tp, idx):
    text = tp.get_text_range(0, idx)
    return text.count("\r\n") + 1  # pdfium's raw line; visual lines differ only in tables


def _render_pdf_pages(path, data, diags, lang):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data if data is not None else path)
    try:
        pages = sorted({d.page for d in diags if d.page})
        out = []
        for pno in pages[:MAX_PAGE_IMAGES]:
            on_page = [d for d in diags if d.page == pno]
            page = pdf[pno - 1]
            try:
                img = page.render(scale=RENDER_SCALE).to_pil()
            finally:
                page.close()
            buf = io.BytesIO()
            img.save(buf, format="PNG", optimize=True)
            b64 = base64.b64encode(buf.getvalue()).decode()
            hls = []
            for d in on_page:
                for (x, y, w, h) in _pdf_highlights(pdf, d, RENDER_SCALE):
                    hls.append(f'<div class="hl {d.severity}" title="{html.escape(d.code)}" '
                               f'style="left:{x:.0f}px;top:{y:.0f}px;width:{w:.0f}px;height:{h:.0f}px"></div>')
            items = "".join(_finding_html(d, lang) for d in on_page)
            out.append(f'<section class="page" data-page="{pno}"><div class="pageimg" style="width:{img.width}px">'
                       f'<img alt="{_t(lang, "page", pno)}" src="data:image/png;base64,{b64}">{"".join(hls)}</div>'
                       f'<div class="findings"><h3>{_t(lang, "page", pno)}</h3>{items}</div></section>')
        if len(pages) > MAX_PAGE_IMAGES:
            out.append(f"<p>{_t(lang, 'not_shown', MAX_PAGE_IMAGES)}</p>")
            out.extend(_finding_html(d, lang) for d in diags if d.page and d.page not in pages[:MAX_PAGE_IMAGES])
        out.extend(_finding_html(d, lang) for d in diags if not d.page)
        return "".join(out)
    finally:
        pdf.close()


def _finding_html(d, lang, src_line: Optional[str] = None):
    where = (_t(lang, "page", d.page) + " " if d.page else "") + _t(lang, "line", d.line)
    src = ""
    if src_line:
        a = max(0, d.column - 1)
        b = max(a + 1, d.end_column - 1) if d.end_line == d.line else len(src_line)
        src = (f'<div class="src">{html.escape(src_line[:a])}<mark>{html.escape(src_line[a:b])}</mark>'
               f"{html.escape(src_line[b:])}</div>")
    return (f'<div class="finding {d.severity}" data-code="{d.code}"><span class="code">{d.code}</span>'
            f'<span class="where">{where}</span><div class="msg">{html.escape(d.message(lang))}</div>{src}</div>')


def render_fragment(res, lang="zh", data: Optional[bytes] = None, diags=None) -> str:
    """The report of one checked file as an HTML fragment."""
    diags = res.diagnostics if diags is None else diags
    counts, score, grade = summarise(res, lang)
    rows = "".join(
        f"<tr><td>{FAMILY_ZH.get(f, f) if lang == 'zh' else f}</td><td>{c['error']}</td><td>{c['warning']}</td>"
        f"<td>{c['info']}</td></tr>" for f, c in sorted(counts.items()))
    stated = ""
    if score or grade:
        stated = f"<p>{_t(lang, 'score')}：{html.escape(score or '—')}　{_t(lang, 'grade')}：{html.escape(grade or '—')}</p>"
    head = (f'<div class="summary"><h2>{_t(lang, "file")}：{html.escape(os.path.basename(res.path))}</h2>{stated}'
            + (f"<table><tr><th>{_t(lang, 'family')}</th><th>{_t(lang, 'errors')}</th><th>{_t(lang, 'warnings')}</th>"
               f"<th>{_t(lang, 'infos')}</th></tr>{rows}</table>" if rows else f"<p>{_t(lang, 'none')}</p>")
            + "</div>")
    doc = res.document
    if doc is not None and doc.format == "pdf" and any(d.page for d in diags):
        body = _render_pdf_pages(res.path, data, diags, lang)
    else:
        body = "".join(_finding_html(d, lang, doc.line_text(d.page, d.line) if doc is not None else None)
                       for d in diags)
    return f'<div class="report">{head}{body}</div>'


def render_report(results, lang="zh") -> str:
    """A self-contained HTML page for (FileResult, bytes-or-None, diagnostics) triples."""
    parts = "".join(render_fragment(res, lang, data, diags) for res, data, diags in results)
    return (f'<!DOCTYPE html><html lang="{ "zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{_t(lang, 'title')}</title><style>{CSS}</style></head><body><header><b>{_t(lang, 'title')}</b>"
            f"</header><main>{parts}</main></body></html>")


# ------------------------------------------------------------ the local web page

PAGE_JS = """
const drop = document.getElementById('drop'), input = document.getElementById('file'), out = document.getElementById('out');
drop.onclick = () => input.click();
drop.ondragover = e => { e.preventDefault(); drop.classList.add('over'); };
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = e => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files.length) send(e.dataTransfer.files[0]); };
input.onchange = () => { if (input.files.length) send(input.files[0]); };
async function send(file) {
  out.innerHTML = '<p>' + drop.dataset.checking + '</p>';
  const fd = new FormData(); fd.append('file', file);
  const r = await fetch('api/check?lang=' + document.documentElement.dataset.lang, {method: 'POST', body: fd});
  out.innerHTML = await r.text();
}
"""


def page_html(lang="zh", limit_mb=20):
    other = "en" if lang == "zh" else "zh"
    return (f'<!DOCTYPE html><html lang="{ "zh-CN" if lang == "zh" else "en"}" data-lang="{lang}"><head>'
            f'<meta charset="utf-8"><title>{_t(lang, "title")}</title><style>{CSS}</style></head><body>'
            f'<header><b>{_t(lang, "title")}</b><a href="?lang={other}">{_t(lang, "switch")}</a></header><main>'
            f'<div id="drop" data-checking="{_t(lang, "checking")}">{_t(lang, "drop")}（≤ {limit_mb} MB）</div>'
            f'<input type="file" id="file" hidden accept="{ACCEPT}"><div id="out"></div></main>'
            f"<script>{PAGE_JS}</script></body></html>")


def create_app(max_upload_mb: int = 20):
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from .engine import check_file

    limit = max_upload_mb * 2**20

    def lang_of(request: Request) -> str:
        return "en" if request.query_params.get("lang") == "en" else "zh"

    async def index(request: Request):
        return HTMLResponse(page_html(lang_of(request), max_upload_mb))

    async def check(request: Request):
        lang = lang_of(request)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit + 65536:
            return HTMLResponse(f'<p class="error">{_t(lang, "too_big", max_upload_mb)}</p>', status_code=413)
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if upload is None or not hasattr(upload, "read"):
            return HTMLResponse(f'<p class="error">{_t(lang, "no_file")}</p>', status_code=400)
        try:
            data = await upload.read(limit + 1)
        finally:
            await upload.close()
        if len(data) > limit:
            return HTMLResponse(f'<p class="error">{_t(lang, "too_big", max_upload_mb)}</p>', status_code=413)
        name = os.path.basename(upload.filename or "report") or "report"
        res = await run_in_threadpool(check_file, name, data)
        fragment = await run_in_threadpool(render_fragment, res, lang, data)
        return HTMLResponse(fragment)

    return Starlette(routes=[Route("/", index), Route("/api/check", check, methods=["POST"])])


def serve(host: str = "127.0.0.1", port: int = 8765, max_upload_mb: int = 20) -> int:
    import uvicorn

    print(f"auditlint: http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(create_app(max_upload_mb), host=host, port=port, log_level="warning")
    return 0
