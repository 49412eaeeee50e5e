"""Output records as spaCy `Doc`s with the pipeline's articles, entities and facts."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.spacy_docs import load_docs, records_to_doc
from tests.conftest import read_jsonl

# Seed 004, the 离石 education review, written by hand in the output format.
SCHOOLS = "离石区投入1480万元为城乡项目学校配备智慧黑板523套。"
FAIR = "吕梁市举办招聘会。"


def record(index: int, text: str, **fields: object) -> dict:
    base = {"doc_id": "004", "article_index": index, "kind": "article", "title": None, "authors": []}
    return {**base, **fields, "text": text}


@pytest.fixture()
def page() -> Doc:
    schools = record(
        0,
        SCHOOLS,
        title="栉风沐雨砥砺前行",
        authors=["王燕华"],
        entities=[{"text": "离石区", "label": "LOC", "start": 0, "end": 3}],
        facts=[{"text": "1480万元", "start": 5, "end": 11, "value": 14_800_000, "unit": "元", "predicate": "投入"}],
    )
    fair = record(1, FAIR, kind="caption", entities=[{"text": "吕梁市", "label": "LOC", "start": 0, "end": 3}])
    return records_to_doc([schools, fair])


def test_a_page_becomes_one_doc_with_its_entities_as_ents(page: Doc) -> None:
    assert page.text == SCHOOLS + "\n\n" + FAIR
    assert page._.doc_id == "004"
    assert [(span.text, span.label_) for span in page.ents] == [("离石区", "LOC"), ("吕梁市", "LOC")]


def test_articles_are_spans_labelled_with_their_kind_and_carry_their_record(page: Doc) -> None:
    first, second = page._.articles
    assert (first.text, first.label_, second.text, second.label_) == (SCHOOLS, "article", FAIR, "caption")
    assert first._.record["title"] == "栉风沐雨砥砺前行" and first._.record["authors"] == ["王燕华"]
    assert "text" not in first._.record and second._.record["article_index"] == 1
    assert [span.text for span in page.ents if span.start >= second.start] == ["吕梁市"]


def test_facts_are_spans_whose_extension_holds_value_and_unit(page: Doc) -> None:
    (fact,) = page._.facts
    assert (fact.text, fact.label_) == ("1480万元", "FACT")
    assert (fact._.fact["value"], fact._.fact["unit"], fact._.fact["predicate"]) == (14_800_000, "元", "投入")


def test_the_extensions_survive_serialisation(page: Doc) -> None:
    restored = Doc(page.vocab).from_bytes(page.to_bytes())
    assert [span.text for span in restored._.articles] == [SCHOOLS, FAIR]
    assert restored._.facts[0]._.fact["value"] == 14_800_000


def test_load_docs_gives_a_doc_per_document_of_a_fresh_run(seed_outputs) -> None:
    docs = list(load_docs(seed_outputs))
    paths = sorted(seed_outputs.glob("*.jsonl"))
    assert [doc._.doc_id for doc in docs] == [path.stem for path in paths]
    for doc, path in zip(docs, paths, strict=True):
        records = read_jsonl(path)
        assert [span.text for span in doc._.articles] == [r["text"] for r in records]
        assert [span.text for span in doc.ents] == [e["text"] for r in records for e in r["entities"]]
        assert [span.text for span in doc._.facts] == [f["text"] for r in records for f in r["facts"]]
