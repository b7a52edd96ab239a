"""vanban.xlsx: written with every run, three typed sheets that match the Parquet tables,
and a file LibreOffice converts."""
from __future__ import annotations

import csv
import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import models, tables, xlsx
from pipeline.batch import run_batch
from pipeline.config import RAW_DIR
from pipeline.tables import write_tables

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the test extras (make setup)")

SAMPLES = sorted(p for p in RAW_DIR.iterdir() if p.suffix in (".txt", ".html"))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("xlsx")
    src = tmp / "src"
    src.mkdir()
    for p in SAMPLES:
        shutil.copy(p, src / p.name)
    shutil.copy(SAMPLES[0], src / "copy.txt")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 10)
    run_batch([src], tmp / "out")
    return tmp / "out"


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_run_writes_the_three_sheets_with_vietnamese_headers_and_the_tables_rows(out):
    wb = openpyxl.load_workbook(out / "vanban.xlsx")
    assert wb.sheetnames[:3] == ["Nhiệm vụ", "Văn bản", "Số liệu"]
    for sheet, table in (("Nhiệm vụ", "tasks"), ("Văn bản", "documents"), ("Số liệu", "counts")):
        rows = _rows(wb[sheet])
        assert len(rows) - 1 == pq.read_metadata(out / f"{table}.parquet").num_rows > 0, sheet
        assert wb[sheet].freeze_panes == "A2" and wb[sheet].auto_filter.ref.startswith("A1:")
    head = _rows(wb["Nhiệm vụ"])[0]
    assert head[:3] == ("Số, ký hiệu văn bản", "Ngày văn bản", "Tiêu đề văn bản")
    assert {"Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Hạn cuối"} <= set(head)
    assert "start" not in head and "rule" not in head
    assert _rows(wb["Văn bản"])[0][:3] == ("Số, ký hiệu văn bản", "Mã văn bản", "Tệp")


def test_cells_are_typed_dates_numbers_and_joined_lists(out):
    wb = openpyxl.load_workbook(out / "vanban.xlsx")
    rows = _rows(wb["Nhiệm vụ"])
    col = {h: i for i, h in enumerate(rows[0])}
    tasks = pq.read_table(out / "tasks.parquet").to_pylist()
    assert [r[col["Nội dung nhiệm vụ"]] for r in rows[1:]] == [t["description"] for t in tasks]
    by_deadline = {r[col["Thời hạn (nguyên văn)"]]: r for r in rows[1:]}
    day = by_deadline["hoàn thành trước ngày 30/9/2024"]
    assert day[col["Thời hạn"]] == dt.datetime(2024, 9, 30) and day[col["Hạn cuối"]] == dt.datetime(2024, 9, 30)
    assert day[col["Cơ quan phối hợp"]] == "Văn phòng Ủy ban nhân dân tỉnh; Sở Tư pháp"
    quarter = by_deadline["hoàn thành trong quý III/2024"]
    assert quarter[col["Thời hạn"]] == "2024-Q3" and quarter[col["Hạn cuối"]] == dt.datetime(2024, 9, 30)
    qd = [r for r in rows[1:] if r[col["Số, ký hiệu văn bản"]] == "215/QĐ-UBND"]
    assert qd and qd[0][col["Ngày văn bản"]] == dt.datetime(2024, 1, 18)
    cell = wb["Nhiệm vụ"].cell(row=1 + rows.index(day), column=1 + col["Thời hạn"])
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"

    counts = _rows(wb["Số liệu"])
    ccol = {h: i for i, h in enumerate(counts[0])}
    assert all(isinstance(r[ccol["Số lượng"]], int) for r in counts[1:])
    docs = _rows(wb["Văn bản"])
    dcol = {h: i for i, h in enumerate(docs[0])}
    failed = [r for r in docs[1:] if r[dcol["Trạng thái"]] == "failed"]
    assert len(failed) == 1 and failed[0][dcol["Lỗi"]]
    assert all(isinstance(r[dcol["Dung lượng (byte)"]], int) for r in docs[1:])


