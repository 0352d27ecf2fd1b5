"""AL4xx — structure: required sections, heading numbering, counts, conclusion."""
from __future__ import annotations


from ..diagnostics import Finding
from ..claims import Where
from ..contents import read_contents
from ..numerals import cn_numeral
from . import rule



def marker(numbering: str, n: int) -> str:
    return {"cn": f"{cn_numeral(n)}、", "cn_paren": f"（{cn_numeral(n)}）", "arabic": f"{n}.",
            "arabic_paren": f"（{n}）", "circled": "①②③④⑤⑥⑦⑧⑨⑩"[n - 1] if 0 < n <= 10 else str(n)}.get(numbering, str(n))


STYLE_OF_LEVEL = {1: "cn", 2: "cn_paren", 3: "arabic", 4: "arabic_paren", 5: "circled"}


def _where(b) -> Where:
    return Where(b.source, 0, min(len(b.text), max(2, len(b.text) - len(b.text.lstrip()) + 4)), b.index)


@rule("AL401", "required-section", severity="warning",
       zh="缺少该类报告要求的章节。")
def required_sections(ctx):
    """A section the report type requires is missing.

    The profile of the report type (rules/profiles/*.toml) lists the sections
    a reviewer expects; each may be titled by any of its synonyms
    (rules/base.toml).  Form-style reports count their label cells.

    Bad:  a 部门整体支出绩效评价报告 with no 存在的问题 section at all
    Good: 六、存在的主要问题 … 七、改进措施和有关建议
    """
    rep = ctx.report
    found = set()
    if not ctx.profile.sections_in_tables and not any(b.kind != "table" for b in rep.blocks):
        return  # a file of tables only (公开表) carries no 说明 whose parts could be missing
    for b in rep.blocks:
        titles = []
        if b.kind == "heading":
            titles.append(b.title)
        elif b.kind == "table" and ctx.profile.sections_in_tables:
            titles.extend(c.text for c in b.cells() if len(c.text.strip()) <= 20)
        elif b.kind == "paragraph" and len(b.text) <= 20:
            titles.append(b.text)
        for t in titles:
            found |= ctx.profile.canonical_sections(t)
    missing = [s for s in ctx.profile.required_sections if s not in found]
    if not missing or not rep.blocks:
        return
    first = rep.blocks[0]
    for m in missing:
        variants = "、".join(ctx.profile.sections.get(m, [m])[:4])
        yield Finding(
            Where(first.source, 0, min(len(first.text), 20), first.index),
            f"缺少“{m}”部分（{ctx.profile.title}要求；可用标题如：{variants}）",
            f"the report has no '{m}' section, which a {ctx.profile.name} report requires",
            {"section": m, "profile": ctx.profile.name},
        )


@rule("AL402", "heading-numbering", severity="warning",
       zh="标题编号跳号、重复，或使用了其他层级的编号样式。")
