"""Reading order of printed lines: undo two to six columns whose lines a PDF reader wrote in turn.

When neighbouring columns' lines sit at the same heights, pdfminer can write one line of each
in turn (`A1 B1 A2 B2 …`). Text alone still tells: a column's line continues the line before
it in that column, so across a run of alternating lines the previous-but-one line's end and a
line's start make pairs of characters that the page prints together elsewhere far more often
than the pairs made with the line right before it. Such a run is put back as `A1 A2 … B1 B2 …`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.typography import CJK_PUNCTUATION, has_running_text_mark

_PUNCTUATION = re.compile(f"[{CJK_PUNCTUATION}]")
"""Punctuation sits next to almost any character: a run holding it says nothing about continuity."""

MIN_RUN = 8
"""Fewest alternating lines taken as two columns: shorter runs are too little evidence."""

MIN_LINE_CHARS = 6
"""A line of running text in a column; shorter lines end a run unless they hold punctuation."""

MIN_PUNCTUATED_CHARS = 2
"""A paragraph's short last line (`元。`) is part of its column's run; a short bare line (a headline) is not."""

MARGIN = 4
"""How many more runs across breaks the alternating reading must find than the reading as printed."""

ROWS = 3
"""Fewest lines of each column in a run: a run of `p` columns spans at least `ROWS * p` lines."""

PERIODS = (2, 3, 4, 5, 6)
"""How many columns written in turn are looked for: pages set up to six columns on common baselines."""


def _pieces(texts: Sequence[str]) -> set[str]:
    """Runs of two and three characters inside the page's printed lines."""
    found: set[str] = set()
    for text in texts:
        for size in (2, 3):
            found.update([text[i : i + size] for i in range(len(text) - size + 1)])
    return found


def _continues(pieces: set[str], upper: str, lower: str) -> int:
    """How many of the runs across the break (`upper`'s end, `lower`'s start) the page prints elsewhere.

    The runs are the pair of characters across the break and the two triples that hold it.
    """
    if len(upper) < 2 or len(lower) < 2:
        return 0
    across = (upper[-1] + lower[0], upper[-2:] + lower[0], upper[-1] + lower[:2])
    return sum(run in pieces for run in across if not _PUNCTUATION.search(run))


def deinterleaved(texts: Sequence[str], movable: Sequence[bool], fixed: Sequence[bool]) -> list[int]:
    """The reading order of the lines: runs of columns written in turn put one column after the other.

    Only `movable` lines of at least `MIN_LINE_CHARS` take part (not a headline, not a
    paragraph's short last line); a `fixed` line (a marker before it) starts a new run.
    """
    stripped = [text.replace(" ", "") for text in texts]
    pieces = _pieces(stripped)
    order = list(range(len(texts)))
    start = 0
    while start < len(texts):
        end = start
        while end < len(texts) and movable[end] and _in_run(stripped, end) and (end == start or not fixed[end]):
            end += 1
        _reorder_runs(order, stripped, pieces, start, end)
        start = max(end, start + 1)
    return order


def _in_run(texts: Sequence[str], index: int) -> bool:
    """Whether a line can be part of a column's run: running text, or a paragraph's short last line.

    A short last line stays in the run only when running text with punctuation follows it: a
    headline after a paragraph's end starts another part of the page.
    """
    text = texts[index]
    if len(text) >= MIN_LINE_CHARS:
        return True
    if len(text) < MIN_PUNCTUATED_CHARS or not has_running_text_mark(text):
        return False
    following = texts[index + 1] if index + 1 < len(texts) else ""
    return len(following) >= MIN_LINE_CHARS and has_running_text_mark(following)


def _reorder_runs(order: list[int], texts: Sequence[str], pieces: set[str], start: int, end: int) -> None:
    """Reorder the stretch of lines `start..end` that most clearly alternates, then the rest on each side.

    A stretch alternates with period `p` (two to six columns) where the line `p` lines on continues a
    line more often than the next line does: the largest sum of that difference (Kadane's way).
    """

    following = [_continues(pieces, texts[index], texts[index + 1]) for index in range(start, end - 1)]

    def gain(index: int, period: int) -> int:
        return _continues(pieces, texts[index], texts[index + period]) - following[index - start]

    best: tuple[int, int, int, int] | None = None
    for period in PERIODS:
        total, first = 0, start
        for index in range(start, end - period):
            if total <= 0:
                total, first = 0, index
            total += gain(index, period)
            if best is None or total > best[0]:
                best = (total, period, first, index + period + 1)
    if best is None or best[3] - best[2] < max(MIN_RUN, ROWS * best[1]) or best[0] < MARGIN:
        return
    _, period, low, high = best
    order[low:high] = [index for column in range(period) for index in order[low + column : high : period]]
    _reorder_runs(order, texts, pieces, start, low)
    _reorder_runs(order, texts, pieces, high, end)
