"""The analyst's view: report.html (opened in headless Chromium) and vanban.duckdb."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import report as report_mod
from pipeline.batch import run_batch
from pipeline.config import RAW_DIR, ROOT
from pipeline.duck import write_duckdb
from pipeline.report import write_report

SAMPLES = sorted(p for p in RAW_DIR.iterdir() if p.suffix in (".txt", ".html"))


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    run_batch(SAMPLES, out)
    write_duckdb(out)
    write_report(out)
    return out


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        pytest.skip("Chromium is not installed (make setup installs Debian's chromium)")
    return exe


def _browse(url: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    """Headless Chromium with the flags this machine's closed network needs."""
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=5000", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line and re.search(r"Uncaught|Error", line)]


def test_page_is_self_contained(out):
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"https?:", page), "nothing may load from a network"
    assert page.count("<svg") == 4  # the four charts are drawn into the page
    assert "Sở Nội vụ" in page


def test_report_renders_charts_tasks_and_highlights_in_chromium(out, tmp_path):
    res = _browse((out / "report.html").as_uri(), tmp_path, "--dump-dom")
    dom = res.stdout
    assert 'data-ready="1"' in dom, res.stderr[-2000:]
    assert "data-errors" not in dom and not _console_errors(res.stderr)
    assert len(re.findall(r'<rect [^>]*fill="#3a78b5"', dom)) >= 4
    task_rows = re.findall(r'<tr id="tasks-', dom)
    assert len(task_rows) >= 5
    for kind in ("reference", "date", "agency", "count"):
        assert f'<mark class="{kind}"' in dom, f"no {kind} highlighted"
    assert '<span class="task"' in dom
    marks = re.findall(r'<mark class="agency"[^>]*><a href="#(agencies-[^"]+)"', dom)
    assert marks and all(f'id="{m}"' in dom for m in marks), "every highlight links to its row"

    shot = ROOT / "build" / "report-screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    _browse((out / "report.html").as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1300,2400")
    assert shot.stat().st_size > 20_000


def test_large_runs_load_each_document_on_demand(out, tmp_path, monkeypatch):
    monkeypatch.setattr(report_mod, "INLINE_DOCS", 1)
    lazy = tmp_path / "lazy"
    shutil.copytree(out, lazy)
    write_report(lazy)
    files = sorted((lazy / "report_files").glob("doc-*.js"))
    assert len(files) == len(SAMPLES)
    page = (lazy / "report.html").read_text(encoding="utf-8")
    assert '"inline": {}' in page and len(page) < (out / "report.html").stat().st_size
    doc_id = files[-1].stem[4:]
    res = _browse((lazy / "report.html").as_uri() + f"#doc/{doc_id}", tmp_path, "--dump-dom")
    assert '<mark class="agency"' in res.stdout and not _console_errors(res.stderr)


def test_duckdb_views_answer_questions(out):
    import duckdb

    con = duckdb.connect(str(out / "vanban.duckdb"), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "tasks", "agencies", "references", "tasks_with_document", "overdue_tasks"} <= tables
    n_tasks = con.execute("SELECT count(*) FROM tasks").fetchone()[0]
    assert n_tasks == con.execute("SELECT count(*) FROM tasks_with_document").fetchone()[0] > 0
    number = con.execute("SELECT DISTINCT document_number FROM tasks_with_document "
                         "WHERE document_source LIKE 'qd-%' AND document_number IS NOT NULL").fetchall()
    assert number == [("215/QĐ-UBND",)]
    days = dict(con.execute("SELECT deadline, deadline_day::VARCHAR FROM task_deadlines").fetchall())
    assert days["2024-Q3"] == "2024-09-30" and days["2024-09-30"] == "2024-09-30"
    late, not_late = con.execute("SELECT count(*), count(*) FILTER (WHERE deadline_day >= current_date) "
                                 "FROM overdue_tasks").fetchone()
    assert late > 0 and not_late == 0  # the samples' deadlines are all in 2024
    con.close()
