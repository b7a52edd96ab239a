"""Extraction rules: loaded from rules/ and compiled once."""
from __future__ import annotations

from pathlib import Path


def load_lexicon(rules_dir: Path):
    return None
