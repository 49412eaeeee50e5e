"""The `cleanup` stage: PDF-extracted newspaper page text to running paragraphs.

The logic lives in `pipeline.cleanup` (printed lines, fake bold, furniture, paragraphs and the
layout, docs/cleanup.md); this module holds the stage's options and registration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pipeline.cleanup.text import RULES, Conventions, clean
from pipeline.profiles import load_profile
from pipeline.registry import PATH_OR_NAME, Stage, register_stage
from pipeline.types import Document

__all__ = ["RULES", "Cleanup", "CleanupOptions"]


@dataclass(frozen=True)
class CleanupOptions:
    """Each layout rule can be switched off; see docs/cleanup.md for what each one does.

    `profile` names the paper's conventions (a shipped profile or the path of one, docs/profiles.md).
    """

    profile: Annotated[str, PATH_OR_NAME] = "default"
    disable: list[str] = field(default_factory=list)
    join_lines: bool = True
    remove_spaces: bool = True
    undouble_glyphs: bool = True
    normalize_punctuation: bool = True
    normalize_width: bool = True
    strip_furniture: bool = True
    column_window: int = 8

    def __post_init__(self) -> None:
        load_profile(self.profile)
        unknown = sorted(set(self.disable) - set(RULES))
        if unknown:
            raise ValueError(f"disable: unknown rule '{unknown[0]}' (known: {', '.join(RULES)})")


@register_stage("cleanup")
class Cleanup(Stage):
    """Undo PDF layout artifacts; the result is one paragraph per line with a raw offset map."""

    Options = CleanupOptions
    provides = ("layout",)

    def __init__(self, options: CleanupOptions) -> None:
        super().__init__(options)
        self.profile = load_profile(options.profile)
        self.conventions = Conventions(self.profile, frozenset(options.disable))

    def data_files(self) -> list[Path]:
        return list(self.profile.files)

    def process(self, doc: Document) -> None:
        clean(doc, self.conventions, self.options)
