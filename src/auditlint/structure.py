"""From raw reader items to blocks, headings, sections and reports.

- Hard-wrapped lines (seed 000, and every PDF) are re-joined into paragraphs:
  CJK joins without a space; a blank run (a page break) does not cut a
  sentence; positions inside the joined text still map to the original lines.
- Headings are recognised by the numbering of official documents
  一、(1) > （一）(2) > 1. / 1、(3) > （1）(4) > ①(5), by DOCX heading styles, and
  by known section titles written without a number (基本情况, 主要问题 …).
- A table that continues on the next PDF page is stitched to its first part.
- Report titles split a file into reports; each report gets a section tree.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from .numerals import cn_ordinal
from .model import Block, Cell, Document, Report, Section, SourceText
from .read.raw import RawLine, RawParagraph, RawTable, ReadResult



CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# numbering style -> (pattern at paragraph start, level)
HEADING_PATTERNS = [
    ("cn", re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*(?:[、．]|\.(?!\d))"), 1),
    ("cn_paren", re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]"), 2),
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*(?:[、．]|\.(?!\d))"), 3),
    ("arabic_paren", re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]"), 4),
    ("circled", re.compile(r"^\s*([" + CIRCLED + r"])"), 5),
]
TITLE_END = re.compile(r"[。：:；;！？]")
SENTENCE_END = "。！？；：:;!?"
ENUM_STARTS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是")
TITLE_WORDS = re.compile(r"绩效评价|绩效自评|自评报告|评价报告|整体支出评价|支出绩效|绩效报告")
TITLE_FIELD = re.compile(r"^\s*项目名称\s*")
UNIT_RE = re.compile(r"([\u4e00-\u9fff]{2,40}?(?:人民政府|政府|办事处|委员会|管委会|局|厅|中心|站|所|院|校))")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


_WIDE = re.compile("[^\x00-\u2e80]")  # U+2E81 and above (this form compiles 3x faster)


def display_width(s: str) -> int:
    """Columns a line takes: CJK and full-width characters count two."""
    return len(s) + len(_WIDE.findall(s))


def heading_marker(text: str):
    """(numbering, level, number, marker_end) of a paragraph that starts with
    a heading number, else None."""
    for style, pat, level in HEADING_PATTERNS:
        m = pat.match(text)
        if m:
            raw = m.group(1)
            if style in ("cn", "cn_paren"):
                num = cn_ordinal(raw)
            elif style == "circled":
                num = CIRCLED.index(raw) + 1
            else:
                num = int(raw)
            if num is None:
                continue
            return style, level, num, m.end()
    return None


# ---------------------------------------------------------------- joining

def _is_hard_wrapped(lines: list[RawLine]) -> tuple[bool, int]:
    widths = sorted(display_width(l.source.text.strip()) for l in lines if len(l.source.text.strip()) >= 6)
    if len(widths) < 8:
        return False, 0
    w = widths[int(len(widths) * 0.9) - 1]
    near = sum(1 for x in widths if 0.8 * w <= x <= 1.15 * w)
    return near >= 0.35 * len(widths), w


_SPACED_NUMBER = re.compile(r"\d [\u4e00-\u9fff]|[\u4e00-\u9fff] \d")


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


INDENT_POINTS = 6.0  # a first-line indent of at least this many points starts a paragraph
# a full-width opening bracket or quote draws its glyph in the right half of its em box, so a
# wrapped line that starts with one looks indented by half an em: it needs twice the indent
OPENING_PUNCT = "（“‘《【〔"
OPENS, CLOSES = "（(《", "）)》"


# a figure cut by a line break: the line ends in its number (or 万/亿) and the next goes on
# with its unit or the punctuation after it
CUT_FIGURE_END = re.compile(r"[\d.][万亿]?$|[万亿]$")
CUT_FIGURE_START = re.compile(r"(?:万元|亿元|元|%|‰)")
SIGNATURE_DATE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _is_signature(lines: list, n: int) -> bool:
    """Is line n the unit's name signing the report (落款), a date line right under it?
    Never part of the paragraph above, however full that paragraph's last line is."""
    t = "".join(lines[n].source.text.split())
    if not (len(t) <= 30 and UNIT_RE.fullmatch(t)) or n + 1 >= len(lines):
        return False
    return bool(SIGNATURE_DATE.match(lines[n + 1].source.text.strip()))


def _open_brackets(parts: list[SourceText]) -> int:
    text = "".join(p.text for p in parts)
    return sum(text.count(c) for c in OPENS) - sum(text.count(c) for c in CLOSES)


