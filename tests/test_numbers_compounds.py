"""Compound measures: a quantity followed directly by a number of a smaller unit is one measure."""

from __future__ import annotations

import pytest

from pipeline.facts.lexicon import parse_ladder
from pipeline.numbers import find_quantities, parse_quantity


def spans(text: str) -> list[tuple[str, int | float, str]]:
    return [(text[q.start : q.end], q.value, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("expression", "value", "unit", "ladder"),
    [
        ("１０秒０５", 10.05, "秒", "time"),  # a sprint: the digits after 秒 are hundredths
        ("２分３０秒１２", 150.12, "秒", "time"),  # a race time in its smallest unit, seconds
        ("５５分１８秒６０", 3318.6, "秒", "time"),  # the fact gold's own race-time example
        ("３小时２０分", 200, "分", "time"),  # minutes are the smallest unit printed
        ("３小时２０分钟", 200, "分钟", "time"),
        ("１米９８", 1.98, "米", "length"),  # a height: the digits after 米 are centimetres
        ("1米98", 1.98, "米", "length"),
        ("１米８０厘米", 180, "厘米", "length"),
        ("５元３角", 53, "角", "money"),
        ("５元３角５分", 535, "分", "money"),
        ("３斤２两", 32, "两", "market weight"),
    ],
)
def test_a_compound_measure_is_one_quantity_in_its_smallest_printed_unit(expression, value, unit, ladder):
    (quantity,) = find_quantities(expression)
    assert (quantity.start, quantity.end) == (0, len(expression))
    assert (quantity.value, quantity.unit, quantity.ladder, quantity.form) == (value, unit, ladder, "compound")


@pytest.mark.parametrize("expression", ["２分３０秒１２", "１米９８", "约３小时２０分左右", "１元３角多"])
def test_a_compound_measure_parses_back_from_its_text(expression):
    (found,) = find_quantities(expression)
    assert parse_quantity(expression) == found


def test_markers_around_a_compound_measure_set_its_approximation():
    assert [(q.value, q.unit, q.approx) for q in find_quantities("约３小时２０分")] == [(200, "分", "about")]
    assert [(q.value, q.unit, q.approx) for q in find_quantities("１元３角多")] == [(13, "角", "over")]


def test_the_numeral_span_of_a_compound_covers_all_its_numbers():
    text = "用时５５分１８秒６０。"
    (quantity,) = find_quantities(text)
    assert text[quantity.number_start : quantity.number_end] == "５５分１８秒６０"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("３比１", [("３", 3, ""), ("１", 1, "")]),  # a score: 比 is no unit
        ("３时２０分", [("３", 3, ""), ("２０分", 20, "分")]),  # a clock time: 时 is on no ladder
        ("１０秒钟", [("１０秒", 10, "秒")]),  # 钟 is no number
        ("３小时９０分", [("３小时", 3, "小时"), ("９０分", 90, "分")]),  # 90 minutes make no lower rung of an hour
        ("１米９８公斤", [("１米", 1, "米"), ("９８公斤", 98, "公斤")]),  # digits with a unit of their own
        ("１０秒０５６７", [("１０秒", 10, "秒"), ("０５６７", 567, "")]),  # more decimals than a timer prints
        ("１０秒０５.３", [("１０秒", 10, "秒"), ("０５.３", 5.3, "")]),  # a decimal number of its own
        ("５元３", [("５元", 5, "元"), ("３", 3, "")]),  # money takes no unprinted smaller rung
        ("２５分１０个", [("２５分", 25, "分"), ("１０个", 10, "个")]),  # points, then a count
        ("１米、９８", [("１米", 1, "米"), ("９８", 98, "")]),  # a list: not directly after the unit
        ("１０秒０５和１０秒１２", [("１０秒０５", 10.05, "秒"), ("１０秒１２", 10.12, "秒")]),
        ("１.５小时２０分", [("１.５小时", 1.5, "小时"), ("２０分", 20, "分")]),  # a fraction of an hour opens none
        ("２—３米５", [("２—３米", 2, "米"), ("５", 5, "")]),  # a range opens none
        ("一分一秒", [("一分", 1, "分"), ("一秒", 1, "秒")]),  # an idiom: written-out numerals do not compound
    ],
)
def test_what_is_no_compound_measure(text, expected):
    assert spans(text) == expected


def test_a_ladder_rung_without_a_count_of_the_next_is_named():
    with pytest.raises(ValueError, match=r"units.toml: ladders.time.rungs\[1\]: `next`"):
        parse_ladder({"name": "time", "rungs": [{"units": ["小时"]}, {"units": ["分"]}]}, 1)