def heading_numbering(ctx):
    """Heading numbers skip, repeat, or use the style of another level.

    Official documents number headings by level: 一、 > （一） > 1. > （1） > ①,
    each running 1, 2, 3 … under its parent.  A heading written in the wrong
    style breaks the outline a reviewer navigates by.

    Bad:  一、基本情况 … （三）预算及支出情况 … 2、 主要成效 … 三、绩效评价情况及结论
    Good: 一、基本情况 … （三）预算及支出情况 … 二、主要成效 … 三、绩效评价情况及结论
    """
    heads = [b for b in ctx.report.blocks if b.kind == "heading"]
    last: dict[int, int] = {}
    for i, h in enumerate(heads):
        lvl = h.level
        if h.number is None or h.numbering not in STYLE_OF_LEVEL.values():
            # an unnumbered title (主要问题) opens a new parent: numbering below restarts
            for k in [k for k in last if k > lvl]:
                del last[k]
            continue
        expected = last.get(lvl, 0) + 1
        if h.number == expected:
            _set(last, lvl, h.number)
            continue
        # written in the style of a deeper level where an upper-level heading is due?
        nxt = next((x for x in heads[i + 1:] if x.number is not None), None)
        upper = next((L for L in sorted(last) if L < lvl and last[L] + 1 == h.number), None)
        if upper is not None and nxt is not None and (
                (nxt.level == upper + 1 and nxt.number == 1)
                or (nxt.level == upper and nxt.number == h.number + 1)):
            want = marker(STYLE_OF_LEVEL[upper], h.number)
            yield Finding(
                _where(h),
                f"标题“{h.text.strip()[:12]}”编号样式有误：此处应为第 {upper} 级标题“{want}”",
                f"heading '{h.text.strip()[:12]}' uses the numbering of another level: '{want}' is due here",
                {"found": marker(h.numbering, h.number), "expected": want},
                suggestion=(f"应为“{want}”", f"number it '{want}'"))
            _set(last, upper, h.number)
            continue
        if h.number > expected:
            missing = "".join(f"“{marker(h.numbering, n)}”" for n in range(expected, h.number))
            yield Finding(
                _where(h),
                f"标题编号跳号：“{marker(h.numbering, h.number)}”之前缺少 {missing}",
                f"heading numbering skips: {marker(h.numbering, h.number)} comes after "
                f"{marker(h.numbering, expected - 1) if expected > 1 else 'nothing'}",
                {"found": h.number, "expected": expected},
                suggestion=_next_number(h, expected))
        else:
            yield Finding(
                _where(h),
                f"标题编号重复或倒退：“{marker(h.numbering, h.number)}”出现在“{marker(h.numbering, expected - 1)}”之后",
                f"heading number repeats or goes back: {marker(h.numbering, h.number)} after "
                f"{marker(h.numbering, expected - 1)}",
                {"found": h.number, "expected": expected},
                suggestion=_next_number(h, expected))
        _set(last, lvl, h.number)


def _next_number(h, expected: int) -> tuple:
    want = marker(h.numbering, expected)
    return f"按顺序此处应为“{want}”", f"the next number in order is '{want}'"


def _set(last: dict, lvl: int, n: int) -> None:
    last[lvl] = n
    for k in [k for k in last if k > lvl]:
        del last[k]


@rule("AL403", "count-vs-list",
       zh="所写数量与其后列出的清单或“一是……N是”不符。")
def count_vs_list(ctx):
    """A count that does not match the list or enumeration that follows it.

    Bad:  （一）聚焦5项重点任务，提质增效促发展 — followed by 一是 … 四是 only
    Good: （二）聚焦四项民生工程，提交幸福答卷暖民心 — followed by 一是 … 四是
    """
    for c in ctx.facts.count_claims:
        if c.listed is None or c.listed == c.n:
            continue
        if c.kind == "enum":
            zh = f"标题称 {c.n} 项，正文只列出 {c.listed} 项（{c.items[0]}…{c.items[-1]}）"
            en = f"the heading announces {c.n} items but the text enumerates {c.listed} ({c.items[0]}…{c.items[-1]})"
        else:
            zh = f"称 {c.n} 个{c.noun}，实际列出 {c.listed} 个：{'、'.join(c.items)}"
            en = f"{c.n} announced, {c.listed} listed: {', '.join(c.items)}"
        yield Finding(c.where, zh, en, {"claimed": c.n, "listed": c.listed},
                      severity=None if c.kind != "list_before" else "warning", end=c.list_where)


@rule("AL404", "missing-conclusion", severity="warning",
       zh="报告既没有总得分，也没有评价等级（评价结论）。")
def missing_conclusion(ctx):
    """The report states neither a score nor a grade (评价结论).

    A performance evaluation ends in a conclusion: a total score, a grade, or
    both.  Whether it is required, and how severely its absence is reported,
    is set per report type in the profile (``conclusion = off|info|warning|
    error``; ``auditlint explain AL404`` lists the built-in profiles' levels).

    Bad:  三、主要绩效及评价结论 … (no 得分, no 等级 anywhere)
    Good: 根据以上预算绩效完成情况，我单位2024年预算绩效自评得分93分，评定等次：…
    """
    f = ctx.facts
    if f.total_scores or f.grades or not ctx.report.blocks:
        return
    first = ctx.report.blocks[0]
    yield Finding(
        Where(first.source, 0, min(len(first.text), 20), first.index),
        "报告没有给出评价结论：未见总得分或评价等级",
        "the report states no conclusion: neither a total score nor a grade",
        {"profile": ctx.profile.name})


