"""A user's own stage, plugged in from a config by its dotted path (used by the tests)."""

from dataclasses import dataclass

from pipeline.registry import Stage
from pipeline.types import Document


@dataclass(frozen=True)
class MarkTitlesOptions:
    prefix: str = "*"


class MarkTitles(Stage):
    """Prefixes every article's title, so a test can see the plug-in ran."""

    Options = MarkTitlesOptions

    def process(self, doc: Document) -> None:
        for article in doc.ensure_articles():
            article.title = self.options.prefix + (article.title or "")
