"""Built-in stages; importing this package registers them."""

from pipeline.stages import cleanup, entities, facts, segment

__all__ = ["cleanup", "entities", "facts", "segment"]
