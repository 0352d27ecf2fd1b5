"""AL6xx — tables: 合计 rows and columns, budget-code hierarchy, one fact two values."""
from __future__ import annotations

import re

from ..diagnostics import Finding
from fractions import Fraction

from ..numbers import fmt
from ..stated_totals import caption_key, comparable, names_table
from ..table_notes import funds_named
from ..tables import hierarchy_checks, total_row_checks
from . import rule

# header names of a table's overall amount column (合计): a code's figure there is
# the same money in every table of the same scope and unit
TOTAL_COLUMNS = {"合计", "总计", "本年支出合计", "本年收入合计", "金额", "决算数", "预算数", "本年预算数",
                 "预算金额", "支出预算", "收入预算"}
UNIT_TO_WANYUAN = {"万元": Fraction(1), "元": Fraction(1, 10000), "千元": Fraction(1, 10), "亿元": Fraction(10000)}


def _by_col(row) -> dict:
    return {ci: (f, w) for ci, f, w in row.values}


def _understood(ctx):
    """The tables a table rule may judge: those whose structure was understood
    (tables.py: header mapped, codes joined, the hierarchy mostly reconciles)."""
    return [t for t in ctx.facts.tables if t.understood]


@rule("AL601", "table-column-total",
       zh="表格的合计行不等于其上各一级行之和。")
def column_total(ctx):
    """A table's 合计 row is not the sum of the top-level rows above it.

    Bad:  合计 4988.65 | 3274.34 | 1714.31  over 类 rows whose 基本支出 add up to 3284.34
    Good: 合计 4988.65 | 3274.34 | 1714.31  over 类 rows 201 … 213 that add up to it
    """
    for t in _understood(ctx):
        for _tot, ci, f, w, _s_iv, s, agrees in total_row_checks(t):
            if agrees:
                continue
            name = t.column_name(ci)
            yield Finding(
                w,
                f"表中“{name}”列合计 {fmt(f.value)}，各类之和为 {fmt(s)}（差 {fmt(f.value - s)}）",
                f"column '{name}': the 合计 row says {fmt(f.value)}, the top-level rows add up to {fmt(s)}",
                {"column": name, "stated": fmt(f.value), "sum": fmt(s)},
                suggestion=(f"按各行计算，合计为 {fmt(s)}", f"the rows add up to {fmt(s)}"))


@rule("AL602", "table-row-total",
       zh="某行的合计列不等于基本支出 + 项目支出。")
def row_total(ctx):
    """A row whose 合计 column is not 基本支出 + 项目支出.

    Bad:  2010301 行政运行 | 1363.4 | 1195.4 | 178
    Good: 2010301 行政运行 | 1363.4 | 1195.4 | 168
    """
    for t in _understood(ctx):
        col = {v: k for k, v in t.columns.items()}
        if not {"合计", "基本支出", "项目支出"} <= set(col):
            continue
        if any(ci > col["合计"] and name not in ("基本支出", "项目支出") for ci, name in t.columns.items()):
            continue  # 合计 has other parts too (单位预留机动经费, 上缴上级支出 …)
        a, b, c = col["合计"], col["基本支出"], col["项目支出"]
        for r in t.rows:
            vals = _by_col(r)
            if a not in vals or b not in vals or c not in vals:
                continue
            s_iv = vals[b][0].interval + vals[c][0].interval
            if s_iv.meets(vals[a][0].interval):
                continue
            s = vals[b][0].value + vals[c][0].value
            yield Finding(
                vals[a][1],
                f"{r.code or r.label}：合计 {fmt(vals[a][0].value)}，基本支出 + 项目支出 = {fmt(s)}",
                f"{r.code or r.label}: 合计 {fmt(vals[a][0].value)}, but 基本支出 + 项目支出 = {fmt(s)}",
                {"row": r.code or r.label, "stated": fmt(vals[a][0].value), "sum": fmt(s)},
                suggestion=(f"基本支出 + 项目支出 = {fmt(s)}", f"基本支出 + 项目支出 = {fmt(s)}"))


@rule("AL603", "budget-code-hierarchy",
       zh="预算科目的类（或款）不等于其下各行之和。")
