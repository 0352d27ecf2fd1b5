"""Issue 20: what townships submit -- formats decided by content, and the same
report in .xlsx / .xls / .doc / .wps / HTML / OFD gives the findings of its DOCX,
PDF or TXT."""
from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import time
import zipfile
from collections import Counter

import pytest

import ofd_maker
import selfeval_form as F
from conftest import ROOT, SEED, rendered

from auditlint.engine import check_file
from auditlint.read import ACCEPT, BY_NAME, FORMATS, INCLUDE_GLOBS, reader_of, sniff
from auditlint.read.numfmt import display
from auditlint.readers import RawTable, read

HAVE_SOFFICE = shutil.which("soffice") is not None
needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) not installed")


def findings(res, page_line=False):
    """The findings as (code, message), the positions aside unless asked."""
    return Counter((d.code, d.message_zh) + ((d.page, d.line, d.column) if page_line else ())
                   for d in res.diagnostics)


@pytest.fixture(scope="module")
def corpus_tables():
    return F.corpus_tables(rendered("003", "docx"))


@pytest.fixture(scope="module")
def doc_003(tmp_path_factory):
    """Seed 003's DOCX saved as Word 97-2003 by LibreOffice."""
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice (soffice) not installed")
    out = tmp_path_factory.mktemp("doc")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(out), rendered("003", "docx")], check=True, capture_output=True, timeout=120)
    with open(out / "003_cd48f1b058eb4283.doc", "rb") as fh:
        return fh.read()


# ------------------------------------------------------------ sniffing and the format table

def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_sniff_decides_by_content_not_by_name():
    docx = open(rendered("003", "docx"), "rb").read()
    xlsx = F.xlsx_bytes()
    ofd = ofd_maker.ofd_from_text("一、基本情况\n收入合计3402.07万元。")
    assert sniff("report.docx", docx) == "docx"
    assert sniff("report.xlsx", docx) == "docx"  # a Word file named .xlsx is read as Word
    assert sniff("report.xlsx", xlsx) == "xlsx"
    assert sniff("report.docx", xlsx) == "xlsx"  # was read as a broken DOCX before issue 20
    assert sniff("report.zip", ofd) == "ofd"
    assert sniff("report.xls", F.xls_bytes()) == "xls"
    assert sniff("report.doc", F.xls_bytes()) == "xls"
    assert sniff("page.txt", F.html_bytes()) == "html"
    assert sniff("report.txt", open(SEED["001"], "rb").read()) == "text"
    assert sniff("bundle.zip", _zip({"a.txt": "x", "b.pdf": "y"})) == "archive"
    assert sniff("report.xlsx", b"PK\x03\x04 not a zip at all") == "broken-xlsx"
    assert sniff("report.ofd", b"<xml>no zip</xml>" * 10) == "broken-ofd"


def test_sniff_follows_the_office_document_relationship():
    """A package whose main part is not word/document.xml (some exporters write
    word/document2.xml) is still Word: its officeDocument relationship says so."""
    src = zipfile.ZipFile(rendered("001", "docx"))
    members = {}
    for name in src.namelist():
        data = src.read(name)
        if name == "word/document.xml":
            name = "word/document2.xml"
        data = data.replace(b"/word/document.xml", b"/word/document2.xml").replace(
            b'Target="word/document.xml"', b'Target="word/document2.xml"')
        members[name] = data
    assert sniff("report.bin", _zip(members)) == "docx"


