"""Checks added for performance reports (issue 17): dates, citations, stale years.

Each positive case is a real sentence with one figure or word changed; its twin
keeps the real text (source given with each).  The report titles around them are
test data.
"""
from __future__ import annotations

from conftest import lint_text

SELF_EVAL = "湘潭县中路铺镇2024年度部门整体支出绩效自评报告\n一、基本情况\n"
FINAL = "西安市卫生健康委员会2022年度部门决算\n一、部门基本情况\n"
BUDGET = "2021年西安市委宣传部部门预算\n一、部门基本情况\n"


def _codes(text, code):
    return [d for d in lint_text(text) if d.code == code]


# ------------------------------------------------------------ AL702 / AL507 dates

def test_a_date_typed_as_run_together_digits():
    assert len(_codes(SELF_EVAL + "填报日期：202403\n", "AL702")) == 1
    assert len(_codes(SELF_EVAL + "评价时间：20250315，评价组进驻现场。\n", "AL702")) == 1
    assert _codes(SELF_EVAL + "填报日期：2025年3月15日\n", "AL702") == []
    # an amount is not a date, even one that looks like yyyymm
    assert _codes(SELF_EVAL + "全年支出202403元。\n", "AL702") == []


def test_impossible_dates_in_other_forms():
    assert len(_codes(SELF_EVAL + "项目于2024.4.31完成验收。\n", "AL501")) == 1
    assert len(_codes(SELF_EVAL + "评价工作于2024年13月开展。\n", "AL501")) == 1
    assert _codes(SELF_EVAL + "项目于2024.4.30完成验收。\n", "AL501") == []


def test_a_date_field_left_blank():
    assert len(_codes(SELF_EVAL + "填报人：张三    填报日期：\n", "AL507")) == 1
    assert len(_codes(SELF_EVAL + "填报日期：    年   月   日\n", "AL507")) == 1
    assert _codes(SELF_EVAL + "填报人：张三    填报日期：2025年3月15日\n", "AL507") == []


# ------------------------------------------------------------ AL709 citations

# 乌拉特中旗财政局 2022-03-16: "结合财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）等有关要求，制定本办法。"
REAL_CITATION = "结合财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）等有关要求，制定本办法。\n"


def test_a_citation_whose_title_has_a_word_changed():
    assert _codes(SELF_EVAL + REAL_CITATION, "AL709") == []
    bad = REAL_CITATION.replace("绩效评价管理办法", "绩效评价办法")
    ds = _codes(SELF_EVAL + bad, "AL709")
    assert len(ds) == 1 and "项目支出绩效评价管理办法" in ds[0].message_zh


def test_a_citation_with_another_documents_number():
    bad = REAL_CITATION.replace("财预〔2020〕10号", "财预〔2011〕285号")
    ds = _codes(SELF_EVAL + bad, "AL709")
    assert len(ds) == 1 and "财政支出绩效评价管理暂行办法" in ds[0].message_zh


def test_the_issuing_wrapper_and_brackets_are_not_a_difference():
    ok = "依据《财政部关于印发〈项目支出绩效评价管理办法〉的通知》(财预[2020]10号)开展自评。\n"
    assert _codes(SELF_EVAL + ok, "AL709") == []
    ok2 = "根据《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）要求。\n"
    assert _codes(SELF_EVAL + ok2, "AL709") == []


def test_documents_not_in_the_list_are_not_judged():
    local = "根据《湘潭县预算绩效管理办法》（潭政发〔2020〕10号）开展。\n"
    assert _codes(SELF_EVAL + local, "AL709") == []


# ------------------------------------------------------------ AL505 stale 基本情况

# corpus/real/s_H_xian_wjw_2022js.pdf p3: "截至2022年底，本部门人员编制10964人…"
REAL_STAFF = "截至2022年底，本部门人员编制10964人，其中行政编制115人。\n"


def test_staff_as_of_last_year_in_a_report_on_this_year():
    assert _codes(FINAL + REAL_STAFF, "AL505") == []
    ds = _codes(FINAL + REAL_STAFF.replace("2022年底", "2021年底"), "AL505")
    assert len(ds) == 1 and "2022" in ds[0].message_zh


def test_a_budget_counts_its_staff_at_the_end_of_the_year_before():
    # corpus/real/s_K_xian_xcb_2021ys.pdf p3: "截止 2020 年底，本部门人员编制 105 人"
    real = "截止2020年底，本部门人员编制105人，其中市委宣传部行政编制87人。\n"
    assert _codes(BUDGET + real, "AL505") == []
    assert len(_codes(BUDGET + real.replace("2020年底", "2019年底"), "AL505")) == 1


def test_historical_years_and_mid_year_dates_are_not_stale():
    assert _codes(SELF_EVAL + "本镇成立于1952年，现有在职人员45人。\n", "AL505") == []
    assert _codes(BUDGET + "截至2020年8月31日，本部门共有车辆4辆。\n", "AL505") == []


# ------------------------------------------------------------ AL710 county names

