"""The budget-disclosure checks on real sentences and tables (issue 16 / 15).

The sentences are quoted from the real documents of corpus/real (file and page
given with each); a positive case changes one figure or word, its twin keeps the
real text.  The tables are the documents' own rows, written in the Word-export
layout the text reader takes (every cell a TAB line, rows separated by blank
lines; the sentences stand before the table, as the reader ends a table at the
end of the text): test data, assembled here.
"""
from __future__ import annotations

from conftest import lint_text


def _table(caption: str, unit: str, header: list, rows: list) -> str:
    out = [caption, f"单位：{unit}"]
    for row in [header] + rows:
        out += ["\t" + c for c in row] + [""]
    return "\n".join(out) + "\n"


# x4_jiangsu_gjfy_2018ys.pdf p11 (公开表五), the 法院 rows
TABLE_FIVE = _table("五、2018年度江苏省高级人民法院部门财政拨款支出预算表", "万元",
                    ["科目编码", "科目名称", "合计"],
                    [["204", "公共安全支出", "27442.57"],
                     ["20405", "法院", "27442.57"],
                     ["2040501", "行政运行", "14418.20"],
                     ["2040502", "一般行政管理事务", "6049.97"],
                     ["2040504", "案件审判", "6974.40"]])
TITLE = "2018年度江苏省高级人民法院部门预算公开\n"


def _codes(text, code):
    return [d for d in lint_text(TITLE + text) if d.code == code]


# ---------------------------------------------------------------- AL203 change-rate

def test_growth_with_basis_phrase_is_checked():
    # 16_jiangsu_jcy_2018ys.pdf p26: 21.8 / 3644.2 = 0.60 %, the report says 0.06 %
    bad = "一般行政管理事务（项）支出 3,666 万元，与上年相比增加 21.8 万元，增长 0.06 %。\n"
    good = "一般行政管理事务（项）支出 3,666 万元，与上年相比增加 21.8 万元，增长 0.6 %。\n"
    (d,) = _codes(bad, "AL203")
    assert d.severity == "error" and "0.6" in d.message_zh
    assert _codes(good, "AL203") == []


def test_growth_against_a_year_named_in_the_basis():
    # 21_jiangsu_gjfy_2017ys.pdf: 5503.07 / 3690.33 = 149.12 % (right); one digit changed
    good = "机关运行经费预算支出9193.40万元，比2016年增加5503.07万元，增长149.12%。\n"
    assert _codes(good, "AL203") == []
    assert _codes(good.replace("149.12", "194.12"), "AL203")


def test_change_written_without_trailing_zeros_is_read_to_the_cent():
    # x3_jiangsu_jcy_2019ys.pdf p29: 1657 beside 4243.61 is 1657.00; 1657 / 2586.61 = 64.06 %,
    # the report says 64.07 % (1657 read as [1656.5, 1657.5) would let 64.07 pass)
    bad = "提租补贴（项）支出4243.61万元，与上年相比增加1657万元，增加64.07 %。\n"
    (d,) = _codes(bad, "AL203")
    assert d.severity == "warning" and "64.06" in d.message_zh and "1657.00" in d.message_zh
    assert _codes(bad.replace("64.07", "64.06"), "AL203") == []
    # look-alikes from corpus/real, right when Δ is read exactly: x4_jiangsu_gjfy_2018ys,
    # s_D_suzhou_sjj_2026ys, x2_jiangsu_jcy_2017ys
    for good in ("项目支出预算数为 11343.27 万元。与上年相比减少 200 万元，减少 1.73%。\n",
                 "支出442.09万元，比上年增加31.1万元，增长7.57%。\n",
                 "基本支出预算数为12323.46万元，比上年增加1483.8万元，增长13.69%。\n"):
        assert _codes(good, "AL203") == [], good
    # Δ as precise as 本年: the ordinary interval reading, no second reading
    assert _codes("支出400.02万元，与上年相比增加28.10万元，增加7.56%。\n", "AL203") == []


def test_truncated_rate_is_a_warning_not_an_error():
    # 16_jiangsu_jcy_2018ys.pdf p26: 2915.22 / 7968.14 = 36.586 %, written 36.58 (cut off)
    text = "行政运行（项）支出 10,883.36 万元，与上年相比增加 2,915.22 万元，增长 36.58 %。\n"
    (d,) = _codes(text, "AL203")
    assert d.severity == "warning" and "截尾" in d.message_zh


def test_a_change_amount_is_not_a_part_of_the_breakdown():
    # 12_shanghai_putuo_shfly_2024ys_unit.pdf p6: 950.12 + 262.00 + 0 + 0 = 1212.12; the 0.46 is a change
    text = ("2024年，上海市普陀区社会福利院收入预算1,212.12万元，其中：财政拨款收入950.12万元，"
            "比2023年预算增加0.46万元；事业收入262.00万元；事业单位经营收入0万元；其他收入0万元。\n")
    assert _codes(text, "AL101") == []
    assert _codes(text.replace("262.00", "362.00"), "AL101")


def test_a_growth_rate_written_without_its_percent_sign():
    # 01_shanghai_putuo_ghzy_2024js.pdf p21: 1193.20 / 8553.30 = 13.95 %, printed "增长 13.95。"
    bad = "一般公共预算财政拨款支出 9746.50 万元。与 2023 年度相比，一般公共预算财政拨款支出增加 1193.20 万元，增长 13.95。\n"
    (d,) = _codes(bad, "AL206")
    assert "13.95%" in d.message_zh
    assert _codes(bad.replace("13.95。", "13.95%。"), "AL206") == []
    # a bare number that is not the rate the sentence gives is not blamed (it may be anything)
    assert _codes(bad.replace("13.95。", "12.5。"), "AL206") == []


def test_parts_listed_after_yongyu_form_a_breakdown_with_shares():
    # 03_shanghai_putuo_czj_2024js.pdf p21: 2106.66 / 2940.05 = 71.65 %, the report says 71.73 %
    bad = ("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；"
           "社会保障和就业支出（类）326.72万元，占11.11%；卫生健康支出（类）60.99万元，占2.07%；"
           "住房保障支出（类）445.69万元，占15.16%。\n")
    (d,) = _codes(bad, "AL201")
    assert "71.65" in d.message_zh
    assert _codes(bad.replace("71.73", "71.65"), "AL201") == []


