"""AL5xx — dates and years (日期与年度)."""
from __future__ import annotations

import calendar

from ..diagnostics import Finding
from ..leftovers import of_family
from . import rule


def _valid(y, m, d) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if d < 1:
            return False
        if m is not None:
            days = calendar.monthrange(y or 2000, m)[1]  # year unknown: allow 29 Feb
            return d <= days
        return d <= 31
    return True


def _fmt(d) -> str:
    parts = []
    if d.year:
        parts.append(f"{d.year}年")
    if d.month:
        parts.append(f"{d.month}月")
    if d.day:
        parts.append(f"{d.day}日")
    return "".join(parts)


@rule("AL501", "impossible-date",
       zh="日期不存在（如 2月30日、13月）。")
def impossible_date(ctx):
    """A date that does not exist (2月30日, 13月).

    Bad:  2024年2月30日
    Good: 2025年5月26日
    """
    for df in ctx.facts.dates:
        for d in (df.date, df.date.end):
            if d is None or d.malformed:
                continue
            if not _valid(d.year, d.month, d.day):
                yield Finding(df.where, f"日期不存在：{_fmt(d)}", f"no such date: {_fmt(d)}",
                              {"date": _fmt(d)})


@rule("AL502", "reversed-range",
       zh="日期区间的结束早于开始。")
def reversed_range(ctx):
    """A date range that ends before it starts.

    The second end inherits the year and month it leaves out: 2024年4月25日-4月30日.

    Bad:  分析评价（2024年5月29日-5月25日）
    Good: 分析评价（2024年5月25日-5月29日）
    """
    for df in ctx.facts.dates:
        a, b = df.date, df.date.end
        if b is None or not (_valid(a.year, a.month, a.day) and _valid(b.year, b.month, b.day)):
            continue
        if (b.year, b.month, b.day) < (a.year, a.month, a.day):
            yield Finding(df.where, f"日期区间倒置：{_fmt(a)}至{_fmt(b)}", f"the range ends before it starts: {_fmt(a)} to {_fmt(b)}",
                          {"start": _fmt(a), "end": _fmt(b)})


@rule("AL503", "evaluated-before-year-end",
       zh="评价工作或落款日期早于该预算年度结束。")
def evaluated_before_year_end(ctx):
    """The evaluation work or the signature is dated before the fiscal year ended.

    A report on fiscal year N can only be evaluated and signed from N+1 on; a
    timetable dated inside year N is almost always last year's template left
    unchanged.

    Bad:  2024年度…自评报告 … 1.前期准备（2024年4月25日-4月30日）
    Good: 2024年度…自评报告 … 湘潭县中路铺镇人民政府 2025年5月26日
    """
    fy = ctx.report.fiscal_year
    if fy is None:
        return
    for df in ctx.facts.dates:
        if df.role not in ("evaluation", "signature"):
            continue
        d = df.date
        if d.year is None or d.month is None or d.malformed:
            continue
        last = d.end if d.end is not None else d
        if (last.year or d.year) <= fy:
            what = "评价工作日期" if df.role == "evaluation" else "落款日期"
            what_en = "the evaluation work" if df.role == "evaluation" else "the signature"
            yield Finding(
                df.where,
                f"{what} {_fmt(d)}{'至' + _fmt(d.end) if d.end else ''} 早于 {fy} 年度结束，"
                f"{fy} 年度的评价应在 {fy + 1} 年进行",
                f"{what_en} is dated {_fmt(d)}, before fiscal year {fy} ended; it should be in {fy + 1}",
                {"date": _fmt(d), "fiscal_year": fy},
                suggestion=(f"日期应在 {fy + 1} 年或以后", f"a date in {fy + 1} or later"))


@rule("AL504", "fiscal-year-mismatch", severity="warning",
       zh="预算数字标注的年度不是报告的预算年度。")
