"""The command line: the only place that prints.

    vanban run SRC... [--out DIR]     import documents, write the tables
    vanban show DIR                   summary of an output folder
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from pipeline.config import PIPELINE_VERSION, PROCESSED_DIR


def _summary(report, out_dir: Path) -> str:
    lines = [f"vanban {PIPELINE_VERSION}: {report.seen} files seen, {report.processed} processed, "
             f"{report.skipped} unchanged, in {report.seconds:.1f} s"]
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

    report = run_batch([Path(s) for s in args.src], Path(args.out), rules, on_file)
    if not args.quiet:
        print(_summary(report, Path(args.out)))
    return 0


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
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    run.set_defaults(func=cmd_run)
    show = sub.add_parser("show", help="summarise an output folder")
    show.add_argument("dir", nargs="?", default=str(PROCESSED_DIR))
    show.set_defaults(func=cmd_show)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
