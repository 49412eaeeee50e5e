"""The typography every stage shares: printed widths, character classes, numerals."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.ner.sentences import sentence_spans
from pipeline.numbers import QUANTITY
from pipeline.typography import CJK, FULL_STOPS, cjk_mask, printed_widths


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("在“公”与“私”的体制鸿沟面前，毅然承担起", "回馈社会的责任，倾力输出优质教学资源、毫无"),
        ("江阴初中和城镇中学按照“一体两翼”办", "学格局，实行共教共建、捆绑发展，带动"),
        ("访留守儿童 1600 余名，帮助他们解", "决心理、行为习惯、人身安全和学习"),
        ("纷表示：“这样的健步走活动，让大家在", "大自然中放松了身心、舒缓了压力，沟"),
    ],
)
def test_full_lines_of_one_column_measure_alike_with_quotes_and_spaced_numbers(marked: str, plain: str) -> None:
    # Consecutive full lines of one paragraph (seeds 002, 004). Curly quotes take a full em, two
    # marks in a row (`：“`) 1.5, and the gap the extractor writes as a space beside a number
    # counts; otherwise such lines look short and end paragraphs or pass for headlines.
    marked_width, plain_width = printed_widths([marked, plain])
    assert abs(marked_width - plain_width) <= 0.5


def test_justification_spaces_have_no_width_but_the_gap_beside_a_number_has_half_an_em() -> None:
    spread, tight, number = printed_widths(["西 藏 工 作", "西藏工作", "共 1600 余名"])
    assert spread == tight == 4.0
    assert number == 3 + 2 + 2 * 0.5


def test_chinese_characters_and_full_width_marks_are_cjk_but_latin_letters_and_digits_of_any_width_are_not() -> None:
    codes = np.frombuffer("汉，“a1０".encode("utf-32-le"), dtype=np.uint32)
    assert cjk_mask(codes).tolist() == [True, True, True, False, False, False]
    assert "汉" not in CJK  # a class of ranges for patterns, not a list of characters


def test_half_width_stops_end_a_sentence_for_the_tagger_as_full_width_ones_do() -> None:
    assert set("!?") <= set(FULL_STOPS)
    assert sentence_spans("他说:好!我们走。“对?”") == [(0, 5), (5, 9), (9, 13)]


@pytest.mark.parametrize("figure", ["１６００名", "1,600名", "一千六百名"])
def test_numbers_are_read_in_arabic_full_width_and_chinese_numerals(figure: str) -> None:
    match = QUANTITY.search(figure)
    assert match is not None and match.group() == figure
