"""`train-ner` end to end: train on a small gold set, then run a config that names the model."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.evaluate import evaluate
from pipeline.runner import run
from tests.conftest import GOLD, SEEDS, TRAIN_PAGES, read_jsonl


def test_train_ner_writes_a_model_that_a_config_uses_by_model_path(trained_model: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "mine.toml"
    config_file.write_text(
        f'[run]\ninput = ["{SEEDS / (TRAIN_PAGES[0] + ".txt")}"]\noutput = "{tmp_path / "out"}"\n'
        '[[stages]]\nname = "cleanup"\n[[stages]]\nname = "segment"\n'
        f'[[stages]]\nname = "entities"\nmodel = "{trained_model}"\n',
        encoding="utf-8",
    )
    summary = run(load_config(config_file, {}), quiet=True)
    assert not summary.failures
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{TRAIN_PAGES[0]}.jsonl").write_text(
        (GOLD / f"{TRAIN_PAGES[0]}.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    scores = evaluate(gold, tmp_path / "out").total.entities["all"]
    # The page it was trained on: a model that learned from its gold finds most of it again.
    assert scores.f1 is not None and scores.f1 >= 0.8
    records = read_jsonl(tmp_path / "out" / f"{TRAIN_PAGES[0]}.jsonl")
    assert all(r["text"][e["start"] : e["end"]] == e["text"] for r in records for e in r["entities"])


def test_train_ner_leaves_out_a_bad_gold_record_names_it_and_still_trains(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "p.jsonl").write_text(
        '{"text": "赵雪宏出席会议并讲话。", "entities": [{"text": "赵雪宏", "label": "PER"}]}\n'
        '{"text": "会议召开。", "entities": [{"text": "杜泽亮", "label": "PER"}]}\n'
        "{not json\n",
        encoding="utf-8",
    )
    model = tmp_path / "m.crfsuite"
    assert main(["train-ner", "--gold", str(gold), "-o", str(model), "--iterations", "5"]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2
    assert f"{gold / 'p.jsonl'}:2: entity '杜泽亮'" in errors[0] and "Traceback" not in errors[0]
    assert f"{gold / 'p.jsonl'}:3: invalid JSON" in errors[1]
    assert model.is_file()


def test_train_ner_without_any_source_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    assert main(["train-ner", "-o", str(tmp_path / "m.crfsuite")]) == 2
    assert capsys.readouterr().err.strip() == "error: train-ner needs at least one --gold folder or a --corpus file"
