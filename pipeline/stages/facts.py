"""Numeric facts: which quantities in an article state a figure, and what they count.

`pipeline.numbers` finds every quantity expression and its value. This stage drops those that
are no facts (calendar dates, ordinals, list numbers, numbers inside names and slogans, Chinese
numerals used as determiners) and reads subject and predicate off the words around the number.
Words and part-of-speech tags come from `article.tokens` (left by the LAC entity pass) or, when
no earlier stage segmented the article, from jieba.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from pipeline.numbers import (
    CHINESE_DIGITS,
    COUNT_UNITS,
    TIME_UNITS,
    VERBAL_UNITS,
    Quantity,
    find_quantities,
    load_cn2an,
)
from pipeline.registry import Stage, StageContext, register_stage
from pipeline.types import Article, Document, Fact, Token

# Coarse word classes over both tag sets (LAC: n, nz, vn, LOC, TIME …; jieba: n, ns, nr, vn, t, x …).
_NOUN_TAGS = frozenset({"n", "nz", "nw", "an", "s", "j", "nl", "ng", "b", "eng", "l", "i", "a", "ag", "z"})
_ENTITY_TAGS = frozenset({"LOC", "ORG", "ns", "nt", "nsf"})
_PERSON_TAGS = frozenset({"PER", "nr", "nrt", "nrfg"})
_VERB_TAGS = frozenset({"v", "vi", "vl", "vf", "vx", "vg", "vyou", "vshi"})
_SKIPPED_TAGS = frozenset({"d", "ad", "vd", "u", "uj", "ul", "uz", "ug", "TIME", "t", "r", "c", "m", "q", "mq"})
_COMPARISON_WORDS = frozenset({"同比", "环比"})
# Verbs that link rather than state (`系数为3.5倍`, `是…的3倍`): never the predicate.
_LINKING_VERBS = frozenset(
    {"为", "是", "有", "就是", "也是", "都是", "更是", "则是", "已有", "只有", "还有", "成为", "作为"}
)
# Modal and control verbs before the real one (`可容纳`, `计划打造`, `确保60%以上用于`).
_AUXILIARY_VERBS = frozenset(
    {"预计", "计划", "加快", "只", "仅", "估算", "开始", "继续", "持续", "力争", "争取", "拟", "确保", "保证", "已",
     "已经", "正在"}
)  # fmt: skip
# Modal verbs, alone or after a one-character adverb (`能`, `可以`, `有望`, `就能`, `才能`, `即可`): never the verb.
_MODAL = re.compile(r"[就才也都还便即又再已均仍]?(?:能够?|可以?|会|要|将要?|需要?|应该?|有望|得以)")
# The same glued to the verb by the segmenter (`可容纳`, `只用`, `再用`, `有望达到`): the verb is the rest.
_MODAL_PREFIX = re.compile(r"(?:[就才也都还便即又再已均仍]?(?:能够?|可以?|将|有望)|[可能将已只仅再])(?=.)")
# `进行了免费“两癌”筛查`: the verbal noun after a light verb is what was done.
_LIGHT_VERBS = frozenset({"进行", "予以", "给予", "加以"})
_QUANTIFIER_WORDS = frozenset(
    {"全部", "全体", "所有", "各", "共计", "合计", "总计", "分别", "其中", "均", "都", "整整"}
)
_SUM_WORDS = frozenset({"共计", "合计", "总计"})
# `全区`, `全市`: the whole of a scope, a quantifier rather than part of what is counted.
_SCOPE = re.compile(r"(?:全|各|本|该|我|此)[国省市县区镇乡村州]|当地|本地")
# Administrative units: a pronoun or 全/各 before one is a scope (`我国`, split by the segmenter as `我`/`国`).
_SCOPE_HEADS = "国省市县区镇乡村州"
_SCOPE_PRONOUNS = frozenset({"我", "本", "该", "全", "各", "此"})
# A word of three or more characters ending in one of these names a place (`开发区`, `交城县`, `自治州`),
# whatever tag the segmenter gave it.
_PLACE_SUFFIXES = "省市县区州"
_COMPLEMENTS = frozenset({"到", "至"})
# One-character verbs that complete the verb before them (`攒下`, `建起`, `建成`, `卖出`).
_RESULT_COMPLEMENTS = frozenset("下上出进回起成完好满住掉")
# Verbs whose complement is the figure itself (`达到20万吨`, `增长12%`).
_FIGURE_VERBS = frozenset(
    {"达", "达到", "超过", "超", "突破", "增长", "增加", "增", "减少", "下降", "降低", "提高", "提升", "上升", "缩短",
     "扩大", "占", "占到", "累计", "翻"}
)  # fmt: skip
# Verbs that make their object do the next verb (`带动当地农村消费增长`, `让近两成的…升级为`).
_PIVOT_VERBS = frozenset(
    {"让", "使", "令", "叫", "带动", "帮助", "推动", "促进", "促使", "拉动", "吸引", "引导", "鼓励"}
)  # fmt: skip
_CAUSATIVE_VERBS = frozenset({"让", "使", "令", "叫"})
# A one-character adjective with 于 compares (`高于`, `低于`, `快于`): its object is the standard.
_COMPARATIVE = re.compile(r"[高低多少快慢大小优强]于")
# Prepositions whose phrase stands between the topic and its verb (`增速比城镇高`, `在全县推行`).
_FRAMING_PREPOSITIONS = frozenset({"比", "较", "在", "从", "与", "同", "跟", "对", "向", "给", "于"})
_JOINERS = frozenset({"、", "和", "与", "及"})
_ET_CETERA = frozenset({"等", "等等"})
# One-character nouns that only end words (`上线率`, `保护价`); the segmenter often splits them off.
_BOUND_HEADS = frozenset("率价量额值费")
_ATTRIBUTE_HEADS = ("率", "量", "额", "值", "比", "数", "费", "强度", "密度", "里程", "面积", "收入", "规模", "比重")
_OF_UNITS = frozenset({"%", "", "倍", "成"})
_SKIPPED_KINDS = ("skip", "manner", "comparison", "link")
_NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９" + CHINESE_DIGITS + "十百千万亿")
# Words a following verb may describe inside a noun phrase (`群众办事`, `平均用时`); not names and scopes,
# which are the clause's own subject (`交城县新建`, `全县新增`).
_DESCRIBED_KINDS = ("noun", "adjective", "verbal")
# Approximation markers that are verbs (`亩产超过4000斤`): the word before them is no verb of the figure.
_VERB_MARKERS = ("超过", "突破", "不足", "不到", "逾", "超", "接近", "将近")
# Nouns of a span of time, which a duration may take from the clause before (`办结时限由原来的7个工作日…`).
_DURATION_HEADS = ("时间", "时限", "期限", "时长", "用时", "历程", "工期", "年限")
_SHORT_QUOTE = 20

_CLAUSE_BREAK = re.compile(r"[，。；！？：,;!?:\n]")
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]")
_BRACKETED = re.compile(r"（[^（）\n]*）|\([^()\n]*\)")
_QUOTED = re.compile(r"“[^“”\n]*”|‘[^‘’\n]*’|「[^「」\n]*」|《[^《》\n]*》")
_SPEECH_END = "。！？…!?"

_DETERMINER_BEFORE_ONE = ("这", "那", "每", "再", "又", "同", "某", "哪", "任", "唯", "过去", "今后", "未来", "最近")
_RELATIVE_TIME_AFTER = ("前", "后", "以前", "以后", "之前", "之后")
# `万元GDP能耗`, `万人大会`, `万家灯火`: a bare 万 before these counts nothing.
_SET_PHRASE_UNITS = frozenset({"元", "人", "户", "家", "年", "次", "个", "分"})


@dataclass(frozen=True)
class FactsOptions:
    """`jieba_fallback`: segment with jieba when no earlier stage left tokens (else no subjects)."""

    jieba_fallback: bool = True


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    end: int
    kind: str  # see _kind; "figure" stands for the previous fact in the clause


@register_stage("facts")
class Facts(Stage):
    Options = FactsOptions

    def setup(self, context: StageContext) -> None:
        load_cn2an()
        self._jieba: Any = None

    def process(self, doc: Document) -> None:
        for article in doc.ensure_articles():
            article.facts = self.article_facts(article)

    def article_facts(self, article: Article) -> list[Fact]:
        text = article.text
        quantities = find_quantities(text)
        if not quantities:
            return []
        words = _Words(text, self._tokens(article))
        facts: list[Fact] = []
        previous: Fact | None = None
        previous_governs = False
        distributed: dict[int, str] = {}
        for index, quantity in enumerate(quantities):
            if not is_fact(text, quantity, words):
                continue
            fact = Fact(
                text=text[quantity.start : quantity.end],
                start=quantity.start,
                end=quantity.end,
                value=quantity.value,
                unit=quantity.unit,
                value_max=quantity.value_max,
                approx=quantity.approx,
            )
            attribution = words.attribute(quantity, previous, previous_governs)
            fact.subject, fact.predicate = distributed.pop(quantity.start, attribution.subject), attribution.predicate
            listed = _listed_after(text, quantities, index)
            if attribution.items and len(attribution.items) == len(listed) + 1:
                # `集成电路、汽车、船舶出口分别增长20.5%、12.3%、18.9%`: one value per listed subject
                fact.subject = attribution.items[0]
                distributed = dict(zip(listed, attribution.items[1:], strict=True))
            facts.append(fact)
            previous, previous_governs = fact, attribution.governs
        return facts

    def _tokens(self, article: Article) -> list[Token]:
        if article.tokens or not self.options.jieba_fallback:
            return article.tokens
        if self._jieba is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(60)
            self._jieba = jieba.posseg
        return jieba_tokens(self._jieba, article.text)


def _listed_after(text: str, quantities: list[Quantity], index: int) -> list[int]:
    """Starts of the quantities listed after quantities[index] (`20.5%、12.3%、18.9%`)."""
    starts = []
    end = quantities[index].end
    for quantity in quantities[index + 1 :]:
        if text[end : quantity.start] not in _JOINERS:
            break
        starts.append(quantity.start)
        end = quantity.end
    return starts


def jieba_tokens(posseg: Any, text: str) -> list[Token]:
    """jieba's words and tags as shared tokens, offsets into `text`."""
    tokens = []
    position = 0
    for pair in posseg.cut(text):
        tokens.append(Token(pair.word, position, position + len(pair.word), pair.flag))
        position += len(pair.word)
    return tokens


