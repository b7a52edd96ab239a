"""Batch import: folders of files -> workers -> catalog -> tables.

    run_batch([Path("data/raw")], Path("data/processed"), workers=2)

The main process walks each input (symlinked folders followed once, never in a loop),
skips files the catalog already holds as they are now (path, size, mtime) from the same
code and rules (`RuleSet.version`: edit a rules file and every file is read again), and
hands the others out in small batches. A worker (`process_jobs`) reads a file, opens it
if it is a zip archive, and returns one `Done` per document. The main process records
them in input order, so the catalog, the duplicate decisions and the
tables are the same whatever the number of workers or the engine: every file ends as
exactly one `documents` row, ok, empty, duplicate (same bytes as a document read before
it) or failed (with the reason). Results are committed every half second; the tables are
rebuilt from the catalog, a part at a time, only when something changed, so a re-run
over the same input leaves them byte-identical.

Engines: `local` (worker processes on this machine; 1 worker runs in-process) and `dask`
(a Dask distributed cluster, workers reading the inputs from shared storage).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import select
import signal
import stat
import time
import zipfile
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.catalog import Catalog, FileRecord, encode_rows
from pipeline.citations import Targets
from pipeline.config import LIMITS
from pipeline.ingest import sniff
from pipeline.ingest.archive import expand_zip
from pipeline.ingest.names import distinct, fs_name, raw_unless_utf8
from pipeline.models import SCHEMA_VERSION, SCHEMAS, TABLE_NAMES
from pipeline.process import Outcome, content_id, format_name, process_bytes
from pipeline.rules import RuleSet, load_rules
from pipeline.same import link
from pipeline.tables import write_tables

SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}
FILES_PER_TASK = 8       # files handed to a worker at a time (fewer round trips)
TASKS_IN_FLIGHT = 4      # per worker: enough to keep it busy, few enough to keep memory flat


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str                 # relative to its input root, `/`-separated, readable text
    source_raw: bytes | None = None  # the path's bytes when they are not the UTF-8 of `source`
    refusal: str | None = None  # why it is not read (not a regular file); None: read it


@dataclass(frozen=True)
class Job:
    """One input file for a worker: where to read it and what the catalog calls it."""
    path: str
    source: str
    size: int
    mtime_ns: int
    source_raw: bytes | None = None
    refusal: str | None = None


@dataclass(frozen=True)
class Done:
    """One document's outcome as a worker returns it (archives give one per entry): the
    outcome without its rows, which come encoded for the catalog in `blob`."""
    source: str
    outcome: Outcome
    size: int | None
    mtime_ns: int | None
    blob: bytes | None = None
    source_raw: bytes | None = None


@dataclass(frozen=True)
class JobResult:
    job: Job
    docs: tuple[Done, ...]
    archive_sha: str | None = None  # set when the file was a zip archive


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
    workers: int = 1
    engine: str = "local"
    total: int | None = None  # files to look at, when counted first
    files_done: int = 0       # files recorded or found unchanged


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _refusal(path: Path) -> str | None:
    """Why a directory entry is not read as a file (None: it is a regular file, or a link
    to one). Named pipes, devices and sockets are never opened: reading them would wait
    forever (a FIFO) or never end (`/dev/zero`)."""
    try:
        st = os.stat(path)
    except OSError as e:
        if path.is_symlink():
            return f"broken link: {os.readlink(path)!r} cannot be opened ({e.strerror or e})"
        return f"cannot read the file: {e.strerror or e}"
    if stat.S_ISREG(st.st_mode):
        return None
    kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
    if path.is_symlink():
        target, _ = fs_name(os.path.realpath(path))
        return f"not a regular file: a link to {kind} ({target}); not read"
    return f"not a regular file: {kind}; not read"


class _Names:
    """Readable sources for the paths of one input root. A name that is not UTF-8 reads as
    its best Vietnamese decoding (`ingest.names`); when that reads like another file's name
    (the UTF-8 name beside it, or another legacy name), it gets a `~hash` suffix."""

    def __init__(self, root: Path):
        self.root = root  # the folder the names are relative to
        self.legacy: set[str] = set()

    def __call__(self, rel: str) -> tuple[str, bytes | None]:
        source, raw = fs_name(rel)
        if raw is None:
            return source, None
        if source in self.legacy or os.path.lexists(os.path.join(self.root, source)):
            source = distinct(source, raw)
        self.legacy.add(source)
        return source, raw


def input_base(roots: list[Path]) -> Path:
    """The folder every `source` is relative to: the one input folder itself; with a file,
    or with several inputs, the deepest folder holding them all (`r1/qd.txt`, `r2/qd.txt`),
    so two inputs never give two files one name."""
    if len(roots) == 1 and Path(roots[0]).is_dir():
        return Path(roots[0])
    folders = [os.path.abspath(r if Path(r).is_dir() else Path(r).parent) for r in roots]
    return Path(os.path.commonpath(folders))


def _relative(path: Path, base: Path) -> str:
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return Path(rel).as_posix() if rel != "." else Path(os.path.abspath(base)).name


def walk_inputs(roots: list[Path]) -> Iterator[InputFile]:
    """Every directory entry under each root in a stable order (symlinked folders followed,
    a loop entered once only); entries that are not regular files come with a refusal. An
    entry met twice (a folder given twice, or inside another input) comes once."""
    base = input_base(roots)
    names = _Names(base)
    visited: set[tuple[int, int]] = set()
    sources: set[str] = set()

    def once(path: Path, refusal: Callable[[Path], str | None] | str | None = _refusal) -> Iterator[InputFile]:
        source, raw = names(_relative(path, base))
        if source in sources:
            return
        sources.add(source)
        yield InputFile(path, source, raw, refusal(path) if callable(refusal) else refusal)

    for root in roots:
        root = Path(root)
        if not root.is_dir():
            yield from once(root)
            continue
        unreadable: list[OSError] = []  # folders os.walk could not list: a row each, not silence
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable.append):
            for path, why in _unreadable_folders(root, unreadable):
                yield from once(path, why)
            try:
                st = os.stat(dirpath)
            except OSError as e:
                unreadable.append(e)
                continue
            key = (st.st_dev, st.st_ino)
            if key in visited:
                dirnames[:] = []
                continue
            visited.add(key)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name in SKIP_NAMES or name.startswith("."):
                    continue
                yield from once(Path(dirpath) / name)
        for path, why in _unreadable_folders(root, unreadable):
            yield from once(path, why)


def _unreadable_folders(root: Path, errors: list[OSError]) -> Iterator[tuple[Path, str]]:
    while errors:
        e = errors.pop(0)
        path = Path(os.fsdecode(e.filename)) if e.filename is not None else root
        yield path, f"cannot read the folder: {e.strerror or e}; the files in it are not imported"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# -- worker side: bytes -> outcomes (no catalog, no printing) --------------------------

def _failed(source: str, key: str, error: str, fmt: str, raw: bytes | None = None,
            status: str = "failed") -> Done:
    doc_id, sha = content_id(f"{key}\n{error}".encode("utf-8", "surrogateescape"))
    return Done(source, Outcome(doc_id, sha, status, error, fmt), None, None, source_raw=raw)


def _done(source: str, o: Outcome, size: int | None, mtime_ns: int | None, raw: bytes | None = None) -> Done:
    """What goes back to the main process: the reader's metadata (not its blocks) and the
    rows encoded for the catalog."""
    blob = encode_rows(o.rows) if o.rows else None
    light = dataclasses.replace(o, rows={}, raw=dataclasses.replace(o.raw, blocks=()) if o.raw else None)
    return Done(source, light, size, mtime_ns, blob, raw)


class TooLarge(Exception):
    pass


def read_file(path: str, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` (TooLarge past it). Opened without blocking
    and checked after opening, so a file replaced by a FIFO or a device since the walk
    cannot hang or flood the worker."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
            raise OSError(f"not a regular file: {kind}")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge
    return data


def _archive_docs(data: bytes, source: str, depth: int, rules: RuleSet, raw: bytes | None) -> list[Done]:
    """One Done per entry; `raw` is the archive's own path as bytes (None: UTF-8 `source`)."""
    try:
        entries = expand_zip(data)
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        return [_failed(source, content_id(data)[1], f"archive is damaged: {e}", "zip", raw)]
    if not entries:
        return [_failed(source, content_id(data)[1], "the archive holds no files", "zip", raw, "empty")]
    out: list[Done] = []
    for e in entries:
        name = f"{source}/{e.name}" if e.name else source
        name_raw = raw_unless_utf8(name, (raw or source.encode()) + b"/" + (e.raw or e.name.encode())) \
            if e.name else raw
        is_zip = e.data is not None and sniff(e.data) == "zip"
        if e.data is None:
            out.append(_failed(name, name, e.error or "unreadable archive entry", "zip", name_raw))
        elif is_zip and depth < LIMITS.max_archive_depth:
            out.extend(_archive_docs(e.data, name, depth + 1, rules, name_raw))
        elif is_zip:
            out.append(_failed(name, content_id(e.data)[1], "archive nested too deep", "zip", name_raw))
        else:
            out.append(_done(name, process_bytes(e.name, e.data, name, rules), len(e.data), None, name_raw))
    return out


