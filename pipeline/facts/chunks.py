"""Chunks over the words of a clause: noun phrases, verb chains, and words the segmenter split.

`chunk_clause` turns a clause's words into a flat list of typed chunks (a small grammar over the
word roles of `roles.py`, whose word classes come from `data/words.toml`): quantities, noun
phrases with their 的-phrases and coordination inside, verb chains, preposition phrases, links,
and the frames a newspaper puts before what it counts (places, scopes). The attachment rules
(`attach.py`) read a clause around the figure: the noun phrase right before it (what it counts),
the verb chain before that (what is said of it), the noun phrase before the verb (the topic), and
the noun phrase right after it (the counted thing when the count comes first).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pipeline.facts.roles import (
    DESCRIBED_ROLES,
    LEX,
    SKIPPED_ROLES,
    Role,
    Word,
    attribute,
    inside_attribute,
    link_text,
    nominal,
    numeral_word,
    states_a_figure,
    without_modal,
)


def compounds(words: list[Word]) -> list[Word]:
    """Rejoin words the segmenter split inside a compound, judged by their shape.

    A one-character verb before a one-character noun or verb, inside a longer phrase, is a
    verb-object or verb-verb compound (`入区企业`, `脱毒种薯`, `办结时限`, `学做面塑`); before a
    two-character verb it is coordinated with it (`改扩建`), unless it states the figure (`占出口总值`).
    A one-character noun and verb before a noun modify it (`州属高中`); a bound noun ends the
    word before it (`上线率`). `为` and result complements right after a verb are its own
    (`细化为`, `升级为`, `攒下`); `有的` before a noun is a determiner (`有的县`). A pronoun or 全/各
    before a one-character administrative unit is a scope (`我国`). After `的` a noun follows, so a
    one-character verb glued to a noun opens it (`受访者`).
    """
    joined: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None or following.start != word.end:
            joined.append(word)
            index += 1
            continue
        kind = _compound_kind(word, following, words[index + 2] if index + 2 < len(words) else None)
        if kind is None and joined and joined[-1].kind == Role.OF and _bound_verb(word, following):
            kind = Role.NOUN  # `调查的受访者`: after 的 comes a noun, so a one-character verb opens it
        if kind is None:
            joined.append(word)
            index += 1
            continue
        joined.append(Word(word.text + following.text, word.start, following.end, kind))
        index += 2
    return joined


def _compound_kind(word: Word, following: Word, then: Word | None) -> Role | None:
    """The kind of `word` + `following` read as one word, or None when they are two."""
    if (
        following.text in LEX.noun_suffixes
        and word.kind in (Role.NOUN, Role.VERBAL)
        and (then is None or then.kind not in (Role.VERB, Role.LINK))
    ):
        return Role.NOUN  # `山坡地`, `监控点`: a particle or classifier glued to a noun, no verb after it
    if following.text in LEX.bound_heads and word.kind in (Role.NOUN, Role.VERB, Role.VERBAL):
        return Role.NOUN  # `上线率`, `进线率`, `保护价`: a bound noun ends the word before it
    if word.text in LEX.verb_prefixes and following.kind == Role.VERB and len(following.text) == 1:
        return Role.VERB  # `新修公路`, `新打机井`: one verb, as `新建` is one word
    if word.kind == Role.VERB and (following.text == "为" or following.text in LEX.result_complements):
        return Role.VERB
    if word.kind == Role.VERB and following.kind == Role.PREPOSITION and then is not None and then.kind == Role.VERB:
        return Role.NOUN  # `占比达到`: a preposition between two verbs has no object, so it ends a word
    if word.text in LEX.scope_pronouns and len(following.text) == 1 and following.text in LEX.scope_heads:
        return Role.SCOPE
    if word.text + following.text in LEX.split_determiners and then is not None and nominal(then):
        return Role.SKIP  # `有的县２４小时降雪`: `有的` ("some") is a determiner, not the link 有
    if then is None or then.start != following.end or len(word.text) != 1:
        return None
    if word.kind == Role.NOUN and following.kind == Role.VERB and len(following.text) == 1 and nominal(then):
        return Role.NOUN  # `州属高中`: a one-character noun and verb before a noun modify it
    if word.kind != Role.VERB or then.kind not in (Role.NOUN, Role.VERBAL, Role.VERB, Role.ENTITY):
        return None
    if len(following.text) == 1 and following.kind in (Role.NOUN, Role.VERB):
        return following.kind
    if following.kind in (Role.VERB, Role.VERBAL) and len(following.text) == 2 and word.text not in LEX.figure_verbs:
        return Role.VERB
    return None


def _bound_verb(word: Word, following: Word) -> bool:
    return word.kind == Role.VERB and len(word.text) == 1 and following.kind == Role.NOUN


def noun_run_start(words: list[Word], end: int, topic: bool = False) -> int:
    """Start of the noun phrase ending at `end`: nouns, names, and `、`/`和` between nouns.

    A `topic` (the phrase before its verb) also holds verbs that follow a noun of it, with a modal
    among them (`群众办事平均用时`, `年加工鲜薯能力`, `农村居民人均可支配收入`): a verb after a noun
    inside the subject describes it, while a verb opening the clause, or following the object of a
    preposition (`向全区中小学生推送`), is the clause's own.
    """
    measured = attribute(words[end - 1 : end])
    index = end
    while index > 0:
        word = words[index - 1]
        if nominal(word) or (measured and index >= end - 1 and inside_attribute(words, index - 1)):
            index -= 1
            continue
        if topic and (word.kind == Role.VERB or LEX.modal.fullmatch(word.text)):
            group = index - 1
            while group and (words[group - 1].kind == Role.VERB or LEX.modal.fullmatch(words[group - 1].text)):
                group -= 1
            if group and words[group - 1].kind in DESCRIBED_ROLES and not _after_preposition(words, group):
                index = group
                continue
        if word.text in LEX.joiners and end > index > 1 and nominal(words[index - 2]):
            index -= 1
            continue
        if word.text in LEX.inner_determiners and index < end:
            index -= 1  # `全国及国家各类图书奖`: a determiner inside the phrase
            continue
        if word.text in LEX.averages and index < end:
            index -= 1  # `人均国内生产总值`: an average opens the measure, whatever its tag
            continue
        if word.text in LEX.rate_periods and index < end and _measure_follows(word, words[index]):
            index -= 1  # `日平均气温`, `年产值`: a period glued to an average or attribute qualifies it
            continue
        if word.kind == Role.MANNER and end > index > 1 and nominal(words[index - 2]):
            index -= 1  # `农村快递平均送达时间`: a manner word inside the phrase
            continue
        break
    while index < end and words[index].text in LEX.joiners:
        index += 1
    return index


def _measure_follows(period: Word, following: Word) -> bool:
    glued = period.end == following.start
    return glued and (following.text in LEX.averages or following.text.endswith(LEX.attribute_heads))


def _after_preposition(words: list[Word], end: int) -> bool:
    """The nouns before `end` are the object of a preposition (`在进口国`) or counted by the figure
    before them (`向全区7万多名中小学生`)."""
    index = end
    while index and (nominal(words[index - 1]) or words[index - 1].kind in (Role.SKIP, Role.MANNER)):
        index -= 1
    return bool(index) and words[index - 1].kind in (Role.PREPOSITION, Role.FIGURE)


def following_phrase(
    words: list[Word], of_allowed: bool, counts: bool, as_subject: bool = False, governed: bool = False
) -> tuple[list[Word], str | None]:
    """The noun right after the quantity (`352名贫困妇女`, `50%以上的国土`) and a verbal noun ending it.

    `12条县（市、区）路线改造`: the trailing verbal noun is the predicate, not part of the subject.
    `as_subject`: no verb governs the count, so its phrase is the clause's subject; `governed`: a
    preposition governs it (`对…的近７０００名离退休人员，`), so a verb inside the phrase describes its noun.
    """
    if words and words[0].text.startswith(("之", "以")):
        return [], None  # `在5元至8元之间`: a localizer closes the figure, it names nothing
    start = 1 if of_allowed and words and words[0].kind == Role.OF else 0
    end = nominal_run(words, start, counts)
    if start < end and end < len(words) and words[end].text in LEX.pair_joiners:
        end = _pair_end(words, end)
    if as_subject and start < end:
        end = _inner_verb_end(words, end)
    if any(w.kind == Role.VERB for w in words[start:end]) and not _predicate_at(words, end) and not governed:
        end = nominal_run(words, start, False)  # `70余人参加会议`: the verb is the clause's own
    head_end = end
    while head_end > start and words[head_end - 1].kind == Role.VERBAL:
        head_end -= 1
    if head_end > start and head_end < end and words[head_end - 1].kind == Role.ADJECTIVE:
        head_end = end  # `５次强降雪`: after an adjective a verbal noun is the head, not a verb
    verb = "".join(w.text for w in words[head_end:end]) or None
    return (words[:head_end] if head_end > start else []), verb


def _pair_end(words: list[Word], joiner: int) -> int:
    """`三点意见和建议`: a count before two nouns joined as a pair counts both; not a longer list
    (`职工及烈军属、老干部`) nor a second noun with a frame or quantifier of its own (`学生和部分家长`)."""
    chunks = chunk_clause(words[joiner + 1 :])
    if not chunks or chunks[0].kind != ChunkKind.NOUN:
        return joiner
    paired = nominal_run(words, joiner + 1, False)
    return joiner if paired < len(words) and words[paired].text in LEX.joiners else paired


def _inner_verb_end(words: list[Word], end: int) -> int:
    """`４个交通指挥岗亭全部撤除`: in the subject of a clause, a two-character verb between two nouns
    is inside the phrase when the clause's own verb follows the second noun (`52名困难女性开具证明`
    ends with its object instead)."""
    if end >= len(words) - 1 or words[end].kind != Role.VERB or len(words[end].text) < 2:
        return end
    second = nominal_run(words, end + 1, False)
    if second == end + 1 or words[second - 1].kind != Role.NOUN:
        return end
    if any(w.kind in (Role.ENTITY, Role.PERSON) for w in words[end + 1 : second]):
        return end  # a name after the verb is its object
    verb = next((w for w in words[second:] if w.kind not in SKIPPED_ROLES), None)
    if verb is None or verb.kind != Role.VERB or states_a_figure(verb.text):
        return end
    return second


def nominal_run(words: list[Word], start: int, describing: bool) -> int:
    """End of the noun phrase from `start`; `describing`: with verbs that describe its noun."""
    end = start
    while end < len(words) and (nominal(words[end]) or (describing and _describes(words, end, start))):
        end += 1
    return end


def _describes(words: list[Word], index: int, start: int) -> bool:
    """A verb before the first noun after a count describes that noun (`13名患病妇女每人申领`,
    `34名特困留守残疾儿童解决`, `3所新开公办幼儿园的`); after the noun it is the clause's verb
    (`52名困难女性开具`)."""
    if words[index].kind != Role.VERB or index + 1 == len(words) or not nominal(words[index + 1]):
        return False
    return not any(w.kind in (Role.NOUN, Role.ENTITY, Role.PERSON, Role.SCOPE) for w in words[start:index])


def _predicate_at(words: list[Word], index: int) -> bool:
    """A verb (after adverbs) or `的` comes at `index`: what stands before it is a noun phrase."""
    index = next((i for i in range(index, len(words)) if words[i].kind not in SKIPPED_ROLES), len(words))
    return index < len(words) and words[index].kind in (Role.VERB, Role.OF, Role.LIGHT)


def skip_back(words: list[Word], end: int) -> int:
    while end > 0 and words[end - 1].kind in SKIPPED_ROLES:
        end -= 1
    return end


def verb_chain_start(words: list[Word], end: int) -> int:
    """Start of the verb chain ending at `end` (`培养造就`, `同比增长`, `申领发放`, `收集、整理和保护`).

    A verb right after a noun or adjective belongs to the phrase before it (`平均用时缩短`), and
    so does a verb the segmenter made of an attribute (`入园率达98%`); a complement stays with its
    verb (`占比提升至`).
    """
    start = end - 1
    while start and words[start - 1].kind in (Role.VERB, Role.COMPARISON):
        if words[start - 1].kind == Role.VERB and attribute(words[start - 1 : start]):
            break
        described = start > 1 and words[start - 2].kind in DESCRIBED_ROLES
        if described and words[start - 1].kind == Role.VERB and words[start].text not in LEX.complements:
            break
        start -= 1
    if start > 1 and words[start - 1].text in LEX.joiners and words[start - 2].kind == Role.VERB:
        return verb_chain_start(words, start - 1)  # `收集、整理和保护`: coordinated verbs are one predicate
    return start


def chain_text(chain: list[Word]) -> str:
    return "".join(without_modal(w.text) for w in chain)


def topic_span(words: list[Word], end: int) -> tuple[int, int]:
    """Span of the noun phrase before the verb; a comparand or place before the verb (`比城镇`,
    `在全县`) is passed over, and an agent (`由县财政拨付`) or object (`把…`) leaves no topic."""
    end = skip_back(words, end)
    start = noun_run_start(words, end, topic=True)
    opening = start
    while opening and (nominal(words[opening - 1]) or words[opening - 1].kind in (Role.OF, Role.SKIP)):
        opening -= 1  # `向一位加利福尼亚州的受害者家属`: the phrase is the object of a preposition
    if opening < start and opening and words[opening - 1].kind == Role.PREPOSITION:
        start = opening
    if start and words[start - 1].kind == Role.PREPOSITION:
        if words[start - 1].text in LEX.framing_prepositions:
            return topic_span(words, start - 1)
        return end, end
    return start, end


def verb_after(words: list[Word], start: int) -> str | None:
    """The verb chunk after the quantity and its noun (`9名教师参赛`, `在全县4所学校实行`); a link
    states the figure (`４位青年都是…人员`), a light verb the verbal noun after it, and punctuation
    or a 的 that ends a clause stops the search."""
    rest = words[start:]
    for chunk in chunk_clause(rest):
        first = chunk.words[0]
        if chunk.kind == ChunkKind.VERB and first.kind == Role.LIGHT:
            return next((w.text for w in rest if w.start > first.start and w.kind == Role.VERBAL), first.text)
        if chunk.kind == ChunkKind.VERB:
            return "".join(without_modal(w.text) for w in chunk.words)  # `收集、处理、记录`: one predicate
        if chunk.kind == ChunkKind.LINK:
            return link_text(first.text)
        if chunk.kind in (ChunkKind.OTHER, ChunkKind.OF):
            return None
    return None


def leading_noun_phrase(words: list[Word]) -> list[Word]:
    """The noun phrase that opens `words`, with the frame chunk before it (`南部湿地公园项目`), or nothing."""
    chunks = chunk_clause(words)
    framed = 1 if len(chunks) > 1 and chunks[0].kind == ChunkKind.FRAME else 0
    if not chunks or chunks[framed].kind != ChunkKind.NOUN:
        return []
    return [word for chunk in chunks[: framed + 1] for word in chunk.words]


def without_frame(words: list[Word]) -> list[Word]:
    """The phrase without the frame chunk that opens it (`西藏公路通车里程`, `四川、重庆、河南进出口`,
    `淮河以北大部地区日平均气温`), unless a lone activity is left, which needs its place (`中西部地区进出口`)."""
    chunks = chunk_clause(words)
    if not chunks or chunks[0].kind != ChunkKind.FRAME:
        return words
    rest = words[len(chunks[0].words) :]
    if len(rest) == 1 and rest[0].kind == Role.VERBAL:
        return words
    return rest


def names_a_thing(words: list[Word]) -> bool:
    """A noun phrase worth a subject: not only place names (`西藏74个`), no agent (`总书记两次`), not a
    lone verbal noun (`存栏`); verbal nouns together name an activity (`加工贸易进出口`)."""
    if any(w.kind == Role.PERSON for w in words) or (len(words) == 1 and words[0].kind == Role.VERBAL):
        return False
    return any(w.kind in (Role.NOUN, Role.VERBAL) for w in words)


class ChunkKind(StrEnum):
    """What a chunk is in the clause."""

    QUANTITY = "QP"  # a figure (the previous fact) or a numeral the segmenter left as a word
    NOUN = "NP"  # modifiers and a head noun, with 的-phrases and coordination inside
    VERB = "VP"  # a verb chain with its complements and coordinated verbs
    PREPOSITION = "PP"  # a preposition and the noun phrase it takes
    LINK = "LINK"  # a linking verb (`为 是 有`)
    FRAME = "FRAME"  # places and scopes before a noun phrase: where the figure holds
    OF = "OF"  # a 的 that joins nothing (a nominalised clause ends with it)
    ADVERBIAL = "ADV"  # adverbs, particles, times, modals, `同比`: passed over between the chunks
    OTHER = "OTHER"  # punctuation and what the grammar does not read


@dataclass(frozen=True, slots=True)
class Chunk:
    kind: ChunkKind
    words: tuple[Word, ...]

    @property
    def last_of(self) -> int:
        """Index of the phrase's last 的, or -1: before it the modifier, after it the head."""
        return max((i for i, w in enumerate(self.words) if w.kind == Role.OF), default=-1)

    @property
    def head(self) -> tuple[Word, ...]:
        """The words after the phrase's last 的: the noun its modifiers describe (`两部性能先进的雷达`)."""
        return self.words[self.last_of + 1 :]

    @property
    def modifier(self) -> tuple[Word, ...]:
        """The words before the phrase's last 的 (`性能先进`), or nothing."""
        return self.words[: max(self.last_of, 0)]