def code_hierarchy(ctx):
    """A budget class (类) or section (款) is not the sum of its sub-rows.

    支出功能分类 codes nest by prefix: 类 (3 digits) = Σ 款 (5), 款 = Σ 项 (7).

    Bad:  20104 发展与改革事务 274.97 | 185.97 | 89  over  2010499 其他发展与改革事务支出 274.96 | 185.96 | 89
    Good: 20106 财政事务 153.53 | 153.53 | 0  over  2010601 行政运行 153.53 | 153.53 | 0
    """
    for t in _understood(ctx):
        for parent, ci, f, w, _s_iv, s, kids, agrees in hierarchy_checks(t):
            if agrees:
                continue
            level = "类" if len(parent.code) == 3 else "款"
            sub = "款" if level == "类" else "项"
            name = t.column_name(ci)
            yield Finding(
                w,
                f"{parent.code} {parent.label}（{level}）“{name}”为 {fmt(f.value)}，其下各{sub}之和为 {fmt(s)}"
                f"（差 {fmt(f.value - s)}）",
                f"{parent.code} {parent.label}: '{name}' is {fmt(f.value)} but its sub-rows add up to {fmt(s)}",
                {"code": parent.code, "column": name, "stated": fmt(f.value), "sum": fmt(s),
                 "children": [k.code for k in kids]},
                suggestion=(f"按其下各{sub}计算为 {fmt(s)}", f"its sub-rows add up to {fmt(s)}"))


@rule("AL604", "same-code-two-values",
       zh="同一预算科目编码在两张表中的合计不同。")
def same_code_two_values(ctx):
    """The same budget code carries two different totals in two tables.

    The 合计 of a code in the 收入总表 and in the 支出总表 is the same money.

    Bad:  收入总表 2010499 其他发展与改革事务支出 274.97 … 支出总表 2010499 … 274.96
    Good: 收入总表 2010601 行政运行 153.53 … 支出总表 2010601 行政运行 153.53
    """
    first = {}
    for t in _understood(ctx):
        if not t.columns or not t.named:
            continue  # a table whose caption does not say what it holds has no known scope
        c0 = min(t.columns)
        if t.columns[c0] not in TOTAL_COLUMNS:
            continue  # only the 合计 column is the same money in every table
        scale = UNIT_TO_WANYUAN.get(t.unit)
        for r in t.rows:
            v = _by_col(r).get(c0)
            if not r.code or v is None:
                continue
            f, w = v
            key = (r.code, t.scope, scale is not None or t.unit)
            iv = f.interval.scale(scale) if scale is not None else f.interval
            val = f.value * scale if scale is not None else f.value
            if key in first:
                iv0, val0, t0 = first[key]
                if t0 is not t and not iv.meets(iv0):
                    yield Finding(
                        w,
                        f"科目 {r.code} {r.label} 的合计在两张表中不一致：{fmt(val0)}（前表）与 {fmt(val)}（本表）",
                        f"code {r.code} {r.label} totals {fmt(val0)} in one table and {fmt(val)} in another",
                        {"code": r.code, "first": fmt(val0), "second": fmt(val)})
            else:
                first[key] = (iv, val, t)


_SIDE_TOTAL = re.compile(r"^(收入|支出)总计$")


@rule("AL605", "income-expenditure-balance",
       zh="收支总表的收入总计与支出总计不相等。")
def income_expenditure_balance(ctx):
    """收入总计 and 支出总计 of a 收支总表 differ.

    A budget's two sides balance: 收入总计 = 支出总计 (domain.md, cross-footing 1).

    Bad:  收入总计 4988.65 | 支出总计 4898.65
    Good: 收入总计 4988.65 | 支 出 总 计 4988.65
    """
    for t in _understood(ctx):
        sides = {}
        for r in t.rows:
            for (ci, f, w) in r.values:
                # the label of a value is the nearest text cell to its left
                lbl = r.cells_text[ci - 1] if ci >= 1 and ci - 1 < len(r.cells_text) else ""
                m = _SIDE_TOTAL.match(lbl)
                if m:
                    sides[m.group(1)] = (f, w)
        if len(sides) == 2 and not sides["收入"][0].interval.meets(sides["支出"][0].interval):
            (fi, _), (fo, wo) = sides["收入"], sides["支出"]
            yield Finding(
                wo,
                f"收入总计 {fmt(fi.value)} 与支出总计 {fmt(fo.value)} 不相等（差 {fmt(fi.value - fo.value)}）",
                f"收入总计 {fmt(fi.value)} and 支出总计 {fmt(fo.value)} differ",
                {"income_total": fmt(fi.value), "expenditure_total": fmt(fo.value)})


