"""Issue 3, stage 1: what the grammar reads as figures, dates and names."""
from __future__ import annotations

import os
import re
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditlint.extract import _parser, items_of
from auditlint.figures import keyword_roles
from conftest import ROOT


def figs(text):
    return [it.fig for it in items_of(text) if it.kind == "fig"]


def one(text):
    (f,) = figs(text)
    return f


@pytest.mark.parametrize("text,value,decimals,unit", [
    ("3402.07万元", Fraction("3402.07"), 2, "万元"),
    ("3402.70万元", Fraction("3402.7"), 2, "万元"),
    ("35万元", Fraction(35), 0, "万元"),
    ("1,234.5元", Fraction("0.12345"), 1, "万元"),
    ("３４０２．０７万元", Fraction("3402.07"), 2, "万元"),
    ("1.2亿元", Fraction(12000), 1, "万元"),
    ("64.9%", Fraction("64.9"), 1, "%"),
    ("75.83 %", Fraction("75.83"), 2, "%"),
    ("3.36‰", Fraction("3.36"), 2, "‰"),
    ("69.6万斤", Fraction(696000), 1, "斤"),
    ("3572亩", Fraction(3572), 0, "亩"),
    ("183.6平方公里", Fraction("183.6"), 1, "平方公里"),
    ("1.48公里", Fraction("1.48"), 2, "公里"),
    ("3分", Fraction(3), 0, "分"),
    ("99.09分", Fraction("99.09"), 2, "分"),
    ("21 户", Fraction(21), 0, "户"),
])
def test_figure_value_precision_unit(text, value, decimals, unit):
    f = one(text)
    assert (f.value, f.decimals, f.unit, f.approx) == (value, decimals, unit, None)


def test_money_keeps_its_written_precision_in_wan():
    # 35万元 stands for [34.5, 35.5) 万元; 3402元 for [3401.5, 3402.5) 元
    assert one("35万元").interval.lo == Fraction("34.5")
    f = one("3402元")
    assert f.interval.lo == Fraction("0.34015") and f.interval.hi == Fraction("0.34025")


@pytest.mark.parametrize("text,approx", [
    ("34万余元", "lower"), ("200余万元", "lower"), ("9.6万余元", "lower"), ("100余次", "lower"),
    ("约8000万元", "about"), ("7亿元左右", "about"), ("近3万亩", "upper"), ("超93%", "lower"),
    ("突破 7000 亩", "lower"), ("不足10人", "upper"), ("80%以上", "lower"), ("2000亩以上", "lower"),
])
def test_approximations_are_bounds(text, approx):
    assert one(text).approx == approx


def test_approximate_figures_are_one_sided_intervals():
    f = one("34万余元")
    assert f.interval.lo == Fraction("33.5") and f.interval.hi is None


@pytest.mark.parametrize("text,n,unit", [("四项", 4, "项"), ("二十一个", 21, "个"), ("一百零八人", 108, "人"),
                                        ("两座", 2, "座"), ("七家", 7, "家")])
def test_chinese_numerals_as_numbers(text, n, unit):
    f = one(text)
    assert (f.value, f.unit) == (n, unit)


@pytest.mark.parametrize("text", ["党的二十大精神", "二十届二中、三中全会精神", "一村一辅警制度", "“两不愁三保障”",
                                  "三大行动及九大提升行动", "“四改三”公路", "一二三产业融合", "第一责任人"])
def test_names_are_not_figures(text):
    assert [f for f in figs(text) if not f.quoted] == []


def test_quoted_names_are_marked():
    # 十户联防 parses as 10 户 but sits in quotes: a name, never a count
    (f,) = figs("做实森林防火“十户联防”工作")
    assert f.quoted


def test_ranges():
    its = items_of("现有 5-20 头规模牛场 58 家，10-30万元的村7个，90（含）-100分")
    ranges = [it.value for it in its if it.kind == "range"]
    assert [(lo.value, hi.value, hi.unit) for lo, hi in ranges] == [(5, 20, "头"), (10, 30, "万元"), (90, 100, "分")]