def test_overdue_deadlines_are_highlighted_by_a_formula_against_today(out):
    ws = openpyxl.load_workbook(out / "vanban.xlsx")["Nhiệm vụ"]
    head = _rows(ws)[0]
    last = openpyxl.utils.get_column_letter(head.index("Hạn cuối") + 1)
    deadline = openpyxl.utils.get_column_letter(head.index("Thời hạn") + 1)
    rules = [(str(cf.sqref), r.formula) for cf in ws.conditional_formatting for r in cf.rules]
    assert {ref.split(":")[0] for ref, _ in rules} == {f"{deadline}2", f"{last}2"}
    assert all(f[0] == f"AND(ISNUMBER(${last}2),${last}2<TODAY())" for _, f in rules)


def _libreoffice_csv(path: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as LibreOffice Calc opens it and shows it: {sheet name: rows}."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice is not installed (make setup installs it)")
    outdir = tmp_path / "csv"
    # UTF-8, cells as shown, every sheet to its own file (the last option, -1); Writer alone (no
    # Calc) cannot load a workbook: make setup installs Calc. A file it would have to repair does
    # not load in headless mode: no output, "could not be loaded"
    res = subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
                          "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                          "--outdir", str(outdir), str(path)], capture_output=True, text=True, timeout=180)
    assert res.returncode == 0 and "could not be loaded" not in res.stderr + res.stdout, res.stderr
    return {p.stem.removeprefix(path.stem + "-"): list(csv.reader(open(p, encoding="utf-8", newline="")))
            for p in outdir.glob("*.csv")}


