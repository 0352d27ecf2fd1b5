"""Test data: a scanned report -- the pages of a rendered corpus PDF printed to images
(150 or 200 dpi, as a copier scans: grey or colour, slightly rotated, noisy, saved as
JPEG, a red seal stamped over the figures) and put into a PDF with no text layer.

``scanned_pdf(path, pages, dpi)`` is the plain grey scan; ``Scan`` describes one page's
defects for ``scanned_pdf(path, pages, scans=[Scan(...), ...])``.  Everything is
deterministic (seeded noise), so a test that fails fails every time.
"""
from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass
from typing import Optional

SEAL_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


@dataclass(frozen=True)
class Scan:
    """How one page is scanned."""

    dpi: int = 150
    grey: bool = True
    rotate: float = 0.0  # degrees, counter-clockwise (a sheet fed askew)
    noise: float = 0.0  # standard deviation of grey-level noise (0-255 scale)
    jpeg: Optional[int] = None  # JPEG quality the scanner saved the page with
    seal_over: Optional[str] = None  # a red seal stamped centred on this text of the page
    seed: int = 1


def _seal_centre(page, text: str, scale: float):
    """Pixel centre of the first occurrence of ``text`` on the page's text layer."""
    tp = page.get_textpage()
    try:
        search = tp.search(text)
        hit = search.get_next()
        if hit is None:
            raise ValueError(f"{text!r} is not on the page")
        start, count = hit
        boxes = [tp.get_charbox(i) for i in range(start, start + count)]
    finally:
        tp.close()
    left = min(b[0] for b in boxes)
    right = max(b[2] for b in boxes)
    bottom = min(b[1] for b in boxes)
    top = max(b[3] for b in boxes)
    h = page.get_height()
    return ((left + right) / 2 * scale, (h - (top + bottom) / 2) * scale)


def _stamp(img, centre, dpi: int):
    """A red official seal (圆形公章: ring, star, unit name round the top) printed over the
    page in red ink: multiplied, as ink is, so black text under it stays black."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    r = int(21 / 25.4 * dpi)  # a 42 mm seal
    seal = Image.new("RGB", (2 * r + 4, 2 * r + 4), "white")
    d = ImageDraw.Draw(seal)
    red = (214, 40, 40)
    c = r + 2
    d.ellipse([c - r, c - r, c + r, c + r], outline=red, width=max(3, dpi // 40))
    star = [(c + 0.3 * r * math.sin(k * math.pi * 2 / 5), c - 0.3 * r * math.cos(k * math.pi * 2 / 5))
            for k in (0, 2, 4, 1, 3)]
    d.polygon(star, fill=red)
    font_path = next((p for p in SEAL_FONTS if os.path.exists(p)), None)
    name = "湘潭县财政局绩效评价专用章"
    if font_path:
        font = ImageFont.truetype(font_path, int(r * 0.22))
        for k, ch in enumerate(name):  # round the top, from 7 to 5 o'clock the long way
            ang = math.radians(-150 + k * 300 / (len(name) - 1))
            x = c + 0.75 * r * math.sin(ang)
            y = c - 0.75 * r * math.cos(ang)
            glyph = Image.new("L", (int(r * 0.3),) * 2, 0)
            ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=255, anchor="mm")
            glyph = glyph.rotate(-math.degrees(ang), resample=Image.BICUBIC)
            seal.paste(Image.new("RGB", glyph.size, red), (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    else:  # no CJK font: strokes where the characters would be
        for k in range(len(name)):
            ang = math.radians(-150 + k * 300 / (len(name) - 1))
            x, y = c + 0.75 * r * math.sin(ang), c - 0.75 * r * math.cos(ang)
            d.rectangle([x - r * 0.08, y - r * 0.08, x + r * 0.08, y + r * 0.08], outline=red, width=3)
    box = (int(centre[0] - c), int(centre[1] - c))
    region = img.crop((box[0], box[1], box[0] + seal.width, box[1] + seal.height))
    img.paste(ImageChops.multiply(region, seal), box)
    return img


def scan_page(page, scan: Scan):
    """One PDF page as the scanner gives it back (a PIL image)."""
    import numpy as np
    from PIL import Image

    scale = scan.dpi / 72
    img = page.render(scale=scale).to_pil().convert("RGB")
    if scan.seal_over:
        img = _stamp(img, _seal_centre(page, scan.seal_over, scale), scan.dpi)
    if scan.grey:
        img = img.convert("L")
    if scan.rotate:
        img = img.rotate(scan.rotate, resample=Image.BICUBIC, expand=False,
                         fillcolor=255 if scan.grey else (255, 255, 255))
    if scan.noise:
        rng = np.random.default_rng(scan.seed)
        a = np.asarray(img).astype(np.float32)
        a += rng.normal(0, scan.noise, a.shape)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if scan.jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=scan.jpeg)
        buf.seek(0)
        img = Image.open(buf)
        img.load()
    return img


def scanned_pdf(path: str, pages=None, dpi: int = 150, scans=None) -> bytes:
    """The pages (0-based; all by default) of the PDF at ``path``, scanned: each as
    ``scans[k]`` says (default: a clean grey scan at ``dpi``), one image a page, no text."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    src = pdfium.PdfDocument(path)
    buf = io.BytesIO()
    c = None
    try:
        pages = list(pages if pages is not None else range(len(src)))
        for k, pno in enumerate(pages):
            page = src[pno]
            try:
                w, h = page.get_width(), page.get_height()
                img = scan_page(page, scans[k] if scans else Scan(dpi=dpi))
            finally:
                page.close()
            if c is None:
                c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
            c.setPageSize((w, h))
            c.drawImage(ImageReader(img), 0, 0, width=w, height=h)
            c.showPage()
    finally:
        src.close()
    c.save()
    return buf.getvalue()
