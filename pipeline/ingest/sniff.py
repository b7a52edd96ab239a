"""Tell a file's format from its first bytes."""
from __future__ import annotations

import io
import re
import zipfile

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """One of: pdf, docx, zip, ooxml, doc, rtf, html, text, image, empty."""
    head = data[:4096]
    if not data.strip():
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"  # broken; the archive reader says why
        if "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names:
            return "ooxml"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if _HTML.search(head.lstrip()[:2048].replace(b"\x00", b"")):
        return "html"
    return "text"
