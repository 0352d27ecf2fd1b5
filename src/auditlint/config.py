"""Configuration: ``[tool.auditlint]`` in pyproject.toml, or auditlint.toml,
found from the working directory upward.  Keys mirror the command-line flags
(flags win); unknown keys and bad values are errors naming the file and key.

    [tool.auditlint]
    select = ["AL"]
    ignore = ["AL402"]
    fail-on = "warning"
    lang = "zh"
    profile = "dept-overall"
    per-file-ignores = { "archive/2019/*" = ["AL5"] }

    [tool.auditlint.profiles.dept-overall]     # local settings of a built-in profile
    required_sections = ["基本情况", "绩效分析", "存在问题", "建议", "评价结论"]
    include = ["*.pdf", "*.docx"]
    exclude = ["drafts/*"]
    baseline = "auditlint-baseline.json"
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore


class ConfigError(ValueError):
    pass


from . import schema as S
from .reporters import REPORTERS

MAX_TIMEOUT = 7 * 24 * 3600  # seconds: a week
MIN_MEMORY_MB, MAX_MEMORY_MB = 200, 1 << 20  # a worker needs ~150 MB of address space to start; 1 TB
MAX_PAGES = 1_000_000
MAX_JOBS = 1024

# every key, with the spec of its value (schema.py): types, ranges and sizes
SCHEMA = {
    "select": S.list_of(item=S.text(100)),
    "ignore": S.list_of(item=S.text(100)),
    "extend-select": S.list_of(item=S.text(100)),
    "fail-on": S.choice("error", "warning", "info"),
    "lang": S.choice("zh", "en"),
    # the outputs that write a report (reporters.REPORTERS); not the annotated copies (pdf, docx)
    "format": S.choice(*(name for name, out in REPORTERS.items() if out.copy is None)),
    "profile": S.text(4096),
    "jobs": S.number(1, MAX_JOBS, integer=True),
    "include": S.list_of(),
    "exclude": S.list_of(),
    "per-file-ignores": S.table(S.list_of(item=S.text(100), what="a list of codes")),
    "baseline": S.text(4096),
    "preview": S.boolean(),
    "max-pages": S.number(1, MAX_PAGES, integer=True, what=f"a whole number of pages from 1 to {MAX_PAGES}"),
    "timeout": S.number(0, MAX_TIMEOUT, lo_open=True,
                        what=f"a number of seconds greater than 0 and at most {MAX_TIMEOUT}"),
    "profiles": S.table(S.table(lambda v, k: v), what="a table of profile tables"),  # values: profiles.py
    "pdf-engine": S.choice("fast", "full"),
    "no-cache": S.boolean(),
    "max-memory": S.number(MIN_MEMORY_MB, MAX_MEMORY_MB, integer=True,
                           what=f"a whole number of MB from {MIN_MEMORY_MB} to {MAX_MEMORY_MB}"),
}


def check_options(values: dict) -> None:
    """Command-line values of keys that also exist in the configuration
    (``{"timeout": 5.0}``), checked by the same specs; an error names the flag."""
    for key, val in values.items():
        if val is not None:
            try:
                SCHEMA[key](val, "--" + key)
            except S.SchemaError as exc:
                raise ConfigError(str(exc).replace("'--" + key + "'", "--" + key, 1))


@dataclass
class Config:
    values: dict = field(default_factory=dict)
    path: Optional[str] = None

    def get(self, key, default=None):
        return self.values.get(key, default)


def discover(start: str = ".") -> Optional[str]:
    d = os.path.abspath(start)
    while True:
        for name in ("auditlint.toml", "pyproject.toml"):
            p = os.path.join(d, name)
            if os.path.isfile(p):
                if name == "auditlint.toml":
                    return p
                try:
                    with open(p, "rb") as fh:
                        raw = fh.read()
                    tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
                    if isinstance(tool, dict) and "auditlint" in tool:
                        return p
                except OSError:
                    pass
                except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError, MemoryError):
                    if b"tool.auditlint" in raw:
                        return p  # ours, but broken: load() reports the error
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load(path: Optional[str]) -> Config:
    if path is None:
        return Config()
    data = S.load_toml(path, ConfigError)
    tool = data.get("tool", {})
    if not isinstance(tool, dict) or not isinstance(tool.get("auditlint", {}), dict):
        raise ConfigError(f"{path}: 'tool.auditlint' must be a table")
    if os.path.basename(path) == "pyproject.toml":
        data = tool.get("auditlint", {})
        prefix = "tool.auditlint."
    else:
        data = tool.get("auditlint", data)
        prefix = ""
    for key, val in data.items():
        if key not in SCHEMA:
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (known: {', '.join(sorted(SCHEMA))})")
        try:
            data[key] = SCHEMA[key](val, prefix + key)
        except S.SchemaError as exc:
            raise ConfigError(f"{path}: {exc}")
        if key == "profiles":
            from .profiles import ProfileError, check_overrides

            for name, keys in val.items():
                try:
                    check_overrides(name, keys, path, f"{prefix}profiles.{name}.")
                except ProfileError as exc:
                    raise ConfigError(str(exc))
    base = os.path.dirname(os.path.abspath(path))
    for key in ("baseline", "profile"):
        v = data.get(key)
        if isinstance(v, str) and (v.endswith(".toml") or v.endswith(".json")) and not os.path.isabs(v):
            data[key] = os.path.join(base, v)
    return Config(dict(data), path)
