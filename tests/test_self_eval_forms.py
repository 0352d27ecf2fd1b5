"""The 绩效自评表 checks (AL616, AL617, AL305-AL308, AL302 on forms) on real forms.

The forms are rows of corpus/real/s_H_xian_wjw_2022js.pdf (西安市卫生健康委员会 2022
决算, p55 and p94), written in the Word-export layout the text reader takes (every
cell a TAB line, rows separated by blank lines): test data, assembled here.  A
positive case changes one cell of the real form; the real form itself is the
look-alike that must stay silent.
"""
from __future__ import annotations

from conftest import lint_text

CODES = {"AL616", "AL617", "AL305", "AL306", "AL307", "AL308", "AL302"}

FUNDS_HEADER = ["项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
FUNDS = [["年度资金总额", "240", "229.19", "229.19", "10", "100.00%", "10.00"],
         ["其中：当年财政拨款", "240", "229.19", "229.19", "—", "", "—"],
         ["上年结转资金", "", "", "", "—", "", "—"],
         ["其他资金", "", "", "", "—", "", "—"]]
INDICATOR_HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施"]
INDICATORS = [["产出指标（50分）", "数量指标", "指标1：消杀覆盖区县（开发区）数量", "16个", "16个", "12.5", "12.5", ""],
              ["质量指标", "指标1：控制病媒生物密度", "国家标准范围之内", "国家标准范围之内", "12.5", "12.5", ""],
              ["时效指标", "指标1：项目实施时效", "全年", "全年", "12.5", "12.5", ""],
              ["成本指标", "指标1：全年项目经费支出", "240万元", "229.19万元", "12.5", "12.5", ""],
              ["效益指标（30分）", "社会效益指标", "指标1：项目实施实现社会效益", "减少病媒生物传播疾病", "减少病媒生物传播疾病",
               "15", "15", ""],
              ["可持续影响指标", "指标1：项目实施可持续影响", "长期", "长期", "15", "15", ""],
              ["满意度指标（10分）", "服务对象满意度指标", "指标1：群众满意率", "≥90%", "≥90%", "10", "10", ""]]
TOTAL = ["总分", "100", "100", ""]


def _form(funds=None, indicators=None, total=None) -> str:
    rows = [["项目名称", "2022年病媒生物防制"], ["主管部门", "西安市卫生健康委员会", "实施单位", "西安市卫生健康委员会"],
            FUNDS_HEADER] + (funds or FUNDS) + [INDICATOR_HEADER] + (indicators or INDICATORS) + [total or TOTAL]
    out = ["西安市级2022年病媒生物防制项目绩效自评表", "（2022年度）"]
    for row in rows:
        out += ["\t" + c for c in row] + [""]
    return "\n".join(out) + "\n"


def _found(text):
    return [d for d in lint_text(text) if d.code in CODES]


def _replace(rows, r, c, value):
    rows = [list(x) for x in rows]
    rows[r][c] = value
    return rows


def test_the_real_form_is_silent():
    assert _found(_form()) == []


def test_an_execution_rate_that_is_not_spent_over_budget():
    # s_H p98-p103: "年度资金总额 0 400 400 (分值 blank) 1000% 10" — the 分值 typed into the rate
    ds = _found(_form(funds=_replace(FUNDS, 0, 5, "1000%")))
    assert [d.code for d in ds] == ["AL616"]
    assert "1000%" in ds[0].message_zh and "100%" in ds[0].message_zh


def test_a_rate_right_at_its_printed_precision_is_not_reported():
    # 229.19 / 240.00 = 95.4958 %: 95.50% is right (so is 95.49%, within the inputs' rounding), 95.48% is not
    funds = _replace(_replace(FUNDS, 0, 3, "229.19"), 0, 2, "240.00")
    funds = _replace(funds, 0, 5, "95.50%")
    funds = _replace(_replace(funds, 0, 6, "9.55"), 1, 2, "240.00")
    total = ["总分", "100", "99.55", ""]
    assert [d.code for d in _found(_form(funds=funds, total=total))] == []
    assert [d.code for d in _found(_form(funds=_replace(funds, 0, 5, "95.48%"), total=total))] == ["AL616"]


def test_fund_parts_that_do_not_add_up_to_the_total():
    # s_H p94: 其他资金's 全年预算数 left blank, the total still 2500 = 1072 + 1428
    funds = [["年度资金总额", "2500", "2500", "2498.8", "10", "99.95%", "9.99"],
             ["其中：当年财政拨款", "1072", "1072", "1072", "—", "", "—"],
             ["上年结转资金", "", "", "", "—", "", "—"],
             ["其他资金", "1428", "", "1426.8", "—", "", "—"]]
    ds = _found(_form(funds=funds))
    assert [d.code for d in ds] == ["AL617"]
    assert "全年预算数" in ds[0].message_zh and "1072" in ds[0].message_zh
    funds[3][2] = "1428"
    assert _found(_form(funds=funds)) == []


def test_the_execution_rate_score_is_proportional_on_the_project_form():
    funds = _replace(_replace(FUNDS, 0, 3, "200"), 0, 5, "87.26%")  # 200 / 229.19
    funds = _replace(funds, 1, 3, "200")
    ds = _found(_form(funds=funds, total=["总分", "100", "100", ""]))
    assert "AL305" in [d.code for d in ds]  # 10 × 87.26 % = 8.73, not 10.00
    funds = _replace(funds, 0, 6, "8.73")
    ds = _found(_form(funds=funds, total=["总分", "100", "98.73", ""]))
    assert ds == []


def test_a_total_score_that_is_not_the_sum_of_the_rows():
    ds = _found(_form(indicators=_replace(INDICATORS, 0, 6, "11")))  # 得分 12.5 -> 11, total still 100
    assert [d.code for d in ds] == ["AL306"]
    assert "98.5" in ds[0].message_zh


def test_a_first_level_weight_that_is_not_the_sum_of_its_maxima():
    ind = _replace(_replace(INDICATORS, 3, 4, "10"), 3, 5, "10")  # 成本指标 12.5 -> 10 (分值 and 得分)
    ind = _replace(ind, 2, 4, "15")
    ind = _replace(ind, 2, 5, "15")  # 时效指标 12.5 -> 15: 产出 still 50
    assert _found(_form(indicators=ind)) == []
    ind = _replace(ind, 2, 4, "12.5")
    ind = _replace(ind, 2, 5, "12.5")  # now 产出 sums to 47.5 against (50分); total 97.5 against 100
    codes = sorted(d.code for d in _found(_form(indicators=ind)))
    assert codes == ["AL306", "AL306", "AL307"]


def test_a_score_above_its_maximum_in_a_form():
    ind = _replace(INDICATORS, 6, 6, "12")  # 满意度 10 -> scored 12
    codes = [d.code for d in _found(_form(indicators=ind, total=["总分", "100", "102", ""]))]
    assert "AL302" in codes


def test_a_missed_target_with_full_marks_and_no_reason():
    # s_H p31: "指标8：引进高层次人次 | ≥800人 | 744人 | 2 | 1.5" — scored down: right
    ind = _replace(INDICATORS, 6, 4, "85%")  # 满意率 target ≥90%, achieved 85%, full marks 10
    ds = _found(_form(indicators=ind))
    assert [d.code for d in ds] == ["AL308"]
    ind_reason = _replace(ind, 6, 7, "部分群众对消杀时间安排不满意，下年度将提前公告")
    assert _found(_form(indicators=ind_reason)) == []
    ind_met = _replace(INDICATORS, 6, 4, "95%")
    assert _found(_form(indicators=ind_met)) == []


def test_a_zero_rate_in_an_unscored_part_row_is_a_placeholder_warning():
    # 国家信访局 2024 决算 p30: the central 自评 export prints 0.0% in every 其中 row scored "--"
    funds = [["年度资金总额：", "180.61", "180.03", "180.03", "10.0", "100.00%", "10"],
             ["其中：财政拨款", "140.61", "140.61", "140.61", "--", "0.0%", "--"],
             ["上年结转", "40.00", "39.42", "39.42", "--", "0.0%", "--"],
             ["其他资金", "0.00", "0.00", "0.00", "--", "0.0%", "--"]]
    ds = _found(_form(funds=funds))
    assert [(d.code, d.severity) for d in ds] == [("AL616", "warning")] * 2
    assert "占位" in ds[0].message_zh
    # a non-zero rate in the same row is a claim: an error
    ds = _found(_form(funds=_replace(funds, 1, 5, "90.0%")))
    assert [(d.code, d.severity) for d in ds] == [("AL616", "error"), ("AL616", "warning")]
    # a scored row with 0.0% is a claim too
    ds = _found(_form(funds=_replace(_replace(funds, 1, 4, "5"), 1, 6, "0")))
    assert ("AL616", "error") in [(d.code, d.severity) for d in ds]


# 宁德市人民政府办公室 部门整体绩效自评表（2024年度）(corpus/real/u_a), as read from the PDF
NINGDE_HEAD = [["专项名称", "127部门整体"], ["部门（单位）名称", "宁德市人民政府办公室", "部门预算编码", "127"],
               ["财政资金安排和使用情况", "", "预算安排", "拨付情况", "结余情况", "分值", "得分"],
               ["年初部门预算安排金额（含历年结余结转）①", "年中调整金额②", "小计③=①+②", "年度拨付金额④",
                "支出实现率(%)⑤=④/③", "本年度结余金额⑥=③-④", "资金结余率(%)⑦=⑥/③"]]
NINGDE_FUNDS = [["合计", "9209.55", "790.22", "9999.77", "8874.74", "88.75", "1125.03", "11.2500", "10", "7"],
                ["财政资金小计", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "", ""],
                ["①中央财政资金", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "", ""],
                ["②省级财政资金", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "", ""],
                ["③地方财政资金", "9209.55", "790.22", "9999.77", "8874.74", "88.75", "1125.03", "11.2500", "", ""],
                ["其他资金小计", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "", ""]]
NINGDE_INDICATORS = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "指标分值", "自评得分", "偏差原因分析及改进措施"],
    ["一般性支出情况", "一般性支出情况", "“三公”经费控制率", "≤100%", "93.47", "2", "2", ""],
    ["“三公”经费违规使用次数", "≤0次", "0", "2", "2", ""],
    ["会议费、差旅费超标准使用次数", "≤0次", "0", "2", "2", ""],
    ["成本指标", "经济成本指标", "基本经费投入成本", "≤3843.67万元", "4262.96", "4", "0", "年中追加预算经费，实际支出超过年初预算安排。"],
    ["项目经费投入成本", "≤5365.88万元", "4611.78", "4", "4", ""],
    ["效益指标", "社会效益指标", "每日实现热线服务小时数", "=24小时", "24", "30", "30", ""],
    ["满意度指标", "服务对象满意度", "12345平台座席满意率", "≥95%", "99.14", "10", "10", ""],
    ["产出指标", "数量指标", "市政府常务会议场次", "≥30次", "20", "2", "1.33", ""],
    ["组织召开党组会议次数", "≥36次", "43", "2", "2", ""],
    ["全年刊发政府公报期数", "=6期", "6", "3", "3", ""],
    ["提供话务座席数", "≥90个", "90", "3", "3", ""],
    ["电梯维保次数", "≥24次", "24", "3", "3", ""],
    ["全年保险车辆数", "≥40辆", "40", "3", "3", ""],
    ["质量指标", "转办准确率", "≥95%", "98.84", "5", "5", ""],
    ["机关食堂食品安全事故率", "≤0%", "0", "5", "5", ""],
    ["物业考评合格率", "≥95%", "95", "5", "5", ""],
    ["时效指标", "项目整体完成时限", "≤12个月", "12", "5", "5", ""]]
