"""Where the body text that `body_edits.py` counts as `missing:lost` is, in pieces.

`benchmarks/body_edits.py` calls a run of gold body text `lost` when no predicted record of the
page holds it as one run. That does not say the text was dropped: a run cut into pieces that
stand in different places is lost too. This script cuts every lost run into pieces of
`--piece` characters and says where each piece is:

- `own`: in the matched record's own body (read there, out of order or interleaved with other text);
- `other-record`: in another predicted record of the page (read into the wrong story);
- `dropped`: in the cleaned text of the page but in no record (segmentation left it out);
- `cleanup-order`: in the page's raw text as one run but not in the cleaned text (cleanup broke it);
- `raw-order`: not one run even in the raw text (the extractor wrote it across lines of other
  columns, and cleanup did not put them back).

Each lost run as a whole is also checked against the raw text: `raw order kept` when the raw text
holds it as one run (cleanup or segmentation cut it apart), `raw order broken` when the extractor
wrote it in pieces apart (columns or lines out of reading order).

With `--pages` (the simulator's `pages.jsonl`) the pieces are also counted by kind of page: `plain`,
`boxes` (every line a box of its own), `narrow` (narrow gutters), `rows` (drawn row by row).

    python benchmarks/lost_runs.py --gold SIM/tune/gold --pred OUT --text SIM/tune/text \
        [--pages SIM/tune/pages.jsonl] [--config configs/default.toml]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from pipeline.analysis import read_folder
from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.evaluate import match_records
from pipeline.io.readers import read_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))
from body_edits import classify, folded, squeeze


def page_kind(page: dict) -> str:
    """The simulator's page layout as one word (`plain`, or the kinds that make pdfminer reorder lines)."""
    kinds = [
        name
        for name, key in (("boxes", "lines_as_boxes"), ("narrow", "narrow_gutters"), ("rows", "drawn_row_by_row"))
        if page.get(key)
    ]
    return "+".join(kinds) or "plain"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--pred", required=True, type=Path)
    parser.add_argument("--text", required=True, type=Path, help="the folder of page texts the run read")
    parser.add_argument("--pages", type=Path, help="the simulator's pages.jsonl: count by kind of page")
    parser.add_argument("--config", type=Path, default=Path("configs/default.toml"), help="whose cleanup to run")
    parser.add_argument("--run", type=int, default=6, help="shortest missing run (characters), as body_edits.py")
    parser.add_argument("--piece", type=int, default=8, help="characters per piece")
    args = parser.parse_args()

    try:
        stages = load_config(args.config).stages
    except ConfigError as error:
        sys.exit(str(error))
    cleanup = next((spec.build() for spec in stages if spec.name == "cleanup"), None)
    if cleanup is None:
        sys.exit(f"{args.config}: no cleanup stage")
    kinds = {}
    if args.pages:
        for line in args.pages.read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            kinds[page["page_id"]] = page_kind(page)
    gold_docs, pred_docs = read_folder(args.gold), read_folder(args.pred)
    totals: Counter[str] = Counter()
    runs_in_order: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    for doc_id, gold in sorted(gold_docs.items()):
        pred = pred_docs.get(doc_id, [])
        doc = next(read_documents([args.text / f"{doc_id}.txt"]))
        raw = folded(doc.text)
        cleanup.process(doc)
        cleaned = squeeze(doc.text)
        for g, p in match_records(gold, pred):
            own = squeeze(pred[p].get("text") or "")
            others = [squeeze(record.get("text") or "") for index, record in enumerate(pred) if index != p]
            for kind, text, _ in classify(gold[g].get("text") or "", pred[p].get("text") or "", args.run):
                run = squeeze(text)
                if kind != "missing" or run in own or any(run in other for other in others):
                    continue
                runs_in_order["raw order kept" if folded(run) in raw else "raw order broken"] += len(run)
                for start in range(0, len(run), args.piece):
                    piece = run[start : start + args.piece]
                    if piece in own:
                        where = "own"
                    elif any(piece in other for other in others):
                        where = "other-record"
                    elif piece in cleaned:
                        where = "dropped"
                    elif folded(piece) in raw:
                        where = "cleanup-order"
                    else:
                        where = "raw-order"
                    totals[where] += len(piece)
                    by_kind[(kinds.get(doc_id, "-"), where)] += len(piece)
    total = sum(totals.values())
    print(f"lost characters {total}")
    for where, count in totals.most_common():
        print(f"  {where:14} {count:7}  {count / max(total, 1):6.1%}")
    for order, count in runs_in_order.most_common():
        print(f"  whole runs, {order:16} {count:7}  {count / max(total, 1):6.1%}")
    if kinds:
        print("by kind of page:")
        for (kind, where), count in sorted(by_kind.items()):
            print(f"  {kind:20} {where:14} {count:7}")


if __name__ == "__main__":
    main()
