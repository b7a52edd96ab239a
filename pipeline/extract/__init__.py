"""Extraction: Document -> Extraction, one module per field."""
from __future__ import annotations

from pipeline.models import DocInfo, Document, Extraction
from pipeline.rules import RuleSet


def extract(doc: Document, rules: RuleSet) -> Extraction:
    return Extraction(info=DocInfo(kind="other", title=None, published_date=None, issuer=None))