# ---------------------------------------------------------------- AL207 shares of a defined whole

SANGONG_13 = ("江苏省人大常委会办公厅 2017 年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出 222.5 万元，"
              "占“三公”经费的 {a}%；公务用车购置及运行费支出 183.6 万元，占“三公”经费的 {b}%；公务接待费支出 427.5 万元，"
              "占“三公”经费的 {c}%。\n")


def test_sangong_shares_of_a_wider_total_are_errors():
    # 13_jiangsu_rdbgt_2017ys.pdf p28: the shares are of 三公 + 会议费 + 培训费 (2542.60), printed as
    # shares of the 三公 (833.6 = the three parts)
    found = _codes(SANGONG_13.format(a="8.75", b="7.22", c="16.81"), "AL207")
    assert len(found) == 3 and all(d.severity == "error" for d in found)
    assert "26.69" in found[0].message_zh


def test_sangong_shares_of_the_sangong_are_not_reported():
    # 14_jiangsu_rdbgt_2019ys_text.pdf p16: denominator 767.6, all three right
    good = ("因公出国（境）费支出199.25万元，占“三公”经费的25.96%；公务用车购置及运行费支出183.6万元，"
            "占“三公”经费的23.92%；公务接待费支出384.75万元，占“三公”经费的50.12%。\n")
    assert _codes(good, "AL207") == []
    # the computed shares of 13, one at a time wrong, are found
    assert _codes(SANGONG_13.format(a="26.69", b="22.02", c="51.28"), "AL207") == []
    assert len(_codes(SANGONG_13.format(a="26.69", b="22.20", c="51.28"), "AL207")) == 1


def test_sangong_shares_with_a_weicha_adjustment_are_not_errors():
    # 22_jiangsu_gjfy_2019ys.pdf p23: 86.95 / 513.75 = 16.92 %, printed 16.93 so that the set
    # totals 100.00 (尾差); within the rounding of the three amounts (86.955 / 513.735 = 16.926 %)
    text = ("因公出国（境）费支出 160 万元，占“三公”经费的 31.14%；公务用车运行维护费支出 266.8 万元，"
            "占“三公”经费的 51.93%；公务接待费支出 86.95 万元，占“三公”经费的 16.93%。\n")
    assert _codes(text, "AL207") == []


def test_sangong_amounts_written_short_are_read_to_the_cent():
    # x2_jiangsu_jcy_2017ys.pdf p22: 110 and 317.8 beside 156.55 are 110.00 and 317.80; of 584.35
    # they are 18.82 % and 54.39 %, not 18.85 % and 54.43 % (110 read as [109.5, 110.5) would pass)
    text = ("因公出国（境）费支出 110 万元，占“三公”经费的 18.85 %；公务用车购置及运行费支出 317.8 万元，"
            "占“三公”经费的 54.43 %；公务接待费支出 156.55 万元，占“三公”经费的 26.72 %。\n")
    found = _codes(text, "AL207")
    assert [d.severity for d in found] == ["warning", "warning", "error"]
    assert "18.82" in found[0].message_zh and "54.39" in found[1].message_zh
    right = text.replace("18.85", "18.82").replace("54.43", "54.39").replace("26.72", "26.79")
    assert _codes(right, "AL207") == []


def test_shares_of_a_whole_whose_parts_are_not_all_listed_are_not_checked():
    # two of the three 三公 parts: the whole is not known from the paragraph
    text = "因公出国（境）费支出 222.5 万元，占“三公”经费的 8.75%；公务接待费支出 427.5 万元，占“三公”经费的 16.81%。\n"
    assert _codes(text, "AL207") == []


# ---------------------------------------------------------------- AL608 subject amounts

# 06_shanghai_putuo_czj_2025ys_dept.pdf p15, the 208 rows (amounts in 元)
TABLE_208 = _table("2025年部门一般公共预算支出功能分类预算表", "元",
                   ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
                   [["208", "社会保障和就业支出", "3,508,644.00", "3,508,644.00", ""],
                    ["20805", "行政事业单位养老支出", "3,508,644.00", "3,508,644.00", ""],
                    ["2080501", "行政单位离退休", "877,080.00", "877,080.00", ""],
                    ["2080505", "机关事业单位基本养老保险缴费支出", "1,748,327.00", "1,748,327.00", ""],
                    ["2080506", "机关事业单位职业年金缴费支出", "873,617.00", "873,617.00", ""],
                    ["2080599", "其他行政事业单位养老支出", "9,620.00", "9,620.00", ""]])


def test_subject_amount_against_its_table_row():
    # 06 p7: the text says 887.36 万元, the row is 873,617 元 = 87.36 万元
    bad = "7.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万元，主要用于缴纳职业年金支出。\n"
    (d,) = _codes(bad + TABLE_208, "AL608")
    assert d.severity == "error" and "2080506" in d.message_zh
    assert _codes(bad.replace("887.36", "87.36") + TABLE_208, "AL608") == []


def test_subject_amount_cut_off_in_conversion_is_a_warning():
    # 06 p7: 877,080 元 = 87.708 万元, the text writes 87.70 (cut off, not rounded)
    text = "5.“社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”87.70万元，主要用于离退休人员支出。\n"
    (d,) = _codes(text + TABLE_208, "AL608")
    assert d.severity == "warning" and "截尾" in d.message_zh
    assert _codes(text.replace("87.70", "87.71") + TABLE_208, "AL608") == []


def test_a_subject_the_tables_do_not_list_under_its_kuan():
    # 01_shanghai_putuo_ghzy_2024js.pdf p22: 20805's 项 are listed; 退休人员活动费 is not one of them
    bad = ("5、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位退休人员活动费支出（项）。"
           "主要用于：退休人员开展活动支出。\n")
    (d,) = _codes(bad + TABLE_208, "AL612")
    assert "2080599" in d.message_zh and d.severity == "warning"
    good = bad.replace("机关事业单位退休人员活动费支出", "其他行政事业单位养老支出")
    assert _codes(good + TABLE_208, "AL612") == []
    # a near miss of a listed name is AL607's, not this rule's
    near = bad.replace("机关事业单位退休人员活动费支出", "机关事业单位职业年金缴纳支出")
    assert _codes(near + TABLE_208, "AL612") == []


