"""绩效自评表 forms (claim kind): the funds rows and the indicator rows of a self-evaluation form.

A 项目支出绩效自评表 (and the 部门整体支出 form built like it) is a table, not prose:

    项目资金（万元） | | 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 | 执行率（B/A） | 得分
    年度资金总额     | 240 | 229.19 | 229.19 | 10 | 100.00% | 10.00
    其中：当年财政拨款 | 240 | 229.19 | 229.19 | — | | —
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…
    产出指标（50分） | 数量指标 | 指标1：… | 16个 | 16个 | 12.5 | 12.5 |
    …
    总分 | 100 | 100 |

PDF and Word tables give each row its own cells (a merged label cell makes a
row shorter on the left), so a row is read from the right: the header names
the value columns in order, and a data row's last cells are those columns.  A
row whose cells do not fit that reading (a score cell that is not a plain
number) is not understood and nothing is said about it; ``Form.skipped``
counts such rows so that sums over the form are not checked when a row is
missing.  The column words, fund rows and weights are data:
rules/self-eval-forms.toml.  The checks are checks/self_eval.py.

The 福建 部门整体绩效自评表 (corpus/real/u_a) heads its fund columns with a
sub-header numbered ①…⑦ that states formulas (小计③=①+②, 支出实现率(%)⑤=④/③):
its columns are read as roles 'c①' … ('c⑤%' for a rate) with ``Form.formulas``;
its rows 财政资金小计 / ①… / 其他资金小计 are grouped by ``fund_groups``; its last
rows 总分值、评价总分(S) | 92.33 and 评价等级 | 优（S≧90） are the form's total
score and grade ([totals]), which report_passes.py makes report claims.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .paths import data_dir

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORM_TITLE = re.compile(r"绩效自评表\s*$")
# 产出指标（50分） / 产出指标50分 / 满意度指标10 / 效益指标(30分）
LEVEL1 = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,8}?指标)[（(]?(?:(?P<weight>\d+(?:\.\d+)?)分?)?[)）]?$")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
DASHES = {"--", "-", "—", "——", "－－", "/", "／"}  # a cell left unscored
# 小计③=①+② / 支出实现率(%)⑤=④/③: a column that states how it is computed from others
COLUMN_FORMULA = re.compile(f"([{CIRCLED}])\\s*[=＝]\\s*([{CIRCLED}](?:\\s*[-+/－＋÷]\\s*[{CIRCLED}])+)\\s*$")
FORM_WORDS = ("得分", "分值", "权重")  # a form's header names one of them
PART_PREFIX = re.compile(r"^其中[:：]?")


@lru_cache(maxsize=1)
def form_words() -> dict:
    with open(os.path.join(data_dir("rules"), "self-eval-forms.toml"), "rb") as fh:
        return tomllib.load(fh)


@dataclass
class Value:
    fig: object  # Figure
    where: object  # Where


@dataclass
class FundRow:
    label: str  # 年度资金总额 / 其中：当年财政拨款 / 一般公共服务支出 …
    values: dict  # role -> Value; roles: budget_initial, budget, spent, max, rate, score,
    #               and for split columns 'budget:总额', 'spent:财政拨款' …
    where: object  # the row's label cell
    unscored: bool = False  # its 分值 and 得分 cells are "--": a part row the form does not score

    @property
    def is_total(self) -> bool:
        return _squash(self.label) in form_words()["funds"]["total"]

    @property
    def part_name(self) -> str:
        """The fund a 其中 row names (当年财政拨款, 上年结转资金, 其他资金), or ''."""
        name = PART_PREFIX.sub("", _squash(self.label))
        return name if name in form_words()["funds"]["parts"] else ""


@dataclass
class IndicatorRow:
    level1: str  # 产出指标 / 效益指标 / 满意度指标 (the 一级指标 it belongs to)
    name: str  # the 三级指标 (or the row's last label cell)
    target: str  # 年度指标值 as printed
    actual: str  # 实际完成值 as printed
    max: Value
    score: Value
    deviation: Optional[str]  # 偏差原因 as printed; None when the form has no such column
    where: object  # the row's name cell


@dataclass
class Level1:
    name: str
    weight: Optional[Value]  # the (50分) of 产出指标（50分）
    rows: list = field(default_factory=list)  # IndicatorRow
    skipped: int = 0  # rows under it that were not understood


@dataclass
class Form:
    title: str
    funds: list = field(default_factory=list)  # FundRow
    groups: list = field(default_factory=list)  # Level1
    total_max: Optional[Value] = None  # 总分 row: 分值
    total_score: Optional[Value] = None  # 总分 row: 得分
    grade: Optional[tuple] = None  # (label, Where) of a 评价等级 row: 优（S≧90） -> ('优', …)
    formulas: dict = field(default_factory=dict)  # funds column role -> formula "④/③" (circled ids)
    column_names: dict = field(default_factory=dict)  # funds column role -> its header ('年中调整金额②')
    skipped: int = 0  # indicator rows not understood
    has_funds_part: bool = False  # a 项目资金 header was read (its rows may not all be)
    why: str = ""  # why the form could not be read ('' = read)
    project: str = ""  # the 项目名称 row: 信息化运行维护

    @property
    def indicators(self) -> list:
        return [r for g in self.groups for r in g.rows]

    @property
    def funds_total(self) -> Optional[FundRow]:
        return next((r for r in self.funds if r.is_total), None)

    def describe(self, L):
        """(where, kind, text): how `auditlint facts` shows it, at its first row read (None
        when no row was)."""
        from .numbers import fmt

        rows = [r.where for r in self.funds] + [r.where for r in self.indicators]
        rows += [v.where for v in (self.total_max, self.total_score) if v is not None]
        if not rows:
            return None
        title = self.project or self.title or "-"
        if self.why:
            return rows[0], L("fact_self_eval_form"), L("form_not_read", title=title, why=self.why)
        value = lambda v: fmt(v.fig.value) if v is not None else "?"  # noqa: E731
        return rows[0], L("fact_self_eval_form"), L(
            "form_summary", title=title, funds=len(self.funds), indicators=len(self.indicators), skipped=self.skipped,
            score=value(self.total_score), max=value(self.total_max), grade=self.grade[0] if self.grade else "-")


def _squash(s: str) -> str:
    return "".join(s.split())


def _roles_of(cell: str) -> list[str]:
    """The roles a header cell names, in the order they appear in it."""
    t = _squash(cell)
    found = []
    for role, words in form_words()["columns"].items():
        if role == "subcolumns":
            continue
        for w in words:
            k = t.find(w)
            if k >= 0:
                found.append((k, role))
                break
    found.sort()
    # 执行率 inside "全年执行数" is not the rate column; 得分 inside "…得分" only once
    roles = []
    for k, role in found:
        if role == "rate" and any(r == "spent" for _k, r in found) and "率" not in t[k:k + 3]:
            continue
        if role not in roles:
            roles.append(role)
    return roles


def _header_roles(rows: list, r: int) -> Optional[tuple[list, int]]:
    """The value-column roles of the header at row r (and the rows it spans):
    ['budget_initial', 'budget', 'spent', 'max', 'rate', 'score'] or, with a
    split merged header, ['budget:总额', 'budget:财政拨款', …]."""
    cells = [c.text for c in rows[r]]
    per_cell = [_roles_of(c) for c in cells]
    roles = [x for rs in per_cell for x in rs]
    if "score" not in roles or "max" not in roles:
        return None
    used = 1
    subs = form_words()["columns"]["subcolumns"]
    circled = _circled_subheader(rows[r + 1]) if r + 1 < len(rows) else None
    if circled is not None:
        # 预算安排 | 拨付情况 | 结余情况 | 分值 | 得分 over 年初…① | 年中调整金额② | 小计③=①+② | …:
        # the sub-header names the amount columns, the header the scored ones after them
        return circled + [x for x in roles if x in ("max", "rate", "score")], 2
    if r + 1 < len(rows):
        nxt = [_squash(c.text) for c in rows[r + 1]]
        multi = [rs for rs in per_cell if len(rs) > 1 or (rs and rs[0] in ("budget", "spent", "budget_initial"))]
        if nxt and all(x in subs for x in nxt):
            split_roles = [x for rs in multi for x in rs if x in ("budget_initial", "budget", "spent")]
            if split_roles and len(nxt) % len(split_roles) == 0:
                g = len(nxt) // len(split_roles)
                names = nxt[:g]
                if nxt == names * len(split_roles):
                    expanded = []
                    for x in roles:
                        expanded.extend(f"{x}:{n}" for n in names) if x in split_roles else expanded.append(x)
                    roles, used = expanded, 2
    return roles, used


def _circled_subheader(row) -> Optional[list]:
    """Roles 'c①', 'c②', … ('c⑤%' for a rate column) of a sub-header whose every cell is
    numbered with a circled digit (福建 部门整体绩效自评表, corpus/real/u_a), or None."""
    ids = []
    for c in row:
        t = _squash(c.text)
        k = next((i for i, ch in enumerate(t) if ch in CIRCLED), -1)
        if k < 0:
            return None
        ids.append("c" + t[k] + ("%" if "率" in t or "%" in t or "％" in t else ""))
    return ids if len(ids) >= 3 and len(set(ids)) == len(ids) else None


def _circled_formulas(row) -> dict:
    """{'③': '①+②', '⑤': '④/③', …}: the formulas a circled sub-header states."""
    out = {}
    for c in row:
        m = COLUMN_FORMULA.search(_squash(c.text).replace("（%）", "").replace("(%)", ""))
        if m:
            out[m.group(1)] = "".join(m.group(2).split())
    return out


def _plain(items) -> Optional[object]:
    """The one figure a cell holds and nothing else (a % allowed), or None."""
    figs = [x for x in items if x.kind == "fig"]
    if len(figs) != 1 or len([x for x in items if x.kind != "punct"]) != 1:
        return None
    return figs[0]


def _value(cell, items_for, W, block, percent=False) -> Optional[Value]:
    text = cell.text.strip()
    if not text:
        return None
    its = items_for(cell.text)
    it = _plain(its)
    if it is None:
        return None
    fig = it.fig
    if fig.approx or (fig.is_percent != percent) or (not percent and fig.unit not in ("", "万元")):
        return None
    return Value(fig, W(cell.source, it.start, it.end, block.index))


def read_forms(blocks: list, items_for, W) -> list[Form]:
    forms: list[Form] = []
    form: Optional[Form] = None
    mode = None  # 'funds' | 'indicators'
    roles: list = []
    group: Optional[Level1] = None
    after_total = False  # the row before was the form's 总分: a 评价等级 row may follow
    pending_project = ""  # a 项目名称 row read after a complete form: the next form's
    for b in blocks:
        if b.kind != "table":
            after_total = False
            if FORM_TITLE.search(b.text.strip()) and len(b.text.strip()) <= 80:
                form = Form(b.text.strip())
                forms.append(form)
                mode, group, pending_project = None, None, ""
            continue
        rows = b.rows
        if mode is None and not after_total and not any(w in c.text for row in rows for c in row for w in FORM_WORDS):
            continue  # no 分值/得分 column and no form going on: not a form (the common case, fast)
        r = 0
        while r < len(rows):
            row = rows[r]
            texts = [_squash(c.text) for c in row]
            hdr = _header_roles(rows, r)
            if hdr is not None:
                roles, used = hdr
                is_funds = any(x.split(":")[0] in ("budget", "spent") or x.startswith("c") for x in roles)
                if is_funds and (form is None or form.funds):
                    form = Form(form.title if form is not None and not form.funds else "")
                    if not forms or forms[-1] is not form:
                        forms.append(form)
                if form is None:
                    form = Form("")
                    forms.append(form)
                if pending_project and not (form.funds or form.groups):
                    form.project, pending_project = pending_project, ""
                mode = "funds" if is_funds else "indicators"
                form.has_funds_part = form.has_funds_part or is_funds
                if any(x.startswith("c") for x in roles):
                    form.formulas = _circled_formulas(rows[r + 1])
                    form.column_names = {x: c.text.strip() for x, c in zip(roles, rows[r + 1])}
                group = None
                r += used
                continue
            if form is not None and after_total and texts and _label_in(texts[0], "grade"):
                form.grade = _grade(row, W, b) or form.grade
            after_total = False
            if len(texts) >= 2 and texts[0] in form_words()["totals"]["project"] and not any(texts[2:]):
                if form is not None and not (form.funds or form.groups):
                    form.project = texts[1]
                else:  # the first row of the next form: it starts at its funds header
                    pending_project = texts[1]
            if form is None or mode is None or not texts:
                r += 1
                continue
            if _label_in(texts[0], "score") or _label_in(texts[0], "score_only"):
                nums = [v for v in (_value(c, items_for, W, b) for c in row[1:]) if v is not None]
                if len(nums) >= 2:
                    form.total_max, form.total_score = nums[0], nums[1]
                elif len(nums) == 1 and _label_in(texts[0], "score_only") and 0 <= nums[0].fig.value <= 100:
                    form.total_score = nums[0]  # 总分值、评价总分(S) | 92.33: the score alone
                mode, after_total = None, True
                r += 1
                continue
            if mode == "funds":
                _fund_row(form, row, roles, items_for, W, b)
            else:
                group = _indicator_row(form, group, row, roles, items_for, W, b)
            r += 1
    return [f for f in forms if f.funds or f.groups]


def _label_in(label: str, kind: str) -> bool:
    """Is the row label one of rules/self-eval-forms.toml [totals].<kind>?  A trailing
    symbol in brackets, 评价总分(S), is the form's name for the value, not part of the label."""
    return re.sub(r"[（(][A-Za-z][)）]$", "", label) in form_words()["totals"][kind]


