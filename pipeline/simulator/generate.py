"""Making simulated pages: compose in order, then draw and extract in parallel, then write gold.

Pages are composed one after another in the calling process (cheap, and the stories each page
takes depend on the pages before it), so a seed fixes every page; drawing the PDFs and
extracting their text, the slow part, runs in `workers` processes.
"""

from __future__ import annotations

import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.simulator.compose import PageComposer, StorySource, load_forms
from pipeline.simulator.extract import pdfminer_text, pdftotext_text
from pipeline.simulator.render import render_pdf
from pipeline.simulator.sources import Pool, load_pools
from pipeline.simulator.typeset import Drawing, register_fonts

SPLITS = ("tune", "report")
#: CJK TrueType fonts from Debian packages (fonts-wqy-zenhei, fonts-noto-cjk), used when present.
TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
#: The corpus's days: pages of a split carry one of its dates in their header.
CORPUS_DATES = {"tune": [f"199801{d:02d}" for d in range(1, 6)], "report": [f"199801{d:02d}" for d in range(6, 11)]}


def find_ttf(choice: str | None) -> str | None:
    """`auto`: the first installed CJK TrueType font; a path: that file; None or `none`: no TTF."""
    if choice in (None, "", "none"):
        return None
    if choice == "auto":
        return next((path for path in TTF_CANDIDATES if Path(path).is_file()), None)
    if not Path(choice).is_file():
        raise FileNotFoundError(f"{choice}: no such font file")
    return choice


@dataclass
class SimulationOptions:
    out: Path
    corpus: Path | None = None
    gold_dirs: list[Path | str] = field(default_factory=list)  # `DIR` or `DIR:tune` / `DIR:report`
    fact_dirs: list[Path] = field(default_factory=list)
    pages: int = 100
    pages_per_doc: int = 1
    seed: int = 1
    workers: int = 1
    ttf: str | None = None
    pdftotext: bool = True
    splits: tuple[str, ...] = SPLITS


@dataclass
class PagePlan:
    """One composed page: what to draw and its gold records."""

    split: str
    page_id: str
    drawing: Drawing
    records: list[dict[str, Any]]
    meta: dict[str, Any]


def plan_split(pool: Pool, options: SimulationOptions, ttf: str | None) -> list[PagePlan]:
    fonts = register_fonts(ttf)
    forms = load_forms()
    source = StorySource(pool, seed=hash_seed(options.seed, pool.split, "stories"))
    has_corpus = any(story.date for story in pool.stories)
    plans = []
    if not pool.stories:
        return plans
    for index in range(options.pages):
        page_id = f"sim{options.seed}-{pool.split}-{index:04d}"
        rng = random.Random(f"{options.seed}/{pool.split}/{index}")
        date = rng.choice(CORPUS_DATES[pool.split]) if has_corpus else None
        paper = "人民日报" if has_corpus and rng.random() < 0.5 else None
        composer = PageComposer(page_id, source, pool.names, forms, fonts, rng, paper=paper, date=date)
        composer.fill()
        composer.finish()
        if not composer.records:
            continue
        composer.meta["stories"] = [record.pop("source_story") for record in composer.records]
        composer.meta["bboxes"] = [record.pop("bbox") for record in composer.records]
        composer.meta["features"] = sorted(set(composer.meta["features"]))
        plans.append(PagePlan(pool.split, page_id, composer.drawing, composer.records, composer.meta))
    return plans


def hash_seed(*parts: object) -> int:
    return random.Random("/".join(map(str, parts))).getrandbits(32)


def gold_lines(doc_id: str, plans: list[PagePlan]) -> list[dict[str, Any]]:
    """The document's gold in the contract's format, page after page; `facts` only where sourced."""
    records = [record for plan in plans for record in plan.records]
    return [{"doc_id": doc_id, "article_index": index} | record for index, record in enumerate(records)]


def write_document(
    doc_id: str, plans: list[PagePlan], out: Path, ttf: str | None, with_pdftotext: bool
) -> list[dict[str, Any]]:
    """Draw the pages into one PDF, extract its text, write its gold; a manifest line per page."""
    split_dir = out / plans[0].split
    pdf_path = split_dir / "pdf" / f"{doc_id}.pdf"
    pdf_path.write_bytes(render_pdf([plan.drawing for plan in plans], ttf))
    (split_dir / "text" / f"{doc_id}.txt").write_text(pdfminer_text(pdf_path), encoding="utf-8")
    if with_pdftotext and (text := pdftotext_text(pdf_path)) is not None:
        (split_dir / "text-pdftotext" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    with open(split_dir / "gold" / f"{doc_id}.jsonl", "w", encoding="utf-8") as handle:
        for line in gold_lines(doc_id, plans):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return [
        plan.meta | {"doc_id": doc_id, "page_in_doc": number, "records": len(plan.records)}
        for number, plan in enumerate(plans, 1)
    ]


def _write_job(job: tuple[str, list[PagePlan], Path, str | None, bool]) -> list[dict[str, Any]]:
    return write_document(*job)


def simulate(options: SimulationOptions, pools: dict[str, Pool] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Generate `options.pages` pages per split under `options.out`; the manifest lines per split."""
    ttf = find_ttf(options.ttf)
    if pools is None:
        problems: list[str] = []
        pools = load_pools(options.corpus, options.gold_dirs, problems, options.fact_dirs)
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)
    manifests: dict[str, list[dict[str, Any]]] = {}
    jobs = []
    for split in options.splits:
        for folder in ("pdf", "text", "text-pdftotext", "gold"):
            (options.out / split / folder).mkdir(parents=True, exist_ok=True)
        plans = plan_split(pools[split], options, ttf)
        per_doc = max(1, options.pages_per_doc)
        for number, first in enumerate(range(0, len(plans), per_doc)):
            group = plans[first : first + per_doc]
            doc_id = group[0].page_id if per_doc == 1 else f"sim{options.seed}-{split}-d{number:04d}"
            jobs.append((doc_id, group, options.out, ttf, options.pdftotext))
    if options.workers > 1:
        with ProcessPoolExecutor(options.workers) as executor:
            metas = list(executor.map(_write_job, jobs, chunksize=4))
    else:
        metas = [_write_job(job) for job in jobs]
    for (_, group, *_), lines in zip(jobs, metas, strict=True):
        manifests.setdefault(group[0].split, []).extend(lines)
    for split, lines in manifests.items():
        with open(options.out / split / "pages.jsonl", "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return manifests
