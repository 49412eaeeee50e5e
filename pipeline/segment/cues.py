"""What a paragraph of a cleaned newspaper page is, read from the cues printers use.

Chinese newspapers mark article edges with a few fixed forms: `本报讯` opens a local report,
a byline in parentheses `（王艳）` or an agency dateline `（新华社西宁10月21日电）` closes one,
headlines are short lines without sentence-final punctuation, decks start with `——`, author
lines with `□`, photo credits end with `摄`. `Cues` builds those forms from the paper's profile
(`pipeline/profiles/`) and says what a paragraph is; it never decides where an article ends
(that is `segment.py`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.names import cut_names, run_in_name
from pipeline.profiles import Profile
from pipeline.segment.layout import PrintedLines
from pipeline.typography import (
    CJK_IDEOGRAPHS,
    CLOSING_MARKS,
    COMMAS,
    MONTH_DAY,
    NUMBERING_NUMERALS,
    SENTENCE_ENDS,
    SERIAL_COMMA,
)

_NUMERAL = NUMBERING_NUMERALS
_MAX_HEADLINE_LINES = 4
_PARENTHESIZED = re.compile(r"^[（(]([^（）()]+)[）)]$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
#: A person name: two to four characters, or a transcribed name with `·` (`阿依古丽·买买提`).
_NAME = re.compile(rf"^(?:[{CJK_IDEOGRAPHS}]{{2,4}}|[{CJK_IDEOGRAPHS}]+(?:·[{CJK_IDEOGRAPHS}]+)+)$")
_LIST_HEAD = re.compile(
    rf"^(?:[{_NUMERAL}]+、|[（(][{_NUMERAL}]+[）)]|\d{{1,2}}(?:[.．]\d{{1,2}})+|\d{{1,2}}[、．.](?!\d))"
)
_TOP_LIST_HEAD = re.compile(rf"^([{_NUMERAL}]+)、")
_BYLINE_NAMES = re.compile(f"[{CJK_IDEOGRAPHS}{SERIAL_COMMA}·]+")
_ANY_MARK = re.compile(r"[，。、；：！？“”「」《》（）()——…·:;,!?]")
_QUOTED_LEAD = re.compile(r"^[“「][^”」]{1,16}[”」][：:]")
_TRAILING_PARENS = re.compile(rf"(?<=[{SENTENCE_ENDS}{CLOSING_MARKS}])\s*[（(]([^（）()]{{1,60}})[）)]$")
_NAMES_PER_LINE_MAX = 3
_PARAGRAPH_INDENT = 2.0
"""The first-line indent of a Chinese paragraph, in em (two characters)."""

#: Paragraph roles. Body roles carry text; head roles make up headline groups; the rest are
#: edge cues that close or open an article and are kept out of its text.
BODY_ROLES = frozenset({"body", "subhead"})
HEAD_ROLES = frozenset({"head", "kicker", "deck", "author", "date"})


@dataclass
class Paragraph:
    """One paragraph of the cleaned text, with what its cues say about it.

    `body_start`/`body_end` bound the part that belongs to an article body once an inline
    lead (`本报讯（记者 …）`) or tail (`（执笔整理：…）`, `刘和平 摄`) is cut off. `names`,
    `dateline` and `meta` are what the paragraph or its tail print; `lead_*` what its lead prints.
    """

    start: int
    end: int
    text: str
    page: int
    role: str = "body"
    body_start: int = 0
    body_end: int = 0
    lead: str | None = None
    tail: str | None = None
    names: list[str] = field(default_factory=list)
    dateline: str | None = None
    lead_names: list[str] = field(default_factory=list)
    lead_dateline: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    jump_before: tuple[str, str] | None = None
    writers: list[str] = field(default_factory=list)
    """Writers' names printed inside the paragraph's text (at the head of a column) and taken out of it."""
    runs_on: bool = False
    """The paragraph goes on with the sentence its body's previous paragraph left open (a column printed apart)."""
    lead_at: int | None = None
    """Where the paragraph's lead is printed when it stands on lines of its own above it (`新华社…电`)."""

    @property
    def body_text(self) -> str:
        return self.text[self.body_start - self.start : self.body_end - self.start]