def test_a_kuan_under_its_class_that_the_tables_do_not_list():
    # r_g_guojia_xfj_2026ys.pdf p33: the glossary keeps 20103 政府办公厅（室）及相关机构事务, a 款
    # name with a bracket of its own; every line of the tables is under 20140 信访事务
    table = _table("一般公共预算支出功能分类预算表", "万元", ["科目编码", "科目名称", "合计"],
                   [["201", "一般公共服务支出", "500.00"], ["20140", "信访事务", "500.00"],
                    ["2014001", "行政运行", "300.00"], ["2014004", "信访业务", "200.00"]])
    bad = "四、一般公共服务（类）政府办公厅（室）及相关机构事务（款）：指国家信访局用于保障机构正常运行的支出。\n"
    (d,) = _codes(bad + table, "AL612")
    assert "20140 信访事务" in d.message_zh and "政府办公厅（室）及相关机构事务" in d.message_zh
    good = bad.replace("政府办公厅（室）及相关机构事务", "信访事务")
    assert _codes(good + table, "AL612") == []
    # the 款 of a 类 the tables do not break down is not judged
    other = "五、教育（类）进修及培训（款）：指干部教育培训支出。\n"
    assert _codes(other + table, "AL612") == []


def test_a_kuan_tagged_as_a_class_without_tables():
    # 14_jiangsu_rdbgt_2019ys_text.pdf p13 (the tables are in another file)
    bad = "1．行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）支出 607.1 万元。\n"
    (d,) = _codes(bad, "AL614")
    assert "行政事业单位离退休" in d.message_zh
    for good in ["1．行政事业单位离退休（款）未归口管理的行政单位离退休支出（项）支出 607.1 万元。",
                 "主要用于公共安全（类）、国防（类）和社会保障和就业支出（类）。",
                 "2．文化体育与传媒支出（类）支出 30 万元。"]:
        assert _codes(good + "\n", "AL614") == []


# ---------------------------------------------------------------- AL611 a table's total in the text

# 03_shanghai_putuo_czj_2024js.pdf p12 (财政拨款收入支出决算总表), the income side (万元)
TABLE_03_TOTAL = _table("财政拨款收入支出决算总表", "万元", ["项目", "决算数"],
                        [["一、一般公共预算财政拨款", "2,940.05"], ["本年收入合计", "2,940.05"],
                         ["年初财政拨款结转和结余", "21.63"], ["收入总计", "2,961.68"]])


def test_a_stated_total_against_the_table_it_restates():
    # 03 p21: "财政拨款收入支出总计0.3万元" while the table totals 2,961.68
    bad = "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。\n"
    (d,) = _codes(bad + TABLE_03_TOTAL, "AL611")
    assert "2961.68" in d.message_zh
    assert _codes(bad.replace("0.3万元", "2961.68万元") + TABLE_03_TOTAL, "AL611") == []


def test_a_total_narrowed_to_one_fund_is_not_compared_with_the_whole_table():
    # x2_jiangsu_jcy_2017ys.pdf p18: the 财政拨款 part of the income is not the 收入预算总表's total
    table = _table("二、收入预算总表", "万元", ["项目", "金额"],
                   [["财政拨款", "17,981.68"], ["其他资金", "15.00"], ["收入总计", "17,996.68"]])
    text = "1．财政拨款收入预算总计 17981.68 万元。\n"
    assert _codes(text + table, "AL611") == []
    assert _codes("（一）收入预算总计 17996.68 万元。\n" + table, "AL611") == []
    assert _codes("（一）收入预算总计 17986.68 万元。\n" + table, "AL611")


# 01_shanghai_putuo_ghzy_2024js.pdf p16 (表六, two tables side by side), the 类 rows and the
# closing row whose merged cells close each side
TABLE_01_SIX = _table("一般公共预算财政拨款基本支出决算表", "万元",
                      ["经济分类科目编码", "科目名称", "决算数"] * 2,
                      [["301", "工资福利支出", "4816.14", "302", "商品和服务支出", "440.90"],
                       ["303", "对个人和家庭的补助", "67.96", "310", "资本性支出", "39.76"],
                       ["人员经费合计", "4884.09", "公用经费合计", "480.66"]])


def test_a_part_of_a_stated_total_against_the_table_line_of_its_name():
    # 01 p24: 人员经费 4896.98 is the all-funds figure; the table the sentence names says 4884.09
    bad = "一般公共预算财政拨款基本支出 5377.64 万元。其中：人员经费 4896.98 万元，公用经费 480.66 万元。\n"
    (d,) = _codes(bad + TABLE_01_SIX, "AL613")
    assert "4884.09" in d.message_zh and "人员经费4896.98" in d.message_zh.replace(" ", "")
    good = "一般公共预算财政拨款基本支出 5364.75 万元。其中：人员经费 4884.09 万元，公用经费 480.66 万元。\n"
    assert _codes(good + TABLE_01_SIX, "AL613") == []
    # a sentence about all funds names no 一般公共预算 table: not compared
    other = "基本支出 5377.64 万元。其中：人员经费 4896.98 万元，公用经费 480.66 万元。\n"
    assert _codes(other + TABLE_01_SIX, "AL613") == []


def test_a_code_whose_class_cell_is_no_class():
    # 12_shanghai_putuo_shfly_2024ys_unit.pdf p9: "7 | 11 | 02 | 事业单位医疗" under 210 | 11
    rows = [["210", "", "", "卫生健康支出", "503,724"], ["210", "11", "", "行政事业单位医疗", "503,724"],
            ["7", "11", "02", "事业单位医疗", "503,724"], ["221", "", "", "住房保障支出", "335,816"],
            ["221", "02", "", "住房改革支出", "335,816"], ["221", "02", "01", "住房公积金", "335,816"]]
    table = _table("2024年预算单位支出预算总表", "元", ["类", "款", "项", "科目名称", "合计"], rows)
    (d,) = _codes(table, "AL615")
    assert "7 11 02" in d.message_zh and "21011" in d.message_zh
    rows[2][0] = "210"
    assert _codes(_table("2024年预算单位支出预算总表", "元", ["类", "款", "项", "科目名称", "合计"], rows), "AL615") == []


