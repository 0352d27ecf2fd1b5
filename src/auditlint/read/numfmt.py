"""A spreadsheet cell's value as the spreadsheet displays it, from its number format.

``display(0.95, "0.00%") == "95.00%"``, ``display(1234567.5, "#,##0.00") ==
"1,234,567.50"``, ``display(date(2024, 12, 31), 'yyyy"年"m"月"d"日"') ==
"2024年12月31日"``.  A stated figure's precision is what the reader saw: 95.00%
states two decimals of a percent, and the checks compare it as such.

Covered: General (and the Chinese 通用格式 / G/通用格式), 0 / 0.00 / #,##0.00,
percentages, literal text ("元", \\元, ¥), the sections positive;negative;zero
(;text), colours and conditions ([Red], [>=100]), locale tags ([$-804]),
thousands scaling by a trailing comma, scientific notation, dates and times
(yyyy yy m mm d dd h hh mm ss AM/PM and Chinese literals).  Anything else
(fractions, [DBNum1] Chinese numerals) falls back to the General rendering of
the value, which is never wrong about the value itself.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal

_GENERAL = re.compile(r"^(?:general|g/通用格式|通用格式|@)?$", re.I)
_BRACKET = re.compile(r"\[[^\]]*\]")
_DATE_TOKENS = re.compile(r"(yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p)", re.I)


def general(value) -> str:
    """Excel's General: up to 15 significant digits, no exponent for ordinary sizes."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "#NUM!"
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        s = f"{value:.15g}"
        if "e" in s and 1e-9 <= abs(value) < 1e15:
            s = format(Decimal(s), "f")
        return s
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, _dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M:%S")
    return str(value)


@lru_cache(maxsize=512)
def _sections(fmt: str) -> tuple:
    out, cur, quoted, esc = [], [], False, False
    for ch in fmt:
        if esc:
            cur.append(ch)
            esc = False
        elif ch == "\\":
            cur.append(ch)
            esc = True
        elif ch == '"':
            cur.append(ch)
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return tuple(out)


@lru_cache(maxsize=1024)
def _token_list(section: str) -> tuple:
    return tuple(_tokens(section))


def _tokens(section: str):
    """(kind, text): kind 'lit' for literal text, 'code' for format characters."""
    i, n = 0, len(section)
    while i < n:
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = n if j < 0 else j
            yield "lit", section[i + 1:j]
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            yield "lit", section[i + 1]
            i += 2
        elif ch == "_":
            yield "lit", " "  # a space the width of the next character
            i += 2
        elif ch == "*" and i + 1 < n:
            i += 2  # fill character: nothing to read
        elif ch == "[":
            j = section.find("]", i)
            j = n if j < 0 else j
            i = j + 1  # colour, condition, locale
        else:
            yield "code", ch
            i += 1


