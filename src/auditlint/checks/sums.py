"""AL1xx — sums: parts against their stated total (分项与合计)."""
from __future__ import annotations

from ..diagnostics import Finding
from ..numbers import Interval, fmt, total
from . import rule


def _unit(f) -> str:
    return "万元" if f.is_money else f.unit


def _hierarchical(bd) -> bool:
    """A 其中 list whose first part equals the total lists a sub-breakdown next
    (实有人数125人，其中在职125人，在职行政人员44人，事业人员81人)."""
    return any(p.fig.interval.meets(bd.total.interval) and p.fig.exact for p in bd.parts) and len(bd.parts) > 1


@rule("AL101", "parts-exceed-total",
       zh="分项之和超过其合计。")
def parts_exceed_total(ctx):
    """The parts of a breakdown add up to more than its total.

    A 其中 list may be partial, so its parts may fall short of the total, but
    they can never exceed it: a reader who adds them up sees at once that one
    of the figures is wrong.

    Bad:  许可证 21 户（其中，食品经营单位 12 户、餐饮服务 9 户、食品生产加工小作坊 4 户）
    Good: 许可证 21 户（其中，食品经营单位 12 户、餐饮服务 5 户、食品生产加工小作坊 4 户）
    """
    for bd in ctx.facts.breakdowns:
        if bd.total.approx in ("lower", "about") or _hierarchical(bd) or bd.signed:
            continue
        parts = [p for p in bd.parts if p.fig.approx != "about"]
        if len(parts) < 1:
            continue
        lo_sum = total(p.fig.interval for p in parts)
        hi_total = bd.total.interval
        if lo_sum.lo is None or hi_total.hi is None:
            continue
        # exceed: even the smallest possible sum is above the largest possible total
        exceeds = lo_sum.lo > hi_total.hi or (lo_sum.lo == hi_total.hi and hi_total.hi_open)
        if not exceeds:
            continue
        s = sum(p.fig.value for p in parts)
        u = _unit(bd.total)
        yield Finding(
            bd.where,
            f"分项之和 {fmt(s)}{u} 超过{bd.total_label or '合计'} {fmt(bd.total.value)}{u}"
            f"（超出 {fmt(s - bd.total.value)}{u}）",
            f"the parts add up to {fmt(s)} {u}, more than the total {bd.total_label} {fmt(bd.total.value)} {u}"
            f" (by {fmt(s - bd.total.value)})",
            {"total": fmt(bd.total.value), "sum_of_parts": fmt(s),
             "parts": [fmt(p.fig.value) for p in parts]},
            severity=None if bd.total.is_money else "warning",
            suggestion=(f"按各分项计算，{bd.total_label or '合计'}为 {fmt(s)}{u}", f"the parts add up to {fmt(s)} {u}")
            if bd.complete else None,
            end=parts[-1].where,
        )


@rule("AL102", "complete-breakdown-short",
       zh="列全的分项之和不等于其合计。")
def complete_breakdown_short(ctx):
    """A breakdown that is complete does not add up to its total.

    When the listing is known to be complete — shares given for every part,
    or the pair that makes up the whole (基本支出 + 项目支出, 年初结转和结余 +
    本年收入合计) — its parts must add up to the total, within rounding.

    Bad:  支出合计3402.07万元 … 其中：基本支出2107.79万元，占64.9%；项目支出1194.27万元，占35.1%。
    Good: 支出合计3402.07万元 … 其中：基本支出2207.79万元，占64.9%；项目支出1194.27万元，占35.1%。
    """
    for bd in ctx.facts.breakdowns:
        if not bd.complete or bd.total.approx or any(p.fig.approx for p in bd.parts) or bd.signed:
            continue
        s_iv = total(p.fig.interval for p in bd.parts)
        if s_iv.meets(bd.total.interval):
            continue
        s = sum(p.fig.value for p in bd.parts)
        if s > bd.total.value:
            continue  # AL101 reports it
        u = _unit(bd.total)
        names = "、".join(p.label or "?" for p in bd.parts)
        yield Finding(
            bd.where,
            f"{names}之和 {fmt(s)}{u}，与{bd.total_label or '合计'} {fmt(bd.total.value)}{u} 不符"
            f"（差 {fmt(bd.total.value - s)}{u}）",
            f"{bd.total_label or 'the total'} is {fmt(bd.total.value)} {u} but its complete breakdown adds up"
            f" to {fmt(s)} {u} (short by {fmt(bd.total.value - s)})",
            {"total": fmt(bd.total.value), "sum_of_parts": fmt(s), "complete_because": bd.why_complete},
            suggestion=(f"按各分项计算，{bd.total_label or '合计'}为 {fmt(s)}{u}", f"the parts add up to {fmt(s)} {u}"),
            end=bd.parts[-1].where,
        )


