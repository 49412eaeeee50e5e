"""Evaluation: hand-made gold/prediction pairs whose metrics are worked out by hand below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, format_report, match_records, pair_facts, score_document
from tests.conftest import GOLD, read_jsonl

# Seed 004 (离石 page), cleaned as docs/gold.md says.
WALK = "近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。"
SIGNING = "2020年12月31日，离石一中和朝阳小学举行深度合作签约仪式。双方就“零学困”教育工作开展长期的合作。"
CAPTION = "吴城镇农产品公司员工正在加工土豆。"
# Seed 003 (Xinhua page): two facts there share (value, unit) = (2000, 名).
TEACHERS = "先后选派近2000名教师来青支教"
CRAFTSMEN = "到2035年，培养造就2000名左右大国工匠"
# Seed 002: 41.77 × 10**8 in floating point is not exactly 4177000000.
INVESTMENT = "项目加快实施，总投资41.77亿元，完成投资17亿元"


def record(text: str, **fields: object) -> dict:
    return {"kind": "article", "text": text, **fields}


def write_docs(folder: Path, docs: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, records in docs.items():
        lines = [
            json.dumps({"doc_id": doc_id, "article_index": i, **r}, ensure_ascii=False) for i, r in enumerate(records)
        ]
        (folder / f"{doc_id}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_one_missed_and_one_extra_record_give_half_precision_and_recall():
    gold = [record(WALK), record(SIGNING)]
    pred = [record(WALK), record(CAPTION, kind="caption")]
    score = score_document("004", gold, pred)
    records = score.segment["all"].records
    assert (records.matched, records.predicted, records.gold) == (1, 2, 2)
    assert records.precision == records.recall == records.f1 == 0.5
    assert {(e.stage, e.kind) for e in score.errors} == {("segment", "FN"), ("segment", "FP")}


def test_records_match_despite_whitespace_and_line_breaks_but_not_on_a_quarter_of_the_text():
    broken_lines = "近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。"
    assert match_records([record(WALK)], [record(broken_lines)]) == [(0, 0)]
    assert match_records([record(WALK + SIGNING)], [record(WALK[:12])]) == []


def test_a_record_split_in_two_matches_once_and_the_other_half_is_a_false_positive():
    half = len(SIGNING) // 2
    records = score_document("004", [record(SIGNING)], [record(SIGNING[:half]), record(SIGNING[half:])]).segment
    assert (records["all"].records.precision, records["all"].records.recall) == (0.5, 1.0)


def test_matching_is_one_to_one_by_best_score():
    merged = record(WALK + SIGNING)
    pairs = match_records([record(WALK), record(SIGNING)], [merged, record(WALK)])
    assert pairs == [(0, 1), (1, 0)]


def test_title_null_equals_null_authors_compare_as_sets_and_absent_fields_are_not_scored():
    gold = [
        record(WALK, title="城北街道开展“迎新年”健步走活动", authors=["王艳"]),
        record(SIGNING, title="离石一中和朝阳小学举行深度合作签约仪式", authors=["吴夏峰", "张晋晋"]),
        record(CAPTION, kind="caption", title=None),
    ]
    pred = [
        record(WALK, title="城北街道开展 “迎新年” 健步走活动", authors=[], dateline="新华社"),
        record(SIGNING, title=None, authors=["张晋晋", "吴夏峰"]),
        record(CAPTION, kind="caption", title=None, authors=["刘和平"]),
    ]
    fields = score_document("004", gold, pred).segment["all"].fields
    assert (fields["title"].correct, fields["title"].total) == (2, 3)
    assert (fields["authors"].correct, fields["authors"].total) == (1, 2)
    assert fields["dateline"].total == 0
    assert fields["dateline"].accuracy is None


def test_character_error_rate_counts_edits_of_matched_pairs_and_all_of_unmatched_gold():
    one_comma_one_space = WALK.replace("城北街道办，", "城北街道办,").replace("金晖煤业", "金晖 煤业")
    score = score_document("004", [record(WALK), record(SIGNING)], [record(one_comma_one_space)])
    cleanup = score.cleanup.metrics()
    assert cleanup["matched_edits"] == 2
    assert cleanup["cer_matched"] == pytest.approx(2 / len(WALK))
    assert cleanup["cer"] == pytest.approx((2 + len(SIGNING)) / (len(WALK) + len(SIGNING)))


def test_newlines_count_as_characters_in_the_error_rate():
    two_paragraphs = WALK + "\n" + SIGNING
    score = score_document("004", [record(two_paragraphs)], [record(WALK + SIGNING)])
    assert score.cleanup.matched_edits == 1
    assert score.cleanup.gold_chars == len(WALK) + 1 + len(SIGNING)


def test_entities_compare_as_multisets_per_label_and_overall():
    gold = [
        record(WALK, entities=[{"text": "吕梁", "label": "LOC"}, {"text": "如意湖公园", "label": "LOC"}]),
        record(SIGNING, entities=[{"text": "离石一中", "label": "ORG"}, {"text": "离石一中", "label": "ORG"}]),
    ]
    pred = [
        record(
            WALK + SIGNING,
            entities=[
                {"text": "吕梁", "label": "LOC"},
                {"text": "如意湖", "label": "LOC"},
                {"text": "离石一中", "label": "ORG"},
            ],
        )
    ]
    tallies = score_document("004", gold, pred).entities
    assert (tallies["LOC"].matched, tallies["LOC"].predicted, tallies["LOC"].gold) == (1, 2, 2)
    assert (tallies["ORG"].matched, tallies["ORG"].predicted, tallies["ORG"].gold) == (1, 1, 2)
    assert tallies["all"].precision == pytest.approx(2 / 3)
    assert tallies["all"].recall == pytest.approx(2 / 4)


def test_gold_without_entities_is_not_scored_but_an_empty_list_is():
    pred = [record(CAPTION, entities=[{"text": "吴城镇", "label": "LOC"}])]
    assert score_document("004", [record(CAPTION)], pred).entities is None
    scored = score_document("004", [record(CAPTION, entities=[])], pred).entities
    assert (scored["all"].matched, scored["all"].predicted, scored["all"].gold) == (0, 1, 0)
    assert scored["all"].precision == 0.0


def test_partly_annotated_gold_compares_only_the_records_matched_to_annotated_ones():
    gold = [record(WALK, entities=[{"text": "吕梁", "label": "LOC"}]), record(SIGNING)]
    pred = [
        record(WALK, entities=[{"text": "吕梁", "label": "LOC"}]),
        record(SIGNING, entities=[{"text": "朝阳小学", "label": "ORG"}]),
    ]
    tallies = score_document("004", gold, pred).entities
    assert (tallies["all"].matched, tallies["all"].predicted, tallies["all"].gold) == (1, 1, 1)


def fact(text: str, value: float, unit: str, subject: str | None = None, **fields: object) -> dict:
    return {"text": text, "value": value, "unit": unit, "subject": subject, **fields}


def test_facts_match_on_value_within_tolerance_and_unit():
    gold = [record(INVESTMENT, facts=[fact("41.77亿元", 4_177_000_000, "元"), fact("17亿元", 1_700_000_000, "元")])]
    pred = [record(INVESTMENT, facts=[fact("41.77亿元", 41.77 * 10**8, "元"), fact("17亿元", 17, "亿元")])]
    assert 41.77 * 10**8 != 4_177_000_000
    quantities = score_document("002", gold, pred).facts.quantities
    assert (quantities.matched, quantities.predicted, quantities.gold) == (1, 2, 2)


def test_facts_sharing_value_and_unit_are_paired_so_that_subjects_agree():
    gold_facts = [
        fact("近2000名", 2000, "名", "教师", approx="about", predicate="选派"),
        fact("2000名左右", 2000, "名", "大国工匠", approx="about"),
    ]
    pred_facts = [
        fact("2000名左右", 2000, "名", "大国工匠", approx="about", predicate="培养造就"),
        fact("近2000名", 2000, "名", "教师", approx=None, predicate="选派"),
    ]
    assert pair_facts(gold_facts, pred_facts) == [(0, 1), (1, 0)]
    gold = [record(TEACHERS, facts=gold_facts[:1]), record(CRAFTSMEN, facts=gold_facts[1:])]
    score = score_document("003", gold, [record(TEACHERS + CRAFTSMEN, facts=pred_facts)])
    assert score.facts.fields["subject"].accuracy == 1.0
    assert (score.facts.fields["approx"].correct, score.facts.fields["approx"].total) == (1, 2)
    assert (score.facts.fields["predicate"].correct, score.facts.fields["predicate"].total) == (1, 1)


def test_cli_prints_a_table_per_stage_for_the_real_gold_and_a_fresh_run(seed_outputs, tmp_path, capsys):
    metrics_file = tmp_path / "metrics.json"
    assert (
        main(["evaluate", "--gold", str(GOLD), "--pred", str(seed_outputs), "--by-doc", "--json", str(metrics_file)])
        == 0
    )
    printed = capsys.readouterr().out
    for title in ("cleanup: character error rate", "segment:", "entities:", "facts:"):
        assert title in printed
    gold_ids = sorted(path.stem for path in GOLD.glob("*.jsonl"))
    for doc_id in gold_ids:
        assert doc_id in printed
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    assert sorted(metrics["documents"]) == gold_ids
    gold_records = sum(len(read_jsonl(path)) for path in GOLD.glob("*.jsonl"))
    assert metrics["overall"]["segment"]["all"]["gold"] == gold_records
    gold_has_entities = any("entities" in r for path in GOLD.glob("*.jsonl") for r in read_jsonl(path))
    assert (metrics["overall"]["entities"] is not None) == gold_has_entities


def test_cli_lists_errors_per_document_and_counts_a_missing_prediction_as_missed(tmp_path, capsys):
    gold = write_docs(tmp_path / "gold", {"004": [record(WALK), record(SIGNING)], "005": [record(CAPTION)]})
    pred = write_docs(tmp_path / "pred", {"004": [record(WALK)], "006": [record(CAPTION)]})
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--errors"]) == 0
    printed = capsys.readouterr().out
    assert "no prediction (all gold counted as missed): 005" in printed
    assert "predictions without gold (not scored): 006" in printed
    assert "004  segment  FN    #1 article" in printed
    assert "005  segment  FN    #0 article" in printed
    evaluation = evaluate(gold, pred)
    assert evaluation.total.segment["all"].records.recall == pytest.approx(1 / 3)
    assert "entities: (text, label)" in format_report(evaluation)


def test_a_bad_gold_line_is_a_one_line_error_naming_file_and_line(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "004.jsonl").write_text(json.dumps(record(WALK), ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--pred", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {gold / '004.jsonl'}:2: invalid JSON")
    assert "Traceback" not in error


def test_gold_entities_null_means_not_annotated_and_is_not_scored():
    pred = [
        record(WALK, entities=[{"text": "吕梁", "label": "LOC"}, {"text": "如意湖公园", "label": "LOC"}]),
        record(SIGNING, entities=[{"text": "离石一中", "label": "ORG"}]),
    ]
    assert score_document("004", [record(WALK, entities=None), record(SIGNING, entities=None)], pred).entities is None
    partly = [record(WALK, entities=None), record(SIGNING, entities=[{"text": "离石一中", "label": "ORG"}])]
    tallies = score_document("004", partly, pred).entities
    assert (tallies["all"].matched, tallies["all"].predicted, tallies["all"].gold) == (1, 1, 1)
    assert score_document("004", [record(WALK, facts=None)], pred).facts is None


@pytest.mark.parametrize("pred_kind", ["empty", "wrong", "missing"])
def test_evaluate_against_an_empty_wrong_or_missing_prediction_folder_is_one_line_and_exit_code_2(
    tmp_path, capsys, pred_kind
):
    gold = write_docs(tmp_path / "gold", {"004": [record(WALK)], "005": [record(CAPTION)]})
    pred = tmp_path / "pred"
    if pred_kind == "empty":
        pred.mkdir()
    elif pred_kind == "wrong":
        write_docs(pred, {"other_paper": [record(SIGNING)]})
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred)]) == 2
    captured = capsys.readouterr()
    expected = {
        "empty": f"error: {pred}: no prediction files (*.jsonl) to score",
        "wrong": f"error: {pred}: no prediction for any of the 2 gold documents (e.g. 004.jsonl)",
        "missing": f"error: {pred}: no such file or folder",
    }
    assert captured.err.splitlines() == [expected[pred_kind]]
    assert captured.out == ""