# ---------------------------------------------------------------- AL609 subject old names

# 12_shanghai_putuo_shfly_2024ys_unit.pdf p8 (收入预算总表), the 210 rows (元)
TABLE_210 = _table("2024年预算单位收入预算总表", "元",
                   ["功能分类科目编码", "功能分类科目名称", "合计", "财政拨款收入", "事业收入"],
                   [["210", "卫生健康支出", "503,724", "503,724", ""],
                    ["21011", "行政事业单位医疗", "503,724", "503,724", ""],
                    ["2101102", "事业单位医疗", "503,724", "503,724", ""]])
TITLE_12 = "上海市普陀区社会福利院2024年单位预算\n"


def test_a_subject_called_by_its_old_name_beside_tables_with_the_new_one():
    # 12 p6: the text names 210 by its pre-2019 name while the tables say 卫生健康支出
    bad = "5. “医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元，主要用于人员医疗保障。\n"
    found = [d for d in lint_text(TITLE_12 + bad + TABLE_210) if d.code == "AL609"]
    assert len(found) == 1 and found[0].severity == "error" and "卫生健康支出" in found[0].message_zh
    good = bad.replace("医疗卫生与计划生育支出", "卫生健康支出")
    assert [d for d in lint_text(TITLE_12 + good + TABLE_210) if d.code == "AL609"] == []


def test_an_old_subject_name_in_a_year_before_the_rename_is_not_reported():
    # x2_jiangsu_jcy_2017ys: 2017, the old name was the name; no table with the new one
    text = "2017年度江苏省人民检察院部门预算\n5．医疗卫生与计划生育支出（类）支出 600 万元。\n"
    assert [d for d in lint_text(text) if d.code == "AL609"] == []
    later = text.replace("2017", "2020")
    (d,) = [d for d in lint_text(later) if d.code == "AL609"]
    assert d.severity == "warning"


# ---------------------------------------------------------------- AL610 empty-table note

def _empty_table(caption: str, note: str) -> str:
    return (caption + "\n单位：元\n" + "\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
            + "\t合计\n\t\n\t\n\t\n\t\n" + "\n\n" + note + "\n")  # two blank lines end a TAB table


def test_a_note_under_an_empty_table_naming_another_fund():
    # 06_shanghai_putuo_czj_2025ys_dept.pdf p18: the 国有资本经营 table carries the 政府性基金 note
    caption = "2025年部门国有资本经营预算支出功能分类预算表"
    bad = _empty_table(caption, "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。")
    found = [d for d in lint_text("上海市普陀区2025年区级部门预算\n" + bad) if d.code == "AL610"]
    assert len(found) == 1 and "国有资本经营" in found[0].message_zh
    good = _empty_table(caption, "注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。")
    assert [d for d in lint_text("上海市普陀区2025年区级部门预算\n" + good) if d.code == "AL610"] == []


def test_a_note_in_another_wording_is_read_too():
    # 国家信访局 2026 budget (calinchow-del/renwu) p22: the note says which fund the unit does not use
    caption = "国有资本经营预算支出表"
    bad = _empty_table(caption, "（注：2026 年国家信访局部门预算中没有使用政府性基金预算拨款安排的支出。）")
    assert [d for d in lint_text("国家信访局2026年部门预算\n" + bad) if d.code == "AL610"]
    good = _empty_table(caption, "（注：2026 年国家信访局部门预算中没有使用国有资本经营预算拨款安排的支出。）")
    assert [d for d in lint_text("国家信访局2026年部门预算\n" + good) if d.code == "AL610"] == []


# ---------------------------------------------------------------- AL708 own name

COVER_01 = "上海市普陀区规划和自然\n资源局\n2024 年度部门决算\n\n目 录\n\n"


def test_own_name_with_another_connector_or_without_its_district():
    # 01_shanghai_putuo_ghzy_2024js.pdf p26 and p7
    bad = (COVER_01 + "上海市普陀区规划与自然资源局2024年度“三公”经费财政拨款支出决算数为0.39万元。\n\n"
           "上海市规划和自然资源局 2024 年度部门决算表\n")
    found = [d for d in lint_text(bad) if d.code == "AL708"]
    assert sorted(d.claim.replace(" ", "") for d in found) == ["上海市普陀区规划与自然资源局", "上海市规划和自然资源局"]
    # the cover's own spelling, and a higher-level bureau named in passing, are not reported
    good = (COVER_01 + "上海市普陀区规划和自然资源局2024年度“三公”经费财政拨款支出决算数为0.39万元。\n\n"
            "根据上海市规划和自然资源局的部署，开展确权登记工作。\n")
    assert [d for d in lint_text(good) if d.code == "AL708"] == []


# ---------------------------------------------------------------- AL707 known misspellings

def test_known_misspellings_and_their_lookalikes():
    # 01_shanghai_putuo_ghzy_2024js.pdf p20 and p5; x2_jiangsu_jcy_2017ys.pdf p19
    for bad, right in [("主要原因：项目支出增加，较上一度增加 1133.95 万元。", "上一年度"),
                       ("负责征收集体士地房屋补偿工作。", "土地"),
                       ("单位预留机动经费预算数为 140.2 万元。与上年相未发生变化。", "与上年相比")]:
        (d,) = _codes(bad + "\n", "AL707")
        assert right in d.message_zh
    # official prose: 截止 before a point in time (s_K_xian_xcb_2021ys p3: "截止 2020 年底，本部门人员编制 105 人")
    (d,) = _codes("截止 2020 年底，本部门人员编制 105 人。\n", "AL707")
    assert "截至" in d.message_zh
    assert _codes("申报截止日期为6月30日。\n", "AL707") == []
    # the correct words, and words that contain the slip's characters legitimately
    for good in ["较上一年度减少了培训费支出等。", "负责征收集体土地房屋补偿工作。",
                 "与上年相比未发生变化。", "提高护士地位和待遇。"]:
        assert _codes(good + "\n", "AL707") == []


