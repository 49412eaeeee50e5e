"""Run batches in this process, or in N worker processes that each load the models once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from pipeline.config import RunConfig, StageSpec
from pipeline.registry import StageContext
from pipeline.runner import BatchProcessor, DocResult
from pipeline.types import Document, Failure

_worker_processor: BatchProcessor | None = None


def _init_worker(specs: tuple[StageSpec, ...], output_dir: str, workers: int) -> None:
    global _worker_processor
    _worker_processor = BatchProcessor(specs, output_dir, StageContext(workers=workers))


def _run_in_worker(batch: list[Document]) -> list[DocResult]:
    assert _worker_processor is not None, "worker was not initialised"
    return _worker_processor(batch)


def failure_result(failure: Failure) -> DocResult:
    return DocResult(failure.path, None, failure=failure)


class LocalExecutor:
    def __init__(self, config: RunConfig, output_dir: str) -> None:
        self.config = config
        self.output_dir = output_dir
        self.workers = config.run.workers
        self._pool: multiprocessing.pool.Pool | None = None

    def run(self, items: Iterable[list[Document] | Failure]) -> Iterator[DocResult]:
        if self.workers == 1:
            processor = BatchProcessor(self.config.stages, self.output_dir, StageContext(workers=1))
            for item in items:
                if isinstance(item, Failure):
                    yield failure_result(item)
                else:
                    yield from processor(item)
            return
        context = multiprocessing.get_context("spawn")
        self._pool = context.Pool(
            self.workers,
            initializer=_init_worker,
            initargs=(self.config.stages, self.output_dir, self.workers),
        )
        failures: list[Failure] = []

        def batches() -> Iterator[list[Document]]:
            for item in items:
                if isinstance(item, Failure):
                    failures.append(item)
                else:
                    yield item

        for results in self._pool.imap(_run_in_worker, batches()):
            while failures:
                yield failure_result(failures.pop(0))
            yield from results
        while failures:
            yield failure_result(failures.pop(0))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
