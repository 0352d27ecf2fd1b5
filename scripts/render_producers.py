#!/usr/bin/env python3
"""Render the seed reports as PDF with a real office suite (LibreOffice), so
auditlint's PDF reader is tried on text layers and table layouts that our own
reportlab renderer (scripts/render_corpus.py) does not make.

    python scripts/render_producers.py                      # both producers, every seed
    python scripts/render_producers.py --producer libreoffice 003
    python scripts/render_producers.py --timeout 60 --jobs 2

Input: corpus/rendered/NNN_*.docx (made by scripts/render_corpus.py).
Output, one PDF per seed and producer:

- corpus/rendered/libreoffice/NNN_*.pdf
    `soffice --headless --convert-to pdf` of the DOCX exactly as it is: US
    Letter, python-docx's default template, the body asking for SimSun, which
    this machine does not have, so LibreOffice's own font substitution decides
    (on Debian with fonts-wqy-microhei and fonts-noto-cjk: Noto Sans CJK JP for
    the Chinese body text, WenQuanYi Micro Hei for the headings, which ask for
    the theme's East Asian font, DejaVu for the Latin), tables as the
    'Table Grid' style draws them, the outline (bookmarks) from the headings.
- corpus/rendered/libreoffice-wordlike/NNN_*.pdf
    a second, different layout, as a Chinese Word user's document would look:
    a modified copy of the DOCX is written (in a temporary folder, never next
    to the corpus) with python-docx and then converted the same way:
    A4 with Word's default margins (2.54 cm top and bottom, 3.17 cm left and
    right); the East Asian font set explicitly to WORDLIKE_FONT (WenQuanYi
    Micro Hei, embedded as TrueType, where the default gets Noto Sans CJK
    embedded as Type 1; Noto Serif CJK SC if it is missing) (w:eastAsia on
    the rFonts of the document defaults, of every style and of every run, the
    theme-font attributes that would override it removed) with East Asian
    language zh-CN; the Normal style 12 pt; explicit single borders on every
    table cell.  Different page size, font and size give different page
    breaks (the long budget table of seed 003 splits elsewhere) and a
    different text layer.

Neither layout marks table rows as header rows (w:tblHeader), so a table
split across pages does not repeat its header on the next page; LibreOffice
also lets a row break across a page (a cell's text goes on on the next page).

Each conversion runs soffice in a fresh temporary user profile
(-env:UserInstallation=file:///tmp/...), so it works as root and several may
run at once (--jobs), with a per-file time limit (--timeout, default 120 s;
a conversion over it is killed, reported, and the others go on; exit 1).

Deterministic where possible: LibreOffice writes the export time as
/CreationDate, a time-based /ID and /DocChecksum; they are rewritten in
place (same byte length, so the cross-reference table stays valid) to a fixed
date and to an MD5 of the file's own bytes, so a re-run on the same machine (same
LibreOffice and fonts) gives the same files.  A different LibreOffice version
or font set gives a different, equally valid, rendering.

Needs LibreOffice's soffice: without it the script says so on one line and
exits 2.  Install it with scripts/install-producers.sh (Debian, as root):
    apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-microhei
"""
from __future__ import annotations

import argparse
import concurrent.futures
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RENDERED = os.path.join(ROOT, "corpus", "rendered")

PRODUCERS = ("libreoffice", "libreoffice-wordlike")
# The default conversion sets the body in Noto Sans CJK (embedded by LibreOffice as Type 1 fonts
# converted from CFF, large) and the headings in WenQuanYi Micro Hei; the Word-like copy sets all
# Chinese in WenQuanYi Micro Hei, a TrueType font: a different text layer, and a smaller file.
WORDLIKE_FONT = "WenQuanYi Micro Hei"  # Debian: fonts-wqy-microhei
WORDLIKE_FONT_FALLBACK = "Noto Serif CJK SC"  # Debian: fonts-noto-cjk
INSTALL_HINT = ("apt-get update && apt-get install -y libreoffice-writer-nogui fonts-noto-cjk "
                "fonts-wqy-microhei  (or: bash scripts/install-producers.sh)")
FIXED_DATE = b"20250101000000"  # same as the DOCX core properties of render_corpus.py


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def font_present(family: str) -> bool:
    """True when fontconfig knows the family (fc-list); True when fc-list is missing,
    since then we cannot tell and LibreOffice will substitute anyway."""
    if not shutil.which("fc-list"):
        return True
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return any(family in line.split(",") for line in out.splitlines())


def wordlike_font() -> str:
    return WORDLIKE_FONT if font_present(WORDLIKE_FONT) else WORDLIKE_FONT_FALLBACK


# --- the Word-like copy of the DOCX -------------------------------------------------------

def _set_east_asian(rpr, font: str) -> None:
    """Set w:eastAsia on rPr's rFonts (creating it) and drop the theme attribute
    (w:eastAsiaTheme wins over w:eastAsia when both are there)."""
    from docx.oxml.ns import qn

    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)  # rFonts is the first child of rPr in the schema order
    rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    rfonts.set(qn("w:eastAsia"), font)


def _cell_borders(tc) -> None:
    """Single 0.5 pt black borders on all four sides of one cell (w:tcBorders)."""
    from docx.oxml.ns import qn

    tcpr = tc.get_or_add_tcPr()
    old = tcpr.find(qn("w:tcBorders"))
    if old is not None:
        tcpr.remove(old)
    borders = tcpr.makeelement(qn("w:tcBorders"), {})
    for side in ("top", "left", "bottom", "right"):
        b = borders.makeelement(qn(f"w:{side}"), {qn("w:val"): "single", qn("w:sz"): "4",
                                                  qn("w:space"): "0", qn("w:color"): "000000"})
        borders.append(b)
    # schema order in tcPr: tcW, gridSpan, vMerge, tcBorders, shd, ...: put it after those present
    anchor = None
    for tag in ("w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge"):
        el = tcpr.find(qn(tag))
        if el is not None:
            anchor = el
    if anchor is None:
        tcpr.insert(0, borders)
    else:
        anchor.addnext(borders)


