"""AL2xx — ratios: shares, changes, written formulas."""
from __future__ import annotations

from fractions import Fraction

from ..diagnostics import Finding
from ..named_shares import composite_named
from ..numbers import Interval, as_written, fmt, total
from . import rule


def _share_suggestion(val, share) -> tuple:
    """The share as it should be written: the computed value at the stated precision."""
    v = as_written(val, share.decimals)
    return f"应为 {v}%", f"it should be {v}%"


def _rate_suggestion(val, rate) -> tuple:
    v = as_written(val, rate.decimals)
    return f"变动率应为 {v}%", f"the rate should be {v}%"


def _pct(iv: Interval) -> Interval:
    return iv.scale(100)


# Rounding policy (design.md): a stated rate that is right only when read as
# truncated (36.58 for 36.586) or as adjusted by one last digit so that a set
# of shares totals exactly 100 (尾差) is common accounting practice: a warning,
# never an error.
TRUNCATED_ZH = "（按截尾而非四舍五入取值，请核对）"
TRUNCATED_EN = " (cut off instead of rounded: please check)"
ADJUSTED_ZH = "（相差末位 1，各项占比合计为 100%，可能为尾差调整，请核对）"
ADJUSTED_EN = " (off by one in the last digit while the shares total 100 %: a 尾差 adjustment? please check)"


# A figure written with fewer decimals than the figures it is computed with (增加1657万元
# beside 4243.61万元; 110 万元 beside 317.8 and 156.55) is, in these reports, the same
# precision with its trailing zeros dropped (a spreadsheet's General format): 1657.00,
# 110.00.  A ratio wrong only under that reading is a warning (measured: _zeros_dropped).
CENTS_ZH = "（按各数末尾 0 省略、精确到分计；若有数系取整所得，请核对）"
CENTS_EN = " (reading figures written short as exact, trailing zeros dropped; if one was rounded, please check)"


def _to_the_cent(figs) -> list | None:
    """The figures' intervals with those written shorter than the most precise of them
    read as exact; None when they are all written alike (no second reading)."""
    most = max(f.decimals_in_unit for f in figs)
    if all(f.decimals_in_unit == most or f.exact_kind for f in figs):
        return None
    return [Interval.exact(f.value) if f.decimals_in_unit < most and not f.exact_kind else f.interval
            for f in figs]


def _one_digit_wider(fig) -> Interval:
    iv = fig.interval
    step = Fraction(10) ** (-fig.decimals_in_unit)
    return Interval(iv.lo - step, iv.hi + step, True)


def _shares_total_100(bd) -> bool:
    shares = [p.share for p in bd.parts]
    return len(shares) >= 2 and all(s is not None and s.unit == "%" for s in shares) and \
        sum(s.value for s in shares) == 100


@rule("AL201", "share-of-total",
       zh="“占X%”与该部分占其合计的实际比例不符。")
def share_of_total(ctx):
    """A share 占X% that is not the part's share of its total.

    The percentage must be the part divided by the total the breakdown opens
    with, within the rounding of the three figures.

    Bad:  本年支出合计4094.64万元，其中基本支出775.34万元，占19.94%
    Good: 本年支出合计4094.64万元，其中基本支出775.34万元，占18.94%
    """
    for bd, part in ctx.facts.shares:
        if bd.total.approx or part.fig.approx or part.share.approx:
            continue
        q = part.fig.interval.nonneg() / bd.total.interval
        if q is None:
            continue
        computed = _pct(q)
        stated = part.share.interval if part.share.unit == "%" else part.share.interval.scale(Fraction(1, 10))
        if computed.meets(stated):
            continue
        note_zh = note_en = ""
        severity = None
        if part.share.unit == "%" and part.share.truncated_interval and computed.meets(part.share.truncated_interval):
            severity, note_zh, note_en = "warning", TRUNCATED_ZH, TRUNCATED_EN
        elif part.share.unit == "%" and _shares_total_100(bd) and computed.meets(_one_digit_wider(part.share)):
            severity, note_zh, note_en = "warning", ADJUSTED_ZH, ADJUSTED_EN
        val = part.fig.value / bd.total.value * 100
        yield Finding(
            part.share_where,
            f"{part.label or '该项'} {fmt(part.fig.value)} 占{bd.total_label or '合计'} {fmt(bd.total.value)} 的"
            f" {fmt(val)}%，报告写 {part.share.text}%{note_zh}",
            f"{part.label} {fmt(part.fig.value)} is {fmt(val)}% of {bd.total_label} {fmt(bd.total.value)},"
            f" not the stated {part.share.text}%{note_en}",
            {"part": fmt(part.fig.value), "total": fmt(bd.total.value), "stated": part.share.text,
             "computed": fmt(val, 2)},
            severity=severity,
            suggestion=_share_suggestion(val, part.share) if part.share.unit == "%" else None,
        )


