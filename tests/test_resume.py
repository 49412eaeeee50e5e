"""Resumable runs: unchanged documents are skipped, changed ones redone, a killed run loses nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.manifest import MANIFEST_NAME
from pipeline.runner import RunSummary, run
from tests.conftest import ROOT, SEEDS, read_jsonl

SEED_004 = "004_40259cb2cda64e73"
CONFIG = """
[run]
input = ["{inputs}"]
output = "{output}"
workers = {workers}
batch_size = 1

[[stages]]
name = "tests.worker_stages:PauseEachDocument"
seconds = {pause}

[[stages]]
name = "tests.plugin_stage:MarkTitles"
prefix = "{prefix}"
"""


def write_config(tmp_path: Path, prefix: str = "*", workers: int = 1, pause: float = 0.0) -> Path:
    path = tmp_path / f"config_{prefix}_{workers}.toml"
    text = CONFIG.format(inputs=tmp_path / "in", output=tmp_path / "out", workers=workers, pause=pause, prefix=prefix)
    path.write_text(text, encoding="utf-8")
    return path


def run_config(path: Path, **overrides: object) -> RunSummary:
    return run(load_config(path, overrides), quiet=True)


def output_times(output: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in output.glob("*.jsonl")}


def manifest_ids(output: Path) -> set[str]:
    with closing(sqlite3.connect(output / MANIFEST_NAME)) as db:
        return {row[0] for row in db.execute("SELECT doc_id FROM documents")}


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "in")
    return tmp_path


def test_a_second_run_skips_every_unchanged_document_and_rewrites_nothing(seeds_copy):
    config = write_config(seeds_copy)
    first = run_config(config)
    before = output_times(seeds_copy / "out")
    second = run_config(config)
    assert (first.documents, first.skipped) == (5, 0)
    assert (second.documents, second.skipped) == (5, 5)
    assert output_times(seeds_copy / "out") == before


def test_an_edited_input_is_redone_and_the_others_are_skipped(seeds_copy):
    config = write_config(seeds_copy)
    run_config(config)
    page = seeds_copy / "in" / f"{SEED_004}.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n新增义务教育学位 6600个。\n", encoding="utf-8")
    second = run_config(config)
    assert (second.documents, second.skipped) == (5, 4)
    assert "新增义务教育学位 6600个" in read_jsonl(seeds_copy / "out" / f"{SEED_004}.jsonl")[0]["text"]


def test_a_changed_stage_option_redoes_every_document(seeds_copy):
    run_config(write_config(seeds_copy, prefix="*"))
    second = run_config(write_config(seeds_copy, prefix="#"))
    assert second.skipped == 0
    assert read_jsonl(seeds_copy / "out" / f"{SEED_004}.jsonl")[0]["title"] == "#"


def test_changing_only_the_number_of_workers_skips_everything(seeds_copy):
    run_config(write_config(seeds_copy, workers=1))
    second = run_config(write_config(seeds_copy, workers=2))
    assert second.skipped == 5


def test_force_redoes_every_document(seeds_copy):
    config = write_config(seeds_copy)
    run_config(config)
    again = run_config(config, force=True)
    assert (again.documents, again.skipped) == (5, 0)


def test_a_deleted_or_edited_output_is_written_again(seeds_copy):
    config = write_config(seeds_copy)
    run_config(config)
    output = seeds_copy / "out"
    (output / f"{SEED_004}.jsonl").unlink()
    with (output / "001_5a41c59cdac262eb.jsonl").open("a", encoding="utf-8") as edited:
        edited.write("{}\n")
    second = run_config(config)
    assert second.skipped == 3
    assert len(read_jsonl(output / "001_5a41c59cdac262eb.jsonl")) == 1
    assert (output / f"{SEED_004}.jsonl").exists()


def test_a_killed_run_redoes_only_the_documents_it_had_not_finished(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        for copy in ("a", "b"):
            shutil.copy(seed, inputs / f"{seed.stem}_{copy}.txt")
    config = write_config(tmp_path, workers=2, pause=0.4)
    output = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(config), "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_finished_documents(process, output, at_least=3)
        workers = child_processes(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    done = manifest_ids(output)
    assert 3 <= len(done) < 10
    finished_times = {doc_id: time for doc_id, time in output_times(output).items() if doc_id in done}
    assert all(wait_until_gone(pid) for pid in workers), "worker processes outlived their killed main process"

    resumed = run_config(config)
    assert (resumed.documents, resumed.skipped, resumed.failures) == (10, len(done), [])
    assert len(output_times(output)) == 10
    assert {k: v for k, v in output_times(output).items() if k in done} == finished_times


def wait_for_more_finished(process: subprocess.Popen, output: Path, at_least: int) -> bool:
    """True once the manifest names `at_least` documents; False if the run ended first."""
    try:
        wait_for_finished_documents(process, output, at_least)
    except AssertionError:
        if process.poll() is None:
            raise
        return False
    return True


def wait_for_finished_documents(process: subprocess.Popen, output: Path, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        with suppress(sqlite3.OperationalError):  # the manifest is still being created
            if (output / MANIFEST_NAME).exists() and len(manifest_ids(output)) >= at_least:
                return
        time.sleep(0.05)
    raise AssertionError(f"the run ended or stalled before finishing {at_least} documents")


def child_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def wait_until_gone(pid: int) -> bool:
    """True once the process has exited (a zombie waiting for its new parent counts as gone)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def test_editing_a_stage_module_redoes_its_documents(seeds_copy, monkeypatch):
    module = seeds_copy / "edited_stage.py"
    shutil.copy(ROOT / "tests" / "plugin_stage.py", module)
    monkeypatch.syspath_prepend(str(seeds_copy))
    config = write_config(seeds_copy)
    config.write_text(
        config.read_text(encoding="utf-8").replace("tests.plugin_stage:", "edited_stage:"), encoding="utf-8"
    )
    run_config(config)
    unchanged = run_config(config)
    with module.open("a", encoding="utf-8") as source:
        source.write("\n# a changed rule\n")
    edited = run_config(config)
    assert (unchanged.skipped, edited.skipped) == (5, 0)