_THREE_CHARACTER_RUNS = {6: (3, 3), 8: (3, 3, 2), 9: (3, 3, 3)}
"""Byline runs no surname cuts, read as three-character names: the commonest length of a Chinese name
and of a transcribed one (`卡拉扬`, `曼德拉`); a lone name is rarely six characters or more, and a run
of five or seven is as often one transcribed name (`内塔尼亚胡`) as two, so it is left whole."""


def _three_character_names(token: str) -> list[str] | None:
    """A byline's run of names with rare or foreign surnames (`戴高乐贝福荣座山雕`) cut into three-character names."""
    sizes = _THREE_CHARACTER_RUNS.get(len(token))
    if sizes is None or not re.fullmatch(f"[{CJK_IDEOGRAPHS}]+", token):
        return None
    bounds = list(itertools.accumulate(sizes, initial=0))
    return [token[low:high] for low, high in itertools.pairwise(bounds)]


def ends_sentence(text: str) -> bool:
    core = text.rstrip(CLOSING_MARKS)
    return bool(core) and core[-1] in SENTENCE_ENDS


def is_headline_text(text: str, max_chars: int) -> bool:
    """Short, and no sentence inside or at its end: how a printed headline line looks."""
    if not 2 <= len(text) <= max_chars or any(mark in text for mark in SENTENCE_ENDS):
        return False
    core = text.rstrip(CLOSING_MARKS)
    return bool(core) and core[-1] not in "，、：:,"


def is_list_head(text: str) -> bool:
    return bool(_LIST_HEAD.match(text))


def top_list_number(text: str) -> str | None:
    """The numeral of a top-level list head (`一、现实与背景` gives `一`)."""
    match = _TOP_LIST_HEAD.match(text)
    return match.group(1) if match else None


def _headline_lines(paragraph: Paragraph, lines: PrintedLines, max_chars: int) -> bool:
    """No sentence anywhere, and every printed line at most `max_chars` long.

    A headline prints on one to three lines, and headline lines printed one under the other
    (a kicker or deck with them) can reach segmentation joined into one paragraph, so the
    length limit holds for each printed line, of which there are at most four.
    """
    starts = [paragraph.start, *lines.starts(paragraph.start, paragraph.end), paragraph.end]
    if len(starts) - 1 > _MAX_HEADLINE_LINES:
        return False
    longest = max(end - start for start, end in itertools.pairwise(starts))
    return longest <= max_chars and is_headline_text(paragraph.text, len(paragraph.text))


def _wrapped_clause(paragraph: Paragraph, lines: PrintedLines, width_tolerance: float) -> bool:
    """A line with a comma that sits in a column of running text is a wrapped line, not a headline.

    Headlines pause with a space, not a comma, and stand apart from the column; a line of a
    hard-wrapped column that does not end its sentence (`在四川省南充市仪陇县，…居民` above
    `步行15分钟即可到达。`) lacks sentence punctuation at its end but has the column's width.
    """
    has_clause = any(mark in paragraph.text for mark in COMMAS)
    return has_clause and lines.sits_in_column(paragraph.start, paragraph.end, width_tolerance)


_MIN_HEADLINE_CLAUSE = 4
"""The shortest clause of a headline with a comma: its halves are phrases (`携手创文明，我们在行动`)."""


def _short_clause(text: str) -> bool:
    """Whether a line with a comma has a clause of fewer than `_MIN_HEADLINE_CLAUSE` characters.

    A headline that pauses with a comma sets two phrases side by side; running text cut at a
    line end opens or breaks off with a word or two around its commas (`统计，1997年全省…`,
    `报道说，这些国籍不同的船长`, `…很有意思，人`).
    """
    clauses = re.split(f"[{COMMAS}]", text.strip())
    return len(clauses) > 1 and any(len(clause) < _MIN_HEADLINE_CLAUSE for clause in clauses)


