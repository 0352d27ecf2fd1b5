"""Issue 4: every rule on real sentences — one figure changed must fail, the
real sentence must pass.  Each case mutates one seed report in memory and
compares the findings with those of the unchanged report."""
from __future__ import annotations

import re

import pytest

from auditlint.checks import registry
from conftest import SEED, lint_text, seed_with

# (seed, real text, mutated text, code that must appear at the mutation)
TRUE_POSITIVES = [
    # AL1 sums
    ("000", "餐饮服务 5\n户", "餐饮服务 9\n户", "AL101"),             # 12 + 9 + 4 > 21 户
    ("004", "工资福利支出1533万元", "工资福利支出2533万元", "AL101"),  # 2533+738+923+345 > 3539
    ("002", "项目支出3319.30万元", "项目支出3219.30万元", "AL102"),   # 775.34 + 3219.30 < 4094.64
    ("003", "总计30分，扣2分，得28分", "总计30分，扣2分，得27分", "AL103"),
    # AL2 ratios
    ("002", "财政拨款收入2018.84万元，占49.09%", "财政拨款收入2018.84万元，占48.09%", "AL201"),
    ("001", "项目支出1194.27万元，占35.1%", "项目支出1194.27万元，占36.1%", "AL202"),
    ("001", "增加18.06%，主要原因是上级财政", "增加15.30%，主要原因是上级财政", "AL203"),
    ("003", "307/4988＝6.2%", "307/4988＝7.2%", "AL204"),
    ("003", "=0/12=0，", "=0/12=30，", "AL204"),                        # a stated 0 is [0, 0.5), not [-0.5, 0.5)
    # test data: the real sentence 网格员432人，其中志愿者293人 with a share added
    ("002", "其中志愿者293人，", "其中志愿者293人，占67.9%，", "AL205"),
    # AL3 scores and grades
    ("003", "自评得分93分", "自评得分95分", "AL301"),
    ("001", "消除线缆安全隐患25处。全方位检查烟花爆竹经营点24处，及时发现并消除潜在安全隐患3个。交通劝导站全年上岗1250站次，"
            "录入劝导日志3.5万余条，为交通安全保驾护航。成功化解各类矛盾纠纷862起，维护了社会和谐稳定。安全隐患处理及时率100%，"
            "未发生重大安全事故。该指标得分为3分。",
     "消除线缆安全隐患25处。全方位检查烟花爆竹经营点24处，及时发现并消除潜在安全隐患3个。交通劝导站全年上岗1250站次，"
     "录入劝导日志3.5万余条，为交通安全保驾护航。成功化解各类矛盾纠纷862起，维护了社会和谐稳定。安全隐患处理及时率100%，"
     "未发生重大安全事故。该指标得分为5分。", "AL302"),
    ("001", "1.安全隐患处理及时率（3分）", "1.安全隐患处理及时率（4分）", "AL303"),
    ("001", "综合得分99.09分", "综合得分89.09分", "AL304"),
    # AL4 structure
    ("003", "六、存在的主要问题", "六、工作展望", "AL401"),
    ("003", "五、主要经验及做法", "六、主要经验及做法", "AL402"),
    ("000", "（二）聚焦四项民生工程", "（二）聚焦五项民生工程", "AL403"),
    ("001", "统筹设置内设机构5个，即：", "统筹设置内设机构6个，即：", "AL403"),
    ("001", "本次绩效评价综合得分99.09分，绩效评价等级为“优”。", "本次绩效评价工作已完成。", "AL404"),
    # AL5 dates
    ("003", "2025年5月26日", "2025年2月30日", "AL501"),
    ("003", "2024年5月25日-5月29日", "2025年5月29日-5月25日", "AL502"),
    ("001", "2024年度收入合计3402.07万元", "2023年度收入合计3402.07万元", "AL504"),
    # AL6 tables
    ("003", "\t　合计\n\t　\n\t4988.65\n\t3274.34", "\t　合计\n\t　\n\t4988.65\n\t3284.34", "AL601"),
    ("003", "\t2010301\n\t  行政运行\n\t1363.4\n\t1195.4\n\t168", "\t2010301\n\t  行政运行\n\t1363.4\n\t1195.4\n\t178", "AL602"),
    ("003", "\t201\n\t一般公共服务支出\n\t1827.5\n\t1570.5", "\t201\n\t一般公共服务支出\n\t1837.5\n\t1570.5", "AL603"),
    ("003", "\t2130104\n\t  事业运行\n\t575.07\n\t444.07", "\t2130104\n\t  事业运行\n\t575.17\n\t444.07", "AL604"),
    ("003", "支\u00a0出\u00a0总\u00a0计\n\t4988.65", "支\u00a0出\u00a0总\u00a0计\n\t4898.65", "AL605"),
    # AL7 identity and form
    ("000", "全乡村集体经济收入", "全镇村集体经济收入", "AL701"),
    ("003", "2025年5月26日", "20255月26日", "AL702"),
    # test data: a document number with a three-digit year added to a real sentence
    ("001", "《财务管理办法》规定流程使用", "《财务管理办法》（财预〔202〕10号）规定流程使用", "AL702"),
    ("002", "制定《罗市镇冬春季疫情防控方案》", "制定《罗市镇冬春季疫情防控方案", "AL703"),
    ("001", "投入本级森林防火经费10万元", "投入本级森林防火经费10万", "AL704"),
    ("003", "中路铺镇位于湘潭县境东南部", "中路镇位于湘潭县境东南部", "AL705"),
    ("003", "协调好本镇与外地区", "协调好湘潭潭县本镇与外地区", "AL705"),
]

