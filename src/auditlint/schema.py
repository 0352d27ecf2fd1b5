"""Checking configuration and profile values: types, ranges and sizes.

A configuration file or a profile is data written by hand; every value is
checked against its spec before anything uses it, and a bad one is an error
naming the file, the key and what was expected — never a traceback, never a
value used in a way it was not meant (a string where a list is expected is
an error: iterated, ``ignore = "AL402"`` would be the prefixes A, L, 4, 0, 2,
and "A" matches every code).

A spec is a callable ``spec(value, key) -> value`` raising ``SchemaError``.
"""
from __future__ import annotations

import math
import re

MAX_FILE_BYTES = 1 << 20  # a configuration or profile file: 1 MB (the shipped ones are < 8 kB)
MAX_ITEMS = 1000  # entries of a list or table
MAX_TEXT = 1000  # characters of one string
TOML_ERRORS = (RecursionError, MemoryError)  # a deeply nested TOML exhausts the parser's stack


class SchemaError(ValueError):
    """A value that does not fit its spec; the caller prefixes the file."""

    def __init__(self, key: str, message: str):
        super().__init__(f"'{key}' {message}")
        self.key = key


def show(value, limit: int = 40) -> str:
    """A value as it was written, cut short."""
    try:
        r = repr(value)
    except RecursionError:  # pragma: no cover - TOML values nest, but not this deep after parsing
        r = type(value).__name__
    return r if len(r) <= limit else r[: limit - 1] + "…"


_TYPE_NAMES = {bool: "a boolean (true/false)", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a table"}


def _wrong_type(key, value, expected):
    return SchemaError(key, f"has the wrong type ({type(value).__name__}): expected {expected}, got {show(value)}")


def text(max_len: int = MAX_TEXT, nonempty: bool = True, pattern: str = "", what: str = "a string"):
    rx = re.compile(pattern) if pattern else None

    def spec(value, key):
        if not isinstance(value, str):
            raise _wrong_type(key, value, what)
        if nonempty and not value.strip():
            raise SchemaError(key, f"must be {what}, not an empty string")
        if len(value) > max_len:
            raise SchemaError(key, f"is too long ({len(value)} characters; at most {max_len})")
        if rx is not None and not rx.fullmatch(value):
            raise SchemaError(key, f"must be {what}, not {show(value)}")
        return value
    return spec


def list_of(max_items: int = MAX_ITEMS, item=None, what: str = "a list of strings"):
    """A list (never a string) of at most max_items values, each fitting item."""
    item = item or text()

    def spec(value, key):
        if not isinstance(value, list):  # a string is never iterated as a list
            raise _wrong_type(key, value, what + (f' (write ["{value}"])' if isinstance(value, str) and
                                                   len(value) < 40 else ""))
        if len(value) > max_items:
            raise SchemaError(key, f"has too many entries ({len(value)}; at most {max_items})")
        return [item(v, f"{key}[{i}]") for i, v in enumerate(value)]
    return spec


def number(lo: float, hi: float, integer: bool = False, lo_open: bool = False, what: str = ""):
    """A finite number in [lo, hi] (or (lo, hi] with lo_open); booleans are not numbers."""
    kind = "an integer" if integer else "a number"
    bounds = f"{'greater than' if lo_open else 'at least'} {lo:g} and at most {hi:g}"
    what = what or f"{kind} {bounds}"

    def spec(value, key):
        ok_types = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_types):
            raise _wrong_type(key, value, what)
        if isinstance(value, float) and not math.isfinite(value):
            raise SchemaError(key, f"must be {what}, not {show(value)}")
        if value < lo or (lo_open and value == lo) or value > hi:
            raise SchemaError(key, f"must be {what}, not {show(value)}")
        return value
    return spec


def boolean():
    def spec(value, key):
        if not isinstance(value, bool):
            raise _wrong_type(key, value, "true or false")
        return value
    return spec


def choice(*options):
    def spec(value, key):
        if not isinstance(value, str) or value not in options:
            raise SchemaError(key, f"must be one of {', '.join(options)}, not {show(value)}")
        return value
    return spec


def table(values, max_items: int = MAX_ITEMS, keys=None, what: str = "a table"):
    """A table whose every value fits ``values`` (and whose keys fit ``keys``)."""
    keys = keys or text()

    def spec(value, key):
        if not isinstance(value, dict):
            raise _wrong_type(key, value, what)
        if len(value) > max_items:
            raise SchemaError(key, f"has too many entries ({len(value)}; at most {max_items})")
        return {keys(k, f"{key} (a key)"): values(v, f"{key}.{k}") for k, v in value.items()}
    return spec


def record(fields: dict, required=(), what: str = "a table"):
    """A table with known keys, each with its spec; an unknown key is an error."""
    def spec(value, key):
        if not isinstance(value, dict):
            raise _wrong_type(key, value, what)
        for k in value:
            if k not in fields:
                raise SchemaError(f"{key}.{k}", f"is not a known key (known: {', '.join(sorted(fields))})")
        for k in required:
            if k not in value:
                raise SchemaError(f"{key}.{k}", "is missing")
        return {k: fields[k](v, f"{key}.{k}") for k, v in value.items()}
    return spec


def regex():
    """A regular expression (a profile's detect pattern)."""
    base = text()

    def spec(value, key):
        base(value, key)
        try:
            re.compile(value)
        except (re.error, RecursionError, OverflowError) as exc:
            raise SchemaError(key, f"is not a valid regular expression ({exc})")
        return value
    return spec


def load_toml(path: str, error):
    """Parse a TOML file of at most MAX_FILE_BYTES; every failure is ``error(message)``."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        raise error(f"{path}: file too large for a configuration (over {MAX_FILE_BYTES // 1024} kB)")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise error(f"{path}: invalid TOML: not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML: {exc}")
    except TOML_ERRORS:
        raise error(f"{path}: invalid TOML: nested too deeply")
