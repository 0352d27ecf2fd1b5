"""The command line's argument parsers: argparse in the user's language, errors as usage errors (exit 2)."""
from __future__ import annotations

import argparse

from .. import __version__
from ..batch import UsageError
from ..reporters import REPORTERS
from ..cli_text import t

COMMANDS = ("check", "rules", "explain", "facts", "dump", "serve", "help")
DEFAULT_PROFILE = "dept-overall"  # what detection falls back to: the severities `rules` shows


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in the user's language, and errors that
    are usage errors (exit 2, one line) rather than argparse's exit."""

    def __init__(self, *a, lang="zh", **kw):
        self.lang = lang
        kw.setdefault("formatter_class", _formatter(lang))
        super().__init__(*a, add_help=False, **kw)
        self._positionals.title = t(lang, "positionals")
        self._optionals.title = t(lang, "optionals")
        self.add_argument("-h", "--help", action="help", help=t(lang, "help_help"))

    def error(self, message):
        if self.lang != "en":  # argparse's own words (gettext, English here) for the common cases
            for en, key in _ARGPARSE_WORDS:
                message = message.replace(en, t(self.lang, key))
        raise UsageError(f"{message} ({self.prog} --help)")


_ARGPARSE_WORDS = (("unrecognized arguments", "ap_unrecognized"),
                   ("the following arguments are required", "ap_required"),
                   ("invalid choice", "ap_invalid_choice"), ("choose from", "ap_choose_from"),
                   ("expected one argument", "ap_expected_one"), ("invalid int value", "ap_invalid_int"),
                   ("invalid float value", "ap_invalid_float"), ("argument ", "ap_argument"))


def _formatter(lang):
    class F(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            return super().add_usage(usage, actions, groups, prefix=t(lang, "usage_prefix"))
    return F


def _add_lang(p, lang):
    p.add_argument("--lang", choices=["zh", "en"], help=t(lang, "h_lang"))


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    commands = "\n".join(f"  {c:<9} {t(lang, 'cmd_' + c)}" for c in COMMANDS)
    p = _Parser(prog="auditlint", lang=lang, usage=t(lang, "main_usage"),
                description=f"{t(lang, 'main_description')}\n\n{t(lang, 'commands_title')}:\n{commands}",
                epilog=t(lang, "main_epilog"))
    h = lambda key: t(lang, key)  # noqa: E731
    p.add_argument("--version", action="version", version=f"auditlint {__version__}", help=h("version_help"))
    p.add_argument("paths", nargs="*", help=h("h_paths"))
    p.add_argument("--format", choices=list(REPORTERS), help=h("h_format"))
    p.add_argument("--output", "-o", help=h("h_output"))
    p.add_argument("--select", help=h("h_select"))
    p.add_argument("--extend-select", help=h("h_extend_select"))
    p.add_argument("--ignore", help=h("h_ignore"))
    p.add_argument("--fail-on", choices=["error", "warning", "info"], help=h("h_fail_on"))
    _add_lang(p, lang)
    p.add_argument("--profile", help=h("h_profile"))
    p.add_argument("--jobs", "-j", type=int, help=h("h_jobs"))
    p.add_argument("--include", action="append", help=h("h_include"))
    p.add_argument("--exclude", action="append", help=h("h_exclude"))
    p.add_argument("--preview", action="store_true", default=None, help=h("h_preview"))
    p.add_argument("--quiet", "-q", action="store_true", help=h("h_quiet"))
    p.add_argument("--statistics", action="store_true", help=h("h_statistics"))
    p.add_argument("--no-source", action="store_true", help=h("h_no_source"))
    p.add_argument("--baseline", help=h("h_baseline"))
    p.add_argument("--write-baseline", metavar="FILE", help=h("h_write_baseline"))
    p.add_argument("--config", help=h("h_config"))
    p.add_argument("--isolated", action="store_true", help=h("h_isolated"))
    p.add_argument("--max-pages", type=int, help=h("h_max_pages"))
    p.add_argument("--timeout", type=float, help=h("h_timeout"))
    p.add_argument("--max-memory", type=int, metavar="MB", help=h("h_max_memory"))
    p.add_argument("--no-cache", action="store_true", default=None, help=h("h_no_cache"))
    p.add_argument("--pdf-engine", choices=["fast", "full"], help=h("h_pdf_engine"))
    return p


def _split(v) -> list:
    if v is None:
        return []
    if isinstance(v, list):
        return [x for s in v for x in str(s).split(",") if x.strip()]
    return [x.strip() for x in str(v).split(",") if x.strip()]
