"""The learned subject chooser of the facts stage (pipeline/facts/ranker.py, ranker_training.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.facts.extract import extract_facts, jieba_tokens
from pipeline.facts.ranker import SubjectRanker
from pipeline.facts.ranker_training import Example, Recorder, labelled_groups, train
from pipeline.registry import StageContext
from pipeline.stages.facts import Facts, FactsOptions
from pipeline.types import Document, Token

# A convention the rules do not follow: the holder before a measured dimension is no part of the
# subject (`公路全长120公里` -> `全长`, where the rules keep `公路全长`); beside it, sentences the rules
# already get right, so the ranker must learn when to leave them.
TRAINING = [
    ("公路全长120公里。", "全长"),
    ("隧道全长800米。", "全长"),
    ("铁路全长1300公里。", "全长"),
    ("堤坝全长900米。", "全长"),
    ("新增义务教育学位6600个。", "义务教育学位"),
    ("城市垃圾无害化处理率达到90%。", "垃圾无害化处理率"),
    ("全市新建村级养老服务站12个。", "村级养老服务站"),
    ("带动了352名贫困妇女实现就业。", "贫困妇女"),
    ("新建农村公路养护站15个。", "农村公路养护站"),
    ("培训农村实用人才3000人。", "农村实用人才"),
    ("改造城市老旧小区40个。", "城市老旧小区"),
    ("新增高标准农田5000亩。", "高标准农田"),
]


@pytest.fixture(scope="module")
def posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def tokens(posseg, text: str) -> list[Token]:
    return jieba_tokens(posseg, text)


def subjects(posseg, text: str, chooser=None) -> list[str | None]:
    return [fact.subject for fact in extract_facts(text, tokens(posseg, text), (), chooser)]


def test_ranker_learns_to_drop_the_holder_before_a_dimension_which_the_rules_keep(posseg):
    found: list[Example] = []
    for text, subject in TRAINING:
        fact = extract_facts(text, tokens(posseg, text))[0]
        gold = [{"value": fact.value, "unit": fact.unit, "subject": subject}]
        found += labelled_groups(text, tokens(posseg, text), (), gold)
    assert len(found) == len(TRAINING)
    ranker = train(found)

    unseen = "运河全长1700公里。"
    assert subjects(posseg, unseen) == ["运河全长"]  # the rules' answer
    assert subjects(posseg, unseen, ranker) == ["全长"]
    kept = "新建乡村文化广场30个。"  # where the rules are right, the ranker agrees
    assert subjects(posseg, kept) == ["乡村文化广场"]
    assert subjects(posseg, kept, ranker) == ["乡村文化广场"]


def test_candidates_hold_the_rules_answer_first_and_no_subject(posseg):
    recorder = Recorder()
    text = "公路全长120公里。"
    extract_facts(text, tokens(posseg, text), (), recorder)
    (candidates,) = recorder.groups
    assert candidates[0].text == "公路全长" and "is_rules" in candidates[0].features
    texts = {candidate.text for candidate in candidates}
    assert {"全长", "公路", None} <= texts


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("新增义务教育学位6600个；", "义务教育学位"),  # spec lines from seed 004
        ("带动了352名贫困妇女实现在家门口灵活就业。", "贫困妇女"),
    ],
)
def test_shipped_weights_choose_the_spec_subject_in_the_stage(sentence, subject):
    """The stage with `subjects = "ranker"` (words from jieba: no entity stage runs before it)."""
    stage = Facts(FactsOptions(subjects="ranker"))
    stage.setup(StageContext())
    doc = Document.from_raw("spec", sentence, "spec")
    stage.process(doc)
    assert [fact.subject for fact in doc.articles[0].facts] == [subject]
    assert any(path.name == "subject_ranker.json" for path in stage.data_files())


def test_shipped_weights_are_a_readable_table_of_feature_weights():
    ranker = SubjectRanker.load()
    assert len(ranker.weights) > 100
    assert ranker.weights["is_rules"] > 0 > ranker.weights["other_than_rules"]


def test_a_broken_weights_file_is_one_error_naming_it(tmp_path: Path):
    broken = tmp_path / "weights.json"
    broken.write_text(json.dumps({"weights": []}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"weights\.json: not a subject ranker weights file"):
        SubjectRanker.load(broken)
