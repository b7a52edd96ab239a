"""The command line: the only place that prints.

    vanban run SRC... [--out DIR] [--workers N] [--engine local|dask --scheduler tcp://HOST:PORT]
                                      import documents, write the tables
    vanban report DIR [--lang vi|en]  DIR/report.html (in Vietnamese, or English) and DIR/vanban.duckdb
    vanban show DIR                   summary of an output folder
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.config import PIPELINE_VERSION, PROCESSED_DIR


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
    from pipeline.batch import run_batch
    from pipeline.rules import RulesError, load_rules

    try:
        rules = load_rules()
    except RulesError as e:
        print(f"vanban: rules error: {e}", file=sys.stderr)
        return 2
    missing = [s for s in args.src if not Path(s).exists()]
    if missing:
        print(f"vanban: no such input: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2

    def on_file(source: str, status: str) -> None:
        if args.verbose:
            print(f"  {status:9} {source}", flush=True)

    progress = None if args.quiet or args.verbose else Progress(sys.stderr)
    try:
        report = run_batch([Path(s) for s in args.src], Path(args.out), rules, on_file, workers=args.workers,
                           engine=args.engine, scheduler=args.scheduler, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if report.tables_written:
        from pipeline.duck import write_duckdb
        write_duckdb(Path(args.out))
    if not args.quiet:
        print(_summary(report, Path(args.out)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.duck import write_duckdb
    from pipeline.report import write_report

    out = Path(args.dir)
    if not (out / "documents.parquet").exists():
        print(f"vanban: {out} holds no tables; run `vanban run SRC --out {out}` first", file=sys.stderr)
        return 2
    db = write_duckdb(out)
    page = write_report(out, lang=args.lang)
    print(f"report: {page}\ndatabase: {db}")
    return 0


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

    out = Path(args.dir)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    print(f"{out}: {len(docs)} documents")
    for col in ("status", "format", "kind"):
        c = Counter(d[col] for d in docs)
        print(f"  {col:7} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: str(kv[0]))))
    for name in ("references", "dates", "agencies", "tasks", "counts"):
        path = out / f"{name}.parquet"
        if path.exists():
            print(f"  {name:10} {pq.read_metadata(path).num_rows} rows")
    for d in docs:
        if d["status"] == "failed":
            print(f"  failed: {d['source']}: {d['error']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="vanban", description="Vietnamese decision texts into tables")
    ap.add_argument("--version", action="version", version=f"vanban {PIPELINE_VERSION}")
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="import documents and write the tables")
    run.add_argument("src", nargs="+", help="files or folders to import (recursively; zip archives opened)")
    run.add_argument("--out", default=str(PROCESSED_DIR), help="output folder (default data/processed)")
    run.add_argument("-v", "--verbose", action="store_true", help="print each file as it is done")
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing on success (no progress)")
    run.add_argument("-w", "--workers", type=int, default=os.cpu_count() or 1,
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
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