# ---------------------------------------------------------------- AL208 one figure, two changes

def test_one_fund_figure_with_two_different_increases():
    # 16_jiangsu_jcy_2018ys.pdf p23 and p28: 3,959.28 is right, 3,958.98 is not
    text = ("（1）一般公共预算收入预算 21,940.96 万元，与上年相比增加 3,959.28 万元，增长 22 %。\n"
            "省检察院 2018 年一般公共预算财政拨款支出预算 21,940.96 万元，与上年相比增加 3,958.98 万元，增长 22 %。\n")
    found = _codes(text, "AL208")
    assert len(found) == 2 and {d.line for d in found} == {2, 3}
    assert _codes(text.replace("3,958.98", "3,959.28"), "AL208") == []


def test_an_all_funds_total_equal_to_the_fund_figure_may_change_otherwise():
    # x3_jiangsu_jcy_2019ys.pdf p25: the total over all funds and the 一般公共预算 figure are both
    # 24,169.74 this year, but last year's total held 14.39 万元 of 其他资金
    text = ("江苏省人民检察院 2019 年度收入、支出预算总计 24,169.74 万元，与上年相比收、支预算总计各增加 2214.39 万元，增长 10.09 %。\n"
            "（1）一般公共预算收入预算 24,169.74万元，与上年相比增加2228.78 万元，增长10.16 %。\n")
    assert _codes(text, "AL208") == []


# ---------------------------------------------------------------- AL209 both years stated

TWO_YEARS_12 = ("4. “社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”738.66万元，主要用于人员经费及公用经费。"
                "2023年当年预算执行数为711.34万元，2024年预算安排738.66万元，比2023年预算执行数增加3.84%。\n")


def test_a_change_between_two_stated_figures():
    # 12_shanghai_putuo_shfly_2024ys_unit.pdf p6: (738.66 − 711.34) / 711.34 = 3.84 % (right)
    assert _codes(TWO_YEARS_12, "AL209") == []
    (d,) = _codes(TWO_YEARS_12.replace("增加3.84%", "增加4.84%"), "AL209")
    assert "3.84" in d.message_zh
    (d,) = _codes(TWO_YEARS_12.replace("增加3.84%", "减少3.84%"), "AL209")
    assert "增加" in d.message_zh
    (d,) = _codes(TWO_YEARS_12.replace("增加3.84%", "持平"), "AL209")
    assert "增加" in d.message_zh


def test_flat_between_equal_stated_figures_is_not_reported():
    text = "2023年当年预算执行数为6.40万元，2024年预算安排6.40万元，与2023年预算执行数持平。\n"
    assert _codes(text, "AL209") == []


def test_a_rate_on_a_zero_base_is_a_note():
    text = "项目支出 30 万元，比上年增加 30 万元，增长 100%。\n"
    (d,) = _codes(text, "AL211")
    assert d.severity == "info"
    assert _codes(text, "AL203") == []
    assert _codes("项目支出 60 万元，比上年增加 30 万元，增长 100%。\n", "AL211") == []


def test_an_increase_stated_as_a_multiple():
    # 16_jiangsu_jcy_2018ys.pdf p25: 2247.84 / 140.2 = 16.03, "增长 16 倍" is right
    text = ("单位预留机动经费预算数为 2,388.04 万元。与上年相比增加 2,247.84 万元（上年单位预留机动经费预算数为 140.2 万元），"
            "增长 16 倍。\n")
    assert _codes(text, "AL210") == []
    (d,) = _codes(text.replace("16 倍", "15 倍"), "AL210")
    assert "16.03" in d.message_zh


def test_a_change_split_into_changes_that_go_opposite_ways():
    # a budget of 烟台市信访局 2026 (calinchow-del/renwu), p27: −49.81 = +75.19 − 125
    text = "2.支出预算减少49.81万元，其中基本支出增加75.19万元，项目支出减少125万元。\n"
    assert _codes(text, "AL101") == [] and _codes(text, "AL104") == []
    (d,) = _codes(text.replace("减少125", "减少135"), "AL104")
    assert "-59.81" in d.message_zh or "−59.81" in d.message_zh or "59.81" in d.message_zh


def test_a_change_measured_after_an_adjustment_is_not_the_figure_s_change():
    # 国家信访局 2026 budget (calinchow-del/renwu) p20: two changes of one figure on two bases
    text = ("国家信访局2026年一般公共预算当年财政拨款16,474.82万元，比2025年执行数减少20,766.6万元，减幅55.76%，"
            "扣除中央基建后比2025年执行数增加2,775.6万元，增幅20.26%。\n")
    assert _codes(text, "AL208") == [] and _codes(text, "AL203") == []


def test_a_sentence_after_a_list_speaks_of_the_list_s_total():
    # 深圳市政府办公厅 2026 budget (calinchow-del/renwu) p7: 28.46 / (166.02 − 28.46) = 20.69 %
    text = ("4.研究调研活动166.02万元，主要包括：政府重要文稿起草及调研工作116.3万元；党建及业务专题培训49.72万元，"
            "用于开展党建及业务专题培训工作的支出。较2025年年初预算增加28.46万元，增幅20.7%。\n")
    assert _codes(text, "AL203") == []
    assert _codes(text.replace("20.7%", "25.7%"), "AL203")


def test_a_new_quantity_after_a_semicolon_is_not_a_part():
    # 西安市信访局 2026 budget (calinchow-del/renwu) p7: 44 + 8 = 52; 实有人员 59 is another quantity
    text = "本部门人员编制52人，其中行政编制44人，事业编制8人；实有人员59人，其中行政人员44人。\n"
    assert _codes(text, "AL101") == []
    assert _codes(text.replace("事业编制8人", "事业编制18人"), "AL101")


def test_a_part_after_a_semicolon_before_the_parts_add_up_stays_a_part():
    # 国家信访局 2026 budget (calinchow-del/renwu) p17: 16,474.82 + 31,888.00 + 2,254.12 = 50,616.94
    text = ("2026 年国家信访局收入预算总计 50,616.94 万元，其中，一般公共预算拨款收入 16,474.82 万元，占 32.55%；"
            "其他收入 31,888.00 万元，占 63.0%；上年结转 2,254.12 万元，占 4.45%。\n")
    assert _codes(text, "AL102") == [] and _codes(text, "AL202") == []
    assert _codes(text.replace("占 4.45%", "占 5.45%"), "AL202")