GRADE_CELL = re.compile(r"^\s*(?P<label>[\u4e00-\u9fffA-E]{1,3})\s*(?:[（(][^（()）]*[)）])?\s*$")


def _grade(row, W, b) -> Optional[tuple]:
    """评价等级 | 优（S≧90）: ('优', where) — the grade, the band it states in brackets aside."""
    cells = [c for c in row[1:] if c.text.strip()]
    if len(cells) != 1:
        return None
    m = GRADE_CELL.match(cells[0].text)
    if not m:
        return None
    return m.group("label"), W(cells[0].source, m.start("label"), m.end("label"), b.index)


def _fund_row(form: Form, row, roles, items_for, W, b) -> None:
    if len(row) < len(roles) + 1:
        return
    label = row[0].text.strip()
    if not label or re.search(r"\d", _squash(label)):
        return
    cells = row[len(row) - len(roles):]
    values = {}
    for role, cell in zip(roles, cells):
        v = _value(cell, items_for, W, b, percent=role == "rate")
        if v is None and role.endswith("%"):  # 支出实现率(%)⑤: the header gives the unit
            v = _value(cell, items_for, W, b, percent=True)
        if v is not None:
            values[role] = v
    dashed = [_squash(c.text) in DASHES for role, c in zip(roles, cells) if role in ("max", "score")]
    fr = FundRow(label, values, W(row[0].source, 0, len(row[0].text), b.index),
                 unscored=len(dashed) == 2 and all(dashed))
    if values or fr.is_total or fr.part_name:  # a blank 其中 row still says the part is nil
        form.funds.append(fr)


