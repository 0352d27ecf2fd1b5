"""Notes under a table (claim kind): "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"

A standard table a unit has nothing to report in is still published, empty,
with a note that says why.  The note names the fund the table is about; a note
copied from the table before names the wrong one.  This module reads the notes
and the funds they name; the check is checks/tables.py AL610.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .tables import FUNDS

# 无 <what the unit does not have> [，故] 本表为空表 / 本表无数据; or a note (注/说明/备注) saying the unit
# has (uses) none of it: "（注：2026 年国家信访局部门预算中没有使用政府性基金预算拨款安排的支出。）"
EMPTY_NOTE = re.compile(r"(?:无|没有)(?P<what>[^，,。；;]{2,40}?)[，,]?\s*(?:故|因此|所以)?\s*本表(?:为空表|无数据|数据为空)"
                        r"|^[（(]?\s*(?:注|说明|备注)\s*[:：][^。]{0,40}?(?:无|没有)(?:使用)?(?P<what2>[^，,。；;）)]{2,40})")
# the funds that tell the standard tables apart (财政拨款 is common to several of them)
DISTINCT_FUNDS = tuple(f for f in FUNDS if f not in ("财政拨款", "财政专户"))


@dataclass
class EmptyTableNote:
    block: int  # index of the note's paragraph
    funds: tuple  # the distinct funds the note names (政府性基金)
    text: str
    where: object

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_table_note"), "、".join(self.funds)


def funds_named(text: str) -> tuple:
    return tuple(f for f in DISTINCT_FUNDS if f in text)


def empty_table_notes(block, where_cls) -> list[EmptyTableNote]:
    text = block.text
    out = []
    for m in EMPTY_NOTE.finditer(text):
        group = "what" if m.group("what") else "what2"
        funds = funds_named(m.group(group))
        if funds:
            out.append(EmptyTableNote(block.index, funds, m.group(0),
                                      where_cls(block.source, m.start(group), m.end(group), block.index)))
    return out
