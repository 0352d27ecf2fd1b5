"""Stage 2: claims (claims/) assembled from the grammar's items (figures.py),
clause by clause, never from the raw text.

``extract`` reads a report: each paragraph, heading and table-cell paragraph
goes through ``_Assembler.text_unit`` (breakdowns, changes, formulas, scores,
grades, counts, dates, the form); the claim modules beside it (subjects,
leftovers, inline lists, stated totals, citations, named shares, tables,
self-evaluation forms, the unit's own name) read their kinds; the passes over
the whole report (report_passes.py) come last.
"""
from __future__ import annotations

import re
from typing import Optional

from .citations import citations
from .claims import (BlankDate, Brackets, Breakdown, CountClaim, DateFact, DocNumber, FiscalFigure, Formula, GradeClaim,
                     LooseScore, ReportFacts, SectionScore, SelfRef, TotalScore, UnitlessFigure, Where)
from .claims.breakdowns import BreakdownReader
from .claims.changes import read_changes
from .clauses import (BLANK_DATE_LABELS, CATEGORY_UNITS, CLOSERS, CN_ORDINAL_DIGITS, COMPLEMENTS, COUNT_CLAUSE_START,
                      COUNT_LIST_END, COUNT_SEARCH_END, FISCAL_WORDS, LEVEL_PAIR, LIST_GOES_ON, NOUN_END, OPENERS, RUN_TOGETHER_DATE, TOTAL_SCORE_ROLES, Clauses, _after_date_label, _blank_after,
                      _label_before, _split_list)
from .figures import Item, items_of
from .inline_lists import inline_lists
from .leftovers import cell_misspellings, leftovers as template_leftovers
from .model import Block, Cell, Report, Section, SourceText
from .named_shares import named_shares
from .own_name import name_variants
from .report_passes import _county_slips, _enumerations, _form_total_scores, _name_slips, _percent_counts, _score_items
from .self_eval_forms import read_forms
from .stated_totals import total_statements
from .subjects import mentions as subject_mentions
from .table_notes import empty_table_notes
from .tables import read_tables


