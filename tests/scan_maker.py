"""Test data: a scanned report -- the pages of a rendered corpus PDF printed to images
(150 dpi, grey, as a copier scans) and put into a PDF with no text layer."""
from __future__ import annotations

import io


def scanned_pdf(path: str, pages=None, dpi: int = 150) -> bytes:
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    src = pdfium.PdfDocument(path)
    buf = io.BytesIO()
    c = None
    try:
        for pno in pages if pages is not None else range(len(src)):
            page = src[pno]
            w, h = page.get_width(), page.get_height()
            img = page.render(scale=dpi / 72, grayscale=True).to_pil()
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
