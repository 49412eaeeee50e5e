"""Stage registry: stages declare typed options next to their code and register by name.

A config names a stage by its registered name, by an entry point in the group
``pipeline.stages``, or by a dotted path ``package.module:ClassName``.
"""

from __future__ import annotations

import dataclasses
import importlib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from pipeline.errors import ConfigError
from pipeline.types import Document


@dataclass(frozen=True)
class NoOptions:
    """Options of a stage that takes none."""


@dataclass(frozen=True)
class StageContext:
    """What a stage may know about where it runs, e.g. to size its thread pools."""

    workers: int = 1


class Stage:
    """A step mapping documents to documents; `setup` loads models once per worker.

    `requires` names what the stage reads that an earlier stage must have made (`"layout"`,
    `"articles"`); `provides` what it makes. A document read from a file has `"text"`.
    """

    name: ClassVar[str] = ""
    Options: ClassVar[type] = NoOptions
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: Any) -> None:
        self.options = options

    def setup(self, context: StageContext) -> None:
        """Load models or tables; called once per worker before the first document."""

    def data_files(self) -> list[Path]:
        """Files (or folders) this stage reads besides its code: profiles, gazetteers, models.

        The run manifest hashes them, so editing one redoes the documents it may change.
        """
        return []

    def process(self, doc: Document) -> None:
        raise NotImplementedError

    def process_batch(self, docs: list[Document]) -> None:
        """Stages that gain from batching override this; a failure stays with its document."""
        for doc in docs:
            if doc.failure is None:
                with doc.guard(self.name):
                    self.process(doc)


PATH = "path"
"""Marks an option that names a file or folder: `Annotated[str, PATH]` (or a list of them).

A relative path in a config file is read against the config file's folder, not the current one.
"""
PATH_OR_NAME = "path or name"
"""Marks an option that is a file or folder, or a name (an installed model): it is read against
the config file's folder only when that path exists."""


def path_options(options_cls: type) -> dict[str, str]:
    """The options of a dataclass marked `PATH` or `PATH_OR_NAME`, with their marker."""
    hints = typing.get_type_hints(options_cls, include_extras=True)
    marked = {}
    for name, hint in hints.items():
        if get_origin(hint) is Annotated:
            for marker in hint.__metadata__:
                if marker in (PATH, PATH_OR_NAME):
                    marked[name] = marker
    return marked


StageT = TypeVar("StageT", bound=type[Stage])
_REGISTRY: dict[str, type[Stage]] = {}


def register_stage(name: str) -> Callable[[StageT], StageT]:
    def decorate(cls: StageT) -> StageT:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return decorate


def registered_stages() -> dict[str, type[Stage]]:
    import pipeline.stages  # noqa: F401  (registers the built-in stages)

    return dict(_REGISTRY)


def resolve_stage(name: str, where: str) -> type[Stage]:
    stages = registered_stages()
    if name in stages:
        return stages[name]
    for point in entry_points(group="pipeline.stages"):
        if point.name == name:
            return _checked_stage_class(point.load(), name, where)
    if ":" in name:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            raise ConfigError(f"{where}: cannot import stage module '{module_name}': {error}") from None
        if not hasattr(module, attr):
            raise ConfigError(f"{where}: module '{module_name}' has no stage '{attr}'")
        return _checked_stage_class(getattr(module, attr), name, where)
    known = ", ".join(sorted(stages))
    raise ConfigError(f"{where}: unknown stage '{name}' (known: {known}; or 'module:Class')")


READ_DOCUMENT_PROVIDES = ("text",)
"""What every document has before the first stage runs."""


def check_order(stages: list[tuple[str, type[Stage]]]) -> None:
    """Every stage's `requires` made by a stage before it; else a config error naming the stage.

    `stages` holds each stage's config label (`run.toml: [[stages]] #2 (segment)`) and class.
    """
    made = set(READ_DOCUMENT_PROVIDES)
    for label, stage_cls in stages:
        missing = [need for need in stage_cls.requires if need not in made]
        if missing:
            makers = sorted(name for name, cls in registered_stages().items() if missing[0] in cls.provides)
            hint = f" (put {' or '.join(repr(name) for name in makers)} before it)" if makers else ""
            raise ConfigError(f"{label}: requires '{missing[0]}', which no stage before it provides{hint}")
        made.update(stage_cls.provides)


def _checked_stage_class(obj: Any, name: str, where: str) -> type[Stage]:
    if not (isinstance(obj, type) and issubclass(obj, Stage)):
        raise ConfigError(f"{where}: '{name}' is not a pipeline.registry.Stage subclass")
    if not obj.name:
        obj.name = name
    return obj


def build_options(options_cls: type, values: dict[str, Any], where: str) -> Any:
    """Check every key and type of a stage's config table against its options dataclass."""
    fields = {f.name: f for f in dataclasses.fields(options_cls)}
    hints = typing.get_type_hints(options_cls)
    for key in values:
        if key not in fields:
            known = ", ".join(sorted(fields)) or "none"
            raise ConfigError(f"{where}: unknown option '{key}' (known: {known})")
    checked = {key: _check_type(value, hints[key], f"{where}.{key}") for key, value in values.items()}
    try:
        return options_cls(**checked)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: {error}") from None


def _type_name(hint: Any) -> str:
    """A type as a config's reader would write it: `str or nothing`, `list of str`."""
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is Literal:
        return " or ".join(repr(a) for a in args)
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args)
    if hint is type(None):
        return "nothing"
    if origin in (list, tuple) and args:
        return f"list of {_type_name(args[0])}"
    if origin is dict and args:
        return f"table of {_type_name(args[1])}"
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")


def _check_type(value: Any, hint: Any, where: str) -> Any:
    origin = get_origin(hint)
    args = get_args(hint)
    if hint is Any:
        return value
    if origin in (Union, types.UnionType):
        for option in args:
            try:
                return _check_type(value, option, where)
            except ConfigError:
                continue
        raise ConfigError(f"{where}: expected {_type_name(hint)}, got {type(value).__name__} {value!r}")
    if hint is type(None):
        if value is None:
            return None
        raise ConfigError(f"{where}: expected nothing, got {value!r}")
    if origin is Literal:
        if value in args:
            return value
        choices = ", ".join(repr(a) for a in args)
        raise ConfigError(f"{where}: expected one of {choices}, got {value!r}")
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {type(value).__name__} {value!r}")
        item = args[0] if args else Any
        checked = [_check_type(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(checked) if origin is tuple else checked
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table, got {type(value).__name__} {value!r}")
        key_hint, value_hint = args if args else (Any, Any)
        return {_check_type(k, key_hint, where): _check_type(v, value_hint, f"{where}.{k}") for k, v in value.items()}
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (hint is int and isinstance(value, bool)) or not isinstance(value, hint):
        raise ConfigError(f"{where}: expected {_type_name(hint)}, got {type(value).__name__} {value!r}")
    return value