def _indicator_row(form: Form, group: Optional[Level1], row, roles, items_for, W, b) -> Optional[Level1]:
    lead = next((c for c in row if c.text.strip()), row[0])  # a merged cell on the left reads as empty
    first = _squash(lead.text)
    m = LEVEL1.match(first)
    if m and m.group("name") in form_words()["weights"] or (m and m.group("weight")):
        weight = None
        if m.group("weight"):
            k = lead.text.find(m.group("weight"))
            its = items_for(lead.text[k:k + len(m.group("weight"))])
            it = _plain(its)
            if it is not None:
                weight = Value(it.fig, W(lead.source, k + it.start, k + it.end, b.index))
        group = Level1(m.group("name"), weight)
        form.groups.append(group)
    if group is None:  # rows before any 一级指标 (一般性支出情况 of 福建 forms): a group of their own
        group = Level1("", None)
        form.groups.append(group)
    if len(row) < len(roles) + 1:
        group.skipped += 1
        form.skipped += 1
        return group
    cells = dict(zip(roles, row[len(row) - len(roles):]))
    mx = _value(cells["max"], items_for, W, b) if "max" in cells else None
    sc = _value(cells["score"], items_for, W, b) if "score" in cells else None
    if mx is None or sc is None or mx.fig.unit or sc.fig.unit or not (0 <= mx.fig.value <= 100):
        group.skipped += 1
        form.skipped += 1
        return group
    name_cell = row[len(row) - len(roles) - 1]
    group.rows.append(IndicatorRow(
        group.name, name_cell.text.strip(),
        cells["target"].text.strip() if "target" in cells else "",
        cells["actual"].text.strip() if "actual" in cells else "",
        mx, sc,
        cells["deviation"].text.strip() if "deviation" in cells else None,
        W(name_cell.source, 0, len(name_cell.text), b.index)))
    return group


