"""Archive-grade import: a fault corpus made here, in a temporary folder, of what real
office shares hold — names in legacy encodings, zips without the UTF-8 flag, FIFOs, links
to devices, an empty zip. Every file gets exactly one row, the run ends, a re-run changes
nothing."""
from __future__ import annotations

import hashlib
import io
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.ingest.archive import expand_zip
from pipeline.ingest.encodings import encode_text
from pipeline.ingest.names import readable_name

DOC = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: {n}/QĐ-UBND
QUYẾT ĐỊNH
Về việc giao nhiệm vụ số {n}
Giao Sở Nội vụ chủ trì kiểm tra công tác cải cách hành chính.
"""

NAMES = ["Quyết định giao nhiệm vụ năm 2024.txt", "Kế hoạch số 12.txt", "Báo cáo tổng kết.txt",
         "Đề án.txt", "Ủy ban nhân dân tỉnh.txt", "Tờ trình.txt"]


@pytest.mark.parametrize("encoding", ["windows-1258", "tcvn3", "vni"])
def test_a_legacy_encoded_name_reads_as_the_vietnamese_it_was(encoding):
    for name in NAMES:
        assert readable_name(encode_text(name, encoding)) == name


def test_names_in_no_vietnamese_encoding_still_read_sensibly():
    assert readable_name("Résumé Ñandú.txt".encode("cp437")) == "Résumé Ñandú.txt"
    assert readable_name("Quyết định.txt".encode()) == "Quyết định.txt"
    assert readable_name(b"th\xff\xfe/a.txt").endswith("/a.txt")  # each part on its own, never fails


def _zip_with_stored_names(entries: list[tuple[bytes, str]], extra: dict[bytes, bytes] | None = None) -> bytes:
    """A zip whose entry names are these bytes as stored, without the UTF-8 flag (as old
    Windows zip tools wrote them): written with ASCII stand-ins of the same length, which
    are then replaced in the local headers and the central directory."""
    buf = io.BytesIO()
    stand_ins = []
    with zipfile.ZipFile(buf, "w") as zf:
        for i, (raw, text) in enumerate(entries):
            stand_in = (f"{i:02d}" + "x" * len(raw))[:len(raw)].encode()
            assert len(raw) >= 3
            stand_ins.append((stand_in, raw))
            info = zipfile.ZipInfo(stand_in.decode())
            if extra and raw in extra:
                info.extra = extra[raw]
            zf.writestr(info, text.encode("utf-8"))
    data = buf.getvalue()
    for stand_in, raw in stand_ins:
        assert data.count(stand_in) == 2
        data = data.replace(stand_in, raw)
    return data


def _unicode_path_field(stored: bytes, name: str) -> bytes:
    body = b"\x01" + struct.pack("<L", zlib.crc32(stored)) + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def test_zip_entries_without_the_utf8_flag_get_readable_names_and_keep_their_bytes():
    cp1258 = encode_text("Quyết định số 7.txt", "windows-1258")
    tcvn3 = encode_text("Kế hoạch số 8.txt", "tcvn3")
    western = "Résumé.txt".encode("cp437")
    flagged = encode_text("Tờ trình.txt", "windows-1258")  # with an Info-ZIP Unicode Path field
    data = _zip_with_stored_names([(cp1258, "a"), (tcvn3, "b"), (western, "c"), (flagged, "d")],
                                  {flagged: _unicode_path_field(flagged, "Tờ trình (gốc).txt")})
    entries = {e.name: e for e in expand_zip(data)}
    assert set(entries) == {"Quyết định số 7.txt", "Kế hoạch số 8.txt", "Résumé.txt", "Tờ trình (gốc).txt"}
    assert entries["Quyết định số 7.txt"].raw == cp1258
    assert entries["Kế hoạch số 8.txt"].raw == tcvn3 and entries["Kế hoạch số 8.txt"].data == b"b"
    assert entries["Tờ trình (gốc).txt"].raw == flagged


def test_two_zip_entries_that_read_alike_are_two_rows():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "một")
        with pytest.warns(UserWarning):  # zipfile warns of the duplicate name, and stores it
            zf.writestr("a.txt", "hai")
    names = [e.name for e in expand_zip(buf.getvalue())]
    assert names == ["a.txt", "a.txt~2"]


def _fault_corpus(src: Path) -> tuple[set[str], dict[str, bytes]]:
    """The corpus; returns the sources expected and, for names that are not UTF-8, their
    raw bytes (relative path)."""
    src.mkdir(parents=True)
    bsrc = os.fsencode(src)
    raw_names = {
        "Quyết định số 101.txt": encode_text("Quyết định số 101.txt", "windows-1258"),
        "Kế hoạch số 102.txt": encode_text("Kế hoạch số 102.txt", "tcvn3"),
        "Tờ trình số 103.txt": encode_text("Tờ trình số 103.txt", "vni"),
    }
    for i, raw in enumerate(raw_names.values()):
        with open(bsrc + b"/" + raw, "w", encoding="utf-8") as fh:
            fh.write(DOC.format(n=101 + i))
    # a UTF-8 name beside a cp1258 name that reads the same: two files, two rows
    (src / "Đề án.txt").write_text(DOC.format(n=104), encoding="utf-8")
    clash = encode_text("Đề án.txt", "windows-1258")
    with open(bsrc + b"/" + clash, "w", encoding="utf-8") as fh:
        fh.write(DOC.format(n=105))
    # a folder with a TCVN3 name
    folder = encode_text("Văn bản đến", "tcvn3")
    os.mkdir(bsrc + b"/" + folder)
    with open(bsrc + b"/" + folder + b"/qd-106.txt", "w", encoding="utf-8") as fh:
        fh.write(DOC.format(n=106))
    zip_names = [(encode_text("Quyết định số 107.txt", "windows-1258"), DOC.format(n=107)),
                 (encode_text("Kế hoạch số 108.txt", "tcvn3"), DOC.format(n=108)),
                 ("Résumé.txt".encode("cp437"), DOC.format(n=109))]
    (src / "giao-nhan.zip").write_bytes(_zip_with_stored_names(zip_names))
    with zipfile.ZipFile(src / "rong.zip", "w"):
        pass  # an empty zip
    os.mkfifo(src / "ong.fifo")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "gone.txt").symlink_to(src / "no-such-file")
    expected = {"Quyết định số 101.txt", "Kế hoạch số 102.txt", "Tờ trình số 103.txt", "Đề án.txt",
                "Văn bản đến/qd-106.txt", "giao-nhan.zip/Quyết định số 107.txt",
                "giao-nhan.zip/Kế hoạch số 108.txt", "giao-nhan.zip/Résumé.txt", "rong.zip",
                "ong.fifo", "zero.txt", "gone.txt"}
    raws = {**raw_names, "Văn bản đến/qd-106.txt": folder + b"/qd-106.txt"}
    raws.update({f"giao-nhan.zip/{readable_name(r)}": b"giao-nhan.zip/" + r for r, _ in zip_names})
    return expected, raws


def _run(src: Path, out: Path) -> subprocess.CompletedProcess:
    """`vanban run` as an archivist runs it; a hang fails the test instead of stalling it."""
    return subprocess.run([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
                          capture_output=True, text=True, timeout=240)


def _digest(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.iterdir()) if p.suffix in (".csv", ".parquet")}


def test_fault_corpus_every_file_one_row_no_hang_rerun_byte_identical(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    expected, raws = _fault_corpus(src)
    first = _run(src, out)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    rows = {d["source"]: d for d in docs}
    assert len(rows) == len(docs)  # one row per file, none shared
    clash = [s for s in rows if s.startswith("Đề án.txt~")]
    assert len(clash) == 1 and set(rows) == expected | set(clash)
    for source in expected - {"ong.fifo", "zero.txt", "gone.txt", "rong.zip"}:
        assert rows[source]["status"] == "ok", (source, rows[source]["error"])
    # the raw bytes are kept: the file can be found on disk again from its row
    for source, raw in raws.items():
        assert bytes.fromhex(rows[source]["source_raw"]) == raw
        if not source.startswith("giao-nhan.zip/"):
            assert os.path.isfile(os.fsencode(src) + b"/" + raw)
    assert bytes.fromhex(rows[clash[0]]["source_raw"]) == encode_text("Đề án.txt", "windows-1258")
    assert rows["Đề án.txt"]["source_raw"] is None  # a UTF-8 name is its own source
    assert rows["ong.fifo"]["status"] == "failed" and "named pipe" in rows["ong.fifo"]["error"]
    assert rows["zero.txt"]["status"] == "failed" and "/dev/zero" in rows["zero.txt"]["error"]
    assert rows["gone.txt"]["status"] == "failed" and "broken link" in rows["gone.txt"]["error"]
    assert rows["rong.zip"]["status"] == "empty" and "no files" in rows["rong.zip"]["error"]
    # every table is readable as UTF-8 text
    for csv in out.glob("*.csv"):
        csv.read_text(encoding="utf-8")
    before = _digest(out)
    second = _run(src, out)
    assert second.returncode == 0, second.stderr
    assert "0 processed" in second.stdout
    assert _digest(out) == before


def test_a_file_swapped_for_a_fifo_after_the_walk_is_refused_not_waited_on(tmp_path):
    from pipeline.batch import Job, process_job
    from pipeline.rules import load_rules

    fifo = tmp_path / "was-a-file.txt"
    os.mkfifo(fifo)
    res = process_job(Job(str(fifo), "was-a-file.txt", 10, 0), load_rules())
    (done,) = res.docs
    assert done.outcome.status == "failed" and "named pipe" in done.outcome.error


def _processes_in_group(pgid: int) -> list[tuple[int, str]]:
    """Live processes of a process group, from /proc (pid, command line)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            out.append((int(entry), cmd))
    return out


