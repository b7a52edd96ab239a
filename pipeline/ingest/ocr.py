"""OCR of one scanned PDF page with Tesseract's Vietnamese model.

- One engine per worker process, loaded once (tesserocr, which calls libtesseract in
  process), at one thread: a batch already runs one worker per core, and Tesseract's own
  OpenMP threads in every call make two workers on two cores thrash (issue 13: 2.5x
  slower over real scans; here 10.9 s a page against 4.7 s with one thread). Without tesserocr the `tesseract` program is called per page, with
  OMP_THREAD_LIMIT=1 in its environment (its TSV output read for the same layout).
- The page is rendered at LIMITS.ocr_dpi (200: on the bench's scans as accurate as 300 and
  faster; see README) and made grey with its red ink made paper: the red stamp over the
  header goes, black print and blue handwriting stay. On the bench's stamped scans this
  takes the error rate from 6% (plain grey) to under 1%.
- The two blocks of a letter's header (agency and `Số: ...` on the left, the motto and
  `..., ngày ... tháng ... năm ...` on the right), which Tesseract reads line across line,
  are put back as blocks: the left block's lines, then the right block's (`header_blocks`),
  so the number and the place-date line stay whole.
- A blank or near-blank page (less ink than a few characters: the back of a sheet, a page
  with only its number) is not OCR'd; the reader records it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import LIMITS
from pipeline.models import ReadError

# before libtesseract (or an OpenMP runtime) loads in this process; the worker's own
# setting, if any, wins
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "vie"
RED_INK = 30        # a pixel whose red exceeds its green and blue by more than this (of 255) is a stamp's
BLANK_INK = 0.0005  # share of the page's pixels that are ink, below which a page is blank
_TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                   "/usr/share/tesseract/tessdata")


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence, 0-100; None when no word was read
    blank: bool = False        # too little ink to read: not OCR'd


def tessdata_dir() -> Path | None:
    """The folder holding vie.traineddata (Debian's tesseract-ocr-vie), or None."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = [Path(env), Path(env) / "tessdata"] if env else []
    for pattern in _TESSDATA_GLOBS:
        candidates += sorted(Path("/").glob(pattern.lstrip("/")), reverse=True)
    return next((d for d in candidates if (d / f"{LANG}.traineddata").is_file()), None)


def _quiet_leptonica(libs: Path) -> None:
    """Leptonica prints its warnings (`Error in boxClipToRectangle: box outside rectangle`)
    on stderr, over a batch's progress bar; they change nothing in the text. Silenced in the
    copy tesserocr's wheel bundles (a system libleptonica is left alone)."""
    import ctypes

    for lib in sorted(libs.glob("libleptonica*.so*")):
        try:
            ctypes.CDLL(str(lib)).setMsgSeverity(6)  # L_SEVERITY_NONE
        except (OSError, AttributeError):
            pass


@dataclass(frozen=True)
class Word:
    x0: int
    x1: int
    text: str
    conf: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    para: bool  # the first line of a paragraph

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


HEADER_LINES = 10    # a header has at most this many lines
HEADER_GAP = 0.04    # the gap between the blocks: at least this share of the page's width


def _split(line: Line, width: int) -> tuple[list[Word], list[Word]] | None:
    """The words left and right of a wide gap near the middle, or None. Specks (words of
    low confidence: stamp ink read as `¿`) do not bridge a gap; they go with their side."""
    solid = [w for w in line.words if w.conf >= 30 and w.text.strip()]
    best = None
    for k in range(1, len(solid)):
        gap, mid = solid[k].x0 - solid[k - 1].x1, (solid[k].x0 + solid[k - 1].x1) / 2
        if gap > HEADER_GAP * width and 0.25 * width < mid < 0.6 * width and (best is None or gap > best[0]):
            best = (gap, mid)
    if best is None:
        return None
    mid = best[1]
    return [w for w in line.words if w.x1 <= mid], [w for w in line.words if w.x1 > mid]


# the right block is the motto's: at least one of its lines says so (loosely: OCR'd)
_MOTTO = re.compile(r"CỘNG|HÒA|XÃ HỘI|Độc lập|Hạnh phúc|ngày .{0,6}tháng", re.IGNORECASE)


def header_blocks(lines: list[Line], width: int) -> list[Line]:
    """The page's lines with a two-block header read block by block: of the first lines
    (each split by a wide gap near the middle, or standing on one side only) the left
    parts, then the right parts; from the first line that spans the middle (the title)
    on, the lines stay as they are. Left alone: a page whose first lines show no such gap,
    or whose right block does not read as the motto and date."""
    left: list[Line] = []
    right: list[Line] = []
    n, seen_split = 0, False
    for line in lines[:HEADER_LINES]:
        solid = [w for w in line.words if w.conf >= 30 and w.text.strip()]
        if not solid:  # specks, or a rule under a block read as a blank word: dropped from the header
            n += 1
            continue
        parts = _split(line, width)
        x0, x1 = solid[0].x0, solid[-1].x1
        centre = (x0 + x1) / 2
        if parts:
            seen_split = True
            left.append(Line(tuple(parts[0]), False))
            right.append(Line(tuple(parts[1]), False))
        elif centre > 0.55 * width and x0 > 0.35 * width:
            right.append(Line(line.words, False))
        elif centre < 0.45 * width and x1 < 0.6 * width:
            left.append(Line(line.words, False))
        else:
            break
        n += 1
    if not seen_split or not any(_MOTTO.search(r.text) for r in right):
        return lines
    head = [h for h in left + right if h.words]
    head[0] = Line(head[0].words, True)
    rest = lines[n:]
    if rest:
        rest[0] = Line(rest[0].words, True)
    return head + rest


def lines_text(lines: list[Line]) -> str:
    """Lines as Tesseract writes them: a line a row, a blank row between paragraphs."""
    out = []
    for k, line in enumerate(lines):
        if line.para and k:
            out.append("")
        out.append(line.text)
    return "\n".join(out) + "\n" if out else ""


class _TesserocrEngine:
    name = "tesserocr"

    def __init__(self, tessdata: Path):
        import tesserocr

        self._api = tesserocr.PyTessBaseAPI(path=str(tessdata) + "/", lang=LANG, psm=tesserocr.PSM.AUTO)
        _quiet_leptonica(Path(tesserocr.__file__).parent.parent / "tesserocr.libs")
        self._lock = threading.Lock()  # one page at a time per engine (Dask threads)

    def read(self, gray, dpi: int) -> tuple[str, float | None]:
        h, w = gray.shape
        with self._lock:
            self._api.SetImageBytes(gray.tobytes(), w, h, 1, w)
            self._api.SetSourceResolution(dpi)
            if not self._api.Recognize(LIMITS.ocr_timeout_s * 1000):
                raise ReadError(f"OCR of a page failed or took longer than {LIMITS.ocr_timeout_s} s")
            lines = self._lines()
        confs = [w.conf for line in lines for w in line.words]
        return lines_text(header_blocks(lines, w)), (sum(confs) / len(confs) if confs else None)

    def _lines(self) -> list[Line]:
        from tesserocr import RIL, iterate_level

        lines: list[tuple[list[Word], bool]] = []
        it = self._api.GetIterator()
        if it is None:
            return []
        for r in iterate_level(it, RIL.WORD):
            text = r.GetUTF8Text(RIL.WORD)
            if text is None:
                continue
            if r.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
                lines.append(([], r.IsAtBeginningOf(RIL.PARA)))
            box = r.BoundingBox(RIL.WORD)
            lines[-1][0].append(Word(box[0], box[2], text, r.Confidence(RIL.WORD)))
        return [Line(tuple(words), para) for words, para in lines]


class _ProgramEngine:
    """The `tesseract` program, one process per page (no tesserocr here), at one thread;
    its TSV output gives the word boxes and confidences tesserocr gives."""
    name = "tesseract"

    def __init__(self, exe: str):
        self._exe = exe
        self._env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def read(self, gray, dpi: int) -> tuple[str, float | None]:
        import io

        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(gray).save(buf, "PNG", compress_level=1)
        try:
            res = subprocess.run([self._exe, "stdin", "stdout", "-l", LANG, "--psm", "3", "--dpi", str(dpi), "tsv"],
                                 input=buf.getvalue(), capture_output=True, timeout=LIMITS.ocr_timeout_s,
                                 env=self._env)
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"OCR of a page took longer than {LIMITS.ocr_timeout_s} s") from e
        lines = tsv_lines(res.stdout.decode("utf-8", errors="replace"))
        confs = [w.conf for line in lines for w in line.words]
        return lines_text(header_blocks(lines, gray.shape[1])), (sum(confs) / len(confs) if confs else None)


