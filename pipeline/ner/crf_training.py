"""Training the learned entity layer from gold files in the contract format and a tagged corpus.

`python -m pipeline train-ner --gold DIR [--gold DIR ...] [--corpus FILE] -o MODEL` reads every
record with `text` and `entities` in the gold folders (entities in order, matched to the text
from left to right as docs/gold.md writes them) and, optionally, a corpus of
`{"id", "text", "entities": [{"start", "end", "label"}]}` lines mapped onto this project's
conventions (`pipeline.ner.conventions`). Every text is split into sentences and tagged by LAC in
batches, and crfsuite fits the CRF with L-BFGS and an L1 penalty that keeps the model small.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.ner.conventions import corpus_to_project
from pipeline.ner.crf import Span, spans_to_labels
from pipeline.ner.crf_features import sentence_features
from pipeline.ner.labels import ENTITY_LABELS
from pipeline.ner.lac_runner import BatchedLacTagger, load_model
from pipeline.ner.sentences import sentence_spans


@dataclass(frozen=True)
class Example:
    """A text with its entity spans; `source` names the file and line it came from."""

    text: str
    spans: list[Span]
    source: str


@dataclass(frozen=True)
class TrainingSettings:
    """crfsuite's L-BFGS settings: `c1` (L1) prunes features, `c2` (L2) smooths the rest."""

    c1: float = 0.05
    c2: float = 0.01
    iterations: int = 150
    min_feature_count: int = 2
    gold_repeats: int = 3


def _json_lines(path: Path, problems: list[str] | None = None) -> Iterator[tuple[str, dict]]:
    """`(file:line, record)` of every good line; a bad line is one line in `problems` (raised
    when `problems` is None) and the following lines are still read."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        _report(ConfigError(f"{path}: cannot read: {error}"), problems)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            _report(ConfigError(f"{where}: invalid JSON: {error}"), problems)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            _report(ConfigError(f"{where}: expected an object with 'text'"), problems)
            continue
        yield where, record


def _report(error: ConfigError, problems: list[str] | None) -> None:
    if problems is None:
        raise error
    problems.append(str(error))


def align_mentions(text: str, mentions: Iterable[tuple[str, str]], where: str) -> list[Span]:
    """Spans of mentions listed in reading order, each found after the previous one.

    A mention that is not found after the previous one is looked for from the start (gold
    writers sometimes list a name out of order); one not in the text at all is an error.
    """
    spans: list[Span] = []
    cursor = 0
    taken = bytearray(len(text))
    for name, label in mentions:
        if label not in ENTITY_LABELS:
            raise ConfigError(f"{where}: entity label '{label}' is not one of {', '.join(ENTITY_LABELS)}")
        start = _free_occurrence(text, name, cursor, taken)
        if start < 0:
            start = _free_occurrence(text, name, 0, taken)
        if start < 0:
            raise ConfigError(f"{where}: entity '{name}' is not in the record's text")
        taken[start : start + len(name)] = b"\x01" * len(name)
        spans.append((start, start + len(name), label))
        cursor = start + len(name)
    return sorted(spans)


def _free_occurrence(text: str, name: str, cursor: int, taken: bytearray) -> int:
    start = text.find(name, cursor) if name else -1
    while start >= 0 and any(taken[start : start + len(name)]):
        start = text.find(name, start + 1)
    return start


def gold_examples(folder: Path, problems: list[str] | None = None) -> list[Example]:
    """Every record of `folder/*.jsonl` that has `entities` (a record without them is unannotated).

    A bad file or record is one line in `problems` (raised when `problems` is None) and the
    others are still read.
    """
    paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not paths:
        raise ConfigError(f"{folder}: no gold files <doc_id>.jsonl here")
    examples = []
    for path in paths:
        for where, record in _json_lines(path, problems):
            try:
                examples.extend(_gold_example(where, record))
            except ConfigError as error:
                _report(error, problems)
    return examples


def _gold_example(where: str, record: dict) -> list[Example]:
    entities = record.get("entities")
    if entities is None:
        return []
    if not isinstance(entities, list) or not all(
        isinstance(e, dict) and isinstance(e.get("text"), str) for e in entities
    ):
        raise ConfigError(f"{where}: 'entities' must be a list of {{'text', 'label'}} objects")
    mentions = [(e["text"], e.get("label")) for e in entities]
    return [Example(record["text"], align_mentions(record["text"], mentions, where), where)]


def corpus_examples(path: Path, include: str | None = None) -> list[Example]:
    """Corpus lines with offsets (ids matching the regular expression `include`), in our conventions."""
    pattern = re.compile(include) if include else None
    examples = []
    for where, record in _json_lines(path):
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


def sentence_sequences(examples: list[Example]) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) of every sentence, LAC tagging all sentences of the examples in batches."""
    tagger = BatchedLacTagger(load_model())
    sentences = [(example, start, end) for example in examples for start, end in sentence_spans(example.text)]
    for first in range(0, len(sentences), 4096):
        chunk = sentences[first : first + 4096]
        tagged = tagger.tag([example.text[start:end] for example, start, end in chunk])
        for (example, start, end), words in zip(chunk, tagged, strict=True):
            inside = [(max(s, start) - start, min(e, end) - start, label) for s, e, label in example.spans]
            labels = spans_to_labels(end - start, [span for span in inside if span[0] < span[1]])
            yield sentence_features(example.text[start:end], words), labels


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
