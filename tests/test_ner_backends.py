"""The hanlp and spacy backends, the segmenters and the spaCy components, on seed sentences.

Models trained by HanLP and spaCy run through the stage in test_ner_training.py. HanLP's
pretrained models download on first use, which a test cannot rely on, so the tests here also
feed the conversion code HanLP's documented output shapes: a multi-task model returns a `Document` with
`tok/fine` and `ner/msra` (or `ner/pku`, `ner/ontonotes`) lists per sentence; a NER-only model
takes tokenized sentences and returns `(entity, type, begin, end)` per sentence over tokens.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import spacy

import pipeline.ner.spacy_glue  # noqa: F401  (registers the spaCy factories)
from pipeline.errors import ConfigError
from pipeline.ner import backends
from pipeline.ner.backends import load_hanlp, multi_task_results, token_entities_to_spans
from pipeline.ner.spacy_glue import WORDS_ATTRIBUTE, default_pkuseg_model, make_language, pkuseg_model_dir
from pipeline.registry import StageContext
from pipeline.stages.entities import Entities, EntitiesOptions
from pipeline.types import Article, Document, OffsetMap

# seeds/004, the first article, lines joined.
WALK = "近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。"
WALK_TOKENS = [
    *("近日", "，", "城北", "街道办", "，", "东泰", "能源", "集团", "、", "金晖", "煤业", "联合", "工会"),
    *("在", "吕梁", "如意湖", "公园", "举办", "迎", "新年", "健步走", "活动", "。"),
]
# seeds/001
DONOR = "梁业诚先生向汾阳中学捐资助学。"
DONOR_TOKENS = ["梁业诚", "先生", "向", "汾阳", "中学", "捐资", "助学", "。"]


def msra_document() -> dict[str, Any]:
    """What `HanLP([WALK, DONOR], tasks='ner/msra')` returns: JSON-like lists per sentence."""
    return {
        "tok/fine": [WALK_TOKENS, DONOR_TOKENS],
        "ner/msra": [
            [
                ["城北街道办", "ORGANIZATION", 2, 4],
                ["东泰能源集团", "ORGANIZATION", 5, 8],
                ["金晖煤业联合工会", "ORGANIZATION", 9, 13],
                ["吕梁如意湖公园", "LOCATION", 14, 17],
                ["新年", "DATE", 19, 20],
            ],
            [["梁业诚", "PERSON", 0, 1], ["汾阳中学", "ORGANIZATION", 3, 5]],
        ],
    }


def test_multi_task_output_becomes_character_spans_with_our_labels() -> None:
    tokens, entities = multi_task_results(msra_document(), None)
    spans = token_entities_to_spans(WALK, tokens[0], entities[0])
    assert [(WALK[s:e], label) for s, e, label in spans] == [
        ("城北街道办", "ORG"),
        ("东泰能源集团", "ORG"),
        ("金晖煤业联合工会", "ORG"),
        ("吕梁如意湖公园", "LOC"),
    ]


def test_pku_and_ontonotes_labels_map_to_ours() -> None:
    pku = [("梁业诚", "nr", 0, 1), ("汾阳", "ns", 3, 4), ("汾阳中学", "nt", 3, 5)]
    ontonotes = [("梁业诚", "PERSON", 0, 1), ("汾阳", "GPE", 3, 4), ("汾阳中学", "ORG", 3, 5), ("一", "CARDINAL", 2, 3)]
    expected = [(0, 3, "PER"), (6, 8, "LOC"), (6, 10, "ORG")]
    assert token_entities_to_spans(DONOR, DONOR_TOKENS, pku) == expected
    assert token_entities_to_spans(DONOR, DONOR_TOKENS, ontonotes) == expected


def test_tokens_are_found_across_spaces_the_model_dropped() -> None:
    text = "LED 显示屏在汾阳"
    spans = token_entities_to_spans(text, ["LED", "显示屏", "在", "汾阳"], [("汾阳", "LOCATION", 3, 4)])
    assert spans == [(8, 10, "LOC")]


class MultiTaskModel:
    """Stands in for a loaded HanLP multi-task model: it has `tasks` and reads raw sentences."""

    def __init__(self) -> None:
        self.tasks = {"tok/fine": None, "ner/msra": None}
        self.calls: list[tuple[list[str], str]] = []

    def __call__(self, sentences: list[str], tasks: str) -> dict[str, Any]:
        self.calls.append((sentences, tasks))
        return msra_document()


class NerOnlyModel:
    """Stands in for a HanLP NER-only model: it reads tokenized sentences."""

    def __init__(self) -> None:
        self.inputs: list[list[list[str]]] = []

    def __call__(self, sentences: list[list[str]]) -> list[list[tuple[str, str, int, int]]]:
        self.inputs.append(sentences)
        return [[("梁业诚", "PERSON", 0, 3)] if sentence[:3] == ["梁", "业", "诚"] else [] for sentence in sentences]


def hanlp_stage(monkeypatch: pytest.MonkeyPatch, model: object, **options: Any) -> Entities:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object() if name == "hanlp" else real_find_spec(name))
    monkeypatch.setattr(backends, "load_hanlp", lambda name: model)
    stage = Entities(EntitiesOptions(backend="hanlp", rules=[], **options))
    stage.setup(StageContext())
    return stage


def one_article(text: str) -> Document:
    doc = Document("x", text, "x.txt", text, OffsetMap())
    doc.articles = [Article(text=text, offsets=OffsetMap.identity(len(text)))]
    return doc


def test_hanlp_backend_with_a_multi_task_model_fills_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    model = MultiTaskModel()
    stage = hanlp_stage(monkeypatch, model)
    doc = one_article(WALK + DONOR)
    stage.process_batch([doc])
    assert model.calls == [([WALK, DONOR], "ner/msra")]
    entities = doc.articles[0].entities
    assert [(e.text, e.label) for e in entities][-2:] == [("梁业诚", "PER"), ("汾阳中学", "ORG")]
    assert all(doc.articles[0].text[e.start : e.end] == e.text for e in entities)


def test_hanlp_backend_with_a_ner_only_model_reads_the_docs_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    model = NerOnlyModel()
    stage = hanlp_stage(monkeypatch, model, segmenter="char")
    doc = one_article(DONOR)
    stage.process_batch([doc])
    assert model.inputs == [[list(DONOR)]]
    assert [(e.text, e.label) for e in doc.articles[0].entities] == [("梁业诚", "PER")]
    assert doc.articles[0].tokens == []


def test_hanlp_ner_only_model_is_not_sent_sentences_of_only_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    model = NerOnlyModel()
    stage = hanlp_stage(monkeypatch, model, segmenter="char")
    doc = one_article(DONOR + "  \n" + DONOR)
    stage.process_batch([doc])
    assert model.inputs == [[list(DONOR), list(DONOR)]]
    assert [(e.text, e.start) for e in doc.articles[0].entities] == [("梁业诚", 0), ("梁业诚", len(DONOR) + 3)]


def test_hanlp_missing_is_one_line_that_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hanlp", None)
    with pytest.raises(ConfigError, match=r"^backend 'hanlp' needs HanLP: pip install") as caught:
        load_hanlp("MSRA_NER_ELECTRA_SMALL_ZH")
    assert "\n" not in str(caught.value)


def test_hanlp_model_that_cannot_download_is_one_line_that_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> None:
        raise SystemExit(1)  # what HanLP does after a failed download

    monkeypatch.setitem(sys.modules, "hanlp", types.SimpleNamespace(load=refuse))
    with pytest.raises(ConfigError) as caught:
        load_hanlp("CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH")
    message = str(caught.value)
    assert "\n" not in message
    assert "hanlp.load('CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH')" in message and "~/.hanlp" in message


@pytest.fixture(scope="module")
def saved_spacy_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Chinese pipeline with OntoNotes labels and tags, saved like any installed model."""
    nlp = spacy.blank("zh")
    tagger = nlp.add_pipe("attribute_ruler")
    tagger.add_patterns([{"patterns": [[{"ORTH": "在"}]], "attrs": {"TAG": "P"}}])
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(
        [
            {"label": "FAC", "pattern": "如意湖公园"},
            {"label": "ORG", "pattern": "东泰能源集团"},
            {"label": "GPE", "pattern": "吕梁"},
            {"label": "DATE", "pattern": "新年"},
        ]
    )
    path = tmp_path_factory.mktemp("zh_tiny")
    nlp.to_disk(path)
    return path


