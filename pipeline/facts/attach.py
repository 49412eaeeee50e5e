"""Attachment: subject and predicate of a figure from the chunks of its clause.

`read_before` walks back from the figure over the chunks of `chunks.py`; `Clauses.attribute`
adds what follows the figure and what the previous fact of the sentence left (a list, a share,
a change of the same thing). docs/facts.md states the rules in prose.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.facts.chunks import (
    Chunk,
    ChunkKind,
    chain_text,
    chunk_clause,
    compounds,
    following_phrase,
    last_chunk,
    leading_noun_phrase,
    names_a_thing,
    nominal_run,
    noun_run_start,
    skip_back,
    topic_span,
    verb_after,
    verb_chain_start,
    without_frame,
)
from pipeline.facts.roles import (
    LEX,
    Role,
    Word,
    attribute,
    coordinated,
    link_text,
    nominal,
    numeral_word,
    role_of,
    states_a_figure,
    token_role,
)
from pipeline.numbers import Quantity, units
from pipeline.types import Entity, Fact, Token
from pipeline.typography import CHINESE_DIGITS, COLONS, COMMAS, FULL_STOPS, SEMICOLONS

UNITS = units()
# Shares and multiples of a noun (`50%以上的国土`): a `的` after the figure leads to what it measures.
_OF_UNITS = frozenset({"%", "", "倍", "成"})
_SHORT_QUOTE = 20
# Words a relative clause between a count and its `的` may have (`两辆车号明显是机关的小汽车`).
_RELATIVE_SPAN = 6
# A one-character adjective with 于 compares (`高于`, `低于`, `快于`): its object is the standard.
_COMPARATIVE = re.compile(r"[高低多少快慢大小优强]于")
CLAUSE_BREAK = re.compile(f"[{re.escape(COMMAS + FULL_STOPS + SEMICOLONS + COLONS)}\n]")
_SENTENCE_BREAK = re.compile(f"[{re.escape(FULL_STOPS)}\n]")
_BRACKETED = re.compile(r"（[^（）\n]*）|\([^()\n]*\)")
_QUOTED = re.compile(r"“[^“”\n]*”|‘[^‘’\n]*’|「[^「」\n]*」|《[^《》\n]*》")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Subject and predicate of one fact; `governs`: its verb came before the counted noun."""

    subject: str | None
    predicate: str | None
    governs: bool
    items: tuple[str, ...] = ()
    respective: bool = False  # `分别` before the figure: one value for each of several things
    describes: bool = False  # the figure describes the noun after it: `predicate` is the noun's verb, not its


@dataclass(frozen=True, slots=True)
class Reading:
    """What stands before a quantity in its clause: `topic` verb `inner` quantity."""

    inner: list[Word]
    predicate: str | None
    topic: list[Word]
    through_of: bool = False
    from_to: bool = False
    share: bool = False


