"""Scores predicted records against hand-made gold files, one table per stage.

The matching rules are written down in docs/evaluation.md; this module implements exactly
those. Gold lines carry no offsets, so everything is matched on text. A field a gold record
leaves out is not scored; a gold file without `entities` (or `facts`) keys adds nothing to
that table, while `entities: []` says "no entities" and counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz.distance import Levenshtein

from pipeline.analysis import read_folder
from pipeline.errors import PipelineError

MATCH_THRESHOLD = 0.5
VALUE_REL_TOLERANCE = 1e-9
RECORD_FIELDS = ("kind", "title", "subtitle", "authors", "dateline")
FACT_FIELDS = ("subject", "predicate", "approx", "value_max")
ALL = "all"
_WHITESPACE = re.compile(r"\s+")

Record = dict[str, Any]


def squeeze(text: str | None) -> str | None:
    """Text with every whitespace character removed; empty or missing text is None."""
    if text is None:
        return None
    return _WHITESPACE.sub("", str(text)) or None


@dataclass
class Tally:
    """Counts behind precision, recall and F1."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.predicted + self.gold
        return 2 * self.matched / total if total else None

    def metrics(self) -> dict[str, Any]:
        return {
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Hits:
    """Counts behind an accuracy over matched pairs whose gold states the field."""

    correct: int = 0
    total: int = 0

    def add(self, other: Hits) -> None:
        self.correct += other.correct
        self.total += other.total

    def record(self, correct: bool) -> None:
        self.correct += int(correct)
        self.total += 1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class Cleanup:
    """Edit counts behind the character error rate."""

    edits: int = 0
    gold_chars: int = 0
    matched_edits: int = 0
    matched_gold_chars: int = 0

    def add(self, other: Cleanup) -> None:
        self.edits += other.edits
        self.gold_chars += other.gold_chars
        self.matched_edits += other.matched_edits
        self.matched_gold_chars += other.matched_gold_chars

    def metrics(self) -> dict[str, Any]:
        return {
            "gold_chars": self.gold_chars,
            "edits": self.edits,
            "cer": self.edits / self.gold_chars if self.gold_chars else None,
            "matched_gold_chars": self.matched_gold_chars,
            "matched_edits": self.matched_edits,
            "cer_matched": self.matched_edits / self.matched_gold_chars if self.matched_gold_chars else None,
        }


@dataclass
class Segmentation:
    """Record matching counts and field accuracies, for all records or one kind."""

    records: Tally = field(default_factory=Tally)
    fields: dict[str, Hits] = field(default_factory=lambda: {name: Hits() for name in RECORD_FIELDS})

    def add(self, other: Segmentation) -> None:
        self.records.add(other.records)
        for name, hits in other.fields.items():
            self.fields[name].add(hits)

    def metrics(self) -> dict[str, Any]:
        return {**self.records.metrics(), **{f"{name}_accuracy": h.accuracy for name, h in self.fields.items()}}


@dataclass
class FactScore:
    quantities: Tally = field(default_factory=Tally)
    fields: dict[str, Hits] = field(default_factory=lambda: {name: Hits() for name in FACT_FIELDS})

    def add(self, other: FactScore) -> None:
        self.quantities.add(other.quantities)
        for name, hits in other.fields.items():
            self.fields[name].add(hits)

    def metrics(self) -> dict[str, Any]:
        return {**self.quantities.metrics(), **{f"{name}_accuracy": h.accuracy for name, h in self.fields.items()}}


@dataclass(frozen=True)
class Error:
    """One false positive (FP), false negative (FN) or wrong field on a matched pair (FIELD)."""

    doc_id: str
    stage: str
    kind: str
    detail: str


@dataclass
class Score:
    """Everything measured on one document, or summed over several."""

    cleanup: Cleanup | None = None
    segment: dict[str, Segmentation] = field(default_factory=dict)
    entities: dict[str, Tally] | None = None
    facts: FactScore | None = None
    errors: list[Error] = field(default_factory=list)

    def add(self, other: Score) -> None:
        if other.cleanup is not None:
            self.cleanup = self.cleanup or Cleanup()
            self.cleanup.add(other.cleanup)
        for scope, segmentation in other.segment.items():
            self.segment.setdefault(scope, Segmentation()).add(segmentation)
        if other.entities is not None:
            self.entities = self.entities or {}
            for label, tally in other.entities.items():
                self.entities.setdefault(label, Tally()).add(tally)
        if other.facts is not None:
            self.facts = self.facts or FactScore()
            self.facts.add(other.facts)
        self.errors.extend(other.errors)

    def metrics(self) -> dict[str, Any]:
        return {
            "cleanup": self.cleanup.metrics() if self.cleanup else None,
            "segment": {scope: seg.metrics() for scope, seg in self.segment.items()},
            "entities": {label: t.metrics() for label, t in self.entities.items()} if self.entities else None,
            "facts": self.facts.metrics() if self.facts else None,
        }


@dataclass
class Evaluation:
    """Scores per document and in total, plus which documents could not be paired."""

    documents: dict[str, Score]
    total: Score
    missing_predictions: list[str]
    unscored_predictions: list[str]

    def to_json(self, with_errors: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "overall": self.total.metrics(),
            "documents": {doc_id: score.metrics() for doc_id, score in self.documents.items()},
            "missing_predictions": self.missing_predictions,
            "unscored_predictions": self.unscored_predictions,
        }
        if with_errors:
            data["errors"] = [vars(error) for error in self.total.errors]
        return data


def evaluate(gold_path: str | Path, pred_path: str | Path) -> Evaluation:
    """Score every gold document against the prediction of the same `doc_id`."""
    gold = read_folder(gold_path)
    if not gold:
        raise PipelineError(f"{gold_path}: no gold files (*.jsonl)")
    pred = read_folder(pred_path)
    if not pred:
        raise PipelineError(f"{pred_path}: no prediction files (*.jsonl) to score")
    if not set(gold) & set(pred):
        example = sorted(gold)[0]
        raise PipelineError(
            f"{pred_path}: no prediction for any of the {len(gold)} gold documents (e.g. {example}.jsonl)"
        )
    documents = {doc_id: score_document(doc_id, records, pred.get(doc_id, [])) for doc_id, records in gold.items()}
    total = Score()
    for score in documents.values():
        total.add(score)
    return Evaluation(
        documents=documents,
        total=total,
        missing_predictions=sorted(set(gold) - set(pred)),
        unscored_predictions=sorted(set(pred) - set(gold)),
    )


def score_document(doc_id: str, gold: list[Record], pred: list[Record]) -> Score:
    """All stages' scores for one document's gold and predicted records."""
    pairs = match_records(gold, pred)
    score = Score()
    score.cleanup = _score_cleanup(doc_id, gold, pred, pairs, score.errors)
    score.segment = _score_segmentation(doc_id, gold, pred, pairs, score.errors)
    entity_sides = _annotated(gold, pred, pairs, "entities")
    if entity_sides is not None:
        score.entities = _score_entities(doc_id, *entity_sides, score.errors)
    fact_sides = _annotated(gold, pred, pairs, "facts")
    if fact_sides is not None:
        score.facts = _score_facts(doc_id, *fact_sides, score.errors)
    return score


def _match_text(record: Record) -> str:
    """The body text a record is matched on; a record without a body is matched on its title."""
    return squeeze(record.get("text")) or squeeze(record.get("title")) or ""


def _bigrams(text: str) -> Counter[str]:
    if len(text) < 2:
        return Counter([text] if text else [])
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def _dice(grams_a: Counter[str], grams_b: Counter[str]) -> float:
    """Dice coefficient of two bigram multisets: twice the shared bigrams over all bigrams."""
    total = grams_a.total() + grams_b.total()
    return 2 * (grams_a & grams_b).total() / total if total else 0.0


def match_records(gold: list[Record], pred: list[Record]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, best Dice first, each at least MATCH_THRESHOLD."""
    gold_grams = [_bigrams(_match_text(record)) for record in gold]
    pred_grams = [_bigrams(_match_text(record)) for record in pred]
    candidates = []
    for g, grams_g in enumerate(gold_grams):
        for p, grams_p in enumerate(pred_grams):
            score = _dice(grams_g, grams_p)
            if score >= MATCH_THRESHOLD:
                candidates.append((-score, g, p))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return sorted(pairs)


def _score_cleanup(
    doc_id: str, gold: list[Record], pred: list[Record], pairs: list[tuple[int, int]], errors: list[Error]
) -> Cleanup | None:
    partner = dict(pairs)
    scored = [g for g, record in enumerate(gold) if "text" in record]
    if not scored:
        return None
    cleanup = Cleanup()
    for g in scored:
        gold_text = gold[g]["text"] or ""
        cleanup.gold_chars += len(gold_text)
        if g not in partner:
            cleanup.edits += len(gold_text)
            continue
        pred_text = pred[partner[g]].get("text") or ""
        distance = Levenshtein.distance(gold_text, pred_text)
        cleanup.edits += distance
        cleanup.matched_edits += distance
        cleanup.matched_gold_chars += len(gold_text)
        if distance:
            where = f"{_pair_label(gold, g, pred, partner[g])}: {distance} edits / {len(gold_text)} chars"
            errors.append(Error(doc_id, "cleanup", "EDITS", f"{where}; {_describe_edits(gold_text, pred_text)}"))
    return cleanup


def _describe_edits(gold_text: str, pred_text: str, shown: int = 3, context: int = 6) -> str:
    """The first few edits turning gold into pred, each with a little context."""
    edits = [op for op in Levenshtein.opcodes(gold_text, pred_text) if op.tag != "equal"]
    parts = []
    for op in edits[:shown]:
        before = gold_text[max(0, op.src_start - context) : op.src_start]
        after = gold_text[op.src_end : op.src_end + context]
        gold_part = _clip(gold_text[op.src_start : op.src_end])
        pred_part = _clip(pred_text[op.dest_start : op.dest_end])
        parts.append(_visible(f"{before}[{gold_part}→{pred_part}]{after}"))
    if len(edits) > shown:
        parts.append(f"… {len(edits) - shown} more")
    return "; ".join(parts)


def _clip(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…(+{len(text) - limit})"


def _visible(text: str) -> str:
    return text.replace("\n", "⏎")


def _record_label(index: int, record: Record) -> str:
    title = record.get("title")
    body = _visible((record.get("text") or "")[:24])
    return f"#{record.get('article_index', index)} {record.get('kind', '?')} title={title!r} «{body}…»"


def _pair_label(gold: list[Record], g: int, pred: list[Record], p: int) -> str:
    """A matched pair named by the records' `article_index` (position in the file if absent)."""
    return f"gold #{gold[g].get('article_index', g)} ~ pred #{pred[p].get('article_index', p)}"


def _field_matches(name: str, gold_value: Any, pred_value: Any) -> bool:
    if name == "authors":
        gold_names = {squeeze(author) for author in gold_value or []}
        return gold_names == {squeeze(author) for author in pred_value or []}
    return squeeze(gold_value) == squeeze(pred_value)


def _score_segmentation(
    doc_id: str, gold: list[Record], pred: list[Record], pairs: list[tuple[int, int]], errors: list[Error]
) -> dict[str, Segmentation]:
    scopes: dict[str, Segmentation] = {ALL: Segmentation()}
    for record in pred:
        scopes[ALL].records.predicted += 1
        scopes.setdefault(str(record.get("kind")), Segmentation()).records.predicted += 1
    for record in gold:
        scopes[ALL].records.gold += 1
        if "kind" in record:
            scopes.setdefault(str(record["kind"]), Segmentation()).records.gold += 1
    for g, p in pairs:
        gold_record, pred_record = gold[g], pred[p]
        scoped = [scopes[ALL]]
        if "kind" in gold_record:
            scoped.append(scopes[str(gold_record["kind"])])
        scopes[ALL].records.matched += 1
        if len(scoped) > 1 and gold_record["kind"] == pred_record.get("kind"):
            scoped[1].records.matched += 1
        for name in RECORD_FIELDS:
            if name not in gold_record:
                continue
            correct = _field_matches(name, gold_record[name], pred_record.get(name))
            for scope in scoped:
                scope.fields[name].record(correct)
            if not correct:
                wrong = f"{name}: gold {gold_record[name]!r} pred {pred_record.get(name)!r}"
                errors.append(Error(doc_id, "segment", "FIELD", f"{_pair_label(gold, g, pred, p)} {wrong}"))
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    errors.extend(
        Error(doc_id, "segment", "FN", _record_label(g, r)) for g, r in enumerate(gold) if g not in matched_gold
    )
    errors.extend(
        Error(doc_id, "segment", "FP", _record_label(p, r)) for p, r in enumerate(pred) if p not in matched_pred
    )
    return scopes


def _annotated(
    gold: list[Record], pred: list[Record], pairs: list[tuple[int, int]], key: str
) -> tuple[list[Record], list[Record]] | None:
    """Gold and predicted records to compare on `key` (entities or facts), or None if unannotated.

    A gold record without the key, or with it `null`, is not annotated for it; `[]` says "none".

    When every gold record has the key, all records of the document are compared (robust to
    segmentation); when only some have it, only those and the predicted records matched to them.
    """
    annotated = [g for g, record in enumerate(gold) if record.get(key) is not None]
    if not annotated:
        return None
    if len(annotated) == len(gold):
        return gold, pred
    partner = dict(pairs)
    return [gold[g] for g in annotated], [pred[partner[g]] for g in annotated if g in partner]


def _items(records: Iterable[Record], key: str) -> list[Record]:
    return [item for record in records for item in record.get(key) or []]


def _entity_key(doc_id: str, entity: Any, side: str) -> tuple[str | None, str]:
    if not isinstance(entity, dict) or "text" not in entity or "label" not in entity:
        raise PipelineError(f"{doc_id}: {side} entity {entity!r} needs 'text' and 'label'")
    return squeeze(entity["text"]), str(entity["label"])


def _score_entities(doc_id: str, gold: list[Record], pred: list[Record], errors: list[Error]) -> dict[str, Tally]:
    gold_keys = Counter(_entity_key(doc_id, e, "gold") for e in _items(gold, "entities"))
    pred_keys = Counter(_entity_key(doc_id, e, "predicted") for e in _items(pred, "entities"))
    common = gold_keys & pred_keys
    tallies: dict[str, Tally] = {ALL: Tally()}
    for counter, attribute in ((gold_keys, "gold"), (pred_keys, "predicted"), (common, "matched")):
        for (_, label), count in counter.items():
            for scope in (ALL, label):
                tally = tallies.setdefault(scope, Tally())
                setattr(tally, attribute, getattr(tally, attribute) + count)
    for counter, kind in ((pred_keys - gold_keys, "FP"), (gold_keys - pred_keys, "FN")):
        for (text, label), count in sorted(counter.items(), key=lambda item: (item[0][1], item[0][0] or "")):
            errors.append(Error(doc_id, "entities", kind, f"{label} {text}" + (f" ×{count}" if count > 1 else "")))
    return tallies


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _same_number(first: Any, second: Any) -> bool:
    """Equal within VALUE_REL_TOLERANCE; two nulls are equal too (e.g. no `value_max`)."""
    if first is None or second is None:
        return first is None and second is None
    a, b = _number(first), _number(second)
    return a is not None and b is not None and math.isclose(a, b, rel_tol=VALUE_REL_TOLERANCE)


def _fact_field_matches(name: str, gold_fact: Record, pred_fact: Record) -> bool:
    if name == "value_max":
        return _same_number(gold_fact[name], pred_fact.get(name))
    return squeeze(gold_fact[name]) == squeeze(pred_fact.get(name))


def _fact_preferences() -> list[Callable[[Record, Record], bool]]:
    """Pairing preferences among facts of the same quantity: agreeing subjects first."""

    def agrees(name: str) -> Callable[[Record, Record], bool]:
        return lambda g, p: name in g and _fact_field_matches(name, g, p)

    subject, predicate = agrees("subject"), agrees("predicate")
    return [
        lambda g, p: subject(g, p) and predicate(g, p),
        subject,
        predicate,
        lambda g, p: True,
    ]


def pair_facts(gold_facts: list[Record], pred_facts: list[Record]) -> list[tuple[int, int]]:
    """One-to-one pairs of facts with the same (value, unit), agreeing subjects paired first."""
    same_unit: dict[str | None, list[int]] = {}
    for p, pred_fact in enumerate(pred_facts):
        same_unit.setdefault(squeeze(pred_fact.get("unit")), []).append(p)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for prefer in _fact_preferences():
        for g, gold_fact in enumerate(gold_facts):
            if g in used_gold:
                continue
            for p in same_unit.get(squeeze(gold_fact["unit"]), []):
                pred_fact = pred_facts[p]
                if p in used_pred or not _same_number(gold_fact["value"], pred_fact.get("value")):
                    continue
                if prefer(gold_fact, pred_fact):
                    used_gold.add(g)
                    used_pred.add(p)
                    pairs.append((g, p))
                    break
    return sorted(pairs)


def _fact_label(fact: Record) -> str:
    return f"{fact.get('text')!r} value={fact.get('value')} unit={fact.get('unit')!r}"


def _score_facts(doc_id: str, gold: list[Record], pred: list[Record], errors: list[Error]) -> FactScore:
    gold_facts, pred_facts = _items(gold, "facts"), _items(pred, "facts")
    for fact in gold_facts:
        if not isinstance(fact, dict) or _number(fact.get("value")) is None or not isinstance(fact.get("unit"), str):
            raise PipelineError(f"{doc_id}: gold fact {fact!r} needs a numeric 'value' and a 'unit' string")
    pred_facts = [fact for fact in pred_facts if isinstance(fact, dict)]
    pairs = pair_facts(gold_facts, pred_facts)
    score = FactScore(quantities=Tally(matched=len(pairs), predicted=len(pred_facts), gold=len(gold_facts)))
    for g, p in pairs:
        gold_fact, pred_fact = gold_facts[g], pred_facts[p]
        for name in FACT_FIELDS:
            if name not in gold_fact:
                continue
            correct = _fact_field_matches(name, gold_fact, pred_fact)
            score.fields[name].record(correct)
            if not correct:
                detail = f"{_fact_label(gold_fact)} {name}: gold {gold_fact[name]!r} pred {pred_fact.get(name)!r}"
                errors.append(Error(doc_id, "facts", "FIELD", detail))
    paired_gold, paired_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    errors.extend(
        Error(doc_id, "facts", "FN", _fact_label(f)) for g, f in enumerate(gold_facts) if g not in paired_gold
    )
    errors.extend(
        Error(doc_id, "facts", "FP", _fact_label(f)) for p, f in enumerate(pred_facts) if p not in paired_pred
    )
    return score


def tables(evaluation: Evaluation, by_doc: bool = False) -> dict[str, pd.DataFrame | None]:
    """One table per stage; rows are `all` (then each document with `by_doc`). None: not scored."""
    scopes: list[tuple[str, Score]] = [(ALL, evaluation.total)]
    if by_doc:
        scopes += list(evaluation.documents.items())
    cleanup = {name: score.cleanup.metrics() for name, score in scopes if score.cleanup}
    segment = {
        (name, kind): seg.metrics()
        for name, score in scopes
        for kind, seg in sorted(score.segment.items(), key=lambda item: (item[0] != ALL, item[0]))
    }
    entities = {
        (name, label): tally.metrics()
        for name, score in scopes
        if score.entities
        for label, tally in sorted(score.entities.items(), key=lambda item: (item[0] != ALL, item[0]))
    }
    facts = {name: score.facts.metrics() for name, score in scopes if score.facts}
    return {
        "cleanup": _frame(cleanup, ["scope"]),
        "segment": _frame(segment, ["scope", "kind"]),
        "entities": _frame(entities, ["scope", "label"]),
        "facts": _frame(facts, ["scope"]),
    }


def _frame(rows: dict[Any, dict[str, Any]], index_names: list[str]) -> pd.DataFrame | None:
    if not rows:
        return None
    frame = pd.DataFrame(list(rows.values())).apply(pd.to_numeric)
    keys = list(rows)
    if len(index_names) > 1:
        frame.index = pd.MultiIndex.from_tuples(keys, names=index_names)
    else:
        frame.index = pd.Index(keys, name=index_names[0])
    return frame


TABLE_TITLES = {
    "cleanup": "cleanup: character error rate (edits / gold characters)",
    "segment": "segment: records matched by body text; field accuracy (_acc) over matched pairs",
    "entities": "entities: (text, label) multisets per document",
    "facts": "facts: (value, unit) per document; field accuracy (_acc) over matched facts",
}


def format_report(evaluation: Evaluation, by_doc: bool = False, errors: bool = False) -> str:
    """The printed report: a header, one table per stage, then the error list if asked for."""
    lines = [f"documents: {len(evaluation.documents)} gold"]
    if evaluation.missing_predictions:
        lines.append(f"no prediction (all gold counted as missed): {', '.join(evaluation.missing_predictions)}")
    if evaluation.unscored_predictions:
        lines.append(f"predictions without gold (not scored): {', '.join(evaluation.unscored_predictions)}")
    with pd.option_context("display.width", 250, "display.max_columns", None, "display.max_rows", None):
        for name, frame in tables(evaluation, by_doc).items():
            lines += ["", f"== {TABLE_TITLES[name]} =="]
            if frame is None:
                lines.append(f"not scored: no gold record has '{name}'" if name != "cleanup" else "not scored")
            else:
                frame = frame.rename(columns=lambda column: column.replace("_accuracy", "_acc"))
                lines.append(frame.to_string(float_format=lambda value: f"{value:.3f}", na_rep="-"))
    if errors:
        lines += ["", "== errors: FP predicted only, FN gold only, FIELD wrong field, EDITS cleanup edits =="]
        for error in evaluation.total.errors:
            lines.append(f"{error.doc_id}  {error.stage:<8} {error.kind:<5} {error.detail}")
    return "\n".join(lines)