class _Assembler:
    def __init__(self, report: Report, facts: ReportFacts, grades: list[str]):
        self.report = report
        self.f = facts
        self.grade_labels = sorted(grades, key=len, reverse=True)
        self._closed: set = set()  # ids of breakdowns already recorded

    # -- one paragraph (or heading, or cell paragraph) ---------------------
    def text_unit(self, src: SourceText, block: Block, section: Optional[Section], items: list[Item]):
        W = lambda a, b: Where(src, a, b, block.index)  # noqa: E731
        figs = [(k, it) for k, it in enumerate(items) if it.kind == "fig"]
        self.f.figures += len(figs)
        first_new = len(self.f.breakdowns)
        cl = Clauses(items)  # sentences and clauses, split once for the readers below
        self._breakdowns(cl, W)
        if items and items[-1].kind == "punct" and items[-1].text in LIST_GOES_ON:
            # "…合计 4,651.67 万元，其中：基本支出 4,312.17 万元，占 92.7%；" and the next items in the
            # paragraphs below: the list is not complete here, whatever shares it shows
            for bd in self.f.breakdowns[first_new:]:
                bd.complete, bd.why_complete = False, ""
        self._changes(cl, W)
        self._formulas(items, W)
        self._scores(cl, W, section)
        self._grades(items, W)
        self._counts(items, W, src)
        self._dates(items, W, block, section, src)
        self._form(items, W)
        self._level_refs(src.text, W)

    # -- identity and form (AL7) -------------------------------------------
    def _level_refs(self, text: str, W):
        """"镇、村两级" / "街道、社区两级": the unit naming its own level beside the villages'."""
        for m in LEVEL_PAIR.finditer(text):
            kind = m.group("a") or m.group("b") or m.group("c")
            self.f.self_refs.append(SelfRef(m.group(0), kind, W(m.start(), m.end())))

    def _form(self, items, W):
        marks = []  # the paragraph's brackets and quotation marks (AL703 matches them)
        money = sum(1 for it in items if it.kind == "fig" and it.fig.is_money)
        for k, it in enumerate(items):
            if it.kind == "self":
                self.f.self_refs.append(SelfRef(it.text, it.text[1:], W(it.start, it.end)))
            elif it.kind == "docno":
                self.f.doc_numbers.append(DocNumber(it.text, it.value, W(it.start, it.end)))
            elif it.kind == "date" and it.value.malformed:
                self.f.doc_numbers.append(DocNumber(it.text, "", W(it.start, it.end)))
            elif it.kind == "fig" and _after_date_label(items, k) and RUN_TOGETHER_DATE.fullmatch(it.text):
                # 填报日期：202403 — a date typed as digits without 年/月/日
                self.f.doc_numbers.append(DocNumber(it.text, "", W(it.start, it.end)))
            elif it.kind == "text" and it.text.endswith(BLANK_DATE_LABELS) and _blank_after(items, k):
                self.f.blank_dates.append(BlankDate(it.text, W(it.start, it.end)))
            elif it.kind == "punct" and (it.text in OPENERS or it.text in CLOSERS):
                marks.append((it.text, W(it.start, it.end)))
            elif it.kind == "fig" and it.fig.unit == "" and not it.fig.quoted and money:
                nxt = items[k + 1] if k + 1 < len(items) else None
                self.f.unitless_figures.append(UnitlessFigure(
                    _label_before(items, k), it.fig, money, nxt is None or (nxt.kind == "punct" and nxt.text in "，,、；;。"),
                    W(it.start, it.end)))
        if marks:
            self.f.brackets.append(Brackets(marks))

    # -- breakdowns and shares ---------------------------------------------
    def _breakdowns(self, cl: Clauses, W):
        BreakdownReader(cl, W, self._close).read()

    def _close(self, bd: Breakdown):
        if id(bd) in self._closed or not bd.parts:
            return
        self._closed.add(id(bd))
        labels = {p.label for p in bd.parts}
        shares = [p.share for p in bd.parts if p.share is not None]
        if len(shares) == len(bd.parts) and shares:
            bd.complete, bd.why_complete = True, "shares"
        for pair in COMPLEMENTS:
            if all(any(lbl.endswith(x) for lbl in labels) for x in pair) and len(bd.parts) == len(pair):
                bd.complete, bd.why_complete = True, "+".join(pair)
        self.f.breakdowns.append(bd)
        for p in bd.parts:
            if p.share is not None:
                self.f.shares.append((bd, p))

    # -- change vs rate ---------------------------------------------------
    def _changes(self, cl: Clauses, W):
        self.f.changes.extend(read_changes(cl, W))

    # -- written formulas a/b=c% --------------------------------------------
    def _formulas(self, items, W):
        for k, it in enumerate(items):
            if it.kind != "frac":
                continue
            if k + 2 < len(items) and items[k + 1].kind == "punct" and items[k + 1].text == "=" \
                    and items[k + 2].kind == "fig" and items[k + 2].fig.approx is None:
                a, b = it.value
                self.f.formulas.append(Formula(a, b, items[k + 2].fig, W(it.start, items[k + 2].end),
                                               _label_before(items, k)))

    # -- scores -----------------------------------------------------------
    def _scores(self, cl: Clauses, W, section):
        items = cl.items
        n = len(items)
        for k, it in enumerate(items):
            if it.kind != "kw":
                continue
            nxt = items[k + 1] if k + 1 < n else None
            if it.role == "total_word" and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
                # 总计30分，扣2分，得28分
                ded = got = None
                end = nxt.end
                j = k + 2
                while j < min(n, k + 9):
                    x = items[j]
                    if x.role == "deduct" and j + 1 < n and items[j + 1].kind == "fig":
                        ded = items[j + 1].fig
                    elif x.role in ("got", "score") and j + 1 < n and items[j + 1].kind == "fig":
                        got = items[j + 1].fig
                        end = items[j + 1].end
                        break
                    elif cl.ends_sentence(j):
                        break
                    j += 1
                if got is not None and got.unit == "分":
                    self.f.section_scores.append(SectionScore(
                        _label_before(items, k), nxt.fig, ded, got, W(it.start, end), section))
            elif it.role in TOTAL_SCORE_ROLES and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
                self.f.total_scores.append(TotalScore(nxt.fig, W(it.start, nxt.end)))
            elif it.role in ("total_score", "total_got") and nxt is not None and nxt.kind == "fig" \
                    and nxt.fig.unit == "" and not nxt.fig.approx and 0 <= nxt.fig.value <= 100 \
                    and k + 2 < n and items[k + 2].kind == "punct" and items[k + 2].text in "，,。；;":
                # 评价得分83.06，综合评价等级为“B”: the score without its unit, the clause ending there
                self.f.total_scores.append(TotalScore(nxt.fig, W(it.start, nxt.end)))
            elif it.role in ("total_points", "total_got") and k + 3 == n and nxt is not None and nxt.kind == "fig" \
                    and nxt.fig.unit == "" and nxt.fig.value == 100 and items[k + 2].kind == "fig" \
                    and items[k + 2].fig.unit == "" and 0 <= items[k + 2].fig.value <= 100:
                # a form's last row read as a line: "总分 100 97" is 分值 then 得分
                self.f.total_scores.append(TotalScore(items[k + 2].fig, W(it.start, items[k + 2].end)))
            elif it.role in TOTAL_SCORE_ROLES and k + 3 < n and nxt.kind == "punct" and nxt.text in "“\"" \
                    and items[k + 2].kind == "fig" and items[k + 2].fig.unit == "" \
                    and items[k + 3].kind == "punct" and items[k + 3].text in "”\"" \
                    and k + 4 < n and items[k + 4].kind == "text" and items[k + 4].text.startswith("分"):
                # 最终评价得分“86.73”分: the score in quotes, its unit after them
                self.f.total_scores.append(TotalScore(items[k + 2].fig, W(it.start, items[k + 4].start + 1)))
            elif it.role == "got" and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
                prev = items[k - 1] if k else None
                in_section_score = any(s.got is nxt.fig for s in self.f.section_scores)
                if not in_section_score and not (prev is not None and prev.role in TOTAL_SCORE_ROLES):
                    self.f.loose_scores.append(LooseScore(nxt.fig, W(it.start, nxt.end), section))

    def _grades(self, items, W):
        for k, it in enumerate(items):
            if it.role == "grade":
                j = k + 1
                while j < len(items) and j <= k + 3 and (
                        (items[j].kind in ("punct", "kw") and items[j].text not in "。，")
                        or (items[j].kind == "text" and items[j].text in ("为", "是", "系", "评定为"))):
                    j += 1
                if j < len(items) and items[j].kind == "text":
                    t = items[j].text
                    skip = 1 if t[:1] in "为是" and len(t) > 1 else 0  # 评价级次为优: "为优" is one text run
                    t = t[skip:]
                    for lbl in self.grade_labels:
                        if t.startswith(lbl) and (len(t) == len(lbl) or len(lbl) >= 2 or
                                                  not ("\u4e00" <= t[len(lbl):len(lbl) + 1] <= "\u9fff")):
                            self.f.grades.append(GradeClaim(lbl, W(it.start, items[j].start + skip + len(lbl))))
                            break

    # -- count claims ------------------------------------------------------
    def _counts(self, items, W, src):
        """Stated counts and the lists that go with them (AL403)."""
        text = src.text
        n = len(items)
        for k, it in enumerate(items):
            if it.kind != "fig" or it.fig.quoted or it.fig.approx or not it.fig.exact_kind:
                continue
            if it.fig.unit in ("分", "年", "天", "岁", "人次", "次", "个月", "周"):
                continue
            count = int(it.fig.value)
            if k >= 2 and items[k - 1].kind == "punct" and items[k - 1].text == "、" \
                    and items[k - 2].text[-1:] in CN_ORDINAL_DIGITS and it.text[:1] in CN_ORDINAL_DIGITS:
                continue  # 一、二类赛事: the first and second class, an enumeration of ordinals, not 2 of them
            nxt = items[k + 1] if k + 1 < n else None
            noun = ""
            if nxt is not None and nxt.kind == "text":
                m = NOUN_END.match(nxt.text)
                noun = m.group(0) if m else ""
            # (a) N个，即：a、b、c   /  N家，分别是a和b
            j = k + 1
            while j < n and j <= k + 6 and items[j].role not in ("namely", "respectively"):
                if items[j].kind == "punct" and items[j].text in COUNT_SEARCH_END:
                    j = n
                    break
                if items[j].kind == "fig":
                    if not items[j].fig.is_money:
                        j = n
                        break
                j += 1
            if j < n and j <= k + 6:
                start = items[j].end
                stop = None
                for x in items[j + 1:]:
                    if x.kind == "punct" and x.text in COUNT_LIST_END:
                        stop = x.start
                        break
                if stop is None:
                    if text.rstrip()[-1:] not in "。！？!?":
                        continue  # the list runs off the paragraph's end: it may go on below
                    stop = len(text)
                stop = _list_end(text, start, stop)
                if _parts_of_a_quantity(it.fig, [x.fig for x in items[j + 1:] if x.kind == "fig" and x.start < stop]):
                    continue  # 设备109套，分别为电脑17套、2套…: the parts of a quantity, not the items it counts
                listed = _split_list(text[start:stop])
                if listed is not None and count >= 2:
                    self.f.count_claims.append(CountClaim(
                        count, noun, W(it.start, it.end), "list_after", len(listed), listed,
                        W(start, stop)))
                continue
            # (b) a、b、c9个工作小组 (the list right before the count)
            if k and items[k - 1].kind == "text" and count >= 2:
                clause_start = 0
                for x in reversed(items[:k]):
                    if x.kind == "punct" and x.text in COUNT_CLAUSE_START:
                        clause_start = x.end
                        break
                    if x.kind in ("fig", "range", "date") or x.role in ("including", "part", "altogether"):
                        clause_start = None
                        break
                if clause_start is not None:
                    seg = text[clause_start:it.start]
                    listed = _split_list(seg)
                    # two items are too often two verbs (硬化、扩宽12条); ask for three
                    if listed is not None and len(listed) >= 3 and count <= 50 \
                            and it.fig.unit in CATEGORY_UNITS and noun:
                        self.f.count_claims.append(CountClaim(
                            count, noun, W(it.start, it.end), "list_before", len(listed), listed,
                            W(clause_start, it.start)))

    # -- dates ------------------------------------------------------------
    def _dates(self, items, W, block, section, src):
        role = "other"
        top = section
        while top is not None and top.parent is not None and top.parent.heading is not None:
            top = top.parent
        if top is not None and top.heading is not None and re.search(
                r"评价工作|自评工作|评价过程|组织实施|评价思路", top.heading.title):
            role = "evaluation"
        only_date = [x for x in items if x.kind not in ("punct",)]
        if len(only_date) == 1 and only_date[0].kind == "date" and only_date[0].value.day:
            role = "signature"
        for k, it in enumerate(items):
            if it.kind != "date":
                continue
            self.f.dates.append(DateFact(it.value, W(it.start, it.end), role))
            dv = it.value
            if dv.year and dv.month is None and k + 1 < len(items):
                # 2023年度收入合计 X万元: a fiscal figure labelled with a year
                label_parts = []
                j = k + 1
                while j < len(items) and items[j].kind in ("text", "kw") and len(label_parts) < 4:
                    if items[j].kind == "kw" and items[j].role not in ("total_word", "subtotal"):
                        break
                    label_parts.append(items[j].text)
                    j += 1
                label = "".join(label_parts)
                # "纳入2018年预算管理的700万元培训费收入": a year in a clause ending in 的 qualifies
                # the noun after the figure; the figure is not labelled with the year
                if j < len(items) and items[j].kind == "fig" and items[j].fig.is_money \
                        and FISCAL_WORDS.match(label) and not label.endswith("的"):
                    self.f.fiscal_figures.append(FiscalFigure(dv.year, label, items[j].fig,
                                                              W(it.start, items[j].end)))