class Clauses:
    """The article's words with coarse classes, and the rules that read subject and predicate."""

    def __init__(self, text: str, tokens: Sequence[Token], entities: Sequence[Entity] = ()) -> None:
        self.text = text
        self.names = sorted((entity.start, entity.end) for entity in entities)
        self.quotes = [m.span() for m in _QUOTED.finditer(text)]
        self.quote_starts = [start for start, _ in self.quotes]
        self.brackets = [m.span() for m in _BRACKETED.finditer(text)]
        length = len(text)
        self.tokens = [t for t in tokens if t.end <= length]
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        self.clause_breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
        self.sentence_breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]

    def quote_around(self, position: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.quote_starts, position) - 1
        if index >= 0 and self.quotes[index][0] < position < self.quotes[index][1]:
            return self.quotes[index]
        return None

    def token_ending_at(self, position: int) -> Token | None:
        index = bisect.bisect_left(self.ends, position)
        return self.tokens[index] if index < len(self.tokens) and self.ends[index] == position else None

    def _token_at(self, position: int) -> Token | None:
        """The token covering `position`."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.tokens[index] if index >= 0 and self.tokens[index].end > position else None

    def inside_name(self, quantity: Quantity) -> bool:
        """A name the entity stage found covers the numeral and goes on past the quantity
        (`三明市支行`, `联合四会移动公司`); one that ends with the quantity glued a count to a place
        (`果洛三所` in `果洛三所州属高中`)."""
        index = bisect.bisect_left(self.names, (quantity.number_end,))
        return any(
            start <= quantity.number_start and quantity.end < end
            for start, end in self.names[max(0, index - 8) : index]
        )

    def name_starts_at(self, position: int) -> bool:
        """A name the entity stage found begins at `position` (`全国人大` in `九届全国人大`)."""
        index = bisect.bisect_left(self.names, (position,))
        return index < len(self.names) and self.names[index][0] == position

    def marker_over_a_verb(self, quantity: Quantity) -> str | None:
        """The approximation a marker gives from before the figure's verb (`大约有４０平方米`, `约为`,
        `至少造成２９１３人死亡`): one verb or link between them, or the two glued into one word."""
        verb = self.token_ending_at(quantity.start)
        if verb is None or token_role(verb) not in (Role.VERB, Role.LINK):
            return None
        marker = self.token_ending_at(verb.start)
        if marker is not None and marker.text in LEX.markers_over_a_verb:
            return LEX.markers_over_a_verb[marker.text]
        for word, approx in LEX.markers_over_a_verb.items():
            rest = verb.text.removeprefix(word)
            if rest != verb.text and (rest in LEX.linking or rest in LEX.figure_verbs or rest in LEX.relational):
                return approx  # `约为`, `约占`: the segmenter glued the marker to the link or verb
        return None

    def is_word(self, quantity: Quantity) -> bool:
        """The quantity is one word the segmenter tagged as no numeral (`一度` as "once")."""
        token = self._token_at(quantity.start)
        return (
            token is not None
            and (token.start, token.end) == (quantity.start, quantity.end)
            and token_role(token) == Role.SKIP
            and token.pos not in LEX.tags["numeral"]
        )

    def in_time_word(self, quantity: Quantity) -> bool:
        """The segmenter read the quantity with words around it (`最近４年`, `四周刚才`) or with a
        marker of recency (`近两年`) as one time word: a point or period, not a length. A length
        before `的` describes its noun (`过去２万年的环境变化过程`)."""
        token = self._token_at(quantity.number_start)
        if token is None or token.pos not in LEX.tags["time"] or self.text.startswith("的", quantity.end):
            return False
        if self.text.startswith(LEX.within_after, quantity.end):
            return False  # `３天内全部签约`: a time limit is a length
        recent = self.text[quantity.start : quantity.number_start] in LEX.recent_before
        return recent or token.start < quantity.start or token.end > quantity.end

    def after_verb(self, position: int, particles: bool = True) -> bool:
        """A verb ends right before `position`, or before an aspect particle there (`增长了一倍`)."""
        token = self.token_ending_at(position)
        if particles and token is not None and token.text in LEX.aspect_particles:
            token = self.token_ending_at(token.start)
        return token is not None and token_role(token) == Role.VERB

    def token_start_before(self, position: int) -> int:
        token = self.token_ending_at(position)
        return token.start if token is not None else position

    def in_note(self, position: int) -> bool:
        """`position` lies in a bracketed editorial note (`（附图片１张）`)."""
        return any(
            start < position < end and self.text.startswith(LEX.notes, start + 1) for start, end in self.brackets
        )

    def opens_clause(self, position: int) -> bool:
        """Only spaces or nothing stand between the clause break before `position` and it."""
        clause_start, _ = self._span(self.clause_breaks, position, position)
        return not self.text[clause_start:position].strip()

    def inside_word(self, position: int) -> bool:
        """`position` lies inside a word that is no number, time or name (`中央八项规定`)."""
        token = self._token_at(position)
        return (
            token is not None
            and token.start < position
            and token_role(token) not in (Role.SKIP, Role.ENTITY, Role.PERSON)
        )

    def in_count_list(self, quantity: Quantity) -> bool:
        """A `、` joins this count to another written-out count, with at most a short noun between."""
        # A list of nothing but `一` + classifier is a list of articles (`一个民族、一个群体`), not of counts.
        counts = CHINESE_DIGITS.replace("一", "") if quantity.value == 1 else CHINESE_DIGITS
        ahead = self.text[quantity.end : quantity.end + 5]
        joined = ahead.find("、")
        next_char = self.text[quantity.end + joined + 1 : quantity.end + joined + 2]
        if 0 <= joined <= 3 and next_char and next_char in counts:
            return not CLAUSE_BREAK.search(ahead[:joined])
        behind = self.text[max(0, quantity.start - 6) : quantity.start]
        return behind.endswith("、") and any(char in counts for char in behind[:-1])

    def noun_follows(self, position: int) -> bool:
        word = self._word_at(position)
        return word is not None and nominal(word)

    def _word_at(self, position: int) -> Word | None:
        index = bisect.bisect_left(self.starts, position)
        if index == len(self.tokens) or self.starts[index] != position:
            return None
        return self._word(self.tokens[index])

    def _word(self, token: Token) -> Word:
        """The token as a word; a short quoted term (`“大思政课”`) is one noun, whatever its inner tags."""
        index = bisect.bisect_right(self.quote_starts, token.start) - 1 if self.quotes else -1
        if index >= 0:
            q_start, q_end = self.quotes[index]
            if token.start < q_end and q_end - q_start <= _SHORT_QUOTE:
                return Word(self.text[q_start:q_end], q_start, q_end, Role.NOUN)
        return Word(token.text, token.start, token.end, token_role(token))

    def attribute(self, quantity: Quantity, previous: Fact | None, previous_governs: bool) -> Attribution:
        """Subject and predicate from the clause around the quantity; docs/facts.md has the rules."""
        clause_start, clause_end = self._span(self.clause_breaks, quantity.start, quantity.end)
        aside = next((b for b in self.brackets if b[0] < quantity.start and quantity.end < b[1]), None)
        if aside is not None:
            # `奶粉（４５０克／听）`: a figure in brackets describes the noun phrase before them
            described = self._clause_words(clause_start, aside[0])
            phrase = described[noun_run_start(described, len(described)) :]
            return Attribution(
                self._phrase(phrase),
                _verb_in_aside(self._clause_words(aside[0] + 1, quantity.start, skip_asides=False)),
                False,
            )
        sentence_start, _ = self._span(self.sentence_breaks, quantity.start, quantity.end)
        floor = max(clause_start, previous.end) if previous is not None else clause_start
        before = self._clause_words(floor, quantity.start)
        if previous is not None and floor == previous.end:
            before.insert(0, Word(previous.text, previous.start, previous.end, Role.FIGURE))
        after = self._clause_words(quantity.end, clause_end)
        list_item = previous is not None and self._list_follows(previous.end, quantity.start)
        item = [w for w in before if w.text not in LEX.joiners and w.kind not in (Role.OTHER, Role.FIGURE)]
        if list_item and item and item[0].kind not in (Role.VERB, Role.VERBAL, Role.PREPOSITION):
            # `新建村级养老服务站12个、社区日间照料中心4个`: an item that does not open with its own verb
            # shares the first item's, and all of it names the thing (`照料` is inside the noun)
            reading = Reading(item, None, [])
        else:
            counted_after = bool(after) and nominal(after[0])
            marked = self.text.startswith(LEX.verb_markers, quantity.start) and not counted_after
            reading = read_before(before, quantity.unit in UNITS.count, marked)
        if quantity.unit in ("岁", "周岁"):
            person = next((w.text for w in after if w.kind == Role.PERSON), None)
            described = self._modified_noun(quantity, after)  # `过百岁的老人`
            stated = before[-1].text if before and before[-1].text in LEX.relational else None  # `享年８５岁`
            inner = (
                reading.inner[:-1] if stated and reading.inner and reading.inner[-1] is before[-1] else reading.inner
            )
            if stated and not inner:
                # `著名画家慕凌飞…病逝，享年８５岁`: a verb of age states the age of the person the sentence is about
                sentence = self._clause_words(sentence_start, quantity.start)
                person = person or next((w.text for w in reversed(sentence) if w.kind == Role.PERSON), None)
            return Attribution(person or described or self._phrase(inner or reading.topic), stated, False)

        spanned = _noun_after_of(after) if quantity.unit in UNITS.time and not _verb_right_before(before) else []
        if spanned:
            # `在两年多的时间里`, `通过４年的苦干实干`: a length of time describes the noun after `的`;
            # after a verb it is the verb's (`使用了４０年的高度层`)
            return Attribution(self._phrase(spanned, drop_names=False), None, False)
        modified = self._modified_noun(quantity, after)
        if modified is not None:
            # `２８米高的灯塔`: the figure only describes the noun; an amount that is the object of the
            # verb right before it is still that verb's (`开出了１５０万美元的支票`)
            object_of = reading.predicate if not reading.inner and _amount_of(quantity, after) else None
            if reading.through_of and _amount_of(quantity, after):
                # `接受了由１６个单位提供的２５００万元的捐赠`: the modifier's verb is not the amount's
                object_of = self._verb_before_modifier(clause_start, quantity.start, after) or object_of
            if before and before[-1].text in LEX.relational:
                object_of = before[-1].text  # `占地１．７平方公里的鹤山食品城`: the relation states the figure
            return Attribution(modified, object_of, False)
        if reading.predicate is None and reading.inner and reading.inner[-1].text in LEX.relational:
            # `字画价值3万元`: the relation is the predicate, not the thing (but `兑换商品价值8.6万元`)
            reading = replace(reading, inner=reading.inner[:-1])
        owner = max((i for i, w in enumerate(reading.inner) if w.kind == Role.PERSON), default=-1)
        owned = reading.inner[owner + 1 :] if 0 <= owner < len(reading.inner) - 1 else []
        if quantity.unit in UNITS.measure and names_a_thing(owned):
            # `波波卡特佩特火山海拔５４５２米`: a name before the noun of a measure owns it, the noun is
            # what is measured (while a count after a person and title counts the person's acts)
            reading = replace(reading, inner=reading.inner[owner + 1 :])
        inner_is_thing = names_a_thing(reading.inner)
        of_allowed = not inner_is_thing or quantity.unit in _OF_UNITS or quantity.form == "fraction"
        as_subject = not _verb_right_before(before)
        verb_after_count = any(w.kind == Role.VERB for w in after[:_RELATIVE_SPAN])
        governed = verb_after_count and _preposition_before(self._clause_words(clause_start, quantity.start))
        following, following_verb = following_phrase(
            after, of_allowed, quantity.unit in UNITS.count, as_subject, governed
        )
        owner = _owner_of_matter(following) if counted(quantity) or not quantity.unit else len(following)
        matter = owner < len(following)
        following = following[:owner]  # `８１００户群众住房问题`: the count counts the people, not the matter
        if following and following[-1].text in LEX.figure_frames:
            following = []  # `降到０．７％至０．８％的低水平`: the level the figure reaches names no thing
        if all(w.kind == Role.ADJECTIVE for w in following):
            following = []  # `直径１０ｎｍ小了近一个量级`: an adjective after a measure states it, it is no noun
        if quantity.unit in UNITS.money and following and following[0].text in LEX.currencies:
            following = []  # `３亿元人民币`: the currency restates the unit, it is not what is counted
        relative = _relative_head(after) if quantity.unit in UNITS.count else []
        if relative:
            following, following_verb = relative, None  # `两部性能先进的雷达`: the count is the head noun's
        end = len(before)
        while end and before[end - 1].kind in (Role.SKIP, Role.MANNER):
            end -= 1
        acts = bool(after) and after[0].kind == Role.VERB and len(after[0].text) > 1
        if not following and end and before[end - 1].kind == Role.LINK and not acts:
            # `有５级—６级偏北风`: after a link, what there is follows the figure, verbs describing it;
            # a verb of its own after the figure is what the counted do (`有９６４０人死于交通事故`)
            following = after[: nominal_run(after, 0, True)]
        duration = quantity.unit in UNITS.time
        if duration:
            following = []
        subject = None
        counts_following = counted(quantity) or (not quantity.unit and following and following[0].text != "的")
        if following and (not inner_is_thing or (of_allowed and following[0].text == "的") or counts_following):
            subject = self._phrase([w for w in following if w.text != "的"], drop_names=False)
        elif inner_is_thing:
            subject = self._phrase(reading.inner)
        elif reading.topic and not any(w.kind == Role.PERSON for w in reading.topic) and not _payer(quantity, reading):
            subject = self._phrase(reading.topic)
        if duration and quantity.unit not in LEX.anniversary_units and not (subject or "").endswith(LEX.duration_heads):
            subject = None  # a length of time measures time: its subject is a span noun (`时间`), not the doer

        predicate = _link_right_before(before) or reading.predicate or _link_before(before)
        if following and _joined_to_list(before):
            # `罗干、何光…等以及近千名海内外游客出席了`: the last item of a list of doers takes the
            # verb after it, not one inside the list (`国务委员兼…`)
            predicate = verb_after(after, len(following)) or predicate
        if following and reading.through_of and following[0].text != "的":
            # `适合发展…的85个贫困村全部安排了`: the verb before is a relative clause's; the verb that opens
            # the clause, before the whole modifier, takes the noun phrase as its object (`截断了注入河道的…`)
            predicate = self._verb_before_modifier(clause_start, quantity.start, after)
        if predicate is None and previous is not None and previous.start >= clause_start:
            predicate = previous.predicate  # `引进2支专家管理团队、7名…教师和11名…教师`
        if predicate is None and not reading.from_to:
            predicate = following_verb or verb_after(after, len(following))
        if predicate is None and reading.through_of and following:
            predicate = _link_before_relative(before)  # `公司是国家重点扶持的３００家企业之一`
        if predicate == "为" and before and before[-1].text == "为" and following and verb_after(after, len(following)):
            predicate = (
                None  # `为５个贫困县选配了…`: 为 before a count whose noun is followed by a verb is a preposition
            )
        if predicate in LEX.causative and (following or (after and after[0].kind == Role.VERB)):
            predicate = verb_after(after, len(following)) or predicate  # `让近两成的乡镇商贸中心升级为…`
            if not following:
                subject = None  # `大地震造成２９１３人死亡`: the cause is not what the figure counts
        same_sentence = previous is not None and previous.start >= sentence_start
        if same_sentence and previous is not None:
            verbless = not any(w.kind in (Role.VERB, Role.LINK) for w in before + after)
            same_kind = previous.unit == quantity.unit
            if (
                predicate is None
                and previous_governs
                and verbless
                and same_kind
                and self._next_clause(previous.end, clause_start)
            ):
                predicate = previous.predicate  # `共有幼儿园153所，义务教育学校73所`
            opens = not any(w.kind not in (Role.SKIP, Role.MANNER) for w in before)
            if (
                opens
                and same_kind
                and _links(previous.predicate or "")
                and self._next_clause(previous.end, clause_start)
            ):
                # `已有１１３９家完成…，２１５家正在…`: counts opening the clauses after an existential link
                # go on with what there is, whatever each of them does
                predicate = previous.predicate
            # `白酒产量15.44万千升，同比增长13.2%`, `培训护工5082名，就业2794名`, but not
            # `开展职业技能培训68期，培训3400余人次`: a new verb counting in a new unit counts something else
            # names say whose figure it is, not what it is (`俄罗斯从现在的２．８７％逐年下调至…`)
            alone = not any(nominal(w) and w.kind != Role.ENTITY and w.text != predicate for w in before) and (
                predicate is None or states_a_figure(predicate) or quantity.unit == previous.unit
            )
            carried = list_item or reading.share or alone
            if duration and not (previous.subject or "").endswith(LEX.duration_heads):
                carried = False  # a length of time takes a subject only from one that names a span
            named_only = bool(reading.topic) and all(w.kind == Role.ENTITY for w in reading.topic)
            if (subject is None or (named_only and subject == self._phrase(reading.topic))) and carried:
                subject = previous.subject or subject  # `白酒产量15.44万千升，同比增长13.2%`
        owns = matter or _owns_next(following, after)
        if predicate is not None and not _links(predicate) and owns and _acts(before):
            predicate = None  # `解决了４５８０７户农民的温饱问题`: the verb acts on what the counted own
        # `使用９００毫安超薄锂电池`: a property printed before its noun describes it, the verb is the noun's
        describes = quantity.unit in UNITS.describing and _describes_next(quantity, after)
        describes = describes and predicate is not None and not _links(predicate)
        governs = reading.predicate is not None and bool(reading.inner)
        if subject is None and not duration and predicate is not None and sentence_start < floor == clause_start:
            stating = predicate in LEX.linking or states_a_figure(predicate)
            if stating and not any(nominal(w) and w.kind != Role.ENTITY for w in before):
                subject = self._topic_of_clause_before(clause_start, previous)  # `通胀率下降，去年仅为１１％`
        respective = any(w.text in LEX.respective for w in before)
        return Attribution(subject, predicate, governs, self._respective(before, reading.topic), respective, describes)

    def _topic_of_clause_before(self, clause_start: int, previous: Fact | None) -> str | None:
        """The noun phrase before the first verb of the clause that ends at `clause_start`: a clause
        with only a time and a link or figure verb says more of it (`通胀率下降，去年仅为１１％`).
        A clause whose figure has a subject hands on that one instead, or none (`学校可容纳3000名学生，
        是…的3倍多`)."""
        previous_start, _ = self._span(self.clause_breaks, clause_start - 1, clause_start - 1)
        if previous is not None and previous.end > previous_start and previous.subject is not None:
            return None
        words = self._clause_words(previous_start, clause_start - 1)
        verb = next((i for i, w in enumerate(words) if w.kind == Role.VERB), None)
        if not verb:
            return None
        start, end = topic_span(words, verb)
        return self._phrase(words[start:end]) if names_a_thing(words[start:end]) else None

    def _modified_noun(self, quantity: Quantity, after: list[Word]) -> str | None:
        """The noun a measure describes through `的` (`２８米高的灯塔`, `１２英寸的黑白电视`,
        `约２０层楼高的塔柱`); a share or multiple before `的` measures its noun instead (`50%以上的国土`)."""
        index = 0
        for width in (1, 2):  # the segmenter may split the dimension word (`楼`/`高`)
            joined = "".join(w.text for w in after[:width])
            if len(after) >= width and (joined in LEX.dimensions or joined in LEX.localizers):
                index = width
        if quantity.unit in _OF_UNITS or (quantity.unit not in UNITS.measure and not index):
            return None
        if len(after) <= index + 1 or after[index].kind != Role.OF:
            return None
        return self._phrase(leading_noun_phrase(after[index + 1 :]), drop_names=False)

    def _verb_before_modifier(self, clause_start: int, start: int, after: list[Word]) -> str | None:
        """The main verb before the counted noun phrase's modifier, unless a verb after the phrase
        makes it the clause's subject (`抬着花篮走来的６位少年都是小学生`)."""
        if any(w.kind in (Role.VERB, Role.LINK) for w in after):
            return None
        return _verb_before_modifier(self._clause_words(clause_start, start))

    def _respective(self, before: list[Word], topic: list[Word]) -> tuple[str, ...]:
        """The listed subjects that `分别` hands one value each (`集成电路、汽车、船舶出口分别增长`).

        A word after the last item that the others lack is shared by all (`出口`), not the item's.
        """
        if not any(w.text in LEX.respective for w in before):
            return ()
        items: list[list[Word]] = [[]]
        for word in topic:
            if word.text in LEX.joiners:
                items.append([])
            else:
                items[-1].append(word)
        if len(items) < 2 or not all(items):
            return ()
        last = items[-1]
        if len(last) > 1 and last[-1].kind in (Role.VERBAL, Role.VERB) and all(len(item) == 1 for item in items[:-1]):
            items[-1] = last[:-1]
        phrases = [self._phrase(item, drop_names=False) for item in items]
        return tuple(phrase for phrase in phrases if phrase) if all(phrases) else ()

    def _phrase(self, words: list[Word], drop_names: bool = True) -> str | None:
        """The noun phrase as printed, without leading place names, scope or judging adjectives (`西藏公路通车里程`,
        `全区`, `四川、重庆、河南进出口`, `著名`): they say where the figure holds or how the writer rates
        it, not what it counts; a determiner
        inside the phrase (`各类`) opens what is counted, so the words before it go too."""
        determiner = max((i for i, w in enumerate(words[:-1]) if w.text in LEX.inner_determiners), default=-1)
        words = words[determiner + 1 :]  # `全国及国家各类图书奖`: the determiner opens what is counted
        while words and words[0].kind == Role.SCOPE:
            words = words[1:]
        while len(words) > 1 and words[0].text in LEX.evaluative:
            words = words[1:]  # `著名交响乐团`: a judgement of the thing, not what is counted
        if drop_names:
            words = without_frame(words)
        if len(words) > 1 and words[-1].text in LEX.whole_measures:
            # `跑道全长`: the runway owns the length, the length is what is measured (`平均海拔` keeps its average)
            average = words[-2].text in LEX.averages
            words = words[-2:] if average else words[-1:]
        while len(words) > 1 and words[-1].text in LEX.localizers:
            words = words[:-1]  # `黑白电视时`, `塔柱之间`: where or when, not what
        if not words:
            return None
        return self.text[words[0].start : words[-1].end].strip("、和与及的") or None

    def sentence_start(self, position: int) -> int:
        return self._span(self.sentence_breaks, position, position)[0]

    def _span(self, breaks: list[int], start: int, end: int) -> tuple[int, int]:
        index = bisect.bisect_left(breaks, start)
        clause_start = breaks[index - 1] + 1 if index else 0
        after = bisect.bisect_left(breaks, end)
        clause_end = breaks[after] if after < len(breaks) else len(self.text)
        return clause_start, clause_end

    def _clause_words(self, start: int, end: int, skip_asides: bool = True) -> list[Word]:
        """Words inside [start, end), cut at the edges, without bracketed asides (unless reading one)."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        asides = [(b_start, b_end) for b_start, b_end in self.brackets if b_start < end and b_end > start]
        asides = asides if skip_asides else []
        words: list[Word] = []
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
                words.append(Word(self.text[cut_start:cut_end], cut_start, cut_end, word.kind))
        return compounds(words)

    def _list_follows(self, previous_end: int, start: int) -> bool:
        between = self.text[previous_end:start]
        return between.startswith("、") and not CLAUSE_BREAK.search(between)

    def _next_clause(self, previous_end: int, clause_start: int) -> bool:
        return len(CLAUSE_BREAK.findall(self.text, previous_end, clause_start)) == 1


def _payer(quantity: Quantity, reading: Reading) -> bool:
    """`市总工会筹资６３．５万元`, `民政局、老干局筹资７２万元`: names of bodies or countries before a
    verb of giving or raising money are who pays, and the money is the thing (no subject); a verb
    that states the amount (`达到`) leaves the topic its own."""
    return (
        quantity.unit in UNITS.money
        and reading.predicate is not None
        and not states_a_figure(reading.predicate)
        and not _links(reading.predicate)
        and not attribute(reading.topic)
    )


def _owns_next(following: list[Word], after: list[Word]) -> bool:
    """The counted noun phrase is followed by `的` and a noun it owns or describes (`１２０个家庭的响应`,
    `两层办公楼的大门`): the figure counts a possessor, the verb of the clause is the head's."""
    if not following or following[0].kind == Role.OF or not all(nominal(w) or w.text in LEX.joiners for w in following):
        return False
    index = len(following)
    if after[:index] != following:
        return False  # `两部性能先进的雷达`: the count's noun is the head after the clause, it owns nothing
    while index < len(after) and (
        nominal(after[index]) or after[index].text in LEX.joiners or numeral_word(after[index])
    ):
        index += 1  # `一条新街、两个广场、四条路段的绿化改造`: a list of counts owns the head together
    return index + 1 < len(after) and after[index].kind == Role.OF and nominal(after[index + 1])


