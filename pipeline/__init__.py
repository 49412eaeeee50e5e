"""Chinese newspaper pages to clean, attributed, article-level records."""

from typing import Any

__version__ = "0.1.0"
__all__ = ["load_results"]


def __getattr__(name: str) -> Any:
    """`pipeline.load_results` imports pandas only when used, so `run` starts without it."""
    if name == "load_results":
        from pipeline.analysis import load_results

        return load_results
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