FAULT_CONFIG = """
[run]
input = ["{inputs}"]
output = "{output}"
workers = 2
batch_size = 2

[[stages]]
name = "cleanup"

[[stages]]
name = "segment"

[[stages]]
name = "tests.worker_stages:PauseEachDocument"
seconds = 0.15
"""


def test_runs_killed_at_random_moments_resume_to_outputs_identical_to_an_uninterrupted_run(tmp_path):
    """SIGKILL at seeded random moments, resume each time: nothing finished is redone, and the
    outputs end byte-identical to those of one run that was never interrupted."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        for copy in range(4):
            shutil.copy(seed, inputs / f"{seed.stem}_{copy}.txt")
    reference = tmp_path / "reference"
    reference_config = tmp_path / "reference.toml"
    reference_config.write_text(
        FAULT_CONFIG.format(inputs=inputs, output=reference).replace("workers = 2", "workers = 1")
    )
    assert run_config(reference_config).failures == []
    config = tmp_path / "faulty.toml"
    output = tmp_path / "out"
    config.write_text(FAULT_CONFIG.format(inputs=inputs, output=output))
    moments = random.Random(14)
    kills = 0
    finished_times: dict[str, int] = {}
    while kills < 4:
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(config), "--quiet"], cwd=ROOT)
        # a random moment: after 1 to 4 more documents are recorded, plus up to half a batch
        if not wait_for_more_finished(process, output, len(finished_times) + moments.randint(1, 4)):
            break
        time.sleep(moments.uniform(0.0, 0.3))
        workers = child_processes(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        kills += 1
        assert all(wait_until_gone(pid) for pid in workers), "worker processes outlived their killed main process"
        times = output_times(output)
        assert all(times[doc_id] == mtime for doc_id, mtime in finished_times.items()), "a finished document was redone"
        finished_times = {doc_id: times[doc_id] for doc_id in manifest_ids(output)}
    assert kills >= 3, "the runs ended before they could be killed: make the documents slower"
    final = run_config(config)
    assert final.failures == [] and final.skipped == len(finished_times)
    assert all(output_times(output)[doc_id] == mtime for doc_id, mtime in finished_times.items())
    assert not list(output.glob(".*.tmp"))
    produced = {p.name: p.read_bytes() for p in output.glob("*.jsonl")}
    assert produced == {p.name: p.read_bytes() for p in reference.glob("*.jsonl")}
    assert len(produced) == 20