def _acts(before: list[Word]) -> bool:
    """The verb right before the figure is what its clause does: no modal before it (`能住六七个人的房间`,
    `可接收７０个汉字的短信息` state a capacity of the head) and no numeral that makes the verb's phrase a
    modifier (`第九个拥有１万公里以上电气化铁路的国家`)."""
    verb = max((i for i, w in enumerate(before) if w.kind == Role.VERB), default=-1)
    if verb < 0:
        return False
    opening = before[verb - 1] if verb else None
    if opening is None:
        return True
    numeral = opening.kind == Role.FIGURE or numeral_word(opening) or opening.text.startswith("第")
    return not (LEX.modal.fullmatch(opening.text) or numeral)


def _owner_of_matter(phrase: list[Word]) -> int:
    """End of the nouns that own a matter closing the counted phrase (`群众 住房 问题` -> 1): the matter
    and the activity or kind before it go (`住房`, `饮水`, `建设`); the whole phrase when it ends
    otherwise or no noun would be left (`两个安全问题`)."""
    if len(phrase) < 3 or phrase[-1].text not in LEX.matter_heads or phrase[-2].kind not in (Role.VERBAL, Role.NOUN):
        return len(phrase)
    return len(phrase) - 2 if phrase[-3].kind == Role.NOUN else len(phrase)


