"""The learned layer's parts: corpus conventions, character features, BIO labels, gold alignment."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from pipeline.errors import ConfigError
from pipeline.ner.conventions import corpus_to_project, half_width
from pipeline.ner.crf import CrfTagger, labels_to_spans, shipped_model_path, spans_to_labels
from pipeline.ner.crf_features import (
    FeatureBuilder,
    FeatureNames,
    char_class,
    read_word_classes,
    sentence_features,
    tag_probabilities,
    tag_probability_names,
    training_items,
)
from pipeline.ner.gold import align_mentions, gold_examples
from pipeline.types import Token
from tests.entity_spans import spans_of, texts_of


def test_corpus_text_gets_the_half_width_digits_cleanup_writes_and_keeps_its_length() -> None:
    text = "１９９８年ＭＭＭ公司"
    assert half_width(text) == "1998年MMM公司"


def test_a_corpus_place_followed_by_a_body_word_becomes_one_organisation() -> None:
    text = "北京市政府决定，市委要求各地落实。"
    mapped_text, spans = corpus_to_project(text, spans_of(text, ("北京市", "LOC")))
    assert texts_of(mapped_text, spans) == [("北京市政府", "ORG"), ("市委", "ORG")]


def test_names_inside_work_titles_are_dropped_and_doctrines_hide_their_person() -> None:
    text = "学习《江泽民文选》，高举邓小平理论伟大旗帜。"
    mapped_text, spans = corpus_to_project(text, spans_of(text, ("江泽民", "PER")))
    assert texts_of(mapped_text, spans) == [("邓小平", "PER")]


def test_bio_labels_and_spans_convert_both_ways() -> None:
    spans = [(0, 3, "PER"), (3, 5, "LOC"), (7, 8, "ORG")]
    labels = spans_to_labels(9, spans)
    assert labels == ["B-PER", "I-PER", "I-PER", "B-LOC", "I-LOC", "O", "O", "B-ORG", "O"]
    assert labels_to_spans(labels) == spans
    assert labels_to_spans(["O", "I-LOC", "I-LOC", "I-ORG"]) == [(1, 3, "LOC"), (3, 4, "ORG")]


def test_character_classes_tell_numerals_digits_letters_and_punctuation_apart() -> None:
    assert [char_class(c) for c in "离一7Ａa，"] == ["H", "N", "D", "P", "L", "P"]


_MEETING = "吕梁市教育局召开会议"


def _meeting_words(offset: int) -> list[Token]:
    """LAC's words of `_MEETING` set at `offset` in its article."""
    cuts = [("吕梁市", 0, 3, "LOC"), ("教育局", 3, 6, "ORG"), ("召开", 6, 8, "v"), ("会议", 8, 10, "n")]
    return [Token(word, start + offset, end + offset, tag) for word, start, end, tag in cuts]


def test_each_character_sees_its_lac_word_and_the_word_classes_ending_there() -> None:
    sentence = _MEETING
    rows = sentence_features(sentence, _meeting_words(10), offset=10)
    assert len(rows) == len(sentence)
    assert "p=BLOC" in rows[0] and "p=MLOC" in rows[1] and "p=ELOC" in rows[2]
    assert "np=ORG" in rows[1] and "pp=LOC" in rows[4]
    assert "E:place_suffix" in rows[2] and "E:org_suffix" in rows[5]
    assert "B:surname" in rows[0] and "c-1=^" in rows[0] and "c1=$" in rows[-1]


def test_characters_see_how_far_the_body_word_ending_their_name_lies_within_the_clause() -> None:
    sentence = "中国农业科学院原子能利用研究所，今天"
    words = [
        Token("中国农业科学院", 0, 7, "ORG"),
        Token("原子能", 7, 10, "n"),
        Token("利用", 10, 12, "v"),
        Token("研究所", 12, 15, "n"),
        Token("，", 15, 16, "w"),
        Token("今天", 16, 18, "t"),
    ]
    rows = sentence_features(sentence, words)
    assert "wl=ORG6" in rows[0] and "wf=中ORG" in rows[3] and "we=院ORG" in rows[6]
    assert "ah:org_suffixa" in rows[12] and "ah:org_suffixc" in rows[7] and "ah:org_suffixb" in rows[0]
    assert "-1E:org_suffix" in rows[7] and "bh:org_suffixa" in rows[7]
    assert not any(feature.startswith(("ah:", "bh:")) for feature in rows[16] + rows[17])


def test_a_models_features_are_the_ids_of_those_it_knows_of_all_the_features() -> None:
    sentence, words = _MEETING, _meeting_words(0)
    every = sentence_features(sentence, words)
    names = ["c0=教", "p=BLOC", "w=教育局", "E:org_suffix", "ah:org_suffixa", "pp=LOC", "bh:place_suffixa"]
    known = {name: index for index, name in enumerate(names, start=1)}
    rows = FeatureBuilder(FeatureNames(known))(sentence, words)
    assert [sorted(row) for row in rows] == [sorted(known[name] for name in row if name in known) for row in every]
    assert known["c0=教"] in rows[3] and known["ah:org_suffixa"] in rows[5]


