"""AL406: a 目录 entry against the page its title is printed on.

The real cases are corpus/real documents; the positioned pages of the guard test are test
data assembled here (lines as a PDF reader gives them: text, top y, left x)."""
from __future__ import annotations

import os

import pytest

from auditlint.contents import normalise, read_contents
from auditlint.engine import check_document
from auditlint.read import read
from auditlint.read.pdf.headers import printed_page_number
from auditlint.read.pdf.merge import pages_to_items
from auditlint.read.raw import ReadResult
from auditlint.structure import build_document

TESTED_RULES = {"AL406"}  # true positives below (tests/test_rules.py counts them)
REAL = os.path.join(os.path.dirname(__file__), "..", "corpus", "real")


def _doc(name):
    path = os.path.join(REAL, name)
    return build_document(path, read(path))


@pytest.mark.parametrize("line,number", [("24", 24), ("─13─", 13), ("- 3 -", 3), ("第 3 页 共 30 页", 3),
                                         ("2024年", None), ("三、支出", None)])
def test_printed_page_numbers(line, number):
    assert printed_page_number(line) == number


def test_numbering_is_not_part_of_the_title():
    assert normalise("七、一般公共预算财政拨款“三公”经费支出决算表") == normalise("一般公共预算财政拨款\"三公\"经费支出决算表")
    assert normalise("第三部分 2026 年度部门预算情况说明") == "2026年度部门预算情况说明"
    assert normalise("（十）其他重要事项的情况说明") == "其他重要事项的情况说明"


def test_entries_that_kept_the_old_order_of_the_tables():
    # 国家信访局 2024 决算 p2: 七 三公 …11, 八 政府性基金 …12, 九 国有资本经营 …13, but the body
    # prints 政府性基金 on page 11, 国有资本经营 on 12 and the 三公 table on 13
    doc = _doc("u_b_guojia_xfj_2024js.pdf")
    found = [d for d in check_document(doc).diagnostics if d.code == "AL406"]
    assert [(d.page, d.line, dict(d.evidence)["stated"], dict(d.evidence)["found"]) for d in found] == \
        [(2, 12, 11, 13), (2, 13, 12, 11), (2, 14, 13, 12)]
    assert "三公" in found[0].message_zh


@pytest.mark.parametrize("name", ["r_d_fuzhou_swj_2026ys.pdf", "t_L_quanzhou_gongan_2026ys.pdf"])
def test_a_contents_whose_pages_are_right(name):
    doc = _doc(name)
    entries = read_contents(doc)
    located = [e for e in entries if e.found_page is not None]
    assert len(located) >= 20 and all(e.found_page == e.page for e in located)  # judged, and right
    assert [d for d in check_document(doc).diagnostics if d.code == "AL406"] == []


def _page(pno, lines):
    return (pno, [(t, 800.0 - 20 * k, 72.0) for k, t in enumerate(lines)], [])


def _document(pages):
    res = ReadResult("pdf", page_count=len(pages))
    res.items.extend(pages_to_items(pages, res.page_labels))
    return build_document("t.pdf", res)


TITLES = ["部门主要职责", "收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表"]


def test_a_contents_counting_pages_another_way_is_left_alone():
    # every entry two pages off (the 目录 counts from the cover): not five mistakes
    toc = _page(0, ["目 录"] + [f"{cn}、{t} ........ {k + 3}" for k, (cn, t) in enumerate(zip("一二三四五", TITLES))]
                + ["1"])
    body = [_page(k + 1, [t, "本表反映部门收支情况。", str(k + 1)]) for k, t in enumerate(TITLES)]
    doc = _document([toc] + body)
    assert doc.page_labels == {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5}
    assert all(e.found_page == e.page - 2 for e in read_contents(doc))
    assert [d for d in check_document(doc).diagnostics if d.code == "AL406"] == []


def test_one_entry_off_among_right_ones():
    pages = [k + 1 for k in range(5)]
    pages[3] = 7  # the fourth entry points at page 7
    toc = _page(0, ["目 录"] + [f"{cn}、{t} ........ {p}" for cn, t, p in zip("一二三四五", TITLES, pages)])
    body = [_page(k + 1, [t, "本表反映部门收支情况。", str(k + 1)]) for k, t in enumerate(TITLES)]
    (d,) = [d for d in check_document(_document([toc] + body)).diagnostics if d.code == "AL406"]
    assert (d.page, dict(d.evidence)["stated"], dict(d.evidence)["found"]) == (1, 7, 4)
