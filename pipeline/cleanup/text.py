"""Layout cleanup: PDF-extracted newspaper page text to running paragraphs.

The extracted text of a Chinese newspaper page carries the print layout: one text line per
printed line (often with a blank line after each), justification spaces between characters,
doubled glyphs from fake-bold fonts, half-width punctuation, page headers and continuation
notes. Cleanup removes those artifacts and decides where paragraphs end, from how columns
are set: a printed line inside a paragraph fills the column, a paragraph's last line ends a
sentence and usually falls short, its first line is about two characters short (the indent
spaces are lost), and headlines are short lines without sentence punctuation.

Every character of the cleaned text keeps the index of the raw character it came from, so later
stages can report raw offsets. Removed page furniture and layout events go to `doc.markers`,
the printed lines and paragraphs to `doc.layout`. Page credits, mastheads, jump notes and byline
forms come from the paper's profile (`pipeline/profiles/`); each rule is named in `RULES`.
The work per line is a handful of string methods; widths, column estimates and the offset map
are computed with numpy over the whole document, so the cost grows linearly with its size.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Protocol

import numpy as np

from pipeline.cleanup.order import column_order, deinterleaved, merged_rows
from pipeline.names import cut_names, run_in_name
from pipeline.profiles import Profile
from pipeline.types import Block, Document, Geometry, Layout, Marker, OffsetMap, PrintedLine
from pipeline.typography import (
    BLOCK_MARKS,
    CJK,
    CJK_IDEOGRAPHS,
    CLOSING_MARKS,
    CLOSING_PARENS,
    COLONS,
    COUNTING_NUMERALS,
    DIGITS,
    FULL_STOPS,
    FULL_TO_HALF_OFFSET,
    FULL_WIDTH_ALNUM,
    HALF_TO_FULL_PUNCTUATION,
    NUMBERING_NUMERALS,
    OPENING_PARENS,
    PROSE_MARKS,
    SEMICOLONS,
    SENTENCE_ENDS,
    SERIAL_COMMA,
    SPACES,
    cjk_mask,
    has_running_text_mark,
    printed_widths,
    space_mask,
)

_CJK_CHAR = re.compile(f"[{CJK}]")
_HALF_PUNCT = re.compile("[,;:!?]")
_HALF_PARENS = re.compile(r"\(([^()\n]*)\)")
_HAS_CJK = re.compile(f"[{CJK_IDEOGRAPHS}]")
_FULL_WIDTH_ALNUM = re.compile(f"[{FULL_WIDTH_ALNUM}]+")
_LETTER_SPACED_RUN = re.compile(r"(?<!\S)\S(?: \S(?!\S)){3,}")
"""Four or more single characters one space apart (`新 华 社 西 宁 1 0 月`): a letter-spaced line."""
_FULL_WIDTH_NUMBER_MARKS = re.compile(r"％|(?<=\d)．(?=\d)")

_NUMERAL = DIGITS + NUMBERING_NUMERALS
_PAGE_LABEL = rf"第?\s*[{_NUMERAL}]+\s*版\s*$"
_DATE_WEEKDAY = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天](?=\s|$)"
_PAGE_NUMBER_MAX_DIGITS = 3
_SPREAD_CJK = re.compile(f"(?<=[{CJK_IDEOGRAPHS}])[{SPACES}]+(?=[{CJK_IDEOGRAPHS}])")
"""Spaces a header spreads between Chinese characters (`工 人 日 报`)."""
_BYLINE_MAX_CHARS = 24
_NAMES_PER_LINE_MAX = 3
_INDENTS_MIN = 3
_LINES_PER_INDENT_MAX = 20
"""Paragraph indents kept as spaces come at least this often (in printed lines); page starts far less."""

_DOUBLED_START = re.compile(r"(\S+?)\1")
_DOUBLED_MIN_CHARS = 4
_DOUBLED_START_MIN_PAIRS = 3
_DOUBLED_MAX_CHARS = 200
_INLINE_BREAK = re.compile(
    rf"(?<=[{FULL_STOPS}][{CLOSING_MARKS}])[ \u3000]+(?=[^\s\d０-９])|(?<=[{FULL_STOPS}])[ \u3000]+(?=[^\s\d０-９])"
)
"""A space after a sentence end before a byline or credit; one before a figure is a stray space in the sentence."""
_QUANTITY_AFTER = "[\\s%‰万亿千百]|元|倍|吨|亩|米|公里|公顷|平方|立方|公斤|千克|毫升|个百分点|小时|岁"
"""What follows a decimal number in a quantity (`18.6 万亩`, `26.8%`, `2.5倍`), never a section title."""
_BLOCK_HEAD = re.compile(
    rf"——|[{COUNTING_NUMERALS}]+、|[（(][{COUNTING_NUMERALS}]+[）)]|\d+(?:\.\d+)*[、．.](?!\d)"
    rf"|\d+(?:\.\d+){{2,}}|\d+\.\d+(?!{_QUANTITY_AFTER})(?=[^\d.])"
)
_SENTENCE_END = SENTENCE_ENDS + COLONS
"""A line ending with these ends a sentence (a full-width colon announces what follows)."""
_STOPS = FULL_STOPS + SEMICOLONS
_SENTENCE_INSIDE = re.compile(f"[{_STOPS}]")
_PROSE_MARK = re.compile(f"[{PROSE_MARKS}]")
_CLOSING_BYLINE = re.compile(r"[。！？；”][（(][^（）()，。]{2,16}[）)]$")
"""`…的实事。（李明）`: a sentence end and names in parentheses close an article at a line's end."""

_FILLS = 1.0
"""A line this close to the column width (in em) fills it."""
_SHORT = 1.5
"""A line this much or more under the column does not fill it."""
_INDENT = 3.5
"""An indented first line (two characters of indent lost, plus slack) is at most this much short."""
_HEADING_SHORT = 2.5
"""A further line of a headline set over several lines is at least this much short."""
_UNPUNCTUATED_END = 3.0
"""A line inside a paragraph that ends no sentence ends the paragraph when this much short."""
_COLUMN_MIN_LINES = 3
"""Lines stopping mid-sentence at the column width that show a page without blank lines is set in columns."""
_WIDEST_COLUMN = 40.0
"""No newspaper column is wider (in em)."""
_WIDER_THAN_COLUMN = 2.0
"""A line this many times as wide as the column around it cannot be one of its lines."""
_HEADING_MAX_WIDTH = 32.0
_HEADING_MAX_TOTAL = 40.0
_HEADING_MAX_LINES = 3

_RawMarker = tuple[str, str, int, int]
"""kind, text, start and end in the stage's input text."""


