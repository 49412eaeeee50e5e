"""The tests' tiny HanLP and spaCy NER models, scored on held-out pages against LAC.

    python benchmarks/trained_ner.py [--work DIR]

Trains both models as `tests/test_ner_training.py` does (the seed gold's sentences that name an
entity; held-out gold as development set; HanLP 15 epochs, spaCy 8), runs the whole pipeline
with each backend (`rules = []`, the bare model) and with LAC over `heldout/pages`, and prints
`python -m pipeline evaluate`'s entity scores for each against `heldout/gold`. The held-out pages
were not used for training, only to pick HanLP's best epoch and spaCy's `model-best`, which
the tests do not use.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402
from pipeline.ner.training import (  # noqa: E402
    gold_sentences,
    train_hanlp_ner,
    train_spacy_ner,
    write_hanlp_tsv,
    write_spacy_docbin,
)
from pipeline.runner import run  # noqa: E402

HELDOUT = ROOT / "heldout"


def run_heldout(work: Path, name: str, entities: str) -> Path:
    config = work / f"{name}.toml"
    stages = "".join(f'[[stages]]\nname = "{stage}"\n' for stage in ("cleanup", "segment"))
    config.write_text(f'{stages}[[stages]]\nname = "entities"\n{entities}\n', encoding="utf-8")
    output = work / f"out-{name}"
    run(load_config(config, {"input": [str(HELDOUT / "pages")], "output": str(output)}), quiet=True)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", help="folder for data, models and outputs (default: a temporary one)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="trained_ner_"))
    work.mkdir(parents=True, exist_ok=True)

    import torch

    torch.set_num_threads(1)
    train = [sentence for sentence in gold_sentences([ROOT / "gold"]) if sentence.entities]
    dev = gold_sentences([HELDOUT / "gold"])
    hanlp_model = train_hanlp_ner(
        write_hanlp_tsv(train, work / "train.tsv"),
        write_hanlp_tsv(dev, work / "dev.tsv"),
        work / "hanlp",
        epochs=15,
        embed=32,
        hidden=64,
    )
    spacy_model = train_spacy_ner(
        write_spacy_docbin(train, work / "train.spacy"),
        write_spacy_docbin(dev, work / "dev.spacy"),
        work / "spacy",
        epochs=8,
        width=64,
        depth=2,
        lr=0.005,
    )
    backends = {
        "lac (bare)": 'backend = "lac"\nrules = []\n',
        "hanlp tiny": f'backend = "hanlp"\nmodel = "{hanlp_model.as_posix()}"\nrules = []\n',
        "spacy tiny": f'backend = "spacy"\nmodel = "{(spacy_model / "model-last").as_posix()}"\nrules = []\n',
    }
    print(f"{len(train)} training sentences; held-out gold {HELDOUT / 'gold'}; work folder {work}")
    print(f"{'model':<12} {'P':>6} {'R':>6} {'F1':>6}")
    for name, table in backends.items():
        output = run_heldout(work, name.split()[0], table)
        scores = evaluate(HELDOUT / "gold", output).to_json()["overall"]["entities"]["all"]
        print(f"{name:<12} {scores['precision']:>6.3f} {scores['recall']:>6.3f} {scores['f1']:>6.3f}")


if __name__ == "__main__":
    main()
