"""A newspaper page's structure from where its characters sit and how big they are.

Characters become printed lines (same baseline, same size, no gap wider than a column gutter),
lines become blocks (a column's run of lines of one size at one pitch). Each block gets a role
from its type relative to the page's body size (headline, kicker or deck, body) and from its
place (furniture in the top and bottom bands or repeated on every page, a caption under or
beside a picture). `pipeline.pdf.order` then puts the blocks in reading order.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from pipeline import typography
from pipeline.pdf.extract import DESCENT, PageContent

Box = tuple[float, float, float, float]

GUTTER_EM = 0.8
"""A gap this wide (in em of the type) between two characters on one baseline separates columns."""
SPACED_EM = 2.0
"""Single characters this close on a baseline are one spaced-out line (`新 华 社 电`), not columns."""
SPACE_EM = 0.5
"""A gap this wide inside a line is printed as a space."""
NARROW_GAP_EM = 0.25
"""A gutter may be as narrow as this (in em) where column after column leaves the same gap."""
GUTTER_ROWS = 4
"""A narrow gutter is open at the same place in rows this near above and below (in rows)."""
INTERLEAVED_BASELINES = 3
"""Modules side by side set their lines on baselines of their own, so the page's rows interleave:
rows of up to this many modules are looked through to find a column's rows nearby."""
GUTTER_SEEN = 2
"""... in at least this many of them."""
COLUMN_EDGE_PT = 0.5
"""Column edges this close (points) across rows are one column's edge."""
HANGING = set(typography.CLOSING_MARKS + typography.RUNNING_TEXT_MARKS + typography.ELLIPSIS + ".—·%％")
"""Marks that never open a line (行首禁则): a typesetter hangs them past the end of the line
before (行末标点悬挂)."""
OVERLAP_EM = 0.02
"""Cells of one printed line touch but never overlap: punctuation whose cell runs this far (in em)
into a character standing where the lines around start a column ends the line to the left."""
SAME_ROW_EM = 0.3
BASELINE_EM = 0.1
"""Characters whose baselines differ by more than this (in em) are set on lines of their own."""
RULED_GAP_EM = 0.25
"""A column rule separates only characters set apart around it (this much more than the line's
letter spacing); text printed across it runs on."""
LETTER_SPACING_SPAN = 5
EVEN_SPACING_EM = 0.1
"""A letter-spaced line keeps its gaps this even (in em); a gutter it crosses breaks the rhythm."""
SAME_SIZE = 0.03
"""Lines whose type differs by more than this share are not one block (a brief's title over its text)."""
LINE_PITCH_MAX_EM = 2.0
SET_APART = 0.1
"""A body-type line this much (share of the page's body pitch) further under the line above it
than body lines follow each other is set apart from it: a name line over its column."""
PITCH_TOLERANCE = 0.3
"""Display lines of one block follow each other at its pitch within this share of it."""
OFF_GRID_EM = 0.1
"""Body-type lines of one block follow each other at its pitch within this much (in em): a story's
lines sit on one grid, and stories stacked in a column are parted by more than the grid's step."""
INDENT_EM = 1.5
COLUMN_LINE_SHARE = 0.75
"""A line at least this share of the width of a line reaching past it on both sides is column text."""
CENTRED_WIDTH_SHARE = 0.5
"""Centred lines of which the shorter is at least this share of the longer are set as one block."""
DISPLAY_RATIO = 1.03
"""Type this much larger than the body (or bold at body size) is display type: headlines, kickers, decks."""
LABEL_DEPTH_EM = 3.0
LABEL_MAX_CHARS = 6
"""A box's label stands this near the top of its frame (in em of the label)."""
ALIKE_SIZE = 0.1
"""Display type within this share of the stack's largest looks as large (see `_name_stack`)."""
STACK_GAP_EM = 2.0
"""Kicker, headline and deck are set this close one under the other (in em of the lower)."""
TOP_BAND = 0.06
BOTTOM_BAND = 0.05
FURNITURE_RULE_BAND = 0.15
"""A page-wide rule this near the top or bottom edge fences off the page header or footer."""
REPEAT_BAND = 0.2
"""Running heads and folios repeated from page to page stand in this share of the page at top or foot."""
CAPTION_GAP_EM = 1.5
CAPTION_LINES = 8
"""A caption runs to at most this many lines."""
SENTENCE_ENDS = tuple("。！？!?…”’」』）)")
_DIGITS = re.compile(r"\d+|[０-９]+|[一二三四五六七八九十〇零]+")


@dataclass(slots=True, eq=False)
class Line:
    chars: np.ndarray
    """Indices into the page's character arrays, left to right."""
    text: str
    box: Box
    size: float
    bold: bool


