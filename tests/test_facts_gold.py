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


def test_tune_draws_twice_without_repeating_an_article_and_each_report_split_once(select):
    chosen = select.select(_corpus(per_day=20))
    per_draw = select.PER_KIND * 4
    assert len(chosen["report"]) == len(chosen["report2"]) == per_draw
    assert len(chosen["tune"]) == 2 * per_draw == len(set(chosen["tune"]))
    assert all(select.in_split_dates(article, "tune") for article in chosen["tune"])


def test_report2_takes_only_report_days_and_no_article_of_the_report_split(select):
    chosen = select.select(_corpus(per_day=20))
    assert all(select.in_split_dates(article, "report") for article in chosen["report2"])
    assert not set(chosen["report2"]) & set(chosen["report"])


def test_tune2_takes_only_tune_days_and_no_article_of_the_tune_split(select):
    chosen = select.select(_corpus(per_day=20))
    assert len(chosen["tune2"]) == select.PER_KIND * 4
    assert all(select.in_split_dates(article, "tune") for article in chosen["tune2"])
    assert not set(chosen["tune2"]) & set(chosen["tune"])


def test_report3_takes_only_report_days_and_no_article_of_an_earlier_report_split(select):
    chosen = select.select(_corpus(per_day=20))
    assert len(chosen["report3"]) == select.PER_KIND * 4
    assert all(select.in_split_dates(article, "report") for article in chosen["report3"])
    assert not set(chosen["report3"]) & (set(chosen["report"]) | set(chosen["report2"]))


@pytest.mark.parametrize("split", ["report3", "tune3"])
def test_a_later_draw_leaves_every_earlier_draw_as_it_was(select, monkeypatch, split):
    corpus = _corpus(per_day=20)
    with_it = select.select(corpus)
    monkeypatch.setattr(select, "DRAWS", select.DRAWS[: select.DRAWS.index((split,))])
    without = select.select(corpus)
    assert without[split] == []
    earlier = {name for draw in select.DRAWS for name in draw}
    assert all(without[name] == with_it[name] for name in earlier)


def test_each_later_draw_leaves_the_earlier_draws_as_they_were(select, monkeypatch):
    corpus = _corpus(per_day=20)
    all_four = select.select(corpus)
    monkeypatch.setattr(select, "DRAWS", select.DRAWS[:3])
    all_three = select.select(corpus)
    assert all(all_three[split] == all_four[split] for split in ("tune", "report", "report2"))
    assert all_three["tune2"] == []
    monkeypatch.setattr(select, "DRAWS", select.DRAWS[:2])
    two = select.select(corpus)
    monkeypatch.setattr(select, "DRAWS", select.DRAWS[:1])
    first = select.select(corpus)
    assert two["tune"] == all_three["tune"] and two["report"] == all_three["report"] == first["report"]
    assert set(first["tune"]) < set(two["tune"])
    assert two["report2"] == first["report2"] == []


def test_tune3_takes_only_tune_days_and_no_article_of_an_earlier_tune_split(select):
    chosen = select.select(_corpus(per_day=20))
    assert len(chosen["tune3"]) == select.PER_KIND * 4
    assert all(select.in_split_dates(article, "tune") for article in chosen["tune3"])
    assert not set(chosen["tune3"]) & (set(chosen["tune"]) | set(chosen["tune2"]))


def test_a_short_pool_gives_every_candidate_once(select):
    chosen = select.select(_corpus(per_day=5))
    assert len(chosen["tune"]) == 25 == len(set(chosen["tune"]))


def test_the_committed_gold_files_pass_the_schema_and_order_checks(select):
    assert select.check(None) == []
    counts = {split: sum(1 for name, _ in select.gold_files() if name == split) for split in select.SPLITS}
    assert counts == {"tune": 40, "report": 20, "report2": 20, "tune2": 20, "report3": 20, "tune3": 20}
