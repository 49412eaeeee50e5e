"""Models trained with HanLP's and spaCy's own trainers on the project's gold, run through the stage.

Each model is trained once per test session, from scratch (random character embeddings, nothing
downloaded), on the sentences of the seed gold files that name an entity, with the held-out gold
as development set; then `backend = "hanlp"` / `"spacy"` with `model = <its folder>` runs the
whole pipeline over a seed page. The models are tiny, so the tests ask only what such a model
must do: find a good share of the names it was trained on, on character offsets that hold them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.ner.gold import align_mentions
from pipeline.ner.training import (
    Sentence,
    article_sentences,
    bio_tags,
    gold_sentences,
    train_hanlp_ner,
    train_spacy_ner,
    write_hanlp_tsv,
    write_spacy_docbin,
)
from pipeline.runner import run
from tests.conftest import GOLD, ROOT, SEEDS, read_jsonl

HELDOUT_GOLD = ROOT / "heldout" / "gold"
PAGE = "004_40259cb2cda64e73"


def training_sentences() -> list[Sentence]:
    """The seed gold's sentences that name an entity: 332 sentences, 793 mentions."""
    return [sentence for sentence in gold_sentences([GOLD]) if sentence.entities]


def test_gold_entities_are_placed_in_reading_order_and_cut_into_sentences() -> None:
    text = "吕梁市委书记到离石区调研。吕梁市各界参加。"
    entities = [
        {"text": "吕梁市委", "label": "ORG"},
        {"text": "离石区", "label": "LOC"},
        {"text": "吕梁市", "label": "LOC"},
    ]
    spans = align_mentions(text, [(e["text"], e["label"]) for e in entities], "x:1")
    assert spans == [(0, 4, "ORG"), (7, 10, "LOC"), (13, 16, "LOC")]
    sentences = article_sentences(text, spans)
    assert [s.text for s in sentences] == ["吕梁市委书记到离石区调研。", "吕梁市各界参加。"]
    assert sentences[1].entities == ((0, 3, "LOC"),)
    assert bio_tags(sentences[1])[:4] == ["B-LOC", "I-LOC", "I-LOC", "O"]


def test_hanlp_tsv_has_one_character_and_tag_a_line_and_a_blank_line_after_each_sentence(tmp_path: Path) -> None:
    path = write_hanlp_tsv([Sentence("在 汾阳", ((2, 4, "LOC"),)), Sentence(" ", ())], tmp_path / "train.tsv")
    assert path.read_text(encoding="utf-8") == "在\tO\n汾\tB-LOC\n阳\tI-LOC\n\n"


def run_page(tmp_path: Path, entities: str) -> list[dict]:
    """The whole pipeline over one seed page with the given `[[stages]]` entities table body."""
    config = tmp_path / "config.toml"
    stages = "".join(f'[[stages]]\nname = "{name}"\n' for name in ("cleanup", "segment"))
    config.write_text(f'{stages}[[stages]]\nname = "entities"\n{entities}\n[[stages]]\nname = "facts"\n', "utf-8")
    output = tmp_path / "out"
    summary = run(load_config(config, {"input": [str(SEEDS / f"{PAGE}.txt")], "output": str(output)}), quiet=True)
    assert not summary.failures, summary.failures
    return read_jsonl(output / f"{PAGE}.jsonl")


def names_found(records: list[dict]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Distinct (name, label) pairs the run found, and those the page's gold lists."""
    found = {(e["text"], e["label"]) for record in records for e in record["entities"]}
    gold = {(e["text"], e["label"]) for record in read_jsonl(GOLD / f"{PAGE}.jsonl") for e in record["entities"]}
    return found, gold


def assert_entities_hold_their_text(records: list[dict]) -> None:
    for record in records:
        for entity in record["entities"]:
            assert record["text"][entity["start"] : entity["end"]] == entity["text"]
            assert entity["label"] in ("PER", "ORG", "LOC")


@pytest.fixture(scope="session")
def hanlp_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HanLP's BiLSTM tagger trained by HanLP's own `fit` and saved by its own `save_weights`."""
    import torch

    torch.set_num_threads(1)
    folder = tmp_path_factory.mktemp("hanlp")
    train = write_hanlp_tsv(training_sentences(), folder / "train.tsv")
    dev = write_hanlp_tsv(gold_sentences([HELDOUT_GOLD]), folder / "dev.tsv")
    return train_hanlp_ner(train, dev, folder / "model", epochs=15, embed=32, hidden=64)


def test_hanlp_saves_a_model_that_hanlp_load_reads(hanlp_model: Path) -> None:
    import hanlp

    config = json.loads((hanlp_model / "config.json").read_text(encoding="utf-8"))
    assert config["classpath"] == "hanlp.components.ner.rnn_ner.RNNNamedEntityRecognizer"
    model = hanlp.load(str(hanlp_model))
    (tagged,) = model([list("梁业诚先生向汾阳中学捐资助学。")])
    assert all(isinstance(begin, int) and begin < end for _, _, begin, end in tagged)


def test_hanlp_backend_runs_a_trained_model_over_a_seed_page(hanlp_model: Path, tmp_path: Path) -> None:
    records = run_page(tmp_path, f'backend = "hanlp"\nmodel = "{hanlp_model.as_posix()}"\nrules = []\n')
    assert_entities_hold_their_text(records)
    found, gold = names_found(records)
    assert len(found & gold) >= 0.4 * len(gold)
    assert {"PER", "ORG", "LOC"} <= {label for _, label in found & gold}


@pytest.fixture(scope="session")
def spacy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Chinese `ner` pipeline from `spacy init config`, trained by `spacy train`, loaded by path."""
    folder = tmp_path_factory.mktemp("spacy")
    train = write_spacy_docbin(training_sentences(), folder / "train.spacy")
    dev = write_spacy_docbin(gold_sentences([HELDOUT_GOLD]), folder / "dev.spacy")
    output = train_spacy_ner(train, dev, folder / "trained", epochs=8, width=64, depth=2, lr=0.005)
    return output / "model-last"


def test_spacy_backend_runs_a_pipeline_trained_by_spacy_train_over_a_seed_page(
    spacy_model: Path, tmp_path: Path
) -> None:
    records = run_page(tmp_path, f'backend = "spacy"\nmodel = "{spacy_model.as_posix()}"\nrules = []\n')
    assert_entities_hold_their_text(records)
    found, gold = names_found(records)
    assert len(found & gold) >= 0.3 * len(gold)
    assert {"ORG", "LOC"} <= {label for _, label in found & gold}
