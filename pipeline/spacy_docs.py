"""The pipeline's results as spaCy objects: one `Doc` per document, built from its output records.

The page's articles are joined in reading order, one blank line apart. Entities are `doc.ents`
(labels PER, ORG, LOC), and three extensions carry the rest:

- `doc._.doc_id`: the document;
- `doc._.articles`: one `Span` per article, labelled with its `kind`; `span._.record` is the
  article's record without `text`, `entities` and `facts` (title, authors, dateline, source …);
- `doc._.facts`: one `Span` per numeric fact, labelled `FACT`; `span._.fact` holds its fields
  (value, unit, approx, subject, predicate …).

Everything lives in `doc.user_data` as plain values, so `doc.to_bytes()` and a `DocBin` with
`store_user_data=True` keep it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

ARTICLE_SEPARATOR = "\n\n"
ARTICLES_KEY = "pipeline.articles"
FACTS_KEY = "pipeline.facts"
DOC_ID_KEY = "pipeline.doc_id"
FACT_LABEL = "FACT"
RECORD_BODY_FIELDS = ("text", "entities", "facts")


def _article_spans(doc: Doc) -> list[Span]:
    return [doc.char_span(start, end, label=kind, alignment_mode="expand") for start, end, kind, _ in _articles(doc)]


def _fact_spans(doc: Doc) -> list[Span]:
    return [doc.char_span(start, end, label=FACT_LABEL, alignment_mode="expand") for start, end, _ in _facts(doc)]


def _articles(doc: Doc) -> list[tuple[int, int, str, dict[str, Any]]]:
    return doc.user_data.get(ARTICLES_KEY, [])


def _facts(doc: Doc) -> list[tuple[int, int, dict[str, Any]]]:
    return doc.user_data.get(FACTS_KEY, [])


def _span_record(span: Span) -> dict[str, Any] | None:
    return next((r for s, e, _, r in _articles(span.doc) if (s, e) == (span.start_char, span.end_char)), None)


def _span_fact(span: Span) -> dict[str, Any] | None:
    return next((f for s, e, f in _facts(span.doc) if (s, e) == (span.start_char, span.end_char)), None)


def register_extensions() -> None:
    """Declare `doc._.doc_id`, `doc._.articles`, `doc._.facts`, `span._.record`, `span._.fact` (idempotent)."""
    if not Doc.has_extension("articles"):
        Doc.set_extension("doc_id", getter=lambda doc: doc.user_data.get(DOC_ID_KEY))
        Doc.set_extension("articles", getter=_article_spans)
        Doc.set_extension("facts", getter=_fact_spans)
        Span.set_extension("record", getter=_span_record)
        Span.set_extension("fact", getter=_span_fact)


def records_to_doc(records: Iterable[dict[str, Any]], nlp: Language | None = None) -> Doc:
    """One document's output records (in reading order) as one character-tokenized spaCy `Doc`."""
    from pipeline.ner.spacy_glue import make_language

    register_extensions()
    records = list(records)
    nlp = nlp or make_language("char")
    texts = [record.get("text") or "" for record in records]
    doc = nlp.make_doc(ARTICLE_SEPARATOR.join(texts))
    articles, facts, entities = [], [], []
    offset = 0
    for record, text in zip(records, texts, strict=True):
        fields = {key: value for key, value in record.items() if key not in RECORD_BODY_FIELDS}
        articles.append((offset, offset + len(text), record.get("kind") or "article", fields))
        for entity in record.get("entities") or []:
            span = doc.char_span(offset + entity["start"], offset + entity["end"], label=entity["label"])
            if span is not None:
                entities.append(span)
        for fact in record.get("facts") or []:
            facts.append((offset + fact["start"], offset + fact["end"], dict(fact)))
        offset += len(text) + len(ARTICLE_SEPARATOR)
    doc.ents = filter_spans(entities)
    doc.user_data[DOC_ID_KEY] = records[0].get("doc_id") if records else None
    doc.user_data[ARTICLES_KEY] = articles
    doc.user_data[FACTS_KEY] = facts
    return doc


def load_docs(path: str | Path = "outputs", nlp: Language | None = None) -> Iterator[Doc]:
    """A spaCy `Doc` per document of an output folder (or one output file), in file-name order."""
    from pipeline.analysis import read_folder
    from pipeline.ner.spacy_glue import make_language

    nlp = nlp or make_language("char")
    for records in read_folder(path).values():
        yield records_to_doc(records, nlp)
