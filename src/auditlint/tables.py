"""Table understanding (表格理解): what each row and column of a budget table means.

A table block as read is a list of rows of cell texts.  Real exporters print
budget tables in ways a naive reading gets wrong (issue: real-world tables):

- the 科目编码 in three cells, 类 | 款 | 项 ("201 | 06 | 01"), or as "201 06 01":
  joined into one code 2010601 whose length gives its level (类 3, 款 5, 项 7);
- merged cells: a 合计 row or a header row has fewer cells than a data row, the
  merged cell standing on the left (合计 over 类/款/项/科目名称), so a narrower row
  is aligned to the right;
- two tables side by side (经济分类科目编码 | 科目名称 | 决算数 printed twice): read
  as the left group followed by the right group;
- a table continued over pages, with its header repeated or not: one table;
- the amount unit in the caption lines above the table (单位：元 / 单位：万元).

**A table rule fires only where the table was understood** (design principle):
every amount column it compares has a header name, no code is read as an
amount, and the table's own hierarchy mostly reconciles.  Where a table is not
understood, ``TableFacts.why`` says why and no table rule reports on it;
``auditlint facts`` prints the reason.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .numbers import total

CODE_RE = re.compile(r"^\d{3}(?:\d{2}(?:\d{2})?)?$")  # 类 201 / 款 20106 / 项 2010601
SPACED_CODE = re.compile(r"^\d{3}(?:[\s　]+\d{2}){1,2}$")  # "201 06 01" in one cell
CODE_PART = re.compile(r"^\d{2}$")  # the 款 or 项 part in a cell of its own
HAS_DIGIT = re.compile("[0-9０-９]")
TOTAL_LABEL = re.compile(r"^(?:合计|总计|小计|收入总计|支出总计|本年收入合计|本年支出合计)$")
CODE_LEVEL_WORDS = {"类", "款", "项"}
# header words of code, name and numbering columns: a column so named holding figures
# means the header was aligned wrongly (or the figures are not amounts)
NOT_AMOUNT_HEADER = re.compile(r"编码|代码|名称|^项目$|^序号$|^科目$|功能分类|经济分类|^部门[:：]|^单位[:：]|单位[:：]")
UNIT_RE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元|千元|亿元)")
# a caption ends in 表, maybe with its number (表一), or with a qualifier in brackets
# (…基本支出明细表（按支出功能分类科目）)
CAPTION_RE = re.compile(r"表[一二三四五六七八九十\d]*(?:[（(][^（）()]{1,20}[）)])?$|表[（(]续[）)]$|续表$")
# what is left of a caption without its number and table words: empty for a bare "表7"
CAPTION_WORDS = re.compile(r"[^表续（）()\d一二三四五六七八九十、.．:：\s]")
CONTINUED_RE = re.compile(r"^[（(]?续表?[）)]?$|^续[：:]")
# the fund and the part a table covers, from its caption: two tables compare only
# when both are the same (a 财政拨款 table and an all-funds table legitimately differ)
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款", "财政专户")
PARTS = ("基本支出", "项目支出", "三公", "机关运行", "政府采购")
# mostly-reconciling: below this share of sub-total checks passing, the table is
# taken as misread and no table rule reports on it
MIN_RECONCILED = 0.75
MIN_CHECKS_FOR_TRUST = 4
CAPTION_LOOKBACK = 4  # blocks above a table searched for its caption and unit
MIN_SPLIT_CODES = 3  # rows with codes split in 类 | 款 | 项 cells that make a table print its codes so


@dataclass
class TableRow:
    code: Optional[str]  # 201 / 20106 / 2010601, joined from split cells
    label: str
    values: list  # (column index in the table's grid, Figure, Where) for numeric cells
    row: int
    where: object  # Where of the row's first cell
    cells_text: list = field(default_factory=list)  # whitespace-free text of every cell, grid-aligned
    cells_where: list = field(default_factory=list)  # Where of every cell (None left of a merged cell)
    broken_code: str = ""  # 类 | 款 | 项 cells that form no code ("7 | 11 | 02" for 210 11 02)


@dataclass
class TableFacts:
    block: int
    header: list  # rows of header texts
    rows: list  # TableRow
    total_rows: list  # TableRow labelled 合计/总计
    where: object
    ncols: int
    caption: str = ""  # 收入支出决算总表
    unit: str = ""  # 元 | 万元 | '' (not stated)
    columns: dict = field(default_factory=dict)  # amount column index -> header name
    why: str = ""  # why the table is not understood ('' = understood)
    blocks: list = field(default_factory=list)  # the table blocks stitched into this table

    @property
    def understood(self) -> bool:
        return not self.why

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        coded = sum(1 for r in self.rows if r.code)
        cols = "、".join(self.columns[c] for c in sorted(self.columns))
        state = L("table_understood") if self.understood else L("table_not_checked", why=self.why)
        return self.where, L("fact_table"), L(
            "table_summary", caption=self.caption or L("no_caption"), unit=self.unit or L("unit_unknown"),
            parts=len(self.blocks), rows=len(self.rows), coded=coded, totals=len(self.total_rows), cols=cols or "-",
            state=state)

    @property
    def scope(self) -> tuple:
        """(fund, part, side) named by the caption.  The side (收入 / 支出) counts
        only in final accounts (决算): there income and spending of a 科目 differ
        by the carry-over (结转结余), while a budget plans them equal."""
        fund = next((f for f in FUNDS if f in self.caption), "")
        part = next((p for p in PARTS if p in self.caption), "")
        side = ""
        if "决算" in self.caption:
            side = "收支" if "收入支出" in self.caption else "收入" if "收入" in self.caption else \
                "支出" if "支出" in self.caption else ""
        return fund, part, side

    @property
    def named(self) -> bool:
        """Does the caption say what the table holds (not only "表7")?"""
        return bool(CAPTION_WORDS.search(self.caption))

    def column_name(self, ci: int) -> str:
        return self.columns.get(ci, f"第{ci + 1}列")


def _squash(s: str) -> str:
    return "".join(s.split())


# ---------------------------------------------------------------- rows

def _row_code(raw: list[str], texts: list[str]) -> tuple[Optional[str], set]:
    """The row's 科目编码 and the cells that hold it (joined from 类 | 款 | 项 cells)."""
    for i in range(min(3, len(texts))):
        t = texts[i]
        if SPACED_CODE.match(raw[i].strip()):
            return t, {i}
        if not CODE_RE.match(t):
            if t and not CODE_PART.match(t):
                return None, set()
            continue
        code, cells = t, {i}
        if len(t) == 3:
            # 201 | 06 | 01, or 201 | (blank) | (blank) for a 类 row: the cells after a
            # 类 code that are blank or two digits belong to the code, up to the name
            j = i + 1
            while j < len(texts) and j <= i + 2 and (texts[j] == "" or CODE_PART.match(texts[j])):
                j += 1
            if j < len(texts) and texts[j] and not HAS_DIGIT.search(texts[j]) and j > i + 1:
                parts = [texts[k] for k in range(i + 1, j) if texts[k]]
                if all(CODE_PART.match(p) for p in parts) and (not parts or texts[i + 1]):
                    code = t + "".join(parts)
                    cells = set(range(i, j))
        return code, cells
    return None, set()


