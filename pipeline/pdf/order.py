"""Reading order of a page's blocks: article modules first, then columns within each.

A newspaper page is a set of rectangular modules (a headline with the columns it stands over),
often interlocked so that no straight cut runs across the whole page. So blocks are first
grouped into modules: each headline (with its kicker and deck) owns the columns that hang under
it, down each column to the next headline, rule or the whitespace that parts modules, and the
columns set level with those beside them. Modules, and the blocks left outside
any, are then ordered by the two rules a reader follows (Breuel 2003): of two units that share
some width, the upper comes first; of two side by side, the left comes first unless something
printed between them separates them. Within a module the same rules order its blocks, so its
columns are read left to right, each top to bottom. Where the rules leave a choice, reading goes
on down the column it is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.pdf.layout import (
    OFF_GRID_EM,
    SAME_SIZE,
    SENTENCE_ENDS,
    Block,
    Box,
    Line,
    caption_title,
    head_stacks,
    split_block,
)

HEAD_ROLES = ("headline", "kicker", "deck")
TOLERANCE = 2.0
"""Points by which boxes of neighbouring units may overlap and still count as apart."""
HEAD_RULE_EM = 1.0
"""A rule this near under a headline (in em of the headline) underlines it; it does not fence it off."""
LEVEL_EM = 1.5
"""Tops this close (in em of the headline) stand level."""
CAPTION_READ_EM = 1.5
"""A photo's credit stands this near under its caption (in em of the caption's type)."""
ROW_LEVEL_EM = 0.5
"""Columns of one story start level within this much (in em of the body type)."""
GUTTER_MAX_EM = 4.0
"""Columns this near (in em of the body type) stand side by side."""
HUNG_EM = 0.6
"""Columns side by side may overlap this much (in em): punctuation hung past a column's end."""
LEAD_LINES = 3
"""A story's lead (a dateline, a byline) printed at the head of a column takes at most this many lines."""
CENTRED_EM = 1.0
"""A line whose margins in its column differ by less than this (in em) and exceed it is centred."""
HEAD_REACH_EM = 2.5
"""The first block (or picture) under a head stack, a picture or a caption starts this near under
it (in em of the body type)."""
COLUMN_GAP_EM = 1.2
"""Down a column, a block starting this near under another goes on its module; wider whitespace
(a module's spacing, a line or more) ends the module there."""
CLAIM_OVERLAP = 4.0
"""A headline stands over a column when it reaches this far (points) into it: a centred headline
over four columns covers the outer two only in part."""


def reading_order(blocks: list[Block], rules: list[Box], images: list[Box], frames: list[Box] = ()) -> list[Block]:
    """`blocks` in reading order; horizontal rules and pictures separate, but are not read."""
    flat_rules = [rule for rule in rules if rule[2] - rule[0] >= rule[3] - rule[1]]
    separators = flat_rules + list(images)
    modules = group_modules(blocks, flat_rules, images, list(frames))
    in_order = [
        _module_order(module, separators)
        for module in _ordered([_box(module.blocks) for module in modules], separators, modules)
    ]
    ordered: list[Block] = []
    number = -1
    previous: list[Block] = []
    for members in in_order:
        headed = any(block.role in HEAD_ROLES for block in members)
        runs_on = bool(previous) and _breaks_off(previous[-1]) and _goes_on(members[0])
        goes_on = runs_on or _hangs_under(members[0], previous, separators) or _next_column(members[0], previous)
        if headed or not previous or not goes_on:
            number += 1
            previous = []
        for block in members:
            block.module = number
        previous.extend(members)
        ordered.extend(members)
    return ordered


