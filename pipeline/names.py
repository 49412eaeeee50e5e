"""Person names as bylines print them: two or three characters after a surname, side by side.

Cleanup (to keep a byline line apart) and segmentation (to read its names) both cut a run of
names printed without a space between them (`王锦鹄毛磊`); the surnames are profile data.
"""

from __future__ import annotations

import re

from pipeline.typography import CJK_IDEOGRAPHS

RUN_MIN_CHARS = 4
_IDEOGRAPHS = re.compile(f"[{CJK_IDEOGRAPHS}]+")


def cut_names(token: str, surnames: frozenset[str]) -> list[str] | None:
    """The names in a run of names without spaces, or None when it cannot be cut in one way only.

    A part is two or three characters starting with a surname: `刘澜涛何其芳` is `刘澜涛` and
    `何其芳`; `从商务部获悉` has no such cut and `欧阳修文` none either (`修` is no surname).
    """
    if len(token) < RUN_MIN_CHARS or not _IDEOGRAPHS.fullmatch(token):
        return None
    cuts = _cuts(token, surnames)
    return cuts[0] if len(cuts) == 1 else None


def _cuts(token: str, surnames: frozenset[str]) -> list[list[str]]:
    if not token:
        return [[]]
    found = []
    for size in (2, 3):
        rest = len(token) - size
        if (rest == 0 or rest >= 2) and token[0] in surnames:
            found += [[token[:size], *tail] for tail in _cuts(token[size:], surnames)]
    return found
