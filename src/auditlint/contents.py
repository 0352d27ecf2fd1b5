"""The table of contents (目录) and where its entries really are.

A 目录 lists titles with the page number printed on their page ("一般公共预算财政拨款“三公”
经费支出决算表 ........ 11").  When a table is moved or a section grows after the 目录 was
made, entries point at the wrong page; reviewers check them by leafing through.

Read here: the entries (title, page) of a 目录 (a line "目录"/"目 录" followed by lines of
title, leader dots and a number; several entries may share a line where the exporter ran
them together), and for each entry the first block after the 目录 whose whole text is that
title — a heading, a table's caption — with the page number printed on its page (the
reader's ``Document.page_labels``).  Nothing is claimed for a document whose pages print
no numbers, nor for an entry whose title is not found as a block of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .claims import Where
from .model import Block, Document

# title, leader (dots, ellipses, middle dots), page number
ENTRY = re.compile(r"(?P<title>[^.．…·\s][^.．…·]*?)\s*(?:[.．·]{3,}|…{2,})\s*(?P<page>\d{1,3})(?!\d)")
CONTENTS_LABEL = re.compile(r"^\s*目\s*[录次]\s*$")
# numbering and part labels in front of a title (七、 （三） 第二部分 1.), left out when comparing
NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
                       r"|\d{1,2}[、.．](?!\d)|附件\d*[:：]?)")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "（": "(", "）": ")"})
MAX_GAP = 2  # blocks without an entry that may stand inside a 目录 (a part title without a page)


@dataclass
class ContentsEntry:
    title: str  # as printed in the 目录, numbering left in
    page: int  # the page number the 目录 gives
    where: Where  # the entry in the 目录
    found_page: Optional[int] = None  # the page number printed where the title stands in the body
    found_where: Optional[Where] = None


def normalise(title: str) -> str:
    t = re.sub(r"\s+", "", title).translate(QUOTES)
    while True:
        m = NUMBERING.match(t)
        if not m or m.end() == len(t):
            return t
        t = t[m.end():]


def _entries_of(block: Block) -> list[ContentsEntry]:
    text = block.text
    return [ContentsEntry(m.group("title").strip(), int(m.group("page")),
                          Where(block.source, m.start("title"), m.end("page"), block.index))
            for m in ENTRY.finditer(text)]


def _contents_blocks(blocks: list[Block]) -> tuple[list[ContentsEntry], int]:
    """The entries of the first 目录 and the index in ``blocks`` after its last entry."""
    for i, b in enumerate(blocks):
        if b.kind == "table" or not CONTENTS_LABEL.match(b.text):
            continue
        entries, gap, end = [], 0, i + 1
        for j in range(i + 1, len(blocks)):
            found = _entries_of(blocks[j]) if blocks[j].kind != "table" else []
            if found:
                entries.extend(found)
                gap, end = 0, j + 1
            else:
                gap += 1
                if gap > MAX_GAP:
                    break
        return entries, end
    return [], 0


def read_contents(doc: Document) -> list[ContentsEntry]:
    """The 目录's entries, each with the printed page where its title stands (or None)."""
    if not doc.page_labels:
        return []
    entries, end = _contents_blocks(doc.blocks)
    if not entries:
        return []
    wanted = {}
    for e in entries:
        wanted.setdefault(normalise(e.title), []).append(e)
    for b in doc.blocks[end:]:
        if b.kind == "table" or not b.source.segments:
            continue
        key = normalise(b.title if b.kind == "heading" and b.title else b.text)
        for e in wanted.pop(key, ()):
            page = b.source.segments[0].page
            e.found_page = doc.page_labels.get(page)
            e.found_where = Where(b.source, 0, len(b.text), b.index)
        if not wanted:
            break
    return entries
