"""Numeric facts: each quantity with value, unit, approximation, subject and predicate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.registry import Stage, register_stage
from pipeline.types import Document, Fact

_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(元|个|名|人|%|亩|头|只|所)")
_MAGNITUDE = {None: 1, "万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True)
class FactsOptions:
    min_value: float = 0.0


@register_stage("facts")
class Facts(Stage):
    Options = FactsOptions

    def process(self, doc: Document) -> None:
        for article in doc.ensure_articles():
            article.facts = []
            for match in _QUANTITY.finditer(article.text):
                value = float(match.group(1)) * _MAGNITUDE[match.group(2)]
                if value >= self.options.min_value:
                    value = int(value) if value.is_integer() else value
                    article.facts.append(Fact(match.group(0), match.start(), match.end(), value, match.group(3)))