def process_job(job: Job, rules: RuleSet) -> JobResult:
    too_large = f"file is larger than {LIMITS.max_file_bytes // 2**20} MB"
    if job.refusal:
        return JobResult(job, (_failed(job.source, job.source, job.refusal, "", job.source_raw),))
    if job.size > LIMITS.max_file_bytes:
        return JobResult(job, (_failed(job.source, f"{job.source}:{job.size}", too_large, "", job.source_raw),))
    try:
        data = read_file(job.path, LIMITS.max_file_bytes)
    except TooLarge:
        return JobResult(job, (_failed(job.source, f"{job.source}:{job.size}", too_large, "", job.source_raw),))
    except OSError as e:
        return JobResult(job, (_failed(job.source, job.source, f"cannot read the file: {e.strerror or e}", "",
                                       job.source_raw),))
    if sniff(data) == "zip":
        return JobResult(job, tuple(_archive_docs(data, job.source, 1, rules, job.source_raw)), content_id(data)[1])
    o = process_bytes(Path(job.path).name, data, job.source, rules)
    return JobResult(job, (_done(job.source, o, job.size, job.mtime_ns, job.source_raw),))


def _worker_rules(rules_dir: str | None) -> RuleSet:
    """The rules in a worker: loaded and compiled once per process (load_rules caches)."""
    return load_rules(Path(rules_dir)) if rules_dir else load_rules()


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be reached."""


class WorkerMismatch(RuntimeError):
    """A worker whose code or rules differ from the run's: its results would be recorded
    under a version that did not make them."""


def process_jobs(jobs: list[Job], rules_dir: str | None = None, version: str | None = None) -> list[JobResult]:
    """A worker's task. `version` is the run's `RuleSet.version`: a Dask worker on another
    machine with another vanban or other rules refuses the work instead of mixing results."""
    rules = _worker_rules(rules_dir)
    if version is not None and rules.version != version:
        import socket
        raise WorkerMismatch(f"worker on {socket.gethostname()} runs vanban {rules.version} (rules {rules.dir}), "
                             f"the run {version}: install the same vanban and rules on every machine")
    return [process_job(j, rules) for j in jobs]


def _descendants(pid: int) -> list[int]:
    """Processes below `pid` (children first), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _end_worker() -> None:
    """The run is over: end what this worker started (LibreOffice, Tesseract), then itself."""
    for pid in _descendants(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    os._exit(1)


def _watch_run(run_pid: int) -> None:
    """A worker ends when the run's main process ends, however it ends (kill -9 too).
    Without this the workers wait forever on their task queue (they hold its write end
    themselves), and the forkserver and the resource tracker, which end when the last
    worker does, stay with them. Two guards: PR_SET_PDEATHSIG (the kernel kills this
    worker when its parent, the forkserver, dies) and a thread that waits on a pidfd of
    the main process (polling it once a second where pidfds are missing)."""
    import threading

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        try:
            fd = os.pidfd_open(run_pid)
        except ProcessLookupError:
            _end_worker()
            return
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable once the process has ended
        else:
            while True:
                try:
                    os.kill(run_pid, 0)
                except ProcessLookupError:
                    break
                except OSError:
                    pass
                time.sleep(1.0)
        _end_worker()

    threading.Thread(target=watch, name="vanban-watch-run", daemon=True).start()


def _warm(rules_dir: str | None, run_pid: int | None = None) -> None:
    """Worker start-up: signals, watch the run's main process (`_watch_run`); load the rules
    and build the spaCy matcher before the first document."""
    # Ctrl-C reaches every process of the terminal's group: the main process stops the run
    # (and then the workers, with SIGTERM); a worker prints nothing of it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: _end_worker())
    if run_pid is not None:
        _watch_run(run_pid)
    from pipeline.extract.agencies import find_agencies
    find_agencies("Sở Nội vụ", _worker_rules(rules_dir).extract)


# -- engines: run batches of jobs, yield results in submission order -------------------

def _batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for j in jobs:
        batch.append(j)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ordered(submit: Callable[[list[Job]], object], result: Callable[[object], list[JobResult]],
             batches: Iterable[list[Job]], window: int) -> Iterator[JobResult]:
    """Submit batches with at most `window` in flight; yield their results in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


def run_local(jobs: Iterable[Job], rules: RuleSet, workers: int) -> Iterator[JobResult]:
    if workers <= 1:
        for job in jobs:
            yield process_job(job, rules)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("forkserver") if "forkserver" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_warm, initargs=(str(rules.dir), os.getpid()))
    try:
        yield from _ordered(lambda b: pool.submit(process_jobs, b, str(rules.dir), rules.version),
                            lambda f: f.result(),
                            _batches(jobs, FILES_PER_TASK), workers * TASKS_IN_FLIGHT)
    except BaseException:
        # Ctrl-C, or the run stopped otherwise: end the workers now rather than wait for the
        # documents they are reading (an OCR can take minutes); what was recorded is kept
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()  # SIGTERM: the worker ends its LibreOffice or Tesseract, then itself
        raise
    pool.shutdown(wait=True)


def run_dask(jobs: Iterable[Job], rules: RuleSet, scheduler: str | None, workers: int) -> Iterator[JobResult]:
    """The same batches on a Dask cluster: `scheduler` is its address (tcp://host:8786),
    or None for a LocalCluster of `workers` processes. Workers read the files from the
    paths given, so inputs must sit on storage every worker sees at the same path."""
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        client = Client(scheduler or cluster)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler {scheduler or 'of the local cluster'}: {e}") from None
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield from _ordered(lambda b: client.submit(process_jobs, b, str(rules.dir), rules.version, pure=False),
                            lambda f: f.result(), _batches(jobs, FILES_PER_TASK), n * TASKS_IN_FLIGHT)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- main side: catalog bookkeeping ----------------------------------------------------

def _record(o: Outcome, source: str, size: int | None, mtime_ns: int | None, dup_of: str | None,
            source_raw: bytes | None = None) -> FileRecord:
    raw = o.raw
    return FileRecord(
        source=source, doc_id=o.doc_id, sha256=o.sha256, size=size, mtime_ns=mtime_ns,
        status="duplicate" if dup_of else o.status, error=o.error if not dup_of else None,
        format=o.format, reader=raw.reader if raw else None, encoding=raw.encoding if raw else None,
        n_pages=raw.n_pages if raw else None, ocr_pages=raw.ocr_pages if raw else (), duplicate_of=dup_of,
        source_raw=source_raw, twin=o.twin)


class Recorder:
    """Writes what the workers return into the catalog, one document at a time."""

    def __init__(self, catalog: Catalog, report: BatchReport, on_file: Callable[[str, str], None], version: str):
        self.catalog = catalog
        self.report = report
        self.on_file = on_file
        self.version = version  # RuleSet.version: results of another version are not current

    def add(self, res: JobResult) -> None:
        for d in res.docs:
            self._doc(d)
        if res.archive_sha:
            self.catalog.record_archive(res.job.source, res.archive_sha, res.job.size, res.job.mtime_ns,
                                        self.version)

    def _doc(self, d: Done) -> None:
        o = d.outcome
        if self.catalog.current(d.source) == (o.sha256, self.version):
            if d.size is not None and d.mtime_ns is not None:
                self.catalog.touch(d.source, d.size, d.mtime_ns)
            self.report.skipped += 1
            self.on_file(d.source, "unchanged")
            return
        # only a readable document is a copy of another; an empty or broken file keeps its
        # own status and reason, however many times it comes
        dup_of = self.catalog.original_of(o.sha256, d.source) if o.status == "ok" else None
        if dup_of:
            o = Outcome(o.doc_id, o.sha256, "duplicate", None, o.format)
        self.catalog.record(_record(o, d.source, d.size, d.mtime_ns, dup_of, d.source_raw), self.version,
                            None if dup_of else d.blob, _now())
        self.report.processed += 1
        self.report.by_status[o.status] += 1
        if o.status == "failed" and o.error:
            self.report.failures.append((d.source, o.error))
        self.on_file(d.source, o.status)


def _new_chunk() -> dict[str, dict[str, list]]:
    return {name: {col: [] for col in SCHEMAS[name].names} for name in TABLE_NAMES}


def table_chunks(catalog: Catalog, docs_per_chunk: int = 200) -> Iterator[dict[str, dict[str, list]]]:
    """All tables from the catalog in path order, as columns, a few hundred documents at a time."""
    twins = list(catalog.twins())
    same_as = link(twins)
    targets = Targets(twins, same_as)  # references.target_doc_id (pipeline/citations.py)
    chunk, n = _new_chunk(), 0
    for f, res in catalog.documents():
        res = res if f["status"] in ("ok", "empty", "duplicate") else None
        info = (res or {}).get("document", {})  # a duplicate shows its original's kind, title, ...
        row = {
            "doc_id": f["doc_id"], "source": f["source"], "format": f["format"], "status": f["status"],
            "error": f["error"], "kind": info.get("kind", "other"), "title": info.get("title"),
            "published_date": info.get("published_date"), "issuer": info.get("issuer"),
            "n_chars": info.get("n_chars", 0), "schema_version": SCHEMA_VERSION,
            "duplicate_of": f["duplicate_of"], "reader": f["reader"], "encoding": f["encoding"],
            "n_pages": f["n_pages"], "ocr_pages": f["ocr_pages"], "size_bytes": f["size"],
            "ocr_confidence": info.get("ocr_confidence"), "ocr_page_confidences": info.get("ocr_page_confidences") or [],
            "blank_pages": info.get("blank_pages") or [],
            "source_raw": f["source_raw"].hex() if f["source_raw"] else None,
            "same_as": same_as.get(f["doc_id"]) if f["status"] in ("ok", "duplicate") else None,
            "province": info.get("province"), "province_2025": info.get("province_2025"),
        }
        for col, values in chunk["documents"].items():
            values.append(row[col])
        if f["status"] == "ok" and res:
            for name in TABLE_NAMES[1:]:
                part = res.get(name) or {}
                size = len(next(iter(part.values()), ()))
                if name == "references" and size:
                    part = {**part, "target_doc_id": targets.column(f["doc_id"], part)}
                if size:
                    cols = chunk[name]
                    cols["doc_id"].extend([f["doc_id"]] * size)
                    for col in SCHEMAS[name].names[1:]:
                        cols[col].extend(part.get(col) or [None] * size)
        n += 1
        if n == docs_per_chunk:
            yield chunk
            chunk, n = _new_chunk(), 0
    yield chunk


def _jobs(roots: list[Path], catalog: Catalog, report: BatchReport, on_file: Callable[[str, str], None],
          progress: Callable[[BatchReport], None], version: str) -> Iterator[Job]:
    for f in walk_inputs(roots):
        report.seen += 1
        report.by_format[f.path.suffix.lower().lstrip(".") or "(none)"] += 1
        if f.refusal:
            yield Job(str(f.path), f.source, 0, 0, f.source_raw, f.refusal)  # its row says why
            continue
        try:
            st = f.path.stat()
        except OSError:
            yield Job(str(f.path), f.source, 0, 0, f.source_raw)  # the worker reports why it cannot be read
            continue
        if catalog.unchanged(f.source, st.st_size, st.st_mtime_ns, version) or \
                catalog.archive_unchanged(f.source, st.st_size, st.st_mtime_ns, version):
            report.skipped += 1
            report.files_done += 1
            on_file(f.source, "unchanged")
            progress(report)
            continue
        yield Job(str(f.path), f.source, st.st_size, st.st_mtime_ns, f.source_raw)


def run_batch(roots: list[Path], out_dir: Path, rules: RuleSet | None = None,
              on_file: Callable[[str, str], None] | None = None, workers: int = 1,
              engine: str = "local", scheduler: str | None = None,
              progress: Callable[[BatchReport], None] | None = None) -> BatchReport:
    """Import `roots` into `out_dir`. `on_file(source, status)` hears of each document,
    `progress(report)` of each file done; with `progress`, the files are counted first."""
    start = time.perf_counter()
    rules = rules or load_rules()
    report = BatchReport(workers=workers, engine=engine)
    on_file = on_file or (lambda source, status: None)
    if progress is not None:
        report.total = sum(1 for _ in walk_inputs(roots))
    progress = progress or (lambda r: None)
    catalog = Catalog(out_dir)
    try:
        jobs = _jobs(roots, catalog, report, on_file, progress, rules.version)
        results = run_dask(jobs, rules, scheduler, workers) if engine == "dask" else run_local(jobs, rules, workers)
        recorder = Recorder(catalog, report, on_file, rules.version)
        for res in results:
            recorder.add(res)
            report.files_done += 1
            progress(report)
        have_tables = all((out_dir / f"{n}.parquet").exists() for n in TABLE_NAMES)
        if report.processed or not have_tables:
            write_tables(out_dir, table_chunks(catalog))
            report.tables_written = True
    finally:
        catalog.close()
    report.seconds = time.perf_counter() - start
    return report
