"""Train the facts stage's subject ranker from fact gold, cross-validate it, score it against the rules.

    python benchmarks/facts_ranker.py --corpus ../shared/corpora/pfr-19980101-10.jsonl \
        --gold benchmarks/facts_gold/tune --gold benchmarks/facts_gold/tune2 \
        [--test benchmarks/facts_gold/tune3] [--folds 10] [--output pipeline/facts/data/subject_ranker.json]

Each gold article is run through the `entities` and `facts` stages (as `benchmarks/facts_corpus.py`
does). For every fact the rules find, `pipeline.facts.ranker.subject_candidates` lists the candidate
subjects; a fact the gold pairs with (same value and unit, as `evaluate` pairs) labels the candidate
whose text is the gold subject. The script prints

- candidate recall: how often the gold subject is among the candidates at all (the ranker's bound);
- leave-articles-out cross-validation on the `--gold` folders (`--folds` groups of whole articles):
  subject and predicate accuracy and fact F1 of the rules and of the ranker trained on the other folds,
  each scored with `evaluate`'s fact pairing on the facts stage's real output;
- with `--test`, the same for a ranker trained on all `--gold` articles, on the `--test` articles;

and with `--output` writes the ranker trained on all `--gold` articles as JSON (feature -> weight).
Training needs scikit-learn (`pip install -e ".[train]"`); the facts stage reads the JSON with plain Python.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from facts_corpus import read_articles, read_gold, run_stages  # noqa: E402

from pipeline.evaluate import FactScore, _score_facts  # noqa: E402
from pipeline.facts.extract import extract_facts  # noqa: E402
from pipeline.facts.ranker import SubjectRanker  # noqa: E402
from pipeline.facts.ranker_training import REGULARISATION, Example, labelled_groups, train  # noqa: E402
from pipeline.types import Entity, Token  # noqa: E402


@dataclass
class Article:
    """One gold article: its text, the entity stage's words and names, and its gold records."""

    doc_id: str
    text: str
    tokens: list[Token]
    entities: list[Entity]
    gold: list[dict]


def load_articles(corpus: Path, folders: list[Path]) -> list[Article]:
    gold: dict[str, list[dict]] = {}
    for folder in folders:
        found = read_gold(folder)
        if not found:
            raise SystemExit(f"{folder}: no gold files")
        gold.update(found)
    docs, _ = run_stages(read_articles(corpus, set(gold)))
    articles = []
    for doc_id, records in gold.items():
        article = docs[doc_id].articles[0]
        articles.append(Article(doc_id, article.text, article.tokens, article.entities, records))
    return articles


def gold_facts(article: Article) -> list[dict]:
    return [fact for record in article.gold for fact in record.get("facts", [])]


def examples(articles: list[Article]) -> list[Example]:
    return [e for a in articles for e in labelled_groups(a.text, a.tokens, a.entities, gold_facts(a))]


def score(articles: list[Article], chooser: SubjectRanker | None) -> dict:
    """Fact F1, subject and predicate accuracy as `evaluate` computes them, with or without the ranker."""
    total = FactScore()
    for article in articles:
        facts = extract_facts(article.text, article.tokens, article.entities, chooser)
        total.add(_score_facts(article.doc_id, article.gold, [{"facts": [f.to_record() for f in facts]}], []))
    return total.metrics()


def candidate_recall(found: list[Example]) -> tuple[float, float, int]:
    """Share of paired facts whose gold subject is a candidate; the same over gold subjects that are not null."""
    hits = [any(e.labels()) for e in found]
    named = [any(e.labels()) for e in found if e.gold is not None]
    return sum(hits) / len(hits), sum(named) / max(len(named), 1), len(hits)


def folds(articles: list[Article], count: int) -> list[list[Article]]:
    """Whole articles in `count` groups, by their order of id (consecutive days and pages together)."""
    ordered = sorted(articles, key=lambda a: a.doc_id)
    size = -(-len(ordered) // count)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def cross_validate(articles: list[Article], count: int, regularisation: float = REGULARISATION) -> tuple[dict, dict]:
    """Rules and ranker on each held-out fold, the ranker trained on the others; scores summed over folds."""
    rules, ranked = FactScore(), FactScore()
    groups = folds(articles, count)
    for index, held in enumerate(groups):
        rest = [a for i, group in enumerate(groups) if i != index for a in group]
        ranker = train(examples(rest), regularisation)
        for article in held:
            for total, chooser in ((rules, None), (ranked, ranker)):
                facts = extract_facts(article.text, article.tokens, article.entities, chooser)
                predicted = [{"facts": [f.to_record() for f in facts]}]
                total.add(_score_facts(article.doc_id, article.gold, predicted, []))
    return rules.metrics(), ranked.metrics()


def line(name: str, metrics: dict) -> str:
    return (
        f"{name:28} F1 {metrics['f1']:.3f}  subject {metrics['subject_accuracy']:.3f}  "
        f"predicate {metrics['predicate_accuracy']:.3f}  ({metrics['matched']} matched)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="corpus JSONL with {id, text} lines")
    parser.add_argument("--gold", type=Path, action="append", required=True, help="training gold folder")
    parser.add_argument("--test", type=Path, help="gold folder to score rules and ranker on, not trained on")
    parser.add_argument("--folds", type=int, default=10, help="leave-articles-out folds on --gold (0: none)")
    parser.add_argument("--output", type=Path, help="write the ranker trained on all --gold articles here")
    args = parser.parse_args(argv)

    articles = load_articles(args.corpus, args.gold)
    found = examples(articles)
    recall, named, total = candidate_recall(found)
    print(f"training: {len(articles)} articles, {total} paired facts with a gold subject")
    print(f"candidate recall {recall:.3f} (gold subjects that are not null: {named:.3f})")
    if args.folds:
        rules, ranked = cross_validate(articles, args.folds)
        print(f"cross-validation, {args.folds} folds of whole articles:")
        print(line("  rules", rules))
        print(line("  ranker", ranked))
    ranker = train(found)
    if args.test:
        tested = load_articles(args.corpus, [args.test])
        recall, named, total = candidate_recall(examples(tested))
        print(f"test {args.test.name}: {len(tested)} articles, {total} paired facts, candidate recall {recall:.3f}")
        print(line("  rules", score(tested, None)))
        print(line("  ranker", score(tested, ranker)))
    if args.output:
        weights = dict(sorted(ranker.weights.items(), key=lambda item: -abs(item[1])))
        record = {
            "about": "Subject ranker of the facts stage: feature -> weight (benchmarks/facts_ranker.py)",
            "trained_on": [folder.name for folder in args.gold],
            "regularisation": REGULARISATION,
            "features": weights,
        }
        args.output.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.output} ({len(weights)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