def _as_shown(v) -> str:
    """A cell's value as a spreadsheet shows it with the workbook's formats."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        return v.strftime("%d/%m/%Y")
    return str(v)


def test_libreoffice_opens_the_workbook_and_shows_every_cell_openpyxl_reads(out, tmp_path):
    sheets = _libreoffice_csv(out / "vanban.xlsx", tmp_path)
    wb = openpyxl.load_workbook(out / "vanban.xlsx")
    assert sorted(sheets) == sorted(wb.sheetnames)
    for ws in wb.worksheets:
        assert sheets[ws.title] == [[_as_shown(v) for v in row] for row in ws.iter_rows(values_only=True)], ws.title
    rows = sheets["Nhiệm vụ"]
    assert rows[0][0] == "Số, ký hiệu văn bản"
    assert len(rows) - 1 == pq.read_metadata(out / "tasks.parquet").num_rows
    assert "30/09/2024" in {c for r in rows for c in r}


def test_last_day_of_a_deadline():
    assert xlsx.last_day("2024-02") == dt.date(2024, 2, 29)
    assert xlsx.last_day("2024-Q4") == dt.date(2024, 12, 31)
    assert xlsx.last_day("2025") == dt.date(2025, 12, 31)
    assert xlsx.last_day("2024-06-15") == dt.date(2024, 6, 15)
    assert xlsx.last_day("2024-02-30") is None and xlsx.last_day(None) is None


def _chunk(schemas: dict[str, pa.Schema], n_tasks: int) -> dict[str, dict[str, list]]:
    chunk = {name: {c: [] for c in s.names} for name, s in schemas.items()}
    doc = {"doc_id": "a" * 16, "source": "x.txt", "format": "txt", "status": "ok", "kind": "plan",
           "title": "Kế hoạch thử", "published_date": "2024-01-02", "n_chars": 10, "schema_version": "1.0"}
    for c, values in chunk["documents"].items():
        values.append(doc.get(c))
    for i in range(n_tasks):
        task = {"doc_id": "a" * 16, "description": f"việc {i}", "lead": "Sở Tư pháp", "co": [],
                "deadline": "2099-12-31", "source": "text", "start": i, "end": i + 1, "rule": "t", "section": "II", "team": "II"}
        for c, values in chunk["tasks"].items():
            values.append(task.get(c))
    return chunk


def test_a_column_added_to_schemas_appears_in_the_sheet_and_a_sheet_stops_at_excels_row_limit(tmp_path, monkeypatch):
    schemas = {**models.SCHEMAS, "tasks": models.SCHEMAS["tasks"].append(pa.field("team", pa.string()))}
    for mod in (tables, xlsx, tables.datapackage):
        monkeypatch.setattr(mod, "SCHEMAS", schemas)
    monkeypatch.setitem(models.COLUMN_DOCS, "tasks", {**models.COLUMN_DOCS["tasks"],
                                                      "team": ("Tổ", "The team the task is given to.")})
    monkeypatch.setattr(xlsx, "MAX_ROWS", 6)
    write_tables(tmp_path, [_chunk(schemas, 8)])
    rows = _rows(openpyxl.load_workbook(tmp_path / "vanban.xlsx")["Nhiệm vụ"])
    assert "Tổ" in rows[0] and rows[1][rows[0].index("Tổ")] == "II"
    assert len(rows) == 6 and rows[-1][0].startswith("… 4 dòng nữa")  # header, 4 tasks, the note: 6 rows at most


def test_text_with_xml_special_and_control_characters_and_a_cell_past_excels_limit(tmp_path, monkeypatch):
    schemas = {**models.SCHEMAS, "tasks": models.SCHEMAS["tasks"].append(pa.field("urgent", pa.bool_()))}
    for mod in (tables, xlsx, tables.datapackage):
        monkeypatch.setattr(mod, "SCHEMAS", schemas)
    monkeypatch.setitem(models.COLUMN_DOCS, "tasks", {**models.COLUMN_DOCS["tasks"],
                                                      "urgent": ("Khẩn", "Whether the task is urgent.")})
    chunk = _chunk(schemas, 6)
    texts = ["a < b && c > d, \"quoted\" ]]> <tag/>",     # what XML escapes
             "tab\there\nnext line, bell\x07, vt\x0b, nul\x00 gone",  # control characters XML cannot hold
             "_x0041_ is not an A",                         # Excel's own escape, written literally
             "  padded  ",                                  # spaces kept at both ends
             "đ" * 40_000,                                  # past Excel's 32,767 characters
             "=1+1"]                                        # text, not a formula
    chunk["tasks"]["description"] = texts
    chunk["tasks"]["urgent"] = [True, False, None, True, False, True]
    chunk["documents"]["title"] = ["Kế hoạch <số 1> & phụ lục"]
    chunk["documents"]["ocr_confidence"] = [0.875]
    chunk["documents"]["ocr_page_confidences"] = [[0.75, 1.0]]
    write_tables(tmp_path, [chunk])
    path = tmp_path / "vanban.xlsx"
    with zipfile.ZipFile(path) as zf:  # every part is well-formed XML
        for name in zf.namelist():
            ElementTree.fromstring(zf.read(name))
        assert b"_x005F_x0041_ is not an A" in zf.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(path)["Nhiệm vụ"]
    rows = _rows(ws)
    col = {h: i for i, h in enumerate(rows[0])}
    got = [r[col["Nội dung nhiệm vụ"]] for r in rows[1:]]
    assert got[0] == texts[0] and got[1] == "tab\there\nnext line, bell, vt, nul gone" and got[3] == "  padded  "
    assert len(got[4]) == xlsx.MAX_CELL and got[4].endswith("đ…") and got[5] == "=1+1"
    assert [r[col["Khẩn"]] for r in rows[1:]] == [True, False, None, True, False, True]
    assert rows[1][col["Tiêu đề văn bản"]] == "Kế hoạch <số 1> & phụ lục"
    assert ws.row_dimensions[6].height == 409  # the long cell's row (the fifth task): as tall as Excel allows
    docs = _rows(openpyxl.load_workbook(path)["Văn bản"])
    doc = dict(zip(docs[0], docs[1]))
    pages = models.column_doc("documents", "ocr_page_confidences")[0]
    assert doc["Tiêu đề"] == "Kế hoạch <số 1> & phụ lục" and doc["Độ tin cậy OCR"] == 0.875 and doc[pages] == "0.75; 1.0"

    sheets = _libreoffice_csv(path, tmp_path)
    shown = sheets["Nhiệm vụ"]
    assert [r[col["Nội dung nhiệm vụ"]] for r in shown[1:]] == [got[0], got[1], "_x0041_ is not an A", *got[3:]]
    assert [r[col["Khẩn"]] for r in shown[1:]] == ["TRUE", "FALSE", "", "TRUE", "FALSE", "TRUE"]
    shown_doc = dict(zip(*sheets["Văn bản"][:2]))
    assert shown_doc["Tiêu đề"] == doc["Tiêu đề"] and shown_doc["Độ tin cậy OCR"] == "0.875"


def _cells_by_header(xml: str) -> dict[str, dict[int, str]]:
    """A sheet's XML as {header: {row: the XML of its cell in the column}}."""
    columns: dict[str, dict[int, str]] = {}
    for cell, letter, row in re.findall(r'(<c r="([A-Z]+)([0-9]+)".*?</c>)', xml, re.DOTALL):
        columns.setdefault(letter, {})[int(row)] = cell
    headers = re.findall(r'<c r="([A-Z]+)1" s="1" t="inlineStr"><is><t>(.*?)</t>', xml)
    return {html.unescape(h): columns[letter] for letter, h in headers}