NOTE_DISTANCE = 4  # blocks between a table and the note printed under it


@rule("AL610", "empty-table-note",
       zh="空表下的说明写的是另一类资金。")
def empty_table_note(ctx):
    """The note under an empty table names another fund than the table.

    An empty standard table (政府性基金 / 国有资本经营预算 …) carries a note that
    says why it is empty.  Copied from the table before, the note names that
    table's fund and tells the reader the wrong thing.

    Bad:  2025年部门国有资本经营预算支出功能分类预算表 … 注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。
    Good: 2025年部门国有资本经营预算支出功能分类预算表 … 注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。
    """
    for note in ctx.facts.table_notes:
        above = [t for t in ctx.facts.tables if max(t.blocks) < note.block <= max(t.blocks) + NOTE_DISTANCE]
        if not above:
            continue
        table = max(above, key=lambda t: max(t.blocks))
        table_funds = funds_named(table.caption)
        if len(table_funds) != 1 or table_funds[0] in note.funds:
            continue
        yield Finding(
            note.where,
            f"表下注释说“无{'、'.join(note.funds)}”，但本表是“{table.caption}”（{table_funds[0]}）",
            f"the note under the table speaks of {'/'.join(note.funds)}, but the table is"
            f" '{table.caption}' ({table_funds[0]})",
            {"note_fund": list(note.funds), "table": table.caption, "table_fund": table_funds[0]})


@rule("AL611", "stated-total-vs-table",
       zh="说明中所写某表的总计与该表的总计不符。")
def stated_total_vs_table(ctx):
    """The 总计 the 说明 states for a table is not the table's 总计.

    "财政拨款收入支出总计 X 万元" restates the 总计 row of the 财政拨款收入支出决算总表;
    the table is matched by the words of the sentence (the most specific caption
    they contain: 财政拨款收支 before 收支) and must be understood, with its unit.

    Bad:  上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。  (table: 总计 2,961.68)
    Good: 上海市普陀区财政局2024年度财政拨款收入支出总计2961.68万元。
    """
    tables = [(caption_key(t.caption), t) for t in ctx.facts.tables
              if t.understood and t.unit in UNIT_TO_WANYUAN and t.total_rows and t.caption]
    for st in ctx.facts.total_statements:
        if st.fig.unit not in UNIT_TO_WANYUAN:
            continue
        named = [(k, t) for k, t in tables if names_table(st.scope, k)]
        if not named:
            continue
        longest = max(len(k) for k, _t in named)
        named = [t for k, t in named if len(k) == longest]
        stated = st.fig.interval.scale(UNIT_TO_WANYUAN[st.fig.unit])
        totals = [(t, f) for t in named for r in t.total_rows for _ci, f, _w in r.values]
        if not totals:
            continue
        if any(stated.meets(f.interval.scale(UNIT_TO_WANYUAN[t.unit])) for t, f in totals):
            continue
        shown = "、".join(sorted({f"{fmt(f.value)}{t.unit}" for t, f in totals}))
        yield Finding(
            st.where,
            f"此处总计为 {st.fig.text}{st.fig.unit}，而“{named[0].caption}”的总计为 {shown}",
            f"the total stated here is {st.fig.text} {st.fig.unit}; the table '{named[0].caption}' totals {shown}",
            {"stated": st.fig.text + st.fig.unit, "table": named[0].caption, "table_totals": shown},
            suggestion=(f"与表一致应为 {shown}", f"the table says {shown}"))


