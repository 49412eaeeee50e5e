"""The People's Daily fact gold's selection and checks (benchmarks/facts_gold/select.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def select():
    spec = importlib.util.spec_from_file_location("facts_gold_select", ROOT / "benchmarks" / "facts_gold" / "select.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(per_day: int) -> dict[str, dict]:
    """Made-up articles, `per_day` a day for 1-10 January, each with enough Arabic figures."""
    body = "全年新增就业12万人，增长5%，投资30亿元。"
    return {f"pfr-199801{day:02d}-01-{index:03d}": {"text": body} for day in range(1, 11) for index in range(per_day)}


def test_tune_draws_twice_without_repeating_an_article_and_report_once(select):
    chosen = select.select(_corpus(per_day=20))
    per_draw = select.PER_KIND * 4
    assert len(chosen["report"]) == per_draw
    assert len(chosen["tune"]) == 2 * per_draw == len(set(chosen["tune"]))
    assert all(select.split_of(article) == "tune" for article in chosen["tune"])


def test_the_second_draw_leaves_the_first_draw_and_the_report_split_as_they_were(select, monkeypatch):
    corpus = _corpus(per_day=20)
    both = select.select(corpus)
    monkeypatch.setattr(select, "DRAWS", {"tune": 1, "report": 1})
    first = select.select(corpus)
    assert set(first["tune"]) < set(both["tune"])
    assert first["report"] == both["report"]


def test_a_short_pool_gives_every_candidate_once(select):
    chosen = select.select(_corpus(per_day=5))
    assert len(chosen["tune"]) == 25 == len(set(chosen["tune"]))


def test_the_committed_gold_files_pass_the_schema_and_order_checks(select):
    assert select.check(None) == []
    assert sum(1 for split, _ in select.gold_files() if split == "tune") == 40