def _join_lines(lines: list[RawLine], titles: set = frozenset()) -> list[tuple[SourceText, int]]:
    """Group RawLines into paragraphs: returns (source, blank_before) pairs."""
    wrapped, w = _is_hard_wrapped(lines)
    out: list[tuple[list[SourceText], int]] = []
    prev_full = False
    prev_text = ""
    for n, ln in enumerate(lines):
        t = ln.source.text.rstrip()
        stripped = t.strip()
        starts_block = (heading_marker(stripped) is not None or stripped.startswith(ENUM_STARTS)
                        or _normalise_title(stripped) in titles)
        signature = _is_signature(lines, n)
        join = False
        indent_needed = INDENT_POINTS * 2 if stripped[:1] in OPENING_PUNCT else INDENT_POINTS
        if signature:
            pass  # the unit signing the report: a line of its own
        elif out and ln.blank_before == 0 and not starts_block and CUT_FIGURE_END.search(prev_text) \
                and CUT_FIGURE_START.match(stripped):
            join = True  # "…驻京经费312万 / 元，…": no paragraph starts with the rest of a figure
        elif out and ln.blank_before == 0 and not starts_block and _open_brackets(out[-1][0]) > 0 \
                and stripped[:1] not in OPENING_PUNCT and prev_text[-1:] not in SENTENCE_END:
            join = True  # a paragraph never ends inside brackets: （不含车 / 辆）0台（套）
        elif wrapped and out and prev_full:
            ends_sentence = prev_text[-1:] in SENTENCE_END
            single_heading_line = len(out[-1][0]) == 1 and heading_marker(out[-1][0][0].text) is not None
            if starts_block and (ends_sentence or ln.blank_before > 0 or single_heading_line
                                 or _normalise_title(stripped) in titles):
                join = False
            elif ln.indent >= indent_needed:
                join = False  # a first-line indent opens a paragraph
            elif ln.blank_before and TITLE_WORDS.search(prev_text):
                join = False  # a report title line, then the form's next field
            elif not ends_sentence:
                join = True
            elif ln.blank_before == 0 and not starts_block:
                join = True
        src = ln.source.strip()
        if join:
            out[-1][0].append(src)
        else:
            out.append(([src], ln.blank_before))
        width = display_width(stripped)
        prev_full = wrapped and 0.75 * w <= width <= 1.15 * w
        prev_text = stripped
    result = []
    for parts, blank in out:
        # ASCII letters on both sides of a wrap keep a space; CJK joins without
        # one; a number meeting a CJK character gets the space back when the
        # paragraph writes its numbers spaced ("21 户": the wrap ate the space)
        spaced = any(_SPACED_NUMBER.search(p.text) for p in parts)
        pieces = [parts[0]]
        for p in parts[1:]:
            a, b = pieces[-1].text[-1:], p.text[:1]
            if (a.isascii() and a.isalpha() and b.isascii() and b.isalpha()) or (
                    spaced and ((a.isdigit() and _is_cjk(b)) or (_is_cjk(a) and b.isdigit()))):
                pieces.append(SourceText(" ", [p.segments[0]]))
            pieces.append(p)
        result.append((SourceText.join(pieces), blank))
    return result


# ---------------------------------------------------------------- blocks

def _make_block(src: SourceText, style: str, known_titles: set[str]) -> Block:
    text = src.text.strip()
    m = heading_marker(text)
    if style.lower().startswith(("heading", "标题")) and text:
        lvl = 1
        digits = re.findall(r"\d", style)
        if digits:
            lvl = int(digits[0])
        if m:
            numbering, level, num, end = m
            return _heading(src, numbering, level, num, end)
        return Block("heading", src, level=lvl, numbering="style", title=text)
    if m:
        numbering, level, num, end = m
        return _heading(src, numbering, level, num, end)
    if _normalise_title(text) in known_titles:
        return Block("heading", src, level=1, numbering="", title=_normalise_title(text))
    return Block("paragraph", src)


def _heading(src, numbering, level, num, end):
    text = src.text
    body = text[end:]
    mt = TITLE_END.search(body)
    title_end = end + (mt.start() if mt else len(body))
    title = text[end:title_end].strip()
    body_offset = title_end + 1 if mt else len(text)
    return Block("heading", src, level=level, number=num, numbering=numbering,
                 title=title[:60], body_offset=body_offset)


def _normalise_title(t: str) -> str:
    return re.sub(r"[\s　]+", "", t).strip("：:。")


def _table_block(table: RawTable) -> Block:
    rows = []
    for r, row in enumerate(table.rows):
        rows.append([Cell(src, r, c) for c, src in enumerate(row)])
    first = table.rows[0][0] if table.rows and table.rows[0] else SourceText("", [])
    return Block("table", first, rows=rows)