def _table_named(tables, scope: str):
    """The understood table (with a unit) the words of a sentence name: the one with the
    longest caption key they contain; None when none or several tie."""
    named = [(caption_key(t.caption), t) for t in tables
             if t.understood and t.unit in UNIT_TO_WANYUAN and t.caption]
    named = [(k, t) for k, t in named if names_table(scope, k)]
    if not named:
        return None
    longest = max(len(k) for k, _t in named)
    best = [t for k, t in named if len(k) == longest]
    return best[0] if len(best) == 1 else None


@rule("AL613", "breakdown-vs-table",
       zh="说明中某表总计的组成部分，与该表同名行的金额不符。")
def breakdown_vs_table(ctx):
    """A part the 说明 gives for a table's total is not the table's line of that name.

    "一般公共预算财政拨款基本支出 X 万元。其中：人员经费 A 万元，公用经费 B 万元" restates
    the 一般公共预算财政拨款基本支出决算表: A must be its 人员经费（合计） line.  The table
    is the one whose caption the sentence names (the most specific), understood
    and with its unit; only lines whose label is the part's name (or name + 合计)
    are compared.

    Bad:  一般公共预算财政拨款基本支出 5377.64 万元。其中：人员经费 4896.98 万元  (table: 人员经费合计 4884.09)
    Good: 一般公共预算财政拨款基本支出 5364.75 万元。其中：人员经费 4884.09 万元
    """
    for bd in ctx.facts.breakdowns:
        if not bd.total_label or not bd.total.is_money or bd.total.unit not in UNIT_TO_WANYUAN:
            continue
        table = _table_named(ctx.facts.tables, comparable(bd.total_label))
        if table is None:
            continue
        scale = UNIT_TO_WANYUAN[table.unit]
        for part in bd.parts:
            label = "".join(part.label.split())
            if len(label) < 2 or part.fig.approx or part.fig.unit != bd.total.unit:
                continue
            lines = [r for r in table.rows if "".join(r.label.split()) in (label, label + "合计")]
            values = [f for r in lines for _ci, f, _w in r.values]
            if not values:
                continue
            stated = part.fig.interval.scale(UNIT_TO_WANYUAN[part.fig.unit])
            if any(stated.meets(f.interval.scale(scale)) for f in values):
                continue
            shown = "、".join(sorted({f"{fmt(f.value)}{table.unit}" for f in values}))
            yield Finding(
                part.where,
                f"此处“{label} {part.fig.text}{part.fig.unit}”与“{table.caption}”中“{lines[0].label}”{shown} 不一致",
                f"{label} is {part.fig.text} {part.fig.unit} here; '{lines[0].label}' in '{table.caption}' is {shown}",
                {"part": label, "stated": part.fig.text + part.fig.unit, "table": table.caption, "table_value": shown},
            suggestion=(f"与表一致应为 {shown}", f"the table says {shown}"))


@rule("AL615", "broken-subject-code", severity="warning",
       zh="按类 | 款 | 项分格打印的科目编码，其类格不是类级编码。")
def broken_subject_code(ctx):
    """A 科目编码 printed in 类 | 款 | 项 cells whose 类 cell is no class code.

    In a table that prints its codes as 210 | 11 | 02, a row "7 | 11 | 02" points
    at no 科目: the reader cannot tell which class the line belongs to (and the
    rows above usually show what it should be).

    Bad:  7 | 11 | 02 | 事业单位医疗 | 503,724   (rows above: 210 | 11 | 行政事业单位医疗)
    Good: 210 | 11 | 02 | 事业单位医疗 | 503,724
    """
    for t in ctx.facts.tables:
        prev = None
        for r in t.rows:
            if r.code:
                prev = r.code
            if not r.broken_code:
                continue
            above = f"（上一科目为 {prev}）" if prev else ""
            yield Finding(
                r.cells_where[0] or r.where,
                f"科目编码“{r.broken_code}”不是有效编码：类应为三位数字{above}",
                f"the subject code '{r.broken_code}' is no code: a class (类) has three digits"
                + (f" (the row above is {prev})" if prev else ""),
                {"code": r.broken_code, "above": prev})
