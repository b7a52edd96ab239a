"""Readers: one per format, each `bytes -> RawDocument`.

Files are recognised by their content first (`sniff`), the extension only breaking
ties and catching lies (a `.docx` that is not a Word file). A reader that cannot read
raises `ReadError` with a sentence a person understands; the batch turns it into a
`failed` row and goes on.
"""
from __future__ import annotations

from pathlib import PurePath

from pipeline.ingest.sniff import sniff
from pipeline.models import RawDocument, ReadError

WORD_EXTS = {".doc", ".docx", ".docm", ".dot", ".dotx", ".rtf"}


def read_bytes(name: str, data: bytes) -> RawDocument:
    """Read one file's bytes; `name` is only used for its extension."""
    fmt = sniff(data)
    ext = PurePath(name).suffix.lower()
    if ext in WORD_EXTS and fmt not in ("docx", "doc", "rtf"):
        raise ReadError(f"not a Word file: the name ends in {ext} but the content is {fmt}")
    if ext == ".pdf" and fmt != "pdf":
        raise ReadError(f"not a PDF file: the name ends in .pdf but the content is {fmt}")
    if fmt == "pdf":
        from pipeline.ingest.pdf import read_pdf
        return read_pdf(data)
    if fmt == "docx":
        from pipeline.ingest.docx import read_docx
        return read_docx(data)
    if fmt in ("doc", "rtf"):
        from pipeline.ingest.office import read_via_libreoffice
        return read_via_libreoffice(data, fmt)
    if fmt == "html":
        from pipeline.ingest.html import read_html
        return read_html(data)
    if fmt == "text":
        from pipeline.ingest.text import read_text
        return read_text(data)
    raise ReadError(f"unsupported file type ({fmt})")


__all__ = ["read_bytes", "sniff", "RawDocument", "ReadError"]