@rule("AL202", "shares-sum-to-100",
       zh="列全的各部分占比相加不等于 100%。")
def shares_sum(ctx):
    """The shares of a complete breakdown do not add up to 100 %.

    Bad:  其中：基本支出2207.79万元，占64.9%；项目支出1194.27万元，占36.1%。
    Good: 其中：基本支出2207.79万元，占64.9%；项目支出1194.27万元，占35.1%。
    """
    seen = set()
    for bd, _part in ctx.facts.shares:
        if id(bd) in seen:
            continue
        seen.add(id(bd))
        if any(p.share is None for p in bd.parts) or len(bd.parts) < 2:
            continue
        if any(p.share.unit != "%" or p.share.approx for p in bd.parts):
            continue
        s_iv = total(p.share.interval for p in bd.parts)
        if s_iv.meets(Interval.exact(100)):
            continue
        s = sum(p.share.value for p in bd.parts)
        yield Finding(
            bd.parts[0].share_where,
            f"各项占比之和为 {fmt(s)}%，不是 100%",
            f"the shares add up to {fmt(s)}%, not 100%",
            {"sum_of_shares": fmt(s), "shares": [p.share.text for p in bd.parts]},
            end=bd.parts[-1].share_where,
        )


def _change_ratio(c, current=None, delta: Interval | None = None) -> Interval | None:
    """Δ / 上年 as an interval, where 上年 = 本年 ∓ Δ; None when the change lacks a figure
    or is measured on an adjusted figure (扣除…后: its 本年 is not the one stated).
    ``current``: another reading of 本年 (Change.alternatives); ``delta``: another
    reading of Δ (its exact value, _zeros_dropped)."""
    cur = current or c.current
    if c.adjusted or cur is None or c.delta is None or cur.approx or c.delta.approx or not cur.is_money:
        return None
    d = delta or c.delta.interval
    base = cur.interval - d if c.direction > 0 else cur.interval + d
    return d.nonneg() / base


def _zeros_dropped(c) -> Interval | None:
    """Δ read as written to the cent: a change amount with fewer decimals than the
    figure it changes (增加28.1万元 beside 400.02万元, 增加1657万元 beside 4243.61万元)
    is that figure's precision with its trailing zeros dropped (28.10, 1657.00), as a
    spreadsheet's General format prints them.  Measured on corpus/real and corpus/*.txt
    (33 changes so written): every right rate agrees with the exact Δ, and the two that
    do not are the verified errors of x3_jiangsu_jcy_2019ys.  Only Δ: a 本年 written
    short (3,666 beside 21.8) is often rounded.  None when Δ is as precise as 本年."""
    cur, d = c.current, c.delta
    if cur is None or d is None or d.exact_kind or d.decimals_in_unit >= cur.decimals_in_unit:
        return None
    return Interval.exact(d.value)


def _another_reading_fits(c, fits) -> bool:
    """Does the change agree under another reading of which figure it is of?"""
    for alt in c.alternatives:
        q = _change_ratio(c, alt)
        if q is not None and fits(q):
            return True
    return False


@rule("AL203", "change-rate",
       zh="增减额与增减率不符。")