def test_sniff_ole_streams():
    import olefile

    assert olefile.isOleFile(data=F.xls_bytes())
    assert sniff("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)) == "broken-xls"


def test_mhtml_is_html():
    page = F.html_bytes()
    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
           b"Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + page + b"\r\n--B--\r\n")
    assert sniff("page.mht", mht) == "html"
    assert findings(check_file("page.mht", mht)) == findings(check_file("page.html", page))


def test_one_format_table_feeds_the_cli_and_the_upload_page():
    from auditlint import cli, web

    assert cli.DEFAULT_INCLUDE == INCLUDE_GLOBS
    for ext in (".xlsx", ".xls", ".doc", ".wps", ".ofd", ".html", ".pdf", ".docx", ".txt"):
        assert f"*{ext}" in INCLUDE_GLOBS
        assert ext in ACCEPT.split(",")
    assert f'accept="{ACCEPT}"' in __import__('auditlint.web.server', fromlist=['page_html']).page_html()
    for f in FORMATS:
        assert callable(reader_of(f.name)), f.name
    assert set(BY_NAME) == {f.name for f in FORMATS}


def test_a_folder_of_new_formats_is_collected(tmp_path):
    from auditlint.batch import collect

    for name in ("a.xlsx", "b.xls", "c.doc", "d.wps", "e.ofd", "f.html", "g.htm", "h.pdf", "i.jpg"):
        (tmp_path / name).write_bytes(b"x")
    got = {os.path.basename(p) for p in collect([str(tmp_path)], INCLUDE_GLOBS, [])}
    assert got == {"a.xlsx", "b.xls", "c.doc", "d.wps", "e.ofd", "f.html", "g.htm", "h.pdf"}


# ------------------------------------------------------------ number formats

@pytest.mark.parametrize("value,fmt,shown", [
    (0.95, "0.00%", "95.00%"),
    (0.9523, "0.0%", "95.2%"),
    (1234567.5, "#,##0.00", "1,234,567.50"),
    (1234.5, "#,##0", "1,235"),
    (2.675, "0.00", "2.68"),  # Excel rounds the decimal it shows, half away from zero
    (3402.07, "General", "3402.07"),
    (0.1 + 0.2, "General", "0.3"),
    (3960, 'G/通用格式"万元"', "3960万元"),
    (93, '0"分"', "93分"),
    (-1234.5, "#,##0.00;[Red]-#,##0.00", "-1,234.50"),
    (-5, r"0.00_);[Red]\(0.00\)", "(5.00)"),
    (0, '#,##0.00;-#,##0.00;"-"', "-"),
    (12.5, '"¥"#,##0.00', "¥12.50"),
    (1234567, "#,##0,", "1,235"),
])
def test_cells_read_as_displayed(value, fmt, shown):
    assert display(value, fmt) == shown


def test_dates_read_as_displayed():
    import datetime as dt

    assert display(dt.datetime(2024, 12, 31), 'yyyy"年"m"月"d"日"') == "2024年12月31日"
    assert display(dt.datetime(2025, 3, 5, 14, 30), "yyyy-mm-dd hh:mm") == "2025-03-05 14:30"
    assert display(dt.datetime(2025, 3, 5), "yyyy/m/d") == "2025/3/5"


# ------------------------------------------------------------ Excel

def test_xlsx_and_xls_form_reads_as_the_docx_form():
    """Merged cells come out as the Word reader gives them: the same rows, the same cells."""
    def rows(data, name):
        res = read(name, data)
        assert not res.problems, res.problems
        tables = [it for it in res.items if isinstance(it, RawTable)]
        assert len(tables) == 1
        return [[c.text for c in r] for r in tables[0].rows]
    want = rows(F.docx_bytes(), "form.docx")
    assert rows(F.xlsx_bytes(), "form.xlsx") == want
    assert rows(F.xls_bytes(), "form.xls") == want
    assert want[3][6] == "95.00%" and want[3][0] == "项目资金（万元）"  # a number format; a range merged down


def test_xlsx_and_xls_form_give_the_docx_findings():
    want = findings(check_file("form.docx", F.docx_bytes()))
    assert {c for c, _ in want} >= {"AL201", "AL304"}
    assert findings(check_file("form.xlsx", F.xlsx_bytes())) == want
    assert findings(check_file("form.xls", F.xls_bytes())) == want


def test_xlsx_positions_are_sheet_row_column():
    res = check_file("form.xlsx", F.xlsx_bytes())
    grade = next(d for d in res.diagnostics if d.code == "AL304")
    # the 自评结论 cell: GRID row 13 -> sheet row 4 + 14 = 18; GRID column 1 -> sheet column C (3)
    assert (grade.page, grade.line, grade.column) == (1, 18, 3)
    title = res.document.blocks[0]
    assert title.text == F.TITLE and (title.start.page, title.start.line, title.start.column) == (1, 1, 2)


def test_corpus_tables_in_a_workbook_give_the_docx_findings(corpus_tables):
    """Seed 003's three budget tables, one sheet each with its caption above (figures stored
    as numbers with a number format): the table findings of the same tables in a DOCX."""
    def table_findings(res):
        return Counter((c, m) for (c, m), n in findings(res).items() for _ in range(n) if c.startswith("AL6"))
    want = table_findings(check_file("tables.docx", F.tables_docx(corpus_tables)))
    assert sum(want.values()) == 3
    assert {c for c, _ in want} == {"AL603", "AL604"}
    assert table_findings(check_file("tables.xlsx", F.tables_xlsx(corpus_tables))) == want
    assert table_findings(check_file("tables.xls", F.tables_xls(corpus_tables))) == want


def test_sheets_are_never_stitched_together(corpus_tables):
    res = read("t.xlsx", F.tables_xlsx([corpus_tables[1], corpus_tables[1]]))
    tables = [it for it in res.items if isinstance(it, RawTable)]
    assert len(tables) == 2 and not any(t.may_continue for t in tables)


def test_formula_without_cached_value_is_reported_not_read_as_blank():
    res = check_file("form.xlsx", F.xlsx_bytes(formulas=True))
    al012 = [d for d in res.diagnostics if d.code == "AL012"]
    assert len(al012) == 1 and al012[0].severity == "warning"
    assert "I17" in al012[0].message_zh and "SUM(I7,I13:I16)" in al012[0].message_zh
    assert "重新计算" in al012[0].message_zh
    # the other findings stand
    assert {"AL201", "AL304"} <= {d.code for d in res.diagnostics}


def test_hidden_sheets_are_not_read():
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(F.xlsx_bytes()))
    hidden = wb.create_sheet("下拉选项")
    hidden["A1"], hidden["B1"] = "评价等级", "优良中差（占比99.9%）"
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    res = read("form.xlsx", buf.getvalue())
    assert "优良中差" not in "".join(
        c.text for it in res.items if isinstance(it, RawTable) for r in it.rows for c in r)


