"""Errors that reach the user as one line, never as a traceback."""

from collections.abc import Sequence
from typing import Any


class PipelineError(Exception):
    """A user-facing error: the message names the file and the line or key at fault."""


class ConfigError(PipelineError):
    """The config file names an unknown stage or key, or gives an option of the wrong type."""


class OutputError(PipelineError):
    """The output folder cannot take the results (not a folder, read-only, full): the run stops.

    `finished` carries the results of the documents written before it happened, so the run
    can still record them (they are runner `DocResult`s).
    """

    def __init__(self, message: str, finished: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.finished = list(finished)

    def __reduce__(self) -> tuple[Any, ...]:
        return (OutputError, (str(self), self.finished))