@rule("AL103", "score-deduction-arithmetic",
       zh="某部分“总计X分，扣Y分，得Z分”的算式不成立。")
def score_deduction(ctx):
    """A section score whose 总计 − 扣分 is not the 得分 it states.

    Bad:  综上所述，预算执行考核指标总计30分，扣2分，得27分。
    Good: 综上所述，预算执行考核指标总计30分，扣2分，得28分。
    """
    for s in ctx.facts.section_scores:
        if s.deducted is None:
            continue
        want = s.max.value - s.deducted.value
        if (s.max.interval - s.deducted.interval).meets(s.got.interval):
            continue
        yield Finding(
            s.where,
            f"总计 {fmt(s.max.value)} 分扣 {fmt(s.deducted.value)} 分应得 {fmt(want)} 分，报告写得 {fmt(s.got.value)} 分",
            f"{fmt(s.max.value)} points minus {fmt(s.deducted.value)} is {fmt(want)}, but the report says {fmt(s.got.value)}",
            {"max": fmt(s.max.value), "deducted": fmt(s.deducted.value), "stated": fmt(s.got.value),
             "computed": fmt(want)},
            suggestion=(f"应得 {fmt(want)} 分", f"the score should be {fmt(want)}"),
        )


@rule("AL104", "signed-breakdown",
       zh="一个增减额分解为各部分的增减额，带符号相加后不等于该增减额。")
def signed_breakdown(ctx):
    """A change split into changes of its parts whose signed sum is not the change.

    Parts of a change may go opposite ways: the total change is their sum with
    signs (增加 +, 减少 −).  Checked only where the total and every part say
    which way they go.

    Bad:  支出预算减少49.81万元，其中基本支出增加75.19万元，项目支出减少135万元
    Good: 支出预算减少49.81万元，其中基本支出增加75.19万元，项目支出减少125万元
    """
    for bd in ctx.facts.breakdowns:
        if not bd.total_sign or len(bd.parts) < 2 or not all(p.sign for p in bd.parts):
            continue
        if bd.total.approx or any(p.fig.approx for p in bd.parts):
            continue
        signed = total(p.fig.interval if p.sign > 0 else Interval.exact(0) - p.fig.interval for p in bd.parts)
        stated = bd.total.interval if bd.total_sign > 0 else Interval.exact(0) - bd.total.interval
        if signed.meets(stated):
            continue
        s = sum(p.sign * p.fig.value for p in bd.parts)
        u = _unit(bd.total)
        terms = " ".join(f"{'+' if p.sign > 0 else '−'}{fmt(p.fig.value)}" for p in bd.parts)
        yield Finding(
            bd.where,
            f"各分项变动 {terms} = {fmt(s)}{u}，报告写{bd.total_label or '合计'}"
            f"{'增加' if bd.total_sign > 0 else '减少'} {fmt(bd.total.value)}{u}",
            f"the parts' changes {terms} give {fmt(s)} {u}, not the stated change of {bd.total_label}",
            {"parts": terms, "signed_sum": fmt(s), "stated": fmt(bd.total_sign * bd.total.value)},
            suggestion=(f"按各分项变动计算为{'增加' if s >= 0 else '减少'} {fmt(abs(s))}{u}",
                        f"the parts' changes give {'an increase' if s >= 0 else 'a decrease'} of {fmt(abs(s))} {u}"))
