"""Document-level evidence: one label per name per document, and careful propagation.

A newspaper names a person, place or body the same way throughout a document, so the mentions
the layer found vote, weighted by their confidence, on one label per name; the bylines
(`authors`) vote PER for their names and the dateline's place votes LOC. A name is then marked
where the model missed it only if the model was confident in it (or a byline or dateline gave
it), the occurrence lies on LAC word boundaries (so `幸福` is not marked inside `幸福感`), and it is
not a one-character name or a two-character common word of the jieba dictionary.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from pipeline.ner.labels import Span
from pipeline.types import Token


@dataclass
class ArticleMentions:
    """One article's text, LAC words and scored spans `(start, end, label, confidence)`."""

    text: str
    words: Sequence[Token]
    spans: list[tuple[int, int, str, float]]
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None


@dataclass(frozen=True)
class VoteSettings:
    """`propagate_confidence`: the least confidence of a name for it to be marked where missed."""

    propagate_confidence: float = 0.9
    evidence_weight: float = 1.0


@cache
def _evidence() -> dict:
    return tomllib.loads(files("pipeline.ner").joinpath("data/evidence.toml").read_text("utf-8"))


@cache
def common_short_words() -> frozenset[str]:
    """One- and two-character jieba dictionary words that are not tagged as names."""
    import jieba

    settings = _evidence()
    name_tags = set(settings["name_tags"])
    least = settings["common_word_min_frequency"]
    words = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, tag = line.split()
            if len(word) <= 2 and tag not in name_tags and int(frequency) >= least:
                words.add(word)
    return frozenset(words)


@cache
def _dateline_pattern() -> re.Pattern[str]:
    agencies = "|".join(sorted(map(re.escape, _evidence()["dateline_agencies"]), key=len, reverse=True))
    return re.compile(f"(?:{agencies})(?P<place>[\u4e00-\u9fff]{{2,8}}?)(?:[0-9０-９一二三四五六七八九十]{{1,3}}月|电)")


def dateline_place(dateline: str | None) -> str | None:
    """`新华社西宁10月21日电` → `西宁`."""
    match = _dateline_pattern().search(dateline or "")
    return match.group("place") if match else None


def vote(
    articles: list[ArticleMentions], settings: VoteSettings | None = None, fixed: dict[str, str] | None = None
) -> list[list[Span]]:
    """The spans of every article after the document's vote and propagation; `fixed` names
    (the user's gazetteer) keep their label."""
    settings = settings or VoteSettings()
    weights: dict[str, Counter[str]] = {}
    best: Counter[str] = Counter()
    for article in articles:
        for start, end, label, confidence in article.spans:
            name = article.text[start:end]
            weights.setdefault(name, Counter())[label] += confidence
            best[name] = max(best[name], confidence)
    evidence: set[str] = set()
    for article in articles:
        named = [(author, "PER") for author in article.authors]
        place = dateline_place(article.dateline)
        if place:
            named.append((place, "LOC"))
        for name, label in named:
            weights.setdefault(name, Counter())[label] += settings.evidence_weight
            evidence.add(name)
    label_of = {name: counts.most_common(1)[0][0] for name, counts in weights.items()} | (fixed or {})
    common = common_short_words()
    spread = [
        name
        for name in sorted(label_of, key=len, reverse=True)
        if (best[name] >= settings.propagate_confidence or name in evidence)
        and len(name) > 1
        and not (len(name) == 2 and name in common)
    ]
    return [_article_spans(article, label_of, spread) for article in articles]


def _article_spans(article: ArticleMentions, label_of: dict[str, str], spread: list[str]) -> list[Span]:
    text = article.text
    spans = [(start, end, label_of.get(text[start:end], label)) for start, end, label, _ in article.spans]
    taken = bytearray(len(text))
    for start, end, _ in spans:
        taken[start:end] = b"\x01" * (end - start)
    starts = {word.start for word in article.words}
    ends = {word.end for word in article.words}
    for name in spread:
        position = text.find(name)
        while position >= 0:
            stop = position + len(name)
            if position in starts and stop in ends and not any(taken[position:stop]):
                spans.append((position, stop, label_of[name]))
                taken[position:stop] = b"\x01" * len(name)
            position = text.find(name, stop)
    return sorted(spans)
