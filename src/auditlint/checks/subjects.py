"""AL606–AL614 — 科目 named in the text against the document's own tables."""
from __future__ import annotations

import re
from fractions import Fraction

from ..diagnostics import Finding
from ..numbers import Interval, fmt
from ..subjects import (LEVEL_CODE_LENGTH, LEVEL_OF_LENGTH, class_names, edit_distance, fold, renames,
                        table_subjects)
from . import rule

TO_YUAN = {"元": 1, "万元": 10000}

MIN_NEAR_NAME = 6  # a name shorter than this is not compared by spelling (too many look-alikes)
MAX_NEAR_EDITS = 2


def _exact(run: str, names: dict):
    """The longest suffix of the text before （类/款/项） that is a 科目 name of the tables —
    never the tail of an 其他… name (其他普通教育支出 is not 普通教育)."""
    run = fold(run)
    for k in range(len(run) - 1):
        if run[k:] in names:
            return None if run[:k].endswith(("其他", "其它")) else run[k:]
    return None


def _parent_code(m, names: dict):
    """(named, code) of the level named right before a mention (…（款）X（项））: named is
    False when there is none; code is None when the tables do not have it."""
    if m.parent is None:
        return False, None
    name = _exact(m.parent.run, names)
    levels = names.get(name, {}) if name else {}
    return True, levels.get(LEVEL_CODE_LENGTH[m.parent.level])


def _under_named_parent(m, names: dict, code: str) -> bool:
    """May this table code be the mention's 科目, given the level named before it?"""
    named, parent = _parent_code(m, names)
    return not named or (parent is not None and code.startswith(parent))


def _near(run: str, level: str, names: dict):
    """The table name a mention's text (folded) misspells: (edits, the text's tail, the
    name, its code) for the closest name of the same level, or None."""
    want = LEVEL_CODE_LENGTH[level]
    best = None
    for name, levels in names.items():
        if want not in levels or len(name) < MIN_NEAR_NAME:
            continue
        for n in range(max(2, len(name) - MAX_NEAR_EDITS), len(name) + MAX_NEAR_EDITS + 1):
            if n > len(run):
                break
            tail = run[-n:]
            if len(run) > n and (n < len(name) or tail[0] != name[0]):
                # 科学技术管理事务 is not 教育管理事务 short of 教育, nor with 技术 for 教育: where the
                # text goes on before the tail and differs at its start, it names a longer word
                continue
            d = 1 if sorted(tail) == sorted(name) else edit_distance(tail, name, MAX_NEAR_EDITS)
            if d <= MAX_NEAR_EDITS and (best is None or d < best[0]):
                best = (d, tail, name, levels[want])
    return best


@rule("AL606", "subject-level", severity="warning",
       zh="正文所写科目的级次（类/款/项）与本文件表格中该编码的级次不符。")
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
        if name is None or m.former:
            continue
        levels = names[name]
        if LEVEL_CODE_LENGTH[m.level] in levels:
            continue
        code = next(iter(levels.values()))
        if not _under_named_parent(m, names, code):
            continue  # the level named before it is not this code's: another 科目 of the same name
        actual = LEVEL_OF_LENGTH[len(code)]
        yield Finding(
            m.where,
            f"“{name}”在本文件的表中是{actual}级科目（{code}），此处写作（{m.level}）",
            f"'{name}' is a {actual}-level subject ({code}) in this document's tables, not a {m.level}",
            {"subject": name, "stated_level": m.level, "code": code},
            suggestion=(f"应为“{name}（{actual}）”", f"it is a {actual}: '{name}（{actual}）'"),
            )


@rule("AL607", "subject-name", severity="warning",
       zh="正文所写科目名称与本文件各表格中的写法都不一致。")
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
    old_names = {r.old for r in renames()}
    for m in ctx.facts.subject_mentions:
        if _exact(m.run, names) is not None or m.former:
            continue
        run = fold(m.run)
        if any(run.endswith(old) for old in old_names):
            continue  # a 科目's former name: AL609 says so
        best = _near(run, m.level, names)
        if best is None:
            continue
        _d, tail, name, code = best
        if not _under_named_parent(m, names, code):
            continue  # 科学技术管理事务（款）其他科学技术管理事务支出（项） is not 20501 教育管理事务
        yield Finding(
            m.where,
            f"科目名称“{tail}（{m.level}）”与本文件表中的“{code} {name}”不一致",
            f"the subject '{tail}' ({m.level}) is spelled '{code} {name}' in this document's tables",
            {"stated": tail, "table_name": name, "code": code},
            suggestion=(f"与表一致应为“{name}”", f"as in the tables: '{name}'"))


