"""`DIR/vanban.xlsx`: the tables for Excel (theo dõi nhiệm vụ), written with every run.

    write_workbook(Path("data/processed"))

Sheets, each a table of `models.SCHEMAS` named by its Vietnamese title (`TABLE_DOCS`):
  Nhiệm vụ   tasks, each with its document's number (số, ký hiệu), date and title first, and
             `Hạn cuối`: the last day its deadline allows (`2024-Q3` -> 30/09/2024)
  Văn bản    documents, with their own number
  Số liệu    counts, with their document's number, date and title
  Chú thích  what every column means (from `models.COLUMN_DOCS`)
Columns follow SCHEMAS (a column added there appears here without an edit), headers are the
columns' Vietnamese titles; the offsets and rule of each row (`start`, `end`, `rule`) are left
to the CSV/Parquet tables. Cells are typed: numbers, booleans, dates as Excel dates shown
`dd/mm/yyyy` (a deadline that is a day is a date; a month, quarter or year stays its ISO
text), lists joined with `; `. The header row is frozen and filtered; long text wraps; a
deadline before today is highlighted by a conditional format, so it stays right as days pass.
Printed landscape on A4, one page wide, the header row on every page. A sheet stops at
Excel's row limit with a last row saying how many rows are left out (they are in the CSV), a
cell at Excel's 32,767 characters; characters XML cannot hold (control characters) are dropped.

The file is SpreadsheetML (ECMA-376 part 1) written here: a zip of a few XML parts, each
below as plain text. Each sheet is written to its zip entry a batch of rows at a time (made
XML a column at a time with pyarrow.compute) and its text cells hold their strings inline (no
shared-string table to keep), so memory stays flat however large the folder; the file goes to a
temporary name moved into place when complete.
    [Content_Types].xml          the type of every part
    _rels/.rels                  where the workbook and its properties are
    docProps/core.xml            title and comments
    xl/workbook.xml              the sheets, their filter ranges and print titles
    xl/_rels/workbook.xml.rels   where the sheets and styles are
    xl/styles.xml                the cell styles (header, text, wrapped text, date, note) and
                                 the overdue highlight
    xl/worksheets/sheetN.xml     the rows of sheet N
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.models import SCHEMAS, column_doc, table_doc
from pipeline.tables import publish

NAME = "vanban.xlsx"
SHEETS = ("tasks", "documents", "counts")
LEFT_OUT = {"start", "end", "rule"}  # evidence offsets: they point into texts, which the workbook does not hold
DOC_COLUMNS = (("document_number", "Số, ký hiệu văn bản"), ("document_date", "Ngày văn bản"),
               ("document_title", "Tiêu đề văn bản"))
LAST_DAY = ("deadline_day", "Hạn cuối")
NOTES_SHEET = "Chú thích"
TITLE = "vanban: nhiệm vụ, văn bản, số liệu"
MAX_ROWS = 1_048_576  # Excel's limit, header included
MAX_CELL = 32_767     # Excel's limit on the characters of a cell
SAMPLE = 2_000        # rows that set the column widths
BATCH = 5_000         # Parquet rows read, made XML and written to the zip entry at a time
ZIP64_ROWS = 100_000  # a sheet past this many rows gets a ZIP64 entry (see _Sheet)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def last_day(deadline: str | None) -> dt.date | None:
    """The last day a deadline allows: a day itself, a month's, a quarter's or a year's last day."""
    if not deadline:
        return None
    try:
        if _DAY.match(deadline):
            return dt.date.fromisoformat(deadline)
        if m := re.match(r"^(\d{4})-Q([1-4])$", deadline):
            year, month = int(m[1]), int(m[2]) * 3
        elif m := re.match(r"^(\d{4})-(\d{2})$", deadline):
            year, month = int(m[1]), int(m[2])
        elif re.match(r"^\d{4}$", deadline):
            return dt.date(int(deadline), 12, 31)
        else:
            return None
        first_next = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_next - dt.timedelta(days=1)
    except ValueError:
        return None

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# cell styles: their index in styles.xml's <cellXfs>
HEADER, TEXT, WRAP, DATE, NOTE = 1, 2, 3, 4, 5
DAY_ZERO = dt.date(1899, 12, 30).toordinal()  # Excel's serial 0 (day 60 is its 29/02/1900, so 1 March 1900 on is exact)
FIRST_DAY = dt.date(1900, 3, 1)
EPOCH_SERIAL = dt.date(1970, 1, 1).toordinal() - DAY_ZERO  # Arrow's day 0 (date32) as an Excel serial
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what XML 1.0 cannot hold
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")  # Excel reads `_x0009_` as a tab: written `_x005F_x0009_`
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))