def _describes_next(quantity: Quantity, after: list[Word]) -> bool:
    """A noun phrase follows the figure with nothing between (`１２英寸直拉硅单晶`, `２５度以下山坡地`)."""
    if after and after[0].text in LEX.localizers | {"以上", "以下"}:
        after = after[1:]
    return (
        bool(after)
        and after[0].kind in (Role.NOUN, Role.ADJECTIVE, Role.VERBAL, Role.ENTITY)
        and (after[0].start == quantity.end or quantity.approx is not None)
    )


def _links(predicate: str) -> bool:
    """A linking or relational word (`共有`, `多达`, `为`) says what the noun before it amounts to: no one pays."""
    return predicate in LEX.relational or predicate in LEX.link_words or role_of(predicate, "v") == Role.LINK


def _joined_to_list(words: list[Word]) -> bool:
    """The figure follows a joiner after a list of names (`…龚学平等以及近千名`)."""
    index = len(words)
    while index and words[index - 1].kind == Role.MANNER:
        index -= 1
    if not index or words[index - 1].text not in LEX.joiners:
        return False
    return index > 1 and (words[index - 2].kind in (Role.PERSON, Role.ENTITY) or words[index - 2].text in LEX.et_cetera)


def _verb_right_before(words: list[Word]) -> bool:
    """A verb or link chunk stands right before the figure, over adverbials."""
    chunk = last_chunk(words)
    return chunk is not None and chunk.kind in (ChunkKind.VERB, ChunkKind.LINK) and chunk.words[0].kind != Role.LIGHT


