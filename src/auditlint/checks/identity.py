"""AL7xx — identity and form: the report speaks of its own unit, with
well-formed dates, document numbers, brackets and units."""
from __future__ import annotations

import re

from ..claims import Where
from ..clauses import CLOSERS, OPENERS
from ..diagnostics import Finding
from ..leftovers import of_family
from ..numbers import fmt
from ..citations import comparable_title, known_documents
from . import rule

UNIT_TYPE = re.compile(r"(乡|镇|街道)(?:人民政府|办事处|党委|政府)?$")


def unit_type(unit: str):
    """乡 / 镇 / 街道 of a unit name (湘潭县中路铺镇人民政府 -> 镇), or None."""
    m = UNIT_TYPE.search(unit or "")
    return m.group(1) if m else None


@rule("AL701", "self-reference-type",
       zh="报告称本单位为镇而实际为乡（或相反）。")
def self_reference_type(ctx):
    """The report calls its own unit a 镇 when it is a 乡 (or the other way round).

    Reports are often copied from a neighbouring unit's; 本镇 / 我镇 / 全镇 left in
    a 乡's report shows the copy.  Only self-references are checked (本/我/全 +
    乡/镇/街道); other units named in passing never are.

    Bad:  黔江区白土乡人民政府… 协调好本镇与其他地区的经济交流
    Good: 重庆市璧山区广普镇人民政府… 协调好本镇与其他地区的经济交流
    """
    own = unit_type(ctx.report.unit)
    if own is None:
        return
    for r in ctx.facts.self_refs:
        if r.kind != own:
            yield Finding(
                r.where,
                f"本报告的单位是{own}（{ctx.report.unit}），此处却自称“{r.word}”",
                f"the reporting unit is a {own} ({ctx.report.unit}) but the text calls itself '{r.word}'",
                {"unit": ctx.report.unit, "unit_type": own, "self_reference": r.word},
                suggestion=(f"应为“{r.word.replace(r.kind, own)}”", f"it should say '{r.word.replace(r.kind, own)}'")
                if r.kind in r.word else None)


@rule("AL702", "malformed-date-or-document-number",
       zh="日期或文号格式错误：年份为五位数、数字连写、文号年份不是四位数。")
def malformed_number(ctx):
    """A date or document number (文号) that is malformed: a five-digit year,
    digits run together, a 文号 year that is not four digits.

    Bad:  财预〔202〕10号;  202511月
    Good: 财预〔2020〕10号;  2025年11月
    """
    for d in ctx.facts.doc_numbers:
        if d.year and len(d.year) == 4:
            continue
        what = f"文号“{d.text}”的年份不是四位数" if d.year else f"日期“{d.text}”格式有误（年份位数不对或缺少分隔）"
        yield Finding(d.where, what, f"malformed date or document number: {d.text}", {"text": d.text})


NAMES = {"（": "（ ）", "(": "（ ）", "《": "《 》", "“": "“ ”", "〔": "〔 〕", "【": "【 】", "[": "[ ]",
         "）": "（ ）", ")": "（ ）", "》": "《 》", "”": "“ ”", "〕": "〔 〕", "】": "【 】", "]": "[ ]"}


@rule("AL703", "unbalanced-brackets", severity="warning",
       zh="段落内括号或引号有开无合（或有合无开）；表格的每个单元格单独计算。")
def unbalanced(ctx):
    """A bracket or quotation mark opened and not closed (or closed and never
    opened) within its paragraph; a table cell is its own scope.

    Bad:  制定印发广普镇政府采购管理办法（暂行）》《广普镇村级组织财务管理制度》
    Good: 持续深化落实《广普镇财务管理办法》、制定印发《广普镇政府采购管理办法（暂行）》
    """
    for marks in ctx.facts.brackets:
        for mark, opened, where in unmatched(marks.marks):
            pair = NAMES.get(mark, mark)
            if opened:
                zh = f"「{mark}」没有对应的闭合符号（{pair}）"
                en = f"'{mark}' is opened but never closed ({pair})"
            else:
                zh = f"「{mark}」没有对应的起始符号（{pair}）"
                en = f"'{mark}' closes nothing ({pair})"
            yield Finding(where, zh, en, {"mark": mark})


def unmatched(marks) -> list:
    """(mark, opened, where) of each bracket or quote of a paragraph that pairs
    with none, in the order they are found.  A closer closes the innermost
    opener it fits, and any opener left inside that one is unclosed; “…“ (a
    second opening quote where the closing one belongs) is one unclosed “
    spanning both."""
    out, stack = [], []
    for mark, where in marks:
        if mark in OPENERS:
            if mark == "“" and stack and stack[-1][0] == "“":
                first = stack.pop()[1]
                out.append(("“", True, Where(first.src, first.start, where.end, first.block)))
                continue
            stack.append((mark, where))
            continue
        want = CLOSERS[mark]
        if stack and stack[-1][0] in want:
            stack.pop()
        elif any(s[0] in want for s in stack):
            while stack and stack[-1][0] not in want:
                o_mark, o_where = stack.pop()
                out.append((o_mark, True, o_where))
            stack.pop()
        else:
            out.append((mark, False, where))
    out.extend((mark, True, where) for mark, where in stack)
    return out


