"""Test data: minimal valid OFD files (GB/T 33190) written by hand -- ofdkit only reads.

OFD.xml -> Doc_0/Document.xml (page box, PublicRes.xml with the font) ->
Doc_0/Pages/Page_N/Content.xml, one TextObject per printed line with one
TextCode carrying the glyph advances (DeltaX), as WPS / 数科 OFD writers do.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
SIZE = 4.2  # mm, about 12 pt
LEADING = 7.5  # mm between baselines
LEFT, TOP = 25.0, 30.0
PER_LINE = 36  # full-width characters in a line
PER_PAGE = 32  # lines on a page


def _advance(ch: str) -> float:
    return SIZE if unicodedata.east_asian_width(ch) in "WF" else SIZE / 2


def _width(s: str) -> float:
    return sum(_advance(c) for c in s)


def wrap(text: str) -> list[tuple[float, str]]:
    """A report's text as printed: each paragraph indented two characters and
    wrapped at PER_LINE full-width characters.  Returns (indent mm, line)."""
    out = []
    for para in text.replace("\r\n", "\n").split("\n"):
        para = para.strip()
        if not para:
            continue
        indent = 2 * SIZE
        room = PER_LINE * SIZE - indent
        line = ""
        for ch in para:
            if _width(line + ch) > room:
                out.append((indent, line))
                line, indent, room = "", 0.0, PER_LINE * SIZE
            line += ch
        if line:
            out.append((indent, line))
    return out


def page_content(lines, number=None) -> str:
    """Content.xml of a page: lines are (x mm, baseline y mm, text)."""
    objs = []
    oid = 100
    for x, y, text in lines:
        oid += 1
        deltas = " ".join(f"{_advance(c):g}" for c in text[:-1])
        dx = f' DeltaX="{deltas}"' if deltas else ""
        objs.append(f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y - SIZE:g} {_width(text) + 1:g} {SIZE * 1.4:g}" '
                    f'Font="2" Size="{SIZE:g}"><ofd:TextCode X="0" Y="{SIZE:g}"{dx}>{escape(text)}</ofd:TextCode>'
                    "</ofd:TextObject>")
    if number is not None:
        label = f"— {number} —"
        objs.append(f'<ofd:TextObject ID="{oid + 1}" Boundary="{105 - _width(label) / 2:g} 280 40 6" Font="2" '
                    f'Size="{SIZE:g}"><ofd:TextCode X="0" Y="{SIZE:g}">{escape(label)}</ofd:TextCode></ofd:TextObject>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="3">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')


def ofd_bytes(pages: list[str], extra: dict | None = None, page_locs: list[str] | None = None) -> bytes:
    """An OFD package of the given Content.xml texts; ``extra`` adds members as they are
    named (a hostile file's ``../`` names), ``page_locs`` overrides the pages' BaseLoc."""
    locs = page_locs or [f"Pages/Page_{i}/Content.xml" for i in range(len(pages))]
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
           "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0f1e2d3c4b5a69788796a5b4c3d2e1f0</ofd:DocID>"
           "<ofd:Title>绩效评价报告</ofd:Title><ofd:CreationDate>2025-04-30</ofd:CreationDate></ofd:DocInfo>"
           "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    document = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                "<ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
                + "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="{loc}"/>' for i, loc in enumerate(locs))
                + "</ofd:Pages></ofd:Document>")
    res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
           '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", res)
        for i, content in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
        for name, data in (extra or {}).items():
            z.writestr(zipfile.ZipInfo(name), data)
    return buf.getvalue()


def ofd_from_text(text: str) -> bytes:
    """A text report printed into an OFD: wrapped lines, PER_PAGE a page, page numbers."""
    lines = wrap(text)
    pages = []
    for p in range(0, len(lines), PER_PAGE):
        chunk = lines[p:p + PER_PAGE]
        pages.append(page_content([(LEFT + ind, TOP + k * LEADING, t) for k, (ind, t) in enumerate(chunk)],
                                  number=p // PER_PAGE + 1))
    return ofd_bytes(pages)
