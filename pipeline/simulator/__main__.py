"""`python -m pipeline.simulator OUT [--corpus FILE] [--gold DIR ...] [--pages N] [--seed S] [--workers N]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.simulator.generate import SPLITS, SimulationOptions, simulate
from pipeline.simulator.sources import gold_folder


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.simulator",
        description="Set gold articles into simulated newspaper PDF pages and write their text and gold.",
    )
    parser.add_argument("out", type=Path, help="output folder: OUT/{tune,report}/{pdf,text,text-pdftotext,gold}")
    parser.add_argument("--corpus", type=Path, help="People's Daily corpus jsonl ({id, text, entities} per line)")
    parser.add_argument(
        "--gold",
        action="append",
        default=[],
        help="a gold folder, split by document; DIR:tune or DIR:report puts all of it in one split (repeatable)",
    )
    parser.add_argument(
        "--facts", type=Path, action="append", default=[], help="fact gold for corpus articles (repeatable)"
    )
    parser.add_argument("--pages", type=int, default=100, help="pages per split (default 100)")
    parser.add_argument("--pages-per-doc", type=int, default=1, help="pages per PDF document (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--ttf", default="none", help="'auto', a CJK .ttf/.ttc path, or 'none' (default)")
    parser.add_argument("--no-pdftotext", action="store_true", help="skip the pdftotext extraction")
    parser.add_argument("--split", choices=SPLITS, action="append", help="only this split (repeatable)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.corpus is None and not args.gold:
        print("error: give --corpus FILE and/or --gold DIR", file=sys.stderr)
        return 2
    for path in ([args.corpus] if args.corpus else []) + [gold_folder(g)[0] for g in args.gold]:
        if not path.exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            return 2
    options = SimulationOptions(
        out=args.out,
        corpus=args.corpus,
        gold_dirs=args.gold,
        fact_dirs=args.facts,
        pages=args.pages,
        pages_per_doc=args.pages_per_doc,
        seed=args.seed,
        workers=args.workers,
        ttf=args.ttf,
        pdftotext=not args.no_pdftotext,
        splits=tuple(args.split or SPLITS),
    )
    started = time.perf_counter()
    try:
        manifests = simulate(options)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for split, pages in manifests.items():
        records = sum(page["records"] for page in pages)
        print(f"{split}: {len(pages)} pages, {records} records -> {args.out / split}")
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
