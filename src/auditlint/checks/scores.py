"""AL3xx — scores and grades (得分、分值、等级)."""
from __future__ import annotations

from ..diagnostics import Finding
from ..numbers import fmt, total
from . import rule


def section_components(facts):
    """Nest section scores (总计X分，扣Y分，得Z分) and loose item scores (得Z分).

    Within the smallest heading section of a section score S, the scores
    written before S — back to a section score at least as large as S — are
    its components.  Returns (components by id(S), top-level scores).
    """
    events = sorted(
        [("S", s.where.block, s.where.start, s) for s in facts.section_scores]
        + [("L", l.where.block, l.where.start, l) for l in facts.loose_scores],
        key=lambda e: (e[1], e[2]))
    comps, consumed = {}, set()
    for i, (kind, _b, _o, s) in enumerate(events):
        if kind != "S":
            continue
        parts = []
        for kind2, _b2, _o2, x in reversed(events[:i]):
            if x.section is not s.section:
                break
            if kind2 == "S" and x.max.value >= s.max.value:
                break
            if id(x) in consumed:
                continue
            parts.append(x)
        for x in parts:
            consumed.add(id(x))
        comps[id(s)] = list(reversed(parts))
    top = [s for s in facts.section_scores if id(s) not in consumed]
    return comps, top


def _value(x):
    return x.got


@rule("AL301", "score-items-vs-total",
       zh="各项指标得分之和与所写的总得分（或部分得分）不符。")
def items_vs_total(ctx):
    """Item scores do not add up to the stated total (or section) score.

    The total of a self-evaluation is the sum of its indicator scores; a total
    that differs was typed by hand or left over from last year's report.

    Bad:  18 indicators each 该指标得分为 their full 分值 (Σ = 100), then 本次绩效评价综合得分99.09分
    Good: the same indicators, then 本次绩效评价综合得分100分
    """
    f = ctx.facts
    stated = f.total_scores[-1] if f.total_scores else None
    scored = [s for s in f.score_items if s.got is not None]
    if stated is not None and len(scored) >= 3:
        s_iv = total(s.got.interval for s in scored)
        if not s_iv.meets(stated.value.interval):
            s = sum(x.got.value for x in scored)
            yield Finding(
                stated.where,
                f"{len(scored)} 项指标得分之和为 {fmt(s)} 分，与综合得分 {fmt(stated.value.value)} 分不符"
                f"（相差 {fmt(abs(stated.value.value - s))} 分）",
                f"the {len(scored)} indicator scores add up to {fmt(s)}, not the stated total {fmt(stated.value.value)}",
                {"sum_of_items": fmt(s), "stated_total": fmt(stated.value.value), "items": len(scored)},
                suggestion=(f"按各项指标得分，综合得分应为 {fmt(s)} 分", f"the indicator scores give a total of {fmt(s)}"),
            )
    comps, top = section_components(f)
    for s in f.section_scores:
        parts = comps.get(id(s), [])
        if len(parts) < 2:
            continue
        s_iv = total(_value(x).interval for x in parts)
        if s_iv.meets(s.got.interval):
            continue
        v = sum(_value(x).value for x in parts)
        yield Finding(
            s.where,
            f"{s.label or '本部分'}各项得分之和为 {fmt(v)} 分，与所写得分 {fmt(s.got.value)} 分不符",
            f"the item scores of {s.label or 'this section'} add up to {fmt(v)}, not the stated {fmt(s.got.value)}",
            {"sum_of_items": fmt(v), "stated": fmt(s.got.value)},
            suggestion=(f"按各项得分，应得 {fmt(v)} 分", f"the item scores give {fmt(v)}"),
        )
    if stated is not None and len(top) >= 2 and not scored:
        s_iv = total(x.got.interval for x in top)
        if not s_iv.meets(stated.value.interval):
            v = sum(x.got.value for x in top)
            yield Finding(
                stated.where,
                f"各部分得分之和为 {fmt(v)} 分（{'+'.join(fmt(x.got.value) for x in top)}），"
                f"与总得分 {fmt(stated.value.value)} 分不符",
                f"the section scores add up to {fmt(v)}, not the stated total {fmt(stated.value.value)}",
                {"sum_of_sections": fmt(v), "stated_total": fmt(stated.value.value)},
                suggestion=(f"按各部分得分，总得分应为 {fmt(v)} 分", f"the section scores give a total of {fmt(v)}"),
            )


@rule("AL302", "score-above-maximum",
       zh="指标得分超过其分值（得分 > 分值）。")