# real sentences (or the fix of a real mistake) that must not be reported
TRUE_NEGATIVES = [
    ("001", "占64.9%；项目支出1194.27万元，占35.1%", None, "AL201"),      # 2207.79/3402.07 = 64.895 %: rounding
    ("001", "占64.9%；项目支出1194.27万元，占35.1%", None, "AL102"),      # 2207.79 + 1194.27 = 3402.06 ≈ 3402.07
    ("001", "预算执行率达98.5%", None, "AL204"),
    ("003", "3553/3274=108%", None, "AL204"),                          # 108.52 % within the rounding of 3553 and 3274
    ("004", "其中早稻16104亩、晚稻16763亩、旱杂粮730亩", None, "AL101"),  # partial 其中
    ("003", "实有人数125人，其中在职125人", None, "AL101"),              # 其中 item equal to its total
    ("002", "临时资金34万余元，其中镇财政安排困难救助资金5万元", None, "AL101"),  # approximate total
    ("004", "全面推进2025年度城乡居民基本医疗保险收缴工作", None, "AL504"),  # next insurance year
    ("003", "完成率为100.8%", None, "AL201"),                            # a completion rate above 100 %
    ("000", "（二）聚焦四项民生工程", None, "AL403"),
    ("002", "督导组9个工作小组", None, "AL403"),
    ("000", "做实森林防火“十户联防”工", None, "AL403"),                   # a name, not a count
    ("003", "评定等次：良", "评定等次：优", "AL304"),                      # the fix of the real mistake
    ("003", "2024年4月25日-4月30日", "2025年4月25日-4月30日", "AL503"),
    ("001", "制定印发广普镇政府采购管理办法（暂行）》", "制定印发《广普镇政府采购管理办法（暂行）》", "AL703"),
    ("001", "生态环保资金66万，", "生态环保资金66万元，", "AL704"),
    ("000", "全乡村集体经济收入", None, "AL701"),
    ("001", "协调好本镇与其他地区", None, "AL701"),
    ("000", "乡镇街道统一树立", None, "AL701"),                         # 乡镇 in general, not a self-reference
    ("003", "中路铺镇位于湘潭县境东南部", None, "AL705"),
    ("000", "彻底\n解决邻鄂镇饮水难题", None, "AL705"),
]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _keys(diags, code):
    return {(d.line, d.claim) for d in diags if d.code == code}


