"""One self-contained HTML page per output document, for reading results in a browser.

Articles appear in reading order with their title, subtitle, authors and dateline; entities
and facts are highlighted in the body with spaCy's displaCy in manual mode, and each article's
facts are listed in a table. The page loads nothing from the network: styles are inline and
there are no scripts, so it opens offline and can be mailed as one file. A document read from a
PDF also shows its pages, with the records' boxes drawn over them, beside the text view.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from spacy import displacy

from pipeline.analysis import read_records
from pipeline.errors import PipelineError
from pipeline.pdf.render import STYLE as PAGES_STYLE
from pipeline.pdf.render import records_pdf, render_pages

FACT_LABEL = "FACT"
COLORS = {"PER": "#fbd38d", "ORG": "#9ae6b4", "LOC": "#90cdf4", FACT_LABEL: "#e9d8fd"}
KIND_NAMES = {"article": "文章 article", "caption": "图片说明 caption", "other": "其他 other"}
NO_TITLE = "（无标题）"
# displaCy's default entity template puts line breaks and spaces around the mark, which show
# as gaps in Chinese text; this one is compact and carries a tooltip.
ENTITY_TEMPLATE = (
    '<mark class="entity" title="{tip}" style="background: {bg}">{text}<span class="label">{label}</span></mark>'
)
STYLE = """
body { font: 17px/1.8 "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
       max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; color: #1a202c; }
header h1 { font-size: 1.3rem; margin-bottom: 0.2rem; }
.summary, .legend { color: #4a5568; font-size: 0.9rem; margin: 0.2rem 0; }
.legend mark { padding: 0.1em 0.4em; border-radius: 0.3em; margin-right: 0.4em; }
article { border-top: 1px solid #cbd5e0; padding: 1.2rem 0 0.8rem; }
article .kind { color: #718096; font-size: 0.8rem; margin: 0; }
article h2 { font-size: 1.4rem; margin: 0.2rem 0; }
article h2.untitled { color: #a0aec0; font-weight: normal; }
article .subtitle { font-size: 1.05rem; color: #2d3748; margin: 0.1rem 0; }
article .byline { color: #4a5568; font-size: 0.9rem; margin: 0.3rem 0; }
.entities { margin-top: 0.6rem; }
mark.entity { padding: 0.1em 0.25em; border-radius: 0.3em; }
mark.entity .label { font: bold 0.6em sans-serif; margin-left: 0.25em; vertical-align: middle; color: #4a5568; }
table.facts { border-collapse: collapse; font-size: 0.85rem; margin: 0.8rem 0; }
table.facts caption { text-align: left; color: #4a5568; }
table.facts th, table.facts td { border: 1px solid #e2e8f0; padding: 0.15rem 0.5rem; text-align: left; }
.warning { color: #c53030; font-size: 0.85rem; }
"""


def render_page(records: list[dict[str, Any]], doc_id: str | None = None, pdf: str | Path | None = None) -> str:
    """The HTML page of one document's records, in `article_index` order.

    Records of a PDF document are shown beside its pages (found through `pdf` or the records'
    `source.file`, see `pipeline.pdf.render`).
    """
    ordered = sorted(records, key=lambda record: record.get("article_index", 0))
    doc_id = doc_id or (ordered[0].get("doc_id") if ordered else None) or "document"
    entity_count = sum(len(record.get("entities") or []) for record in ordered)
    fact_count = sum(len(record.get("facts") or []) for record in ordered)
    legend = "".join(f'<mark style="background: {color}">{label}</mark>' for label, color in COLORS.items())
    articles = [_render_record(record) for record in ordered]
    style = STYLE
    pdf_path = records_pdf(ordered, pdf)
    if pdf_path is not None:
        style += PAGES_STYLE
        pages = render_pages(ordered, pdf_path, COLORS, FACT_LABEL)
        articles = [f'<div class="layout">{pages}<section class="records">', *articles, "</section></div>"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(doc_id)}</title><style>{style}</style></head><body>",
        f"<header><h1>{html.escape(doc_id)}</h1>",
        f'<p class="summary">{len(ordered)} records · {entity_count} entities · {fact_count} facts</p>',
        f'<p class="legend">{legend}</p></header>',
        *articles,
        "</body></html>",
    ]
    return "\n".join(parts)


def _render_record(record: dict[str, Any]) -> str:
    kind = str(record.get("kind") or "article")
    index = record.get("article_index", "")
    title = record.get("title")
    heading = f"<h2>{html.escape(title)}</h2>" if title else f'<h2 class="untitled">{NO_TITLE}</h2>'
    parts = [f'<article class="{html.escape(kind)}" id="record-{html.escape(str(index))}">']
    parts.append(f'<p class="kind">#{html.escape(str(index))} {html.escape(KIND_NAMES.get(kind, kind))}</p>')
    parts.append(heading)
    if record.get("subtitle"):
        parts.append(f'<p class="subtitle">{html.escape(record["subtitle"])}</p>')
    byline = []
    if record.get("authors"):
        byline.append("作者 " + "、".join(html.escape(author) for author in record["authors"]))
    if record.get("dateline"):
        byline.append(html.escape(record["dateline"]))
    if byline:
        parts.append(f'<p class="byline">{" · ".join(byline)}</p>')
    text = record.get("text") or ""
    spans, skipped = highlight_spans(text, record.get("entities") or [], record.get("facts") or [])
    parts.append(
        displacy.render(
            {"text": text, "ents": spans, "title": None},
            style="ent",
            manual=True,
            page=False,
            jupyter=False,
            options={"colors": COLORS, "template": ENTITY_TEMPLATE},
        )
    )
    if skipped:
        parts.append(
            f'<p class="warning">{skipped} spans not highlighted: offsets overlap or do not match the text</p>'
        )
    parts.append(_facts_table(record.get("facts") or []))
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def highlight_spans(
    text: str, entities: list[dict[str, Any]], facts: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """displaCy spans for entities and facts, and how many could not be shown.

    A span is shown only where its offsets hold its own text; displaCy cannot draw overlapping
    marks, so of two overlapping spans the one starting first (or, at the same start, the
    longer) is shown.
    """
    candidates = []
    for entity in entities:
        candidates.append((entity, str(entity.get("label", "")), _entity_tip(entity)))
    for fact in facts:
        candidates.append((fact, FACT_LABEL, _fact_tip(fact)))
    valid = []
    for item, label, tip in candidates:
        start, end = item.get("start"), item.get("end")
        in_text = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        if in_text and text[start:end] == item.get("text"):
            valid.append({"start": start, "end": end, "label": html.escape(label), "params": {"tip": html.escape(tip)}})
    valid.sort(key=lambda span: (span["start"], -span["end"]))
    shown: list[dict[str, Any]] = []
    for span in valid:
        if not shown or span["start"] >= shown[-1]["end"]:
            shown.append(span)
    return shown, len(candidates) - len(shown)


def _entity_tip(entity: dict[str, Any]) -> str:
    return f"{entity.get('label')}: {entity.get('text')}"


def _fact_tip(fact: dict[str, Any]) -> str:
    parts = [f"value {_number(fact.get('value'))}"]
    if fact.get("value_max") is not None:
        parts.append(f"to {_number(fact['value_max'])}")
    parts.append(f"unit {fact.get('unit') or '–'}")
    for name in ("approx", "subject", "predicate"):
        if fact.get(name):
            parts.append(f"{name} {fact[name]}")
    return "; ".join(parts)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _facts_table(facts: list[dict[str, Any]]) -> str:
    if not facts:
        return ""
    head = "".join(f"<th>{name}</th>" for name in ("text", "value", "unit", "approx", "subject", "predicate"))
    rows = []
    for fact in facts:
        value = _number(fact.get("value"))
        if fact.get("value_max") is not None:
            value += f"–{_number(fact['value_max'])}"
        cells = [
            fact.get("text"),
            value,
            fact.get("unit"),
            fact.get("approx"),
            fact.get("subject"),
            fact.get("predicate"),
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c)) if c else ''}</td>" for c in cells) + "</tr>")
    return f'<table class="facts"><caption>facts ({len(facts)})</caption><tr>{head}</tr>{"".join(rows)}</table>'


def render_file(path: str | Path, output: str | Path | None = None, pdf: str | Path | None = None) -> Path:
    """Render one output file `<doc_id>.jsonl`; `output` is an `.html` file or a folder.

    Without `output` the page goes beside the input, as `<doc_id>.html`. `pdf` is the PDF a
    PDF document was read from, or a folder of them, when it is no longer where the run found it.
    """
    path = Path(path)
    if not path.is_file():
        raise PipelineError(f"{path}: no such file")
    records = read_records(path)
    if output is None:
        target = path.with_suffix(".html")
    else:
        target = Path(output)
        if target.suffix.lower() not in (".html", ".htm"):
            target = target / f"{path.stem}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_page(records, path.stem, pdf), encoding="utf-8")
    return target


def render_paths(inputs: list[str], output: str | None = None, pdf: str | None = None) -> list[Path]:
    """Render output files, or every `*.jsonl` of output folders; one page per document."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    if len(files) > 1 and output is not None and Path(output).suffix.lower() in (".html", ".htm"):
        raise PipelineError(f"{output}: one page per document; give a folder for {len(files)} documents")
    return [render_file(file, output, pdf) for file in files]
