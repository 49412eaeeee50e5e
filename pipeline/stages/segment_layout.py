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
    """Whether a paragraph's printed lines run on with the lines of running text beside them.

    Running text is wrapped at the column edge, so a line of it has the width of the lines
    above and below (the first line of a paragraph an indent less) and, like them, holds
    punctuation; a headline is set apart, centred in its own space, and the other line of a
    two-line headline holds none. Pairs compared: the raw line before with the first line,
    the paragraph's own consecutive lines, and the last line with the raw line after.
    """
    lines = raw_lines(doc, start, end)
    if not lines:
        return False
    positions = doc.offsets.positions()
    before = _line_before(doc.raw, doc.raw.rfind("\n", 0, positions[start]))
    after = _line_after(doc.raw, doc.raw.find("\n", positions[end - 1]))
    sequence = [line for line in (before, *lines, after) if line is not None]
    return any(
        _punctuated(upper) and _punctuated(lower) and abs(display_width(upper) - display_width(lower)) <= tolerance
        for upper, lower in itertools.pairwise(sequence)
    )


def _punctuated(line: str) -> bool:
    return any(mark in _RUNNING_TEXT_MARKS for mark in line)


def _line_before(raw: str, newline: int) -> str | None:
    """The nearest non-blank raw line ending at or before the line break at `newline`."""
    while newline > 0:
        start = raw.rfind("\n", 0, newline) + 1
        if raw[start:newline].strip():
            return raw[start:newline]
        newline = start - 1
    return None


def _line_after(raw: str, newline: int) -> str | None:
    """The nearest non-blank raw line starting after the line break at `newline`."""
    while 0 <= newline < len(raw):
        end = raw.find("\n", newline + 1)
        end = len(raw) if end < 0 else end
        if raw[newline + 1 : end].strip():
            return raw[newline + 1 : end]
        newline = end
    return None
