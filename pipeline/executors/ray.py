"""Run the stages on a Ray cluster with Ray Data (`[run] executor = "ray"`, extra `.[ray]`).

The driver reads every input once, as the local executor does, to skip unchanged documents and
report unreadable ones; what it hands to Ray is only a list of files and the document ids to
redo in each. Ray Data streams those rows through `map_batches` with a callable class: each
actor builds a `BatchProcessor` once (models load once per worker), re-reads its files, writes
the outputs into the shared output folder and sends back one small result per document.

Ray would retry a batch whose actor died forever, so a dead actor is restarted (its models load
again) but its task is not retried, and a lost batch is tolerated (`max_errored_blocks`); the
documents that did not come back are run again one per task, and those lost a second time are
reported as crashes. The cluster is the one named by
``RAY_ADDRESS``, or the one this process already joined, else a local one on this machine.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import ray
import ray.data

from pipeline.config import RunConfig, StageSpec
from pipeline.io.readers import read_documents
from pipeline.registry import StageContext
from pipeline.runner import BatchProcessor, DocResult, batched, crash_result
from pipeline.types import Document, Failure


@dataclass
class _FileWork:
    """The documents of one input file that need work, with the paths to report them by."""

    file: str
    paths: dict[str, str] = field(default_factory=dict)
    chars: dict[str, int] = field(default_factory=dict)

    def row(self, doc_ids: Iterable[str]) -> dict[str, Any]:
        return {"file": self.file, "doc_ids": list(doc_ids), "paths": [self.paths[i] for i in doc_ids]}


def _source_file(doc_path: str) -> str:
    """Readers name a JSONL document `file.jsonl:LINE` and any other document by its file."""
    file, colon, line = doc_path.rpartition(":")
    if colon and line.isdigit() and file.endswith(".jsonl"):
        return file
    return doc_path


def _result_to_json(result: DocResult) -> str:
    return json.dumps(asdict(result), ensure_ascii=False)


def _result_from_json(text: str) -> DocResult:
    values = json.loads(text)
    failure = values.pop("failure")
    return DocResult(**values, failure=Failure(**failure) if failure else None)


class _RayBatchProcessor:
    """Built once per Ray actor; each call takes a batch of file rows and yields results."""

    def __init__(self, specs: tuple[StageSpec, ...], output_dir: str, workers: int, batch_size: int) -> None:
        self.processor = BatchProcessor(specs, output_dir, StageContext(workers=workers))
        self.batch_size = batch_size

    def __call__(self, rows: dict[str, Any]) -> Iterator[dict[str, list[str]]]:
        docs = (
            doc
            for file, ids, paths in zip(rows["file"], rows["doc_ids"], rows["paths"], strict=True)
            for doc in self._read(file, list(ids), list(paths))
        )
        for batch in batched(docs, self.batch_size):
            yield {"result": [_result_to_json(result) for result in self.processor(batch)]}

    @staticmethod
    def _read(file: str, doc_ids: list[str], paths: list[str]) -> Iterator[Document]:
        shown = dict(zip(doc_ids, paths, strict=True))
        for item in read_documents([Path(file)]):
            if isinstance(item, Document) and item.doc_id in shown:
                item.path = shown[item.doc_id]
                yield item


_CORE_WORKER_NOISE = re.compile(
    rb"core_worker\.cc:\d+: Actor with class name: .* has constructor arguments in the object store"
)
"""Logged by Ray's C++ core worker for every Ray Data actor (ray-project/ray#57733), not a fault of the run."""


