"""Article segmentation: a cleaned page to articles, photo captions and fragments, each with its headline.

PDF extraction keeps each text block whole but scrambles the order of blocks, so headlines
often land far from their bodies. Bodies are cut where the page's cues say an article opens
(`本报讯`, a headline, `（上接1版）`, a new page) or closes (a byline, a dateline, an author's
affiliation, a photo credit). Headline lines are grouped into headlines (kicker, title lines,
deck, author line) and each headline goes to at most one body on its page: the body printed
right under it, or the body that shares its rare names and words. Every record keeps the
cues that decided it in `Article.cues`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.segment.cues import (
    BODY_ROLES,
    HEAD_ROLES,
    Cues,
    Paragraph,
    ends_sentence,
    is_list_head,
    raw_tokens,
    top_list_number,
)
from pipeline.segment.layout import PrintedLines
from pipeline.segment.match import Rarity, best_split, boundary_evidence, greedy_assignment, match_score, ngrams
from pipeline.segment.words import breaks_word
from pipeline.types import Article, Document, OffsetMap
from pipeline.typography import (
    BLOCK_MARKS,
    CJK_IDEOGRAPHS,
    CLOSING_MARKS,
    CLOSING_PARENS,
    COUNTING_VALUES,
    MONTH_DAY,
    OPENING_PARENS,
    RUNNING_TEXT_MARKS,
    SENTENCE_ENDS,
    has_running_text_mark,
)

_MIN_SPLIT_CHARS = 100
_MIN_TOPIC_CHARS = 70
"""A brief is two or three sentences: the least text on either side of a topic change."""
_MAX_CUE_PARAGRAPHS = 3
_MAX_WRAPPED_PART_CHARS = 10
"""The longest piece of a headline line broken inside a word that is looked for (half a wide line)."""
#: Paragraph roles that close the open body (a dateline closes one only when a body is open).
_END_ROLES = frozenset({"jump", "byline", "affiliation", "source", "end-mark"})
_MAX_BRIEF_WRITER_CHARS = 3
"""The longest lone token over a `本报讯` brief read as its writer (a name or a pen name, `晓王`)."""
_WRITER_NAME = re.compile(f"[{CJK_IDEOGRAPHS}]{{2,3}}")
"""A writer's name alone on a printed line: two or three characters."""
_MAX_REMNANT_CHARS = 3
"""The most characters a module of one line holds that is too short to be a story (`记。`)."""
_COLUMN_BREAKS = frozenset({"start:module", "start:after-photo-credit", "start:caption-block"})
"""What opens a body at a break in the printed columns only: no headline, lead or cue of its own."""
_COLUMN_ENDS = frozenset({"end:module", "end:caption-block"})
"""What closes a body at a break in the printed columns only: no byline, dateline or jump note."""
_STRAY_BYLINE_REACH = 2
"""How many bodies either side a stray byline looks for an unsigned article: the next column's top."""


RULES = {
    "whole_parenthesized_cues": "a cue in parentheses cleanup split over paragraphs is made whole",
    "opened_parts": "a paragraph is parted at printed lines that only open or stand alone (本报讯, datelines)",
    "resolve_kickers": "a kicker not above a headline is a subhead or a headline",
    "demote_subheads": "bare headline lines inside a running article are its subheads",
    "content_split": "a body that a left-over headline claims strongly is split in two by content",
    "name_lines": "a line of names between a headline line and running text is the author line",
    "brief_bullets": "a brief's bullet (`▲`, `■`) opens a title, not an author line, and is no part of it",
    "split_name_runs": "names printed without a space (`王锦鹄毛磊`) are cut where each part starts with a surname",
    "byline_name_runs": "in a byline a run of names may start with a rare surname (`荆轲龚自珍`)",
    "role_fragments": "a byline token that is part of a role word (`者`, `通讯员` letter-spaced) is no name",
    "names_under_decks": "a lone short token or a post and a name under a deck is the writer",
    "plain_under_bold": "a line of names in plain type under a headline in fake bold is its author line",
    "names_over_leads": "a line of names right over running text opening with a lead (`本报讯`) is its author line",
    "names_in_body_type": "a line of names in body type (PDF geometry) right over running text is its author line",
    "run_in_posts": "a post run into a name (`…局长刘仲藜`) under a headline is the author line",
    "indented_name_runs": "(PDF) an indented run of names under a headline (`赖林嵩周美林`) is its author line",
    "dashed_lines_in_text": "(PDF) a `——` line in body type after running text of its module is text, no deck",
    "wrapped_posts": "(PDF) a post and name wrapped onto two lines under a headline (`中国人民银行` / `行长戴相龙`)",
    "listed_posts": "posts listed with `、` run into a name (`…党组书记、副局长项怀诚`) make a writer's line",
    "post_lines": "a post and names (`某某市委宣传部 刘明`) is an author line",
    "wrapped_clause": "a line with a comma in a column of running text is no headline",
    "body_type_under_headlines": "a line in body type (PDF geometry) under a headline is its author line, never title",
    "parted_leads": "a dateline line and a `（记者 …）` line right above running text are its lead",
    "topic_split": "a box boundary across which two parts of a body share no rare content parts two articles",
    "topics_in_headed_modules": "(PDF) a topic change inside one module with a headline of its own parts no article",
    "joined_title_lines": "a left-over title line claiming the body of a title of its run is that title's line",
    "bold_heads": "a headline line printed in fake bold is never a subhead of the running text",
    "byline_leads": "running text opening with reporters in parentheses (`（记者 余清楚） 江西…`) opens an article",
    "stray_bylines": "names with no body open and no headline over a body sign the nearest unsigned article",
    "wrapped_title_lines": "a bare title line left without a body next to a titled one in its run is its wrapped line",
    "words_across_lines": "a title line broken inside a common word (`…下岗职` / `工到…`) goes on on the next line",
    "parenthesized_tails": "a cue in parentheses closing running text and broken over two paragraphs is made whole",
    "body_type_after_text": "a headline-like line in body type after running text of its module is running text",
    "caption_type": "on a page read from its geometry, text above a caption in another type is no part of it",
    "indented_first_lines": "a line an indent narrower than the running text under it is its paragraph's first line",
    "dispatches_in_story": "a dateline lead under a headline whose body is open is a further dispatch of that story",
    "leads_across_lines": "a lead broken over a line end (`本报比勒` / `陀利亚…电`, PDF) is not parted at the break",
    "tails_close_text": "a short list item that ends a sentence and is signed (`1、图为…。（刘盛威）`) is running text",
    "own_module_heads": "(PDF) a body in a module with a headline goes to no headline of another module",
    "own_module_titles": "(PDF) a headline printed right over text of its own module goes to no body of another module",
    "any_names_in_body_type": "(PDF) two or more short names of any surname in body type over running text sign it",
    "names_over_briefs": "(PDF) a lone short token in body type right over a `本报讯` lead is the brief's writer",
    "leads_on_leading": "a `本报讯` lead on the running text's leading right under it is a further report of its story",
    "leads_under_headlines": "(PDF) a lead right under its module's headline opens its story, not text read before it",
    "datelines_over_text": "a bare dateline on a line of its own right over running text is its lead",
    "body_type_under_bylines": "(PDF) a line in body type after a headline's writers' line is running text",
    "display_stacks": "(PDF) display lines one under the other in one module are one headline stack",
    "asides": "(PDF) a cue in parentheses after a line of its module stopping mid-sentence is an aside of the text",
    "dated_reports": "only a dated lead (`本报北京12月31日讯`) goes on a story on leading; bare `本报讯` opens a brief",
    "roles_inside_tokens": "a role word run into a name at a line end (`谷源洋本报记者` / `贾励`) parts two names",
    "three_character_runs": "a byline run of six, eight or nine characters no surname cuts is three-character names",
    "display_bullets": "(PDF) a bullet opening a headline in display type is part of its title (a brief's is not)",
    "headline_type_names": "(PDF) a line in headline type over a lead is a title, though it reads as a name (`贺新年`)",
    "writers_between_columns": "(PDF) a lone name line inside a sentence cut by a column break is the story's writer",
    "short_clauses": "a line with a comma and a clause of under four characters (`统计，1997年…`) is no headline",
    "leads_between_columns": "(PDF) a story's lead read inside a sentence cut by a column break is the story's lead",
    "continued_columns": "(PDF) a headless module opening mid-paragraph goes on the story left mid-sentence before it",
}
"""The named segmentation rules; `disable = [...]` switches them off (benchmarks/rule_ablation.py)."""


class SegmentSettings(Protocol):
    """The thresholds segmentation reads (the `segment` stage's options, docs/segmentation.md)."""

    max_headline_chars: int
    min_match: float
    adjacency_bonus: float
    min_evidence: float
    split_match: float
    neighbour_page_factor: float
    max_caption_chars: int
    width_tolerance: float
    min_topic_evidence: float


@dataclass
class Edge:
    """What opened or closed a body: cue names, names printed there, a dateline, metadata."""

    cues: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def take_lead(self, paragraph: Paragraph) -> None:
        self.authors += paragraph.lead_names
        self.dateline = self.dateline or paragraph.lead_dateline

    def take(self, paragraph: Paragraph) -> None:
        self.authors += paragraph.names
        self.dateline = self.dateline or paragraph.dateline
        self.meta.update(paragraph.meta)


@dataclass
class Body:
    kind: str
    paragraphs: list[Paragraph]
    opening: Edge
    closing: Edge = field(default_factory=Edge)
    head_run: int | None = None

    @property
    def page(self) -> int:
        return self.paragraphs[0].page

    @property
    def start(self) -> int:
        return self.paragraphs[0].body_start


_LATIN_GAP = re.compile(r"(?<=[A-Za-z0-9.,%])\s+(?=[A-Za-z0-9])")