RULES = {
    "second_copy_lines": "a line printed again right under itself is a fake-bold copy",
    "spread_doubled_runs": "a justified line of doubled runs is undoubled without its spaces",
    "masthead": "lines of paper name, date, weekday, page, section and labelled items are furniture",
    "brief_labels": "the label of a box of briefs alone on a line (`简讯`) is taken out",
    "page_number": "a number alone on a line is a page number",
    "bold_lines": "a fake-bold line (undoubled) is a paragraph of its own: running text is not set in bold",
    "byline_lines": "a line of role words, posts and names is a paragraph of its own",
    "run_in_posts": "a post run into a name (`…局长刘仲藜`) is a byline line of its own",
    "name_lines": "a line of names under a headline line and over running text is a paragraph of its own",
    "leading_jump_notes": "a jump note opening a line of text is taken out of it",
    "inline_bylines": "a sentence end, a space and more text on a line: a byline follows",
    "deck_lines": "a `——` line right under a headline is one paragraph",
    "headline_boxes": "a box of one to three short lines without punctuation is a headline, not the text above",
    "block_heads": "a numbered or `——` head after a sentence end starts a paragraph",
    "paragraph_indents": "frequent lines starting with spaces are paragraph indents, not page starts",
    "merged_columns": "a line of pieces a column wide, spaces between, is a row of columns: read column by column",
    "deinterleave_columns": "two columns written one line of each in turn are read one column after the other",
    "lead_lines": "a line opening with a lead (`本报讯`) is running text; a spaced line under it goes on",
    "byline_ends": "a line ending in a sentence end and names in parentheses (`…实事。（李明）`) ends its paragraph",
    "credit_ends": "a line ending in a photo credit (`王新庆 摄`) ends its paragraph: a credit closes a caption",
    "bold_line_starts": "glyphs printed twice at a line's start (`本本报报讯讯`) are a bold lead word, undoubled",
    "full_width_grid": "a space next to a full-width digit or letter is layout space: they sit on the character grid",
    "letter_spaced_runs": "four or more single characters one space apart, Chinese among them: every space is layout",
    "number_marks": "a full-width `％` and a full-width `．` between digits print as `%` and `.` (docs/gold.md)",
}
"""The named layout rules; `disable = [...]` switches them off (benchmarks/rule_ablation.py)."""


class Conventions:
    """The page furniture and jump notes of a paper, as patterns built from its profile."""

    def __init__(self, profile: Profile, disable: frozenset[str] = frozenset()) -> None:
        self.disabled = disable
        jumps = "|".join(
            sorted(profile.words("jumps", "continued_from") + profile.words("jumps", "continued_to"), key=len)[::-1]
        )
        self.continuation = re.compile(rf"[（(]\s*(?:{jumps})第?\s*[{_NUMERAL}]+\s*版\s*[）)]")
        prefixes = profile.alternation("furniture", "credit_label_prefixes")
        labels = profile.alternation("furniture", "credit_labels")
        self.furniture = re.compile(rf"(?:{prefixes})?(?:{labels})\s*[：:]|{_PAGE_LABEL}|{_DATE_WEEKDAY}")
        self.furniture_max_chars = profile.number("furniture", "max_chars")
        numeral = f"[{_NUMERAL}]"
        paper = rf"[{CJK_IDEOGRAPHS}]{{1,8}}(?:{profile.alternation('furniture', 'paper_name_suffixes')})"
        date = r"\d{4}\s*[.年/-]\s*\d{1,2}\s*[.月/-]\s*\d{1,2}\s*日?"
        labelled = rf"[（(]?(?:{profile.alternation('furniture', 'masthead_labels')})[：:]?[^\s（）()]*[）)]?"
        strong = rf"{date}|星期[一二三四五六日天]|第\s*{numeral}+\s*[版号期]|{numeral}+\s*版|{labelled}"
        weak = rf"{paper}|{profile.alternation('furniture', 'sections')}|\d{{1,3}}"
        token = rf"(?:{strong}|{weak})"
        self.masthead = re.compile(rf"{token}(?:[\s·|｜]*{token})*")
        self.masthead_strong = re.compile(strong)
        self.role = re.compile(rf"(?:{profile.alternation('bylines', 'reporter_roles')})+")
        self.name = re.compile(rf"[{CJK_IDEOGRAPHS}]{{2,4}}")
        self.names = re.compile(rf"[{CJK_IDEOGRAPHS}]{{2,4}}(?:[{SERIAL_COMMA}·][{CJK_IDEOGRAPHS}]{{2,4}})*")
        self.organisation_suffixes = profile.words("names", "organisation_suffixes")
        self.title_suffixes = profile.words("names", "title_suffixes")
        self.surnames = frozenset(profile.text("names", "surnames"))
        self.brief_labels = frozenset(profile.words("briefs", "labels"))
        self.signatures = frozenset(profile.words("bylines", "signatures"))
        self.leads = profile.lead_patterns()
        credit = re.escape(profile.text("bylines", "credit_suffix"))
        self.credit_end = re.compile(rf"(?:^|[\s（(。！？；])[^\s。，、；（）()]{{2,12}}\s*{credit}[）)]?$")
        self.new_page_continuations = tuple(
            f"{paren}{word}" for word in profile.words("jumps", "continued_from") for paren in OPENING_PARENS
        )

    def is_byline(self, line: str) -> bool:
        """A line of role words, posts and names only (`本报记者 施明慎`, `中阳镇党委 刘小明`).

        It is a paragraph of its own, whatever its width: under a headline it is the author line,
        not the headline's last line. A role word, or a post (a token ending in an organisation
        suffix) before a name, must be there; a bare name could be a headline's last word.
        """
        if "byline_lines" in self.disabled or len(line) > _BYLINE_MAX_CHARS or has_running_text_mark(line):
            return False
        if "".join(line.split()) in self.signatures:
            return True
        tokens = line.split()
        first = self.role.match(tokens[0]) if tokens else None
        if first is not None:
            tokens[0] = tokens[0][first.end() :]
            tokens = [token for token in tokens if token]
            return bool(tokens) and all(
                self.names.fullmatch(token) or cut_names(token, self.surnames) for token in tokens
            )
        if len(tokens) == 1 and "run_in_posts" not in self.disabled:
            return run_in_name(tokens[0], self.surnames, self.title_suffixes + self.organisation_suffixes) is not None
        return (
            len(tokens) >= 2
            and tokens[0].endswith(self.organisation_suffixes)
            and all(self.name.fullmatch(token) for token in tokens[1:])
        )

    def opens_with_lead(self, line: str) -> bool:
        """`本报讯 …`, `新华社北京1月1日电（记者 …`: a line that only ever opens running text."""
        return "lead_lines" not in self.disabled and any(pattern.match(line) for pattern in self.leads)

    def leading_jump(self, line: str) -> tuple[str, int] | None:
        """A jump note opening a line of text (`（上接第1版）去年5月…`): the note and where the text starts."""
        match = self.continuation.match(line)
        if match is None or match.end() == len(line):
            return None
        rest = len(line) - len(line[match.end() :].lstrip(SPACES))
        return match.group(), rest

    def is_name_line(self, line: str) -> bool:
        """One to three names of two to four characters, each starting with a common surname (`余清楚`).

        Under a headline line and over running text such a line is the writer's name; the caller
        checks that context, since a name alone can also be a headline (`徐虎`).
        """
        tokens = line.split()
        return 1 <= len(tokens) <= _NAMES_PER_LINE_MAX and all(
            self.name.fullmatch(token) and token[0] in self.surnames for token in tokens
        )

    def furniture_kind(self, line: str, page_top: bool) -> str | None:
        """`continuation` for a jump note, `furniture` for a page credit, header or masthead line.

        A number alone is a page number, read as cleanup prints it (`1 １` is `1１`). A line made only of
        masthead items (paper name, date, weekday, page, section, labelled item) is a header when
        it holds a date, weekday, page or
        labelled item, and at the top of a page, before any running text, also without one
        (`人民日报`, `要闻`); further down such a line could be a kicker.
        """
        if self.continuation.fullmatch(line):
            return "continuation"
        if len(line) > self.furniture_max_chars:
            return None
        line = _SPREAD_CJK.sub("", line)
        if "brief_labels" not in self.disabled and line in self.brief_labels:
            return "brief_label"
        if self.furniture.match(line):
            return "furniture"
        if "page_number" not in self.disabled and _is_page_number(line, "full_width_grid" not in self.disabled):
            return "furniture"
        if "masthead" in self.disabled or not self.masthead.fullmatch(line):
            return None
        if self.masthead_strong.search(line) or (page_top and _HAS_CJK.search(line)):
            return "furniture"
        return None


