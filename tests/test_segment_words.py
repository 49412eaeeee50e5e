"""The common-word list that tells a line broken inside a word from one ending where a word ends."""

from __future__ import annotations

import pytest

from pipeline.segment.words import breaks_word, common_words


@pytest.mark.parametrize(
    ("upper", "lower"), [("居委会来了新主任福", "州140余名下岗职"), ("州140余名下岗职", "工到街区当家")]
)
def test_a_common_word_across_the_break_is_a_broken_word(upper: str, lower: str) -> None:
    assert breaks_word(upper, lower)


@pytest.mark.parametrize(
    ("upper", "lower"), [("岚县举行秋冬季森林防火应急演练", "岚县开展普法宣传进广场活动"), ("北京举行新年音乐会", "。")]
)
def test_lines_ending_where_words_end_break_no_word(upper: str, lower: str) -> None:
    assert not breaks_word(upper, lower)


def test_rare_dictionary_entries_are_left_out() -> None:
    words = common_words()
    assert "职工" in words and "福州" in words
    assert all(2 <= len(word) <= 4 for word in words)
