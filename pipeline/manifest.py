"""The run manifest: which documents are already done, so a re-run skips them.

One row per finished document in ``OUTPUT_DIR/manifest.sqlite``: the hash of its decoded input
text, the fingerprint of the effective config, and the hash of the output file written for it.
A document is skipped when all three still match. SQLite keeps lookups on disk, so memory stays
flat however large the archive, and each commit is atomic, so a run killed at any point leaves
a manifest that names exactly the documents whose outputs are complete.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from pipeline.config import StageSpec

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
    """Everything that decides a document's output: stages in order, their options, the
    source of each stage's module (so editing a stage redoes its documents) and package versions.
    Run options (input, output, workers, batch size, executor) do not change outputs and are left out.
    """
    stages = []
    for spec in specs:
        source_file = inspect.getsourcefile(spec.stage_cls)
        source_hash = file_sha256(Path(source_file)) if source_file else None
        stages.append({"stage": spec.to_dict(), "class": spec.stage_cls.__qualname__, "source": source_hash})
    payload = json.dumps({"stages": stages, "versions": versions}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Manifest:
    """Open with a config fingerprint; answers `is_current` and records finished documents."""

    def __init__(self, output_dir: Path, config_sha256: str) -> None:
        self.output_dir = output_dir
        self.config_sha256 = config_sha256
        # the default rollback journal, not WAL: WAL needs memory shared between processes, which
        # an output folder on a network file system (a Ray cluster's shared folder) does not have
        self._db = sqlite3.connect(output_dir / MANIFEST_NAME, timeout=30)
        self._db.execute(_SCHEMA)
        self._db.commit()

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
        self._db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
            (doc_id, input_sha256, self.config_sha256, output_sha256),
        )
        self._db.commit()

    def forget(self, doc_id: str) -> None:
        """A document that failed this time must not be skipped next time."""
        self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self._db.commit()

    def close(self) -> None:
        self._db.close()
