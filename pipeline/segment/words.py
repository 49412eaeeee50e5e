"""Common Chinese words, to tell a line broken inside a word from lines that end where words end.

The list is jieba's general dictionary (`dict.txt`, shipped inside the `jieba` package, a
default dependency: nothing is downloaded), about 350,000 words with their counts in a large
corpus. Only words of two to four characters counted at least `MIN_COUNT` times are kept: rare
entries would make almost any two characters a word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.typography import CJK_PUNCTUATION

MIN_COUNT = 50
"""How often a word is counted in jieba's corpus to be taken as a word here."""

LONGEST = 4
"""The longest word looked for across a line break (characters)."""

_NOT_IN_WORD = re.compile(rf"[{CJK_PUNCTUATION}\s]")


def dictionary_file() -> Path:
    """Where jieba's dictionary is (the resume fingerprint covers it)."""
    return Path(str(resources.files("jieba") / "dict.txt"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The words of two to `LONGEST` characters counted at least `MIN_COUNT` times."""
    words = set()
    with dictionary_file().open(encoding="utf-8") as lines:
        for line in lines:
            word, count, _ = line.split(" ", 2)
            if 2 <= len(word) <= LONGEST and int(count) >= MIN_COUNT:
                words.add(word)
    return frozenset(words)


def breaks_word(upper: str, lower: str) -> bool:
    """Whether a common word runs from the end of `upper` into the start of `lower` (`下岗职` / `工到`)."""
    upper, lower = upper.rstrip(), lower.lstrip()
    words = common_words()
    for before in range(1, LONGEST):
        for after in range(1, LONGEST - before + 1):
            if before > len(upper) or after > len(lower):
                continue
            candidate = upper[-before:] + lower[:after]
            if candidate in words and not _NOT_IN_WORD.search(candidate):
                return True
    return False
