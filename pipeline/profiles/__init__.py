"""Newspaper conventions as data: one TOML profile per paper or family of papers.

A profile lists the forms a paper prints around its articles (page credits, jump notes, leads
and datelines, byline role words, photo credits, brief-box labels) and the suffixes that make a
byline token a post, an organisation or a place. `default` holds what Chinese papers share; a
paper's profile `extends` it and adds its own forms. Stages build their patterns from a
profile, so a new paper's conventions are one file (docs/profiles.md).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.typography import MONTH_DAY

PROFILES_DIR = Path(__file__).resolve().parent
_NOT_IN_ISSUER = r"\s，。、；：“”（）()"
DEFAULT = "default"


class ProfileError(ValueError):
    """A profile that cannot be read or holds an unknown key or a wrong type; one line, naming both."""


@dataclass(frozen=True)
class Profile:
    """A merged profile: its sections (`furniture`, `bylines`, …) and the files it was read from."""

    name: str
    sections: dict[str, dict[str, Any]]
    files: tuple[Path, ...]

    def words(self, section: str, key: str) -> tuple[str, ...]:
        """A list entry, e.g. `words("bylines", "reporter_roles")`."""
        return tuple(self.sections[section][key])

    def text(self, section: str, key: str) -> str:
        return str(self.sections[section][key])

    def number(self, section: str, key: str) -> int:
        return int(self.sections[section][key])

    def alternation(self, section: str, key: str) -> str:
        """A list entry as a regex alternation, longest first so `本报记者` wins over `记者`."""
        return "|".join(re.escape(word) for word in sorted(self.words(section, key), key=len, reverse=True))

    def lead_patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The two leads that open a report: the paper's own and a dateline (`[leads]`).

        `本报讯`, `本报北京1月5日讯`, and a dateline of any issuer `新华社北京3月12日电`. After either
        the reporters print in parentheses (`（记者 张三）`, group `names`) or, in the paper's own
        lead, as role words and names before a reporting verb (`记者王力、吴阶平报道：`, group
        `reported`); the dateline is group `dateline`. Cleanup and segmentation both read leads.
        """
        own = re.escape(self.text("leads", "own_paper"))
        not_lead = self.alternation("leads", "not_after_own_paper")
        end = re.escape(self.text("leads", "dateline_end"))
        roles = self.alternation("bylines", "reporter_roles")
        verbs = self.alternation("leads", "reporting_verbs")
        names = r"[（(](?P<names>[^（）()]*)[）)]"
        reported = rf"\s*(?P<reported>(?:{roles})[^，。；：:（）()]{{1,30}}?)(?:{verbs})[：:]"
        own_lead = re.compile(rf"^{own}(?!{not_lead})\S{{0,10}}?(?<!通)讯(?:{names}|{reported})?")
        dateline = re.compile(rf"^(?P<dateline>[^{_NOT_IN_ISSUER}]{{2,16}}?{MONTH_DAY}{end})(?:{names})?")
        return own_lead, dateline


def known_profiles() -> list[str]:
    return sorted(path.stem for path in PROFILES_DIR.glob("*.toml"))


def load_profile(name_or_path: str) -> Profile:
    """A shipped profile by name (`default`, `lvliang`, `xinhua`) or the user's own by path."""
    path = _locate(name_or_path, PROFILES_DIR)
    return _load(path, _stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    """Modification time and size: a cached profile is read again when its file changed."""
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _locate(name_or_path: str, folder: Path) -> Path:
    shipped = PROFILES_DIR / f"{name_or_path}.toml"
    if "/" not in name_or_path and not name_or_path.endswith(".toml") and shipped.is_file():
        return shipped
    path = Path(name_or_path)
    path = path if path.is_absolute() or path.exists() else folder / path
    if not path.is_file():
        known = ", ".join(known_profiles())
        raise ProfileError(f"profile '{name_or_path}': no such profile (shipped: {known}) or file")
    return path.resolve()


@lru_cache(maxsize=32)
def _load(path: Path, _version: tuple[int, int]) -> Profile:
    """Read `path` and the profiles it extends; lists add to the parent's, other values replace them."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"{path}: cannot read profile: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path}: invalid TOML: {error}") from None
    name = data.pop("name", path.stem)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        if path != PROFILES_DIR / f"{DEFAULT}.toml":
            raise ProfileError(f"{path}: missing key 'extends' (a profile extends 'default' or another profile)")
        return Profile(str(name), _checked(data, data, path), (path,))
    parent_path = _locate(str(parent_name), path.parent)
    parent = _load(parent_path, _stamp(parent_path))
    merged = {section: dict(values) for section, values in parent.sections.items()}
    for section, values in _checked(data, parent.sections, path).items():
        for key, value in values.items():
            old = merged[section][key]
            merged[section][key] = list(dict.fromkeys([*old, *value])) if isinstance(old, list) else value
    return Profile(str(name), merged, (*parent.files, path))


def _checked(data: dict[str, Any], schema: dict[str, dict[str, Any]], path: Path) -> dict[str, dict[str, Any]]:
    """Every section and key known to the default profile, with a value of the same type."""
    for section, values in data.items():
        if section not in schema or not isinstance(values, dict):
            known = ", ".join(sorted(schema))
            raise ProfileError(f"{path}: unknown section '{section}' (known: {known})")
        for key, value in values.items():
            if key not in schema[section]:
                known = ", ".join(sorted(schema[section]))
                raise ProfileError(f"{path}: [{section}]: unknown key '{key}' (known: {known})")
            expected = schema[section][key]
            if isinstance(expected, list):
                if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                    raise ProfileError(f"{path}: [{section}].{key}: expected a list of strings, got {value!r}")
            elif type(value) is not type(expected):
                raise ProfileError(f"{path}: [{section}].{key}: expected {type(expected).__name__}, got {value!r}")
    return data