def test_spacy_backend_loads_a_saved_pipeline_and_maps_its_labels(saved_spacy_pipeline: Path) -> None:
    stage = Entities(EntitiesOptions(backend="spacy", model=str(saved_spacy_pipeline), rules=[]))
    stage.setup(StageContext())
    doc = one_article(WALK)
    stage.process_batch([doc])
    article = doc.articles[0]
    found = [(e.text, e.label) for e in article.entities]
    assert found == [("东泰能源集团", "ORG"), ("吕梁", "LOC"), ("如意湖公园", "LOC")]
    assert [t.text for t in article.tokens if t.pos == "P"] == ["在"]


def test_spacy_backend_without_an_ner_component_is_a_one_line_error(tmp_path: Path) -> None:
    spacy.blank("zh").to_disk(tmp_path)
    with pytest.raises(ConfigError, match="has no 'ner' component"):
        backends.load_spacy_pipeline(str(tmp_path))


def test_lac_with_the_jieba_segmenter_keeps_entities_on_token_edges() -> None:
    stage = Entities(EntitiesOptions(segmenter="jieba"))
    stage.setup(StageContext())
    doc = one_article(WALK + DONOR)
    stage.process_batch([doc])
    entities = doc.articles[0].entities
    assert ("梁业诚", "PER") in [(e.text, e.label) for e in entities]
    assert all(doc.articles[0].text[e.start : e.end] == e.text for e in entities)