def _xml(text: str) -> str:
    """Text as XML content or a double-quoted attribute value, less what XML cannot hold."""
    text = _NOT_XML.sub("", text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    for char, entity in _ENTITIES:
        text = text.replace(char, entity)
    return text


def _xml_texts(texts: pa.Array) -> pa.Array:
    """`_xml` of every text of an array (the same patterns, in RE2), each step skipped when no
    byte of the texts' UTF-8 calls for it (testing bytes is far quicker than searching texts)."""
    data = _utf8_bytes(texts)
    controls = np.count_nonzero(data < 0x20) - sum(np.count_nonzero(data == b) for b in b"\t\n\r")
    # U+FFFE and U+FFFF start with the byte 0xEF (as U+F000 on do; 0xF0 on start 4-byte characters)
    if controls or np.count_nonzero(data >= 0xEF):
        texts = pc.replace_substring_regex(texts, _NOT_XML.pattern, "")
        data = _utf8_bytes(texts)
    if np.count_nonzero((data[:-1] == ord("_")) & (data[1:] == ord("x"))):
        texts = pc.replace_substring_regex(texts, _EXCEL_ESCAPE.pattern, r"_x005F_\1")
        data = _utf8_bytes(texts)
    for char, entity in _ENTITIES:
        if np.count_nonzero(data == ord(char)):
            texts = pc.replace_substring(texts, char, entity)
            data = _utf8_bytes(texts)
    return texts


def _utf8_bytes(texts: pa.Array) -> np.ndarray:
    """The bytes of an array's texts (its whole data buffer: for a slice, the texts around it too)."""
    data = texts.buffers()[2]
    return np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)


def _width(chars: int) -> float:
    """A column `chars` digits wide as <col width> (ECMA-376 18.3.1.13: 7-pixel digits, 5 pixels of padding)."""
    return math.trunc((chars * 7 + 5) / 7 * 256) / 256


def _height(lines: int) -> str:
    """The attributes of a row `lines` lines tall (15 points a line; 409 points: Excel's tallest row)."""
    return f' ht="{min(15 * lines, 409)}" customHeight="1"' if lines > 1 else ""


# -- cells, a column of a batch of rows at a time (pyarrow.compute) -----------------
# A batch of rows is given as its columns, each an Arrow array, or a tuple of arrays that share
# the column (in each row one of them has the value: a deadline's day as a date, else its text).
# Every array is first made one of four kinds of cell values (`_typed`), then the XML of its
# cells (`_cells`); a row is its cells joined. The XML is byte for byte what writing each cell
# with Python's strings would make (`_xml` for a text); tests/test_xlsx.py holds cells exactly.

def _large(texts: str | pa.Array) -> pa.Scalar | pa.Array:
    """Text as Arrow's large_string (64-bit offsets: a batch of XML may pass 2 GiB)."""
    if isinstance(texts, str):
        return pa.scalar(texts, pa.large_string())
    return texts if texts.type == pa.large_string() else texts.cast(pa.large_string())


def _join(*parts: str | pa.Array, null_is_empty: bool = False) -> pa.Array:
    """The parts (texts and arrays of texts) joined row by row; null where a part is null,
    unless `null_is_empty`."""
    return pc.binary_join_element_wise(*map(_large, parts), _large(""),
                                       null_handling="replace" if null_is_empty else "emit_null")


def _typed(values: pa.Array) -> tuple[str, pa.Array]:
    """The values of an array as cells hold them: ("text", texts), ("number", its digits as
    text), ("bool", booleans) or ("date", date32). Null: no cell, and so is an empty list, a
    NaN or an infinity. Lists are joined with `; `, each item as Python writes it."""
    t = values.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text", _large(values)
    if pa.types.is_boolean(t):
        return "bool", values
    if pa.types.is_integer(t):
        return "number", _large(values)
    if pa.types.is_date32(t):
        return "date", values
    if pa.types.is_floating(t):  # Python's shortest repr (Arrow's differs: 1.0 is its "1")
        return "number", pa.array([str(v) if v is not None and math.isfinite(v) else None
                                   for v in values.to_pylist()], pa.large_string())
    if pa.types.is_list(t) and (pa.types.is_string(t.value_type) or pa.types.is_integer(t.value_type)) \
            and values.values.null_count == 0:  # Arrow writes these items as Python does (a null: "None")
        joined = pc.binary_join(values.cast(pa.list_(pa.large_string())), _large("; "))
        return "text", pc.if_else(pc.greater(pc.list_value_length(values), 0), joined, None)
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "text", pa.array(["; ".join(map(str, v)) if v else None for v in values.to_pylist()],
                                pa.large_string())
    raise TypeError(f"no cell for a column of {t}")


