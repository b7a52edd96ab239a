"""Golden documents: the bundled samples (data/raw, written by us) through the whole
pipeline; the extracted tables must equal tests/golden/*.csv. Set VANBAN_UPDATE_GOLDEN=1
to rewrite them after a deliberate change, and review the diff."""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.config import RAW_DIR

GOLDEN = Path(__file__).resolve().parent / "golden"
COLUMNS = {
    "documents": ["source", "status", "kind", "title", "published_date", "issuer"],
    "references": ["source", "ref", "doc_type", "issued_date", "role"],
    "dates": ["source", "value", "granularity", "year_inferred", "role", "text"],
    "agencies": ["source", "name", "surface", "level"],
    "tasks": ["source", "task_no", "lead", "co", "deadline", "deadline_text", "source_kind", "section", "description"],
    "counts": ["source", "count", "unit", "status", "qualifier", "of_total", "scope"],
    "sections": ["source", "path", "kind", "label", "depth", "heading"],
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    src = tmp_path_factory.mktemp("samples")
    for p in sorted(RAW_DIR.glob("*.txt")) + sorted(RAW_DIR.glob("*.html")):
        shutil.copy(p, src / p.name)
    out = tmp_path_factory.mktemp("out")
    run_batch([src], out)
    rows = {}
    sources = {}
    with open(out / "documents.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            sources[r["doc_id"]] = r["source"]
    for name, cols in COLUMNS.items():
        with open(out / f"{name}.csv", encoding="utf-8") as fh:
            got = []
            for r in csv.DictReader(fh):
                r["source_kind"] = r.get("source", "") if name == "tasks" else ""
                r["source"] = sources.get(r.get("doc_id"), r.get("source"))
                got.append([r.get(c, "") for c in cols])
        rows[name] = got
    return rows


@pytest.mark.parametrize("name", list(COLUMNS))
def test_sample_tables_match_golden(tables, name):
    path = GOLDEN / f"{name}.csv"
    if os.environ.get("VANBAN_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(COLUMNS[name])
            w.writerows(tables[name])
    with open(path, encoding="utf-8") as fh:
        expected = list(csv.reader(fh))[1:]
    assert tables[name] == expected
