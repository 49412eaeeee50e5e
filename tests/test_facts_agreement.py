"""Agreement between two annotators on facts' roles (benchmarks/facts_gold/agreement.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def agreement():
    spec = importlib.util.spec_from_file_location(
        "facts_gold_agreement", ROOT / "benchmarks" / "facts_gold" / "agreement.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _fact(text: str, start: int, subject: str | None, predicate: str | None, unit: str = "个") -> dict:
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "value": 1,
        "value_max": None,
        "unit": unit,
        "approx": None,
        "subject": subject,
        "predicate": predicate,
    }


def _write(folder: Path, doc_id: str, facts: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record = {"doc_id": doc_id, "article_index": 0, "facts": facts}
    (folder / f"{doc_id}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


def test_blank_keeps_the_first_files_in_sorted_order_with_roles_null_and_the_rest_of_each_fact(agreement, tmp_path):
    source = tmp_path / "tune"
    _write(source, "pfr-19980102-01-001", [_fact("５个", 3, "工地", "共有")])
    _write(source, "pfr-19980101-01-001", [_fact("２０多个", 9, "电视屏", "切换出")])
    _write(source, "pfr-19980103-01-001", [])
    written = agreement.blank(source, 2, tmp_path / "second")
    assert [path.name for path in written] == ["pfr-19980101-01-001.jsonl", "pfr-19980102-01-001.jsonl"]
    blanked = json.loads(written[0].read_text(encoding="utf-8"))
    assert blanked["doc_id"] == "pfr-19980101-01-001"
    assert blanked["facts"] == [_fact("２０多个", 9, None, None)]


def test_compare_pairs_facts_on_offsets_and_ignores_whitespace_in_roles(agreement, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "a", [_fact("５个", 3, "工 地", "共有"), _fact("３２个", 20, "监控点", None)])
    _write(second, "a", [_fact("３２个", 20, "监控点", "切换出"), _fact("５个", 3, "工地", "共有")])
    files, disagreements = agreement.compare(first, second)
    assert files[0].paired == 2 and files[0].unpaired == 0
    assert files[0].agreed == {"subject": 2, "predicate": 1}
    assert [(item.text, item.role, item.first, item.second) for item in disagreements] == [
        ("３２个", "predicate", None, "切换出")
    ]


def test_compare_counts_a_fact_only_one_side_has_as_unpaired_and_quotes_as_a_difference(agreement, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "a", [_fact("５８个", 0, "“电子眼”", "呈"), _fact("两台", 30, "电脑", None)])
    _write(second, "a", [_fact("５８个", 0, "电子眼", "呈"), _fact("６位", 40, "人员", "输入")])
    files, disagreements = agreement.compare(first, second)
    assert (files[0].paired, files[0].unpaired) == (1, 2)
    assert [(item.role, item.first, item.second) for item in disagreements] == [("subject", "“电子眼”", "电子眼")]


def test_the_report_prints_per_file_and_overall_shares_and_lists_each_disagreement(agreement, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "a", [_fact("５个", 3, "工地", "共有"), _fact("３个", 9, "县", "有")])
    _write(first, "b", [_fact("一倍", 0, None, "增长")])
    _write(second, "a", [_fact("５个", 3, "工地", "有"), _fact("３个", 9, "县", "有")])
    _write(second, "b", [_fact("一倍", 0, "产量", "增长")])
    text = agreement.report(*agreement.compare(first, second))
    assert "a\t2\t1.000\t0.500\t0" in text
    assert "b\t1\t0.000\t1.000\t0" in text
    assert "all\t3\t0.667 (2/3)\t0.667 (2/3)\t0" in text
    assert "a\t５个@3\tpredicate: 共有 | 有" in text
    assert "b\t一倍@0\tsubject: None | 产量" in text


def test_a_broken_gold_file_gives_one_line_naming_it_and_no_traceback(agreement, tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "a", [])
    second.mkdir()
    (second / "a.jsonl").write_text('{"doc_id": "a", "facts": [\n', encoding="utf-8")
    assert agreement.main(["--compare", str(first), str(second)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and "a.jsonl:1: invalid JSON" in error and "\n" not in error


def test_a_file_missing_from_the_first_folder_is_named(agreement, tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    _write(second, "a", [])
    assert agreement.main(["--compare", str(first), str(second)]) == 1
    assert "a.jsonl: cannot read" in capsys.readouterr().err


def test_an_empty_role_counts_as_null_as_evaluate_reads_it(agreement, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "a", [_fact("两队", 0, "", None)])
    _write(second, "a", [_fact("两队", 0, None, " ")])
    files, disagreements = agreement.compare(first, second)
    assert files[0].agreed == {"subject": 1, "predicate": 1} and disagreements == []
