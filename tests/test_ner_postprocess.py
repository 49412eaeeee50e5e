"""Newspaper post-processing rules, each on a sentence from the seeds with the spans a model gave."""

from __future__ import annotations

from pipeline.ner.postprocess import (
    DEFAULT_RULES,
    apply_rules,
    drop_fragments,
    drop_headless_orgs,
    join_departments,
    join_place_and_body,
    propagate,
    relabel_bodies,
    strip_titles,
)
from tests.entity_spans import spans_of, texts_of


def test_titles_after_a_name_are_not_part_of_the_person() -> None:
    text = "梁业诚先生捐资助学，习近平总书记关于党的建设的重要思想"
    spans = spans_of(text, ("梁业诚先生", "PER"), ("习近平总书记", "PER"))
    assert texts_of(text, strip_titles(text, spans)) == [("梁业诚", "PER"), ("习近平", "PER")]


def test_a_title_alone_is_not_shortened_to_nothing() -> None:
    text = "总书记拉开车窗"
    assert strip_titles(text, [(0, 3, "PER")]) == [(0, 3, "PER")]


def test_one_character_fragments_of_a_missed_name_are_dropped() -> None:
    text = "离石区基础教育阶段"
    spans = [(0, 1, "LOC")]
    assert drop_fragments(text, spans) == []


def test_a_place_found_once_is_found_everywhere_in_the_article_also_in_its_bare_form() -> None:
    text = "近日，离石区统一战线同心书画院举办活动。离石一中和朝阳小学举行签约仪式。"
    spans = spans_of(text, ("离石区", "LOC"), ("同心书画院", "ORG"), ("朝阳小学", "ORG"))
    found = texts_of(text, propagate(text, spans))
    assert ("离石", "LOC") in found


def test_a_span_that_starts_inside_a_known_name_is_extended_to_the_name() -> None:
    """LAC reads `离石一中` as the verb `离` plus ORG `石一中`."""
    text = "一直以来，离石区基础教育阶段各自为政。此次离石一中与朝阳小学签约。"
    spans = spans_of(text, ("离石区", "LOC"), ("石一中", "ORG"), ("朝阳小学", "ORG"))
    assert texts_of(text, propagate(text, spans))[1] == ("离石一中", "ORG")


def test_a_place_followed_by_a_body_is_one_organisation() -> None:
    text = "城北街道、离石区委统战部、江阴初中、北城一幼"
    spans = spans_of(text, ("离石区", "LOC"), ("江阴", "LOC"), ("北城", "LOC"))
    joined = texts_of(text, join_place_and_body(text, spans))
    assert joined == [("离石区委统战部", "ORG"), ("江阴初中", "ORG"), ("北城一幼", "ORG")]


def test_bureaus_with_long_names_join_their_place() -> None:
    text = "石楼县教育体育局与离石区教科局签约"
    spans = spans_of(text, ("石楼县", "LOC"), ("离石区", "LOC"))
    assert texts_of(text, join_place_and_body(text, spans)) == [("石楼县教育体育局", "ORG"), ("离石区教科局", "ORG")]


def test_a_place_before_an_organisation_that_repeats_the_place_stays_apart() -> None:
    text = "石楼县石楼中学的教师"
    spans = spans_of(text, ("石楼县", "LOC"), ("石楼中学", "ORG"))
    assert join_place_and_body(text, spans) == spans


def test_schools_and_development_zones_called_places_are_organisations() -> None:
    text = "离石区江阴初级中学，汾阳杏花村经济技术开发区，青海高原"
    spans = spans_of(text, ("离石区江阴初级中学", "LOC"), ("汾阳杏花村经济技术开发区", "LOC"), ("青海高原", "LOC"))
    assert [label for _, _, label in relabel_bodies(text, spans)] == ["ORG", "ORG", "LOC"]


def test_a_department_after_its_body_joins_it() -> None:
    text = "区委统战部、市委统战部"
    spans = spans_of(text, ("区委", "ORG"), ("统战部", "ORG"), ("市委", "ORG"))
    assert texts_of(text, join_departments(text, spans)) == [("区委统战部", "ORG"), ("市委统战部", "ORG")]


def test_organisations_without_a_body_word_at_the_end_are_dropped() -> None:
    text = "以高质量党建引领新时代党的建设，党中央、国务院和市直学校"
    spans = spans_of(text, ("新时代", "ORG"), ("党中央", "ORG"), ("国务院", "ORG"), ("市直学校", "ORG"))
    kept = texts_of(text, drop_headless_orgs(text, spans))
    assert kept == [("党中央", "ORG"), ("国务院", "ORG"), ("市直学校", "ORG")]


def test_default_rules_turn_lac_fragments_into_the_gold_names() -> None:
    """LAC's spans on `离石一中` and `离石区委`: a verb `离`, then `石一中和` and `石区委`."""
    text = "近日，离石区统一战线同心书画院举办活动。离石一中和朝阳小学签约，离石区委书记出席。"
    spans = spans_of(
        text, ("离石区", "LOC"), ("同心书画院", "ORG"), ("石一中和", "ORG"), ("朝阳小学", "ORG"), ("石区委", "ORG")
    )
    result = texts_of(text, apply_rules(text, spans, list(DEFAULT_RULES)))
    assert result == [
        ("离石区", "LOC"),
        ("同心书画院", "ORG"),
        ("离石一中", "ORG"),
        ("朝阳小学", "ORG"),
        ("离石区委", "ORG"),
    ]
