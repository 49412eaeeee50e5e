"""Executors decide where batches run; the work itself is `pipeline.runner.BatchProcessor`.

`local` runs in this process or a pool of worker processes; `ray` runs on a Ray cluster
(the optional extra `pip install -e ".[ray]"`). Both take the stream of documents that need
work and yield one `DocResult` per document, in any order, with the outputs already written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from pipeline.config import RunConfig
from pipeline.errors import ConfigError
from pipeline.runner import DocResult
from pipeline.types import Document


class Executor(Protocol):
    def run(self, docs: Iterable[Document]) -> Iterator[DocResult]: ...

    def finished_results(self) -> Iterator[DocResult]:
        """After Ctrl-C: results that came back but were not yet yielded; stops the work fast."""
        ...

    def close(self) -> None: ...


def make_executor(config: RunConfig, output_dir: str) -> Executor:
    if config.run.executor == "local":
        from pipeline.executors.local import LocalExecutor

        return LocalExecutor(config, output_dir)
    if config.run.executor == "ray":
        try:
            from pipeline.executors.ray import RayExecutor
        except ImportError as error:
            raise ConfigError(
                f"{config.path}: [run].executor = 'ray' needs Ray Data: pip install -e \".[ray]\" ({error})"
            ) from None
        return RayExecutor(config, output_dir)
    raise ConfigError(f"{config.path}: [run].executor: '{config.run.executor}' is not available")