def change_rate(ctx):
    """A change whose amount and rate disagree.

    同比增长 = (本年 − 上年) / 上年: the base is last year, which is the
    current figure minus the increase.  A rate computed on the current figure
    instead is the commonest slip.  A Δ written shorter than 本年 (1657 beside
    4243.61) is also read to the cent (_zeros_dropped): wrong only then, a warning.

    Bad:  收入合计3402.07万元，较上年决算数增加520.46万元，增加15.3%
    Good: 收入合计3402.07万元，较上年决算数增加520.46万元，增加18.06%
    """
    for c in ctx.facts.changes:
        if c.rate is None or c.rate.approx:
            continue
        q = _change_ratio(c)
        if q is None:
            continue
        fits = lambda q2: _pct(q2).meets(c.rate.interval) or (  # noqa: E731
            c.rate.truncated_interval is not None and _pct(q2).meets(c.rate.truncated_interval))
        exact_delta = None
        if _pct(q).meets(c.rate.interval) or _another_reading_fits(c, fits):
            exact_delta = _zeros_dropped(c)
            if exact_delta is None or fits(_change_ratio(c, delta=exact_delta)) or any(
                    _change_ratio(c, alt, exact_delta) is not None and fits(_change_ratio(c, alt, exact_delta))
                    for alt in c.alternatives):
                continue
        truncated = exact_delta is None and c.rate.truncated_interval is not None and \
            _pct(q).meets(c.rate.truncated_interval)
        note_zh, note_en = (TRUNCATED_ZH, TRUNCATED_EN) if truncated else ("", "")
        if exact_delta is not None:
            cents = as_written(c.delta.value, c.current.decimals_in_unit)
            note_zh = f"（按变动额 {cents} 计，即末尾 0 省略；若变动额系取整所得，请核对）"
            note_en = f" (reading the change as {cents}, trailing zeros dropped; if it was rounded, please check)"
        base_v = c.current.value - c.direction * c.delta.value
        val = c.delta.value / base_v * 100
        yield Finding(
            c.where,
            f"{c.label or '本年数'} {fmt(c.current.value)}，变动 {fmt(c.delta.value)}，上年应为 {fmt(base_v)}，"
            f"变动率应为 {fmt(val)}%，报告写 {c.rate.text}%" + note_zh,
            f"{c.label} {fmt(c.current.value)} changed by {fmt(c.delta.value)}: last year was {fmt(base_v)},"
            f" so the rate is {fmt(val)}%, not {c.rate.text}%" + note_en,
            {"current": fmt(c.current.value), "delta": fmt(c.delta.value), "previous": fmt(base_v),
             "stated_rate": c.rate.text, "computed_rate": fmt(val, 3 if truncated else 2)},
            severity="warning" if truncated or exact_delta is not None else None,
            suggestion=_rate_suggestion(abs(val), c.rate) if c.rate.unit == "%" else None,
        )


@rule("AL206", "rate-without-percent",
       zh="增长率漏写百分号。")
def rate_without_percent(ctx):
    """A growth rate printed without its % sign.

    "增长 13.95" reads as 13.95 times, or as an amount in the sentence's unit.
    Reported only when the bare number is the rate the sentence's own figures
    give, so a bare number that is something else is never blamed.

    Bad:  财政拨款收入支出总计增加 1193.20 万元，增长 13.95。
    Good: 财政拨款收入支出总计增加 1193.20 万元，增长 13.95%。
    """
    for c in ctx.facts.changes:
        if c.unitless_rate is None or c.rate is not None:
            continue
        q = _change_ratio(c)
        if not (q is not None and _pct(q).meets(c.unitless_rate.interval)) and \
                not _another_reading_fits(c, lambda q2: _pct(q2).meets(c.unitless_rate.interval)):
            continue
        yield Finding(
            c.where,
            f"变动率“{c.unitless_rate.text}”缺少百分号：按本句数字计算为 {c.unitless_rate.text}%",
            f"the rate '{c.unitless_rate.text}' has no % sign: the sentence's figures give {c.unitless_rate.text}%",
            {"stated": c.unitless_rate.text, "computed_rate": c.unitless_rate.text + "%"},
            suggestion=(f"写作 {c.unitless_rate.text}%", f"write {c.unitless_rate.text}%"),
        )


@rule("AL207", "share-of-defined-whole",
       zh="占由其组成部分定义的整体（如“三公”经费）的比例，与该部分占各组成部分之和的比例不符。")
