"""What flows between stages, and the output tables' schema, declared once.

    file bytes --ingest--> RawDocument --normalize--> Document --extract--> Extraction --tables--> Parquet/CSV

Every extracted record carries its evidence: the words (`text`), where they
are in the normalized text (`start`, `end`), and the rule that found them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

SCHEMA_VERSION = "1.0"

DOC_STATUSES = ("ok", "failed", "duplicate", "empty")
DOC_KINDS = ("decision", "plan", "program", "directive", "official_letter", "report", "news", "other")


# -- reading ------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """A paragraph (`rows` empty) or a table (`rows` of cell texts), in reading order."""
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    page: int | None = None

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class RawDocument:
    """What a reader returns: the document's content before normalization."""
    format: str
    blocks: tuple[Block, ...]
    reader: str
    encoding: str | None = None
    n_pages: int | None = None
    ocr_pages: tuple[int, ...] = ()
    meta_title: str | None = None
    meta_date: str | None = None  # ISO day, from file metadata (HTML pages)


class ReadError(Exception):
    """A file that cannot be read; the message is the readable reason shown in the table."""


# -- normalized document -----------------------------------------------------

@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A table rendered into the text, one line per row; cells keep their offsets."""
    start: int
    end: int
    n_cols: int
    cells: tuple[Cell, ...]
    page: int | None = None

    def rows(self) -> list[list[Cell]]:
        out: dict[int, list[Cell]] = {}
        for c in self.cells:
            out.setdefault(c.row, []).append(c)
        return [out[r] for r in sorted(out)]


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    format: str
    text: str
    tables: tuple[Table, ...] = ()
    meta_title: str | None = None
    meta_date: str | None = None


# -- extracted records ---------------------------------------------------------

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Reference:
    ref: str
    number: int
    year: int | None
    doc_type: str | None
    issued_date: str | None
    role: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class DateMention:
    value: str
    granularity: str
    year_inferred: bool
    role: str | None
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class AgencyMention:
    name: str
    surface: str
    level: str | None
    start: int
    end: int
    rule: str
    is_group: bool = False


@dataclass(frozen=True)
class Task:
    task_no: str | None
    description: str
    lead: str | None
    co: tuple[str, ...]
    deadline: str | None
    deadline_text: str | None
    source: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Count:
    count: int
    unit: str
    status: str | None
    scope: str | None
    qualifier: str
    of_total: int | None
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class DocInfo:
    kind: str
    title: str | None
    published_date: str | None
    issuer: str | None


@dataclass(frozen=True)
class Extraction:
    info: DocInfo
    references: tuple[Reference, ...] = ()
    dates: tuple[DateMention, ...] = ()
    agencies: tuple[AgencyMention, ...] = ()
    tasks: tuple[Task, ...] = ()
    counts: tuple[Count, ...] = ()


# -- output tables: column order and types, declared once ------------------------

_str, _int, _bool, _date = pa.string(), pa.int64(), pa.bool_(), pa.date32()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _str), ("source", _str), ("format", _str), ("status", _str), ("error", _str),
        ("kind", _str), ("title", _str), ("published_date", _date), ("issuer", _str),
        ("n_chars", _int), ("schema_version", _str),
        # additions beyond the contract
        ("duplicate_of", _str), ("reader", _str), ("encoding", _str), ("n_pages", _int),
        ("ocr_pages", pa.list_(_int)), ("size_bytes", _int), ("source_raw", _str),
        ("same_as", _str), ("province", _str), ("province_2025", _str),
    ]),
    "texts": pa.schema([("doc_id", _str), ("text", _str)]),
    "references": pa.schema([
        ("doc_id", _str), ("ref", _str), ("number", _int), ("year", _int), ("doc_type", _str),
        ("issued_date", _date), ("role", _str), ("start", _int), ("end", _int),
        ("text", _str), ("rule", _str),
    ]),
    "dates": pa.schema([
        ("doc_id", _str), ("value", _str), ("granularity", _str), ("year_inferred", _bool),
        ("role", _str), ("text", _str), ("start", _int), ("end", _int), ("rule", _str),
    ]),
    "agencies": pa.schema([
        ("doc_id", _str), ("name", _str), ("surface", _str), ("level", _str),
        ("start", _int), ("end", _int), ("rule", _str),
    ]),
    "tasks": pa.schema([
        ("doc_id", _str), ("task_no", _str), ("description", _str), ("lead", _str),
        ("co", pa.list_(_str)), ("deadline", _str), ("deadline_text", _str), ("source", _str),
        ("start", _int), ("end", _int), ("rule", _str),
    ]),
    "counts": pa.schema([
        ("doc_id", _str), ("count", _int), ("unit", _str), ("status", _str), ("scope", _str),
        ("qualifier", _str), ("of_total", _int), ("text", _str), ("start", _int), ("end", _int),
        ("rule", _str),
    ]),
}
TABLE_NAMES = tuple(SCHEMAS)
