"""Test data: one 项目支出绩效自评表 (the layout of 财预〔2020〕10号 附件) written as
DOCX, XLSX, XLS and HTML, with the same merged cells in each.

The form carries real mistakes of the kind the corpus reports make: its
conclusion gives 94 of 114 万元 as 85.5 % (82.5 %) and the grade 良 for a
score of 90.5 (优); its item scores add up to 87.5 against the 总分 90.5 and one
执行率 disagrees with its amounts (94 / 100 stated as 95.00%), which auditlint
does not check in a form's grid yet.
Figures are stored as numbers with a number format in the workbooks (so the
reader must render 0.95 as "95.00%"), as text in the DOCX and HTML.
"""
from __future__ import annotations

import io

COLS = 8
P2 = "0.00%"
N2 = "#,##0.00"

TITLE = "中路铺镇农村人居环境整治项目支出绩效自评表"
SUBTITLE = "（2024年度）"
# rows of the grid: a cell is a str, a (number, format) pair, or None (covered by a merge)
GRID = [
    ["项目名称", "中路铺镇农村人居环境整治项目", None, None, None, None, None, None],
    ["主管部门", "湘潭县农业农村局", None, None, "实施单位", "湘潭县中路铺镇人民政府", None, None],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", (120, N2), (120, N2), (114, N2), (10, "0"), (0.95, P2), (9.5, "0.0")],
    [None, "其中：当年财政拨款", (100, N2), (100, N2), (94, N2), "—", (0.95, P2), "—"],
    [None, "上年结转资金", (20, N2), (20, N2), (20, N2), "—", (1, P2), "—"],
    ["年度总体目标", "预期目标", None, None, "实际完成情况", None, None, None],
    [None, "完成12个村的人居环境整治，改善农村生活环境。", None, None,
     "完成12个村的人居环境整治，验收合格11个村。", None, None, None],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    [None, "产出指标", "数量指标", "整治村庄数", "12个", "12个", (20, "0"), (20, "0")],
    [None, None, "质量指标", "验收合格率", "100%", "91.67%", (20, "0"), (18, "0")],
    [None, None, "时效指标", "按时完成率", "100%", "100%", (10, "0"), (10, "0")],
    [None, "效益指标", "社会效益指标", "群众满意度", "≥90%", "95%", (30, "0"), (30, "0")],
    ["总分", None, None, None, None, None, (100, "0"), (90.5, "0.0")],
    ["自评结论", "本项目全年执行数114.00万元，其中当年财政拨款94.00万元，占85.5%。自评得分90.5分，评价等级：良。",
     None, None, None, None, None, None],
]
# merged ranges (r0, c0, r1, c1), 0-based and inclusive, in GRID coordinates
MERGES = [
    (0, 1, 0, 7), (1, 1, 1, 3), (1, 5, 1, 7),
    (2, 0, 5, 0),
    (6, 0, 7, 0), (6, 1, 6, 3), (6, 4, 6, 7), (7, 1, 7, 3), (7, 4, 7, 7),
    (8, 0, 12, 0), (9, 1, 11, 1),
    (13, 0, 13, 5), (14, 1, 14, 7),
]
NOTE = "填表人：李喆　　联系电话：0731-57000000　　填报日期：2025年3月10日"


def shown(cell) -> str:
    from auditlint.read.numfmt import display

    if cell is None:
        return ""
    if isinstance(cell, tuple):
        return display(*cell)
    return cell