def share_of_defined_whole(ctx):
    """A share of a whole defined by its parts (“三公”经费) that is not the part's
    share of the sum of those parts.

    The 三公 are 因公出国（境）+ 公务用车购置及运行 + 公务接待 (rules/composites.toml).
    When a paragraph gives all three, each with 占“三公”经费的 p%, the whole is
    their sum even if the paragraph never states it.  Shares taken of a wider
    total (三公 + 会议费 + 培训费) and printed as shares of the 三公 are wrong.
    Checked only when every part of the whole is listed once.  Amounts written
    shorter than the others (110 beside 156.55) are also read to the cent
    (_to_the_cent): a share wrong only then is a warning.

    Bad:  因公出国（境）费支出 222.5 万元，占“三公”经费的 8.75%；公务用车购置及运行费支出
          183.6 万元，占“三公”经费的 7.22%；公务接待费支出 427.5 万元，占“三公”经费的 16.81%
    Good: 因公出国（境）费支出199.25万元，占“三公”经费的25.96%；公务用车购置及运行费支出
          183.6万元，占“三公”经费的23.92%；公务接待费支出384.75万元，占“三公”经费的50.12%
    """
    groups: dict = {}
    for s in ctx.facts.named_shares:
        groups.setdefault((s.block, s.whole), []).append(s)
    for (_b, whole), shares in groups.items():
        comp = composite_named(whole)
        if comp is None or len(shares) != len(comp.parts):
            continue
        if sorted(comp.part_of(s.label) if comp.part_of(s.label) is not None else -1 for s in shares) != \
                list(range(len(comp.parts))):
            continue  # not every part listed exactly once: the whole is not known
        if any(s.share.unit != "%" or s.share.approx or s.amount.unit != shares[0].amount.unit for s in shares):
            continue
        denominator = total(s.amount.interval for s in shares)
        cents = _to_the_cent([s.amount for s in shares])
        den_cents = total(cents) if cents else None
        den_v = sum(s.amount.value for s in shares)
        sums_100 = sum(s.share.value for s in shares) == 100
        for s, c in zip(shares, cents or [None] * len(shares)):
            q = s.amount.interval.nonneg() / denominator
            if q is None:
                continue
            computed = _pct(q)
            severity, note_zh, note_en = None, "", ""
            if computed.meets(s.share.interval):
                q2 = c.nonneg() / den_cents if cents else None
                if q2 is None or _pct(q2).meets(s.share.interval) or (
                        s.share.truncated_interval and _pct(q2).meets(s.share.truncated_interval)) or (
                        sums_100 and _pct(q2).meets(_one_digit_wider(s.share))):
                    continue
                severity, note_zh, note_en = "warning", CENTS_ZH, CENTS_EN
            elif s.share.truncated_interval and computed.meets(s.share.truncated_interval):
                severity, note_zh, note_en = "warning", TRUNCATED_ZH, TRUNCATED_EN
            elif sums_100 and computed.meets(_one_digit_wider(s.share)):
                severity, note_zh, note_en = "warning", ADJUSTED_ZH, ADJUSTED_EN
            val = s.amount.value / den_v * 100
            parts = " + ".join(fmt(x.amount.value) for x in shares)
            yield Finding(
                s.where,
                f"{s.label} {fmt(s.amount.value)} 占{whole}（{parts} = {fmt(den_v)}）的 {fmt(val)}%，"
                f"报告写 {s.share.text}%{note_zh}",
                f"{s.label} {fmt(s.amount.value)} is {fmt(val)}% of {whole} ({parts} = {fmt(den_v)}),"
                f" not the stated {s.share.text}%{note_en}",
                {"part": fmt(s.amount.value), "whole": fmt(den_v), "stated": s.share.text, "computed": fmt(val, 2)},
                severity=severity,
                suggestion=_share_suggestion(val, s.share),
            )


MIN_DISTINCT_DIGITS = 5  # a current figure this precise is one quantity wherever it recurs …
# … within one scope: the 财政拨款 (一般公共预算) figures; a total over all funds may equal
# them this year and still have changed by another amount (其他资金 last year)
FUND_SCOPE = ("一般公共预算", "财政拨款")


@rule("AL208", "same-figure-two-changes",
       zh="同一数字与上年相比给出了两个不同的增减。")
