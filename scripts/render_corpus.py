#!/usr/bin/env python3
"""Render the corpus text reports as PDF and DOCX, so every reader is tested
on the same real reports.

    python scripts/render_corpus.py            # corpus/*.txt -> corpus/rendered/*.pdf, *.docx

The text is read with auditlint's own reader (so hard-wrapped lines are
re-joined and Word-export tables become tables), then written out:
- PDF with reportlab's built-in STSong-Light CID font (no font file needed),
  headings larger, tables as ruled tables (rows may split across pages);
- DOCX with python-docx: headings in 'Heading N' styles, real Word tables.
The output is deterministic (fixed creation date, no random ids), so a
re-run produces the same files.
"""
from __future__ import annotations

import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

from auditlint.engine import load_document  # noqa: E402


EMBEDDED_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # Debian: fonts-wqy-microhei


def render_pdf(doc, out_path: str, embed: bool = False) -> None:
    """embed=False: reportlab's built-in STSong-Light CID font, not embedded
    (the corpus renderings: no font file needed).  embed=True: a TrueType CJK
    font embedded and subset, as Word and WPS exports are."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    font = "STSong-Light"
    if embed:
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("WenQuanYi", EMBEDDED_FONT, subfontIndex=0))
        font = "WenQuanYi"
    else:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    heads = {lvl: ParagraphStyle(f"h{lvl}", parent=body, fontSize=size, leading=size * 1.6, firstLineIndent=0,
                                 spaceBefore=6, spaceAfter=3)
             for lvl, size in ((1, 14), (2, 12.5), (3, 11.5), (4, 11), (5, 10.5))}
    story = []
    for b in doc.blocks:
        if b.kind == "table":
            ncols = max(len(r) for r in b.rows)
            data, spans = [], []
            for i, r in enumerate(b.rows):
                data.append([Paragraph(escape(c.text).replace("\n", "<br/>"), cell) for c in r]
                            + [""] * (ncols - len(r)))
                if len(r) < ncols:  # a short row: its last cell spans the rest (a merged cell)
                    spans.append(("SPAN", (max(len(r) - 1, 0), i), (ncols - 1, i)))
            # columns as wide as their longest short cell needs, within the page
            need = [max([min(len(r[j].text), 14) for r in b.rows if j < len(r)] + [2]) for j in range(ncols)]
            widths = [max(30.0, 170 * mm * n / sum(need)) for n in need]
            widths = [w * min(1.0, 170 * mm / sum(widths)) for w in widths]
            long_cells = any(len(c.text) > 400 for c in b.cells())
            t = Table(data, repeatRows=0, splitInRow=1 if long_cells else 0, colWidths=widths)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")] + spans))
            story.append(t)
            story.append(Spacer(1, 6))
        elif b.kind == "heading":
            story.append(Paragraph(escape(b.text), heads.get(b.level, heads[5])))
        else:
            story.append(Paragraph(escape(b.text), body))
    pdf = SimpleDocTemplate(out_path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title=os.path.basename(out_path),
                            author="auditlint corpus", creator="auditlint", invariant=1)
    pdf.build(story)


def render_docx(doc, out_path: str) -> None:
    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    d.core_properties.author = "auditlint corpus"
    import datetime

    fixed = datetime.datetime(2025, 1, 1)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.revision = 1
    for b in doc.blocks:
        if b.kind == "table":
            ncols = max(len(r) for r in b.rows)
            t = d.add_table(rows=len(b.rows), cols=ncols)
            t.style = "Table Grid"
            for i, r in enumerate(b.rows):
                for j, c in enumerate(r):
                    t.cell(i, j).text = c.text
                if 0 < len(r) < ncols:  # a short row: its last cell spans the rest (a merged cell)
                    t.cell(i, len(r) - 1).merge(t.cell(i, ncols - 1))
        elif b.kind == "heading":
            d.add_paragraph(b.text, style=f"Heading {min(b.level, 9)}")
        else:
            d.add_paragraph(b.text)
    d.save(out_path)


def main() -> int:
    src = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.txt")))
    out_dir = os.path.join(ROOT, "corpus", "rendered")
    os.makedirs(out_dir, exist_ok=True)
    for path in src:
        doc = load_document(path)
        stem = os.path.splitext(os.path.basename(path))[0]
        render_pdf(doc, os.path.join(out_dir, stem + ".pdf"))
        render_docx(doc, os.path.join(out_dir, stem + ".docx"))
        print(f"rendered {stem}: pdf, docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
