"""The catalog: every file seen, when, with which result, in SQLite inside the output folder.

It is what makes imports repeatable: a file whose path, size and modification time
are unchanged since it was processed by this pipeline version is not read again; a
file whose bytes are already known under another path is a duplicate; results are
committed at least every half second (and when the catalog closes), whole documents at a
time, so a batch killed midway resumes where it stopped: a document whose result was not
committed yet is simply read again, none is lost or counted twice.
"""
from __future__ import annotations

import json
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import orjson
import zstandard

from pipeline.same import Twin

CATALOG_NAME = "catalog.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY,      -- path relative to the input root (archive entries: zip path/entry), readable
    doc_id TEXT NOT NULL,
    sha256 TEXT,
    size INTEGER,
    mtime_ns INTEGER,
    status TEXT NOT NULL,
    error TEXT,
    format TEXT,
    reader TEXT,
    encoding TEXT,
    n_pages INTEGER,
    ocr_pages TEXT,               -- JSON list
    duplicate_of TEXT,
    pipeline_version TEXT NOT NULL,
    seq INTEGER NOT NULL,         -- order of first import
    processed_at TEXT NOT NULL,
    source_raw BLOB,              -- the path's bytes when they are not the UTF-8 of `source` (a legacy name)
    twin_number TEXT,             -- own number, issuer, issue date, text MinHash: see pipeline/same.py
    twin_issuer TEXT,
    twin_date TEXT,
    minhash BLOB
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE INDEX IF NOT EXISTS files_seq ON files(seq);
CREATE INDEX IF NOT EXISTS files_doc ON files(doc_id);
CREATE TABLE IF NOT EXISTS archives (
    source TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, mtime_ns INTEGER, pipeline_version TEXT
);
CREATE TABLE IF NOT EXISTS results (
    doc_id TEXT PRIMARY KEY,
    pipeline_version TEXT NOT NULL,
    rows BLOB NOT NULL            -- zstd-compressed JSON: `document` fields, table name -> columns
);
"""


@dataclass(frozen=True)
class FileRecord:
    source: str
    doc_id: str
    sha256: str | None
    size: int | None
    mtime_ns: int | None
    status: str
    error: str | None
    format: str | None
    reader: str | None = None
    encoding: str | None = None
    n_pages: int | None = None
    ocr_pages: tuple[int, ...] = ()
    duplicate_of: str | None = None
    source_raw: bytes | None = None  # the path's bytes, when `source` is not exactly their UTF-8
    twin: Twin | None = None


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def encode_rows(rows: dict) -> bytes:
    """A document's result (`process.rows_for`: its `document` fields and each table's
    columns) as the catalog stores it: JSON, zstd-compressed; made in the workers, so the
    main process only writes. (orjson and zstd: the stdlib's json and zlib took 8%
    of a run's time.)"""
    return zstandard.compress(orjson.dumps(rows, option=orjson.OPT_SORT_KEYS), 1)


def _rows(stored: bytes | str) -> dict:
    """A result as stored: zstd-compressed JSON (older catalogs: zlib-compressed JSON or
    plain JSON text, and a list of row objects per table, which is turned into columns here)."""
    if isinstance(stored, bytes):
        stored = zstandard.decompress(stored) if stored.startswith(_ZSTD_MAGIC) else zlib.decompress(stored)
    res = orjson.loads(stored)
    if not isinstance(res.get("document"), list):
        return res
    out: dict = {"document": res["document"][0] if res["document"] else {}}
    for name, rows in res.items():
        if name != "document":
            out[name] = {k: [r.get(k) for r in rows] for k in (rows[0] if rows else {}) if k != "doc_id"}
    return out


class Catalog:
    def __init__(self, out_dir: Path):
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / CATALOG_NAME
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(files)")}
        for name, kind in (("source_raw", "BLOB"), ("twin_number", "TEXT"), ("twin_issuer", "TEXT"),
                           ("twin_date", "TEXT"), ("minhash", "BLOB")):
            if name not in columns:  # a catalog made by an earlier vanban
                self.db.execute(f"ALTER TABLE files ADD COLUMN {name} {kind}")
        self._committed = time.monotonic()

    COMMIT_EVERY = 0.5  # seconds

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def _written(self) -> None:
        """A document's statements are all made: commit if the last commit is old enough
        (a commit per document costs more than reading a small text)."""
        if time.monotonic() - self._committed >= self.COMMIT_EVERY:
            self.db.commit()
            self._committed = time.monotonic()

    # -- lookups ---------------------------------------------------------------
    def unchanged(self, source: str, size: int, mtime_ns: int, version: str) -> bool:
        row = self.db.execute("SELECT size, mtime_ns, pipeline_version FROM files WHERE source=?",
                              (source,)).fetchone()
        return row == (size, mtime_ns, version)

    def archive_unchanged(self, source: str, size: int, mtime_ns: int, version: str) -> bool:
        row = self.db.execute("SELECT size, mtime_ns, pipeline_version FROM archives WHERE source=?",
                              (source,)).fetchone()
        return row == (size, mtime_ns, version)

    def current(self, source: str) -> tuple[str, str] | None:
        """(sha256, pipeline_version) recorded for a path."""
        return self.db.execute("SELECT sha256, pipeline_version FROM files WHERE source=?", (source,)).fetchone()

    def original_of(self, sha256: str, source: str) -> str | None:
        """The path first read successfully with these bytes, other than `source`."""
        row = self.db.execute(
            "SELECT source FROM files WHERE sha256=? AND source<>? AND status='ok' ORDER BY seq LIMIT 1",
            (sha256, source)).fetchone()
        return row[0] if row else None

    # -- writes, committed together at least every COMMIT_EVERY seconds ----------------
    def record(self, rec: FileRecord, version: str, blob: bytes | None, now: str) -> None:
        """One file's row, and its result rows as `encode_rows` made them (None: no result)."""
        try:
            if blob is not None:
                self.db.execute("INSERT OR REPLACE INTO results VALUES (?,?,?)", (rec.doc_id, version, blob))
            old = self.db.execute("SELECT seq, doc_id FROM files WHERE source=?", (rec.source,)).fetchone()
            seq = (old[0],) if old else self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM files").fetchone()
            t = rec.twin or Twin(None, None, None, None)
            d = {**vars(rec), "ocr_pages": json.dumps(list(rec.ocr_pages)),  # asdict() deep-copies: slow
                 "twin_number": t.number, "twin_issuer": t.issuer, "twin_date": t.date, "minhash": t.minhash}
            self.db.execute(
                "INSERT OR REPLACE INTO files (source, doc_id, sha256, size, mtime_ns, status, error, format, reader,"
                " encoding, n_pages, ocr_pages, duplicate_of, pipeline_version, seq, processed_at, source_raw,"
                " twin_number, twin_issuer, twin_date, minhash)"
                " VALUES (:source,:doc_id,:sha256,:size,:mtime_ns,:status,:error,:format,:reader,:encoding,"
                ":n_pages,:ocr_pages,:duplicate_of,:version,:seq,:now,:source_raw,"
                ":twin_number,:twin_issuer,:twin_date,:minhash)",
                {**d, "version": version, "seq": seq[0], "now": now})
            if old and old[1] != rec.doc_id:  # the path now holds other bytes: drop the old result if orphaned
                self.db.execute("DELETE FROM results WHERE doc_id=? AND NOT EXISTS "
                                "(SELECT 1 FROM files WHERE doc_id=?)", (old[1], old[1]))
        except BaseException:
            self.db.rollback()  # nothing half-written is kept; documents since the last commit are read again
            raise
        self._written()

    def touch(self, source: str, size: int, mtime_ns: int) -> None:
        self.db.execute("UPDATE files SET size=?, mtime_ns=? WHERE source=?", (size, mtime_ns, source))
        self._written()

    def record_archive(self, source: str, sha256: str, size: int, mtime_ns: int, version: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO archives VALUES (?,?,?,?,?)",
                        (source, sha256, size, mtime_ns, version))
        self._written()

    # -- reading everything back ----------------------------------------------------
    def twins(self) -> Iterator[tuple[str, Twin]]:
        """Each readable document once (its first path), in import order, with its Twin."""
        seen: set[str] = set()
        for doc_id, number, issuer, date, sig in self.db.execute(
                "SELECT doc_id, twin_number, twin_issuer, twin_date, minhash FROM files "
                "WHERE status='ok' ORDER BY seq"):
            if doc_id not in seen:
                seen.add(doc_id)
                yield doc_id, Twin(number, issuer, date, sig)

    def documents(self, batch: int = 500) -> Iterator[tuple[dict, dict | None]]:
        """Every file in path order with its result rows (None when it has none), read a
        batch at a time so memory stays flat however large the catalog."""
        cur = self.db.execute("SELECT files.*, results.rows AS result FROM files "
                              "LEFT JOIN results ON results.doc_id = files.doc_id ORDER BY files.source")
        names = [c[0] for c in cur.description]
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                return
            for row in rows:
                d = dict(zip(names, row))
                result = d.pop("result")
                d["ocr_pages"] = json.loads(d["ocr_pages"] or "[]")
                yield d, (_rows(result) if result else None)
