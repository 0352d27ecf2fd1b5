"""Report profiles: data in rules/*.toml, the logic once here.

``rules/base.toml`` holds what every profile shares (grade bands, the score
scale, section-title synonyms); ``rules/profiles/*.toml`` one report type each
(required sections, whether a conclusion is required, how to detect it from
the title).  ``--profile NAME|PATH`` forces one; a user file may override any
key of base.toml too.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from . import schema as S
from .paths import data_dir



@dataclass(frozen=True)
class GradeBand:
    name: str
    min: float
    max: float
    labels: tuple

    def contains(self, lo, hi) -> bool:
        """Does the score interval [lo, hi] meet this band [min, max)?  The top
        band includes its maximum (100 is 优)."""
        below_top = lo <= self.max if self.max >= 100 else lo < self.max
        return below_top and hi >= self.min


@dataclass
class Profile:
    name: str
    title: str = ""
    detect: list = field(default_factory=list)
    required_sections: list = field(default_factory=list)
    conclusion: str = "off"  # off | info | warning | error
    grades: list = field(default_factory=list)
    score_scale: float = 100
    sections: dict = field(default_factory=dict)  # canonical -> [variants]
    ignore: list = field(default_factory=list)  # rule codes/prefixes that do not apply to this report type
    sections_in_tables: bool = True  # may a required section be a form's label cell? (not in a disclosure)
    path: str = ""

    def applies(self, code: str) -> bool:
        return not any(code.startswith(p) for p in self.ignore) and self.severity_of(code, "on") != "off"

    def severity_of(self, code: str, default: str) -> str:
        """The severity a rule's findings get in this report type: the rule's
        own unless the profile sets it.  ``conclusion`` (off | info | warning |
        error) is AL404's (missing-conclusion) severity here; ``off``: not asked."""
        if code == "AL404":
            return self.conclusion
        return default

    def grade_of_label(self, label: str) -> Optional[GradeBand]:
        for g in self.grades:
            if label in g.labels:
                return g
        return None

    def canonical_sections(self, title: str) -> set:
        key = re.sub(r"[\s　]+", "", title).strip("：:。")
        cache = self.__dict__.setdefault("_canon_cache", {})
        if key not in cache:
            cache[key] = self._canonical_sections(key)
        return cache[key]

    def _canonical_sections(self, title: str) -> set:
        """Every canonical section a title stands for: 主要绩效及评价结论 is both
        绩效分析 and 评价结论.  A variant of four or more characters may stand
        inside a longer title; a shorter one must be the whole title."""
        t = re.sub(r"[\s　]+", "", title).strip("：:。")
        out = set()
        for canon, variants in self.sections.items():
            for v in variants:
                if t == v or (len(v) >= 4 and v in t):
                    out.add(canon)
                    break
        return out

    def all_titles(self) -> list[str]:
        return [v for vs in self.sections.values() for v in vs]


class ProfileError(ValueError):
    pass


MAX_SCALE = 10_000
_CODE = S.text(20, pattern=r"[A-Z]{2,}\d{1,3}", what="a rule code or family such as AL4 or AL402")
_NAME = S.text(100)
# every key of a profile (rules/base.toml, rules/profiles/*.toml, a user's file, or
# [tool.auditlint.profiles.NAME]), with the spec of its value (schema.py)
SCHEMA = {
    "name": _NAME,
    "title": S.text(500, nonempty=False),
    "detect": S.list_of(100, item=S.regex(), what="a list of patterns"),
    "required_sections": S.list_of(100, item=_NAME, what="a list of section names"),
    "conclusion": S.choice("off", "info", "warning", "error"),
    "grade": S.list_of(50, what="a list of [[grade]] tables", item=S.record(
        {"name": S.text(20), "min": S.number(0, MAX_SCALE), "max": S.number(0, MAX_SCALE),
         "labels": S.list_of(20, item=S.text(20))}, required=("name", "min", "max"), what="a [[grade]] table")),
    "score": S.record({"scale": S.number(0, MAX_SCALE, lo_open=True)}, what="a [score] table"),
    "sections": S.table(S.list_of(100, item=_NAME, what="a list of section titles"), max_items=200,
                        what="a [sections] table"),
    "ignore": S.list_of(100, item=_CODE, what="a list of rule codes"),
    "sections_in_tables": S.boolean(),
}
KNOWN_KEYS = set(SCHEMA)


def _validated(data, where: str, prefix: str = "") -> dict:
    """``data`` checked key by key; ``where`` names the file, ``prefix`` the
    table inside it (tool.auditlint.profiles.NAME.)."""
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: '{prefix.rstrip('.')}' must be a table, not {S.show(data)}")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown key '{prefix}{sorted(map(str, unknown))[0]}' "
                           f"(known: {', '.join(sorted(KNOWN_KEYS))})")
    try:
        return {k: SCHEMA[k](v, prefix + k) for k, v in data.items()}
    except S.SchemaError as exc:
        raise ProfileError(f"{where}: {exc}")


