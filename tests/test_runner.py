"""The runner: what a worker does with a batch, how errors stay with their document, the summary."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import RunConfig, load_config, parse_config
from pipeline.executors.local import LocalExecutor
from pipeline.io import writers
from pipeline.io.readers import read_documents
from pipeline.manifest import MANIFEST_NAME
from pipeline.registry import StageContext
from pipeline.runner import HISTORY_NAME, BatchProcessor, WorkerSetupError, run
from pipeline.types import Document
from tests.conftest import SEEDS, read_jsonl

SEED_003 = SEEDS / "003_8dd00541d4eaa508.txt"
SEED_004 = SEEDS / "004_40259cb2cda64e73.txt"
LIGHT_STAGES = '[[stages]]\nname = "cleanup"\n\n[[stages]]\nname = "segment"\n'
"""Cleanup and segmentation: real outputs, no model to load, so runner tests stay fast."""


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


def write_toml(path: Path, output: Path, inputs: list[str], stages: str = LIGHT_STAGES, **run: object) -> Path:
    extra = "".join(f"{key} = {json.dumps(value)}\n" for key, value in run.items())
    path.write_text(f"[run]\ninput = {json.dumps(inputs)}\noutput = {json.dumps(str(output))}\n{extra}\n{stages}")
    return path


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    """`python -m pipeline ...` in this process: the exit code and the lines on stderr."""
    code = main(list(argv))
    return code, capsys.readouterr().err.splitlines()


def test_a_rerun_that_skips_everything_loads_no_model_and_appends_to_the_run_history(tmp_path):
    log = tmp_path / "setups.log"
    stages = f'[[stages]]\nname = "tests.worker_stages:LogSetups"\nlog = "{log}"\n'
    config = make_config(tmp_path, stages)
    run(config, quiet=True)
    run(config, quiet=True)
    assert len(log.read_text().splitlines()) == 1
    history = read_jsonl(tmp_path / "out" / HISTORY_NAME)
    assert [(r["documents"], r["skipped"], r["status"]) for r in history] == [(5, 0, "completed"), (5, 5, "completed")]
    assert set(history[0]["stage_seconds"]) == {"tests.worker_stages:LogSetups"}
    assert history[0]["finished_at"] <= history[1]["finished_at"]
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8")) == history[1]


def test_a_missing_input_fails_alone_and_the_other_inputs_are_processed(tmp_path, capsys):
    missing = tmp_path / "no-such-page.txt"
    config = write_toml(tmp_path / "c.toml", tmp_path / "out", [str(missing), str(SEED_004), str(SEED_003)])
    code, errors = run_main(capsys, "run", str(config), "--quiet")
    assert code == 1
    assert errors == [f"error: {missing}: read: input not found"]
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.jsonl")) == [SEED_003.stem, SEED_004.stem]


def test_english_text_gets_a_one_line_warning_and_is_still_processed(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "wire.txt").write_text(ENGLISH_WIRE, encoding="utf-8")
    shutil.copy(SEED_004, inputs)
    config = write_toml(tmp_path / "c.toml", tmp_path / "out", [str(inputs)])
    code, lines = run_main(capsys, "run", str(config), "--quiet")
    assert code == 0
    assert lines == [
        f"warning: {inputs / 'wire.txt'}: read: text is not Chinese (0% of its letters are Han characters)"
    ]
    assert (tmp_path / "out" / "wire.jsonl").exists()
    assert json.loads((tmp_path / "out" / "run.json").read_text())["warnings"][0]["path"].endswith("wire.txt")


ENGLISH_WIRE = """BEIJING, Jan. 2 -- The company said it would add 300 new
jobs.
Beijing is the capital of China, and the company plans to grow its
workforce there over the next two years.
"""
"""An English wire story, set in short lines as a PDF extractor gives it (written for this test)."""


def test_an_output_path_that_is_a_file_is_one_line_and_exit_code_2(tmp_path, capsys):
    taken = tmp_path / "results"
    taken.write_text("a user's file\n", encoding="utf-8")
    config = write_toml(tmp_path / "c.toml", taken, [str(SEED_004)])
    code, errors = run_main(capsys, "run", str(config))
    assert (code, errors) == (2, [f"error: {taken}: output path exists and is not a folder"])
    assert taken.read_text(encoding="utf-8") == "a user's file\n"


def test_an_output_folder_under_a_file_is_one_line_and_exit_code_2(tmp_path, capsys):
    (tmp_path / "results").write_text("a user's file\n", encoding="utf-8")
    under = tmp_path / "results" / "out"
    config = write_toml(tmp_path / "c.toml", under, [str(SEED_004)])
    code, errors = run_main(capsys, "run", str(config))
    assert (code, errors) == (2, [f"error: {under}: output folder cannot be made: a part of its path is a file"])


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, *options: str) -> Iterator[Path]:
    """A small tmpfs at `folder` (needs root and a kernel that lets this process mount), else skip."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_output_folder_is_one_line_and_exit_code_2_and_its_files_are_kept(tmp_path, capsys):
    with mounted_tmpfs(tmp_path / "ro", "size=1m") as folder:
        (folder / "kept.jsonl").write_text('{"doc_id": "kept"}\n', encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        config = write_toml(tmp_path / "c.toml", folder, [str(SEED_004)])
        code, errors = run_main(capsys, "run", str(config))
        assert (code, errors) == (2, [f"error: {folder}: output folder is not writable: Read-only file system"])
        assert (folder / "kept.jsonl").read_text(encoding="utf-8") == '{"doc_id": "kept"}\n'


def assert_only_complete_outputs(output: Path, reference: Path) -> set[str]:
    """Every output file is byte-identical to an uninterrupted run's, no temporary file is left,
    and the manifest names exactly documents whose output is complete. Returns their ids."""
    assert not list(output.glob(".*.tmp"))
    written = {p.name for p in output.glob("*.jsonl")}
    for name in written:
        assert (output / name).read_bytes() == (reference / name).read_bytes(), name
    with contextlib.closing(sqlite3.connect(output / MANIFEST_NAME)) as db:
        recorded = {row[0] for row in db.execute("SELECT doc_id FROM documents")}
    assert {f"{doc_id}.jsonl" for doc_id in recorded} <= written
    return recorded


def many_seed_copies(folder: Path, copies: int) -> Path:
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        for copy in range(copies):
            shutil.copy(seed, folder / f"{seed.stem}_{copy}.txt")
    return folder


def test_a_full_disk_stops_the_run_in_one_line_with_nothing_half_written(tmp_path, capsys):
    inputs = many_seed_copies(tmp_path / "in", 4)
    reference = tmp_path / "reference"
    run(load_config(write_toml(tmp_path / "ref.toml", reference, [str(inputs)])), quiet=True)
    with mounted_tmpfs(tmp_path / "small", "size=160k") as folder:
        config = write_toml(tmp_path / "c.toml", folder, [str(inputs)])
        code, errors = run_main(capsys, "run", str(config), "--quiet")
        assert code == 2 and len(errors) == 1, errors
        assert errors[0].startswith(f"error: {folder}") and "No space left on device" in errors[0]
        done = assert_only_complete_outputs(folder, reference)
        assert 0 < len(done) < 20


def test_a_disk_that_fills_up_mid_run_is_simulated_where_no_tmpfs_can_be_mounted(tmp_path, capsys, monkeypatch):
    """The same promise as the tmpfs test, with ENOSPC injected into the fsync of the 7th output."""
    inputs = many_seed_copies(tmp_path / "in", 2)
    reference = tmp_path / "reference"
    run(load_config(write_toml(tmp_path / "ref.toml", reference, [str(inputs)])), quiet=True)
    calls = itertools.count(1)
    real_fsync = os.fsync

    def fsync_until_full(fd: int) -> None:
        if next(calls) >= 7:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(writers.os, "fsync", fsync_until_full)
    config = write_toml(tmp_path / "c.toml", tmp_path / "out", [str(inputs)], batch_size=1)
    code, errors = run_main(capsys, "run", str(config), "--quiet")
    assert code == 2
    assert errors == [
        f"error: {tmp_path / 'out'}: cannot write 003_8dd00541d4eaa508_0.jsonl: No space left on device; "
        "nothing half-written is left"
    ]
    assert len(assert_only_complete_outputs(tmp_path / "out", reference)) == 6
