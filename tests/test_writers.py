import errno
import json
import os
import stat

import pytest

from pipeline.io.writers import append_json_line, write_atomic, write_document, write_json
from pipeline.types import Document

SEED_LINE = "本报讯 近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。"


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


@pytest.fixture
def umask():
    """Set the process umask for one test (and forget the mode computed under the old one)."""
    from pipeline.io.writers import new_file_mode

    saved = os.umask(0o022)
    os.umask(saved)

    def set_umask(value: int) -> None:
        os.umask(value)
        new_file_mode.cache_clear()

    yield set_umask
    os.umask(saved)
    new_file_mode.cache_clear()


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_and_summaries_get_the_mode_the_umask_gives_new_files(tmp_path, umask, mask, mode):
    umask(mask)
    doc = Document.from_raw("004", SEED_LINE, "004.txt")
    doc.ensure_articles()
    doc.meta["entities"] = {"LOC": {"吕梁": 1}}
    written = write_document(doc, tmp_path)
    write_json(tmp_path / "run.json", {"documents": 1})
    append_json_line(tmp_path / "history.ndjson", {"documents": 1})
    for name in (written.name, "004.entities.json", "run.json", "history.ndjson"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


def test_a_full_disk_during_a_write_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch):
    """The disk filling up is simulated here (fsync raises ENOSPC); tests/test_runner.py also fills a real tmpfs."""
    target = tmp_path / "page.jsonl"
    target.write_text('{"old": true}\n', encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, ['{"doc_id": "page"}'])
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["page.jsonl"]
