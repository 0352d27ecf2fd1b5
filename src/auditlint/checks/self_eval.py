"""Checks of 绩效自评表 forms: the funds rows and the scoring (claims: self_eval_forms.py)."""
from __future__ import annotations

import re
from fractions import Fraction

from ..diagnostics import Finding
from ..numbers import Interval, fmt, total
from ..claims import Where
from ..figures import items_of
from ..self_eval_forms import form_words, fund_groups, text_scores
from . import rule

HUNDRED = Fraction(100)
COLUMN_ZH = {"budget_initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}
COLUMN_EN = {"budget_initial": "the initial budget", "budget": "the full-year budget", "spent": "the amount spent"}


def _points(fig) -> Interval:
    """A form's 分值/得分 cell: the column's unit is 分, and a scoring sheet assigns whole
    points exactly (numbers.py: "3 分 is exactly 3"); a score with decimals (8.73 = 10 ×
    87.26 %) is a rounded result."""
    return Interval.exact(fig.value) if fig.decimals == 0 else fig.interval


def _rate_parts(row):
    """(budget, spent) of a funds row: the plain columns, or the 总额 of split ones."""
    v = row.values
    for b, s in (("budget", "spent"), ("budget:总额", "spent:总额"), ("budget:合计", "spent:合计")):
        if b in v and s in v:
            return v[b], v[s]
    return None, None


@rule("AL616", "execution-rate", zh="自评表的执行率不等于全年执行数除以全年预算数。")
def execution_rate(ctx):
    """A 执行率 that is not 全年执行数 / 全年预算数.

    The 执行率 decides the funds' score and is what a reviewer reads first; a rate
    that does not follow from the two amounts beside it was typed, not computed.

    A 0 % in a part row whose 分值 and 得分 are "--" (not scored) is what the central 自评
    export prints in every such row, whatever the amounts: a placeholder, not a claim.  It
    is reported as a warning that says so (the rate is still wrong as printed).

    Bad:  年度资金总额 | 240 | 229.19 | 200.00 | 10 | 100.00% | 10.00   (200 / 229.19 = 87.26 %)
    Good: 年度资金总额 | 240 | 229.19 | 229.19 | 10 | 100.00% | 10.00   (西安市卫健委 2022, p55)
    Warn: 其中：财政拨款 | 140.61 | 140.61 | 140.61 | -- | 0.0% | --   (国家信访局 2024 决算, p30)
    """
    for form in ctx.facts.self_eval_forms:
        for row in form.funds:
            rate = row.values.get("rate")
            budget, spent = _rate_parts(row)
            if rate is None or budget is None or budget.fig.value <= 0:
                continue
            q = spent.fig.interval.nonneg() / budget.fig.interval
            if q is None:
                continue
            computed = q.scale(HUNDRED)
            if computed.meets(rate.fig.interval):
                continue
            value = spent.fig.value / budget.fig.value * 100
            placeholder = row.unscored and rate.fig.value == 0
            yield Finding(
                rate.where,
                f"“{row.label}”执行率写作 {rate.fig.text}%，而全年执行数 {spent.fig.text} ÷ 全年预算数 "
                f"{budget.fig.text} = {fmt(value)}%" + ("（该行分值、得分为“--”，不计分：0% 可能是系统导出的占位值）"
                                                      if placeholder else ""),
                f"'{row.label}': the execution rate is given as {rate.fig.text}%, but spent {spent.fig.text} / "
                f"budget {budget.fig.text} = {fmt(value)}%" + (" (the row is not scored, 分值 and 得分 are '--': "
                                                               "the 0% may be a placeholder of the export)"
                                                               if placeholder else ""),
                {"stated": rate.fig.text + "%", "computed": fmt(value) + "%", "budget": budget.fig.text,
                 "spent": spent.fig.text, "placeholder": placeholder},
                suggestion=(f"执行率应为 {fmt(value)}%", f"the rate should be {fmt(value)}%"),
                severity="warning" if placeholder else None)


@rule("AL617", "form-funds-breakdown", zh="自评表的资金各项之和不等于总额。")
def form_funds_breakdown(ctx):
    """The funds of a 自评表 whose parts do not add up to their 总额.

    年度资金总额 is 当年财政拨款 + 上年结转资金 + 其他资金 (the form lists them all, a
    blank part being nil); in a split header, 总额 = 财政拨款 + 其他资金.

    A 小计 row is the sum of the numbered rows under it, and 合计 the sum of the 小计 rows
    (rules/self-eval-forms.toml [funds.groups]; the 合计 is judged only when every 小计
    agrees with its parts, so that one slip is told once).

    Bad:  年度资金总额 | 300 | … ; 其中：当年财政拨款 | 240 | … ; 上年结转资金 | | ; 其他资金 | |
    Bad:  财政资金小计 | 0.00 | … ; ①中央财政资金 | 0.00 ; ②省级财政资金 | 0.00 ; ③地方财政资金 | 9209.55
          (宁德市人民政府办公室 2024 部门整体绩效自评表)
    Good: 学前教育 | … | 1292.55 | 1182.59 | 109.96 | …   (西安市卫健委 2022 整体支出自评表, p30)
    """
    yield from _subtotals(ctx)
    for form in ctx.facts.self_eval_forms:
        tot = form.funds_total
        parts = [r for r in form.funds if r.part_name]
        kinds = {_part_kind(r.part_name) for r in parts}
        complete = {"财政拨款", "上年结转", "其他资金"} <= kinds
        if tot is not None and parts:
            for role in ("budget_initial", "budget", "spent"):
                t = tot.values.get(role)
                vals = [r.values[role] for r in parts if role in r.values]
                if t is None or not vals:
                    continue
                s = total(v.fig.interval.nonneg() for v in vals)
                if s.meets(t.fig.interval) or not (complete or s.lo > t.fig.interval.hi):
                    continue
                got = sum(v.fig.value for v in vals)
                yield Finding(
                    t.where,
                    f"{tot.label}的{COLUMN_ZH[role]}写作 {t.fig.text}，而其中各项（{'、'.join(r.part_name for r in parts if role in r.values)}）"
                    f"合计 {fmt(got)}",
                    f"{tot.label}: {COLUMN_EN[role]} is {t.fig.text}, but its parts add up to {fmt(got)}",
                    {"total": t.fig.text, "parts_sum": fmt(got)})
        for row in form.funds:
            for side in ("budget_initial", "budget", "spent"):
                whole = row.values.get(f"{side}:总额") or row.values.get(f"{side}:合计")
                subs = [v for k, v in row.values.items() if k.startswith(side + ":") and k.split(":")[1] not in ("总额", "合计")]
                if whole is None or len(subs) < 2:
                    continue
                s = total(v.fig.interval.nonneg() for v in subs)
                if s.meets(whole.fig.interval):
                    continue
                got = sum(v.fig.value for v in subs)
                yield Finding(
                    whole.where,
                    f"“{row.label}”总额写作 {whole.fig.text}，而财政拨款与其他资金合计 {fmt(got)}",
                    f"'{row.label}': the total is {whole.fig.text}, but its funds add up to {fmt(got)}",
                    {"total": whole.fig.text, "parts_sum": fmt(got)})


def _amount_roles(row) -> list:
    """The amount columns of a funds row (not its rates, 分值 or 得分)."""
    return [k for k in row.values if k.split(":")[0] in ("budget_initial", "budget", "spent")
            or (k.startswith("c") and not k.endswith("%"))]


def _mismatch(whole, parts):
    """The first amount column where `whole` is not the sum of `parts`: (role, stated, sum) or None."""
    for role in _amount_roles(whole):
        vals = [p.values.get(role) for p in parts]
        if any(v is None for v in vals):
            continue
        if total(v.fig.interval.nonneg() for v in vals).meets(whole.values[role].fig.interval):
            continue
        return role, whole.values[role], sum(v.fig.value for v in vals)
    return None


def _column_name(form, role: str) -> str:
    return form.column_names.get(role) or COLUMN_ZH.get(role.split(":")[0], role)


def _subtotals(ctx):
    """AL617 on 小计 rows and their numbered parts, and on a 合计 made of 小计 rows."""
    for form in ctx.facts.self_eval_forms:
        groups, only = fund_groups(form)
        broken = False
        for sub, parts in groups:
            bad = _mismatch(sub, parts) if len(parts) >= 2 else None
            if bad is None:
                continue
            broken = True
            role, stated, got = bad
            names = "、".join(p.label for p in parts)
            yield Finding(
                sub.where,
                f"“{sub.label}”的{_column_name(form, role)}写作 {stated.fig.text}，而其下各项（{names}）合计 {fmt(got)}",
                f"'{sub.label}': {_column_name(form, role)} is {stated.fig.text}, but the rows under it add up to {fmt(got)}",
                {"total": stated.fig.text, "parts_sum": fmt(got), "column": _column_name(form, role)})
        tot = form.funds_total
        if tot is None or broken or not only or len(groups) < 2:
            continue
        bad = _mismatch(tot, [g[0] for g in groups])
        if bad is not None:
            role, stated, got = bad
            names = "、".join(g[0].label for g in groups)
            yield Finding(
                tot.where,
                f"“{tot.label}”的{_column_name(form, role)}写作 {stated.fig.text}，而{names}合计 {fmt(got)}",
                f"'{tot.label}': {_column_name(form, role)} is {stated.fig.text}, but its subtotals add up to {fmt(got)}",
                {"total": stated.fig.text, "parts_sum": fmt(got), "column": _column_name(form, role)})


def _part_kind(name: str) -> str:
    return "财政拨款" if "财政拨款" in name else "上年结转" if "结转" in name else "其他资金" if "其他" in name else name


@rule("AL305", "execution-rate-score", severity="warning", zh="项目自评表的执行率得分不等于分值乘以执行率。")
def execution_rate_score(ctx):
    """The funds' score of a project 自评表 that is not 分值 × 执行率.

    On the project form the 预算执行率 row is scored in proportion: 得分 = 分值 × 执行率,
    at most 分值 (rules/self-eval-forms.toml, [scoring]; a province that scores it in
    bands switches this off there).  Full marks for a rate well below 100 % inflate
    the total score and may lift the grade.

    Bad:  年度资金总额 | 100 | 100 | 80 | 10 | 80.00% | 10.00
    Good: 年度资金总额 | 240 | 229.19 | 229.19 | 10 | 100.00% | 10.00   (西安市卫健委 2022, p55)
    """
    if form_words()["scoring"].get("execution") != "proportional":
        return
    for form in ctx.facts.self_eval_forms:
        row = form.funds_total
        if row is None or "budget_initial" not in row.values and not any(
                "budget_initial" in r.values for r in form.funds):
            continue  # the project form has 年初预算数; other forms score tasks their own way
        mx, rate, score = (row.values.get(k) for k in ("max", "rate", "score"))
        if mx is None or rate is None or score is None:
            continue
        cap = Interval.exact(mx.fig.value)
        expected = cap if rate.fig.value >= 100 else rate.fig.interval.scale(mx.fig.value / HUNDRED)
        got = score.fig.interval  # a computed score, rounded as printed (10 for 9.987 is right)
        if expected.meets(got) or (expected.hi is not None and expected.hi >= mx.fig.value and cap.meets(got)):
            continue
        value = min(mx.fig.value, mx.fig.value * rate.fig.value / 100)
        yield Finding(
            score.where,
            f"执行率 {rate.fig.text} 的得分写作 {score.fig.text}，按分值 {mx.fig.text} × 执行率应为 {fmt(value)}",
            f"the execution-rate score is {score.fig.text}; {mx.fig.text} × {rate.fig.text}% gives {fmt(value)}",
            {"stated": score.fig.text, "expected": fmt(value)},
            suggestion=(f"得分应为 {fmt(value)}", f"the score should be {fmt(value)}"))


@rule("AL306", "form-score-total", zh="自评表总分一行不等于各行分值或得分之和。")
def form_score_total(ctx):
    """A 自评表 whose 总分 is not the sum of its rows' 分值 and 得分.

    The 总分 is what decides the grade; when it is not the sum of the indicator
    scores and the funds' score, one of them was changed and the total not.

    Bad:  … 指标得分 2+2+…+1.5 = 89.5, 执行率得分 10 … 总分 | 100 | 99
    Good: … 总分 | 100 | 99.5   (西安市卫健委 2022 整体支出自评表, p31)
    """
    for form in ctx.facts.self_eval_forms:
        rows = form.indicators
        if form.total_score is None or form.skipped or len(rows) < 2:
            continue
        ft = form.funds_total
        agreed = {}  # role -> whether the total that adds up counts the funds' row
        for role, what, vals, stated in (("max", "分值", [r.max for r in rows], form.total_max),
                                         ("score", "得分", [r.score for r in rows], form.total_score)):
            if stated is None:
                continue  # 总分值、评价总分(S) | 92.33: the score alone
            # the total with the funds' row (the form as issued) or without it (some units
            # total the indicators only): either reading that adds up is accepted
            readings = [(False, vals)]
            if ft is not None and role in ft.values:
                readings.insert(0, (True, vals + [ft.values[role]]))
            elif form.has_funds_part:
                continue  # the funds' row was not read, or this cell of it is blank: its share is unknown
            adds_up = [with_funds for with_funds, r in readings
                       if total(_points(v.fig) for v in r).meets(_points(stated.fig))]
            if adds_up:
                agreed[role] = set(adds_up)
                continue
            readings = [r for _w, r in readings]
            got = sum(v.fig.value for v in readings[0])
            yield Finding(
                stated.where,
                f"总分一行的{what}为 {stated.fig.text}，而各行{what}之和为 {fmt(got)}",
                f"the total row's {'maximum' if what == '分值' else 'score'} is {stated.fig.text}, "
                f"but the rows add up to {fmt(got)}",
                {"stated": stated.fig.text, "sum": fmt(got)},
                suggestion=(f"各行之和为 {fmt(got)}", f"the rows add up to {fmt(got)}"))
        if len(agreed) == 2 and not agreed["max"] & agreed["score"]:
            # 总分 | 90 | 93: the 分值 leaves out the funds' 10 points, the 得分 counts the funds' score
            mx, sc = form.total_max.fig.text, form.total_score.fig.text
            if agreed["max"] == {False}:
                zh = f"总分一行的分值 {mx} 未计入执行率一行的分值，得分 {sc} 却计入了执行率得分（两列口径不一致）"
                en = f"the total row's maximum {mx} leaves out the funds' row, its score {sc} counts it"
            else:
                zh = f"总分一行的分值 {mx} 计入了执行率一行的分值，得分 {sc} 却未计入执行率得分（两列口径不一致）"
                en = f"the total row's maximum {mx} counts the funds' row, its score {sc} leaves it out"
            yield Finding(form.total_score.where, zh, en, {"max": mx, "score": sc})


@rule("AL307", "indicator-weight", zh="一级指标标明的分数不等于其下各指标分值之和。")
def indicator_weight(ctx):
    """A 一级指标 whose stated weight is not the sum of its indicators' 分值.

    Bad:  产出指标（50分） with 分值 12.5 + 12.5 + 12.5 + 10 = 47.5
    Good: 产出指标（50分） | … 12.5 | 12.5 | 12.5 | 12.5   (西安市卫健委 2022, p55)
    """
    for form in ctx.facts.self_eval_forms:
        for g in form.groups:
            if g.weight is None or g.skipped or not g.rows:
                continue
            s = total(_points(r.max.fig) for r in g.rows)
            if s.meets(_points(g.weight.fig)):
                continue
            got = sum(r.max.fig.value for r in g.rows)
            yield Finding(
                g.weight.where,
                f"{g.name}标明 {g.weight.fig.text} 分，而其下各指标分值之和为 {fmt(got)} 分",
                f"{g.name} states {g.weight.fig.text} points, but its indicators' maxima add up to {fmt(got)}",
                {"stated": g.weight.fig.text, "sum": fmt(got)},
                suggestion=(f"其下指标分值之和为 {fmt(got)} 分", f"its indicators add up to {fmt(got)}"))


TARGET = re.compile(r"^(?P<op>≥|>=|＞=|>|＞|≤|<=|<|＜|不低于|不少于|不小于|大于|高于|不高于|不超过|不多于|小于|低于)?"
                    r"\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|[\u4e00-\u9fff]{1,3})?$")
AT_LEAST = {"≥", ">=", "＞=", "不低于", "不少于", "不小于"}
MORE = {">", "＞", "大于", "高于"}
AT_MOST = {"≤", "<=", "不高于", "不超过", "不多于"}
LESS = {"<", "＜", "小于", "低于"}


def _missed(target: str, actual: str):
    """(target, actual) numbers when the actual value misses an explicit target, else None."""
    t = TARGET.match("".join(target.split()))
    a = TARGET.match("".join(actual.split()))
    if not t or not a or not t.group("op") or a.group("op"):
        return None
    if (t.group("unit") or "").replace("％", "%") != (a.group("unit") or "").replace("％", "%"):
        return None
    tv, av, op = Fraction(t.group("num")), Fraction(a.group("num")), t.group("op")
    missed = (op in AT_LEAST and av < tv) or (op in MORE and av <= tv) or \
        (op in AT_MOST and av > tv) or (op in LESS and av >= tv)
    return (tv, av) if missed else None


@rule("AL308", "target-missed-full-marks", severity="warning", zh="指标未达目标却得满分，且未说明偏差原因。")
def target_missed_full_marks(ctx):
    """An indicator that missed its target yet has full marks and no 偏差原因.

    A missed target scores below its 分值, or the form says why in 偏差原因分析.

    Bad:  指标8：引进高层次人才 | ≥800人 | 744人 | 2 | 2 |
    Good: 指标8：引进高层次人次 | ≥800人 | 744人 | 2 | 1.5   (西安市卫健委 2022 整体支出自评表, p31)
    """
    for form in ctx.facts.self_eval_forms:
        for r in form.indicators:
            miss = _missed(r.target, r.actual)
            if miss is None or r.score.fig.value < r.max.fig.value or (r.deviation or "").strip():
                continue
            yield Finding(
                r.score.where,
                f"“{r.name}”目标为 {r.target}，实际完成 {r.actual}，未达目标却得满分 {r.score.fig.text} 分，"
                f"且未说明偏差原因",
                f"'{r.name}': target {r.target}, achieved {r.actual} — missed, yet full marks "
                f"({r.score.fig.text}) and no reason given",
                {"target": r.target, "actual": r.actual, "score": r.score.fig.text})


def _as_printed(fig) -> Interval:
    """A figure's interval, trailing zeros beyond two decimals read as padding of the
    format: 11.2500 (资金结余率 in a four-decimal cell) stands for 11.25."""
    text = fig.text.replace(",", "")
    if "." in text and fig.decimals > 2 and text.endswith("0"):
        shown = max(2, len(text.rstrip("0").split(".")[1]))
        return Interval.rounded(fig.value, shown)
    return fig.interval


def _evaluate(expr: str, cols: dict):
    """The interval of a column formula '①+②', '③-④', '④/③' over one row's columns
    ({'①': Figure}), or None when a column is blank or a divisor is zero."""
    terms = re.split(r"([-+/－＋÷])", expr)
    if any(t not in cols for t in terms[::2]):
        return None
    acc = cols[terms[0]].interval.nonneg()
    for op, t in zip(terms[1::2], terms[2::2]):
        v = cols[t].interval.nonneg()
        if op in "+＋":
            acc = acc + v
        elif op in "-－":
            acc = acc - v
        else:
            acc = acc.nonneg() / v if v.lo is not None and v.lo > 0 else None
            if acc is None:
                return None
            acc = acc.scale(HUNDRED)  # a 率 column: ⑤=④/③ in %
    return acc


@rule("AL618", "form-column-formula", zh="自评表表头写明的列间算式（如③=①+②）在某一行不成立。")
def form_column_formula(ctx):
    """A row of a 自评表 where a column the header defines by a formula does not follow it.

    The 福建 部门整体绩效自评表 heads its fund columns with their formulas (小计③=①+②,
    支出实现率(%)⑤=④/③, 本年度结余金额⑥=③-④, 资金结余率(%)⑦=⑥/③); each row must obey them.
    A quotient column is in % (×100).  Trailing zeros beyond two decimals are format padding.
    A column found wrong is not used in the formulas after it (one slip, one finding).

    Bad:  合计 | 9209.55 | 790.22 | 9999.77 | 8874.74 | 88.75 | 1225.03 | …   (⑥ ≠ 9999.77 − 8874.74)
    Good: 合计 | 9209.55 | 790.22 | 9999.77 | 8874.74 | 88.75 | 1125.03 | 11.2500
          (宁德市人民政府办公室 2024; 1125.03/9999.77 = 11.2506 %, printed 11.25 padded)
    """
    for form in ctx.facts.self_eval_forms:
        if not form.formulas:
            continue
        for row in form.funds:
            cols = {k[1]: v.fig for k, v in row.values.items() if k.startswith("c")}
            wrong = set()  # a column found wrong is not used again: ⑦=⑥/③ after ⑥ is told once
            for target, expr in form.formulas.items():
                stated = cols.get(target)
                got = _evaluate(expr, cols) if stated is not None and not wrong & set(expr) else None
                if got is None or got.meets(_as_printed(stated)):
                    continue
                wrong.add(target)
                value = _value_of(expr, cols)
                name = next((form.column_names[k] for k in form.column_names if k[1:2] == target), target)
                yield Finding(
                    next(v.where for k, v in row.values.items() if k[1:2] == target),
                    f"“{row.label}”的{name}写作 {stated.text}，按表头 {target}={expr} 应为 {fmt(value)}",
                    f"'{row.label}': {name} is {stated.text}, but the header's {target}={expr} gives {fmt(value)}",
                    {"stated": stated.text, "computed": fmt(value), "formula": f"{target}={expr}"},
                    suggestion=(f"按 {target}={expr} 应为 {fmt(value)}", f"{target}={expr} gives {fmt(value)}"))


def _value_of(expr: str, cols: dict):
    terms = re.split(r"([-+/－＋÷])", expr)
    acc = cols[terms[0]].value
    for op, t in zip(terms[1::2], terms[2::2]):
        v = cols[t].value
        acc = acc + v if op in "+＋" else acc - v if op in "-－" else acc / v * 100
    return acc


@rule("AL619", "form-score-vs-text", zh="正文写的项目自评得分与该项目自评表的总分不符。")
def form_score_vs_text(ctx):
    """The text gives a project a self-evaluation score its own 自评表 does not total.

    Only where the paragraph (its heading, or its words before the score) names one
    project that has exactly one form in the report, and says one score.

    Bad:  信息化运行维护项目绩效自评综述 … 项目自评得分为 88.5 分 — the form 项目名称 信息化运行维护
          totals 总分 100 | 90.5   (国家信访局 2024 决算, p28/p36)
    Good: 资产运行维护项目绩效自评综述 … 项目自评得分为 98.0 分 — its form: 总分 100 | 98 (p28/p34)
    """
    forms = ctx.facts.self_eval_forms
    if not forms:
        return
    for ts in text_scores(ctx.report, forms, items_of, Where):
        stated = ts.form.total_score
        if _points(ts.fig).meets(_points(stated.fig)):
            continue
        yield Finding(
            ts.where,
            f"正文称“{ts.form.project}”项目自评得分 {ts.fig.text} 分，而其自评表总分为 {stated.fig.text} 分",
            f"the text gives '{ts.form.project}' a self-evaluation score of {ts.fig.text}, "
            f"but its form totals {stated.fig.text}",
            {"text": ts.fig.text, "form": stated.fig.text, "project": ts.form.project})
