"""Input discovery and decoding: `.txt` files, `.jsonl` files of `{"id", "text"}` lines, `.pdf` pages.

Readers stream: a directory of 100,000 pages is never held in memory at once. A bad file or
line becomes a `Failure` in the stream, so the other documents go on.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import charset_normalizer

from pipeline.errors import PipelineError
from pipeline.types import Document, Failure

SUFFIXES = (".txt", ".jsonl", ".pdf")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BAD_ID = re.compile(r"[/\\\x00]|^\.{1,2}$|^$")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def discover(inputs: list[str]) -> list[Path | Failure]:
    """Expand files, directories (every `*.txt`, `*.jsonl` and `*.pdf` below) and globs, sorted.

    An input that names nothing becomes a `Failure` in its place, so the other inputs still run.
    """
    found: list[Path | Failure] = []
    for item in inputs:
        path = Path(item)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True))
            files = [p for p in matches if p.is_file() and p.suffix in SUFFIXES]
            found.extend(files or [Failure(item, "read", "no .txt, .jsonl or .pdf file matches this pattern")])
        else:
            found.append(Failure(item, "read", "input not found"))
    unique: dict[str, Path | Failure] = {}
    for entry in found:
        unique.setdefault(entry.path if isinstance(entry, Failure) else os.path.realpath(entry), entry)
    return list(unique.values())


def decode_bytes(data: bytes, where: str) -> str:
    """Decode a file's bytes: a BOM decides, else strict UTF-8, else charset-normalizer's guess.

    UTF-8 is tried first because a valid UTF-8 byte string is almost never meant as anything
    else (a file cut inside its last character loses that character); what is left (GB18030/GBK,
    Big5, UTF-16 without a BOM, ...) goes to the detector.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data[len(bom) :].decode(codec), where)
            except UnicodeDecodeError as error:
                raise PipelineError(
                    f"{where}: invalid {codec.upper()} after its byte-order mark at byte {error.start}"
                ) from None
    if b"\x00" not in data:
        try:
            return _checked_text(data.decode("utf-8"), where)
        except UnicodeDecodeError as error:
            if error.reason == "unexpected end of data":  # a file cut inside its last character
                return _checked_text(data[: error.start].decode("utf-8"), where)
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise PipelineError(f"{where}: binary data (NUL byte at offset {nul}), not text")
        raise PipelineError(f"{where}: not text in any known encoding (UTF-8, GB18030, Big5, UTF-16, ...)")
    return _checked_text(str(guess), where)


def _checked_text(text: str, where: str) -> str:
    """Refuse decoded text that is really binary: NUL characters or many control characters."""
    nul = text.find("\x00")
    if nul >= 0:
        raise PipelineError(f"{where}: binary data (NUL character at offset {nul}), not text")
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise PipelineError(f"{where}: binary data (control characters), not text")
    return text


def chinese_share(text: str, sample: int = 20_000) -> float:
    """The share of Han characters among the letters of a text's start (all of it when short)."""
    head = text[:sample]
    letters = sum(1 for char in head if char.isalpha())
    return len(_HAN.findall(head)) / letters if letters else 0.0


def read_documents(paths: Iterable[Path | Failure]) -> Iterator[Document | Failure]:
    """Yield one `Document` per document, or a `Failure` for what cannot be read (or was not found)."""
    seen: set[str] = set()
    for path in paths:
        if isinstance(path, Failure):
            yield path
            continue
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
            yield Failure(at, "read", f"invalid JSON: {error.msg} (column {error.colno})")
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
