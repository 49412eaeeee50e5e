"""Body edits of matched records counted by cause, and the layer that causes them.

`python -m pipeline evaluate` gives the CER of matched bodies (`cer_matched`) as one number. This
script splits its edits: per matched record it aligns the gold body with the predicted one
(Levenshtein opcodes, the same alignment `evaluate` counts) and classifies each edit run as

- `missing`: a run of gold text at least `--run` characters long absent from the predicted body
  (`missing:other-record` when another predicted record of the page holds it, `missing:lost`
  when none does);
- `foreign`: a run of predicted text at least that long absent from the gold body (text of
  another story inside the body);
- `moved`: a long run found on the other side too (a paragraph read out of order in the body);
- `small`: everything shorter (punctuation, doubled or lost characters, spaces, line breaks).

With `--pdf` (the folder of the PDFs the run read) each long run is also given the layer that
decides it, from the printed lines' modules the reader hands to segmentation:

- `segment`: the run is printed in the module the record's own text mostly comes from (a record
  boundary or title cut inside one module: segmentation's call);
- `order`: a `moved` run inside that module (the reader ordered the module's blocks wrongly);
- `layout`: it is printed in another module (the reader grouped the columns wrongly: a missing
  run, or a foreign run read into the record's module);
- `reader`: it is not found in the page's raw text as one run (characters out of order).

    python benchmarks/body_edits.py --gold SIM/tune/gold --pred OUT --pdf SIM/tune/pdf [--show 20]
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.analysis import read_folder
from pipeline.evaluate import match_records
from pipeline.pdf import read_pdf
from pipeline.types import Document

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


def folded(text: str) -> str:
    """Squeezed and NFKC-folded: cleanup turns full-width digits and letters into ASCII."""
    return squeeze(unicodedata.normalize("NFKC", text))


class PageIndex:
    """A document's raw text without whitespace, each character mapped to its printed line's module."""

    def __init__(self, document: Document) -> None:
        raw = document.raw
        line_module = [-1] * len(raw)
        for line in document.layout.lines if document.layout else []:
            module = line.geometry.module if line.geometry and line.geometry.module is not None else -1
            for offset in range(line.raw_start, line.raw_end):
                line_module[offset] = module
        kept = [offset for offset, char in enumerate(raw) if not char.isspace()]
        # NFKC keeps these characters one for one
        self.text = "".join(unicodedata.normalize("NFKC", raw[offset])[:1] for offset in kept)
        self.modules = [line_module[offset] for offset in kept]
        self.raw_offsets = kept

    def modules_of(self, text: str) -> list[int] | None:
        """The modules each character of `text` is printed in, or None when it is not one run."""
        at = self.text.find(folded(text))
        if at < 0:
            return None
        return self.modules[at : at + len(folded(text))]

    def main_module(self, start: int, end: int) -> int:
        """The module most of the raw span's characters are printed in."""
        counts = Counter(
            module for offset, module in zip(self.raw_offsets, self.modules, strict=True) if start <= offset < end
        )
        return counts.most_common(1)[0][0] if counts else -1


def classify(gold_text: str, pred_text: str, run: int) -> list[tuple[str, str, int]]:
    """(kind, text, edits) per edit run: `missing` gold text, `foreign` predicted text, `small`."""
    found = []
    for op in Levenshtein.opcodes(gold_text, pred_text):
        if op.tag == "equal":
            continue
        lost = gold_text[op.src_start : op.src_end]
        added = pred_text[op.dest_start : op.dest_end]
        edits = max(len(lost), len(added))
        if len(squeeze(lost)) >= run:
            found.append(("missing", lost, len(lost)))
            edits -= len(lost)
        if len(squeeze(added)) >= run:
            found.append(("foreign", added, edits))
            edits = 0
        if edits:
            found.append(("small", lost or added, edits))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--pred", required=True, type=Path)
    parser.add_argument("--pdf", type=Path, help="folder of the PDFs the run read: adds the layer of each run")
    parser.add_argument("--run", type=int, default=6, help="shortest missing or foreign run (characters)")
    parser.add_argument("--show", type=int, default=0, help="print this many of the largest runs")
    args = parser.parse_args()

    gold_docs, pred_docs = read_folder(args.gold), read_folder(args.pred)
    totals: Counter[str] = Counter()
    gold_chars = 0
    runs: list[tuple[int, str, str, str, str]] = []
    for doc_id, gold in sorted(gold_docs.items()):
        pred = pred_docs.get(doc_id, [])
        index = None
        if args.pdf is not None:
            documents = [d for d in read_pdf(args.pdf / f"{doc_id}.pdf") if isinstance(d, Document)]
            index = PageIndex(documents[0]) if documents else None
        for g, p in match_records(gold, pred):
            gold_text, pred_text = gold[g].get("text") or "", pred[p].get("text") or ""
            gold_chars += len(gold_text)
            others = [squeeze(r.get("text") or "") for i, r in enumerate(pred) if i != p]
            source = pred[p].get("source") or {}
            home = index.main_module(source.get("start", 0), source.get("end", 0)) if index else -1
            for kind, text, edits in classify(gold_text, pred_text, args.run):
                if kind != "small" and squeeze(text) in squeeze(pred_text if kind == "missing" else gold_text):
                    kind = "moved"
                elif kind == "missing":
                    kind += ":other-record" if any(squeeze(text) in other for other in others) else ":lost"
                layer = ""
                if index is not None and kind != "small":
                    modules = index.modules_of(text)
                    if modules is None:
                        layer = "reader"
                    else:
                        same = Counter(modules).most_common(1)[0][0] == home
                        # a run read out of order inside its own module: the reading order's
                        layer = ("order" if kind == "moved" else "segment") if same else "layout"
                totals[f"{kind} {layer}".strip()] += edits
                if kind != "small":
                    runs.append((edits, doc_id, f"{kind} {layer}".strip(), str(gold[g].get("title")), text))
    total = sum(totals.values())
    print(f"matched gold chars {gold_chars}, edits {total}, cer_matched {total / max(gold_chars, 1):.4f}")
    for key, edits in totals.most_common():
        print(f"  {key:32} {edits:6}  {edits / max(total, 1):6.1%}")
    for edits, doc_id, kind, title, text in sorted(runs, reverse=True)[: args.show]:
        print(f"{edits:5} {doc_id} {kind:28} title={title} «{squeeze(text)[:40]}»")


if __name__ == "__main__":
    main()
