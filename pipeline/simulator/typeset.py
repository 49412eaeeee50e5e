"""Setting text into lines the way a Chinese typesetter does, and the page's drawing list.

Body lines are justified: a full line is stretched to the column's width by spacing its glyphs
evenly, which is what makes pdfminer print spaces around half-width digits. Closing punctuation
never starts a line (it hangs at the end of the one before) and a run of digits or Latin letters
is not broken. Every printed character remembers which body character it is, so the gold text
of a story cut off by the page is exactly what was printed.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from pipeline import typography

#: Never at the start of a line: they hang at the end of the line before.
NO_LINE_START = set(typography.CLOSING_MARKS + typography.RUNNING_TEXT_MARKS + typography.FULL_STOPS + "…—·%％")
#: Never at the end of a line: they move to the next one.
NO_LINE_END = set(typography.OPENING_MARKS)
_UNBROKEN = set(typography.DIGITS + ".．" + string.ascii_letters)

BUILTIN_FONT = "STSong-Light"


def register_fonts(ttf: str | None = None) -> list[str]:
    """Register reportlab's built-in CID font and, when given, a TrueType CJK font; their names."""
    if BUILTIN_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(BUILTIN_FONT))
    names = [BUILTIN_FONT]
    if ttf:
        name = "SimTTF"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, ttf, subfontIndex=0))
        names.append(name)
    return names


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    """Printed width in points (cached: line breaking asks for the same glyphs over and over)."""
    return pdfmetrics.stringWidth(text, font, size)


@dataclass
class Run:
    """One printed line of text. `y` is the baseline, measured down from the page's top."""

    x: float
    y: float
    text: str
    font: str
    size: float
    char_space: float = 0.0
    bold: str | None = None  # None, "line", "glyph" or "runs": how fake bold is drawn
    bold_prefix: int = 0  # this many leading glyphs drawn twice each (`本本报报讯讯`), the rest once


@dataclass
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5


@dataclass
class Box:
    """A rectangle: a picture (filled grey) or the frame of a brief column."""

    x: float
    y: float
    width: float
    height: float
    fill: float | None = None


@dataclass
class Drawing:
    """Everything printed on one page, in drawing order."""

    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


@dataclass
class Line:
    """A body line: printed characters, the body offset of each (None: not body), and layout."""

    chars: list[str]
    offsets: list[int | None]
    indent: float
    last_of_paragraph: bool

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _tokens(chars: list[str]) -> list[tuple[int, int]]:
    """Unbreakable spans: a digit or Latin run is one token, every other character its own."""
    spans, start = [], 0
    while start < len(chars):
        end = start + 1
        if chars[start] in _UNBROKEN:
            while end < len(chars) and chars[end] in _UNBROKEN:
                end += 1
        spans.append((start, end))
        start = end
    return spans


def break_paragraph(
    chars: list[str],
    offsets: list[int | None],
    width: float,
    font: str,
    size: float,
    indent: float,
) -> list[Line]:
    """Greedy line breaking with hanging closing punctuation, as Chinese columns are set."""
    lines: list[Line] = []
    line_chars: list[str] = []
    line_offsets: list[int | None] = []
    used = 0.0
    tokens = _tokens(chars)
    position = 0
    while position < len(tokens):
        start, end = tokens[position]
        piece = chars[start:end]
        piece_width = text_width("".join(piece), font, size)
        room = width - (indent if not lines else 0)
        fits = used + piece_width <= room + 0.01
        hangs = piece[0] in NO_LINE_START and line_chars
        if fits or hangs or not line_chars:
            line_chars.extend(piece)
            line_offsets.extend(offsets[start:end])
            used += piece_width
            position += 1
            continue
        carried_chars: list[str] = []
        carried_offsets: list[int | None] = []
        while line_chars and line_chars[-1] in NO_LINE_END:
            carried_chars.insert(0, line_chars.pop())
            carried_offsets.insert(0, line_offsets.pop())
        lines.append(Line(line_chars, line_offsets, indent if not lines else 0.0, False))
        line_chars, line_offsets = carried_chars, carried_offsets
        used = text_width("".join(line_chars), font, size)
    if line_chars:
        lines.append(Line(line_chars, line_offsets, indent if not lines else 0.0, True))
    return lines


def justified_run(line: Line, x: float, y: float, width: float, font: str, size: float) -> Run:
    """The line as drawn: stretched to the column unless it ends its paragraph."""
    natural = text_width(line.text, font, size)
    room = width - line.indent
    space = 0.0
    if not line.last_of_paragraph and len(line.chars) > 1 and natural < room:
        space = (room - natural) / (len(line.chars) - 1)
    return Run(x + line.indent, y, line.text, font, size, char_space=space)


def bbox_of(runs: list[Run], page_height: float) -> list[float]:
    """The box around the runs in PDF points, origin at the page's bottom left: x0, y0, x1, y1."""
    x0 = min(run.x for run in runs)
    x1 = max(run.x + text_width(run.text, run.font, run.size) + run.char_space * (len(run.text) - 1) for run in runs)
    top = min(run.y - run.size for run in runs)
    bottom = max(run.y + run.size * 0.25 for run in runs)
    return [round(x0, 1), round(page_height - bottom, 1), round(x1, 1), round(page_height - top, 1)]
