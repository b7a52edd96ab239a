"""Pages that look like a scanner's, made from our own texts: the OCR part of `make bench`
and the OCR tests read them.

A text is typeset on A4 pages (Liberation Serif, 13 pt; the header lines before the first
blank line centred and bold), then each page is made to look like a real scan: a red round
stamp over the header, a slight rotation, the scanner's resolution (150-300 dpi), a little
blur and sensor noise, and JPEG compression; the page is then an image-only PDF, as a scanner
writes it. `scan_pdf` returns the PDF and, per page, the words it shows (the reference an
OCR is scored against).
"""
from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
A4_IN = (8.27, 11.69)
MARGIN_IN = (1.0, 0.8)  # left/right, top/bottom
POINT = 13


@dataclass(frozen=True)
class Scan:
    pdf: bytes
    pages: tuple[str, ...]  # the words each page shows, joined by single spaces
    dpi: int


def _font(size_px: int, bold: bool = False):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_DIR / ("LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf")),
                              size_px)


def _wrap(words: list[str], font, width: float) -> list[str]:
    lines, cur = [], ""
    for w in words:
        cand = f"{cur} {w}" if cur else w
        if cur and font.getlength(cand) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def typeset(text: str, dpi: int = 300, two_blocks: bool = True) -> list[tuple[object, list[str]]]:
    """Clean pages (greyscale images at `dpi`) and the lines on each. With `two_blocks`,
    a header that holds the motto (`CỘNG HÒA ...`) is set as official letters set it: the
    lines before the motto as a block on the left, the motto and what follows on the
    right, side by side (the lines of the page: the left block's, then the right's)."""
    from PIL import Image, ImageDraw

    w_px, h_px = (round(v * dpi) for v in A4_IN)
    mx, my = (round(v * dpi) for v in MARGIN_IN)
    size = round(POINT / 72 * dpi)
    regular, bold = _font(size), _font(size, bold=True)
    leading = round(size * 1.35)
    paras = text.replace("\r", "").split("\n")
    head_end = paras.index("") if "" in paras else 0
    motto = next((k for k in range(head_end) if paras[k].startswith("CỘNG HÒA")), None)
    blocks = None
    if two_blocks and motto:
        small = _font(round((POINT - 1.5) / 72 * dpi), bold=True)
        split = mx + round(0.36 * (w_px - 2 * mx))
        blocks = [(small, mx, split - dpi // 10, [ln for p in paras[:motto] for ln in _wrap(p.split(), small, split - mx - dpi // 10)]),
                  (small, split, w_px - mx, [ln for p in paras[motto:head_end] for ln in _wrap(p.split(), small, w_px - mx - split)])]
        paras = paras[head_end:]
        head_end = 0
    items: list[tuple[str, bool]] = []  # (line, header)
    for k, para in enumerate(paras):
        if not para.strip():
            items.append(("", False))
            continue
        header = k < head_end or (blocks is not None and k < 3)  # a set-apart header: its title centred
        items += [(ln, header) for ln in _wrap(para.split(), bold if header else regular, w_px - 2 * mx)]
    pages: list[tuple[object, list[str]]] = []
    img = draw = None
    y = h_px
    for line, header in items:
        if y + leading > h_px - my:
            if img is not None:
                pages.append((img, cur_lines))
            img = Image.new("L", (w_px, h_px), 255)
            draw = ImageDraw.Draw(img)
            cur_lines, y = [], my
            if blocks:  # the two header blocks, side by side, each line centred in its block
                for font, x0, x1, lines in blocks:
                    for r, ln in enumerate(lines):
                        draw.text((x0 + (x1 - x0 - font.getlength(ln)) / 2, y + r * leading), ln, font=font, fill=0)
                    cur_lines += lines
                y += leading * max(len(b[3]) for b in blocks)
                blocks = None
            if not line:
                continue
        if line:
            font = bold if header else regular
            x = (w_px - font.getlength(line)) / 2 if header else mx
            draw.text((x, y), line, font=font, fill=0)
            cur_lines.append(line)
        y += leading if line else leading // 2
    if img is not None:
        pages.append((img, cur_lines))
    return pages


def _stamp(img, rng: random.Random, dpi: int):
    """A red round stamp (two rings, a star, the agency's words) pressed over the header."""
    from PIL import Image, ImageDraw, ImageChops

    r = round(0.75 * dpi)
    cx = round(img.width / 2 - (0.9 + rng.uniform(-0.3, 0.3)) * dpi)
    cy = round((MARGIN_IN[1] + 0.35 + rng.uniform(-0.1, 0.1)) * dpi)
    layer = Image.new("RGB", img.size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    red = (rng.randint(190, 230), rng.randint(20, 60), rng.randint(30, 70))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, dpi // 40))
    d.ellipse((cx - r * 0.72, cy - r * 0.72, cx + r * 0.72, cy + r * 0.72), outline=red, width=max(2, dpi // 80))
    star = [(cx + r * 0.3 * (1 if k % 2 == 0 else 0.45) * math.cos(math.pi / 2 + k * math.pi / 5),
             cy - r * 0.3 * (1 if k % 2 == 0 else 0.45) * math.sin(math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    d.polygon(star, fill=red)
    f = _font(round(r * 0.2), bold=True)
    for k, ch in enumerate("ỦY BAN NHÂN DÂN TỈNH"):
        a = math.pi * (1.1 - k / 19 * 1.2)
        d.text((cx + r * 0.86 * math.cos(a) - r * 0.06, cy - r * 0.86 * math.sin(a) - r * 0.1), ch, font=f, fill=red)
    return ImageChops.multiply(img.convert("RGB"), layer)


def degrade(page, rng: random.Random, scan_dpi: int, source_dpi: int = 300) -> bytes:
    """One clean page as a scanner returns it: JPEG bytes at `scan_dpi`."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = _stamp(page, rng, source_dpi)
    img = img.rotate(rng.uniform(-1.0, 1.0), resample=Image.BILINEAR, fillcolor=(255, 255, 255))
    if scan_dpi != source_dpi:
        img = img.resize((round(img.width * scan_dpi / source_dpi), round(img.height * scan_dpi / source_dpi)),
                         Image.LANCZOS)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7) * scan_dpi / 200))
    arr = np.asarray(img, dtype=np.float32)
    arr = arr * rng.uniform(0.9, 0.97) + rng.uniform(6, 18)  # paper is not quite white, ink not quite black
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(6, 12), arr.shape[:2])[..., None]
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(45, 75))
    return buf.getvalue()


def scan_pdf(text: str, rng: random.Random, scan_dpi: int | None = None) -> Scan:
    """`text` typeset, scanned and bound into an image-only PDF."""
    from PIL import Image

    dpi = scan_dpi or rng.choice((150, 200, 240, 300))
    pages = typeset(text)
    images = [Image.open(io.BytesIO(degrade(img, rng, dpi))) for img, _ in pages]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return Scan(pdf=buf.getvalue(), pages=tuple(" ".join(" ".join(lines).split()) for _, lines in pages), dpi=dpi)


def blank_pdf(rng: random.Random, dpi: int = 200) -> bytes:
    """A scanned blank page (the back of a sheet): paper grey, noise, a speck or two."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (round(A4_IN[0] * 300), round(A4_IN[1] * 300)), 255)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(1, 4)):
        x, y = rng.randrange(img.width), rng.randrange(img.height)
        d.ellipse((x, y, x + rng.randint(2, 6), y + rng.randint(2, 6)), fill=80)
    page = Image.open(io.BytesIO(degrade(img, rng, dpi)))
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=dpi)
    return buf.getvalue()


def cer(ref: str, hyp: str) -> float:
    """Character error rate: Levenshtein distance / length of the reference, over the texts
    with their whitespace made single spaces (row by row with numpy: the insertions of a
    row are a running minimum)."""
    import numpy as np

    a, b = " ".join(ref.split()), " ".join(hyp.split())
    if not a:
        return float(bool(b))
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1, dtype=np.int64)
    prev = idx.copy()
    for i, ch in enumerate(a, start=1):
        cost = (bb != ord(ch)).astype(np.int64)
        cand = np.empty_like(prev)
        cand[0] = i
        cand[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        prev = np.minimum.accumulate(cand - idx) + idx
    return float(prev[-1]) / len(a)
