"""The printed page behind a PDF document's records: page images with article boxes drawn over them.

Each page the records name is rendered by PDFium to a PNG embedded in the HTML (no network, one
file). An SVG laid over it, in PDF points, draws each record's regions (numbered and titled as in
the text view beside it), and its entities and facts in the text view's colours.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

PAGE_WIDTH_PX = 1000
"""Pages are rendered this wide: sharp enough to read body type when zoomed, small enough to mail."""
STYLE = """
body { max-width: 110rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 1.5rem; }
.pages { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; }
.page { position: relative; margin-bottom: 1rem; border: 1px solid #cbd5e0; }
.page img, .page svg { display: block; width: 100%; height: auto; }
.page svg { position: absolute; left: 0; top: 0; height: 100%; }
.page .number { position: absolute; right: 0.3rem; top: 0.2rem; font: 0.8rem sans-serif; color: #4a5568; }
svg .region { fill: rgba(66, 153, 225, 0.08); stroke: #2b6cb0; stroke-width: 1.2; }
svg .region.caption { stroke: #805ad5; }
svg .region.other { stroke: #a0aec0; stroke-dasharray: 4 3; }
svg .tag { font: bold 9px sans-serif; fill: #2b6cb0; }
svg .span { fill-opacity: 0.45; }
"""


def records_pdf(records: list[dict[str, Any]], pdf: str | Path | None) -> Path | None:
    """The PDF the records were read from: `pdf` (a file, or a folder holding `<doc_id>.pdf`), else
    the `source.file` the records carry; None when the records are not from a PDF."""
    placed = [record for record in records if isinstance(record.get("source"), dict) and "page" in record["source"]]
    if not placed:
        return None
    doc_id = str(placed[0].get("doc_id") or "")
    if pdf is not None:
        path = Path(pdf)
        return path / f"{doc_id}.pdf" if path.is_dir() else path
    recorded = placed[0]["source"].get("file")
    return Path(recorded) if recorded else None


def render_pages(records: list[dict[str, Any]], pdf: Path, colors: dict[str, str], fact_label: str) -> str:
    """HTML of the pages the records stand on, each with its records' boxes drawn over it."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, FileNotFoundError) as error:
        raise PipelineError(f"{pdf}: cannot open the PDF to draw its pages ({error})") from None
    try:
        numbers = sorted({region["page"] for record in records for region in _regions(record)})
        parts = []
        for number in numbers:
            if not 1 <= number <= len(document):
                raise PipelineError(f"{pdf}: page {number} named by the records is not in the PDF")
            page = document[number - 1]
            width, height = page.get_size()
            image = _page_png(page, width)
            page.close()
            overlay = _overlay(records, number, width, height, colors, fact_label)
            parts.append(
                f'<div class="page" id="page-{number}"><img alt="page {number}" src="data:image/png;base64,{image}">'
                f'{overlay}<span class="number">p. {number}</span></div>'
            )
    finally:
        document.close()
    return f'<section class="pages">{"".join(parts)}</section>'


def _regions(record: dict[str, Any]) -> list[dict[str, Any]]:
    source = record.get("source") or {}
    if source.get("regions"):
        return source["regions"]
    return [{"page": source["page"], "bbox": source["bbox"]}] if "page" in source and "bbox" in source else []


def _page_png(page: Any, width: float) -> str:
    bitmap = page.render(scale=PAGE_WIDTH_PX / width)
    buffer = io.BytesIO()
    bitmap.to_pil().save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _overlay(
    records: list[dict[str, Any]], number: int, width: float, height: float, colors: dict[str, str], fact_label: str
) -> str:
    """SVG in PDF points; y is flipped because PDF counts up from the page's foot."""
    shapes = []
    for record in records:
        index = record.get("article_index", "")
        kind = html.escape(str(record.get("kind") or "article"))
        title = record.get("title") or ""
        for position, region in enumerate(r for r in _regions(record) if r["page"] == number):
            x0, y0, x1, y1 = region["bbox"]
            shapes.append(
                f'<rect class="region {kind}" data-record="{html.escape(str(index))}" x="{x0}" y="{height - y1}" '
                f'width="{x1 - x0}" height="{y1 - y0}"><title>#{index} {html.escape(title)}</title></rect>'
            )
            if position == 0:
                tag = html.escape(f"#{index} {title}"[:24])
                shapes.append(f'<text class="tag" x="{x0 + 1}" y="{height - y1 + 9}">{tag}</text>')
        for label, items in (("", record.get("entities") or []), (fact_label, record.get("facts") or [])):
            for item in items:
                if item.get("page") != number or "bbox" not in item:
                    continue
                x0, y0, x1, y1 = item["bbox"]
                color = colors.get(label or str(item.get("label")), "#e2e8f0")
                tip = html.escape(f"{label or item.get('label')}: {item.get('text')}")
                shapes.append(
                    f'<rect class="span" fill="{color}" x="{x0}" y="{height - y1}" width="{x1 - x0}" '
                    f'height="{y1 - y0}"><title>{tip}</title></rect>'
                )
    return (
        f'<svg viewBox="0 0 {width:.1f} {height:.1f}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(shapes)}</svg>'
    )