def _parts(column: pa.Array | tuple[pa.Array, ...]) -> list[tuple[str, pa.Array]]:
    return [_typed(values) for values in (column if isinstance(column, tuple) else (column,))]


def _shown_chars(kind: str, values: pa.Array) -> int | None:
    """The most characters a value shows (for the column's width); None: no value. A NaN, no
    cell, would show "nan", and a boolean "FALSE" or "TRUE": fewer than any column's least width."""
    if kind in ("text", "number"):
        return pc.max(pc.utf8_length(values)).as_py()
    if values.null_count == len(values):
        return None
    return len("FALSE") if kind == "bool" else len("dd/mm/yyyy")


def _lines(texts: pa.Array, width: int) -> pa.Array:
    """The lines each text takes wrapped in a column `width` characters wide: each of its own
    lines (at least one) as many as its characters fill. Null texts: 0."""
    parts = pc.split_pattern(texts, "\n")
    part_chars = np.maximum(pc.utf8_length(parts.values).to_numpy(), 1)
    ends = np.concatenate([[0], np.cumsum(-(-part_chars // width))])  # lines up to the end of each part
    offsets = parts.offsets.to_numpy()
    return pa.array(ends[offsets[1:]] - ends[offsets[:-1]])


def _cells(kind: str, values: pa.Array, letter: str, rows: pa.Array, width: int) -> tuple[pa.Array, pa.Array | None]:
    """The XML of the cells of column `letter`, `width` characters wide, in rows `rows` (their
    numbers as text; null: no cell), and for texts the lines of each (1 but for a text that wraps)."""
    refs = (f'<c r="{letter}', rows)  # `<c r="A12`
    if kind == "bool":
        return _join(*refs, pc.if_else(values, '" t="b"><v>1</v></c>', '" t="b"><v>0</v></c>')), None
    if kind == "number":
        return _join(*refs, '"><v>', values, "</v></c>"), None
    if kind == "date":  # an Excel date, or before Excel's calendar its ISO text
        serials = pc.add(pc.cast(values, pa.int32()), EPOCH_SERIAL)
        return pc.if_else(pc.less(values, FIRST_DAY),
                          _join(*refs, f'" s="{TEXT}" t="inlineStr"><is><t>', values, "</t></is></c>"),
                          _join(*refs, f'" s="{DATE}"><v>', serials, "</v></c>")), None
    chars = pc.utf8_length(values)
    if pc.any(long := pc.greater(chars, MAX_CELL)).as_py():
        values = pc.if_else(long, _join(pc.utf8_slice_codeunits(values, 0, MAX_CELL - 1), "…"), values)
        chars = pc.utf8_length(values)
    wrap = pc.greater(chars, width)
    style = pc.if_else(wrap, _large(f'" s="{WRAP}" t="inlineStr"><is><t xml:space="preserve">'),
                       _large(f'" s="{TEXT}" t="inlineStr"><is><t xml:space="preserve">'))
    lines = pc.if_else(wrap, _lines(values, width), 1) if pc.any(wrap).as_py() else None
    return _join(*refs, style, _xml_texts(values), "</t></is></c>"), lines


class _Sheet:
    """One worksheet, `xl/worksheets/sheetN.xml`, written to its zip entry a batch of rows at a
    time. Column widths come from the header and the first rows (`sample`, batches of them);
    a row whose text wraps is made tall enough for it."""

    def __init__(self, zf: zipfile.ZipFile, n: int, name: str, headers: list[str], sample: list[list],
                 rows: int):
        self.n, self.name, self.n_cols = n, name, len(headers)
        self.letters = [_col_name(c) for c in range(self.n_cols)]
        self.widths = [min(max(len(h) + 2, 8), 30) for h in headers]
        for columns in sample:
            for c, column in enumerate(columns):
                for kind, values in _parts(column):
                    if (chars := _shown_chars(kind, values)) is not None:
                        self.widths[c] = max(self.widths[c], min(chars + 1, 60))
        # the size of an entry is not known before it is written: past 2 GiB of XML it needs ZIP64,
        # which a sheet of up to ZIP64_ROWS rows would reach only at 21 kB of XML a row
        self.out = zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=rows > ZIP64_ROWS)
        cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{_width(w + 1)}" customWidth="1"/>'
                       for c, w in enumerate(self.widths))
        selected = ' tabSelected="1"' if n == 1 else ""
        lines = max(1, *(math.ceil(len(h) / w) for h, w in zip(headers, self.widths)))
        cells = "".join(f'<c r="{self.letters[c]}1" s="{HEADER}" t="inlineStr"><is><t>{_xml(h)}</t></is></c>'
                        for c, h in enumerate(headers))
        self.out.write((
            f'{XML}<worksheet xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
            f'<row r="1"{_height(lines)}>{cells}</row>').encode())
        self.row = 1  # rows written, the header included
        self.left_out = 0

    def add(self, columns: list[pa.Array | tuple[pa.Array, ...]]) -> None:
        """A batch of rows, given as its columns."""
        n = _length(columns)
        room = max(MAX_ROWS - 1 - self.row, 0)  # the last row is kept for the note of the rows left out
        if n > room:
            self.left_out += n - room
            columns, n = _head(columns, room), room
        if not n:
            return
        numbers = _large(pa.array(np.arange(self.row + 1, self.row + 1 + n)))
        cells, lines = [], []  # of each column
        for c, column in enumerate(columns):
            parts = []
            for kind, values in _parts(column):
                xml, text_lines = _cells(kind, values, self.letters[c], numbers, self.widths[c])
                parts.append(xml)
                if text_lines is not None:
                    lines.append(text_lines)
            cells.append(pc.coalesce(*parts) if len(parts) > 1 else parts[0])
        heights = ""
        if lines:
            tall = pc.fill_null(pc.max_element_wise(*lines), 1)
            heights = pc.if_else(pc.greater(tall, 1),
                                 _join(' ht="', pc.min_element_wise(pc.multiply(tall, 15), 409), '" customHeight="1"'),
                                 _large(""))
        rows = _join('<row r="', numbers, '"', heights, ">", *cells, "</row>", null_is_empty=True)
        self.out.write(_utf8(rows))
        self.row += n

    def finish(self, highlight: list[int] | None = None, by: int | None = None) -> None:
        """The last note row, then what follows the rows: filter, highlight and print setup."""
        last = max(self.row, 2)
        parts = []
        if self.left_out:
            note = f"… {self.left_out} dòng nữa không vừa một trang tính Excel: xem tệp CSV"
            parts.append(f'<row r="{self.row + 1}"><c r="A{self.row + 1}" s="{NOTE}" t="inlineStr">'
                         f'<is><t>{_xml(note)}</t></is></c></row>')
        parts.append(f'</sheetData><autoFilter ref="{self.filter_range()}"/>')
        if highlight and by is not None:
            formula = _xml(f"AND(ISNUMBER(${self.letters[by]}2),${self.letters[by]}2<TODAY())")
            for priority, c in enumerate(highlight, 1):
                parts.append(f'<conditionalFormatting sqref="{self.letters[c]}2:{self.letters[c]}{last}">'
                             f'<cfRule type="expression" dxfId="0" priority="{priority}">'
                             f'<formula>{formula}</formula></cfRule></conditionalFormatting>')
        parts.append(  # printed: landscape A4, across one page wide (any number of pages down)
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
        self.out.write("".join(parts).encode())
        self.out.close()

    def filter_range(self, absolute: str = "") -> str:
        """The header and the rows (the note row left out), `A1:M6364` or with `$` for a defined name."""
        a = absolute
        return f"{a}A{a}1:{a}{self.letters[-1]}{a}{self.row}"


def _length(columns: list) -> int:
    """The rows of a batch given as its columns."""
    first = columns[0]
    return len(first[0] if isinstance(first, tuple) else first)


def _head(columns: list, n: int) -> list:
    """The first `n` rows of a batch given as its columns."""
    return [tuple(v.slice(0, n) for v in c) if isinstance(c, tuple) else c.slice(0, n) for c in columns]


def _utf8(texts: pa.Array) -> pa.Buffer:
    """The texts of a large_string array one after another, as UTF-8: a view of its data
    from the first text's offset to the end of the last."""
    offsets = np.frombuffer(texts.buffers()[1], np.int64, count=len(texts) + 1, offset=8 * texts.offset)
    return texts.buffers()[2][int(offsets[0]):int(offsets[-1])]


def _col_name(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def _columns(name: str) -> list[str]:
    return [c for c in SCHEMAS[name].names if c not in LEFT_OUT]


def _batches(path: Path, columns: list[str]):
    """A Parquet table's rows, a batch (pyarrow.RecordBatch) at a time: memory stays flat."""
    if not path.exists():
        return
    pf = pq.ParquetFile(path)
    yield from pf.iter_batches(batch_size=BATCH, columns=columns)


def _document_info(out_dir: Path) -> pa.RecordBatch:
    """doc_id, number (its own), date and title of every document, each once."""
    numbers: dict[str, str] = {}
    for batch in _batches(out_dir / "references.parquet", ["doc_id", "ref", "role"]):
        own = batch.filter(pc.equal(batch["role"], "self"))
        for doc_id, ref in zip(own["doc_id"].to_pylist(), own["ref"].to_pylist()):
            numbers.setdefault(doc_id, ref)
    info = {}
    for batch in _batches(out_dir / "documents.parquet", ["doc_id", "published_date", "title"]):
        for r in batch.to_pylist():
            info.setdefault(r["doc_id"], (numbers.get(r["doc_id"]), r["published_date"], r["title"]))
    number, date, title = zip(*info.values()) if info else ((), (), ())
    return pa.record_batch({"doc_id": pa.array(list(info), pa.string()), "number": pa.array(number, pa.string()),
                            "date": pa.array(date, pa.date32()), "title": pa.array(title, pa.string())})


def _sheet_batches(out_dir: Path, name: str, cols: list[str], own: list[str], info: pa.RecordBatch):
    """The rows of a table's sheet, a batch at a time as its columns: its document's number
    (date and title) first."""
    for batch in _batches(out_dir / f"{name}.parquet", cols):
        doc = pc.index_in(batch["doc_id"], value_set=info["doc_id"])  # the row of info, null: none
        if name == "documents":
            yield [info["number"].take(doc)] + [batch[c] for c in cols]
            continue
        columns = [info[c].take(doc) for c in ("number", "date", "title")]
        for c in own:
            if c == "deadline":  # a day is a date, else the text ("2024-Q3", "2024"); in RE2, `\d`
                # and `$` are ASCII and the text's end (what Python's also took, fromisoformat refused)
                deadline = batch[c]
                day = pc.fill_null(pc.match_substring_regex(deadline, _DAY.pattern), False)
                columns.append((pc.cast(pc.if_else(day, deadline, None), pa.date32()),
                                pc.if_else(day, None, deadline)))
            else:
                columns.append(batch[c])
        if "deadline" in own:
            deadlines = pc.dictionary_encode(batch["deadline"])  # each deadline once
            columns.append(pa.array([last_day(d) for d in deadlines.dictionary.to_pylist()],
                                    pa.date32()).take(deadlines.indices))
        columns.append(batch["doc_id"])
        yield columns


STYLES = (  # cellXfs in the order of HEADER, TEXT, WRAP, DATE, NOTE (0: Excel's default); dxf 0 is the overdue highlight
    f'{XML}<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><i/><sz val="11"/><color rgb="FF6B7785"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
    ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
    '<alignment horizontal="left" vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font>'
    '<fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs></styleSheet>')


def _content_types(n_sheets: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{TYPE}.worksheet+xml"/>'
                     for n in range(1, n_sheets + 1))
    return (f'{XML}<Types xmlns="{PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>{sheets}'
            f'<Override PartName="/xl/styles.xml" ContentType="{TYPE}.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '</Types>')


def _package_rels() -> str:
    return (f'{XML}<Relationships xmlns="{PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{PACKAGE}/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>')


def _core(now: dt.datetime) -> str:
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{XML}<cp:coreProperties xmlns:cp="{PACKAGE}/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{_xml(TITLE)}</dc:title><dc:description>vanban</dc:description>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


def _workbook(sheets: list[_Sheet]) -> str:
    """The sheets in order, each with its hidden filter range (which Excel's filter expects)
    and its header row as print titles."""
    listed = "".join(f'<sheet name="{_xml(s.name)}" sheetId="{s.n}" r:id="rId{s.n}"/>' for s in sheets)
    quoted = {s.n: "'" + _xml(s.name).replace("'", "''") + "'" for s in sheets}
    filters = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.n - 1}" hidden="1">'
                      f'{quoted[s.n]}!{s.filter_range("$")}</definedName>' for s in sheets)
    titles = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{s.n - 1}">{quoted[s.n]}!$1:$1</definedName>'
                     for s in sheets)
    return (f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><bookViews><workbookView/></bookViews>'
            f'<sheets>{listed}</sheets><definedNames>{filters}{titles}</definedNames></workbook>')


def _workbook_rels(n_sheets: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                     for n in range(1, n_sheets + 1))
    return (f'{XML}<Relationships xmlns="{PACKAGE}/relationships">{sheets}'
            f'<Relationship Id="rId{n_sheets + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>')


def _headers(name: str, cols: list[str], own: list[str]) -> list[str]:
    if name == "documents":
        return [DOC_COLUMNS[0][1]] + [column_doc(name, c)[0] for c in cols]
    return ([h for _, h in DOC_COLUMNS] + [column_doc(name, c)[0] for c in own]
            + ([LAST_DAY[1]] if "deadline" in own else []) + [column_doc(name, "doc_id")[0]])


def _taken(batches, rows: int) -> list:
    """Batches from an iterator until they hold `rows` rows (or it ends)."""
    taken, n = [], 0
    while n < rows and (columns := next(batches, None)) is not None:
        taken.append(columns)
        n += _length(columns)
    return taken


def _first_rows(batches: list, rows: int) -> list:
    """The batches cut to their first `rows` rows."""
    first = []
    for columns in batches:
        first.append(_head(columns, rows))
        rows -= _length(first[-1])
    return first


def _num_rows(path: Path) -> int:
    return pq.read_metadata(path).num_rows if path.exists() else 0


def build_workbook(out_dir: Path, path: Path) -> dict[str, int]:
    """Write the workbook to `path`; returns the rows written per sheet."""
    names = [name for name in SHEETS if name in SCHEMAS]
    n_sheets = len(names) + 1
    info = _document_info(out_dir)
    written, sheets = {}, []
    # deflate level 1: the 13.5 MB of sheet XML of 500 bench texts in 0.05 s against level 6's
    # 0.15 s, for a file of 1.0 MB against 0.8
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _content_types(n_sheets))
        zf.writestr("_rels/.rels", _package_rels())
        zf.writestr("docProps/core.xml", _core(dt.datetime.now(dt.timezone.utc)))
        zf.writestr("xl/styles.xml", STYLES)
        for name in names:
            cols = _columns(name)
            own = [c for c in cols if c != "doc_id"]
            batches = _sheet_batches(out_dir, name, cols, own, info)
            held = _taken(batches, SAMPLE)
            sheet = _Sheet(zf, len(sheets) + 1, table_doc(name)[0], _headers(name, cols, own),
                           _first_rows(held, SAMPLE), _num_rows(out_dir / f"{name}.parquet"))
            for columns in itertools.chain(held, batches):
                sheet.add(columns)
            if "deadline" in own:
                by = len(DOC_COLUMNS) + len(own)
                sheet.finish(highlight=[len(DOC_COLUMNS) + own.index("deadline"), by], by=by)
            else:
                sheet.finish()
            written[sheet.name] = sheet.row - 1
            sheets.append(sheet)
        notes = [[table_doc(name)[0], c, *column_doc(name, c)] for name in names for c in SCHEMAS[name].names]
        columns = [pa.array(column, pa.string()) for column in zip(*notes)]
        sheet = _Sheet(zf, n_sheets, NOTES_SHEET, ["Bảng", "Cột", "Tên cột", "Ý nghĩa (tiếng Anh)"], [columns],
                       len(notes))
        sheet.add(columns)
        sheet.finish()
        sheets.append(sheet)
        zf.writestr("xl/workbook.xml", _workbook(sheets))
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(n_sheets))
    return written


def write_workbook(out_dir: Path) -> Path:
    """`DIR/vanban.xlsx` from the Parquet tables in DIR, moved into place when complete."""
    path = out_dir / NAME
    fd, tmp = tempfile.mkstemp(prefix=".vanban.", suffix=".xlsx", dir=out_dir)
    os.close(fd)
    try:
        build_workbook(out_dir, Path(tmp))
        publish(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