class CleanupSettings(Protocol):
    """The switches cleanup reads (the `cleanup` stage's options, docs/cleanup.md)."""

    join_lines: bool
    remove_spaces: bool
    undouble_glyphs: bool
    normalize_punctuation: bool
    normalize_width: bool
    strip_furniture: bool
    column_window: int


def undouble(text: str, spread: bool = True) -> list[int] | None:
    """Indices to keep when every space-separated token is a run of doubled chunks (`土豆土豆。。`).

    Fake-bold fonts print each text run twice; the extractor emits both copies. A line counts as
    doubled only when all of it is, and some chunk is longer than one character or there are at
    least three chunks, so real reduplication (`随随便便`, `一串串`, `久久`) is left alone. What is
    left must be Chinese text that is not doubled itself (`2020` or `哈哈哈哈` alone stay as printed).
    A justified headline spreads the copies with spaces that do not fall between them
    (`时 光时 光 倒 流 年倒 流 年`): such a line is read again without its spaces.
    """
    keep = _undouble_tokens(text)
    if keep is None and spread and " " in text:
        glyphs = [index for index, char in enumerate(text) if not char.isspace()]
        inner = _undouble_tokens("".join(text[index] for index in glyphs))
        keep = None if inner is None else [glyphs[index] for index in inner]
    return keep


def _undouble_tokens(text: str) -> list[int] | None:
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
        if match.end() < len(text):
            keep.append(match.end())
    if chunks == 0 or (longest < 2 and chunks < 3):
        return None
    kept = "".join(text[i] for i in keep)
    if not _HAS_CJK.search(kept) or (_DOUBLED_START.match(kept) and undouble(kept) is not None):
        return None
    return keep


def _doubled_start(line: str) -> int:
    """How many glyphs at the start of `line` are each printed twice (`本本报报讯讯` gives 3), else 0.

    Papers set the lead word in bold (`本报讯`, `新华社`); a fake-bold font prints each of its
    glyphs twice while the running text after it is printed once. Three doubled glyphs in a row
    (two are ordinary reduplication: `常常`, `明明白白`) at a line's start mark it.
    """
    pairs = 0
    while 2 * pairs + 1 < len(line) and line[2 * pairs] == line[2 * pairs + 1] and _HAS_CJK.match(line[2 * pairs]):
        pairs += 1
    return pairs if pairs >= _DOUBLED_START_MIN_PAIRS else 0


def _square_chunks(token: str) -> list[int] | None:
    """Chunk sizes splitting `token` into consecutive squares `xx`, preferring long chunks."""
    plans: dict[int, list[int] | None] = {len(token): []}

    def plan(start: int) -> list[int] | None:
        if start in plans:
            return plans[start]
        found = None
        limit = start + (len(token) - start) // 2
        sizes = []
        middle = token.find(token[start], start + 1, limit + 1)
        while middle != -1:
            sizes.append(middle - start)
            middle = token.find(token[start], middle + 1, limit + 1)
        for size in reversed(sizes):
            if token.startswith(token[start : start + size], start + size):
                rest = plan(start + 2 * size)
                if rest is not None:
                    found = [size, *rest]
                    break
        plans[start] = found
        return found

    if len(token) % 2:
        return None
    return plan(0)


