"""The page simulator: real PDFs whose extracted text carries the gold written by construction."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from pipeline.simulator.__main__ import main as simulator_main
from pipeline.simulator.compose import PageComposer, StorySource, fact_lines, load_forms
from pipeline.simulator.render import render_pdf
from pipeline.simulator.sources import Pool, gold_folder, half_width, load_pools, split_of_date, story_from_corpus
from pipeline.simulator.typeset import BUILTIN_FONT, Drawing, Run, register_fonts

from .conftest import GOLD, ROOT, read_jsonl

GOLD_DIRS = [GOLD, ROOT / "heldout" / "gold"]


def _flat(text: str) -> str:
    return half_width(re.sub(r"\s", "", text))


def _gold_pages(out: Path) -> list[Path]:
    return sorted(out.glob("*/gold/*.jsonl"))


def _pdf_text(drawing: Drawing, tmp_path: Path, name: str = "page") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(render_pdf(drawing))
    return extract_text(str(path))


def _compose(seed: int) -> PageComposer:
    pools = load_pools(None, GOLD_DIRS)
    pool = Pool(
        "all", pools["tune"].stories + pools["report"].stories, pools["tune"].captions + pools["report"].captions
    )
    pool.names = pools["tune"].names + pools["report"].names
    composer = PageComposer(
        "p", StorySource(pool, seed), pool.names, load_forms(), register_fonts(), random.Random(seed)
    )
    composer.fill()
    composer.finish()
    return composer


def test_every_split_has_pdf_text_and_gold_for_the_same_pages(simulated_pages: Path) -> None:
    for split in ("tune", "report"):
        gold = {p.stem for p in (simulated_pages / split / "gold").glob("*.jsonl")}
        assert gold, split
        assert gold == {p.stem for p in (simulated_pages / split / "text").glob("*.txt")}
        assert gold == {p.stem for p in (simulated_pages / split / "pdf").glob("*.pdf")}
        assert all(p.read_bytes().startswith(b"%PDF") for p in (simulated_pages / split / "pdf").glob("*.pdf"))


def test_gold_body_text_appears_in_the_extracted_text(simulated_pages: Path) -> None:
    """Most 6-character windows of every gold body are in pdfminer's text (column breaks cut the rest)."""
    for gold_path in _gold_pages(simulated_pages):
        extracted = _flat((gold_path.parent.parent / "text" / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
        for record in read_jsonl(gold_path):
            body = record["text"].replace("\n", "")
            windows = [body[i : i + 6] for i in range(0, max(1, len(body) - 5))]
            found = sum(window in extracted for window in windows)
            assert found / len(windows) >= 0.5, (gold_path.stem, record["article_index"], body[:30])


def test_gold_titles_and_authors_are_printed_on_the_page(simulated_pages: Path) -> None:
    for gold_path in _gold_pages(simulated_pages):
        raw = (gold_path.parent.parent / "text" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        undoubled = re.sub(r"(.)\1", r"\1", _flat(raw))
        extracted = _flat(raw)
        for record in read_jsonl(gold_path):
            if record["title"]:
                head = record["title"][:4]
                assert head in extracted or head in undoubled, (gold_path.stem, record["title"])
            for name in record["authors"]:
                assert name in extracted, (gold_path.stem, name)


def test_gold_records_follow_the_contract(simulated_pages: Path) -> None:
    for gold_path in _gold_pages(simulated_pages):
        records = read_jsonl(gold_path)
        assert [r["article_index"] for r in records] == list(range(len(records)))
        for record in records:
            assert record["doc_id"] == gold_path.stem
            assert record["kind"] in ("article", "caption")
            assert record["text"] == record["text"].strip() and "\n\n" not in record["text"]
            assert not re.search(r"\s", record["title"] or "")
            assert record["dateline"] is None or record["dateline"].endswith("电")
            assert not re.search(r"[０-９]", record["text"])


def test_every_gold_entity_sits_at_its_offsets(simulated_pages: Path) -> None:
    seen = 0
    for gold_path in _gold_pages(simulated_pages):
        for record in read_jsonl(gold_path):
            for entity in record["entities"]:
                assert record["text"][entity["start"] : entity["end"]] == entity["text"]
                assert entity["label"] in ("PER", "LOC", "ORG")
                seen += 1
    assert seen > 20


def test_same_seed_gives_the_same_pdf_bytes_and_another_seed_another_page() -> None:
    first, again, other = _compose(3), _compose(3), _compose(4)
    assert render_pdf(first.drawing) == render_pdf(again.drawing)
    assert first.records == again.records
    assert render_pdf(first.drawing) != render_pdf(other.drawing)


@pytest.mark.parametrize(
    ("bold", "doubled"),
    [("glyph", "本本报报讯讯"), ("runs", None), ("line", "全国人大常委会\n全国人大常委会")],
)
def test_fake_bold_forms_double_the_glyphs_in_pdfminer_text(tmp_path: Path, bold: str, doubled: str | None) -> None:
    register_fonts()
    text = "本报讯" if bold == "glyph" else "全国人大常委会"
    drawing = Drawing(400, 200, runs=[Run(40, 80, text, BUILTIN_FONT, 20, bold=bold)])
    extracted = _pdf_text(drawing, tmp_path)
    if doubled:
        assert doubled in extracted
    else:  # runs of two or three glyphs, each drawn twice: `全国人全国人大常委大常委会会`
        assert _doubled_runs(_flat(extracted)) == text


def _doubled_runs(text: str) -> str | None:
    """`全国全国人大人大` → `全国人大` when the text is runs of 1-3 glyphs each printed twice, else None."""
    if not text:
        return ""
    for size in (3, 2, 1):
        piece = text[:size]
        if len(text) >= 2 * size and text[size : 2 * size] == piece:
            rest = _doubled_runs(text[2 * size :])
            if rest is not None:
                return piece + rest
    return None


def test_narrow_gutter_makes_pdfminer_interleave_two_columns(tmp_path: Path) -> None:
    """Two 7-glyph columns drawn row by row: a gutter under two glyph widths merges their lines."""
    register_fonts()

    def extracted_lines(gutter: float) -> list[str]:
        runs = [
            Run(40 + column * (70 + gutter), 80 + row * 13, f"{side}栏第{row}行文字", BUILTIN_FONT, 10)
            for row in range(2)
            for column, side in enumerate("左右")
        ]
        return _pdf_text(Drawing(300, 200, runs=runs), tmp_path, f"gutter{gutter}").split("\n")

    assert "左栏第0行文字 右栏第0行文字" in extracted_lines(8)
    wide = extracted_lines(30)
    assert "左栏第0行文字" in wide and not any("左" in line and "右" in line for line in wide)


CORPUS_ARTICLE = {
    "id": "pfr-19980107-05-009",
    "text": "全国少年速滑赛在牡丹江开赛\n本报牡丹江１月６日电１９９８年全国少年速度滑冰比赛，今天在牡丹江市举行。"
    "\n比赛为期４天。（白雪松）",
    "entities": [
        {"start": 8, "end": 11, "label": "LOC", "text": "牡丹江"},
        {"start": 16, "end": 19, "label": "LOC", "text": "牡丹江"},
        {"start": 43, "end": 47, "label": "LOC", "text": "牡丹江市"},
        {"start": 59, "end": 62, "label": "PER", "text": "白雪松"},
    ],
}


def test_corpus_article_splits_into_title_dateline_body_and_byline() -> None:
    story = story_from_corpus(CORPUS_ARTICLE)
    assert story.title == "全国少年速滑赛在牡丹江开赛"
    assert story.lead.dateline == "本报牡丹江1月6日电"
    assert story.authors == ["白雪松"]
    assert story.paragraphs == ["１９９８年全国少年速度滑冰比赛，今天在牡丹江市举行。", "比赛为期４天。"]
    assert [(story.body[e.start : e.end], e.label) for e in story.entities] == [("牡丹江市", "LOC")]
    assert split_of_date("19980107") == "report" and split_of_date("19980105") == "tune"


def test_corpus_fact_gold_moves_onto_the_body_and_into_gold_form() -> None:
    at = CORPUS_ARTICLE["text"].index("４天")
    fact = {"text": "４天", "start": at, "end": at + 2, "value": 4, "unit": "天", "subject": "比赛"}
    story = story_from_corpus(CORPUS_ARTICLE, facts=[fact])
    ((start, end, _),) = story.fact_spans
    assert story.body[start:end] == "４天"
    assert fact_lines(story) == [fact | {"text": "4天", "start": start, "end": end}]
    assert fact_lines(story, 0, start) == []


def test_a_signature_line_under_a_corpus_headline_is_a_byline_without_authors_not_a_deck() -> None:
    # A commentary signed `本报评论员` (written for this test in the corpus's form): the line
    # names no person, so the gold has no subtitle and no authors, and the line is still printed.
    text = "论从实际出发\n本报评论员\n做任何工作一定要从当地实际出发，这是一个老问题，也是一个新问题。"
    story = story_from_corpus(dict(CORPUS_ARTICLE, text=text, entities=[]))
    assert (story.title, story.deck, story.kicker) == ("论从实际出发", None, None)
    assert story.byline_line == "本报评论员"
    assert story.authors == []


def test_corpus_article_with_an_unreadable_byline_is_skipped() -> None:
    unclear = dict(CORPUS_ARTICLE, text=CORPUS_ARTICLE["text"].replace("（白雪松）", "（新华社供稿）"))
    assert story_from_corpus(unclear) is None


def test_simulated_pages_run_through_the_pipeline_and_score(simulated_pages: Path, tmp_path: Path) -> None:
    from pipeline.config import load_config
    from pipeline.evaluate import evaluate
    from pipeline.runner import run

    config_path = tmp_path / "segment.toml"
    config_path.write_text('[[stages]]\nname = "cleanup"\n\n[[stages]]\nname = "segment"\n', encoding="utf-8")
    output = tmp_path / "pred"
    split = simulated_pages / "report"
    summary = run(load_config(config_path, {"input": [str(split / "text")], "output": str(output)}), quiet=True)
    assert not summary.failures
    evaluation = evaluate(split / "gold", output)
    assert not evaluation.missing_predictions
    segment = evaluation.to_json()["overall"]["segment"]["all"]
    assert segment["gold"] > 0 and segment["matched"] > 0


def test_command_without_sources_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert simulator_main([str(tmp_path / "out")]) == 2
    assert simulator_main([str(tmp_path / "out"), "--corpus", str(tmp_path / "missing.jsonl")]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and "missing.jsonl" in errors[1]


def test_lead_words_in_fake_bold_double_each_glyph_and_leave_the_rest(tmp_path: Path) -> None:
    register_fonts()
    run = Run(40, 80, "本报讯近日，城北街道举行活动。", BUILTIN_FONT, 10, char_space=0.5, bold_prefix=3)
    assert _flat(_pdf_text(Drawing(400, 200, runs=[run]), tmp_path)) == "本本报报讯讯近日，城北街道举行活动。"


def test_bad_corpus_lines_are_named_and_skipped_and_the_others_used(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = ["{not json", json.dumps({"id": "pfr-19980107-05-010"}), json.dumps(CORPUS_ARTICLE, ensure_ascii=False)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems: list[str] = []
    pools = load_pools(corpus, [], problems)
    assert problems == [
        f"{corpus}:1: invalid JSON (Expecting property name enclosed in double quotes)",
        f"{corpus}:2: missing text",
    ]
    assert [story.story_id for story in pools["report"].stories] == ["pfr-19980107-05-009"]


def test_each_record_has_a_bbox_around_its_printed_title_and_body(simulated_pages: Path) -> None:
    """pages.jsonl's bboxes (PDF points, origin bottom left) hold the glyphs pdfminer reads there."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    checked = 0
    for manifest in simulated_pages.glob("*/pages.jsonl"):
        for page in read_jsonl(manifest)[:1]:  # one page a split: pdfminer's layout pass is slow
            gold = read_jsonl(manifest.parent / "gold" / f"{page['page_id']}.jsonl")
            assert len(page["bboxes"]) == len(gold)
            chars = [
                char
                for layout in extract_pages(str(manifest.parent / "pdf" / f"{page['page_id']}.pdf"))
                for box in layout
                if isinstance(box, LTTextContainer)
                for line in box
                for char in line
                if isinstance(char, LTChar)
            ]
            for record, (x0, y0, x1, y1) in zip(gold, page["bboxes"], strict=True):
                first = half_width(record["text"][0])
                inside = [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and y0 <= (c.y0 + c.y1) / 2 <= y1]
                assert any(half_width(c.get_text()) == first for c in inside), (page["page_id"], record["text"][:10])
                checked += 1
    assert checked > 5


def test_command_writes_pages_text_and_gold_for_the_split_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = [str(out), "--gold", str(GOLD), "--pages", "1", "--split", "tune", "--no-pdftotext", "--seed", "2"]
    assert simulator_main(argv) == 0
    assert "tune: 1 pages" in capsys.readouterr().out
    assert [p.name for p in (out / "tune" / "gold").iterdir()] == ["sim2-tune-0000.jsonl"]
    assert (out / "tune" / "text" / "sim2-tune-0000.txt").read_text(encoding="utf-8").strip()
    assert not (out / "report").exists()


def test_pages_per_doc_puts_pages_in_order_into_one_pdf_text_and_gold(tmp_path: Path) -> None:
    from pipeline.simulator import SimulationOptions, simulate

    options = SimulationOptions(
        out=tmp_path, gold_dirs=GOLD_DIRS, pages=2, pages_per_doc=2, seed=5, pdftotext=False, splits=("tune",)
    )
    manifest = simulate(options)["tune"]
    assert [(page["doc_id"], page["page_in_doc"]) for page in manifest] == [
        ("sim5-tune-d0000", 1),
        ("sim5-tune-d0000", 2),
    ]
    text = (tmp_path / "tune" / "text" / "sim5-tune-d0000.txt").read_text(encoding="utf-8")
    assert text.count("\f") == 2
    gold = read_jsonl(tmp_path / "tune" / "gold" / "sim5-tune-d0000.jsonl")
    assert [r["article_index"] for r in gold] == list(range(sum(page["records"] for page in manifest)))
    assert (tmp_path / "tune" / "pdf" / "sim5-tune-d0000.pdf").read_bytes().count(b"/Type /Page\n") == 2


def test_a_gold_folder_can_be_put_whole_into_one_split() -> None:
    assert gold_folder("heldout/gold:report") == (Path("heldout/gold"), "report")
    assert gold_folder(GOLD) == (GOLD, None)
    pools = load_pools(None, [f"{GOLD}:tune"])
    assert pools["tune"].stories and not pools["report"].stories
    assert {s.story_id.split("-")[0] for s in pools["tune"].stories} == {p.stem for p in GOLD.glob("*.jsonl")}


def test_benchmark_scores_existing_simulated_pages_per_split(
    simulated_pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("simulated_pages", ROOT / "benchmarks" / "simulated_pages.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    scores = tmp_path / "scores.json"
    assert benchmark.main(["--out", str(simulated_pages), "--pred", str(tmp_path / "pred"), "--json", str(scores)]) == 0
    rows = json.loads(scores.read_text(encoding="utf-8"))
    assert {(row["split"], row["text"]) for row in rows} == {("tune", "pdfminer"), ("report", "pdfminer")}
    assert all(row["gold"] > 0 and 0 <= row["article_f1"] <= 1 for row in rows)
    assert "report  pdfminer" in capsys.readouterr().out
