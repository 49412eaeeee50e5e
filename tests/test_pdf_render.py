"""`render` of a PDF document: the page itself beside the text view, with the records drawn over it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.render import render_page
from tests.conftest import DEFAULT_CONFIG, read_jsonl
from tests.pdf_pages import LEFT_TITLE, sample_page, write_pdf


@pytest.fixture(scope="module")
def pdf_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample page run through the default config: (the PDF, its output file)."""
    folder = tmp_path_factory.mktemp("pdf_render")
    pdf = write_pdf(folder / "page.pdf", [sample_page()])
    assert main(["run", str(DEFAULT_CONFIG), "--input", str(pdf), "--output", str(folder / "out"), "--quiet"]) == 0
    return pdf, folder / "out" / "page.jsonl"


def test_page_image_is_embedded_with_one_box_per_region_of_every_record(pdf_records):
    _, output = pdf_records
    records = read_jsonl(output)
    page = render_page(records)
    assert len(re.findall(r'<img alt="page 1" src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)) == 1
    regions = sum(len(record["source"]["regions"]) for record in records)
    assert page.count('<rect class="region') == regions
    # nothing is fetched: the only URL is the SVG namespace, which browsers never load
    assert not re.search(r"<script|<link|src=\"http", page)


def test_records_moved_away_from_their_pdf_find_it_through_the_pdf_option(pdf_records, tmp_path, capsys):
    pdf, output = pdf_records
    records = read_jsonl(output)
    for record in records:
        record["source"]["file"] = str(tmp_path / "gone.pdf")
    moved = tmp_path / "page.jsonl"
    moved.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    assert main(["render", str(moved), "-o", str(tmp_path / "a.html")]) == 2
    assert "gone.pdf: cannot open the PDF" in capsys.readouterr().err
    assert main(["render", str(moved), "-o", str(tmp_path / "b.html"), "--pdf", str(pdf.parent)]) == 0
    assert "data:image/png;base64," in (tmp_path / "b.html").read_text(encoding="utf-8")


def test_browser_shows_the_page_beside_the_titles_with_the_article_boxes_on_it(browser, pdf_records, tmp_path):
    from selenium.webdriver.common.by import By

    _, output = pdf_records
    assert main(["render", str(output), "-o", str(tmp_path / "page.html")]) == 0
    browser.set_window_size(1400, 1000)
    browser.get((tmp_path / "page.html").resolve().as_uri())
    image = browser.find_element(By.CSS_SELECTOR, ".page img")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 1000
    titles = [heading.text for heading in browser.find_elements(By.CSS_SELECTOR, "article h2")]
    assert LEFT_TITLE in titles
    page_box, text_box = image.rect, browser.find_element(By.CSS_SELECTOR, "section.records").rect
    assert page_box["x"] + page_box["width"] <= text_box["x"], "the page stands beside the text view"
    signing = next(r for r in read_jsonl(output) if r["title"] == LEFT_TITLE)
    box = browser.find_element(By.CSS_SELECTOR, f'rect.region[data-record="{signing["article_index"]}"]').rect
    x0, _, x1, _ = signing["source"]["regions"][0]["bbox"]
    scale = page_box["width"] / 595
    # the drawn box stands where the story was printed (left column, 40 points in)
    assert box["x"] == pytest.approx(page_box["x"] + x0 * scale, abs=2)
    assert box["width"] == pytest.approx((x1 - x0) * scale, abs=2)
