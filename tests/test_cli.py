"""The command line: a user's mistake or a bad file is one line on stderr and an exit code
(the README's Commands section lists them), never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.batch import run_batch
from pipeline.ingest.encodings import encode_text

DOC = "QUYẾT ĐỊNH\nSố: {n}/QĐ-UBND\nGiao Sở Nội vụ chủ trì kiểm tra công tác cải cách hành chính.\n"


def _vanban(*args: str | bytes, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, timeout=180,
                          env={**os.environ, **(env or {})}, **kw)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("vanban: ")
    return lines[0]


@pytest.fixture
def tables(tmp_path) -> Path:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(3):
        (src / f"qd-{i}.txt").write_text(DOC.format(n=i + 1), encoding="utf-8")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 4)
    run_batch([src], out)
    return out


def test_show_on_a_folder_without_tables_is_one_line_and_exit_2_not_a_traceback(tmp_path):
    res = _vanban("show", str(tmp_path))
    assert res.returncode == cli.EXIT_USAGE == 2
    line = _one_line(res.stderr.decode())
    assert "holds no tables" in line and "vanban run" in line
    assert b"Traceback" not in res.stderr and res.stdout == b""


@pytest.mark.parametrize("command", ["show", "report"])
def test_show_and_report_on_a_missing_folder_exit_2(tmp_path, capsys, command):
    assert cli.main([command, str(tmp_path / "nothing")]) == cli.EXIT_USAGE
    assert "no such folder" in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["show", "report"])
def test_a_damaged_table_is_exit_3_with_the_reason(tables, capsys, command):
    (tables / "documents.parquet").write_bytes(b"not parquet at all")
    assert cli.main([command, str(tables)]) == cli.EXIT_DATA == 3
    line = _one_line(capsys.readouterr().err)
    assert "cannot be read" in line and str(tables) in line


def test_show_summarises_a_good_folder(tables, capsys):
    assert cli.main(["show", str(tables)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "4 documents" in out and "failed: junk.txt: binary data" in out


def test_run_mistakes_exit_2_with_one_line(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "no-such-input"), "--out", str(tmp_path / "out")]) == cli.EXIT_USAGE
    assert "no such input" in _one_line(capsys.readouterr().err)
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "in").mkdir()
    assert cli.main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "a-file")]) == cli.EXIT_USAGE
    assert "is a file, not a folder" in _one_line(capsys.readouterr().err)
    with pytest.raises(SystemExit) as stop:  # argparse: usage and one error line
        cli.main(["run", str(tmp_path / "in"), "--workers", "0"])
    assert stop.value.code == cli.EXIT_USAGE
    assert "must be 1 or more" in capsys.readouterr().err


def test_run_into_a_damaged_catalog_is_exit_3(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "qd.txt").write_text(DOC.format(n=1), encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "catalog.sqlite").write_bytes(b"this is no database" * 100)
    assert cli.main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q", "-w", "1"]) == cli.EXIT_DATA
    line = _one_line(capsys.readouterr().err)
    assert "catalog" in line and "not a database" in line


def test_an_unreachable_dask_scheduler_is_exit_4(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "qd.txt").write_text(DOC.format(n=1), encoding="utf-8")
    res = _vanban("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q", "--engine", "dask",
                  "--scheduler", "tcp://127.0.0.1:9", env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert res.returncode == cli.EXIT_CLUSTER == 4, res.stderr
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in _one_line(res.stderr.decode())


def test_an_internal_error_is_one_line_exit_1_and_a_traceback_only_when_asked(tmp_path, capsys, monkeypatch):
    import pipeline.batch

    def broken(*args, **kw):
        raise RuntimeError("something vanban did wrong")

    monkeypatch.setattr(pipeline.batch, "run_batch", broken)
    (tmp_path / "in").mkdir()
    args = ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"]
    assert cli.main(args) == cli.EXIT_INTERNAL
    line = _one_line(capsys.readouterr().err)
    assert "internal error: RuntimeError: something vanban did wrong" in line and "VANBAN_DEBUG" in line
    monkeypatch.setenv("VANBAN_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(args)


def test_a_name_that_is_not_utf8_is_printed_not_a_crash(tmp_path):
    missing = os.fsencode(tmp_path) + b"/" + encode_text("Quyết định.txt", "windows-1258")
    res = _vanban(b"run", missing, "--out", str(tmp_path / "out"))
    assert res.returncode == cli.EXIT_USAGE, res.stderr
    assert "no such input" in _one_line(res.stderr.decode())


def test_inputs_may_have_any_name_the_output_folder_needs_a_utf8_one(tmp_path):
    legacy = os.fsencode(tmp_path) + b"/" + encode_text("Thư mục đến", "windows-1258")
    os.mkdir(legacy)
    with open(legacy + b"/qd.txt", "w", encoding="utf-8") as fh:
        fh.write(DOC.format(n=1))
    ok = _vanban(b"run", legacy, "--out", str(tmp_path / "out"), "-q", "-w", "1")
    assert ok.returncode == 0, ok.stderr
    res = _vanban(b"run", legacy, "--out", os.fsencode(tmp_path) + b"/" + encode_text("Kết quả", "tcvn3"))
    assert res.returncode == cli.EXIT_USAGE
    line = _one_line(res.stderr.decode())
    assert "Kết quả" in line and "not UTF-8" in line


def test_a_closed_pipe_ends_show_quietly(tables):
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "show", str(tables)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # `vanban show DIR | head -0`
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == cli.EXIT_BROKEN_PIPE
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err
