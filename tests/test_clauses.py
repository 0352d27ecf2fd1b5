"""Issue 18, claims: the shared sentence and clause split, and the bracket
judgement AL703 now makes from the facts (claims.Brackets)."""
from __future__ import annotations

from auditlint.checks.identity import unmatched
from auditlint.claims import Where
from auditlint.clauses import Clauses
from auditlint.figures import items_of
from auditlint.model import SourceText


def test_sentences_and_clauses_start_after_their_marks():
    its = items_of("支出100万元，较上年增加5万元。收入90万元；其中：A 50万元")
    cl = Clauses(its)
    k = next(i for i, it in enumerate(its) if it.text == "90万元")
    assert its[cl.sentence_start[k]].text == "收入"
    j = next(i for i, it in enumerate(its) if it.text == "增加")
    assert its[cl.clause_start[j]].kind == "basis"  # 较上年 begins the clause
    a = next(i for i, it in enumerate(its) if it.text == "50万元")
    assert its[cl.sentence_start[a]].text == "其中"  # ； ends a sentence here (not for a list of parts)
    assert cl.words_before(k, cl.sentence_start[k]) == "收入"


def test_a_change_amount_needs_its_basis_in_the_clause():
    its = items_of("较上年增加5万元，增加3万元")
    cl = Clauses(its)
    figs = [i for i, it in enumerate(its) if it.kind == "fig"]
    assert [cl.is_change_amount(i) for i in figs] == [True, False]


def _marks(text):
    src = SourceText(text, [])
    return [(it.text, Where(src, it.start, it.end, 0)) for it in items_of(text)
            if it.kind == "punct" and it.text in "（()）《》“”〔〕【】[]"]


def test_unmatched_brackets():
    got = lambda t: [(m, o, w.snippet) for m, o, w in unmatched(_marks(t))]  # noqa: E731
    assert got("制定《办法（暂行）》") == []
    assert got("制定办法（暂行）》《制度》") == [("》", False, "》")]
    assert got("落实《办法（暂行》") == [("（", True, "（")]  # the 》 closes 《, the （ inside stays open
    assert got("称“十户联防“工作") == [("“", True, "“十户联防“")]
    assert got("（一") == [("（", True, "（")]