def _squeeze(text: str) -> str:
    """Headline text without layout spaces and line breaks; Latin words and figures keep one space."""
    return re.sub(r"\s", "", _LATIN_GAP.sub("\x00", text)).replace("\x00", " ")


@dataclass
class Headline:
    """A printed headline: optional kicker, its title lines, a deck or date line, author lines."""

    run: int
    page: int
    kicker: Paragraph | None = None
    lines: list[Paragraph] = field(default_factory=list)
    deck: Paragraph | None = None
    date: Paragraph | None = None
    author_lines: list[Paragraph] = field(default_factory=list)
    closed: bool = False

    @property
    def paragraphs(self) -> list[Paragraph]:
        parts = [self.kicker, *self.lines, self.deck, self.date, *self.author_lines]
        return sorted((p for p in parts if p is not None), key=lambda p: p.start)

    def add(self, paragraph: Paragraph) -> None:
        """Take the next line of the run; a deck, date or author line closes the headline."""
        role = paragraph.role
        if role == "kicker":
            self.kicker = paragraph
        elif role == "deck" and self.lines and self.deck is not None:
            self.deck = Paragraph(self.deck.start, paragraph.end, self.deck.text + paragraph.text, self.page, "deck")
        elif role == "deck" and self.lines:
            self.deck, self.closed = paragraph, True
        elif role == "date" and self.lines:
            self.date, self.closed = paragraph, True
        elif role == "author":
            self.author_lines.append(paragraph)
            self.closed = True
        else:
            self.lines.append(paragraph)

    def title_lines(self) -> list[Paragraph]:
        return self.lines or [p for p in (self.deck, self.date, self.kicker) if p is not None][:1]

    def title(self, bullets: str = "") -> str | None:
        """The title lines joined (`_squeeze`), without a brief's bullet (`▲`) before them."""
        return _squeeze(" ".join(p.text for p in self.title_lines())).lstrip(bullets) or None

    def subtitle(self) -> str | None:
        used = set(map(id, self.title_lines()))
        for part in (self.deck, self.date, self.kicker):
            if part is not None and id(part) not in used:
                return _squeeze(part.text)
        return None

    def match_text(self, author_marks: str) -> str:
        return "\n".join(p.text.lstrip(author_marks) for p in self.paragraphs)


def segment(doc: Document, cues: Cues, settings: SegmentSettings) -> list[Article]:
    """The articles, captions and fragments of a cleaned document, in reading order."""
    lines = PrintedLines(doc)
    paragraphs = [p for p in _paragraphs(doc, lines, cues) if p.text.strip()]
    for paragraph in paragraphs:
        cues.classify(paragraph, lines, settings.max_headline_chars, settings.width_tolerance)
        _take_printed_role(paragraph, lines, keep_display_bullets="display_bullets" not in cues.disabled)
    if not any(p.role in BODY_ROLES for p in paragraphs):
        return _whole_document(doc, lines, paragraphs)
    if "body_type_under_headlines" not in cues.disabled:
        _body_type_under_headlines(paragraphs, lines, cues)
    if "indented_name_runs" not in cues.disabled:
        _indented_name_runs(paragraphs, lines, cues)
    if "body_type_after_text" not in cues.disabled:
        _body_type_after_text(paragraphs, lines, dashed_lines="dashed_lines_in_text" not in cues.disabled)
    if "name_lines" not in cues.disabled:
        _name_lines_under_headlines(paragraphs, lines, cues)
    if "names_over_leads" not in cues.disabled:
        _names_over_leads(paragraphs, lines, cues)
    if "names_in_body_type" not in cues.disabled:
        _names_in_body_type(paragraphs, lines, cues)
    if "resolve_kickers" not in cues.disabled:
        _resolve_kickers(paragraphs)
    if "demote_subheads" not in cues.disabled:
        _demote_subheads(lines, paragraphs, settings.width_tolerance, cues.disabled)
    if "parted_leads" not in cues.disabled:
        _parted_leads(paragraphs, "datelines_over_text" not in cues.disabled)
    if "writers_between_columns" not in cues.disabled:
        _writers_between_columns(paragraphs, lines)
    return _PageLayout(doc, lines, cues, paragraphs, settings).articles()


def _paragraphs(doc: Document, lines: PrintedLines, cues: Cues) -> Iterator[Paragraph]:
    """Paragraphs of the cleaned text with their page number and any jump marker before them.

    A page break at the same place as a jump marker (`（上接1版）`) opens a continued block, not
    a new printed page, so it does not count as one (the jump itself still cuts the body).
    """
    jumps = sorted((marker.at, marker.text) for marker in doc.markers if marker.kind == "continuation")
    jump_places = {at for at, _ in jumps}
    breaks = sorted(m.at for m in doc.markers if m.kind == "page_break" and m.at not in jump_places)
    whole = _cleaned_paragraphs(doc, cues) if "whole_parenthesized_cues" not in cues.disabled else _split_lines(doc)
    for start, end in whole:
        parts = _opened_parts(doc, lines, cues, start, end) if "opened_parts" not in cues.disabled else [(start, end)]
        for part_start, part_end in parts:
            page = sum(1 for at in breaks if 0 < at <= part_start)
            paragraph = Paragraph(part_start, part_end, doc.text[part_start:part_end], page)
            while jumps and jumps[0][0] <= part_start:
                paragraph.jump_before = cues.parse_jump(jumps.pop(0)[1])
            yield paragraph


def _split_lines(doc: Document) -> list[tuple[int, int]]:
    """Cleanup's paragraphs as `(start, end)` in the cleaned text."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for line in doc.text.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds


def _cleaned_paragraphs(doc: Document, cues: Cues) -> list[tuple[int, int]]:
    """Cleanup's paragraphs, with a cue in parentheses that cleanup split over paragraphs made whole.

    A byline or writer line in parentheses can print over two or three lines (`（执笔整理：吕梁` /
    `市委政研室 白庆春 王肇星 王瑶）`); parentheses close, so a paragraph that opens one without
    closing it and the paragraphs that close it are one cue when the whole reads as one.
    """
    bounds = _split_lines(doc)
    merged: list[tuple[int, int]] = []
    index = 0
    while index < len(bounds):
        start, end = bounds[index]
        opened = _unclosed_parenthesis(doc.text, start, end, tails="parenthesized_tails" not in cues.disabled)
        if opened is not None:
            for follow in range(index + 1, min(index + _MAX_CUE_PARAGRAPHS, len(bounds))):
                whole_end = bounds[follow][1]
                if "）" in doc.text[bounds[follow][0] : whole_end]:
                    if cues.stands_alone(doc.text[opened:whole_end].replace("\n", "")):
                        end, index = whole_end, follow
                    break
        merged.append((start, end))
        index += 1
    return merged


def _unclosed_parenthesis(text: str, start: int, end: int, tails: bool) -> int | None:
    """Where a parenthesis opened in the paragraph `text[start:end]` and left open at its end begins.

    A whole-paragraph cue opens at the paragraph's start; with `tails`, so may a cue closing
    running text (`…环境潜能。（本` / `报郑州1月3日电）`), when it opens after a sentence end.
    """
    opened = text.rfind("（", start, end)
    if opened < 0 or "）" in text[opened:end]:
        return None
    if opened == start or (tails and ends_sentence(text[start:opened].rstrip())):
        return opened
    return None


def _inside_parentheses(text: str, start: int, at: int) -> bool:
    """Whether a parenthesis opened in `text[start:at]` is still open at `at`: no paragraph begins there."""
    return text.rfind("（", start, at) > text.rfind("）", start, at)


def _outside(part: list[Paragraph], lines: list[Paragraph]) -> bool:
    """Whether every line of `part` is printed above or below all of `lines`, not between them."""
    first, last = min(p.start for p in lines), max(p.start for p in lines)
    return all(p.start < first or p.start > last for p in part)


def _wrapped_part(text: str) -> bool:
    """A piece of a headline line broken inside a word: short, with no mark of running text or a block.

    Longer lines, lines with clause or sentence punctuation or parentheses (`“严格执法，热情服务”
    的题词时`), and lines opening with a block mark (`■埃及…`) are running text or headlines of
    their own, not the lost half of a title line.
    """
    marks = RUNNING_TEXT_MARKS + OPENING_PARENS + CLOSING_PARENS + BLOCK_MARKS
    return len(text) <= _MAX_WRAPPED_PART_CHARS and not any(char in marks for char in text)


def _opened_parts(doc: Document, lines: PrintedLines, cues: Cues, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph parted at printed lines that only ever begin or stand alone as a paragraph.

    `本报讯`, a dateline lead and `□` only ever open a paragraph, and a dateline or a cue in
    parentheses filling whole printed lines (`新华社拉萨8月23日电`, `（王艳）`, `（执笔整理：吕梁` /
    `市委政研室 白庆春 王肇星 王瑶）`) is a paragraph by itself; a headline line joined to one
    (`岚县举行秋冬季森林防火应急演练` / `本报讯 11月20日上午，…`) is a paragraph of its own.
    A lead broken over a line end (`本报比勒` / `陀利亚12月30日电中国…`) is not parted where it breaks
    when the page's reader saw no paragraph begin there (PDF): the place name's tail is no lead of its own.
    """
    line_starts = [start, *lines.starts(start, end)]
    line_ends = [*line_starts[1:], end]
    cuts: list[int] = []
    lead_end = start
    for line_start, line_end in zip(line_starts, line_ends, strict=True):
        if "parenthesized_tails" not in cues.disabled and _inside_parentheses(doc.text, start, line_start):
            continue
        if line_start < lead_end and lines.begins_paragraph(line_start) is False:
            continue
        if "leads_across_lines" not in cues.disabled:
            lead_end = line_start + cues.lead_length(doc.text[line_start:end])
        if line_start > start and cues.opens_paragraph(doc.text[line_start:end]):
            cuts.append(line_start)
        closing = doc.text.find("）", line_start, end) + 1 if doc.text.startswith("（", line_start) else 0
        cue_end = closing if closing in line_ends else line_end
        if cues.stands_alone(doc.text[line_start:cue_end]) and not _aside(lines, line_starts, line_start, cues):
            cuts += [line_start, cue_end]
    return list(itertools.pairwise(sorted({start, end, *cuts})))


