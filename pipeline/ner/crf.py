"""The learned entity layer: a linear-chain CRF (crfsuite) over characters and LAC's words.

Labels are BIO over PER/ORG/LOC per character. The layer reads a sentence with LAC's words and
tags (`pipeline.ner.crf_features`) and gives spans with a confidence: the smallest marginal
probability crfsuite assigns to the span's labels, which the document-level vote uses to decide
what may be propagated.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import ConfigError
from pipeline.ner.crf_features import FeatureBuilder, FeatureNames
from pipeline.ner.labels import ENTITY_LABELS
from pipeline.types import Token

Span = tuple[int, int, str]
OUTSIDE = "O"
# The model that ships with the package; the version in the name changes with its training data.
SHIPPED_MODEL = "newspaper-ner-crf-v3.crfsuite"


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
    """A trained crfsuite model; `tag` gives the scored spans of one sentence."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        if not path.is_file():
            raise ConfigError(f"entity model '{path}' not found (train one with python -m pipeline train-ner)")
        self.tagger = pycrfsuite.Tagger()
        try:
            self.tagger.open(str(path))
        except (OSError, ValueError):
            raise ConfigError(f"entity model '{path}' is not a crfsuite model") from None
        self.path = path
        known = frozenset(attribute for attribute, _ in self.tagger.info().state_features)
        self.features = FeatureBuilder(FeatureNames(known))

    def tag(self, sentence: str, words: Sequence[Token], offset: int = 0) -> list[ScoredSpan]:
        """Spans with offsets into the sentence plus `offset`; `words` carry article offsets."""
        if not sentence:
            return []
        labels = self.tagger.tag(self.features(sentence, words, offset))
        marginal = self.tagger.marginal
        return [
            ScoredSpan(start + offset, end + offset, label, min(marginal(labels[i], i) for i in range(start, end)))
            for start, end, label in labels_to_spans(labels)
        ]
