"""Issue 2: every format reads into the same Document, with positions."""
from __future__ import annotations

import io
import re

import pytest

from auditlint.engine import check_file, load_document
from conftest import SEED, rendered

BUDGET_CELLS = {
    # (table index, code) -> the numeric cells of that row, as written
    (1, "201"): ["1827.5", "1027.53", "1027.53", "5", "794.97"],
    (1, "2010499"): ["274.97", "122.55", "122.55", "0", "152.42"],
    (2, "20104"): ["274.97", "185.97", "89"],
    (2, "2010499"): ["274.96", "185.96", "89"],
    (2, "2130104"): ["575.07", "444.07", "131"],
}


def _tables(doc):
    return [b for b in doc.blocks if b.kind == "table"]


def _row(table, code):
    for row in table.rows:
        texts = [c.text.replace(" ", "") for c in row]
        if code in texts[:3]:
            return [t for t in texts if t and t != code and all(ch in "0123456789." for ch in t)]
    return None


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_seed_003_heading_tree(fmt):
    path = SEED["003"] if fmt == "txt" else rendered("003", fmt)
    doc = load_document(path)
    (rep,) = doc.reports
    top = [s.heading for s in rep.root.children]
    assert [h.number for h in top] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [h.title for h in top] == ["工作概述", "部门基本情况", "绩效评价工作情况", "部门整体支出绩效情况分析",
                                      "主要经验及做法", "存在的主要问题", "改进措施和有关建议", "综合评价结论"]
    sec2 = rep.root.children[1]
    assert [c.heading.title for c in sec2.children] == ["机构设置及在职人员情况", "单位主要职责"]
    assert len(sec2.children[1].children) == 5  # 1. … 5. duties
    sec4 = rep.root.children[3]
    assert [c.heading.title for c in sec4.children] == ["预算安排及执行情况", "绩效指标情况分析"]
    assert [c.heading.title for c in sec4.children[0].children] == [
        "年初部门预算收支总表", "年初部门预算收入总表", "年初部门预算支出总表"]
    assert [c.heading.number for c in sec4.children[1].children] == [1, 2, 3, 4, 5]
    assert rep.fiscal_year == 2024 and rep.unit == "湘潭县中路铺镇人民政府"


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_seed_003_budget_tables_cells(fmt):
    path = SEED["003"] if fmt == "txt" else rendered("003", fmt)
    tables = _tables(load_document(path))
    assert len(tables) == 3
    for (ti, code), want in BUDGET_CELLS.items():
        assert _row(tables[ti], code) == want, (fmt, ti, code)
    # the 收支总表: both totals, and a row of each side
    flat = [[re.sub(r"\s", "", c.text) for c in r] for r in tables[0].rows]
    assert ["收入总计", "4988.65", "支出总计", "4988.65"] in flat
    assert any(r[:2] == ["四、上级补助收入", "2135.35"] for r in flat)


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_seed_000_rejoined_sentence_keeps_its_lines(fmt):
    path = SEED["000"] if fmt == "txt" else rendered("000", fmt)
    doc = load_document(path)
    want = "许可证 21 户（其中，食品经营单位 12 户、餐饮服务 5 户、食品生产加工小作坊 4 户）"
    hits = [b for b in doc.blocks if want in b.text]
    assert len(hits) == 1
    b = hits[0]
    if fmt == "txt":
        # the sentence is hard-wrapped over lines 514-515 of the file
        start = b.text.index(want)
        assert b.source.locate(start).line == 514
        k = b.text.index("户、食品生产加工小作坊")
        pos = b.source.locate(k)
        assert (pos.line, pos.column) == (515, 1)
        assert b.source.locate(start).column == 1


def test_seed_000_holds_three_reports(seed_docs):
    reps = seed_docs["000"].reports
    assert [r.unit for r in reps] == ["黔江区白土乡人民政府", "黔江区金洞乡人民政府", "黔江区邻鄂镇人民政府"]
    assert all(r.fiscal_year == 2023 for r in reps)


def test_page_break_does_not_cut_a_sentence(seed_docs):
    # seed 000 lines 46-50: "…有效化解沙塘路100余名民工" / 3 blank lines / "工资、165户…"
    texts = [b.text for b in seed_docs["000"].blocks]
    assert any("100余名民工工资、165户脱贫户" in t for t in texts)


def test_word_export_table_cells_join(seed_docs):
    form = [b for b in seed_docs["004"].blocks if b.kind == "table"][0]
    labels = [c.text for c in form.cells() if len(c.text) < 12]
    assert "部门概况" in labels and "绩效完成情况" in labels and "其他需要说明问题" in labels


