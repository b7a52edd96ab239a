"""E-signed PDFs: the number and the issue day the clerk's signature stamps on the header.

A provincial office issues a document by signing the PDF twice: the signer, then the
clerk (văn thư), whose signature draws the document's number beside `Số:` and the day
beside `ngày` as the pictures of signature fields. The text layer keeps `Số: /QĐ-UBND` and
`ngày tháng 02 năm 2025` with the blanks. This reads the signature fields of the first
page: the number from the field beside `Số:` (OCR of digits only, one Tesseract call per
field), the day from the last signature's time (its /M entry, not a picture). Only a
header with such blanks is touched; a field whose picture does not read as a number is
left alone.
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.models import Block

_BLANK_NUMBER = re.compile(r"(Số\s*:\s*)(?=/)")
_BLANK_DAY = re.compile(r"(ngày)\s+(?:(?:\.\s*)+)?(tháng)\s+(?:(\d{1,2})\s+)?(năm)\s+((?:19|20)\d\d)")
_DPI = 400


def _signing_day(pdf) -> str | None:
    """ISO day of the last signature of the file (its /M time), or None."""
    import pypdfium2.raw as c

    days = []
    for i in range(c.FPDF_GetSignatureCount(pdf.raw)):
        sig = c.FPDF_GetSignatureObject(pdf.raw, i)
        size = c.FPDFSignatureObj_GetTime(sig, None, 0)
        if size <= 0:
            continue
        buf = ctypes.create_string_buffer(size)
        c.FPDFSignatureObj_GetTime(sig, buf, size)
        m = re.match(rb"D:(\d{4})(\d{2})(\d{2})", buf.value)
        if m:
            days.append("-".join(g.decode() for g in m.groups()))
    return max(days) if days else None


def _field_rects(page) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the page's form fields (signature widgets)."""
    import pypdfium2.raw as c

    out = []
    for i in range(c.FPDFPage_GetAnnotCount(page.raw)):
        annot = c.FPDFPage_GetAnnot(page.raw, i)
        try:
            if c.FPDFAnnot_GetSubtype(annot) != c.FPDF_ANNOT_WIDGET:
                continue
            r = c.FS_RECTF()
            if c.FPDFAnnot_GetRect(annot, r):
                out.append((r.left, r.bottom, r.right, r.top))
        finally:
            c.FPDFPage_CloseAnnot(annot)
    return out


def _number_in(image) -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="vanban-sig-") as tmp:
        png = Path(tmp) / "field.png"
        image.save(png)
        try:
            res = subprocess.run([exe, str(png), "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789/"],
                                 capture_output=True, timeout=30, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired:
            return None
    m = re.fullmatch(r"(\d{1,5})(?:/\S*)?", res.stdout.decode("ascii", errors="ignore").strip())
    return m.group(1) if m else None


def _header_number(pdf) -> str | None:
    """The number the clerk's signature draws in the left half of the header."""
    page = pdf[0]
    width, height = page.get_size()
    fields = [r for r in _field_rects(page) if r[0] < width / 2 and r[3] > height * 0.7]
    if not fields:
        return None
    if getattr(pdf, "formenv", None) is None:
        pdf.init_forms()
    page = pdf[0]  # loaded again: fields are drawn only on pages loaded after init_forms
    image = page.render(scale=_DPI / 72, may_draw_forms=True).to_pil()
    s = _DPI / 72
    for left, bottom, right, top in sorted(fields, key=lambda r: -r[3]):
        crop = image.crop((int(left * s) - 4, int((height - top) * s) - 4, int(right * s) + 4, int((height - bottom) * s) + 4))
        number = _number_in(crop)
        if number:
            return number
    return None


def fill_signed_header(pdf, blocks: list[Block]) -> list[Block]:
    """The first page's blocks with the blank number and day of an e-signed header filled
    in; unchanged when the header has no blanks or the file no signature."""
    head = [i for i, b in enumerate(blocks[:12]) if b.page in (None, 1) and not b.is_table]
    number_at = next((i for i in head if _BLANK_NUMBER.search(blocks[i].text)), None)
    day_at = next((i for i in head if (m := _BLANK_DAY.search(blocks[i].text))), None)
    if number_at is None and day_at is None:
        return blocks
    out = list(blocks)
    if number_at is not None:
        number = _header_number(pdf)
        if number:
            b = out[number_at]
            out[number_at] = Block(text=_BLANK_NUMBER.sub(lambda m: m.group(1) + number, b.text, count=1), page=b.page)
    if day_at is not None:
        day = _signing_day(pdf)
        b = out[day_at]
        m = _BLANK_DAY.search(b.text)
        if day and m and m.group(5) == day[:4] and (m.group(3) is None or int(m.group(3)) == int(day[5:7])):
            filled = f"ngày {int(day[8:])} tháng {day[5:7]} năm {day[:4]}"
            out[day_at] = Block(text=b.text[:m.start()] + filled + b.text[m.end():], page=b.page)
    return out