NINGDE_TAIL = [["总分值、评价总分(S)", "92.33"], ["评价等级", "优（S≧90）"]]


def _ningde(funds=None, tail=None) -> str:
    out = ["部门整体绩效自评表", "（2024年度）"]
    for row in NINGDE_HEAD + (funds or NINGDE_FUNDS) + NINGDE_INDICATORS + (NINGDE_TAIL if tail is None else tail):
        out += ["\t" + c for c in row] + [""]
    return "\n".join(out) + "\n"


FIXED = [NINGDE_FUNDS[0], ["财政资金小计"] + NINGDE_FUNDS[4][1:]] + NINGDE_FUNDS[2:]


def test_the_ningde_form_reads_its_total_and_grade():
    # the form states 92.33 and 优: no "no conclusion" warning; Σ 自评得分 (with the funds' 7) = 92.33
    ds = [d for d in lint_text(_ningde(funds=FIXED)) if d.code in CODES | {"AL404", "AL304", "AL618"}]
    assert ds == []
    ds = lint_text(_ningde(funds=FIXED, tail=[["总分值、评价总分(S)", "93.33"], ["评价等级", "优（S≧90）"]]))
    assert [d.code for d in ds if d.code in CODES] == ["AL306"]
    ds = lint_text(_ningde(funds=FIXED, tail=[["总分值、评价总分(S)", "92.33"], ["评价等级", "良（80≦S<90）"]]))
    assert "AL304" in [d.code for d in ds]
    # no total and no grade: no conclusion; a 评价等级 row not under the total is not read as one
    assert "AL404" in [d.code for d in lint_text(_ningde(funds=FIXED, tail=[]))]
    assert "AL404" in [d.code for d in lint_text(_ningde(funds=FIXED, tail=[["备注", "无"], ["评价等级", "优"]]))]