def _module_order(module: Module, separators: list[Box]) -> list[Block]:
    """A headed module reads its head stack first, then the lead set under it (a byline, a
    dateline), then a column begun beside the headline, then its columns left to right, and last
    the captions of its pictures (a photo's title, caption and credit), apart from the story."""
    if not module.heads:
        rest = [block for block in module.blocks if block not in module.under_head]
        return [*module.under_head, *_ordered([_extent(b) for b in rest], separators, [[b] for b in rest], flat=True)]
    leads, rest = [], []
    captions = sorted(
        (block for block in module.blocks if block in module.captions or block.role == "caption"),
        key=lambda block: -block.box[3],
    )
    for block in module.blocks:
        if block in module.heads or block in module.beside or block in captions:
            continue
        below = _column_under(block, module.blocks)
        if block in module.under_head and below is not None and _is_lead(block, below.box):
            leads.append(block)
        elif block in module.under_head and module.beside:
            lead, goes_on = _split_lead(block)
            leads.extend(lead)
            rest.append(goes_on)
        else:
            rest.append(block)
    leads.sort(key=lambda block: -block.box[3])
    beside = sorted(module.beside, key=lambda block: (block.box[0], -block.box[3]))
    body = _ordered([_extent(block) for block in rest], separators, [[b] for b in rest], flat=True)
    return [*module.heads, *leads, *beside, *body, *captions]


def _column_under(block: Block, blocks: list[Block]) -> Block | None:
    """The nearest of `blocks` set under `block` in its column."""
    under = [
        other
        for other in blocks
        if other is not block and other.box[3] <= block.box[1] + TOLERANCE and _overlap(other.box, block.box) > 0
    ]
    return max(under, key=lambda other: other.box[3]) if under else None


def _is_lead(block: Block, column: Box) -> bool:
    """A few lines under a headline over the column `column`, that are not column text: a block
    of its own narrower than the column (a byline, centred or not), lines letter-spaced, centred
    or stopping short in it (a dateline and byline set at the column's head). A byline line set
    in brackets (`（记者 董伟）`) ends in a bracket, not a sentence. Column text keeps within its
    column's edges: a line reaching past one of them (a byline centred over the column and wider,
    or set across the gutter or rule beside it, centred on the headline) is a lead."""
    if len(block.lines) > LEAD_LINES or (block.text().endswith(SENTENCE_ENDS) and not _bracketed(block.lines[-1].text)):
        return False
    if block.box[2] - block.box[0] < column[2] - column[0] - CENTRED_EM * block.size:
        return True
    margin = 0.5 * block.size
    if len(block.lines) == 1 and (block.box[0] < column[0] - margin or block.box[2] > column[2] + margin):
        return True
    return all(_centred(line, block) or _letter_spaced(line.text) or _short(line, block) for line in block.lines)


def _bracketed(text: str) -> bool:
    """The whole text is one aside in brackets: `（记者 董伟）`."""
    inner = text[1:-1]
    return text[:1] in "（(" and text[-1:] in "）)" and not any(mark in inner for mark in "（(）)")


def _split_lead(block: Block) -> tuple[list[Block], Block]:
    """A story's lead set at the head of the column under its headline (a byline on a line of its
    own, a letter-spaced dateline and the short byline under it) and the text under it; no lead:
    nothing and the block. Running text fills its lines or ends a sentence where it stops short.

    The lead goes before the story's start printed beside the headline, the text after it."""
    count = 0
    for line in block.lines[: min(LEAD_LINES, len(block.lines) - 1)]:
        stops_short = _short(line, block) and (count or not line.text.endswith(SENTENCE_ENDS))
        if not (_centred(line, block) or _letter_spaced(line.text) or stops_short):
            break
        count += 1
    if not count:
        return [], block
    lead, rest = split_block(block, count)
    return [lead], rest


def _short(line: Line, block: Block) -> bool:
    """Ends well before the column's right edge (a byline under a dateline)."""
    return line.box[2] < block.right - CENTRED_EM * line.size


def _centred(line: Line, block: Block) -> bool:
    """Set in the middle of its column: both margins wide and alike (a paragraph's first line is
    indented on the left only)."""
    left, right = line.box[0] - block.box[0], block.right - line.box[2]
    margin = CENTRED_EM * line.size
    return left > margin and right > margin and abs(left - right) <= margin


def _letter_spaced(text: str) -> bool:
    """`本 报 蚌 埠 1 月 1 日 电`: a space between (nearly) every two characters."""
    letters = len(text.replace(" ", ""))
    return letters > 2 and text.count(" ") >= letters // 2


def _breaks_off(block: Block) -> bool:
    """The block's last line fills the column and ends no sentence: its paragraph goes on elsewhere."""
    last = block.lines[-1]
    return (
        block.role == "body"
        and len(block.lines) > 1
        and last.box[2] >= block.right - last.size
        and not last.text.endswith(SENTENCE_ENDS)
    )