def _check_consistent(p: Profile, where: str) -> None:
    """What no single value shows: grade bands inside the scale, in order and
    not overlapping, each label naming one band; required sections that
    [sections] knows."""
    for g in p.grades:
        if not g.min < g.max:
            raise ProfileError(f"{where}: grade '{g.name}': min {g.min:g} must be below max {g.max:g}")
        if g.max > p.score_scale:
            raise ProfileError(f"{where}: grade '{g.name}' ({g.min:g}–{g.max:g}) is outside the score scale "
                               f"0–{p.score_scale:g}")
    bands = sorted(p.grades, key=lambda g: g.min)
    for a, b in zip(bands, bands[1:]):
        if b.min < a.max:
            raise ProfileError(f"{where}: grades '{a.name}' ({a.min:g}–{a.max:g}) and '{b.name}' "
                               f"({b.min:g}–{b.max:g}) overlap")
    seen = {}
    for g in p.grades:
        for label in g.labels:
            if seen.setdefault(label, g.name) != g.name:
                raise ProfileError(f"{where}: grade label '{label}' is given to both '{seen[label]}' and '{g.name}'")
    for s in p.required_sections:
        if s not in p.sections:
            raise ProfileError(f"{where}: required section '{s}' is not a key of [sections] "
                               f"(known: {', '.join(list(p.sections)[:12])})")


def _load_toml(path: str) -> dict:
    if not os.path.exists(path):
        raise ProfileError(f"profile file not found: {path}")
    if os.path.isdir(path):
        raise ProfileError(f"{path}: is a folder, not a profile file")
    return S.load_toml(path, ProfileError)


def _apply(profile: Profile, data: dict, path: str, prefix: str = "") -> None:
    data = _validated(data, path, prefix)
    for key in ("name", "title", "detect", "required_sections", "conclusion", "ignore", "sections_in_tables"):
        if key in data:
            setattr(profile, key, data[key])
    if "score" in data:
        profile.score_scale = float(data["score"].get("scale", profile.score_scale))
    if "grade" in data:
        if not data["grade"]:
            raise ProfileError(f"{path}: '{prefix}grade' must hold at least one [[grade]] band")
        profile.grades = [GradeBand(g["name"], float(g["min"]), float(g["max"]), tuple(g.get("labels", [g["name"]])))
                          for g in data["grade"]]
    if "sections" in data:
        merged = dict(profile.sections)
        merged.update(data["sections"])
        profile.sections = merged
    _check_consistent(profile, f"{path}: {prefix.rstrip('.')}" if prefix else path)
    profile.path = path


@lru_cache(maxsize=None)
def base_profile() -> Profile:
    p = Profile(name="base")
    _apply(p, _load_toml(os.path.join(data_dir("rules"), "base.toml")), "rules/base.toml")
    return p


@lru_cache(maxsize=None)
def builtin_profiles() -> tuple:
    d = os.path.join(data_dir("rules"), "profiles")
    out = []
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".toml"):
            out.append(load_profile_file(os.path.join(d, fn)))
    return tuple(out)


def load_profile_file(path: str) -> Profile:
    base = base_profile()
    p = Profile(name=os.path.splitext(os.path.basename(path))[0], grades=list(base.grades),
                score_scale=base.score_scale, sections=dict(base.sections))
    _apply(p, _load_toml(path), path)
    return p


def get_profile(name_or_path: str) -> Profile:
    if os.path.exists(name_or_path) or name_or_path.endswith(".toml"):
        return load_profile_file(name_or_path)
    for p in builtin_profiles():
        if p.name == name_or_path:
            return p
    names = ", ".join(p.name for p in builtin_profiles())
    raise ProfileError(f"unknown profile {name_or_path!r} (built-in: {names})")


def check_overrides(name: str, overrides, where: str, prefix: str) -> None:
    """Configuration-time check of [tool.auditlint.profiles.NAME]: applied to
    that built-in profile (or to the base one for another name), so a bad
    value or an inconsistent band is reported once, naming the file."""
    target = next((p for p in builtin_profiles() if p.name == name), None) or base_profile()
    with_overrides(target, overrides, where, prefix)


def with_overrides(profile: Profile, overrides: dict, where: str, prefix: str = "") -> Profile:
    """A copy of ``profile`` with keys from the configuration file
    ([tool.auditlint.profiles.NAME]): local grade bands, required sections …"""
    import copy

    p = copy.deepcopy(profile)
    _apply(p, overrides, where, prefix)
    return p


def detect_profile(title: str, first_text: str = "", body_text: str = "") -> Profile:
    """The profile whose detect pattern matches the report title (or, failing
    that, its opening text, or its body with table cells) earliest: the genre a
    document names first is the one its title names (a 绩效 report may mention
    部门预算 further on).  dept-overall when none matches."""
    for hay in (title, first_text, body_text):
        best = None
        for p in builtin_profiles():
            for pat in p.detect:
                m = re.search(pat, hay)
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), p)
        if best is not None:
            return best[1]
    return get_profile("dept-overall")