def fund_groups(form: Form) -> tuple[list, bool]:
    """The 小计 rows of a form's funds and the numbered rows under each:

        合计 / 财政资金小计 / ①中央财政资金 / ②省级财政资金 / ③地方财政资金 / 其他资金小计

    gives [(财政资金小计, [①, ②, ③]), (其他资金小计, [])] and True: every row but the total
    is a 小计 or a part of one (so the total is the sum of the 小计 rows).  The words are
    rules/self-eval-forms.toml [funds.groups]."""
    words = form_words()["funds"]["groups"]
    groups, cur, only = [], None, True
    for r in form.funds:
        label = _squash(r.label)
        if r.is_total:
            cur = None
        elif any(label.endswith(w) for w in words["subtotal"]):
            cur = (r, [])
            groups.append(cur)
        elif cur is not None and label[:1] in words["part_marks"]:
            cur[1].append(r)
        else:
            cur, only = None, False
    return groups, only


TEXT_SCORE = re.compile(r"自评得分(?:为|是|：|:)?\s*(?P<n>\d+(?:\.\d+)?)\s*分")


@dataclass
class TextScore:
    """A sentence of the text giving one form's score: 信息化运行维护项目绩效自评综述 /
    项目自评得分为 88.5 分 (the project named by the paragraph's heading or its own lead)."""
    form: Form
    fig: object  # Figure
    where: object  # Where