def _preposition_before(words: list[Word]) -> bool:
    """The figure stands in a preposition's phrase: a preposition before it, and no verb between
    (`对２０户特困企业中的近７０００名…`)."""
    kinds = [chunk.kind for chunk in chunk_clause(words)]
    last = max((i for i, kind in enumerate(kinds) if kind == ChunkKind.PREPOSITION), default=-1)
    return last >= 0 and not any(kind in (ChunkKind.VERB, ChunkKind.LINK) for kind in kinds[last:])


def _noun_after_of(after: list[Word]) -> list[Word]:
    """The noun phrase chunk right after a `的` that follows the figure (`４年的苦干实干`), else nothing."""
    if not after or after[0].kind != Role.OF:
        return []
    phrase = leading_noun_phrase(after[1:])
    return [] if phrase and phrase[-1].text in LEX.localizers else phrase  # `短短三年的时候`: a time


def _relative_head(after: list[Word]) -> list[Word]:
    """`两部性能先进的雷达`, `两辆车号明显是机关的小汽车`: a clause with its own adjective or link
    between a count and `的` describes the head of the noun phrase after it, which the count counts.
    A clause with a plain verb is one the count stands in (`在１４６个国家施工的国际认证`)."""
    chunks = [c for c in chunk_clause(after[:_RELATIVE_SPAN]) if c.kind != ChunkKind.ADVERBIAL]
    if not chunks or chunks[0].kind != ChunkKind.NOUN:
        return []
    described = chunks[0]  # `性能先进的雷达`: the modifier ends with an adjective
    if not (described.modifier and described.modifier[-1].kind == Role.ADJECTIVE):
        described = chunks[2] if len(chunks) > 2 and chunks[1].kind == ChunkKind.LINK else None  # `车号…是机关的小汽车`
    if described is None or described.kind != ChunkKind.NOUN or described.last_of < 0:
        return []
    return _noun_after_of(after[after.index(described.words[described.last_of]) :])


