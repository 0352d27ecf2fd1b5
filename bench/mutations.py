#!/usr/bin/env python3
"""Detection benchmark (issue 6): recall on injected mistakes, false findings
on neutral changes, precision on the reviewed golden files.

    python bench/mutations.py                     # every mutation site, seed 1
    python bench/mutations.py --seed 7 --per-type 5
    python bench/mutations.py --json out.json

Typed mutations are applied to the real corpus reports at the places the
grammar found (a breakdown part, a share, a growth rate, an item score, a
grade, a section score, a date, a heading number, a count claim, a table
cell, a budget-code row).  Each must produce a new finding of the right
family within a few lines of the change.  Neutral mutations (re-wrapping,
changing a number that is in no relation, rounding a figure differently
within its precision, converting between txt, PDF and DOCX) must produce no
new error.  Mutations are drawn deterministically from --seed.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from auditlint.engine import Options, Selection, check_document, check_file, load_document  # noqa: E402

CORPUS = os.path.join(ROOT, "corpus")
NEAR = 3  # lines: a finding this close to the change is "at the right place"
NEAR_TABLE = 15  # a table row spans ~11 lines in the Word-export layout; the broken claim may be the parent row


@dataclass
class Mutation:
    kind: str
    family: str  # expected code family, e.g. "AL1"; "" for a neutral mutation
    file: str
    line: int  # 1-based line of the change in the mutated text
    text: str  # the whole mutated report
    what: str


def _lines_and_offsets(text):
    lines = text.split("\n")
    offs, o = [], 0
    for ln in lines:
        offs.append(o)
        o += len(ln) + 1
    return lines, offs


def _file_span(text, where, start=None, end=None):
    """The absolute [a, b) of a fact's span in the file, if it lies on one line."""
    p = where.src.locate(where.start if start is None else start)
    q = where.src.locate((where.end if end is None else end) - 1)
    if p.line != q.line or p.page is not None:
        return None
    _lines, offs = _lines_and_offsets(text)
    a = offs[p.line - 1] + p.column - 1
    b = offs[q.line - 1] + q.column
    return a, b, p.line


def _replace_number(text, where, fig, new_value_text):
    """Replace the digits of a figure (not its unit) inside its span."""
    span = _file_span(text, where, fig.start, fig.end)
    if span is None:
        return None
    a, b, line = span
    seg = text[a:b]
    m = re.search(re.escape(fig.text), seg)
    if not m:
        return None
    return text[:a + m.start()] + new_value_text + text[a + m.end():], line


def _num(v: Fraction, decimals: int) -> str:
    return f"{float(v):.{decimals}f}" if decimals else str(int(round(v)))


# ------------------------------------------------------------ typed mutations

def _original(path):
    """The report's text, document, check result and file name."""
    doc = load_document(path)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return text, doc, check_document(doc), os.path.basename(path)


