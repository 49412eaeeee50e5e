"""Entity P/R/F1 per label on a tagged corpus's held-back days: bare LAC, old stage, new stage.

    python benchmarks/entities_corpus.py --corpus ../shared/corpora/pfr-19980101-10.jsonl
        [--days 09-10] [--model FILE] [--ablate-rules] [--propagate-confidence 0.9]

The corpus (`{"id", "text", "entities"}` lines, ids `pfr-YYYYMMDD-…`) is split by date: models
fitted on days 01-07 were scored on day 08 to tune (`--days 08 --model M`), the shipped model was
then fitted on days 01-08, and days 09-10 (the default here) were looked at only to report.
The corpus's entities are mapped onto this project's conventions
(`pipeline.ner.conventions.corpus_to_project`, the mapping used in training) and compared with
each system's spans exactly (start, end and label); each corpus line is one document of one
article. Rows:

- bare LAC: the entity stage with `layer = "none"`, `rules = []` (LAC's own PER/LOC/ORG);
- old stage: `layer = "none"` with the hand rules (the stage before the learned layer);
- new stage: the default (`layer = "crf"` with the rules kept for it, the document vote).

`--ablate-rules` adds, for the new stage, a row without any rule and one per rule alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ner.crf_training import corpus_examples  # noqa: E402
from pipeline.ner.postprocess import RULES  # noqa: E402
from pipeline.registry import StageContext  # noqa: E402
from pipeline.stages.entities import Entities, EntitiesOptions  # noqa: E402
from pipeline.types import Article, Document, OffsetMap  # noqa: E402

LABELS = ("PER", "ORG", "LOC")


def day_pattern(days: str) -> str:
    """`09-10` → a regular expression for the ids of those days of January 1998."""
    first, _, last = days.partition("-")
    numbers = range(int(first), int(last or first) + 1)
    return r"^pfr-199801(" + "|".join(f"{day:02d}" for day in numbers) + r")-"


def predict(options: EntitiesOptions, texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], float]:
    stage = Entities(options)
    stage.setup(StageContext(workers=1))
    docs = []
    for index, text in enumerate(texts):
        doc = Document(f"d{index}", text, f"d{index}", text, OffsetMap())
        doc.articles = [Article(text=text, offsets=OffsetMap.identity(len(text)))]
        docs.append(doc)
    began = time.process_time()
    for first in range(0, len(docs), 8):
        stage.process_batch(docs[first : first + 8])
    seconds = time.process_time() - began
    return [[(e.start, e.end, e.label) for e in doc.articles[0].entities] for doc in docs], seconds


def scores(gold: list[list[tuple[int, int, str]]], found: list[list[tuple[int, int, str]]]) -> dict[str, tuple]:
    hits, wanted, given = Counter(), Counter(), Counter()
    for gold_spans, found_spans in zip(gold, found, strict=True):
        right = set(gold_spans) & set(found_spans)
        for spans, tally in ((gold_spans, wanted), (found_spans, given), (right, hits)):
            for _, _, label in spans:
                tally[label] += 1
                tally["all"] += 1
    table = {}
    for label in (*LABELS, "all"):
        precision = hits[label] / given[label] if given[label] else 0.0
        recall = hits[label] / wanted[label] if wanted[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = (precision, recall, f1, wanted[label])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, type=Path, help="the tagged corpus (JSONL with offsets)")
    parser.add_argument("--days", default="09-10", help="days of the corpus to score (default 09-10, held back)")
    parser.add_argument("--model", help="a crfsuite model for the new stage (default: the shipped one)")
    parser.add_argument("--propagate-confidence", type=float, default=0.9)
    parser.add_argument("--ablate-rules", action="store_true", help="rows without rules and with each rule alone")
    parser.add_argument("--only-new", action="store_true", help="skip the bare LAC and old stage rows")
    args = parser.parse_args()

    examples = corpus_examples(args.corpus, day_pattern(args.days))
    texts = [example.text for example in examples]
    gold = [example.spans for example in examples]
    new = {"layer_model": args.model, "propagate_confidence": args.propagate_confidence}
    systems: dict[str, dict] = {}
    if not args.only_new:
        systems["bare LAC"] = {"layer": "none", "rules": []}
        systems["old stage"] = {"layer": "none"}
    systems["new stage"] = new
    if args.ablate_rules:
        systems["new, no rules"] = {**new, "rules": []}
        for rule in RULES:
            systems[f"new, only {rule}"] = {**new, "rules": [rule]}
    chars = sum(map(len, texts))
    print(f"corpus days {args.days}: {len(texts)} articles, {chars} chars, {sum(map(len, gold))} entities")
    print(f"{'system':<34} " + " ".join(f"{label + ' P/R/F1':>17}" for label in (*LABELS, "all")) + "  chars/s")
    for name, values in systems.items():
        found, seconds = predict(EntitiesOptions(**values), texts)
        table = scores(gold, found)
        cells = " ".join(f"{p:.3f}/{r:.3f}/{f:.3f}" for p, r, f, _ in (table[label] for label in (*LABELS, "all")))
        print(f"{name:<34} {cells}  {chars / seconds:,.0f}", flush=True)


if __name__ == "__main__":
    main()
