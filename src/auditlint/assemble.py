"""Stage 2: claims (claims/) assembled from the grammar's items (figures.py),
clause by clause, never from the raw text.

``extract`` reads a report through three tables, one line per claim kind:
PARAGRAPH_READERS read each paragraph, heading and table-cell paragraph
(breakdowns, changes, formulas, scores, grades, counts, dates, the form:
claims/); BLOCK_READERS each paragraph and heading (subjects, leftovers, table
notes, inline lists, stated totals, citations, named shares: the modules beside
claims/); REPORT_PASSES the whole report last (tables, self-evaluation forms,
report_passes.py, the unit's own name).
"""
from __future__ import annotations

from .citations import citations
from .claims import Breakdown, ReportFacts, Where
from .claims.breakdowns import BreakdownReader
from .claims.changes import read_changes
from .claims.counts import read_counts
from .claims.dates import read_dates
from .claims.formulas import read_formulas
from .claims.identity import read_form, read_level_refs
from .claims.scores import read_grades, read_scores
from .clauses import COMPLEMENTS, LIST_GOES_ON, Paragraph
from .figures import Item, items_of
from .inline_lists import inline_lists
from .leftovers import cell_misspellings, leftovers as template_leftovers
from .model import Cell, Report, SourceText
from .named_shares import named_shares
from .own_name import name_variants
from .report_passes import _county_slips, _enumerations, _form_total_scores, _name_slips, _percent_counts, _score_items
from .self_eval_forms import read_forms
from .stated_totals import total_statements
from .subjects import mentions as subject_mentions
from .table_notes import empty_table_notes
from .tables import read_tables


# -- breakdowns and shares (claims/breakdowns.py) -------------------------------
def _breakdowns(p: Paragraph, f: ReportFacts) -> None:
    first_new = len(f.breakdowns)
    BreakdownReader(p.cl, p.where, lambda bd: _close(bd, p, f)).read()
    items = p.items
    if items and items[-1].kind == "punct" and items[-1].text in LIST_GOES_ON:
        # "…合计 4,651.67 万元，其中：基本支出 4,312.17 万元，占 92.7%；" and the next items in the
        # paragraphs below: the list is not complete here, whatever shares it shows
        for bd in f.breakdowns[first_new:]:
            bd.complete, bd.why_complete = False, ""


def _close(bd: Breakdown, p: Paragraph, f: ReportFacts) -> None:
    """Record a breakdown once (p.recorded: the report's), complete when every part
    carries a share or the parts are a known pair (COMPLEMENTS)."""
    if id(bd) in p.recorded or not bd.parts:
        return
    p.recorded.add(id(bd))
    labels = {x.label for x in bd.parts}
    shares = [x.share for x in bd.parts if x.share is not None]
    if len(shares) == len(bd.parts) and shares:
        bd.complete, bd.why_complete = True, "shares"
    for pair in COMPLEMENTS:
        if all(any(lbl.endswith(x) for lbl in labels) for x in pair) and len(bd.parts) == len(pair):
            bd.complete, bd.why_complete = True, "+".join(pair)
    f.breakdowns.append(bd)
    for x in bd.parts:
        if x.share is not None:
            f.shares.append((bd, x))


# -- change vs rate (claims/changes.py) -----------------------------------------
def _changes(p: Paragraph, f: ReportFacts) -> None:
    f.changes.extend(read_changes(p.cl, p.where))


# The claim kinds read paragraph by paragraph, in this order (a later reader may look at
# what an earlier one recorded: read_scores at the section scores): reader(paragraph, facts).
# A new kind read from one paragraph is one line here and its module in claims/.
PARAGRAPH_READERS = (
    _breakdowns,  # breakdowns and shares   claims/breakdowns.py
    _changes,  # changes                    claims/changes.py
    read_formulas,  # formulas a/b=c%       claims/formulas.py
    read_scores,  # section, total, loose scores  claims/scores.py
    read_grades,  # grades                  claims/scores.py
    read_counts,  # counts and their lists  claims/counts.py
    read_dates,  # dates, fiscal figures    claims/dates.py
    read_form,  # self refs, doc numbers, blank dates, brackets, unitless figures  claims/identity.py
    read_level_refs,  # 镇、村两级          claims/identity.py
)


