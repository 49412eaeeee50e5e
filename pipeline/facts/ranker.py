"""A learned chooser of a fact's subject among the noun phrases around its figure.

The rules of `attach.py` give one answer; this module lists every candidate a reader could take
(the noun chunks of the figure's clause and of the clause before, each contiguous part of them,
the subject the previous fact of the sentence had, the rules' answer, and no subject at all),
describes each by its structure (side of the figure, distance in words and clauses, punctuation
between, chunk kind, roles and tags of its head and of its neighbours, word classes of
`data/words.toml`, whether the rules chose it) and scores it with a linear model whose weights
are a readable JSON file (`data/subject_ranker.json`, feature -> weight). Training is
`benchmarks/facts_ranker.py`; docs/facts.md ("A learned subject chooser") has the figures.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from pipeline.facts.attach import Clauses
from pipeline.facts.chunks import ChunkKind, chunk_clause, compounds
from pipeline.facts.lexicon import units
from pipeline.facts.roles import LEX, Role, Word, token_role
from pipeline.numbers import Quantity
from pipeline.types import Fact

SUBJECT_WEIGHTS = Path(__file__).parent / "data" / "subject_ranker.json"
UNITS = units()
# Longest candidate in words: subjects are short noun phrases (docs/gold.md).
_MAX_WORDS = 6
_STRIPPED = "、和与及的"
_QUOTES = "“”‘’「」"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible subject (`text` None: the fact has none) and the names of its features."""

    text: str | None
    features: tuple[str, ...]


class SubjectChooser(Protocol):
    def choose(self, candidates: Sequence[Candidate]) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _Span:
    """Words [first, last] of a clause's word list, inside one chunk group."""

    words: list[Word]
    first: int
    last: int
    kind: str
    group_first: int
    group_last: int


