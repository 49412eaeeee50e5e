"""Character features for the learned entity layer: the character, its neighbours, its LAC word.

Every character of a sentence gets a list of string features (crfsuite's attribute names):
identity of the character and its neighbours (±2, and the bigrams around it), its class
(Han, Chinese numeral, digit, Latin, punctuation), its place in LAC's word (B/M/E/S) with the
word's tag (LAC's part of speech, which includes its own PER/LOC/ORG guess), the tags of the
words before and after, the word itself when short, its length and its first and last
characters with its tag, and the word classes of `data/name_parts.toml` that end or begin at the
character (`E:org_suffix` on `局` of `教育局`) or next to it.

Names are long and nested (`中国农业科学院原子能利用研究所`, `吕梁市离石区委统战部`), so each character
also sees how far, within its clause (no punctuation between), the nearest organisation, place or
chain ending lies ahead and the last organisation or place ending lies behind: a body's name
runs on to its kind word, and a new name tends to start right after one.

Besides these names (value 1), each character has real-valued features when LAC's emission
scores are at hand: the probability of each of LAC's 49 tags (`lac=PER-B` 0.93), a softmax of
the scores LAC's BiGRU encoder gives the character in its sentence. LAC's decoded tag (in the
word features) keeps only the best path; the probabilities also say how sure it was and what
came second (`ORG-I` against `LOC-B` at a body's place name), from a model trained on far more
text than any of ours.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from operator import add

import numpy as np

from pipeline.types import Token

_NUMERALS = set("〇零一二三四五六七八九十百千万两")
_MAX_WORD_FEATURE = 6
# Word classes whose distance ahead (to where a word of the class ends) and behind (since one
# ended) each character sees, and the distance buckets: at most 2, 5, 10 characters, farther.
_AHEAD_CLASSES = ("org_suffix", "place_suffix", "chain_suffix")
_BEHIND_CLASSES = ("org_suffix", "place_suffix")
_AHEAD_BUCKETS = "aaabbbcccccd"
_BEHIND_BUCKETS = "aaabbbc"
_CLAUSE_BREAKS = frozenset("PS")  # character classes that end a clause: punctuation, space
TAG_PROBABILITY = "lac="  # the family of the real-valued features: LAC's probability of each of its tags


def char_class(char: str) -> str:
    """H Han, N Chinese numeral, D digit, L Latin letter, S space, P anything else (punctuation)."""
    if char in _NUMERALS:
        return "N"
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return "H"
    if char.isdigit():
        return "D"
    if char.isascii() and char.isalpha():
        return "L"
    if char.isspace():
        return "S"
    return "P"


_CLASS_OF: dict[str, str] = {"^": "P", "$": "P"}  # `char_class` of every character seen so far


@dataclass(frozen=True)
class WordClasses:
    """Word lists by class name, indexed by their last character for lookups at each character."""

    # last character -> the lengths of the listed words ending in it, each with those words' classes
    by_last_char: dict[str, tuple[tuple[int, dict[str, tuple[str, ...]]], ...]]

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """`(start, end, class)` of every listed word in `text`, shortest words first, each
        length in reading order; only characters that end some listed word are looked at."""
        found = []
        by_last_char = self.by_last_char
        for end, char in enumerate(text, start=1):
            for length, words in by_last_char.get(char, ()):
                names = words.get(text[end - length : end]) if length <= end else None
                if names:
                    found.extend((end - length, end, name) for name in names)
        found.sort(key=lambda match: match[1] - match[0])
        return found


def read_word_classes(toml_text: str) -> WordClasses:
    by_length: dict[int, dict[str, tuple[str, ...]]] = {}
    for name, words in tomllib.loads(toml_text).items():
        for word in words:
            slot = by_length.setdefault(len(word), {})
            slot[word] = (*slot.get(word, ()), name)
    by_last_char: dict[str, list[tuple[int, dict[str, tuple[str, ...]]]]] = {}
    for length, words in sorted(by_length.items()):
        for last in sorted({word[-1] for word in words}):
            by_last_char.setdefault(last, []).append((length, {w: n for w, n in words.items() if w[-1] == last}))
    return WordClasses({last: tuple(entries) for last, entries in by_last_char.items()})


@cache
def word_classes() -> WordClasses:
    return read_word_classes(files("pipeline.ner").joinpath("data/name_parts.toml").read_text("utf-8"))


class FeatureNames:
    """The attribute names of every feature family, each built once and then shared.

    Without `known` every name is made on first use and kept (training sees them all). With
    `known`, a trained model's attributes by id, each feature is its id (ids start at 1, so
    that 0 never reads as missing) and a name the model does not know is `None` and left out:
    it would add nothing to any score, and a sentence costs about a third fewer attributes.
    """

    def __init__(self, known: Mapping[str, int] | None = None) -> None:
        self.known = known
        self._tables: dict[str, dict[str, str] | dict[str, int]] = {}

    def lookup(self, family: str) -> Callable[[str], str | int | None]:
        """`value -> family + value` (or its id, or `None` when the model does not know it)."""
        if self.known is None:
            return self._tables.setdefault(family, _Interned(family)).__getitem__
        if family not in self._tables:
            self._tables[family] = {
                name[len(family) :]: index for name, index in self.known.items() if name.startswith(family)
            }
        return self._tables[family].get


class _Interned(dict):
    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family

    def __missing__(self, value: str) -> str:
        self[value] = name = self.family + value
        return name


_UNIGRAMS = ("c0=", "c-1=", "c1=", "c-2=", "c2=")  # the character at padded[index + shift]
_UNIGRAM_SHIFTS = (2, 1, 3, 0, 4)
_BIGRAMS = ("c-1c0=", "c0c1=", "c-2c-1=", "c1c2=")  # the pair at pairs[index + shift]
_BIGRAM_SHIFTS = (1, 2, 0, 3)
_WORD_CACHE_SIZE = 200_000  # words (with their tag) whose feature names are kept between sentences


class FeatureBuilder:
    """Builds every character's features for one `FeatureNames` (all names, or a model's)."""

    def __init__(self, names: FeatureNames | None = None, classes: WordClasses | None = None) -> None:
        self.names = names or FeatureNames()
        self.classes = classes or word_classes()
        lookup = self.names.lookup
        self.unigrams = [lookup(family) for family in _UNIGRAMS]
        self.bigrams = [lookup(family) for family in _BIGRAMS]
        self.skip_bigram = lookup("c-1c1=")
        self.class_trigram = lookup("t=")
        self.shape = lookup("p=")
        self.before, self.after = lookup("pp="), lookup("np=")
        self.whole, self.sized, self.first, self.last = (lookup(family) for family in ("w=", "wl=", "wf=", "we="))
        self.long_word = lookup("w")(">")
        self.begins, self.ends = lookup("B:"), lookup("E:")
        self.next_begins, self.previous_ends = lookup("+1B:"), lookup("-1E:")
        ahead, behind = lookup("ah:"), lookup("bh:")
        # names by distance (the last bucket repeated as far as a sentence reaches)
        self.ahead = {name: [ahead(name + bucket) for bucket in _AHEAD_BUCKETS] for name in _AHEAD_CLASSES}
        self.behind = {name: [behind(name + bucket) for bucket in _BEHIND_BUCKETS] for name in _BEHIND_CLASSES}
        self._word_cache: dict[tuple[str, str], tuple[list[str | None], tuple[str, ...]]] = {}
        self._context_cache: dict[tuple[str, str], tuple[str, ...]] = {}  # tags before and after a word

    def __call__(self, sentence: str, words: Sequence[Token], offset: int = 0) -> list[list[str | int]]:
        """One feature list per character of `sentence` (names, or a model's attribute ids, see
        `FeatureNames`); `words` are LAC's, offsets minus `offset`.

        Built column by column (one `map` or a few slices per feature family over the whole
        sentence), then each character's row is its columns' names without the unknown ones.
        """
        length = len(sentence)
        padded = ["^", "^", *sentence, "$", "$"]
        for char in set(sentence).difference(_CLASS_OF):
            _CLASS_OF[char] = char_class(char)
        classes = list(map(_CLASS_OF.__getitem__, padded))
        pairs = list(map(add, padded[:-1], padded[1:]))  # pairs[j] = padded[j] + padded[j + 1]
        columns = [
            list(map(name, padded[shift : shift + length]))
            for name, shift in zip(self.unigrams, _UNIGRAM_SHIFTS, strict=True)
        ]
        columns += [
            list(map(name, pairs[shift : shift + length]))
            for name, shift in zip(self.bigrams, _BIGRAM_SHIFTS, strict=True)
        ]
        columns.append(list(map(self.skip_bigram, map(add, padded[1 : length + 1], padded[3 : length + 3]))))
        trigrams = map(add, map(add, classes[2 : length + 2], classes[1 : length + 1]), classes[3 : length + 3])
        columns.append(list(map(self.class_trigram, trigrams)))
        shapes, word_parts = self._word_columns(length, words, offset)
        columns.append(shapes)
        matches = self.classes.matches(sentence)
        columns += self._distance_columns(classes[2 : length + 2], matches)
        rows = [
            [*filter(None, chars), *word] for chars, word in zip(zip(*columns, strict=True), word_parts, strict=True)
        ]
        self._add_class_matches(rows, matches)
        return rows

    def _word_columns(self, length: int, words: Sequence[Token], offset: int) -> tuple[list, list]:
        """Per character: its place in its word with the word's tag (a name or `None`), and the
        names of the tags around its word and of the word itself (one tuple for its characters)."""
        shapes: list[str | None] = [None] * length
        parts: list[tuple[str, ...]] = [()] * length
        tags = [word.pos for word in words]
        own_names, context_names = self._word_cache, self._context_cache
        if len(own_names) > _WORD_CACHE_SIZE:
            own_names.clear()
        for word, before, after in zip(words, ["^", *tags], [*tags[1:], "$"], strict=False):
            own = own_names.get((word.text, word.pos))
            if own is None:
                own = own_names[word.text, word.pos] = self._word_names(word.text, word.pos)
            context = context_names.get((before, after))
            if context is None:
                context = context_names[before, after] = tuple(filter(None, (self.before(before), self.after(after))))
            start, end = word.start - offset, word.end - offset
            shapes[start:end] = own[0]
            parts[start:end] = [context + own[1]] * (end - start)
        return shapes, parts

    def _word_names(self, text: str, tag: str) -> tuple[list[str | None], tuple[str, ...]]:
        """A word's shape names (`p=B…`, `p=M…`, `p=E…` or `p=S…`) and the names of the word."""
        size = len(text)
        shape = self.shape
        shapes = (
            [shape("S" + tag)] if size == 1 else [shape("B" + tag), *[shape("M" + tag)] * (size - 2), shape("E" + tag)]
        )
        own = (
            self.whole(text) if size <= _MAX_WORD_FEATURE else self.long_word,
            self.sized(f"{tag}{min(size, _MAX_WORD_FEATURE)}"),
            self.first(text[0] + tag),
            self.last(text[-1] + tag),
        )
        return shapes, tuple(filter(None, own))

    def _distance_columns(self, classes: list[str], matches: list[tuple[int, int, str]]) -> list[list[str | None]]:
        """`ah:<class><bucket>`: how far ahead in the clause a word of the class ends;
        `bh:<class><bucket>`: how far behind one ended. One column per class that occurs,
        filled a stretch of characters at a time between clause breaks and class endings."""
        length = len(classes)
        ends: dict[str, list[int]] = {}
        for _, end, name in matches:
            ends.setdefault(name, []).append(end - 1)
        if not ends:
            return []
        breaks = [position for position, kind in enumerate(classes) if kind in _CLAUSE_BREAKS]
        columns = []
        for name, buckets in self.ahead.items():
            if name in ends:
                table = _by_distance(buckets, length)
                column: list[str | None] = [None] * length
                previous = -1
                for end in sorted(set(ends[name])):
                    before = bisect_left(breaks, end)
                    first = max(previous + 1, breaks[before - 1] + 1 if before else 0)
                    column[first : end + 1] = table[end - first :: -1]
                    previous = end
                columns.append(column)
        for name, buckets in self.behind.items():
            if name in ends:
                table = _by_distance(buckets, length)
                column = [None] * length
                positions = sorted(set(ends[name]))
                for end, following in zip(positions, [*positions[1:], length - 1], strict=True):
                    after = bisect_left(breaks, end)
                    stop = min(following + 1, breaks[after] if after < len(breaks) else length)
                    column[end + 1 : stop] = table[1 : stop - end]
                columns.append(column)
        return columns

    def _add_class_matches(self, rows: list[list[str]], matches: list[tuple[int, int, str]]) -> None:
        """The listed words beginning or ending at each character, or right next to it."""
        length = len(rows)
        for start, end, name in matches:
            marks = [(start, self.begins(name)), (end - 1, self.ends(name))]
            if start:
                marks.append((start - 1, self.next_begins(name)))
            if end < length:
                marks.append((end, self.previous_ends(name)))
            for position, mark in marks:
                if mark and mark not in rows[position]:  # two listed words of a class may end at one character
                    rows[position].append(mark)


