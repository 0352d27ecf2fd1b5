"""Excel workbooks: .xlsx (openpyxl, MIT) and .xls / WPS .et (xlrd, BSD).

A township's 项目支出绩效自评表 is often an Excel sheet.  Each visible sheet
becomes, in reading order:

- its title rows (the rows above the grid holding one text, such as a title
  merged across the sheet, 填报单位 …) as paragraphs;
- the grid (from the first row with two or more cells on) as one table;
- the rows under the grid holding one text (填表人, notes) as paragraphs.

Merged cells come out as the Word reader gives them, so the table checks apply
unchanged: a range merged across columns is one cell of its row; a range merged
down rows repeats its value in every row it covers (each copy points at the
range's top-left cell).  Columns and rows empty throughout are left out.

Cell values are what the spreadsheet displays: the number format applies
(``0.00%`` -> ``95.00%``, thousands separators, dates; see ``numfmt``), so a
stated figure's precision is the displayed one.

Positions: **page = the sheet's number (1-based, in workbook order), line =
the row, column = the column (A = 1)**; every character of a cell points at
that cell.  A finding at ``p2:12:5`` is on sheet 2, cell E12.

Problems reported (AL0xx, never an exception):
- a formula saved without its computed value (a file written by a program
  that never ran Excel's calculation): AL012, listing the cells; they read as
  empty and their figures are not checked;
- a sheet over ``MAX_CELLS`` cells: AL009, only its first rows are read;
- a workbook whose parts expand to an implausible size (zip bomb): AL009;
- a damaged or unreadable workbook: AL004; an encrypted .xls: AL005.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Optional

from ..model import Segment, SourceText
from .numfmt import display
from .raw import RawParagraph, RawTable, ReadResult, _problem, limited_sheets, open_package

MAX_CELLS = 50_000  # cells read per sheet; a 自评表 holds a few hundred, a 决算 sheet some thousands
MAX_XLS_BYTES = 64 * 2**20  # an .xls is loaded whole by xlrd: 10**6 cells are about 8 MB
MAX_SHEET_BYTES = 64 * 2**20  # a sheet's XML, uncompressed (the package's limits: raw.open_package)
FORMULAS_LISTED = 5


@dataclass
class Grid:
    """One sheet as read: displayed text by (row, col), merged ranges, problems."""

    name: str
    number: int  # 1-based sheet number
    cells: dict = field(default_factory=dict)  # (row, col) -> str, 1-based
    merges: list = field(default_factory=list)  # (r0, c0, r1, c1) inclusive, 1-based
    uncached: list = field(default_factory=list)  # (cell ref, formula text)
    truncated_at: Optional[int] = None  # the last row read when the sheet was over MAX_CELLS


def _col_letter(c: int) -> str:
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell_source(text: str, sheet: int, row: int, col: int) -> SourceText:
    # every character points at its cell: column is the sheet's column, not an offset into a line
    return SourceText(text, [Segment(i, sheet, row, col) for i in range(max(1, len(text)))])


def _fill(grid: Grid, rows, more_after) -> None:
    """The displayed cells of a sheet into ``grid``.  ``rows``: (row number, [(column,
    text)] of its non-empty cells) in order, 1-based, produced lazily; reading stops
    after the row where MAX_CELLS cells have been seen if ``more_after(row)`` says the
    sheet goes on (``grid.truncated_at`` is then that row).  Both workbook readers."""
    seen = 0
    for r, cells in rows:
        for c, text in cells:
            seen += 1
            if text:
                grid.cells[(r, c)] = text
        if seen >= MAX_CELLS and more_after(r):
            grid.truncated_at = r
            return


def grid_items(grid: Grid) -> list:
    """A sheet's title rows, grid and trailing rows as raw items (see the module docstring)."""
    if not grid.cells:
        return []
    top = {}  # (r, c) inside a merge -> its top-left (r0, c0)
    for r0, c0, r1, c1 in grid.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                top[(r, c)] = (r0, c0)
    rows: dict = {}
    for (r, c), text in grid.cells.items():
        if text.strip():
            rows.setdefault(r, set()).add(c)
    for (r, c), (r0, c0) in top.items():
        if grid.cells.get((r0, c0), "").strip():
            rows.setdefault(r, set()).add(c)
    if not rows:
        return []

    def distinct(r):  # the texts of row r, a merged range counted once
        return {top.get((r, c), (r, c)) for c in rows[r]}

    order = sorted(rows)
    first = next((i for i, r in enumerate(order) if len(distinct(r)) >= 2), None)
    if first is None:
        head, body, tail = order, [], []
    else:
        last = max(i for i, r in enumerate(order) if len(distinct(r)) >= 2)
        head, body, tail = order[:first], order[first:last + 1], order[last + 1:]

    def paragraph(r):
        parts = []
        for c in sorted(rows[r]):
            r0, c0 = top.get((r, c), (r, c))
            if (r0, c0) == (r, c) or (r0 != r and c == c0):
                text = grid.cells.get((r0, c0), "").strip()
                if text:
                    parts.append(_cell_source(text, grid.number, r0, c0))
        return RawParagraph(SourceText.join(parts, "　"))

    items = [paragraph(r) for r in head]
    if body:
        cols = sorted({c for r in body for c in rows[r]})
        table = []
        for r in body:
            cells = []
            for c in cols:
                r0, c0 = top.get((r, c), (r, c))
                if c != c0 and c0 in cols:
                    continue  # merged across columns: one cell
                text = grid.cells.get((r0, c0), "")
                cells.append(_cell_source(text.strip(), grid.number, r0, c0))
            table.append(cells)
        items.append(RawTable(table, may_continue=False))
    items.extend(paragraph(r) for r in tail)
    return [it for it in items if not isinstance(it, RawParagraph) or it.source.text.strip()]


