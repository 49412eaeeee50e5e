"""Layout cleanup: PDF-extracted page text to running text, with a map back to raw offsets."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from pipeline.registry import Stage, register_stage
from pipeline.types import Document, OffsetMap

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")


@dataclass(frozen=True)
class CleanupOptions:
    join_lines: bool = True
    remove_spaces: bool = True


@register_stage("cleanup")
class Cleanup(Stage):
    Options = CleanupOptions

    def process(self, doc: Document) -> None:
        keep = array("q")
        chars = []
        text = doc.text
        drop = set()
        if self.options.remove_spaces:
            for match in _SPACE_NEAR_CJK.finditer(text):
                drop.update(range(match.start(), match.end()))
        if self.options.join_lines:
            for match in re.finditer(r"\n+", text):
                drop.update(range(match.start() + 1, match.end()))
        for index, char in enumerate(text):
            if index not in drop:
                chars.append(char)
                keep.append(index)
        doc.offsets = doc.offsets.compose(OffsetMap(keep))
        doc.text = "".join(chars)
