"""AL205 percent-of-count (GRIM) beyond breakdowns: a 满意率/合格率 of a count the paragraph states.

Positive cases are real sentences with one figure changed; their twins keep the real
figure.  Look-alikes are real sentences (sources given) that must stay silent: a rate
whose base the paragraph does not state, a rate with no survey count, a 人次 base.
"""
from __future__ import annotations

from fractions import Fraction

from conftest import lint_text, seed_with

from auditlint.checks.ratios import _k_of
from auditlint.figures import items_of

REPORT = "湘潭县中路铺镇2024年度部门整体支出绩效自评报告\n一、基本情况\n"


def _al205(text):
    return [d for d in lint_text(REPORT + text + "\n") if d.code == "AL205"]


def _pct(text):
    return next(it.fig for it in items_of(text) if it.kind == "fig" and it.fig.unit == "%")


# A hospital-hygiene monitoring report's sentence (public sample text, HygieneInfo field):
# "本次监测共检测医务人员1705人，合格1620人，合格率95.01%。"  1620/1705 = 95.015 %.
HYGIENE = "本次监测共检测医务人员1705人，合格1620人，合格率95.01%。"


def test_a_rate_no_whole_count_gives():
    assert _al205(HYGIENE) == []
    ds = _al205(HYGIENE.replace("95.01%", "95.10%"))  # k/1705 steps over 95.10: 95.073, 95.132
    assert len(ds) == 1 and ds[0].severity == "warning"
    assert "1705人" in ds[0].message_zh and "95.10%" in ds[0].message_zh


# 《连云港市志》第五十五卷 卫生 第四章 第五节 药品检验 (official local chronicle, text as
# checked against its page images by a public OCR project):
LYG_1986 = ("1986年，对省盐务局职工医院、东海县人民医院等7家医院的制剂质量抽检，共抽检样品65个，合格56个，"
            "合格率为86.15%。1988年4月，对市内部分医、药单位的中药材、中药饮片抽检，共抽样133件，合格120件，"
            "合格率90.23%。1988～1990年，共抽检各类药品1505个批次，其中合格的1395个批次，合格率为92.69%。")
LYG_1981 = ("1981~1985年，市药品检验所共抽检各医、药单位药品样品1203件，合格的有1054件，合格率为87.64%。"
            "其中药品生产厂家样品为832件，合格758件，合格率为91.11%。")


def test_inspection_rates_of_a_real_chronicle():
    assert _al205(LYG_1986) == []  # 56/65, 120/133, 1395/1505
    assert len(_al205(LYG_1986.replace("86.15%", "86.51%"))) == 1  # no k/65 (nor k/56, k/7 …)
    assert len(_al205(LYG_1986.replace("90.23%", "90.32%"))) == 1
    # 1505 and 1395 are 批次 of one unit each: k/1505 steps 0.066 %, so a digit swap there
    # (92.96) is a value some k gives: GRIM cannot see it (a k/N check of the stated 1395 would)
    assert _al205(LYG_1986.replace("92.69%", "92.96%")) == []


def test_a_real_rate_no_count_gives():
    # the chronicle's own 87.64 %: 1054/1203 = 87.61 %, and no k of 1203, 1054 or 149 gives 87.64
    ds = _al205(LYG_1981)
    assert len(ds) == 1 and "87.64%" in ds[0].message_zh and "1203件" in ds[0].message_zh
    assert _al205(LYG_1981.replace("87.64%", "87.61%")) == []


def test_a_base_the_grammar_did_not_read_silences_the_check():
    # a bare 120 may be the base
    assert _al205("本次抽样调查样本量为120，回收有效问卷118份，满意率为96.5%。") == []


def test_food_safety_news_whole_percent():
    # 国家食品药品监督管理总局 2015年第二期食品安全监督抽检信息 (as reported): 95 % of 2473 批次
    real = "共抽检肉及肉制品样品2473批次，合格率为95%，55批次产品不合格。"
    assert _al205(real) == []