class _StderrFilter:
    """Drops the known noise lines that the driver's C++ core worker writes straight to descriptor 2.

    Python logging cannot reach them, so descriptor 2 is routed through a pipe while Ray runs
    and every other line is passed on unchanged.
    """

    def __init__(self, noise: re.Pattern[bytes]) -> None:
        self.noise = noise
        self._saved: int | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        sys.stderr.flush()
        self._saved = os.dup(2)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 2)
        os.close(write_end)
        self._thread = threading.Thread(target=self._pump, args=(read_end, self._saved), daemon=True)
        self._thread.start()

    def _pump(self, read_end: int, target: int) -> None:
        with os.fdopen(read_end, "rb") as pipe:
            for line in pipe:
                if not self.noise.search(line):
                    os.write(target, line)

    def stop(self) -> None:
        if self._saved is None:
            return
        sys.stderr.flush()
        os.dup2(self._saved, 2)  # closes the pipe's write end: the pump reads to the end and stops
        if self._thread is not None:
            self._thread.join(timeout=5)
        os.close(self._saved)
        self._saved = self._thread = None


class RayExecutor:
    def __init__(self, config: RunConfig, output_dir: str) -> None:
        self.specs = config.stages
        self.output_dir = str(Path(output_dir).resolve())
        self.workers = config.run.workers
        self.batch_size = config.run.batch_size
        self._started_ray = False
        self._stderr = _StderrFilter(_CORE_WORKER_NOISE)

    def run(self, docs: Iterable[Document]) -> Iterator[DocResult]:
        work: dict[str, _FileWork] = {}
        for doc in docs:
            file = str(Path(_source_file(doc.path)).resolve())
            entry = work.setdefault(file, _FileWork(file))
            entry.paths[doc.doc_id] = doc.path
            entry.chars[doc.doc_id] = len(doc.raw)
        if not work:
            return
        self._connect()
        rows = [entry.row(entry.paths) for entry in work.values()]
        missing = {doc_id: entry for entry in work.values() for doc_id in entry.paths}
        for result in self._execute(rows, isolated=False):
            missing.pop(result.doc_id or "", None)
            yield result
        if not missing:
            return
        alone = [entry.row([doc_id]) for doc_id, entry in missing.items()]
        for result in self._execute(alone, isolated=True):
            missing.pop(result.doc_id or "", None)
            yield result
        for doc_id, entry in missing.items():
            yield crash_result(entry.paths[doc_id], doc_id, entry.chars[doc_id])

    def _connect(self) -> None:
        if not ray.is_initialized():
            # ERROR: a local cluster's notice about token authentication is not the user's concern
            ray.init(logging_level=logging.ERROR, include_dashboard=False)
            self._started_ray = True
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # before the notice that progress bars are off
        self._stderr.start()
        context = ray.data.DataContext.get_current()
        context.max_errored_blocks = -1
        context.enable_progress_bars = False

    def _execute(self, rows: list[dict[str, Any]], isolated: bool) -> Iterator[DocResult]:
        """One streaming pass. With `isolated` every document is a block and a task of its own
        and an actor takes one task at a time, so a document lost then is one that killed its actor."""
        files_per_call = 1 if isolated else self.batch_size
        blocks = min(len(rows), max(self.workers, math.ceil(len(rows) / files_per_call)))  # every actor gets work
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        compute = ray.data.ActorPoolStrategy(size=self.workers, max_tasks_in_flight_per_actor=1 if isolated else None)
        with warnings.catch_warnings():
            # Ray names no parameter for max_task_retries yet and warns about passing it this way
            warnings.simplefilter("ignore", category=DeprecationWarning)
            results = dataset.map_batches(
                _RayBatchProcessor,
                fn_constructor_args=(self.specs, self.output_dir, self.workers, self.batch_size),
                batch_size=files_per_call,
                batch_format="numpy",
                compute=compute,
                num_cpus=1,
                max_restarts=-1,
                max_task_retries=0,
            )
        for row in results.iter_rows():
            yield _result_from_json(row["result"])

    def finished_results(self) -> Iterator[DocResult]:
        """Ray streams each result as it comes: nothing is held back when the run is interrupted."""
        return iter(())

    def close(self) -> None:
        self._stderr.stop()
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False
