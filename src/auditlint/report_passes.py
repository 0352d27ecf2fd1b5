"""Claims read over a whole report once its paragraphs are read (assemble.extract):
score items (a 1.名称（M分） heading scored in its section), enumerations
(聚焦5项重点任务 in a heading, 一是 … 四是 below it), the total of a 自评表
form, and the report's own county and township names written with a
character dropped or doubled (and county names one slip from the national
list)."""
from __future__ import annotations

import re

from .claims import CountClaim, NameSlip, ReportFacts, ScoreItem, TotalScore, Where
from .clauses import CATEGORY_UNITS
from .divisions import county_slips, dropped, has_suffix, names_in
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


def _name_slips(report: Report, facts: ReportFacts) -> None:
    names = own_names(report.unit)
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
    """County names one slip away from the national list (divisions.py).  Slips of the unit's
    own names are AL705's (_name_slips) and left out here."""
    own = {v for n in own_names(report.unit) for v in _slips(n)}
    county = next(iter(names_in(report.unit + report.title)), None)
    extra = dropped(county) if county else {}
    for b in report.blocks:
        units = [(c.source, c.text) for c in b.cells()] if b.kind == "table" else [(b.source, b.text)]
        for src, text in units:
            if not has_suffix(text):
                continue  # no 县/区/旗/市 in it: no county name (most table cells)
            for s in county_slips(text, extra, lambda a, z, src=src, b=b: Where(src, a, z, b.index)):
                if s.text not in own:
                    facts.county_slips.append(s)


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
