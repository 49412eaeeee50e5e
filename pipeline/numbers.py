"""How quantities are written in Chinese newspaper text, and what they are worth.

A quantity expression is: an optional approximation word before it (`约`, `近`, `超过`), a numeral
(Arabic with decimals, thousands separators or full-width digits; Chinese; a fraction in words;
`一半`), an optional range end (`2—3`), magnitude words folded into the value (`1.2万亿` gives
1.2e12, `15.44万千升` gives 154400 with unit `千升`), a unit or measure word, and approximation
words inside or after it (`150余人`, `62万多`, `3个多小时`, `2000名左右`). A quantity followed
directly by a number of a smaller unit of the same dimension is one compound measure (`３小时２０分`,
`２分３０秒１２`, `１米９８`), its value in the smallest unit printed; the ladders of units are data.

cn2an converts plain Chinese numerals (`三千二百万`, `十二`, `两`); it rejects the mixed forms
newspapers print (`1.2万亿`, `六十二万多`, `156 万`), so Arabic numerals, magnitudes, markers and
ranges are parsed here and only the Chinese numeral itself is handed to cn2an. This module says
what a quantity is worth; whether it is a fact (not a date, ordinal or name) is the fact stage's call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import ModuleType
from typing import Literal

from pipeline.facts.lexicon import Ladder, units
from pipeline.typography import (
    CHINESE_DIGITS,
    COUNTING_NUMERALS,
    COUNTING_VALUES,
    DIGITS,
    FULL_TO_HALF_OFFSET,
    FULL_WIDTH_DIGITS,
    MAGNITUDE_CHARS,
    MAGNITUDES,
    SPACES,
)

Form = Literal["arabic", "chinese", "implicit", "fraction", "compound"]


# Units by what they measure, from the fact grammar's data (`pipeline/facts/data/units.toml`).
_UNITS = units()
TIME_UNITS = _UNITS.time
COUNT_UNITS = _UNITS.count
VERBAL_UNITS = _UNITS.verbal
MEASURE_UNITS = _UNITS.measure
UNITS = _UNITS.all
PER_UNITS = _UNITS.per

APPROX_WORDS = {
    "约": "about", "大约": "about", "近": "about", "将近": "about", "接近": "about", "左右": "about",
    "上下": "about", "余": "over", "多": "over", "以上": "over", "超过": "over", "超": "over", "逾": "over",
    "突破": "over", "上": "over", "过": "over", "几": "over", "不足": "under", "不到": "under",
    "未满": "under", "不满": "under", "以下": "under", "以内": "under",
    "来": "about", "把": "about", "出头": "over",
}  # fmt: skip

# Spaces, and at most one line break, may stand between the parts when cleanup did not run or
# did not join a printed line (`156 万元`, `3—5\n年`).
_SPACE = rf"[{SPACES}]*(?:\n[{SPACES}]*)?"
# The decimal point may be printed `.`, `．` or, in older type, `·` (`８·２８元`).
_ARABIC = rf"[{DIGITS}]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?|[{DIGITS}]+(?:[.．·][{DIGITS}]+)?"
_CHINESE = rf"[{CHINESE_DIGITS}{MAGNITUDE_CHARS}]+(?:点[{CHINESE_DIGITS}]+)?"
_NUMERAL = rf"(?:{_ARABIC}|{_CHINESE})"
# A magnitude after an Arabic numeral; `千` before 克/米/升/瓦 is the unit's own prefix (`15.44万千升`).
_MAGNITUDE = r"[十百千]?万亿|[十百千]?亿|[百千]?万|百(?!分)|千(?![克米升瓦])"
# Measure words that take 个 (`3个月`, `3个多小时`, `2.9个百分点`); the unit keeps the 个.
_GE_HEADS = "|".join(_UNITS.ge_heads)
_GE_UNITS = {f"个{head}" for head in _UNITS.ge_heads}
# Full-width forms of ASCII characters (`ｎｍ`, `／`, `％`), folded to half width in the unit.
_HALF_WIDTH = {code: code - FULL_TO_HALF_OFFSET for code in range(0xFF01, 0xFF5F)}
_WIDE = {code - FULL_TO_HALF_OFFSET: code for code in range(0xFF01, 0xFF5F)}
_UNIT_FORMS = {form for unit in UNITS - _GE_UNITS for form in (unit, unit.translate(_WIDE))}
_UNIT_ALTERNATIVES = "|".join(re.escape(unit) for unit in sorted(_UNIT_FORMS, key=len, reverse=True))

_POST_MARKERS = r"以上|以下|以内|左右|上下|多(?![么少])|余|出头"
# Markers a quantity carries once (`８０多个`): a second one after the unit begins the next word (`多用途`).
_ONCE_MARKERS = ("多", "余")
_PREFIXES = ("超过", "突破", "不足", "不到", "未满", "不满", "将近", "接近", "大约", "约", "近", "逾", "超", "上", "过")
# `零下` is a sign (`零下5摄氏度` is -5), not a marker.
_SIGN = "零下"
# Every expression starts with one of these characters; the lookahead lets the engine skip ahead fast.
_FIRST = "".join(sorted({word[0] for word in (*_PREFIXES, _SIGN)})) + f"{DIGITS}{CHINESE_DIGITS}{MAGNITUDE_CHARS}"

QUANTITY = re.compile(
    rf"""
    (?=[{_FIRST}])
    (?:(?P<pre>{"|".join(_PREFIXES)}){_SPACE})?
    (?P<sign>{_SIGN})?
    (?:
        (?P<half>一半)
      | (?:(?P<whole>{_NUMERAL})又)?(?P<den>{_NUMERAL})分之(?P<numer>{_NUMERAL})
      | (?<![{DIGITS}/／.．])(?P<numer2>[{DIGITS}]+)[/／](?P<den2>[{DIGITS}]+)(?![{DIGITS}/／])
      | (?P<num>{_NUMERAL})(?P<few>(?<=[十百千])几)?
        (?:(?:{_SPACE}(?P<unit1>{_UNIT_ALTERNATIVES}))?{_SPACE}(?P<sep>—{{1,2}}|–|-|~|～|至|到){_SPACE}(?P<num2>{_NUMERAL}))?
        (?:{_SPACE}(?P<mid>多|余|(?:来(?!来)|把(?!把))(?={_SPACE}(?:{_UNIT_ALTERNATIVES}))))?
        (?:{_SPACE}(?P<mag>{_MAGNITUDE}))?
        (?P<mid2>多|余)?
    )
    (?:{_SPACE}
        (?P<unit>个(?:(?P<mid3>多|余)|(?P<plus_half>半))?(?:百分点|{_GE_HEADS})|{_UNIT_ALTERNATIVES})
        (?:[/／](?P<per>{"|".join(PER_UNITS)}))?
    )?
    (?:{_SPACE}(?P<post>{_POST_MARKERS}))?
    """,
    re.VERBOSE,
)

# Compound measures climb down a ladder of units (`units.toml`, `[[ladders]]`): each printed form of a
# rung gives the ladders and rungs it stands on.
_RUNGS: dict[str, list[tuple[Ladder, int]]] = {}
for _ladder in _UNITS.ladders:
    for _index, _rung in enumerate(_ladder.rungs):
        for _form in _rung.units:
            _RUNGS.setdefault(_form, []).append((_ladder, _index))
# A lower rung: an Arabic numeral and a unit of some ladder (`２０分`). Written-out numerals do not
# compound: `一分一秒` is an idiom, and no compound in words was seen in the corpus.
_RUNG_ALTERNATIVES = "|".join(re.escape(form) for form in sorted(_RUNGS, key=len, reverse=True))
_LOWER_RUNG = re.compile(rf"{_SPACE}(?P<num>{_ARABIC})(?P<unit>{_RUNG_ALTERNATIVES})")
# The unprinted rung below `秒` or `米`: bare Arabic digits right after the unit (`１０秒０５`).
_DECIMAL_DIGITS = re.compile(rf"[{DIGITS}]+")
_POST_MARKER = re.compile(rf"{_SPACE}(?P<post>{_POST_MARKERS})")
# What keeps a quantity from opening a compound: a range, a magnitude, a marker inside or after it, a sign.
_NOT_PLAIN = ("num2", "few", "mid", "mag", "mid2", "mid3", "plus_half", "per", "post", "sign")

_FULL_WIDTH = str.maketrans(FULL_WIDTH_DIGITS + "．·", "0123456789..")
# Two written-out digits, the second the larger, are a range (`六七个` 6 to 7, `三五年` 3 to 5, `两三个`),
# also after tens and before a magnitude (`十七八岁` 17 to 18, `一二百元` 100 to 200, `二三十万`); cn2an
# would read `六七` as 67. Two digits in any other order are no number (`九五`, a name or a short year).
_DIGIT_VALUES = {**{char: COUNTING_VALUES[char] for char in COUNTING_NUMERALS[:9]}, "两": 2}
_DIGIT = f"[{''.join(_DIGIT_VALUES)}]"
_DIGIT_PAIR = re.compile(
    rf"(?P<tens>(?:{_DIGIT}?十)?)(?P<low>{_DIGIT})(?P<high>{_DIGIT})(?P<scale>[{MAGNITUDE_CHARS}]*)"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity expression: `start`/`end` cover it in the scanned text, markers included.

    `number_start`/`number_end` cover the numeral alone (without approximation words), so a
    caller can look at what stands right before or after the number itself; for a compound
    measure (`２分３０秒１２`) they cover all its numbers and units, and `ladder` names the ladder of
    units it climbed (`time`, `length` …: `units.toml`), None for a quantity of one unit.
    """

    start: int
    end: int
    value: int | float
    value_max: int | float | None
    unit: str
    approx: str | None
    form: Form
    scaled: bool
    number_start: int
    number_end: int
    ladder: str | None = None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity expression in `text`, left to right, not overlapping.

    A Chinese numeral with neither unit, magnitude nor marker is a word in running text
    (`一体化`, `十九大`, `五五战略`), not a quantity, and is not reported.
    """
    found = []
    position = 0
    while (match := QUANTITY.search(text, position)) is not None:
        position = match.end()
        if _bare_chinese(match):
            continue
        quantity = _from_match(match)
        if quantity is None:
            continue
        compound = _compound(match, quantity)
        if compound is not None:
            quantity, position = compound, compound.end
        found.append(quantity)
    return found


def _bare_chinese(match: re.Match[str]) -> bool:
    numeral = match.group("num")
    if numeral is None or numeral[0].isdigit() or "万" in numeral or "亿" in numeral:
        return False
    return (
        match.group("unit") is None
        and match.group("pre") is None
        and match.group("mid") is None
        and (match.group("post") is None)
    )


def parse_quantity(expression: str) -> Quantity | None:
    """The quantity an expression states when the whole of it is one quantity, else None."""
    expression = expression.strip()
    match = QUANTITY.fullmatch(expression)
    if match:
        return _from_match(match)
    match = QUANTITY.match(expression)
    quantity = _from_match(match) if match else None
    compound = _compound(match, quantity) if match and quantity else None
    return compound if compound is not None and compound.end == len(expression) else None


def chinese_numeral_value(numeral: str) -> Decimal | None:
    """`三千二百万` → 32000000, `两` → 2, `百` → 100, `千亿` → 1e11; None if it is no numeral."""
    if all(char in MAGNITUDES for char in numeral):
        value = Decimal(1)
        for char in numeral:
            value *= MAGNITUDES[char]
        return value
    return _cn2an_value(numeral)


@lru_cache(maxsize=1)
def load_cn2an() -> ModuleType:
    """cn2an builds its patterns on import (~0.7 s): a stage loads it in `setup`, others never."""
    import cn2an

    return cn2an


@lru_cache(maxsize=4096)
def _cn2an_value(numeral: str) -> Decimal | None:
    try:
        return Decimal(str(load_cn2an().cn2an(numeral, "normal")))
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


def _arabic_value(numeral: str) -> Decimal:
    return Decimal(numeral.translate(_FULL_WIDTH).replace(",", ""))


def _numeral_value(numeral: str) -> tuple[Decimal, Form] | None:
    if numeral[0].isdigit():
        return _arabic_value(numeral), "arabic"
    value = chinese_numeral_value(numeral)
    if value is None:
        return None
    return value, "implicit" if numeral[0] in "百千万亿" else "chinese"


def _from_match(match: re.Match[str]) -> Quantity | None:
    groups = match.groupdict()
    number_group = next(name for name in ("half", "whole", "den", "numer2", "num") if groups[name] is not None)
    value_max: Decimal | None = None
    scale = Decimal(1)
    if groups["half"]:
        value, form = Decimal("0.5"), "fraction"
    elif groups["den"] or groups["den2"]:
        if groups["den2"] and groups["unit"] in COUNT_UNITS:
            return None  # `６９／７０次列车`: a slash before a count pairs two numbers that name one thing
        fraction = _fraction(groups)
        if fraction is None:
            return None
        value, form = fraction, "fraction"
    elif (pair := _DIGIT_PAIR.fullmatch(groups["num"] or "")) is not None and not groups["num2"]:
        span = _digit_range(pair)
        if span is None:
            return None
        (value, value_max), form = span, "chinese"
        if groups["mag"]:
            scale = chinese_numeral_value(groups["mag"]) or Decimal(1)
    else:
        parsed = _numeral_value(groups["num"])
        if parsed is None:
            return None
        value, form = parsed
        if groups["mag"]:
            scale = chinese_numeral_value(groups["mag"]) or Decimal(1)
        if groups["num2"]:
            upper = _numeral_value(groups["num2"])
            if upper is None or groups["unit1"] not in (None, groups["unit"]):
                return None  # no range: `5元至8个` names two things
            if groups["unit1"]:
                value /= scale  # `５０００头至１万头`: a lower end printed with its unit has no share in the magnitude
            if upper[0] <= value:
                return None
            value_max = upper[0]
    if groups["plus_half"]:
        value += Decimal("0.5")  # `两个半小时` is 2.5 hours
    if groups["sign"]:
        value, value_max = -value, None
    unit = _unit(groups)
    if groups["den"] in ("百", "千"):
        value, unit = value * (100 if groups["den"] == "百" else 1000), "%" if groups["den"] == "百" else "‰"
    start, end = match.span()
    if groups["post"] in _ONCE_MARKERS and any(groups[name] in _ONCE_MARKERS for name in ("mid", "mid2", "mid3")):
        end = match.start("post")  # `８０多个多用途…`: one `多` per quantity; the second opens the next word
    number_start = match.start(number_group)
    number_end = match.end(
        {"half": "half", "whole": "numer", "den": "numer", "numer2": "den2", "num": _numeral_end(groups)}[number_group]
    )
    approx = _approx(groups)
    if groups["pre"] and not _prefix_is_marker(groups["pre"], form, match):
        start, approx = number_start, _approx({**groups, "pre": None})
    return Quantity(
        start=start,
        end=end,
        value=_plain(value * scale),
        value_max=None if value_max is None else _plain(value_max * scale),
        unit=unit,
        approx=approx,
        form=form,
        scaled=groups["mag"] is not None or (form != "arabic" and any(c in "万亿" for c in groups["num"] or "")),
        number_start=number_start,
        number_end=number_end,
    )


def _compound(match: re.Match[str], quantity: Quantity) -> Quantity | None:
    """The compound measure `quantity` opens (`３小时２０分`, `２分３０秒１２`, `１米９８`), else None.

    The quantity must be a plain whole Arabic number with a unit of some ladder; each number after it
    takes a lower rung of that ladder and is less than one of the rung above, and bare digits after
    a rung with `decimals` are its decimal fraction. The value is in the smallest unit printed.
    """
    unit = match.group("unit")
    if unit is None or any(match.group(name) for name in _NOT_PLAIN) or quantity.form != "arabic":
        return None
    for ladder, rung in _RUNGS.get(unit, ()):
        climbed = _climb(match.string, match.end(), ladder, rung, Decimal(quantity.value), unit)
        if climbed is None:
            continue
        value, smallest, number_end, end = climbed
        post = _POST_MARKER.match(match.string, end)
        approx = quantity.approx
        if post:
            end, approx = post.end(), approx or APPROX_WORDS[post.group("post")]
        return Quantity(
            start=quantity.start,
            end=end,
            value=_plain(value),
            value_max=None,
            unit=smallest,
            approx=approx,
            form="compound",
            scaled=False,
            number_start=quantity.number_start,
            number_end=number_end,
            ladder=ladder.name,
        )
    return None


def _climb(
    text: str, position: int, ladder: Ladder, rung: int, value: Decimal, unit: str
) -> tuple[Decimal, str, int, int] | None:
    """Down `ladder` from `rung` (printed `unit`) at `position`: the value in the smallest unit printed,
    that unit, where its numeral ends and where it ends; None when no lower rung follows."""
    end = position
    while value == value.to_integral_value() and (step := _LOWER_RUNG.match(text, end)) is not None:
        lower = ladder.rung_of(step.group("unit"))
        if lower is None or lower <= rung:
            break
        number, factor = _arabic_value(step.group("num")), ladder.factor(rung, lower)
        if number >= factor:
            break  # `３小时９０分` is no compound
        value, rung, unit, end = value * factor + number, lower, step.group("unit"), step.end()
    number_end = end
    decimals = _DECIMAL_DIGITS.match(text, end)
    whole = value == value.to_integral_value()
    if whole and decimals and len(decimals.group()) <= ladder.rungs[rung].decimals and _bare_digits(decimals):
        value += Decimal("0." + decimals.group().translate(_FULL_WIDTH))
        number_end = end = decimals.end()
    return None if end == position else (value, unit.translate(_HALF_WIDTH), number_end, end)


def _bare_digits(digits: re.Match[str]) -> bool:
    """Digits that are no quantity of their own: no unit, magnitude, marker or decimal point after them
    (`１０秒０５的成绩`, not `１米９８公斤`)."""
    match = QUANTITY.match(digits.string, digits.start())
    return match is not None and match.group("num") == digits.group() and match.end() == digits.end()


def _digit_range(pair: re.Match[str]) -> tuple[Decimal, Decimal] | None:
    """`三五` → 3 to 5, `十七八` → 17 to 18, `一二百` → 100 to 200; None when the digits do not rise (`九五`)."""
    low, high = _DIGIT_VALUES[pair.group("low")], _DIGIT_VALUES[pair.group("high")]
    if low >= high:
        return None
    tens = pair.group("tens")
    base = Decimal(0) if not tens else Decimal(10 * (_DIGIT_VALUES.get(tens[0], 1)))
    scale = chinese_numeral_value(pair.group("scale")) if pair.group("scale") else Decimal(1)
    return (base + low) * scale, (base + high) * scale


def _fraction(groups: dict[str, str | None]) -> Decimal | None:
    """`三分之一`, `一又二分之一` (1.5) and `3/4`: the denominator is written first in words, last with a slash."""
    numerator, denominator = (groups["numer"], groups["den"]) if groups["den"] else (groups["numer2"], groups["den2"])
    parts = _numeral_value(denominator or ""), _numeral_value(numerator or "")
    if parts[0] is None or parts[1] is None or parts[0][0] == 0:
        return None
    whole = _numeral_value(groups["whole"]) if groups["whole"] else (Decimal(0), "chinese")
    return None if whole is None else whole[0] + parts[1][0] / parts[0][0]


def _numeral_end(groups: dict[str, str | None]) -> str:
    if groups["num2"]:
        return "num2"
    return "few" if groups["few"] else "num"


def _prefix_is_marker(prefix: str, form: Form, match: re.Match[str]) -> bool:
    """`上`, `过` mark only a bare magnitude (`上万人`, `过百岁`); `近` in `最近`, `附近` is no marker of its own."""
    if prefix in ("上", "过"):
        return form == "implicit"
    if prefix == "近":
        return match.start() == 0 or match.string[match.start() - 1] not in "最附临靠邻"
    return True


def _unit(groups: dict[str, str | None]) -> str:
    unit = groups["unit"] or ""
    if groups["mid3"] or groups["plus_half"]:
        unit = unit.replace(groups["mid3"] or "半", "", 1)
    unit = unit.translate(_HALF_WIDTH)
    return f"{unit}/{groups['per']}" if groups["per"] else unit


def _approx(groups: dict[str, str | None]) -> str | None:
    for name in ("pre", "few", "mid", "mid2", "mid3", "post"):
        if groups[name]:
            return APPROX_WORDS[groups[name]]
    return None


def _plain(value: Decimal) -> int | float:
    """An integral value as int (`1.2万亿` → 1200000000000), else the nearest float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