def _read_rows(block, items_for, where_cls):
    """Rows of a table block -> (header rows, data rows as TableRow, width)."""
    raw = [[c.text for c in row] for row in block.rows]
    texts = [[_squash(t) for t in row] for row in raw]
    codes = [_row_code(raw[r], texts[r]) for r in range(len(texts))]
    coded_widths = [len(texts[r]) for r in range(len(texts)) if codes[r][0]]
    widths = coded_widths or [len(t) for t in texts if any(HAS_DIGIT.search(x) for x in t)]
    width = Counter(widths).most_common(1)[0][0] if widths else max((len(t) for t in texts), default=0)
    header, rows = [], []
    data_started = False
    split_codes = sum(1 for c, cells in codes if c and len(cells) > 1)
    for r, row in enumerate(block.rows):
        code, code_cells = codes[r]
        broken = ""
        t = texts[r]
        if code is None and split_codes >= MIN_SPLIT_CODES and len(t) >= 3 and t[0].isdigit() and len(t[0]) < 3 \
                and CODE_PART.match(t[1]) and (not t[2] or CODE_PART.match(t[2])):
            # a table printing its codes as 类 | 款 | 项: a row whose 类 cell is no 3-digit class
            broken, code_cells = " ".join(x for x in t[:3] if x), {0, 1, 2}
        shift = max(0, width - len(row))  # a narrower row's merged cell stands on the left
        values, label = [], ""
        grid_texts = [""] * shift + texts[r]
        for ci, c in enumerate(row):
            t = texts[r][ci]
            if not t or ci in code_cells:
                continue
            if not HAS_DIGIT.search(t):  # a label: it cannot hold a unit-less figure
                # the row's label: its first text cell, but 合计 wins over 类/款/项 header words
                # ("类 | 款 | 项 | 合计 | 2,940.05 …"), and once found it stays
                if not TOTAL_LABEL.match(label) and (TOTAL_LABEL.match(t) or not label or label in CODE_LEVEL_WORDS):
                    label = t
                continue
            its = items_for(c.text)
            figs = [x for x in its if x.kind == "fig"]
            if len(figs) == 1 and len([x for x in its if x.kind != "punct"]) == 1 and figs[0].fig.unit == "":
                f = figs[0].fig
                values.append((ci + shift, f, where_cls(c.source, figs[0].start, figs[0].end, block.index)))
            elif not label and not re.fullmatch(r"[\d.,]+", t):
                label = t
        if not code and _column_numbers(values):
            header.append(texts[r])  # the 栏次 row (** | 1 | 2 | 3): column numbers, not data
            continue
        tr = TableRow(code, label, values, r, where_cls(row[0].source, 0, len(row[0].text), block.index),
                      grid_texts, [None] * shift + [where_cls(c.source, 0, len(c.text), block.index) for c in row],
                      broken)
        if code or values:
            data_started = data_started or bool(code) or bool(values)
            rows.append(tr)
        elif not data_started:
            header.append(texts[r])
    return header, rows, width


