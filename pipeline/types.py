"""Shared document model: every stage reads and writes these types and nothing else.

Offsets are kept as an `OffsetMap` per derived text: position ``i`` of the derived text came
from position ``map[i]`` of the raw (decoded) input, so any span can say where it came from
without stages knowing how the text was derived.
"""

from __future__ import annotations

import contextlib
import traceback
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


class OffsetMap:
    """Maps each character of a derived text to the index of its source character in raw."""

    __slots__ = ("_positions",)

    def __init__(self, positions: Iterable[int] = ()) -> None:
        self._positions = positions if isinstance(positions, array) else array("q", positions)

    @classmethod
    def identity(cls, length: int, start: int = 0) -> OffsetMap:
        return cls(array("q", range(start, start + length)))

    def __len__(self) -> int:
        return len(self._positions)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self._positions == other._positions

    def __repr__(self) -> str:
        return f"OffsetMap(len={len(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (OffsetMap, (self._positions,))

    def raw_index(self, index: int) -> int:
        return self._positions[index]

    def positions(self) -> array:
        return self._positions

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw `[start, end)` covering derived `[start, end)`; an empty span maps to a point."""
        if not 0 <= start <= end <= len(self._positions):
            raise IndexError(f"span {start}:{end} outside text of length {len(self._positions)}")
        if start == end:
            point = self._positions[start] if start < len(self._positions) else self._end_point()
            return point, point
        covered = self._positions[start:end]
        return min(covered), max(covered) + 1

    def _end_point(self) -> int:
        return self._positions[-1] + 1 if self._positions else 0

    def slice(self, start: int, end: int) -> OffsetMap:
        return OffsetMap(self._positions[start:end])

    def compose(self, inner: OffsetMap | Sequence[int]) -> OffsetMap:
        """`inner` maps a text derived from this map's text; the result maps it to raw.

        Vectorised, because cleanup composes a map over every character of every page.
        """
        picks = inner._positions if isinstance(inner, OffsetMap) else inner
        own = np.frombuffer(self._positions, dtype=np.int64)
        chosen = own[np.asarray(picks, dtype=np.int64)] if len(picks) else own[:0]
        return OffsetMap(array("q", chosen.tobytes()))

    @classmethod
    def concat(cls, parts: Sequence[OffsetMap]) -> OffsetMap:
        joined = array("q")
        for part in parts:
            joined.extend(part._positions)
        return cls(joined)


@dataclass(slots=True)
class Marker:
    """Page furniture or a layout event that cleanup took out of the text but others need.

    `kind` is e.g. "page_break", "continuation" (`（上接1版）`) or "furniture" (page headers);
    `at` is the position in the cleaned text where it stood; `raw_start`/`raw_end` locate it in raw.
    """

    kind: str
    text: str
    at: int
    raw_start: int
    raw_end: int


@dataclass(slots=True)
class Geometry:
    """Where a printed line stands on a page, for inputs that know it (PDF); text input has none.

    `bbox` is `(x0, y0, x1, y1)` in PDF points on page `page` (0-based); `font_size` in points.
    `role` is what the page's type and place make of the line's block (`headline`, `kicker`,
    `deck`, `body`, `caption`); `paragraph_start` whether a paragraph begins on the line;
    `module` the article module (a headline and the columns it stands over) it is printed in,
    numbered per page.
    """

    page: int
    bbox: tuple[float, float, float, float]
    font_size: float | None = None
    bold: bool | None = None
    role: str | None = None
    paragraph_start: bool | None = None
    module: int | None = None


@dataclass(slots=True)
class PrintedLine:
    """One printed line of the page, as the extractor wrote it and cleanup read it.

    `raw_start`/`raw_end` bound the line's text in `Document.raw` (spaces around it excluded);
    `start`/`end` bound what is left of it in the cleaned text (empty for a line cleanup took
    out). `width` is the printed width in em (`pipeline.typography.printed_widths`), `indent` the
    spaces before it, `blank_before` the blank lines above it. `removed_spaces` are the cleaned
    positions before which cleanup dropped a space: where names in a byline part (`吴夏峰 张晋晋`).
    `bold` says the extractor wrote the line's glyphs twice (fake bold, undone by cleanup).
    """

    raw_start: int
    raw_end: int
    width: float
    indent: int = 0
    blank_before: int = 0
    start: int = 0
    end: int = 0
    removed_spaces: tuple[int, ...] = ()
    geometry: Geometry | None = None
    bold: bool = False


@dataclass(slots=True)
class Block:
    """Printed lines that make one paragraph: lines `first_line` to `end_line - 1`, cleaned `start`..`end`."""

    first_line: int
    end_line: int
    start: int
    end: int


@dataclass(slots=True)
class Layout:
    """The page as printed: its lines in extraction order and the blocks cleanup made of them.

    Cleanup makes it once; segmentation reads it instead of going back to the raw text. A reader
    that knows geometry (PDF) may hand over lines with only raw spans and `geometry` set; cleanup
    keeps each line's geometry in the layout it makes.
    """

    lines: list[PrintedLine] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Token:
    """A word with its part-of-speech tag, offsets into its article's text.

    Whoever segments words first (e.g. the LAC entity backend) leaves them here, so a later
    stage (facts) can use them without running a second segmenter.
    """

    text: str
    start: int
    end: int
    pos: str


@dataclass(slots=True)
class Entity:
    text: str
    label: str
    start: int
    end: int
    source: str = "model"

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Fact:
    text: str
    start: int
    end: int
    value: float | int
    unit: str
    value_max: float | int | None = None
    approx: str | None = None
    subject: str | None = None
    predicate: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "approx": self.approx,
            "subject": self.subject,
            "predicate": self.predicate,
        }


@dataclass(slots=True)
class Article:
    """One record of the output: an article, a photo caption or another page fragment."""

    text: str
    offsets: OffsetMap
    kind: str = "article"
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def source_span(self) -> tuple[int, int]:
        return self.offsets.raw_span(0, len(self.text))


@dataclass(slots=True)
class Failure:
    """Why a document produced no output; reported, never raised past the runner."""

    path: str
    stage: str
    message: str
    detail: str = field(default="", repr=False, compare=False)
    """The traceback, shown with `--debug`."""

    def __str__(self) -> str:
        return f"{self.path}: {self.stage}: {self.message}"


@dataclass(slots=True)
class Document:
    """A document flowing through the stages: raw input, current text and its articles."""

    doc_id: str
    raw: str
    path: str
    text: str
    offsets: OffsetMap
    articles: list[Article] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    failure: Failure | None = None
    layout: Layout | None = None

    @classmethod
    def from_raw(cls, doc_id: str, raw: str, path: str) -> Document:
        """CRLF and lone CR become LF in `text`; offsets still point into `raw`."""
        if "\r" not in raw:
            return cls(doc_id, raw, path, raw, OffsetMap.identity(len(raw)))
        chars: list[str] = []
        positions = array("q")
        for index, char in enumerate(raw):
            if char == "\r":
                if index + 1 < len(raw) and raw[index + 1] == "\n":
                    continue
                char = "\n"
            chars.append(char)
            positions.append(index)
        return cls(doc_id, raw, path, "".join(chars), OffsetMap(positions))

    def ensure_articles(self) -> list[Article]:
        """Without a segmentation stage the whole document is one article."""
        if not self.articles:
            self.articles = [Article(text=self.text, offsets=self.offsets, cues=["whole-document"])]
        return self.articles

    @contextlib.contextmanager
    def guard(self, stage: str) -> Iterator[None]:
        """Turn an exception inside a stage into this document's failure."""
        try:
            yield
        except Exception as error:  # one bad document must not stop the run
            message = str(error).splitlines()[0] if str(error) else ""
            trace = traceback.format_exc()
            self.failure = Failure(self.path, stage, f"{type(error).__name__}: {message}", trace)
