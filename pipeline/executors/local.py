"""Run batches in this process, or in N worker processes that each load the models once.

With N workers at most 2N batches are in flight (one running and one queued per worker), so
documents are read only as fast as the workers take them and memory stays flat. A worker that
dies (segfault, os._exit, out of memory) breaks the whole pool: the batches it took down are
run again one document at a time on a fresh pool, so the document that kills a worker is
found and reported while every other one is written.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from pipeline.config import RunConfig, StageSpec
from pipeline.registry import StageContext
from pipeline.runner import BatchProcessor, DocResult, WorkerSetupError, batched, crash_result
from pipeline.types import Document

_worker_processor: BatchProcessor | None = None
_worker_setup_error: WorkerSetupError | None = None


def _init_worker(specs: tuple[StageSpec, ...], output_dir: str, workers: int, main_pid: int) -> None:
    """Load the stages once per worker; a setup error is kept and raised with the first batch."""
    global _worker_processor, _worker_setup_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    threading.Thread(target=_exit_when_orphaned, args=(main_pid,), daemon=True).start()
    try:
        _worker_processor = BatchProcessor(specs, output_dir, StageContext(workers=workers))
    except WorkerSetupError as error:
        _worker_setup_error = error


def _exit_when_orphaned(main_pid: int) -> None:
    """A worker whose main process was killed would otherwise wait for work forever.

    The main process's id comes from the main process itself: asked here, a worker whose main
    process died while it was starting would get its new parent's id and never notice.
    """
    while os.getppid() == main_pid:
        time.sleep(1.0)
    os._exit(1)


def _run_in_worker(batch: list[Document]) -> list[DocResult]:
    if _worker_setup_error is not None:
        raise _worker_setup_error
    assert _worker_processor is not None, "worker was not initialised"
    return _worker_processor(batch)


def _died(future: Future[list[DocResult]]) -> bool:
    return isinstance(future.exception(), BrokenProcessPool)


class LocalExecutor:
    def __init__(self, config: RunConfig, output_dir: str) -> None:
        self.specs = config.stages
        self.output_dir = output_dir
        self.workers = config.run.workers
        self.batch_size = config.run.batch_size
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Future[list[DocResult]], list[Document]] = {}
        self._ready: deque[DocResult] = deque()
        """Results of finished batches not yet handed on: handed on one by one, or by `finished_results`."""

    def run(self, docs: Iterable[Document]) -> Iterator[DocResult]:
        """Models load with the first batch, so a run with nothing to do loads none."""
        batches = batched(docs, self.batch_size)
        if self.workers == 1:
            processor: BatchProcessor | None = None
            for batch in batches:
                processor = processor or BatchProcessor(self.specs, self.output_dir, StageContext(workers=1))
                yield from processor(batch)
            return
        pending = self._pending
        for batch in batches:
            if len(pending) >= 2 * self.workers:
                yield from self._collect(pending, FIRST_COMPLETED)
            pending[self._submit(batch)] = batch
        while pending:  # each batch as it finishes, so a kill or Ctrl-C finds its results recorded
            yield from self._collect(pending, FIRST_COMPLETED)

    def _submit(self, batch: list[Document]) -> Future[list[DocResult]]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.specs, self.output_dir, self.workers, os.getpid()),
            )
        return self._pool.submit(_run_in_worker, batch)

    def _collect(self, pending: dict[Future[list[DocResult]], list[Document]], return_when: str) -> Iterator[DocResult]:
        """Yield the results of finished batches; a setup error in a worker propagates."""
        done, _ = wait(pending, return_when=return_when)
        lost: list[Document] = []
        for future in done:
            batch = pending.pop(future)
            if _died(future):
                lost.extend(batch)
            else:
                self._ready.extend(future.result())
        while self._ready:
            yield self._ready.popleft()
        if lost:
            yield from self._recover(pending, lost)

    def _recover(
        self, pending: dict[Future[list[DocResult]], list[Document]], lost: list[Document]
    ) -> Iterator[DocResult]:
        """A worker died: every batch still pending fails with the pool, so gather them all, then
        run their documents one at a time on a fresh pool; one that kills a worker again is reported."""
        for future in wait(pending).done:
            batch = pending.pop(future)
            if _died(future):
                lost.extend(batch)
            else:
                yield from future.result()
        self._shutdown()
        for doc in lost:
            future = self._submit([doc])
            if _died(future):
                self._shutdown()
                yield crash_result(doc.path, doc.doc_id, len(doc.raw))
            else:
                yield from future.result()

    def finished_results(self) -> Iterator[DocResult]:
        """On Ctrl-C: the results of batches already done, then the workers are stopped at once.

        A worker killed mid-document leaves at most a temporary file (outputs are renamed into
        place), so nothing finished is lost and nothing half-written is kept.
        """
        while self._ready:
            yield self._ready.popleft()
        for future in list(self._pending):
            if future.done() and not future.cancelled() and future.exception() is None:
                yield from future.result()
        self._pending.clear()
        if self._pool is not None:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.kill()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        self._shutdown()