def above_max(ctx):
    """An indicator scored above its maximum (得分 > 分值).

    Bad:  1.安全隐患处理及时率（3分）… 该指标得分为5分。
    Good: 1.安全隐患处理及时率（3分）… 该指标得分为3分。
    """
    for s in ctx.facts.score_items:
        if s.got is None or s.max is None:
            continue
        if s.got.value > s.max.value and not s.got.interval.meets(s.max.interval):
            yield Finding(
                s.got_where or s.where,
                f"“{s.name}”得 {fmt(s.got.value)} 分，超过其分值 {fmt(s.max.value)} 分",
                f"'{s.name}' scores {fmt(s.got.value)}, above its maximum of {fmt(s.max.value)}",
                {"score": fmt(s.got.value), "maximum": fmt(s.max.value)},
            )
    for form in ctx.facts.self_eval_forms:  # the rows of a 自评表
        for r in form.indicators:
            if r.score.fig.value > r.max.fig.value:  # points a sheet assigns: exact
                yield Finding(
                    r.score.where,
                    f"“{r.name}”得 {fmt(r.score.fig.value)} 分，超过其分值 {fmt(r.max.fig.value)} 分",
                    f"'{r.name}' scores {fmt(r.score.fig.value)}, above its maximum of {fmt(r.max.fig.value)}",
                    {"score": fmt(r.score.fig.value), "maximum": fmt(r.max.fig.value)},
                )
        mx, sc = form.total_max, form.total_score
        if mx is not None and sc is not None and sc.fig.value > mx.fig.value:
            # 总分 | 90 | 93 (西安市卫健委 2022, p72: the 分值 leaves out the funds' row, the 得分 counts it)
            yield Finding(
                sc.where,
                f"总分一行的得分 {sc.fig.text} 超过其分值 {mx.fig.text}",
                f"the total row scores {sc.fig.text}, above its maximum of {mx.fig.text}",
                {"score": sc.fig.text, "maximum": mx.fig.text},
            )
    for s in ctx.facts.section_scores:
        if s.got.value > s.max.value:
            yield Finding(
                s.where,
                f"{s.label or '本部分'}得 {fmt(s.got.value)} 分，超过总计 {fmt(s.max.value)} 分",
                f"{s.label or 'the section'} scores {fmt(s.got.value)}, above its maximum {fmt(s.max.value)}",
                {"score": fmt(s.got.value), "maximum": fmt(s.max.value)},
            )


@rule("AL303", "maxima-vs-scale", severity="warning",
       zh="各指标分值之和不等于总分值（除非配置另有规定，为 100 分）。")
def maxima_vs_scale(ctx):
    """The indicator maxima (分值) do not add up to the scale (100 unless the profile says otherwise).

    Bad:  sections 总计30分 + 20分 + 5分 + 40分 (Σ = 95) in a report scored out of 100
    Good: sections 总计30分 + 20分 + 5分 + 45分 (Σ = 100)
    """
    f = ctx.facts
    scale = ctx.profile.score_scale
    items = [s for s in f.score_items if s.max is not None]
    if len(items) >= 5:
        m = sum(s.max.value for s in items)
        if m != scale:
            yield Finding(
                items[0].where,
                f"{len(items)} 项指标分值之和为 {fmt(m)} 分，不是满分 {fmt(scale)} 分",
                f"the maxima of the {len(items)} indicators add up to {fmt(m)}, not {fmt(scale)}",
                {"sum_of_maxima": fmt(m), "scale": fmt(scale)}, end=items[-1].where)
        return
    _comps, top = section_components(f)
    if len(top) >= 3 and f.total_scores:
        m = sum(s.max.value for s in top)
        if m != scale:
            yield Finding(
                top[0].where,
                f"各部分总计分值之和为 {fmt(m)} 分，不是满分 {fmt(scale)} 分",
                f"the section maxima add up to {fmt(m)}, not {fmt(scale)}",
                {"sum_of_maxima": fmt(m), "scale": fmt(scale)}, end=top[-1].where)


@rule("AL304", "grade-vs-score",
       zh="所写等级不是所写得分对应的等级。")
def grade_vs_score(ctx):
    """The stated grade is not the grade band of the stated score.

    Grade bands (财预〔2020〕10号, unless the profile says otherwise): 90 (含)–100 优,
    80 (含)–90 良, 60 (含)–80 中, below 60 差.

    Bad:  我单位2024年预算绩效自评得分93分，评定等次：良
    Good: 本次绩效评价综合得分99.09分，绩效评价等级为“优”。
    """
    f = ctx.facts
    if not f.total_scores or not f.grades:
        return
    several = len({s.value.value for s in f.total_scores}) > 1
    for g in f.grades:
        if several:
            # a report holding several evaluations (a 决算 listing its projects' results, forms
            # with their 总分): a grade is judged only against a score of its own paragraph
            own = [s for s in f.total_scores if s.where.block == g.where.block]
            if not own:
                continue
            score = own[-1]
        else:
            score = f.total_scores[-1]
        iv = score.value.interval
        if not iv.bounded:
            continue
        band = ctx.profile.grade_of_label(g.label)
        if band is None:
            continue
        if band.contains(iv.lo, iv.hi):
            continue
        right = next((b for b in ctx.profile.grades if b.contains(iv.lo, iv.hi)), None)
        yield Finding(
            g.where,
            f"得分 {fmt(score.value.value)} 分对应等级“{right.name if right else '?'}”"
            f"（{fmt(right.min) if right else '?'}–{fmt(right.max) if right else '?'} 分），报告写“{g.label}”",
            f"a score of {fmt(score.value.value)} is grade '{right.name if right else '?'}', not '{g.label}'",
            {"score": fmt(score.value.value), "stated_grade": g.label, "band_grade": right.name if right else None},
            suggestion=(f"应为“{_label_like(right, band, g.label)}”", f"the grade should be '{_label_like(right, band, g.label)}'")
            if right else None,
        )


def _label_like(right, stated_band, stated_label: str) -> str:
    """The right grade in the wording the report uses (良好 -> 优秀, B -> A)."""
    k = stated_band.labels.index(stated_label) if stated_label in stated_band.labels else 0
    return right.labels[k] if k < len(right.labels) else right.name
