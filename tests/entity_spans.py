"""Entity spans written by name in tests: `(start, end, label)` offsets found in the text."""

from __future__ import annotations


def spans_of(text: str, *mentions: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Spans for `(name, label)` at their first occurrence after the previous one."""
    spans, cursor = [], 0
    for name, label in mentions:
        start = text.index(name, cursor)
        spans.append((start, start + len(name), label))
        cursor = start + len(name)
    return spans


def texts_of(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[start:end], label) for start, end, label in spans]
