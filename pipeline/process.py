"""One document from bytes to table rows: read -> normalize -> extract.

Pure: no disk, no printing. Whatever goes wrong becomes a `failed` outcome with a
readable reason; nothing here stops a batch.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter

import pyarrow as pa

from pipeline.config import LIMITS
from pipeline.extract import extract
from pipeline.ingest import read_bytes, sniff
from pipeline.models import SCHEMAS, Document, Extraction, RawDocument, ReadError
from pipeline.normalize import build_document
from pipeline.rules import RuleSet
from pipeline.province import province_of
from pipeline.same import Twin, twin_of


@dataclass(frozen=True)
class Outcome:
    doc_id: str
    sha256: str
    status: str
    error: str | None
    format: str
    raw: RawDocument | None = None
    rows: dict = field(default_factory=dict)  # rows_for's result
    twin: Twin | None = None  # what tells it from other documents (`same.link`)


def content_id(data: bytes) -> tuple[str, str]:
    sha = hashlib.sha256(data).hexdigest()
    return sha[:16], sha


def format_name(sniffed: str) -> str:
    """The `documents.format` value for a sniffed content type."""
    return {"text": "txt"}.get(sniffed, sniffed)


Columns = dict[str, list]  # a table part: column name -> values, all of one length


def _columns(table: str, records) -> Columns:
    """Records -> their table's columns (all but `doc_id`, which the batch adds): one list
    per column, so nothing downstream handles a row at a time; tuples become lists."""
    if not records:
        return {}
    names, lists = _layout(table, type(records[0]))
    if len(names) <= 1:
        columns = [[getattr(r, n) for r in records] for n in names]
    else:
        columns = [list(c) for c in zip(*map(attrgetter(*names), records))]
    out = {}
    for name, is_list, values in zip(names, lists, columns):
        if is_list:
            values = [list(v) if isinstance(v, tuple) else v for v in values]
        out[name] = values
    return out


@lru_cache(maxsize=64)
def _layout(table: str, record_type: type) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The record's fields that are the table's columns, in the record's order, and which
    of them hold lists."""
    schema = SCHEMAS[table]
    names = tuple(f.name for f in fields(record_type) if f.name in schema.names)
    return names, tuple(pa.types.is_list(schema.field(n).type) for n in names)


def rows_for(doc: Document, ex: Extraction, rules: RuleSet | None = None) -> dict:
    """Extraction records -> `{"document": {...}, table: Columns, ...}` for every table but
    `documents` (whose row the batch makes from `document` and the catalog)."""
    info = {f.name: getattr(ex.info, f.name) for f in fields(ex.info)}
    info["n_chars"] = len(doc.text)
    if ex.info.kind != "news" and rules is not None:  # a news article's own body is a newspaper
        info["province"], info["province_2025"] = province_of(doc.text, rules.dir)
    return {
        "document": info,
        "texts": {"text": [doc.text]},
        "references": _columns("references", ex.references),
        "dates": _columns("dates", ex.dates),
        "agencies": _columns("agencies", [a for a in ex.agencies if not a.is_group]),
        "tasks": _columns("tasks", ex.tasks),
        "counts": _columns("counts", ex.counts),
        "sections": _columns("sections", ex.sections),
    }


def ocr_fields(raw) -> dict:
    """What OCR tells of a document: the mean word confidence of each OCR'd page (in the
    order of `ocr_pages`), their mean (None when no page was OCR'd) and the blank scanned
    pages, which were not read."""
    pages = [round(c, 2) if c is not None else None for c in raw.ocr_confidences]
    known = [c for c in pages if c is not None]
    return {"ocr_confidence": round(sum(known) / len(known), 2) if known else None,
            "ocr_page_confidences": pages, "blank_pages": list(raw.blank_pages)}


def process_bytes(name: str, data: bytes, source: str, rules: RuleSet) -> Outcome:
    doc_id, sha = content_id(data)
    sniffed = sniff(data)
    fmt = format_name(sniffed)
    if sniffed == "empty":
        return Outcome(doc_id, sha, "empty", "the file is empty", fmt)
    if len(data) > LIMITS.max_file_bytes:
        return Outcome(doc_id, sha, "failed", f"file is larger than {LIMITS.max_file_bytes // 2**20} MB", fmt)
    try:
        raw = read_bytes(name, data)
    except ReadError as e:
        return Outcome(doc_id, sha, "failed", str(e), fmt)
    except Exception as e:  # a reader bug must not stop the batch either
        return Outcome(doc_id, sha, "failed", f"reader error: {type(e).__name__}: {e}", fmt)
    try:
        doc = build_document(raw, doc_id, source, rules)
        if not doc.text.strip():
            return Outcome(doc_id, sha, "empty", "no text in the file", raw.format, raw)
        ex = extract(doc, rules)
        rows = rows_for(doc, ex, rules)
        rows["document"].update(ocr_fields(raw))
        return Outcome(doc_id, sha, "ok", None, raw.format, raw, rows, twin_of(doc.text, ex))
    except Exception as e:
        return Outcome(doc_id, sha, "failed", f"extraction error: {type(e).__name__}: {e}", raw.format, raw)
