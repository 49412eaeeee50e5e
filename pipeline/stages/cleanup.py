"""Layout cleanup: PDF-extracted newspaper page text to running paragraphs.

The extracted text of a Chinese newspaper page carries the print layout: one text line per
printed line (often with a blank line after each), justification spaces between characters,
doubled glyphs from fake-bold fonts, half-width punctuation, page headers and continuation
notes. This stage removes those artifacts and decides where paragraphs end, from how columns
are set: a printed line inside a paragraph fills the column, a paragraph's last line ends a
sentence and usually falls short, its first line is about two characters short (the indent
spaces are lost), and headlines are short lines without sentence punctuation.

Every character of the cleaned text keeps the index of the raw character it came from, so later
stages can report raw offsets. Removed page furniture and layout events go to `doc.markers`.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

import numpy as np

from pipeline.registry import Stage, register_stage
from pipeline.types import Document, Marker, OffsetMap

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u2010-\u2027\u2030-\u205e\u3000-\u303f\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CJK = CJK_CHARS + CJK_PUNCT
_SPACES = " \t\u3000\u00a0"

_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[{_SPACES}]+|[{_SPACES}]+(?=[{_CJK}])")
_SPACE_RUN = re.compile(rf"[{_SPACES}]{{2,}}|[\t\u3000\u00a0]")
_HALF_PUNCT_IN_CJK = re.compile(rf"(?<=[{_CJK}])[,;:!?]|[,;:!?](?=[{_CJK}])")
_HALF_PARENS = re.compile(r"\(([^()\n]*)\)")
_HAS_CJK = re.compile(f"[{CJK_CHARS}]")
_FULL_WIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_PUNCT_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

_NUMERAL = "0-9０-９一二三四五六七八九十百零〇"
_CONTINUATION = re.compile(rf"[（(]\s*(?:上接|下转|接上|转|接)第?\s*[{_NUMERAL}]+\s*版\s*[）)]")
_FURNITURE = re.compile(
    r"(?:合办|主办|协办|承办|责任编辑|责编|编辑|美编|校对|版式|组版|审核|终审|值班主任)\s*[：:]"
    rf"|第?\s*[{_NUMERAL}]+\s*版\s*$"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天]"
)
_FURNITURE_MAX_WIDTH = 30

_BLOCK_HEAD = re.compile(
    r"——|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+(?:\.\d+)*[、．.](?!\d)|\d+\.\d+(?:\.\d+)*(?=\D)"
)
_MARK_HEAD = "□■●◆★▲"
_SENTENCE_END = "。！？!?…；;："
_STOPS = "。！？!?；"
_CLOSERS = "”’」』）)》"
_SENTENCE_INSIDE = re.compile("[。！？!?；]")
_INLINE_BREAK = re.compile(rf"(?<=[。！？][{_CLOSERS}])[ \u3000]+(?=\S)|(?<=[。！？])[ \u3000]+(?=\S)")

_PARAGRAPH_LINE_WIDTH = 40.0

_RawMarker = tuple[str, str, int, int]
"""kind, text, start and end in the stage's input text."""
_HEADING_MAX_WIDTH = 32.0
_HEADING_MAX_TOTAL = 40.0
_HEADING_MAX_LINES = 3


@dataclass(frozen=True)
class CleanupOptions:
    """Each layout rule can be switched off; see docs/cleanup.md for what each one does."""

    join_lines: bool = True
    remove_spaces: bool = True
    undouble_glyphs: bool = True
    normalize_punctuation: bool = True
    normalize_width: bool = True
    strip_furniture: bool = True
    column_window: int = 8


@dataclass
class _Line:
    """One printed line: its text, where each character came from, and its layout features."""

    text: str
    positions: array
    newline_at: int
    blank_before: int = 0
    page_start: bool = False
    hard_break_before: bool = False
    markers_before: list[_RawMarker] = field(default_factory=list)
    width: float = 0.0
    spaced: bool = False


def display_width(text: str) -> float:
    """Printed width in em: CJK 1, ASCII and curly quotes 1/2 (as most page fonts set them), spaces 0."""
    spaces = text.count(" ") + text.count("\u3000")
    ascii_chars = len(text.encode("ascii", "ignore"))
    quotes = sum(text.count(quote) for quote in "“”‘’")
    return len(text) - spaces - (ascii_chars - text.count(" ")) * 0.5 - quotes * 0.5