def test_the_survey_of_the_issue():
    # 发放 120, 回收有效 118: neither k/120 nor k/118 (nor k/2, k/238) is 96.5 %
    bad = "本次发放问卷120份，回收有效问卷118份，满意率为96.5%。"
    assert len(_al205(bad)) == 1
    assert _al205(bad.replace("96.5%", "96.6%")) == []  # 114/118 = 96.61 %
    assert _al205(bad.replace("96.5%", "96.7%")) == []  # 116/120 = 96.67 %: the base may be 发放


def test_the_base_may_be_in_another_sentence_of_the_paragraph():
    text = "本次发放问卷120份，回收有效问卷118份。其中满意110份，基本满意4份，满意率为{}。"
    assert _al205(text.format("96.6%")) == []  # 114/118
    assert len(_al205(text.format("93.4%"))) == 1  # none of 120, 118, 110, 4 and their differences


def test_the_base_may_be_the_sum_of_two_survey_counts():
    # 调查农户80户、企业12家: 89/92 = 96.74 %, while neither k/80 nor k/12 gives 96.7 %
    assert _al205("本次共调查农户80户、企业12家，满意率为96.7%。") == []


def test_the_base_may_be_a_difference():
    # 发放 50, 无效 3: 45/47 = 95.74 %; neither k/50 nor k/3 gives 95.7 %
    assert _al205("共发放问卷50份，其中无效问卷3份，满意率为95.7%。") == []


def test_rounding_policy_half_even_and_truncation_are_accepted():
    assert _k_of(8, _pct("12%")) == 1   # 1/8 = 12.5 %, half-even
    assert _k_of(8, _pct("13%")) == 1   # half-up
    assert _k_of(3, _pct("66.66%")) == 2   # 2/3 cut off
    assert _k_of(3, _pct("66.67%")) == 2
    assert _k_of(3, _pct("66.65%")) is None
    assert _al205("抽查受访群众3户，满意率66.66%。") == []
    assert len(_al205("抽查受访群众3户，满意率66.65%。")) == 1


def test_rate_of_a_subgroup_whose_base_is_not_stated():
    # a school's 体质健康测试 report (public): 七年级's base (383) is not in the paragraph;
    # no base word introduces any count, so nothing is read
    real = ("2019学年体质健康测试中，共有3个年级1062个学生，男生567人，女生495人；达到优秀等级的人数有75人，"
            "优秀率为7%；七年级的平均成绩为77.21分，达到合格等级的人数有370人，合格率为96.59%。")
    assert _al205(real) == []


def test_rates_whose_base_is_a_population_are_not_read():
    # seed 000 (真实乡镇报告): 参保率 of the township's population, not of the 937 认证 people
    real = "2023年城乡居民基本医疗保险参保率 95.76%，待遇领取人员资格认证 937人，申领养老待遇 93人。"
    assert _al205(real) == []
    # seed 003: 完成目标任务 97.54 % of a target the paragraph does not give
    real = "2024年城乡居民医疗保险参保41851人，全年完成目标任务97.54%，全县排名第二。"
    assert _al205(real) == []


def test_a_target_a_times_base_and_a_satisfaction_score_are_not_read():
    assert _al205("本次培训干部120人次，考核合格率96.5%。") == []  # per person or per 人次?
    assert _al205("共发放问卷120份，回收118份，满意率目标为96.5%。") == []  # a target
    # 满意度 is often a weighted score (整体评分98.15，满意度98.15%), not k/N
    assert _al205("本次发放问卷120份，回收有效问卷118份，满意度为96.5%。") == []
    assert _al205("本次发放问卷120份，回收有效问卷118份，满意率达96.5%以上。") == []


def test_the_breakdown_reading_is_kept():
    # seed 002: 网格员432人，其中志愿者293人，占67.8% (293/432 = 67.82 %)
    text = seed_with("002", "其中志愿者293人，", "其中志愿者293人，占67.9%，")
    assert [d.code for d in lint_text(text) if d.code == "AL205"] == ["AL205"]
    text = seed_with("002", "其中志愿者293人，", "其中志愿者293人，占67.8%，")
    assert [d.code for d in lint_text(text) if d.code == "AL205"] == []


def test_k_is_exact():
    assert _k_of(118, _pct("96.61%")) == 114 and Fraction(11400, 118) > Fraction(9660, 100)
