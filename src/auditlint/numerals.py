"""Chinese numerals, read and written, in one place.

``cn_int`` reads counts and heading numbers (四, 二十一, 一百零八, 两千三百);
``cn_numeral`` writes a heading number (11 -> 十一).  Imports nothing of auditlint.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}


@lru_cache(maxsize=4096)
def cn_int(s: str) -> Optional[int]:
    """A Chinese integer as counts are written (四, 二十一, 一百零八, 两千三百);
    None for digit strings that are names (一二三产业).

    cn2an does this too, but importing it and its first call cost ~0.4 s per
    process (it compiles large patterns, city names included); tests check
    this function against cn2an as an oracle."""
    if not s:
        return None
    total, number, last_unit, prev_digit = 0, None, 10**9, False
    for ch in s:
        if ch in CN_DIGIT:
            if prev_digit and ch not in "零〇" and number not in (0, None):
                return None  # 一二三: a run of digits without units is not a count
            number = CN_DIGIT[ch]
            prev_digit = True
        elif ch in CN_UNIT:
            u = CN_UNIT[ch]
            if u >= last_unit:
                return None
            total += (1 if number is None else number) * u
            number, last_unit, prev_digit = None, u, False
        else:
            return None
    return total + (number or 0)


def cn_ordinal(s: str) -> Optional[int]:
    """A heading number (一 .. 九十九): a Chinese integer of at most two places."""
    v = cn_int(s)
    return v if v is not None and 0 < v < 100 else None


WRITTEN = "零一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    """1..99 as heading numbers are written: 十, 十一, 二十, 二十一."""
    if n <= 10:
        return WRITTEN[n]
    if n < 20:
        return "十" + WRITTEN[n - 10]
    return WRITTEN[n // 10] + "十" + (WRITTEN[n % 10] if n % 10 else "")
