"""The run config: a TOML file with a `[run]` table and `[[stages]]` tables in order."""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pipeline.errors import ConfigError
from pipeline.registry import PATH, PATH_OR_NAME, Stage, build_options, check_order, path_options, resolve_stage


@dataclass(frozen=True)
class RunOptions:
    """Options of the `[run]` table; command-line flags override them."""

    input: Annotated[list[str], PATH] = field(default_factory=lambda: ["seeds"])
    output: Annotated[str, PATH] = "outputs"
    workers: int = 1
    batch_size: int = 8
    executor: Literal["local", "ray"] = "local"
    force: bool = False

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")


@dataclass(frozen=True)
class StageSpec:
    """One `[[stages]]` table, resolved to its class and checked options."""

    name: str
    stage_cls: type[Stage]
    options: Any

    def build(self) -> Stage:
        return self.stage_cls(self.options)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, **asdict(self.options)}


@dataclass(frozen=True)
class RunConfig:
    path: str
    run: RunOptions
    stages: tuple[StageSpec, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"run": asdict(self.run), "stages": [spec.to_dict() for spec in self.stages]}


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> RunConfig:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    return parse_config(data, str(path), overrides or {}, base_dir=path.parent)


def parse_config(
    data: dict[str, Any], where: str, overrides: dict[str, Any], base_dir: Path | None = None
) -> RunConfig:
    """Check a parsed config; relative paths in it are read against `base_dir` (the config's folder).

    Command-line overrides are paths as the user typed them, relative to the current folder.
    """
    unknown = set(data) - {"run", "stages"}
    if unknown:
        raise ConfigError(f"{where}: unknown top-level key '{sorted(unknown)[0]}' (known: run, stages)")
    run_table = data.get("run", {})
    if not isinstance(run_table, dict):
        raise ConfigError(f"{where}: 'run' must be a table")
    run_table = resolve_paths(run_table, RunOptions, base_dir)
    run_values = {**run_table, **{k: v for k, v in overrides.items() if v is not None}}
    if isinstance(run_values.get("input"), str):
        run_values["input"] = [run_values["input"]]
    run = build_options(RunOptions, run_values, f"{where}: [run]")
    tables = data.get("stages")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{where}: no [[stages]] tables: list at least one stage")
    specs = []
    labels = []
    for number, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [[stages]] #{number} must be a table")
        name = table.get("name")
        if not isinstance(name, str) or not name:
            raise ConfigError(f"{where}: [[stages]] #{number}: missing key 'name'")
        label = f"{where}: [[stages]] #{number} ({name})"
        stage_cls = resolve_stage(name, label)
        values = resolve_paths({k: v for k, v in table.items() if k != "name"}, stage_cls.Options, base_dir)
        specs.append(StageSpec(name, stage_cls, build_options(stage_cls.Options, values, label)))
        labels.append((label, stage_cls))
    check_order(labels)
    return RunConfig(where, run, tuple(specs))


def resolve_paths(values: dict[str, Any], options_cls: type, base_dir: Path | None) -> dict[str, Any]:
    """`values` with every path option (see `registry.PATH`) made relative to `base_dir`."""
    if base_dir is None:
        return values
    resolved = dict(values)
    for name, marker in path_options(options_cls).items():
        value = values.get(name)
        if isinstance(value, str):
            resolved[name] = _resolve(value, base_dir, marker)
        elif isinstance(value, list):
            resolved[name] = [_resolve(item, base_dir, marker) if isinstance(item, str) else item for item in value]
    return resolved


def _resolve(value: str, base_dir: Path, marker: str) -> str:
    if not value:
        return value
    path = Path(value).expanduser()
    if path.is_absolute():
        return str(path)
    joined = os.path.normpath(base_dir / path)
    if marker == PATH_OR_NAME and not Path(joined).exists():
        return value
    return joined
