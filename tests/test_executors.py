"""Executors: a pool of local worker processes and Ray Data on a local cluster give the same outputs;
a worker that dies on one document is reported while the others are written."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.executors.local import LocalExecutor
from pipeline.io.readers import read_documents
from pipeline.runner import CRASH_MESSAGE, run
from pipeline.types import Document
from tests.conftest import ROOT, SEEDS

CRASHING_SEED = "003_8dd00541d4eaa508"  # prints 教育援青行动, the marker CrashOnMarker dies on
RAY_MISSING = importlib.util.find_spec("ray") is None
needs_ray = pytest.mark.skipif(RAY_MISSING, reason='Ray Data is not installed: pip install -e ".[ray]"')


def write_config(path: Path, inputs: Path, output: Path, stages: list[str | dict], **run_options: object) -> Path:
    """A TOML config; a stage is its name, or a table of its name and options."""
    lines = ["[run]", f"input = [{json.dumps(str(inputs))}]", f"output = {json.dumps(str(output))}"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in run_options.items()]
    for stage in stages:
        table = stage if isinstance(stage, dict) else {"name": stage}
        lines += ["[[stages]]", *(f"{key} = {json.dumps(value)}" for key, value in table.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def outputs(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.jsonl"))}


def test_two_worker_processes_write_the_same_outputs_as_one(tmp_path):
    stages = ["cleanup", "segment", "tests.plugin_stage:MarkTitles"]
    single = write_config(tmp_path / "one.toml", SEEDS, tmp_path / "one", stages, workers=1)
    double = write_config(tmp_path / "two.toml", SEEDS, tmp_path / "two", stages, workers=2, batch_size=1)
    run(load_config(single), quiet=True)
    summary = run(load_config(double), quiet=True)
    assert summary.documents == 5 and not summary.failures
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")
    assert len(outputs(tmp_path / "one")) == 5


def test_each_worker_process_sets_its_stages_up_once_however_many_batches_it_takes(tmp_path):
    log = tmp_path / "setups.log"
    stages = [{"name": "tests.worker_stages:LogSetups", "log": str(log)}]
    config = write_config(tmp_path / "c.toml", SEEDS, tmp_path / "out", stages, workers=2, batch_size=1)
    summary = run(load_config(config), quiet=True)
    setups = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert summary.documents == 5
    assert 1 <= len(setups) <= 2
    assert all(count == 1 for count in Counter(pid for pid, _ in setups).values())
    assert all(workers == "2" for _, workers in setups)  # the stage sizes its threads for two workers


def test_a_worker_that_dies_on_one_document_is_reported_and_the_run_completes(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    shutil.copy(SEEDS / f"{CRASHING_SEED}.txt", inputs / "003_reprint.txt")
    stages = ["tests.worker_stages:CrashOnMarker", "tests.plugin_stage:MarkTitles"]
    config = write_config(tmp_path / "c.toml", inputs, tmp_path / "out", stages, workers=2, batch_size=2)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(config), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("error:"))
    assert errors == [
        f"error: {inputs / f'{CRASHING_SEED}.txt'}: worker: {CRASH_MESSAGE}",
        f"error: {inputs / '003_reprint.txt'}: worker: {CRASH_MESSAGE}",
    ]
    written = sorted(path.stem for path in (tmp_path / "out").glob("*.jsonl"))
    assert written == ["000_eeb040e43fb6874f", "001_5a41c59cdac262eb", "002_16a3edb67855dc3f", "004_40259cb2cda64e73"]
    report = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert (report["documents"], len(report["failures"])) == (6, 2)


def test_on_ctrl_c_the_pool_hands_over_every_finished_result_and_stops_its_workers(tmp_path):
    stages = ["cleanup", {"name": "tests.worker_stages:PauseEachDocument", "seconds": 0.3}]
    config = write_config(tmp_path / "c.toml", SEEDS, tmp_path / "out", stages, workers=2, batch_size=1)
    executor = LocalExecutor(load_config(config), str(tmp_path / "out"))
    docs = [item for item in read_documents(sorted(SEEDS.glob("*.txt"))) if isinstance(item, Document)]
    stream = executor.run(iter(docs))
    try:
        first = next(stream)  # two batches per worker are in flight; the fifth page waits
        deadline = time.monotonic() + 60
        while (
            len(list((tmp_path / "out").glob("*.jsonl"))) < 4 or _results_in_hand(executor) < 3
        ) and time.monotonic() < deadline:
            time.sleep(0.05)
        processes = list(executor._pool._processes.values())
        handed_over = [result.doc_id for result in executor.finished_results()]  # what Ctrl-C does
    finally:
        executor.close()
    written = sorted(path.stem for path in (tmp_path / "out").glob("*.jsonl"))
    assert sorted([first.doc_id, *handed_over]) == written == [doc.doc_id for doc in docs[:4]]
    for process in processes:
        assert _stops_within(process, seconds=10)


def _results_in_hand(executor: LocalExecutor) -> int:
    """Results the executor can hand over now. A worker writes its output before its result
    reaches the main process, so a written file alone does not mean the result is in hand."""
    return len(executor._ready) + sum(future.done() for future in executor._pending)


def _stops_within(process, seconds: float) -> bool:
    """Whether a worker is gone within `seconds`. The pool's own thread reaps its killed workers too, and
    a `join` that loses that race returns before the exit code is recorded: ask again until it is."""
    deadline = time.monotonic() + seconds
    while process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not process.is_alive()


@needs_ray
def test_a_successful_ray_run_on_a_cluster_of_its_own_prints_only_its_summary_line(tmp_path):
    """No token-authentication notice, no `E ... core_worker.cc` line, no progress-bar notice."""
    stages = ["cleanup", "tests.plugin_stage:MarkTitles"]
    config = write_config(tmp_path / "c.toml", SEEDS, tmp_path / "out", stages, executor="ray", workers=2)
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(config)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(r"5 documents \(0 unchanged, skipped\), \d+ articles, .* 0 failures, [\d.]+ s", line), line


@pytest.fixture(scope="module")
def ray_cluster():
    import ray

    ray.init(
        num_cpus=2,
        include_dashboard=False,
        logging_level="WARNING",
        runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}},  # the test stages live in tests/
    )
    yield
    ray.shutdown()


@needs_ray
def test_ray_executor_writes_the_same_outputs_as_the_local_executor_and_loads_stages_once_per_actor(
    ray_cluster, tmp_path
):
    log = tmp_path / "setups.log"
    stages = ["cleanup", "segment", {"name": "tests.worker_stages:LogSetups", "log": str(log)}]
    local = write_config(tmp_path / "local.toml", SEEDS, tmp_path / "local", stages, workers=2)
    run(load_config(local), quiet=True)
    log.unlink()
    on_ray = write_config(tmp_path / "ray.toml", SEEDS, tmp_path / "ray", stages, executor="ray", workers=2)
    summary = run(load_config(on_ray), quiet=True)
    assert summary.documents == 5 and not summary.failures and summary.articles > 5
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    setup_pids = [line.split()[0] for line in log.read_text(encoding="utf-8").splitlines()]
    assert 1 <= len(setup_pids) <= 2 and len(set(setup_pids)) == len(setup_pids)


@needs_ray
def test_ray_executor_reports_the_document_that_kills_its_actor_and_writes_the_others(ray_cluster, tmp_path):
    stages = ["tests.worker_stages:CrashOnMarker", "tests.plugin_stage:MarkTitles"]
    config = write_config(tmp_path / "c.toml", SEEDS, tmp_path / "out", stages, executor="ray", workers=2)
    summary = run(load_config(config), quiet=True)
    assert [(Path(f.path).stem, f.stage, f.message) for f in summary.failures] == [
        (CRASHING_SEED, "worker", CRASH_MESSAGE)
    ]
    written = sorted(path.stem for path in (tmp_path / "out").glob("*.jsonl"))
    assert written == ["000_eeb040e43fb6874f", "001_5a41c59cdac262eb", "002_16a3edb67855dc3f", "004_40259cb2cda64e73"]
