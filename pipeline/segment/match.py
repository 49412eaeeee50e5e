"""Headlines to bodies by shared content, for headlines the page prints away from their article.

A headline names the people, places, organisations and key words of its article, so its
character bigrams and trigrams reappear in that body. Each n-gram counts by its rarity on
the page (an inverse paragraph frequency): `离石` is on every paragraph of a 离石 page and
says little, `书画` is in one article and says much. No word segmenter is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from pipeline.typography import CJK_IDEOGRAPHS

_WORD_RUN = re.compile(f"[0-9A-Za-z{CJK_IDEOGRAPHS}]+")


def ngrams(text: str) -> set[str]:
    """Character bigrams and trigrams inside runs of letters, digits and Chinese characters."""
    grams: set[str] = set()
    for run in _WORD_RUN.findall(text):
        grams.update([run[i : i + 2] for i in range(len(run) - 1)])
        grams.update([run[i : i + 3] for i in range(len(run) - 2)])
    return grams


class Rarity:
    """Inverse paragraph frequency of n-grams over one document's body paragraphs.

    An n-gram found in no body paragraph weighs nothing: it cannot tell one body from another
    (literary headlines such as `栉风沐雨砥砺前行` are made of them).
    """

    def __init__(self, paragraphs: Iterable[set[str]]) -> None:
        """`paragraphs`: the n-gram set of each body paragraph."""
        counts: Counter[str] = Counter()
        total = 0
        for grams in paragraphs:
            counts.update(grams)
            total += 1
        self._counts = counts
        self._total = total
        self._weights: dict[str, float] = {}
        self.repeated = frozenset(gram for gram, count in counts.items() if count > 1)
        """The n-grams found in more than one paragraph: the only ones two parts can share."""

    def weight(self, gram: str) -> float:
        return self.weight_of_count(self._counts.get(gram, 0))

    def weights(self, grams: AbstractSet[str]) -> list[float]:
        """Each n-gram's `weight` in the set's order, remembered: a headline is weighed against every body."""
        known = self._weights
        for gram in grams - known.keys():
            known[gram] = self.weight(gram)
        return [known[gram] for gram in grams]

    def count(self, gram: str) -> int:
        """In how many body paragraphs the n-gram is found."""
        return self._counts.get(gram, 0)

    def weight_of_count(self, count: int) -> float:
        return math.log((self._total + 1) / (count + 0.5)) if count else 0.0

    @property
    def rare_weight(self) -> float:
        """The weight of an n-gram found in a single paragraph: the unit of evidence."""
        return math.log((self._total + 1) / 1.5)


def share(head: set[str], body: set[str], rarity: Rarity) -> float:
    """Share of the headline's weighted n-grams that the body contains, from 0 to 1.

    `math.fsum` is exact, so the result does not depend on set order (the hash seed), and
    neither do ties between scores.
    """
    total = math.fsum(rarity.weight(gram) for gram in head)
    if total <= 0:
        return 0.0
    return math.fsum(rarity.weight(gram) for gram in head if gram in body) / total


def match_score(head: set[str], body: set[str], rarity: Rarity, min_evidence: float) -> float:
    """The share, scaled down when the shared content is less than `min_evidence` rare n-grams' worth.

    A headline whose only n-gram seen on the page is `发展` would otherwise cover every body fully.
    """
    weights = rarity.weights(head)
    total = math.fsum(weights)
    if total <= 0:
        return 0.0
    matched = math.fsum([weight for weight, gram in zip(weights, head, strict=True) if gram in body])
    evidence = matched / rarity.rare_weight if rarity.rare_weight > 0 else 0.0
    return matched / total * min(1.0, evidence / min_evidence)


def greedy_assignment(scores: dict[tuple[int, int], float]) -> dict[int, int]:
    """Each headline to at most one body and each body to at most one headline, best pairs first.

    The matrices are small (a page has a handful of displaced headlines) and a headline shares
    rare names with one body, so scores are peaked: taking the strongest claim first gives the
    same result as an optimal (Hungarian) assignment in that case, and when two headlines do
    compete for one body the stronger claim wins instead of trading it for two weak ones.
    Ties break by position so the result does not depend on dict order.
    """
    assigned: dict[int, int] = {}
    taken: set[int] = set()
    for (head, body), _score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if head in assigned or body in taken:
            continue
        assigned[head] = body
        taken.add(body)
    return assigned


def best_split(
    paragraphs: Sequence[set[str]], first: set[str], second: set[str], rarity: Rarity, allowed: Sequence[bool]
) -> int | None:
    """Where one body holding two articles divides, given both headlines and its paragraphs' n-grams.

    Each paragraph leans by its share of `first` minus its share of `second`; the split `k`
    maximises the lean of the paragraphs before it towards one headline plus the lean of the
    rest towards the other. Returns None when no allowed split has each side leaning to its
    own headline. `allowed[k]` says whether a new article may begin at paragraph `k`; which
    headline heads which part is left to the assignment.
    """
    leaning = [share(first, own, rarity) - share(second, own, rarity) for own in paragraphs]
    total = sum(leaning)
    best: tuple[float, int] | None = None
    prefix = 0.0
    for k in range(1, len(paragraphs)):
        prefix += leaning[k - 1]
        suffix = total - prefix
        if allowed[k] and prefix * suffix < 0:
            strength = abs(prefix) + abs(suffix)
            if best is None or strength > best[0]:
                best = (strength, k)
    return best[1] if best else None


def boundary_evidence(paragraphs: list[set[str]], rarity: Rarity) -> list[float]:
    """How much rare content the paragraphs before and after each boundary share.

    Entry `k` (from 1) is for the boundary before paragraph `k`, in units of an n-gram found in
    one paragraph only. Paragraphs of one article repeat its names, places and key words; two
    articles side by side share little beyond the page's common words, whose weight is small.
    One pass: each paragraph moves from the part after the boundary to the part before it, and
    the shared n-grams are kept as counts by rarity, so the sums do not depend on set order.
    """
    evidence = [0.0]
    if rarity.rare_weight <= 0:
        return evidence * len(paragraphs)
    repeated = [grams & rarity.repeated for grams in paragraphs]
    after: Counter[str] = Counter()
    for grams in repeated:
        after.update(grams)
    before: set[str] = set()
    shared_by_count: Counter[int] = Counter()
    for grams in repeated[:-1]:
        for gram in grams:
            count = rarity.count(gram)
            was_shared = gram in before and after[gram] > 0
            after[gram] -= 1
            before.add(gram)
            shared_by_count[count] += int(after[gram] > 0) - int(was_shared)
        total = math.fsum(n * rarity.weight_of_count(c) for c, n in shared_by_count.items() if n)
        evidence.append(total / rarity.rare_weight)
    return evidence
