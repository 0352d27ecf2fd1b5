#!/usr/bin/env python3
"""Generate the bad-input battery (issue 8) into a folder.

    python scripts/make_bad_inputs.py /tmp/bad           # all of them
    python scripts/make_bad_inputs.py /tmp/bad --no-big  # skip the 1000-page PDF

Every file is made here from scratch or from corpus content; nothing is
downloaded.  Issue 21 added the hostile cases: mixed encodings, invisible
characters, huge numbers, renamed and nested Word parts, zip and deflate bombs,
ruling grids, dashed lines, pages of 10⁶ objects, 10 MB lines, 100k-cell tables.  EXPECTED maps each file name to the AL0xx codes it must give
(an empty set: it must be read normally).
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import zipfile
from typing import Optional

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
    # issue 21
    "mixed-gbk-utf8-lines.txt": set(),  # decoded line by line: seed 001's findings
    "undecodable-lines.txt": {"AL015"},  # the lines no encoding reads are named, the rest is checked
    "zero-width-in-figures.txt": set(),  # no false AL101 from 3\u200b00万元
    "digits-5000.txt": set(),  # no AL010: 5,000 digits are text
    "line-10mb.txt": {"AL009"},  # cut at MAX_LINE_CHARS, said so
    "tab-table-20k-cells.txt": set(),  # AL603's check is linear
    "main-part-renamed.docx": set(),  # _rels/.rels names word/main.xml
    "nested-tables.docx": set(),  # the AL101 inside a table in a table is found
    "docx-bomb-declared.docx": {"AL009"},  # a part declaring 1.2 GB
    "docx-bomb-lying.docx": {"AL004"},  # a 1.3 MB part declaring 20 kB that inflates to 1.2 GB
    "grid-280-rulings.pdf": set(),  # under the limits: its grid is walked (the finder is no longer O(n³))
    "grid-1500-rulings.pdf": {"AL009"},  # tables of that page skipped, its text checked
    "dashed-48k-segments.pdf": {"AL009"},
    "objects-1m.pdf": {"AL009"},  # a page of 10⁶ text objects
    "nested-forms.pdf": {"AL009"},  # 2 KB: a form drawing a form ten times, six deep (10⁶ objects)
    "objects-1m-in-10-streams.pdf": {"AL009"},  # the same in ten streams of 10⁵: pdfium loads it, the page is skipped
    "inflate-2gb.pdf": {"AL009"},  # a 2 MB content stream inflating to 2 GB
    "good-001.txt": set(),  # good files in the same batch are reported as always
    "good-003.pdf": set(),
    "good-001.docx": set(),
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


def ruling_grid_pdf(lines: int, text: bool = True) -> bytes:
    """One page ruled by ``lines`` lines (half horizontal, half vertical, each
    its own path object), a figure in some cells; the cell finder walks every
    intersection."""
    n = lines // 2
    side = max(842, 2 * n + 60)  # rulings 2 pt apart: further than the snap distance, all of them distinct

    def draw(c, p):
        c.setLineWidth(0.1)
        x0, x1, y0, y1 = 20, 20 + 2 * (n - 1), 20, 20 + 2 * (n - 1)
        for i in range(n):
            y = y0 + (y1 - y0) * i / max(n - 1, 1)
            c.line(x0, y, x1, y)
            x = x0 + (x1 - x0) * i / max(n - 1, 1)
            c.line(x, y0, x, y1)
        c.setFont("STSong-Light", 1)
        if text:
            for i in range(0, n - 1, max(1, n // 20)):
                c.drawString(x0 + (x1 - x0) * i / (n - 1) + 0.2, y0 + (y1 - y0) * i / (n - 1) + 0.2, "1")
        c.setFont("STSong-Light", 11)
        c.drawString(72, side - 12, "本年支出合计3402.07万元，其中基本支出2207.79万元，占64.9%。")
    return _canvas_pdf(draw, pagesize=(side, side))


def dashed_lines_pdf(segments: int) -> bytes:
    """One wide page with ``segments`` dashes (3.5 pt drawn, long enough to be
    a ruling, 4.5 pt apart: further than rulings are joined), each its own
    path, all on rows less than a point apart: every dash is within the snap
    distance of every other and joins none, the case that made merging them
    O(n²)."""
    width = 40 + 8 * segments

    def draw(c, p):
        c.setLineWidth(0.3)
        for k in range(segments):
            y = 700 + (k % 300) * 0.004
            x = 20 + k * 8
            c.line(x, y, x + 3.5, y)
        c.setFont("STSong-Light", 11)
        c.drawString(72, 300, "本年支出合计3402.07万元，其中基本支出2207.79万元，占64.9%。")
    return _canvas_pdf(draw, pagesize=(width, 842))


def raw_pdf(content: bytes, compressed: Optional[bytes] = None, copies: int = 1) -> bytes:
    """A one-page PDF (Helvetica as /F1) around the given content stream, or
    around an already FlateDecoded one; ``copies``: the page's /Contents is an
    array of that many such streams (drawn one after the other)."""
    import zlib

    stream = compressed if compressed is not None else zlib.compress(content, 9)
    refs = " ".join(f"{5 + i} 0 R" for i in range(copies)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents [" + refs + b"] >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objs += [b"<< /Filter /FlateDecode /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
             + b"\nendstream"] * copies
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offsets:
        out += f"{o:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def many_objects_pdf(n: int, streams: int = 1) -> bytes:
    """A page of ``n`` text objects (one character each): a 14 MB content
    stream for n = 10⁶, or ``streams`` streams of n / streams objects each."""
    return raw_pdf(b"BT /F1 1 Tf\n" + b"1 0 Td (a) Tj\n" * (n // streams) + b"ET\n", copies=streams)


def nested_forms_pdf(levels: int = 6, fan: int = 10) -> bytes:
    """A 2 KB page whose form XObject draws another form ``fan`` times, ``levels``
    deep: fan**levels text objects (10⁶ for 6 x 10) that pdfium builds when the
    page is loaded, though every stream is tiny."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
               b"/XObject << /X0 6 0 R >> >> /Contents 5 0 R >>",
            4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}

    def stream(head, body):
        return head + b" /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream"

    objs[5] = stream(b"<<", b"/X0 Do\n")
    for lv in range(levels):
        num = 6 + lv
        if lv < levels - 1:
            body, res = b"/X0 Do\n" * fan, f"/Resources << /XObject << /X0 {num + 1} 0 R >> >>".encode()
        else:
            body, res = b"BT /F1 1 Tf 10 10 Td (a) Tj ET\n" * fan, b"/Resources << /Font << /F1 4 0 R >> >>"
        objs[num] = stream(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res, body)
    out, offs = bytearray(b"%PDF-1.4\n"), {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += f"{k} 0 obj\n".encode() + objs[k] + b"\nendobj\n"
    x, n = len(out), max(objs) + 1
    out += f"xref\n0 {n}\n0000000000 65535 f \n".encode() + b"".join(f"{offs[k]:010d} 00000 n \n".encode()
                                                                   for k in range(1, n))
    out += f"trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return bytes(out)


def deflate_bomb(megabytes: int, raw: bool = False) -> bytes:
    """zlib data that inflates to ``megabytes`` MB of white space, ~1/1000 of it
    in size: one flushed block repeated (history reset at each flush), with the
    right checksum — made in well under a second, where compressing 2 GB takes 15 s."""
    import struct
    import zlib

    chunk = b" " * (1 << 20)
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    end = co.flush()
    if raw:  # as a zip member holds it
        return block * megabytes + end
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + block * megabytes + end + struct.pack(">I", adler)


def _zip_bytes(members) -> bytes:
    """A zip of (name, deflated bytes, CRC-32, declared size) members, written
    by hand so that a member may declare what it likes."""
    import struct

    out, central = bytearray(), bytearray()
    for name, comp, crc, size in members:
        off, nb = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(comp), size, len(nb), 0) + nb + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(comp), size,
                               len(nb), 0, 0, 0, 0, 0, off) + nb
    cd = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd, 0)
    return bytes(out)


