"""Sequences packed one after another, longest first: what both CRF decoders share.

LAC's runner and the learned layer each decode all buffered sentences in one loop over
positions. With the sequences sorted by descending length, the ones still running at a
position are a prefix, so each step works on the first `running[position]` rows only.
"""

from __future__ import annotations

import numpy as np


def running_counts(lengths: np.ndarray) -> np.ndarray:
    """How many sequences (lengths descending) are still running at each position."""
    return np.searchsorted(-lengths, -np.arange(1, int(lengths[0]) + 1), side="right")


def trace_back(
    final_scores: np.ndarray,
    backpointers: list[np.ndarray],
    starts: np.ndarray,
    running: np.ndarray,
    out: np.ndarray,
) -> np.ndarray:
    """Fill `out` with each sequence's best path, from its last position's scores back.

    `final_scores[i]` holds sequence i's label scores at its last position and
    `backpointers[p - 1][i, label]` the best previous label of `label` at position `p`.
    """
    longest = len(running)
    current = np.empty(len(final_scores), dtype=np.intp)
    for position in range(longest - 1, -1, -1):
        active = running[position]
        ending = running[position + 1] if position + 1 < longest else 0
        current[ending:active] = final_scores[ending:active].argmax(axis=1)
        out[starts[:active] + position] = current[:active]
        if position:
            current[:active] = backpointers[position - 1][np.arange(active), current[:active]]
    return out