def typed_mutations(path, rng):
    text, doc, res, name = _original(path)
    out = []

    def add(kind, family, changed, what):
        if changed is not None:
            out.append(Mutation(kind, family, name, changed[1], changed[0], what))

    for _rep, _prof, f in res.facts:
        from auditlint.checks.sums import _hierarchical

        for bd in f.breakdowns:
            if bd.total.approx or not bd.parts or _hierarchical(bd):
                continue  # a hierarchical 其中 list is deliberately not summed (precision)
            p = rng.choice(bd.parts)
            if p.fig.approx:
                continue
            new = bd.total.value - sum(x.fig.value for x in bd.parts if x is not p) + max(bd.total.value / 10, 7)
            if new <= 0:
                continue
            if bd.total.is_money and p.fig.is_money and p.fig.decimals_in_unit >= 0:
                # keep the part in its written unit: the figure text is in that unit
                scale = p.fig.value / Fraction(p.fig.text.replace(",", "")) if Fraction(p.fig.text.replace(",", "")) else 1
                new_text = _num(new / scale, p.fig.decimals)
            else:
                new_text = _num(new, p.fig.decimals)
            add("breakdown part", "AL1", _replace_number(text, p.where, p.fig, new_text),
                f"{p.label} {p.fig.text} -> {new_text}")
        for bd, part in f.shares:
            s = part.share
            new_text = _num(s.value + Fraction(73, 10), max(s.decimals, 1))
            add("share", "AL2", _replace_number(text, part.share_where, s, new_text), f"占{s.text}% -> {new_text}%")
        for c in f.changes:
            if c.rate is None or c.delta is None or c.current is None:
                continue
            new_text = _num(c.rate.value + 5, c.rate.decimals)
            add("growth rate", "AL2", _replace_number(text, c.where, c.rate, new_text), f"{c.rate.text}% -> {new_text}%")
        for c in f.percent_counts:
            # GRIM (AL205): the rate moved to the nearest value at its precision that no base of
            # the paragraph gives (a slip of the last digit, 96.6% -> 96.5%)
            new_text = _impossible_rate(c)
            if new_text is not None:
                add("percent of count", "AL2", _replace_number(text, c.where, c.pct, new_text),
                    f"{c.rate_word} {c.pct.text}% -> {new_text}%")
        for x in f.formulas:
            true = x.numerator.value / x.denominator.value * (100 if x.result.unit == "%" else 1)
            new_text = _num(true + 30, x.result.decimals)
            add("formula", "AL2", _replace_number(text, x.where, x.result, new_text), f"= {x.result.text} -> {new_text}")
        for s in f.score_items:
            if s.got is None or s.got_where is None:
                continue
            new_text = _num(s.max.value + 2, s.got.decimals)
            add("item score", "AL3", _replace_number(text, s.got_where, s.got, new_text), f"{s.name}: {s.got.text} -> {new_text}")
        for s in f.section_scores:
            new_text = _num(s.got.value - 1, s.got.decimals)
            add("section score", "AL1", _replace_number(text, s.where, s.got, new_text), f"得{s.got.text}分 -> {new_text}")
        if f.total_scores and f.grades:
            g = f.grades[-1]
            other = {"优": "中", "良": "差", "中": "优", "差": "良"}.get(g.label[:1])
            if other:
                span = _file_span(text, g.where)
                if span:
                    a, b, line = span
                    seg = text[a:b]
                    k = seg.rfind(g.label)
                    if k >= 0:
                        add("grade", "AL3", (text[:a + k] + other + text[a + k + len(g.label):], line),
                            f"{g.label} -> {other}")
        for d in f.dates:
            dv = d.date
            if dv.year and dv.month and dv.day and not dv.malformed:
                span = _file_span(text, d.where)
                if span:
                    a, b, line = span
                    seg = text[a:b]
                    m = re.search(rf"{dv.month}\s*月\s*{dv.day}\s*日", seg)
                    if m:
                        add("date", "AL5", (text[:a + m.start()] + "2月30日" + text[a + m.end():], line),
                            f"{m.group(0)} -> 2月30日")
        for c in f.count_claims:
            if c.listed != c.n:
                continue
            span = _file_span(text, c.where)
            if span:
                a, b, line = span
                seg = text[a:b]
                m = re.search(r"\d+", seg)
                if m:
                    add("count claim", "AL4", (text[:a + m.start()] + str(c.n + 1) + text[a + m.end():], line),
                        f"{c.n} -> {c.n + 1}")
                else:
                    cn = "零一二三四五六七八九十"
                    if c.n < 10 and cn[c.n] in seg:
                        k = seg.index(cn[c.n])
                        add("count claim", "AL4", (text[:a + k] + cn[c.n + 1] + text[a + k + 1:], line),
                            f"{cn[c.n]} -> {cn[c.n + 1]}")
        for t in f.tables:
            coded = [r for r in t.rows if r.code and r.values]
            leaves = [r for r in coded if len(r.code) == 7]
            tops = [r for r in coded if len(r.code) == 3]
            for kind, rows in (("table cell", leaves), ("budget-code row", tops)):
                if not rows:
                    continue
                r = rng.choice(rows)
                ci, fig, w = r.values[0]
                new_text = _num(fig.value + 100, fig.decimals)
                add(kind, "AL6", _replace_number(text, w, fig, new_text), f"{r.code}: {fig.text} -> {new_text}")
    out.extend(_identity_mutations(text, doc, res, name))
    heads = [b for b in doc.blocks if b.kind == "heading" and b.number and b.numbering in ("cn", "cn_paren", "arabic")]
    for h in heads:
        p = h.source.locate(0)
        lines, offs = _lines_and_offsets(text)
        ln = lines[p.line - 1]
        cn = "一二三四五六七八九十"
        if h.numbering == "arabic":
            m = re.match(r"(\s*)(\d+)", ln)
            new = str(h.number + 1) if m else None
        else:
            m = re.match(r"(\s*[（(]?)([一二三四五六七八九十])", ln)
            new = cn[h.number] if m and h.number < 10 else None
        if m and new:
            a = offs[p.line - 1] + m.start(2)
            out.append(Mutation("heading number", "AL4", name, p.line, text[:a] + new + text[a + len(m.group(2)):],
                                f"{m.group(2)} -> {new}"))
    return out