def raw_tokens(lines: PrintedLines, start: int, end: int, separators: str = "、，,；;") -> list[str]:
    """Tokens of a span of cleaned text, split at whitespace, `separators` and removed raw spaces.

    Cleanup removes the spaces that separate names (`（吴夏峰 张晋晋）` becomes `（吴夏峰张晋晋）`),
    so a boundary is wherever cleanup dropped a space between two characters (the layout says where). A
    wrapped line is not a boundary (nor a paragraph break inside a cue that cleanup split over
    two paragraphs); without a raw space two names stay one token (they are not split by
    guessing).
    """
    tokens: list[str] = []
    current: list[str] = []
    for index in range(start, end):
        char = lines.text[index]
        if char == "\n":
            continue
        if char.isspace() or char in separators:
            if current:
                tokens.append("".join(current))
                current = []
            continue
        if current and lines.space_before(index):
            tokens.append("".join(current))
            current = []
        current.append(char)
    if current:
        tokens.append("".join(current))
    return tokens


def join_single_characters(tokens: list[str]) -> list[str]:
    """Single characters in a row are the halves of names padded with a space: `（郝 峰）` is 郝峰.

    A Chinese name has at least two characters, and typesetters pad a two-character name with
    a space to line it up with three-character ones, so a run of single characters is read in
    pairs (an odd run's last three characters make one name); a lone single character is kept
    as it is. An empty token (a role word taken out) ends a run.
    """
    joined: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) > 1:
            pairs = ["".join(run[i : i + 2]) for i in range(0, len(run) - len(run) % 2, 2)]
            if len(run) % 2:
                pairs[-1] += run[-1]
            joined += pairs
        else:
            joined += run
        run = []
        joined.append(token)
    return joined[:-1]


def _after_colon(text: str) -> str:
    return re.split(r"[：:]", text, maxsplit=1)[-1].strip()


