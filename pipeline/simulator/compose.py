"""Composing one newspaper page: furniture, stories, brief boxes and photos on a column grid.

The page is a grid of 3-6 columns. Modules (a story, a boxed brief column, a photo with its
caption) are stacked into the grid the way a make-up editor fills a page: each goes where the
columns it spans are filled least far down, its body balanced over its columns, and the story
that reaches the bottom is cut and continued elsewhere (`（下转第2版）`). Every choice comes from
the page's own seeded generator; the gold records are written from what was actually placed.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.simulator.sources import Caption, Entity, Pool, Story, half_width
from pipeline.simulator.typeset import (
    Box,
    Drawing,
    Line,
    Rule,
    Run,
    bbox_of,
    break_paragraph,
    justified_run,
    text_width,
)

FORMS_FILE = Path(__file__).with_name("forms.toml")
BOLD_FORMS = ["line", "glyph", "runs"]


def load_forms(path: Path = FORMS_FILE) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def entity_lines(text: str, entities: list[Entity], start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
    """Gold entities of the printed part `text[start:end]`, offsets re-based onto it."""
    end = len(text) if end is None else end
    return [
        {"text": half_width(text[e.start : e.end]), "label": e.label, "start": e.start - start, "end": e.end - start}
        for e in entities
        if start <= e.start and e.end <= end
    ]


def fact_lines(story: Story, start: int = 0, end: int | None = None) -> list[dict[str, Any]]:
    """Gold facts of the printed body part, in gold form (half-width digits), offsets re-based."""
    end = len(story.body) if end is None else end
    lines = []
    for fact_start, fact_end, fact in story.fact_spans or []:
        if start <= fact_start and fact_end <= end:
            line = fact | {"text": half_width(fact["text"]), "start": fact_start - start, "end": fact_end - start}
            if fact.get("subject"):
                line["subject"] = half_width(fact["subject"])
            lines.append(line)
    return lines


class StorySource:
    """Stories of one split in a seeded order, handed out one by one and cycled when used up."""

    def __init__(self, pool: Pool, seed: int) -> None:
        self._stories = list(pool.stories)
        self._captions = list(pool.captions)
        self._rng = random.Random(seed)
        self._queue: deque[Story] = deque()
        self._caption_queue: deque[Caption] = deque()

    def take(self, accept: Callable[[Story], bool] = lambda story: True) -> Story | None:
        """The next story that `accept`s, skipping (and keeping for later) those that don't."""
        for _ in range(2):
            if not self._queue:
                order = self._stories[:]
                self._rng.shuffle(order)
                self._queue.extend(order)
            for index, story in enumerate(self._queue):
                if accept(story):
                    del self._queue[index]
                    return story
            self._queue.clear()
        return None

    def caption(self) -> Caption | None:
        if not self._caption_queue:
            order = self._captions[:]
            self._rng.shuffle(order)
            self._caption_queue.extend(order)
        return self._caption_queue.popleft() if self._caption_queue else None


@dataclass
class Byline:
    """How a story's authors and dateline are printed, and what the gold says about them."""

    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    head_lines: list[tuple[str, float]] = field(default_factory=list)  # text, letter spacing in em
    prefix: str = ""
    tail: str = ""
    tail_own_line: bool = False
    first_line: str = ""  # a name line printed as the body's first line rather than under the headline
    form: str = "none"


@dataclass
class Grid:
    """The page's columns and body type."""

    xs: list[float]
    widths: list[float]
    gutter: float
    top: float
    bottom: float
    body_size: float
    leading: float
    body_font: str
    head_font: str

    def span(self, first: int, count: int) -> tuple[float, float]:
        """Left edge and width of `count` columns from `first`, gutters included."""
        last = first + count - 1
        return self.xs[first], self.xs[last] + self.widths[last] - self.xs[first]


