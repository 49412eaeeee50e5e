"""Reading order of a page's blocks: article modules first, then columns within each.

A newspaper page is a set of rectangular modules (a headline with the columns it stands over),
often interlocked so that no straight cut runs across the whole page. So blocks are first
grouped into modules: each headline (with its kicker and deck) claims the blocks below it that
it stands over, up to the next headline, rule or picture. Modules, and the blocks left outside
any, are then ordered by the two rules a reader follows (Breuel 2003): of two units that share
some width, the upper comes first; of two side by side, the left comes first unless something
printed between them separates them. Within a module the same rules order its blocks, so its
columns are read left to right, each top to bottom. Where the rules leave a choice, reading goes
on down the column it is in.
"""

from __future__ import annotations

import numpy as np

from pipeline.pdf.layout import SENTENCE_ENDS, Block, Box, head_stacks

HEAD_ROLES = ("headline", "kicker", "deck")
MODULE_GAP_EM = 2.5
"""A block this near under another (in em) without a rule between goes on the same module."""
TOLERANCE = 2.0
HEAD_RULE_EM = 1.0
"""A rule this near under a headline (in em of the headline) underlines it; it does not fence it off."""
LEVEL_EM = 1.5
"""Tops this close (in em of the headline) stand level."""
CLAIM_OVERLAP = 4.0
"""A headline stands over a column when it reaches this far (points) into it: a centred headline
over four columns covers the outer two only in part."""
"""Points by which boxes of neighbouring units may overlap and still count as apart."""


def reading_order(blocks: list[Block], rules: list[Box], images: list[Box]) -> list[Block]:
    """`blocks` in reading order; horizontal rules and pictures separate, but are not read."""
    separators = [rule for rule in rules if rule[2] - rule[0] >= rule[3] - rule[1]] + list(images)
    modules = group_modules(blocks, separators)
    in_order = [
        _ordered([block.box for block in module], separators, [[b] for b in module], flat=True)
        for module in _ordered([_box(module) for module in modules], separators, modules)
    ]
    ordered: list[Block] = []
    number = -1
    previous: list[Block] = []
    for members in _join_displaced_starts(in_order):
        headed = any(block.role in HEAD_ROLES for block in members)
        runs_on = bool(previous) and _breaks_off(previous[-1]) and _goes_on(members[0])
        if headed or not previous or not (runs_on or _hangs_under(members[0], previous, separators)):
            number += 1
            previous = []
        for block in members:
            block.module = number
        previous.extend(members)
        ordered.extend(members)
    return ordered


def _join_displaced_starts(modules: list[list[Block]]) -> list[list[Block]]:
    """A story may start in a column beside its headline and go on under it: a module without a
    headline whose text breaks off mid-sentence goes before the body of the nearest headlined
    module, level with it, whose text starts mid-paragraph; the story is read where it is met first."""
    result = [list(module) for module in modules]
    for index, module in enumerate(result):
        if not module or any(b.role in HEAD_ROLES for b in module) or not _breaks_off(module[-1]):
            continue
        candidates = sorted(range(len(result)), key=lambda other: abs(other - index))
        for other in candidates:
            heads = [b for b in result[other] if b.role in HEAD_ROLES]
            bodies = [b for b in result[other] if b.role == "body"]
            if other == index or not heads or not bodies:
                continue
            if _goes_on(bodies[0]) and _beside(module, heads, bodies[0]) and not _starts_inside(bodies[0], module):
                at = result[other].index(bodies[0])
                result[other][at:at] = module
                first, last = sorted((index, other))
                result[first], result[last] = result[other], []
                break
    return [module for module in result if module]


def _starts_inside(body: Block, module: list[Block]) -> bool:
    """Whether a loose module was already taken into this story (its first body is the module's)."""
    return body in module


def _beside(module: list[Block], heads: list[Block], body: Block) -> bool:
    """A story started beside its headline starts level with the headline's top or its text's."""
    top = max(block.box[3] for block in module)
    head_top = max(block.box[3] for block in heads)
    return min(abs(top - head_top), abs(top - body.box[3])) <= LEVEL_EM * heads[0].size


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
    """The block's first line is not indented: it carries on a paragraph begun elsewhere."""
    first = block.lines[0]
    return first.box[0] < block.box[0] + 0.5 * first.size


def _hangs_under(block: Block, above: list[Block], separators: list[Box]) -> bool:
    """A block without a headline set right under one of the blocks just read goes on their module."""
    for upper in above:
        gap = upper.box[1] - block.box[3]
        if _overlap(upper.box, block.box) > TOLERANCE and -TOLERANCE <= gap <= MODULE_GAP_EM * block.size:
            rule_between = any(
                _overlap(rule, block.box) > TOLERANCE
                and block.box[3] - TOLERANCE <= rule[1] <= upper.box[1] + TOLERANCE
                for rule in separators
            )
            if not rule_between:
                return True
    return False


def _box(module: list[Block]) -> Box:
    boxes = [block.box for block in module]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _overlap(a: Box, b: Box) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def group_modules(blocks: list[Block], separators: list[Box]) -> list[list[Block]]:
    """Headline stacks with the blocks they stand over; every other block a module of its own."""
    heads = [b for b in blocks if b.role in HEAD_ROLES]
    stacks = head_stacks(heads)
    modules = [list(stack) for stack in stacks]
    lowest_heads = [stack[-1] for stack in stacks]
    spans = [_box(stack) for stack in stacks]
    loose: list[list[Block]] = []
    for block in sorted((b for b in blocks if b.role not in HEAD_ROLES), key=lambda b: -b.box[3]):
        owner = _owner(block, lowest_heads, spans, heads, separators)
        if owner is None:
            loose.append([block])
        else:
            modules[owner].append(block)
    return modules + loose


def _owner(
    block: Block, lowest_heads: list[Block], spans: list[Box], heads: list[Block], separators: list[Box]
) -> int | None:
    """The nearest headline stack above the block that stands over it with nothing between."""
    y1 = block.box[3]
    best, best_gap = None, None
    for index, (head, span) in enumerate(zip(lowest_heads, spans, strict=True)):
        gap = head.box[1] - y1
        if gap < -TOLERANCE:
            continue
        if _overlap(span, block.box) < CLAIM_OVERLAP:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = index, gap
    if best is None:
        return None
    head = lowest_heads[best]
    top = head.box[1] - HEAD_RULE_EM * head.size
    for other in [*(h.box for h in heads), *separators]:
        between = other[3] <= top + TOLERANCE and other[1] >= y1 - TOLERANCE
        if between and _overlap(other, block.box) > TOLERANCE:
            return None
    return best


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
