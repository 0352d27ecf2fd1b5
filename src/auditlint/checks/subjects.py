"""AL606–AL607 — 科目 named in the text against the document's own tables."""
from __future__ import annotations

from ..diagnostics import Finding
from ..subjects import LEVEL_CODE_LENGTH, LEVEL_OF_LENGTH, edit_distance, fold, table_subjects
from . import rule

MIN_NEAR_NAME = 6  # a name shorter than this is not compared by spelling (too many look-alikes)
MAX_NEAR_EDITS = 2


def _exact(run: str, names: dict):
    """The longest suffix of the text before （类/款/项） that is a 科目 name of the tables."""
    run = fold(run)
    for k in range(len(run) - 1):
        if run[k:] in names:
            return run[k:]
    return None


@rule("AL606", "subject-level", severity="warning")
def subject_level(ctx):
    """The text gives a 科目 another level than its code has in the document's tables.

    A 科目's level is the length of its code: 类 3 digits, 款 5, 项 7.  Calling a
    款 a 类 points the reader at the wrong line of the tables (and usually comes
    from an old template).

    Bad:  1．行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）  (tables: 20805 行政事业单位离退休, a 款)
    Good: 1．行政事业单位离退休（款）未归口管理的行政单位离退休支出（项）
    """
    names = table_subjects(ctx.facts.tables)
    if not names:
        return
    for m in ctx.facts.subject_mentions:
        name = _exact(m.run, names)
        if name is None:
            continue
        levels = names[name]
        if LEVEL_CODE_LENGTH[m.level] in levels:
            continue
        code = next(iter(levels.values()))
        actual = LEVEL_OF_LENGTH[len(code)]
        yield Finding(
            m.where,
            f"“{name}”在本文件的表中是{actual}级科目（{code}），此处写作（{m.level}）",
            f"'{name}' is a {actual}-level subject ({code}) in this document's tables, not a {m.level}",
            {"subject": name, "stated_level": m.level, "code": code},
            )


@rule("AL607", "subject-name", severity="warning")
def subject_name(ctx):
    """The text names a 科目 in a spelling that none of the document's tables uses.

    The 科目 name in the 说明 must be the one of the tables (and of the 政府收支分类科目
    of the year).  Only a near miss is reported — the same level, one or two
    characters changed, swapped or an old name's word — never a name the tables
    simply do not list.

    Bad:  2．法院（款）一般行政事务管理（项）支出 6432.89 万元  (tables: 2040502 一般行政管理事务)
    Good: 2．法院（款）一般行政管理事务（项）支出 6432.89 万元
    """
    names = table_subjects(ctx.facts.tables)
    if not names:
        return
    for m in ctx.facts.subject_mentions:
        if _exact(m.run, names) is not None:
            continue
        run = fold(m.run)
        want = LEVEL_CODE_LENGTH[m.level]
        best = None
        for name, levels in names.items():
            if want not in levels or len(name) < MIN_NEAR_NAME:
                continue
            for n in range(max(2, len(name) - MAX_NEAR_EDITS), len(name) + MAX_NEAR_EDITS + 1):
                if n > len(run):
                    break
                tail = run[-n:]
                d = 1 if sorted(tail) == sorted(name) else edit_distance(tail, name, MAX_NEAR_EDITS)
                if d <= MAX_NEAR_EDITS and (best is None or d < best[0]):
                    best = (d, tail, name, levels[want])
        if best is None:
            continue
        _d, tail, name, code = best
        yield Finding(
            m.where,
            f"科目名称“{tail}（{m.level}）”与本文件表中的“{code} {name}”不一致",
            f"the subject '{tail}' ({m.level}) is spelled '{code} {name}' in this document's tables",
            {"stated": tail, "table_name": name, "code": code})