@dataclass(slots=True, eq=False)
class Block:
    page: int
    lines: list[Line]
    role: str = "body"
    """`headline`, `kicker`, `deck`, `label` (a box's label), `body`, `caption` or `furniture`."""
    box: Box = (0.0, 0.0, 0.0, 0.0)
    size: float = 0.0
    bold: bool = False
    paragraph_starts: list[bool] = field(default_factory=list)
    right: float = 0.0
    """The column's right edge: where most lines end (one overlong line does not move it)."""
    module: int = -1
    """The article module (a headline with what it stands over) the block belongs to, per page."""

    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@dataclass(slots=True)
class PageLayout:
    page: PageContent
    blocks: list[Block]
    """In reading order, furniture last."""
    body_size: float


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def build_lines(page: PageContent) -> list[Line]:
    """Printed lines: rows of characters on one baseline, split at gutters and rules.

    Fake bold needs no work here: PDFium's text page already drops a glyph drawn again within
    about half its width of itself, whether the copy is a whole line, a run or a single glyph.
    """
    if not page.chars:
        return []
    boxes, sizes = page.boxes, page.sizes
    centre = (boxes[:, 1] + boxes[:, 3]) / 2
    order = np.lexsort((boxes[:, 0], -centre))
    rows: list[list[int]] = []
    row_centre = None
    for index in order.tolist():
        if row_centre is None or abs(centre[index] - row_centre) > SAME_ROW_EM * sizes[index]:
            rows.append([])
            row_centre = centre[index]
        rows[-1].append(index)
    vertical_rules = [rule for rule in page.rules if rule[2] - rule[0] < rule[3] - rule[1]]
    for row in rows:
        row.sort(key=lambda i: boxes[i, 0])
    gutters = _narrow_gutters(page, rows)
    lines: list[Line] = []
    for row in rows:
        lines.extend(_split_row(page, row, vertical_rules, gutters))
    return lines


def _narrow_gutters(page: PageContent, rows: list[list[int]]) -> set[int]:
    """Characters that stand right of a narrow column gutter: a gap wider than a space but narrower
    than `GUTTER_EM` that the rows just above and below leave open at the same place (a gap from
    a quarter em up to a space: the very same gap in one row more).

    A gutter runs down the column's whole length, one column ending and the next starting at its
    edges; a space inside running text (`本报讯 日前`, a letter-spaced dateline, also one set
    across a wide gutter) has no gap starting or ending at the same place in the lines around it."""
    gaps: list[tuple[float, list[tuple[float, float, int]]]] = []
    for row in rows:
        found = []
        for previous, index in itertools.pairwise(row):
            size = max(page.sizes[index], page.sizes[previous])
            left, right = page.boxes[previous, 2], page.boxes[index, 0]
            if page.chars[previous] in HANGING and right < left:
                # punctuation hung past the column's end into the gutter: the column ends where it starts
                left = page.boxes[previous, 0]
            if right - left > NARROW_GAP_EM * size:
                found.append((float(left), float(right), index))
        centre = float(page.boxes[row[0], 1] + page.boxes[row[0], 3]) / 2
        gaps.append((centre, found))
    gutters: set[int] = set()
    window = GUTTER_ROWS * INTERLEAVED_BASELINES
    for position, (centre, found) in enumerate(gaps):
        size = float(page.sizes[rows[position][0]])
        near = [
            other
            for other_centre, other in gaps[max(0, position - window) : position + window + 1]
            if other is not found and abs(other_centre - centre) <= GUTTER_ROWS * LINE_PITCH_MAX_EM * size
        ]
        for left, right, index in found:
            if right - left > GUTTER_EM * size:
                continue
            middle = (left + right) / 2
            # a gap narrower than a space is a gutter only where the rows around leave the very same gap
            narrow = right - left <= SPACE_EM * size
            open_around = sum(
                any(
                    a <= middle <= b and (max if narrow else min)(abs(b - right), abs(a - left)) <= 2 * COLUMN_EDGE_PT
                    for a, b, _ in other
                )
                for other in near
            )
            if open_around >= GUTTER_SEEN + narrow:
                gutters.add(index)
    return gutters | _column_starts(page, rows, gaps, gutters)