def same_figure_two_changes(ctx):
    """One figure given two different changes on the year before.

    A figure as precise as 21,940.96 万元 that recurs in the 说明 as a 财政拨款 /
    一般公共预算 figure is one quantity; its increase over last year must be the
    same wherever it is stated.  (The total over all funds may equal it this year
    and have changed by another amount: it is not compared.)  Two different increases mean at least
    one is wrong; every place is reported with the others.

    Bad:  一般公共预算收入预算 21,940.96 万元，与上年相比增加 3,959.28 万元 … 一般公共预算
          财政拨款支出预算 21,940.96 万元，与上年相比增加 3,958.98 万元
    Good: … 21,940.96 万元，与上年相比增加 3,959.28 万元 … 21,940.96 万元，与上年相比增加 3,959.28 万元
    """
    by_figure: dict = {}
    for c in ctx.facts.changes:
        if c.current is None or c.delta is None or c.current.approx or c.delta.approx or not c.current.is_money:
            continue
        if c.adjusted or c.alternatives:
            continue
        if sum(ch.isdigit() for ch in c.current.text) < MIN_DISTINCT_DIGITS:
            continue
        if not any(w in c.scope for w in FUND_SCOPE):
            continue
        by_figure.setdefault((c.current.value, c.current.unit), []).append(c)
    for (value, unit), changes in by_figure.items():
        deltas = {(c.direction * c.delta.value) for c in changes}
        if len(deltas) < 2:
            continue
        if any(a.delta.interval.meets(b.delta.interval) and a.direction == b.direction
               for a in changes for b in changes if a is not b and a.delta.value != b.delta.value):
            continue  # the same change at two precisions (3,959.3 and 3,959.28)
        for c in changes:
            others = sorted({f"{'+' if o.direction > 0 else '-'}{o.delta.text}" for o in changes
                             if o.direction * o.delta.value != c.direction * c.delta.value})
            yield Finding(
                c.where,
                f"{fmt(value)}{unit} 比上年的变动在此处为 {'增加' if c.direction > 0 else '减少'} {c.delta.text}，"
                f"在本文件别处为 {'、'.join(others)}（同一数字的变动额前后不一致）",
                f"{fmt(value)} {unit} changed by {c.delta.text} here but by {', '.join(others)} elsewhere in"
                " this document",
                {"figure": fmt(value), "delta": c.delta.text, "elsewhere": others})


@rule("AL209", "change-of-stated-figures",
       zh="句中两个数字之间的增减，与所写的增减方向或增减率不符。")
def change_of_stated_figures(ctx):
    """A change between two figures the sentence states that its words or rate deny.

    "2023年当年预算执行数为 A 万元，2024年预算安排 B 万元，比2023年预算执行数增加 r%":
    r must be (B − A) / A, 增加 needs B > A, 减少 B < A, and 持平 B = A.

    Bad:  2023年当年预算执行数为711.34万元，2024年预算安排738.66万元，比2023年预算执行数减少3.84%
    Good: 2023年当年预算执行数为711.34万元，2024年预算安排738.66万元，比2023年预算执行数增加3.84%
    """
    for c in ctx.facts.changes:
        if c.previous is None or c.current is None or c.previous.approx or c.current.approx:
            continue
        diff = c.current.interval - c.previous.interval
        same = diff.meets(Interval.exact(0))
        up = not same and diff.lo is not None and diff.lo > 0
        words = {1: "增加", -1: "减少", 0: "持平"}
        actual = 0 if same else (1 if up else -1)
        prev_v, cur_v = c.previous.value, c.current.value
        if actual != c.direction:
            yield Finding(
                c.where,
                f"上年 {fmt(prev_v)}、本年 {fmt(cur_v)}，应为“{words[actual]}”，报告写“{words[c.direction]}”",
                f"last year {fmt(prev_v)}, this year {fmt(cur_v)}: that is '{words[actual]}', not"
                f" '{words[c.direction]}'",
                {"previous": fmt(prev_v), "current": fmt(cur_v), "stated": words[c.direction]},
                suggestion=(f"应为“{words[actual]}”",
                            f"it should say {dict([(1, 'an increase'), (-1, 'a decrease'), (0, 'unchanged')])[actual]}"
                            f" ({words[actual]})"))
            continue
        if c.rate is None or c.rate.approx or same or prev_v <= 0:
            continue
        q = (diff if up else Interval.exact(0) - diff) / c.previous.interval
        if q is None or _pct(q).meets(c.rate.interval):
            continue
        truncated = c.rate.truncated_interval is not None and _pct(q).meets(c.rate.truncated_interval)
        val = abs(cur_v - prev_v) / prev_v * 100
        yield Finding(
            c.where,
            f"上年 {fmt(prev_v)}、本年 {fmt(cur_v)}，变动率应为 {fmt(val)}%，报告写 {c.rate.text}%"
            + (TRUNCATED_ZH if truncated else ""),
            f"last year {fmt(prev_v)}, this year {fmt(cur_v)}: the rate is {fmt(val)}%, not {c.rate.text}%"
            + (TRUNCATED_EN if truncated else ""),
            {"previous": fmt(prev_v), "current": fmt(cur_v), "stated_rate": c.rate.text, "computed_rate": fmt(val, 2)},
            severity="warning" if truncated else None,
            suggestion=_rate_suggestion(abs(val), c.rate) if c.rate.unit == "%" else None)


