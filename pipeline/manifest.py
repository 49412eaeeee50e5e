"""The run manifest: which documents are already done, so a re-run skips them.

One row per finished document in ``OUTPUT_DIR/manifest.sqlite``: the hash of its decoded input
text, the fingerprint of the effective config, and the hash of the output file written for it.
A document is skipped when all three still match. SQLite keeps lookups on disk, so memory stays
flat however large the archive, and each commit is atomic, so a run killed at any point leaves
a manifest that names exactly the documents whose outputs are complete.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from pipeline.config import StageSpec
from pipeline.errors import OutputError

MANIFEST_NAME = "manifest.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    input_sha256 TEXT NOT NULL,
    config_sha256 TEXT NOT NULL,
    output_sha256 TEXT NOT NULL
)
"""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The hash of a file's bytes, or None when it is missing or unreadable."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def config_fingerprint(specs: Iterable[StageSpec], versions: dict[str, str]) -> str:
    """Everything that decides a document's output: stages in order, their options, the source of
    every module each stage's code imports from the `pipeline` package or the stage's own package
    (transitively, so editing a helper redoes the documents), the data files each stage declares
    with `Stage.data_files`, and package versions. Run options (input, output, workers, batch
    size, executor) do not change outputs and are left out.
    """
    stages = []
    for spec in specs:
        modules = imported_modules(spec.stage_cls.__module__)
        data_files = sorted(str(path) for path in spec.build().data_files())
        stages.append(
            {
                "stage": spec.to_dict(),
                "class": f"{spec.stage_cls.__module__}:{spec.stage_cls.__qualname__}",
                "sources": {name: _module_sha256(name) for name in sorted(modules)},
                "data_files": {name: path_sha256(Path(name)) for name in data_files},
            }
        )
    payload = json.dumps({"stages": stages, "versions": versions}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def path_sha256(path: Path) -> str | None:
    """The hash of a file, or of every file below a folder (names and bytes); None when missing."""
    if not path.is_dir():
        return file_sha256(path)
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(f"{file.relative_to(path)}\0{file_sha256(file)}\0".encode())
    return digest.hexdigest()


def imported_modules(module_name: str) -> set[str]:
    """`module_name` and every module it imports, transitively, from `pipeline` or its own package.

    Imports are read from the source (function-level ones too, which a look at `sys.modules`
    would miss before the function first runs), so the answer does not depend on what ran.
    A package's `__init__` is hashed but its own imports are not followed: it gathers submodules
    (`pipeline.stages` registers every built-in stage), and following it would tie every stage
    to every other; code a stage uses it imports by its module's name.
    """
    own = {"pipeline", module_name.partition(".")[0]}
    found: set[str] = set()
    todo = [module_name]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        source = _module_source(name)
        if source is None:
            continue
        found.add(name)
        if source.name == "__init__.py" and name != module_name:
            continue
        todo.extend(n for n in _imports(name, source, own) if n not in found)
    return found


def _module_source(name: str) -> Path | None:
    """The source file of a module, found from its top-level package's folder without importing it."""
    top, _, rest = name.partition(".")
    origin = _top_level_origin(top)
    if origin is None:
        return None
    if not rest:
        return origin
    if origin.name != "__init__.py":
        return None
    folder = origin.parent.joinpath(*rest.split("."))
    for candidate in (folder.with_suffix(".py"), folder / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def _top_level_origin(top: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _imports(module_name: str, path: Path, packages: set[str]) -> Iterator[str]:
    """Modules of `packages` named by one source file's imports (`from a import b`: `a.b` if a module, and `a`)."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.partition(".")[0] in packages)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module_name if is_package else module_name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            if base.partition(".")[0] not in packages:
                continue
            yield base
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if _module_source(candidate) is not None:
                    yield candidate


def _module_sha256(name: str) -> str | None:
    path = _module_source(name)
    return file_sha256(path) if path else None


class Manifest:
    """Open with a config fingerprint; answers `is_current` and records finished documents."""

    def __init__(self, output_dir: Path, config_sha256: str) -> None:
        self.output_dir = output_dir
        self.config_sha256 = config_sha256
        # the default rollback journal, not WAL: WAL needs memory shared between processes, which
        # an output folder on a network file system (a Ray cluster's shared folder) does not have
        try:
            self._db = sqlite3.connect(output_dir / MANIFEST_NAME, timeout=30)
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.Error as error:
            raise OutputError(f"{output_dir / MANIFEST_NAME}: cannot open the run manifest: {error}") from None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def output_path(self, doc_id: str) -> Path:
        return self.output_dir / f"{doc_id}.jsonl"

    def is_current(self, doc_id: str, input_sha256: str) -> bool:
        """True when this input under this config was done and its output file is unchanged."""
        row = self._db.execute(
            "SELECT input_sha256, config_sha256, output_sha256 FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None or row[0] != input_sha256 or row[1] != self.config_sha256:
            return False
        return file_sha256(self.output_path(doc_id)) == row[2]

    def record_done(self, doc_id: str, input_sha256: str, output_sha256: str) -> None:
        self._commit(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
            (doc_id, input_sha256, self.config_sha256, output_sha256),
        )

    def forget(self, doc_id: str) -> None:
        """A document that failed this time must not be skipped next time."""
        self._commit("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def _commit(self, statement: str, values: tuple[str, ...]) -> None:
        """One atomic change; a full disk stops the run (the manifest keeps every earlier row)."""
        try:
            self._db.execute(statement, values)
            self._db.commit()
        except sqlite3.OperationalError as error:
            self._db.rollback()
            raise OutputError(
                f"{self.output_dir / MANIFEST_NAME}: cannot record a finished document: {error}"
            ) from None

    def close(self) -> None:
        self._db.close()
