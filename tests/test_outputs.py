"""--format pdf (annotated copy) and --format docx (Word comments), issue 19."""
from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess

import pytest

from conftest import rendered

from auditlint import cli
from auditlint.diagnostics import Diagnostic
from auditlint.reporters.pdf_annotations import SEVERITY_COLOURS, annotate_pdf

from test_anchors import checked, mutated_000, span_columns, text_under_boxes  # noqa: F401 (fixture)


def run_cli(*argv):
    return cli.main(["--no-cache", *argv])


def annots(path, subtype=None):
    from pypdf import PdfReader

    r = PdfReader(path)
    out = []
    for pno, page in enumerate(r.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if subtype is None or a["/Subtype"] == subtype:
                out.append((pno + 1, a))
    return out


def outline_titles(path):
    from pypdf import PdfReader

    def walk(items):
        for x in items:
            if isinstance(x, list):
                yield from walk(x)
            else:
                yield x.title
    return list(walk(PdfReader(path).outline))


# ---------------------------------------------------------------- --format pdf

@pytest.fixture(scope="module")
def annotated_003(tmp_path_factory):
    src = rendered("003", "pdf")
    out = str(tmp_path_factory.mktemp("pdf") / "003.checked.pdf")
    assert run_cli("-q", "--format", "pdf", "--output", out, src) == 1
    return src, out, checked(src)


def test_pdf_highlights_sit_on_the_character_boxes(annotated_003):
    import pypdfium2 as pdfium

    src, out, cf = annotated_003
    hl = annots(out, "/Highlight")
    diags = [d for d in cf.diagnostics if d.page]
    assert len(hl) == len(diags) == 7
    pdf = pdfium.PdfDocument(out)
    for d, (pno, a) in zip(diags, hl):  # written in the findings' order
        assert pno == d.page
        assert d.message_zh in a["/Contents"] and a["/T"] == "auditlint"
        assert [round(float(c), 2) for c in a["/C"]] == [round(c, 2) for c in SEVERITY_COLOURS[d.severity]]
        assert "/Popup" in a and a["/Popup"].get_object()["/Subtype"] == "/Popup"
        quads = [float(v) for v in a["/QuadPoints"]]
        want_text, got_text = "", ""
        tp = pdf[pno - 1].get_textpage()
        for q, (ln, c0, c1, text) in zip([quads[i:i + 8] for i in range(0, len(quads), 8)], span_columns(d, cf)):
            boxes = [b for b in cf.anchors[(d.page, ln)][c0 - 1:c1 - 1] if b]
            assert q[0] == pytest.approx(min(b[0] for b in boxes), abs=0.01)
            assert q[2] == pytest.approx(max(b[2] for b in boxes), abs=0.01)
            assert q[1] == pytest.approx(max(b[3] for b in boxes), abs=0.01)
            assert q[5] == pytest.approx(min(b[1] for b in boxes), abs=0.01)
            want_text += "".join(text[c0 - 1:c1 - 1].split())
            got_text += text_under_boxes(tp, [[q[0], q[5], q[2], q[1]]])[0]
        assert got_text == want_text == d.claim
    titles = outline_titles(out)
    assert titles[0].startswith("auditlint：7 个错误")
    assert "第 4 页（3 条）" in titles and sum(t.startswith("AL") for t in titles) == 7


def test_pdf_copy_renders_and_shows_the_highlights(annotated_003):
    """pdfium renders every annotated page; inside a highlight the page turns red."""
    import pypdfium2 as pdfium

    _src, out, cf = annotated_003
    pdf = pdfium.PdfDocument(out)
    for i in range(len(pdf)):
        pdf[i].render(scale=0.5, draw_annots=True)
    pno, a = annots(out, "/Highlight")[3]  # the table cell 274.97 on page 4
    x0, y0, x1, y1 = [float(v) for v in a["/Rect"]]
    page = pdf[pno - 1]
    scale, h = 2, page.get_height()

    def mean_red_excess(draw):
        img = page.render(scale=scale, draw_annots=draw).to_pil().convert("RGB")
        crop = img.crop((int(x0 * scale), int((h - y1) * scale), int(x1 * scale), int((h - y0) * scale)))
        px = [crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height)]
        return sum(r - (g + b) / 2 for r, g, b in px) / len(px)

    assert mean_red_excess(True) > mean_red_excess(False) + 40


def test_pdf_copy_beside_the_input_and_for_a_figure_printed_with_a_space(mutated_000):
    src = str(mutated_000 / "m000.pdf")
    assert run_cli("-q", "--format", "pdf", src) == 1
    out = str(mutated_000 / "m000.checked.pdf")
    cf = checked(src)
    al101 = [d for d in cf.diagnostics if d.code == "AL101" and "21户" in d.claim]
    hl = [a for _p, a in annots(out, "/Highlight") if a["/Subj"].startswith("AL101")]
    assert al101 and len(hl) >= len(al101)


