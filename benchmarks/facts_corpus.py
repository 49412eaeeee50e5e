"""Fact extraction on hand-made gold for People's Daily corpus articles, scored as `evaluate` does.

    python benchmarks/facts_corpus.py --corpus ../shared/corpora/pfr-19980101-10.jsonl \
        --gold benchmarks/facts_gold/tune [--errors]

Every gold file `<doc_id>.jsonl` under `--gold` names one corpus article by its id; the article's
text is taken from the corpus file given on the command line (the corpus is not part of the
project). Each article goes through the `entities` (LAC, default options) and `facts` stages as
one article, exactly as a config with only those two stages runs it, and its facts are scored
with the pairing of `python -m pipeline evaluate` (docs/evaluation.md): pairs on (value, unit),
then exact subject and predicate accuracy over the pairs whose gold fact has the field.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import Error, FactScore, _score_facts  # noqa: E402
from pipeline.registry import StageContext  # noqa: E402
from pipeline.stages.entities import Entities, EntitiesOptions  # noqa: E402
from pipeline.stages.facts import Facts, FactsOptions  # noqa: E402
from pipeline.types import Document  # noqa: E402


def read_gold(folder: Path) -> dict[str, list[dict]]:
    """Gold records per document id, one `<doc_id>.jsonl` per article."""
    gold = {}
    for path in sorted(folder.glob("*.jsonl")):
        records = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: invalid JSON: {error.msg}") from None
        gold[path.stem] = records
    return gold


def read_articles(corpus: Path, ids: set[str]) -> dict[str, str]:
    """The texts of the wanted ids from a corpus JSONL file of `{"id", "text"}` lines."""
    texts = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("id") in ids:
                texts[record["id"]] = record["text"]
    missing = sorted(ids - texts.keys())
    if missing:
        raise SystemExit(f"{corpus}: no article with id {missing[0]} (and {len(missing) - 1} more)")
    return texts


def run_stages(texts: dict[str, str]) -> tuple[dict[str, Document], float]:
    """Entities then facts over each text as one article; returns the documents and the facts time."""
    docs = {doc_id: Document.from_raw(doc_id, text, doc_id) for doc_id, text in texts.items()}
    entities = Entities(EntitiesOptions())
    entities.setup(StageContext())
    entities.process_batch(list(docs.values()))
    facts = Facts(FactsOptions())
    facts.setup(StageContext())
    started = time.process_time()
    for doc in docs.values():
        facts.process(doc)
    return docs, time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="corpus JSONL with {id, text} lines")
    parser.add_argument("--gold", type=Path, required=True, help="folder of <doc_id>.jsonl gold files")
    parser.add_argument("--errors", action="store_true", help="list false positives, misses and wrong fields")
    args = parser.parse_args(argv)

    gold = read_gold(args.gold)
    if not gold:
        raise SystemExit(f"{args.gold}: no gold files")
    docs, seconds = run_stages(read_articles(args.corpus, set(gold)))
    total = FactScore()
    errors: list[Error] = []
    for doc_id, records in gold.items():
        predicted = [{"facts": [fact.to_record() for fact in article.facts]} for article in docs[doc_id].articles]
        total.add(_score_facts(doc_id, records, predicted, errors))
    metrics = total.metrics()
    if args.errors:
        for error in errors:
            print(f"{error.doc_id}\t{error.kind}\t{error.detail}")
    characters = sum(len(doc.text) for doc in docs.values())
    print(f"{len(gold)} articles, {metrics['gold']} gold facts, {metrics['predicted']} predicted, "
          f"{metrics['matched']} matched")  # fmt: skip
    for name in ("precision", "recall", "f1", "subject_accuracy", "predicate_accuracy"):
        value = metrics[name]
        print(f"{name:20} {'-' if value is None else f'{value:.3f}'}")
    print(f"facts stage: {seconds:.3f} s CPU for {characters} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
