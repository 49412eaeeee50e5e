"""Input discovery and decoding: `.txt` files, `.jsonl` files of `{"id", "text"}` lines, `.pdf` pages.

Readers stream: a directory of 100,000 pages is never held in memory at once. A bad file or
line becomes a `Failure` in the stream, so the other documents go on.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.types import Document, Failure

SUFFIXES = (".txt", ".jsonl", ".pdf")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BAD_ID = re.compile(r"[/\\\x00]|^\.{1,2}$|^$")


def discover(inputs: list[str]) -> list[Path]:
    """Expand files, directories (every `*.txt`, `*.jsonl` and `*.pdf` below) and globs, sorted."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True))
            files = [p for p in matches if p.is_file() and p.suffix in SUFFIXES]
            if not files:
                raise PipelineError(f"{item}: no .txt, .jsonl or .pdf file matches this pattern")
            found.extend(files)
        else:
            raise PipelineError(f"{item}: input not found")
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def decode_bytes(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PipelineError(f"{where}: invalid UTF-16 at byte {error.start}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PipelineError(f"{where}: binary data (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise PipelineError(f"{where}: not UTF-8 or GB18030 text (bad byte at offset {error.start})") from None
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise PipelineError(f"{where}: binary data (control characters), not text")
    return text


def read_documents(paths: list[Path]) -> Iterator[Document | Failure]:
    """Yield one `Document` per document, or a `Failure` for what cannot be read."""
    seen: set[str] = set()
    for path in paths:
        for item in _read_file(path):
            if isinstance(item, Document):
                if item.doc_id in seen:
                    yield Failure(item.path, "read", f"duplicate doc_id '{item.doc_id}'")
                    continue
                seen.add(item.doc_id)
            yield item


def _read_file(path: Path) -> Iterator[Document | Failure]:
    if path.suffix == ".pdf":
        from pipeline.pdf import read_pdf

        yield from read_pdf(path)
        return
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Failure(where, "read", f"cannot read file: {error.strerror or error}")
        return
    try:
        text = decode_bytes(data, where)
    except PipelineError as error:
        yield Failure(where, "read", str(error).removeprefix(f"{where}: "))
        return
    if path.suffix == ".jsonl":
        yield from _jsonl_documents(text, where)
    elif not text.strip():
        yield Failure(where, "read", "empty file: no text to process")
    else:
        yield Document.from_raw(path.stem, text, where)


def _jsonl_documents(text: str, where: str) -> Iterator[Document | Failure]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        at = f"{where}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Failure(at, "read", f"invalid JSON: {error.msg} at column {error.colno}")
            continue
        if not isinstance(record, dict):
            yield Failure(at, "read", 'expected an object {"id": ..., "text": ...}')
            continue
        missing = [key for key in ("id", "text") if key not in record]
        if missing:
            yield Failure(at, "read", f"missing key '{missing[0]}'")
            continue
        doc_id, body = record["id"], record["text"]
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or _BAD_ID.search(doc_id):
            yield Failure(at, "read", f"'id' must be a non-empty string usable as a file name, got {doc_id!r}")
            continue
        if not isinstance(body, str):
            yield Failure(at, "read", f"'text' must be a string, got {type(body).__name__}")
            continue
        if not body.strip():
            yield Failure(at, "read", "empty 'text': nothing to process")
            continue
        yield Document.from_raw(doc_id, body, at)
