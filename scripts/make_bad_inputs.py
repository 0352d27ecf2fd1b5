#!/usr/bin/env python3
"""Generate the bad-input battery (issue 8) into a folder.

    python scripts/make_bad_inputs.py /tmp/bad           # all of them
    python scripts/make_bad_inputs.py /tmp/bad --no-big  # skip the 1000-page PDF

Every file is made here from scratch or from corpus content; nothing is
downloaded.  EXPECTED maps each file name to the AL0xx codes it must give
(an empty set: it must be read normally).
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = os.path.join(ROOT, "corpus", "001_d3cc648647006a27.txt")
SEED_PDF = os.path.join(ROOT, "corpus", "rendered", "001_d3cc648647006a27.pdf")
SEED_DOCX = os.path.join(ROOT, "corpus", "rendered", "001_d3cc648647006a27.docx")

# file -> the input codes it must produce (set()) = read normally
EXPECTED = {
    "encrypted-user-password.pdf": {"AL005"},
    "encrypted-owner-only.pdf": set(),  # opens without a password: read normally
    "truncated.pdf": {"AL004"},
    "broken-xref.pdf": set(),  # pdfium repairs a broken xref table: read normally
    "scan-only-images.pdf": {"AL006"},
    "empty.pdf": {"AL002"},
    "empty.txt": {"AL002"},
    "blob.pdf": {"AL004"},
    "blob.docx": {"AL004"},
    "blob.txt": {"AL003"},
    "broken-zip.docx": {"AL004"},
    "zip-bomb.docx": {"AL009"},
    "gb18030.txt": set(),
    "utf16-bom.txt": set(),
    "mixed-line-endings.txt": set(),
    "nul-bytes.txt": set(),
    "big-1000-pages.pdf": set(),
    "page-100k-chars.pdf": set(),
    "paragraph-1mb.txt": set(),
    "nested-brackets.txt": set(),
    "all-nines.txt": set(),
    "unknown.xyz": {"AL003"},
}


def docx_main_part_renamed(data: bytes, new: str = "word/main.xml") -> bytes:
    """The same DOCX with its main part under another name: valid, since the
    package relationships (_rels/.rels) name the main part."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    base = new.rsplit("/", 1)[-1]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            b, name = zin.read(info), info.filename
            if name == "word/document.xml":
                name = new
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/" + base + ".rels"
            elif name == "_rels/.rels":
                b = b.replace(b'Target="word/document.xml"', f'Target="{new}"'.encode())
            elif name == "[Content_Types].xml":
                b = b.replace(b'PartName="/word/document.xml"', f'PartName="/{new}"'.encode())
            z.writestr(name, b)
    return buf.getvalue()


NESTED_SENTENCE = "收入合计300万元，其中基本支出250万元，项目支出60万元。"  # test data: parts exceed the total (AL101)


def docx_nested_tables(depth: int = 3) -> bytes:
    """A DOCX whose only mistake sits in a table nested ``depth`` levels deep."""
    import docx

    d = docx.Document()
    d.add_paragraph("一、基本情况")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "说明"
    cell = t.cell(0, 1)
    cell.paragraphs[0].text = "外层文字"
    for level in range(depth):
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = f"第{level + 2}层"
        cell = inner.cell(0, 1)
    cell.paragraphs[0].text = NESTED_SENTENCE
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _seed_text() -> str:
    with open(SEED, encoding="utf-8") as fh:
        return fh.read()


def _canvas_pdf(draw, pages=1, **kw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, **kw)
    for p in range(pages):
        draw(c, p)
        c.showPage()
    c.save()
    return buf.getvalue()


def _text_page(c, p):
    c.setFont("STSong-Light", 11)
    c.drawString(72, 760, f"第{p + 1}页  本年支出合计3402.07万元，其中基本支出2207.79万元，占64.9%；项目支出1194.27万元，占35.1%。")
    c.drawString(72, 740, "一、基本情况 二、绩效分析")


def make(out: str, big: bool = True) -> dict:
    from reportlab.lib import pdfencrypt

    os.makedirs(out, exist_ok=True)
    seed = _seed_text()
    with open(SEED_PDF, "rb") as fh:
        pdf = fh.read()
    files = {}
    files["encrypted-user-password.pdf"] = _canvas_pdf(
        _text_page, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128))
    files["encrypted-owner-only.pdf"] = _canvas_pdf(
        _text_page, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0, strength=128))
    files["truncated.pdf"] = pdf[: len(pdf) // 3]
    k = pdf.rfind(b"startxref")
    files["broken-xref.pdf"] = pdf[:k] + b"startxref\n999999\n%%EOF\n"
    files["scan-only-images.pdf"] = _canvas_pdf(lambda c, p: (c.setFillGray(0.4), c.rect(50, 50, 500, 700, fill=1)))
    files["empty.pdf"] = b""
    files["empty.txt"] = b""
    blob = bytes((i * 7919 + 13) % 256 for i in range(20000))
    files["blob.pdf"] = blob
    files["blob.docx"] = blob
    files["blob.txt"] = blob
    with open(SEED_DOCX, "rb") as fh:
        docx = fh.read()
    files["broken-zip.docx"] = docx[: len(docx) // 2]
    # a DOCX whose part declares a huge size (each entry compresses 300 MB of zeros)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(SEED_DOCX) as src:
            for info in src.infolist():
                z.writestr(info, src.read(info))
        with z.open("word/media/bomb.bin", "w", force_zip64=True) as w:
            chunk = bytes(1 << 20)
            for _ in range(300):
                w.write(chunk)
    files["zip-bomb.docx"] = buf.getvalue()
    files["gb18030.txt"] = seed.encode("gb18030")
    files["utf16-bom.txt"] = seed.encode("utf-16")
    lines = seed.split("\n")
    files["mixed-line-endings.txt"] = "".join(
        ln + ("\r\n", "\n", "\r")[i % 3] for i, ln in enumerate(lines)).encode("utf-8")
    files["nul-bytes.txt"] = seed.replace("。", "。\x00").encode("utf-8")
    if big:
        files["big-1000-pages.pdf"] = _canvas_pdf(_text_page, pages=1000)

    def dense(c, p):
        c.setFont("STSong-Light", 2)
        row = "收入合计3402.07万元，占64.9%" * 12
        for i in range(280):
            c.drawString(5, 835 - i * 3, row[: 360])
    files["page-100k-chars.pdf"] = _canvas_pdf(dense)
    files["paragraph-1mb.txt"] = ("一、基本情况\n" + "收入合计三千四百零二万元其中基本支出两千二百零七万元" * 25000).encode("utf-8")
    files["nested-brackets.txt"] = ("一、基本情况\n" + "（" * 5000 + "收入合计3402.07万元" + "）" * 5000 + "。\n"
                                    + "《“【〔" * 2000 + "\n").encode("utf-8")
    files["all-nines.txt"] = "".join("9" if ch.isdigit() else ch for ch in seed).encode("utf-8")
    files["unknown.xyz"] = b"\x00\x01\x02binary"
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)
    return {k: v for k, v in EXPECTED.items() if k in files}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--no-big", action="store_true")
    a = ap.parse_args()
    made = make(a.out, big=not a.no_big)
    print(f"{len(made)} files in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
