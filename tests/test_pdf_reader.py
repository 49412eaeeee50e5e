"""PDF files in: one document per file through every stage, provenance on the page, bad files reported."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.cli import main
from pipeline.io.readers import discover
from pipeline.schema import article_schema
from tests.conftest import DEFAULT_CONFIG, read_jsonl
from tests.pdf_pages import (
    BRIEFS,
    DISPLACED_BODY,
    DISPLACED_TITLE,
    LEFT_TITLE,
    Picture,
    Text,
    brief_box,
    column,
    displaced_story,
    sample_page,
    write_pdf,
)

BODY = "2020年12月31日，离石一中和朝阳小学举行深度合作签约仪式。"


def unmapped_font_pdf(path: Path) -> Path:
    """One page whose font maps its three codes to glyph names with no Unicode value."""
    content = b"BT /F1 12 Tf 50 200 Td (ABC) Tj ET"
    return hand_made_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding << /Type /Encoding /Differences [65 /g1x /g2x /g3x] >> >>",
        ],
    )


def pageless_pdf(path: Path) -> Path:
    return hand_made_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def hand_made_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF file of these objects (the first is the catalog) with a correct cross-reference table."""
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(scope="module")
def pdf_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The default config run once over the sample page: (the PDF, the output folder)."""
    folder = tmp_path_factory.mktemp("pdf_run")
    pdf = write_pdf(folder / "page.pdf", [sample_page()])
    output = folder / "out"
    assert main(["run", str(DEFAULT_CONFIG), "--input", str(pdf), "--output", str(output), "--quiet"]) == 0
    return pdf, output


def test_folders_and_globs_find_pdf_files_beside_text(tmp_path):
    write_pdf(tmp_path / "a.pdf", [[Text(40, 700, BODY)]])
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    assert [path.name for path in discover([str(tmp_path)])] == ["a.pdf", "b.txt"]
    assert [path.name for path in discover([str(tmp_path / "*.pdf")])] == ["a.pdf"]


def test_default_config_runs_a_pdf_into_one_document_named_after_the_file(pdf_run):
    _, output = pdf_run
    records = read_jsonl(output / "page.jsonl")
    assert {record["doc_id"] for record in records} == {"page"}
    validator = jsonschema.Draft202012Validator(article_schema())
    for record in records:
        validator.validate(record)
    titled = [record for record in records if record["title"] == LEFT_TITLE]
    assert len(titled) == 1 and titled[0]["authors"] == ["吴夏峰", "张晋晋"]


def test_records_say_on_which_page_and_where_their_text_was_printed(pdf_run):
    pdf, output = pdf_run
    records = read_jsonl(output / "page.jsonl")
    signing = next(record for record in records if record["title"] == LEFT_TITLE)
    source = signing["source"]
    assert source["page"] == 1 and source["file"] == str(pdf)
    x0, _, x1, y1 = source["bbox"]
    # the story is set in the left column (x 40 to 292) under its headline at y 620
    assert 39 <= x0 < x1 <= 293 and y1 < 620
    assert all(region["page"] == 1 for region in source["regions"])
    assert sum(len(record["entities"]) for record in records) >= 5
    for record in records:
        for entity in record["entities"]:
            inside = [region for region in record["source"]["regions"] if _contains(region["bbox"], entity["bbox"])]
            assert inside, f"{entity['text']} lies in one of its record's regions"


def _contains(outer: list[float], inner: list[float]) -> bool:
    return (
        outer[0] - 0.5 <= inner[0] < inner[2] <= outer[2] + 0.5
        and outer[1] - 0.5 <= inner[1] < inner[3] <= outer[3] + 0.5
    )


def test_segmentation_takes_headlines_labels_and_modules_from_the_printed_page(tmp_path):
    pdf = write_pdf(tmp_path / "briefs.pdf", [[*displaced_story(), *brief_box(40, 400)]])
    assert main(["run", str(DEFAULT_CONFIG), "--input", str(pdf), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    records = read_jsonl(tmp_path / "out" / "briefs.jsonl")
    # the box's label is no record; each brief is one, titled without its bullet; the story
    # begun beside its headline is one article, all its text under its title
    assert [(r["title"], r["text"]) for r in records] == [
        (DISPLACED_TITLE, DISPLACED_BODY),
        (BRIEFS[0][0], "1月1日，64辆满载拉萨人民捐助的物资运往那曲灾区。"),
        (BRIEFS[1][0], "西藏拉萨的一座寺庙日前举行佛像交接仪式，喜迎该寺的镇寺之宝。"),
    ]
    assert [r["authors"] for r in records] == [[], ["李舸"], ["王桦"]]


def test_raw_offsets_of_a_pdf_record_point_at_its_text_in_reading_order(pdf_run):
    _, output = pdf_run
    signing = next(r for r in read_jsonl(output / "page.jsonl") if r["title"] == LEFT_TITLE)
    assert signing["text"].startswith("2020年12月31日，离石一中")
    assert signing["source"]["end"] > signing["source"]["start"]


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("scanned.pdf", lambda p: write_pdf(p, [[Picture(40, 40, 500, 800)]]), "page 1: no text layer, OCR it first"),
        ("locked.pdf", lambda p: write_pdf(p, [[Text(40, 700, BODY)]], password="secret"), "encrypted PDF"),
        ("damaged.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj garbage"), "damaged or not a PDF"),
        ("empty.pdf", pageless_pdf, "the PDF has no pages"),
        ("unmapped.pdf", unmapped_font_pdf, "page 1: 3 characters in fonts without a Unicode map"),
    ],
)
def test_a_bad_pdf_is_one_line_naming_file_and_page_and_the_others_go_on(tmp_path, capsys, name, make, message):
    inputs = tmp_path / "in"
    inputs.mkdir()
    make(inputs / name)
    write_pdf(inputs / "good.pdf", [column(40, 700, 40, BODY)])
    output = tmp_path / "out"
    assert main(["run", str(DEFAULT_CONFIG), "--input", str(inputs), "--output", str(output), "--quiet"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {inputs / name}: read: ") and message in errors[0]
    assert read_jsonl(output / "good.jsonl")[0]["text"] == BODY
    report = json.loads((output / "run.json").read_text(encoding="utf-8"))
    assert [failure["path"] for failure in report["failures"]] == [str(inputs / name)]