def _goes_on(block: Block) -> bool:
    """The block's first line is not indented and fills the column or ends a sentence: it carries
    on a paragraph begun elsewhere (a byline stops short; a single line shows no indent to tell)."""
    first = block.lines[0]
    unindented = first.box[0] < block.box[0] + 0.5 * first.size
    runs_on = not _short(first, block) or first.text.endswith(SENTENCE_ENDS)
    return len(block.lines) > 1 and unindented and runs_on


def _next_column(block: Block, story: list[Block]) -> bool:
    """A block without a headline in the column just right of a column of the story just read,
    starting level with it: the story goes on there (its column ended at a sentence's end), unless
    the story was closed by a line in brackets under it (a tail byline)."""
    if story and _ends_story(story[-1]):
        return False
    for column in story:
        if column.role != "body":
            continue
        gap = block.box[0] - column.box[2]
        level = abs(block.box[3] - column.box[3]) <= LEVEL_EM * block.size
        if level and -HUNG_EM * block.size <= gap <= GUTTER_MAX_EM * block.size:
            return True
    return False


def _hangs_under(block: Block, above: list[Block], separators: list[Box]) -> bool:
    """A block without a headline set right under one of the blocks just read goes on their module."""
    for upper in above:
        gap = upper.box[1] - block.box[3]
        if _stacked_apart(upper, block):
            continue
        if _overlap(upper.box, block.box) > TOLERANCE and -TOLERANCE <= gap <= COLUMN_GAP_EM * block.size:
            rule_between = any(
                _overlap(rule, block.box) > TOLERANCE
                and block.box[3] - TOLERANCE <= rule[1] <= upper.box[1] + TOLERANCE
                for rule in separators
            )
            if not rule_between:
                return True
    return False


def _extent(block: Block) -> Box:
    """The block's box out to its column's right edge (where most of its lines end): punctuation
    hung past it reaches into the gutter, not into the next column."""
    if block.role in HEAD_ROLES or block.right <= block.box[0]:
        return block.box
    return (block.box[0], block.box[1], block.right, block.box[3])


def _box(module: list[Block]) -> Box:
    boxes = [_extent(block) for block in module]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _overlap(a: Box, b: Box) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


@dataclass(eq=False)
class Module:
    """A head stack with the blocks it owns (or one loose block without a headline)."""

    heads: list[Block]
    blocks: list[Block]
    under_head: list[Block] = field(default_factory=list)
    """Blocks set right under the head stack (its lead and its columns' first blocks)."""
    first_row: list[Block] = field(default_factory=list)
    """Blocks set right under the head stack or under a picture or caption the module owns: the
    tops of its columns (a story set under its headline's photo starts its columns there)."""
    beside: list[Block] = field(default_factory=list)
    """A column the story starts in beside its headline, level with it."""
    pictures: list[Box] = field(default_factory=list)
    captions: list[Block] = field(default_factory=list)
    """The title stack of a picture the module owns (its caption's title), read with the caption."""


