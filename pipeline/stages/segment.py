"""Article segmentation: one page of text to articles with title, authors and dateline."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.registry import Stage, register_stage
from pipeline.types import Article, Document


@dataclass(frozen=True)
class SegmentOptions:
    min_article_chars: int = 1


@register_stage("segment")
class Segment(Stage):
    Options = SegmentOptions

    def process(self, doc: Document) -> None:
        text = doc.text.strip()
        start = doc.text.find(text)
        doc.articles = [Article(text=text, offsets=doc.offsets.slice(start, start + len(text)))]