def test_the_shipped_model_tags_alike_from_its_known_features_and_from_all_features() -> None:
    sentence = "吕梁市教育局局长王艳在离石区委统战部召开会议，新华社记者报道。"
    cuts = [3, 6, 8, 10, 11, 15, 18, 20, 22, 23, 26, 28, 30, 31]
    tags = ["LOC", "ORG", "n", "PER", "p", "ORG", "n", "v", "n", "w", "ORG", "n", "v", "w"]
    words = [Token(sentence[a:b], a, b, tag) for a, b, tag in zip([0, *cuts[:-1]], cuts, tags, strict=True)]
    reference = pycrfsuite.Tagger()
    reference.open(str(shipped_model_path()))
    from_all = labels_to_spans(reference.tag(sentence_features(sentence, words)))
    tagger = CrfTagger(shipped_model_path())
    assert [(span.start, span.end, span.label) for span in tagger.tag(sentence, words)] == from_all
    assert (0, 6, "ORG") in from_all or (0, 3, "LOC") in from_all


def test_a_class_ending_twice_at_one_character_is_one_feature_there() -> None:
    classes = read_word_classes('org_suffix = ["局", "教育局"]')
    rows = FeatureBuilder(classes=classes)("县教育局", [Token("县", 0, 1, "n"), Token("教育局", 1, 4, "n")])
    assert rows[3].count("E:org_suffix") == 1 and rows[1].count("B:org_suffix") == 1


def test_lac_tag_scores_become_one_probability_per_tag_after_the_feature_names() -> None:
    probabilities = tag_probabilities(np.array([[3.0, 0.0, -1.0], [0.5, 0.5, 0.5]], dtype=np.float32))
    assert probabilities.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert probabilities[0].argmax() == 0 and probabilities[1] == pytest.approx([1 / 3] * 3)
    names = tag_probability_names(("PER-B", "PER-I", "O"))
    items = training_items([["c0=梁", "p=BPER"], ["c0=业"]], probabilities, names)
    assert list(items[0]) == ["c0=梁", "p=BPER", "lac=PER-B", "lac=PER-I", "lac=O"]
    assert items[0]["p=BPER"] == 1.0 and items[1]["lac=O"] == pytest.approx(1 / 3)


def test_word_classes_come_from_a_readable_table() -> None:
    classes = read_word_classes('org_suffix = ["局", "委员会"]\nchain_suffix = ["社区"]')
    assert sorted(classes.matches("阳光社区居民委员会")) == [(2, 4, "chain_suffix"), (6, 9, "org_suffix")]


def test_gold_mentions_are_found_in_reading_order_even_when_repeated() -> None:
    text = "王艳说，吕梁市和吕梁市委都支持王艳。"
    spans = align_mentions(text, [("王艳", "PER"), ("吕梁市", "LOC"), ("吕梁市委", "ORG"), ("王艳", "PER")], "x:1")
    assert texts_of(text, spans) == [("王艳", "PER"), ("吕梁市", "LOC"), ("吕梁市委", "ORG"), ("王艳", "PER")]


def test_a_gold_mention_missing_from_its_text_is_a_one_line_error_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"text": "王艳说。", "entities": [{"text": "王艳", "label": "PER"}]}\n'
        '{"text": "李四说。", "entities": [{"text": "张三", "label": "PER"}]}\n',
        encoding="utf-8",
    )
    problems: list[str] = []
    examples = gold_examples(tmp_path, problems)
    assert [example.text for example in examples] == ["王艳说。"]
    assert problems == [f"{tmp_path / 'a.jsonl'}:2: entity '张三' is not in the record's text"]
    with pytest.raises(ConfigError, match=r"a\.jsonl:2"):
        gold_examples(tmp_path)


def test_the_shipped_model_loads_offline_and_is_small() -> None:
    path = shipped_model_path()
    assert path.is_file() and path.stat().st_size < 5_000_000
    assert CrfTagger(path).tag("", []) == []


def test_a_file_that_is_not_a_model_is_a_one_line_error(tmp_path: Path) -> None:
    bogus = tmp_path / "m.crfsuite"
    bogus.write_text("not a model", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not a crfsuite model"):
        CrfTagger(bogus)


def test_another_backends_tokens_and_entities_become_the_layers_words_and_tags() -> None:
    from spacy.tokens import Span as SpacySpan

    from pipeline.ner.spacy_glue import backend_words, make_language

    nlp = make_language("char")
    doc = nlp("赵雪宏到吕梁 调研")
    doc.ents = [SpacySpan(doc, 0, 3, label="PER"), SpacySpan(doc, 4, 6, label="LOC")]
    words = backend_words(doc)
    assert [(w.text, w.start, w.pos) for w in words][:5] == [
        ("赵", 0, "PER"),
        ("雪", 1, "PER"),
        ("宏", 2, "PER"),
        ("到", 3, "x"),
        ("吕", 4, "LOC"),
    ]
    assert " " not in [w.text for w in words]


def test_the_shipped_layer_finds_whole_names_on_a_sentence_it_was_not_trained_on() -> None:
    """Made-up sentence of the kinds the hand rules got wrong (a county bureau, a township)."""
    from pipeline.ner.lac_runner import BatchedLacTagger, load_model

    sentence = "交城县发展和改革局局长王建国在夏家营镇调研。"
    words, scores = BatchedLacTagger(load_model()).tag_scored([sentence])
    spans = CrfTagger(shipped_model_path()).tag(sentence, words[0], tag_scores=scores[0])
    found = {(sentence[s.start : s.end], s.label) for s in spans}
    assert ("交城县发展和改革局", "ORG") in found and ("王建国", "PER") in found
    assert all(0 < s.confidence <= 1 for s in spans)