def group_modules(blocks: list[Block], rules: list[Box], images: list[Box], frames: list[Box]) -> list[Module]:
    """Headline stacks with the blocks they own; the other blocks modules of their own, but for
    the columns of a story without a headline (`_headless_rows`).

    A stack owns what hangs under it: the first block (or picture) in each column it reaches
    into, then, down each column, whatever starts within a line's space under something it owns
    with no rule or headline between; wider whitespace or a rule ends the module there. Beside
    that first row it owns the columns that start level with its columns one gutter away (a
    headline centred or set short over more columns than it covers), and a column level with the
    headline's top one gutter left of its columns whose text breaks off or which ends level with
    the story's foot (the story begun beside its headline). A display line right under a picture
    is the photo's title: it goes with the module that owns the picture."""
    heads = [b for b in blocks if b.role in HEAD_ROLES]
    body = _body_size(blocks)
    modules: list[Module] = []
    titles: dict[Box, list[Block]] = {}
    for stack in head_stacks(heads, list(images), body):
        picture = caption_title(stack[0], list(images), body)
        if picture is not None and picture not in titles:
            titles[picture] = stack
        else:
            modules.append(Module(list(stack), list(stack)))
    loose = sorted((b for b in blocks if b.role not in HEAD_ROLES), key=lambda b: (-b.box[3], b.box[0]))
    owner: dict[int, Module] = {}
    free_pictures = list(images)
    changed, beside_pass = True, False
    while changed:
        changed = False
        for picture in list(free_pictures):
            found = _hangs_from(picture, modules, heads, rules, body, picture=True)
            if found is not None:
                found[0].pictures.append(picture)
                found[0].blocks.extend(titles.get(picture, []))
                found[0].captions.extend(titles.pop(picture, []))
                free_pictures.remove(picture)
                changed = True
        for block in loose:
            if id(block) in owner:
                continue
            found = _hangs_from(_extent(block), modules, heads, rules, body, below=block)
            deferred = found is not None and _under_picture_beside_a_headline(block, found, modules, body)
            if deferred and not beside_pass:
                # the picture's foot or the story begun beside the headline: the beside pass tells
                continue
            module = (
                _level_beside(block, modules, frames, body, loose) if beside_pass and (deferred or not found) else None
            )
            if module is not None:
                found = None
            elif found:
                module = found[0]
            if module is None:
                continue
            owner[id(block)] = module
            module.blocks.append(block)
            if (found and found[1]) or (not found and block not in module.beside):
                module.under_head.append(block)
            if (found and found[2]) or (not found and block not in module.beside):
                module.first_row.append(block)
            changed = True
            if beside_pass:
                break
        # columns set level beside a module's are claimed one at a time, once nothing more hangs
        # under anything: the column a story runs on into may hang under its headline only later
        beside_pass = not changed and not beside_pass
        changed = changed or beside_pass
    titled = [Module(list(stack), list(stack)) for stack in titles.values()]
    headless = [b for b in loose if id(b) not in owner]
    captions = [b for b in blocks if b.role == "caption"]
    return modules + titled + _headless_rows(headless, frames, images, captions, body)


def _headless_rows(
    blocks: list[Block], frames: list[Box], images: list[Box], captions: list[Block], body: float
) -> list[Module]:
    """Blocks without a headline, each a module of its own, except columns set side by side that
    start level, one gutter apart, where the left one is filled to its foot and the right one no
    longer: a story without a headline poured over several columns (a picture set over the left
    columns with its caption counts as their top: the story's next column runs beside it from
    the picture's top); a photo's credit, which goes with the caption it is set under; and a
    byline or dateline set right over a column, which goes with it."""
    modules: list[Module] = []
    for block in sorted(blocks, key=lambda b: (b.box[0], -b.box[3])):
        home = next(
            (
                m
                for m in modules
                if (
                    _runs_into(
                        m.blocks[-1],
                        block,
                        frames,
                        body,
                        _top_under_picture(m.blocks[-1], images, captions, body),
                        poured=len(m.blocks) > 1,
                    )
                    and not _closed_under(m.blocks[-1], blocks, body)
                )
                or _credit_of(m.blocks[-1], block, images, body)
                or _under_lead(m.blocks[-1], block, body)
            ),
            None,
        )
        if home is None:
            modules.append(Module([], [block]))
        else:
            home.blocks.append(block)
    return _leads_to_their_stories(modules, body)


def _leads_to_their_stories(modules: list[Module], body: float) -> list[Module]:
    """A byline or dateline standing alone right over a column of a story without headline goes
    with that story as its lead (read first), wherever its column stands among the story's."""
    kept: list[Module] = []
    for module in modules:
        lead = module.blocks[0]
        story = None
        if len(module.blocks) == 1:
            story = next(
                (
                    other
                    for other in modules
                    if other is not module
                    and len(other.blocks) > 1
                    and any(_under_lead(lead, column, body) for column in other.blocks)
                ),
                None,
            )
        if story is None:
            kept.append(module)
        else:
            story.blocks.append(lead)
            story.under_head.append(lead)
    return kept


def _ends_story(block: Block) -> bool:
    """A line in brackets of its own (a tail byline `（彭珮云）`, a jump line `（下转第7版）`): the
    story it stands under ends there."""
    return block.role == "body" and len(block.lines) == 1 and _bracketed(block.lines[0].text)


def _closed_under(column: Block, blocks: list[Block], body: float) -> bool:
    """Whether a line ending the story (`_ends_story`) stands right under the column: its text
    does not run on into the column beside it, however full its last line."""
    return any(
        _ends_story(other)
        and _overlap(other.box, column.box) > TOLERANCE
        and -TOLERANCE <= column.box[1] - other.box[3] <= COLUMN_GAP_EM * body
        for other in blocks
    )


