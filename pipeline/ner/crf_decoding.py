"""A crfsuite model's weights in numpy, and its decoding over many sentences at once.

pycrfsuite tags one sentence per call and takes its features as Python lists of attribute
names; converting those lists cost more than the tagging itself. Here the model file is read
once into a weight matrix (one row per attribute the model knows, one column per label), a
sentence's features are attribute ids, and all buffered sentences are scored and decoded
together: one numpy step per character position over the sentences still running, as the
LAC runner does (`pipeline.ner.lac_runner.viterbi_packed`).

The answers are crfsuite's own. Each character's label scores add the weights of its
attributes in the order it lists them, starting from zero, as crfsuite does, so they are
bit-identical; the Viterbi pass then makes crfsuite's sums and comparisons (the first of equal
scores wins), so the labels are the same. Marginal probabilities come from a forward-backward
pass in log space, equal to crfsuite's (scaled probabilities) to about 1e-12.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.ner.packed import running_counts, trace_back

# crfsuite's model file (crf1d, "FOMC"): a header of twelve little-endian 32-bit fields, then
# chunks. Features are 20 bytes each: type (0 state, 1 transition), source (attribute or label
# id), destination (label id), weight (float64). Labels and attributes are string tables
# (CQDB) whose backward array gives each id's string.
_MAGIC, _TYPE = b"lCRF", b"FOMC"
_HEADER = struct.Struct("<4sI4s9I")
_CHUNK = struct.Struct("<4sII")
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
_CQDB_HEADER = struct.Struct("<4s5I")
_CQDB_BYTE_ORDER = 0x62445371
_CQDB_RECORD = struct.Struct("<II")


class ModelFileError(ValueError):
    """The file is not a crfsuite model this reader understands."""


@dataclass(frozen=True)
class CrfModel:
    """`attributes` maps a name to its row of `state_weights`; row 0 is all zeros (no attribute).

    `transitions[i, j]` scores label `i` followed by label `j`.
    """

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state_weights: np.ndarray
    transitions: np.ndarray


def read_crfsuite_model(path: Path) -> CrfModel:
    """The labels, attribute names and weights of a crfsuite model file, exactly as stored."""
    data = path.read_bytes()
    if len(data) < _HEADER.size:
        raise ModelFileError("too short")
    magic, size, kind, _, _, label_count, attribute_count, features_at, labels_at, attributes_at, _, _ = (
        _HEADER.unpack_from(data)
    )
    if magic != _MAGIC or kind != _TYPE or size != len(data):
        raise ModelFileError("no crfsuite header")
    try:
        chunk, _, feature_count = _CHUNK.unpack_from(data, features_at)
        if chunk != b"FEAT":
            raise ModelFileError("no feature chunk")
        features = np.frombuffer(data, _FEATURE, feature_count, features_at + _CHUNK.size)
        labels = _strings(data, labels_at, label_count)
        attributes = _strings(data, attributes_at, attribute_count)
    except struct.error:
        raise ModelFileError("truncated") from None
    state = features[features["type"] == _STATE]
    transition = features[features["type"] == _TRANSITION]
    if (state["source"] >= attribute_count).any() or (features["target"] >= label_count).any():
        raise ModelFileError("feature ids out of range")
    state_weights = np.zeros((attribute_count + 1, label_count))
    state_weights[state["source"].astype(np.intp) + 1, state["target"]] = state["weight"]
    transitions = np.zeros((label_count, label_count))
    transitions[transition["source"], transition["target"]] = transition["weight"]
    return CrfModel(
        tuple(labels), {name: index + 1 for index, name in enumerate(attributes)}, state_weights, transitions
    )


def _strings(data: bytes, at: int, count: int) -> list[str]:
    """The strings of ids `0 … count - 1` of the CQDB string table starting at byte `at`."""
    chunk, _, _, byte_order, backward_size, backward_at = _CQDB_HEADER.unpack_from(data, at)
    if chunk != b"CQDB" or byte_order != _CQDB_BYTE_ORDER or backward_size < count:
        raise ModelFileError("no string table")
    offsets = struct.unpack_from(f"<{count}I", data, at + backward_at)
    strings = []
    for index, offset in enumerate(offsets):
        record_id, length = _CQDB_RECORD.unpack_from(data, at + offset)
        if record_id != index:
            raise ModelFileError("string table out of order")
        start = at + offset + _CQDB_RECORD.size
        strings.append(data[start : start + length - 1].decode("utf-8"))  # the length counts a final NUL
    return strings


def emission_scores(
    model: CrfModel,
    attribute_ids: np.ndarray,
    row_lengths: np.ndarray,
    values: np.ndarray | None = None,
    value_weights: np.ndarray | None = None,
) -> np.ndarray:
    """Label scores `(characters, labels)`: character `k` holds the next `row_lengths[k]` ids
    (attributes of value 1), plus `values[k] @ value_weights` for real-valued attributes
    (`value_weights`: one row of label weights per column of `values`).

    `np.bincount` adds each label's weights in input order starting from zero, crfsuite's order,
    so those sums are crfsuite's to the bit. The real-valued block is one matrix product, which
    adds its terms in another order than crfsuite (one attribute after another): its scores
    differ from crfsuite's by rounding, about 1e-15, which changes a label only where two paths
    tie to that precision.
    """
    characters = len(row_lengths)
    owner = np.repeat(np.arange(characters), row_lengths)
    scores = np.empty((characters, model.state_weights.shape[1]))
    for label, weights in enumerate(model.state_weights.T):
        scores[:, label] = np.bincount(owner, weights=weights[attribute_ids], minlength=characters)
    if values is not None and value_weights is not None:
        scores += values @ value_weights
    return scores


def decode(
    emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray, transitions: np.ndarray, outside: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Best labels of many sequences and each label's marginal probability, in one pass over positions.

    `emissions` holds the sequences one after another (rows `starts[i]` to `starts[i] +
    lengths[i]`), sorted by descending length, so the sequences still running at a position
    are a prefix. A sequence whose best labels are all `outside` (the id of `O`: no span, so
    no confidence needed) gets marginals of 1 without a forward-backward pass.
    """
    labels = _viterbi(emissions, starts, lengths, transitions)
    marginals = np.ones(len(labels))
    ends = starts + lengths
    inside = np.concatenate(([0], np.cumsum(labels != outside)))
    chosen = np.flatnonzero(inside[ends] > inside[starts])
    if len(chosen):
        positions = np.concatenate([np.arange(starts[i], ends[i]) for i in chosen.tolist()])
        sub_starts = np.concatenate(([0], np.cumsum(lengths[chosen])[:-1]))
        marginal = _marginals(emissions[positions], sub_starts, lengths[chosen], transitions)
        marginals[positions] = marginal[np.arange(len(positions)), labels[positions]]
    return labels, marginals