def _covered():
    cov = {}
    for r0, c0, r1, c1 in MERGES:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    cov[(r, c)] = (r0, c0)
    return cov


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(SUBTITLE)
    t = d.add_table(rows=len(GRID), cols=COLS)
    for r, row in enumerate(GRID):
        for c, cell in enumerate(row):
            if cell is not None:
                t.cell(r, c).text = shown(cell)
    for r0, c0, r1, c1 in MERGES:
        keep = t.cell(r0, c0).text
        t.cell(r0, c0).merge(t.cell(r1, c1))
        t.cell(r0, c0).text = keep  # merging joins the texts of the cells: keep the top-left one
    d.add_paragraph(NOTE)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes(offset_row: int = 2, offset_col: int = 1, formulas: bool = False) -> bytes:
    """The form on a sheet starting at row 1 (title), the grid from row 4, column B
    (a blank margin column A, as many templates have)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.cell(1, 1 + offset_col, TITLE)
    ws.merge_cells(start_row=1, start_column=1 + offset_col, end_row=1, end_column=COLS + offset_col)
    ws.cell(2, 1 + offset_col, SUBTITLE)
    ws.merge_cells(start_row=2, start_column=1 + offset_col, end_row=2, end_column=COLS + offset_col)
    top = 2 + offset_row  # the grid's first row
    for r, row in enumerate(GRID):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            x = ws.cell(top + r, 1 + offset_col + c)
            if isinstance(cell, tuple):
                x.value, x.number_format = cell
            else:
                x.value = cell
    if formulas:
        # the 总分 written as a formula whose value was never computed (no Excel ran)
        ws.cell(top + 13, 1 + offset_col + 7).value = "=SUM(I7,I13:I16)"
    for r0, c0, r1, c1 in MERGES:
        ws.merge_cells(start_row=top + r0, start_column=1 + offset_col + c0,
                       end_row=top + r1, end_column=1 + offset_col + c1)
    ws.cell(top + len(GRID) + 1, 1 + offset_col, NOTE)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_bytes() -> bytes:
    import xlwt  # BSD; test only

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("自评表")
    styles = {}

    def style(fmt):
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt)
        return styles[fmt]

    ws.write_merge(0, 0, 1, COLS, TITLE)
    ws.write_merge(1, 1, 1, COLS, SUBTITLE)
    top = 3
    cov = _covered()
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in MERGES}
    for r, row in enumerate(GRID):
        for c, cell in enumerate(row):
            if (r, c) in cov:
                continue
            value, st = (cell if isinstance(cell, tuple) else (cell or "", None))
            args = (value, style(st)) if st else (value,)
            if (r, c) in starts:
                r1, c1 = starts[(r, c)]
                ws.write_merge(top + r, top + r1, 1 + c, 1 + c1, *args)
            else:
                ws.write(top + r, 1 + c, *args)
    ws.write(top + len(GRID) + 1, 1, NOTE)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def html_bytes(encoding: str = "utf-8", charset: str = "utf-8") -> bytes:
    """A saved web page: site navigation around the article, the form as an HTML table
    with rowspan/colspan."""
    import html as H

    cov = _covered()
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in MERGES}
    rows = []
    for r, row in enumerate(GRID):
        tds = []
        for c, cell in enumerate(row):
            if (r, c) in cov:
                continue
            span = ""
            if (r, c) in starts:
                r1, c1 = starts[(r, c)]
                span = (f' rowspan="{r1 - r + 1}"' if r1 > r else "") + (f' colspan="{c1 - c + 1}"' if c1 > c else "")
            tds.append(f"<td{span}>{H.escape(shown(cell))}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    page = (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{TITLE}_湘潭县人民政府</title></head><body>"
            '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 财政资金</div>'
            '<div class="article"><h1>' + TITLE + "</h1><p>" + SUBTITLE + "</p>"
            '<table border="1">' + "".join(rows) + "</table><p>" + NOTE + "</p></div>"
            '<div class="footer">主办：湘潭县人民政府办公室　　技术支持：某某网络公司</div></body></html>')
    return page.encode(encoding)


def docx_as_web_page(path: str, encoding: str = "utf-8", charset: str = "utf-8") -> bytes:
    """A report DOCX as a government site publishes it: its paragraphs (Heading N -> hN,
    the rest -> p) and tables (Word's merged cells -> colspan / rowspan) inside the
    site's header, navigation and footer."""
    import html as H

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(path)
    out = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, d)
            text = H.escape(p.text)
            style = p.style.name if p.style is not None else ""
            if style.startswith("Heading") and style[-1].isdigit():
                n = int(style[-1])
                out.append(f"<h{n}>{text}</h{n}>")
            elif text.strip():
                out.append(f'<p style="text-indent:2em">{text}</p>')
        elif tag == "tbl":
            t = Table(child, d)
            rows = []
            above = {}  # column -> the cell element seen in the row above
            spans = {}  # id(tc) -> [td html pieces index, rowspan]
            html_rows = []
            for r in t.rows:
                tds = []
                seen = set()
                for ci, c in enumerate(r.cells):
                    if id(c._tc) in seen:
                        continue
                    seen.add(id(c._tc))
                    if above.get(ci) is c._tc:
                        spans[id(c._tc)][1] += 1  # merged down: the cell above spans this row
                        continue
                    above[ci] = c._tc
                    width = sum(1 for x in r.cells if x._tc is c._tc)
                    cell = [f"<td{' colspan=%d' % width if width > 1 else ''}", 1,
                            ">" + "<br>".join(H.escape(p.text) for p in c.paragraphs) + "</td>"]
                    spans[id(c._tc)] = cell
                    tds.append(cell)
                html_rows.append(tds)
            for tds in html_rows:
                rows.append("<tr>" + "".join(
                    c[0] + (f' rowspan="{c[1]}"' if c[1] > 1 else "") + c[2] for c in tds) + "</tr>")
            out.append('<table border="1" cellspacing="0">' + "".join(rows) + "</table>")
    page = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            "<title>绩效评价报告_湘潭县人民政府门户网站</title><script>var x = '一、不是标题';</script></head><body>"
            '<div class="header">湘潭县人民政府门户网站</div>'
            '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>'
            '<li><a href="/bsfw">办事服务</a></li></ul></div>'
            '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 财政信息</div>'
            '<div class="main"><div class="left"><a href="/a">通知公告</a><a href="/b">政策解读</a></div>'
            '<div class="content"><div class="info">发布时间：2025-04-30　来源：县财政局　浏览次数：125</div>'
            '<div class="TRS_Editor">' + "\n".join(out) + "</div></div></div>"
            '<div class="footer">主办：湘潭县人民政府办公室　网站标识码：4303210001　湘ICP备05000001号</div>'
            "</body></html>")
    return page.encode(encoding, errors="xmlcharrefreplace")