def _stitch_tables(items: list) -> list:
    """A table split by a PDF page break continues: same column count, nothing between."""
    out = []
    for it in items:
        if (isinstance(it, RawTable) and out and isinstance(out[-1], RawTable)
                and not it.from_text_layout and it.rows and out[-1].rows
                and it.may_continue and out[-1].may_continue
                and len(it.rows[0]) == len(out[-1].rows[-1])):
            prev = out[-1]
            rows = it.rows
            if [c.text for c in rows[0]] == [c.text for c in prev.rows[0]]:
                rows = rows[1:]  # repeated header
            if rows and _continues_row(prev.rows[-1], rows[0]):
                # a row split by the page break: its cells continue
                prev.rows[-1] = [SourceText.join([a, b]) if b.text else a
                                 for a, b in zip(prev.rows[-1], rows[0])]
                rows = rows[1:]
            prev.rows.extend(rows)
            continue
        out.append(it)
    return out


BUDGET_CODE_LENGTHS = (3, 5, 7)  # 类 / 款 / 项


def _continues_row(last: list, first: list) -> bool:
    """Is the first row after a page break the rest of the last row before it?
    Its label cells are empty and the text it continues stops mid-sentence; or
    the last row's 科目编码 is cut short (210019 | 其他卫生 | 134.26 …) and the
    first row holds the rest of the code and of the name, and no figure
    (9 | 健康管理事务支出 | | …)."""
    if len(last) != len(first) or not first:
        return False
    a, b = last[0].text.strip(), first[0].text.strip()
    if a.isdigit() and b.isdigit() and len(a) not in BUDGET_CODE_LENGTHS and len(a + b) in BUDGET_CODE_LENGTHS:
        return not any(ch.isdigit() for c in first[1:] for ch in c.text)
    if b:
        return False
    filled = [c for c in last if c.text.strip()]
    return bool(filled) and filled[-1].text.strip()[-1:] not in SENTENCE_END + "。”）)"


def build_document(path: str, res: ReadResult, known_titles: Iterable[str] = ()) -> Document:
    titles = {_normalise_title(t) for t in known_titles}
    doc = Document(path=path, format=res.format, problems=list(res.problems),
                   page_count=res.page_count, source_lines=res.source_lines,
                   page_labels=res.page_labels, anchors=res.anchors, ocr=res.ocr)
    items = _stitch_tables(res.items)
    blocks: list[Block] = []
    run: list[RawLine] = []

    def flush():
        for src, _blank in _join_lines(run, titles):
            if src.text.strip():
                blocks.append(_make_block(src, "", titles))
        run.clear()

    for it in items:
        if isinstance(it, RawLine):
            run.append(it)
            continue
        flush()
        if isinstance(it, RawParagraph):
            blocks.append(_make_block(it.source.strip(), it.style, titles))
        elif isinstance(it, RawTable) and it.rows:
            blocks.append(_table_block(it))
    flush()
    for i, b in enumerate(blocks):
        b.index = i
    doc.blocks = blocks
    doc.reports = split_reports(blocks)
    return doc


# ---------------------------------------------------------------- reports

# a table's caption (表11.2026年市级部门项目支出绩效表, 部门整体支出绩效目标表): part of a budget
# disclosure, not the title of a report of its own — unless it names an evaluation form
# (项目支出绩效自评表), which is a report
TABLE_CAPTION = re.compile(r"表(?:[（(][^（）()]{1,20}[）)])?$")
EVALUATION_FORM = re.compile(r"自评|评价")


def _is_title_line(b: Block) -> bool:
    if b.kind != "paragraph":
        return False
    t = b.text.strip()
    if TABLE_CAPTION.search(t) and not EVALUATION_FORM.search(t):
        return False
    return (len(t) <= 45 and bool(TITLE_WORDS.search(t))
            and not any(p in t for p in "，。；：,;:"))


COVER_MAX_BLOCKS = 10  # blocks a cover page holds before its title is printed again


def _same_title(blocks: list[Block], a: int, b: int) -> bool:
    """Do the report starting at block a and the title line at block b print the same title?"""
    def title_near(i):
        return "".join("".join(x.text.split()) for x in blocks[i:i + 2] if x.kind == "paragraph")
    first = "".join(blocks[b].text.split())
    return (len(first) >= 6 and first in title_near(a)) or title_near(b) == title_near(a)


# a disclosure names itself on its cover; the 自评表 forms and reports its 绩效 part embeds are
# parts of it, not reports of their own (their titles would cut its sections apart)
DISCLOSURE_COVER = re.compile(r"(?:部门|单位)(?:决算|预算)|(?:决算|预算)公开")