def test_a_year_in_a_clause_ending_in_de_does_not_label_the_figure():
    # x3_jiangsu_jcy_2019ys.pdf p26: the 700 万元 are 培训费收入 that a 2018 budget took in
    text = "江苏省人民检察院2019年度部门预算公开\n其他资金收入中，纳入2018年预算管理的700万元培训费收入今年列入专户。\n"
    assert [d for d in lint_text(text) if d.code == "AL504"] == []
    labelled = "江苏省人民检察院2019年度部门预算公开\n2018年预算支出700万元。\n"
    assert [d for d in lint_text(labelled) if d.code == "AL504"]


def test_a_change_right_after_a_part_is_the_part_s_change():
    # 中共西安市委宣传部 2021 budget (calinchow-del/renwu) p9: the 248.96 is 工资福利支出's change
    text = ("一般公共预算支出 25859.6 万元，其中：工资福利支出（301）2079.07 万元，较上年增加 248.96 万元，增长 13.6%；"
            "商品和服务支出（302）1200 万元。\n")
    assert _codes(text, "AL203") == [] and _codes(text, "AL208") == []
    assert _codes(text.replace("增长 13.6%", "增长 18.6%"), "AL203")


def test_a_sentence_opening_with_its_basis_may_speak_of_the_last_figure_before():
    # 西安市卫生健康委员会 2022 决算 (calinchow-del/renwu) p11: 17,151.62 / (296,047.75 + 17,151.62) = 5.48 %
    text = ("2022年度一般公共预算财政拨款支出年初预算139,217.01万元，支出决算296,047.75万元，完成年初预算的212.65%。"
            "与上年相比，财政拨款支出减少17,151.62万元，下降5.48%。\n")
    assert _codes(text, "AL203") == []
    assert _codes(text.replace("下降5.48%", "下降7.48%"), "AL203")


def test_a_list_cut_at_the_paragraph_end_is_not_counted():
    # 长春市信访局 2026 budget (calinchow-del/renwu) p5: a wrapped line left unjoined cut the list
    from conftest import lint_text
    cut = "内设十个机构，分别是：办公室、来信受理处、网\n"
    assert [d for d in lint_text(cut) if d.code == "AL403"] == []
    whole = "内设十个机构，分别是：办公室、来信受理处、网络投诉受理处。\n"
    assert [d for d in lint_text(whole) if d.code == "AL403"]


def test_an_aside_in_brackets_details_its_part_and_does_not_end_the_list():
    # 广州市气象局 2026 budget (calinchow-del/renwu) p25: 0 + 24.8 + 1.31 = 26.11
    text = ("2026年本部门财政拨款安排“三公”经费26.11万元，其中：因公出国（境）费0万元；公务用车购置及运行维护费24.8万元"
            "（公务用车购置费0万元，比上年减少19.6万元；公务用车运行维护费24.8万元，比上年减少5.45万元。）；"
            "公务接待费1.31万元。\n")
    assert _codes(text, "AL101") == [] and _codes(text, "AL102") == []
    assert _codes(text.replace("公务接待费1.31万元", "公务接待费3.31万元"), "AL101")


def test_a_disclosure_needs_its_duties_and_its_glossary():
    from conftest import lint_text
    base = "上海市普陀区财政局\n2025年部门预算\n\n一、部门主要职能\n负责财政收支管理。\n\n二、名词解释\n1.财政拨款收入：指本级财政当年拨付的资金。\n"
    assert [d for d in lint_text(base) if d.code == "AL401"] == []
    missing = base.replace("二、名词解释", "二、其他说明")
    (d,) = [d for d in lint_text(missing) if d.code == "AL401"]
    assert "名词解释" in d.message_zh
    # a file of tables only (公开表, the 说明 published apart) is not asked for them
    # (corpus/real/15: its captions lost in the text layer, only the 支出功能分类 columns tell)
    rows = [["功能科目编码", "功能科目名称", "金额"], ["201", "一般公共服务支出", "13,907.78"],
            ["20101", "人大事务", "13,907.78"]]
    tables_only = "\n".join("\n".join("\t" + c for c in r) + "\n" for r in rows)
    assert [d for d in lint_text(tables_only) if d.code == "AL401"] == []


def test_a_numbered_list_inside_a_paragraph_counts_on_by_one():
    # 中共西安市委宣传部 2021 budget (calinchow-del/renwu) p42, the note under 表14
    from conftest import lint_text
    good = "备 注：1、绩效指标可选择填写。 2、根据需要可往下续表。 3、市县扶贫资金项目的绩效目标必须公开。4、市县部门也应公开。\n"
    assert [d for d in lint_text(good) if d.code == "AL405"] == []
    (d,) = [d for d in lint_text(good.replace("3、市县", "2、市县")) if d.code == "AL405"]
    assert "重复" in d.message_zh
    (d,) = [d for d in lint_text(good.replace("3、市县", "5、市县").replace("4、市县", "6、市县")) if d.code == "AL405"]
    assert "跳号" in d.message_zh
    # figures and dates are no markers; a list continued from above is not judged
    assert [d for d in lint_text("支出1.5万元，增长2.3%。3、其他事项。\n") if d.code == "AL405"] == []
    assert [d for d in lint_text("（3）加强管理；（4）完善制度。\n") if d.code == "AL405"] == []
    (d,) = [d for d in lint_text("主要措施：（1）完成预算编制；（2）组织绩效自评；（2）开展监督检查。\n") if d.code == "AL405"]


# 无锡市 2026 budgets (calinchow-del/renwu): 科目 rows of the tables, in 万元
TABLE_WUXI = _table("一般公共预算支出功能分类预算表", "万元", ["科目编码", "科目名称", "合计"],
                    [["205", "教育支出", "100.00"], ["20501", "教育管理事务", "40.00"], ["2050101", "行政运行", "40.00"],
                     ["20502", "普通教育", "60.00"], ["2050201", "学前教育", "60.00"],
                     ["208", "社会保障和就业支出", "4706.84"], ["20801", "人力资源和社会保障管理事务", "4706.84"],
                     ["2080150", "事业运行", "4706.84"]])