def _under_lead(lead: Block, column: Block, body: float) -> bool:
    """Whether `column` starts right under `lead`, a byline or dateline set over it (`□ 特约评论员
    晓王` over a story without a headline)."""
    gap = lead.box[1] - column.box[3]
    return (
        lead.role == column.role == "body"
        and len(lead.lines) < len(column.lines)
        and _overlap(lead.box, column.box) > TOLERANCE
        and -TOLERANCE <= gap <= COLUMN_GAP_EM * body
        and _is_lead(lead, column.box)
    )


def _credit_of(caption: Block, credit: Block, images: list[Box], body: float) -> bool:
    """Whether `credit` is the line set right under `caption`, both under one picture's width:
    the photographer's credit, set flush right, may stand beyond the caption's last line."""
    if caption.role != "caption" or credit.role != "caption":
        return False
    gap = caption.box[1] - credit.box[3]
    if not -TOLERANCE <= gap <= CAPTION_READ_EM * caption.size:
        return False
    slack = HEAD_REACH_EM * body
    return any(
        all(picture[0] - slack <= b.box[0] and b.box[2] <= picture[2] + slack for b in (caption, credit))
        and 0 <= picture[1] - caption.box[3] <= slack
        for picture in images
    )


def _top_under_picture(column: Block, images: list[Box], captions: list[Block], body: float) -> float:
    """The top of a picture set right over the column (with its caption between), else the column's top."""
    for picture in images:
        if _overlap(picture, column.box) <= TOLERANCE:
            continue
        # a caption set right under the picture, however many lines it runs to
        under = [
            c.box[1]
            for c in captions
            if _overlap(picture, c.box) > TOLERANCE and -1 <= picture[1] - c.box[3] <= HEAD_REACH_EM * body
        ]
        foot = min([picture[1], *under])
        if -TOLERANCE <= foot - column.box[3] <= HEAD_REACH_EM * body:
            return picture[3]
    return column.box[3]


def _runs_into(
    left: Block, right: Block, frames: list[Box], body: float, top: float | None = None, poured: bool = False
) -> bool:
    """Whether `right` is the next column of the text `left` fills (`top`: where the left column's
    part of the story starts, a picture over it included; its text may also start under a lead,
    a name line or dateline at the column's head). Where the story already runs over columns
    side by side (`poured`) or the two columns end level too (balanced, as make-up sets one
    story's columns), a column ending a paragraph at its foot goes on into one opening the next."""
    if left.role != "body" or right.role != "body" or _frame_of(left.box, frames) != _frame_of(right.box, frames):
        return False
    gap = right.box[0] - _extent(left)[2]
    tops = (left.box[3], _split_lead(left)[1].box[3]) + (() if top is None else (top,))
    level = any(abs(y - right.box[3]) <= ROW_LEVEL_EM * body for y in tops)
    no_longer = right.box[1] >= left.box[1] - ROW_LEVEL_EM * body
    last = left.lines[-1]
    filled = last.box[2] >= left.right - last.size
    # a paragraph (or a subhead, `2.1.1加强思想教育`) ends where a sentence ends or the line stops short
    ends = last.text.endswith(SENTENCE_ENDS) or _short(last, left)
    opens = right.lines[0].box[0] >= right.box[0] + 0.5 * right.size and ends
    balanced = abs(right.box[1] - left.box[1]) <= ROW_LEVEL_EM * body
    return (
        -HUNG_EM * body <= gap <= GUTTER_MAX_EM * body
        and level
        and no_longer
        and (filled or ((poured or balanced) and opens))
    )


def _under_picture_beside_a_headline(
    block: Block, found: tuple[Module, bool, bool], modules: list[Module], body: float
) -> bool:
    """Whether the block hangs only under a picture or its caption (not under a head stack or a
    column) while its top stands level with another story's head stack one gutter to its right:
    under a picture a row of stories may start, each beside or under its headline."""
    module, from_head, first_row = found
    if from_head or not first_row or block.role != "body":
        return False
    right = _extent(block)[2]
    return any(
        abs(block.box[3] - other.heads[0].box[3]) <= LEVEL_EM * other.heads[-1].size
        and -HUNG_EM * body <= other.heads[0].box[0] - right <= GUTTER_MAX_EM * body
        for other in modules
        if other is not module and other.heads
    )


