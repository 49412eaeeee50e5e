"""The number grammar on the seeds' own quantity expressions."""

from __future__ import annotations

import pytest

from pipeline.numbers import find_quantities, parse_quantity


def only(text: str) -> tuple:
    quantity = parse_quantity(text)
    assert quantity is not None, text
    return quantity.value, quantity.unit, quantity.approx, quantity.value_max


@pytest.mark.parametrize(
    ("expression", "value", "unit"),
    [
        ("6600个", 6600, "个"),  # 004: 新增义务教育学位 6600个
        ("155.38亿元", 15_538_000_000, "元"),  # 002: 实现工业产值（非煤产业产值）155.38亿元
        ("12,742头", 12742, "头"),  # 004: 存栏牛 12742 头, with a thousands separator
        ("６６００个", 6600, "个"),  # full-width digits as a PDF may print them
        ("12.49万公里", 124_900, "公里"),  # 000: 西藏公路通车里程达 12.49 万公里
    ],
)
def test_arabic_numbers_with_decimals_separators_and_full_width_digits(expression, value, unit):
    assert only(expression)[:2] == (value, unit)


@pytest.mark.parametrize(
    ("expression", "value", "unit"),
    [
        ("三千二百万", 32_000_000, ""),
        ("十二", 12, ""),
        ("两次", 2, "次"),  # 000: 习近平总书记曾两次到访这个藏族村落
        ("三届", 3, "届"),  # 002: 三届世界酒文化博览会
        ("一个周期", 1, "个周期"),  # 000: 新增 1 万吨产能项目已生产一个周期
        ("三桶", 3, "桶"),  # heldout h01: 先后兑换了两袋面粉、三桶食用油 (containers count)
    ],
)
def test_chinese_numerals(expression, value, unit):
    assert only(expression)[:2] == (value, unit)


@pytest.mark.parametrize(
    ("expression", "value", "unit"),
    [
        ("1.2万亿元", 1_200_000_000_000, "元"),  # 000: 雅下投资 1.2\n万亿元
        ("156 万元", 1_560_000, "元"),  # 004: 帮助她们贷款 156 万元 (a space left by the PDF)
        ("15.44万千升", 154_400, "千升"),  # 002: 白酒产量 15.44\n万千升: 千 is the unit's, 万 the magnitude
        ("5.88 万吨", 58_800, "吨"),  # 000: 汾酒 5.88 万吨的储能项目
        ("220.82万元/亩", 2_208_200, "元/亩"),  # 002: 投资强度 220.82 万元/亩
        ("1300多万元", 13_000_000, "元"),  # 004: 先后募集 1300多万元
        ("千亿元", 100_000_000_000, "元"),  # 000: 达到第一个千亿元
        ("六十二万", 620_000, ""),  # the 62万 of 000 in words, which cn2an reads only without 多
    ],
)
def test_magnitude_words_fold_into_the_value_and_the_unit_is_kept(expression, value, unit):
    assert only(expression)[:2] == (value, unit)


@pytest.mark.parametrize(
    ("expression", "value", "unit"),
    [
        ("54.5%", 54.5, "%"),  # 004: 全区小学外县户籍占比达到 54.5%
        ("2.9 个百分点", 2.9, "个百分点"),  # 003: 上升 2.9 个百分点
        ("3.5 倍", 3.5, "倍"),  # 002: 核定绩效工资系数为 3.5 倍
        ("五分之一", 0.2, ""),  # 003: 初中教学人数的五分之一
        ("一半", 0.5, ""),  # 003: 果洛州高中教学人数的一半以上
        ("百分之五十四点五", 54.5, "%"),
    ],
)
def test_percentages_points_multiples_and_fractions(expression, value, unit):
    assert only(expression)[:2] == (value, unit)


@pytest.mark.parametrize(
    ("expression", "approx"),
    [
        ("150 余人", "over"),  # 004: 共计 150 余人参加活动
        ("62万多", "over"),  # 000: 62万多贫困人口全部脱贫
        ("3 倍多", "over"),  # 003: 是果洛西宁民族中学的 3 倍多
        ("3个多小时", "over"),  # 000: 这段路只用了 3\n个多小时
        ("60%以上", "over"),  # 003: 确保 60%以上用于一线职工教育和培训
        ("超过 4200 米", "over"),  # 003: 平均海拔超过 4200 米
        ("突破70%", "over"),  # 003: 本科上线率突破70%
        ("上万人", "over"),  # 003: 培养学生上万人
        ("约 68%", "about"),  # 003: 本科上线率约 68%
        ("近 2000 名", "about"),  # 003: 先后选派近 2000 名教师
        ("2000 名左右", "about"),  # 003: 培养造就 2000 名左右大国工匠
    ],
)
def test_approximation_markers(expression, approx):
    assert only(expression)[2] == approx


def test_markers_inside_the_unit_leave_the_unit_whole():
    assert only("3个多小时")[:2] == (3, "个小时")