def _column_starts(
    page: PageContent, rows: list[list[int]], gaps: list[tuple[float, list]], gutters: set[int]
) -> set[int]:
    """Characters set at the left edge of a column that lines around them start at, where the
    row's gap before them is too narrow to tell: punctuation hung at the end of the line to the
    left (行末标点悬挂) runs into them, or, standing where the lines around end, touches them; or
    a letter-spaced line starts a narrow gutter away. Other text running across the edge (boxes
    touching, Latin kerned tight) is not cut, and a place where letters of one line meet in the
    rows around is no column's edge: lines open their paragraphs indented there."""
    boxes, sizes = page.boxes, page.sizes
    starts: dict[int, list[tuple[float, float, float]]] = {}
    ends: dict[int, list[tuple[float, float, float]]] = {}
    row_ends: dict[int, list[tuple[float, float, float]]] = {}
    # where two letters of one line meet: a paragraph's indent is such a place in the lines that
    # open no paragraph, a column's edge is not
    running: dict[int, list[tuple[float, float, float]]] = {}
    for position, row in enumerate(rows):
        centre = gaps[position][0]
        _add_edge(starts, centre, float(boxes[row[0], 0]), float(sizes[row[0]]))
        _add_edge(row_ends, centre, float(boxes[row[-1], 2]), float(sizes[row[-1]]))
        for previous, index in itertools.pairwise(row):
            gap = boxes[index, 0] - boxes[previous, 2]
            if index in gutters or gap > GUTTER_EM * sizes[index]:
                _add_edge(starts, centre, float(boxes[index, 0]), float(sizes[index]))
                _add_edge(ends, centre, float(boxes[previous, 2]), float(sizes[previous]))
            elif abs(gap) <= COLUMN_EDGE_PT and page.chars[previous] not in HANGING:
                _add_edge(running, centre, float(boxes[index, 0]), float(sizes[index]))
    found: set[int] = set()
    for position, row in enumerate(rows):
        centre = gaps[position][0]
        for position_in_row, (previous, index) in enumerate(itertools.pairwise(row)):
            size = float(sizes[index])
            x0 = float(boxes[index, 0])
            gap = x0 - boxes[previous, 2]
            if index in gutters or page.chars[index] in HANGING:
                # closing punctuation never opens a line (行首禁则): a second mark hung past the
                # column's end (`”。`) may stand where the next column's lines start
                continue
            if gap > SPACE_EM * size:
                # modules side by side on baselines of their own share no row: a gap where rows
                # of the one column end and rows of the next start is their gutter
                gutter = _seen(starts, centre, x0, size) and _seen(row_ends, centre, float(boxes[previous, 2]), size)
                if gutter or _hung_past_column_end(page, row[: position_in_row + 1], ends, centre):
                    found.add(index)
                continue
            hangs = page.chars[previous] in HANGING
            overrun = hangs and gap < -OVERLAP_EM * size
            edge = _seen(starts, centre, x0, size) or (
                # a story set in a strip two rows deep shows its gutter in one other row, where a
                # line ends at the hung mark's start and the next column's line starts here
                overrun
                and _seen(starts, centre, x0, size, least=1)
                and _seen(ends, centre, float(boxes[previous, 0]), size, least=1)
            )
            if not edge or _seen(running, centre, x0, size):
                # no column's edge: no lines start here, or letters meet here in the rows around
                continue
            # punctuation hung into the gutter starts where the lines around end, or its cell spans
            # that place and reaches a quarter em past it, into the gutter
            reach = float(boxes[previous, 2]) - NARROW_GAP_EM * size
            hung = hangs and _seen(ends, centre, float(boxes[previous, 0]), size, until=reach)
            if overrun or gap > COLUMN_EDGE_PT or hung:
                found.add(index)
    return found


def _hung_past_column_end(
    page: PageContent, before: list[int], ends: dict[int, list[tuple[float, float, float]]], centre: float
) -> bool:
    """Whether the characters `before` a gap end in punctuation hung past where the lines around
    end a column (`“历险地”、`, `眼睛———`): the gap after it is the gutter, narrowed by the hung
    marks, though the next column's line opens indented there."""
    last_letter = len(before) - 1
    while last_letter >= 0 and page.chars[before[last_letter]] in HANGING:
        last_letter -= 1
    # the column ends after the last letter or after one of the marks that follow it
    return any(
        _seen(ends, centre, float(page.boxes[index, 2]), float(page.sizes[index]))
        for index in before[max(last_letter, 0) : -1]
    )


def _add_edge(edges: dict[int, list[tuple[float, float, float]]], centre: float, x: float, size: float) -> None:
    edges.setdefault(round(x), []).append((centre, x, size))


def _seen(
    edges: dict[int, list[tuple[float, float, float]]],
    centre: float,
    x: float,
    size: float,
    until: float | None = None,
    least: int = GUTTER_SEEN,
) -> bool:
    """Whether lines in at least `least` other rows nearby start (or end) at `x` (or anywhere
    from `x` to `until`)."""
    last = x if until is None else max(x, until)
    near = [edge for key in range(round(x) - 1, round(last) + 2) for edge in edges.get(key, ())]
    seen = sum(
        x - COLUMN_EDGE_PT <= edge_x <= last + COLUMN_EDGE_PT
        and edge_centre != centre
        and abs(edge_centre - centre) <= GUTTER_ROWS * LINE_PITCH_MAX_EM * size
        and abs(edge_size - size) <= SAME_SIZE * size
        for edge_centre, edge_x, edge_size in near
    )
    return seen >= least