def fiscal_year_mismatch(ctx):
    """A budget figure labelled with another year than the report's fiscal year.

    Only budget figures (收入合计, 支出合计, 预算, 决算 …) are bound to the report
    year; a 2024 report may speak of the 2025 insurance year or a 2025
    programme.

    A paragraph that also speaks of the report year compares the two: last
    year's figure there is the base, not a slip.

    Bad:  （2024年度报告）2023年度收入合计3402.07万元
    Good: （2024年度报告）2024年度收入合计3402.07万元
    """
    fy = ctx.report.fiscal_year
    if fy is None:
        return
    for ff in ctx.facts.fiscal_figures:
        if ff.year != fy:
            text = "".join(ff.where.src.text.split())
            if ff.year < fy and f"{fy}年" in text:
                # "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比…": the
                # paragraph speaks of both years; last year's figure is the comparison's base
                continue
            yield Finding(
                ff.where,
                f"报告为 {fy} 年度，此处预算数字标注为 {ff.year} 年度（{ff.label}）",
                f"the report covers {fy}, but this budget figure is labelled {ff.year} ({ff.label})",
                {"report_year": fy, "figure_year": ff.year, "label": ff.label},
                suggestion=(f"本年度的预算数字应标注为 {fy} 年", f"label this report's budget figures {fy}"))


@rule("AL505", "stale-template-year", severity="warning",
       zh="模板短语中本应为本年度的年份写成了其他年份。")
def stale_template_year(ctx):
    """A template phrase that carries the document's own year names another year.

    "纳入本部门 2019 年度部门汇总预算编制范围的预算单位…" states the budget's own year;
    in a 2019 budget, "2018" there is last year's text left in.  Likewise the staff
    and assets a 绩效 report or 决算 of year N gives "截至N年底".  The phrases, and the
    year each should carry, are data (rules/fiscal-year-phrases.toml).

    Bad:  （2019年度部门预算）纳入本部门2018年部门汇总预算编制范围的预算单位共计一家
    Good: （2019年度部门预算）纳入本部门2019年部门汇总预算编制范围的预算单位共计一家
    """
    fy = ctx.report.fiscal_year
    if not fy:
        return
    for lo in of_family(ctx.facts.leftovers, "fiscal-year"):
        p = lo.pattern
        if p.profiles and ctx.profile.name not in p.profiles:
            continue
        want = fy + p.offset
        if lo.year is None or lo.year == want:
            continue
        yield Finding(lo.where, f"文件为 {fy} 年度，此处应写 {want} 年，写作 {lo.year} 年（疑为沿用上年文本）",
                      f"the document is for {fy}; this phrase should say {want}, it says {lo.year} (last year's text?)",
                      {"fiscal_year": fy, "expected": want, "stated": lo.year},
                      suggestion=(f"应为 {want} 年", f"it should say {want}"))


@rule("AL506", "same-year-comparison", severity="warning",
       zh="某年的数字与同一年相比较。")
def same_year_comparison(ctx):
    """A figure of one year compared with the same year.

    "2025年“三公”经费预算13.85万元，比2025年减少5.45万元" in a 2026 budget: a figure
    cannot have changed against its own year; one of the two years is a slip
    (here the first: the budget is 2026's).  Only a basis that is a bare year is
    read so (比2025年预算执行数 may compare a budget with the same year's outturn).

    Bad:  2025年 “三公”经费预算13.85万元,比2025年减少5.45万元
    Good: 2026年 “三公”经费预算13.85万元,比2025年减少5.45万元
    """
    for c in ctx.facts.changes:
        if c.same_year is None:
            continue
        yield Finding(c.same_year_where or c.where, f"{c.same_year} 年的数字与 {c.same_year} 年相比（同一年度不能相比，疑为年份笔误）",
                      f"a figure of {c.same_year} compared with {c.same_year}: one of the two years is a slip",
                      {"year": c.same_year})


@rule("AL507", "blank-date", severity="warning", zh="表中应填日期的栏目（填报日期等）未填写。")
def blank_date(ctx):
    """A date field of the form left blank (填报日期：  年  月  日).

    The date says when the unit vouched for the figures; a report or form filed
    without it cannot be placed in time (was it evaluated before the year ended?).

    Bad:  填报人：张三    填报日期：
    Good: 填报人：张三    填报日期：2025年3月15日
    """
    for b in ctx.facts.blank_dates:
        yield Finding(b.where, f"“{b.label}”未填写", f"the field '{b.label}' is left blank", {"field": b.label})
