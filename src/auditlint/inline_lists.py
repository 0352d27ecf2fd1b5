"""Numbered lists inside a paragraph (claim kind): "…（1）完成…（2）组织…（2）开展…".

Headings carry their own numbers (structure.py, AL402); a paragraph may number
its points too, in one of three styles: （1） / (1), 1、 / 1. after a sentence
break, and ①.  This module reads the markers of each style in a paragraph; the
check (checks/outline.py AL405) asks each list that starts at 1 to count on
by one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
STYLES = {
    # a marker opens the paragraph or follows a sentence break, and a word follows it
    "paren": re.compile(r"(?:^|(?<=[。；;：:，,]))\s*[（(]([1-9]\d?)[）)](?=\s*[\u4e00-\u9fff])"),
    "arabic": re.compile(r"(?:^|(?<=[。；;：:]))\s*([1-9]\d?)[、.．](?=\s*[\u4e00-\u9fff])"),
    "circled": re.compile(f"([{CIRCLED}])(?=\\s*[\\u4e00-\\u9fff])"),
}


@dataclass
class InlineList:
    style: str
    numbers: list  # the markers' numbers in order
    wheres: list  # Where of each marker

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        if not self.wheres:
            return None
        return self.wheres[0], L("fact_inline_list"), f"{self.style}: " + " ".join(map(str, self.numbers))


def inline_lists(block, where_cls) -> list[InlineList]:
    out = []
    for style, rx in STYLES.items():
        nums, wheres = [], []
        for m in rx.finditer(block.text):
            g = m.group(1)
            nums.append(CIRCLED.index(g) + 1 if style == "circled" else int(g))
            wheres.append(where_cls(block.source, m.start(1), m.end(), block.index))
        if len(nums) >= 2:
            out.append(InlineList(style, nums, wheres))
    return out