def _small_pdf(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    p = tmp_path / "small.pdf"
    c = canvas.Canvas(str(p))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "test data: 本单位2024年收入合计100万元。")
    c.save()
    return p.read_bytes()


@dataclasses.dataclass(frozen=True)
class _WithSuggestion(Diagnostic):
    suggestion: str = ""


def test_pdf_notes_for_findings_without_boxes_and_the_suggestion(tmp_path):
    """A whole-report finding (no page) gets a note on page 1; a suggested correction,
    when a finding carries one, is in the note."""
    from pypdf import PdfReader

    data = _small_pdf(tmp_path)
    d1 = Diagnostic("small.pdf", None, 1, 1, 1, 1, "AL404", "missing-conclusion", "warning",
                    "报告没有评价结论（得分或等级）", "no conclusion")
    d2 = _WithSuggestion("small.pdf", 1, 1, 20, 1, 23, "AL101", "parts-exceed-total", "info",
                         "分项之和 110 万元超过合计 100 万元", "parts exceed", suggestion="110")
    out = annotate_pdf(data, [d1, d2], {}, "zh")
    r = PdfReader(io.BytesIO(out))
    subs = [a.get_object()["/Subtype"] for a in r.pages[0]["/Annots"]]
    assert subs.count("/Text") == 2 and subs.count("/Popup") == 2  # d2 has a page but no boxes
    texts = [a.get_object().get("/Contents", "") for a in r.pages[0]["/Annots"]]
    assert any("报告没有评价结论" in t for t in texts)
    assert any("建议改为：110" in t for t in texts)
    assert r.pages[0].extract_text() == PdfReader(io.BytesIO(data)).pages[0].extract_text()


@pytest.mark.parametrize("name, fmt, says", [
    ("003.docx", "pdf", "--format docx"),
    ("003.txt", "pdf", "--format text"),
    ("003.pdf", "docx", "--format pdf"),
    ("003.txt", "docx", "--format text"),
])
def test_other_inputs_get_a_message_and_exit_2(tmp_path, capsys, name, fmt, says):
    src = {"docx": rendered("003", "docx"), "pdf": rendered("003", "pdf"),
           "txt": os.path.join(os.path.dirname(rendered("003", "pdf")), "..", "003_cd48f1b058eb4283.txt")}
    p = tmp_path / name
    shutil.copy(src[name.rsplit(".", 1)[1]], p)
    assert run_cli("-q", "--format", fmt, str(p)) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not [f for f in os.listdir(tmp_path) if ".checked." in f]


def test_broken_inputs_and_two_files_into_one_output(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    assert run_cli("-q", "--format", "pdf", str(bad)) == 2
    err = capsys.readouterr().err
    assert "bad.pdf: not annotated" in err and "Traceback" not in err
    badx = tmp_path / "bad.docx"
    badx.write_bytes(b"PK\x03\x04 not a zip at all")
    assert run_cli("-q", "--format", "docx", str(badx)) == 2
    assert "bad.docx: not annotated" in capsys.readouterr().err
    assert run_cli("-q", "--format", "pdf", "--output", str(tmp_path / "x.pdf"),
                   rendered("003", "pdf"), rendered("001", "pdf")) == 2
    assert "--output names one file" in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "x.pdf")
    same = tmp_path / "same.pdf"
    shutil.copy(rendered("003", "pdf"), same)
    before = same.read_bytes()
    assert run_cli("-q", "--format", "pdf", "--output", str(same), str(same)) == 2
    assert "not overwritten" in capsys.readouterr().err and same.read_bytes() == before


# ---------------------------------------------------------------- --format docx

def comment_ranges(document):
    """comment id -> (text between its range marks, was it inside a table cell)."""
    from docx.oxml.ns import qn

    open_ids, texts, in_cell = set(), {}, {}
    for el in document.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            cid = el.get(qn("w:id"))
            open_ids.add(cid)
            texts[cid] = ""
            in_cell[cid] = any(a.tag == qn("w:tc") for a in el.iterancestors())
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el.tag == qn("w:t"):
            for cid in open_ids:
                texts[cid] += el.text or ""
    return {k: (texts[k], in_cell[k]) for k in texts}


def all_text(document):
    out = [p.text for p in document.paragraphs]
    for t in document.tables:
        for row in t.rows:
            for c in row.cells:
                out += [p.text for p in c.paragraphs]
    return out


@pytest.fixture(scope="module")
def commented_003(tmp_path_factory):
    src = rendered("003", "docx")
    out = str(tmp_path_factory.mktemp("docx") / "003.checked.docx")
    assert run_cli("-q", "--format", "docx", "--output", out, src) == 1
    return src, out, checked(src)