def test_pdf_positions_are_page_and_line():
    doc = load_document(rendered("001", "pdf"))
    h = [b for b in doc.blocks if b.kind == "heading" and b.title == "需要重点关注的问题"][0]
    assert h.start.page == 4 and h.start.line >= 1
    assert doc.line_text(h.start.page, h.start.line).startswith("4、")



@pytest.mark.parametrize("engine", ["fast", "full"])
def test_pdf_table_cells_point_at_their_own_line_and_column(engine):
    """Seed 003's 收入支出决算总表, page 2 (the rendering's visual lines):
        18 项目 预算数 项目 预算数
        19 一、一般公共预算拨款 2753.3 一、本年支出 4988.65
        20 经费拨款 2753.3 （一）一般公共服务支出 1827.5
    A cell was once placed at the first line of the table holding its text,
    so 经费拨款's 2753.3 pointed at line 19 and the second 项目 at column 1.
    A cell is now looked for within its own row band, left to right."""
    doc = load_document(rendered("003", "pdf"), pdf_engine=engine)
    table = next(b for b in doc.blocks if b.kind == "table" and b.rows[0][0].text == "收入")
    where = {(r, c): (cell.source.segments[0].page, cell.source.segments[0].line, cell.source.segments[0].column)
             for r, row in enumerate(table.rows) for c, cell in enumerate(row)}
    assert [cell.text for cell in table.rows[3]] == ["经费拨款", "2753.3", "（一）一般公共服务支出", "1827.5"]
    assert where[(1, 2)][:2] == (2, 18)  # the second 项目
    assert where[(2, 1)][:2] == (2, 19)
    assert where[(3, 1)][:2] == (2, 20)  # not the 2753.3 of the line above
    assert where[(3, 3)][:2] == (2, 20)
    # and the column is the one the cell's text is printed at in that line (not counted
    # in the line without its spaces: columns were 1-3 characters off)
    for (r, c), (page, line, col) in where.items():
        text = table.rows[r][c].text
        if text:
            assert doc.line_text(page, line)[col - 1:].replace(" ", "").startswith(text[:4].replace(" ", "")), (r, c)
    assert where[(1, 2)][2] == 8 and where[(3, 3)][2] == 25
    # 一、 is not a line of its own: a cell's lines are the text layer's lines,
    # not jumps in glyph centres (、 sits low in its em box)
    assert len(table.rows[2][0].source.segments) == 1

# ------------------------------------------------------------ encodings

TEXT = "一、基本情况\n收入合计3402.07万元，其中：基本支出2207.79万元，占64.9%；项目支出1194.27万元，占35.1%。\n"


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""),
                                             ("gbk", b""), ("utf-16", b"")])
def test_encodings_are_detected(encoding, prefix):
    data = prefix + TEXT.encode(encoding)
    doc = load_document("report.txt", data)
    assert doc.blocks[0].title == "基本情况"
    assert "3402.07万元" in doc.blocks[1].text


def test_crlf_and_mixed_line_endings():
    data = TEXT.replace("\n", "\r\n").encode("utf-8") + "二、问题\r三、建议\n".encode("utf-8")
    doc = load_document("report.txt", data)
    assert [b.title for b in doc.blocks if b.kind == "heading"] == ["基本情况", "问题", "建议"]


def test_gbk_detected_by_content_not_extension():
    doc = load_document("report.md", TEXT.encode("gbk"))
    assert doc.blocks[0].title == "基本情况"


# ------------------------------------------------------------ bad input

def _problem_codes(path, data):
    res = check_file(path, data)
    return [d.code for d in res.diagnostics if d.code.startswith("AL0")], res.fatal


def test_empty_file():
    assert _problem_codes("empty.txt", b"") == (["AL002"], True)
    assert _problem_codes("blank.txt", b"  \n\n ") == (["AL002"], True)


def test_binary_named_txt():
    assert _problem_codes("blob.txt", bytes(range(256)) * 20) == (["AL003"], True)


def test_unknown_extension_binary():
    assert _problem_codes("report.xyz", bytes(range(256)) * 20) == (["AL003"], True)


def test_damaged_xls_is_broken_not_unsupported():
    # .xls is read since issue 20: a file named .xls that is no workbook is a broken one
    codes, fatal = _problem_codes("report.xls", b"\xd0\xcf\x11\xe0" + bytes(200))
    assert codes == ["AL004"] and fatal