def _in_yuan(iv: Interval, unit: str) -> Interval:
    return iv.scale(Fraction(TO_YUAN[unit]))


ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def _label_name(label: str) -> str:
    return fold(ORDINAL_PREFIX.sub("", "".join(label.split())))


def _cell_index(facts) -> dict:
    """Every table row, and every later cell of a row, by the 科目 name it holds (folded,
    numbering dropped): name -> [(table, row, cell index or None for the row's label)].
    Built once per report: several rules look names up in every table."""
    index = getattr(facts, "_subject_cells", None)
    if index is None:
        index = {}
        for t in facts.tables:
            for r in t.rows:
                if r.label:
                    index.setdefault(_label_name(r.label), []).append((t, r, None))
                for i, cell in enumerate(r.cells_text):
                    if i and cell and not cell[0].isdigit():
                        index.setdefault(_label_name(cell), []).append((t, r, i))
        facts._subject_cells = index
    return index


def _rows_named(facts, name: str, level: str):
    """The coded rows of understood tables with a known unit that carry this 科目 at
    this level (the rows a mismatch is reported against), and every row of any
    table with a known unit that names it, coded or not (收支总表 prints 四、公共安全支出
    without a code): an amount found in any of them is the text's source."""
    coded, any_named = [], []
    for t, r, i in _cell_index(facts).get(name, ()):
        if t.unit not in TO_YUAN or not r.values:
            continue
        if r.code and not (r.code.startswith("2") and len(r.code) == LEVEL_CODE_LENGTH[level]):
            continue
        if i is None:
            any_named.append((t, r.values))
            if t.understood and r.code:
                coded.append((t, r))
        else:
            # a total table printed side by side (收入 | 金额 | 支出 | 金额): the name in a
            # later cell, its amount right of it
            any_named.append((t, [v for v in r.values if v[0] > i][:1]))
    return coded, any_named


def comparable_rows(facts, m, names: dict):
    """(name, coded rows, every row naming it) a mention's amount is compared with: the
    understood coded rows of its 科目 under the level named before it (审计事务（款）事业运行（项）
    is not 2080150 事业运行), or none."""
    name = _exact(m.run, names)
    if name is None or m.former:
        return name, [], []
    coded, any_named = _rows_named(facts, name, m.level)
    coded = [(t, r) for t, r in coded if _under_named_parent(m, names, r.code)]
    return name, coded, any_named


@rule("AL608", "subject-amount",
       zh="正文所写科目金额在表格该行的任何一列中都没有。")
