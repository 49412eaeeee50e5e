"""Choose the People's Daily articles of the hand-written fact gold, and check the gold files.

    python benchmarks/facts_gold/select.py --corpus pfr-19980101-10.jsonl [--write-input OUT.jsonl] [--split tune]
    python benchmarks/facts_gold/select.py --check [--corpus pfr-19980101-10.jsonl]

The selection is reproducible (a fixed seed): articles of at most MAX_CHARS characters with
between MIN_FIGURES and MAX_FIGURES Arabic figures that are not dates, sorted into four kinds of
news by the keywords of `categories.toml`, the same number of each kind per split. Articles of
1-5 January make the `tune`, `tune2` and `tune3` splits, those of 6-10 January the `report`, `report2`,
`report3` and `report4` splits (each later split a later draw from what the earlier ones left). `--write-input` writes
the chosen articles as pipeline input (`{"id", "text"}` per line) to a path outside the repository:
the corpus text is not committed. `--check` reads every gold file under each split's folder and
prints one line per problem (schema, split, and with `--corpus` that `text[start:end]` is the fact's
text); it exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The dates each split draws from; `report2` to `report4` share `report`'s days, `tune2` and `tune3` `tune`'s.
SPLITS = {
    "tune": ("19980101", "19980105"),
    "report": ("19980106", "19980110"),
    "report2": ("19980106", "19980110"),
    "tune2": ("19980101", "19980105"),
    "report3": ("19980106", "19980110"),
    "tune3": ("19980101", "19980105"),
    "report4": ("19980106", "19980110"),
}
SEED = 18
PER_KIND = 5
# The draws in the order they were made, draw n with seed + n, each filling the splits it names in
# turn from the candidates of their dates that no earlier draw took. `tune` was doubled by the
# second draw, `report2` (a fresh report set) is the third, `tune2` (a fresh tune set) the fourth and
# `report3` (a third report set) the fifth and `tune3` (a third tune set) the sixth, so none changed
# what came before. `report4` (a fourth report set) is the seventh.
DRAWS = (("tune", "report"), ("tune",), ("report2",), ("tune2",), ("report3",), ("tune3",), ("report4",))
MAX_CHARS = 1500
MIN_FIGURES = 3
MAX_FIGURES = 25
# An Arabic number (full or half width, with its decimal point) not followed by a calendar unit.
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.．·]*(?![0-9０-９.．·]|[年月日时点号])")
_FACT_KEYS = {"text", "start", "end", "value", "value_max", "unit", "approx", "subject", "predicate"}
_APPROX = {None, "over", "under", "about"}


class GoldError(Exception):
    """A problem in the corpus or a gold file, already phrased as one line naming the place."""


def read_corpus(path: Path) -> dict[str, dict[str, Any]]:
    """The corpus articles by id, in file order."""
    articles: dict[str, dict[str, Any]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise GoldError(f"{path}: cannot read ({error.strerror})") from None
    for number, line in enumerate(lines, 1):
        try:
            article = json.loads(line)
            articles[article["id"]] = article
            if not isinstance(article["text"], str):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            raise GoldError(f"{path}:{number}: not an article object with 'id' and 'text'") from None
    return articles


def count_figures(text: str) -> int:
    """How many Arabic numbers the text holds that are not parts of dates or clock times."""
    return len(_FIGURE.findall(text))


def kind_of(text: str, kinds: dict[str, list[str]]) -> str:
    """The kind whose keywords occur most often; `local` when none occurs."""
    hits = {kind: sum(text.count(word) for word in words) for kind, words in kinds.items()}
    best = max(hits, key=lambda kind: hits[kind])
    return best if hits[best] else "local"


def in_split_dates(article_id: str, split: str) -> bool:
    """Whether the date in `pfr-<date>-<page>-<article>` lies in the days `split` draws from."""
    first, last = SPLITS[split]
    return first <= article_id.split("-")[1] <= last


def select(articles: dict[str, dict[str, Any]], seed: int = SEED) -> dict[str, list[str]]:
    """PER_KIND articles of each kind per split and draw, drawn with a fixed seed, sorted by id.

    A kind with too few candidates in a split leaves its places to a draw from all the others.
    Draw n uses seed + n and takes only articles no earlier draw took, for whichever split.
    """
    kinds = tomllib.loads((HERE / "categories.toml").read_text(encoding="utf-8"))["kinds"]
    kinds = {kind: table["keywords"] for kind, table in kinds.items()}
    pools: dict[str, list[str]] = {}
    for article_id, article in articles.items():
        text = article["text"]
        if len(text) <= MAX_CHARS and MIN_FIGURES <= count_figures(text) <= MAX_FIGURES:
            pools.setdefault(kind_of(text, kinds), []).append(article_id)
    chosen: dict[str, list[str]] = {split: [] for split in SPLITS}
    for draw, splits in enumerate(DRAWS):
        rng = random.Random(seed + draw)
        for split in splits:
            taken = {article_id for ids in chosen.values() for article_id in ids}
            candidates = {
                kind: sorted(i for i in pools.get(kind, []) if in_split_dates(i, split) and i not in taken)
                for kind in kinds
            }
            picked: list[str] = []
            for kind in kinds:
                picked += rng.sample(candidates[kind], min(PER_KIND, len(candidates[kind])))
            rest = sorted(i for pool in candidates.values() for i in pool if i not in picked)
            picked += rng.sample(rest, min(PER_KIND * len(kinds) - len(picked), len(rest)))
            chosen[split] = sorted(chosen[split] + picked)
    return chosen


def gold_files() -> Iterator[tuple[str, Path]]:
    for split in SPLITS:
        for path in sorted((HERE / split).glob("*.jsonl")):
            yield split, path


def check_fact(fact: Any, text: str | None) -> Iterator[str]:
    """Problems of one gold fact; with the article text, also its offsets."""
    if not isinstance(fact, dict) or set(fact) != _FACT_KEYS:
        yield f"needs exactly the keys {sorted(_FACT_KEYS)}"
        return
    for key in ("value", "value_max"):
        number = fact[key]
        valid = isinstance(number, int | float) and not isinstance(number, bool) and math.isfinite(number)
        if not valid and not (key == "value_max" and number is None):
            yield f"{key} {number!r} is not a number"
    if not isinstance(fact["unit"], str) or fact["approx"] not in _APPROX:
        yield f"unit must be a string and approx one of {sorted(_APPROX, key=str)}"
    for key in ("subject", "predicate"):
        if fact[key] is not None and not (isinstance(fact[key], str) and fact[key]):
            yield f"{key} must be a non-empty string or null"
    if text is not None and text[fact["start"] : fact["end"]] != fact["text"]:
        yield f"text[{fact['start']}:{fact['end']}] is {text[fact['start'] : fact['end']]!r}, not {fact['text']!r}"


def check(articles: dict[str, dict[str, Any]] | None) -> list[str]:
    """Every problem of the gold files, one line each naming the file and the fact."""
    problems = []
    chosen = select(articles) if articles else None
    for split, path in gold_files():
        doc_id = path.stem
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            record = json.loads(lines[0]) if len(lines) == 1 else None
        except (OSError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: cannot read ({error})")
            continue
        if not isinstance(record, dict) or record.get("doc_id") != doc_id or record.get("article_index") != 0:
            problems.append(f"{split}/{path.name}:1: needs one line with doc_id {doc_id!r} and article_index 0")
            continue
        if not in_split_dates(doc_id, split) or (chosen is not None and doc_id not in chosen[split]):
            problems.append(f"{split}/{path.name}: not an article the selection puts in {split}")
        text = articles[doc_id]["text"] if articles and doc_id in articles else None
        facts = record.get("facts")
        if not isinstance(facts, list):
            problems.append(f"{split}/{path.name}:1: 'facts' must be a list")
            continue
        starts = [fact.get("start", -1) for fact in facts if isinstance(fact, dict)]
        if starts != sorted(starts):
            problems.append(f"{split}/{path.name}:1: facts are not in reading order")
        for index, fact in enumerate(facts):
            problems += [f"{split}/{path.name}:1: facts[{index}]: {problem}" for problem in check_fact(fact, text)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="the People's Daily corpus (one article per JSON line)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--write-input", type=Path, help="write the chosen articles as pipeline input here")
    parser.add_argument("--split", choices=sorted(SPLITS), help="with --write-input: only this split")
    parser.add_argument("--check", action="store_true", help="check the gold files instead of selecting")
    args = parser.parse_args(argv)
    try:
        articles = read_corpus(args.corpus) if args.corpus else None
        if args.check:
            problems = check(articles)
            print("\n".join(problems) or f"{sum(1 for _ in gold_files())} gold files ok")
            return 1 if problems else 0
        if articles is None:
            parser.error("--corpus is required to select")
        chosen = select(articles, args.seed)
    except GoldError as error:
        print(error, file=sys.stderr)
        return 2
    for split, ids in chosen.items():
        print(f"{split}: {' '.join(ids)}")
    if args.write_input:
        ids = chosen[args.split] if args.split else [i for split_ids in chosen.values() for i in split_ids]
        lines = (json.dumps({"id": i, "text": articles[i]["text"]}, ensure_ascii=False) for i in ids)
        args.write_input.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
