"""Facts: what the grammar reads in a report, with exact source spans.

Stage 1 (grammar/figures.lark, LALR, built once per process): every
paragraph, heading and table cell becomes a list of ``Item`` — figures,
ranges, fractions, dates, keywords, punctuation, text.

Stage 2 (this module): claims are assembled from the item stream, clause by
clause, never from the raw text:

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
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Optional

from lark import Lark, Transformer

from .model import Block, Cell, Position, Report, Section, SourceText
from .numbers import Interval, total
from .leftovers import leftovers as template_leftovers
from .inline_lists import inline_lists
from .named_shares import named_shares
from .own_name import name_variants
from .stated_totals import total_statements
from .self_eval_forms import read_forms
from .citations import citations
from .divisions import county_slips, dropped, names_in
from .table_notes import empty_table_notes
from .subjects import mentions as subject_mentions
from .tables import CODE_RE, TableFacts, TableRow, read_tables  # noqa: F401  (re-exported)
from .numerals import cn_int
from .paths import data_dir

# --------------------------------------------------------------- stage 1

# char-for-char, so offsets keep matching the source
_NORMALISE = str.maketrans("０１２３４５６７８９．％／＝－＋＊", "0123456789.%/=-+*")

EXACT_UNITS = set("人户个项家条件座名栋辆台株张头只羽份处起场期宗例套盏块口幅册次所类批轮对笔篇本双间岁位支根盘组") | {
    "人次", "户次", "件次", "场次", "台次", "车次", "站次", "批次", "册次", "分", "个月", "天", "年", "周"}
LOWER = {"余", "多", "以上", "超过", "超", "突破", "之多"}
UPPER = {"不足", "不到", "以下", "以内", "近", "将近"}
ABOUT = {"约", "大约", "左右"}


@dataclass(frozen=True)
class Figure:
    value: Fraction
    text: str  # as written
    decimals: int
    unit: str  # '万元' normalised for money, '%' for percentages, '' for none
    approx: Optional[str]  # None | 'lower' | 'upper' | 'about'
    start: int
    end: int
    quoted: bool = False
    shift: int = 0  # decimals gained by normalising the unit (3402元 -> 0.3402万元: +4)

    @property
    def is_money(self) -> bool:
        return self.unit == "万元"

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "‰")

    @property
    def exact_kind(self) -> bool:
        return self.unit in EXACT_UNITS and self.decimals == 0

    @cached_property
    def interval(self) -> Interval:
        if self.exact_kind:
            base = Interval.exact(self.value)
        else:
            base = Interval.rounded(self.value, self.decimals_in_unit)
        if self.approx is None:
            return base
        if self.approx == "lower":
            return Interval(base.lo, None)
        if self.approx == "upper":
            return Interval(None, base.hi)
        return Interval(None, None)

    @property
    def truncated_interval(self) -> Optional[Interval]:
        """The figure read as cut off, not rounded (None where that reading
        makes no sense: exact counts, approximations, negative values)."""
        if self.exact_kind or self.approx is not None or self.value < 0:
            return None
        return Interval.truncated(self.value, self.decimals_in_unit)

    @property
    def decimals_in_unit(self) -> int:
        # a money figure normalised to 万元 keeps the precision it was written with
        return self.decimals + self.shift

    @property
    def exact(self) -> bool:
        return self.approx is None


@dataclass
class Item:
    kind: str  # fig | range | frac | date | ordinal | enum | kw | punct | text
    start: int
    end: int
    text: str
    fig: Optional[Figure] = None
    value: object = None  # frac: (Figure, Figure); date: DateValue; enum/ordinal: int


@dataclass(frozen=True)
class DateValue:
    year: Optional[int]
    month: Optional[int]
    day: Optional[int]
    end: Optional["DateValue"] = None  # for a range
    malformed: bool = False


_DOC_NO_YEAR = re.compile(r"[〔\[【]\s*(\d+)")


class _Items(Transformer):
    """Inline transformer: turns parse-tree nodes into Items as LALR reduces them."""

    _PLAIN = {"ENUM": "enum", "SELF_REF": "self", "DOC_NO": "docno", "BASIS": "basis", "LIST_OPEN": "listopen", "KW": "kw",
              "PUNCT": "punct", "EQ": "punct"}

    def start(self, children):
        """The paragraph's items in order; adjacent plain text (a TEXT run, a
        unit or numeral standing alone) is joined into one text item."""
        out = []
        run_start = run_end = -1
        run_text: list[str] = []
        for ch in children:
            if isinstance(ch, Item):
                kind, start, end, text = ch.kind, ch.start, ch.end, ch.text
            else:
                kind, start, end, text = self._PLAIN.get(ch.type, "text"), ch.start_pos, ch.end_pos, str(ch)
            if kind == "text":
                if run_text and run_end == start:
                    run_text.append(text)
                    run_end = end
                    continue
                if run_text:
                    out.append(Item("text", run_start, run_end, "".join(run_text)))
                run_start, run_end, run_text = start, end, [text]
                continue
            if run_text:
                out.append(Item("text", run_start, run_end, "".join(run_text)))
                run_text = []
            if isinstance(ch, Item):
                out.append(ch)
                continue
            it = Item(kind, start, end, text)
            if kind == "enum":
                it.value = cn_int(text[:-1])
            elif kind == "docno":
                it.value = _DOC_NO_YEAR.match(text).group(1)
            out.append(it)
        if run_text:
            out.append(Item("text", run_start, run_end, "".join(run_text)))
        return out

    def quantity(self, ch):
        return _figure_item(ch, cn=False)

    def cn_quantity(self, ch):
        return _figure_item(ch, cn=True)

    def num_range(self, ch):
        tok = ch[0]
        a, b = re.split(r"\s*(?:[（(]\s*含\s*[）)])?\s*[-~～—–至到]\s*", str(tok), maxsplit=1)
        unit = "".join(str(t) for t in ch[1:] if t.type in ("UNIT", "SCALE", "PERCENT"))
        lo = _make_figure(a, unit, None, tok.start_pos, tok.start_pos + len(a))
        hi = _make_figure(b, unit, None, ch[-1].end_pos - len(b), ch[-1].end_pos)
        return Item("range", tok.start_pos, ch[-1].end_pos, "", value=(lo, hi))

    def fraction(self, ch):
        tok = ch[0]
        a, b = re.split(r"\s*[\/÷]\s*", str(tok), maxsplit=1)
        fa = _make_figure(a, "", None, tok.start_pos, tok.start_pos + len(a))
        fb = _make_figure(b, "", None, tok.end_pos - len(b), tok.end_pos)
        return Item("frac", tok.start_pos, tok.end_pos, str(tok), value=(fa, fb))

    _DATE_KINDS = {"DATE_RANGE": "range", "DATE_YMD": "ymd", "DATE_DOT": "ymd", "DATE_YM": "ym",
                   "DATE_YEAR": "year", "DATE_MD": "md", "DATE_BAD": "bad"}

    def date(self, ch):
        tok = ch[0]
        return Item("date", tok.start_pos, tok.end_pos, str(tok), value=_parse_date(str(tok), self._DATE_KINDS[tok.type]))

    def ordinal(self, ch):
        return Item("ordinal", ch[0].start_pos, ch[-1].end_pos, "".join(map(str, ch)))








# Chinese integers (四, 二十一, 一百零八) are read by numerals.py


# powers of ten of the written scale words and money units (万元 is the base)
_SCALE_EXP = (("千万", 7), ("百万", 6), ("万", 4), ("亿", 8))
_MONEY_EXP = {"元": 0, "万元": 4, "亿元": 8}


def _make_figure(num: str, suffix: str, approx, start, end, cn=False) -> Figure:
    """A figure from its written number and suffix.  Money is normalised to
    万元 with its precision shifted (35万元 -> 0 decimals; 3402元 -> 4 more;
    1.2亿元 -> 1-4); other scale words multiply (1.2万亩 -> 12000 亩, 1 decimal
    fewer).  Integer arithmetic, one Fraction per figure."""
    if cn:
        v = cn_int(num)
        digits, dec = (v if v is not None else 0), 0
    else:
        whole, _, frac = num.replace(",", "").partition(".")
        digits, dec = int(whole + frac), len(frac)
    unit, scale = suffix, 0
    if suffix not in _MONEY_EXP:
        for word, exp in _SCALE_EXP:
            if suffix.startswith(word):
                unit, scale = suffix[len(word):], exp
                break
    if unit in _MONEY_EXP:
        exp = scale + _MONEY_EXP[unit] - 4  # power of ten from the written unit to 万元
        unit, shift = "万元", -exp
    else:
        exp, shift = scale, -scale
    if exp >= dec:
        value = Fraction(digits * 10 ** (exp - dec))
    else:
        value = Fraction(digits, 10 ** (dec - exp))
    return Figure(value, num, dec, unit, approx, start, end, shift=shift)


def _figure_item(ch, cn: bool) -> Item:
    approx = None
    num = None
    suffix = []
    for t in ch:
        if t.type == "APPROX_PRE":
            s = str(t)
            approx = "lower" if s in LOWER else "upper" if s in UPPER else "about" if s in ABOUT else approx
        elif t.type in ("NUMBER", "CN_NUM"):
            num = t
        elif t.type == "APPROX_POST":
            s = str(t)
            approx = "lower" if s in LOWER else "upper" if s in UPPER else "about"
        else:
            suffix.append(str(t))
    suf = "".join(suffix)
    # keep only the first unit: '125户 251人' never reaches here, but '6个村' may
    fig = _make_figure(str(num), suf, approx, ch[0].start_pos, ch[-1].end_pos, cn=cn)
    if cn and cn_int(str(num)) is None:
        return Item("text", ch[0].start_pos, ch[-1].end_pos, "".join(map(str, ch)))
    return Item("fig", ch[0].start_pos, ch[-1].end_pos, "".join(map(str, ch)), fig=fig)


_DATE_NUMS = re.compile(r"\d+")


def _parse_date(s: str, kind: str) -> DateValue:
    n = [int(x) for x in _DATE_NUMS.findall(s)]
    if kind == "year":
        return DateValue(n[0], None, None)
    if kind == "ym":
        return DateValue(n[0], n[1], None)
    if kind == "ymd":
        return DateValue(n[0], n[1], n[2])
    if kind == "md":
        return DateValue(None, n[0], n[1])
    if kind == "bad":
        return DateValue(None, None, None, malformed=True)
    # range: y m d - [[y] m] d
    first = DateValue(n[0], n[1], n[2])
    rest = n[3:]
    if len(rest) == 3:
        second = DateValue(rest[0], rest[1], rest[2])
    elif len(rest) == 2:
        second = DateValue(n[0], rest[0], rest[1])
    else:
        second = DateValue(n[0], n[1], rest[0])
    return DateValue(first.year, first.month, first.day, end=second)


def _fast_plugins() -> dict:
    """lark-cython (by Lark's author) runs the same LALR tables in compiled
    code: 1.40 MB/s against 1.04 MB/s for pure Lark on the seed corpus.  It is
    used where its wheel installed; AUDITLINT_PURE_PARSER=1 forces pure Lark
    (tests check that both read the corpus identically)."""
    if os.environ.get("AUDITLINT_PURE_PARSER"):
        return {}
    try:
        import lark_cython
    except ImportError:
        return {}
    return {"_plugins": lark_cython.plugins}


GRAMMAR_TABLES = "figures.tables.json"  # Lark's LALR analysis of figures.lark, shipped beside it


def _grammar_text() -> str:
    with open(os.path.join(data_dir("grammar"), "figures.lark"), encoding="utf-8") as fh:
        return fh.read()


def _grammar_stamp(grammar: str) -> str:
    """What the shipped tables must have been built from: the grammar text and Lark's version."""
    import hashlib

    import lark

    return hashlib.sha256(f"{grammar}\0{lark.__version__}".encode()).hexdigest()


def _build_parser(grammar: str, **kw) -> Lark:
    return Lark(grammar, parser="lalr", lexer="basic", maybe_placeholders=False, **kw)


def grammar_tables(grammar: Optional[str] = None) -> str:
    """The LALR analysis of the grammar as JSON (Lark's own serialisation:
    plain dicts, lists, strings and numbers), for scripts/build_grammar_tables.py."""
    import json

    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    grammar = grammar if grammar is not None else _grammar_text()
    data, memo = _build_parser(grammar).memo_serialize([TerminalDef, Rule])
    import hashlib

    import lark

    return json.dumps({"stamp": _grammar_stamp(grammar), "lark": lark.__version__,
                       "grammar_sha256": hashlib.sha256(grammar.encode()).hexdigest(), "data": data, "memo": memo},
                      sort_keys=True)


def _load_tables(grammar: str, **kw) -> Optional[Lark]:
    """The parser from the tables shipped inside the package, when they were
    built from this grammar with this Lark; else None.  They are read as JSON:
    loading them never runs code (Lark's own cache is a pickle, and a pickle
    in a writable cache folder is code anyone with write access can plant).
    9 ms against 50-60 ms for building the tables at start-up."""
    import json

    path = os.path.join(data_dir("grammar"), GRAMMAR_TABLES)
    try:
        with open(path, encoding="utf-8") as fh:
            obj = json.load(fh, object_pairs_hook=lambda kv: {int(k) if k.isdigit() else k: v for k, v in kv})
        if obj.get("stamp") != _grammar_stamp(grammar):
            return None
        return Lark._load_from_dict(obj["data"], obj["memo"], **kw)
    except Exception:  # missing, stale or damaged: build the tables instead
        return None


@lru_cache(maxsize=2)
def _parser(pure: bool = False) -> Lark:
    grammar = _grammar_text()
    plugins = {} if pure else _fast_plugins()
    parser = _load_tables(grammar, transformer=_Items(), **plugins)
    if parser is not None:
        return parser
    try:
        return _build_parser(grammar, transformer=_Items(), **plugins)
    except Exception:
        if not plugins:
            raise
        return _build_parser(grammar, transformer=_Items())


def parser_backend() -> str:
    return "lark-cython" if "lark_cython" in type(_parser().parser.parser).__module__ else "lark"


@lru_cache(maxsize=1)
def _bare_number():
    """The grammar's own NUMBER terminal, for cells that hold nothing else."""
    term = next(t for t in _parser().terminals if t.name == "NUMBER")
    return re.compile(r"\s*(?:%s)\s*" % term.pattern.to_regexp())


MAX_FIGURE_DIGITS = 24  # a budget figure in 元 has at most 15; more digits are no figure (an account number …)
_LONG_NUMBER_HINT = re.compile(r"(?:\d[,.]?){%d}" % (MAX_FIGURE_DIGITS + 1))
_DIGIT_RUN = re.compile(r"\d(?:[\d,.]*\d)?")


def _long_numbers_as_text(norm: str) -> str:
    """Digit runs longer than any figure become text of the same length (so
    positions stay): 5,000 digits are no amount, and Python refuses to turn
    more than 4,300 into an int."""
    def blank(m):
        run = m.group()
        return "#" * len(run) if sum(ch.isdigit() for ch in run) > MAX_FIGURE_DIGITS else run
    return _DIGIT_RUN.sub(blank, norm)


def items_of(text: str, pure: bool = False) -> list[Item]:
    """Stage 1: the grammar's reading of one paragraph or cell."""
    norm = text.translate(_NORMALISE)
    if _LONG_NUMBER_HINT.search(norm):
        norm = _long_numbers_as_text(norm)
    m = _bare_number().fullmatch(norm)
    if m:  # a table cell holding one number: the parse would give exactly this
        a = len(norm) - len(norm.lstrip())
        b = len(norm.rstrip())
        num = norm[a:b]
        return [Item("fig", a, b, num, fig=_make_figure(num, "", None, a, b))]
    try:
        items = _parser(pure).parse(norm)
    except MemoryError:
        raise
    except Exception:  # a gap in the grammar must never stop a run
        items = _lexer_only(norm)
    if "“" in norm:
        _mark_quoted(norm, items)
    return items


def _lexer_only(text: str) -> list[Item]:
    """Fallback reading: the grammar's tokens without composites (bare numbers only)."""
    out = []
    try:
        toks = list(_parser(True).lex(text))
    except Exception:
        return [Item("text", 0, len(text), text)]
    for t in toks:
        if t.type == "NUMBER":
            out.append(Item("fig", t.start_pos, t.end_pos, str(t),
                            fig=_make_figure(str(t), "", None, t.start_pos, t.end_pos)))
        else:
            out.append(Item("text", t.start_pos, t.end_pos, str(t)))
    return _Items().start(out)  # adjacent text joined, as in a parse


_QUOTES = re.compile("[“”]")


def _mark_quoted(text: str, items: list[Item]) -> None:
    """Figures inside “…” are names (“十户联防”, “两个维护”), not quantities."""
    spans = []
    opened = None
    for m in _QUOTES.finditer(text):
        i = m.start()
        if text[i] == "“":
            opened = i
        elif opened is not None:
            if i - opened <= 20:
                spans.append((opened, i))
            opened = None
    if not spans:
        return
    for it in items:
        if it.fig is not None and any(a < it.start and it.end <= b for a, b in spans):
            object.__setattr__(it.fig, "quoted", True)


# --------------------------------------------------------------- facts

@dataclass(frozen=True)
class Where:
    """A span of a paragraph, heading or cell: enough to locate and to quote."""

    src: SourceText
    start: int
    end: int
    block: int  # index of the block in the document

    @property
    def pos(self) -> Position:
        return self.src.locate(self.start)

    @property
    def end_pos(self) -> Position:
        return self.src.locate(max(self.start, self.end - 1))

    @property
    def snippet(self) -> str:
        return self.src.text[self.start:self.end]


@dataclass
class Part:
    label: str
    fig: Figure
    where: Where
    share: Optional[Figure] = None
    share_where: Optional[Where] = None
    sign: int = 0  # +1 / -1 for a part written as a change (基本支出增加 75.19), else 0


@dataclass
class Breakdown:
    total_label: str
    total: Figure
    where: Where
    parts: list[Part]
    complete: bool
    marker: str  # 其中 / 分别为 …
    why_complete: str = ""
    total_sign: int = 0  # +1 / -1 when the total is a change (支出预算减少 49.81，其中…)

    @property
    def signed(self) -> bool:
        """A breakdown of a change: its parts may go either way and add up with their signs."""
        return bool(self.total_sign) or any(p.sign for p in self.parts)


@dataclass
class Change:
    label: str
    current: Optional[Figure]
    delta: Optional[Figure]
    rate: Optional[Figure]
    direction: int  # +1 increase, -1 decrease
    where: Where
    unitless_rate: Optional[Figure] = None  # 增长 13.95。 — a rate printed without its % sign
    scope: str = ""  # the sentence's words before the current figure (财政拨款收、支总预算)
    previous: Optional[Figure] = None  # last year's figure when the sentence states it
    times: Optional[Figure] = None  # 增长 16 倍: Δ as a multiple of last year
    adjusted: bool = False  # 扣除中央基建后比上年增加…: measured on an adjusted figure, not the stated one
    alternatives: list = field(default_factory=list)  # other figures the change may be of (the sentence's first)
    same_year: Optional[int] = None  # "2025年…预算 X，比2025年减少 Y": the figure's year is the year it is compared with
    same_year_where: Optional[Where] = None  # from the figure's year to the basis


@dataclass
class Formula:
    numerator: Figure
    denominator: Figure
    result: Figure
    where: Where
    label: str = ""


@dataclass
class ScoreItem:
    number: Optional[int]
    name: str
    max: Optional[Figure]
    got: Optional[Figure]
    where: Where  # the heading
    got_where: Optional[Where] = None


@dataclass
class SectionScore:
    label: str
    max: Figure
    deducted: Optional[Figure]
    got: Figure
    where: Where
    section: Optional[Section] = None


@dataclass
class LooseScore:
    got: Figure
    where: Where
    section: Optional[Section] = None


@dataclass
class TotalScore:
    value: Figure
    where: Where


@dataclass
class GradeClaim:
    label: str
    where: Where


@dataclass
class CountClaim:
    n: int
    noun: str
    where: Where
    kind: str  # enum | list_after | list_before
    listed: Optional[int] = None
    items: list = field(default_factory=list)
    list_where: Optional[Where] = None


@dataclass
class DateFact:
    date: DateValue
    where: Where
    role: str  # evaluation | signature | other


@dataclass
class FiscalFigure:
    year: int
    label: str
    fig: Figure
    where: Where


# the unit's own level named beside the level below it: 镇、村两级 / 乡村两级 is not 乡村 (rural)
# only with the 、 (乡、村两级); 镇村两级 and 街道社区两级 are unambiguous without it
LEVEL_PAIR = re.compile(r"(?:(?<![乡城集村])(?P<a>镇|街道)|(?<!城)(?P<b>乡))、(?:村|社区)两级"
                        r"|(?<![乡城集])(?P<c>镇)村两级")


@dataclass
class SelfRef:
    word: str  # 本镇 / 我乡 / 全街道
    kind: str  # 乡 / 镇 / 街道
    where: Where


# a field that must hold a date: "填报日期：202403" is a date run together, "填报日期：" with
# nothing (or only 年 月 日) after it a date left blank
DATE_LABELS = ("日期", "时间")
BLANK_DATE_LABELS = ("填报日期", "评价日期", "报告日期", "填表日期", "自评日期")
RUN_TOGETHER_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?")


def _after_date_label(items, k: int) -> bool:
    return k >= 2 and items[k - 1].kind == "punct" and items[k - 1].text in "：:" \
        and items[k - 2].kind == "text" and items[k - 2].text.endswith(DATE_LABELS)


def _blank_after(items, k: int) -> bool:
    """Nothing after a date label's colon but blanks, 年 月 日, or the next field's label."""
    if k + 1 >= len(items) or items[k + 1].kind != "punct" or items[k + 1].text not in "：:":
        return False
    for it in items[k + 2:]:
        if it.kind == "text" and it.text in ("年", "月", "日"):
            continue
        if it.kind == "punct" and it.text in "。；;，,":
            return True
        return it.kind == "text" and it.text.startswith(("填报人", "联系电话", "联系人", "审核人", "负责人"))
    return True


@dataclass
class BlankDate:
    label: str  # 填报日期
    where: Where


@dataclass
class DocNumber:
    text: str  # 〔2020〕10号
    year: str
    where: Where


@dataclass
class Unbalanced:
    mark: str  # the bracket or quote left open, or closed without an opening
    opened: bool  # True: opened and not closed; False: closed without opening
    where: Where


@dataclass
class BareAmount:
    """A figure written without the unit its sibling amounts carry (…资金66万 among …万元)."""

    label: str
    fig: Figure
    siblings: int
    where: Where


@dataclass
class NameSlip:
    """The report's own county or township name written with a character
    dropped or doubled (中路镇 / 中路铺铺镇 for 中路铺镇)."""

    found: str
    expected: str
    where: Where


@dataclass
class ReportFacts:
    report: Report
    breakdowns: list = field(default_factory=list)
    shares: list = field(default_factory=list)  # Parts that carry a share
    changes: list = field(default_factory=list)
    formulas: list = field(default_factory=list)
    score_items: list = field(default_factory=list)
    section_scores: list = field(default_factory=list)
    loose_scores: list = field(default_factory=list)
    total_scores: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    count_claims: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    fiscal_figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    self_eval_forms: list = field(default_factory=list)  # self_eval_forms.Form
    self_refs: list = field(default_factory=list)
    doc_numbers: list = field(default_factory=list)
    blank_dates: list = field(default_factory=list)  # BlankDate
    citations: list = field(default_factory=list)  # citations.Citation
    county_slips: list = field(default_factory=list)  # divisions.CountySlip
    unbalanced: list = field(default_factory=list)
    bare_amounts: list = field(default_factory=list)
    name_slips: list = field(default_factory=list)
    subject_mentions: list = field(default_factory=list)  # subjects.SubjectMention: 行政运行（项）
    leftovers: list = field(default_factory=list)  # leftovers.Leftover: 增加（减少）, 原因是。
    named_shares: list = field(default_factory=list)  # named_shares.NamedShare: 占“三公”经费的 8.75%
    name_variants: list = field(default_factory=list)  # own_name.NameVariant: 规划与自然资源局
    inline_lists: list = field(default_factory=list)  # inline_lists.InlineList: （1）…（2）…（2）… in a paragraph
    total_statements: list = field(default_factory=list)  # stated_totals.TotalStatement: 收入支出总计 9859.38
    table_notes: list = field(default_factory=list)  # table_notes.EmptyTableNote: 无政府性基金…故本表为空表
    figures: int = 0


# --------------------------------------------------------------- stage 2

CLAUSE_END = set("，,；;。：:！!？?")
SENTENCE_END = set("。！!？?；;")
GRADE_KW = {"等级为", "评价等级", "等级", "评定等次", "等次", "评价结论", "评级结果", "评价级次", "评定等级"}
TOTAL_KW = {"综合得分", "自评得分", "总得分", "总分", "评价得分", "综合评分"}
CHANGE_BASIS = {"较上年决算数", "较上年", "比上年", "较去年", "比去年", "同比", "环比", "较"}
UP = {"增加", "增长", "提高", "上升", "增产", "增幅"}
DOWN = {"减少", "下降", "降低", "减产", "降幅", "减幅"}
FISCAL_WORDS = re.compile(r"^(?:部门|单位)?(?:整体)?(?:收入|支出|预算|决算|财政拨款)")
LIST_SEP = re.compile(r"[、]|(?<=[^\s])(?:和|及|与)(?=[^\s])")
FULL_STOP = set("。！!？?")
LIST_GOES_ON = set("；;：:，,、")  # a paragraph ending so continues its list in the next one
# words that measure a change on an adjusted figure (扣除中央基建后比2025年执行数增加 X):
# the change is not one of the figure as stated
ADJUSTING = ("扣除", "剔除", "不含", "除去", "扣减", "不考虑", "还原")
CHANGE_WINDOW = 14  # items after a change basis searched for the direction, amount and rate
NOUN_END = re.compile(r"^[\u4e00-\u9fff]{1,12}")


def _is_change_amount(items: list[Item], i: int) -> bool:
    """Is figure i the amount of a change (比上年增加 X, 与2023年度相比减少 X)?  A
    direction word right before it, with a change basis before that in the clause."""
    if i == 0 or items[i - 1].kind != "kw" or items[i - 1].text not in UP | DOWN:
        return False
    j = i - 2
    while j >= 0 and i - j <= 5 and not (items[j].kind == "punct" and items[j].text in CLAUSE_END):
        if items[j].kind == "basis" or (items[j].kind == "kw" and items[j].text in CHANGE_BASIS):
            return True
        j -= 1
    return False


BASIS_YEAR = re.compile(r"(?:19|20)\d{2}")
# a basis that is only a year (比2025年 / 与2025年度相比): the same kind of figure, that year
BARE_YEAR_BASIS = re.compile(r"^[与较比]((?:19|20)\d{2})年度?(?:相比|比较|同期)?$")


def _stated_years(dated: list, basis: Item):
    """(last year's figure, this year's figure) when the sentence states both, each in a
    clause that names its year and the basis names the earlier year (比2023年预算执行数);
    (None, None) otherwise."""
    m = BASIS_YEAR.search(basis.text)
    if not m or basis.kind != "basis":
        return None, None
    base_year = int(m.group(0))
    before = [(f, y) for f, y, _d in dated if f.end <= basis.start]
    prev = [f for f, y in before if y == base_year]
    later = [f for f, y in before if y > base_year]
    if len(prev) != 1 or not later or not _same_family(prev[0].fig, later[-1].fig):
        return None, None
    return prev[0].fig, later[-1].fig


def _leaves_the_list(bd: "Breakdown", label: str) -> bool:
    """Do the parts already add up to the total and share a final word (行政编制, 事业编制:
    编制) that this label lacks?"""
    labels = [p.label for p in bd.parts if p.label]
    if len(labels) < 2 or not label or any(p.fig.approx for p in bd.parts):
        return False
    if not total(p.fig.interval for p in bd.parts).meets(bd.total.interval):
        return False
    common = os.path.commonprefix([x[::-1] for x in labels])[::-1]
    return len(common) >= 2 and not label.endswith(common)


def _sign_before(items: list[Item], i: int) -> int:
    """+1 / -1 when figure i is written as a change (增加 75.19 / 减少 125), else 0."""
    if i > 0 and items[i - 1].kind == "kw":
        return 1 if items[i - 1].text in UP else -1 if items[i - 1].text in DOWN else 0
    return 0


def _label_before(items: list[Item], i: int) -> str:
    """The text of the clause right before item i (its label: 基本支出 in 基本支出2207.79万元)."""
    parts = []
    j = i - 1
    while j >= 0 and items[j].kind in ("text", "kw") and items[j].text not in ("其中", "占", "即"):
        parts.append(items[j].text)
        j -= 1
    return "".join(reversed(parts)).strip("：:")


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
            if (it.kind == "kw" and it.text == "其中") or it.kind == "listopen":
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
                    if k and items[k - 1].kind == "kw" and items[k - 1].text == "占" and current and current.parts:
                        part = current.parts[-1]
                        if part.share is None:
                            part.share = fig
                            part.share_where = W(items[k - 1].start, it.end)
                elif current is not None and _same_family(fig, current.total) and (
                        not (k and items[k - 1].kind == "kw" and items[k - 1].text == "占")):
                    if fig is not current.total and after_semicolon and _leaves_the_list(current, label):
                        # "其中行政编制44人，事业编制8人；实有人员59人": after a ；, once the parts add up to
                        # the total, a figure whose label lacks the word they share (编制) is a new quantity
                        self._close(current)
                        current = stack.pop() if stack else None
                    elif fig is not current.total:
                        current.parts.append(Part(label, fig, W(it.start, it.end), sign=_sign_before(items, k)))
                elif (k and items[k - 1].kind == "kw" and items[k - 1].text == "占" and current
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
            if it.kind == "basis" or (it.kind == "kw" and it.text in CHANGE_BASIS):
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
                    elif x.kind == "kw" and x.text in UP:
                        direction = direction or 1
                    elif x.kind == "kw" and x.text in DOWN:
                        direction = direction or -1
                    elif x.kind == "kw" and x.text == "持平" and not direction:
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
                            after_word = items[j - 1].kind == "kw" and items[j - 1].text in UP | DOWN
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
            if it.text in ("总计", "合计") and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
                # 总计30分，扣2分，得28分
                ded = got = None
                end = nxt.end
                j = k + 2
                while j < min(n, k + 9):
                    x = items[j]
                    if x.kind == "kw" and x.text == "扣" and j + 1 < n and items[j + 1].kind == "fig":
                        ded = items[j + 1].fig
                    elif x.kind == "kw" and x.text in ("得", "得分", "得分为") and j + 1 < n and items[j + 1].kind == "fig":
                        got = items[j + 1].fig
                        end = items[j + 1].end
                        break
                    elif x.kind == "punct" and x.text in SENTENCE_END:
                        break
                    j += 1
                if got is not None and got.unit == "分":
                    self.f.section_scores.append(SectionScore(
                        _label_before(items, k), nxt.fig, ded, got, W(it.start, end), section))
            elif it.text in TOTAL_KW and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
                self.f.total_scores.append(TotalScore(nxt.fig, W(it.start, nxt.end)))
            elif it.text in TOTAL_KW and it.text != "总分" and nxt is not None and nxt.kind == "fig" \
                    and nxt.fig.unit == "" and not nxt.fig.approx and 0 <= nxt.fig.value <= 100 \
                    and k + 2 < n and items[k + 2].kind == "punct" and items[k + 2].text in "，,。；;":
                # 评价得分83.06，综合评价等级为“B”: the score without its unit, the clause ending there
                self.f.total_scores.append(TotalScore(nxt.fig, W(it.start, nxt.end)))
            elif it.text in ("总分", "总得分") and k + 3 == n and nxt is not None and nxt.kind == "fig" \
                    and nxt.fig.unit == "" and nxt.fig.value == 100 and items[k + 2].kind == "fig" \
                    and items[k + 2].fig.unit == "" and 0 <= items[k + 2].fig.value <= 100:
                # a form's last row read as a line: "总分 100 97" is 分值 then 得分
                self.f.total_scores.append(TotalScore(items[k + 2].fig, W(it.start, items[k + 2].end)))
            elif it.text in TOTAL_KW and k + 3 < n and nxt.kind == "punct" and nxt.text in "“\"" \
                    and items[k + 2].kind == "fig" and items[k + 2].fig.unit == "" \
                    and items[k + 3].kind == "punct" and items[k + 3].text in "”\"" \
                    and k + 4 < n and items[k + 4].kind == "text" and items[k + 4].text.startswith("分"):
                # 最终评价得分“86.73”分: the score in quotes, its unit after them
                self.f.total_scores.append(TotalScore(items[k + 2].fig, W(it.start, items[k + 4].start + 1)))
            elif it.text == "得" and nxt is not None and nxt.kind == "fig" and nxt.fig.unit == "分":
                prev = items[k - 1] if k else None
                in_section_score = any(s.got is nxt.fig for s in self.f.section_scores)
                if not in_section_score and not (prev is not None and prev.kind == "kw" and prev.text in TOTAL_KW):
                    self.f.loose_scores.append(LooseScore(nxt.fig, W(it.start, nxt.end), section))

    def _grades(self, items, W):
        for k, it in enumerate(items):
            if it.kind == "kw" and it.text in GRADE_KW:
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
        text = src.text
        n = len(items)
        for k, it in enumerate(items):
            if it.kind != "fig" or it.fig.quoted or it.fig.approx or not it.fig.exact_kind:
                continue
            if it.fig.unit in ("分", "年", "天", "岁", "人次", "次", "个月", "周"):
                continue
            count = int(it.fig.value)
            nxt = items[k + 1] if k + 1 < n else None
            noun = ""
            if nxt is not None and nxt.kind == "text":
                m = NOUN_END.match(nxt.text)
                noun = m.group(0) if m else ""
            # (a) N个，即：a、b、c   /  N家，分别是a和b
            j = k + 1
            while j < n and j <= k + 6 and not (items[j].kind == "kw" and items[j].text in ("即", "分别为", "分别是")):
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
                    if x.kind in ("fig", "range", "date") or (x.kind == "kw" and x.text in ("等", "其中", "共", "累计", "包括")):
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
                    if items[j].kind == "kw" and items[j].text not in ("合计", "总计", "小计"):
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


OPENERS = {"（", "(", "《", "“", "〔", "【", "["}
CLOSERS = {"）": "（(", ")": "（(", "》": "《", "”": "“", "〕": "〔", "】": "【", "]": "["}
MONEY_LABEL = re.compile(r"(?:资金|经费|支出|收入|金额|款|费|预算|投资|补助|补贴|奖补)$")

# units that count kinds of things (5个办公室, 4项任务), not people or events
CATEGORY_UNITS = {"个", "项", "类", "家", "所", "座", "支", "批", "方面", "大"}

COMPLEMENTS = [
    ("基本支出", "项目支出"),
    ("年初结转和结余", "本年收入合计"),
    ("年末结转和结余", "本年支出合计"),
    ("人员经费", "公用经费"),
]


def _same_family(a: Figure, b: Figure) -> bool:
    if a.is_money or b.is_money:
        return a.is_money and b.is_money
    return a.unit == b.unit and a.unit != "" and not a.is_percent


def _split_list(seg: str) -> Optional[list[str]]:
    """Items of an inline list a、b、c和d; None when it is not a plain list
    (等 makes it partial; long items are clauses, not names)."""
    seg = seg.strip().strip("：:").strip()
    if not seg or "等" in seg[-3:]:
        return None
    # 、 inside brackets does not separate
    depth = 0
    parts, cur = [], []
    for ch in seg:
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    last = parts[-1]
    m = re.split(r"(?<=[^\s])(?:和|及|与)(?=[^\s])", last)
    if len(m) == 2 and all(len(x) >= 2 for x in m):
        parts[-1:] = m
    parts = [p.strip() for p in parts]
    if any(not p or len(p) > 25 for p in parts):
        return None
    return parts


# --------------------------------------------------------------- tables

# --------------------------------------------------------------- driver

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
                if bits[k].kind == "kw" and bits[k].text in ("该指标得分为", "得分为", "得分") \
                        and bits[k + 1].kind == "fig" and bits[k + 1].fig.unit == "分":
                    got = bits[k + 1].fig
                    got_where = Where(b.source, bits[k].start, bits[k + 1].end, b.index)
        facts.score_items.append(ScoreItem(h.number, h.title, mx, got,
                                           Where(h.source, 0, len(h.title) + 2, h.index), got_where))
