"""Text from the simulated PDFs, the way the project's seed pages were made."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pdfminer.high_level import extract_text


def pdfminer_text(pdf: Path) -> str:
    """pdfminer.six with its default layout parameters, as the seeds were extracted."""
    return extract_text(str(pdf))


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def pdftotext_text(pdf: Path) -> str | None:
    """poppler's pdftotext in its default (reading order) mode, or None when it is not installed."""
    if not has_pdftotext():
        return None
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=False, timeout=120)
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")
