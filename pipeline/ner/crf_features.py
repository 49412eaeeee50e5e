"""Character features for the learned entity layer: the character, its neighbours, its LAC word.

Every character of a sentence gets a list of string features (crfsuite's attribute names):
identity of the character and its neighbours (±2, and the bigrams around it), its class
(Han, Chinese numeral, digit, Latin, punctuation), its place in LAC's word (B/M/E/S) with the
word's tag (LAC's part of speech, which includes its own PER/LOC/ORG guess), the tags of the
words before and after, the word itself when short, and the word classes of
`data/name_parts.toml` that end or begin at the character (`E:org_suffix` on `局` of `教育局`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise

from pipeline.types import Token

_NUMERALS = set("〇零一二三四五六七八九十百千万两")
_MAX_WORD_FEATURE = 6


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


_CLASS_OF: dict[str, str] = {}


def _remember_class(char: str) -> str:
    _CLASS_OF[char] = char_class(char)
    return _CLASS_OF[char]


@dataclass(frozen=True)
class WordClasses:
    """Word lists by class name, indexed by length for lookups at each character."""

    by_length: dict[int, dict[str, tuple[str, ...]]]
    last_chars: dict[int, frozenset[str]]

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """`(start, end, class)` of every listed word in `text`; only the ends that are some
        listed word's last character are looked up, which skips most of the text."""
        found = []
        for length, words in self.by_length.items():
            last_chars = self.last_chars[length]
            for end in range(length, len(text) + 1):
                if text[end - 1] in last_chars:
                    names = words.get(text[end - length : end])
                    if names:
                        found.extend((end - length, end, name) for name in names)
        return found


def read_word_classes(toml_text: str) -> WordClasses:
    by_length: dict[int, dict[str, tuple[str, ...]]] = {}
    for name, words in tomllib.loads(toml_text).items():
        for word in words:
            slot = by_length.setdefault(len(word), {})
            slot[word] = (*slot.get(word, ()), name)
    last_chars = {length: frozenset(word[-1] for word in words) for length, words in by_length.items()}
    return WordClasses(by_length, last_chars)


@cache
def word_classes() -> WordClasses:
    return read_word_classes(files("pipeline.ner").joinpath("data/name_parts.toml").read_text("utf-8"))


def sentence_features(sentence: str, words: Sequence[Token], offset: int = 0) -> list[list[str]]:
    """One feature list per character of `sentence`; `words` are LAC's, offsets minus `offset`.

    Built column by column (one comprehension per feature), which is what keeps the layer cheap
    next to the batched LAC runner.
    """
    length = len(sentence)
    padded = ["^", "^", *sentence, "$", "$"]
    classes = [_CLASS_OF.get(char) or _remember_class(char) for char in padded]
    shape_tag = [""] * length
    before = [""] * length
    after = [""] * length
    word_feature = [""] * length
    tags = [word.pos for word in words] or ["x"]
    for index, word in enumerate(words):
        start, end = word.start - offset, word.end - offset
        tag = tags[index]
        if end - start == 1:
            shape_tag[start] = "p=S" + tag
        else:
            shape_tag[start] = "p=B" + tag
            shape_tag[end - 1] = "p=E" + tag
            for inner in range(start + 1, end - 1):
                shape_tag[inner] = "p=M" + tag
        previous = "pp=" + (tags[index - 1] if index else "^")
        following = "np=" + (tags[index + 1] if index + 1 < len(tags) else "$")
        text = "w=" + word.text if end - start <= _MAX_WORD_FEATURE else "w>"
        for position in range(start, end):
            before[position] = previous
            after[position] = following
            word_feature[position] = text
    chars = padded
    pairs = [a + b for a, b in pairwise(padded)]  # pairs[j] = padded[j] + padded[j + 1]
    rows = [
        list(row)
        for row in zip(
            ["c0=" + c for c in sentence],
            ["c-1=" + c for c in chars[1 : length + 1]],
            ["c1=" + c for c in chars[3 : length + 3]],
            ["c-2=" + c for c in chars[:length]],
            ["c2=" + c for c in chars[4 : length + 4]],
            ["c-1c0=" + pair for pair in pairs[1 : length + 1]],
            ["c0c1=" + pair for pair in pairs[2 : length + 2]],
            ["c-2c-1=" + pair for pair in pairs[:length]],
            ["c1c2=" + pair for pair in pairs[3 : length + 3]],
            ["c-1c1=" + a + b for a, b in zip(chars[1 : length + 1], chars[3 : length + 3], strict=True)],
            [
                "t=" + b + a + c
                for a, b, c in zip(classes[1 : length + 1], classes[2 : length + 2], classes[3:], strict=False)
            ],
            shape_tag,
            before,
            after,
            word_feature,
            strict=True,
        )
    ]
    for start, end, name in word_classes().matches(sentence):
        rows[start].append("B:" + name)
        rows[end - 1].append("E:" + name)
    return rows