def _finish(res: ReadResult, grids: list, label: str) -> ReadResult:
    for g in grids:
        res.items.extend(grid_items(g))
        if g.uncached:
            refs = "、".join(f"{ref}（={f}）" if f else ref for ref, f in g.uncached[:FORMULAS_LISTED])
            more = f" 等 {len(g.uncached)} 个" if len(g.uncached) > FORMULAS_LISTED else ""
            refs_en = ", ".join(ref for ref, _ in g.uncached[:FORMULAS_LISTED])
            res.problems.append(_problem(
                "AL012",
                f"工作表“{g.name}”的公式没有保存计算结果：{refs}{more}；这些单元格按空白读取，其数字未检查。"
                "请在 Excel/WPS 中打开、重新计算并保存后再检查",
                f"sheet '{g.name}': formulas saved without their computed value ({refs_en}"
                f"{', …' if len(g.uncached) > FORMULAS_LISTED else ''}, {len(g.uncached)} in all); they read as empty "
                "and their figures were not checked. Open, recalculate and save the workbook in Excel/WPS",
                fatal=False, page=g.number))
        if g.truncated_at is not None:
            res.problems.append(_problem(
                "AL009",
                f"工作表“{g.name}”的单元格超过 {MAX_CELLS:,} 个，只读取了前 {g.truncated_at} 行",
                f"sheet '{g.name}' holds more than {MAX_CELLS:,} cells; only its first {g.truncated_at} rows were read",
                fatal=False, page=g.number))
    res.page_count = len(grids)
    if not res.items:
        res.problems.append(_problem("AL002", f"{label}中没有文字内容", f"the {label} holds no text"))
    return res


# ---------------------------------------------------------------- .xlsx

def _scan_sheet(zf: zipfile.ZipFile, part: str, grid: Grid) -> int:
    """Stream the sheet's XML: count cells (stop past MAX_CELLS), collect merged
    ranges and formulas without a cached value.  Returns the number of cells seen."""
    from lxml import etree

    from openpyxl.utils.cell import range_boundaries

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    n = 0
    with zf.open(part) as fh:
        for _ev, el in etree.iterparse(fh, events=("end",), tag=(ns + "c", ns + "mergeCell"),
                                       resolve_entities=False, no_network=True, huge_tree=False):
            if el.tag == ns + "c":
                n += 1
                f = el.find(ns + "f")
                if f is not None:
                    v = el.find(ns + "v")
                    if v is None or v.text is None or (v.text == "" and el.get("t") != "str"):
                        grid.uncached.append((el.get("r", "?"), (f.text or "").strip()))
                el.clear(keep_tail=False)
                if n > MAX_CELLS:
                    break
            else:
                try:
                    c0, r0, c1, r1 = range_boundaries(el.get("ref", ""))
                    grid.merges.append((r0, c0, r1, c1))
                except (ValueError, TypeError):
                    pass
                el.clear(keep_tail=False)
    return n