def _body_size(blocks: list[Block]) -> float:
    """The type size most printed lines are set in."""
    sizes = [round(block.size, 1) for block in blocks for _ in block.lines]
    return max(set(sizes), key=sizes.count) if sizes else 9.0


def _hangs_from(
    box: Box,
    modules: list[Module],
    heads: list[Block],
    rules: list[Box],
    body: float,
    picture: bool = False,
    below: Block | None = None,
) -> tuple[Module, bool, bool] | None:
    """The module whose head stack, picture, caption or column the box (of block `below`) hangs
    right under, whether it hangs under the head stack itself (or its lead), and whether it
    starts one of the module's columns (under the head stack, its lead, a picture or a caption)."""
    best: tuple[float, Module, bool, bool] | None = None
    for module in modules:
        foot = module.heads[-1]
        span = _box(module.heads)
        links: list[tuple[Box, float, bool, bool]] = [(foot.box, HEAD_REACH_EM + 0.5 * foot.size / body, True, True)]
        if picture:
            # a picture set under the story's byline or dateline
            links += [(b.box, HEAD_REACH_EM, False, True) for b in module.under_head if _is_lead(b, box)]
        else:
            links += [(p, HEAD_REACH_EM, False, True) for p in module.pictures]
            for b in module.blocks:
                if b.role in HEAD_ROLES and b not in module.captions:
                    continue
                lead = b in module.under_head and _is_lead(b, box)
                if b.role == "caption" or b in module.captions:
                    links.append((_caption_box(b, module.blocks), HEAD_REACH_EM, False, True))
                elif lead or below is None or not _stacked_apart(b, below):
                    links.append((_extent(b), HEAD_REACH_EM if lead else COLUMN_GAP_EM, lead, lead))
        for link, reach, from_head, first_row in links:
            gap = link[1] - box[3]
            under_stack = link is foot.box
            reach_into = _overlap(span if under_stack else link, box)
            if reach_into < (CLAIM_OVERLAP if under_stack else TOLERANCE) or not -TOLERANCE <= gap <= reach * body:
                continue
            top = link[1] - (HEAD_RULE_EM * foot.size if under_stack else 0.0)
            fenced = any(
                other[3] <= top + TOLERANCE and other[1] >= box[3] - TOLERANCE and _overlap(other, box) > TOLERANCE
                for other in [*(h.box for h in heads), *rules]
            )
            if not fenced and (best is None or gap < best[0]):
                best = (gap, module, from_head, first_row)
    return best[1:] if best else None


def _middle_y(line: Line) -> float:
    return (line.box[1] + line.box[3]) / 2


def _stacked_apart(upper: Block, lower: Block) -> bool:
    """Two stories stacked in one column: the upper block's text ends a sentence and the lower
    block's first line stands further under its last than the upper block's lines follow each
    other (a story's lines sit on one grid; make-up parts stacked stories by more than a step).
    A dateline or byline over a column is set apart from it by design."""
    if upper.role != "body" or lower.role != "body" or len(upper.lines) < 2:
        return False
    ends_sentence = upper.lines[-1].text.endswith(SENTENCE_ENDS) and not _bracketed(upper.lines[-1].text)
    if abs(upper.size - lower.size) > SAME_SIZE * upper.size or not ends_sentence:
        return False
    pitch = _middle_y(upper.lines[-2]) - _middle_y(upper.lines[-1])
    step = _middle_y(upper.lines[-1]) - _middle_y(lower.lines[0])
    return step - pitch > OFF_GRID_EM * upper.size


def _caption_box(caption: Block, blocks: list[Block]) -> Box:
    """A caption's box with the credit set right under it (flush right, maybe beyond the
    caption's last line but within its picture's width): the text under them starts below both."""
    credits = [
        other.box
        for other in blocks
        if other.role == "caption"
        and other is not caption
        and -TOLERANCE <= caption.box[1] - other.box[3] <= CAPTION_READ_EM * caption.size
    ]
    boxes = [caption.box, *credits]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), caption.box[3])


