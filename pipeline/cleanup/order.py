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
from itertools import accumulate

import numpy as np

from pipeline.typography import CJK_PUNCTUATION, has_running_text_mark, printed_widths

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


MIN_PIECE_CHARS = 6
"""A piece of a line this long can be a column's line; shorter ones (`夏林）`) stay with their neighbour."""

ROW_WIDTH = 1.5
"""A row of columns is at least this many times as wide as the page's typical column line."""

PIECE_WIDTH = 0.5
"""Each piece of a row but its last is at least this share of a column line's width."""

_SPACE_RUN = re.compile(r"(?<=[^\x00-\x7f０-９Ａ-Ｚａ-ｚ])[ \u3000]+(?=[^\x00-\x7f０-９Ａ-Ｚａ-ｚ])")
"""A gutter between columns: spaces between two Chinese characters or marks. A space next to a number
or a Latin word, half or full width (`2019 年`, `LED 显示屏`, `共有 ４６６ 名`), is the gap a typesetter
leaves around it inside one line."""


def column_pieces(text: str) -> list[tuple[int, int]]:
    """The spans of `text` between gutter space runs, short pieces joined to the piece before them (or after, first)."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _SPACE_RUN.finditer(text):
        if match.start() > start:
            pieces.append((start, match.start()))
        start = match.end()
    if start < len(text):
        pieces.append((start, len(text)))
    joined: list[tuple[int, int]] = []
    for piece in pieces:
        if joined and (piece[1] - piece[0] < MIN_PIECE_CHARS or joined[-1][1] - joined[-1][0] < MIN_PIECE_CHARS):
            joined[-1] = (joined[-1][0], piece[1])
        else:
            joined.append(piece)
    return joined


def merged_rows(texts: Sequence[str], eligible: Sequence[bool]) -> list[list[tuple[int, int]]]:
    """Lines that hold one line of each of several neighbouring columns, as their column pieces.

    Across a narrow gutter pdfminer writes a row of columns as one line, a space between the
    columns' lines (`1997年湖南省已有 肉猪1000头至5000头的大户达142户， 们共出栏…`). Such a line
    is far wider than the page's column lines (the median width of all pieces) and its space runs
    cut it into pieces of about a column line's width (the last may end a paragraph early); a
    space inside one column's line
    (`LED 显示屏`, `学位 6600个`) cuts it into pieces that together make one column line.
    """
    cut = [column_pieces(text) if ok else [] for text, ok in zip(texts, eligible, strict=True)]
    lines = [text[start:end] for text, pieces in zip(texts, cut, strict=True) for start, end in pieces]
    if not lines:
        return cut
    column = float(np.median(printed_widths(lines)))
    rows: list[list[tuple[int, int]]] = []
    for text, pieces in zip(texts, cut, strict=True):
        widths = printed_widths([text[start:end] for start, end in pieces]) if len(pieces) >= 2 else None
        is_row = (
            widths is not None
            and widths.sum() >= ROW_WIDTH * column
            and bool((widths[:-1] >= PIECE_WIDTH * column).all())
        )
        rows.append(pieces if is_row else [])
    return rows


def column_order(piece_counts: Sequence[int], fixed: Sequence[bool]) -> list[int]:
    """The reading order of lines after rows were cut into pieces: each run of rows read column by column.

    `piece_counts[i]` is how many lines line `i` became (1 when it is no row); a run is a stretch of
    consecutive rows not interrupted by a `fixed` line (a marker before it). The `k`-th piece of
    every row of a run is the run's `k`-th column: a column that ends earlier leaves later rows
    with fewer pieces.
    """
    order: list[int] = []
    first_piece = 0
    index = 0
    while index < len(piece_counts):
        end = index + 1
        if piece_counts[index] > 1:
            while end < len(piece_counts) and piece_counts[end] > 1 and not fixed[end]:
                end += 1
        counts = piece_counts[index:end]
        starts = list(accumulate(counts, initial=first_piece))[:-1]
        order.extend(
            start + column
            for column in range(max(counts))
            for start, count in zip(starts, counts, strict=True)
            if column < count
        )
        first_piece += sum(counts)
        index = end
    return order