def _aside(lines: PrintedLines, line_starts: list[int], line_start: int, cues: Cues) -> bool:
    """Whether the parentheses opening printed line `line_start` hold an aside of the running text above.

    A byline or dateline in parentheses closes a sentence; one that fills a printed line after a
    line of running text of its module that stops mid-sentence (`成的。香港三家发钞银行` /
    `（汇丰、渣打、中银集团）` / `在发钞之前，…`) is part of that sentence, however much it reads as
    names (rule `asides`). Only a page read from its geometry says the line above is of the same
    column: in extracted text it may be another column's.
    """
    index = line_starts.index(line_start)
    if "asides" in cues.disabled or index == 0 or not lines.text.startswith(("（", "("), line_start):
        return False
    upper = line_starts[index - 1]
    module = lines.module(line_start)
    above = lines.text[upper:line_start].rstrip()
    return (
        module is not None
        and module == lines.module(upper)
        and has_running_text_mark(above)
        and not ends_sentence(above)
    )


def _name_lines_under_headlines(paragraphs: list[Paragraph], lines: PrintedLines, cues: Cues) -> None:
    """A headline-like line of names between a headline line and running text is its author line.

    Writers' names are printed under the headline (`居民搬新居` / `余清楚`) with no role word; a
    name alone can be a headline too (`徐虎`), so only a line with a headline line above it and
    a body paragraph below it counts.
    """
    for above, paragraph, below in zip(paragraphs, paragraphs[1:], paragraphs[2:], strict=False):
        if paragraph.role != "head" or above.role not in ("head", "deck") or below.role not in BODY_ROLES:
            continue
        names = cues.name_line(paragraph, lines) or cues.run_in_post(paragraph.text)
        if names is None and "plain_under_bold" not in cues.disabled:
            names = _plain_names_under_bold(above, paragraph, lines, cues)
        if names is None and above.role == "deck" and "names_under_decks" not in cues.disabled:
            names = cues.signed_line(paragraph, lines)
        if names is not None and not _parted(above, paragraph):
            paragraph.role, paragraph.names = "author", names


def _names_over_leads(paragraphs: list[Paragraph], lines: PrintedLines, cues: Cues) -> None:
    """A headline-like line of names right over running text that opens with a lead is its author line.

    A report opening `本报讯` or with a dateline has a headline that says what happened; a line
    of one to three names with common surnames over it (`张向东` / `本报讯 武警驻北京昌平…`) is
    the reporter, printed over the text while the headline stands elsewhere on the page. A line
    the page's reader saw set in headline type is the title, however much it reads as a name
    (`贺新年`, rule `headline_type_names`).
    """
    for paragraph, below in itertools.pairwise(paragraphs):
        if paragraph.role != "head" or below.role not in BODY_ROLES or below.lead is None:
            continue
        if (
            "headline_type_names" not in cues.disabled
            and lines.printed_role(paragraph.start, paragraph.end) == "headline"
        ):
            continue
        names = cues.name_line(paragraph, lines)
        if names is not None:
            paragraph.role, paragraph.names = "author", names


def _names_in_body_type(paragraphs: list[Paragraph], lines: PrintedLines, cues: Cues) -> None:
    """On a page read from its geometry, a line of names in body type right over running text is its author line.

    A headline is set in display type; a line of one to three names with common surnames in the
    running text's own type at the head of a story (`李森林`, `龙晓勤 刘磊` over a story whose
    headline stands elsewhere) is its writers' line, never its title; so is a one-line paragraph of
    two or more short name tokens whatever their surnames (`李源潮 果永毅`, rule `any_names_in_body_type`),
    and a lone token of two or three characters over a `本报讯` lead (`晓王` / `本报讯 日前，…`, rule
    `names_over_briefs`): a brief has no headline of its own in the text's type, its writer does.
    """
    for paragraph, below in itertools.pairwise(paragraphs):
        if paragraph.role != "head" or below.role not in BODY_ROLES:
            continue
        if lines.printed_role(paragraph.start, paragraph.end) != "body":
            continue
        names = cues.name_line(paragraph, lines)
        if (
            names is None
            and "any_names_in_body_type" not in cues.disabled
            and not lines.starts(paragraph.start, paragraph.end)
            and _several_or_over_brief(raw_tokens(lines, paragraph.start, paragraph.end, "、"), below, cues)
        ):
            names = _writers(paragraph, lines, cues)
        if names is not None:
            paragraph.role, paragraph.names = "author", names


def _several_or_over_brief(tokens: list[str], below: Paragraph, cues: Cues) -> bool:
    """Whether the tokens of a body-type line are names whatever their surnames: several, or one short over a brief."""
    if len(tokens) >= 2:
        return True
    lone_short = len(tokens) == 1 and 2 <= len(tokens[0]) <= _MAX_BRIEF_WRITER_CHARS
    return lone_short and below.lead == "benbaoxun" and "names_over_briefs" not in cues.disabled


def _plain_names_under_bold(
    above: Paragraph, paragraph: Paragraph, lines: PrintedLines, cues: Cues
) -> list[str] | None:
    """The writers on a line printed in plain type under a headline printed in fake bold.

    A headline's lines share its type; a line under it in the text's plain type is no part of it.
    """
    if not lines.bold(above.start, above.end) or lines.bold(paragraph.start, paragraph.end):
        return None
    return _writers(paragraph, lines, cues)


def _writers(paragraph: Paragraph, lines: PrintedLines, cues: Cues) -> list[str] | None:
    """The names on a line known to be no title text: the writers' line under a headline.

    Short tokens without marks there are names (`支林飞  戚德良`, `粒砂`) whatever their surnames,
    and so are runs of names (`陶立华王力`); a post before a name (a part ending in a place or an
    organisation suffix, `孝义市文联陈漓高`) is left to `Cues.signed_line`.
    """
    runs = [
        cues.split_run(token, known_names=True) for token in raw_tokens(lines, paragraph.start, paragraph.end, "、")
    ]
    posts = cues.place_suffixes + cues.organisation_suffixes
    named = all(len(names) > 1 or 2 <= len(names[0]) <= 4 for names in runs)
    named = named and not any(name.endswith(posts) for names in runs for name in names)
    if runs and named and not any(mark in paragraph.text for mark in "“”《》：:"):
        return [name for names in runs for name in names]
    return cues.signed_line(paragraph, lines) or cues.run_in_post(paragraph.text)


def _body_type_under_headlines(paragraphs: list[Paragraph], lines: PrintedLines, cues: Cues) -> None:
    """A line set in body type right under a headline is no part of it: it is the author line.

    On a page read from its geometry (PDF) a headline is set in large type; a short line under it
    in the size of the running text (`钟行`, `孝义市文联陈漓高`) is the writer, whatever its text
    would suggest; a line that names nobody there is running text.
    """
    for index, (above, paragraph) in enumerate(itertools.pairwise(paragraphs), start=1):
        if paragraph.role != "head" or lines.printed_role(paragraph.start, paragraph.end) != "body":
            continue
        if lines.printed_role(above.start, above.end) not in ("headline", "deck"):
            if "body_type_under_bylines" not in cues.disabled and _under_headline_byline(paragraphs, index, lines):
                several_lines = bool(lines.starts(paragraph.start, paragraph.end))
                names = None if several_lines else cues.name_line(paragraph, lines) or _writers(paragraph, lines, cues)
                paragraph.role, paragraph.names = ("author", names) if names else ("body", [])
            continue
        names = cues.name_line(paragraph, lines) or _writers(paragraph, lines, cues)
        if names is None and "wrapped_posts" not in cues.disabled:
            names = _wrapped_post(paragraphs, index, lines, cues)
        paragraph.role, paragraph.names = ("author", names) if names else ("body", [])


def _wrapped_post(paragraphs: list[Paragraph], index: int, lines: PrintedLines, cues: Cues) -> list[str] | None:
    """The writer of a post wrapped onto a second line under a headline (`中国人民银行` / `行长戴相龙`).

    A writer's line is set in the column's width; a long post and name run on into the next line,
    each line in the text's type and a paragraph of its own. The two lines read together as a post
    run into a name make the author line: the second is marked an author line with no names here
    and the names go to the first.
    """
    paragraph = paragraphs[index]
    below = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    if (
        below is None
        or below.role not in ("head", "body")
        or lines.printed_role(below.start, below.end) != "body"
        or lines.starts(below.start, below.end)
        or lines.module(below.start) != lines.module(paragraph.start)
    ):
        return None
    names = cues.run_in_post(paragraph.text + below.text)
    if names:
        below.role, below.names = "author", []
    return names


def _indented_name_runs(paragraphs: list[Paragraph], lines: PrintedLines, cues: Cues) -> None:
    """A one-line run of several names in body type right under a headline is its author line.

    The writers' line under a headline may be indented like a paragraph's first line, so it reads
    as running text; printed without spaces (`赖林嵩周美林范双民张振明`), it is still only names when
    it cuts one way only into names, each after the first starting with a common surname.
    """
    for above, paragraph in itertools.pairwise(paragraphs):
        if (
            paragraph.role != "body"
            or paragraph.lead is not None
            or lines.starts(paragraph.start, paragraph.end)
            or lines.printed_role(paragraph.start, paragraph.end) != "body"
            or lines.printed_role(above.start, above.end) not in ("headline", "deck")
            or lines.module(above.start) != lines.module(paragraph.start)
        ):
            continue
        names = cues.split_run(paragraph.text, known_names=True)
        if len(names) >= 2:
            paragraph.role, paragraph.names = "author", names


