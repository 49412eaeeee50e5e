"""The learned entity layer: a linear-chain CRF (crfsuite) over characters and LAC's words.

Labels are BIO over PER/ORG/LOC per character. The layer reads sentences with LAC's words and
tags (`pipeline.ner.crf_features`) and gives spans with a confidence: the smallest marginal
probability of the span's labels, which the document-level vote uses to decide what may be
propagated. crfsuite trains the model; tagging reads its weights into numpy and decodes many
sentences at once (`pipeline.ner.crf_decoding`), with crfsuite's answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.resources import files
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import numpy as np

from pipeline.errors import ConfigError
from pipeline.ner.crf_decoding import ModelFileError, decode, emission_scores, read_crfsuite_model
from pipeline.ner.crf_features import FeatureBuilder, FeatureNames, tag_probabilities, tag_probability_names
from pipeline.ner.labels import ENTITY_LABELS, Span
from pipeline.ner.lac_runner import TagScores
from pipeline.types import Token

OUTSIDE = "O"
# The model that ships with the package; the version in the name changes with its training data.
SHIPPED_MODEL = "newspaper-ner-crf-v4.crfsuite"


class ScoredSpan(NamedTuple):
    start: int
    end: int
    label: str
    confidence: float


def shipped_model_path() -> Path:
    return Path(str(files("pipeline.ner").joinpath("models", SHIPPED_MODEL)))


def spans_to_labels(length: int, spans: Sequence[Span]) -> list[str]:
    """BIO labels of `length` characters; spans are `(start, end, label)`, not overlapping."""
    labels = [OUTSIDE] * length
    for start, end, label in spans:
        if label not in ENTITY_LABELS or not 0 <= start < end <= length:
            continue
        labels[start] = "B-" + label
        for position in range(start + 1, end):
            labels[position] = "I-" + label
    return labels


def labels_to_spans(labels: Sequence[str]) -> list[Span]:
    """Spans of a BIO sequence; an `I-` that does not continue a span of its label starts one."""
    spans: list[Span] = []
    start, current = 0, None
    for position, tag in enumerate([*labels, OUTSIDE]):
        kind, _, label = tag.partition("-")
        if current is not None and not (kind == "I" and label == current):
            spans.append((start, position, current))
            current = None
        if kind in ("B", "I") and current is None:
            start, current = position, label
    return spans


class CrfTagger:
    """A trained crfsuite model; `tag_sentences` gives the scored spans of many sentences at once."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise ConfigError(f"entity model '{path}' not found (train one with python -m pipeline train-ner)")
        try:
            self.model = read_crfsuite_model(path)
        except ModelFileError as error:
            raise ConfigError(f"entity model '{path}' is not a crfsuite model ({error})") from None
        self.path = path
        self.features = FeatureBuilder(FeatureNames(self.model.attributes))
        self._weights_by_tags: dict[tuple[str, ...], np.ndarray | None] = {}

    def tag(
        self, sentence: str, words: Sequence[Token], offset: int = 0, tag_scores: TagScores | None = None
    ) -> list[ScoredSpan]:
        """Spans with offsets into the sentence plus `offset`; `words` carry article offsets."""
        return self.tag_sentences([(sentence, words, offset)], None if tag_scores is None else [tag_scores])[0]

    def tag_sentences(
        self,
        sentences: Iterable[tuple[str, Sequence[Token], int]],
        tag_scores: Sequence[TagScores | None] | None = None,
    ) -> list[list[ScoredSpan]]:
        """The spans of each `(sentence, words, offset)`, as `tag` gives them, decoded together:
        longest sentence first, one step per character position over those still running.

        `tag_scores[i]`, when given, holds LAC's emission scores of sentence i; a model trained
        with them reads LAC's tag probabilities from it (`crf_features.tag_probabilities`).
        """
        items = list(sentences)
        results: list[list[ScoredSpan]] = [[] for _ in items]
        order = sorted((i for i, item in enumerate(items) if item[0]), key=lambda i: -len(items[i][0]))
        if not order:
            return results
        # Flat lists of ints, filled sentence by sentence: each sentence's rows (lists, which the
        # garbage collector tracks) are freed at once instead of piling up for the whole batch.
        flat_ids: list[int] = []
        flat_lengths: list[int] = []
        for i in order:
            rows = self.features(*items[i])
            flat_lengths += map(len, rows)
            flat_ids += chain.from_iterable(rows)
        attribute_ids = np.array(flat_ids, dtype=np.intp)
        row_lengths = np.array(flat_lengths, dtype=np.intp)
        lengths = np.array([len(items[i][0]) for i in order], dtype=np.intp)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        values, value_weights = self._probabilities([tag_scores[i] for i in order] if tag_scores else [], lengths)
        emissions = emission_scores(self.model, attribute_ids, row_lengths, values, value_weights)
        names = self.model.labels
        outside = names.index(OUTSIDE) if OUTSIDE in names else -1
        labels, marginals = decode(emissions, starts, lengths, self.model.transitions, outside)
        inside = np.concatenate(([0], np.cumsum(labels != outside)))
        for i, start, length in zip(order, starts.tolist(), lengths.tolist(), strict=True):
            stop = start + length
            if inside[stop] == inside[start]:
                continue
            sentence_labels = [names[label] for label in labels[start:stop].tolist()]
            offset = items[i][2]
            results[i] = [
                ScoredSpan(begin + offset, end + offset, label, float(marginals[start + begin : start + end].min()))
                for begin, end, label in labels_to_spans(sentence_labels)
            ]
        return results

    def _probabilities(
        self, scores: list[TagScores | None], lengths: np.ndarray
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """LAC's tag probabilities of the sentences in order (0 where a sentence has no scores)
        and the model's label weights of each tag's attribute (0 for tags it has none for)."""
        present = [score for score in scores if score is not None]
        if not present:
            return None, None
        weights = self._probability_weights(present[0].names)
        if weights is None:
            return None, None
        blocks = [
            score.scores if score is not None else np.zeros((length, weights.shape[0]), dtype=np.float32)
            for score, length in zip(scores, lengths.tolist(), strict=True)
        ]
        values = tag_probabilities(np.concatenate(blocks))
        if len(present) < len(scores):
            values[np.repeat([score is None for score in scores], lengths)] = 0.0
        return values, weights

    def _probability_weights(self, names: tuple[str, ...]) -> np.ndarray | None:
        """One row of label weights per tag of `names`, or `None` if the model has none of them."""
        if names not in self._weights_by_tags:
            rows = [self.model.attributes.get(name, 0) for name in tag_probability_names(names)]
            self._weights_by_tags[names] = self.model.state_weights[rows] if any(rows) else None
        return self._weights_by_tags[names]