def subject_amount(ctx):
    """The text gives a 科目 an amount that no column of its table row has.

    A 科目 named with its level and an amount in the 说明 must show that amount
    (in 元 or 万元, at the text's precision) in one of the columns of its row —
    合计, 财政拨款, 基本支出 … — in some table of the document.  Reported only
    against a coded row of a table whose header and unit were understood, and only
    when no row of any table that names the 科目 holds the amount.  A 万元 figure
    that is a table's 元 amount cut off instead of rounded is a warning; one last
    digit off between two 万元 figures is left alone (tables round their own sums).

    Bad:  “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万元
          (table: 2080506 机关事业单位职业年金缴费支出 873,617 元)
    Good: “…机关事业单位职业年金缴费支出（项）”87.36万元
    """
    names = table_subjects([t for t in ctx.facts.tables if t.understood])
    for m in ctx.facts.subject_mentions:
        if m.amount is None or m.amount.unit not in TO_YUAN:
            continue
        name, coded, any_named = comparable_rows(ctx.facts, m, names)
        if not coded:
            continue
        stated = _in_yuan(m.amount.interval, m.amount.unit)
        values = [(t, fig) for t, vals in any_named for _ci, fig, _w in vals if fig.unit in ("", t.unit)]
        if any(stated.meets(_in_yuan(fig.interval, t.unit)) for t, fig in values):
            continue
        if m.amount.decimals_in_unit >= 2 and any(
                t.unit == m.amount.unit and m.amount.interval.meets(_one_digit_wider(m.amount, fig)) for t, fig in values):
            continue  # a cent off between two 万元 figures: the tables round their own sums
        cut = m.amount.truncated_interval
        truncated = cut is not None and any(
            t.unit != m.amount.unit and _in_yuan(cut, m.amount.unit).meets(_in_yuan(fig.interval, t.unit))
            for t, fig in values)
        t, r = coded[0]
        shown = "、".join(sorted({f"{fmt(fig.value)}{t.unit}" for t, r in coded for _c, fig, _w in r.values}))
        yield Finding(
            m.amount_where,
            f"“{name}”（{r.code}）此处为 {m.amount.text}{m.amount.unit}，表中该科目各列为 {shown}"
            + ("（按截尾而非四舍五入换算，请核对）" if truncated else ""),
            f"'{name}' ({r.code}) is {m.amount.text} {m.amount.unit} here; its table row shows {shown}"
            + (" (cut off instead of rounded: please check)" if truncated else ""),
            {"subject": name, "code": r.code, "stated": m.amount.text + m.amount.unit, "table": shown},
            severity="warning" if truncated else None)


def _one_digit_wider(stated, fig) -> Interval:
    """The table figure widened by one last digit of the stated figure."""
    step = Fraction(10) ** (-stated.decimals_in_unit)
    return Interval(fig.interval.lo - step, fig.interval.hi + step, True)


@rule("AL609", "subject-old-name",
       zh="科目使用了政府收支分类科目更名前的旧名称。")
def subject_old_name(ctx):
    """A 科目 called by the name it had before the 政府收支分类科目 renamed it.

    When the document's own tables use the new name (210 卫生健康支出) and the
    text or another table the old one (医疗卫生与计划生育支出), one 科目 has two names
    in one document: an error.  Without the new name in the tables, the old name
    in a document of a year after the rename is a warning.  The renames are data
    (rules/subject-renames.toml).

    Bad:  5. “医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元
          (tables: 210 卫生健康支出)
    Good: 5. “卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元
    """
    table_names: dict = {}
    for t in ctx.facts.tables:
        for r in t.rows:
            if r.code and r.label:
                table_names.setdefault(r.code, set()).add(_label_name(r.label))
    year = ctx.report.fiscal_year
    for rn in renames():
        new_in_doc = rn.new in table_names.get(rn.code, ())
        if not new_in_doc and not (rn.since and year and year >= rn.since):
            continue
        places = []
        for m in ctx.facts.subject_mentions:
            if LEVEL_CODE_LENGTH[m.level] == len(rn.code) and fold(m.run).endswith(rn.old) and not m.former:
                places.append(m.where)
        for _t, r, i in _cell_index(ctx.facts).get(rn.old, ()):
            i = i or next((k for k, c in enumerate(r.cells_text) if c and _label_name(c) == rn.old), None)
            if i is not None and i < len(r.cells_where) and r.cells_where[i] \
                    and all(w is not r.cells_where[i] for w in places):
                places.append(r.cells_where[i])
        for where in places:
            if new_in_doc:
                yield Finding(
                    where,
                    f"科目 {rn.code} 在本文件的表中名为“{rn.new_text}”，此处用了旧名称“{rn.old_text}”（同一科目两种名称）",
                    f"subject {rn.code} is '{rn.new_text}' in this document's tables; here it has its old name"
                    f" '{rn.old_text}'",
                    {"code": rn.code, "old": rn.old_text, "new": rn.new_text},
                    suggestion=(f"应为“{rn.new_text}”", f"it should read '{rn.new_text}'"))
            else:
                yield Finding(
                    where,
                    f"“{rn.old_text}”是科目 {rn.code} 在 {rn.since} 年以前的名称，{year} 年度应为“{rn.new_text}”",
                    f"'{rn.old_text}' is the name of subject {rn.code} before {rn.since}; in {year} it is"
                    f" '{rn.new_text}'",
                    {"code": rn.code, "old": rn.old_text, "new": rn.new_text, "since": rn.since},
                    severity="warning",
                    suggestion=(f"应为“{rn.new_text}”", f"it should read '{rn.new_text}'"))


