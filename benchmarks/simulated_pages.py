"""Scores of the text pipeline on simulated pages, per split: the figures issues 15 and 16 aim at.

    python benchmarks/simulated_pages.py --corpus ../shared/corpora/pfr-19980101-10.jsonl \
        --gold gold:tune --gold heldout/gold:report [--pages 100] [--out sim] [--pred pred] [--workers 2] [--all-stages]

Makes `--pages` pages per split (unless `--out` already holds them: `--regenerate` makes them
again), runs cleanup and segmentation (`--all-stages`: the stages of configs/default.toml) over
the text pdfminer extracted and, where it was made, the text pdftotext extracted, and prints per
split and text source: article F1, title, author and dateline accuracy, and the cleanup CER
(over all gold bodies and over matched ones). `tune` pages are for tuning rules; `report` pages
are the held-back ones to quote. `--by-layout` adds rows for the page kinds that make pdfminer's
text hard: columns drawn row by row across a narrow gutter (interleaved), lines far apart
(each line a box of its own), and the rest.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config  # noqa: E402
from pipeline.evaluate import (  # noqa: E402
    Score,
    evaluate,
    read_folder,
    score_document,
)
from pipeline.runner import run  # noqa: E402
from pipeline.simulator.generate import SPLITS, SimulationOptions, simulate  # noqa: E402

TEXT_ONLY_STAGES = '[[stages]]\nname = "cleanup"\n\n[[stages]]\nname = "segment"\n'


def figures(score: Score) -> dict[str, Any]:
    """The headline figures of a summed score."""
    metrics = score.metrics()
    segment = metrics["segment"].get("all", {})
    cleanup = metrics["cleanup"] or {}
    return {
        "pages": None,
        "gold": segment.get("gold"),
        "article_f1": segment.get("f1"),
        "title_acc": segment.get("title_accuracy"),
        "author_acc": segment.get("authors_accuracy"),
        "dateline_acc": segment.get("dateline_accuracy"),
        "cer": cleanup.get("cer"),
        "cer_matched": cleanup.get("cer_matched"),
    }


def layout_kind(page: dict[str, Any]) -> str:
    if page.get("drawn_row_by_row") and page.get("narrow_gutters"):
        return "interleaved"
    if page.get("lines_as_boxes"):
        return "line_boxes"
    return "plain"


def run_pipeline(config: Path, text_dir: Path, output: Path, workers: int) -> None:
    overrides = {"input": [str(text_dir)], "output": str(output), "workers": workers}
    summary = run(load_config(config, overrides), quiet=True)
    if summary.failures:
        print(f"warning: {len(summary.failures)} documents failed in {text_dir}", file=sys.stderr)


def score_split(split_dir: Path, pred: Path, by_layout: bool) -> list[tuple[str, dict[str, Any]]]:
    evaluation = evaluate(split_dir / "gold", pred)
    rows = [("all", figures(evaluation.total) | {"pages": len(evaluation.documents)})]
    if by_layout:
        pages = [json.loads(line) for line in (split_dir / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
        kinds = {page["page_id"]: layout_kind(page) for page in pages}
        gold, predicted = read_folder(split_dir / "gold"), read_folder(pred)
        for kind in ("plain", "line_boxes", "interleaved"):
            total, count = Score(), 0
            for doc_id, records in gold.items():
                if kinds.get(doc_id) == kind:
                    total.add(score_document(doc_id, records, predicted.get(doc_id, [])))
                    count += 1
            if count:
                rows.append((kind, figures(total) | {"pages": count}))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return f"{'-':>12}"
    return f"{value:>12.3f}" if isinstance(value, float) else f"{value:>12}"


def print_rows(rows: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    columns = ["pages", "gold", "article_f1", "title_acc", "author_acc", "dateline_acc", "cer", "cer_matched"]
    print(f"{'split':7} {'text':10} {'pages':11} " + " ".join(f"{c:>12}" for c in columns))
    for split, source, kind, values in rows:
        cells = []
        for column in columns:
            value = values.get(column)
            cells.append(
                f"{'-':>12}" if value is None else f"{value:>12.3f}" if isinstance(value, float) else f"{value:>12}"
            )
        print(f"{split:7} {source:10} {kind:11} " + " ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--gold", action="append", default=[], help="gold folder; DIR:tune / DIR:report fix its split")
    parser.add_argument("--facts", type=Path, action="append", default=[], help="fact gold for corpus articles")
    parser.add_argument("--pages", type=int, default=100, help="pages per split (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="where the pages are (made there when missing)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--pred", type=Path, help="keep the predictions here: PRED/<split>/<text|text-pdftotext>")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--ttf", default="auto", help="CJK TrueType font for variety: auto, a path or none")
    parser.add_argument("--all-stages", action="store_true", help="run every stage of configs/default.toml")
    parser.add_argument("--by-layout", action="store_true", help="add rows per kind of page layout")
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    splits = tuple(args.split or SPLITS)
    work = Path(tempfile.mkdtemp(prefix="simulated_pages_"))
    out = args.out or work / "pages"
    if args.regenerate or not all((out / split / "gold").is_dir() for split in splits):
        if args.corpus is None and not args.gold:
            print("error: give --corpus FILE and/or --gold DIR to make the pages", file=sys.stderr)
            return 2
        started = time.perf_counter()
        options = SimulationOptions(
            out=out,
            corpus=args.corpus,
            gold_dirs=args.gold,
            fact_dirs=args.facts,
            pages=args.pages,
            seed=args.seed,
            workers=args.workers,
            ttf=args.ttf,
            splits=splits,
        )
        simulate(options)
        print(f"made pages in {out} ({time.perf_counter() - started:.0f} s)")
    if args.all_stages:
        config = ROOT / "configs" / "default.toml"
    else:
        config = work / "text_only.toml"
        config.write_text(TEXT_ONLY_STAGES, encoding="utf-8")
    rows = []
    for split in splits:
        for source in ("text", "text-pdftotext"):
            text_dir = out / split / source
            if not any(text_dir.glob("*.txt")):
                continue
            pred = (args.pred or work / "pred") / split / source
            started = time.perf_counter()
            run_pipeline(config, text_dir, pred, args.workers)
            elapsed = time.perf_counter() - started
            label = "pdfminer" if source == "text" else "pdftotext"
            for kind, values in score_split(out / split, pred, args.by_layout):
                rows.append((split, label, kind, values | {"seconds": round(elapsed, 1)}))
    print_rows(rows)
    if args.json:
        data = [{"split": s, "text": t, "pages_kind": k} | v for s, t, k, v in rows]
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
