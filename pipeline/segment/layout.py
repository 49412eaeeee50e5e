"""How a paragraph is printed, read from the page layout cleanup made.

Cleanup joins printed lines into paragraphs and keeps the lines in `Document.layout`: where
each starts in the cleaned text, how wide it is, where it dropped spaces. Line widths say what
the cleaned text cannot: the column a paragraph is set in (a caption is set across its photo,
an article in its column), and whether a short line is a line of running text wrapped at the
column edge (as wide as the printed line beside it) or stands apart like a headline.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter

import numpy as np

from pipeline.types import Document, Geometry, Layout
from pipeline.typography import has_running_text_mark

_LEADING_TOLERANCE = 0.02
"""Extra space (in em of the line's type) still read as no space: a brief item's gap is 0.04 em and up."""


_DISPLAY_RATIO = 1.3
"""How much larger than the running text a display type (a story's headline) is set, at the least; a
brief's run-in title is set at about the text's own size (1.05 of it)."""

_INDENT_EMS = 2.5
"""A paragraph's first-line indent (two characters) and a little more, in em."""


def _stacked(above: Geometry, here: Geometry) -> bool:
    """Whether `here` is printed under `above` on one page, in its column: their left edges at most a
    paragraph's indent apart (a paragraph's short last line and the next one's indented first line)."""
    em = here.font_size or 0.0
    return (
        above.page == here.page
        and above.bbox[1] > here.bbox[3] - 0.5
        and abs(above.bbox[0] - here.bbox[0]) <= _INDENT_EMS * em
    )


class PrintedLines:
    """The printed lines of a document, looked up by position in the cleaned text."""

    def __init__(self, doc: Document) -> None:
        layout = doc.layout or Layout()
        self.text = doc.text
        self._lines = layout.lines
        self._starts = np.array([line.start for line in layout.lines], dtype=np.int64)
        self._widths = [line.width for line in layout.lines]
        self._gaps = {position for line in layout.lines for position in line.removed_spaces}
        self._raw_length = len(doc.raw)
        self._leadings: dict[tuple[int, int], float | None] = {}
        self._text_sizes: dict[int, float | None] = {}

    def starts(self, start: int, end: int) -> list[int]:
        """Cleaned positions in `start`..`end` (not `start` itself) where a new printed line begins."""
        low, high = np.searchsorted(self._starts, [start + 1, end])
        return self._starts[low:high].tolist()

    def _range(self, start: int, end: int) -> range:
        """Indices of the printed lines holding the cleaned characters `start`..`end`."""
        if end <= start or not self._lines:
            return range(0)
        first = max(int(np.searchsorted(self._starts, start, side="right")) - 1, 0)
        last = max(int(np.searchsorted(self._starts, end - 1, side="right")) - 1, 0)
        return range(first, last + 1)

    def width(self, start: int, end: int) -> float | None:
        """Column width of a paragraph: the median width of its printed lines but the last.

        The median keeps a justified line (`道 路 安 全 …`) or one with wide digits from moving it;
        a one-line paragraph shows no column and gives None.
        """
        lines = self._range(start, end)
        if len(lines) < 2:
            return None
        return statistics.median(self._widths[index] for index in lines[:-1])

    def sits_in_column(self, start: int, end: int, tolerance: float) -> bool:
        """Whether a paragraph's printed lines belong to a column of running text around them.

        Running text is wrapped at the column edge, so its lines form a block of equal width (the
        first line of a paragraph an indent less, within `tolerance`). A headline is set apart,
        centred in its own space: at most a second headline line of its width stands next to it,
        and that line holds no punctuation. So a paragraph sits in a column when one of its
        printed lines is in a block of equal-width lines (up to two lines either side) that
        has three lines, or two with punctuation on the line that is not the paragraph's.
        """
        own = self._range(start, end)
        if not own:
            return False
        low_bound, high_bound = max(own[0] - 2, 0), min(own[-1] + 3, len(self._lines))
        widths = self._widths
        for index in own:
            low = high = index
            while low > low_bound and abs(widths[low - 1] - widths[low]) <= tolerance:
                low -= 1
            while high + 1 < high_bound and abs(widths[high + 1] - widths[high]) <= tolerance:
                high += 1
            others = [other for other in range(low, high + 1) if other not in own]
            if high - low >= 2 or any(self._punctuated(other) for other in others):
                return True
        return False

    def first_line_of_column(self, start: int, end: int, indent: float) -> bool:
        """Whether a one-line paragraph is a paragraph's first line wrapped at the column edge.

        Running text fills its column, its first line `indent` less; so a line `indent` (within
        half an em) narrower than the two punctuated lines under it, which are as wide as each
        other, opens the paragraph they go on with.
        """
        own = self._range(start, end)
        if len(own) != 1 or own[-1] + 2 >= len(self._lines):
            return False
        index = own[0]
        widths = self._widths
        below, next_below = widths[index + 1], widths[index + 2]
        return (
            abs(below - next_below) <= 0.5
            and abs(below - widths[index] - indent) <= 0.5
            and self._punctuated(index + 1)
            and self._punctuated(index + 2)
        )

    def _punctuated(self, index: int) -> bool:
        line = self._lines[index]
        return has_running_text_mark(self.text[line.start : line.end])

    def opens_box(self, start: int) -> bool:
        """Whether the printed line holding cleaned character `start` has a blank line above it.

        Extraction writes each block of printed lines as a box after a blank line: a column's
        end, a module's end, or the start of another article.
        """
        lines = self._range(start, start + 1)
        return bool(lines) and self._lines[lines[0]].blank_before > 0

    def bold(self, start: int, end: int) -> bool:
        """Whether every printed line of the span was printed in fake bold (glyphs written twice)."""
        lines = self._range(start, end)
        return bool(lines) and all(self._lines[index].bold for index in lines)

    def printed_role(self, start: int, end: int) -> str | None:
        """What the printed page makes of a paragraph's lines (`headline`, `kicker`, `deck`, `label`,
        `body`, `caption`), when a reader saw the page (PDF) and all its lines agree; else None."""
        roles = {
            self._lines[index].geometry.role if self._lines[index].geometry else None
            for index in self._range(start, end)
        }
        return roles.pop() if len(roles) == 1 else None

    def module(self, start: int) -> tuple[int, int] | None:
        """(page, module) of the printed line holding cleaned character `start`, when a reader saw it."""
        lines = self._range(start, start + 1)
        geometry = self._lines[lines[0]].geometry if lines else None
        if geometry is None or geometry.module is None:
            return None
        return geometry.page, geometry.module

    def on_leading_under_line_above(self, start: int, tolerance: float = _LEADING_TOLERANCE) -> bool:
        """Whether the printed line holding cleaned character `start` is set right under the line above
        it in its column, on its module's leading: no extra space, rule or other column between.

        Make-up sets a new item of a brief column apart by a little space (or a rule, a head);
        a paragraph of the same story follows on the running text's own line pitch.
        """
        lines = self._range(start, start + 1)
        if not lines or lines[0] == 0:
            return False
        above, here = self._lines[lines[0] - 1].geometry, self._lines[lines[0]].geometry
        if above is None or here is None or here.module is None or above.module != here.module:
            return False
        if not _stacked(above, here) or not here.font_size:
            return False
        leading = self._leading(here.page, here.module)
        pitch = above.bbox[1] - here.bbox[1]
        return leading is not None and pitch <= leading + tolerance * here.font_size

    def _leading(self, page: int, module: int) -> float | None:
        """The most common pitch between running-text lines set one under the other in a module."""
        key = (page, module)
        if key not in self._leadings:
            pitches: Counter[float] = Counter()
            geometries = [line.geometry for line in self._lines]
            for above, here in itertools.pairwise(geometries):
                if (
                    above is not None
                    and here is not None
                    and (above.page, above.module) == key == (here.page, here.module)
                    and above.role == here.role == "body"
                    and _stacked(above, here)
                ):
                    pitches[round(above.bbox[1] - here.bbox[1], 1)] += 1
            self._leadings[key] = pitches.most_common(1)[0][0] if pitches else None
        return self._leadings[key]

    def box(self, start: int, end: int) -> tuple[int, tuple[float, float, float, float], float] | None:
        """Page, bounding box (x0, y0, x1, y1 in PDF points) and largest type size of the printed lines
        holding cleaned characters `start`..`end`; None where a line has no geometry."""
        geometries = [self._lines[index].geometry for index in self._range(start, end)]
        if not geometries or any(g is None or not g.font_size for g in geometries):
            return None
        boxes = [g.bbox for g in geometries]
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        return geometries[0].page, bbox, max(g.font_size for g in geometries)

    def begins_paragraph(self, start: int) -> bool | None:
        """Whether the page's reader saw a paragraph begin on the printed line holding cleaned character
        `start` (its indent or the space above); None without geometry."""
        lines = self._range(start, start + 1)
        geometry = self._lines[lines[0]].geometry if lines else None
        return geometry.paragraph_start if geometry is not None else None

    def display_type(self, start: int, end: int) -> bool:
        """Whether a page read from its geometry sets every printed line of the span in display type:
        at least `_DISPLAY_RATIO` times the size of its page's running text. False without geometry."""
        geometries = [self._lines[index].geometry for index in self._range(start, end)]
        if not geometries or any(g is None or not g.font_size for g in geometries):
            return False
        text_size = self._text_size(geometries[0].page)
        return text_size is not None and all(g.font_size >= _DISPLAY_RATIO * text_size for g in geometries)

    def _text_size(self, page: int) -> float | None:
        """The median type size of the running text (`body` lines) on a page."""
        if page not in self._text_sizes:
            sizes = [
                line.geometry.font_size
                for line in self._lines
                if line.geometry is not None
                and line.geometry.page == page
                and line.geometry.role == "body"
                and line.geometry.font_size
            ]
            self._text_sizes[page] = statistics.median(sizes) if sizes else None
        return self._text_sizes[page]

    def flush_with_line_under(self, start: int) -> bool:
        """Whether the printed line holding cleaned character `start` starts at the left edge of the line
        set under it in its module (within half an em): no paragraph's first-line indent, so the line
        goes on with a paragraph begun elsewhere. False where no such line or no geometry shows it."""
        lines = self._range(start, start + 1)
        if not lines or lines[0] + 1 >= len(self._lines):
            return False
        here, under = self._lines[lines[0]].geometry, self._lines[lines[0] + 1].geometry
        if here is None or under is None or here.module is None or under.module != here.module:
            return False
        em = here.font_size or 0.0
        return _stacked(here, under) and abs(here.bbox[0] - under.bbox[0]) <= 0.5 * em

    def space_before(self, index: int) -> bool:
        """Whether cleanup dropped a space before cleaned character `index` (a word gap in a byline)."""
        return index in self._gaps

    def break_after(self, end: int) -> int | None:
        """The raw position of the line break after the printed line holding cleaned character `end - 1`."""
        line = self._lines[self._range(end - 1, end)[0]]
        return line.raw_end if line.raw_end < self._raw_length else None
