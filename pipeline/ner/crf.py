"""The learned entity layer: a linear-chain CRF (crfsuite) over characters and LAC's words.

Labels are BIOES over PER/ORG/LOC per character (models trained with BIO labels decode too).
The layer reads a sentence with LAC's words and tags (`pipeline.ner.crf_features`) and gives
spans with a confidence: the smallest marginal probability crfsuite assigns to the span's
labels, which the document-level vote uses to decide what may be propagated.
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
SHIPPED_MODEL = "newspaper-ner-crf-v2.crfsuite"


class ScoredSpan(NamedTuple):
    start: int
    end: int
    label: str
    confidence: float


def shipped_model_path() -> Path:
    return Path(str(files("pipeline.ner").joinpath("models", SHIPPED_MODEL)))


def spans_to_labels(length: int, spans: Sequence[Span]) -> list[str]:
    """BIOES labels of `length` characters: `B-` begins a name, `I-` continues it, `E-` ends it,
    `S-` is a name of one character. Spans are `(start, end, label)`, not overlapping.

    Marking the end, not only the beginning, lets the model learn where a name stops (at its
    kind word: `…局`, `…医院`) and that another starts right after (`E-ORG` `B-ORG` in lists of
    bodies printed without separators), which BIO leaves to the next character's label.
    """
    labels = [OUTSIDE] * length
    for start, end, label in spans:
        if label not in ENTITY_LABELS or not 0 <= start < end <= length:
            continue
        if end - start == 1:
            labels[start] = "S-" + label
            continue
        labels[start] = "B-" + label
        for position in range(start + 1, end - 1):
            labels[position] = "I-" + label
        labels[end - 1] = "E-" + label
    return labels


def labels_to_spans(labels: Sequence[str]) -> list[Span]:
    """Spans of a BIOES (or BIO) sequence: `B-`/`S-` start a span, `E-`/`S-` end it; an `I-` or
    `E-` that does not continue a span of its label starts one."""
    spans: list[Span] = []
    start, current = 0, None
    for position, tag in enumerate([*labels, OUTSIDE]):
        kind, _, label = tag.partition("-")
        if current is not None and (kind in ("B", "S", "O") or label != current):
            spans.append((start, position, current))
            current = None
        if kind != "O" and current is None:
            start, current = position, label
        if kind in ("E", "S"):
            spans.append((start, position + 1, current))
            current = None
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
