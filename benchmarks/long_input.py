"""A whole book in one record: the default stages over one single-line document of N characters.

    python benchmarks/long_input.py [--chars 125000 250000 500000 1000000] [--config configs/default.toml]

The document is the seed pages with their line breaks taken out, repeated to N characters, as
one `{"id", "text"}` line of a `.jsonl` file, run through `pipeline.runner.run` in this process.
For each size it prints the characters, CPU and wall seconds, characters per CPU second, each
stage's share of the time, the articles written and the failures. Cost that grows linearly keeps
chars/CPU s flat as N doubles; a failure (spaCy's E088 for a text over its `max_length`) is shown.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from pipeline.config import load_config
from pipeline.runner import run

ROOT = Path(__file__).resolve().parent.parent


def one_line_book(chars: int) -> str:
    pages = "".join(
        path.read_text(encoding="utf-8").replace("\n", "") for path in sorted((ROOT / "seeds").glob("*.txt"))
    )
    return (pages * (chars // len(pages) + 1))[:chars]


def measure(chars: int, config_path: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="long-input-") as scratch:
        source = Path(scratch) / "book.jsonl"
        source.write_text(json.dumps({"id": "book", "text": one_line_book(chars)}, ensure_ascii=False) + "\n")
        overrides = {"input": [str(source)], "output": str(Path(scratch) / "out"), "workers": 1, "force": True}
        cpu, wall = time.process_time(), time.perf_counter()
        summary = run(load_config(config_path, overrides), quiet=True)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    stages = {name: round(spent / wall, 2) for name, spent in summary.stage_seconds.items()}
    return {
        "chars": chars,
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "chars_per_cpu_s": round(chars / cpu),
        "stage_share": stages,
        "articles": summary.articles,
        "failures": [str(failure) for failure in summary.failures],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[125_000, 250_000, 500_000, 1_000_000])
    parser.add_argument("--config", default=str(ROOT / "configs" / "default.toml"))
    args = parser.parse_args()
    for chars in args.chars:
        print(json.dumps(measure(chars, args.config), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
