"""A PDF document's raw text: its pages' blocks in reading order, each character mapped to its box.

The text is what the text path's stages read from a clean extraction: one printed line per
line, a blank line between blocks, a headline on a line of its own (its printed lines joined),
pages one after another. A paragraph that runs on from the foot of one column to the head of
the next has no blank line there. Page furniture is left out of the text and kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.pdf.extract import PageContent
from pipeline.pdf.layout import INDENT_EM, Block, Line, PageLayout

NO_PAGE = 0
"""Page number of characters the text adds (line breaks, spaces): they have no box."""
_SENTENCE_END = "。！？…”’」』）)》"
_FULL_LINE_EM = 1.0


@dataclass(slots=True)
class PrintedSpan:
    """One line of the raw text as printed: its raw span, where it stands and what its block is."""

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]
    size: float
    bold: bool
    role: str
    paragraph_start: bool
    module: int


@dataclass(slots=True)
class PdfText:
    """Raw text and, per character, the 1-based page and the box (x0, y0, x1, y1) it was printed in."""

    text: str
    pages: np.ndarray
    boxes: np.ndarray
    page_sizes: list[tuple[float, float]]
    blocks: list[dict] = field(default_factory=list)
    furniture: list[dict] = field(default_factory=list)
    lines: list[PrintedSpan] = field(default_factory=list)


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pages: list[np.ndarray] = []
        self.boxes: list[np.ndarray] = []
        self.length = 0
        self.lines: list[PrintedSpan] = []

    def add(self, text: str, page: int = NO_PAGE, boxes: np.ndarray | None = None) -> None:
        if not text:
            return
        self.parts.append(text)
        self.pages.append(np.full(len(text), page, dtype=np.int32))
        self.boxes.append(boxes if boxes is not None else np.zeros((len(text), 4)))
        self.length += len(text)


def compose_text(layouts: list[PageLayout]) -> PdfText:
    writer = _Writer()
    blocks_out: list[dict] = []
    furniture: list[dict] = []
    previous: Block | None = None
    for layout in layouts:
        for block in layout.blocks:
            if block.role == "furniture":
                furniture.append({"page": block.page, "bbox": _rounded(block.box), "text": block.text()})
                continue
            runs_on = _runs_on(previous, block)
            if writer.length:
                writer.add("\n" if runs_on else "\n\n")
            start = writer.length
            _write_block(writer, layout, block, runs_on)
            blocks_out.append(
                {
                    "page": block.page,
                    "bbox": _rounded(block.box),
                    "role": block.role,
                    "start": start,
                    "end": writer.length,
                }
            )
            previous = block
    text = "".join(writer.parts)
    pages = np.concatenate(writer.pages) if writer.pages else np.zeros(0, dtype=np.int32)
    boxes = np.concatenate(writer.boxes) if writer.boxes else np.zeros((0, 4))
    sizes = [(layout.page.width, layout.page.height) for layout in layouts]
    return PdfText(text, pages, boxes, sizes, blocks_out, furniture, writer.lines)


def _rounded(box: tuple[float, ...]) -> list[float]:
    return [round(value, 1) for value in box]


def _runs_on(previous: Block | None, block: Block) -> bool:
    """A body paragraph cut at a column's foot goes on unindented at the next column's head.

    Where the story's paragraphs open indented, an unindented head goes on the paragraph even
    when the foot's full line ends a sentence: a new paragraph would open indented."""
    if previous is None or previous.role != "body" or block.role != "body" or previous.page != block.page:
        return False
    if len(previous.lines) < 2:
        return False
    if abs(previous.size - block.size) > 0.1 * block.size:
        return False
    last = previous.lines[-1]
    fills = last.box[2] >= previous.right - _FULL_LINE_EM * last.size
    first = block.lines[0]
    unindented = first.box[0] < block.box[0] + 0.5 * first.size
    if not (fills and unindented):
        return False
    if not last.text.endswith(tuple(_SENTENCE_END)):
        return True
    return previous.module == block.module and _opens_indented(previous)


def _opens_indented(block: Block) -> bool:
    """Whether the block's paragraphs open indented (a line in it starts an indent in)."""
    return any(line.box[0] >= block.box[0] + INDENT_EM * 0.8 * line.size for line in block.lines)


def _write_block(writer: _Writer, layout: PageLayout, block: Block, runs_on: bool) -> None:
    """Body lines one per line; the lines of a headline, kicker or deck joined into one."""
    page = layout.page
    if block.role in ("headline", "kicker", "deck", "label"):
        start = writer.length
        for position, line in enumerate(block.lines):
            if position and _needs_space(block.lines[position - 1].text, line.text):
                writer.add(" ")
            _write_line(writer, page, line)
        writer.lines.append(
            PrintedSpan(
                start, writer.length, page.number, block.box, block.size, block.bold, block.role, True, block.module
            )
        )
        return
    for position, line in enumerate(block.lines):
        if position:
            writer.add("\n")
        start = writer.length
        _write_line(writer, page, line)
        starts = block.paragraph_starts[position] and not (position == 0 and runs_on)
        writer.lines.append(
            PrintedSpan(
                start, writer.length, page.number, line.box, line.size, line.bold, block.role, starts, block.module
            )
        )


def _needs_space(before: str, after: str) -> bool:
    """Latin words broken over two lines keep their space."""
    return before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum()


def _write_line(writer: _Writer, page: PageContent, line: Line) -> None:
    boxes = page.boxes[line.chars]
    if " " not in line.text:
        writer.add(line.text, page.number, boxes)
        return
    cursor = 0
    for char in line.text:
        if char == " ":
            writer.add(" ")
        else:
            writer.add(char, page.number, boxes[cursor : cursor + 1])
            cursor += 1