def test_a_subject_is_looked_up_under_the_level_named_before_it():
    # 无锡人社 p43: the 事业运行 of 审计事务 (absent: 0 this year) is not 2080150 事业运行
    text = "（一）一般公共服务支出（类）审计事务（款）事业运行（项）支出 0 万元，本项调整至社会保障和就业支出（类）。\n"
    assert _codes(text + TABLE_WUXI, "AL608") == []
    # 无锡教育 p55: 其他普通教育支出 is not 普通教育; p56: 科学技术管理事务 is not 教育管理事务
    for text in ["8.普通教育（款）其他普通教育支出（项）支出 0 万元。\n",
                 "1.科学技术管理事务（款）其他科学技术管理事务支出（项）支出 0 万元。\n"]:
        assert [d for d in lint_text(TITLE + text + TABLE_WUXI) if d.code in ("AL606", "AL607", "AL612")] == []
    # the same 项 under its own 款 is still compared
    bad = "1.社会保障和就业支出（类）人力资源和社会保障管理事务（款）事业运行（项）支出 4806.84 万元。\n"
    assert _codes(bad + TABLE_WUXI, "AL608")


def test_a_former_classification_quoted_on_purpose_is_not_the_document_s():
    # 无锡信访 2025 budget (calinchow-del/renwu) p30
    text = ("原政府办公厅（室）及相关机构事务（款）信访事务（项）支出调整为信访事务（款）信访业务（项）支出。\n")
    table = _table("一般公共预算支出功能分类预算表", "万元", ["科目编码", "科目名称", "合计"],
                   [["201", "一般公共服务支出", "500.00"], ["20140", "信访事务", "500.00"], ["2014001", "行政运行", "300.00"],
                    ["2014002", "信访业务", "200.00"]])
    assert [d for d in lint_text(TITLE + text + table) if d.code.startswith("AL6")] == []


def test_a_template_phrase_with_last_year_s_year():
    # 14_jiangsu_rdbgt_2019ys_text.pdf p5 (a 2019 budget); the same phrase in 22 says 2019
    from conftest import lint_text
    title = "江苏省人大常委会办公厅2019年度部门预算公开\n"
    bad = title + "2．从预算单位构成看，纳入本部门2018年部门汇总预算编制范围的预算单位共计一家。\n"
    (d,) = [d for d in lint_text(bad) if d.code == "AL505"]
    assert "2018" in d.message_zh
    assert [d for d in lint_text(bad.replace("本部门2018年", "本部门 2019 年度")) if d.code == "AL505"] == []


def test_last_year_s_figure_beside_this_year_s_is_a_base_not_a_slip():
    # 长春市信访局 2026 budget (calinchow-del/renwu) p18
    from conftest import lint_text
    title = "长春市信访局2026年部门预算\n"
    text = title + "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比预算减少1.62万元。\n"
    assert [d for d in lint_text(text) if d.code == "AL504"] == []
    assert [d for d in lint_text(title + "2025年预算数为9.23万元。\n") if d.code == "AL504"]


def test_a_disclosure_is_one_report_whatever_forms_it_embeds():
    # 西安市卫生健康委员会 2022 决算 (calinchow-del/renwu): its 绩效 part embeds 自评表 forms and their
    # results; a form's title does not cut the 决算 in two, and a grade is judged by its own score
    from auditlint.engine import check_file
    text = ("西安市卫生健康委员会\n2022年度部门决算\n\n目 录\n\n一、主要职能\n负责卫生健康工作。\n\n"
            "（三）项目绩效自评结果\n\n西安市级卫生健康事业发展专项资金绩效自评表\n\n总分 100 98\n\n"
            "（四）财政重点评价项目绩效评价结果\n1.西安市高龄老人生活保健补贴资金项目。评价得分83.06，综合评价等级为“B”。\n\n"
            "二、名词解释\n1.财政拨款收入：指本级财政当年拨付的资金。\n")
    res = check_file("t.txt", text.encode())
    assert len(res.facts) == 1 and res.facts[0][1].name == "dept-final"
    assert not [d for d in res.diagnostics if d.code in ("AL304", "AL401", "AL402")]


def test_a_form_titled_as_a_self_evaluation_form_has_no_outline_to_miss():
    from auditlint.engine import check_file
    text = "西安市卫生健康委员会部门整体支出绩效自评表\n\n年度主要任务：完成医疗保障。\n\n总分 100 99.5\n"
    res = check_file("t.txt", text.encode())
    assert res.facts[0][1].name == "self-eval-form"
    assert not [d for d in res.diagnostics if d.code in ("AL401", "AL404")]


def test_a_figure_compared_with_its_own_year():
    # 重庆市气象局 2026 budget (calinchow-del/renwu) p2
    from conftest import lint_text
    title = "重庆市气象局2026年部门预算\n"
    bad = title + "2025年 “三公”经费预算13.85万元,比2025年减少5.45万元。\n"
    (d,) = [d for d in lint_text(bad) if d.code == "AL506"]
    assert d.claim.replace(" ", "").startswith("2025年")
    assert [d for d in lint_text(bad.replace("2025年 “三公”", "2026年 “三公”")) if d.code == "AL506"] == []
    # a budget compared with the same year's outturn is a comparison of two things
    other = title + "2025年预算数为13.85万元，比2025年执行数减少5.45万元。\n"
    assert [d for d in lint_text(other) if d.code == "AL506"] == []


# ---------------------------------------------------------------- table structure seen in real budgets

def test_the_column_number_row_of_an_empty_table_is_not_data():
    # 杭州市气象局 / 湖州市财政局 2026 budgets (calinchow-del/renwu): 表8 政府性基金预算支出预算表
    table = _table("表8 政府性基金预算支出预算表", "万元", ["科目名称", "合计", "基本支出", "项目支出"],
                   [["**", "1", "2", "3"], ["合计", "", "", ""]])
    assert _codes(table, "AL602") == []


