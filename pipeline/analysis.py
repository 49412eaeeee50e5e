"""Output records as pandas tables: one row per article, per entity and per fact.

Every table is indexed by `doc_id` and `article_index` (entities and facts also by their own
position), so the three line up with `join`. The
readers here read records exactly as the pipeline writes them (contract fields plus the extra
`cues` and `meta`), never anything from inside the stages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pandas as pd

from pipeline.errors import PipelineError

ARTICLE_COLUMNS = (
    "doc_id",
    "article_index",
    "kind",
    "title",
    "subtitle",
    "authors",
    "dateline",
    "text",
    "text_chars",
    "source_start",
    "source_end",
    "entity_count",
    "fact_count",
    "cues",
    "meta",
)
ENTITY_COLUMNS = ("doc_id", "article_index", "entity_index", "text", "label", "start", "end")
FACT_COLUMNS = (
    "doc_id",
    "article_index",
    "fact_index",
    "text",
    "start",
    "end",
    "value",
    "value_max",
    "unit",
    "approx",
    "subject",
    "predicate",
)
ARTICLE_INDEX = ("doc_id", "article_index")
ENTITY_INDEX = (*ARTICLE_INDEX, "entity_index")
FACT_INDEX = (*ARTICLE_INDEX, "fact_index")
# Nullable dtypes: a missing title, offset or value is <NA>, and integers stay integers.
ARTICLE_DTYPES = {
    "doc_id": "string",
    "article_index": "Int64",
    "kind": "string",
    "title": "string",
    "subtitle": "string",
    "dateline": "string",
    "text": "string",
    "text_chars": "Int64",
    "source_start": "Int64",
    "source_end": "Int64",
    "entity_count": "Int64",
    "fact_count": "Int64",
}
ENTITY_DTYPES = {
    "doc_id": "string",
    "article_index": "Int64",
    "entity_index": "Int64",
    "text": "string",
    "label": "string",
    "start": "Int64",
    "end": "Int64",
}
FACT_DTYPES = {
    "doc_id": "string",
    "article_index": "Int64",
    "fact_index": "Int64",
    "text": "string",
    "start": "Int64",
    "end": "Int64",
    "value": "Float64",
    "value_max": "Float64",
    "unit": "string",
    "approx": "string",
    "subject": "string",
    "predicate": "string",
}
LIST_SEPARATOR = "、"


class Results(NamedTuple):
    """The three tables of one output folder; unpacks as `articles, entities, facts`."""

    articles: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame


def read_records(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of one JSONL file; a bad line is an error naming file and line."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PipelineError(f"{path}: cannot read: {error}") from None
    records = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise PipelineError(f"{path}:{number}: invalid JSON: {error.msg} at column {error.colno}") from None
        if not isinstance(record, dict):
            raise PipelineError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
        records.append(record)
    return records


def read_folder(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Records per document of a folder of `<doc_id>.jsonl` files (or of one such file)."""
    path = Path(path)
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(path.glob("*.jsonl"))
    else:
        raise PipelineError(f"{path}: no such file or folder")
    return {file.stem: read_records(file) for file in files}


def load_results(path: str | Path = "outputs") -> Results:
    """Read an output folder (or one output file) into article, entity and fact tables.

    Articles are indexed by (`doc_id`, `article_index`), entities and facts by those two and
    their own position in the article (`entity_index`, `fact_index`), so `facts.join(articles)`
    lines each fact up with its article; columns have pandas' nullable dtypes.
    """
    articles: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    for doc_id, records in read_folder(path).items():
        for position, record in enumerate(records):
            key = {"doc_id": record.get("doc_id", doc_id), "article_index": record.get("article_index", position)}
            articles.append(_article_row(key, record))
            for index, entity in enumerate(record.get("entities") or []):
                entities.append({**key, "entity_index": index, **{c: entity.get(c) for c in ENTITY_COLUMNS[3:]}})
            for index, fact in enumerate(record.get("facts") or []):
                facts.append({**key, "fact_index": index, **{c: fact.get(c) for c in FACT_COLUMNS[3:]}})
    return Results(
        _frame(articles, ARTICLE_COLUMNS, ARTICLE_INDEX, ARTICLE_DTYPES),
        _frame(entities, ENTITY_COLUMNS, ENTITY_INDEX, ENTITY_DTYPES),
        _frame(facts, FACT_COLUMNS, FACT_INDEX, FACT_DTYPES),
    )


def _article_row(key: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    source = record.get("source") or {}
    text = record.get("text") or ""
    return {
        **key,
        "kind": record.get("kind"),
        "title": record.get("title"),
        "subtitle": record.get("subtitle"),
        "authors": list(record.get("authors") or []),
        "dateline": record.get("dateline"),
        "text": text,
        "text_chars": len(text),
        "source_start": source.get("start"),
        "source_end": source.get("end"),
        "entity_count": len(record.get("entities") or []),
        "fact_count": len(record.get("facts") or []),
        "cues": list(record.get("cues") or []),
        "meta": dict(record.get("meta") or {}),
    }


def _frame(
    rows: list[dict[str, Any]], columns: tuple[str, ...], index: tuple[str, ...], dtypes: dict[str, str]
) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns)).astype(dtypes)
    return frame.set_index(list(index)).sort_index(level=["doc_id", "article_index"], sort_remaining=True)


def export(
    path: str | Path = "outputs", output: str | Path | None = None, fmt: Literal["csv", "parquet"] = "csv"
) -> list[Path]:
    """Write `articles`, `entities` and `facts` tables as CSV or Parquet; returns the files.

    CSV is UTF-8 with a byte order mark so spreadsheet programs read the Chinese correctly; list
    columns are joined with `、` in CSV and kept as lists in Parquet; `meta` is a JSON string in both.
    """
    if fmt not in ("csv", "parquet"):
        raise PipelineError(f"unknown export format '{fmt}': use csv or parquet")
    source = Path(path)
    target = Path(output) if output is not None else (source if source.is_dir() else source.parent)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in load_results(path)._asdict().items():
        frame = _flatten(frame.reset_index(), join_lists=fmt == "csv")
        file = target / f"{name}.{fmt}"
        if fmt == "csv":
            frame.to_csv(file, index=False, encoding="utf-8-sig")
        else:
            frame.to_parquet(file, index=False)
        written.append(file)
    return written


def _flatten(frame: pd.DataFrame, join_lists: bool) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("authors", "cues"):
        if column in frame and join_lists:
            frame[column] = frame[column].map(LIST_SEPARATOR.join)
    if "meta" in frame:
        frame["meta"] = frame["meta"].map(lambda meta: json.dumps(meta, ensure_ascii=False, sort_keys=True))
    return frame