class _Assembler:
    """Runs PARAGRAPH_READERS over each paragraph of one report."""

    def __init__(self, report: Report, facts: ReportFacts, grades: list[str]):
        self.report = report
        self.f = facts
        self.grade_labels = sorted(grades, key=len, reverse=True)
        self._closed: set = set()  # ids of breakdowns already recorded

    def text_unit(self, src: SourceText, block, section, items: list[Item]):
        """One paragraph (or heading, or cell paragraph)."""
        self.f.figures += sum(1 for it in items if it.kind == "fig")
        p = Paragraph(src, block, section, items, lambda a, b: Where(src, a, b, block.index),
                      self.grade_labels, self._closed)
        for read in PARAGRAPH_READERS:
            read(p, self.f)


# Claim kinds read block by block (paragraphs and headings) by their own modules, after
# the paragraph readers: (ReportFacts list, reader(block, items, where)).  A table's cells
# are read by PARAGRAPH_READERS and, for misspellings, leftovers.cell_misspellings.
BLOCK_READERS = (
    ("subject_mentions", lambda b, items, W: subject_mentions(b, Where, items)),  # subjects.py: 行政运行（项）
    ("leftovers", lambda b, items, W: template_leftovers(b, Where)),  # leftovers.py: 增加（减少）
    ("table_notes", lambda b, items, W: empty_table_notes(b, Where)),  # table_notes.py: 故本表为空表
    ("inline_lists", lambda b, items, W: inline_lists(b, Where) if b.kind == "paragraph" else ()),  # （1）…（2）
    ("total_statements", lambda b, items, W: total_statements(items, W)),  # stated_totals.py: 收入支出总计 X
    ("citations", lambda b, items, W: citations(b.text, items, W)),  # citations.py
    ("named_shares", lambda b, items, W: named_shares(b.text, items, W, b.index)),  # 占“三公”经费的 8.75%
)


def _tables(report: Report, f: ReportFacts, block_items, items_for) -> None:
    f.tables = read_tables(report.blocks, items_for, Where)


def _self_eval_forms(report: Report, f: ReportFacts, block_items, items_for) -> None:
    f.self_eval_forms = read_forms(report.blocks, items_for, Where)


def _name_variants(report: Report, f: ReportFacts, block_items, items_for) -> None:
    f.name_variants = name_variants(report, Where)


# Passes over the whole report once its blocks are read, in this order (the forms' total
# scores need the forms): run(report, facts, block_items, items_for).
REPORT_PASSES = (
    _tables,  # tables.py
    _self_eval_forms,  # self_eval_forms.py
    lambda r, f, bi, items_for: _form_total_scores(f),  # report_passes.py, as are the five below
    lambda r, f, bi, items_for: _score_items(r, f, bi),
    lambda r, f, bi, items_for: _enumerations(r, f, bi),
    lambda r, f, bi, items_for: _percent_counts(r, f, bi),
    lambda r, f, bi, items_for: _name_slips(r, f),
    lambda r, f, bi, items_for: _county_slips(r, f),
    _name_variants,  # own_name.py
)


def extract(report: Report, grade_labels: list[str]) -> ReportFacts:
    """The facts of one report: every block through PARAGRAPH_READERS (a table cell by
    cell) and BLOCK_READERS, then REPORT_PASSES."""
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
        W = lambda a, z, b=b: Where(b.source, a, z, b.index)  # noqa: E731
        for name, read in BLOCK_READERS:
            getattr(facts, name).extend(read(b, items, W))
    for run in REPORT_PASSES:
        run(report, facts, block_items, items_for)
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