def is_fact(text: str, quantity: Quantity, words: _Words) -> bool:
    """False for dates, ordinals, list numbers, names, slogans and determiners (`两所学校`)."""
    unit = quantity.unit
    number = text[quantity.number_start : quantity.number_end]
    before = text[max(0, quantity.number_start - 2) : quantity.number_start]
    after = text[quantity.end : quantity.end + 2]
    marked = quantity.form == "arabic" and quantity.approx is not None
    if not unit and not quantity.scaled and quantity.form != "fraction" and not marked:
        return False  # bare: a list number (`1、`, `2.1.1`), a year as a name (`2030技改项目`), `307线`, a phone
    if before.endswith("第") or _is_calendar_year(quantity) or _is_time_point(quantity, text, words):
        return False
    if _touches_latin_or_numeral(text, quantity) or _inside_name(text, quantity.start, words):
        return False
    if quantity.form == "implicit":
        return _implicit_counts(quantity, number)
    if quantity.form == "chinese" and not quantity.scaled:
        if unit == "分" or words.inside_word(quantity.number_start):
            return False  # `十分` is "very"; `中央八项规定`: a numeral inside a word belongs to a name
        if unit in COUNT_UNITS and unit not in VERBAL_UNITS and words.word_follows(quantity.end):
            return words.counts_out(quantity)
        if unit in VERBAL_UNITS and words.noun_follows(quantity.end):
            return False  # `两次大会`
        if quantity.value == 1 and quantity.approx is None:
            return unit in TIME_UNITS and not before.endswith(_DETERMINER_BEFORE_ONE)
        if unit in TIME_UNITS and words.noun_follows(quantity.end) and not after.startswith("的"):
            return False  # `十年树木`, `三年行动计划`
    return True