def _impossible_rate(c):
    """The value nearest a percent-of-count claim's rate, at its precision, that no base gives."""
    from auditlint.checks.ratios import _k_of
    from auditlint.figures import Figure

    step = Fraction(10) ** (-c.pct.decimals)
    for k in range(1, 50):
        for v in (c.pct.value - k * step, c.pct.value + k * step):
            if not 0 < v < 100:
                continue
            f = Figure(v, _num(v, c.pct.decimals), c.pct.decimals, "%", None, 0, 0)
            if all(_k_of(n, f) is None for n in c.bases):
                return f.text
    return None


# the identity and date families of issue 17 on the seeds' own words: a known misspelling put in
# (部署 -> 布署, 截至 -> 截止 before a year, 账户 -> 帐户, 拨款 -> 拔款), the unit calling itself by
# another type (我镇 -> 我乡 in a 镇's report), a county name with a character doubled (湘潭县 ->
# 湘潭潭县), a date with its 年 dropped (2024年4月 -> 20244月).  Each is applied at one place.
MISSPELL = (("部署", "布署"), ("账户", "帐户"), ("拨款", "拔款"))


def _identity_mutations(text, doc, res, name):
    from auditlint.divisions import county_names, _split
    from auditlint.checks.identity import unit_type

    lines, offs = _lines_and_offsets(text)

    def line_of(i):
        return next(k for k in range(len(offs) - 1, -1, -1) if offs[k] <= i) + 1

    out = []

    def once(kind, family, pattern, repl_fn, what_fn):
        m = re.search(pattern, text)
        if m:
            new = repl_fn(m)
            out.append(Mutation(kind, family, name, line_of(m.start()), text[:m.start()] + new + text[m.end():],
                                what_fn(m, new)))

    for right, wrong in MISSPELL:
        once("known misspelling", "AL7", right, lambda m, w=wrong: w, lambda m, new: f"{m.group(0)} -> {new}")
    once("known misspelling", "AL7", r"截至(?=20\d\d年)", lambda m: "截止", lambda m, new: f"截至 -> {new}")
    units = [r.unit for r in doc.reports if r.unit]
    kind = unit_type(units[0]) if units else None
    if kind in ("乡", "镇"):
        other = "乡" if kind == "镇" else "镇"
        once("self-reference type", "AL7", rf"(?<=[我本全]){kind}(?![镇街乡])", lambda m: other,
             lambda m, new: f"{m.group(0)} -> {new}")
    for county in sorted(county_names(), key=len, reverse=True):
        k = text.find(county)
        if k >= 0 and len(county) >= 3:
            stem, suffix = _split(county)
            slip = stem + stem[-1] + suffix
            out.append(Mutation("county name", "AL7", name, line_of(k), text[:k] + slip + text[k + len(county):],
                                f"{county} -> {slip}"))
            break
    # the unit's own township with a character doubled where it is first named (the title, mostly):
    # the national township list knows the right name, and the body is not held to the slip
    from auditlint.report_passes import own_names

    towns = [n for r in doc.reports for n in own_names(r.unit) if n.endswith(("镇", "乡", "街道"))]
    k = text.find(towns[0]) if towns else -1
    if k >= 0:
        t = towns[0]
        stem = t[:-2] if t.endswith("街道") else t[:-1]
        slip = stem + stem[-1] + t[len(stem):]
        out.append(Mutation("township name", "AL7", name, line_of(k), text[:k] + slip + text[k + len(t):],
                            f"{t} -> {slip}"))
    once("date run together", "AL7", r"(?<!\d)(20\d\d)年(\d{1,2}月)", lambda m: m.group(1) + m.group(2),
         lambda m, new: f"{m.group(0)} -> {new}")
    return out


