"""Training the learned entity layer from gold files in the contract format and a tagged corpus.

`python -m pipeline train-ner --gold DIR [--gold DIR ...] [--corpus FILE] -o MODEL` reads every
record with `text` and `entities` in the gold folders (entities in order, matched to the text
from left to right as docs/gold.md writes them) and, optionally, a corpus of
`{"id", "text", "entities": [{"start", "end", "label"}]}` lines mapped onto this project's
conventions (`pipeline.ner.conventions`). Every text is split into sentences and tagged by LAC in
batches, and crfsuite fits the CRF with L-BFGS and an L1 penalty that keeps the model small.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.ner.conventions import corpus_to_project
from pipeline.ner.crf import spans_to_labels
from pipeline.ner.crf_features import sentence_features, tag_probabilities, tag_probability_names, training_items
from pipeline.ner.gold import Example, gold_examples, json_lines
from pipeline.ner.lac_runner import BatchedLacTagger, load_model
from pipeline.ner.sentences import sentence_spans


@dataclass(frozen=True)
class TrainingSettings:
    """crfsuite's L-BFGS settings: `c1` (L1) prunes features, `c2` (L2) smooths the rest."""

    c1: float = 0.05
    c2: float = 0.01
    iterations: int = 150
    min_feature_count: int = 2
    gold_repeats: int = 3


def corpus_examples(path: Path, include: str | None = None) -> list[Example]:
    """Corpus lines with offsets (ids matching the regular expression `include`), in our conventions."""
    pattern = re.compile(include) if include else None
    examples = []
    for where, record in json_lines(path):
        if pattern and not pattern.search(str(record.get("id", ""))):
            continue
        try:
            spans = [(int(e["start"]), int(e["end"]), str(e["label"])) for e in record.get("entities", [])]
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{where}: corpus entities need 'start', 'end' and 'label'") from None
        text, spans = corpus_to_project(record["text"], spans)
        examples.append(Example(text, spans, where))
    if not examples:
        raise ConfigError(f"{path}: no corpus lines" + (f" with an id matching '{include}'" if include else ""))
    return examples


def sentence_sequences(examples: list[Example]) -> Iterator[tuple[list[dict[str, float]], list[str]]]:
    """(crfsuite items, labels) of every sentence, LAC tagging all sentences of the examples in
    batches: each character's feature names and LAC's probability of each of its tags."""
    tagger = BatchedLacTagger(load_model())
    sentences = [(example, start, end) for example in examples for start, end in sentence_spans(example.text)]
    for first in range(0, len(sentences), 4096):
        chunk = sentences[first : first + 4096]
        tagged, scores = tagger.tag_scored([example.text[start:end] for example, start, end in chunk])
        for (example, start, end), words, tag_scores in zip(chunk, tagged, scores, strict=True):
            inside = [(max(s, start) - start, min(e, end) - start, label) for s, e, label in example.spans]
            labels = spans_to_labels(end - start, [span for span in inside if span[0] < span[1]])
            rows = sentence_features(example.text[start:end], words)
            probabilities = tag_probabilities(tag_scores.scores)
            yield training_items(rows, probabilities, tag_probability_names(tag_scores.names)), labels


def train(examples: list[Example], gold: list[Example], output: Path, settings: TrainingSettings | None = None) -> int:
    """Fit the CRF on `examples` plus `gold` (repeated `gold_repeats` times); returns the sentence count."""
    import pycrfsuite

    settings = settings or TrainingSettings()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.iterations,
            "feature.minfreq": settings.min_feature_count,
            "feature.possible_transitions": True,
        }
    )
    count = 0
    for features, labels in sentence_sequences(examples):
        trainer.append(features, labels)
        count += 1
    for features, labels in sentence_sequences(gold):
        for _ in range(settings.gold_repeats):
            trainer.append(features, labels)
        count += 1
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))
    return count


def train_from_paths(
    gold_dirs: list[Path],
    corpus: Path | None,
    include: str | None,
    output: Path,
    settings: TrainingSettings | None = None,
    problems: list[str] | None = None,
) -> str:
    """`train-ner`: read every source first, then fit; bad gold records go to `problems` and
    are left out, the rest trains."""
    if not gold_dirs and corpus is None:
        raise ConfigError("train-ner needs at least one --gold folder or a --corpus file")
    gold = [example for folder in gold_dirs for example in gold_examples(folder, problems)]
    examples = corpus_examples(corpus, include) if corpus else []
    if not gold and not examples:
        raise ConfigError("train-ner: no annotated records to train on")
    began = time.monotonic()
    sentences = train(examples, gold, output, settings)
    mentions = sum(len(example.spans) for example in [*gold, *examples])
    return (
        f"{output}: {len(gold)} gold records, {len(examples)} corpus texts, {mentions} mentions, "
        f"{sentences} sentences, {time.monotonic() - began:.0f} s, {output.stat().st_size / 1e6:.1f} MB"
    )