def make_wordlike_docx(src: str, dst: str, font: str) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document(src)
    for s in d.sections:
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.top_margin = s.bottom_margin = Cm(2.54)
        s.left_margin = s.right_margin = Cm(3.17)
    styles = d.styles.element
    # document defaults: East Asian font and language
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is not None:
        _set_east_asian(rpr_default, font)
        lang = rpr_default.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
    # every style that sets fonts (the headings use the theme's East Asian font)
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.find(qn("w:rFonts")) is not None:
            _set_east_asian(rpr, font)
    normal = d.styles["Normal"]
    _set_east_asian(normal.element.get_or_add_rPr(), font)
    normal.font.size = Pt(12)
    # every run, in the body and in the tables
    body = d.element.body
    for r in body.iter(qn("w:r")):
        _set_east_asian(r.get_or_add_rPr(), font)
    for tc in body.iter(qn("w:tc")):
        _cell_borders(tc)
    d.core_properties.revision = 2
    d.save(dst)


# --- conversion ------------------------------------------------------------------------

def _normalise_pdf(path: str) -> None:
    """Rewrite the export time and the /ID in place, same length, for a reproducible file."""
    with open(path, "rb") as f:
        data = f.read()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m.group(1) + FIXED_DATE, data)
    data = re.sub(rb"(<\?xpacket[^>]*>.*?<xmp:(?:Create|Modify|Metadata)Date>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)",
                  lambda m: m.group(1) + b"2025-01-01T00:00:00", data, flags=re.S)
    ids = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)")
    checksum = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")  # LibreOffice's, also time-based
    blank = ids.sub(lambda m: m.group(1) + b"0" * 32 + m.group(3) + b"0" * 32 + m.group(5), data)
    blank = checksum.sub(lambda m: m.group(1) + b"0" * 32, blank)
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    data = ids.sub(lambda m: m.group(1) + digest + m.group(3) + digest + m.group(5), blank)
    data = checksum.sub(lambda m: m.group(1) + digest, data)
    with open(path, "wb") as f:
        f.write(data)


def soffice_to_pdf(soffice: str, docx_path: str, out_pdf: str, timeout: float) -> None:
    """Convert one DOCX with soffice in its own temporary profile; raise on failure or timeout."""
    with tempfile.TemporaryDirectory(prefix="render-producers-") as tmp:
        profile = os.path.join(tmp, "profile")
        outdir = os.path.join(tmp, "out")
        os.makedirs(outdir)
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", HOME=tmp)
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", outdir,
               docx_path]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice and the children it started
            proc.communicate()
            raise RuntimeError(f"soffice took more than {timeout:g} s")
        produced = os.path.join(outdir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")
        if proc.returncode != 0 or not os.path.exists(produced):
            raise RuntimeError(f"soffice exit {proc.returncode}: {out.decode(errors='replace').strip()}")
        _normalise_pdf(produced)
        os.makedirs(os.path.dirname(out_pdf), exist_ok=True)
        shutil.move(produced, out_pdf + ".part")
        os.replace(out_pdf + ".part", out_pdf)


def render_one(soffice: str, producer: str, docx_path: str, timeout: float, font: str) -> str:
    stem = os.path.splitext(os.path.basename(docx_path))[0]
    out_pdf = os.path.join(RENDERED, producer, stem + ".pdf")
    if producer == "libreoffice":
        soffice_to_pdf(soffice, docx_path, out_pdf, timeout)
    else:
        with tempfile.TemporaryDirectory(prefix="render-producers-docx-") as tmp:
            copy = os.path.join(tmp, stem + ".docx")  # same stem: soffice names the PDF after it
            make_wordlike_docx(docx_path, copy, font)
            soffice_to_pdf(soffice, copy, out_pdf, timeout)
    return out_pdf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seeds", nargs="*", help="seed numbers or stems (e.g. 003); default: all")
    ap.add_argument("--producer", choices=PRODUCERS + ("all",), default="all")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per conversion (default 120)")
    ap.add_argument("--jobs", type=int, default=1, help="conversions at once (default 1)")
    args = ap.parse_args(argv)

    soffice = find_soffice()
    if soffice is None:
        print(f"render_producers: LibreOffice (soffice) is not installed; install it with: {INSTALL_HINT}",
              file=sys.stderr)
        return 2
    sources = sorted(glob.glob(os.path.join(RENDERED, "[0-9][0-9][0-9]_*.docx")))
    if args.seeds:
        sources = [s for s in sources if any(os.path.basename(s).startswith(k) for k in args.seeds)]
    if not sources:
        print("render_producers: no corpus/rendered/NNN_*.docx (run scripts/render_corpus.py first)",
              file=sys.stderr)
        return 2
    producers = PRODUCERS if args.producer == "all" else (args.producer,)
    font = wordlike_font()
    tasks = [(p, s) for p in producers for s in sources]
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(render_one, soffice, p, s, args.timeout, font): (p, s) for p, s in tasks}
        for fut in concurrent.futures.as_completed(futures):
            p, s = futures[fut]
            try:
                out = fut.result()
                print(f"rendered {os.path.relpath(out, ROOT)} ({os.path.getsize(out)} bytes)")
            except Exception as e:  # one bad file never stops the others
                failed += 1
                print(f"render_producers: {p} {os.path.basename(s)}: {e}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
