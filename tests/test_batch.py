"""Batch import: one row per file, duplicates, re-runs that change nothing, resume after a crash."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch import run_batch

DOC = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: {n}/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Quảng Trị, ngày 18 tháng 01 năm 2024
QUYẾT ĐỊNH
Về việc giao nhiệm vụ số {n}
Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh kiểm tra công tác cải cách hành chính.
"""


def _write(folder: Path, n: int) -> None:
    for i in range(n):
        (folder / f"qd-{i:02d}.txt").write_text(DOC.format(n=100 + i), encoding="utf-8")


def _docs(out: Path) -> list[dict]:
    return pq.read_table(out / "documents.parquet").to_pylist()


def _catalog_version(out: Path) -> str:
    import sqlite3

    with sqlite3.connect(out / "catalog.sqlite") as db:
        (version,) = db.execute("SELECT DISTINCT pipeline_version FROM files").fetchone()
    return version


def _digest(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.*")) if p.suffix in (".csv", ".parquet")}


def test_every_input_file_gets_exactly_one_row_and_bad_ones_say_why(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    _write(src, 2)
    (src / "empty.txt").write_bytes(b"")
    (src / "sub" / "empty-too.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 10)
    (src / "sub" / "junk-too.txt").write_bytes(bytes(range(256)) * 10)
    (src / "fake.docx").write_text("không phải Word", encoding="utf-8")
    (src / "sub" / "copy.txt").write_bytes((src / "qd-00.txt").read_bytes())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../escape.txt", "x")
        zf.writestr("inner/qd.txt", DOC.format(n=999))
    (src / "delivery.zip").write_bytes(buf.getvalue())
    (src / "loop").symlink_to(src, target_is_directory=True)  # a symlink loop must not hang the walk

    run_batch([src], out)
    rows = {d["source"]: d for d in _docs(out)}
    assert rows["qd-00.txt"]["status"] == "ok" and rows["qd-00.txt"]["kind"] == "decision"
    assert rows["empty.txt"]["status"] == "empty"
    # copies of an empty or a broken file say what is wrong with them, not "duplicate"
    assert rows["sub/empty-too.txt"]["status"] == "empty" and rows["sub/empty-too.txt"]["error"]
    assert rows["sub/junk-too.txt"]["status"] == "failed" and "binary" in rows["sub/junk-too.txt"]["error"]
    assert rows["junk.txt"]["status"] == "failed" and "binary" in rows["junk.txt"]["error"]
    assert rows["fake.docx"]["status"] == "failed" and "not a Word file" in rows["fake.docx"]["error"]
    assert rows["sub/copy.txt"]["status"] == "duplicate" and rows["sub/copy.txt"]["duplicate_of"] == "qd-00.txt"
    assert rows["sub/copy.txt"]["kind"] == "decision"  # what the original is
    assert rows["delivery.zip/../escape.txt"]["error"].startswith("archive entry escapes")
    assert rows["delivery.zip/inner/qd.txt"]["status"] == "ok"
    real_files = {"qd-00.txt", "qd-01.txt", "empty.txt", "junk.txt", "fake.docx", "sub/copy.txt",
                  "sub/empty-too.txt", "sub/junk-too.txt",
                  "delivery.zip/../escape.txt", "delivery.zip/inner/qd.txt"}
    assert {s for s in rows if not s.startswith("loop/")} == real_files
    assert len(rows) == len({d["source"] for d in _docs(out)})


def test_rerun_processes_nothing_and_tables_stay_byte_identical(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _write(src, 3)
    run_batch([src], out)
    before = _digest(out)
    report = run_batch([src], out)
    assert report.processed == 0 and report.skipped == 3 and not report.tables_written
    assert _digest(out) == before


def test_changed_file_is_processed_again(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _write(src, 2)
    run_batch([src], out)
    (src / "qd-01.txt").write_text(DOC.format(n=555), encoding="utf-8")
    report = run_batch([src], out)
    assert report.processed == 1
    refs = pq.read_table(out / "references.parquet").to_pylist()
    assert "555/QĐ-UBND" in {r["ref"] for r in refs} and "101/QĐ-UBND" not in {r["ref"] for r in refs}
    assert len(_docs(out)) == 2


def test_batch_stopped_midway_resumes_without_loss_or_double_count(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _write(src, 6)
    done = []

    def crash_after_three(source, status):
        done.append(source)
        if len(done) == 3:
            raise KeyboardInterrupt  # Ctrl-C: the tables are never written, the catalog keeps what was recorded

    with pytest.raises(KeyboardInterrupt):
        run_batch([src], out, on_file=crash_after_three)
    assert not (out / "documents.parquet").exists()
    report = run_batch([src], out)
    assert report.processed == 3 and report.skipped == 3
    docs = _docs(out)
    assert sorted(d["source"] for d in docs) == [f"qd-{i:02d}.txt" for i in range(6)]
    assert all(d["status"] == "ok" for d in docs)
    tasks = pq.read_table(out / "tasks.parquet").to_pylist()
    assert len(tasks) == 6  # one task per document, none counted twice


def test_a_killed_run_loses_nothing_and_counts_nothing_twice(tmp_path):
    """SIGKILL while documents are being recorded (results are committed every half
    second): the next run reads again what was not committed, and the tables hold every
    file once."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    n = 1500
    for i in range(n):
        (src / f"qd-{i:04d}.txt").write_text(DOC.format(n=10000 + i), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out),
                             "--workers", "1", "--quiet"])
    recorded = 0
    deadline = time.monotonic() + 120
    while proc.poll() is None and not recorded and time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            with sqlite3.connect(out / "catalog.sqlite") as db:
                recorded = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            pass
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(out / "catalog.sqlite") as db:
        kept = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert 0 < kept < n  # killed midway, with some documents committed
    report = run_batch([src], out)
    assert report.skipped == kept and report.processed == n - kept
    docs = _docs(out)
    assert sorted(d["source"] for d in docs) == [f"qd-{i:04d}.txt" for i in range(n)]
    assert all(d["status"] == "ok" for d in docs)
    assert len(pq.read_table(out / "tasks.parquet")) == n  # one task per document, none twice


def test_csv_copy_follows_the_contract(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _write(src, 1)
    run_batch([src], out)
    header = (out / "tasks.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("doc_id,task_no,description,lead,co,deadline,deadline_text,source,start,end")
    line = (out / "tasks.csv").read_text(encoding="utf-8").splitlines()[1]
    assert "Văn phòng Ủy ban nhân dân tỉnh" in line


def _mixed_input(src: Path) -> None:
    """Documents, a duplicate, an empty file, broken input and a zip with an entry that
    copies a loose file: the cases where engines could disagree."""
    src.mkdir(parents=True)
    _write(src, 12)
    (src / "copy-of-03.txt").write_bytes((src / "qd-03.txt").read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a/qd-05.txt", (src / "qd-05.txt").read_bytes())
        z.writestr("a/new.txt", DOC.format(n=999))
    (src / "delivery.zip").write_bytes(buf.getvalue())


def test_two_workers_give_the_same_tables_as_one(tmp_path):
    src = tmp_path / "in"
    _mixed_input(src)
    one = run_batch([src], tmp_path / "one", workers=1)
    two = run_batch([src], tmp_path / "two", workers=2)
    assert (one.processed, dict(one.by_status)) == (two.processed, dict(two.by_status))
    assert dict(two.by_status) == {"ok": 13, "duplicate": 2, "empty": 1, "failed": 1}
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")


def test_dask_local_cluster_gives_the_same_tables(tmp_path):
    pytest.importorskip("dask.distributed")
    src = tmp_path / "in"
    _mixed_input(src)
    run_batch([src], tmp_path / "local", workers=1)
    report = run_batch([src], tmp_path / "dask", workers=2, engine="dask")
    assert report.engine == "dask" and report.processed == 17
    assert _digest(tmp_path / "local") == _digest(tmp_path / "dask")


def test_progress_hears_every_file_and_knows_the_total(tmp_path):
    src = tmp_path / "in"
    _mixed_input(src)
    seen = []
    run_batch([src], tmp_path / "out", workers=2, progress=lambda r: seen.append((r.files_done, r.total)))
    assert seen[-1] == (16, 16) and [d for d, _ in seen] == list(range(1, 17))


def test_cli_logs_plain_progress_lines_when_not_on_a_terminal(tmp_path, capsys):
    from pipeline.cli import Progress
    from pipeline.batch import BatchReport

    out = io.StringIO()
    p = Progress(out, every=0.0)
    p(BatchReport(total=10, files_done=4))
    assert out.getvalue().startswith("vanban: 4/10 files, ") and "0 failed" in out.getvalue()


def test_tables_are_written_in_parts_with_the_same_result(tmp_path):
    from pipeline.batch import table_chunks
    from pipeline.catalog import Catalog
    from pipeline.tables import write_tables

    src = tmp_path / "in"
    _mixed_input(src)
    run_batch([src], tmp_path / "out")
    cat = Catalog(tmp_path / "out")
    write_tables(tmp_path / "parts", table_chunks(cat, docs_per_chunk=3))
    cat.close()
    assert pq.ParquetFile(tmp_path / "parts" / "documents.parquet").num_row_groups == 6
    for name in ("documents", "tasks", "agencies"):
        assert (tmp_path / "parts" / f"{name}.csv").read_bytes() == (tmp_path / "out" / f"{name}.csv").read_bytes()
        assert pq.read_table(tmp_path / "parts" / f"{name}.parquet") == pq.read_table(tmp_path / "out" / f"{name}.parquet")


def test_csv_cells_quote_what_needs_quoting_and_read_back(tmp_path):
    """Commas, quotes, line breaks, `;`-joined lists, nulls, booleans and dates: the CSV a
    standard reader parses back to the table's values, written as Python's csv module would."""
    import csv

    from pipeline.models import SCHEMAS
    from pipeline.tables import to_arrow, write_tables

    tricky = ['a, b', 'say "yes"', 'line\nbreak', 'cr\rhere', '', None, 'plain', ' lead', '"', ',']
    n = len(tricky)
    cols = {}
    for f in SCHEMAS["tasks"]:
        if str(f.type).startswith("list"):
            cols[f.name] = [[v, "x"] if v else [] for v in tricky]
        elif str(f.type) == "string":
            cols[f.name] = list(tricky)
        else:
            cols[f.name] = [None] * n
    write_tables(tmp_path, [{"tasks": cols}])
    text = (tmp_path / "tasks.csv").read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == SCHEMAS["tasks"].names
    assert len(rows) == n + 1
    for i, row in enumerate(rows[1:]):
        for f, cell in zip(SCHEMAS["tasks"], row):
            value = cols[f.name][i]
            want = ";".join(value) if isinstance(value, list) else ("" if value is None else value)
            assert cell == want, (f.name, i)
    # byte for byte what the csv module writes, quoting a lone CR too (it quotes the
    # characters of its line terminator: written with CRLF, which no cell holds, then LF)
    buf = io.StringIO()
    table = to_arrow("tasks", cols)
    csv.writer(buf, lineterminator="\r\n").writerows(
        [["" if v is None else ";".join(v) if isinstance(v, list) else v for v in r.values()]
         for r in table.to_pylist()])
    assert text.split("\n", 1)[1] == buf.getvalue().replace("\r\n", "\n")


def test_results_stored_by_earlier_versions_read_the_same(tmp_path):
    """A catalog keeps results across pipeline upgrades: zstd JSON columns (now), zlib JSON
    columns and plain JSON row objects (earlier) give the same document result."""
    import json
    import zlib

    from pipeline.catalog import Catalog, _rows

    src = tmp_path / "in"
    src.mkdir()
    _write(src, 1)
    run_batch([src], tmp_path / "out")
    cat = Catalog(tmp_path / "out")
    stored = cat.db.execute("SELECT rows FROM results").fetchone()[0]
    cat.close()
    now = _rows(stored)
    assert now["tasks"]["lead"] and now["document"]["kind"] == "decision"
    as_rows = {"document": [now["document"]]}
    for name, cols in now.items():
        if name != "document":
            n = len(next(iter(cols.values()), []))
            as_rows[name] = [{"doc_id": "x", **{k: v[i] for k, v in cols.items()}} for i in range(n)]
    assert _rows(zlib.compress(json.dumps(now, ensure_ascii=False).encode("utf-8"))) == now

    def filled(res: dict) -> dict:  # a table without rows has no columns in the row-object form
        return {k: v for k, v in res.items() if k == "document" or any(v.values())}

    assert filled(_rows(json.dumps(as_rows, ensure_ascii=False))) == filled(now)
    assert filled(_rows(zlib.compress(json.dumps(as_rows).encode("utf-8")))) == filled(now)


def test_changed_rules_read_every_file_again(tmp_path):
    """An analyst adds an agency to rules/agencies.csv: the next run into the same folder
    reads every file again with the new rules (the files did not change, the rules did);
    the run after that reads nothing."""
    import shutil

    from pipeline.config import RULES_DIR
    from pipeline.rules import load_rules

    src, out, rules_dir = tmp_path / "in", tmp_path / "out", tmp_path / "rules"
    src.mkdir()
    shutil.copytree(RULES_DIR, rules_dir)
    _write(src, 2)
    (src / "new.txt").write_text("Giao Trung tâm Lưu trữ lịch sử tỉnh chủ trì số hóa tài liệu lưu trữ.\n",
                                 encoding="utf-8")
    first = run_batch([src], out, load_rules(rules_dir))
    assert first.processed == 3
    names = {a["name"] for a in pq.read_table(out / "agencies.parquet").to_pylist()}
    assert "Trung tâm Lưu trữ lịch sử tỉnh Quảng Trị" not in names

    with open(rules_dir / "agencies.csv", "a", encoding="utf-8") as fh:
        fh.write("Trung tâm Lưu trữ lịch sử tỉnh Quảng Trị,province,Trung tâm Lưu trữ lịch sử tỉnh\n")
    load_rules.cache_clear()  # a new run starts a new process; here the cache must forget
    new_rules = load_rules(rules_dir)
    assert new_rules.version != _catalog_version(out)
    again = run_batch([src], out, new_rules)
    assert (again.processed, again.skipped) == (3, 0)
    names = {a["name"] for a in pq.read_table(out / "agencies.parquet").to_pylist()}
    assert "Trung tâm Lưu trữ lịch sử tỉnh Quảng Trị" in names
    assert len(_docs(out)) == 3
    third = run_batch([src], out, new_rules)
    assert (third.processed, third.skipped) == (0, 3)


def test_a_worker_with_other_code_or_rules_refuses_the_work():
    """On a cluster, a machine with another vanban or other rules would record results
    under a version that did not make them: it stops the run with a reason instead."""
    from pipeline.batch import WorkerMismatch, process_jobs
    from pipeline.rules import load_rules

    assert process_jobs([], None, load_rules().version) == []
    with pytest.raises(WorkerMismatch, match="install the same vanban and rules"):
        process_jobs([], None, "0.0.1+000000000000")


def test_two_folders_holding_the_same_names_keep_every_file(tmp_path):
    """`vanban run r1 r2`: sources are relative to the folder holding both, so r2's qd-00.txt
    never replaces r1's; run again, nothing is new and nothing is lost."""
    r1, r2, out = tmp_path / "r1", tmp_path / "r2", tmp_path / "out"
    r1.mkdir(), r2.mkdir()
    (r1 / "qd.txt").write_text(DOC.format(n=101), encoding="utf-8")
    (r2 / "qd.txt").write_text(DOC.format(n=202), encoding="utf-8")
    report = run_batch([r1, r2], out)
    assert report.processed == 2
    assert sorted(d["source"] for d in _docs(out)) == ["r1/qd.txt", "r2/qd.txt"]
    refs = {r["ref"] for r in pq.read_table(out / "references.parquet").to_pylist()}
    assert {"101/QĐ-UBND", "202/QĐ-UBND"} <= refs
    again = run_batch([r1, r2], out)
    assert again.processed == 0 and again.skipped == 2 and len(_docs(out)) == 2


def test_two_files_of_one_name_from_two_folders_both_get_a_row(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "qd.txt").write_text(DOC.format(n=101), encoding="utf-8")
    (tmp_path / "b" / "qd.txt").write_text(DOC.format(n=202), encoding="utf-8")
    run_batch([tmp_path / "a" / "qd.txt", tmp_path / "b" / "qd.txt"], tmp_path / "out")
    assert sorted(d["source"] for d in _docs(tmp_path / "out")) == ["a/qd.txt", "b/qd.txt"]


def test_a_file_given_twice_or_inside_another_input_is_read_once(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    _write(src, 2)
    _write(src / "sub", 1)
    report = run_batch([src, src / "sub", src, src / "qd-00.txt"], tmp_path / "out")
    assert report.seen == 3
    assert sorted(d["source"] for d in _docs(tmp_path / "out")) == ["qd-00.txt", "qd-01.txt", "sub/qd-00.txt"]


def test_files_given_one_by_one_keep_their_bare_names(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _write(src, 2)
    run_batch([src / "qd-00.txt", src / "qd-01.txt"], tmp_path / "out")
    assert sorted(d["source"] for d in _docs(tmp_path / "out")) == ["qd-00.txt", "qd-01.txt"]
