"""Each named layout rule switched off in turn, and what that does to every gold set.

    python benchmarks/rule_ablation.py [--sim DIR ...] [--profile NAME] [--json FILE]

Runs `cleanup` and `segment` (the rules of both are listed in `pipeline.stages.cleanup.RULES`
and `pipeline.stages.segment.RULES`, plus cleanup's on/off options) over the seeds (`seeds/`,
`gold/`), the held-out pages (`heldout/pages`, `heldout/gold`) and any simulated split given with
`--sim` (a folder holding `text/` and `gold/`, as `python -m pipeline.simulator` writes them;
give only a `tune` split). For the baseline and for each rule switched off it prints article
F1, title, author and dateline accuracy and the cleanup character error rate per gold set, as
differences from the baseline. A rule whose row is all zeros changes nothing on any set: it
must be deleted or have a test that shows what it is for.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

from pipeline.analysis import read_folder
from pipeline.evaluate import Score, score_document
from pipeline.io.readers import discover, read_documents
from pipeline.io.writers import document_records
from pipeline.stages import cleanup as cleanup_stage
from pipeline.stages import segment as segment_stage
from pipeline.types import Document

ROOT = Path(__file__).resolve().parent.parent
METRICS = ("f1", "title", "authors", "dateline", "cer")
SWITCHES = [f.name for f in fields(cleanup_stage.CleanupOptions) if f.type in ("bool", bool)]


def gold_sets(sims: list[Path]) -> Iterator[tuple[str, Path, Path]]:
    yield "seeds", ROOT / "seeds", ROOT / "gold"
    yield "heldout", ROOT / "heldout" / "pages", ROOT / "heldout" / "gold"
    for sim in sims:
        yield f"sim:{sim.name}", sim / "text", sim / "gold"


def variants() -> Iterator[tuple[str, dict, dict]]:
    """(name, cleanup options, segment options) for the baseline and each rule switched off."""
    yield "baseline", {}, {}
    for switch in SWITCHES:
        yield f"cleanup.{switch}=false", {switch: False}, {}
    for rule in cleanup_stage.RULES:
        yield f"cleanup:{rule}", {"disable": [rule]}, {}
    for rule in segment_stage.RULES:
        yield f"segment:{rule}", {}, {"disable": [rule]}


def score(docs: list[Document], gold: dict, cleanup_options: dict, segment_options: dict, profile: str) -> dict:
    cleanup = cleanup_stage.Cleanup(cleanup_stage.CleanupOptions(profile=profile, **cleanup_options))
    segment = segment_stage.Segment(segment_stage.SegmentOptions(profile=profile, **segment_options))
    total = Score()
    for original in docs:
        doc = Document.from_raw(original.doc_id, original.raw, original.path)
        cleanup.process(doc)
        segment.process(doc)
        total.add(score_document(doc.doc_id, gold.get(doc.doc_id, []), document_records(doc)))
    metrics = total.metrics()
    overall = metrics["segment"]["all"]
    return {
        "f1": overall["f1"],
        "title": overall["title_accuracy"],
        "authors": overall["authors_accuracy"],
        "dateline": overall["dateline_accuracy"],
        "cer": metrics["cleanup"]["cer"] if metrics["cleanup"] else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sim", type=Path, action="append", default=[], help="a simulated split: DIR/text, DIR/gold")
    parser.add_argument("--profile", default="default")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args()
    sets = []
    for name, pages, gold_dir in gold_sets(args.sim):
        docs = [doc for doc in read_documents(discover([str(pages)])) if isinstance(doc, Document)]
        sets.append((name, docs, read_folder(gold_dir)))
    results: dict[str, dict[str, dict]] = {}
    for variant, cleanup_options, segment_options in variants():
        results[variant] = {
            name: score(docs, gold, cleanup_options, segment_options, args.profile) for name, docs, gold in sets
        }
    header = "".join(f" {name[:22]:>22}" for name, _, _ in sets)
    print(f"{'variant':<36}{header}")
    print(f"{'':<36}" + "".join(f" {'  '.join(m[:3] for m in METRICS):>22}" for _ in sets))
    base = results["baseline"]
    unused = []
    for variant, by_set in results.items():
        cells = []
        changed = False
        for name, _, _ in sets:
            values = []
            for metric in METRICS:
                value, reference = by_set[name][metric], base[name][metric]
                if variant == "baseline" or value is None or reference is None:
                    values.append(f"{value:.3f}" if value is not None else "-")
                else:
                    delta = value - reference
                    changed |= abs(delta) > 1e-9
                    values.append(f"{delta:+.3f}" if abs(delta) > 1e-9 else "0")
            cells.append(" ".join(f"{v:>4}" if len(v) <= 4 else v for v in values))
        print(f"{variant:<36}" + "".join(f" {cell:>22}" for cell in cells))
        if variant != "baseline" and not changed:
            unused.append(variant)
    if unused:
        print("no effect on any set: " + ", ".join(unused))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
