"""Figures: what the grammar reads in a paragraph, heading or cell, with exact source spans.

Stage 1 (grammar/figures.lark, LALR, built once per process): every
paragraph, heading and table cell becomes a list of ``Item`` — figures,
ranges, fractions, dates, keywords, punctuation, text.  ``items_of`` is the
way in; a ``Figure`` is a number as written, with its unit, its precision and
the interval it stands for; a keyword item carries its role (``Item.role``:
"part" for 其中, "up" for 增加 …, from the grammar's role terminals, see
``keyword_roles``).  Lark's LALR analysis of the grammar ships beside
it as JSON (grammar/figures.tables.json, written by
scripts/build_grammar_tables.py).

Stage 2 (assemble.py) assembles claims (claims/) from these items.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Optional

from lark import Lark, Transformer

from .numbers import Interval
from .numerals import cn_int
from .paths import data_dir


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
    kind: str  # fig | range | frac | date | ordinal | enum | kw | basis | listopen | self | docno | punct | text
    start: int
    end: int
    text: str
    fig: Optional[Figure] = None
    value: object = None  # frac: (Figure, Figure); date: DateValue; enum/ordinal: int
    role: str = ""  # a keyword's role (keyword_roles): "part", "up", "grade" …; "" for other items


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

    def __init__(self, roles: Optional[dict] = None):
        super().__init__()
        self.roles = roles or {}  # keyword -> role (keyword_roles)

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
            if kind == "kw":
                it.role = self.roles.get(text, "")
            elif kind == "enum":
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


_TERMINAL_DEF = re.compile(r"^([A-Z_]+)(?:\.-?\d+)?:(.*?)(?=^\S|\Z)", re.S | re.M)
_LITERAL = re.compile(r'"([^"\\]+)"')


def keyword_roles(grammar: Optional[str] = None) -> dict[str, str]:
    """Every keyword of the grammar's KW terminal and its role: the lower-case
    name of the role terminal it is written in (其中 -> "part", 增加 -> "up"), ""
    for a word written in KW itself.  Read from the grammar file, where the
    words live; Lark inlines the role terminals into KW and keeps no trace of them."""
    grammar = grammar if grammar is not None else _grammar_text()
    defs = {m.group(1): re.sub(r"//[^\n]*", "", m.group(2)) for m in _TERMINAL_DEF.finditer(grammar)}
    roles: dict[str, str] = {}
    for alt in (a.strip() for a in defs["KW"].split("|")):
        if alt.startswith('"'):
            words, role = _LITERAL.findall(alt), ""
        else:
            words, role = _LITERAL.findall(defs[alt]), alt.lower()
        for w in words:
            if w in roles:
                raise ValueError(f"grammar: keyword {w} has two roles")
            roles[w] = role
    return roles


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
    items = _Items(keyword_roles(grammar))
    parser = _load_tables(grammar, transformer=items, **plugins)
    if parser is not None:
        return parser
    try:
        return _build_parser(grammar, transformer=items, **plugins)
    except Exception:
        if not plugins:
            raise
        return _build_parser(grammar, transformer=items)


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
