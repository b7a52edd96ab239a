"""Records -> the contract's tables, as Parquet (canonical, typed) and CSV, atomically.

Column order and types come from `models.SCHEMAS`. CSV: UTF-8, header row, lists
joined with `;`, ISO dates, empty cell for null. Each file is written to a temporary
name in the same folder and moved into place, so a reader never sees half a file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.models import SCHEMAS


def _coerce(value, typ: pa.DataType):
    if value is None:
        return None
    if pa.types.is_date32(typ):
        return dt.date.fromisoformat(str(value)[:10]) if len(str(value)) >= 10 else None
    return value


def to_arrow(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    columns = {f.name: [_coerce(r.get(f.name), f.type) for r in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(out_dir: Path, name: str, rows: list[dict]) -> None:
    table = to_arrow(name, rows)
    _atomic_write(out_dir / f"{name}.parquet", lambda tmp: pq.write_table(table, tmp, compression="zstd"))

    def write_csv(tmp: str) -> None:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(table.column_names)
        for row in table.to_pylist():
            w.writerow([_csv_cell(row[c]) for c in table.column_names])
        Path(tmp).write_text(buf.getvalue(), encoding="utf-8")

    _atomic_write(out_dir / f"{name}.csv", write_csv)


def write_tables(out_dir: Path, tables: dict[str, list[dict]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        write_table(out_dir, name, tables.get(name, []))