def _link_before_relative(words: list[Word]) -> str | None:
    """A link whose object is the counted noun phrase, a relative clause (ending with `的`) between
    them (`是国家重点扶持的３００家企业之一` -> `是`)."""
    chunks = chunk_clause(words)
    link = max((i for i, c in enumerate(chunks) if c.kind == ChunkKind.LINK), default=-1)
    if link < 0 or not chunks or chunks[-1].kind != ChunkKind.OF:
        return None
    if any(c.kind in (ChunkKind.LINK, ChunkKind.OTHER, ChunkKind.QUANTITY) for c in chunks[link + 1 :]):
        return None
    return _link_word(words, words.index(chunks[link].words[0]))


def _verb_before_modifier(words: list[Word]) -> str | None:
    """The main verb of a clause whose object is the counted noun phrase, a modifier ending in `的`
    before the figure (`截断了注入河道的６００多个污水口` -> `截断`, `工程共更换…线路上的８７２７根` -> `更换`).

    The verb is the clause's own when an aspect particle follows it or a noun phrase (its subject)
    stands before it; a verb opening the clause without either begins the modifier itself
    (`护卫国旗升起的４位青年都是`), and one with a place phrase (`架设在…之间的两根`) puts the figure in
    the place. None also when a preposition's phrase holds the modifier (`对适合发展…的85个贫困村`).
    """
    chunks = chunk_clause(words)
    kept = [chunk for chunk in chunks if chunk.kind != ChunkKind.ADVERBIAL]
    if len(kept) < 3 or kept[-1].kind != ChunkKind.OF:
        return None
    opening = (ChunkKind.VERB, ChunkKind.LINK, ChunkKind.PREPOSITION, ChunkKind.OF)
    first = next(i for i, chunk in enumerate(kept) if chunk.kind in opening)
    verb = kept[first]
    if verb.kind != ChunkKind.VERB or first + 2 > len(kept) - 1:
        return None
    if kept[first + 1].kind == ChunkKind.PREPOSITION and kept[first + 1].words[0].text in ("在", "于"):
        return None
    following = chunks[chunks.index(verb) + 1]
    aspect = following.kind == ChunkKind.ADVERBIAL and following.words[0].text in LEX.aspect_particles
    subject = any(chunk.kind in (ChunkKind.NOUN, ChunkKind.FRAME) for chunk in kept[:first])
    return chain_text(list(verb.words)) if aspect or subject else None


def _verb_in_aside(words: list[Word]) -> str | None:
    """The verb that opens an aside and states its figure (`（合人民币６５００多元）` -> `合`), or None."""
    chunks = chunk_clause(words)
    if not chunks or chunks[0].kind not in (ChunkKind.VERB, ChunkKind.LINK):
        return None
    if any(c.kind not in (ChunkKind.NOUN, ChunkKind.ADVERBIAL) for c in chunks[1:]):
        return None
    chunk = chunks[0]
    return link_text(chunk.words[0].text) if chunk.kind == ChunkKind.LINK else chain_text(list(chunk.words))


def _amount_of(quantity: Quantity, after: list[Word]) -> bool:
    """An amount of money right before `的`: what the verb before it gives (`开出了…美元的支票`)."""
    return quantity.unit in UNITS.money and bool(after) and after[0].kind == Role.OF


def _link_before(words: list[Word]) -> str | None:
    """The linking or relational verb that states the figure when no other verb does (`为10.57摄氏度`,
    `只有500多`, `有偏北风5级`, `价值3万元`): read back over the chunks of the counted noun, adverbials,
    `的` and a list the figure closes (`有尼玛县、安多县等县、５７个乡`, `新币有５、１０…卢布５种纸币`)."""
    chunks = chunk_clause(words)
    for index in range(_list_start(chunks), -1, -1):
        chunk = chunks[index]
        if chunk.kind == ChunkKind.LINK:
            return _link_word(words, words.index(chunk.words[0]))
        if not _passed_before_link(chunk):
            return None
        relational = next((w.text for w in reversed(chunk.words) if w.text in LEX.relational), None)
        if relational is not None:
            return relational
    return None