def _column_numbers(values: list) -> bool:
    """Are a row's figures the column numbers 1, 2, 3 … of a 栏次 row?"""
    nums = [f for _ci, f, _w in values]
    return len(nums) >= 2 and all(f.decimals == 0 and f.value == k + nums[0].value for k, f in enumerate(nums)) \
        and nums[0].value in (1, 2)


def _align_header(hdr: list, width: int, lower: Optional[list], first_amount: int) -> dict:
    """Grid column -> header text for one header row.

    As wide as the data rows: one to one.  Narrower, above a full-width header
    row: each blank cell of the row below is one column under one cell of this
    row, each run of filled cells (小计 | 经费拨款 | …) is the span of one cell of
    this row, and the first cell covers the code and name columns (功能分类科目
    over 科目编码 | 科目名称).  Otherwise its merged cells stand on the left: aligned
    to the right."""
    if len(hdr) == width:
        return dict(enumerate(hdr))
    if lower is not None and len(hdr) >= 2:
        segments, k = [], first_amount
        while k < width:
            if lower[k]:
                j = k
                while j + 1 < width and lower[j + 1]:
                    j += 1
                segments.append(range(k, j + 1))
                k = j + 1
            else:
                segments.append(range(k, k + 1))
                k += 1
        if len(hdr) - 1 == len(segments):
            out = {ci: hdr[0] for ci in range(first_amount)}
            for t, seg in zip(hdr[1:], segments):
                out.update({ci: t for ci in seg})
            return out
    shift = width - len(hdr)
    return {k + shift: t for k, t in enumerate(hdr)}


def _column_names(header: list, width: int, value_cols: set) -> dict:
    """Amount column -> its header text: the lowest header row that names it."""
    names = {}
    first_amount = min(value_cols, default=0)
    full = [h if len(h) == width else None for h in header]
    for i, hdr in enumerate(header):
        if len(hdr) > width:
            continue
        lower = next((f for f in full[i + 1:] if f is not None), None)
        for ci, t in _align_header(hdr, width, lower, first_amount).items():
            if ci in value_cols and t and t not in CODE_LEVEL_WORDS and not HAS_DIGIT.search(t):
                names[ci] = t  # a lower row overrides a higher one: the most specific name
    return names


# ---------------------------------------------------------------- consistency

def hierarchy_checks(t: TableFacts):
    """Every 类 = Σ款 and 款 = Σ项 comparison a coded table offers:
    (parent row, column, stated Figure, Where, Σ interval, Σ value, children, agrees)."""
    coded = [r for r in t.rows if r.code]
    by_parent = {}  # a code two digits longer than its parent's, in table order: linear, not rows²
    for r in coded:
        by_parent.setdefault(r.code[:-2], []).append(r)
    for parent in coded:
        if len(parent.code) >= 7:
            continue
        kids = by_parent.get(parent.code, [])
        if not kids:
            continue
        kid_vals = [{ci: (f, w) for ci, f, w in k.values} for k in kids]
        for ci, f, w in parent.values:
            vals = [kv[ci][0] for kv in kid_vals if ci in kv]
            if not vals:
                continue
            s_iv = total(v.interval for v in vals)
            yield parent, ci, f, w, s_iv, sum(v.value for v in vals), kids, s_iv.meets(f.interval)


def total_row_checks(t: TableFacts):
    """Every 合计 row cell against the sum of the top-level coded rows above it:
    (total row, column, stated Figure, Where, Σ interval, Σ value, agrees)."""
    top = [r for r in t.rows if r.code and len(r.code) == 3]
    if len(top) < 2:
        return
    top_vals = [{ci: f for ci, f, _w in r.values} for r in top]
    for tot in t.total_rows:
        for ci, f, w in tot.values:
            present = [tv[ci] for tv in top_vals if ci in tv]
            if len(present) < 2:
                continue
            s_iv = total(v.interval for v in present)
            yield tot, ci, f, w, s_iv, sum(v.value for v in present), s_iv.meets(f.interval)