# the level a mention is checked under (AL612): 项 under its 款, 款 under its 类
PARENT_LEVEL = {"项": "款", "款": "类"}


@rule("AL612", "subject-not-in-tables", severity="warning",
       zh="正文在某款（类）下写的项（款），不在表格所列该款（类）的各项（款）之中。")
def subject_not_in_tables(ctx):
    """The text names a 项 under a 款 whose 项 the tables list, and it is not one of them
    (or a 款 under a 类: a glossary keeping 20103 政府办公厅（室）及相关机构事务 when
    every line of the tables is under 20140 信访事务, r_g_guojia_xfj_2026ys p33).

    "行政事业单位养老支出（款）机关事业单位退休人员活动费支出（项）" where the tables list
    the 项 of 20805 as 行政单位离退休, 事业单位离退休, … 其他行政事业单位养老支出: the
    text points at a line the tables do not have (a name from another year or
    another unit's report).  Checked only where the 款 is named right before the
    项 and the understood tables list that 款's 项.

    Bad:  5、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位退休人员活动费支出（项）
    Good: 5、社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）
    """
    understood = [t for t in ctx.facts.tables if t.understood]
    names = table_subjects(understood)
    if not names:
        return
    mentions = ctx.facts.subject_mentions
    old_names = {r.old for r in renames()}
    for m in mentions:
        prev = m.parent  # the mention right before it, one level up (subjects.mentions)
        if m.level not in PARENT_LEVEL or prev is None or prev.level != PARENT_LEVEL[m.level] or m.former:
            continue
        run = fold(m.run)
        if _exact(m.run, names) is not None or _near(run, m.level, names) is not None \
                or any(run.endswith(old) for old in old_names):
            continue
        if m.amount is not None and m.amount.value == 0:
            continue  # a 项 with nothing this year is rightly absent from the tables
        parent = _exact(prev.run, names)
        code = names.get(parent, {}).get(LEVEL_CODE_LENGTH[prev.level]) if parent else None
        if code is None:
            continue
        n = LEVEL_CODE_LENGTH[m.level]
        children = sorted({(r.code, r.label) for t in understood for r in t.rows
                           if r.code and len(r.code) == n and r.code.startswith(code) and r.label})
        if not children:
            continue
        listed = "、".join(f"{c} {lbl}" for c, lbl in children)
        parent = next((r.label for t in understood for r in t.rows if r.code == code and r.label), parent)
        yield Finding(
            m.where,
            f"本文件的表中，{code} {parent}（{prev.level}）下没有“{m.run}”（{m.level}）；表中所列为：{listed}",
            f"the tables list no '{m.run}' under {code} {parent}; they list: {listed}",
            {"subject": m.run, "parent": code, "children": [c for c, _l in children]})


@rule("AL614", "not-a-class", severity="warning",
       zh="正文标注为（类）的名称不是政府收支分类科目的类。")
def not_a_class(ctx):
    """The text tags a name （类） that is no 类 of the 政府收支分类科目.

    The 类 are few and fixed (rules/subject-classes.toml, with their former
    names); a 款 or 项 tagged （类） sends the reader to the wrong level of the
    tables — the same slip AL606 finds against the document's own tables, here
    for a 说明 published without them.  Names the document's tables list at
    another level are left to AL606.

    Bad:  1．行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）
    Good: 1．行政事业单位离退休（款）未归口管理的行政单位离退休支出（项）
    """
    classes = class_names()
    tables = table_subjects(ctx.facts.tables)
    for m in ctx.facts.subject_mentions:
        if m.level != "类" or m.former:
            continue
        run = fold(m.run)
        if any(run.endswith(name) for name in classes) or _exact(m.run, tables) is not None:
            continue
        yield Finding(
            m.where,
            f"“{m.run}”不是政府收支分类科目中的类级科目，此处写作（类）",
            f"'{m.run}' is not a class (类) of the government expenditure classification",
            {"subject": m.run})