def _list_start(chunks: list[Chunk]) -> int:
    """The last chunk to read back from: before a list closed by 等, the chunk before its first item
    (`有场道、…机场围界、排水…等７项工程`: items the segmenter tagged as verbs are still nouns)."""
    last = len(chunks) - 1
    if last < 1 or chunks[last].words[-1].text not in LEX.et_cetera:
        return last
    first = next((i for i, chunk in enumerate(chunks) if any(w.text == "、" for w in chunk.words)), None)
    if first is None:
        return last
    item = first - 1 if chunks[first].words[0].text == "、" else first
    return item - 1


def _passed_before_link(chunk: Chunk) -> bool:
    """Chunks between a link and its figure: the counted noun, adverbials, numerals, 的 and list marks."""
    if chunk.kind in (ChunkKind.NOUN, ChunkKind.FRAME, ChunkKind.ADVERBIAL, ChunkKind.OF):
        return True
    if chunk.kind == ChunkKind.QUANTITY:
        return chunk.words[0].kind != Role.FIGURE
    return all(w.text in LEX.joiners or w.text in LEX.et_cetera for w in chunk.words)


def _link_word(words: list[Word], index: int) -> str:
    """The link at `index` as printed, with an adverb glued before it when the two make one word
    (`总共有`, `只有`); other adverbs are left out (`目前有` → `有`)."""
    link = words[index]
    glued = words[index - 1].text + link.text if index and words[index - 1].end == link.start else ""
    return glued if glued in LEX.link_words else link_text(link.text)


def _link_right_before(words: list[Word]) -> str | None:
    """A link chunk right before the figure, over adverbials only (`报喜的就有１１６９０多人`,
    `推送…达150节次`): it states the figure, whatever verb the clause has before it."""
    chunk = last_chunk(words)
    return _link_word(words, words.index(chunk.words[0])) if chunk and chunk.kind == ChunkKind.LINK else None


def read_before(words: list[Word], counts: bool, marked: bool) -> Reading:
    """Walk back from the quantity: asides, the counted noun, the verb, and the topic before it.

    `counts`: the unit counts people or things, so a verbal noun closing the phrase before it
    says what was done to them (`贫困妇女创业就业培训8720人`) rather than what is measured.
    `marked`: the quantity opens with a verb of its own (`超过`, `突破`, `不足`) and counts no noun after it.
    """
    end = skip_back(words, len(words))
    if end and words[end - 1].text in LEX.adverbial_adjectives:
        end = skip_back(words, end - 1)  # `连续三年`: an adjective of duration before a figure is adverbial
    if any(w.text in LEX.sum for w in words[end:]):
        return Reading([], None, [])  # `…负责人共计150余人`: the words before enumerate, they name no kind
    if end and words[end - 1].text in LEX.et_cetera:
        # `引进山西岚丰马铃薯食品有限公司等6家加工企业`: the list before 等 is an apposition of the
        # counted noun after the figure; a verb before the list governs both
        verb_end = skip_back(words, noun_run_start(words, end - 1))
        listed_before = any(w.text == "、" for w in words[:verb_end])  # the verb is an item's (`汾酒保健酒园区`)
        if verb_end and words[verb_end - 1].kind == Role.VERB and not listed_before:
            chain_start = verb_chain_start(words, verb_end)
            topic_start, topic_end = topic_span(words, chain_start)
            return Reading([], chain_text(words[chain_start:verb_end]), words[topic_start:topic_end])
        return Reading([], None, [])
    through_of = end > 0 and words[end - 1].kind == Role.OF
    if through_of:
        end -= 1
        share = _share_verb(words, end)
        if share is not None:
            # `占全市查处违章总数的３５％`: the whole a share is taken of may hold verbs of its own
            topic_start, topic_end = topic_span(words, share)
            return Reading([], words[share].text, words[topic_start:topic_end], share=True)
    elif end and words[end - 1].kind == Role.ADJECTIVE:
        # `增速比城镇高0.7个百分点`, `还落后５分`, `合格２５种`: a figure right after an adjective is
        # its complement, the adjective the verb
        topic_start, topic_end = topic_span(words, end - 1)
        compared = any(w.kind == Role.PREPOSITION for w in words[topic_end : end - 1])
        if words[end - 1].text in LEX.dimensions and not compared:
            return Reading([], None, words[topic_start:topic_end])  # `每头牛重５００公斤`: a dimension states nothing
        return Reading([], words[end - 1].text, words[topic_start:topic_end])
    inner_start = noun_run_start(words, end)
    inner = words[inner_start:end]
    verb_end = skip_back(words, inner_start)
    if verb_end and words[verb_end - 1].kind == Role.PREPOSITION:
        preposition = verb_end - 1
        verb = words[preposition - 1] if preposition else None
        if not inner and verb_end == end and words[preposition].text in LEX.verbal_prepositions:
            # `一周才用３７００多挪威克朗`: a preposition with the figure as its object is the verb
            topic_start, topic_end = topic_span(words, preposition)
            return Reading([], words[preposition].text, words[topic_start:topic_end])
        if verb is not None and verb.kind == Role.VERB and words[preposition].text in ("在", "于"):
            # `失业率控制在3.5%以内`, `稳定在80万亩以上`: the verb takes the place phrase as its complement
            chain_start = verb_chain_start(words, preposition)
            topic_start, topic_end = topic_span(words, chain_start)
            predicate = chain_text(words[chain_start : preposition + 1])
            return Reading(inner, predicate, words[topic_start:topic_end], through_of)
        topic_start, topic_end = topic_span(words, preposition)
        if words[preposition].text in LEX.reference_prepositions:
            inner = []  # `钢丝距地面约６０米高`: the object of 距 or 比 is what the figure is measured from
        # `由２５％降到２０％`: a from value has no verb; neither has a recipient (`向５０００名特困职工供应`)
        no_verb = words[preposition].text in ("由", "从") or words[preposition].text in LEX.recipient_prepositions
        return Reading(inner, None, words[topic_start:topic_end], through_of, no_verb)
    if not verb_end or words[verb_end - 1].kind != Role.VERB:
        if through_of:
            return Reading(inner, None, [], through_of)
        return _verbal_as_verb(inner, counts)
    chain_start = verb_chain_start(words, verb_end)
    chain = words[chain_start:verb_end]
    if chain[-1].text in LEX.complements and len(chain) == 1:
        chain = []
    predicate = chain_text(chain) or None
    if predicate in LEX.dimensions and not inner:
        predicate = None  # `每头牛重５００公斤` (重 tagged a verb): a dimension states nothing
    elif len(chain) > 1 and chain[-1].text in LEX.closing_links:
        predicate = chain[-1].text  # `平均下降达４５％`: the link right before the figure states it
    elif len(chain) > 1 and (chain[0].text in LEX.framing_verbs or chain[0].text in LEX.pivot):
        # `累计推广普及`, `实现翻两番`: the verb after frames nothing; `帮助整顿`: a pivot verb with no
        # object of its own makes the next verb the doing
        predicate = chain_text(chain[1:])
    if marked and not inner and predicate and not states_a_figure(predicate):
        # `亩产超过4000斤`: the marker is the verb, so the word before it names the thing
        named = words[topic_span(words, chain_start)[0] : verb_end]
        return Reading([replace(w, kind=Role.NOUN) if w.kind == Role.VERB else w for w in named], None, [])
    if inner and all(w.kind == Role.VERBAL for w in inner) and not through_of and predicate:
        predicate, inner = predicate + "".join(w.text for w in inner), []
    topic_start, topic_end = topic_span(words, chain_start)
    share = bool(predicate and predicate.startswith("占"))
    if share or (predicate and _COMPARATIVE.fullmatch(predicate)):
        # `白酒产量占到吕梁市的88%`: the possessor is the whole, the topic the part;
        # `高于全国整体增速3.8个百分点`: what is compared with is no subject
        inner = []
    elif _verb_ends_object(words, topic_start, topic_end, chain_start, chain, inner):
        # `新增城镇就业2150人`, `受理群众诉求2.3万件`: the verb before the noun is the predicate, and
        # the verb after it, with no object of its own, belongs to the noun (`城镇就业`)
        outer_end = skip_back(words, topic_start)
        outer_start = verb_chain_start(words, outer_end)
        outer_topic_start, outer_topic_end = topic_span(words, outer_start)
        predicate = chain_text(words[outer_start:outer_end])
        return Reading(words[topic_start:end], predicate, words[outer_topic_start:outer_topic_end], through_of)
    topic = words[topic_start:topic_end]
    if not topic and not inner and predicate and (states_a_figure(predicate) or predicate in LEX.relational):
        topic = _event_before(words, chain_start)
    return Reading(inner, predicate, topic, through_of, share=share)


