"""The command line: the only place that prints.

    vanban run SRC... [--out DIR] [--workers N] [--engine local|dask --scheduler tcp://HOST:PORT]
                                      import documents, write the tables
    vanban report DIR [--lang vi|en]  DIR/report.html (in Vietnamese, or English) and DIR/vanban.duckdb
    vanban show DIR                   summary of an output folder

No command prints a traceback for a user's mistake or a bad file: one line on stderr
and an exit code (`EXIT_*`, listed in the README's Commands section). Set VANBAN_DEBUG=1
to see the traceback of an internal error.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.config import PIPELINE_VERSION, PROCESSED_DIR

EXIT_OK = 0
EXIT_INTERNAL = 1     # a bug in vanban (the line says so; VANBAN_DEBUG=1 shows the traceback)
EXIT_USAGE = 2        # the command was wrong: bad arguments, no such input, a folder without tables, a rules error
EXIT_DATA = 3         # the output folder cannot be used: a damaged table or catalog, no permission, disk full
EXIT_CLUSTER = 4      # the Dask scheduler cannot be reached, or its workers run other code or rules
EXIT_INTERRUPTED = 130  # Ctrl-C (what was recorded is kept; run again to finish)
EXIT_BROKEN_PIPE = 141  # the reader of the output went away (`vanban show | head`)


class Failure(Exception):
    """A command cannot go on: `message` is the one line the user reads, `code` the exit code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def _os_failure(e: OSError, doing: str) -> Failure:
    where = f" {os.fsdecode(e.filename)}" if e.filename else ""
    return Failure(EXIT_DATA, f"cannot {doing}{where}: {e.strerror or e}")


def _tables_dir(path: str) -> Path:
    """An output folder that holds the tables, or a Failure that says what to do."""
    out = Path(path)
    if not out.exists():
        raise Failure(EXIT_USAGE, f"no such folder: {out}")
    if not out.is_dir():
        raise Failure(EXIT_USAGE, f"{out} is a file, not an output folder")
    if not (out / "documents.parquet").exists():
        raise Failure(EXIT_USAGE, f"{out} holds no tables; run `vanban run SRC --out {out}` first")
    return out