@pytest.mark.parametrize("stem,old,new,code", TRUE_POSITIVES, ids=[f"{c}-{s}-{i}" for i, (s, _o, _n, c) in enumerate(TRUE_POSITIVES)])
def test_true_positive(stem, old, new, code):
    before = lint_text(open(SEED[stem], encoding="utf-8").read())
    text = seed_with(stem, old, new)
    after = lint_text(text)
    added = _keys(after, code) - _keys(before, code)
    assert added, f"{code} not reported after changing {old!r} to {new!r}"
    # reported where the change is (or at the claim it breaks)
    first = _line_of(text, new)
    last = first + new.count("\n")
    lines = {ln for ln, _ in added}
    near = [ln for ln in lines if first - 40 <= ln <= last + 40]
    assert near or code in ("AL401", "AL404", "AL301", "AL303", "AL601"), (code, lines, first)


@pytest.mark.parametrize("stem,old,new,code", TRUE_NEGATIVES, ids=[f"{c}-{s}-{i}" for i, (s, _o, _n, c) in enumerate(TRUE_NEGATIVES)])
def test_true_negative(stem, old, new, code):
    text = open(SEED[stem], encoding="utf-8").read() if new is None else seed_with(stem, old, new)
    needle = old if new is None else new
    assert needle in text
    line = _line_of(text, needle)
    diags = [d for d in lint_text(text) if d.code == code and abs(d.line - line) <= 1]
    assert diags == [], [d.message_zh for d in diags]


def test_every_rule_documents_itself():
    for r in registry():
        assert re.fullmatch(r"AL[1-9]\d\d", r.code), r.code
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", r.name), r.name
        assert r.severity in ("error", "warning", "info")
        assert r.status in ("stable", "preview")
        assert "Bad:" in r.doc and "Good:" in r.doc, f"{r.code} docstring lacks Bad:/Good: examples"
        assert len(r.summary) > 10


def test_every_rule_has_a_true_positive():
    from test_budget_rules import TESTED_RULES
    from test_performance_rules import TESTED_RULES as PERFORMANCE_RULES
    from test_self_eval_forms import TESTED_RULES as FORM_RULES
    from test_contents import TESTED_RULES as CONTENTS_RULES

    tested = {c for *_x, c in TRUE_POSITIVES} | TESTED_RULES | PERFORMANCE_RULES | FORM_RULES | CONTENTS_RULES
    import json, glob, os
    from conftest import CORPUS
    golden = {e["code"] for p in glob.glob(os.path.join(CORPUS, "expected", "*.json"))
              for e in json.load(open(p, encoding="utf-8"))["findings"]}
    missing = [r.code for r in registry() if r.code not in tested | golden]
    assert missing == []


def test_rule_codes_and_names_are_unique():
    rules = registry()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)


def test_messages_in_both_languages_name_the_numbers():
    text = seed_with("002", "财政拨款收入2018.84万元，占49.09%", "财政拨款收入2018.84万元，占48.09%")
    (d,) = [d for d in lint_text(text) if d.code == "AL201"]
    assert "2018.84" in d.message_zh and "48.09" in d.message_zh and "49.09" in d.message_zh
    assert "2018.84" in d.message_en and "49.09" in d.message_en
    assert d.message("en") == d.message_en and d.message() == d.message_zh


def test_a_crashing_rule_becomes_one_finding():
    from auditlint import engine
    from auditlint.checks import Rule

    def boom(ctx):
        raise ZeroDivisionError("test rule")

    bad = Rule("AL999", "always-crashes", "error", "stable", boom, "Bad: x\nGood: y")
    real = engine.registry
    engine.registry = lambda: real() + [bad]
    try:
        diags = lint_text(open(SEED["001"], encoding="utf-8").read())
    finally:
        engine.registry = real
    crashed = [d for d in diags if d.code == "AL010"]
    assert len(crashed) == 1 and "AL999" in crashed[0].message_zh
    assert any(d.code == "AL301" for d in diags)  # the other rules still ran