def chunk_clause(words: list[Word]) -> list[Chunk]:
    """The clause as chunks, read left to right; every word lands in exactly one chunk."""
    chunks: list[Chunk] = []
    index = 0
    while index < len(words):
        kind, end = _next_chunk(words, index)
        chunks.append(Chunk(kind, tuple(words[index:end])))
        index = end
    return chunks


def last_chunk(words: list[Word]) -> Chunk | None:
    """The last chunk of the clause that is not an adverbial: what stands right before the figure."""
    return next((c for c in reversed(chunk_clause(words)) if c.kind != ChunkKind.ADVERBIAL), None)


def _next_chunk(words: list[Word], index: int) -> tuple[ChunkKind, int]:
    word = words[index]
    if word.kind == Role.FIGURE or numeral_word(word):
        return ChunkKind.QUANTITY, index + 1
    if _frame_word(word):
        end = _frame_end(words, index)
        if end < len(words) and _opens_noun(words[end]):
            return ChunkKind.FRAME, end  # `西藏公路通车里程`: the place frames the noun after it
    if _opens_noun(word):
        return ChunkKind.NOUN, _noun_end(words, index)
    if word.kind == Role.PREPOSITION:
        end = _noun_end(words, index + 1) if index + 1 < len(words) and nominal(words[index + 1]) else index + 1
        return ChunkKind.PREPOSITION, end
    if word.kind in (Role.VERB, Role.LIGHT):
        end = index + 1
        while end < len(words) and (words[end].kind == Role.VERB or _joins(words, end, _verb)):
            end += 1
        return ChunkKind.VERB, end
    if word.kind == Role.LINK:
        return ChunkKind.LINK, index + 1
    if word.kind == Role.OF:
        return ChunkKind.OF, index + 1
    if word.kind in (Role.SKIP, Role.MANNER, Role.COMPARISON):
        return ChunkKind.ADVERBIAL, index + 1
    return ChunkKind.OTHER, index + 1


