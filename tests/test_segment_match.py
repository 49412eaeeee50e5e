"""The n-gram evidence segmentation weighs: topic boundaries inside a body."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment.match import Rarity, boundary_evidence, ngrams

GOLD = Path(__file__).resolve().parent.parent / "gold"


def _gold_paragraphs() -> list[str]:
    """Every paragraph of the seeds' hand-written gold articles, in page order."""
    paragraphs = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            paragraphs += [p for p in (json.loads(line).get("text") or "").split("\n") if p.strip()]
    return paragraphs


PARAGRAPHS = _gold_paragraphs()


def _shared_by_definition(before: list[set[str]], after: list[set[str]], rarity: Rarity) -> float:
    shared = set().union(*before) & set().union(*after)
    return math.fsum(rarity.weight(gram) for gram in shared) / rarity.rare_weight


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PARAGRAPHS), min_size=2, max_size=12))
def test_boundary_evidence_is_the_weight_of_the_ngrams_both_sides_share(texts: list[str]) -> None:
    grams = [ngrams(text) for text in texts]
    rarity = Rarity(grams)
    evidence = boundary_evidence(grams, rarity)
    assert len(evidence) == len(grams)
    for k in range(1, len(grams)):
        assert math.isclose(evidence[k], _shared_by_definition(grams[:k], grams[k:], rarity), abs_tol=1e-9)


def test_two_articles_share_less_across_their_boundary_than_one_article_inside() -> None:
    first = ["吕梁市新建学校十所，新增学位六千个。", "吕梁市新建学校的投资来自市财政。"]
    second = ["汾阳杏花村酒厂扩建车间，年产白酒万吨。", "杏花村酒厂的新车间明年投产。"]
    grams = [ngrams(text) for text in first + second]
    evidence = boundary_evidence(grams, Rarity(grams))
    assert evidence[2] < evidence[1] and evidence[2] < evidence[3]