class SubjectRanker:
    """A linear model over candidate features: the highest-scoring candidate is the subject."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    @classmethod
    def load(cls, path: Path = SUBJECT_WEIGHTS) -> SubjectRanker:
        return _load(path)

    def score(self, candidate: Candidate) -> float:
        return sum(self.weights.get(name, 0.0) for name in candidate.features)

    def choose(self, candidates: Sequence[Candidate]) -> str | None:
        best = max(candidates, key=self.score)  # the first of equal scores: the rules' answer comes first
        return best.text


@cache
def _load(path: Path) -> SubjectRanker:
    """The weights file: `{"features": {name: weight}, ...}` (bad files raise ValueError naming the file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(name): float(weight) for name, weight in data["features"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: not a subject ranker weights file ({error})") from None
    return SubjectRanker(weights)


def unit_class(quantity: Quantity) -> str:
    """What the figure measures, as the ranker sees it."""
    unit = quantity.unit
    if unit in ("%", "个百分点", "倍", "成"):
        return "rate"
    if not unit:
        return "bare"
    if unit in ("岁", "周岁"):
        return "age"
    if unit in UNITS.money:
        return "money"
    if unit in UNITS.time:
        return "time"
    if unit in UNITS.count:
        return "count"
    return "measure"


def subject_candidates(words: Clauses, quantity: Quantity, rules: str | None, previous: Fact | None) -> list[Candidate]:
    """Every subject a reader could give the figure, the rules' answer first, each with its features."""
    text = words.text
    clause_start, clause_end = _clause_span(words, quantity.start)
    unit = unit_class(quantity)
    before = _words(words, clause_start, quantity.start)
    after = _words(words, quantity.end, clause_end)
    earlier: list[Word] = []
    if clause_start > 0:
        earlier_start, _ = _clause_span(words, clause_start - 1)
        earlier = _words(words, earlier_start, clause_start - 1)
    sentence = words.sentence_start(quantity.start)
    rules_key = _squeeze(rules)
    # no noun before the figure in its clause: its subject is after it, in the clause before, or none
    bare = f"bare={not any(_nominal_start(w) for w in before)}"
    found: list[Candidate] = [Candidate(None, _null_features(before, after, unit, rules))]
    for side, clause in (("before", before), ("after", after), ("earlier", earlier)):
        for span in _spans(clause):
            phrase = text[span.words[span.first].start : span.words[span.last].end].strip(_STRIPPED)
            if phrase:
                features = _span_features(side, span, clause, unit, previous, clause_start, sentence)
                left = _word_class(clause[span.first - 1] if span.first else None)
                relation = _rules_features(phrase, rules_key, side)
                features += relation + tuple(f"{r}|{c}" for r in relation[:1] for c in (f"left={left}", bare, unit))
                found.append(Candidate(phrase, features))
    if previous is not None and previous.subject and previous.start >= sentence:
        carried = ("carried", f"carried|unit={unit}", f"carried|same_unit={previous.unit == quantity.unit}")
        found.append(Candidate(previous.subject, carried + _rules_features(previous.subject, rules_key, "carried")))
    if rules is not None and not any(_squeeze(c.text) == rules_key for c in found):
        found.append(Candidate(rules, ("rules_only", "is_rules")))
    # the rules' answer first, so that it wins a tie, its features also as its own (`R|…`): the
    # ranker learns where the rules are weak, not only which candidates are good
    found = [
        Candidate(c.text, (*c.features, *(f"R|{f}" for f in c.features))) if _squeeze(c.text) == rules_key else c
        for c in found
    ]
    return sorted(found, key=lambda c: _squeeze(c.text) != rules_key)


def _squeeze(text: str | None) -> str | None:
    return None if text is None else "".join(text.split())


def _clause_span(words: Clauses, position: int) -> tuple[int, int]:
    breaks = words.clause_breaks
    index = bisect.bisect_left(breaks, position)
    start = breaks[index - 1] + 1 if index else 0
    after = bisect.bisect_left(breaks, position)
    end = breaks[after] if after < len(breaks) else len(words.text)
    return start, end


def _words(words: Clauses, start: int, end: int) -> list[Word]:
    """The clause's words in [start, end) with their roles, cut at the edges, split words rejoined."""
    first = bisect.bisect_right(words.ends, start)
    last = bisect.bisect_left(words.starts, end)
    found: list[Word] = []
    for token in words.tokens[first:last]:
        cut_start, cut_end = max(token.start, start), min(token.end, end)
        if cut_start < cut_end:
            found.append(Word(words.text[cut_start:cut_end], cut_start, cut_end, token_role(token)))
    return compounds(found)


def _spans(clause: list[Word]) -> list[_Span]:
    """Contiguous parts of the noun chunks (a frame with the phrase it frames, a preposition's
    object, a verb chunk of one or two words), up to `_MAX_WORDS` words each."""
    spans: list[_Span] = []
    position = 0
    chunks = chunk_clause(clause)
    for index, chunk in enumerate(chunks):
        first, position = position, position + len(chunk.words)
        kind = chunk.kind
        if kind == ChunkKind.FRAME and index + 1 < len(chunks) and chunks[index + 1].kind == ChunkKind.NOUN:
            continue  # joined to the noun phrase it frames, below
        if kind == ChunkKind.NOUN and index and chunks[index - 1].kind == ChunkKind.FRAME:
            first -= len(chunks[index - 1].words)
            kind_name = "FRAME+NP"
        elif kind == ChunkKind.PREPOSITION:
            first += 1
            kind_name = "PP"
        elif kind in (ChunkKind.NOUN, ChunkKind.FRAME):
            kind_name = str(kind)
        elif kind == ChunkKind.VERB and len(chunk.words) <= 2:
            kind_name = "VP"
        else:
            continue
        last_index = position - 1
        for start in range(first, last_index + 1):
            for end in range(start, min(last_index, start + _MAX_WORDS - 1) + 1):
                if clause[start].text in _STRIPPED or clause[end].text in _STRIPPED:
                    continue
                spans.append(_Span(clause, start, end, kind_name, first, last_index))
    # phrases across chunks (a verb the segmenter tagged inside a noun: `城镇 就业 岗位`)
    covered = {(span.first, span.last) for span in spans}
    for start in range(len(clause)):
        for end in range(start + 1, min(len(clause), start + _MAX_WORDS)):
            inside = clause[start : end + 1]
            if (start, end) in covered or not (_spannable(inside[0]) and _spannable(inside[-1])):
                continue
            if any(w.kind == Role.OTHER and w.text not in LEX.joiners for w in inside):
                break
            spans.append(_Span(clause, start, end, "CROSS", start, end))
    return spans


def _spannable(word: Word) -> bool:
    return _nominal_start(word) or word.kind in (Role.VERB, Role.ADJECTIVE)


def _bucket(value: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8)) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _word_class(word: Word | None) -> str:
    """A neighbour as the ranker sees it: its word class in `words.toml` when it has one, else its role."""
    return "edge" if word is None else _class_of(word.text, word.kind)


@cache
def _class_of(text: str, kind: Role) -> str:
    if text == "的":
        return "的"
    if text in "、，。；：":
        return text
    for name, members in (
        ("link", LEX.linking),
        ("relational", LEX.relational),
        ("figure_verb", LEX.figure_verbs),
        ("reference_prep", LEX.reference_prepositions),
        ("recipient_prep", LEX.recipient_prepositions),
        ("joiner", LEX.joiners),
        ("et_cetera", LEX.et_cetera),
        ("respective", LEX.respective),
        ("causative", LEX.causative),
        ("sum", LEX.sum),
    ):
        if text in members:
            return name
    return str(kind)


def _head_class(word: Word) -> str:
    return _head_class_of(word.text, word.kind)


@cache
def _head_class_of(text: str, kind: Role) -> str:
    if text.endswith(LEX.duration_heads):
        return "duration_head"
    if text.endswith(LEX.attribute_heads):
        return "attribute_head"
    if text in LEX.localizers:
        return "localizer"
    if text in LEX.currencies:
        return "currency"
    return str(kind)


def _span_features(
    side: str,
    span: _Span,
    clause: list[Word],
    unit: str,
    previous: Fact | None,
    clause_start: int,
    sentence: int,
) -> tuple[str, ...]:
    first, last = clause[span.first], clause[span.last]
    if side == "before":
        between = clause[span.last + 1 :]
    elif side == "after":
        between = clause[: span.first]
    else:
        between = []
    distance = _bucket(len(between))
    before_word = clause[span.first - 1] if span.first else None
    after_word = clause[span.last + 1] if span.last + 1 < len(clause) else None
    shape = (
        "whole"
        if (span.first, span.last) == (span.group_first, span.group_last)
        else "suffix"
        if span.last == span.group_last
        else "prefix"
        if span.first == span.group_first
        else "inner"
    )
    inside = clause[span.first : span.last + 1]
    between_kinds = {w.kind for w in between}
    nearest = "nearest" if not any(_nominal_start(w) for w in between) else "farther"
    features = [
        f"side={side}",
        f"side={side}|unit={unit}",
        f"side={side}|dist={distance}",
        f"side={side}|{nearest}",
        f"side={side}|{nearest}|unit={unit}",
        f"kind={span.kind}",
        f"side={side}|kind={span.kind}",
        f"shape={shape}",
        f"side={side}|shape={shape}",
        f"kind={span.kind}|shape={shape}",
        f"words={_bucket(len(inside), (1, 2, 3, 4))}",
        f"head={_head_class(last)}",
        f"side={side}|head={_head_class(last)}",
        f"unit={unit}|head={_head_class(last)}",
        f"head_tag={_tag(last)}",
        f"open={_head_class(first)}",
        f"left={_word_class(before_word)}",
        f"right={_word_class(after_word)}",
        f"side={side}|left={_word_class(before_word)}",
        f"side={side}|right={_word_class(after_word)}",
    ]
    if side == "before":
        if Role.VERB in between_kinds or Role.LIGHT in between_kinds:
            features.append("verb_between")
        if Role.LINK in between_kinds:
            features.append("link_between")
        if any(w.text == "的" for w in between):
            features.append("of_between")
        if previous is not None and previous.start >= clause_start and last.end <= previous.start:
            features.append("before_previous_fact")
    if side == "after" and between and between[0].text == "的":
        features.append("after_through_of")
    if side == "earlier":
        features.append(f"earlier|same_sentence={clause_start > sentence}")
    if any(w.text == "的" for w in inside):
        features.append("has_of")
    if any(w.text in LEX.joiners for w in inside):
        features.append("has_joiner")
    if any(w.kind in (Role.ENTITY, Role.PERSON) for w in inside):
        features.append("has_name")
    if first.kind in (Role.SCOPE, Role.ENTITY) or first.text in LEX.place_nouns:
        features.append("opens_with_frame")
    if first.text in LEX.evaluative:
        features.append("opens_evaluative")
    if any(c in _QUOTES for c in first.text + last.text):
        features.append("quoted")
    return tuple(features)


def _nominal_start(word: Word) -> bool:
    return word.kind in (Role.NOUN, Role.ENTITY, Role.PERSON, Role.VERBAL, Role.SCOPE)


def _tag(word: Word) -> str:
    return str(word.kind) if len(word.text) > 1 else f"{word.kind}1"


def _rules_features(phrase: str, rules: str | None, side: str) -> tuple[str, ...]:
    key = _squeeze(phrase)
    if rules is None:
        return ("rules_null",)
    if key == rules:
        return ("is_rules", f"is_rules|side={side}")
    if key and key in rules:
        return ("inside_rules", f"inside_rules|side={side}", f"inside_rules|suffix={rules.endswith(key)}")
    if rules in (key or ""):
        return ("contains_rules",)
    return ("other_than_rules",)


def _null_features(before: list[Word], after: list[Word], unit: str, rules: str | None) -> tuple[str, ...]:
    """The candidate "no subject", described by what stands right around the figure."""
    right_before = next((w for w in reversed(before) if w.kind not in (Role.SKIP, Role.MANNER)), None)
    right_after = after[0] if after else None
    return (
        "null",
        f"null|unit={unit}",
        f"null|before={_word_class(right_before)}",
        f"null|after={_word_class(right_after)}",
        f"null|unit={unit}|after={_word_class(right_after)}",
        f"null|nothing_before={not any(_nominal_start(w) for w in before)}",
        "is_rules" if rules is None else "other_than_rules",
    )
