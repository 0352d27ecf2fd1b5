"""Claims read over a whole report once its paragraphs are read (assemble.extract):
score items (a 1.名称（M分） heading scored in its section), enumerations
(聚焦5项重点任务 in a heading, 一是 … 四是 below it), the total of a 自评表
form, and the report's own county and township names written with a
character dropped or doubled (and county names one slip from the national
list)."""
from __future__ import annotations

import re

from .claims import CountClaim, GradeClaim, NameSlip, ReportFacts, ScoreItem, TotalScore, Where
from .claims.percent_of_count import percent_counts
from .clauses import CATEGORY_UNITS
from .divisions import (TOWN_KINDS, county_names, county_slips, dropped, has_suffix, names_in, slips, town_slips,
                        town_variants, towns_of)
from .model import Report


PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?[县区])?([\u4e00-\u9fff]{2,5}?(?:乡|镇|街道))(?:人民政府|办事处)?$")


FORM_TOTAL_LABELS = {"总分", "合计", "总计", "总得分", "合计得分"}


def _form_total_scores(facts: ReportFacts) -> None:
    """The total of a 自评表 form: the row 总分 | 100 | 86.54 under the columns 分值 | 得分.
    Its figure has no unit (the column says 分); the 得分 column's cell is the score."""
    for t in facts.tables:
        score_cols = [ci for ci, name in t.columns.items() if "得分" in name]
        for r in t.rows:
            label = "".join(r.label.split())
            if label not in FORM_TOTAL_LABELS:
                continue
            if len(score_cols) == 1:
                for ci, fig, w in r.values:
                    if ci == score_cols[0] and not fig.approx and 0 <= fig.value <= 100:
                        facts.total_scores.append(TotalScore(fig, w))
            elif label in ("总分", "总得分") and len(r.values) == 2:
                # the form's header rows were not mapped: 总分 | 100 | 86.54 is 分值 then 得分
                (_c1, full, _w1), (_c2, got, w2) = r.values
                if full.value == 100 and 0 <= got.value <= 100 and not got.approx:
                    facts.total_scores.append(TotalScore(got, w2))
    for form in facts.self_eval_forms:  # 总分值、评价总分(S) | 92.33 / 评价等级 | 优: self_eval_forms.py
        sc = form.total_score
        if sc is not None and not any(t.where.block == sc.where.block and t.value.value == sc.fig.value
                                      for t in facts.total_scores):
            facts.total_scores.append(TotalScore(sc.fig, sc.where))
        if form.grade is not None:
            facts.grades.append(GradeClaim(*form.grade))


def own_names(unit: str) -> list[str]:
    """County and township of the reporting unit: 湘潭县中路铺镇人民政府 -> [湘潭县, 中路铺镇]."""
    unit = re.sub(r"^[\u4e00-\u9fff]{2,3}?[省市](?=[\u4e00-\u9fff]{2,4}?[县区])", "", unit or "")
    m = PLACE_RE.search(unit)
    return [x for x in (m.groups() if m else ()) if x]


def _slips(name: str) -> set:
    kind = "街道" if name.endswith("街道") else name[-1]
    stem = name[: -len(kind)]
    out = set()
    for i in range(len(stem)):
        dropped = stem[:i] + stem[i + 1:]
        if len(dropped) >= 2:  # 邻镇 / 江区 are ordinary words, not slips
            out.add(dropped + kind)
        out.add(stem[: i + 1] + stem[i] + stem[i + 1:] + kind)
    out.discard(name)
    return out


def checked_own_names(report: Report) -> tuple[list[str], str | None, object]:
    """(own names, county, township table): the unit's county and township, each put right
    through the national lists when the title itself carries the slip (湘潭县中路铺铺镇人民政府:
    the township is 中路铺镇, and the title's 中路铺铺镇 is a slip like any other, not the name
    the body is held to).  The township table is read only for a township's own report."""
    names = own_names(report.unit)
    county_slip = slips()
    names = [county_slip[n][0] if n not in county_names() and n in county_slip else n for n in names]
    county = next((n for n in names if n in county_names()), None) or \
        next(iter(names_in(report.unit + report.title)), None)
    table = None
    if county and any(n.endswith(TOWN_KINDS) for n in names):
        table = town_variants(county)
        listed = towns_of(county)[0]
        names = [table.variants[n][0] if n.endswith(TOWN_KINDS) and n not in listed and n in table.variants
                 else n for n in names]
    return names, county, table


