"""PDF pages in: characters with their boxes and type, read into the page's structure and text.

`read_pdf` turns one PDF file into one `Document` whose raw text is its pages' text in reading
order; `doc.meta["pdf"]` keeps, for every raw character, the page and box it was printed in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.pdf.compose import PdfText, compose_text
from pipeline.pdf.extract import PageContent, PdfReadError, open_pdf, read_pages
from pipeline.pdf.layout import (
    PageLayout,
    assign_roles,
    body_size,
    build_blocks,
    build_lines,
    mark_repeated_furniture,
)
from pipeline.pdf.order import reading_order
from pipeline.types import Document, Failure, Geometry, Layout, PrintedLine

__all__ = ["PageLayout", "analyse_page", "read_pdf"]

META_KEY = "pdf"


def analyse_page(page: PageContent) -> PageLayout:
    """Lines, blocks, roles and reading order of one page."""
    blocks = build_blocks(page, build_lines(page))
    body = body_size(page)
    assign_roles(page, blocks, body)
    furniture = [block for block in blocks if block.role == "furniture"]
    content = [block for block in blocks if block.role != "furniture"]
    return PageLayout(page, reading_order(content, page.rules, page.images, page.frames) + furniture, body)


def read_pdf(path: Path) -> Iterator[Document | Failure]:
    """One document per file; each page that cannot be read is a one-line failure naming it."""
    where = str(path)
    try:
        document = open_pdf(path)
    except PdfReadError as error:
        yield Failure(where, "read", str(error))
        return
    layouts: list[PageLayout] = []
    try:
        for page in read_pages(document):
            if isinstance(page, PdfReadError):
                yield Failure(where, "read", str(page))
                continue
            if page.unmapped:
                yield Failure(
                    where,
                    "read",
                    f"page {page.number}: {page.unmapped} characters in fonts without a Unicode map "
                    "cannot be read back (kept as U+FFFD)",
                )
            if not page.chars:
                yield Failure(where, "read", f"page {page.number}: no text layer, OCR it first")
                continue
            try:
                layouts.append(analyse_page(page))
            except Exception as error:  # one unreadable page must not lose the others
                yield Failure(
                    where, "read", f"page {page.number}: layout not understood ({type(error).__name__}: {error})"
                )
    finally:
        document.close()
    if not layouts:
        return
    mark_repeated_furniture(layouts)
    pdf_text = compose_text(layouts)
    if not pdf_text.text.strip():
        yield Failure(where, "read", "no text outside page headers and footers")
        return
    doc = Document.from_raw(path.stem, pdf_text.text, where)
    doc.meta[META_KEY] = pdf_text
    doc.layout = printed_layout(pdf_text)
    yield doc


def printed_layout(pdf_text: PdfText) -> Layout:
    """The printed lines with their geometry, for cleanup and segmentation to read (no blocks yet:
    cleanup makes those)."""
    lines = []
    for span in pdf_text.lines:
        width = (span.box[2] - span.box[0]) / span.size if span.size else 0.0
        geometry = Geometry(span.page - 1, span.box, span.size, span.bold, span.role, span.paragraph_start, span.module)
        lines.append(PrintedLine(raw_start=span.start, raw_end=span.end, width=width, geometry=geometry))
    return Layout(lines=lines)