# ------------------------------------------------------------ .doc / .wps

@needs_soffice
def test_doc_gives_the_docx_findings(doc_003):
    want = findings(check_file("r.docx", open(rendered("003", "docx"), "rb").read()), page_line=True)
    got = check_file("r.doc", doc_003)
    assert got.document.format == "doc"
    assert findings(got, page_line=True) == want
    assert sum(want.values()) >= 7


@needs_soffice
def test_wps_named_file_is_read_the_same(doc_003):
    assert findings(check_file("r.wps", doc_003)) == findings(check_file("r.doc", doc_003))


def test_doc_without_libreoffice_says_what_to_do(monkeypatch):
    from auditlint.read import ReadOptions
    from auditlint.read.office import read_doc

    monkeypatch.setenv("AUDITLINT_SOFFICE", "/nonexistent/soffice")
    res = read_doc(b"\xd0\xcf\x11\xe0 whatever", ReadOptions("report.wps"))
    assert [(p.code, p.fatal) for p in res.problems] == [("AL013", True)]
    assert "LibreOffice" in res.problems[0].message_zh and "另存为 .docx" in res.problems[0].message_zh
    assert ".wps" in res.problems[0].message_zh


@needs_soffice
def test_doc_without_libreoffice_end_to_end(doc_003, monkeypatch):
    monkeypatch.setenv("AUDITLINT_SOFFICE", "/nonexistent/soffice")
    res = check_file("report.doc", doc_003)
    assert [d.code for d in res.diagnostics] == ["AL013"] and res.fatal


def _hanging_soffice(tmp_path):
    pidfile = tmp_path / "pid"
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pidfile}\nwait\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, pidfile


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_a_hanging_conversion_is_stopped(tmp_path, monkeypatch):
    script, pidfile = _hanging_soffice(tmp_path)
    monkeypatch.setenv("AUDITLINT_SOFFICE", str(script))
    monkeypatch.setenv("AUDITLINT_SOFFICE_TIMEOUT", "1.5")
    from auditlint.read.office import convert

    t0 = time.perf_counter()
    out, why = convert(b"\xd0\xcf\x11\xe0 whatever", ".doc")
    assert (out, why) == (None, "timeout")
    assert time.perf_counter() - t0 < 10
    # the whole process group is gone: SIGKILL reaches the orphaned grandchild asynchronously,
    # so under load it may still be running for a moment after the launcher was reaped
    pid = int(pidfile.read_text())
    deadline = time.perf_counter() + 5
    while _alive(pid) and time.perf_counter() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


