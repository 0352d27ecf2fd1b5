"""AL710 in a township's own report: the township names of its county against the national
township list (rules/divisions/towns.zip, 国家统计局 2023 via modood).

Names are real (the county's townships as listed); the sentences around them are test data
unless a seed is named.  Positives have one character doubled or dropped."""
from __future__ import annotations

import subprocess
import sys

from conftest import lint_text, seed_with

from auditlint.divisions import town_variants, towns_of

XIANGTAN = "湘潭县中路铺镇人民政府2024年度部门整体支出绩效自评报告\n一、基本情况\n"
QIANJIANG = "黔江区白土乡人民政府2023年度整体支出评价\n一、基本情况\n"


def _al710(text):
    return [d for d in lint_text(text) if d.code == "AL710"]


def test_the_catalogue_knows_the_county():
    own, province = towns_of("湘潭县")
    assert {"中路铺镇", "射埠镇", "谭家山镇", "分水乡"} <= own and len(own) == 17
    assert own < province
    variants = town_variants("湘潭县").variants
    assert variants["射埠埠镇"] == ("射埠镇", "doubled") and variants["谭山镇"] == ("谭家山镇", "dropped")


def test_a_neighbouring_township_with_a_character_doubled_or_dropped():
    right = XIANGTAN + "中路铺镇位于湘潭县境东南部，东与射埠镇、石鼓镇接壤，北邻谭家山镇。\n"
    assert _al710(right) == []
    ds = _al710(right.replace("射埠镇", "射埠埠镇"))
    assert len(ds) == 1 and "射埠镇" in ds[0].message_zh
    ds = _al710(right.replace("谭家山镇", "谭山镇"))
    assert len(ds) == 1 and "谭家山镇" in ds[0].message_zh


def _al7(text):
    return [(d.code, d.line, d.message_zh) for d in lint_text(text) if d.code in ("AL705", "AL710")]


def test_the_units_own_name_wrong_in_its_title():
    # the catalogue knows 湘潭县 has 中路铺镇, not 中铺镇 nor 中路铺铺镇: the title is the slip, reported
    # once (as the unit's own name, AL705), and the body's right 中路铺镇 is never held to it
    body = "一、基本情况\n中路铺镇位于湘潭县境东南部，中路铺镇政府坚持以人民为中心。\n"
    for title in ("湘潭县中铺镇人民政府2024年度部门整体支出绩效自评报告\n",
                  "湘潭县中路铺铺镇人民政府2024年度部门整体支出绩效自评报告\n"):
        found = _al7(title + body)
        assert len(found) == 1 and found[0][1] == 1 and "“中路铺镇”" in found[0][2], found
    # a county slip in the title likewise (湘潭潭县), and its townships are still checked
    found = _al7("湘潭潭县中路铺镇人民政府2024年度部门整体支出绩效自评报告\n一、基本情况\n"
                 "中路铺镇位于湘潭县境东南部，北邻谭山镇。\n")
    assert sorted((c, ln) for c, ln, _m in found) == [("AL705", 1), ("AL710", 3)], found
    assert _al7("湘潭县中路铺镇人民政府2024年度部门整体支出绩效自评报告\n" + body) == []


def test_a_slip_inside_a_longer_real_name_and_a_former_name_are_not_slips():
    # 黔江区 has 小南海镇: 南海镇 inside it is not a slip; 小南镇 (dropped 海) is
    assert _al710(QIANJIANG + "白土乡与小南海镇、金洞乡相邻。\n") == []
    assert len(_al710(QIANJIANG + "白土乡与小南镇、金洞乡相邻。\n")) == 1
    assert _al710(XIANGTAN + "原谭家镇并入后，全镇辖区面积扩大。\n") == []


def test_the_seeds_own_neighbours():
    # seed 000 (黔江区白土乡、金洞乡、邻鄂镇 reports): every township name is right as written
    text = seed_with("000", "解决邻鄂镇饮水难题", "解决邻鄂镇饮水难题")  # the seed as it is
    assert _al710(text) == []
    # in the 金洞乡 report, the neighbouring 邻鄂镇 written with a character doubled
    text = seed_with("000", "村·黔江区金洞乡叶家大院", "村·黔江区金洞乡邻鄂鄂镇叶家大院")
    assert len([d for d in lint_text(text) if d.code == "AL710" and "邻鄂镇" in d.message_zh]) == 1


def test_the_catalogue_is_read_only_for_a_townships_report():
    code = ("from auditlint.engine import check_file; from auditlint import divisions as d;"
            "check_file('a.txt', '湘潭县财政局2024年度部门预算\\n一、基本情况\\n射埠镇。\\n'.encode());"
            "print(d.towns_of_province.cache_info().currsize);"
            "check_file('b.txt', '湘潭县中路铺镇人民政府2024年度部门预算\\n一、基本情况\\n射埠镇。\\n'.encode());"
            "print(d.towns_of_province.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "1"]
