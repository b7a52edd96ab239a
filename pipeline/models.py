"""What flows between stages, and the output tables' schema, declared once.

    file bytes --ingest--> RawDocument --normalize--> Document --extract--> Extraction --tables--> Parquet/CSV

Every extracted record carries its evidence: the words (`text`), where they
are in the normalized text (`start`, `end`), and the rule that found them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

SCHEMA_VERSION = "1.1"

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
    ocr_confidences: tuple[float | None, ...] = ()  # mean word confidence (0-100) of each page of ocr_pages
    blank_pages: tuple[int, ...] = ()                # scanned pages with (almost) no ink: not OCR'd
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
class Section:
    """A part of a document's outline (pipeline/outline.py): `Điều 2`, its item `1`, that
    item's point `a`, a letter's `Kính gửi`, an appendix, a table. `start`/`end` span the
    part with everything it holds; `head_end` ends its opening paragraph."""
    kind: str            # header, title, addressees, grounds, part, chapter, section, article, item, point, heading, intro, field, signature, recipients, appendix, table
    label: str | None    # `Điều 2`, `1`, `a`, `II`, `Phụ lục II`
    depth: int
    start: int
    end: int
    head_end: int
    heading: str | None  # its opening words without the marker
    parent: int | None   # index of the section that holds it
    path: str            # `Điều 2 > 1 > a`


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
    section: str | None = None  # the path of the outline section it comes from


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
    sections: tuple[Section, ...] = ()


# -- output tables: column order and types, declared once ------------------------

_str, _int, _bool, _date = pa.string(), pa.int64(), pa.bool_(), pa.date32()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _str), ("source", _str), ("format", _str), ("status", _str), ("error", _str),
        ("kind", _str), ("title", _str), ("published_date", _date), ("issuer", _str),
        ("n_chars", _int), ("schema_version", _str),
        # additions beyond the contract
        ("duplicate_of", _str), ("reader", _str), ("encoding", _str), ("n_pages", _int),
        ("ocr_pages", pa.list_(_int)), ("size_bytes", _int),
        ("ocr_confidence", pa.float64()), ("ocr_page_confidences", pa.list_(pa.float64())),
        ("blank_pages", pa.list_(_int)), ("source_raw", _str),
        ("same_as", _str), ("province", _str), ("province_2025", _str),
    ]),
    "texts": pa.schema([("doc_id", _str), ("text", _str)]),
    "references": pa.schema([
        ("doc_id", _str), ("ref", _str), ("number", _int), ("year", _int), ("doc_type", _str),
        ("issued_date", _date), ("role", _str), ("start", _int), ("end", _int),
        ("text", _str), ("rule", _str),
        # additions beyond the contract
        ("target_doc_id", _str),
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
        # additions beyond the contract
        ("section", _str),
    ]),
    "counts": pa.schema([
        ("doc_id", _str), ("count", _int), ("unit", _str), ("status", _str), ("scope", _str),
        ("qualifier", _str), ("of_total", _int), ("text", _str), ("start", _int), ("end", _int),
        ("rule", _str),
    ]),
    "sections": pa.schema([
        ("doc_id", _str), ("path", _str), ("kind", _str), ("label", _str), ("depth", _int),
        ("heading", _str), ("start", _int), ("end", _int),
    ]),
}
TABLE_NAMES = tuple(SCHEMAS)


# -- what the tables and columns mean: the published schema (`datapackage.json`) and the
# workbook's Vietnamese headers read it from here. Every column of SCHEMAS has an entry
# (tested): (Vietnamese title, English description). A column shared by several tables
# (`doc_id`, offsets, evidence) is described once in _SHARED_COLUMNS.

TABLE_DOCS: dict[str, tuple[str, str]] = {
    "documents": ("Văn bản", "One row per input file (a zip entry is a file): what it is and whether it could be read."),
    "texts": ("Nội dung văn bản", "The normalized text of each readable document; every offset of the other tables points into it."),
    "references": ("Số, ký hiệu văn bản", "Document numbers (số, ký hiệu): the document's own and those it cites."),
    "dates": ("Ngày tháng", "Every date mentioned, as an ISO value at its granularity."),
    "agencies": ("Cơ quan", "Every mention of a named body, with its canonical name."),
    "tasks": ("Nhiệm vụ", "Assignments of work to bodies, from task tables and from sentences."),
    "counts": ("Số liệu", "Numbers of tasks and work items (`650 nhiệm vụ`, `9/12 đề án`)."),
    "sections": ("Bố cục văn bản", "The document's outline, one row per part: header, addressees, grounds, "
                 "articles, numbered and lettered items, labelled lines, signature, recipients, appendices, tables."),
}

_SHARED_COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("Mã văn bản", "The document's id (`documents.doc_id`): joins all tables."),
    "start": ("Vị trí đầu", "Character offset where the words begin in the document's normalized text (`texts.text`)."),
    "end": ("Vị trí cuối", "Character offset just after the words in the document's normalized text."),
    "text": ("Nguyên văn", "The words as they stand in the normalized text."),
    "rule": ("Quy tắc", "The rule that found the row (`file:id` in rules/)."),
}

COLUMN_DOCS: dict[str, dict[str, tuple[str, str]]] = {
    "documents": {
        "doc_id": ("Mã văn bản", "Stable id of the file's content: the first 16 hex digits of the SHA-256 of its "
                   "bytes; joins all tables. A duplicate (and every empty file) shares the id of the same bytes."),
        "source": ("Tệp", "Path of the input file relative to its input root (`archive.zip/path/inside` for a zip "
                   "entry); one row per path."),
        "format": ("Định dạng", "The format read from the content: txt, html, pdf, docx, doc, rtf, ..."),
        "status": ("Trạng thái", "`ok`, `failed`, `duplicate` (same bytes as a document read before it) or `empty`."),
        "error": ("Lỗi", "Why the file could not be read (a readable sentence); null unless failed."),
        "kind": ("Loại văn bản", "`decision`, `plan`, `program`, `directive`, `official_letter`, `report`, `news` "
                 "or `other`."),
        "title": ("Tiêu đề", "The document's title line (trích yếu) or the article's headline."),
        "published_date": ("Ngày ban hành", "Issue date of a decision, publication date of a news article."),
        "issuer": ("Cơ quan ban hành", "Canonical name of the issuing body."),
        "n_chars": ("Số ký tự", "Length of the normalized text."),
        "schema_version": ("Phiên bản lược đồ", "Version of this schema the row follows (CHANGELOG.md)."),
        "duplicate_of": ("Trùng với tệp", "For a duplicate: the `source` of the document with the same bytes read "
                         "before it."),
        "reader": ("Bộ đọc", "The reader(s) that produced the text (`text`, `trafilatura`, "
                   "`pypdfium2+pdfplumber+tesseract`, `python-docx`, `libreoffice+python-docx`, ...)."),
        "encoding": ("Bảng mã", "Character encoding of a text file (utf-8, windows-1258, tcvn3, vni, viscii, ...)."),
        "n_pages": ("Số trang", "Pages of a PDF; null for other formats."),
        "ocr_pages": ("Trang nhận dạng OCR", "Page numbers (from 1) read by OCR; `;`-joined in CSV."),
        "size_bytes": ("Dung lượng (byte)", "Size of the input file in bytes."),
        "ocr_confidence": ("Độ tin cậy OCR", "Mean word confidence (0-100) of the pages read by OCR; null when "
                           "none was. Low values mark pages worth a human look."),
        "ocr_page_confidences": ("Độ tin cậy OCR từng trang", "Mean word confidence of each page of `ocr_pages`, "
                                 "in the same order; `;`-joined in CSV."),
        "blank_pages": ("Trang trắng", "Scanned pages with (almost) no ink, not read by OCR; `;`-joined in CSV."),
        "source_raw": ("Tên tệp gốc (hex)", "The path's bytes in hex when they are not the UTF-8 of `source` (a "
                       "legacy-encoded file name, a zip entry without the UTF-8 flag); "
                       "`os.fsdecode(bytes.fromhex(source_raw))` opens the file; null otherwise."),
        "same_as": ("Cùng văn bản với", "doc_id of the first document (in import order) that is the same document "
                    "in other bytes: same own number, issuer and issue date, or near-identical text (MinHash >= 0.5) "
                    "with no differing own number or issue date; null on the first and on unrelated documents."),
        "province": ("Tỉnh", "Province of the issuing body as the document names it, from the header or the "
                     "place-date line; null for ministries, districts and news."),
        "province_2025": ("Tỉnh (sau sáp nhập 2025)", "The province it belongs to after the 2025 merger of "
                          "provinces (one of the 34)."),
    },
    "texts": {
        "text": ("Nội dung", "Normalized text: Unicode NFC, one tone-mark convention, digits 0-9, page furniture "
                 "and web-page chrome removed."),
    },
    "references": {
        "ref": ("Số, ký hiệu", "Normalized number and symbol as printed (`42/QĐ-UBND`, `326/2021/NQ-HĐND`)."),
        "number": ("Số", "The serial number (42 in `42/QĐ-UBND`)."),
        "year": ("Năm", "The year inside the symbol, if any (2021 in `326/2021/NQ-HĐND`)."),
        "doc_type": ("Loại văn bản", "The document type in words (`Quyết định`, `Kế hoạch`, `Công văn`, ...)."),
        "issued_date": ("Ngày ban hành", "The date written with the number (`... số 108/QĐ-UBND ngày 15/1/2021`)."),
        "role": ("Vai trò", "`self` (this document's own number) or `cited`."),
        "target_doc_id": ("Văn bản được dẫn", "For a number other than the document's own: the doc_id of the "
                          "document of the same output folder whose own number it is (the first of its copies, "
                          "`same_as` null; when several share the number, the one of the citation's issue date, "
                          "then of the citing document's issuer; never one of another issue year, never the "
                          "document itself); null when no document of the folder has that number."),
    },
    "dates": {
        "value": ("Giá trị", "ISO value: `2021-01-15` (day), `2021-03` (month), `2021-Q1` (quarter), `2021` (year)."),
        "granularity": ("Độ chi tiết", "`day`, `month`, `quarter` or `year`."),
        "year_inferred": ("Năm suy ra", "True when the year was not written and came from context."),
        "role": ("Vai trò", "`issued`, `published`, `deadline`, `event`, or null."),
    },
    "agencies": {
        "name": ("Tên cơ quan", "Canonical full name, abbreviations expanded (`Sở Kế hoạch và Đầu tư`)."),
        "surface": ("Cách viết", "The name as written (`Văn phòng UBND tỉnh`)."),
        "level": ("Cấp", "`central`, `province`, `district`, `commune`, or null."),
    },
    "tasks": {
        "task_no": ("STT", "The row number in the task table (`1`, `2.3`); null for tasks from sentences."),
        "description": ("Nội dung nhiệm vụ", "What must be done."),
        "lead": ("Cơ quan chủ trì", "Canonical name of the body in charge (chủ trì / được giao)."),
        "co": ("Cơ quan phối hợp", "Canonical names of the co-operating bodies (phối hợp); `;`-joined in CSV."),
        "deadline": ("Thời hạn", "The deadline as an ISO value (as in `dates.value`), when one can be derived."),
        "deadline_text": ("Thời hạn (nguyên văn)", "The deadline as written (`Quý II/2021`, `Thường xuyên`)."),
        "source": ("Trích từ", "`table` (a row of a task table) or `text` (a sentence)."),
        "section": ("Phần văn bản", "The path of the outline part the task comes from (`Điều 2 > 1 > a`, "
                    "`II > 3`, `Phụ lục > bảng 1`): `sections.path`."),
    },
    "counts": {
        "count": ("Số lượng", "The number, Vietnamese formatting undone (`1.700` -> 1700)."),
        "unit": ("Đơn vị", "The counted noun, as a lemma (`nhiệm vụ`, `đề án`, `chỉ tiêu`, ...)."),
        "status": ("Tình trạng", "`total`, `completed`, `completed_on_time`, `completed_late`, `overdue`, "
                   "`in_progress`, `not_completed`, or null."),
        "scope": ("Phạm vi", "What the count is about when the text says (`Y tế`, `Giáo dục`)."),
        "qualifier": ("Độ chính xác", "`exact`, `over` (trên, hơn), `under`, `about` (khoảng, gần)."),
        "of_total": ("Trên tổng số", "The denominator in `12/55 nhiệm vụ`."),
    },
    "sections": {
        "path": ("Vị trí", "Where the part stands, as cited: the labels of the parts that hold it and its own "
                 "(`Điều 2 > 1 > a`; a dashed line by its place, `-2`; a table `bảng N`; a standing part by its "
                 "kind: `header`, `addressees`, `grounds`, `signature`, `recipients`)."),
        "kind": ("Loại", "`header`, `title`, `addressees`, `grounds`, `part`, `chapter`, `section`, `article`, "
                 "`item` (a numbered or dashed line), `point` (a lettered one), `heading` (`Đối với ...`), `intro` "
                 "(a sentence ending in `:` that opens a list), `field` (a labelled line), `signature`, "
                 "`recipients`, `appendix`, `table`."),
        "label": ("Ký hiệu", "The part's own number or letter (`Điều 2`, `II`, `1`, `a`, `Phụ lục II`), or null."),
        "depth": ("Cấp", "How many parts hold it (0 for a part of the document itself)."),
        "heading": ("Tiêu đề", "The opening words of the part without its number (at most 200 characters)."),
    },
}


def column_doc(table: str, column: str) -> tuple[str, str]:
    """(Vietnamese title, English description) of a column of SCHEMAS; a column not yet
    described shows its name and no description (tests/test_schema.py asks for one)."""
    own = COLUMN_DOCS.get(table, {})
    return own.get(column) or _SHARED_COLUMNS.get(column) or (column, "")


def table_doc(table: str) -> tuple[str, str]:
    """(Vietnamese title, English description) of a table of SCHEMAS."""
    return TABLE_DOCS.get(table) or (table, "")
