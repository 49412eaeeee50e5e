"""The entity backends behind one spaCy pipeline: `lac` (default, offline), `hanlp`, `spacy`.

Every backend ends in the same two components: the newspaper rules, then the user gazetteer
(spaCy's `entity_ruler` with `overwrite_ents`), so a gazetteer name always wins over the model.
A backend whose package or model is missing fails with one line that says how to get it.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ConfigError
from pipeline.ner.labels import to_entity_label
from pipeline.ner.sentences import sentence_spans
from pipeline.ner.spacy_glue import DEFAULT_HANLP_MODEL, DEFAULT_HANLP_TASK, doc_text, make_language

BACKENDS = ("lac", "hanlp", "spacy")
GAZETTEER_COMPONENT = "gazetteer"


def build_nlp(
    backend: str,
    *,
    model: str | None = None,
    segmenter: str | None = None,
    pkuseg_model: str | None = None,
    hanlp_task: str | None = None,
    rules: list[str],
    patterns: list[dict[str, Any]],
    layer_model: str | None = None,
    learned_layer: bool = False,
    buffer_sentences: int = 2048,
    max_group: int = 64,
    threads: int = 1,
) -> Language:
    """The whole entity pipeline for one backend, ready for `nlp.pipe(texts)`.

    With `learned_layer`, the CRF layer (`layer_model`, default the shipped one) replaces the
    backend's entities before the rules run.
    """
    if backend == "spacy":
        nlp = load_spacy_pipeline(model or "")
    elif backend in ("lac", "hanlp"):
        nlp = make_language(segmenter or "char", pkuseg_model)
        if backend == "lac":
            # the learned layer replaces LAC's entities with its own, so LAC need not set them;
            # it reads LAC's tag scores instead
            config = {
                "buffer_sentences": buffer_sentences,
                "max_group": max_group,
                "threads": threads,
                "set_ents": not learned_layer,
                "keep_scores": learned_layer,
            }
            nlp.add_pipe("lac_ner", config={**config, "model_dir": model})
        else:
            nlp.add_pipe("hanlp_ner", config={"model": model or DEFAULT_HANLP_MODEL, "task": hanlp_task})
    else:
        raise ConfigError(f"unknown entity backend '{backend}' (known: {', '.join(BACKENDS)})")
    if learned_layer:
        nlp.add_pipe("crf_entity_layer", config={"model_path": layer_model})
    nlp.add_pipe("newspaper_entity_rules", config={"rules": list(rules)})
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", name=GAZETTEER_COMPONENT, config={"overwrite_ents": True})
        ruler.add_patterns(patterns)
    return nlp


def load_spacy_pipeline(name_or_path: str) -> Language:
    """An installed spaCy pipeline (package name or folder) with an `ner` component."""
    import spacy

    try:
        nlp = spacy.load(name_or_path)
    except OSError:
        raise ConfigError(
            f"spaCy pipeline '{name_or_path}' not found: install it (python -m spacy download {name_or_path}) "
            "or give the folder of a saved pipeline"
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ConfigError(f"spaCy pipeline '{name_or_path}' has no 'ner' component (has: {', '.join(nlp.pipe_names)})")
    nlp.add_pipe("entity_label_map", after="ner")
    return nlp


def load_hanlp(name_or_path: str) -> Any:
    """`hanlp.load` on a pretrained name (`hanlp.pretrained.*`), URL or local folder."""
    try:
        import hanlp
    except ImportError:
        raise ConfigError("backend 'hanlp' needs HanLP: pip install 'chinese-newspaper-pipeline[hanlp]'") from None
    try:
        return hanlp.load(name_or_path)
    except (Exception, SystemExit) as error:  # HanLP exits on a failed download
        raise ConfigError(
            f"HanLP model '{name_or_path}' cannot be loaded here ({type(error).__name__}): it downloads on first use, "
            f"so run python -c \"import hanlp; hanlp.load('{name_or_path}')\" once on a machine with network and copy "
            "its ~/.hanlp folder (or HANLP_HOME) here, or set model to the model's local folder"
        ) from None


def is_multi_task(model: Any) -> bool:
    """HanLP multi-task models read raw sentences and carry a `tasks` table; NER-only ones read tokens."""
    return hasattr(model, "tasks")


def hanlp_spans(model: Any, doc: Doc, task: str | None) -> list[tuple[int, int, str]]:
    """Run a HanLP model over the doc's sentences; character spans with our labels."""
    text = doc_text(doc)
    spans = sentence_spans(text)
    if not spans:
        return []
    sentences = [text[start:end] for start, end in spans]
    if is_multi_task(model):
        output = model(sentences, tasks=task or DEFAULT_HANLP_TASK)
        tokens, entities = multi_task_results(output, task)
    else:
        tokens = [[t.text for t in doc.char_span(s, e, alignment_mode="expand") if not t.is_space] for s, e in spans]
        entities = ner_only_results(model, tokens)
    found = []
    for (start, _), sentence, words, mentions in zip(spans, sentences, tokens, entities, strict=True):
        for begin, end, label in token_entities_to_spans(sentence, words, mentions):
            found.append((start + begin, start + end, label))
    return found


def ner_only_results(model: Any, tokens: list[list[str]]) -> list[list[Any]]:
    """A NER-only model's entities per sentence. A sentence of only spaces has no tokens and is not sent:
    HanLP's RNN taggers fail on an empty sentence."""
    filled = [sentence for sentence in tokens if sentence]
    found = iter(model(filled) if filled else [])
    return [next(found) if sentence else [] for sentence in tokens]


def multi_task_results(output: dict[str, Any], task: str | None) -> tuple[list[list[str]], list[list[Any]]]:
    """Tokens and entities per sentence from a HanLP `Document`: the first `tok*` key and the NER task."""
    token_key = next((key for key in output if key.startswith("tok")), None)
    entity_key = task or next((key for key in output if key.startswith("ner")), None)
    if token_key is None or entity_key not in output:
        raise ValueError(f"HanLP output has no tokens or no '{entity_key}' entities (keys: {', '.join(output)})")
    return output[token_key], output[entity_key]


def token_entities_to_spans(text: str, tokens: list[str], entities: list[Any]) -> list[tuple[int, int, str]]:
    """HanLP `(entity, type, begin, end)` over tokens (end exclusive) to `(start, end, label)` in text.

    Tokens are found in order in the text (skipping whitespace between them); a token the model
    normalised and that is not found is assumed to sit right after the previous one.
    """
    edges = []
    cursor = 0
    for token in tokens:
        start = text.find(token, cursor)
        if start < 0:
            start = cursor
        cursor = start + len(token)
        edges.append((start, cursor))
    spans = []
    for _, kind, begin, end in entities:
        label = to_entity_label(kind)
        if label is not None and 0 <= begin < end <= len(edges):
            spans.append((edges[begin][0], edges[end - 1][1], label))
    return spans
