"""The user gazetteer: names with labels from the config and from files, as spaCy ruler patterns.

Files are either `name<TAB>LABEL` lines (`#` starts a comment) or, with the `.jsonl` suffix,
spaCy `entity_ruler` patterns (`{"label": "ORG", "pattern": "汾酒集团"}` per line; a token
pattern, a list, matches the `Doc`'s tokens, so characters with the default segmenter).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.ner.labels import ENTITY_LABELS


def gazetteer_patterns(names: dict[str, list[str]], files: list[str]) -> list[dict[str, Any]]:
    """Ruler patterns for inline `{LABEL: [names]}` and every gazetteer file."""
    patterns = [_pattern(label, name, "gazetteer") for label, label_names in names.items() for name in label_names]
    for file_name in files:
        patterns.extend(_file_patterns(Path(file_name)))
    return patterns


def _check_label(label: Any, where: str) -> None:
    if label not in ENTITY_LABELS:
        raise ConfigError(f"{where}: label '{label}' is not one of {', '.join(ENTITY_LABELS)}")


def _pattern(label: str, name: Any, where: str) -> dict[str, Any]:
    _check_label(label, where)
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: a {label} name must be a non-empty string, got {name!r}")
    return {"label": label, "pattern": name.strip()}


def _file_patterns(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read gazetteer file: {error}") from None
    patterns = []
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if path.suffix == ".jsonl":
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as error:
                raise ConfigError(f"{where}: invalid JSON: {error}") from None
            if not isinstance(entry, dict):
                raise ConfigError(f"{where}: expected an object with 'label' and 'pattern'")
            if isinstance(entry.get("pattern"), list) and entry["pattern"]:  # a token pattern
                _check_label(entry.get("label"), where)
                patterns.append(entry)
            else:
                patterns.append({**entry, **_pattern(entry.get("label"), entry.get("pattern"), where)})
            continue
        name, tab, label = line.rstrip().rpartition("\t")
        if not tab:
            raise ConfigError(f"{where}: expected 'name<TAB>LABEL'")
        patterns.append(_pattern(label.strip(), name, where))
    return patterns