def test_ranges_give_value_and_value_max():
    # 002: 英杰中学每周选派 2—3 名优秀教师赴交口三中
    assert only("2—3 名") == (2, "名", None, 3)


def test_a_range_may_repeat_its_unit():
    # 003: 这是 2008 年至 2023 年全体毕业生共同赠送的
    assert only("2008 年至 2023 年") == (2008, "年", None, 2023)


def test_a_lower_end_printed_with_its_unit_takes_no_share_of_the_upper_magnitude():
    assert only("５０００头至１万头") == (5000, "头", None, 10000)
    assert only("2至3万人") == (20000, "人", None, 30000)


@pytest.mark.parametrize(
    ("expression", "value", "value_max"),
    [("三五年", 3, 5), ("两三个", 2, 3), ("十七八岁", 17, 18), ("一二百元", 100, 200), ("二三十万人", 200000, 300000)],
)
def test_two_rising_written_out_digits_are_a_range(expression, value, value_max):
    quantity = parse_quantity(expression)
    assert quantity is not None and (quantity.value, quantity.value_max) == (value, value_max)


def test_two_written_out_digits_that_do_not_rise_are_no_number():
    assert find_quantities("九五期间") == [] and find_quantities("九七年") == []


def test_a_second_marker_after_the_unit_opens_the_next_word():
    (quantity,) = find_quantities("８０多个多用途集装箱")
    assert (quantity.end, quantity.approx) == (4, "over")


def test_a_line_break_left_inside_a_number_is_tolerated():
    # 000 as printed: 雅下投资 1.2\n万亿元
    assert only("1.2\n万亿元")[:2] == (1_200_000_000_000, "元")


def test_near_after_zui_is_no_marker():
    [quantity] = find_quantities("最近3年")
    assert quantity.approx is None and "最近3年"[quantity.start : quantity.end] == "3年"


def test_find_quantities_gives_offsets_into_the_text():
    # 004: 实施养殖项目 72 个，存栏牛 12742 头、羊 42321 只、猪 43823 只
    text = "实施养殖项目 72 个，存栏牛 12742 头、羊 42321 只、猪 43823 只"
    found = [(text[q.start : q.end], q.value, q.unit) for q in find_quantities(text)]
    assert found == [
        ("72 个", 72, "个"),
        ("12742 头", 12742, "头"),
        ("42321 只", 42321, "只"),
        ("43823 只", 43823, "只"),
    ]


def test_text_that_is_not_one_quantity_does_not_parse():
    assert parse_quantity("十九大") is None  # 大 is no unit
    assert parse_quantity("6600个学位") is None


@pytest.mark.parametrize(
    ("expression", "value", "unit", "approx"),
    [
        ("十几年", 10, "年", "over"),  # 十几: ten and some
        ("两个半小时", 2.5, "个小时", None),  # 个半: and a half
        ("过百岁", 100, "岁", "over"),  # 过 before a bare magnitude
        ("零下5摄氏度", -5, "摄氏度", None),  # 零下 is a sign
        ("3/4", 0.75, "", None),  # a fraction with a slash
        ("一又二分之一子", 1.5, "子", None),  # a mixed fraction
        ("未满16周岁", 16, "周岁", "under"),
    ],
)
def test_forms_of_approximate_negative_and_fractional_quantities(expression, value, unit, approx):
    assert only(expression)[:3] == (value, unit, approx)


def test_guo_before_an_arabic_number_is_a_verb_not_a_marker():
    (quantity,) = find_quantities("经过3年")
    assert (quantity.start, quantity.approx) == (2, None)


def test_a_slash_run_of_three_numbers_is_no_fraction():
    assert all(quantity.form != "fraction" for quantity in find_quantities("编号1/2/3"))


def test_a_slash_pair_before_a_count_word_is_no_fraction():
    assert find_quantities("６９／７０次列车") == []
    assert parse_quantity("3/4英寸").value == 0.75


@pytest.mark.parametrize(
    ("expression", "value", "unit", "approx"),
    [
        ("５００来公斤", 500, "公斤", "about"),  # colloquial `来` between number and unit
        ("千把块", 1000, "块", "about"),  # colloquial `把` after a bare magnitude
        ("６０出头", 60, "", "over"),
        ("２尺多", 2, "尺", "over"),
    ],
)
def test_colloquial_approximations_between_or_after_the_number(expression, value, unit, approx):
    assert only(expression)[:3] == (value, unit, approx)


def test_lai_and_ba_mark_nothing_without_a_unit_after_them_or_when_doubled():
    assert [(q.start, q.end, q.unit, q.approx) for q in find_quantities("搬来十把椅子")] == [(2, 4, "把", None)]
    assert find_quantities("一来二来") == []
    assert [(q.start, q.end, q.unit) for q in find_quantities("一把把钥匙")] == [(0, 2, "把")]
