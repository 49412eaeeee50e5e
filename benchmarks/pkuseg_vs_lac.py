"""pkuseg's words against LAC's on the seed articles: how often they agree, and how fast each is.

    python benchmarks/pkuseg_vs_lac.py [--gold gold] [--repeats 3]

Both segment the same texts, the hand-checked article texts of the gold files (the seeds after
cleanup and segmentation), cut into the sentences the entity stage tags. Figures:

- agreement: the words (as character spans) both produce, as precision and recall of pkuseg's
  words against LAC's and their F1, and the share of LAC's word boundaries pkuseg also puts;
- speed: characters per second of `segmenter = "pkuseg"` (spacy-pkuseg with pkuseg's default
  model, as the entity stage builds its `Doc`s) and of the batched LAC runner (words, parts of
  speech and entities in one pass), each the best of `--repeats` runs, wall clock, one thread.

Where they disagree it is mostly on granularity (LAC writes `国有企业` as one word, pkuseg as
`国有` `企业`; pkuseg joins `吕梁如意湖`), which the examples printed at the end show.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ner.lac_runner import BatchedLacTagger, load_model  # noqa: E402
from pipeline.ner.spacy_glue import make_language  # noqa: E402
from pipeline.ner.training import gold_sentences  # noqa: E402

Spans = list[set[tuple[int, int]]]


def best_time(task: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        task()
        times.append(time.perf_counter() - started)
    return min(times)


def word_spans(words: list[str], text: str) -> set[tuple[int, int]]:
    """Words to `(start, end)` in text; words are found in order, whitespace between them skipped."""
    spans, cursor = set(), 0
    for word in words:
        start = text.find(word, cursor)
        if start < 0:
            continue
        cursor = start + len(word)
        if word.strip():
            spans.add((start, cursor))
    return spans


def agreement(pkuseg: Spans, lac: Spans) -> dict[str, float]:
    shared = sum(len(p & q) for p, q in zip(pkuseg, lac, strict=True))
    predicted, reference = sum(map(len, pkuseg)), sum(map(len, lac))
    precision, recall = shared / predicted, shared / reference
    lac_edges = [{end for _, end in spans} for spans in lac]
    pkuseg_edges = [{end for _, end in spans} for spans in pkuseg]
    edges = sum(len(p & q) for p, q in zip(pkuseg_edges, lac_edges, strict=True)) / sum(map(len, lac_edges))
    return {
        "pkuseg words": predicted,
        "LAC words": reference,
        "precision": precision,
        "recall": recall,
        "F1": 2 * precision * recall / (precision + recall),
        "LAC boundaries kept": edges,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "gold"), help="gold files whose article texts are segmented")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--examples", type=int, default=8, help="disagreements to print")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    texts = [sentence.text for sentence in gold_sentences([args.gold]) if sentence.text.strip()]
    chars = sum(map(len, texts))
    tokenizer = make_language("pkuseg").tokenizer
    tagger = BatchedLacTagger(load_model(threads=1))

    pkuseg_words = [[token.text for token in tokenizer(text)] for text in texts]
    lac_words = [[word.text for word in words] for words in tagger.tag(texts)]
    pkuseg_spans = [word_spans(words, text) for words, text in zip(pkuseg_words, texts, strict=True)]
    lac_spans = [word_spans(words, text) for words, text in zip(lac_words, texts, strict=True)]

    print(f"{len(texts)} sentences, {chars} characters from {args.gold}")
    for name, value in agreement(pkuseg_spans, lac_spans).items():
        print(f"{name:>20}: {value:.3f}" if isinstance(value, float) else f"{name:>20}: {value}")
    pkuseg_seconds = best_time(lambda: [tokenizer(text) for text in texts], args.repeats)
    lac_seconds = best_time(lambda: tagger.tag(texts), args.repeats)
    print(f"{'pkuseg chars/s':>20}: {chars / pkuseg_seconds:,.0f}")
    print(f"{'LAC chars/s':>20}: {chars / lac_seconds:,.0f}")

    shown = 0
    for p_words, l_words in zip(pkuseg_words, lac_words, strict=True):
        if shown >= args.examples:
            break
        if p_words != l_words:
            print(f"  pkuseg: {' '.join(p_words)[:80]}\n     LAC: {' '.join(l_words)[:80]}")
            shown += 1


if __name__ == "__main__":
    main()
