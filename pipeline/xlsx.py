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
below as plain text. Each sheet is written to its zip entry a batch of rows at a time and its
text cells hold their strings inline (no shared-string table to keep), so memory stays flat
however large the folder; the file goes to a temporary name moved into place when complete.
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
BATCH = 5_000         # Parquet rows read at a time
FLUSH = 500           # rows of XML held before they go to the zip entry
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


def _shown(v) -> str | None:
    """A value as the workbook shows it, for widths (dates take 10 characters)."""
    if v is None or (isinstance(v, (list, tuple)) and not v):
        return None
    if isinstance(v, bool):
        return "FALSE"
    if isinstance(v, (dt.date, dt.datetime)):
        return "dd/mm/yyyy"
    return "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# cell styles: their index in styles.xml's <cellXfs>
HEADER, TEXT, WRAP, DATE, NOTE = 1, 2, 3, 4, 5
DAY_ZERO = dt.date(1899, 12, 30).toordinal()  # Excel's serial 0 (day 60 is its 29/02/1900, so 1 March 1900 on is exact)
FIRST_DAY = dt.date(1900, 3, 1)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what XML 1.0 cannot hold
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")  # Excel reads `_x0009_` as a tab: written `_x005F_x0009_`


def _xml(text: str) -> str:
    """Text as XML content or a double-quoted attribute value, less what XML cannot hold."""
    text = _NOT_XML.sub("", text)
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _width(chars: int) -> float:
    """A column `chars` digits wide as <col width> (ECMA-376 18.3.1.13: 7-pixel digits, 5 pixels of padding)."""
    return math.trunc((chars * 7 + 5) / 7 * 256) / 256


def _height(lines: int) -> str:
    """The attributes of a row `lines` lines tall (15 points a line; 409 points: Excel's tallest row)."""
    return f' ht="{min(15 * lines, 409)}" customHeight="1"' if lines > 1 else ""


