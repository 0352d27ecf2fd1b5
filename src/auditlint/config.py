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


_LIST = (list,)
SCHEMA = {
    "select": _LIST,
    "ignore": _LIST,
    "extend-select": _LIST,
    "fail-on": ("error", "warning", "info"),
    "lang": ("zh", "en"),
    "format": ("text", "json", "sarif", "github", "html"),
    "profile": (str,),
    "jobs": (int,),
    "include": _LIST,
    "exclude": _LIST,
    "per-file-ignores": (dict,),
    "baseline": (str,),
    "preview": (bool,),
    "max-pages": (int,),
    "timeout": (int, float),
    "profiles": (dict,),
    "pdf-engine": ("fast", "full"),
    "no-cache": (bool,),
    "max-memory": (int,),
}


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
                    if "auditlint" in tomllib.loads(raw.decode("utf-8")).get("tool", {}):
                        return p
                except OSError:
                    pass
                except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                    if b"tool.auditlint" in raw:
                        return p  # ours, but broken: load() reports the error
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load(path: Optional[str]) -> Config:
    if path is None:
        return Config()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}")
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("auditlint", {})
        prefix = "tool.auditlint."
    else:
        data = data.get("tool", {}).get("auditlint", data)
        prefix = ""
    for key, val in data.items():
        if key not in SCHEMA:
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (known: {', '.join(sorted(SCHEMA))})")
        allowed = SCHEMA[key]
        if all(isinstance(a, str) for a in allowed):
            if val not in allowed:
                raise ConfigError(f"{path}: '{prefix}{key}' must be one of {', '.join(allowed)}, not {val!r}")
        elif not isinstance(val, allowed) or (isinstance(val, bool) and bool not in allowed):
            raise ConfigError(f"{path}: '{prefix}{key}' has the wrong type ({type(val).__name__})")
        if allowed == _LIST and not all(isinstance(x, str) for x in val):
            raise ConfigError(f"{path}: '{prefix}{key}' must be a list of strings")
        if key == "per-file-ignores":
            for g, codes in val.items():
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise ConfigError(f"{path}: '{prefix}per-file-ignores.{g}' must be a list of codes")
        if key == "profiles":
            from .profiles import KNOWN_KEYS

            for name, keys in val.items():
                if not isinstance(keys, dict):
                    raise ConfigError(f"{path}: '{prefix}profiles.{name}' must be a table")
                bad = set(keys) - KNOWN_KEYS
                if bad:
                    raise ConfigError(f"{path}: unknown key '{prefix}profiles.{name}.{sorted(bad)[0]}'")
        if key == "jobs" and val < 1:
            raise ConfigError(f"{path}: '{prefix}jobs' must be at least 1")
    base = os.path.dirname(os.path.abspath(path))
    for key in ("baseline", "profile"):
        v = data.get(key)
        if isinstance(v, str) and (v.endswith(".toml") or v.endswith(".json")) and not os.path.isabs(v):
            data[key] = os.path.join(base, v)
    return Config(dict(data), path)