def split_reports(blocks: list[Block]) -> list[Report]:
    if DISCLOSURE_COVER.search("".join(_cover_title(blocks))):
        rep = Report(blocks=list(blocks), number=1)
        _identify(rep)
        rep.root = build_sections(rep.blocks)
        return [rep]
    starts = []
    content_since = 99
    for i, b in enumerate(blocks):
        if _is_title_line(b):
            if content_since >= 3:
                starts.append(i)
            content_since = 0
        else:
            content_since += 1
    if not starts or starts[0] > 3:
        starts.insert(0, 0)
    else:
        starts[0] = 0
    # a cover page: the title, the unit and the date, then the same title again over the text.
    # The repeated title opens no report of its own
    # A cover of another form (长沙市财政项目支出绩效评价报告 / 评价项目名称… / 报告日期…) is a
    # short run without a heading: it belongs to the report after it
    kept = []
    for s in starts:
        if kept and s - kept[-1] <= COVER_MAX_BLOCKS and (
                _same_title(blocks, kept[-1], s)
                or not any(b.kind == "heading" for b in blocks[kept[-1]:s])):
            continue
        kept.append(s)
    starts = kept
    reports = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        rep = Report(blocks=blocks[s:e], number=k + 1)
        _identify(rep)
        rep.root = build_sections(rep.blocks)
        reports.append(rep)
    return reports


COVER_BLOCKS = 4  # short lines a disclosure's cover prints its title on
COVER_LINE_CHARS = 30
COVER_UNIT = re.compile(r"^预算(?:主管部门|单位)[:：]([\u4e00-\u9fff]{2,40})$")


def _cover_title(blocks: list[Block]) -> list[str]:
    """A budget or final-accounts disclosure has no 报告 title line: its cover prints the
    unit and "2024 年度部门决算" over a few short lines before the 目录.  Those lines,
    when they name a year, make the title."""
    parts = []
    for b in blocks[:COVER_BLOCKS]:
        t = "".join(b.text.split())
        if b.kind != "paragraph" or not t or len(t) > COVER_LINE_CHARS or t in ("目录", "目次") \
                or COVER_UNIT.match(t):
            break
        parts.append(t)
    return parts if parts and YEAR_RE.search("".join(parts)) else []


def _identify(rep: Report) -> None:
    """Title, unit and fiscal year (年度) of a report.

    The title is the title line (…绩效评价报告 / …整体支出评价) with the unit line
    just before it and a lone "报  告" line just after it; the fiscal year is
    the year in the title, else the year most figures of the report speak of.
    """
    blocks = rep.blocks
    cover = _cover_title(blocks)
    # a disclosure's cover is its title, whatever 自评表 follows within the first blocks
    ti = None if DISCLOSURE_COVER.search("".join(cover)) else \
        next((i for i, b in enumerate(blocks[:8]) if _is_title_line(b)), None)
    parts = []
    if ti is not None:
        if ti > 0 and blocks[ti - 1].kind == "paragraph" and UNIT_RE.fullmatch(
                re.sub(r"^\d{4}\s*年度?", "", blocks[ti - 1].text.strip())):
            parts.append(blocks[ti - 1].text)
        parts.append(TITLE_FIELD.sub("", blocks[ti].text))
        if ti + 1 < len(blocks) and re.sub(r"\s", "", blocks[ti + 1].text) == "报告":
            parts.append("报告")
    if ti is None:
        parts = cover
    rep.title = re.sub(r"\s+", "", "".join(parts))
    m = YEAR_RE.search(rep.title)
    if m:
        rep.fiscal_year = int(m.group(1))
    mu = UNIT_RE.search(re.sub(r"^\d{4}年度?", "", rep.title))
    if mu:
        rep.unit = re.sub(r"^\d{4}年度?", "", mu.group(1))
    for b in blocks[:COVER_BLOCKS + 2]:
        # 预算单位：上海市普陀区社会福利院 / 预算主管部门：上海市普陀区财政局 on a budget's cover
        mu = COVER_UNIT.match("".join(b.text.split())) if b.kind == "paragraph" else None
        if mu:
            rep.unit = mu.group(1)
            break
    if not rep.unit:
        for b in blocks[:30]:
            for c in (b.cells() if b.kind == "table" else []):
                mu = UNIT_RE.fullmatch(c.text.strip())
                if mu:
                    rep.unit = mu.group(1)
                    break
            if rep.unit:
                break
    if rep.fiscal_year is None:
        counts: dict[int, int] = {}
        for b in blocks:
            texts = [c.text for c in b.cells()] if b.kind == "table" else [b.text]
            for t in texts:
                for y in YEAR_RE.findall(t):
                    counts[int(y)] = counts.get(int(y), 0) + 1
        if counts:
            rep.fiscal_year = max(counts, key=lambda y: (counts[y], -y))


def build_sections(blocks: list[Block]) -> Section:
    root = Section(None)
    stack: list[Section] = [root]
    for b in blocks:
        if b.kind == "heading":
            lvl = b.level or 1
            while len(stack) > 1 and (stack[-1].heading.level or 1) >= lvl:
                stack.pop()
            sec = Section(b, parent=stack[-1])
            stack[-1].children.append(sec)
            stack.append(sec)
        else:
            stack[-1].blocks.append(b)
    return root
