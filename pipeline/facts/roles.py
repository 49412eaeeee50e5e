"""Roles of words in the fact grammar: what a word can do in a clause that states a figure.

A word's role comes from its text first (the word classes of `data/words.toml`) and its
part-of-speech tag second (LAC's and jieba's tag sets are mapped onto the same roles).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from pipeline.facts.lexicon import lexicon
from pipeline.types import Token
from pipeline.typography import NUMERAL_CHARS

LEX = lexicon()


class Role(StrEnum):
    """What a word can be in a clause around a figure."""

    NOUN = "noun"
    ADJECTIVE = "adjective"
    ENTITY = "entity"  # a place or organisation name
    PERSON = "person"
    VERBAL = "verbal"  # a verbal noun (`vn`): a verb where the clause has none
    VERB = "verb"
    MANNER = "manner"  # `平均`: an adverbial inside a noun phrase
    PREPOSITION = "preposition"
    OF = "of"  # 的
    LINK = "link"  # a linking verb (`为 是 有`)
    SKIP = "skip"  # adverbs, particles, times, modals, quantifiers
    LIGHT = "light"  # `进行 给予`: the verbal noun after it is what was done
    COMPARISON = "comparison"  # `同比 环比`
    SCOPE = "scope"  # `全区 我国 当地`
    FIGURE = "figure"  # the previous fact of the clause
    OTHER = "other"  # punctuation and what the grammar does not read


# Roles passed over between a phrase and the figure, and roles a following verb may describe.
SKIPPED_ROLES = (Role.SKIP, Role.MANNER, Role.COMPARISON, Role.LINK)
DESCRIBED_ROLES = (Role.NOUN, Role.ADJECTIVE, Role.VERBAL)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    kind: Role  # see role_of; Role.FIGURE stands for the previous fact in the clause


def token_role(token: Token) -> Role:
    return role_of(token.text, token.pos)


@lru_cache(maxsize=65536)
def role_of(text: str, pos: str) -> Role:
    """The word's role for subject and predicate, from its text first and its tag second."""
    if text == "的":
        return Role.OF
    if text in LEX.prepositions:
        return Role.PREPOSITION  # `比起加拿大９％的…失业率`: tagged a verb, it introduces a comparand
    if pos == "p" and text == "为":
        return Role.PREPOSITION  # `为群众代办`; the verb 为 links (`系数为3.5倍`)
    if text in LEX.et_cetera:
        return Role.OTHER  # `…基地等12个重点项目`: the list before is an apposition, no verb of ours
    if text in LEX.comparison:
        return Role.COMPARISON
    if text in LEX.linking or text != link_text(text):
        return Role.LINK
    if LEX.scope.fullmatch(text):
        return Role.SCOPE
    if text in LEX.auxiliary or text in LEX.quantifier or text.startswith("第") or LEX.modal.fullmatch(text):
        return Role.SKIP
    if len(text) >= 3 and text[-1] in LEX.place_suffixes and pos not in LEX.tags[Role.PERSON]:
        return Role.ENTITY
    if text in LEX.light:
        return Role.LIGHT
    if text in LEX.complements:
        return Role.VERB
    if pos == "p":
        return Role.PREPOSITION
    if pos == "vn":
        return Role.VERBAL
    if pos == "a":
        return Role.ADJECTIVE
    if pos == "ad":
        return Role.MANNER
    if pos in LEX.tags[Role.NOUN] or (pos == "f" and len(text) > 1):
        return Role.NOUN
    if pos in LEX.tags[Role.ENTITY]:
        return Role.ENTITY
    if pos in LEX.tags[Role.PERSON]:
        return Role.PERSON
    if pos in LEX.tags[Role.VERB]:
        return Role.VERB
    if pos in LEX.tags[Role.SKIP]:
        return Role.SKIP
    return Role.OTHER


def numeral_word(word: Word) -> bool:
    """A number word the segmenter left as it is (`两袋`, `360分`)."""
    return word.kind == Role.SKIP and word.text[0] in NUMERAL_CHARS


def nominal(word: Word) -> bool:
    return word.kind in (Role.NOUN, Role.ADJECTIVE, Role.ENTITY, Role.PERSON, Role.VERBAL, Role.SCOPE)


def attribute(words: list[Word]) -> bool:
    """A measured attribute (`入园率`, `投资强度`, `通车里程`): its verbs belong to the noun."""
    return bool(words) and words[-1].text.endswith(LEX.attribute_heads)


def inside_attribute(words: list[Word], index: int) -> bool:
    """A verb right before an attribute noun is part of it (`公路通车里程`), unless an adverb or
    modal makes it a predicate (`可实现年产值`)."""
    return words[index].kind == Role.VERB and not (
        index and words[index - 1].kind in (Role.SKIP, Role.MANNER, Role.VERB)
    )


def coordinated(first: Word, second: Word) -> bool:
    """Two two-character verbal nouns in a row do one thing together (`排查整改`, `申领发放`)."""
    return first.kind == second.kind == Role.VERBAL and len(first.text) == len(second.text) == 2


def link_text(text: str) -> str:
    """A linking verb as the predicate: `也是` → `是`, `目前有` → `有`, `仅为` → `为`, but `只有`, `共有`
    stay whole (`link_words`); any other word is returned as it is."""
    if text in LEX.link_words:
        return text
    for length in range(len(text) - 1, 0, -1):
        adverb, link = text[:length], text[length:]
        if adverb in LEX.link_adverbs and (link in LEX.linking or link in LEX.link_words):
            return link_text(link)
    return text


def without_modal(verb: str) -> str:
    """`可容纳` → `容纳`, `只用` → `用`, `有望达到` → `达到`: a modal the segmenter glued to the verb."""
    if verb in LEX.linking or verb != link_text(verb):
        return link_text(verb)
    modal = LEX.modal_prefix.match(verb)
    return verb[modal.end() :] if modal else verb  # only in front: `无家可归` keeps its `可`


def states_a_figure(predicate: str) -> bool:
    """`达到`, `增长`, `提高到`, `同比增长`: verbs whose complement is a figure."""
    verb = predicate.removeprefix("同比").removeprefix("环比")
    return verb in LEX.figure_verbs or verb.endswith(("到", "至", "为"))
