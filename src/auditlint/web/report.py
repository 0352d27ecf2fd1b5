"""The HTML report: built from CheckedFile values and the page images the
workers rendered (pages.py) — never from the documents themselves, so it can
be written in a process that never opens a PDF.

- ``render_report(entries, lang)``: one self-contained page (``auditlint
  --format html``): an index (file, errors, warnings, stated score and grade,
  a link to each file's section), then the findings grouped by file.
- ``render_fragment(entry, lang)``: one file's section (the web page).

An entry is ``Entry(checked, diags, pages, note)``: the CheckedFile, the
findings to show (after selection and baseline), the page images, and why
images are missing if they are (a worker's time or memory limit).
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from typing import Optional

from ..checks import FAMILIES
from ..families import TABLE as FAMILY_TABLE

TEXT = {
    "zh": {"title": "auditlint 报告检查", "drop": "把报告（PDF、Word、WPS、Excel、OFD、网页或文本）拖到这里，或点击选择文件",
           "checking": "正在检查…", "errors": "错误", "warnings": "警告", "infos": "提示", "page": "第 {} 页",
           "line": "第 {} 行", "none": "未发现问题。", "score": "报告所写得分", "grade": "报告所写等级",
           "family": "类别", "file": "文件", "switch": "English", "too_big": "文件超过 {} MB 上限，请压缩或拆分后再检查",
           "no_file": "没有收到文件", "not_shown": "（页面图片只显示有问题的前 {} 页）",
           "index": "文件一览", "files": "{} 个文件，{} 个错误，{} 个警告", "section": "所在章节",
           "busy": "忙，请稍后再试（正在检查的文件较多）", "bad_host": "地址不对：请用 http://127.0.0.1:{}/ 打开本页",
           "forbidden": "请求被拒绝：请从本机的检查页面上传文件（刷新页面后再试）",
           "died": "检查此文件时工作进程异常退出（可能超出 {} MB 内存上限，或底层库崩溃），未能完成；服务照常运行",
           "timeout": "检查此文件超过时间上限（{} 秒），已停止；服务照常运行",
           "no_images": "（未能生成页面图片：{}；问题仍逐条列出）", "bad_upload": "上传的数据不完整或格式不对，请重新选择文件"},
    "en": {"title": "auditlint report check", "drop": "Drop a report (PDF, Word, WPS, Excel, OFD, web page or text) here, or click to choose",
           "checking": "Checking…", "errors": "errors", "warnings": "warnings", "infos": "notes", "page": "page {}",
           "line": "line {}", "none": "No findings.", "score": "score stated", "grade": "grade stated",
           "family": "family", "file": "file", "switch": "中文", "too_big": "the file is larger than {} MB",
           "no_file": "no file received", "not_shown": "(page images for the first {} pages with findings)",
           "index": "Files", "files": "{} files, {} errors, {} warnings", "section": "section",
           "busy": "busy, try again in a moment (many files are being checked)",
           "bad_host": "wrong address: open this page as http://127.0.0.1:{}/",
           "forbidden": "request refused: upload from this machine's check page (reload it and try again)",
           "died": "the worker checking this file died (over the {} MB memory limit, or a crash in a native library);"
                   " the server goes on",
           "timeout": "checking this file took longer than the limit ({} s) and was stopped; the server goes on",
           "no_images": "(no page images: {}; the findings are listed)",
           "bad_upload": "the upload was incomplete or malformed; choose the file again"},
}
FAMILY_ZH = {f.name: f.zh for f in FAMILY_TABLE}  # families.py
NOTE = {"zh": {"timeout": "超出时间上限", "memory": "超出内存上限", "died": "工作进程异常退出"},
        "en": {"timeout": "over the time limit", "memory": "over the memory limit", "died": "the worker died"}}

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#1f3b63;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff}
main{padding:16px 24px}
.summary,.index{background:#fff;border-radius:6px;padding:12px 16px;margin-bottom:16px}
.summary table,.index table{border-collapse:collapse}
.summary td,.summary th,.index td,.index th{padding:4px 12px;border-bottom:1px solid #eee;text-align:left}
.index td.n{text-align:right}.index tr.bad td.e{color:#b00;font-weight:bold}
.page{display:flex;gap:16px;margin-bottom:24px;align-items:flex-start}
.pageimg{position:relative;flex:none;box-shadow:0 1px 4px #0003;background:#fff}
.pageimg img{display:block}
.hl{position:absolute;border:2px solid #d33;background:#f003;border-radius:2px}
.hl.warning{border-color:#d80;background:#fa03}.hl.info{border-color:#38c;background:#38c3}
.findings{flex:1;min-width:280px}
.finding{background:#fff;border-left:4px solid #d33;padding:8px 12px;margin-bottom:8px;border-radius:4px}
.finding.warning{border-left-color:#d80}.finding.info{border-left-color:#38c}
.code{font-weight:bold;margin-right:8px}.where{color:#666;font-size:90%}
.src{font-family:monospace;background:#fff;padding:8px 12px;border-radius:4px;white-space:pre-wrap;margin:4px 0 12px}
.para{background:#fff;padding:8px 12px;border-radius:4px;white-space:pre-wrap;margin:4px 0 12px;border:1px solid #eee}
mark{background:#fbb;padding:0 1px}
#drop{border:3px dashed #7a8ca8;border-radius:8px;padding:40px;text-align:center;background:#fff;cursor:pointer;margin-bottom:16px}
#drop.over{background:#eef3ff}
p.error{color:#b00}.note{color:#666}
"""