def tsv_lines(tsv: str) -> list[Line]:
    """Tesseract's TSV (level, page, block, par, line, word, left, top, width, height,
    conf, text) as lines of words."""
    lines: list[tuple[list[Word], bool]] = []
    last_line = last_par = None
    for row in tsv.split("\n")[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        par, line = tuple(cols[1:4]), tuple(cols[1:5])
        if line != last_line:
            lines.append(([], par != last_par))
            last_line, last_par = line, par
        left, width = int(cols[6]), int(cols[8])
        lines[-1][0].append(Word(left, left + width, cols[11], float(cols[10])))
    return [Line(tuple(words), para) for words, para in lines]


@lru_cache(maxsize=1)
def engine() -> _TesserocrEngine | _ProgramEngine | None:
    """This process's OCR engine, made on first use; None when Tesseract with Vietnamese is missing."""
    tessdata = tessdata_dir()
    if tessdata is None:
        return None
    try:
        return _TesserocrEngine(tessdata)
    except (ImportError, RuntimeError):
        exe = shutil.which("tesseract")
        return _ProgramEngine(exe) if exe else None


def page_gray(page, dpi: int):
    """The page rendered at `dpi` as a numpy array of grey (uint8), red ink dropped: a
    pixel whose red exceeds its green and blue by more than RED_INK is paper (the stamp,
    its ring darkened at the edges by the scan's JPEG colour blur too). Black print under
    a stamp is dark in every channel and stays; so does blue ink (the number and day a
    clerk writes in by hand)."""
    import numpy as np

    bitmap = page.render(scale=dpi / 72)  # BGR(A)
    arr = bitmap.to_numpy()
    if arr.ndim == 2:
        return np.array(arr, dtype=np.uint8)  # a copy: the bitmap's buffer goes with it
    b, g, r = (arr[..., k].astype(np.int32) for k in range(3))
    gray = ((299 * r + 587 * g + 114 * b) // 1000).astype(np.uint8)
    gray[(r - np.maximum(g, b)) > RED_INK] = 255
    return gray


def ink_share(gray) -> float:
    """Share of a page's pixels that are ink: darker than its paper by a margin, on a
    quarter-size copy (scanner noise averages out, a speck of dust stays small)."""
    import numpy as np

    h, w = gray.shape[0] // 4 * 4, gray.shape[1] // 4 * 4
    if not h or not w:
        return 0.0
    small = gray[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))
    paper = float(np.percentile(small, 90))
    return float((small < paper - 70).mean())


def ocr_page(page, dpi: int | None = None) -> OcrPage:
    eng = engine()
    if eng is None:
        raise ReadError("a page has no readable text layer and Tesseract with Vietnamese (tesseract-ocr-vie) "
                        "is not installed; run make setup")
    dpi = dpi or LIMITS.ocr_dpi
    gray = page_gray(page, dpi)
    if ink_share(gray) < BLANK_INK:
        return OcrPage(text="", confidence=None, blank=True)
    text, conf = eng.read(gray, dpi)
    return OcrPage(text=text, confidence=conf)