# ------------------------------------------------------------ neutral mutations

def neutral_mutations(path, rng):
    text, doc, res, name = _original(path)
    out = []
    # re-wrap every long prose line at 36 characters (a hard-wrapped export)
    lines = text.split("\n")
    wrapped = []
    for ln in lines:
        if len(ln) > 60 and not ln.startswith("\t"):
            wrapped.extend(ln[i:i + 36] for i in range(0, len(ln), 36))
        else:
            wrapped.append(ln)
    out.append(Mutation("re-wrap lines", "", name, 1, "\n".join(wrapped), "lines > 60 chars wrapped at 36"))
    # a number in no relation
    used = set()
    for _rep, _prof, f in res.facts:
        for bd in f.breakdowns:
            used |= {id(bd.total)} | {id(p.fig) for p in bd.parts}
        for c in f.changes:
            used |= {id(x) for x in (c.current, c.delta, c.rate) if x is not None}
        for c in f.count_claims:
            used.add(c.where.start)
    from auditlint.extract import items_of

    free = []
    for b in doc.blocks:
        if b.kind != "paragraph":
            continue
        for it in items_of(b.text):
            if it.kind == "fig" and it.fig.unit in ("处", "次", "人次", "亩", "公里", "起") and it.fig.decimals == 0 \
                    and not it.fig.approx and not it.fig.quoted:
                free.append((b, it))
    rng.shuffle(free)
    for b, it in free[:3]:
        from auditlint.extract import Where

        w = Where(b.source, it.start, it.end, b.index)
        ch = _replace_number(text, w, it.fig, str(int(it.fig.value) + 3))
        if ch:
            out.append(Mutation("unrelated number", "", name, ch[1], ch[0], f"{it.text} +3"))
    # re-round a breakdown figure within its precision (3402.07 -> 3402.1, 64.9% -> 65%)
    for _rep, _prof, f in res.facts:
        for bd in f.breakdowns:
            for p in bd.parts:
                if p.fig.decimals >= 2 and not p.fig.approx:
                    v = Fraction(p.fig.text.replace(",", ""))
                    new_text = _num(v, p.fig.decimals - 1)
                    ch = _replace_number(text, p.where, p.fig, new_text)
                    if ch:
                        out.append(Mutation("re-round within precision", "", name, ch[1], ch[0],
                                            f"{p.fig.text} -> {new_text}"))
                    break
    return out


# ------------------------------------------------------------ real documents
#
# The real documents of corpus/real are PDFs: a mutation there changes the text of one
# block of the loaded document in memory (same page and line), checks the document again,
# and puts the text back.  Types for the budget-disclosure checks (issue 16): a growth rate,
# a 科目's amount against its table row, a 科目 name, a template leftover; neutral: a rate
# and a 科目 amount written at one decimal fewer (still right at that precision).

REAL = os.path.join(CORPUS, "real")


@dataclass
class BlockMutation:
    kind: str
    family: str  # "" for a neutral mutation
    file: str
    block: object  # the Block whose text changes
    start: int
    end: int
    new: str
    page: int
    line: int
    what: str
    cell: object = None  # the table Cell whose text changes (block is then its table)


def _apply(m: BlockMutation):
    """Put the mutation in; returns a function that takes it out again."""
    from auditlint.model import Segment, SourceText

    owner = m.cell if m.cell is not None else m.block
    src = owner.source
    p = src.locate(m.start)
    piece = SourceText(m.new, [Segment(0, p.page, p.line, p.column)])
    owner.source = SourceText.join([src.slice(0, m.start), piece, src.slice(m.end, len(src.text))])

    def undo():
        owner.source = src
    return undo


