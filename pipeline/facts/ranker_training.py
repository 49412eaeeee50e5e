"""Training the subject ranker of `ranker.py` from fact gold (needs scikit-learn: the `train` extra).

`labelled_groups` runs the rules over an article and keeps, for every fact the gold pairs with
(same value and unit, as `evaluate` pairs), its candidates and the gold subject; `train` fits a
logistic regression over the candidates' binary features and returns the weights as a
`SubjectRanker`, which `benchmarks/facts_ranker.py` writes as JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.evaluate import pair_facts, squeeze
from pipeline.facts.extract import extract_facts
from pipeline.facts.ranker import Candidate, SubjectRanker
from pipeline.types import Entity, Token

# L2 strength of the logistic regression (scikit-learn's C), chosen by cross-validation on tune + tune2.
REGULARISATION = 0.3


@dataclass
class Recorder:
    """A chooser that keeps the rules' answer and records every fact's candidates."""

    groups: list[list[Candidate]] = field(default_factory=list)

    def choose(self, candidates: Sequence[Candidate]) -> str | None:
        self.groups.append(list(candidates))
        return next(c.text for c in candidates if "is_rules" in c.features)


@dataclass
class Example:
    """The candidates of one paired fact and the gold subject (which may be no candidate)."""

    candidates: list[Candidate]
    gold: str | None

    def labels(self) -> list[bool]:
        return [squeeze(c.text) == squeeze(self.gold) for c in self.candidates]


def labelled_groups(
    text: str, tokens: Sequence[Token], entities: Sequence[Entity], gold_facts: list[dict]
) -> list[Example]:
    """The candidate groups of every rules fact the gold pairs with and gives a subject."""
    recorder = Recorder()
    facts = [fact.to_record() for fact in extract_facts(text, tokens, entities, recorder)]
    return [
        Example(recorder.groups[p], gold_facts[g]["subject"])
        for g, p in pair_facts(gold_facts, facts)
        if "subject" in gold_facts[g]
    ]


def train(found: list[Example], regularisation: float = REGULARISATION) -> SubjectRanker:
    """A logistic regression over the candidates' binary features (gold candidate or not); a fact
    whose gold subject is no candidate teaches nothing and is left out."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for example in found:
        marks = example.labels()
        if not any(marks):
            continue
        for candidate, mark in zip(example.candidates, marks, strict=True):
            rows.append(dict.fromkeys(candidate.features, 1))
            labels.append(mark)
    if len(set(labels)) < 2:
        raise ValueError("no fact whose gold subject is among several candidates: nothing to train on")
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=regularisation, max_iter=2000)
    model.fit(vectorizer.fit_transform(rows), labels)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-4}
    return SubjectRanker(weights)