def read_xlsx(data: bytes, opts=None) -> ReadResult:
    res = ReadResult("xlsx")
    zf, problem = open_package(data, "Excel 文件", "the Excel file", inflate=True)
    if problem is not None:
        res.problems.append(problem)
        return res
    import openpyxl  # MIT

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad package
        res.problems.append(_problem(
            "AL004", f"Excel 文件无法解析（{type(exc).__name__}）：请在 Excel/WPS 中另存后重新检查",
            f"the Excel file cannot be parsed ({type(exc).__name__}): save it again from Excel/WPS"))
        return res
    grids = []
    try:
        for number in limited_sheets(res, len(wb.worksheets), opts):
            ws = wb.worksheets[number - 1]
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            part = getattr(ws, "_worksheet_path", None)
            grid = Grid(ws.title, number)
            grids.append(grid)
            if part is None:
                continue
            info = zf.getinfo(part)
            if info.file_size > MAX_SHEET_BYTES:
                grid.truncated_at = 0
                continue
            over = _scan_sheet(zf, part, grid) > MAX_CELLS
            ws.reset_dimensions()
            _fill(grid, ((r, [(c, display(cell.value, getattr(cell, "number_format", None)))
                              for c, cell in enumerate(row, start=1) if getattr(cell, "value", None) is not None])
                         for r, row in enumerate(ws._cells_by_row(1, 1, None, None), start=1)),
                  lambda _r: over)
            if over and grid.truncated_at is None:
                grid.truncated_at = max((r for r, _ in grid.cells), default=0)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        res.problems.append(_problem(
            "AL004", f"Excel 文件的工作表已损坏（{type(exc).__name__}）：请在 Excel/WPS 中另存后重新检查",
            f"a sheet of the Excel file is damaged ({type(exc).__name__}): save it again from Excel/WPS"))
        return res
    finally:
        wb.close()
    return _finish(res, grids, "Excel 文件")


# ---------------------------------------------------------------- .xls

def read_xls(data: bytes, opts=None) -> ReadResult:
    import xlrd  # BSD

    res = ReadResult("xls")
    if len(data) > MAX_XLS_BYTES:
        res.problems.append(_problem(
            "AL009", f"Excel 文件过大（{len(data) / 2**20:.0f} MB，上限 {MAX_XLS_BYTES // 2**20} MB），已拒绝读取",
            f"the Excel file is too large ({len(data) / 2**20:.0f} MB, limit {MAX_XLS_BYTES // 2**20} MB); not read"))
        return res
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())
    except xlrd.biffh.XLRDError as exc:
        msg = str(exc)
        if "encrypt" in msg.lower() or "password" in msg.lower():
            res.problems.append(_problem(
                "AL005", "Excel 文件已加密：请另存一份不加密的副本再检查",
                "the Excel file is encrypted: save an unprotected copy and check that"))
        else:
            res.problems.append(_problem(
                "AL004", f"Excel 文件无法解析（{msg}）：请在 Excel/WPS 中另存后重新检查",
                f"the Excel file cannot be parsed ({msg}): save it again from Excel/WPS"))
        return res
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds on a damaged file
        res.problems.append(_problem(
            "AL004", f"Excel 文件已损坏（{type(exc).__name__}）：请在 Excel/WPS 中另存后重新检查",
            f"the Excel file is damaged ({type(exc).__name__}): save it again from Excel/WPS"))
        return res
    grids = []
    try:
        for number in limited_sheets(res, book.nsheets, opts):
            sh = book.sheet_by_index(number - 1)
            if sh.visibility != 0:
                book.unload_sheet(number - 1)
                continue
            grid = Grid(sh.name, number)
            grids.append(grid)
            grid.merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
            empty = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
            _fill(grid, ((r + 1, [(c + 1, _xls_text(book, cell)) for c, cell in enumerate(sh.row(r))
                                  if cell.ctype not in empty])
                         for r in range(sh.nrows)),
                  lambda r: r < sh.nrows)
            book.unload_sheet(number - 1)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet
        res.problems.append(_problem(
            "AL004", f"Excel 文件的工作表已损坏（{type(exc).__name__}）：请在 Excel/WPS 中另存后重新检查",
            f"a sheet of the Excel file is damaged ({type(exc).__name__}): save it again from Excel/WPS"))
        return res
    finally:
        book.release_resources()
    return _finish(res, grids, "Excel 文件")


def _xls_text(book, cell) -> str:
    import xlrd

    fmt = None
    if cell.xf_index is not None and cell.xf_index < len(book.xf_list):
        f = book.format_map.get(book.xf_list[cell.xf_index].format_key)
        fmt = f.format_str if f is not None else None
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return display(cell.value, fmt)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return display(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), fmt)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return display(cell.value, None)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    return str(cell.value)