def display(value, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = fmt if fmt and fmt.strip() else "General"
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return _date(value, fmt)
    if isinstance(value, _dt.timedelta):
        return str(value)
    if not isinstance(value, (int, float)):
        return str(value)
    if fmt == "General" or fmt == "general":
        return general(value)
    try:
        return _number(value, fmt).strip()
    except (ValueError, ArithmeticError):
        return general(value)


def _pick_section(value, fmt: str):
    secs = _sections(fmt)
    if value < 0 and len(secs) >= 2 and secs[1].strip():
        return secs[1], abs(value), False
    if value == 0 and len(secs) >= 3:
        return secs[2], value, False
    return secs[0], value, value < 0


def _number(value, fmt: str) -> str:
    section, value, signed = _pick_section(value, fmt)
    if "[dbnum" in section.lower():
        return general(value)
    toks = _token_list(section)
    code = "".join(t for k, t in toks if k == "code")
    low = section.lower()
    if (code.strip() and _GENERAL.match(code.strip())) or not section.strip() or "general" in low or "通用格式" in section:
        # literals around General ("G/通用格式"元) stay where they stand
        cut = low.find("general") if "general" in low else section.find("通用格式")
        pre = section[:cut] if cut >= 0 else ""
        post = section[cut + (7 if "general" in low else 4):] if cut >= 0 else ""
        pre = pre[:-2] if pre.endswith("G/") else pre
        lit = lambda s: "".join(t for k, t in _tokens(s) if k == "lit")  # noqa: E731
        return ("-" if signed else "") + lit(pre) + general(abs(value) if signed else value) + lit(post)
    if any(c in code.lower() for c in "ymdhs") and not any(c in code for c in "0#?"):
        return _date(_serial_to_datetime(value), section)
    if "/" in code and "?" in code:
        return general(value)  # fractions
    # the numeric placeholder: from the first to the last of 0 # ? . , E
    places = [i for i, (k, t) in enumerate(toks) if k == "code" and t in "0#?.,"]
    if not places:
        lits = "".join(t for k, t in toks if k == "lit")
        return lits or general(value)
    first, last = places[0], places[-1]
    placeholder = "".join(t for k, t in toks[first:last + 1] if k == "code")
    exp_m = re.search(r"[eE][+-]", code)
    if exp_m:
        placeholder = re.split(r"[eE]", placeholder)[0]
    percent = code.count("%")
    v = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    v = v * (Decimal(100) ** percent)
    # thousands scaling: commas right after the last digit placeholder
    stripped = placeholder.rstrip(",")
    v = v / (Decimal(1000) ** (len(placeholder) - len(stripped)))
    placeholder = stripped
    int_part, _, frac_part = placeholder.partition(".")
    decimals = sum(1 for c in frac_part if c in "0#?")
    min_frac = sum(1 for c in frac_part if c == "0")
    grouping = "," in int_part
    min_int = sum(1 for c in int_part if c == "0")
    if exp_m:
        s = f"{float(abs(v)):.{decimals}E}"
        mant, _, exp = s.partition("E")
        body = f"{mant}E{int(exp):+03d}"
    else:
        q = abs(v).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        whole, _, frac = f"{q:f}".partition(".")
        frac = frac.ljust(decimals, "0")[:decimals]
        while len(frac) > min_frac and frac.endswith("0"):
            frac = frac[:-1]
        whole = whole.lstrip("0")
        if len(whole) < min_int:
            whole = whole.rjust(min_int, "0")
        if grouping and whole:
            whole = f"{int(whole):,}"
        body = whole + ("." + frac if frac or "." in placeholder and decimals and min_frac else "")
        if "." in placeholder and decimals == 0:
            body = whole + "."
        if not body:
            body = "0" if min_int or not int_part else ""
        if q == 0:
            signed = False
    before = "".join(t if k == "lit" or t not in "0#?.,%" else "" for k, t in toks[:first])
    after = "".join(t if k == "lit" or t not in "0#?.," else "" for k, t in toks[last + 1:])
    if exp_m:
        after = re.sub(r"^[eE][+-]?[0#]*", "", after)
    return ("-" if signed else "") + before + body + after


_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def _serial_to_datetime(v):
    return _EXCEL_EPOCH + _dt.timedelta(days=float(v))


def _date(value, fmt: str) -> str:
    if _GENERAL.match(fmt.strip()) or fmt.strip().lower() == "general":
        return general(value)
    section = _sections(fmt)[0]
    if isinstance(value, _dt.time):
        value = _dt.datetime.combine(_dt.date(1899, 12, 30), value)
    elif not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    parts = []
    ampm = "am/pm" in section.lower() or "a/p" in section.lower()
    toks = list(_tokens(section))
    codes = [(k, t) for k, t in toks]
    # group consecutive code characters into date tokens
    out_tokens = []  # (kind, text)
    buf = ""
    for k, t in codes:
        if k == "code":
            buf += t
        else:
            if buf:
                out_tokens.extend(("code", x) for x in _DATE_TOKENS.split(buf) if x)
                buf = ""
            out_tokens.append(("lit", t))
    if buf:
        out_tokens.extend(("code", x) for x in _DATE_TOKENS.split(buf) if x)
    # m / mm is minutes right after an hour or right before seconds
    kinds = [t.lower() if k == "code" else None for k, t in out_tokens]
    for i, (k, t) in enumerate(out_tokens):
        if k == "lit":
            parts.append(t)
            continue
        low = t.lower()
        if low in ("m", "mm"):
            prev = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] and _DATE_TOKENS.fullmatch(kinds[j])), None)
            nxt = next((kinds[j] for j in range(i + 1, len(kinds)) if kinds[j] and _DATE_TOKENS.fullmatch(kinds[j])), None)
            if prev in ("h", "hh") or nxt in ("s", "ss"):
                parts.append(f"{value.minute:02d}" if low == "mm" else str(value.minute))
            else:
                parts.append(f"{value.month:02d}" if low == "mm" else str(value.month))
        elif low == "yyyy":
            parts.append(f"{value.year:04d}")
        elif low == "yy":
            parts.append(f"{value.year % 100:02d}")
        elif low in ("mmm", "mmmm"):
            parts.append(value.strftime("%b" if low == "mmm" else "%B"))
        elif low in ("d", "dd"):
            parts.append(f"{value.day:02d}" if low == "dd" else str(value.day))
        elif low in ("ddd", "dddd"):
            parts.append(value.strftime("%a" if low == "ddd" else "%A"))
        elif low in ("h", "hh"):
            h = value.hour % 12 or 12 if ampm else value.hour
            parts.append(f"{h:02d}" if low == "hh" else str(h))
        elif low in ("s", "ss"):
            parts.append(f"{value.second:02d}" if low == "ss" else str(value.second))
        elif low in ("am/pm", "a/p"):
            parts.append(("AM" if value.hour < 12 else "PM") if low == "am/pm" else ("A" if value.hour < 12 else "P"))
        elif low in ("0", "#", "?", ".", ","):
            continue
        else:
            parts.append(t)
    s = "".join(parts).strip()
    return s or general(value)
