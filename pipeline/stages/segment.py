"""The `segment` stage: a cleaned page to articles, photo captions and fragments, each with its headline.

The logic lives in `pipeline.segment` (what a paragraph is, cutting bodies, headlines and their
matching to bodies, docs/segmentation.md); this module holds the stage's options and registration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pipeline.profiles import load_profile
from pipeline.registry import PATH_OR_NAME, Stage, register_stage
from pipeline.segment.cues import Cues
from pipeline.segment.pages import RULES, segment
from pipeline.segment.words import dictionary_file
from pipeline.types import Document

__all__ = ["RULES", "Segment", "SegmentOptions"]


@dataclass(frozen=True)
class SegmentOptions:
    """Thresholds of the headline matching and the layout rules, in the units they act on."""

    max_headline_chars: int = 40
    min_match: float = 0.3
    adjacency_bonus: float = 0.4
    min_evidence: float = 3.0
    split_match: float = 0.6
    min_topic_evidence: float = 3.0
    neighbour_page_factor: float = 0.5
    max_caption_chars: int = 300
    width_tolerance: float = 2.0
    profile: Annotated[str, PATH_OR_NAME] = "default"
    disable: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        load_profile(self.profile)
        unknown = sorted(set(self.disable) - set(RULES))
        if unknown:
            raise ValueError(f"disable: unknown rule '{unknown[0]}' (known: {', '.join(RULES)})")


@register_stage("segment")
class Segment(Stage):
    Options = SegmentOptions
    requires = ("layout",)
    provides = ("articles",)

    def __init__(self, options: SegmentOptions) -> None:
        super().__init__(options)
        self.profile = load_profile(options.profile)
        self.cues = Cues(self.profile, frozenset(options.disable))

    def data_files(self) -> list[Path]:
        return [*self.profile.files, dictionary_file()]

    def process(self, doc: Document) -> None:
        doc.articles = segment(doc, self.cues, self.options)