def _is_calendar_year(quantity: Quantity) -> bool:
    value = quantity.value
    return quantity.unit == "年" and not quantity.scaled and isinstance(value, int) and 1000 <= value <= 2999


def _is_time_point(quantity: Quantity, text: str, words: _Words) -> bool:
    """`十多年前`, `三天后`: a point in time; `前两个月`, `头三年`: a period of the calendar, but not
    when 前 ends a word (`提前一个多月`)."""
    if quantity.unit not in TIME_UNITS:
        return False
    if text.startswith(_RELATIVE_TIME_AFTER, quantity.end):
        return True
    word_before = words.token_ending_at(quantity.start)
    return text[quantity.start - 1 : quantity.start] in ("前", "头") and (
        word_before is None or len(word_before.text) == 1
    )


def _touches_latin_or_numeral(text: str, quantity: Quantity) -> bool:
    """`5G`, `G20`, `十九届二中全会`: a number run into letters or another numeral is a name."""
    before = text[quantity.number_start - 1] if quantity.number_start else ""
    after = text[quantity.end] if quantity.end < len(text) else ""
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return True
    return quantity.form == "chinese" and after in "一二三四五六七八九十"


def _inside_name(text: str, position: int, words: _Words) -> bool:
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
    people or households is a set phrase (`万元GDP能耗`); `亿` is never idiom.
    """
    if quantity.approx is not None:
        return True
    if "亿" in number:
        return bool(quantity.unit) and quantity.unit not in TIME_UNITS
    return number == "万" and bool(quantity.unit) and quantity.unit not in _SET_PHRASE_UNITS | TIME_UNITS


@dataclass(frozen=True, slots=True)
class _Attribution:
    """Subject and predicate of one fact; `governs`: its verb came before the counted noun."""

    subject: str | None
    predicate: str | None
    governs: bool
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Reading:
    """What stands before a quantity in its clause: `topic` verb `inner` quantity."""

    inner: list[_Word]
    predicate: str | None
    topic: list[_Word]
    through_of: bool = False
    from_to: bool = False
    share: bool = False


class _Words:
    """The article's words with coarse classes, and the rules that read subject and predicate."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.quotes = [m.span() for m in _QUOTED.finditer(text)]
        self.quote_starts = [start for start, _ in self.quotes]
        self.brackets = [m.span() for m in _BRACKETED.finditer(text)]
        length = len(text)
        self.tokens = [t for t in tokens if t.end <= length]
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        self.clause_breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        self.sentence_breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]

    def quote_around(self, position: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.quote_starts, position) - 1
        if index >= 0 and self.quotes[index][0] < position < self.quotes[index][1]:
            return self.quotes[index]
        return None

    def word_follows(self, position: int) -> bool:
        """A word (not punctuation or a particle) starts right at `position`."""
        word = self._word_at(position)
        return word is not None and word.kind not in ("other", "of", "skip")

    def token_ending_at(self, position: int) -> Token | None:
        index = bisect.bisect_left(self.ends, position)
        return self.tokens[index] if index < len(self.tokens) and self.ends[index] == position else None

    def _token_at(self, position: int) -> Token | None:
        """The token covering `position`."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.tokens[index] if index >= 0 and self.tokens[index].end > position else None

    def inside_word(self, position: int) -> bool:
        """`position` lies inside a word that is no number, time or name (`中央八项规定`)."""
        token = self._token_at(position)
        return token is not None and token.start < position and _token_kind(token) not in ("skip", "entity", "person")

    def counts_out(self, quantity: Quantity) -> bool:
        """A written-out count before its noun states a figure, or only points at things.

        It counts as the object of a completed action (`兑换了两袋面粉、三桶食用油`, `举办了…、三届…`)
        or after a place (`果洛三所州属高中`), unless it sums up the places listed before it
        (`临县、兴县、石楼三个县`). Elsewhere it is a determiner: `两所学校`, `重点推进三项工作：`,
        `两次大会`, `向两家基金会`.
        """
        if quantity.value == 1:
            return False  # `交出了一份答卷`: 一 with a classifier is an article
        clause_start, _ = self._span(self.clause_breaks, quantity.start, quantity.end)
        before = self._clause_words(clause_start, quantity.number_start)
        index = len(before)
        while index and (
            _nominal(before[index - 1]) or before[index - 1].text in _JOINERS or _numeral(before[index - 1])
        ):
            index -= 1
        if index > 1 and before[index - 1].text in ("了", "过") and before[index - 2].kind == "verb":
            return True
        place = self._token_at(quantity.number_start - 1)
        if place is None or _token_kind(place) != "entity":
            return False
        listed = 1
        index = bisect.bisect_left(self.starts, place.start)
        while index > 1 and self.tokens[index - 1].text == "、" and _token_kind(self.tokens[index - 2]) == "entity":
            listed, index = listed + 1, index - 2
        return listed != quantity.value

    def noun_follows(self, position: int) -> bool:
        word = self._word_at(position)
        return word is not None and _nominal(word)

    def _word_at(self, position: int) -> _Word | None:
        index = bisect.bisect_left(self.starts, position)
        if index == len(self.tokens) or self.starts[index] != position:
            return None
        return self._word(self.tokens[index])

    def _word(self, token: Token) -> _Word:
        """The token as a word; a short quoted term (`“大思政课”`) is one noun, whatever its inner tags."""
        index = bisect.bisect_right(self.quote_starts, token.start) - 1 if self.quotes else -1
        if index >= 0:
            q_start, q_end = self.quotes[index]
            if token.start < q_end and q_end - q_start <= _SHORT_QUOTE:
                return _Word(self.text[q_start:q_end], q_start, q_end, "noun")
        return _Word(token.text, token.start, token.end, _token_kind(token))

    def attribute(self, quantity: Quantity, previous: Fact | None, previous_governs: bool) -> _Attribution:
        """Subject and predicate from the clause around the quantity; docs/facts.md has the rules."""
        clause_start, clause_end = self._span(self.clause_breaks, quantity.start, quantity.end)
        sentence_start, _ = self._span(self.sentence_breaks, quantity.start, quantity.end)
        floor = max(clause_start, previous.end) if previous is not None else clause_start
        before = self._clause_words(floor, quantity.start)
        if previous is not None and floor == previous.end:
            before.insert(0, _Word(previous.text, previous.start, previous.end, "figure"))
        after = self._clause_words(quantity.end, clause_end)
        list_item = previous is not None and self._list_follows(previous.end, quantity.start)
        item = [w for w in before if w.text not in _JOINERS and w.kind not in ("other", "figure")]
        if list_item and item and item[0].kind not in ("verb", "verbal", "preposition"):
            # `新建村级养老服务站12个、社区日间照料中心4个`: an item that does not open with its own verb
            # shares the first item's, and all of it names the thing (`照料` is inside the noun)
            reading = _Reading(item, None, [])
        else:
            counted_after = bool(after) and _nominal(after[0])
            marked = self.text.startswith(_VERB_MARKERS, quantity.start) and not counted_after
            reading = _read_before(before, quantity.unit in COUNT_UNITS, marked)
        if quantity.unit in ("岁", "周岁"):
            person = next((w.text for w in after if w.kind == "person"), None)
            return _Attribution(person or self._phrase(reading.inner or reading.topic), None, False)

        inner_is_thing = _names_a_thing(reading.inner)
        of_allowed = not inner_is_thing or quantity.unit in _OF_UNITS or quantity.form == "fraction"
        following, following_verb = _following_phrase(after, of_allowed, quantity.unit in COUNT_UNITS)
        duration = quantity.unit in TIME_UNITS
        if duration:
            following = []
        subject = None
        if following and (not inner_is_thing or (of_allowed and following[0].text == "的") or _counted(quantity)):
            subject = self._phrase([w for w in following if w.text != "的"], drop_names=False)
        elif inner_is_thing:
            subject = self._phrase(reading.inner)
        elif reading.topic and not any(w.kind == "person" for w in reading.topic):
            subject = self._phrase(reading.topic)

        predicate = reading.predicate
        if following and reading.through_of and following[0].text != "的":
            predicate = None  # `适合发展…的85个贫困村全部安排了`: the verb before is a relative clause
        if predicate is None and previous is not None and previous.start >= clause_start:
            predicate = previous.predicate  # `引进2支专家管理团队、7名…教师和11名…教师`
        if predicate is None and not reading.from_to:
            predicate = following_verb or _verb_after(after, len(following))
        if predicate in _CAUSATIVE_VERBS and following:
            predicate = _verb_after(after, len(following)) or predicate  # `让近两成的乡镇商贸中心升级为…`
        same_sentence = previous is not None and previous.start >= sentence_start
        if same_sentence and previous is not None:
            verbless = not any(w.kind in ("verb", "link") for w in before + after)
            if predicate is None and previous_governs and verbless and self._next_clause(previous.end, clause_start):
                predicate = previous.predicate  # `共有幼儿园153所，义务教育学校73所`
            # `白酒产量15.44万千升，同比增长13.2%`, `培训护工5082名，就业2794名`, but not
            # `开展职业技能培训68期，培训3400余人次`: a new verb counting in a new unit counts something else
            alone = not any(_nominal(w) for w in before) and (
                predicate is None or _states_a_figure(predicate) or quantity.unit == previous.unit
            )
            carried = list_item or reading.share or alone
            if duration and not (previous.subject or "").endswith(_DURATION_HEADS):
                carried = False  # a length of time takes a subject only from one that names a span
            if subject is None and carried:
                subject = previous.subject  # `白酒产量15.44万千升，同比增长13.2%`
        governs = reading.predicate is not None and bool(reading.inner)
        return _Attribution(subject, predicate, governs, self._respective(before, reading.topic))

    def _respective(self, before: list[_Word], topic: list[_Word]) -> tuple[str, ...]:
        """The listed subjects that `分别` hands one value each (`集成电路、汽车、船舶出口分别增长`).

        A word after the last item that the others lack is shared by all (`出口`), not the item's.
        """
        if not any(w.text == "分别" for w in before):
            return ()
        items: list[list[_Word]] = [[]]
        for word in topic:
            if word.text in _JOINERS:
                items.append([])
            else:
                items[-1].append(word)
        if len(items) < 2 or not all(items):
            return ()
        last = items[-1]
        if len(last) > 1 and last[-1].kind in ("verbal", "verb") and all(len(item) == 1 for item in items[:-1]):
            items[-1] = last[:-1]
        phrases = [self._phrase(item, drop_names=False) for item in items]
        return tuple(phrase for phrase in phrases if phrase) if all(phrases) else ()

    def _phrase(self, words: list[_Word], drop_names: bool = True) -> str | None:
        """The noun phrase as printed, without leading place names or scope (`西藏公路通车里程`, `全区`,
        `四川、重庆、河南进出口`): they say where the figure holds, not what it counts."""
        while words and words[0].kind == "scope":
            words = words[1:]
        if drop_names:
            words = _without_places(words)
        if not words:
            return None
        return self.text[words[0].start : words[-1].end].strip("、和与及的") or None

    def _span(self, breaks: list[int], start: int, end: int) -> tuple[int, int]:
        index = bisect.bisect_left(breaks, start)
        clause_start = breaks[index - 1] + 1 if index else 0
        after = bisect.bisect_left(breaks, end)
        clause_end = breaks[after] if after < len(breaks) else len(self.text)
        return clause_start, clause_end

    def _clause_words(self, start: int, end: int) -> list[_Word]:
        """Words inside [start, end), cut at the edges, without bracketed asides."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        asides = [(b_start, b_end) for b_start, b_end in self.brackets if b_start < end and b_end > start]
        words: list[_Word] = []
        for token in self.tokens[first:last]:
            if asides and any(b_start <= token.start < b_end for b_start, b_end in asides):
                continue
            word = self._word(token)
            if words and words[-1].start == word.start:
                continue  # the rest of a quoted term
            if start <= word.start and word.end <= end:
                words.append(word)
                continue
            cut_start, cut_end = max(word.start, start), min(word.end, end)
            if cut_start < cut_end:
                words.append(_Word(self.text[cut_start:cut_end], cut_start, cut_end, word.kind))
        return _compounds(words)

    def _list_follows(self, previous_end: int, start: int) -> bool:
        between = self.text[previous_end:start]
        return between.startswith("、") and not _CLAUSE_BREAK.search(between)

    def _next_clause(self, previous_end: int, clause_start: int) -> bool:
        return len(_CLAUSE_BREAK.findall(self.text, previous_end, clause_start)) == 1