class _Page:
    """The printed lines of a document, blank lines and furniture taken out, as parallel lists.

    A line is `texts[i]`; its characters come from `starts[i]` on in the input, except for
    lines in `segments` (undoubled lines), whose characters come from several runs. Lines are
    put in reading order (`deinterleave_columns`) unless `in_order`: a reader that placed each
    line from the page's geometry (PDF) already wrote them in reading order.
    """

    def __init__(self, text: str, options: CleanupSettings, conventions: Conventions, in_order: bool = False) -> None:
        self.texts: list[str] = []
        self.starts: list[int] = []
        self.newlines: list[int] = []
        self.blank_before: list[int] = []
        self.indents: list[int] = []
        self.bold: list[bool] = []
        self.bold_start: list[bool] = []
        self.page_start: list[bool] = []
        self.indent_start: list[bool] = []
        self.split_before: list[bool] = []
        self.segments: dict[int, list[tuple[int, int]]] = {}
        self.markers_before: dict[int, list[_RawMarker]] = {}
        self.trailing_markers: list[_RawMarker] = []
        self._read(text, options, conventions)
        if options.join_lines and not in_order and "merged_columns" not in conventions.disabled:
            self._split_merged_rows(conventions)
        if options.join_lines and not in_order and "deinterleave_columns" not in conventions.disabled:
            lines = range(len(self.texts))
            self._reorder(
                deinterleaved(
                    self.texts, [not bold for bold in self.bold], [index in self.markers_before for index in lines]
                )
            )
        self.spaced = [_is_spaced(line) for line in self.texts]
        if options.join_lines and "inline_bylines" not in conventions.disabled:
            self._split_inline_bylines()

    def _read(self, text: str, options: CleanupSettings, conventions: Conventions) -> None:
        """Printed lines with where they start, blank lines before them, and markers before them."""
        raw_lines = text.split("\n")
        line_starts = list(accumulate((len(line) + 1 for line in raw_lines), initial=0))
        stripped = [line.strip(SPACES) for line in raw_lines]
        printed = [number for number, line in enumerate(stripped) if line]
        if not printed:
            return
        leads = {number: raw_lines[number].find(stripped[number][0]) for number in printed}
        opening = printed[0]
        furniture = {}
        if options.strip_furniture:
            prose = next((n for n in printed if _PROSE_MARK.search(stripped[n])), len(raw_lines))
            furniture = {
                number: kind
                for number in printed
                if (kind := conventions.furniture_kind(stripped[number], page_top=number < prose))
            }
        if options.undouble_glyphs and "second_copy_lines" not in conventions.disabled:
            furniture.update(dict.fromkeys(_second_copies(printed, stripped), "fake_bold"))
        kept = [number for number in printed if number not in furniture] if furniture else printed
        notes = {}
        if options.strip_furniture and "leading_jump_notes" not in conventions.disabled:
            notes = {number: note for number in kept if (note := conventions.leading_jump(stripped[number]))}
        for number, (_, skip) in notes.items():
            stripped[number] = stripped[number][skip:]
        blanks_upto = list(accumulate((not line for line in stripped), initial=0))
        self.texts = [stripped[number] for number in kept]
        self.starts = [line_starts[number] + leads[number] + notes.get(number, ("", 0))[1] for number in kept]
        self.indents = [leads[number] for number in kept]
        self.newlines = [line_starts[number] + len(raw_lines[number]) for number in kept]
        self.blank_before = [
            blanks_upto[number] - blanks_upto[previous + 1]
            for previous, number in zip([-1, *kept][: len(kept)], kept, strict=True)
        ]
        indented = {
            number
            for number in printed
            if leads[number] > 0 and number != opening and not _continues_above(number, printed, stripped, conventions)
        }
        indents = "paragraph_indents" not in conventions.disabled and _indents_paragraphs(
            sorted(indented), printed, stripped
        )
        self.page_start = [number in indented and not indents for number in kept]
        self.indent_start = [number in indented and indents for number in kept]
        self.split_before = [False] * len(kept)
        copied = {number - 1 for number, kind in furniture.items() if kind == "fake_bold"}
        self.bold = [number in copied for number in kept]
        self.bold_start = [False] * len(kept)
        for number, kind in furniture.items():
            line, start = stripped[number], line_starts[number] + leads[number]
            found = self.markers_before.setdefault(bisect.bisect_left(kept, number), [])
            if number in indented and not indents:
                found.append(("page_break", "", start, start))
            found.append((kind, line, start, start + len(line)))
            if kind == "continuation" and line.startswith(conventions.new_page_continuations):
                found.append(("page_break", "", start, start))
        for number, (note, _) in notes.items():
            start = line_starts[number] + leads[number]
            found = self.markers_before.setdefault(bisect.bisect_left(kept, number), [])
            found.append(("continuation", note, start, start + len(note)))
            if note.startswith(conventions.new_page_continuations):
                found.append(("page_break", "", start, start))
        self.trailing_markers = self.markers_before.pop(len(kept), [])
        if options.undouble_glyphs:
            self._undouble(conventions)

    def _reorder(self, order: list[int]) -> None:
        """Put the lines in reading order; a line keeps its characters, markers stay before the run."""
        if order == sorted(order):
            return
        for name in (
            "texts",
            "starts",
            "newlines",
            "blank_before",
            "indents",
            "bold",
            "bold_start",
            "page_start",
            "indent_start",
            "split_before",
        ):
            values = getattr(self, name)
            setattr(self, name, [values[index] for index in order])
        self.segments = {new: self.segments[old] for new, old in enumerate(order) if old in self.segments}

    def _undouble(self, conventions: Conventions) -> None:
        """Undo fake-bold lines; their characters then come from several runs of the input."""
        for index, line in enumerate(self.texts):
            if _DOUBLED_MIN_CHARS <= len(line) <= _DOUBLED_MAX_CHARS and _DOUBLED_START.match(line.replace(" ", "")):
                keep = undouble(line, spread="spread_doubled_runs" not in conventions.disabled)
                if keep is not None:
                    self.texts[index] = "".join(line[i] for i in keep)
                    self.bold[index] = True
                    self.segments[index] = _runs([self.starts[index] + i for i in keep])
                    continue
            pairs = 0 if "bold_line_starts" in conventions.disabled else _doubled_start(line)
            if pairs:
                keep = [*range(0, 2 * pairs, 2), *range(2 * pairs, len(line))]
                self.texts[index] = "".join(line[i] for i in keep)
                self.segments[index] = _runs([self.starts[index] + i for i in keep])
                self.bold_start[index] = True

    def _split_merged_rows(self, conventions: Conventions) -> None:
        """Cut lines holding a row of neighbouring columns into the columns' lines, read column by column.

        A line opening with a lead (`本报广州1月10日讯 记者李刚 赵明报道：…`) keeps its spaces: a lead's
        space is part of its form, and a short page gives too few lines to tell it from a gutter.
        """
        self.spaced = [_is_spaced(line) for line in self.texts]
        eligible = [
            not (spaced or bold or conventions.opens_with_lead(line))
            for line, spaced, bold in zip(self.texts, self.spaced, self.bold, strict=True)
        ]
        rows = merged_rows(self.texts, eligible)
        counts = [max(1, len(pieces)) for pieces in rows]
        fixed = [index in self.markers_before for index in range(len(rows))]
        for index in range(1, len(rows)):
            if counts[index] > 1 and counts[index - 1] > 1 and not fixed[index]:
                self.blank_before[index] = 0
        for index in reversed(range(len(rows))):
            if rows[index]:
                self._replace_line(index, rows[index], piece_of_line=False)
        self._reorder(column_order(counts, fixed))

    def _split_inline_bylines(self) -> None:
        """A sentence end, a space, then more text on one printed line: a byline or credit follows.

        `古长城晨景。 （新华社发 刘满仓 摄）`: the space after the full stop is layout, not text, so
        the credit becomes a line of its own (and so a paragraph of its own).
        """
        for index in reversed(range(len(self.texts))):
            line = self.texts[index]
            if self.spaced[index] or (" " not in line and "\u3000" not in line):
                continue
            cuts = [(match.start(), match.end()) for match in _INLINE_BREAK.finditer(line)]
            if not cuts:
                continue
            pieces = []
            previous_end = 0
            for cut_start, cut_end in cuts:
                pieces.append((previous_end, cut_start))
                previous_end = cut_end
            pieces.append((previous_end, len(line)))
            self._replace_line(index, pieces)

    def _replace_line(self, index: int, pieces: list[tuple[int, int]], piece_of_line: bool = True) -> None:
        """Put the pieces of line `index` in its place, each a line of its own.

        `piece_of_line`: the pieces stay one printed line in the layout (a credit after its caption
        line); otherwise each is a printed line of its own (a column's line).
        """
        line, newline = self.texts[index], self.newlines[index]
        positions = [position for start, length in self.line_runs(index) for position in range(start, start + length)]
        added = len(pieces) - 1
        self.segments = {(i + added if i > index else i): runs for i, runs in self.segments.items() if i != index}
        self.markers_before = {(i + added if i > index else i): found for i, found in self.markers_before.items()}
        for number, (a, b) in enumerate(pieces):
            runs = _runs(positions[a:b])
            if len(runs) > 1:
                self.segments[index + number] = runs
        self.texts[index : index + 1] = [line[a:b] for a, b in pieces]
        self.starts[index : index + 1] = [positions[a] for a, _ in pieces]
        self.newlines[index : index + 1] = [*(positions[b] for _, b in pieces[:-1]), newline]
        self.blank_before[index + 1 : index + 1] = [0] * added
        self.indents[index + 1 : index + 1] = [0] * added
        self.bold[index + 1 : index + 1] = [self.bold[index]] * added
        self.bold_start[index + 1 : index + 1] = [False] * added
        self.page_start[index + 1 : index + 1] = [False] * added
        self.indent_start[index + 1 : index + 1] = [False] * added
        self.split_before[index + 1 : index + 1] = [piece_of_line] * added
        self.spaced[index + 1 : index + 1] = [False] * added

    def line_runs(self, index: int) -> list[tuple[int, int]]:
        """Where the characters of line `index` come from, as `(start, length)` runs."""
        return self.segments.get(index) or [(self.starts[index], len(self.texts[index]))]


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Consecutive positions as `(start, length)` runs."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and runs[-1][0] + runs[-1][1] == position:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((position, 1))
    return runs