def test_a_caption_with_a_bracketed_qualifier_gives_the_table_its_scope():
    # 西安市信访局 2026 budget (calinchow-del/renwu) p26: "表7" over the real caption
    from auditlint.engine import check_file
    text = ("表7\n部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）\n单位：元\n"
            "\t科目编码\n\t科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t13,733,180.94\n")
    res = check_file("t.txt", text.encode())
    (t,) = res.facts[0][2].tables
    assert t.caption.startswith("部门综合预算一般公共预算基本支出明细表") and t.scope[1] == "基本支出"


def test_a_table_caption_naming_performance_is_not_a_report_title():
    # 湖州市财政局 2026 budget (calinchow-del/renwu) p32: "表11 … 项目支出绩效表" in a 部门预算
    from auditlint.engine import check_file
    text = ("湖州市财政局2026年部门预算\n\n目 录\n\n一、部门职责\n本部门负责财政工作。\n\n"
            "表11.2026年市级部门项目支出绩效表\n\n项目名称：预算编制\n")
    res = check_file("t.txt", text.encode())
    assert len(res.facts) == 1 and res.facts[0][1].name == "dept-budget"
    # no 绩效 outline or conclusion is asked for (the budget's own 名词解释 is, and this excerpt has none)
    assert not [d for d in res.diagnostics if d.code == "AL404"]
    assert [dict(d.evidence)["section"] for d in res.diagnostics if d.code == "AL401"] == ["名词解释"]


# ---------------------------------------------------------------- AL606 / AL607 subjects

def test_subject_named_with_another_spelling_than_the_tables():
    # x4_jiangsu_gjfy_2018ys.pdf p19: the table says 2040502 一般行政管理事务
    bad = "2．法院（款）一般行政事务管理（项）支出 6049.97 万元。\n"
    (d,) = _codes(bad + TABLE_FIVE, "AL607")
    assert "2040502" in d.message_zh
    good = "2．法院（款）一般行政管理事务（项）支出 6049.97 万元。\n"
    assert _codes(good + TABLE_FIVE, "AL607") == []


def test_a_short_class_name_without_zhichu_is_not_a_slip():
    # 16_jiangsu_jcy_2018ys.pdf p24: 公共安全（类） is the 类 204 公共安全支出
    text = "1．公共安全（类）支出 27,442.57 万元。\n"
    assert _codes(text + TABLE_FIVE, "AL607") == [] and _codes(text + TABLE_FIVE, "AL606") == []


def test_subject_given_the_wrong_level():
    # 14_jiangsu_rdbgt_2019ys_text.pdf p13 calls the 款 a 类; here the 法院 款 of x4
    bad = "法院（类）支出 27442.57 万元。\n"
    (d,) = _codes(bad + TABLE_FIVE, "AL606")
    assert "20405" in d.message_zh
    assert _codes("法院（款）支出 27442.57 万元。\n" + TABLE_FIVE, "AL606") == []


# ---------------------------------------------------------------- AL706 template leftovers

def test_template_leftovers():
    # 01_shanghai_putuo_ghzy_2024js.pdf p25 and 12_shanghai_putuo_shfly_2024ys_unit.pdf p16
    both = "比 2023 年度减少 0.15 万元，下降（增长）27.78%。\n"
    assert _codes(both, "AL706")
    assert _codes(both.replace("下降（增长）", "下降"), "AL706") == []
    reason = "公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。\n"
    assert _codes(reason, "AL706")
    assert _codes(reason.replace("主要原因是。", "主要原因是公务用车数量未变。"), "AL706") == []
    assert _codes("五、国有资产占有使用情况（增加内容）\n", "AL706")


# ---------------------------------------------------------------- tables (issue 15)

def test_split_codes_are_joined_and_not_summed_as_money():
    # 03_shanghai_putuo_czj_2024js.pdf p15: 类 | 款 | 项 printed in three cells
    table = _table("一般公共预算财政拨款支出决算表", "万元",
                   ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
                   [["201", "", "", "一般公共服务支出", "2,106.66", "1,503.52", "603.14"],
                    ["201", "06", "", "财政事务", "2,106.66", "1,503.52", "603.14"],
                    ["201", "06", "01", "行政运行", "1,511.89", "1,503.52", "8.37"],
                    ["201", "06", "02", "一般行政管理事务", "10.00", "", "10.00"],
                    ["201", "06", "07", "信息化建设", "135.25", "", "135.25"],
                    ["201", "06", "08", "财政委托业务支出", "449.52", "", "449.52"]])
    from auditlint.engine import load_document
    from auditlint.extract import extract

    doc = load_document("t.txt", (TITLE + table).encode("utf-8"))
    (t,) = extract(doc.reports[0], []).tables
    assert [r.code for r in t.rows] == ["201", "20106", "2010601", "2010602", "2010607", "2010608"]
    assert t.unit == "万元" and t.understood
    assert [d for d in lint_text(TITLE + table) if d.code.startswith("AL6")] == []
    wrong = table.replace("\t1,511.89", "\t1,611.89")
    assert [d.code for d in lint_text(TITLE + wrong) if d.code.startswith("AL6")] == ["AL603", "AL602"]


def test_a_table_whose_header_is_not_understood_is_not_checked():
    table = _table("收支预算总表", "万元", ["项目"],
                   [["201", "一般公共服务支出", "100.00", "50.00"],
                    ["20101", "人大事务", "90.00", "40.00"]])
    from auditlint.engine import load_document
    from auditlint.extract import extract

    doc = load_document("t.txt", (TITLE + table).encode("utf-8"))
    (t,) = extract(doc.reports[0], []).tables
    assert not t.understood and "表头未识别" in t.why
    assert [d for d in lint_text(TITLE + table) if d.code.startswith("AL6")] == []


# the rules these cases prove on real sentences (tests/test_rules.py counts them)
TESTED_RULES = {"AL101", "AL104", "AL405", "AL505", "AL506", "AL201", "AL203", "AL206", "AL207", "AL208", "AL209", "AL210", "AL211", "AL608", "AL609", "AL610", "AL611", "AL612", "AL613", "AL614", "AL615", "AL708", "AL602", "AL603", "AL606", "AL607", "AL706", "AL707"}
