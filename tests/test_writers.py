import json

import pytest

from pipeline.io.writers import write_atomic, write_document
from pipeline.types import Document


def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "page.jsonl"
    target.write_text('{"old": true}\n', encoding="utf-8")

    def lines_then_crash():
        yield '{"doc_id": "page", "article_index": 0}'
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, lines_then_crash())
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["page.jsonl"]


def test_document_without_segmentation_is_written_as_one_record(tmp_path):
    doc = Document.from_raw("p1", "离石区妇联社会治理创新工作成效显著", "p1.txt")
    doc.ensure_articles()
    (record,) = [json.loads(line) for line in write_document(doc, tmp_path).read_text("utf-8").splitlines()]
    assert record["doc_id"] == "p1" and record["article_index"] == 0
    assert record["source"] == {"start": 0, "end": len(doc.raw)}
    assert record["entities"] == [] and record["facts"] == []


def test_the_document_entity_summary_is_written_beside_the_articles(seed_outputs):
    doc_id = "004_40259cb2cda64e73"
    summary = json.loads((seed_outputs / f"{doc_id}.entities.json").read_text(encoding="utf-8"))
    mentions = [
        (entity["text"], entity["label"])
        for line in (seed_outputs / f"{doc_id}.jsonl").read_text(encoding="utf-8").splitlines()
        for entity in json.loads(line)["entities"]
    ]
    assert sum(entry["count"] for entry in summary) == len(mentions)
    for entry in summary:
        assert sum(entry["forms"].values()) == entry["count"]
        assert entry["count"] == sum(mentions.count((form, entry["label"])) for form in entry["forms"])