def _list_end(text: str, start: int, stop: int) -> int:
    """Where a list a、b、c after 即/分别为 ends: at the first comma after an item separated by 、
    (学校4所，分别为：A、B、C、D，分别购置设备17套、2套… — the clause after the comma, with its own
    、, is not part of the list), else at the end of the sentence."""
    depth, seen = 0, False
    for i in range(start, stop):
        ch = text[i]
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "、":
            seen = True
        elif depth == 0 and ch in "，," and seen:
            return i
    return stop


def _parts_of_a_quantity(count, figs) -> bool:
    """Is what follows 即/分别为 a breakdown of the count rather than a list of what it counts?
    It is when the items carry figures of the count's own unit (采购设备109套，分别为电脑17套、
    2套、57套、33套), or counts adding up to it.  Items carrying other figures (内设机构3个，
    即：办公室（5人）…) are still a list."""
    if any(f.unit == count.unit for f in figs):
        return True
    counted = [f for f in figs if f.exact_kind]
    return len(counted) >= 2 and sum(f.value for f in counted) == count.value


def extract(report: Report, grade_labels: list[str]) -> ReportFacts:
    facts = ReportFacts(report)
    asm = _Assembler(report, facts, grade_labels)
    sec_of = {}
    if report.root is not None:
        for sec in report.root.walk():
            if sec.heading is not None:
                sec_of[id(sec.heading)] = sec
            for b in sec.blocks:
                sec_of[id(b)] = sec
    block_items: dict[int, list[Item]] = {}
    cell_items: dict[str, list[Item]] = {}  # a cell is read once for its figure and its claims

    def items_for(text: str) -> list[Item]:
        if text not in cell_items:
            cell_items[text] = items_of(text)
        return cell_items[text]

    for b in report.blocks:
        section = sec_of.get(id(b))
        if b.kind == "table":
            for cell in b.cells():
                for para in _cell_paragraphs(cell, longer_than=12):
                    asm.text_unit(para, b, section, items_for(para.text))
            facts.leftovers.extend(cell_misspellings(b, Where))
            continue
        items = block_items[id(b)] = items_of(b.text)
        asm.text_unit(b.source, b, section, items)
        facts.subject_mentions.extend(subject_mentions(b, Where, items))
        facts.leftovers.extend(template_leftovers(b, Where))
        facts.table_notes.extend(empty_table_notes(b, Where))
        if b.kind == "paragraph":
            facts.inline_lists.extend(inline_lists(b, Where))
        facts.total_statements.extend(total_statements(items, lambda a, z, b=b: Where(b.source, a, z, b.index)))
        facts.citations.extend(citations(b.text, items, lambda a, z, b=b: Where(b.source, a, z, b.index)))
        facts.named_shares.extend(named_shares(b.text, items, lambda a, z, b=b: Where(b.source, a, z, b.index),
                                               b.index))
    facts.tables = read_tables(report.blocks, items_for, Where)
    facts.self_eval_forms = read_forms(report.blocks, items_for, Where)
    _form_total_scores(facts)
    _score_items(report, facts, block_items)
    _enumerations(report, facts, block_items)
    _percent_counts(report, facts, block_items)
    _name_slips(report, facts)
    _county_slips(report, facts)
    facts.name_variants = name_variants(report, Where)
    return facts


def _cell_paragraphs(cell: Cell, longer_than: int = 0) -> list[SourceText]:
    """The lines of a cell (a Word cell may hold several paragraphs) longer
    than `longer_than` characters, as slices of the cell's source."""
    t = cell.text
    if len(t) <= longer_than:
        return []
    out, start = [], 0
    for line in t.split("\n"):
        end = start + len(line)
        if len(line) > longer_than and line.strip():
            out.append(cell.source.slice(start, end))
        start = end + 1
    return out