def _verb(word: Word) -> bool:
    return word.kind == Role.VERB


def _opens_noun(word: Word) -> bool:
    """A word that may open a noun phrase: a noun, a determiner inside it (`各类`), an average or a
    period that makes a measure one per head or per period (`人均`, `全年`)."""
    return (
        nominal(word)
        or word.text in LEX.inner_determiners
        or word.text in LEX.averages
        or word.text in LEX.rate_periods
    )


def _frame_word(word: Word) -> bool:
    return word.kind in (Role.ENTITY, Role.SCOPE) or word.text in LEX.place_nouns


def _frame_end(words: list[Word], index: int) -> int:
    """End of the places and scopes from `index`, joined by joiners."""
    end = index + 1
    while end < len(words) and (_frame_word(words[end]) or _joins(words, end, _frame_word) or _region(words, end)):
        end += 1
    return end


def _region(words: list[Word], index: int) -> bool:
    """A region word after a place noun is still where (`大部地区`); after a name it is the thing's
    (`西藏自治区地区生产总值`)."""
    return words[index].text in LEX.region_heads and words[index - 1].text in LEX.place_nouns


def _joins(words: list[Word], index: int, item: object) -> bool:
    """A joiner (`、和与及`) between two words of the same kind."""
    return (
        0 < index < len(words) - 1
        and words[index].text in LEX.joiners
        and item(words[index - 1])  # type: ignore[operator]
        and item(words[index + 1])  # type: ignore[operator]
    )


def _noun_end(words: list[Word], index: int) -> int:
    """End of the noun phrase from `index`: nominal words, determiners and averages inside it,
    joiners between nouns, and `的` followed by more of the phrase (`全国各类图书奖`, `意见和建议`,
    `性能先进的雷达`)."""
    end = index
    while end < len(words) and (_opens_noun(words[end]) or (end > index and _inside_noun(words, end))):
        end += 1
    return end


def _inside_noun(words: list[Word], index: int) -> bool:
    """A manner word, a joiner between nouns, or a `的` before a noun continues the phrase."""
    word = words[index]
    of_noun = word.kind == Role.OF and index + 1 < len(words) and nominal(words[index + 1])
    return word.kind == Role.MANNER or of_noun or _joins(words, index, nominal)