# corpus/003: "…我镇荣获三等奖，并代表湘潭县参加市级比赛。"
REAL_COUNTY = "我镇荣获三等奖，并代表湘潭县参加市级比赛。\n"


def test_a_county_name_with_a_character_doubled():
    assert _codes(SELF_EVAL + REAL_COUNTY, "AL710") == []
    ds = _codes(SELF_EVAL + REAL_COUNTY.replace("湘潭县", "湘潭潭县"), "AL710")
    assert len(ds) == 1 and "湘潭县" in ds[0].message_zh


def test_an_autonomous_county_with_xian_inserted_before_its_ethnic_part():
    title = "城步苗族自治县财政局2024年度部门整体支出绩效自评报告\n一、基本情况\n"
    assert _codes(title + "城步苗族自治县财政局是县政府工作部门。\n", "AL710") == []
    ds = _codes(title + "城步县苗族自治县财政局是县政府工作部门。\n", "AL710")
    assert len(ds) == 1 and "城步苗族自治县" in ds[0].message_zh
    # a character of the report's own county dropped
    assert len(_codes(title + "城苗族自治县财政局是县政府工作部门。\n", "AL710")) == 1


def test_names_in_the_list_and_ordinary_words_are_not_slips():
    text = "围场满族蒙古族自治县、长沙县、城区、县区两级财政均已到位；县县通高速。\n"
    assert _codes(SELF_EVAL + text, "AL710") == []


# ------------------------------------------------------------ AL701 self-reference in any form

XIANG = "湘潭县花石乡人民政府2024年度部门整体支出绩效自评报告\n一、基本情况\n"


def test_a_xiang_naming_its_own_level_as_a_zhen():
    assert len(_codes(XIANG + "推进镇、村两级共同治理。\n", "AL701")) == 1
    assert len(_codes(XIANG + "镇村两级联动，合力推进。\n", "AL701")) == 1
    assert _codes(XIANG + "推进乡、村两级共同治理。\n", "AL701") == []
    # 乡镇 / 城镇 are generic words, not the unit speaking of itself
    assert _codes(XIANG + "全县乡镇、村两级均已落实；城镇、村两级同步推进。\n", "AL701") == []


# ------------------------------------------------------------ AL102 a 其中 after the rate of its total

def test_a_breakdown_after_the_execution_rate_belongs_to_the_amount():
    body = "2024年全年支出执行数为500万元，执行率100%，其中：基本支出300万元，项目支出200万元。\n"
    assert _codes(XIANG + body, "AL102") == []
    ds = _codes(XIANG + body.replace("项目支出200万元", "项目支出150万元"), "AL102")
    assert len(ds) == 1 and "500" in ds[0].message_zh


# ------------------------------------------------------------ look-alikes from an unseen report

def test_an_enumeration_of_ordinals_is_not_a_count():
    # 河南省人社厅 省级职业技能竞赛经费 绩效评价报告 (2025, zhuatuyu/autowriter 最佳报告范例.md), D201:
    # "一、二类赛事" is the first and second class, not 2 events; AL403 once said 称 2 个、列出 4 个
    title = "省级职业技能竞赛经费绩效评价报告\n一、基本情况\n"
    real = ("2021- 2024年省级行业一、二类赛事、省级专项赛事吸引龙头企业联合办赛数量分别为5家、5家、9家和0家；"
            "承办单位积极参与。\n")
    assert _codes(title + real, "AL403") == []
    assert len(_codes(title + "组建3个工作组，分别是综合组和业务组。\n", "AL403")) == 1


def test_a_misspelling_in_a_table_cell():
    # corpus/real/s_H p84, a 偏差原因 cell: "截止2022年12月底，除核酸实验室以外，其他楼栋尚未交付使用。"
    table = "\t项目\n\t说明\n\n\t进度\n\t{}\n\n\n"
    cell = "该项目已于2021年7月封顶，截至2022年12月底，除核酸实验室以外，其他楼栋尚未交付使用。"
    assert _codes(FINAL + table.format(cell), "AL707") == []
    assert len(_codes(FINAL + table.format(cell.replace("截至", "截止")), "AL707")) == 1


# the rules this file shows a true positive of (tests/test_rules.py collects them)
TESTED_RULES = {"AL702", "AL501", "AL507", "AL709", "AL505", "AL710", "AL701", "AL102", "AL403", "AL707"}


def test_the_2013_common_indicator_framework_is_known():
    # 财政部预算司: 《预算绩效评价共性指标体系框架》(2013年4月21日, 财预[2013]53号)
    ok = "参照《预算绩效评价共性指标体系框架》（财预〔2013〕53号）设置评价指标。\n"
    assert _codes(SELF_EVAL + ok, "AL709") == []
    ds = _codes(SELF_EVAL + ok.replace("财预〔2013〕53号", "财预〔2020〕10号"), "AL709")
    assert len(ds) == 1 and "项目支出绩效评价管理办法" in ds[0].message_zh