def _t(lang, key, *a):
    s = TEXT.get(lang, TEXT["zh"])[key]
    return s.format(*a) if a else s


@dataclass
class Entry:
    checked: object  # result.CheckedFile
    diags: list  # the findings to show, in order
    pages: list = field(default_factory=list)  # pages.render_pages(...)
    note: Optional[str] = None  # why there are no page images (timeout | memory | died | other)


def counts_of(diags) -> dict:
    out = {"error": 0, "warning": 0, "info": 0}
    for d in diags:
        out[d.severity] = out.get(d.severity, 0) + 1
    return out


def _family_table(diags, lang) -> str:
    counts = {}
    for d in diags:
        fam = FAMILIES.get(d.code[:3], "?")
        counts.setdefault(fam, {"error": 0, "warning": 0, "info": 0})[d.severity] += 1
    if not counts:
        return f"<p>{_t(lang, 'none')}</p>"
    rows = "".join(
        f"<tr><td>{FAMILY_ZH.get(f, f) if lang == 'zh' else f}</td><td>{c['error']}</td><td>{c['warning']}</td>"
        f"<td>{c['info']}</td></tr>" for f, c in sorted(counts.items()))
    return (f"<table><tr><th>{_t(lang, 'family')}</th><th>{_t(lang, 'errors')}</th><th>{_t(lang, 'warnings')}</th>"
            f"<th>{_t(lang, 'infos')}</th></tr>{rows}</table>")


def _where(d, fmt, lang) -> str:
    if fmt == "docx" and d.section:
        return f"{_t(lang, 'section')}：{html.escape(d.section)}"
    if fmt == "docx":
        return ""
    return (_t(lang, "page", d.page) + " " if d.page else "") + _t(lang, "line", d.line)


def _finding_html(d, lang, src_line: Optional[str] = None, fmt: str = "") -> str:
    src = ""
    if src_line:
        a = max(0, d.column - 1)
        b = max(a + 1, d.end_column - 1) if d.end_line == d.line else len(src_line)
        cls = "para" if fmt == "docx" else "src"
        src = (f'<div class="{cls}">{html.escape(src_line[:a])}<mark>{html.escape(src_line[a:b])}</mark>'
               f"{html.escape(src_line[b:])}</div>")
    return (f'<div class="finding {d.severity}" data-code="{html.escape(d.code)}"><span class="code">'
            f'{html.escape(d.code)}</span><span class="where">{_where(d, fmt, lang)}</span>'
            f'<div class="msg">{html.escape(d.message(lang))}</div>{src}</div>')


def _note_text(note, lang) -> str:
    return NOTE.get(lang, NOTE["zh"]).get(note, note)