@rule("AL405", "inline-numbering", severity="warning",
       zh="段落内的编号重复或跳号。")
def inline_numbering(ctx):
    """A numbered list inside a paragraph repeats or skips a number.

    "（1）…（2）…（2）…" or "1.…2.…4." leaves the reader looking for the missing
    point (or counting one twice) — usually an item deleted or pasted in.  Only
    lists that start at 1 are checked, each style on its own; a list that
    starts again at 1 is a new list.

    Bad:  备注：1、绩效指标可选择填写。2、根据需要可往下续表。2、市县扶贫资金项目的绩效目标必须公开。
    Good: 备注：1、绩效指标可选择填写。2、根据需要可往下续表。3、市县扶贫资金项目的绩效目标必须公开。
    """
    for lst in ctx.facts.inline_lists:
        if lst.numbers[0] != 1:
            continue  # a list continued from the paragraph before: its start is not here
        prev = 1
        for n, where in zip(lst.numbers[1:], lst.wheres[1:]):
            if n == 1:
                prev = 1  # a new list
                continue
            if n != prev + 1:
                what = "重复" if n == prev else ("跳号" if n > prev + 1 else "倒序")
                yield Finding(
                    where,
                    f"段内编号{what}：“{n}”前一项为“{prev}”（应为 {prev + 1}）",
                    f"a numbered list in the paragraph goes from {prev} to {n} (expected {prev + 1})",
                    {"previous": prev, "found": n, "expected": prev + 1, "style": lst.style},
                    suggestion=(f"按顺序应为 {prev + 1}", f"the next number in order is {prev + 1}"))
            # a number written twice stands for the one it should have been (1 2 2 4: one slip)
            prev = max(prev + 1, n)


TOC_MIN_FOUND = 4  # entries located in the body before the 目录 is judged at all
TOC_MIN_AGREE = 0.7  # share of them on their stated page: otherwise the 目录 counts pages differently


@rule("AL406", "contents-page", severity="warning",
       zh="目录所列页码与正文中该标题所在页的页码不符。")
def contents_page(ctx):
    """A 目录 entry gives a page on which its title does not stand.

    Reviewers find tables through the 目录; an entry that still points at the page it had
    before a table was moved sends them to the wrong one.  The page compared is the page
    number printed on the page where the title stands as a block of its own (a heading, a
    table's caption).  Judged only when at least 4 entries are found in the body and most
    of them (70 %) agree: a 目录 that counts pages another way (from the cover, per part)
    is left alone.

    Bad:  七、一般公共预算财政拨款“三公”经费支出决算表 .....11   (the table is printed on page 13;
          政府性基金 on 11, 国有资本经营 on 12 — the 目录 kept the old order; 国家信访局 2024 决算)
    Good: 十、一般公共预算“三公”经费支出预算表 ........ 21   (and the table is on page 21)
    """
    entries = read_contents(ctx.doc)
    mine = {b.index for b in ctx.report.blocks}
    found = [e for e in entries if e.found_page is not None]
    if len(found) < TOC_MIN_FOUND or not any(e.where.block in mine for e in entries):
        return
    if sum(e.found_page == e.page for e in found) < TOC_MIN_AGREE * len(found):
        return
    for e in found:
        if e.found_page != e.page:
            yield Finding(
                e.where,
                f"目录中“{e.title}”标注为第 {e.page} 页，正文中该标题在第 {e.found_page} 页",
                f"the contents give page {e.page} for '{e.title}', which stands on page {e.found_page}",
                {"title": e.title, "stated": e.page, "found": e.found_page},
                suggestion=(f"目录页码改为 {e.found_page}", f"page {e.found_page} in the contents"))
