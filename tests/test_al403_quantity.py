"""AL403 list-count: a quantity broken down after 分别为 is not a list of what it counts.

The sentences are invented in the style of a real report (test data)."""
from __future__ import annotations

from conftest import lint_text


REPORT = "湘潭县中路铺镇2024年度部门整体支出绩效自评报告\n一、基本情况\n"


def _al403(text):
    return [d for d in lint_text(REPORT + text + "\n") if d.code == "AL403"]


def test_units_broken_down_are_not_list_items():
    # a real report's "分别购置设备17套、2套、57套、33套", with its total stated before 分别为
    assert _al403("采购设备109套，分别为电脑17套、2套、57套、33套。") == []
    assert _al403("共建成站点12个，分别为东村5个、西村7个。") == []
    # the list ends at the comma after its items: the next clause's 17套、2套… are not items
    text = "项目实施学校{}所，分别为：城关小学、石门小学、新城小学、安乐小学，分别购置设备17套、2套、57套、33套。"
    assert _al403(text.format(4)) == []
    ds = _al403(text.format(5))
    assert len(ds) == 1 and "4 个" in ds[0].message_zh


def test_a_list_that_is_a_list_is_still_counted():
    assert len(_al403("采购设备4套，分别为电脑、打印机、投影仪。")) == 1
    # items carrying figures of another unit are still items
    assert len(_al403("内设机构3个，即：办公室（5人）、财务股（3人）、综合股（4人）、信访股（2人）。")) == 1
    assert _al403("内设机构4个，即：办公室（5人）、财务股（3人）、综合股（4人）、信访股（2人）。") == []