def test_corrupt_pdf():
    codes, fatal = _problem_codes("bad.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    assert codes == ["AL004"] and fatal


def test_truncated_pdf():
    with open(rendered("001", "pdf"), "rb") as fh:
        data = fh.read()
    codes, fatal = _problem_codes("truncated.pdf", data[: len(data) // 3])
    assert fatal and codes and codes[0] in ("AL004", "AL006")


def test_broken_docx():
    assert _problem_codes("bad.docx", b"PK\x03\x04 not really a zip") == (["AL004"], True)


def test_docx_without_document_part():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    assert _problem_codes("bad.docx", buf.getvalue()) == (["AL004"], True)


def _pdf_bytes(draw):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_has_no_text_layer():
    def draw(c):
        c.rect(50, 50, 400, 600, fill=1)  # only graphics, as a scanned page is only an image
    assert _problem_codes("scan.pdf", _pdf_bytes(draw)) == (["AL006"], True)


def test_encrypted_pdf():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128)
    c = canvas.Canvas(buf, encrypt=enc)
    c.drawString(100, 700, "hello")
    c.showPage()
    c.save()
    assert _problem_codes("locked.pdf", buf.getvalue()) == (["AL005"], True)


def test_standard_input_is_read():
    from auditlint.cli import main
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "auditlint", "--format", "json", "-"],
                       input=open(SEED["001"], "rb").read(), capture_output=True)
    assert p.returncode == 1
    assert b'"AL301"' in p.stdout
    assert main is not None


# ------------------------------------------------------------ the fast PDF path

@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_fast_and_full_pdf_paths_give_the_same_findings(stem):
    """Issue 7: speed must not change results.  The fast path (pdfium text and
    rulings) and the full path (pdfplumber on every page) agree exactly."""
    from auditlint.engine import Options

    path = rendered(stem, "pdf")
    key = lambda r: [(d.code, d.page, d.line, d.column, d.claim) for d in r.diagnostics]  # noqa: E731
    assert key(check_file(path, options=Options(pdf_engine="fast"))) == \
        key(check_file(path, options=Options(pdf_engine="full")))


@pytest.mark.parametrize("stem", ["003", "004"])  # the seeds with tables
def test_fast_and_full_pdf_paths_read_the_same_tables(stem):
    """Cell for cell: the same text at the same page, line and column.
    (Paragraph text may differ in spaces pdfplumber drops, e.g. "2020 年度".)
    Seed 004 has a row taller than a page: a page holding only its middle is
    a one-row table on both paths."""
    def squashed(engine):
        # a column counts in its engine's printed line, whose spacing may differ (pdfium keeps
        # the letter-spacing of "支 出 总 计"): compare the column within the line without spaces
        doc = load_document(rendered(stem, "pdf"), pdf_engine=engine)

        def col(s):
            line = doc.line_text(s.page, s.line)
            return len(line[:s.column - 1].replace(" ", ""))
        return [[[(c.text, [(s.page, s.line, col(s)) for s in c.source.segments]) for c in row] for row in b.rows]
                for b in doc.blocks if b.kind == "table"]

    fast, full = squashed("fast"), squashed("full")
    assert fast and fast == full