def _continues_above(number: int, printed: list[int], stripped: list[str], conventions: Conventions) -> bool:
    """A line starting with a space under a lead or an open parenthesis goes on with it.

    Reporters print in parentheses after a lead (`本报成都1月3日电（记者` / ` 罗茂城  刘裕国）近两年`),
    and a space between names or after the lead can fall at a line's start; neither a page nor a
    paragraph starts inside a parenthesis or right after a lead.
    """
    if "lead_lines" in conventions.disabled:
        return False
    index = bisect.bisect_left(printed, number)
    if index == 0:
        return False
    above = stripped[printed[index - 1]]
    opened = sum(above.count(mark) for mark in OPENING_PARENS) > sum(above.count(mark) for mark in CLOSING_PARENS)
    return opened or conventions.opens_with_lead(above)


def _indents_paragraphs(indented: list[int], printed: list[int], stripped: list[str]) -> bool:
    """Whether the lines starting with spaces are paragraph indents rather than page starts.

    A Chinese paragraph's first line is indented two characters; most extractors drop the indent
    (then a line starting with a space is the first of a page), some keep it. A page starts once
    in hundreds of lines, a paragraph every few: when lines starting with spaces are that frequent
    and most follow a line that ends a sentence, they begin paragraphs, not pages.
    """
    if len(indented) < _INDENTS_MIN or len(indented) * _LINES_PER_INDENT_MAX < len(printed):
        return False
    previous = dict(zip(printed[1:], printed[:-1], strict=True))
    after_sentence = sum(_ends_sentence(stripped[previous[number]]) for number in indented)
    return 2 * after_sentence > len(indented)


def _second_copies(printed: list[int], stripped: list[str]) -> list[int]:
    """Lines printed twice in a row: fake bold drawn as a second line a hair below the first.

    Some extractors put the offset copy of a fake-bold headline on a line of its own right under
    the original (`较强冷空气将影` / `较强冷空气将影`); running text never repeats a whole line.
    """
    return [
        number
        for previous, number in itertools.pairwise(printed)
        if number == previous + 1 and stripped[number] == stripped[previous] and _HAS_CJK.search(stripped[number])
    ]


def _is_spaced(text: str) -> bool:
    """Justified narrow columns print a space between most characters (`西藏 工 作`)."""
    spaces = text.count(" ")
    return spaces >= 3 and spaces * 10 >= len(text) * 3


