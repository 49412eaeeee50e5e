"""Our three entity labels, and how other models' label sets map onto them."""

from __future__ import annotations

ENTITY_LABELS = ("PER", "ORG", "LOC")

# An entity as character offsets into its text, end exclusive, and its label.
Span = tuple[int, int, str]

# spaCy/OntoNotes (PERSON, GPE, FAC), HanLP MSRA (PERSON, LOCATION, ORGANIZATION), PKU (nr, ns, nt).
_FOREIGN_LABELS = {
    "PER": "PER",
    "PERSON": "PER",
    "nr": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "nt": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "ns": "LOC",
}


def to_entity_label(label: str) -> str | None:
    """PER, ORG or LOC for a known label of another scheme; None for the rest (DATE, MONEY …)."""
    return _FOREIGN_LABELS.get(label)
