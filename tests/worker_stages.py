"""Test-only plug-in stages that misbehave the way real workers do: they die, or they take time."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from pipeline.registry import Stage, StageContext
from pipeline.types import Document


@dataclass(frozen=True)
class CrashOnMarkerOptions:
    marker: str = "教育援青"


class CrashOnMarker(Stage):
    """Kills its whole process, as a segfault in a model would, on a document holding `marker`."""

    Options = CrashOnMarkerOptions

    def process(self, doc: Document) -> None:
        if self.options.marker in doc.text:
            os._exit(1)


@dataclass(frozen=True)
class PauseOptions:
    seconds: float = 0.3


class PauseEachDocument(Stage):
    """Stands in for a slow model, so that a test can kill a run while it is half done."""

    Options = PauseOptions

    def process(self, doc: Document) -> None:
        time.sleep(self.options.seconds)


@dataclass(frozen=True)
class SetupLogOptions:
    log: str = ""


class LogSetups(Stage):
    """Appends its process id to `log` at every setup, so a test can count model loads per worker."""

    Options = SetupLogOptions

    def setup(self, context: StageContext) -> None:
        with open(self.options.log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {context.workers}\n")

    def process(self, doc: Document) -> None:
        """Leaves the document as it is: the setup log is what the test reads."""


class BatchFailsOnMarker(Stage):
    """A batched model whose whole batch call raises when one document in it holds `marker`."""

    Options = CrashOnMarkerOptions

    def process_batch(self, docs: list[Document]) -> None:
        if any(self.options.marker in doc.text for doc in docs):
            raise ValueError(f"cannot tag text containing {self.options.marker}")


class MissingModel(Stage):
    """Fails to load its model, as a stage does when its model file is not installed."""

    def setup(self, context: StageContext) -> None:
        raise FileNotFoundError("model.onnx not found")

    def process(self, doc: Document) -> None:
        raise AssertionError("never reached: setup failed")


@dataclass(frozen=True)
class SlowOnMarkerOptions:
    marker: str = "教育援青"
    seconds: float = 60.0


class SlowOnMarker(Stage):
    """A model that takes `seconds` on documents holding `marker` and no time on the others."""

    Options = SlowOnMarkerOptions

    def process(self, doc: Document) -> None:
        if self.options.marker in doc.text:
            time.sleep(self.options.seconds)
