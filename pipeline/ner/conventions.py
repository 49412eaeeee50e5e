"""One entity convention for training and scoring: the corpus's PKU-derived tags mapped onto ours.

The People's Daily 1998 corpus and this project's gold (docs/gold.md) differ in a few stated
ways, listed as data in `data/conventions.toml`: short forms of one body (`市委`, `国务院`) are
untagged there and ORG here, a place followed by a body word is LOC + nothing there and one ORG
here, doctrines named after a person (`邓小平理论`) hide a PER here, and nothing inside `《》` is a
name here. `corpus_to_project` applies exactly these differences, the same way when training on
the corpus and when scoring a model on it. The text is also set to the half-width digits and
letters that the cleanup stage writes (same length, so offsets hold).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from pipeline.ner.labels import Span

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width(text: str) -> str:
    """Full-width ASCII forms (`１９９８`, `ＭＭＭ`) as the cleanup stage writes them; same length."""
    return text.translate(_FULL_WIDTH)


@dataclass(frozen=True)
class Conventions:
    bodies: tuple[str, ...]
    after_place_only: frozenset[str]
    doctrines: dict[str, str]
    open_mark: str
    close_mark: str


@cache
def conventions() -> Conventions:
    data: dict[str, Any] = tomllib.loads(files("pipeline.ner").joinpath("data/conventions.toml").read_text("utf-8"))
    open_mark, close_mark = data["work_title_marks"]
    return Conventions(
        bodies=tuple(sorted(data["bodies"], key=len, reverse=True)),
        after_place_only=frozenset(data["bodies_after_place_only"]),
        doctrines=dict(data["doctrines"]),
        open_mark=open_mark,
        close_mark=close_mark,
    )


def inside_work_titles(text: str, open_mark: str, close_mark: str) -> bytearray:
    """1 for every character between a `《` and its `》`."""
    inside = bytearray(len(text))
    depth_start = None
    for index, char in enumerate(text):
        if char == open_mark:
            depth_start = index
        elif char == close_mark and depth_start is not None:
            inside[depth_start : index + 1] = b"\x01" * (index + 1 - depth_start)
            depth_start = None
    return inside


def corpus_to_project(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """The corpus's text and entities under this project's conventions (see the module doc)."""
    rules = conventions()
    text = half_width(text)
    titled = inside_work_titles(text, rules.open_mark, rules.close_mark)
    spans = sorted(span for span in spans if not any(titled[span[0] : span[1]]))
    taken = bytearray(len(text))
    for start, end, _ in spans:
        taken[start:end] = b"\x01" * (end - start)

    mapped: list[Span] = []
    for start, end, label in spans:
        body = _body_at(text, end, taken) if label == "LOC" else None
        if body:
            taken[end : end + len(body)] = b"\x01" * len(body)
            mapped.append((start, end + len(body), "ORG"))
        else:
            mapped.append((start, end, label))
    for body in rules.bodies:
        if body in rules.after_place_only:
            continue
        position = text.find(body)
        while position >= 0:
            stop = position + len(body)
            if not any(taken[position:stop]) and not titled[position]:
                mapped.append((position, stop, "ORG"))
                taken[position:stop] = b"\x01" * len(body)
            position = text.find(body, stop)
    for doctrine, person in rules.doctrines.items():
        position = text.find(doctrine)
        while position >= 0:
            if not any(taken[position : position + len(person)]) and not titled[position]:
                mapped.append((position, position + len(person), "PER"))
            position = text.find(doctrine, position + len(doctrine))
    return text, sorted(mapped)


def _body_at(text: str, position: int, taken: bytearray) -> str | None:
    """The longest listed body word starting at `position` that no entity covers."""
    for body in conventions().bodies:
        if text.startswith(body, position) and not any(taken[position : position + len(body)]):
            return body
    return None
