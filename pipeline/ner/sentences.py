"""Sentences for tagging: split after 。！？ (with the closing quotes that follow) and at line ends.

The sequence models were trained on sentences; short units also give the batched LAC runner
many texts of equal length to group.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^\n。！？]*[。！？]+[”’」』）)]*|[^\n。！？]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """`(start, end)` of every non-empty sentence; none crosses a line break."""
    return [match.span() for match in _SENTENCE.finditer(text)]
