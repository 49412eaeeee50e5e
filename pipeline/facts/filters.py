"""Which quantities are facts: not dates, ordinals, list numbers, names, slogans or determiners."""

from __future__ import annotations

import re
import string

from pipeline.facts.attach import Clauses
from pipeline.facts.roles import LEX, Role, token_role
from pipeline.numbers import Quantity, units
from pipeline.typography import (
    CHINESE_DIGITS,
    COUNTING_NUMERALS,
    DIGITS,
    ELLIPSIS,
    FULL_STOPS,
    FULL_TO_HALF_OFFSET,
    MAGNITUDE_CHARS,
    NUMERAL_CHARS,
)

UNITS = units()
LATIN = frozenset(string.ascii_letters) | {chr(ord(char) + FULL_TO_HALF_OFFSET) for char in string.ascii_letters}
WEEKDAYS = frozenset("一二三四五六日天")
_SPEECH_END = FULL_STOPS + ELLIPSIS
_NUMERAL = f"[{re.escape(NUMERAL_CHARS)}]+"
_ORDINAL_REACH = 30
_ORDINAL_LIST = re.compile(f"第{_NUMERAL}(?:、{_NUMERAL})*、$")


def is_fact(
    text: str, quantity: Quantity, words: Clauses, before: Quantity | None = None, after: Quantity | None = None
) -> bool:
    """False for dates, ordinals, list numbers, names, slogans, articles (`一所学校`) and tiers.

    `before` and `after` are the quantities printed next to this one, if any: two quantities back
    to back make one phrase (`５００卢布５种纸币`, `１．１０元０．５公斤`).
    """
    if _names_a_kind(quantity, after) or _is_price_basis(before, quantity):
        return False
    return _is_figure(text, quantity, words)


def _names_a_kind(quantity: Quantity, after: Quantity | None) -> bool:
    """`５、１０…和５００卢布５种纸币`: a measure right before a count of kinds names a kind (a denomination)."""
    return (
        after is not None
        and after.start == quantity.end
        and quantity.unit in UNITS.measure
        and after.unit in LEX.kind_units
    )


def _is_price_basis(before: Quantity | None, quantity: Quantity) -> bool:
    """`１．１０元０．５公斤`: a measure right after an amount of money is what the price is quoted per."""
    return (
        before is not None
        and before.end == quantity.start
        and before.unit in UNITS.money
        and quantity.unit in UNITS.measure
        and quantity.unit not in UNITS.money
    )


def _is_figure(text: str, quantity: Quantity, words: Clauses) -> bool:
    """The checks of docs/facts.md, "What is not a fact", on one quantity."""
    unit = quantity.unit
    number = text[quantity.number_start : quantity.number_end]
    before = text[max(0, quantity.number_start - 2) : quantity.number_start]
    after = text[quantity.end : quantity.end + 2]
    marked = quantity.form == "arabic" and quantity.approx is not None
    if not unit and not quantity.scaled and quantity.form != "fraction" and not marked:
        return False  # bare: a list number (`1、`, `2.1.1`), a year as a name (`2030技改项目`), `307线`, a phone
    if before.endswith("第") or _ordinal_list(text, quantity.number_start):
        return False
    if _is_calendar(quantity, text, words) or _is_time_point(quantity, text, words):
        return False
    if quantity.form in ("chinese", "implicit") and text[: quantity.start].endswith(LEX.vague_before):
        return False  # `数十载`, `几十年`, `数亿元`, `成千上万`: a vague count
    if text.startswith(LEX.formulas, quantity.number_start):
        return False  # `两个文明建设`, `和平共处五项原则`: a political formula is a name
    if quantity.form == "chinese" and "\n" in text[quantity.start : quantity.end]:
        return False  # `缺斤又短两\n本报记者`: a written-out numeral does not run on into the next line
    if _names_a_term(quantity, text, words):
        return False  # `九届全国人大`, `省委七届五次全会`: the number of a session
    if words.inside_name(quantity):
        return False  # `三明市支行`, `联合四会移动公司`: the entity stage found a name around the numeral
    if words.in_note(quantity.start) or _is_basis(quantity, text, words):
        return False  # `（附图片１张）`; `每发行７·８港元`, `１美元兑８·２８元`: the basis of a rate
    if _touches_latin_or_numeral(text, quantity) or _inside_name(text, quantity.start, words):
        return False
    if _names_an_event(quantity, text) or _is_selection(quantity, words):
        return False  # `女子５００米`, `３０００米接力`; `最后两场比赛`, `头两盘`
    if quantity.form == "implicit":
        return _implicit_counts(quantity, number)
    if quantity.form == "chinese" and not quantity.scaled:
        if unit == "分" or words.inside_word(quantity.number_start):
            return False  # `十分` is "very"; `中央八项规定`: a numeral inside a word belongs to a name
        if words.in_count_list(quantity):
            return True  # `两袋面、一桶油`, `一碗、二碗`: a count among counts
        if quantity.approx is not None or quantity.value_max is not None:
            return True  # `二十多位学者`, `五六级`: a determiner is never approximate nor a range
        if words.is_word(quantity):
            return False  # `一度`, `一起`: a word of its own that a numeral begins
        if unit in LEX.tier_units and words.noun_follows(quantity.end):
            return False  # `二级路`, `三级医院`: a tier names a kind
        if unit in UNITS.count and quantity.value != 1:
            return True  # `两名代表`, `三个县`, `两次大会`: a count is a figure, also one restating a list
        if unit in UNITS.measure and (quantity.value != 1 or words.after_verb(quantity.start)):
            return True  # `两公里`, `增长了一倍`: a measure states an amount; `最后一公里` is a phrase
        if quantity.value == 1 and quantity.approx is None:
            return unit in UNITS.time and not before.endswith(LEX.determiners_before_one)
        names = words.noun_follows(quantity.end) and not text.startswith(LEX.within_after, quantity.end)
        if unit in UNITS.time and names and not after.startswith("的"):
            return False  # `十年树木`, `三年行动计划`
    return True