def undouble(text: str) -> list[int] | None:
    """Indices to keep when every space-separated token is a run of doubled chunks (`土豆土豆。。`).

    Fake-bold fonts print each text run twice; the extractor emits both copies. A line counts as
    doubled only when all of it is, and some chunk is longer than one character or there are at
    least three chunks, so real reduplication (`随随便便`, `一串串`, `久久`) is left alone.
    """
    keep: list[int] = []
    chunks = 0
    longest = 0
    for match in re.finditer(r"\S+", text):
        token, offset = match.group(), match.start()
        plan = _square_chunks(token)
        if plan is None:
            return None
        position = 0
        for size in plan:
            keep.extend(range(offset + position, offset + position + size))
            position += 2 * size
            chunks += 1
            longest = max(longest, size)
        if match.end() < len(text) and text[match.end()] in _SPACES:
            keep.append(match.end())
    if chunks == 0 or (longest < 2 and chunks < 3):
        return None
    return sorted(set(keep))


def _square_chunks(token: str) -> list[int] | None:
    """Chunk sizes splitting `token` into consecutive squares `xx`, preferring long chunks."""
    length = len(token)
    if length % 2:
        return None
    plans: list[list[int] | None] = [None] * (length + 1)
    plans[length] = []
    for start in range(length - 2, -1, -2):
        for size in range((length - start) // 2, 0, -1):
            rest = plans[start + 2 * size]
            if rest is not None and token[start : start + size] == token[start + size : start + 2 * size]:
                plans[start] = [size, *rest]
                break
    return plans[0]


@register_stage("cleanup")
class Cleanup(Stage):
    """Undo PDF layout artifacts; the result is one paragraph per line with a raw offset map."""

    Options = CleanupOptions

    def process(self, doc: Document) -> None:
        options: CleanupOptions = self.options
        lines, trailing_markers = self._read_lines(doc.text)
        if options.join_lines:
            paragraphs = _Paragrapher(lines, options.column_window).paragraphs()
        else:
            paragraphs = [[line] for line in lines]
        text, positions, markers = _assemble(paragraphs, trailing_markers)
        text, positions = self._normalize(text, positions)
        doc.markers.extend(_place_markers(markers, positions, doc.offsets))
        doc.offsets = _compose(doc.offsets, positions)
        doc.text = text

    def _read_lines(self, text: str) -> tuple[list[_Line], list[_RawMarker]]:
        """Split into printed lines, taking out furniture and continuation notes as markers."""
        options: CleanupOptions = self.options
        lines: list[_Line] = []
        pending: list[_RawMarker] = []
        blanks = 0
        start = 0
        for raw_line in text.split("\n"):
            end = start + len(raw_line)
            stripped = raw_line.strip(_SPACES)
            if not stripped:
                blanks += 1
                start = end + 1
                continue
            lead = len(raw_line) - len(raw_line.lstrip(_SPACES))
            body_start, body_end = start + lead, start + lead + len(stripped)
            page_start = lead > 0 and (lines or pending)
            if options.strip_furniture:
                kind = _furniture_kind(stripped)
                if kind is not None:
                    if page_start:
                        pending.append(("page_break", "", body_start, body_start))
                    pending.append((kind, stripped, body_start, body_end))
                    if kind == "continuation" and stripped.startswith(("（上接", "(上接", "（接", "(接")):
                        pending.append(("page_break", "", body_start, body_start))
                    start = end + 1
                    continue
            lines.extend(self._split_line(stripped, body_start, end, blanks, bool(page_start), pending))
            pending = []
            blanks = 0
            start = end + 1
        return lines, pending

    def _split_line(
        self,
        stripped: str,
        body_start: int,
        newline_at: int,
        blanks: int,
        page_start: bool,
        markers: list[_RawMarker],
    ) -> list[_Line]:
        """One raw line as one or more `_Line`s: doubled glyphs undone, inline bylines split off."""
        options: CleanupOptions = self.options
        positions = array("q", range(body_start, body_start + len(stripped)))
        text = stripped
        if options.undouble_glyphs and len(text) >= 4 and re.match(r"(.+?)\1", text):
            keep = undouble(text)
            if keep is not None:
                text = "".join(text[i] for i in keep)
                positions = array("q", (positions[i] for i in keep))
        spaced = _is_spaced(text)
        pieces: list[tuple[int, int]] = []
        cut = 0
        if options.join_lines and not spaced:
            for match in _INLINE_BREAK.finditer(text):
                pieces.append((cut, match.start()))
                cut = match.end()
        pieces.append((cut, len(text)))
        result = []
        for number, (a, b) in enumerate(pieces):
            part = text[a:b]
            line = _Line(
                text=part,
                positions=positions[a:b],
                newline_at=newline_at if number == len(pieces) - 1 else positions[b],
                blank_before=blanks if number == 0 else 0,
                page_start=page_start and number == 0,
                hard_break_before=number > 0,
                markers_before=markers if number == 0 else [],
                width=display_width(part),
                spaced=spaced,
            )
            result.append(line)
        return result

    def _normalize(self, text: str, positions: array) -> tuple[str, array]:
        """Character rules on the joined text: spaces, punctuation and width."""
        options: CleanupOptions = self.options
        if options.remove_spaces:
            text, positions = _delete_matches(text, positions, _SPACE_NEAR_CJK)
            text, positions = _collapse_spaces(text, positions)
        if options.normalize_punctuation:
            text = _full_width_punctuation(text)
        if options.normalize_width:
            text = text.translate(_FULL_WIDTH_ALNUM)
        return text, positions


def _furniture_kind(line: str) -> str | None:
    if _CONTINUATION.fullmatch(line):
        return "continuation"
    if display_width(line) <= _FURNITURE_MAX_WIDTH and _FURNITURE.match(line):
        return "furniture"
    return None


def _is_spaced(text: str) -> bool:
    """Justified narrow columns print a space between most characters (`西藏 工 作`)."""
    spaces = text.count(" ")
    return spaces >= 3 and spaces * 10 >= len(text) * 3


class _Paragrapher:
    """Decides for each pair of consecutive printed lines whether a paragraph ends between them."""

    def __init__(self, lines: list[_Line], window: int) -> None:
        self.lines = lines
        self.window = window
        followed_by_blank = sum(1 for line in lines[1:] if line.blank_before)
        self.blank_everywhere = len(lines) > 2 and followed_by_blank >= 0.75 * (len(lines) - 1)
        widths = sorted(line.width for line in lines)
        self.paragraph_lines = bool(widths) and widths[len(widths) // 2] > _PARAGRAPH_LINE_WIDTH
        self.columns = self._column_widths()

    def _column_widths(self) -> list[float]:
        """Local column width of each line, from the body lines around it (not itself).

        Only neighbours about as wide as the line or wider count when there are enough of
        them: that keeps short paragraph ends from pulling the estimate down and lets a line
        next to a change of column width (a new article, a narrow box) be measured against
        its own column.
        """
        lines = self.lines
        body = [i for i, line in enumerate(lines) if _looks_like_body(line)]
        if not body:
            widest = max((line.width for line in lines), default=0.0)
            return [widest] * len(lines)
        body_widths = [lines[i].width for i in body]
        reach = self.window
        columns = []
        pointer = 0
        for index, line in enumerate(lines):
            while pointer < len(body) and body[pointer] < index:
                pointer += 1
            after = pointer + 1 if pointer < len(body) and body[pointer] == index else pointer
            nearby = body_widths[max(0, pointer - reach) : pointer] + body_widths[after : after + reach]
            if not nearby:
                columns.append(line.width)
                continue
            similar = [width for width in nearby if line.width - 1 <= width <= line.width + 3]
            if len(similar) >= 3 and len(similar) * 4 >= len(nearby):
                columns.append(_median(similar))
            else:
                columns.append(_median(nearby))
        return columns

    def paragraphs(self) -> list[list[_Line]]:
        paragraphs: list[list[_Line]] = []
        current: list[_Line] = []
        for index, line in enumerate(self.lines):
            if current and (self._is_deck(current, paragraphs) or self._breaks(current, index)):
                paragraphs.append(current)
                current = []
            current.append(line)
        if current:
            paragraphs.append(current)
        return paragraphs

    @staticmethod
    def _is_deck(current: list[_Line], paragraphs: list[list[_Line]]) -> bool:
        """A `——` line right under a headline is a deck line: one printed line, one paragraph."""
        line = current[0]
        return (
            len(current) == 1
            and line.text.startswith("——")
            and not _SENTENCE_INSIDE.search(line.text)
            and bool(paragraphs)
            and _heading_like(paragraphs[-1])
        )

    def _breaks(self, current: list[_Line], index: int) -> bool:
        """Whether a paragraph ends between `current[-1]` and line `index`."""
        before, after = current[-1], self.lines[index]
        if after.page_start or after.hard_break_before or after.markers_before:
            return True
        if after.text[0] in _MARK_HEAD or before.text[0] in _MARK_HEAD:
            return True
        if _is_parenthesized(after.text) or _closes_parenthesized(current):
            return True
        heading = _heading_like(current)
        ends = _ends_sentence(before.text)
        if _BLOCK_HEAD.match(after.text) and (ends or heading):
            return True
        if self.paragraph_lines:
            if not self.blank_everywhere:
                return True
            return ends or (heading and before.width <= _HEADING_MAX_WIDTH)
        if self.blank_everywhere and not after.blank_before:
            return False
        column = self.columns[index - 1]
        if ends:
            return self._sentence_ends_paragraph(current, index, column)
        if before.spaced:
            return False
        if heading and not _BLOCK_HEAD.match(current[0].text) and self._heading_continues(index):
            return False
        if len(current) == 1:
            return heading and self._first_line_is_heading(current[0], index, max(column, self.columns[index]))
        return before.width <= column - 3

    def _sentence_ends_paragraph(self, current: list[_Line], index: int, column: float) -> bool:
        """A line ending a sentence ends its paragraph when it falls short or the next is indented."""
        before, after = current[-1], self.lines[index]
        if after.blank_before and not self.blank_everywhere:
            return True
        if self._starts_heading(index):
            return True
        if before.width <= column - 1.5 and not before.spaced:
            indent_only = len(current) == 1 and before.width >= column - 3.5 and self._full(index)
            return not indent_only
        return self._indented(index)

    def _first_line_is_heading(self, line: _Line, index: int, column: float) -> bool:
        """A paragraph's first line without sentence punctuation, too short even for an indent."""
        after = self.lines[index]
        if not self.blank_everywhere and not after.blank_before:
            return False
        if line.width <= column - 3.5 and ("，" not in line.text or _BLOCK_HEAD.match(line.text)):
            return True
        return (
            line.width <= column - 1.5
            and _no_punctuation(line.text)
            and _no_punctuation(after.text)
            and after.width <= column - 1.5
        )

    def _heading_continues(self, index: int) -> bool:
        """A headline set on several short lines, with running text after it, is one paragraph."""
        lines = self.lines
        after = lines[index]
        if index + 1 >= len(lines) or (after.blank_before and not self.blank_everywhere):
            return False
        column = self.columns[index]
        if _SENTENCE_INSIDE.search(after.text) or after.width > column - 2.5:
            return False
        if after.width > column - 3.5 and "，" in after.text:
            return False
        following = lines[index + 1]
        return _looks_like_body(following) and not (following.page_start or following.markers_before)

    def _starts_heading(self, index: int) -> bool:
        """In pages with a blank line after every line, a headline's lines are printed together."""
        if not self.blank_everywhere or index + 1 >= len(self.lines):
            return False
        line, following = self.lines[index], self.lines[index + 1]
        return (
            not following.blank_before
            and not _SENTENCE_INSIDE.search(line.text)
            and line.width <= self.columns[index] - 3.5
        )

    def _full(self, index: int) -> bool:
        line = self.lines[index]
        return line.spaced or line.width >= self.columns[index] - 1

    def _indented(self, index: int) -> bool:
        """A first line about two characters short that continues to the next line."""
        line = self.lines[index]
        if line.spaced or _ends_sentence(line.text):
            return False
        column = self.columns[index]
        return column - 3.5 <= line.width <= column - 1.5


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _looks_like_body(line: _Line) -> bool:
    return line.width >= 5 and any(mark in line.text for mark in "，。、；")


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    if not stripped:
        return False
    if len(stripped) < len(text) and text[-1] in "）)" and stripped[-1] not in _STOPS:
        return False
    return stripped[-1] in _SENTENCE_END


def _heading_like(current: list[_Line]) -> bool:
    """Short and without sentence punctuation: a headline, kicker or subhead, not running text."""
    if len(current) > _HEADING_MAX_LINES or sum(line.width for line in current) > _HEADING_MAX_TOTAL:
        return False
    if current[-1].text.endswith(("，", "、", ",")):
        return False
    return not any(_SENTENCE_INSIDE.search(line.text) for line in current)


def _no_punctuation(text: str) -> bool:
    return not any(mark in text for mark in "，。、；：！？,;:!?")


def _is_parenthesized(text: str) -> bool:
    """A whole line in parentheses: a byline, dateline or note (`（王艳）`)."""
    if text[0] not in "（(" or text[-1] not in "）)":
        return False
    depth = 0
    for position, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
            if depth == 0 and position < len(text) - 1:
                return False
    return depth == 0


def _closes_parenthesized(current: list[_Line]) -> bool:
    first, last = current[0].text, current[-1].text
    if first[0] not in "（(" or last[-1] not in "）)":
        return False
    return _is_parenthesized("".join(line.text for line in current))


def _assemble(paragraphs: list[list[_Line]], trailing_markers: list[_RawMarker]) -> tuple[str, array, list[_RawMarker]]:
    """Join lines into paragraphs separated by `\\n`, mapped to the raw newline or split point."""
    parts: list[str] = []
    positions = array("q")
    markers: list[_RawMarker] = []
    for number, paragraph in enumerate(paragraphs):
        head = paragraph[0]
        if number:
            parts.append("\n")
            previous = paragraphs[number - 1][-1]
            positions.append(head.positions[0] - 1 if head.hard_break_before else previous.newline_at)
        for line in paragraph:
            markers.extend(line.markers_before)
            if line.page_start:
                markers.append(("page_break", "", line.positions[0], line.positions[0]))
            parts.append(line.text)
            positions.extend(line.positions)
    markers.extend(trailing_markers)
    return "".join(parts), positions, markers


def _delete_matches(text: str, positions: array, pattern: re.Pattern[str]) -> tuple[str, array]:
    kept_text: list[str] = []
    kept = array("q")
    cut = 0
    for match in pattern.finditer(text):
        if "\n" in match.group():
            continue
        kept_text.append(text[cut : match.start()])
        kept.extend(positions[cut : match.start()])
        cut = match.end()
    if cut == 0:
        return text, positions
    kept_text.append(text[cut:])
    kept.extend(positions[cut:])
    return "".join(kept_text), kept


def _collapse_spaces(text: str, positions: array) -> tuple[str, array]:
    """Runs of spaces between Latin words or numbers become one space."""
    kept_text: list[str] = []
    kept = array("q")
    cut = 0
    for match in _SPACE_RUN.finditer(text):
        kept_text.append(text[cut : match.start()])
        kept.extend(positions[cut : match.start()])
        kept_text.append(" ")
        kept.append(positions[match.start()])
        cut = match.end()
    if cut == 0:
        return text, positions
    kept_text.append(text[cut:])
    kept.extend(positions[cut:])
    return "".join(kept_text), kept


def _full_width_punctuation(text: str) -> str:
    """Half-width `,;:!?()` next to Chinese text become full-width (same length, same offsets)."""
    text = _HALF_PUNCT_IN_CJK.sub(lambda m: _PUNCT_TO_FULL[m.group()], text)

    def parens(match: re.Match[str]) -> str:
        start, end = match.span()
        context = text[max(0, start - 1) : end + 1]
        if _HAS_CJK.search(context):
            return f"（{match.group(1)}）"
        return match.group()

    return _HALF_PARENS.sub(parens, text)


def _place_markers(markers: list[_RawMarker], positions: array, offsets: OffsetMap) -> list[Marker]:
    """A marker stands before the first cleaned character that comes from after it."""
    cleaned = np.frombuffer(positions, dtype=np.int64) if len(positions) else np.zeros(0, dtype=np.int64)
    raw = offsets.positions()
    result = []
    for kind, text, start, end in markers:
        at = int(np.searchsorted(cleaned, start))
        raw_start = raw[start] if start < len(raw) else len(raw)
        raw_end = raw[end - 1] + 1 if end > start else raw_start
        result.append(Marker(kind=kind, text=text, at=at, raw_start=raw_start, raw_end=raw_end))
    return result


def _compose(outer: OffsetMap, inner: array) -> OffsetMap:
    """`outer.compose(inner)` without a Python loop per character."""
    if not len(inner):
        return OffsetMap(array("q"))
    own = np.frombuffer(outer.positions(), dtype=np.int64)
    taken = own[np.frombuffer(inner, dtype=np.int64)]
    return OffsetMap(array("q", taken.tobytes()))
