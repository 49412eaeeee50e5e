"""Training sentences for other NER toolkits, made from the project's gold files.

A gold file (`gold/<doc_id>.jsonl`, the output format) lists each article's entities in reading
order, by text, offsets optional. They are placed in the article text in that order, the text
is cut into the sentences the entity stage tags (`pipeline.ner.sentences`), and each sentence
is written out in a toolkit's own training format: HanLP's character-per-line TSV with BIO
tags, or a spaCy `DocBin`. A user adapts a model to their paper the same way, from gold files
they wrote for it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.ner.gold import gold_examples
from pipeline.ner.labels import Span
from pipeline.ner.sentences import sentence_spans


@dataclass(frozen=True)
class Sentence:
    """One sentence of gold text and its entities as `(start, end, label)` offsets into `text`."""

    text: str
    entities: tuple[tuple[int, int, str], ...]


def article_sentences(text: str, spans: list[Span]) -> list[Sentence]:
    """The article cut into tagging sentences, each with the entities wholly inside it."""
    sentences = []
    for start, end in sentence_spans(text):
        inside = tuple((s - start, e - start, label) for s, e, label in spans if start <= s and e <= end)
        sentences.append(Sentence(text[start:end], inside))
    return sentences


def gold_sentences(paths: Iterable[str | Path]) -> list[Sentence]:
    """Every sentence of the records in gold files (or folders of them), in file order."""
    return [
        sentence
        for path in paths
        for example in gold_examples(Path(path))
        for sentence in article_sentences(example.text, example.spans)
    ]


def bio_tags(sentence: Sentence) -> list[str]:
    """One BIO tag per character (`B-ORG`, `I-ORG`, `O`), the scheme HanLP's taggers read."""
    tags = ["O"] * len(sentence.text)
    for start, end, label in sentence.entities:
        tags[start] = f"B-{label}"
        for position in range(start + 1, end):
            tags[position] = f"I-{label}"
    return tags


def write_hanlp_tsv(sentences: Iterable[Sentence], path: str | Path) -> Path:
    """HanLP's TSV tagging format: `character<TAB>tag` lines, a blank line after each sentence.

    Whitespace characters are left out (a TSV cell cannot hold them); so are sentences of only
    whitespace.
    """
    lines = []
    for sentence in sentences:
        cells = [f"{char}\t{tag}" for char, tag in zip(sentence.text, bio_tags(sentence), strict=True) if char.strip()]
        if cells:
            lines.extend([*cells, ""])
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_spacy_docbin(sentences: Iterable[Sentence], path: str | Path, lang: str = "zh") -> Path:
    """A spaCy `DocBin` of character-tokenized docs with gold `ents`, what `spacy train` reads."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank(lang)
    docs = DocBin()
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in sentence.entities]
        doc.ents = filter_spans([span for span in spans if span is not None])
        docs.add(doc)
    path = Path(path)
    docs.to_disk(path)
    return path


def train_hanlp_ner(
    train: str | Path,
    dev: str | Path,
    save_dir: str | Path,
    *,
    epochs: int = 30,
    embed: int = 64,
    hidden: int = 128,
    lr: float = 0.01,
    seed: int = 0,
) -> Path:
    """Train HanLP's BiLSTM character tagger (`RNNNamedEntityRecognizer`) from scratch on TSV files.

    Its character embeddings start random, so nothing is downloaded. HanLP keeps the epoch that
    scores best on `dev` and saves it in `save_dir` with its own `save_weights`/`save_config`;
    `hanlp.load(save_dir)` (and `backend = "hanlp", model = save_dir`) loads it. `crf=False`: in
    HanLP 2.1.5 the RNN tagger hands its CRF the constraints argument where the CRF expects
    `batch_first`, so its CRF reads batches sideways and learns nothing.
    """
    import torch
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    torch.manual_seed(seed)
    recognizer = RNNNamedEntityRecognizer()
    recognizer.fit(
        str(train),
        str(dev),
        str(save_dir),
        epochs=epochs,
        embed=embed,
        rnn_hidden=hidden,
        lr=lr,
        batch_size=32,
        drop=0.2,
        crf=False,
        tagging_scheme="BIO",
        anneal_factor=None,
        seed=seed,
        verbose=False,
    )
    return Path(save_dir)


def train_spacy_ner(
    train: str | Path,
    dev: str | Path,
    output: str | Path,
    *,
    epochs: int = 30,
    width: int = 96,
    depth: int = 4,
    lr: float = 0.001,
    seed: int = 0,
) -> Path:
    """`spacy init config --lang zh --pipeline ner` then `spacy train` on `DocBin` files, as spaCy's CLI does.

    The config is spaCy's generated one for Chinese NER (character tokens, a CNN `tok2vec`);
    `width`, `depth`, `lr` and `epochs` override it. Returns `output`, which holds
    `model-best` (best on `dev`) and `model-last`, each loadable by `spacy.load(folder)`.
    """
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    config = output / "config.cfg"
    spacy_cli = [sys.executable, "-m", "spacy"]
    init = [*spacy_cli, "init", "config", str(config), "--lang", "zh", "--pipeline", "ner", "--optimize", "efficiency"]
    overrides = {
        "paths.train": train,
        "paths.dev": dev,
        "system.seed": seed,
        "training.max_steps": 0,
        "training.max_epochs": epochs,
        "training.eval_frequency": 100,
        "training.optimizer.learn_rate": lr,
        "training.batcher.size.start": 500,
        "training.batcher.size.stop": 500,
        "components.tok2vec.model.encode.width": width,
        "components.tok2vec.model.encode.depth": depth,
    }
    options = [part for key, value in overrides.items() for part in (f"--{key}", str(value))]
    for command in (init, [*spacy_cli, "train", str(config), "--output", str(output), *options]):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            last_line = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:] or ["no output"]
            raise PipelineError(f"spacy {command[3]} failed: {last_line[0]}")
    return output