def _start_big_run(tmp_path: Path) -> subprocess.Popen:
    """A real 2-worker `vanban run` over 3,000 texts, in a process group of its own, once
    its workers are at work (the main process, the forkserver, 2 workers)."""
    import time

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    body = DOC * 12
    for i in range(3000):
        (src / f"qd-{i:04d}.txt").write_text(body.replace("{n}", str(i)), encoding="utf-8")
    import signal

    # as from a terminal, in the foreground: SIGINT at its default even when the tests run as a
    # background job (a shell starts those with SIGINT ignored, and a child inherits that)
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "2",
                            "-q"], start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while len(_processes_in_group(run.pid)) < 4 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)
    started = _processes_in_group(run.pid)
    assert run.poll() is None, "the run ended before it could be stopped: give it more files"
    assert sum("forkserver" in cmd for _, cmd in started) >= 3, started  # the forkserver and 2 workers
    return run


def _survivors(pgid: int, seconds: float = 5.0) -> list[tuple[int, str]]:
    import time

    left = _processes_in_group(pgid)
    until = time.monotonic() + seconds
    while left and time.monotonic() < until:
        time.sleep(0.2)
        left = _processes_in_group(pgid)
    return left


def _cleanup(run: subprocess.Popen) -> None:
    import signal

    if run.poll() is None:
        run.kill()
    for pid, _ in _processes_in_group(run.pid):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_a_run_leaves_no_worker_forkserver_or_tracker_alive(tmp_path):
    import signal

    run = _start_big_run(tmp_path)
    try:
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        left = _survivors(run.pid)
        assert left == [], f"processes of the killed run still alive: {left}"
    finally:
        _cleanup(run)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_a_run_at_once_with_one_line_and_no_process_left(tmp_path):
    import signal

    run = _start_big_run(tmp_path)
    try:
        os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
        _, err = run.communicate(timeout=30)
        assert run.returncode == 130
        assert err.decode().strip().splitlines() == [
            "vanban: interrupted; what was recorded is kept: run the same command again to finish"]
        assert _survivors(run.pid) == []
    finally:
        _cleanup(run)
    # what was recorded is kept: the same command finishes the rest
    done = _run(tmp_path / "in", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert pq.read_metadata(tmp_path / "out" / "documents.parquet").num_rows == 3000


def test_a_folder_that_cannot_be_listed_gets_a_failed_row_not_silence(tmp_path, monkeypatch):
    from pipeline.batch import run_batch

    src = tmp_path / "in"
    (src / "khoa").mkdir(parents=True)  # as a share's folder without read permission
    (src / "khoa" / "mat.txt").write_text(DOC.format(n=1), encoding="utf-8")
    (src / "qd.txt").write_text(DOC.format(n=2), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("khoa"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root runs the tests: chmod would not stop it
    run_batch([src], tmp_path / "out")
    rows = {d["source"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert set(rows) == {"khoa", "qd.txt"}
    assert rows["khoa"]["status"] == "failed" and "cannot read the folder: Permission denied" in rows["khoa"]["error"]