def _changed_digit(text: str) -> str:
    """The figure with its first significant digit moved by one (887.36 -> 987.36)."""
    for i, ch in enumerate(text):
        if ch.isdigit() and ch != "0":
            return text[:i] + str(int(ch) % 9 + 1) + text[i + 1:]
    return text


def real_mutations(path, rng):
    """Typed and neutral mutations of one real document (its loaded document and base findings)."""
    from auditlint.checks.ratios import _change_ratio
    from auditlint.checks.subjects import MIN_NEAR_NAME
    from auditlint.numbers import Interval
    from auditlint.subjects import fold

    doc = load_document(path)
    res = check_document(doc)
    name = os.path.basename(path)
    by_index = {b.index: b for rep in doc.reports for b in rep.blocks}
    flagged = {(d.page, d.line) for d in res.diagnostics if d.severity in ("error", "warning")}
    out = []

    def add(kind, family, where, start, end, new, what):
        b = by_index.get(where.block)
        if b is None or b.source is not where.src:
            return
        p = where.src.locate(start)
        if (p.page, p.line) in flagged:
            return  # a place already reported: a new finding there proves nothing either way
        out.append(BlockMutation(kind, family, name, b, start, end, new, p.page, p.line, what))

    for _rep, _prof, f in res.facts:
        for c in f.changes:
            if c.rate is None or c.delta is None or c.current is None or c.rate.approx:
                continue
            text = c.where.src.text
            k = text.find(c.rate.text, c.where.start, c.where.end)
            if k < 0:
                continue
            new = _num(c.rate.value + 5, c.rate.decimals)
            q = _change_ratio(c)
            if q is not None and not (q.scale(100)).meets(Interval.rounded(Fraction(new), c.rate.decimals)):
                # (a change whose figures are too coarse to tell 5 points apart, or with a zero base, is left out)
                add("growth rate (real)", "AL2", c.where, k, k + len(c.rate.text), new, f"{c.rate.text}% -> {new}%")
            if c.rate.decimals >= 1 and c.current.is_money and not (c.current.approx or c.delta.approx):
                # the rate the figures give, at one decimal fewer: still right at its precision
                base = c.current.value - c.direction * c.delta.value
                if base > 0:
                    fewer = _num(c.delta.value / base * 100, c.rate.decimals - 1)
                    add("rate at one decimal fewer (real)", "", c.where, k, k + len(c.rate.text), fewer,
                        f"{c.rate.text}% -> {fewer}%")
        from auditlint.checks.subjects import comparable_rows
        from auditlint.subjects import table_subjects

        known = table_subjects([t for t in f.tables if t.understood])
        for m in f.subject_mentions:
            if m.amount is None or m.amount_where is None or m.amount.unit not in ("万元", "元"):
                continue
            if not comparable_rows(f, m, known)[1]:
                continue  # no understood table row to compare with: AL608 rightly says nothing
            w = m.amount_where
            text = w.src.text
            k = text.find(m.amount.text, w.start, w.end)
            if k < 0:
                continue
            new = _changed_digit(m.amount.text)
            add("科目 amount vs table (real)", "AL6", w, k, k + len(m.amount.text), new,
                f"{m.amount.text} -> {new}")
            if m.amount.decimals >= 1:
                fewer = _num(Fraction(m.amount.text.replace(",", "")), m.amount.decimals - 1)
                add("科目 amount at one decimal fewer (real)", "", w, k, k + len(m.amount.text), fewer,
                    f"{m.amount.text} -> {fewer}")
        names = {fold(r.label) for t in f.tables if t.understood for r in t.rows
                 if r.code and r.label and len(r.code) == 7}
        for m in f.subject_mentions:
            run = "".join(m.run.split())
            if m.level != "项" or len(fold(run)) < MIN_NEAR_NAME or fold(run) not in names or len(run) != len(m.run):
                continue
            i = len(run) // 2
            if run[i] == run[i - 1]:
                continue
            swapped = run[:i - 1] + run[i] + run[i - 1] + run[i + 1:]
            add("科目 name (real)", "AL6", m.where, m.where.start, m.where.start + len(m.run), swapped,
                f"{run} -> {swapped}")
        for c in f.changes:
            text = c.where.src.text
            for word, other in (("增长", "减少"), ("增加", "减少"), ("减少", "增加"), ("下降", "增长")):
                k = text.find(word, c.where.start, c.where.end)
                if k >= 0:
                    add("template leftover (real)", "AL7", c.where, k, k + 2, f"{word}（{other}）",
                        f"{word} -> {word}（{other}）")
                    break
        _form_mutations(f, by_index, flagged, name, out)
        for c in f.citations:  # a listed document cited with a word of its title changed
            from auditlint.citations import comparable_title, known_documents
            known = {d.number: d for d in known_documents()}
            if c.number in known and comparable_title(c.title) in known[c.number].titles:
                text = c.where.src.text
                k = text.find(c.title, c.where.start, c.where.end)
                for word, other in (("管理", "监督"), ("绩效", "效能"), ("预算", "财政"), ("意见", "通知")):
                    j = c.title.find(word)
                    if k >= 0 and j >= 0:
                        add("citation title (real)", "AL7", c.where, k + j, k + j + len(word), other,
                            f"《{c.title}》: {word} -> {other}")
                        break
        for lo in f.leftovers:  # a year-end phrase that carries the fiscal year, a year earlier
            if lo.pattern.family != "fiscal-year" or lo.year is None:
                continue
            text = lo.where.src.text
            k = text.find(str(lo.year), lo.where.start, lo.where.end)
            if k >= 0 and _fiscal_phrase_applies(lo, res, lo.where):
                add("stale year (real)", "AL5", lo.where, k, k + 4, str(lo.year - 1), f"{lo.year} -> {lo.year - 1}")
    from auditlint.checks.outline import TOC_MIN_FOUND
    from auditlint.contents import read_contents
    entries = read_contents(doc)
    located = [e for e in entries if e.found_page is not None]
    for e in located if len(located) >= TOC_MIN_FOUND else ():  # (fewer: AL406 rightly says nothing)
        if e.found_page == e.page:  # a 目录 entry that was right, pointing two pages further
            digits = str(e.page)
            add("contents page (real)", "AL4", e.where, e.where.end - len(digits), e.where.end, str(e.page + 2),
                f"目录 {e.title[:12]}…: {e.page} -> {e.page + 2}")
    return doc, res, out


