"""Reading order of printed lines: two columns written one line of each in turn."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

from pipeline.cleanup.order import column_pieces, deinterleaved
from pipeline.stages.cleanup import Cleanup, CleanupOptions
from pipeline.types import Document, Geometry, Layout, PrintedLine

HELDOUT = Path(__file__).resolve().parent.parent / "heldout" / "gold" / "h01_county_daily.jsonl"
"""A county paper's articles, written by hand from the printed page."""


def _column(text: str, width: int = 16) -> list[str]:
    """An article's opening as the lines of a column `width` characters wide."""
    flat = text.replace("\n", "")[: width * 15]
    return [flat[i : i + width] for i in range(0, len(flat), width)]


def _two_columns() -> tuple[list[str], list[str]]:
    records = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    return _column(records[0]["text"]), _column(records[1]["text"])


def _true_successions(lines: list[str], order: list[int], left: list[str], right: list[str]) -> int:
    """How many lines in `order` are followed by the line that follows them in their own column."""
    successor = {**dict(pairwise(left)), **dict(pairwise(right))}
    read = [lines[index] for index in order]
    return sum(successor.get(upper) == lower for upper, lower in pairwise(read))


def test_alternating_lines_of_two_columns_are_read_column_by_column() -> None:
    left, right = _two_columns()
    lines = [line for pair in zip(left, right, strict=True) for line in pair]
    as_printed = list(range(len(lines)))
    order = deinterleaved(lines, [True] * len(lines), [False] * len(lines))
    assert sorted(order) == as_printed
    assert _true_successions(lines, as_printed, left, right) == 0
    assert _true_successions(lines, order, left, right) > (len(lines) - 2) // 2


def test_a_column_read_in_order_is_left_as_it_is() -> None:
    left, right = _two_columns()
    lines = left + right
    assert deinterleaved(lines, [True] * len(lines), [False] * len(lines)) == list(range(len(lines)))


def test_a_headline_line_ends_the_run_it_stands_in() -> None:
    left, right = _two_columns()
    lines = [line for pair in zip(left, right, strict=True) for line in pair]
    headline = len(lines) // 2
    movable = [index != headline for index in range(len(lines))]
    order = deinterleaved(lines, movable, [False] * len(lines))
    assert order.index(headline) == headline
    assert sorted(order[:headline]) == list(range(headline))


def test_cleanup_joins_a_columns_lines_after_reordering_and_the_rule_switches_off() -> None:
    left, right = _two_columns()
    raw = "\n".join(line for pair in zip(left, right, strict=True) for line in pair) + "\n"
    reordered, as_printed = Document.from_raw("t", raw, "t"), Document.from_raw("t", raw, "t")
    Cleanup(CleanupOptions()).process(reordered)
    Cleanup(CleanupOptions(disable=["deinterleave_columns"])).process(as_printed)
    joined = [upper + lower for column in (left, right) for upper, lower in pairwise(column)]
    assert sum(pair in as_printed.text for pair in joined) == 0
    assert sum(pair in reordered.text for pair in joined) > len(joined) // 2
    assert len(reordered.text.replace("\n", "")) == len(as_printed.text.replace("\n", ""))


def _columns_of(records: list[int], width: int, lines: int) -> list[list[str]]:
    texts = [json.loads(line)["text"] for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    return [_column(texts[record], width)[:lines] for record in records]


def test_four_columns_written_in_turn_are_read_column_by_column() -> None:
    # pdfminer writes up to six columns set on common baselines one line of each in turn.
    columns = _columns_of([0, 1, 3, 4], width=12, lines=10)
    lines = [line for row in zip(*columns, strict=True) for line in row]
    order = deinterleaved(lines, [True] * len(lines), [False] * len(lines))
    successor = {upper: lower for column in columns for upper, lower in pairwise(column)}
    read = [lines[index] for index in order]
    assert sum(successor.get(upper) == lower for upper, lower in pairwise(read)) > len(lines) // 2


def test_a_paragraphs_short_last_line_stays_in_its_columns_run() -> None:
    # Each column holds a paragraph end (`…成效。`) followed by running text: the run goes on through it.
    left, right = _two_columns()
    left, right = [*left[:6], "成效。", *left[6:12]], [*right[:8], "推进。", *right[8:12]]
    lines = [line for pair in zip(left, right, strict=True) for line in pair]
    order = deinterleaved(lines, [True] * len(lines), [False] * len(lines))
    read = [lines[index] for index in order]
    assert read.index(left[7]) == read.index(left[6]) + 1
    assert read.index(right[9]) == read.index(right[8]) + 1


def test_lines_a_reader_placed_from_the_page_geometry_are_left_in_its_order() -> None:
    # Lines that alternate like two columns but come from a PDF reader, which read the page's
    # geometry, are already in reading order: they are not reordered.
    left, right = _two_columns()
    printed = [line for pair in zip(left, right, strict=True) for line in pair]
    raw = "\n".join(printed) + "\n"
    starts = [sum(len(line) + 1 for line in printed[:number]) for number in range(len(printed))]
    given = [
        PrintedLine(
            start, start + len(line), 0.0, geometry=Geometry(page=0, bbox=(50.0, 700.0 - 12 * n, 300.0, 710.0 - 12 * n))
        )
        for n, (start, line) in enumerate(zip(starts, printed, strict=True))
    ]
    from_pdf, from_text = Document.from_raw("t", raw, "t"), Document.from_raw("t", raw, "t")
    from_pdf.layout = Layout(lines=given)
    Cleanup(CleanupOptions()).process(from_pdf)
    Cleanup(CleanupOptions()).process(from_text)
    as_printed = [upper + lower for upper, lower in pairwise(printed)]
    assert all(pair in from_pdf.text.replace("\n", "") for pair in as_printed)
    assert not all(pair in from_text.text.replace("\n", "") for pair in as_printed)


MERGED_ROWS = (
    "今年全县新修农村公路 村村通上了硬化路， 车站新开通了五条班\n"
    "一百二十公里，沿线的 群众出行方便多了。 线，每天往返县城。\n"
    "二十三个行政村已经 县交通局介绍，客运\n"
)
"""Three columns of one story whose rows a reader wrote as one line each, a space between columns."""

MERGED_COLUMNS = (
    "今年全县新修农村公路一百二十公里，沿线的二十三个行政村已经",
    "村村通上了硬化路，群众出行方便多了。县交通局介绍，客运",
    "车站新开通了五条班线，每天往返县城。",
)


def test_rows_of_neighbouring_columns_on_one_line_are_read_column_by_column() -> None:
    cut, as_printed = Document.from_raw("t", MERGED_ROWS, "t"), Document.from_raw("t", MERGED_ROWS, "t")
    Cleanup(CleanupOptions()).process(cut)
    Cleanup(CleanupOptions(disable=["merged_columns"])).process(as_printed)
    assert "".join(MERGED_COLUMNS) in cut.text.replace("\n", "")
    assert not any(column in as_printed.text.replace("\n", "") for column in MERGED_COLUMNS)


def test_a_short_piece_between_spaces_stays_with_its_neighbour() -> None:
    line = "新华社北京3月5日电（记者 夏林） 会议期间代表们提出建议"
    pieces = column_pieces(line)
    assert [line[start:end] for start, end in pieces] == ["新华社北京3月5日电（记者 夏林）", "会议期间代表们提出建议"]
    spaced = "新 华 社 开 罗 三 月 五 日 电"
    assert column_pieces(spaced) == [(0, len(spaced))]
