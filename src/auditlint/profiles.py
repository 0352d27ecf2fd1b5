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

from .paths import data_dir

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore


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


KNOWN_KEYS = {"name", "title", "detect", "required_sections", "conclusion", "grade", "score", "sections", "ignore",
              "sections_in_tables"}


class ProfileError(ValueError):
    pass


def _load_toml(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ProfileError(f"profile file not found: {path}")
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: invalid TOML: {exc}")


def _apply(profile: Profile, data: dict, path: str) -> None:
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ProfileError(f"{path}: unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("name", "title", "detect", "required_sections", "conclusion", "ignore", "sections_in_tables"):
        if key in data:
            setattr(profile, key, data[key])
    if profile.conclusion not in ("off", "info", "warning", "error"):
        raise ProfileError(f"{path}: conclusion must be off|info|warning|error, not {profile.conclusion!r}")
    if "score" in data:
        profile.score_scale = float(data["score"].get("scale", profile.score_scale))
    if "grade" in data:
        bands = []
        for g in data["grade"]:
            try:
                bands.append(GradeBand(g["name"], float(g["min"]), float(g["max"]),
                                       tuple(g.get("labels", [g["name"]]))))
            except (KeyError, TypeError, ValueError) as exc:
                raise ProfileError(f"{path}: bad [[grade]] entry {g!r}: {exc}")
        profile.grades = bands
    if "sections" in data:
        merged = dict(profile.sections)
        merged.update(data["sections"])
        profile.sections = merged
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


def with_overrides(profile: Profile, overrides: dict, where: str) -> Profile:
    """A copy of ``profile`` with keys from the configuration file
    ([tool.auditlint.profiles.NAME]): local grade bands, required sections …"""
    import copy

    p = copy.deepcopy(profile)
    _apply(p, overrides, where)
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