def _fiscal_phrase_applies(lo, res, where):
    """Does the phrase's year rule apply in the report it stands in (its profiles), and is the
    year now the one it should be (a phrase already off is a finding, not a mutation site)?"""
    for rep, prof, _f in res.facts:
        if any(b.index == where.block for b in rep.blocks):
            p = lo.pattern
            return rep.fiscal_year is not None and (not p.profiles or prof.name in p.profiles) \
                and lo.year == rep.fiscal_year + p.offset
    return False


def _form_mutations(f, by_index, flagged, name, out):
    """自评表 forms (issue 17): a 执行率 moved by 5 points (AL6), an indicator's 得分 lowered by
    one point with the 总分 left (AL3); neutral: a rate written at one decimal fewer that is
    still right at that precision."""
    from auditlint.checks.self_eval import _rate_parts

    cells = {id(c.source): (b, c) for b in by_index.values() if b.kind == "table" for c in b.cells()}

    def add(kind, family, value, new, what, at=None):
        """``at``: where the finding is expected when it is not the changed cell (the 总分 row
        for a changed indicator score)."""
        hit = cells.get(id(value.where.src))
        if hit is None:
            return
        b, c = hit
        p = (at or value).where.pos
        if (p.page, p.line) in flagged or (value.where.pos.page, value.where.pos.line) in flagged:
            return
        out.append(BlockMutation(kind, family, name, b, value.where.start, value.where.end, new, p.page, p.line,
                                 what, cell=c))

    for form in f.self_eval_forms:
        for row in form.funds:
            rate = row.values.get("rate")
            budget, spent = _rate_parts(row)
            if rate is None or budget is None or budget.fig.value <= 0 or rate.fig.value > 200:
                continue
            pct = "%" if rate.where.snippet.endswith(("%", "％")) else ""  # the span may hold the sign
            new = _num(rate.fig.value - 5 if rate.fig.value >= 50 else rate.fig.value + 5, rate.fig.decimals)
            add("自评表 执行率 (real)", "AL6", rate, new + pct, f"{rate.fig.text}% -> {new}%")
            if rate.fig.decimals >= 1:
                fewer = _num(spent.fig.value / budget.fig.value * 100, rate.fig.decimals - 1)
                add("自评表 执行率 at one decimal fewer (real)", "", rate, fewer + pct, f"{rate.fig.text}% -> {fewer}%")
        ft = form.funds_total
        funds_read = not form.has_funds_part or (ft is not None and "max" in ft.values and "score" in ft.values)
        if form.total_score is not None and not form.skipped and funds_read:
            # (a form whose funds' row was not read is one AL306 rightly says nothing about)
            for r in form.indicators:
                if r.score.fig.value >= 1:
                    new = _num(r.score.fig.value - 1, r.score.fig.decimals)
                    add("自评表 indicator score (real)", "AL3", r.score, new, f"{r.score.fig.text} -> {new}",
                        at=form.total_score)


