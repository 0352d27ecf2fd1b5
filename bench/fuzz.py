#!/usr/bin/env python3
"""Long fuzz run (issue 8): hypothesis, many examples, outside the test suite.

    python bench/fuzz.py                  # 20000 grammar inputs, 3000 documents, 2000 byte blobs
    python bench/fuzz.py --examples 500   # quicker

Properties: the grammar reads any mix of digits, Chinese numerals, units,
keywords, punctuation and brackets without an exception and in time linear
in its length; a whole document (headings, paragraphs, Word-export tables)
or an arbitrary byte string goes through the full pipeline with no
exception, only diagnostics.  Prints what it ran and the slowest input.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ATOMS = list("0123456789.,%‰-—～/=（）()“”《》〔〕【】、，。；：一二三四五六七八九十百千万亿元亩人户个项分") + [
    "其中", "占", "较上年", "增加", "减少", "得分为", "总计", "扣", "得", "等级为", "评定等次：", "优", "良",
    "合计", "基本支出", "项目支出", "一是", "二是", "第", "余", "约", "以上", "2024年", "4月25日-4月30日",
    "本镇", "全乡", "〔202〕", "号", "即：", "分别为", " ", "\t", "\n", "３４０２．０７"]
LINES = st.lists(st.sampled_from(ATOMS), max_size=60).map("".join)
HEADS = st.sampled_from(["一、", "二、", "（一）", "（三）", "1.", "2、", "（1）", "①", ""])


@st.composite
def documents(draw):
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["para", "head", "table", "blank"]))
        if kind == "head":
            parts.append(draw(HEADS) + draw(LINES))
        elif kind == "table":
            rows = draw(st.integers(1, 5))
            for _r in range(rows):
                parts.extend("\t" + draw(LINES) for _c in range(draw(st.integers(1, 6))))
                parts.append("")
        elif kind == "blank":
            parts.append("")
        else:
            parts.append(draw(LINES))
    return "\n".join(parts)


STATS = {"grammar": 0, "documents": 0, "bytes": 0, "slowest": (0.0, "")}


def _timed(kind, fn, sample):
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    STATS[kind] += 1
    if dt > STATS["slowest"][0]:
        STATS["slowest"] = (dt, f"{kind}: {sample[:60]!r}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=20000)
    a = ap.parse_args()
    from auditlint.engine import check_file
    from auditlint.extract import items_of

    cfg = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True)

    @settings(max_examples=a.examples, **cfg)
    @given(LINES)
    def grammar(text):
        _timed("grammar", lambda: items_of(text), text)
        big = text * 50
        t0 = time.perf_counter()
        items_of(big)
        assert time.perf_counter() - t0 < 1.0, "super-linear on a 50x input"

    @settings(max_examples=max(a.examples // 7, 50), **cfg)
    @given(documents())
    def docs(text):
        _timed("documents", lambda: check_file("fuzz.txt", text.encode("utf-8")), text)

    @settings(max_examples=max(a.examples // 10, 50), **cfg)
    @given(st.binary(max_size=4000), st.sampled_from(["x.pdf", "x.docx", "x.txt", "x.md", "x"]))
    def blobs(data, name):
        _timed("bytes", lambda: check_file(name, data), repr(data[:20]))

    t0 = time.perf_counter()
    grammar()
    docs()
    blobs()
    dt = time.perf_counter() - t0
    print(f"fuzz: {STATS['grammar']} grammar inputs (each also at 50x length), {STATS['documents']} documents, "
          f"{STATS['bytes']} byte strings in {dt:.0f}s: no exception; slowest {STATS['slowest'][0] * 1000:.0f} ms "
          f"({STATS['slowest'][1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