def _viterbi(emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """crfsuite's Viterbi: the same float64 sums; over previous labels the first maximum wins."""
    count, label_count = len(lengths), transitions.shape[0]
    best_labels = np.empty(emissions.shape[0], dtype=np.intp)
    if count == 0:
        return best_labels
    longest = int(lengths[0])
    running = running_counts(lengths)
    final_scores = np.empty((count, label_count))
    score = emissions[starts]
    backpointers: list[np.ndarray] = []
    for position in range(1, longest):
        active = running[position]
        final_scores[active : running[position - 1]] = score[active:]
        candidates = score[:active, :, None] + transitions
        back = candidates.argmax(axis=1)
        backpointers.append(back)
        score = np.take_along_axis(candidates, back[:, None, :], axis=1)[:, 0] + emissions[starts[:active] + position]
    final_scores[: running[longest - 1]] = score

    return trace_back(final_scores, backpointers, starts, running, best_labels)


def _marginals(emissions: np.ndarray, starts: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """P(label at position | sequence) for every position and label, forward-backward in log space.

    A step sums over the previous labels as `log(exp(a - max a) @ exp(T - max T)) + max a + max T`:
    one small matrix product, and nothing overflows or underflows to zero in the sum.
    """
    longest = int(lengths[0])
    running = running_counts(lengths)
    shift = transitions.max()
    scaled = np.exp(transitions - shift)
    forward = np.empty_like(emissions)
    backward = np.empty_like(emissions)
    alpha = emissions[starts]
    forward[starts] = alpha
    for position in range(1, longest):
        rows = starts[: running[position]] + position
        alpha = alpha[: len(rows)]
        top = alpha.max(axis=1, keepdims=True)
        alpha = np.log(np.exp(alpha - top) @ scaled) + (top + shift) + emissions[rows]
        forward[rows] = alpha
    last = starts + lengths - 1
    top = forward[last].max(axis=1, keepdims=True)
    log_partition = (np.log(np.exp(forward[last] - top).sum(axis=1, keepdims=True)) + top)[:, 0]

    backward[last] = 0.0
    beta = np.zeros((running[longest - 1], transitions.shape[0]))
    for position in range(longest - 2, -1, -1):
        rows = starts[: running[position]] + position
        continuing = running[position + 1]
        following = beta[:continuing] + emissions[rows[:continuing] + 1]
        top = following.max(axis=1, keepdims=True)
        stepped = np.log(np.exp(following - top) @ scaled.T) + (top + shift)
        beta = np.concatenate((stepped, np.zeros((len(rows) - continuing, transitions.shape[0]))))
        backward[rows] = beta
    owner = np.repeat(np.arange(len(lengths)), lengths)
    return np.exp(forward + backward - log_partition[owner, None])