def docx_bomb(megabytes: int, lying: bool) -> bytes:
    """Seed 001's DOCX with word/document.xml replaced by ``megabytes`` MB of
    white space deflated (~1/1000 of it).  lying: the member declares the size
    and checksum of the real part (only inflating it shows the truth); else it
    declares its real size."""
    import zlib

    members = []
    with zipfile.ZipFile(SEED_DOCX) as src:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                comp = deflate_bomb(megabytes, raw=True)
                if lying:
                    members.append((info.filename, comp, zlib.crc32(data), len(data)))
                else:
                    crc = 0
                    chunk = b" " * (1 << 20)
                    for _ in range(megabytes):
                        crc = zlib.crc32(chunk, crc)
                    members.append((info.filename, comp, crc, megabytes << 20))
                continue
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((info.filename, co.compress(data) + co.flush(), zlib.crc32(data), len(data)))
    return _zip_bytes(members)


def inflating_pdf(megabytes: int) -> bytes:
    """A page whose content stream inflates to ``megabytes`` MB (2 GB from 2 MB)."""
    return raw_pdf(b"", compressed=deflate_bomb(megabytes))


def budget_table(n_items: int, per_kuan: int = 20, kuan_per_lei: int = 20) -> str:
    """A Word-export tab table (one cell per line, rows apart by a blank line) of
    n_items 项 rows under their 款 and 类, every 类 = Σ款 and 款 = Σ项 (test data)."""
    out = ["一、基本情况", "表1 一般公共预算支出表", "单位：万元", "",
           "\t科目编码", "\t科目名称", "\t合计", "\t基本支出", "\t项目支出", ""]
    body, made, total = [], 0, 0
    for lei in range(201, 300):
        if made >= n_items:
            break
        rows, lei_sum = [], 0
        for k in range(1, kuan_per_lei + 1):
            if made >= n_items:
                break
            xs = []
            for x in range(1, per_kuan + 1):
                if made >= n_items:
                    break
                xs.append((f"{lei}{k:02d}{x:02d}", f"项目{made}", 2, 1, 1))
                made += 1
            s = sum(r[2] for r in xs)
            rows += [(f"{lei}{k:02d}", f"款{lei}{k}", s, s // 2, s - s // 2)] + xs
            lei_sum += s
        body += [(str(lei), f"类{lei}", lei_sum, lei_sum // 2, lei_sum - lei_sum // 2)] + rows
        total += lei_sum
    for r in [("合计", "", total, total // 2, total - total // 2)] + body:
        out += [f"\t{c}" for c in r] + [""]
    return "\n".join(out) + "\n"


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
    # issue 21
    lines = seed.split("\n")
    files["mixed-gbk-utf8-lines.txt"] = b"\n".join(
        ln.encode("gbk") if i % 2 else ln.encode("utf-8") for i, ln in enumerate(lines))
    raw = [ln.encode("utf-8") for ln in lines]
    raw[3] = b"\xff\xfe\xfa\x80 \x80\x80"
    files["undecodable-lines.txt"] = b"\n".join(raw)
    files["zero-width-in-figures.txt"] = (
        "一、基本情况\n收入合计3\u200b00万元，其中基本支出250万元，项目支出50万元。\n"
        "本年收入合计3\u202a00万元，其中财政拨款25\u200d0万元，占8\u20603.3%，其他收入5\ufeff0万元。\n"
        "二、绩效分析\n支出合计1\u202e20万元，其中人员经费1\u200b00万元，公用经费2\u200c0万元。\n").encode("utf-8")
    files["digits-5000.txt"] = ("一、基本情况\n收入合计" + "9" * 5000 + "万元，其中基本支出2207.79万元。\n\n\t项目\n\t金额\n\n"
                                "\t合计\n\t" + "9" * 5000 + "\n\n\t基本支出\n\t100\n").encode("utf-8")
    files["line-10mb.txt"] = ("一、基本情况\n" + "本年度共开展业务培训活动，参训人员覆盖全部科室。" * 140_000).encode("utf-8")
    files["tab-table-20k-cells.txt"] = budget_table(2000, per_kuan=1, kuan_per_lei=99).encode("utf-8")
    files["main-part-renamed.docx"] = docx_main_part_renamed(docx)
    files["nested-tables.docx"] = docx_nested_tables(3)
    files["docx-bomb-declared.docx"] = docx_bomb(1200, lying=False)
    files["docx-bomb-lying.docx"] = docx_bomb(1200, lying=True)
    files["grid-280-rulings.pdf"] = ruling_grid_pdf(280)
    files["grid-1500-rulings.pdf"] = ruling_grid_pdf(1500)
    files["dashed-48k-segments.pdf"] = dashed_lines_pdf(48_000)
    files["objects-1m.pdf"] = many_objects_pdf(1_000_000)
    files["nested-forms.pdf"] = nested_forms_pdf(6, 10)
    files["objects-1m-in-10-streams.pdf"] = many_objects_pdf(1_000_000, streams=10)
    files["inflate-2gb.pdf"] = inflating_pdf(2048)
    files["good-001.txt"] = seed.encode("utf-8")
    with open(os.path.join(ROOT, "corpus", "rendered", "003_cd48f1b058eb4283.pdf"), "rb") as fh:
        files["good-003.pdf"] = fh.read()
    files["good-001.docx"] = docx
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


# ---------------------------------------------------------------- issue 20: hostile files of the new formats
# (kept apart from make() so that other batteries can grow without touching this one)

FORMAT_EXPECTED = {
    "zip-bomb.xlsx": {"AL009"},  # a workbook with a 300 MB member
    "lying-member.xlsx": {"AL004"},  # styles.xml declares 2 kB and inflates to 300 MB (openpyxl reads it whole)
    "cells-1e6.xls": {"AL009"},  # 62,500 rows x 16 columns: capped, the first rows read
    "hangs-libreoffice.doc": {"AL011"},  # with the hanging converter of fake_soffice()
    "page-50mb.html": {"AL009"},
    "path-traversal.ofd": {"AL004"},  # a page named ../../ outside the package: reported missing, never followed
    "many-paths.ofd": {"AL009"},  # 10**6 ruling subpaths on a page: no table finder, the text read
    "blob.xlsx": {"AL004"},
    "blob.ofd": {"AL004"},
    "xlsx-named.docx": set(),  # a workbook named .docx: read as the workbook it is
    "fine-form.xlsx": set(),
}


def fake_soffice(out: str) -> str:
    """A stand-in for LibreOffice that never finishes (and leaves a child behind),
    for AUDITLINT_SOFFICE: the reader's time limit must stop it."""
    path = os.path.join(out, "soffice-that-hangs")
    with open(path, "w") as fh:
        fh.write("#!/bin/sh\nsleep 600 &\nwait\n")
    os.chmod(path, 0o755)
    return path


def _xlsx_form() -> bytes:
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import selfeval_form

    return selfeval_form.xlsx_bytes()


def _ofd_traversal() -> bytes:
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import ofd_maker

    page = ofd_maker.page_content([(25, 30, "一、基本情况"), (25, 40, "收入合计3402.07万元，其中基本支出2207.79万元。")])
    return ofd_maker.ofd_bytes(
        [page], extra={"../../evil-ofd-member.txt": b"written outside?", "/tmp/evil-ofd-absolute.txt": b"x"},
        page_locs=["Pages/Page_0/Content.xml", "../../../../../../etc/passwd"])


def _ofd_many_paths(n: int) -> bytes:
    """An OFD page of one path object drawing ``n`` short horizontal lines (a 10**6 of
    them deflate to ~100 kB) beside two lines of text."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import ofd_maker

    page = ofd_maker.page_content([(25, 30, "一、基本情况"), (25, 40, "收入合计3402.07万元，其中基本支出2207.79万元。")])
    data = " ".join(f"M 0 {i % 200 + 0.5 * (i // 200 % 2)} L 100 {i % 200}" for i in range(n))
    path = f'<ofd:PathObject ID="9000" Boundary="20 50 170 200"><ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>'
    return ofd_maker.ofd_bytes([page.replace("</ofd:Layer>", path + "</ofd:Layer>")])


def _lying_member(package: bytes, name: str, megabytes: int) -> bytes:
    """``package`` with member ``name`` replaced by ``megabytes`` MB of deflated white space
    that declares the size and checksum of the real member (only inflating it shows the truth)."""
    import zlib

    members = []
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                members.append((name, deflate_bomb(megabytes, raw=True), zlib.crc32(data), len(data)))
                continue
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((info.filename, co.compress(data) + co.flush(), zlib.crc32(data), len(data)))
    return _zip_bytes(members)


def _doc_bytes(tmp: str) -> bytes | None:
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        return None
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless", "--convert-to", "doc",
                    "--outdir", tmp, SEED_DOCX], capture_output=True, timeout=180)
    made = os.path.join(tmp, os.path.basename(SEED_DOCX).replace(".docx", ".doc"))
    if not os.path.exists(made):
        return None
    with open(made, "rb") as fh:
        return fh.read()


def make_formats(out: str) -> dict:
    """Write the new formats' hostile files into ``out``; returns name -> expected AL0xx codes
    (the .doc only where LibreOffice is installed to make it)."""
    import tempfile

    import openpyxl  # noqa: F401 - the workbook writers below need it
    import xlwt

    os.makedirs(out, exist_ok=True)
    files = {}
    form = _xlsx_form()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(form)) as src:
            for info in src.infolist():
                z.writestr(info, src.read(info))
        with z.open("xl/media/bomb.bin", "w", force_zip64=True) as w:
            chunk = bytes(1 << 20)
            for _ in range(300):
                w.write(chunk)
    files["zip-bomb.xlsx"] = buf.getvalue()
    wb = xlwt.Workbook()
    ws = wb.add_sheet("明细")
    for r in range(62500):
        row = ws.row(r)
        for c in range(16):
            row.set_cell_number(c, r * 16 + c)
        if r % 1000 == 999:
            ws.flush_row_data()
    buf = io.BytesIO()
    wb.save(buf)
    files["cells-1e6.xls"] = buf.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        doc = _doc_bytes(tmp)
    if doc is not None:
        files["hangs-libreoffice.doc"] = doc
    para = "<p>本年支出合计3402.07万元，其中基本支出2207.79万元，占64.9%；项目支出1194.27万元，占35.1%。</p>\n".encode("utf-8")
    files["page-50mb.html"] = b"<!DOCTYPE html><html><body>" + para * (50 * 2**20 // len(para) + 1) + b"</body></html>"
    files["path-traversal.ofd"] = _ofd_traversal()
    files["many-paths.ofd"] = _ofd_many_paths(10**6)
    files["lying-member.xlsx"] = _lying_member(form, "xl/styles.xml", 300)
    blob = bytes((i * 7919 + 13) % 256 for i in range(20000))
    files["blob.xlsx"] = blob
    files["blob.ofd"] = blob
    files["xlsx-named.docx"] = form
    files["fine-form.xlsx"] = form
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)
    return {k: v for k, v in FORMAT_EXPECTED.items() if k in files}
