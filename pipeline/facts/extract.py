"""From an article's text, words and entities to its numeric facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from pipeline.facts.attach import Clauses
from pipeline.facts.filters import is_fact
from pipeline.facts.roles import LEX
from pipeline.numbers import Quantity, find_quantities
from pipeline.types import Entity, Fact, Token


def extract_facts(text: str, tokens: Sequence[Token], entities: Sequence[Entity] = ()) -> list[Fact]:
    """Every quantity of `text` that states a figure, with subject and predicate.

    `tokens` are the article's words and tags (LAC's or jieba's); `entities` the names the entity
    stage found, inside which a numeral is part of the name (`三明市支行`, `联合四会移动公司`).
    """
    quantities = find_quantities(text)
    if not quantities:
        return []
    words = Clauses(text, tokens, entities)
    facts: list[Fact] = []
    previous: Fact | None = None
    previous_governs = False
    distributed: dict[int, str] = {}
    for index, quantity in enumerate(quantities):
        before = quantities[index - 1] if index else None
        after = quantities[index + 1] if index + 1 < len(quantities) else None
        if not is_fact(text, quantity, words, before, after):
            continue
        fact = Fact(
            text=text[quantity.start : quantity.end],
            start=quantity.start,
            end=quantity.end,
            value=quantity.value,
            unit=quantity.unit,
            value_max=quantity.value_max,
            approx=quantity.approx or words.marker_over_a_verb(quantity),
        )
        attribution = words.attribute(quantity, previous, previous_governs)
        fact.subject = distributed.pop(quantity.start, attribution.subject)
        fact.predicate = None if attribution.describes else attribution.predicate
        listed = _listed_after(text, quantities, index)
        if attribution.items and len(attribution.items) == len(listed) + 1:
            # `集成电路、汽车、船舶出口分别增长20.5%、12.3%、18.9%`: one value per listed subject
            fact.subject = attribution.items[0]
            distributed = dict(zip(listed, attribution.items[1:], strict=True))
        elif attribution.respective and fact.subject is None:
            # `接待…人数１５３．９万人次，创汇１２．４亿美元，分别较上年同期增加１６．３％和１４．７％`:
            # with no list in its own clause, each value is the change of one earlier figure of the sentence
            sentence = words.sentence_start(quantity.start)
            earlier = [f for f in facts if f.start >= sentence]
            if len(earlier) >= len(listed) + 1:
                named = [f.subject or f.predicate for f in earlier[-len(listed) - 1 :]]
                if all(named):
                    fact.subject = named[0]
                    distributed = dict(zip(listed, named[1:], strict=True))
        facts.append(fact)
        # the next figure may share the verb the describing one did not take (`开发２５度以下山坡地１．６万亩`)
        previous = replace(fact, predicate=attribution.predicate) if attribution.describes else fact
        previous_governs = attribution.governs
    return facts


def _listed_after(text: str, quantities: list[Quantity], index: int) -> list[int]:
    """Starts of the quantities listed after quantities[index] (`20.5%、12.3%、18.9%`)."""
    starts = []
    end = quantities[index].end
    for quantity in quantities[index + 1 :]:
        if text[end : quantity.start] not in LEX.joiners:
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