def _judge(t: TableFacts) -> str:
    """Why the table is not understood, or '' when it is."""
    value_cols = sorted({ci for r in t.rows for ci, _f, _w in r.values})
    if not value_cols:
        return "表中没有金额列"
    unnamed = [ci for ci in value_cols if ci not in t.columns or NOT_AMOUNT_HEADER.search(t.columns[ci])]
    if unnamed:
        return "表头未识别（" + "、".join(f"第{ci + 1}列" for ci in unnamed) + "没有列名）"
    checks = [c[-1] for c in hierarchy_checks(t)] + [c[-1] for c in total_row_checks(t)]
    if len(checks) >= MIN_CHECKS_FOR_TRUST and sum(checks) < MIN_RECONCILED * len(checks):
        return f"表内多数小计对不平（{len(checks) - sum(checks)}/{len(checks)}），可能没有读对表的结构"
    return ""


# ---------------------------------------------------------------- side by side

def _side_by_side(block) -> Optional[int]:
    """Two tables printed side by side: the header row is one sequence of k
    cells printed twice (经济分类科目编码 | 科目名称 | 决算数 | 经济分类科目编码 | …).
    Returns k, or None."""
    if not block.rows:
        return None
    hdr = [_squash(c.text) for c in block.rows[0]]
    n = len(hdr)
    if n >= 4 and n % 2 == 0 and hdr[: n // 2] == hdr[n // 2:] and any(hdr):
        return n // 2
    return None


def _split_side_by_side(block, k: int):
    """The left group of columns, then the right group, as one table block."""
    from .model import Block

    left, right, closing = [], [], []
    for row in block.rows:
        m = len(row) // 2
        if len(row) == 2 * k:
            left.append(row[:k])
            if any(c.text.strip() for c in row[k:]):
                right.append(row[k:])
        elif len(row) % 2 == 0 and m < k and not HAS_DIGIT.search(row[0].text) and not HAS_DIGIT.search(row[m].text):
            # a closing row with merged cells on both sides (人员经费合计 | 4884.09 | 公用经费合计 | 480.66):
            # each half closes its own group
            left.append(row[:m])
            closing.append(row[m:])
        else:
            left.append(row)
    return Block("table", block.source, index=block.index, rows=left + right[1:] + closing)


# ---------------------------------------------------------------- captions

def _caption(blocks: list, pos: int) -> tuple[str, str, bool]:
    """(caption, unit, continued) from the lines above the table at ``pos``:
    the nearest line naming a table (…表), the unit (单位：元), and whether the
    table says it continues the one before (续表) or nothing stands between."""
    caption = unit = ""
    continued = pos > 0 and blocks[pos - 1].kind == "table"
    for b in reversed(blocks[max(0, pos - CAPTION_LOOKBACK):pos]):
        if b.kind == "table":
            break
        t = _squash(b.text)
        m = UNIT_RE.search(t)
        if m and not unit:
            unit = m.group(1)
        if CONTINUED_RE.match(t):
            continued = True
            continue
        head = UNIT_RE.split(t)[0] if m else t
        head = re.sub(r"编制(?:部门|单位)[:：].*$", "", head)
        if not caption and head and len(head) <= 40 and CAPTION_RE.search(head):
            caption = head
    return caption, unit, continued


def _caption_key(caption: str) -> str:
    """A caption without its continuation marks: 表7（续） and 表7 are one table's."""
    return re.sub(r"[（(]续[）)]|续表|（续表）", "", caption or "")


# ---------------------------------------------------------------- driver

def read_tables(blocks: list, items_for, where_cls) -> list[TableFacts]:
    """The tables of a report, stitched over page breaks and judged."""
    out: list[TableFacts] = []
    for pos, b in enumerate(blocks):
        if b.kind != "table":
            continue
        k = _side_by_side(b)
        src_block = _split_side_by_side(b, k) if k else b
        header, rows, width = _read_rows(src_block, items_for, where_cls)
        caption, unit, continued = _caption(blocks, pos)
        prev = out[-1] if out else None
        repeated = prev is not None and bool(caption) and _caption_key(caption) == _caption_key(prev.caption)
        if prev is not None and (continued and not caption or repeated) and width == prev.ncols:
            # a continuation (nothing between, 续表, or its caption printed again on the next
            # page): a repeated header adds nothing; the rows go on
            prev.rows.extend(rows)
            prev.total_rows.extend(r for r in rows if TOTAL_LABEL.match(r.label))
            prev.blocks.append(b.index)
            prev.unit = prev.unit or unit
            prev.why = _judge(prev)
            continue
        value_cols = {ci for r in rows for ci, _f, _w in r.values}
        t = TableFacts(b.index, header, rows, [r for r in rows if TOTAL_LABEL.match(r.label)],
                       where_cls(b.source, 0, len(b.source.text), b.index), width,
                       caption=caption, unit=unit, columns=_column_names(header, width, value_cols),
                       blocks=[b.index])
        t.why = _judge(t)
        out.append(t)
    return out
