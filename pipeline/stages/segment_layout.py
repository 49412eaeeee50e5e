"""How a paragraph is printed, read from the raw lines behind the cleaned text.

Cleanup joins printed lines into paragraphs, but the raw text keeps the line breaks of the
page and the offset map leads from every cleaned character back to its raw line. Line widths
say what the cleaned text cannot: the column a paragraph is set in (a caption is set across
its photo, an article in its column), and whether a short line is a line of running text
wrapped at the column edge (as wide as the printed line beside it) or stands apart like a
headline.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator

import numpy as np

from pipeline.types import Document
from pipeline.typography import RUNNING_TEXT_MARKS, printed_widths


def raw_lines(doc: Document, start: int, end: int) -> list[str]:
    """The non-blank raw lines that hold the cleaned characters `start`..`end`."""
    positions = doc.offsets.positions()[start:end]
    if not positions:
        return []
    first, last = min(positions), max(positions)
    line_start = doc.raw.rfind("\n", 0, first) + 1
    line_end = doc.raw.find("\n", last)
    text = doc.raw[line_start : len(doc.raw) if line_end < 0 else line_end]
    return [line for line in text.split("\n") if line.strip()]


class PrintedLines:
    """Where in the cleaned text each printed (raw) line begins, found once per document."""

    def __init__(self, doc: Document) -> None:
        positions = np.asarray(doc.offsets.positions(), dtype=np.int64)
        newlines = np.array([match.start() for match in re.finditer("\n", doc.raw)], dtype=np.int64)
        lines_before = np.searchsorted(newlines, positions, side="left")
        self._starts = np.flatnonzero(np.diff(lines_before) > 0) + 1

    def starts(self, start: int, end: int) -> list[int]:
        """Cleaned positions in `start`..`end` (not `start` itself) where a new printed line begins."""
        low, high = np.searchsorted(self._starts, [start + 1, end])
        return self._starts[low:high].tolist()


def line_width(doc: Document, start: int, end: int) -> float | None:
    """Column width of a paragraph: the median width of its raw lines but the last.

    The median keeps a justified line (`道 路 安 全 …`) or one with wide digits from moving it;
    a one-line paragraph shows no column and gives None.
    """
    lines = raw_lines(doc, start, end)
    if len(lines) < 2:
        return None
    return statistics.median(printed_widths([line.strip() for line in lines[:-1]]).tolist())


def sits_in_column(doc: Document, start: int, end: int, tolerance: float) -> bool:
    """Whether a paragraph's printed lines belong to a column of running text around them.

    Running text is wrapped at the column edge, so its lines form a block of equal width (the
    first line of a paragraph an indent less, within `tolerance`). A headline is set apart,
    centred in its own space: at most a second headline line of its width stands next to it,
    and that line holds no punctuation. So a paragraph sits in a column when one of its
    printed lines is in a block of equal-width lines (up to two raw lines either side) that
    has three lines, or two with punctuation on the line that is not the paragraph's.
    """
    lines = raw_lines(doc, start, end)
    if not lines:
        return False
    positions = doc.offsets.positions()
    before = list(itertools.islice(_lines_before(doc.raw, doc.raw.rfind("\n", 0, positions[start])), 2))[::-1]
    after = list(itertools.islice(_lines_after(doc.raw, doc.raw.find("\n", positions[end - 1])), 2))
    sequence = [*before, *lines, *after]
    widths = printed_widths([line.strip() for line in sequence]).tolist()
    own = range(len(before), len(before) + len(lines))
    for index in own:
        low = high = index
        while low > 0 and abs(widths[low - 1] - widths[low]) <= tolerance:
            low -= 1
        while high + 1 < len(widths) and abs(widths[high + 1] - widths[high]) <= tolerance:
            high += 1
        others = [sequence[other] for other in range(low, high + 1) if other not in own]
        if high - low >= 2 or any(_punctuated(line) for line in others):
            return True
    return False


def _punctuated(line: str) -> bool:
    return any(mark in RUNNING_TEXT_MARKS for mark in line)


def _lines_before(raw: str, newline: int) -> Iterator[str]:
    """The non-blank raw lines above the line break at `newline`, nearest first."""
    while newline > 0:
        start = raw.rfind("\n", 0, newline) + 1
        if raw[start:newline].strip():
            yield raw[start:newline]
        newline = start - 1


def _lines_after(raw: str, newline: int) -> Iterator[str]:
    """The non-blank raw lines below the line break at `newline`, nearest first."""
    while 0 <= newline < len(raw):
        end = raw.find("\n", newline + 1)
        end = len(raw) if end < 0 else end
        if raw[newline + 1 : end].strip():
            yield raw[newline + 1 : end]
        newline = end
