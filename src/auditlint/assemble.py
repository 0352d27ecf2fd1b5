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
from .claims import (BareAmount, BlankDate, Breakdown, Change, CountClaim, DateFact, DocNumber, FiscalFigure, Formula,
                     GradeClaim, LooseScore, Part, ReportFacts, SectionScore, SelfRef, TotalScore, Unbalanced, Where)
from .clauses import (ADJUSTING, BARE_YEAR_BASIS, BLANK_DATE_LABELS, CATEGORY_UNITS, CHANGE_WINDOW, CLAUSE_END,
                      CLOSERS, CN_ORDINAL_DIGITS, COMPLEMENTS, DIRECTION_ROLES, FISCAL_WORDS, FULL_STOP, LEVEL_PAIR,
                      LIST_GOES_ON, MONEY_LABEL, NOUN_END, OPENERS, RUN_TOGETHER_DATE, SENTENCE_END, TOTAL_SCORE_ROLES,
                      _after_date_label, _blank_after, _is_change_amount, _label_before, _leaves_the_list, _same_family,
                      _sign_before, _split_list, _stated_years)
from .figures import Item, items_of
from .inline_lists import inline_lists
from .leftovers import cell_misspellings, leftovers as template_leftovers
from .model import Block, Cell, Report, Section, SourceText
from .named_shares import named_shares
from .own_name import name_variants
from .report_passes import _county_slips, _enumerations, _form_total_scores, _name_slips, _score_items
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
        self._breakdowns(items, W)
        if items and items[-1].kind == "punct" and items[-1].text in LIST_GOES_ON:
            # "…合计 4,651.67 万元，其中：基本支出 4,312.17 万元，占 92.7%；" and the next items in the
            # paragraphs below: the list is not complete here, whatever shares it shows
            for bd in self.f.breakdowns[first_new:]:
                bd.complete, bd.why_complete = False, ""
        self._changes(items, W)
        self._formulas(items, W)
        self._scores(items, W, section)
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
        stack = []
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
            elif it.kind == "punct" and it.text in OPENERS:
                if it.text == "“" and stack and stack[-1][0] == "“":
                    # “…“ : a second opening quote where the closing one belongs
                    self.f.unbalanced.append(Unbalanced("“", True, W(stack[-1][1].start, it.end)))
                    stack.pop()
                    continue
                stack.append((it.text, it))
            elif it.kind == "punct" and it.text in CLOSERS:
                want = CLOSERS[it.text]
                if stack and stack[-1][0] in want:
                    stack.pop()
                elif any(s[0] in want for s in stack):
                    while stack and stack[-1][0] not in want:
                        o = stack.pop()
                        self.f.unbalanced.append(Unbalanced(o[0], True, W(o[1].start, o[1].end)))
                    stack.pop()
                else:
                    self.f.unbalanced.append(Unbalanced(it.text, False, W(it.start, it.end)))
            elif it.kind == "fig" and it.fig.unit == "" and not it.fig.quoted and money >= 2:
                label = _label_before(items, k)
                nxt = items[k + 1] if k + 1 < len(items) else None
                if MONEY_LABEL.search(label) and (nxt is None or (nxt.kind == "punct" and nxt.text in "，,、；;。")):
                    self.f.bare_amounts.append(BareAmount(label, it.fig, money, W(it.start, it.end)))
        for o in stack:
            self.f.unbalanced.append(Unbalanced(o[0], True, W(o[1].start, o[1].end)))

    # -- breakdowns and shares ---------------------------------------------
    def _breakdowns(self, items, W):
        # sentence boundaries
        # (label, figure, item, sign) of the last figure, and of the first money figure of a sentence
        last_sentence_first_money: Optional[tuple] = None
        sentence_first_money: Optional[tuple] = None
        prev_fig: Optional[tuple] = None
        prev_money: Optional[tuple] = None  # the last money figure of the sentence
        after_semicolon = False  # a ； since the last figure
        k = 0
        current: Optional[Breakdown] = None
        stack: list[Breakdown] = []
        paren_depth = 0
        paren_bd: Optional[Breakdown] = None
        while k < len(items):
            it = items[k]
            if it.kind == "punct" and it.text in "（(":
                paren_depth += 1
            elif it.kind == "punct" and it.text in "）)":
                paren_depth = max(0, paren_depth - 1)
                if paren_bd is not None:
                    self._close(paren_bd)
                    if current is paren_bd:
                        current = stack.pop() if stack else None
                    paren_bd = None
            if it.role == "part" or it.kind == "listopen":
                # whose breakdown?  the figure right before, in this sentence;
                # at a sentence start, the first money figure of the sentence before
                tot = prev_fig if prev_fig is not None else last_sentence_first_money
                if tot is not None and tot[1].is_percent and tot[0].endswith("率") and prev_money is not None:
                    # "执行数为500万元，执行率100%，其中：基本支出…": the rate describes the amount;
                    # the 其中 breaks down the amount, the subject of the sentence
                    tot = prev_money
                if tot is not None and tot[1].exact:
                    bd = Breakdown(tot[0], tot[1], W(tot[2].start, tot[2].end), [], False, "其中",
                                   total_sign=tot[3])
                    if current is not None and any(p.fig is tot[1] for p in current.parts):
                        stack.append(current)  # nested: 本年收入合计4112.15万元，其中…
                    elif current is not None:
                        self._close(current)
                        current = stack.pop() if stack else None
                        while stack:
                            self._close(stack.pop())
                    current = bd
                    if paren_depth:
                        paren_bd = bd
            elif it.kind == "fig" and not it.fig.quoted and _is_change_amount(items, k):
                pass  # 比2023年预算增加0.46万元: a change amount is never a part of a breakdown
            elif it.kind == "fig" and paren_depth and paren_bd is None and current is not None \
                    and not it.fig.is_percent:
                # "公务用车购置及运行维护费24.8万元（公务用车购置费0万元，…运行维护费24.8万元。）": an
                # aside in brackets details the part before it; its figures are not parts of the list
                prev_fig = (_label_before(items, k), it.fig, it, _sign_before(items, k))
            elif it.kind == "fig" and not it.fig.quoted:
                fig = it.fig
                label = _label_before(items, k)
                if fig.is_percent:
                    # 占p%: the share of the part before it
                    if k and items[k - 1].role == "share" and current and current.parts:
                        part = current.parts[-1]
                        if part.share is None:
                            part.share = fig
                            part.share_where = W(items[k - 1].start, it.end)
                elif current is not None and _same_family(fig, current.total) and (
                        not (k and items[k - 1].role == "share")):
                    if fig is not current.total and after_semicolon and _leaves_the_list(current, label):
                        # "其中行政编制44人，事业编制8人；实有人员59人": after a ；, once the parts add up to
                        # the total, a figure whose label lacks the word they share (编制) is a new quantity
                        self._close(current)
                        current = stack.pop() if stack else None
                    elif fig is not current.total:
                        current.parts.append(Part(label, fig, W(it.start, it.end), sign=_sign_before(items, k)))
                elif (k and items[k - 1].role == "share" and current
                      and _same_family(fig, current.total)):
                    current.parts.append(Part(label, fig, W(it.start, it.end)))  # 其中工业固投占4.6亿元
                prev_fig = (label, fig, it, _sign_before(items, k))
                if fig.is_money:
                    prev_money = prev_fig
                if fig.is_money and sentence_first_money is None:
                    sentence_first_money = prev_fig
            if it.kind == "punct" and it.text in "；;":
                after_semicolon = True
            elif it.kind == "fig":
                after_semicolon = False
            if it.kind == "punct" and it.text in SENTENCE_END and it.text != "；" and not paren_depth:
                last_sentence_first_money = sentence_first_money
                sentence_first_money = None
                prev_fig = prev_money = None
                if current is not None:
                    self._close(current)
                    while stack:
                        self._close(stack.pop())
                    current = None
            k += 1
        if current is not None:
            self._close(current)
        while stack:
            self._close(stack.pop())

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
    def _changes(self, items, W):
        subject = carried = full_first = nearest = full_last = carried_last = None
        sentence_start = 0
        clause_year = clause_date = None  # the year named in the current clause (2023年当年预算执行数为…)
        dated: list = []  # (figure item, year of its clause, that year's date item) of the sentence's money figures
        for k, it in enumerate(items):
            if it.kind == "date" and it.value is not None and it.value.year:
                clause_year, clause_date = it.value.year, it
            if it.kind == "fig" and it.fig.is_money and not it.fig.approx and clause_year:
                dated.append((it, clause_year, clause_date))
            if it.kind == "punct" and it.text in CLAUSE_END:
                clause_year = None
            if it.kind == "fig" and it.fig.is_money and subject is None:
                subject = (k, it, "".join(x.text for x in items[sentence_start:k] if x.kind in ("text", "kw")))
                if full_first is None:
                    full_first = subject
            if it.kind == "fig" and it.fig.is_money and not it.fig.approx and not _is_change_amount(items, k):
                nearest = full_last = it
            if it.kind == "punct" and it.text in SENTENCE_END:
                subject, sentence_start, nearest = None, k + 1, None
                dated = []
                if it.text in FULL_STOP:
                    # a sentence opening with its basis speaks of the full sentence before: its
                    # first figure (…166.02 万元，主要包括：…；党建培训 49.72 万元。较上年增加 28.46
                    # 万元 — the 166.02), or its last (年初预算 139,217.01 万元，支出决算 296,047.75
                    # 万元。与上年相比减少 17,151.62 万元 — the 296,047.75): both are read
                    carried, carried_last, full_first, full_last = full_first, full_last, None, None
            if it.kind == "basis" and subject is None and k == sentence_start and carried is not None:
                # "…总预算 21,940.96 万元。与上年相比，…增加 3,958.98 万元": a sentence that opens
                # with its basis speaks of the figure the sentence before ended on
                subject = carried
                if carried_last is not None and carried_last is not carried[1]:
                    nearest = carried_last
            if it.kind == "basis" or it.role == "change_basis":
                # basis, then 增加/减少 Δ, then (，增加) r%
                j = k + 1
                direction = 0
                delta = rate = unitless = None
                flat = False
                times = None
                depth = 0  # an aside in brackets (上年…140.2 万元) is skipped
                end = it.end
                # the clause may restate its subject between the basis and the
                # direction word (与上年相比收、支预算总计各增加 X 万元，增长 Y%)
                while j < len(items) and j <= k + CHANGE_WINDOW:
                    x = items[j]
                    if x.kind == "punct" and x.text in "（(":
                        depth += 1
                    elif x.kind == "punct" and x.text in "）)":
                        depth = max(0, depth - 1)
                    elif depth:
                        pass
                    elif x.role == "up":
                        direction = direction or 1
                    elif x.role == "down":
                        direction = direction or -1
                    elif x.role == "flat" and not direction:
                        flat, end = True, x.end
                        break
                    elif x.kind == "fig" and direction:
                        if x.fig.is_percent:
                            rate = x.fig
                            end = x.end
                            break
                        elif delta is None and subject and _same_family(x.fig, subject[1].fig):
                            delta = x.fig
                            end = x.end
                        else:
                            after_word = items[j - 1].role in DIRECTION_ROLES
                            if delta is not None and x.fig.unit == "" and after_word:
                                if j + 1 < len(items) and items[j + 1].kind == "text" and items[j + 1].text.startswith("倍"):
                                    times, end = x.fig, items[j + 1].start + 1  # 增加 X 万元，增长 16 倍
                                else:
                                    unitless, end = x.fig, x.end  # 增加 X 万元，增长 13.95。
                            break
                    elif x.kind == "punct" and x.text in SENTENCE_END:
                        break
                    elif x.kind == "text" and delta is not None:
                        break
                    j += 1
                previous, current = _stated_years(dated, it)
                clause = k
                while clause > 0 and not (items[clause - 1].kind == "punct" and items[clause - 1].text in CLAUSE_END):
                    clause -= 1
                clause_text = "".join(x.text for x in items[clause:k] if x.kind in ("text", "kw"))
                adjusted = any(w in clause_text for w in ADJUSTING)
                if direction and (delta or rate or times) or (flat and previous is not None):
                    cur = subject[1].fig if subject else None
                    alternatives = []
                    if previous is not None:
                        cur = current  # 2023年执行数为 A，2024年预算安排 B，比2023年…增加 r%
                    elif subject and nearest is not None and nearest is not subject[1] and nearest.end <= it.start \
                            and subject is carried:
                        alternatives = [nearest.fig]  # the full sentence before: its first figure, or its last
                    elif subject and nearest is not None and nearest is not subject[1] and nearest.end <= it.start:
                        # "支出 25859.6 万元，其中：工资福利支出 2079.07 万元，较上年增加 248.96 万元": the
                        # change may be of the figure right before it; the sentence's first is the other reading
                        cur, alternatives = nearest.fig, [subject[1].fig]
                    label = _label_before(items, subject[0]) if subject else ""
                    same_year = where = None
                    bare = BARE_YEAR_BASIS.match("".join(it.text.split())) if it.kind == "basis" else None
                    if bare and subject and not alternatives and previous is None:
                        fig_year, date = next(((y, d) for f, y, d in dated if f is subject[1]), (None, None))
                        if fig_year == int(bare.group(1)):
                            # the slip is reported at the figure's year, through the basis
                            same_year, where = fig_year, W(date.start, it.end)
                    self.f.changes.append(Change(label, cur, delta, rate, direction, W(it.start, end), unitless,
                                                 subject[2] if subject else "", previous, times, adjusted,
                                                 alternatives, same_year, where))

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
    def _scores(self, items, W, section):
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
                    elif x.kind == "punct" and x.text in SENTENCE_END:
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
                if items[j].kind == "punct" and items[j].text in "。；":
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
                    if x.kind == "punct" and x.text in "。；;":
                        stop = x.start
                        break
                if stop is None:
                    if text.rstrip()[-1:] not in "。！？!?":
                        continue  # the list runs off the paragraph's end: it may go on below
                    stop = len(text)
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
                    if x.kind == "punct" and x.text in "，,。；;：:（(":
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