def _under_headline_byline(paragraphs: list[Paragraph], index: int, lines: PrintedLines) -> bool:
    """Whether paragraph `index` comes right after the author lines under a headline of its own module.

    A headline stack is the headline in display type, its deck and the writers' line in the text's
    type; a line in the text's type after the writers is the story's text (a subhead read out of
    its column, `重塑交警新形象`, or the story's first lines cut off mid-sentence), never a second
    headline (rule `body_type_under_bylines`).
    """
    module = lines.module(paragraphs[index].start)
    before = index - 1
    while before >= 0 and paragraphs[before].role == "author" and lines.module(paragraphs[before].start) == module:
        before -= 1
    if module is None or before == index - 1 or before < 0:
        return False
    head = paragraphs[before]
    return lines.module(head.start) == module and lines.printed_role(head.start, head.end) in ("headline", "deck")


def _body_type_after_text(paragraphs: list[Paragraph], lines: PrintedLines, dashed_lines: bool = True) -> None:
    """A headline-like line in plain body type right after running text of its module is running text.

    On a page read from its geometry (PDF) a headline is set in large or bold type; a line in the
    running text's own type that follows running text in the same article module is that text's
    next paragraph, cut off where the column or the story's part on this page ends
    (`韩国总统金泳三和当选总统金大`), however short and unpunctuated it is; so is a list printed
    one item a line under a lead-in line of the text (`抽查合格的产品有：` / `…“三鹿”助长奶粉`).
    With `dashed_lines` (rule `dashed_lines_in_text`) so is a line opening with a dash there
    (`——2020年将离石一中确定为…`, an item of a list in the text): a deck is set in the headline's stack.
    """
    roles = ("head", "deck") if dashed_lines else ("head",)
    for above, paragraph in itertools.pairwise(paragraphs):
        if paragraph.role not in roles or above.role not in ("body", "subhead"):
            continue
        if lines.printed_role(paragraph.start, paragraph.end) != "body" or lines.bold(paragraph.start, paragraph.end):
            continue
        module = lines.module(paragraph.start)
        if module is not None and module == lines.module(above.start):
            paragraph.role = "body"


def _writers_between_columns(paragraphs: list[Paragraph], lines: PrintedLines) -> None:
    """A writer's name set at the head of a story's next column is read into the running text: it is the writer.

    Running text is justified: a printed line of two or three characters without a mark ends a
    paragraph, and a paragraph ends a sentence. So a line in body type (PDF) of a lone name of two
    or three characters, after text that stops mid-sentence and before more running text of the
    same module (`…有的眼睛被炸伤，` / `薛原` / `有的被大火烧伤。`), is the writer's name printed
    at the top of the column; the sentence goes on past it.
    """
    for paragraph, below in itertools.pairwise(paragraphs):
        if paragraph.role != "body" or below.role != "body" or below.lead is not None or paragraph.tail is not None:
            continue
        starts = lines.starts(paragraph.start, paragraph.end)
        last = starts[-1] if starts else None
        if last is None or last < paragraph.body_start:
            continue
        name = lines.text[last : paragraph.end]
        if not _WRITER_NAME.fullmatch(name) or lines.printed_role(last, paragraph.end) != "body":
            continue
        if ends_sentence(lines.text[paragraph.body_start : last]) or lines.module(last) != lines.module(below.start):
            continue
        paragraph.end = paragraph.body_end = last
        paragraph.text = lines.text[paragraph.start : last]
        paragraph.writers.append(name)
        below.runs_on = True


def _parted_leads(paragraphs: list[Paragraph], lone_datelines: bool = True) -> None:
    """A dateline and a byline, each on a line of its own, right above running text are its lead.

    A closing dateline prints in parentheses at the end of an article (`（新华社北京1月2日电）`); an
    opening one is bare, with the reporters in parentheses after it (`新华社北京1月2日电（记者 X）`),
    and a wide or letter-spaced dateline pushes them onto a line of their own. Read as one lead,
    the pair opens the body below instead of closing the article above; so does a bare dateline
    alone on its line over running text (`本报银川1月2日电` / `记者胡继鸿报道：…`, rule
    `datelines_over_text`), which then opens no record where it is a further dispatch of its story.
    """
    for dateline, byline, body in zip(paragraphs, paragraphs[1:], paragraphs[2:], strict=False):
        bare = not dateline.text.startswith(("（", "("))
        if dateline.role == "dateline" and bare and byline.role == "byline" and body.role == "body" and not body.lead:
            body.lead, body.lead_dateline, body.lead_names = "dateline", dateline.dateline, byline.names
            body.lead_at = dateline.start
            dateline.role = byline.role = "lead"
    for dateline, body in itertools.pairwise(paragraphs):
        bare = not dateline.text.startswith(("（", "("))
        opens = body.lead == "byline" or (lone_datelines and not body.lead)
        if dateline.role == "dateline" and bare and body.role == "body" and opens:
            body.lead, body.lead_dateline, body.lead_at = "dateline", dateline.dateline, dateline.start
            dateline.role = "lead"


#: What a headline stack's printed type says a paragraph is, over what its text suggests.
_PRINTED_ROLES = {"headline": "head", "kicker": "kicker", "deck": "deck", "label": "furniture"}


def _take_printed_role(paragraph: Paragraph, lines: PrintedLines, keep_display_bullets: bool) -> None:
    """Where the page was read from its geometry (PDF), a headline, kicker, deck or box label is
    known from its type and place. A bullet before a brief's run-in title (text-sized type) is no
    part of it; with `keep_display_bullets` one opening a headline in display type is (rule `display_bullets`)."""
    printed = lines.printed_role(paragraph.start, paragraph.end)
    if printed in _PRINTED_ROLES and paragraph.role != "furniture":
        paragraph.role = _PRINTED_ROLES[printed]
        paragraph.body_start, paragraph.body_end = paragraph.start, paragraph.end
        paragraph.names, paragraph.dateline = [], None
        if printed == "headline" and not (keep_display_bullets and lines.display_type(paragraph.start, paragraph.end)):
            paragraph.text = paragraph.text.lstrip(BLOCK_MARKS + " ")


def _resolve_kickers(paragraphs: list[Paragraph]) -> None:
    """A kicker is a kicker only above a headline; else `汾阳：` is a subhead and `吴城镇` a headline."""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.role != "kicker":
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if following is None or following.role not in ("head", "deck") or _parted(paragraph, following):
            paragraph.role = "subhead" if paragraph.text.endswith(("：", ":")) else "head"


def _demote_subheads(
    lines: PrintedLines, paragraphs: list[Paragraph], width_tolerance: float, disabled: frozenset[str]
) -> None:
    """Bare headline lines inside a running article are its subheads.

    One or two headline lines with no deck, kicker or author line, between two body paragraphs
    of the same page and column width, where nothing closed the article above (no byline, no
    dateline) and nothing opens a new one below (no `本报讯`, no jump marker), are a subhead of
    that article: a new article would come with its own cues, or in another column. A line
    printed in fake bold is a headline's: a subhead is set in the text's own font.
    """
    index = 0
    while index < len(paragraphs):
        if paragraphs[index].role != "head":
            index += 1
            continue
        end = index
        while end < len(paragraphs) and paragraphs[end].role == "head":
            end += 1
        before = paragraphs[index - 1] if index else None
        after = paragraphs[end] if end < len(paragraphs) else None
        if (
            end - index <= 2
            and before is not None
            and after is not None
            and before.role in BODY_ROLES
            and before.tail is None
            and after.role in BODY_ROLES
            and after.lead is None
            and after.tail != "credit"
            and not any(_parted(upper, lower) for upper, lower in itertools.pairwise(paragraphs[index - 1 : end + 1]))
            and not _widths_differ(lines, before, after, width_tolerance)
            and not any(lines.printed_role(p.start, p.end) in _PRINTED_ROLES for p in paragraphs[index:end])
            and ("bold_heads" in disabled or not any(lines.bold(p.start, p.end) for p in paragraphs[index:end]))
        ):
            for paragraph in paragraphs[index:end]:
                paragraph.role = "subhead"
        index = end


def _parted(upper: Paragraph, lower: Paragraph) -> bool:
    """A page break or a jump marker stands between two neighbouring paragraphs."""
    return upper.page != lower.page or lower.jump_before is not None


def _whole_document(doc: Document, lines: PrintedLines, paragraphs: list[Paragraph]) -> list[Article]:
    """Text without any body paragraph (a title, a list of short lines) is one article as it is."""
    kept = [p for p in paragraphs if p.role != "furniture"] or paragraphs
    if not kept:
        return []
    for paragraph in kept:
        paragraph.body_start, paragraph.body_end = paragraph.start, paragraph.end
    text, offsets = _join(doc, lines, kept)
    return [Article(text=text, offsets=offsets, cues=["whole-document:no-body-paragraph"])]


def _join(doc: Document, lines: PrintedLines, paragraphs: list[Paragraph]) -> tuple[str, OffsetMap]:
    """Body parts joined by `\\n`; each `\\n` maps to the raw position of the break after its paragraph."""
    texts: list[str] = []
    maps: list[OffsetMap] = []
    previous: Paragraph | None = None
    for paragraph in paragraphs:
        if paragraph.body_end <= paragraph.body_start:
            continue
        if previous is not None and not paragraph.runs_on:
            maps.append(_break_after(doc, lines, previous))
            texts.append("\n")
        texts.append(doc.text[paragraph.body_start : paragraph.body_end])
        maps.append(doc.offsets.slice(paragraph.body_start, paragraph.body_end))
        previous = paragraph
    return "".join(texts), OffsetMap.concat(maps)