def test_a_subtotal_that_is_not_the_sum_of_its_numbered_rows():
    # the real form: 财政资金小计 0.00 over ③地方财政资金 9209.55 (and so 合计 ≠ 小计 + 小计): told once
    ds = [d for d in lint_text(_ningde()) if d.code in CODES | {"AL618"}]
    assert [d.code for d in ds] == ["AL617"]
    assert "财政资金小计" in ds[0].message_zh and "9209.55" in ds[0].message_zh
    # subtotals right, 合计 not their sum
    ds = [d for d in lint_text(_ningde(funds=_replace(FIXED, 0, 2, "780.22"))) if d.code == "AL617"]
    assert len(ds) == 1 and ds[0].message_zh.startswith("“合计”") and "790.22" in ds[0].message_zh


def test_a_column_that_does_not_follow_its_header_formula():
    # 本年度结余金额⑥=③-④: 9999.77 − 8874.74 = 1125.03
    funds = _replace(_replace(FIXED, 0, 6, "1225.03"), 1, 6, "1225.03")
    ds = [d for d in lint_text(_ningde(funds=funds)) if d.code == "AL618"]
    assert len(ds) == 2 and "1125.03" in ds[0].message_zh
    # 资金结余率 11.2500 is 11.25 padded to four decimals (1125.03/9999.77 = 11.2506 %): right; 11.2600 is not
    funds = _replace(_replace(FIXED, 0, 7, "11.2600"), 1, 7, "11.2600")
    assert len([d for d in lint_text(_ningde(funds=funds)) if d.code == "AL618"]) == 2
    funds = _replace(_replace(FIXED, 0, 5, "88.57"), 1, 5, "88.57")  # ⑤=④/③ = 88.75
    assert len([d for d in lint_text(_ningde(funds=funds)) if d.code == "AL618"]) == 2