def _split_row(page: PageContent, row: list[int], vertical_rules: list[Box], gutters: set[int]) -> list[Line]:
    pieces: list[list[int]] = [[row[0]]] if row else []
    for position, index in enumerate(row[1:], start=1):
        previous = pieces[-1][-1]
        size = max(page.sizes[index], page.sizes[previous])
        gap = page.boxes[index, 0] - page.boxes[previous, 2]
        same_type = abs(page.sizes[index] - page.sizes[previous]) <= 0.1 * size
        middle = (page.boxes[index, 1] + page.boxes[index, 3]) / 2
        ruled = (
            gap > RULED_GAP_EM * size
            and any(
                page.boxes[previous, 2] - 1 <= rule[0] <= page.boxes[index, 0] + 1 and rule[1] <= middle <= rule[3]
                for rule in vertical_rules
            )
            and gap
            > RULED_GAP_EM * size + _line_spacing(page, pieces[-1], row[position : position + LETTER_SPACING_SPAN])
        )
        gutter = index in gutters and not _evenly_spaced(page, row, position)
        if same_type and gap <= GUTTER_EM * size and not ruled and not gutter and not _set_apart(page, row, position):
            pieces[-1].append(index)
        else:
            pieces.append([index])
    merged: list[list[int]] = []
    for piece in pieces:
        if merged and _spaced_out(page, merged[-1], piece):
            merged[-1].extend(piece)
        else:
            merged.append(piece)
    return [_make_line(page, piece) for piece in merged]


def _set_apart(page: PageContent, row: list[int], position: int) -> bool:
    """Two characters a gap apart set on baselines of their own or in type of another size: lines
    of two columns (a name line under a headline beside the column to its left, the headlines of
    two stories side by side) that only come close. A printed line keeps one baseline and one
    size. Cells of one line touch: runs of type of two sizes a gap apart (`给黄土地“拜年”` beside
    `日本成立3个新政党` a little larger) are two lines; on another baseline alone a gap
    narrower than a quarter em is no place to part it."""
    previous, index = row[position - 1], row[position]
    sizes = [float(page.sizes[i]) for i in (previous, index)]
    size = max(sizes)
    gap = page.boxes[index, 0] - page.boxes[previous, 2]
    feet = [page.boxes[i, 1] + DESCENT * page.sizes[i] for i in (previous, index)]
    if abs(sizes[0] - sizes[1]) > SAME_SIZE * size and gap > COLUMN_EDGE_PT:
        # each side a run of its own size, not characters of two lines printed over each other
        runs = [row[position - 2 : position], row[position : position + 2]]
        if all(len(run) == 2 and abs(page.sizes[run[0]] - page.sizes[run[1]]) <= SAME_SIZE * size for run in runs):
            return True
    return gap > NARROW_GAP_EM * size and (
        abs(sizes[0] - sizes[1]) > SAME_SIZE * size or abs(feet[0] - feet[1]) > BASELINE_EM * size
    )


def _evenly_spaced(page: PageContent, row: list[int], position: int) -> bool:
    """Whether the gap before `row[position]` is the line's own letter spacing: a letter-spaced
    dateline centred over two columns crosses their gutter at the same pitch it keeps either side
    of it, where a column's text breaks the rhythm at the gutter."""
    if position < 2 or position + 1 >= len(row):
        return False
    boxes = page.boxes
    before, at, after = (float(boxes[row[i], 0] - boxes[row[i - 1], 2]) for i in (position - 1, position, position + 1))
    tolerance = EVEN_SPACING_EM * float(page.sizes[row[position]])
    return (
        at > NARROW_GAP_EM * page.sizes[row[position]]
        and abs(before - at) <= tolerance
        and abs(after - at) <= tolerance
    )


def _line_spacing(page: PageContent, before: list[int], after: list[int]) -> float:
    """The letter spacing of the line a gap falls in: of the characters either side of it, the
    closer set of the sides that show one (two characters or more); a single letter shows none
    (a headline's first letter left of the rule it is printed across)."""
    shown = [_letter_spacing(page, run) for run in (before, after) if len(run) > 1]
    return min(shown, default=0.0)