# ------------------------------------------------------------ web pages

def test_web_page_gives_the_docx_findings():
    want = findings(check_file("r.docx", open(rendered("003", "docx"), "rb").read()), page_line=True)
    page = F.docx_as_web_page(rendered("003", "docx"))
    assert findings(check_file("r.html", page), page_line=True) == want
    gbk = F.docx_as_web_page(rendered("003", "docx"), "gbk", "gb2312")
    assert findings(check_file("r.htm", gbk), page_line=True) == want


def test_web_page_leaves_the_site_out():
    res = check_file("r.html", F.docx_as_web_page(rendered("001", "docx")))
    text = "".join(b.text for b in res.document.blocks)
    for chrome in ("办事服务", "网站标识码", "当前位置", "不是标题", "通知公告", "湘ICP备"):
        assert chrome not in text
    assert "绩效" in text


def test_gbk_page_declared_gb2312_is_read_as_gb18030():
    res = check_file("form.html", F.html_bytes("gbk", "gb2312"))  # 喆 is GBK, not GB2312
    assert any("李喆" in b.text for b in res.document.blocks)
    assert findings(res) == findings(check_file("form.html", F.html_bytes()))


def test_web_page_form_gives_the_docx_findings():
    assert findings(check_file("form.html", F.html_bytes())) == findings(check_file("form.docx", F.docx_bytes()))


# ------------------------------------------------------------ OFD

def test_ofd_gives_the_txt_findings():
    txt = open(SEED["001"], "rb").read()
    ofd = ofd_maker.ofd_from_text(txt.decode("utf-8"))
    res = check_file("r.ofd", ofd)
    assert res.document.format == "ofd" and res.document.page_count >= 4
    want = findings(check_file("r.txt", txt))
    assert sum(want.values()) == 5
    assert findings(res) == want
    al301 = next(d for d in res.diagnostics if d.code == "AL301")
    assert al301.page == res.document.page_count  # on the last page, as printed
    line = res.document.line_text(al301.page, al301.line)
    assert line[al301.column - 1:].startswith("综合得分99.09分")  # the caret is under the stated total


def test_ofd_page_numbers_are_not_text():
    res = check_file("r.ofd", ofd_maker.ofd_from_text(open(SEED["001"], encoding="utf-8").read()))
    assert not any("— 2 —" in b.text for b in res.document.blocks)


def _tables(res):
    return [[[c.text for c in row] for row in it.rows] for it in res.items if isinstance(it, RawTable)]


def test_ofd_of_a_pdf_with_tables_gives_the_pdf_findings():
    """Seed 003's PDF printed into an OFD (words as text objects, rulings as path objects):
    the same tables, cell for cell, and the same findings at the same page, line and
    column -- the budget-table sums (AL603/AL604) included, which need the tables."""
    pdf = rendered("003", "pdf")
    ofd = ofd_maker.ofd_from_pdf(pdf)
    got, want = read("r.ofd", ofd), read(pdf)
    assert len(_tables(want)) == 6 and _tables(got) == _tables(want)
    res = check_file("r.ofd", ofd)
    assert findings(res, page_line=True) == findings(check_file(pdf), page_line=True)
    assert {"AL603", "AL604"} <= {d.code for d in res.diagnostics}


def test_ofd_tables_of_a_real_report_are_the_pdf_tables():
    """A real 部门预算 (21 ruled tables, some landscape pages) printed into an OFD."""
    pdf = os.path.join(ROOT, "corpus", "real", "s_C_guangzhou_qxj_2026ys.pdf")
    got, want = _tables(read("r.ofd", ofd_maker.ofd_from_pdf(pdf))), _tables(read(pdf))
    assert len(want) == 21 and got == want


def _ofd_page_with_paths(paths: str) -> bytes:
    page = ofd_maker.page_content([(25, 30, "一、基本情况"), (25, 40, "收入合计3402.07万元，其中基本支出2207.79万元。")])
    return ofd_maker.ofd_bytes([page.replace("</ofd:Layer>", paths + "</ofd:Layer>")])