def text_scores(report, forms: list, items_of, W) -> list:
    """The text's 自评得分 X 分 of each project that has exactly one form here, where the
    paragraph names (in its heading or before the score) that project and no other, and
    says one such score only.  Nothing is said where the project is not named unambiguously."""
    by_name: dict = {}
    for f in forms:
        if len(f.project) >= 2 and f.total_score is not None:
            by_name.setdefault(f.project, []).append(f)
    if not by_name:
        return []
    out = []
    for b in report.blocks:
        if b.kind not in ("paragraph", "heading"):  # 3.信息化运行维护项目绩效自评综述：… reads as a heading
            continue
        found = list(TEXT_SCORE.finditer(b.text))
        if len(found) != 1:
            continue
        m = found[0]
        sec = report.section_of(b)
        said = _squash((sec.title if sec else "") + "\n" + b.text[:m.start()])
        names = [n for n in by_name if n in said]
        names = [n for n in names if not any(n != o and n in o for o in names)]
        if len(names) != 1 or len(by_name[names[0]]) != 1:
            continue
        it = next((x for x in items_of(b.text) if x.kind == "fig" and x.start <= m.start("n") < x.end), None)
        if it is None or it.fig.approx:
            continue
        out.append(TextScore(by_name[names[0]][0], it.fig, W(b.source, it.start, it.end, b.index)))
    return out
