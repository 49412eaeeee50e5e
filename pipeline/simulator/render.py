"""Drawing a composed page into a real PDF with reportlab, fake bold the way typesetters do it.

Fake bold is the same glyphs drawn twice a fraction of a point apart: the whole line twice,
each glyph twice, or each run of two or three glyphs twice. Text extraction then sees the
doubled glyphs, which is what the cleanup stage has to undo.
"""

from __future__ import annotations

import io
import random

from reportlab.pdfgen import canvas

from pipeline.simulator.typeset import Drawing, Run, register_fonts, text_width

#: How far the second copy of a fake-bold glyph is drawn from the first, in points.
BOLD_OFFSET = 0.3


def _draw_text(pdf: canvas.Canvas, run: Run, x: float, y: float, text: str) -> None:
    text_object = pdf.beginText(x, y)
    text_object.setFont(run.font, run.size)
    text_object.setCharSpace(run.char_space)  # the text state outlives BT/ET: always set it
    text_object.textOut(text)
    pdf.drawText(text_object)


def _pieces(run: Run, seed: int) -> list[tuple[float, str]]:
    """The run cut into the pieces that fake bold doubles: (x offset, text)."""
    if run.bold == "glyph":
        sizes = [1] * len(run.text)
    else:
        rng = random.Random(seed)
        sizes = []
        while sum(sizes) < len(run.text):
            sizes.append(rng.choice([2, 3]))
    pieces, start, x = [], 0, 0.0
    for size in sizes:
        piece = run.text[start : start + size]
        if not piece:
            break
        pieces.append((x, piece))
        x += text_width(piece, run.font, run.size) + run.char_space * len(piece)
        start += size
    return pieces


def draw_run(pdf: canvas.Canvas, run: Run, page_height: float, seed: int = 0) -> None:
    y = page_height - run.y
    if run.bold_prefix:
        x = run.x
        for glyph in run.text[: run.bold_prefix]:
            _draw_text(pdf, run, x, y, glyph)
            _draw_text(pdf, run, x + BOLD_OFFSET, y, glyph)
            x += text_width(glyph, run.font, run.size) + run.char_space
        _draw_text(pdf, run, x, y, run.text[run.bold_prefix :])
    elif run.bold is None:
        _draw_text(pdf, run, run.x, y, run.text)
    elif run.bold == "line":
        _draw_text(pdf, run, run.x, y, run.text)
        _draw_text(pdf, run, run.x + BOLD_OFFSET, y, run.text)
    else:
        for offset, piece in _pieces(run, seed):
            _draw_text(pdf, run, run.x + offset, y, piece)
            _draw_text(pdf, run, run.x + offset + BOLD_OFFSET, y, piece)


def render_pdf(drawings: Drawing | list[Drawing], ttf: str | None = None) -> bytes:
    """The page (or the pages, in order) as PDF bytes; the same drawings always give the same bytes."""
    register_fonts(ttf)
    pages = [drawings] if isinstance(drawings, Drawing) else drawings
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(pages[0].width, pages[0].height), invariant=1, pageCompression=1)
    for drawing in pages:
        pdf.setPageSize((drawing.width, drawing.height))
        _draw_page(pdf, drawing)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_page(pdf: canvas.Canvas, drawing: Drawing) -> None:
    height = drawing.height
    for box in drawing.boxes:
        if box.fill is not None:
            pdf.setFillGray(box.fill)
        pdf.setLineWidth(0.6)
        pdf.rect(box.x, height - box.y - box.height, box.width, box.height, stroke=1, fill=int(box.fill is not None))
    pdf.setFillGray(0)
    for rule in drawing.rules:
        pdf.setLineWidth(rule.width)
        pdf.line(rule.x0, height - rule.y0, rule.x1, height - rule.y1)
    for index, run in enumerate(drawing.runs):
        draw_run(pdf, run, height, seed=index)
