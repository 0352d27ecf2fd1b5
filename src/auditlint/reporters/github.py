"""``--format github``: GitHub Actions workflow commands, one a finding."""
from __future__ import annotations

from .terminal import escape


def github(diags, lang: str = "zh") -> str:
    """GitHub Actions workflow commands (::error file=…,line=…::message)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}

    def esc(s: str) -> str:
        # %, CR and LF as the workflow commands want them; any other control character
        # (an ANSI escape in the report's text) shown escaped, never sent to the log raw
        return escape(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    def prop(s: str) -> str:
        return esc(s).replace(":", "%3A").replace(",", "%2C")

    out = []
    for d in diags:
        where = f" (p{d.page})" if d.page else ""
        out.append(
            f"::{level[d.severity]} file={prop(d.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={prop(d.code + ' ' + d.rule)}::"
            f"{esc(d.message(lang) + where)}")
    return "\n".join(out) + ("\n" if out else "")


def report(run) -> str:
    return github(run.diags, run.lang)
