"""What a born-digital PDF page holds: its characters with their boxes and type, its images and rules.

Read with pypdfium2 (PDFium's text page): each character's cell (across, its loose box, so the
cells of a justified line touch; up, one em set on its baseline), its font size, font name and
weight. Characters PDFium
makes up (spaces and line breaks it infers) are dropped: gaps are measured from the boxes. A
space character the PDF does print is kept as a flag on the character after it.
Coordinates are PDF points in the page's own space, origin at the lower-left corner, y upwards.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

UNMAPPED = "\ufffd"
"""What a character stands as when its font has no Unicode map for it."""
DESCENT = 0.12
"""Share of the em below the baseline in CJK body faces."""
_RULE_MAX_THICKNESS = 3.0
"""A path object this thin (in points) and longer than it is thick is a rule, not a box or a drawing."""
_RULE_MIN_LENGTH = 20.0
_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b")
_PAGE_COUNT = re.compile(rb"/Count\s+[1-9]")
_BOLD_WEIGHT = 600
_BOLD_NAMES = ("bold", "black", "heavy", "hei", "黑")


class PdfReadError(Exception):
    """A PDF (or one of its pages) that cannot be read; the message names what is wrong."""


@dataclass(slots=True)
class PageContent:
    """One page: character arrays (one row per character) and the boxes of its images and rules."""

    number: int
    width: float
    height: float
    chars: list[str]
    boxes: np.ndarray
    """(n, 4) float: x0, y0, x1, y1 of each character's cell: its advance across, one em up from
    below the baseline, so that a line's characters share their foot and top whatever their glyphs."""
    sizes: np.ndarray
    bold: np.ndarray
    space_before: np.ndarray
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    frames: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Outlined boxes (a brief column's frame); their sides are among the rules too."""
    unmapped: int = 0


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF, turning PDFium's errors into one readable line."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        text = str(error)
        if "password" in text.lower() or "security" in text.lower():
            raise PdfReadError("encrypted PDF: a password is needed to read it") from None
        if _declares_no_pages(path):
            raise PdfReadError("the PDF has no pages") from None
        reason = text.partition("PDFium: ")[2].rstrip(").") or text
        raise PdfReadError(f"damaged or not a PDF ({reason.lower()})") from None
    if len(document) == 0:
        document.close()
        raise PdfReadError("the PDF has no pages")
    return document


def _declares_no_pages(path: Path) -> bool:
    """PDFium refuses a PDF whose page tree is empty; its page count says why."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return bool(_EMPTY_PAGE_TREE.search(data)) and not _PAGE_COUNT.search(data)


def read_pages(document: pdfium.PdfDocument) -> Iterator[PageContent | PdfReadError]:
    """Each page's content in page order; a page that cannot be read is a `PdfReadError` in its place."""
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError as error:
            yield PdfReadError(f"page {index + 1}: cannot be loaded ({error})")
            continue
        try:
            yield _page_content(page, index + 1)
        finally:
            page.close()


def _page_content(page: pdfium.PdfPage, number: int) -> PageContent:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars, boxes, sizes, bold, spaces, unmapped = _characters(textpage.raw)
    finally:
        textpage.close()
    images, rules, frames = _graphics(page)
    return PageContent(number, width, height, chars, boxes, sizes, bold, spaces, images, rules, frames, unmapped)


def _characters(textpage: ctypes.c_void_p) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    count = pdfium_raw.FPDFText_CountChars(textpage)
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    sizes: list[float] = []
    bold: list[bool] = []
    spaces: list[bool] = []
    space_pending = False
    unmapped = 0
    rect = pdfium_raw.FS_RECTF()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    bold_by_object: dict[int, bool] = {}
    for index in range(count):
        if pdfium_raw.FPDFText_IsGenerated(textpage, index):
            continue
        code = pdfium_raw.FPDFText_GetUnicode(textpage, index)
        if pdfium_raw.FPDFText_HasUnicodeMapError(textpage, index) == 1 or code in (0, 0xFFFD):
            unmapped += 1
            char = UNMAPPED
        else:
            char = chr(code)
            if char.isspace():
                space_pending = char in " \u3000\u00a0"
                continue
        pdfium_raw.FPDFText_GetLooseCharBox(textpage, index, rect)
        pdfium_raw.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
        size = pdfium_raw.FPDFText_GetFontSize(textpage, index)
        baseline = origin_y.value
        boxes.append((rect.left, baseline - DESCENT * size, rect.right, baseline + (1 - DESCENT) * size))
        sizes.append(size)
        text_object = pdfium_raw.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        if key not in bold_by_object:
            pdfium_raw.FPDFText_GetFontInfo(textpage, index, name, len(name), flags)
            weight = pdfium_raw.FPDFText_GetFontWeight(textpage, index)
            font = name.value.decode("latin-1").lower()
            bold_by_object[key] = weight >= _BOLD_WEIGHT or any(word in font for word in _BOLD_NAMES)
        bold.append(bold_by_object[key])
        chars.append(char)
        spaces.append(space_pending)
        space_pending = False
    box_array = np.array(boxes, dtype=np.float64).reshape(-1, 4)
    size_array = np.array(sizes, dtype=np.float64)
    return chars, box_array, size_array, np.array(bold, dtype=bool), np.array(spaces, dtype=bool), unmapped


def _graphics(page: pdfium.PdfPage) -> tuple[list[tuple[float, ...]], ...]:
    """Image boxes; rules (thin, long path objects); frames (outlined boxes, whose sides are rules)."""
    images, rules, frames = [], [], []
    for page_object in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE, pdfium_raw.FPDF_PAGEOBJ_PATH]):
        x0, y0, x1, y1 = page_object.get_bounds()
        if page_object.type == pdfium_raw.FPDF_PAGEOBJ_IMAGE:
            images.append((x0, y0, x1, y1))
            continue
        thin, long = min(x1 - x0, y1 - y0), max(x1 - x0, y1 - y0)
        if thin <= _RULE_MAX_THICKNESS and long >= _RULE_MIN_LENGTH:
            rules.append((x0, y0, x1, y1))
        elif thin < _RULE_MIN_LENGTH:
            continue
        elif _is_filled_area(page_object):
            images.append((x0, y0, x1, y1))
        else:
            frames.append((x0, y0, x1, y1))
            rules.extend(_box_sides(x0, y0, x1, y1))
    return images, rules, frames


def _is_filled_area(page_object: pdfium.PdfObject) -> bool:
    """A filled area stands for a picture (or its placeholder); an outline only frames a box."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_raw.FPDFPath_GetDrawMode(page_object.raw, fill_mode, stroke)
    return fill_mode.value != 0


def _box_sides(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float, float, float]]:
    """The four sides of a framed box (a brief column's frame) as rules."""
    return [(x0, y1, x1, y1), (x0, y0, x1, y0), (x0, y0, x0, y1), (x1, y0, x1, y1)]
