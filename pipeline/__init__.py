"""Chinese newspaper pages to clean, attributed, article-level records."""

__version__ = "0.1.0"