class _Sheet:
    """One worksheet, `xl/worksheets/sheetN.xml`, written to its zip entry as rows come.
    Column widths come from the header and the first rows (`sample`); a row whose text
    wraps is made tall enough for it."""

    def __init__(self, zf: zipfile.ZipFile, n: int, name: str, headers: list[str], sample: list[list],
                 rows: int):
        self.n, self.name, self.n_cols = n, name, len(headers)
        self.letters = [_col_name(c) for c in range(self.n_cols)]
        self.widths = [min(max(len(h) + 2, 8), 30) for h in headers]
        for values in sample:
            for c, v in enumerate(values):
                if (t := _shown(v)) is not None:
                    self.widths[c] = max(self.widths[c], min(len(t) + 1, 60))
        # the size of an entry is not known before it is written: past 2 GiB of XML it needs ZIP64,
        # which a sheet of up to ZIP64_ROWS rows would reach only at 21 kB of XML a row
        self.out = zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=rows > ZIP64_ROWS)
        cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{_width(w + 1)}" customWidth="1"/>'
                       for c, w in enumerate(self.widths))
        selected = ' tabSelected="1"' if n == 1 else ""
        self.out.write((
            f'{XML}<worksheet xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>').encode())
        lines = max(1, *(math.ceil(len(h) / w) for h, w in zip(headers, self.widths)))
        cells = "".join(f'<c r="{self.letters[c]}1" s="{HEADER}" t="inlineStr"><is><t>{_xml(h)}</t></is></c>'
                        for c, h in enumerate(headers))
        self.parts = [f'<row r="1"{_height(lines)}>{cells}</row>']
        self.row = 1  # rows written, the header included
        self.left_out = 0

    def add(self, values: list) -> None:
        if self.row >= MAX_ROWS - 1:
            self.left_out += 1
            return
        self.row += 1
        r, letters, widths = self.row, self.letters, self.widths
        cells, lines = [], 1
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, (list, tuple)):
                if not v:
                    continue
                v = "; ".join(map(str, v))
            if isinstance(v, str):
                if len(v) > MAX_CELL:
                    v = v[:MAX_CELL - 1] + "…"
                style = TEXT
                if len(v) > widths[c]:
                    style = WRAP
                    lines = max(lines, sum(math.ceil(max(len(part), 1) / widths[c]) for part in v.split("\n")))
                cells.append(f'<c r="{letters[c]}{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                             f'{_xml(v)}</t></is></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{letters[c]}{r}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                if math.isfinite(v):  # NaN and infinity are no Excel number: the cell stays empty
                    cells.append(f'<c r="{letters[c]}{r}"><v>{v}</v></c>')
            elif v >= FIRST_DAY:  # a date
                cells.append(f'<c r="{letters[c]}{r}" s="{DATE}"><v>{v.toordinal() - DAY_ZERO}</v></c>')
            else:  # a date before Excel's calendar: its ISO text
                cells.append(f'<c r="{letters[c]}{r}" s="{TEXT}" t="inlineStr"><is><t>{v.isoformat()}</t></is></c>')
        self.parts.append(f'<row r="{r}"{_height(lines)}>{"".join(cells)}</row>')
        if len(self.parts) >= FLUSH:
            self._flush()

    def _flush(self) -> None:
        self.out.write("".join(self.parts).encode())
        self.parts = []

    def finish(self, highlight: list[int] | None = None, by: int | None = None) -> None:
        """The last note row, then what follows the rows: filter, highlight and print setup."""
        last = max(self.row, 2)
        if self.left_out:
            note = f"… {self.left_out} dòng nữa không vừa một trang tính Excel: xem tệp CSV"
            self.parts.append(f'<row r="{self.row + 1}"><c r="A{self.row + 1}" s="{NOTE}" t="inlineStr">'
                              f'<is><t>{_xml(note)}</t></is></c></row>')
        self.parts.append(f'</sheetData><autoFilter ref="{self.filter_range()}"/>')
        if highlight and by is not None:
            formula = _xml(f"AND(ISNUMBER(${self.letters[by]}2),${self.letters[by]}2<TODAY())")
            for priority, c in enumerate(highlight, 1):
                self.parts.append(f'<conditionalFormatting sqref="{self.letters[c]}2:{self.letters[c]}{last}">'
                                  f'<cfRule type="expression" dxfId="0" priority="{priority}">'
                                  f'<formula>{formula}</formula></cfRule></conditionalFormatting>')
        self.parts.append(  # printed: landscape A4, across one page wide (any number of pages down)
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
        self._flush()
        self.out.close()

    def filter_range(self, absolute: str = "") -> str:
        """The header and the rows (the note row left out), `A1:M6364` or with `$` for a defined name."""
        a = absolute
        return f"{a}A{a}1:{a}{self.letters[-1]}{a}{self.row}"


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
    """Rows of a Parquet table as dicts, a batch at a time (memory stays flat)."""
    if not path.exists():
        return
    pf = pq.ParquetFile(path)
    for batch in pf.iter_batches(batch_size=BATCH, columns=columns):
        yield from batch.to_pylist()


def _document_info(out_dir: Path) -> dict[str, tuple]:
    """doc_id -> (own number, date, title) of every document."""
    numbers: dict[str, str] = {}
    for r in _batches(out_dir / "references.parquet", ["doc_id", "ref", "role"]):
        if r["role"] == "self" and r["doc_id"] not in numbers:
            numbers[r["doc_id"]] = r["ref"]
    info = {}
    for r in _batches(out_dir / "documents.parquet", ["doc_id", "published_date", "title"]):
        info.setdefault(r["doc_id"], (numbers.get(r["doc_id"]), r["published_date"], r["title"]))
    return info


def _sheet_rows(out_dir: Path, name: str, cols: list[str], own: list[str], info: dict[str, tuple]):
    """The rows of a table's sheet: its document's number (date and title) first."""
    for r in _batches(out_dir / f"{name}.parquet", cols):
        if name == "documents":
            yield [info.get(r["doc_id"], (None,))[0]] + [r[c] for c in cols]
            continue
        values = list(info.get(r["doc_id"], (None, None, None)))
        for c in own:
            v = r[c]
            if c == "deadline" and v and _DAY.match(v):
                v = dt.date.fromisoformat(v)
            values.append(v)
        if "deadline" in own:
            values.append(last_day(r["deadline"]))
        values.append(r["doc_id"])
        yield values


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
            rows = _sheet_rows(out_dir, name, cols, own, info)
            sample = list(itertools.islice(rows, SAMPLE))
            sheet = _Sheet(zf, len(sheets) + 1, table_doc(name)[0], _headers(name, cols, own), sample,
                           _num_rows(out_dir / f"{name}.parquet"))
            for values in itertools.chain(sample, rows):
                sheet.add(values)
            if "deadline" in own:
                by = len(DOC_COLUMNS) + len(own)
                sheet.finish(highlight=[len(DOC_COLUMNS) + own.index("deadline"), by], by=by)
            else:
                sheet.finish()
            written[sheet.name] = sheet.row - 1
            sheets.append(sheet)
        notes = [[table_doc(name)[0], c, *column_doc(name, c)] for name in names for c in SCHEMAS[name].names]
        sheet = _Sheet(zf, n_sheets, NOTES_SHEET, ["Bảng", "Cột", "Tên cột", "Ý nghĩa (tiếng Anh)"], notes, len(notes))
        for values in notes:
            sheet.add(values)
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