@pytest.mark.parametrize("text,want", [
    ("2024年", (2024, None, None, None)),
    ("2024年度", (2024, None, None, None)),
    ("2024年4月25日", (2024, 4, 25, None)),
    ("2024.5.26", (2024, 5, 26, None)),
    ("2024-05-26", (2024, 5, 26, None)),
    ("2024年4月25日-4月30日", (2024, 4, 25, (2024, 4, 30))),
    ("2024年5月25日-29日", (2024, 5, 25, (2024, 5, 29))),
    ("2024年12月25日至2025年1月5日", (2024, 12, 25, (2025, 1, 5))),
])
def test_dates_and_ranges(text, want):
    (it,) = [x for x in items_of(text) if x.kind == "date"]
    d = it.value
    end = (d.end.year, d.end.month, d.end.day) if d.end else None
    assert (d.year, d.month, d.day, end) == want


def test_malformed_dates_are_read_as_malformed():
    for t in ("202511年", "20255月"):
        (it,) = [x for x in items_of(t) if x.kind == "date"]
        assert it.value.malformed


def test_fraction_and_formula_items():
    its = items_of("预算调整率：（预算调增数-预算调减数/年初预算数）*100%＝307/4988＝6.2%")
    kinds = [it.kind for it in its]
    k = kinds.index("frac")
    assert its[k].value[0].value == 307 and its[k + 1].text == "=" and its[k + 2].fig.text == "6.2"


def test_offsets_point_into_the_source():
    text = "其中：基本支出２２０７．７９万元，占64.9%"
    f = figs(text)[0]
    assert text[f.start:f.end] == "２２０７．７９万元"


def test_a_line_break_inside_a_cell_is_white_space():
    """A Word table cell may hold several lines (seed 004's 部门职责 cells).
    The line break once failed the whole parse, so every figure of such a
    cell was lost in TXT and DOCX while the PDF (which joins a cell's lines)
    read them."""
    text = "一是经济基础更为牢固。全年完成地区生产总值35.8亿元，\n规模工业总产值21.2亿元\u2028，利润7600万元"
    assert [f.text for f in figs(text)] == ["35.8", "21.2", "7600"]


def test_text_runs_stop_where_a_figure_or_keyword_can_begin():
    """TEXT must not swallow a character that can begin a keyword, an
    approximation prefix, an ordinal, a self-reference or a Chinese numeral in
    the middle of a sentence; checked against the grammar file itself."""
    src = _grammar_source()
    text_class = re.search(r"TEXT\.0: /\[\^(.*)\]\+/", src).group(1)
    starts = set()
    for name in ("APPROX_PRE", "ORD_MARK"):
        starts |= {lit[0] for lit in _literals(src, name)}
    starts |= {word[0] for word in keyword_roles(src)}  # KW and its role terminals
    starts |= set("本我全")  # SELF_REF
    starts |= set("与较比")  # BASIS
    starts |= set("用")  # LIST_OPEN
    starts |= set("零〇一二两三四五六七八九十百千")  # CN_NUM, ENUM
    missing = sorted(c for c in starts if c not in text_class)
    assert missing == []


def _grammar_source() -> str:
    return open(os.path.join(ROOT, "grammar", "figures.lark"), encoding="utf-8").read()


def _literals(src: str, name: str) -> list[str]:
    """The quoted literals of terminal `name` in the grammar file (comments left out)."""
    body = re.search(rf"^{name}(?:\.\d+)?:(.*?)(?=^\S|\Z)", src, re.S | re.M).group(1)
    return re.findall(r'"([^"\\]+)"', re.sub(r"//[^\n]*", "", body))


@pytest.mark.parametrize("pure", [False, True])
def test_every_keyword_reads_as_one_item_of_its_role(pure):
    """The keyword roles (issue 18) must not shadow each other inside KW:
    分别为 is not 分别 + 为, 共计 not 共 + 计, 等级 not 等 + 级.  A word the BASIS
    terminal reads first (较上年, priority 6) stays one basis item."""
    src = _grammar_source()
    roles = keyword_roles(src)
    assert len(roles) == 57 and roles["其中"] == "part" and roles["共计"] == ""
    assert set(roles.values()) >= {"part", "share", "change_basis", "up", "down", "grade", "total_score"}
    wrong = []
    for word, role in roles.items():
        got = [(it.kind, it.text, it.role) for it in items_of(word, pure=pure)]
        if got != [("kw", word, role)] and not (role == "change_basis" and got == [("basis", word, "")]):
            wrong.append((word, role, got))
    assert wrong == []