@rule("AL210", "change-multiple",
       zh="以倍数表述的增长（增长 N 倍）与金额不符。")
def change_multiple(ctx):
    """An increase stated as a multiple (增长 N 倍) that the amounts do not give.

    增长 N 倍 means the increase is N times last year's figure (上年 = 本年 − 增加额).

    Bad:  预算数为 2,388.04 万元。与上年相比增加 2,247.84 万元（上年…140.2 万元），增长 15 倍
    Good: 预算数为 2,388.04 万元。与上年相比增加 2,247.84 万元（上年…140.2 万元），增长 16 倍
    """
    for c in ctx.facts.changes:
        if c.times is None or c.direction <= 0 or c.times.approx:
            continue
        q = _change_ratio(c)
        if q is None or q.meets(c.times.interval) or _another_reading_fits(c, lambda q2: q2.meets(c.times.interval)):
            continue
        base_v = c.current.value - c.delta.value
        val = c.delta.value / base_v
        yield Finding(
            c.where,
            f"增加额 {fmt(c.delta.value)} 是上年 {fmt(base_v)} 的 {fmt(val)} 倍，报告写 {c.times.text} 倍",
            f"the increase {fmt(c.delta.value)} is {fmt(val)} times last year's {fmt(base_v)}, not {c.times.text}",
            {"delta": fmt(c.delta.value), "previous": fmt(base_v), "stated": c.times.text, "computed": fmt(val, 2)},
            suggestion=(f"应为 {as_written(val, max(c.times.decimals, 1))} 倍",
                        f"{as_written(val, max(c.times.decimals, 1))} times"))


@rule("AL211", "rate-on-zero-base", severity="info",
       zh="上年为零的项目给出了增长率。")
def rate_on_zero_base(ctx):
    """A growth rate stated for something that was zero last year.

    When the whole amount is new (本年 = 增加额, so 上年 = 0), a rate has no base:
    "增长 100%" or any other figure is a convention, not arithmetic.  Not an
    error; a note so that the reader does not take the rate for a measurement.

    Bad:  项目支出 30 万元，比上年增加 30 万元，增长 100%   (上年为 0)
    Good: 项目支出 30 万元，比上年增加 30 万元（上年无此项支出）
    """
    for c in ctx.facts.changes:
        if c.rate is None or c.current is None or c.delta is None or c.direction <= 0 or c.adjusted:
            continue
        if c.current.approx or c.delta.approx or c.current.value != c.delta.value or not c.current.value:
            continue
        yield Finding(
            c.where,
            f"上年为 0（本年 {fmt(c.current.value)} 全部为增加额），增长率 {c.rate.text}% 没有计算基数",
            f"last year was 0 (all of {fmt(c.current.value)} is new): the rate {c.rate.text}% has no base",
            {"current": fmt(c.current.value), "stated_rate": c.rate.text})


@rule("AL204", "formula-result",
       zh="文中写出的算式 a/b=c% 结果错误。")