def _event_before(words: list[Word], chain_start: int) -> list[Word]:
    """`降雪已达４０余次`, `改动则多达八十多次`: a verb with no noun before it, standing before a verb that
    states a figure, names the event that the figure counts; it is the topic, as a verbal noun would be."""
    end = skip_back(words, chain_start)
    if not end or words[end - 1].kind != Role.VERB or states_a_figure(words[end - 1].text):
        return []
    if end > 1 and words[end - 2].kind in (Role.NOUN, Role.ADJECTIVE, Role.VERBAL, Role.VERB, Role.OF):
        return []  # `企业亏损已达`: the noun before names the thing; a verb there makes a chain
    return [replace(words[end - 1], kind=Role.VERBAL)]


def _share_verb(words: list[Word], end: int) -> int | None:
    """Index of the verb of a share (`占`, `占到`) that opens the whole before `的`, if one does."""
    for index in range(end - 1, -1, -1):
        word = words[index]
        if word.kind == Role.VERB and word.text.startswith("占"):
            return index if index < end - 1 else None
        if not (nominal(word) or word.kind in (Role.VERB, Role.SKIP)):
            return None
    return None


def _verb_ends_object(
    words: list[Word], topic_start: int, topic_end: int, chain_start: int, chain: list[Word], inner: list[Word]
) -> bool:
    """`受理 群众 诉求 2.3万件`: a verb right after a noun, itself after a verb, is part of that verb's object.

    Not when it has an object of its own (`申报特岗计划补充教师160名`: two verbs in a row), states a
    figure (`入区企业达到129个`), follows a modal or adverb (`取个快递要跑`), follows a name
    (`庆祝西藏自治区成立60周年`), or the verb before makes its object act (`带动…消费增长`).
    """
    if inner or not chain or topic_start == topic_end or topic_end != chain_start:
        return False
    if states_a_figure(chain_text(chain)):
        return False
    if all(w.kind in (Role.ENTITY, Role.PERSON) for w in words[topic_start:topic_end]):
        return False
    outer_end = skip_back(words, topic_start)
    return bool(outer_end) and words[outer_end - 1].kind == Role.VERB and words[outer_end - 1].text not in LEX.pivot


def _verbal_as_verb(words: list[Word], counts: bool) -> Reading:
    """In a clause without a verb, a verbal noun is the verb: before the counted noun (`存栏牛`,
    `培训护工`, `新建标准化储藏窖`, two coordinated ones: `排查整改火灾隐患`) or, for a count, after it
    (`贫困妇女创业就业培训8720人`), unless it names an attribute (`投资强度`). An amount measures
    the activity itself (`一般贸易进出口4.13万亿元`)."""
    words = without_frame(words)  # `我国出口机电产品`: where, before what was done
    if len(words) > 1 and not attribute(words):
        verbs = 2 if len(words) > 2 and coordinated(words[0], words[1]) else 1
        nouns = words[verbs:]
        # verbal nouns inside the noun phrase modify its head (`新建 标准化储藏窖`), but a
        # one-character one before them is bound to the next (`离退休职工`)
        modifiers = [w for w in nouns if w.kind == Role.VERBAL]
        if (
            all(w.kind == Role.VERBAL for w in words[:verbs])
            and all(w.kind in (Role.NOUN, Role.ADJECTIVE, Role.VERBAL) for w in nouns)
            and nouns[-1].kind in (Role.NOUN, Role.ADJECTIVE)
            and not (modifiers and len(words[0].text) == 1)
        ):
            return Reading(nouns, "".join(w.text for w in words[:verbs]), [])
        if counts and words[-1].kind == Role.VERBAL and words[0].kind in (Role.NOUN, Role.ADJECTIVE):
            head = next(i for i, w in enumerate(words) if w.kind == Role.VERBAL)
            return Reading(words[:head], words[-1].text, [])
    return Reading(words, None, [])


def counted(quantity: Quantity) -> bool:
    return quantity.unit not in ("%", "倍", "个百分点", "") and not quantity.unit.startswith("元")