def test_ofd_page_of_too_many_rulings_has_its_text_read_and_says_so():
    from auditlint.read.pdf.limits import MAX_PAGE_PATHS

    lines = "".join(f'<ofd:PathObject ID="{9000 + i}" Boundary="20 {50 + i * 0.01:.2f} 170 1">'
                    "<ofd:AbbreviatedData>M 0 0 L 170 0</ofd:AbbreviatedData></ofd:PathObject>"
                    for i in range(MAX_PAGE_PATHS + 5))
    res = check_file("r.ofd", _ofd_page_with_paths(lines))
    al009 = [d for d in res.diagnostics if d.code == "AL009"]
    assert len(al009) == 1 and "未识别表格" in al009[0].message_zh and not res.fatal
    assert any("3402.07" in b.text for b in res.document.blocks)


def test_ofd_curves_and_unpainted_paths_are_no_rulings():
    """A seal's circle (Béziers) and a path neither stroked nor filled draw no grid: the
    text around them is read as lines, no table."""
    circle = ('<ofd:PathObject ID="9001" Boundary="20 20 60 60"><ofd:AbbreviatedData>M 0 30 B 0 0 60 0 60 30 '
              'B 60 60 0 60 0 30 C</ofd:AbbreviatedData></ofd:PathObject>')
    box = ('<ofd:PathObject ID="9002" Boundary="20 25 170 20" Stroke="false"><ofd:AbbreviatedData>M 0 0 L 170 0 '
           'M 0 20 L 170 20 M 0 0 L 0 20 M 85 0 L 85 20 M 170 0 L 170 20</ofd:AbbreviatedData></ofd:PathObject>')
    assert not _tables(read("r.ofd", _ofd_page_with_paths(circle + box)))
    grid = box.replace(' Stroke="false"', "")  # the same lines stroked: a table of two cells, the
    # middle ruling (x = 105 mm) through the figure, whose characters go left and right of it
    assert _tables(read("r.ofd", _ofd_page_with_paths(grid))) == [[["一、基本情况收入合计3402.07万元，其中基本支出2207.",
                                                                     "79万元。"]]]


def test_ofd_damaged_drawing_leaves_the_text_read(monkeypatch):
    """Path data out of range or cut short is dropped from there on; a drawing the reader
    fails on is said (AL004 on the page) and the page's text is checked all the same."""
    bad = ('<ofd:PathObject ID="9001" Boundary="20 25 170 20"><ofd:AbbreviatedData>M 0 0 L 1e999 0 M 0 20 L 170 '
           'M x y L</ofd:AbbreviatedData></ofd:PathObject>') * 4
    res = check_file("r.ofd", _ofd_page_with_paths(bad))
    assert not [d for d in res.diagnostics if d.code.startswith("AL0")]
    assert any("3402.07" in b.text for b in res.document.blocks)
    from auditlint.read import ofd

    def broken(*_a):
        raise ValueError("test: a drawing the reader fails on")
    monkeypatch.setattr(ofd, "_page_graphics", broken)
    res = check_file("r.ofd", _ofd_page_with_paths(""))
    assert [(d.code, d.page) for d in res.diagnostics if d.code.startswith("AL0")] == [("AL004", 1)] and not res.fatal
    assert any("3402.07" in b.text for b in res.document.blocks)


def test_readme_lists_every_format():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    for f in FORMATS:
        for ext in f.extensions:
            if ext not in (".markdown", ".text"):
                assert f"`{ext}`" in readme, ext


def test_web_page_source_line_breaks_between_chinese_are_no_spaces():
    from auditlint.read.html import _squeeze

    assert _squeeze("本年支出合\n    计3402.07万元，  其中\r\n基本支出") == "本年支出合计3402.07万元， 其中基本支出"
    assert _squeeze("2、 主要成效") == "2、 主要成效"  # a space the author typed stays


# ------------------------------------------------------------ scans (optional OCR extra)

def test_scan_without_the_ocr_extra_says_how_to_get_it(monkeypatch):
    from auditlint.read import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    import scan_maker

    res = check_file("scan.pdf", scan_maker.scanned_pdf(rendered("001", "pdf"), pages=[0], dpi=50))
    assert [d.code for d in res.diagnostics] == ["AL006"] and res.fatal
    assert "auditlint[ocr]" in res.diagnostics[0].message_zh and "OCR" in res.diagnostics[0].message_zh


# the scans read by OCR: tests/test_ocr.py
