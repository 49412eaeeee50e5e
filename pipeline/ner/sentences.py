"""Sentences for tagging: split after 。！？ (with the closing quotes that follow) and at line ends.

The sequence models were trained on sentences; short units also give the batched LAC runner
many texts of equal length to group.
"""

from __future__ import annotations

import re

from pipeline.typography import CLOSING_MARKS, FULL_STOPS

_SENTENCE = re.compile(f"[^\n{FULL_STOPS}]*[{FULL_STOPS}]+[{CLOSING_MARKS}]*|[^\n{FULL_STOPS}]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """`(start, end)` of every non-empty sentence; none crosses a line break."""
    return [match.span() for match in _SENTENCE.finditer(text)]