def _level_beside(
    block: Block, modules: list[Module], frames: list[Box], body: float, blocks: list[Block]
) -> Module | None:
    """The headed module one of whose first columns (or pictures) starts level with the block one
    gutter beside it, or whose headline's top the block starts level with one gutter left of its
    columns (not of a column begun beside it), its text breaking off (the story begun beside
    its headline). Of several, one whose
    top the block's meets on the line (a module's columns start on one line), then the one whose
    text runs on into the block's (or the block's into its), then the nearest."""
    if block.role != "body":
        return None
    frame = _frame_of(block.box, frames)
    gutter = GUTTER_MAX_EM * body
    top = block.box[3]
    found: list[tuple[bool, bool, float, Module, bool]] = []
    for module in modules:
        if _spans_other_heads(module, block, modules):
            continue
        for picture in module.pictures:
            gap = min(abs(block.box[0] - picture[2]), abs(picture[0] - _extent(block)[2]))
            if gap <= gutter and abs(top - picture[3]) <= LEVEL_EM * body:
                found.append((abs(top - picture[3]) > ROW_LEVEL_EM * body, True, gap, module, False))
        for column in module.blocks:
            if column.role != "body" or _frame_of(column.box, frames) != frame:
                continue
            left_gap, right_gap = column.box[0] - _extent(block)[2], block.box[0] - _extent(column)[2]
            hung = -HUNG_EM * body
            left_of, right_of = hung <= left_gap <= gutter, hung <= right_gap <= gutter
            runs_on = (
                (_breaks_off(column) and _goes_on(block)) if right_of else (_breaks_off(block) and _goes_on(column))
            )
            if (left_of or right_of) and column in module.first_row:
                offset = min(abs(top - column.box[3]), abs(top - _split_lead(column)[1].box[3]))
                # a column left of the story's first row would be read before it: on its line only
                if offset <= (LEVEL_EM if right_of else ROW_LEVEL_EM) * body:
                    distance = min(abs(left_gap), abs(right_gap))
                    found.append((offset > ROW_LEVEL_EM * body, not runs_on, distance, module, False))
            if column not in module.beside:
                begun = _begun_beside(block, module, left_gap, blocks, body)
                found.extend([begun] if begun else [])
        # the story's columns may start under its picture, the text beside it under the headline
        for picture in module.pictures:
            begun = _begun_beside(block, module, picture[0] - _extent(block)[2], blocks, body)
            found.extend([begun] if begun else [])
    if not found:
        return None
    *_, module, beside = min(found, key=lambda item: item[:3])
    if beside:
        module.beside.append(block)
    return module


def _begun_beside(
    block: Block, module: Module, left_gap: float, blocks: list[Block], body: float
) -> tuple[bool, bool, float, Module, bool] | None:
    """The block as the story begun beside the module's headline, `left_gap` left of one of its
    columns or pictures: level with the headline's top, left of it, its text breaking off or
    ending level with the story's foot, and not going on the column to its left."""
    head_offset = abs(block.box[3] - module.heads[0].box[3])
    beside_head = head_offset <= LEVEL_EM * module.heads[-1].size
    # a jump line (`（下转第12版）`) set under the columns is not where they end
    feet = [b.box[1] for b in module.blocks if b.role == "body" and len(b.lines) > 1]
    story_foot = min(feet or [b.box[1] for b in module.blocks if b.role == "body"] or [module.heads[-1].box[1]])
    ends_level = abs(block.box[1] - story_foot) <= LEVEL_EM * body
    if (
        -HUNG_EM * body <= left_gap <= GUTTER_MAX_EM * body
        and beside_head
        and _extent(block)[2] <= module.heads[0].box[0]
        and (_breaks_off(block) or ends_level)
        and not _continues_left(block, blocks, body)
    ):
        return (head_offset > ROW_LEVEL_EM * body, not _breaks_off(block), abs(left_gap), module, True)
    return None


def _continues_left(block: Block, blocks: list[Block], body: float) -> bool:
    """Whether the block goes on the text of the column one gutter to its left, level with it:
    that column breaks off at its foot mid-sentence and the block's first line opens no
    paragraph. A story begun beside its headline opens one."""
    first = block.lines[0]
    if first.box[0] >= block.box[0] + 0.5 * first.size:
        return False
    return any(
        other is not block
        and _breaks_off(other)
        and -HUNG_EM * body <= block.box[0] - _extent(other)[2] <= GUTTER_MAX_EM * body
        and abs(other.box[3] - block.box[3]) <= ROW_LEVEL_EM * body
        for other in blocks
    )


