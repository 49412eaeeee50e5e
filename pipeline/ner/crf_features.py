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
# Word classes whose distance ahead (to where a word of the class ends) and behind (since one
# ended) each character sees, and the distance buckets: at most 2, 5, 10 characters, farther.
_AHEAD_CLASSES = ("org_suffix", "place_suffix", "chain_suffix")
_BEHIND_CLASSES = ("org_suffix", "place_suffix")
_AHEAD_BUCKETS = "aaabbbcccccd"
_BEHIND_BUCKETS = "aaabbbc"
_CLAUSE_BREAKS = frozenset("PS")  # character classes that end a clause: punctuation, space
_AHEAD_FEATURES = {name: [f"ah:{name}{bucket}" for bucket in _AHEAD_BUCKETS] for name in _AHEAD_CLASSES}
_BEHIND_FEATURES = {name: [f"bh:{name}{bucket}" for bucket in _BEHIND_BUCKETS] for name in _BEHIND_CLASSES}
_AHEAD_LAST = len(_AHEAD_BUCKETS) - 1
_BEHIND_LAST = len(_BEHIND_BUCKETS) - 1


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
    word_length = [""] * length
    first_char = [""] * length
    last_char = [""] * length
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
        sized = f"wl={tag}{min(end - start, _MAX_WORD_FEATURE)}"
        first = "wf=" + word.text[0] + tag
        last = "we=" + word.text[-1] + tag
        for position in range(start, end):
            before[position] = previous
            after[position] = following
            word_feature[position] = text
            word_length[position] = sized
            first_char[position] = first
            last_char[position] = last
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
            word_length,
            first_char,
            last_char,
            strict=True,
        )
    ]
    matches = word_classes().matches(sentence)
    ending: list[list[str]] = [[] for _ in range(length)]
    for start, end, name in matches:
        rows[start].append("B:" + name)
        rows[end - 1].append("E:" + name)
        ending[end - 1].append(name)
    for start, end, name in matches:
        if start:
            rows[start - 1].append("+1B:" + name)
        if end < length:
            rows[end].append("-1E:" + name)
    _add_class_distances(rows, classes[2 : length + 2], ending)
    return rows


def _add_class_distances(rows: list[list[str]], classes: list[str], ending: list[list[str]]) -> None:
    """`ah:<class><bucket>`: how far ahead in the clause a word of the class ends;
    `bh:<class><bucket>`: how far behind one ended (`ending[i]`: classes ending at `i`)."""
    ahead: dict[str, int] = {}
    for position in range(len(rows) - 1, -1, -1):
        if classes[position] in _CLAUSE_BREAKS:
            ahead.clear()
            continue
        for name in ending[position]:
            if name in _AHEAD_FEATURES:
                ahead[name] = position
        rows[position].extend(_AHEAD_FEATURES[name][min(at - position, _AHEAD_LAST)] for name, at in ahead.items())
    behind: dict[str, int] = {}
    for position, row in enumerate(rows):
        if classes[position] in _CLAUSE_BREAKS:
            behind.clear()
            continue
        row.extend(_BEHIND_FEATURES[name][min(position - at, _BEHIND_LAST)] for name, at in behind.items())
        for name in ending[position]:
            if name in _BEHIND_FEATURES:
                behind[name] = position