def tag_probabilities(scores: np.ndarray) -> np.ndarray:
    """Each character's LAC emission scores `(characters, tags)` as probabilities over the tags
    (a softmax per character): the encoder's contextual belief in every tag, of which LAC's own
    decoding keeps only the best path. The exponentials are taken in the encoder's float32
    (the float64 ones cost the layer a tenth of its time), the sums and results in float64;
    training and tagging read the same numbers."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted * (1.0 / shifted.sum(axis=1, keepdims=True, dtype=np.float64))


def tag_probability_names(score_names: Sequence[str]) -> list[str]:
    """The attribute names of the columns of `tag_probabilities` (`lac=PER-B`, `lac=n-I` …)."""
    return [TAG_PROBABILITY + name for name in score_names]


def training_items(rows: list[list[str]], probabilities: np.ndarray, names: Sequence[str]) -> list[dict[str, float]]:
    """crfsuite items of a sentence: every feature name with value 1, then the tag
    probabilities with their values, in the order the layer's decoding adds them."""
    return [
        {**dict.fromkeys(row, 1.0), **dict(zip(names, values, strict=True))}
        for row, values in zip(rows, probabilities.tolist(), strict=True)
    ]


def _by_distance(buckets: list[str | None], length: int) -> list[str | None]:
    """The bucket names by distance 0, 1, … `length` (the last bucket for all that are farther)."""
    return buckets + buckets[-1:] * max(0, length + 1 - len(buckets))


@cache
def _all_features() -> FeatureBuilder:
    return FeatureBuilder()


def sentence_features(sentence: str, words: Sequence[Token], offset: int = 0) -> list[list[str]]:
    """Every feature of every character (what training sees); see `FeatureBuilder`."""
    return _all_features()(sentence, words, offset)
