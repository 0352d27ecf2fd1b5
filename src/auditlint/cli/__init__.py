"""auditlint's command line.

    auditlint [check] PATH...        check files and folders (default command)
    auditlint rules                  list the rules
    auditlint explain CODE           print a rule's documentation
    auditlint facts FILE             what the grammar read, with positions (--figures: every figure)
    auditlint dump FILE              blocks, headings and tables as read
    auditlint serve                  a local page to check a report in a browser
    auditlint help [COMMAND]         the help of auditlint or of a command

Global options (``--lang``) may come before the command.  Every string the
command line prints is in ``cli_text`` (one table per language).

Exit status: 0 no finding at or above --fail-on; 1 findings; 2 usage error
or a file that could not be read at all.
"""
from __future__ import annotations

import sys

from .. import baseline as B
from .. import config as C
from .. import engine as E
from .. import reporters as R
from ..batch import NoSuchPath, UsageError, _tune_gc
from ..cli_text import locale_lang, t
from ..profiles import ProfileError
from .check import DEFAULT_INCLUDE, cmd_check  # noqa: F401  (DEFAULT_INCLUDE: re-exported)
from .parsers import COMMANDS, _add_lang, _Parser, build_parser
from .serve import cmd_serve
from .views import cmd_dump, cmd_explain, cmd_facts, cmd_rules

# ---------------------------------------------------------------- main

def _takes_value() -> set:
    """Options of the check command that take a value (so that a value such
    as 'rules' in --profile rules is not taken for a command)."""
    return {s for a in build_parser()._actions if a.option_strings and a.nargs != 0 for s in a.option_strings}


def split_command(argv: list) -> tuple:
    """(command, the options before it, the arguments after it).  The command
    is the first word that is not an option or an option's value; none: check."""
    takes = _takes_value()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            break
        if a.startswith("-") and a != "-":
            i += 2 if (a in takes and "=" not in a) else 1
            continue
        if a in COMMANDS:
            return a, argv[:i], argv[i + 1:]
        break
    return "check", [], argv


def _lang_option(argv: list):
    for k, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and k + 1 < len(argv) and argv[k + 1] in ("zh", "en"):
            return argv[k + 1]
        if a.startswith("--lang=") and a[7:] in ("zh", "en"):
            return a[7:]
    return None


def _without_lang(argv: list) -> list:
    out, skip = [], False
    for k, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--lang":
            skip = True
            continue
        if a.startswith("--lang="):
            continue
        out.append(a)
    return out


def _dispatch(cmd: str, before: list, rest: list, lang: str) -> int:
    if cmd == "help":
        hp = _Parser(prog="auditlint help", lang=lang, description=t(lang, "help_description"))
        _add_lang(hp, lang)
        hp.add_argument("command", nargs="?", help=t(lang, "h_help_command"))
        a = hp.parse_args(_without_lang(before) + rest)
        if not a.command:
            build_parser(a.lang or lang).print_help()
            return 0
        lang = a.lang or lang
        rest = [a.command]
        if rest[0] == "help":
            hp.print_help()
            return 0
        if rest[0] not in COMMANDS:
            raise UsageError(t(lang, "unknown_command", cmd=rest[0], commands=", ".join(COMMANDS)))
        return _dispatch(rest[0], before, ["--help"], lang)
    if cmd == "check":
        args = build_parser(lang).parse_args(before + rest)
        return cmd_check(args)
    return {"serve": cmd_serve, "rules": cmd_rules, "explain": cmd_explain, "facts": cmd_facts, "dump": cmd_dump}[cmd](before + rest, lang)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tune_gc()
    lang = _lang_option(argv) or locale_lang()
    try:
        cmd, before, rest = split_command(argv)
        return _dispatch(cmd, before, rest, lang)
    except E.SelectionError as exc:
        msg = str(exc)
        if exc.token is not None:
            msg = t(lang, "unknown_selector", token=exc.token,
                    where=t(lang, "in_where", where=exc.where) if exc.where else "",
                    hint=t(lang, "nearest", items=", ".join(exc.nearest)) if exc.nearest else "")
        print(t(lang, "error_prefix") + R.escape(msg), file=sys.stderr)
        return 2
    except NoSuchPath as exc:
        print(t(lang, "error_prefix") + t(lang, "no_such_path", path=R.escape(exc.path)), file=sys.stderr)
        return 2
    except (UsageError, C.ConfigError, ProfileError, B.BaselineError) as exc:
        print(t(lang, "error_prefix") + R.escape(str(exc)), file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
