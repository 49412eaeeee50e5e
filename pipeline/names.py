"""Person names as bylines print them: two or three characters after a surname, side by side.

Cleanup (to keep a byline line apart) and segmentation (to read its names) both cut a run of
names printed without a space between them (`王锦鹄毛磊`); the surnames are profile data.
"""

from __future__ import annotations

import re

from pipeline.typography import CJK_IDEOGRAPHS

RUN_MIN_CHARS = 4
KNOWN_RUN_MIN_CHARS = 5
_IDEOGRAPHS = re.compile(f"[{CJK_IDEOGRAPHS}]+")


def cut_names(token: str, surnames: frozenset[str], known_names: bool = False, ranked: str = "") -> list[str] | None:
    """The names in a run of names without spaces, or None when it cannot be cut in one way only.

    A part is two or three characters starting with a surname: `刘澜涛何其芳` is `刘澜涛` and
    `何其芳`; `从商务部获悉` has no such cut and `欧阳修文` none either (`修` is no surname).
    With `known_names` (the run stands where only names print, in a byline's parentheses) the
    first part may start with any character, so a rare surname or a transcribed name leads the
    run (`荆轲龚自珍`, `德鲁克何加正`) of at least `KNOWN_RUN_MIN_CHARS`. Given `ranked` (surnames
    most common first), a run cut two ways is cut where the surnames are commonest.
    """
    if len(token) < RUN_MIN_CHARS or not _IDEOGRAPHS.fullmatch(token):
        return None
    cuts = _cuts(token, surnames, known_names and len(token) >= KNOWN_RUN_MIN_CHARS)
    if len(cuts) > 1 and ranked:
        cuts = _commonest(cuts, ranked)
    return cuts[0] if len(cuts) == 1 else None


def _commonest(cuts: list[list[str]], ranked: str) -> list[list[str]]:
    """The cuts whose names start with the commonest surnames (`陶立华王力`: 王 before 华).

    `ranked` lists surnames most common first; a name not starting with one ranks last.
    """

    def rank(cut: list[str]) -> int:
        return sum(ranked.find(name[0]) % (len(ranked) + 1) if name[0] in ranked else len(ranked) for name in cut)

    best = min(map(rank, cuts))
    return [cut for cut in cuts if rank(cut) == best]


def _cuts(token: str, surnames: frozenset[str], any_first: bool = False) -> list[list[str]]:
    if not token:
        return [[]]
    found = []
    for size in (2, 3):
        rest = len(token) - size
        if (rest == 0 or rest >= 2) and (any_first or token[0] in surnames):
            found += [[token[:size], *tail] for tail in _cuts(token[size:], surnames)]
    return found


def run_in_name(line: str, surnames: frozenset[str], post_suffixes: tuple[str, ...]) -> str | None:
    """The name closing a post printed run into it (`财政部部长兼国家税务总局局长刘仲藜` gives `刘仲藜`).

    A writer's post ends in a title or an organisation suffix (`局长`, `公司`); the name after it
    is two or three characters starting with a common surname. None for anything else.
    """
    if not _IDEOGRAPHS.fullmatch(line):
        return None
    for size in (3, 2):
        post, name = line[:-size], line[-size:]
        if len(post) >= 2 and name[0] in surnames and post.endswith(post_suffixes):
            return name
    return None