def _letter_spacing(page: PageContent, piece: list[int]) -> float:
    """The gap the piece's last few characters are set apart by (a letter-spaced headline's)."""
    tail = piece[-LETTER_SPACING_SPAN:]
    gaps = sorted(float(page.boxes[b, 0] - page.boxes[a, 2]) for a, b in itertools.pairwise(tail))
    return max(0.0, gaps[len(gaps) // 2]) if gaps else 0.0


def _spaced_out(page: PageContent, left: list[int], right: list[int]) -> bool:
    """Two short runs a little apart on one baseline belong to one letter-spaced line, and so do
    two letter-spaced runs parted by a gap as wide as their own (`新 华 社 拉 萨 8 月` and
    `2 3 日 电`: digits set narrower leave the gaps a little uneven). A letter-spaced run keeps
    its spacing to its last letter: a wider gap after it is a gutter, and the short run beyond
    it the next column's line (`件。` ending a paragraph beside a spaced-out dateline)."""
    last, first = left[-1], right[0]
    size = page.sizes[first]
    if abs(page.sizes[last] - size) > 0.1 * size:
        return False
    gap = page.boxes[first, 0] - page.boxes[last, 2]
    spacing = _letter_spacing(page, left) if len(left) > 1 else 0.0
    if spacing > NARROW_GAP_EM * size and gap > spacing + EVEN_SPACING_EM * size:
        return False
    short = len(right) <= 2 and _last_run_length(page, left) <= 2
    spaced = len(left) > 1 and len(right) > 1
    inner = [page.boxes[pair[1], 0] - page.boxes[pair[0], 2] for pair in (left[-2:], right[:2])] if spaced else []
    spaced = spaced and all(g > NARROW_GAP_EM * size for g in inner)
    rhythm = spaced and any(abs(gap - g) <= EVEN_SPACING_EM * size for g in inner)
    return (short or rhythm) and gap <= SPACED_EM * size


def _last_run_length(page: PageContent, piece: list[int]) -> int:
    """How many characters the last tightly set run of a piece holds."""
    count = 1
    for earlier, later in zip(piece[-2::-1], piece[:0:-1], strict=False):
        if page.boxes[later, 0] - page.boxes[earlier, 2] > SPACE_EM * page.sizes[later]:
            break
        count += 1
    return count


def _make_line(page: PageContent, piece: list[int]) -> Line:
    text: list[str] = []
    for position, index in enumerate(piece):
        gap = page.boxes[index, 0] - page.boxes[piece[position - 1], 2] if position else 0.0
        if position and (page.space_before[index] or gap > SPACE_EM * page.sizes[index]):
            text.append(" ")
        text.append(page.chars[index])
    chars = np.array(piece, dtype=np.int64)
    box = page.boxes[chars]
    sizes = page.sizes[chars]
    return Line(
        chars=chars,
        text="".join(text),
        box=(float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 2].max()), float(box[:, 3].max())),
        size=_middle(sizes.tolist()),
        bold=bool(page.bold[chars].mean() > 0.5),
    )