def test_docx_comments_on_the_runs_of_the_figures(commented_003):
    import docx

    src, out, cf = commented_003
    d = docx.Document(out)
    comments = list(d.comments)
    assert len(comments) == len(cf.diagnostics) == 7
    ranges = comment_ranges(d)
    by_id = {str(c.comment_id): c for c in comments}
    cells = 0
    for diag, (cid, (text, in_cell)) in zip(cf.diagnostics, sorted(ranges.items(), key=lambda kv: int(kv[0]))):
        c = by_id[cid]
        assert c.author == "auditlint" and diag.message_zh in c.text and diag.code in c.text
        assert "".join(text.split()) == diag.claim
        cells += in_cell
    assert cells == 3  # AL603 x2, AL604: on the cells' runs
    assert all_text(d) == all_text(docx.Document(src))


def test_docx_runs_split_at_the_span_keep_text_and_formatting(tmp_path, mutated_000):
    """The claim "21 户（其中…）" lies across runs of different formatting: the comment
    covers exactly its characters, the runs around it are split, nothing else changes."""
    import docx

    src = mutated_000 / "m000.docx"
    d = docx.Document(str(src))
    par = next(p for p in d.paragraphs if "21 户" in p.text)
    text = par.text
    k = text.index("21 户")
    # three runs: before + "2", "1 户（其" in bold, the rest; the claim starts inside the first
    pieces = [text[:k + 1], text[k + 1:k + 6], text[k + 6:]]
    for r in list(par.runs):
        r._r.getparent().remove(r._r)
    for i, piece in enumerate(pieces):
        par.add_run(piece).bold = (i == 1) or None
    multi = tmp_path / "multi.docx"
    d.save(str(multi))
    out = tmp_path / "multi.checked.docx"
    assert run_cli("-q", "--format", "docx", "--output", str(out), str(multi)) == 1
    cf = checked(str(multi))
    diag = next(x for x in cf.diagnostics if x.code == "AL101" and "21户" in x.claim)
    got = docx.Document(str(out))
    assert all_text(got) == all_text(docx.Document(str(multi)))
    ranges = comment_ranges(got)
    claims = {"".join(t.split()) for t, _cell in ranges.values()}
    assert diag.end_line == diag.line  # the span runs from the total to its last part
    span = cf.line_text(None, diag.line)[diag.column - 1:diag.end_column - 1]
    assert span.startswith("21 户") and "".join(span.split()) in claims
    gpar = next(p for p in got.paragraphs if "21 户" in p.text)
    bold = "".join(r.text for r in gpar.runs if r.bold)
    assert bold == pieces[1]


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not _soffice(), reason="LibreOffice (soffice) is not installed: "
                    "bash scripts/install-test-tools.sh installs it")
def test_docx_with_comments_converts_with_libreoffice(commented_003, tmp_path):
    """LibreOffice opens the commented copy and exports the comments (as PDF notes)."""
    from pypdf import PdfReader

    _src, out, cf = commented_003
    profile = tmp_path / "lo-profile"  # a private profile: other soffice runs may be going on
    r = subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                        "--outdir", str(tmp_path), out], capture_output=True, text=True, timeout=240)
    pdf = tmp_path / (os.path.splitext(os.path.basename(out))[0] + ".pdf")
    assert r.returncode == 0 and pdf.exists(), r.stderr
    notes = [a.get_object().get("/Contents", "") for p in PdfReader(str(pdf)).pages for a in p.get("/Annots") or []
             if a.get_object()["/Subtype"] == "/Text"]
    for diag in cf.diagnostics:
        assert any(diag.message_zh in n for n in notes), diag.message_zh


def test_docx_comment_in_the_second_paragraph_of_a_cell(tmp_path):
    """A cell of two paragraphs is one source line (joined by a space); a span in the
    second paragraph is found there (test data, not from a report)."""
    import docx

    from auditlint.reporters.docx_comments import comment_docx
    from auditlint.readers import read_docx

    d = docx.Document()
    d.add_paragraph("test data: 表格")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "科目"
    cell = t.cell(0, 1)
    cell.paragraphs[0].add_run("第一段文字")
    p2 = cell.add_paragraph()
    p2.add_run("合计 ")
    p2.add_run("274.97").italic = True
    p2.add_run(" 万元")
    buf = io.BytesIO()
    d.save(buf)
    res = read_docx(buf.getvalue())
    (key, line), = [(k, t) for k, t in res.source_lines.items() if "274.97" in t]
    assert line == "第一段文字 合计 274.97 万元"
    col = line.index("274.97") + 1
    diag = Diagnostic("t.docx", None, key[1], col, key[1], col + 6, "AL603", "budget-code-hierarchy", "error",
                      "合计 274.97 与各项之和 274.96 不符", "total differs")
    out = docx.Document(io.BytesIO(comment_docx(buf.getvalue(), [diag], res.anchors.lines)))
    (text, in_cell), = comment_ranges(out).values()
    assert text == "274.97" and in_cell
    assert all_text(out) == all_text(docx.Document(io.BytesIO(buf.getvalue())))