def _ordinal_list(text: str, number_start: int) -> bool:
    """`第四、五、六届`: the ordinal 第 governs every number of the list it opens."""
    return _ORDINAL_LIST.search(text[max(0, number_start - _ORDINAL_REACH) : number_start]) is not None


def _is_calendar(quantity: Quantity, text: str, words: Clauses) -> bool:
    """A year (`2019年`, `二〇二〇年`), a decade or century (`90年代`), a day of the month, a time of
    day (`15点20分`, `下午3点`), a weekday, or the tail of a dotted date (`2024.3.5`).

    A number of days after a verb is a length (`拘留15日`); `日` elsewhere closes a date.
    """
    unit, value = quantity.unit, quantity.value
    number_before = text[max(0, quantity.number_start - 2) : quantity.number_start]
    if len(number_before) == 2 and number_before[1] in ".．" and number_before[0] in DIGITS + CHINESE_DIGITS:
        return True  # `2024.3.5`: the last part of a dotted date or section number
    if unit == "年" and not quantity.scaled and isinstance(value, int) and 1000 <= value <= 2999:
        return True
    if unit in UNITS.time and text.startswith(LEX.grade_after, quantity.end):
        return True  # `小学三年级`: a school grade
    if unit in LEX.calendar_units or (unit == "星期" and text[quantity.end : quantity.end + 1] in WEEKDAYS):
        return True
    if unit == "日":
        word_before = words.token_ending_at(quantity.start)
        return word_before is None or token_role(word_before) != Role.VERB
    if unit == "点":
        return text.startswith(LEX.clock_after, quantity.end) or text[: quantity.start].endswith(LEX.clock_before)
    if unit == "分" or quantity.ladder is not None:
        return (  # `15点20分`, `18时30分15秒`: minutes after an hour of the clock
            text[quantity.start - 1 : quantity.start] in ("点", "时")
            and text[quantity.start - 2 : quantity.start - 1] in DIGITS + CHINESE_DIGITS
        )
    return False


def _is_basis(quantity: Quantity, text: str, words: Clauses) -> bool:
    """The basis of a rate or an exchange (`每发行７·８港元`, `１美元兑８·２８元`) is no figure of its own.

    An exchange is quoted for one unit of a currency, printed before or after the word of exchange
    (`１美元兑８·２８元`, `４５比索兑１美元`): the side that is one unit is the basis, the other the rate.
    """
    each = text[quantity.start - 1 : quantity.start] in LEX.basis_before or (
        words.after_verb(quantity.start, particles=False)
        and text[: words.token_start_before(quantity.start)].endswith(LEX.basis_before)
    )
    exchanged = text.startswith(LEX.basis_after, quantity.end) or text[: quantity.start].endswith(LEX.basis_after)
    return each or (exchanged and quantity.value == 1)