def test_the_xml_of_cells_escaped_wrapped_typed_or_left_out(tmp_path):
    """The exact XML of the cells with a rule of their own: escapes, what XML cannot hold,
    Excel's own escape, wrapping and row heights, dates before Excel's calendar, deadlines that
    are days or not, NaN, lists, empty texts and no value."""
    chunk = _chunk(models.SCHEMAS, 6)
    chunk["tasks"]["description"] = ['a < b & "c" > d',                          # XML's escapes
                                     "tab\there, bell\x07, U+FFFE\ufffe gone",  # XML cannot hold all: dropped
                                     "_x0009_ and _\x01x0041_",                  # Excel's escape, even past \x01
                                     "x" * 70 + "\ny",                           # 60 wide: two lines and one
                                     "",                                         # an empty text is a cell
                                     None]                                       # no value, no cell
    chunk["tasks"]["deadline"] = ["1899-12-31", "2024-Q3", "2024-09-30", None, "", "2025"]
    chunk["tasks"]["co"] = [[], ["Sở Tư pháp", "Sở Y tế"], None, [], [], []]
    # no control character in the column: U+FFFF is found apart, and U+FEFF (XML holds it) is kept
    chunk["tasks"]["lead"] = ["Sở Tư pháp\uffff", "Sở Y tế", "", None, "\ufeffSở Nội vụ", "Sở Tài chính"]
    chunk["documents"]["published_date"] = ["1900-02-28"]
    chunk["documents"]["ocr_confidence"] = [float("nan")]
    chunk["documents"]["ocr_page_confidences"] = [[0.75, 1.0]]
    chunk["documents"]["ocr_pages"] = [[1, 2]]
    write_tables(tmp_path, [chunk])
    with zipfile.ZipFile(tmp_path / "vanban.xlsx") as zf:
        tasks_xml, docs_xml = (zf.read(f"xl/worksheets/sheet{n}.xml").decode() for n in (1, 2))
    tasks, docs = _cells_by_header(tasks_xml), _cells_by_header(docs_xml)
    text = '" s="2" t="inlineStr"><is><t xml:space="preserve">'
    early = '" s="2" t="inlineStr"><is><t>'  # a date before 1 March 1900: its ISO text

    def column(cells: dict[int, str]) -> list[str | None]:
        """The cells of rows 2 to 7, each without its reference (`<c r="E2`)."""
        return [re.sub(r'^<c r="[A-Z]+[0-9]+', "", cells[r]) if r in cells else None for r in range(2, 8)]

    assert column(tasks["Nội dung nhiệm vụ"]) == [
        f"{text}a &lt; b &amp; &quot;c&quot; &gt; d</t></is></c>",
        f"{text}tab\there, bell, U+FFFE gone</t></is></c>",
        f"{text}_x005F_x0009_ and _x005F_x0041_</t></is></c>",
        f'" s="3" t="inlineStr"><is><t xml:space="preserve">{"x" * 70}\ny</t></is></c>',
        f"{text}</t></is></c>",
        None]
    assert '<row r="5" ht="45" customHeight="1">' in tasks_xml and '<row r="4">' in tasks_xml
    assert column(tasks["Thời hạn"]) == [
        f"{early}1899-12-31</t></is></c>", f"{text}2024-Q3</t></is></c>",
        '" s="4"><v>45565</v></c>',  # 30/09/2024
        None, f"{text}</t></is></c>", f"{text}2025</t></is></c>"]
    assert column(tasks["Hạn cuối"]) == [
        f"{early}1899-12-31</t></is></c>", '" s="4"><v>45565</v></c>', '" s="4"><v>45565</v></c>', None, None,
        '" s="4"><v>46022</v></c>']  # 31/12/2025
    assert column(tasks["Cơ quan chủ trì"])[:5] == [
        f"{text}Sở Tư pháp</t></is></c>", f"{text}Sở Y tế</t></is></c>", f"{text}</t></is></c>", None,
        f"{text}\ufeffSở Nội vụ</t></is></c>"]
    assert column(tasks["Cơ quan phối hợp"])[:3] == [None, f"{text}Sở Tư pháp; Sở Y tế</t></is></c>", None]
    assert column(tasks["Ngày văn bản"])[0] == f"{early}1900-02-28</t></is></c>"

    def title(c: str) -> str:
        return models.column_doc("documents", c)[0]

    assert column(docs[title("ocr_confidence")])[0] is None  # NaN: no Excel number
    assert column(docs[title("ocr_pages")])[0] == f"{text}1; 2</t></is></c>"
    assert column(docs[title("ocr_page_confidences")])[0] == f"{text}0.75; 1.0</t></is></c>"
    assert column(docs[title("n_chars")])[0] == '"><v>10</v></c>' and column(docs[title("size_bytes")])[0] is None


