"""How often two annotators write the same subject and predicate for the same facts.

    python benchmarks/facts_gold/agreement.py --blank tune --files 10 --out benchmarks/facts_gold/tune_second
    python benchmarks/facts_gold/agreement.py --compare benchmarks/facts_gold/tune benchmarks/facts_gold/tune_second

`--blank` copies the first N gold files of a split (in sorted order) with every fact's `subject`
and `predicate` set to null, so that a second annotator fills them in without seeing the first
one's strings (text, offsets, value, unit and approx stay: only the roles are measured).
`--compare` pairs the facts of two folders by `(start, end)` in files of the same name and prints
the exact agreement on subject and on predicate, whitespace removed as `evaluate` compares, per
file and overall, then every disagreement. The ceiling that two careful annotators reach tells how
far an extractor's role accuracy can be judged against one annotator's gold.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluate import squeeze

HERE = Path(__file__).resolve().parent
ROLES = ("subject", "predicate")


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


def read_gold(path: Path) -> dict[str, Any]:
    """The one record of a gold file `<split>/<id>.jsonl`."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: cannot read: {error}") from None
    if len(lines) != 1:
        raise GoldError(f"{path}: needs exactly one record, has {len(lines)}")
    try:
        record = json.loads(lines[0])
    except json.JSONDecodeError as error:
        raise GoldError(f"{path}:1: invalid JSON: {error.msg}") from None
    if not isinstance(record, dict) or not isinstance(record.get("facts"), list):
        raise GoldError(f"{path}:1: needs an object with a 'facts' list")
    return record


def blank(source: Path, count: int, out: Path) -> list[Path]:
    """Write the first `count` files of `source` to `out` with subject and predicate null."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.jsonl"))[:count]:
        record = read_gold(path)
        record["facts"] = [{**fact, **dict.fromkeys(ROLES)} for fact in record["facts"]]
        target = out / path.name
        target.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written


@dataclass
class Disagreement:
    file: str
    text: str
    start: int
    role: str
    first: str | None
    second: str | None


@dataclass
class FileAgreement:
    """Counts of one file pair: facts paired on offsets and the roles both wrote the same."""

    name: str
    paired: int = 0
    unpaired: int = 0
    agreed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))


def compare_file(name: str, first: dict[str, Any], second: dict[str, Any]) -> tuple[FileAgreement, list[Disagreement]]:
    """Pair facts on `(start, end)`; a fact only one side has is counted as unpaired."""
    by_span = {(fact.get("start"), fact.get("end")): fact for fact in second["facts"]}
    counts = FileAgreement(name)
    disagreements = []
    for fact in first["facts"]:
        other = by_span.pop((fact.get("start"), fact.get("end")), None)
        if other is None:
            counts.unpaired += 1
            continue
        counts.paired += 1
        for role in ROLES:
            mine, theirs = squeeze(fact.get(role)), squeeze(other.get(role))
            if mine == theirs:
                counts.agreed[role] += 1
            else:
                disagreements.append(
                    Disagreement(name, fact.get("text", ""), fact.get("start", -1), role, mine, theirs)
                )
    counts.unpaired += len(by_span)
    return counts, disagreements


def compare(first: Path, second: Path) -> tuple[list[FileAgreement], list[Disagreement]]:
    """Compare the files the two folders share by name (the second folder's files decide which)."""
    files, disagreements = [], []
    for path in sorted(second.glob("*.jsonl")):
        counts, found = compare_file(path.stem, read_gold(first / path.name), read_gold(path))
        files.append(counts)
        disagreements += found
    return files, disagreements


def share(agreed: int, paired: int) -> str:
    return f"{agreed / paired:.3f}" if paired else "-"


def report(files: list[FileAgreement], disagreements: list[Disagreement]) -> str:
    """Per file and overall agreement, then the disagreements, one line each."""
    lines = ["file\tfacts\tsubject\tpredicate\tunpaired"]
    for counts in files:
        lines.append(
            f"{counts.name}\t{counts.paired}\t{share(counts.agreed['subject'], counts.paired)}"
            f"\t{share(counts.agreed['predicate'], counts.paired)}\t{counts.unpaired}"
        )
    paired = sum(counts.paired for counts in files)
    totals = {role: sum(counts.agreed[role] for counts in files) for role in ROLES}
    lines.append(
        f"all\t{paired}\t{share(totals['subject'], paired)} ({totals['subject']}/{paired})"
        f"\t{share(totals['predicate'], paired)} ({totals['predicate']}/{paired})"
        f"\t{sum(counts.unpaired for counts in files)}"
    )
    lines.append("")
    lines.append("disagreements (file, text@start, role: first | second)")
    for item in disagreements:
        lines.append(f"{item.file}\t{item.text}@{item.start}\t{item.role}: {item.first} | {item.second}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--blank", metavar="SPLIT", help="a split folder under benchmarks/facts_gold/ (or a path)")
    mode.add_argument("--compare", nargs=2, type=Path, metavar=("FIRST", "SECOND"))
    parser.add_argument("--files", type=int, default=10, help="with --blank: how many files, in sorted order")
    parser.add_argument("--out", type=Path, help="with --blank: the folder to write")
    args = parser.parse_args(argv)
    try:
        if args.blank:
            if args.out is None:
                parser.error("--blank needs --out")
            source = Path(args.blank) if Path(args.blank).is_dir() else HERE / args.blank
            if not source.is_dir():
                parser.error(f"--blank: no folder {args.blank}")
            for path in blank(source, args.files, args.out):
                print(path)
        else:
            print(report(*compare(*args.compare)))
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
