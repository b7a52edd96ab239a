"""Word 97 (.doc) and RTF: converted to .docx by LibreOffice headless, then read as .docx.

LibreOffice keeps the letters of legacy `.VnTime` (TCVN3) runs that antiword drops;
the .docx reader then converts them. Each conversion uses its own LibreOffice profile
folder, so parallel conversions do not fight over one profile lock.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.config import LIMITS
from pipeline.ingest.docx import read_docx
from pipeline.models import RawDocument, ReadError


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise ReadError("LibreOffice is not installed; it is needed to read .doc and .rtf files (run make setup)")
    return exe


def convert_to(data: bytes, fmt: str, target: str) -> bytes:
    """Convert bytes of format `fmt` to `target` (docx, pdf, doc) with LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as tmp:
        src = Path(tmp) / f"in.{fmt}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=LIMITS.convert_timeout_s, check=False)
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"LibreOffice took longer than {LIMITS.convert_timeout_s} s to convert the file") from e
        out = Path(tmp) / "out" / f"in.{target}"
        if not out.exists() or out.stat().st_size == 0:
            raise ReadError(f"LibreOffice could not convert this {fmt} file (damaged or not a Word file)")
        return out.read_bytes()


def read_via_libreoffice(data: bytes, fmt: str) -> RawDocument:
    docx_bytes = convert_to(data, fmt, "docx")
    return read_docx(docx_bytes, reader="libreoffice+python-docx", fmt=fmt)
