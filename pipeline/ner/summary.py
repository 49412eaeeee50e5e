"""Distinct entities of an article or document, with mention counts and a canonical form.

Mentions are grouped by label and name; a place written with and without its administrative
suffix (`吕梁市` and `吕梁`, `西藏自治区` and `西藏`) is one entity, whose canonical form is the
longest way the text writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from pipeline.types import Entity

# Longest first, so `自治区` is tried before `区`.
PLACE_SUFFIXES = (
    *("特别行政区", "自治区", "自治州", "自治县", "街道"),
    *("省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "村"),
)
_MIN_STEM = 2


def place_stem(name: str) -> str:
    """`吕梁市` → `吕梁`; names whose stem would be a single character stay whole (`沁县`)."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= _MIN_STEM:
            return name[: -len(suffix)]
    return name


def entity_summary(entities: Iterable[Entity]) -> list[dict[str, Any]]:
    """One entry per distinct entity, most mentioned first: canonical, label, count, forms."""
    forms: dict[tuple[str, str], Counter[str]] = {}
    for entity in entities:
        key = place_stem(entity.text) if entity.label == "LOC" else entity.text
        forms.setdefault((entity.label, key), Counter())[entity.text] += 1
    summary = []
    for (label, _), counts in forms.items():
        canonical = max(counts, key=lambda form: (len(form), counts[form]))
        summary.append({"canonical": canonical, "label": label, "count": sum(counts.values()), "forms": dict(counts)})
    summary.sort(key=lambda item: (-item["count"], item["label"], item["canonical"]))
    return summary
