"""How Chinese newspaper text is set: the character classes and widths every stage reads alike.

One place for the typography of a Chinese page: which characters are Chinese, which marks end
a sentence or a clause, which brackets open and close, how numerals are written (Arabic,
full-width, Chinese), and how wide a printed character is. Stages compose these classes; none
keeps a copy of its own, so a mark added here counts the same way in cleanup, segmentation,
entities and facts.

Classes are strings of characters or of regex ranges (`CJK_IDEOGRAPHS`), ready to go inside
`[...]` of a pattern or to test membership with `in`.
"""

from __future__ import annotations

import re
from itertools import accumulate

import numpy as np

# Scripts ----------------------------------------------------------------------------------------

CJK_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Chinese characters (extension A, the unified block, compatibility ideographs), as regex ranges."""
CJK_PUNCTUATION = (
    "\u2010-\u2027\u2030-\u205e\u3001-\u303f\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
"""Dashes, quotes, CJK symbols and full-width forms other than digits and letters, as regex ranges."""
CJK = CJK_IDEOGRAPHS + CJK_PUNCTUATION
"""What sets text as Chinese: a space next to any of these is layout, not a word gap."""
SPACES = " \t\u3000\u00a0"
"""Spaces an extractor writes: ASCII, tab, the ideographic space and the no-break space."""

# Punctuation ------------------------------------------------------------------------------------

FULL_STOPS = "。！？!?"
"""Marks that end a sentence."""
SEMICOLONS = "；;"
ELLIPSIS = "…"
COLONS = "：:"
COMMAS = "，,"
SERIAL_COMMA = "、"
"""The enumeration comma between items of a list (`张三、李四`)."""
SENTENCE_ENDS = FULL_STOPS + ELLIPSIS + SEMICOLONS
"""Marks after which a sentence (or one of a series of sentences) is complete."""
PROSE_MARKS = "，。、；"
"""Marks only running text prints: a headline may hold `！？` and a label ends in `：`, never these."""
RUNNING_TEXT_MARKS = COMMAS + SERIAL_COMMA + SEMICOLONS + FULL_STOPS + COLONS
"""Punctuation of running text: a headline holds none of it, a line of a column most often some."""
OPENING_MARKS = "“‘「『（(《【"
CLOSING_MARKS = "”’」』）)》】"
"""Quotes and brackets that may follow a sentence end (`。”`)."""
OPENING_PARENS = "（("
CLOSING_PARENS = "）)"
DASH = "——"
"""The Chinese dash, two em wide; a line starting with it under a headline is a deck."""
SQUARES = "□■"
"""Squares that open an author line (`□ 王燕华`, `■ 本报记者 张三`)."""
BLOCK_MARKS = SQUARES + "●◆★▲"
"""Squares and bullets that open an author line or a block (`□ 王燕华`)."""
COMPRESSED_MARKS = "，。、；：！？“”‘’（）《》「」『』【】"
"""Marks set closer when two meet (`。”`); dashes and ellipses keep their two full ems."""
HALF_TO_FULL_PUNCTUATION = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
"""Half-width marks an extractor writes for their full-width forms in Chinese text."""

# Numerals ---------------------------------------------------------------------------------------

ARABIC_DIGITS = "0123456789"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
CHINESE_DIGITS = "零〇一二两三四五六七八九"
MAGNITUDE_CHARS = "十百千万亿"
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
COUNTING_NUMERALS = "一二三四五六七八九十"
"""The numerals of list items (`一、`, `（三）`) and numbered names (`三中`), one to ten."""
COUNTING_VALUES = {char: value for value, char in enumerate(COUNTING_NUMERALS, start=1)}
NUMBERING_NUMERALS = "〇零" + COUNTING_NUMERALS + "百"
#: A month and day as datelines print them: `1月3日`, `１月４日`, `十二月三十一日`.
MONTH_DAY = rf"[\d{COUNTING_NUMERALS}]{{1,3}}月[\d{COUNTING_NUMERALS}]{{1,3}}日"
"""Chinese numerals of page and list numbers (`第十二版`, `一百零一、`)."""
DIGITS = ARABIC_DIGITS + FULL_WIDTH_DIGITS
NUMERAL_CHARS = DIGITS + CHINESE_DIGITS + MAGNITUDE_CHARS
"""Every character that can begin or continue a number."""
FULL_WIDTH_ALNUM = "０-９Ａ-Ｚａ-ｚ"
"""Full-width digits and Latin letters, as regex ranges; they print as their half-width forms."""
FULL_TO_HALF_OFFSET = ord("０") - ord("0")

# Printed width ----------------------------------------------------------------------------------

_RUNNING_TEXT_MARK = re.compile(f"[{re.escape(RUNNING_TEXT_MARKS)}]")
_SPACE_CODES = np.array([ord(char) for char in SPACES], dtype=np.uint32)
_COMPRESSED_CODES = np.array([ord(char) for char in COMPRESSED_MARKS], dtype=np.uint32)
_CJK_CODE_RANGES = np.array([(ord(CJK[i]), ord(CJK[i + 2])) for i in range(0, len(CJK), 3)], dtype=np.uint32)


def has_running_text_mark(text: str) -> bool:
    """Whether `text` holds a mark of running text (`RUNNING_TEXT_MARKS`): headlines and name lines print none."""
    return _RUNNING_TEXT_MARK.search(text) is not None


def printed_widths(lines: list[str]) -> np.ndarray:
    """Printed width of each line in em, as Chinese typesetting sets it.

    A Chinese character and a full-width mark, curly quotes `“”‘’` included, take a full em;
    two marks in a row (`。”`, `”，`) are set closer, together 1.5 em. ASCII takes 1/2. A space
    between Chinese text and a number or Latin word counts 1/2: the extractor writes the gap the
    typesetter leaves around them as a space, and a line holding numbers must not look short for
    it. Other spaces count 0, since justification spreads them and they carry no width of their own.
    """
    if not lines:
        return np.zeros(0)
    codes = np.frombuffer("".join(lines).encode("utf-32-le"), dtype=np.uint32)
    weights = np.where(codes < 128, 0.5, 1.0)
    space = np.isin(codes, _SPACE_CODES)
    latin = (codes < 128) & ~space
    beside_latin = np.zeros(len(codes), dtype=bool)
    beside_latin[1:] |= latin[:-1]
    beside_latin[:-1] |= latin[1:]
    weights[space] = np.where(beside_latin[space], 0.5, 0.0)
    offsets = np.fromiter(accumulate((len(line) for line in lines[:-1]), initial=0), dtype=np.int64)
    compressed = np.isin(codes, _COMPRESSED_CODES)
    pairs = compressed[:-1] & compressed[1:]
    pairs[offsets[1:] - 1] = False
    weights[1:][pairs] -= 0.5
    return np.add.reduceat(weights, offsets)


def space_mask(codes: np.ndarray) -> np.ndarray:
    """Which code points (UTF-32 values) are spaces, element-wise."""
    return np.isin(codes, _SPACE_CODES)


def cjk_mask(codes: np.ndarray) -> np.ndarray:
    """Which code points are Chinese characters or Chinese punctuation (`CJK`), element-wise."""
    found = np.zeros(len(codes), dtype=bool)
    for low, high in _CJK_CODE_RANGES:
        found |= (codes >= low) & (codes <= high)
    return found