# a label that names an amount: the figure after it is money
MONEY_LABEL = re.compile(r"(?:资金|经费|支出|收入|金额|款|费|预算|投资|补助|补贴|奖补)$")


@rule("AL704", "amount-without-unit", severity="warning",
       zh="金额未带同类金额都带的单位。")
def amount_without_unit(ctx):
    """An amount written without the unit its sibling amounts carry.

    In a paragraph of 万元 amounts, 资金66万 (no 元) or 支出92.65 (no unit at all)
    leaves the reader to guess the unit — and 万 without 元 is not a money unit.

    Bad:  四是拨付本级生态环保资金66万，推进七零水库…
    Good: 投入本级森林防火经费10万元，助力建设森林防火通道1.48公里
    """
    for b in ctx.facts.unitless_figures:
        if b.siblings < 2 or not b.clause_ends or not MONEY_LABEL.search(b.label):
            continue
        shown = b.fig.text + ("万" if b.fig.decimals_in_unit < b.fig.decimals else "")
        yield Finding(
            b.where,
            f"“{b.label}{shown}”缺少金额单位（同段其他金额均以“万元”计）",
            f"'{b.label} {shown}' has no money unit, while the other amounts of the paragraph are in 万元",
            {"label": b.label, "figure": fmt(b.fig.value), "siblings": b.siblings})


@rule("AL705", "own-name-misspelled", severity="warning",
       zh="报告中本县或本乡镇的名称漏字或多字。")
def own_name_misspelled(ctx):
    """The report's own county or township name with a character dropped or doubled.

    The full name is known from the title (湘潭县中路铺镇人民政府), put right through the
    national lists (rules/divisions/) when the title itself carries the slip; a shortened
    or stuttered form of it in the text is a typo in the unit's own name.  Other units
    named in passing are AL710's.

    Bad:  （湘潭县中路铺镇的报告）中路镇位于湘潭县境东南部
    Good: 中路铺镇位于湘潭县境东南部，辖区总面积为183.6平方公里
    """
    for s in ctx.facts.name_slips:
        yield Finding(s.where, f"“{s.found}”疑为本单位名称“{s.expected}”的笔误",
                      f"'{s.found}' looks like a slip for the unit's own name '{s.expected}'",
                      {"found": s.found, "expected": s.expected},
                      suggestion=(f"应为“{s.expected}”", f"it should read '{s.expected}'"))


@rule("AL706", "template-leftover", severity="warning",
       zh="模板未填好的痕迹：两种说法并存、说明原因却未给出、编辑批注、占位符。")
def template_leftover(ctx):
    """Traces of a template filled in carelessly: both alternatives left in,
    a reason announced and not given, an editor's note, a placeholder.

    A reader takes the published text at its word; "下降（增长）27.78%" leaves the
    direction open and "主要原因是。" promises an explanation the unit owes.  The
    patterns are data (rules/leftovers.toml).

    Bad:  比 2023 年度减少 0.15 万元，下降（增长）27.78%
    Good: 比 2023 年度减少 0.15 万元，下降 27.78%
    """
    for lo in of_family(ctx.facts.leftovers, "leftover"):
        yield Finding(
            lo.where,
            f"“{lo.text}”：{lo.pattern.zh}",
            f"'{lo.text}': {lo.pattern.en}",
            {"kind": lo.pattern.kind, "text": lo.text})


@rule("AL707", "known-misspelling", severity="warning",
       zh="必定错误的错别字：形近字（士地→土地，拔款→拨款）或漏字（上一度→上一年度）。")
def misspelling(ctx):
    """A word misspelled in a way that is never right: a look-alike character
    (士地 for 土地, 拔款 for 拨款) or a dropped one (上一度 for 上一年度).

    Only spellings listed in rules/misspellings.toml are reported — each one a
    slip seen in real reports, never a legitimate word — so the rule is silent
    on anything it does not know.

    Bad:  财政拨款收入支出总计较上一度增加 1133.95 万元
    Good: 财政拨款收入支出总计较上一年度增加 1133.95 万元
    """
    for lo in of_family(ctx.facts.leftovers, "misspelling"):
        yield Finding(
            lo.where,
            f"“{lo.text}”{lo.pattern.zh}",
            f"'{lo.text}' {lo.pattern.en}",
            {"text": lo.text, "right": lo.pattern.right},
            suggestion=(f"应为“{lo.pattern.right}”", f"it should read '{lo.pattern.right}'"),
            # an exact replacement only where the entry is one word and the span is the slip as printed
            replacement=lo.pattern.right if re.fullmatch(r"[\u4e00-\u9fff]+", lo.pattern.right)
            and lo.where.snippet == lo.text else None)