def _arrow_peak(folder: Path) -> int:
    """Arrow's peak memory writing the workbook of a folder (where its batches of rows are made
    XML, which tracemalloc does not see), in a process of its own: Arrow's peak is a process's."""
    code = ("import sys; from pathlib import Path; import pyarrow as pa; from pipeline import xlsx; "
            f"xlsx.BATCH, xlsx.SAMPLE = {xlsx.BATCH}, {xlsx.SAMPLE}; "
            "xlsx.build_workbook(Path(sys.argv[1]), Path(sys.argv[1]) / 'arrow.xlsx'); "
            "print(pa.default_memory_pool().max_memory())")
    path = os.pathsep.join([str(Path(xlsx.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])
    res = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": path})
    assert res.returncode == 0, res.stderr
    return int(res.stdout)


def test_memory_stays_flat_as_the_sheets_grow(tmp_path, monkeypatch):
    """Each sheet goes to the zip a batch of rows at a time: four times the tasks, about the same
    peak of Python's memory, and Arrow's grows by far less than the XML of the rows added."""
    monkeypatch.setattr(xlsx, "BATCH", 500)  # Parquet rows read, made XML and written at a time
    monkeypatch.setattr(xlsx, "SAMPLE", 200)  # rows held to set the widths
    peaks, arrow_peaks, xml = [], [], []
    for n in (2_000, 8_000):
        folder = tmp_path / str(n)
        # written as a run writes them, a row group a chunk (Parquet's reader holds a row group's
        # column chunk: one group of all the rows would grow Arrow's peak by itself)
        write_tables(folder, [_chunk(models.SCHEMAS, 500) for _ in range(n // 500)])
        tracemalloc.start()
        written = xlsx.build_workbook(folder, folder / "again.xlsx")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert written["Nhiệm vụ"] == n
        arrow_peaks.append(_arrow_peak(folder))
        with zipfile.ZipFile(folder / "again.xlsx") as zf:
            xml.append(zf.getinfo("xl/worksheets/sheet1.xml").file_size)
    assert peaks[1] < 1.3 * peaks[0], peaks
    assert arrow_peaks[1] - arrow_peaks[0] < (xml[1] - xml[0]) / 10, (arrow_peaks, xml)
