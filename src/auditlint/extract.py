"""Facts: what the grammar reads in a report, with exact source spans.

Stage 1 (grammar/figures.lark, LALR, built once per process): every
paragraph, heading and table cell becomes a list of ``Item`` — figures,
ranges, fractions, dates, keywords, punctuation, text.

Stage 2: claims are assembled from the item stream, clause by clause, never
from the raw text:

- breakdown   总计X，其中A x、B y …  (nested 其中 belongs to the figure before it)
- share       A x，占p%              (of the breakdown total it belongs to)
- change      X，较上年增加Δ，增加r%  (current, delta, rate)
- formula     a/b=c%                  (and chains  …=a/b=c%)
- score item  1.名称（M分）… 该指标得分为K分
- section score  总计X分，扣Y分，得Z分;  loose item score  得Z分
- total score 综合得分 / 自评得分 N分;  grade  等级为“优” / 评定等次：良
- count claim 聚焦5项重点任务 (then 一是…), 内设机构5个，即：a、b…, a、b…9个工作小组
- dates       evaluation timetable, signature date, fiscal-year labels
- table rows  budget codes (类/款/项) and their numeric columns

This module is kept for compatibility (issue 18 split it): it re-exports
every name it held.  The code now lives in

- figures.py        stage 1: the grammar and its tables, ``Item``, ``Figure``, ``items_of``
- claims/           the claim kinds (breakdowns, changes, scores, counts, dates,
                    identity), ``Where`` and ``ReportFacts``
- clauses.py        the words and item-stream helpers stage 2 reads with
- assemble.py       stage 2: ``_Assembler`` and ``extract``
- report_passes.py  claims read over the whole report (score items, enumerations,
                    form totals, name slips)
"""
from __future__ import annotations

# ruff: noqa: F401  (everything here is re-exported)
from .assemble import _Assembler, _cell_paragraphs, extract  # noqa: F401
from .citations import citations  # noqa: F401
from .claims import (BlankDate, Brackets, Breakdown, Change, CountClaim, DateFact, DocNumber,  # noqa: F401
                     FiscalFigure, Formula, GradeClaim, LooseScore, NameSlip, Part, ReportFacts, ScoreItem,
                     SectionScore, SelfRef, TotalScore, UnitlessFigure, Where)
from .clauses import (ADJUSTING, BARE_YEAR_BASIS, BASIS_YEAR, BLANK_DATE_LABELS, CATEGORY_UNITS,  # noqa: F401
                      CHANGE_WINDOW, CLAUSE_END, CLOSERS, COMPLEMENTS, DATE_LABELS, DIRECTION_ROLES, FISCAL_WORDS,
                      FULL_STOP, LABEL_END_ROLES, LEVEL_PAIR, LIST_GOES_ON, LIST_SEP, NOUN_END, OPENERS,
                      RUN_TOGETHER_DATE, SENTENCE_END, TOTAL_SCORE_ROLES, _after_date_label, _blank_after,
                      _is_change_amount, _label_before, _leaves_the_list, _same_family, _sign_before, _split_list,
                      _stated_years)
from .divisions import county_slips, dropped, names_in  # noqa: F401
from .figures import (ABOUT, EXACT_UNITS, GRAMMAR_TABLES, LOWER, MAX_FIGURE_DIGITS, UPPER,  # noqa: F401
                      _DATE_NUMS, _DIGIT_RUN, _DOC_NO_YEAR, _LONG_NUMBER_HINT, _MONEY_EXP, _NORMALISE, _QUOTES,
                      _SCALE_EXP, DateValue, Figure, Item, _bare_number, _build_parser, _fast_plugins, _figure_item,
                      _grammar_stamp, _grammar_text, _Items, keyword_roles, _lexer_only, _load_tables, _long_numbers_as_text,
                      _make_figure, _mark_quoted, _parse_date, _parser, grammar_tables, items_of, parser_backend)
from .inline_lists import inline_lists  # noqa: F401
from .leftovers import leftovers as template_leftovers  # noqa: F401
from .model import Block, Cell, Position, Report, Section, SourceText  # noqa: F401
from .named_shares import named_shares  # noqa: F401
from .numbers import Interval, total  # noqa: F401
from .numerals import cn_int  # noqa: F401
from .own_name import name_variants  # noqa: F401
from .paths import data_dir  # noqa: F401
from .report_passes import (FORM_TOTAL_LABELS, PLACE_RE, _county_slips, _enumerations,  # noqa: F401
                            _form_total_scores, _name_slips, _score_items, _slips, _titled_sections, own_names)
from .self_eval_forms import read_forms  # noqa: F401
from .stated_totals import total_statements  # noqa: F401
from .subjects import mentions as subject_mentions  # noqa: F401
from .table_notes import empty_table_notes  # noqa: F401
from .tables import CODE_RE, TableFacts, TableRow, read_tables  # noqa: F401