def formula_result(ctx):
    """A written computation a/b = c% whose result is wrong.

    Bad:  预算调整率：…＝307/4988＝7.2%
    Good: 预算调整率：…＝307/4988＝6.2%
    """
    for f in ctx.facts.formulas:
        q = f.numerator.interval.nonneg() / f.denominator.interval
        if q is None:
            continue
        if f.result.unit == "%":
            ok = _pct(q).meets(f.result.interval)
        elif f.result.unit == "":
            ok = q.meets(f.result.interval) or _pct(q).meets(f.result.interval)
        else:
            continue
        if ok:
            continue
        val = f.numerator.value / f.denominator.value * 100
        yield Finding(
            f.where,
            f"{f.numerator.text}/{f.denominator.text} = {fmt(val)}%，报告写 {f.result.text}{f.result.unit}",
            f"{f.numerator.text}/{f.denominator.text} is {fmt(val)}%, not {f.result.text}{f.result.unit}",
            {"numerator": f.numerator.text, "denominator": f.denominator.text, "stated": f.result.text,
             "computed": fmt(val)},
            suggestion=(f"{f.numerator.text}/{f.denominator.text}＝{as_written(val, max(f.result.decimals, 1))}%",
                        f"{f.numerator.text}/{f.denominator.text} = {as_written(val, max(f.result.decimals, 1))}%")
            if f.result.unit == "%" else None,
        )


def _k_of(n: int, pct) -> int | None:
    """A whole k with k/n equal to the stated percentage at its precision, read as rounded
    (half-up or half-even: the interval's ends both count) or as cut off (rounding policy);
    None when there is none."""
    step = Fraction(10) ** (-pct.decimals)
    lo, hi = pct.value - step / 2, pct.value + step
    k = -(-lo * n // 100)  # the least k with 100k/n >= lo
    return int(k) if 0 <= k <= n and Fraction(100 * k, n) <= hi else None


def _nearest(n: int, pct) -> str:
    k = round(pct.value * n / 100)
    return as_written(Fraction(100 * k, n), pct.decimals)


@rule("AL205", "percent-of-count", severity="warning",
       zh="整数个数的百分比不可能由任何整数得到（GRIM 检验）。")
def percent_of_count(ctx):
    """A percentage of a whole-number count that no whole number can give (GRIM test).

    A rate k/N of questionnaires or people can take only N+1 values; a stated rate
    none of them gives, at its precision, rounded or cut off, is impossible.  Checked
    where the grammar linked a count total and its share (其中 … 占X%), and for a
    满意率/合格率 … in a paragraph that states its survey's counts: every count there,
    the sum of two survey counts and their differences are tried as the base (发放 vs 回收 vs 有效),
    and only a rate no base can give is reported.  A warning: the base may be one the
    paragraph does not state.

    Bad:  本次发放问卷120份，回收有效问卷118份，满意率为96.5%   (no k/118 nor k/120 is 96.5 %)
    Good: 本次发放问卷120份，回收有效问卷118份，满意率为96.6%   (114/118 = 96.61 %)
    """
    for bd, part in ctx.facts.shares:
        if not (bd.total.exact_kind and part.fig.exact_kind) or bd.total.approx:
            continue
        n = int(bd.total.value)
        if n <= 0 or part.share.unit != "%" or part.share.approx or _k_of(n, part.share) is not None:
            continue
        yield Finding(
            part.share_where,
            f"基数为 {n} 时，没有任何整数 k 使 k/{n} 为 {part.share.text}%（最接近的是 {_nearest(n, part.share)}%）",
            f"with a base of {n}, no whole number k gives k/{n} = {part.share.text}%"
            f" (the nearest is {_nearest(n, part.share)}%)",
            {"base": n, "stated": part.share.text},
        )
    for c in ctx.facts.percent_counts:
        if any(_k_of(n, c.pct) is not None for n in c.bases):
            continue
        shown = "、".join(f.text + f.unit for f in c.counts)
        near = "；".join(f"k/{int(f.value)} 最接近 {_nearest(int(f.value), c.pct)}%" for f in c.counts[:3])
        near_en = "; ".join(f"k/{int(f.value)} is at best {_nearest(int(f.value), c.pct)}%" for f in c.counts[:3])
        yield Finding(
            c.where,
            f"{c.rate_word} {c.pct.text}%：以本段的 {shown}（及其和、差）作基数，都没有整数 k 使 k/N"
            f" 为 {c.pct.text}%（{near}），请核对比率或基数",
            f"{c.rate_word} {c.pct.text}%: no base the paragraph states ({shown}, their sums or differences)"
            f" gives a whole k with k/N = {c.pct.text}% ({near_en})",
            {"rate": c.rate_word, "stated": c.pct.text, "bases": [int(f.value) for f in c.counts]},
        )