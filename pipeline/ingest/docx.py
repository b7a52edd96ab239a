"""Word 2007+ files: paragraphs and tables in body order, through python-docx."""
from __future__ import annotations

import io
import zipfile

from pipeline.ingest.encodings import repair_legacy_font_text, vietnamese_score
from pipeline.models import Block, RawDocument, ReadError


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def _table_rows(table) -> tuple[tuple[str, ...], ...]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:  # a merged cell comes back once per grid column: keep it in
            same = cell._tc is previous  # the first, leave the others blank, so columns align
            previous = cell._tc
            cells.append("" if same else repair_legacy_font_text(_cell_text(cell)))
        rows.append(tuple(cells))
    return tuple(rows)


def read_docx(data: bytes, reader: str = "python-docx", fmt: str = "docx") -> RawDocument:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(f"not a readable Word file: {e}") from e
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(Block(text=repair_legacy_font_text(item.text)))
        elif isinstance(item, DocxTable):
            rows = _table_rows(item)
            if any(any(c for c in r) for r in rows):
                blocks.append(Block(rows=rows))
    props = document.core_properties
    title = repair_legacy_font_text(props.title or "").strip() or None
    if title and vietnamese_score(title) < 0.2:
        title = None  # template leftovers such as "tên cơ quan (1)" are not this file's title
    return RawDocument(format=fmt, blocks=tuple(blocks), reader=reader, meta_title=title)