def evaluate_real(files=None, rng=None, per_type=None):
    rng = rng or random.Random(1)
    files = files or sorted(glob.glob(os.path.join(REAL, "*.pdf")))
    rows, misses, false = {}, [], []
    for path in files:
        doc, base, muts = real_mutations(path, rng)
        if per_type:
            by = {}
            for m in muts:
                by.setdefault(m.kind, []).append(m)
            muts = [m for k in sorted(by) for m in rng.sample(by[k], min(per_type, len(by[k])))]
        before = Counter((d.code, d.claim) for d in base.diagnostics)
        for m in muts:
            undo = _apply(m)
            try:
                after = check_document(doc).diagnostics
            finally:
                undo()
            new = Counter((d.code, d.claim) for d in after) - before
            new_diags = [d for d in after if (d.code, d.claim) in new]
            r = rows.setdefault(m.kind, {"kind": m.kind, "family": m.family or "neutral", "n": 0, "hit": 0, "errors": 0})
            r["n"] += 1
            if m.family:
                # at the change, or on a finding whose claim holds it (a sentence over a page break
                # is reported where it starts)
                ok = any(d.code.startswith(m.family) and ((d.page == m.page and abs(d.line - m.line) <= NEAR)
                                                         or "".join(m.new.split()) in "".join(d.claim.split()))
                         for d in new_diags)
                r["hit"] += ok
                if not ok:
                    misses.append((m, sorted({(d.code, d.page, d.line) for d in new_diags})))
            else:
                errs = [d for d in new_diags if d.severity == "error"]
                r["errors"] += bool(errs)
                if errs:
                    false.append((m, [(d.code, d.page, d.line, d.message_zh) for d in errs]))
    return rows, misses, false


# ------------------------------------------------------------ running

def findings(text, name):
    res = check_file(name, text.encode("utf-8"), Options())
    sel = Selection.build()
    return [d for d in res.diagnostics if sel.allows(d)]


def evaluate(mutations, base):
    rows = {}
    misses = []
    false = []
    for m in mutations:
        before = base[m.file]
        after = findings(m.text, m.file)
        new = Counter((d.code, d.claim) for d in after) - Counter((d.code, d.claim) for d in before)
        new_diags = [d for d in after if (d.code, d.claim) in new]
        r = rows.setdefault(m.kind, {"kind": m.kind, "family": m.family or "neutral", "n": 0, "hit": 0, "errors": 0})
        r["n"] += 1
        if m.family:
            near = NEAR_TABLE if m.family == "AL6" else NEAR
            ok = any(d.code.startswith(m.family) and abs(d.line - m.line) <= near for d in new_diags)
            r["hit"] += ok
            if not ok:
                misses.append((m, sorted({(d.code, d.line) for d in new_diags})))
        else:
            errs = [d for d in new_diags if d.severity == "error"]
            r["errors"] += bool(errs)
            if errs:
                false.append((m, [(d.code, d.line, d.message_zh) for d in errs]))
    return rows, misses, false