def _break_after(doc: Document, lines: PrintedLines, paragraph: Paragraph) -> OffsetMap:
    """The raw line break after a paragraph: cleanup's `\\n`, or, for a paragraph parted from the
    rest of cleanup's paragraph at a printed line, the line break after its printed line."""
    if paragraph.end < len(doc.text) and doc.text[paragraph.end] == "\n":
        return doc.offsets.slice(paragraph.end, paragraph.end + 1)
    newline = lines.break_after(paragraph.end)
    return OffsetMap([newline if newline is not None else doc.offsets.raw_index(paragraph.end - 1)])


class _PageLayout:
    """Bodies, headline runs and fragments of one document, and the records made from them."""

    def __init__(
        self, doc: Document, lines: PrintedLines, cues: Cues, paragraphs: list[Paragraph], options: SegmentSettings
    ) -> None:
        self.doc = doc
        self.cues = cues
        self.lines = lines
        self.options = options
        self.bodies: list[Body] = []
        self.runs: list[list[Paragraph]] = []
        self.fragments: list[tuple[int, Article]] = []
        self.stray_bylines: list[Paragraph] = []
        self._current: Body | None = None
        self._opening = Edge(cues=["start:document"])
        self._closed_by_cue: Body | None = None
        self._run_above: int | None = None
        self._cut(paragraphs)
        if "continued_columns" not in cues.disabled:
            self._join_continued_columns()
        self._grams = {id(p): ngrams(p.body_text) for body in self.bodies for p in body.paragraphs}
        self.rarity = Rarity(self._grams.values())
        self._body_grams = [self._union(body) for body in self.bodies]
        self.headlines = [headline for index in range(len(self.runs)) for headline in self._group(index)]

    # Cutting the page into bodies ------------------------------------------------------------

    def _cut(self, paragraphs: list[Paragraph]) -> None:
        previous: Paragraph | None = None
        for paragraph in paragraphs:
            if paragraph.role in ("furniture", "lead"):
                continue
            if previous is not None and previous.page != paragraph.page:
                self._close("end:page-break", "start:page-break")
                self._run_above = None
            elif previous is not None and self._new_module(previous, paragraph):
                self._close("end:module", "start:module")
                self._run_above = None
            if paragraph.jump_before is not None:
                self._jump(*paragraph.jump_before)
            self._place(paragraph, continues_run=bool(self.runs) and previous is self.runs[-1][-1])
            previous = paragraph
        self._close("end:document", "start:document")

    def _join_continued_columns(self) -> None:
        """A story's column printed apart from its other columns (past a photo, a box or another story's
        corner) goes on with it, not as a story of its own.

        A story starts with a headline, a lead or at least a paragraph's first line; a module of
        running text that has none of these and whose first printed line is no paragraph's first line
        (the page's reader saw no indent or space above it) is the rest of a paragraph begun
        elsewhere: the nearest story before it on its page whose text stops mid-sentence with
        nothing closing it (byline, dateline, jump note) is that paragraph's story.
        """
        index = 1
        while index < len(self.bodies):
            body = self.bodies[index]
            story = self._open_story_before(index) if self._continues_column(body) else None
            if story is None:
                index += 1
                continue
            body.paragraphs[0].runs_on = True
            story.paragraphs += body.paragraphs
            story.closing = body.closing
            del self.bodies[index]

    def _continues_column(self, body: Body) -> bool:
        first = body.paragraphs[0]
        return (
            body.kind == "article"
            and body.head_run is None
            and first.lead is None
            and not body.opening.authors
            and body.opening.dateline is None
            and all(cue in _COLUMN_BREAKS for cue in body.opening.cues)
            and (self.lines.flush_with_line_under(first.start) or self._remnant(body))
        )

    def _remnant(self, body: Body) -> bool:
        """A module of one printed line too short to be a story (`记。`) or opening with a closing mark
        (`”`): the last words of a story's column, with no line under them to show an indent."""
        if len(body.paragraphs) != 1:
            return False
        first = body.paragraphs[0]
        text = first.body_text.strip()
        one_line = not self.lines.starts(first.start, first.end)
        return one_line and bool(text) and (len(text) <= _MAX_REMNANT_CHARS or text[0] in CLOSING_MARKS)

    def _open_story_before(self, index: int) -> Body | None:
        """The nearest article before body `index` on its page left open mid-sentence (or any, when body
        `index` opens with a closing mark: the quote's sentence ended inside it), not closed by a cue."""
        page = self.bodies[index].page
        for body in reversed(self.bodies[:index]):
            if body.page != page:
                return None
            if body.kind != "article" or not all(cue in _COLUMN_ENDS for cue in body.closing.cues):
                continue
            closes_quote = self.bodies[index].paragraphs[0].body_text.lstrip()[:1] in CLOSING_MARKS
            if closes_quote or not ends_sentence(body.paragraphs[-1].body_text.rstrip()):
                return body
        return None

    def _new_module(self, previous: Paragraph, paragraph: Paragraph) -> bool:
        """On a page read from its geometry, a body does not run from one article module into another."""
        before, here = self.lines.module(previous.start), self.lines.module(paragraph.start)
        return before is not None and here is not None and before != here

    def _place(self, paragraph: Paragraph, continues_run: bool) -> None:
        """Put one paragraph where its role says: a headline run, an edge of a body, or a body.

        `_run_above` remembers the headline run printed right above the next body; an opening
        dateline or a jump line may stand between them.
        """
        role = paragraph.role
        if role in HEAD_ROLES:
            self._close("end:headline", "start:headline")
            if continues_run:
                self.runs[-1].append(paragraph)
            else:
                self.runs.append([paragraph])
            self._run_above = len(self.runs) - 1
        elif role == "jump" and "continued_from" in paragraph.meta:
            self._jump("continued_from", paragraph.meta["continued_from"])
        elif role in _END_ROLES or (role == "dateline" and self._current is not None):
            self._end_with(paragraph, f"end:{role}")
            self._run_above = None
            return
        elif role == "dateline":
            self._opening.cues.append("start:dateline")
            self._opening.take(paragraph)
        elif role == "credit":
            self._caption(paragraph)
            self._run_above = None
        else:
            self._place_body(paragraph)
            self._run_above = None
        self._closed_by_cue = None

    def _jump(self, direction: str, page: str) -> None:
        """`（上接1版）` opens a continued article; `（下转2版）` closes one that goes on elsewhere."""
        if direction == "continued_from":
            self._close("end:continuation", "start:continuation")
            self._opening.meta["continued_from"] = page
        elif self._current is not None:
            self._current.closing.meta["continued_to"] = page
            self._close("end:jump", "start:after-jump")

    def _place_body(self, paragraph: Paragraph) -> None:
        if paragraph.lead is not None and self._lead_under_headline(paragraph):
            assert self._current is not None
            self._run_above, self._current.head_run = self._current.head_run, None
            self._close("end:lead-under-headline", f"start:{paragraph.lead}")
        elif (paragraph.lead == "dateline" and self._dispatch_of_open_story(paragraph)) or (
            paragraph.lead == "benbaoxun" and self._report_of_open_story(paragraph)
        ):
            if self._lead_inside_sentence():
                self._current.opening.take_lead(paragraph)
                paragraph.lead, paragraph.runs_on = None, True
            else:
                paragraph.lead, paragraph.body_start = None, paragraph.start
        if paragraph.lead is not None:
            self._close(f"end:{paragraph.lead}", f"start:{paragraph.lead}")
        if self._current is None:
            self._current = Body("article", [], self._opening, head_run=self._run_above)
            self._opening = Edge()
            self._current.opening.take_lead(paragraph)
        if paragraph.tail == "credit":
            self._caption(paragraph)
            return
        self._current.paragraphs.append(paragraph)
        self._current.closing.authors += paragraph.writers
        if paragraph.tail is not None:
            self._end_with(paragraph, f"end:{paragraph.tail}")

    def _lead_inside_sentence(self) -> bool:
        """Whether the open story's text stops mid-sentence where a lead of that story stands: the lead
        is set at the head of the story's next column (`…特困职工子` / `本报昆明1月3日电` / `（记者张帆）` /
        `女就读小学…`), so its dateline and reporters are the story's own and the sentence goes on
        past it (rule `leads_between_columns`)."""
        return (
            "leads_between_columns" not in self.cues.disabled
            and self._current is not None
            and bool(self._current.paragraphs)
            and not ends_sentence(self._current.paragraphs[-1].body_text.rstrip())
        )

    def _lead_under_headline(self, paragraph: Paragraph) -> bool:
        """Whether a lead is printed right under the headline of the open body, which itself is not.

        A story's text begins under its headline, and its lead is the first thing printed there; a
        module of the page can also hold a headless story set beside the headline (in the column the
        headline does not span), which the reader takes in first. Text read under a headline before
        the lead printed right under it is that other story (rule `leads_under_headlines`, PDF),
        unless it stops mid-sentence: then it is the story's first column, beside its headline, and
        the lead heads the next one (`leads_between_columns`).
        """
        body = self._current
        if "leads_under_headlines" in self.cues.disabled or body is None or not body.paragraphs:
            return False
        if body.head_run is None or not ends_sentence(body.paragraphs[-1].body_text.rstrip()):
            return False
        lead = paragraph.lead_at if paragraph.lead_at is not None else paragraph.start
        module = self.lines.module(lead)
        heads = [p for p in self.runs[body.head_run] if module is not None and self.lines.module(p.start) == module]
        head = self.lines.box(heads[0].start, heads[-1].end) if heads else None
        here = self.lines.box(lead, lead + 1)
        text = self.lines.box(body.paragraphs[0].start, body.paragraphs[0].start + 1)
        if head is None or here is None or text is None:
            return False
        return _right_under(head, here) and not _under(head, text)

    def _dispatch_of_open_story(self, paragraph: Paragraph) -> bool:
        """A story gathered from several wires (综合) prints each dispatch with its dateline under one headline.

        A dateline lead opens a new story only where a headline (which closes the open body) stands
        above it; under a headline whose body already runs, it is the next dispatch of that story
        and its lead stays in the text (`编辑点评：…` over `本报银川1月2日电 记者…报道：…`). Only
        a page read from its geometry shows that no headline stands between (the open body and
        the dispatch share one article module); in extracted text a headline may be printed elsewhere.
        """
        return (
            "dispatches_in_story" not in self.cues.disabled
            and self.lines.module(paragraph.start) is not None
            and self._current is not None
            and bool(self._current.paragraphs)
            and self._current.head_run is not None
        )

    def _report_of_open_story(self, paragraph: Paragraph) -> bool:
        """A story can print a second report with its own lead (`本报北京12月31日讯 新华社记者…报道：`)
        as its next paragraph; a brief column prints several `本报讯` items one under another.

        Make-up sets each brief apart: a head or bold lead, a rule, or a little space above it (or
        the brief above ends with its byline, which closes it). A lead set on the running text's
        own leading right under the open body's last sentence, in its module, is the story's next
        paragraph (under a name line it opens a brief); only a page read from its geometry (PDF) shows that.
        A report filed apart for one story carries its own place and date (`本报北京12月31日讯`); a bare
        `本报讯` is a brief's lead, set without space under the brief above it where the column is
        tight, so it opens a brief wherever it stands (rule `dated_reports`).
        """
        return (
            "leads_on_leading" not in self.cues.disabled
            and ("dated_reports" in self.cues.disabled or self._dated_lead(paragraph))
            and self._current is not None
            and bool(self._current.paragraphs)
            and not self.doc.text[self._current.paragraphs[-1].end : paragraph.start].strip()
            and self._current.paragraphs[-1].text.rstrip(CLOSING_MARKS).endswith(tuple(SENTENCE_ENDS))
            and self.lines.printed_role(paragraph.start, paragraph.start + 1) == "body"
            and self.lines.on_leading_under_line_above(paragraph.start)
        )

    def _dated_lead(self, paragraph: Paragraph) -> bool:
        """Whether the paper's own lead of `paragraph` names a date (`本报北京12月31日讯`, not `本报讯`)."""
        return re.search(MONTH_DAY, self.doc.text[paragraph.start : paragraph.body_start]) is not None

    def _end_with(self, paragraph: Paragraph, cue: str) -> None:
        """An end cue closes the open body; a second one in a row (`（作者单位：…）（王艳）`) joins it."""
        body = self._current or self._closed_by_cue
        if body is None and paragraph.role == "byline" and "stray_bylines" not in self.cues.disabled:
            self.stray_bylines.append(paragraph)
            return
        if body is None:
            self.fragments.append((paragraph.start, self._fragment([paragraph], cue)))
            return
        body.closing.cues.append(cue)
        body.closing.take(paragraph)
        if body is self._current:
            self._close(None, f"start:after-{cue.removeprefix('end:')}")
        self._closed_by_cue = body

    def _close(self, cue: str | None, next_cue: str) -> None:
        body = self._current
        if body is None:
            if next_cue not in self._opening.cues:
                self._opening.cues.append(next_cue)
            return
        if body.paragraphs:
            if cue is not None:
                body.closing.cues.append(cue)
            self.bodies.append(body)
        self._current = None
        self._opening = Edge(cues=[next_cue])

    def _caption(self, credit: Paragraph) -> None:
        """A photo credit closes a caption: the credit's paragraph and the same-width lines above it.

        A caption is set across the photo, so its lines are as wide as the photo, not as the
        article column around it; a change of printed line width is where it starts.
        """
        body = self._current
        above = body.paragraphs if body is not None else []
        inline = credit.role != "credit"
        anchor = credit if inline else (above[-1] if above else None)
        if body is None or anchor is None:
            self.fragments.append((credit.start, self._fragment([credit], "caption:credit-without-caption")))
            return
        if len(anchor.body_text) > self.options.max_caption_chars:
            if inline:
                body.paragraphs.append(credit)
            body.closing.authors += credit.names
            return
        size = self._caption_size(above, anchor)
        caption_paragraphs = above[len(above) - size :] + ([credit] if inline else [])
        rest = above[: len(above) - size]
        if rest:
            body.paragraphs = rest
            body.closing.cues.append("end:caption-block")
            self.bodies.append(body)
            caption = Body("caption", caption_paragraphs, Edge(cues=["start:caption-block"]))
        else:
            caption = Body("caption", caption_paragraphs, body.opening, head_run=body.head_run)
        caption.closing.cues.append("end:photo-credit")
        caption.closing.authors += credit.names
        self.bodies.append(caption)
        self._current = None
        self._opening = Edge(cues=["start:after-photo-credit"])
        self._closed_by_cue = None

    def _caption_size(self, above: list[Paragraph], anchor: Paragraph) -> int:
        """How many paragraphs at the end of `above` belong to the caption that `anchor` ends."""
        width = self.lines.width(anchor.start, anchor.end)
        chars = len(anchor.body_text)
        size = 0
        for paragraph in reversed(above):
            if paragraph is not anchor:
                chars += len(paragraph.body_text)
                if (
                    paragraph.lead is not None
                    or chars > self.options.max_caption_chars
                    or not _same_width(self.lines, paragraph, width, self.options.width_tolerance)
                    or self._set_apart_from_caption(paragraph, anchor)
                ):
                    break
            size += 1
        return size

    def _set_apart_from_caption(self, paragraph: Paragraph, anchor: Paragraph) -> bool:
        """Whether a page read from its geometry sets `paragraph` in another type than the caption `anchor` ends.

        A caption is set in its own type (the reader's `caption` role); the running text above it
        in the text's type is the story's, however wide its lines (rule `caption_type`).
        """
        if "caption_type" in self.cues.disabled:
            return False
        above = self.lines.printed_role(paragraph.start, paragraph.end)
        caption = self.lines.printed_role(anchor.start, anchor.end)
        return above is not None and caption is not None and above != caption

    def _fragment(self, paragraphs: list[Paragraph], cue: str) -> Article:
        for paragraph in paragraphs:
            paragraph.body_start, paragraph.body_end = paragraph.start, paragraph.end
        text, offsets = _join(self.doc, self.lines, paragraphs)
        names = [name for p in paragraphs for name in p.names]
        return Article(text=text, offsets=offsets, kind="other", authors=names, cues=[cue])

    # Headlines -----------------------------------------------------------------------------

    def _group(self, run_index: int) -> list[Headline]:
        """Split a run of headline lines into headlines: structure first, then shared content."""
        headlines: list[Headline] = []
        for paragraph in self.runs[run_index]:
            for part in self._printed_headlines(paragraph):
                if not headlines or not self._attaches(headlines[-1], part):
                    headlines.append(Headline(run_index, part.page))
                headlines[-1].add(part)
        return headlines

    def _printed_headlines(self, paragraph: Paragraph) -> list[Paragraph]:
        """The headlines, kicker and deck lines of a headline paragraph, one printed line at a time.

        Headline lines printed one under the other can reach segmentation as one paragraph:
        two one-line headlines (`岚县举行秋冬季森林防火应急演练` / `岚县开展普法宣传进广场活动`),
        or a kicker over its title (`吴城镇` / `集中学习《论党的宣传思想工作》`). A first printed
        line shaped like a kicker is a kicker and a line starting with `——` is a deck; a
        headline names one article, so where a title line points to another body than the
        title lines above it, a new headline begins (lines that point nowhere stay with them).
        """
        if paragraph.role != "head":
            return [paragraph]
        starts = self.lines.starts(paragraph.start, paragraph.end)
        lines = list(itertools.pairwise([paragraph.start, *starts, paragraph.end]))
        parts: list[Paragraph] = []
        for index, (line_start, line_end) in enumerate(lines):
            text = self.doc.text[line_start:line_end]
            role = self.cues.printed_headline_role(text, first=index == 0, last=index == len(lines) - 1)
            above = parts[-1] if parts else None
            if above is not None and role == above.role == "head" and not self._points_elsewhere(above, text):
                above.end = above.body_end = line_end
                above.text = self.doc.text[above.start : line_end]
                continue
            part = Paragraph(line_start, line_end, text, paragraph.page, role)
            part.body_start, part.body_end = line_start, line_end
            parts.append(part)
        if len(parts) == 1:
            return [paragraph]
        parts[0].jump_before = paragraph.jump_before
        return parts

    def _points_elsewhere(self, above: Paragraph, line: str) -> bool:
        """Whether a title line points to another body than the title lines above it."""
        upper = self._best_body(ngrams(above.text), above.page)
        lower = self._best_body(ngrams(line), above.page)
        return upper is not None and lower is not None and upper != lower

    def _attaches(self, headline: Headline, paragraph: Paragraph) -> bool:
        """Whether a line belongs to the headline above it rather than starting a new one.

        Author lines always do; a deck or date line does under title lines; a title line does
        under a kicker, under an issuer line when it starts with `关于` (`中共中央 国务院` /
        `关于…的意见`), when the line above breaks inside a common word that this line finishes
        (`居委会来了新主任福` / `州140余名下岗职` / `工到街区当家`: a headline is broken where its
        width ends, separate headlines end where words end), or when both lines point to the same
        body by content (a title printed on two lines). A line that points nowhere stays with a
        one-line title above it.
        """
        role = paragraph.role
        if role == "author":
            return True
        if role in ("deck", "head") and headline.lines and self._one_stack(headline, paragraph):
            return True
        if headline.closed or role == "kicker":
            return False
        if role in ("deck", "date"):
            return bool(headline.lines)
        if not headline.lines:
            return True
        if paragraph.text.startswith("关于"):
            return True
        if "words_across_lines" not in self.cues.disabled and breaks_word(headline.lines[-1].text, paragraph.text):
            return True
        above = self._best_body(ngrams("".join(p.text for p in headline.lines)), headline.page)
        below = self._best_body(ngrams(paragraph.text), paragraph.page)
        if above is not None and below is not None:
            return above == below
        return len(headline.lines) == 1

    def _one_stack(self, headline: Headline, paragraph: Paragraph) -> bool:
        """Whether a display line goes on the headline stack above it in one article module (PDF).

        A module holds one story under one headline; a title, its decks and a second deck printed
        one under the other in display type (`运作呈现五个特点：…` / `——●亏损状况有所改善…`) are
        one stack however the deck closed it (rule `display_stacks`).
        """
        if "display_stacks" in self.cues.disabled:
            return False
        above = headline.paragraphs[-1]
        module = self.lines.module(paragraph.start)
        return (
            module is not None
            and module == self.lines.module(above.start)
            and self.lines.printed_role(paragraph.start, paragraph.end) in ("headline", "deck")
            and self.lines.printed_role(above.start, above.end) in ("headline", "deck")
        )

    def _match(self, grams: set[str], page: int, body_index: int) -> float:
        """Content score of a headline on `page` for a body: full on its page, damped on the next.

        Extraction can put a headline block on the neighbouring side of a page break (and cleanup
        may start a page at a jump marker), but a headline never belongs to a body pages away.
        """
        distance = abs(self.bodies[body_index].page - page)
        if distance > 1:
            return 0.0
        factor = 1.0 if distance == 0 else self.options.neighbour_page_factor
        return factor * match_score(grams, self._body_grams[body_index], self.rarity, self.options.min_evidence)

    def _best_body(self, grams: set[str], page: int) -> int | None:
        scored = [(self._match(grams, page, index), index) for index in range(len(self.bodies))]
        best = max(scored, default=(0.0, None))
        return best[1] if best[0] >= self.options.min_match else None

    # Assignment and records ---------------------------------------------------------------

    def articles(self) -> list[Article]:
        if "topic_split" not in self.cues.disabled:
            self._split_topics()
        assignment, scores = self._assign()
        while True:
            split = None if "content_split" in self.cues.disabled else self._split_one(assignment, scores)
            if split is None:
                break
            assignment, scores = split
        joined = set() if "wrapped_title_lines" in self.cues.disabled else self._join_wrapped_lines(assignment)
        owners = {body: head for head, body in assignment.items()}
        unplaced, placed = self._sign_stray_bylines(assignment, owners)
        records = list(self.fragments)
        records += [(p.start, self._fragment([p], "end:byline")) for p in unplaced]
        for index, body in enumerate(self.bodies):
            records.append((body.start, self._record(index, owners.get(index), scores)))
        for index, headline in enumerate(self.headlines):
            if index not in assignment and index not in placed and index not in joined:
                records.append((headline.paragraphs[0].start, self._orphan(headline)))
        return [article for _, article in sorted(records, key=lambda item: item[0])]

    def _join_wrapped_lines(self, assignment: dict[int, int]) -> set[int]:
        """Bare title lines left without a body join the titled headline next to them in their run.

        A headline wrapped over two or three lines can have its line broken inside a word
        (`深化改革防` / `范风险`), so the lines no longer share content and are grouped as two
        headlines; one gets the body, the other none. A headline has a body on the page or a jump
        note saying where it is, so a bare line (no kicker, deck, date or author line) that got
        none, right above or below a titled headline of the same run, is that headline's line;
        a line printed between that headline's own lines belongs to a headline set beside it
        (two headlines extracted line by line in turn). Returns the headlines joined to a neighbour.
        """
        joined: set[int] = set()
        for index, headline in enumerate(self.headlines):
            if index in assignment or not headline.lines:
                continue
            if headline.kicker or headline.deck or headline.date or headline.author_lines:
                continue
            if not _wrapped_part(_squeeze("".join(p.text for p in headline.lines))):
                continue
            for neighbour in (index - 1, index + 1):
                target = self.headlines[neighbour] if neighbour in assignment else None
                if target is None or target.run != headline.run or not target.lines:
                    continue
                if _outside(headline.lines, target.lines):
                    target.lines = sorted([*target.lines, *headline.lines], key=lambda p: p.start)
                    joined.add(index)
                    break
        return joined

    def _sign_stray_bylines(
        self, assignment: dict[int, int], owners: dict[int, int]
    ) -> tuple[list[Paragraph], set[int]]:
        """Give names printed away from any body to the nearest article left unsigned.

        A byline that no open body takes, and a headline that is only an author line and got no
        body, were set apart from their article's text (its column goes on elsewhere on the page,
        or the extractor moved the line); an article is signed, so the names go to the nearest
        article on the page, in reading order, that has no names yet (the one before first at equal
        distance: a byline closes an article). Returns the bylines no article took and the
        author-only headlines that were placed.
        """
        if "stray_bylines" in self.cues.disabled:
            return list(self.stray_bylines), set()
        author_only = {
            index: headline.author_lines
            for index, headline in enumerate(self.headlines)
            if index not in assignment and headline.author_lines and not headline.lines
            if not (headline.kicker or headline.deck or headline.date)
        }
        strays = [(p, None) for p in self.stray_bylines]
        strays += [(p, index) for index, lines in author_only.items() for p in lines]
        unplaced: list[Paragraph] = []
        placed: set[int] = set()
        for paragraph, headline in sorted(strays, key=lambda item: item[0].start):
            target = self._nearest_unsigned(paragraph, owners)
            if target is None:
                if headline is None:
                    unplaced.append(paragraph)
                continue
            target.closing.authors += paragraph.names
            target.closing.cues.append("authors:stray-byline")
            if headline is not None:
                placed.add(headline)
        return unplaced, placed

    def _nearest_unsigned(self, paragraph: Paragraph, owners: dict[int, int]) -> Body | None:
        """The nearest article body on the paragraph's page without names, up to a reach either side."""
        before = [i for i, body in enumerate(self.bodies) if body.start < paragraph.start][::-1]
        after = [i for i, body in enumerate(self.bodies) if body.start > paragraph.start]
        for distance in range(_STRAY_BYLINE_REACH):
            for side in (before, after):
                if distance < len(side):
                    body = self.bodies[side[distance]]
                    if (
                        body.page == paragraph.page
                        and body.kind == "article"
                        and not self._signed(side[distance], owners)
                    ):
                        return body
        return None

    def _signed(self, index: int, owners: dict[int, int]) -> bool:
        body = self.bodies[index]
        owner = owners.get(index)
        headline_names = owner is not None and any(p.names for p in self.headlines[owner].author_lines)
        return bool(body.opening.authors or body.closing.authors or headline_names)

    def _scores(self) -> dict[tuple[int, int], tuple[float, bool]]:
        """Content score of every headline for every body on its page or the next, and adjacency."""
        scores: dict[tuple[int, int], tuple[float, bool]] = {}
        last_of_run = {h.run: index for index, h in enumerate(self.headlines)}
        body_modules = [self.lines.module(body.paragraphs[0].start) for body in self.bodies]
        head_modules = [self._module(headline) for headline in self.headlines]
        for h_index, headline in enumerate(self.headlines):
            grams = ngrams(headline.match_text(self.cues.author_marks))
            under = {
                module
                for module, b in zip(body_modules, self.bodies, strict=True)
                if b.head_run == headline.run and b.kind == "article"
            }
            for b_index, body in enumerate(self.bodies):
                adjacent = body.head_run == headline.run and last_of_run[headline.run] == h_index
                if self._other_module(head_modules[h_index], body_modules[b_index], head_modules, under):
                    continue
                value = self._match(grams, headline.page, b_index)
                if value > 0 or adjacent:
                    scores[h_index, b_index] = (value, adjacent)
        return scores

    def _other_module(
        self,
        head_module: tuple[int, int] | None,
        body_module: tuple[int, int] | None,
        head_modules: list[tuple[int, int] | None],
        modules_under: set[tuple[int, int] | None],
    ) -> bool:
        """Whether make-up keeps a headline from a body: both in known modules, and different ones.

        A body in a module with a headline of its own goes to no other module's headline (rule
        `own_module_heads`), and a headline printed right over text of its own module
        (`modules_under`) goes to no body of another module (rule `own_module_titles`): a headless
        story set under another one does not take the headline of a module further on. A photo's
        caption under a headline does not count: the headline spans the photo and its story.
        A headline in a module of its own (a banner over several columns) may still go to a body
        of a neighbouring module.
        """
        if body_module is None or head_module is None or head_module == body_module:
            return False
        return body_module in head_modules or (
            "own_module_titles" not in self.cues.disabled and head_module in modules_under
        )

    def _module(self, headline: Headline) -> tuple[int, int] | None:
        """The article module a headline is printed in, on a page read from its geometry.

        Make-up sets a headline over its own text, so a body in a module that has a headline of its
        own goes to no headline of another module, however much that one shares with it (the photo
        title `科技确保粮丰收` over its caption does not take the story listing `4、科技确保粮丰收`).
        """
        if "own_module_heads" in self.cues.disabled or not headline.paragraphs:
            return None
        return self.lines.module(headline.paragraphs[0].start)

    def _assign(self) -> tuple[dict[int, int], dict[tuple[int, int], tuple[float, bool]]]:
        scores = self._scores()
        bonus = self.options.adjacency_bonus
        eligible = {
            pair: value + (bonus if adjacent else 0.0)
            for pair, (value, adjacent) in scores.items()
            if adjacent or value >= self.options.min_match
        }
        return greedy_assignment(eligible), scores

    def _split_one(
        self, assignment: dict[int, int], scores: dict[tuple[int, int], tuple[float, bool]]
    ) -> tuple[dict[int, int], dict[tuple[int, int], tuple[float, bool]]] | None:
        """A headline left over that a taken body carries strongly means the body holds two articles."""
        owners = {body: head for head, body in assignment.items()}
        for h_index in range(len(self.headlines)):
            if h_index in assignment:
                continue
            claims = [(value, b) for (h, b), (value, _) in scores.items() if h == h_index and b in owners]
            if not claims:
                continue
            value, b_index = max(claims)
            if value < self.options.split_match or self.bodies[b_index].kind != "article":
                continue
            if self._join_headline(owners[b_index], h_index) or self._split_body(b_index, owners[b_index], h_index):
                return self._assign()
        return None

    def _split_topics(self) -> None:
        """Bodies that hold two articles with no cue between them, parted where their content changes.

        Where nothing printed marks an article's end, a box boundary (a blank line in the
        extracted text) after a sentence end across which the two sides share less rare content
        than `min_topic_evidence` separates two articles: paragraphs of one article repeat its
        names and key words. The weakest such boundary is cut first, then each side again.
        """
        index = 0
        while index < len(self.bodies):
            body = self.bodies[index]
            k = self._topic_break(body) if body.kind == "article" else None
            if k is None:
                index += 1
                continue
            upper = Body(body.kind, body.paragraphs[:k], body.opening, Edge(cues=["end:topic-change"]), body.head_run)
            lower = Body(body.kind, body.paragraphs[k:], Edge(cues=["start:topic-change"]), body.closing)
            self.bodies[index : index + 1] = [upper, lower]
            self._body_grams[index : index + 1] = [self._union(upper), self._union(lower)]

    def _topic_break(self, body: Body) -> int | None:
        allowed = _split_points(body.paragraphs, _MIN_TOPIC_CHARS)
        shared = boundary_evidence([self._grams[id(p)] for p in body.paragraphs], self.rarity)
        headed = self._headed_modules()
        best: tuple[float, int] | None = None
        for k in range(1, len(body.paragraphs)):
            if not allowed[k] or not self.lines.opens_box(body.paragraphs[k].start):
                continue
            module = self.lines.module(body.paragraphs[k].start)
            if module in headed and module == self.lines.module(body.paragraphs[k - 1].start):
                continue
            evidence = shared[k]
            if evidence < self.options.min_topic_evidence and (best is None or evidence < best[0]):
                best = (evidence, k)
        return best[1] if best else None

    def _headed_modules(self) -> set[tuple[int, int]]:
        """Modules a headline is printed in, where a topic change parts no article.

        Make-up gives each story a module under its own headline; two stories with no headline
        between them are never set in one headed module, so a paragraph there that turns to a new
        subject (`在离我家不远的一条小街里…`) goes on the same story.
        """
        if "topics_in_headed_modules" in self.cues.disabled:
            return set()
        modules = (self.lines.module(h.paragraphs[0].start) for h in self.headlines if h.paragraphs)
        return {module for module in modules if module is not None}

    def _join_headline(self, owner: int, newcomer: int) -> bool:
        """A left-over title line of the same headline run as the body's headline is part of it.

        Two headlines printed side by side can reach the text line by line in turn (`较强冷空气将
        影响` / `全国排球联赛才战两轮` / `我国大部地区`); a line of the run left over that claims the
        body its neighbour took is that headline's other line, not a second article in the body.
        """
        first, second = self.headlines[owner], self.headlines[newcomer]
        if "joined_title_lines" in self.cues.disabled or first.run != second.run or not second.lines:
            return False
        if second.kicker or second.deck or second.author_lines:
            return False
        first.lines = sorted([*first.lines, *second.lines], key=lambda p: p.start)
        del self.headlines[newcomer]
        return True

    def _union(self, body: Body) -> set[str]:
        return set().union(*(self._grams[id(p)] for p in body.paragraphs))

    def _split_body(self, b_index: int, owner: int, newcomer: int) -> bool:
        body = self.bodies[b_index]
        grams = [self._grams[id(p)] for p in body.paragraphs]
        allowed = _split_points(body.paragraphs)
        owner_grams = ngrams(self.headlines[owner].match_text(self.cues.author_marks))
        newcomer_grams = ngrams(self.headlines[newcomer].match_text(self.cues.author_marks))
        k = best_split(grams, owner_grams, newcomer_grams, self.rarity, allowed)
        if k is None:
            return False
        upper = Body(body.kind, body.paragraphs[:k], body.opening, Edge(cues=["end:content-split"]), body.head_run)
        lower = Body(body.kind, body.paragraphs[k:], Edge(cues=["start:content-split"]), body.closing)
        self.bodies[b_index : b_index + 1] = [upper, lower]
        self._body_grams[b_index : b_index + 1] = [self._union(upper), self._union(lower)]
        return True

    def _record(self, index: int, owner: int | None, scores: dict[tuple[int, int], tuple[float, bool]]) -> Article:
        body = self.bodies[index]
        text, offsets = _join(self.doc, self.lines, body.paragraphs)
        cues = [*body.opening.cues, *body.closing.cues]
        authors: list[str] = []
        title = subtitle = None
        if owner is not None:
            headline = self.headlines[owner]
            title, subtitle = headline.title(self._bullets(headline)), headline.subtitle()
            authors += [name for p in headline.author_lines for name in p.names]
            value, adjacent = scores[owner, index]
            if not adjacent:
                how = "displaced-matched"
            else:
                how = "adjacent-matched" if value >= self.options.min_match else "adjacent"
            cues.append(f"title:{how}(score={value:.2f})")
        authors += body.opening.authors + body.closing.authors
        return Article(
            text=text,
            offsets=offsets,
            kind=body.kind,
            title=title,
            subtitle=subtitle,
            authors=list(dict.fromkeys(authors)),
            dateline=body.opening.dateline or body.closing.dateline,
            cues=cues,
            meta={**body.opening.meta, **body.closing.meta},
        )

    def _bullets(self, headline: Headline) -> str:
        """The bullets a headline's title drops: a brief's (`▲`), not those of a headline printed in display
        type (PDF), whose bullet is the headline's own (`●克隆羊多利火星登陆…`, rule `display_bullets`)."""
        lines = headline.title_lines()
        own = "display_bullets" not in self.cues.disabled and lines
        return "" if own and all(self.lines.display_type(p.start, p.end) for p in lines) else self.cues.bullets

    def _orphan(self, headline: Headline) -> Article:
        """A headline whose body is not on the page: kept as a record of kind `other`."""
        lines = headline.title_lines() or headline.paragraphs
        for paragraph in lines:
            paragraph.body_start, paragraph.body_end = paragraph.start, paragraph.end
        text, offsets = _join(self.doc, self.lines, lines)
        return Article(
            text=text,
            offsets=offsets,
            kind="other",
            title=headline.title(self._bullets(headline)),
            subtitle=headline.subtitle(),
            authors=[name for p in headline.author_lines for name in p.names],
            cues=["title:no-body-on-page"],
        )


