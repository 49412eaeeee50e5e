"""The runner: what a worker does with a batch, how errors stay with their document, the summary."""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import RunConfig, parse_config
from pipeline.executors.local import LocalExecutor
from pipeline.io.readers import read_documents
from pipeline.registry import StageContext
from pipeline.runner import BatchProcessor, WorkerSetupError, run
from pipeline.types import Document
from tests.conftest import SEEDS, read_jsonl

SEED_003 = SEEDS / "003_8dd00541d4eaa508.txt"
SEED_004 = SEEDS / "004_40259cb2cda64e73.txt"


def make_config(tmp_path: Path, stages: str, **run: object) -> RunConfig:
    run_table = {"input": [str(SEEDS)], "output": str(tmp_path / "out"), **run}
    data = {"run": run_table, **tomllib.loads(stages)}
    return parse_config(data, "test.toml", {})


def seed_documents() -> list[Document]:
    return [item for item in read_documents(sorted(SEEDS.glob("*.txt"))) if isinstance(item, Document)]


def test_batch_processor_writes_each_document_and_reports_input_and_output_hashes(tmp_path):
    config = make_config(tmp_path, '[[stages]]\nname = "tests.plugin_stage:MarkTitles"\n')
    processor = BatchProcessor(config.stages, str(tmp_path), StageContext())
    docs = seed_documents()[3:]
    results = processor(docs)
    assert [r.doc_id for r in results] == ["003_8dd00541d4eaa508", "004_40259cb2cda64e73"]
    raw = SEED_004.read_text(encoding="utf-8")
    assert results[1].input_sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    written = tmp_path / "004_40259cb2cda64e73.jsonl"
    assert results[1].output_sha256 == hashlib.sha256(written.read_bytes()).hexdigest()
    assert "如意湖公园举办迎新年健步走活动" in read_jsonl(written)[0]["text"]
    assert results[1].chars == len(raw)
    assert set(results[1].stage_seconds) == {"tests.plugin_stage:MarkTitles"}


def test_a_batch_call_that_raises_fails_only_the_document_that_causes_it(tmp_path):
    config = make_config(tmp_path, '[[stages]]\nname = "tests.worker_stages:BatchFailsOnMarker"\n')
    processor = BatchProcessor(config.stages, str(tmp_path), StageContext())
    results = processor(seed_documents())
    failed = {r.doc_id: r.failure for r in results if r.failure is not None}
    assert list(failed) == ["003_8dd00541d4eaa508"]  # the page that prints 教育援青行动
    assert "ValueError: cannot tag text containing 教育援青" in failed["003_8dd00541d4eaa508"].message
    assert sorted(p.stem for p in tmp_path.glob("*.jsonl")) == [
        "000_eeb040e43fb6874f",
        "001_5a41c59cdac262eb",
        "002_16a3edb67855dc3f",
        "004_40259cb2cda64e73",
    ]


def test_a_stage_that_cannot_load_its_model_stops_the_run_with_a_one_line_error(tmp_path):
    config = make_config(tmp_path, '[[stages]]\nname = "tests.worker_stages:MissingModel"\n')
    with pytest.raises(WorkerSetupError, match=r"^stage '.*MissingModel': setup failed: FileNotFoundError: model"):
        run(config, quiet=True)


def test_a_stage_that_cannot_load_its_model_in_a_worker_process_stops_the_run(tmp_path):
    config = make_config(tmp_path, '[[stages]]\nname = "tests.worker_stages:MissingModel"\n', workers=2)
    with pytest.raises(WorkerSetupError, match=r"setup failed: FileNotFoundError: model\.onnx not found"):
        run(config, quiet=True)


def test_the_worker_pool_reads_no_further_ahead_than_two_batches_per_worker(tmp_path):
    config = make_config(tmp_path, '[[stages]]\nname = "tests.plugin_stage:MarkTitles"\n', workers=2, batch_size=1)
    page = SEED_004.read_text(encoding="utf-8")
    pulled = itertools.count()

    def many_pages() -> Iterator[Document]:
        for number in range(1000):
            next(pulled)
            yield Document.from_raw(f"page{number}", page, f"page{number}.txt")

    executor = LocalExecutor(config, str(tmp_path))
    try:
        first = list(itertools.islice(executor.run(many_pages()), 3))
    finally:
        executor.close()
    assert len(first) == 3
    # 2 workers x 2 batches in flight, one batch held while waiting, and 3 already returned
    assert next(pulled) <= 2 * 2 + 1 + 3


def test_run_json_counts_documents_failures_and_skips(tmp_path):
    config = make_config(tmp_path, '[[stages]]\nname = "tests.worker_stages:BatchFailsOnMarker"\n')
    first = run(config, quiet=True)
    second = run(config, quiet=True)
    report = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert (first.documents, first.skipped, len(first.failures)) == (5, 0, 1)
    assert (second.documents, second.skipped, len(second.failures)) == (5, 4, 1)
    assert (report["documents"], report["skipped"]) == (5, 4)
    assert report["failures"][0]["path"].endswith("003_8dd00541d4eaa508.txt")
    assert "4 unchanged" in second.line()
