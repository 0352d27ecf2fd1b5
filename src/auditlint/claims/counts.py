"""Count claims: 聚焦5项重点任务 (then 一是…), 内设机构5个，即：a、b…, a、b…9个工作小组.

read_counts reads the lists of one paragraph (assemble.PARAGRAPH_READERS); the
enumerations (then 一是…) are read over the whole report (report_passes._enumerations)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..clauses import (CATEGORY_UNITS, CN_ORDINAL_DIGITS, COUNT_CLAUSE_START, COUNT_LIST_END, COUNT_SEARCH_END,
                       NOUN_END, Paragraph, _split_list)
from .where import Where


@dataclass
class CountClaim:
    n: int
    noun: str
    where: Where
    kind: str  # enum | list_after | list_before
    listed: Optional[int] = None
    items: list = field(default_factory=list)
    list_where: Optional[Where] = None

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it (``L(key, **values)`` is the
        command's language; None: not shown)."""
        return self.where, L("fact_count_claim"), f"{self.n} {self.noun} ({self.kind}): {L('listed', n=self.listed)}"


# ---- reading (one paragraph: assemble.PARAGRAPH_READERS) ---------------------

NOT_COUNTED_UNITS = ("分", "年", "天", "岁", "人次", "次", "个月", "周")


def read_counts(p: Paragraph, f) -> None:
    """Stated counts and the lists that go with them (AL403): the list after the count
    (N个，即：a、b、c / N家，分别是a和b) or right before it (a、b、c9个工作小组)."""
    items, W, text = p.items, p.where, p.text
    n = len(items)
    for k, it in enumerate(items):
        if it.kind != "fig" or it.fig.quoted or it.fig.approx or not it.fig.exact_kind:
            continue
        if it.fig.unit in NOT_COUNTED_UNITS:
            continue
        count = int(it.fig.value)
        if k >= 2 and items[k - 1].kind == "punct" and items[k - 1].text == "、" \
                and items[k - 2].text[-1:] in CN_ORDINAL_DIGITS and it.text[:1] in CN_ORDINAL_DIGITS:
            continue  # 一、二类赛事: the first and second class, an enumeration of ordinals, not 2 of them
        nxt = items[k + 1] if k + 1 < n else None
        noun = ""
        if nxt is not None and nxt.kind == "text":
            m = NOUN_END.match(nxt.text)
            noun = m.group(0) if m else ""
        # (a) N个，即：a、b、c   /  N家，分别是a和b
        j = k + 1
        while j < n and j <= k + 6 and items[j].role not in ("namely", "respectively"):
            if items[j].kind == "punct" and items[j].text in COUNT_SEARCH_END:
                j = n
                break
            if items[j].kind == "fig":
                if not items[j].fig.is_money:
                    j = n
                    break
            j += 1
        if j < n and j <= k + 6:
            claim = _list_after(items, j, it, count, noun, text, W)
            if claim is not None:
                f.count_claims.append(claim)
            continue
        # (b) a、b、c9个工作小组 (the list right before the count)
        if k and items[k - 1].kind == "text" and count >= 2:
            claim = _list_before(items, k, it, count, noun, text, W)
            if claim is not None:
                f.count_claims.append(claim)


def _list_after(items, j: int, it, count: int, noun: str, text: str, W) -> Optional[CountClaim]:
    """The list after the 即 / 分别为 at item j, to 。；; or the paragraph's end."""
    start = items[j].end
    stop = None
    for x in items[j + 1:]:
        if x.kind == "punct" and x.text in COUNT_LIST_END:
            stop = x.start
            break
    if stop is None:
        if text.rstrip()[-1:] not in "。！？!?":
            return None  # the list runs off the paragraph's end: it may go on below
        stop = len(text)
    stop = _list_end(text, start, stop)
    if _parts_of_a_quantity(it.fig, [x.fig for x in items[j + 1:] if x.kind == "fig" and x.start < stop]):
        return None  # 设备109套，分别为电脑17套、2套…: the parts of a quantity, not the items it counts
    listed = _split_list(text[start:stop])
    if listed is not None and count >= 2:
        return CountClaim(count, noun, W(it.start, it.end), "list_after", len(listed), listed, W(start, stop))
    return None


def _list_before(items, k: int, it, count: int, noun: str, text: str, W) -> Optional[CountClaim]:
    """The list a、b、c from the clause's start to the count at item k."""
    clause_start = 0
    for x in reversed(items[:k]):
        if x.kind == "punct" and x.text in COUNT_CLAUSE_START:
            clause_start = x.end
            break
        if x.kind in ("fig", "range", "date") or x.role in ("including", "part", "altogether"):
            clause_start = None
            break
    if clause_start is None:
        return None
    seg = text[clause_start:it.start]
    listed = _split_list(seg)
    # two items are too often two verbs (硬化、扩宽12条); ask for three
    if listed is not None and len(listed) >= 3 and count <= 50 \
            and it.fig.unit in CATEGORY_UNITS and noun:
        return CountClaim(count, noun, W(it.start, it.end), "list_before", len(listed), listed,
                          W(clause_start, it.start))
    return None


def _list_end(text: str, start: int, stop: int) -> int:
    """Where a list a、b、c after 即/分别为 ends: at the first comma after an item separated by 、
    (学校4所，分别为：A、B、C、D，分别购置设备17套、2套… — the clause after the comma, with its own
    、, is not part of the list), else at the end of the sentence."""
    depth, seen = 0, False
    for i in range(start, stop):
        ch = text[i]
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "、":
            seen = True
        elif depth == 0 and ch in "，," and seen:
            return i
    return stop


def _parts_of_a_quantity(count, figs) -> bool:
    """Is what follows 即/分别为 a breakdown of the count rather than a list of what it counts?
    It is when the items carry figures of the count's own unit (采购设备109套，分别为电脑17套、
    2套、57套、33套), or counts adding up to it.  Items carrying other figures (内设机构3个，
    即：办公室（5人）…) are still a list."""
    if any(f.unit == count.unit for f in figs):
        return True
    counted = [f for f in figs if f.exact_kind]
    return len(counted) >= 2 and sum(f.value for f in counted) == count.value