class Cues:
    """The cue forms of one newspaper profile, compiled, and what they say about a paragraph."""

    def __init__(self, profile: Profile, disable: frozenset[str] = frozenset()) -> None:
        self.disabled = disable
        jump_words = profile.words("jumps", "continued_from") + profile.words("jumps", "continued_to")
        jumps = "|".join(sorted(jump_words, key=len, reverse=True))
        self.jump = re.compile(rf"^\s*({jumps})\s*(第?\s*[\d{_NUMERAL}]+\s*版)\s*$")
        self.continued_to = profile.words("jumps", "continued_to")
        end = re.escape(profile.text("leads", "dateline_end"))
        self.dateline = re.compile(rf"^[^\s，。（）]{{0,12}}?{MONTH_DAY}{end}$")
        self.affiliation = re.compile(rf"^(?:{profile.alternation('bylines', 'affiliation_labels')})")
        self.writer = re.compile(rf"^(?:{profile.alternation('bylines', 'writer_labels')})[：:]")
        prefixes = profile.alternation("furniture", "credit_label_prefixes")
        self.furniture = re.compile(rf"^(?:{prefixes})?(?:{profile.alternation('furniture', 'credit_labels')})[：:]")
        self.end_mark = re.compile(rf"^(?:{profile.alternation('bylines', 'end_marks')})$")
        #: Marks that open an author line (`□ 王燕华`, `■ 本报记者 张三`).
        self.author_marks = profile.text("bylines", "author_marks")
        #: `本报讯`, `本报北京1月5日讯`, `本报讯（记者 张三）`, `本报北京1月1日讯 记者王力报道：` (not the
        #: `讯` of `通讯员`), and a dateline lead of any issuer (`新华社北京3月12日电（记者 …）`).
        self.benbaoxun, self.agency_lead = profile.lead_patterns()
        credit = re.escape(profile.text("bylines", "credit_suffix"))
        self.credit_suffix = profile.text("bylines", "credit_suffix")
        self.trailing_credit = re.compile(
            rf"(?<=[{SENTENCE_ENDS}{CLOSING_MARKS}])\s*([^\s{SENTENCE_ENDS}，、（）]{{2,16}}){credit}$"
        )
        labels = profile.alternation("bylines", "credit_labels")
        self.bare_credit = re.compile(
            rf"^(?:[^\s。，、！？]{{2,16}}{credit}|(?:{labels})[：:/／]\s*[^\s。，、！？]{{2,16}})$"
        )
        roles = profile.alternation("bylines", "reporter_roles")
        self.author_line = re.compile(rf"^(?:{roles})")
        #: Reporters in parentheses opening running text (`（记者 余清楚） 江西…`): the lead's byline
        #: when a wide dateline above pushed it to the next line.
        self.byline_lead = re.compile(rf"^[（(](?P<names>(?:{roles})[^（）()，。]{{1,30}})[）)]")
        self.reporter_role = re.compile(rf"(?:{roles})[：:]?")
        self.source = re.compile(rf"^(?:{profile.alternation('bylines', 'source_labels')})[：:]?")
        self.editor = re.compile(rf"^(?:{profile.alternation('bylines', 'editor_labels')})[：:]")
        role_words = profile.words("bylines", "reporter_roles") + profile.words("bylines", "other_roles")
        self.role_words = tuple(sorted(role_words, key=len, reverse=True))
        self.title_suffixes = profile.words("names", "title_suffixes")
        self.organisation_suffixes = profile.words("names", "organisation_suffixes")
        self.place_suffixes = profile.words("names", "place_suffixes")
        self.surnames = frozenset(profile.text("names", "surnames"))
        self.surname_ranks = profile.text("names", "surnames")
        self.signatures = frozenset(profile.words("bylines", "signatures"))
        self.bullets = "" if "brief_bullets" in disable else profile.text("briefs", "bullets")

    def opens_paragraph(self, text: str) -> bool:
        """Whether the text starts with what only ever opens a paragraph: a lead or an author line."""
        return text.startswith(tuple(self.author_marks)) or bool(
            self.benbaoxun.match(text) or self.agency_lead.match(text)
        )

    def lead_length(self, text: str) -> int:
        """How many characters of a lead (`本报讯（记者 …）`, `本报比勒陀利亚12月30日电`) the text opens with."""
        match = self.benbaoxun.match(text) or self.agency_lead.match(text)
        return match.end() if match else 0

    def printed_headline_role(self, text: str, first: bool, last: bool) -> str:
        """The role of one printed line of a headline paragraph: kicker, deck or title line (`head`)."""
        if first and not last and self.is_kicker_text(text):
            return "kicker"
        return "deck" if text.startswith("——") else "head"

    def stands_alone(self, text: str) -> bool:
        """A dateline or a cue in parentheses (byline, dateline, affiliation, jump) as a whole line."""
        whole = _PARENTHESIZED.match(text)
        return bool(self.dateline.match(text)) or (
            whole is not None and self.parenthesized_kind(whole.group(1)) is not None
        )

    def is_kicker_text(self, text: str) -> bool:
        """A section head over a headline: `汾阳：`, `吴城镇` (a place, or at most four characters and a colon)."""
        core = text.rstrip("：:")
        if not core or any(mark in core for mark in "“”「」，、《》（）()"):
            return False
        if core != text:
            return len(core) <= 4 or (len(core) <= 8 and core.endswith(self.place_suffixes))
        return len(core) <= 6 and core.endswith(self.place_suffixes)

    def name_line(self, paragraph: Paragraph, lines: PrintedLines) -> list[str] | None:
        """The names of a paragraph that is one to three names with common surnames (`余清楚`), else None."""
        tokens = join_single_characters(raw_tokens(lines, paragraph.start, paragraph.end, "、"))
        if not 1 <= len(tokens) <= _NAMES_PER_LINE_MAX:
            return None
        named = all(_NAME.match(token) and token[0] in self.surnames and "·" not in token for token in tokens)
        return [name for token in tokens for name in self.split_run(token)] if named else None

    def signed_line(self, paragraph: Paragraph, lines: PrintedLines) -> list[str] | None:
        """The writer of a line that ends in a name (`孝义市文联陈漓高`, `深圳机场集团公司 吴建飞`).

        Set apart in body type, a lone token of two to four characters is a name (pen names like
        `粒砂` start with no surname). A post printed before the name runs into it; the name is the
        last token when it is one, else its last three or two characters starting with a surname,
        with at least two characters before.
        """
        if _ANY_MARK.search(paragraph.text):
            return None
        tokens = raw_tokens(lines, paragraph.start, paragraph.end)
        last = tokens[-1] if tokens else ""
        if len(tokens) == 1 and _NAME.match(last):
            return [last]
        if len(tokens) > 1 and _NAME.match(last) and last[0] in self.surnames:
            return [last]
        for size in (3, 2):
            if len(last) >= size + 2 and last[-size] in self.surnames:
                return [last[-size:]]
        return None

    def run_in_post(self, text: str) -> list[str] | None:
        """The writer of a post printed run into the name (`财政部部长兼国家税务总局局长刘仲藜`).

        A writer holding several posts has them listed with `、`, each ending in a title or an
        organisation suffix (`国家税务总局党组书记、副局长项怀诚`, rule `listed_posts`).
        """
        if "run_in_posts" in self.disabled:
            return None
        posts = self.title_suffixes + self.organisation_suffixes
        *listed, last = text.split("、")
        if listed and ("listed_posts" in self.disabled or not all(post.endswith(posts) for post in listed)):
            return None
        name = run_in_name(last, self.surnames, posts)
        return [name] if name else None

    def split_run(self, token: str, known_names: bool = False, in_byline: bool = False) -> list[str]:
        """A run of names printed without a space (`王锦鹄毛磊`) as its names (`pipeline.names`).

        `known_names`: the run stands where nothing but names prints. `in_byline`: the line is
        already known to be a byline, so a run no surname cuts is read as three-character names
        (rule `three_character_runs`); it does not decide whether a line is names at all.
        """
        if "split_name_runs" in self.disabled:
            return [token]
        known = known_names and "byline_name_runs" not in self.disabled
        ranked = self.surname_ranks if known else ""
        names = cut_names(token, self.surnames, known, ranked)
        if names is None and known and in_byline and "three_character_runs" not in self.disabled:
            names = _three_character_names(token)
        return names or [token]

    def _is_post_line(self, lines: PrintedLines, start: int, end: int) -> bool:
        """`某某市委宣传部 刘明`: a post (a token ending in an organisation suffix) and names after it."""
        tokens = raw_tokens(lines, start, end, "、")
        return (
            len(tokens) >= 2
            and tokens[0].endswith(self.organisation_suffixes)
            and all(_NAME.match(name) for name in join_single_characters(tokens[1:]))
        )

    def is_reporter_line(self, lines: PrintedLines, start: int, end: int) -> bool:
        """`本报记者 吴夏峰 通讯员 张晋晋`: role words and person names, nothing else.

        A name is two to four characters, and names stand apart by a space in the raw text or by
        a role word; `记者看到，这里除了销售日用百货…` starts with a role word but is a sentence.
        """
        if lines.text[start:end] in self.signatures:
            return True
        if not self.author_line.match(lines.text[start:end]):
            return "post_lines" not in self.disabled and self._is_post_line(lines, start, end)
        parts = [part for token in raw_tokens(lines, start, end, "、") for part in self.reporter_role.split(token)]
        names = [name for part in join_single_characters(parts) if part for name in self.split_run(part)]
        return bool(names) and all(_NAME.match(name) for name in names)

    def classify(
        self, paragraph: Paragraph, lines: PrintedLines, max_headline_chars: int, width_tolerance: float
    ) -> None:
        """Set the paragraph's role and cut its inline lead and tail cues, reading names from raw."""
        text = paragraph.text
        span = paragraph.start, paragraph.end
        paragraph.body_start, paragraph.body_end = span
        if self.furniture.match(text):
            paragraph.role = "furniture"
            return
        marked = text.startswith(tuple(self.author_marks)) and is_headline_text(text, max_headline_chars)
        if marked or self.is_reporter_line(lines, paragraph.start, paragraph.end):
            start = paragraph.start + marked
            names = self.names_in(lines, start, paragraph.end, drop_titles=True, max_name_chars=4)
            if not (marked and text[0] in self.bullets and not names and text[1:] not in self.signatures):
                paragraph.role, paragraph.names = "author", names
                return
        whole = _PARENTHESIZED.match(text)
        if whole:
            if not self._classify_parenthesized(paragraph, lines, whole.group(1), paragraph.start + 1):
                paragraph.role = "body"
            return
        if self.dateline.match(text) and len(text) <= 24:
            paragraph.role, paragraph.dateline = "dateline", text
            return
        if self.bare_credit.match(text):
            paragraph.role = "credit"
            paragraph.names = self.names_in(lines, paragraph.start, paragraph.end - text.endswith(self.credit_suffix))
            return
        if self.benbaoxun.match(text) or self.agency_lead.match(text):
            paragraph.role = "body"
            self._cut_lead(paragraph, lines)
            self._cut_tail(paragraph, lines)
            return
        if text.startswith("——") and is_headline_text(text, max_headline_chars) and not lines.starts(*span):
            paragraph.role = "deck"
            return
        short = len(text) <= max_headline_chars
        if self.is_kicker_text(text):
            paragraph.role = "kicker"
            return
        if (
            short
            and (is_list_head(text) or _QUOTED_LEAD.match(text) or text.endswith(("：", ":")))
            and not self._closes_with_cue(text)
        ):
            paragraph.role = "subhead"
            return
        if (
            _headline_lines(paragraph, lines, max_headline_chars)
            and not is_list_head(text)
            and ("wrapped_clause" in self.disabled or not _wrapped_clause(paragraph, lines, width_tolerance))
            and ("short_clauses" in self.disabled or not _short_clause(text))
            and (
                "indented_first_lines" in self.disabled
                or not lines.first_line_of_column(paragraph.start, paragraph.end, _PARAGRAPH_INDENT)
            )
        ):
            paragraph.role = "head"
            return
        paragraph.role = "body"
        self._cut_lead(paragraph, lines)
        self._cut_tail(paragraph, lines)

    def _closes_with_cue(self, text: str) -> bool:
        """Whether a sentence ends the text and a cue in parentheses closes it (`1、图为…警察。（刘盛威）`).

        A list head or lead-in heads what follows; a sentence signed by its writer ends an article.
        """
        match = _TRAILING_PARENS.search(text)
        return (
            "tails_close_text" not in self.disabled
            and match is not None
            and self.parenthesized_kind(match.group(1)) in ("byline", "writer", "dateline", "credit", "end-mark")
        )

    def _classify_parenthesized(self, paragraph: Paragraph, lines: PrintedLines, inner: str, inner_start: int) -> bool:
        """A whole paragraph in parentheses: a jump, date, dateline, credit, affiliation, byline or `（完）`."""
        inner_end = inner_start + len(inner)
        kind = self.parenthesized_kind(inner)
        if kind is None:
            return False
        paragraph.role = kind
        if kind == "jump":
            paragraph.meta.update([self.parse_jump(inner)])
        elif kind == "dateline":
            paragraph.dateline = inner
        elif kind in ("affiliation", "source"):
            paragraph.meta[kind] = _after_colon(inner)
        elif kind == "credit":
            paragraph.names = self.names_in(lines, inner_start, inner_end - 1)
        elif kind in ("byline", "writer"):
            limit = 4 if kind == "writer" else None
            paragraph.names = self.names_in(lines, inner_start, inner_end, drop_titles=True, max_name_chars=limit)
            paragraph.role = "byline"
        return True

    def parse_jump(self, text: str) -> tuple[str, str]:
        """`上接1版` gives `("continued_from", "1版")`, `下转第2版` gives `("continued_to", "第2版")`.

        A marker text in another form (cleanup knows more forms than these) counts as a backward
        jump, the usual kind, with its text as the page.
        """
        inner = re.sub(r"\s", "", text.strip("（）() "))
        match = self.jump.match(inner)
        if match is None:
            forward = any(word in inner for word in self.continued_to)
            return "continued_to" if forward else "continued_from", inner
        direction = "continued_to" if match.group(1) in self.continued_to else "continued_from"
        return direction, match.group(2)

    def parenthesized_kind(self, inner: str) -> str | None:
        """What the text inside a pair of parentheses is, if it is an edge cue at all."""
        inner = inner.strip()
        if self.jump.match(inner):
            return "jump"
        if self.end_mark.match(inner):
            return "end-mark"
        if _DATE.match(inner):
            return "date"
        if self.dateline.match(inner):
            return "dateline"
        if self.affiliation.match(inner):
            return "affiliation"
        if self.source.match(inner):
            return "source"
        if self.editor.match(inner):
            return "furniture"
        if self.writer.match(inner):
            return "writer"
        if inner.endswith(self.credit_suffix) and len(inner) <= 24:
            return "credit"
        compact = re.sub(r"\s", "", inner)
        if 2 <= len(compact) <= 16 and _BYLINE_NAMES.fullmatch(compact):
            return "byline"
        return None

    def _cut_lead(self, paragraph: Paragraph, lines: PrintedLines) -> None:
        match = self.benbaoxun.match(paragraph.text)
        if match:
            paragraph.lead = "benbaoxun"
        elif match := self.agency_lead.match(paragraph.text):
            paragraph.lead, paragraph.lead_dateline = "dateline", match.group("dateline")
        elif "byline_leads" not in self.disabled and (match := self.byline_lead.match(paragraph.text)):
            paragraph.lead = "byline"
        else:
            return
        for group in ("names", "reported"):
            if group in match.re.groupindex and match.group(group):
                start = paragraph.start + match.start(group)
                paragraph.lead_names = self.names_in(lines, start, start + len(match.group(group)))
        paragraph.body_start = paragraph.start + match.end()
        while paragraph.body_start < paragraph.body_end and lines.text[paragraph.body_start] in " \t：:":
            paragraph.body_start += 1

    def _cut_tail(self, paragraph: Paragraph, lines: PrintedLines) -> None:
        text = paragraph.text
        match = _TRAILING_PARENS.search(text)
        if match:
            inner = match.group(1).replace("\n", "")  # a cue broken over two paragraphs (`（本` / `报郑州…电）`)
            kind = self.parenthesized_kind(inner)
            if kind in (None, "date", "furniture"):
                return
            inner_start = paragraph.start + match.start(1)
            inner_end = inner_start + len(match.group(1))
            if kind == "jump":
                paragraph.meta.update([self.parse_jump(inner)])
            elif kind == "dateline":
                paragraph.dateline = paragraph.dateline or inner
            elif kind in ("affiliation", "source"):
                paragraph.meta[kind] = _after_colon(inner)
            elif kind == "credit":
                paragraph.names += self.names_in(lines, inner_start, inner_end - 1)
            elif kind in ("byline", "writer"):
                limit = 4 if kind == "writer" else None
                paragraph.names += self.names_in(lines, inner_start, inner_end, drop_titles=True, max_name_chars=limit)
            paragraph.tail = "byline" if kind == "writer" else kind
        else:
            match = self.trailing_credit.search(text)
            if not match:
                return
            paragraph.tail = "credit"
            start = paragraph.start + match.start(1)
            paragraph.names += self.names_in(lines, start, start + len(match.group(1)))
        paragraph.body_end = paragraph.start + match.start()
        while paragraph.body_end > paragraph.body_start and lines.text[paragraph.body_end - 1].isspace():
            paragraph.body_end -= 1

    def names_in(
        self, lines: PrintedLines, start: int, end: int, drop_titles: bool = False, max_name_chars: int | None = None
    ) -> list[str]:
        """Person names in a byline span of the cleaned text.

        Only what follows the last colon counts (`执笔整理：…`). Names are the raw tokens
        (`raw_tokens`) parted at role words run into them at a line end (`谷源洋本报记者`, rule
        `roles_inside_tokens`), without role words (`记者`, `新华社发`) and organisations, and with
        `drop_titles` without job titles (`管委会主任`); `max_name_chars` drops longer tokens, for
        author lines where a long token is a title (`汾阳杏花村经济技术开发区党工委书记`).
        """
        colon = max(lines.text.rfind("：", start, end), lines.text.rfind(":", start, end))
        raw = raw_tokens(lines, max(start, colon + 1), end)
        if "roles_inside_tokens" not in self.disabled:
            raw = [part for token in raw for part in self.reporter_role.split(token) if part]
        tokens = join_single_characters([self._strip_role(token) for token in raw])
        names = []
        for token in map(self._strip_role, tokens):
            if (
                not token
                or token.endswith(self.organisation_suffixes)
                or (drop_titles and token.endswith(self.title_suffixes))
                or self._role_fragment(token)
            ):
                continue
            names += [
                name
                for name in self.split_run(token, known_names=True, in_byline=max_name_chars is None)
                if max_name_chars is None or len(name) <= max_name_chars
            ]
        return names

    def _role_fragment(self, token: str) -> bool:
        """Part of a role word a line break or letter-spacing cut off (`者` of `记\n者`): no name."""
        return "role_fragments" not in self.disabled and any(token in word for word in self.role_words)

    def _strip_role(self, token: str) -> str:
        changed = True
        while changed and token:
            changed = False
            for word in self.role_words:
                if token.startswith(word):
                    token, changed = token[len(word) :], True
        return token.removesuffix(self.credit_suffix)
