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
import statistics
import unicodedata
from collections.abc import Iterator

from pipeline.types import Document

#: Punctuation of running text (a headline line holds none or one, a line of a column most).
_RUNNING_TEXT_MARKS = frozenset("，,、；;。！？!?：:")


def display_width(line: str) -> float:
    """Printed width of a raw line in ems.

    Chinese characters and full-width forms take an em, and so do the characters of ambiguous
    width, which on a Chinese page are full-width glyphs (`“”`, `——`); digits, Latin letters
    and the spaces extraction puts around them take about half an em.
    """
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in line.strip())


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


def printed_line_starts(doc: Document, start: int, end: int) -> list[int]:
    """Positions in `start`..`end` of the cleaned text where a new printed (raw) line begins."""
    positions = doc.offsets.positions()
    return [index for index in range(start + 1, end) if "\n" in doc.raw[positions[index - 1] : positions[index]]]


def line_width(doc: Document, start: int, end: int) -> float | None:
    """Column width of a paragraph: the median width of its raw lines but the last.

    The median keeps a justified line (`道 路 安 全 …`) or one with wide digits from moving it;
    a one-line paragraph shows no column and gives None.
    """
    lines = raw_lines(doc, start, end)
    if len(lines) < 2:
        return None
    return statistics.median(display_width(line) for line in lines[:-1])


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
    widths = [display_width(line) for line in sequence]
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
    return any(mark in _RUNNING_TEXT_MARKS for mark in line)


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
