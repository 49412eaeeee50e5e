"""The same simulated pages through PDF input and through pdfminer's text of them, side by side.

    python -m pipeline.simulator SIM --corpus CORPUS.jsonl --gold gold --pages 100
    python benchmarks/pdf_vs_text.py SIM/report [--config configs/default.toml] [--memory-pages 1000]

`SIM/report` is one split of the page simulator: `pdf/` (the pages), `text/` (pdfminer.six's
text of them) and `gold/` (their gold, by construction). Both inputs run through the same config
in one worker process; each is scored with `pipeline evaluate` against the same gold. Quality:
article F1, title, author and dateline accuracy, cleanup CER of matched bodies (the issue's
measure) and of all gold text (unmatched gold counts whole). Speed: CPU seconds per page of the whole run
(reading, model loading, every stage, writing), measured in a fresh process pinned to one core.
Memory: the PDF reader alone over `--memory-pages` pages (the split's PDFs over and over), its
resident size sampled every tenth of the way; flat means the reader keeps nothing per page.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUALITY = (
    ("article F1", ("segment", "all", "f1")),
    ("title accuracy", ("segment", "all", "title_accuracy")),
    ("authors accuracy", ("segment", "all", "authors_accuracy")),
    ("dateline accuracy", ("segment", "all", "dateline_accuracy")),
    ("cleanup CER, matched bodies", ("cleanup", "cer_matched")),
    ("cleanup CER, all gold text", ("cleanup", "cer")),
    ("entity F1", ("entities", "all", "f1")),
)


def timed_run(config: Path, inputs: Path, output: Path) -> dict[str, float]:
    """Run the pipeline in a fresh process on one core; its CPU and wall seconds and peak memory."""
    command = [sys.executable, "-m", "pipeline", "run", str(config), "--input", str(inputs)]
    command += ["--output", str(output), "--workers", "1", "--force", "--quiet"]
    if hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", str(min(os.sched_getaffinity(0))), *command]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if child.returncode not in (0, 1):
            errors.seek(0)
            last = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            raise SystemExit(f"pipeline run failed on {inputs}: {last}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"cpu_seconds": cpu, "wall_seconds": wall, "peak_rss_mb": usage.ru_maxrss / 1024}


def scores(gold: Path, pred: Path) -> dict[str, float | None]:
    from pipeline.evaluate import evaluate

    metrics = evaluate(gold, pred).total.metrics()
    found: dict[str, float | None] = {}
    for name, path in QUALITY:
        value: Any = metrics
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        found[name] = value
    return found


def reader_memory(pdfs: list[Path], pages: int) -> list[tuple[int, float]]:
    """Resident memory (MB) of this process while the PDF reader reads `pages` pages, ten samples."""
    from pipeline.pdf import read_pdf

    samples: list[tuple[int, float]] = []
    read = 0
    step = max(pages // 10, 1)
    while read < pages:
        for path in pdfs:
            for _ in read_pdf(path):
                pass
            read += 1
            if read % step == 0:
                samples.append((read, _rss_mb()))
            if read >= pages:
                break
    return samples


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", type=Path, help="a simulator split folder with pdf/, text/ and gold/")
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "default.toml")
    parser.add_argument("--memory-pages", type=int, default=1000, help="pages for the reader's memory check")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    pdfs = sorted((args.split / "pdf").glob("*.pdf"))
    if not pdfs:
        parser.error(f"{args.split}/pdf: no PDF pages")
    report: dict[str, Any] = {"split": str(args.split), "pages": len(pdfs), "load_average": os.getloadavg()[1]}
    with tempfile.TemporaryDirectory() as scratch:
        for name, folder in (("pdf", "pdf"), ("text", "text")):
            output = Path(scratch) / name
            timing = timed_run(args.config.resolve(), (args.split / folder).resolve(), output)
            timing["cpu_seconds_per_page"] = timing["cpu_seconds"] / len(pdfs)
            report[name] = {"quality": scores(args.split / "gold", output), "speed": timing}
    report["pdf_reader_memory_mb"] = reader_memory(pdfs, args.memory_pages)
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{report['pages']} pages of {report['split']} (5-min load average {report['load_average']:.1f})"]
    lines.append(f"{'':30}{'PDF input':>12}{'text input':>12}")
    for name, _ in QUALITY:
        values = [report[kind]["quality"][name] for kind in ("pdf", "text")]
        lines.append(f"{name:30}" + "".join(f"{v:>12.4f}" if v is not None else f"{'-':>12}" for v in values))
    for name, key in (("CPU s/page, one core", "cpu_seconds_per_page"), ("peak RSS MB", "peak_rss_mb")):
        values = [report[kind]["speed"][key] for kind in ("pdf", "text")]
        lines.append(f"{name:30}" + "".join(f"{v:>12.3f}" for v in values))
    memory = ", ".join(f"{pages}: {mb:.0f}" for pages, mb in report["pdf_reader_memory_mb"])
    lines.append(f"PDF reader resident MB by pages read: {memory}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
