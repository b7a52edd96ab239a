"""PDF: text per page (pypdfium2, fast), ruled tables from pdfium's geometry where the
page draws them (pdf_tables.py; pdfplumber when those lines make no grid), and Tesseract
OCR for pages with no usable text layer (ocr.py), its text repaired where Vietnamese
spelling makes the error certain (pipeline/ocr_repair.py). Blank scanned pages are recorded, not read.

A page is OCR'd when it has (almost) no text but shows an image (a scan), or when its
text layer is garbage (a scan's poor hidden OCR). Tables are looked for only on pages
that draw enough lines to hold one; their rows are placed in the text where they
stand on the page.
"""
from __future__ import annotations

import io

from pipeline.ingest.ocr import ocr_page
from pipeline.ingest.pdf_signed import fill_signed_header
from pipeline.ingest.pdf_tables import boxed_text, find_grids, pdfium_text, text_around
from pipeline.ingest.quality import is_garbage, text_quality
from pipeline.models import Block, RawDocument, ReadError
from pipeline.ocr_repair import repair

MIN_PATHS_FOR_TABLE = 6  # line segments a page draws before we look for a table on it
MIN_WORDS = 40           # fewer words than this on a page with an image: a scan


def _page_objects(page) -> tuple[int, int]:
    """(images, paths) drawn on a page."""
    import pypdfium2.raw as pdfium_c

    images = paths = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    return images, paths


def _text_lines(text: str, page_no: int) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Block(text=line, page=page_no) for line in text.split("\n")]


def _unwrap_cell(text: str | None) -> str:
    """A PDF cell's line breaks are where the text wrapped, not paragraph breaks: join the
    lines with a space, or with nothing after a hyphen or slash that ends a word
    (`1441/QĐ-` + `UBND`)."""
    out = ""
    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        if out and not (out.endswith(("-", "/")) and len(out) > 1 and not out[-2].isspace()):
            out += " "
        out += line
    return out


def _blocks_with_tables(plumber_page, page_no: int) -> list[Block] | None:
    """Text lines and tables of one page in reading order, or None when it has no table."""
    tables = []
    for t in plumber_page.find_tables():
        rows = [tuple(_unwrap_cell(c) for c in row) for row in t.extract()]
        if len(rows) >= 2 and not boxed_text(rows):
            tables.append((t, tuple(rows)))
    if not tables:
        return None
    boxes = [t.bbox for t, _ in tables]

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    items: list[tuple[float, Block]] = []
    for line in plumber_page.filter(outside).extract_text_lines(return_chars=False):
        items.append((line["top"], Block(text=line["text"], page=page_no)))
    for t, rows in tables:
        items.append((t.bbox[1], Block(rows=rows, page=page_no)))
    items.sort(key=lambda it: it[0])
    return [b for _, b in items]


def _blocks_with_grids(page, textpage, page_no: int) -> list[Block] | None:
    """Text and ruled tables of one page in reading order from pdfium's geometry, or None
    when its lines make no grid (pdfplumber then looks)."""
    grids = find_grids(page, textpage)
    if not grids:
        return None
    width, height = page.get_size()
    items: list[tuple[float, Block]] = []
    for top, band in text_around(textpage, grids, width, height):
        items += [(top - i * 1e-3, Block(text=line, page=page_no)) for i, line in enumerate(band.split("\n"))]
    for g in grids:
        items.append((g.top, Block(rows=tuple(tuple(_unwrap_cell(c) for c in row) for row in g.rows), page=page_no)))
    items.sort(key=lambda it: -it[0])
    return [b for _, b in items]


def read_pdf(data: bytes) -> RawDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise ReadError("PDF is encrypted (password protected)") from e
        raise ReadError("PDF is damaged or truncated and cannot be opened") from e
    plumber = None
    blocks: list[Block] = []
    ocr_pages: list[int] = []
    confidences: list[float] = []
    blank_pages: list[int] = []
    try:
        n_pages = len(pdf)
        for i in range(n_pages):
            page_no = i + 1
            page = pdf[i]
            images, paths = _page_objects(page)
            textpage = page.get_textpage()
            text = pdfium_text(textpage.get_text_range())
            if paths >= MIN_PATHS_FOR_TABLE and not is_garbage(text):
                found = _blocks_with_grids(page, textpage, page_no)  # ruled tables, from pdfium alone
                if found is not None:
                    blocks.extend(found)
                    continue
            if paths >= MIN_PATHS_FOR_TABLE or is_garbage(text):
                # pdfium keeps the content-stream order, which scrambles some generators'
                # Vietnamese; pdfplumber orders characters by position and finds tables
                if plumber is None:
                    import pdfplumber
                    plumber = pdfplumber.open(io.BytesIO(data))
                plumber_page = plumber.pages[i]
                found = _blocks_with_tables(plumber_page, page_no) if paths >= MIN_PATHS_FOR_TABLE else None
                if found is not None and not is_garbage(" ".join(b.text for b in found)):
                    blocks.extend(found)
                    continue
                text = plumber_page.extract_text() or ""
            if (text_quality(text)[0] < MIN_WORDS and images) or is_garbage(text):
                read = ocr_page(page)
                if read.blank:
                    blank_pages.append(page_no)
                    continue
                text = repair(read.text)
                ocr_pages.append(page_no)
                confidences.append(read.confidence)
            blocks.extend(_text_lines(text, page_no))
        if n_pages and 1 not in ocr_pages:
            blocks = fill_signed_header(pdf, blocks)  # `Số: /QĐ-UBND` of an e-signed copy
    except ReadError:
        raise
    except Exception as e:  # pdfium/pdfminer errors on damaged pages
        raise ReadError(f"PDF is damaged: {type(e).__name__}: {e}") from e
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()
    reader = "pypdfium2" + ("+pdfplumber" if plumber is not None else "") + ("+tesseract" if ocr_pages else "")
    return RawDocument(format="pdf", blocks=tuple(blocks), reader=reader, n_pages=n_pages,
                       ocr_pages=tuple(ocr_pages), ocr_confidences=tuple(confidences),
                       blank_pages=tuple(blank_pages))