def corpus_tables(path: str) -> list[tuple[str, list[list[str]]]]:
    """The tables of a report DOCX with the paragraph printed above each (its caption),
    cells as the Word reader gives them (merged across: once; merged down: repeated)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(path)
    out, last = [], ""
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, d).text.strip()
            if text:
                last = text
        elif tag == "tbl":
            rows = []
            for r in Table(child, d).rows:
                seen, cells = set(), []
                for c in r.cells:
                    if id(c._tc) not in seen:
                        seen.add(id(c._tc))
                        cells.append("\n".join(p.text for p in c.paragraphs))
                rows.append(cells)
            out.append((last, rows))
    return out


def _as_number(text: str):
    """A figure cell as a workbook stores it: the number and its display format."""
    import re

    t = text.strip()
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+\.\d+", t):
        decimals = len(t.partition(".")[2])
        fmt = ("#,##0" if "," in t else "0") + ("." + "0" * decimals if decimals else "")
        return float(t.replace(",", "")), fmt
    return None


def tables_docx(tables) -> bytes:
    import docx

    d = docx.Document()
    for caption, rows in tables:
        d.add_paragraph(caption)
        width = max(len(r) for r in rows)
        t = d.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
            if len(row) < width:  # a row narrower than the table: its last cell spans the rest
                keep = t.cell(r, len(row) - 1).text
                t.cell(r, len(row) - 1).merge(t.cell(r, width - 1))
                t.cell(r, len(row) - 1).text = keep
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def tables_xlsx(tables) -> bytes:
    """One sheet per table: the caption merged across the top row, figures stored as numbers
    with a number format (so the reader must render them back), a narrower row's last
    cell merged to the table's width as in the DOCX."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, (caption, rows) in enumerate(tables):
        ws = wb.create_sheet(f"表{i + 1}")
        width = max(len(r) for r in rows)
        ws.cell(1, 1, caption)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        for r, row in enumerate(rows, start=3):
            for c, text in enumerate(row, start=1):
                num = _as_number(text)
                cell = ws.cell(r, c)
                if num:
                    cell.value, cell.number_format = num
                elif text:
                    cell.value = text
            if len(row) < width:
                ws.merge_cells(start_row=r, start_column=len(row), end_row=r, end_column=width)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tables_xls(tables) -> bytes:
    """tables_xlsx's workbook as an Excel 97-2003 file (xlwt)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    styles = {}
    for i, (caption, rows) in enumerate(tables):
        ws = wb.add_sheet(f"表{i + 1}")
        width = max(len(r) for r in rows)
        ws.write_merge(0, 0, 0, width - 1, caption)
        for r, row in enumerate(rows, start=2):
            for c, text in enumerate(row):
                num = _as_number(text)
                last = c == len(row) - 1 and len(row) < width
                if num:
                    st = styles.setdefault(num[1], xlwt.easyxf(num_format_str=num[1]))
                    args = (num[0], st)
                else:
                    args = (text,)
                if last:
                    ws.write_merge(r, r, c, width - 1, *args)
                else:
                    ws.write(r, c, *args)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
