"""Where on the printed page a span of a PDF document's raw text stands.

Every raw character of a PDF document was printed on a page in a box (see `compose`); a span's
place is the page of its first printed character and the union of its characters' boxes on that
page, plus one region per block it covers (an article set over three columns has three).
Boxes are (x0, y0, x1, y1) in PDF points, origin at the page's lower-left corner.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from pipeline.pdf.compose import NO_PAGE, PdfText
from pipeline.types import Article, OffsetMap


def place(pdf_text: PdfText, start: int, end: int) -> dict[str, Any] | None:
    """`{"page", "bbox"}` of raw `[start, end)`, or None when none of it was printed."""
    pages = pdf_text.pages[start:end]
    printed = np.flatnonzero(pages != NO_PAGE)
    if not len(printed):
        return None
    page = int(pages[printed[0]])
    boxes = pdf_text.boxes[start:end][pages == page]
    return {"page": page, "bbox": _box(boxes)}


def regions(pdf_text: PdfText, start: int, end: int) -> list[dict[str, Any]]:
    """One `{"page", "bbox"}` per printed block that raw `[start, end)` covers, in reading order."""
    starts = [block["start"] for block in pdf_text.blocks]
    found = []
    for block in pdf_text.blocks[max(bisect.bisect_right(starts, start) - 1, 0) :]:
        if block["start"] >= end:
            break
        located = place(pdf_text, max(start, block["start"]), min(end, block["end"]))
        if located is not None:
            found.append(located)
    return found


def _box(boxes: np.ndarray) -> list[float]:
    return [
        round(float(boxes[:, 0].min()), 1),
        round(float(boxes[:, 1].min()), 1),
        round(float(boxes[:, 2].max()), 1),
        round(float(boxes[:, 3].max()), 1),
    ]


def add_places(record: dict[str, Any], article: Article, pdf_text: PdfText, path: str) -> None:
    """Give a record's source (with the PDF's `file`), entities and facts their page and box."""
    start, end = record["source"]["start"], record["source"]["end"]
    record["source"]["file"] = path
    located = place(pdf_text, start, end)
    if located is not None:
        record["source"].update(located)
        record["source"]["regions"] = regions(pdf_text, start, end)
    for key in ("entities", "facts"):
        for item in record.get(key) or []:
            span = _raw_span(article.offsets, item["start"], item["end"])
            located = place(pdf_text, *span) if span else None
            if located is not None:
                item.update(located)


def _raw_span(offsets: OffsetMap, start: int, end: int) -> tuple[int, int] | None:
    try:
        return offsets.raw_span(start, end)
    except IndexError:
        return None