def _al619(lead: str, form: str = "") -> list:
    return [d for d in lint_text(lead + "\n" + (form or _form())) if d.code == "AL619"]


def test_a_text_score_that_is_not_its_forms_total():
    # 国家信访局 2024 决算 p28: 信息化运行维护 "项目自评得分为 88.5 分", its form (p36) totals 90.5
    lead = "1.2022年病媒生物防制项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为 {} 分。"
    ds = _al619(lead.format("98.5"))
    assert len(ds) == 1 and "98.5" in ds[0].message_zh and "100" in ds[0].message_zh
    assert _al619(lead.format("100")) == [] and _al619(lead.format("100.0")) == []
    # the project not named, or named beside another form's project, or two forms of it: nothing said
    assert _al619("根据年初设定的绩效目标，项目自评得分为 98.5 分。") == []
    other = _form().replace("\t2022年病媒生物防制\n", "\t2022年蚊媒监测\n")
    assert len(_al619(lead.format("98.5"), _form() + "\n" + other)) == 1  # the other form is another project
    assert _al619("2022年病媒生物防制、2022年蚊媒监测项目自评综述：项目自评得分为 98.5 分。",
                  _form() + "\n" + other) == []
    assert _al619(lead.format("98.5"), _form() + "\n" + _form()) == []


# the rules this file shows a true positive of (tests/test_rules.py collects them)
TESTED_RULES = {"AL616", "AL617", "AL305", "AL306", "AL307", "AL308", "AL302", "AL618", "AL619"}


def test_a_total_row_scored_above_its_maximum():
    # s_H p72 (西安市妇幼保健院医疗设备购置更新项目): the funds' row leaves its 分值 blank, the
    # nine indicators' 分值 add to 90, their 得分 to 83, and the 总分 row prints 90 | 93
    funds = _replace(FUNDS, 0, 4, "")
    ds = _found(_form(funds=funds, total=["总分", "90", "100", ""]))
    assert [(d.code, d.line) for d in ds if d.code == "AL302"] and "100" in ds[0].message_zh
    # the look-alikes: both columns without the funds' row, or the 分值 unknown with the funds' part
    assert _found(_form(funds=funds, total=["总分", "90", "90", ""])) == []
    assert _found(_form(funds=funds, total=["总分", "100", "100", ""])) == []


def test_a_total_row_whose_columns_count_the_funds_row_differently():
    # 分值 100 = 90 + the funds' 10; 得分 90 = the indicators' 90 without the funds' 10.00
    ds = _found(_form(total=["总分", "100", "90", ""]))
    assert [d.code for d in ds] == ["AL306"] and "口径不一致" in ds[0].message_zh
    # both columns without the funds' row (some units total the indicators only): silent
    assert _found(_form(total=["总分", "90", "90", ""])) == []