def _summary(report, out_dir: Path) -> str:
    lines = [f"vanban {PIPELINE_VERSION}: {report.seen} files seen, {report.processed} processed, "
             f"{report.skipped} unchanged, in {report.seconds:.1f} s ({report.engine}, {report.workers} workers)"]
    if report.by_format:
        lines.append("  by format: " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_format.items())))
    if report.by_status:
        lines.append("  this run:  " + ", ".join(f"{k} {v}" for k, v in sorted(report.by_status.items())))
    for source, error in report.failures[:20]:
        lines.append(f"  failed: {source}: {error}")
    if len(report.failures) > 20:
        lines.append(f"  ... and {len(report.failures) - 20} more failures (see documents.csv)")
    lines.append(f"  tables {'written to' if report.tables_written else 'unchanged in'} {out_dir}/")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.batch import ClusterError, WorkerMismatch, run_batch
    from pipeline.rules import RulesError, load_rules

    try:
        rules = load_rules()
    except RulesError as e:
        raise Failure(EXIT_USAGE, f"rules error: {e}") from None
    missing = [s for s in args.src if not os.path.lexists(s)]
    if missing:
        raise Failure(EXIT_USAGE, f"no such input: {', '.join(map(str, missing))}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise Failure(EXIT_USAGE, f"--out {out} is a file, not a folder")
    from pipeline.ingest.names import fs_name, is_utf8

    if not is_utf8(os.fsencode(out.resolve())):  # inputs may have any name; Arrow and DuckDB write UTF-8 paths only
        raise Failure(EXIT_USAGE, f"--out {fs_name(str(out))[0]}: the output folder's path is not UTF-8 "
                                  "(a legacy-encoded name); choose a UTF-8 name for it")

    def on_file(source: str, status: str) -> None:
        if args.verbose:
            print(f"  {status:9} {source}", flush=True)

    progress = None if args.quiet or args.verbose else Progress(sys.stderr)
    try:
        report = run_batch([Path(s) for s in args.src], out, rules, on_file, workers=args.workers,
                           engine=args.engine, scheduler=args.scheduler, progress=progress)
        if report.tables_written:
            from pipeline.duck import write_duckdb
            write_duckdb(out)
    except (ClusterError, WorkerMismatch) as e:
        raise Failure(EXIT_CLUSTER, str(e)) from None
    except KeyboardInterrupt:
        raise Failure(EXIT_INTERRUPTED, "interrupted; what was recorded is kept: run the same command "
                                        "again to finish") from None
    except sqlite3.DatabaseError as e:
        raise Failure(EXIT_DATA, f"the catalog {out / 'catalog.sqlite'} cannot be used: {e}") from None
    except OSError as e:
        raise _os_failure(e, "write") from None
    finally:
        if progress is not None:
            progress.close()
    if not args.quiet:
        print(_summary(report, out))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.duck import write_duckdb
    from pipeline.report import write_report

    out = _tables_dir(args.dir)
    try:
        db = write_duckdb(out)
        page = write_report(out, lang=args.lang)
    except Exception as e:
        raise _tables_failure(e, out, "write") from None
    print(f"report: {page}\ndatabase: {db}")
    return EXIT_OK


class Progress:
    """A live bar (files done / total, docs/s, ETA, failures) on a terminal; a plain line
    every `every` seconds otherwise, for logs."""

    def __init__(self, stream, every: float = 10.0):
        self.stream = stream
        self.every = every
        self.tty = stream.isatty()
        self.bar = None
        self.start = time.perf_counter()
        self.last = self.start

    def __call__(self, report) -> None:
        failed = report.by_status.get("failed", 0)
        if self.tty:
            if self.bar is None:
                from tqdm import tqdm
                self.bar = tqdm(total=report.total, unit="file", file=self.stream, dynamic_ncols=True,
                                desc="vanban", smoothing=0.1)
            self.bar.n = report.files_done
            self.bar.set_postfix(failed=failed, refresh=False)
            self.bar.refresh()
            return
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            rate = report.files_done / max(now - self.start, 1e-9)
            left = (report.total or 0) - report.files_done
            eta = f", ETA {left / rate:.0f} s" if rate > 0 and report.total else ""
            print(f"vanban: {report.files_done}/{report.total} files, {rate:.1f} files/s{eta}, "
                  f"{failed} failed", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_show(args: argparse.Namespace) -> int:
    import pyarrow.parquet as pq

    out = _tables_dir(args.dir)
    try:
        path = out / "documents.parquet"
        have = set(pq.read_schema(path).names)
        docs = pq.read_table(path, columns=[c for c in ("source", "status", "format", "kind", "error", "same_as")
                                            if c in have]).to_pylist()
        sizes = {name: pq.read_metadata(out / f"{name}.parquet").num_rows
                 for name in ("references", "dates", "agencies", "tasks", "counts")
                 if (out / f"{name}.parquet").exists()}
    except Exception as e:
        raise _tables_failure(e, out, "read") from None
    print(f"{out}: {len(docs)} documents")
    for col in ("status", "format", "kind"):
        c = Counter(d[col] for d in docs)
        print(f"  {col:7} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: str(kv[0]))))
    readable = [d for d in docs if d["status"] in ("ok", "duplicate")]
    unique = sum(1 for d in readable if d["status"] == "ok" and not d.get("same_as"))
    dups = sum(1 for d in readable if d["status"] == "duplicate")
    print(f"  unique  {unique} documents in {len(readable)} readable files ({dups} byte copies, "
          f"{len(readable) - unique - dups} other copies of the same document: documents.same_as)")
    for name, n in sizes.items():
        print(f"  {name:10} {n} rows")
    for d in docs:
        if d["status"] == "failed":
            print(f"  failed: {d['source']}: {d['error']}")
    return EXIT_OK


def _tables_failure(e: Exception, out: Path, verb: str) -> Exception:
    """The one-line failure for an error met reading or writing an output folder's tables;
    any other error is returned as it is (a bug: exit 1)."""
    if isinstance(e, OSError):
        return _os_failure(e, verb)
    if _is_data_error(e):
        return Failure(EXIT_DATA, f"the tables in {out} cannot be read (damaged, or not written by vanban): "
                                  f"{_one_line(e)}")
    return e


def _is_data_error(e: Exception) -> bool:
    """A table or database file that is damaged or not what vanban wrote (pyarrow, DuckDB)."""
    import pyarrow as pa

    return isinstance(e, (pa.ArrowException, sqlite3.DatabaseError)) or "duckdb" in type(e).__module__


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return n


def _safe_streams() -> None:
    """Print any path, even one whose name is not UTF-8 (undecodable bytes as \\x escapes)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="vanban", description="Vietnamese decision texts into tables")
    ap.add_argument("--version", action="version", version=f"vanban {PIPELINE_VERSION}")
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="import documents and write the tables")
    run.add_argument("src", nargs="+", help="files or folders to import (recursively; zip archives opened)")
    run.add_argument("--out", default=str(PROCESSED_DIR), help="output folder (default data/processed)")
    run.add_argument("-v", "--verbose", action="store_true", help="print each file as it is done")
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing on success (no progress)")
    run.add_argument("-w", "--workers", type=_positive, default=os.cpu_count() or 1,
                     help="worker processes (default: all cores; 1 runs in this process)")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local worker processes, or a Dask distributed cluster")
    run.add_argument("--scheduler", help="Dask scheduler address, tcp://HOST:PORT (default: a LocalCluster)")
    run.set_defaults(func=cmd_run)
    rep = sub.add_parser("report", help="write DIR/report.html and DIR/vanban.duckdb")
    rep.add_argument("dir", nargs="?", default=str(PROCESSED_DIR))
    rep.add_argument("--lang", choices=("vi", "en"), default="vi",
                     help="language of the report: vi (Vietnamese, the default) or en (English)")
    rep.set_defaults(func=cmd_report)
    show = sub.add_parser("show", help="summarise an output folder")
    show.add_argument("dir", nargs="?", default=str(PROCESSED_DIR))
    show.set_defaults(func=cmd_show)
    _safe_streams()
    args = ap.parse_args(argv)  # a usage error: argparse prints usage and one line, exit 2
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is caught below
        return code
    except Failure as e:
        print(f"vanban: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away: nothing more to say, and nothing to flush at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as e:
        if os.environ.get("VANBAN_DEBUG"):
            raise
        print(f"vanban: internal error: {type(e).__name__}: {_one_line(e)} (a bug in vanban; "
              "VANBAN_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
