"""The learned entity layer alone: CPU seconds of the `crf_entity_layer` component on one core.

    python benchmarks/crf_layer.py [--input seeds heldout/pages] [--repeats 5] [--model M.crfsuite]

The whole-pipeline benchmark (`lac_batching.py`) mixes the layer with ONNX, spaCy and the other
stages, and on a shared machine its ratios move by more than the layer costs. This one runs
LAC's batched component once over the pages' texts (one doc per page), then times only the
layer's component over those docs `--repeats` times, as spaCy calls it (its `pipe` where it has
one); it prints every repeat, the median and the least (other load only ever adds to a repeat),
with characters per CPU second. Compare two commits
by running it at each, alternating, at a similar load average (printed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ner.backends import build_nlp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", nargs="+", default=[str(ROOT / "seeds"), str(ROOT / "heldout" / "pages")])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--model", default=None, help="a .crfsuite file (default: the shipped model)")
    args = parser.parse_args()

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = [path.read_text(encoding="utf-8") for folder in args.input for path in sorted(Path(folder).glob("*.txt"))]
    nlp = build_nlp("lac", rules=[], patterns=[], learned_layer=True, layer_model=args.model, threads=1)
    layer = nlp.get_pipe("crf_entity_layer")
    with nlp.select_pipes(enable=["lac_ner"]):
        docs = list(nlp.pipe(texts))
    seconds = []
    for _ in range(args.repeats):
        started = time.process_time()
        if hasattr(layer, "pipe"):
            list(layer.pipe(docs))
        else:
            [layer(doc) for doc in docs]
        seconds.append(time.process_time() - started)
    chars = sum(map(len, texts))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{len(texts)} docs, {chars} chars; load average {load} (1, 5, 15 min)")
    print("CPU s per repeat: " + ", ".join(f"{value:.3f}" for value in seconds))
    middle, least = median(seconds), min(seconds)
    print(f"median {middle:.3f} s ({chars / middle:,.0f} chars/s), least {least:.3f} s ({chars / least:,.0f} chars/s)")


if __name__ == "__main__":
    main()
