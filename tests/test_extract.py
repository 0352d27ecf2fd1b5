"""Issue 3, stage 2: claims assembled from the seeds, with their nesting and spans."""
from __future__ import annotations

import pytest

from auditlint.engine import check_document, load_document
from fractions import Fraction

from auditlint.numbers import fmt
from conftest import SEED


@pytest.fixture(scope="module")
def facts():
    out = {}
    for k, p in SEED.items():
        res = check_document(load_document(p))
        out[k] = [f for _rep, _prof, f in res.facts]
    return out


def _bd(f, line):
    return [(b.total_label, fmt(b.total.value), [(p.label, fmt(p.fig.value), p.share and p.share.text)
                                                 for p in b.parts], b.complete)
            for b in f.breakdowns if b.where.pos.line == line]


def test_seed_001_line_16_breakdown(facts):
    (f,) = facts["001"]
    assert _bd(f, 16) == [("支出合计", "3402.07", [("基本支出", "2207.79", "64.9"), ("项目支出", "1194.27", "35.1")], True)]
    assert _bd(f, 15) == [("收入合计", "3402.07", [("财政拨款收入", "3402.07", "100")], True)]
    ch = [c for c in f.changes if c.where.pos.line == 16][0]
    assert (fmt(ch.current.value), fmt(ch.delta.value), ch.rate.text, ch.direction) == ("3402.07", "520.46", "18.06", 1)


def test_seed_002_line_9_nested_breakdowns(facts):
    (f,) = facts["002"]
    got = _bd(f, 9)
    assert ("收入总计", "5446.35", [("年初结转和结余", "1334.2", None), ("本年收入合计", "4112.15", None)], True) in got
    # the second 其中 belongs to 本年收入合计, not to 收入总计
    assert ("本年收入合计", "4112.15", [("财政拨款收入", "2018.84", "49.09"), ("其他收入", "2093.31", "50.91")], True) in got
    assert ("支出总计", "5446.35", [("年末结转和结余", "1351.71", None), ("本年支出合计", "4094.64", None)], True) in got
    assert ("本年支出合计", "4094.64", [("基本支出", "775.34", "18.94"), ("项目支出", "3319.3", "81.06")], True) in got
    assert len(got) == 4


def test_seed_000_partial_listing_in_brackets(facts):
    f = facts["000"][2]  # 邻鄂镇
    (bd,) = [b for b in f.breakdowns if b.total_label.endswith("许可证")]
    assert fmt(bd.total.value) == "21" and [fmt(p.fig.value) for p in bd.parts] == ["12", "5", "4"]
    assert not bd.complete  # 其中 may be partial


def test_seed_001_eighteen_score_items(facts):
    (f,) = facts["001"]
    items = f.score_items
    assert [s.number for s in items] == list(range(1, 19))
    assert [int(s.max.value) for s in items] == [3, 3, 5, 5, 5, 10, 5, 10, 5, 5, 5, 5, 7, 7, 7, 3, 5, 5]
    assert all(s.got.value == s.max.value for s in items)
    assert items[7].name.startswith("预算执行率")
    assert [fmt(t.value.value) for t in f.total_scores] == ["99.09"]
    assert [g.label for g in f.grades] == ["优"]


def test_seed_003_section_scores_and_total(facts):
    (f,) = facts["003"]
    ss = [(s.label, int(s.max.value), int(s.deducted.value), int(s.got.value)) for s in f.section_scores]
    assert ss == [("预算执行考核指标", 30, 2, 28), ("预算执行考核指标", 5, 1, 4), ("预算管理考核指标", 20, 1, 19),
                  ("资产管理考核指标", 5, 1, 4), ("产出效果考核指标", 45, 3, 42)]
    from auditlint.checks.scores import section_components

    comps, top = section_components(f)
    # the four section scores of the report; the 5-point one is a part of 预算管理
    assert [int(s.max.value) for s in top] == [30, 20, 5, 45]
    assert sum(s.got.value for s in top) == 93
    assert [int(t.value.value) for t in f.total_scores] == [93]
    assert [g.label for g in f.grades] == ["良"]
    assert [(x.numerator.text, x.denominator.text, x.result.text) for x in f.formulas] == [
        ("307", "4988", "6.2"), ("3553", "3274", "108"), ("860", "1714", "50"), ("0", "12", "0")]


def test_seed_000_count_claims(facts):
    baitu, jindong, line = facts["000"]
    assert [(c.n, c.kind, c.listed) for c in baitu.count_claims] == [(5, "enum", 4), (4, "enum", 4)]
    assert jindong.count_claims == [] and line.count_claims == []


def test_seed_001_and_002_inline_lists(facts):
    (f1,) = facts["001"]
    assert [(c.n, c.listed) for c in f1.count_claims] == [(5, 5), (7, 7)]
    (f2,) = facts["002"]
    assert [(c.n, c.noun, c.listed) for c in f2.count_claims] == [(9, "工作小组", 9)]


def test_seed_003_evaluation_dates_and_signature(facts):
    (f,) = facts["003"]
    ev = [(d.date.month, d.date.day, d.date.end.month, d.date.end.day) for d in f.dates if d.role == "evaluation"]
    assert ev == [(4, 25, 4, 30), (5, 7, 5, 24), (5, 25, 5, 29)]
    sig = [(d.date.year, d.date.month, d.date.day) for d in f.dates if d.role == "signature"]
    assert sig == [(2025, 5, 26)]


def test_seed_003_budget_code_rows(facts):
    (f,) = facts["003"]
    income, expense = f.tables[1], f.tables[2]
    assert [r.code for r in expense.rows if r.code and len(r.code) == 3] == ["201", "204", "208", "210", "212", "213"]
    row = [r for r in expense.rows if r.code == "20104"][0]
    assert [fmt(v[1].value) for v in row.values] == ["274.97", "185.97", "89"]
    assert [fmt(v[1].value) for v in income.total_rows[0].values] == ["4988.65", "2753.3", "2753.3", "100", "2135.35"]


def test_fiscal_figures_carry_their_year(facts):
    (f,) = facts["001"]
    assert [(x.year, x.label) for x in f.fiscal_figures][:2] == [(2024, "收入合计"), (2024, "支出合计")]



def test_total_scores_and_grades_in_the_wordings_of_real_reports():
    # 西安市卫生健康委员会 2022 决算 (calinchow-del/renwu) p170, 长沙市国资委 2020 评价报告 p3, and a
    # 自评表's last row read as a line (p108)
    from conftest import lint_text
    from auditlint.engine import check_file

    def facts(text):
        return check_file("t.txt", text.encode()).facts[0][2]
    f = facts("最终评价得分“86.73”分，评级结果为：“良”。\n")
    assert [x.value.value for x in f.total_scores] == [Fraction(8673, 100)] and [g.label for g in f.grades] == ["良"]
    f = facts("项目综合评分92.25分，评价级次为优。\n")
    assert [float(x.value.value) for x in f.total_scores] == [92.25] and [g.label for g in f.grades] == ["优"]
    f = facts("总分 100 97\n")
    assert [int(x.value.value) for x in f.total_scores] == [97]