def _compounds(words: list[_Word]) -> list[_Word]:
    """Rejoin words the segmenter split inside a compound, judged by their shape.

    A one-character verb before a one-character noun or verb, inside a longer phrase, is a
    verb-object or verb-verb compound (`入区企业`, `脱毒种薯`, `办结时限`, `学做面塑`); before a
    two-character verb it is coordinated with it (`改扩建`), unless it states the figure (`占出口总值`).
    A one-character noun and verb before a noun modify it (`州属高中`); a bound noun ends the
    word before it (`上线率`). `为` and result complements right after a verb are its own
    (`细化为`, `升级为`, `攒下`). A pronoun or 全/各 before a one-character administrative
    unit is a scope (`我国`).
    """
    joined: list[_Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None or following.start != word.end:
            joined.append(word)
            index += 1
            continue
        kind = _compound_kind(word, following, words[index + 2] if index + 2 < len(words) else None)
        if kind is None:
            joined.append(word)
            index += 1
            continue
        joined.append(_Word(word.text + following.text, word.start, following.end, kind))
        index += 2
    return joined


def _compound_kind(word: _Word, following: _Word, then: _Word | None) -> str | None:
    """The kind of `word` + `following` read as one word, or None when they are two."""
    if following.text in _BOUND_HEADS and word.kind in ("noun", "verb", "verbal"):
        return "noun"  # `上线率`, `进线率`, `保护价`: a bound noun ends the word before it
    if word.kind == "verb" and (following.text == "为" or following.text in _RESULT_COMPLEMENTS):
        return "verb"
    if word.kind == "verb" and following.kind == "preposition" and then is not None and then.kind == "verb":
        return "noun"  # `占比达到`: a preposition between two verbs has no object, so it ends a word
    if word.text in _SCOPE_PRONOUNS and len(following.text) == 1 and following.text in _SCOPE_HEADS:
        return "scope"
    if then is None or then.start != following.end or len(word.text) != 1:
        return None
    if word.kind == "noun" and following.kind == "verb" and len(following.text) == 1 and _nominal(then):
        return "noun"  # `州属高中`: a one-character noun and verb before a noun modify it
    if word.kind != "verb" or then.kind not in ("noun", "verbal", "verb", "entity"):
        return None
    if len(following.text) == 1 and following.kind in ("noun", "verb"):
        return following.kind
    if following.kind in ("verb", "verbal") and len(following.text) == 2 and word.text not in _FIGURE_VERBS:
        return "verb"
    return None


def _read_before(words: list[_Word], counts: bool, marked: bool) -> _Reading:
    """Walk back from the quantity: asides, the counted noun, the verb, and the topic before it.

    `counts`: the unit counts people or things, so a verbal noun closing the phrase before it
    says what was done to them (`贫困妇女创业就业培训8720人`) rather than what is measured.
    `marked`: the quantity opens with a verb of its own (`超过`, `突破`, `不足`) and counts no noun after it.
    """
    end = _skip_back(words, len(words))
    if end and words[end - 1].kind == "adjective" and len(words[end - 1].text) > 1:
        end = _skip_back(words, end - 1)  # `连续三年`: a longer adjective before a figure is adverbial
    if any(w.text in _SUM_WORDS for w in words[end:]):
        return _Reading([], None, [])  # `…负责人共计150余人`: the words before enumerate, they name no kind
    if end and words[end - 1].text in _ET_CETERA:
        # `引进山西岚丰马铃薯食品有限公司等6家加工企业`: the list before 等 is an apposition of the
        # counted noun after the figure; a verb before the list governs both
        verb_end = _skip_back(words, _noun_run_start(words, end - 1))
        listed_before = any(w.text == "、" for w in words[:verb_end])  # the verb is an item's (`汾酒保健酒园区`)
        if verb_end and words[verb_end - 1].kind == "verb" and not listed_before:
            chain_start = _chain_start(words, verb_end)
            topic_start, topic_end = _topic(words, chain_start)
            return _Reading([], _chain_text(words[chain_start:verb_end]), words[topic_start:topic_end])
        return _Reading([], None, [])
    through_of = end > 0 and words[end - 1].kind == "of"
    if through_of:
        end -= 1
    elif end and words[end - 1].kind == "adjective" and len(words[end - 1].text) == 1:
        # `增速比城镇高0.7个百分点`: a figure right after a one-character adjective is its complement,
        # the adjective the verb (a longer one is adverbial: `连续三年`)
        topic_start, topic_end = _topic(words, end - 1)
        return _Reading([], words[end - 1].text, words[topic_start:topic_end])
    inner_start = _noun_run_start(words, end)
    inner = words[inner_start:end]
    verb_end = _skip_back(words, inner_start)
    if verb_end and words[verb_end - 1].kind == "preposition":
        preposition = verb_end - 1
        verb = words[preposition - 1] if preposition else None
        if verb is not None and verb.kind == "verb" and words[preposition].text in ("在", "于"):
            # `失业率控制在3.5%以内`, `稳定在80万亩以上`: the verb takes the place phrase as its complement
            chain_start = _chain_start(words, preposition)
            topic_start, topic_end = _topic(words, chain_start)
            predicate = _chain_text(words[chain_start : preposition + 1])
            return _Reading(inner, predicate, words[topic_start:topic_end], through_of)
        topic_start, topic_end = _topic(words, preposition)
        return _Reading(inner, None, words[topic_start:topic_end], through_of, words[preposition].text in ("由", "从"))
    if not verb_end or words[verb_end - 1].kind != "verb":
        if through_of:
            return _Reading(inner, None, [], through_of)
        return _verbal_as_verb(inner, counts)
    chain_start = _chain_start(words, verb_end)
    chain = words[chain_start:verb_end]
    if chain[-1].text in _COMPLEMENTS and len(chain) == 1:
        chain = []
    predicate = _chain_text(chain) or None
    if marked and not inner and predicate and not _states_a_figure(predicate):
        # `亩产超过4000斤`: the marker is the verb, so the word before it names the thing
        named = words[_topic(words, chain_start)[0] : verb_end]
        return _Reading([replace(w, kind="noun") if w.kind == "verb" else w for w in named], None, [])
    if inner and all(w.kind == "verbal" for w in inner) and not through_of and predicate:
        predicate, inner = predicate + "".join(w.text for w in inner), []
    topic_start, topic_end = _topic(words, chain_start)
    share = bool(predicate and predicate.startswith("占"))
    if share or (predicate and _COMPARATIVE.fullmatch(predicate)):
        # `白酒产量占到吕梁市的88%`: the possessor is the whole, the topic the part;
        # `高于全国整体增速3.8个百分点`: what is compared with is no subject
        inner = []
    elif _verb_ends_object(words, topic_start, topic_end, chain_start, chain, inner):
        # `新增城镇就业2150人`, `受理群众诉求2.3万件`: the verb before the noun is the predicate, and
        # the verb after it, with no object of its own, belongs to the noun (`城镇就业`)
        outer_end = _skip_back(words, topic_start)
        outer_start = _chain_start(words, outer_end)
        outer_topic_start, outer_topic_end = _topic(words, outer_start)
        predicate = _chain_text(words[outer_start:outer_end])
        return _Reading(words[topic_start:end], predicate, words[outer_topic_start:outer_topic_end], through_of)
    return _Reading(inner, predicate, words[topic_start:topic_end], through_of, share=share)


def _verb_ends_object(
    words: list[_Word], topic_start: int, topic_end: int, chain_start: int, chain: list[_Word], inner: list[_Word]
) -> bool:
    """`受理 群众 诉求 2.3万件`: a verb right after a noun, itself after a verb, is part of that verb's object.

    Not when it has an object of its own (`申报特岗计划补充教师160名`: two verbs in a row), states a
    figure (`入区企业达到129个`), follows a modal or adverb (`取个快递要跑`), follows a name
    (`庆祝西藏自治区成立60周年`), or the verb before makes its object act (`带动…消费增长`).
    """
    if inner or not chain or topic_start == topic_end or topic_end != chain_start:
        return False
    if _states_a_figure(_chain_text(chain)):
        return False
    if all(w.kind in ("entity", "person") for w in words[topic_start:topic_end]):
        return False
    outer_end = _skip_back(words, topic_start)
    return bool(outer_end) and words[outer_end - 1].kind == "verb" and words[outer_end - 1].text not in _PIVOT_VERBS


def _chain_text(chain: list[_Word]) -> str:
    return "".join(_without_modal(w.text) for w in chain)


def _chain_start(words: list[_Word], end: int) -> int:
    """Start of the verb chain ending at `end` (`培养造就`, `同比增长`, `申领发放`).

    A verb right after a noun or adjective belongs to the phrase before it (`平均用时缩短`), and
    so does a verb the segmenter made of an attribute (`入园率达98%`); a complement stays with its
    verb (`占比提升至`).
    """
    start = end - 1
    while start and words[start - 1].kind in ("verb", "comparison"):
        if words[start - 1].kind == "verb" and _attribute(words[start - 1 : start]):
            break
        described = start > 1 and words[start - 2].kind in _DESCRIBED_KINDS
        if described and words[start - 1].kind == "verb" and words[start].text not in _COMPLEMENTS:
            break
        start -= 1
    return start


def _states_a_figure(predicate: str) -> bool:
    """`达到`, `增长`, `提高到`, `同比增长`: verbs whose complement is a figure."""
    verb = predicate.removeprefix("同比").removeprefix("环比")
    return verb in _FIGURE_VERBS or verb.endswith(("到", "至", "为"))


def _topic(words: list[_Word], end: int) -> tuple[int, int]:
    """Span of the noun phrase before the verb; a comparand or place before the verb (`比城镇`,
    `在全县`) is passed over, and an agent (`由县财政拨付`) or object (`把…`) leaves no topic."""
    end = _skip_back(words, end)
    start = _noun_run_start(words, end, topic=True)
    if start and words[start - 1].kind == "preposition":
        if words[start - 1].text in _FRAMING_PREPOSITIONS:
            return _topic(words, start - 1)
        return end, end
    return start, end


def _verbal_as_verb(words: list[_Word], counts: bool) -> _Reading:
    """In a clause without a verb, a verbal noun is the verb: before the counted noun (`存栏牛`,
    `培训护工`, two coordinated ones: `排查整改火灾隐患`) or, for a count, after it
    (`贫困妇女创业就业培训8720人`), unless it names an attribute (`投资强度`). An amount measures
    the activity itself (`一般贸易进出口4.13万亿元`)."""
    words = _without_places(words)  # `我国出口机电产品`: where, before what was done
    if len(words) > 1 and not _attribute(words):
        verbs = 2 if len(words) > 2 and _coordinated(words[0], words[1]) else 1
        nouns = words[verbs:]
        if all(w.kind == "verbal" for w in words[:verbs]) and all(w.kind in ("noun", "adjective") for w in nouns):
            return _Reading(nouns, "".join(w.text for w in words[:verbs]), [])
        if counts and words[-1].kind == "verbal" and words[0].kind in ("noun", "adjective"):
            head = next(i for i, w in enumerate(words) if w.kind == "verbal")
            return _Reading(words[:head], words[-1].text, [])
    return _Reading(words, None, [])


def _without_places(words: list[_Word]) -> list[_Word]:
    """The phrase without its leading place names and scope (`西藏公路通车里程`, `四川、重庆、河南进出口`),
    unless a lone activity is left, which needs its place (`中西部地区进出口`)."""
    named = next((i for i, w in enumerate(words) if w.kind not in ("entity", "scope") and w.text not in _JOINERS), 0)
    if len(words) - named == 1 and words[-1].kind == "verbal":
        return words
    return words[named:]


def _coordinated(first: _Word, second: _Word) -> bool:
    """Two two-character verbal nouns in a row do one thing together (`排查整改`, `申领发放`)."""
    return first.kind == second.kind == "verbal" and len(first.text) == len(second.text) == 2


def _without_modal(verb: str) -> str:
    """`可容纳` → `容纳`, `只用` → `用`, `有望达到` → `达到`: a modal the segmenter glued to the verb."""
    if verb in _LINKING_VERBS:
        return verb
    return _MODAL_PREFIX.sub("", verb, count=1)


def _token_kind(token: Token) -> str:
    return _kind(token.text, token.pos)


@lru_cache(maxsize=65536)
def _kind(text: str, pos: str) -> str:
    """The word's role for subject and predicate, from its text first and its tag second."""
    if text == "的":
        return "of"
    if pos == "p" and text == "为":
        return "preposition"  # `为群众代办`; the verb 为 links (`系数为3.5倍`)
    if text in _ET_CETERA:
        return "other"  # `…基地等12个重点项目`: the list before is an apposition, no verb of ours
    if text in _COMPARISON_WORDS:
        return "comparison"
    if text in _LINKING_VERBS:
        return "link"
    if _SCOPE.fullmatch(text):
        return "scope"
    if text in _AUXILIARY_VERBS or text in _QUANTIFIER_WORDS or text.startswith("第") or _MODAL.fullmatch(text):
        return "skip"
    if len(text) >= 3 and text[-1] in _PLACE_SUFFIXES and pos not in _PERSON_TAGS:
        return "entity"
    if text in _LIGHT_VERBS:
        return "light"
    if text in _COMPLEMENTS:
        return "verb"
    if pos == "p":
        return "preposition"
    if pos == "vn":
        return "verbal"
    if pos == "a":
        return "adjective"
    if pos == "ad":
        return "manner"
    if pos in _NOUN_TAGS or (pos == "f" and len(text) > 1):
        return "noun"
    if pos in _ENTITY_TAGS:
        return "entity"
    if pos in _PERSON_TAGS:
        return "person"
    if pos in _VERB_TAGS:
        return "verb"
    if pos in _SKIPPED_TAGS:
        return "skip"
    return "other"


def _numeral(word: _Word) -> bool:
    """A number word the segmenter left as it is (`两袋`, `360分`)."""
    return word.kind == "skip" and word.text[0] in _NUMERAL_CHARS


def _nominal(word: _Word) -> bool:
    return word.kind in ("noun", "adjective", "entity", "person", "verbal", "scope")


def _attribute(words: list[_Word]) -> bool:
    """A measured attribute (`入园率`, `投资强度`, `通车里程`): its verbs belong to the noun."""
    return bool(words) and words[-1].text.endswith(_ATTRIBUTE_HEADS)


def _inside_attribute(words: list[_Word], index: int) -> bool:
    """A verb right before an attribute noun is part of it (`公路通车里程`), unless an adverb or
    modal makes it a predicate (`可实现年产值`)."""
    return words[index].kind == "verb" and not (index and words[index - 1].kind in ("skip", "manner", "verb"))


def _noun_run_start(words: list[_Word], end: int, topic: bool = False) -> int:
    """Start of the noun phrase ending at `end`: nouns, names, and `、`/`和` between nouns.

    A `topic` (the phrase before its verb) also holds verbs that follow a noun of it, with a modal
    among them (`群众办事平均用时`, `年加工鲜薯能力`, `农村居民人均可支配收入`): a verb after a noun
    inside the subject describes it, while a verb opening the clause, or following the object of a
    preposition (`向全区中小学生推送`), is the clause's own.
    """
    attribute = _attribute(words[end - 1 : end])
    index = end
    while index > 0:
        word = words[index - 1]
        if _nominal(word) or (attribute and index >= end - 1 and _inside_attribute(words, index - 1)):
            index -= 1
            continue
        if topic and (word.kind == "verb" or _MODAL.fullmatch(word.text)):
            group = index - 1
            while group and (words[group - 1].kind == "verb" or _MODAL.fullmatch(words[group - 1].text)):
                group -= 1
            if group and words[group - 1].kind in _DESCRIBED_KINDS and not _after_preposition(words, group):
                index = group
                continue
        if word.text in _JOINERS and end > index > 1 and _nominal(words[index - 2]):
            index -= 1
            continue
        if word.kind == "manner" and end > index > 1 and _nominal(words[index - 2]):
            index -= 1  # `农村快递平均送达时间`: a manner word inside the phrase
            continue
        break
    while index < end and words[index].text in _JOINERS:
        index += 1
    return index


def _after_preposition(words: list[_Word], end: int) -> bool:
    """The nouns before `end` are the object of a preposition (`在进口国`) or counted by the figure
    before them (`向全区7万多名中小学生`)."""
    index = end
    while index and (_nominal(words[index - 1]) or words[index - 1].kind in ("skip", "manner")):
        index -= 1
    return bool(index) and words[index - 1].kind in ("preposition", "figure")


def _following_phrase(words: list[_Word], of_allowed: bool, counts: bool) -> tuple[list[_Word], str | None]:
    """The noun right after the quantity (`352名贫困妇女`, `50%以上的国土`) and a verbal noun ending it.

    `12条县（市、区）路线改造`: the trailing verbal noun is the predicate, not part of the subject.
    """
    if words and words[0].text.startswith(("之", "以")):
        return [], None  # `在5元至8元之间`: a localizer closes the figure, it names nothing
    start = 1 if of_allowed and words and words[0].kind == "of" else 0
    end = _nominal_run(words, start, counts)
    if any(w.kind == "verb" for w in words[start:end]) and not _predicate_at(words, end):
        end = _nominal_run(words, start, False)  # `70余人参加会议`: the verb is the clause's own
    head_end = end
    while head_end > start and words[head_end - 1].kind == "verbal":
        head_end -= 1
    verb = "".join(w.text for w in words[head_end:end]) or None
    return (words[:head_end] if head_end > start else []), verb


def _nominal_run(words: list[_Word], start: int, describing: bool) -> int:
    """End of the noun phrase from `start`; `describing`: with verbs that describe its noun."""
    end = start
    while end < len(words) and (_nominal(words[end]) or (describing and _describes(words, end, start))):
        end += 1
    return end


def _describes(words: list[_Word], index: int, start: int) -> bool:
    """A verb before the first noun after a count describes that noun (`13名患病妇女每人申领`,
    `34名特困留守残疾儿童解决`, `3所新开公办幼儿园的`); after the noun it is the clause's verb
    (`52名困难女性开具`)."""
    if words[index].kind != "verb" or index + 1 == len(words) or not _nominal(words[index + 1]):
        return False
    return not any(w.kind in ("noun", "entity", "person", "scope") for w in words[start:index])


def _predicate_at(words: list[_Word], index: int) -> bool:
    """A verb (after adverbs) or `的` comes at `index`: what stands before it is a noun phrase."""
    index = next((i for i in range(index, len(words)) if words[i].kind not in _SKIPPED_KINDS), len(words))
    return index < len(words) and words[index].kind in ("verb", "of", "light")


def _skip_back(words: list[_Word], end: int) -> int:
    while end > 0 and words[end - 1].kind in _SKIPPED_KINDS:
        end -= 1
    return end


def _verb_after(words: list[_Word], start: int) -> str | None:
    """The verb after the quantity and its noun (`9名教师参赛`, `在全县4所学校实行`)."""
    for index in range(start, len(words)):
        word = words[index]
        if word.kind == "light":
            return next((w.text for w in words[index + 1 :] if w.kind == "verbal"), word.text)
        if word.kind == "verb":
            end = index + 1
            while end < len(words) and words[end].kind == "verb":
                end += 1
            return "".join(_without_modal(w.text) for w in words[index:end])
        if word.kind in ("other", "of"):
            return None
    return None


def _names_a_thing(words: list[_Word]) -> bool:
    """A noun phrase worth a subject: not only place names (`西藏74个`), no agent (`总书记两次`), not a
    lone verbal noun (`存栏`); verbal nouns together name an activity (`加工贸易进出口`)."""
    if any(w.kind == "person" for w in words) or (len(words) == 1 and words[0].kind == "verbal"):
        return False
    return any(w.kind in ("noun", "verbal") for w in words)


def _counted(quantity: Quantity) -> bool:
    return quantity.unit not in ("%", "倍", "个百分点", "") and not quantity.unit.startswith("元")
