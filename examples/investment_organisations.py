"""Which organisations appear in articles that report investment figures, and how much?

Run the pipeline first, then this script on its output folder:

    python -m pipeline run configs/default.toml
    python examples/investment_organisations.py outputs

An investment figure is a money fact (unit `元`) that the article states as an investment:
its predicate or subject says 投资 or 投入, or one of those words stands just before it in the
same sentence (`总投资41.77亿元`, `完成投资17亿元`). Rates such as `万元/亩` are not amounts and
are left out. Each organisation is listed with the articles it appears in and the largest
investment figure those articles report (figures are not added up: a total and the part of
it already spent are often both printed).
"""

from __future__ import annotations

import re
import sys

import pandas as pd

from pipeline import load_results
from pipeline.analysis import Results

INVESTMENT_WORDS = ("投资", "投入")
CONTEXT_CHARS = 8
_SENTENCE_END = re.compile(r"[。！？；\n]")


def _lead_in(text: str, start: int) -> str:
    """The few characters before a fact, cut at the sentence boundary before it."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    return _SENTENCE_END.split(before)[-1]


def investment_facts(results: Results) -> pd.DataFrame:
    """Money facts stated as investments, with the title of their article."""
    facts = results.facts[results.facts["unit"] == "元"]
    articles = results.articles[["title", "text"]].rename(columns={"text": "body"})
    facts = facts.join(articles).reset_index()
    stated = facts["predicate"].fillna("") + facts["subject"].fillna("")
    lead_ins = [_lead_in(body, start) for body, start in zip(facts["body"], facts["start"].fillna(0), strict=True)]
    is_investment = [
        any(word in said or word in lead_in for word in INVESTMENT_WORDS)
        for said, lead_in in zip(stated, lead_ins, strict=True)
    ]
    found = facts[is_investment].rename(columns={"text": "figure", "value": "yuan"})
    return found[["doc_id", "article_index", "title", "figure", "yuan"]].reset_index(drop=True)


def organisations_by_investment(results: Results) -> pd.DataFrame:
    """One row per organisation named in an article with investment figures, largest first."""
    largest = investment_facts(results).groupby(["doc_id", "article_index"], as_index=False)["yuan"].max()
    organisations = results.entities.reset_index()
    organisations = organisations[organisations["label"] == "ORG"][["doc_id", "article_index", "text"]]
    joined = organisations.drop_duplicates().merge(largest, on=["doc_id", "article_index"])
    table = joined.groupby("text").agg(articles=("article_index", "size"), largest_yuan=("yuan", "max"))
    return table.rename_axis("organisation").sort_values(["largest_yuan", "articles"], ascending=False)


def _readable(yuan: float) -> str:
    """An amount as a Chinese newspaper prints it: in 亿元 or 万元."""
    for size, unit in ((1e8, "亿元"), (1e4, "万元")):
        if yuan >= size:
            return f"{yuan / size:.6g}{unit}"
    return f"{yuan:.6g}元"


def main(folder: str) -> None:
    results = load_results(folder)
    figures = investment_facts(results)
    articles = figures.groupby(["doc_id", "article_index"]).ngroups
    print(f"{len(figures)} investment figures in {articles} articles:")
    print(figures.assign(yuan=figures["yuan"].map(_readable)).to_string(index=False))
    table = organisations_by_investment(results)
    print(f"\n{len(table)} organisations named in those articles, with the largest figure there:")
    print(table.assign(largest_yuan=table["largest_yuan"].map(_readable)).to_string())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "outputs")