def _pages_html(entry: Entry, lang) -> str:
    cf, diags = entry.checked, entry.diags
    out, shown = [], set()
    for pg in entry.pages:
        pno = int(pg["page"])
        shown.add(pno)
        hls = "".join(
            f'<div class="hl {html.escape(b.get("severity", "error"))}" title="{html.escape(b.get("code", ""))}" '
            f'style="left:{int(b["x"])}px;top:{int(b["y"])}px;width:{int(b["w"])}px;height:{int(b["h"])}px"></div>'
            for b in pg["boxes"])
        items = "".join(_finding_html(d, lang, cf.line_text(d.page, d.line), cf.format) for d in diags if d.page == pno)
        out.append(f'<section class="page" data-page="{pno}"><div class="pageimg" style="width:{int(pg["width"])}px">'
                   f'<img alt="{_t(lang, "page", pno)}" width="{int(pg["width"])}" height="{int(pg["height"])}" '
                   f'src="data:{pg["mime"]};base64,{pg["data"]}">{hls}</div>'
                   f'<div class="findings"><h3>{_t(lang, "page", pno)}</h3>{items}</div></section>')
    rest = [d for d in diags if d.page not in shown]
    if rest and entry.note:
        out.append(f'<p class="note">{_t(lang, "no_images", html.escape(_note_text(entry.note, lang)))}</p>')
    elif rest and any(d.page for d in rest) and entry.pages:
        from .pages import MAX_PAGE_IMAGES

        out.append(f'<p class="note">{_t(lang, "not_shown", MAX_PAGE_IMAGES)}</p>')
    out.extend(_finding_html(d, lang, cf.line_text(d.page, d.line), cf.format) for d in rest)
    return "".join(out)


def _stated(cf, lang) -> str:
    if not (cf.stated_score or cf.stated_grade):
        return ""
    return (f"<p>{_t(lang, 'score')}：{html.escape(cf.stated_score or '—')}　"
            f"{_t(lang, 'grade')}：{html.escape(cf.stated_grade or '—')}</p>")


def render_fragment(entry: Entry, lang="zh", anchor: str = "") -> str:
    """One file's section: its summary, then its findings (PDF pages with the
    figures outlined, Word paragraphs under their heading path, text lines)."""
    cf = entry.checked
    ident = f' id="{anchor}"' if anchor else ""
    head = (f'<div class="summary"><h2>{_t(lang, "file")}：{html.escape(cf.path if cf.path == "-" else os.path.basename(cf.path))}'
            f'</h2>{_stated(cf, lang)}{_family_table(entry.diags, lang)}</div>')
    return f'<div class="report"{ident} data-file="{html.escape(cf.path)}">{head}{_pages_html(entry, lang)}</div>'


def _index(entries, lang) -> str:
    rows = []
    tot = {"error": 0, "warning": 0}
    for n, e in enumerate(entries, 1):
        c = counts_of(e.diags)
        tot["error"] += c["error"]
        tot["warning"] += c["warning"]
        cf = e.checked
        rows.append(f'<tr class="{"bad" if c["error"] else ""}"><td><a href="#f{n}">{html.escape(cf.path)}</a></td>'
                    f'<td class="n e">{c["error"]}</td><td class="n">{c["warning"]}</td>'
                    f'<td>{html.escape(cf.stated_score or "—")}</td><td>{html.escape(cf.stated_grade or "—")}</td></tr>')
    return (f'<div class="index"><h2>{_t(lang, "index")}</h2>'
            f'<p>{_t(lang, "files", len(entries), tot["error"], tot["warning"])}</p>'
            f'<table><tr><th>{_t(lang, "file")}</th><th>{_t(lang, "errors")}</th><th>{_t(lang, "warnings")}</th>'
            f'<th>{_t(lang, "score")}</th><th>{_t(lang, "grade")}</th></tr>{"".join(rows)}</table></div>')


def render_report(entries, lang="zh") -> str:
    """A self-contained HTML page: the index, then each file's section."""
    parts = "".join(render_fragment(e, lang, anchor=f"f{n}") for n, e in enumerate(entries, 1))
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{_t(lang, 'title')}</title><style>{CSS}</style></head><body><header><b>{_t(lang, 'title')}</b>"
            f"</header><main>{_index(entries, lang)}{parts}</main></body></html>")