def _name_slips(report: Report, facts: ReportFacts) -> None:
    names = checked_own_names(report)[0]
    if not names:
        return
    variants = {v: n for n in names for v in _slips(n)}
    for b in report.blocks:
        units = [(c.source, c.text) for c in b.cells()] if b.kind == "table" else [(b.source, b.text)]
        for src, text in units:
            if not any(v in text for v in variants):
                continue
            true_spans = [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]
            for v, n in variants.items():
                for m in re.finditer(re.escape(v), text):
                    if any(a < m.end() and m.start() < z for a, z in true_spans):
                        continue
                    facts.name_slips.append(NameSlip(v, n, Where(src, m.start(), m.end(), b.index)))


def _county_slips(report: Report, facts: ReportFacts) -> None:
    """County names one slip away from the national list (divisions.py), and in a township's
    own report the township names of its county one slip away from the township list.  Slips
    of the unit's own names are AL705's (_name_slips) and left out here."""
    names, county, towns = checked_own_names(report)  # towns: a township's own report only
    own = {v for n in names for v in _slips(n)}
    extra = dropped(county) if county else {}
    for b in report.blocks:
        units = [(c.source, c.text) for c in b.cells()] if b.kind == "table" else [(b.source, b.text)]
        for src, text in units:
            W = lambda a, z, src=src, b=b: Where(src, a, z, b.index)  # noqa: E731
            found = town_slips(text, towns, W) if towns else []
            if has_suffix(text):  # else no 县/区/旗/市 in it: no county name (most table cells)
                found += county_slips(text, extra, W)
            facts.county_slips.extend(s for s in found if s.text not in own)


def _titled_sections(report: Report, block_items):
    """(section, heading, the items of the heading's title) for every section
    that has a heading."""
    if report.root is None:
        return
    for sec in report.root.walk():
        h = sec.heading
        if h is not None:
            title_end = h.body_offset or len(h.text)
            yield sec, h, [it for it in block_items.get(id(h), []) if it.end <= title_end]


def _enumerations(report: Report, facts: ReportFacts, block_items) -> None:
    """聚焦5项重点任务 in a heading, then 一是 … 四是 in its section."""
    for sec, h, title in _titled_sections(report, block_items):
        claims = [it for it in title if it.kind == "fig" and not it.fig.quoted
                  and it.fig.exact and it.fig.unit in CATEGORY_UNITS and it.fig.decimals == 0]
        if len(claims) != 1:
            continue
        marks = []
        for b in [h] + sec.blocks:
            for it in block_items.get(id(b), []):
                if it.kind == "enum" and it.value:
                    marks.append((it.value, b, it))
        if len(marks) < 2:
            continue
        nums = [m[0] for m in marks]
        c = claims[0]
        last = marks[-1]
        facts.count_claims.append(CountClaim(
            int(c.fig.value), "", Where(h.source, c.start, c.end, h.index), "enum", max(nums),
            [m[2].text for m in marks], Where(last[1].source, last[2].start, last[2].end, last[1].index)))


def _percent_counts(report: Report, facts: ReportFacts, block_items) -> None:
    """Rates of a count the paragraph states (回收有效问卷118份，满意率96.5%): claims/percent_of_count.py."""
    for b in report.blocks:
        if b.kind != "paragraph" or "%" not in b.text and "％" not in b.text:
            continue
        facts.percent_counts.extend(percent_counts(
            b.text, block_items.get(id(b), []), lambda a, z, b=b: Where(b.source, a, z, b.index)))


def _score_items(report: Report, facts: ReportFacts, block_items) -> None:
    """1.名称（M分） headings, scored by 该指标得分为K分 in their section."""
    for sec, h, its in _titled_sections(report, block_items):
        mx = None
        for k in range(len(its) - 2):
            if its[k].kind == "punct" and its[k].text in "（(" and its[k + 1].kind == "fig" \
                    and its[k + 1].fig.unit == "分" and its[k + 2].kind == "punct":
                mx = its[k + 1].fig
        if mx is None:
            continue
        got = got_where = None
        blocks = [h] + sec.blocks
        for b in blocks:
            bits = block_items.get(id(b), [])
            for k in range(len(bits) - 1):
                if bits[k].role in ("indicator_score", "score") \
                        and bits[k + 1].kind == "fig" and bits[k + 1].fig.unit == "分":
                    got = bits[k + 1].fig
                    got_where = Where(b.source, bits[k].start, bits[k + 1].end, b.index)
        facts.score_items.append(ScoreItem(h.number, h.title, mx, got,
                                           Where(h.source, 0, len(h.title) + 2, h.index), got_where))