def test_a_keyword_with_two_roles_is_refused():
    src = _grammar_source().replace('FLAT: "持平"', 'FLAT: "持平" | "其中"')
    with pytest.raises(ValueError):
        keyword_roles(src)


def test_keyword_roles_in_a_sentence():
    its = items_of("其中：基本支出2207万元，占64.9%，比上年增加5万元，即5项；总分100分，得分为98分，共计3个")
    assert [(it.text, it.role) for it in its if it.kind == "kw"] == [
        ("其中", "part"), ("占", "share"), ("增加", "up"), ("即", "namely"), ("总分", "total_points"),
        ("得分为", "score"), ("共计", "")]
    assert all(it.role == "" for it in its if it.kind != "kw")


def test_units_after_a_number_are_units_not_text():
    # 人 may sit inside a text run (人民政府) but right after a number it is a unit
    assert [(f.value, f.unit) for f in figs("全镇1123户3245人贫困人口全面脱贫，人民政府")] == [(1123, "户"), (3245, "人")]


def test_grammar_is_built_once():
    assert _parser() is _parser()


# ------------------------------------------------------------ properties

def _written(value: Fraction, decimals: int, form: str) -> str:
    s = f"{float(value):.{decimals}f}" if decimals else str(int(value))
    if form == "thousands" and decimals == 0 and value >= 1000:
        s = f"{int(value):,}"
    if form == "fullwidth":
        s = s.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    return s


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=4),
       st.sampled_from(["plain", "thousands", "fullwidth"]),
       st.sampled_from(["万元", "元", "亩", "人", "%", "分", "公里", ""]),
       st.sampled_from(["", "收入合计", "其中：基本支出", "共计"]))
def test_any_written_number_reads_back(n, decimals, form, unit, label):
    value = Fraction(n, 10 ** decimals)
    written = _written(value, decimals, form)
    f = figs(f"{label}{written}{unit}，")[0]
    want = value if unit != "元" else value / 10000
    assert f.value == want
    assert f.decimals == decimals


ALPHABET = list("0123456789.,%‰-—～/=（）()“”《》、，。；：一二三四五六七八九十百千万亿元亩人户个项分其中占较上年增加减少得扣总计合约余多以上第是本我全乡镇") + [" ", "\t", "\n", "\u3000", "\u2028"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=80))
def test_grammar_never_fails_and_stays_linear(chars):
    text = "".join(chars)
    t0 = time.perf_counter()
    its = items_of(text)
    dt = time.perf_counter() - t0
    assert all(0 <= it.start <= it.end <= len(text) for it in its)
    # the fallback reader is not taken: the grammar accepts every input
    _parser().parse(text.translate(str.maketrans("０１２３４５６７８９．％／＝－＋＊", "0123456789.%/=-+*")))
    assert dt < 0.5


def test_both_parser_backends_read_the_corpus_identically(seed_docs):
    from auditlint.extract import parser_backend

    for doc in seed_docs.values():
        for b in doc.blocks:
            texts = [c.text for c in b.cells()] if b.kind == "table" else [b.text]
            for t in texts:
                fast, pure = items_of(t), items_of(t, pure=True)
                assert [(i.kind, i.start, i.end, i.text, i.value if i.kind != "range" else None) for i in fast] == \
                       [(i.kind, i.start, i.end, i.text, i.value if i.kind != "range" else None) for i in pure]
    assert parser_backend() in ("lark", "lark-cython")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9_999))
def test_chinese_integers_agree_with_cn2an(n):
    """extract._cn_int against cn2an as an oracle (cn2an writes, we read back)."""
    cn2an = pytest.importorskip("cn2an")
    from auditlint.numerals import cn_int as _cn_int

    # (万/亿 are scale words in the grammar, never inside a Chinese numeral)
    assert _cn_int(cn2an.an2cn(n)) == n


@pytest.mark.parametrize("cell", ["1827.5", " 274.97 ", "0", "1,234.56", "４９８８．６５"])
def test_bare_number_shortcut_equals_the_parse(cell):
    from auditlint.extract import _NORMALISE, _parser

    fast = items_of(cell)
    parsed = _parser(True).parse(cell.translate(_NORMALISE))
    assert [(i.kind, i.start, i.end, i.fig.value, i.fig.decimals) for i in fast] == \
           [(i.kind, i.start, i.end, i.fig.value, i.fig.decimals) for i in parsed]
