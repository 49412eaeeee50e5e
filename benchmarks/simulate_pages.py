"""Make simulated newspaper pages (PDF, extracted text, gold): the same as `python -m pipeline.simulator`.

    python benchmarks/simulate_pages.py OUT --corpus ../shared/corpora/pfr-19980101-10.jsonl \
        --gold gold:tune --gold heldout/gold:report --pages 100 --workers 2 --ttf auto

See docs/simulator.md for what is varied, the gold it writes and the tune/report split.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.simulator.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
