"""Gold files in the contract format, read as texts with entity spans to train on.

A gold file (`<doc_id>.jsonl`, the output format) lists each record's entities in reading order,
by text, offsets optional; they are placed in the record's text from left to right, as
docs/gold.md writes them. Both trainers read gold this way: the learned layer's (`train-ner`)
and the exports for HanLP and spaCy (`pipeline.ner.training`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.ner.labels import ENTITY_LABELS, Span


@dataclass(frozen=True)
class Example:
    """A text with its entity spans; `source` names the file and line it came from."""

    text: str
    spans: list[Span]
    source: str


def json_lines(path: Path, problems: list[str] | None = None) -> Iterator[tuple[str, dict]]:
    """`(file:line, record)` of every good line; a bad line is one line in `problems` (raised
    when `problems` is None) and the following lines are still read."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        report(ConfigError(f"{path}: cannot read: {error}"), problems)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            report(ConfigError(f"{where}: invalid JSON: {error}"), problems)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            report(ConfigError(f"{where}: expected an object with 'text'"), problems)
            continue
        yield where, record


def report(error: ConfigError, problems: list[str] | None) -> None:
    """Raise `error`, or keep it as one line in `problems` when a list is given."""
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
    """Every record of `folder/*.jsonl` (or of the one file `folder`) that has `entities` (a
    record without them is unannotated).

    A bad file or record is one line in `problems` (raised when `problems` is None) and the
    others are still read.
    """
    paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else [folder] if folder.is_file() else []
    if not paths:
        raise ConfigError(f"{folder}: no gold files <doc_id>.jsonl here")
    examples = []
    for path in paths:
        for where, record in json_lines(path, problems):
            try:
                examples.extend(_gold_example(where, record))
            except ConfigError as error:
                report(error, problems)
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