_Box = tuple[int, tuple[float, float, float, float], float]
_MAX_GAP_UNDER_HEADLINE_EMS = 2.0
"""The most space (in em of the text) between a headline and the first line printed right under it."""


def _under(head: _Box, here: _Box) -> bool:
    """Whether `here` starts below the headline `head` on its page, within the headline's width."""
    (page, (x0, y0, x1, _), _size), (other, (left, _, _, top), size) = head, here
    return page == other and top <= y0 + 0.5 and x0 - size <= left < x1


def _right_under(head: _Box, here: _Box) -> bool:
    """Whether `here` is the first line under the headline `head`: below it, within its width, close."""
    return _under(head, here) and head[1][1] - here[1][3] <= _MAX_GAP_UNDER_HEADLINE_EMS * here[2]


def _split_points(paragraphs: list[Paragraph], min_chars: int = _MIN_SPLIT_CHARS) -> list[bool]:
    """Where a second article may begin inside one body.

    Not before a subhead or list head (an article opens with running text), only after a
    paragraph that ends a sentence, with enough text on each side, and, if the top-level list
    numbering (`一、二、三、`) starts again, between the last head of the first list and the
    restarted `一、`.
    """
    allowed = [False] * len(paragraphs)
    total = sum(len(p.body_text) for p in paragraphs)
    done = 0
    for k in range(1, len(paragraphs)):
        done += len(paragraphs[k - 1].body_text)
        allowed[k] = (
            ends_sentence(paragraphs[k - 1].body_text)
            and not is_list_head(paragraphs[k].body_text)
            and paragraphs[k].role != "subhead"
            and done >= min_chars
            and total - done >= min_chars
        )
    numbers = [
        (index, COUNTING_VALUES.get(top_list_number(p.body_text) or "", 0)) for index, p in enumerate(paragraphs)
    ]
    heads = [(index, value) for index, value in numbers if value]
    for (before, value_before), (restart, value) in itertools.pairwise(heads):
        if value == 1 and value_before > 1:
            return [allowed[k] and before < k <= restart for k in range(len(paragraphs))]
    return allowed


def _same_width(lines: PrintedLines, paragraph: Paragraph, width: float | None, tolerance: float) -> bool:
    own = lines.width(paragraph.start, paragraph.end)
    return width is not None and own is not None and abs(own - width) <= tolerance


def _widths_differ(lines: PrintedLines, upper: Paragraph, lower: Paragraph, tolerance: float) -> bool:
    """Both paragraphs span full printed lines and their columns are not the same width."""
    upper_width = lines.width(upper.start, upper.end)
    lower_width = lines.width(lower.start, lower.end)
    return upper_width is not None and lower_width is not None and abs(upper_width - lower_width) > tolerance