def _is_time_point(quantity: Quantity, text: str, words: Clauses) -> bool:
    """`十多年前`, `三天后`: a point in time; `五年来`, `成立两年来`: a time frame;
    `前两个月`, `头三年`: a period of the calendar, but not when 前 ends a word (`提前一个多月`)."""
    if quantity.unit not in UNITS.time and quantity.ladder != "time":
        return False  # `３小时２０分后` climbed the ladder of time: its `分` are minutes
    word_before = words.token_ending_at(quantity.start)
    if text.startswith(LEX.relative_after, quantity.end) or text[: quantity.start].endswith(LEX.demonstratives):
        return True  # `十多年前`, `这两三年的美术创作`
    if words.in_time_word(quantity) and not words.after_verb(quantity.start):
        return True  # `最近４年，`, `俄近两年通胀率下降`, `四周刚才`: a period the segmenter read as a time word
    if text[quantity.start : quantity.number_start] in LEX.recent_before and words.opens_clause(quantity.start):
        return True  # `近两个月他南征北战`: a recent period that frames the clause
    return text[quantity.start - 1 : quantity.start] in LEX.calendar_before and (
        word_before is None or len(word_before.text) == 1
    )


def _names_a_term(quantity: Quantity, text: str, words: Clauses) -> bool:
    """`九届全国人大`, `省委七届五次全会`: a written-out count of terms right before a name or another
    numeral, or a count right after such a term, numbers a session; `举办过十届` counts them."""
    if quantity.form != "chinese":
        return False
    if quantity.unit in LEX.term_units and words.name_starts_at(quantity.end):
        return True
    term = text[max(0, quantity.number_start - 2) : quantity.number_start]
    return len(term) == 2 and term[1] in LEX.term_units and term[0] in CHINESE_DIGITS + MAGNITUDE_CHARS


def _names_an_event(quantity: Quantity, text: str) -> bool:
    """A distance after `男子`/`女子` or before `接力`, `自由泳` … names a sports event."""
    if quantity.unit not in LEX.event_units:
        return False
    return text[: quantity.start].endswith(LEX.event_before) or text.startswith(LEX.event_after, quantity.end)


def _is_selection(quantity: Quantity, words: Clauses) -> bool:
    """`最后两场比赛`, `头两盘`: a count after these words picks items by their order, like an ordinal;
    `包揽了前三名`: a count after 前 with no noun after it is a rank."""
    word_before = words.token_ending_at(quantity.start)
    if word_before is None or quantity.unit not in UNITS.count:
        return False
    ranked = word_before.text in LEX.rank_before and not words.noun_follows(quantity.end)
    return ranked or word_before.text in LEX.selection_before


def _touches_latin_or_numeral(text: str, quantity: Quantity) -> bool:
    """`5G`, `G20`, `十九届二中全会`: a number run into letters or another numeral is a name."""
    before = text[quantity.number_start - 1] if quantity.number_start else ""
    after = text[quantity.end] if quantity.end < len(text) else ""
    if before in LATIN or after in LATIN:
        return True
    return quantity.form == "chinese" and after in COUNTING_NUMERALS


def _inside_name(text: str, position: int, words: Clauses) -> bool:
    """Inside 《…》, or inside a quoted name or slogan (`“十五五”`) rather than quoted speech."""
    span = words.quote_around(position)
    if span is None:
        return False
    start, end = span
    if text[start] == "《":
        return True
    inner_end = text[end - 2] if end - start > 2 else ""
    opened_speech = text[start - 1 : start] in ("：", ":") or text[max(0, start - 2) : start].endswith("说")
    return not (opened_speech or inner_end in _SPEECH_END)


def _implicit_counts(quantity: Quantity, number: str) -> bool:
    """A bare magnitude (`上百人`, `百余个`, `千亿元`, `万只`) counts when marked or large enough.

    Without a marker, `百`/`千` alone are idiom (`百年名校`, `千家万户`) and `万` before money,
    people or households is a set phrase (`万元GDP能耗`); `亿` is never idiom, nor is a compound
    magnitude with a measure (`千万元`).
    """
    if quantity.approx is not None:
        return True
    if "亿" in number:
        return bool(quantity.unit) and quantity.unit not in UNITS.time
    if len(number) > 1 and quantity.unit in UNITS.measure:
        return True  # `筹集慰问金千万元`: a compound magnitude with a measure is an amount
    return number == "万" and bool(quantity.unit) and quantity.unit not in LEX.set_phrase_units | UNITS.time
