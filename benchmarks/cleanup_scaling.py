"""Cost of the cleanup stage as its input grows: N copies of each seed page in one document.

    python benchmarks/cleanup_scaling.py [--copies 1 10 100] [--repeats 3]

The pages are joined the way the extractor joins pages (the next page starts with a space), so
the N-copy document is N pages. For each size it prints the characters, the best of `--repeats`
runs in CPU seconds (the process's own time, so other work on the machine distorts it less than
wall time) and in wall seconds, characters per CPU second, and `per_copy`: CPU time divided by N
and by the time of one copy. A linear stage keeps `per_copy` near 1.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.stages.cleanup import Cleanup, CleanupOptions
from pipeline.types import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def as_pages(page: str, copies: int) -> str:
    """`copies` copies of a page, each after the first starting on a new page."""
    following = " " + page.lstrip("\n ")
    return "\n".join([page, *[following] * (copies - 1)])


def best_seconds(stage: Cleanup, raw: str, repeats: int) -> tuple[float, float]:
    """Best CPU and best wall time of cleaning `raw`, reading excluded."""
    cpu_times, wall_times = [], []
    for _ in range(repeats):
        doc = Document.from_raw("bench", raw, "bench")
        cpu, wall = time.process_time(), time.perf_counter()
        stage.process(doc)
        cpu_times.append(time.process_time() - cpu)
        wall_times.append(time.perf_counter() - wall)
    return min(cpu_times), min(wall_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    stage = Cleanup(CleanupOptions())
    print(f"{'seed':<24} {'copies':>6} {'chars':>9} {'cpu_s':>8} {'wall_s':>8} {'Mchars/cpu_s':>12} {'per_copy':>8}")
    totals: dict[int, tuple[int, float]] = {}
    for seed in SEEDS:
        page = seed.read_text(encoding="utf-8")
        single = None
        for copies in args.copies:
            raw = as_pages(page, copies)
            cpu, wall = best_seconds(stage, raw, args.repeats)
            single = single if single is not None else cpu / copies
            chars, seconds = totals.get(copies, (0, 0.0))
            totals[copies] = (chars + len(raw), seconds + cpu)
            print(
                f"{seed.stem:<24} {copies:>6} {len(raw):>9} {cpu:>8.4f} {wall:>8.4f} "
                f"{len(raw) / cpu / 1e6:>12.2f} {cpu / copies / single:>8.2f}"
            )
    for copies, (chars, seconds) in sorted(totals.items()):
        print(f"{'all seeds':<24} {copies:>6} {chars:>9} {seconds:>8.4f} {'':>8} {chars / seconds / 1e6:>12.2f}")


if __name__ == "__main__":
    main()