def test_the_components_work_in_plain_spacy_code() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("lac_ner", config={"buffer_sentences": 2})
    nlp.add_pipe("newspaper_entity_rules")
    docs = list(nlp.pipe([DONOR, WALK, DONOR]))
    assert [(span.text, span.label_) for span in docs[0].ents] == [("梁业诚", "PER"), ("汾阳中学", "ORG")]
    assert [(span.text, span.label_) for span in docs[2].ents] == [("梁业诚", "PER"), ("汾阳中学", "ORG")]
    assert [word.text for word in docs[0]._.get(WORDS_ATTRIBUTE)][:2] == ["梁业诚", "先生"]


# seeds/001, the start of its second paragraph, shortened.
REVIEW = (
    "会议听取了吕梁师范高等专科学校、吕梁卫校、吕梁农校、吕梁开放大学、特殊教育学校、吕梁一中、"
    "贺昌中学等市直学校党组织书记的现场述职。"
)


@pytest.fixture(scope="module")
def pkuseg_stage() -> Entities:
    """LAC over a pkuseg-tokenized `Doc`, with no pkuseg_model: pkuseg's own default model."""
    stage = Entities(EntitiesOptions(segmenter="pkuseg"))
    stage.setup(StageContext())
    return stage


def test_pkuseg_finds_the_default_model_the_pkuseg_package_ships() -> None:
    folder = default_pkuseg_model()
    assert folder is not None and folder.parts[-2:] == ("models", "default")
    assert pkuseg_model_dir(None) == str(folder)


def test_pkuseg_default_model_cuts_seed_text_into_words(pkuseg_stage: Entities) -> None:
    words = [token.text for token in pkuseg_stage.nlp.make_doc(REVIEW)]
    assert "".join(words) == REVIEW
    assert {"会议", "听取", "贺昌", "中学", "市直", "学校", "党组织", "书记", "现场", "述职"} <= set(words)
    assert words.count("吕梁") >= 3
    assert sum(len(word) > 1 for word in words) > len(words) / 2


def test_lac_entities_sit_on_pkuseg_word_edges(pkuseg_stage: Entities) -> None:
    doc = one_article(REVIEW + DONOR)
    pkuseg_stage.process_batch([doc])
    entities = doc.articles[0].entities
    assert ("梁业诚", "PER") in [(e.text, e.label) for e in entities]
    edges = {token.idx for token in pkuseg_stage.nlp.make_doc(doc.articles[0].text)}
    assert all(
        entity.start in edges and doc.articles[0].text[entity.start : entity.end] == entity.text for entity in entities
    )


def test_pkuseg_without_a_model_says_in_one_line_how_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "pkuseg" else real_find_spec(name))
    with pytest.raises(ConfigError, match=r"pip install --no-build-isolation pkuseg==0\.0\.25") as caught:
        make_language("pkuseg")
    assert "\n" not in str(caught.value)
    with pytest.raises(ValueError, match="segmenter 'pkuseg' needs a model"):
        EntitiesOptions(segmenter="pkuseg")


def test_pkuseg_model_that_is_not_a_folder_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a folder"):
        make_language("pkuseg", str(tmp_path / "missing"))


def test_lac_with_a_user_trained_pkuseg_model(tmp_path: Path) -> None:
    """A user's own spacy-pkuseg model, trained here on segmented seed sentences."""
    import spacy_pkuseg

    lines = "离石区 统一战线 同心 书画院 举办 活动 。\n梁业诚 先生 向 汾阳 中学 捐资 助学 。\n"
    corpus = tmp_path / "train.txt"
    corpus.write_text(lines * 60, encoding="utf-8")
    spacy_pkuseg.train(str(corpus), str(corpus), str(tmp_path / "model"), train_iter=1)
    stage = Entities(EntitiesOptions(segmenter="pkuseg", pkuseg_model=str(tmp_path / "model")))
    stage.setup(StageContext())
    assert [token.text for token in stage.nlp.make_doc(DONOR)][:2] == ["梁业诚", "先生"]
    doc = one_article(DONOR)
    stage.process_batch([doc])
    assert [(e.text, e.label) for e in doc.articles[0].entities] == [("梁业诚", "PER"), ("汾阳中学", "ORG")]