class _Paragrapher:
    """Decides for each pair of consecutive printed lines whether a paragraph ends between them."""

    def __init__(self, page: _Page, window: int, conventions: Conventions) -> None:
        texts = page.texts
        self.texts = texts
        self.widths = printed_widths(texts)
        self.blank_before = page.blank_before
        self.spaced = page.spaced
        self.hard_break = [
            page.page_start[i] or page.indent_start[i] or page.split_before[i] or i in page.markers_before
            for i in range(len(texts))
        ]
        self.ends = [_ends_sentence(text) for text in texts]
        credits = "credit_ends" not in conventions.disabled
        self.credit = [credits and conventions.credit_end.search(text) is not None for text in texts]
        if "byline_ends" not in conventions.disabled:
            self.credit = [
                credit or _CLOSING_BYLINE.search(text) is not None
                for credit, text in zip(self.credit, texts, strict=True)
            ]
        self.stops = [_SENTENCE_INSIDE.search(text) is not None for text in texts]
        self.block_head = [_BLOCK_HEAD.match(text) is not None for text in texts]
        self.marked = [text[0] in BLOCK_MARKS or conventions.is_byline(text) for text in texts]
        if "bold_lines" not in conventions.disabled:
            self.marked = [marked or bold for marked, bold in zip(self.marked, page.bold, strict=True)]
        self.disabled = conventions.disabled
        self.opens_parenthesis = [text[0] in OPENING_PARENS for text in texts]
        self.lead = [
            conventions.opens_with_lead(text) or (bold_start and "lead_lines" not in conventions.disabled)
            for text, bold_start in zip(texts, page.bold_start, strict=True)
        ]
        self.body = [
            width >= 5 and _PROSE_MARK.search(text) is not None for text, width in zip(texts, self.widths, strict=True)
        ]
        if "name_lines" not in self.disabled:
            for index in range(1, len(texts) - 1):
                if (
                    self.body[index + 1]
                    and not has_running_text_mark(texts[index - 1])
                    and conventions.is_name_line(texts[index])
                ):
                    self.marked[index] = True
        self.new_page = [
            page.page_start[i] or any(marker[0] == "page_break" for marker in page.markers_before.get(i, ()))
            for i in range(len(texts))
        ]
        self.blank_everywhere: list[bool] = []
        columns = []
        in_column = []
        body = np.array(self.body, dtype=bool)
        mid_sentence = body & ~np.array(self.ends, dtype=bool)
        starts = [i for i, new in enumerate(self.new_page) if new or i == 0]
        for start, end in zip(starts, [*starts[1:], len(texts)][: len(starts)], strict=True):
            self.blank_everywhere.extend([self._blank_everywhere(start, end)] * (end - start))
            page_columns = _column_widths(self.widths[start:end], body[start:end], window)
            columns.append(page_columns)
            extracted = any(self.blank_before[start + 1 : end])
            in_column.append(
                _in_wrapped_column(self.widths[start:end], page_columns, mid_sentence[start:end], extracted, window)
            )
        self.columns = np.concatenate(columns).tolist() if columns else []
        self.paragraph_lines = (~np.concatenate(in_column)).tolist() if in_column else []
        self.width_list = self.widths.tolist()

    def _blank_everywhere(self, start: int, end: int) -> bool:
        """Whether a page prints a blank line after every line (then blank lines say nothing).

        Pages are measured apart, so a file holding pages from different layouts is cleaned as
        if each page came alone.
        """
        count = end - start
        followed_by_blank = sum(1 for blanks in self.blank_before[start + 1 : end] if blanks)
        return count > 2 and followed_by_blank >= 0.75 * (count - 1)

    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraphs as `(first line, end line)` ranges."""
        bounds: list[tuple[int, int]] = []
        if not self.texts:
            return bounds
        first = 0
        previous_heading = False
        for index in range(1, len(self.texts)):
            deck = "deck_lines" not in self.disabled and self._is_deck(first, index, previous_heading)
            if deck or self._breaks(first, index):
                previous_heading = self._heading_like(first, index) and not self.new_page[index]
                bounds.append((first, index))
                first = index
        bounds.append((first, len(self.texts)))
        return bounds

    def _is_deck(self, first: int, index: int, previous_heading: bool) -> bool:
        """A `——` line right under a headline is a deck line: one printed line, one paragraph."""
        return index - first == 1 and previous_heading and self.texts[first].startswith("——") and not self.stops[first]

    def _heading_like(self, first: int, end: int) -> bool:
        """Short and without sentence punctuation: a headline, kicker or subhead, not running text.

        A line opening with a lead (`本报讯 越南国防部三`, or a lead word set in bold, `新新华华社社
        墨西哥城1`) is running text, however short: the space after the lead is a printed em that
        extraction may not keep.
        """
        if end - first > _HEADING_MAX_LINES or sum(self.width_list[first:end]) > _HEADING_MAX_TOTAL:
            return False
        if self.lead[first]:
            return False
        if self.texts[end - 1].endswith(("，", "、", ",")):
            return False
        return not any(self.stops[first:end])

    def _breaks(self, first: int, index: int) -> bool:
        """Whether a paragraph ends between line `index - 1` (its paragraph began at `first`) and `index`."""
        before, after = index - 1, index
        if self.hard_break[after] or self.marked[after] or self.marked[before] or self.credit[before]:
            return True
        if "headline_boxes" not in self.disabled and self._headline_box(after):
            return True
        ends = self.ends[before]
        if "block_heads" not in self.disabled and self.block_head[after] and (ends or self._heading_like(first, index)):
            return True
        if self.paragraph_lines[before] or self.paragraph_lines[after]:
            if not self.blank_everywhere[after]:
                return True
            return ends or (self._heading_like(first, index) and self.width_list[before] <= _HEADING_MAX_WIDTH)
        if self.blank_everywhere[after] and not self.blank_before[after]:
            return False
        column = self.columns[before]
        if ends:
            return self._sentence_ends_paragraph(first, index, column)
        if self.spaced[before] or (self.opens_parenthesis[first] and self._parenthesis_open(first, index)):
            return False
        heading = self._heading_like(first, index)
        if heading and self._heading_continues(index, numbered=self.block_head[first]):
            return False
        if before == first:
            return heading and self._first_line_is_heading(before, index, max(column, self.columns[index]))
        return self.width_list[before] <= column - _UNPUNCTUATED_END

    def _headline_box(self, index: int) -> bool:
        """A text box of one to three short lines without punctuation is a headline, not running text.

        Extraction writes each printed block as a box after a blank line; a column of running text
        can end mid-sentence there and go on elsewhere, but what goes on is a full line of text or
        ends its sentence. A short box with no punctuation at all (`1997世界十大` / `科技进展`) is a
        headline printed over another column, never the rest of the sentence above it.
        """
        if not self.blank_before[index] or self.blank_everywhere[index] or self.lead[index]:
            return False
        end = index + 1
        while end < len(self.texts) and not self.blank_before[end] and not self.hard_break[end]:
            end += 1
        if end - index > _HEADING_MAX_LINES:
            return False
        column = self.columns[index]
        return all(
            not has_running_text_mark(self.texts[line]) and abs(self.width_list[line] - column) > _SHORT
            for line in range(index, end)
        )

    def _parenthesis_open(self, first: int, index: int) -> bool:
        """Whether lines `first` to `index - 1` leave a parenthesis open: a byline or note goes on."""
        text = "".join(self.texts[first:index])
        return text.count("（") + text.count("(") > text.count("）") + text.count(")")

    def _sentence_ends_paragraph(self, first: int, index: int, column: float) -> bool:
        """A line ending a sentence ends its paragraph when it falls short or the next is indented."""
        before = index - 1
        if self.blank_before[index] and not self.blank_everywhere[index]:
            return True
        if self._starts_heading(index):
            return True
        width = self.width_list[before]
        if width <= column - _SHORT and not self.spaced[before]:
            indent_only = before == first and width >= column - _INDENT and self._full(index)
            return not indent_only
        return self._indented(index, column)

    def _first_line_is_heading(self, line: int, index: int, column: float) -> bool:
        """A paragraph's first line without sentence punctuation, too short even for an indent."""
        text, width = self.texts[line], self.width_list[line]
        if width <= column - _INDENT and ("，" not in text or self.block_head[line]):
            return True
        return (
            width <= column - _SHORT
            and not has_running_text_mark(text)
            and not has_running_text_mark(self.texts[index])
            and self.width_list[index] <= column - _SHORT
        )

    def _heading_continues(self, index: int, numbered: bool) -> bool:
        """A headline set on several short lines, with running text after it, is one paragraph.

        Under a numbered subhead (`一、…`, `1.1…`) a line only an indent short is the first line
        of its text; the rest of a subhead printed on two lines is shorter than that.
        """
        if index + 1 >= len(self.texts) or (self.blank_before[index] and not self.blank_everywhere[index]):
            return False
        column, width = self.columns[index], self.width_list[index]
        if self.stops[index] or width > column - (_INDENT if numbered else _HEADING_SHORT):
            return False
        if width > column - _INDENT and "，" in self.texts[index]:
            return False
        return self.body[index + 1] and not self.hard_break[index + 1]

    def _starts_heading(self, index: int) -> bool:
        """In pages with a blank line after every line, a headline's lines are printed together."""
        if not self.blank_everywhere[index] or index + 1 >= len(self.texts) or self.hard_break[index + 1]:
            return False
        return (
            not self.blank_before[index + 1]
            and not self.stops[index]
            and self.width_list[index] <= self.columns[index] - _INDENT
        )

    def _full(self, index: int) -> bool:
        return self.spaced[index] or self.width_list[index] >= self.columns[index] - _FILLS

    def _indented(self, index: int, column: float) -> bool:
        """A first line about two characters short of `column` that continues to the next line."""
        if self.spaced[index] or self.ends[index]:
            return False
        return column - _INDENT <= self.width_list[index] <= column - _SHORT