def _middle(values: list[float]) -> float:
    """The middle value (upper median): one odd character or line does not move it."""
    return float(sorted(values)[len(values) // 2])


def build_blocks(page: PageContent, lines: list[Line]) -> list[Block]:
    """Group lines top to bottom: a line joins the block just above it when type, pitch and column agree."""
    horizontal_rules = [rule for rule in page.rules if rule[2] - rule[0] >= rule[3] - rule[1]]
    body = body_size(page)
    pitch = body_pitch(lines, body)
    blocks: list[Block] = []
    open_blocks: list[Block] = []
    column_ends = _column_ends_to_the_left(lines)
    for line in sorted(lines, key=lambda item: (-item.box[3], item.box[0])):
        left_end = column_ends.get(id(line))
        home = _block_above(line, open_blocks, horizontal_rules, body, pitch, left_end)
        if home is None:
            home = _apart_from_its_first_line(line, open_blocks, horizontal_rules, body, pitch, left_end)
            if home is not None:
                blocks.append(home)
                open_blocks.append(home)
        if home is None:
            home = Block(page=page.number, lines=[])
            blocks.append(home)
            open_blocks.append(home)
        home.lines.append(line)
    for block in blocks:
        _summarise(block)
    return blocks


def body_pitch(lines: list[Line], body: float) -> float:
    """The line pitch of the page's body text: the most common step from one body line to the
    next one starting at the same place (0 when the page has no column of body lines)."""
    columns: dict[int, list[float]] = {}
    for line in lines:
        if abs(line.size - body) <= SAME_SIZE * body:
            columns.setdefault(round(line.box[0]), []).append(line.box[1])
    steps = Counter(
        round(upper - lower, 1)
        for feet in columns.values()
        for upper, lower in itertools.pairwise(sorted(feet, reverse=True))
        if 0.5 * body < upper - lower <= LINE_PITCH_MAX_EM * body
    )
    return float(steps.most_common(1)[0][0]) if steps else 0.0


def _column_ends_to_the_left(lines: list[Line]) -> dict[int, float]:
    """For each line, where the line printed left of it on its baseline ends (the column to its
    left), keyed by the line's id; lines first on their row have none."""
    by_foot = sorted(lines, key=lambda item: item.box[1])
    feet = [line.box[1] for line in by_foot]
    ends: dict[int, float] = {}
    for line in lines:
        reach = BASELINE_EM * line.size
        row = by_foot[bisect.bisect_left(feet, line.box[1] - reach) : bisect.bisect_right(feet, line.box[1] + reach)]
        left = [other.box[2] for other in row if other is not line and other.box[2] <= line.box[0] + COLUMN_EDGE_PT]
        if left:
            ends[id(line)] = max(left)
    return ends


def _block_above(
    line: Line, blocks: list[Block], rules: list[Box], body: float, body_pitch: float, left_column_end: float | None
) -> Block | None:
    """The block the line goes on: the nearest above of its type, at the block's pitch (a block's
    first two lines of body type at the page's body pitch: a name line set apart over a column
    is a block of its own). A body-type line starting over the column left of the line (where
    that column's line on the line's baseline ends) stands over the gutter, a byline set across
    it, not at the head of the line's column."""
    best, best_distance = None, None
    for block in blocks:
        last = block.lines[-1]
        if abs(last.size - line.size) > SAME_SIZE * line.size or last.bold != line.bold:
            continue
        pitch = (last.box[1] + last.box[3]) / 2 - (line.box[1] + line.box[3]) / 2
        if not 0.5 * line.size < pitch <= LINE_PITCH_MAX_EM * line.size:
            continue
        if len(block.lines) > 1:
            previous = block.lines[-2]
            block_pitch = (previous.box[1] + previous.box[3]) / 2 - (last.box[1] + last.box[3]) / 2
            body_type = abs(line.size - body) <= SAME_SIZE * body
            off_grid = OFF_GRID_EM * line.size if body_type else PITCH_TOLERANCE * block_pitch
            if abs(pitch - block_pitch) > off_grid:
                continue
        elif body_pitch and abs(line.size - body) <= SAME_SIZE * body and pitch > (1 + SET_APART) * body_pitch:
            continue
        if not (_left_aligned(block, line) or _centred_alike(last, line)):
            continue
        first_body_line = len(block.lines) == 1 and abs(line.size - body) <= SAME_SIZE * body
        if first_body_line and (_straddles(last, line) or _over_gutter(last, left_column_end)):
            continue
        if any(_crosses(rule, line.box[3], last.box[1], line.box, last.box) for rule in rules):
            continue
        if best_distance is None or pitch < best_distance:
            best, best_distance = block, pitch
    return best


def _left_aligned(block: Block, line: Line) -> bool:
    """The line starts at the block's left edge, or a paragraph's indent from it."""
    return abs(block.lines[0].box[0] - line.box[0]) <= INDENT_EM * 1.5 * line.size or any(
        abs(other.box[0] - line.box[0]) <= 0.5 * line.size for other in block.lines
    )


def _straddles(above: Line, line: Line) -> bool:
    """A body-type line reaching past a column's line under it on both sides (a byline centred
    over a column, wider than it): column text keeps within the column's edges, so the two are
    not one block (display lines are centred one under another). The line under it is a
    column's when nearly as wide (a dateline over a short byline in brackets is one lead)."""
    wide = line.box[2] - line.box[0] >= COLUMN_LINE_SHARE * (above.box[2] - above.box[0])
    return wide and above.box[0] < line.box[0] - 0.5 * line.size and above.box[2] > line.box[2] + COLUMN_EDGE_PT


def _apart_from_its_first_line(
    line: Line, blocks: list[Block], rules: list[Box], body: float, body_pitch: float, left_end: float | None
) -> Block | None:
    """A new block of the second line of a two-line block and `line`, when the two follow each
    other on the page's body pitch and the block's first line stands further over them than that
    (a name line set apart over its column, a little less than `SET_APART`): the name line keeps
    a block of its own, the column's text goes on under it. None when there is no such block."""
    if not body_pitch or abs(line.size - body) > SAME_SIZE * body:
        return None
    for block in blocks:
        if len(block.lines) != 2:
            continue
        first, second = block.lines
        step = (first.box[1] + first.box[3]) / 2 - (second.box[1] + second.box[3]) / 2
        if step - body_pitch <= OFF_GRID_EM * line.size:
            continue
        rest = Block(page=block.page, lines=[second])
        if _block_above(line, [rest], rules, body, body_pitch, left_end) is rest:
            block.lines.pop()
            return rest
    return None


def _over_gutter(above: Line, left_column_end: float | None) -> bool:
    """The line above starts over the column left of the line under it: it is set across the
    gutter between the two (a writer's name over the columns' meeting), not at the column's head."""
    return left_column_end is not None and above.box[0] < left_column_end - COLUMN_EDGE_PT


def _centred_alike(last: Line, line: Line) -> bool:
    """Two lines centred on one axis and of like width: a headline or caption set centred.

    A short centred line over a column's full lines (a byline over the text) is not alike."""
    centre_gap = abs((last.box[0] + last.box[2]) - (line.box[0] + line.box[2])) / 2
    widths = sorted((last.box[2] - last.box[0], line.box[2] - line.box[0]))
    return centre_gap <= line.size and widths[0] >= CENTRED_WIDTH_SHARE * widths[1]


def _crosses(rule: Box, low: float, high: float, below: Box, above: Box) -> bool:
    """A horizontal rule lying between two lines and under both of them."""
    y = (rule[1] + rule[3]) / 2
    span_left, span_right = max(below[0], above[0]), min(below[2], above[2])
    return low - 1 <= y <= high + 1 and rule[0] <= span_right and rule[2] >= span_left


def split_block(block: Block, at: int) -> tuple[Block, Block]:
    """The block's first `at` lines and the rest, each a block of its own with its measures."""
    parts = (
        Block(page=block.page, lines=block.lines[:at], role=block.role),
        Block(page=block.page, lines=block.lines[at:], role=block.role),
    )
    for part in parts:
        _summarise(part)
    return parts


def _summarise(block: Block) -> None:
    block.box = _union([line.box for line in block.lines])
    block.size = _middle([line.size for line in block.lines])
    block.bold = sum(line.bold for line in block.lines) * 2 > len(block.lines)
    block.right = _middle([line.box[2] for line in block.lines])
    left, right = block.box[0], block.right
    starts = []
    for position, line in enumerate(block.lines):
        indented = line.box[0] >= left + INDENT_EM * line.size * 0.8
        before = block.lines[position - 1] if position else None
        after_short = (
            before is not None and before.text.endswith(SENTENCE_ENDS) and before.box[2] < right - INDENT_EM * line.size
        )
        starts.append(position == 0 or indented or after_short)
    block.paragraph_starts = starts


def body_size(page: PageContent) -> float:
    """The size most characters are set in."""
    if not len(page.sizes):
        return 0.0
    counts = Counter(np.round(page.sizes, 1).tolist())
    return float(counts.most_common(1)[0][0])


def assign_roles(page: PageContent, blocks: list[Block], body: float) -> None:
    """Headlines, kickers and decks from type; captions from their place by a picture; furniture
    from the page's outer bands."""
    display = [b for b in blocks if b.size >= DISPLAY_RATIO * body or (b.bold and len(b.lines) <= 2)]
    labels = _box_labels(page, display)
    for stack in head_stacks([b for b in display if b not in labels], page.images, body):
        _name_stack(stack)
    for label in labels:
        label.role = "label"
    for block in blocks:
        if block.role == "body" and any(_captions(block, image, body) for image in page.images):
            block.role = "caption"
    for title in [b for b in blocks if b.role in ("headline", "kicker", "deck")]:
        picture = caption_title(title, page.images, body)
        for block in blocks if picture else ():
            if block.role == "body" and _under_title(block, title, picture, body):
                block.role = "caption"
    for caption in [block for block in blocks if block.role == "caption"]:
        width = _picture_width(caption, page.images, body)
        for block in blocks:
            if block.role == "body" and _credit_under(block, caption, width, body):
                block.role = "caption"
    top, bottom = _furniture_bands(page)
    for block in blocks:
        if block.box[1] >= top or block.box[3] <= bottom:
            block.role = "furniture"


def _box_labels(page: PageContent, display: list[Block]) -> list[Block]:
    """The label atop a framed box of short items (`简讯` over its briefs): a short line centred
    at the frame's top, over items that have titles of their own or none."""
    labels = []
    for frame in page.frames:
        inside = [b for b in display if _within(b.box, frame)]
        if not inside:
            continue
        top = max(inside, key=lambda b: b.box[3])
        centred = abs((top.box[0] + top.box[2]) - (frame[0] + frame[2])) / 2 <= top.size
        near_top = frame[3] - top.box[3] <= LABEL_DEPTH_EM * top.size
        if near_top and centred and len(top.lines) == 1 and len(top.text()) <= LABEL_MAX_CHARS:
            labels.append(top)
    return labels


def _within(box: Box, frame: Box) -> bool:
    return box[0] >= frame[0] - 1 and box[2] <= frame[2] + 1 and box[1] >= frame[1] - 1 and box[3] <= frame[3] + 1


def head_stacks(heads: list[Block], images: list[Box], body: float) -> list[list[Block]]:
    """Display blocks set one under the other over a shared width, each stack top to bottom; a
    block goes under the nearest one above it (a kicker right over a headline, not the page's
    dateline further up). A photo's title (right under its picture) stands alone: a headline
    under it is another story's."""
    stacks: list[list[Block]] = []
    for head in sorted(heads, key=lambda b: -b.box[3]):
        above = [s for s in stacks if stacks_under(s[-1], head) and not caption_title(s[-1], images, body)]
        stack = min(above, key=lambda s: s[-1].box[1] - head.box[3], default=None)
        if stack is None:
            stacks.append([head])
        else:
            stack.append(head)
    return stacks


def stacks_under(upper: Block, lower: Block) -> bool:
    """Whether `lower` is set right under `upper`, over a shared width (deck under headline)."""
    gap = upper.box[1] - lower.box[3]
    width = min(upper.box[2] - upper.box[0], lower.box[2] - lower.box[0])
    overlap = min(upper.box[2], lower.box[2]) - max(upper.box[0], lower.box[0])
    return -2.0 <= gap <= STACK_GAP_EM * lower.size and overlap >= 0.5 * width


def _name_stack(stack: list[Block]) -> None:
    """The largest type of a stack is its headline; what stands over it the kicker, under it the
    deck. Type within `ALIKE_SIZE` of the largest looks as large to a reader: of such blocks the
    one with the most ink (size squared by characters) is the headline, not a short kicker set a
    point larger over a long headline shrunk to its column."""
    largest = max(block.size for block in stack)
    alike = [block for block in stack if block.size >= largest * (1 - ALIKE_SIZE)]
    main = max(alike, key=lambda block: block.size**2 * len(block.text())).size
    first = next(index for index, block in enumerate(stack) if abs(block.size - main) <= SAME_SIZE * main)
    last = max(index for index, block in enumerate(stack) if abs(block.size - main) <= SAME_SIZE * main)
    for index, block in enumerate(stack):
        block.role = "kicker" if index < first else "deck" if index > last else "headline"


def _captions(block: Block, image: Box, body: float) -> bool:
    """Under a picture and within its width, or beside it and level with its foot."""
    gap = CAPTION_GAP_EM * body
    x0, y0, x1, y1 = block.box
    under = image[1] - gap <= y1 <= image[1] + 1 and x0 >= image[0] - gap and x1 <= image[2] + gap
    beside = (0 <= x0 - image[2] <= gap or 0 <= image[0] - x1 <= gap) and image[1] - gap <= y0 <= image[1] + gap
    return (under or beside) and len(block.lines) <= CAPTION_LINES


def caption_title(block: Block, images: list[Box], body: float) -> Box | None:
    """The picture a display line is set right under, within its width: the photo's title."""
    gap = CAPTION_GAP_EM * body
    for image in images:
        under = image[1] - gap <= block.box[3] <= image[1] + 1
        if under and block.box[0] >= image[0] - gap and block.box[2] <= image[2] + gap:
            return image
    return None


def _under_title(block: Block, title: Block, picture: Box, body: float) -> bool:
    """A few lines right under a photo's title, within the picture's width: the caption's text."""
    gap = title.box[1] - block.box[3]
    slack = CAPTION_GAP_EM * body
    within = block.box[0] >= picture[0] - slack and block.box[2] <= picture[2] + slack
    return -1 <= gap <= slack and within and len(block.lines) <= CAPTION_LINES


def _picture_width(caption: Block, images: list[Box], body: float) -> tuple[float, float]:
    """The left and right edges of the picture a caption stands under (else the caption's own)."""
    gap = CAPTION_GAP_EM * body
    for image in images:
        if image[1] - gap <= caption.box[3] <= image[1] + gap and image[0] - gap <= caption.box[0] <= image[2]:
            return min(image[0], caption.box[0]), max(image[2], caption.box[2])
    return caption.box[0], caption.box[2]


def _credit_under(block: Block, caption: Block, width: tuple[float, float], body: float) -> bool:
    """A line or two set right under a caption within its picture's width (the photographer's
    credit set flush right, `本报记者 王霞光 摄`) goes with the caption. The credit is set in the
    caption's type or smaller: text in larger type under a caption is a story's column."""
    gap = caption.box[1] - block.box[3]
    inside = block.box[0] >= width[0] - 1 and block.box[2] <= width[1] + 1
    small = block.size <= caption.size * (1 + SAME_SIZE)
    return inside and small and -1 <= gap <= CAPTION_GAP_EM * body and len(block.lines) <= 2


def _furniture_bands(page: PageContent) -> tuple[float, float]:
    """The y above which the page header stands and below which the footer stands: the page-wide
    rules nearest the top and foot edges fence them off (a banner headline's rule lies further in)."""
    wide = [(rule[1] + rule[3]) / 2 for rule in page.rules if rule[2] - rule[0] >= 0.6 * page.width]
    tops = [y for y in wide if y >= page.height * (1 - FURNITURE_RULE_BAND)]
    bottoms = [y for y in wide if y <= page.height * FURNITURE_RULE_BAND]
    top = max(tops) if tops else page.height * (1 - TOP_BAND)
    bottom = min(bottoms) if bottoms else page.height * BOTTOM_BAND
    return top, bottom


def mark_repeated_furniture(layouts: list[PageLayout]) -> None:
    """A short line repeated at the same place in the outer bands of several pages (running head,
    folio, the paper's name) is furniture."""
    if len(layouts) < 2:
        return
    seen: Counter[tuple[str, int]] = Counter()
    keys: dict[int, tuple[str, int]] = {}
    for layout in layouts:
        for block in layout.blocks:
            height = layout.page.height
            outer = block.box[1] >= height * (1 - REPEAT_BAND) or block.box[3] <= height * REPEAT_BAND
            if len(block.lines) == 1 and block.role != "furniture" and outer:
                key = (_DIGITS.sub("#", block.text()), round(block.box[3] / 10))
                keys[id(block)] = key
                seen[key] += 1
    for layout in layouts:
        for block in layout.blocks:
            key = keys.get(id(block))
            if key is not None and seen[key] >= 2 and len(key[0]) <= 40:
                block.role = "furniture"
