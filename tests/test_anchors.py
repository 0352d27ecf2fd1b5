"""Anchors (issue 18): where the characters of the lines findings point at are
in the file -- PDF character boxes, one per column of the source line, and
DOCX paragraph paths -- carried by CheckedFile to every output."""
from __future__ import annotations

import glob
import json
import os

import pytest

from conftest import CORPUS, SEED, rendered

from auditlint import batch
from auditlint import engine as E
from auditlint.result import CheckedFile


def checked(path, engine="fast", data=None) -> CheckedFile:
    return batch.checked_file(E.check_file(path, data, E.Options(pdf_engine=engine)))


def span_columns(d, cf):
    """(line, first column, end column (exclusive), line text) for each line of a finding."""
    for ln in range(d.line, max(d.line, d.end_line) + 1):
        text = cf.line_text(d.page, ln)
        a = d.column if ln == d.line else 1
        b = d.end_column if ln == d.end_line else len(text) + 1
        yield ln, a, b, text


def text_under_boxes(textpage, boxes) -> str:
    """The text pdfium finds under the union of the boxes; where neighbouring glyphs
    overlap that union (tight CJK spacing), the text under the middle of each box."""
    boxes = [b for b in boxes if b]
    if not boxes:
        return ""
    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    union = "".join(textpage.get_text_bounded(left, bottom, right, top).split())
    each = ""
    for b in boxes:
        cx, cy, w, h = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, (b[2] - b[0]) / 6, (b[3] - b[1]) / 6
        each += "".join(textpage.get_text_bounded(cx - w, cy - h, cx + w, cy + h).split())
    return union, each


def box_mismatches(path, cf):
    """Findings with a page whose boxes do not hold the characters of their span; and
    how many were compared."""
    import pypdfium2 as pdfium

    bad, n = [], 0
    pdf = pdfium.PdfDocument(path)
    try:
        for d in cf.diagnostics:
            if d.page is None or d.code.startswith("AL0"):
                continue
            n += 1
            page = pdf[d.page - 1]
            tp = page.get_textpage()
            want, union, each = "", "", ""
            for ln, a, b, text in span_columns(d, cf):
                boxes = cf.anchors.get((d.page, ln), [])[a - 1:b - 1]
                assert len(cf.anchors.get((d.page, ln), [])) == len(text), "one box per column"
                want += "".join(text[a - 1:b - 1].split())
                u, e = text_under_boxes(tp, boxes)
                union += u
                each += e
            tp.close()
            page.close()
            if not want or want not in (union, each):
                bad.append((d.page, d.line, d.column, d.code, want, union))
    finally:
        pdf.close()
    return bad, n


REAL_SAMPLE = ["01_shanghai_putuo_ghzy_2024js.pdf", "16_jiangsu_jcy_2018ys.pdf", "r_b_chongqing_qxj_2026ys.pdf",
               "13_jiangsu_rdbgt_2017ys.pdf", "s_F_changchun_xfj_2026ys.pdf", "12_shanghai_putuo_shfly_2024ys_unit.pdf"]


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(CORPUS, "rendered", "*.pdf")))
                         + [os.path.join(CORPUS, "real", n) for n in REAL_SAMPLE])
def test_pdf_boxes_hold_the_characters_of_each_finding(path):
    cf = checked(path)
    bad, n = box_mismatches(path, cf)
    assert not bad, bad
    if "003_" in path:  # the dates the web page's text search cut at "2024年4月2", and the table cells
        assert n >= 7
        assert {d.claim for d in cf.diagnostics} >= {"2024年4月25日-4月30日", "274.97", "274.96"}


def test_pdf_boxes_on_the_full_engine():
    """--pdf-engine full: pdfplumber's character boxes, the same columns."""
    path = rendered("003", "pdf")
    cf = checked(path, "full")
    bad, n = box_mismatches(path, cf)
    assert n >= 7 and not bad, bad


def test_anchors_are_only_the_lines_of_findings_and_survive_json():
    path = rendered("003", "pdf")
    cf = checked(path)
    keys = {(d.page, ln) for d in cf.diagnostics if d.page for ln in range(d.line, d.end_line + 1)}
    assert set(cf.anchors) == keys
    back = CheckedFile.from_json(json.loads(json.dumps(cf.to_json())))
    assert back.anchors == cf.anchors


@pytest.fixture(scope="module")
def mutated_000(tmp_path_factory):
    """Seed 000 with one real figure changed (5 -> 9 户: the parts then exceed 21 户,
    AL101), rendered to PDF and DOCX as the corpus is.  The finding's figures are
    "21 户", printed with a space, which the web page's text search could not find."""
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(CORPUS), "scripts"))
    from render_corpus import render_docx, render_pdf

    d = tmp_path_factory.mktemp("m000")
    txt = d / "m000.txt"
    with open(SEED["000"], encoding="utf-8") as fh:
        text = fh.read()
    assert "餐饮服务 5\n户" in text
    txt.write_text(text.replace("餐饮服务 5\n户", "餐饮服务 9\n户", 1), encoding="utf-8")
    doc = E.load_document(str(txt))
    render_pdf(doc, str(d / "m000.pdf"))
    render_docx(doc, str(d / "m000.docx"))
    return d


def test_pdf_boxes_on_a_figure_printed_with_a_space(mutated_000):
    path = str(mutated_000 / "m000.pdf")
    cf = checked(path)
    al101 = [d for d in cf.diagnostics if d.code == "AL101" and "21户" in d.claim]
    assert al101, [(d.code, d.claim) for d in cf.diagnostics]
    bad, n = box_mismatches(path, cf)
    assert not bad, bad


def test_docx_anchors_name_the_paragraph_or_the_cell():
    import docx

    path = rendered("003", "docx")
    cf = checked(path)
    d = docx.Document(path)
    seen = {"paragraph": 0, "table": 0}
    for (page, line), a in cf.anchors.items():
        text = cf.line_text(page, line)
        if "paragraph" in a and "table" not in a:
            assert d.paragraphs[a["paragraph"]].text == text
            seen["paragraph"] += 1
        else:
            cell = d.tables[a["table"]].rows[a["row"]].cells[a["cell"]]
            assert " ".join(p.text for p in cell.paragraphs) == text
            assert a["paragraphs"][0] == 1 and len(a["paragraphs"]) == len(cell.paragraphs)
            seen["table"] += 1
    assert seen["paragraph"] and seen["table"], seen


def test_text_files_have_no_anchors():
    cf = checked(SEED["003"])
    assert cf.diagnostics and cf.anchors == {}


def test_pdf_boxes_where_a_text_search_of_the_claim_lands_elsewhere():
    """The claim's text occurs earlier on the line (1682.76 is printed twice), as "2100"
    occurs inside the code 21001: a text search lands on the first; the boxes are those
    of the finding's own columns."""
    import pypdfium2 as pdfium

    path = os.path.join(CORPUS, "real", "s_F_changchun_xfj_2026ys.pdf")
    cf = checked(path)
    d = next(x for x in cf.diagnostics if x.code == "AL704" and x.page == 17)
    line = cf.line_text(17, d.line)
    assert d.claim == "1682.76万" and line.find("1682.76") < d.column - 1
    boxes = cf.anchors[(17, d.line)]
    first = boxes[line.find("1682.76")]
    own = [b for b in boxes[d.column - 1:d.end_column - 1] if b]
    assert min(b[0] for b in own) > first[2]  # right of the first occurrence
    pdf = pdfium.PdfDocument(path)
    tp = pdf[16].get_textpage()
    assert d.claim in text_under_boxes(tp, own)
