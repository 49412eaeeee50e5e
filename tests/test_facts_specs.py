"""The fact specs of tests/specs/facts.tsv, each sentence run through the entities and facts stages.

A new case is a line of data; a line marked `known` documents what the grammar still gets wrong
and fails the suite once it starts to pass (strict xfail), so the file stays true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.registry import StageContext
from pipeline.stages.entities import Entities, EntitiesOptions
from pipeline.stages.facts import Facts, FactsOptions
from pipeline.types import Document, Fact

SPECS = Path(__file__).parent / "specs" / "facts.tsv"
FIELDS = ("text", "value", "unit", "approx", "subject", "predicate")


@dataclass(frozen=True)
class Spec:
    line: int
    sentence: str
    facts: tuple[tuple[str, ...], ...]
    source: str
    known: bool


def read_specs(path: Path = SPECS) -> list[Spec]:
    specs = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith(("#", "sentence\t")):
            continue
        columns = line.split("\t")
        if len(columns) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated columns, got {len(columns)}")
        sentence, facts, source, status = columns
        parsed = () if facts == "-" else tuple(tuple(fact.split("|")) for fact in facts.split(" ;; "))
        if any(len(fact) != len(FIELDS) for fact in parsed):
            raise ValueError(f"{path}:{number}: each fact needs {len(FIELDS)} '|'-separated fields")
        specs.append(Spec(number, sentence, parsed, source, status == "known"))
    return specs


@pytest.fixture(scope="module")
def stages() -> tuple[Entities, Facts]:
    entities, facts = Entities(EntitiesOptions()), Facts(FactsOptions())
    entities.setup(StageContext())
    facts.setup(StageContext())
    return entities, facts


def run(stages: tuple[Entities, Facts], sentence: str) -> list[Fact]:
    doc = Document.from_raw("spec", sentence, "spec")
    for stage in stages:
        stage.process(doc)
    return doc.articles[0].facts


def _matches(expected: str, field: str, fact: Fact) -> bool:
    if expected == "*":
        return True
    actual = getattr(fact, field)
    if field == "value":
        low, _, high = expected.partition("~")
        upper = fact.value_max
        same_max = (upper is None) if not high else (upper is not None and math.isclose(upper, float(high)))
        return math.isclose(actual, float(low)) and same_max
    if field == "unit":
        return actual == ("" if expected == "-" else expected)
    return actual == (None if expected == "-" else expected)


def _params() -> list:
    marks = pytest.mark.xfail(strict=True, reason="known weak spot, see tests/specs/facts.tsv")
    return [pytest.param(spec, id=f"line{spec.line}", marks=marks if spec.known else ()) for spec in read_specs()]


@pytest.mark.parametrize("spec", _params())
def test_spec_sentence_gives_its_facts(stages, spec: Spec):
    facts = run(stages, spec.sentence)
    assert [fact.text for fact in facts] == [expected[0] for expected in spec.facts], spec.source
    for fact, expected in zip(facts, spec.facts, strict=True):
        wrong = [
            f"{field}: expected {want!r}, got {getattr(fact, field)!r}"
            for field, want in zip(FIELDS, expected, strict=True)
            if not _matches(want, field, fact)
        ]
        assert not wrong, f"{spec.source}: {fact.text}: {'; '.join(wrong)}"


def test_a_spec_line_with_a_wrong_number_of_columns_is_named(tmp_path):
    broken = tmp_path / "facts.tsv"
    broken.write_text("新增学位6600个\t6600个|6600|个|-|学位|新增\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"facts.tsv:1: expected 4"):
        read_specs(broken)