def _in_wrapped_column(
    widths: np.ndarray, columns: np.ndarray, mid_sentence: np.ndarray, extracted: bool, reach: int
) -> np.ndarray:
    """Whether each line of a page is a printed line of a column set with hard line breaks.

    A column breaks its lines at one width, so a page set in columns has lines that stop
    mid-sentence at about the column width, here and there; a line of such a page is a column
    line unless it is far wider than the column lines near it (a paragraph printed whole, as some
    extractors emit them). Paragraphs printed one per line, and text already cleaned, have lines
    of any width and few that stop mid-sentence (headlines, bylines): there every line is a
    paragraph already. A page with blank lines (`extracted`: cleaned text never has them) needs
    only one such line, and with none it is set in columns unless its lines are typically wider
    than any column.
    """
    count = len(widths)
    fitting = np.flatnonzero(mid_sentence & (np.abs(widths - columns) < _SHORT))
    if fitting.size < (1 if extracted else _COLUMN_MIN_LINES):
        return np.full(count, extracted and float(np.median(widths)) <= _WIDEST_COLUMN)
    lines = np.arange(count)
    low = np.searchsorted(fitting, lines - reach)
    high = np.searchsorted(fitting, lines + reach, side="right")
    after = np.minimum(np.searchsorted(fitting, lines), fitting.size - 1)
    before = np.maximum(after - 1, 0)
    nearest = np.where(np.abs(fitting[before] - lines) < np.abs(fitting[after] - lines), before, after)
    middle = np.where(high > low, (low + high - 1) // 2, nearest)
    return widths <= widths[fitting[middle]] * _WIDER_THAN_COLUMN


def _column_widths(widths: np.ndarray, body: np.ndarray, reach: int) -> np.ndarray:
    """Local column width of each line, from the body lines around it (not itself).

    Only neighbours about as wide as the line or wider count when there are enough of them:
    that keeps short paragraph ends from pulling the estimate down and lets a line next to a
    change of column width (a new article, a narrow box) be measured against its own column.
    """
    count = len(widths)
    body_lines = np.flatnonzero(body)
    if body_lines.size == 0:
        return np.full(count, widths.max() if count else 0.0)
    body_widths = widths[body_lines]
    behind = np.searchsorted(body_lines, np.arange(count))
    ahead = behind + body
    picks = np.concatenate([behind[:, None] + np.arange(-reach, 0), ahead[:, None] + np.arange(reach)], axis=1)
    valid = (picks >= 0) & (picks < body_lines.size)
    nearby = np.where(valid, body_widths[np.clip(picks, 0, body_lines.size - 1)], np.nan)
    own = widths[:, None]
    similar = valid & (nearby >= own - 1) & (nearby <= own + 3)
    similar_count = similar.sum(axis=1)
    valid_count = valid.sum(axis=1)
    use_similar = (similar_count >= 3) & (similar_count * 4 >= valid_count)
    chosen = np.where(use_similar[:, None] & ~similar, np.nan, nearby)
    chosen_count = np.where(use_similar, similar_count, valid_count)
    ordered = np.sort(chosen, axis=1)
    middle = ordered[np.arange(count), np.minimum(chosen_count // 2, ordered.shape[1] - 1)]
    return np.where(chosen_count > 0, middle, widths)


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSING_MARKS)
    if not stripped:
        return False
    if len(stripped) < len(text) and text[-1] in CLOSING_PARENS and stripped[-1] not in _STOPS:
        return False
    return stripped[-1] in _SENTENCE_END


def _assemble(page: _Page, bounds: list[tuple[int, int]]) -> tuple[str, np.ndarray, list[_RawMarker]]:
    """Join lines into paragraphs separated by `\\n`, mapped to the raw newline or split point."""
    texts = page.texts
    text = "\n".join("".join(texts[first:end]) for first, end in bounds)
    firsts = [first for first, _ in bounds[1:]]
    breaks = [page.starts[first] - 1 if page.split_before[first] else page.newlines[first - 1] for first in firsts]
    run_starts = np.array(page.starts + breaks, dtype=np.int64)
    run_lengths = np.array([len(line) for line in texts] + [1] * len(breaks), dtype=np.int64)
    order = np.argsort(np.array(list(range(0, 2 * len(texts), 2)) + [2 * first - 1 for first in firsts]), kind="stable")
    run_starts, run_lengths = run_starts[order], run_lengths[order]
    placed = np.cumsum(run_lengths) - run_lengths
    positions = np.arange(len(text), dtype=np.int64) + np.repeat(run_starts - placed, run_lengths)
    if page.segments:
        line_placed = placed[np.argsort(order)][: len(texts)]
        for index, runs in page.segments.items():
            true_positions = [position for start, length in runs for position in range(start, start + length)]
            at = int(line_placed[index])
            positions[at : at + len(true_positions)] = true_positions
    markers: list[_RawMarker] = []
    marked_lines = sorted({*page.markers_before, *(i for i, start in enumerate(page.page_start) if start)})
    for index in marked_lines:
        markers.extend(page.markers_before.get(index, ()))
        if page.page_start[index]:
            markers.append(("page_break", "", page.starts[index], page.starts[index]))
    markers.extend(page.trailing_markers)
    return text, positions, markers


def _is_page_number(line: str, full_width_grid: bool) -> bool:
    """A number alone on its line, read as cleanup prints it (`1 １` is `1１`)."""
    if not "".join(line.split()).isdigit():
        return False
    digits, _ = _remove_spaces(line, np.arange(len(line)), full_width_grid)
    return digits.isdigit() and len(digits) <= _PAGE_NUMBER_MAX_DIGITS


def _remove_spaces(
    text: str, positions: np.ndarray, full_width_grid: bool = True, letter_spaced_runs: bool = True
) -> tuple[str, np.ndarray]:
    """Spaces next to Chinese text go; runs between Latin words or numbers become one space.

    With `full_width_grid`, full-width digits and letters count as Chinese text: they are set on
    the character grid, so a space next to one is layout (`１ ２ 月` in a letter-spaced dateline).
    With `letter_spaced_runs`, a Chinese line set one character at a time (`宁 1 0 月 2 1 日 电`)
    loses the spaces between its half-width digits too: a number's digits are never set one space
    apart in running text, while two numbers side by side (`比分 3 1`) are not a run of four, and
    a run without a Chinese character (`0 0 0 0`) is left alone, which keeps cleanup idempotent.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    space = space_mask(codes)
    if not space.any():
        return text, positions
    edges = np.diff(np.concatenate(([False], space, [False])).astype(np.int8))
    run_starts, run_ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    grid = cjk_mask(codes)
    if full_width_grid:
        grid |= (codes >= ord("０")) & (codes <= ord("ｚ")) & ~space
    cjk = np.concatenate((grid, [False]))
    near = cjk[run_ends] | ((run_starts > 0) & cjk[np.maximum(run_starts - 1, 0)])
    run_of = np.cumsum(edges[:-1] == 1) - 1
    first = np.zeros(len(codes), dtype=bool)
    first[run_starts] = True
    drop = space & (near[np.maximum(run_of, 0)] | ~first)
    if letter_spaced_runs:
        for run in _LETTER_SPACED_RUN.finditer(text):
            if _HAS_CJK.search(run.group()):
                drop[run.start() : run.end()] |= space[run.start() : run.end()]
    keep_first = first & ~drop
    codes[keep_first] = 0x20
    return codes[~drop].tobytes().decode("utf-32-le"), positions[~drop]


def _full_width_punctuation(text: str) -> str:
    """Half-width `,;:!?()` in Chinese text become full-width (same length, same offsets).

    A mark is in Chinese text when its nearest neighbour, spaces skipped, is Chinese; converting
    one mark can put another next to Chinese punctuation, so this runs until nothing changes.
    """
    while True:
        converted = _HALF_PARENS.sub(_full_width_parens, _HALF_PUNCT.sub(_full_width_mark, text))
        if converted == text:
            return text
        text = converted


def _next_to_cjk(text: str, start: int, end: int) -> bool:
    """Whether the nearest character before `start` or from `end` on, spaces skipped, is Chinese."""
    before = start - 1
    while before >= 0 and text[before] in SPACES:
        before -= 1
    after = end
    while after < len(text) and text[after] in SPACES:
        after += 1
    return bool(before >= 0 and _CJK_CHAR.match(text, before)) or bool(_CJK_CHAR.match(text, after))


def _full_width_mark(match: re.Match[str]) -> str:
    if _next_to_cjk(match.string, *match.span()):
        return HALF_TO_FULL_PUNCTUATION[match.group()]
    return match.group()


def _full_width_parens(match: re.Match[str]) -> str:
    if _HAS_CJK.search(match.group(1)) or _next_to_cjk(match.string, *match.span()):
        return f"（{match.group(1)}）"
    return match.group()


def _to_half_width(match: re.Match[str]) -> str:
    return "".join(chr(ord(char) - FULL_TO_HALF_OFFSET) for char in match.group())


def _place_markers(markers: list[_RawMarker], positions: np.ndarray, offsets: OffsetMap) -> list[Marker]:
    """A marker stands before the first cleaned character that comes from after it."""
    raw = offsets.positions()
    result = []
    for kind, text, start, end in markers:
        at = int(np.searchsorted(positions, start))
        raw_start = raw[start] if start < len(raw) else len(raw)
        raw_end = raw[end - 1] + 1 if end > start else raw_start
        result.append(Marker(kind=kind, text=text, at=at, raw_start=raw_start, raw_end=raw_end))
    return result


def _layout(
    page: _Page, bounds: list[tuple[int, int]], text: str, positions: np.ndarray, source: str, doc: Document
) -> Layout:
    """The printed lines and blocks behind the cleaned `text`, whose character `i` came from `source[positions[i]]`.

    A printed line is a line of the source; the pieces cleanup split off a line (an inline byline)
    stay part of it. Lines and blocks point into the cleaned text and, through `doc.offsets`
    (the source's map to raw), into the raw text; geometry a reader gave for the raw lines is kept.
    """
    count = len(page.texts)
    if count == 0:
        return Layout()
    firsts = [index for index in range(count) if not page.split_before[index]]
    lasts = [first - 1 for first in firsts[1:]] + [count - 1]
    widths = printed_widths(["".join(page.texts[first : last + 1]) for first, last in zip(firsts, lasts, strict=True)])
    source_starts = np.array([page.starts[first] for first in firsts], dtype=np.int64)
    source_ends = np.array([page.newlines[last] for last in lasts], dtype=np.int64)
    starts = np.searchsorted(positions, source_starts).tolist()
    ends = np.searchsorted(positions, source_ends).tolist()
    removed = _removed_spaces(text, positions, source)
    removed_at = np.searchsorted(removed, [*starts, len(text) + 1]).tolist()
    raw_map = doc.offsets.positions()
    given = _given_geometry(doc.layout)
    lines = []
    for number, first in enumerate(firsts):
        raw_start = raw_map[page.starts[first]]
        raw_end = raw_map[source_ends[number]] if source_ends[number] < len(raw_map) else len(doc.raw)
        lines.append(
            PrintedLine(
                raw_start=raw_start,
                raw_end=raw_end,
                width=float(widths[number]),
                indent=page.indents[first],
                blank_before=page.blank_before[first],
                start=starts[number],
                end=max(ends[number], starts[number]),
                removed_spaces=tuple(removed[removed_at[number] : removed_at[number + 1]].tolist()),
                geometry=given(raw_start),
                bold=page.bold[first],
            )
        )
    line_of = np.cumsum(~np.array(page.split_before, dtype=bool)) - 1
    blocks = []
    start = 0
    for (first, end), paragraph in zip(bounds, text.split("\n"), strict=True):
        blocks.append(Block(int(line_of[first]), int(line_of[end - 1]) + 1, start, start + len(paragraph)))
        start += len(paragraph) + 1
    return Layout(lines=lines, blocks=blocks)


def _removed_spaces(text: str, positions: np.ndarray, source: str) -> np.ndarray:
    """Cleaned positions before which the source had a space that cleanup dropped (line breaks skipped)."""
    source_codes = np.frombuffer(source.encode("utf-32-le"), dtype=np.uint32)
    spaces_upto = np.concatenate(([0], np.cumsum(space_mask(source_codes))))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    kept = np.flatnonzero(codes != ord("\n"))
    if kept.size < 2:
        return np.zeros(0, dtype=np.int64)
    at = positions[kept]
    between = spaces_upto[at[1:]] - spaces_upto[at[:-1] + 1] > 0
    return kept[1:][between]


def _given_geometry(layout: Layout | None) -> Callable[[int], Geometry | None]:
    """Geometry of the reader's line holding a raw position, when a reader gave lines (PDF)."""
    lines = sorted(layout.lines, key=lambda line: line.raw_start) if layout is not None else []
    raw_starts = [line.raw_start for line in lines]

    def geometry(raw_start: int) -> Geometry | None:
        index = bisect.bisect_right(raw_starts, raw_start) - 1
        if index < 0 or raw_start >= max(lines[index].raw_end, lines[index].raw_start + 1):
            return None
        return lines[index].geometry

    return geometry


def _printed_paragraphs(page: _Page, doc: Document) -> list[tuple[int, int]] | None:
    """Paragraphs where the reader saw them begin on the printed page (PDF input), else None.

    A reader that knows geometry marks each printed line that starts a paragraph (indented, after
    a short last line, the head of a block, a headline): nothing is left to guess from widths.
    """
    given_lines = doc.layout.lines if doc.layout is not None else []
    if not given_lines or any(line.geometry is None or line.geometry.paragraph_start is None for line in given_lines):
        return None
    given = _given_geometry(doc.layout)
    raw = doc.offsets.positions()
    bounds, first = [], 0
    for index in range(1, len(page.texts)):
        geometry = given(raw[page.starts[index]])
        if page.split_before[index] or geometry is None or geometry.paragraph_start:
            bounds.append((first, index))
            first = index
    if page.texts:
        bounds.append((first, len(page.texts)))
    return bounds


def clean(doc: Document, conventions: Conventions, settings: CleanupSettings) -> None:
    """Clean `doc.text` in place: paragraphs one a line, markers, the layout and the offset map."""
    in_order = doc.layout is not None and any(line.geometry is not None for line in doc.layout.lines)
    page = _Page(doc.text, settings, conventions, in_order)
    if settings.join_lines:
        bounds = _printed_paragraphs(page, doc) or _Paragrapher(page, settings.column_window, conventions).paragraphs()
    else:
        bounds = [(index, index + 1) for index in range(len(page.texts))]
    source = doc.text
    text, positions, markers = _assemble(page, bounds)
    if settings.normalize_punctuation:
        text = _full_width_punctuation(text)
    if settings.remove_spaces:
        full_width_grid = "full_width_grid" not in conventions.disabled
        letter_spaced = "letter_spaced_runs" not in conventions.disabled
        text, positions = _remove_spaces(text, positions, full_width_grid, letter_spaced)
    if settings.normalize_width:
        text = _FULL_WIDTH_ALNUM.sub(_to_half_width, text)
        if "number_marks" not in conventions.disabled:
            text = _FULL_WIDTH_NUMBER_MARKS.sub(_to_half_width, text)
    doc.markers.extend(_place_markers(markers, positions, doc.offsets))
    doc.layout = _layout(page, bounds, text, positions, source, doc)
    doc.offsets = doc.offsets.compose(positions)
    doc.text = text
