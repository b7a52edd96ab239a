"""OCR of one scanned PDF page with Tesseract's Vietnamese model.

- One engine per worker process, loaded once (tesserocr, which calls libtesseract in
  process), at one thread: a batch already runs one worker per core, and Tesseract's own
  OpenMP threads in every call make two workers on two cores thrash (measured 2.5x slower
  over real scans). Without tesserocr the `tesseract` program is called per page, with
  OMP_THREAD_LIMIT=1 in its environment.
- The page is rendered at LIMITS.ocr_dpi (200: on the bench's scans as accurate as 300 and
  faster; see README) and made grey by the brightest of its three channels, so coloured
  ink (the red stamp over the header, a blue signature) turns to paper and black print
  stays black: on the bench's stamped scans this takes the error rate from 6% to 0.4%.
- A blank or near-blank page (less ink than a few characters: the back of a sheet, a page
  with only its number) is not OCR'd; the reader records it.
"""
from __future__ import annotations

import os
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
            text = self._api.GetUTF8Text()
            confs = self._api.AllWordConfidences()
        return text, (sum(confs) / len(confs) if confs else None)


class _ProgramEngine:
    """The `tesseract` program, one process per page (no tesserocr here)."""
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
            res = subprocess.run([self._exe, "stdin", "stdout", "-l", LANG, "--psm", "3", "--dpi", str(dpi)],
                                 input=buf.getvalue(), capture_output=True, timeout=LIMITS.ocr_timeout_s,
                                 env=self._env)
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"OCR of a page took longer than {LIMITS.ocr_timeout_s} s") from e
        return res.stdout.decode("utf-8", errors="replace"), None


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
    """The page rendered at `dpi` as a numpy array of grey (uint8), coloured ink dropped."""
    import numpy as np

    bitmap = page.render(scale=dpi / 72)
    arr = bitmap.to_numpy()
    if arr.ndim == 3:  # BGR(A) or RGB(A): the brightest of the colour channels
        arr = arr[..., :3].max(axis=2)
    return np.array(arr, dtype=np.uint8)  # a copy: the bitmap's buffer goes with it


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
