"""The fact grammar's word classes, read once from `data/words.toml` and `data/units.toml`.

Conventions of Chinese newspaper prose (which words link, which state a figure, which are
modals, scopes or time words) are data a reader can check and extend; the code only says how
the classes combine.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

_DATA = resources.files("pipeline.facts").joinpath("data")
_FILES = ("units.toml", "words.toml")


def data_files() -> list[Path]:
    """The data files the grammar reads (a resumed run hashes them)."""
    return [Path(str(_DATA.joinpath(name))) for name in _FILES]


def _table(name: str) -> dict:
    return tomllib.loads(_DATA.joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Rung:
    """One step of a compound measure's ladder (`data/units.toml`, `[[ladders]]`).

    `units`: the forms it is printed in; `next`: how many of the next rung make one of it (None on
    the last); `decimals`: how many bare digits after it may stand for its decimal fraction.
    """

    units: tuple[str, ...]
    next: int | None
    decimals: int


@dataclass(frozen=True)
class Ladder:
    """Units of one dimension from large to small, which a compound measure climbs down (`３小时２０分`)."""

    name: str
    rungs: tuple[Rung, ...]

    def rung_of(self, unit: str) -> int | None:
        """The index of the rung `unit` is printed as, else None."""
        return next((index for index, rung in enumerate(self.rungs) if unit in rung.units), None)

    def factor(self, upper: int, lower: int) -> int:
        """How many of rung `lower` make one of rung `upper` (`小时` to `秒`: 3600)."""
        product = 1
        for rung in self.rungs[upper:lower]:
            product *= rung.next or 1
        return product


@dataclass(frozen=True)
class Units:
    """Units by what they measure (`data/units.toml`)."""

    time: frozenset[str]
    count: frozenset[str]
    verbal: frozenset[str]
    measure: frozenset[str]
    per: tuple[str, ...]
    ge_heads: tuple[str, ...]
    money: frozenset[str]
    describing: frozenset[str]
    ladders: tuple[Ladder, ...]

    @property
    def all(self) -> frozenset[str]:
        return self.time | self.count | self.measure


@dataclass(frozen=True)
class Lexicon:
    """Word classes by role (`data/words.toml`); see docs/facts.md for what each is for."""

    tags: dict[str, frozenset[str]]
    linking: frozenset[str]
    relational: frozenset[str]
    averages: frozenset[str]
    rate_periods: frozenset[str]
    auxiliary: frozenset[str]
    light: frozenset[str]
    quantifier: frozenset[str]
    sum: frozenset[str]
    comparison: frozenset[str]
    respective: frozenset[str]
    figure_verbs: frozenset[str]
    pivot: frozenset[str]
    closing_links: frozenset[str]
    framing_verbs: frozenset[str]
    causative: frozenset[str]
    verb_prefixes: frozenset[str]
    framing_prepositions: frozenset[str]
    prepositions: frozenset[str]
    recipient_prepositions: frozenset[str]
    verbal_prepositions: frozenset[str]
    result_complements: frozenset[str]
    complements: frozenset[str]
    joiners: frozenset[str]
    pair_joiners: frozenset[str]
    aspect_particles: frozenset[str]
    et_cetera: frozenset[str]
    verb_markers: tuple[str, ...]
    bound_heads: frozenset[str]
    noun_suffixes: frozenset[str]
    dimensions: frozenset[str]
    localizers: frozenset[str]
    adverbial_adjectives: frozenset[str]
    inner_determiners: frozenset[str]
    link_adverbs: frozenset[str]
    link_words: frozenset[str]
    tier_units: frozenset[str]
    attribute_heads: tuple[str, ...]
    duration_heads: tuple[str, ...]
    whole_measures: frozenset[str]
    matter_heads: frozenset[str]
    figure_frames: frozenset[str]
    place_suffixes: str
    place_nouns: frozenset[str]
    evaluative: frozenset[str]
    region_heads: frozenset[str]
    currencies: frozenset[str]
    scope: re.Pattern[str]
    scope_pronouns: frozenset[str]
    scope_heads: str
    modal: re.Pattern[str]
    modal_prefix: re.Pattern[str]
    relative_after: tuple[str, ...]
    recent_before: frozenset[str]
    notes: tuple[str, ...]
    basis_before: tuple[str, ...]
    basis_after: tuple[str, ...]
    calendar_before: tuple[str, ...]
    determiners_before_one: tuple[str, ...]
    clock_before: tuple[str, ...]
    clock_after: tuple[str, ...]
    calendar_units: frozenset[str]
    set_phrase_units: frozenset[str]
    event_units: frozenset[str]
    vague_before: tuple[str, ...]
    demonstratives: tuple[str, ...]
    grade_after: tuple[str, ...]
    term_units: frozenset[str]
    formulas: tuple[str, ...]
    markers_over_a_verb: dict[str, str]
    event_before: tuple[str, ...]
    event_after: tuple[str, ...]
    selection_before: frozenset[str]
    kind_units: frozenset[str]
    split_determiners: frozenset[str]
    reference_prepositions: frozenset[str]
    rank_before: frozenset[str]
    within_after: tuple[str, ...]
    anniversary_units: frozenset[str]


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@cache
def units() -> Units:
    table = _table("units.toml")
    return Units(
        time=frozenset(table["time"]),
        count=frozenset(table["count"]),
        verbal=frozenset(table["verbal"]),
        measure=frozenset(table["measure"]),
        per=tuple(table["per"]),
        ge_heads=tuple(table["ge_heads"]),
        money=frozenset(table["money"]),
        describing=frozenset(table["describing"]),
        ladders=tuple(parse_ladder(entry, number) for number, entry in enumerate(table.get("ladders", []), 1)),
    )


def parse_ladder(entry: dict, number: int) -> Ladder:
    """One `[[ladders]]` table; a rung above another without `next` is named in a one-line error."""
    name = entry.get("name", f"#{number}")
    rungs = entry.get("rungs", [])
    for index, rung in enumerate(rungs[:-1], 1):
        if not isinstance(rung.get("next"), int) or rung["next"] < 2:
            raise ValueError(f"units.toml: ladders.{name}.rungs[{index}]: `next` must be a whole number above 1")
    return Ladder(
        name=name,
        rungs=tuple(
            Rung(units=tuple(rung["units"]), next=rung.get("next"), decimals=rung.get("decimals", 0)) for rung in rungs
        ),
    )


@cache
def lexicon() -> Lexicon:
    table = _table("words.toml")
    roles, nouns, scope, modal, time = table["roles"], table["nouns"], table["scope"], table["modal"], table["time"]
    modal_adverbs = "".join(modal["adverbs"])
    scope_pattern = rf"(?:{'|'.join(scope['pronouns'])})[{''.join(scope['heads'])}]|{_alternatives(scope['words'])}"
    return Lexicon(
        tags={role: frozenset(tags) for role, tags in table["tags"].items()},
        linking=frozenset(roles["linking"]),
        relational=frozenset(roles["relational"]),
        averages=frozenset(roles["averages"]),
        rate_periods=frozenset(nouns["rate_periods"]),
        auxiliary=frozenset(roles["auxiliary"]),
        light=frozenset(roles["light"]),
        quantifier=frozenset(roles["quantifier"]),
        sum=frozenset(roles["sum"]),
        comparison=frozenset(roles["comparison"]),
        respective=frozenset(roles["respective"]),
        figure_verbs=frozenset(roles["figure_verbs"]),
        pivot=frozenset(roles["pivot"]),
        closing_links=frozenset(roles["closing_links"]),
        framing_verbs=frozenset(roles["framing_verbs"]),
        causative=frozenset(roles["causative"]),
        verb_prefixes=frozenset(roles["verb_prefixes"]),
        framing_prepositions=frozenset(roles["framing_prepositions"]),
        prepositions=frozenset(roles["prepositions"]),
        recipient_prepositions=frozenset(roles["recipient_prepositions"]),
        verbal_prepositions=frozenset(roles["verbal_prepositions"]),
        result_complements=frozenset(roles["result_complements"]),
        complements=frozenset(roles["complements"]),
        joiners=frozenset(roles["joiners"]),
        pair_joiners=frozenset(roles["pair_joiners"]),
        aspect_particles=frozenset(roles["aspect_particles"]),
        et_cetera=frozenset(roles["et_cetera"]),
        verb_markers=tuple(roles["verb_markers"]),
        bound_heads=frozenset(nouns["bound_heads"]),
        noun_suffixes=frozenset(nouns["noun_suffixes"]),
        dimensions=frozenset(nouns["dimensions"]),
        localizers=frozenset(nouns["localizers"]),
        adverbial_adjectives=frozenset(roles["adverbial_adjectives"]),
        inner_determiners=frozenset(roles["inner_determiners"]),
        link_adverbs=frozenset(roles["link_adverbs"]),
        link_words=frozenset(roles["link_words"]),
        tier_units=frozenset(table["names"]["tier_units"]),
        attribute_heads=tuple(nouns["attribute_heads"]),
        duration_heads=tuple(nouns["duration_heads"]),
        whole_measures=frozenset(nouns["whole_measures"]),
        matter_heads=frozenset(nouns["matter_heads"]),
        figure_frames=frozenset(nouns["figure_frames"]),
        place_suffixes="".join(nouns["place_suffixes"]),
        place_nouns=frozenset(nouns["place_nouns"]),
        evaluative=frozenset(nouns["evaluative"]),
        region_heads=frozenset(nouns["region_heads"]),
        currencies=frozenset(nouns["currencies"]),
        scope=re.compile(scope_pattern),
        scope_pronouns=frozenset(scope["pronouns"]),
        scope_heads="".join(scope["heads"]),
        modal=re.compile(rf"[{modal_adverbs}]?(?:{_alternatives(modal['words'])})"),
        modal_prefix=re.compile(
            rf"(?:[{modal_adverbs}]?(?:{_alternatives(modal['glued_after_adverb'])})|[{''.join(modal['glued'])}])(?=.)"
        ),
        relative_after=tuple(time["relative_after"]),
        recent_before=frozenset(time["recent_before"]),
        notes=tuple(table["names"]["notes"]),
        basis_before=tuple(table["names"]["basis_before"]),
        basis_after=tuple(table["names"]["basis_after"]),
        calendar_before=tuple(time["calendar_before"]),
        determiners_before_one=tuple(time["determiners_before_one"]),
        clock_before=tuple(time["clock_before"]),
        clock_after=tuple(time["clock_after"]),
        calendar_units=frozenset(time["calendar_units"]),
        set_phrase_units=frozenset(table["names"]["set_phrase_units"]),
        event_units=frozenset(table["names"]["event_units"]),
        vague_before=tuple(table["names"]["vague_before"]),
        demonstratives=tuple(time["demonstratives"]),
        grade_after=tuple(table["names"]["grade_after"]),
        term_units=frozenset(table["names"]["term_units"]),
        formulas=tuple(table["names"]["formulas"]),
        markers_over_a_verb=dict(table["approx"]["over_a_verb"]),
        event_before=tuple(table["names"]["event_before"]),
        event_after=tuple(table["names"]["event_after"]),
        selection_before=frozenset(table["names"]["selection_before"]),
        kind_units=frozenset(table["names"]["kind_units"]),
        split_determiners=frozenset(roles["split_determiners"]),
        reference_prepositions=frozenset(roles["reference_prepositions"]),
        rank_before=frozenset(table["names"]["rank_before"]),
        within_after=tuple(time["within_after"]),
        anniversary_units=frozenset(nouns["anniversary_units"]),
    )