def format_conversion():
    """txt vs PDF vs DOCX of each corpus report: new error findings after conversion."""
    out = {"n": 0, "errors": 0}
    for txt in sorted(glob.glob(os.path.join(CORPUS, "*.txt"))):
        stem = os.path.basename(txt)[:-4]
        base = Counter(d.code for d in findings(open(txt, encoding="utf-8").read(), os.path.basename(txt))
                       if d.severity == "error")
        for ext in ("pdf", "docx"):
            p = os.path.join(CORPUS, "rendered", f"{stem}.{ext}")
            sel = Selection.build()
            got = Counter(d.code for d in check_file(p).diagnostics if sel.allows(d) and d.severity == "error")
            out["n"] += 1
            out["errors"] += bool(got - base)
    return out


def golden_precision():
    """Findings on the corpus that are in the reviewed golden files (each with a justification)."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import update_golden

    total = matched = 0
    for p in update_golden.corpus_files():
        gold = json.load(open(update_golden.golden_path(p), encoding="utf-8"))["findings"]
        keys = Counter((e["code"], e["claim"]) for e in gold if e.get("why"))
        got = Counter((e["code"], e["claim"]) for e in update_golden.findings(p))
        total += sum(got.values())
        matched += sum((got & keys).values())
    return {"findings": total, "reviewed_true": matched, "precision": matched / total if total else 1.0}


def run(seed=1, per_type=None, files=None):
    rng = random.Random(seed)
    files = files or sorted(glob.glob(os.path.join(CORPUS, "*.txt")))
    base = {os.path.basename(p): findings(open(p, encoding="utf-8").read(), os.path.basename(p)) for p in files}
    typed, neutral = [], []
    for p in files:
        typed += typed_mutations(p, rng)
        neutral += neutral_mutations(p, rng)
    if per_type:
        by = {}
        for m in typed:
            by.setdefault(m.kind, []).append(m)
        typed = [m for k in sorted(by) for m in rng.sample(by[k], min(per_type, len(by[k])))]
    rows, misses, _ = evaluate(typed, base)
    nrows, _, false = evaluate(neutral, base)
    return rows, nrows, misses, false


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-type", type=int, default=None, help="at most this many mutations of each type")
    ap.add_argument("--json", default=os.path.join(HERE, "mutation-results.json"))
    a = ap.parse_args()
    from tabulate import tabulate

    rows, nrows, misses, false = run(a.seed, a.per_type)
    real_rows, real_misses, real_false = evaluate_real(rng=random.Random(a.seed), per_type=a.per_type)
    rows.update({k: v for k, v in real_rows.items() if v["family"] != "neutral"})
    nrows.update({k: v for k, v in real_rows.items() if v["family"] == "neutral"})
    misses += [(m, got) for m, got in real_misses]
    false += real_false
    conv = format_conversion()
    prec = golden_precision()
    table = [[r["kind"], r["family"], r["n"], r["hit"], f"{r['hit'] / r['n']:.0%}"] for r in rows.values()]
    print(tabulate(table, headers=["mutation", "family", "applied", "detected", "recall"]))
    print()
    ntable = [[r["kind"], r["n"], r["errors"]] for r in nrows.values()] + [
        ["format conversion (txt→PDF, txt→DOCX)", conv["n"], conv["errors"]]]
    print(tabulate(ntable, headers=["neutral mutation", "applied", "with a new error"]))
    print()
    print(tabulate([[prec["findings"], prec["reviewed_true"], f"{prec['precision']:.0%}"]],
                   headers=["corpus findings", "reviewed true (golden)", "precision"]))
    for m, got in misses:
        print(f"missed: {m.kind} in {m.file}:{m.line} ({m.what}); new findings: {got}")
    for m, errs in false:
        print(f"false error: {m.kind} in {m.file}:{m.line} ({m.what}): {errs}")
    with open(a.json, "w", encoding="utf-8") as fh:
        json.dump({"seed": a.seed, "typed": list(rows.values()), "neutral": list(nrows.values()),
                   "format_conversion": conv, "golden": prec,
                   "missed": [{"kind": m.kind, "file": m.file, "line": m.line, "what": m.what} for m, _ in misses],
                   "false_errors": [{"kind": m.kind, "file": m.file, "line": m.line, "what": m.what} for m, _ in false]},
                  fh, ensure_ascii=False, indent=2)
    print(f"\nwritten {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