class PageComposer:
    """Builds one page's Drawing and its gold records."""

    def __init__(
        self,
        page_id: str,
        source: StorySource,
        names: list[str],
        forms: dict[str, Any],
        fonts: list[str],
        rng: random.Random,
        paper: str | None = None,
        date: str | None = None,
    ) -> None:
        self.page_id = page_id
        self.source = source
        self.names = names or ["王艳", "张建国", "李红"]
        self.forms = forms
        self.rng = rng
        self.records: list[dict[str, Any]] = []
        self.meta: dict[str, Any] = {"page_id": page_id, "features": []}
        self.digits_full = rng.random() < 0.5
        body_font = rng.choice(fonts)
        head_font = rng.choice(fonts)
        self.paper = paper or rng.choice(forms["papers"])
        self.date = date or f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        self.page_number = rng.choice([1, 1, 2, 3, 4, 5, 6, 8, 10, 12])
        self._build_grid(body_font, head_font)

    # ------------------------------------------------------------------ grid and furniture
    def _build_grid(self, body_font: str, head_font: str) -> None:
        rng = self.rng
        size = rng.choice([8.5, 9.0, 9.5, 10.0, 10.5])
        columns = rng.randint(3, 6)
        narrow = rng.random() < 0.25
        gutter = size * (rng.uniform(0.6, 1.4) if narrow else rng.uniform(2.2, 3.2))
        base = rng.randint(10, 20) if columns >= 5 else rng.randint(12, 24)
        varied = rng.random() < 0.3
        widths = [size * (base + (rng.randint(-3, 4) if varied else 0)) for _ in range(columns)]
        margin = rng.uniform(28, 44)
        xs, x = [], margin
        for width in widths:
            xs.append(x)
            x += width + gutter
        page_width = x - gutter + margin
        page_height = max(640.0, min(1400.0, page_width * rng.uniform(1.3, 1.5)))
        self.drawing = Drawing(page_width, page_height)
        # Up to ~1.5 pdfminer groups a column's lines into one box; wider, each line is a box of its
        # own (blank lines between all lines, as in the seed pages) and columns may come out of order.
        # Typesetting programs write a page's text in their own order: story by story, or row by
        # row across the page. pdfminer joins glyphs into lines in that order, so rows drawn
        # across a narrow gutter come out as one line of two columns (interleaved).
        self.row_order = narrow or rng.random() < 0.2
        self.bold_leads = rng.random() < 0.3  # `本报讯` and `新华社` drawn in fake bold, glyph by glyph
        leading = size * (rng.uniform(1.3, 1.48) if rng.random() < 0.7 else rng.uniform(1.55, 1.8))
        self.grid = Grid(xs, widths, gutter, 0.0, 0.0, size, leading, body_font, head_font)
        self.meta.update(
            columns=columns,
            column_widths=[round(w, 1) for w in widths],
            gutter=round(gutter, 2),
            narrow_gutters=narrow,
            body_size=size,
            leading=round(leading, 2),
            lines_as_boxes=leading > size * 1.5,
            drawn_row_by_row=self.row_order,
            bold_leads=self.bold_leads,
            body_font=body_font,
            head_font=head_font,
            full_width_digits=self.digits_full,
            page_number=self.page_number,
            paper=self.paper,
            date=self.date,
        )
        self.grid.top = self._header()
        self.grid.bottom = self._footer()
        if rng.random() < 0.5 and gutter > size * 1.5:
            self.meta["features"].append("column_rules")
            for index in range(1, columns):
                x_rule = xs[index] - gutter / 2
                self.drawing.rules.append(Rule(x_rule, self.grid.top, x_rule, self.grid.bottom, 0.4))

    def finish(self) -> None:
        """Put the drawing's text in the order the page's typesetting program writes it."""
        if self.row_order:
            self.drawing.runs.sort(key=lambda run: (round(run.y, 1), run.x))

    def printed(self, text: str) -> str:
        """Source text in this page's digit style: full-width as the corpus has it, or half-width."""
        return text if self.digits_full else half_width(text)

    def _date_parts(self) -> dict[str, Any]:
        day = dt.date(int(self.date[:4]), int(self.date[4:6]), int(self.date[6:8]))
        return {"y": day.year, "m": day.month, "d": day.day, "weekday": self.forms["weekdays"][day.weekday()]}

    def _header(self) -> float:
        """Masthead on a front page, a one-line page header elsewhere; the y where the body starts."""
        rng, forms, grid, drawing = self.rng, self.forms, self.grid, self.drawing
        left = grid.xs[0]
        right = grid.xs[-1] + grid.widths[-1]
        date_text = rng.choice(forms["header_dates"]).format(**self._date_parts())
        section = rng.choice(forms["sections"])
        label = rng.choice(forms["page_labels"]).format(section=section, page=self.page_number)
        small = grid.body_size
        if self.page_number == 1 and rng.random() < 0.8:
            self.meta["features"].append("masthead")
            size = rng.uniform(30, 48)
            y = 24 + size
            spacing = rng.choice([0.0, 0.15]) * size
            drawing.runs.append(Run(left, y, self.paper, grid.head_font, size, spacing, rng.choice([None, "line"])))
            info_x = left + text_width(self.paper, grid.head_font, size) + spacing * len(self.paper) + 3 * small
            lines = [date_text] + [
                line.format(
                    issue=rng.randint(10000, 20000),
                    pages=rng.choice([8, 12, 16]),
                    cn=rng.randint(10, 99),
                    lunar=rng.choice("一二三四五六七八九十"),
                )
                for line in rng.sample(forms["masthead_lines"], 2)
            ]
            if info_x + 16 * small > right:
                info_x = left
                y_info = y + small * 1.8
            else:
                y_info = y - size + small * 1.2
            for line in lines:
                drawing.runs.append(Run(info_x, y_info, line, grid.body_font, small))
                y_info += small * 1.5
            bottom = max(y, y_info) + small
            drawing.rules.append(Rule(left, bottom, right, bottom, 2.0))
            drawing.rules.append(Rule(left, bottom + 2.5, right, bottom + 2.5, 0.5))
            return bottom + 2.5 + small * 1.5
        self.meta["features"].append("page_header")
        y = 30.0
        pieces = [label, self.paper, date_text]
        rng.shuffle(pieces)
        drawing.runs.append(Run(left, y, pieces[0], grid.body_font, small * 1.1))
        middle = (left + right) / 2 - text_width(pieces[1], grid.body_font, small) / 2
        drawing.runs.append(Run(middle, y, pieces[1], grid.body_font, small))
        drawing.runs.append(
            Run(right - text_width(pieces[2], grid.body_font, small), y, pieces[2], grid.body_font, small)
        )
        drawing.rules.append(Rule(left, y + small * 0.6, right, y + small * 0.6, 1.0))
        return y + small * 2.2

    def _footer(self) -> float:
        """`责任编辑：…` and the page number; the y where the body must end."""
        rng, grid, drawing = self.rng, self.grid, self.drawing
        left = grid.xs[0]
        right = grid.xs[-1] + grid.widths[-1]
        y = drawing.height - 24
        roles = rng.sample(self.forms["footer_roles"], rng.randint(1, 2))
        credit = "  ".join(f"{role}：{rng.choice(self.names)}" for role in roles)
        size = grid.body_size * 0.9
        drawing.rules.append(Rule(left, y - size * 1.4, right, y - size * 1.4, 0.6))
        if rng.random() < 0.5:
            drawing.runs.append(Run(left, y, credit, grid.body_font, size))
            number = str(self.page_number)
            drawing.runs.append(Run(right - text_width(number, grid.body_font, size), y, number, grid.body_font, size))
        else:
            drawing.runs.append(Run(right - text_width(credit, grid.body_font, size), y, credit, grid.body_font, size))
        self.meta["features"].append("footer")
        return y - size * 2.4

    # ------------------------------------------------------------------ bylines
    def _names(self, story: Story, want: float = 0.75) -> list[str]:
        if story.authors:
            return list(story.authors)
        if self.rng.random() < want:
            return self.rng.sample(self.names, min(len(self.names), self.rng.choice([1, 1, 2, 2, 3])))
        return []

    def _join(self, names: list[str], spaceless: bool = True) -> str:
        separators = self.forms["name_separators"] if spaceless else [s for s in self.forms["name_separators"] if s]
        return self.rng.choice(separators).join(names)

    def byline(self, story: Story, continued: bool = False) -> Byline:
        """One of the byline, dateline and credit forms newspapers print, chosen for the story."""
        rng, forms = self.rng, self.forms
        if continued:
            names = self._names(story, 0.4)
            if names:
                return Byline(names, tail=f"（{self._join(names)}）", form="tail")
            return Byline()
        lead = story.lead
        if story.byline_line:
            line = self.printed(story.byline_line)
            if lead is not None and lead.wire:
                prefix = self.printed(f"{lead.issuer}{lead.place}{lead.date}电 ")
                return Byline(list(story.authors), lead.dateline, [(line, 0.0)], prefix, form="source_line")
            return Byline(list(story.authors), None, [(line, 0.0)], "本报讯 " if lead else "", form="source_line")
        if lead is not None and lead.wire:
            wire = self.printed(f"{lead.issuer}{lead.place}{lead.date}电")
            names = self._names(story, 0.5)
            form = rng.choice(["inline", "inline", "spaced", "tail"])
            if form == "inline":
                credit = f"（记者 {self._join(names, False)}）" if names else ""
                return Byline(names, lead.dateline, prefix=wire + credit + rng.choice(["", " "]), form="wire_inline")
            if form == "spaced":
                head = [(wire, rng.uniform(0.6, 1.0))]
                if names:
                    head.append((f"（记者 {self._join(names, False)}）", 0.0))
                return Byline(names, lead.dateline, head_lines=head, form="wire_spaced")
            head = [(self._join(names), 0.0)] if names else []
            return Byline(names, lead.dateline, head_lines=head, tail=f"（{wire}）", form="wire_tail")
        names = self._names(story)
        if lead is not None and lead.place and lead.date and names and rng.random() < 0.6:
            prefix = self.printed(f"本报{lead.place}{lead.date}讯") + f" 记者{self._join(names, False)}报道："
            return Byline(names, None, prefix=prefix, form="local_reported")
        if names and rng.random() < 0.1:
            # `本报某地X月X日讯` for a report the source dated only by `本报讯`: not a dateline either.
            day = dt.date(int(self.date[:4]), int(self.date[4:6]), int(self.date[6:8])) - dt.timedelta(days=1)
            where = rng.choice(forms["report_places"])
            prefix = f"本报{where}{day.month}月{day.day}日讯 记者{self._join(names, False)}报道："
            return Byline(names, None, prefix=self.printed(prefix), form="local_reported")
        benbao = lead is not None or rng.random() < 0.4
        forms_here = ["name_line", "reporter_line", "post_line", "square", "tail", "paren", "none"]
        form = rng.choice(forms_here) if names else "none"
        opener = "本报讯" + rng.choice(["", " "]) if benbao else ""
        if form == "paren":
            roles = [rng.choice(forms["reporter_roles"][:3]) for _ in names]
            if len(names) > 1 and rng.random() < 0.5:
                inner = " ".join(f"{role} {name}" for role, name in zip(roles, names, strict=True))
            else:
                inner = f"{roles[0]} {self._join(names)}"
            return Byline(names, None, prefix=f"本报讯（{inner}）", form="benbao_paren")
        if form == "tail":
            return Byline(
                names,
                None,
                prefix=opener,
                tail=f"（{self._join(names)}）",
                tail_own_line=rng.random() < 0.3,
                form="tail",
            )
        if form == "name_line" and rng.random() < 0.3:
            return Byline(names, None, first_line=self._join(names), prefix=opener, form="name_first_line")
        if form == "name_line":
            return Byline(names, None, head_lines=[(self._join(names), 0.0)], prefix=opener, form="name_line")
        if form == "reporter_line":
            line = f"{rng.choice(forms['reporter_roles'][:2])} {self._join(names)}"
            return Byline(names, None, head_lines=[(line, 0.0)], prefix=opener, form="reporter_line")
        if form == "post_line":
            post = rng.choice(forms["posts"]).format(place=rng.choice(forms["post_places"]))
            return Byline(names[:1], None, head_lines=[(f"{post} {names[0]}", 0.0)], prefix=opener, form="post_line")
        if form == "square":
            role = rng.choice(["", "", "本报记者 ", "特约评论员 "])
            return Byline(names[:1], None, head_lines=[(f"□ {role}{names[0]}", 0.0)], form="square")
        return Byline([], None, prefix=opener, form="none")

    # ------------------------------------------------------------------ placing modules
    def fill(self) -> None:
        """Place modules until the page is full."""
        rng = self.rng
        self.col_top = [self.grid.top] * len(self.grid.widths)
        failures = 0
        first = True
        if self.page_number > 1 and rng.random() < 0.3:
            story = self.source.take(lambda s: len(s.paragraphs) >= 3)
            if story is not None and not self.place_story(story, continued=True):
                failures += 1
        while failures < 10:
            roll = rng.random()
            if roll < 0.12:
                ok = self.place_brief()
            elif roll < 0.22:
                ok = self.place_photo()
            else:
                story = self.source.take()
                ok = story is not None and self.place_story(story, banner=first and rng.random() < 0.3)
                first = False
            failures += 0 if ok else 1

    def _slot(self, span: int) -> tuple[int, float]:
        """The leftmost `span` columns whose filled part reaches least far down, and where it ends."""
        best = (0, float("inf"))
        for first in range(len(self.col_top) - span + 1):
            top = max(self.col_top[first : first + span])
            if top < best[1] - 0.5:
                best = (first, top)
        return best

    def _span_for(self, story: Story) -> int:
        columns = len(self.grid.widths)
        length = len(story.body)
        if length < 300:
            choices = [1, 1, 2]
        elif length < 1200:
            choices = [1, 2, 2, 3]
        else:
            choices = [2, 3, 3, 4]
        return min(columns, self.rng.choice(choices))

    def _close_module(self, first: int, span: int, bottom: float) -> None:
        gap = self.grid.body_size * 1.4
        for column in range(first, first + span):
            self.col_top[column] = bottom + gap
        if bottom + gap < self.grid.bottom and self.rng.random() < 0.6:
            x, width = self.grid.span(first, span)
            self.drawing.rules.append(Rule(x, bottom + gap * 0.5, x + width, bottom + gap * 0.5, 0.5))

    def _head_runs(
        self, story: Story, byline: Byline, x: float, width: float, y: float, banner: bool
    ) -> tuple[list[Run], float, str | None, str | None]:
        """Kicker, headline, deck and byline lines over `width` from `y`.

        Returns the runs, the y below them, and the gold subtitle and title.
        """
        rng, grid = self.rng, self.grid
        runs: list[Run] = []
        size = grid.body_size
        centred = rng.random() < 0.6

        def place(text: str, font: str, run_size: float, spacing_em: float = 0.0, bold: str | None = None) -> None:
            nonlocal y
            spacing = spacing_em * run_size
            line_width = text_width(text, font, run_size) + spacing * max(0, len(text) - 1)
            left = x + (width - line_width) / 2 if centred and line_width < width else x
            y += run_size * 1.25
            runs.append(Run(left, y, text, font, run_size, spacing, bold))
            y += run_size * 0.3

        subtitle = None
        kicker, headline, deck = story.kicker, story.title, story.deck
        if kicker is None and headline and deck and not deck.startswith("——") and rng.random() < 0.35:
            kicker, headline, deck = headline, deck, None  # the source's two lines, set as kicker and title
        if kicker and deck and not deck.startswith("——"):
            deck = "——" + deck
        if kicker:
            place(self.printed(kicker), grid.head_font, size * rng.uniform(1.1, 1.4))
            subtitle = kicker
            self.meta["features"].append("kicker")
        if headline:
            title = self.printed(headline)
            top = size * (rng.uniform(2.6, 4.0) if banner else rng.uniform(1.5, 3.0))
            head_size = top
            while head_size > size * 1.3 and text_width(title, grid.head_font, head_size) > width * 2:
                head_size *= 0.92
            bold = rng.choice([None, None, *BOLD_FORMS])
            if bold:
                self.meta["features"].append(f"bold_{bold}")
            spacing_em = rng.choice([0.0, 0.0, 0.0, 0.3])
            if text_width(title, grid.head_font, head_size) * (1 + spacing_em) > width:
                spacing_em = 0.0
            pieces = [line.text for line in self._wrap(title, width, grid.head_font, head_size)]
            for piece in pieces:
                place(piece, grid.head_font, head_size, spacing_em, bold)
            if banner:
                self.drawing.rules.append(Rule(x, y + size * 0.5, x + width, y + size * 0.5, 1.2))
                y += size * 0.6
                self.meta["features"].append("banner_rule")
        if deck:
            for piece in self._wrap(self.printed(deck), width, grid.head_font, size * 1.2):
                place(piece.text, grid.head_font, size * 1.2)
            subtitle = deck
            self.meta["features"].append("deck")
        for text, spacing_em in byline.head_lines:
            natural = text_width(text, grid.body_font, size)
            if len(text) > 1 and natural + spacing_em * size * (len(text) - 1) > width:
                spacing_em = max(0.0, (width - natural) / (size * (len(text) - 1)))
            for piece in self._wrap(text, width, grid.body_font, size):
                place(piece.text, grid.body_font, size, spacing_em)
        y += size * 0.6
        return runs, y, half_width(subtitle) if subtitle else None, half_width(headline) if headline else None

    def _inline(self, byline: Byline) -> Byline:
        """A byline printed inside the body (for brief items, which have no head lines)."""
        if not byline.head_lines:
            return byline
        if byline.form == "wire_spaced":
            credit = f"（记者 {self._join(byline.authors, False)}）" if byline.authors else ""
            wire = byline.head_lines[0][0]
            return Byline(byline.authors, byline.dateline, prefix=wire + credit, form="wire_inline")
        if byline.form == "wire_tail":
            return Byline([], byline.dateline, tail=byline.tail, form="wire_tail")
        return Byline(byline.authors, None, prefix="本报讯 ", tail=f"（{self._join(byline.authors)}）", form="tail")

    def _wrap(self, text: str, width: float, font: str, size: float) -> list[Line]:
        """Headline-style wrapping: as many lines as needed, of even length (no orphan glyph)."""
        chars = list(text)
        lines = break_paragraph(chars, [None] * len(chars), width, font, size, 0.0)
        if len(lines) > 1:
            even = text_width(text, font, size) / len(lines) + size
            balanced = break_paragraph(chars, [None] * len(chars), min(width, even), font, size, 0.0)
            if len(balanced) == len(lines):
                return balanced
        return lines

    def _body_paragraphs(
        self, story: Story, byline: Byline, start_paragraph: int, jump_in: str
    ) -> list[tuple[list[str], list[int | None]]]:
        """The body as printed characters with their body offsets (None: lead, byline, jump note)."""
        paragraphs, offset = [], 0
        for index, paragraph in enumerate(story.paragraphs):
            if index >= start_paragraph:
                chars = list(self.printed(paragraph))
                offsets: list[int | None] = list(range(offset, offset + len(paragraph)))
                paragraphs.append((chars, offsets))
            offset += len(paragraph) + 1
        opener = jump_in + byline.prefix
        if byline.first_line:
            paragraphs.insert(0, (list(byline.first_line), [None] * len(byline.first_line)))
        if opener:
            index = 1 if byline.first_line else 0
            chars, offsets = paragraphs[index]
            paragraphs[index] = (list(opener) + chars, [None] * len(opener) + offsets)
        if byline.tail and byline.tail_own_line:
            paragraphs.append((list(byline.tail), [None] * len(byline.tail)))
        elif byline.tail:
            chars, offsets = paragraphs[-1]
            paragraphs[-1] = (chars + list(byline.tail), offsets + [None] * len(byline.tail))
        return paragraphs

    def _flow(
        self,
        paragraphs: list[tuple[list[str], list[int | None]]],
        columns: list[tuple[float, float, float]],
        bottom: float,
        size: float | None = None,
    ) -> tuple[list[tuple[Line, float, float, float]], bool]:
        """Pour the paragraphs into the columns (x, width, top) down to `bottom`; placed lines, all fit."""
        grid = self.grid
        size = size or grid.body_size
        leading = grid.leading * size / grid.body_size
        placed: list[tuple[Line, float, float, float]] = []
        queue = deque(paragraphs)
        fresh = True  # the queue's head starts a paragraph (indented)
        for x, width, top in columns:
            y = top + size
            while queue and y <= bottom:
                chars, offsets = queue[0]
                indent = size * 2 if fresh else 0.0
                lines = break_paragraph(chars, offsets, width, grid.body_font, size, indent)
                room = int((bottom - y) // leading) + 1
                for line in lines[:room]:
                    placed.append((line, x, y, width))
                    y += leading
                if room >= len(lines):
                    queue.popleft()
                    fresh = True
                else:
                    used = sum(len(line.chars) for line in lines[:room])
                    queue[0] = (chars[used:], offsets[used:])
                    fresh = False
                    break
        return placed, not queue

    def place_story(self, story: Story, continued: bool = False, banner: bool = False) -> bool:
        rng, grid = self.rng, self.grid
        span = len(grid.widths) if banner else self._span_for(story)
        first, top = self._slot(span)
        min_lines = 4
        if top + grid.leading * (min_lines + 4) > grid.bottom:
            return False
        start_paragraph = rng.randint(1, len(story.paragraphs) - 1) if continued else 0
        byline = self.byline(story, continued)
        jump_in = ""
        if continued:
            jump_in = rng.choice(self.forms["jump_in"]).format(page=rng.randint(1, max(1, self.page_number - 1)))
            self.meta["features"].append("jump_in")
        l_shape = not continued and span >= 2 and story.title is not None and rng.random() < 0.25
        head_first = first + 1 if l_shape else first
        head_span = span - 1 if l_shape else span
        x, width = grid.span(head_first, head_span)
        show_title = story.title is not None and not continued
        runs, head_bottom, subtitle, title = [], top, None, None
        if not continued:
            runs, head_bottom, subtitle, title = self._head_runs(story, byline, x, width, top, banner)
        if head_bottom + grid.leading * min_lines > grid.bottom:
            return False
        if l_shape:
            self.meta["features"].append("headline_over_other_columns")
        columns = [
            (grid.xs[c], grid.widths[c], top if (l_shape and c == first) else head_bottom)
            for c in range(first, first + span)
        ]
        photo = None
        if not continued and span >= 2 and rng.random() < 0.2 and (caption := self.source.caption()) is not None:
            # A picture under the headline over the columns the headline spans, its caption under it.
            photo_first = first + 1 if l_shape else first
            photo_span = span - 1 if l_shape else rng.randint(max(1, span - 1), span)
            photo_x, photo_width = grid.span(photo_first, photo_span)
            photo = self._photo_block(caption, photo_x, photo_width, head_bottom, grid.bottom - grid.leading * 6)
            if photo is not None:
                below = photo[3] + grid.body_size * 1.2
                columns = [
                    (cx, cw, below if photo_first <= first + i < photo_first + photo_span else ctop)
                    for i, (cx, cw, ctop) in enumerate(columns)
                ]
        paragraphs = self._body_paragraphs(story, byline, start_paragraph, jump_in)
        placed, complete = self._flow(paragraphs, columns, grid.bottom)
        jump_out = None
        if complete:
            low, high = max(c[2] for c in columns), grid.bottom
            while high - low > grid.leading / 2:
                middle = (low + high) / 2
                if self._flow(paragraphs, columns, middle)[1]:
                    high = middle
                else:
                    low = middle
            placed, complete = self._flow(paragraphs, columns, high)
        else:
            placed, _ = self._flow(paragraphs, columns, grid.bottom - grid.leading)
            jump_out = rng.choice(self.forms["jump_out"]).format(page=self.page_number + rng.randint(1, 4))
        if not complete and byline.tail:
            byline.authors = [] if byline.form == "tail" else byline.authors
            byline.dateline = None if byline.form == "wire_tail" else byline.dateline
        body_offsets = [o for line, *_ in placed for o in line.offsets if o is not None]
        if len(body_offsets) < 20:
            return False
        for line, line_x, line_y, line_width in placed:
            if line.offsets and all(o is None for o in line.offsets) and byline.tail_own_line:
                tail_width = text_width(line.text, grid.body_font, grid.body_size)
                runs.append(Run(line_x + line_width - tail_width, line_y, line.text, grid.body_font, grid.body_size))
            else:
                run = justified_run(line, line_x, line_y, line_width, grid.body_font, grid.body_size)
                if self.bold_leads and run.text.startswith(("本报讯", "新华社")) and line.offsets[0] is None:
                    run.bold_prefix = 3
                runs.append(run)
        bottom = max(y for _, _, y, _ in placed)
        if photo is not None:
            bottom = max(bottom, photo[3])
        if jump_out:
            self.meta["features"].append("jump_out")
            last_x, last_width = columns[-1][0], columns[-1][1]
            note_width = text_width(jump_out, grid.body_font, grid.body_size)
            bottom += grid.leading
            runs.append(Run(last_x + last_width - note_width, bottom, jump_out, grid.body_font, grid.body_size))
        self.drawing.runs.extend(runs)
        if photo is not None:
            self.drawing.boxes.append(photo[0])
            self.drawing.runs.extend(photo[1])
            self.records.append(photo[2])
            self.meta["features"].append("photo_in_story")
        self.meta["features"].append(f"byline_{byline.form}")
        start, end = body_offsets[0], body_offsets[-1] + 1
        body = story.body
        whole = start == 0 and end == len(body)
        record: dict[str, Any] = {
            "kind": "article",
            "title": title if show_title else None,
            "subtitle": subtitle if show_title else None,
            "authors": byline.authors,
            "dateline": byline.dateline,
            "text": half_width(body[start:end]),
            "entities": entity_lines(body, story.entities, start, end),
        }
        if whole and story.facts is not None:
            record["facts"] = story.facts
        if story.fact_spans is not None:
            record["facts"] = fact_lines(story, start, end)
        record["source_story"] = story.story_id
        record["bbox"] = bbox_of(runs, self.drawing.height)
        self.records.append(record)
        self._close_module(first, span, bottom)
        return True

    def place_brief(self) -> bool:
        """A framed column of short items under a label such as `简讯`."""
        rng, grid, forms = self.rng, self.grid, self.forms
        span = 1 if rng.random() < 0.7 or len(grid.widths) < 4 else 2
        first, top = self._slot(span)
        x, width = grid.span(first, span)
        pad = grid.body_size * 0.6
        inner_x, inner_width = x + pad, width - 2 * pad
        label = rng.choice(forms["brief_labels"])
        size = grid.body_size
        y = top + size * 1.6
        label_size = size * 1.3
        if y + label_size * 6 > grid.bottom:
            return False
        runs = [
            Run(
                inner_x + (inner_width - text_width(label, grid.head_font, label_size)) / 2,
                y + label_size * 0.4,
                label,
                grid.head_font,
                label_size,
                0.2 * label_size,
            )
        ]
        y += label_size * 1.2
        bullet = rng.choice(forms["brief_bullets"])
        records, items = [], rng.randint(2, 5)
        for _ in range(items):
            story = self.source.take(lambda s: len(s.body) <= 200)
            if story is None:
                break
            item_runs: list[Run] = []
            item_y = y
            titled = story.title is not None and rng.random() < 0.8
            if titled:
                for piece in self._wrap(bullet + self.printed(story.title), inner_width, grid.head_font, size * 1.05):
                    item_y += size * 1.3
                    item_runs.append(
                        Run(
                            inner_x,
                            item_y,
                            piece.text,
                            grid.head_font,
                            size * 1.05,
                            0,
                            rng.choice([None, "glyph", "runs"]),
                        )
                    )
                item_y += size * 0.3
            byline = self._inline(self.byline(story))
            paragraphs = self._body_paragraphs(story, byline, 0, "")
            placed, complete = self._flow(paragraphs, [(inner_x, inner_width, item_y)], grid.bottom - size * 2)
            if not complete:
                break
            for line, line_x, line_y, line_width in placed:
                item_runs.append(justified_run(line, line_x, line_y, line_width, grid.body_font, size))
            runs.extend(item_runs)
            y = max(run.y for run in item_runs) + size * 0.8
            records.append(
                {
                    "kind": "article",
                    "title": half_width(story.title) if titled and story.title else None,
                    "subtitle": None,
                    "authors": byline.authors,
                    "dateline": byline.dateline,
                    "text": half_width(story.body),
                    "entities": entity_lines(story.body, story.entities),
                    "source_story": story.story_id,
                    "bbox": bbox_of(item_runs, self.drawing.height),
                }
                | ({"facts": story.facts} if story.facts is not None else {})
                | ({"facts": fact_lines(story)} if story.fact_spans is not None else {})
            )
        if len(records) < 2:
            return False
        bottom = y
        self.drawing.boxes.append(Box(x, top + size * 0.3, width, bottom - top - size * 0.3))
        self.drawing.runs.extend(runs)
        self.records.extend(records)
        self.meta["features"].append("brief_box")
        self._close_module(first, span, bottom)
        return True

    def _photo_block(
        self, caption: Caption, x: float, width: float, top: float, bottom: float
    ) -> tuple[Box, list[Run], dict[str, Any], float] | None:
        """A picture (a grey box) with its caption and credit under it, if it fits above `bottom`."""
        rng, grid, forms = self.rng, self.grid, self.forms
        height = width * rng.uniform(0.5, 0.75)
        size = grid.body_size * 0.9
        if top + height + size * 8 > bottom:
            return None
        box = Box(x, top, width, height, fill=rng.uniform(0.6, 0.9))
        y = top + height + size * 0.4
        runs: list[Run] = []
        if caption.title:
            for piece in self._wrap(caption.title, width, grid.head_font, size * 1.2):
                y += size * 1.5
                runs.append(Run(x, y, piece.text, grid.head_font, size * 1.2))
        names = caption.authors
        credit = rng.choice(forms["photo_credits"]).format(names=self._join(names)) if names else ""
        own_line = credit and not credit.startswith("（") and rng.random() < 0.6
        chars = list(self.printed(caption.text))
        offsets: list[int | None] = list(range(len(chars)))
        if credit and not own_line:
            chars += list(credit)
            offsets += [None] * len(credit)
        paragraphs = [(chars, offsets)]
        if own_line:
            paragraphs.append((list(credit), [None] * len(credit)))
        placed, complete = self._flow(paragraphs, [(x, width, y)], bottom, size)
        if not complete:
            return None
        for line, line_x, line_y, line_width in placed:
            if own_line and all(o is None for o in line.offsets):
                credit_width = text_width(line.text, grid.body_font, size)
                runs.append(Run(line_x + line_width - credit_width, line_y, line.text, grid.body_font, size))
            else:
                runs.append(justified_run(line, line_x, line_y, line_width, grid.body_font, size))
        record = {
            "kind": "caption",
            "title": caption.title,
            "subtitle": None,
            "authors": names,
            "dateline": None,
            "text": half_width(caption.text),
            "entities": entity_lines(caption.text, caption.entities),
            "source_story": caption.caption_id,
            "bbox": bbox_of(runs, self.drawing.height),
        }
        return box, runs, record, max(run.y for run in runs)

    def place_photo(self) -> bool:
        """A photo module of its own: picture, caption and credit over 1-3 columns."""
        rng, grid = self.rng, self.grid
        caption = self.source.caption()
        if caption is None:
            return False
        span = rng.choice([1, 2, 2, 3]) if len(grid.widths) > 3 else rng.choice([1, 2])
        first, top = self._slot(span)
        x, width = grid.span(first, span)
        block = self._photo_block(caption, x, width, top, grid.bottom)
        if block is None:
            return False
        box, runs, record, bottom = block
        self.drawing.boxes.append(box)
        self.drawing.runs.extend(runs)
        self.records.append(record)
        self.meta["features"].append("photo_caption")
        self._close_module(first, span, bottom)
        return True
