"""The `facts` stage: numeric facts of each article (the grammar lives in `pipeline.facts`).

Words and tags come from `article.tokens` (left by the LAC entity pass) or, when no earlier stage
segmented the article, from jieba; the entity stage's names keep their numerals out of the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.facts.extract import extract_facts, jieba_tokens
from pipeline.facts.lexicon import data_files
from pipeline.numbers import load_cn2an
from pipeline.registry import Stage, StageContext, register_stage
from pipeline.types import Article, Document, Fact, Token


@dataclass(frozen=True)
class FactsOptions:
    """`jieba_fallback`: segment with jieba when no earlier stage left tokens (else no subjects)."""

    jieba_fallback: bool = True


@register_stage("facts")
class Facts(Stage):
    Options = FactsOptions
    provides = ("facts",)

    def setup(self, context: StageContext) -> None:
        load_cn2an()
        self._jieba: Any = None

    def data_files(self) -> list[Path]:
        """The grammar's word classes: editing them redoes the documents on a resumed run."""
        return data_files()

    def process(self, doc: Document) -> None:
        for article in doc.ensure_articles():
            article.facts = self.article_facts(article)

    def article_facts(self, article: Article) -> list[Fact]:
        return extract_facts(article.text, self._tokens(article), article.entities)

    def _tokens(self, article: Article) -> list[Token]:
        if article.tokens or not self.options.jieba_fallback:
            return article.tokens
        if self._jieba is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(60)
            self._jieba = jieba.posseg
        return jieba_tokens(self._jieba, article.text)
