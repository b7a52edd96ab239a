"""Batch import: folders of files -> catalog -> tables.

    run_batch([Path("data/raw")], Path("data/processed"))

Walks each input recursively (symlinked folders are followed once, never in a loop),
opens zip archives, and processes each file not already in the catalog as it is now.
Every file ends as exactly one `documents` row: ok, empty, duplicate (same bytes as a
file imported before it) or failed (with the reason). The tables are rebuilt from the
catalog only when something changed, so a re-run over the same input leaves them
byte-identical.
"""
from __future__ import annotations

import datetime as dt
import os
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from pipeline.catalog import Catalog, FileRecord
from pipeline.config import LIMITS, PIPELINE_VERSION
from pipeline.ingest import sniff
from pipeline.ingest.archive import Entry, expand_zip
from pipeline.models import SCHEMA_VERSION, TABLE_NAMES
from pipeline.process import Outcome, content_id, format_name, process_bytes
from pipeline.rules import RuleSet, load_rules
from pipeline.tables import write_tables

SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # relative to its input root, `/`-separated


@dataclass
class BatchReport:
    seen: int = 0
    processed: int = 0
    skipped: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_format: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    tables_written: bool = False
    seconds: float = 0.0


def walk_inputs(roots: list[Path]) -> Iterator[InputFile]:
    """Files under each root in a stable order; a symlink loop is entered once only."""
    for root in roots:
        root = Path(root)
        if root.is_file():
            yield InputFile(root, root.name)
            continue
        visited: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
            if key in visited:
                dirnames[:] = []
                continue
            visited.add(key)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name in SKIP_NAMES or name.startswith("."):
                    continue
                path = Path(dirpath) / name
                if path.is_file():
                    yield InputFile(path, path.relative_to(root).as_posix())


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _record(o: Outcome, source: str, size: int | None, mtime_ns: int | None, dup_of: str | None) -> FileRecord:
    raw = o.raw
    return FileRecord(
        source=source, doc_id=o.doc_id, sha256=o.sha256, size=size, mtime_ns=mtime_ns,
        status="duplicate" if dup_of else o.status, error=o.error if not dup_of else None,
        format=o.format, reader=raw.reader if raw else None, encoding=raw.encoding if raw else None,
        n_pages=raw.n_pages if raw else None, ocr_pages=raw.ocr_pages if raw else (), duplicate_of=dup_of)


