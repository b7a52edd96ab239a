"""Paths and settings, defined once."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PIPELINE_VERSION = "0.4.0"
ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = Path(os.environ.get("VANBAN_RULES", ROOT / "rules"))
RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"


@dataclass(frozen=True)
class Limits:
    """Guards for hostile or broken input."""
    max_file_bytes: int = 200 * 1024 * 1024      # larger files are refused, not read
    max_archive_total: int = 1024 * 1024 * 1024  # bytes unpacked from one archive
    max_archive_ratio: int = 200                 # unpacked/packed size of one entry
    max_archive_entries: int = 10_000
    max_archive_depth: int = 3                   # zip inside zip inside zip
    ocr_dpi: int = 200                            # measured: as accurate as 300 on scans, faster (README)
    ocr_timeout_s: int = 120                     # per page
    convert_timeout_s: int = 180                 # LibreOffice, per file


LIMITS = Limits()