def _spans_other_heads(module: Module, block: Block, modules: list[Module]) -> bool:
    """Whether the module's rectangle grown by the block would hold another story's headline
    (its middle): make-up sets each story in a rectangle of its own, so a column reaching down
    past a headline set under the module's columns is another story's."""
    grown = _box([*module.blocks, block])
    return any(
        grown[0] < (head.box[0] + head.box[2]) / 2 < grown[2] and grown[1] < (head.box[1] + head.box[3]) / 2 < grown[3]
        for other in modules
        if other is not module
        for head in other.heads
    )


def _frame_of(box: Box, frames: list[Box]) -> int:
    """Which frame (boxed briefs) holds the box; -1 for none."""
    for index, frame in enumerate(frames):
        if box[0] >= frame[0] - 1 and box[2] <= frame[2] + 1 and box[1] >= frame[1] - 1 and box[3] <= frame[3] + 1:
            return index
    return -1


def _ordered(boxes: list[Box], separators: list[Box], units: list[list[Block]], flat: bool = False) -> list:
    """Units in reading order by the reader's rules, a topological sort that keeps to the column."""
    count = len(boxes)
    if count <= 1:
        return [unit[0] for unit in units] if flat else units
    b = np.array(boxes, dtype=np.float64)
    x0, y0, x1, y1 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    overlap = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
    shares_width = overlap > TOLERANCE
    above = y0[:, None] >= y1[None, :] - TOLERANCE
    centre = (y0 + y1) / 2
    upper = shares_width & (above | (~above & ~above.T & (centre[:, None] > centre[None, :])))
    left = x1[:, None] <= x0[None, :] + TOLERANCE
    not_below = y1[:, None] > y0[None, :] + TOLERANCE
    side = left & not_below & ~_separated(b, separators, overlap)
    before = upper | side
    np.fill_diagonal(before, False)
    order = _topological(before, b)
    picked = [units[i] for i in order]
    return [unit[0] for unit in picked] if flat else picked


def _separated(b: np.ndarray, separators: list[Box], overlap: np.ndarray) -> np.ndarray:
    """[i, j]: something printed between i (above) and j shares width with both."""
    count = len(b)
    others = np.concatenate([b, np.array(separators, dtype=np.float64).reshape(-1, 4)])
    # k between i and j: k's top under i's foot and k's foot over j's top
    k_under_i = others[None, :, 3] <= b[:, None, 1] + TOLERANCE
    k_over_j = others[None, :, 1] >= b[:, None, 3] - TOLERANCE
    k_overlaps = (
        np.minimum(b[:, None, 2], others[None, :, 2]) - np.maximum(b[:, None, 0], others[None, :, 0]) > TOLERANCE
    )
    first = k_under_i & k_overlaps
    second = k_over_j & k_overlaps
    separated = np.einsum("ik,jk->ij", first.astype(np.int32), second.astype(np.int32)) > 0
    separated[np.arange(count), np.arange(count)] = False
    return separated


def _topological(before: np.ndarray, b: np.ndarray) -> list[int]:
    """Kahn's sort; among units free to go, the one straight below the last read, else the top left."""
    count = len(before)
    waiting = before.sum(axis=0)
    done = np.zeros(count, dtype=bool)
    order: list[int] = []
    last = None
    while len(order) < count:
        free = np.flatnonzero(~done & (waiting == 0))
        if not len(free):
            free = np.flatnonzero(~done)
        choice = _next(free, last, b)
        order.append(choice)
        done[choice] = True
        waiting = waiting - before[choice]
        last = choice
    return order


def _next(free: np.ndarray, last: int | None, b: np.ndarray) -> int:
    if last is not None:
        overlap = np.minimum(b[free, 2], b[last, 2]) - np.maximum(b[free, 0], b[last, 0])
        below = (b[free, 3] <= b[last, 1] + TOLERANCE) & (overlap > TOLERANCE)
        if below.any():
            candidates = free[below]
            return int(candidates[np.argmax(b[candidates, 3])])
    return int(free[np.lexsort((-b[free, 3], b[free, 0]))[0]])