@rule("AL708", "own-name-variant",
       zh="本单位名称的写法与封面不同。")
def own_name_variant(ctx):
    """The unit's own name written another way than on its cover.

    规划与自然资源局 for 规划和自然资源局 names no existing body; a table title
    that drops the district (上海市规划和自然资源局 2024 年度部门决算表) names the
    municipal bureau instead of the district's.  A published document must name
    its unit the same way throughout.

    Bad:  （封面：上海市普陀区规划和自然资源局）上海市普陀区规划与自然资源局2024年度“三公”经费…
    Good: 上海市普陀区规划和自然资源局2024年度“三公”经费财政拨款支出决算数…
    """
    for v in ctx.facts.name_variants:
        what = "连接词不同" if v.kind == "connector" else "漏了一级行政区划，成了另一个单位"
        yield Finding(v.where, f"本单位名称写作“{v.found}”（{what}），封面为“{v.expected}”",
                      f"the unit's name is written '{v.found}' here ({v.kind}); the cover says '{v.expected}'",
                      {"found": v.found, "expected": v.expected, "kind": v.kind},
                      suggestion=(f"与封面一致应为“{v.expected}”", f"as on the cover: '{v.expected}'"))


@rule("AL709", "citation-title", severity="warning", zh="引用文件的题目与文号不符。")
def citation_title(ctx):
    """A document cited with a 文号 that belongs to another title, or a title with another 文号.

    Reports cite the rules they were evaluated under; a citation copied wrong
    (a word changed in the title, the number of another document) sends the
    reader to the wrong rule.  Only documents listed in rules/citations.toml are known.

    Bad:  根据《项目支出绩效评价办法》（财预〔2020〕10号）
    Good: 根据《项目支出绩效评价管理办法》（财预〔2020〕10号）
    """
    known = known_documents()
    by_number = {d.number: d for d in known}
    by_title = {t: d for d in known for t in d.titles}
    for c in ctx.facts.citations:
        title = comparable_title(c.title)
        doc = by_number.get(c.number)
        if doc is not None:
            if title in doc.titles:
                continue
            yield Finding(c.where, f"文号{c.number}是《{doc.titles[0]}》，此处题目写作《{c.title}》",
                          f"{c.number} is '{doc.titles[0]}'; the citation gives the title '{c.title}'",
                          {"number": c.number, "title": c.title, "known_title": doc.titles[0]},
                          suggestion=(f"《{doc.titles[0]}》（{c.number}）", f"'{doc.titles[0]}' ({c.number})"))
        elif title in by_title:
            other = by_title[title]
            yield Finding(c.where, f"《{c.title}》的文号是{other.number}，此处写作{c.number}",
                          f"'{c.title}' is {other.number}; the citation gives {c.number}",
                          {"number": c.number, "title": c.title, "known_number": other.number},
                          suggestion=(f"《{c.title}》（{other.number}）", f"'{c.title}' ({other.number})"))


@rule("AL710", "county-name-slip", severity="warning",
       zh="县级行政区划名称（乡镇报告中还有本县的乡镇名称）有误（多字、漏字或在民族名称前多写“县”）。")
def county_name_slip(ctx):
    """A county name one slip away from the national list of divisions.

    The list (rules/divisions/, 国家统计局 2023年统计用区划代码) knows every county-level
    name; a name it lacks with a character doubled, 县 inserted before the ethnic part of
    an autonomous county, or a character of the report's own county dropped, is that
    name misspelled — in a document the county signs.  In a township's own report the
    township names of its county are checked the same way (a character of the stem doubled,
    or dropped from a stem of three or more), against the township list of the same source.

    Bad:  城步县苗族自治县财政局
    Good: 城步苗族自治县财政局
    """
    how_zh = {"doubled": "多写了一个字", "county-inserted": "在民族名称前多了“县”", "dropped": "漏了一个字"}
    how_en = {"doubled": "a character doubled", "county-inserted": "县 inserted before the ethnic part",
              "dropped": "a character dropped"}
    for s in ctx.facts.county_slips:
        yield Finding(s.where, f"“{s.text}”不是行政区划名称（{how_zh[s.how]}），应为“{s.right}”",
                      f"'{s.text}' is no administrative division ({how_en[s.how]}); the name is '{s.right}'",
                      {"written": s.text, "name": s.right},
                      suggestion=(f"应为“{s.right}”", f"'{s.right}'"), replacement=s.right)