def test_lone_cjk_characters_pdfium_drops_are_recovered():
    """pdfium returns no text for an isolated character of a non-embedded CID
    font (measured: 13 characters of the corpus PDFs); such a page is read
    with pdfplumber instead, so nothing is lost."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 10)
        c.drawString(100, 700, "其他需要说明问题")
        c.drawString(300, 700, "无")
        c.drawString(100, 680, "收入合计100万元。")
    doc = load_document("lone.pdf", _pdf_bytes(draw))
    text = "".join(b.text for b in doc.blocks)
    assert "无" in text and "其他需要说明问题" in text


def test_pdfium_grid_matches_pdfplumber_on_corpus_tables():
    import pdfplumber
    import pypdfium2

    from auditlint.readers import _cell_source, _page_census, _pdf_tables, _pdfium_tables

    def _cell_text(c):
        return _cell_source(c, [], 1).text

    path = rendered("003", "pdf")
    pdf = pypdfium2.PdfDocument(path)
    pl = pdfplumber.open(path)
    compared = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        paths, undecodable, _clipped = _page_census(page, tp)
        if undecodable:
            continue  # pages whose text pdfium cannot decode take the full path anyway
        fast = [[[_cell_text(c) for c in r] for r in t[2]] for t in _pdfium_tables(paths, tp)]
        full = [[[_cell_text(c) for c in r if c is not None] for r in t[2]] for t in _pdf_tables(pl, i)]
        assert fast == full, i + 1
        compared += len(fast)
    assert compared >= 1


def _lines(spec):
    from auditlint.readers import RawLine, _line_source
    return [RawLine(_line_source(t, i + 1, 1), 0, indent) for i, (t, indent) in enumerate(spec)]


def test_a_paragraph_never_ends_inside_brackets():
    # 12_shanghai_putuo_shfly_2024ys_unit.pdf p16 (a WPS 表格 export: line widths say nothing)
    from auditlint.structure import _join_lines
    paras = _join_lines(_lines([("单位预算安排购置单价100万元（含）以上设备（不含车", 0.1),
                                ("辆）0台（套）。", 0.0),
                                ("（二）国有资产占有使用情况", 0.0)]))
    assert [p.text for p, _ in paras] == ["单位预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。",
                                          "（二）国有资产占有使用情况"]


def test_a_wrapped_line_opening_with_a_bracket_is_not_an_indent():
    # 03_shanghai_putuo_czj_2024js.pdf p21: "（类）2106.66万元…" starts 6.3 pt right of the
    # margin because the full-width bracket draws in the right half of its em box
    from auditlint.structure import _join_lines
    full = "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出"
    spec = [(full, 24.5), ("（类）2106.66万元，占71.73%；社会保障和就业支出（类）326.72万元，", 6.3)]
    spec += [(full, 0.2)] * 8  # enough full lines for the page to count as hard-wrapped
    paras = _join_lines(_lines(spec))
    assert paras[0][0].text.startswith(full + "（类）2106.66")


def test_the_signature_is_not_joined_to_a_full_last_line():
    # seed 003 rendered by LibreOffice: the conclusion's last line is full, the unit signs under it
    from auditlint.structure import _join_lines
    full = "根据以上预算绩效完成情况，我单位 2024 年预算绩效自评得分 93 分，评定等次：良"
    spec = [(full, 0.0), ("湘潭县中路铺镇人民政府", 0.0), ("2025 年 5 月 26 日", 0.4)]
    spec = [(full.replace("评定等次：良", "其他内容继续写满"), 0.0)] * 8 + spec
    paras = [p.text for p, _ in _join_lines(_lines(spec))]
    assert "湘潭县中路铺镇人民政府" in paras and not any(p.endswith("良湘潭县中路铺镇人民政府") for p in paras)


def test_a_budget_row_cut_by_a_page_break_is_joined():
    # seed 003 rendered by a Word-like exporter: 2100199 printed as "210019 | 其他卫生 | 134.26 …"
    # at the foot of one page and "9 | 健康管理事务支出 | | …" at the top of the next
    from auditlint.model import SourceText
    from auditlint.readers import RawTable
    from auditlint.structure import _stitch_tables

    def row(*cells):
        return [SourceText(c, []) for c in cells]
    a = RawTable([row("21001", "卫生健康管理事务", "134.26"), row("210019", "其他卫生", "134.26")])
    b = RawTable([row("9", "健康管理事务支出", ""), row("212", "城乡社区支出", "897.45")])
    (t,) = _stitch_tables([a, b])
    assert [[c.text for c in r] for r in t.rows] == [["21001", "卫生健康管理事务", "134.26"],
                                                     ["2100199", "其他卫生健康管理事务支出", "134.26"],
                                                     ["212", "城乡社区支出", "897.45"]]
    # a whole code at the foot of a page is not continued by the next page's first row
    c = RawTable([row("2100199", "其他卫生健康管理事务支出", "134.26")])
    d = RawTable([row("21", "城乡社区", "")])
    assert len(_stitch_tables([c, d])[0].rows) == 2


def test_the_running_header_is_found_per_document():
    # 苏州市审计局 2026 budget (calinchow-del/renwu): the header stands left of the body on every page
    from auditlint.readers import _running_lines
    pages = []
    for p in range(5):
        lines = [("苏州市审计局 2026 年度部门预算公开", 800.0, 51.0),
                 ("一、部门职责", 760.0, 73.0), ("（一）依法审计。", 740.0, 105.9),
                 ("2025年部门预算表", 700.0, 73.0), ("单位：万元", 690.0, 73.0), (str(p + 3), 40.0, 300.0)]
        pages.append((p, lines, []))
    running = _running_lines(pages)
    assert all(running[p] == {0} for p in range(5))  # the header; not the unit line, not the page number
    assert _running_lines(pages[:2]) == {}  # too few pages to tell


def test_a_list_that_goes_on_in_the_next_paragraph_is_not_complete():
    # 苏州市审计局 2026 budget p25: every item of the list is a paragraph of its own
    from conftest import lint_text
    text = ("苏州市审计局 2026 年支出预算合计 4,651.67 万元，其中：基本支出 4,312.17 万元，占 92.7%；\n"
            "项目支出 339.5 万元，占 7.3%；\n")
    assert [d for d in lint_text(text) if d.code in ("AL102", "AL202")] == []


def test_a_book_title_split_by_a_line_break_is_one_paragraph():
    # 遵义 水务局 岗位规范 (calinchow-del/renwu) p20: "2、《组织机构代" / "码证》"
    from auditlint.structure import _join_lines
    paras = _join_lines(_lines([("2、《组织机构代", 0.0), ("码证》复印件一份。", 0.0)]))
    assert [p.text for p, _ in paras] == ["2、《组织机构代码证》复印件一份。"]
