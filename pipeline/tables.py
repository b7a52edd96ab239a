"""Records -> the contract's tables, as Parquet (canonical, typed) and CSV, atomically.

Column order and types come from `models.SCHEMAS`. CSV: UTF-8, header row, lists
joined with `;`, ISO dates, empty cell for null. Tables are written in parts (a Parquet
row group per chunk) to temporary names in the same folder and moved into place at the
end, so memory stays flat and a reader never sees half a file. Beside them go
`datapackage.json` (the published schema, `pipeline/datapackage.py`) and `vanban.xlsx`
(the workbook for Excel, `pipeline/xlsx.py`).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import datapackage
from pipeline.models import SCHEMAS


def to_arrow(name: str, columns: dict[str, list]) -> pa.Table:
    """Columns -> a table of the contract's schema (ISO date strings are cast by Arrow,
    not parsed one by one)."""
    schema = SCHEMAS[name]
    arrays = []
    for f in schema:
        values = columns[f.name]
        if pa.types.is_date32(f.type):
            values = [str(v)[:10] if v is not None and len(str(v)) >= 10 else None for v in values]
            arrays.append(pa.array(values, pa.string()).cast(pa.date32()))
        else:
            arrays.append(pa.array(values, f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _csv_cells(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column as CSV cells, converted by Arrow column-wise: lists joined with `;`,
    booleans `true`/`false`, ISO dates, empty cell for null; a cell holding a comma, a
    double quote or a line break is quoted, its quotes doubled (RFC 4180, as Python's
    csv module writes with QUOTE_MINIMAL)."""
    t = col.type
    if pa.types.is_list(t):
        col = pc.binary_join(pc.cast(col, pa.list_(pa.string())), ";")
    elif pa.types.is_boolean(t):
        col = pc.if_else(col, "true", "false")
    elif not pa.types.is_string(t):
        col = pc.cast(col, pa.string())
    col = pc.fill_null(col, "")
    if not pa.types.is_string(t) and not pa.types.is_list(t):
        return col  # numbers, dates, booleans never need quoting
    needs = pc.match_substring_regex(col, '[,"\r\n]')
    if not pc.any(needs).as_py():
        return col  # (most columns of a part: nothing to quote, so no quoted copy made)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(col, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, col)


def _csv_lines(table: pa.Table) -> str:
    """The table's rows as CSV lines, each ending in `\\n`."""
    if table.num_rows == 0:
        return ""
    cells = [_csv_cells(table.column(c)) for c in table.column_names]
    return "\n".join(pc.binary_join_element_wise(*cells, ",").to_pylist()) + "\n"


def publish(tmp: str | Path, path: Path) -> None:
    """Move a finished temporary file into place, readable by all like any new file
    (mkstemp makes owner-only files; the tables are for everyone who reads the folder)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o644 & ~mask)
    os.replace(tmp, path)


class TableWriter:
    """Writes every table in parts (Parquet row groups, CSV appends) from chunks of columns,
    so memory holds one chunk whatever the size of the run; `close()` moves the
    finished files into place together."""

    def __init__(self, out_dir: Path):
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self._tmp: list[tuple[str, Path]] = []
        self._parquet: dict[str, pq.ParquetWriter] = {}
        self._csv: dict[str, object] = {}
        for name, schema in SCHEMAS.items():
            for ext in ("parquet", "csv"):
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.{ext}.", dir=out_dir)
                os.close(fd)
                self._tmp.append((f"{name}.{ext}", Path(tmp)))
            self._parquet[name] = pq.ParquetWriter(self._tmp[-2][1], schema, compression="zstd")
            fh = open(self._tmp[-1][1], "w", encoding="utf-8", newline="")
            fh.write(",".join(schema.names) + "\n")
            self._csv[name] = fh

    def write(self, tables: dict[str, dict[str, list]]) -> None:
        """One part of every table: {table name: {column: values}}."""
        for name in SCHEMAS:
            columns = tables.get(name)
            if columns and columns["doc_id"]:
                table = to_arrow(name, columns)
                self._parquet[name].write_table(table)
                self._csv[name].write(_csv_lines(table))

    def _close_files(self) -> None:
        for name in SCHEMAS:
            self._parquet[name].close()
            self._csv[name].close()

    def close(self) -> None:
        self._close_files()
        for final, tmp in self._tmp:
            publish(tmp, self.out_dir / final)
        write_datapackage(self.out_dir)

    def abort(self) -> None:
        self._close_files()
        for _, tmp in self._tmp:
            tmp.unlink(missing_ok=True)


def write_datapackage(out_dir: Path) -> Path:
    """`DIR/datapackage.json`, the schema of the tables in the folder (same bytes every run
    of the same code)."""
    path = out_dir / datapackage.NAME
    fd, tmp = tempfile.mkstemp(prefix=".datapackage.", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(datapackage.datapackage(), ensure_ascii=False, indent=2) + "\n")
    publish(tmp, path)
    return path


def write_tables(out_dir: Path, chunks: Iterable[dict[str, dict[str, list]]]) -> None:
    """Every table from an iterable of chunks ({table name: {column: values}}), atomically,
    then `datapackage.json` and `vanban.xlsx` beside them."""
    from pipeline.xlsx import write_workbook

    writer = TableWriter(out_dir)
    try:
        for chunk in chunks:
            writer.write(chunk)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    write_workbook(out_dir)