class Importer:
    def __init__(self, out_dir: Path, rules: RuleSet, on_file: Callable[[str, str], None] | None = None):
        self.catalog = Catalog(out_dir)
        self.rules = rules
        self.report = BatchReport()
        self.on_file = on_file or (lambda source, status: None)

    def _done(self, source: str, status: str, error: str | None = None) -> None:
        self.report.processed += 1
        self.report.by_status[status] += 1
        if error and status == "failed":
            self.report.failures.append((source, error))
        self.on_file(source, status)

    def import_bytes(self, name: str, data: bytes, source: str, size: int | None, mtime_ns: int | None) -> None:
        doc_id, sha = content_id(data)
        if self.catalog.current(source) == (sha, PIPELINE_VERSION):
            self.catalog.touch(source, size, mtime_ns)
            self.report.skipped += 1
            return
        dup_of = self.catalog.original_of(sha, source)
        if dup_of:
            o = Outcome(doc_id, sha, "duplicate", None, format_name(sniff(data)))
            self.catalog.record(_record(o, source, size, mtime_ns, dup_of), PIPELINE_VERSION, None, _now())
            self._done(source, "duplicate")
            return
        o = process_bytes(name, data, source, self.rules)
        self.catalog.record(_record(o, source, size, mtime_ns, None), PIPELINE_VERSION, o.rows or None, _now())
        self._done(source, o.status, o.error)

    def import_error(self, source: str, key: str, error: str, fmt: str) -> None:
        doc_id, sha = content_id(f"{key}\n{error}".encode())
        if self.catalog.current(source) == (sha, PIPELINE_VERSION):
            self.report.skipped += 1
            return
        o = Outcome(doc_id, sha, "failed", error, fmt)
        self.catalog.record(_record(o, source, None, None, None), PIPELINE_VERSION, None, _now())
        self._done(source, "failed", error)

    def import_archive(self, data: bytes, source: str, depth: int) -> None:
        try:
            entries = expand_zip(data)
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            self.import_error(source, content_id(data)[1], f"archive is damaged: {e}", "zip")
            return
        if not entries:
            self.import_error(source, content_id(data)[1], "archive holds no files", "zip")
            return
        for e in entries:
            self.import_entry(e, f"{source}/{e.name}" if e.name else source, depth)

    def import_entry(self, e: Entry, source: str, depth: int) -> None:
        if e.data is None:
            self.import_error(source, source, e.error or "unreadable archive entry", "zip")
            return
        is_zip = sniff(e.data) == "zip"
        if is_zip and depth < LIMITS.max_archive_depth:
            self.import_archive(e.data, source, depth + 1)
        elif is_zip:
            self.import_error(source, content_id(e.data)[1], "archive nested too deep", "zip")
        else:
            self.import_bytes(e.name, e.data, source, len(e.data), None)

    def import_file(self, f: InputFile) -> None:
        self.report.seen += 1
        try:
            st = f.path.stat()
            self.report.by_format[f.path.suffix.lower().lstrip(".") or "(none)"] += 1
            if self.catalog.unchanged(f.source, st.st_size, st.st_mtime_ns, PIPELINE_VERSION) or \
                    self.catalog.archive_unchanged(f.source, st.st_size, st.st_mtime_ns, PIPELINE_VERSION):
                self.report.skipped += 1
                return
            if st.st_size > LIMITS.max_file_bytes:
                self.import_error(f.source, f"{f.source}:{st.st_size}",
                                  f"file is larger than {LIMITS.max_file_bytes // 2**20} MB", "")
                return
            data = f.path.read_bytes()
        except OSError as e:
            self.import_error(f.source, f.source, f"cannot read the file: {e.strerror or e}", "")
            return
        if sniff(data) == "zip":
            self.import_archive(data, f.source, 1)
            self.catalog.record_archive(f.source, content_id(data)[1], st.st_size, st.st_mtime_ns, PIPELINE_VERSION)
        else:
            self.import_bytes(f.path.name, data, f.source, st.st_size, st.st_mtime_ns)


def assemble_tables(catalog: Catalog) -> dict[str, list[dict]]:
    """All tables from the catalog, in a stable order."""
    results = catalog.results()
    tables: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    for f in catalog.files():
        res = results.get(f["doc_id"]) if f["status"] in ("ok", "empty") else None
        info = (res or {}).get("document", [{}])[0]
        tables["documents"].append({
            "doc_id": f["doc_id"], "source": f["source"], "format": f["format"], "status": f["status"],
            "error": f["error"], "kind": info.get("kind", "other"), "title": info.get("title"),
            "published_date": info.get("published_date"), "issuer": info.get("issuer"),
            "n_chars": info.get("n_chars", 0), "schema_version": SCHEMA_VERSION,
            "duplicate_of": f["duplicate_of"], "reader": f["reader"], "encoding": f["encoding"],
            "n_pages": f["n_pages"], "ocr_pages": f["ocr_pages"], "size_bytes": f["size"],
        })
        if f["status"] != "ok" or not res:
            continue
        for name in TABLE_NAMES[1:]:
            tables[name].extend(res.get(name, []))
    return tables


def run_batch(roots: list[Path], out_dir: Path, rules: RuleSet | None = None,
              on_file: Callable[[str, str], None] | None = None) -> BatchReport:
    start = time.perf_counter()
    imp = Importer(out_dir, rules or load_rules(), on_file)
    try:
        for f in walk_inputs(roots):
            imp.import_file(f)
        have_tables = all((out_dir / f"{n}.parquet").exists() for n in TABLE_NAMES)
        if imp.report.processed or not have_tables:
            write_tables(out_dir, assemble_tables(imp.catalog))
            imp.report.tables_written = True
    finally:
        imp.catalog.close()
    imp.report.seconds = time.perf_counter() - start
    return imp.report
