"""Tagging a crfsuite model in numpy: its file read exactly, and crfsuite's answers on many sentences at once."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from pipeline.errors import ConfigError
from pipeline.ner.crf import CrfTagger, labels_to_spans, shipped_model_path
from pipeline.ner.crf_decoding import decode, read_crfsuite_model
from pipeline.ner.crf_features import (
    FeatureBuilder,
    FeatureNames,
    tag_probabilities,
    tag_probability_names,
    training_items,
)
from pipeline.ner.lac_runner import BatchedLacTagger, load_model
from pipeline.ner.sentences import sentence_spans
from tests.conftest import SEEDS, TRAIN_PAGES

UNSEEN_PAGES = ("000_eeb040e43fb6874f", "002_16a3edb67855dc3f")  # not among the trained model's pages


def test_the_model_file_gives_crfsuites_labels_attributes_and_weights(trained_model: Path) -> None:
    reference = pycrfsuite.Tagger()
    reference.open(str(trained_model))
    info = reference.info()
    model = read_crfsuite_model(trained_model)
    assert list(model.labels) == reference.labels()
    assert set(model.attributes) == set(info.attributes)
    column = {label: index for index, label in enumerate(model.labels)}
    # pycrfsuite's info() prints weights with six decimals; the file holds them exactly.
    state = [model.state_weights[model.attributes[a], column[label]] for a, label in info.state_features]
    assert np.allclose(state, list(info.state_features.values()), atol=1e-6)
    assert np.count_nonzero(model.state_weights) == len(info.state_features)
    assert not model.state_weights[0].any()
    transitions = [model.transitions[column[a], column[b]] for a, b in info.transitions]
    assert np.allclose(transitions, list(info.transitions.values()), atol=1e-6)


@pytest.mark.parametrize("which", ["trained on two seed pages", "shipped"])
def test_numpy_tagging_gives_crfsuites_spans_and_confidences_on_pages_the_model_did_not_learn(
    which: str, trained_model: Path
) -> None:
    model = trained_model if which.startswith("trained") else shipped_model_path()
    texts = [(SEEDS / f"{page}.txt").read_text(encoding="utf-8") for page in UNSEEN_PAGES]
    sentences = [text[start:end] for text in texts for start, end in sentence_spans(text)]
    assert not set(UNSEEN_PAGES) & set(TRAIN_PAGES)
    words, scores = BatchedLacTagger(load_model()).tag_scored(sentences)
    tagged = CrfTagger(model).tag_sentences([(s, w, 0) for s, w in zip(sentences, words, strict=True)], scores)

    reference = pycrfsuite.Tagger()
    reference.open(str(model))
    names = FeatureBuilder(FeatureNames({name: name for name in read_crfsuite_model(model).attributes}))
    spans_found = 0
    for sentence, sentence_words, sentence_scores, found in zip(sentences, words, scores, tagged, strict=True):
        probabilities = tag_probabilities(sentence_scores.scores)
        items = training_items(
            names(sentence, sentence_words), probabilities, tag_probability_names(sentence_scores.names)
        )
        labels = reference.tag(items) if sentence else []
        expected = labels_to_spans(labels)
        assert [(s.start, s.end, s.label) for s in found] == expected, sentence
        confidences = [min(reference.marginal(labels[i], i) for i in range(a, b)) for a, b, _ in expected]
        assert [s.confidence for s in found] == pytest.approx(confidences, abs=1e-9)
        spans_found += len(found)
    assert spans_found > 100


def test_a_sentence_without_lac_scores_is_tagged_as_alone_next_to_sentences_with_them(trained_model: Path) -> None:
    sentences = ["吕梁市教育局局长王艳在离石区委统战部召开会议。", "梁业诚先生向汾阳中学捐资助学。"]
    words, scores = BatchedLacTagger(load_model()).tag_scored(sentences)
    tagger = CrfTagger(trained_model)
    items = [(s, w, 0) for s, w in zip(sentences, words, strict=True)]
    assert any(name.startswith("lac=") for name in tagger.model.attributes)
    together = tagger.tag_sentences(items, [scores[0], None])
    assert together[0] == tagger.tag(*items[0], scores[0])
    assert together[1] == tagger.tag(*items[1])
    assert together[0] and together[1]


def test_decoding_sequences_together_gives_each_ones_best_path_and_marginals() -> None:
    """Against every path of three labels, on random scores; the sequences share one pass."""
    random = np.random.default_rng(17)
    lengths = np.array([5, 4, 4, 2, 1])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    emissions = random.normal(0, 3, (lengths.sum(), 3))
    transitions = random.normal(0, 3, (3, 3))
    labels, marginals = decode(emissions, starts, lengths, transitions)
    labels_again, marginals_of_spans = decode(emissions, starts, lengths, transitions, outside=0)
    assert labels_again.tolist() == labels.tolist()
    for start, length in zip(starts, lengths, strict=True):
        scores = emissions[start : start + length]
        paths = list(itertools.product(range(3), repeat=length))
        totals = np.array(
            [sum(scores[t, p[t]] for t in range(length)) + _path_transitions(p, transitions) for p in paths]
        )
        probabilities = np.exp(totals - totals.max())
        probabilities /= probabilities.sum()
        best = paths[int(totals.argmax())]
        assert labels[start : start + length].tolist() == list(best)
        for t in range(length):
            expected = sum(p for path, p in zip(paths, probabilities, strict=True) if path[t] == best[t])
            assert marginals[start + t] == pytest.approx(expected, abs=1e-12)
            # with an `outside` label, a sequence without any other label needs no marginals
            assert marginals_of_spans[start + t] == (marginals[start + t] if any(best) else 1.0)


def test_equal_scores_give_the_first_label_as_crfsuite_does() -> None:
    labels, _ = decode(np.zeros((4, 3)), np.array([0]), np.array([4]), np.zeros((3, 3)))
    assert labels.tolist() == [0, 0, 0, 0]


def test_a_truncated_model_file_is_a_one_line_error(tmp_path: Path) -> None:
    cut = tmp_path / "cut.crfsuite"
    cut.write_bytes(shipped_model_path().read_bytes()[:100_000])
    with pytest.raises(ConfigError, match=r"^entity model '.*cut\.crfsuite' is not a crfsuite model \([a-z ]+\)$"):
        CrfTagger(cut)


def _path_transitions(path: tuple[int, ...], transitions: np.ndarray) -> float:
    return sum(transitions[a, b] for a, b in itertools.pairwise(path))
