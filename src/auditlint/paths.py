"""Where auditlint's data and cache live.  Imports nothing of auditlint, so
any module can ask for a folder without pulling in the rule registry."""
from __future__ import annotations

import os


def data_dir(name: str) -> str:
    """grammar/ and rules/ sit at the top of the repository and are shipped
    inside the wheel as auditlint/_data/<name> (see pyproject.toml)."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "_data", name)
    if os.path.isdir(packaged):
        return packaged
    return os.path.normpath(os.path.join(here, "..", "..", name))


def cache_dir() -> str:
    """$AUDITLINT_CACHE_DIR, else $XDG_CACHE_HOME/auditlint, else ~/.cache/auditlint."""
    d = os.environ.get("AUDITLINT_CACHE_DIR")
    if not d:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "auditlint")
    return d
