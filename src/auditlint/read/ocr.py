"""OCR of scanned PDFs -- optional: ``pip install 'auditlint[ocr]'``.

A PDF without a text layer (a scan: AL006) is read by OCR when the extra is
installed: RapidOCR (Apache-2.0) on ONNX Runtime (MIT) with the PP-OCR
detection and recognition models that the rapidocr wheel itself ships
(PP-OCRv6 small, ~30 MB): nothing is downloaded at run time -- the engine is
given those files by path, and a missing model is an error, never a download.

Each page is rendered by pypdfium2 (``SCALE`` x 72 dpi), recognised, and its
text boxes put into lines as the OFD reader does (boxes sharing a baseline
band, left to right), then the PDF text path: page numbers and running
headers left out, indents start paragraphs, wrapped lines re-joined.  Every
finding in an OCR'd file stands on recognised text: AL014 says so once.

Without the extra, AL006 says how to get it (in Chinese first, as always).
``$AUDITLINT_OCR_THREADS`` sets ONNX Runtime's threads (default: all cores;
1 is right with ``--jobs`` equal to the cores).
"""
from __future__ import annotations

import importlib.util
import os
import re
from typing import Optional

from .pdf.merge import pages_to_items
from .raw import ReadResult, _problem

SCALE = 2.0  # 144 dpi: the small PP-OCR models read 10.5-pt CJK text reliably at this size
MIN_SCORE = 0.5
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_ENGINE = None


def available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def missing_message() -> tuple[str, str]:
    return ("PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）再检查；或安装 OCR 扩展"
            "（pip install 'auditlint[ocr]'，约 360 MB）后 auditlint 会自动识别",
            "the PDF has no text layer (a scan?): run OCR first, or install the OCR extra "
            "(pip install 'auditlint[ocr]', about 360 MB) and auditlint recognises it itself")


def engine():
    """One RapidOCR engine a process, on the models inside the rapidocr package."""
    global _ENGINE
    if _ENGINE is None:
        import rapidocr
        from rapidocr import RapidOCR

        models = os.path.join(os.path.dirname(rapidocr.__file__), "models")
        det = os.path.join(models, "PP-OCRv6_det_small.onnx")
        rec = os.path.join(models, "PP-OCRv6_rec_small.onnx")
        for path in (det, rec):
            if not os.path.isfile(path):
                raise FileNotFoundError(f"OCR model missing from the rapidocr package: {path}")
        params = {"Global.log_level": "error", "Global.use_cls": False,
                  "Det.model_path": det, "Rec.model_path": rec}
        threads = os.environ.get("AUDITLINT_OCR_THREADS")
        if threads and threads.isdigit():
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
        _ENGINE = RapidOCR(params=params)
    return _ENGINE


def page_lines(image, page_height_pt: float, scale: float = SCALE) -> list:
    """OCR one page image: (text, y, x) per visual line, in PDF points (y upward)."""
    import numpy as np

    out = engine()(np.asarray(image))
    boxes = []
    for box, text, score in zip(out.boxes if out.boxes is not None else [], out.txts or (), out.scores or ()):
        if not text or float(score) < MIN_SCORE or not any(ch.isalnum() for ch in text):
            continue  # a box of shapes only (■ read off a filled rectangle) is no text
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        boxes.append((min(ys), max(ys), min(xs), max(xs), text.strip()))
    boxes.sort(key=lambda b: ((b[0] + b[1]) / 2, b[2]))
    groups: list[list] = []
    for b in boxes:
        mid = (b[0] + b[1]) / 2
        if groups:
            g = groups[-1]
            top = min(x[0] for x in g)
            bottom = max(x[1] for x in g)
            if top <= mid <= bottom:
                g.append(b)
                continue
        groups.append([b])
    lines = []
    for g in groups:
        g.sort(key=lambda b: b[2])
        text = ""
        end = None
        for top, bottom, left, right, t in g:
            if end is not None and text:
                h = bottom - top
                if left - end > 0.5 * h and not (_CJK.match(text[-1]) and _CJK.match(t[0])):
                    text += " "
            text += t
            end = right
        top = min(b[0] for b in g)
        lines.append((text, page_height_pt - top / scale, g[0][2] / scale))
    return lines


def read_scanned_pdf(data: bytes, max_pages: Optional[int] = None) -> Optional[ReadResult]:
    """The scanned PDF read by OCR, or None when the OCR extra is not installed."""
    if not available():
        return None
    import pypdfium2 as pdfium

    res = ReadResult("pdf")
    pdf = pdfium.PdfDocument(data)
    try:
        n = len(pdf)
        res.page_count = n
        limit = n if not max_pages else min(n, max_pages)
        pages = []
        for pno in range(limit):
            page = pdf[pno]
            try:
                height = page.get_height()
                image = page.render(scale=SCALE, grayscale=False).to_pil().convert("RGB")
            finally:
                page.close()
            lines = page_lines(image, height)
            for k, (t, _y, _x) in enumerate(lines):
                res.source_lines[(pno + 1, k + 1)] = t
            pages.append((pno, lines, []))
        if limit < n:
            res.problems.append(_problem(
                "AL008", f"PDF 共 {n} 页，只识别了前 {limit} 页", f"the PDF has {n} pages; only the first {limit} were read",
                fatal=False))
    finally:
        pdf.close()
    res.items.extend(pages_to_items(pages, res.page_labels))
    if not res.items:
        res.problems.append(_problem(
            "AL006", "PDF 没有文字层，OCR 也没有识别出文字（空白页或图片质量太差）",
            "the PDF has no text layer and OCR found no text (blank pages, or images too poor)"))
        return res
    res.problems.append(_problem(
        "AL014", f"PDF 没有文字层（扫描件），{len(pages)} 页的文字由 OCR 识别：识别可能有误，请对照原件核实各项发现",
        f"the PDF has no text layer (a scan): the text of {len(pages)} page(s) was recognised by OCR, "
        "which can misread; check each finding against the original", fatal=False))
    return res
