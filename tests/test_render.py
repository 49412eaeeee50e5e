"""HTML rendering: page structure, highlights, and what a real browser shows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.cli import main
from pipeline.render import NO_TITLE, highlight_spans, render_page
from tests.conftest import GOLD, read_jsonl

# Seed 004 (离石 page), cleaned as docs/gold.md says.
SIGNING = "2020年12月31日，离石一中和朝阳小学举行深度合作签约仪式。\n双方就“零学困”教育工作开展长期的合作。"
CAPTION = "吴城镇农产品公司员工正在加工土豆。"


def at(text: str, part: str, **fields: Any) -> dict[str, Any]:
    start = text.index(part)
    return {"text": part, "start": start, "end": start + len(part), **fields}


def signing_record() -> dict[str, Any]:
    return {
        "doc_id": "004",
        "article_index": 1,
        "kind": "article",
        "title": "离石一中和朝阳小学举行深度合作签约仪式",
        "subtitle": None,
        "authors": ["吴夏峰", "张晋晋"],
        "dateline": None,
        "text": SIGNING,
        "entities": [at(SIGNING, "离石一中", label="ORG"), at(SIGNING, "朝阳小学", label="ORG")],
        "facts": [],
    }


def caption_record() -> dict[str, Any]:
    return {
        "doc_id": "004",
        "article_index": 0,
        "kind": "caption",
        "title": None,
        "authors": ["刘和平"],
        "text": CAPTION,
        "entities": [at(CAPTION, "吴城镇", label="LOC")],
        "facts": [],
    }


def test_page_lists_records_in_reading_order_with_title_authors_and_paragraphs():
    page = render_page([signing_record(), caption_record()])
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    assert headings == [NO_TITLE, "离石一中和朝阳小学举行深度合作签约仪式"]
    assert "作者 吴夏峰、张晋晋" in page
    assert "签约仪式。<br>双方就" in page
    assert page.count('<mark class="entity"') == 3


def test_page_is_self_contained_and_escapes_text():
    record = signing_record()
    record["title"] = "集中学习<论党的宣传思想工作>"
    page = render_page([record])
    assert "集中学习&lt;论党的宣传思想工作&gt;" in page
    assert not re.search(r"https?://|<script|<link", page)


def test_spans_whose_offsets_miss_their_text_or_overlap_are_not_highlighted():
    entities = [
        at(SIGNING, "离石一中", label="ORG"),
        at(SIGNING, "离石", label="LOC"),
        {"text": "朝阳小学", "label": "ORG", "start": 0, "end": 4},
    ]
    facts = [at(SIGNING, "12月31日", value=31, unit="日")]
    shown, skipped = highlight_spans(SIGNING, entities, facts)
    assert [(SIGNING[s["start"] : s["end"]], s["label"]) for s in shown] == [("12月31日", "FACT"), ("离石一中", "ORG")]
    assert skipped == 2


def test_fact_tooltip_and_table_give_value_unit_subject_and_predicate():
    text = "先后选派近2000名教师来青支教"
    record = {
        "doc_id": "003",
        "article_index": 0,
        "kind": "article",
        "title": None,
        "text": text,
        "facts": [at(text, "近2000名", value=2000, unit="名", approx="about", subject="教师", predicate="选派")],
    }
    page = render_page([record])
    assert 'title="value 2,000; unit 名; approx about; subject 教师; predicate 选派"' in page
    assert "<td>近2000名</td><td>2,000</td><td>名</td><td>about</td><td>教师</td><td>选派</td>" in page


def test_cli_renders_one_page_per_document_and_refuses_one_file_for_several(seed_outputs, tmp_path, capsys):
    first = sorted(seed_outputs.glob("*.jsonl"))[0]
    assert main(["render", str(first), "-o", str(tmp_path / "page.html")]) == 0
    assert (tmp_path / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["render", str(seed_outputs), "-o", str(tmp_path / "pages")]) == 0
    assert sorted(p.stem for p in (tmp_path / "pages").glob("*.html")) == sorted(
        p.stem for p in seed_outputs.glob("*.jsonl")
    )
    capsys.readouterr()
    assert main(["render", str(seed_outputs), "-o", str(tmp_path / "all.html")]) == 2
    assert "one page per document" in capsys.readouterr().err


def shown_titles(browser: Any, page: Path) -> list[str]:
    from selenium.webdriver.common.by import By

    browser.get(page.resolve().as_uri())
    headings = browser.find_elements(By.CSS_SELECTOR, "article h2")
    assert all(heading.is_displayed() for heading in headings)
    return [heading.text for heading in headings]


def with_offsets(record: dict[str, Any]) -> dict[str, Any]:
    """A gold record with offsets found in order in its text, as the pipeline would give them."""
    text, cursor, entities = record.get("text", ""), 0, []
    for entity in record.get("entities", []):
        start = text.find(entity["text"], cursor)
        if start >= 0:
            entities.append({**entity, "start": start, "end": start + len(entity["text"])})
            cursor = start + len(entity["text"])
    return {**record, "entities": entities, "facts": []}


def test_browser_shows_every_title_of_each_gold_page(browser, tmp_path):
    for path in sorted(GOLD.glob("*.jsonl")):
        records = [with_offsets(record) for record in read_jsonl(path)]
        page = tmp_path / f"{path.stem}.html"
        page.write_text(render_page(records, path.stem), encoding="utf-8")
        ordered = sorted(records, key=lambda record: record["article_index"])
        assert shown_titles(browser, page) == [record["title"] or NO_TITLE for record in ordered], path.name


def test_browser_shows_every_title_and_highlight_of_a_fresh_run(browser, seed_outputs, tmp_path):
    from selenium.webdriver.common.by import By

    for path in sorted(seed_outputs.glob("*.jsonl")):
        records = read_jsonl(path)
        assert main(["render", str(path), "-o", str(tmp_path)]) == 0
        page = tmp_path / f"{path.stem}.html"
        assert shown_titles(browser, page) == [record["title"] or NO_TITLE for record in records]
        highlights = sum(len(highlight_spans(r["text"], r["entities"], r["facts"])[0]) for r in records)
        assert len(browser.find_elements(By.CSS_SELECTOR, "mark.entity")) == highlights
