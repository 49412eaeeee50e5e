"""Executors decide where batches run; the work itself is `pipeline.runner.BatchProcessor`."""

from __future__ import annotations

from pipeline.config import RunConfig
from pipeline.errors import ConfigError
from pipeline.executors.local import LocalExecutor


def make_executor(config: RunConfig, output_dir: str) -> LocalExecutor:
    if config.run.executor == "local":
        return LocalExecutor(config, output_dir)
    raise ConfigError(f"{config.path}: [run].executor: '{config.run.executor}' is not available")
