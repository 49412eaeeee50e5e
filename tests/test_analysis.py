"""Analysis tables: load_results, export to CSV/Parquet, and the example under examples/."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.analysis import ARTICLE_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, export, load_results
from pipeline.cli import main
from tests.conftest import ROOT, read_jsonl

# Seed 002, the 汾阳杏花村 development zone: one investment figure among other money facts.
ZONE = (
    "汾阳杏花村经济技术开发区成立两年来，不断加强党的建设，实现工业产值（非煤产业产值）155.38亿元，"
    "同比增长34.9%。工业投资6.9亿元，增长33.8%。投资强度220.82万元/亩。"
)
# Seed 004, the 离石 education review.
SCHOOLS = "离石区全面落实教育信息化2.0行动计划，投入1480万元为城乡项目学校配备智慧黑板523套。"


def span(text: str, part: str, **fields: object) -> dict:
    start = text.index(part)
    return {"text": part, "start": start, "end": start + len(part), **fields}


def money(text: str, part: str, value: float, unit: str = "元") -> dict:
    fields = {"value": value, "value_max": None, "unit": unit, "approx": None, "subject": None, "predicate": None}
    return span(text, part, **fields)


def output_record(doc_id: str, index: int, text: str, **fields: object) -> dict:
    base = {
        "doc_id": doc_id,
        "article_index": index,
        "kind": "article",
        "title": None,
        "subtitle": None,
        "authors": [],
        "dateline": None,
        "text": text,
        "source": {"start": 0, "end": len(text)},
        "entities": [],
        "facts": [],
        "cues": [],
    }
    return {**base, **fields}


@pytest.fixture()
def outputs(tmp_path: Path) -> Path:
    """Two documents in the output format, written by hand from seeds 002 and 004."""
    zone = output_record(
        "002",
        0,
        ZONE,
        title="践行“四为四高两同步”打造全省一流开发区",
        authors=["吴晓东"],
        entities=[span(ZONE, "汾阳杏花村经济技术开发区", label="ORG")],
        facts=[
            money(ZONE, "155.38亿元", 15_538_000_000),
            money(ZONE, "6.9亿元", 690_000_000),
            money(ZONE, "34.9%", 34.9, "%"),
            money(ZONE, "220.82万元/亩", 2_208_200, "元/亩"),
        ],
        meta={"columns": 2},
    )
    schools = output_record(
        "004",
        5,
        SCHOOLS,
        title="栉风沐雨砥砺前行",
        authors=["王燕华", "刘和平"],
        entities=[span(SCHOOLS, "离石区", label="LOC")],
        facts=[money(SCHOOLS, "1480万元", 14_800_000), money(SCHOOLS, "523套", 523, "套")],
    )
    folder = tmp_path / "outputs"
    folder.mkdir()
    for record in (zone, schools):
        line = json.dumps(record, ensure_ascii=False)
        (folder / f"{record['doc_id']}.jsonl").write_text(line + "\n", encoding="utf-8")
    (folder / "run.json").write_text("{}", encoding="utf-8")
    return folder


def test_load_results_gives_one_row_per_article_entity_and_fact_indexed_by_doc_and_article(outputs):
    articles, entities, facts = load_results(outputs)
    assert list(articles.index) == [("002", 0), ("004", 5)]
    assert articles.index.names == ["doc_id", "article_index"]
    assert entities.index.names == ["doc_id", "article_index", "entity_index"]
    assert facts.index.names == ["doc_id", "article_index", "fact_index"]
    assert articles.loc[("004", 5), "authors"] == ["王燕华", "刘和平"]
    assert articles.loc[("002", 0), "text_chars"] == len(ZONE)
    assert articles.loc[("002", 0), "meta"] == {"columns": 2}
    assert list(articles["fact_count"]) == [4, 2]
    assert list(entities["text"]) == ["汾阳杏花村经济技术开发区", "离石区"]
    assert list(facts.loc[("004", 5), "text"]) == ["1480万元", "523套"]
    assert facts.loc[("002", 0, 1), "value"] == 690_000_000.0
    assert facts.loc[("002", 0, 1), "value_max"] is pd.NA


def test_columns_have_nullable_dtypes_so_missing_values_are_na_and_integers_stay_integers(outputs):
    articles, entities, facts = load_results(outputs)
    assert articles["title"].dtype == "string" and articles["subtitle"].isna().all()
    assert articles["source_start"].dtype == "Int64" and articles["fact_count"].dtype == "Int64"
    assert entities["start"].dtype == "Int64" and entities["label"].dtype == "string"
    assert facts["value"].dtype == "Float64" and facts["approx"].dtype == "string"
    assert facts.index.get_level_values("article_index").dtype == "Int64"


def test_tables_join_back_to_article_text_through_the_offsets(outputs):
    articles, _, facts = load_results(outputs)
    joined = facts.join(articles[["text"]].rename(columns={"text": "text_article"}))
    quoted = [
        body[start:end] for body, start, end in zip(joined["text_article"], joined["start"], joined["end"], strict=True)
    ]
    assert quoted == list(joined["text"])


def test_load_results_is_exported_from_the_package_and_reads_a_fresh_run(seed_outputs):
    articles, entities, facts = pipeline.load_results(seed_outputs)
    records = [r for path in sorted(seed_outputs.glob("*.jsonl")) for r in read_jsonl(path)]
    assert len(articles) == len(records)
    assert len(entities) == sum(len(r["entities"]) for r in records)
    assert len(facts) == sum(len(r["facts"]) for r in records)
    assert set(articles.index.get_level_values("doc_id")) == {path.stem for path in (ROOT / "seeds").glob("*.txt")}


def test_an_empty_folder_gives_empty_tables_with_every_column(tmp_path):
    results = load_results(tmp_path)
    for frame, columns in zip(results, (ARTICLE_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS), strict=True):
        assert frame.empty
        assert (*frame.index.names, *frame.columns) == columns


def test_csv_export_joins_lists_with_the_enumeration_comma_and_opens_in_spreadsheets(outputs, tmp_path):
    files = export(outputs, tmp_path / "tables", "csv")
    assert [file.name for file in files] == ["articles.csv", "entities.csv", "facts.csv"]
    assert files[0].read_bytes().startswith(b"\xef\xbb\xbf")
    articles = pd.read_csv(files[0], encoding="utf-8-sig")
    assert articles.loc[1, "authors"] == "王燕华、刘和平"
    assert json.loads(articles.loc[0, "meta"]) == {"columns": 2}
    assert pd.read_csv(files[2], encoding="utf-8-sig")["text"].tolist()[:2] == ["155.38亿元", "6.9亿元"]


def test_parquet_export_keeps_lists_and_numbers(outputs):
    assert main(["export", str(outputs), "--format", "parquet"]) == 0
    articles = pd.read_parquet(outputs / "articles.parquet")
    facts = pd.read_parquet(outputs / "facts.parquet")
    assert list(articles.loc[1, "authors"]) == ["王燕华", "刘和平"]
    assert facts["value"].tolist()[:2] == [15_538_000_000.0, 690_000_000.0]


def _example_module():
    path = ROOT / "examples" / "investment_organisations.py"
    spec = importlib.util.spec_from_file_location("investment_organisations", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_finds_investment_figures_but_not_output_values_or_rates(outputs):
    example = _example_module()
    figures = example.investment_facts(load_results(outputs))
    assert figures["figure"].tolist() == ["6.9亿元", "1480万元"]
    table = example.organisations_by_investment(load_results(outputs))
    assert table.index.tolist() == ["汾阳杏花村经济技术开发区"]
    assert table.loc["汾阳杏花村经济技术开发区", "largest_yuan"] == 690_000_000


def test_example_script_runs_on_a_fresh_run(seed_outputs):
    script = ROOT / "examples" / "investment_organisations.py"
    result = subprocess.run(
        [sys.executable, str(script), str(seed_outputs)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "investment figures in" in result.stdout


def analyses_in_the_docs() -> list[str]:
    """The python blocks of docs/analysis.md's section `## Three analyses`, in order."""
    text = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    section = text.split("## Three analyses", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_three_analyses_in_the_docs_run_on_a_fresh_run(seed_outputs, tmp_path, monkeypatch, capsys):
    (tmp_path / "outputs").symlink_to(seed_outputs, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    blocks = analyses_in_the_docs()
    assert len(blocks) == 3
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/analysis.md", "exec"), namespace)
    assert capsys.readouterr().out
    most_named, largest_sums, reporter_places = (
        namespace["most_named"],
        namespace["largest_sums"],
        namespace["reporter_places"],
    )
    entities = namespace["entities"]
    assert most_named.sum() == entities["label"].isin(["LOC", "ORG"]).sum()
    assert list(most_named) == sorted(most_named, reverse=True)
    assert {"西藏", "吕梁"} <= {name for _, name in most_named.index[:10]}  # the seeds' two regions
    assert list(largest_sums["value"]) == sorted(largest_sums["value"], reverse=True)
    assert all(text.endswith("元") for text in largest_sums["text"])
    assert len(largest_sums) == 5
    authors = {author for _, record in namespace["articles"].iterrows() for author in record["authors"]}
    assert not reporter_places.empty
    assert set(reporter_places.index.get_level_values("author")) <= authors
