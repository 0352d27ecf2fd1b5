"""The text / Markdown reader.

UTF-8 (with or without BOM), UTF-16 with or without BOM, GB18030/GBK detected
by decoding (strict UTF-8 first, line by line when a file mixes UTF-8 and GBK,
then charset-normalizer), CRLF/CR.  The Word-export table layout (one cell per
line starting with a TAB, rows separated by a blank line) is read as a table.
``_looks_like_text`` is also what ``auditlint.read.sniff`` asks last.
"""
from __future__ import annotations

import re

from ..model import Segment, SourceText
from .raw import MAX_LINE_CHARS, RawItem, RawLine, RawTable, ReadResult, _line_source, _long_line, _problem


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    sample = data[:65536]
    nul = sample.count(b"\x00")
    if nul > 0.3 * len(sample) and _utf16_without_bom(data):
        return True
    if nul > 0.02 * len(sample):
        return False  # a few stray NULs are a damaged text file; many mean binary
    sample = sample.replace(b"\x00", b"")
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bad <= len(sample) * 0.01


def _utf16_without_bom(data: bytes):
    """'utf-16-le' / 'utf-16-be' when NULs sit on every other byte, else None."""
    sample = data[:4096]
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    half = len(sample) // 2 or 1
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); see decode_lines."""
    text, enc, _bad = decode_lines(data)
    return text, enc


_PLAUSIBLE = re.compile("[\t\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u25ff"
                        "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\r]*")


def _decode_line(raw: bytes):
    """One line of a file that is not UTF-8 as a whole: UTF-8 when the line
    is valid UTF-8 and reads as Chinese report text (a short GBK line can be
    valid UTF-8 by chance: 一 is D2 BB, which UTF-8 reads as a Cyrillic letter),
    else GB18030 (a superset of GBK and GB2312); None when neither decodes."""
    try:
        t = raw.decode("utf-8")
        if raw.isascii() or _PLAUSIBLE.fullmatch(t):
            return t
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def decode_lines(data: bytes) -> tuple[str, str, list]:
    """Return (text, encoding, numbers of the lines that could not be decoded).

    Strict UTF-8 first; then line by line, UTF-8 or GB18030 (a file pasted
    together from a UTF-8 and a GBK export mixes them: decoded as a whole in
    either, half of it is garbage); only when lines are left that neither
    reads, charset-normalizer's guess for the whole file, and failing that the
    lines are kept with replacement characters and their numbers returned."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    u16 = _utf16_without_bom(data) if data[:4096].count(b"\x00") > 0.3 * min(len(data), 4096) else None
    if u16:
        return data.decode(u16, errors="replace"), u16, []
    data = data.replace(b"\x00", b"")  # stray NUL bytes carry no text
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    raw_lines = data.split(b"\n")  # safe in GBK too: its trail bytes are never 0x0A
    lines = [_decode_line(ln) for ln in raw_lines]
    bad = [i + 1 for i, t in enumerate(lines) if t is None]
    utf8 = any(t is not None and not raw.isascii() and _is_utf8(raw) for raw, t in zip(raw_lines, lines))
    if not bad:
        return "\n".join(lines), ("utf-8+gb18030" if utf8 else "gb18030"), []
    if not utf8:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best), best.encoding, []
    # a line no encoding reads is left empty: read with replacement characters its
    # figures could be cut apart, and a finding on garbage is worse than none
    return "\n".join(t if t is not None else "" for t in lines), "mixed", bad


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _line_ranges(numbers: list) -> str:
    out, i = [], 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        out.append(str(numbers[i]) if i == j else f"{numbers[i]}–{numbers[j]}")
        i = j + 1
    return "、".join(out[:10]) + ("…" if len(out) > 10 else "")


def read_text(data: bytes) -> ReadResult:
    text, _enc, bad = decode_lines(data)
    text = text.replace("\x00", "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    res = ReadResult("text")
    for i, ln in enumerate(lines):
        if len(ln) > MAX_LINE_CHARS:
            res.problems.append(_long_line(i + 1, len(ln)))
            lines[i] = ln[:MAX_LINE_CHARS]
    res.source_lines = {(None, i + 1): ln for i, ln in enumerate(lines)}
    res.items = text_items(lines)
    if bad:
        where = _line_ranges(bad)
        res.problems.append(_problem(
            "AL015", f"第 {where} 行的文字不是 UTF-8 或 GBK/GB18030 编码，无法解码，未检查；请将文件另存为 UTF-8 后再检查",
            f"line(s) {where} are neither UTF-8 nor GBK/GB18030 and were not checked; save the file as UTF-8",
            fatal=False))
    if not any(isinstance(it, (RawLine, RawTable)) for it in res.items):
        res.problems.append(_problem("AL002", "文件中没有文字内容", "the file holds no text"))
    return res


def text_items(lines: list[str], page=None) -> list[RawItem]:
    """Lines -> RawLine / RawTable.

    Word-export tables (seeds 003, 004): every cell is a line starting with a
    TAB; a blank line ends a row; a line without TAB right after a cell (or
    after one blank line) continues that cell; two blank lines end the table.
    """
    items: list[RawItem] = []
    blank = 0
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        if ln.startswith("\t"):
            table, i = _read_tab_table(lines, i, page)
            table.blank_before = blank
            items.append(table)
            blank = 0
            continue
        if not ln.strip():
            blank += 1
            i += 1
            continue
        items.append(RawLine(_line_source(ln, i + 1, page), blank))
        blank = 0
        i += 1
    return items


def _read_tab_table(lines, i, page):
    rows: list[list[list]] = []  # row -> cell -> list of (SourceText, blank_before)
    row: list[list] = []
    n = len(lines)
    blank = 0
    while i < n:
        ln = lines[i]
        if ln.startswith("\t"):
            if blank and row:
                rows.append(row)
                row = []
            row.append([(_line_source(ln[1:], i + 1, page, 2), 0)])
            blank = 0
        elif not ln.strip():
            blank += 1
            if blank >= 2:
                break
        else:
            if not row:
                break
            row[-1].append((_line_source(ln, i + 1, page), blank))
            blank = 0
        i += 1
    if row:
        rows.append(row)
    out_rows = []
    for r in rows:
        cells = []
        for parts in r:
            srcs = [parts[0][0]]
            for src, bl in parts[1:]:
                # a label cell broken in two ("部门\n\n概况") joins without a break;
                # a cell holding several paragraphs keeps them apart
                prev = srcs[-1].text.strip()
                sep = "\n" if (bl and len(prev) > 12) else ""
                if sep:
                    srcs.append(SourceText(sep, [Segment(0, src.segments[0].page, src.segments[0].line, 1)]))
                srcs.append(src)
            cells.append(SourceText.join(srcs).strip())
        out_rows.append(cells)
    return RawTable(out_rows, from_text_layout=True), i
