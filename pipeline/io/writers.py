"""Output records and atomic JSONL files: a killed run never leaves half a file behind."""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.types import Article, Document


def article_record(doc: Document, index: int, article: Article) -> dict[str, Any]:
    """The contract's fields first, then extras (`cues`, `meta`) for debugging and analysis."""
    start, end = article.source_span()
    record: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "article_index": index,
        "kind": article.kind,
        "title": article.title,
        "subtitle": article.subtitle,
        "authors": list(article.authors),
        "dateline": article.dateline,
        "text": article.text,
        "source": {"start": start, "end": end},
        "entities": [entity.to_record() for entity in article.entities],
        "facts": [fact.to_record() for fact in article.facts],
        "cues": list(article.cues),
    }
    if article.meta:
        record["meta"] = article.meta
    if "pdf" in doc.meta:
        from pipeline.pdf.provenance import add_places

        add_places(record, article, doc.meta["pdf"], doc.path)
    return record


def document_records(doc: Document) -> list[dict[str, Any]]:
    return [article_record(doc, index, article) for index, article in enumerate(doc.articles)]


@functools.cache
def new_file_mode() -> int:
    """The mode `open()` gives a new file under this process's umask (0644 under umask 022).

    `tempfile.mkstemp` creates files 0600 whatever the umask, so atomic writes set this mode
    themselves. Linux shows the umask in /proc; elsewhere it can only be read by setting it
    (for an instant, which another thread creating a file could see), so it is read once.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        umask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError):
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, lines: Iterable[str]) -> None:
    """Write to a temporary file in the same folder, then rename over the target.

    On any error (a full disk included) the temporary file is removed and the target is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, new_file_mode())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for line in lines:
                out.write(line)
                out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_document(doc: Document, output_dir: Path) -> Path:
    """`<doc_id>.jsonl`, and beside it `<doc_id>.entities.json` when a stage summarised entities.

    The summary is written first, so a finished `.jsonl` always has its summary next to it.
    """
    if "entities" in doc.meta:
        write_json(output_dir / f"{doc.doc_id}.entities.json", doc.meta["entities"])
    path = output_dir / f"{doc.doc_id}.jsonl"
    write_atomic(path, (json.dumps(r, ensure_ascii=False) for r in document_records(doc)))
    return path


def write_json(path: Path, data: Any) -> None:
    write_atomic(path, [json.dumps(data, ensure_ascii=False, indent=2)])


def append_json_line(path: Path, data: Any) -> None:
    """Append one JSON line and flush it to disk: a history file grows, no earlier line is rewritten."""
    with path.open("a", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
